/* fuzz_rundb: a run database from arbitrary bytes (a corrupt or hand-edited file), opened the
 * way the commands open one: read-only with rundb_open_readonly() (report, show, calibrate;
 * src/api/rundb.c checks it first), through rundb_open() as score and run do, then scored
 * against a small suite (src/eval/scorerun.c) and reported in every format (report*.c). */
#include "fuzz.h"

#include "buf.h"
#include "report.h"
#include "rundb.h"
#include "scorerun.h"
#include "util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *suite;
static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct buf all = BUF_INIT;
    size_t i, lines = 0;
    (void)argc, (void)argv;
    fuzz_quiet();
    if (read_file(FUZZ_SRC_ROOT "/tests/data/quick-suite.jsonl", &all) < 0 || !(sink = tmpfile()))
        abort();
    for (i = 0; i < all.len && lines < 3; i++) /* the first three instances */
        lines += all.s[i] == '\n';
    suite = fuzz_write("suite.jsonl", all.s, i);
    buf_release(&all);
    return 0;
}

static void clean(const char *path)
{
    static const char *const ext[] = {"-journal", "-wal", "-shm", ".lock"};
    size_t i;
    for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
        struct buf p = BUF_INIT;
        buf_addf(&p, "%s%s", path, ext[i]);
        unlink(p.s);
        buf_release(&p);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path;
    struct sqlite3 *ro;
    struct rundb *db;
    struct score_opts so;
    struct score_stats st;
    enum report_format f;
    path = path_join(fuzz_dir(), "run.db");
    clean(path);
    free(path);
    path = fuzz_write("run.db", data, size);
    if (rundb_open_readonly(&ro, path) == 0)
        sqlite3_close(ro);
    if (rundb_open(&db, path, NULL, 0) == 0) {
        int64_t counts[5], truncated;
        char *v;
        rundb_counts(db, counts, &truncated);
        free(rundb_get(db, "suite_hash"));
        v = rundb_suite_path(db, path);
        free(v);
        rundb_close(db);
        score_opts_default(&so);
        so.jobs = 1; /* the fuzzer follows one thread */
        memset(&st, 0, sizeof(st));
        score_run(path, suite, &so, &st);
        for (f = REPORT_TEXT; f <= REPORT_JSON; f++) {
            struct report_opts o = {f, NULL, suite};
            rewind(sink);
            report_write(sink, &path, 1, &o);
        }
        fflush(sink);
        if (ftruncate(fileno(sink), 0) < 0)
            abort();
    }
    clean(path);
    free(path);
    return 0;
}
