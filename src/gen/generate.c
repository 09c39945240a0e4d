/* generate.c: the suite generator — every grid point of every selected schema and query, built into
 * one JSONL instance a line; the interface and its rules are in generate.h. */
#include "generate.h"

#include "buf.h"
#include "context.h"
#include "err.h"
#include "gold.h"
#include "meter.h"
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
    unsigned char *is_rel;
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
    uint64_t index; /* instance counter over the whole grid, every shard */
    int *glob_hits; /* per --queries glob: matched some query */
    double last_progress;
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
};

static void progress(struct run *R, int final)
{
    double t = mono_now();
    if (!R->tty || get_verbosity() < 1 || (!final && t - R->last_progress < 0.2))
        return;
    R->last_progress = t;
    fprintf(stderr, "\rgenerate: %llu instances written%s", (unsigned long long)R->st->instances,
            final ? "\n" : "");
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
    }
}

static void lines_release(struct lines *L)
{
    free(L->rows);
    free(L->is_rel);
    free(L->tmpl);
    free(L->len);
    free(L->text);
}

static void write_instance(struct run *R, const struct qrun *Q, const struct point *p,
                           const struct relcache *rc, const struct selection *dis)
{
    struct buf id = BUF_INIT;
    struct instance_out in;
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
    in.gold = &rc->gold;
    in.nlines = rc->sel.n + dis->n;
    in.rows = R->lines.rows;
    in.tmpl = R->lines.tmpl;
    in.text = R->lines.text;
    in.text_len = R->lines.len;
    buf_reset(&R->line);
    instance_write(&R->line, &in);
    fwrite(R->line.s, 1, R->line.len, R->out);
    R->st->instances++;
    R->st->bytes += R->line.len;
    R->st->context_tokens += in.context_tokens;
    R->st->info_tokens += in.info_tokens;
    R->st->shortfalls += in.short_info || in.short_context;
    R->st->ambiguous += rc->gold.ambiguous;
    if (!Q->q->expect_empty) {
        R->st->gold_checked++;
        R->st->gold_nonempty += rc->gold.nrows > 0;
    }
    buf_release(&id);
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
    select_fill(&c->sel, &Q->rel, Q->s, Q->r, budget, Q->want_rel);
    if (gold_compute(gdb, Q->q, c->sel.rows, c->sel.n, &c->gold) < 0) {
        selection_release(&c->sel);
        return NULL;
    }
    Q->ncache++;
    return c;
}

static void qrun_init(struct qrun *Q, const struct schema *s, const struct query *q,
                      const struct rendered *r, uint64_t seed)
{
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
    buf_addf(&name, "%s%crelevant%c%s", s->name, 0x1f, 0x1f, q->base_id);
    pool_build(&Q->rel, s, r, Q->want_rel, hash64_mix(seed, name.s));
    buf_reset(&name);
    buf_addf(&name, "%s%cdistractor%c%s", s->name, 0x1f, 0x1f, q->base_id);
    pool_build(&Q->dis, s, r, Q->want_dis, hash64_mix(seed, name.s));
    buf_release(&name);
}

static void qrun_release(struct qrun *Q)
{
    size_t i;
    for (i = 0; i < Q->ncache; i++) {
        selection_release(&Q->cache[i].sel);
        gold_release(&Q->cache[i].gold);
    }
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

/* All positions of one (length, setting) point: one relevant and one distractor selection. */
static int gen_point(struct run *R, struct qrun *Q, struct gold_db *gdb, struct point *p,
                     uint64_t budget)
{
    const struct grid *g = R->g;
    const struct relcache *rc;
    struct selection dis;
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
    select_fill(&dis, &Q->dis, Q->s, Q->r, p->fill - rc->sel.tokens, NULL);
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
        return -1;
    }
    for (k = 0; k < g->npositions; k++, R->index++) {
        if (!in_shard(R, R->index))
            continue;
        p->position = g->positions[k];
        write_instance(R, Q, p, rc, &dis);
        progress(R, 0);
    }
    selection_release(&dis);
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
            qrun_init(&Q, &s, &qs.q[qi], &r, g->seeds[si]);
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
    R.glob_hits = xcalloc(g->nglobs + 1, sizeof(int));
    for (i = 0; i < g->nschemas && !rc; i++)
        rc = gen_schema(&R, g->schemas[i]);
    for (i = 0; i < g->nglobs && !rc; i++)
        if (!R.glob_hits[i])
            rc = error("--queries: no query id matches '%s'", g->query_globs[i]);
    free(R.glob_hits);
    progress(&R, 1);
    buf_release(&R.line);
    lines_release(&R.lines);
    return rc;
}
