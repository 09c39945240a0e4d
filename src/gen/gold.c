/* gold.c: the gold answer of a query over the placed rows, and whether it depends on row order;
 * the interface and its rules are in gold.h. */
#include "gold.h"

#include "query.h"
#include "schema.h"
#include "sqlguard.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

enum side_kind { SIDE_FWD, SIDE_REV, SIDE_FLIP };

/* A side creates a table when a query or a row first needs it: SQLite's CREATE TABLE scans
 * every table already there, so creating all of a schema's tables up front was quadratic
 * in them (28-48 s for 10^4), for queries that read a few. */
struct side {
    sqlite3 *db;
    struct authz *az;
    enum side_kind kind;
    const struct schema *s;
    unsigned char *made;   /* per table: created, its statements prepared */
    sqlite3_stmt **insert; /* per table */
    sqlite3_stmt **clear;  /* per table */
    const struct query *q; /* the query `stmt` was prepared for */
    sqlite3_stmt *stmt;
};

/* fwd holds the rows in canonical order and gives the gold; rev holds them in reverse;
 * flip is a second connection to fwd's database that prepares with
 * reverse_unordered_selects.  Each check alone: reversed insertion together with reversed
 * scans would read a plain table in canonical order again. */
struct gold_db {
    const struct schema *s;
    struct side fwd, rev, flip;
};

/* An INTEGER PRIMARY KEY column is the rowid, so inserting rows in reverse order would not
 * reverse how such a table is scanned, and ties would be broken the same way both times. */
static int rowid_alias(const struct table *t)
{
    return t->npk == 1 && !strcasecmp(t->cols[t->pk[0]].decl_type, "INTEGER");
}

/* The table with the same columns, declared types and collations but no constraints (so no
 * index: a key's index is read in key order however the rows were inserted), and an
 * INTEGER PRIMARY KEY declared INT (same affinity, not the rowid): for the reversed gold
 * database only.  Constraints never change what a read returns; the declared type decides
 * the affinity. */
static void plain_ddl(const struct schema *s, const struct table *t, struct buf *out)
{
    size_t c;
    char *q = xsqlite_mprintf("CREATE TABLE \"%w\"(", t->name);
    buf_adds(out, q);
    sqlite3_free(q);
    for (c = 0; c < t->ncols; c++) {
        const char *type = NULL, *coll = NULL;
        int notnull, pk, autoinc;
        sqlite3_table_column_metadata(s->db, "main", t->name, t->cols[c].name, &type, &coll,
                                      &notnull, &pk, &autoinc);
        q = xsqlite_mprintf("%s\"%w\" %s COLLATE \"%w\"", c ? ", " : "", t->cols[c].name,
                            rowid_alias(t) && c == t->pk[0] ? "INT" : t->cols[c].decl_type,
                            coll ? coll : "BINARY");
        buf_adds(out, q);
        sqlite3_free(q);
    }
    buf_addch(out, ')');
}

/* Opens the database `name` (a memdb URI, so that flip can share fwd's database) and, for
 * flip, turns on reverse_unordered_selects: read when a statement is prepared, and set
 * before the authorizer (which refuses PRAGMA) is installed. */
static int side_connect(struct side *d, const char *name, enum side_kind kind)
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI;
    memset(d, 0, sizeof(*d));
    if (sqlite3_open_v2(name, &d->db, flags, NULL))
        return error("cannot open an in-memory database: %s", sqlite3_errmsg(d->db));
    sqlite3_db_config(d->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    if (kind == SIDE_FLIP &&
        sqlite3_exec(d->db, "PRAGMA reverse_unordered_selects=ON", NULL, NULL, NULL))
        return error("cannot set up the gold database: %s", sqlite3_errmsg(d->db));
    return 0;
}

static int side_open(struct side *d, const struct schema *s, const char *name, enum side_kind kind)
{
    if (side_connect(d, name, kind) < 0)
        return -1;
    d->kind = kind;
    d->s = s;
    d->made = xcalloc(s->ntables + 1, 1);
    d->insert = xcalloc(s->ntables + 1, sizeof(*d->insert));
    d->clear = xcalloc(s->ntables + 1, sizeof(*d->clear));
    /* Our statements are prepared with az->internal set; the benchmark queries go through
     * the refusing authorizer. */
    d->az = authz_install(d->db);
    return 0;
}

