/* report_depth: accuracy against the relative depth of each gold row's source line in the
 * context (issue 16, item 5): lost-in-the-middle effects per gold row, not only per instance
 * position strategy.
 *
 * A gold row's source line is the first relevant line (a line whose provenance `rows` names
 * one of the query's `tables`) that holds every non-NULL cell of the row as a whole word
 * (text as is, numbers in their shortest form, integers without ".0").  Rows of a single
 * number (counts, sums, averages: no one line holds them) and rows no line holds whole (a
 * join's row spans lines, a computed value) have no source line and are counted apart
 * ("unplaced").  Depth = (line - 1) / (lines - 1), in ten bins of 10% (the last holds 1).
 * Each labelled gold row of a scored instance adds its label to its bin: the bin's score is
 * the mean of exact 1, partial 1/2, none 0, with a 95% bootstrap interval clustered by query
 * id as everywhere in the report.
 *
 * The labels come from the run (read with the records, report.c); the lines from the suite,
 * in the same pass that reads the drill-down's questions (report_html.c). */
#include "buf.h"
#include "prng.h"
#include "report_int.h"
#include "suite.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

const char report_depth_legend[] =
    "Each labelled gold row is placed at its source line: the first line of the query's\n"
    "tables that holds every non-NULL cell of the row as a whole word.  Depth = the line's\n"
    "place in the context, 0% the first line, 100% the last.  Rows of a single number (a\n"
    "count, sum or average) and rows no one line holds (a join's, a computed value) are\n"
    "unplaced.  A cell: mean label (exact 1, partial 1/2, none 0) [95% interval, bootstrap\n"
    "clustered by query id] (n gold rows: exact/partial/none).";

/* ---- the index of the instances to place ---------------------------------------------------- */

struct depth_ent {
    const char *id;
    uint32_t run, rec;
};

/* Entries sorted by id; tab an open-addressing table of the first entry of each id + 1 (0
 * empty), so that a suite line costs one hash, not a binary search of string compares. */
struct depth_index {
    struct report *R;
    struct depth_ent *e;
    size_t n;
    uint32_t *tab;
    size_t cap;      /* a power of two, at least twice the entries */
    struct buf text; /* scratch: the current context, unescaped */
};

static int cmp_ent(const void *pa, const void *pb)
{
    const struct depth_ent *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->run > b->run) - (a->run < b->run);
}

static void index_hash(struct depth_index *x)
{
    size_t k, h;
    for (x->cap = 16; x->cap < 2 * x->n; x->cap *= 2)
        ;
    x->tab = xcalloc(x->cap, sizeof(*x->tab));
    for (k = 0; k < x->n; k++) {
        if (k && !strcmp(x->e[k].id, x->e[k - 1].id))
            continue;
        for (h = hash64(x->e[k].id, strlen(x->e[k].id)) & (x->cap - 1); x->tab[h];
             h = (h + 1) & (x->cap - 1))
            ;
        x->tab[h] = (uint32_t)k + 1;
    }
}

struct depth_index *report_depth_index(struct report *R, const char *path)
{
    struct depth_index *x = xcalloc(1, sizeof(*x));
    size_t i, k, alloc = 0;
    x->R = R;
    x->text = (struct buf)BUF_INIT;
    for (i = 0; i < R->nruns; i++) {
        struct report_run *r = &R->runs[i];
        const char *p = R->o->suite ? R->o->suite : r->suite_path;
        if (!p || strcmp(p, path))
            continue;
        for (k = 0; k < r->n; k++) { /* unlabelled ones too: the modes count every score */
            ALLOC_GROW(x->e, x->n + 1, alloc);
            x->e[x->n].id = r->answered[r->rec[k].ans];
            x->e[x->n].run = (uint32_t)i;
            x->e[x->n++].rec = (uint32_t)k;
        }
    }
    if (x->n)
        qsort(x->e, x->n, sizeof(*x->e), cmp_ent);
    index_hash(x);
    return x;
}

void report_depth_index_free(struct depth_index *x)
{
    if (!x)
        return;
    free(x->e);
    free(x->tab);
    buf_release(&x->text);
    free(x);
}

