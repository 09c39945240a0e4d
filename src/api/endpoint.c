/* endpoint.c: a model API to send prompts to, from harness/endpoints/NAME.json; the interface and
 * its rules are in endpoint.h. */
#define _GNU_SOURCE /* memmem */
#include "endpoint.h"

#include "breaker.h"
#include "err.h"
#include "jsonloc.h"
#include "provider.h"
#include "resource.h"
#include "util.h"
#include "xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

static struct srcloc loc_of(const char *path, const char *text, const char *field)
{
    struct jstep step = {field, 0};
    struct srcloc l = {path, 0, 0};
    l.line = json_line(text, strlen(text), &step, field ? 1 : 0);
    if (!l.line)
        l.line = 1;
    return l;
}

static char *get_str(cJSON *root, const char *key, const char *path, const char *text, int req,
                     int *rc)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!v) {
        if (req) {
            struct srcloc l = loc_of(path, text, NULL);
            *rc = error_at(&l, "the endpoint needs \"%s\"", key);
        }
        return NULL;
    }
    if (!cJSON_IsString(v) || !*v->valuestring) {
        struct srcloc l = loc_of(path, text, key);
        *rc = error_at(&l, "\"%s\" must be a non-empty string", key);
        return NULL;
    }
    return xstrdup(v->valuestring);
}

static double get_num(cJSON *root, const char *key, double dflt, const char *path, const char *text,
                      int *rc)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!v)
        return dflt;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0) {
        struct srcloc l = loc_of(path, text, key);
        *rc = error_at(&l, "\"%s\" must be a number of at least 0", key);
        return dflt;
    }
    return v->valuedouble;
}

static void check_known(cJSON *root, const char *path, const char *text)
{
    static const char *const known[] = {"api",
                                        "base_url",
                                        "model",
                                        "api_key_env",
                                        "params",
                                        "concurrency",
                                        "rpm",
                                        "tpm",
                                        "timeout_s",
                                        "max_retries",
                                        "price_in",
                                        "price_out",
                                        "max_tokens_field",
                                        "headers",
                                        "comment",
                                        "stream",
                                        "price_cached_in",
                                        "price_cache_write",
                                        "system",
                                        "system_role",
                                        "ca_file",
                                        "ca_path",
                                        "stop_after",
                                        "unreachable_s",
                                        "prompt_cache",
                                        "cache_ttl",
                                        NULL};
    cJSON *f;
    cJSON_ArrayForEach(f, root)
    {
        size_t i;
        for (i = 0; known[i] && strcmp(known[i], f->string); i++)
            ;
        if (!known[i]) {
            struct srcloc l = loc_of(path, text, f->string);
            warning_at(&l, "unknown field \"%s\" (ignored)", f->string);
        }
    }
}

/* A file name (with a '/' or ending in .json) as it is, else NAME through the lookup order
 * (resource.h); NULL after printing where it was looked for. */
static char *resolve_path(const char *bench, const char *name)
{
    enum res_step step;
    struct buf where = BUF_INIT;
    char *path;
    if (strchr(name, '/') || (strlen(name) > 5 && !strcmp(name + strlen(name) - 5, ".json")))
        return xstrdup(name);
    if ((path = resource_find(RES_ENDPOINT, bench, name, &step)))
        return path;
    resource_looked_at(RES_ENDPOINT, bench, name, &where);
    error("unknown endpoint '%s': no file %s", name, where.s);
    buf_release(&where);
    return NULL;
}

static void base_name(struct endpoint *e)
{
    const char *b = strrchr(e->path, '/') ? strrchr(e->path, '/') + 1 : e->path;
    size_t n = strlen(b);
    if (n > 5 && !strcmp(b + n - 5, ".json"))
        n -= 5;
    e->name = xstrndup(b, n);
}

/* A control character (CR and LF above all) would end the header line and start another:
 * header injection.  Tab is allowed, as HTTP allows it inside a value. */
static int has_control(const char *s)
{
    for (; *s; s++)
        if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
            return 1;
    return 0;
}