/* Table t in the side (flip's are fwd's: one database): its CREATE, the reversed side's
 * without constraints, and its INSERT and DELETE. */
static int make_table(struct side *d, size_t t)
{
    const struct table *tb = &d->s->tables[t];
    struct buf ddl = BUF_INIT, ins = BUF_INIT;
    char *q;
    size_t c;
    int rc = 0;
    if (d->made[t])
        return 0;
    if (d->kind == SIDE_REV)
        plain_ddl(d->s, tb, &ddl);
    else
        buf_adds(&ddl, tb->sql);
    q = xsqlite_mprintf("INSERT INTO \"%w\" VALUES(", tb->name);
    buf_adds(&ins, q);
    sqlite3_free(q);
    for (c = 0; c < tb->ncols; c++)
        buf_adds(&ins, c ? ",?" : "?");
    buf_addch(&ins, ')');
    q = xsqlite_mprintf("DELETE FROM \"%w\"", tb->name);
    d->az->internal = 1;
    if (sqlite3_exec(d->db, ddl.s, NULL, NULL, NULL) != SQLITE_OK)
        rc = error("cannot create the gold database: %s", sqlite3_errmsg(d->db));
    else if (sqlite3_prepare_v2(d->db, ins.s, -1, &d->insert[t], NULL) ||
             sqlite3_prepare_v2(d->db, q, -1, &d->clear[t], NULL))
        rc = error("cannot prepare the gold database: %s", sqlite3_errmsg(d->db));
    d->az->internal = 0;
    d->made[t] = !rc;
    sqlite3_free(q);
    buf_release(&ins);
    buf_release(&ddl);
    return rc;
}

/* The tables a query reads, in fwd (which flip shares) and rev. */
static int make_tables(struct gold_db *g, const struct query *q)
{
    size_t i;
    for (i = 0; i < q->ntables; i++)
        if (make_table(&g->fwd, q->tables[i]) < 0 || make_table(&g->rev, q->tables[i]) < 0)
            return -1;
    return 0;
}

static void side_close(struct side *d, size_t ntables)
{
    size_t t;
    for (t = 0; d->insert && t < ntables; t++) {
        sqlite3_finalize(d->insert[t]);
        sqlite3_finalize(d->clear[t]);
    }
    free(d->insert);
    free(d->clear);
    free(d->made);
    sqlite3_finalize(d->stmt);
    if (d->db)
        sqlite3_close(d->db);
    free(d->az);
}

/* A memdb database named with a leading '/' can be opened by several connections of the
 * process; the gold_db's address keeps the names of live gold databases apart. */
struct gold_db *gold_db_new(const struct schema *s)
{
    struct gold_db *g = xcalloc(1, sizeof(*g));
    char *fwd = xsqlite_mprintf("file:/holobench-gold-%p-fwd?vfs=memdb", (void *)g);
    char *rev = xsqlite_mprintf("file:/holobench-gold-%p-rev?vfs=memdb", (void *)g);
    int rc;
    g->s = s;
    rc = side_open(&g->fwd, s, fwd, SIDE_FWD) < 0 || side_open(&g->rev, s, rev, SIDE_REV) < 0 ||
         side_open(&g->flip, s, fwd, SIDE_FLIP) < 0;
    sqlite3_free(fwd);
    sqlite3_free(rev);
    if (rc) {
        gold_db_free(g);
        return NULL;
    }
    return g;
}

void gold_db_free(struct gold_db *g)
{
    if (!g)
        return;
    side_close(&g->flip, g->s->ntables);
    side_close(&g->fwd, g->s->ntables);
    side_close(&g->rev, g->s->ntables);
    free(g);
}

