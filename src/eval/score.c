/* score.c: the deterministic scorer — labels each gold row of an instance exact, partial or none
 * from the model's reply, without an LLM; the interface and its rules are in score.h. */
#include "score.h"

#include "buf.h"
#include "err.h"
#include "xalloc.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <math.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct scorer {
    struct score_opts o;
    pcre2_code *marker, *phrase, *none, *number, *bullet, *tablesep;
    pcre2_match_data *md;
};

void score_opts_default(struct score_opts *o)
{
    o->rel_tol = 0.005;
    o->abs_tol = 0.01;
    o->max_rows = 50;
}

static pcre2_code *compile(const char *pat)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *c =
        pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
    if (!c)
        BUG("bad built-in pattern at %zu: %s", (size_t)off, pat);
    pcre2_jit_compile(c, PCRE2_JIT_COMPLETE); /* where JIT is missing, the interpreter runs */
    return c;
}

struct scorer *scorer_new(const struct score_opts *o)
{
    struct scorer *s = xcalloc(1, sizeof(*s));
    if (o)
        s->o = *o;
    else
        score_opts_default(&s->o);
    /* the prompt's "Answer:" line, also in bold or as a heading */
    s->marker = compile("(?i)(?:\\b(?:final\\s+)?answer\\s*[*_]*\\s*[:\\x{FF1A}][*_]*|"
                        "(?m:^[ \\t#>*_]*(?:final\\s+)?answer[ \\t*_]*$))");
    s->phrase = compile("(?i)\\b(?:final\\s+)?answer\\s+is\\b\\s*:?");
    s->none = compile("(?:^|\\b)(?:no answer|none\\b|n/?a\\b|nothing\\b|no such\\b|"
                      "there (?:is|are|were|was) no\\b|no (?:\\w+ )?(?:match|result|record|row|"
                      "entr|item)|not (?:any|available)\\b|cannot be determined)");
    s->number = compile("(?<![\\w.])-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:e[-+]?\\d+)?");
    s->bullet = compile("^\\s*(?:[-*+\\x{2022}]|\\(?\\d{1,3}[.):])\\s+");
    s->tablesep = compile("^\\s*\\|?\\s*:?-{3,}");
    s->md = pcre2_match_data_create(8, NULL);
    return s;
}

void scorer_free(struct scorer *s)
{
    if (!s)
        return;
    pcre2_code_free(s->marker);
    pcre2_code_free(s->phrase);
    pcre2_code_free(s->none);
    pcre2_code_free(s->number);
    pcre2_code_free(s->bullet);
    pcre2_code_free(s->tablesep);
    pcre2_match_data_free(s->md);
    free(s);
}

void score_result_release(struct score_result *r)
{
    free(r->labels);
    r->labels = NULL;
}

/* ---- normalisation ------------------------------------------------------------------------- */

/* Latin Extended-A alternates upper/lower case by code point, in three runs. */
static unsigned latin_ext_lower(unsigned cp)
{
    if ((cp <= 0x137 || (cp >= 0x14A && cp <= 0x177)) && !(cp & 1))
        return cp + 1;
    if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && (cp & 1))
        return cp + 1;
    return cp == 0x178 ? 0xFF : cp;
}

/* Case folded (ASCII, Latin-1 and Latin Extended-A letters), Unicode spaces and dashes made ASCII,
 * curly quotes and Markdown emphasis dropped, whitespace collapsed. */
