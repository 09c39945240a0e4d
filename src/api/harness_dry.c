/* harness_dry.c: run --dry-run: counts the work left, prints the first request to send (its
 * context elided unless --show-request) and estimates tokens, cost and wall time; the rules
 * are in harness.h and the README. */
#include "harness_int.h"

#include "context.h"
#include "err.h"
#include "meter.h"
#include "plan.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* The seconds per reply a dry run assumes when the run has measured none: a long-context
 * request of a few hundred output tokens. */
#define DRY_RUN_LATENCY_S 20.0

/* ---- dry run ------------------------------------------------------------------------------ */

struct header_print {
    const struct endpoint *e;
};

/* Every header value is a possible secret: only the ones holobench sets itself (content
 * type, API version) are shown. */
static void print_header_line(void *ctx, const char *line)
{
    const struct header_print *hp = ctx;
    const char *colon = strchr(line, ':');
    struct buf name = BUF_INIT;
    int secret;
    buf_add(&name, line, colon ? (size_t)(colon - line) : strlen(line));
    secret = provider_header_set(hp->e, name.s); /* the key's header says [redacted] already */
    if (secret && colon)
        printf("%s: [redacted]\n", name.s);
    else
        printf("%s\n", line);
    buf_release(&name);
}

/* "1h02m", "4m10s", "12 s" */
static void print_duration(double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        printf("%ldh%02ldm", t / 3600, (t % 3600) / 60);
    else if (t >= 60)
        printf("%ldm%02lds", t / 60, t % 60);
    else
        printf("%ld s", t);
}

/* The request of item `it` with its context replaced by a note (unless whole): the first
 * request as a reader wants to see it, its template and question, without 100k tokens. */
static int dry_request(const struct run_opts *o, const struct provider *p, const struct item *it,
                       int whole, struct request *rq)
{
    struct buf line = BUF_INIT, note = BUF_INIT;
    cJSON *inst = NULL, *ctx;
    char *text = NULL;
    int rc = -1;
    if (harness_read_line(o, it, &line) == 0)
        inst = cJSON_ParseWithLength(line.s, line.len);
    ctx = cJSON_GetObjectItemCaseSensitive(inst, "context");
    if (cJSON_IsString(ctx) && !whole) {
        buf_addf(&note,
                 "[... the context of instance %s, %zu bytes, elided; --show-request "
                 "prints it ...]",
                 it->id, strlen(ctx->valuestring));
        cJSON_ReplaceItemInObjectCaseSensitive(inst, "context", cJSON_CreateString(note.s));
    }
    if (inst && (text = cJSON_PrintUnformatted(inst))) {
        cJSON *built = harness_build_request(o, p, text, strlen(text), rq);
        rc = built ? 0 : error("cannot build the request of instance '%s'", it->id);
        cJSON_Delete(built);
    }
    cJSON_free(text);
    cJSON_Delete(inst);
    buf_release(&line);
    buf_release(&note);
    return rc;
}

struct dry_counts {
    size_t send, done, refused, cached;
    double in;
    long first; /* the first item to send, or -1 */
    /* prompt caching: tokens the provider's cache would hold (each group's first request
     * writes its prefix, the others read it), over the items to send */
    double cache_read, cache_write;
    size_t groups;
};

struct grouped {
    const char *ctx;
    double prefix;
};

static int cmp_grouped(const void *a, const void *b)
{
    return strcmp(((const struct grouped *)a)->ctx, ((const struct grouped *)b)->ctx);
}

/* The cache reads and writes of the items to send that share a context. */
static void dry_cache(struct dry_counts *c, struct grouped *g, size_t n)
{
    size_t i;
    qsort(g, n, sizeof(*g), cmp_grouped);
    for (i = 0; i < n; i++) {
        if (i == 0 || strcmp(g[i].ctx, g[i - 1].ctx)) {
            c->cache_write += g[i].prefix;
            c->groups++;
        } else {
            c->cache_read += g[i].prefix;
        }
    }
}

