/* regold.c: brings an existing suite up to date with the current schemas and queries, from each
 * instance's recorded provenance (rows, row_templates, seed, setting); the interface and its rules
 * are in regold.h. */
#include "regold.h"

#include "context.h"
#include "err.h"
#include "gold.h"
#include "nearmiss.h"
#include "jsonloc.h"
#include "meter.h"
#include "prng.h"
#include "query.h"
#include "schema.h"
#include "suite.h"
#include "tokenizer.h"
#include "util.h"
#include "verbalize.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* ---- loaded schemas, keyed by how their rows were made ------------------------------------ */

/* A row's line as last rendered, escaped: rows recur across the positions and lengths of
 * a suite, so each is rendered once per template. */
struct rcache {
    char *esc;
    char *raw; /* with a tokenizer: the line as it is, for counting the joined context */
    uint32_t len, cost, tmpl, raw_len;
    int have;
};

struct sctx {
    char *name;
    int generated;
    double scale;
    uint64_t data_seed;
    int ok;
    struct schema s;
    struct query_set qs;
    int *analyzed; /* per query: 1 ok, -1 failed */
    struct gold_db *gdb;
    struct rcache **rc; /* per table, per row; allocated on first use */
    const struct meter *m;
    double slope; /* the meter's, for this schema */
    /* lines replaced in the cache while an instance still borrows them (a row listed twice
     * with two templates): freed when the instance is done */
    char **retired;
    size_t nretired, aretired;
};

/* The last gold computed: the positions of one grid point share their relevant rows, and
 * they are consecutive in a suite. */
struct gold_cache {
    const struct query *q;
    uint64_t key; /* hash of the sorted relevant rows */
    int valid;
    struct gold gold;
    cJSON *json;
};

struct regold {
    const struct regold_opts *o;
    struct sctx *ctx;
    size_t nctx, alloc;
    struct buf line, report, scratch;
    struct gold_cache gc;
};

static struct sctx *load_ctx(struct regold *R, const char *name, int generated, double scale,
                             uint64_t seed)
{
    struct sctx *c;
    struct schema_opts so;
    char *path;
    size_t i;
    for (i = 0; i < R->nctx; i++) {
        c = &R->ctx[i];
        if (!strcmp(c->name, name) && c->generated == generated &&
            (!generated || (c->scale == scale && c->data_seed == seed)))
            return c->ok ? c : NULL;
    }
    ALLOC_GROW(R->ctx, R->nctx + 1, R->alloc);
    c = &R->ctx[R->nctx++];
    memset(c, 0, sizeof(*c));
    c->name = xstrdup(name);
    c->generated = generated, c->scale = scale, c->data_seed = seed;
    c->m = R->o->meter;
    c->slope = c->m ? meter_slope(c->m, name, NULL) : 1;
    memset(&so, 0, sizeof(so));
    so.generate = generated, so.scale = scale, so.data_seed = seed;
    if (schema_load(&c->s, R->o->root, name, &so) < 0)
        return NULL;
    path = query_set_path(R->o->root, name);
    if (query_set_load(&c->qs, path) < 0) {
        free(path);
        schema_release(&c->s);
        return NULL;
    }
    free(path);
    c->analyzed = xcalloc(c->qs.n ? c->qs.n : 1, sizeof(int));
    c->rc = xcalloc(c->s.ntables, sizeof(*c->rc));
    if (!(c->gdb = gold_db_new(&c->s))) {
        query_set_release(&c->qs);
        schema_release(&c->s);
        return NULL;
    }
    c->ok = 1;
    return c;
}

static void free_ctx(struct sctx *c)
{
    size_t t, r;
    if (c->ok) {
        for (t = 0; t < c->s.ntables; t++) {
            for (r = 0; c->rc[t] && r < c->s.tables[t].nrows; r++) {
                free(c->rc[t][r].esc);
                free(c->rc[t][r].raw);
            }
            free(c->rc[t]);
        }
        free(c->rc);
        free(c->retired);
        gold_db_free(c->gdb);
        query_set_release(&c->qs);
        schema_release(&c->s);
        free(c->analyzed);
    }
    free(c->name);
}

static const struct query *find_query(struct sctx *c, const char *id)
{
    size_t i;
    for (i = 0; i < c->qs.n; i++) {
        if (strcmp(c->qs.q[i].id, id))
            continue;
        if (!c->analyzed[i])
            c->analyzed[i] = query_analyze(&c->qs.q[i], &c->s) < 0 ? -1 : 1;
        return c->analyzed[i] > 0 ? &c->qs.q[i] : NULL;
    }
    return NULL;
}

