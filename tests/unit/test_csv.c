#include "check.h"
#include "csv.h"
#include "err.h"
#include "prng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

/* Show a field so that every distinction the reader makes is visible in one string:
 * NULL as ~, quoted fields in [brackets], CR and LF as \r and \n. */
static void show_field(struct buf *out, const struct csv_field *f)
{
    size_t i;

    if (!f->quoted && f->len == 0) {
        buf_addch(out, '~');
        return;
    }
    if (f->quoted)
        buf_addch(out, '[');
    for (i = 0; i < f->len; i++) {
        if (f->s[i] == '\r')
            buf_adds(out, "\\r");
        else if (f->s[i] == '\n')
            buf_adds(out, "\\n");
        else
            buf_addch(out, f->s[i]);
    }
    if (f->quoted)
        buf_addch(out, ']');
}

/* Read all of `data` into "line:field,field;line:field;..." and return the last csv_next()
 * result (0 at a clean end, -1 after an error). */
static int dump_n(const char *data, size_t len, struct buf *out)
{
    struct csv_reader *r = csv_reader_new(data, len, "t.csv");
    const struct csv_field *f;
    size_t n, i;
    int line, rc;

    buf_reset(out);
    while ((rc = csv_next(r, &f, &n, &line)) == 1) {
        buf_addf(out, "%s%d:", out->len ? ";" : "", line);
        for (i = 0; i < n; i++) {
            if (i)
                buf_addch(out, ',');
            show_field(out, &f[i]);
        }
    }
    /* the end and an error are both sticky */
    CHECK_INT(csv_next(r, &f, &n, &line), ==, rc);
    csv_reader_free(r);
    return rc;
}

static int dump(const char *data, struct buf *out)
{
    return dump_n(data, strlen(data), out);
}

#define PARSES(data, want)                                                                         \
    do {                                                                                           \
        CHECK_INT(dump(data, &got), ==, 0);                                                        \
        CHECK_STR(got.s, want);                                                                    \
    } while (0)

/* Run the reader over `data` with stderr captured, and return the message it printed. */
static int read_with_error(const char *data, struct buf *msg, struct buf *records)
{
    FILE *tmp = tmpfile();
    int saved = dup(2), rc;
    char chunk[256];
    size_t k;

    buf_reset(msg);
    if (!tmp || saved < 0) {
        CHECK(!"cannot capture stderr");
        return 0;
    }
    fflush(stderr);
    dup2(fileno(tmp), 2);
    rc = dump(data, records);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    while ((k = fread(chunk, 1, sizeof(chunk), tmp)) > 0)
        buf_add(msg, chunk, k);
    fclose(tmp);
    return rc;
}

#define FAILS(data, want_records, want_msg)                                                        \
    do {                                                                                           \
        CHECK_INT(read_with_error(data, &msg, &got), ==, -1);                                      \
        CHECK_STR(got.s, want_records);                                                            \
        CHECK_STR(msg.s, want_msg);                                                                \
    } while (0)

