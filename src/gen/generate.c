/* generate.c: the suite generator — every grid point of every selected schema and query, built into
 * one JSONL instance a line; the interface and its rules are in generate.h. */
#include "generate.h"

#include "buf.h"
#include "context.h"
#include "err.h"
#include "gold.h"
#include "meter.h"
#include "nearmiss.h"
#include "overlap.h"
#include "prng.h"
#include "query.h"
#include "schema.h"
#include "suite.h"
#include "util.h"
#include "xalloc.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

/* One relevant selection and its gold, reused across positions and lengths. */
struct relcache {
    uint64_t budget;
    struct selection sel;
    struct gold gold;
};

struct point {
    uint64_t length;
    uint64_t fill;             /* the context's target: length, or less to fit the window */
    const struct fit_rec *fit; /* --fit-window */
    const uint64_t *amount;    /* one of amount / density */
    const struct density *density;
    int position;
};

/* Per-line arrays for the writer, reused across instances. */
struct lines {
    struct rowref *rows;
    unsigned char *is_rel, *roles;
    uint32_t *tmpl, *len;
    const char **text;
    size_t alloc;
};

struct run {
    const struct grid *g;
    FILE *out;
    struct gen_stats *st;
    struct buf line;
    struct lines lines;
    uint64_t index;    /* instance counter over the whole grid, every shard */
    int *glob_hits;    /* per --queries glob: matched some query */
    uint64_t *ctx_ids; /* with shared contexts: every instance's context hash */
    size_t nctx, actx;
    double last_progress, started;
    int tty;
};

struct qrun {
    const struct schema *s;
    const struct query *q;
    const struct rendered *r;
    uint64_t seed;
    struct pool rel, dis;
    int *want_rel, *want_dis;
    struct relcache *cache;
    size_t ncache, alloc;
    int near;             /* near misses in use: a near-miss mode and a row filter */
    struct nearmiss nm;   /* when near */
    struct qwords *words; /* the question's content words, when overlap is recorded */
    char *pool_key;       /* what seeds the pools: the base id, or the table set */
};

static void progress(struct run *R, int final)
{
    double t = mono_now();
    if (!R->tty || get_verbosity() < 1 || (!final && t - R->last_progress < 0.2))
        return;
    R->last_progress = t;
    if (!R->g->expected || R->st->instances > R->g->expected) {
        fprintf(stderr, "\rgenerate: %llu instances written%s",
                (unsigned long long)R->st->instances, final ? "\n" : "");
        return;
    }
    fprintf(stderr, "\rgenerate: %llu of %llu instances (%.0f%%), %.1f MB",
            (unsigned long long)R->st->instances, (unsigned long long)R->g->expected,
            100.0 * (double)R->st->instances / (double)R->g->expected, (double)R->st->bytes / 1e6);
    if (final) {
        fputc('\n', stderr);
        return;
    }
    if (R->st->instances) { /* the rate so far, over what is left */
        double left = (t - R->started) * (double)(R->g->expected - R->st->instances) /
                      (double)R->st->instances;
        fprintf(stderr, ", ETA %um%02us   ", (unsigned)(left / 60), (unsigned)left % 60);
    }
}

/* ---- the instance -----------------------------------------------------------------------------
 */

static void lines_fill(struct lines *L, const struct qrun *Q, const struct relcache *rc,
                       const struct selection *dis, int position)
{
    size_t n = rc->sel.n + dis->n, i;
    if (n > L->alloc) {
        L->alloc = n;
        L->rows = xrealloc(L->rows, st_mult(n, sizeof(*L->rows)));
        L->is_rel = xrealloc(L->is_rel, n);
        L->roles = xrealloc(L->roles, n);
        L->tmpl = xrealloc(L->tmpl, st_mult(n, sizeof(*L->tmpl)));
        L->len = xrealloc(L->len, st_mult(n, sizeof(*L->len)));
        L->text = xrealloc(L->text, st_mult(n, sizeof(*L->text)));
    }
    merge_lines(&rc->sel, dis, position, L->rows, L->is_rel);
    for (i = 0; i < n; i++) {
        const struct rline *l = rendered_line(Q->r, L->rows[i]);
        L->tmpl[i] = l->tmpl;
        L->text[i] = Q->r->text.s + l->off;
        L->len[i] = l->len;
        L->roles[i] = L->is_rel[i]                          ? ROLE_ANSWER
                      : Q->q->reads_table[L->rows[i].table] ? ROLE_NEAR_MISS
                                                            : ROLE_OTHER;
    }
}