/* ---- rendering with the cache ---------------------------------------------------------------- */

static const struct rcache *render(struct sctx *c, size_t t, size_t row, size_t k, struct buf *raw)
{
    const struct table *tb = &c->s.tables[t];
    struct rcache *e;
    if (!c->rc[t])
        c->rc[t] = xcalloc(tb->nrows ? tb->nrows : 1, sizeof(struct rcache));
    e = &c->rc[t][row];
    if (!e->have || e->tmpl != k) {
        struct buf esc = BUF_INIT;
        buf_reset(raw);
        vtable_render(tb->vt, k, table_row(tb, row), raw);
        buf_add_json_chars(&esc, raw->s, raw->len);
        if (e->esc) {
            ALLOC_GROW(c->retired, c->nretired + 1, c->aretired);
            c->retired[c->nretired++] = e->esc;
        }
        {
            struct line_measure lm;
            meter_line(c->m, c->slope, raw->s, raw->len, &lm);
            e->cost = lm.cost;
        }
        if (c->m && c->m->kind == METER_TOKENIZER) {
            free(e->raw);
            e->raw = xstrndup(raw->s, raw->len);
            e->raw_len = (uint32_t)raw->len;
        }
        e->len = (uint32_t)esc.len;
        e->esc = buf_detach(&esc, NULL);
        e->tmpl = (uint32_t)k;
        e->have = 1;
    }
    return e;
}

/* ---- one instance -----------------------------------------------------------------------------
 */

struct inst {
    cJSON *j; /* every member but rows, row_templates and context */
    const char *id;
    struct sctx *c;
    const struct query *q;
    /* the three big members as JSON text, inside the line or in the scratch buffer */
    const char *rows_raw, *tmpl_raw, *ctx_raw;
    size_t rows_len, tmpl_len, ctx_len;
    size_t n;
    struct rowref *rows;
    uint32_t *tmpl, *len, *cost;
    const char **text; /* escaped sentence per line, borrowed from the render cache */
    uint64_t ctx_tokens, info_tokens, max_cost;
    uint64_t line_tokens; /* the lines' costs summed (the context's tokens but with a tokenizer) */
    struct buf joined;    /* with a tokenizer: the context as it stands, raw */
    unsigned changes;
    struct buf why; /* why it cannot be repaired */
    size_t nrerendered;
    size_t first_lines[5];   /* the first re-rendered line numbers, 1-based */
    const struct gold *gold; /* borrowed from the gold cache */
    unsigned char *roles;    /* per line, from "row_roles" (near-miss modes), or NULL */
};

static void inst_release(struct inst *in)
{
    while (in->c && in->c->nretired)
        free(in->c->retired[--in->c->nretired]);
    free(in->text);
    free(in->rows);
    free(in->tmpl);
    free(in->len);
    free(in->cost);
    free(in->roles);
    buf_release(&in->why);
    buf_release(&in->joined);
    cJSON_Delete(in->j);
}

static int broken(struct inst *in, const char *fmt, const char *a, const char *b)
{
    buf_addf(&in->why, fmt, a, b ? b : "");
    in->changes |= RG_BROKEN;
    return -1;
}

static const cJSON *field(const struct inst *in, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(in->j, name);
}

/* The query must still exist and read the same tables, or the instance is unrepairable. */
static int check_query(struct regold *R, struct inst *in)
{
    const cJSON *gen = field(in, "generator"), *tables = field(in, "tables"), *t;
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(gen, "data");
    const char *schema = cJSON_GetStringValue(field(in, "schema"));
    const char *qid = cJSON_GetStringValue(field(in, "query_id"));
    int generated = cJSON_IsString(data) && !strcmp(data->valuestring, "generated");
    double scale = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(gen, "scale"));
    double seed = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(gen, "data_seed"));
    size_t i = 0;
    if (!schema || !qid || !cJSON_IsArray(tables))
        return broken(in, "the instance lacks schema, query_id or tables%s%s", "", NULL);
    /* what the rewritten line is made of (write_updated) */
    if (!cJSON_IsNumber(field(in, "target_tokens")) ||
        !(cJSON_IsNumber(field(in, "info_tokens")) || cJSON_IsNumber(field(in, "density"))))
        return broken(in, "the instance lacks target_tokens, or info_tokens and density%s%s", "",
                      NULL);
    in->c = load_ctx(R, schema, generated, generated ? scale : 1.0,
                     generated ? (uint64_t)clamp_to_i64(seed, 0, INT64_MAX, 0) : 0);
    if (!in->c)
        return -2; /* the schema itself does not load: fatal for the whole suite */
    if (!(in->q = find_query(in->c, qid)))
        return broken(in, "query '%s' no longer exists or no longer compiles%s", qid, NULL);
    cJSON_ArrayForEach(t, tables)
    {
        if (i >= in->q->ntables || !cJSON_IsString(t) ||
            strcmp(in->c->s.tables[in->q->tables[i]].name, t->valuestring))
            break;
        i++;
    }
    if (i != in->q->ntables || i != (size_t)cJSON_GetArraySize(tables))
        return broken(in, "query '%s' now reads a different set of tables%s", qid, NULL);
    return 0;
}