static void test_reader(void)
{
    struct buf got = BUF_INIT, msg = BUF_INIT;

    /* plain records; the last line end is optional */
    PARSES("a,b,c\n1,2,3\n", "1:a,b,c;2:1,2,3");
    PARSES("a,b,c\n1,2,3", "1:a,b,c;2:1,2,3");
    PARSES("x", "1:x");
    /* CR LF, and LF mixed with CR LF */
    PARSES("a,b\r\n1,2\r\n", "1:a,b;2:1,2");
    PARSES("a\r\nb\nc\r\nd", "1:a;2:b;3:c;4:d");
    PARSES("a,b\r\n1,2", "1:a,b;2:1,2");

    /* nothing at all, and inputs that are only line ends, hold no records */
    PARSES("", "");
    PARSES("\n", "");
    PARSES("\r\n\n\r\n", "");
    CHECK_INT(dump_n(NULL, 0, &got), ==, 0);

    /* blank lines at the end are ignored, blank lines before data are one NULL field */
    PARSES("a\n\n", "1:a");
    PARSES("a\r\n\r\n\n", "1:a");
    PARSES("a\n\nb\n", "1:a;2:~;3:b");
    PARSES("\n\na", "1:~;2:~;3:a");

    /* the byte order mark is skipped, only at the start */
    PARSES("\xEF\xBB\xBF"
           "a,b\n1,2\n",
           "1:a,b;2:1,2");
    PARSES("\xEF\xBB\xBF", "");
    PARSES("a\n\xEF\xBB\xBF"
           "b",
           "1:a;2:\xEF\xBB\xBF"
           "b");

    /* NULL versus the empty string */
    PARSES(",\"\",x,", "1:~,[],x,~");
    PARSES(",", "1:~,~");
    PARSES("\"\"", "1:[]");
    PARSES("\"\"\n,\n", "1:[];2:~,~");

    /* quoted fields: separators, doubled quotes, LF and CR LF inside */
    PARSES("\"x,y\",\"he said \"\"hi\"\"\",\"\"\"\"\n", "1:[x,y],[he said \"hi\"],[\"]");
    PARSES("\"l1\nl2\",\"c1\r\nc2\",z\nnext", "1:[l1\\nl2],[c1\\r\\nc2],z;4:next");
    PARSES("\"a\"\r\n\"b\"", "1:[a];2:[b]");
    PARSES("\"a\",\"b\"\n", "1:[a],[b]");
    PARSES("\"\"\"\"\"\"", "1:[\"\"]");

    /* line numbers count physical lines, so records after multi-line fields are where an
     * editor shows them */
    PARSES("h1,h2\n\"a\nb\nc\",1\nnext,2\n\"x\r\n\r\ny\"\nlast,3",
           "1:h1,h2;2:[a\\nb\\nc],1;5:next,2;6:[x\\r\\n\\r\\ny];9:last,3");
    PARSES("\"\"\"a\nb\"\"\",\"q\"\"\nr\"\nz", "1:[\"a\\nb\"],[q\"\\nr];4:z");

    /* a CR that does not start CR LF is an ordinary character, except right at the end */
    PARSES("a\rb,c\n", "1:a\\rb,c");
    PARSES("a\r", "1:a");
    PARSES("\"a\"\r", "1:[a]");
    PARSES("a,\r", "1:a,~");
    PARSES("\ra\n", "1:\\ra");
    PARSES("\"q\rr\"", "1:[q\\rr]");

    /* a quote inside an unquoted field is literal */
    PARSES("5\" disk,a\"b\"\n", "1:5\" disk,a\"b\"");
    /* spaces are data, including before an opening quote (which is then not an opening
     * quote) */
    PARSES(" a , \"b\"", "1: a , \"b\"");

    /* syntax errors print file:line:col and stop the reader */
    FAILS("a,\"abc\n", "", "t.csv:1:3: unterminated quoted field\n");
    FAILS("ok\nx,\"abc\ndef", "1:ok", "t.csv:2:3: unterminated quoted field\n");
    FAILS("\"", "", "t.csv:1:1: unterminated quoted field\n");
    FAILS("\"abc\"x,1\n", "", "t.csv:1:6: unexpected character after closing quote\n");
    FAILS("a\n\"b\nc\" ,d\n", "1:a",
          "t.csv:3:3: unexpected character after closing quote (the quoted field opened on "
          "line 2)\n");
    FAILS("\"a\"\rb", "", "t.csv:1:4: unexpected character after closing quote\n");
    FAILS("\"a\"\"\"\"b", "", "t.csv:1:1: unterminated quoted field\n");
    FAILS("\xEF\xBB\xBF\"a\"b", "", "t.csv:1:4: unexpected character after closing quote\n");

    /* a NUL byte is data */
    CHECK_INT(dump_n("a\0b,c", 5, &got), ==, 0);
    CHECK_U64(got.len, ==, strlen("1:a") + 1 + strlen("b,c"));

    buf_release(&got);
    buf_release(&msg);
}