static void normalize(const char *s, size_t n, struct buf *out)
{
    size_t i = 0;
    int space = 1;
    buf_reset(out);
    buf_grow(out, n + 8); /* the output is never longer than the input: grow once */
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp = c;
        size_t len = 1;
        if (c >= 0xC0 && i + 1 < n) {
            len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (i + len > n)
                len = n - i;
            cp = len == 2   ? ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)
                 : len == 3 ? ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu)
                            : 0x10000;
        }
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
            (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F || cp == 0x3000) {
            if (!space)
                buf_addch(out, ' ');
            space = 1;
        } else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) {
            buf_addch(out, '-'), space = 0;
        } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x2032) {
            buf_addch(out, '\''), space = 0; /* one apostrophe for ’ and ' */
        } else if (cp == 0x201C || cp == 0x201D || cp == '"' || cp == 0xAB || cp == 0xBB ||
                   cp == '*' || cp == '`' || cp == '_') {
            /* dropped */
        } else if (cp < 0x80) {
            buf_addch(out, c >= 'A' && c <= 'Z' ? c + 32 : c), space = 0;
        } else if (cp >= 0x100 && cp <= 0x17F) { /* Latin Extended-A: pairs of cases */
            unsigned lo = latin_ext_lower(cp);
            buf_addch(out, (int)(0xC0 | (lo >> 6)));
            buf_addch(out, (int)(0x80 | (lo & 0x3F))), space = 0;
        } else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) { /* Latin-1 capitals */
            buf_addch(out, 0xC3);
            buf_addch(out, (int)(0x80 | ((cp + 32) & 0x3F))), space = 0;
        } else {
            buf_add(out, s + i, len), space = 0;
        }
        i += len;
    }
    while (out->len && out->s[out->len - 1] == ' ')
        buf_setlen(out, out->len - 1);
}

/* ---- extraction ------------------------------------------------------------------------------ */

/* The final answer: after the last answer marker, else after "the answer is", else the last
 * paragraph.  Sets *how. */
static void extract(struct scorer *s, const char *raw, struct buf *out, const char **how)
{
    struct buf lf = BUF_INIT; /* CR LF as LF, so that blank lines are seen */
    const char *reply = raw;
    size_t n = strlen(raw), at = 0, start = 0, i, k = 0;
    int found = 0;
    if (memchr(raw, '\r', n)) {
        buf_grow(&lf, n);
        for (i = 0; i < n; i++)
            if (raw[i] != '\r')
                lf.s[k++] = raw[i];
        buf_setlen(&lf, k);
        reply = lf.s;
        n = k;
    }
    while (at <= n && pcre2_match(s->marker, (PCRE2_SPTR)reply, n, at, 0, s->md, NULL) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        start = ov[1];
        at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        found = 1;
    }
    if (found) {
        *how = "answer-marker";
    } else {
        at = 0;
        while (at <= n && pcre2_match(s->phrase, (PCRE2_SPTR)reply, n, at, 0, s->md, NULL) > 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
            start = ov[1];
            at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
            found = 1;
        }
        *how = "answer-phrase";
    }
    if (!found) { /* the last paragraph */
        const char *p = reply + n;
        while (p > reply && (p[-1] == '\n' || p[-1] == ' ' || p[-1] == '\r'))
            p--;
        while (p > reply && !(p[-1] == '\n' && p - 1 > reply && p[-2] == '\n'))
            p--;
        start = (size_t)(p - reply);
        *how = "last-paragraph";
    }
    buf_reset(out);
    buf_add(out, reply + start, n - start);
    buf_release(&lf);
}

/* ---- items ----------------------------------------------------------------------------------- */

/* One item of the reply (score.h, step 3): a line, or a part of one. */
struct reply_item {
    char *text; /* normalised */
    double *nums;
    size_t nnums;
    int used; /* taken by an exact row */
    int hits; /* cells of any gold row found in it */
};

struct reply_items {
    struct reply_item *v;
    size_t n, alloc;
};

