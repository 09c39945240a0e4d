/* report_pair: each run after the first compared with the first on the instances both scored:
 * the mean paired difference per dimension value with a clustered paired bootstrap interval
 * and a sign test over queries, and wins, ties and losses by query type.
 *
 * The pairing is per instance id.  The bootstrap resamples the base run's query ids (as
 * report_boot.c does for one run) and takes the mean difference over the drawn queries'
 * matched instances; the sign test counts queries whose mean difference is above or below
 * zero (ties left out), so that it too treats a query, not an instance, as one observation. */
#include "csv.h"
#include "report_int.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define TIE_EPS 1e-9 /* scores are sums of halves over at most 50 rows: exact in a double */

struct keyed {
    const char *id;
    uint32_t rec;
};

static int cmp_keyed(const void *a, const void *b)
{
    return strcmp(((const struct keyed *)a)->id, ((const struct keyed *)b)->id);
}

/* The base run's scored instances sorted by id, for bsearch. */
static struct keyed *index_run(const struct report_run *r)
{
    struct keyed *k = xcalloc(r->n + 1, sizeof(*k));
    size_t i;
    for (i = 0; i < r->n; i++) {
        k[i].id = r->answered[r->rec[i].ans];
        k[i].rec = (uint32_t)i;
    }
    qsort(k, r->n, sizeof(*k), cmp_keyed);
    return k;
}

/* One matched instance: the base's record and the difference. */
struct match {
    uint32_t rec0;
    double d;
};

static void pair_add(const struct report *R, struct pairing *p, struct part_builder *b,
                     const struct report_rec *x, double d)
{
    size_t v, j;
    int s = d > TIE_EPS ? 0 : d < -TIE_EPS ? 2 : 1;
    pb_add(b, 0, d);
    stats_add(&p->diff[0], d);
    for (v = 0; v < NSINGLE; v++) {
        const uint32_t *va;
        uint32_t one;
        size_t na = report_rec_vals(R, x, report_views[v].a, &va, &one);
        for (j = 0; j < na; j++) {
            pb_add(b, p->off[v] + va[j], d);
            stats_add(&p->diff[p->off[v] + va[j]], d);
            if (v == 0) /* view 0 is the query type */
                p->wtl[va[j]][s]++;
        }
    }
}

static void pair_cells(const struct report *R, struct pairing *p)
{
    size_t v;
    p->off[0] = 1;
    for (v = 0; v < NSINGLE; v++)
        p->off[v + 1] = p->off[v] + report_dim_size(R, report_views[v].a);
    p->ncells = p->off[NSINGLE];
    p->diff = xcalloc(p->ncells + 1, sizeof(*p->diff));
    p->ci = xcalloc(p->ncells + 1, sizeof(*p->ci));
    p->better = xcalloc(p->ncells + 1, sizeof(*p->better));
    p->worse = xcalloc(p->ncells + 1, sizeof(*p->worse));
    p->p = xcalloc(p->ncells + 1, sizeof(*p->p));
    p->wtl = xcalloc(R->d[D_TYPE].n + 1, sizeof(*p->wtl));
}

static void pair_stats(const struct report *R, struct pairing *p, const struct match *m, size_t nm)
{
    const struct report_run *base = &R->runs[0];
    uint32_t *cl = xcalloc(nm + 1, sizeof(*cl)), *order;
    struct part_builder b;
    size_t i;
    for (i = 0; i < nm; i++)
        cl[i] = base->rec[m[i].rec0].cl;
    order = report_by_cluster(cl, nm, base->ncl);
    pb_init(&b, p->ncells);
    for (i = 0; i < nm; i++) {
        const struct match *x = &m[order[i]];
        pair_add(R, p, &b, &base->rec[x->rec0], x->d);
        if (i + 1 == nm || cl[order[i + 1]] != cl[order[i]])
            pb_flush(&b, cl[order[i]]);
    }
    for (i = 0; i < b.np; i++) {
        double mean = b.p[i].sum / (double)b.p[i].n;
        p->better[b.p[i].cell] += mean > TIE_EPS;
        p->worse[b.p[i].cell] += mean < -TIE_EPS;
    }
    for (i = 0; i < p->ncells; i++)
        p->p[i] = stats_sign_test(p->better[i], p->worse[i]);
    stats_boot(b.p, b.np, p->ncells, base->ncl, report_reps(b.np), REPORT_SEED, p->ci);
    pb_release(&b);
    free(cl);
    free(order);
}

static void pair_run(const struct report *R, const struct keyed *idx, size_t k, struct pairing *p)
{
    const struct report_run *base = &R->runs[0], *r = &R->runs[k];
    struct match *m = xcalloc(r->n + 1, sizeof(*m));
    size_t nm = 0, i;
    p->run = k;
    pair_cells(R, p);
    for (i = 0; i < r->n; i++) {
        struct keyed key, *hit;
        key.id = r->answered[r->rec[i].ans];
        hit = bsearch(&key, idx, base->n, sizeof(*idx), cmp_keyed);
        if (!hit)
            continue;
        m[nm].rec0 = hit->rec;
        m[nm++].d = r->rec[i].score - base->rec[hit->rec].score;
    }
    pair_stats(R, p, m, nm);
    free(m);
}

/* Runs of different suites are not paired: the same id may be another question. */
void report_pair_runs(struct report *R)
{
    struct keyed *idx;
    size_t k;
    if (R->nruns < 2 || R->suites_differ)
        return;
    idx = index_run(&R->runs[0]);
    R->npairs = R->nruns - 1;
    R->pairs = xcalloc(R->npairs, sizeof(*R->pairs));
    for (k = 1; k < R->nruns; k++)
        pair_run(R, idx, k, &R->pairs[k - 1]);
    free(idx);
}

