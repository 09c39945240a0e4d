/* init_draft: schema.sql, data/TABLE.csv, verbalize.json and an example query set drafted from
 * an existing SQLite database (see init_draft.h). */
#include "init_draft.h"

#include "buf.h"
#include "csv.h"
#include "err.h"
#include "schema.h"
#include "util.h"
#include "value.h"
#include "xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "banned.h"

struct dcol {
    char *name;
    enum affinity aff;
    int pk;    /* position in the primary key, 0: none */
    int nulls; /* some row holds NULL here */
};

struct dtable {
    char *name, *sql;
    struct dcol *cols;
    size_t ncols;
    int64_t nrows;
    char *fk_parent, *fk_from, *fk_to; /* its first one-column foreign key, or NULLs */
};

struct draft {
    sqlite3 *db;
    struct dtable *t;
    size_t n, alloc;
};

/* A fresh formatted string (the caller frees it). */
static char *strfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *strfmt(const char *fmt, ...)
{
    struct buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    return buf_detach(&b, NULL);
}

static int sql_fail(sqlite3 *db, const char *what)
{
    return error("cannot read the database (%s): %s", what, sqlite3_errmsg(db));
}

static int64_t count_of(sqlite3 *db, char *sql_take)
{
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    if (sql_take && sqlite3_prepare_v2(db, sql_take, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_free(sql_take);
    return n;
}

static int read_columns(sqlite3 *db, struct dtable *t)
{
    sqlite3_stmt *st = NULL;
    size_t alloc = 0;
    if (sqlite3_prepare_v2(db, "SELECT name, type, pk FROM pragma_table_info(?)", -1, &st, NULL) !=
        SQLITE_OK)
        return sql_fail(db, "columns");
    sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct dcol *c;
        ALLOC_GROW(t->cols, t->ncols + 1, alloc);
        c = &t->cols[t->ncols++];
        c->name = xstrdup((const char *)sqlite3_column_text(st, 0));
        c->aff = schema_affinity((const char *)sqlite3_column_text(st, 1));
        c->pk = sqlite3_column_int(st, 2);
        c->nulls = count_of(db, xsqlite_mprintf("SELECT EXISTS (SELECT 1 FROM \"%w\" WHERE "
                                                "\"%w\" IS NULL)",
                                                t->name, c->name)) > 0;
    }
    sqlite3_finalize(st);
    if (!t->ncols)
        return error("cannot read the columns of table '%s'", t->name);
    return 0;
}

static void read_fkey(sqlite3 *db, struct dtable *t)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) "
                           "WHERE id IN (SELECT id FROM pragma_foreign_key_list(?) GROUP BY id "
                           "HAVING COUNT(*) = 1) ORDER BY id LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, t->name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        t->fk_parent = xstrdup((const char *)sqlite3_column_text(st, 0));
        t->fk_from = xstrdup((const char *)sqlite3_column_text(st, 1));
        if (sqlite3_column_type(st, 2) != SQLITE_NULL)
            t->fk_to = xstrdup((const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_finalize(st);
}

static int read_tables(struct draft *d)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name "
                           "NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                           -1, &st, NULL) != SQLITE_OK)
        return sql_fail(d->db, "sqlite_master");
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *sql = (const char *)sqlite3_column_text(st, 1);
        struct dtable *t;
        if (!sql || !strncmp(sql, "CREATE VIRTUAL", 14)) {
            warning("table '%s' is a virtual table: left out of the draft", name);
            continue;
        }
        ALLOC_GROW(d->t, d->n + 1, d->alloc);
        t = &d->t[d->n++];
        memset(t, 0, sizeof(*t));
        t->name = xstrdup(name);
        t->sql = xstrdup(sql);
        t->nrows = count_of(d->db, xsqlite_mprintf("SELECT COUNT(*) FROM \"%w\"", name));
        rc = read_columns(d->db, t);
        read_fkey(d->db, t);
    }
    sqlite3_finalize(st);
    if (!rc && !d->n)
        rc = error("the database holds no tables");
    return rc;
}

static void draft_release(struct draft *d)
{
    size_t i, c;
    for (i = 0; i < d->n; i++) {
        for (c = 0; c < d->t[i].ncols; c++)
            free(d->t[i].cols[c].name);
        free(d->t[i].cols);
        free(d->t[i].name);
        free(d->t[i].sql);
        free(d->t[i].fk_parent);
        free(d->t[i].fk_from);
        free(d->t[i].fk_to);
    }
    free(d->t);
}

