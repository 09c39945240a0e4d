/* harness_int: what harness.c shares with harness_dry.c (the dry run), and no one else: the
 * suite's index and one request's buffers.  See harness.h for the rules. */
#ifndef HB_HARNESS_INT_H
#define HB_HARNESS_INT_H

#include "buf.h"
#include "harness.h"
#include "provider.h"

#include <cjson/cJSON.h>
#include <stdint.h>

struct item {
    long long off; /* of its line in the suite */
    size_t len;
    char *id;
    char *meta[6]; /* query_id, schema, types (JSON), difficulty, position, density */
    char *ctx;     /* context_id (shared contexts), or NULL */
    int64_t target_tokens, info_tokens, seed;
    char hash[65];          /* request hash */
    uint64_t prompt_tokens; /* estimated */
    uint64_t prefix_tokens; /* of them, the prefix shared with its context's group */
    int attempts;
    double due; /* monotonic time before which a retry must not go */
};

struct suite_index {
    struct item *items;
    size_t n, alloc;
    char hash[65]; /* SHA-256 of the suite file */
};

struct request {
    struct buf prompt, body, cols;
    size_t prefix;   /* bytes of prompt up to the end of the context (prompt caching) */
    int prompt_only; /* a dry run that needs no request hashes: render the prompt only */
};

/* Builds the request of one instance line into rq; returns the parsed instance (caller
 * frees), or NULL when the line is not an instance. */
cJSON *harness_build_request(const struct run_opts *o, const struct provider *p, const char *line,
                             size_t len, struct request *rq);
/* The item's line of the suite into `line` (reset first); 0, or -1 after printing. */
int harness_read_line(const struct run_opts *o, const struct item *it, struct buf *line);

/* run --dry-run over the index (harness_dry.c); an exit status. */
int harness_dry_run(const struct run_opts *o, const struct provider *p,
                    const struct suite_index *ix);

#endif
