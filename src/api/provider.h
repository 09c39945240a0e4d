/* provider: what differs between model APIs — building a request body and headers,
 * reading a reply, and classifying a failure — as one table of functions per API
 * (dav1d's muxer table), looked up by enum api_kind or by name: the one place that knows
 * which APIs there are, their names, and how each sends a request and a batch.  Everything here is
 * a pure function of its inputs (no I/O), so that it is tested on captured bodies without a server.
 *
 * Wire facts follow shared/WIRE.md: OpenAI-compatible servers differ (missing usage,
 * reasoning in `reasoning` or `reasoning_content`, integer error codes, string errors,
 * HTML bodies from proxies), so parsing is defensive and never trusts a field's type. */
#ifndef HB_PROVIDER_H
#define HB_PROVIDER_H

#include "buf.h"
#include "endpoint.h"
#include "err.h"

#include <stdint.h>

/* A reply being assembled from a stream's events (provider_stream.c).  Every buffer is
 * bounded by the response cap; an overflow fails the attempt. */
struct stream_acc {
    cJSON *msg;                 /* the reply in its non-streamed shape, as far as known */
    cJSON *err;                 /* an error event's body, or NULL */
    struct buf text, reasoning; /* text pieces, in order */
    struct buf refusal, other;  /* a refusal's pieces; the second reasoning field or a
                                   block's partial JSON */
    int block;                  /* Anthropic: the index of the block being streamed; -1 */
    int done;                   /* the terminal event came */
    int overflow;               /* a piece passed the cap */
};
void stream_acc_init(struct stream_acc *s, size_t max);
void stream_acc_release(struct stream_acc *s);

/* A normalized reply. Strings are owned (free with reply_release). */
struct reply {
    char *text;       /* the answer: content (OpenAI) or the text blocks joined (Anthropic) */
    char *reasoning;  /* thinking / reasoning text, kept apart, never scored; NULL if none */
    char *finish;     /* normalized: "stop", "length", "content_filter", "refusal",
                         "tool_use", "other" */
    char *finish_raw; /* as the server sent it, or NULL */
    int truncated;    /* the output limit cut the answer */
    int refused;      /* a refusal or a content filter: content null + refusal, stop_reason
                         refusal, finish_reason content_filter, incomplete_details
                         content_filter; counted apart, never as an ordinary wrong answer */
    /* -1 unknown (also when a server sends all-zero usage, which no real request has).
     * input_tokens counts the whole prompt, cached part included, on both APIs: OpenAI's
     * prompt_tokens, Anthropic's input + cache_creation_input + cache_read_input tokens.
     * output_tokens includes reasoning; reasoning_tokens is -1 on Anthropic (not reported). */
    int64_t input_tokens, output_tokens, reasoning_tokens, cached_tokens;
    /* Prompt tokens written to the provider's cache (Anthropic cache_creation_input_tokens;
     * -1 unknown or not reported, as on OpenAI).  cached_tokens are those read from it
     * (OpenAI prompt_tokens_details / input_tokens_details.cached_tokens, Anthropic
     * cache_read_input_tokens).  Both are inside input_tokens. */
    int64_t cache_write_tokens;
    char *model;        /* the model the server says answered, or NULL */
    char *id;           /* the response id, or NULL */
    char *request_id;   /* the request-id / x-request-id response header, or NULL */
    char *stop_details; /* Anthropic's stop_details (compact JSON) where present, or NULL */
};
/* An empty reply: NULL strings, -1 counts.  reply_release() leaves this state. */
void reply_init(struct reply *r);
void reply_release(struct reply *r);

/* What to do about a failed attempt. */
enum failure {
    FAIL_NONE,
    FAIL_RETRY,       /* transient: 408, 409, 500, 502, 504, other 5xx, dropped/cut replies */
    FAIL_RATE,        /* 429 rate limit: wait (retry-after / reset headers), then retry */
    FAIL_OVERLOAD,    /* 529, 503 "overloaded": back off longer */
    FAIL_TOO_LONG,    /* the prompt exceeds the context window: record, never retry */
    FAIL_BAD_REQUEST, /* 400, 404, 413, 422: record the server's message, never retry */
    FAIL_AUTH,        /* 401, 403: stop the whole run */
    FAIL_QUOTA,       /* insufficient_quota, spend limit, billing: stop the whole run */
};
const char *failure_name(enum failure f);

/* Response headers that matter for pacing, parsed (see retry.h). */
struct pacing;

/* What a result line of a batch says, in the order of precedence when several name one
 * request: a reply beats a failure, which beats "not run" (canceled, expired). */
enum batch_kind { BATCH_NONE, BATCH_PENDING, BATCH_FAIL, BATCH_OK };

/* One prompt to send.  For prompt caching (issue 17): `prefix` leading bytes of the text
 * are the part that instances sharing a context share (the prompt up to the end of the
 * context; 0: none), and `cache_key` names that context (the instance's context_id), or is
 * NULL when the instance shares none or the endpoint's "prompt_cache" is false.  With a key,
 * anthropic-messages sends the prefix as its own text block with a cache_control breakpoint
 * and openai-chat / openai-responses send prompt_cache_key; without one the body is what it
 * always was. */
