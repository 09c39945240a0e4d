#include "check.h"
#include "util.h"

#include <stdlib.h>

int main(void)
{
    uint64_t v, n, d;
    struct buf b = BUF_INIT;
    size_t cnt;
    char **parts;

    CHECK_INT(parse_size("4k", &v), ==, 0);
    CHECK_U64(v, ==, 4096);
    CHECK_INT(parse_size("1m", &v), ==, 0);
    CHECK_U64(v, ==, 1048576);
    CHECK_INT(parse_size("1500", &v), ==, 0);
    CHECK_U64(v, ==, 1500);
    CHECK_INT(parse_size("4kb", &v), ==, -1);
    CHECK_INT(parse_size("-4k", &v), ==, -1);
    CHECK_INT(parse_size("", &v), ==, -1);
    CHECK_INT(parse_size("99999999999999999999", &v), ==, -1);
    CHECK_INT(parse_size("18014398509481984m", &v), ==, -1);

    {
        double x = 0;
        CHECK_INT(parse_real("0.25", 0, 1, &x), ==, 0);
        CHECK(x == 0.25);
        CHECK_INT(parse_real("1e3", 0, 1e6, &x), ==, 0);
        CHECK(x == 1000);
        static const char *const bad[] = {"nan", "inf", "NaN",   "-1",   " 1", "1x",
                                          "",    "1e9", "1e999", "0x10", "+1"};
        for (size_t k = 0; k < sizeof(bad) / sizeof(*bad); k++)
            CHECK_INT(parse_real(bad[k], 0, 1e6, &x), ==, -1);
        CHECK_INT(parse_part("2/3", &n, &d), ==, 0);
        CHECK_U64(n, ==, 2);
        CHECK_U64(d, ==, 3);
        static const char *const parts_bad[] = {"1/-1",
                                                "-1/3",
                                                "0/3",
                                                "4/3",
                                                "1/0",
                                                "1/3x",
                                                "/3",
                                                "1/",
                                                "1",
                                                "1/ 3",
                                                "1/99999999999999999999"};
        for (size_t k = 0; k < sizeof(parts_bad) / sizeof(*parts_bad); k++)
            CHECK_INT(parse_part(parts_bad[k], &n, &d), ==, -1);
    }
    {
        /* ill-formed UTF-8 and NULs: each maximal ill-formed part one U+FFFD, each NUL a space */
        static const char in[] = "a\0b\xC3\xA9\xFF\xE2\x82z\xED\xA0\x80\xF0\x9F\x98\x80\xC0\xAF"
                                 "\xF4\x90\x80\x80\xE2\x82";
        size_t bad = 0, nul = 0;
        CHECK_INT(utf8_sanitize(in, sizeof(in) - 1, &b, &bad, &nul), ==, 13);
        CHECK_U64(nul, ==, 1);
        CHECK_U64(bad, ==, 12);
        CHECK_STR(b.s, "a b\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBDz"
                       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xF0\x9F\x98\x80"
                       "\xEF\xBF\xBD\xEF\xBF\xBD"
                       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
        buf_reset(&b);
        CHECK_INT(utf8_sanitize("ok \xC3\xA9", 5, &b, NULL, NULL), ==, 0);
        CHECK_STR(b.s, "ok \xC3\xA9");
        buf_reset(&b);
    }

    CHECK_INT(parse_fraction("0.5", &n, &d), ==, 0);
    CHECK_U64(n, ==, 5);
    CHECK_U64(d, ==, 10);
    CHECK_INT(parse_fraction("1", &n, &d), ==, 0);
    CHECK_U64(n, ==, 1);
    CHECK_INT(parse_fraction("0.125", &n, &d), ==, 0);
    CHECK_U64(n * 1000 / d, ==, 125);
    CHECK_INT(parse_fraction("1.5", &n, &d), ==, -1);
    CHECK_INT(parse_fraction("2", &n, &d), ==, -1);
    CHECK_INT(parse_fraction("0.", &n, &d), ==, -1);
    CHECK_INT(parse_fraction("abc", &n, &d), ==, -1);

    fmt_size(&b, 4096);
    buf_addch(&b, ' ');
    fmt_size(&b, 2097152);
    buf_addch(&b, ' ');
    fmt_size(&b, 1000);
    CHECK_STR(b.s, "4k 2m 1000");
    buf_release(&b);

    CHECK_U64(utf8_count("caf\xc3\xa9", 5), ==, 4);
    parts = split_list("a,,bc,", &cnt);
    CHECK_U64(cnt, ==, 2);
    CHECK_STR(parts[1], "bc");
    CHECK(parts[2] == NULL);
    free_strv(parts);
    return check_done();
}
