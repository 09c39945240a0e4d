/* harness.c: sends every instance of a suite to an endpoint and records each reply in a run
 * database, as one single-threaded libcurl multi loop; the interface and its rules are in
 * harness.h. */
#include "harness.h"
#include "harness_int.h"
#include "meter.h"

#include "breaker.h"
#include "context.h"
#include "err.h"
#include "jsonloc.h"
#include "filter.h"
#include "http.h"
#include "prng.h"
#include "provider.h"
#include "ratelimit.h"
#include "ctxgroup.h"
#include "resource.h"
#include "resume.h"
#include "retry.h"
#include "rundb.h"
#include "sha256.h"
#include "structured.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

/* ---- the suite, indexed ------------------------------------------------------------------- */

/* The body of one rendered prompt: with prompt caching, the prefix shared by the instances
 * of one context (the template up to {context}, and the context) is marked (provider.h). */
static void build_body(const struct endpoint *e, const struct provider *p, const cJSON *inst,
                       struct request *rq)
{
    const char *key = json_str(inst, "context_id");
    struct prompt_req req = {rq->prompt.s, rq->prompt.len, rq->prefix,
                             e->prompt_cache && *key ? key : NULL};
    p->build(e, &req, &rq->body);
}

/* A structured prompt's request: its {columns} and its schema come from the instance's gold,
 * the schema in a copy of the endpoint's params (structured.h). */
static int build_structured(const struct run_opts *o, const struct provider *p, const cJSON *inst,
                            struct request *rq)
{
    const cJSON *gold = cJSON_GetObjectItemCaseSensitive(inst, "gold");
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(inst, "context");
    struct endpoint e = *o->e;
    if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(gold, "columns")))
        return -1; /* without the gold's columns there is no schema to ask for */
    buf_reset(&rq->cols);
    answer_columns_text(gold, &rq->cols);
    prompt_render(o->pr, ctx->valuestring, strlen(ctx->valuestring), json_str(inst, "question"),
                  rq->cols.s, &rq->prompt);
    rq->prefix = o->pr->ctx_at + strlen(ctx->valuestring);
    if (rq->prompt_only)
        return 0;
    e.params = o->e->params ? cJSON_Duplicate(o->e->params, 1) : cJSON_CreateObject();
    structured_ask_take(e.params, e.api, ANSWER_SCHEMA_NAME, answer_schema(gold));
    build_body(&e, p, inst, rq);
    cJSON_Delete(e.params);
    return 0;
}

/* Builds the request of one instance line; returns the parsed instance (caller frees). */
cJSON *harness_build_request(const struct run_opts *o, const struct provider *p, const char *line,
                             size_t len, struct request *rq)
{
    cJSON *inst = cJSON_ParseWithLength(line, len);
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(inst, "context");
    if (!inst || !cJSON_IsString(ctx) || !cJSON_IsString(cJSON_GetObjectItem(inst, "id"))) {
        cJSON_Delete(inst);
        return NULL;
    }
    buf_reset(&rq->prompt);
    buf_reset(&rq->body);
    if (o->pr->structured) {
        if (build_structured(o, p, inst, rq) < 0) {
            cJSON_Delete(inst);
            return NULL;
        }
        return inst;
    }
    prompt_render(o->pr, ctx->valuestring, strlen(ctx->valuestring), json_str(inst, "question"),
                  NULL, &rq->prompt);
    rq->prefix = o->pr->ctx_at + strlen(ctx->valuestring);
    if (!rq->prompt_only)
        build_body(o->e, p, inst, rq);
    return inst;
}

static void request_hash(const struct endpoint *e, const struct buf *body, char out[65])
{
    struct sha256_ctx h;
    uint8_t d[32];
    sha256_init(&h);
    sha256_update(&h, e->base_url, strlen(e->base_url));
    sha256_update(&h, "\n", 1);
    sha256_update(&h, e->model, strlen(e->model));
    sha256_update(&h, "\n", 1);
    sha256_update(&h, body->s, body->len);
    sha256_final(&h, d);
    sha256_hex(d, out);
}

static char *dup_json(const cJSON *v)
{
    char *t = v ? cJSON_PrintUnformatted(v) : NULL;
    char *r = t ? xstrdup(t) : NULL;
    cJSON_free(t);
    return r;
}

static void keep_meta(struct item *it, const cJSON *inst)
{
    it->id = xstrdup(json_str(inst, "id"));
    it->meta[0] = xstrdup(json_str(inst, "query_id"));
    it->meta[1] = xstrdup(json_str(inst, "schema"));
    it->meta[2] = dup_json(cJSON_GetObjectItemCaseSensitive(inst, "types"));
    it->meta[3] = xstrdup(json_str(inst, "difficulty"));
    it->meta[4] = xstrdup(json_str(inst, "position"));
    it->meta[5] = dup_json(cJSON_GetObjectItemCaseSensitive(inst, "density"));
    it->target_tokens = clamp_to_i64(json_num(inst, "target_tokens", -1), -1, INT64_MAX, -1);
    it->info_tokens = clamp_to_i64(json_num(inst, "info_tokens", -1), -1, INT64_MAX, -1);
    it->seed = clamp_to_i64(json_num(inst, "seed", -1), -1, INT64_MAX, -1);
    it->ctx = *json_str(inst, "context_id") ? xstrdup(json_str(inst, "context_id")) : NULL;
}

