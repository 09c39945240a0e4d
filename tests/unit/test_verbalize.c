#include "check.h"
#include "err.h"
#include "prng.h"
#include "util.h"
#include "verbalize.h"
#include "xalloc.h"

#include <stdlib.h>
#include <unistd.h>

/* ---- helpers ---- */

static char *write_temp(const char *content)
{
    char path[] = "/tmp/hb_verbalize_XXXXXX";
    int fd = mkstemp(path);
    size_t n = strlen(content);
    if (fd < 0 || write(fd, content, n) != (ssize_t)n) {
        perror("temp file");
        exit(1);
    }
    close(fd);
    return xstrdup(path);
}

static char capture_file[32];
static int capture_saved = -1;

/* Send stderr to a temporary file until capture_end(), which returns what was printed. */
static void capture_begin(void)
{
    int fd;
    memcpy(capture_file, "/tmp/hb_stderr_XXXXXX", sizeof("/tmp/hb_stderr_XXXXXX"));
    fd = mkstemp(capture_file);
    fflush(stderr);
    capture_saved = dup(2);
    dup2(fd, 2);
    close(fd);
}

static void capture_end(struct buf *out)
{
    fflush(stderr);
    dup2(capture_saved, 2);
    close(capture_saved);
    read_file(capture_file, out);
    unlink(capture_file);
}

static struct cell txt(const char *s)
{
    struct cell c = {SQLITE_TEXT, 0, 0, (char *)s, strlen(s), NULL, 0};
    return c;
}

static struct cell null(void)
{
    struct cell c = {SQLITE_NULL, 0, 0, (char *)"", 0, NULL, 0};
    return c;
}

static void render(const struct vtable *vt, size_t k, const struct cell *row, const char *want)
{
    struct buf b = BUF_INIT;
    size_t bad = 99;
    buf_adds(&b, ">");
    vtable_render(vt, k, row, &b); /* appends */
    CHECK_STR(b.s + 1, want);
    CHECK_INT(vtable_faithful(vt, k, row, b.s, &bad), ==, 1);
    CHECK_U64(bad, ==, 99);
    buf_release(&b);
}

/* Does `text` contain `want`?  Prints the text when not, to make failures readable. */
static int has(const struct buf *text, const char *want)
{
    if (strstr(text->s, want))
        return 1;
    fprintf(stderr, "missing \"%s\" in:\n%s", want, text->s);
    return 0;
}

/* ---- a good file ---- */

static const char good_json[] =
    "{\n"                                                                       /* 1 */
    "  \"tables\": {\n"                                                         /* 2 */
    "    \"wine\": {\n"                                                         /* 3 */
    "      \"templates\": [\n"                                                  /* 4 */
    "        \"{Name} is a {Year} wine[ from {Winery}].\",\n"                   /* 5 */
    "        \"[{Winery} made ]{name}[ in {Year}[, aged in {Region}]].\",\n"    /* 6 */
    "        \"Price: \\\\{{Price}\\\\} \\\\[USD\\\\] \\\\\\\\ done\",\n"       /* 7 */
    "        \"{Name}[ ({Note})]\",\n"                                          /* 8 */
    "        \"{Name}[ aka {Name}][[ with {Price}][ or {Note}]]\"\n"            /* 9 */
    "      ]\n"                                                                 /* 10 */
    "    },\n"                                                                  /* 11 */
    "    \"grape\": {\"templates\": [\"{A}\", \"{A}!\", \"{\\\\{A\\\\}}?\"]}\n" /* 12 */
    "  },\n"                                                                    /* 13 */
    "  \"skip\": [\"words\", \"Log\"]\n"                                        /* 14 */
    "}\n";

