/* score: the deterministic scorer — labels each gold row of an instance exact, partial or
 * none from the model's reply, without an LLM.
 *
 * 1. Extraction: the text after the last answer marker of the prompt's format ("Answer:",
 *    also "**Answer:**", "Final answer:", or a line that is only "Answer" such as a
 *    heading); else after "the answer is"; else the last paragraph.  The method used is
 *    recorded (answer-marker, answer-phrase, last-paragraph).  CR LF counts as LF.
 * 2. Normalisation: case folded (ASCII, Latin-1, Latin Extended-A), Unicode spaces and
 *    dashes to ASCII, curly apostrophes to "'", double quotes and Markdown emphasis dropped,
 *    whitespace collapsed; thousands separators are read inside numbers.
 * 3. Items: the answer's lines (list bullets and numbering stripped; a Markdown table row
 *    is one item, its header row and separator are not answers).  When the gold has several
 *    rows, a line is split on ';', and — for single-value rows, unless a gold value itself
 *    holds ", " — on ", " (and the " and " of "A, B and C").
 * 4. Cells: a text value must appear in an item as a whole word sequence; a number must
 *    equal one of the item's numbers — integers exactly, reals within max(abs_tol,
 *    rel_tol * |gold|) (defaults 0.01 and 0.5%); "12%" reads as 12.  NULL cells are not
 *    required.
 * 5. Rows: exact when all of a row's cells are found in one item, each item serving one row
 *    (a maximum matching, so a short name does not take the line a longer one needs);
 *    partial when some are; none otherwise.  For ordered gold (the reference's ranking
 *    convention), an exact row whose item is not at its rank among the answered rows
 *    becomes partial, and order_ok says whether every answered row was in place.
 * 6. Per instance: score = mean over gold rows (first 50) of exact 1, partial 1/2, none 0
 *    (= recall); precision = items naming some gold row (its first value, over all rows) /
 *    items; F1.  Empty gold scores 1 only when the reply says there is nothing to find
 *    ("no answer", "there are no such …", anywhere in the answer); for other gold a
 *    "No answer" simply matches nothing. */
#ifndef HB_SCORE_H
#define HB_SCORE_H

#include <cjson/cJSON.h>
#include <stddef.h>

enum label { LABEL_NONE = 0, LABEL_PARTIAL = 1, LABEL_EXACT = 2 };

struct score_opts {
    double rel_tol, abs_tol; /* 0.005, 0.01 */
    int max_rows;            /* 50 */
};
void score_opts_default(struct score_opts *o);

struct score_result {
    double score, recall, precision, f1;
    int order_ok;           /* 1, 0, or -1 when the gold is not ordered */
    int items, unmatched;   /* answer items, and those matching no gold row */
    int says_none;          /* the answer says there is no answer */
    const char *extraction; /* static string */
    unsigned char *labels;  /* per gold row (capped), enum label; owned */
    size_t nlabels;
};
void score_result_release(struct score_result *r);

struct scorer;
struct scorer *scorer_new(const struct score_opts *o);
void scorer_free(struct scorer *s);
/* `gold` is the instance's gold object ({"columns","rows","ordered",...}). */
int score_reply(struct scorer *s, const char *reply, const cJSON *gold, struct score_result *out);

#endif
