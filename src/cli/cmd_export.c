/* holobench export: a suite as OpenAI Batch or Anthropic Message Batches input. */
#include "batch.h"
#include "cmds.h"
#include "endpoint.h"
#include "err.h"
#include "harness.h"
#include "opts.h"
#include "prompt.h"
#include "selection.h"
#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const struct cmd_info info = {
    "export",
    "SUITE --endpoint NAME|FILE -o DIR [--run RUN.sqlite --missing] [--filter F]... [--limit N]",
    "Write a suite as batch input for the endpoint's API, with a manifest for `import`.",
    "Each request is exactly the body `run` would send.  openai-chat endpoints get OpenAI\n"
    "Batch input, DIR/batch-001.jsonl, ... (lines {\"custom_id\", \"method\", \"url\", "
    "\"body\"});\n"
    "openai-responses endpoints the same with \"url\": \"/v1/responses\";\n"
    "anthropic-messages endpoints get Message Batches requests, DIR/batch-001.json, ... (each\n"
    "the body of POST /v1/messages/batches).  Files are split within the providers' limits\n"
    "(OpenAI 50,000 requests and 200 MB a file, Anthropic 100,000 requests and 256 MB a\n"
    "batch).  custom_id is \"hb-\" and 16 hex digits of SHA-256 of the instance id;\n"
    "DIR/manifest.json maps it back and records the suite, prompt and endpoint (no secrets)\n"
    "that `import` checks.  --run RUN --missing exports only the instances of that run not\n"
    "yet done (failed and refused ones included).  --filter as for `run`.  The paths of the\n"
    "files written go to stdout.  --max-requests and --max-bytes lower the limits per file;\n"
    "they are for testing the split.\n",
};

int cmd_export(int argc, char **argv)
{
    const char *root = NULL, *endpoint = NULL, *run = NULL, *limit = NULL, *out = NULL;
    const char *prompt = "answer", *max_req = NULL, *max_bytes = NULL;
    int missing = 0, n, rc = EXIT_FAIL, status;
    struct strlist filters = {NULL, 0, 0};
    struct batch_export_opts x;
    struct endpoint e;
    struct prompt pr;
    struct run_opts o;
    char *bench = NULL;
    const struct opt opts[] = {
        OPT_STRING(0, "endpoint", &endpoint, "NAME", "harness/endpoints/NAME.json or a file"),
        OPT_STRING('o', "output", &out, "DIR", "the folder to write (created if missing)"),
        OPT_STRING(0, "run", &run, "FILE", "the run database that --missing reads"),
        OPT_BOOL(0, "missing", &missing, "only instances of --run not yet done"),
        OPT_LIST(0, "filter", &filters, "F", "only matching instances (as for run)"),
        OPT_STRING(0, "limit", &limit, "N", "export at most N requests"),
        OPT_STRING(0, "prompt", &prompt, "NAME", "harness/prompts/NAME.txt (default answer)"),
        OPT_STRING(0, "max-requests", &max_req, "N", "at most N requests a file (for testing)"),
        OPT_STRING(0, "max-bytes", &max_bytes, "B", "at most B bytes a file (for testing)"),
        OPT_STRING(0, "root", &root, "DIR", "the benchmark folder: read harness/ under DIR"),
        OPT_END(),
    };
    if ((status = opts_parse_n(argc, argv, opts, &info, 1, 1, "name one suite file", &n)) !=
        OPTS_GO)
        return status;
    if (!endpoint)
        return strlist_clear(&filters), usage_error(&info, "--endpoint NAME is required");
    if (!out)
        return strlist_clear(&filters), usage_error(&info, "-o DIR is required");
    if (missing && !run)
        return strlist_clear(&filters), usage_error(&info, "--missing needs --run RUN.sqlite");
    if (run && !missing)
        return strlist_clear(&filters), usage_error(&info, "--run is only read with --missing");
    memset(&o, 0, sizeof(o));
    memset(&x, 0, sizeof(x));
    if ((status = selection_opts(&info, limit, &filters, &o)) != OPTS_GO) {
        rc = status;
        goto out_filters;
    }
    if (max_req && (parse_u64(max_req, &x.max_requests) < 0 || !x.max_requests))
        return strlist_clear(&filters),
               usage_error(&info, "--max-requests: '%s' is not a positive count", max_req);
    if (max_bytes && (parse_size(max_bytes, &x.max_bytes) < 0 || !x.max_bytes))
        return strlist_clear(&filters),
               usage_error(&info, "--max-bytes: '%s' is not a positive size", max_bytes);
    bench = bench_folder(root);
    if (check_resource_name(RES_ENDPOINT, bench, endpoint) < 0 ||
        check_resource_name(RES_PROMPT, bench, prompt) < 0 ||
        endpoint_load(&e, bench, endpoint) < 0)
        goto out_filters;
    if (prompt_load(&pr, bench, prompt) < 0)
        goto out_endpoint;
    o.root = bench;
    o.suite = argv[0];
    o.run_path = run;
    o.e = &e;
    o.pr = &pr;
    x.ro = &o;
    x.prompt_name = prompt;
    x.dir = out;
    x.missing = missing;
    rc = batch_export(&x);
    prompt_release(&pr);
out_endpoint:
    endpoint_release(&e);
out_filters:
    strlist_clear(&filters);
    free(bench);
    return rc;
}