struct prompt_req {
    const char *text;
    size_t len;
    size_t prefix;
    const char *cache_key;
};

/* An API's batch service (batch.h): the files export writes, and the result lines import
 * reads back into a reply or a failure, as run would have recorded the live call. */
struct provider_batch {
    const char *format;               /* the manifest's "format" */
    const char *ext;                  /* of the batch files: "jsonl", "json" */
    const char *head, *sep, *tail;    /* around and between the requests of one file */
    uint64_t max_requests, max_bytes; /* the documented limits of one file or batch */
    const char *result_name;          /* for messages: "an OpenAI Batch result" */
    const char *service;              /* for messages: "the OpenAI Batch API" */
    /* Appends one request: the custom_id and the body, copied as text, never re-serialized
     * (it must be byte for byte what run sends, so that request hashes and the reply cache
     * agree). */
    void (*entry)(const char *custom_id, const struct buf *body, struct buf *out);
    /* Whether a result line (a JSON object) has this API's shape. */
    int (*claims)(const cJSON *line);
    /* What a line this API claims says; -1 (printed at loc) when it is malformed. */
    int (*kind)(const cJSON *line, const struct srcloc *loc, enum batch_kind *kind);
    /* Turns a BATCH_OK or BATCH_FAIL line into a reply (1, *r filled), or into a failure
     * class and its message (0), the way run judges a live reply.  *status is the HTTP
     * status when the line has one, else 0. */
    int (*judge)(const cJSON *line, struct reply *r, long *status, enum failure *f,
                 struct buf *msg);
};

struct provider {
    const char *api;    /* the name endpoints and manifests use: "openai-chat", ... */
    enum api_kind kind; /* the same, as endpoint.h's enum */
    const char *path;   /* appended to the endpoint's base_url: the request URL */
    /* The JSON request body for one prompt (a single user message). */
    void (*build)(const struct endpoint *e, const struct prompt_req *pr, struct buf *body);
    /* Header lines "Name: value" (key included; the caller never logs them). */
    void (*headers)(const struct endpoint *e, const char *key,
                    void (*add)(void *ctx, const char *line), void *ctx);
    /* Parses a 2xx body into *r, which it initializes (release a previous reply first).
     * 0, or -1 with a message in err and *r empty (malformed, or an error object inside a
     * 200 — which is then classified through classify() with the real status). */
    int (*parse)(const char *body, size_t n, struct reply *r, struct buf *err);
    /* Classifies a failed attempt (status 0: no HTTP reply at all, or a truncated one; a 2xx
     * when parse() failed) and appends the server's message (never a key) to msg: the
     * error object's message, a string `error`, an HTML page's title, else the start of the
     * body with control characters blanked; nothing for an empty body. */
    enum failure (*classify)(long status, const char *body, size_t n, struct buf *msg);
    struct provider_batch batch;
    /* Streaming (Server-Sent Events, WIRE.md 2.6): the members a streamed request adds to
     * the body (after the others, so that the body without them is the one hashed, cached
     * and exported); each event as it arrives (event is "" for data-only streams); and at
     * the end the reply in the shape parse() reads, into out (reset first): 1 when the
     * stream ended with its terminal event (or an error event, whose body is then what
     * out holds), 0 when it was cut short, which is a failed attempt, never a reply. */
    const char *stream_members;
    void (*stream_event)(struct stream_acc *s, const char *event, const char *data, size_t n);
    int (*stream_end)(struct stream_acc *s, struct buf *out);
};

/* The provider of an API, by enum or by name (NULL for an unknown name). */
const struct provider *provider_for(enum api_kind api);
const struct provider *provider_named(const char *name);
/* The API's name: provider_for(api)->api. */
const char *api_name(enum api_kind api);
/* Appends the API names for a message: "openai-chat or anthropic-messages". */
void provider_names(struct buf *out);
/* The provider whose batch results look like `line`, or NULL. */
const struct provider *provider_batch_owner(const cJSON *line);
/* The failure class an HTTP status means once the API-specific cases (0, 2xx, 429) are
 * decided: shared by the providers, which differ in how they read the body. */
enum failure provider_by_status(long status, int too_long, int overloaded);

/* Fills in the token counts a server left out of r, and says (1) whether it did:
 * input_tokens from prompt_tokens (the prompt's estimate; < 0 unknown, left out), and
 * output_tokens from the answer's text, both with the suite's estimator (gen/context.h). */
int reply_estimate_usage(struct reply *r, int64_t prompt_tokens);
/* The suite's token estimate of a text of lines: token_estimate() summed over its lines. */
uint64_t text_tokens(const char *s, size_t n);

extern const struct provider provider_openai, provider_anthropic, provider_responses;

/* Whether requests to e are streamed: the endpoint's "stream", else on for Anthropic when
 * max_tokens exceeds ANTHROPIC_STREAM_ABOVE (the Anthropic SDK refuses a non-streamed
 * request that could take more than ten minutes: 60 * 60 * max_tokens / 128000 s > 600). */