/* Many fields needing unescaping in one record move the unescape buffer while the record is
 * read; every field must still point at its own text.  Also checks that the field array grows
 * for a wide record and serves a narrow one afterwards. */
static void test_growth(void)
{
    struct buf in = BUF_INIT, want = BUF_INIT;
    struct csv_reader *r;
    const struct csv_field *f;
    size_t n, i, k;
    int line, bad = 0;

    for (i = 0; i < 500; i++) {
        buf_addf(&in, "%s\"%zu\"\"", i ? "," : "", i);
        for (k = 0; k < i % 37; k++)
            buf_addch(&in, 'a' + (char)(k % 26));
        buf_adds(&in, "\"");
    }
    buf_adds(&in, "\r\nshort,row\n");

    r = csv_reader_new(in.s, in.len, "wide.csv");
    CHECK_INT(csv_next(r, &f, &n, &line), ==, 1);
    CHECK_U64(n, ==, 500);
    for (i = 0; i < n && i < 500; i++) {
        buf_reset(&want);
        buf_addf(&want, "%zu\"", i);
        for (k = 0; k < i % 37; k++)
            buf_addch(&want, 'a' + (char)(k % 26));
        if (!f[i].quoted || f[i].len != want.len || memcmp(f[i].s, want.s, want.len))
            bad++;
    }
    CHECK_INT(bad, ==, 0);
    CHECK_INT(csv_next(r, &f, &n, &line), ==, 1);
    CHECK_U64(n, ==, 2);
    CHECK_INT(line, ==, 2);
    CHECK(f[0].len == 5 && !memcmp(f[0].s, "short", 5));
    CHECK_INT(csv_next(r, &f, &n, &line), ==, 0);
    csv_reader_free(r);

    /* a long run of blank lines before data is not mistaken for the end */
    buf_reset(&in);
    for (i = 0; i < 10000; i++)
        buf_addch(&in, '\n');
    buf_adds(&in, "x");
    r = csv_reader_new(in.s, in.len, "blank.csv");
    for (i = 0; csv_next(r, &f, &n, &line) == 1; i++)
        ;
    CHECK_U64(i, ==, 10001);
    CHECK_INT(line, ==, 10001);
    csv_reader_free(r);

    buf_release(&in);
    buf_release(&want);
}

static void test_writer(void)
{
    struct buf b = BUF_INIT;

    csv_add_text(&b, "plain", 5);
    CHECK_STR(b.s, "plain");
    buf_reset(&b);
    csv_add_text(&b, "", 0);
    CHECK_STR(b.s, "\"\"");
    buf_reset(&b);
    csv_add_text(&b, NULL, 0);
    CHECK_STR(b.s, "\"\"");
    buf_reset(&b);
    csv_add_text(&b, "a,b", 3);
    CHECK_STR(b.s, "\"a,b\"");
    buf_reset(&b);
    csv_add_text(&b, "he said \"hi\"", 12);
    CHECK_STR(b.s, "\"he said \"\"hi\"\"\"");
    buf_reset(&b);
    csv_add_text(&b, "\"", 1);
    CHECK_STR(b.s, "\"\"\"\"");
    buf_reset(&b);
    csv_add_text(&b, " lead", 5);
    CHECK_STR(b.s, "\" lead\"");
    buf_reset(&b);
    csv_add_text(&b, "trail ", 6);
    CHECK_STR(b.s, "\"trail \"");
    buf_reset(&b);
    csv_add_text(&b, "tab\t", 4);
    CHECK_STR(b.s, "\"tab\t\"");
    buf_reset(&b);
    csv_add_text(&b, "mid space", 9);
    CHECK_STR(b.s, "mid space");
    buf_reset(&b);
    csv_add_text(&b, "a\nb", 3);
    CHECK_STR(b.s, "\"a\nb\"");
    buf_reset(&b);
    csv_add_text(&b, "a\rb", 3);
    CHECK_STR(b.s, "\"a\rb\"");
    buf_reset(&b);
    csv_add_text(&b, "a\"b", 3);
    CHECK_STR(b.s, "\"a\"\"b\"");
    buf_release(&b);
}