static void lines_release(struct lines *L)
{
    free(L->rows);
    free(L->is_rel);
    free(L->roles);
    free(L->tmpl);
    free(L->len);
    free(L->text);
}

/* Tokens of the near misses among the distractors. */
static uint64_t nearmiss_tokens(const struct qrun *Q, const struct selection *dis)
{
    uint64_t t = 0;
    size_t i;
    for (i = 0; i < dis->n; i++)
        if (Q->q->reads_table[dis->rows[i].table])
            t += rendered_line(Q->r, dis->rows[i])->cost;
    return t;
}

/* The lexical overlap of one point's lines (the same rows at every position). */
static void point_overlap(const struct qrun *Q, const struct selection *rel,
                          const struct selection *dis, double out[2])
{
    size_t n = rel->n + dis->n, i;
    const char **text = xcalloc(n + 1, sizeof(*text));
    uint32_t *len = xcalloc(n + 1, sizeof(*len));
    unsigned char *is_rel = xcalloc(n + 1, 1);
    struct overlap o;
    for (i = 0; i < n; i++) {
        struct rowref r = i < rel->n ? rel->rows[i] : dis->rows[i - rel->n];
        const struct rline *l = rendered_line(Q->r, r);
        text[i] = Q->r->text.s + l->off;
        len[i] = l->len;
        is_rel[i] = i < rel->n;
    }
    o = overlap_measure(Q->words, text, len, is_rel, n);
    out[0] = o.answer;
    out[1] = o.distractor;
    free(text);
    free(len);
    free(is_rel);
}

/* A hash of the context as written: the schema's data, then each line's table, row and
 * template in order (mixed in as numbers, so the same on every machine). */
static uint64_t context_hash(const struct qrun *Q, const struct lines *L, size_t n)
{
    uint64_t h = hash64(Q->s->hash, strlen(Q->s->hash));
    size_t i;
    for (i = 0; i < n; i++) {
        h = mix64(h ^ L->rows[i].table);
        h = mix64(h ^ L->rows[i].row);
        h = mix64(h ^ L->tmpl[i]);
    }
    return h;
}

static void write_instance(struct run *R, const struct qrun *Q, const struct point *p,
                           const struct relcache *rc, const struct selection *dis,
                           const struct gold *gold, const double *overlap)
{
    struct buf id = BUF_INIT;
    struct instance_out in;
    char ctx_hex[17];
    lines_fill(&R->lines, Q, rc, dis, p->position);
    instance_id(&id, Q->q->id, p->length, p->amount, p->density ? p->density->text : NULL,
                p->position, Q->seed);
    memset(&in, 0, sizeof(in));
    in.id = id.s;
    in.s = Q->s;
    in.q = Q->q;
    in.length = p->length;
    in.amount = p->amount;
    in.density = p->density ? p->density->text : NULL;
    in.position = p->position;
    in.seed = Q->seed;
    if (R->g->meter && R->g->meter->kind == METER_TOKENIZER) {
        int whole;
        in.meter = R->g->meter;
        in.context_tokens =
            rendered_tokens(Q->r, R->lines.rows, rc->sel.n + dis->n, &in.line_tokens, &whole);
        R->st->counted_whole += whole;
        R->st->over_target += in.context_tokens > p->fill;
    } else {
        in.meter = R->g->meter;
        in.context_tokens = rc->sel.tokens + dis->tokens;
    }
    in.info_tokens = rc->sel.tokens;
    in.short_info = rc->sel.shortfall;
    in.short_context = dis->shortfall;
    in.fit = p->fit;
    in.gold = gold;
    in.nlines = rc->sel.n + dis->n;
    in.rows = R->lines.rows;
    in.tmpl = R->lines.tmpl;
    in.text = R->lines.text;
    in.text_len = R->lines.len;
    in.overlap = overlap;
    if (R->g->share_contexts) {
        uint64_t h = context_hash(Q, &R->lines, in.nlines);
        snprintf(ctx_hex, sizeof(ctx_hex), "%016llx", (unsigned long long)h);
        in.context_id = ctx_hex;
        ALLOC_GROW(R->ctx_ids, R->nctx + 1, R->actx);
        R->ctx_ids[R->nctx++] = h;
    }
    if (Q->near) {
        in.distractors = distractors_name(Q->nm.mode);
        in.roles = R->lines.roles;
        R->st->nearmiss_instances++;
        R->st->nearmiss_tokens += nearmiss_tokens(Q, dis);
        R->st->nearmiss_ctx_tokens += dis->tokens;
    }
    buf_reset(&R->line);
    instance_write(&R->line, &in);
    fwrite(R->line.s, 1, R->line.len, R->out);
    R->st->instances++;
    R->st->bytes += R->line.len;
    R->st->context_tokens += in.context_tokens;
    R->st->info_tokens += in.info_tokens;
    R->st->shortfalls += in.short_info || in.short_context;
    R->st->ambiguous += gold->ambiguous;
    if (!Q->q->expect_empty) {
        R->st->gold_checked++;
        R->st->gold_nonempty += gold->nrows > 0;
    }
    buf_release(&id);
}

