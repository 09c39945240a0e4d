/* report_boot: the report's intervals: query ids interned as clusters, and every table cell's
 * and chart point's 95% interval by the clustered percentile bootstrap of stats.h. */
#include "prng.h"
#include "report_int.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* ---- clusters -------------------------------------------------------------------------------- */

static void cl_grow(struct report_run *r)
{
    size_t cap = r->cl_cap ? r->cl_cap * 2 : 1024, i;
    uint32_t *tab = xcalloc(cap, sizeof(*tab));
    for (i = 0; i < r->ncl; i++) {
        size_t h = hash64(r->cl_names[i], strlen(r->cl_names[i])) & (cap - 1);
        while (tab[h])
            h = (h + 1) & (cap - 1);
        tab[h] = (uint32_t)i + 1;
    }
    free(r->cl_tab);
    r->cl_tab = tab;
    r->cl_cap = cap;
}

/* An instance without a query id is a cluster of its own, named by its instance id. */
uint32_t report_cluster_of(struct report_run *r, const char *qid, const char *iid)
{
    const char *name = qid ? qid : iid;
    size_t h;
    if (2 * (r->ncl + 1) > r->cl_cap)
        cl_grow(r);
    h = hash64(name, strlen(name)) & (r->cl_cap - 1);
    for (; r->cl_tab[h]; h = (h + 1) & (r->cl_cap - 1))
        if (!strcmp(r->cl_names[r->cl_tab[h] - 1], name))
            return r->cl_tab[h] - 1;
    ALLOC_GROW(r->cl_names, r->ncl + 1, r->acl);
    r->cl_names[r->ncl] = xstrdup(name);
    r->cl_tab[h] = (uint32_t)r->ncl + 1;
    return (uint32_t)r->ncl++;
}

uint32_t *report_by_cluster(const uint32_t *cl, size_t n, size_t ncl)
{
    size_t *start = xcalloc(ncl + 1, sizeof(*start)), i;
    uint32_t *order = xcalloc(n + 1, sizeof(*order));
    for (i = 0; i < n; i++)
        start[cl[i] + 1]++;
    for (i = 0; i < ncl; i++)
        start[i + 1] += start[i];
    for (i = 0; i < n; i++)
        order[start[cl[i]]++] = (uint32_t)i;
    free(start);
    return order;
}

/* ---- building the parts ---------------------------------------------------------------------- */

void pb_init(struct part_builder *b, size_t ncells)
{
    memset(b, 0, sizeof(*b));
    b->ncells = ncells;
    b->sum = xcalloc(ncells + 1, sizeof(*b->sum));
    b->n = xcalloc(ncells + 1, sizeof(*b->n));
    b->touched = xcalloc(ncells + 1, sizeof(*b->touched));
}

void pb_add(struct part_builder *b, size_t cell, double x)
{
    if (!b->n[cell]++)
        b->touched[b->ntouched++] = (uint32_t)cell;
    b->sum[cell] += x;
}

void pb_flush(struct part_builder *b, uint32_t cluster)
{
    size_t i;
    for (i = 0; i < b->ntouched; i++) {
        uint32_t c = b->touched[i];
        ALLOC_GROW(b->p, b->np + 1, b->alloc);
        b->p[b->np].cell = c;
        b->p[b->np].cluster = cluster;
        b->p[b->np].sum = b->sum[c];
        b->p[b->np++].n = b->n[c];
        b->sum[c] = 0;
        b->n[c] = 0;
    }
    b->ntouched = 0;
}

void pb_release(struct part_builder *b)
{
    free(b->sum);
    free(b->n);
    free(b->touched);
    free(b->p);
}

static int cmp_part(const void *pa, const void *pb)
{
    const struct boot_part *a = pa, *b = pb;
    if (a->cluster != b->cluster)
        return a->cluster < b->cluster ? -1 : 1;
    return (a->cell > b->cell) - (a->cell < b->cell);
}

size_t report_merge_parts(struct boot_part *p, size_t n)
{
    size_t j, k = 0;
    qsort(p, n, sizeof(*p), cmp_part);
    for (j = 0; j < n; j++) {
        if (k && p[k - 1].cluster == p[j].cluster && p[k - 1].cell == p[j].cell) {
            p[k - 1].sum += p[j].sum;
            p[k - 1].n += p[j].n;
        } else {
            p[k++] = p[j];
        }
    }
    return k;
}

unsigned report_reps(size_t np)
{
    const double budget = 1e8;
    double r = budget / (double)(np ? np : 1);
    return r >= BOOT_REPS ? BOOT_REPS : r <= 200 ? 200 : (unsigned)r;
}

/* ---- a run's intervals ----------------------------------------------------------------------- */

/* The cells of a run: all, the flags, then each view's a × b values, as in agg. */
static size_t view_cells(const struct report *R, size_t v)
{
    return report_dim_size(R, report_views[v].a) * report_dim_size(R, report_views[v].b);
}

static void add_rec(const struct report *R, struct part_builder *b, const size_t *off,
                    const struct report_rec *x)
{
    size_t v, j, k;
    pb_add(b, 0, x->score);
    pb_add(b, 1 + x->flag, x->score);
    for (v = 0; v < NVIEW; v++) {
        const struct report_view *vw = &report_views[v];
        size_t nb = report_dim_size(R, vw->b);
        const uint32_t *va, *vb;
        uint32_t oa, ob;
        size_t na = report_rec_vals(R, x, vw->a, &va, &oa),
               nbv = report_rec_vals(R, x, vw->b, &vb, &ob);
        for (j = 0; j < na; j++)
            for (k = 0; k < nbv; k++)
                pb_add(b, off[v] + va[j] * nb + vb[k], x->score);
    }
}

static void run_intervals(const struct report *R, struct report_run *r)
{
    size_t off[NVIEW + 1], v, i;
    uint32_t *cl = xcalloc(r->n + 1, sizeof(*cl)), *order;
    struct part_builder b;
    off[0] = 1 + NFLAG;
    for (v = 0; v < NVIEW; v++)
        off[v + 1] = off[v] + view_cells(R, v);
    for (i = 0; i < r->n; i++)
        cl[i] = r->rec[i].cl;
    order = report_by_cluster(cl, r->n, r->ncl);
    pb_init(&b, off[NVIEW]);
    for (i = 0; i < r->n; i++) {
        const struct report_rec *x = &r->rec[order[i]];
        add_rec(R, &b, off, x);
        if (i + 1 == r->n || r->rec[order[i + 1]].cl != x->cl)
            pb_flush(&b, x->cl);
    }
    r->ci_cells = xcalloc(off[NVIEW] + 1, sizeof(*r->ci_cells));
    stats_boot(b.p, b.np, off[NVIEW], r->ncl, report_reps(b.np), REPORT_SEED, r->ci_cells);
    r->ci_all = r->ci_cells;
    r->ci_flag = r->ci_cells + 1;
    for (v = 0; v < NVIEW; v++)
        r->ci[v] = r->ci_cells + off[v];
    pb_release(&b);
    free(cl);
    free(order);
}

void report_bootstrap(struct report *R)
{
    size_t i;
    for (i = 0; i < R->nruns; i++)
        run_intervals(R, &R->runs[i]);
    report_pair_runs(R);
}
