/* generate: the suite generator — every grid point of every selected schema and query,
 * built into one JSONL instance a line.
 *
 * Order of instances (part of the byte-identical guarantee): schemas in the order given,
 * then seeds, then queries in file order (expanded), then lengths, then settings (amounts,
 * then densities, in the order given), then positions.  Instance k (from 0) belongs to
 * shard (k mod N) + 1 of N.
 *
 * Instance id: QUERYID-LENGTH-SETTING-POSITION-sSEED, e.g. wine-q03.2-8k-a2k-uniform-s1 or
 * wine-q03.2-8k-d0.5-middle-s1.
 *
 * Ownership: the caller owns `struct grid` and every array and string it points to (the
 * command line builds them and frees them after generate_suite() returns); generate_suite()
 * only reads them, and loads, uses and frees each schema and query set itself.
 * `struct gen_stats` is plain data filled in by the call.  `out` stays the caller's: it is
 * written to, never closed. */
#ifndef HB_GENERATE_H
#define HB_GENERATE_H

#include <stdint.h>
#include <stdio.h>

struct meter;
struct query;

struct density {
    uint64_t num, den; /* exact decimal fraction */
    char *text;        /* canonical decimal ("0.5"), for ids and the instance */
};

struct grid {
    const char *root;
    char **schemas;
    size_t nschemas;
    char **query_globs; /* NULL: all */
    size_t nglobs;
    uint64_t *lengths;
    size_t nlengths;
    uint64_t *amounts;
    size_t namounts;
    struct density *densities;
    size_t ndensities;
    int *positions;
    size_t npositions;
    uint64_t *seeds;
    size_t nseeds;
    unsigned shard_i, shard_n; /* 1-based; 1/1 for everything */
    int strict;
    const char *db_file;   /* one schema from this SQLite file (schemas[0] names it) */
    const char *verb_file; /* with db_file: its verbalize.json */
    int generate_data;     /* draw rows with generate.json at scale / data_seed */
    double scale;
    uint64_t data_seed;
    int distractors;    /* enum distractors (nearmiss.h); 0 is the paper's `tables` */
    int overlap;        /* record the lexical overlap (always with near misses) */
    int share_contexts; /* pools seeded by the table set: queries over the same tables share
                           one context at each grid point; instances record context_id */
    uint64_t expected;  /* instances this run will write, for the progress line (0: unknown) */
    const struct meter *meter; /* how lengths are measured; NULL: the estimator */
    /* --fit-window: a prompt (context + frame(query)) + reserve_output must fit the window;
     * a length that does not is an error, or with shrink its context is cut to fit (fewer
     * distractor lines; the relevant ones stay).  frame() gives the answer prompt's own tokens
     * for a query, counted by the caller with the same meter. */
    uint64_t fit_window, reserve_output;
    int shrink;
    uint64_t (*frame)(void *arg, const struct query *q);
    void *frame_arg;
};

/* A query whose instances fell short of a budget (summed over them), or whose positions
 * gave identical contexts: what the summary explains. */
struct gen_short {
    char id[96];                        /* the query id */
    uint64_t instances;                 /* instances short of a budget */
    uint64_t info_target, info_placed;  /* relevant tokens: budgets and placed, when short */
    uint64_t ctx_target, ctx_placed;    /* context tokens: lengths and placed, when short */
    uint64_t short_info, short_context; /* instances short of each budget */
    int reads_all;                      /* no distractor: the query reads every table */
    int near;                           /* near misses: only rows passing its filter inform */
    uint64_t same_pos;                  /* instances whose positions are identical */
};

struct gen_stats {
    uint64_t instances, bytes, context_tokens, info_tokens;
    uint64_t shortfalls, ambiguous, skipped_points;
    uint64_t gold_nonempty, gold_checked; /* over queries not expected to be empty */
    uint64_t nearmiss_instances;          /* built with near misses */
    uint64_t nearmiss_fallback;           /* queries (and seeds) without a row filter */
    uint64_t nearmiss_tokens;             /* near-miss tokens placed, over those instances */
    uint64_t nearmiss_ctx_tokens;         /* their distractor tokens */
    uint64_t contexts;                    /* with share_contexts: distinct contexts written */
    uint64_t counted_whole;               /* tokenizer: contexts whose lines did not join cleanly */
    uint64_t over_target;     /* tokenizer: contexts whose exact count exceeds the target */
    double worst_rate;        /* the lowest non-empty rate of one query (and seed), or 1 */
    char worst_query[96];     /* its id */
    struct gen_short *shorts; /* per query, in generation order; gen_stats_release() */
    size_t nshorts, ashorts;
    uint64_t same_pos; /* instances whose positions are identical, over all queries */
};
void gen_stats_release(struct gen_stats *st);

/* Writes the suite to `out`.  Returns 0, or -1 after printing (with --strict, a shortfall
 * is an error). */
int generate_suite(const struct grid *g, FILE *out, struct gen_stats *st);

#endif