static int check_headers(const cJSON *headers, const char *path, const char *text)
{
    const cJSON *h;
    int rc = 0;
    cJSON_ArrayForEach(h, headers)
    {
        struct srcloc l = loc_of(path, text, "headers");
        if (!*h->string || strpbrk(h->string, ": \t") || has_control(h->string))
            rc = error_at(&l, "header name '%s' is not a valid HTTP header name", h->string);
        else if (cJSON_IsObject(h)) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(h, "env");
            if (!cJSON_IsString(v) || !*v->valuestring || cJSON_GetArraySize(h) != 1)
                rc = error_at(&l, "header '%s' must be a string or {\"env\": \"VARIABLE\"}",
                              h->string);
        } else if (!cJSON_IsString(h))
            rc = error_at(&l, "header '%s' must be a string or {\"env\": \"VARIABLE\"}", h->string);
        else if (has_control(h->valuestring))
            rc = error_at(&l, "header '%s' holds a control character (a line break?)", h->string);
    }
    return rc;
}

/* "stream": true|false at the top, else the same in params (where it was once silently
 * dropped); -1 when neither says, for provider_streams() to decide. */
static void read_stream(struct endpoint *e, cJSON *root, const char *text, int *rc)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "stream");
    const char *where = "stream";
    if (!v) {
        v = cJSON_GetObjectItemCaseSensitive(e->params, "stream");
        where = "params";
    }
    e->stream = -1;
    if (cJSON_IsBool(v)) {
        e->stream = cJSON_IsTrue(v);
    } else if (v) {
        struct srcloc l = loc_of(e->path, text, where);
        *rc = error_at(&l, "\"stream\" must be true or false");
    }
}

/* Whether base_url is OpenAI's own API (https://api.openai.com/...). */
static int official_openai(const char *url)
{
    static const char host[] = "https://api.openai.com";
    size_t n = strlen(host);
    return url && !strncasecmp(url, host, n) && strchr("/?:", url[n]) && url[n];
}

/* Prompt caching (issue 17): "prompt_cache" true|false, "cache_ttl" "5m"|"1h". */
static int read_cache(struct endpoint *e, cJSON *root, const char *text)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "prompt_cache");
    int rc = 0;
    e->prompt_cache = 1;
    if (cJSON_IsBool(v)) {
        e->prompt_cache = cJSON_IsTrue(v);
    } else if (v) {
        struct srcloc l = loc_of(e->path, text, "prompt_cache");
        rc = error_at(&l, "\"prompt_cache\" must be true or false");
    }
    e->cache_ttl = get_str(root, "cache_ttl", e->path, text, 0, &rc);
    if (e->cache_ttl && strcmp(e->cache_ttl, "5m") && strcmp(e->cache_ttl, "1h")) {
        struct srcloc l = loc_of(e->path, text, "cache_ttl");
        rc = error_at(&l, "cache_ttl is \"5m\" or \"1h\"");
    }
    return rc;
}

/* The fields of issue #14: a system message, TLS trust, the circuit breaker. */
static int read_more(struct endpoint *e, cJSON *root, const char *text)
{
    int rc = 0;
    e->system = get_str(root, "system", e->path, text, 0, &rc);
    e->system_role = get_str(root, "system_role", e->path, text, 0, &rc);
    e->ca_file = get_str(root, "ca_file", e->path, text, 0, &rc);
    e->ca_path = get_str(root, "ca_path", e->path, text, 0, &rc);
    if (e->system_role && strcmp(e->system_role, "system") && strcmp(e->system_role, "developer")) {
        struct srcloc l = loc_of(e->path, text, "system_role");
        rc = error_at(&l, "system_role is system or developer");
    }
    if (read_cache(e, root, text) < 0)
        rc = -1;
    e->stop_after = (int)get_num(root, "stop_after", BREAKER_DEFAULT_LIMIT, e->path, text, &rc);
    e->unreachable_s =
        get_num(root, "unreachable_s", BREAKER_DEFAULT_UNREACHABLE_S, e->path, text, &rc);
    if (!rc && endpoint_check_params(e, text) < 0)
        rc = -1;
    return rc;
}

