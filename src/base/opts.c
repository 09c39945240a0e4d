/* opts.c: command-line options, declared as a table so that help is generated from it; the
 * interface and its rules are in opts.h. */
#include "opts.h"

#include "err.h"
#include "util.h"
#include "xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static int quiet_, verbose_;
static const char *max_errors_;
static const struct opt common_opts[] = {
    OPT_BOOL('q', "quiet", &quiet_, "print only errors on stderr"),
    OPT_BOOL('v', "verbose", &verbose_, "print more detail on stderr"),
    OPT_STRING(0, "max-errors", &max_errors_, "N",
               "print N problems per input file, then count the rest "
               "(default 50, 0: all)"),
    OPT_END(),
};

void strlist_add(struct strlist *l, const char *s)
{
    size_t n, i;
    char **parts = split_list(s, &n);
    for (i = 0; i < n; i++) {
        ALLOC_GROW(l->v, l->n + 1, l->alloc);
        l->v[l->n++] = parts[i];
    }
    free(parts);
}

void strlist_clear(struct strlist *l)
{
    size_t i;
    for (i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->alloc = 0;
}

int usage_error(const struct cmd_info *ci, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nsee 'holobench %s --help'\n", ci->name);
    return EXIT_USAGE;
}

static const struct opt *find_long(const struct opt *opts, const char *name, size_t len)
{
    for (; opts->kind != OPT_END; opts++)
        if (opts->long_name && strlen(opts->long_name) == len &&
            !strncmp(opts->long_name, name, len))
            return opts;
    return NULL;
}

static const struct opt *find_short(const struct opt *opts, char c)
{
    for (; opts->kind != OPT_END; opts++)
        if (opts->short_name == c)
            return opts;
    return NULL;
}

static void apply(const struct opt *o, const char *val)
{
    switch (o->kind) {
    case OPT_BOOL:
        *(int *)o->value = 1;
        break;
    case OPT_STRING:
        *(const char **)o->value = val;
        break;
    case OPT_LIST:
        strlist_add(o->value, val);
        break;
    case OPT_END:
        BUG("OPT_END applied");
    }
}

/* Handles argv[*i]; returns 0, or OPTS_USAGE after printing. */
static int parse_one(int argc, char **argv, int *i, const struct opt *opts,
                     const struct cmd_info *ci)
{
    const char *a = argv[*i], *val = NULL;
    const struct opt *o;
    if (a[1] == '-') {
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        if (!(o = find_long(opts, a + 2, len)) && !(o = find_long(common_opts, a + 2, len)))
            return usage_error(ci, "unknown option '%.*s'", (int)len + 2, a), OPTS_USAGE;
        if (eq)
            val = eq + 1;
    } else {
        if (a[2] && a[1] != 'q' && a[1] != 'v')
            val = a + 2; /* -oFILE */
        if (!(o = find_short(opts, a[1])) && !(o = find_short(common_opts, a[1])))
            return usage_error(ci, "unknown option '-%c'", a[1]), OPTS_USAGE;
    }
    if (o->kind == OPT_BOOL) {
        if (val)
            return usage_error(ci, "option '%s' takes no value", a), OPTS_USAGE;
    } else if (!val) {
        if (*i + 1 >= argc)
            return usage_error(ci, "option '%s' needs a value", a), OPTS_USAGE;
        val = argv[++*i];
    }
    /* no option has a meaning for "": `-o ''` would rename a temporary over "" (exit 1) */
    if (o->kind == OPT_STRING && !*val)
        return usage_error(ci, "option '%s' needs a non-empty value", a), OPTS_USAGE;
    if (o->kind == OPT_LIST && !strcspn(val, ","))
        return usage_error(ci, "option '%s' needs a non-empty list", a), OPTS_USAGE;
    apply(o, val);
    return 0;
}

static int opts_parse_all(int argc, char **argv, const struct opt *opts, const struct cmd_info *ci);

/* The lists filled so far, when parsing ends in help or a usage error: the command returns
 * at once and would leak them. */
static void clear_lists(const struct opt *opts)
{
    for (; opts->kind != OPT_END; opts++)
        if (opts->kind == OPT_LIST)
            strlist_clear(opts->value);
}

int opts_parse(int argc, char **argv, const struct opt *opts, const struct cmd_info *ci)
{
    int n = opts_parse_all(argc, argv, opts, ci);
    if (n < 0)
        clear_lists(opts);
    return n;
}

static int opts_parse_all(int argc, char **argv, const struct opt *opts, const struct cmd_info *ci)
{
    int i, npos = 0, only_pos = 0;
    quiet_ = verbose_ = 0;
    max_errors_ = NULL;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
            opts_help(stdout, opts, ci);
            return OPTS_HELP;
        }
        if (!only_pos && !strcmp(a, "--help=man")) {
            opts_man(stdout, opts, ci);
            return OPTS_HELP;
        }
        if (!only_pos && !strcmp(a, "--help=options")) {
            opts_list(stdout, opts);
            return OPTS_HELP;
        }
        if (!only_pos && !strcmp(a, "--")) {
            only_pos = 1;
        } else if (only_pos || a[0] != '-' || !a[1]) {
            argv[npos++] = argv[i];
        } else if (parse_one(argc, argv, &i, opts, ci) < 0) {
            return OPTS_USAGE;
        }
    }
    if (quiet_)
        set_verbosity(0);
    else if (verbose_)
        set_verbosity(2);
    if (max_errors_) {
        uint64_t max;
        if (parse_u64(max_errors_, &max) < 0 || max > 1000000000)
            return usage_error(ci, "--max-errors: '%s' is not a count of problems (0: all)",
                               max_errors_),
                   OPTS_USAGE;
        set_max_errors((int)max);
    }
    return npos;
}