static void run_item_of(const struct item *it, struct run_item *ri)
{
    memset(ri, 0, sizeof(*ri));
    ri->id = it->id;
    ri->query_id = it->meta[0];
    ri->schema = it->meta[1];
    ri->types_json = it->meta[2];
    ri->difficulty = it->meta[3];
    ri->position = it->meta[4];
    ri->density = it->meta[5];
    ri->target_tokens = it->target_tokens;
    ri->info_tokens = it->info_tokens;
    ri->seed = it->seed;
    ri->prompt_tokens = (int64_t)it->prompt_tokens;
    ri->request_hash = it->hash;
}

static void index_release(struct suite_index *ix)
{
    size_t i, k;
    for (i = 0; i < ix->n; i++) {
        free(ix->items[i].id);
        free(ix->items[i].ctx);
        for (k = 0; k < 6; k++)
            free(ix->items[i].meta[k]);
    }
    free(ix->items);
    memset(ix, 0, sizeof(*ix));
}

/* One pass over the suite: every selected instance's request, its hash and its prompt's
 * tokens; the whole file's hash (a dry run skips the hashes it does not need). */
static int index_suite(const struct run_opts *o, const struct provider *p, struct suite_index *ix)
{
    FILE *f = fopen(o->suite, "rb");
    struct request rq = {BUF_INIT, BUF_INIT, BUF_INIT, 0, 0};
    struct sha256_ctx h;
    uint8_t d[32];
    /* A dry run needs neither the suite's hash nor, without a reply cache to look into, the
     * requests' hashes: hashing 1.5 GB twice was most of the paper preset's dry run. */
    int dry = o->dry_run, hash_requests = !dry || (o->cache_path && file_exists(o->cache_path));
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long long off = 0;
    int lineno = 0, rc = 0;
    memset(ix, 0, sizeof(*ix));
    if (!f)
        return error("cannot open '%s': %s", o->suite, strerror(errno));
    sha256_init(&h);
    while (!rc && (n = getline(&line, &cap, f)) > 0) {
        cJSON *inst;
        struct item *it;
        lineno++;
        rq.prompt_only = !hash_requests;
        if (!dry)
            sha256_update(&h, line, (size_t)n);
        if (n > 1 || line[0] != '\n') {
            if (!(inst = harness_build_request(o, p, line, (size_t)n, &rq))) {
                rc = error_at(&(struct srcloc){o->suite, lineno, 0},
                              o->pr->structured
                                  ? "not an instance (invalid JSON, or no id, context or gold "
                                    "columns, which a structured prompt needs)"
                                  : "not an instance (invalid JSON, or no id or context)");
            } else {
                if (filter_selects(o->filters, inst)) {
                    ALLOC_GROW(ix->items, ix->n + 1, ix->alloc);
                    it = &ix->items[ix->n++];
                    memset(it, 0, sizeof(*it));
                    it->off = off;
                    it->len = (size_t)n;
                    keep_meta(it, inst);
                    if (hash_requests)
                        request_hash(o->e, &rq.body, it->hash);
                    it->prompt_tokens = o->meter ? meter_text(o->meter, rq.prompt.s, rq.prompt.len)
                                                 : text_tokens(rq.prompt.s, rq.prompt.len);
                    if (it->ctx) /* only a group's prefix is ever cached */
                        it->prefix_tokens = o->meter ? meter_text(o->meter, rq.prompt.s, rq.prefix)
                                                     : text_tokens(rq.prompt.s, rq.prefix);
                }
                cJSON_Delete(inst);
            }
        }
        off += n;
    }
    if (!rc && ferror(f))
        rc = error("cannot read '%s': %s", o->suite, strerror(errno));
    if (!rc && !ix->n) /* nothing to send is a mistake: say which filter selected nothing */
        rc = filter_explain(o->suite, o->filters);
    fclose(f);
    free(line);
    buf_release(&rq.prompt);
    buf_release(&rq.cols);
    buf_release(&rq.body);
    sha256_final(&h, d);
    sha256_hex(d, ix->hash);
    if (rc)
        index_release(ix);
    return rc;
}

/* ---- the loop ----------------------------------------------------------------------------- */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted++;
}

struct loop {
    const struct run_opts *o;
    const struct provider *p;
    struct suite_index *ix;
    struct rundb *db;
    struct replycache *cache;
    int fd;
    CURLM *multi;
    struct ratelimit rl;
    struct prng rng;
    struct backoff bo;
    const char *key;
    size_t *queue, nq, qhead;
    size_t *retry, nretry, ralloc;
    int inflight;
    struct http_xfer **live; /* the transfers in flight (for a hard stop) */
    size_t nlive;
    int stopping; /* 1: Ctrl-C or a run-stopping failure: send nothing more */
    int fatal;    /* an authentication or quota failure */
    double deadline;
    uint64_t total, answered, cached, failed, refused, retries, sent, tokens_in, tokens_out;
    double t0, last_progress;
    double shown_pause; /* the pause the progress line last announced */
    char pause_why[64];
    int hinted;
    /* the current failure's wait came from its body ("try again in 20s") */ /* what set
                                                                                rl.paused_until:
                                                                                "retry-after 20
                                                                                s from the
                                                                                server" */
    struct breaker br;
    int tty;
    struct request rq;
    struct buf line;
    struct buf last_error;   /* for a run in which nothing was answered */
    struct ctxgroup *groups; /* groups sharing a context (ctxgroup.h), or NULL */
    size_t *released, nreleased, areleased;
};

static int cmp_item_id(const void *a, const void *b)
{
    const struct item *const *x = a, *const *y = b;
    return strcmp((*x)->id, (*y)->id);
}

struct todo_ctx {
    struct loop *L;
    struct item **sorted;
    long limit;
};

