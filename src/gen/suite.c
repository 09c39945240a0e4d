/* suite.c: the instance format — one JSON object a line — written by generate and gold; the
 * interface and its rules are in suite.h. */
#define _GNU_SOURCE /* memmem */
#include "suite.h"

#include "gold.h"
#include "meter.h"
#include "nearmiss.h"
#include "query.h"
#include "schema.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <string.h>

#include "banned.h"

static void add_key(struct buf *b, const char *key)
{
    buf_addch(b, ',');
    buf_add_json_str(b, key, strlen(key));
    buf_addch(b, ':');
}

static void add_str(struct buf *b, const char *key, const char *value)
{
    add_key(b, key);
    buf_add_json_str(b, value, strlen(value));
}

void instance_id(struct buf *b, const char *query_id, uint64_t length, const uint64_t *amount,
                 const char *density, int position, uint64_t seed)
{
    buf_adds(b, query_id);
    buf_addch(b, '-');
    fmt_size(b, length);
    if (amount) {
        buf_adds(b, "-a");
        fmt_size(b, *amount);
    } else {
        buf_addf(b, "-d%s", density);
    }
    buf_addf(b, "-%s-s%llu", position_name(position), (unsigned long long)seed);
}

static void write_query(struct buf *b, const struct instance_out *in)
{
    const struct query *q = in->q;
    size_t i;
    add_str(b, "query_id", q->id);
    add_str(b, "question", q->question);
    add_str(b, "sql", q->sql);
    add_key(b, "params");
    buf_addch(b, '{');
    for (i = 0; i < q->nparams; i++) {
        if (i)
            buf_addch(b, ',');
        buf_add_json_str(b, q->params[i].name, strlen(q->params[i].name));
        buf_addch(b, ':');
        cell_json(b, &q->params[i].value);
    }
    buf_addch(b, '}');
    add_key(b, "types");
    buf_add_json_strv(b, q->types, q->ntypes);
    add_str(b, "difficulty", q->difficulty);
    add_key(b, "tables");
    buf_addch(b, '[');
    for (i = 0; i < q->ntables; i++) {
        const char *n = in->s->tables[q->tables[i]].name;
        if (i)
            buf_addch(b, ',');
        buf_add_json_str(b, n, strlen(n));
    }
    buf_addch(b, ']');
}

static void write_setting(struct buf *b, const struct instance_out *in)
{
    buf_addf(b, ",\"target_tokens\":%llu", (unsigned long long)in->length);
    if (in->amount)
        buf_addf(b, ",\"info_tokens\":%llu", (unsigned long long)*in->amount);
    else
        buf_addf(b, ",\"density\":%s", in->density);
    buf_addf(b, ",\"position\":\"%s\",\"seed\":%llu", position_name(in->position),
             (unsigned long long)in->seed);
    buf_addf(b, ",\"context_tokens\":%llu,\"info_tokens_actual\":%llu",
             (unsigned long long)in->context_tokens, (unsigned long long)in->info_tokens);
    if (in->meter && in->meter->kind == METER_TOKENIZER)
        buf_addf(b, ",\"line_tokens\":%llu", (unsigned long long)in->line_tokens);
    if (in->short_info || in->short_context) {
        buf_adds(b, ",\"shortfall\":{");
        if (in->short_info)
            buf_addf(b, "\"info\":%llu", (unsigned long long)in->short_info);
        if (in->short_context)
            buf_addf(b, "%s\"context\":%llu", in->short_info ? "," : "",
                     (unsigned long long)in->short_context);
        buf_addch(b, '}');
    }
    if (in->distractors)
        add_str(b, "distractors", in->distractors);
    if (in->overlap)
        buf_addf(b, ",\"overlap\":{\"answer\":%.4f,\"distractors\":%.4f}", in->overlap[0],
                 in->overlap[1]);
    if (in->context_id)
        add_str(b, "context_id", in->context_id);
    if (in->fit)
        buf_addf(b,
                 ",\"fit\":{\"window\":%llu,\"reserve_output\":%llu,\"prompt_frame\":%llu,"
                 "\"context_target\":%llu,\"prompt_tokens\":%llu}",
                 (unsigned long long)in->fit->window, (unsigned long long)in->fit->reserve,
                 (unsigned long long)in->fit->frame, (unsigned long long)in->fit->context_target,
                 (unsigned long long)(in->context_tokens + in->fit->frame));
}

