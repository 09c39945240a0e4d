/* provider: what differs between model APIs — building a request body and headers,
 * reading a reply, and classifying a failure — as one table of functions per API
 * (dav1d's muxer table), looked up by enum api_kind.  Everything here is a pure function
 * of its inputs (no I/O), so that it is tested on captured bodies without a server.
 *
 * Wire facts follow shared/WIRE.md: OpenAI-compatible servers differ (missing usage,
 * reasoning in `reasoning` or `reasoning_content`, integer error codes, string errors,
 * HTML bodies from proxies), so parsing is defensive and never trusts a field's type. */
#ifndef HB_PROVIDER_H
#define HB_PROVIDER_H

#include "buf.h"
#include "endpoint.h"

#include <stdint.h>

/* A normalized reply. Strings are owned (free with reply_release). */
struct reply {
    char *text;       /* the answer: content (OpenAI) or the text blocks joined (Anthropic) */
    char *reasoning;  /* thinking / reasoning text, kept apart, never scored; NULL if none */
    char *finish;     /* normalized: "stop", "length", "content_filter", "refusal",
                         "tool_use", "other" */
    char *finish_raw; /* as the server sent it, or NULL */
    int truncated;    /* the output limit cut the answer */
    int refused;      /* content null + refusal, or stop_reason refusal */
    /* -1 unknown (also when a server sends all-zero usage, which no real request has).
     * input_tokens counts the whole prompt, cached part included, on both APIs: OpenAI's
     * prompt_tokens, Anthropic's input + cache_creation_input + cache_read_input tokens.
     * output_tokens includes reasoning; reasoning_tokens is -1 on Anthropic (not reported). */
    int64_t input_tokens, output_tokens, reasoning_tokens, cached_tokens;
    char *model; /* the model the server says answered, or NULL */
    char *id;    /* the response id, or NULL */
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

struct provider {
    const char *api; /* "openai-chat", "anthropic-messages" */
    /* The JSON request body for one prompt (a single user message). */
    void (*build)(const struct endpoint *e, const char *prompt, size_t len, struct buf *body);
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
};

const struct provider *provider_for(enum api_kind api);
/* The failure class an HTTP status means once the API-specific cases (0, 2xx, 429) are
 * decided: shared by the providers, which differ in how they read the body. */
enum failure provider_by_status(long status, int too_long, int overloaded);

extern const struct provider provider_openai, provider_anthropic;

/* Shared by the provider implementations; not for other callers. */
/* Appends `,"name":<v as compact JSON>`. */
void provider_add_member(struct buf *body, const char *name, const cJSON *v);
/* ,"messages":[{"role":"user","content":PROMPT}] — the one message both APIs take. */
void provider_add_messages(struct buf *body, const char *prompt, size_t len);
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

#endif
