/* provider.c: the API table, looked up by enum api_kind or by name, and what the APIs share
 * (finish reasons, usage estimates, batch bodies); the interface and its rules are in provider.h.
 */
#include "provider.h"

#include "context.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Error messages are stored in the run database and printed; a proxy's HTML page or a stack
 * trace must not flood either, so the fallback is short. */
#define SNIPPET_MAX 200

/* Every API, in the order provider_names() lists them. */
static const struct provider *const providers[] = {&provider_openai, &provider_anthropic,
                                                   &provider_responses};
#define NPROVIDERS (sizeof(providers) / sizeof(providers[0]))

const struct provider *provider_for(enum api_kind api)
{
    size_t i;
    for (i = 0; i < NPROVIDERS; i++)
        if (providers[i]->kind == api)
            return providers[i];
    return NULL;
}

const struct provider *provider_named(const char *name)
{
    size_t i;
    for (i = 0; name && i < NPROVIDERS; i++)
        if (!strcmp(providers[i]->api, name))
            return providers[i];
    return NULL;
}

const char *api_name(enum api_kind api)
{
    return provider_for(api)->api;
}

void provider_names(struct buf *out)
{
    size_t i;
    for (i = 0; i < NPROVIDERS; i++)
        buf_addf(out, "%s%s", i == 0 ? "" : i + 1 == NPROVIDERS ? " or " : ", ", providers[i]->api);
}

const struct provider *provider_batch_owner(const cJSON *line)
{
    /* Anthropic's shape (`result`) is tried first: a line that has both shapes has always
     * been read as Anthropic's. */
    static const struct provider *const order[] = {&provider_anthropic, &provider_openai};
    size_t i;
    for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (order[i]->batch.claims(line))
            return order[i];
    return NULL;
}

const char *failure_name(enum failure f)
{
    switch (f) {
    case FAIL_NONE:
        return "none";
    case FAIL_RETRY:
        return "retry";
    case FAIL_RATE:
        return "rate_limit";
    case FAIL_OVERLOAD:
        return "overloaded";
    case FAIL_TOO_LONG:
        return "too_long";
    case FAIL_BAD_REQUEST:
        return "bad_request";
    case FAIL_AUTH:
        return "auth";
    case FAIL_QUOTA:
        return "quota";
    }
    return "unknown";
}

void reply_init(struct reply *r)
{
    memset(r, 0, sizeof(*r));
    r->input_tokens = r->output_tokens = r->reasoning_tokens = r->cached_tokens = -1;
    r->cache_write_tokens = -1;
}

void reply_release(struct reply *r)
{
    free(r->text);
    free(r->reasoning);
    free(r->finish);
    free(r->finish_raw);
    free(r->model);
    free(r->id);
    free(r->request_id);
    free(r->stop_details);
    reply_init(r);
}

void provider_add_member(struct buf *body, const char *name, const cJSON *v)
{
    buf_addch(body, ',');
    buf_add_json_str(body, name, strlen(name));
    buf_addch(body, ':');
    provider_add_json(body, v);
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Bounded, case-insensitive search: bodies are not NUL-terminated and may hold NULs. */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle), i, j;
    if (m > n)
        return NULL;
    for (i = 0; i + m <= n; i++) {
        for (j = 0; j < m && lower((unsigned char)s[i + j]) == lower((unsigned char)needle[j]); j++)
            ;
        if (j == m)
            return s + i;
    }
    return NULL;
}

int provider_mentions(const char *s, const char *needle)
{
    return s && find_ci(s, strlen(s), needle) != NULL;
}

int provider_mentions_n(const char *s, size_t n, const char *needle)
{
    return s && find_ci(s, n, needle) != NULL;
}

int provider_says_too_long(const char *message)
{
    /* OpenAI and vLLM: "This model's maximum context length is N tokens"; OpenAI code text
     * "context_length_exceeded"; llama.cpp: "exceeds the available context size"; Anthropic:
     * "prompt is too long: N tokens > M maximum" and "input length and `max_tokens` exceed
     * context limit"; Bedrock: "Input is too long for requested model" */
    static const char *const words[] = {"context length",     "context_length",   "maximum context",
                                        "context size",       "context window",   "context limit",
                                        "prompt is too long", "input is too long"};
    size_t i;
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (provider_mentions(message, words[i]))
            return 1;
    return 0;
}

