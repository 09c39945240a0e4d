#include "report.h"

#include "buf.h"
#include "err.h"
#include "suite.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "banned.h"

#define DEFAULT_SCORER "deterministic-v1"
#define RUN_SCHEMA_VERSION "1" /* rundb.c's; a run of another shape is refused */
#define BUSY_TIMEOUT_MS 5000   /* ride out a `run` or `score` committing meanwhile */
#define WORST 20               /* lowest-scoring instances listed per run */
#define MAX_DISAGREE 20        /* disagreeing instances listed per pair of scorers */
/* Bytes of a reply shown in the HTML: a runaway reply of megabytes would bury the page. */
#define REPLY_CAP 20000
#define GOLD_ROWS_SHOWN 100

/* ---- statistics ------------------------------------------------------------------------------ */

struct acc {
    uint64_t n;
    double sum, sumsq;
};

static void acc_add(struct acc *a, double x)
{
    a->n++;
    a->sum += x;
    a->sumsq += x * x;
}

void report_meanci(uint64_t n, double sum, double sumsq, struct meanci *m)
{
    double var, hw;
    m->n = n;
    m->mean = n ? sum / (double)n : NAN;
    m->lo = m->hi = m->mean;
    m->has_ci = n >= 2;
    if (!m->has_ci)
        return;
    var = (sumsq - sum * sum / (double)n) / (double)(n - 1);
    hw = 1.96 * sqrt(var > 0 ? var : 0) / sqrt((double)n);
    m->lo = m->mean - hw;
    m->hi = m->mean + hw;
}

static void acc_meanci(const struct acc *a, struct meanci *m)
{
    report_meanci(a->n, a->sum, a->sumsq, m);
}

double report_kappa(const uint64_t c[3][3], double *agreement)
{
    double n = 0, diag = 0, pe = 0, row[3] = {0, 0, 0}, col[3] = {0, 0, 0};
    int i, j;
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++) {
            n += (double)c[i][j];
            row[i] += (double)c[i][j];
            col[j] += (double)c[i][j];
            if (i == j)
                diag += (double)c[i][j];
        }
    *agreement = n > 0 ? diag / n : NAN;
    if (n <= 0)
        return NAN;
    for (i = 0; i < 3; i++)
        pe += (row[i] / n) * (col[i] / n);
    if (1 - pe < 1e-12)
        return NAN;
    return (*agreement - pe) / (1 - pe);
}

/* ---- dimensions and their values ------------------------------------------------------------- */

enum dim { D_TYPE, D_DIFF, D_LEN, D_SET, D_POS, NDIM, D_NONE = NDIM };

static const char *const dim_names[NDIM] = {"type", "difficulty", "length", "setting", "position"};

/* The paper's orders; values not listed follow, alphabetically. */
static const char *const type_order[] = {"Aggregation", "Max/Min", "Join",
                                         "Comparison",  "Ranking", NULL};
static const char *const diff_order[] = {"easy", "medium", "hard", NULL};
static const char *const pos_order[] = {"uniform", "begin", "end", "middle", "bimodal", NULL};
#define RANK_OTHER 100
#define RANK_NONE 200 /* "(none)": a NULL in the run, listed last */

struct value {
    char *name;
    int rank;
    double num;
};

struct dict {
    struct value *v;
    size_t n, alloc;
    uint32_t *order; /* ids in display order, after dict_sort() */
};

static int rank_in(const char *const *names, const char *s)
{
    int i;
    for (i = 0; names[i]; i++)
        if (!strcmp(names[i], s))
            return i;
    return RANK_OTHER;
}

static uint32_t dict_intern(struct dict *d, const char *name, int rank, double num)
{
    size_t i;
    for (i = 0; i < d->n; i++)
        if (!strcmp(d->v[i].name, name))
            return (uint32_t)i;
    ALLOC_GROW(d->v, d->n + 1, d->alloc);
    d->v[d->n].name = xstrdup(name);
    d->v[d->n].rank = rank;
    d->v[d->n].num = num;
    return (uint32_t)d->n++;
}

static int cmp_value(const void *pa, const void *pb)
{
    const struct value *a = *(const struct value *const *)pa, *b = *(const struct value *const *)pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->num < b->num || a->num > b->num)
        return a->num < b->num ? -1 : 1;
    return strcmp(a->name, b->name);
}

static void dict_sort(struct dict *d)
{
    const struct value **p = xcalloc(d->n ? d->n : 1, sizeof(*p));
    size_t i;
    for (i = 0; i < d->n; i++)
        p[i] = &d->v[i];
    qsort(p, d->n, sizeof(*p), cmp_value);
    d->order = xcalloc(d->n ? d->n : 1, sizeof(*d->order));
    for (i = 0; i < d->n; i++)
        d->order[i] = (uint32_t)(p[i] - d->v);
    free(p);
}

static void dict_free(struct dict *d)
{
    size_t i;
    for (i = 0; i < d->n; i++)
        free(d->v[i].name);
    free(d->v);
    free(d->order);
}

/* The distinct `types` arrays of the runs, each parsed once into type ids. */
struct typeset {
    char *json;
    uint32_t *ids;
    size_t n;
};

/* ---- runs ------------------------------------------------------------------------------------ */

enum flag { F_OK, F_NOREPLY, F_TRUNC, F_REFUSED, F_OTHER, NFLAG };
static const char *const flag_names[NFLAG] = {"ok", "no-reply", "truncated", "refused", "other"};

/* One scored instance: its value id in each dimension (D_TYPE: a typeset id). */
struct rec {
    uint32_t v[NDIM];
    double score;
};

struct worst {
    char *id, *reply, *labels, *question;
    double score;
    int flag;
    cJSON *gold;
};

enum { L_EXACT, L_PARTIAL, L_NONE, NLABEL };
static const char *const label_names[NLABEL] = {"exact", "partial", "none"};

struct agree {
    char *other;         /* the other scorer */
    uint64_t conf[3][3]; /* [chosen scorer's label][other's label], per gold row */
    uint64_t compared, differ;
    size_t nids;
    char *ids[MAX_DISAGREE];
    double score_a[MAX_DISAGREE], score_b[MAX_DISAGREE];
};

/* Tables: each dimension alone, then the paper's cross tables. */
static const struct view {
    enum dim a, b;
    const char *name, *title;
} views[] = {
    {D_TYPE, D_NONE, "type", "Score by query type"},
    {D_DIFF, D_NONE, "difficulty", "Score by difficulty"},
    {D_LEN, D_NONE, "length", "Score by context length"},
    {D_SET, D_NONE, "setting", "Score by information amount (a) or density (d)"},
    {D_POS, D_NONE, "position", "Score by information position"},
    {D_LEN, D_TYPE, "length:type", "Context length \xc3\x97 query type"},
    {D_LEN, D_POS, "length:position", "Context length \xc3\x97 position"},
    {D_SET, D_LEN, "setting:length", "Amount/density \xc3\x97 context length"},
};
#define NVIEW (sizeof(views) / sizeof(views[0]))
#define NSINGLE 5
enum { V_LEN = 2, V_LEN_TYPE = 5, V_LEN_POS = 6 };

struct run {
    const char *path;
    char *label, *model, *suite_path;
    sqlite3 *db;
    struct rec *rec;
    size_t n, alloc;
    uint64_t instances;
    struct acc all, flag[NFLAG];
    struct worst w[WORST];
    size_t nworst;
    struct agree *ag;
    size_t nag;
    struct acc *agg[NVIEW]; /* per view: values of a × values of b (1 when b is none) */
};

struct report {
    const struct report_opts *o;
    const char *scorer;
    struct run *runs;
    size_t nruns;
    struct dict d[NDIM];
    struct typeset *ts;
    size_t nts, ats, last_ts;
    struct buf tmp;
};

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *s = col(st, i);
    return s ? xstrdup(s) : NULL;
}

static int sql_error(const struct run *r, const char *what)
{
    return error("%s: %s: %s", r->path, what, sqlite3_errmsg(r->db));
}

/* ---- reading a run --------------------------------------------------------------------------- */

static int open_run(struct run *r)
{
    int rc;
    if (!file_exists(r->path))
        return error("cannot open run database '%s': no such file", r->path);
    rc = sqlite3_open_v2(r->path, &r->db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK)
        return error("cannot open run database '%s': %s", r->path,
                     r->db ? sqlite3_errmsg(r->db) : sqlite3_errstr(rc));
    sqlite3_busy_timeout(r->db, BUSY_TIMEOUT_MS);
    return 0;
}

