/* holobench show: one instance of a suite, readably. */
#include "cmds.h"
#include "err.h"
#include "jsonloc.h"
#include "opts.h"
#include "rundb.h"
#include "suite.h"
#include "util.h"
#include "value.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const struct cmd_info info = {
    "show",
    "SUITE|RUN ID [--lines A:B | --all] [--json]",
    "Print one instance of a suite: question, SQL, params, settings, the gold table and a\n"
    "slice of the context with the relevant lines marked '>'; or, given a run database, the\n"
    "instance's reply, its status and usage, and its labels and score.",
    "By default the first 20 lines of the context are shown; --lines 100:140 shows lines 100\n"
    "to 140 (1-based, inclusive), --all the whole context.  --json prints the instance line.\n",
};

/* Whether an instance line's "id" is `id`, whatever the JSON spelling of the line. */
static int has_id(const char *line, size_t len, const char *id, struct buf *scratch)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    return len && !instance_line_id(line, len, scratch) && !strcmp(scratch->s, id);
}

/* Finds the line whose "id" is `id`; returns a pointer into text (NUL-terminated line). */
static char *find_instance(char *text, const char *id)
{
    struct buf scratch = BUF_INIT;
    char *p = text;
    while (*p) {
        char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (has_id(p, len, id, &scratch)) {
            p[len] = '\0';
            buf_release(&scratch);
            return p;
        }
        if (!e)
            break;
        p = e + 1;
    }
    buf_release(&scratch);
    return NULL;
}

static void print_value(const cJSON *v)
{
    if (cJSON_IsString(v)) {
        fputs(v->valuestring, stdout);
    } else if (cJSON_IsNull(v)) {
        fputs("NULL", stdout);
    } else if (cJSON_IsNumber(v) && v->valuedouble != floor(v->valuedouble)) {
        struct buf b = BUF_INIT; /* the shared formatter, not cJSON's 17 digits */
        format_real(&b, v->valuedouble);
        fputs(b.s, stdout);
        buf_release(&b);
    } else {
        char *s = cJSON_PrintUnformatted(v);
        fputs(s, stdout);
        cJSON_free(s);
    }
}

static void print_gold(const cJSON *gold)
{
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(gold, "columns");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows");
    const cJSON *c, *r;
    int n = 0;
    printf("gold (%d rows%s%s):\n  ", cJSON_GetArraySize(rows),
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ordered")) ? ", ordered" : "",
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ambiguous")) ? ", AMBIGUOUS" : "");
    cJSON_ArrayForEach(c, cols)
    {
        printf("%s%s", n++ ? " | " : "", c->valuestring);
    }
    putchar('\n');
    cJSON_ArrayForEach(r, rows)
    {
        n = 0;
        fputs("  ", stdout);
        cJSON_ArrayForEach(c, r)
        {
            if (n++)
                fputs(" | ", stdout);
            print_value(c);
        }
        putchar('\n');
    }
}

static int is_relevant(const cJSON *tables, const cJSON *row)
{
    const cJSON *t, *name = cJSON_GetArrayItem(row, 0);
    cJSON_ArrayForEach(t, tables)
    {
        if (cJSON_IsString(name) && !strcmp(t->valuestring, name->valuestring))
            return 1;
    }
    return 0;
}

static void print_context(const cJSON *inst, long from, long to)
{
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(inst, "context");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(inst, "rows");
    const cJSON *tables = cJSON_GetObjectItemCaseSensitive(inst, "tables");
    const char *p = cJSON_IsString(ctx) ? ctx->valuestring : "";
    long line = 1, total = cJSON_GetArraySize(rows);
    printf("context (%ld lines; '>' marks relevant lines):\n", total);
    while (*p && line <= to) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (line >= from)
            printf("%c %5ld  %.*s\n",
                   is_relevant(tables, cJSON_GetArrayItem(rows, (int)line - 1)) ? '>' : ' ', line,
                   (int)len, p);
        if (!e)
            break;
        p = e + 1;
        line++;
    }
    if (to < total)
        printf("  ... %ld more lines (--lines A:B or --all)\n", total - to);
}