size_t report_depth_count(const struct depth_index *x)
{
    return x ? x->n : 0;
}

/* The first entry of id, or x->n when none. */
size_t report_depth_find(const struct depth_index *x, const char *id, size_t len)
{
    size_t h;
    if (!x || !x->n)
        return 0;
    for (h = hash64(id, len) & (x->cap - 1); x->tab[h]; h = (h + 1) & (x->cap - 1)) {
        const char *s = x->e[x->tab[h] - 1].id;
        if (!strncmp(s, id, len) && !s[len])
            return x->tab[h] - 1;
    }
    return x->n;
}

/* ---- placing gold rows ---------------------------------------------------------------------- */

static int is_word(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Whether line holds w as a whole word (no ASCII letter or digit either side). */
static int holds(const char *line, const char *w, size_t wlen)
{
    const char *p = line;
    if (!wlen)
        return 1;
    while ((p = strstr(p, w))) {
        if ((p == line || !is_word((unsigned char)p[-1])) && !is_word((unsigned char)p[wlen]))
            return 1;
        p++;
    }
    return 0;
}

/* A cell as the lines spell it: text as is; an integral number without a fraction; another
 * number in the shortest form that reads back the same.  0 for NULL (not looked for). */
static int cell_text(const cJSON *v, char *tmp, size_t cap, const char **out)
{
    int prec;
    if (cJSON_IsString(v)) {
        *out = v->valuestring;
        return 1;
    }
    if (!cJSON_IsNumber(v)) {
        if (cJSON_IsBool(v))
            *out = cJSON_IsTrue(v) ? "1" : "0";
        return cJSON_IsBool(v) ? 2 : 0;
    }
    *out = tmp;
    if (v->valuedouble == floor(v->valuedouble) && fabs(v->valuedouble) < 1e15) {
        snprintf(tmp, cap, "%.0f", v->valuedouble);
        return 2;
    }
    for (prec = 1; prec <= 17; prec++) {
        snprintf(tmp, cap, "%.*g", prec, v->valuedouble);
        if (strtod(tmp, NULL) == v->valuedouble)
            break;
    }
    return 2;
}

/* The source line (0-based) of a gold row among the relevant lines, or -1. */
static long source_line(const cJSON *row, char **lines, const uint32_t *rel, size_t nrel)
{
    const char *cells[64];
    char tmp[64][40];
    size_t nc = 0, i, k;
    int numeric = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, row)
    {
        int kind;
        if (nc == 64)
            return -1;
        kind = cell_text(v, tmp[nc], sizeof(tmp[nc]), &cells[nc]);
        if (!kind)
            continue;
        numeric += kind == 2;
        nc++;
    }
    if (!nc || (nc == 1 && numeric))
        return -1;
    for (i = 0; i < nrel; i++) {
        for (k = 0; k < nc && holds(lines[rel[i]], cells[k], strlen(cells[k])); k++)
            ;
        if (k == nc)
            return rel[i];
    }
    return -1;
}