static void test_good(void)
{
    static const char *const cols[] = {"Name", "Year", "Winery", "Region", "Price", "Note"};
    char *path = write_temp(good_json);
    struct verbalizer *v = verbalizer_load(path);
    struct vtable *wine, *grape;
    struct cell row[6];
    struct buf b = BUF_INIT, err = BUF_INIT;
    struct srcloc loc;
    size_t bad = 0;
    int errors;

    CHECK(v != NULL);
    if (!v)
        return;
    CHECK_U64(verbalizer_count(v), ==, 2);
    wine = verbalizer_table(v, "wine");
    CHECK(wine != NULL);
    CHECK(verbalizer_at(v, 0) == wine);
    CHECK(verbalizer_table(v, "WINE") == wine);
    CHECK(verbalizer_table(v, "nope") == NULL);
    CHECK_STR(vtable_name(wine), "wine");
    CHECK_INT(verbalizer_is_skipped(v, "words"), ==, 1);
    CHECK_INT(verbalizer_is_skipped(v, "log"), ==, 1);
    CHECK_INT(verbalizer_is_skipped(v, "wine"), ==, 0);
    CHECK_U64(vtable_count(wine), ==, 5);
    CHECK_STR(vtable_source(wine, 2), "Price: \\{{Price}\\} \\[USD\\] \\\\ done");

    /* locations: each template's line, and the table entry's */
    loc = vtable_loc(wine, 0);
    CHECK_STR(loc.file, path);
    CHECK_INT(loc.line, ==, 5);
    CHECK_INT(vtable_loc(wine, 1).line, ==, 6);
    CHECK_INT(vtable_loc(wine, 4).line, ==, 9);
    CHECK_INT(vtable_loc(wine, 5).line, ==, 3);

    /* an unknown column is reported at its template's line, once per template */
    errors = error_count();
    capture_begin();
    CHECK_INT(vtable_bind(wine, cols, 3), ==, 5);
    capture_end(&err);
    CHECK_INT(error_count() - errors, ==, 5);
    buf_reset(&b);
    buf_addf(&b, "%s:6: unknown column 'Region' in table 'wine'\n", path);
    CHECK(has(&err, b.s));
    buf_reset(&b);
    buf_addf(&b, "%s:7: unknown column 'Price' in table 'wine'\n", path);
    CHECK(has(&err, b.s));
    buf_reset(&b);
    buf_addf(&b, "%s:9: unknown column 'Price' in table 'wine'\n", path);
    CHECK(has(&err, b.s));
    CHECK(strstr(strstr(err.s, b.s) + 1, b.s) == NULL);
    CHECK_INT(vtable_bind(wine, cols, 6), ==, 0);

    /* names bind exactly first, then ignoring case; several caseless matches are ambiguous */
    grape = verbalizer_table(v, "grape");
    {
        static const char *const ga[] = {"x", "a", "a"};
        static const char *const gb[] = {"a", "A", "{A}"};
        static const char *const gc[] = {"a", "{a}"};
        capture_begin();
        CHECK_INT(vtable_bind(grape, ga, 3), ==, 3);
        capture_end(&err);
        CHECK(has(&err, "ambiguous column 'A' in table 'grape'"));
        CHECK(has(&err, "unknown column '{A}' in table 'grape'"));
        CHECK_INT(vtable_bind(grape, gb, 3), ==, 0);
        CHECK_INT(vtable_mentions(grape, 0, 1), ==, 1);
        CHECK_INT(vtable_mentions(grape, 0, 0), ==, 0);
        /* escapes work inside names too */
        CHECK_INT(vtable_mentions(grape, 2, 2), ==, 1);
        CHECK_INT(vtable_bind(grape, gc, 2), ==, 0);
        CHECK_INT(vtable_mentions(grape, 0, 0), ==, 1);
        CHECK_INT(vtable_mentions(grape, 2, 1), ==, 1);
    }

    /* NULL in optional parts, single and nested */
    row[0] = txt("Chateau X");
    row[1] = txt("1999");
    row[2] = null();
    row[3] = txt("Bordeaux");
    row[4] = txt("12.5");
    row[5] = txt("a\nb\r");
    render(wine, 0, row, "Chateau X is a 1999 wine.");
    render(wine, 1, row, "Chateau X in 1999, aged in Bordeaux.");
    render(wine, 2, row, "Price: {12.5} [USD] \\ done");
    render(wine, 3, row, "Chateau X (a b )");
    render(wine, 4, row, "Chateau X aka Chateau X with 12.5 or a b ");
    row[1] = null();
    row[2] = txt("Petrus");
    row[3] = null();
    render(wine, 0, row, "Chateau X is a  wine from Petrus.");
    render(wine, 1, row, "Petrus made Chateau X.");
    row[1] = txt("2001");
    render(wine, 1, row, "Petrus made Chateau X in 2001.");
    row[4] = null();
    row[5] = null();
    render(wine, 3, row, "Chateau X");
    render(wine, 4, row, "Chateau X aka Chateau X");
    row[0] = null();
    render(wine, 4, row, "");

    /* mentions and optional mentions */
    CHECK_INT(vtable_mentions(wine, 0, 0), ==, 1);
    CHECK_INT(vtable_optional(wine, 0, 0), ==, 0);
    CHECK_INT(vtable_mentions(wine, 0, 2), ==, 1);
    CHECK_INT(vtable_optional(wine, 0, 2), ==, 1);
    CHECK_INT(vtable_mentions(wine, 0, 3), ==, 0);
    CHECK_INT(vtable_optional(wine, 0, 3), ==, 0);
    CHECK_INT(vtable_optional(wine, 1, 0), ==, 0);
    CHECK_INT(vtable_optional(wine, 1, 1), ==, 1);
    CHECK_INT(vtable_optional(wine, 1, 3), ==, 1);
    CHECK_INT(vtable_optional(wine, 4, 0), ==, 0); /* both inside and outside */
    CHECK_INT(vtable_optional(wine, 4, 5), ==, 1);

    /* faithfulness: a value missing from the sentence is named */
    row[0] = txt("Chateau X");
    row[1] = txt("1999");
    row[3] = txt("Bordeaux");
    row[5] = txt("a\nb");
    CHECK_INT(
        vtable_faithful(wine, 1, row, "Petrus made Chateau X in 1998, aged in Bordeaux.", &bad), ==,
        0);
    CHECK_U64(bad, ==, 1);
    CHECK_INT(vtable_faithful(wine, 1, row, "Petrus made Chateau in 1999, aged in Bordeaux.", &bad),
              ==, 0);
    CHECK_U64(bad, ==, 0);
    CHECK_INT(vtable_faithful(wine, 3, row, "Chateau X (a b)", &bad), ==, 1);
    CHECK_INT(vtable_faithful(wine, 3, row, "Chateau X (a\nb)", &bad), ==, 0);
    CHECK_U64(bad, ==, 5);
    /* columns of dropped parts are not required */
    row[2] = null();
    CHECK_INT(vtable_faithful(wine, 1, row, "Chateau X in 1999, aged in Bordeaux.", &bad), ==, 1);

    verbalizer_free(v);
    unlink(path);
    free(path);
    buf_release(&b);
    buf_release(&err);
}