/* A value of table run, fresh; NULL when absent.  *bad is set when the table is missing. */
static char *run_value(struct run *r, const char *key, int *bad)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(r->db, "SELECT value FROM run WHERE key = ?1", -1, &st, NULL) !=
        SQLITE_OK) {
        *bad = 1;
        return NULL;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = col_dup(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int check_run(struct run *r)
{
    int bad = 0;
    char *v = run_value(r, "schema_version", &bad);
    int rc = 0;
    if (bad)
        rc = error("'%s' is not a holobench run database: %s", r->path, sqlite3_errmsg(r->db));
    else if (!v || strcmp(v, RUN_SCHEMA_VERSION))
        rc = error("run database '%s' has schema version %s; this holobench reads version %s",
                   r->path, v ? v : "(none)", RUN_SCHEMA_VERSION);
    free(v);
    if (!rc) {
        r->model = run_value(r, "model", &bad);
        r->suite_path = run_value(r, "suite_path", &bad);
    }
    return rc;
}

/* The scorers the run holds, NUL-separated and sorted; the chosen one must be among them. */
static int list_scorers(struct run *r, const char *scorer, struct buf *names, size_t *n)
{
    sqlite3_stmt *st = NULL;
    struct buf shown = BUF_INIT;
    int found = 0, rc = 0;
    *n = 0;
    if (sqlite3_prepare_v2(r->db, "SELECT DISTINCT scorer FROM scores ORDER BY scorer", -1, &st,
                           NULL) != SQLITE_OK)
        return error("run '%s' has not been scored: run 'holobench score %s' first", r->path,
                     r->path);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *s = col(st, 0);
        if (!s)
            continue;
        found |= !strcmp(s, scorer);
        buf_add(names, s, strlen(s) + 1);
        buf_addf(&shown, "%s'%s'", *n ? ", " : "", s);
        (*n)++;
    }
    sqlite3_finalize(st);
    if (!found && *n)
        rc = error("run '%s' has no scores by '%s'; it has scores by %s (see --scorer)", r->path,
                   scorer, shown.s);
    else if (!found)
        rc =
            error("run '%s' has not been scored: run 'holobench score %s' first", r->path, r->path);
    buf_release(&shown);
    return rc;
}

static uint32_t typeset_new(struct report *R, const char *json)
{
    struct typeset *t;
    cJSON *arr = cJSON_Parse(json), *it;
    cJSON *list = cJSON_IsArray(arr) ? arr : NULL;
    ALLOC_GROW(R->ts, R->nts + 1, R->ats);
    t = &R->ts[R->nts];
    t->json = xstrdup(json);
    t->ids = xcalloc(cJSON_GetArraySize(arr) + 1, sizeof(*t->ids));
    t->n = 0;
    cJSON_ArrayForEach(it, list)
    {
        uint32_t id;
        size_t k;
        if (!cJSON_IsString(it))
            continue;
        id = dict_intern(&R->d[D_TYPE], it->valuestring, rank_in(type_order, it->valuestring), 0);
        for (k = 0; k < t->n && t->ids[k] != id; k++)
            ;
        if (k == t->n) /* a type listed twice still counts the instance once */
            t->ids[t->n++] = id;
    }
    if (!t->n)
        t->ids[t->n++] = dict_intern(&R->d[D_TYPE], "(none)", RANK_NONE, 0);
    cJSON_Delete(arr);
    return (uint32_t)R->nts++;
}

static uint32_t typeset_of(struct report *R, const char *json)
{
    size_t i;
    if (!json)
        json = "[]";
    if (R->last_ts < R->nts && !strcmp(R->ts[R->last_ts].json, json))
        return (uint32_t)R->last_ts;
    for (i = 0; i < R->nts && strcmp(R->ts[i].json, json); i++)
        ;
    R->last_ts = i < R->nts ? i : typeset_new(R, json);
    return (uint32_t)R->last_ts;
}

static uint32_t named_of(struct report *R, enum dim d, const char *s, const char *const *order)
{
    if (!s)
        return dict_intern(&R->d[d], "(none)", RANK_NONE, 0);
    return dict_intern(&R->d[d], s, rank_in(order, s), 0);
}

static uint32_t size_of(struct report *R, enum dim d, sqlite3_stmt *st, int i, const char *prefix,
                        int rank)
{
    int64_t v;
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return dict_intern(&R->d[d], "(none)", RANK_NONE, 0);
    v = sqlite3_column_int64(st, i);
    buf_reset(&R->tmp);
    buf_adds(&R->tmp, prefix);
    fmt_size(&R->tmp, v < 0 ? 0 : (uint64_t)v);
    return dict_intern(&R->d[d], R->tmp.s, rank, (double)v);
}

/* "d0.5" for a density (stored as JSON text: a number, or a string when so written), else
 * "a2k" for an amount. */
static uint32_t setting_of(struct report *R, sqlite3_stmt *st)
{
    const char *dens = col(st, 5);
    size_t len;
    if (!dens || !*dens || !strcmp(dens, "null"))
        return size_of(R, D_SET, st, 4, "a", 0);
    len = strlen(dens);
    if (len >= 2 && dens[0] == '"' && dens[len - 1] == '"')
        dens++, len -= 2;
    buf_reset(&R->tmp);
    buf_addch(&R->tmp, 'd');
    buf_add(&R->tmp, dens, len);
    return dict_intern(&R->d[D_SET], R->tmp.s, 1, strtod(R->tmp.s + 1, NULL));
}

static int flag_of(const char *s)
{
    int i;
    if (!s)
        return F_OK;
    for (i = F_NOREPLY; i < F_OTHER; i++)
        if (!strcmp(s, flag_names[i]))
            return i;
    return F_OTHER;
}

/* Keeps the WORST lowest scores, earlier instances first among equal scores. */
static void worst_offer(struct run *r, const char *id, double score, int flag)
{
    size_t i;
    if (r->nworst == WORST && score >= r->w[WORST - 1].score)
        return;
    if (r->nworst == WORST)
        free(r->w[--r->nworst].id);
    for (i = r->nworst; i > 0 && r->w[i - 1].score > score; i--)
        r->w[i] = r->w[i - 1];
    memset(&r->w[i], 0, sizeof(r->w[i]));
    r->w[i].id = xstrdup(id ? id : "");
    r->w[i].score = score;
    r->w[i].flag = flag;
    r->nworst++;
}

/* Columns: 0 id, 1 types, 2 difficulty, 3 target_tokens, 4 info_tokens, 5 density,
 * 6 position, 7 score, 8 flag. */
static void take_row(struct report *R, struct run *r, sqlite3_stmt *st)
{
    struct rec *x;
    double s;
    int flag;
    r->instances++;
    if (sqlite3_column_type(st, 7) == SQLITE_NULL)
        return;
    s = sqlite3_column_double(st, 7);
    flag = flag_of(col(st, 8));
    ALLOC_GROW(r->rec, r->n + 1, r->alloc);
    x = &r->rec[r->n++];
    x->score = s;
    x->v[D_TYPE] = typeset_of(R, col(st, 1));
    x->v[D_DIFF] = named_of(R, D_DIFF, col(st, 2), diff_order);
    x->v[D_LEN] = size_of(R, D_LEN, st, 3, "", 0);
    x->v[D_SET] = setting_of(R, st);
    x->v[D_POS] = named_of(R, D_POS, col(st, 6), pos_order);
    acc_add(&r->all, s);
    acc_add(&r->flag[flag], s);
    if (flag != F_NOREPLY) /* nothing to look at in an instance without a reply */
        worst_offer(r, col(st, 0), s, flag);
}

static int read_rows(struct report *R, struct run *r)
{
    static const char sql[] =
        "SELECT i.id, i.types, i.difficulty, i.target_tokens, i.info_tokens, i.density, "
        "i.position, s.score, s.flag FROM instances i LEFT JOIN scores s "
        "ON s.id = i.id AND s.scorer = ?1 ORDER BY i.rowid";
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sql_error(r, "cannot read the instances");
    sqlite3_bind_text(st, 1, R->scorer, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        take_row(R, r, st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_error(r, "cannot read the instances");
    return 0;
}

static int load_worst(struct report *R, struct run *r)
{
    static const char sql[] = "SELECT i.reply, s.labels FROM instances i LEFT JOIN scores s "
                              "ON s.id = i.id AND s.scorer = ?2 WHERE i.id = ?1";
    sqlite3_stmt *st = NULL;
    size_t i;
    if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sql_error(r, "cannot read the replies");
    sqlite3_bind_text(st, 2, R->scorer, -1, SQLITE_STATIC);
    for (i = 0; i < r->nworst; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, r->w[i].id, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            r->w[i].reply = col_dup(st, 0);
            r->w[i].labels = col_dup(st, 1);
        }
    }
    sqlite3_finalize(st);
    return 0;
}

/* Labels as stored by the scorers: a JSON array of "exact" / "partial" / "none".  The count,
 * or -1 when the text is not such an array (a scorer that failed on the instance). */
static int parse_labels(const char *json, uint8_t *out, size_t max)
{
    cJSON *arr = json ? cJSON_Parse(json) : NULL, *it;
    int n = 0;
    if (!cJSON_IsArray(arr)) {
        cJSON_Delete(arr);
        return -1;
    }
    cJSON_ArrayForEach(it, arr)
    {
        int k;
        for (k = 0; k < NLABEL && !(cJSON_IsString(it) && !strcmp(it->valuestring, label_names[k]));
             k++)
            ;
        if (k == NLABEL || (size_t)n >= max) {
            n = -1;
            break;
        }
        out[n++] = (uint8_t)k;
    }
    cJSON_Delete(arr);
    return n;
}

#define MAX_LABELS 256 /* scorers cap gold at 50 rows; room to spare */

static void agree_row(struct agree *a, sqlite3_stmt *st)
{
    uint8_t la[MAX_LABELS], lb[MAX_LABELS];
    int na = parse_labels(col(st, 1), la, MAX_LABELS),
        nb = parse_labels(col(st, 2), lb, MAX_LABELS);
    int k, differ;
    if (na < 0 || nb < 0)
        return;
    a->compared++;
    differ = na != nb;
    for (k = 0; k < na && k < nb; k++) {
        a->conf[la[k]][lb[k]]++;
        differ |= la[k] != lb[k];
    }
    if (!differ)
        return;
    a->differ++;
    if (a->nids < MAX_DISAGREE) {
        a->ids[a->nids] = col_dup(st, 0);
        a->score_a[a->nids] = sqlite3_column_double(st, 3);
        a->score_b[a->nids] = sqlite3_column_double(st, 4);
        a->nids++;
    }
}

static int load_agreement(struct report *R, struct run *r, struct agree *a)
{
    static const char sql[] = "SELECT a.id, a.labels, b.labels, a.score, b.score FROM instances i "
                              "JOIN scores a ON a.id = i.id AND a.scorer = ?1 "
                              "JOIN scores b ON b.id = i.id AND b.scorer = ?2 ORDER BY i.rowid";
    sqlite3_stmt *st = NULL;
    int rc;
    if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sql_error(r, "cannot compare the scorers");
    sqlite3_bind_text(st, 1, R->scorer, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, a->other, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        agree_row(a, st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sql_error(r, "cannot compare the scorers");
}

static int load_agreements(struct report *R, struct run *r, const struct buf *names, size_t n)
{
    const char *s = names->s;
    size_t i;
    r->ag = xcalloc(n ? n : 1, sizeof(*r->ag));
    for (i = 0; i < n; s += strlen(s) + 1, i++) {
        struct agree *a;
        if (!strcmp(s, R->scorer))
            continue;
        a = &r->ag[r->nag++];
        a->other = xstrdup(s);
        if (load_agreement(R, r, a) < 0)
            return -1;
    }
    return 0;
}

static int load_run(struct report *R, struct run *r)
{
    struct buf names = BUF_INIT;
    size_t nscorers;
    int rc = -1;
    if (open_run(r) < 0 || check_run(r) < 0 || list_scorers(r, R->scorer, &names, &nscorers) < 0)
        goto out;
    if (read_rows(R, r) < 0 || load_worst(R, r) < 0 || load_agreements(R, r, &names, nscorers) < 0)
        goto out;
    rc = 0;
out:
    buf_release(&names);
    sqlite3_close(r->db);
    r->db = NULL;
    return rc;
}

/* ---- aggregation ----------------------------------------------------------------------------- */

static size_t dim_size(const struct report *R, enum dim d)
{
    return d == D_NONE ? 1 : R->d[d].n;
}

/* The value ids of a record in dimension d: several for the query types. */
static size_t rec_vals(const struct report *R, const struct rec *x, enum dim d,
                       const uint32_t **out, uint32_t *one)
{
    if (d == D_TYPE) {
        *out = R->ts[x->v[D_TYPE]].ids;
        return R->ts[x->v[D_TYPE]].n;
    }
    *one = d == D_NONE ? 0 : x->v[d];
    *out = one;
    return 1;
}

static struct acc *aggregate(const struct report *R, const struct run *r, const struct view *v)
{
    size_t nb = dim_size(R, v->b), i, j, k;
    struct acc *m = xcalloc(st_mult(dim_size(R, v->a), nb) + 1, sizeof(*m));
    for (i = 0; i < r->n; i++) {
        const struct rec *x = &r->rec[i];
        const uint32_t *va, *vb;
        uint32_t oa, ob;
        size_t na = rec_vals(R, x, v->a, &va, &oa), nbv = rec_vals(R, x, v->b, &vb, &ob);
        for (j = 0; j < na; j++)
            for (k = 0; k < nbv; k++)
                acc_add(&m[va[j] * nb + vb[k]], x->score);
    }
    return m;
}

static int row_has(const struct acc *m, size_t nb, size_t ia)
{
    size_t k;
    for (k = 0; k < nb; k++)
        if (m[ia * nb + k].n)
            return 1;
    return 0;
}

static int col_has(const struct acc *m, size_t na, size_t nb, size_t ib)
{
    size_t k;
    for (k = 0; k < na; k++)
        if (m[k * nb + ib].n)
            return 1;
    return 0;
}

/* Whether any run has data for value ia of a single-dimension view. */
static int any_run_has(const struct report *R, size_t view, size_t ia)
{
    size_t r;
    for (r = 0; r < R->nruns; r++)
        if (R->runs[r].agg[view][ia].n)
            return 1;
    return 0;
}

/* ---- run labels ------------------------------------------------------------------------------ */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int label_taken(const struct report *R, size_t upto, const char *label)
{
    size_t j;
    for (j = 0; j < upto; j++)
        if (R->runs[j].label && !strcmp(R->runs[j].label, label))
            return 1;
    return 0;
}

/* The model; with the file's name when two runs share a model; numbered when even that
 * repeats (the same file given twice). */
static void label_runs(struct report *R)
{
    size_t i, j;
    for (i = 0; i < R->nruns; i++) {
        struct run *r = &R->runs[i];
        struct buf b = BUF_INIT;
        int shared = 0;
        for (j = 0; j < R->nruns; j++)
            shared |= j != i && r->model && R->runs[j].model && !strcmp(r->model, R->runs[j].model);
        if (!r->model)
            buf_adds(&b, base_name(r->path));
        else if (shared)
            buf_addf(&b, "%s (%s)", r->model, base_name(r->path));
        else
            buf_adds(&b, r->model);
        if (label_taken(R, i, b.s))
            buf_addf(&b, " #%zu", i + 1);
        r->label = buf_detach(&b, NULL);
    }
}

/* ---- tables ---------------------------------------------------------------------------------- */

/* A table as cells, rendered alike in text, Markdown and HTML. */
struct table {
    char *title;
    size_t ncols, n, alloc; /* n cells, row-major, the header row first */
    char **cell;
    double *shade; /* per cell: a score to colour it by in HTML, NAN for none */
    uint32_t left; /* bit c: column c holds text, aligned left (numbers go right) */
};

static int is_left(const struct table *t, size_t c)
{
    return c < 32 && (t->left >> c) & 1;
}

static struct table *table_new(size_t ncols, const char *fmt, ...) PRINTF_LIKE(2, 3);
static struct table *table_new(size_t ncols, const char *fmt, ...)
{
    struct table *t = xcalloc(1, sizeof(*t));
    struct buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    t->title = buf_detach(&b, NULL);
    t->ncols = ncols;
    t->left = 1;
    return t;
}

static void table_free(struct table *t)
{
    size_t i;
    for (i = 0; i < t->n; i++)
        free(t->cell[i]);
    free(t->cell);
    free(t->shade);
    free(t->title);
    free(t);
}

/* Appends the next cell; line breaks and tabs become spaces, so a cell is one line. */
static void tcell(struct table *t, double shade, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void tcell(struct table *t, double shade, const char *fmt, ...)
{
    struct buf b = BUF_INIT;
    va_list ap;
    size_t i;
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    for (i = 0; i < b.len; i++)
        if ((unsigned char)b.s[i] < 0x20)
            b.s[i] = ' ';
    ALLOC_GROW(t->cell, t->n + 1, t->alloc);
    t->shade = xrealloc(t->shade, t->alloc * sizeof(*t->shade));
    t->cell[t->n] = buf_detach(&b, NULL);
    t->shade[t->n++] = shade;
}

/* "0.523 ± 0.041 (120)": mean, half-width of the 95% interval, n. */
static void ci_cell(struct table *t, const struct acc *a)
{
    struct meanci m;
    acc_meanci(a, &m);
    if (!m.n)
        tcell(t, NAN, "-");
    else if (!m.has_ci)
        tcell(t, m.mean, "%.3f (%llu)", m.mean, (unsigned long long)m.n);
    else
        tcell(t, m.mean, "%.3f \xc2\xb1 %.3f (%llu)", m.mean, m.hi - m.mean,
              (unsigned long long)m.n);
}

/* Cross tables are wide: mean and n only (the CSV has every interval). */
static void mean_cell(struct table *t, const struct acc *a)
{
    if (!a->n)
        tcell(t, NAN, "-");
    else
        tcell(t, a->sum / (double)a->n, "%.3f (%llu)", a->sum / (double)a->n,
              (unsigned long long)a->n);
}

static int any_other_flag(const struct report *R)
{
    size_t i;
    for (i = 0; i < R->nruns; i++)
        if (R->runs[i].flag[F_OTHER].n)
            return 1;
    return 0;
}

static struct table *counts_table(const struct report *R)
{
    int other = any_other_flag(R);
    struct table *t = table_new(10 + (size_t)other, "Runs");
    static const char *const head[] = {"run",      "instances", "scored",
                                       "no-reply", "truncated", "refused"};
    size_t i, k;
    for (k = 0; k < 6; k++)
        tcell(t, NAN, "%s", head[k]);
    if (other)
        tcell(t, NAN, "other flag");
    tcell(t, NAN, "unscored");
    tcell(t, NAN, "mean score");
    tcell(t, NAN, "95%% interval");
    tcell(t, NAN, "file");
    t->left |= 1u << (t->ncols - 1);
    for (i = 0; i < R->nruns; i++) {
        const struct run *r = &R->runs[i];
        struct meanci m;
        acc_meanci(&r->all, &m);
        tcell(t, NAN, "%s", r->label);
        tcell(t, NAN, "%llu", (unsigned long long)r->instances);
        tcell(t, NAN, "%llu", (unsigned long long)r->all.n);
        for (k = F_NOREPLY; k < (size_t)(other ? NFLAG : F_OTHER); k++)
            tcell(t, NAN, "%llu", (unsigned long long)r->flag[k].n);
        tcell(t, NAN, "%llu", (unsigned long long)(r->instances - r->all.n));
        if (m.n)
            tcell(t, m.mean, "%.3f", m.mean);
        else
            tcell(t, NAN, "-");
        if (m.has_ci)
            tcell(t, NAN, "[%.3f, %.3f]", m.lo, m.hi);
        else
            tcell(t, NAN, "-");
        tcell(t, NAN, "%s", r->path);
    }
    return t;
}

/* One dimension, one column per run. */
static struct table *dim_table(const struct report *R, size_t view)
{
    const struct dict *d = &R->d[views[view].a];
    struct table *t = table_new(R->nruns + 1, "%s", views[view].title);
    size_t i, r;
    tcell(t, NAN, "%s", dim_names[views[view].a]);
    for (r = 0; r < R->nruns; r++)
        tcell(t, NAN, "%s", R->runs[r].label);
    for (i = 0; i < d->n; i++) {
        uint32_t id = d->order[i];
        if (!any_run_has(R, view, id))
            continue;
        tcell(t, NAN, "%s", d->v[id].name);
        for (r = 0; r < R->nruns; r++)
            ci_cell(t, &R->runs[r].agg[view][id]);
    }
    return t;
}

/* The columns of a cross table that hold data for this run, in display order. */
static size_t used_cols(const struct report *R, const struct run *r, size_t view, uint32_t *out)
{
    const struct dict *da = &R->d[views[view].a], *db = &R->d[views[view].b];
    size_t i, n = 0;
    for (i = 0; i < db->n; i++)
        if (col_has(r->agg[view], da->n, db->n, db->order[i]))
            out[n++] = db->order[i];
    return n;
}

static size_t used_rows(const struct report *R, const struct run *r, size_t view, uint32_t *out)
{
    const struct dict *da = &R->d[views[view].a], *db = &R->d[views[view].b];
    size_t i, n = 0;
    for (i = 0; i < da->n; i++)
        if (row_has(r->agg[view], db->n, da->order[i]))
            out[n++] = da->order[i];
    return n;
}

static struct table *cross_table(const struct report *R, const struct run *r, size_t view)
{
    const struct view *v = &views[view];
    const struct dict *da = &R->d[v->a], *db = &R->d[v->b];
    uint32_t *cols = xcalloc(db->n + 1, sizeof(*cols)), *rows = xcalloc(da->n + 1, sizeof(*rows));
    size_t nc = used_cols(R, r, view, cols), nr = used_rows(R, r, view, rows), i, k;
    struct table *t = R->nruns > 1 ? table_new(nc + 1, "%s: %s", v->title, r->label)
                                   : table_new(nc + 1, "%s", v->title);
    tcell(t, NAN, "%s \\ %s", dim_names[v->a], dim_names[v->b]);
    for (k = 0; k < nc; k++)
        tcell(t, NAN, "%s", db->v[cols[k]].name);
    for (i = 0; i < nr; i++) {
        tcell(t, NAN, "%s", da->v[rows[i]].name);
        for (k = 0; k < nc; k++)
            mean_cell(t, &r->agg[view][rows[i] * db->n + cols[k]]);
    }
    free(cols);
    free(rows);
    return t;
}

static struct table *confusion_table(const struct report *R, const struct run *r,
                                     const struct agree *a)
{
    struct table *t =
        table_new(5,
                  "Scorer agreement%s%s: gold-row labels, %s (rows) vs %s "
                  "(columns)",
                  R->nruns > 1 ? ", " : "", R->nruns > 1 ? r->label : "", R->scorer, a->other);
    uint64_t colsum[3] = {0, 0, 0}, total = 0;
    int i, j;
    tcell(t, NAN, "%s \\ %s", R->scorer, a->other);
    for (j = 0; j < NLABEL; j++)
        tcell(t, NAN, "%s", label_names[j]);
    tcell(t, NAN, "total");
    for (i = 0; i < NLABEL; i++) {
        uint64_t rowsum = 0;
        tcell(t, NAN, "%s", label_names[i]);
        for (j = 0; j < NLABEL; j++) {
            tcell(t, NAN, "%llu", (unsigned long long)a->conf[i][j]);
            rowsum += a->conf[i][j];
            colsum[j] += a->conf[i][j];
        }
        tcell(t, NAN, "%llu", (unsigned long long)rowsum);
        total += rowsum;
    }
    tcell(t, NAN, "total");
    for (j = 0; j < NLABEL; j++)
        tcell(t, NAN, "%llu", (unsigned long long)colsum[j]);
    tcell(t, NAN, "%llu", (unsigned long long)total);
    return t;
}

static struct table *agree_summary(const struct report *R, const struct run *r,
                                   const struct agree *a)
{
    struct table *t = table_new(2, "Agreement summary%s%s: %s vs %s", R->nruns > 1 ? ", " : "",
                                R->nruns > 1 ? r->label : "", R->scorer, a->other);
    double agreement, kappa = report_kappa(a->conf, &agreement);
    tcell(t, NAN, "measure");
    tcell(t, NAN, "value");
    tcell(t, NAN, "instances scored by both");
    tcell(t, NAN, "%llu", (unsigned long long)a->compared);
    tcell(t, NAN, "instances with a differing label");
    tcell(t, NAN, "%llu", (unsigned long long)a->differ);
    tcell(t, NAN, "label agreement");
    if (isnan(agreement))
        tcell(t, NAN, "n/a");
    else
        tcell(t, NAN, "%.1f%%", 100 * agreement);
    tcell(t, NAN, "Cohen's kappa");
    if (isnan(kappa))
        tcell(t, NAN, "n/a");
    else
        tcell(t, NAN, "%.3f", kappa);
    return t;
}

static struct table *disagree_table(const struct report *R, const struct run *r,
                                    const struct agree *a)
{
    struct table *t = table_new(3, "Disagreeing instances%s%s (first %d)", R->nruns > 1 ? ", " : "",
                                R->nruns > 1 ? r->label : "", MAX_DISAGREE);
    size_t i;
    tcell(t, NAN, "instance");
    tcell(t, NAN, "%s", R->scorer);
    tcell(t, NAN, "%s", a->other);
    for (i = 0; i < a->nids; i++) {
        tcell(t, NAN, "%s", a->ids[i]);
        tcell(t, a->score_a[i], "%.3f", a->score_a[i]);
        tcell(t, a->score_b[i], "%.3f", a->score_b[i]);
    }
    return t;
}

static void labels_summary(struct buf *b, const char *labels)
{
    uint8_t l[MAX_LABELS];
    size_t count[NLABEL] = {0, 0, 0};
    int n = parse_labels(labels, l, MAX_LABELS), i;
    if (n < 0) {
        buf_adds(b, "-");
        return;
    }
    for (i = 0; i < n; i++)
        count[l[i]]++;
    buf_addf(b, "%zu exact, %zu partial, %zu none", count[0], count[1], count[2]);
}

static struct table *worst_table(const struct report *R, const struct run *r)
{
    struct table *t = table_new(5, "Lowest-scoring answered instances%s%s",
                                R->nruns > 1 ? ": " : "", R->nruns > 1 ? r->label : "");
    struct buf b = BUF_INIT;
    size_t i;
    static const char *const head[] = {"#", "instance", "score", "flag", "gold rows"};
    t->left |= 1u << 1 | 1u << 3 | 1u << 4;
    for (i = 0; i < 5; i++)
        tcell(t, NAN, "%s", head[i]);
    for (i = 0; i < r->nworst; i++) {
        const struct worst *w = &r->w[i];
        buf_reset(&b);
        labels_summary(&b, w->labels);
        tcell(t, NAN, "%zu", i + 1);
        tcell(t, NAN, "%s", w->id);
        tcell(t, w->score, "%.3f", w->score);
        tcell(t, NAN, "%s", w->flag == F_OK ? "" : flag_names[w->flag]);
        tcell(t, NAN, "%s", b.s);
    }
    buf_release(&b);
    return t;
}

/* ---- rendering tables ------------------------------------------------------------------------ */

static void put_n(FILE *f, const char *s, size_t n)
{
    while (n--)
        fputs(s, f);
}

static void text_row(FILE *f, const struct table *t, size_t row, const size_t *w)
{
    size_t c;
    for (c = 0; c < t->ncols; c++) {
        const char *s = t->cell[row * t->ncols + c];
        size_t pad = w[c] - utf8_count(s, strlen(s));
        if (c)
            fputs("  ", f);
        if (!is_left(t, c))
            put_n(f, " ", pad);
        fputs(s, f);
        if (is_left(t, c) && c + 1 < t->ncols)
            put_n(f, " ", pad);
    }
    fputc('\n', f);
}

static void text_table(FILE *f, const struct table *t)
{
    size_t *w = xcalloc(t->ncols, sizeof(*w)), i;
    for (i = 0; i < t->n; i++) {
        size_t len = utf8_count(t->cell[i], strlen(t->cell[i]));
        if (len > w[i % t->ncols])
            w[i % t->ncols] = len;
    }
    fprintf(f, "%s\n", t->title);
    put_n(f, "=", utf8_count(t->title, strlen(t->title)));
    fputc('\n', f);
    for (i = 0; i < t->n / t->ncols; i++) {
        text_row(f, t, i, w);
        if (!i) {
            size_t c;
            for (c = 0; c < t->ncols; c++) {
                put_n(f, "-", w[c]);
                fputs(c + 1 < t->ncols ? "  " : "\n", f);
            }
        }
    }
    fputc('\n', f);
    free(w);
}

/* Writes s with the characters that have an entry in `map` replaced by it. */
static void put_escaped(FILE *f, const char *s, const char *const map[256])
{
    for (; *s; s++) {
        const char *r = map[(unsigned char)*s];
        if (r)
            fputs(r, f);
        else
            fputc(*s, f);
    }
}

/* Markdown cell text: a pipe would split the cell, and GitHub renders raw HTML. */
static const char *const md_map[256] = {
    ['|'] = "\\|", ['\\'] = "\\\\", ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;"};
static const char *const html_map[256] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;"};

static void md_text(FILE *f, const char *s)
{
    put_escaped(f, s, md_map);
}

static void md_table(FILE *f, const struct table *t)
{
    size_t i;
    fputs("### ", f);
    md_text(f, t->title);
    fputs("\n\n", f);
    for (i = 0; i < t->n; i++) {
        fputs(i % t->ncols ? " " : "| ", f);
        md_text(f, *t->cell[i] ? t->cell[i] : " ");
        fputs(" |", f);
        if ((i + 1) % t->ncols)
            continue;
        fputc('\n', f);
        if (i + 1 == t->ncols) {
            size_t c;
            for (c = 0; c < t->ncols; c++) {
                fputs(c ? " " : "| ", f);
                fputs(is_left(t, c) ? ":--- |" : "---: |", f);
            }
            fputc('\n', f);
        }
    }
    fputc('\n', f);
}

static void html_text(FILE *f, const char *s)
{
    put_escaped(f, s, html_map);
}

/* A score's colour, red (0) through yellow to green (1); `light` mixes it half with white,
 * for a table cell's background behind black text. */
static void score_colour(double s, int light, char out[8])
{
    static const double stops[3][3] = {{215, 48, 39}, {254, 224, 139}, {26, 152, 80}};
    double x = s < 0 ? 0 : s > 1 ? 1 : s, rgb[3];
    int seg = x < 0.5 ? 0 : 1, k;
    double u = (x - 0.5 * seg) * 2;
    for (k = 0; k < 3; k++) {
        rgb[k] = stops[seg][k] + (stops[seg + 1][k] - stops[seg][k]) * u;
        if (light)
            rgb[k] = (rgb[k] + 255) / 2;
    }
    snprintf(out, 8, "#%02x%02x%02x", (unsigned)(rgb[0] + 0.5) & 255,
             (unsigned)(rgb[1] + 0.5) & 255, (unsigned)(rgb[2] + 0.5) & 255);
}

static void html_table(FILE *f, const struct table *t)
{
    size_t i;
    fputs("<h3>", f);
    html_text(f, t->title);
    fputs("</h3>\n<table>\n<thead><tr>", f);
    for (i = 0; i < t->n; i++) {
        const char *tag = i < t->ncols ? "th" : "td";
        if (i % t->ncols == 0 && i)
            fputs(i == t->ncols ? "</tr></thead>\n<tbody><tr>" : "</tr>\n<tr>", f);
        fprintf(f, "<%s%s", tag, is_left(t, i % t->ncols) ? "" : " class=\"num\"");
        if (!isnan(t->shade[i])) {
            char c[8];
            score_colour(t->shade[i], 1, c);
            fprintf(f, " style=\"background:%s\"", c);
        }
        fputc('>', f);
        html_text(f, t->cell[i]);
        fprintf(f, "</%s>", tag);
    }
    fputs(t->n > t->ncols ? "</tr></tbody>\n</table>\n" : "</tr></thead>\n</table>\n", f);
}

struct out {
    FILE *f;
    enum report_format fmt;
    const struct report *R;
};

/* Renders the table and frees it. */
static void emit(const struct out *w, struct table *t)
{
    if (w->fmt == REPORT_MD)
        md_table(w->f, t);
    else if (w->fmt == REPORT_HTML)
        html_table(w->f, t);
    else
        text_table(w->f, t);
    table_free(t);
}

static void emit_dims(const struct out *w)
{
    size_t v;
    for (v = 0; v < NSINGLE; v++)
        emit(w, dim_table(w->R, v));
}

static void emit_cross(const struct out *w)
{
    size_t v, r;
    for (v = NSINGLE; v < NVIEW; v++)
        for (r = 0; r < w->R->nruns; r++)
            emit(w, cross_table(w->R, &w->R->runs[r], v));
}

static int any_agreement(const struct report *R)
{
    size_t r;
    for (r = 0; r < R->nruns; r++)
        if (R->runs[r].nag)
            return 1;
    return 0;
}

static void emit_agreement(const struct out *w)
{
    size_t r, k;
    for (r = 0; r < w->R->nruns; r++)
        for (k = 0; k < w->R->runs[r].nag; k++) {
            const struct run *run = &w->R->runs[r];
            emit(w, confusion_table(w->R, run, &run->ag[k]));
            emit(w, agree_summary(w->R, run, &run->ag[k]));
            if (run->ag[k].nids)
                emit(w, disagree_table(w->R, run, &run->ag[k]));
        }
}

/* Line breaks for the text format; Markdown and HTML flow them into one paragraph. */
static const char legend[] =
    "Cells: mean score \xc2\xb1 half-width of its 95% interval (normal approximation,\n"
    "1.96 sd / sqrt(n)), with n in brackets; cross tables give the mean and n.\n"
    "An instance counts under each of its query types.  Flagged replies (no-reply,\n"
    "truncated, refused) score 0; unscored instances are counted, not averaged.";

static void write_plain(const struct out *w)
{
    size_t r;
    if (w->fmt == REPORT_MD)
        fprintf(w->f, "## holobench report (scorer %s)\n\n%s\n\n", w->R->scorer, legend);
    else
        fprintf(w->f, "holobench report (scorer %s)\n%s\n\n", w->R->scorer, legend);
    emit(w, counts_table(w->R));
    emit_dims(w);
    emit_cross(w);
    emit_agreement(w);
    for (r = 0; r < w->R->nruns; r++)
        emit(w, worst_table(w->R, &w->R->runs[r]));
}

/* ---- CSV ------------------------------------------------------------------------------------- */

/* RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_row(FILE *f, const char *run, const char *dim, const char *value,
                    const struct acc *a)
{
    struct meanci m;
    acc_meanci(a, &m);
    csv_field(f, run);
    fputc(',', f);
    csv_field(f, dim);
    fputc(',', f);
    csv_field(f, value);
    fprintf(f, ",%llu,%.6f,", (unsigned long long)m.n, m.mean);
    if (m.has_ci)
        fprintf(f, "%.6f,%.6f\r\n", m.lo, m.hi);
    else
        fputs(",\r\n", f);
}

static void csv_view(FILE *f, const struct report *R, const struct run *r, size_t view,
                     struct buf *tmp)
{
    const struct view *v = &views[view];
    const struct dict *da = &R->d[v->a];
    size_t nb = dim_size(R, v->b), i, k;
    for (i = 0; i < da->n; i++)
        for (k = 0; k < nb; k++) {
            uint32_t ia = da->order[i], ib = v->b == D_NONE ? 0 : R->d[v->b].order[k];
            const struct acc *a = &r->agg[view][ia * nb + ib];
            if (!a->n)
                continue;
            buf_reset(tmp);
            buf_adds(tmp, da->v[ia].name);
            if (v->b != D_NONE)
                buf_addf(tmp, ":%s", R->d[v->b].v[ib].name);
            csv_row(f, r->label, v->name, tmp->s, a);
        }
}

static void write_csv(FILE *f, const struct report *R)
{
    struct buf tmp = BUF_INIT;
    size_t i, k, v;
    fputs("run,dimension,value,n,mean,ci_low,ci_high\r\n", f);
    for (i = 0; i < R->nruns; i++) {
        const struct run *r = &R->runs[i];
        if (r->all.n)
            csv_row(f, r->label, "overall", "all", &r->all);
        for (k = 0; k < NFLAG; k++)
            if (r->flag[k].n)
                csv_row(f, r->label, "flag", flag_names[k], &r->flag[k]);
        for (v = 0; v < NVIEW; v++)
            csv_view(f, R, r, v, &tmp);
    }
    buf_release(&tmp);
}

/* ---- HTML: charts ---------------------------------------------------------------------------- */

static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
#define NPALETTE 10

/* A line chart's data: ns series over nx x values; y NAN where a series has no data. */
struct chart {
    char *title;
    size_t nx, ns;
    const char **xlab, **slab;
    double *y;
    uint64_t *n;
};

static void chart_init(struct chart *c, size_t nx, size_t ns)
{
    c->nx = nx;
    c->ns = ns;
    c->xlab = xcalloc(nx + 1, sizeof(*c->xlab));
    c->slab = xcalloc(ns + 1, sizeof(*c->slab));
    c->y = xcalloc(st_mult(nx, ns) + 1, sizeof(*c->y));
    c->n = xcalloc(st_mult(nx, ns) + 1, sizeof(*c->n));
}

static void chart_free(struct chart *c)
{
    free(c->title);
    free(c->xlab);
    free(c->slab);
    free(c->y);
    free(c->n);
}

static void chart_set(struct chart *c, size_t s, size_t x, const struct acc *a)
{
    c->n[s * c->nx + x] = a->n;
    c->y[s * c->nx + x] = a->n ? a->sum / (double)a->n : NAN;
}

/* Chart geometry: plot area inside margins, the legend on the right. */
#define CW 550.0
#define CH 320.0
#define CL 56.0
#define CR 140.0
#define CT 36.0
#define CB 48.0

static double chart_x(const struct chart *c, size_t i)
{
    double pw = CW - CL - CR;
    return c->nx < 2 ? CL + pw / 2 : CL + pw * (double)i / (double)(c->nx - 1);
}

static double chart_y(double v)
{
    return CT + (CH - CT - CB) * (1 - v);
}

static void chart_axes(FILE *f, const struct chart *c)
{
    size_t i;
    int k;
    for (k = 0; k <= 4; k++)
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" class=\"yl\">%.2f</text>\n",
                CL, chart_y(k / 4.0), CW - CR, chart_y(k / 4.0), CL - 6, chart_y(k / 4.0) + 4,
                k / 4.0);
    for (i = 0; i < c->nx; i++) {
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">", chart_x(c, i), CH - CB + 18);
        html_text(f, c->xlab[i]);
        fputs("</text>\n", f);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">context length (tokens)</text>\n",
            CL + (CW - CL - CR) / 2, CH - 8);
    fprintf(f,
            "<text x=\"14\" y=\"%.1f\" class=\"xl\" transform=\"rotate(-90 14 %.1f)\">"
            "mean score</text>\n",
            chart_y(0.5), chart_y(0.5));
    fprintf(f, "<text x=\"%.1f\" y=\"20\" class=\"title\">", CL);
    html_text(f, c->title);
    fputs("</text>\n", f);
}

static void chart_series(FILE *f, const struct chart *c, size_t s)
{
    const char *colour = palette[s % NPALETTE];
    size_t i;
    int pen = 0;
    fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s d=\"", colour,
            s >= NPALETTE ? " stroke-dasharray=\"6 3\"" : "");
    for (i = 0; i < c->nx; i++) {
        double v = c->y[s * c->nx + i];
        if (isnan(v)) { /* a gap: the line resumes at the next point with data */
            pen = 0;
            continue;
        }
        fprintf(f, "%s%.1f %.1f ", pen ? "L" : "M", chart_x(c, i), chart_y(v));
        pen = 1;
    }
    fputs("\"/>\n", f);
    for (i = 0; i < c->nx; i++) {
        double v = c->y[s * c->nx + i];
        if (isnan(v))
            continue;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>", chart_x(c, i),
                chart_y(v), colour);
        html_text(f, c->slab[s]);
        fputs(", ", f);
        html_text(f, c->xlab[i]);
        fprintf(f, ": %.3f (n=%llu)</title></circle>\n", v,
                (unsigned long long)c->n[s * c->nx + i]);
    }
}

static void chart_legend(FILE *f, const struct chart *c)
{
    size_t s;
    for (s = 0; s < c->ns; s++) {
        double y = CT + 8 + 18.0 * (double)s;
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"3\"%s/><text x=\"%.1f\" y=\"%.1f\" class=\"lg\">",
                CW - CR + 14, y, CW - CR + 34, y, palette[s % NPALETTE],
                s >= NPALETTE ? " stroke-dasharray=\"6 3\"" : "", CW - CR + 40, y + 4);
        html_text(f, c->slab[s]);
        fputs("</text>\n", f);
    }
}

static void svg_line_chart(FILE *f, const struct chart *c)
{
    size_t s;
    fprintf(f,
            "<svg class=\"chart\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            "role=\"img\" aria-label=\"",
            CW, CH, CW, CH);
    html_text(f, c->title);
    fputs("\">\n", f);
    chart_axes(f, c);
    for (s = 0; s < c->ns; s++)
        chart_series(f, c, s);
    chart_legend(f, c);
    fputs("</svg>\n", f);
}

/* Score vs length of one run, a line per query type. */
static void chart_types(FILE *f, const struct report *R, const struct run *r)
{
    const struct dict *dl = &R->d[D_LEN], *dt = &R->d[D_TYPE];
    uint32_t *xs = xcalloc(dl->n + 1, sizeof(*xs)), *ss = xcalloc(dt->n + 1, sizeof(*ss));
    size_t nx = used_rows(R, r, V_LEN_TYPE, xs), ns = used_cols(R, r, V_LEN_TYPE, ss), i, s;
    struct chart c;
    struct buf b = BUF_INIT;
    chart_init(&c, nx, ns);
    buf_addf(&b, "Score vs context length by query type: %s", r->label);
    c.title = buf_detach(&b, NULL);
    for (i = 0; i < nx; i++)
        c.xlab[i] = dl->v[xs[i]].name;
    for (s = 0; s < ns; s++) {
        c.slab[s] = dt->v[ss[s]].name;
        for (i = 0; i < nx; i++)
            chart_set(&c, s, i, &r->agg[V_LEN_TYPE][xs[i] * dt->n + ss[s]]);
    }
    if (nx)
        svg_line_chart(f, &c);
    chart_free(&c);
    free(xs);
    free(ss);
}

/* Score vs length, a line per run. */
static void chart_runs(FILE *f, const struct report *R)
{
    const struct dict *dl = &R->d[D_LEN];
    uint32_t *xs = xcalloc(dl->n + 1, sizeof(*xs));
    size_t nx = 0, i, s;
    struct chart c;
    for (i = 0; i < dl->n; i++)
        if (any_run_has(R, V_LEN, dl->order[i]))
            xs[nx++] = dl->order[i];
    chart_init(&c, nx, R->nruns);
    c.title = xstrdup("Score vs context length by run");
    for (i = 0; i < nx; i++)
        c.xlab[i] = dl->v[xs[i]].name;
    for (s = 0; s < R->nruns; s++) {
        c.slab[s] = R->runs[s].label;
        for (i = 0; i < nx; i++)
            chart_set(&c, s, i, &R->runs[s].agg[V_LEN][xs[i]]);
    }
    if (nx)
        svg_line_chart(f, &c);
    chart_free(&c);
    free(xs);
}

#define HW 96.0 /* heat map cell */
#define HH 34.0
#define HL 70.0
#define HT 64.0

static void heat_cell(FILE *f, double x, double y, const struct acc *a, const char *row,
                      const char *colname)
{
    char fill[8] = "#eeeeee";
    double mean = a->n ? a->sum / (double)a->n : NAN;
    if (a->n)
        score_colour(mean, 0, fill);
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
            "stroke=\"#fff\"><title>",
            x, y, HW, HH, fill);
    html_text(f, row);
    fputs(" / ", f);
    html_text(f, colname);
    if (a->n)
        fprintf(f, ": %.3f (n=%llu)", mean, (unsigned long long)a->n);
    fputs("</title></rect>", f);
    /* white on the dark ends of the scale, black on the light middle */
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"hv\" fill=\"%s\">", x + HW / 2, y + HH / 2 + 5,
            a->n && (mean < 0.2 || mean > 0.8) ? "#fff" : "#000");
    if (a->n)
        fprintf(f, "%.2f", mean);
    else
        fputs("-", f);
    fputs("</text>\n", f);
}

