/* stats: the statistics of the report, kept apart so that any future table or test can use
 * them: an accumulator of scores, its mean with a normal-approximation 95% interval, a
 * clustered percentile bootstrap, an exact sign test, and Cohen's kappa.
 *
 * The normal interval is mean ± 1.96 · sd / √n (sd the sample standard deviation), not
 * clipped to [0, 1]; with n < 2 there is none.  The report's cells use the bootstrap.
 *
 * Only stats_boot() allocates, and frees all it allocates before it returns; every struct is
 * a plain value the caller owns. */
#ifndef HB_STATS_H
#define HB_STATS_H

#include <stddef.h>
#include <stdint.h>

/* ---- Accumulating ---- */

/* Count, sum and sum of squares of the values added; all zero is empty. */
struct stats_acc {
    uint64_t n;
    double sum, sumsq;
};

void stats_add(struct stats_acc *a, double x);
/* sum / n, or NAN when empty. */
double stats_mean(const struct stats_acc *a);

/* ---- Mean and interval ---- */

/* Mean and 95% interval of n values given their sum and sum of squares. */
struct meanci {
    uint64_t n;
    double mean, lo, hi; /* mean NAN when n = 0; lo = hi = mean when n < 2 */
    int has_ci;          /* n >= 2 */
};
void stats_meanci(uint64_t n, double sum, double sumsq, struct meanci *out);
void stats_acc_meanci(const struct stats_acc *a, struct meanci *out);

/* ---- Clustered bootstrap ---- */

/* What one cluster (a query: instances that share one are not independent) adds to one cell
 * (a table cell, a chart point): the sum of its values there and their count.  A caller gives
 * at most one part per (cell, cluster). */
struct boot_part {
    uint32_t cell, cluster;
    double sum;
    uint64_t n;
};

/* A cell's 95% percentile interval; has_ci only with two clusters or more (one cluster says
 * nothing about how much another query would differ). */
struct boot_ci {
    double lo, hi;
    uint64_t clusters;
    int has_ci;
};

#define BOOT_REPS 1000 /* replicates: enough for stable 2.5% and 97.5% percentiles */

/* The percentile bootstrap over clusters: each of `reps` replicates draws nclusters clusters
 * with replacement (a prng seeded with seed) and takes each cell's mean over the drawn
 * clusters' values, Σ w·sum / Σ w·n; a replicate that draws no cluster of a cell is left out
 * of that cell.  out[cell] gets the 2.5% and 97.5% quantiles (linear between order
 * statistics, as numpy's default).  The same seed and parts give the same intervals. */
void stats_boot(const struct boot_part *p, size_t np, size_t ncells, size_t nclusters,
                unsigned reps, uint64_t seed, struct boot_ci *out);

/* The q quantile of n sorted values, linear between order statistics; NAN when n = 0. */
double stats_quantile(const double *sorted, size_t n, double q);

/* The exact two-sided sign test: the probability under Binomial(pos + neg, 1/2) of a split
 * at least as uneven as pos : neg (ties left out before); 1 when pos + neg = 0. */
double stats_sign_test(uint64_t pos, uint64_t neg);

/* ---- Agreement ---- */

/* Cohen's kappa of a 3x3 confusion table (rows one rater, columns the other); *agreement
 * gets the observed agreement.  NAN when the table is empty or chance agreement is 1
 * (both raters used one label only), where kappa is undefined. */
double stats_kappa(const uint64_t conf[3][3], double *agreement);

#endif
