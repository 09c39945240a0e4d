/* context: builds one instance's context from a schema, a query and a grid point.
 *
 * Sentences: every row of every verbalized table is rendered once per seed (struct
 * rendered); the template of a row is verbalize_choose(seed, table, key), so it does not
 * depend on which rows are placed or in what order.
 *
 * Token estimate (TOKEN_ESTIMATOR): each line of n code points costs floor(100*n/366) + 1
 * in integer arithmetic (the reference's characters/3.66 plus one for the newline), summed
 * over the lines.  With --tokenizer or a calibration, a line's cost comes from meter.h
 * instead, and every budget below is in those tokens.
 *
 * Selection: the relevant pool is every row of the tables the query reads; the distractor
 * pool every row of the other verbalized tables.  Each pool is shuffled (prng.h) with a seed
 * derived from the instance seed, the query's base id and the pool's role, so the same
 * rows are chosen at every position, and at every length when the amount is fixed.  Rows
 * are taken in shuffled order while they fit the budget, skipping those that do not, so the
 * estimate never exceeds the budget and the gap left is smaller than every row not taken.
 * A relevant row brings the relevant parent rows its foreign keys reference (the join
 * closure), as one group that must fit as a whole.  No row is placed twice.  Distractors
 * fill the target minus the relevant tokens actually placed.
 *
 * Shortfall: when a pool is used up (every row placed) while its gap could still hold its
 * cheapest row, the gap is reported (`info` for the relevant budget, `context` for the
 * whole target).  Otherwise the gap is smaller than every row left out, so the budget is
 * filled as closely as the data allows.
 *
 * Positions (M relevant lines, A distractor lines, T = M + A):
 *  - uniform: relevant line i goes to index floor((2i+1) * T / (2M)); distractors fill the
 *    other indices in order, so relevant lines are evenly spread, none at an end by rule;
 *  - begin: all relevant, then all distractors;  end: distractors, then relevant;
 *  - middle: floor(A/2) distractors, all relevant, the other distractors;
 *  - bimodal: the first floor(M/2) relevant, all distractors, the other relevant. */
#ifndef HB_CONTEXT_H
#define HB_CONTEXT_H

#include "buf.h"
#include "err.h"

#include <stddef.h>
#include <stdint.h>

struct schema;
struct query;

#define TOKEN_ESTIMATOR "chars/3.66: floor(100*codepoints/366)+1 per line"

enum position { POS_UNIFORM, POS_BEGIN, POS_END, POS_MIDDLE, POS_BIMODAL, POS_COUNT };
int position_parse(const char *s); /* -1 when unknown */
const char *position_name(int pos);

uint32_t token_estimate(const char *s, size_t n);
/* The estimate of a text of several lines: token_estimate() of each line (split at '\n',
 * which the line's cost includes), summed; a final '\n' adds no line. */
uint64_t token_estimate_text(const char *s, size_t n);

struct rowref {
    uint32_t table;
    uint32_t row;
};
/* Canonical row order (table, then row), for qsort: the gold databases are filled in it. */
int rowref_cmp(const void *a, const void *b);

/* One rendered sentence.  The text is kept JSON-escaped (without quotes): writing the
 * context of an instance, the hot path, is then a copy; the cost was taken on the raw text. */
struct rline {
    uint64_t off; /* into rendered.text */
    uint32_t len;
    uint32_t cost;
    uint32_t tmpl;
};

/* With a tokenizer, per row: its raw text and counts (meter.h), and how it joins. */
#define RTOK_NO_CLASS 255
struct rtok {
    uint64_t raw_off; /* into rendered.raw */
    uint32_t raw_len, nl, alone;
    uint32_t tail;  /* where its last piece starts in the line and its newline */
    uint8_t cls;    /* the class of that last piece (rendered.tails), or RTOK_NO_CLASS */
    uint64_t joins; /* bit k: a line of tail class k followed by this one joins cleanly */
};

struct meter;

/* Every verbalized row's sentence for one seed, measured with a meter (NULL: the
 * estimator).  With a tokenizer, rows are tokenized here, once per seed, and the distinct
 * last pieces of "line\n" (at most 64 classes; usually "." and ".\n") are checked against
 * every row as a successor, so that an instance's exact count needs no tokenizing when every
 * junction joins cleanly (rendered_tokens()). */
struct rendered {
    uint64_t seed;
    struct buf text;
    struct rline **rows; /* per table (NULL for skipped tables), per row */
    size_t *nrows;       /* per table */
    size_t ntables;
    const struct meter *m;
    struct buf raw;     /* with a tokenizer: every row's raw text, then "\n" */
    struct rtok **tk;   /* with a tokenizer: per table, per row */
    uint64_t tails[64]; /* per tail class: offset of one row's tail in raw */
    uint32_t tail_len[64];
    size_t ntails;
};
void rendered_build(struct rendered *r, const struct schema *s, uint64_t seed,
                    const struct meter *m);
void rendered_release(struct rendered *r);
static inline const struct rline *rendered_line(const struct rendered *r, struct rowref ref)
{
    return &r->rows[ref.table][ref.row];
}

/* Tokens of the lines `rows` joined by newlines, as the context holds them, and the sum of
 * their budget costs in *line_sum.  With a tokenizer the count is exact: from the lines'
 * counts (every line with its newline, the last alone) when every junction joins cleanly,
 * else by tokenizing the joined text (*whole set to 1).  Otherwise it is the sum of costs. */
uint64_t rendered_tokens(const struct rendered *r, const struct rowref *rows, size_t n,
                         uint64_t *line_sum, int *whole);

/* A shuffled pool of rows. */
struct pool {
    struct rowref *rows;
    size_t n;
    uint32_t min_cost;
};
/* Rows of the tables for which want[t] is set (skipped tables never). */
void pool_build(struct pool *p, const struct schema *s, const struct rendered *r, const int *want,
                uint64_t seed);
void pool_release(struct pool *p);

struct selection {
    struct rowref *rows;
    size_t n, alloc;
    uint64_t tokens;
    uint64_t shortfall; /* 0, or tokens missing because the pool ran out */
};
/* Takes rows of `p` while they fit `budget`.  With `closure_tables` non-NULL, each row
 * brings the parents in those tables that its foreign keys reference. */
void select_fill(struct selection *out, const struct pool *p, const struct schema *s,
                 const struct rendered *r, uint64_t budget, const int *closure_tables);
void selection_release(struct selection *sel);

/* Interleaves rel and dis by position into `out` (M + A entries); is_rel[i] tells which. */
void merge_lines(const struct selection *rel, const struct selection *dis, int pos,
                 struct rowref *out, unsigned char *is_rel);

#endif
