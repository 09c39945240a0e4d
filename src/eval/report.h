/* report: tables and charts over one or more scored run databases (`holobench report`).
 *
 * Each run is read read-only in one pass (instances LEFT JOIN scores of one scorer, in suite
 * order) into compact records; every table is then aggregated in C from those records, so
 * that a run of 100,000 instances reports in well under a second.
 *
 * A cell is the mean score with a 95% interval by a percentile bootstrap clustered by query
 * id (report_boot.c: instances of one query are not independent; seeded, so reproducible);
 * a cell of one query has no interval.  An instance counts once under each of its query
 * types.
 * Instances without a score by the chosen scorer are counted (unscored) but not averaged;
 * flagged replies (no-reply: the request failed; truncated, refused) score 0 and are
 * averaged, as in the run's headline `SELECT avg(score) FROM instances`.  Pending instances
 * (never sent: a run stopped early or cut by --limit) are counted apart and never averaged,
 * so every mean is over answered instances; the report states answered / total per run,
 * and warns (in the report and on stderr) when runs side by side answered different sets
 * of instances or recorded different suite hashes.
 *
 * Where a run holds scores by more than one scorer, the chosen scorer is compared with each
 * other one: per gold-row label (exact / partial / none) a confusion table, the agreement
 * and Cohen's kappa.
 *
 * With two or more runs of one suite, each run after the first is compared with the first on
 * matched instances (report_pair.c): paired differences with clustered bootstrap intervals, a
 * sign test over queries, wins/ties/losses by query type.
 *
 * The statistics themselves are in stats.h.  The code is in report.c (reading and the tables
 * as data), report_cover.c (coverage and its warnings), report_boot.c (the intervals),
 * report_pair.c (the paired comparisons), report_text.c (text, Markdown, CSV),
 * report_html.c (the HTML page) and svg.c (its charts), which share report_int.h.
 *
 * Ownership: report_write() borrows everything it is given (the stream, the run paths, the
 * options and their strings) and frees all it allocates before it returns; it opens each run
 * read-only and closes it again, and neither closes nor flushes f (the caller checks the
 * stream).  Nothing it returns needs freeing. */
#ifndef HB_REPORT_H
#define HB_REPORT_H

#include <stdio.h>

enum report_format { REPORT_TEXT, REPORT_MD, REPORT_CSV, REPORT_HTML, REPORT_JSON };

struct report_opts {
    enum report_format format;
    const char *scorer; /* NULL: "deterministic-v1" */
    const char *suite;  /* NULL: each run's recorded suite_path (HTML only reads it) */
};

/* "text", "md", "csv", "html" or "json"; -1 otherwise. */
int report_format_parse(const char *s, enum report_format *out);

/* Reads every run, then writes the whole report to f.  -1 (printed) when a run cannot be
 * read or was not scored by the chosen scorer; nothing is written then. */
int report_write(FILE *f, char *const *runs, size_t nruns, const struct report_opts *o);

#endif