static void help_table(FILE *f, const struct opt *o)
{
    for (; o->kind != OPT_END; o++) {
        char left[80];
        int n = 0;
        if (o->short_name)
            n = snprintf(left, sizeof(left), "-%c, ", o->short_name);
        else
            n = snprintf(left, sizeof(left), "    ");
        n += snprintf(left + n, sizeof(left) - (size_t)n, "--%s", o->long_name);
        if (o->kind != OPT_BOOL)
            snprintf(left + n, sizeof(left) - (size_t)n, " %s", o->argh ? o->argh : "VALUE");
        if (strlen(left) > 24)
            fprintf(f, "  %s\n  %-24s  %s\n", left, "", o->help);
        else
            fprintf(f, "  %-24s  %s\n", left, o->help);
    }
}

void opts_help(FILE *f, const struct opt *opts, const struct cmd_info *ci)
{
    fprintf(f, "usage: holobench %s %s\n\n", ci->name, ci->usage);
    fprintf(f, "%s\n", ci->summary);
    if (ci->description)
        fprintf(f, "\n%s", ci->description);
    fputs("\noptions:\n", f);
    help_table(f, opts);
    help_table(f, common_opts);
    fputs("  -h, --help                show this help\n", f);
}

/* The UTF-8 sequence at s as \[uXXXX]; returns how many bytes it used beyond the first
 * (a broken sequence prints as '?'). */
static int man_utf8(FILE *f, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    int n = u[0] >= 0xf0 ? 3 : u[0] >= 0xe0 ? 2 : 1, i;
    unsigned long cp = u[0] & (0x3f >> n);
    for (i = 1; i <= n; i++) {
        if ((u[i] & 0xc0) != 0x80) {
            fputc('?', f);
            return i - 1;
        }
        cp = cp << 6 | (u[i] & 0x3f);
    }
    fprintf(f, "\\[u%04lX]", cp);
    return n;
}

/* Text for troff: a backslash doubled as \e, a '-' as \-, a line that would start with a
 * control character guarded with \&. */
void man_text(FILE *f, const char *s)
{
    int bol = 1;
    for (; *s; s++) {
        const unsigned char c = (unsigned char)*s;
        if (bol && (c == '.' || c == '\''))
            fputs("\\&", f);
        if (c == '\\')
            fputs("\\e", f);
        else if (c == '-')
            fputs("\\-", f);
        else if (c >= 0xc0 && c < 0xf8) /* UTF-8: troff reads \[uXXXX], not the bytes */
            s += man_utf8(f, s);
        else
            fputc(c, f);
        bol = c == '\n';
    }
}

static void man_options(FILE *f, const struct opt *o)
{
    for (; o->kind != OPT_END; o++) {
        fputs(".TP\n\\fB", f);
        if (o->short_name)
            fprintf(f, "\\-%c\\fR, \\fB", o->short_name);
        fputs("\\-\\-", f);
        man_text(f, o->long_name);
        fputs("\\fR", f);
        if (o->kind != OPT_BOOL) {
            fputs(" \\fI", f);
            man_text(f, o->argh ? o->argh : "VALUE");
            fputs("\\fR", f);
        }
        fputc('\n', f);
        man_text(f, o->help);
        fputc('\n', f);
    }
}

void opts_man(FILE *f, const struct opt *opts, const struct cmd_info *ci)
{
    const char *c;
    fputs(".TH HOLOBENCH\\-", f);
    for (c = ci->name; *c; c++)
        fputc(toupper((unsigned char)*c), f);
    fprintf(f, " 1 \"\" \"holobench %s\" \"holobench manual\"\n", HB_VERSION);
    fputs(".SH NAME\nholobench\\-", f);
    man_text(f, ci->name);
    fputs(" \\- ", f);
    man_text(f, ci->summary); /* may span lines: all of it is the name line's text */
    fputs("\n.SH SYNOPSIS\n.nf\n\\fBholobench ", f);
    man_text(f, ci->name);
    fputs("\\fR ", f);
    man_text(f, ci->usage);
    fputs("\n.fi\n", f);
    if (ci->description) {
        /* written for an 80-column terminal, as --help shows it */
        fputs(".SH DESCRIPTION\n.nf\n", f);
        man_text(f, ci->description);
        fputs("\n.fi\n", f);
    }
    fputs(".SH OPTIONS\n", f);
    man_options(f, opts);
    man_options(f, common_opts);
    fputs(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nshow this help\n", f);
    fputs(".SH SEE ALSO\n\\fBholobench\\fR(1)\n", f);
}

static void list_table(FILE *f, const struct opt *o)
{
    for (; o->kind != OPT_END; o++) {
        fprintf(f, "--%s\t", o->long_name);
        if (o->short_name)
            fprintf(f, "-%c", o->short_name);
        fprintf(f, "\t%s\t%s\n", o->kind == OPT_BOOL ? "" : o->argh ? o->argh : "VALUE", o->help);
    }
}

void opts_list(FILE *f, const struct opt *opts)
{
    list_table(f, opts);
    list_table(f, common_opts);
    fputs("--help\t-h\t\tshow this help\n", f);
}

int opts_parse_n(int argc, char **argv, const struct opt *opts, const struct cmd_info *ci, int min,
                 int max, const char *what, int *npos)
{
    int n = opts_parse(argc, argv, opts, ci);
    if (n == OPTS_HELP)
        return EXIT_OK;
    if (n < 0)
        return EXIT_USAGE;
    if (n < min || (max >= 0 && n > max))
        return clear_lists(opts), usage_error(ci, "%s", what);
    *npos = n;
    return OPTS_GO;
}