/* Appends the UTF-8 of code point c. */
static void put_utf8(struct buf *b, unsigned long c)
{
    if (c < 0x80) {
        buf_addch(b, (char)c);
    } else if (c < 0x800) {
        buf_addch(b, (char)(0xC0 | (c >> 6)));
        buf_addch(b, (char)(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        buf_addch(b, (char)(0xE0 | (c >> 12)));
        buf_addch(b, (char)(0x80 | ((c >> 6) & 0x3F)));
        buf_addch(b, (char)(0x80 | (c & 0x3F)));
    } else {
        buf_addch(b, (char)(0xF0 | (c >> 18)));
        buf_addch(b, (char)(0x80 | ((c >> 12) & 0x3F)));
        buf_addch(b, (char)(0x80 | ((c >> 6) & 0x3F)));
        buf_addch(b, (char)(0x80 | (c & 0x3F)));
    }
}

static int hex4(const char *p, const char *end, unsigned long *out)
{
    int k;
    *out = 0;
    if (end - p < 4)
        return -1;
    for (k = 0; k < 4; k++) {
        int c = p[k];
        int v = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (v < 0)
            return -1;
        *out = *out * 16 + (unsigned long)v;
    }
    return 0;
}

static const char simple_escape[128] = {['n'] = '\n', ['t'] = '\t', ['r'] = '\r',  ['b'] = '\b',
                                        ['f'] = '\f', ['"'] = '"',  ['\\'] = '\\', ['/'] = '/'};

/* A JSON string's contents (no quotes) unescaped into out; -1 when malformed.  Without a
 * tree: a context is the bulk of a suite line. */
static int unescape(const char *p, size_t len, struct buf *out)
{
    const char *end = p + len;
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        unsigned long c, lo;
        if (!bs) {
            buf_add(out, p, (size_t)(end - p));
            return 0;
        }
        buf_add(out, p, (size_t)(bs - p));
        if (bs + 1 >= end)
            return -1;
        p = bs + 2;
        if (bs[1] != 'u') {
            if ((unsigned char)bs[1] >= 128 || !simple_escape[(unsigned char)bs[1]])
                return -1;
            buf_addch(out, simple_escape[(unsigned char)bs[1]]);
            continue;
        }
        if (hex4(p, end, &c) < 0)
            return -1;
        p += 4;
        if (c >= 0xD800 && c < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
            !hex4(p + 2, end, &lo) && lo >= 0xDC00 && lo < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
        }
        put_utf8(out, c);
    }
    return 0;
}

/* The context's lines, unescaped into `store` (reset first) and split in place; the count,
 * 0 when the text is malformed.  *lines is the caller's to free. */
static size_t split_context(const char *ctx, size_t len, struct buf *store, char ***lines)
{
    size_t n = 0, alloc = 0;
    char *p;
    buf_reset(store);
    *lines = NULL;
    if (!ctx || unescape(ctx, len, store) < 0)
        return 0;
    for (p = store->s;;) {
        char *nl = memchr(p, '\n', store->len - (size_t)(p - store->s));
        ALLOC_GROW(*lines, n + 1, alloc);
        (*lines)[n++] = p;
        if (!nl)
            return n;
        *nl = '\0';
        p = nl + 1;
    }
}

static int is_table(const cJSON *tables, const char *name, size_t len)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, tables)
    {
        if (cJSON_IsString(x) && strlen(x->valuestring) == len &&
            !memcmp(x->valuestring, name, len))
            return 1;
    }
    return 0;
}

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    return p;
}

/* The relevant lines (0-based), from the provenance `[[table, key], ...]` read without a
 * tree (a context has thousands of lines); the count of entries, or 0 when the text is not
 * such an array (or a table name has an escape, which no holobench table has). */
static size_t relevant_lines(const cJSON *tables, const char *rows, size_t len, uint32_t **rel,
                             size_t *nrel)
{
    const char *p = rows, *end = rows + len;
    size_t line = 0, alloc = 0;
    *rel = NULL;
    *nrel = 0;
    if (!rows || !len || *p != '[')
        return 0;
    p = skip_space(p + 1, end);
    while (p < end && *p == '[') {
        const char *entry = p, *name, *q;
        p = skip_space(p + 1, end);
        if (p >= end || *p != '"')
            return 0;
        name = p + 1;
        if (!(q = memchr(name, '"', (size_t)(end - name))) ||
            memchr(name, '\\', (size_t)(q - name)))
            return 0;
        if (is_table(tables, name, (size_t)(q - name))) {
            ALLOC_GROW(*rel, *nrel + 1, alloc);
            (*rel)[(*nrel)++] = (uint32_t)line;
        }
        line++;
        if (!(p = json_skip_value(entry, end))) /* the whole [table, key] */
            return 0;
        p = skip_space(p, end);
        if (p < end && *p == ',')
            p = skip_space(p + 1, end);
        else
            return p < end && *p == ']' ? line : 0;
    }
    return 0;
}

