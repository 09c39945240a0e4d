/* holobench: the command layer.  Dispatches to one cmd_<name>() per subcommand through
 * the table below; only this layer chooses exit codes and checks that stdout was written. */
#include "cmds.h"
#include "err.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
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

static int run_help(int argc, char **argv)
{
    const struct command *c;
    char help_arg[] = "--help";
    char *av[3];
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
    av[1] = help_arg;
    av[2] = NULL;
    return c->fn(2, av);
}

int main(int argc, char **argv)
{
    const struct command *c;
    int rc;
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