static int add_todo(void *ctx, const char *id)
{
    struct todo_ctx *t = ctx;
    struct item key, *kp = &key, **hit;
    key.id = (char *)id;
    hit = bsearch(&kp, t->sorted, t->L->ix->n, sizeof(*t->sorted), cmp_item_id);
    if (!hit) /* in the run but filtered out now */
        return 0;
    if (t->limit >= 0 && (long)t->L->nq >= t->limit)
        return 1;
    t->L->queue[t->L->nq++] = (size_t)(*hit - t->L->ix->items);
    return 0;
}

/* Groups of instances sharing a context, when the suite has them (ctxgroup.h). */
static int build_groups(struct loop *L)
{
    char **ctx = xcalloc(L->ix->n + 1, sizeof(*ctx));
    size_t i;
    for (i = 0; i < L->ix->n; i++)
        ctx[i] = L->ix->items[i].ctx;
    L->groups = ctxgroup_new(ctx, L->ix->n);
    free(ctx);
    return 1;
}

static int build_queue(struct loop *L)
{
    struct todo_ctx t = {L, NULL, L->o->limit};
    size_t i;
    int rc;
    t.sorted = xcalloc(L->ix->n + 1, sizeof(*t.sorted));
    for (i = 0; i < L->ix->n; i++)
        t.sorted[i] = &L->ix->items[i];
    qsort(t.sorted, L->ix->n, sizeof(*t.sorted), cmp_item_id);
    L->queue = xcalloc(L->ix->n + 1, sizeof(size_t));
    rc = rundb_todo(L->db, L->o->retry_refused, add_todo, &t);
    free(t.sorted);
    if (rc >= 0 && build_groups(L) && L->groups)
        ctxgroup_order(L->groups, L->queue, L->nq);
    return rc < 0 ? -1 : 0;
}

/* ", waiting for the server's rate-limit window until 21:07:03 UTC (95 s)" while a pause
 * lasts (or only retries are left, or the client's budget holds requests back), so that a
 * quiet run is not taken for a hung one and says why it waits. */
static void pause_note(const struct loop *L, double now, char *out, size_t size)
{
    double left = L->rl.paused_until - now, soonest = -1;
    const char *why = L->pause_why[0] ? L->pause_why : "the server's rate limit";
    time_t until;
    struct tm tm;
    size_t i;
    out[0] = '\0';
    if (left <= 0 && !L->inflight && L->nretry) { /* only retries left, each at its time */
        for (i = 0; i < L->nretry; i++)
            if (soonest < 0 || L->ix->items[L->retry[i]].due < soonest)
                soonest = L->ix->items[L->retry[i]].due;
        left = soonest - now;
        why = "backoff after a failed attempt";
    } else if (left <= 0 && !L->inflight &&
               (left = ratelimit_wait((struct ratelimit *)&L->rl, now)) > 0.5) {
        why = "the endpoint's rpm/tpm budget";
    }
    if (left <= 0.5)
        return;
    until = (time_t)(wall_now() + left + 0.5);
    if (gmtime_r(&until, &tm))
        snprintf(out, size, ", waiting for %s until %02d:%02d:%02d UTC (%.0f s)", why, tm.tm_hour,
                 tm.tm_min, tm.tm_sec, left);
}

static void progress(struct loop *L, int final)
{
    double now = mono_now(), el = now - L->t0;
    double rate = el > 0 ? (double)(L->answered + L->cached) / el : 0;
    uint64_t left = L->total - L->answered - L->cached - L->failed;
    char paused[160];
    int new_pause = L->rl.paused_until > L->shown_pause + 1; /* say so at once */
    if (get_verbosity() < 1 ||
        (!final && !new_pause && now - L->last_progress < (L->tty ? 0.25 : 10)))
        return;
    L->shown_pause = L->rl.paused_until;
    L->last_progress = now;
    pause_note(L, now, paused, sizeof(paused));
    fprintf(stderr,
            "%srun: %llu/%llu answered (%llu cached), %.1f/s, ETA %.0f s, "
            "tokens %llu in / %llu out, %llu retries, %llu failed, %d in flight%s%s",
            L->tty ? "\r" : "", (unsigned long long)(L->answered + L->cached),
            (unsigned long long)L->total, (unsigned long long)L->cached, rate,
            rate > 0 ? (double)left / rate : 0.0, (unsigned long long)L->tokens_in,
            (unsigned long long)L->tokens_out, (unsigned long long)L->retries,
            (unsigned long long)L->failed, L->inflight, paused, L->tty && !final ? "\033[K" : "\n");
}

static int read_line(struct loop *L, const struct item *it)
{
    buf_reset(&L->line);
    if (buf_grow(&L->line, it->len) < 0 ||
        pread(L->fd, L->line.s, it->len, (off_t)it->off) != (ssize_t)it->len)
        return error("cannot read '%s': %s", L->o->suite, strerror(errno));
    buf_setlen(&L->line, it->len);
    return 0;
}

static int from_cache(struct loop *L, struct item *it)
{
    struct reply r;
    struct attempt_info a = {0, 0, 0, 1, 0};
    int got;
    if (!L->cache)
        return 0;
    reply_init(&r);
    got = replycache_get(L->cache, it->hash, &r);
    if (got == 1) {
        a.usage_estimated = reply_estimate_usage(&r, (int64_t)it->prompt_tokens);
        if (rundb_record_reply(L->db, it->id, &r, &a) == 0)
            L->cached++;
        else
            got = -1;
    }
    reply_release(&r);
    return got;
}