static int fill(struct side *d, const struct schema *s, const struct rowref *rows, size_t n,
                int reverse)
{
    size_t t, i, c;
    int rc = 0;
    for (i = 0; i < n && !rc; i++)
        rc = make_table(d, rows[i].table);
    if (rc)
        return -1;
    d->az->internal = 1;
    sqlite3_exec(d->db, "BEGIN", NULL, NULL, NULL);
    for (t = 0; t < s->ntables; t++) {
        if (!d->made[t]) /* never created: empty */
            continue;
        sqlite3_step(d->clear[t]);
        sqlite3_reset(d->clear[t]);
    }
    for (i = 0; i < n && !rc; i++) {
        struct rowref r = rows[reverse ? n - 1 - i : i];
        const struct table *tb = &s->tables[r.table];
        const struct cell *row = table_row(tb, r.row);
        sqlite3_stmt *st = d->insert[r.table];
        for (c = 0; c < tb->ncols; c++)
            cell_bind(st, (int)c + 1, &row[c]);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = error("cannot insert a row of '%s' into the gold database: %s", tb->name,
                       sqlite3_errmsg(d->db));
        sqlite3_reset(st);
    }
    sqlite3_exec(d->db, "COMMIT", NULL, NULL, NULL);
    d->az->internal = 0;
    return rc;
}

static int prepare(struct side *d, const struct query *q)
{
    if (d->q != q) {
        sqlite3_finalize(d->stmt);
        d->q = q;
        if (!(d->stmt = query_prepare(q, d->db, d->az))) {
            d->q = NULL;
            return -1;
        }
    }
    return 0;
}

static int run(struct side *d, const struct query *q, struct gold *out)
{
    size_t alloc = 0, c;
    int r;
    memset(out, 0, sizeof(*out));
    if (prepare(d, q) < 0)
        return -1;
    out->ncols = (size_t)sqlite3_column_count(d->stmt);
    out->columns = xcalloc(out->ncols ? out->ncols : 1, sizeof(char *));
    for (c = 0; c < out->ncols; c++)
        out->columns[c] = xstrdup(sqlite3_column_name(d->stmt, (int)c));
    while ((r = sqlite3_step(d->stmt)) == SQLITE_ROW) {
        if (out->nrows == GOLD_MAX_ROWS) {
            sqlite3_reset(d->stmt);
            return error_at(&q->sql_loc, "query '%s' has more than %d answer rows (the limit)",
                            q->id, GOLD_MAX_ROWS);
        }
        ALLOC_GROW(out->cells, st_mult(out->nrows + 1, out->ncols ? out->ncols : 1), alloc);
        for (c = 0; c < out->ncols; c++)
            cell_from_stmt(&out->cells[out->nrows * out->ncols + c], d->stmt, (int)c);
        out->nrows++;
    }
    sqlite3_reset(d->stmt);
    if (r != SQLITE_DONE)
        return error_at(&q->sql_loc, "query '%s' failed: %s", q->id, sqlite3_errmsg(d->db));
    return 0;
}

static size_t g_ncols_; /* column count for the qsort comparator */

static int cmp_row(const void *a, const void *b)
{
    const struct cell *x = a, *y = b;
    size_t c;
    for (c = 0; c < g_ncols_; c++) {
        int r = cell_cmp(&x[c], &y[c]);
        if (r)
            return r;
        if (x[c].type != y[c].type) /* 1 and 1.0 compare equal but read differently */
            return x[c].type < y[c].type ? -1 : 1;
    }
    return 0;
}

void gold_sort(struct gold *g)
{
    if (g->nrows < 2 || !g->ncols)
        return;
    g_ncols_ = g->ncols;
    qsort(g->cells, g->nrows, st_mult(g->ncols, sizeof(struct cell)), cmp_row);
}

/* Reals are compared with a relative tolerance: a SUM or AVG over the same rows added in
 * another order may differ in the last bits, which is not an order-dependent answer. */
static int same_cell(const struct cell *a, const struct cell *b)
{
    if (a->type == SQLITE_FLOAT && b->type == SQLITE_FLOAT)
        return fabs(a->d - b->d) <= 1e-9 * fmax(fabs(a->d), fabs(b->d));
    return a->type == b->type && !cell_cmp(a, b);
}

static int same(const struct gold *a, const struct gold *b)
{
    size_t i;
    if (a->nrows != b->nrows || a->ncols != b->ncols)
        return 0;
    for (i = 0; i < a->nrows * a->ncols; i++)
        if (!same_cell(&a->cells[i], &b->cells[i]))
            return 0;
    return 1;
}