static void add_row(struct report_run *r, const struct report_rec *x, int bin, uint8_t label)
{
    static const double value[NLABEL] = {1, 0.5, 0};
    struct run_depth *d = &r->depth;
    d->rows++;
    if (bin < 0) {
        d->unplaced++;
        return;
    }
    d->lab[bin][label]++;
    ALLOC_GROW(d->parts, d->nparts + 1, d->aparts);
    d->parts[d->nparts].cell = (uint32_t)bin;
    d->parts[d->nparts].cluster = x->cl;
    d->parts[d->nparts].sum = value[label];
    d->parts[d->nparts++].n = 1;
}

void report_depth_take(struct depth_index *x, size_t first, const cJSON *head,
                       const struct instance_text *big)
{
    const cJSON *gold = cJSON_GetObjectItemCaseSensitive(head, "gold");
    const cJSON *grows = cJSON_GetObjectItemCaseSensitive(gold, "rows"), *row;
    const cJSON *tables = cJSON_GetObjectItemCaseSensitive(head, "tables");
    char **lines = NULL;
    uint32_t *rel = NULL;
    size_t nrel, nprov, nlines, i, k, last, most = 0;
    int bins[MAX_LABELS];
    for (last = first; last < x->n && !strcmp(x->e[last].id, x->e[first].id); last++) {
        const struct report_rec *rc = &x->R->runs[x->e[last].run].rec[x->e[last].rec];
        if (rc->nlab > most)
            most = rc->nlab;
    }
    nprov = relevant_lines(tables, big->rows, big->rows_len, &rel, &nrel);
    nlines = split_context(big->context, big->context_len, &x->text, &lines);
    k = 0;
    cJSON_ArrayForEach(row, grows)
    {
        if (k == most)
            break;
        /* a context whose lines and provenance disagree places nothing */
        bins[k++] = nlines && nlines == nprov ? (int)source_line(row, lines, rel, nrel) : -1;
        if (bins[k - 1] >= 0) {
            double depth = nlines > 1 ? (double)bins[k - 1] / (double)(nlines - 1) : 0.0;
            int b = (int)(depth * NDEPTH);
            bins[k - 1] = b >= NDEPTH ? NDEPTH - 1 : b;
        }
    }
    for (; k < most; k++) /* labels beyond the gold rows: nothing to place */
        bins[k] = -1;
    for (i = first; i < last; i++) {
        struct report_run *r = &x->R->runs[x->e[i].run];
        const struct report_rec *rc = &r->rec[x->e[i].rec];
        for (k = 0; k < rc->nlab; k++)
            add_row(r, rc, bins[k], r->labs[rc->lab + k]);
        report_mode_take(r, rc, head);
    }
    free(rel);
    free(lines);
}

/* ---- intervals ---------------------------------------------------------------------------- */

void report_depth_finish(struct report *R)
{
    size_t i;
    for (i = 0; i < R->nruns; i++) {
        struct run_depth *d = &R->runs[i].depth;
        if (!d->nparts)
            continue;
        d->nparts = report_merge_parts(d->parts, d->nparts);
        stats_boot(d->parts, d->nparts, NDEPTH, R->runs[i].ncl, report_reps(d->nparts), REPORT_SEED,
                   d->ci);
    }
}

void report_depth_free(struct run_depth *d)
{
    free(d->parts);
}

/* ---- the table --------------------------------------------------------------------------------
 */

uint64_t report_depth_n(const struct run_depth *d, size_t bin)
{
    return d->lab[bin][L_EXACT] + d->lab[bin][L_PARTIAL] + d->lab[bin][L_NONE];
}

double report_depth_score(const struct run_depth *d, size_t bin)
{
    uint64_t n = report_depth_n(d, bin);
    return n ? ((double)d->lab[bin][L_EXACT] + 0.5 * (double)d->lab[bin][L_PARTIAL]) / (double)n
             : NAN;
}

int report_any_depth(const struct report *R)
{
    size_t i;
    for (i = 0; i < R->nruns; i++)
        if (R->runs[i].depth.rows > R->runs[i].depth.unplaced)
            return 1;
    return 0;
}

