/* holobench validate: load every schema and query set and report every problem at once. */
#include "cmds.h"
#include "context.h"
#include "err.h"
#include "gold.h"
#include "nearmiss.h"
#include "opts.h"
#include "query.h"
#include "schema.h"
#include "util.h"
#include "verbalize.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const struct cmd_info info = {
    "validate",
    "[--root DIR] [SCHEMA... | --db FILE [--verbalize FILE] [NAME]]",
    "Load each schema and its query set and check them; report every problem as\n"
    "file:line: message.",
    "Checks: the DDL and every CSV load (field counts, numbers in numeric columns,\n"
    "constraints); foreign keys hold; every table has at least 3 templates and every\n"
    "template names real columns; every row verbalizes faithfully (each value a template\n"
    "mentions can be found in the sentence); every query compiles, only reads, and every\n"
    "column it reads is mentioned by every template of its table.  Warnings: a query whose\n"
    "answer over the full database is empty (unless marked expect_empty), or depends on row\n"
    "order (ties at a LIMIT); a column with NULLs mentioned outside an optional [ ] part.\n"
    "A generate.json, when present, must draw a database whose foreign keys hold.\n"
    "Without SCHEMA, every folder under schemas/ is checked.  --db FILE checks a SQLite file\n"
    "as the one schema (named NAME, else after the file) with its templates (--verbalize)\n"
    "and the query set queries/NAME.json, as generate --db reads them.  Exit 1 when\n"
    "anything is wrong.\n",
};

/* Every template must be able to express every column a query reads: otherwise some rows
 * of that table make the query unanswerable from the text. */
static int check_coverage(const struct schema *s, const struct query *q)
{
    size_t i, c, k;
    int rc = 0;
    for (i = 0; i < q->ntables; i++) {
        const struct table *t = &s->tables[q->tables[i]];
        const unsigned char *cols = q->reads_col[q->tables[i]];
        for (c = 0; cols && t->vt && c < t->ncols; c++) {
            if (!cols[c])
                continue;
            for (k = 0; k < vtable_count(t->vt); k++) {
                struct srcloc loc = vtable_loc(t->vt, k);
                if (!vtable_mentions(t->vt, k, c))
                    rc = error_at(&loc,
                                  "template %zu of table '%s' leaves out column '%s', which "
                                  "query '%s' reads",
                                  k + 1, t->name, t->cols[c].name, q->id);
            }
        }
    }
    return rc;
}

static int check_faithful(const struct schema *s)
{
    struct buf out = BUF_INIT;
    size_t ti, r, k, c;
    int rc = 0;
    for (ti = 0; ti < s->ntables; ti++) {
        const struct table *t = &s->tables[ti];
        int *warned = xcalloc(t->ncols ? t->ncols : 1, sizeof(int));
        for (r = 0; t->vt && r < t->nrows; r++) {
            const struct cell *row = table_row(t, r);
            struct srcloc loc = {t->csv_path, t->lines[r], 0};
            for (k = 0; k < vtable_count(t->vt); k++) {
                size_t bad;
                buf_reset(&out);
                vtable_render(t->vt, k, row, &out);
                if (!vtable_faithful(t->vt, k, row, out.s, &bad))
                    rc = error_at(&loc,
                                  "row of '%s' is not faithful in template %zu: value of "
                                  "'%s' not found in the sentence",
                                  t->name, k + 1, t->cols[bad].name);
            }
            for (c = 0; c < t->ncols; c++) {
                if (row[c].type != SQLITE_NULL || warned[c])
                    continue;
                for (k = 0; k < vtable_count(t->vt); k++) {
                    struct srcloc tl = vtable_loc(t->vt, k);
                    if (vtable_mentions(t->vt, k, c) && !vtable_optional(t->vt, k, c)) {
                        warning_at(&tl,
                                   "column '%s' of '%s' has NULLs but template %zu "
                                   "mentions it outside an optional [ ] part",
                                   t->cols[c].name, t->name, k + 1);
                        warned[c] = 1;
                        break;
                    }
                }
            }
        }
        free(warned);
    }
    buf_release(&out);
    return rc;
}

/* Over the full database: an empty answer usually means a query that no instance can make
 * interesting; an order-dependent one gives ambiguous gold.  Streamed (gold_check_full), so a
 * query with millions of answer rows costs time up to the bound, not memory. */
static int check_full_gold(const struct schema *s, struct gold_db *gdb, const struct query *q)
{
    struct rowref *rows;
    size_t n = 0, i, r;
    struct gold_summary g;
    int rc;
    for (i = 0; i < q->ntables; i++)
        n += s->tables[q->tables[i]].nrows;
    rows = xcalloc(n ? n : 1, sizeof(*rows));
    n = 0;
    for (i = 0; i < q->ntables; i++)
        for (r = 0; r < s->tables[q->tables[i]].nrows; r++) {
            rows[n].table = (uint32_t)q->tables[i];
            rows[n++].row = (uint32_t)r;
        }
    rc = gold_check_full(gdb, q, rows, n, &g);
    free(rows);
    if (rc)
        return 0; /* reported; analysis found the query sound, so not counted twice */
    if (g.over)
        return error_at(&q->loc,
                        "query '%s' has more than %d answer rows over the full database (the "
                        "limit): not checked further",
                        q->id, GOLD_CHECK_MAX_ROWS);
    if (!g.nrows && !q->expect_empty)
        warning_at(&q->loc, "query '%s' has an empty answer over the full database", q->id);
    if (g.nrows && q->expect_empty)
        warning_at(&q->loc, "query '%s' is marked expect_empty but has %zu answer rows", q->id,
                   g.nrows);
    if (g.ambiguous)
        warning_at(&q->loc, "query '%s': the answer depends on row order (ties at a LIMIT?)",
                   q->id);
    return 0;
}

