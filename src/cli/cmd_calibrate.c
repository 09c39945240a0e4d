/* holobench calibrate: how the endpoint's tokenizer counts our prompts, from its usage. */
#include "cmds.h"
#include "endpoint.h"
#include "err.h"
#include "generate.h"
#include "harness.h"
#include "opts.h"
#include "prompt.h"
#include "rundb.h"
#include "schema.h"
#include "util.h"
#include "xalloc.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const struct cmd_info info = {
    "calibrate",
    "--endpoint NAME|FILE [--samples N] [--root DIR] [--run FILE]",
    "Measure how many tokens the endpoint counts for holobench's prompts, from the usage its\n"
    "replies report: for models whose tokenizer is not public.",
    "Sends N prompts (default 12) of contexts from 1k to 32k estimated tokens, drawn from the\n"
    "bundled schemas, through `run` (so they are cached and cost nothing the second time),\n"
    "then fits reported = slope x estimated + overhead over the replies whose usage the\n"
    "server reported.  The slope says how the estimator (3.66 characters per token) compares\n"
    "with the model's tokenizer: choose --lengths accordingly, or divide by it.\n",
};

static int make_suite(const char *root, const char *path, long samples)
{
    static uint64_t lengths[] = {1024, 4096, 16384, 32768};
    static uint64_t amounts[] = {512};
    static int positions[] = {0};
    static uint64_t seeds[] = {1};
    struct grid g;
    struct gen_stats st;
    struct outfile *of = outfile_open(path);
    size_t n;
    char **names = schema_list(root, 1, &n);
    int rc;
    if (!of || !names) {
        if (of)
            outfile_abort(of);
        free_strv(names);
        return -1;
    }
    memset(&g, 0, sizeof(g));
    g.root = root;
    g.schemas = names;
    g.nschemas = n;
    g.lengths = lengths, g.nlengths = 4;
    g.amounts = amounts, g.namounts = 1;
    g.positions = positions, g.npositions = 1;
    g.seeds = seeds, g.nseeds = 1;
    /* shards spread the samples over schemas, queries and lengths */
    g.shard_i = 1;
    g.shard_n = (unsigned)(samples > 0 ? 40 : 1);
    rc = generate_suite(&g, outfile_stream(of), &st);
    free_strv(names);
    if (rc) {
        outfile_abort(of);
        return -1;
    }
    return outfile_commit(of);
}

/* Least squares over the answered prompts: reported = slope * estimated + overhead. */
static int fit(const char *run)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    if (rundb_open_readonly(&db, run) < 0)
        return -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT prompt_tokens, input_tokens FROM instances WHERE status = "
                           "'done' AND usage_estimated = 0 AND input_tokens > 0",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return error("cannot read '%s'", run);
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        double x = sqlite3_column_double(st, 0), y = sqlite3_column_double(st, 1);
        n++, sx += x, sy += y, sxx += x * x, sxy += x * y;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (n < 2 || n * sxx - sx * sx <= 0)
        return error("too few replies with reported usage in '%s' (%.0f): the server may not "
                     "send usage",
                     run, n);
    {
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double overhead = (sy - slope * sx) / n;
        printf("prompts: %.0f\nslope: %.4f reported tokens per estimated token\n"
               "overhead: %.0f tokens per request\ncharacters per token: %.2f (the estimator "
               "assumes 3.66)\n",
               n, slope, overhead, slope > 0 ? 3.66 / slope : NAN);
    }
    return 0;
}

int cmd_calibrate(int argc, char **argv)
{
    const char *endpoint = NULL, *root = NULL, *samples = "12", *run = NULL;
    char *bench = NULL, *base = NULL;
    struct endpoint e;
    struct prompt pr;
    struct run_opts o;
    struct buf suite = BUF_INIT, runp = BUF_INIT;
    uint64_t ns;
    int n, rc = EXIT_FAIL;
    const struct opt opts[] = {
        OPT_STRING(0, "endpoint", &endpoint, "NAME", "harness/endpoints/NAME.json or a file"),
        OPT_STRING(0, "samples", &samples, "N", "how many prompts to send (12)"),
        OPT_STRING(0, "run", &run, "FILE", "the run database (results/calibrate-NAME.sqlite)"),
        OPT_STRING(0, "root", &root, "DIR",
                   "the benchmark folder: read schemas/, queries/, harness/"),
        OPT_END(),
    };
    if ((rc = opts_parse_n(argc, argv, opts, &info, 0, 0, "give --endpoint and no other argument",
                           &n)) != OPTS_GO)
        return rc;
    if (!endpoint)
        return usage_error(&info, "give --endpoint and no other argument");
    rc = EXIT_FAIL;
    if (parse_u64(samples, &ns) < 0 || ns < 2 || ns > 1000)
        return usage_error(&info, "--samples: '%s' is not a count from 2 to 1000", samples);
    bench = bench_folder(root);
    if (check_resource_name(RES_ENDPOINT, bench, endpoint) < 0 ||
        endpoint_load(&e, bench, endpoint) < 0) {
        free(bench);
        return EXIT_FAIL;
    }
    if (prompt_load(&pr, bench, "answer") < 0)
        goto out_e;
    buf_addf(&runp, "%s", run ? run : "");
    if (!run)
        buf_addf(&runp, "results/calibrate-%s.sqlite", e.name);
    buf_addf(&suite, "%s.suite.jsonl", runp.s);
    if (!(base = schema_root(root)) || make_suite(base, suite.s, (long)ns) < 0)
        goto out;
    memset(&o, 0, sizeof(o));
    o.root = bench, o.suite = suite.s, o.run_path = runp.s, o.e = &e, o.pr = &pr;
    o.limit = (long)ns, o.grace_s = 30;
    o.cache_path = replycache_default_path(runp.s);
    if (harness_run(&o) == EXIT_OK && fit(runp.s) == 0)
        rc = EXIT_OK;
    free((char *)o.cache_path);
out:
    prompt_release(&pr);
out_e:
    endpoint_release(&e);
    free(bench);
    free(base);
    buf_release(&suite);
    buf_release(&runp);
    return rc;
}
