/* report_json: the whole report as one JSON document (`report --format json`), every table
 * and chart series as numbers, for readers who draw their own figures. */
#include "buf.h"
#include "report_int.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* A number, or null when unknown (JSON has no NaN). */
static void num(cJSON *o, const char *key, double x)
{
    if (isnan(x) || isinf(x))
        cJSON_AddNullToObject(o, key);
    else
        cJSON_AddNumberToObject(o, key, x);
}

static void str(cJSON *o, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(o, key, s);
    else
        cJSON_AddNullToObject(o, key);
}

/* A cell: n, mean and its 95% interval (null without one: a single query). */
static void cell(cJSON *o, const struct stats_acc *a, const struct boot_ci *ci)
{
    num(o, "n", (double)a->n);
    num(o, "mean", stats_mean(a));
    num(o, "ci_low", ci && ci->has_ci ? ci->lo : NAN);
    num(o, "ci_high", ci && ci->has_ci ? ci->hi : NAN);
    if (ci)
        num(o, "queries", (double)ci->clusters);
}

/* One view's cells with data, in display order: {"value"} or {"row", "column"}. */
static cJSON *view_json(const struct report *R, const struct report_run *r, size_t view)
{
    const struct report_view *v = &report_views[view];
    const struct dim_dict *da = &R->d[v->a];
    size_t nb = report_dim_size(R, v->b), i, k;
    cJSON *arr = cJSON_CreateArray();
    for (i = 0; i < da->n; i++)
        for (k = 0; k < nb; k++) {
            uint32_t ia = da->order[i], ib = v->b == D_NONE ? 0 : R->d[v->b].order[k];
            const struct stats_acc *a = &r->agg[view][ia * nb + ib];
            cJSON *c;
            if (!a->n)
                continue;
            c = cJSON_CreateObject();
            if (v->b == D_NONE) {
                cJSON_AddStringToObject(c, "value", da->v[ia].name);
            } else {
                cJSON_AddStringToObject(c, report_dim_names[v->a], da->v[ia].name);
                cJSON_AddStringToObject(c, report_dim_names[v->b], R->d[v->b].v[ib].name);
            }
            cell(c, a, &r->ci[view][ia * nb + ib]);
            cJSON_AddItemToArray(arr, c);
        }
    return arr;
}

static cJSON *cost_json(const struct report_run *r)
{
    static const char *const tok[NTOK] = {"input_tokens", "output_tokens", "reasoning_tokens",
                                          "cached_tokens"};
    const struct run_cost *c = &r->cost;
    cJSON *o = cJSON_CreateObject(), *st;
    int k;
    for (k = 0; k < NTOK; k++)
        num(o, tok[k], c->tok_n[k] ? (double)c->tok[k] : NAN);
    num(o, "price_in", c->price_in < 0 ? NAN : c->price_in);
    num(o, "price_out", c->price_out < 0 ? NAN : c->price_out);
    num(o, "cache_write_tokens", c->cache_write ? (double)c->cache_write : NAN);
    num(o, "price_cached_in", c->price_cached_in < 0 ? NAN : c->price_cached_in);
    num(o, "price_cache_write", c->price_cache_write < 0 ? NAN : c->price_cache_write);
    num(o, "cost_usd", report_cost_dollars(c));
    num(o, "cache_hit_ratio", report_cache_ratio(c));
    num(o, "saved_by_caching_usd", report_cache_saved(c));
    num(o, "latency_n", (double)c->nlat);
    num(o, "latency_p50_ms", report_latency(c, 0.5));
    num(o, "latency_p90_ms", report_latency(c, 0.9));
    num(o, "latency_p99_ms", report_latency(c, 0.99));
    num(o, "retried", (double)c->retried);
    num(o, "retries", (double)c->retries);
    num(o, "from_cache", (double)c->from_cache);
    num(o, "usage_estimated", (double)c->estimated);
    num(o, "wall_s", c->wall_s);
    num(o, "prompt_error_n", (double)c->nprel);
    num(o, "prompt_error_p50", report_prompt_error(c, 0.5));
    num(o, "prompt_error_p5", report_prompt_error(c, 0.05));
    num(o, "prompt_error_p95", report_prompt_error(c, 0.95));
    str(o, "models_returned", c->models);
    st = cJSON_AddObjectToObject(o, "status");
    for (k = 0; k < NSTATUS; k++)
        num(st, report_status_names[k], (double)c->status[k]);
    return o;
}

