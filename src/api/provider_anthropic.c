/* Anthropic Messages: see WIRE.md 2.2 for the shapes handled here. */
#include "provider.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* max_tokens is required by the API; this is what a request without one gets. */
#define DEFAULT_MAX_TOKENS 4096

static int eq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* The user message: one string, or with a cache key two text blocks, the shared prefix
 * first with a cache_control breakpoint (ttl from the endpoint's "cache_ttl"). */
static void an_messages(const struct endpoint *e, const struct prompt_req *pr, struct buf *body)
{
    if (!pr->cache_key || !pr->prefix || pr->prefix >= pr->len) {
        provider_add_messages(body, pr->text, pr->len);
        return;
    }
    buf_adds(body, ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":");
    buf_add_json_str(body, pr->text, pr->prefix);
    buf_adds(body, ",\"cache_control\":{\"type\":\"ephemeral\"");
    if (e->cache_ttl) {
        buf_adds(body, ",\"ttl\":");
        buf_add_json_str(body, e->cache_ttl, strlen(e->cache_ttl));
    }
    buf_adds(body, "}},{\"type\":\"text\",\"text\":");
    buf_add_json_str(body, pr->text + pr->prefix, pr->len - pr->prefix);
    buf_adds(body, "}]}]");
}

static void an_build(const struct endpoint *e, const struct prompt_req *pr, struct buf *body)
{
    const char *model = e->model ? e->model : "";
    const cJSON *p, *mt = cJSON_GetObjectItemCaseSensitive(e->params, "max_tokens");

    /* by hand, for the reasons given in provider_openai.c: size and a fixed member order */
    buf_adds(body, "{\"model\":");
    buf_add_json_str(body, model, strlen(model));
    if (mt)
        provider_add_member(body, "max_tokens", mt);
    else
        buf_addf(body, ",\"max_tokens\":%d", DEFAULT_MAX_TOKENS);
    if (e->system) { /* a top-level field on this API, not a message */
        buf_adds(body, ",\"system\":");
        buf_add_json_str(body, e->system, strlen(e->system));
    }
    an_messages(e, pr, body);
    if (cJSON_IsObject(e->params)) {
        cJSON_ArrayForEach(p, e->params)
        {
            const char *name = p->string;
            /* model, max_tokens and messages are written above; stream is added when the
             * request is sent (provider.h) */
            if (!name || eq(name, "model") || eq(name, "max_tokens") || eq(name, "messages") ||
                eq(name, "stream"))
                continue;
            provider_add_member(body, name, p);
        }
    }
    buf_addch(body, '}');
}

static void an_headers(const struct endpoint *e, const char *key,
                       void (*add)(void *ctx, const char *line), void *ctx)
{
    struct buf line = BUF_INIT;
    if (key && *key && !provider_header_set(e, "x-api-key")) {
        buf_addf(&line, "x-api-key: %s", key);
        add(ctx, line.s);
        /* do not leave the key behind in freed memory */
        memset(line.s, 0, line.len);
    }
    buf_release(&line);
    if (!provider_header_set(e, "anthropic-version"))
        add(ctx, "anthropic-version: 2023-06-01");
    if (!provider_header_set(e, "content-type"))
        add(ctx, "content-type: application/json");
    provider_extra_headers(e, add, ctx);
}

static const struct finish_map stop_table[] = {
    {"end_turn", "stop"},   {"stop_sequence", "stop"}, {"max_tokens", "length"},
    {"refusal", "refusal"}, {"tool_use", "tool_use"},
    /* pause_turn (a server tool paused the turn) and model_context_window_exceeded fall to
     * "other"; the latter is also a truncation, see below */
};

static void set_stop(struct reply *r, const cJSON *sr)
{
    provider_set_finish(r, sr, stop_table, sizeof(stop_table) / sizeof(stop_table[0]));
    r->truncated = r->truncated || eq(r->finish_raw, "model_context_window_exceeded");
}

static void set_usage(struct reply *r, const cJSON *u)
{
    int64_t in = provider_json_count(u, "input_tokens");
    int64_t created = provider_json_count(u, "cache_creation_input_tokens");
    int64_t read = provider_json_count(u, "cache_read_input_tokens");

    /* input_tokens excludes cached tokens on this API; the reply counts the whole prompt as
     * OpenAI's prompt_tokens does (provider.h) */
    r->input_tokens = in < 0 ? -1 : in + (created > 0 ? created : 0) + (read > 0 ? read : 0);
    r->output_tokens = provider_json_count(u, "output_tokens");
    r->cached_tokens = read;
    r->cache_write_tokens = created;
    /* thinking is inside output_tokens; counted apart only where the server says so */
    r->reasoning_tokens = provider_json_count(
        cJSON_GetObjectItemCaseSensitive(u, "output_tokens_details"), "thinking_tokens");
    if (r->reasoning_tokens < 0)
        r->reasoning_tokens = provider_json_count(
            cJSON_GetObjectItemCaseSensitive(u, "output_tokens_details"), "reasoning_tokens");
    /* gateways that do not count send zeros; no real request has no prompt */
    if (r->input_tokens == 0 && r->output_tokens == 0)
        r->input_tokens = r->output_tokens = r->cached_tokens = r->cache_write_tokens = -1;
}

static int an_parse(const char *body, size_t n, struct reply *r, struct buf *err)
{
    cJSON *root = cJSON_ParseWithLength(body, n);
    const cJSON *content, *block, *v;
    struct buf text = BUF_INIT, thinking = BUF_INIT, tool = BUF_INIT;
    int use_tool;

    reply_init(r);
    if (!cJSON_IsObject(root)) {
        buf_adds(err, root ? "reply is not a JSON object" : "reply is not valid JSON");
        goto fail;
    }
    v = cJSON_GetObjectItemCaseSensitive(root, "error");
    if (eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "type")), "error") ||
        (v && !cJSON_IsNull(v))) {
        provider_error_message(root, body, n, err);
        goto fail;
    }
    content = cJSON_GetObjectItemCaseSensitive(root, "content");
    if (!cJSON_IsArray(content)) {
        buf_adds(err, "reply has no content");
        goto fail;
    }
    cJSON_ArrayForEach(block, content)
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(block, "type"));
        const char *t;
        if (eq(type, "text")) {
            v = cJSON_GetObjectItemCaseSensitive(block, "text");
            if (cJSON_IsString(v))
                buf_adds(&text, v->valuestring);
        } else if (eq(type, "tool_use") && !tool.len) {
            /* a forced tool (structured output, as the judge asks for): its input is the
             * answer */
            char *in = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(block, "input"));
            if (in)
                buf_adds(&tool, in);
            cJSON_free(in);
        } else if (eq(type, "thinking") || eq(type, "redacted_thinking")) {
            /* redacted thinking is opaque ciphertext: mark that there was some */
            v = cJSON_GetObjectItemCaseSensitive(block, "thinking");
            t = eq(type, "redacted_thinking") ? "[redacted]"
                                              : (cJSON_IsString(v) ? v->valuestring : "");
            if (!*t)
                continue;
            if (thinking.len)
                buf_adds(&thinking, "\n\n");
            buf_adds(&thinking, t);
        }
    }
    set_stop(r, cJSON_GetObjectItemCaseSensitive(root, "stop_reason"));
    /* a turn that ends in the tool call (as a forced tool's does): its input is the answer,
     * and text before it the model talking first */
    use_tool = tool.len && (!text.len || !strcmp(r->finish, "tool_use"));
    if (use_tool && text.len) {
        if (thinking.len)
            buf_adds(&thinking, "\n\n");
        buf_add(&thinking, text.s, text.len);
    }
    r->text = buf_detach(use_tool ? &tool : &text, NULL);
    r->reasoning = thinking.len ? buf_detach(&thinking, NULL) : NULL;
    buf_release(&thinking);
    buf_release(&tool);
    buf_release(&text);

    if (!use_tool)
        provider_split_think(r, r->reasoning != NULL);
    set_usage(r, cJSON_GetObjectItemCaseSensitive(root, "usage"));
    v = cJSON_GetObjectItemCaseSensitive(root, "stop_details");
    if (v && !cJSON_IsNull(v)) {
        struct buf sd = BUF_INIT;
        provider_add_json(&sd, v);
        r->stop_details = buf_detach(&sd, NULL);
    }
    r->model = provider_json_strdup(root, "model");
    r->id = provider_json_strdup(root, "id");
    cJSON_Delete(root);
    return 0;