/* The instance must have been measured the way gold measures: same tokenizer file (by its
 * SHA-256), or the estimator on both sides.  Returns -1 after printing when not. */
static int check_meter(struct regold *R, const struct inst *in)
{
    const cJSON *rec = cJSON_GetObjectItemCaseSensitive(field(in, "generator"), "tokenizer");
    const char *name = json_str(rec, "name"), *sha = json_str(rec, "sha256");
    const struct meter *m = R->o->meter;
    struct buf have = BUF_INIT;
    int rc = 0;
    meter_describe(m, &have);
    if (rec && (!m || m->kind == METER_ESTIMATOR))
        rc = error("instance '%s' was measured with %s (file %s, sha256 %.12s…): give that file "
                   "with --tokenizer to check it",
                   in->id, name ? name : "?", json_str(rec, "file") ? json_str(rec, "file") : "?",
                   sha ? sha : "?");
    else if (!rec && m && m->kind != METER_ESTIMATOR)
        rc = error("instance '%s' was measured with the estimator, not with --tokenizer %s: drop "
                   "--tokenizer",
                   in->id, have.s);
    else if (rec && (!sha || strcmp(sha, m->sha256)))
        rc = error("instance '%s' was measured with %s (sha256 %.12s…), not with %s: gold "
                   "re-checks with the tokenizer file the suite was made with",
                   in->id, name ? name : "?", sha ? sha : "?", have.s);
    buf_release(&have);
    return rc;
}

/* Splits the context, kept as the escaped JSON text of the line, at its "\n" escapes, so
 * that lines compare with the re-rendered (escaped) ones without unescaping 100k-token
 * strings.  Returns the number of lines; *seg and *seglen are fresh arrays. */
static size_t split_escaped(const char *s, size_t n, const char ***seg, size_t **seglen)
{
    const char *p = s, *end = s + n, *start = s;
    size_t k = 0, alloc = 0, lalloc = 0;
    *seg = NULL;
    *seglen = NULL;
    if (!n)
        return 0;
    for (;;) {
        const char *b = memchr(p, '\\', (size_t)(end - p));
        if (b && b + 1 < end && b[1] != 'n') {
            p = b + 2; /* another escape */
            continue;
        }
        ALLOC_GROW(*seg, k + 1, alloc);
        ALLOC_GROW(*seglen, k + 1, lalloc);
        (*seg)[k] = start;
        (*seglen)[k++] = (size_t)((b ? b : end) - start);
        if (!b)
            return k;
        p = start = b + 2;
    }
}

static uint64_t num(const cJSON *v);

struct rowspan {
    const char *table, *key;
    size_t table_len, key_len;
};

/* Reads `[["table",KEY],...]` into spans; returns the count, or -1 when malformed. */
static long scan_rows(const char *p, size_t n, struct rowspan **out)
{
    const char *end = p + n;
    size_t k = 0, alloc = 0;
    *out = NULL;
    if (p >= end || *p++ != '[')
        return -1;
    while (p < end && *p != ']') {
        struct rowspan r;
        const char *q;
        if (*p != '[' || p + 1 >= end || p[1] != '"' || !(q = json_skip_value(p + 1, end)))
            return -1;
        r.table = p + 2;
        r.table_len = (size_t)(q - 1 - r.table);
        if (q >= end || *q != ',')
            return -1;
        r.key = q + 1;
        if (!(q = json_skip_value(r.key, end)) || q >= end || *q != ']')
            return -1;
        r.key_len = (size_t)(q - r.key);
        ALLOC_GROW(*out, k + 1, alloc);
        (*out)[k++] = r;
        p = q + 1;
        if (p < end && *p == ',')
            p++;
    }
    return p < end ? (long)k : -1;
}