static int send_item(struct loop *L, size_t idx)
{
    struct item *it = &L->ix->items[idx];
    struct http_xfer *x;
    CURLMcode mc;
    cJSON *inst;
    if (read_line(L, it) < 0)
        return -1;
    if (!(inst = harness_build_request(L->o, L->p, L->line.s, L->line.len, &L->rq)))
        return error("'%s': instance '%s' is no longer readable", L->o->suite, it->id);
    cJSON_Delete(inst);
    if (!(x = http_xfer_new(L->o->e, L->p, L->key, &L->rq.body, 64u << 20)))
        return -1;
    x->item = idx;
    x->attempt = ++it->attempts;
    ratelimit_spend(&L->rl, (double)(it->prompt_tokens + (uint64_t)L->o->e->max_output),
                    mono_now());
    if ((mc = curl_multi_add_handle(L->multi, x->easy)) != CURLM_OK) {
        http_xfer_free(x);
        return error("instance %s: cannot start its request: %s", it->id, curl_multi_strerror(mc));
    }
    L->live[L->nlive++] = x;
    L->inflight++;
    L->sent++;
    return 0;
}

static void server_pacing(struct loop *L, const struct pacing *pc)
{
    double now = mono_now();
    if ((pc->remaining_requests == 0 && pc->reset_requests > 0) ||
        (pc->remaining_tokens == 0 && pc->reset_tokens > 0))
        snprintf(L->pause_why, sizeof(L->pause_why), "the server's rate-limit window");
    if (pc->remaining_requests == 0 && pc->reset_requests > 0)
        ratelimit_pause(&L->rl, pc->reset_requests, now);
    if (pc->remaining_tokens == 0 && pc->reset_tokens > 0)
        ratelimit_pause(&L->rl, pc->reset_tokens, now);
}

static void record_success(struct loop *L, struct item *it, struct http_xfer *x, struct reply *r)
{
    struct attempt_info a = {x->attempt, x->status, (mono_now() - x->started) * 1000, 0, 0};
    if (x->request_id[0] && !r->request_id)
        r->request_id = xstrdup(x->request_id);
    a.usage_estimated = reply_estimate_usage(r, (int64_t)it->prompt_tokens);
    if (rundb_record_reply(L->db, it->id, r, &a) < 0) {
        L->fatal = L->stopping = 1; /* a reply we cannot keep: stop paying for more */
        return;
    }
    if (L->cache)
        replycache_put(L->cache, it->hash, r);
    L->answered++;
    L->tokens_in += (uint64_t)(r->input_tokens > 0 ? r->input_tokens : 0);
    L->tokens_out += (uint64_t)(r->output_tokens > 0 ? r->output_tokens : 0);
}

static void record_failure(struct loop *L, struct item *it, struct http_xfer *x, const char *status,
                           const char *msg)
{
    struct attempt_info a = {x->attempt, x->status, (mono_now() - x->started) * 1000, 0, 0};
    if (rundb_record_failure(L->db, it->id, status, msg, &a) == 0 && x->request_id[0])
        rundb_set_request_id(L->db, it->id, x->request_id);
    L->failed++;
    L->refused += strcmp(status, "failed") != 0; /* a server's verdict, not a failure to ask */
    buf_reset(&L->last_error);
    buf_adds(&L->last_error, msg ? msg : status);
}

static void schedule_retry(struct loop *L, struct item *it, struct http_xfer *x, enum failure f)
{
    double delay = backoff_delay(&L->bo, x->attempt, x->status, &x->pacing, &L->rng);
    double now = mono_now();
    it->due = now + delay;
    if (f == FAIL_RATE) { /* the limit is the account's: everything waits, not just this one */
        snprintf(L->pause_why, sizeof(L->pause_why), "%s",
                 L->hinted                        ? "the wait the server's message asks for"
                 : x->pacing.retry_after == delay ? "retry-after from the server"
                                                  : "the server's rate-limit window");
        ratelimit_pause(&L->rl, delay, now);
    }
    ALLOC_GROW(L->retry, L->nretry + 1, L->ralloc);
    L->retry[L->nretry++] = x->item;
    L->retries++;
}

static void defer(struct loop *L, size_t idx, double due);

/* A group's leader is done: its held members go now, ahead of the queue. */
static void release_group(struct loop *L, size_t item)
{
    size_t i;
    double now = mono_now();
    L->nreleased = 0;
    ctxgroup_done(L->groups, item, &L->released, &L->nreleased, &L->areleased);
    for (i = 0; i < L->nreleased; i++)
        defer(L, L->released[i], now);
}

/* Stops the run (once) with a message saying why and what to do. */
static void stop_run(struct loop *L, const char *fmt, const char *detail, const char *hint)
{
    struct buf why = BUF_INIT;
    if (!L->fatal) {
        buf_addf(&why, fmt, detail);
        error("stopping the run: %s%s; replies so far are kept in '%s'", why.s, hint ? hint : "",
              L->o->run_path);
    }
    L->fatal = L->stopping = 1;
    buf_release(&why);
}