/* Length (rows) x position (columns) of one run, each cell coloured by its mean score. */
static void heat_map(FILE *f, const struct report *R, const struct run *r)
{
    const struct dict *dl = &R->d[D_LEN], *dp = &R->d[D_POS];
    uint32_t *rows = xcalloc(dl->n + 1, sizeof(*rows)), *cols = xcalloc(dp->n + 1, sizeof(*cols));
    size_t nr = used_rows(R, r, V_LEN_POS, rows), nc = used_cols(R, r, V_LEN_POS, cols), i, k;
    double w = HL + HW * (double)nc + 10, h = HT + HH * (double)nr + 10;
    double title_w = 8 * (double)utf8_count(r->label, strlen(r->label)) + 150;
    if (w < title_w) /* the title is one line of SVG text: room for it */
        w = title_w;
    if (nr && nc) {
        fprintf(f,
                "<svg class=\"heat\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                "role=\"img\" aria-label=\"length by position\">\n<text x=\"4\" y=\"20\" "
                "class=\"title\">Length \xc3\x97 position: ",
                w, h, w, h);
        html_text(f, r->label);
        fputs("</text>\n", f);
        for (k = 0; k < nc; k++) {
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">", HL + HW * ((double)k + 0.5),
                    HT - 10);
            html_text(f, dp->v[cols[k]].name);
            fputs("</text>\n", f);
        }
        for (i = 0; i < nr; i++) {
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"yl\">", HL - 8,
                    HT + HH * ((double)i + 0.5) + 5);
            html_text(f, dl->v[rows[i]].name);
            fputs("</text>\n", f);
            for (k = 0; k < nc; k++)
                heat_cell(f, HL + HW * (double)k, HT + HH * (double)i,
                          &r->agg[V_LEN_POS][rows[i] * dp->n + cols[k]], dl->v[rows[i]].name,
                          dp->v[cols[k]].name);
        }
        fputs("</svg>\n", f);
    }
    free(rows);
    free(cols);
}