static int name_eq_ci(const char *a, const char *b)
{
    for (; *a && lower((unsigned char)*a) == lower((unsigned char)*b); a++, b++)
        ;
    return *a == *b;
}

int provider_header_set(const struct endpoint *e, const char *name)
{
    const cJSON *h;
    if (!cJSON_IsObject(e->headers))
        return 0;
    cJSON_ArrayForEach(h, e->headers)
    {
        if (h->string && name_eq_ci(h->string, name))
            return 1;
    }
    return 0;
}

void provider_extra_headers(const struct endpoint *e, void (*add)(void *ctx, const char *line),
                            void *ctx)
{
    const cJSON *h;
    struct buf line = BUF_INIT;
    if (!cJSON_IsObject(e->headers))
        return;
    cJSON_ArrayForEach(h, e->headers)
    {
        const char *v = endpoint_header_value(h); /* {"env": NAME}: read now, never kept */
        if (!v || !h->string || !*h->string || strpbrk(v, "\r\n") || strpbrk(h->string, "\r\n:"))
            continue;
        buf_reset(&line);
        buf_addf(&line, "%s: %s", h->string, v);
        add(ctx, line.s);
        memset(line.s, 0, line.len); /* a header may carry a key */
    }
    buf_release(&line);
}

int64_t provider_json_count(const cJSON *obj, const char *name)
{
    const cJSON *v;
    if (!cJSON_IsObject(obj))
        return -1;
    v = cJSON_GetObjectItemCaseSensitive(obj, name);
    /* 9e18 keeps the conversion inside int64_t */
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > 9e18)
        return -1;
    return (int64_t)v->valuedouble;
}

char *provider_json_strdup(const cJSON *obj, const char *name)
{
    const cJSON *v;
    if (!cJSON_IsObject(obj))
        return NULL;
    v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

/* Appends text with control characters turned into spaces and runs of spaces squeezed, cut
 * at `max` bytes without splitting a UTF-8 sequence: HTML and plain-text bodies from proxies
 * become one readable line. */
static void add_clean(struct buf *msg, const char *s, size_t n, size_t max)
{
    size_t i, start = msg->len;
    int space = 1; /* drops leading blanks */
    if (n > max) {
        /* back off while the first byte left out continues a sequence */
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F || c == ' ') {
            if (!space)
                buf_addch(msg, ' ');
            space = 1;
        } else {
            buf_addch(msg, (char)c);
            space = 0;
        }
    }
    while (msg->len > start && msg->s[msg->len - 1] == ' ')
        buf_setlen(msg, msg->len - 1);
}

void provider_error_message(const cJSON *root, const char *body, size_t n, struct buf *msg)
{
    const cJSON *err, *v;
    const char *t, *end;
    if (cJSON_IsObject(root)) {
        err = cJSON_GetObjectItemCaseSensitive(root, "error");
        if (cJSON_IsObject(err)) {
            v = cJSON_GetObjectItemCaseSensitive(err, "message");
            if (cJSON_IsString(v) && *v->valuestring) {
                buf_adds(msg, v->valuestring);
                return;
            }
            /* no message: the code or type still says more than the raw body */
            v = cJSON_GetObjectItemCaseSensitive(err, "code");
            if (!cJSON_IsString(v))
                v = cJSON_GetObjectItemCaseSensitive(err, "type");
            if (cJSON_IsString(v) && *v->valuestring) {
                buf_adds(msg, v->valuestring);
                return;
            }
        } else if (cJSON_IsString(err) && *err->valuestring) {
            buf_adds(msg, err->valuestring);
            return;
        }
        /* FastAPI validation errors: {"detail": "..."} or {"detail": [{"msg": ...}]} */
        v = cJSON_GetObjectItemCaseSensitive(root, "detail");
        if (cJSON_IsArray(v))
            v = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(v, 0), "msg");
        if (!cJSON_IsString(v) || !*v->valuestring)
            v = cJSON_GetObjectItemCaseSensitive(root, "message"); /* API gateways */
        if (cJSON_IsString(v) && *v->valuestring) {
            buf_adds(msg, v->valuestring);
            return;
        }
    }
    if (!body || !n)
        return;
    /* an HTML error page says it all in its title ("502 Bad Gateway") */
    if ((t = find_ci(body, n, "<title>")) != NULL) {
        t += strlen("<title>");
        end = find_ci(t, n - (size_t)(t - body), "</title>");
        if (end && end > t) {
            add_clean(msg, t, (size_t)(end - t), SNIPPET_MAX);
            return;
        }
    }
    add_clean(msg, body, n, SNIPPET_MAX);
}

