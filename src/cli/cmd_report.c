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
    "RUN.sqlite... [--format text|md|csv|html] [-o FILE] [--scorer NAME] [--suite SUITE]",
    "tables and charts of one or more scored runs",
    "Mean score with its 95% interval (normal approximation: mean +- 1.96 sd / sqrt(n)) and n,\n"
    "by query type (an instance counts under each of its types), difficulty, context length,\n"
    "information amount or density, and position; the cross tables length x type, length x\n"
    "position and setting x length; counts of instances, scored, no-reply, truncated and\n"
    "refused replies.  Each run says how many of its instances it answered: pending ones\n"
    "(never sent) are in no mean, failed ones score 0.  Several runs go side by side, one\n"
    "column per run, labelled by model (and file name when two runs share a model), with a\n"
    "warning when they answered different instances or ran different suites.  Where a run\n"
    "holds scores by a second scorer (an LLM judge), the report shows their agreement:\n"
    "confusion counts of the gold-row labels, agreement, Cohen's kappa and the first\n"
    "disagreeing instances.\n"
    "\n"
    "Formats: text (aligned columns), md (GitHub Markdown tables), csv (one row per run,\n"
    "dimension and value: run,dimension,value,n,mean,ci_low,ci_high; dimension coverage\n"
    "gives each run's instances and answered as n) and html (one self-contained page:\n"
    "tables, a chart of score vs length per query type, a length x position heat map, and\n"
    "the 20 lowest-scoring instances with question, gold and reply, read from the suite the\n"
    "run recorded or --suite).  Runs are opened read-only.\n",
};

int cmd_report(int argc, char **argv)
{
    const char *format = "text", *out = "-";
    struct report_opts o = {REPORT_TEXT, NULL, NULL};
    struct outfile *of;
    int n, rc;
    const struct opt opts[] = {
        OPT_STRING(0, "format", &format, "FMT", "text, md, csv or html (default text)"),
        OPT_STRING('o', "output", &out, "FILE", "write to FILE, atomically (default stdout)"),
        OPT_STRING(0, "scorer", &o.scorer, "NAME", "whose scores (default deterministic-v1)"),
        OPT_STRING(0, "suite", &o.suite, "SUITE", "read questions and gold from SUITE (html)"),
        OPT_END(),
    };
    if ((rc = opts_parse_n(argc, argv, opts, &info, 1, -1, "name at least one run database", &n)) !=
        OPTS_GO)
        return rc;
    if (report_format_parse(format, &o.format) < 0)
        return usage_error(&info, "--format: '%s' is not text, md, csv or html", format);
    if (!(of = outfile_open(out)))
        return EXIT_FAIL;
    if (report_write(outfile_stream(of), argv, (size_t)n, &o) < 0) {
        outfile_abort(of);
        return EXIT_FAIL;
    }
    return outfile_commit(of) < 0 ? EXIT_FAIL : EXIT_OK;
}
