/* scorerun: scores every reply of a run database against the gold of its suite and keeps
 * the results in the run.
 *
 * Tables written (documented in the README):
 *   scores(id, scorer, score, recall, precision, f1, order_ok, items, unmatched, says_none,
 *          extraction, flag, labels, gold_hash, scored_at, PRIMARY KEY (id, scorer))
 *   instances.score / labels / scorer / score_gold_hash: the deterministic scorer's result,
 *          so that `SELECT avg(score) FROM instances` is the headline number.
 * flag: NULL for a scored reply; 'no-reply' (sent but no usable answer: status 'failed',
 * 'bad_request' or 'too_long'), 'truncated' (the output limit cut it), 'refused': those score
 * 0, since the model or its endpoint failed on them; 'oversized': a reply of more than
 * SCORE_MAX_REPLY bytes (`run` caps a whole response at 64 MiB; a hand-edited run or a
 * batch import may hold more) is not read at all and scores 0.  'unstructured':
 * a run of the structured prompt (run setting answer_format 'json') whose reply is not a JSON
 * answer, scored by the ordinary reader instead of exactly (score.h).  A 'pending' instance (never
 * sent: a run stopped early or cut by --limit) is not scored at all: it has no scores row and a
 * NULL instances.score (an earlier score is removed), so means are over answered instances only. A
 * reply is read with its byte length and made valid UTF-8 without NUL bytes before any scorer sees
 * it (ill-formed sequences become U+FFFD, NULs spaces); when that changed something, the row's
 * extraction says so ("answer-marker; reply repaired: ..."). gold_hash is SHA-256 of the gold as
 * the suite holds it, so a score made against an older gold (see `holobench gold`) shows.
 *
 * All of a command's scores are stored in one transaction: each is stored, or the command
 * fails (an error naming the run) and the run is left as it was. */
#ifndef HB_SCORERUN_H
#define HB_SCORERUN_H

#include "score.h"

#include <stdint.h>

#define SCORE_MAX_REPLY 16777216 /* bytes of one reply the scorer reads (16 MiB) */

/* total: instances of the run; scored: those given a score (flagged ones included);
 * pending: never sent, not scored; missing: not in the suite, not scored. */
struct score_stats {
    uint64_t total, scored, pending, no_reply, truncated, refused, missing;
    uint64_t unstructured; /* structured run, reply not JSON: scored by the ordinary reader */
    uint64_t repaired;     /* replies with ill-formed UTF-8 or NUL bytes, replaced before scoring */
    double sum;
};

/* suite may be NULL: the path the run recorded is used. */
int score_run(const char *run_path, const char *suite, const struct score_opts *o,
              struct score_stats *st);

/* Reads a suite's gold answers: id -> gold object.  Shared with the judge and reports. */
struct gold_index;
struct gold_index *gold_index_load(const char *suite);
void gold_index_free(struct gold_index *g);
/* The gold of an instance (borrowed) and its hash; NULL when the id is not in the suite. */
const struct cJSON *gold_index_get(const struct gold_index *g, const char *id, const char **hash);
/* The instance's question (borrowed), or NULL. */
const char *gold_index_question(const struct gold_index *g, const char *id);

/* ---- storing scores, for the scorers (the deterministic one here, the judge) ---- */

struct sqlite3;
/* Between these two, every write goes into one transaction.  scores_begin() takes the write
 * lock at once (BEGIN IMMEDIATE); scores_end() commits when rc is 0, else rolls back, and
 * returns -1 when rc was non-zero or the commit failed.  Errors name the run. */
int scores_begin(struct sqlite3 *db, const char *run_path);
int scores_end(struct sqlite3 *db, const char *run_path, int rc);

/* Prepared writes to the run's scores (the table is created when missing); NULL (printed)
 * on failure.  run_path is borrowed, for messages; score_writer_free() takes NULL. */
struct score_writer;
struct score_writer *score_writer_open(struct sqlite3 *db, const char *run_path);
void score_writer_free(struct score_writer *w);
/* Stores one result under `scorer`; with headline set, also as instances.score.  flag: NULL,
 * or why the result is not a real score ('no-reply', 'truncated', 'refused', 'unscored').
 * 'unscored' (the judge's reply was unusable) is stored with NULL score, recall, precision
 * and f1: it is no score, and must never count as 0 in a mean. */
int score_writer_put(struct score_writer *w, const char *id, const char *scorer,
                     const struct score_result *r, const char *flag, const char *gold_hash,
                     int headline);
/* Removes the instance's result by `scorer` (with headline, instances.score too): a pending
 * instance has none. */
int score_writer_forget(struct score_writer *w, const char *id, const char *scorer, int headline);

#endif