/* The circuit breaker (breaker.h): 1 when this failure stopped the run. */
static int breaker_check(struct loop *L, struct item *it, struct http_xfer *x, enum failure f,
                         const struct buf *msg)
{
    struct buf hint = BUF_INIT;
    int stop = 0;
    if (!x->status && tls_verify_failure(x->code, x->errbuf)) {
        const char *ca = http_ca_file(L->o->e);
        buf_addf(&hint,
                 "; to trust a server's own CA, name its certificate (PEM) in the endpoint as "
                 "\"ca_file\" (or a folder of them as \"ca_path\"), or set CURL_CA_BUNDLE or "
                 "SSL_CERT_FILE%s%s",
                 ca ? "; the CA file used was " : "", ca ? ca : "");
        record_failure(L, it, x, "failed", msg->s);
        stop_run(L, "the server's TLS certificate was not accepted: %s",
                 x->errbuf[0] ? x->errbuf : curl_easy_strerror(x->code), hint.s);
        stop = 1;
    } else if (!x->status) {
        if (breaker_no_reply(&L->br, x->code, mono_now())) {
            buf_addf(&hint, "; is the server up, and base_url (%s) right?", L->o->e->base_url);
            record_failure(L, it, x, "failed", msg->s);
            stop_run(L, "no request reached the server for a minute or more: %s", msg->s, hint.s);
            stop = 1;
        }
    } else if (f == FAIL_BAD_REQUEST) {
        if (breaker_refused(&L->br, x->status, x->resp.s, x->resp.len)) {
            record_failure(L, it, x, "bad_request", msg->s);
            buf_addf(&hint,
                     "; every instance would be refused alike: fix the endpoint (model, params, "
                     "headers) and run again with --retry-failed (%d in a row; \"stop_after\" "
                     "in the endpoint or --stop-after changes it)",
                     L->br.count);
            stop_run(L, "the server refused the same request in the same way: %s", msg->s, hint.s);
            stop = 1;
        }
    } else if (f != FAIL_TOO_LONG) {
        breaker_reply(&L->br);
    }
    buf_release(&hint);
    return stop;
}

static void handle_done(struct loop *L, struct http_xfer *x)
{
    struct item *it = &L->ix->items[x->item];
    struct reply r;
    struct buf msg = BUF_INIT, err = BUF_INIT;
    enum failure f = FAIL_NONE;
    int retrying = 0;
    server_pacing(L, &x->pacing);
    endpoint_redact(L->o->e, &x->resp);
    reply_init(&r);
    if (x->status >= 200 && x->status < 300 && L->p->parse(x->resp.s, x->resp.len, &r, &err) == 0) {
        breaker_reply(&L->br);
        record_success(L, it, x, &r);
    } else {
        int over = buf_over_max(&x->resp); /* cut at the cap: not a reply, not retried */
        f = L->p->classify(x->status, x->resp.s, x->resp.len, &msg);
        if (over) {
            buf_reset(&msg);
            buf_addf(&msg, "the response is larger than %zu MiB (the limit)", x->resp.max >> 20);
        } else if (!x->status)
            buf_addf(&msg, "%s%s", msg.len ? "; " : "",
                     x->errbuf[0] ? x->errbuf : curl_easy_strerror(x->code));
        else if (err.len && !msg.len)
            buf_adds(&msg, err.s);
        endpoint_redact_message(L->o->e, &msg);
        failure_line(&msg); /* one bounded line, as stored and shown */
        buf_addf(&msg, " (HTTP %ld, %s)", x->status, over ? "not retried" : failure_name(f));
        if (f == FAIL_RATE && x->pacing.retry_after < 0 && x->pacing.reset_requests < 0 &&
            x->pacing.reset_tokens < 0) /* no header says how long: the body may */
            L->hinted = (x->pacing.retry_after = retry_hint_in_body(x->resp.s, x->resp.len)) >= 0;
        else
            L->hinted = 0;
        if (breaker_check(L, it, x, f, &msg)) {
            /* stopped: the instance stays to be sent again by a resume */
        } else if (!over && (f == FAIL_RETRY || f == FAIL_RATE || f == FAIL_OVERLOAD) &&
                   x->pacing.should_retry != 0 && x->attempt <= L->o->e->max_retries &&
                   !L->stopping) {
            say(2, "%s: attempt %d: %s; retrying\n", it->id, x->attempt, msg.s);
            schedule_retry(L, it, x, f);
            retrying = 1;
        } else if (f == FAIL_TOO_LONG) {
            record_failure(L, it, x, "too_long", msg.s);
        } else if (f == FAIL_BAD_REQUEST) {
            record_failure(L, it, x, "bad_request", msg.s);
        } else {
            record_failure(L, it, x, "failed", msg.s);
            if (f == FAIL_AUTH || f == FAIL_QUOTA) {
                if (!L->fatal)
                    error("stopping the run: %s (%s); replies so far are kept in '%s'",
                          f == FAIL_AUTH ? "the server refused the credentials"
                                         : "the account's quota or spend limit is exhausted",
                          msg.s, L->o->run_path);
                L->fatal = L->stopping = 1;
            }
        }
    }
    if (L->groups && !retrying)
        release_group(L, x->item);
    reply_release(&r);
    buf_release(&msg);
    buf_release(&err);
}

/* The next item that may go now: a retry that is due, else the next of the queue. */
static long next_ready(struct loop *L, double now, double *wait)
{
    size_t i;
    for (i = 0; i < L->nretry; i++) {
        if (L->ix->items[L->retry[i]].due <= now) {
            size_t idx = L->retry[i];
            L->retry[i] = L->retry[--L->nretry];
            return (long)idx;
        }
        if (L->ix->items[L->retry[i]].due - now < *wait)
            *wait = L->ix->items[L->retry[i]].due - now;
    }
    return L->qhead < L->nq ? (long)L->queue[L->qhead++] : -1;
}

/* Is an identical request (same hash) already on its way? */
static int twin_in_flight(const struct loop *L, const struct item *it)
{
    size_t i;
    for (i = 0; i < L->nlive; i++)
        if (!strcmp(L->ix->items[L->live[i]->item].hash, it->hash))
            return 1;
    return 0;
}

static void defer(struct loop *L, size_t idx, double due)
{
    L->ix->items[idx].due = due;
    ALLOC_GROW(L->retry, L->nretry + 1, L->ralloc);
    L->retry[L->nretry++] = idx;
}