static int table_named(const struct schema *s, const char *name, size_t len)
{
    size_t t;
    for (t = 0; t < s->ntables; t++)
        if (strlen(s->tables[t].name) == len && !strncmp(s->tables[t].name, name, len))
            return (int)t;
    return -1;
}

/* Finds row i again and re-renders its line; 0, or -1 when the instance is broken. */
static int rerender_line(struct inst *in, size_t i, const struct rowspan *r, size_t k,
                         uint64_t seed, struct buf *raw)
{
    int t = table_named(&in->c->s, r->table, r->table_len);
    struct table *tb;
    const struct rcache *e;
    int64_t row;
    if (t < 0 || !in->c->s.tables[t].vt) {
        buf_addf(&in->why, "table '%.*s' no longer exists or is not verbalized", (int)r->table_len,
                 r->table);
        return in->changes |= RG_BROKEN, -1;
    }
    tb = &in->c->s.tables[t];
    if ((row = table_find_key(tb, r->key, r->key_len)) < 0) {
        buf_addf(&in->why, "row %.*s of table '%s' no longer exists", (int)r->key_len, r->key,
                 tb->name);
        return in->changes |= RG_BROKEN, -1;
    }
    if (k >= vtable_count(tb->vt)) { /* the template is gone: choose again as generate would */
        buf_reset(raw);
        table_key_text(tb, (size_t)row, raw);
        k = verbalize_choose(seed, tb->name, raw->s, vtable_count(tb->vt));
    }
    e = render(in->c, (size_t)t, (size_t)row, k, raw);
    in->rows[i].table = (uint32_t)t;
    in->rows[i].row = (uint32_t)row;
    in->tmpl[i] = (uint32_t)k;
    in->cost[i] = e->cost;
    in->text[i] = e->esc;
    in->len[i] = e->len;
    if (e->raw) {
        if (i)
            buf_addch(&in->joined, '\n');
        buf_add(&in->joined, e->raw, e->raw_len);
    }
    return 0;
}

/* "row_roles" (written in the near-miss modes): one role a line; only answer rows count as
 * information there. */
static int read_roles(struct inst *in)
{
    const cJSON *roles = field(in, "row_roles"), *r;
    size_t i = 0;
    if (!roles)
        return 0;
    if (!cJSON_IsArray(roles) || (size_t)cJSON_GetArraySize(roles) != in->n)
        return broken(in, "row_roles does not match rows%s%s", "", NULL);
    in->roles = xcalloc(in->n + 1, 1);
    cJSON_ArrayForEach(r, roles)
    {
        int k;
        for (k = ROLE_ANSWER; k <= ROLE_OTHER; k++)
            if (cJSON_IsString(r) && !strcmp(r->valuestring, row_role_name(k)))
                break;
        if (k > ROLE_OTHER)
            return broken(in, "row_roles holds an unknown role%s%s", "", NULL);
        in->roles[i++] = (unsigned char)k;
    }
    return 0;
}

static int counts_as_info(const struct inst *in, size_t i)
{
    return in->roles ? in->roles[i] == ROLE_ANSWER : in->q->reads_table[in->rows[i].table];
}

/* Finds every row again and re-renders its line with the recorded template. */
static int rerender(struct inst *in)
{
    struct buf raw = BUF_INIT;
    struct rowspan *rows = NULL;
    const char **old = NULL, *tp = in->tmpl_raw, *tend = in->tmpl_raw + in->tmpl_len;
    size_t nold, *oldlen = NULL, i;
    long n = scan_rows(in->rows_raw, in->rows_len, &rows);
    uint64_t seed = num(field(in, "seed"));
    if (n < 0) {
        free(rows);
        return broken(in, "the instance's rows are malformed%s%s", "", NULL);
    }
    in->n = (size_t)n;
    in->rows = xcalloc(in->n + 1, sizeof(*in->rows));
    in->tmpl = xcalloc(in->n + 1, sizeof(uint32_t));
    in->len = xcalloc(in->n + 1, sizeof(uint32_t));
    in->cost = xcalloc(in->n + 1, sizeof(uint32_t));
    if (read_roles(in) < 0) {
        free(rows);
        return -1;
    }
    in->text = xcalloc(in->n + 1, sizeof(char *));
    nold = split_escaped(in->ctx_raw, in->ctx_len, &old, &oldlen);
    if (nold != in->n)
        broken(in, "the context has a different number of lines than rows%s%s", "", NULL);
    for (i = 0; i < in->n && !(in->changes & RG_BROKEN); i++) {
        char *e;
        unsigned long k;
        tp += tp < tend && (*tp == '[' || *tp == ',');
        k = strtoul(tp, &e, 10);
        if (e == tp || e > tend) {
            broken(in, "row_templates does not match rows%s%s", "", NULL);
            break;
        }
        tp = e;
        if (rerender_line(in, i, &rows[i], k, seed, &raw) < 0)
            break;
        in->line_tokens += in->cost[i];
        in->info_tokens += counts_as_info(in, i) ? in->cost[i] : 0;
        in->max_cost = in->cost[i] > in->max_cost ? in->cost[i] : in->max_cost;
        if (in->len[i] != oldlen[i] || memcmp(in->text[i], old[i], in->len[i])) {
            if (in->nrerendered < 5)
                in->first_lines[in->nrerendered] = i + 1;
            in->nrerendered++;
            in->changes |= RG_CONTEXT;
        }
    }
    free(rows);
    free(old);
    free(oldlen);
    buf_release(&raw);
    in->ctx_tokens = in->line_tokens;
    if (in->c->m && in->c->m->kind == METER_TOKENIZER)
        in->ctx_tokens =
            tokenizer_count(in->c->m->tok, in->joined.s ? in->joined.s : "", in->joined.len);
    return in->changes & RG_BROKEN ? -1 : 0;
}

