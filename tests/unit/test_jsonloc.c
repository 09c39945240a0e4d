#include "check.h"
#include "jsonloc.h"
#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <unistd.h>

/* Run json_parse_file_text() with stderr sent to a temporary file, whose text lands in
 * `out`, so that the printed location can be checked. */
static cJSON *parse_capturing(const char *text, struct buf *out)
{
    char path[] = "/tmp/hb_jsonloc_XXXXXX";
    int fd = mkstemp(path), saved;
    cJSON *root;

    fflush(stderr);
    saved = dup(2);
    dup2(fd, 2);
    close(fd);
    root = json_parse_file_text(text, strlen(text), "in.json");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    read_file(path, out);
    unlink(path);
    return root;
}

/* Every lookup is asked of both json_line() and the one-pass index: they must agree. */
static int line_of(const char *text, const struct jstep *path, size_t n)
{
    int line = json_line(text, strlen(text), path, n);
    struct json_lines *ix = json_lines_new(text, strlen(text));
    CHECK_INT(json_lines_get(ix, path, n), ==, line);
    json_lines_free(ix);
    return line;
}

/* Every value of the tree under `v` (reached by path[0..n)) is located alike both ways. */
static void walk(const char *text, const cJSON *v, struct jstep *path, size_t n, size_t *count)
{
    const cJSON *c;
    int i = 0;
    CHECK(line_of(text, path, n) > 0);
    ++*count;
    if (n == 8)
        return;
    cJSON_ArrayForEach(c, v)
    {
        path[n].key = cJSON_IsObject(v) ? c->string : NULL;
        path[n].index = i++;
        walk(text, c, path, n + 1, count);
    }
}

static void test_every_value(void)
{
    const char *text = "\xef\xbb\xbf{\"b\": [1,\n 2, {\"x\": null,\n\"x\": true}],\n"
                       " \"a\"  :\n\n {\"k\\u00e9y\": \"v\", \"\": [[], {}],\n"
                       "  \"z\": [\"s\\n\", -1.5e3, false]},\n"
                       " \"b\": \"second b\"}\n";
    struct jstep path[8];
    size_t count = 0;
    cJSON *root = cJSON_Parse(text + 3);
    CHECK(root != NULL);
    walk(text, root, path, 0, &count);
    CHECK_U64(count, ==, 17);
    cJSON_Delete(root);
}

