/* detmath: exp, log, normal and Zipf draws and decimal rounding, bit-identical on every
 * machine (see detmath.h). */
#include "detmath.h"

#include "xalloc.h"

#include <math.h>

#include "banned.h"

/* Clang contracts a*b+c into fma by default, which would change results between machines. */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/* x = k ln2 + r with |r| <= ln2/2 (Cody-Waite split of ln2), then a Taylor polynomial in r
 * (error below 1e-20 relative) and an exact scaling by 2^k. */
double det_exp(double x)
{
    static const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10,
                        inv_ln2 = 1.44269504088896338700e+00;
    double k, r, sum = 1.0;
    int i;
    if (x > 700.0)
        x = 700.0;
    if (x < -700.0)
        return 0.0;
    k = floor(x * inv_ln2 + 0.5);
    r = (x - k * ln2_hi) - k * ln2_lo;
    for (i = 18; i >= 1; i--)
        sum = 1.0 + sum * r / i;
    return ldexp(sum, (int)k);
}

/* x = m 2^e with m in [1/sqrt2, sqrt2), log m = 2 atanh((m-1)/(m+1)). */
double det_log(double x)
{
    static const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    double m, t, t2, s = 0.0;
    int e, k;
    if (!(x > 0.0))
        return -HUGE_VAL;
    m = frexp(x, &e);
    if (m < 0.70710678118654752440) {
        m *= 2.0;
        e--;
    }
    t = (m - 1.0) / (m + 1.0);
    t2 = t * t;
    for (k = 22; k >= 0; k--)
        s = 1.0 / (2 * k + 1) + t2 * s;
    return 2.0 * t * s + e * ln2_lo + e * ln2_hi;
}

/* No sin/cos; the second value is dropped so that each draw consumes a self-contained run of
 * the stream. */
double det_normal(struct prng *r)
{
    double u, v, s;
    do {
        u = 2.0 * prng_double(r) - 1.0;
        v = 2.0 * prng_double(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * sqrt(-2.0 * det_log(s) / s);
}

static const double pow10_tab[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

double det_round(double x, int dec)
{
    double p = pow10_tab[dec], y = floor(fabs(x) * p + 0.5);
    return (x < 0 ? -y : y) / p;
}

double *det_zipf_cdf(size_t n, double s)
{
    double *cum = xmalloc(st_mult(n ? n : 1, sizeof(*cum))), total = 0;
    size_t k;
    for (k = 1; k <= n; k++) {
        total += s == 1.0 ? 1.0 / (double)k : det_exp(-s * det_log((double)k));
        cum[k - 1] = total;
    }
    return cum;
}

/* Binary search for the first cumulative weight above the draw. */
size_t det_pick(struct prng *r, const double *cum, size_t n)
{
    double u = prng_double(r) * cum[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}