/* The entry of query id in the shortfall list, added when new. */
static struct gen_short *short_of(struct gen_stats *st, const char *id)
{
    size_t i;
    for (i = st->nshorts; i-- > 0;) /* the current query is the last one, usually */
        if (!strcmp(st->shorts[i].id, id))
            return &st->shorts[i];
    ALLOC_GROW(st->shorts, st->nshorts + 1, st->ashorts);
    memset(&st->shorts[st->nshorts], 0, sizeof(*st->shorts));
    snprintf(st->shorts[st->nshorts].id, sizeof(st->shorts[0].id), "%s", id);
    return &st->shorts[st->nshorts++];
}

/* Notes a point's shortfalls and, with several positions and nothing to interleave (no
 * distractor, or no relevant row), that its `written` instances have one context. */
static void note_short(struct run *R, const struct qrun *Q, const struct point *p, uint64_t budget,
                       const struct relcache *rc, const struct selection *dis, size_t written)
{
    int same = R->g->npositions > 1 && (!dis->n || !rc->sel.n);
    struct gen_short *e;
    if (!rc->sel.shortfall && !dis->shortfall && !same)
        return;
    e = short_of(R->st, Q->q->id);
    e->reads_all = !Q->dis.n;
    e->near = Q->near;
    if (same) {
        e->same_pos += written;
        R->st->same_pos += written;
    }
    if (!rc->sel.shortfall && !dis->shortfall)
        return;
    e->instances += written;
    e->short_info += rc->sel.shortfall ? written : 0;
    e->short_context += dis->shortfall ? written : 0;
    e->info_target += budget * written;
    e->info_placed += rc->sel.tokens * written;
    e->ctx_target += p->length * written;
    e->ctx_placed += (rc->sel.tokens + dis->tokens) * written;
}

void gen_stats_release(struct gen_stats *st)
{
    free(st->shorts);
    st->shorts = NULL;
    st->nshorts = st->ashorts = 0;
}

/* ---- the grid ----------------------------------------------------------------------------------
 */

static const struct relcache *relevant_for(struct qrun *Q, struct gold_db *gdb, uint64_t budget)
{
    struct relcache *c;
    size_t i;
    for (i = 0; i < Q->ncache; i++)
        if (Q->cache[i].budget == budget)
            return &Q->cache[i];
    ALLOC_GROW(Q->cache, Q->ncache + 1, Q->alloc);
    c = &Q->cache[Q->ncache];
    memset(c, 0, sizeof(*c));
    c->budget = budget;
    select_fill(&c->sel, Q->near ? &Q->nm.answer : &Q->rel, Q->s, Q->r, budget, Q->want_rel);
    /* with near misses the gold also reads the near misses placed, per point */
    if (!Q->near && gold_compute(gdb, Q->q, c->sel.rows, c->sel.n, &c->gold) < 0) {
        selection_release(&c->sel);
        return NULL;
    }
    Q->ncache++;
    return c;
}

/* Pools are shuffled by the query's base id, so each query draws its own rows; with shared
 * contexts by the set of tables it reads, so queries over the same tables draw the same. */
static char *pool_key(const struct schema *s, const struct query *q, int share)
{
    struct buf k = BUF_INIT;
    size_t i;
    if (!share)
        return xstrdup(q->base_id);
    buf_adds(&k, "\x1etables");
    for (i = 0; i < q->ntables; i++)
        buf_addf(&k, "\x1e%s", s->tables[q->tables[i]].name);
    return buf_detach(&k, NULL);
}