/* ---- HTML: the suite's questions and gold -------------------------------------------------- */

static void fill_from_line(struct worst **want, size_t n, const char *id, size_t idlen,
                           const char *line, size_t len)
{
    struct instance_text big;
    struct buf own = BUF_INIT;
    cJSON *head = NULL;
    size_t k;
    for (k = 0; k < n; k++) {
        struct worst *w = want[k];
        const cJSON *q;
        if (w->gold || strlen(w->id) != idlen || memcmp(w->id, id, idlen))
            continue;
        if (!head && !(head = instance_parse(line, len, &big, &own)))
            break;
        q = cJSON_GetObjectItemCaseSensitive(head, "question");
        w->question = cJSON_IsString(q) ? xstrdup(q->valuestring) : NULL;
        w->gold = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(head, "gold"), 1);
    }
    cJSON_Delete(head);
    buf_release(&own);
}

/* The id of an instance line: holobench writes `{"id":"...` first, which is read without
 * parsing the line (suites of long contexts are gigabytes); other layouts are parsed. */
static void scan_line(struct worst **want, size_t n, const char *line, size_t len)
{
    const char *id = line + 7, *end;
    if (len > 7 && !memcmp(line, "{\"id\":\"", 7) && (end = memchr(id, '"', len - 7)) &&
        !memchr(id, '\\', (size_t)(end - id))) {
        fill_from_line(want, n, id, (size_t)(end - id), line, len);
    } else {
        struct instance_text big;
        struct buf own = BUF_INIT;
        cJSON *head = instance_parse(line, len, &big, &own);
        const cJSON *jid = cJSON_GetObjectItemCaseSensitive(head, "id");
        if (cJSON_IsString(jid))
            fill_from_line(want, n, jid->valuestring, strlen(jid->valuestring), line, len);
        cJSON_Delete(head);
        buf_release(&own);
    }
}

