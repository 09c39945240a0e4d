/* The OpenAI Responses API (POST {base_url}/responses), the API newer OpenAI models are
 * offered on: see WIRE.md 2.6 and 2.7 for the request, reply and event shapes handled here.
 * Its headers, error classes and Batch result lines are OpenAI's (provider_openai.c). */
#include "provider.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static int eq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

static const cJSON *member(const cJSON *o, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(o, name);
}

/* What a params member is sent as: the Chat Completions names a shared endpoint file may use
 * are renamed (max_tokens -> max_output_tokens, system -> instructions, reasoning_effort ->
 * reasoning.effort); NULL drops it (ours, or already given under the Responses name). */
static const char *rs_param_name(const cJSON *params, const char *name)
{
    if (eq(name, "model") || eq(name, "input") || eq(name, "messages") || eq(name, "stream") ||
        eq(name, "stream_options"))
        return NULL;
    if (eq(name, "max_tokens") || eq(name, "max_completion_tokens")) {
        if (member(params, "max_output_tokens") ||
            (eq(name, "max_tokens") && member(params, "max_completion_tokens")))
            return NULL;
        return "max_output_tokens";
    }
    if (eq(name, "system"))
        return member(params, "instructions") ? NULL : "instructions";
    return name;
}

static void rs_build(const struct endpoint *e, const struct prompt_req *pr, struct buf *body)
{
    const char *model = e->model ? e->model : "";
    const cJSON *p;

    /* by hand, for the reasons given in provider_openai.c: size and a fixed member order */
    buf_adds(body, "{\"model\":");
    buf_add_json_str(body, model, strlen(model));
    buf_adds(body, ",\"input\":[{\"role\":\"user\",\"content\":");
    buf_add_json_str(body, pr->text, pr->len);
    buf_adds(body, "}]");
    provider_add_cache_key(body, e, pr);
    cJSON_ArrayForEach(p, e->params)
    {
        const char *name = p->string ? rs_param_name(e->params, p->string) : NULL;
        if (eq(p->string, "reasoning_effort")) {
            if (!member(e->params, "reasoning")) {
                buf_adds(body, ",\"reasoning\":{\"effort\":");
                provider_add_json(body, p);
                buf_addch(body, '}');
            }
        } else if (name) {
            provider_add_member(body, name, p);
        }
    }
    /* a benchmark's prompts have no business being kept on the provider's side */
    if (!member(e->params, "store"))
        buf_adds(body, ",\"store\":false");
    buf_addch(body, '}');
}

static void add_texts(struct buf *b, const cJSON *parts, const char *type, const char *field)
{
    const cJSON *part;
    cJSON_ArrayForEach(part, parts)
    {
        const cJSON *t = member(part, field);
        if ((!type || eq(cJSON_GetStringValue(member(part, "type")), type)) && cJSON_IsString(t)) {
            if (b->len && !strcmp(field, "text") && !type)
                buf_adds(b, "\n\n");
            buf_adds(b, t->valuestring);
        }
    }
}

/* The message items' output_text parts, their refusals, and the reasoning items' summaries
 * (or their reasoning_text content, from servers that send it). */
static void read_output(const cJSON *output, struct buf *text, struct buf *refusal,
                        struct buf *reasoning)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, output)
    {
        const char *type = cJSON_GetStringValue(member(item, "type"));
        if (eq(type, "message")) {
            add_texts(text, member(item, "content"), "output_text", "text");
            add_texts(refusal, member(item, "content"), "refusal", "refusal");
        } else if (eq(type, "reasoning")) {
            size_t before = reasoning->len;
            add_texts(reasoning, member(item, "summary"), NULL, "text");
            if (reasoning->len == before)
                add_texts(reasoning, member(item, "content"), "reasoning_text", "text");
        }
    }
}

static const struct finish_map finish_table[] = {
    {"completed", "stop"},
    {"max_output_tokens", "length"},
    {"content_filter", "content_filter"},
};

static void set_usage(struct reply *r, const cJSON *u)
{
    r->input_tokens = provider_json_count(u, "input_tokens");
    r->output_tokens = provider_json_count(u, "output_tokens");
    r->reasoning_tokens =
        provider_json_count(member(u, "output_tokens_details"), "reasoning_tokens");
    r->cached_tokens = provider_json_count(member(u, "input_tokens_details"), "cached_tokens");
    if (r->input_tokens == 0 && r->output_tokens == 0)
        r->input_tokens = r->output_tokens = r->reasoning_tokens = r->cached_tokens = -1;
}

static int rs_parse(const char *body, size_t n, struct reply *r, struct buf *err)
{
    cJSON *root = cJSON_ParseWithLength(body, n);
    const cJSON *error, *output, *status, *raw;
    struct buf text = BUF_INIT, refusal = BUF_INIT, reasoning = BUF_INIT;

    reply_init(r);
    if (!cJSON_IsObject(root)) {
        buf_adds(err, root ? "reply is not a JSON object" : "reply is not valid JSON");
        goto fail;
    }
    error = member(root, "error");
    status = member(root, "status");
    if ((error && !cJSON_IsNull(error)) || eq(cJSON_GetStringValue(status), "failed")) {
        provider_error_message(root, body, n, err);
        if (!err->len)
            buf_adds(err, "the response failed");
        goto fail;
    }
    output = member(root, "output");
    if (!cJSON_IsArray(output)) {
        buf_adds(err, "reply has no output");
        goto fail;
    }
    read_output(output, &text, &refusal, &reasoning);
    if (!text.len && refusal.len)
        r->refused = 1;
    r->text = buf_detach(&text, NULL);
    r->reasoning = reasoning.len ? buf_detach(&reasoning, NULL) : NULL;
    provider_split_think(r, r->reasoning != NULL);
    /* "incomplete" says why in incomplete_details.reason; that reason is the finish */
    raw = eq(cJSON_GetStringValue(status), "incomplete")
              ? member(member(root, "incomplete_details"), "reason")
              : status;
    provider_set_finish(r, raw, finish_table, sizeof(finish_table) / sizeof(finish_table[0]));
    set_usage(r, member(root, "usage"));
    r->model = provider_json_strdup(root, "model");
    r->id = provider_json_strdup(root, "id");
    buf_release(&refusal);
    buf_release(&reasoning);
    cJSON_Delete(root);
    return 0;

fail:
    buf_release(&text);
    buf_release(&refusal);
    buf_release(&reasoning);
    cJSON_Delete(root);
    reply_release(r);
    return -1;
}

