/* rowfilter.c: a query's row filters (`"row_filter"` in a query file) checked against the
 * schema and evaluated to the rows of each filtered table that pass; see query.h. */
#include "query.h"

#include "buf.h"
#include "err.h"
#include "schema.h"
#include "sqlguard.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* SELECT rowid FROM "T" WHERE (cond), prepared as the query would be (authorizer, clock,
 * read-only, params bound by name); errors point at the filter's line. */
static sqlite3_stmt *filter_prepare(const struct query *q, const struct rowfilter *f,
                                    const struct schema *s)
{
    struct query fq = *q;
    struct buf sql = BUF_INIT, name = BUF_INIT;
    sqlite3_stmt *st;
    const char *t;
    for (t = s->tables[f->ti].name; *t; t++) { /* the name as an SQL identifier */
        if (*t == '"')
            buf_addch(&name, '"');
        buf_addch(&name, *t);
    }
    buf_addf(&sql, "SELECT rowid FROM \"%s\" WHERE (%s\n)", name.s, f->cond);
    fq.sql = sql.s;
    fq.sql_loc = f->loc;
    s->az->s = NULL; /* a filter's reads are not the query's */
    st = query_prepare(&fq, s->db, s->az);
    buf_release(&sql);
    buf_release(&name);
    return st;
}

int rowfilter_analyze(struct query *q, const struct schema *s)
{
    size_t i;
    int rc = 0;
    for (i = 0; i < q->nfilters; i++) {
        struct rowfilter *f = &q->filters[i];
        int ti = schema_table_index(s, f->table);
        sqlite3_stmt *st;
        if (ti < 0 || !q->reads_table[ti]) {
            rc = error_at(&f->loc,
                          "query '%s': row_filter names '%s', which the query does not "
                          "read",
                          q->id, f->table);
            continue;
        }
        f->ti = (size_t)ti;
        if (!(st = filter_prepare(q, f, s)))
            rc = -1;
        sqlite3_finalize(st);
    }
    return rc;
}

void rowfilter_release(unsigned char **pass, size_t ntables)
{
    size_t t;
    if (!pass)
        return;
    for (t = 0; t < ntables; t++)
        free(pass[t]);
    free(pass);
}

static int mark_one(const struct query *q, const struct rowfilter *f, const struct schema *s,
                    unsigned char *pass)
{
    sqlite3_stmt *st = filter_prepare(q, f, s);
    const struct table *t = &s->tables[f->ti];
    int r;
    if (!st)
        return -1;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t row = table_row_of_rowid(t, sqlite3_column_int64(st, 0));
        if (row >= 0)
            pass[row] = 1;
    }
    if (r != SQLITE_DONE)
        error_at(&f->loc, "query '%s': row_filter '%s': %s", q->id, f->table,
                 sqlite3_errmsg(s->db));
    sqlite3_finalize(st);
    return r == SQLITE_DONE ? 0 : -1;
}

int rowfilter_mark(const struct query *q, const struct schema *s, unsigned char ***out)
{
    unsigned char **pass = xcalloc(s->ntables ? s->ntables : 1, sizeof(*pass));
    size_t i;
    *out = NULL;
    for (i = 0; i < q->nfilters; i++) {
        const struct rowfilter *f = &q->filters[i];
        size_t n = s->tables[f->ti].nrows ? s->tables[f->ti].nrows : 1, r;
        unsigned char *one = xcalloc(n, 1);
        int rc = mark_one(q, f, s, one);
        if (!pass[f->ti]) {
            pass[f->ti] = one;
        } else { /* a second filter on the table (names differ in case): both must pass */
            for (r = 0; r < n; r++)
                pass[f->ti][r] &= one[r];
            free(one);
        }
        if (rc < 0) {
            rowfilter_release(pass, s->ntables);
            return -1;
        }
    }
    *out = pass;
    return 0;
}
