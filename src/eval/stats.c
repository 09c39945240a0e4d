/* stats: accumulating scores, the mean with its 95% interval, the clustered bootstrap, the
 * sign test and Cohen's kappa (stats.h). */
#include "stats.h"

#include "prng.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

void stats_add(struct stats_acc *a, double x)
{
    a->n++;
    a->sum += x;
    a->sumsq += x * x;
}

double stats_mean(const struct stats_acc *a)
{
    return a->n ? a->sum / (double)a->n : NAN;
}

void stats_meanci(uint64_t n, double sum, double sumsq, struct meanci *m)
{
    double var, hw;
    m->n = n;
    m->mean = n ? sum / (double)n : NAN;
    m->lo = m->hi = m->mean;
    m->has_ci = n >= 2;
    if (!m->has_ci)
        return;
    var = (sumsq - sum * sum / (double)n) / (double)(n - 1);
    hw = 1.96 * sqrt(var > 0 ? var : 0) / sqrt((double)n);
    m->lo = m->mean - hw;
    m->hi = m->mean + hw;
}

void stats_acc_meanci(const struct stats_acc *a, struct meanci *m)
{
    stats_meanci(a->n, a->sum, a->sumsq, m);
}

double stats_kappa(const uint64_t c[3][3], double *agreement)
{
    double n = 0, diag = 0, pe = 0, row[3] = {0, 0, 0}, col[3] = {0, 0, 0};
    int i, j;
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++) {
            n += (double)c[i][j];
            row[i] += (double)c[i][j];
            col[j] += (double)c[i][j];
            if (i == j)
                diag += (double)c[i][j];
        }
    *agreement = n > 0 ? diag / n : NAN;
    if (n <= 0)
        return NAN;
    for (i = 0; i < 3; i++)
        pe += (row[i] / n) * (col[i] / n);
    if (1 - pe < 1e-12)
        return NAN;
    return (*agreement - pe) / (1 - pe);
}

/* ---- clustered bootstrap --------------------------------------------------------------------- */

double stats_quantile(const double *v, size_t n, double q)
{
    double h, f;
    size_t i;
    if (!n)
        return NAN;
    h = q * (double)(n - 1);
    i = (size_t)h;
    f = h - (double)i;
    return i + 1 < n ? v[i] + f * (v[i + 1] - v[i]) : v[n - 1];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One replicate: multinomial weights over the clusters, then each cell's weighted mean. */
static void boot_rep(struct prng *g, const struct boot_part *p, size_t np, size_t ncells,
                     size_t nclusters, uint32_t *w, double *num, double *den)
{
    size_t i;
    memset(w, 0, nclusters * sizeof(*w));
    for (i = 0; i < nclusters; i++)
        w[prng_below(g, nclusters)]++;
    memset(num, 0, ncells * sizeof(*num));
    memset(den, 0, ncells * sizeof(*den));
    for (i = 0; i < np; i++) {
        uint32_t k = w[p[i].cluster];
        if (k) {
            num[p[i].cell] += k * p[i].sum;
            den[p[i].cell] += (double)k * (double)p[i].n;
        }
    }
}

void stats_boot(const struct boot_part *p, size_t np, size_t ncells, size_t nclusters,
                unsigned reps, uint64_t seed, struct boot_ci *out)
{
    uint32_t *w = xcalloc(nclusters + 1, sizeof(*w));
    double *num = xcalloc(ncells + 1, sizeof(*num)), *den = xcalloc(ncells + 1, sizeof(*den));
    double *rep = xcalloc(st_mult(ncells, reps) + 1, sizeof(*rep));
    size_t *nrep = xcalloc(ncells + 1, sizeof(*nrep)), i, c;
    struct prng g;
    unsigned b;
    prng_seed(&g, seed);
    memset(out, 0, ncells * sizeof(*out));
    for (i = 0; i < np; i++)
        out[p[i].cell].clusters += p[i].n > 0;
    for (b = 0; b < reps && nclusters; b++) {
        boot_rep(&g, p, np, ncells, nclusters, w, num, den);
        for (c = 0; c < ncells; c++)
            if (den[c] > 0)
                rep[c * reps + nrep[c]++] = num[c] / den[c];
    }
    for (c = 0; c < ncells; c++) {
        double *v = rep + c * reps;
        qsort(v, nrep[c], sizeof(*v), cmp_double);
        out[c].lo = stats_quantile(v, nrep[c], 0.025);
        out[c].hi = stats_quantile(v, nrep[c], 0.975);
        out[c].has_ci = out[c].clusters >= 2 && nrep[c] > 0;
    }
    free(w);
    free(num);
    free(den);
    free(rep);
    free(nrep);
}

/* ---- sign test ------------------------------------------------------------------------------- */

static double binom_log_pmf(uint64_t n, uint64_t k)
{
    return lgamma((double)n + 1) - lgamma((double)k + 1) - lgamma((double)(n - k) + 1) -
           (double)n * log(2.0);
}

double stats_sign_test(uint64_t pos, uint64_t neg)
{
    uint64_t n = pos + neg, k = pos < neg ? pos : neg, i;
    double tail = 0;
    if (!n)
        return 1;
    for (i = 0; i <= k; i++) /* the smaller tail, doubled: the distribution is symmetric */
        tail += exp(binom_log_pmf(n, i));
    tail *= 2;
    return tail > 1 ? 1 : tail;
}
