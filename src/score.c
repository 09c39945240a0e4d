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
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off,
                                  NULL);
    if (!c)
        BUG("bad built-in pattern at %zu: %s", (size_t)off, pat);
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
    s->marker = compile("(?i)\\b(?:final\\s+)?answer\\s*[*_]*\\s*[:\\x{FF1A}][*_]*");
    s->phrase = compile("(?i)\\b(?:final\\s+)?answer\\s+is\\b\\s*:?");
    s->none = compile("^\\W*(?:no answer|none\\b|n/?a\\b|nothing\\b|no such\\b|"
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

/* Case folded (ASCII and Latin-1 letters), Unicode spaces and dashes made ASCII, curly
 * quotes and Markdown emphasis dropped, whitespace collapsed. */
static void normalize(const char *s, size_t n, struct buf *out)
{
    size_t i = 0;
    int space = 1;
    buf_reset(out);
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp = c;
        size_t len = 1;
        if (c >= 0xC0 && i + 1 < n) {
            len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (i + len > n)
                len = n - i;
            cp = len == 2 ? ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)
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
        } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D || cp == '"' ||
                   cp == 0xAB || cp == 0xBB || cp == '*' || cp == '`' || cp == '_') {
            /* dropped */
        } else if (cp < 0x80) {
            buf_addch(out, c >= 'A' && c <= 'Z' ? c + 32 : c), space = 0;
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
static void extract(struct scorer *s, const char *reply, struct buf *out, const char **how)
{
    size_t n = strlen(reply), at = 0, start = 0;
    int found = 0;
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
}

/* ---- items ----------------------------------------------------------------------------------- */

struct item {
    char *text; /* normalised */
    double *nums;
    size_t nnums;
    int used;   /* taken by an exact row */
    int hits;   /* cells of any gold row found in it */
};

struct items {
    struct item *v;
    size_t n, alloc;
};

static void add_numbers(struct scorer *s, struct item *it)
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

static void add_item(struct scorer *s, struct items *its, const char *p, size_t n)
{
    struct buf norm = BUF_INIT;
    struct item *it;
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

/* One item per line (bullets, numbering and table pipes removed); a lone line is split on
 * ';' or, when several rows are expected, on ", " and " and ". */
static void split_items(struct scorer *s, const char *ans, size_t nrows, struct items *its)
{
    const char *p = ans;
    struct buf line = BUF_INIT;
    size_t nlines = 0;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p), i;
        buf_reset(&line);
        buf_add(&line, p, len);
        for (i = 0; i < line.len; i++)
            if (line.s[i] == '|')
                line.s[i] = ' ';
        if (pcre2_match(s->tablesep, (PCRE2_SPTR)p, len, 0, 0, s->md, NULL) < 0) {
            size_t skip = 0;
            if (pcre2_match(s->bullet, (PCRE2_SPTR)line.s, line.len, 0, 0, s->md, NULL) > 0)
                skip = pcre2_get_ovector_pointer(s->md)[1];
            if (line.len > skip) {
                add_item(s, its, line.s + skip, line.len - skip);
                nlines++;
            }
        }
        p = e ? e + 1 : p + len;
    }
    if (its->n == 1 && nrows > 1) {
        char *t = its->v[0].text;
        char *q = t, *sep;
        free(its->v[0].nums);
        its->n = 0;
        while (*q) {
            size_t cut = strcspn(q, ";");
            if (!strchr(t, ';')) {
                sep = strstr(q, ", ");
                char *and = strstr(q, " and ");
                if (and && (!sep || and < sep))
                    sep = and;
                cut = sep ? (size_t)(sep - q) : strlen(q);
            }
            add_item(s, its, q, cut);
            q += cut;
            while (*q == ';' || *q == ',' || *q == ' ')
                q++;
            if (!strncmp(q, "and ", 4))
                q += 4;
        }
        free(t);
    }
    buf_release(&line);
    (void)nlines;
}

static void free_items(struct items *its)
{
    size_t i;
    for (i = 0; i < its->n; i++) {
        free(its->v[i].text);
        free(its->v[i].nums);
    }
    free(its->v);
}

