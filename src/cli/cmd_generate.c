/* holobench generate: flags and presets into a grid, then generate_suite(). */
#include "cmds.h"
#include "context.h"
#include "datagen.h"
#include "err.h"
#include "generate.h"
#include "meter.h"
#include "nearmiss.h"
#include "opts.h"
#include "prompt.h"
#include "query.h"
#include "schema.h"
#include "selection.h"
#include "util.h"
#include "xalloc.h"

#include "query.h"

#include <fnmatch.h>
#include <limits.h>
#include <sys/statvfs.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "banned.h"

static const struct cmd_info info = {
    "generate",
    "[--preset NAME] [--schemas A,B] [--queries GLOB] [--lengths L,…] [--amount A,…] "
    "[--density D,…] [--positions P,…] [--seeds N | --seed S] [--shard I/N] "
    "[--tokenizer NAME|FILE] -o SUITE.jsonl",
    "Build a benchmark suite: one JSON instance a line over the grid of schemas x queries x\n"
    "lengths x amount-or-density x positions x seeds.",
    "Presets (the flags override parts of them; without --preset, 'paper' is the base):\n"
    "  paper  lengths 4k,8k,16k,32k,64k; amount 2k and density 0.5; all five positions\n"
    "  quick  lengths 4k,8k; amount 1k and density 0.5; positions uniform,middle\n"
    "  long   lengths 128k,256k,512k,1m; amount 2k and density 0.5; all five positions;\n"
    "         rows drawn from generate.json at scale 16\n"
    "Sizes take k = 1024 and m = 1048576.  --amount and --density together replace the\n"
    "preset's settings; giving both puts both in the grid.  A point whose amount exceeds its\n"
    "length is skipped.  Positions: uniform, begin, end, middle, bimodal.\n"
    "Shards are numbered 1..N; shard I holds instances I, I+N, I+2N, ... of the full suite.\n"
    "--tokenizer NAME|FILE sizes every budget in that tokenizer's tokens (a .tiktoken file or\n"
    "a tokenizer.json; a NAME is looked up in tokenizers/ folders, see the README) and records\n"
    "its name and SHA-256; calibrated:FILE scales the estimate by `calibrate -o FILE`.\n"
    "--fit-window N [--reserve-output M] refuses a length whose prompt (the context plus the\n"
    "answer prompt's own tokens, counted the same way) plus M exceeds N; with --shrink the\n"
    "context is cut instead (fewer distractor lines) and the instance records it in \"fit\".\n",
};

struct preset {
    const char *name, *lengths, *amounts, *densities, *positions;
    const char *scale; /* NULL: the data files */
};
static const struct preset presets[] = {
    {"paper", "4k,8k,16k,32k,64k", "2k", "0.5", "uniform,begin,end,middle,bimodal", NULL},
    {"quick", "4k,8k", "1k", "0.5", "uniform,middle", NULL},
    /* half a million relevant tokens need more rows than the bundled draw holds */
    {"long", "128k,256k,512k,1m", "2k", "0.5", "uniform,begin,end,middle,bimodal", "16"},
};

struct args {
    const char *root, *preset, *seeds, *seed, *scale, *data_seed, *shard, *out, *tokenizer;
    char *base; /* where schemas/ and queries/ are read: g->root */
    const char *db, *verbalize;
    struct strlist schemas, queries, lengths, amounts, densities, positions;
    int strict, overlap, share, shrink;
    const char *distractors;
    struct meter meter;
    const char *fit_window, *reserve, *prompt;
    struct prompt pr;
    int have_prompt;
    struct buf scratch;
};

/* The answer prompt's own tokens for a query: the prompt around an empty context. */
static uint64_t frame_tokens(void *arg, const struct query *q)
{
    struct args *a = arg;
    buf_reset(&a->scratch);
    prompt_render(&a->pr, "", 0, q->question, NULL, &a->scratch);
    return meter_text(a->tokenizer ? &a->meter : NULL, a->scratch.s, a->scratch.len);
}

