/* datagen: the interpreter of generate.json (the format is described in datagen.h).
 *
 * Two passes: the whole file is checked first, so that every problem is reported with its
 * line, and only then are rows drawn.  Each table is drawn completely into memory (values
 * per column, plus the parent row of every reference, so that "WineryID.Founded" is a lookup)
 * and then inserted with one prepared statement. */
#include "datagen.h"

#include "buf.h"
#include "err.h"
#include "jsonloc.h"
#include "prng.h"
#include "util.h"
#include "value.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Clang contracts a*b+c into fma by default, which would change results between machines. */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define MAX_DEPTH 12
#define MAX_HOPS 6
#define MAX_RETRIES 100
#define MAX_UNIQUE_TRIES 1000
#define MAX_ZIPF 10000000

/* ---- Deterministic arithmetic ---- */

/* exp() from + - * / only: x = k ln2 + r with |r| <= ln2/2 (Cody-Waite split of ln2), then
 * a Taylor polynomial in r (error below 1e-20 relative) and an exact scaling by 2^k. */
static double det_exp(double x)
{
    static const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10,
                        inv_ln2 = 1.44269504088896338700e+00;
    double k, r, sum = 1.0;
    int i;
    if (x > 700.0)
        x = 700.0;
    if (x < -700.0)
        return 0.0;
    k = floor(x * inv_ln2 + 0.5);
    r = (x - k * ln2_hi) - k * ln2_lo;
    for (i = 18; i >= 1; i--)
        sum = 1.0 + sum * r / i;
    return ldexp(sum, (int)k);
}

/* log() the same way: x = m 2^e with m in [1/sqrt2, sqrt2), log m = 2 atanh((m-1)/(m+1)). */
static double det_log(double x)
{
    static const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
    double m, t, t2, s = 0.0;
    int e, k;
    if (!(x > 0.0))
        return -HUGE_VAL;
    m = frexp(x, &e);
    if (m < 0.70710678118654752440) {
        m *= 2.0;
        e--;
    }
    t = (m - 1.0) / (m + 1.0);
    t2 = t * t;
    for (k = 22; k >= 0; k--)
        s = 1.0 / (2 * k + 1) + t2 * s;
    return 2.0 * t * s + e * ln2_lo + e * ln2_hi;
}

/* Standard normal by Marsaglia's polar method (no sin/cos); the second value is dropped so
 * that each draw consumes a self-contained run of the stream. */
static double draw_normal(struct prng *r)
{
    double u, v, s;
    do {
        u = 2.0 * prng_double(r) - 1.0;
        v = 2.0 * prng_double(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * sqrt(-2.0 * det_log(s) / s);
}

static const double pow10_tab[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

/* Round half away from zero to `dec` decimals through an integer, so that the double stored
 * is the one nearest the decimal and prints as it (see value.h's format_real). */
static double round_dec(double x, int dec)
{
    double p = pow10_tab[dec], y = floor(fabs(x) * p + 0.5);
    return (x < 0 ? -y : y) / p;
}

/* Proleptic Gregorian day numbers (days since 1970-01-01), Howard Hinnant's algorithms. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* "YYYY-MM-DD" with a real calendar date; returns 0 and the day number, or -1. */
static int parse_date(const char *s, size_t n, int64_t *out)
{
    int64_t y, m, d, z, y2, m2, d2;
    size_t i;
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    z = days_from_civil(y, m, d);
    civil_from_days(z, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d)
        return -1; /* 2023-02-30 */
    *out = z;
    return 0;
}

/* ---- The model ---- */

/* One drawn value; text lives in the owning column's arena at `off`. */
struct val {
    int type; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
    uint32_t len;
    union {
        int64_t i;
        double d;
        uint64_t off;
    } u;
};

/* A word list, shared by every generator that names the same file. */
struct wordlist {
    char *name;
    char **w;
    size_t *len;
    size_t n, alloc;
};

/* A column path resolved to (table, column) hops: all but the last are ref columns. */
struct path {
    size_t table[MAX_HOPS], col[MAX_HOPS];
    size_t n;
};

enum gkind {
    GK_SERIAL,
    GK_INT,
    GK_REAL,
    GK_DATE,
    GK_CHOICE,
    GK_REF,
    GK_COPY,
    GK_SYLL,
    GK_TEMPLATE
};
enum dist { D_UNIFORM, D_NORMAL, D_LOGNORMAL, D_ZIPF };

struct shift {
    struct path col;
    double per, center;
    char **keys; /* NULL: linear term */
    double *amount;
    size_t nkeys;
};

struct seg {
    char *lit; /* literal text, or NULL for a slot */
    size_t len;
    int part; /* slot: index into parts, or -1 for a column path */
    struct path col;
};

struct tmpl {
    struct seg *segs;
    size_t n;
};

struct gen {
    enum gkind kind;
    int type; /* SQLITE_INTEGER, SQLITE_FLOAT or SQLITE_TEXT; ref and copy: resolved later */
    struct prng rng;
    /* serial */
    int64_t start, step;
    /* int, real */
    double min, max, p1, p2;
    enum dist dist;
    int decimals;
    struct shift *shifts;
    size_t nshifts;
    double *cdf; /* zipf: cumulative weights by rank */
    size_t ncdf;
    /* date */
    int64_t dmin, dmax, min_days, max_days;
    int has_min, has_max, has_after;
    struct path after;
    /* choice */
    struct val *vals;
    struct buf arena;
    double *cum; /* cumulative weights, NULL: uniform */
    size_t nvals;
    struct wordlist *list;
    /* ref */
    size_t ptable, pcol;
    int cover;
    size_t *perm_rank, *perm_cover; /* drawn per table: rank -> parent, cover order */
    /* copy */
    struct path from;
    /* syllables */
    struct wordlist *syl[3];
    int smin, smax;
    /* template */
    struct tmpl *tmpls;
    double *tcum;
    size_t ntmpls;
    struct gen **parts;
    char **part_names;
    size_t nparts;
};

/* Open-addressing set of row indices whose values are distinct. */
struct uset {
    int64_t *slot; /* row + 1, 0 empty */
    size_t cap, n;
};

struct gcol {
    char *name;
    int affinity; /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, 0 numeric, -1 any */
    int pk, notnull, key;
    char *fk_table, *fk_col; /* from schema.sql, or NULL */
    const cJSON *spec;
    int order; /* position in the spec's list, -1 if absent */
    struct gen *gen;
    double null_frac;
    int unique;
    struct prng null_rng;
    struct val *vals;
    struct buf arena;
    int64_t *parent; /* ref: parent row per row, -1 when NULL */
    struct uset set;
};

struct gtable {
    char *name;
    struct gcol *cols;
    size_t ncols, npk;
    const cJSON *spec;
    size_t *order; /* generation order: column indices */
    size_t norder;
    uint64_t rows;
    int fixed, mark, drawn;
};

struct dg {
    sqlite3 *db;
    const char *dir;
    char *file;
    struct buf text;
    cJSON *root;
    double scale;
    uint64_t seed;
    struct gtable *t;
    size_t nt;
    struct wordlist **lists;
    size_t nlists, alists;
    struct jstep path[MAX_DEPTH + 2];
    size_t depth;
    int nerr;
    /* while parsing a column: who it is, for seeds and the listed-before rule */
    size_t cur_table, cur_col;
};

/* ---- Errors located in generate.json ---- */

static void push(struct dg *g, const char *key, int index)
{
    if (g->depth >= MAX_DEPTH)
        BUG("generate.json path too deep");
    g->path[g->depth].key = key;
    g->path[g->depth].index = index;
    g->depth++;
}

static void pop(struct dg *g)
{
    g->depth--;
}

/* Reports at the member `key` of the current value (or the value itself when key is NULL). */
static int dg_error(struct dg *g, const char *key, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int dg_error(struct dg *g, const char *key, const char *fmt, ...)
{
    struct srcloc loc = {g->file, 0, 0};
    struct buf msg = BUF_INIT;
    size_t n = g->depth;
    va_list ap;
    if (key) {
        g->path[n].key = key;
        g->path[n].index = 0;
        loc.line = json_line(g->text.s, g->text.len, g->path, n + 1);
    }
    if (!loc.line)
        loc.line = json_line(g->text.s, g->text.len, g->path, n);
    va_start(ap, fmt);
    buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    error_at(&loc, "%s", msg.s);
    buf_release(&msg);
    g->nerr++;
    return -1;
}

/* ---- Small helpers ---- */

static int find_table(const struct dg *g, const char *name)
{
    size_t i;
    for (i = 0; i < g->nt; i++)
        if (!strcmp(g->t[i].name, name))
            return (int)i;
    return -1;
}

static int find_col(const struct gtable *t, const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < t->ncols; i++)
        if (strlen(t->cols[i].name) == len && !memcmp(t->cols[i].name, name, len))
            return (int)i;
    return -1;
}

static const char *val_text(const struct gcol *c, const struct val *v)
{
    return c->arena.s + v->u.off;
}

static uint64_t stream_seed(const struct dg *g, const char *table, const char *col,
                            const char *purpose)
{
    return hash64_mix(hash64_mix(hash64_mix(g->seed, table), col), purpose);
}

/* Only the listed keys may appear in a spec: a typo must not pass silently. */
static void check_keys(struct dg *g, const cJSON *spec, const char *const *allowed)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, spec)
    {
        const char *const *a;
        for (a = allowed; *a; a++)
            if (!strcmp(*a, it->string))
                break;
        if (!*a)
            dg_error(g, it->string, "unknown key '%s'", it->string);
    }
}

static const cJSON *member(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* Number member: returns 1 if present and numeric, 0 if absent (def kept), -1 after an error. */
static int get_num(struct dg *g, const cJSON *o, const char *key, double *out)
{
    const cJSON *v = member(o, key);
    if (!v)
        return 0;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
        return dg_error(g, key, "'%s' must be a number", key);
    *out = v->valuedouble;
    return 1;
}

static int get_int(struct dg *g, const cJSON *o, const char *key, int64_t *out)
{
    double d;
    int rc = get_num(g, o, key, &d);
    if (rc <= 0)
        return rc;
    if (d != floor(d) || fabs(d) > 9007199254740992.0)
        return dg_error(g, key, "'%s' must be an integer", key);
    *out = (int64_t)d;
    return 1;
}

static int get_bool(struct dg *g, const cJSON *o, const char *key, int *out)
{
    const cJSON *v = member(o, key);
    if (!v)
        return 0;
    if (!cJSON_IsBool(v))
        return dg_error(g, key, "'%s' must be true or false", key);
    *out = cJSON_IsTrue(v);
    return 1;
}

static const char *get_str(struct dg *g, const cJSON *o, const char *key)
{
    const cJSON *v = member(o, key);
    if (!v)
        return NULL;
    if (!cJSON_IsString(v)) {
        dg_error(g, key, "'%s' must be a string", key);
        return NULL;
    }
    return v->valuestring;
}

/* ---- Word lists ---- */

static void wl_add(struct wordlist *l, const char *s, size_t n)
{
    ALLOC_GROW(l->w, l->n + 1, l->alloc);
    l->len = xrealloc(l->len, st_mult(l->alloc, sizeof(*l->len)));
    l->w[l->n] = xstrndup(s, n);
    l->len[l->n] = n;
    l->n++;
}

static void wl_free(struct wordlist *l)
{
    size_t i;
    if (!l)
        return;
    for (i = 0; i < l->n; i++)
        free(l->w[i]);
    free(l->w);
    free(l->len);
    free(l->name);
    free(l);
}

static struct wordlist *load_list_file(struct dg *g, const char *key, const char *name)
{
    struct wordlist *l;
    struct buf data = BUF_INIT;
    char *path;
    const char *p, *end;
    size_t i;
    for (i = 0; i < g->nlists; i++)
        if (g->lists[i]->name && !strcmp(g->lists[i]->name, name))
            return g->lists[i];
    if (strstr(name, "..") || name[0] == '/') {
        dg_error(g, key, "word list '%s' must be a file inside the schema folder", name);
        return NULL;
    }
    path = path_join(g->dir, name);
    if (!file_exists(path)) {
        dg_error(g, key, "word list '%s' not found", name);
        free(path);
        return NULL;
    }
    if (read_file(path, &data) < 0) {
        g->nerr++;
        free(path);
        return NULL;
    }
    free(path);
    l = xcalloc(1, sizeof(*l));
    l->name = xstrdup(name);
    for (p = data.s, end = data.s + data.len; p < end;) {
        const char *e = memchr(p, '\n', (size_t)(end - p)), *a = p, *b;
        if (!e)
            e = end;
        b = e;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
            b--;
        if (b > a && *a != '#')
            wl_add(l, a, (size_t)(b - a));
        p = e + 1;
    }
    buf_release(&data);
    ALLOC_GROW(g->lists, g->nlists + 1, g->alists);
    g->lists[g->nlists++] = l;
    if (!l->n) {
        dg_error(g, key, "word list '%s' is empty", name);
        return NULL;
    }
    return l;
}

/* A word list given as a file name or an inline array of strings. */
static struct wordlist *get_list(struct dg *g, const cJSON *o, const char *key, int required)
{
    const cJSON *v = member(o, key), *it;
    struct wordlist *l;
    if (!v) {
        if (required)
            dg_error(g, NULL, "missing '%s'", key);
        return NULL;
    }
    if (cJSON_IsString(v))
        return load_list_file(g, key, v->valuestring);
    if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v)) {
        dg_error(g, key, "'%s' must be a file name or a non-empty array of strings", key);
        return NULL;
    }
    l = xcalloc(1, sizeof(*l));
    cJSON_ArrayForEach(it, v)
    {
        if (!cJSON_IsString(it)) {
            dg_error(g, key, "'%s' must hold only strings", key);
            wl_free(l);
            return NULL;
        }
        wl_add(l, it->valuestring, strlen(it->valuestring));
    }
    ALLOC_GROW(g->lists, g->nlists + 1, g->alists);
    g->lists[g->nlists++] = l;
    return l;
}