static void print_instance(const cJSON *inst, long from, long to)
{
    static const char *const fields[] = {"id",
                                         "schema",
                                         "query_id",
                                         "types",
                                         "difficulty",
                                         "target_tokens",
                                         "info_tokens",
                                         "density",
                                         "position",
                                         "seed",
                                         "tables",
                                         "params",
                                         "context_tokens",
                                         "info_tokens_actual",
                                         "shortfall",
                                         NULL};
    size_t i;
    for (i = 0; fields[i]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(inst, fields[i]);
        if (!v)
            continue;
        printf("%-19s ", fields[i]);
        print_value(v);
        putchar('\n');
    }
    printf("\nquestion: %s\nsql:      %s\n\n",
           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(inst, "question")),
           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(inst, "sql")));
    print_gold(cJSON_GetObjectItemCaseSensitive(inst, "gold"));
    putchar('\n');
    print_context(inst, from, to);
}

static int is_sqlite(const char *path)
{
    char head[16];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(head, 1, sizeof(head), f) : 0;
    if (f)
        fclose(f);
    return n == 16 && !memcmp(head, "SQLite format 3", 16);
}

/* The question and gold of a run's instance, from the suite the run recorded (if it is
 * still there). */
static void show_question(sqlite3 *db, const char *run_path, const char *id)
{
    struct buf scratch = BUF_INIT;
    char *line = NULL, *suite = run_suite_path(db, run_path);
    size_t cap = 0;
    ssize_t n;
    FILE *f = suite ? fopen(suite, "rb") : NULL;
    free(suite);
    if (!f)
        return;
    while ((n = getline(&line, &cap, f)) > 0) {
        cJSON *inst;
        if (!has_id(line, (size_t)n, id, &scratch))
            continue;
        if ((inst = cJSON_ParseWithLength(line, (size_t)n))) {
            printf("%-19s %s\n", "question",
                   cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(inst, "question")));
            print_gold(cJSON_GetObjectItemCaseSensitive(inst, "gold"));
            cJSON_Delete(inst);
        }
        break;
    }
    fclose(f);
    free(line);
    buf_release(&scratch);
}

/* Why each gold row got its label, as the headline scorer stored it (runs scored before
 * explanations were stored have none). */