enum failure provider_by_status(long status, int too_long, int overloaded)
{
    if (status == 402)
        return FAIL_QUOTA;
    if (status == 401 || status == 403)
        return FAIL_AUTH;
    if (status == 408 || status == 409)
        return FAIL_RETRY;
    if (status >= 400 && status < 500)
        return too_long ? FAIL_TOO_LONG : FAIL_BAD_REQUEST;
    if (status == 503 || status == 529 || (status >= 500 && overloaded))
        return FAIL_OVERLOAD;
    if (status >= 500)
        return FAIL_RETRY;
    return FAIL_BAD_REQUEST; /* 1xx/3xx: a wrong base_url, which waiting will not fix */
}

void provider_add_system_message(struct buf *body, const struct endpoint *e, const char *prompt,
                                 size_t len)
{
    const char *role = e->system_role ? e->system_role : "system";
    if (!e->system) {
        provider_add_messages(body, prompt, len);
        return;
    }
    buf_adds(body, ",\"messages\":[{\"role\":");
    buf_add_json_str(body, role, strlen(role));
    buf_adds(body, ",\"content\":");
    buf_add_json_str(body, e->system, strlen(e->system));
    buf_adds(body, "},{\"role\":\"user\",\"content\":");
    buf_add_json_str(body, prompt, len);
    buf_adds(body, "}]");
}

void provider_add_cache_key(struct buf *body, const struct endpoint *e, const struct prompt_req *pr)
{
    if (!pr->cache_key || cJSON_GetObjectItemCaseSensitive(e->params, "prompt_cache_key"))
        return;
    buf_adds(body, ",\"prompt_cache_key\":");
    buf_add_json_str(body, pr->cache_key, strlen(pr->cache_key));
}

void provider_add_messages(struct buf *body, const char *prompt, size_t len)
{
    buf_adds(body, ",\"messages\":[{\"role\":\"user\",\"content\":");
    buf_add_json_str(body, prompt, len);
    buf_adds(body, "}]");
}

uint64_t text_tokens(const char *s, size_t n)
{
    return token_estimate_text(s, n);
}

int reply_estimate_usage(struct reply *r, int64_t prompt_tokens)
{
    int est = 0;
    if (r->input_tokens < 0 && prompt_tokens >= 0)
        r->input_tokens = prompt_tokens, est = 1;
    if (r->output_tokens < 0)
        r->output_tokens = r->text ? (int64_t)text_tokens(r->text, strlen(r->text)) : 0, est = 1;
    return est;
}

void provider_set_finish(struct reply *r, const cJSON *raw, const struct finish_map *map, size_t n)
{
    size_t i;
    const char *norm = "other";
    if (cJSON_IsString(raw)) {
        r->finish_raw = xstrdup(raw->valuestring);
        for (i = 0; i < n; i++)
            if (!strcmp(raw->valuestring, map[i].raw))
                norm = map[i].norm;
    }
    r->finish = xstrdup(norm);
    r->truncated = !strcmp(norm, "length");
    /* a filtered or refused answer is the server's verdict, not a wrong answer */
    r->refused = r->refused || !strcmp(norm, "content_filter") || !strcmp(norm, "refusal");
}