static void write_generator(struct buf *b, const struct schema *s, const struct meter *m)
{
    buf_addf(b, ",\"generator\":{\"name\":\"holobench\",\"version\":\"%s\",", HB_VERSION);
    if (m && m->kind != METER_ESTIMATOR) {
        meter_json(m, b);
    } else {
        buf_adds(b, "\"token_estimator\":");
        buf_add_json_str(b, TOKEN_ESTIMATOR, strlen(TOKEN_ESTIMATOR));
    }
    if (s->generated)
        buf_addf(b, ",\"data\":\"generated\",\"scale\":%g,\"data_seed\":%llu}", s->scale,
                 (unsigned long long)s->data_seed);
    else
        buf_adds(b, ",\"data\":\"files\"}");
}

static void write_lines(struct buf *b, const struct instance_out *in)
{
    size_t i;
    if (in->distractors) {
        add_key(b, "row_roles");
        buf_addch(b, '[');
        for (i = 0; i < in->nlines; i++) {
            buf_adds(b, i ? ",\"" : "\"");
            buf_adds(b, row_role_name(in->roles[i]));
            buf_addch(b, '"');
        }
        buf_addch(b, ']');
    }
    add_key(b, "rows");
    buf_addch(b, '[');
    for (i = 0; i < in->nlines; i++) {
        const struct table *t = &in->s->tables[in->rows[i].table];
        buf_adds(b, i ? ",[" : "[");
        buf_add_json_str(b, t->name, strlen(t->name));
        buf_addch(b, ',');
        table_key_json(t, in->rows[i].row, b);
        buf_addch(b, ']');
    }
    buf_addch(b, ']');
    add_key(b, "row_templates");
    buf_addch(b, '[');
    for (i = 0; i < in->nlines; i++)
        buf_addf(b, i ? ",%u" : "%u", in->tmpl[i]);
    buf_addch(b, ']');
    add_key(b, "context");
    buf_addch(b, '"');
    for (i = 0; i < in->nlines; i++) {
        if (i)
            buf_adds(b, "\\n");
        buf_add(b, in->text[i], in->text_len[i]);
    }
    buf_addch(b, '"');
}

void instance_write(struct buf *b, const struct instance_out *in)
{
    buf_adds(b, "{\"id\":");
    buf_add_json_str(b, in->id, strlen(in->id));
    add_str(b, "schema", in->s->name);
    add_str(b, "schema_hash", in->s->hash);
    write_query(b, in);
    write_setting(b, in);
    add_key(b, "gold");
    gold_json(b, in->gold);
    write_generator(b, in->s, in->meter);
    write_lines(b, in);
    buf_adds(b, "}\n");
}

/* ---- reading -------------------------------------------------------------------------------- */

/* The closing quote of the string whose contents start at p (memchr, not a byte loop:
 * contexts are hundreds of kilobytes). */
static const char *string_end(const char *p, const char *end)
{
    for (;;) {
        const char *q = memchr(p, '"', (size_t)(end - p));
        size_t bs = 0;
        if (!q)
            return NULL;
        while (q - bs > p && q[-1 - (long)bs] == '\\')
            bs++;
        if (bs % 2 == 0)
            return q;
        p = q + 1;
    }
}

/* Skips one JSON value at p; returns the byte after it, or NULL when malformed. */
const char *json_skip_value(const char *p, const char *end)
{
    int depth = 0;
    if (p >= end)
        return NULL;
    if (*p != '"' && *p != '[' && *p != '{') {
        while (p < end && *p != ',' && *p != ']' && *p != '}')
            p++;
        return p;
    }
    while (p < end) {
        if (*p == '"') {
            if (!(p = string_end(p + 1, end)))
                return NULL;
            if (!depth)
                return p + 1;
        } else if (*p == '[' || *p == '{') {
            depth++;
        } else if (*p == ']' || *p == '}') {
            depth--;
        }
        p++;
        if (!depth)
            return p;
    }
    return NULL;
}

