/* test_detmath: the machine-independent exp, log, normal and Zipf draws and decimal rounding.
 * The hex values are pinned: every schema's committed data/TABLE.csv was drawn with them, so
 * a change here is a change of every generated table. */
#include "check.h"
#include "detmath.h"

#include <math.h>
#include <stdlib.h>

#include "banned.h"

#define CHECK_BITS(a, b)                                                                           \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        check_count_++;                                                                            \
        if (memcmp(&a_, &b_, sizeof(a_)))                                                          \
            CHECK_FAIL_("%s == %s (%a vs %a)", #a, #b, a_, b_);                                    \
    } while (0)

static void test_exp_log(void)
{
    double x;
    CHECK_BITS(det_exp(1.0), 0x1.5bf0a8b14576ap+1);
    CHECK_BITS(det_exp(-1.0), 0x1.78b56362cef38p-2);
    CHECK_BITS(det_exp(0.5), 0x1.a61298e1e069cp+0);
    CHECK_BITS(det_exp(10.0), 0x1.5829dcf95056p+14);
    CHECK_BITS(det_exp(-20.5), 0x1.57a3afeed00acp-30);
    CHECK_BITS(det_exp(700.5), det_exp(700.0)); /* clamped */
    CHECK_BITS(det_exp(-700.5), 0.0);
    CHECK_BITS(det_log(2.0), 0x1.62e42fefa39efp-1);
    CHECK_BITS(det_log(10.0), 0x1.26bb1bbb55516p+1);
    CHECK_BITS(det_log(0.3), -0x1.34378fcbda721p+0);
    CHECK_BITS(det_log(1e-300), -0x1.5963447f87fb5p+9);
    CHECK_BITS(det_log(1.0), 0.0);
    CHECK_BITS(det_log(123456.789), 0x1.77281cad8a844p+3);
    CHECK(det_log(0.0) == -HUGE_VAL);
    CHECK(det_log(-1.0) == -HUGE_VAL);
    /* close to the C library's wherever it is taken */
    for (x = -30; x <= 30; x += 0.37) {
        CHECK(fabs(det_exp(x) / exp(x) - 1) < 1e-14);
        CHECK(fabs(det_log(det_exp(x)) - x) < 1e-12);
    }
}

static void test_round(void)
{
    CHECK_BITS(det_round(2.675, 2), 2.68);
    CHECK_BITS(det_round(-2.5, 0), -3.0);
    CHECK_BITS(det_round(1.0005, 3), 0x1.004189374bc6ap+0);
    CHECK_BITS(det_round(0.125, 2), 0.13);
    CHECK_BITS(det_round(-0.125, 2), -0.13);
    CHECK_BITS(det_round(12345.6789, 0), 12346.0);
    CHECK_BITS(det_round(0.1, 9), 0.1);
}

static void test_draws(void)
{
    static const size_t picks[] = {1, 0, 2, 4, 4, 2, 0, 0};
    struct prng r;
    double *c;
    size_t i;
    prng_seed(&r, 42);
    CHECK_BITS(det_normal(&r), -0x1.73d2feb0fb377p-1);
    CHECK_BITS(det_normal(&r), 0x1.c5e21f7812a4ep-3);
    CHECK_BITS(det_normal(&r), 0x1.db514bfac5b4ep-2);
    c = det_zipf_cdf(5, 1.0);
    CHECK_BITS(c[0], 1.0);
    CHECK_BITS(c[1], 1.5);
    CHECK_BITS(c[4], 0x1.2444444444444p+1);
    free(c);
    c = det_zipf_cdf(5, 1.5);
    CHECK_BITS(c[1], 0x1.5a827999fcef3p+0);
    CHECK_BITS(c[4], 0x1.c2ac9a24e3cf6p+0);
    prng_seed(&r, 7);
    for (i = 0; i < sizeof(picks) / sizeof(picks[0]); i++)
        CHECK_U64(det_pick(&r, c, 5), ==, picks[i]);
    free(c);
    free(det_zipf_cdf(0, 1.0)); /* n = 0 still allocates */
}

int main(void)
{
    test_exp_log();
    test_round();
    test_draws();
    return check_done();
}