void report_pairs_free(struct report *R)
{
    size_t i;
    for (i = 0; i < R->npairs; i++) {
        free(R->pairs[i].diff);
        free(R->pairs[i].ci);
        free(R->pairs[i].better);
        free(R->pairs[i].worse);
        free(R->pairs[i].p);
        free(R->pairs[i].wtl);
    }
    free(R->pairs);
}

/* ---- tables ---------------------------------------------------------------------------------- */

static void pair_row(struct rtable *t, const struct pairing *p, size_t c, const char *dim,
                     const char *value)
{
    const struct boot_ci *ci = &p->ci[c];
    rtable_cell(t, NAN, "%s", dim);
    rtable_cell(t, NAN, "%s", value);
    rtable_cell(t, NAN, "%llu", (unsigned long long)p->diff[c].n);
    rtable_cell(t, NAN, "%llu", (unsigned long long)ci->clusters);
    rtable_cell(t, NAN, "%+.3f", stats_mean(&p->diff[c]));
    if (ci->has_ci)
        rtable_cell(t, NAN, "[%+.3f, %+.3f]", ci->lo, ci->hi);
    else
        rtable_cell(t, NAN, "-");
    rtable_cell(t, NAN, "%llu / %llu", (unsigned long long)p->better[c],
                (unsigned long long)p->worse[c]);
    rtable_cell(t, NAN, "%.3g", p->p[c]);
}

static struct rtable *diff_table(const struct report *R, const struct pairing *p)
{
    static const char *const head[] = {"dimension",   "value",           "matched",
                                       "queries",     "mean difference", "95% interval",
                                       "queries +/-", "p (sign test)"};
    struct rtable *t =
        rtable_new(8, "Paired difference: %s minus %s", R->runs[p->run].label, R->runs[0].label);
    size_t v, i;
    t->left |= 1u << 1;
    for (i = 0; i < 8; i++)
        rtable_cell(t, NAN, "%s", head[i]);
    if (p->diff[0].n)
        pair_row(t, p, 0, "all", "all");
    for (v = 0; v < NSINGLE; v++) {
        const struct dim_dict *d = &R->d[report_views[v].a];
        for (i = 0; i < d->n; i++)
            if (p->diff[p->off[v] + d->order[i]].n)
                pair_row(t, p, p->off[v] + d->order[i], report_dim_names[report_views[v].a],
                         d->v[d->order[i]].name);
    }
    return t;
}

static struct rtable *wtl_table(const struct report *R, const struct pairing *p)
{
    const struct dim_dict *d = &R->d[D_TYPE];
    const char *a = R->runs[p->run].label, *b = R->runs[0].label;
    struct rtable *t = rtable_new(5, "Wins, ties and losses by query type: %s vs %s", a, b);
    size_t i;
    rtable_cell(t, NAN, "type");
    rtable_cell(t, NAN, "%s higher", a);
    rtable_cell(t, NAN, "tie");
    rtable_cell(t, NAN, "%s higher", b);
    rtable_cell(t, NAN, "matched");
    for (i = 0; i < d->n; i++) {
        const uint64_t *w = p->wtl[d->order[i]];
        if (!(w[0] + w[1] + w[2]))
            continue;
        rtable_cell(t, NAN, "%s", d->v[d->order[i]].name);
        rtable_cell(t, NAN, "%llu", (unsigned long long)w[0]);
        rtable_cell(t, NAN, "%llu", (unsigned long long)w[1]);
        rtable_cell(t, NAN, "%llu", (unsigned long long)w[2]);
        rtable_cell(t, NAN, "%llu", (unsigned long long)(w[0] + w[1] + w[2]));
    }
    return t;
}

void report_emit_pairs(const struct report_out *w)
{
    size_t i;
    for (i = 0; i < w->R->npairs; i++) {
        rtable_emit(w, diff_table(w->R, &w->R->pairs[i]));
        rtable_emit(w, wtl_table(w->R, &w->R->pairs[i]));
    }
}

const char report_pair_legend[] =
    "Paired: each run minus the first, over the instances both scored.  Interval: the same\n"
    "clustered bootstrap, resampling query ids with both runs' scores of each drawn query.\n"
    "p: exact two-sided sign test over queries (a query's mean difference > 0 or < 0, ties\n"
    "left out); queries +/- counts them.";

void report_csv_pairs(FILE *f, const struct report *R, struct buf *row)
{
    size_t i, v, k;
    for (i = 0; i < R->npairs; i++) {
        const struct pairing *p = &R->pairs[i];
        for (v = 0; v <= NSINGLE; v++) {
            const struct dim_dict *d = v ? &R->d[report_views[v - 1].a] : NULL;
            size_t nv = v ? d->n : 1;
            for (k = 0; k < nv; k++) {
                size_t c = v ? p->off[v - 1] + d->order[k] : 0;
                const char *dim = v ? report_dim_names[report_views[v - 1].a] : "all";
                const char *val = v ? d->v[d->order[k]].name : "all";
                const char *label = R->runs[p->run].label;
                if (!p->diff[c].n)
                    continue;
                buf_reset(row);
                csv_add_text(row, label, strlen(label));
                buf_addf(row, ",paired:%s,", dim);
                csv_add_text(row, val, strlen(val));
                buf_addf(row, ",%llu,%.6f,", (unsigned long long)p->diff[c].n,
                         stats_mean(&p->diff[c]));
                if (p->ci[c].has_ci)
                    buf_addf(row, "%.6f,%.6f\r\n", p->ci[c].lo, p->ci[c].hi);
                else
                    buf_adds(row, ",\r\n");
                fwrite(row->s, 1, row->len, f);
            }
        }
    }
}
