/* holobench calibrate: how the endpoint's tokenizer counts our prompts, from its usage. */
#include "cmds.h"
#include "endpoint.h"
#include "err.h"
#include "generate.h"
#include "harness.h"
#include "meter.h"
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
    "--endpoint NAME|FILE [--samples N] [--root DIR] [--run FILE] [--tokenizer NAME|FILE] "
    "[-o FILE]",
    "Measure how many tokens the endpoint counts for holobench's prompts, from the usage its\n"
    "replies report: for models whose tokenizer is not public.",
    "Sends N prompts (default 12) of contexts from 1k to 32k estimated tokens, drawn from the\n"
    "bundled schemas, through `run` (so they are cached and cost nothing the second time),\n"
    "then fits reported = slope x estimated + overhead over the replies whose usage the\n"
    "server reported.  The slope says how the estimator (3.66 characters per token) compares\n"
    "with the model's tokenizer: choose --lengths accordingly, or divide by it.\n"
    "--tokenizer measures the prompts with a tokenizer file instead (the slope then compares\n"
    "it with the endpoint's).  -o FILE writes the fit as JSON: slope, overhead, their error\n"
    "(rms and largest relative residual) and, per schema whose slope differs by more than\n"
    "1%, its own fit; `generate --tokenizer calibrated:FILE` then sizes budgets in the\n"
    "endpoint's tokens (estimate x slope per line).\n",
};

/* Calibration prompts: contexts of 1k to 32k tokens over every schema and query, spread by
 * taking every n-th instance of the grid with n odd, so that consecutive samples fall on
 * other lengths (the four lengths of a query are consecutive in the suite), other queries
 * and other schemas.  n is chosen after counting the grid so that about `samples` remain. */
static int make_suite(const char *root, const char *path, long samples, const struct meter *m)
{
    static uint64_t lengths[] = {1024, 4096, 16384, 32768};
    static uint64_t amounts[] = {512};
    static int positions[] = {0};
    static uint64_t seeds[] = {1};
    struct grid g;
    struct gen_stats st;
    struct outfile *of;
    size_t n;
    char **names = schema_list(root, 1, &n);
    FILE *null;
    int rc;
    if (!names)
        return -1;
    memset(&g, 0, sizeof(g));
    g.root = root;
    g.schemas = names;
    g.nschemas = n;
    g.lengths = lengths, g.nlengths = 4;
    g.amounts = amounts, g.namounts = 1;
    g.positions = positions, g.npositions = 1;
    g.seeds = seeds, g.nseeds = 1;
    g.meter = m;
    /* count the grid: only one length, whose instances are the queries */
    g.shard_i = g.shard_n = 1;
    g.nlengths = 1;
    if (!(null = fopen("/dev/null", "w")) || generate_suite(&g, null, &st) < 0) {
        if (null)
            fclose(null);
        free_strv(names);
        return -1;
    }
    fclose(null);
    g.nlengths = 4;
    g.shard_n = (unsigned)(st.instances * 4 / (uint64_t)(samples > 0 ? samples : 1));
    g.shard_n = g.shard_n < 1 ? 1 : g.shard_n | 1;
    if (!(of = outfile_open(path))) {
        free_strv(names);
        return -1;
    }
    rc = generate_suite(&g, outfile_stream(of), &st);
    free_strv(names);
    if (rc) {
        outfile_abort(of);
        return -1;
    }
    return outfile_commit(of);
}

/* Least squares of reported = slope * measured + overhead, with the fit's error. */
struct lsq {
    double n, sx, sy, sxx, sxy, syy;
    double slope, overhead, rmse, rel, max_rel;
};

static void lsq_add(struct lsq *f, double x, double y)
{
    f->n++, f->sx += x, f->sy += y, f->sxx += x * x, f->sxy += x * y, f->syy += y * y;
}