void stream_acc_init(struct stream_acc *s, size_t max)
{
    memset(s, 0, sizeof(*s));
    s->msg = cJSON_CreateObject();
    buf_init(&s->text, 0);
    buf_init(&s->reasoning, 0);
    buf_init(&s->refusal, 0);
    buf_init(&s->other, 0);
    s->text.max = s->reasoning.max = s->refusal.max = s->other.max = max;
    s->block = -1;
}

void stream_acc_release(struct stream_acc *s)
{
    cJSON_Delete(s->msg);
    cJSON_Delete(s->err);
    buf_release(&s->text);
    buf_release(&s->reasoning);
    buf_release(&s->refusal);
    buf_release(&s->other);
    memset(s, 0, sizeof(*s));
}

int provider_streams(const struct endpoint *e)
{
    if (e->stream >= 0)
        return e->stream;
    return e->api == API_ANTHROPIC_MESSAGES && e->max_output > ANTHROPIC_STREAM_ABOVE;
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return s;
}

static char *trimmed_dup(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return n ? xstrndup(s, n) : NULL;
}

void provider_add_reasoning(struct reply *r, char *more)
{
    struct buf b = BUF_INIT;
    if (!more)
        return;
    if (!r->reasoning) {
        r->reasoning = more;
        return;
    }
    buf_adds(&b, r->reasoning);
    buf_adds(&b, "\n\n");
    buf_adds(&b, more);
    free(r->reasoning);
    free(more);
    r->reasoning = buf_detach(&b, NULL);
}

/* Servers without a reasoning parser leave the model's <think>...</think> in content, and some
 * leak unfinished thinking there when the limit cuts it (WIRE.md 2.4).  Chat templates that
 * open the tag in the prompt (DeepSeek-R1, Qwen3) leave only the closing tag; that form is
 * split only when the server gave no reasoning field, since then nothing else explains it. */
void provider_split_think(struct reply *r, int had_field)
{
    static const char open_tag[] = "<think>", close_tag[] = "</think>";
    const char *s, *body, *close;
    char *rest;
    if (!r->text)
        return;
    s = skip_space(r->text);
    if (!strncmp(s, open_tag, strlen(open_tag))) {
        body = s + strlen(open_tag);
        close = strstr(body, close_tag);
    } else if (!had_field && (close = strstr(r->text, close_tag)) != NULL) {
        body = r->text;
    } else {
        return;
    }
    if (close) {
        provider_add_reasoning(r, trimmed_dup(body, (size_t)(close - body)));
        rest = xstrdup(skip_space(close + strlen(close_tag)));
    } else {
        provider_add_reasoning(r, trimmed_dup(body, strlen(body)));
        rest = xstrdup("");
    }
    free(r->text);
    r->text = rest;
}

void provider_add_json(struct buf *out, const cJSON *v)
{
    char *s;
    if (!v) {
        buf_adds(out, "{}");
        return;
    }
    s = cJSON_PrintUnformatted(v);
    if (!s) {
        /* cJSON fails only when malloc does; xalloc's policy is to abort then */
        fputs("fatal: out of memory printing JSON\n", stderr);
        abort();
    }
    buf_adds(out, s);
    cJSON_free(s);
}

void provider_batch_body(const cJSON *v, struct buf *body)
{
    buf_reset(body);
    if (cJSON_IsString(v))
        buf_adds(body, v->valuestring);
    else if (v)
        provider_add_json(body, v);
}

int provider_batch_reply(const struct provider *p, long status, const struct buf *body,
                         struct reply *r, enum failure *f, struct buf *msg)
{
    struct buf err = BUF_INIT;
    int ok = 0;
    if (status >= 200 && status < 300 && p->parse(body->s, body->len, r, &err) == 0) {
        ok = 1;
    } else {
        *f = p->classify(status, body->s, body->len, msg);
        if (err.len && !msg->len)
            buf_adds(msg, err.s);
    }
    buf_release(&err);
    return ok;
}
