/* score_json.c: reads a structured answer (`run --prompt answer-json`) exactly — one JSON
 * object whose "rows" holds an object per answer row, keyed by the gold's fields
 * (structured.h) — and labels each gold row; the rules are in score.h. */
#include "score_int.h"

#include "parallel.h"
#include "structured.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* The reply's rows: its "rows" member, or the reply itself when it is an array.  A code
 * fence around the JSON is allowed (servers without schema support add one). */
static cJSON *parse_rows(const char *reply, cJSON **root)
{
    const char *b = reply, *e = reply + strlen(reply), *nl;
    cJSON *rows;
    while (b < e && strchr(" \t\r\n", *b))
        b++;
    while (e > b && strchr(" \t\r\n", e[-1]))
        e--;
    if (e - b >= 6 && !strncmp(b, "```", 3) && !strncmp(e - 3, "```", 3) &&
        (nl = memchr(b, '\n', (size_t)(e - b))) && nl < e - 3)
        b = nl + 1, e -= 3;
    *root = parallel_json_parse(b, (size_t)(e - b), NULL);
    rows = cJSON_IsArray(*root) ? *root : cJSON_GetObjectItemCaseSensitive(*root, "rows");
    return cJSON_IsArray(rows) ? rows : NULL;
}

/* A string that is wholly a number, such as "38" or " 12.5". */
static int whole_number(const char *s, double *v)
{
    char *end;
    while (*s == ' ')
        s++;
    if (!*s)
        return 0;
    *v = strtod(s, &end);
    while (*end == ' ')
        end++;
    return !*end && isfinite(*v);
}

static int num_eq(const struct scorer *s, double got, double want)
{
    return value_match(s, got, written_unit(got), want);
}

/* One cell, exactly: the same JSON value, numbers within the scorer's tolerance (integers
 * exactly), text equal once folded (case, diacritics, spaces), dates as dates.  A number
 * written as a string, or the reverse, is the same value; a missing field is not a NULL. */
static int cell_eq(const struct scorer *s, const cJSON *g, const cJSON *a, struct buf *t1,
                   struct buf *t2)
{
    double v;
    int64_t d1[2], d2[2];
    int n1, n2, o1, o2;
    if (!a)
        return 0;
    if (cJSON_IsNull(g))
        return cJSON_IsNull(a);
    if (cJSON_IsBool(g))
        return cJSON_IsBool(a) ? cJSON_IsTrue(a) == cJSON_IsTrue(g)
                               : cJSON_IsNumber(a) && a->valuedouble == cJSON_IsTrue(g);
    if (cJSON_IsNumber(g))
        return cJSON_IsNumber(a) ? num_eq(s, a->valuedouble, g->valuedouble)
               : cJSON_IsString(a)
                   ? whole_number(a->valuestring, &v) && num_eq(s, v, g->valuedouble)
                   : 0;
    if (!cJSON_IsString(g))
        return 0;
    if (cJSON_IsNumber(a))
        return whole_number(g->valuestring, &v) && num_eq(s, a->valuedouble, v);
    if (!cJSON_IsString(a))
        return 0;
    if ((n1 = date_readings(g->valuestring, d1, &o1)) &&
        (n2 = date_readings(a->valuestring, d2, &o2)))
        return d1[0] == d2[0] || (n1 > 1 && d1[1] == d2[0]) || (n2 > 1 && d1[0] == d2[1]) ||
               (n1 > 1 && n2 > 1 && d1[1] == d2[1]);
    text_norm(g->valuestring, strlen(g->valuestring), t1, NULL);
    text_norm(a->valuestring, strlen(a->valuestring), t2, NULL);
    return t1->len == t2->len && !memcmp(t1->s, t2->s, t1->len);
}

/* The value of column k in an answer row: by its field, else by the column's own name, else
 * either without regard to case. */