static int dry_count(const struct run_opts *o, const struct suite_index *ix, struct dry_counts *c,
                     double *latency)
{
    struct plan *pl;
    struct grouped *g = xcalloc(ix->n + 1, sizeof(*g));
    size_t i, ng = 0;
    memset(c, 0, sizeof(*c));
    c->first = -1;
    if (plan_open(&pl, o->run_path, o->cache_path) < 0) {
        free(g);
        return -1;
    }
    for (i = 0; i < ix->n; i++) {
        const struct item *it = &ix->items[i];
        enum plan_state st = plan_state(pl, it->id, it->hash, o->retry_refused);
        if (st == PLAN_SEND && (o->limit < 0 || (long)(c->send + c->cached) < o->limit)) {
            c->send++;
            c->in += (double)it->prompt_tokens;
            if (c->first < 0)
                c->first = (long)i;
            if (it->ctx && o->e->prompt_cache) {
                g[ng].ctx = it->ctx;
                g[ng++].prefix = (double)it->prefix_tokens;
            }
        } else if (st == PLAN_CACHED && (o->limit < 0 || (long)(c->send + c->cached) < o->limit)) {
            c->cached++;
        } else {
            c->done += st == PLAN_DONE;
            c->refused += st == PLAN_REFUSED;
        }
    }
    *latency = plan_latency(pl);
    plan_close(pl);
    dry_cache(c, g, ng);
    free(g);
    return 0;
}

/* Wall time: the slowest of the request budget, the token budget (which charges max_tokens
 * per request, as the run does) and concurrency at the measured or an assumed latency. */
static void dry_wall_time(const struct endpoint *e, const struct dry_counts *c, double latency)
{
    double n = (double)c->send, conc, rpm = 0, tpm = 0, wall;
    int measured = latency > 0;
    if (!measured)
        latency = DRY_RUN_LATENCY_S;
    conc = n * latency / e->concurrency;
    if (e->rpm > 0)
        rpm = n / e->rpm * 60;
    if (e->tpm > 0)
        tpm = (c->in + n * (double)e->max_output) / e->tpm * 60;
    wall = conc > rpm ? conc : rpm;
    wall = wall > tpm ? wall : tpm;
    printf("  wall time:     about ");
    print_duration(wall);
    printf(" (");
    print_duration(conc);
    printf(" at concurrency %d and %.0f s per reply%s", e->concurrency, latency,
           measured ? ", as measured in this run" : ", assumed");
    if (e->rpm > 0) {
        printf("; ");
        print_duration(rpm);
        printf(" at rpm %.0f", e->rpm);
    }
    if (e->tpm > 0) {
        printf("; ");
        print_duration(tpm);
        printf(" at tpm %.0f", e->tpm);
    }
    printf(")\n");
}

static void dry_counts_line(const struct suite_index *ix, const struct dry_counts *c)
{
    printf("selected %zu instances: %zu to send, %zu from the reply cache, %zu done, %zu "
           "refused before (--retry-failed sends them again)\n",
           ix->n, c->send, c->cached, c->done, c->refused);
}

/* Input dollars for `in` prompt tokens of which `read` come from the provider's cache and
 * `write` go into it (prices per million; cache prices default to price_in). */
static double input_cost(const struct endpoint *e, double in, double read, double write)
{
    double pr = e->price_cached_in >= 0 ? e->price_cached_in : e->price_in;
    double pw = e->price_cache_write >= 0 ? e->price_cache_write : e->price_in;
    return ((in - read - write) * e->price_in + read * pr + write * pw) / 1e6;
}

static void cost_line(const char *label, double input, double out_exp, double out_max,
                      double price_out)
{
    printf("  %s low (input only) $%.2f, expected (half of max_tokens) $%.2f, high (all of "
           "max_tokens) $%.2f\n",
           label, input, input + out_exp * price_out / 1e6, input + out_max * price_out / 1e6);
}