/* ---- cells and rows ---------------------------------------------------------------------------- */

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
        int before = p == item || !is_word((unsigned char)p[-1]) || !is_word((unsigned char)want[0]);
        int after = !p[n] || !is_word((unsigned char)p[n]) || !is_word((unsigned char)want[n - 1]);
        if (before && after)
            return 1;
        p++;
    }
    return 0;
}

static int has_number(const struct scorer *s, const struct item *it, double want)
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
static int cells_found(const struct scorer *s, const cJSON *row, const struct item *it,
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

/* Longest increasing run of matched item indices, in gold order: rows outside it are out of
 * order.  O(n^2) over at most max_rows rows. */
static void mark_order(const long *item_of, size_t n, unsigned char *in_order)
{
    size_t i, j, best = 0, end = 0;
    size_t *len = xcalloc(n + 1, sizeof(size_t)), *prev = xcalloc(n + 1, sizeof(size_t));
    for (i = 0; i < n; i++) {
        in_order[i] = 0;
        if (item_of[i] < 0)
            continue;
        len[i] = 1;
        prev[i] = i;
        for (j = 0; j < i; j++)
            if (item_of[j] >= 0 && item_of[j] < item_of[i] && len[j] + 1 > len[i])
                len[i] = len[j] + 1, prev[i] = j;
        if (len[i] > best)
            best = len[i], end = i;
    }
    for (i = end; best > 0; i = prev[i]) {
        in_order[i] = 1;
        if (prev[i] == i)
            break;
    }
    free(len);
    free(prev);
}

static void label_rows(struct scorer *s, const cJSON *rows, size_t n, struct items *its,
                       struct score_result *out, long *item_of)
{
    struct buf tmp = BUF_INIT;
    const cJSON *row = rows ? rows->child : NULL;
    size_t i, j;
    for (i = 0; i < n && row; i++, row = row->next) {
        int best = 0, required = 0;
        item_of[i] = -1;
        for (j = 0; j < its->n; j++) {
            int f = cells_found(s, row, &its->v[j], &required, &tmp);
            its->v[j].hits += f > 0;
            if (f == required && item_of[i] < 0 && !its->v[j].used) {
                item_of[i] = (long)j; /* each item serves one exact row */
                its->v[j].used = 1;
            }
            if (f > best)
                best = f;
        }
        if (!required) /* a row of NULLs asks for nothing */
            out->labels[i] = its->n ? LABEL_EXACT : LABEL_NONE;
        else
            out->labels[i] = item_of[i] >= 0 ? LABEL_EXACT : best > 0 ? LABEL_PARTIAL : LABEL_NONE;
    }
    buf_release(&tmp);
}

int score_reply(struct scorer *s, const char *reply, const cJSON *gold,
                struct score_result *out)
{
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows");
    size_t nrows = (size_t)cJSON_GetArraySize(rows), n, i, matched = 0;
    struct buf ans = BUF_INIT, norm = BUF_INIT;
    struct items its = {NULL, 0, 0};
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
    if (!nrows || out->says_none) {
        /* empty gold: right only when the reply says so; a "no answer" to real gold: wrong */
        out->score = out->recall = !nrows && out->says_none ? 1.0 : 0.0;
        out->precision = out->f1 = out->score;
        buf_release(&ans);
        buf_release(&norm);
        return 0;
    }
    split_items(s, ans.s, n, &its);
    item_of = xcalloc(n + 1, sizeof(long));
    label_rows(s, rows, n, &its, out, item_of);
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ordered"))) {
        unsigned char *ok = xcalloc(n + 1, 1);
        mark_order(item_of, n, ok);
        out->order_ok = 1;
        for (i = 0; i < n; i++)
            if (out->labels[i] == LABEL_EXACT && item_of[i] >= 0 && !ok[i])
                out->labels[i] = LABEL_PARTIAL, out->order_ok = 0; /* right row, wrong rank */
        free(ok);
    }
    for (i = 0; i < n; i++)
        sum += out->labels[i] == LABEL_EXACT ? 1.0 : out->labels[i] == LABEL_PARTIAL ? 0.5 : 0.0;
    for (i = 0; i < its.n; i++)
        matched += its.v[i].hits > 0;
    out->items = (int)its.n;
    out->unmatched = (int)(its.n - matched);
    out->score = out->recall = n ? sum / (double)n : 0;
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
