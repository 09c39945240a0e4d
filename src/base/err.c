/* err.c: the one way holobench reports problems; the interface and its rules are in err.h. */
#include "err.h"

#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Process-wide by nature: stderr is one stream and -q/-v apply to the whole command. */
static int verbosity = 1;
static int n_errors, n_warnings;

/* Per input file: the problems printed and those held back by the cap (set_max_errors). */
struct file_count {
    char *file;
    long long shown, hidden;
};
static struct {
    int max;
    struct file_count *v;
    size_t n, alloc;
} cap = {MAX_ERRORS_DEFAULT, NULL, 0, 0};

void set_max_errors(int max)
{
    cap.max = max;
}

/* The `… and N more` line of every file other than `file` (NULL: of all). */
static void summarize_others(const char *file)
{
    size_t i;
    for (i = 0; i < cap.n; i++)
        if (cap.v[i].hidden && (!file || strcmp(cap.v[i].file, file))) {
            fprintf(stderr, "\xe2\x80\xa6 and %lld more in %s\n", cap.v[i].hidden, cap.v[i].file);
            cap.v[i].hidden = 0;
        }
}

/* Whether a message about `loc` is printed; counts it against its file's cap. */
static int within_cap(const struct srcloc *loc)
{
    const char *file = loc && loc->file ? loc->file : NULL;
    size_t i;
    summarize_others(file);
    if (!file || !cap.max)
        return 1;
    for (i = 0; i < cap.n && strcmp(cap.v[i].file, file); i++)
        ;
    if (i == cap.n) {
        ALLOC_GROW(cap.v, cap.n + 1, cap.alloc);
        cap.v[cap.n++] = (struct file_count){xstrdup(file), 0, 0};
    }
    if (cap.v[i].shown < cap.max)
        return ++cap.v[i].shown, 1;
    return ++cap.v[i].hidden, 0;
}

void error_summary(void)
{
    size_t i;
    summarize_others(NULL);
    for (i = 0; i < cap.n; i++)
        free(cap.v[i].file);
    free(cap.v);
    cap.v = NULL, cap.n = cap.alloc = 0;
}

static void vreport(const char *prefix, const struct srcloc *loc, const char *fmt, va_list ap)
{
    if (!within_cap(loc))
        return;
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
    summarize_others(NULL);
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
