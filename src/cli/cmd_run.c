/* holobench run: send a suite to an endpoint, recording replies in a run database. */
#include "cmds.h"
#include "endpoint.h"
#include "err.h"
#include "meter.h"
#include "harness.h"
#include "opts.h"
#include "prompt.h"
#include "selection.h"
#include "rundb.h"
#include "util.h"
#include "xalloc.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "banned.h"

static const struct cmd_info info = {
    "run",
    "SUITE --endpoint NAME|FILE [--run RUN.sqlite] [--dry-run] [--limit N] [--filter F]...",
    "Send every instance of a suite to a model API and record each reply in a run database.",
    "The endpoint is harness/endpoints/NAME.json (or a file).  The run database defaults to\n"
    "results/SUITE-ENDPOINT.sqlite; running the same command again resumes: answered\n"
    "instances are never sent again, failed ones are retried.  Identical requests are answered\n"
    "from the reply cache (results/cache.sqlite next to the run; --no-cache to skip it).\n"
    "--filter takes an id glob or KEY=VALUE with KEY one of schema, query, type, difficulty,\n"
    "length, position, setting (the amount or density part of the id: a2k, d0.5) and seed;\n"
    "filters of one key are alternatives, different keys must all match.  A filter or\n"
    "--limit that selects nothing is an error naming the values the suite has.  A run\n"
    "that has nothing left to send says so.\n"
    "--dry-run counts the work not yet done or cached, prints the first request (header\n"
    "values redacted, the context elided unless --show-request) and estimates tokens, cost\n"
    "and wall time from the endpoint's concurrency and rate limits.\n"
    "Exit status: 0 when every selected instance is done; 3 when some ended failed,\n"
    "bad_request or too_long; 1 when the run was stopped (Ctrl-C, authentication, quota,\n"
    "a TLS failure, or the circuit breaker: the same refusal --stop-after times in a row,\n"
    "or no connection for unreachable_s seconds) or nothing was answered.\n"
    "--tokenizer NAME|FILE counts each prompt's tokens with that tokenizer (exactly, for the\n"
    "estimate and the prompt_tokens the run database records); calibrated:FILE scales the\n"
    "estimate by a calibration.\n"
    "--retry-failed also sends again instances the server refused (bad_request, too_long).\n"
    "Ctrl-C stops sending and waits --grace seconds for replies in flight; a second Ctrl-C\n"
    "stops at once.  Nothing answered is lost either way.\n",
};

static char *default_run_path(const char *suite, const char *endpoint)
{
    char *copy = xstrdup(suite), *base = basename(copy);
    struct buf p = BUF_INIT;
    size_t n = strlen(base);
    if (n > 6 && !strcmp(base + n - 6, ".jsonl"))
        n -= 6;
    buf_addf(&p, "results/%.*s-%s.sqlite", (int)n, base, endpoint);
    free(copy);
    return buf_detach(&p, NULL);
}

