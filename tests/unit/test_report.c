/* stats.h, the report's statistics: the 95% intervals (normal and clustered bootstrap), the
 * quantile, the sign test and Cohen's kappa, against values worked by hand. */
#include "check.h"
#include "report.h"
#include "stats.h"

#include <math.h>
#include <string.h>

#define CHECK_NEAR(a, b)                                                                           \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        check_count_++;                                                                            \
        if (!(fabs(a_ - b_) < 1e-9))                                                               \
            CHECK_FAIL_("%s ~ %s (%.12g vs %.12g)", #a, #b, a_, b_);                               \
    } while (0)

static void test_meanci(void)
{
    struct meanci m;
    /* 0, 0.5, 1: mean 0.5, sample sd 0.5, half-width 1.96 * 0.5 / sqrt(3) */
    stats_meanci(3, 1.5, 1.25, &m);
    CHECK_NEAR(m.mean, 0.5);
    CHECK_NEAR(m.hi - m.mean, 1.96 * 0.5 / sqrt(3.0));
    CHECK_NEAR(m.mean - m.lo, 1.96 * 0.5 / sqrt(3.0));
    CHECK(m.has_ci);
    /* equal values: no spread, and rounding must not make the variance negative */
    stats_meanci(10, 1.0, 0.1, &m);
    CHECK_NEAR(m.mean, 0.1);
    CHECK(m.lo <= m.mean && m.hi >= m.mean && m.hi - m.lo < 1e-6);
    stats_meanci(1, 0.25, 0.0625, &m);
    CHECK(!m.has_ci);
    CHECK_NEAR(m.lo, 0.25);
    stats_meanci(0, 0, 0, &m);
    CHECK(isnan(m.mean));
}

static void test_kappa(void)
{
    /* po = 45/60, pe = (25*24 + 15*19 + 20*17) / 3600 */
    const uint64_t c[3][3] = {{20, 5, 0}, {3, 10, 2}, {1, 4, 15}};
    const uint64_t same[3][3] = {{7, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    const uint64_t none[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    const uint64_t opposite[3][3] = {{0, 5, 0}, {5, 0, 0}, {0, 0, 0}};
    double po, pe = 1225.0 / 3600.0;
    CHECK_NEAR(stats_kappa(c, &po), (0.75 - pe) / (1 - pe));
    CHECK_NEAR(po, 0.75);
    CHECK(isnan(stats_kappa(same, &po))); /* one label only: kappa undefined */
    CHECK_NEAR(po, 1.0);
    CHECK(isnan(stats_kappa(none, &po)));
    CHECK_NEAR(stats_kappa(opposite, &po), -1.0);
}

static void test_format(void)
{
    enum report_format f;
    CHECK_INT(report_format_parse("html", &f), ==, 0);
    CHECK_INT(f, ==, REPORT_HTML);
    CHECK_INT(report_format_parse("md", &f), ==, 0);
    CHECK_INT(f, ==, REPORT_MD);
    CHECK_INT(report_format_parse("HTML", &f), ==, -1);
    CHECK_INT(report_format_parse("", &f), ==, -1);
}

static void test_quantile_sign(void)
{
    const double v[4] = {1, 2, 3, 4};
    CHECK_NEAR(stats_quantile(v, 4, 0.5), 2.5);
    CHECK_NEAR(stats_quantile(v, 4, 0.025), 1.075);
    CHECK_NEAR(stats_quantile(v, 4, 1.0), 4);
    CHECK(isnan(stats_quantile(v, 0, 0.5)));
    CHECK_NEAR(stats_sign_test(0, 0), 1);
    CHECK_NEAR(stats_sign_test(3, 0), 0.25);
    CHECK_NEAR(stats_sign_test(5, 5), 1);
    CHECK_NEAR(stats_sign_test(2, 10), 2.0 * (1 + 12 + 66) / 4096);
    CHECK_NEAR(stats_sign_test(10, 2), stats_sign_test(2, 10));
}

static void test_boot(void)
{
    /* cell 0: two clusters of one value each, 0 and 1: replicate means 0, 0.5 or 1, so the
     * 2.5% and 97.5% quantiles of 1000 are 0 and 1.  Cell 1: every cluster 0.5: no spread.
     * Cell 2: one cluster: no interval.  Cell 3: cluster 0 only, weighted by its count. */
    const struct boot_part p[] = {{0, 0, 0.0, 1}, {0, 1, 1.0, 1}, {1, 0, 1.0, 2},
                                  {1, 1, 0.5, 1}, {1, 2, 1.5, 3}, {2, 2, 3.0, 4}};
    struct boot_ci a[4], b[4], c[4];
    stats_boot(p, 6, 4, 3, BOOT_REPS, 7, a);
    CHECK_NEAR(a[0].lo, 0);
    CHECK_NEAR(a[0].hi, 1);
    CHECK(a[0].has_ci && a[0].clusters == 2);
    CHECK_NEAR(a[1].lo, 0.5);
    CHECK_NEAR(a[1].hi, 0.5);
    CHECK(a[1].clusters == 3);
    CHECK(!a[2].has_ci && a[2].clusters == 1);
    CHECK(!a[3].has_ci && a[3].clusters == 0);
    stats_boot(p, 6, 4, 3, BOOT_REPS, 7, b);
    CHECK(!memcmp(a, b, sizeof(a))); /* seeded: reproducible */
    stats_boot(p, 6, 4, 3, 0, 7, c); /* no replicates: no bounds, and no crash */
    CHECK(isnan(c[0].lo) && !c[0].has_ci);
}

int main(void)
{
    test_meanci();
    test_quantile_sign();
    test_boot();
    test_kappa();
    test_format();
    return check_done();
}
