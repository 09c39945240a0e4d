/* report: reading scored run databases into per-dimension aggregates, and the report's tables
 * as data (struct rtable); the writers that render them are report_text.c, report_html.c and
 * svg.c.  The contract is at the top of report.h; the shared structs are in report_int.h. */
#include "report.h"

#include "buf.h"
#include "err.h"
#include "report_int.h"
#include "rundb.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define DEFAULT_SCORER "deterministic-v1"

const char *const report_dim_names[NDIM] = {"type", "difficulty", "length", "setting", "position"};
const char *const report_flag_names[NFLAG] = {"ok", "no-reply", "truncated", "refused", "other"};
const char *const report_label_names[NLABEL] = {"exact", "partial", "none"};

const struct report_view report_views[NVIEW] = {
    {D_TYPE, D_NONE, "type", "Score by query type"},
    {D_DIFF, D_NONE, "difficulty", "Score by difficulty"},
    {D_LEN, D_NONE, "length", "Score by context length"},
    {D_SET, D_NONE, "setting", "Score by information amount (a) or density (d)"},
    {D_POS, D_NONE, "position", "Score by information position"},
    {D_LEN, D_TYPE, "length:type", "Context length \xc3\x97 query type"},
    {D_LEN, D_POS, "length:position", "Context length \xc3\x97 position"},
    {D_SET, D_LEN, "setting:length", "Amount/density \xc3\x97 context length"},
};

/* ---- dimensions and their values ------------------------------------------------------------- */

/* The paper's orders; values not listed follow, alphabetically. */
static const char *const type_order[] = {"Aggregation", "Max/Min", "Join",
                                         "Comparison",  "Ranking", NULL};
static const char *const diff_order[] = {"easy", "medium", "hard", NULL};
static const char *const pos_order[] = {"uniform", "begin", "end", "middle", "bimodal", NULL};
#define RANK_OTHER 100
#define RANK_NONE 200 /* "(none)": a NULL in the run, listed last */

static int rank_in(const char *const *names, const char *s)
{
    int i;
    for (i = 0; names[i]; i++)
        if (!strcmp(names[i], s))
            return i;
    return RANK_OTHER;
}

static uint32_t dict_intern(struct dim_dict *d, const char *name, int rank, double num)
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
    const struct dim_value *a = *(const struct dim_value *const *)pa,
                           *b = *(const struct dim_value *const *)pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->num < b->num || a->num > b->num)
        return a->num < b->num ? -1 : 1;
    return strcmp(a->name, b->name);
}

static void dict_sort(struct dim_dict *d)
{
    const struct dim_value **p = xcalloc(d->n ? d->n : 1, sizeof(*p));
    size_t i;
    for (i = 0; i < d->n; i++)
        p[i] = &d->v[i];
    qsort(p, d->n, sizeof(*p), cmp_value);
    d->order = xcalloc(d->n ? d->n : 1, sizeof(*d->order));
    for (i = 0; i < d->n; i++)
        d->order[i] = (uint32_t)(p[i] - d->v);
    free(p);
}

static void dict_free(struct dim_dict *d)
{
    size_t i;
    for (i = 0; i < d->n; i++)
        free(d->v[i].name);
    free(d->v);
    free(d->order);
}

/* ---- reading a run --------------------------------------------------------------------------- */

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *s = col(st, i);
    return s ? xstrdup(s) : NULL;
}

static int sql_error(const struct report_run *r, const char *what)
{
    return error("%s: %s: %s", r->path, what, sqlite3_errmsg(r->db));
}

/* sql prepared with ?1 and ?2 bound to p1 and p2 (each left unbound when NULL; they must
 * outlive the statement); NULL after printing `what` failed. */
static sqlite3_stmt *query(const struct report_run *r, const char *sql, const char *p1,
                           const char *p2, const char *what)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sql_error(r, what);
        return NULL;
    }
    if (p1)
        sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
    if (p2)
        sqlite3_bind_text(st, 2, p2, -1, SQLITE_STATIC);
    return st;
}