static const cJSON *field_of(const cJSON *row, const cJSON *field, const cJSON *column)
{
    const char *f = field ? field->valuestring : "", *c = cJSON_GetStringValue(column);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, f), *m;
    if (!v && c)
        v = cJSON_GetObjectItemCaseSensitive(row, c);
    cJSON_ArrayForEach(m, row)
    {
        if (v)
            break;
        if (m->string && (!strcasecmp(m->string, f) || (c && !strcasecmp(m->string, c))))
            v = m;
    }
    return v;
}

/* The cell that identifies a gold row, as score.c chooses it: the first text cell, else the
 * first that is not NULL; -1 for a row of NULLs. */
static int key_of(const cJSON *row)
{
    const cJSON *c;
    int i = 0, any = -1;
    cJSON_ArrayForEach(c, row)
    {
        if (cJSON_IsString(c))
            return i;
        if (any < 0 && !cJSON_IsNull(c))
            any = i;
        i++;
    }
    return any;
}

struct sj {
    const struct scorer *s;
    const cJSON *cols, *fields, *ans;
    struct buf t1, t2;
};

/* Bit k set: column k of the gold row differs in the answer row (first 32 columns); -1 when
 * the answer row is not an object. */
static long differ(struct sj *J, const cJSON *grow, const cJSON *arow)
{
    const cJSON *g, *f = J->fields->child, *c = J->cols ? J->cols->child : NULL;
    long bits = 0;
    int k = 0;
    if (!cJSON_IsObject(arow))
        return -1;
    for (g = grow ? grow->child : NULL; g; g = g->next, k++) {
        if (!cell_eq(J->s, g, field_of(arow, f, c), &J->t1, &J->t2))
            bits |= k < 31 ? 1L << k : 1L << 31;
        f = f ? f->next : NULL;
        c = c ? c->next : NULL;
    }
    return bits;
}

static void say_columns(struct buf *b, const cJSON *cols, long bits)
{
    int k, first = 1;
    for (k = 0; k < 32; k++) {
        const char *c = cJSON_GetStringValue(cJSON_GetArrayItem(cols, k));
        if (!(bits & (1L << k)))
            continue;
        buf_addf(b, "%s%s", first ? "" : ", ", c ? c : "a cell");
        first = 0;
    }
}

/* Labels gold row i; `taken` marks answer rows already given to a gold row. */
static void label_row(struct sj *J, const cJSON *grow, size_t i, int ordered, unsigned char *taken,
                      unsigned char *named, struct score_result *out)
{
    size_t n = (size_t)cJSON_GetArraySize(J->ans), j, first;
    int key = key_of(grow);
    long best = -1, bits = 0;
    struct buf b = BUF_INIT;
    /* ordered gold: the row at the gold's own rank first */
    first = ordered && i < n ? i : 0;
    for (j = 0; j < n; j++) {
        size_t k = (first + j) % n;
        if (!taken[k] && differ(J, grow, cJSON_GetArrayItem(J->ans, (int)k)) == 0) {
            best = (long)k;
            break;
        }
    }
    if (best >= 0) {
        taken[best] = named[best] = 1;
        out->labels[i] = ordered && (size_t)best != i ? LABEL_PARTIAL : LABEL_EXACT;
        buf_addf(&b, "row %ld holds every cell", best + 1);
        if (out->labels[i] == LABEL_PARTIAL)
            buf_addf(&b, " but is at rank %ld, the gold's is %zu", best + 1, i + 1);
    } else if (key < 0) {
        out->labels[i] = n ? LABEL_NONE : LABEL_EXACT;
        buf_adds(&b, n ? "a row of NULLs, and no answer row is all null"
                       : "a row of NULLs, and the answer has no rows");
    } else {
        for (j = 0; j < n && best < 0; j++) {
            long d = differ(J, grow, cJSON_GetArrayItem(J->ans, (int)j));
            if (d >= 0 && !(d & (1L << (key < 31 ? key : 31))))
                best = (long)j, bits = d;
        }
        out->labels[i] = best >= 0 ? LABEL_PARTIAL : LABEL_NONE;
        if (best >= 0) {
            named[best] = 1;
            buf_addf(&b, "row %ld names it but differs in ", best + 1);
            say_columns(&b, J->cols, bits);
        } else {
            buf_adds(&b, n ? "no answer row names it" : "the answer has no rows");
        }
    }
    out->why[i] = buf_detach(&b, NULL);
}

