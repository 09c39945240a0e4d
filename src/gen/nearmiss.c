/* nearmiss.c: near-miss distractors (rows of the queried tables that fail the query's row
 * filter) and how they share the distractor budget with other tables; see nearmiss.h. */
#include "nearmiss.h"

#include "err.h"
#include "gold.h"
#include "prng.h"
#include "query.h"
#include "schema.h"
#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char *const mode_names[DIS_COUNT] = {"tables", "near-miss", "mixed"};

int distractors_parse(const char *s)
{
    int i;
    for (i = 0; i < DIS_COUNT; i++)
        if (!strcmp(s, mode_names[i]))
            return i;
    return -1;
}

const char *distractors_name(int mode)
{
    return mode >= 0 && mode < DIS_COUNT ? mode_names[mode] : "?";
}

const char *row_role_name(int role)
{
    static const char *const names[] = {"answer", "near-miss", "other"};
    return role >= 0 && role <= ROLE_OTHER ? names[role] : "?";
}

/* Keeps the rows of `p` that pass (keep = 1) or fail (keep = 0), in their shuffled order. */
static void pool_keep(struct pool *p, unsigned char *const *pass, int keep,
                      const struct rendered *r)
{
    size_t i, n = 0;
    p->min_cost = UINT32_MAX;
    for (i = 0; i < p->n; i++) {
        struct rowref ref = p->rows[i];
        int passes = !pass[ref.table] || pass[ref.table][ref.row];
        if (passes != keep)
            continue;
        p->rows[n++] = ref;
        if (rendered_line(r, ref)->cost < p->min_cost)
            p->min_cost = rendered_line(r, ref)->cost;
    }
    p->n = n;
}

int nearmiss_init(struct nearmiss *nm, int mode, const struct schema *s, const struct query *q,
                  const struct rendered *r, const int *want_rel, uint64_t answer_seed,
                  uint64_t miss_seed)
{
    memset(nm, 0, sizeof(*nm));
    nm->mode = mode;
    nm->ntables = s->ntables;
    if (rowfilter_mark(q, s, &nm->pass) < 0)
        return -1;
    pool_build(&nm->answer, s, r, want_rel, answer_seed);
    pool_keep(&nm->answer, nm->pass, 1, r);
    pool_build(&nm->miss, s, r, want_rel, miss_seed);
    pool_keep(&nm->miss, nm->pass, 0, r);
    return 0;
}

void nearmiss_release(struct nearmiss *nm)
{
    rowfilter_release(nm->pass, nm->ntables);
    pool_release(&nm->answer);
    pool_release(&nm->miss);
    memset(nm, 0, sizeof(*nm));
}

/* A copy of `p` without the rows of `a` and `b` (selections are small next to the pools, but
 * a sorted copy keeps this n log m). */
static void pool_without(struct pool *out, const struct pool *p, const struct selection *a,
                         const struct selection *b, const struct rendered *r)
{
    struct selection taken = {NULL, 0, 0, 0, 0};
    size_t i;
    taken.rows = xcalloc(a->n + b->n + 1, sizeof(*taken.rows));
    if (a->n)
        memcpy(taken.rows, a->rows, a->n * sizeof(*a->rows));
    if (b->n)
        memcpy(taken.rows + a->n, b->rows, b->n * sizeof(*b->rows));
    taken.n = a->n + b->n;
    qsort(taken.rows, taken.n, sizeof(*taken.rows), rowref_cmp);
    out->rows = xcalloc(p->n + 1, sizeof(*out->rows));
    out->n = 0;
    out->min_cost = UINT32_MAX;
    for (i = 0; i < p->n; i++) {
        if (bsearch(&p->rows[i], taken.rows, taken.n, sizeof(*taken.rows), rowref_cmp))
            continue;
        out->rows[out->n++] = p->rows[i];
        if (rendered_line(r, p->rows[i])->cost < out->min_cost)
            out->min_cost = rendered_line(r, p->rows[i])->cost;
    }
    free(taken.rows);
}

static void append(struct selection *to, const struct selection *from)
{
    size_t i;
    for (i = 0; i < from->n; i++) {
        ALLOC_GROW(to->rows, to->n + 1, to->alloc);
        to->rows[to->n++] = from->rows[i];
    }
    to->tokens += from->tokens;
}

/* Near misses (not in rel or already in dis) while they fit `budget`, appended to dis;
 * returns 1 when the pool is used up. */
static int fill_miss(struct selection *dis, const struct nearmiss *nm, const struct selection *rel,
                     const struct schema *s, const struct rendered *r, uint64_t budget)
{
    struct pool left;
    struct selection got;
    int used_up;
    pool_without(&left, &nm->miss, rel, dis, r);
    select_fill(&got, &left, s, r, budget, NULL);
    used_up = got.n == left.n;
    append(dis, &got);
    selection_release(&got);
    pool_release(&left);
    return used_up;
}