/* 0, or -1 when there are too few distinct points. */
static int lsq_solve(struct lsq *f)
{
    double d = f->n * f->sxx - f->sx * f->sx, sse;
    if (f->n < 2 || d <= 0)
        return -1;
    f->slope = (f->n * f->sxy - f->sx * f->sy) / d;
    f->overhead = (f->sy - f->slope * f->sx) / f->n;
    /* the residuals' sum of squares, from the sums */
    sse = f->syy - 2 * f->slope * f->sxy - 2 * f->overhead * f->sy + f->slope * f->slope * f->sxx +
          2 * f->slope * f->overhead * f->sx + f->n * f->overhead * f->overhead;
    f->rmse = sqrt(sse > 0 ? sse / f->n : 0);
    f->rel = f->sy > 0 ? f->rmse / (f->sy / f->n) : 0;
    return 0;
}

struct schema_fit {
    char *name;
    struct lsq f;
};

static void write_fit(struct buf *b, const struct lsq *f)
{
    buf_addf(b,
             "\"prompts\":%.0f,\"slope\":%.6f,\"overhead\":%.2f,\"rmse_tokens\":%.2f,"
             "\"relative_error\":%.6f,\"max_relative_error\":%.6f",
             f->n, f->slope, f->overhead, f->rmse, f->rel, f->max_rel);
}

/* The calibration file: the overall fit, and per schema the fits whose slope differs from the
 * overall one by more than 1%. */
static int write_calibration(const char *path, const struct endpoint *e, const struct meter *m,
                             const struct lsq *all, struct schema_fit *sf, size_t nsf)
{
    struct buf b = BUF_INIT, meas = BUF_INIT;
    struct outfile *of;
    size_t i, k = 0;
    meter_describe(m, &meas);
    buf_adds(&b, "{\"calibration\":\"holobench\",\"endpoint\":");
    buf_add_json_str(&b, e->name, strlen(e->name));
    buf_adds(&b, ",\"model\":");
    buf_add_json_str(&b, e->model, strlen(e->model));
    buf_adds(&b, ",\"measured_with\":");
    buf_add_json_str(&b, meas.s, meas.len);
    buf_addch(&b, ',');
    write_fit(&b, all);
    buf_adds(&b, ",\"schemas\":{");
    for (i = 0; i < nsf; i++) {
        if (lsq_solve(&sf[i].f) < 0 || fabs(sf[i].f.slope / all->slope - 1) <= 0.01)
            continue;
        buf_addf(&b, "%s", k++ ? "," : "");
        buf_add_json_str(&b, sf[i].name, strlen(sf[i].name));
        buf_addf(&b, ":{");
        write_fit(&b, &sf[i].f);
        buf_addch(&b, '}');
    }
    buf_adds(&b, "}}\n");
    buf_release(&meas);
    if (!(of = outfile_open(path)))
        return buf_release(&b), -1;
    fwrite(b.s, 1, b.len, outfile_stream(of));
    buf_release(&b);
    return outfile_commit(of);
}

