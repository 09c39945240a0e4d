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
    /* the database is untouched */
    CHECK_U64(s.tables[wines].nrows, ==, 80);
    schema_release(&s);
}

int main(int argc, char **argv)
{
    char *root = path_join(argc > 1 ? argv[1] : ".", "tests/data/root");
    order_by();
    expansion();
    authorizer(root);
    free(root);
    return check_done();
}