static int setup_fit(struct args *a, struct grid *g)
{
    char *bench;
    int rc;
    if (!a->fit_window) {
        if (a->reserve || a->shrink)
            return usage_error(&info, "--reserve-output and --shrink need --fit-window N");
        return 0;
    }
    if (parse_size(a->fit_window, &g->fit_window) < 0 || !g->fit_window)
        return usage_error(&info, "--fit-window: '%s' is not a size (such as 128k)", a->fit_window);
    if (a->reserve && parse_size(a->reserve, &g->reserve_output) < 0)
        return usage_error(&info, "--reserve-output: '%s' is not a size (such as 4k)", a->reserve);
    bench = bench_folder(a->root);
    if (check_resource_name(RES_PROMPT, bench, a->prompt ? a->prompt : "answer") < 0 ||
        prompt_load(&a->pr, bench, a->prompt ? a->prompt : "answer") < 0) {
        free(bench);
        return EXIT_FAIL;
    }
    free(bench);
    a->have_prompt = 1;
    g->shrink = a->shrink;
    g->frame = frame_tokens;
    g->frame_arg = a;
    rc = 0;
    return rc;
}

static int parse_sizes(struct strlist *l, uint64_t **out, size_t *n, const char *flag)
{
    size_t i;
    *out = xcalloc(l->n ? l->n : 1, sizeof(**out));
    *n = l->n;
    for (i = 0; i < l->n; i++)
        if (parse_size(l->v[i], &(*out)[i]) < 0 || !(*out)[i])
            return usage_error(&info, "%s: '%s' is not a size (such as 4096, 4k or 1m)", flag,
                               l->v[i]);
    return 0;
}

/* "0.50" and ".5" are both 0.5: one spelling, so that ids and the JSON number agree. */
static char *canonical_fraction(uint64_t num, uint64_t den)
{
    struct buf b = BUF_INIT;
    if (num == den) {
        buf_adds(&b, "1");
    } else {
        buf_adds(&b, "0.");
        while (den > 1) {
            den /= 10;
            buf_addch(&b, (char)('0' + num / den));
            num %= den;
            if (!num)
                break;
        }
    }
    return buf_detach(&b, NULL);
}

/* A value given twice would make instances with the same id. */
static int check_unique(const struct grid *g)
{
    size_t i, j;
    for (i = 0; i < g->nlengths; i++)
        for (j = 0; j < i; j++)
            if (g->lengths[i] == g->lengths[j])
                return usage_error(&info, "--lengths: %llu tokens given twice",
                                   (unsigned long long)g->lengths[i]);
    for (i = 0; i < g->namounts; i++)
        for (j = 0; j < i; j++)
            if (g->amounts[i] == g->amounts[j])
                return usage_error(&info, "--amount: %llu tokens given twice",
                                   (unsigned long long)g->amounts[i]);
    for (i = 0; i < g->ndensities; i++)
        for (j = 0; j < i; j++)
            if (!strcmp(g->densities[i].text, g->densities[j].text))
                return usage_error(&info, "--density: %s given twice", g->densities[i].text);
    for (i = 0; i < g->npositions; i++)
        for (j = 0; j < i; j++)
            if (g->positions[i] == g->positions[j])
                return usage_error(&info, "--positions: '%s' given twice",
                                   position_name(g->positions[i]));
    return 0;
}