fail:
    buf_release(&text);
    buf_release(&thinking);
    buf_release(&tool);
    cJSON_Delete(root);
    reply_release(r);
    return -1;
}

/* The error type alone, for a 2xx that carried an error object. */
static enum failure an_classify_type(const char *type, int spend, int too_long)
{
    if (spend || eq(type, "billing_error"))
        return FAIL_QUOTA;
    if (eq(type, "rate_limit_error"))
        return FAIL_RATE;
    if (eq(type, "overloaded_error"))
        return FAIL_OVERLOAD;
    if (eq(type, "authentication_error") || eq(type, "permission_error"))
        return FAIL_AUTH;
    if (too_long)
        return FAIL_TOO_LONG;
    if (eq(type, "invalid_request_error") || eq(type, "not_found_error") ||
        eq(type, "request_too_large"))
        return FAIL_BAD_REQUEST;
    return FAIL_RETRY; /* api_error, timeout_error, a cut body, a type added later */
}

static enum failure an_classify(long status, const char *body, size_t n, struct buf *msg)
{
    cJSON *root = body && n ? cJSON_ParseWithLength(body, n) : NULL;
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error");
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(err, "type"));
    const char *message = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(err, "message"));
    const char *code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(err, "details"), "error_code"));
    enum failure f;
    /* a spend-limit 429 looks like a rate limit but waiting does not end it */
    int spend = eq(code, "enforced_spend_limit_reached");
    int too_long, overloaded;

    provider_error_message(root, body, n, msg);
    too_long = provider_says_too_long(message);
    /* gateways answer 5xx with their own bodies; inspect_ai reads "overloaded" in the text */
    overloaded = eq(type, "overloaded_error") || provider_mentions_n(body, n, "overloaded");

    if (status == 0)
        f = FAIL_RETRY;
    else if (status >= 200 && status < 300)
        f = an_classify_type(type, spend, too_long);
    else if (status == 429)
        f = spend || eq(type, "billing_error") ? FAIL_QUOTA : FAIL_RATE;
    else
        f = provider_by_status(status, too_long, overloaded);
    cJSON_Delete(root);
    return f;
}

