/* datagen: draws the rows that generate.json describes and inserts them (the format is in
 * datagen.h; reading and checking the file is datagen_spec.c).
 *
 * Two passes: the whole file is checked first, so that every problem is reported with its
 * line, and only then are rows drawn.  Each table is drawn completely into memory (values
 * per column, plus the parent row of every reference, so that "WineryID.Founded" is a lookup)
 * and then inserted with one prepared statement. */
#include "datagen.h"
#include "datagen_int.h"

#include "civil.h"
#include "detmath.h"
#include "util.h"
#include "value.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Clang contracts a*b+c into fma by default, which would change results between machines. */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define MAX_RETRIES 100       /* draws of a value that falls outside its range */
#define MAX_UNIQUE_TRIES 1000 /* draws of a unique column's value */

/* ---- Reading the database's tables ---- */

static int sql_error(struct dg *g, const char *what)
{
    g->nerr++;
    return error("%s: %s", what, sqlite3_errmsg(g->db));
}

/* Fills g->t with the tables and columns of the database, with their keys. */
static int read_tables(struct dg *g)
{
    sqlite3_stmt *st = NULL, *ti = NULL, *fk = NULL, *uq = NULL;
    size_t alloc = 0;
    int rc = 0;
    if (sqlite3_prepare_v2(g->db,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT "
                           "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                           -1, &st, NULL) ||
        sqlite3_prepare_v2(g->db,
                           "SELECT name, type, pk, \"notnull\" FROM pragma_table_info(?1) "
                           "ORDER BY cid",
                           -1, &ti, NULL) ||
        sqlite3_prepare_v2(g->db,
                           "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1)",
                           -1, &fk, NULL) ||
        sqlite3_prepare_v2(g->db,
                           "SELECT ii.name FROM pragma_index_list(?1) il, "
                           "pragma_index_info(il.name) ii WHERE il.\"unique\" "
                           "GROUP BY il.name HAVING count(*) = 1",
                           -1, &uq, NULL)) {
        rc = sql_error(g, "cannot read the tables");
        goto out;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct gtable *t;
        size_t calloc_ = 0;
        ALLOC_GROW(g->t, g->nt + 1, alloc);
        t = &g->t[g->nt++];
        memset(t, 0, sizeof(*t));
        t->name = xstrdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(ti);
        sqlite3_bind_text(ti, 1, t->name, -1, SQLITE_STATIC);
        while (sqlite3_step(ti) == SQLITE_ROW) {
            struct gcol *c;
            ALLOC_GROW(t->cols, t->ncols + 1, calloc_);
            c = &t->cols[t->ncols++];
            memset(c, 0, sizeof(*c));
            c->name = xstrdup((const char *)sqlite3_column_text(ti, 0));
            c->affinity = schema_affinity((const char *)sqlite3_column_text(ti, 1));
            c->pk = sqlite3_column_int(ti, 2);
            c->notnull = sqlite3_column_int(ti, 3);
            c->order = -1;
            if (c->pk)
                t->npk++;
        }
        if (t->npk == 1)
            for (size_t i = 0; i < t->ncols; i++)
                if (t->cols[i].pk)
                    t->cols[i].key = 1;
        sqlite3_reset(fk);
        sqlite3_bind_text(fk, 1, t->name, -1, SQLITE_STATIC);
        while (sqlite3_step(fk) == SQLITE_ROW) {
            const char *from = (const char *)sqlite3_column_text(fk, 0);
            int c = dg_find_col(t, from, strlen(from));
            if (c >= 0 && !t->cols[c].fk_table) {
                t->cols[c].fk_table = xstrdup((const char *)sqlite3_column_text(fk, 1));
                if (sqlite3_column_type(fk, 2) != SQLITE_NULL)
                    t->cols[c].fk_col = xstrdup((const char *)sqlite3_column_text(fk, 2));
            }
        }
        sqlite3_reset(uq);
        sqlite3_bind_text(uq, 1, t->name, -1, SQLITE_STATIC);
        while (sqlite3_step(uq) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(uq, 0);
            int c = name ? dg_find_col(t, name, strlen(name)) : -1;
            if (c >= 0)
                t->cols[c].key = 1;
        }
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(ti);
    sqlite3_finalize(fk);
    sqlite3_finalize(uq);
    return rc;
}

/* ---- Drawing ---- */

/* The value at the end of a path, from row `row` of the path's first table (NULL through a
 * NULL reference). */
static const struct val *path_get(const struct dg *g, const struct path *p, size_t row,
                                  const struct gcol **colp)
{
    static const struct val null_val = {SQLITE_NULL, 0, {0}};
    size_t i;
    int64_t r = (int64_t)row;
    for (i = 0; i + 1 < p->n; i++) {
        r = g->t[p->table[i]].cols[p->col[i]].parent[r];
        if (r < 0)
            return &null_val;
    }
    *colp = &g->t[p->table[i]].cols[p->col[i]];
    return &(*colp)->vals[r];
}

static void uset_clear(struct uset *s)
{
    free(s->slot);
    memset(s, 0, sizeof(*s));
}

static uint64_t val_hash(const struct gcol *c, const struct val *v)
{
    if (v->type == SQLITE_TEXT)
        return hash64(val_text(c, v), v->len);
    return mix64((uint64_t)v->u.i ^ (uint64_t)v->type);
}

static int val_eq(const struct gcol *c, const struct val *a, const struct val *b)
{
    if (a->type != b->type)
        return 0;
    if (a->type == SQLITE_TEXT)
        return a->len == b->len && !memcmp(val_text(c, a), val_text(c, b), a->len);
    return a->u.i == b->u.i; /* the same bits for doubles too */
}

/* Adds row r's value unless an equal one is there; returns 0, or -1 for a duplicate. */
static int uset_add(struct gcol *c, size_t r)
{
    struct uset *s = &c->set;
    size_t i, mask;
    if ((s->n + 1) * 2 > s->cap) {
        struct uset old = *s;
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->slot = xcalloc(s->cap, sizeof(*s->slot));
        s->n = 0;
        for (i = 0; i < old.cap; i++)
            if (old.slot[i]) {
                size_t j = val_hash(c, &c->vals[old.slot[i] - 1]) & (s->cap - 1);
                while (s->slot[j])
                    j = (j + 1) & (s->cap - 1);
                s->slot[j] = old.slot[i];
                s->n++;
            }
        free(old.slot);
    }
    mask = s->cap - 1;
    for (i = val_hash(c, &c->vals[r]) & mask; s->slot[i]; i = (i + 1) & mask)
        if (val_eq(c, &c->vals[s->slot[i] - 1], &c->vals[r]))
            return -1;
    s->slot[i] = (int64_t)r + 1;
    s->n++;
    return 0;
}

static void add_val_text(struct buf *out, const struct gcol *c, const struct val *v)
{
    switch (v->type) {
    case SQLITE_TEXT:
        buf_add(out, val_text(c, v), v->len);
        break;
    case SQLITE_INTEGER:
        buf_addf(out, "%lld", (long long)v->u.i);
        break;
    case SQLITE_FLOAT:
        format_real(out, v->u.d);
        break;
    default:
        break;
    }
}

static double num_of(const struct val *v)
{
    return v->type == SQLITE_INTEGER ? (double)v->u.i : v->u.d;
}

static double shift_sum(const struct dg *g, const struct gen *x, size_t row)
{
    double sum = 0;
    size_t i, k;
    for (i = 0; i < x->nshifts; i++) {
        const struct shift *s = &x->shifts[i];
        const struct gcol *c = NULL;
        const struct val *v = path_get(g, &s->col, row, &c);
        if (v->type == SQLITE_NULL)
            continue;
        if (!s->keys) {
            if (v->type != SQLITE_TEXT)
                sum += s->per * (num_of(v) - s->center);
            continue;
        }
        for (k = 0; k < s->nkeys; k++) {
            struct buf t = BUF_INIT;
            int hit;
            add_val_text(&t, c, v);
            hit = !strcmp(t.s, s->keys[k]);
            buf_release(&t);
            if (hit) {
                sum += s->amount[k];
                break;
            }
        }
    }
    return sum;
}

static double draw_number(const struct dg *g, struct gen *x, size_t row)
{
    double shift = x->nshifts ? shift_sum(g, x, row) : 0, v = 0;
    int tries;
    for (tries = 0; tries < MAX_RETRIES; tries++) {
        switch (x->dist) {
        case D_UNIFORM:
            if (x->kind == GK_INT)
                v = x->min + (double)prng_below(&x->rng, (uint64_t)(x->max - x->min) + 1);
            else
                v = x->min + prng_double(&x->rng) * (x->max - x->min);
            v += shift;
            break;
        case D_NORMAL:
            v = x->p1 + shift + x->p2 * det_normal(&x->rng);
            break;
        case D_LOGNORMAL:
            v = det_exp(x->p1 + shift + x->p2 * det_normal(&x->rng));
            break;
        case D_ZIPF:
            v = x->min + (double)det_pick(&x->rng, x->cdf, x->ncdf) + shift;
            break;
        }
        v = x->kind == GK_INT ? det_round(v, 0) : det_round(v, x->decimals);
        if (v >= x->min && v <= x->max)
            return v;
    }
    return v < x->min ? x->min : x->max;
}

static void add_word(struct buf *out, struct prng *r, const struct wordlist *l)
{
    size_t i = (size_t)prng_below(r, l->n);
    buf_add(out, l->w[i], l->len[i]);
}

/* Draws one value of `x` for row `row` of table `t`: text is appended to `arena` and `out`
 * records where. */
static void draw(const struct dg *g, struct gen *x, const struct gtable *t, size_t row,
                 struct val *out, struct buf *arena)
{
    size_t start = arena->len;
    memset(out, 0, sizeof(*out));
    switch (x->kind) {
    case GK_SERIAL:
        out->type = SQLITE_INTEGER;
        out->u.i = x->start + (int64_t)row * x->step;
        return;
    case GK_INT:
        out->type = SQLITE_INTEGER;
        out->u.i = (int64_t)draw_number(g, x, row);
        return;
    case GK_REAL:
        out->type = SQLITE_FLOAT;
        out->u.d = draw_number(g, x, row);
        return;
    case GK_DATE: {
        int64_t z, y;
        int m, d;
        if (x->has_after) {
            const struct gcol *c = NULL;
            const struct val *b = path_get(g, &x->after, row, &c);
            int64_t span = x->max_days - x->min_days, base;
            int tries = 0;
            if (b->type == SQLITE_INTEGER)
                base = civil_to_days(b->u.i, 1, 1);
            else if (b->type != SQLITE_TEXT || civil_parse_ymd(val_text(c, b), b->len, &base) < 0)
                base = x->has_min ? x->dmin : civil_to_days(2000, 1, 1);
            do
                z = base + x->min_days + (int64_t)prng_below(&x->rng, (uint64_t)span + 1);
            while (((x->has_min && z < x->dmin) || (x->has_max && z > x->dmax)) &&
                   ++tries < MAX_RETRIES);
            if (x->has_min && z < x->dmin)
                z = x->dmin;
            if (x->has_max && z > x->dmax)
                z = x->dmax;
        } else {
            z = x->dmin + (int64_t)prng_below(&x->rng, (uint64_t)(x->dmax - x->dmin) + 1);
        }
        civil_from_days(z, &y, &m, &d);
        buf_addf(arena, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
        break;
    }
    case GK_CHOICE: {
        size_t i =
            x->cum ? det_pick(&x->rng, x->cum, x->nvals) : (size_t)prng_below(&x->rng, x->nvals);
        if (x->list) {
            buf_add(arena, x->list->w[i], x->list->len[i]);
            break;
        }
        *out = x->vals[i];
        if (out->type != SQLITE_TEXT)
            return;
        buf_add(arena, x->arena.s + x->vals[i].u.off, x->vals[i].len);
        break;
    }
    case GK_REF: {
        const struct gtable *p = &g->t[x->ptable];
        size_t j;
        if (x->cover && row < p->rows)
            j = x->perm_cover[row];
        else if (x->dist == D_ZIPF)
            j = x->perm_rank[det_pick(&x->rng, x->cdf, x->ncdf)];
        else
            j = (size_t)prng_below(&x->rng, p->rows);
        out->u.i = (int64_t)j; /* the caller records the parent row, then copies the key */
        out->type = -1;
        return;
    }
    case GK_COPY: {
        const struct gcol *c = NULL;
        const struct val *v = path_get(g, &x->from, row, &c);
        *out = *v;
        if (v->type != SQLITE_TEXT)
            return;
        buf_add(arena, val_text(c, v), v->len);
        break;
    }
    case GK_SYLL: {
        int n = x->smin + (int)prng_below(&x->rng, (uint64_t)(x->smax - x->smin) + 1), i;
        add_word(arena, &x->rng, x->syl[0]);
        for (i = 1; i < n; i++) {
            const struct wordlist *l = i == n - 1 && x->syl[2] ? x->syl[2]
                                       : x->syl[1]             ? x->syl[1]
                                                               : x->syl[0];
            add_word(arena, &x->rng, l);
        }
        if (arena->s[start] >= 'a' && arena->s[start] <= 'z')
            arena->s[start] = (char)(arena->s[start] - 'a' + 'A');
        break;
    }
    case GK_TEMPLATE: {
        size_t k = x->ntmpls == 1 ? 0
                   : x->tcum      ? det_pick(&x->rng, x->tcum, x->ntmpls)
                                  : (size_t)prng_below(&x->rng, x->ntmpls);
        const struct tmpl *tp = &x->tmpls[k];
        size_t i;
        for (i = 0; i < tp->n; i++) {
            const struct seg *s = &tp->segs[i];
            if (s->lit) {
                buf_add(arena, s->lit, s->len);
            } else if (s->part >= 0) {
                struct val pv;
                draw(g, x->parts[s->part], t, row, &pv, arena);
                if (pv.type == SQLITE_INTEGER)
                    buf_addf(arena, "%lld", (long long)pv.u.i);
                else if (pv.type == SQLITE_FLOAT)
                    format_real(arena, pv.u.d);
            } else {
                const struct gcol *c = NULL;
                const struct val *v = path_get(g, &s->col, row, &c);
                add_val_text(arena, c, v);
            }
        }
        break;
    }
    }
    out->type = SQLITE_TEXT;
    out->u.off = start;
    out->len = (uint32_t)(arena->len - start);
}

/* 0..n-1 in an order drawn from r. */
static size_t *shuffled_rows(struct prng *r, size_t n)
{
    size_t *perm = xmalloc(st_mult(n, sizeof(*perm))), i;
    for (i = 0; i < n; i++)
        perm[i] = i;
    prng_shuffle(r, perm, n, sizeof(*perm));
    return perm;
}

static int prepare_ref(struct dg *g, struct gen *x)
{
    const struct gtable *p = &g->t[x->ptable];
    if (x->dist == D_ZIPF) {
        if (p->rows > MAX_ZIPF)
            return error("table '%s' is too large for a zipf reference", p->name);
        x->ncdf = p->rows;
        x->cdf = det_zipf_cdf(x->ncdf, x->p1);
        x->perm_rank = shuffled_rows(&x->rng, p->rows);
    }
    if (x->cover)
        x->perm_cover = shuffled_rows(&x->rng, p->rows);
    return 0;
}

static int draw_table(struct dg *g, size_t ti)
{
    struct gtable *t = &g->t[ti];
    size_t k, r;
    for (k = 0; k < t->ncols; k++) {
        struct gcol *c = &t->cols[k];
        c->vals = xcalloc(t->rows, sizeof(*c->vals));
        if (c->gen->kind == GK_REF) {
            c->parent = xmalloc(st_mult(t->rows, sizeof(*c->parent)));
            if (prepare_ref(g, c->gen) < 0)
                return -1;
        }
    }
    for (r = 0; r < t->rows; r++) {
        for (k = 0; k < t->norder; k++) {
            struct gcol *c = &t->cols[t->order[k]];
            struct val *v = &c->vals[r];
            int tries = 0, isnull;
            for (;;) {
                size_t mark = c->arena.len;
                draw(g, c->gen, t, r, v, &c->arena);
                if (v->type == -1) { /* ref: the parent's key */
                    const struct gcol *pc = &g->t[c->gen->ptable].cols[c->gen->pcol];
                    size_t j = (size_t)v->u.i;
                    c->parent[r] = (int64_t)j;
                    *v = pc->vals[j];
                    if (v->type == SQLITE_TEXT) {
                        v->u.off = c->arena.len;
                        buf_add(&c->arena, val_text(pc, &pc->vals[j]), v->len);
                    }
                }
                if (v->type == SQLITE_TEXT) /* each value a C string, for binding */
                    buf_addch(&c->arena, 0);
                /* The NULL draw comes after the value so that changing the fraction leaves
                 * the values of the other rows alone. */
                isnull = c->null_frac > 0 && prng_double(&c->null_rng) < c->null_frac;
                if (isnull || !c->unique || v->type == SQLITE_NULL || uset_add(c, r) == 0)
                    break;
                c->arena.len = mark;
                c->arena.s[mark] = 0;
                if (++tries >= MAX_UNIQUE_TRIES) {
                    dg_push(g, "tables", 0);
                    dg_push(g, t->name, 0);
                    dg_push(g, "columns", 0);
                    dg_push(g, c->name, 0);
                    dg_error(g, NULL,
                             "cannot draw a unique value for row %zu of '%s.%s' in %d tries "
                             "(give the generator more words or a wider range)",
                             r + 1, t->name, c->name, MAX_UNIQUE_TRIES);
                    g->depth = 0;
                    return -1;
                }
            }
            if (isnull) {
                if (c->parent)
                    c->parent[r] = -1;
                if (v->type == SQLITE_TEXT) {
                    c->arena.len = (size_t)v->u.off;
                    c->arena.s[c->arena.len] = 0;
                }
                memset(v, 0, sizeof(*v));
                v->type = SQLITE_NULL;
            }
        }
    }
    t->drawn = 1;
    return 0;
}

static int insert_table(struct dg *g, size_t ti)
{
    struct gtable *t = &g->t[ti];
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    size_t k, r;
    int rc = 0;
    char *q = xsqlite_mprintf("INSERT INTO \"%w\" (", t->name);
    buf_adds(&sql, q);
    sqlite3_free(q);
    for (k = 0; k < t->ncols; k++) {
        q = xsqlite_mprintf("%s\"%w\"", k ? ", " : "", t->cols[k].name);
        buf_adds(&sql, q);
        sqlite3_free(q);
    }
    buf_adds(&sql, ") VALUES (");
    for (k = 0; k < t->ncols; k++)
        buf_adds(&sql, k ? ", ?" : "?");
    buf_adds(&sql, ")");
    if (sqlite3_prepare_v2(g->db, sql.s, -1, &st, NULL)) {
        buf_release(&sql);
        return error("cannot insert into '%s': %s", t->name, sqlite3_errmsg(g->db));
    }
    buf_release(&sql);
    for (r = 0; r < t->rows && !rc; r++) {
        for (k = 0; k < t->ncols; k++) {
            const struct gcol *c = &t->cols[k];
            const struct val *v = &c->vals[r];
            int idx = (int)k + 1;
            switch (v->type) {
            case SQLITE_INTEGER:
                sqlite3_bind_int64(st, idx, v->u.i);
                break;
            case SQLITE_FLOAT:
                sqlite3_bind_double(st, idx, v->u.d);
                break;
            case SQLITE_TEXT:
                sqlite3_bind_text(st, idx, val_text(c, v), (int)v->len, SQLITE_STATIC);
                break;
            default:
                sqlite3_bind_null(st, idx);
                break;
            }
        }
        if (sqlite3_step(st) != SQLITE_DONE)
            rc =
                error("cannot insert row %zu into '%s': %s", r + 1, t->name, sqlite3_errmsg(g->db));
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

static void dg_release(struct dg *g)
{
    size_t i, k;
    for (i = 0; i < g->nt; i++) {
        struct gtable *t = &g->t[i];
        for (k = 0; k < t->ncols; k++) {
            struct gcol *c = &t->cols[k];
            free(c->name);
            free(c->fk_table);
            free(c->fk_col);
            dg_gen_free(c->gen);
            free(c->vals);
            buf_release(&c->arena);
            free(c->parent);
            uset_clear(&c->set);
        }
        free(t->cols);
        free(t->name);
        free(t->order);
    }
    free(g->t);
    for (i = 0; i < g->nlists; i++)
        dg_wordlist_free(g->lists[i]);
    free(g->lists);
    cJSON_Delete(g->root);
    buf_release(&g->text);
    json_lines_free(g->lines);
    free(g->file);
}

uint64_t datagen_rows(uint64_t rows, double scale)
{
    return (uint64_t)clamp_to_i64(floor((double)rows * scale + 0.5), 1, INT64_MAX, 1);
}

int datagen_fill(sqlite3 *db, const char *schema_dir, double scale, uint64_t seed)
{
    struct dg g;
    size_t *order = NULL, i;
    int rc = -1;
    memset(&g, 0, sizeof(g));
    g.db = db;
    g.dir = schema_dir;
    g.scale = scale;
    g.seed = seed;
    g.file = path_join(schema_dir, "generate.json");
    if (!(scale > 0) || scale > DATAGEN_SCALE_MAX) {
        error("scale must be above 0 and at most %g, not %g", DATAGEN_SCALE_MAX, scale);
        goto out;
    }
    if (read_file(g.file, &g.text) < 0)
        goto out;
    g.root = json_parse_file_text(g.text.s, g.text.len, g.file);
    if (!g.root || read_tables(&g) < 0)
        goto out;
    order = xcalloc(g.nt + 1, sizeof(*order));
    if (dg_check_spec(&g, order) < 0)
        goto out;
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL)) {
        error("cannot begin a transaction: %s", sqlite3_errmsg(db));
        goto out;
    }
    for (i = 0; i < g.nt; i++)
        if (draw_table(&g, order[i]) < 0 || insert_table(&g, order[i]) < 0)
            break;
    if (i < g.nt || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) {
        if (i == g.nt)
            error("cannot commit: %s", sqlite3_errmsg(db));
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto out;
    }
    rc = 0;
out:
    free(order);
    dg_release(&g);
    return rc;
}

int datagen_parse_scale(const char *s, double *out)
{
    double d;
    if (parse_real(s, 0, DATAGEN_SCALE_MAX, &d) < 0 || !(d > 0))
        return -1;
    *out = d;
    return 0;
}