/* Finalizes a query stepped to rc: 0 when it ran to the end, else -1 after printing. */
static int query_done(const struct report_run *r, sqlite3_stmt *st, int rc, const char *what)
{
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sql_error(r, what);
}

static int open_run(struct report_run *r)
{
    return rundb_open_readonly(&r->db, r->path);
}

/* What the report shows of the run's settings (rundb_open_readonly has checked its shape). */
static void read_settings(struct report_run *r)
{
    r->model = run_setting(r->db, "model", NULL);
    r->suite_path = run_suite_path(r->db, r->path);
    r->suite_hash = run_setting(r->db, "suite_hash", NULL);
    r->prompt = run_setting(r->db, "prompt", NULL);
    r->prompt_hash = run_setting(r->db, "prompt_hash", NULL);
}

/* The versions of the chosen scorer's rules in the run's scores (see report_int.h). */
static int read_scorer_version(const struct report *R, struct report_run *r)
{
    static const char sql[] =
        "SELECT group_concat(v, ', ') FROM (SELECT DISTINCT coalesce(scorer_version, 'not "
        "recorded') AS v FROM scores WHERE scorer = ?1 ORDER BY v)";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) { /* scored before 0.2 */
        sqlite3_finalize(st);
        r->scorer_version = xstrdup("not recorded");
        return 0;
    }
    sqlite3_bind_text(st, 1, R->scorer, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        r->scorer_version = col_dup(st, 0);
    sqlite3_finalize(st);
    if (!r->scorer_version)
        r->scorer_version = xstrdup("not recorded");
    return 0;
}

/* The scorers the run holds, NUL-separated and sorted; the chosen one must be among them. */
static int list_scorers(struct report_run *r, const char *scorer, struct buf *names, size_t *n)
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
        if (!strcmp(s, report_flag_names[i]))
            return i;
    return F_OTHER;
}

/* The labels as the scorers store them, ["exact","partial",...], read without a JSON parser
 * (a report reads 100,000 of them): appended to r->labs; the count, 0 for anything else. */
static size_t take_labels(struct report_run *r, const char *s)
{
    size_t n = 0, start = r->nlabs;
    if (!s || *s++ != '[')
        return 0;
    for (;;) {
        int k;
        size_t len;
        while (*s == ' ')
            s++;
        if (*s == ']' && !s[1])
            return n;
        if (*s++ != '"')
            break;
        for (k = 0; k < NLABEL; k++) {
            len = strlen(report_label_names[k]);
            if (!strncmp(s, report_label_names[k], len) && s[len] == '"')
                break;
        }
        if (k == NLABEL || n == MAX_LABELS)
            break;
        ALLOC_GROW(r->labs, r->nlabs + 1, r->alabs);
        r->labs[r->nlabs++] = (uint8_t)k;
        n++;
        s += len + 1;
        while (*s == ' ')
            s++;
        if (*s == ',')
            s++;
        else if (*s != ']')
            break;
    }
    r->nlabs = start;
    return 0;
}

/* Columns: 0 id, 1 types, 2 difficulty, 3 target_tokens, 4 info_tokens, 5 density,
 * 6 position, 7 score, 8 flag, 9 status, 10 query_id, 11 labels.  A pending instance (never sent)
 * is counted apart and never averaged, even with a score an older holobench gave it. */
