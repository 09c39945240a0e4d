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
