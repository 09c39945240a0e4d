/* detmath: floating point that gives the same bits on every machine, for drawing data.
 *
 * Only IEEE-754 + - * / and sqrt are used (exp and log are computed here, not taken from the
 * C library, whose last bits differ between systems), and no a*b+c is contracted into an
 * fma, so that the same seed draws the same values anywhere.  Results are pinned by the
 * committed data/TABLE.csv of every schema: changing an expression here changes those draws.
 *
 * Only det_zipf_cdf allocates; the caller frees its result. */
#ifndef HB_DETMATH_H
#define HB_DETMATH_H

#include "prng.h"

#include <stddef.h>

/* e^x; x above 700 is taken as 700, below -700 gives 0. */
double det_exp(double x);
/* The natural log of x; -HUGE_VAL for x <= 0 (and NaN). */
double det_log(double x);

/* A standard normal value (Marsaglia's polar method); consumes a whole number of draws. */
double det_normal(struct prng *r);

/* x rounded half away from zero to `dec` decimals (0..9), through an integer, so that the
 * double is the one nearest the decimal and prints as it. */
double det_round(double x, int dec);

/* Cumulative Zipf weights 1/k^s of ranks k = 1..n, as a new array of n doubles (at least
 * one allocated); free() it. */
double *det_zipf_cdf(size_t n, double s);
/* An index in [0, n) drawn by the cumulative weights cum[0..n-1] (n > 0, cum[n-1] > 0). */
size_t det_pick(struct prng *r, const double *cum, size_t n);

#endif
