/* report_cost: what each run cost in tokens, money and time, and what it ran (its metadata),
 * read from the instances' usage and attempt columns and the run table (rundb.h). */
#include "buf.h"
#include "csv.h"
#include "report_int.h"
#include "rundb.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

const char *const report_status_names[NSTATUS] = {"done", "failed", "bad_request", "too_long",
                                                  "other"};
static const char *const tok_names[NTOK] = {"input", "output", "reasoning", "cached"};

static int status_of(const char *s)
{
    int i;
    for (i = 0; s && i < NSTATUS - 1; i++)
        if (!strcmp(s, report_status_names[i]))
            return i;
    return NSTATUS - 1;
}

/* Seconds since 1970 of "YYYY-MM-DDTHH:MM:SS(.mmm)Z" as rundb.c stores it; NAN otherwise. */
static double iso_seconds(const char *s)
{
    int y, mo, d, h, mi, n = 0;
    double sec;
    long days;
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 || !n)
        return NAN;
    /* days from civil (Howard Hinnant's algorithm), no time zone involved */
    y -= mo <= 2;
    days = (long)((y >= 0 ? y : y - 399) / 400) * 146097L;
    {
        long yoe = y - (y >= 0 ? y : y - 399) / 400 * 400;
        long doy = (153L * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        days += yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    }
    return (double)days * 86400.0 + h * 3600.0 + mi * 60.0 + sec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Columns: 0..3 the token counts, 4 latency_ms, 5 attempts, 6 status, 7 updated_at,
 * 8 from_cache, 9 usage_estimated, 10 cache_write_tokens, 11 prompt_tokens. */
static void cost_row(struct run_cost *c, sqlite3_stmt *st, double *first, double *last)
{
    int k;
    double t;
    for (k = 0; k < NTOK; k++)
        if (sqlite3_column_type(st, k) != SQLITE_NULL) {
            c->tok[k] += (uint64_t)sqlite3_column_int64(st, k);
            c->tok_n[k]++;
        }
    /* a reply from the cache was not waited for: its latency says nothing of the server */
    if (sqlite3_column_type(st, 4) != SQLITE_NULL && sqlite3_column_int(st, 8) != 1) {
        ALLOC_GROW(c->lat, c->nlat + 1, c->alat);
        c->lat[c->nlat++] = sqlite3_column_double(st, 4);
    }
    if (sqlite3_column_int(st, 5) > 1) {
        c->retried++;
        c->retries += (uint64_t)(sqlite3_column_int(st, 5) - 1);
    }
    c->status[status_of((const char *)sqlite3_column_text(st, 6))]++;
    t = iso_seconds((const char *)sqlite3_column_text(st, 7));
    if (!isnan(t)) {
        *first = isnan(*first) || t < *first ? t : *first;
        *last = isnan(*last) || t > *last ? t : *last;
    }
    c->from_cache += sqlite3_column_int(st, 8) == 1;
    c->estimated += sqlite3_column_int(st, 9) == 1;
    if (sqlite3_column_type(st, 10) != SQLITE_NULL)
        c->cache_write += (uint64_t)sqlite3_column_int64(st, 10);
    /* requested against reported prompt tokens, where the server reported them */
    if (sqlite3_column_type(st, 11) != SQLITE_NULL && sqlite3_column_type(st, 0) != SQLITE_NULL &&
        sqlite3_column_int(st, 9) != 1 && sqlite3_column_int64(st, 0) > 0) {
        double in = sqlite3_column_double(st, 0);
        ALLOC_GROW(c->prel, c->nprel + 1, c->aprel);
        c->prel[c->nprel++] = (sqlite3_column_double(st, 11) - in) / in;
    }
}

/* The models the server named in its replies, most replies first: "m (12), m2 (1)". */
static int read_models(struct report_run *r)
{
    sqlite3_stmt *st = NULL;
    struct buf b = BUF_INIT;
    int rc;
    if (sqlite3_prepare_v2(r->db,
                           "SELECT model_returned, count(*) FROM instances WHERE model_returned "
                           "IS NOT NULL AND status != 'pending' GROUP BY 1 ORDER BY 2 DESC, 1",
                           -1, &st, NULL) != SQLITE_OK)
        return error("%s: cannot read the models: %s", r->path, sqlite3_errmsg(r->db));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        buf_addf(&b, "%s%s (%lld)", b.len ? ", " : "", (const char *)sqlite3_column_text(st, 0),
                 (long long)sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
    r->cost.models = b.len ? buf_detach(&b, NULL) : NULL;
    buf_release(&b);
    return rc == SQLITE_DONE ? 0 : error("%s: cannot read the models", r->path);
}

static double price_of(const cJSON *o, const char *name, double dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsNumber(v) && v->valuedouble >= 0 ? v->valuedouble : dflt;
}

/* Prices in US dollars per million tokens, when the run recorded them: its "prices" (run
 * writes them, harness.c), else the recorded endpoint's. */
static void read_prices(struct sqlite3 *db, struct run_cost *c)
{
    cJSON *e = c->endpoint ? cJSON_Parse(c->endpoint) : NULL;
    char *ps = run_setting(db, "prices", NULL);
    cJSON *p = ps ? cJSON_Parse(ps) : NULL;
    c->price_in = price_of(p, "price_in", price_of(e, "price_in", -1));
    c->price_out = price_of(p, "price_out", price_of(e, "price_out", -1));
    c->price_cached_in = price_of(p, "price_cached_in", price_of(e, "price_cached_in", -1));
    c->price_cache_write = price_of(p, "price_cache_write", price_of(e, "price_cache_write", -1));
    cJSON_Delete(p);
    cJSON_Delete(e);
    free(ps);
}

int report_load_cost(struct report_run *r)
{
    /* a version 1 run has no cache_write_tokens (rundb.h) */
    static const char sql[] =
        "SELECT input_tokens, output_tokens, reasoning_tokens, cached_tokens, latency_ms, "
        "attempts, status, updated_at, from_cache, usage_estimated, cache_write_tokens, "
        "prompt_tokens FROM instances WHERE status != 'pending'";
    static const char sql_v1[] =
        "SELECT input_tokens, output_tokens, reasoning_tokens, cached_tokens, latency_ms, "
        "attempts, status, updated_at, from_cache, usage_estimated, NULL, prompt_tokens "
        "FROM instances "
        "WHERE status != 'pending'";
    struct run_cost *c = &r->cost;
    sqlite3_stmt *st = NULL;
    double first = NAN, last = NAN;
    int rc;
    c->endpoint = run_setting(r->db, "endpoint", NULL);
    c->version = run_setting(r->db, "holobench_version", NULL);
    read_prices(r->db, c);
    if (sqlite3_prepare_v2(
            r->db, rundb_has_column(r->db, "instances", "cache_write_tokens") ? sql : sql_v1, -1,
            &st, NULL) != SQLITE_OK)
        return error("%s: cannot read the usage: %s", r->path, sqlite3_errmsg(r->db));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        cost_row(c, st, &first, &last);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return error("%s: cannot read the usage", r->path);
    c->wall_s = isnan(first) ? NAN : last - first;
    if (c->nlat) /* qsort() may not be given NULL */
        qsort(c->lat, c->nlat, sizeof(*c->lat), cmp_double);
    if (c->nprel)
        qsort(c->prel, c->nprel, sizeof(*c->prel), cmp_double);
    return read_models(r);
}

void report_cost_free(struct run_cost *c)
{
    free(c->lat);
    free(c->prel);
    free(c->models);
    free(c->endpoint);
    free(c->version);
}

/* Input at price_in, except its tokens read from the provider's cache at price_cached_in and
 * those written to it at price_cache_write (each price_in when not given), and output
 * (reasoning included) at price_out; NAN without price_in and price_out or any counts. */
double report_cost_dollars(const struct run_cost *c)
{
    double cached = (double)c->tok[3], written = (double)c->cache_write;
    double plain = (double)c->tok[0] - cached - written;
    if (c->price_in < 0 || c->price_out < 0 || !c->tok_n[0])
        return NAN;
    if (plain < 0) /* counts that do not add up: all at price_in rather than a negative */
        plain = (double)c->tok[0], cached = written = 0;
    return (plain * c->price_in +
            cached * (c->price_cached_in >= 0 ? c->price_cached_in : c->price_in) +
            written * (c->price_cache_write >= 0 ? c->price_cache_write : c->price_in) +
            (double)c->tok[1] * c->price_out) /
           1e6;
}

double report_cache_ratio(const struct run_cost *c)
{
    return c->tok_n[0] && c->tok_n[3] && c->tok[0] ? (double)c->tok[3] / (double)c->tok[0] : NAN;
}

/* What caching saved: the same tokens all at price_in, less what was paid. */
double report_cache_saved(const struct run_cost *c)
{
    double paid = report_cost_dollars(c);
    if (isnan(paid))
        return NAN;
    return ((double)c->tok[0] * c->price_in + (double)c->tok[1] * c->price_out) / 1e6 - paid;
}

double report_latency(const struct run_cost *c, double q)
{
    return stats_quantile(c->lat, c->nlat, q);
}

double report_prompt_error(const struct run_cost *c, double q)
{
    return c->nprel ? stats_quantile(c->prel, c->nprel, q) : NAN;
}

/* ---- tables ------------------------------------------------------------------------------ */

#define NROW 17
static const char *const row_names[NROW] = {"input tokens",
                                            "output tokens",
                                            "reasoning tokens",
                                            "cached tokens",
                                            "cost (USD)",
                                            "latency p50 (ms)",
                                            "latency p90 (ms)",
                                            "latency p99 (ms)",
                                            "retried",
                                            "retries",
                                            "from cache",
                                            "usage estimated",
                                            "wall time",
                                            "model (server said)",
                                            "cache writes (tokens)",
                                            "cache hit ratio",
                                            "saved by caching (USD)"};

static void tokens_cell(struct rtable *t, const struct run_cost *c, int k)
{
    if (c->tok_n[k])
        rtable_cell(t, NAN, "%llu", (unsigned long long)c->tok[k]);
    else
        rtable_cell(t, NAN, "-");
}

static void num_cell(struct rtable *t, double x, const char *fmt)
{
    if (isnan(x))
        rtable_cell(t, NAN, "-");
    else
        rtable_cell(t, NAN, fmt, x);
}

static void wall_cell(struct rtable *t, double s)
{
    if (isnan(s))
        rtable_cell(t, NAN, "-");
    else if (s >= 3600)
        rtable_cell(t, NAN, "%dh %02dm %02ds", (int)(s / 3600), (int)fmod(s / 60, 60),
                    (int)fmod(s, 60));
    else if (s >= 60)
        rtable_cell(t, NAN, "%dm %02ds", (int)(s / 60), (int)fmod(s, 60));
    else
        rtable_cell(t, NAN, "%.1f s", s);
}

static void cost_cell(struct rtable *t, const struct report_run *r, size_t row)
{
    const struct run_cost *c = &r->cost;
    static const double q[3] = {0.5, 0.9, 0.99};
    if (row < NTOK)
        tokens_cell(t, c, (int)row);
    else if (row == 4 && c->tok_n[0] && (c->price_in < 0 || c->price_out < 0))
        rtable_cell(t, NAN, "needs prices");
    else if (row == 4)
        num_cell(t, report_cost_dollars(c), "%.4f");
    else if (row < 8)
        num_cell(t, report_latency(c, q[row - 5]), "%.0f");
    else if (row < 12)
        rtable_cell(t, NAN, "%llu",
                    (unsigned long long)(row == 8    ? c->retried
                                         : row == 9  ? c->retries
                                         : row == 10 ? c->from_cache
                                                     : c->estimated));
    else if (row == 12)
        wall_cell(t, c->wall_s);
    else if (row == 13)
        rtable_cell(t, NAN, "%s", c->models ? c->models : "-");
    else if (row == 14)
        rtable_cell(t, NAN, "%llu", (unsigned long long)c->cache_write);
    else if (row == 15)
        num_cell(t, report_cache_ratio(c), "%.3f");
    else
        num_cell(t, report_cache_saved(c), "%.4f");
}

static struct rtable *cost_table(const struct report *R)
{
    struct rtable *t = rtable_new(R->nruns + 1, "Cost, tokens and time");
    size_t i, row, k;
    rtable_cell(t, NAN, "measure");
    for (i = 0; i < R->nruns; i++)
        rtable_cell(t, NAN, "%s", R->runs[i].label);
    for (row = 0; row < NROW; row++) {
        rtable_cell(t, NAN, "%s", row_names[row]);
        for (i = 0; i < R->nruns; i++)
            cost_cell(t, &R->runs[i], row);
    }
    for (k = 1; k < NSTATUS; k++) {
        rtable_cell(t, NAN, "status %s", report_status_names[k]);
        for (i = 0; i < R->nruns; i++)
            rtable_cell(t, NAN, "%llu", (unsigned long long)R->runs[i].cost.status[k]);
    }
    return t;
}

/* Each run's settings as recorded: the endpoint (rundb stores it without secrets). */
static struct rtable *meta_table(const struct report *R)
{
    static const char *const head[] = {"run",    "model",       "holobench",      "suite hash",
                                       "prompt", "prompt hash", "scorer version", "endpoint"};
    struct rtable *t = rtable_new(8, "Run metadata");
    size_t i, k;
    t->left = 0xff;
    for (k = 0; k < 8; k++)
        rtable_cell(t, NAN, "%s", head[k]);
    for (i = 0; i < R->nruns; i++) {
        const struct report_run *r = &R->runs[i];
        const char *v[8] = {r->label,  r->model,       r->cost.version,   r->suite_hash,
                            r->prompt, r->prompt_hash, r->scorer_version, r->cost.endpoint};
        for (k = 0; k < 8; k++)
            rtable_cell(t, NAN, "%s", v[k] ? v[k] : "-");
    }
    return t;
}

const char report_cost_legend[] =
    "Tokens are summed over answered instances as the server counted them (\"-\": none\n"
    "recorded); output includes reasoning, input includes cached.  Cost: input at the\n"
    "endpoint's price_in (cache reads at price_cached_in, cache writes at\n"
    "price_cache_write, when given), output at price_out (US dollars per million tokens);\n"
    "\"needs prices\" when the run recorded none.  Latency percentiles are over replies not taken\n"
    "from the cache; retried: instances sent more than once, retries: the extra sends;\n"
    "status: answered instances by outcome; wall time: first to last recorded reply.\n"
    "Cache hit ratio: cached / input tokens; saved by caching: what the same tokens would\n"
    "cost at price_in, less the cost above.\n"
    "Prompt tokens: (requested - reported) / reported per answered instance whose usage the\n"
    "server sent, where requested is the prompt as the suite measured it (the estimate, or\n"
    "run --tokenizer's count); a length axis that drifted shows here.";

/* Per run: how the prompt tokens the suite asked for compare with the server's count. */
static struct rtable *prompt_error_table(const struct report *R)
{
    static const char *const head[] = {"run", "prompts", "median", "p5", "p95"};
    static const double q[3] = {0.5, 0.05, 0.95};
    struct rtable *t = rtable_new(5, "Prompt tokens: requested vs reported (relative error)");
    size_t i, k;
    t->left = 0x1;
    for (k = 0; k < 5; k++)
        rtable_cell(t, NAN, "%s", head[k]);
    for (i = 0; i < R->nruns; i++) {
        const struct run_cost *c = &R->runs[i].cost;
        rtable_cell(t, NAN, "%s", R->runs[i].label);
        rtable_cell(t, NAN, "%zu", c->nprel);
        for (k = 0; k < 3; k++)
            if (c->nprel)
                rtable_cell(t, NAN, "%+.1f%%", 100 * report_prompt_error(c, q[k]));
            else
                rtable_cell(t, NAN, "-");
    }
    return t;
}

void report_emit_cost(const struct report_out *w)
{
    rtable_emit(w, cost_table(w->R));
    rtable_emit(w, prompt_error_table(w->R));
    rtable_emit(w, meta_table(w->R));
}

static void csv_cost_row(FILE *f, struct buf *row, const char *label, const char *what, uint64_t n,
                         double v)
{
    buf_reset(row);
    csv_add_text(row, label, strlen(label));
    buf_addf(row, ",cost,%s,%llu,", what, (unsigned long long)n);
    if (!isnan(v))
        buf_addf(row, "%.6f", v);
    buf_adds(row, ",,\r\n");
    fwrite(row->s, 1, row->len, f);
}

void report_csv_cost(FILE *f, const struct report *R, struct buf *row)
{
    static const char *const lat[3] = {"latency_p50_ms", "latency_p90_ms", "latency_p99_ms"};
    static const double q[3] = {0.5, 0.9, 0.99};
    char name[32];
    size_t i;
    int k;
    for (i = 0; i < R->nruns; i++) {
        const struct report_run *r = &R->runs[i];
        const struct run_cost *c = &r->cost;
        for (k = 0; k < NTOK; k++) {
            snprintf(name, sizeof(name), "%s_tokens", tok_names[k]);
            csv_cost_row(f, row, r->label, name, c->tok_n[k],
                         c->tok_n[k] ? (double)c->tok[k] : NAN);
        }
        csv_cost_row(f, row, r->label, "cost_usd", c->tok_n[0], report_cost_dollars(c));
        for (k = 0; k < 3; k++)
            csv_cost_row(f, row, r->label, lat[k], c->nlat, report_latency(c, q[k]));
        csv_cost_row(f, row, r->label, "retried", c->retried, (double)c->retried);
        csv_cost_row(f, row, r->label, "retries", c->retries, (double)c->retries);
        csv_cost_row(f, row, r->label, "wall_s", r->instances - r->pending, c->wall_s);
        csv_cost_row(f, row, r->label, "prompt_error_p50", c->nprel, report_prompt_error(c, 0.5));
        csv_cost_row(f, row, r->label, "prompt_error_p5", c->nprel, report_prompt_error(c, 0.05));
        csv_cost_row(f, row, r->label, "prompt_error_p95", c->nprel, report_prompt_error(c, 0.95));
        for (k = 0; k < NSTATUS; k++) {
            snprintf(name, sizeof(name), "status_%s", report_status_names[k]);
            csv_cost_row(f, row, r->label, name, c->status[k], (double)c->status[k]);
        }
    }
}