static cJSON *meta_json(const struct report_run *r)
{
    cJSON *o = cJSON_CreateObject(), *ep = r->cost.endpoint ? cJSON_Parse(r->cost.endpoint) : NULL;
    str(o, "model", r->model);
    str(o, "holobench_version", r->cost.version);
    str(o, "suite_hash", r->suite_hash);
    str(o, "prompt", r->prompt);
    str(o, "prompt_hash", r->prompt_hash);
    str(o, "scorer_version", r->scorer_version);
    if (ep)
        cJSON_AddItemToObject(o, "endpoint", ep);
    else
        str(o, "endpoint", r->cost.endpoint);
    return o;
}

/* A stored JSON text as a tree, or null. */
static void parsed(cJSON *o, const char *key, const char *json)
{
    cJSON *v = json ? cJSON_Parse(json) : NULL;
    if (v)
        cJSON_AddItemToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static cJSON *worst_json(const struct worst *w)
{
    cJSON *o = cJSON_CreateObject(), *pos;
    size_t i;
    str(o, "id", w->id);
    str(o, "query_id", w->qid);
    num(o, "score", w->score);
    str(o, "flag", w->flag == F_OK ? NULL : report_flag_names[w->flag]);
    str(o, "question", w->question);
    str(o, "sql", w->sql);
    if (w->gold)
        cJSON_AddItemToObject(o, "gold", cJSON_Duplicate(w->gold, 1));
    else
        cJSON_AddNullToObject(o, "gold");
    parsed(o, "labels", w->labels);
    parsed(o, "why", w->why);
    num(o, "context_lines", w->nlines ? (double)w->nlines : NAN);
    pos = cJSON_AddArrayToObject(o, "relevant_lines");
    for (i = 0; i < w->npos; i++)
        cJSON_AddItemToArray(pos, cJSON_CreateNumber(w->pos[i]));
    str(o, "reply", w->reply);
    return o;
}

static cJSON *agree_json(const struct agree *a)
{
    cJSON *o = cJSON_CreateObject(), *conf = cJSON_AddArrayToObject(o, "confusion");
    double agreement, kappa = stats_kappa(a->conf, &agreement);
    size_t i, k;
    str(o, "other", a->other);
    for (i = 0; i < 3; i++) {
        cJSON *row = cJSON_CreateArray();
        for (k = 0; k < 3; k++)
            cJSON_AddItemToArray(row, cJSON_CreateNumber((double)a->conf[i][k]));
        cJSON_AddItemToArray(conf, row);
    }
    num(o, "agreement", agreement);
    num(o, "kappa", kappa);
    num(o, "instances_compared", (double)a->compared);
    num(o, "instances_differ", (double)a->differ);
    return o;
}

static cJSON *run_json(const struct report *R, const struct report_run *r)
{
    cJSON *o = cJSON_CreateObject(), *x;
    size_t k;
    str(o, "label", r->label);
    str(o, "path", r->path);
    num(o, "instances", (double)r->instances);
    num(o, "answered", (double)(r->instances - r->pending));
    num(o, "pending", (double)r->pending);
    num(o, "scored", (double)r->all.n);
    x = cJSON_AddObjectToObject(o, "overall");
    cell(x, &r->all, r->ci_all);
    x = cJSON_AddObjectToObject(o, "flags");
    for (k = 0; k < NFLAG; k++)
        cell(cJSON_AddObjectToObject(x, report_flag_names[k]), &r->flag[k], &r->ci_flag[k]);
    x = cJSON_AddObjectToObject(o, "views");
    for (k = 0; k < NVIEW; k++)
        cJSON_AddItemToObject(x, report_views[k].name, view_json(R, r, k));
    cJSON_AddItemToObject(o, "cost", cost_json(r));
    cJSON_AddItemToObject(o, "metadata", meta_json(r));
    cJSON_AddItemToObject(o, "depth", report_depth_json(&r->depth));
    cJSON_AddItemToObject(o, "by_mode", report_mode_json(&r->mode));
    x = cJSON_AddArrayToObject(o, "agreement");
    for (k = 0; k < r->nag; k++)
        cJSON_AddItemToArray(x, agree_json(&r->ag[k]));
    x = cJSON_AddArrayToObject(o, "lowest");
    for (k = 0; k < r->nworst; k++)
        cJSON_AddItemToArray(x, worst_json(&r->w[k]));
    return o;
}

static cJSON *pair_cell(const struct pairing *p, size_t c, const char *dim, const char *val)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "dimension", dim);
    cJSON_AddStringToObject(o, "value", val);
    num(o, "n", (double)p->diff[c].n);
    num(o, "diff", stats_mean(&p->diff[c]));
    num(o, "ci_low", p->ci[c].has_ci ? p->ci[c].lo : NAN);
    num(o, "ci_high", p->ci[c].has_ci ? p->ci[c].hi : NAN);
    num(o, "queries_better", (double)p->better[c]);
    num(o, "queries_worse", (double)p->worse[c]);
    num(o, "sign_test_p", p->p[c]);
    return o;
}

