/* holobench report: tables and charts of one or more scored runs. */
#include "cmds.h"
#include "err.h"
#include "opts.h"
#include "report.h"
#include "util.h"

#include <stddef.h>

#include "banned.h"

static const struct cmd_info info = {
    "report",
    "RUN.sqlite... [--format text|md|csv|html|json] [-o FILE] [--scorer NAME] [--suite SUITE]",
    "tables and charts of one or more scored runs",
    "Mean score with its 95% interval (a percentile bootstrap clustered by query id, 1000\n"
    "replicates, fixed seed) and n, by query type (an instance counts under each of its types),\n"
    "difficulty, context length, information amount or density, and position; the cross tables\n"
    "length x type, length x position and setting x length; counts of instances, scored,\n"
    "no-reply, truncated and refused replies.  Each run says how many of its instances it\n"
    "answered: pending ones (never sent) are in no mean, failed ones score 0.  Several runs go\n"
    "side by side, one column per run, labelled by model (and file name when two runs share a\n"
    "model), with a warning when they answered different instances or ran different suites or\n"
    "prompts or scorer versions; each run after the first is compared with the first on matched instances: mean\n"
    "differences with paired bootstrap intervals, a sign test over queries, and wins, ties and\n"
    "losses by query type.  Where a run holds scores by a second scorer (an LLM judge), the\n"
    "report shows their agreement: confusion counts of the gold-row labels, agreement, Cohen's\n"
    "kappa and the first disagreeing instances.  Each run's tokens (input, output, reasoning,\n"
    "cached), cost (from the endpoint's price_in and price_out when the run recorded them),\n"
    "latency p50/p90/p99, retries, failures by status, wall time, the model the server named,\n"
    "and its metadata (endpoint without secrets, holobench version, suite and prompt hashes,\n"
    "scorer version).  Accuracy by the depth of each gold row's source line in the context,\n"
    "in ten bins (the lines read from the suite; not in CSV).\n"
    "\n"
    "Formats: text (aligned columns), md (GitHub Markdown tables), csv (one row per run,\n"
    "dimension and value: run,dimension,value,n,mean,ci_low,ci_high; dimension coverage gives\n"
    "each run's instances and answered as n; paired:DIM rows the differences; cost rows\n"
    "RUN,cost,WHAT,n,value) and html (one self-contained page: tables, charts of score vs\n"
    "length per run and per query type with 95% bands, length x position heat maps with a\n"
    "colour scale).  Every format but CSV ends with a drill-down: the 20 lowest-scoring\n"
    "instances, at most two per query, each with question, SQL, gold rows with their labels and\n"
    "the scorer's reasons, the relevant lines' positions and the reply (question, SQL, gold and\n"
    "positions read from the suite the run recorded or --suite).  json gives every table and\n"
    "series as data: per run the counts, every cell (n, mean, ci_low, ci_high, queries) of every\n"
    "view, cost and metadata, scorer agreement and the drill-down; the paired differences.\n"
    "Runs are opened read-only.\n"};

int cmd_report(int argc, char **argv)
{
    const char *format = "text", *out = "-";
    struct report_opts o = {REPORT_TEXT, NULL, NULL};
    struct outfile *of;
    int n, rc;
    const struct opt opts[] = {
        OPT_STRING(0, "format", &format, "FMT", "text, md, csv, html or json (default text)"),
        OPT_STRING('o', "output", &out, "FILE", "write to FILE, atomically (default stdout)"),
        OPT_STRING(0, "scorer", &o.scorer, "NAME", "whose scores (default deterministic-v1)"),
        OPT_STRING(0, "suite", &o.suite, "SUITE", "read questions, SQL and gold from SUITE"),
        OPT_END(),
    };
    if ((rc = opts_parse_n(argc, argv, opts, &info, 1, -1, "name at least one run database", &n)) !=
        OPTS_GO)
        return rc;
    if (report_format_parse(format, &o.format) < 0)
        return usage_error(&info, "--format: '%s' is not text, md, csv, html or json", format);
    if (!(of = outfile_open(out)))
        return EXIT_FAIL;
    if (report_write(outfile_stream(of), argv, (size_t)n, &o) < 0) {
        outfile_abort(of);
        return EXIT_FAIL;
    }
    return outfile_commit(of) < 0 ? EXIT_FAIL : EXIT_OK;
}
