/* meter.c: how lengths are measured — the estimator, a tokenizer file or a calibration; the
 * interface and its rules are in meter.h. */
#include "meter.h"

#include "context.h"
#include "err.h"
#include "jsonloc.h"
#include "resource.h"
#include "sha256.h"
#include "tokenizer.h"
#include "util.h"
#include "value.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static void file_sha256(const struct buf *text, char out[65])
{
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_LEN];
    sha256_init(&c);
    sha256_update(&c, text->s, text->len);
    sha256_final(&c, d);
    sha256_hex(d, out);
}

static int load_calibration(struct meter *m, const struct buf *text)
{
    cJSON *j = cJSON_ParseWithLength(text->s, text->len), *s;
    const cJSON *schemas;
    const char *base = strrchr(m->path, '/') ? strrchr(m->path, '/') + 1 : m->path;
    int rc = 0;
    m->slope = json_num(j, "slope", NAN);
    m->overhead = json_num(j, "overhead", 0);
    m->error = json_num(j, "relative_error", NAN);
    if (!cJSON_IsObject(j) || !(m->slope > 0) || m->slope > 100)
        rc = error("'%s' is not a calibration: it needs a \"slope\" above 0 (write one with "
                   "`holobench calibrate -o FILE`)",
                   m->path);
    if (!rc && json_str(j, "measured_with") &&
        strcmp(json_str(j, "measured_with"), "the estimator"))
        rc = error("'%s' calibrates %s, not the estimator: calibrated:FILE scales the estimate, so "
                   "run calibrate without --tokenizer",
                   m->path, json_str(j, "measured_with"));
    schemas = cJSON_GetObjectItemCaseSensitive(j, "schemas");
    cJSON_ArrayForEach(s, schemas)
    {
        double sl = json_num(s, "slope", NAN);
        if (!s->string || !(sl > 0) || sl > 100)
            continue;
        m->schemas = xrealloc(m->schemas, (m->nschemas + 1) * sizeof(*m->schemas));
        m->schemas[m->nschemas].schema = xstrdup(s->string);
        m->schemas[m->nschemas].slope = sl;
        m->schemas[m->nschemas++].overhead = json_num(s, "overhead", m->overhead);
    }
    cJSON_Delete(j);
    m->name = xmalloc(strlen(base) + sizeof("calibrated:"));
    memcpy(m->name, "calibrated:", sizeof("calibrated:") - 1);
    memcpy(m->name + sizeof("calibrated:") - 1, base, strlen(base) + 1);
    return rc;
}

/* A name looked up is the name; a tokenizer.json by path is named after its folder, past
 * folders with generic names (".../tokenizer-qwen3/models/tokenizer.json": tokenizer-qwen3). */
static char *tokenizer_display_name(const char *spec, const char *path, const char *own)
{
    static const char *const generic[] = {"models", "model", "tokenizer", "tokenizers"};
    const char *end, *start;
    size_t i;
    if (!strchr(spec, '/') && !strstr(spec, ".tiktoken") && !strstr(spec, ".json"))
        return xstrdup(spec);
    if (strcmp(own, "tokenizer") || !(end = strrchr(path, '/')))
        return xstrdup(own);
    for (;;) {
        for (start = end; start > path && start[-1] != '/'; start--)
            ;
        for (i = 0; i < 4; i++)
            if ((size_t)(end - start) == strlen(generic[i]) &&
                !strncmp(start, generic[i], (size_t)(end - start)))
                break;
        if (i == 4 || start == path)
            break;
        end = start - 1; /* the folder above */
    }
    if (end == start || (end - start <= 2 && start[0] == '.' && end[-1] == '.'))
        return xstrdup(own); /* "", "." or ".." say nothing */
    return xstrndup(start, (size_t)(end - start));
}