static void scan_suite(const char *path, struct worst **want, size_t n)
{
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    if (!f) {
        warning("cannot read the suite '%s' (%s): the report shows no questions or gold answers",
                path, strerror(errno));
        return;
    }
    while ((len = getline(&line, &cap, f)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len)
            scan_line(want, n, line, (size_t)len);
    }
    free(line);
    fclose(f);
}

/* One pass over each distinct suite for the listed instances of all runs that used it. */
static void load_questions(struct report *R)
{
    struct worst **want = xcalloc(R->nruns * WORST + 1, sizeof(*want));
    char *done = xcalloc(R->nruns + 1, 1);
    size_t i, j, k;
    for (i = 0; i < R->nruns; i++) {
        const char *path = R->o->suite ? R->o->suite : R->runs[i].suite_path;
        size_t n = 0;
        if (done[i] || !path)
            continue;
        for (j = i; j < R->nruns; j++) {
            const char *pj = R->o->suite ? R->o->suite : R->runs[j].suite_path;
            if (done[j] || !pj || strcmp(pj, path))
                continue;
            done[j] = 1;
            for (k = 0; k < R->runs[j].nworst; k++)
                want[n++] = &R->runs[j].w[k];
        }
        if (n)
            scan_suite(path, want, n);
    }
    free(want);
    free(done);
}