static int fill(struct loop *L, double *wait)
{
    while (!L->stopping && L->inflight < L->o->e->concurrency) {
        double now = mono_now(), w = ratelimit_wait(&L->rl, now);
        long idx;
        int c;
        if (w > 0) {
            if (w < *wait)
                *wait = w;
            return 0;
        }
        if ((idx = next_ready(L, now, wait)) < 0)
            return 0;
        if ((c = from_cache(L, &L->ix->items[idx])) < 0)
            return -1;
        if (!c && L->cache && twin_in_flight(L, &L->ix->items[idx])) {
            defer(L, (size_t)idx, now + 0.05); /* its reply will be in the cache: pay once */
            continue;
        }
        if (!c && L->groups && !ctxgroup_may_send(L->groups, (size_t)idx))
            continue; /* its group's leader is still out: wait for the prompt cache */
        if (!c && send_item(L, (size_t)idx) < 0)
            return -1;
    }
    return 0;
}

static void forget_live(struct loop *L, const struct http_xfer *x)
{
    size_t i;
    for (i = 0; i < L->nlive; i++)
        if (L->live[i] == x) {
            L->live[i] = L->live[--L->nlive];
            return;
        }
}

/* Handles finished transfers; returns how many, so that freed slots refill at once. */
static int drain(struct loop *L)
{
    CURLMsg *m;
    int left, n = 0;
    while ((m = curl_multi_info_read(L->multi, &left))) {
        struct http_xfer *x = NULL;
        if (m->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        curl_multi_remove_handle(L->multi, m->easy_handle);
        forget_live(L, x);
        http_xfer_done(x, m->data.result);
        L->inflight--;
        handle_done(L, x);
        http_xfer_free(x);
        n++;
    }
    return n;
}

static void abandon_inflight(struct loop *L)
{
    size_t i;
    for (i = 0; i < L->nlive; i++) {
        curl_multi_remove_handle(L->multi, L->live[i]->easy);
        http_xfer_free(L->live[i]);
    }
    L->nlive = 0;
    L->inflight = 0;
}

static int loop_run(struct loop *L)
{
    int rc = 0;
    while (L->inflight > 0 || (!L->stopping && (L->qhead < L->nq || L->nretry > 0))) {
        double wait = 0.25;
        int running;
        CURLMcode mc;
        if (interrupted && !L->stopping) {
            L->stopping = 1;
            L->deadline = mono_now() + L->o->grace_s;
            say(1,
                "\ninterrupted: sending nothing more; waiting up to %.0f s for %d replies "
                "in flight (Ctrl-C or SIGTERM again to stop now)\n",
                L->o->grace_s, L->inflight);
        }
        if (interrupted > 1 || (L->deadline > 0 && mono_now() > L->deadline)) {
            abandon_inflight(L);
            break;
        }
        if ((rc = fill(L, &wait)) < 0)
            break;
        mc = curl_multi_perform(L->multi, &running); /* starts what fill() added */
        if (!mc && drain(L) > 0)
            continue; /* a slot is free: fill it now rather than after the poll */
        progress(L, 0);
        if (!mc && (L->inflight || L->nretry || L->qhead < L->nq))
            mc = curl_multi_poll(L->multi, NULL, 0, (int)(wait * 1000) + 1, NULL);
        if (mc) { /* out of memory: the transfers would never end */
            rc = error("libcurl: %s", curl_multi_strerror(mc));
            abandon_inflight(L);
            break;
        }
    }
    progress(L, 1);
    return rc;
}

static void summary(struct loop *L)
{
    int64_t c[5] = {0}, truncated = 0;
    if (rundb_counts(L->db, c, &truncated) < 0)
        return;
    say(1,
        "run %s: %lld done (%lld truncated), %lld pending, %lld failed, %lld bad request, "
        "%lld too long; this session: %llu sent, %llu from cache, %llu retries\n",
        L->o->run_path, (long long)c[1], (long long)truncated, (long long)c[0], (long long)c[2],
        (long long)c[3], (long long)c[4], (unsigned long long)L->sent,
        (unsigned long long)L->cached, (unsigned long long)L->retries);
}

/* How many selected instances ended failed, bad_request or too_long (pending ones, which
 * --limit left unsent, are not counted); with `name`, the first few are named.  -1 on a
 * database error. */
static long count_unfinished(struct loop *L, int name)
{
    size_t i;
    long bad = 0;
    for (i = 0; i < L->ix->n; i++) {
        struct run_state st;
        if (rundb_state(L->db, L->ix->items[i].id, &st) < 0)
            return -1;
        if (strcmp(st.status, "pending") && strcmp(st.status, "done") && ++bad <= 3 && name)
            say(1, "  %s: %s: %s\n", L->ix->items[i].id, st.status,
                st.last_error ? st.last_error : "");
        run_state_release(&st);
    }
    if (bad > 3 && name)
        say(1, "  ... and %ld more\n", bad - 3);
    return bad;
}

static int open_run(const struct run_opts *o, const struct suite_index *ix, struct rundb **db)
{
    struct buf ep = BUF_INIT, params = BUF_INIT;
    char *pj = cJSON_PrintUnformatted(o->e->params);
    struct run_setting set[] = {
        {"endpoint", NULL, SETTING_INFO},
        {"api", api_name(o->e->api), SETTING_SAME},
        {"base_url", o->e->base_url, SETTING_URL},
        {"model", o->e->model, SETTING_SAME},
        {"params", pj, SETTING_SAME},
        {"system", o->e->system, SETTING_SAME},
        {"prompt", o->pr->path, SETTING_INFO},
        {"prompt_hash", o->pr->hash, SETTING_SAME},
        {"answer_format", o->pr->structured ? "json" : "text", SETTING_SAME},
        {"suite_hash", ix->hash, SETTING_SAME},
    };
    int rc;
    endpoint_public_json(o->e, &ep);
    set[0].value = ep.s;
    rc = rundb_open(db, o->run_path, set, sizeof(set) / sizeof(set[0]));
    if (!rc && rundb_lock(*db) < 0) {
        rundb_close(*db);
        *db = NULL;
        rc = -1;
    }
    cJSON_free(pj);
    buf_release(&ep);
    buf_release(&params);
    return rc;
}

static int add_items(struct rundb *db, const struct suite_index *ix)
{
    struct run_item *ri = xcalloc(ix->n + 1, sizeof(*ri));
    size_t i;
    int rc;
    for (i = 0; i < ix->n; i++)
        run_item_of(&ix->items[i], &ri[i]);
    rc = rundb_add(db, ri, ix->n);
    free(ri);
    return rc;
}

/* The endpoint's prices, for the report's cost: kept apart from the settings, since a price
 * change must not block a resume. */
static int record_prices(struct rundb *db, const struct endpoint *e)
{
    cJSON *o = cJSON_CreateObject();
    char *s;
    int rc;
    const struct {
        const char *name;
        double v;
    } p[] = {{"price_in", e->price_in},
             {"price_out", e->price_out},
             {"price_cached_in", e->price_cached_in},
             {"price_cache_write", e->price_cache_write}};
    for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++)
        if (p[i].v >= 0)
            cJSON_AddNumberToObject(o, p[i].name, p[i].v);
    s = cJSON_PrintUnformatted(o);
    rc = rundb_set_info(db, "prices", s);
    cJSON_free(s);
    cJSON_Delete(o);
    return rc;
}