static int parse_grid_axes(struct args *a, struct grid *g)
{
    size_t i;
    if (parse_sizes(&a->lengths, &g->lengths, &g->nlengths, "--lengths") ||
        parse_sizes(&a->amounts, &g->amounts, &g->namounts, "--amount"))
        return EXIT_USAGE;
    g->ndensities = a->densities.n;
    g->densities = xcalloc(a->densities.n ? a->densities.n : 1, sizeof(*g->densities));
    for (i = 0; i < a->densities.n; i++) {
        struct density *d = &g->densities[i];
        if (parse_fraction(a->densities.v[i], &d->num, &d->den) < 0 || !d->num)
            return usage_error(&info,
                               "--density: '%s' is not a fraction in (0, 1] with at most 9 "
                               "decimals",
                               a->densities.v[i]);
        d->text = canonical_fraction(d->num, d->den);
    }
    g->npositions = a->positions.n;
    g->positions = xcalloc(a->positions.n ? a->positions.n : 1, sizeof(int));
    for (i = 0; i < a->positions.n; i++)
        if ((g->positions[i] = position_parse(a->positions.v[i])) < 0) {
            const char *names[POS_COUNT];
            struct buf hint = BUF_INIT;
            int k;
            for (k = 0; k < POS_COUNT; k++)
                names[k] = position_name(k);
            suggest_choice(&hint, a->positions.v[i], names, POS_COUNT);
            usage_error(&info, "--positions: unknown position '%s'%s", a->positions.v[i], hint.s);
            buf_release(&hint);
            return EXIT_USAGE;
        }
    if (!g->nlengths || !g->npositions || !(g->namounts + g->ndensities))
        return usage_error(&info, "the grid is empty");
    return check_unique(g);
}

static int parse_seeds(struct args *a, struct grid *g)
{
    uint64_t n, i;
    if (a->seeds && a->seed)
        return usage_error(&info, "give --seeds N or --seed S, not both");
    if (a->seed) {
        g->seeds = xcalloc(1, sizeof(uint64_t));
        g->nseeds = 1;
        if (parse_u64(a->seed, &g->seeds[0]) < 0)
            return usage_error(&info, "--seed: '%s' is not a number", a->seed);
        return 0;
    }
    if (parse_u64(a->seeds ? a->seeds : "1", &n) < 0 || !n || n > 100000)
        return usage_error(&info, "--seeds: '%s' is not a count from 1 to 100000", a->seeds);
    g->seeds = xcalloc((size_t)n, sizeof(uint64_t));
    g->nseeds = (size_t)n;
    for (i = 0; i < n; i++)
        g->seeds[i] = i + 1;
    return 0;
}

static int parse_shard(const char *s, struct grid *g)
{
    uint64_t i, n;
    g->shard_i = g->shard_n = 1;
    if (!s)
        return 0;
    if (parse_part(s, &i, &n) < 0 || n > UINT_MAX)
        return usage_error(&info, "--shard: '%s' is not I/N with 1 <= I <= N", s);
    g->shard_i = (unsigned)i, g->shard_n = (unsigned)n;
    return 0;
}