/* ---- Column paths ---- */

/* Resolves "A.B.C" from the current table.  The first column must be listed before the
 * current one; each column but the last must be a ref. */
static int parse_path(struct dg *g, const char *key, const char *s, size_t len, struct path *p)
{
    size_t t = g->cur_table;
    const char *e = s + len;
    p->n = 0;
    while (s < e) {
        const char *dot = memchr(s, '.', (size_t)(e - s));
        size_t n = dot ? (size_t)(dot - s) : (size_t)(e - s);
        int c = find_col(&g->t[t], s, n);
        if (c < 0)
            return dg_error(g, key, "unknown column '%.*s' in table '%s'", (int)n, s, g->t[t].name);
        if (p->n == MAX_HOPS)
            return dg_error(g, key, "column path '%.*s' is too long", (int)len, s);
        if (!p->n && (c == (int)g->cur_col || g->t[t].cols[c].order < 0 ||
                      g->t[t].cols[c].order > g->t[t].cols[g->cur_col].order))
            return dg_error(g, key, "column '%.*s' is used before it is drawn (list it earlier)",
                            (int)n, s);
        p->table[p->n] = t;
        p->col[p->n] = (size_t)c;
        p->n++;
        if (!dot)
            break;
        {
            const struct gcol *rc = &g->t[t].cols[c];
            if (!rc->gen || rc->gen->kind != GK_REF)
                return dg_error(g, key, "column '%s' is not a ref, so '.' cannot follow it",
                                rc->name);
            t = rc->gen->ptable;
        }
        s = dot + 1;
    }
    if (!p->n)
        return dg_error(g, key, "empty column path");
    return 0;
}

/* The value at the end of a path, from row `row` of the path's first table (NULL through a
 * NULL reference). */
static const struct val *path_get(const struct dg *g, const struct path *p, size_t row,
                                  const struct gcol **colp)
{
    static const struct val null_val = {SQLITE_NULL, 0, {0}};
    size_t i;
    int64_t r = (int64_t)row;
    for (i = 0; i + 1 < p->n; i++) {
        r = g->t[p->table[i]].cols[p->col[i]].parent[r];
        if (r < 0)
            return &null_val;
    }
    *colp = &g->t[p->table[i]].cols[p->col[i]];
    return &(*colp)->vals[r];
}

/* ---- Parsing generators ---- */

static struct gen *parse_gen(struct dg *g, const cJSON *spec, const char *purpose, int in_template);

static void free_gen(struct gen *x)
{
    size_t i, j;
    if (!x)
        return;
    for (i = 0; i < x->nshifts; i++) {
        for (j = 0; j < x->shifts[i].nkeys; j++)
            free(x->shifts[i].keys[j]);
        free(x->shifts[i].keys);
        free(x->shifts[i].amount);
    }
    free(x->shifts);
    free(x->cdf);
    free(x->vals);
    buf_release(&x->arena);
    free(x->cum);
    free(x->perm_rank);
    free(x->perm_cover);
    for (i = 0; i < x->ntmpls; i++) {
        for (j = 0; j < x->tmpls[i].n; j++)
            free(x->tmpls[i].segs[j].lit);
        free(x->tmpls[i].segs);
    }
    free(x->tmpls);
    free(x->tcum);
    for (i = 0; i < x->nparts; i++) {
        free_gen(x->parts[i]);
        free(x->part_names[i]);
    }
    free(x->parts);
    free(x->part_names);
    free(x);
}

/* Cumulative weights from a "weights" array of `n` numbers; NULL (uniform) when absent. */
static double *parse_weights(struct dg *g, const cJSON *o, size_t n, int *bad)
{
    const cJSON *w = member(o, "weights"), *it;
    double *cum, total = 0;
    size_t i = 0;
    if (!w)
        return NULL;
    if (!cJSON_IsArray(w) || (size_t)cJSON_GetArraySize(w) != n) {
        *bad = dg_error(g, "weights", "'weights' must be an array of %zu numbers", n);
        return NULL;
    }
    cum = xcalloc(n ? n : 1, sizeof(*cum));
    cJSON_ArrayForEach(it, w)
    {
        if (!cJSON_IsNumber(it) || !(it->valuedouble >= 0) || !isfinite(it->valuedouble)) {
            *bad = dg_error(g, "weights", "weights must be numbers >= 0");
            free(cum);
            return NULL;
        }
        total += it->valuedouble;
        cum[i++] = total;
    }
    if (!(total > 0)) {
        *bad = dg_error(g, "weights", "weights must not all be 0");
        free(cum);
        return NULL;
    }
    return cum;
}