int meter_open(struct meter *m, const char *spec, const char *bench)
{
    struct buf looked = BUF_INIT, text = BUF_INIT;
    int calibrated = spec && !strncmp(spec, "calibrated:", 11);
    memset(m, 0, sizeof(*m));
    m->slope = 1;
    if (!spec)
        return 0;
    if (!spec[calibrated ? 11 : 0])
        return error("--tokenizer: give a name, a file or calibrated:FILE");
    m->path = calibrated ? xstrdup(spec + 11) : resource_find_tokenizer(bench, spec, &looked);
    if (!m->path) {
        error("--tokenizer: no tokenizer named '%s' (looked for %s.tiktoken and "
              "%s/tokenizer.json in %s); give a file's path",
              spec, spec, spec, looked.s ? looked.s : "no folder");
        buf_release(&looked);
        return -1;
    }
    buf_release(&looked);
    if (read_file(m->path, &text) < 0)
        return -1;
    file_sha256(&text, m->sha256);
    if (calibrated) {
        m->kind = METER_CALIBRATED;
        calibrated = load_calibration(m, &text);
        buf_release(&text);
        return calibrated;
    }
    buf_release(&text);
    m->kind = METER_TOKENIZER;
    if (!(m->tok = tokenizer_load(m->path)))
        return -1;
    m->name = tokenizer_display_name(spec, m->path, tokenizer_name(m->tok));
    return 0;
}

void meter_close(struct meter *m)
{
    size_t i;
    if (m->tok)
        tokenizer_free(m->tok);
    for (i = 0; i < m->nschemas; i++)
        free(m->schemas[i].schema);
    free(m->schemas);
    free(m->name);
    free(m->path);
    memset(m, 0, sizeof(*m));
}

double meter_slope(const struct meter *m, const char *schema, double *overhead)
{
    size_t i;
    for (i = 0; schema && i < m->nschemas; i++)
        if (!strcmp(m->schemas[i].schema, schema)) {
            if (overhead)
                *overhead = m->schemas[i].overhead;
            return m->schemas[i].slope;
        }
    if (overhead)
        *overhead = m->kind == METER_CALIBRATED ? m->overhead : 0;
    return m->kind == METER_CALIBRATED ? m->slope : 1;
}

/* Rounded to the nearest: over a context's hundreds of lines the errors cancel. */
static uint32_t scaled(uint32_t est, double slope)
{
    double v = floor((double)est * slope + 0.5);
    return v < 1 ? 1 : v > (double)UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

void meter_line(const struct meter *m, double slope, const char *s, size_t n,
                struct line_measure *out)
{
    if (m && m->kind == METER_TOKENIZER) {
        /* the line and its newline, counted in one pass: the newline is appended in place */
        size_t nl;
        char stack[1024], *buf = n < sizeof(stack) ? stack : xmalloc(n + 1);
        memcpy(buf, s, n);
        buf[n] = '\n';
        nl = tokenizer_count(m->tok, buf, n + 1);
        out->alone = (uint32_t)tokenizer_count(m->tok, s, n);
        out->nl = (uint32_t)nl;
        out->cost = out->nl > out->alone ? out->nl : out->alone;
        if (buf != stack)
            free(buf);
        return;
    }
    out->cost = token_estimate(s, n);
    if (m && m->kind == METER_CALIBRATED)
        out->cost = scaled(out->cost, slope);
    out->nl = out->alone = out->cost;
}

uint64_t meter_text(const struct meter *m, const char *s, size_t n)
{
    uint64_t t;
    double over = 0, slope = 1;
    if (m && m->kind == METER_TOKENIZER)
        return tokenizer_count(m->tok, s, n);
    if (m && m->kind == METER_CALIBRATED)
        slope = meter_slope(m, NULL, &over);
    t = token_estimate_text(s, n);
    return m && m->kind == METER_CALIBRATED ? (uint64_t)llround((double)t * slope + over) : t;
}

void meter_json(const struct meter *m, struct buf *b)
{
    const char *base;
    if (!m || m->kind == METER_ESTIMATOR)
        return;
    base = strrchr(m->path, '/') ? strrchr(m->path, '/') + 1 : m->path;
    buf_adds(b, "\"tokenizer\":{\"name\":");
    buf_add_json_str(b, m->name, strlen(m->name));
    buf_adds(b, ",\"file\":");
    buf_add_json_str(b, base, strlen(base));
    buf_addf(b, ",\"sha256\":\"%s\"", m->sha256);
    if (m->kind == METER_CALIBRATED) {
        buf_adds(b, ",\"slope\":");
        format_real(b, m->slope);
        buf_adds(b, ",\"overhead\":");
        format_real(b, m->overhead);
    }
    buf_addch(b, '}');
}

void meter_describe(const struct meter *m, struct buf *b)
{
    if (!m || m->kind == METER_ESTIMATOR)
        buf_adds(b, "the estimator");
    else
        buf_addf(b, "%s (sha256 %.12s…)", m->name, m->sha256);
}
