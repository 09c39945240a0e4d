/* OpenAI Chat Completions and the servers that imitate it (vLLM, llama.cpp, Ollama, proxies):
 * see WIRE.md 2.1 and 2.4 for the shapes tolerated here. */
#include "provider.h"

#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static int eq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

static void oa_build(const struct endpoint *e, const struct prompt_req *pr, struct buf *body)
{
    const char *model = e->model ? e->model : "";
    const char *field = e->max_tokens_field;
    const cJSON *p;
    int rename = field && *field && strcmp(field, "max_tokens");

    /* Written by hand rather than through cJSON: the prompt can be megabytes, and the member
     * order must stay fixed so that request hashes are stable. */
    buf_adds(body, "{\"model\":");
    buf_add_json_str(body, model, strlen(model));
    provider_add_system_message(body, e, pr->text, pr->len);
    provider_add_cache_key(body, e, pr);
    if (cJSON_IsObject(e->params)) {
        cJSON_ArrayForEach(p, e->params)
        {
            const char *name = p->string;
            /* model and messages are ours; stream and stream_options are added when the
             * request is sent (provider_streams()), so that the body hashed, cached and
             * exported is the same streamed or not */
            if (!name || eq(name, "model") || eq(name, "messages") || eq(name, "stream") ||
                eq(name, "stream_options"))
                continue;
            if (rename && eq(name, "max_tokens")) {
                /* an explicit max_completion_tokens in params wins over the renamed one:
                 * the same member twice would be invalid JSON */
                if (cJSON_GetObjectItemCaseSensitive(e->params, field))
                    continue;
                name = field;
            }
            provider_add_member(body, name, p);
        }
    }
    buf_addch(body, '}');
}

static void oa_headers(const struct endpoint *e, const char *key,
                       void (*add)(void *ctx, const char *line), void *ctx)
{
    struct buf line = BUF_INIT;
    if (!provider_header_set(e, "Content-Type"))
        add(ctx, "Content-Type: application/json");
    /* local servers run without a key: an empty Bearer would be rejected by some of them */
    if (key && *key && !provider_header_set(e, "Authorization")) {
        buf_addf(&line, "Authorization: Bearer %s", key);
        add(ctx, line.s);
        /* do not leave the key behind in freed memory */
        memset(line.s, 0, line.len);
    }
    buf_release(&line);
    provider_extra_headers(e, add, ctx);
}

/* content may be a string, null, or (some servers) an array of {"type":"text","text":...}. */
static char *content_text(const cJSON *content)
{
    struct buf b = BUF_INIT;
    const cJSON *part;
    if (cJSON_IsString(content))
        return xstrdup(content->valuestring);
    if (cJSON_IsArray(content)) {
        cJSON_ArrayForEach(part, content)
        {
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(part, "text");
            if (cJSON_IsString(t))
                buf_adds(&b, t->valuestring);
        }
        return buf_detach(&b, NULL);
    }
    return NULL;
}

static const struct finish_map finish_table[] = {
    {"stop", "stop"},
    {"length", "length"},
    {"content_filter", "content_filter"},
    {"tool_calls", "tool_use"},
    {"function_call", "tool_use"},
    /* seen from compatible servers and proxies that pass other APIs' values through */
    {"eos", "stop"},
    {"eos_token", "stop"},
    {"stop_sequence", "stop"},
    {"end_turn", "stop"},
    {"max_tokens", "length"},
    {"tool_use", "tool_use"},
};

static void set_usage(struct reply *r, const cJSON *u)
{
    r->input_tokens = provider_json_count(u, "prompt_tokens");
    r->output_tokens = provider_json_count(u, "completion_tokens");
    r->reasoning_tokens = provider_json_count(
        cJSON_GetObjectItemCaseSensitive(u, "completion_tokens_details"), "reasoning_tokens");
    r->cached_tokens = provider_json_count(
        cJSON_GetObjectItemCaseSensitive(u, "prompt_tokens_details"), "cached_tokens");
    /* some servers send zeros for usage they do not count; no real request has no prompt */
    if (r->input_tokens == 0 && r->output_tokens == 0)
        r->input_tokens = r->output_tokens = r->reasoning_tokens = r->cached_tokens = -1;
}

