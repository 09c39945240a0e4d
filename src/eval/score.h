/* score: the deterministic scorer — labels each gold row of an instance exact, partial or
 * none from the model's reply, without an LLM, and says why.
 *
 * 1. The final answer (answer_final.c): the last \boxed{}; else after the last answer marker
 *    up to where an explanation starts; else JSON; else after "the answer is"; else the
 *    last list/table/record run; else the last paragraph that is not a closing remark.  The
 *    method is recorded.
 * 2. Candidate rows (answer.c): list items, table rows, JSON elements, key: value records,
 *    and sentences cut between the names they hold.
 * 3. Cells (match.c): folded text as whole words, numbers as numbers (scale words,
 *    percentages, separators, spelled out; never digits inside words), dates as dates.
 * 4. Rows (score.c): exact when one candidate holds the row's key and every cell, partial
 *    when it holds the key only, none otherwise; NULL cells, empty gold and ordered gold
 *    (absolute ranks) as README.md's `score` section states; one candidate per row.
 * 5. Per instance: score = mean over gold rows (first 50) of exact 1, partial 1/2, none 0
 *    (= recall); precision = candidates naming some gold row / candidates; F1.
 *
 * A structured answer (`run --prompt answer-json`, score_json.c) is read exactly instead: the
 * reply is one JSON object whose "rows" holds an object per answer row, keyed by the gold's
 * fields (structured.h) or column names.  A gold row is exact when an answer row not given
 * to another has every cell (numbers within the tolerance, integers exactly, a number written
 * as a string the same value; text equal once folded; dates as dates; NULL only as null);
 * partial when a row has its key cell but not every cell, or every cell at another rank of
 * ordered gold (ranks are absolute: row i of the answer is rank i); a row of NULLs is also
 * exact when the answer has no rows; empty gold is right when the answer has no rows. */
#ifndef HB_SCORE_H
#define HB_SCORE_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* The deterministic scorer's rules, stored with every score it gives (scores.scorer_version)
 * so that `report` can warn when runs side by side were scored by different rules.  Bump it
 * whenever a change to answer.c, match.c, units.c, score.c or score_json.c can change a label. */
#define SCORER_VERSION "32"

enum label { LABEL_NONE = 0, LABEL_PARTIAL = 1, LABEL_EXACT = 2 };

struct score_opts {
    double rel_tol, abs_tol; /* 0.005, 0.01 */
    int max_rows;            /* 50 */
    int jobs;                /* threads scoring a run's replies; 0: one per CPU */
};
void score_opts_default(struct score_opts *o);

struct score_result {
    double score, recall, precision, f1;
    int order_ok;           /* 1, 0, or -1 when the gold is not ordered */
    int items, unmatched;   /* answer items, and those matching no gold row */
    int says_none;          /* the answer says there is no answer */
    const char *extraction; /* static string */
    unsigned char *labels;  /* per gold row (capped), enum label; owned */
    char **why;             /* per gold row: why it got its label; owned */
    size_t nlabels;
};
void score_result_release(struct score_result *r);

struct scorer;
struct scorer *scorer_new(const struct score_opts *o);
void scorer_free(struct scorer *s);
/* `gold` is the instance's gold object ({"columns","rows","ordered",...}). */
int score_reply(struct scorer *s, const char *reply, const cJSON *gold, struct score_result *out);
/* The structured reading: 0 with *out filled; 1, out untouched, when the reply is not a JSON
 * object with a "rows" array (nor an array of rows): the caller scores it with score_reply()
 * and says so. */
int score_structured(struct scorer *s, const char *reply, const cJSON *gold,
                     struct score_result *out);

#endif
