/* datagen_spec: reads and checks generate.json into the model of datagen_int.h.
 *
 * Every problem is reported as `file:line: message` (the line found from the path of
 * members being parsed, dg_push/dg_pop) and parsing goes on, so that one run shows them all.
 * Word lists are loaded once per file name; column paths are resolved to (table, column)
 * hops; each generator is parsed into a struct gen with its own seeded stream; and the
 * result is checked against the tables of the database (types, keys, the drawing order).
 * Nothing is drawn here (datagen.c does that). */
#include "datagen.h"
#include "datagen_int.h"

#include "civil.h"
#include "detmath.h"
#include "util.h"
#include "xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* ---- Errors located in generate.json ---- */

void dg_push(struct dg *g, const char *key, int index)
{
    /* deeper than the path can record: errors are located at the deepest recorded member
     * (parse_template keeps real files far from this) */
    if (g->depth < MAX_DEPTH) {
        g->path[g->depth].key = key;
        g->path[g->depth].index = index;
    }
    g->depth++;
}

void dg_pop(struct dg *g)
{
    g->depth--;
}

/* Reports at the member `key` of the current value (or the value itself when key is NULL). */
int dg_error(struct dg *g, const char *key, const char *fmt, ...)
{
    struct srcloc loc = {g->file, 0, 0};
    struct buf msg = BUF_INIT;
    size_t n = g->depth < MAX_DEPTH ? g->depth : MAX_DEPTH;
    va_list ap;
    if (!g->lines)
        g->lines = json_lines_new(g->text.s, g->text.len);
    if (key) {
        g->path[n].key = key;
        g->path[n].index = 0;
        loc.line = json_lines_get(g->lines, g->path, n + 1);
    }
    if (!loc.line)
        loc.line = json_lines_get(g->lines, g->path, n);
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

int dg_find_col(const struct gtable *t, const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < t->ncols; i++)
        if (strlen(t->cols[i].name) == len && !memcmp(t->cols[i].name, name, len))
            return (int)i;
    return -1;
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

void dg_wordlist_free(struct wordlist *l)
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
    if (!file_inside(g->dir, path)) { /* a symlink to ~/.aws/credentials, say */
        dg_error(g, key,
                 "word list '%s' must be a regular file inside the schema folder "
                 "(symlinks are resolved)",
                 name);
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
            dg_wordlist_free(l);
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
        int c = dg_find_col(&g->t[t], s, n);
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

/* ---- Parsing generators ---- */

static struct gen *parse_gen(struct dg *g, const cJSON *spec, const char *purpose, int in_template);

void dg_gen_free(struct gen *x)
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
        dg_gen_free(x->parts[i]);
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

/* The exponent `s` of a zipf distribution (default 1): 0 or -1 after an error. */
static int get_zipf_s(struct dg *g, const cJSON *o, double *s)
{
    *s = 1;
    if (get_num(g, o, "s", s) < 0)
        return -1;
    if (!(*s > 0) || *s > 10)
        return dg_error(g, "s", "'s' must be in (0, 10]");
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
    dg_push(g, "shift", 0);
    cJSON_ArrayForEach(it, sh)
    {
        struct shift *s = &x->shifts[x->nshifts];
        const char *col;
        const cJSON *vals;
        dg_push(g, NULL, i++);
        if (!cJSON_IsObject(it)) {
            bad = dg_error(g, NULL, "a shift term must be an object");
            dg_pop(g);
            continue;
        }
        check_keys(g, it, keys);
        col = get_str(g, it, "column");
        if (!col || parse_path(g, "column", col, strlen(col), &s->col) < 0) {
            if (!col && !member(it, "column"))
                dg_error(g, NULL, "a shift term needs 'column'");
            bad = -1;
            dg_pop(g);
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
        dg_pop(g);
    }
    dg_pop(g);
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
        if (get_zipf_s(g, o, &x->p1) < 0)
            bad = -1;
        else if (x->kind != GK_INT)
            bad = dg_error(g, "dist", "a zipf distribution is for int columns");
        else if (!bad && x->max - x->min >= MAX_ZIPF)
            bad = dg_error(g, "max", "a zipf range holds at most %d values", MAX_ZIPF);
        else if (!bad) {
            x->ncdf = (size_t)(x->max - x->min) + 1;
            x->cdf = det_zipf_cdf(x->ncdf, x->p1);
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
    if (civil_parse_ymd(s, strlen(s), out) < 0)
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
        double s;
        if (get_zipf_s(g, o, &s) < 0)
            return -1;
        x->cum = det_zipf_cdf(x->nvals, s);
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
    pc = dg_find_col(&g->t[pt], cname, strlen(cname));
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
        if (get_zipf_s(g, o, &x->p1) < 0)
            bad = -1;
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
        if (g->nesting >= MAX_NESTING)
            return dg_error(g, "parts", "templates nested too deep (at most %d levels)",
                            MAX_NESTING);
        g->nesting++;
        x->parts = xcalloc((size_t)cJSON_GetArraySize(parts) + 1, sizeof(*x->parts));
        x->part_names = xcalloc((size_t)cJSON_GetArraySize(parts) + 1, sizeof(*x->part_names));
        dg_push(g, "parts", 0);
        cJSON_ArrayForEach(it, parts)
        {
            struct buf pp = BUF_INIT;
            buf_addf(&pp, "%s/part:%s", purpose, it->string);
            dg_push(g, it->string, 0);
            x->parts[x->nparts] = parse_gen(g, it, pp.s, 1);
            if (!x->parts[x->nparts])
                bad = -1;
            dg_pop(g);
            buf_release(&pp);
            x->part_names[x->nparts++] = xstrdup(it->string);
        }
        dg_pop(g);
        g->nesting--;
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
        dg_gen_free(x);
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
        dg_gen_free(x);
        return NULL;
    }
    return x;
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
    dg_push(g, t->name, 0);
    check_keys(g, t->spec, keys);
    if (get_int(g, t->spec, "rows", &rows) == 0)
        dg_error(g, NULL, "table '%s' needs 'rows'", t->name);
    else if (rows < 1 || rows > 100000000)
        dg_error(g, "rows", "'rows' must be 1 to 100000000");
    t->rows = rows > 0 ? (uint64_t)rows : 1;
    get_bool(g, t->spec, "fixed", &t->fixed);
    if (!cJSON_IsObject(cols)) {
        dg_error(g, cols ? "columns" : NULL, "table '%s' needs 'columns', an object", t->name);
        dg_pop(g);
        return;
    }
    dg_push(g, "columns", 0);
    t->order = xcalloc(t->ncols + 1, sizeof(*t->order));
    cJSON_ArrayForEach(it, cols)
    {
        int c = dg_find_col(t, it->string, strlen(it->string));
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
    dg_pop(g);
    dg_pop(g);
}

/* Parses the columns of table ti (its parents are parsed already, for ref types). */
static void parse_columns(struct dg *g, size_t ti)
{
    struct gtable *t = &g->t[ti];
    size_t k;
    dg_push(g, t->name, 0);
    dg_push(g, "columns", 0);
    for (k = 0; k < t->norder; k++) {
        struct gcol *c = &t->cols[t->order[k]];
        int type;
        g->cur_table = ti;
        g->cur_col = t->order[k];
        dg_push(g, c->name, 0);
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
            /* a BLOB (or untyped) column takes anything */
            if (type && ((c->affinity == AFF_INTEGER && type != SQLITE_INTEGER) ||
                         (c->affinity == AFF_REAL && type == SQLITE_TEXT) ||
                         (c->affinity == AFF_NUMERIC && type == SQLITE_TEXT) ||
                         (c->affinity == AFF_TEXT && type != SQLITE_TEXT)))
                dg_error(g, "gen", "wrong type: column '%s' is %s but '%s' gives %s", c->name,
                         c->affinity == AFF_INTEGER ? "INTEGER"
                         : c->affinity == AFF_REAL  ? "REAL"
                         : c->affinity == AFF_TEXT  ? "TEXT"
                                                    : "NUMERIC",
                         cJSON_GetStringValue(member(c->spec, "gen")), type_name(type));
        }
        dg_pop(g);
    }
    dg_pop(g);
    dg_pop(g);
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
        dg_push(g, t->name, 0);
        dg_error(g, NULL, "tables reference each other in a cycle through '%s'", t->name);
        dg_pop(g);
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
            int c = dg_find_col(t, it->string, strlen(it->string));
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

int dg_check_spec(struct dg *g, size_t *order)
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
    dg_push(g, "tables", 0);
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
    dg_pop(g);
    return g->nerr ? -1 : 0;
}
