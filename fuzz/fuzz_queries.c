/* fuzz_queries: a query set file (queries/SCHEMA.json, src/data/query.c) through the real
 * loader, with parameter expansion, then each query analysed and prepared against the test
 * schema (tests/data/root, schema "mini") through the SQL guard, and its first rows read. */
#include "fuzz.h"

#include "buf.h"
#include "query.h"
#include "schema.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

static struct schema mini;
static int have_mini;

static int stop_long(void *ctx)
{
    return ++*(int *)ctx > 200; /* a query of the fuzzer's may not run for long */
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct schema_opts o;
    (void)argc, (void)argv;
    fuzz_quiet();
    memset(&o, 0, sizeof(o));
    have_mini = schema_load(&mini, FUZZ_SRC_ROOT "/tests/data/root", "mini", &o) == 0;
    if (!have_mini)
        abort();
    return 0;
}

static void run_query(struct query *q)
{
    struct buf why = BUF_INIT;
    sqlite3_stmt *st;
    int ticks = 0, rows = 0;
    sql_clock_use(q, &why);
    sql_outer_order_by(q->sql);
    buf_release(&why);
    if (query_analyze(q, &mini) < 0)
        return;
    sqlite3_progress_handler(mini.db, 1000, stop_long, &ticks);
    if ((st = query_prepare(q, mini.db, mini.az))) {
        while (rows++ < 50 && sqlite3_step(st) == SQLITE_ROW) {
            int c, n = sqlite3_column_count(st);
            for (c = 0; c < n; c++) {
                struct cell cell;
                cell_from_stmt(&cell, st, c);
                cell_release(&cell);
            }
        }
        sqlite3_finalize(st);
    }
    sqlite3_progress_handler(mini.db, 0, NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write("mini.json", data, size);
    struct query_set qs;
    size_t i;
    memset(&qs, 0, sizeof(qs));
    if (query_set_load(&qs, path) == 0)
        for (i = 0; i < qs.n && i < 64; i++)
            run_query(&qs.q[i]);
    query_set_release(&qs);
    free(path);
    return 0;
}