static uint64_t num(const cJSON *v)
{
    return cJSON_IsNumber(v) ? (uint64_t)clamp_to_i64(v->valuedouble, 0, INT64_MAX, 0) : 0;
}

/* The density as text for the writer: the shortest form of the stored number. */
static void density_text(const cJSON *d, struct buf *out)
{
    format_real(out, d->valuedouble);
    if (out->len > 2 && !strcmp(out->s + out->len - 2, ".0"))
        buf_setlen(out, out->len - 2);
}

/* Budgets: the estimate must stay within each budget and, unless the instance recorded a
 * shortfall, short of it by less than one row (the longest line stands in for "a row"). */
static void check_budgets(struct inst *in, struct buf *note)
{
    const cJSON *sf = field(in, "shortfall"), *d = field(in, "density");
    const cJSON *fit = cJSON_GetObjectItemCaseSensitive(field(in, "fit"), "context_target");
    uint64_t target = num(field(in, "target_tokens")), budget;
    if (field(in, "info_tokens"))
        budget = num(field(in, "info_tokens"));
    else
        budget = (uint64_t)clamp_to_i64(floor(cJSON_GetNumberValue(d) * (double)target + 1e-9), 0,
                                        INT64_MAX, 0);
    if (cJSON_IsNumber(fit)) /* --fit-window --shrink: the context was cut to this */
        target = num(fit);
    if (in->ctx_tokens != num(field(in, "context_tokens")) ||
        in->info_tokens != num(field(in, "info_tokens_actual")) ||
        (field(in, "line_tokens") && in->line_tokens != num(field(in, "line_tokens"))))
        in->changes |= RG_TOKENS;
    if (in->ctx_tokens > target || in->line_tokens > target ||
        (!cJSON_GetObjectItemCaseSensitive(sf, "context") &&
         target - in->line_tokens >= in->max_cost))
        buf_addf(note, "context %llu tokens for a target of %llu",
                 (unsigned long long)in->ctx_tokens, (unsigned long long)target);
    else if (in->info_tokens > budget || (!cJSON_GetObjectItemCaseSensitive(sf, "info") &&
                                          budget - in->info_tokens >= in->max_cost))
        buf_addf(note, "relevant %llu tokens for a budget of %llu",
                 (unsigned long long)in->info_tokens, (unsigned long long)budget);
    if (note->len)
        in->changes |= RG_DRIFT;
}

static int recompute_gold(struct regold *R, struct inst *in)
{
    struct gold_cache *gc = &R->gc;
    struct rowref *rel = xcalloc(in->n + 1, sizeof(*rel));
    size_t i, m = 0;
    uint64_t key;
    struct buf g = BUF_INIT;
    for (i = 0; i < in->n; i++)
        if (in->q->reads_table[in->rows[i].table])
            rel[m++] = in->rows[i];
    qsort(rel, m, sizeof(*rel), rowref_cmp);
    key = hash64(rel, m * sizeof(*rel));
    if (!gc->valid || gc->q != in->q || gc->key != key) {
        if (gc->valid) {
            gold_release(&gc->gold);
            cJSON_Delete(gc->json);
        }
        gc->valid = 0;
        if (gold_compute(in->c->gdb, in->q, rel, m, &gc->gold) < 0) {
            free(rel);
            return broken(in, "the gold query fails on the placed rows%s%s", "", NULL);
        }
        gold_json(&g, &gc->gold);
        gc->json = cJSON_Parse(g.s);
        gc->q = in->q, gc->key = key, gc->valid = 1;
        buf_release(&g);
    }
    free(rel);
    in->gold = &gc->gold;
    if (!cJSON_Compare(gc->json, field(in, "gold"), 1))
        in->changes |= RG_GOLD;
    return 0;
}

