/* holobench score: score every reply of a run against its suite's gold. */
#include "buf.h"
#include "cmds.h"
#include "err.h"
#include "judge.h"
#include "opts.h"
#include "parallel.h"
#include "scorerun.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const struct cmd_info info = {
    "score",
    "RUN.sqlite [--suite SUITE] [--judge ENDPOINT] [--rel-tol R] [--abs-tol A] [--jobs N]",
    "Score each reply of a run against its gold answer with the deterministic scorer.",
    "Per gold row (the first 50) a label: exact, partial or none; per instance a score (exact\n"
    "1, partial 1/2, none 0, averaged), recall, precision (answer items that match no gold row\n"
    "count against it) and F1, stored in the run (table scores; instances.score).  Integers\n"
    "match exactly; a real matches when the reply's value is the gold rounded to the reply's\n"
    "own precision, keeping a decimal and two significant digits (7.8 for 7.8333, not 23.45\n"
    "for 23.456 nor 1,900 for 1899.99); --abs-tol and --rel-tol (default 0) widen reals\n"
    "further.  Failed and refused replies score 0 and are flagged; a truncated reply is\n"
    "scored on what it holds and flagged; a run of the structured prompt (`run --prompt\n"
    "answer-json`) is read exactly: each reply's JSON rows field by field, and a reply that is\n"
    "not such JSON is scored by the ordinary reader and flagged 'unstructured'; pending\n"
    "instances (never sent: a run stopped early or cut by --limit) are not scored, so the\n"
    "mean is over answered instances and the summary says how many of the run's that is.\n"
    "All scores are stored in one transaction, or none and the command fails.  The suite is\n"
    "the one the run recorded unless --suite names another (for example after `gold --write`\n"
    "moved the answers on).  Replies are scored side by side on every CPU (--jobs N: on N\n"
    "threads); the stored scores are the same whatever N.\n"
    "--judge ENDPOINT adds the reference's LLM-judge protocol (extract the final answer, then\n"
    "label every gold row) with structured output, sent like `run` (concurrency, rate limits,\n"
    "retries, cache, resume; its requests and replies are kept in RUN.sqlite.judge/); its\n"
    "labels go to the scores table as scorer judge:MODEL, and a reply it cannot parse is left\n"
    "'unscored'.  `holobench report` then shows how the two scorers agree.\n",
};

/* "4,760": counts in the summary are read by people. */
static const char *count(struct buf *b, uint64_t n)
{
    char digits[32];
    size_t len = (size_t)snprintf(digits, sizeof(digits), "%llu", (unsigned long long)n), i;
    buf_reset(b);
    for (i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            buf_addch(b, ',');
        buf_addch(b, digits[i]);
    }
    return b->s;
}

/* "scored 200 of 4,760 instances of RUN (4,560 pending: never sent, not scored): ...": the
 * rule for each status is in the line, so that a partial run never reads as a whole one. */
static void say_scored(const char *run, const struct score_stats *st)
{
    struct buf a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
    say(1, "scored %s of %s instances of %s", count(&a, st->scored), count(&b, st->total), run);
    if (st->pending)
        say(1, " (%s pending: never sent, not scored)", count(&c, st->pending));
    say(1,
        ": mean score %.3f over the %s scored; %s failed or without a reply and %llu refused "
        "(these score 0), %llu truncated (scored on what they hold)%s\n",
        st->scored ? st->sum / (double)st->scored : 0.0, count(&a, st->scored),
        count(&b, st->no_reply), (unsigned long long)st->refused, (unsigned long long)st->truncated,
        st->missing ? "; some instances not in the suite" : "");
    if (st->unstructured)
        say(1,
            "%s replies of this structured run were not JSON rows: read by the ordinary reader "
            "and flagged 'unstructured'\n",
            count(&a, st->unstructured));
    if (st->repaired)
        say(1,
            "%s replies held ill-formed UTF-8 or NUL bytes: replaced before scoring, and said in "
            "their scores' extraction\n",
            count(&a, st->repaired));
    buf_release(&a);
    buf_release(&b);
    buf_release(&c);
}

int cmd_score(int argc, char **argv)
{
    const char *suite = NULL, *rel = NULL, *abs_ = NULL, *judge = NULL, *root = NULL, *jobs = NULL;
    struct score_opts o;
    struct score_stats st;
    int n, rc;
    const struct opt opts[] = {
        OPT_STRING(0, "suite", &suite, "SUITE", "the suite (default: the one the run used)"),
        OPT_STRING(0, "judge", &judge, "ENDPOINT", "also score with an LLM judge"),
        OPT_STRING(0, "root", &root, "DIR", "the benchmark folder: read harness/ under DIR"),
        OPT_STRING(0, "rel-tol", &rel, "R", "extra relative tolerance for reals (0)"),
        OPT_STRING(0, "abs-tol", &abs_, "A", "extra absolute tolerance for reals (0)"),
        OPT_STRING(0, "jobs", &jobs, "N", "threads scoring replies (default: one per CPU)"),
        OPT_END(),
    };
    if ((rc = opts_parse_n(argc, argv, opts, &info, 1, 1, "name one run database", &n)) != OPTS_GO)
        return rc;
    score_opts_default(&o);
    if (rel && parse_real(rel, 0, 1, &o.rel_tol) < 0)
        return usage_error(&info, "--rel-tol: '%s' is not a number from 0 to 1", rel);
    if (abs_ && parse_real(abs_, 0, 1e300, &o.abs_tol) < 0)
        return usage_error(&info, "--abs-tol: '%s' is not a number of 0 or more", abs_);
    if (jobs) {
        uint64_t j;
        if (parse_u64(jobs, &j) < 0 || j < 1 || j > PARALLEL_MAX)
            return usage_error(&info, "--jobs: '%s' is not a whole number from 1 to %d", jobs,
                               PARALLEL_MAX);
        o.jobs = (int)j;
    }
    /* opening a missing run would create an empty database and blame its suite */
    if (!file_exists(argv[0]))
        return error("no run database '%s' (make one with 'holobench run SUITE --endpoint NAME "
                     "--run %s')",
                     argv[0], argv[0]),
               EXIT_FAIL;
    if (score_run(argv[0], suite, &o, &st) < 0)
        return EXIT_FAIL;
    say_scored(argv[0], &st);
    if (judge) {
        struct judge_stats js;
        char *bench = bench_folder(root);
        rc = judge_run(argv[0], suite, bench, judge, &js);
        free(bench);
        if (rc < 0)
            return EXIT_FAIL;
        say(1, "judged %llu instances: mean score %.3f; %llu unscored (judge reply unusable)%s\n",
            (unsigned long long)js.judged, js.judged ? js.sum / (double)js.judged : 0.0,
            (unsigned long long)js.unscored, js.pending ? "; pending instances not judged" : "");
    }
    return EXIT_OK;
}
