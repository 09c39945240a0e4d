/* stats: accumulating scores, the mean with its 95% interval, and Cohen's kappa (stats.h). */
#include "stats.h"

#include <math.h>

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