static void check_texts(struct inst *in)
{
    const char *q = cJSON_GetStringValue(field(in, "question"));
    const char *sql = cJSON_GetStringValue(field(in, "sql"));
    const char *hash = cJSON_GetStringValue(field(in, "schema_hash"));
    if (!q || !sql || strcmp(q, in->q->question) || strcmp(sql, in->q->sql))
        in->changes |= RG_QUERY;
    if (!hash || strcmp(hash, in->c->s.hash))
        in->changes |= RG_HASH;
}

static void write_updated(struct regold *R, struct inst *in)
{
    struct instance_out o;
    struct fit_rec fit;
    struct buf dens = BUF_INIT;
    const cJSON *sf = field(in, "shortfall");
    uint64_t amount = num(field(in, "info_tokens"));
    memset(&o, 0, sizeof(o));
    o.id = in->id;
    o.s = &in->c->s;
    o.q = in->q;
    o.length = num(field(in, "target_tokens"));
    if (field(in, "info_tokens")) {
        o.amount = &amount;
    } else {
        density_text(field(in, "density"), &dens);
        o.density = dens.s;
    }
    o.position = position_parse(cJSON_GetStringValue(field(in, "position")));
    o.seed = num(field(in, "seed"));
    o.context_tokens = in->ctx_tokens;
    o.info_tokens = in->info_tokens;
    o.meter = in->c->m;
    o.line_tokens = in->line_tokens;
    o.short_info = num(cJSON_GetObjectItemCaseSensitive(sf, "info"));
    o.short_context = num(cJSON_GetObjectItemCaseSensitive(sf, "context"));
    if (cJSON_IsObject(field(in, "fit"))) {
        const cJSON *f = field(in, "fit");
        fit.window = num(cJSON_GetObjectItemCaseSensitive(f, "window"));
        fit.reserve = num(cJSON_GetObjectItemCaseSensitive(f, "reserve_output"));
        fit.frame = num(cJSON_GetObjectItemCaseSensitive(f, "prompt_frame"));
        fit.context_target = num(cJSON_GetObjectItemCaseSensitive(f, "context_target"));
        o.fit = &fit;
    }
    o.gold = in->gold;
    o.nlines = in->n;
    o.rows = in->rows;
    o.tmpl = in->tmpl;
    o.text = (const char *const *)in->text;
    o.text_len = in->len;
    buf_reset(&R->line);
    instance_write(&R->line, &o);
    buf_release(&dens);
}

/* ---- reporting ----------------------------------------------------------------------------------
 */

static char **row_strings(const cJSON *rows, size_t *n)
{
    const cJSON *r;
    char **v = xcalloc((size_t)cJSON_GetArraySize(rows) + 1, sizeof(char *));
    *n = 0;
    cJSON_ArrayForEach(r, rows)
    {
        char *s = cJSON_PrintUnformatted(r);
        v[(*n)++] = xstrdup(s ? s : "?");
        cJSON_free(s);
    }
    return v;
}

/* Gold rows added and removed, as multisets of their JSON text. */
static void gold_diff(struct buf *out, const cJSON *old_gold, const struct gold *g, int json)
{
    struct buf text = BUF_INIT;
    cJSON *now;
    size_t no, nn, i, j, shown = 0;
    char **o, **n;
    unsigned char *used;
    gold_json(&text, g);
    now = cJSON_Parse(text.s);
    o = row_strings(cJSON_GetObjectItemCaseSensitive(old_gold, "rows"), &no);
    n = row_strings(cJSON_GetObjectItemCaseSensitive(now, "rows"), &nn);
    used = xcalloc(no + 1, 1);
    buf_adds(out, json ? ",\"gold_added\":[" : " gold:");
    for (i = 0; i < nn; i++) {
        for (j = 0; j < no && (used[j] || strcmp(o[j], n[i])); j++)
            ;
        if (j < no) {
            used[j] = 1;
        } else if (json) {
            buf_addf(out, "%s%s", shown++ ? "," : "", n[i]);
        } else if (shown++ < 5) {
            buf_addf(out, " +%s", n[i]);
        }
    }
    if (!json && shown > 5)
        buf_addf(out, " (+%zu more added)", shown - 5);
    buf_adds(out, json ? "],\"gold_removed\":[" : "");
    for (i = 0, shown = 0; i < no; i++) {
        if (used[i])
            continue;
        if (json)
            buf_addf(out, "%s%s", shown++ ? "," : "", o[i]);
        else if (shown++ < 5)
            buf_addf(out, " -%s", o[i]);
    }
    if (!json && shown > 5)
        buf_addf(out, " (+%zu more removed)", shown - 5);
    if (json)
        buf_addch(out, ']');
    else if (!strcmp(out->s + out->len - 6, " gold:"))
        buf_adds(out, cJSON_Compare(cJSON_GetObjectItemCaseSensitive(old_gold, "columns"),
                                    cJSON_GetObjectItemCaseSensitive(now, "columns"), 1)
                          ? " same rows, in another order or with other flags"
                          : " same rows, other column names");
    buf_adds(out, json ? "" : ";");
    for (i = 0; i < no; i++)
        free(o[i]);
    for (i = 0; i < nn; i++)
        free(n[i]);
    free(o);
    free(n);
    free(used);
    cJSON_Delete(now);
    buf_release(&text);
}