static struct rtable *depth_table(const struct report *R)
{
    struct rtable *t = rtable_new(R->nruns + 1, "Score by depth of each gold row's source line");
    size_t i, b;
    rtable_cell(t, NAN, "depth");
    for (i = 0; i < R->nruns; i++)
        rtable_cell(t, NAN, "%s", R->runs[i].label);
    for (b = 0; b < NDEPTH; b++) {
        rtable_cell(t, NAN, "%zu-%zu%%", b * 100 / NDEPTH, (b + 1) * 100 / NDEPTH);
        for (i = 0; i < R->nruns; i++) {
            const struct run_depth *d = &R->runs[i].depth;
            uint64_t n = report_depth_n(d, b);
            double s = report_depth_score(d, b);
            if (!n) {
                rtable_cell(t, NAN, "-");
                continue;
            }
            if (d->ci[b].has_ci)
                rtable_cell(t, s, "%.3f [%.3f, %.3f] (%llu: %llu/%llu/%llu)", s, d->ci[b].lo,
                            d->ci[b].hi, (unsigned long long)n,
                            (unsigned long long)d->lab[b][L_EXACT],
                            (unsigned long long)d->lab[b][L_PARTIAL],
                            (unsigned long long)d->lab[b][L_NONE]);
            else
                rtable_cell(t, s, "%.3f (%llu: %llu/%llu/%llu)", s, (unsigned long long)n,
                            (unsigned long long)d->lab[b][L_EXACT],
                            (unsigned long long)d->lab[b][L_PARTIAL],
                            (unsigned long long)d->lab[b][L_NONE]);
        }
    }
    rtable_cell(t, NAN, "unplaced");
    for (i = 0; i < R->nruns; i++) {
        const struct run_depth *d = &R->runs[i].depth;
        if (d->read)
            rtable_cell(t, NAN, "%llu of %llu rows", (unsigned long long)d->unplaced,
                        (unsigned long long)d->rows);
        else
            rtable_cell(t, NAN, "suite not read");
    }
    return t;
}

void report_emit_depth(const struct report_out *w)
{
    if (!report_any_depth(w->R))
        return;
    rtable_emit(w, depth_table(w->R));
}

/* ---- as data ----------------------------------------------------------------------------------
 */

static void put_num(cJSON *o, const char *key, double v)
{
    if (isnan(v))
        cJSON_AddNullToObject(o, key);
    else
        cJSON_AddNumberToObject(o, key, v);
}

cJSON *report_depth_json(const struct run_depth *d)
{
    cJSON *o, *bins;
    size_t b;
    if (!d->read)
        return cJSON_CreateNull();
    o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "rule",
                            "a gold row's source line is the first line of the query's tables "
                            "holding every non-NULL cell as a whole word; depth = (line - 1) / "
                            "(lines - 1); score = mean of exact 1, partial 0.5, none 0; interval "
                            "a 95% bootstrap clustered by query id");
    cJSON_AddNumberToObject(o, "rows", (double)d->rows);
    cJSON_AddNumberToObject(o, "rows_unplaced", (double)d->unplaced);
    bins = cJSON_AddArrayToObject(o, "bins");
    for (b = 0; b < NDEPTH; b++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddNumberToObject(x, "from", (double)b / NDEPTH);
        cJSON_AddNumberToObject(x, "to", (double)(b + 1) / NDEPTH);
        cJSON_AddNumberToObject(x, "n", (double)report_depth_n(d, b));
        cJSON_AddNumberToObject(x, "exact", (double)d->lab[b][L_EXACT]);
        cJSON_AddNumberToObject(x, "partial", (double)d->lab[b][L_PARTIAL]);
        cJSON_AddNumberToObject(x, "none", (double)d->lab[b][L_NONE]);
        put_num(x, "score", report_depth_score(d, b));
        put_num(x, "ci_low", d->ci[b].has_ci ? d->ci[b].lo : NAN);
        put_num(x, "ci_high", d->ci[b].has_ci ? d->ci[b].hi : NAN);
        cJSON_AddNumberToObject(x, "queries", (double)d->ci[b].clusters);
        cJSON_AddItemToArray(bins, x);
    }
    return o;
}
