/* holobench init: a new benchmark folder to start from — holobench.json, an example schema
 * (or one drafted from the researcher's SQLite database), endpoint examples, results/ and a
 * README of the next commands. */
#include "cmds.h"
#include "err.h"
#include "init_draft.h"
#include "opts.h"
#include "util.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "banned.h"

static const struct cmd_info info = {
    "init",
    "DIR [--from-db FILE.sqlite] [--name NAME]",
    "Make DIR a benchmark folder: holobench.json, schemas/, queries/, harness/endpoints/\n"
    "with examples, results/ and a README of the next commands.",
    "Without --from-db the folder gets a small example schema ('example': authors and\n"
    "books).  With --from-db, a schema is drafted from the database instead: schema.sql\n"
    "(the CREATE statements), data/TABLE.csv, a verbalize.json with three plain templates\n"
    "per table and queries/NAME.json with a few queries of different types, all of which\n"
    "pass 'holobench validate'.  NAME defaults to the file's name without its extension.\n"
    "Files already in DIR are kept; a DIR that already holds a holobench.json is refused.\n",
};

static const char bench_json[] =
    "{\n"
    "  \"about\": \"A holobench benchmark folder: holobench run here or in a folder below "
    "reads schemas/, queries/ and harness/ from here first ('holobench where' shows what comes "
    "from where).\"\n"
    "}\n";

static const char readme_fmt[] =
    "# A holobench benchmark folder\n"
    "\n"
    "Made by `holobench init`.  holobench finds this folder through `holobench.json` from\n"
    "here and from any folder below, and reads its `schemas/`, `queries/` and `harness/` first\n"
    "(`holobench where` shows what comes from where).\n"
    "\n"
    "- `schemas/NAME/`: one folder per schema (see below)\n"
    "- `queries/NAME.json`: the questions, each with its SQL, types and difficulty\n"
    "- `harness/endpoints/NAME.json`: model APIs (see the README there)\n"
    "- `results/`: suites, run databases and reports\n"
    "\n"
    "Next commands:\n"
    "\n"
    "```sh\n"
    "holobench validate %s                # check the schema, templates and queries\n"
    "holobench generate --preset quick -o results/quick.jsonl\n"
    "head -c 300 results/quick.jsonl           # each line an instance; \"id\" first\n"
    "holobench show results/quick.jsonl ID     # one instance, readably\n"
    "holobench run results/quick.jsonl --endpoint openai --dry-run\n"
    "holobench run results/quick.jsonl --endpoint openai\n"
    "holobench score results/quick-openai.sqlite\n"
    "holobench report results/quick-openai.sqlite --format html -o results/report.html\n"
    "```\n"
    "\n"
    "%s"
    "\n"
    "Your own data: `holobench init OTHER_DIR --from-db FILE.sqlite` drafts a schema, its\n"
    "templates and example queries from a SQLite database; edit them, then `validate`.\n";

/* in the README: schemas/ holds only schema folders */
static const char schemas_readme[] =
    "## Schemas\n"
    "\n"
    "One folder per schema: `schema.sql` (CREATE TABLE statements), `data/TABLE.csv` (a header\n"
    "line, then RFC 4180 rows; an empty unquoted field is NULL, `\"\"` the empty string) and\n"
    "`verbalize.json`:\n"
    "\n"
    "    {\"tables\": {\"books\": {\"templates\": [\"{Title} was written in {Year}[ and rated "
    "{Rating}].\", ...]}},\n"
    "     \"skip\": [\"lookup_table\"]}\n"
    "\n"
    "Each table needs three or more templates; each template should mention every column a\n"
    "query reads; a column with NULLs belongs inside an optional `[ ]` part.  `holobench\n"
    "validate` checks all of it and names file and line of every problem.\n";

static const char queries_readme[] =
    "# queries\n"
    "\n"
    "`NAME.json` holds the questions over schema NAME:\n"
    "\n"
    "    {\"schema\": \"NAME\", \"queries\": [\n"
    "      {\"id\": \"NAME-q01\", \"question\": \"Which books came out after {year}?\",\n"
    "       \"sql\": \"SELECT Title FROM books WHERE Year > :year\",\n"
    "       \"params\": {\"year\": [1990, 2000]},\n"
    "       \"types\": [\"Comparison\"], \"difficulty\": \"easy\"}]}\n"
    "\n"
    "Types: Aggregation, Max/Min, Join, Comparison, Ranking.  Difficulty: easy, medium, hard.\n"
    "`params` expand one entry into one query per combination (ids NAME-q01.1, .2, ...).\n"
    "`\"expect_empty\": true` marks a query whose empty answer is meant.\n";

