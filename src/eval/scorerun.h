/* scorerun: scores every reply of a run database against the gold of its suite and keeps
 * the results in the run.
 *
 * Tables written (documented in the README):
 *   scores(id, scorer, score, recall, precision, f1, order_ok, items, unmatched, says_none,
 *          extraction, flag, labels, gold_hash, scored_at, PRIMARY KEY (id, scorer))
 *   instances.score / labels / scorer / score_gold_hash: the deterministic scorer's result,
 *          so that `SELECT avg(score) FROM instances` is the headline number.
 * flag: NULL for a scored reply; 'no-reply' (not answered, or failed), 'truncated' (the
 * output limit cut it), 'refused': those score 0.  gold_hash is SHA-256 of the gold as the
 * suite holds it, so a score made against an older gold (see `holobench gold`) shows. */
#ifndef HB_SCORERUN_H
#define HB_SCORERUN_H

#include "score.h"

#include <stdint.h>

struct score_stats {
    uint64_t scored, no_reply, truncated, refused, missing;
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

/* Stores one result in the scores table (created when missing) under `scorer`; with
 * headline set, also as instances.score.  flag: NULL, or why the result is not a real
 * score ('no-reply', 'truncated', 'refused', 'unscored'). */
struct sqlite3;
int scores_put(struct sqlite3 *db, const char *id, const char *scorer, const struct score_result *r,
               const char *flag, const char *gold_hash, int headline);

#endif
