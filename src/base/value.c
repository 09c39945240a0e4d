/* value.c: one cell of a table, and the one formatter that turns it into text; the interface and
 * its rules are in value.h. */
#include "value.h"

#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

void format_real(struct buf *b, double d)
{
    char tmp[40];
    int prec;
    if (isnan(d)) {
        buf_adds(b, "nan");
        return;
    }
    if (isinf(d)) {
        buf_adds(b, d < 0 ? "-inf" : "inf");
        return;
    }
    for (prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    buf_adds(b, tmp);
    if (!strpbrk(tmp, ".e"))
        buf_adds(b, ".0");
}

static void set_text(struct cell *c, struct buf *t)
{
    c->text = buf_detach(t, &c->len);
}

static void fill(struct cell *c, int type, int64_t i, double d, const void *p, size_t n)
{
    struct buf t = BUF_INIT;
    memset(c, 0, sizeof(*c));
    c->type = type;
    switch (type) {
    case SQLITE_INTEGER:
        c->i = i;
        c->d = (double)i;
        buf_addf(&t, "%lld", (long long)i);
        break;
    case SQLITE_FLOAT:
        c->d = d;
        format_real(&t, d);
        break;
    case SQLITE_TEXT:
        buf_add(&t, p, n);
        break;
    case SQLITE_BLOB: {
        size_t k;
        c->blob = xmalloc(n);
        if (n) /* SQLite gives NULL for an empty blob */
            memcpy(c->blob, p, n);
        c->blob_len = n;
        for (k = 0; k < n; k++)
            buf_addf(&t, "%02x", ((const unsigned char *)p)[k]);
        break;
    }
    default:
        c->type = SQLITE_NULL;
    }
    set_text(c, &t);
}

void cell_from_stmt(struct cell *c, sqlite3_stmt *st, int col)
{
    cell_from_value(c, sqlite3_column_value(st, col));
}

void cell_from_value(struct cell *c, sqlite3_value *v)
{
    int type = sqlite3_value_type(v);
    const void *p = NULL;
    size_t n = 0;
    if (type == SQLITE_TEXT) {
        p = sqlite3_value_text(v);
        n = (size_t)sqlite3_value_bytes(v);
    } else if (type == SQLITE_BLOB) {
        p = sqlite3_value_blob(v);
        n = (size_t)sqlite3_value_bytes(v);
    }
    fill(c, type, sqlite3_value_int64(v), sqlite3_value_double(v), p, n);
}

void cell_copy(struct cell *dst, const struct cell *src)
{
    *dst = *src;
    dst->text = xstrndup(src->text, src->len);
    if (src->blob) {
        dst->blob = xmalloc(src->blob_len);
        if (src->blob_len)
            memcpy(dst->blob, src->blob, src->blob_len);
    }
}

void cell_release(struct cell *c)
{
    free(c->text);
    free(c->blob);
    c->text = NULL;
    c->blob = NULL;
}

int cell_bind(sqlite3_stmt *st, int idx, const struct cell *c)
{
    switch (c->type) {
    case SQLITE_INTEGER:
        return sqlite3_bind_int64(st, idx, c->i);
    case SQLITE_FLOAT:
        return sqlite3_bind_double(st, idx, c->d);
    case SQLITE_TEXT:
        return sqlite3_bind_text(st, idx, c->text, (int)c->len, SQLITE_STATIC);
    case SQLITE_BLOB:
        return sqlite3_bind_blob(st, idx, c->blob, (int)c->blob_len, SQLITE_STATIC);
    default:
        return sqlite3_bind_null(st, idx);
    }
}

void cell_json(struct buf *b, const struct cell *c)
{
    switch (c->type) {
    case SQLITE_NULL:
        buf_adds(b, "null");
        break;
    case SQLITE_INTEGER:
        buf_add(b, c->text, c->len);
        break;
    case SQLITE_FLOAT:
        if (isfinite(c->d)) {
            buf_add(b, c->text, c->len);
            break;
        }
        buf_add_json_str(b, c->text, c->len); /* JSON has no inf/nan */
        break;
    default:
        buf_add_json_str(b, c->text, c->len);
    }
}

static int type_rank(int t)
{
    switch (t) {
    case SQLITE_NULL:
        return 0;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
        return 1;
    case SQLITE_TEXT:
        return 2;
    default:
        return 3;
    }
}

int cell_cmp(const struct cell *a, const struct cell *b)
{
    int ra = type_rank(a->type), rb = type_rank(b->type);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra == 1) {
        if (a->type == SQLITE_INTEGER && b->type == SQLITE_INTEGER)
            return (a->i > b->i) - (a->i < b->i);
        return (a->d > b->d) - (a->d < b->d);
    }
    if (ra == 2 || ra == 3) {
        const void *pa = ra == 2 ? (const void *)a->text : a->blob;
        const void *pb = ra == 2 ? (const void *)b->text : b->blob;
        size_t la = ra == 2 ? a->len : a->blob_len, lb = ra == 2 ? b->len : b->blob_len;
        int r = la && lb ? memcmp(pa, pb, la < lb ? la : lb) : 0; /* pa or pb NULL if empty */
        return r ? r : (la > lb) - (la < lb);
    }
    return 0;
}
