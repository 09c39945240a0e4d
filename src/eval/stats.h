/* stats: the statistics of the report, kept apart so that any future table or test can use
 * them: an accumulator of scores, its mean with a 95% interval, and Cohen's kappa.
 *
 * The interval is the normal approximation, mean ± 1.96 · sd / √n (sd the sample standard
 * deviation), not clipped to [0, 1]; with n < 2 there is none.
 *
 * Nothing here allocates: every struct is a plain value the caller owns. */
#ifndef HB_STATS_H
#define HB_STATS_H

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

/* ---- Agreement ---- */

/* Cohen's kappa of a 3x3 confusion table (rows one rater, columns the other); *agreement
 * gets the observed agreement.  NAN when the table is empty or chance agreement is 1
 * (both raters used one label only), where kappa is undefined. */
double stats_kappa(const uint64_t conf[3][3], double *agreement);

#endif
