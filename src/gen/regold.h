/* regold: brings an existing suite up to date with the current schemas and queries, from
 * each instance's recorded provenance (rows, row_templates, seed, setting).
 *
 * For each instance: every placed row is found again by its key and its line re-rendered
 * with the recorded template; the gold is recomputed over the relevant rows with the
 * current SQL and params; context_tokens, info_tokens_actual and schema_hash are recomputed.
 * An instance whose query is gone, whose query now reads a different set of tables, or one
 * of whose rows no longer exists cannot be repaired: it is reported as needing `generate`
 * and always kept exactly as it was (never half-updated).  Unchanged instances keep their
 * exact bytes; changed ones are rewritten through the suite writer. */
#ifndef HB_REGOLD_H
#define HB_REGOLD_H

#include "buf.h"

#include <stdint.h>
#include <stdio.h>

enum regold_change {
    RG_HASH = 1,    /* schema_hash differs */
    RG_QUERY = 2,   /* question or SQL text differs */
    RG_CONTEXT = 4, /* at least one line re-rendered */
    RG_GOLD = 8,    /* gold answer differs */
    RG_TOKENS = 16, /* token counts differ */
    RG_DRIFT = 32,  /* a budget moved past the one-row tolerance */
    RG_BROKEN = 64, /* cannot be repaired */
};

struct regold_stats {
    uint64_t instances, unchanged, gold_changed, context_changed, other_changed, broken;
    uint64_t drift;
};

struct meter;
struct regold_opts {
    const char *root;
    const struct meter *meter; /* NULL: the estimator; must be what each instance records */
    int json;                  /* per-instance report as JSON lines */
    FILE *report;              /* where the per-instance report goes (stdout) */
};

/* Reads the suite at `path`; writes every instance (updated or as it was) to `out` when
 * non-NULL; reports per instance and fills `st`.  Returns 0, or -1 when the suite or a
 * schema cannot be read at all. */
int regold_suite(const char *path, FILE *out, const struct regold_opts *o, struct regold_stats *st);

#endif