int cmd_run(int argc, char **argv)
{
    const char *root = NULL, *endpoint = NULL, *run = NULL, *limit = NULL, *cache = NULL;
    const char *prompt = "answer", *grace = "30", *stop_after = NULL, *tokenizer = NULL;
    struct meter meter;
    int dry = 0, show_request = 0, retry = 0, no_cache = 0, n, rc = EXIT_FAIL, status,
        made_results = 0;
    struct strlist filters = {NULL, 0, 0};
    struct endpoint e;
    struct prompt pr;
    struct run_opts o;
    double stop_n = 0;
    char *bench = NULL;
    char *run_path = NULL, *cache_path = NULL;
    const struct opt opts[] = {
        OPT_STRING(0, "endpoint", &endpoint, "NAME", "harness/endpoints/NAME.json or a file"),
        OPT_STRING(0, "run", &run, "FILE", "the run database (default results/SUITE-NAME.sqlite)"),
        OPT_BOOL(0, "dry-run", &dry, "print the first request and an estimate; send nothing"),
        OPT_BOOL(0, "show-request", &show_request,
                 "with --dry-run: print the first request whole (context included)"),
        OPT_STRING(0, "stop-after", &stop_after, "N",
                   "stop after N identical refusals in a row (default 5; 0 never)"),
        OPT_STRING(0, "limit", &limit, "N", "send at most N requests"),
        OPT_LIST(0, "filter", &filters, "F", "only matching instances (see above)"),
        OPT_BOOL(0, "retry-failed", &retry, "send refused instances again"),
        OPT_STRING(0, "cache", &cache, "FILE", "the reply cache (default next to the run)"),
        OPT_BOOL(0, "no-cache", &no_cache, "do not use the reply cache"),
        OPT_STRING(0, "prompt", &prompt, "NAME", "harness/prompts/NAME.txt (default answer)"),
        OPT_STRING(0, "grace", &grace, "S", "seconds to wait for replies after Ctrl-C (30)"),
        OPT_STRING(0, "root", &root, "DIR", "the benchmark folder: read harness/ under DIR"),
        OPT_STRING(0, "tokenizer", &tokenizer, "NAME|FILE",
                   "count prompt tokens with this tokenizer (or calibrated:FILE)"),
        OPT_END(),
    };
    if ((status = opts_parse_n(argc, argv, opts, &info, 1, 1, "name one suite file", &n)) !=
        OPTS_GO)
        return status;
    if (!endpoint)
        return strlist_clear(&filters), usage_error(&info, "--endpoint NAME is required");
    memset(&o, 0, sizeof(o));
    memset(&meter, 0, sizeof(meter));
    if ((status = selection_opts(&info, limit, &filters, &o)) != OPTS_GO) {
        rc = status;
        goto out_filters;
    }
    if (parse_real(grace, 0, 86400, &o.grace_s) < 0) {
        rc = usage_error(&info, "--grace: '%s' is not a number of seconds up to a day", grace);
        goto out_filters;
    }
    o.stop_after = -1;
    if (stop_after &&
        (parse_real(stop_after, 0, 1000000, &stop_n) < 0 || stop_n != (double)(int)stop_n)) {
        rc = usage_error(&info, "--stop-after: '%s' is not a count from 0", stop_after);
        goto out_filters;
    }
    if (stop_after)
        o.stop_after = (int)stop_n;
    bench = bench_folder(root);
    if (meter_open(&meter, tokenizer, bench) < 0)
        goto out_filters;
    o.meter = &meter;
    if (check_resource_name(RES_ENDPOINT, bench, endpoint) < 0 ||
        check_resource_name(RES_PROMPT, bench, prompt) < 0 ||
        endpoint_load(&e, bench, endpoint) < 0)
        goto out_filters;
    if (prompt_load(&pr, bench, prompt) < 0)
        goto out_endpoint;
    run_path = run ? xstrdup(run) : default_run_path(argv[0], e.name);
    /* the default path is under results/, which a fresh folder may not have yet */
    if (!run && !dry && !(made_results = !mkdir("results", 0777)) && errno != EEXIST) {
        error("cannot create folder 'results': %s (give --run FILE)", strerror(errno));
        free(run_path);
        prompt_release(&pr);
        goto out_endpoint;
    }
    cache_path = no_cache ? NULL : cache ? xstrdup(cache) : replycache_default_path(run_path);
    o.root = bench;
    o.suite = argv[0];
    o.run_path = run_path;
    o.cache_path = cache_path;
    o.e = &e;
    o.pr = &pr;
    o.dry_run = dry;
    o.show_request = show_request;
    o.retry_refused = retry;
    rc = harness_run(&o);
    if (rc != EXIT_OK && made_results)
        rmdir("results"); /* a failed first run leaves no empty folder; a full one stays */
    free(run_path);
    free(cache_path);
    prompt_release(&pr);
out_endpoint:
    endpoint_release(&e);
out_filters:
    strlist_clear(&filters);
    free(bench);
    meter_close(&meter);
    return rc;
}