int gold_compute(struct gold_db *g, const struct query *q, const struct rowref *rows, size_t n,
                 struct gold *out)
{
    struct rowref *sorted = xmalloc(st_mult(n ? n : 1, sizeof(*sorted)));
    struct gold other;
    int rc;
    if (n) /* rows is NULL when no row was placed */
        memcpy(sorted, rows, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), rowref_cmp);
    memset(&other, 0, sizeof(other));
    rc = make_tables(g, q);
    if (!rc)
        rc = fill(&g->fwd, g->s, sorted, n, 0);
    if (!rc)
        rc = run(&g->fwd, q, out);
    if (!rc)
        rc = fill(&g->rev, g->s, sorted, n, 1);
    if (!rc)
        rc = run(&g->rev, q, &other);
    free(sorted);
    out->ordered = q->ordered;
    if (!rc && !out->ordered) {
        gold_sort(out);
        gold_sort(&other);
    }
    if (!rc)
        out->ambiguous = !same(out, &other);
    gold_release(&other);
    /* flip reads fwd's rows: no second copy to fill */
    if (!rc && !out->ambiguous && !(rc = run(&g->flip, q, &other))) {
        if (!out->ordered)
            gold_sort(&other);
        out->ambiguous = !same(out, &other);
        gold_release(&other);
    }
    if (rc) {
        gold_release(out);
        gold_release(&other);
        return -1;
    }
    return 0;
}

/* ---- the streamed check over the full database (validate) ---- */

static uint64_t mix64(uint64_t x) /* splitmix64's finalizer */
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    while (n--)
        h = (h ^ *s++) * 0x100000001b3ULL;
    return h;
}

/* A hash of the current row of `st`: type and value of each column, reals rounded to
 * GOLD_DIGEST_DIGITS significant digits (the digest's stand-in for same_cell's tolerance). */
static uint64_t row_hash(sqlite3_stmt *st, int ncols)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    int c;
    for (c = 0; c < ncols; c++) {
        int type = sqlite3_column_type(st, c);
        unsigned char t = (unsigned char)type;
        h = fnv(h, &t, 1);
        if (type == SQLITE_INTEGER) {
            int64_t i = sqlite3_column_int64(st, c);
            h = fnv(h, &i, sizeof(i));
        } else if (type == SQLITE_FLOAT) {
            char num[40];
            double d = sqlite3_column_double(st, c);
            int len = snprintf(num, sizeof(num), "%.*g", GOLD_DIGEST_DIGITS,
                               d == 0 ? 0.0 : d); /* -0.0 is 0.0, as same_cell has it */
            h = fnv(h, num, (size_t)len);
        } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
            const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, c)
                                                : sqlite3_column_blob(st, c);
            size_t len = (size_t)sqlite3_column_bytes(st, c);
            h = fnv(h, &len, sizeof(len));
            if (len)
                h = fnv(h, p, len);
        }
    }
    return mix64(h);
}

/* One side of the streamed check: its statement stepped in lockstep with the others. */
struct stream {
    struct side *d;
    int live;           /* the last step gave a row */
    uint64_t n, s1, s2; /* rows, and two order-insensitive sums of row hashes */
    struct cell *row;   /* the current row, for the ordered comparison */
};

static int stream_step(struct stream *st, const struct query *q, int ncols, int ordered)
{
    int r = sqlite3_step(st->d->stmt), c;
    if (r == SQLITE_DONE) {
        st->live = 0;
        return 0;
    }
    if (r != SQLITE_ROW)
        return error_at(&q->sql_loc, "query '%s' failed: %s", q->id, sqlite3_errmsg(st->d->db));
    st->live = 1;
    st->n++;
    if (ordered) {
        for (c = 0; c < ncols; c++) {
            cell_release(&st->row[c]);
            cell_from_stmt(&st->row[c], st->d->stmt, c);
        }
    } else {
        uint64_t h = row_hash(st->d->stmt, ncols);
        st->s1 += h;
        st->s2 += mix64(h ^ 0x9e3779b97f4a7c15ULL);
    }
    return 0;
}

