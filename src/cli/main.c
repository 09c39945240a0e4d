/* holobench: the command layer.  Dispatches to one cmd_<name>() per subcommand through
 * the table below; only this layer chooses exit codes and checks that stdout was written. */
#include "cmds.h"
#include "err.h"
#include "opts.h"
#include "resource.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"init", cmd_init, "make a benchmark folder, or draft one from a SQLite database"},
    {"validate", cmd_validate, "check schemas and query sets; report every problem"},
    {"data", cmd_data, "draw a schema's rows from its generate.json"},
    {"db", cmd_db, "write a loaded schema to a SQLite file"},
    {"generate", cmd_generate, "build a benchmark suite (JSONL) over a grid of settings"},
    {"show", cmd_show, "print one instance of a suite or a run readably"},
    {"gold", cmd_gold, "recompute gold answers of a suite after schema or query changes"},
    {"run", cmd_run, "send a suite to a model API; record replies in a run database"},
    {"calibrate", cmd_calibrate, "measure how the endpoint counts tokens, from its usage"},
    {"tokens", cmd_tokens, "count the tokens of text with a tokenizer file"},
    {"export", cmd_export, "a suite as OpenAI Batch or Anthropic Message Batches input"},
    {"import", cmd_import, "provider batch results into a run database"},
    {"score", cmd_score, "score the replies of a run against the gold answers"},
    {"report", cmd_report, "tables and charts of one or more scored runs"},
    {"where", cmd_where, "print where schemas, queries, prompts and endpoints are found"},
    {"help", NULL, "describe holobench or one of its commands"},
    {"version", NULL, "print the version"},
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void list_commands(FILE *f)
{
    size_t i;
    fputs("usage: holobench COMMAND [ARGS]\n\n"
          "Generate HoloBench-style long-context benchmarks and run them against LLM APIs.\n\n"
          "commands:\n",
          f);
    for (i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-10s  %s\n", commands[i].name, commands[i].summary);
    fputs("\n'holobench help COMMAND' or 'holobench COMMAND --help' describes a command.\n", f);
}

static const struct command *find(const char *name)
{
    size_t i;
    for (i = 0; i < N_COMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

/* git's run_builtin: a full disk must not leave a short output that looks whole. */
static int finish_stdout(int rc)
{
    if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
        if (errno == EPIPE)
            return rc;
        fprintf(stderr, "error: cannot write to standard output: %s\n", strerror(errno));
        return rc ? rc : EXIT_FAIL;
    }
    return rc;
}

/* holobench(1): the command list and the lookup order, for `help --man` with no command. */
static void main_man(FILE *f)
{
    size_t i;
    fprintf(f, ".TH HOLOBENCH 1 \"\" \"holobench %s\" \"holobench manual\"\n", HB_VERSION);
    fputs(".SH NAME\nholobench \\- generate HoloBench-style long-context benchmarks and run "
          "them against LLM APIs\n.SH SYNOPSIS\n\\fBholobench\\fR \\fICOMMAND\\fR "
          "[\\fIARGS\\fR]\n.SH COMMANDS\n",
          f);
    for (i = 0; i < N_COMMANDS; i++) {
        fprintf(f, ".TP\n\\fB%s\\fR\n", commands[i].name);
        man_text(f, commands[i].summary);
        fputc('\n', f);
        if (commands[i].fn)
            fprintf(f, "See \\fBholobench\\-%s\\fR(1).\n", commands[i].name);
    }
    fputs(".SH FILES\nSchemas, query sets, prompts and endpoints are looked for in this order:\n"
          "a path given to a flag; the benchmark folder (\\fB\\-\\-root\\fR \\fIDIR\\fR, "
          "else the nearest parent of the working directory that holds a holobench.json); "
          "\\fB$HOLOBENCH_HOME\\fR; the installed data folder\n.IR ",
          f);
    man_text(f, resource_place(RES_INSTALLED, NULL));
    fputs(" ;\nand for the default prompts, the copy compiled into the program.\n"
          "\\fBholobench where\\fR prints what is found where.\n"
          ".SH EXIT STATUS\n0 success, 1 the work failed, 2 bad usage.\n",
          f);
}

/* holobench help [--man | --options] [CMD]: --man and --options print the command's option
 * table as a man page or a list for shell completion (tools/gen_completion.py). */
static int run_help(int argc, char **argv)
{
    const struct command *c;
    char help_arg[] = "--help", man_arg[] = "--help=man", list_arg[] = "--help=options";
    char *av[3], *form = help_arg;
    size_t i;
    if (argc >= 2 && (!strcmp(argv[1], "--man") || !strcmp(argv[1], "--options"))) {
        form = !strcmp(argv[1], "--man") ? man_arg : list_arg;
        argv++, argc--;
    }
    if (argc < 2 && form == man_arg) {
        main_man(stdout);
        return EXIT_OK;
    }
    if (argc < 2 && form == list_arg) {
        for (i = 0; i < N_COMMANDS; i++)
            if (commands[i].fn)
                printf("%s\t%s\n", commands[i].name, commands[i].summary);
        return EXIT_OK;
    }
    if (argc < 2) {
        list_commands(stdout);
        return EXIT_OK;
    }
    c = find(argv[1]);
    if (!c || !c->fn) {
        if (c) {
            list_commands(stdout);
            return EXIT_OK;
        }
        fprintf(stderr, "error: unknown command '%s'\nsee 'holobench help'\n", argv[1]);
        return EXIT_USAGE;
    }
    av[0] = argv[1];
    av[1] = form;
    av[2] = NULL;
    return c->fn(2, av);
}

int main(int argc, char **argv)
{
    const struct command *c;
    int rc;
    xalloc_setup();
    if (argc < 2) {
        list_commands(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return finish_stdout(run_help(1, argv));
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
        printf("holobench %s\n", HB_VERSION);
        return finish_stdout(EXIT_OK);
    }
    c = find(argv[1]);
    if (!c) {
        fprintf(stderr, "error: unknown command '%s'\nsee 'holobench help'\n", argv[1]);
        return EXIT_USAGE;
    }
    rc = c->fn ? c->fn(argc - 1, argv + 1) : run_help(argc - 1, argv + 1);
    error_summary();
    return finish_stdout(rc);
}
