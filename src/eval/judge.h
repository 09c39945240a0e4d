/* judge: the reference's LLM-judge protocol over a run, through the same client as `run`.
 *
 * Two stages, each a small suite written next to the run (RUN.judge/extract.jsonl,
 * label.jsonl) and sent with harness_run() into its own run database (RUN.judge/extract-HASH
 * .sqlite, HASH from the stage suite's content, so that judging again after the run answered
 * more instances starts a new one) — so the judge gets run's concurrency, rate limits,
 * retries, reply cache and resume for free:
 *  1. extract: the judge splits each reply into reasoning and final_answer
 *     (harness/prompts/judge-extract.txt);
 *  2. label: the judge labels every gold row (ids from 1, at most 50; an empty gold is the
 *     single id 0) Exact Match / Partial Match / No Match (judge-label.txt).
 * Both ask for structured output: OpenAI response_format with a strict JSON schema, or for
 * Anthropic a forced tool whose input schema is the same.  A judge reply that does not
 * parse, or that does not label every id exactly once, leaves the instance 'unscored'
 * (fail closed); its raw reply stays in the stage's run database.  Results go to the
 * scores table of the run under scorer "judge:MODEL", all in one transaction: every result
 * is stored or the command fails (an error naming the run) and the run is left as it was.
 * A pending instance (never sent) gets no result; failed and cut replies score 0 (flagged). */
#ifndef HB_JUDGE_H
#define HB_JUDGE_H

#include <stdint.h>

/* judged: given a score; unscored: the judge's reply was unusable; pending: never sent by
 * the run, so not judged (no scores row); skipped: not in the suite. */
struct judge_stats {
    uint64_t judged, unscored, pending, skipped;
    double sum;
};

/* suite may be NULL (the run's recorded suite).  Returns 0 or -1. */
int judge_run(const char *run_path, const char *suite, const char *root, const char *endpoint,
              struct judge_stats *st);

/* The two readers of outside text, exposed for fuzz/fuzz_judge.c: the label prompt's
 * context (the answer and the gold rows with their ids) into out, reset first; and the
 * labeller's reply: 0 with *r filled (release it with score_result_release) when every gold
 * row got exactly one label, else -1. */
struct buf;
struct cJSON;
struct score_result;
void judge_gold_block(const struct cJSON *gold, const char *answer, struct buf *out);
int judge_parse_labels(const char *text, const struct cJSON *gold, struct score_result *r);

#endif