/* Answer rows naming a gold row past the scored ones still name a gold row (precision). */
static void name_beyond(struct sj *J, const cJSON *rows, size_t from, unsigned char *named)
{
    const cJSON *row = cJSON_GetArrayItem(rows, (int)from);
    size_t j, n = (size_t)cJSON_GetArraySize(J->ans), k;
    for (k = from; row && k < 10000; row = row->next, k++) {
        int key = key_of(row);
        for (j = 0; key >= 0 && j < n; j++) {
            long d = named[j] ? 0 : differ(J, row, cJSON_GetArrayItem(J->ans, (int)j));
            if (!named[j] && d >= 0 && !(d & (1L << (key < 31 ? key : 31))))
                named[j] = 1;
        }
    }
}

int score_structured(struct scorer *s, const char *reply, const cJSON *gold,
                     struct score_result *out)
{
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows"), *row;
    cJSON *root = NULL;
    struct sj J;
    size_t nrows = (size_t)cJSON_GetArraySize(rows), n, i, named_n = 0;
    unsigned char *taken, *named;
    int ordered = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ordered"));
    double sum = 0;
    memset(&J, 0, sizeof(J));
    if (!(J.ans = parse_rows(reply ? reply : "", &root))) {
        cJSON_Delete(root);
        return 1;
    }
    memset(out, 0, sizeof(*out));
    J.s = s;
    J.cols = cJSON_GetObjectItemCaseSensitive(gold, "columns");
    J.fields = answer_fields(J.cols);
    J.t1 = (struct buf)BUF_INIT, J.t2 = (struct buf)BUF_INIT;
    n = (size_t)cJSON_GetArraySize(J.ans);
    out->extraction = "structured";
    out->order_ok = -1;
    out->items = (int)n;
    out->says_none = n == 0;
    out->nlabels = nrows < (size_t)s->o.max_rows ? nrows : (size_t)s->o.max_rows;
    out->labels = xcalloc(out->nlabels + 1, 1);
    out->why = xcalloc(out->nlabels + 1, sizeof(char *));
    taken = xcalloc(n + 1, 1);
    named = xcalloc(n + 1, 1);
    i = 0;
    cJSON_ArrayForEach(row, rows)
    {
        if (i >= out->nlabels)
            break;
        label_row(&J, row, i, ordered, taken, named, out);
        sum += out->labels[i] == LABEL_EXACT ? 1 : out->labels[i] == LABEL_PARTIAL ? 0.5 : 0;
        i++;
    }
    name_beyond(&J, rows, out->nlabels, named);
    for (i = 0; i < n; i++)
        named_n += named[i];
    if (!nrows) /* empty gold: right when the answer has no rows */
        out->score = out->recall = out->precision = out->f1 = n == 0;
    else {
        out->score = out->recall = sum / (double)out->nlabels;
        out->precision = n ? (double)named_n / (double)n : 0;
        out->f1 = out->recall + out->precision > 0
                      ? 2 * out->recall * out->precision / (out->recall + out->precision)
                      : 0;
    }
    out->unmatched = (int)(n - named_n);
    if (ordered && nrows) {
        out->order_ok = 1;
        for (i = 0; i < out->nlabels; i++)
            out->order_ok &= out->labels[i] == LABEL_EXACT;
    }
    free(taken);
    free(named);
    buf_release(&J.t1);
    buf_release(&J.t2);
    cJSON_Delete((cJSON *)J.fields);
    cJSON_Delete(root);
    return 0;
}