static int write_buf(const char *path, const struct buf *b)
{
    struct outfile *of = outfile_open(path);
    if (!of)
        return -1;
    if (fwrite(b->s, 1, b->len, outfile_stream(of)) != b->len) {
        outfile_abort(of);
        return error("cannot write '%s'", path);
    }
    return outfile_commit(of);
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0777) && errno != EEXIST)
        return error("cannot create folder '%s': %s", path, strerror(errno));
    return 0;
}

static int write_csv(struct draft *d, const struct dtable *t, const char *dir)
{
    struct buf b = BUF_INIT;
    sqlite3_stmt *st = NULL;
    char *sql = xsqlite_mprintf("SELECT * FROM \"%w\"", t->name), *file, *path;
    size_t c;
    int rc, step;
    for (c = 0; c < t->ncols; c++) {
        if (c)
            buf_addch(&b, ',');
        csv_add_text(&b, t->cols[c].name, strlen(t->cols[c].name));
    }
    buf_addch(&b, '\n');
    rc = sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) == SQLITE_OK ? 0 : sql_fail(d->db, t->name);
    sqlite3_free(sql);
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        for (c = 0; c < t->ncols; c++) {
            struct cell cell;
            cell_from_stmt(&cell, st, (int)c);
            if (c)
                buf_addch(&b, ',');
            csv_add_field(&b, &cell);
            cell_release(&cell);
        }
        buf_addch(&b, '\n');
    }
    if (!rc && step != SQLITE_DONE)
        rc = sql_fail(d->db, t->name);
    sqlite3_finalize(st);
    file = strfmt("%s.csv", t->name);
    path = path_join(dir, file);
    if (!rc)
        rc = write_buf(path, &b);
    free(file);
    free(path);
    buf_release(&b);
    return rc;
}

/* Template text is literal except for {col}, [part] and backslash escapes. */
static void add_literal(struct buf *b, const char *s)
{
    for (; *s; s++) {
        if (strchr("{}[]\\", *s))
            buf_addch(b, '\\');
        buf_addch(b, *s);
    }
}

/* One template: PREFIX then "LABEL SEP {col}" per column, the columns without NULLs first,
 * those with NULLs each in an optional part that carries its own separator. */
static void add_template(struct buf *b, const struct dtable *t, const char *prefix,
                         const char *between, const char *sep)
{
    struct buf tpl = BUF_INIT;
    size_t c, pass, written = 0;
    add_literal(&tpl, prefix);
    add_literal(&tpl, t->name);
    add_literal(&tpl, ": ");
    for (pass = 0; pass < 2; pass++)
        for (c = 0; c < t->ncols; c++) {
            if (t->cols[c].nulls != (int)pass)
                continue;
            if (pass)
                buf_addch(&tpl, '[');
            if (written++)
                add_literal(&tpl, between);
            add_literal(&tpl, t->cols[c].name);
            add_literal(&tpl, sep);
            buf_addch(&tpl, '{');
            add_literal(&tpl, t->cols[c].name);
            buf_addch(&tpl, '}');
            if (pass)
                buf_addch(&tpl, ']');
        }
    buf_addch(&tpl, '.');
    buf_add_json_str(b, tpl.s, tpl.len);
    buf_release(&tpl);
}

static int write_verbalize(const struct draft *d, const char *path)
{
    struct buf b = BUF_INIT;
    size_t i;
    int rc;
    buf_adds(&b, "{\n  \"tables\": {");
    for (i = 0; i < d->n; i++) {
        buf_adds(&b, i ? ",\n    " : "\n    ");
        buf_add_json_str(&b, d->t[i].name, strlen(d->t[i].name));
        buf_adds(&b, ": {\n      \"templates\": [\n        ");
        add_template(&b, &d->t[i], "A row of ", ", ", " ");
        buf_adds(&b, ",\n        ");
        add_template(&b, &d->t[i], "In ", "; ", " is ");
        buf_adds(&b, ",\n        ");
        add_template(&b, &d->t[i], "Entry of ", ", ", ": ");
        buf_adds(&b, "\n      ]\n    }");
    }
    buf_adds(&b, "\n  }\n}\n");
    rc = write_buf(path, &b);
    buf_release(&b);
    return rc;
}

static int write_ddl(const struct draft *d, const char *source, const char *path)
{
    struct buf b = BUF_INIT;
    size_t i;
    int rc;
    buf_addf(&b, "-- Drafted by holobench init from %s: the tables as SQLite stores them.\n\n",
             source);
    for (i = 0; i < d->n; i++)
        buf_addf(&b, "%s;\n\n", d->t[i].sql);
    rc = write_buf(path, &b);
    buf_release(&b);
    return rc;
}

