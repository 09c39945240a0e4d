/* endpoint.c: a model API to send prompts to, from harness/endpoints/NAME.json; the interface and
 * its rules are in endpoint.h. */
#define _GNU_SOURCE /* memmem */
#include "endpoint.h"

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
        else if (!cJSON_IsString(h))
            rc = error_at(&l, "header '%s' must be a string", h->string);
        else if (has_control(h->valuestring))
            rc = error_at(&l, "header '%s' holds a control character (a line break?)", h->string);
    }
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
    if (!e->max_tokens_field)
        e->max_tokens_field = xstrdup("max_tokens");
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
    if (e->concurrency < 1 || e->concurrency > 1024) {
        struct srcloc l = loc_of(e->path, text, "concurrency");
        rc = error_at(&l, "concurrency must be from 1 to 1024");
    }
    mt = cJSON_GetObjectItemCaseSensitive(e->params, "max_tokens");
    if (!mt)
        mt = cJSON_GetObjectItemCaseSensitive(e->params, "max_completion_tokens");
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
    cJSON_Delete(e->params);
    cJSON_Delete(e->headers);
    memset(e, 0, sizeof(*e));
}

const char *endpoint_key(const struct endpoint *e)
{
    const char *k = e->api_key_env ? getenv(e->api_key_env) : NULL;
    return k && *k ? k : NULL;
}

int endpoint_check_key(const struct endpoint *e)
{
    const char *k = endpoint_key(e);
    if (k && has_control(k))
        return error("the API key in $%s holds a control character (a pasted line break?); "
                     "refusing to send it",
                     e->api_key_env);
    return 0;
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
        if (cJSON_IsString(h) && secret_header(h->string)) {
            const char *v = h->valuestring, *sp = strrchr(v, ' ');
            redact_one(b, v);
            if (sp) /* "Bearer KEY": the token alone too */
                redact_one(b, sp + 1);
        }
    }
}

void endpoint_url(const struct endpoint *e, struct buf *out)
{
    buf_adds(out, e->base_url);
    buf_adds(out, provider_for(e->api)->path);
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
