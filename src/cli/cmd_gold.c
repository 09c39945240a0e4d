/* holobench gold: recompute every instance's gold (and lines) against the current schemas. */
#include "cmds.h"
#include "err.h"
#include "meter.h"
#include "opts.h"
#include "regold.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const struct cmd_info info = {
    "gold",
    "SUITE [--root DIR] [--tokenizer NAME|FILE] [--check | --write] [-o OUT] [--json]",
    "Recompute each instance's gold answer from its recorded rows against the current\n"
    "schemas and queries; report which instances changed and how.",
    "Each placed row is found again by its key and its line re-rendered with the recorded\n"
    "template; the gold is recomputed with the current SQL; token counts and schema_hash are\n"
    "recomputed.  An instance whose query is gone, reads other tables now, or lost a row\n"
    "cannot be repaired (run generate) and is kept as it was.  Per instance, the report lists\n"
    "gold rows added (+) and removed (-), lines re-rendered, token and budget drift; a\n"
    "summary follows on stderr.  --json prints one JSON object per instance instead.\n"
    "--check exits 1 when anything changed or cannot be repaired.  --write rewrites SUITE\n"
    "atomically (temporary file, fsync, rename); -o OUT writes the updated suite to OUT.\n"
    "Unchanged instances keep their exact bytes.\n"
    "A suite generated with --tokenizer is re-checked with the same tokenizer file (given\n"
    "again with --tokenizer; its SHA-256 must match the instances'); any other, or none,\n"
    "is refused.\n",
};

int cmd_gold(int argc, char **argv)
{
    const char *root = NULL, *out = NULL, *tokenizer = NULL;
    struct meter meter;
    char *base;
    int check = 0, write = 0, json = 0, n, rc;
    struct regold_opts o;
    struct regold_stats st;
    struct outfile *of = NULL;
    const struct opt opts[] = {
        OPT_STRING(0, "root", &root, "DIR",
                   "the benchmark folder: read schemas/, queries/ under DIR"),
        OPT_BOOL(0, "check", &check, "exit 1 when anything changed"),
        OPT_BOOL(0, "write", &write, "rewrite SUITE in place (atomically)"),
        OPT_STRING('o', "output", &out, "OUT", "write the updated suite to OUT"),
        OPT_BOOL(0, "json", &json, "report as JSON lines"),
        OPT_STRING(0, "tokenizer", &tokenizer, "NAME|FILE",
                   "the tokenizer the suite was generated with (or calibrated:FILE)"),
        OPT_END(),
    };
    if ((rc = opts_parse_n(argc, argv, opts, &info, 1, 1, "name one suite file", &n)) != OPTS_GO)
        return rc;
    if (write && out)
        return usage_error(&info, "--write and -o exclude each other");
    if (check && (write || out))
        return usage_error(&info, "--check only reports; drop --write and -o");
    {
        char *bench = bench_folder(root);
        rc = meter_open(&meter, tokenizer, bench);
        free(bench);
        if (rc) {
            meter_close(&meter);
            return EXIT_FAIL;
        }
    }
    if (!(base = schema_root(root))) {
        meter_close(&meter);
        return EXIT_FAIL;
    }
    if ((write || out) && !(of = outfile_open(write ? argv[0] : out))) {
        free(base);
        meter_close(&meter);
        return EXIT_FAIL;
    }
    memset(&o, 0, sizeof(o));
    o.root = base;
    o.json = json;
    o.report = stdout;
    o.meter = &meter;
    rc = regold_suite(argv[0], of ? outfile_stream(of) : NULL, &o, &st);
    free(base);
    meter_close(&meter);
    if (rc) {
        if (of)
            outfile_abort(of);
        return EXIT_FAIL;
    }
    if (of && outfile_commit(of) < 0)
        return EXIT_FAIL;
    say(1,
        "gold: %llu instances: %llu unchanged, %llu gold changed, %llu context changed, "
        "%llu other changes, %llu cannot repair; %llu with budget drift\n",
        (unsigned long long)st.instances, (unsigned long long)st.unchanged,
        (unsigned long long)st.gold_changed, (unsigned long long)st.context_changed,
        (unsigned long long)st.other_changed, (unsigned long long)st.broken,
        (unsigned long long)st.drift);
    if (check && st.unchanged != st.instances)
        return EXIT_FAIL;
    return EXIT_OK;
}