static int read_fields(struct endpoint *e, cJSON *root, const char *text)
{
    int rc = 0;
    char *api = get_str(root, "api", e->path, text, 1, &rc);
    cJSON *params = cJSON_GetObjectItemCaseSensitive(root, "params");
    cJSON *headers = cJSON_GetObjectItemCaseSensitive(root, "headers");
    cJSON *mt;
    const struct provider *p = provider_named(api);
    if (p) {
        e->api = p->kind;
    } else if (api) {
        struct srcloc l = loc_of(e->path, text, "api");
        struct buf names = BUF_INIT;
        provider_names(&names);
        rc = error_at(&l, "unknown api '%s' (%s)", api, names.s);
        buf_release(&names);
    }
    free(api);
    e->base_url = get_str(root, "base_url", e->path, text, 1, &rc);
    e->model = get_str(root, "model", e->path, text, 1, &rc);
    e->api_key_env = get_str(root, "api_key_env", e->path, text, 0, &rc);
    e->max_tokens_field = get_str(root, "max_tokens_field", e->path, text, 0, &rc);
    if (!e->max_tokens_field) /* api.openai.com's reasoning models refuse max_tokens */
        e->max_tokens_field =
            xstrdup(official_openai(e->base_url) ? "max_completion_tokens" : "max_tokens");
    if (strcmp(e->max_tokens_field, "max_tokens") &&
        strcmp(e->max_tokens_field, "max_completion_tokens")) {
        struct srcloc l = loc_of(e->path, text, "max_tokens_field");
        rc = error_at(&l, "max_tokens_field is max_tokens or max_completion_tokens");
    }
    if (params && !cJSON_IsObject(params)) {
        struct srcloc l = loc_of(e->path, text, "params");
        rc = error_at(&l, "\"params\" must be an object");
    }
    e->params =
        params && cJSON_IsObject(params) ? cJSON_Duplicate(params, 1) : cJSON_CreateObject();
    if (headers && !cJSON_IsObject(headers)) {
        struct srcloc l = loc_of(e->path, text, "headers");
        rc = error_at(&l, "\"headers\" must be an object of strings");
    } else if (headers) {
        if (check_headers(headers, e->path, text) < 0)
            rc = -1;
        e->headers = cJSON_Duplicate(headers, 1);
    }
    if (read_more(e, root, text) < 0)
        rc = -1;
    /* clamped before the range checks below: 1e30 must not reach a cast to int */
    e->concurrency =
        (int)clamp_to_i64(get_num(root, "concurrency", 4, e->path, text, &rc), 0, INT_MAX, 0);
    e->rpm = get_num(root, "rpm", 0, e->path, text, &rc);
    e->tpm = get_num(root, "tpm", 0, e->path, text, &rc);
    e->timeout_s = get_num(root, "timeout_s", 600, e->path, text, &rc);
    e->max_retries =
        (int)clamp_to_i64(get_num(root, "max_retries", 8, e->path, text, &rc), 0, INT_MAX, 0);
    e->price_in = get_num(root, "price_in", -1, e->path, text, &rc);
    e->price_out = get_num(root, "price_out", -1, e->path, text, &rc);
    if (!cJSON_GetObjectItemCaseSensitive(root, "price_in"))
        e->price_in = -1;
    if (!cJSON_GetObjectItemCaseSensitive(root, "price_out"))
        e->price_out = -1;
    e->price_cached_in = cJSON_GetObjectItemCaseSensitive(root, "price_cached_in")
                             ? get_num(root, "price_cached_in", -1, e->path, text, &rc)
                             : -1;
    e->price_cache_write = cJSON_GetObjectItemCaseSensitive(root, "price_cache_write")
                               ? get_num(root, "price_cache_write", -1, e->path, text, &rc)
                               : -1;
    read_stream(e, root, text, &rc);
    if (e->concurrency < 1 || e->concurrency > 1024) {
        struct srcloc l = loc_of(e->path, text, "concurrency");
        rc = error_at(&l, "concurrency must be from 1 to 1024");
    }
    mt = cJSON_GetObjectItemCaseSensitive(e->params, "max_tokens");
    if (!mt)
        mt = cJSON_GetObjectItemCaseSensitive(e->params, "max_completion_tokens");
    if (!mt)
        mt = cJSON_GetObjectItemCaseSensitive(e->params, "max_output_tokens");
    e->max_output =
        cJSON_IsNumber(mt) ? (long)clamp_to_i64(mt->valuedouble, LONG_MIN, LONG_MAX, 0) : 0;
    if (e->base_url) { /* one spelling: no trailing slash */
        size_t n = strlen(e->base_url);
        while (n > 0 && e->base_url[n - 1] == '/')
            e->base_url[--n] = '\0';
    }
    return rc;
}