/* The column a question names rows by: the first text column without NULLs, else the first
 * key column, else the first column. */
static const char *label_col(const struct dtable *t)
{
    size_t c;
    for (c = 0; c < t->ncols; c++)
        if (t->cols[c].aff == AFF_TEXT && !t->cols[c].nulls)
            return t->cols[c].name;
    for (c = 0; c < t->ncols; c++)
        if (t->cols[c].pk == 1)
            return t->cols[c].name;
    return t->cols[0].name;
}

/* A numeric column to compare and rank by: one that is neither key nor foreign key and has
 * no NULLs if there is one, else neither key nor foreign key, else any. */
static const char *number_col(const struct dtable *t)
{
    size_t c;
    int pass;
    for (pass = 0; pass < 3; pass++)
        for (c = 0; c < t->ncols; c++) {
            const struct dcol *col = &t->cols[c];
            int key = col->pk || (t->fk_from && !strcmp(t->fk_from, col->name));
            if (col->aff != AFF_INTEGER && col->aff != AFF_REAL && col->aff != AFF_NUMERIC)
                continue;
            if (pass == 2 || (!key && (pass == 1 || !col->nulls)))
                return col->name;
        }
    return NULL;
}

static void add_query(struct buf *b, const char *name, int *k, const char *question, char *sql_take,
                      const char *type, const char *difficulty)
{
    buf_adds(b, *k ? ",\n  " : "\n  ");
    buf_addf(b, "{\"id\": \"%s-q%02d\",\n   \"question\": ", name, ++*k);
    buf_add_json_str(b, question, strlen(question));
    buf_adds(b, ",\n   \"sql\": ");
    buf_add_json_str(b, sql_take, strlen(sql_take));
    buf_addf(b, ",\n   \"types\": [\"%s\"], \"difficulty\": \"%s\"}", type, difficulty);
    sqlite3_free(sql_take);
}

static void add_join(struct buf *b, const struct draft *d, const char *name, int *k)
{
    size_t i, j;
    for (i = 0; i < d->n; i++) {
        const struct dtable *c = &d->t[i], *p = NULL;
        const char *to;
        char *q;
        for (j = 0; c->fk_parent && j < d->n; j++)
            if (!sqlite3_stricmp(d->t[j].name, c->fk_parent))
                p = &d->t[j];
        if (!p || p == c)
            continue;
        to = c->fk_to ? c->fk_to : label_col(p);
        q = strfmt("For each %s, how many %s rows refer to it? Give its %s and the count.", p->name,
                   c->name, label_col(p));
        add_query(b, name, k, q,
                  xsqlite_mprintf("SELECT p.\"%w\", COUNT(*) FROM \"%w\" AS c JOIN \"%w\" AS p "
                                  "ON c.\"%w\" = p.\"%w\" GROUP BY p.\"%w\"",
                                  label_col(p), c->name, p->name, c->fk_from, to, to),
                  "Join", "hard");
        free(q);
        return;
    }
}

static int write_queries(const struct draft *d, const char *name, const char *path)
{
    const struct dtable *t = &d->t[0];
    struct buf b = BUF_INIT, q = BUF_INIT;
    const char *num, *lab;
    size_t i;
    int k = 0, rc;
    for (i = 1; i < d->n; i++)
        if (d->t[i].nrows > t->nrows)
            t = &d->t[i];
    num = number_col(t), lab = label_col(t);
    buf_adds(&b, "{\"schema\": ");
    buf_add_json_str(&b, name, strlen(name));
    buf_adds(&b, ",\n \"queries\": [");
    buf_addf(&q, "How many %s rows are there?", t->name);
    add_query(&b, name, &k, q.s, xsqlite_mprintf("SELECT COUNT(*) FROM \"%w\"", t->name),
              "Aggregation", "easy");
    if (num) {
        buf_reset(&q);
        buf_addf(&q, "What is the largest %s of any %s row?", num, t->name);
        add_query(&b, name, &k, q.s,
                  xsqlite_mprintf("SELECT MAX(\"%w\") FROM \"%w\"", num, t->name), "Max/Min",
                  "easy");
        buf_reset(&q);
        buf_addf(&q, "Which %s rows have %s above the average %s of all %s rows? Give their %s.",
                 t->name, num, num, t->name, lab);
        add_query(&b, name, &k, q.s,
                  xsqlite_mprintf("SELECT \"%w\" FROM \"%w\" WHERE \"%w\" > (SELECT AVG(\"%w\") "
                                  "FROM \"%w\")",
                                  lab, t->name, num, num, t->name),
                  "Comparison", "medium");
        buf_reset(&q);
        buf_addf(&q,
                 "Which three %s rows have the largest %s? Give their %s and %s, largest first, "
                 "ties broken by %s.",
                 t->name, num, lab, num, lab);
        add_query(&b, name, &k, q.s,
                  xsqlite_mprintf("SELECT \"%w\", \"%w\" FROM \"%w\" ORDER BY \"%w\" DESC, "
                                  "\"%w\" LIMIT 3",
                                  lab, num, t->name, num, lab),
                  "Ranking", "medium");
    }
    add_join(&b, d, name, &k);
    buf_adds(&b, "\n ]}\n");
    rc = write_buf(path, &b);
    buf_release(&b);
    buf_release(&q);
    return rc;
}