/* Cells from SQLite through the writer and back through the reader. */
static void test_cells_round_trip(void)
{
    static const char *const sql =
        "SELECT 42, -7, 2.5, 1e20, 'caf\xc3\xa9', NULL, x'00ff', '', ' x ', 'a,b', "
        "'say \"hi\"', 'l1' || char(10) || 'l2', 'c1' || char(13, 10) || 'c2', 'cr' || char(13), "
        "'\"', NULL";
    enum { NCOL = 16 };
    sqlite3 *db;
    sqlite3_stmt *st;
    struct cell c[NCOL];
    struct buf b = BUF_INIT;
    struct csv_reader *r;
    const struct csv_field *f;
    size_t n, i;
    int line, row;

    CHECK_INT(sqlite3_open(":memory:", &db), ==, SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db, sql, -1, &st, NULL), ==, SQLITE_OK);
    CHECK_INT(sqlite3_step(st), ==, SQLITE_ROW);
    for (i = 0; i < NCOL; i++)
        cell_from_stmt(&c[i], st, (int)i);
    sqlite3_finalize(st);
    sqlite3_close(db);

    /* header, then the row twice: once ended by CR LF, once by LF */
    for (i = 0; i < NCOL; i++) {
        char name[16];
        snprintf(name, sizeof(name), "col %zu", i);
        if (i)
            buf_addch(&b, ',');
        csv_add_text(&b, name, strlen(name));
    }
    buf_adds(&b, "\r\n");
    for (row = 0; row < 2; row++) {
        for (i = 0; i < NCOL; i++) {
            if (i)
                buf_addch(&b, ',');
            csv_add_field(&b, &c[i]);
        }
        buf_adds(&b, row ? "\n" : "\r\n");
    }

    r = csv_reader_new(b.s, b.len, "cells.csv");
    CHECK_INT(csv_next(r, &f, &n, &line), ==, 1);
    CHECK_U64(n, ==, NCOL);
    CHECK(f[3].len == 5 && !memcmp(f[3].s, "col 3", 5) && !f[3].quoted);
    for (row = 0; row < 2; row++) {
        CHECK_INT(csv_next(r, &f, &n, &line), ==, 1);
        /* the row holds two line ends in quoted fields, so it takes three lines */
        CHECK_INT(line, ==, row ? 5 : 2);
        CHECK_U64(n, ==, NCOL);
        for (i = 0; i < n && i < NCOL; i++) {
            if (c[i].type == SQLITE_NULL) {
                CHECK(!f[i].quoted && f[i].len == 0);
                continue;
            }
            CHECK_U64(f[i].len, ==, c[i].len);
            CHECK(f[i].len == c[i].len && !memcmp(f[i].s, c[i].text, c[i].len));
        }
    }
    CHECK_INT(csv_next(r, &f, &n, &line), ==, 0);
    csv_reader_free(r);

    for (i = 0; i < NCOL; i++)
        cell_release(&c[i]);
    buf_release(&b);
}

