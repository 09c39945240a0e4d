/* holobench import: provider batch results into a run database. */
#include "batch.h"
#include "cmds.h"
#include "endpoint.h"
#include "err.h"
#include "opts.h"
#include "rundb.h"
#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const struct cmd_info info = {
    "import",
    "DIR|FILE... --run RUN.sqlite --endpoint NAME|FILE [--suite SUITE] [--manifest FILE]",
    "Record a provider's batch results in a run database, as if `run` had made the calls.",
    "Reads OpenAI Batch output and error files (lines {\"id\", \"custom_id\", \"response\",\n"
    "\"error\"}) or Anthropic Message Batches results (lines {\"custom_id\", \"result\"}), in any\n"
    "order, and matches them on custom_id through the manifest `export` wrote: DIR/manifest.json,\n"
    "or the one beside the files.  A folder stands for every *.jsonl in it except the batch\n"
    "input.  The endpoint and prompt must make the requests that were exported, and the suite\n"
    "(the manifest's, or --suite) must be the exported one; otherwise nothing is imported.\n"
    "Replies are recorded as done (usage, finish reason, truncation), errors as failed,\n"
    "bad_request or too_long; canceled and expired requests stay pending, for `run` or\n"
    "`export --missing`.  Importing again changes nothing: a done instance is never replaced.\n"
    "Replies also go to the reply cache (results/cache.sqlite next to the run; --no-cache).\n"
    "A summary goes to stderr: imported, failed, pending, skipped, unknown custom_ids.\n",
};

int cmd_import(int argc, char **argv)
{
    const char *root = NULL, *endpoint = NULL, *run = NULL, *suite = NULL, *manifest = NULL;
    const char *cache = NULL;
    int no_cache = 0, n, npos, rc = EXIT_FAIL;
    struct batch_import_opts x;
    struct endpoint e;
    char *cache_path, *bench;
    const struct opt opts[] = {
        OPT_STRING(0, "run", &run, "FILE", "the run database to fill (created if missing)"),
        OPT_STRING(0, "endpoint", &endpoint, "NAME", "the endpoint the batch was made for"),
        OPT_STRING(0, "suite", &suite, "SUITE", "the suite (default: the manifest's)"),
        OPT_STRING(0, "manifest", &manifest, "FILE", "the export's manifest.json"),
        OPT_STRING(0, "cache", &cache, "FILE", "the reply cache (default next to the run)"),
        OPT_BOOL(0, "no-cache", &no_cache, "do not add replies to the reply cache"),
        OPT_STRING(0, "root", &root, "DIR", "the benchmark folder: read harness/ under DIR"),
        OPT_END(),
    };
    if ((n = opts_parse_n(argc, argv, opts, &info, 1, -1,
                          "name the export's folder or the result files", &npos)) != OPTS_GO)
        return n;
    n = npos;
    if (!run)
        return usage_error(&info, "--run RUN.sqlite is required");
    if (!endpoint)
        return usage_error(&info, "--endpoint NAME is required");
    bench = bench_folder(root);
    if (check_resource_name(RES_ENDPOINT, bench, endpoint) < 0 ||
        endpoint_load(&e, bench, endpoint) < 0) {
        free(bench);
        return EXIT_FAIL;
    }
    cache_path = no_cache ? NULL : cache ? xstrdup(cache) : replycache_default_path(run);
    memset(&x, 0, sizeof(x));
    x.root = bench;
    x.e = &e;
    x.run_path = run;
    x.cache_path = cache_path;
    x.suite = suite;
    x.manifest = manifest;
    x.inputs = argv;
    x.ninputs = (size_t)n;
    rc = batch_import(&x);
    free(cache_path);
    free(bench);
    endpoint_release(&e);
    return rc;
}