int init_draft(sqlite3 *db, const char *source, const char *dir, const char *name)
{
    struct draft d = {db, NULL, 0, 0};
    char *schemas = path_join(dir, "schemas"), *sdir = path_join(schemas, name);
    char *data = path_join(sdir, "data"), *p = NULL, *qdir = path_join(dir, "queries"), *qf = NULL;
    size_t i;
    int rc = read_tables(&d);
    if (!rc && file_exists(sdir))
        rc = error("'%s' is already there: give the draft another --name", sdir);
    if (!rc)
        rc = make_dir(sdir) || make_dir(data) ? -1 : 0;
    for (i = 0; !rc && i < d.n; i++)
        rc = write_csv(&d, &d.t[i], data);
    if (!rc) {
        p = path_join(sdir, "schema.sql");
        rc = write_ddl(&d, source, p);
        free(p);
    }
    if (!rc) {
        p = path_join(sdir, "verbalize.json");
        rc = write_verbalize(&d, p);
        free(p);
    }
    if (!rc) {
        char *f = strfmt("%s.json", name);
        qf = path_join(qdir, f);
        free(f);
        rc = write_queries(&d, name, qf);
    }
    if (!rc)
        say(1, "drafted schema '%s' from %s: %zu tables into %s, queries in %s\n", name, source,
            d.n, sdir, qf);
    draft_release(&d);
    free(schemas), free(sdir), free(data), free(qdir), free(qf);
    return rc;
}

/* Deterministic rows from recursive CTEs, so that every init writes the same example. */
static const char example_sql[] =
    "CREATE TABLE authors (\n"
    "    AuthorID INTEGER PRIMARY KEY,\n"
    "    Name     TEXT NOT NULL,\n"
    "    Country  TEXT,\n"
    "    Born     INTEGER\n"
    ");\n"
    "CREATE TABLE books (\n"
    "    BookID   INTEGER PRIMARY KEY,\n"
    "    Title    TEXT NOT NULL,\n"
    "    AuthorID INTEGER NOT NULL REFERENCES authors (AuthorID),\n"
    "    Year     INTEGER NOT NULL,\n"
    "    Pages    INTEGER NOT NULL,\n"
    "    Rating   REAL\n"
    ");\n"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)\n"
    "INSERT INTO authors SELECT i,\n"
    "    trim(substr('Ada  Bea  Cyr  Dov  Eli  Fen  Gus  Hal  Ivo  Jun  ', (i % 10) * 5 + 1, 3))\n"
    "      || ' ' || trim(substr('Marlow Quenby Tessar Vollan Ardeny Brisko ', (i % 6) * 7 + 1, "
    "6)),\n"
    "    CASE WHEN i % 7 = 0 THEN NULL ELSE\n"
    "      trim(substr('Norland Ostria  Palmera Quorra  ', (i % 4) * 8 + 1, 7)) END,\n"
    "    1900 + (i * 37) % 90 FROM n;\n"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)\n"
    "INSERT INTO books SELECT i,\n"
    "    'The ' || trim(substr('Silent Hollow Amber  Winter Broken Gilded ', (i % 6) * 7 + 1, 6))\n"
    "      || ' ' || trim(substr('River  LanternHarbor OrchardTower  CompassMeadow ', (i % 7) * 7 "
    "+ 1, 7))\n"
    "      || ' ' || (i / 42 + 1),\n"
    "    1 + (i * 7) % 400, 1950 + (i * 13) % 74, 120 + (i * 53) % 600,\n"
    "    CASE WHEN i % 11 = 0 THEN NULL ELSE round(2.5 + ((i * 29) % 25) / 10.0, 1) END\n"
    "  FROM n;\n";

sqlite3 *init_example_db(void)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
        sqlite3_exec(db, example_sql, NULL, NULL, &msg) != SQLITE_OK) {
        error("cannot build the example database: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}