static void add_numbers(struct scorer *s, struct reply_item *it)
{
    size_t n = strlen(it->text), at = 0, alloc = 0;
    while (at < n && pcre2_match(s->number, (PCRE2_SPTR)it->text, n, at, 0, s->md, NULL) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        char tmp[64];
        size_t k = 0, i;
        for (i = ov[0]; i < ov[1] && k < sizeof(tmp) - 1; i++)
            if (it->text[i] != ',')
                tmp[k++] = it->text[i];
        tmp[k] = '\0';
        ALLOC_GROW(it->nums, it->nnums + 1, alloc);
        it->nums[it->nnums++] = strtod(tmp, NULL);
        at = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
}

static void add_item(struct scorer *s, struct reply_items *its, const char *p, size_t n)
{
    struct buf norm = BUF_INIT;
    struct reply_item *it;
    normalize(p, n, &norm);
    if (!norm.len) {
        buf_release(&norm);
        return;
    }
    ALLOC_GROW(its->v, its->n + 1, its->alloc);
    it = &its->v[its->n++];
    memset(it, 0, sizeof(*it));
    it->text = buf_detach(&norm, NULL);
    add_numbers(s, it);
}

static int is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* A text value as a whole word sequence of the item. */
static int has_text(const char *item, const char *want)
{
    size_t n = strlen(want);
    const char *p = item;
    if (!n)
        return 1;
    while ((p = strstr(p, want))) {
        int before =
            p == item || !is_word((unsigned char)p[-1]) || !is_word((unsigned char)want[0]);
        int after = !p[n] || !is_word((unsigned char)p[n]) || !is_word((unsigned char)want[n - 1]);
        if (before && after)
            return 1;
        p++;
    }
    return 0;
}

/* Is a gold value that itself holds ", " written in this line? */
static int comma_value_in(const char *p, size_t n, const cJSON *rows)
{
    struct buf line = BUF_INIT, v = BUF_INIT;
    const cJSON *row;
    int hit = 0;
    normalize(p, n, &line);
    for (row = rows ? rows->child : NULL; row && !hit; row = row->next) {
        const cJSON *c = row->child;
        if (!cJSON_IsString(c) || !strstr(c->valuestring, ", "))
            continue;
        normalize(c->valuestring, strlen(c->valuestring), &v);
        hit = has_text(line.s, v.s);
    }
    buf_release(&line);
    buf_release(&v);
    return hit;
}

/* A line of a list answer: parts split on ';' and, when every gold row is a single value,
 * on ", " too (with " and " before the last part of "A, B and C").  Multi-column rows keep
 * their line whole, since "Obmilo, 94" is one row. */
static void add_line(struct scorer *s, struct reply_items *its, const char *p, size_t n, int ncols,
                     size_t nrows, const cJSON *rows)
{
    const char *end = p + n;
    if (ncols == 1 && comma_value_in(p, n, rows))
        ncols = 0; /* "Smith, Jones & Co" is one value: keep the line whole */
    if (nrows < 2) {
        add_item(s, its, p, n);
        return;
    }
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p)), *stop = semi ? semi : end;
        const char *q = p;
        int commas = 0;
        while (ncols == 1 && q < stop) {
            const char *c = q, *next;
            while (c + 1 < stop && !(c[0] == ',' && c[1] == ' '))
                c++;
            if (c + 1 >= stop)
                break;
            add_item(s, its, q, (size_t)(c - q));
            next = c + 2;
            if (stop - next > 4 && !strncmp(next, "and ", 4))
                next += 4;
            q = next;
            commas = 1;
        }
        if (commas) { /* "B and C" at the end of a comma list */
            const char *a = q;
            while (a + 5 <= stop && strncmp(a, " and ", 5))
                a++;
            if (a + 5 <= stop) {
                add_item(s, its, q, (size_t)(a - q));
                q = a + 5;
            }
        }
        add_item(s, its, q, (size_t)(stop - q));
        p = semi ? semi + 1 : end;
    }
}

/* One item per line (bullets, numbering and table pipes removed; a table's header row is
 * not an answer), lines split into list parts by add_line(). */
static void split_items(struct scorer *s, const char *ans, int ncols, size_t nrows,
                        const cJSON *rows, struct reply_items *its)
{
    const char *p = ans;
    struct buf line = BUF_INIT;
    size_t prev_start = 0;
    int prev_table = 0;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p), i, skip = 0;
        int table = memchr(p, '|', len) != NULL;
        buf_reset(&line);
        buf_add(&line, p, len);
        for (i = 0; i < line.len; i++)
            if (line.s[i] == '|')
                line.s[i] = ' ';
        if (pcre2_match(s->tablesep, (PCRE2_SPTR)p, len, 0, 0, s->md, NULL) > 0) {
            if (prev_table) /* the line above was the header */
                while (its->n > prev_start)
                    free(its->v[--its->n].text), free(its->v[its->n].nums);
            prev_table = 0;
        } else {
            if (pcre2_match(s->bullet, (PCRE2_SPTR)line.s, line.len, 0, 0, s->md, NULL) > 0)
                skip = pcre2_get_ovector_pointer(s->md)[1];
            prev_start = its->n;
            prev_table = table;
            if (line.len > skip)
                add_line(s, its, line.s + skip, line.len - skip, table ? 0 : ncols, nrows, rows);
        }
        p = e ? e + 1 : p + len;
    }
    buf_release(&line);
}