static int same_row(const struct cell *a, const struct cell *b, int ncols)
{
    int c;
    for (c = 0; c < ncols; c++)
        if (!same_cell(&a[c], &b[c]))
            return 0;
    return 1;
}

/* Steps the three sides together, comparing as it goes; stops past `limit` rows. */
static int stream_all(struct stream *st, const struct query *q, int ncols, struct gold_summary *out,
                      uint64_t limit)
{
    int i, rc = 0, any = 1;
    while (!rc && any) {
        any = 0;
        for (i = 0; i < 3 && !rc; i++)
            if (st[i].live)
                rc = stream_step(&st[i], q, ncols, q->ordered);
        for (i = 0; i < 3; i++)
            any |= st[i].live;
        if (rc || !any)
            break;
        if (st[0].n > limit) {
            out->over = 1;
            break;
        }
        if (q->ordered && !out->ambiguous)
            for (i = 1; i < 3; i++)
                if (st[i].live != st[0].live ||
                    (st[0].live && !same_row(st[0].row, st[i].row, ncols)))
                    out->ambiguous = 1;
    }
    out->nrows = (size_t)st[0].n;
    if (!rc && !out->over)
        for (i = 1; i < 3; i++)
            if (st[i].n != st[0].n || st[i].s1 != st[0].s1 || st[i].s2 != st[0].s2)
                out->ambiguous = 1;
    return rc;
}

int gold_check_full(struct gold_db *g, const struct query *q, const struct rowref *rows, size_t n,
                    struct gold_summary *out)
{
    struct rowref *sorted = xmalloc(st_mult(n ? n : 1, sizeof(*sorted)));
    struct stream st[3];
    int rc, ncols = 0, i, c;
    memset(out, 0, sizeof(*out));
    memset(st, 0, sizeof(st));
    st[0].d = &g->fwd, st[1].d = &g->rev, st[2].d = &g->flip;
    if (n) /* rows is NULL when there is none */
        memcpy(sorted, rows, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), rowref_cmp);
    rc = make_tables(g, q);
    if (!rc)
        rc = fill(&g->fwd, g->s, sorted, n, 0);
    if (!rc)
        rc = fill(&g->rev, g->s, sorted, n, 1);
    free(sorted);
    for (i = 0; i < 3 && !rc; i++)
        rc = prepare(st[i].d, q);
    if (!rc) {
        ncols = sqlite3_column_count(g->fwd.stmt);
        for (i = 0; i < 3; i++) {
            st[i].live = 1;
            st[i].row = xcalloc(ncols ? (size_t)ncols : 1, sizeof(struct cell));
        }
        rc = stream_all(st, q, ncols, out, GOLD_CHECK_MAX_ROWS);
    }
    for (i = 0; i < 3; i++) {
        if (st[i].d->stmt)
            sqlite3_reset(st[i].d->stmt);
        for (c = 0; st[i].row && c < ncols; c++)
            cell_release(&st[i].row[c]);
        free(st[i].row);
    }
    return rc;
}

void gold_release(struct gold *g)
{
    size_t i;
    for (i = 0; i < g->ncols; i++)
        free(g->columns[i]);
    for (i = 0; i < g->nrows * g->ncols; i++)
        cell_release(&g->cells[i]);
    free(g->columns);
    free(g->cells);
    memset(g, 0, sizeof(*g));
}

void gold_json(struct buf *b, const struct gold *g)
{
    size_t r, c;
    buf_adds(b, "{\"columns\":");
    buf_add_json_strv(b, g->columns, g->ncols);
    buf_adds(b, ",\"rows\":[");
    for (r = 0; r < g->nrows; r++) {
        buf_adds(b, r ? ",[" : "[");
        for (c = 0; c < g->ncols; c++) {
            if (c)
                buf_addch(b, ',');
            cell_json(b, &g->cells[r * g->ncols + c]);
        }
        buf_addch(b, ']');
    }
    buf_addf(b, "],\"ordered\":%s,\"ambiguous\":%s}", g->ordered ? "true" : "false",
             g->ambiguous ? "true" : "false");
}