/* ---- Anthropic Message Batches: one JSON body a batch, JSONL results ---- */

static const cJSON *member(const cJSON *o, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(o, name);
}

static void an_batch_entry(const char *custom_id, const struct buf *body, struct buf *out)
{
    buf_adds(out, "{\"custom_id\":");
    buf_add_json_str(out, custom_id, strlen(custom_id));
    buf_adds(out, ",\"params\":");
    buf_add(out, body->s, body->len);
    buf_addch(out, '}');
}

static int an_batch_claims(const cJSON *line)
{
    return cJSON_HasObjectItem(line, "result");
}

static int an_batch_kind(const cJSON *line, const struct srcloc *loc, enum batch_kind *kind)
{
    const cJSON *res = member(line, "result");
    const char *type = cJSON_GetStringValue(member(res, "type"));
    if (eq(type, "succeeded")) {
        if (!cJSON_IsObject(member(res, "message")))
            return error_at(loc, "a succeeded result without a message");
        *kind = BATCH_OK;
    } else if (eq(type, "errored")) {
        *kind = BATCH_FAIL;
    } else if (eq(type, "canceled") || eq(type, "expired")) {
        *kind = BATCH_PENDING;
    } else {
        /* a result type added later: the instance stays as it is, to be sent again */
        warning_at(loc, "result type '%s' unknown; the instance is left pending",
                   type ? type : "(none)");
        *kind = BATCH_PENDING;
    }
    return 0;
}