/* ---- HTML: the page -------------------------------------------------------------------------- */

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;"
    "margin:24px auto;max-width:1180px;padding:0 16px}\n"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px "
    "solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}\n"
    "table{border-collapse:collapse;margin:4px 0 12px}th,td{border:1px solid #d0d0d0;"
    "padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}\n"
    "td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    ".note{color:#555}nav a{margin-right:14px}.row{display:flex;flex-wrap:wrap;gap:0 24px;"
    "align-items:flex-start}\n"
    "svg{display:block;margin:8px 0 16px;background:#fff}svg text{font:12px system-ui,"
    "sans-serif}svg .title{font-weight:bold;font-size:13px}svg .xl{text-anchor:middle}\n"
    "svg .yl{text-anchor:end}svg .hv{text-anchor:middle;font-weight:bold}svg .grid{stroke:"
    "#e3e3e3}\n"
    "pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;border:1px solid #ddd;"
    "padding:8px;max-height:420px;overflow:auto}\n"
    "article{border-top:1px solid #eee;padding-top:6px}.q{max-width:420px}\n"
    ".lab-exact{background:#d9f0d3}.lab-partial{background:#fff2b3}.lab-none{background:"
    "#f9d0cc}\n";

static void html_head(FILE *f, const struct report *R)
{
    size_t i;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          /* an empty inline icon, so that no browser asks the file system for favicon.ico */
          "<link rel=\"icon\" href=\"data:,\">\n<title>holobench report: ",
          f);
    for (i = 0; i < R->nruns; i++) {
        if (i)
            fputs(", ", f);
        html_text(f, R->runs[i].label);
    }
    fprintf(f,
            "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>holobench report</h1>\n"
            "<p class=\"note\">Scorer <b>",
            css);
    html_text(f, R->scorer);
    fputs("</b>. ", f);
    html_text(f, legend);
    fputs("</p>\n<nav><a href=\"#runs\">runs</a><a href=\"#charts\">charts</a>"
          "<a href=\"#tables\">tables</a>",
          f);
    if (any_agreement(R))
        fputs("<a href=\"#agreement\">scorer agreement</a>", f);
    fputs("<a href=\"#worst\">lowest scores</a></nav>\n", f);
}