static int qrun_init(struct qrun *Q, const struct schema *s, const struct query *q,
                     const struct rendered *r, uint64_t seed, const struct grid *g)
{
    int mode = g->distractors, overlap = g->overlap, share = g->share_contexts;
    struct buf name = BUF_INIT;
    size_t t;
    memset(Q, 0, sizeof(*Q));
    Q->s = s, Q->q = q, Q->r = r, Q->seed = seed;
    Q->want_rel = xcalloc(s->ntables, sizeof(int));
    Q->want_dis = xcalloc(s->ntables, sizeof(int));
    for (t = 0; t < s->ntables; t++) {
        Q->want_rel[t] = q->reads_table[t];
        Q->want_dis[t] = !q->reads_table[t] && !s->tables[t].skip;
    }
    Q->pool_key = pool_key(s, q, share);
    buf_addf(&name, "%s%crelevant%c%s", s->name, 0x1f, 0x1f, Q->pool_key);
    pool_build(&Q->rel, s, r, Q->want_rel, hash64_mix(seed, name.s));
    buf_reset(&name);
    buf_addf(&name, "%s%cdistractor%c%s", s->name, 0x1f, 0x1f, Q->pool_key);
    pool_build(&Q->dis, s, r, Q->want_dis, hash64_mix(seed, name.s));
    Q->near = mode != DIS_TABLES && q->nfilters;
    if (mode != DIS_TABLES || overlap) /* not in the paper's setting unless asked */
        Q->words = qwords_new(q->question);
    if (Q->near) {
        uint64_t answer_seed, miss_seed;
        buf_reset(&name);
        buf_addf(&name, "%s%crelevant%c%s", s->name, 0x1f, 0x1f, Q->pool_key);
        answer_seed = hash64_mix(seed, name.s);
        buf_reset(&name);
        buf_addf(&name, "%s%cnear-miss%c%s", s->name, 0x1f, 0x1f, Q->pool_key);
        miss_seed = hash64_mix(seed, name.s);
        if (nearmiss_init(&Q->nm, mode, s, q, r, Q->want_rel, answer_seed, miss_seed) < 0) {
            buf_release(&name);
            return -1;
        }
    }
    buf_release(&name);
    return 0;
}

static void qrun_release(struct qrun *Q)
{
    size_t i;
    for (i = 0; i < Q->ncache; i++) {
        selection_release(&Q->cache[i].sel);
        gold_release(&Q->cache[i].gold);
    }
    if (Q->near)
        nearmiss_release(&Q->nm);
    qwords_free(Q->words);
    free(Q->pool_key);
    free(Q->cache);
    pool_release(&Q->rel);
    pool_release(&Q->dis);
    free(Q->want_rel);
    free(Q->want_dis);
}

static int in_shard(const struct run *R, uint64_t k)
{
    return k % R->g->shard_n == R->g->shard_i - 1;
}

/* The distractors of one point and, with near misses, its gold over the answer rows and the
 * near misses placed. */
static int point_distractors(struct qrun *Q, struct gold_db *gdb, const struct point *p,
                             const struct relcache *rc, struct selection *dis, struct gold *gold)
{
    struct buf name = BUF_INIT;
    struct rowref *rows;
    size_t n;
    int r;
    if (!Q->near) {
        select_fill(dis, &Q->dis, Q->s, Q->r, p->fill - rc->sel.tokens, NULL);
        return 0;
    }
    buf_addf(&name, "%s%cmix%c%s%c%llu%c%llu", Q->s->name, 0x1f, 0x1f, Q->pool_key, 0x1f,
             (unsigned long long)p->length, 0x1f, (unsigned long long)rc->budget);
    nearmiss_fill(dis, &Q->nm, &rc->sel, &Q->dis, Q->s, Q->r, p->fill - rc->sel.tokens,
                  hash64_mix(Q->seed, name.s));
    buf_release(&name);
    rows = nearmiss_gold_rows(Q->q, &rc->sel, dis, &n);
    r = gold_compute(gdb, Q->q, rows, n, gold);
    free(rows);
    if (r < 0)
        selection_release(dis);
    return r;
}