int endpoint_load(struct endpoint *e, const char *root, const char *name_or_file)
{
    struct buf text = BUF_INIT;
    cJSON *json;
    int rc;
    memset(e, 0, sizeof(*e));
    if (!(e->path = resolve_path(root, name_or_file)))
        return -1;
    base_name(e);
    if (!file_exists(e->path)) {
        error("unknown endpoint '%s': no file '%s'", name_or_file, e->path);
        endpoint_release(e);
        return -1;
    }
    if (read_file(e->path, &text) < 0 ||
        !(json = json_parse_file_text(text.s, text.len, e->path))) {
        buf_release(&text);
        endpoint_release(e);
        return -1;
    }
    if (!cJSON_IsObject(json)) {
        rc = error_at(&(struct srcloc){e->path, 1, 0}, "an endpoint is a JSON object");
    } else {
        check_known(json, e->path, text.s);
        rc = read_fields(e, json, text.s);
    }
    cJSON_Delete(json);
    buf_release(&text);
    if (rc) {
        endpoint_release(e);
        return -1;
    }
    return 0;
}

void endpoint_release(struct endpoint *e)
{
    free(e->name);
    free(e->path);
    free(e->base_url);
    free(e->model);
    free(e->api_key_env);
    free(e->max_tokens_field);
    free(e->system);
    free(e->system_role);
    free(e->ca_file);
    free(e->cache_ttl);
    free(e->ca_path);
    cJSON_Delete(e->params);
    cJSON_Delete(e->headers);
    memset(e, 0, sizeof(*e));
}

const char *endpoint_key(const struct endpoint *e)
{
    const char *k = e->api_key_env ? getenv(e->api_key_env) : NULL;
    return k && *k ? k : NULL;
}

const char *endpoint_header_value(const cJSON *h)
{
    const char *v;
    if (cJSON_IsString(h))
        return h->valuestring;
    v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "env"));
    v = v ? getenv(v) : NULL;
    return v && *v ? v : NULL;
}

int endpoint_check_key(const struct endpoint *e)
{
    const char *k = endpoint_key(e);
    const cJSON *h;
    int rc = 0;
    if (k && has_control(k))
        rc = error("the API key in $%s holds a control character (a pasted line break?); "
                   "refusing to send it",
                   e->api_key_env);
    cJSON_ArrayForEach(h, e->headers)
    {
        const char *var = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "env"));
        const char *v = endpoint_header_value(h);
        if (var && !v)
            rc = error("header '%s' takes its value from $%s, which is not set (endpoint '%s')",
                       h->string, var, e->name);
        else if (var && has_control(v))
            rc = error("header '%s': $%s holds a control character (a pasted line break?); "
                       "refusing to send it",
                       h->string, var);
    }
    return rc;
}

/* Header values that carry credentials by name; others (X-Title) are not secrets. */
static int secret_header(const char *name)
{
    static const char *const words[] = {"auth", "key", "token", "secret", "cookie", "password"};
    size_t i;
    for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        const char *p;
        for (p = name; *p; p++)
            if (!strncasecmp(p, words[i], strlen(words[i])))
                return 1;
    }
    return 0;
}