static void html_charts(const struct out *w)
{
    size_t r;
    fputs("<section id=\"charts\">\n<h2>Charts</h2>\n<div class=\"row\">\n", w->f);
    if (w->R->nruns > 1)
        chart_runs(w->f, w->R);
    for (r = 0; r < w->R->nruns; r++)
        chart_types(w->f, w->R, &w->R->runs[r]);
    for (r = 0; r < w->R->nruns; r++)
        heat_map(w->f, w->R, &w->R->runs[r]);
    fputs("</div>\n</section>\n", w->f);
}

/* The first `max` bytes of s escaped, cut back to a whole UTF-8 character. */
static void html_text_capped(FILE *f, const char *s, size_t max)
{
    size_t len = strlen(s), cut = len;
    char *part;
    if (len > max) {
        cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
    }
    part = xstrndup(s, cut);
    html_text(f, part);
    free(part);
    if (cut < len)
        fprintf(f, " \xe2\x80\xa6 (%zu more bytes)", len - cut);
}

static void html_worst_row(FILE *f, size_t run, size_t i, const struct worst *w)
{
    char c[8];
    score_colour(w->score, 1, c);
    fprintf(f, "<tr><td class=\"num\">%zu</td><td><a href=\"#r%zu-w%zu\">", i + 1, run, i);
    html_text(f, w->id);
    fprintf(f,
            "</a></td><td class=\"num\" style=\"background:%s\">%.3f</td><td>%s</td>"
            "<td class=\"q\">",
            c, w->score, w->flag == F_OK ? "" : flag_names[w->flag]);
    html_text(f, w->question ? w->question : "");
    fputs("</td><td class=\"q\">", f);
    html_text_capped(f, w->reply ? w->reply : "", 160);
    fputs("</td></tr>\n", f);
}