/* All positions of one (length, setting) point: one relevant and one distractor selection. */
static int gen_point(struct run *R, struct qrun *Q, struct gold_db *gdb, struct point *p,
                     uint64_t budget)
{
    const struct grid *g = R->g;
    const struct relcache *rc;
    struct selection dis;
    struct gold local;
    const struct gold *gold;
    double overlap[2];
    size_t k, wanted = 0;
    for (k = 0; k < g->npositions; k++)
        wanted += in_shard(R, R->index + k);
    if (!wanted) {
        R->index += g->npositions;
        return 0;
    }
    if (!(rc = relevant_for(Q, gdb, budget)))
        return -1;
    if (rc->sel.tokens > p->fill) {
        error("query '%s' at length %llu: its %llu relevant tokens alone do not fit the window "
              "(%llu context tokens at most)",
              Q->q->id, (unsigned long long)p->length, (unsigned long long)rc->sel.tokens,
              (unsigned long long)p->fill);
        return -1;
    }
    if (point_distractors(Q, gdb, p, rc, &dis, &local) < 0)
        return -1;
    gold = Q->near ? &local : &rc->gold;
    if (Q->words)
        point_overlap(Q, &rc->sel, &dis, overlap);
    if (g->strict && (rc->sel.shortfall || dis.shortfall)) {
        struct buf id = BUF_INIT;
        instance_id(&id, Q->q->id, p->length, p->amount, p->density ? p->density->text : NULL,
                    g->positions[0], Q->seed);
        error("instance '%s' (query '%s') falls short: %llu relevant and %llu context tokens "
              "missing (--strict)",
              id.s, Q->q->id, (unsigned long long)rc->sel.shortfall,
              (unsigned long long)dis.shortfall);
        buf_release(&id);
        selection_release(&dis);
        if (Q->near)
            gold_release(&local);
        return -1;
    }
    for (k = 0; k < g->npositions; k++, R->index++) {
        if (!in_shard(R, R->index))
            continue;
        p->position = g->positions[k];
        write_instance(R, Q, p, rc, &dis, gold, Q->words ? overlap : NULL);
        progress(R, 0);
    }
    note_short(R, Q, p, budget, rc, &dis, wanted);
    selection_release(&dis);
    if (Q->near)
        gold_release(&local);
    return 0;
}

/* --fit-window: the context's target for this length, or -1 after printing when the prompt
 * does not fit and --shrink was not given. */
static int fit_length(const struct grid *g, const struct query *q, struct point *p,
                      struct fit_rec *fit)
{
    uint64_t need;
    p->fill = p->length;
    p->fit = NULL;
    if (!g->fit_window)
        return 0;
    fit->window = g->fit_window;
    fit->reserve = g->reserve_output;
    fit->frame = g->frame ? g->frame(g->frame_arg, q) : 0;
    need = p->length + fit->frame + fit->reserve;
    if (need > g->fit_window && !g->shrink)
        return error("length %llu does not fit a window of %llu for query '%s': %llu context + "
                     "%llu prompt + %llu reserved for the output = %llu tokens (drop the length, "
                     "or give --shrink to cut distractor lines)",
                     (unsigned long long)p->length, (unsigned long long)g->fit_window, q->id,
                     (unsigned long long)p->length, (unsigned long long)fit->frame,
                     (unsigned long long)fit->reserve, (unsigned long long)need);
    if (need > g->fit_window)
        p->fill = fit->frame + fit->reserve < g->fit_window
                      ? g->fit_window - fit->frame - fit->reserve
                      : 0;
    fit->context_target = p->fill;
    p->fit = fit;
    return 0;
}

static int gen_query(struct run *R, struct qrun *Q, struct gold_db *gdb)
{
    const struct grid *g = R->g;
    size_t li, k;
    for (li = 0; li < g->nlengths; li++) {
        struct point p = {g->lengths[li], g->lengths[li], NULL, NULL, NULL, 0};
        struct fit_rec fit;
        if (fit_length(g, Q->q, &p, &fit) < 0)
            return -1;
        for (k = 0; k < g->namounts + g->ndensities; k++) {
            uint64_t budget;
            p.amount = k < g->namounts ? &g->amounts[k] : NULL;
            p.density = k < g->namounts ? NULL : &g->densities[k - g->namounts];
            budget = p.amount ? *p.amount : p.length * p.density->num / p.density->den;
            if (budget > p.length) {
                R->st->skipped_points++;
                continue;
            }
            if (gen_point(R, Q, gdb, &p, budget) < 0)
                return -1;
        }
    }
    return 0;
}

static int query_selected(struct run *R, const struct query *q)
{
    const struct grid *g = R->g;
    size_t i;
    int hit = 0;
    if (!g->nglobs)
        return 1;
    for (i = 0; i < g->nglobs; i++)
        if (!fnmatch(g->query_globs[i], q->id, 0) || !fnmatch(g->query_globs[i], q->base_id, 0))
            hit = R->glob_hits[i] = 1;
    return hit;
}