/* The cost, and with shared contexts the cost with prompt caching beside it. */
static void dry_cost(const struct endpoint *e, const struct dry_counts *c, double out_exp,
                     double out_max)
{
    if (e->price_in < 0 || e->price_out < 0) {
        printf("  cost: unknown (set price_in and price_out, dollars per million tokens)\n");
        return;
    }
    if (!c->groups) {
        cost_line("cost:", input_cost(e, c->in, 0, 0), out_exp, out_max, e->price_out);
        return;
    }
    printf("  prompt cache:  %.0f of the input tokens read from the cache and %.0f written "
           "(%zu shared contexts, each written by its first request; %.1f%% read)\n",
           c->cache_read, c->cache_write, c->groups, 100.0 * c->cache_read / c->in);
    cost_line("cost with caching:   ", input_cost(e, c->in, c->cache_read, c->cache_write), out_exp,
              out_max, e->price_out);
    cost_line("cost without caching:", input_cost(e, c->in, 0, 0), out_exp, out_max, e->price_out);
    printf("  caching makes the input cost %.0f%% of what it is without (output is the same "
           "either way)\n",
           100.0 * input_cost(e, c->in, c->cache_read, c->cache_write) /
               input_cost(e, c->in, 0, 0));
}

int harness_dry_run(const struct run_opts *o, const struct provider *p,
                    const struct suite_index *ix)
{
    struct buf url = BUF_INIT;
    struct request rq = {BUF_INIT, BUF_INIT, BUF_INIT, 0, 0};
    struct header_print hp = {o->e};
    struct dry_counts c;
    double out_max, out_exp, latency;
    if (dry_count(o, ix, &c, &latency) < 0)
        return EXIT_FAIL;
    if (!c.send) {
        printf("nothing to send: ");
        dry_counts_line(ix, &c);
        return EXIT_OK;
    }
    if (dry_request(o, p, &ix->items[c.first], o->show_request, &rq) < 0)
        return EXIT_FAIL;
    endpoint_url(o->e, &url);
    printf("POST %s\n", url.s);
    /* the key itself never reaches this output */
    p->headers(o->e, endpoint_key(o->e) ? "[redacted]" : NULL, print_header_line, &hp);
    printf("\n%s\n\n", rq.body.s);
    if (provider_streams(o->e)) /* added when sent, so that hashes and the cache ignore it */
        printf("streamed: the body is sent with %s\n", p->stream_members + 1);
    out_max = (double)c.send * (double)o->e->max_output;
    out_exp = out_max / 2;
    dry_counts_line(ix, &c);
    printf("estimate for %zu requests to %s (%s):\n", c.send, o->e->model, o->e->name);
    if (o->meter && o->meter->kind == METER_TOKENIZER)
        printf("  input tokens:  %.0f (prompts counted with %s, sha256 %.12s…)\n", c.in,
               o->meter->name, o->meter->sha256);
    else if (o->meter && o->meter->kind == METER_CALIBRATED)
        printf("  input tokens:  %.0f (estimated, %s, calibrated with %s)\n", c.in, TOKEN_ESTIMATOR,
               o->meter->name);
    else
        printf("  input tokens:  %.0f (estimated, %s)\n", c.in, TOKEN_ESTIMATOR);
    if (o->e->max_output)
        printf("  output tokens: at most %.0f (max_tokens %ld per request)\n", out_max,
               o->e->max_output);
    else
        printf("  output tokens: unknown (no max_tokens in params)\n");
    dry_cost(o->e, &c, out_exp, out_max);
    dry_wall_time(o->e, &c, latency);
    if (!endpoint_key(o->e) && o->e->api_key_env)
        printf("note: $%s is not set\n", o->e->api_key_env);
    buf_release(&url);
    buf_release(&rq.prompt);
    buf_release(&rq.cols);
    buf_release(&rq.body);
    return EXIT_OK;
}