static void free_items(struct reply_items *its)
{
    size_t i;
    for (i = 0; i < its->n; i++) {
        free(its->v[i].text);
        free(its->v[i].nums);
    }
    free(its->v);
}

/* ---- cells and rows ----------------------------------------------------------------------------
 */

static int has_number(const struct scorer *s, const struct reply_item *it, double want)
{
    size_t i;
    int integral = want == floor(want) && fabs(want) < 9e15;
    for (i = 0; i < it->nnums; i++) {
        double got = it->nums[i];
        if (integral ? got == want
                     : fabs(got - want) <= fmax(s->o.abs_tol, s->o.rel_tol * fabs(want)))
            return 1;
    }
    return 0;
}

/* How many of the row's required cells the item holds (NULLs are not required). */
static int cells_found(const struct scorer *s, const cJSON *row, const struct reply_item *it,
                       int *required, struct buf *tmp)
{
    const cJSON *c;
    int found = 0;
    *required = 0;
    cJSON_ArrayForEach(c, row)
    {
        if (cJSON_IsNull(c))
            continue;
        (*required)++;
        if (cJSON_IsNumber(c)) {
            found += has_number(s, it, c->valuedouble);
        } else if (cJSON_IsString(c)) {
            normalize(c->valuestring, strlen(c->valuestring), tmp);
            found += has_text(it->text, tmp->s);
        } else if (cJSON_IsBool(c)) {
            found += has_number(s, it, cJSON_IsTrue(c) ? 1 : 0);
        }
    }
    return found;
}

/* Exact rows to items, one item per row, as many rows as possible (Kuhn's augmenting
 * paths): "Rosé" must not take the line that "Rosé Reserve" needs. */
static int augment(size_t r, const unsigned char *exact, size_t nitems, long *row_of_item,
                   long *item_of, unsigned char *seen)
{
    size_t j;
    for (j = 0; j < nitems; j++) {
        if (!exact[r * nitems + j] || seen[j])
            continue;
        seen[j] = 1;
        if (row_of_item[j] < 0 ||
            augment((size_t)row_of_item[j], exact, nitems, row_of_item, item_of, seen)) {
            row_of_item[j] = (long)r;
            item_of[r] = (long)j;
            return 1;
        }
    }
    return 0;
}

/* Does the item name the row?  Its first required cell is the row's key in practice (the
 * selected name or id); sharing only a country or a number with a gold row is not a match. */
static int names_row(const struct scorer *s, const cJSON *row, const struct reply_item *it,
                     struct buf *tmp)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, row)
    {
        struct reply_item one = *it;
        int req;
        cJSON *solo;
        if (cJSON_IsNull(c))
            continue;
        solo = cJSON_CreateArray();
        cJSON_AddItemReferenceToArray(solo, (cJSON *)c);
        req = cells_found(s, solo, &one, &req, tmp);
        cJSON_Delete(solo);
        return req > 0;
    }
    return 0;
}

static void label_rows(struct scorer *s, const cJSON *rows, size_t n, struct reply_items *its,
                       struct score_result *out, long *item_of)
{
    struct buf tmp = BUF_INIT;
    const cJSON *row = rows ? rows->child : NULL;
    size_t i, j, m = its->n ? its->n : 1;
    unsigned char *exact = xcalloc(n * m + 1, 1), *partial = xcalloc(n + 1, 1);
    unsigned char *seen = xcalloc(m + 1, 1);
    long *row_of_item = xcalloc(m + 1, sizeof(long));
    int *required = xcalloc(n + 1, sizeof(int));
    for (j = 0; j < its->n; j++)
        row_of_item[j] = -1;
    for (i = 0; i < n && row; i++, row = row->next) {
        item_of[i] = -1;
        for (j = 0; j < its->n; j++) {
            int f = cells_found(s, row, &its->v[j], &required[i], &tmp);
            exact[i * m + j] = required[i] > 0 && f == required[i];
            partial[i] |= f > 0;
        }
    }
    for (i = 0; i < n; i++) {
        memset(seen, 0, m);
        augment(i, exact, its->n, row_of_item, item_of, seen);
    }
    for (i = 0; i < n; i++)
        if (!required[i]) /* a row of NULLs asks for nothing */
            out->labels[i] = its->n ? LABEL_EXACT : LABEL_NONE;
        else
            out->labels[i] = item_of[i] >= 0 ? LABEL_EXACT
                             : partial[i]    ? LABEL_PARTIAL
                                             : LABEL_NONE;
    free(exact);
    free(partial);
    free(seen);
    free(row_of_item);
    free(required);
    buf_release(&tmp);
}