/* The bar is per query: every query not meant to be empty answers something in
 * nearly every instance.  Keep the worst. */
static void note_rate(struct gen_stats *st, const struct query *q, uint64_t nonempty,
                      uint64_t checked)
{
    double rate;
    if (!checked)
        return;
    rate = (double)nonempty / (double)checked;
    if (rate < st->worst_rate) {
        st->worst_rate = rate;
        snprintf(st->worst_query, sizeof(st->worst_query), "%s", q->id);
    }
}

static int load_queries(const struct grid *g, const struct schema *s, struct query_set *qs)
{
    char *path = query_set_path(g->root, s->name);
    size_t i;
    int rc = query_set_load(qs, path);
    free(path);
    if (rc)
        return -1;
    if (strcmp(qs->schema, s->name))
        rc = error("'%s' is for schema '%s', not '%s'", qs->path, qs->schema, s->name);
    for (i = 0; i < qs->n; i++)
        if (query_analyze(&qs->q[i], s) < 0)
            rc = -1;
    return rc;
}

static int gen_schema(struct run *R, const char *name)
{
    const struct grid *g = R->g;
    struct schema s;
    struct schema_opts o;
    memset(&o, 0, sizeof(o));
    o.db_file = g->db_file;
    o.verb_file = g->verb_file;
    o.generate = g->generate_data;
    o.scale = g->scale;
    o.data_seed = g->data_seed;
    struct query_set qs;
    struct gold_db *gdb;
    size_t si, qi;
    int rc = 0;
    if (schema_load(&s, g->root, name, &o) < 0)
        return -1;
    if (load_queries(g, &s, &qs) < 0 || !(gdb = gold_db_new(&s))) {
        query_set_release(&qs);
        schema_release(&s);
        return -1;
    }
    for (si = 0; si < g->nseeds && !rc; si++) {
        struct rendered r;
        rendered_build(&r, &s, g->seeds[si], g->meter);
        for (qi = 0; qi < qs.n && !rc; qi++) {
            struct qrun Q;
            if (!query_selected(R, &qs.q[qi]))
                continue;
            double t0 = mono_now();
            uint64_t ne = R->st->gold_nonempty, ck = R->st->gold_checked;
            rc = qrun_init(&Q, &s, &qs.q[qi], &r, g->seeds[si], g);
            if (!rc && g->distractors != DIS_TABLES && !Q.near)
                R->st->nearmiss_fallback++;
            if (!rc)
                rc = gen_query(R, &Q, gdb);
            qrun_release(&Q);
            note_rate(R->st, &qs.q[qi], R->st->gold_nonempty - ne, R->st->gold_checked - ck);
            say(2, "%s: %.3f s\n", qs.q[qi].id, mono_now() - t0);
        }
        rendered_release(&r);
    }
    gold_db_free(gdb);
    query_set_release(&qs);
    schema_release(&s);
    return rc;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t count_distinct(uint64_t *v, size_t n)
{
    size_t i, d = n > 0;
    if (!n)
        return 0;
    qsort(v, n, sizeof(*v), cmp_u64);
    for (i = 1; i < n; i++)
        d += v[i] != v[i - 1];
    return d;
}

int generate_suite(const struct grid *g, FILE *out, struct gen_stats *st)
{
    struct run R;
    size_t i;
    int rc = 0;
    memset(&R, 0, sizeof(R));
    R.line = (struct buf)BUF_INIT;
    memset(st, 0, sizeof(*st));
    st->worst_rate = 1.0;
    R.g = g, R.out = out, R.st = st;
    R.tty = isatty(2);
    R.started = mono_now();
    R.glob_hits = xcalloc(g->nglobs + 1, sizeof(int));
    for (i = 0; i < g->nschemas && !rc; i++)
        rc = gen_schema(&R, g->schemas[i]);
    for (i = 0; i < g->nglobs && !rc; i++)
        if (!R.glob_hits[i])
            rc = error("--queries: no query id matches '%s'", g->query_globs[i]);
    free(R.glob_hits);
    st->contexts = count_distinct(R.ctx_ids, R.nctx);
    free(R.ctx_ids);
    progress(&R, 1);
    buf_release(&R.line);
    lines_release(&R.lines);
    return rc;
}