static void show_why(sqlite3 *db, const char *id)
{
    sqlite3_stmt *st = NULL;
    cJSON *why = NULL, *w;
    int i = 1;
    if (sqlite3_prepare_v2(db,
                           "SELECT s.why FROM scores s JOIN instances i ON i.id = s.id AND "
                           "i.scorer = s.scorer WHERE s.id = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        why = cJSON_Parse((const char *)sqlite3_column_text(st, 0));
    cJSON_ArrayForEach(w, why)
    {
        if (cJSON_IsString(w))
            printf("%-19s row %d: %s\n", i == 1 ? "why" : "", i, w->valuestring);
        i++;
    }
    cJSON_Delete(why);
    sqlite3_finalize(st);
}

/* The accounting columns: cache reads (all versions), and cache writes, the provider's
 * request id and stop_details, which a version 1 run lacks (rundb.h). */
static void show_accounting(sqlite3 *db, const char *id)
{
    static const char *const v2[] = {"cached_tokens", "cache_write_tokens", "request_id",
                                     "stop_details"};
    sqlite3_stmt *st = NULL;
    int n = rundb_has_column(db, "instances", "request_id") ? 4 : 1, i;
    if (sqlite3_prepare_v2(db,
                           n == 4 ? "SELECT cached_tokens, cache_write_tokens, request_id, "
                                    "stop_details FROM instances WHERE id = ?1"
                                  : "SELECT cached_tokens FROM instances WHERE id = ?1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            for (i = 0; i < n; i++)
                if (sqlite3_column_type(st, i) != SQLITE_NULL)
                    printf("%-19s %s\n", v2[i], (const char *)sqlite3_column_text(st, i));
    }
    sqlite3_finalize(st);
}

/* A run's instance: what was asked (from the suite the run recorded), what came back, and
 * how it scored. */
static int show_run(const char *path, const char *id)
{
    static const char *const fields[] = {"status",
                                         "finish_reason",
                                         "truncated",
                                         "refused",
                                         "input_tokens",
                                         "output_tokens",
                                         "reasoning_tokens",
                                         "latency_ms",
                                         "attempts",
                                         "http_status",
                                         "last_error",
                                         "model_returned",
                                         "from_cache",
                                         "score",
                                         "scorer",
                                         "labels",
                                         NULL};
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    int rc = EXIT_OK, i;
    if (rundb_open_readonly(&db, path) < 0)
        return EXIT_FAIL;
    if (sqlite3_prepare_v2(db,
                           "SELECT status, finish_reason, truncated, refused, input_tokens, "
                           "output_tokens, reasoning_tokens, latency_ms, attempts, http_status, "
                           "last_error, model_returned, from_cache, score, scorer, labels, reply, "
                           "reasoning FROM instances WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        error("cannot read run '%s': %s", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return EXIT_FAIL;
    }
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) {
        error("no instance '%s' in run '%s'", id, path);
        rc = EXIT_FAIL;
    } else {
        printf("%-19s %s\n", "id", id);
        show_question(db, path, id);
        for (i = 0; fields[i]; i++)
            if (sqlite3_column_type(st, i) != SQLITE_NULL)
                printf("%-19s %s\n", fields[i], (const char *)sqlite3_column_text(st, i));
        show_accounting(db, id);
        show_why(db, id);
        if (sqlite3_column_type(st, 17) != SQLITE_NULL)
            printf("\nreasoning (%d bytes, not scored)\n", sqlite3_column_bytes(st, 17));
        printf("\nreply:\n%s\n",
               sqlite3_column_text(st, 16) ? (const char *)sqlite3_column_text(st, 16) : "(none)");
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

int cmd_show(int argc, char **argv)
{
    const char *lines = NULL;
    int all = 0, json = 0, n, rc = EXIT_OK, status;
    long from = 1, to = 20;
    struct buf text = BUF_INIT;
    char *line;
    cJSON *inst;
    const struct opt opts[] = {
        OPT_STRING(0, "lines", &lines, "A:B", "show context lines A to B"),
        OPT_BOOL(0, "all", &all, "show the whole context"),
        OPT_BOOL(0, "json", &json, "print the instance's JSON line"),
        OPT_END(),
    };
    if ((status = opts_parse_n(argc, argv, opts, &info, 2, 2,
                               "give a suite file and an instance id", &n)) != OPTS_GO)
        return status;
    if (lines) {
        char *end;
        from = strtol(lines, &end, 10);
        if (*end != ':' || from < 1 || (to = strtol(end + 1, &end, 10)) < from || *end)
            return usage_error(&info, "--lines: '%s' is not A:B with 1 <= A <= B", lines);
    }
    if (all)
        to = 0x7fffffff;
    if (is_sqlite(argv[0]))
        return show_run(argv[0], argv[1]);
    if (read_file(argv[0], &text) < 0)
        return EXIT_FAIL;
    if (!(line = find_instance(text.s, argv[1]))) {
        buf_release(&text);
        return error("no instance '%s' in '%s'", argv[1], argv[0]), EXIT_FAIL;
    }
    if (json) {
        puts(line);
    } else if (!(inst = json_parse_file_text(line, strlen(line), argv[0]))) {
        rc = EXIT_FAIL;
    } else {
        print_instance(inst, from, to);
        cJSON_Delete(inst);
    }
    buf_release(&text);
    return rc;
}