static int oa_parse(const char *body, size_t n, struct reply *r, struct buf *err)
{
    cJSON *root = cJSON_ParseWithLength(body, n);
    const cJSON *error, *choices, *choice, *msg, *v;
    int had_field = 0;

    reply_init(r);
    if (!cJSON_IsObject(root)) {
        buf_adds(err, root ? "reply is not a JSON object" : "reply is not valid JSON");
        goto fail;
    }
    /* proxies and old vLLM (which also answered some 400s with a 200) send errors here */
    error = cJSON_GetObjectItemCaseSensitive(root, "error");
    if ((error && !cJSON_IsNull(error)) ||
        eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "object")), "error")) {
        provider_error_message(root, body, n, err);
        goto fail;
    }
    choices = cJSON_GetObjectItemCaseSensitive(root, "choices");
    choice = cJSON_GetArrayItem(choices, 0);
    msg = cJSON_GetObjectItemCaseSensitive(choice, "message");
    if (!cJSON_IsArray(choices) || !cJSON_IsObject(msg)) {
        buf_adds(err, cJSON_IsArray(choices) && !choice ? "reply has no choices"
                                                        : "reply has no message");
        goto fail;
    }

    r->text = content_text(cJSON_GetObjectItemCaseSensitive(msg, "content"));
    if (!r->text || !*r->text) {
        v = cJSON_GetObjectItemCaseSensitive(msg, "refusal");
        if (cJSON_IsString(v) && *v->valuestring)
            r->refused = 1;
    }
    if (!r->text)
        r->text = xstrdup("");

    /* vLLM >= 0.11 and Ollama say reasoning, llama.cpp and DeepSeek reasoning_content */
    v = cJSON_GetObjectItemCaseSensitive(msg, "reasoning");
    if (!cJSON_IsString(v) || !*v->valuestring)
        v = cJSON_GetObjectItemCaseSensitive(msg, "reasoning_content");
    if (cJSON_IsString(v) && *v->valuestring) {
        r->reasoning = xstrdup(v->valuestring);
        had_field = 1;
    }
    provider_split_think(r, had_field);

    provider_set_finish(r, cJSON_GetObjectItemCaseSensitive(choice, "finish_reason"), finish_table,
                        sizeof(finish_table) / sizeof(finish_table[0]));
    set_usage(r, cJSON_GetObjectItemCaseSensitive(root, "usage"));
    r->model = provider_json_strdup(root, "model");
    r->id = provider_json_strdup(root, "id");
    cJSON_Delete(root);
    return 0;

fail:
    cJSON_Delete(root);
    reply_release(r);
    return -1;
}

/* The parts of an error body that decide its class; pointers into the parsed tree. */
struct oa_error {
    const char *type, *code, *message;
    long int_code; /* llama.cpp puts the HTTP status in code; 0 when absent */
};

static void oa_error_fields(const cJSON *root, struct oa_error *x)
{
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(root, "error"), *v;
    memset(x, 0, sizeof(*x));
    if (cJSON_IsString(err)) {
        x->message = err->valuestring;
        return;
    }
    /* vLLM before 0.10.1 put the fields at the top: {"object":"error","message":...,"code":400} */
    if (!err && cJSON_IsObject(root) &&
        cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "message")))
        err = root;
    if (!cJSON_IsObject(err))
        return;
    v = cJSON_GetObjectItemCaseSensitive(err, "type");
    x->type = cJSON_IsString(v) ? v->valuestring : NULL;
    v = cJSON_GetObjectItemCaseSensitive(err, "message");
    x->message = cJSON_IsString(v) ? v->valuestring : NULL;
    v = cJSON_GetObjectItemCaseSensitive(err, "code");
    if (cJSON_IsString(v))
        x->code = v->valuestring;
    else if (cJSON_IsNumber(v) && v->valuedouble >= 100 && v->valuedouble < 600)
        x->int_code = (long)v->valuedouble;
}

/* A 2xx that failed to parse: either an error object with no useful status, judged by its
 * type and code, or a garbled or cut body, which another attempt may get right. */
static enum failure oa_classify_body(const struct oa_error *x, int quota, int too_long)
{
    if (quota)
        return FAIL_QUOTA;
    if (too_long)
        return FAIL_TOO_LONG;
    if (eq(x->code, "rate_limit_exceeded") || eq(x->type, "requests") || eq(x->type, "tokens") ||
        eq(x->type, "rate_limit_error"))
        return FAIL_RATE;
    if (eq(x->code, "invalid_api_key") || eq(x->type, "authentication_error") ||
        eq(x->type, "permission_error"))
        return FAIL_AUTH;
    if (eq(x->type, "invalid_request_error") || eq(x->type, "not_found_error") ||
        eq(x->type, "not_supported_error"))
        return FAIL_BAD_REQUEST;
    if (eq(x->type, "unavailable_error") || eq(x->type, "overloaded_error") ||
        provider_mentions(x->message, "overloaded"))
        return FAIL_OVERLOAD;
    return FAIL_RETRY;
}

static enum failure oa_classify(long status, const char *body, size_t n, struct buf *msg)
{
    cJSON *root = body && n ? cJSON_ParseWithLength(body, n) : NULL;
    struct oa_error x;
    enum failure f;
    int quota, too_long;