/* Random tables over the characters that matter to CSV: write, read back, compare. */
static void test_random_round_trip(void)
{
    static const char alphabet[] = "a,\"\r\n \t\xEFx";
    enum { ROWS = 300, COLS = 4, MAXLEN = 8 };
    /* per cell: -1 for NULL, else the length of its text */
    static int lens[ROWS][COLS];
    static char text[ROWS][COLS][MAXLEN];
    struct prng rng;
    struct buf b = BUF_INIT;
    struct csv_reader *r;
    const struct csv_field *f;
    size_t n, i, j;
    int line, bad = 0, k, round;

    for (round = 0; round < 20; round++) {
        prng_seed(&rng, (uint64_t)round);
        buf_reset(&b);
        for (i = 0; i < ROWS; i++) {
            for (j = 0; j < COLS; j++) {
                lens[i][j] = (int)prng_below(&rng, MAXLEN + 2) - 1;
                for (k = 0; k < lens[i][j]; k++)
                    text[i][j][k] = alphabet[prng_below(&rng, sizeof(alphabet) - 1)];
                if (j)
                    buf_addch(&b, ',');
                if (lens[i][j] >= 0)
                    csv_add_text(&b, text[i][j], (size_t)lens[i][j]);
            }
            buf_adds(&b, prng_below(&rng, 2) ? "\r\n" : "\n");
        }
        r = csv_reader_new(b.s, b.len, "random.csv");
        for (i = 0; i < ROWS; i++) {
            if (csv_next(r, &f, &n, &line) != 1 || n != COLS) {
                bad++;
                break;
            }
            for (j = 0; j < COLS; j++) {
                if (lens[i][j] < 0)
                    bad += f[j].quoted || f[j].len != 0;
                else
                    bad +=
                        f[j].len != (size_t)lens[i][j] || memcmp(f[j].s, text[i][j], f[j].len) != 0;
            }
        }
        CHECK_INT(csv_next(r, &f, &n, &line), ==, 0);
        csv_reader_free(r);
    }
    CHECK_INT(bad, ==, 0);
    buf_release(&b);
}

/* The field bound, at its edge: a field of CSV_MAX_FIELD bytes passes, one byte more fails
 * at the field, quoted or not, doubled quotes counted once; a quoted field never closed fails
 * at the bound too rather than at the end of the input. */
static void test_field_limit(void)
{
    struct buf in = BUF_INIT, msg = BUF_INIT, got = BUF_INIT;
    static const char too_long[] = "t.csv:1:3: field longer than 1048576 bytes (the limit)\n";
    size_t i;
    const struct {
        const char *open, *fill, *close;
        size_t n;
        int ok;
    } c[] = {
        {"", "x", "\n", CSV_MAX_FIELD, 1},        {"", "x", "\n", CSV_MAX_FIELD + 1, 0},
        {"\"", "x", "\"\n", CSV_MAX_FIELD, 1},    {"\"", "x", "\"\n", CSV_MAX_FIELD + 1, 0},
        {"\"", "\"\"", "\"\n", CSV_MAX_FIELD, 1}, {"\"", "\"\"", "\"\n", CSV_MAX_FIELD + 1, 0},
        {"\"", "x", "", 3 * CSV_MAX_FIELD, 0}, /* never closed */
    };
    for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        struct csv_reader *r;
        const struct csv_field *f;
        size_t n, k;
        int line, rc;
        buf_reset(&in);
        buf_adds(&in, "a,");
        buf_adds(&in, c[i].open);
        for (k = 0; k < c[i].n; k++)
            buf_adds(&in, c[i].fill);
        buf_adds(&in, c[i].close);
        if (c[i].ok) {
            r = csv_reader_new(in.s, in.len, "big.csv");
            rc = csv_next(r, &f, &n, &line);
            CHECK_INT(rc, ==, 1);
            CHECK(rc == 1 && n == 2 && f[1].len == CSV_MAX_FIELD);
            csv_reader_free(r);
            continue;
        }
        CHECK_INT(read_with_error(in.s, &msg, &got), ==, -1);
        CHECK_STR(msg.s, too_long);
    }
    buf_release(&in);
    buf_release(&msg);
    buf_release(&got);
}

int main(void)
{
    test_reader();
    test_growth();
    test_field_limit();
    test_writer();
    test_cells_round_trip();
    test_random_round_trip();
    return check_done();
}