static const char *status_of(unsigned ch)
{
    if (ch & RG_BROKEN)
        return "cannot-repair";
    if (ch & RG_GOLD)
        return "gold-changed";
    if (ch & RG_CONTEXT)
        return "context-changed";
    return ch ? "changed" : "unchanged";
}

static void report_text(struct buf *b, const struct inst *in, const struct buf *drift)
{
    size_t i;
    buf_addf(b, "%s:", in->id);
    if (in->changes & RG_BROKEN) {
        buf_addf(b, " cannot repair, run generate: %s\n", in->why.s);
        return;
    }
    if (in->changes & RG_GOLD)
        gold_diff(b, field(in, "gold"), in->gold, 0);
    if (in->changes & RG_CONTEXT) {
        buf_addf(b, " %zu lines re-rendered (", in->nrerendered);
        for (i = 0; i < in->nrerendered && i < 5; i++)
            buf_addf(b, "%s%zu", i ? ", " : "line ", in->first_lines[i]);
        buf_adds(b, in->nrerendered > 5 ? ", ...);" : ");");
    }
    if (in->changes & RG_QUERY)
        buf_adds(b, " question or SQL changed;");
    if (in->changes & RG_TOKENS)
        buf_addf(b, " tokens %llu/%llu -> %llu/%llu;",
                 (unsigned long long)num(field(in, "context_tokens")),
                 (unsigned long long)num(field(in, "info_tokens_actual")),
                 (unsigned long long)in->ctx_tokens, (unsigned long long)in->info_tokens);
    if (in->changes & RG_DRIFT)
        buf_addf(b, " budget drift: %s;", drift->s);
    if (in->changes & RG_HASH)
        buf_adds(b, " schema hash changed;");
    if (b->s[b->len - 1] == ';')
        buf_setlen(b, b->len - 1);
    buf_addch(b, '\n');
}

static void report_json(struct buf *b, const struct inst *in, const struct buf *drift)
{
    static const char *const names[] = {"schema_hash", "query", "context", "gold",
                                        "tokens",      "drift", "broken"};
    size_t i, k = 0;
    buf_adds(b, "{\"id\":");
    buf_add_json_str(b, in->id, strlen(in->id));
    buf_addf(b, ",\"status\":\"%s\",\"changes\":[", status_of(in->changes));
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (in->changes & (1u << i))
            buf_addf(b, "%s\"%s\"", k++ ? "," : "", names[i]);
    buf_addch(b, ']');
    if (in->changes & RG_BROKEN) {
        buf_adds(b, ",\"reason\":");
        buf_add_json_str(b, in->why.s, in->why.len);
    }
    if (in->changes & RG_GOLD)
        gold_diff(b, field(in, "gold"), in->gold, 1);
    if (in->changes & RG_CONTEXT) {
        buf_addf(b, ",\"lines_rerendered\":%zu,\"first_lines\":[", in->nrerendered);
        for (i = 0; i < in->nrerendered && i < 5; i++)
            buf_addf(b, "%s%zu", i ? "," : "", in->first_lines[i]);
        buf_addch(b, ']');
    }
    if (!(in->changes & RG_BROKEN))
        buf_addf(b, ",\"context_tokens\":%llu,\"info_tokens_actual\":%llu",
                 (unsigned long long)in->ctx_tokens, (unsigned long long)in->info_tokens);
    if (in->changes & RG_DRIFT) {
        buf_adds(b, ",\"drift\":");
        buf_add_json_str(b, drift->s, drift->len);
    }
    buf_adds(b, "}\n");
}

