#include "check.h"
#include "query.h"
#include "schema.h"
#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <unistd.h>

static void order_by(void)
{
    CHECK_INT(sql_outer_order_by("SELECT a FROM t ORDER BY a"), ==, 1);
    CHECK_INT(sql_outer_order_by("select a from t order  \n  by a desc limit 3"), ==, 1);
    CHECK_INT(sql_outer_order_by("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1"), ==, 1);
    CHECK_INT(sql_outer_order_by("SELECT a FROM t ORDER /* c */ BY a"), ==, 1);
    CHECK_INT(sql_outer_order_by("SELECT a FROM (SELECT a FROM t ORDER BY a)"), ==, 0);
    CHECK_INT(sql_outer_order_by("SELECT 'order by' FROM t"), ==, 0);
    CHECK_INT(sql_outer_order_by("SELECT a FROM t -- order by a\n"), ==, 0);
    CHECK_INT(sql_outer_order_by("SELECT a FROM t /* ORDER BY a */"), ==, 0);
    CHECK_INT(sql_outer_order_by("SELECT \"order\" FROM t"), ==, 0);
    CHECK_INT(sql_outer_order_by("SELECT x AS [order by] FROM t"), ==, 0);
    CHECK_INT(sql_outer_order_by("SELECT a, row_number() OVER (ORDER BY a) FROM t"), ==, 0);
    CHECK_INT(sql_outer_order_by("SELECT reorder FROM t WHERE 'it''s order by' = b"), ==, 0);
}

/* The clock check on one SQL text, with param `p` bound to `pval` (text) when given. */
static int clock_use(const char *sql, const char *pval, const char *want)
{
    struct query q;
    struct qparam p;
    struct buf why = BUF_INIT;
    int r;
    memset(&q, 0, sizeof(q));
    memset(&p, 0, sizeof(p));
    q.sql = (char *)sql;
    if (pval) {
        p.name = "p";
        p.value.type = SQLITE_TEXT;
        p.value.text = (char *)pval;
        p.value.len = strlen(pval);
        q.params = &p;
        q.nparams = 1;
    }
    r = sql_clock_use(&q, &why);
    if (want)
        CHECK_STR(why.s, want);
    buf_release(&why);
    return r;
}

static void clock(void)
{
    CHECK_INT(
        clock_use("SELECT date('now')", NULL, "calls date() with 'now', which reads the clock"), ==,
        1);
    CHECK_INT(clock_use("SELECT strftime('%Y',  ' Now ')", NULL, NULL), ==, 1);
    CHECK_INT(clock_use("SELECT date()", NULL,
                        "calls date() without a time value, which reads the clock"),
              ==, 1);
    CHECK_INT(clock_use("SELECT \"julianday\" /* x */ ( -- y\n )", NULL, NULL), ==, 1);
    CHECK_INT(clock_use("SELECT DATETIME(d, 'localtime') FROM t", NULL,
                        "calls DATETIME() with 'localtime', which depends on the time zone"),
              ==, 1);
    CHECK_INT(clock_use("SELECT time(d, 'utc') FROM t", NULL, NULL), ==, 1);
    /* strftime's first argument is the format: alone, the time value is missing */
    CHECK_INT(clock_use("SELECT strftime('%Y') + (1) FROM t", NULL,
                        "calls strftime() without a time value, which reads the clock"),
              ==, 1);
    CHECK_INT(clock_use("SELECT strftime(f(a, b)) FROM t", NULL, NULL), ==, 1);
    /* nested: the innermost call is named */
    CHECK_INT(clock_use("SELECT date(abs(1), datetime(\"now\"))", NULL,
                        "calls datetime() with 'now', which reads the clock"),
              ==, 1);
    CHECK_INT(clock_use("SELECT unixepoch(:p)", "now",
                        "calls unixepoch() with :p = 'now', which reads the clock"),
              ==, 1);
    CHECK_INT(clock_use("SELECT unixepoch($p, '+1 day')", "localtime",
                        "calls unixepoch() with $p = 'localtime', "
                        "which depends on the time zone"),
              ==, 1);
    /* deterministic uses */
    CHECK_INT(clock_use("SELECT unixepoch(:p)", "2020-01-01", NULL), ==, 0);
    CHECK_INT(clock_use("SELECT strftime('%Y', d), date(d, '+1 day') FROM t", NULL, NULL), ==, 0);
    CHECK_INT(clock_use("SELECT date FROM t WHERE 'now' = name", NULL, NULL), ==, 0);
    CHECK_INT(clock_use("SELECT date(d), 'now' FROM t -- date('now')", NULL, NULL), ==, 0);
    CHECK_INT(clock_use("SELECT date(d) FROM t WHERE x IN ('now', :p)", "now", NULL), ==, 0);
    CHECK_INT(clock_use("SELECT upper('now'), date('2020-01-01', 'start of month')", NULL, NULL),
              ==, 0);
    CHECK_INT(clock_use("SELECT date([now]) FROM t", NULL, NULL), ==, 0);
    CHECK_INT(clock_use("SELECT (1), strftime('%Y', (d)), ((2)) FROM t", NULL, NULL), ==, 0);
    CHECK_INT(clock_use("SELECT date(d) FROM t WHERE (x) IN ((SELECT 'now'))", NULL, NULL), ==, 0);
}

static char *write_temp(const char *text)
{
    char path[] = "/tmp/hbq-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return xstrdup(path);
}

