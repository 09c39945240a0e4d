#include "err.h"

#include <stdio.h>
#include <stdlib.h>

/* Process-wide by nature: stderr is one stream and -q/-v apply to the whole command. */
static int verbosity = 1;
static int n_errors, n_warnings;

static void vreport(const char *prefix, const struct srcloc *loc, const char *fmt, va_list ap)
{
    fflush(stdout);
    if (loc && loc->file) {
        fputs(loc->file, stderr);
        if (loc->line > 0)
            fprintf(stderr, ":%d", loc->line);
        if (loc->line > 0 && loc->col > 0)
            fprintf(stderr, ":%d", loc->col);
        fputs(": ", stderr);
    }
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport("error: ", NULL, fmt, ap);
    va_end(ap);
    n_errors++;
    return -1;
}

int error_at(const struct srcloc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(loc && loc->file ? "" : "error: ", loc, fmt, ap);
    va_end(ap);
    n_errors++;
    return -1;
}

void warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport("warning: ", NULL, fmt, ap);
    va_end(ap);
    n_warnings++;
}

void warning_at(const struct srcloc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport("warning: ", loc, fmt, ap);
    va_end(ap);
    n_warnings++;
}

void say(int level, const char *fmt, ...)
{
    va_list ap;
    if (verbosity < level)
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

void set_verbosity(int level)
{
    verbosity = level;
}

int get_verbosity(void)
{
    return verbosity;
}

int error_count(void)
{
    return n_errors;
}

int warning_count(void)
{
    return n_warnings;
}

void bug_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "BUG: %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
