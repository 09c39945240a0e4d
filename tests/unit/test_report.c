/* stats.h, the report's statistics: the 95% interval and Cohen's kappa, against values worked by hand. */
#include "check.h"
#include "report.h"
#include "stats.h"

#include <math.h>

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

int main(void)
{
    test_meanci();
    test_kappa();
    test_format();
    return check_done();
}
