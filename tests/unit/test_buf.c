#include "buf.h"
#include "check.h"

#include <stdlib.h>

int main(void)
{
    struct buf b = BUF_INIT;
    char *s;
    size_t n;
    int i;

    CHECK_STR(b.s, "");
    buf_addf(&b, "%d-%s", 42, "x");
    CHECK_STR(b.s, "42-x");
    for (i = 0; i < 1000; i++)
        buf_addch(&b, 'a' + i % 26);
    CHECK_U64(b.len, ==, 1004);
    CHECK_INT(b.s[b.len], ==, 0);
    buf_reset(&b);
    buf_add_json_str(&b, "a\"b\\c\n\x01", 7);
    CHECK_STR(b.s, "\"a\\\"b\\\\c\\n\\u0001\"");
    s = buf_detach(&b, &n);
    CHECK_U64(n, ==, 17);
    CHECK_STR(b.s, "");
    free(s);

    /* a maximum turns growth into a refusal instead of unbounded memory */
    b.max = 8;
    buf_adds(&b, "12345678");
    CHECK(!buf_over_max(&b));
    buf_adds(&b, "9");
    CHECK(buf_over_max(&b));
    CHECK_STR(b.s, "12345678");
    buf_release(&b);

    /* grow / write in place / set length */
    buf_grow(&b, 3);
    b.s[0] = 'x', b.s[1] = 'y', b.s[2] = 'z';
    buf_setlen(&b, 3);
    CHECK_STR(b.s, "xyz");
    buf_release(&b);
    return check_done();
}
