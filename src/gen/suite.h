/* suite: the instance format — one JSON object a line — written by generate and gold.
 *
 * Field order is fixed (part of the byte-identical guarantee): id, schema, schema_hash,
 * query_id, question, sql, params, types, difficulty, tables, target_tokens, info_tokens or
 * density, position, seed, context_tokens, info_tokens_actual, line_tokens (only with a
 * tokenizer), shortfall (only when a budget could not be filled), fit (only with
 * --fit-window), gold, generator (with a
 * "tokenizer" object in place of "token_estimator" when measured with one), rows,
 * row_templates, context.
 *
 * The writer takes each context line already JSON-escaped (see struct rline in context.h),
 * so that the hot path copies text instead of escaping it again. */
#ifndef HB_SUITE_H
#define HB_SUITE_H

#include "buf.h"
#include "context.h"

#include <stdint.h>

struct schema;
struct query;
struct gold;

/* generate --fit-window: the window, the reserve for the output, the prompt's own tokens
 * (the answer prompt around an empty context) and the context's target after --shrink. */
struct fit_rec {
    uint64_t window, reserve, frame, context_target;
};

struct instance_out {
    const char *id;
    const struct schema *s; /* name, hash, data source */
    const struct query *q;  /* id, question, sql, params, types, difficulty, tables */
    uint64_t length;
    const uint64_t *amount; /* one of amount and density */
    const char *density;    /* as written by the user */
    int position;
    uint64_t seed;
    uint64_t context_tokens, info_tokens;
    const struct meter *meter;          /* NULL or the estimator: no tokenizer record */
    uint64_t line_tokens;               /* with a tokenizer: the lines' budget costs summed */
    uint64_t short_info, short_context; /* shortfall, 0 when none */
    const struct fit_rec *fit;          /* generate --fit-window, or NULL */
    const struct gold *gold;
    size_t nlines;
    const struct rowref *rows; /* per line: its row */
    const uint32_t *tmpl;      /* per line: template index */
    const char *const *text;   /* per line: escaped sentence */
    const uint32_t *text_len;
    const char *distractors;    /* NULL for the paper's `tables` mode (nothing written) */
    const unsigned char *roles; /* with distractors: per line, enum row_role */
    const double *overlap;      /* NULL, or the answer and distractor shares (overlap.h) */
    const char *context_id;     /* NULL, or the context's hash in hex (shared contexts) */
};

/* Appends the instance and a newline to `b`. */
void instance_write(struct buf *b, const struct instance_out *in);

/* The instance id: QUERYID-LENGTH-SETTING-POSITION-sSEED. */
void instance_id(struct buf *b, const char *query_id, uint64_t length, const uint64_t *amount,
                 const char *density, int position, uint64_t seed);

/* Reading: an instance line whose three big members (rows, row_templates, context: nearly
 * all of its bytes) are kept as JSON text instead of a tree.  In holobench's layout they
 * are the last three members, so the rest is parsed alone and the three point into the
 * line; a line in another layout is parsed whole and the three printed into `own` (which
 * must outlive the spans).  context is the string's escaped contents, without quotes. */
struct instance_text {
    const char *rows, *tmpl, *context;
    size_t rows_len, tmpl_len, context_len;
};
struct cJSON;
/* Returns the other members as a tree (caller frees), or NULL when the line is not JSON. */
struct cJSON *instance_parse(const char *line, size_t len, struct instance_text *out,
                             struct buf *own);
/* The id of an instance line, into `id` (reset first): read from holobench's own `{"id":"`
 * prefix when the id has no escape, else by parsing the line, so that any JSON spelling of a
 * line (spaces, another key order) is read.  Returns 0, or -1 when the line is not a JSON
 * object with a string "id". */
int instance_line_id(const char *line, size_t len, struct buf *id);
/* Skips one JSON value at p; the byte after it, or NULL when malformed. */
const char *json_skip_value(const char *p, const char *end);

#endif