/* ---- the suite ----------------------------------------------------------------------------------
 */

static void count(struct regold_stats *st, unsigned ch)
{
    st->instances++;
    if (ch & RG_BROKEN)
        st->broken++;
    else if (ch & RG_GOLD)
        st->gold_changed++;
    else if (ch & RG_CONTEXT)
        st->context_changed++;
    else if (ch)
        st->other_changed++;
    else
        st->unchanged++;
    st->drift += !(ch & RG_BROKEN) && (ch & RG_DRIFT);
}

/* Returns 0, or -1 when the line or its schema cannot be read at all. */
static int one_line(struct regold *R, const char *path, int lineno, char *text, size_t len,
                    FILE *out, struct regold_stats *st)
{
    struct inst in;
    struct instance_text big;
    struct buf drift = BUF_INIT;
    int rc;
    memset(&in, 0, sizeof(in));
    in.why = in.joined = (struct buf)BUF_INIT;
    buf_reset(&R->scratch);
    if (!(in.j = instance_parse(text, len, &big, &R->scratch)) ||
        !cJSON_IsString(field(&in, "id"))) {
        cJSON_Delete(in.j);
        return error_at(&(struct srcloc){path, lineno, 0}, "not an instance (invalid JSON)");
    }
    in.id = cJSON_GetStringValue(field(&in, "id"));
    in.rows_raw = big.rows, in.rows_len = big.rows_len;
    in.tmpl_raw = big.tmpl, in.tmpl_len = big.tmpl_len;
    in.ctx_raw = big.context, in.ctx_len = big.context_len;
    rc = check_query(R, &in);
    if (rc != -2 && check_meter(R, &in) < 0) {
        inst_release(&in);
        return -1;
    }
    if (rc == -2) {
        error_at(&(struct srcloc){path, lineno, 0}, "instance '%s': schema '%s' does not load",
                 in.id, cJSON_GetStringValue(field(&in, "schema")));
        inst_release(&in);
        return -1;
    }
    if (!rc && position_parse(cJSON_GetStringValue(field(&in, "position"))
                                  ? cJSON_GetStringValue(field(&in, "position"))
                                  : "") < 0)
        rc = broken(&in, "unknown position%s%s", "", NULL);
    if (!rc && !rerender(&in) && !recompute_gold(R, &in)) {
        check_texts(&in);
        check_budgets(&in, &drift);
    }
    if (in.changes && !(in.changes & RG_BROKEN) && out) {
        write_updated(R, &in);
        fwrite(R->line.s, 1, R->line.len, out);
    } else if (out) {
        fwrite(text, 1, len, out); /* unchanged or unrepairable: the exact bytes */
        fputc('\n', out);
    }
    buf_reset(&R->report);
    if (R->o->json)
        report_json(&R->report, &in, &drift);
    else if (in.changes || get_verbosity() > 1)
        report_text(&R->report, &in, &drift);
    if (!in.changes && !R->o->json && get_verbosity() > 1)
        buf_setlen(&R->report, 0), buf_addf(&R->report, "%s: unchanged\n", in.id);
    fwrite(R->report.s, 1, R->report.len, R->o->report);
    count(st, in.changes);
    buf_release(&drift);
    inst_release(&in);
    return 0;
}

int regold_suite(const char *path, FILE *out, const struct regold_opts *o, struct regold_stats *st)
{
    struct regold R;
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0, i;
    ssize_t n;
    int lineno = 0, rc = 0;
    memset(st, 0, sizeof(*st));
    if (!f)
        return error("cannot open '%s': %s", path, strerror(errno));
    memset(&R, 0, sizeof(R));
    R.line = R.report = R.scratch =
        (struct buf)BUF_INIT; /* never NULL: fwrite of an empty report */
    R.o = o;
    while (!rc && (n = getline(&line, &cap, f)) > 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        rc = one_line(&R, path, lineno, line, (size_t)n, out, st);
    }
    if (!rc && ferror(f))
        rc = error("cannot read '%s': %s", path, strerror(errno));
    fclose(f);
    free(line);
    for (i = 0; i < R.nctx; i++)
        free_ctx(&R.ctx[i]);
    free(R.ctx);
    if (R.gc.valid) {
        gold_release(&R.gc.gold);
        cJSON_Delete(R.gc.json);
    }
    buf_release(&R.line);
    buf_release(&R.report);
    buf_release(&R.scratch);
    return rc;
}