/* Zipf-like weights 1/k^s over ranks 1..n, cumulative. */
static double *zipf_cdf(size_t n, double s)
{
    double *cum = xmalloc(st_mult(n ? n : 1, sizeof(*cum))), total = 0;
    size_t k;
    for (k = 1; k <= n; k++) {
        total += s == 1.0 ? 1.0 / (double)k : det_exp(-s * det_log((double)k));
        cum[k - 1] = total;
    }
    return cum;
}

/* Index drawn by cumulative weights. */
static size_t pick_cum(struct prng *r, const double *cum, size_t n)
{
    double u = prng_double(r) * cum[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cum[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static int parse_dist(struct dg *g, const cJSON *o, struct gen *x)
{
    const char *d = get_str(g, o, "dist");
    x->dist = D_UNIFORM;
    if (!d)
        return 0;
    if (!strcmp(d, "uniform"))
        x->dist = D_UNIFORM;
    else if (!strcmp(d, "normal"))
        x->dist = D_NORMAL;
    else if (!strcmp(d, "lognormal"))
        x->dist = D_LOGNORMAL;
    else if (!strcmp(d, "zipf"))
        x->dist = D_ZIPF;
    else
        return dg_error(g, "dist", "unknown distribution '%s' (uniform, normal, lognormal, zipf)",
                        d);
    return 0;
}

static int parse_shifts(struct dg *g, const cJSON *o, struct gen *x)
{
    const cJSON *sh = member(o, "shift"), *it;
    int i = 0, bad = 0;
    static const char *const keys[] = {"column", "per", "center", "values", NULL};
    if (!sh)
        return 0;
    if (!cJSON_IsArray(sh))
        return dg_error(g, "shift", "'shift' must be an array of terms");
    x->shifts = xcalloc((size_t)cJSON_GetArraySize(sh) + 1, sizeof(*x->shifts));
    push(g, "shift", 0);
    cJSON_ArrayForEach(it, sh)
    {
        struct shift *s = &x->shifts[x->nshifts];
        const char *col;
        const cJSON *vals;
        push(g, NULL, i++);
        if (!cJSON_IsObject(it)) {
            bad = dg_error(g, NULL, "a shift term must be an object");
            pop(g);
            continue;
        }
        check_keys(g, it, keys);
        col = get_str(g, it, "column");
        if (!col || parse_path(g, "column", col, strlen(col), &s->col) < 0) {
            if (!col && !member(it, "column"))
                dg_error(g, NULL, "a shift term needs 'column'");
            bad = -1;
            pop(g);
            continue;
        }
        vals = member(it, "values");
        if (vals) {
            const cJSON *kv;
            if (!cJSON_IsObject(vals)) {
                bad = dg_error(g, "values", "'values' must map values to numbers");
            } else {
                size_t n = (size_t)cJSON_GetArraySize(vals);
                s->keys = xcalloc(n + 1, sizeof(*s->keys));
                s->amount = xcalloc(n + 1, sizeof(*s->amount));
                cJSON_ArrayForEach(kv, vals)
                {
                    if (!cJSON_IsNumber(kv)) {
                        bad = dg_error(g, "values", "shift for '%s' must be a number", kv->string);
                        continue;
                    }
                    s->keys[s->nkeys] = xstrdup(kv->string);
                    s->amount[s->nkeys++] = kv->valuedouble;
                }
            }
        } else {
            s->per = 1;
            if (get_num(g, it, "per", &s->per) < 0 || get_num(g, it, "center", &s->center) < 0)
                bad = -1;
        }
        x->nshifts++;
        pop(g);
    }
    pop(g);
    return bad;
}

static int parse_numeric(struct dg *g, const cJSON *o, struct gen *x)
{
    static const char *const keys[] = {"gen",  "null",  "unique",   "min",    "max",
                                       "dist", "mean",  "sd",       "median", "sigma",
                                       "s",    "shift", "decimals", NULL};
    int bad = 0, has_min, has_max;
    int64_t dec = 2;
    check_keys(g, o, keys);
    if (x->kind == GK_INT && member(o, "decimals"))
        bad = dg_error(g, "decimals", "'decimals' is for real columns");
    has_min = get_num(g, o, "min", &x->min);
    has_max = get_num(g, o, "max", &x->max);
    if (has_min < 0 || has_max < 0)
        bad = -1;
    else if (!has_min || !has_max)
        bad = dg_error(g, NULL, "'%s' needs 'min' and 'max'", x->kind == GK_INT ? "int" : "real");
    else if (x->min > x->max)
        bad = dg_error(g, "min", "bad range: min %g is above max %g", x->min, x->max);
    if (x->kind == GK_INT && has_min > 0 && has_max > 0 &&
        (x->min != floor(x->min) || x->max != floor(x->max)))
        bad = dg_error(g, "min", "'min' and 'max' of an int column must be integers");
    if (x->kind == GK_REAL) {
        if (get_int(g, o, "decimals", &dec) < 0)
            bad = -1;
        else if (dec < 0 || dec > 9)
            bad = dg_error(g, "decimals", "'decimals' must be 0 to 9");
        x->decimals = (int)dec;
    }
    if (parse_dist(g, o, x) < 0)
        return -1;
    switch (x->dist) {
    case D_UNIFORM:
        break;
    case D_NORMAL:
        x->p1 = has_min > 0 && has_max > 0 ? (x->min + x->max) / 2 : 0;
        x->p2 = 1;
        if (get_num(g, o, "mean", &x->p1) < 0 || get_num(g, o, "sd", &x->p2) < 0)
            bad = -1;
        else if (!member(o, "sd"))
            bad = dg_error(g, NULL, "a normal distribution needs 'sd'");
        else if (!(x->p2 > 0))
            bad = dg_error(g, "sd", "'sd' must be above 0");
        break;
    case D_LOGNORMAL:
        if (get_num(g, o, "median", &x->p1) < 0 || get_num(g, o, "sigma", &x->p2) < 0)
            bad = -1;
        else if (!member(o, "median") || !member(o, "sigma"))
            bad = dg_error(g, NULL, "a lognormal distribution needs 'median' and 'sigma'");
        else if (!(x->p1 > 0) || !(x->p2 > 0))
            bad = dg_error(g, NULL, "'median' and 'sigma' must be above 0");
        else
            x->p1 = det_log(x->p1);
        break;
    case D_ZIPF:
        x->p1 = 1;
        if (get_num(g, o, "s", &x->p1) < 0)
            bad = -1;
        else if (!(x->p1 > 0) || x->p1 > 10)
            bad = dg_error(g, "s", "'s' must be in (0, 10]");
        else if (x->kind != GK_INT)
            bad = dg_error(g, "dist", "a zipf distribution is for int columns");
        else if (!bad && x->max - x->min >= MAX_ZIPF)
            bad = dg_error(g, "max", "a zipf range holds at most %d values", MAX_ZIPF);
        else if (!bad) {
            x->ncdf = (size_t)(x->max - x->min) + 1;
            x->cdf = zipf_cdf(x->ncdf, x->p1);
        }
        break;
    }
    if (parse_shifts(g, o, x) < 0)
        bad = -1;
    return bad;
}

static int parse_date_member(struct dg *g, const cJSON *o, const char *key, int64_t *out)
{
    const char *s = get_str(g, o, key);
    if (!s)
        return member(o, key) ? -1 : 0;
    if (parse_date(s, strlen(s), out) < 0)
        return dg_error(g, key, "'%s' is not a date (YYYY-MM-DD)", s);
    return 1;
}

static int parse_date_gen(struct dg *g, const cJSON *o, struct gen *x)
{
    static const char *const keys[] = {"gen",   "null",     "unique",   "min", "max",
                                       "after", "min_days", "max_days", NULL};
    const char *after;
    int bad = 0;
    check_keys(g, o, keys);
    x->has_min = parse_date_member(g, o, "min", &x->dmin);
    x->has_max = parse_date_member(g, o, "max", &x->dmax);
    if (x->has_min < 0 || x->has_max < 0)
        return -1;
    after = get_str(g, o, "after");
    if (after) {
        x->has_after = 1;
        if (parse_path(g, "after", after, strlen(after), &x->after) < 0)
            bad = -1;
        if (get_int(g, o, "min_days", &x->min_days) < 0 ||
            get_int(g, o, "max_days", &x->max_days) < 0)
            return -1;
        if (!member(o, "max_days"))
            bad = dg_error(g, NULL, "'after' needs 'max_days'");
        else if (x->min_days > x->max_days)
            bad = dg_error(g, "min_days", "bad range: min_days is above max_days");
    } else if (member(o, "after")) {
        return -1;
    } else if (!x->has_min || !x->has_max) {
        bad = dg_error(g, NULL, "'date' needs 'min' and 'max', or 'after'");
    } else if (x->dmin > x->dmax) {
        bad = dg_error(g, "min", "bad range: min date is after max date");
    }
    return bad;
}

static int parse_choice(struct dg *g, const cJSON *o, struct gen *x)
{
    static const char *const keys[] = {"gen",     "null", "unique", "values", "file",
                                       "weights", "dist", "s",      NULL};
    const cJSON *vals = member(o, "values"), *it;
    int bad = 0, nstr = 0, nnum = 0, nint = 0;
    size_t i;
    check_keys(g, o, keys);
    if (!!vals == !!member(o, "file"))
        return dg_error(g, NULL, "'choice' needs 'values' or 'file' (one of them)");
    if (vals) {
        if (!cJSON_IsArray(vals) || !cJSON_GetArraySize(vals))
            return dg_error(g, "values", "'values' must be a non-empty array");
        x->nvals = (size_t)cJSON_GetArraySize(vals);
        x->vals = xcalloc(x->nvals, sizeof(*x->vals));
        i = 0;
        cJSON_ArrayForEach(it, vals)
        {
            struct val *v = &x->vals[i++];
            if (cJSON_IsString(it)) {
                nstr++;
                v->type = SQLITE_TEXT;
                v->u.off = x->arena.len;
                v->len = (uint32_t)strlen(it->valuestring);
                buf_add(&x->arena, it->valuestring, v->len);
                buf_addch(&x->arena, 0);
            } else if (cJSON_IsNumber(it) && isfinite(it->valuedouble)) {
                nnum++;
                if (it->valuedouble == floor(it->valuedouble) &&
                    fabs(it->valuedouble) <= 9007199254740992.0) {
                    nint++;
                    v->type = SQLITE_INTEGER;
                    v->u.i = (int64_t)it->valuedouble;
                } else {
                    v->type = SQLITE_FLOAT;
                    v->u.d = it->valuedouble;
                }
            } else {
                return dg_error(g, "values", "'values' must hold strings or numbers");
            }
        }
        if (nstr && nnum)
            return dg_error(g, "values", "'values' mixes strings and numbers");
        if (nnum && nint < nnum)
            for (i = 0; i < x->nvals; i++)
                if (x->vals[i].type == SQLITE_INTEGER) {
                    x->vals[i].type = SQLITE_FLOAT;
                    x->vals[i].u.d = (double)x->vals[i].u.i;
                }
        x->type = nstr ? SQLITE_TEXT : nint == nnum ? SQLITE_INTEGER : SQLITE_FLOAT;
    } else {
        x->list = get_list(g, o, "file", 1);
        if (!x->list)
            return -1;
        if (!cJSON_IsString(member(o, "file")))
            return dg_error(g, "file", "'file' must be a file name");
        x->nvals = x->list->n;
        x->type = SQLITE_TEXT;
    }
    if (member(o, "weights") && member(o, "dist"))
        return dg_error(g, "dist", "give 'weights' or 'dist', not both");
    x->cum = parse_weights(g, o, x->nvals, &bad);
    if (parse_dist(g, o, x) < 0)
        return -1;
    if (x->dist == D_ZIPF) {
        double s = 1;
        if (get_num(g, o, "s", &s) < 0)
            return -1;
        if (!(s > 0) || s > 10)
            return dg_error(g, "s", "'s' must be in (0, 10]");
        x->cum = zipf_cdf(x->nvals, s);
    } else if (x->dist != D_UNIFORM) {
        return dg_error(g, "dist", "a choice takes dist \"uniform\" or \"zipf\"");
    }
    return bad;
}

static int parse_ref(struct dg *g, const cJSON *o, struct gen *x)
{
    static const char *const keys[] = {"gen",  "null", "unique", "table", "column",
                                       "dist", "s",    "cover",  NULL};
    const struct gcol *self = &g->t[g->cur_table].cols[g->cur_col];
    const char *tname = get_str(g, o, "table"), *cname = get_str(g, o, "column");
    int pt, pc, bad = 0;
    check_keys(g, o, keys);
    if ((member(o, "table") && !tname) || (member(o, "column") && !cname))
        return -1;
    if (!tname)
        tname = self->fk_table;
    if (!tname)
        return dg_error(g, NULL, "'ref' needs 'table' (column '%s' has no FOREIGN KEY)",
                        self->name);
    if (self->fk_table && strcmp(tname, self->fk_table))
        return dg_error(g, "table", "column '%s' references '%s' in schema.sql, not '%s'",
                        self->name, self->fk_table, tname);
    pt = find_table(g, tname);
    if (pt < 0)
        return dg_error(g, member(o, "table") ? "table" : NULL, "unknown table '%s'", tname);
    if (pt == (int)g->cur_table)
        return dg_error(g, "table", "a table cannot reference itself here");
    if (!cname && self->fk_table && self->fk_col)
        cname = self->fk_col;
    if (!cname) {
        size_t i;
        for (i = 0; i < g->t[pt].ncols; i++)
            if (g->t[pt].cols[i].pk && g->t[pt].npk == 1)
                cname = g->t[pt].cols[i].name;
        if (!cname)
            return dg_error(g, NULL, "'ref' needs 'column': '%s' has no single-column key", tname);
    }
    pc = find_col(&g->t[pt], cname, strlen(cname));
    if (pc < 0)
        return dg_error(g, member(o, "column") ? "column" : NULL, "unknown column '%s.%s'", tname,
                        cname);
    if (!g->t[pt].cols[pc].key)
        return dg_error(g, member(o, "column") ? "column" : NULL,
                        "'%s.%s' is not a key (PRIMARY KEY or UNIQUE), so it cannot be referenced",
                        tname, cname);
    x->ptable = (size_t)pt;
    x->pcol = (size_t)pc;
    if (parse_dist(g, o, x) < 0)
        return -1;
    if (x->dist == D_ZIPF) {
        x->p1 = 1;
        if (get_num(g, o, "s", &x->p1) < 0)
            bad = -1;
        else if (!(x->p1 > 0) || x->p1 > 10)
            bad = dg_error(g, "s", "'s' must be in (0, 10]");
    } else if (x->dist != D_UNIFORM) {
        bad = dg_error(g, "dist", "a ref takes dist \"uniform\" or \"zipf\"");
    }
    if (get_bool(g, o, "cover", &x->cover) < 0)
        bad = -1;
    return bad;
}

static int parse_syllables(struct dg *g, const cJSON *o, struct gen *x)
{
    static const char *const keys[] = {"gen", "null", "unique", "start", "middle",
                                       "end", "min",  "max",    NULL};
    int64_t mn = 2, mx = 3;
    check_keys(g, o, keys);
    x->type = SQLITE_TEXT;
    x->syl[0] = get_list(g, o, "start", 1);
    x->syl[1] = get_list(g, o, "middle", 0);
    x->syl[2] = get_list(g, o, "end", 0);
    if (get_int(g, o, "min", &mn) < 0 || get_int(g, o, "max", &mx) < 0)
        return -1;
    if (mn < 1 || mx > 12 || mn > mx)
        return dg_error(g, "min", "bad range: syllables from %lld to %lld (1 to 12)", (long long)mn,
                        (long long)mx);
    x->smin = (int)mn;
    x->smax = (int)mx;
    return x->syl[0] && (x->syl[1] || !member(o, "middle")) && (x->syl[2] || !member(o, "end"))
               ? 0
               : -1;
}

static int parse_one_template(struct dg *g, const char *key, const char *s, struct gen *x,
                              struct tmpl *t)
{
    const char *p = s;
    size_t alloc = 0;
    int bad = 0;
    while (*p) {
        const char *open = strchr(p, '{'), *close;
        struct seg *sg;
        if (open != p) {
            size_t n = open ? (size_t)(open - p) : strlen(p);
            ALLOC_GROW(t->segs, t->n + 1, alloc);
            sg = &t->segs[t->n++];
            memset(sg, 0, sizeof(*sg));
            sg->lit = xstrndup(p, n);
            sg->len = n;
            p += n;
            continue;
        }
        close = strchr(open, '}');
        if (!close)
            return dg_error(g, key, "unclosed '{' in template \"%s\"", s);
        ALLOC_GROW(t->segs, t->n + 1, alloc);
        sg = &t->segs[t->n++];
        memset(sg, 0, sizeof(*sg));
        sg->part = -1;
        {
            size_t n = (size_t)(close - open - 1), i;
            for (i = 0; i < x->nparts; i++)
                if (strlen(x->part_names[i]) == n && !memcmp(x->part_names[i], open + 1, n))
                    sg->part = (int)i;
            if (sg->part < 0 && parse_path(g, key, open + 1, n, &sg->col) < 0)
                bad = -1;
        }
        p = close + 1;
    }
    return bad;
}

static int parse_template(struct dg *g, const cJSON *o, struct gen *x, const char *purpose)
{
    static const char *const keys[] = {"gen",       "null",    "unique", "template",
                                       "templates", "weights", "parts",  NULL};
    const cJSON *one = member(o, "template"), *many = member(o, "templates"), *parts, *it;
    int bad = 0;
    size_t i;
    check_keys(g, o, keys);
    x->type = SQLITE_TEXT;
    parts = member(o, "parts");
    if (parts) {
        if (!cJSON_IsObject(parts))
            return dg_error(g, "parts", "'parts' must be an object of generators");
        x->parts = xcalloc((size_t)cJSON_GetArraySize(parts) + 1, sizeof(*x->parts));
        x->part_names = xcalloc((size_t)cJSON_GetArraySize(parts) + 1, sizeof(*x->part_names));
        push(g, "parts", 0);
        cJSON_ArrayForEach(it, parts)
        {
            struct buf pp = BUF_INIT;
            buf_addf(&pp, "%s/part:%s", purpose, it->string);
            push(g, it->string, 0);
            x->parts[x->nparts] = parse_gen(g, it, pp.s, 1);
            if (!x->parts[x->nparts])
                bad = -1;
            pop(g);
            buf_release(&pp);
            x->part_names[x->nparts++] = xstrdup(it->string);
        }
        pop(g);
    }
    if (!!one == !!many)
        return dg_error(g, NULL, "'template' needs 'template' or 'templates' (one of them)");
    if (one) {
        if (!cJSON_IsString(one))
            return dg_error(g, "template", "'template' must be a string");
        x->tmpls = xcalloc(1, sizeof(*x->tmpls));
        x->ntmpls = 1;
        return parse_one_template(g, "template", one->valuestring, x, &x->tmpls[0]) < 0 ? -1 : bad;
    }
    if (!cJSON_IsArray(many) || !cJSON_GetArraySize(many))
        return dg_error(g, "templates", "'templates' must be a non-empty array of strings");
    x->ntmpls = (size_t)cJSON_GetArraySize(many);
    x->tmpls = xcalloc(x->ntmpls, sizeof(*x->tmpls));
    i = 0;
    cJSON_ArrayForEach(it, many)
    {
        if (!cJSON_IsString(it))
            bad = dg_error(g, "templates", "'templates' must hold strings");
        else if (parse_one_template(g, "templates", it->valuestring, x, &x->tmpls[i]) < 0)
            bad = -1;
        i++;
    }
    x->tcum = parse_weights(g, o, x->ntmpls, &bad);
    return bad;
}

/* Parses the generator at the current path; `purpose` names its stream. */
static struct gen *parse_gen(struct dg *g, const cJSON *spec, const char *purpose, int in_template)
{
    static const struct {
        const char *name;
        enum gkind kind;
    } kinds[] = {
        {"serial", GK_SERIAL}, {"int", GK_INT},        {"real", GK_REAL},
        {"date", GK_DATE},     {"choice", GK_CHOICE},  {"ref", GK_REF},
        {"copy", GK_COPY},     {"syllables", GK_SYLL}, {"template", GK_TEMPLATE},
    };
    const struct gtable *t = &g->t[g->cur_table];
    const char *kind;
    struct gen *x;
    size_t i;
    int rc = 0;
    if (!cJSON_IsObject(spec)) {
        dg_error(g, NULL, "a generator must be an object with \"gen\"");
        return NULL;
    }
    kind = get_str(g, spec, "gen");
    if (!kind) {
        if (!member(spec, "gen"))
            dg_error(g, NULL, "missing \"gen\"");
        return NULL;
    }
    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (!strcmp(kinds[i].name, kind))
            break;
    if (i == sizeof(kinds) / sizeof(kinds[0])) {
        dg_error(g, "gen",
                 "unknown generator '%s' (serial, int, real, date, choice, ref, copy, "
                 "syllables, template)",
                 kind);
        return NULL;
    }
    x = xcalloc(1, sizeof(*x));
    x->kind = kinds[i].kind;
    prng_seed(&x->rng, stream_seed(g, t->name, t->cols[g->cur_col].name, purpose));
    if (in_template && (x->kind == GK_SERIAL || x->kind == GK_REF)) {
        dg_error(g, "gen", "'%s' cannot be a template part", kind);
        free_gen(x);
        return NULL;
    }
    if (in_template && (member(spec, "null") || member(spec, "unique")))
        rc = dg_error(g, member(spec, "null") ? "null" : "unique",
                      "'null' and 'unique' belong to the column, not to a part");
    switch (x->kind) {
    case GK_SERIAL: {
        static const char *const keys[] = {"gen", "null", "unique", "start", "step", NULL};
        check_keys(g, spec, keys);
        x->type = SQLITE_INTEGER;
        x->start = x->step = 1;
        if (get_int(g, spec, "start", &x->start) < 0 || get_int(g, spec, "step", &x->step) < 0)
            rc = -1;
        else if (!x->step)
            rc = dg_error(g, "step", "'step' must not be 0");
        break;
    }
    case GK_INT:
    case GK_REAL:
        x->type = x->kind == GK_INT ? SQLITE_INTEGER : SQLITE_FLOAT;
        rc |= parse_numeric(g, spec, x);
        break;
    case GK_DATE:
        x->type = SQLITE_TEXT;
        rc |= parse_date_gen(g, spec, x);
        break;
    case GK_CHOICE:
        rc |= parse_choice(g, spec, x);
        break;
    case GK_REF:
        rc |= parse_ref(g, spec, x);
        break;
    case GK_COPY: {
        static const char *const keys[] = {"gen", "null", "unique", "from", NULL};
        const char *from;
        check_keys(g, spec, keys);
        from = get_str(g, spec, "from");
        if (!from) {
            if (!member(spec, "from"))
                dg_error(g, NULL, "'copy' needs 'from'");
            rc = -1;
        } else if (parse_path(g, "from", from, strlen(from), &x->from) < 0) {
            rc = -1;
        }
        break;
    }
    case GK_SYLL:
        rc |= parse_syllables(g, spec, x);
        break;
    case GK_TEMPLATE:
        rc |= parse_template(g, spec, x, purpose);
        break;
    }
    if (rc) {
        free_gen(x);
        return NULL;
    }
    return x;
}

/* ---- Reading the database's tables ---- */

static int affinity_of(const char *decl)
{
    /* SQLite's rules (datatype3.html, 3.1), in their order */
    struct buf u = BUF_INIT;
    size_t i;
    int a;
    buf_adds(&u, decl ? decl : "");
    for (i = 0; i < u.len; i++)
        if (u.s[i] >= 'a' && u.s[i] <= 'z')
            u.s[i] = (char)(u.s[i] - 'a' + 'A');
    if (strstr(u.s, "INT"))
        a = SQLITE_INTEGER;
    else if (strstr(u.s, "CHAR") || strstr(u.s, "CLOB") || strstr(u.s, "TEXT"))
        a = SQLITE_TEXT;
    else if (!u.len || strstr(u.s, "BLOB"))
        a = -1;
    else if (strstr(u.s, "REAL") || strstr(u.s, "FLOA") || strstr(u.s, "DOUB"))
        a = SQLITE_FLOAT;
    else
        a = 0;
    buf_release(&u);
    return a;
}

static int sql_error(struct dg *g, const char *what)
{
    g->nerr++;
    return error("%s: %s", what, sqlite3_errmsg(g->db));
}

static int read_tables(struct dg *g)
{
    sqlite3_stmt *st = NULL, *ti = NULL, *fk = NULL, *uq = NULL;
    size_t alloc = 0;
    int rc = 0;
    if (sqlite3_prepare_v2(g->db,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT "
                           "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                           -1, &st, NULL) ||
        sqlite3_prepare_v2(g->db,
                           "SELECT name, type, pk, \"notnull\" FROM pragma_table_info(?1) "
                           "ORDER BY cid",
                           -1, &ti, NULL) ||
        sqlite3_prepare_v2(g->db,
                           "SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1)",
                           -1, &fk, NULL) ||
        sqlite3_prepare_v2(g->db,
                           "SELECT ii.name FROM pragma_index_list(?1) il, "
                           "pragma_index_info(il.name) ii WHERE il.\"unique\" "
                           "GROUP BY il.name HAVING count(*) = 1",
                           -1, &uq, NULL)) {
        rc = sql_error(g, "cannot read the tables");
        goto out;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct gtable *t;
        size_t calloc_ = 0;
        ALLOC_GROW(g->t, g->nt + 1, alloc);
        t = &g->t[g->nt++];
        memset(t, 0, sizeof(*t));
        t->name = xstrdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(ti);
        sqlite3_bind_text(ti, 1, t->name, -1, SQLITE_STATIC);
        while (sqlite3_step(ti) == SQLITE_ROW) {
            struct gcol *c;
            ALLOC_GROW(t->cols, t->ncols + 1, calloc_);
            c = &t->cols[t->ncols++];
            memset(c, 0, sizeof(*c));
            c->name = xstrdup((const char *)sqlite3_column_text(ti, 0));
            c->affinity = affinity_of((const char *)sqlite3_column_text(ti, 1));
            c->pk = sqlite3_column_int(ti, 2);
            c->notnull = sqlite3_column_int(ti, 3);
            c->order = -1;
            if (c->pk)
                t->npk++;
        }
        if (t->npk == 1)
            for (size_t i = 0; i < t->ncols; i++)
                if (t->cols[i].pk)
                    t->cols[i].key = 1;
        sqlite3_reset(fk);
        sqlite3_bind_text(fk, 1, t->name, -1, SQLITE_STATIC);
        while (sqlite3_step(fk) == SQLITE_ROW) {
            const char *from = (const char *)sqlite3_column_text(fk, 0);
            int c = find_col(t, from, strlen(from));
            if (c >= 0 && !t->cols[c].fk_table) {
                t->cols[c].fk_table = xstrdup((const char *)sqlite3_column_text(fk, 1));
                if (sqlite3_column_type(fk, 2) != SQLITE_NULL)
                    t->cols[c].fk_col = xstrdup((const char *)sqlite3_column_text(fk, 2));
            }
        }
        sqlite3_reset(uq);
        sqlite3_bind_text(uq, 1, t->name, -1, SQLITE_STATIC);
        while (sqlite3_step(uq) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(uq, 0);
            int c = name ? find_col(t, name, strlen(name)) : -1;
            if (c >= 0)
                t->cols[c].key = 1;
        }
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(ti);
    sqlite3_finalize(fk);
    sqlite3_finalize(uq);
    return rc;
}

/* ---- Checking generate.json against the tables ---- */

/* Type of a generator's values, following ref and copy to their source. */
static int gen_type(const struct dg *g, const struct gen *x)
{
    const struct gen *src;
    if (x->kind == GK_REF)
        src = g->t[x->ptable].cols[x->pcol].gen;
    else if (x->kind == GK_COPY)
        src = g->t[x->from.table[x->from.n - 1]].cols[x->from.col[x->from.n - 1]].gen;
    else
        return x->type;
    return src ? gen_type(g, src) : 0;
}

static const char *type_name(int type)
{
    switch (type) {
    case SQLITE_INTEGER:
        return "integers";
    case SQLITE_FLOAT:
        return "reals";
    case SQLITE_TEXT:
        return "text";
    default:
        return "values";
    }
}

static void parse_table(struct dg *g, size_t ti)
{
    struct gtable *t = &g->t[ti];
    const cJSON *cols = member(t->spec, "columns"), *it;
    static const char *const keys[] = {"rows", "fixed", "columns", NULL};
    int64_t rows = 0;
    size_t i;
    int order = 0;
    push(g, t->name, 0);
    check_keys(g, t->spec, keys);
    if (get_int(g, t->spec, "rows", &rows) == 0)
        dg_error(g, NULL, "table '%s' needs 'rows'", t->name);
    else if (rows < 1 || rows > 100000000)
        dg_error(g, "rows", "'rows' must be 1 to 100000000");
    t->rows = rows > 0 ? (uint64_t)rows : 1;
    get_bool(g, t->spec, "fixed", &t->fixed);
    if (!cJSON_IsObject(cols)) {
        dg_error(g, cols ? "columns" : NULL, "table '%s' needs 'columns', an object", t->name);
        pop(g);
        return;
    }
    push(g, "columns", 0);
    t->order = xcalloc(t->ncols + 1, sizeof(*t->order));
    cJSON_ArrayForEach(it, cols)
    {
        int c = find_col(t, it->string, strlen(it->string));
        if (c < 0) {
            dg_error(g, it->string, "unknown column '%s' in table '%s'", it->string, t->name);
            continue;
        }
        if (t->cols[c].spec) {
            dg_error(g, it->string, "column '%s' is listed twice", it->string);
            continue;
        }
        t->cols[c].spec = it;
        t->cols[c].order = order++;
        t->order[t->norder++] = (size_t)c;
    }
    for (i = 0; i < t->ncols; i++)
        if (!t->cols[i].spec)
            dg_error(g, NULL, "column '%s' of table '%s' has no generator", t->cols[i].name,
                     t->name);
    pop(g);
    pop(g);
}

/* Parses the columns of table ti (its parents are parsed already, for ref types). */
static void parse_columns(struct dg *g, size_t ti)
{
    struct gtable *t = &g->t[ti];
    size_t k;
    push(g, t->name, 0);
    push(g, "columns", 0);
    for (k = 0; k < t->norder; k++) {
        struct gcol *c = &t->cols[t->order[k]];
        int type;
        g->cur_table = ti;
        g->cur_col = t->order[k];
        push(g, c->name, 0);
        c->gen = parse_gen(g, c->spec, "value", 0);
        if (cJSON_IsObject(c->spec)) {
            int u = 0;
            if (get_num(g, c->spec, "null", &c->null_frac) > 0 &&
                !(c->null_frac >= 0 && c->null_frac < 1))
                dg_error(g, "null", "'null' must be a fraction in [0, 1)");
            else if (c->null_frac > 0 && (c->notnull || c->pk))
                dg_error(g, "null", "column '%s' cannot be NULL (NOT NULL or PRIMARY KEY)",
                         c->name);
            get_bool(g, c->spec, "unique", &u);
            c->unique = u || c->key;
        }
        prng_seed(&c->null_rng, stream_seed(g, t->name, c->name, "null"));
        if (c->gen) {
            type = gen_type(g, c->gen);
            if (type && ((c->affinity == SQLITE_INTEGER && type != SQLITE_INTEGER) ||
                         (c->affinity == SQLITE_FLOAT && type == SQLITE_TEXT) ||
                         (c->affinity == 0 && type == SQLITE_TEXT) ||
                         (c->affinity == SQLITE_TEXT && type != SQLITE_TEXT)))
                dg_error(g, "gen", "wrong type: column '%s' is %s but '%s' gives %s", c->name,
                         c->affinity == SQLITE_INTEGER ? "INTEGER"
                         : c->affinity == SQLITE_FLOAT ? "REAL"
                         : c->affinity == SQLITE_TEXT  ? "TEXT"
                                                       : "NUMERIC",
                         cJSON_GetStringValue(member(c->spec, "gen")), type_name(type));
        }
        pop(g);
    }
    pop(g);
    pop(g);
}

/* Depth-first order over ref edges so that parents are drawn first. */
static int visit(struct dg *g, size_t ti, size_t *out, size_t *n)
{
    struct gtable *t = &g->t[ti];
    const cJSON *cols;
    const cJSON *it;
    if (t->mark == 2)
        return 0;
    if (t->mark == 1) {
        push(g, t->name, 0);
        dg_error(g, NULL, "tables reference each other in a cycle through '%s'", t->name);
        pop(g);
        return -1;
    }
    t->mark = 1;
    cols = member(t->spec, "columns");
    cJSON_ArrayForEach(it, cols)
    {
        const char *pt;
        int p;
        if (!cJSON_IsObject(it) || !cJSON_IsString(member(it, "gen")) ||
            strcmp(member(it, "gen")->valuestring, "ref"))
            continue;
        pt = cJSON_GetStringValue(member(it, "table"));
        if (!pt) {
            int c = find_col(t, it->string, strlen(it->string));
            pt = c >= 0 ? t->cols[c].fk_table : NULL;
        }
        p = pt ? find_table(g, pt) : -1;
        if (p >= 0 && (size_t)p != ti && visit(g, (size_t)p, out, n) < 0) {
            t->mark = 2;
            return -1;
        }
    }
    t->mark = 2;
    out[(*n)++] = ti;
    return 0;
}

/* ---- Drawing ---- */

static void uset_clear(struct uset *s)
{
    free(s->slot);
    memset(s, 0, sizeof(*s));
}

static uint64_t val_hash(const struct gcol *c, const struct val *v)
{
    if (v->type == SQLITE_TEXT)
        return hash64(val_text(c, v), v->len);
    return mix64((uint64_t)v->u.i ^ (uint64_t)v->type);
}

static int val_eq(const struct gcol *c, const struct val *a, const struct val *b)
{
    if (a->type != b->type)
        return 0;
    if (a->type == SQLITE_TEXT)
        return a->len == b->len && !memcmp(val_text(c, a), val_text(c, b), a->len);
    return a->u.i == b->u.i; /* the same bits for doubles too */
}

/* Adds row r's value unless an equal one is there; returns 0, or -1 for a duplicate. */
static int uset_add(struct gcol *c, size_t r)
{
    struct uset *s = &c->set;
    size_t i, mask;
    if ((s->n + 1) * 2 > s->cap) {
        struct uset old = *s;
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->slot = xcalloc(s->cap, sizeof(*s->slot));
        s->n = 0;
        for (i = 0; i < old.cap; i++)
            if (old.slot[i]) {
                size_t j = val_hash(c, &c->vals[old.slot[i] - 1]) & (s->cap - 1);
                while (s->slot[j])
                    j = (j + 1) & (s->cap - 1);
                s->slot[j] = old.slot[i];
                s->n++;
            }
        free(old.slot);
    }
    mask = s->cap - 1;
    for (i = val_hash(c, &c->vals[r]) & mask; s->slot[i]; i = (i + 1) & mask)
        if (val_eq(c, &c->vals[s->slot[i] - 1], &c->vals[r]))
            return -1;
    s->slot[i] = (int64_t)r + 1;
    s->n++;
    return 0;
}

static double num_of(const struct val *v)
{
    return v->type == SQLITE_INTEGER ? (double)v->u.i : v->u.d;
}

static double shift_sum(const struct dg *g, const struct gen *x, size_t row)
{
    double sum = 0;
    size_t i, k;
    for (i = 0; i < x->nshifts; i++) {
        const struct shift *s = &x->shifts[i];
        const struct gcol *c = NULL;
        const struct val *v = path_get(g, &s->col, row, &c);
        if (v->type == SQLITE_NULL)
            continue;
        if (!s->keys) {
            if (v->type != SQLITE_TEXT)
                sum += s->per * (num_of(v) - s->center);
            continue;
        }
        for (k = 0; k < s->nkeys; k++) {
            struct buf t = BUF_INIT;
            int hit;
            if (v->type == SQLITE_TEXT)
                buf_add(&t, val_text(c, v), v->len);
            else if (v->type == SQLITE_INTEGER)
                buf_addf(&t, "%lld", (long long)v->u.i);
            else
                format_real(&t, v->u.d);
            hit = !strcmp(t.s, s->keys[k]);
            buf_release(&t);
            if (hit) {
                sum += s->amount[k];
                break;
            }
        }
    }
    return sum;
}

static double draw_number(const struct dg *g, struct gen *x, size_t row)
{
    double shift = x->nshifts ? shift_sum(g, x, row) : 0, v = 0;
    int tries;
    for (tries = 0; tries < MAX_RETRIES; tries++) {
        switch (x->dist) {
        case D_UNIFORM:
            if (x->kind == GK_INT)
                v = x->min + (double)prng_below(&x->rng, (uint64_t)(x->max - x->min) + 1);
            else
                v = x->min + prng_double(&x->rng) * (x->max - x->min);
            v += shift;
            break;
        case D_NORMAL:
            v = x->p1 + shift + x->p2 * draw_normal(&x->rng);
            break;
        case D_LOGNORMAL:
            v = det_exp(x->p1 + shift + x->p2 * draw_normal(&x->rng));
            break;
        case D_ZIPF:
            v = x->min + (double)pick_cum(&x->rng, x->cdf, x->ncdf) + shift;
            break;
        }
        v = x->kind == GK_INT ? round_dec(v, 0) : round_dec(v, x->decimals);
        if (v >= x->min && v <= x->max)
            return v;
    }
    return v < x->min ? x->min : x->max;
}

static void add_val_text(struct buf *out, const struct gcol *c, const struct val *v)
{
    switch (v->type) {
    case SQLITE_TEXT:
        buf_add(out, val_text(c, v), v->len);
        break;
    case SQLITE_INTEGER:
        buf_addf(out, "%lld", (long long)v->u.i);
        break;
    case SQLITE_FLOAT:
        format_real(out, v->u.d);
        break;
    default:
        break;
    }
}

static void add_word(struct buf *out, struct prng *r, const struct wordlist *l)
{
    size_t i = (size_t)prng_below(r, l->n);
    buf_add(out, l->w[i], l->len[i]);
}

/* Draws one value of `x` for row `row` of table `t`: text is appended to `arena` and `out`
 * records where. */
static void draw(const struct dg *g, struct gen *x, const struct gtable *t, size_t row,
                 struct val *out, struct buf *arena)
{
    size_t start = arena->len;
    memset(out, 0, sizeof(*out));
    switch (x->kind) {
    case GK_SERIAL:
        out->type = SQLITE_INTEGER;
        out->u.i = x->start + (int64_t)row * x->step;
        return;
    case GK_INT:
        out->type = SQLITE_INTEGER;
        out->u.i = (int64_t)draw_number(g, x, row);
        return;
    case GK_REAL:
        out->type = SQLITE_FLOAT;
        out->u.d = draw_number(g, x, row);
        return;
    case GK_DATE: {
        int64_t z, y, m, d;
        if (x->has_after) {
            const struct gcol *c = NULL;
            const struct val *b = path_get(g, &x->after, row, &c);
            int64_t span = x->max_days - x->min_days, base;
            int tries = 0;
            if (b->type == SQLITE_INTEGER)
                base = days_from_civil(b->u.i, 1, 1);
            else if (b->type != SQLITE_TEXT || parse_date(val_text(c, b), b->len, &base) < 0)
                base = x->has_min ? x->dmin : days_from_civil(2000, 1, 1);
            do
                z = base + x->min_days + (int64_t)prng_below(&x->rng, (uint64_t)span + 1);
            while (((x->has_min && z < x->dmin) || (x->has_max && z > x->dmax)) &&
                   ++tries < MAX_RETRIES);
            if (x->has_min && z < x->dmin)
                z = x->dmin;
            if (x->has_max && z > x->dmax)
                z = x->dmax;
        } else {
            z = x->dmin + (int64_t)prng_below(&x->rng, (uint64_t)(x->dmax - x->dmin) + 1);
        }
        civil_from_days(z, &y, &m, &d);
        buf_addf(arena, "%04lld-%02lld-%02lld", (long long)y, (long long)m, (long long)d);
        break;
    }
    case GK_CHOICE: {
        size_t i =
            x->cum ? pick_cum(&x->rng, x->cum, x->nvals) : (size_t)prng_below(&x->rng, x->nvals);
        if (x->list) {
            buf_add(arena, x->list->w[i], x->list->len[i]);
            break;
        }
        *out = x->vals[i];
        if (out->type != SQLITE_TEXT)
            return;
        buf_add(arena, x->arena.s + x->vals[i].u.off, x->vals[i].len);
        break;
    }
    case GK_REF: {
        const struct gtable *p = &g->t[x->ptable];
        size_t j;
        if (x->cover && row < p->rows)
            j = x->perm_cover[row];
        else if (x->dist == D_ZIPF)
            j = x->perm_rank[pick_cum(&x->rng, x->cdf, x->ncdf)];
        else
            j = (size_t)prng_below(&x->rng, p->rows);
        out->u.i = (int64_t)j; /* the caller records the parent row, then copies the key */
        out->type = -1;
        return;
    }
    case GK_COPY: {
        const struct gcol *c = NULL;
        const struct val *v = path_get(g, &x->from, row, &c);
        *out = *v;
        if (v->type != SQLITE_TEXT)
            return;
        buf_add(arena, val_text(c, v), v->len);
        break;
    }
    case GK_SYLL: {
        int n = x->smin + (int)prng_below(&x->rng, (uint64_t)(x->smax - x->smin) + 1), i;
        add_word(arena, &x->rng, x->syl[0]);
        for (i = 1; i < n; i++) {
            const struct wordlist *l = i == n - 1 && x->syl[2] ? x->syl[2]
                                       : x->syl[1]             ? x->syl[1]
                                                               : x->syl[0];
            add_word(arena, &x->rng, l);
        }
        if (arena->s[start] >= 'a' && arena->s[start] <= 'z')
            arena->s[start] = (char)(arena->s[start] - 'a' + 'A');
        break;
    }
    case GK_TEMPLATE: {
        size_t k = x->ntmpls == 1 ? 0
                   : x->tcum      ? pick_cum(&x->rng, x->tcum, x->ntmpls)
                                  : (size_t)prng_below(&x->rng, x->ntmpls);
        const struct tmpl *tp = &x->tmpls[k];
        size_t i;
        for (i = 0; i < tp->n; i++) {
            const struct seg *s = &tp->segs[i];
            if (s->lit) {
                buf_add(arena, s->lit, s->len);
            } else if (s->part >= 0) {
                struct val pv;
                draw(g, x->parts[s->part], t, row, &pv, arena);
                if (pv.type == SQLITE_INTEGER)
                    buf_addf(arena, "%lld", (long long)pv.u.i);
                else if (pv.type == SQLITE_FLOAT)
                    format_real(arena, pv.u.d);
            } else {
                const struct gcol *c = NULL;
                const struct val *v = path_get(g, &s->col, row, &c);
                add_val_text(arena, c, v);
            }
        }
        break;
    }
    }
    out->type = SQLITE_TEXT;
    out->u.off = start;
    out->len = (uint32_t)(arena->len - start);
}

static int prepare_ref(struct dg *g, struct gen *x)
{
    const struct gtable *p = &g->t[x->ptable];
    size_t i;
    if (x->dist == D_ZIPF) {
        if (p->rows > MAX_ZIPF)
            return error("table '%s' is too large for a zipf reference", p->name);
        x->ncdf = p->rows;
        x->cdf = zipf_cdf(x->ncdf, x->p1);
        x->perm_rank = xmalloc(st_mult(p->rows, sizeof(size_t)));
        for (i = 0; i < p->rows; i++)
            x->perm_rank[i] = i;
        prng_shuffle(&x->rng, x->perm_rank, p->rows, sizeof(size_t));
    }
    if (x->cover) {
        x->perm_cover = xmalloc(st_mult(p->rows, sizeof(size_t)));
        for (i = 0; i < p->rows; i++)
            x->perm_cover[i] = i;
        prng_shuffle(&x->rng, x->perm_cover, p->rows, sizeof(size_t));
    }
    return 0;
}

static int draw_table(struct dg *g, size_t ti)
{
    struct gtable *t = &g->t[ti];
    size_t k, r;
    for (k = 0; k < t->ncols; k++) {
        struct gcol *c = &t->cols[k];
        c->vals = xcalloc(t->rows, sizeof(*c->vals));
        if (c->gen->kind == GK_REF) {
            c->parent = xmalloc(st_mult(t->rows, sizeof(*c->parent)));
            if (prepare_ref(g, c->gen) < 0)
                return -1;
        }
    }
    for (r = 0; r < t->rows; r++) {
        for (k = 0; k < t->norder; k++) {
            struct gcol *c = &t->cols[t->order[k]];
            struct val *v = &c->vals[r];
            int tries = 0, isnull;
            for (;;) {
                size_t mark = c->arena.len;
                draw(g, c->gen, t, r, v, &c->arena);
                if (v->type == -1) { /* ref: the parent's key */
                    const struct gcol *pc = &g->t[c->gen->ptable].cols[c->gen->pcol];
                    size_t j = (size_t)v->u.i;
                    c->parent[r] = (int64_t)j;
                    *v = pc->vals[j];
                    if (v->type == SQLITE_TEXT) {
                        v->u.off = c->arena.len;
                        buf_add(&c->arena, val_text(pc, &pc->vals[j]), v->len);
                    }
                }
                if (v->type == SQLITE_TEXT) /* each value a C string, for binding */
                    buf_addch(&c->arena, 0);
                /* The NULL draw comes after the value so that changing the fraction leaves
                 * the values of the other rows alone. */
                isnull = c->null_frac > 0 && prng_double(&c->null_rng) < c->null_frac;
                if (isnull || !c->unique || v->type == SQLITE_NULL || uset_add(c, r) == 0)
                    break;
                c->arena.len = mark;
                c->arena.s[mark] = 0;
                if (++tries >= MAX_UNIQUE_TRIES) {
                    push(g, "tables", 0);
                    push(g, t->name, 0);
                    push(g, "columns", 0);
                    push(g, c->name, 0);
                    dg_error(g, NULL,
                             "cannot draw a unique value for row %zu of '%s.%s' in %d tries "
                             "(give the generator more words or a wider range)",
                             r + 1, t->name, c->name, MAX_UNIQUE_TRIES);
                    g->depth = 0;
                    return -1;
                }
            }
            if (isnull) {
                if (c->parent)
                    c->parent[r] = -1;
                if (v->type == SQLITE_TEXT) {
                    c->arena.len = (size_t)v->u.off;
                    c->arena.s[c->arena.len] = 0;
                }
                memset(v, 0, sizeof(*v));
                v->type = SQLITE_NULL;
            }
        }
    }
    t->drawn = 1;
    return 0;
}

static int insert_table(struct dg *g, size_t ti)
{
    struct gtable *t = &g->t[ti];
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    size_t k, r;
    int rc = 0;
    char *q = sqlite3_mprintf("INSERT INTO \"%w\" (", t->name);
    buf_adds(&sql, q);
    sqlite3_free(q);
    for (k = 0; k < t->ncols; k++) {
        q = sqlite3_mprintf("%s\"%w\"", k ? ", " : "", t->cols[k].name);
        buf_adds(&sql, q);
        sqlite3_free(q);
    }
    buf_adds(&sql, ") VALUES (");
    for (k = 0; k < t->ncols; k++)
        buf_adds(&sql, k ? ", ?" : "?");
    buf_adds(&sql, ")");
    if (sqlite3_prepare_v2(g->db, sql.s, -1, &st, NULL)) {
        buf_release(&sql);
        return error("cannot insert into '%s': %s", t->name, sqlite3_errmsg(g->db));
    }
    buf_release(&sql);
    for (r = 0; r < t->rows && !rc; r++) {
        for (k = 0; k < t->ncols; k++) {
            const struct gcol *c = &t->cols[k];
            const struct val *v = &c->vals[r];
            int idx = (int)k + 1;
            switch (v->type) {
            case SQLITE_INTEGER:
                sqlite3_bind_int64(st, idx, v->u.i);
                break;
            case SQLITE_FLOAT:
                sqlite3_bind_double(st, idx, v->u.d);
                break;
            case SQLITE_TEXT:
                sqlite3_bind_text(st, idx, val_text(c, v), (int)v->len, SQLITE_STATIC);
                break;
            default:
                sqlite3_bind_null(st, idx);
                break;
            }
        }
        if (sqlite3_step(st) != SQLITE_DONE)
            rc =
                error("cannot insert row %zu into '%s': %s", r + 1, t->name, sqlite3_errmsg(g->db));
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}

static void dg_release(struct dg *g)
{
    size_t i, k;
    for (i = 0; i < g->nt; i++) {
        struct gtable *t = &g->t[i];
        for (k = 0; k < t->ncols; k++) {
            struct gcol *c = &t->cols[k];
            free(c->name);
            free(c->fk_table);
            free(c->fk_col);
            free_gen(c->gen);
            free(c->vals);
            buf_release(&c->arena);
            free(c->parent);
            uset_clear(&c->set);
        }
        free(t->cols);
        free(t->name);
        free(t->order);
    }
    free(g->t);
    for (i = 0; i < g->nlists; i++)
        wl_free(g->lists[i]);
    free(g->lists);
    cJSON_Delete(g->root);
    buf_release(&g->text);
    free(g->file);
}

uint64_t datagen_rows(uint64_t rows, double scale)
{
    double n = floor((double)rows * scale + 0.5);
    return n < 1 ? 1 : (uint64_t)n;
}

/* Checks generate.json against the tables; fills `order` with the drawing order. */
static int check_spec(struct dg *g, size_t *order)
{
    const cJSON *tables, *it;
    size_t i, n = 0;
    static const char *const keys[] = {"tables", NULL};
    if (!cJSON_IsObject(g->root))
        return dg_error(g, NULL, "generate.json must be an object with \"tables\"");
    check_keys(g, g->root, keys);
    tables = member(g->root, "tables");
    if (!cJSON_IsObject(tables))
        return dg_error(g, tables ? "tables" : NULL, "'tables' must be an object");
    push(g, "tables", 0);
    cJSON_ArrayForEach(it, tables)
    {
        int t = find_table(g, it->string);
        if (t < 0)
            dg_error(g, it->string, "unknown table '%s' (not in schema.sql)", it->string);
        else if (!cJSON_IsObject(it))
            dg_error(g, it->string, "table '%s' must be an object", it->string);
        else if (!g->t[t].spec)
            g->t[t].spec = it;
    }
    for (i = 0; i < g->nt; i++) {
        if (!g->t[i].spec)
            dg_error(g, NULL, "table '%s' has no entry in generate.json", g->t[i].name);
        else
            parse_table(g, i);
    }
    /* go on after table-level problems, so that the columns' are reported too */
    for (i = 0; i < g->nt; i++)
        if (visit(g, i, order, &n) < 0)
            break;
    if (n == g->nt)
        for (i = 0; i < g->nt; i++) {
            g->t[order[i]].rows = g->t[order[i]].fixed
                                      ? g->t[order[i]].rows
                                      : datagen_rows(g->t[order[i]].rows, g->scale);
            parse_columns(g, order[i]);
        }
    pop(g);
    return g->nerr ? -1 : 0;
}

int datagen_fill(sqlite3 *db, const char *schema_dir, double scale, uint64_t seed)
{
    struct dg g;
    size_t *order = NULL, i;
    int rc = -1;
    memset(&g, 0, sizeof(g));
    g.db = db;
    g.dir = schema_dir;
    g.scale = scale;
    g.seed = seed;
    g.file = path_join(schema_dir, "generate.json");
    if (!(scale > 0) || scale > 1e6) {
        error("scale must be above 0 and at most 1e6, not %g", scale);
        goto out;
    }
    if (read_file(g.file, &g.text) < 0)
        goto out;
    g.root = json_parse_file_text(g.text.s, g.text.len, g.file);
    if (!g.root || read_tables(&g) < 0)
        goto out;
    order = xcalloc(g.nt + 1, sizeof(*order));
    if (check_spec(&g, order) < 0)
        goto out;
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL)) {
        error("cannot begin a transaction: %s", sqlite3_errmsg(db));
        goto out;
    }
    for (i = 0; i < g.nt; i++)
        if (draw_table(&g, order[i]) < 0 || insert_table(&g, order[i]) < 0)
            break;
    if (i < g.nt || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) {
        if (i == g.nt)
            error("cannot commit: %s", sqlite3_errmsg(db));
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto out;
    }
    rc = 0;
out:
    free(order);
    dg_release(&g);
    return rc;
}