static void redact_one(struct buf *b, const char *secret)
{
    size_t n = strlen(secret), i;
    struct buf out = BUF_INIT;
    const char *hit;
    if (n < 4 || !b->len ||
        !memmem(b->s, b->len, secret, n)) /* too short to tell from ordinary text */
        return;
    for (i = 0; (hit = memmem(b->s + i, b->len - i, secret, n)); i = (size_t)(hit - b->s) + n) {
        buf_add(&out, b->s + i, (size_t)(hit - b->s) - i);
        buf_adds(&out, "[redacted]");
    }
    buf_add(&out, b->s + i, b->len - i);
    buf_reset(b);
    buf_add(b, out.s, out.len);
    buf_release(&out);
}

void endpoint_redact(const struct endpoint *e, struct buf *b)
{
    const cJSON *h;
    const char *k = endpoint_key(e);
    if (k)
        redact_one(b, k);
    cJSON_ArrayForEach(h, e->headers)
    {
        /* a value from the environment is a secret whatever the header's name */
        if ((cJSON_IsString(h) && secret_header(h->string)) ||
            (cJSON_IsObject(h) && endpoint_header_value(h))) {
            const char *v = endpoint_header_value(h), *sp = strrchr(v, ' ');
            redact_one(b, v);
            if (sp) /* "Bearer KEY": the token alone too */
                redact_one(b, sp + 1);
        }
    }
}

void endpoint_redact_message(const struct endpoint *e, struct buf *b)
{
    const cJSON *h;
    endpoint_redact(e, b);
    cJSON_ArrayForEach(h, e->headers)
    {
        const char *v = endpoint_header_value(h);
        if (v)
            redact_one(b, v);
    }
}

void endpoint_url(const struct endpoint *e, struct buf *out)
{
    const char *q = strchr(e->base_url, '?');
    size_t n = q ? (size_t)(q - e->base_url) : strlen(e->base_url);
    while (n > 0 && e->base_url[n - 1] == '/')
        n--;
    buf_add(out, e->base_url, n);
    buf_adds(out, provider_for(e->api)->path);
    if (q) /* Azure: ?api-version=... after the path */
        buf_adds(out, q);
}

void endpoint_public_json(const struct endpoint *e, struct buf *out)
{
    cJSON *o = cJSON_CreateObject();
    char *s;
    cJSON_AddStringToObject(o, "name", e->name);
    cJSON_AddStringToObject(o, "api", api_name(e->api));
    cJSON_AddStringToObject(o, "base_url", e->base_url);
    cJSON_AddStringToObject(o, "model", e->model);
    if (e->api_key_env) /* the variable's name, never its value */
        cJSON_AddStringToObject(o, "api_key_env", e->api_key_env);
    cJSON_AddItemToObject(o, "params", cJSON_Duplicate(e->params, 1));
    cJSON_AddStringToObject(o, "max_tokens_field", e->max_tokens_field);
    cJSON_AddNumberToObject(o, "concurrency", e->concurrency);
    cJSON_AddNumberToObject(o, "rpm", e->rpm);
    cJSON_AddNumberToObject(o, "tpm", e->tpm);
    cJSON_AddNumberToObject(o, "timeout_s", e->timeout_s);
    cJSON_AddNumberToObject(o, "max_retries", e->max_retries);
    /* the prices, so that `report` can give a run's cost in dollars (no secret) */
    if (e->price_in >= 0)
        cJSON_AddNumberToObject(o, "price_in", e->price_in);
    if (e->price_out >= 0)
        cJSON_AddNumberToObject(o, "price_out", e->price_out);
    if (e->headers) { /* header names only: values may carry credentials */
        cJSON *names = cJSON_AddArrayToObject(o, "headers"), *h;
        cJSON_ArrayForEach(h, e->headers)
        {
            cJSON_AddItemToArray(names, cJSON_CreateString(h->string));
        }
    }
    s = cJSON_PrintUnformatted(o);
    buf_adds(out, s);
    cJSON_free(s);
    cJSON_Delete(o);
}