static int an_batch_judge(const cJSON *line, struct reply *r, long *status, enum failure *f,
                          struct buf *msg)
{
    const cJSON *res = member(line, "result"), *e;
    struct buf body = BUF_INIT;
    int ok = 0;
    *status = 0;
    if (eq(cJSON_GetStringValue(member(res, "type")), "succeeded")) {
        provider_batch_body(member(res, "message"), &body);
        *status = 200;
        if (!(ok = provider_batch_reply(&provider_anthropic, 200, &body, r, f, msg)))
            buf_addf(msg, " (batch result, %s)", failure_name(*f));
    } else {
        /* errored: `error` is the whole error response, {"type": "error", "error": {...}};
         * a bare {"type", "message"} is taken too.  There is no HTTP status: classify()
         * reads the error type, as for an error inside a 2xx. */
        e = member(res, "error");
        if (cJSON_IsObject(member(e, "error"))) {
            provider_add_json(&body, e);
        } else {
            buf_adds(&body, "{\"type\":\"error\",\"error\":");
            provider_add_json(&body, e);
            buf_addch(&body, '}');
        }
        *f = an_classify(200, body.s, body.len, msg);
        buf_addf(msg, " (batch errored, %s)", failure_name(*f));
    }
    buf_release(&body);
    return ok;
}

/* ---- streaming: message_start, content_block_*, message_delta, message_stop (WIRE.md 2.6) ---- */

/* Replaces (or adds) o's member name by a copy of v. */
static void put(cJSON *o, const char *name, const cJSON *v)
{
    if (!cJSON_IsObject(o) || !v)
        return;
    cJSON_DeleteItemFromObjectCaseSensitive(o, name);
    cJSON_AddItemToObject(o, name, cJSON_Duplicate(v, 1));
}

/* Ends the block being streamed: its pieces become its text, thinking or input. */
static void flush_block(struct stream_acc *s)
{
    cJSON *block = cJSON_GetArrayItem(member(s->msg, "content"), s->block), *v;
    const char *type = cJSON_GetStringValue(member(block, "type"));
    s->overflow |= s->text.overflow;
    if (block && eq(type, "tool_use")) {
        v = s->text.len ? cJSON_ParseWithLength(s->text.s, s->text.len) : NULL;
        if (v) {
            cJSON_DeleteItemFromObjectCaseSensitive(block, "input");
            cJSON_AddItemToObject(block, "input", v);
        }
    } else if (block && (eq(type, "text") || eq(type, "thinking"))) {
        cJSON_DeleteItemFromObjectCaseSensitive(block, type);
        cJSON_AddStringToObject(block, type, s->text.len ? s->text.s : "");
    }
    buf_reset(&s->text);
    s->block = -1;
}

static void an_stream_delta(struct stream_acc *s, const cJSON *ev)
{
    const cJSON *d = member(ev, "delta");
    const char *type = cJSON_GetStringValue(member(d, "type")), *piece = NULL;
    if (eq(type, "text_delta"))
        piece = cJSON_GetStringValue(member(d, "text"));
    else if (eq(type, "thinking_delta"))
        piece = cJSON_GetStringValue(member(d, "thinking"));
    else if (eq(type, "input_json_delta"))
        piece = cJSON_GetStringValue(member(d, "partial_json"));
    if (piece && s->block >= 0)
        buf_adds(&s->text, piece); /* signature_delta and others: nothing to keep */
}