static void take_row(struct report *R, struct report_run *r, sqlite3_stmt *st)
{
    struct report_rec *x;
    const char *status = col(st, 9);
    double s;
    int flag;
    r->instances++;
    if (status && !strcmp(status, "pending")) {
        r->pending++;
        return;
    }
    ALLOC_GROW(r->answered, r->nanswered + 1, r->aanswered);
    r->answered[r->nanswered++] = xstrdup(col(st, 0) ? col(st, 0) : "");
    /* 'unscored' (a judge reply that could not be used) is no score; before NULL was stored
     * for it, it was a 0 */
    if (sqlite3_column_type(st, 7) == SQLITE_NULL ||
        (col(st, 8) && !strcmp(col(st, 8), "unscored")))
        return;
    s = sqlite3_column_double(st, 7);
    flag = flag_of(col(st, 8));
    ALLOC_GROW(r->rec, r->n + 1, r->alloc);
    x = &r->rec[r->n++];
    x->score = s;
    x->ans = (uint32_t)(r->nanswered - 1);
    x->flag = (uint8_t)flag;
    x->cl = report_cluster_of(r, col(st, 10), r->answered[x->ans]);
    x->v[D_TYPE] = typeset_of(R, col(st, 1));
    x->v[D_DIFF] = named_of(R, D_DIFF, col(st, 2), diff_order);
    x->v[D_LEN] = size_of(R, D_LEN, st, 3, "", 0);
    x->v[D_SET] = setting_of(R, st);
    x->v[D_POS] = named_of(R, D_POS, col(st, 6), pos_order);
    x->lab = (uint32_t)r->nlabs;
    x->nlab = R->o->format == REPORT_CSV ? 0 : (uint16_t)take_labels(r, col(st, 11));
    stats_add(&r->all, s);
    stats_add(&r->flag[flag], s);
}

static int read_rows(struct report *R, struct report_run *r)
{
    static const char sql[] =
        "SELECT i.id, i.types, i.difficulty, i.target_tokens, i.info_tokens, i.density, "
        "i.position, s.score, s.flag, i.status, i.query_id, s.labels FROM instances i LEFT JOIN "
        "scores s "
        "ON s.id = i.id AND s.scorer = ?1 ORDER BY i.rowid";
    sqlite3_stmt *st = query(r, sql, R->scorer, NULL, "cannot read the instances");
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        take_row(R, r, st);
    return query_done(r, st, rc, "cannot read the instances");
}

/* Labels as stored by the scorers: a JSON array of "exact" / "partial" / "none".  The count,
 * or -1 when the text is not such an array (a scorer that failed on the instance). */