/* ---- a file full of mistakes: every one is reported ---- */

static const char bad_json[] =
    "{\n"                                                         /* 1 */
    "  \"tables\": {\n"                                           /* 2 */
    "    \"bad\": {\n"                                            /* 3 */
    "      \"templates\": [\n"                                    /* 4 */
    "        \"a ] b {X}\",\n"                                    /* 5 */
    "        \"[{X} b\",\n"                                       /* 6 */
    "        \"{X\",\n"                                           /* 7 */
    "        \"{} x {X}\",\n"                                     /* 8 */
    "        \"x } {X}\",\n"                                      /* 9 */
    "        \"\\\\q {X}\",\n"                                    /* 10 */
    "        \"a\\nb {X}\",\n"                                    /* 11 */
    "        \"[no column] {X}\",\n"                              /* 12 */
    "        5,\n"                                                /* 13 */
    "        \"[[{A}]{B}] fine\",\n"                              /* 14 */
    "        \"no column at all\",\n"                             /* 15 */
    "        \"{X}\\\\\"\n"                                       /* 16 */
    "      ]\n"                                                   /* 17 */
    "    },\n"                                                    /* 18 */
    "    \"few\": {\"templates\": [\"{A}\", \"{B}\"]},\n"         /* 19 */
    "    \"nonobj\": 3,\n"                                        /* 20 */
    "    \"notarr\": {\"templates\": \"x\"},\n"                   /* 21 */
    "    \"notmpl\": {\"other\": []},\n"                          /* 22 */
    "    \"Few\": {\"templates\": [\"{A}\", \"{A}\", \"{A}\"]}\n" /* 23 */
    "  },\n"                                                      /* 24 */
    "  \"skip\": [\"ok\", 1],\n"                                  /* 25 */
    "  \"extra\": true\n"                                         /* 26 */
    "}\n";