static cJSON *pairing_json(const struct report *R, const struct pairing *p)
{
    cJSON *o = cJSON_CreateObject(), *cells, *wtl;
    const struct dim_dict *types = &R->d[D_TYPE];
    size_t v, k;
    cJSON_AddStringToObject(o, "run", R->runs[p->run].label);
    cJSON_AddStringToObject(o, "base", R->runs[0].label);
    cells = cJSON_AddArrayToObject(o, "differences");
    for (v = 0; v <= NSINGLE; v++) {
        const struct dim_dict *d = v ? &R->d[report_views[v - 1].a] : NULL;
        size_t nv = v ? d->n : 1;
        for (k = 0; k < nv; k++) {
            size_t c = v ? p->off[v - 1] + d->order[k] : 0;
            if (p->diff[c].n)
                cJSON_AddItemToArray(
                    cells, pair_cell(p, c, v ? report_dim_names[report_views[v - 1].a] : "all",
                                     v ? d->v[d->order[k]].name : "all"));
        }
    }
    wtl = cJSON_AddArrayToObject(o, "wins_ties_losses");
    for (k = 0; k < types->n; k++) {
        const uint64_t *w = p->wtl[types->order[k]];
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "type", types->v[types->order[k]].name);
        num(t, "wins", (double)w[0]);
        num(t, "ties", (double)w[1]);
        num(t, "losses", (double)w[2]);
        cJSON_AddItemToArray(wtl, t);
    }
    return o;
}

void report_write_json(FILE *f, const struct report *R)
{
    cJSON *o = cJSON_CreateObject(), *x;
    char *s;
    size_t i;
    cJSON_AddStringToObject(o, "scorer", R->scorer);
    cJSON_AddStringToObject(o, "intervals",
                            "95% percentile bootstrap clustered by query id, fixed seed; null "
                            "with one query");
    x = cJSON_AddObjectToObject(o, "warnings");
    num(x, "instances_differ", (double)R->differ);
    cJSON_AddBoolToObject(x, "suites_differ", R->suites_differ);
    cJSON_AddBoolToObject(x, "prompts_differ", R->prompts_differ);
    cJSON_AddBoolToObject(x, "scorers_differ", R->scorers_differ);
    x = cJSON_AddArrayToObject(o, "runs");
    for (i = 0; i < R->nruns; i++)
        cJSON_AddItemToArray(x, run_json(R, &R->runs[i]));
    x = cJSON_AddArrayToObject(o, "paired");
    for (i = 0; i < R->npairs; i++)
        cJSON_AddItemToArray(x, pairing_json(R, &R->pairs[i]));
    s = cJSON_Print(o);
    if (s) {
        fputs(s, f);
        fputc('\n', f);
    }
    cJSON_free(s);
    cJSON_Delete(o);
}