/* Finds the span of member `key` (`,"key":` at the top level of holobench's layout) in
 * [p, end): the value's first byte and the byte after it. */
static int member(const char *p, const char *end, const char *key, const char **v,
                  const char **vend)
{
    size_t klen = strlen(key);
    const char *k = memmem(p, (size_t)(end - p), key, klen);
    if (!k)
        return -1;
    *v = k + klen;
    *vend = json_skip_value(*v, end);
    return *vend ? 0 : -1;
}

/* Parses an instance line.  rows, row_templates and context, nearly all of its bytes, are
 * not turned into a tree: in holobench's layout they are the last three members, so the
 * rest is parsed alone and the three are kept as JSON text.  A line in another layout is
 * parsed whole and the three printed again into `own`. */
cJSON *instance_parse(const char *text, size_t len, struct instance_text *in, struct buf *own)
{
    const char *end = text + len, *rv, *re, *tv, *te, *cv, *ce;
    cJSON *j, *m;
    if (!member(text, end, "},\"rows\":", &rv, &re) &&
        !member(re, end, ",\"row_templates\":", &tv, &te) &&
        !member(te, end, ",\"context\":", &cv, &ce) && ce == end - 1 && *ce == '}' && *cv == '"') {
        struct buf head = BUF_INIT;
        buf_add(&head, text, (size_t)(rv - text) - strlen("\"rows\":") - 1);
        buf_addch(&head, '}');
        j = cJSON_Parse(head.s);
        buf_release(&head);
        if (j) { /* else `},"rows":` was not the top level's: parse the whole line */
            in->rows = rv, in->rows_len = (size_t)(re - rv);
            in->tmpl = tv, in->tmpl_len = (size_t)(te - tv);
            in->context = cv + 1, in->context_len = (size_t)(ce - cv - 2);
            return j;
        }
    }
    if (!(j = cJSON_ParseWithLength(text, len)))
        return NULL;
    /* another layout: print the three members into `own` (offsets, as `own` may move) */
    {
        size_t off[3], ln[3], i;
        static const char *const names[] = {"rows", "row_templates", "context"};
        for (i = 0; i < 3; i++) {
            char *p;
            m = cJSON_GetObjectItemCaseSensitive(j, names[i]);
            /* a member of the wrong type reads as missing: the spans below assume its shape */
            p = (i == 2 ? cJSON_IsString(m) : cJSON_IsArray(m)) ? cJSON_PrintUnformatted(m) : NULL;
            off[i] = own->len;
            buf_adds(own, p ? p : (i == 2 ? "\"\"" : "[]"));
            ln[i] = own->len - off[i];
            cJSON_free(p);
        }
        in->rows = own->s + off[0], in->rows_len = ln[0];
        in->tmpl = own->s + off[1], in->tmpl_len = ln[1];
        in->context = own->s + off[2] + 1, in->context_len = ln[2] - 2;
    }
    return j;
}

int instance_line_id(const char *line, size_t len, struct buf *id)
{
    static const char prefix[] = "{\"id\":\"";
    const size_t np = sizeof(prefix) - 1;
    const char *end =
        len > np && !memcmp(line, prefix, np) ? memchr(line + np, '"', len - np) : NULL;
    struct instance_text big;
    struct buf own = BUF_INIT;
    cJSON *head;
    const cJSON *j;
    int rc = -1;
    buf_reset(id);
    if (end && !memchr(line + np, '\\', (size_t)(end - line) - np)) {
        buf_add(id, line + np, (size_t)(end - line) - np); /* the fast path, no parsing */
        return 0;
    }
    head = instance_parse(line, len, &big, &own);
    j = cJSON_GetObjectItemCaseSensitive(head, "id");
    if (cJSON_IsString(j))
        buf_adds(id, j->valuestring), rc = 0;
    cJSON_Delete(head);
    buf_release(&own);
    return rc;
}