static void expansion(void)
{
    struct query_set qs;
    char *p = write_temp(
        "{\"schema\": \"mini\", \"queries\": [\n"
        " {\"id\": \"m-1\", \"question\": \"Wines after {a} named {b}?\",\n"
        "  \"sql\": \"SELECT name FROM wines WHERE year > :a AND name <> :b\",\n"
        "  \"params\": {\"a\": [2001, 2.5], \"b\": [\"x\", \"y\", \"z\"]},\n"
        "  \"types\": [\"Comparison\"], \"difficulty\": \"easy\"},\n"
        " {\"id\": \"m-2\", \"question\": \"How many?\", \"sql\": \"SELECT count(*) FROM wines\",\n"
        "  \"types\": [\"Aggregation\"], \"difficulty\": \"easy\", \"ordered\": true}]}\n");
    CHECK_INT(query_set_load(&qs, p), ==, 0);
    CHECK_U64(qs.n, ==, 7);
    CHECK_STR(qs.q[0].id, "m-1.1");
    CHECK_STR(qs.q[1].id, "m-1.2");
    CHECK_STR(qs.q[1].question, "Wines after 2001 named y?");
    CHECK_STR(qs.q[3].question, "Wines after 2.5 named x?");
    CHECK_STR(qs.q[3].base_id, "m-1");
    CHECK_INT(qs.q[3].params[0].value.type, ==, SQLITE_FLOAT);
    CHECK_STR(qs.q[6].id, "m-2");
    CHECK_INT(qs.q[6].ordered, ==, 1);
    CHECK_INT(qs.q[0].ordered, ==, 0);
    query_set_release(&qs);
    unlink(p);
    free(p);
}

static int load_one(struct query_set *qs, const char *sql)
{
    struct buf t = BUF_INIT;
    char *p;
    int rc;
    buf_adds(&t,
             "{\"schema\": \"mini\", \"queries\": [{\"id\": \"x\", \"question\": \"q\", \"sql\": ");
    buf_add_json_str(&t, sql, strlen(sql));
    buf_adds(&t, ", \"types\": [\"Join\"], \"difficulty\": \"hard\"}]}");
    p = write_temp(t.s);
    rc = query_set_load(qs, p);
    unlink(p);
    free(p);
    buf_release(&t);
    return rc;
}

static int analyze(const struct schema *s, const char *sql, struct query_set *qs)
{
    if (load_one(qs, sql) < 0)
        return -2;
    return query_analyze(&qs->q[0], s);
}

static void authorizer(const char *root)
{
    struct schema s;
    struct query_set qs;
    int wines, grapes, name, id;
    CHECK_INT(schema_load(&s, root, "mini", NULL), ==, 0);
    wines = schema_table_index(&s, "wines");
    grapes = schema_table_index(&s, "grapes");
    name = table_column_index(&s.tables[wines], "name");
    id = table_column_index(&s.tables[grapes], "id");

    CHECK_INT(analyze(&s, "SELECT w.name FROM wines w JOIN grapes g ON w.grape_id = g.id", &qs), ==,
              0);
    CHECK_U64(qs.q[0].ntables, ==, 2);
    CHECK_INT(qs.q[0].reads_table[wines], ==, 1);
    CHECK_INT(qs.q[0].reads_table[grapes], ==, 1);
    CHECK_INT(qs.q[0].reads_col[wines][name], ==, 1);
    CHECK_INT(qs.q[0].reads_col[grapes][id], ==, 1);
    CHECK_INT(qs.q[0].reads_table[schema_table_index(&s, "critics")], ==, 0);
    query_set_release(&qs);

    /* count(*) reads its table without naming a column */
    CHECK_INT(analyze(&s, "SELECT count(*) FROM wines", &qs), ==, 0);
    CHECK_INT(qs.q[0].reads_table[wines], ==, 1);
    query_set_release(&qs);

    /* tables named only inside a CTE or subquery are still found */
    CHECK_INT(analyze(&s, "WITH x AS (SELECT grape_id FROM wines) SELECT count(*) FROM x", &qs), ==,
              0);
    CHECK_INT(qs.q[0].reads_table[wines], ==, 1);
    query_set_release(&qs);

    fprintf(stderr, "(the following errors are expected)\n");
    CHECK_INT(analyze(&s, "DELETE FROM wines", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "UPDATE wines SET score = 0", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "ATTACH ':memory:' AS other", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "PRAGMA writable_schema = 1", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "SELECT load_extension('x')", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "CREATE TABLE z(a)", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "SELECT * FROM sqlite_master", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "SELECT nosuch FROM wines", &qs), ==, -1);
    query_set_release(&qs);
    /* what would leave the answer to chance */
    CHECK_INT(analyze(&s, "SELECT name FROM wines ORDER BY random() LIMIT 1", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "SELECT hex(randomblob(1)) FROM wines", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "SELECT count(*) + total_changes() FROM wines", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "SELECT last_insert_rowid() FROM wines", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "SELECT name FROM wines WHERE year < current_timestamp", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "SELECT CURRENT_TIME, name FROM wines", &qs), ==, -1);
    query_set_release(&qs);
    CHECK_INT(analyze(&s, "SELECT name FROM wines WHERE year > strftime('%Y', 'now') - 9", &qs), ==,
              -1);
    query_set_release(&qs);
    /* a date function over the data is deterministic, and a column may be called date */
    CHECK_INT(analyze(&s, "SELECT strftime('%Y', year || '-01-01') AS date FROM wines", &qs), ==,
              0);
    query_set_release(&qs);
    /* the database is untouched */
    CHECK_U64(s.tables[wines].nrows, ==, 80);
    schema_release(&s);
}

int main(int argc, char **argv)
{
    char *root = path_join(argc > 1 ? argv[1] : ".", "tests/data/root");
    order_by();
    clock();
    expansion();
    authorizer(root);
    free(root);
    return check_done();
}