    oa_error_fields(root, &x);
    provider_error_message(root, body, n, msg);
    quota = eq(x.code, "insufficient_quota") || eq(x.type, "insufficient_quota") ||
            provider_mentions(x.message, "exceeded your current quota");
    too_long = eq(x.code, "context_length_exceeded") || eq(x.type, "exceed_context_size_error") ||
               eq(x.code, "exceed_context_size_error") || provider_says_too_long(x.message);

    if (status >= 200 && status < 300 && x.int_code)
        status = x.int_code;
    if (status == 0)
        f = FAIL_RETRY;
    else if (status >= 200 && status < 300)
        f = oa_classify_body(&x, quota, too_long);
    else if (status == 429)
        f = quota ? FAIL_QUOTA : FAIL_RATE;
    else
        f = provider_by_status(status, too_long, 0);
    cJSON_Delete(root);
    return f;
}

/* ---- the OpenAI Batch API: JSONL input files, output and error files ---- */

static const cJSON *member(const cJSON *o, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(o, name);
}

static void oa_batch_entry(const char *custom_id, const struct buf *body, struct buf *out)
{
    buf_adds(out, "{\"custom_id\":");
    buf_add_json_str(out, custom_id, strlen(custom_id));
    buf_adds(out, ",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":");
    buf_add(out, body->s, body->len);
    buf_adds(out, "}\n");
}

int provider_openai_batch_claims(const cJSON *line)
{
    return cJSON_HasObjectItem(line, "response") || cJSON_HasObjectItem(line, "error");
}

int provider_openai_batch_kind(const cJSON *line, const struct srcloc *loc, enum batch_kind *kind)
{
    const cJSON *resp = member(line, "response"), *err = member(line, "error");
    const char *code;
    if (cJSON_IsObject(resp)) {
        const cJSON *sc = member(resp, "status_code");
        if (!cJSON_IsNumber(sc))
            return error_at(loc, "a response without a status_code");
        *kind = sc->valuedouble >= 200 && sc->valuedouble < 300 ? BATCH_OK : BATCH_FAIL;
        return 0;
    }
    if (!cJSON_IsObject(err))
        return error_at(loc, "neither a response nor an error");
    /* the request never ran: the batch expired or was cancelled before it */
    code = cJSON_GetStringValue(member(err, "code"));
    *kind = eq(code, "batch_expired") || eq(code, "batch_cancelled") ? BATCH_PENDING : BATCH_FAIL;
    return 0;
}

int provider_openai_batch_judge(const struct provider *p, const cJSON *line, struct reply *r,
                                long *status, enum failure *f, struct buf *msg)
{
    const cJSON *resp = member(line, "response"), *e;
    const char *code;
    struct buf body = BUF_INIT;
    int ok = 0;
    *status = 0;
    if (cJSON_IsObject(resp)) {
        const cJSON *sc = member(resp, "status_code");
        /* provider_openai_batch_kind checked it is a number; an HTTP status has three digits */
        *status = cJSON_IsNumber(sc) ? (long)clamp_to_i64(sc->valuedouble, 0, 999, 0) : 0;
        provider_batch_body(member(resp, "body"), &body);
        if (!(ok = provider_batch_reply(p, *status, &body, r, f, msg)))
            buf_addf(msg, " (HTTP %ld, %s)", *status, failure_name(*f));
        else if (cJSON_GetStringValue(member(resp, "request_id")) && !r->request_id)
            r->request_id = xstrdup(cJSON_GetStringValue(member(resp, "request_id")));
    } else {
        /* An error-file line, {"code", "message"} and no HTTP status.  As the body of a
         * 2xx, classify() judges it by its code, type and message alone. */
        e = member(line, "error");
        code = cJSON_GetStringValue(member(e, "code"));
        buf_adds(&body, "{\"error\":");
        provider_add_json(&body, e);
        buf_addch(&body, '}');
        *f = oa_classify(200, body.s, body.len, msg);
        buf_addf(msg, " (batch error %s, %s)", code ? code : "without a code", failure_name(*f));
    }
    buf_release(&body);
    return ok;
}

static int oa_batch_judge(const cJSON *line, struct reply *r, long *status, enum failure *f,
                          struct buf *msg)
{
    return provider_openai_batch_judge(&provider_openai, line, r, status, f, msg);
}

void provider_openai_headers(const struct endpoint *e, const char *key,
                             void (*add)(void *ctx, const char *line), void *ctx)
{
    oa_headers(e, key, add, ctx);
}

enum failure provider_openai_classify(long status, const char *body, size_t n, struct buf *msg)
{
    return oa_classify(status, body, n, msg);
}

/* ---- streaming: chat.completion.chunk events, ending in [DONE] (WIRE.md 2.6) ---- */

/* Keeps the first string member `name` of a chunk in the assembled reply. */
static void keep_first(cJSON *msg, const cJSON *chunk, const char *name)
{
    const cJSON *v = member(chunk, name);
    if (cJSON_IsString(v) && !cJSON_HasObjectItem(msg, name))
        cJSON_AddStringToObject(msg, name, v->valuestring);
}

static void add_piece(struct stream_acc *s, struct buf *b, const cJSON *v)
{
    if (cJSON_IsString(v))
        buf_adds(b, v->valuestring);
    s->overflow |= b->overflow;
}

static void oa_stream_event(struct stream_acc *s, const char *event, const char *data, size_t n)
{
    cJSON *chunk;
    const cJSON *choice, *delta, *v;
    (void)event;
    if (n == 6 && !memcmp(data, "[DONE]", 6)) {
        s->done = 1;
        return;
    }
    if (!(chunk = cJSON_ParseWithLength(data, n)))
        return; /* a line the server garbled: its absence shows in the result */
    if ((v = member(chunk, "error")) && !cJSON_IsNull(v)) {
        cJSON_Delete(s->err);
        s->err = chunk; /* {"error": {...}} after a 200 */
        s->done = 1;
        return;
    }
    keep_first(s->msg, chunk, "id");
    keep_first(s->msg, chunk, "model");
    choice = cJSON_GetArrayItem(member(chunk, "choices"), 0);
    delta = member(choice, "delta");
    add_piece(s, &s->text, member(delta, "content"));
    add_piece(s, &s->reasoning, member(delta, "reasoning"));
    add_piece(s, &s->other, member(delta, "reasoning_content"));
    add_piece(s, &s->refusal, member(delta, "refusal"));
    if ((v = member(choice, "finish_reason")) && cJSON_IsString(v)) {
        cJSON_DeleteItemFromObject(s->msg, "finish_reason");
        cJSON_AddStringToObject(s->msg, "finish_reason", v->valuestring);
    }
    if ((v = member(chunk, "usage")) && cJSON_IsObject(v)) { /* the last chunk, choices [] */
        cJSON_DeleteItemFromObject(s->msg, "usage");
        cJSON_AddItemToObject(s->msg, "usage", cJSON_Duplicate(v, 1));
    }
    cJSON_Delete(chunk);
}

static void add_str_or_null(cJSON *o, const char *name, const struct buf *b, int null_if_empty)
{
    if (!b->len && null_if_empty)
        cJSON_AddNullToObject(o, name);
    else
        cJSON_AddStringToObject(o, name, b->len ? b->s : "");
}

/* The chat.completion the chunks add up to. */
static int oa_stream_end(struct stream_acc *s, struct buf *out)
{
    cJSON *body, *choice, *msg;
    const cJSON *v;
    buf_reset(out);
    if (s->err) {
        provider_add_json(out, s->err);
        return 1;
    }
    if (!s->done || s->overflow)
        return 0;
    body = cJSON_CreateObject();
    if ((v = member(s->msg, "id")))
        cJSON_AddStringToObject(body, "id", v->valuestring);
    cJSON_AddStringToObject(body, "object", "chat.completion");
    if ((v = member(s->msg, "model")))
        cJSON_AddStringToObject(body, "model", v->valuestring);
    choice = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(body, "choices"), choice);
    msg = cJSON_AddObjectToObject(choice, "message");
    cJSON_AddStringToObject(msg, "role", "assistant");
    add_str_or_null(msg, "content", &s->text, s->refusal.len > 0);
    if (s->refusal.len)
        add_str_or_null(msg, "refusal", &s->refusal, 0);
    if (s->reasoning.len)
        add_str_or_null(msg, "reasoning", &s->reasoning, 0);
    if (s->other.len)
        add_str_or_null(msg, "reasoning_content", &s->other, 0);
    v = member(s->msg, "finish_reason");
    cJSON_AddItemToObject(choice, "finish_reason", v ? cJSON_Duplicate(v, 0) : cJSON_CreateNull());
    if ((v = member(s->msg, "usage")))
        cJSON_AddItemToObject(body, "usage", cJSON_Duplicate(v, 1));
    provider_add_json(out, body);
    cJSON_Delete(body);
    return 1;
}

const struct provider provider_openai = {
    .api = "openai-chat",
    .kind = API_OPENAI_CHAT,
    .path = "/chat/completions",
    .build = oa_build,
    .headers = oa_headers,
    .parse = oa_parse,
    .classify = oa_classify,
    .batch = OPENAI_BATCH_SERVICE(oa_batch_entry, oa_batch_judge),
    .stream_members = ",\"stream\":true,\"stream_options\":{\"include_usage\":true}",
    .stream_event = oa_stream_event,
    .stream_end = oa_stream_end,
};