static void an_stream_message_delta(struct stream_acc *s, const cJSON *ev)
{
    const cJSON *d = member(ev, "delta"), *u = member(ev, "usage"), *v;
    cJSON *usage;
    cJSON_ArrayForEach(v, d)
    {
        put(s->msg, v->string, v); /* stop_reason, stop_sequence, stop_details */
    }
    if (!cJSON_IsObject(u))
        return;
    if (!cJSON_IsObject(usage = cJSON_GetObjectItemCaseSensitive(s->msg, "usage")))
        usage = cJSON_AddObjectToObject(s->msg, "usage");
    cJSON_ArrayForEach(v, u)
    {
        put(usage, v->string, v); /* counts are cumulative: the last one stands */
    }
}

static void an_stream_event(struct stream_acc *s, const char *event, const char *data, size_t n)
{
    cJSON *ev = cJSON_ParseWithLength(data, n);
    const char *type = event && *event ? event : cJSON_GetStringValue(member(ev, "type"));
    cJSON *content;
    if (!ev)
        return;
    if (eq(type, "error")) {
        cJSON_Delete(s->err);
        s->err = ev; /* an overloaded_error after the 200: classified as a 529 would be */
        s->done = 1;
        return;
    }
    if (eq(type, "message_start") && cJSON_IsObject(member(ev, "message"))) {
        cJSON_Delete(s->msg);
        s->msg = cJSON_Duplicate(member(ev, "message"), 1);
        cJSON_DeleteItemFromObjectCaseSensitive(s->msg, "content");
        cJSON_AddArrayToObject(s->msg, "content");
    } else if (eq(type, "content_block_start")) {
        if (s->block >= 0)
            flush_block(s);
        if (!cJSON_IsArray(content = cJSON_GetObjectItemCaseSensitive(s->msg, "content")))
            content = cJSON_AddArrayToObject(s->msg, "content");
        cJSON_AddItemToArray(content, cJSON_Duplicate(member(ev, "content_block"), 1));
        s->block = cJSON_GetArraySize(content) - 1;
    } else if (eq(type, "content_block_delta")) {
        an_stream_delta(s, ev);
    } else if (eq(type, "content_block_stop")) {
        if (s->block >= 0)
            flush_block(s);
    } else if (eq(type, "message_delta")) {
        an_stream_message_delta(s, ev);
    } else if (eq(type, "message_stop")) {
        if (s->block >= 0)
            flush_block(s);
        s->done = 1;
    } /* ping, and event types added later: nothing to keep */
    cJSON_Delete(ev);
}

static int an_stream_end(struct stream_acc *s, struct buf *out)
{
    buf_reset(out);
    if (s->err) {
        provider_add_json(out, s->err);
        return 1;
    }
    if (!s->done || s->overflow || !cJSON_HasObjectItem(s->msg, "content"))
        return 0;
    provider_add_json(out, s->msg);
    return 1;
}

const struct provider provider_anthropic = {
    .api = "anthropic-messages",
    .kind = API_ANTHROPIC_MESSAGES,
    .path = "/v1/messages",
    .build = an_build,
    .headers = an_headers,
    .parse = an_parse,
    .classify = an_classify,
    .batch =
        {
            .format = "anthropic-message-batches",
            .ext = "json",
            /* the body of POST /v1/messages/batches, a request a line for readability */
            .head = "{\"requests\":[\n",
            .sep = ",\n",
            .tail = "\n]}\n",
            /* "256 MB" read as 10^6-byte megabytes: the smaller reading is safe under either */
            .max_requests = 100000,
            .max_bytes = 256000000,
            .result_name = "an Anthropic Message Batches result",
            .service = "Anthropic Message Batches",
            .entry = an_batch_entry,
            .claims = an_batch_claims,
            .kind = an_batch_kind,
            .judge = an_batch_judge,
        },
    .stream_members = ",\"stream\":true",
    .stream_event = an_stream_event,
    .stream_end = an_stream_end,
};