static void test_bad(void)
{
    static const struct {
        int line;
        const char *msg;
    } want[] = {
        {5, "unmatched ']' in template 1 of table 'bad'"},
        {6, "unclosed '[' in template 2 of table 'bad'"},
        {7, "unclosed '{' in template 3 of table 'bad'"},
        {8, "empty column name '{}' in template 4 of table 'bad'"},
        {9, "unmatched '}' in template 5 of table 'bad'"},
        {10, "unknown escape '\\q' in template 6 of table 'bad'"},
        {11, "line break in template 7 of table 'bad'"},
        {12, "optional part without a column in template 8 of table 'bad'"},
        {13, "template 9 of table 'bad' must be a string"},
        {15, "warning: template 11 of table 'bad' mentions no column"},
        {16, "dangling '\\' in template 12 of table 'bad'"},
        {19, "table 'few' has 2 templates; at least 3 are needed"},
        {20, "table 'nonobj' must be an object with 'templates'"},
        {21, "'templates' of table 'notarr' must be an array of strings"},
        {22, "warning: unknown key 'other' in table 'notmpl'"},
        {22, "table 'notmpl' has no 'templates'"},
        {23, "duplicate table 'Few'"},
        {25, "'skip' entries must be table names"},
        {26, "warning: unknown key 'extra'"},
    };
    char *path = write_temp(bad_json);
    struct buf err = BUF_INIT, b = BUF_INIT;
    struct verbalizer *v;
    int errors = error_count(), warnings = warning_count();
    size_t i;

    capture_begin();
    v = verbalizer_load(path);
    capture_end(&err);
    CHECK(v == NULL);
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        buf_reset(&b);
        buf_addf(&b, "%s:%d: %s\n", path, want[i].line, want[i].msg);
        CHECK(has(&err, b.s));
    }
    CHECK_INT(error_count() - errors, ==, 16);
    CHECK_INT(warning_count() - warnings, ==, 3);
    /* the fine template with nested parts drew nothing */
    buf_reset(&b);
    buf_addf(&b, "%s:14:", path);
    CHECK(!strstr(err.s, b.s));
    unlink(path);
    free(path);

    /* structural problems at the top */
    path = write_temp("[1]\n");
    capture_begin();
    v = verbalizer_load(path);
    capture_end(&err);
    CHECK(v == NULL);
    buf_reset(&b);
    buf_addf(&b, "%s:1: top level must be an object\n", path);
    CHECK(has(&err, b.s));
    unlink(path);
    free(path);

    path = write_temp("{\"skip\": \"x\",\n \"tables\": []}\n");
    capture_begin();
    v = verbalizer_load(path);
    capture_end(&err);
    CHECK(v == NULL);
    buf_reset(&b);
    buf_addf(&b, "%s:1: 'skip' must be an array of table names\n", path);
    CHECK(has(&err, b.s));
    buf_reset(&b);
    buf_addf(&b, "%s:2: 'tables' must be an object\n", path);
    CHECK(has(&err, b.s));
    unlink(path);
    free(path);

    path = write_temp("\n{\"skip\": []}\n");
    capture_begin();
    v = verbalizer_load(path);
    capture_end(&err);
    CHECK(v == NULL);
    buf_reset(&b);
    buf_addf(&b, "%s:2: missing 'tables'\n", path);
    CHECK(has(&err, b.s));
    unlink(path);
    free(path);

    /* invalid JSON carries a column */
    path = write_temp("{\n  \"tables\": {,}\n}\n");
    capture_begin();
    v = verbalizer_load(path);
    capture_end(&err);
    CHECK(v == NULL);
    buf_reset(&b);
    buf_addf(&b, "%s:2:", path);
    CHECK(has(&err, b.s));
    CHECK(has(&err, ": invalid JSON\n"));
    unlink(path);
    free(path);

    /* a missing file */
    capture_begin();
    v = verbalizer_load("/nonexistent/verbalize.json");
    capture_end(&err);
    CHECK(v == NULL);
    CHECK(has(&err, "/nonexistent/verbalize.json"));

    /* skipped and given templates: a warning, and skip wins */
    path = write_temp("{\"tables\": {\"t\": {\"templates\": [\"{a}\", \"{a}\", \"{a}\"]}},\n"
                      " \"skip\": [\"T\"]}\n");
    capture_begin();
    v = verbalizer_load(path);
    capture_end(&err);
    CHECK(v != NULL);
    CHECK(has(&err, "warning: table 't' is both skipped and given templates; it is skipped"));
    CHECK_INT(verbalizer_is_skipped(v, "t"), ==, 1);
    verbalizer_free(v);
    unlink(path);
    free(path);

    buf_release(&err);
    buf_release(&b);
}