void nearmiss_fill(struct selection *dis, const struct nearmiss *nm, const struct selection *rel,
                   const struct pool *other, const struct schema *s, const struct rendered *r,
                   uint64_t budget, uint64_t seed)
{
    struct selection oth;
    struct prng rng;
    uint64_t first = nm->mode == DIS_MIXED ? budget / 2 : budget, left;
    int miss_done, other_done;
    uint32_t min_cost = nm->miss.min_cost < other->min_cost ? nm->miss.min_cost : other->min_cost;
    memset(dis, 0, sizeof(*dis));
    miss_done = fill_miss(dis, nm, rel, s, r, first);
    select_fill(&oth, other, s, r, budget - dis->tokens, NULL);
    other_done = oth.n == other->n;
    append(dis, &oth);
    selection_release(&oth);
    if (!miss_done && dis->tokens < budget) /* mixed: the other tables ran short */
        miss_done = fill_miss(dis, nm, rel, s, r, budget - dis->tokens);
    left = budget - dis->tokens;
    if (left > 0 && miss_done && other_done && (nm->miss.n + other->n == 0 || left >= min_cost))
        dis->shortfall = left;
    prng_seed(&rng, seed);
    prng_shuffle(&rng, dis->rows, dis->n, sizeof(*dis->rows));
}

struct rowref *nearmiss_gold_rows(const struct query *q, const struct selection *rel,
                                  const struct selection *dis, size_t *n)
{
    struct rowref *rows = xcalloc(rel->n + dis->n + 1, sizeof(*rows));
    size_t i;
    if (rel->n) /* an empty selection has no array */
        memcpy(rows, rel->rows, rel->n * sizeof(*rows));
    *n = rel->n;
    for (i = 0; i < dis->n; i++)
        if (q->reads_table[dis->rows[i].table])
            rows[(*n)++] = dis->rows[i];
    return rows;
}

/* All rows of the tables q reads, filtered (pass given) or not. */
static struct rowref *read_rows(const struct schema *s, const struct query *q,
                                unsigned char *const *pass, size_t *n)
{
    struct rowref *rows;
    size_t i, r, total = 0;
    for (i = 0; i < q->ntables; i++)
        total += s->tables[q->tables[i]].nrows;
    rows = xcalloc(total + 1, sizeof(*rows));
    *n = 0;
    for (i = 0; i < q->ntables; i++) {
        size_t t = q->tables[i];
        for (r = 0; r < s->tables[t].nrows; r++) {
            if (pass && pass[t] && !pass[t][r])
                continue;
            rows[*n].table = (uint32_t)t;
            rows[(*n)++].row = (uint32_t)r;
        }
    }
    return rows;
}

/* The gold over `rows` as canonical JSON, and its row count. */
static int gold_text(struct gold_db *gdb, const struct query *q, const struct rowref *rows,
                     size_t n, struct buf *out, size_t *nrows)
{
    struct gold g;
    if (gold_compute(gdb, q, rows, n, &g) < 0)
        return -1;
    gold_json(out, &g);
    *nrows = g.nrows;
    gold_release(&g);
    return 0;
}

/* Warns when a filter keeps every row of its table or none. */
static void check_kept(const struct schema *s, const struct query *q, unsigned char *const *pass)
{
    size_t i, r;
    for (i = 0; i < q->nfilters; i++) {
        const struct rowfilter *f = &q->filters[i];
        size_t n = s->tables[f->ti].nrows, kept = 0;
        for (r = 0; r < n; r++)
            kept += pass[f->ti][r];
        if (kept == n || !kept)
            warning_at(&f->loc,
                       "query '%s': row_filter '%s' keeps %s of its %zu rows, so it leaves "
                       "%s",
                       q->id, f->table, kept ? "every one" : "none", n,
                       kept ? "no near miss" : "no answer row");
    }
}

int rowfilter_check(struct gold_db *gdb, const struct schema *s, const struct query *q)
{
    unsigned char **pass;
    struct rowref *all, *kept;
    size_t nall, nkept;
    struct buf a = BUF_INIT, b = BUF_INIT;
    size_t na = 0, nb = 0;
    int rc = 0;
    if (!q->nfilters)
        return 0;
    if (rowfilter_mark(q, s, &pass) < 0)
        return -1;
    check_kept(s, q, pass);
    all = read_rows(s, q, NULL, &nall);
    kept = read_rows(s, q, pass, &nkept);
    if (gold_text(gdb, q, all, nall, &a, &na) < 0 || gold_text(gdb, q, kept, nkept, &b, &nb) < 0)
        rc = -1;
    else if (strcmp(a.s, b.s))
        rc = error_at(&q->filters[0].loc,
                      "query '%s': row_filter changes the answer (%zu answer rows over the full "
                      "data, %zu%s over the rows that pass): a filter must keep every row that "
                      "bears on the answer",
                      q->id, na, nb, na == nb ? " with other values" : "");
    buf_release(&a);
    buf_release(&b);
    free(all);
    free(kept);
    rowfilter_release(pass, s->ntables);
    return rc;
}