int report_parse_labels(const char *json, uint8_t *out, size_t max)
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
        for (k = 0;
             k < NLABEL && !(cJSON_IsString(it) && !strcmp(it->valuestring, report_label_names[k]));
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

static void agree_row(struct agree *a, sqlite3_stmt *st)
{
    uint8_t la[MAX_LABELS], lb[MAX_LABELS];
    int na = report_parse_labels(col(st, 1), la, MAX_LABELS),
        nb = report_parse_labels(col(st, 2), lb, MAX_LABELS);
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

static int load_agreement(struct report *R, struct report_run *r, struct agree *a)
{
    static const char sql[] = "SELECT a.id, a.labels, b.labels, a.score, b.score FROM instances i "
                              "JOIN scores a ON a.id = i.id AND a.scorer = ?1 "
                              "JOIN scores b ON b.id = i.id AND b.scorer = ?2 WHERE a.flag IS NOT "
                              "'unscored' AND b.flag IS NOT 'unscored' ORDER BY i.rowid";
    sqlite3_stmt *st = query(r, sql, R->scorer, a->other, "cannot compare the scorers");
    int rc;
    if (!st)
        return -1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        agree_row(a, st);
    return query_done(r, st, rc, "cannot compare the scorers");
}

static int load_agreements(struct report *R, struct report_run *r, const struct buf *names,
                           size_t n)
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

static int load_run(struct report *R, struct report_run *r)
{
    struct buf names = BUF_INIT;
    size_t nscorers;
    int rc = -1;
    if (open_run(r) < 0)
        goto out;
    read_settings(r);
    if (list_scorers(r, R->scorer, &names, &nscorers) < 0)
        goto out;
    if (read_rows(R, r) < 0 || report_load_cost(r) < 0 || read_scorer_version(R, r) < 0 ||
        load_agreements(R, r, &names, nscorers) < 0)
        goto out;
    report_pick_worst(r);
    if (report_load_worst(R, r) < 0)
        goto out;
    rc = 0;
out:
    buf_release(&names);
    sqlite3_close(r->db);
    r->db = NULL;
    return rc;
}

/* ---- aggregation ----------------------------------------------------------------------------- */

size_t report_dim_size(const struct report *R, enum dim d)
{
    return d == D_NONE ? 1 : R->d[d].n;
}

/* The value ids of a record in dimension d: several for the query types. */
size_t report_rec_vals(const struct report *R, const struct report_rec *x, enum dim d,
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

static struct stats_acc *aggregate(const struct report *R, const struct report_run *r,
                                   const struct report_view *v)
{
    size_t nb = report_dim_size(R, v->b), i, j, k;
    struct stats_acc *m = xcalloc(st_mult(report_dim_size(R, v->a), nb) + 1, sizeof(*m));
    for (i = 0; i < r->n; i++) {
        const struct report_rec *x = &r->rec[i];
        const uint32_t *va, *vb;
        uint32_t oa, ob;
        size_t na = report_rec_vals(R, x, v->a, &va, &oa),
               nbv = report_rec_vals(R, x, v->b, &vb, &ob);
        for (j = 0; j < na; j++)
            for (k = 0; k < nbv; k++)
                stats_add(&m[va[j] * nb + vb[k]], x->score);
    }
    return m;
}

/* Whether value id of the view's rows (a) or, with is_col, columns (b) has data. */
static int line_has(const struct stats_acc *m, size_t na, size_t nb, int is_col, size_t id)
{
    size_t k;
    for (k = 0; k < (is_col ? na : nb); k++)
        if (m[is_col ? k * nb + id : id * nb + k].n)
            return 1;
    return 0;
}

static size_t used_vals(const struct report *R, const struct report_run *r, size_t view, int is_col,
                        uint32_t *out)
{
    const struct dim_dict *da = &R->d[report_views[view].a], *db = &R->d[report_views[view].b];
    const struct dim_dict *d = is_col ? db : da;
    size_t i, n = 0;
    for (i = 0; i < d->n; i++)
        if (line_has(r->agg[view], da->n, db->n, is_col, d->order[i]))
            out[n++] = d->order[i];
    return n;
}

size_t report_used_cols(const struct report *R, const struct report_run *r, size_t view,
                        uint32_t *out)
{
    return used_vals(R, r, view, 1, out);
}

size_t report_used_rows(const struct report *R, const struct report_run *r, size_t view,
                        uint32_t *out)
{
    return used_vals(R, r, view, 0, out);
}

/* Whether any run has data for value ia of a single-dimension view. */
int report_any_run_has(const struct report *R, size_t view, size_t ia)
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
        struct report_run *r = &R->runs[i];
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

int rtable_is_left(const struct rtable *t, size_t c)
{
    return c < 32 && (t->left >> c) & 1;
}

struct rtable *rtable_new(size_t ncols, const char *fmt, ...)
{
    struct rtable *t = xcalloc(1, sizeof(*t));
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

static void rtable_free(struct rtable *t)
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
void rtable_cell(struct rtable *t, double shade, const char *fmt, ...)
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

/* "0.523 [0.482, 0.561] (120)": mean, its bootstrap 95% interval, n. */
static void ci_cell(struct rtable *t, const struct stats_acc *a, const struct boot_ci *c)
{
    double mean = stats_mean(a);
    if (!a->n)
        rtable_cell(t, NAN, "-");
    else if (!c->has_ci)
        rtable_cell(t, mean, "%.3f (%llu)", mean, (unsigned long long)a->n);
    else
        rtable_cell(t, mean, "%.3f [%.3f, %.3f] (%llu)", mean, c->lo, c->hi,
                    (unsigned long long)a->n);
}

/* Cross tables are wide: mean and n only (the CSV has every interval). */
static void mean_cell(struct rtable *t, const struct stats_acc *a)
{
    if (!a->n)
        rtable_cell(t, NAN, "-");
    else
        rtable_cell(t, stats_mean(a), "%.3f (%llu)", stats_mean(a), (unsigned long long)a->n);
}

static int any_other_flag(const struct report *R)
{
    size_t i;
    for (i = 0; i < R->nruns; i++)
        if (R->runs[i].flag[F_OTHER].n)
            return 1;
    return 0;
}

static int any_pending(const struct report *R)
{
    size_t i;
    for (i = 0; i < R->nruns; i++)
        if (R->runs[i].pending)
            return 1;
    return 0;
}

/* The prompt a run used, by name: "answer-json" for "built-in:answer-json" or for
 * "DIR/harness/prompts/answer-json.txt"; "-" when the run does not say. */
static const char *prompt_name(const char *recorded, struct buf *out)
{
    const char *b, *dot;
    if (!recorded)
        return "-";
    b = strncmp(recorded, "built-in:", 9) ? strrchr(recorded, '/') : recorded + 8;
    b = b ? b + 1 : recorded;
    dot = strrchr(b, '.');
    buf_reset(out);
    buf_add(out, b, dot && !strcmp(dot, ".txt") ? (size_t)(dot - b) : strlen(b));
    return out->s;
}

static void counts_row(struct rtable *t, const struct report_run *r, int other, int pending)
{
    double mean = stats_mean(&r->all);
    struct buf name = BUF_INIT;
    size_t k;
    rtable_cell(t, NAN, "%s", r->label);
    rtable_cell(t, NAN, "%llu", (unsigned long long)r->instances);
    if (pending)
        rtable_cell(t, NAN, "%llu", (unsigned long long)r->pending);
    rtable_cell(t, NAN, "%llu", (unsigned long long)r->all.n);
    for (k = F_NOREPLY; k < (size_t)(other ? NFLAG : F_OTHER); k++)
        rtable_cell(t, NAN, "%llu", (unsigned long long)r->flag[k].n);
    rtable_cell(t, NAN, "%llu", (unsigned long long)(r->instances - r->pending - r->all.n));
    if (r->all.n)
        rtable_cell(t, mean, "%.3f", mean);
    else
        rtable_cell(t, NAN, "-");
    if (r->ci_all->has_ci)
        rtable_cell(t, NAN, "[%.3f, %.3f]", r->ci_all->lo, r->ci_all->hi);
    else
        rtable_cell(t, NAN, "-");
    rtable_cell(t, NAN, "%s", prompt_name(r->prompt, &name));
    rtable_cell(t, NAN, "%s", r->path);
    buf_release(&name);
}

/* The pending column only when a run has pending instances: a finished run's table is as
 * it always was. */
static struct rtable *counts_table(const struct report *R)
{
    int other = any_other_flag(R), pending = any_pending(R);
    struct rtable *t = rtable_new(11 + (size_t)other + (size_t)pending, "Runs");
    static const char *const head[] = {"run",      "instances", "pending", "scored",
                                       "no-reply", "truncated", "refused"};
    size_t i, k;
    for (k = 0; k < 7; k++)
        if (k != 2 || pending)
            rtable_cell(t, NAN, "%s", head[k]);
    if (other)
        rtable_cell(t, NAN, "other flag");
    rtable_cell(t, NAN, "unscored");
    rtable_cell(t, NAN, "mean score");
    rtable_cell(t, NAN, "95%% interval");
    rtable_cell(t, NAN, "prompt");
    rtable_cell(t, NAN, "file");
    t->left |= 1u << (t->ncols - 1) | 1u << (t->ncols - 2);
    for (i = 0; i < R->nruns; i++)
        counts_row(t, &R->runs[i], other, pending);
    return t;
}

/* One dimension, one column per run. */
static struct rtable *dim_table(const struct report *R, size_t view)
{
    const struct dim_dict *d = &R->d[report_views[view].a];
    struct rtable *t = rtable_new(R->nruns + 1, "%s", report_views[view].title);
    size_t i, r;
    rtable_cell(t, NAN, "%s", report_dim_names[report_views[view].a]);
    for (r = 0; r < R->nruns; r++)
        rtable_cell(t, NAN, "%s", R->runs[r].label);
    for (i = 0; i < d->n; i++) {
        uint32_t id = d->order[i];
        if (!report_any_run_has(R, view, id))
            continue;
        rtable_cell(t, NAN, "%s", d->v[id].name);
        for (r = 0; r < R->nruns; r++)
            ci_cell(t, &R->runs[r].agg[view][id], &R->runs[r].ci[view][id]);
    }
    return t;
}

static struct rtable *cross_table(const struct report *R, const struct report_run *r, size_t view)
{
    const struct report_view *v = &report_views[view];
    const struct dim_dict *da = &R->d[v->a], *db = &R->d[v->b];
    uint32_t *cols = xcalloc(db->n + 1, sizeof(*cols)), *rows = xcalloc(da->n + 1, sizeof(*rows));
    size_t nc = report_used_cols(R, r, view, cols), nr = report_used_rows(R, r, view, rows), i, k;
    struct rtable *t = R->nruns > 1 ? rtable_new(nc + 1, "%s: %s", v->title, r->label)
                                    : rtable_new(nc + 1, "%s", v->title);
    rtable_cell(t, NAN, "%s \\ %s", report_dim_names[v->a], report_dim_names[v->b]);
    for (k = 0; k < nc; k++)
        rtable_cell(t, NAN, "%s", db->v[cols[k]].name);
    for (i = 0; i < nr; i++) {
        rtable_cell(t, NAN, "%s", da->v[rows[i]].name);
        for (k = 0; k < nc; k++)
            mean_cell(t, &r->agg[view][rows[i] * db->n + cols[k]]);
    }
    free(cols);
    free(rows);
    return t;
}

static struct rtable *confusion_table(const struct report *R, const struct report_run *r,
                                      const struct agree *a)
{
    struct rtable *t =
        rtable_new(5,
                   "Scorer agreement%s%s: gold-row labels, %s (rows) vs %s "
                   "(columns)",
                   R->nruns > 1 ? ", " : "", R->nruns > 1 ? r->label : "", R->scorer, a->other);
    uint64_t colsum[3] = {0, 0, 0}, total = 0;
    int i, j;
    rtable_cell(t, NAN, "%s \\ %s", R->scorer, a->other);
    for (j = 0; j < NLABEL; j++)
        rtable_cell(t, NAN, "%s", report_label_names[j]);
    rtable_cell(t, NAN, "total");
    for (i = 0; i < NLABEL; i++) {
        uint64_t rowsum = 0;
        rtable_cell(t, NAN, "%s", report_label_names[i]);
        for (j = 0; j < NLABEL; j++) {
            rtable_cell(t, NAN, "%llu", (unsigned long long)a->conf[i][j]);
            rowsum += a->conf[i][j];
            colsum[j] += a->conf[i][j];
        }
        rtable_cell(t, NAN, "%llu", (unsigned long long)rowsum);
        total += rowsum;
    }
    rtable_cell(t, NAN, "total");
    for (j = 0; j < NLABEL; j++)
        rtable_cell(t, NAN, "%llu", (unsigned long long)colsum[j]);
    rtable_cell(t, NAN, "%llu", (unsigned long long)total);
    return t;
}

static struct rtable *agree_summary(const struct report *R, const struct report_run *r,
                                    const struct agree *a)
{
    struct rtable *t = rtable_new(2, "Agreement summary%s%s: %s vs %s", R->nruns > 1 ? ", " : "",
                                  R->nruns > 1 ? r->label : "", R->scorer, a->other);
    double agreement, kappa = stats_kappa(a->conf, &agreement);
    rtable_cell(t, NAN, "measure");
    rtable_cell(t, NAN, "value");
    rtable_cell(t, NAN, "instances scored by both");
    rtable_cell(t, NAN, "%llu", (unsigned long long)a->compared);
    rtable_cell(t, NAN, "instances with a differing label");
    rtable_cell(t, NAN, "%llu", (unsigned long long)a->differ);
    rtable_cell(t, NAN, "label agreement");
    if (isnan(agreement))
        rtable_cell(t, NAN, "n/a");
    else
        rtable_cell(t, NAN, "%.1f%%", 100 * agreement);
    rtable_cell(t, NAN, "Cohen's kappa");
    if (isnan(kappa))
        rtable_cell(t, NAN, "n/a");
    else
        rtable_cell(t, NAN, "%.3f", kappa);
    return t;
}

static struct rtable *disagree_table(const struct report *R, const struct report_run *r,
                                     const struct agree *a)
{
    struct rtable *t =
        rtable_new(3, "Disagreeing instances%s%s (first %d)", R->nruns > 1 ? ", " : "",
                   R->nruns > 1 ? r->label : "", MAX_DISAGREE);
    size_t i;
    rtable_cell(t, NAN, "instance");
    rtable_cell(t, NAN, "%s", R->scorer);
    rtable_cell(t, NAN, "%s", a->other);
    for (i = 0; i < a->nids; i++) {
        rtable_cell(t, NAN, "%s", a->ids[i]);
        rtable_cell(t, a->score_a[i], "%.3f", a->score_a[i]);
        rtable_cell(t, a->score_b[i], "%.3f", a->score_b[i]);
    }
    return t;
}

void report_labels_summary(struct buf *b, const char *labels)
{
    uint8_t l[MAX_LABELS];
    size_t count[NLABEL] = {0, 0, 0};
    int n = report_parse_labels(labels, l, MAX_LABELS), i;
    if (n < 0) {
        buf_adds(b, "-");
        return;
    }
    for (i = 0; i < n; i++)
        count[l[i]]++;
    buf_addf(b, "%zu exact, %zu partial, %zu none", count[0], count[1], count[2]);
}

static struct rtable *worst_table(const struct report *R, const struct report_run *r)
{
    struct rtable *t = rtable_new(6, "Lowest-scoring answered instances%s%s",
                                  R->nruns > 1 ? ": " : "", R->nruns > 1 ? r->label : "");
    struct buf b = BUF_INIT;
    size_t i;
    static const char *const head[] = {"#", "instance", "query", "score", "flag", "gold rows"};
    t->left |= 1u << 1 | 1u << 2 | 1u << 4 | 1u << 5;
    for (i = 0; i < 6; i++)
        rtable_cell(t, NAN, "%s", head[i]);
    for (i = 0; i < r->nworst; i++) {
        const struct worst *w = &r->w[i];
        buf_reset(&b);
        report_labels_summary(&b, w->labels);
        rtable_cell(t, NAN, "%zu", i + 1);
        rtable_cell(t, NAN, "%s", w->id);
        rtable_cell(t, NAN, "%s", w->qid ? w->qid : "");
        rtable_cell(t, w->score, "%.3f", w->score);
        rtable_cell(t, NAN, "%s", w->flag == F_OK ? "" : report_flag_names[w->flag]);
        rtable_cell(t, NAN, "%s", b.s);
    }
    buf_release(&b);
    return t;
}

/* Renders the table and frees it. */
void rtable_emit(const struct report_out *w, struct rtable *t)
{
    if (w->fmt == REPORT_MD)
        rtable_md(w->f, t);
    else if (w->fmt == REPORT_HTML)
        rtable_html(w->f, t);
    else
        rtable_text(w->f, t);
    rtable_free(t);
}

void report_emit_dims(const struct report_out *w)
{
    size_t v;
    for (v = 0; v < NSINGLE; v++)
        rtable_emit(w, dim_table(w->R, v));
}

void report_emit_cross(const struct report_out *w)
{
    size_t v, r;
    for (v = NSINGLE; v < NVIEW; v++)
        for (r = 0; r < w->R->nruns; r++)
            rtable_emit(w, cross_table(w->R, &w->R->runs[r], v));
}

int report_any_agreement(const struct report *R)
{
    size_t r;
    for (r = 0; r < R->nruns; r++)
        if (R->runs[r].nag)
            return 1;
    return 0;
}

void report_emit_agreement(const struct report_out *w)
{
    size_t r, k;
    for (r = 0; r < w->R->nruns; r++)
        for (k = 0; k < w->R->runs[r].nag; k++) {
            const struct report_run *run = &w->R->runs[r];
            rtable_emit(w, confusion_table(w->R, run, &run->ag[k]));
            rtable_emit(w, agree_summary(w->R, run, &run->ag[k]));
            if (run->ag[k].nids)
                rtable_emit(w, disagree_table(w->R, run, &run->ag[k]));
        }
}

/* Line breaks for the text format; Markdown and HTML flow them into one paragraph. */
const char report_legend[] =
    "Cells: mean score [95% interval] (n).  Intervals: a percentile bootstrap, 1000\n"
    "replicates (fewer, down to 200, past 10^8 query-cell updates) with a fixed seed,\n"
    "resampling query ids (clusters: instances that share a query are not independent),\n"
    "so reruns give the same bounds; none with one query.\n"
    "Cross tables give the mean and n (the CSV has every interval).\n"
    "An instance counts under each of its query types.  Flagged replies: no-reply and\n"
    "refused score 0, truncated ones are scored on what they hold; unscored and pending\n"
    "instances are counted, not averaged.";

void report_emit_runs(const struct report_out *w)
{
    rtable_emit(w, counts_table(w->R));
}

void report_emit_worst(const struct report_out *w)
{
    size_t r;
    for (r = 0; r < w->R->nruns; r++)
        rtable_emit(w, worst_table(w->R, &w->R->runs[r]));
}

/* ---- the report ------------------------------------------------------------------------------ */

int report_format_parse(const char *s, enum report_format *out)
{
    static const char *const names[] = {"text", "md", "csv", "html", "json"};
    int i;
    for (i = 0; i < 5; i++)
        if (!strcmp(s, names[i])) {
            *out = (enum report_format)i;
            return 0;
        }
    return -1;
}

static void run_free(struct report_run *r)
{
    size_t i, k;
    free(r->label);
    free(r->model);
    free(r->suite_path);
    free(r->suite_hash);
    free(r->prompt);
    free(r->prompt_hash);
    free(r->scorer_version);
    free(r->rec);
    free(r->labs);
    report_depth_free(&r->depth);
    report_mode_free(&r->mode);
    for (i = 0; i < r->ncl; i++)
        free(r->cl_names[i]);
    free(r->cl_names);
    free(r->cl_tab);
    free(r->ci_cells);
    for (i = 0; i < r->nanswered; i++)
        free(r->answered[i]);
    free(r->answered);
    for (i = 0; i < r->nworst; i++)
        report_worst_free(&r->w[i]);
    for (i = 0; i < r->nag; i++) {
        free(r->ag[i].other);
        for (k = 0; k < r->ag[i].nids; k++)
            free(r->ag[i].ids[k]);
    }
    free(r->ag);
    report_cost_free(&r->cost);
    for (i = 0; i < NVIEW; i++)
        free(r->agg[i]);
}

static void report_free(struct report *R)
{
    size_t i;
    for (i = 0; i < R->nruns; i++)
        run_free(&R->runs[i]);
    free(R->runs);
    report_pairs_free(R);
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
    struct report_out w;
    w.f = f;
    w.fmt = R->o->format;
    w.R = R;
    if (w.fmt == REPORT_CSV)
        report_write_csv(f, R);
    else if (w.fmt == REPORT_HTML)
        report_write_html(&w);
    else if (w.fmt == REPORT_JSON)
        report_write_json(f, R);
    else
        report_write_plain(&w);
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
    report_coverage(&R);
    for (i = 0; i < NDIM; i++)
        dict_sort(&R.d[i]);
    for (i = 0; i < R.nruns; i++)
        for (v = 0; v < NVIEW; v++)
            R.runs[i].agg[v] = aggregate(&R, &R.runs[i], &report_views[v]);
    report_bootstrap(&R);
    if (o->format != REPORT_CSV)
        report_load_questions(&R);
    write_report(f, &R);
    rc = 0;
out:
    report_free(&R);
    return rc;
}