/* ---- template choice ---- */

static void test_choose(void)
{
    char key[400];
    int counts[3] = {0, 0, 0}, differ = 0, i;

    /* pinned: any change to the formula shows here */
    CHECK_U64(verbalize_choose(0, "wine", "Chateau X", 3), ==, 0);
    CHECK_U64(verbalize_choose(0, "wine", "1", 3), ==, 1);
    CHECK_U64(verbalize_choose(0, "wine", "3", 3), ==, 2);
    CHECK_U64(verbalize_choose(1, "wine", "2", 3), ==, 2);
    CHECK_U64(verbalize_choose(2, "grape", "2", 5), ==, 4);
    CHECK_U64(verbalize_choose(0, "grape", "Petrus", 5), ==, 1);
    CHECK_U64(verbalize_choose(42, "wine", "", 1000), ==, 931);
    CHECK_U64(verbalize_choose(7, "t", "k", 1000000), ==, 459249);

    /* the documented formula, including keys too long for the stack buffer */
    CHECK_U64(verbalize_choose(7, "t", "k", 1000000), ==, mix64(7 ^ hash64("t\0k", 3)) % 1000000);
    memset(key, 'k', sizeof(key));
    memcpy(key, "t", 2);
    key[sizeof(key) - 1] = '\0';
    CHECK_U64(verbalize_choose(9, "t", key + 2, 1000003), ==,
              mix64(9 ^ hash64(key, sizeof(key) - 1)) % 1000003);
    CHECK_U64(verbalize_choose(9, "t", "x", 1), ==, 0);

    /* table and key are separated: ("ab", "c") is not ("a", "bc") */
    CHECK(verbalize_choose(3, "ab", "c", 1000000) != verbalize_choose(3, "a", "bc", 1000000));

    /* different seeds choose differently, and every template gets used */
    for (i = 0; i < 100; i++) {
        size_t a, b;
        snprintf(key, sizeof(key), "key%d", i);
        a = verbalize_choose(1, "wine", key, 3);
        b = verbalize_choose(2, "wine", key, 3);
        CHECK_U64(a, <, 3);
        counts[a]++;
        differ += a != b;
    }
    CHECK_INT(differ, >=, 40);
    CHECK_INT(counts[0], >=, 15);
    CHECK_INT(counts[1], >=, 15);
    CHECK_INT(counts[2], >=, 15);
}

int main(void)
{
    test_good();
    test_bad();
    test_choose();
    return check_done();
}