static const char endpoints_readme[] =
    "# endpoints\n"
    "\n"
    "One JSON file per model API; `--endpoint NAME` reads `NAME.json` (JSON has no comments,\n"
    "so they are here).  Fields:\n"
    "\n"
    "- `api`: `openai-chat` (`{base_url}/chat/completions`: OpenAI, vLLM, llama.cpp, Ollama),\n"
    "  `openai-responses` (`{base_url}/responses`: the OpenAI Responses API) or\n"
    "  `anthropic-messages` (`{base_url}/v1/messages`)\n"
    "- `base_url`, `model`; `api_key_env`: the name of the environment variable holding the\n"
    "  key (the key itself is never written to a file)\n"
    "- `params`: passed through into the request body (`temperature`, `max_tokens`, ...)\n"
    "- `concurrency`, `rpm`, `tpm`: requests in flight, requests and tokens per minute\n"
    "- `timeout_s` (without a byte sent or received), `max_retries`; `price_in`, `price_out`,\n"
    "  `price_cached_in`, `price_cache_write`: dollars per million tokens\n"
    "- `stream`: true to stream replies (Server-Sent Events); Anthropic streams by default\n"
    "  above max_tokens 21333\n"
    "\n"
    "`openai.json`, `openai-responses.json` (a reasoning model through the Responses API),\n"
    "`anthropic.json` and `local.json` (a vLLM or llama.cpp server on this machine) are\n"
    "examples to copy.  `holobench run SUITE --endpoint NAME --dry-run` shows the\n"
    "first request without sending it.\n";

static const struct {
    const char *path, *text;
} files[] = {
    {"harness/endpoints/openai.json",
     "{\"api\": \"openai-chat\", \"base_url\": \"https://api.openai.com/v1\",\n"
     " \"model\": \"gpt-4o-mini-2024-07-18\", \"api_key_env\": \"OPENAI_API_KEY\",\n"
     " \"params\": {\"temperature\": 0, \"max_tokens\": 2048},\n"
     " \"max_tokens_field\": \"max_completion_tokens\",\n"
     " \"concurrency\": 16, \"rpm\": 500, \"tpm\": 2000000, \"timeout_s\": 600, "
     "\"max_retries\": 8,\n"
     " \"price_in\": 0.15, \"price_out\": 0.6}\n"},
    {"harness/endpoints/anthropic.json",
     "{\"api\": \"anthropic-messages\", \"base_url\": \"https://api.anthropic.com\",\n"
     " \"model\": \"claude-3-5-haiku-20241022\", \"api_key_env\": \"ANTHROPIC_API_KEY\",\n"
     " \"params\": {\"temperature\": 0, \"max_tokens\": 2048},\n"
     " \"concurrency\": 8, \"rpm\": 50, \"tpm\": 400000, \"timeout_s\": 600, \"max_retries\": 8,\n"
     " \"price_in\": 0.8, \"price_out\": 4}\n"},
    {"harness/endpoints/openai-responses.json",
     "{\"api\": \"openai-responses\", \"base_url\": \"https://api.openai.com/v1\",\n"
     " \"model\": \"gpt-5-mini-2025-08-07\", \"api_key_env\": \"OPENAI_API_KEY\",\n"
     " \"params\": {\"max_output_tokens\": 16384, \"reasoning\": {\"effort\": \"low\"}},\n"
     " \"stream\": true,\n"
     " \"concurrency\": 16, \"rpm\": 500, \"tpm\": 2000000, \"timeout_s\": 600, "
     "\"max_retries\": 8,\n"
     " \"price_in\": 0.25, \"price_cached_in\": 0.025, \"price_out\": 2}\n"},
    {"harness/endpoints/local.json",
     "{\"api\": \"openai-chat\", \"base_url\": \"http://localhost:8000/v1\",\n"
     " \"model\": \"meta-llama/Llama-3.1-8B-Instruct\", \"api_key_env\": \"LOCAL_API_KEY\",\n"
     " \"params\": {\"temperature\": 0, \"max_tokens\": 2048, \"seed\": 0},\n"
     " \"concurrency\": 32, \"timeout_s\": 1200, \"max_retries\": 4}\n"},
    {"harness/endpoints/README.md", endpoints_readme},
    {"queries/README.md", queries_readme},
    {"holobench.json", bench_json},
};