/* Items that name some gold row (every row, not only the first max_rows, so that a correct
 * 60th row does not count against precision). */
static size_t count_matched(struct scorer *s, const cJSON *rows, struct reply_items *its)
{
    struct buf tmp = BUF_INIT;
    size_t j, matched = 0, k;
    for (j = 0; j < its->n; j++) {
        const cJSON *row = rows ? rows->child : NULL;
        for (k = 0; row && k < 10000; row = row->next, k++)
            if (names_row(s, row, &its->v[j], &tmp)) {
                matched++;
                break;
            }
    }
    buf_release(&tmp);
    return matched;
}

/* The reference's ranking convention: an exact row whose item is not at its rank among the
 * answered rows is partial. */
static void check_ranks(size_t n, const long *item_of, unsigned char *labels, int *order_ok)
{
    unsigned char *was = xcalloc(n + 1, 1);
    size_t i, k, rank = 0;
    for (i = 0; i < n; i++) /* decide on the labels as they were, not as they change */
        was[i] = labels[i] == LABEL_EXACT && item_of[i] >= 0;
    *order_ok = 0;
    for (i = 0; i < n; i++) {
        size_t item_rank = 0;
        if (!was[i])
            continue;
        for (k = 0; k < n; k++)
            item_rank += was[k] && item_of[k] < item_of[i];
        if (!rank)
            *order_ok = 1;
        if (item_rank != rank)
            labels[i] = LABEL_PARTIAL, *order_ok = 0;
        rank++;
    }
    for (i = 0; i < n && *order_ok; i++) /* one wrong rank spoils the order */
        if (was[i] && labels[i] != LABEL_EXACT)
            *order_ok = 0;
    free(was);
}

int score_reply(struct scorer *s, const char *reply, const cJSON *gold, struct score_result *out)
{
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows");
    int ncols = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(gold, "columns"));
    size_t nrows = (size_t)cJSON_GetArraySize(rows), n, i, matched;
    struct buf ans = BUF_INIT, norm = BUF_INIT;
    struct reply_items its = {NULL, 0, 0};
    long *item_of;
    double sum = 0;
    memset(out, 0, sizeof(*out));
    out->order_ok = -1;
    n = nrows < (size_t)s->o.max_rows ? nrows : (size_t)s->o.max_rows;
    extract(s, reply ? reply : "", &ans, &out->extraction);
    normalize(ans.s, ans.len, &norm);
    out->says_none = pcre2_match(s->none, (PCRE2_SPTR)norm.s, norm.len, 0, 0, s->md, NULL) > 0;
    out->labels = xcalloc(n + 1, 1);
    out->nlabels = n;
    if (!nrows) {
        /* empty gold: right only when the reply says there is nothing to find */
        out->score = out->recall = out->precision = out->f1 = out->says_none ? 1.0 : 0.0;
        buf_release(&ans);
        buf_release(&norm);
        return 0;
    }
    /* non-empty gold: a "no answer" simply matches nothing, while "there are no wines from
     * Chile, so the count is 0" still answers [[0]] */
    split_items(s, ans.s, ncols, n, rows, &its);
    item_of = xcalloc(n + 1, sizeof(long));
    label_rows(s, rows, n, &its, out, item_of);
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ordered")))
        check_ranks(n, item_of, out->labels, &out->order_ok);
    for (i = 0; i < n; i++)
        sum += out->labels[i] == LABEL_EXACT ? 1.0 : out->labels[i] == LABEL_PARTIAL ? 0.5 : 0.0;
    if (sum > 0) /* it answered something after all */
        out->says_none = 0;
    matched = count_matched(s, rows, &its);
    out->items = (int)its.n;
    out->unmatched = (int)(its.n - matched);
    out->score = out->recall = sum / (double)n;
    out->precision = its.n ? (double)matched / (double)its.n : 0;
    out->f1 = out->recall + out->precision > 0
                  ? 2 * out->recall * out->precision / (out->recall + out->precision)
                  : 0;
    free(item_of);
    free_items(&its);
    buf_release(&ans);
    buf_release(&norm);
    return 0;
}