#define ANTHROPIC_STREAM_ABOVE 21333
int provider_streams(const struct endpoint *e);

/* Shared by the provider implementations; not for other callers. */
/* Servers without a reasoning parser leave the model's <think>...</think> in the text: moves
 * it into r->reasoning (had_field: the server also gave a reasoning field, so that a lone
 * closing tag is left alone).  Applied on every API. */
void provider_split_think(struct reply *r, int had_field);
/* Appends more (freed) to r->reasoning, separated by a blank line. */
void provider_add_reasoning(struct reply *r, char *more);
/* OpenAI's headers and error classes, shared by Chat Completions and the Responses API. */
void provider_openai_headers(const struct endpoint *e, const char *key,
                             void (*add)(void *ctx, const char *line), void *ctx);
enum failure provider_openai_classify(long status, const char *body, size_t n, struct buf *msg);
/* The OpenAI Batch API's result lines, for either OpenAI API: p parses the bodies. */
int provider_openai_batch_claims(const cJSON *line);
int provider_openai_batch_kind(const cJSON *line, const struct srcloc *loc, enum batch_kind *kind);
int provider_openai_batch_judge(const struct provider *p, const cJSON *line, struct reply *r,
                                long *status, enum failure *f, struct buf *msg);
/* The OpenAI Batch API's service, the same for both OpenAI APIs but for how a request line
 * is written (entry) and how a result's body is read (judge). */
#define OPENAI_BATCH_SERVICE(entry_fn, judge_fn)                                                   \
    {                                                                                              \
        .format = "openai-batch", .ext = "jsonl", .head = "", .sep = "",                           \
        .tail = "", /* "200 MB" read as 10^6-byte megabytes: the smaller reading is safe under     \
                       either */                                                                   \
            .max_requests = 50000, .max_bytes = 200000000,                                         \
        .result_name = "an OpenAI Batch result", .service = "the OpenAI Batch API",                \
        .entry = entry_fn, .claims = provider_openai_batch_claims,                                 \
        .kind = provider_openai_batch_kind, .judge = judge_fn,                                     \
    }

/* Appends `,"name":<v as compact JSON>`. */
void provider_add_member(struct buf *body, const char *name, const cJSON *v);
/* ,"messages":[{"role":"user","content":PROMPT}] — the one message both APIs take. */
void provider_add_messages(struct buf *body, const char *prompt, size_t len);
/* ,"prompt_cache_key":KEY when pr has a cache key and params set none (OpenAI's APIs: it
 * routes requests sharing a prefix to the same cache). */
void provider_add_cache_key(struct buf *body, const struct endpoint *e,
                            const struct prompt_req *pr);
/* Like provider_add_messages(), with e->system first as a message of role e->system_role
 * ("system" by default) when set: openai-chat's system or developer message. */
void provider_add_system_message(struct buf *body, const struct endpoint *e, const char *prompt,
                                 size_t len);
/* Calls add() for each string member of e->headers ("Name: value"); a value holding CR or LF
 * is skipped, since it would smuggle in another header. */
void provider_extra_headers(const struct endpoint *e, void (*add)(void *ctx, const char *line),
                            void *ctx);
/* Whether e->headers sets `name` (case-insensitively), which then replaces the default. */
int provider_header_set(const struct endpoint *e, const char *name);
/* The error message of a reply (see classify above); root may be NULL (not JSON). */
void provider_error_message(const cJSON *root, const char *body, size_t n, struct buf *msg);
/* Case-insensitive substring tests; a NULL haystack is 0.  The _n form takes a body of n
 * bytes, which need not be NUL-terminated. */
int provider_mentions(const char *s, const char *needle);
int provider_mentions_n(const char *s, size_t n, const char *needle);
/* Whether an error message says the prompt does not fit the context window, in any of the
 * wordings servers use ("maximum context length", "prompt is too long", "exceeds the
 * available context size", ...). */
int provider_says_too_long(const char *message);
/* An object member as a non-negative integer, or -1 when missing or not a number >= 0. */
int64_t provider_json_count(const cJSON *obj, const char *name);
/* A string member, duplicated, or NULL. */
char *provider_json_strdup(const cJSON *obj, const char *name);
/* Appends v as compact JSON; NULL as {} (an empty object). */
void provider_add_json(struct buf *out, const cJSON *v);
/* For batch results: a body of a result line as the text parse() and classify() take (a
 * string as it is, as some servers send it; anything else serialized; NULL: nothing), into
 * body, reset first. */
void provider_batch_body(const cJSON *v, struct buf *body);
/* For batch results: parse() a body of HTTP `status` into *r (1), or classify() it into *f
 * and its message (0), with parse()'s complaint when classify() found no message. */
int provider_batch_reply(const struct provider *p, long status, const struct buf *body,
                         struct reply *r, enum failure *f, struct buf *msg);
/* A table lookup of finish reasons: sets r->finish_raw to raw (when a string), r->finish to
 * its normalized form from the table ("other" when missing), and r->truncated. */
struct finish_map {
    const char *raw, *norm;
};
void provider_set_finish(struct reply *r, const cJSON *raw, const struct finish_map *map, size_t n);

#endif