static int make_dirs(const char *dir)
{
    static const char *const subs[] = {"",        "schemas",           "queries",
                                       "harness", "harness/endpoints", "results"};
    size_t i;
    for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
        char *p = *subs[i] ? path_join(dir, subs[i]) : xstrdup(dir);
        int bad = mkdir(p, 0777) && errno != EEXIST;
        if (bad)
            error("cannot create folder '%s': %s", p, strerror(errno));
        free(p);
        if (bad)
            return -1;
    }
    return 0;
}

/* Writes text to DIR/rel unless a file is already there (the researcher's own wins). */
static int write_new(const char *dir, const char *rel, const char *text)
{
    char *p = path_join(dir, rel);
    FILE *f;
    int rc = 0;
    if (file_exists(p)) {
        say(1, "kept '%s' (already there)\n", p);
        free(p);
        return 0;
    }
    if (!(f = fopen(p, "w")))
        rc = error("cannot create '%s': %s", p, strerror(errno));
    else if (fputs(text, f) == EOF || fclose(f))
        rc = error("cannot write '%s'", p);
    free(p);
    return rc;
}

/* NAME of FILE: its base name without the extension, made safe as a folder and id part. */
static char *name_of(const char *file)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    const char *dot = strrchr(base, '.');
    char *name = xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
    char *p;
    for (p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-'))
            *p = '_';
    return name;
}

static int draft(const char *dir, const char *from_db, const char *name)
{
    sqlite3 *db = NULL;
    int rc;
    if (from_db) {
        if (!file_exists(from_db))
            return error("no database '%s'", from_db);
        if (sqlite3_open_v2(from_db, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
            error("cannot open database '%s': %s", from_db, sqlite3_errmsg(db));
            sqlite3_close(db);
            return -1;
        }
    } else if (!(db = init_example_db())) {
        return -1;
    }
    rc = init_draft(db, from_db ? from_db : "the built-in example", dir, name);
    sqlite3_close(db);
    return rc;
}

int cmd_init(int argc, char **argv)
{
    const char *from_db = NULL, *name_opt = NULL, *dir;
    char *name, *marker;
    size_t i;
    int n, rc;
    const struct opt opts[] = {
        OPT_STRING(0, "from-db", &from_db, "FILE",
                   "draft a schema, templates and queries from this SQLite database"),
        OPT_STRING(0, "name", &name_opt, "NAME",
                   "the drafted schema's name (default: the file's, or 'example')"),
        OPT_END(),
    };
    if ((rc = opts_parse_n(argc, argv, opts, &info, 1, 1, "give the folder to make: init DIR",
                           &n)) != OPTS_GO)
        return rc;
    dir = argv[0];
    if (name_opt && (!*name_opt || strchr(name_opt, '/') || name_opt[0] == '.'))
        return usage_error(&info, "--name: '%s' is not a folder name", name_opt);
    marker = path_join(dir, "holobench.json");
    if (file_exists(marker)) {
        error("'%s' is already a benchmark folder (it has a holobench.json)", dir);
        free(marker);
        return EXIT_FAIL;
    }
    free(marker);
    name = name_opt ? xstrdup(name_opt) : from_db ? name_of(from_db) : xstrdup("example");
    rc = make_dirs(dir);
    /* holobench.json last: a folder whose draft failed is not yet a benchmark folder */
    for (i = 0; !rc && i + 1 < sizeof(files) / sizeof(files[0]); i++)
        rc = write_new(dir, files[i].path, files[i].text);
    if (!rc) {
        struct buf readme = BUF_INIT;
        buf_addf(&readme, readme_fmt, name, schemas_readme);
        rc = write_new(dir, "README.md", readme.s);
        buf_release(&readme);
    }
    if (!rc)
        rc = draft(dir, from_db, name);
    if (!rc)
        rc = write_new(dir, files[i].path, files[i].text);
    if (!rc)
        say(1,
            "made benchmark folder %s; next: cd %s && holobench validate && holobench "
            "generate --preset quick -o results/quick.jsonl (see %s/README.md)\n",
            dir, dir, dir);
    free(name);
    return rc ? EXIT_FAIL : EXIT_OK;
}