/* ---- Batch: OpenAI's Batch API with "url": "/v1/responses" ---- */

static void rs_batch_entry(const char *custom_id, const struct buf *body, struct buf *out)
{
    buf_adds(out, "{\"custom_id\":");
    buf_add_json_str(out, custom_id, strlen(custom_id));
    buf_adds(out, ",\"method\":\"POST\",\"url\":\"/v1/responses\",\"body\":");
    buf_add(out, body->s, body->len);
    buf_adds(out, "}\n");
}

static int rs_batch_judge(const cJSON *line, struct reply *r, long *status, enum failure *f,
                          struct buf *msg)
{
    return provider_openai_batch_judge(&provider_responses, line, r, status, f, msg);
}

/* ---- streaming: named events ending in response.completed / .incomplete / .failed ---- */

static void rs_stream_event(struct stream_acc *s, const char *event, const char *data, size_t n)
{
    cJSON *ev = cJSON_ParseWithLength(data, n);
    const char *type = cJSON_GetStringValue(member(ev, "type"));
    const char *delta = cJSON_GetStringValue(member(ev, "delta"));
    if (!ev)
        return;
    if (!type)
        type = event;
    if (eq(type, "error")) {
        /* {"type": "error", "code", "message", "param"}: as an error body for classify() */
        cJSON *body = cJSON_CreateObject();
        cJSON_AddItemToObject(body, "error", ev);
        cJSON_DeleteItemFromObjectCaseSensitive(ev, "type");
        cJSON_Delete(s->err);
        s->err = body;
        s->done = 1;
        return;
    }
    if (eq(type, "response.output_text.delta") && delta)
        buf_adds(&s->text, delta);
    else if (eq(type, "response.reasoning_summary_text.delta") && delta)
        buf_adds(&s->reasoning, delta);
    else if (eq(type, "response.refusal.delta") && delta)
        buf_adds(&s->refusal, delta);
    else if ((eq(type, "response.completed") || eq(type, "response.incomplete") ||
              eq(type, "response.failed")) &&
             cJSON_IsObject(member(ev, "response"))) {
        cJSON_Delete(s->msg);
        s->msg = cJSON_Duplicate(member(ev, "response"), 1);
        s->done = 1;
    }
    s->overflow |= s->text.overflow || s->reasoning.overflow || s->refusal.overflow;
    cJSON_Delete(ev);
}

/* The final response object, with the streamed text put back when the server left its
 * output out of the terminal event. */
static int rs_stream_end(struct stream_acc *s, struct buf *out)
{
    cJSON *output;
    buf_reset(out);
    if (s->err) {
        provider_add_json(out, s->err);
        return 1;
    }
    if (!s->done || s->overflow)
        return 0;
    output = cJSON_GetObjectItemCaseSensitive(s->msg, "output");
    if (!cJSON_IsArray(output) || !cJSON_GetArraySize(output)) {
        cJSON *item, *part, *content;
        cJSON_DeleteItemFromObjectCaseSensitive(s->msg, "output");
        output = cJSON_AddArrayToObject(s->msg, "output");
        if (s->reasoning.len) {
            item = cJSON_CreateObject();
            cJSON_AddStringToObject(item, "type", "reasoning");
            part = cJSON_CreateObject();
            cJSON_AddStringToObject(part, "type", "summary_text");
            cJSON_AddStringToObject(part, "text", s->reasoning.s);
            cJSON_AddItemToArray(cJSON_AddArrayToObject(item, "summary"), part);
            cJSON_AddItemToArray(output, item);
        }
        item = cJSON_CreateObject();
        cJSON_AddStringToObject(item, "type", "message");
        cJSON_AddStringToObject(item, "role", "assistant");
        content = cJSON_AddArrayToObject(item, "content");
        part = cJSON_CreateObject();
        cJSON_AddStringToObject(part, "type", s->refusal.len ? "refusal" : "output_text");
        cJSON_AddStringToObject(part, s->refusal.len ? "refusal" : "text",
                                s->refusal.len ? s->refusal.s
                                : s->text.len  ? s->text.s
                                               : "");
        cJSON_AddItemToArray(content, part);
        cJSON_AddItemToArray(output, item);
    }
    provider_add_json(out, s->msg);
    return 1;
}

const struct provider provider_responses = {
    .api = "openai-responses",
    .kind = API_OPENAI_RESPONSES,
    .path = "/responses",
    .build = rs_build,
    .headers = provider_openai_headers,
    .parse = rs_parse,
    .classify = provider_openai_classify,
    .batch = OPENAI_BATCH_SERVICE(rs_batch_entry, rs_batch_judge),
    .stream_members = ",\"stream\":true",
    .stream_event = rs_stream_event,
    .stream_end = rs_stream_end,
};
