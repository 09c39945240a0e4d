/* nearmiss: distractors taken from the queried tables themselves (`generate --distractors`).
 *
 * Modes: `tables` (the paper's: every row of a table the query reads is information, every
 * other verbalized table is distraction), `near-miss` and `mixed`.  In the last two, a query
 * with a `row_filter` (query.h) splits the rows of the tables it reads: rows that pass every
 * filter of their table (a table without a filter passes whole) are the answer rows and fill
 * the information budget, with their join closure; rows that fail are near misses, written
 * with the same templates.  The distractor budget is filled with near misses first (all of it
 * in `near-miss`, half in `mixed`), then with rows of the other tables.  No row is placed
 * twice: a parent brought in by the closure is an answer row even where it fails its filter.
 * The distractor lines are shuffled together (seeded by the instance seed, the query's base
 * id, the length and the budget), so near misses are not bunched at one end.  A query
 * without a filter falls back to `tables`.
 *
 * Gold is computed over every placed row of the tables the query reads, near misses
 * included, so it is exact whatever the filter says.  Each line's role (answer, near-miss,
 * other) is recorded as the instance's `row_roles`. */
#ifndef HB_NEARMISS_H
#define HB_NEARMISS_H

#include "context.h"

#include <stdint.h>

struct schema;
struct query;

enum distractors { DIS_TABLES, DIS_NEAR_MISS, DIS_MIXED, DIS_COUNT };
int distractors_parse(const char *s); /* -1 when unknown */
const char *distractors_name(int mode);

enum row_role { ROLE_ANSWER, ROLE_NEAR_MISS, ROLE_OTHER };
const char *row_role_name(int role);

/* One query and seed in a near-miss mode. */
struct nearmiss {
    int mode;
    unsigned char **pass; /* per table: NULL (no filter) or one byte a row */
    size_t ntables;
    struct pool answer; /* rows of the read tables that pass, shuffled */
    struct pool miss;   /* rows of the read tables that fail, shuffled */
};

/* Builds the two pools from the rows `want_rel` marks, shuffled with `answer_seed` and
 * `miss_seed`.  Returns 0, or -1 after printing (a filter failed to run). */
int nearmiss_init(struct nearmiss *nm, int mode, const struct schema *s, const struct query *q,
                  const struct rendered *r, const int *want_rel, uint64_t answer_seed,
                  uint64_t miss_seed);
void nearmiss_release(struct nearmiss *nm);

/* The distractors of one point: near misses not already in `rel`, then rows of `other`, with
 * `budget` tokens in all; shuffled together with `seed`.  dis->shortfall is set as
 * select_fill() would for the whole budget. */
void nearmiss_fill(struct selection *dis, const struct nearmiss *nm, const struct selection *rel,
                   const struct pool *other, const struct schema *s, const struct rendered *r,
                   uint64_t budget, uint64_t seed);

/* Rows of `rel` and of `dis` in the tables q reads, for the gold (a fresh array). */
struct rowref *nearmiss_gold_rows(const struct query *q, const struct selection *rel,
                                  const struct selection *dis, size_t *n);

/* validate: the gold over the full data must equal the gold over only the rows that pass
 * q's filters (an error at the filter otherwise); a filter that keeps every row of its
 * table, or none, is warned about.  Returns 0, or -1 after printing. */
struct gold_db;
int rowfilter_check(struct gold_db *gdb, const struct schema *s, const struct query *q);

#endif