static int apply_preset(struct args *a)
{
    const struct preset *p = NULL;
    size_t i;
    for (i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
        if (!strcmp(presets[i].name, a->preset ? a->preset : "paper"))
            p = &presets[i];
    if (!p) {
        static const char *const names[] = {"paper", "quick", "long"};
        struct buf hint = BUF_INIT;
        suggest_choice(&hint, a->preset, names, 3);
        usage_error(&info, "unknown preset '%s'%s", a->preset, hint.s);
        buf_release(&hint);
        return EXIT_USAGE;
    }
    if (!a->lengths.n)
        strlist_add(&a->lengths, p->lengths);
    if (!a->amounts.n && !a->densities.n) {
        strlist_add(&a->amounts, p->amounts);
        strlist_add(&a->densities, p->densities);
    }
    if (!a->positions.n)
        strlist_add(&a->positions, p->positions);
    if (!a->scale && !a->db && p->scale)
        a->scale = p->scale;
    return 0;
}

static void summary(const struct gen_stats *st, double secs, const char *out, const struct meter *m)
{
    say(1, "generated %llu instances into %s: %.1f MB, %.2f M context tokens, %.1f s\n",
        (unsigned long long)st->instances, out, (double)st->bytes / 1e6,
        (double)st->context_tokens / 1e6, secs);
    if (st->gold_checked)
        say(1, "non-empty gold: %.1f%% of %llu instances (queries not meant to be empty)\n",
            100.0 * (double)st->gold_nonempty / (double)st->gold_checked,
            (unsigned long long)st->gold_checked);
    if (st->worst_rate < 1.0)
        say(1, "lowest non-empty gold rate of one query: %.1f%% (%s)\n", 100.0 * st->worst_rate,
            st->worst_query);
    if (st->ambiguous)
        say(1, "ambiguous gold: %llu instances depend on row order\n",
            (unsigned long long)st->ambiguous);
    if (m && m->kind != METER_ESTIMATOR)
        say(1, "lengths in %s tokens (%s)\n", m->name, m->path);
    if (st->counted_whole)
        say(1, "tokenizer: %llu contexts counted whole (a line break inside a piece)\n",
            (unsigned long long)st->counted_whole);
    if (st->over_target)
        say(0,
            "warning: %llu contexts count more tokens than their target once joined (the "
            "pre-tokenizer joins pieces across lines)\n",
            (unsigned long long)st->over_target);
    if (st->skipped_points)
        say(1, "skipped: %llu grid points whose amount exceeds the length\n",
            (unsigned long long)st->skipped_points);
    if (st->nearmiss_instances)
        say(1,
            "near misses: %llu instances, %.1f%% of their distractor tokens from the queried "
            "tables\n",
            (unsigned long long)st->nearmiss_instances,
            100.0 * (double)st->nearmiss_tokens /
                (double)(st->nearmiss_ctx_tokens ? st->nearmiss_ctx_tokens : 1));
    if (st->contexts)
        say(1,
            "shared contexts: %llu distinct contexts for %llu instances (sharing factor "
            "%.2f)\n",
            (unsigned long long)st->contexts, (unsigned long long)st->instances,
            (double)st->instances / (double)st->contexts);
    if (st->nearmiss_fallback)
        say(1, "near misses: %llu queries have no row_filter and use the paper's tables mode\n",
            (unsigned long long)st->nearmiss_fallback);
}

/* Bytes a suite takes per context token: measured on the bundled schemas (the `quick` preset:
 * 12.9 MB for 2.99 M context tokens), the context with its JSON escapes, the row provenance
 * and templates and the instance's other members. */
#define BYTES_PER_TOKEN 4.3
/* Above this estimate, generate says how big the suite will be before it starts. */
#define BIG_SUITE_BYTES 2e9

/* What a grid will write, known before anything is generated. */
struct plan {
    uint64_t instances, tokens; /* in this shard; tokens: the contexts' targets, summed */
};

static int selected(const struct grid *g, const struct query *q, int *hits)
{
    size_t i;
    int hit = !g->nglobs;
    for (i = 0; i < g->nglobs; i++)
        if (!fnmatch(g->query_globs[i], q->id, 0) || !fnmatch(g->query_globs[i], q->base_id, 0))
            hit = hits[i] = 1;
    return hit;
}

/* Instances and context tokens of one selected query over the grid, per seed, as
 * generate.c enumerates them (points whose amount exceeds the length are skipped). */
static void plan_query(const struct grid *g, struct plan *p)
{
    size_t li, k;
    for (li = 0; li < g->nlengths; li++)
        for (k = 0; k < g->namounts + g->ndensities; k++) {
            uint64_t len = g->lengths[li];
            if (k < g->namounts && g->amounts[k] > len)
                continue;
            p->instances += g->npositions * g->nseeds;
            p->tokens += len * g->npositions * g->nseeds;
        }
}

/* A glob without its wildcards, to measure how near it is to a query id. */
static void glob_letters(const char *glob, struct buf *out)
{
    buf_reset(out);
    for (; *glob; glob++)
        if (!strchr("*?[]", *glob))
            buf_addch(out, *glob);
}

/* "--queries: no query id of schema wine matches 'x'; did you mean ...". */
static int no_match(const struct grid *g, const char *glob, const struct strlist *ids)
{
    struct buf msg = BUF_INIT, names = BUF_INIT, letters = BUF_INIT;
    size_t k;
    glob_letters(glob, &letters);
    suggest_nearest(&msg, letters.s, (const char *const *)ids->v, ids->n, 8);
    for (k = 0; k < g->nschemas; k++)
        buf_addf(&names, "%s%s", k ? ", " : "", g->schemas[k]);
    error("--queries: no query id of schema%s %s matches '%s'%s", g->nschemas == 1 ? "" : "s",
          names.s, glob, msg.s);
    buf_release(&msg);
    buf_release(&names);
    buf_release(&letters);
    return -1;
}

/* Loads each schema's query set for the plan: the selected queries' instances and tokens;
 * every --queries glob must match a query id (or an entry's id), else an error before anything
 * is generated, naming the nearest ids.  A query set that does not load is an error here
 * already (its problems printed). */
static int plan_suite(const struct grid *g, struct plan *p)
{
    struct strlist ids = {NULL, 0, 0};
    int *hits = xcalloc(g->nglobs + 1, sizeof(*hits)), rc = 0;
    size_t i, k;
    memset(p, 0, sizeof(*p));
    for (i = 0; i < g->nschemas && !rc; i++) {
        struct query_set qs;
        char *path = query_set_path(g->root, g->schemas[i]);
        rc = query_set_load(&qs, path) ? -1 : 0;
        free(path);
        for (k = 0; !rc && k < qs.n; k++) {
            if (!k || strcmp(qs.q[k].base_id, qs.q[k - 1].base_id))
                strlist_add(&ids, qs.q[k].base_id);
            if (strcmp(qs.q[k].id, qs.q[k].base_id))
                strlist_add(&ids, qs.q[k].id);
            if (selected(g, &qs.q[k], hits))
                plan_query(g, p);
        }
        if (!rc)
            query_set_release(&qs);
    }
    for (i = 0; i < g->nglobs && !rc; i++)
        if (!hits[i])
            rc = no_match(g, g->query_globs[i], &ids);
    if (g->shard_n > 1) { /* shard I holds instances I-1, I-1+N, ... */
        uint64_t all = p->instances, first = g->shard_i - 1;
        p->instances = all > first ? (all - first + g->shard_n - 1) / g->shard_n : 0;
        p->tokens = all ? (uint64_t)((double)p->tokens * (double)p->instances / (double)all) : 0;
    }
    strlist_clear(&ids);
    free(hits);
    return rc;
}

/* The total before the start, and the expected size when it is large, with the free space
 * of the output's file system when that is smaller: a warning, generation goes on (a long
 * suite is often wanted; --shard I/N or fewer --lengths make it smaller). */
static void announce(const struct plan *p, const char *out)
{
    double bytes = (double)p->tokens * BYTES_PER_TOKEN;
    struct statvfs fs;
    struct buf dir = BUF_INIT;
    const char *slash;
    say(1, "generate: %llu instances to write, %.2f M context tokens (up to about %.1f MB)\n",
        (unsigned long long)p->instances, (double)p->tokens / 1e6, bytes / 1e6);
    if (bytes < BIG_SUITE_BYTES || !strcmp(out, "-"))
        return;
    warning("the suite will take about %.1f GB in '%s' (%llu instances); --shard I/N writes it "
            "in parts, fewer --lengths make it smaller",
            bytes / 1e9, out, (unsigned long long)p->instances);
    slash = strrchr(out, '/');
    if (slash)
        buf_add(&dir, out, (size_t)(slash - out) + 1);
    else
        buf_adds(&dir, ".");
    if (statvfs(dir.s, &fs) == 0 && (double)fs.f_bavail * (double)fs.f_frsize < bytes)
        warning("only %.1f GB are free where '%s' goes: it will probably not fit",
                (double)fs.f_bavail * (double)fs.f_frsize / 1e9, out);
    buf_release(&dir);
}

#define SHORTS_SHOWN 20 /* queries explained one by one; the rest are counted */

/* Why one query fell short, and what to do about it. */
static void explain_query(const struct gen_short *e, const struct grid *g)
{
    struct buf b = BUF_INIT;
    buf_addf(&b, "  %s: %llu instance%s", e->id, (unsigned long long)e->instances,
             e->instances == 1 ? "" : "s");
    if (e->short_info)
        buf_addf(&b, "; relevant tokens %llu wanted, %llu placed on average: %s",
                 (unsigned long long)(e->info_target / e->instances),
                 (unsigned long long)(e->info_placed / e->instances),
                 e->near ? "with near misses only the rows that pass its row_filter are "
                           "information, and this query's answer needs few"
                         : "the tables it reads have too few rows at this scale");
    if (e->short_context)
        buf_addf(&b, "; context tokens %llu wanted, %llu placed on average: %s",
                 (unsigned long long)(e->ctx_target / e->instances),
                 (unsigned long long)(e->ctx_placed / e->instances),
                 e->reads_all ? "the query reads every table, so there is nothing to place as "
                                "distractor"
                              : "the tables it does not read are too small at this scale");
    if (e->short_context && e->reads_all)
        buf_adds(&b, " (fix: smaller --lengths)");
    else if (e->near && !e->short_context)
        buf_adds(&b, " (expected with near misses: the rest of the context is near misses; "
                     "--distractors tables counts every row of the tables read)");
    else
        buf_addf(&b, " (fix: --scale above %g, for a schema with a generate.json; or smaller %s)",
                 g->generate_data ? g->scale : 1.0,
                 e->short_info ? "--amount or --density" : "--lengths");
    say(1, "%s\n", b.s);
    buf_release(&b);
}

/* The shortfalls per query, and the instances whose positions gave one context. */
static void explain_shortfalls(const struct gen_stats *st, const struct grid *g)
{
    size_t i, shown = 0, more = 0;
    if (st->shortfalls) {
        say(1,
            "shortfall: %llu instances could not fill a budget (see their \"shortfall\"); "
            "by query:\n",
            (unsigned long long)st->shortfalls);
        for (i = 0; i < st->nshorts; i++) {
            if (!st->shorts[i].instances)
                continue;
            if (shown++ < SHORTS_SHOWN)
                explain_query(&st->shorts[i], g);
            else
                more++;
        }
        if (more)
            say(1, "  ... and %zu more queries\n", more);
    }
    if (!st->same_pos)
        return;
    say(1,
        "identical positions: %llu instances have the same context as the other positions of "
        "their grid point (no distractor to place the relevant rows among, or no relevant "
        "row):",
        (unsigned long long)st->same_pos);
    for (i = 0, shown = 0; i < st->nshorts; i++)
        if (st->shorts[i].same_pos && shown++ < SHORTS_SHOWN)
            say(1, " %s (%llu)", st->shorts[i].id, (unsigned long long)st->shorts[i].same_pos);
    say(1, "%s\n", shown > SHORTS_SHOWN ? " ..." : "");
}

static int run(struct args *a, struct grid *g)
{
    struct outfile *of;
    struct gen_stats st;
    struct timespec t0, t1;
    struct plan plan;
    int rc;
    if (plan_suite(g, &plan) < 0)
        return EXIT_FAIL;
    announce(&plan, a->out);
    g->expected = plan.instances;
    if (!(of = outfile_open(a->out)))
        return EXIT_FAIL;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = generate_suite(g, outfile_stream(of), &st);
    if (!rc && !st.instances && g->shard_n == 1) {
        if (st.skipped_points)
            error("the grid yields no instance: all %llu grid points have an amount above their "
                  "length (give --lengths above the --amount, or a smaller --amount)",
                  (unsigned long long)st.skipped_points);
        else
            error("the grid yields no instance: no query of the chosen schemas was selected");
        rc = -1;
    }
    if (rc) {
        gen_stats_release(&st);
        outfile_abort(of);
        return EXIT_FAIL;
    }
    if (outfile_commit(of) < 0) {
        gen_stats_release(&st);
        return EXIT_FAIL;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    summary(&st, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9, a->out,
            g->meter);
    explain_shortfalls(&st, g);
    gen_stats_release(&st);
    return EXIT_OK;
}

/* --db FILE: one schema, named by --schemas or after the file (wine.sqlite: wine). */
static int setup_db(struct args *a, struct grid *g)
{
    const char *base = strrchr(a->db, '/') ? strrchr(a->db, '/') + 1 : a->db;
    const char *dot = strrchr(base, '.');
    if (a->schemas.n > 1)
        return usage_error(&info, "--db makes one schema; give at most one name in --schemas");
    if (a->scale || a->data_seed)
        return usage_error(&info, "--db cannot be combined with --scale or --data-seed");
    if (!a->schemas.n) {
        char *name = xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
        strlist_add(&a->schemas, name);
        free(name);
    }
    g->db_file = a->db;
    g->verb_file = a->verbalize;
    return 0;
}

static int setup(struct args *a, struct grid *g)
{
    int rc;
    if (!a->out)
        return usage_error(&info, "-o SUITE.jsonl is required (- for standard output)");
    if ((rc = apply_preset(a)) || (rc = parse_grid_axes(a, g)) || (rc = parse_seeds(a, g)) ||
        (rc = parse_shard(a->shard, g)))
        return rc;
    /* --db brings its own data: its query set and templates are the benchmark folder's */
    if (a->db && !(a->base = bench_folder(a->root)))
        a->base = xstrdup(".");
    if (!a->db && !(a->base = schema_root(a->root)))
        return EXIT_FAIL;
    g->root = a->base;
    if (a->db && (rc = setup_db(a, g)))
        return rc;
    if (!a->db && a->schemas.n && check_schema_names(g->root, a->schemas.v, a->schemas.n) < 0)
        return EXIT_FAIL;
    if (!a->schemas.n) {
        size_t n, i;
        char **v = schema_list(g->root, 1, &n);
        if (!v)
            return EXIT_FAIL;
        for (i = 0; i < n; i++)
            strlist_add(&a->schemas, v[i]);
        free_strv(v);
    }
    g->schemas = a->schemas.v;
    g->nschemas = a->schemas.n;
    g->query_globs = a->queries.v;
    g->nglobs = a->queries.n;
    g->strict = a->strict;
    g->overlap = a->overlap;
    g->share_contexts = a->share;
    if (a->distractors && (g->distractors = distractors_parse(a->distractors)) < 0) {
        const char *names[DIS_COUNT];
        struct buf hint = BUF_INIT;
        for (int k = 0; k < DIS_COUNT; k++)
            names[k] = distractors_name(k);
        suggest_choice(&hint, a->distractors, names, DIS_COUNT);
        usage_error(&info, "--distractors: unknown mode '%s'%s", a->distractors, hint.s);
        buf_release(&hint);
        return EXIT_USAGE;
    }
    if (a->tokenizer) {
        char *bench = bench_folder(a->root);
        rc = meter_open(&a->meter, a->tokenizer, bench);
        free(bench);
        if (rc)
            return EXIT_FAIL;
        g->meter = &a->meter;
    }
    if ((rc = setup_fit(a, g)))
        return rc;
    if (a->scale || a->data_seed) {
        g->generate_data = 1;
        g->scale = 1.0;
        if (a->scale && datagen_parse_scale(a->scale, &g->scale) < 0)
            return usage_error(&info, "--scale: '%s' is not a number above 0 and at most %.0f",
                               a->scale, DATAGEN_SCALE_MAX);
        if (parse_u64(a->data_seed ? a->data_seed : "1", &g->data_seed) < 0)
            return usage_error(&info, "--data-seed: '%s' is not a number", a->data_seed);
    }
    return 0;
}

int cmd_generate(int argc, char **argv)
{
    struct args a;
    struct grid g;
    int rc;
    memset(&a, 0, sizeof(a));
    a.scratch = (struct buf)BUF_INIT;
    memset(&g, 0, sizeof(g));
    {
        const struct opt opts[] = {
            OPT_STRING(0, "root", &a.root, "DIR",
                       "the benchmark folder: read schemas/ and queries/ under DIR"),
            OPT_LIST(0, "schemas", &a.schemas, "A,B", "schemas to use (default: all with queries)"),
            OPT_LIST(0, "queries", &a.queries, "GLOB", "only query ids matching a glob"),
            OPT_STRING(0, "preset", &a.preset, "NAME", "paper, quick or long"),
            OPT_LIST(0, "lengths", &a.lengths, "L,...", "context lengths in tokens"),
            OPT_LIST(0, "amount", &a.amounts, "A,...", "relevant tokens per context"),
            OPT_LIST(0, "density", &a.densities, "D,...", "relevant fraction of the context"),
            OPT_LIST(0, "positions", &a.positions, "P,...", "where relevant rows go"),
            OPT_STRING(0, "seeds", &a.seeds, "N", "seeds 1..N (default 1)"),
            OPT_STRING(0, "seed", &a.seed, "S", "the one seed S"),
            OPT_STRING(0, "db", &a.db, "FILE", "use this SQLite file as the one schema"),
            OPT_STRING(0, "verbalize", &a.verbalize, "FILE",
                       "its templates (default schemas/NAME/verbalize.json)"),
            OPT_STRING(0, "scale", &a.scale, "S", "draw rows from generate.json at scale S"),
            OPT_STRING(0, "data-seed", &a.data_seed, "N", "seed of that draw (default 1)"),
            OPT_STRING(0, "shard", &a.shard, "I/N", "write only the I-th of N parts"),
            OPT_BOOL(0, "strict", &a.strict, "fail when data cannot fill a budget"),
            OPT_STRING(0, "distractors", &a.distractors, "MODE",
                       "tables (the paper's), near-miss or mixed"),
            OPT_BOOL(0, "share-contexts", &a.share,
                     "queries reading the same tables share one context per grid point"),
            OPT_BOOL(0, "overlap", &a.overlap,
                     "record the lexical overlap in tables mode too (other modes always do)"),
            OPT_STRING(0, "tokenizer", &a.tokenizer, "NAME|FILE",
                       "measure lengths with this tokenizer, or calibrated:FILE"),
            OPT_STRING(0, "fit-window", &a.fit_window, "N",
                       "refuse lengths whose prompt and reserve exceed N tokens"),
            OPT_STRING(0, "reserve-output", &a.reserve, "M",
                       "tokens the window keeps for the answer (with --fit-window)"),
            OPT_BOOL(0, "shrink", &a.shrink, "cut distractor lines until the prompt fits"),
            OPT_STRING(0, "prompt", &a.prompt, "NAME",
                       "the answer prompt the window counts (default answer)"),
            OPT_STRING('o', "output", &a.out, "FILE", "where to write the suite (- for stdout)"),
            OPT_END(),
        };
        int n = opts_parse(argc, argv, opts, &info);
        if (n == OPTS_HELP)
            return EXIT_OK;
        if (n < 0)
            return EXIT_USAGE;
        rc = n > 0 ? usage_error(&info, "unexpected argument '%s'", argv[0]) : 0;
    }
    if (!rc)
        rc = setup(&a, &g);
    if (!rc)
        rc = run(&a, &g);
    free(g.lengths);
    free(g.amounts);
    for (size_t i = 0; g.densities && i < g.ndensities; i++)
        free(g.densities[i].text);
    free(g.densities);
    free(g.positions);
    free(g.seeds);
    strlist_clear(&a.schemas);
    strlist_clear(&a.queries);
    strlist_clear(&a.lengths);
    strlist_clear(&a.amounts);
    strlist_clear(&a.densities);
    strlist_clear(&a.positions);
    free(a.base);
    meter_close(&a.meter);
    if (a.have_prompt)
        prompt_release(&a.pr);
    buf_release(&a.scratch);
    return rc;
}
