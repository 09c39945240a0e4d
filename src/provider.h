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
    char *text;      /* the answer: content (OpenAI) or the text blocks joined (Anthropic) */
    char *reasoning; /* thinking / reasoning text, kept apart, never scored; NULL if none */
    char *finish;    /* normalized: "stop", "length", "content_filter", "refusal",
                        "tool_use", "other" */
    char *finish_raw; /* as the server sent it, or NULL */
    int truncated;    /* the output limit cut the answer */
    int refused;      /* content null + refusal, or stop_reason refusal */
    int64_t input_tokens, output_tokens, reasoning_tokens, cached_tokens; /* -1 unknown */
    char *model;      /* the model the server says answered, or NULL */
    char *id;         /* the response id, or NULL */
};
void reply_release(struct reply *r);

/* What to do about a failed attempt. */
enum failure {
    FAIL_NONE,
    FAIL_RETRY,       /* transient: 408, 409, 500, 502, 503, 504, dropped/truncated replies */
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
    void (*headers)(const struct endpoint *e, const char *key, void (*add)(void *ctx,
                    const char *line), void *ctx);
    /* Parses a 2xx body.  0, or -1 with a message in err (malformed, or an error event
     * inside a 200 — which is then classified through classify()). */
    int (*parse)(const char *body, size_t n, struct reply *r, struct buf *err);
    /* Classifies a non-2xx reply (status 0: no HTTP reply at all) and writes the server's
     * message (never a key) into msg. */
    enum failure (*classify)(long status, const char *body, size_t n, struct buf *msg);
};

const struct provider *provider_for(enum api_kind api);

#endif