/* Where the suite is, absolute and relative to the run's folder, so that the run finds it
 * from any working directory and after its folder moved with the suite
 * (resource_recorded_path() reads them back). */
static int record_suite(struct rundb *db, const struct run_opts *o)
{
    char *abs = path_absolute(o->suite), *rel = path_relative_to_file(o->run_path, o->suite);
    int rc = rundb_set_info(db, "suite_path", abs ? abs : o->suite);
    if (!rc && rel)
        rc = rundb_set_info(db, "suite_path_rel", rel);
    if (!rc)
        rc = record_prices(db, o->e);
    free(abs);
    free(rel);
    return rc;
}

static int run_loop(const struct run_opts *o, const struct provider *p, struct suite_index *ix)
{
    struct loop L;
    /* SIGTERM and SIGHUP as Ctrl-C: a service manager's "stop" must not lose the replies in
     * flight, which a resume would pay for again */
    static const int stop_sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa, old_sa[3];
    size_t si;
    int rc = 0, created = access(o->run_path, F_OK) != 0;
    memset(&L, 0, sizeof(L));
    L.line = (struct buf)BUF_INIT;
    L.last_error = (struct buf)BUF_INIT;
    L.rq = (struct request){BUF_INIT, BUF_INIT, BUF_INIT, 0, 0};
    L.o = o, L.p = p, L.ix = ix;
    L.key = endpoint_key(o->e);
    L.tty = isatty(2);
    L.t0 = mono_now();
    prng_seed(&L.rng, hash64(ix->hash, 64) ^ (uint64_t)getpid()); /* jitter need not repeat */
    ratelimit_init(&L.rl, o->e->rpm, o->e->tpm, L.t0);
    breaker_init(&L.br, o->stop_after >= 0 ? o->stop_after : o->e->stop_after, o->e->unreachable_s);
    if (open_run(o, ix, &L.db) < 0 || record_suite(L.db, o) < 0 || add_items(L.db, ix) < 0 ||
        build_queue(&L) < 0) {
        rc = -1;
        goto out;
    }
    if (o->cache_path && replycache_open(&L.cache, o->cache_path) < 0) {
        rc = -1;
        goto out;
    }
    L.total = L.nq;
    if ((L.fd = open(o->suite, O_RDONLY)) < 0) {
        rc = error("cannot open '%s': %s", o->suite, strerror(errno));
        goto out;
    }
    if (!(L.multi = curl_multi_init())) {
        rc = error("cannot create a libcurl multi handle");
        goto out;
    }
    curl_multi_setopt(L.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o->e->concurrency);
    L.live = xcalloc((size_t)o->e->concurrency + 1, sizeof(*L.live));
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigint;
    for (si = 0; si < 3; si++) {
        sigaction(stop_sigs[si], NULL, &old_sa[si]);
        if (stop_sigs[si] == SIGINT || old_sa[si].sa_handler != SIG_IGN) /* nohup stays */
            sigaction(stop_sigs[si], &sa, NULL);
    }
    interrupted = 0;
    if (L.nq)
        say(1, "run: %zu instances to send to %s (%s), %d at a time\n", L.nq, o->e->model,
            o->e->name, o->e->concurrency);
    else
        say(1, "run: nothing to send: every selected instance is already done or refused "
               "(--retry-failed sends refused ones again)\n");
    rc = loop_run(&L);
    for (si = 0; si < 3; si++)
        sigaction(stop_sigs[si], &old_sa[si], NULL);
    summary(&L);
    if (L.fatal || interrupted || rc < 0) { /* rc < 0: the loop said why it stopped */
        rc = -1;
    } else if (L.total && !L.answered && !L.cached && !L.refused) {
        rc = error("none of the %llu requests was answered; the last failure: %s",
                   (unsigned long long)L.total, L.last_error.len ? L.last_error.s : "none");
    } else if (rc == 0) {
        long bad = count_unfinished(&L, 0);
        if (bad < 0) {
            rc = -1;
        } else if (bad > 0) {
            say(1,
                "run: %ld selected instances ended failed, bad_request or too_long (exit status "
                "%d; running again retries the failed ones, --retry-failed also the refused "
                "ones):\n",
                bad, EXIT_SOME_FAILED);
            rc = count_unfinished(&L, 1) < 0 ? -1 : 1;
        }
    }
out:
    if (L.multi)
        curl_multi_cleanup(L.multi);
    if (L.fd > 0)
        close(L.fd);
    free(L.live);
    free(L.queue);
    free(L.retry);
    free(L.released);
    ctxgroup_free(L.groups);
    buf_release(&L.rq.prompt);
    buf_release(&L.rq.cols);
    buf_release(&L.rq.body);
    buf_release(&L.line);
    buf_release(&L.last_error);
    if (L.cache)
        replycache_close(L.cache);
    if (rc < 0 && created && !L.sent && !L.cached)
        rundb_close_remove(L.db); /* failed before any request: leave no empty run behind */
    else
        rundb_close(L.db);
    return rc;
}

