/* opts: command-line options, declared as a table so that help is generated from it.
 *
 * Each command lists its options in a `struct opt[]` ended by OPT_END, and a `struct cmd_info`
 * with its usage line and description.  opts_parse() also handles --help, -q and -v for
 * every command.  Options may come before, after or between positional arguments; `--` ends
 * option parsing.  Long options take `--name=value` or `--name value`.  `--help=man` and
 * `--help=options` print the table as a man page and as a list for shell completion. */
#ifndef HB_OPTS_H
#define HB_OPTS_H

#include <stdio.h>

enum opt_kind {
    OPT_END,
    OPT_BOOL,   /* int *: set to 1 */
    OPT_STRING, /* const char **: last one wins */
    OPT_LIST,   /* struct strlist *: every value appended, commas split */
};

struct strlist {
    char **v;
    size_t n, alloc;
};
void strlist_add(struct strlist *l, const char *s);
void strlist_clear(struct strlist *l);

struct opt {
    enum opt_kind kind;
    char short_name; /* 0: none */
    const char *long_name;
    void *value;
    const char *argh; /* argument name in help, for STRING and LIST */
    const char *help;
};

#define OPT_BOOL(s, l, v, h)                                                                       \
    {                                                                                              \
        OPT_BOOL, (s), (l), (v), NULL, (h)                                                         \
    }
#define OPT_STRING(s, l, v, a, h)                                                                  \
    {                                                                                              \
        OPT_STRING, (s), (l), (v), (a), (h)                                                        \
    }
#define OPT_LIST(s, l, v, a, h)                                                                    \
    {                                                                                              \
        OPT_LIST, (s), (l), (v), (a), (h)                                                          \
    }
#define OPT_END()                                                                                  \
    {                                                                                              \
        OPT_END, 0, NULL, NULL, NULL, NULL                                                         \
    }

struct cmd_info {
    const char *name;        /* "generate" */
    const char *usage;       /* what follows "holobench generate" in the usage line */
    const char *summary;     /* one line for `holobench help` */
    const char *description; /* paragraphs after the usage line; may be NULL */
};

enum { OPTS_GO = -3, OPTS_HELP = -2, OPTS_USAGE = -1 };

/* Parses argv[1..argc-1] (argv[0] is the command name).  Positional arguments are moved to
 * the front of argv and their count returned.  Returns OPTS_HELP after printing help to
 * stdout, OPTS_USAGE after printing a one-line hint to stderr. */
int opts_parse(int argc, char **argv, const struct opt *opts, const struct cmd_info *ci);
void opts_help(FILE *f, const struct opt *opts, const struct cmd_info *ci);
/* The same table as a man page (troff), for `--help=man`, which `holobench help --man CMD`
 * passes on; meson builds the installed pages with it. */
void opts_man(FILE *f, const struct opt *opts, const struct cmd_info *ci);
/* Troff-escaped text. */
void man_text(FILE *f, const char *s);
/* One line per option, `--long TAB -s TAB ARG TAB help` (empty fields for none), for
 * `--help=options`, from which tools/gen_completion.py writes the shell completions. */
void opts_list(FILE *f, const struct opt *opts);
/* opts_parse() and the check of the positional count (from min to max; max < 0: no upper
 * bound): returns OPTS_GO with the count in *npos, or the exit status to return at once
 * (after --help, or a usage error, whose message for a wrong count is `what`). */
int opts_parse_n(int argc, char **argv, const struct opt *opts, const struct cmd_info *ci, int min,
                 int max, const char *what, int *npos);
/* Print "error: MSG" and the hint line; returns EXIT_USAGE for `return usage_error(...)`. */
int usage_error(const struct cmd_info *ci, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
