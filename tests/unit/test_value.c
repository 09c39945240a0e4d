#include "check.h"
#include "value.h"

#include <math.h>

static void real(double d, const char *want)
{
    struct buf b = BUF_INIT;
    format_real(&b, d);
    CHECK_STR(b.s, want);
    buf_release(&b);
}

int main(void)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    struct cell c[5];
    struct buf j = BUF_INIT;
    int i;

    real(12.5, "12.5");
    real(12.0, "12.0");
    real(0.1, "0.1");
    real(1.0 / 3.0, "0.3333333333333333");
    real(1e20, "1e+20");
    real(-0.25, "-0.25");
    real(INFINITY, "inf");

    CHECK_INT(sqlite3_open(":memory:", &db), ==, SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, "SELECT 42, 2.5, 'caf\xc3\xa9', NULL, x'00ff'", -1, &st, NULL),
              ==, SQLITE_OK);
    CHECK_INT(sqlite3_step(st), ==, SQLITE_ROW);
    for (i = 0; i < 5; i++)
        cell_from_stmt(&c[i], st, i);
    sqlite3_finalize(st);
    CHECK_STR(c[0].text, "42");
    CHECK_STR(c[1].text, "2.5");
    CHECK_STR(c[2].text, "caf\xc3\xa9");
    CHECK_INT(c[3].type, ==, SQLITE_NULL);
    CHECK_STR(c[4].text, "00ff");
    for (i = 0; i < 5; i++) {
        cell_json(&j, &c[i]);
        buf_addch(&j, ' ');
    }
    CHECK_STR(j.s, "42 2.5 \"caf\xc3\xa9\" null \"00ff\" ");
    CHECK_INT(cell_cmp(&c[3], &c[0]), <, 0);
    CHECK_INT(cell_cmp(&c[0], &c[1]), >, 0);
    CHECK_INT(cell_cmp(&c[1], &c[2]), <, 0);
    for (i = 0; i < 5; i++)
        cell_release(&c[i]);
    buf_release(&j);
    sqlite3_close(db);
    return check_done();
}
