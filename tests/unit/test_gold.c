/* Unit test of gold: answers over the rows of the test schema, and the ambiguous flag. */
#include "check.h"
#include "gold.h"
#include "query.h"
#include "schema.h"
#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <unistd.h>

/* The gold of `sql` over every row of the schema; returns gold.ambiguous, or -1.  A new
 * gold_db each time: it keeps a query's statement by the query's address, which the next
 * query set may reuse. */
static int ambiguous(const struct schema *s, const char *sql)
{
    struct gold_db *g = gold_db_new(s);
    struct query_set qs;
    struct buf t = BUF_INIT;
    struct rowref *rows;
    struct gold out;
    char path[] = "/tmp/hbg-XXXXXX";
    int fd = mkstemp(path), r = -1;
    size_t i, k, n = 0;
    FILE *f = fdopen(fd, "w");
    buf_adds(&t,
             "{\"schema\": \"mini\", \"queries\": [{\"id\": \"x\", \"question\": \"q\", \"sql\": ");
    buf_add_json_str(&t, sql, strlen(sql));
    buf_adds(&t, ", \"types\": [\"Join\"], \"difficulty\": \"hard\"}]}");
    fputs(t.s, f);
    fclose(f);
    buf_release(&t);
    CHECK_INT(query_set_load(&qs, path), ==, 0);
    unlink(path);
    CHECK_INT(query_analyze(&qs.q[0], s), ==, 0);
    for (i = 0; i < s->ntables; i++)
        n += s->tables[i].nrows;
    rows = xcalloc(n, sizeof(*rows));
    n = 0;
    for (i = 0; i < s->ntables; i++)
        for (k = 0; k < s->tables[i].nrows; k++) {
            rows[n].table = (uint32_t)i;
            rows[n++].row = (uint32_t)k;
        }
    if (gold_compute(g, &qs.q[0], rows, n, &out) == 0) {
        r = out.ambiguous;
        gold_release(&out);
    }
    free(rows);
    query_set_release(&qs);
    gold_db_free(g);
    return r;
}

int main(int argc, char **argv)
{
    char *root = path_join(argc > 1 ? argv[1] : ".", "tests/data/root");
    struct schema s;
    CHECK_INT(schema_load(&s, root, "mini", NULL), ==, 0);
    /* a table scan without ORDER BY: rows inserted the other way round show it */
    CHECK_INT(ambiguous(&s, "SELECT name FROM wines LIMIT 3"), ==, 1);
    /* ties at a LIMIT after ORDER BY: the same */
    CHECK_INT(ambiguous(&s, "SELECT handle FROM critics ORDER BY country LIMIT 1"), ==, 1);
    /* the key's index gives key order whatever the insertion order: only a reversed scan
     * (reverse_unordered_selects) shows that nothing asked for that order */
    CHECK_INT(ambiguous(&s, "SELECT handle FROM critics LIMIT 2"), ==, 1);
    CHECK_INT(ambiguous(&s, "SELECT name FROM grapes LIMIT 2"), ==, 1);
    /* rows read through the index in key order, here the reverse of the canonical order:
     * reversed insertion agrees by chance, a reversed scan does not */
    CHECK_INT(ambiguous(&s, "SELECT handle FROM critics WHERE handle IN ('loqua0', 'brimi3') "
                            "LIMIT 1"),
              ==, 1);
    /* a scalar subquery takes the first row it finds */
    CHECK_INT(ambiguous(&s, "SELECT (SELECT handle FROM critics)"), ==, 1);
    /* answers that do not depend on order */
    CHECK_INT(ambiguous(&s, "SELECT count(*) FROM wines"), ==, 0);
    CHECK_INT(ambiguous(&s, "SELECT name FROM wines WHERE score > 90"), ==, 0);
    CHECK_INT(ambiguous(&s, "SELECT handle FROM critics ORDER BY handle, country LIMIT 2"), ==, 0);
    CHECK_INT(ambiguous(&s, "SELECT name, score FROM wines ORDER BY score DESC, id LIMIT 3"), ==,
              0);
    schema_release(&s);
    free(root);
    return check_done();
}