static void html_worst(FILE *f, const struct report *R)
{
    size_t r, i;
    fputs("<section id=\"worst\">\n<h2>Lowest-scoring instances</h2>\n<p class=\"note\">The "
          "20 lowest scores of each run among instances with a reply (those without one are "
          "counted under no-reply).  Each links to its question, gold answer and reply.</p>\n",
          f);
    for (r = 0; r < R->nruns; r++) {
        const struct run *run = &R->runs[r];
        fputs("<h3>", f);
        html_text(f, run->label);
        fputs("</h3>\n<table>\n<thead><tr><th class=\"num\">#</th><th>instance</th>"
              "<th class=\"num\">score</th><th>flag</th><th>question</th><th>reply</th>"
              "</tr></thead>\n<tbody>\n",
              f);
        for (i = 0; i < run->nworst; i++)
            html_worst_row(f, r, i, &run->w[i]);
        fputs("</tbody>\n</table>\n", f);
    }
    fputs("</section>\n", f);
}

static void html_json_value(FILE *f, const cJSON *v)
{
    char *s;
    if (cJSON_IsString(v)) {
        html_text(f, v->valuestring);
        return;
    }
    if (cJSON_IsNull(v)) {
        fputs("<i>NULL</i>", f);
        return;
    }
    s = cJSON_PrintUnformatted(v);
    html_text(f, s ? s : "");
    cJSON_free(s);
}

static void gold_row(FILE *f, const cJSON *row, int label)
{
    const cJSON *v;
    fputs("<tr>", f);
    cJSON_ArrayForEach(v, row)
    {
        fputs("<td>", f);
        html_json_value(f, v);
        fputs("</td>", f);
    }
    if (label >= 0)
        fprintf(f, "<td class=\"lab-%s\">%s</td>", label_names[label], label_names[label]);
    else
        fputs("<td>-</td>", f);
    fputs("</tr>\n", f);
}

/* The gold table with each row's label beside it (the scorers label the first 50 rows). */
static void html_gold(FILE *f, const struct worst *w)
{
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(w->gold, "columns"), *c, *row;
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(w->gold, "rows");
    uint8_t lab[MAX_LABELS];
    int nl = parse_labels(w->labels, lab, MAX_LABELS), i = 0;
    if (!cJSON_GetArraySize(rows)) {
        fputs("<p>Gold: the empty answer (no rows).</p>\n", f);
        return;
    }
    fputs("<table>\n<thead><tr>", f);
    cJSON_ArrayForEach(c, cols)
    {
        fputs("<th>", f);
        html_json_value(f, c);
        fputs("</th>", f);
    }
    fputs("<th>label</th></tr></thead>\n<tbody>\n", f);
    cJSON_ArrayForEach(row, rows)
    {
        if (i >= GOLD_ROWS_SHOWN) {
            fprintf(f, "<tr><td colspan=\"%d\">\xe2\x80\xa6 %d more rows</td></tr>\n",
                    cJSON_GetArraySize(cols) + 1, cJSON_GetArraySize(rows) - i);
            break;
        }
        gold_row(f, row, i < nl ? lab[i] : -1);
        i++;
    }
    fputs("</tbody>\n</table>\n", f);
}

static void html_detail(FILE *f, size_t run, size_t i, const struct run *r, const struct worst *w)
{
    struct buf b = BUF_INIT;
    labels_summary(&b, w->labels);
    fprintf(f, "<article id=\"r%zu-w%zu\">\n<h3>", run, i);
    html_text(f, w->id);
    fprintf(f, "</h3>\n<p>Run <b>");
    html_text(f, r->label);
    fprintf(f, "</b>; score %.3f%s%s; gold rows: ", w->score, w->flag == F_OK ? "" : "; flag ",
            w->flag == F_OK ? "" : flag_names[w->flag]);
    html_text(f, b.s);
    fputs(".</p>\n<p><b>Question:</b> ", f);
    html_text(f, w->question ? w->question : "(not available: the run's suite was not read)");
    fputs("</p>\n", f);
    if (w->gold)
        html_gold(f, w);
    fputs("<p><b>Reply:</b></p>\n<pre>", f);
    html_text_capped(f, w->reply ? w->reply : "", REPLY_CAP);
    fputs("</pre>\n<p><a href=\"#worst\">back to the list</a></p>\n</article>\n", f);
    buf_release(&b);
}

static void html_details(FILE *f, const struct report *R)
{
    size_t r, i;
    fputs("<section id=\"details\">\n<h2>Details of the lowest-scoring instances</h2>\n", f);
    for (r = 0; r < R->nruns; r++)
        for (i = 0; i < R->runs[r].nworst; i++)
            html_detail(f, r, i, &R->runs[r], &R->runs[r].w[i]);
    fputs("</section>\n", f);
}

static void write_html(const struct out *w)
{
    FILE *f = w->f;
    html_head(f, w->R);
    fputs("<section id=\"runs\">\n<h2>Summary</h2>\n", f);
    emit(w, counts_table(w->R));
    fputs("</section>\n", f);
    html_charts(w);
    fputs("<section id=\"tables\">\n<h2>Tables</h2>\n", f);
    emit_dims(w);
    emit_cross(w);
    fputs("</section>\n", f);
    if (any_agreement(w->R)) {
        fputs("<section id=\"agreement\">\n<h2>Scorer agreement</h2>\n", f);
        emit_agreement(w);
        fputs("</section>\n", f);
    }
    html_worst(f, w->R);
    html_details(f, w->R);
    fputs("</body>\n</html>\n", f);
}

/* ---- the report ------------------------------------------------------------------------------ */

int report_format_parse(const char *s, enum report_format *out)
{
    static const char *const names[] = {"text", "md", "csv", "html"};
    int i;
    for (i = 0; i < 4; i++)
        if (!strcmp(s, names[i])) {
            *out = (enum report_format)i;
            return 0;
        }
    return -1;
}

static void run_free(struct run *r)
{
    size_t i, k;
    free(r->label);
    free(r->model);
    free(r->suite_path);
    free(r->rec);
    for (i = 0; i < r->nworst; i++) {
        free(r->w[i].id);
        free(r->w[i].reply);
        free(r->w[i].labels);
        free(r->w[i].question);
        cJSON_Delete(r->w[i].gold);
    }
    for (i = 0; i < r->nag; i++) {
        free(r->ag[i].other);
        for (k = 0; k < r->ag[i].nids; k++)
            free(r->ag[i].ids[k]);
    }
    free(r->ag);
    for (i = 0; i < NVIEW; i++)
        free(r->agg[i]);
}

static void report_free(struct report *R)
{
    size_t i;
    for (i = 0; i < R->nruns; i++)
        run_free(&R->runs[i]);
    free(R->runs);
    for (i = 0; i < NDIM; i++)
        dict_free(&R->d[i]);
    for (i = 0; i < R->nts; i++) {
        free(R->ts[i].json);
        free(R->ts[i].ids);
    }
    free(R->ts);
    buf_release(&R->tmp);
}

static void write_report(FILE *f, const struct report *R)
{
    struct out w;
    w.f = f;
    w.fmt = R->o->format;
    w.R = R;
    if (w.fmt == REPORT_CSV)
        write_csv(f, R);
    else if (w.fmt == REPORT_HTML)
        write_html(&w);
    else
        write_plain(&w);
}

int report_write(FILE *f, char *const *runs, size_t nruns, const struct report_opts *o)
{
    struct report R;
    size_t i, v;
    int rc = -1;
    memset(&R, 0, sizeof(R));
    R.o = o;
    R.scorer = o->scorer ? o->scorer : DEFAULT_SCORER;
    R.tmp = (struct buf)BUF_INIT;
    R.runs = xcalloc(nruns + 1, sizeof(*R.runs));
    for (R.nruns = 0; R.nruns < nruns; R.nruns++) {
        R.runs[R.nruns].path = runs[R.nruns];
        if (load_run(&R, &R.runs[R.nruns]) < 0) {
            R.nruns++; /* so that its partial state is freed */
            goto out;
        }
    }
    label_runs(&R);
    for (i = 0; i < NDIM; i++)
        dict_sort(&R.d[i]);
    for (i = 0; i < R.nruns; i++)
        for (v = 0; v < NVIEW; v++)
            R.runs[i].agg[v] = aggregate(&R, &R.runs[i], &views[v]);
    if (o->format == REPORT_HTML)
        load_questions(&R);
    write_report(f, &R);
    rc = 0;
out:
    report_free(&R);
    return rc;
}