int main(void)
{
    test_every_value();
    static const char doc[] = "{\n"                              /* 1 */
                              "  \"a\": 1,\n"                    /* 2 */
                              "  \"b\": {\n"                     /* 3 */
                              "    \"c\": [10,\n"                /* 4 */
                              "          20,\n"                  /* 5 */
                              "          {\"d\": \"x\"}],\n"     /* 6 */
                              "    \"e\\\"f\": true,\n"          /* 7 */
                              "    \"g\\u0041\\/\\\\\": null\n"  /* 8 */
                              "  },\n"                           /* 9 */
                              "  \"long\": [\n"                  /* 10 */
                              "     1,\n"                        /* 11 */
                              "     2\n"                         /* 12 */
                              "  ],\n"                           /* 13 */
                              "  \"s\": \"str\\\"ing }{ ][\",\n" /* 14 */
                              "  \"after\":\n"                   /* 15 */
                              "\n"                               /* 16 */
                              "    -1.5e+3\n"                    /* 17 */
                              "}\n";
    struct jstep p[4];
    struct buf err = BUF_INIT;
    cJSON *root;

    /* the root and plain members */
    CHECK_INT(line_of(doc, NULL, 0), ==, 1);
    p[0] = (struct jstep){"a", 0};
    CHECK_INT(line_of(doc, p, 1), ==, 2);
    p[0] = (struct jstep){"b", 0};
    CHECK_INT(line_of(doc, p, 1), ==, 3);

    /* nested paths and arrays */
    p[1] = (struct jstep){"c", 0};
    CHECK_INT(line_of(doc, p, 2), ==, 4);
    p[2] = (struct jstep){NULL, 0};
    CHECK_INT(line_of(doc, p, 3), ==, 4);
    p[2].index = 1;
    CHECK_INT(line_of(doc, p, 3), ==, 5);
    p[2].index = 2;
    CHECK_INT(line_of(doc, p, 3), ==, 6);
    p[3] = (struct jstep){"d", 0};
    CHECK_INT(line_of(doc, p, 4), ==, 6);
    p[2].index = 3;
    CHECK_INT(line_of(doc, p, 3), ==, 0);
    p[2].index = -1;
    CHECK_INT(line_of(doc, p, 3), ==, 0);

    /* keys with escapes are compared decoded */
    p[1] = (struct jstep){"e\"f", 0};
    CHECK_INT(line_of(doc, p, 2), ==, 7);
    p[1] = (struct jstep){"gA/\\", 0};
    CHECK_INT(line_of(doc, p, 2), ==, 8);
    p[1] = (struct jstep){"g\\u0041\\/\\\\", 0};
    CHECK_INT(line_of(doc, p, 2), ==, 0);

    /* values spanning lines start where they start; a value may follow on a later line */
    p[0] = (struct jstep){"long", 0};
    CHECK_INT(line_of(doc, p, 1), ==, 10);
    p[1] = (struct jstep){NULL, 1};
    CHECK_INT(line_of(doc, p, 2), ==, 12);
    p[0] = (struct jstep){"s", 0};
    CHECK_INT(line_of(doc, p, 1), ==, 14);
    p[0] = (struct jstep){"after", 0};
    CHECK_INT(line_of(doc, p, 1), ==, 17);

    /* wrong kinds of step, missing members */
    p[0] = (struct jstep){"zz", 0};
    CHECK_INT(line_of(doc, p, 1), ==, 0);
    p[0] = (struct jstep){NULL, 0};
    CHECK_INT(line_of(doc, p, 1), ==, 0);
    p[0] = (struct jstep){"a", 0};
    p[1] = (struct jstep){"x", 0};
    CHECK_INT(line_of(doc, p, 2), ==, 0);

    /* surrogate pairs decode to UTF-8; a BOM and raw line breaks in strings are tolerated */
    p[0] = (struct jstep){"\xf0\x9f\x98\x80", 0};
    CHECK_INT(line_of("\xef\xbb\xbf{\"x\": \"1\n2\",\n\"\\ud83d\\ude00\": 0}", p, 1), ==, 3);
    p[0] = (struct jstep){"k", 0};
    CHECK_INT(line_of("[]", p, 1), ==, 0);
    CHECK_INT(line_of("{}", p, 1), ==, 0);
    CHECK_INT(line_of("", NULL, 0), ==, 0);
    CHECK_INT(line_of("  \n 7", NULL, 0), ==, 2);
    /* the first of duplicate keys wins, as in cJSON */
    CHECK_INT(line_of("{\"k\": 1,\n\"k\": 2}", p, 1), ==, 1);

    /* malformed text before the value gives 0 */
    CHECK_INT(line_of("{\"a\": tru, \"k\": 1}", p, 1), ==, 0);
    CHECK_INT(line_of("{\"a\": [1, 2}, \"k\": 1}", p, 1), ==, 0);
    CHECK_INT(line_of("{\"a\" 1, \"k\": 1}", p, 1), ==, 0);
    CHECK_INT(line_of("{\"a\": \"\\x\", \"k\": 1}", p, 1), ==, 0);
    p[0] = (struct jstep){NULL, 3};
    CHECK_INT(line_of("[1, 2", p, 1), ==, 0);
    /* the text is only scanned as far as needed */
    p[0] = (struct jstep){"k", 0};
    CHECK_INT(line_of("{\"k\": 1, oops", p, 1), ==, 1);

    /* parsing: good text gives a tree */
    root = parse_capturing(doc, &err);
    CHECK(root != NULL);
    CHECK_STR(err.s, "");
    CHECK(cJSON_IsObject(root));
    cJSON_Delete(root);
    root = parse_capturing("  {}  \n\n", &err);
    CHECK(root != NULL);
    cJSON_Delete(root);

    /* syntax errors print file:line:col */
    root = parse_capturing("{\n  \"a\": 1,\n  \"b\": ]\n}\n", &err);
    CHECK(root == NULL);
    CHECK_STR(err.s, "in.json:3:8: invalid JSON\n");
    root = parse_capturing("", &err);
    CHECK(root == NULL);
    CHECK_STR(err.s, "in.json:1:1: invalid JSON\n");
    root = parse_capturing("{}\n  x", &err);
    CHECK(root == NULL);
    CHECK_STR(err.s, "in.json:2:3: invalid JSON\n");
    root = parse_capturing("[1,\n2,\n", &err);
    CHECK(root == NULL);
    CHECK(!strncmp(err.s, "in.json:", 8) && strstr(err.s, ": invalid JSON\n"));

    buf_release(&err);
    return check_done();
}
