/* context.c: builds one instance's context from a schema, a query and a grid point; the interface
 * and its rules are in context.h. */
#include "context.h"

#include "meter.h"
#include "prng.h"
#include "schema.h"
#include "tokenizer.h"
#include "util.h"
#include "verbalize.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char *const position_names[POS_COUNT] = {"uniform", "begin", "end", "middle",
                                                      "bimodal"};

int position_parse(const char *s)
{
    int i;
    for (i = 0; i < POS_COUNT; i++)
        if (!strcmp(s, position_names[i]))
            return i;
    return -1;
}

const char *position_name(int pos)
{
    return pos >= 0 && pos < POS_COUNT ? position_names[pos] : "?";
}

uint32_t token_estimate(const char *s, size_t n)
{
    uint64_t cp = utf8_count(s, n);
    return (uint32_t)(cp * 100 / 366 + 1);
}

uint64_t token_estimate_text(const char *s, size_t n)
{
    uint64_t t = 0;
    while (n) {
        const char *e = memchr(s, '\n', n);
        size_t len = e ? (size_t)(e - s) : n;
        t += token_estimate(s, len);
        if (!e)
            break;
        n -= len + 1;
        s = e + 1;
    }
    return t;
}

int rowref_cmp(const void *a, const void *b)
{
    const struct rowref *x = a, *y = b;
    if (x->table != y->table)
        return x->table < y->table ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

/* ---- rendering ------------------------------------------------------------------------------ */

/* The tail class of row k's last piece: an existing class with the same bytes, a new one,
 * or none when there are 64 already or the tail is unknown. */
static uint8_t tail_class(struct rendered *r, const struct rtok *k)
{
    const char *tail = r->raw.s + k->raw_off + k->tail;
    uint32_t len = k->raw_len + 1 - k->tail;
    size_t c;
    if (k->tail == UINT32_MAX)
        return RTOK_NO_CLASS;
    for (c = 0; c < r->ntails; c++)
        if (r->tail_len[c] == len && !memcmp(r->raw.s + r->tails[c], tail, len))
            return (uint8_t)c;
    if (r->ntails == 64)
        return RTOK_NO_CLASS;
    r->tails[r->ntails] = k->raw_off + k->tail;
    r->tail_len[r->ntails] = len;
    return (uint8_t)r->ntails++;
}

/* Tokenizes row i of table t (raw text in line) and keeps its raw text. */
static void measure_row(struct rendered *r, size_t t, size_t i, const struct buf *line)
{
    struct rtok *k = &r->tk[t][i];
    struct line_measure lm;
    size_t tail;
    meter_line(r->m, 1, line->s, line->len, &lm);
    k->raw_off = r->raw.len;
    k->raw_len = (uint32_t)line->len;
    buf_add(&r->raw, line->s, line->len);
    buf_addch(&r->raw, '\n');
    k->nl = lm.nl;
    k->alone = lm.alone;
    r->rows[t][i].cost = lm.cost;
    tail = tokenizer_last_piece(r->m->tok, r->raw.s + k->raw_off, line->len + 1);
    k->tail = tail == SIZE_MAX ? UINT32_MAX : (uint32_t)tail;
}

/* Sorts rows into tail classes and checks every class against every row as its successor. */
static void classify_rows(struct rendered *r)
{
    size_t t, i, c;
    for (t = 0; t < r->ntables; t++)
        for (i = 0; r->tk[t] && i < r->nrows[t]; i++)
            r->tk[t][i].cls = tail_class(r, &r->tk[t][i]);
    for (t = 0; t < r->ntables; t++)
        for (i = 0; r->tk[t] && i < r->nrows[t]; i++) {
            struct rtok *k = &r->tk[t][i];
            for (c = 0; c < r->ntails; c++)
                if (tokenizer_joins(r->m->tok, r->raw.s + r->tails[c], r->tail_len[c],
                                    r->raw.s + k->raw_off, k->raw_len))
                    k->joins |= (uint64_t)1 << c;
        }
}

void rendered_build(struct rendered *r, const struct schema *s, uint64_t seed,
                    const struct meter *m)
{
    struct buf key = BUF_INIT, line = BUF_INIT;
    size_t t, i;
    int exact = m && m->kind == METER_TOKENIZER;
    memset(r, 0, sizeof(*r));
    r->seed = seed;
    r->m = m;
    r->ntables = s->ntables;
    r->rows = xcalloc(s->ntables, sizeof(*r->rows));
    r->nrows = xcalloc(s->ntables, sizeof(*r->nrows));
    if (exact)
        r->tk = xcalloc(s->ntables, sizeof(*r->tk));
    for (t = 0; t < s->ntables; t++) {
        const struct table *tb = &s->tables[t];
        double slope = m ? meter_slope(m, s->name, NULL) : 1;
        size_t nt;
        if (tb->skip || !tb->vt)
            continue;
        nt = vtable_count(tb->vt);
        r->rows[t] = xcalloc(tb->nrows ? tb->nrows : 1, sizeof(struct rline));
        r->nrows[t] = tb->nrows;
        if (exact)
            r->tk[t] = xcalloc(tb->nrows ? tb->nrows : 1, sizeof(struct rtok));
        for (i = 0; i < tb->nrows; i++) {
            struct rline *l = &r->rows[t][i];
            buf_reset(&key);
            table_key_text(tb, i, &key);
            l->tmpl = (uint32_t)verbalize_choose(seed, tb->name, key.s, nt);
            buf_reset(&line);
            vtable_render(tb->vt, l->tmpl, table_row(tb, i), &line);
            if (exact) {
                measure_row(r, t, i, &line);
            } else {
                struct line_measure lm;
                meter_line(m, slope, line.s, line.len, &lm);
                l->cost = lm.cost;
            }
            l->off = r->text.len;
            buf_add_json_chars(&r->text, line.s, line.len);
            l->len = (uint32_t)(r->text.len - l->off);
        }
    }
    if (exact)
        classify_rows(r);
    buf_release(&line);
    buf_release(&key);
}

void rendered_release(struct rendered *r)
{
    size_t t;
    for (t = 0; t < r->ntables; t++) {
        free(r->rows[t]);
        if (r->tk)
            free(r->tk[t]);
    }
    free(r->rows);
    free(r->nrows);
    free(r->tk);
    buf_release(&r->text);
    buf_release(&r->raw);
    memset(r, 0, sizeof(*r));
}

uint64_t rendered_tokens(const struct rendered *r, const struct rowref *rows, size_t n,
                         uint64_t *line_sum, int *whole)
{
    uint64_t sum = 0, exact = 0;
    size_t i;
    int clean = 1;
    *whole = 0;
    for (i = 0; i < n; i++)
        sum += rendered_line(r, rows[i])->cost;
    *line_sum = sum;
    if (!r->tk)
        return sum;
    for (i = 0; i < n; i++) {
        const struct rtok *k = &r->tk[rows[i].table][rows[i].row];
        exact += i + 1 < n ? k->nl : k->alone;
        if (i) {
            const struct rtok *p = &r->tk[rows[i - 1].table][rows[i - 1].row];
            if (p->cls == RTOK_NO_CLASS || !(k->joins >> p->cls & 1))
                clean = 0;
        }
    }
    if (!clean) { /* count the context as it stands */
        struct buf text = BUF_INIT;
        for (i = 0; i < n; i++) {
            const struct rtok *k = &r->tk[rows[i].table][rows[i].row];
            buf_add(&text, r->raw.s + k->raw_off, k->raw_len + (i + 1 < n));
        }
        exact = tokenizer_count(r->m->tok, text.s ? text.s : "", text.len);
        buf_release(&text);
        *whole = 1;
    }
    return exact;
}

/* ---- pools ------------------------------------------------------------------------------------
 */

void pool_build(struct pool *p, const struct schema *s, const struct rendered *r, const int *want,
                uint64_t seed)
{
    struct prng rng;
    size_t t, i, n = 0;
    memset(p, 0, sizeof(*p));
    for (t = 0; t < s->ntables; t++)
        if (want[t] && r->rows[t])
            n += s->tables[t].nrows;
    p->rows = xcalloc(n ? n : 1, sizeof(*p->rows));
    p->min_cost = UINT32_MAX;
    for (t = 0; t < s->ntables; t++) {
        if (!want[t] || !r->rows[t])
            continue;
        for (i = 0; i < s->tables[t].nrows; i++) {
            p->rows[p->n].table = (uint32_t)t;
            p->rows[p->n++].row = (uint32_t)i;
            if (r->rows[t][i].cost < p->min_cost)
                p->min_cost = r->rows[t][i].cost;
        }
    }
    prng_seed(&rng, seed);
    prng_shuffle(&rng, p->rows, p->n, sizeof(*p->rows));
}

void pool_release(struct pool *p)
{
    free(p->rows);
    memset(p, 0, sizeof(*p));
}

/* ---- selection ---------------------------------------------------------------------------------
 */

/* Per-table bitmaps of placed rows, so that no row is placed twice. */
struct placed {
    unsigned char **bits;
    size_t ntables;
};

static void placed_init(struct placed *pl, const struct schema *s)
{
    size_t t;
    pl->ntables = s->ntables;
    pl->bits = xcalloc(s->ntables, sizeof(*pl->bits));
    for (t = 0; t < s->ntables; t++)
        pl->bits[t] = xcalloc(s->tables[t].nrows / 8 + 1, 1);
}

static void placed_free(struct placed *pl)
{
    size_t t;
    for (t = 0; t < pl->ntables; t++)
        free(pl->bits[t]);
    free(pl->bits);
}

static int is_placed(const struct placed *pl, struct rowref r)
{
    return pl->bits[r.table][r.row / 8] >> (r.row % 8) & 1;
}

static void mark(struct placed *pl, struct rowref r)
{
    pl->bits[r.table][r.row / 8] |= (unsigned char)(1u << (r.row % 8));
}

struct group {
    struct rowref *rows;
    size_t n, alloc;
    uint64_t cost;
};

static int in_group(const struct group *g, struct rowref r)
{
    size_t i;
    for (i = 0; i < g->n; i++)
        if (g->rows[i].table == r.table && g->rows[i].row == r.row)
            return 1;
    return 0;
}

/* Adds `r` and, depth first, the unplaced parents it references in closure tables.  Parents
 * come before their children in the group, so a reader meets a referenced row first. */
static void gather(struct group *g, struct rowref r, const struct schema *s,
                   const struct rendered *rd, const int *closure, const struct placed *pl,
                   int depth)
{
    const struct table *t = &s->tables[r.table];
    size_t k;
    if (is_placed(pl, r) || in_group(g, r) || depth > 16)
        return;
    for (k = 0; closure && k < t->nfks; k++) {
        const struct fkey *fk = &t->fks[k];
        int64_t pr = fk->parent_row ? fk->parent_row[r.row] : -1;
        if (pr >= 0 && closure[fk->parent] && rd->rows[fk->parent] && fk->parent != r.table) {
            struct rowref p = {(uint32_t)fk->parent, (uint32_t)pr};
            gather(g, p, s, rd, closure, pl, depth + 1);
        }
    }
    ALLOC_GROW(g->rows, g->n + 1, g->alloc);
    g->rows[g->n++] = r;
    g->cost += rendered_line(rd, r)->cost;
}

/* Whether every row of the pool is placed (parents brought in by the closure may come from
 * outside the pool, so the count of rows placed does not tell). */
static int pool_used_up(const struct pool *p, const struct placed *pl)
{
    size_t i;
    for (i = 0; i < p->n; i++)
        if (!is_placed(pl, p->rows[i]))
            return 0;
    return 1;
}

void select_fill(struct selection *out, const struct pool *p, const struct schema *s,
                 const struct rendered *r, uint64_t budget, const int *closure)
{
    struct placed pl;
    struct group g = {NULL, 0, 0, 0};
    size_t i, k;
    uint64_t left = budget;
    memset(out, 0, sizeof(*out));
    placed_init(&pl, s);
    for (i = 0; i < p->n && left >= p->min_cost; i++) {
        const struct rline *l = rendered_line(r, p->rows[i]);
        if (l->cost > left || is_placed(&pl, p->rows[i]))
            continue;
        g.n = 0;
        g.cost = 0;
        gather(&g, p->rows[i], s, r, closure, &pl, 0);
        if (g.cost > left)
            continue;
        for (k = 0; k < g.n; k++) {
            mark(&pl, g.rows[k]);
            ALLOC_GROW(out->rows, out->n + 1, out->alloc);
            out->rows[out->n++] = g.rows[k];
        }
        left -= g.cost;
        out->tokens += g.cost;
    }
    /* Every row not placed is now too long for the gap (with its parents), which is the
     * budget guarantee.  Only when the pool is used up while one of its rows would still
     * fit has the data run out: say by how much. */
    if (left > 0 && pool_used_up(p, &pl) && (p->n == 0 || left >= p->min_cost))
        out->shortfall = left;
    free(g.rows);
    placed_free(&pl);
}

void selection_release(struct selection *sel)
{
    free(sel->rows);
    memset(sel, 0, sizeof(*sel));
}

/* ---- positions ----------------------------------------------------------------------------------
 */

static void put(struct rowref *out, unsigned char *is_rel, size_t *at, struct rowref r, int rel)
{
    out[*at] = r;
    is_rel[*at] = (unsigned char)rel;
    (*at)++;
}

static void put_run(struct rowref *out, unsigned char *is_rel, size_t *at,
                    const struct selection *sel, size_t from, size_t to, int rel)
{
    size_t i;
    for (i = from; i < to; i++)
        put(out, is_rel, at, sel->rows[i], rel);
}

void merge_lines(const struct selection *rel, const struct selection *dis, int pos,
                 struct rowref *out, unsigned char *is_rel)
{
    size_t M = rel->n, A = dis->n, T = M + A, at = 0, i, ri = 0, di = 0;
    switch (pos) {
    case POS_UNIFORM:
        for (i = 0; i < T; i++) {
            /* next relevant slot: floor((2*ri+1) * T / (2M)) */
            if (ri < M && i == (size_t)(((2 * (uint64_t)ri + 1) * T) / (2 * (uint64_t)M)))
                put(out, is_rel, &at, rel->rows[ri++], 1);
            else
                put(out, is_rel, &at, dis->rows[di++], 0);
        }
        break;
    case POS_BEGIN:
        put_run(out, is_rel, &at, rel, 0, M, 1);
        put_run(out, is_rel, &at, dis, 0, A, 0);
        break;
    case POS_END:
        put_run(out, is_rel, &at, dis, 0, A, 0);
        put_run(out, is_rel, &at, rel, 0, M, 1);
        break;
    case POS_MIDDLE:
        put_run(out, is_rel, &at, dis, 0, A / 2, 0);
        put_run(out, is_rel, &at, rel, 0, M, 1);
        put_run(out, is_rel, &at, dis, A / 2, A, 0);
        break;
    case POS_BIMODAL:
        put_run(out, is_rel, &at, rel, 0, M / 2, 1);
        put_run(out, is_rel, &at, dis, 0, A, 0);
        put_run(out, is_rel, &at, rel, M / 2, M, 1);
        break;
    default:
        BUG("unknown position %d", pos);
    }
}