/* Least squares over the answered prompts: reported = slope * measured + overhead. */
static int fit(const char *run, const char *out, const struct endpoint *e, const struct meter *m)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    struct lsq all;
    struct schema_fit *sf = NULL;
    size_t nsf = 0, i;
    int rc = 0;
    memset(&all, 0, sizeof(all));
    if (rundb_open_readonly(&db, run) < 0)
        return -1;
    if (sqlite3_prepare_v2(db,
                           "SELECT prompt_tokens, input_tokens, schema FROM instances WHERE status "
                           "= 'done' AND usage_estimated = 0 AND input_tokens > 0",
                           -1, &st, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return error("cannot read '%s'", run);
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        double x = sqlite3_column_double(st, 0), y = sqlite3_column_double(st, 1);
        const char *schema = (const char *)sqlite3_column_text(st, 2);
        lsq_add(&all, x, y);
        for (i = 0; i < nsf && strcmp(sf[i].name, schema ? schema : ""); i++)
            ;
        if (i == nsf) {
            sf = xrealloc(sf, (nsf + 1) * sizeof(*sf));
            memset(&sf[nsf], 0, sizeof(*sf));
            sf[nsf++].name = xstrdup(schema ? schema : "");
        }
        lsq_add(&sf[i].f, x, y);
    }
    sqlite3_finalize(st);
    if (lsq_solve(&all) < 0) {
        rc = error("too few replies with reported usage in '%s' (%.0f): the server may not "
                   "send usage",
                   run, all.n);
    } else {
        /* the largest relative residual, in a second pass */
        sqlite3_prepare_v2(db,
                           "SELECT prompt_tokens, input_tokens FROM instances WHERE status = "
                           "'done' AND usage_estimated = 0 AND input_tokens > 0",
                           -1, &st, NULL);
        while (sqlite3_step(st) == SQLITE_ROW) {
            double x = sqlite3_column_double(st, 0), y = sqlite3_column_double(st, 1);
            double r = fabs(all.slope * x + all.overhead - y) / y;
            all.max_rel = r > all.max_rel ? r : all.max_rel;
        }
        sqlite3_finalize(st);
        printf("prompts: %.0f\nslope: %.4f reported tokens per %s token\n"
               "overhead: %.0f tokens per request\nfit error: %.2f%% of a prompt (rms), at most "
               "%.2f%%\n",
               all.n, all.slope, m->kind == METER_ESTIMATOR ? "estimated" : m->name, all.overhead,
               100 * all.rel, 100 * all.max_rel);
        if (m->kind == METER_ESTIMATOR)
            printf("characters per token: %.2f (the estimator assumes 3.66)\n",
                   all.slope > 0 ? 3.66 / all.slope : NAN);
        if (out && write_calibration(out, e, m, &all, sf, nsf) < 0)
            rc = -1;
        else if (out)
            say(1, "calibration written to %s (use it with --tokenizer calibrated:%s)\n", out, out);
    }
    sqlite3_close(db);
    for (i = 0; i < nsf; i++)
        free(sf[i].name);
    free(sf);
    return rc;
}

int cmd_calibrate(int argc, char **argv)
{
    const char *endpoint = NULL, *root = NULL, *samples = "12", *run = NULL, *out = NULL;
    const char *tokenizer = NULL;
    struct meter meter;
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
        OPT_STRING(0, "tokenizer", &tokenizer, "NAME|FILE",
                   "measure prompts with this tokenizer instead of the estimator"),
        OPT_STRING('o', "output", &out, "FILE",
                   "write the calibration (for generate --tokenizer calibrated:FILE)"),
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
    if (meter_open(&meter, tokenizer, bench) < 0) {
        meter_close(&meter);
        free(bench);
        return EXIT_FAIL;
    }
    if (check_resource_name(RES_ENDPOINT, bench, endpoint) < 0 ||
        endpoint_load(&e, bench, endpoint) < 0) {
        free(bench);
        meter_close(&meter);
        return EXIT_FAIL;
    }
    if (prompt_load(&pr, bench, "answer") < 0)
        goto out_e;
    buf_addf(&runp, "%s", run ? run : "");
    if (!run)
        buf_addf(&runp, "results/calibrate-%s.sqlite", e.name);
    buf_addf(&suite, "%s.suite.jsonl", runp.s);
    if (!(base = schema_root(root)) || make_suite(base, suite.s, (long)ns, &meter) < 0)
        goto out;
    memset(&o, 0, sizeof(o));
    o.root = bench, o.suite = suite.s, o.run_path = runp.s, o.e = &e, o.pr = &pr;
    o.limit = (long)ns, o.grace_s = 30;
    o.cache_path = replycache_default_path(runp.s);
    o.meter = &meter;
    if (harness_run(&o) == EXIT_OK && fit(runp.s, out, &e, &meter) == 0)
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
    meter_close(&meter);
    return rc;
}