static int check_queries(const char *root, const struct schema *s, size_t *nq)
{
    char *path = query_set_path(root, s->name);
    struct query_set qs;
    struct gold_db *gdb;
    size_t i;
    int rc = 0;
    if (!file_exists(path)) {
        warning("schema '%s' has no query set ('%s')", s->name, path);
        free(path);
        return 0;
    }
    rc = query_set_load(&qs, path);
    free(path);
    if (rc)
        return -1;
    if (strcmp(qs.schema, s->name))
        rc = error_at(&(struct srcloc){qs.path, 1, 0}, "query set names schema '%s', not '%s'",
                      qs.schema, s->name);
    gdb = gold_db_new(s);
    for (i = 0; i < qs.n; i++) {
        if (query_analyze(&qs.q[i], s) < 0) {
            rc = -1;
            continue;
        }
        if (check_coverage(s, &qs.q[i]) < 0)
            rc = -1;
        if (gdb && check_full_gold(s, gdb, &qs.q[i]) < 0)
            rc = -1;
        if (gdb && rowfilter_check(gdb, s, &qs.q[i]) < 0)
            rc = -1;
    }
    *nq += qs.n;
    gold_db_free(gdb);
    query_set_release(&qs);
    return rc;
}

/* generate.json, when there is one, must draw a database that loads with its foreign keys
 * intact: draw it once at scale 1. */
static int check_generator(const char *root, const struct schema *s)
{
    char *path = path_join(s->dir, "generate.json");
    struct schema g;
    struct schema_opts o;
    int rc = 0;
    if (!file_exists(path)) {
        free(path);
        return 0;
    }
    free(path);
    memset(&o, 0, sizeof(o));
    o.generate = 1;
    o.scale = 1;
    o.data_seed = 1;
    o.no_verbalizer = 1;
    if (schema_load(&g, root, s->name, &o) < 0)
        return -1;
    if (schema_check_fkeys(&g) > 0)
        rc = error("schema '%s': generate.json draws rows whose foreign keys do not hold", s->name);
    schema_release(&g);
    return rc;
}

static int validate_one(const char *root, const char *name, const struct schema_opts *db,
                        size_t *nq)
{
    struct schema s;
    struct schema_opts o = *db;
    int rc = 0;
    o.keep_going = 1;
    if (schema_load(&s, root, name, &o) < 0)
        return -1;
    rc = s.damaged ? -1 : 0;
    if (schema_check_fkeys(&s) > 0)
        rc = -1;
    if (check_faithful(&s) < 0)
        rc = -1;
    if (check_queries(root, &s, nq) < 0)
        rc = -1;
    if (s.dir && check_generator(root, &s) < 0)
        rc = -1;
    schema_release(&s);
    return rc;
}

/* wine.sqlite: wine, as generate --db names it. */
static char *db_name(const char *file)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    const char *dot = strrchr(base, '.');
    return xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

int cmd_validate(int argc, char **argv)
{
    const char *root = NULL;
    struct schema_opts db;
    char **names, *base;
    size_t i, nq = 0, nnames;
    int n, rc, failed = 0;
    const struct opt opts[] = {
        OPT_STRING(0, "root", &root, "DIR",
                   "the benchmark folder: read schemas/, queries/ under DIR"),
        OPT_STRING(0, "db", &db.db_file, "FILE", "check this SQLite file as the one schema"),
        OPT_STRING(0, "verbalize", &db.verb_file, "FILE",
                   "its templates (default schemas/NAME/verbalize.json)"),
        OPT_END(),
    };
    memset(&db, 0, sizeof(db));
    if ((rc = opts_parse_n(argc, argv, opts, &info, 0, -1, "", &n)) != OPTS_GO)
        return rc;
    if (db.verb_file && !db.db_file)
        return usage_error(&info, "--verbalize goes with --db FILE");
    if (db.db_file && n > 1)
        return usage_error(&info, "--db makes one schema; give at most one name");
    /* --db brings its own data: its query set and templates are the benchmark folder's */
    if (db.db_file && !(base = bench_folder(root)))
        base = xstrdup(".");
    if (!db.db_file && !(base = schema_root(root)))
        return EXIT_FAIL;
    if (db.db_file) {
        names = xcalloc(2, sizeof(char *));
        names[0] = n ? xstrdup(argv[0]) : db_name(db.db_file);
        nnames = 1;
    } else if (n) {
        if (check_schema_names(base, argv, (size_t)n) < 0) {
            free(base);
            return EXIT_FAIL;
        }
        nnames = (size_t)n;
        names = xcalloc(nnames + 1, sizeof(char *));
        for (i = 0; i < nnames; i++)
            names[i] = xstrdup(argv[i]);
    } else if (!(names = schema_list(base, 0, &nnames))) {
        free(base);
        return EXIT_FAIL;
    }
    for (i = 0; i < nnames; i++)
        failed += validate_one(base, names[i], &db, &nq) < 0;
    free(base);
    say(1, "validate: %zu schemas, %zu queries: %d errors, %d warnings\n", nnames, nq,
        error_count(), warning_count());
    free_strv(names);
    return failed || error_count() ? EXIT_FAIL : EXIT_OK;
}