/* The prompt file's system message becomes the endpoint's (prompt.h). */
static int take_prompt_system(const struct run_opts *o)
{
    if (!o->pr->system)
        return 0;
    if (o->e->system && strcmp(o->e->system, o->pr->system))
        return error("both endpoint '%s' and prompt '%s' give a system message; keep one",
                     o->e->name, o->pr->path);
    if (!o->e->system)
        o->e->system = xstrdup(o->pr->system);
    return 0;
}

int harness_run(const struct run_opts *o)
{
    const struct provider *p = provider_for(o->e->api);
    struct suite_index ix;
    int rc;
    if (take_prompt_system(o) < 0 || index_suite(o, p, &ix) < 0)
        return EXIT_FAIL;
    if (o->dry_run) {
        rc = harness_dry_run(o, p, &ix);
    } else if (o->e->api_key_env && !endpoint_key(o->e)) {
        /* sending without the key would only collect 401s */
        error("the API key variable $%s is not set (endpoint '%s'); set it, or remove "
              "api_key_env for a server without keys",
              o->e->api_key_env, o->e->name);
        rc = EXIT_FAIL;
    } else if (endpoint_check_key(o->e) < 0 || http_global_init() < 0) {
        rc = EXIT_FAIL;
    } else {
        rc = run_loop(o, p, &ix);
        rc = rc < 0 ? EXIT_FAIL : rc > 0 ? EXIT_SOME_FAILED : EXIT_OK;
        http_global_cleanup();
    }
    index_release(&ix);
    return rc;
}

/* ---- for batch export and import ------------------------------------------------------------ */

int harness_index(const struct run_opts *o, struct suite_index **out)
{
    struct suite_index *ix = xcalloc(1, sizeof(*ix));
    if (take_prompt_system(o) < 0 || index_suite(o, provider_for(o->e->api), ix) < 0) {
        free(ix);
        return -1;
    }
    *out = ix;
    return 0;
}

void harness_index_free(struct suite_index *ix)
{
    if (!ix)
        return;
    index_release(ix);
    free(ix);
}

size_t harness_index_count(const struct suite_index *ix)
{
    return ix->n;
}

const char *harness_item_id(const struct suite_index *ix, size_t i)
{
    return ix->items[i].id;
}

const char *harness_item_hash(const struct suite_index *ix, size_t i)
{
    return ix->items[i].hash;
}

const char *harness_suite_hash(const struct suite_index *ix)
{
    return ix->hash;
}

int harness_read_line(const struct run_opts *o, const struct item *it, struct buf *line)
{
    FILE *f = fopen(o->suite, "rb");
    int ok;
    if (!f)
        return error("cannot open '%s': %s", o->suite, strerror(errno));
    buf_reset(line);
    ok = buf_grow(line, it->len) == 0 && fseeko(f, (off_t)it->off, SEEK_SET) == 0 &&
         fread(line->s, 1, it->len, f) == it->len;
    fclose(f);
    if (!ok)
        return error("cannot read instance '%s' from '%s'", it->id, o->suite);
    buf_setlen(line, it->len);
    return 0;
}

int harness_item_body(const struct run_opts *o, const struct suite_index *ix, size_t i,
                      struct buf *body)
{
    const struct item *it = &ix->items[i];
    struct request rq = {BUF_INIT, BUF_INIT, BUF_INIT, 0, 0};
    struct buf line = BUF_INIT;
    cJSON *inst = NULL;
    int rc = -1;
    if (harness_read_line(o, it, &line) == 0 &&
        (inst = harness_build_request(o, provider_for(o->e->api), line.s, line.len, &rq))) {
        buf_reset(body);
        buf_add(body, rq.body.s, rq.body.len);
        rc = 0;
    } else if (line.len) {
        error("cannot read instance '%s' from '%s'", it->id, o->suite);
    }
    cJSON_Delete(inst);
    buf_release(&line);
    buf_release(&rq.prompt);
    buf_release(&rq.cols);
    buf_release(&rq.body);
    return rc;
}

int harness_open_run(const struct run_opts *o, const struct suite_index *ix, struct rundb **db)
{
    if (open_run(o, ix, db) < 0)
        return -1;
    if (record_suite(*db, o) < 0 || add_items(*db, ix) < 0) {
        rundb_close(*db);
        *db = NULL;
        return -1;
    }
    return 0;
}
