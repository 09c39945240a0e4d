/* score_cell.c: a gold cell found in a candidate row — a number (its unit, scale, precision,
 * a correction or an aside), a text, a date, a boolean; and a number cell said more roughly. */
#include "score_int.h"

#include "civil.h"
#include "xalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* A later number corrects number i ("I count 4, but only 3 qualify", "12 — actually 11"). */
static int superseded(const struct cand *c, size_t i)
{
    static const char *const w[] = {"but only ",  "actually ", "in fact ",
                                    "correction", "instead ",  NULL};
    size_t j, k, from = c->nums[i].at;
    for (j = i + 1; j < c->nnums; j++) {
        const char *p;
        if (c->nums[j].at <= from || c->nums[j].alt || c->nums[j].paren ||
            c->nums[j].v == c->nums[i].v)
            continue;
        for (k = 0; w[k]; k++)
            for (p = c->text + from; (p = strstr(p, w[k])) && (size_t)(p - c->text) < c->nums[j].at;
                 p++)
                if (p == c->text || p[-1] == ' ')
                    return 1;
    }
    return 0;
}

/* Number got of c was written with a percent sign: its other reading (a hundredth) sits at
 * the same place ("0.87%" reads 0.87 and 0.0087). */
static int percent_written(const struct cand *c, const struct num *got)
{
    size_t i;
    for (i = 0; i < c->nnums; i++)
        if (c->nums[i].alt && c->nums[i].at == got->at && &c->nums[i] != got)
            return 1;
    return 0;
}

/* A fraction of one (0 < |gold| < 1) and a percentage's own number ("0.87%" for 0.8725): the
 * reply means a hundredth of it, so only its other reading (0.0087) may be the value. */
static int fractional(const struct cand *c, const struct num *got, double want)
{
    return !got->alt && want != 0 && fabs(want) < 1 && percent_written(c, got);
}

/* A number written with a scale word of millions or more ("$2.9 billion"), or written out in
 * full ("$4,200,000"), that is exactly the gold in millions (2900, 4.2), for a column whose
 * name gives no scale: the gold is in millions unnamed (no value is off by a million-fold; a
 * thousand-fold is a slip: "1.2 billion downloads" is no 1,200,000).  No rounding: "$2.9
 * billion" is no 2917. */
static int unnamed_scale(const struct gcell *x, const struct num *got, double want)
{
    if (!x || x->scale > 1 || x->unit || got->alt || want == 0)
        return 0;
    if (got->scale < 1e6 &&
        ((x->name && !strncasecmp(x->name, "count", 5)) || fabs(got->v) < 1e6 || fabs(want) >= 1e4))
        return 0; /* written out in full ("$4,200,000" for 4.2), not for a count */
    return fabs(got->v / 1e6 - want) <= 1e-9 * fabs(want);
}

/* A percentage of a column whose name gives no unit (a turnout of 78.4, an on_time_pct of 94.2)
 * said as its fraction of one with a percentage's decimal ("0.784"), at the reply's precision.
 * Not a fraction of fewer decimals ("0.2" for 20 may be another value), unless the column is
 * named a percentage (`percentage`, `pass_pct`). */
static int fraction_of_percent(const struct scorer *s, const struct gcell *x, const struct cand *c,
                               const struct num *got, double want)
{
    double v = got->v;
    if (want < 0 && v < 0) /* a fall: "-0.124" for -12.4 */
        want = -want, v = -v;
    if (!x || x->unit || x->scale > 1 || got->alt || want < 1 || want > 100 || v <= 0 || v >= 1 ||
        got->scale > 1 || (!x->percent && got->unit > 0.001 * (1 + 1e-9)) ||
        percent_written(c, got)) /* "0.88%" is no 88 */
        return 0;
    return value_match(s, v * 100, got->unit * 100, want);
}

/* The number at t[at] is followed by a currency's name in words ("2,900 dollars"), which says
 * it is counted in units of the currency. */
static int currency_word_after(const char *t, size_t at)
{
    static const char *const w[] = {"dollars", "euros", "pounds", "francs", "yen", NULL};
    size_t e = at + strspn(t + at, "0123456789.,"), k;
    if (t[e] != ' ')
        return 0;
    for (e++, k = 0; w[k]; k++)
        if (!strncmp(t + e, w[k], strlen(w[k])) && !isalpha((unsigned char)t[e + strlen(w[k])]))
            return 1;
    return 0;
}

/* A number written more precisely than a column that SQL rounded, that rounds to it ("24.75"
 * for ROUND(AVG(wind_kmh), 1) of 24.8, "279.88" for an `avg_price` of 279.9): the value the
 * rounding came from. */
static int unrounded(const struct gcell *x, const struct num *got, double want)
{
    int d = x ? (x->rounded ? x->rounded : x->kept) - 1 : -1;
    double u = d >= 0 ? pow(10, -d) : 0;
    return d >= 0 && !got->alt && got->unit > 0 && got->unit < u * (1 - 1e-9) &&
           fabs(got->v - want) <= 0.5 * u * (1 + 1e-9);
}

/* A number written to fewer decimal places than the column's ROUND asks for, other than the
 * value ("4.1" for ROUND(…, 2) of 4.08; "4.10" or "4.08" are the places asked). */
static int coarser_than_asked(const struct gcell *x, const struct num *got, double want)
{
    int d = x ? x->rounded - 1 : -1;
    return d >= 1 && !got->alt && got->unit > pow(10, -d) * (1 + 1e-9) &&
           fabs(got->v - want) > 1e-9 * (fabs(want) > 1 ? fabs(want) : 1);
}

/* A number written with a scale word, for a column whose name gives its values' scale, is read
 * in that scale ("$2,264.8M" is 2264.8 of "gross_musd", "$84.2B" 84.2 of "market_cap_busd"). */
static int scaled_match(const struct scorer *s, const struct gcell *x, const struct cand *c,
                        const struct num *got, double want)
{
    if (x && x->scale > 1 && got->scale > 1 && !got->alt)
        return value_match(s, got->v / x->scale, got->unit / x->scale, want);
    if (unrounded(x, got, want))
        return 1;
    if (coarser_than_asked(x, got, want))
        return 0; /* "4.1" for ROUND(AVG(duration_h), 2) of 4.08: fewer places than asked */
    if (x && x->scale > 1 && !got->alt && fabs(got->v) >= x->scale &&
        value_match(s, got->v / x->scale, got->unit / x->scale, want))
        return 1; /* written out in full: "58,200,000" is 58.2 of `downloads_millions` */
    if (unnamed_scale(x, got, want) || fraction_of_percent(s, x, c, got, want))
        return 1;
    if (x && !x->past_one && fractional(c, got, want))
        return 0; /* "0.42%" for a fraction 0.42, even of a `growth_pct` */
    if (x && x->scale > 1 && got->scale <= 1 && currency_word_after(c->text, got->at))
        return 0; /* "2,900 dollars" for 2,900 millions: a millionth of it */
    if (x && x->year && want != floor(want) && got->unit >= 1)
        return 0; /* an average year said as a whole year ("2015" for 2014.5) is a coarser
                     rounding, not the value: labels split 10 exact to 4 partial (rows) */
    return num_match(s, got, want);
}

/* The clock-style duration at t[at] ("27:01", "1:02:03") in seconds; its end in *end.  0 when
 * there is none. */
static double clock_seconds(const char *t, size_t at, size_t *end, double *unit)
{
    double v = 0;
    size_t e = at, parts = 0, f;
    *unit = 1;
    if (at > 0 && (isdigit((unsigned char)t[at - 1]) || t[at - 1] == ':'))
        return 0;
    while (parts < 3) {
        size_t d = e;
        while (isdigit((unsigned char)t[d]) && d - e < 3)
            d++;
        if (d == e || (parts > 0 && d - e != 2))
            break;
        v = v * 60 + (double)strtol(t + e, NULL, 10); /* its digits only: "55" of "55.2" */
        parts++;
        e = d;
        if (t[e] != ':' || !isdigit((unsigned char)t[e + 1]))
            break;
        e++;
    }
    if (parts >= 2 && t[e] == '.' && isdigit((unsigned char)t[e + 1])) { /* "6:55.2" */
        for (f = e + 1; isdigit((unsigned char)t[f]); f++)
            *unit /= 10;
        v += strtod(t + e, NULL);
        e = f;
    }
    *end = e;
    return parts >= 2 && !isdigit((unsigned char)t[e]) && t[e] != ':' ? v : 0;
}

/* For a column in a unit of time (`time_s`, `duration_min`), a duration written as a clock
 * ("27:01" is 1621 of `time_s`, "1:02:30" 62.5 of `duration_min`): its numbers are one cell. */
static int clock_match(const struct scorer *s, const struct cand *c, const struct gcell *x,
                       double want, unsigned char *used, size_t *at)
{
    size_t i, j, end;
    double f = x && x->unit ? unit_seconds(x->unit) : 0, secs, unit;
    if (f <= 0)
        return 0;
    for (i = 0; i < c->nnums && i < 64; i++) {
        if (used[i] || !(secs = clock_seconds(c->text, c->nums[i].at, &end, &unit)) ||
            !value_match(s, secs / f, unit / f, want))
            continue;
        for (j = 0; j < c->nnums && j < 64; j++)
            if (c->nums[j].at >= c->nums[i].at && c->nums[j].at < end)
                used[j] = 1;
        *at = c->nums[i].at;
        return 1;
    }
    return 0;
}

/* A column named with a one-letter scale after its last underscore (`passengers_m`, `sales_k`,
 * `cap_b`): a number written with that scale word ("3.2 million") is read in it.  The letter
 * alone is no scale (`elevation_m` is metres): only the scale word says so. */
static int suffix_scaled(const struct scorer *s, const struct gcell *x, const struct num *got,
                         double want)
{
    const char *u = x && x->name ? strrchr(x->name, '_') : NULL;
    double f;
    if (!u || got->scale <= 1 || got->alt)
        return 0;
    f = !strncasecmp(u, "_m", 2)   ? 1e6
        : !strncasecmp(u, "_k", 2) ? 1e3
        : !strncasecmp(u, "_b", 2) ? 1e9
                                   : 0;
    u += 2;
    u += !strncasecmp(u, "n", 1) && f == 1e9;
    if (!f || got->scale != f || (*u && *u != ')'))
        return 0;
    return value_match(s, got->v / f, got->unit / f, want);
}

/* Number i, in parentheses, restates the number said before it more precisely ("$2.9 billion
 * (about 2,917 million)", "1.5 x 10^6 km (1,500,000 km)", "1.8 days (42.5 hours)"): the same
 * value within 5%, so it is the value said, not an aside. */
static int restated(const struct cand *c, size_t i)
{
    size_t j;
    double a = c->nums[i].v;
    for (j = i; j-- > 0;) {
        double b = c->nums[j].v;
        if (c->nums[j].paren || c->nums[j].alt)
            continue;
        if (strchr(c->text + c->nums[j].at, '(') > c->text + c->nums[i].at)
            return 0;
        return (b != 0 && fabs(a - b) <= 0.05 * fabs(b)) ||
               same_quantity(c->text, c->nums[j].at, b, c->nums[i].at, a);
    }
    return 0;
}

/* Number i, in parentheses, gives the precise figure of a rounder one outside them
 * ("approximately 318 km (318.4 km to be exact)"): no aside. */
static int precise(const struct cand *c, size_t i)
{
    size_t j;
    for (j = 0; j < c->nnums; j++)
        if (!c->nums[j].paren && !c->nums[j].alt && c->nums[j].at < c->nums[i].at &&
            c->nums[j].v != c->nums[i].v &&
            approx_match(c->nums[j].v, c->nums[j].unit, c->nums[i].v))
            return 1;
    return 0;
}

/* The word written right after the number at t[at] (its unit: "km/h", "stores"), or 0. */
static size_t unit_word(const char *t, size_t at, size_t *b)
{
    size_t e;
    while (t[at] && (isdigit((unsigned char)t[at]) || t[at] == ',' || t[at] == '.'))
        at++;
    if (t[at] != ' ' || !isalpha((unsigned char)t[at + 1]))
        return 0;
    for (e = at + 1; t[e] && t[e] != ' ' && t[e] != ')' && t[e] != ',' && t[e] != ';'; e++)
        ;
    *b = at + 1;
    return e - at - 1;
}

/* The number at t[at], in parentheses, gives the same quantity as a number outside them
 * between the key (at key_at) and it, in the same unit ("The Hisui Express, reaching 300 km/h
 * in service (320 km/h in testing)"): the one outside is the reply's value, the one inside an
 * aside about another case; unless it is the precise figure of a rounder one outside. */
int aside_of_same_kind(const struct cand *c, size_t key_at, size_t at)
{
    size_t i, j, bi, bj, ni, nj;
    for (i = 0; i < c->nnums && c->nums[i].at != at; i++)
        ;
    if (i == c->nnums || !c->nums[i].paren || precise(c, i))
        return 0;
    ni = unit_word(c->text, at, &bi);
    for (j = 0; ni && j < c->nnums && c->nums[j].at < at; j++) {
        if (c->nums[j].paren || c->nums[j].alt || c->nums[j].at < key_at ||
            c->nums[j].v == c->nums[i].v)
            continue;
        nj = unit_word(c->text, c->nums[j].at, &bj);
        if (nj == ni && !strncmp(c->text + bi, c->text + bj, ni))
            return 1;
    }
    return 0;
}

size_t field_at(const char *t, size_t at, size_t *b, size_t *e)
{
    const char *p = t, *q;
    size_t k = 0;
    while ((q = strstr(p, " | ")) && (size_t)(q - t) < at)
        p = q + 3, k++;
    *b = (size_t)(p - t);
    *e = q ? (size_t)(q - t) : strlen(t);
    return k;
}

static size_t fields(const char *t)
{
    size_t k = 1;
    while ((t = strstr(t, " | ")))
        t += 3, k++;
    return k;
}

/* Field k of t ([b, e)), or 0 when t has fewer. */
static int nth_field(const char *t, size_t k, size_t *b, size_t *e)
{
    const char *p = t, *q;
    for (; k > 0; k--, p = q + 3)
        if (!(q = strstr(p, " | ")))
            return 0;
    q = strstr(p, " | ");
    *b = (size_t)(p - t);
    *e = q ? (size_t)(q - t) : strlen(t);
    return 1;
}

/* h[0, len), its letters and digits alone, is col ("q2 sales" and "q2_sales" are "q2sales"). */
static int same_alnum(const char *h, size_t len, const char *col)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (isalnum((unsigned char)h[i]) || (unsigned char)h[i] >= 0x80) {
            if (h[i] != *col++)
                return 0;
        } else if (!strchr(" _-", h[i])) {
            return 0;
        }
    return !*col;
}

/* A column's name by its letters and digits, lower case ("Q2 Sales" "q2sales"; "T2.captain"
 * "captain"), into col of size n. */
static void column_letters(const char *name, char *col, size_t size)
{
    const char *dot = strchr(name, '.');
    size_t n;
    name = dot && !strchr(name, '(') ? dot + 1 : name;
    for (n = 0; *name && n + 1 < size; name++)
        if (isalnum((unsigned char)*name) || (unsigned char)*name >= 0x80)
            col[n++] = (char)tolower((unsigned char)*name);
    col[n] = '\0';
}

/* The index of the header cell of c named exactly as the column, or -1. */
static long head_field(const struct cand *c, const char *name)
{
    const char *h = c->head, *q;
    long k = 0;
    char col[64];
    if (!h || !name)
        return -1;
    column_letters(name, col, sizeof col);
    for (;; k++, h = q + 3) {
        size_t len;
        q = strstr(h, " | ");
        len = q ? (size_t)(q - h) : strlen(h);
        const char *cell = h, *colon;
        if (!q && len >= 2 && !strcmp(h + len - 2, " |"))
            len -= 2;                /* a JSON object's row ends "… |" */
        colon = memchr(h, ':', len); /* "harlow classic: winner": the member under its key */
        if (colon && colon + 2 <= h + len && colon[1] == ' ')
            len -= (size_t)(colon + 2 - h), cell = colon + 2;
        if (same_alnum(cell, len, col))
            return k;
        if (!q)
            return -1;
    }
}

/* Text cell i is said in c, a row under a header, only in fields headed by another text
 * column's name ("Kingsway Smash | Spin Doctors" under "home_team | away_team" for home team
 * Spin Doctors): the roles swapped. */
int text_under_other(const struct grow *g, int i, const struct cand *c)
{
    size_t at, from = 0, b, e;
    long own = head_field(c, g->c[i].name), k;
    int j, seen = 0;
    if (g->c[i].kind != CELL_TEXT || own < 0 || fields(c->head) != fields(c->text))
        return 0;
    while (text_has(c->text + from, g->c[i].text, &at)) {
        int other = 0;
        k = (long)field_at(c->text, from + at, &b, &e);
        for (j = 0; j < g->n && k != own; j++)
            other |= j != i && g->c[j].kind == CELL_TEXT && head_field(c, g->c[j].name) == k;
        if (!other)
            return 0;
        seen = 1, from += at + 1;
    }
    return seen;
}

/* The field of c under the header cell named as x's column: [*b, *e); 0 when none is. */
static int named_field(const struct gcell *x, const struct cand *c, size_t *b, size_t *e)
{
    long k = head_field(c, x->name);
    if (k < 0 || !nth_field(c->text, (size_t)k, b, e))
        return 0;
    if (*e >= *b + 2 && !c->text[*e] && !strcmp(c->text + *e - 2, " |"))
        *e -= 2;
    return 1;
}

int in_its_field(const struct gcell *x, const struct cand *c, size_t at)
{
    size_t b, e;
    return x->kind == CELL_NUM && at && named_field(x, c, &b, &e) && at >= b && at < e;
}

int off_its_field(const struct scorer *s, const struct gcell *x, const struct cand *c, size_t at)
{
    size_t b, e;
    if (x->kind == CELL_TEXT || (x->kind == CELL_NUM && !at) || !named_field(x, c, &b, &e))
        return 0;               /* texts are told apart by what they say; a number found, placed */
    if (x->kind == CELL_NULL) { /* its own field says none: "null", "not stated", "still open" */
        size_t nb, ne;
        char *f = xstrndup(c->text + b, e - b);
        int none = e == b || (e - b <= 3 && strchr("-~", c->text[b])) || null_said(f) ||
                   un_column(x->name, f) || /* "| unglazed |" under "Glaze" */
                   re_find((struct scorer *)s, s->none, f, e - b, 0, &nb, &ne);
        free(f);
        return !none;
    }
    return at < b || at >= e;
}

/* The label of field k of c: the header cell above it in a table, else the words opening a
 * field that goes on with a value ("wins: 4", JSON's "wins 4"). */
static int field_label(const struct cand *c, size_t k, const char **lb, size_t *ln)
{
    size_t b, e, n;
    if (!nth_field(c->text, k, &b, &e))
        return 0;
    if (c->head) {
        size_t hb, he;
        if (fields(c->head) != fields(c->text) || !nth_field(c->head, k, &hb, &he))
            return 0; /* a row of more or fewer cells than its header: no telling */
        *lb = c->head + hb, *ln = he - hb;
        return 1;
    }
    n = strcspn(c->text + b, ":0123456789$-");
    if (n == 0 || b + n >= e || !isalpha((unsigned char)c->text[b]))
        return 0;
    *lb = c->text + b, *ln = n;
    return 1;
}

/* The label (n bytes at t) names x's column, or what its aggregate is of ("assists" for
 * `MAX(assists)`). */
static int names_column_or_arg(const struct gcell *x, const char *t, size_t n)
{
    return names_column(x, t, n) || (x->arg[0] && has_label_word(x->arg, t, n));
}

/* A number's own label is a word of its column's name, whichever ("Year" over 2019 of
 * `launch_year`, though "Launches" names the column's own word): it is labelled as that; not
 * an aggregate's ("Highest price" is no label of MIN(price)). */
static int own_label(const struct gcell *x, const char *lb, size_t ln)
{
    return x->name && !x->fn && ln >= 4 && column_word_within(x->name, lb, ln);
}

/* Number i of c is in a field labelled otherwise while another field's label has the word
 * that names the column ("| Herons | 4 | 11 |" under "Team | Wins | Losses": 11 is no count of
 * wins; "wins: 4 | losses: 11" likewise). */
static int labelled_fields(const struct cand *c, size_t i, const struct gcell *x)
{
    const char *lb;
    size_t b, e, k, ln, own = field_at(c->text, c->nums[i].at, &b, &e);
    if (field_label(c, own, &lb, &ln) && (names_column_or_arg(x, lb, ln) || own_label(x, lb, ln)))
        return 0;
    for (k = 0; nth_field(c->text, k, &b, &e); k++)
        if (k != own && field_label(c, k, &lb, &ln) && names_column_or_arg(x, lb, ln) &&
            digit_within(c->text + b, e - b))
            return 1; /* a field of numbers: not "| Top scorer |" over names */
    return 0;
}

/* Number i of c, one field of a JSON object ("books: 15"), is labelled otherwise while another
 * of the object's members names the column ({"books": 15, "distinct_authors": 11}). */
static int labelled_member(const struct cand *c, size_t i, const struct gcell *x)
{
    const char *lb = c->text, *h = c->member, *q;
    size_t ln = strcspn(c->text, ":");
    if (!c->text[ln] || c->nums[i].at < ln || names_column_or_arg(x, lb, ln))
        return 0;
    for (; *h; h = q + 3) {
        size_t n = (q = strstr(h, " | ")) ? (size_t)(q - h) : strlen(h);
        if ((n != ln || strncmp(h, lb, n)) && names_column_or_arg(x, h, n))
            return 1;
        if (!q)
            break;
    }
    return 0;
}

/* In prose, the word labelling the number at t[at]: the word before it and a colon ("wins:
 * 4"), else the word right after it ("4 wins"), not a word of grammar ("4 in total"). */
static int prose_label(const char *t, size_t at, const char **lb, size_t *ln)
{
    static const char *const grammar[] = {"and",   "the", "for",  "from",  "with", "than", "more",
                                          "less",  "out", "per",  "each",  "were", "was",  "are",
                                          "have",  "had", "but",  "not",   "all",  "this", "that",
                                          "which", "who", "over", "under", "into", NULL};
    size_t b = at, e, k;
    while (b > 0 && t[b - 1] == ' ')
        b--;
    if (b > 1 && (t[b - 1] == ':' || t[b - 1] == '=')) {
        for (e = --b; b > 0 && isalpha((unsigned char)t[b - 1]); b--)
            ;
        *lb = t + b, *ln = e - b;
        return e > b;
    }
    for (e = at; (t[e] && !strchr(" ,;():", t[e])) || /* "Round 1: min 33": no label of 1 */
                 (t[e] && strchr(",.", t[e]) && isdigit((unsigned char)t[e + 1]));
         e++)
        ; /* "3,420 flights" */
    if (t[e] != ' ')
        return 0;
    for (b = ++e; isalpha((unsigned char)t[e]); e++)
        ;
    for (k = 0; grammar[k]; k++)
        if (strlen(grammar[k]) == e - b && !strncmp(t + b, grammar[k], e - b))
            return 0;
    *lb = t + b, *ln = e - b;
    return e - b >= 3 && !isalnum((unsigned char)t[e]);
}

/* Number k of c counts in words what a colon then lists, number i among them ("two harvest
 * years: 2022 and 2023"): a lead-in, no value of the column. */
static int lead_in_count(const struct cand *c, size_t k, size_t i)
{
    const char *colon;
    if (c->nums[k].at >= c->nums[i].at || !words_counting(c->text, c->nums[k].at))
        return 0;
    colon = memchr(c->text + c->nums[k].at, ':', c->nums[i].at - c->nums[k].at);
    return colon != NULL;
}

/* In prose, number i is labelled by another word while another number outside parentheses
 * is labelled by the column's word ("4 wins and 11 losses": 11 is no count of wins). */
static int labelled_words(const struct cand *c, size_t i, const struct gcell *x)
{
    const char *lb;
    size_t k, ln;
    if (!prose_label(c->text, c->nums[i].at, &lb, &ln) || names_column_or_arg(x, lb, ln) ||
        own_label(x, lb, ln))
        return 0;
    for (k = 0; k < c->nnums; k++)
        if (c->nums[k].at != c->nums[i].at && !c->nums[k].paren && !lead_in_count(c, k, i) &&
            prose_label(c->text, c->nums[k].at, &lb, &ln) && names_column_or_arg(x, lb, ln))
            return 1;
    return 0;
}

/* t says "out of" the thing x's column counts ("out of stock" for a `stock` of 0): none of it,
 * at *at. */
static int out_of_column(const struct gcell *x, const char *t, size_t *at)
{
    char words[8][32];
    size_t nw = x->name ? column_words(x->name, words) : 0, k, n;
    const char *p;
    for (k = 0; k < nw; k++)
        for (p = t; (p = strstr(p, "out of ")); p++) {
            n = strlen(words[k]);
            if (!strncmp(p + 7, words[k], n) && !isalpha((unsigned char)p[7 + n]) &&
                (p == t || p[-1] == ' ')) {
                *at = (size_t)(p - t);
                return 1;
            }
        }
    return 0;
}

/* Some number of c is labelled by the word that names x's column ("Count: 3"). */
static int number_labelled_as(const struct cand *c, const struct gcell *x)
{
    const char *lb;
    size_t k, ln, b, e;
    for (k = 0; k < c->nnums; k++) {
        int labelled = strstr(c->text, " | ")
                           ? field_label(c, field_at(c->text, c->nums[k].at, &b, &e), &lb, &ln)
                           : prose_label(c->text, c->nums[k].at, &lb, &ln);
        if (labelled && names_column_or_arg(x, lb, ln))
            return 1;
    }
    return 0;
}

/* Number i of c is labelled as another quantity while another of c's values is labelled by
 * the word that names the column ("| Herons | 4 | 11 |" under "Team | Wins | Losses": 11 is
 * no count of wins; "wins: 4 | losses: 11" and "4 wins and 11 losses" likewise). */
static int labelled_other(const struct cand *c, size_t i, const struct gcell *x)
{
    if (!x->label[0] && !x->fn && !x->arg[0])
        return 0;
    if (c->member)
        return labelled_member(c, i, x);
    return strstr(c->text, " | ") ? labelled_fields(c, i, x) : labelled_words(c, i, x);
}

/* A year of a year column written with an apostrophe and its last two digits ("'18" for 2018). */
static int short_year(const struct gcell *x, const struct cand *c, const struct num *got,
                      double want)
{
    return x && x->name && strstr(x->name, "year") && want >= 1000 && want < 10000 &&
           want == floor(want) && got->v >= 0 && got->v < 100 && got->unit == 1 && got->at > 0 &&
           c->text[got->at - 1] == '\'' && fmod(want, 100) == got->v;
}

/* A number cell: an unused number of the candidate (one number serves one cell). */
/* The number at t[at] said as a decrease ("14 fewer goals", "3 points behind", "down by 12"):
 * a negative difference written without its sign. */
static int said_lower(const char *t, size_t at)
{
    static const char *const after[] = {"fewer",  "less",  "lower", "smaller", "shorter", "cheaper",
                                        "behind", "below", "down",  "lighter", "slower",  NULL};
    static const char *const before[] = {
        "down by ", "dropped by ",  "fell by ",    "decreased by ", "declined by ",
        "drop of ", "decrease of ", "decline of ", "down ",         "fell ",
        "dropped ", "declined ",    NULL};
    size_t e = at + strspn(t + at, "0123456789.,%$"), w, k;
    for (k = 0; before[k]; k++) {
        size_t n = strlen(before[k]);
        if (at >= n && !strncmp(t + at - n, before[k], n))
            return 1;
    }
    for (w = 0; w < 3 && t[e] == ' '; w++) { /* the next three words: "14 goals fewer" */
        e++;
        for (k = 0; after[k]; k++)
            if (!strncmp(t + e, after[k], strlen(after[k])) &&
                !isalpha((unsigned char)t[e + strlen(after[k])]))
                return 1;
        e += strcspn(t + e, " ,.;");
    }
    return 0;
}

/* The nearest number before number i, not an aside in parentheses, is a cell of the row. */
static int value_before_used(const struct cand *c, size_t i, const unsigned char *used)
{
    size_t j = i;
    while (j > 0 && (c->nums[j - 1].at == c->nums[i].at || c->nums[j - 1].paren))
        j--;
    return j > 0 && used[j - 1];
}

/* The number at t[at] is the second part of a duration, after hours ("1 h 47 min", "2 hours
 * 5 minutes", "1h47"). */
static int after_hours(const char *t, size_t at)
{
    static const char *const h[] = {"hours", "hour", "hrs", "hr", "h", NULL};
    size_t b = at, k, n;
    while (b > 0 && t[b - 1] == ' ')
        b--;
    if (b > 0 && t[b - 1] == ',')
        b--;
    for (k = 0; h[k]; k++) {
        n = strlen(h[k]);
        if (b >= n + 1 && !strncmp(t + b - n, h[k], n) &&
            (isdigit((unsigned char)t[b - n - 1]) ||
             (b >= n + 2 && t[b - n - 1] == ' ' && isdigit((unsigned char)t[b - n - 2]))))
            return 1;
    }
    return 0;
}

/* Number i of c has no unit after it, and its field's label ends with another unit of x's
 * dimension, not of time ("total_weight_kg": 3.4 of `SUM(weight_g)`): the factor to x's
 * unit; else 1. */
static double label_ratio(const struct gcell *x, const struct cand *c, size_t i)
{
    const char *lb, *u;
    size_t b, e, ln, k = field_at(c->text, c->nums[i].at, &b, &e);
    char *label;
    double r;
    if (!x || !x->unit || !field_label(c, k, &lb, &ln))
        return 1;
    label = xstrndup(lb, ln);
    while (ln > 0 && strchr(" |:", label[ln - 1]))
        label[--ln] = '\0';
    u = column_unit(label);
    if (u && unit_seconds(u) > 0)
        u = NULL; /* a time is a word of names too: "Long day: 149.5" */
    r = units_between(u, x->unit);
    free(label);
    return r;
}

static int find_num(const struct scorer *s, const struct cand *c, const struct gcell *x,
                    double want, unsigned char *used, size_t *at, int alone)
{
    size_t i, j;
    int aside_ok = 1;
    for (i = 0; alone && i < c->nnums; i++) /* a lone value: asides in parentheses are not it */
        aside_ok &= c->nums[i].paren;
    for (i = 0; i < c->nnums; i++) {
        double r = x && x->unit ? unit_ratio(x->unit, c->text, c->nums[i].at) : 1;
        if (r == 1 && x && x->unit && !unit_after(c->text, c->nums[i].at))
            r = label_ratio(x, c, i); /* "total_weight_kg: 3.4" of `weight_g` */
        if (used[i] || r < 0 ||
            (c->nums[i].paren && !aside_ok && !precise(c, i) && !restated(c, i)) ||
            (c->nums[i].over && !(i > 0 && used[i - 1])) ||
            (c->nums[i].versus && !value_before_used(c, i, used)) || (alone && superseded(c, i)) ||
            (x && x->counts && c->nums[i].year) ||
            (x && x->fn && !strcmp(x->fn[0], "count") && unit_after(c->text, c->nums[i].at)) ||
            (after_hours(c->text, c->nums[i].at) && !c->nums[i].alt) ||
            (c->nums[i].ordinal && x && x->counts))
            continue; /* a count has no unit: "averaged 11 minutes" is no COUNT's 11; "1 h 47
                         min" is 107 minutes, no 47 (the 107, read there, is) */
        if (r == 1 ? !scaled_match(s, x, c, &c->nums[i], want) &&
                         !(c->nums[i].clock && rounds_to(c->nums[i].v, 1, want)) &&
                         !suffix_scaled(s, x, &c->nums[i], want) &&
                         !short_year(x, c, &c->nums[i], want) &&
                         !(want < 0 && c->nums[i].v > 0 && said_lower(c->text, c->nums[i].at) &&
                           scaled_match(s, x, c, &c->nums[i], -want))
                   : c->nums[i].alt || !value_match(s, c->nums[i].v * r, c->nums[i].unit * r, want))
            continue; /* in another unit of the column's dimension, converted: "225 cm" */
        if (x && labelled_other(c, i, x))
            continue; /* the value, but labelled as another quantity (asked only of a match) */
        for (j = 0; j < c->nnums; j++) /* a percentage's two readings are one place */
            if (c->nums[j].at == c->nums[i].at)
                used[j] = 1;
        *at = c->nums[i].at;
        return 1;
    }
    return clock_match(s, c, x, want, used, at);
}

/* A key of letters of up to three words said with its last "y" as the plural "ies"
 * ("Biographies" for Biography), or its last "a" as "ae" ("nebulae"); the plural in "s" or
 * "es" of any text is text_has's. */
static int plural(const char *t, const char *key, size_t *at)
{
    size_t n = strlen(key), k, spaces = 0;
    for (k = 0; k < n; k++)
        if ((key[k] < 'a' || key[k] > 'z') && (key[k] != ' ' || ++spaces > 2))
            return 0;
    /* a last "y" after a consonant as "ies": "Biographies" for Biography */
    if (n >= 5 && ((key[n - 1] == 'y' && !strchr("aeiou", key[n - 2])) || key[n - 1] == 'a')) {
        struct buf ies = BUF_INIT;
        int hit;
        buf_add(&ies, key, n - (key[n - 1] == 'y'));
        buf_adds(&ies, key[n - 1] == 'y' ? "ies" : "e");
        hit = text_has(t, ies.s, at);
        buf_release(&ies);
        return hit;
    }
    return 0;
}

/* The column name ends in the word "id" ("id", "order_id", "orderId"; not "paid"). */
static int id_word(const char *name, size_t n)
{
    const char *e = name + n - 2;
    if (n < 2 || strcasecmp(e, "id"))
        return 0; /* a name of one letter ("n") is no id, and is read no further back */
    return n == 2 || !isalpha((unsigned char)e[-1]) ||
           (e[0] == 'I' && islower((unsigned char)e[-1]));
}

int id_column(const char *name)
{
    return name && id_word(name, strlen(name));
}

/* The n letters at b are the initial of the id column's name, or its word before "id" cut
 * short ("q" of `q_id`, "qn" of `question_id`): "Q61" is id 61 of `q_id`. */
static int id_letters(const char *name, const char *b, size_t n)
{
    size_t k;
    for (k = 0; k < n && name[k]; k++)
        if (tolower((unsigned char)b[k]) != tolower((unsigned char)name[k]))
            return n == 2 && tolower((unsigned char)b[0]) == tolower((unsigned char)name[0]);
    return k == n;
}

/* The column's name has a word of a reference number ("ticket", "invoice", "receipt"). */
static int ref_word(const char *name)
{
    static const char *const w[] = {"ticket", "invoice", "receipt", "ref",   "reference", "case",
                                    "job",    "booking", "serial",  "badge", "lot",       NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (name_has(name, w[k]))
            return 1;
    return 0;
}

/* A number cell of an id column ("order_id", "ticket_no") written after '#' ("#4471") or a
 * prefix of letters ("BUG-4471"), which is no value elsewhere (an id, not a count). */
static int hash_id(const struct gcell *x, const char *t, size_t *at)
{
    char want[32];
    size_t n = x->name ? strlen(x->name) : 0, w;
    const char *p;
    if (n < 2 || x->v < 0 || x->v != floor(x->v) || x->v > 1e15 ||
        !(id_word(x->name, n) || (n > 3 && !strcasecmp(x->name + n - 3, "_no")) ||
          (n >= 6 && !strcasecmp(x->name + n - 6, "number")) || name_has(x->name, "bib") ||
          ref_word(x->name)))
        return 0; /* a race number too: "#104 - Mei Tanaka" for bib 104 */
    w = (size_t)snprintf(want, sizeof(want), "#%.0f", x->v);
    for (p = t; (p = strstr(p, want)); p++)
        if (!isdigit((unsigned char)p[w])) {
            *at = (size_t)(p - t) + 1;
            return 1;
        }
    want[0] = '-'; /* after a prefix of letters: "BUG-1042", "ORD-77"; or glued to it, "Q61" */
    for (p = t; (p = strstr(p, want)); p++) {
        const char *b = p;
        while (b > t && isalpha((unsigned char)b[-1]))
            b--;
        if (!isdigit((unsigned char)p[w]) && p[w] != '.' && p - b >= 1 && p - b <= 6 &&
            (b == t || !isalnum((unsigned char)b[-1]))) {
            *at = (size_t)(p - t) + 1;
            return 1;
        }
    }
    for (p = t; (p = strstr(p, want + 1)); p++) {
        const char *b = p;
        while (b > t && isalpha((unsigned char)b[-1]))
            b--;
        if (!isdigit((unsigned char)p[w - 1]) && p[w - 1] != '.' && p - b >= 1 && p - b <= 3 &&
            (b == t || !isalnum((unsigned char)b[-1])) && id_letters(x->name, b, (size_t)(p - b))) {
            *at = (size_t)(p - t);
            return 1;
        }
    }
    return 0;
}

/* A gold text of a word and a number ("Episode 12") whose word names its column (`episode`,
 * `T2.episode`): the number alone says it ({"episode": 12}). */
static int named_number(const struct scorer *s, const struct gcell *x, const struct cand *c,
                        unsigned char *used, size_t *at)
{
    const char *sp = strchr(x->text, ' '), *w;
    size_t n, k;
    if (!x->name || !sp || sp == x->text || !sp[1] ||
        strspn(sp + 1, "0123456789") != strlen(sp + 1))
        return 0;
    n = (size_t)(sp - x->text);
    w = x->name + strlen(x->name);
    while (w > x->name && isalpha((unsigned char)w[-1]))
        w--;
    if (strlen(w) != n || strncasecmp(w, x->text, n))
        return 0;
    for (k = 0; k < n; k++)
        if (!isalpha((unsigned char)x->text[k]))
            return 0;
    return find_num(s, c, NULL, strtod(sp + 1, NULL), used, at, 0);
}

/* The word before t[p] may stand before a family name said alone: none (a clause or an
 * item starts), or a word that is no given name ("and Akhtar", "coach Demir"); not an initial
 * ("J. Demir" is another Demir). */
static int bare_before(const char *t, size_t p)
{
    static const char *const w[] = {
        "and",   "or",        "while",  "whereas", "but",    "then",   "with",    "by",
        "for",   "to",        "of",     "from",    "is",     "was",    "are",     "were",
        "as",    "than",      "that",   "so",      "the",    "both",   "only",    "also",
        "after", "before",    "behind", "ahead",   "over",   "like",   "where",   "when",
        "plus",  "including", "namely", "coach",   "player", "driver", "captain", "mr",
        "ms",    "mrs",       "dr",     "prof",    "sir",    "not",    NULL};
    size_t e, b, k;
    if (p == 0)
        return 1;
    if (t[p - 1] != ' ' && t[p - 1] != '(' && t[p - 1] != '\'')
        return 0; /* inside a token: "petra.lindgren@…" */
    for (e = p; e > 0 && t[e - 1] == ' '; e--)
        ;
    if (e == 0)
        return 1;
    if (t[e - 1] == '.' && e >= 2 && isalpha((unsigned char)t[e - 2]) &&
        (e == 2 || !isalpha((unsigned char)t[e - 3])))
        return 0; /* an initial */
    if (!isalpha((unsigned char)t[e - 1]) && (unsigned char)t[e - 1] < 0x80)
        return 1;
    for (b = e; b > 0 && (isalpha((unsigned char)t[b - 1]) || (unsigned char)t[b - 1] >= 0x80); b--)
        ;
    for (k = 0; w[k]; k++)
        if (strlen(w[k]) == e - b && !strncmp(t + b, w[k], e - b))
            return 1;
    return 0;
}

/* A key that is a personal name said by its family name alone ("Demir" for Yusuf Demir), that
 * name no word of another gold row, and no other given name before it ("Carlos Lopez" is no
 * Maria Lopez). */
static int surname_alone(const char *t, size_t p, size_t n)
{
    const char *end = t + p + n;
    return bare_before(t, p) && *end != '@' && !(*end == '.' && isalpha((unsigned char)end[1]));
}

/* ... and not a family of that name ("the Whitaker family" is no Jake Whitaker). */
static int surname_of_one(const char *t, size_t p, size_t n)
{
    static const char *const group[] = {" family", " household", " brothers", " sisters", NULL};
    int k;
    for (k = 0; group[k]; k++)
        if (!strncmp(t + p + n, group[k], strlen(group[k])))
            return 0;
    return surname_alone(t, p, n);
}

/* The first place in t of word w where alone(t, place, strlen(w)) holds, in *at. */
static int word_alone(const char *t, const char *w, size_t *at,
                      int (*alone)(const char *, size_t, size_t))
{
    size_t from = 0, p;
    for (; w && text_has(t + from, w, &p); from += p + 1)
        if (alone(t, from + p, strlen(w))) {
            *at = from + p;
            return 1;
        }
    return 0;
}

/* ... or by all its names after the first, of a name of three words or more ("Lloyd Webber"
 * for Andrew Lloyd Webber, "García Márquez" for Gabriel García Márquez). */
static int surname_only(const struct gcell *x, const char *t, size_t *at)
{
    const char *rest = x->surname ? strchr(x->text, ' ') : NULL;
    int (*alone)(const char *, size_t, size_t) =
        strstr(x->text, "famil") ? surname_alone : surname_of_one; /* "Dubois family" for
                                                                     Famille Dubois */
    if (word_alone(t, x->surname, at, alone))
        return 1;
    return rest && rest + 1 < x->surname && word_alone(t, rest + 1, at, alone);
}

/* The given name t[p, p + n) is a bare word, no plural ("depots" is no Depot Annecy). */
static int given_alone(const char *t, size_t p, size_t n)
{
    return surname_alone(t, p, n) && !isalnum((unsigned char)t[p + n]);
}

/* In the raw reply r, the given name g (of the gold's whole name w, normalised) is always
 * before the rest of w or no capitalised word: no other person of that given name ("Maria
 * Lopez" beside Maria Garcia). */
static int given_of_one(const char *r, const char *g, const char *w)
{
    size_t n = strlen(g), k;
    const char *p, *rest = w + n + 1;
    for (p = r; *p; p++) {
        if ((p > r && isalnum((unsigned char)p[-1])) || strncasecmp(p, g, n) ||
            isalnum((unsigned char)p[n]) || p[n] != ' ' || !isupper((unsigned char)p[n + 1]))
            continue;
        for (k = 0; rest[k] && rest[k] != ' ' && tolower((unsigned char)p[n + 1 + k]) == rest[k];
             k++)
            ;
        if (!(k > 0 && (!rest[k] || rest[k] == ' ') && !isalnum((unsigned char)p[n + 1 + k])))
            return 0;
    }
    return 1;
}

/* Outside its thoughts, the reply r says x's whole name before it first says the given name
 * alone ("Diego Arellano sold … So: Diego 31.4"; not "Maureen, Colin, … So: Colin Threlfall"). */
static int whole_before_given(const struct scorer *s, const struct gcell *x)
{
    static const char *const close[] = {"</think>", "</thinking>", "</reasoning>", NULL};
    const char *p = reply_normalised(s), *q;
    size_t whole, at, from = 0, n = strlen(x->given);
    int k, ok = 0;
    for (k = 0; close[k]; k++) /* past the last close of the thoughts */
        for (q = strstr(p, close[k]); q; q = strstr(q + 1, close[k]))
            p = q + strlen(close[k]) > p ? q + strlen(close[k]) : p;
    if (text_has(p, x->text, &whole)) {
        ok = 1;
        while (ok && text_has(p + from, x->given, &at) && from + at < whole) {
            at += from; /* a given name alone before the whole name */
            ok = !given_alone(p, at, n) || !strncmp(p + at, x->text, strlen(x->text));
            from = at + 1;
        }
    }
    return ok;
}

/* A person's given name said alone ("So: Diego 31.4, Hannah 86.44"), once the reply has said
 * the whole name, and no other person of that given name is in it. */
static int given_after_whole(const struct scorer *s, const struct gcell *x, const char *t,
                             size_t *at)
{
    size_t n = x->given ? strlen(x->given) : 0, k;
    const char *rest = x->text + n + 1, *after;
    if (!n || !s->reply || !word_alone(t, x->given, at, given_alone))
        return 0;
    after = t + *at + n + (t[*at + n] == ' ');
    for (k = 0; after[k] && after[k] == rest[k] && rest[k] != ' '; k++)
        ;
    if (k > 0 && !isalnum((unsigned char)after[k]))
        return 0; /* "Sea Swift" of Sea Swift II, "Zoe Ach" cut off: more of the name */
    return given_of_one(s->reply, x->given, x->text) && whole_before_given(s, x);
}

int surname_said(const struct gcell *x, const char *t)
{
    size_t at;
    return x->surname && surname_only(x, t, &at);
}

/* What follows a key's stem said alone (t[e]): nothing, a mark, a number, or a word that
 * starts no longer name ("Aldo (1,310 km)", "Mill Lane and Northgate"; not "Aldo Lake"). */
static int bare_after(const char *t, size_t e)
{
    /* joining words, and verbs saying where it stands or what it holds ("Similaun stands at
     * 3,019 m") */
    static const char *const w[] = {
        "and",   "or",      "with",  "is",     "was",   "has",   "had",   "at",
        "in",    "on",      "for",   "but",    "then",  "while", "are",   "were",
        "to",    "by",      "from",  "stands", "sits",  "lies",  "costs", "charges",
        "holds", "offers",  "opens", "opened", "ranks", "comes", "came",  "leads",
        "tops",  "reaches", "rises", "sleeps", NULL};
    size_t b, k;
    if (!t[e] || (t[e] != ' ' && !isalnum((unsigned char)t[e]) && (unsigned char)t[e] < 0x80))
        return 1;
    if (t[e] != ' ' || !isalpha((unsigned char)t[e + 1]))
        return t[e] == ' ';
    for (b = e + 1; isalpha((unsigned char)t[b]); b++)
        ;
    for (k = 0; w[k]; k++)
        if (strlen(w[k]) == b - e - 1 && !strncmp(t + e + 1, w[k], b - e - 1))
            return 1;
    return 0;
}

/* A key ending in a class of place said without it ("Aldo" for Aldo River), what is left no
 * words of another gold row, and no other name after it. */
static int stem_alone(const char *t, size_t p, size_t n)
{
    return bare_after(t, p + n);
}

static int stem_only(const struct gcell *x, const char *t, size_t *at)
{
    char bare[64];
    size_t i, n = 0;
    if (!x->stem || word_alone(t, x->stem, at, stem_alone))
        return x->stem != NULL;
    if (!strchr(x->stem, '.') || strlen(x->stem) >= sizeof(bare))
        return 0;
    for (i = 0; x->stem[i]; i++) /* without its full stops: "st brigid's" of "st. brigid's …" */
        if (x->stem[i] != '.')
            bare[n++] = x->stem[i];
    bare[n] = '\0';
    return word_alone(t, bare, at, stem_alone);
}

/* The leading words at t[p], n long, stand alone: nothing but a mark, a number or a joining
 * word after them, and no other name's word before them ("the Velislavova bible" is no "Bible
 * olomoucká"; "a Dendrobium" no species of it); no number that goes with them as a name's. */
static int lead_alone(const char *t, size_t p, size_t n)
{
    size_t e = p + n;
    if (t[e] == ' ' && isdigit((unsigned char)t[e + 1])) {
        for (e++; isdigit((unsigned char)t[e]); e++)
            ;
        if (t[e] == ' ' && isdigit((unsigned char)t[e + 1]))
            return 0; /* a whole number, then the value: the name's ("Sports 2000 25.97 s") */
    }
    return bare_after(t, p + n) && bare_before(t, p);
}

/* The answer ans[0, n), normalised, ends with w (maybe before a "&", "-" or ","). */
static int answer_ends_with(const char *ans, size_t n, const char *w)
{
    struct buf t = BUF_INIT;
    size_t l = strlen(w), e;
    int yes;
    text_norm(ans, n, &t, NULL);
    for (e = t.len; e > 0 && strchr(" &-,", t.s[e - 1]); e--)
        ;
    yes = e >= l && !strncmp(t.s + e - l, w, l) &&
          (e == l || !isalnum((unsigned char)t.s[e - l - 1]));
    buf_release(&t);
    return yes;
}

/* A key said by its leading words alone ("Hulme 22.5" for Hulme Community Hall); not the last
 * words of an answer that stops without a closing mark, which may be cut off inside the name
 * ("… 3. Kilvane", "… Salt &"), unless they end a list of names as long as the gold's
 * ("Answer: Würzburg, Leipzig, Freiburg"). */
static int lead_only(const struct scorer *s, const struct gcell *x, const char *t, size_t *at)
{
    size_t n, e;
    int k;
    for (k = 0; k < 3 && x->lead[k]; k++)
        if (word_alone(t, x->lead[k], at, lead_alone)) {
            const char *ans = s->answer ? s->answer : "";
            for (n = strlen(ans); n > 0 && isspace((unsigned char)ans[n - 1]); n--)
                ;
            e = *at + strlen(x->lead[k]);
            if (!s->whole_list && !t[e + strspn(t + e, " &-,")] && n &&
                !strchr(".)!?\"'*`]}|", ans[n - 1]) && answer_ends_with(ans, n, x->lead[k]))
                return 0;
            return 1;
        }
    return 0;
}

/* s without the marks that only set words apart (those of marks: ",", "(", ")", "-", and a
 * ":" before a space, not a clock's), runs of spaces made one; with asides, without a short
 * aside in brackets either ("gas (SO2) spectrometer"); into out, and where each of its bytes
 * was in s into pos (both as long as s). */
static size_t unmarked(const char *s, const char *marks, int asides, char *out, size_t *pos)
{
    size_t i, n = 0;
    for (i = 0; s[i]; i++) {
        char ch = strchr(marks, s[i]) && (s[i] != ':' || s[i + 1] == ' ') ? ' ' : s[i];
        const char *close = asides && s[i] == '(' ? strchr(s + i, ')') : NULL;
        if (close && close - (s + i) <= 24 && !memchr(s + i + 1, '(', (size_t)(close - s) - i))
            i = (size_t)(close - s), ch = ' ';
        if (ch == ' ' && (n == 0 || out[n - 1] == ' '))
            continue;
        out[n] = ch, pos[n++] = i;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return n;
}

/* Text cell x of two words or more in t, its words set apart by other marks ("Fauré, Fantaisie
 * Op. 79" or "Fauré: Fantaisie Op. 79" for "Fauré Fantaisie Op. 79"; "Elgar Cello Concerto (1st
 * mvt)" for "…, 1st mvt"). */
static int unmarked_at(const struct gcell *x, const char *t, size_t *at)
{
    size_t n = strlen(t), xn = strlen(x->text), first = strcspn(x->text, " ,:"), a;
    size_t pos[512], xpos[128];
    const char *last = strrchr(x->text, ' ');
    char lt[512], lx[128], w[32];
    if (!last || first == xn || first >= sizeof w || xn < 8 || n >= sizeof lt || xn >= sizeof lx ||
        !strpbrk(t, ",()-:"))
        return 0; /* one word ("a,b" is one too) */
    memcpy(w, x->text, first), w[first] = '\0';
    if (!strstr(t, w) || !strstr(t, last + 1))
        return 0; /* its first or last word is not there: no need to look closer */
    /* a bracket or dash only where the cell has a mark too: "Kettle Pro (2 units)" is no
     * "Kettle Pro 2"; an aside in brackets between its words is no word of it */
    unmarked(x->text, ",()-:", 0, lx, xpos);
    unmarked(t, strpbrk(x->text, ",()-:") ? ",()-:" : ",:", 0, lt, pos);
    if (!text_has(lt, lx, &a)) {
        if (strchr(x->text, '(') || !strchr(t, '('))
            return 0;
        unmarked(t, ",:", 1, lt, pos);
        if (!text_has(lt, lx, &a) || !strchr(t + pos[a], '('))
            return 0;
    }
    *at = pos[a];
    return 1;
}

int cell_text_at(const struct gcell *x, const char *t, size_t *at)
{
    size_t k;
    if (text_has(t, x->text, at) || unmarked_at(x, t, at))
        return 1; /* the whole text before a shorter form of it */
    for (k = 0; k < x->nalt; k++)
        if (text_has(t, x->alt[k], at) ||
            (!strcmp(x->alt[k], "may:") && !strncmp(t, "may", 3) && !t[3 + (t[3] == '.')]))
            return 1; /* "may" alone as a list's part is the month ("April, May and June") */
    return 0;
}

/* The word w[0, n) is at t[q], whole. */
static int word_at(const char *t, size_t q, const char *w, size_t n)
{
    return !strncmp(t + q, w, n) && !isalnum((unsigned char)t[q + n]) &&
           (unsigned char)t[q + n] < 0x80;
}

/* The rest of name w (from a space) follows at t[q], with one joining word put between two of
 * its words; where it ends in t, or 0. */
static size_t joined_rest(const char *t, size_t q, const char *w)
{
    static const char *const join[] = {"of",  "from", "in",  "du", "de", "des", "la", "le",
                                       "the", "von",  "van", "di", "da", "del", NULL};
    int joined = 0, k;
    size_t n, j;
    for (; *w == ' '; w += n) {
        n = strcspn(++w, " ");
        if (t[q++] != ' ')
            return 0;
        j = strcspn(t + q, " "); /* the word there, maybe a joining one */
        for (k = 0; !joined && j <= 4 && t[q + j] == ' ' && !word_at(t, q, w, n) && join[k]; k++)
            if (strlen(join[k]) == j && !strncmp(t + q, join[k], j) &&
                word_at(t, q + j + 1, w, n)) {
                q += j + 1, joined = 1;
                break;
            }
        if (!word_at(t, q, w, n))
            return 0;
        q += n;
    }
    return joined ? q : 0;
}

/* A name of two words or more in t with a joining word put between two of its words ("Fram
 * logbook of 1893" for Fram logbook 1893, "Fromagerie du Vaucluse" for Fromagerie Vaucluse). */
static int joined_at(const struct gcell *x, const char *t, size_t *at)
{
    char first[32];
    size_t n = strcspn(x->text, " ");
    const char *f;
    if (!x->text[n] || n >= sizeof(first) || strpbrk(x->text, ",()&/"))
        return 0;
    memcpy(first, x->text, n);
    first[n] = '\0';
    for (f = strstr(t, first); f; f = strstr(f + 1, first))
        if ((f == t || (!isalnum((unsigned char)f[-1]) && (unsigned char)f[-1] < 0x80)) &&
            word_at(t, (size_t)(f - t), first, n) &&
            joined_rest(t, (size_t)(f - t) + n, x->text + n)) {
            *at = (size_t)(f - t);
            return 1;
        }
    return 0;
}

/* ---- a name misspelt ----------------------------------------------------------------------- */

/* Letters of a name's word: a-z and the apostrophe ("o'neill"). */
static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || c == '\'';
}

/* Whether words a (an bytes) and b (bn) are at most max edits apart (insert, delete, replace,
 * swap two neighbours); both at most 31 bytes. */
static int within_edits(const char *a, size_t an, const char *b, size_t bn, int max)
{
    int d[32][32], i, j;
    if (an > 31 || bn > 31 || (an > bn ? an - bn : bn - an) > (size_t)max)
        return 0;
    for (i = 0; i <= (int)an; i++)
        d[i][0] = i;
    for (j = 0; j <= (int)bn; j++)
        d[0][j] = j;
    for (i = 1; i <= (int)an; i++)
        for (j = 1; j <= (int)bn; j++) {
            int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            v = d[i - 1][j] + 1 < v ? d[i - 1][j] + 1 : v;
            v = d[i][j - 1] + 1 < v ? d[i][j - 1] + 1 : v;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[an][bn] <= max;
}

/* The cell's words from t[p] on, one of them misspelt: a word of letters only, six or more,
 * its first letter kept, one edit away: "Kirschner" for Kirchner, "Marseilles" for Marseille
 * ("Fjordland" for Fjordklang, two edits, is another name).  Returns the end in t, or 0. */
static size_t misspelt_at(const char *t, size_t p, const char *want)
{
    int fuzzy = 0;
    for (;;) {
        size_t wn = strcspn(want, " "), tn = 0, k;
        int letters = 1;
        while (t[p + tn] && t[p + tn] != ' ' && t[p + tn] != ',' && t[p + tn] != '|' &&
               t[p + tn] != ')' && t[p + tn] != '.' && t[p + tn] != ';' && t[p + tn] != ':')
            tn++;
        for (k = 0; k < wn && letters; k++)
            letters = name_char(want[k]);
        for (k = 0; k < tn && letters; k++)
            letters = name_char(t[p + k]);
        if (tn != wn || strncmp(t + p, want, wn)) {
            if (fuzzy || !letters || wn < 6 || t[p] != want[0] ||
                !within_edits(want, wn, t + p, tn, 1))
                return 0;
            fuzzy = 1;
        }
        p += tn, want += wn;
        if (!*want)
            return fuzzy && !name_char(t[p]) ? p : 0;
        if (t[p] != ' ')
            return 0;
        p++, want++;
    }
}

/* Whole-word occurrences of w in raw text, once normalised. */
static size_t occurrences(const char *raw, const char *w)
{
    struct buf t = BUF_INIT;
    size_t n = 0, from = 0, at;
    text_norm(raw, strlen(raw), &t, NULL);
    for (; t.s && text_has(t.s + from, w, &at); from += at + 1)
        n++;
    buf_release(&t);
    return n;
}

/* The misspelt form t[b, e) is also written in the reply outside its answer, and so is the
 * gold's own spelling ("Annika Lindquist (Sentence 14) — 42 goals" beside "Annika Lindqvist —
 * 57"): another name that the reply tells apart, not a slip.  A reply that misreads a name of
 * several words writes it one way throughout; one word so written may be another name's
 * ("Paediatric ICU" for Paediatrics). */
static int spelt_apart(const struct scorer *s, const char *gold, const char *t, size_t b, size_t e)
{
    char *w;
    int apart;
    if (!s->reply || !s->answer)
        return 0;
    w = xstrndup(t + b, e - b);
    apart = occurrences(s->reply, w) > occurrences(s->answer, w) &&
            (occurrences(s->reply, gold) || !strchr(gold, ' '));
    free(w);
    return apart;
}

/* Every word of want that cannot be the misspelt one (shorter than six letters, or not all
 * letters) is in t: a quick test before the word-by-word one. */
static int fixed_words_in(const char *want, const char *t)
{
    char w[64];
    size_t b, e, k;
    int letters;
    for (b = 0; want[b]; b = e + (want[e] == ' ')) {
        for (e = b, letters = 1; want[e] && want[e] != ' '; e++)
            letters &= name_char(want[e]);
        if ((letters && e - b >= 6) || e - b >= sizeof(w))
            continue;
        for (k = 0; k < e - b; k++)
            w[k] = want[b + k];
        w[k] = '\0';
        if (!strstr(t, w))
            return 0;
    }
    return 1;
}

static int misspelt(const struct scorer *s, const struct gcell *x, const char *t, size_t *at)
{
    size_t p, e;
    if (x->is_date || strlen(x->text) < 6 || !fixed_words_in(x->text, t))
        return 0;
    for (p = 0; t[p]; p++)
        if ((p == 0 || !name_char(t[p - 1])) && t[p] == x->text[0] &&
            (e = misspelt_at(t, p, x->text)) && !spelt_apart(s, x->text, t, p, e)) {
            *at = p;
            return 1;
        }
    return 0;
}

/* The zero at t[at] is given as a value ("so the total is zero", "average: 0"), not a count of
 * none ("0 corporate donations"). */
static int zero_given(const char *t, size_t at)
{
    static const char *const w[] = {"is ",       "was ",     "be ",       "equals ", ": ",
                                    "= ",        "$",        "total of ", "sum of ", "average of ",
                                    "comes to ", "come to ", NULL};
    static const char *const adv[] = {"therefore ", "thus ",   "then ",      "effectively ",
                                      "simply ",    "just ",   "also ",      "probably ",
                                      "likely ",    "surely ", "basically ", NULL};
    static const char *const denied[] = {"rather than ", "instead of ", NULL};
    int k;
    for (k = 0; denied[k]; k++) { /* "… no answer, rather than an answer of 0" */
        const char *p = t, *q, *last = NULL;
        while ((q = strstr(p, denied[k])) && (size_t)(q - t) < at)
            last = q, p = q + 1;
        if (last && at - (size_t)(last - t) <= 30)
            return 0;
    }
    for (k = 0; adv[k]; k++) /* "is therefore 0 kg" */
        if (at >= strlen(adv[k]) && !strncmp(t + at - strlen(adv[k]), adv[k], strlen(adv[k])) &&
            (at == strlen(adv[k]) || t[at - strlen(adv[k]) - 1] == ' ')) {
            at -= strlen(adv[k]);
            break;
        }
    for (k = 0; w[k]; k++)
        if (at >= strlen(w[k]) && !strncmp(t + at - strlen(w[k]), w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* c gives a cell as 0 ("Ægir: 0 minutes (no delays)", "so its average is 0"): a NULL is no 0,
 * whatever else c says of it. */
int gives_zero(const struct cand *c)
{
    size_t j;
    for (j = 0; j < c->nnums; j++)
        if (c->nums[j].v == 0 && zero_given(c->text, c->nums[j].at))
            return 1;
    return 0;
}

/* t[i] is a dash opening a cell, and an aside in brackets closes the cell ("| - (active) |"). */
static int dash_aside(const char *t, size_t i)
{
    const char *close;
    if ((i && (i < 2 || t[i - 1] != ' ' || t[i - 2] != '|')) || strncmp(t + i + 1, " (", 2) ||
        !(close = strchr(t + i + 3, ')')) || memchr(t + i + 3, '(', (size_t)(close - t - i - 3)))
        return 0;
    return !close[1] || !strncmp(close + 1, " |", 2);
}

/* A candidate naming its key says a NULL cell has no value: a cell that is only a dash
 * ("| - |", "Marrow Halt -"), or one with an aside ("| - (active) |"), or a word of absence or
 * negation ("no finish time", "did not retake", "still in service", "vacant", "DNF", "no rating
 * yet"). */
int null_said(const char *t)
{
    static const char *const w[] = {"no",  "not", "never",   "without", "none",   "vacant",
                                    "dnf", "n/a", "null",    "nil",     "nobody", "still",
                                    "yet", "nor", "neither", "pending", NULL};
    size_t i, k, n = strlen(t);
    for (i = 0; i < n; i++) {
        if (t[i] == '-' && (i == 0 || t[i - 1] == ' ') && (i + 1 == n || t[i + 1] == ' ') &&
            (i + 1 == n || t[i + 2] == '|' || (i >= 2 && t[i - 2] == '|')))
            return 1; /* a dash alone in a cell, or ending the row */
        if (t[i] == '-' && dash_aside(t, i))
            return 1;
        if (!strncmp(t + i, "n't", 3)) /* "don't give a lifespan" */
            return 1;
        if (i && isalnum((unsigned char)t[i - 1]))
            continue;
        for (k = 0; w[k]; k++) {
            size_t m = strlen(w[k]);
            if (!strncmp(t + i, w[k], m) && !isalnum((unsigned char)t[i + m]) &&
                !(k == 0 && i >= 2 && isalpha((unsigned char)t[i - 2]) &&
                  (t[i + m] == ':' || !strncmp(t + i + m, " |", 2))))
                return 1; /* not the "no" of a label ("tracking no | wx1035", "lot no:") */
        }
    }
    return 0;
}

/* A short gold text ("A") found at t[at] with a grade's sign after it ("A-", "B+"): another
 * value. */
static int graded(const char *gold, const char *t, size_t at)
{
    size_t n = strlen(gold), k;
    if (n > 2)
        return 0;
    for (k = 0; k < n; k++)
        if (!t[at + k])
            return 0; /* found by a shorter spelling at the text's end: nothing after it */
    return t[at + n] == '+' || (t[at + n] == '-' && !isalnum((unsigned char)t[at + n + 1]));
}

/* A 0 or 1 of a plain column (`same_count`, `is_open`; no aggregate, no rank) said as a yes
 * or no: "Yes, both clinics treated 340" for 1; "no" only where the answer or a field opens. */
static int yes_no(const struct gcell *x, const char *t, size_t *at)
{
    const char *p;
    if ((x->v != 0 && x->v != 1) || x->counts || x->rankcol || !x->name || strchr(x->name, '('))
        return 0;
    if (x->v == 1)
        return text_has(t, "yes", at) || text_has(t, "true", at);
    for (p = t;; p += 2) {
        if ((!strncmp(p, "no", 2) && !isalnum((unsigned char)p[2])) ||
            (!strncmp(p, "false", 5) && !isalnum((unsigned char)p[5]))) {
            *at = (size_t)(p - t);
            return 1;
        }
        if (!(p = strstr(p, ": ")))
            return 0;
    }
}

/* The words that deny what t[b] says, written right before it ("not ", "without a "): their
 * length, or 0. */
static size_t denied_by(const char *t, size_t b)
{
    static const char *const w[] = {"not ",     "non ",     "without a ", "without an ",
                                    "without ", "with no ", "no ",        NULL};
    return word_ending_at(t, b, w);
}

/* A 0 or 1 of a plain column said by the column's own word ("organic" of `organic` for 1,
 * "not organic", "non-organic", "without a blue flag" for 0): *at where. */
static int flag_word(const struct gcell *x, const char *t, size_t *at)
{
    char words[8][32];
    size_t nw, k, m;
    const char *p;
    if ((x->v != 0 && x->v != 1) || x->counts || x->rankcol || !x->name || strchr(x->name, '('))
        return 0;
    nw = column_words(x->name, words);
    for (k = 0; k < nw; k++)
        for (p = t, m = strlen(words[k]); (p = strstr(p, words[k])); p++) {
            size_t b = (size_t)(p - t), neg = denied_by(t, b);
            if ((b && isalpha((unsigned char)p[-1])) || isalpha((unsigned char)p[m]) ||
                (b >= 2 && isdigit((unsigned char)p[-2])) ||
                (p[m] && isdigit((unsigned char)p[m + 1])))
                continue; /* a number's label, no flag: "2 lessons", "rating 2" */
            if (!neg == (x->v == 1)) {
                *at = b - neg;
                return 1;
            }
        }
    return 0;
}

/* w (lower case) starts a word of t. */
static int word_start_in(const char *t, const char *w)
{
    const char *p;
    for (p = t; (p = strstr(p, w)); p++)
        if (p == t || !isalpha((unsigned char)p[-1]))
            return 1;
    return 0;
}

/* t says a word of column `name` with "un" before it ("unsponsored" for `sponsor`, "unrated"
 * for `rating`): the column's value is missing. */
int un_column(const char *name, const char *t)
{
    char words[8][32], w[40];
    size_t nw = name ? column_words(name, words) : 0, i, n;
    for (i = 0; i < nw; i++) {
        snprintf(w, sizeof w, "un%.30s", words[i]);
        if (word_start_in(t, w))
            return 1;
        n = strlen(words[i]);
        if (n < 6 || strcmp(words[i] + n - 3, "ing"))
            continue;
        snprintf(w, sizeof w, "un%.*sed", (int)(n - 3), words[i]); /* "rating": "unrated" */
        if (word_start_in(t, w))
            return 1;
    }
    return 0;
}

/* A year cell said as a whole date in that year ("launched 11 March 1911" for launch_year). */
static int year_of_date(const struct gcell *x, const struct cand *c, size_t *at)
{
    size_t i;
    int64_t y;
    int m, d;
    if (!x->name || !strstr(x->name, "year") || x->v != floor(x->v) || x->v < 1000 || x->v > 2999)
        return 0;
    for (i = 0; i < c->ndates; i++) {
        civil_from_days(c->dates[i].day, &y, &m, &d);
        if ((double)y == x->v) {
            *at = c->dates[i].at;
            return 1;
        }
    }
    return 0;
}

/* Gold "YYYY-MM" named by its month at t ("January"), and a year after it that is another
 * ("January 2023" for 2024-01). */
static int month_of_other_year(const char *gold, const char *t)
{
    size_t e = 0;
    if (strlen(gold) != 7 || gold[4] != '-' || !isalpha((unsigned char)*t))
        return 0;
    while (isalpha((unsigned char)t[e]))
        e++;
    e += t[e] == ',';
    return t[e] == ' ' && strspn(t + e + 1, "0123456789") == 4 && strncmp(t + e + 1, gold, 4);
}

/* The word at t[p] is a day of the month d, with or without its ordinal suffix ("3", "3rd");
 * returns its length, or 0. */
static size_t day_word(const char *t, size_t p, int d)
{
    char *e;
    long v;
    if (!isdigit((unsigned char)t[p]) || (p && isalnum((unsigned char)t[p - 1])))
        return 0;
    v = strtol(t + p, &e, 10);
    if (v != d || e - (t + p) > 2)
        return 0;
    if (!strncmp(e, "st", 2) || !strncmp(e, "nd", 2) || !strncmp(e, "rd", 2) ||
        !strncmp(e, "th", 2))
        e += 2;
    return isalnum((unsigned char)*e) ? 0 : (size_t)(e - (t + p));
}

/* The date cell x said without its year, day and month ("3 Nov", "23 December", "November
 * 3rd", "3rd of November"), no year after it: the year the question implies. */
static int yearless_date(const struct gcell *x, const char *t, size_t *at)
{
    int64_t y;
    int m, d;
    size_t p, n, k, w;
    if (!x->is_date || x->is_date > 1 || x->clock[0])
        return 0;
    civil_from_days(x->day[0], &y, &m, &d);
    for (p = 0; t[p]; p++) {
        const char *q = t + p, *e;
        size_t lens[2] = {3, strlen(month_names[m - 1])}, li;
        if (p && isalpha((unsigned char)t[p - 1]))
            continue;
        for (li = 0; li < 2; li++) { /* "Nov", "November" */
            k = lens[li];
            if (strncmp(q, month_names[m - 1], k) || isalpha((unsigned char)q[k]))
                continue;
            e = q + k + (q[k] == '.');
            if (*e == ' ' && (n = day_word(t, (size_t)(e + 1 - t), d)) > 0) { /* "Nov 3rd" */
                e += 1 + n;
                if (!(e[0] == ',' && e[1] == ' ' && isdigit((unsigned char)e[2])) &&
                    !(e[0] == ' ' && isdigit((unsigned char)e[1])))
                    return *at = p, 1;
            }
            for (w = p; w > 0 && t[w - 1] == ' '; w--)
                ;
            if (w >= 3 && !strncmp(t + w - 3, " of", 3))
                w -= 3; /* "3rd of November" */
            while (w > 0 && isalnum((unsigned char)t[w - 1]))
                w--;
            if (w < p && day_word(t, w, d) && !(*e == ' ' && isdigit((unsigned char)e[1])) &&
                !(*e == ',' && e[1] == ' ' && strspn(e + 2, "0123456789") == 4))
                return *at = w, 1; /* "3 Nov", "23 December"; "2 July, 16 July" (a day after
                                      the comma, no year) */
        }
    }
    return 0;
}

/* After a stated count, what was counted: a clause of its own, with no turn after it. */
static int counted_condition(const char *t)
{
    return (strstr(t, " that ") || strstr(t, " who ") || strstr(t, " which ") ||
            strstr(t, " with ")) &&
           !strstr(t, " but ") && !strstr(t, "; ") && !strstr(t, ". ");
}

static int count_column(const struct gcell *x)
{
    return x->name && !strncasecmp(x->name, "count", 5);
}

/* How many items t[b, e) lists: parts between ", " and " and ". */
static int list_items(const char *t, size_t b, size_t e)
{
    int n = 1;
    size_t i;
    for (i = b; i < e; i++) {
        if (!strncmp(t + i, ", ", 2) && i + 2 <= e)
            n++;
        else if (i + 5 <= e && !strncmp(t + i, " and ", 5) && !(i > b && t[i - 1] == ','))
            n++;
    }
    return n;
}

/* The separator of a list's items at t, before e: its length, or 0. */
static size_t list_gap(const char *t, const char *e)
{
    static const char *const sep[] = {", and ", ", ", " and ", NULL};
    int k;
    for (k = 0; sep[k]; k++)
        if ((size_t)(e - t) >= strlen(sep[k]) && !strncmp(t, sep[k], strlen(sep[k])))
            return strlen(sep[k]);
    return 0;
}

/* How many numbers t[0, e) is as a list, after at most three words ("incidents 10, 11, 12",
 * "at 501, 510 and 524"): the ids of what a count counts; 0 if anything else is in it. */
static int id_run(const char *t, const char *e)
{
    int words = 0, n = 0;
    size_t gap;
    while (t < e && *t == ' ')
        t++;
    while (t < e && !isdigit((unsigned char)*t)) {
        const char *w = t;
        while (t < e && isalpha((unsigned char)*t))
            t++;
        if (t == w || t == e || *t != ' ' || ++words > 3)
            return 0;
        t++;
    }
    while (t < e) {
        if (*t == '#')
            t++;
        if (t == e || !isdigit((unsigned char)*t))
            return 0;
        while (t < e && isdigit((unsigned char)*t))
            t++;
        n++;
        if (!(gap = list_gap(t, e)))
            break;
        t += gap;
    }
    return t < e ? 0 : n;
}

/* c ends with v ids after a word ("Tomás Herrera had 102 and 123,"), its last stops aside. */
static int ids_close(const struct cand *c, double v, size_t *at)
{
    size_t len = strlen(c->text), w;
    while (len && strchr(",.; ", c->text[len - 1]))
        len--;
    for (w = len; w >= 2; w--) {
        if (c->text[w - 1] != ' ' || !isalpha((unsigned char)c->text[w - 2]))
            continue;
        if (!isdigit((unsigned char)c->text[w]))
            return 0;
        /* on back past "and 114" to "101 and 114" */
        if (id_run(c->text + w, c->text + len) == (int)v) {
            *at = w;
            return 1;
        }
    }
    return 0;
}

/* A number other than a year is said just before the bracket at t[o], at most one word
 * between ("has 3 (", "two (", "4 coaches ("), or opens it ("(3 sessions, …"): a count given
 * in so many words. */
static int count_beside(const struct cand *c, size_t o)
{
    size_t i, w = o;
    int words = 0;
    while (w > 0 && words < 2) {
        while (w > 0 && c->text[w - 1] == ' ')
            w--;
        while (w > 0 && c->text[w - 1] != ' ')
            w--;
        words++;
    }
    for (i = 0; i < c->nnums; i++)
        if (c->nums[i].at >= w && c->nums[i].at <= o + 1 &&
            !(c->nums[i].v >= 1900 && c->nums[i].v <= 2100))
            return 1;
    return 0;
}

/* A count said by listing what it counts: a bracket of exactly that many items, no count
 * beside it ("2017 (Jerk Shack and Creperie Bretonne)", "Rafael Duarte (103, 110, 132)"), or
 * that many ids to close ("Auth: 4001, 4010, 4022", "… was at tastings 501, 510 and 524",
 * "Cedar Ridge Winery had 103 and 126"). */
static int members_counted(const struct gcell *x, const struct cand *c, size_t *at)
{
    const char *o, *e, *colon;
    if (!count_column(x) || x->v < 2 || x->v > 20 || x->v != floor(x->v))
        return 0;
    for (o = strchr(c->text, '('); o; o = strchr(o + 1, '(')) {
        e = strchr(o, ')');
        if (!e)
            break;
        if (list_items(c->text, (size_t)(o + 1 - c->text), (size_t)(e - c->text)) == (int)x->v &&
            !count_beside(c, (size_t)(o - c->text))) {
            *at = (size_t)(o - c->text);
            return 1;
        }
    }
    o = strrchr(c->text, ')'); /* or the ids the candidate ends with, after a bracket or colon */
    if ((colon = strchr(c->text, ':')) && (!o || colon > o))
        o = colon;
    if (o && id_run(o + 1, o + strlen(o)) == (int)x->v) {
        *at = (size_t)(o - c->text);
        return 1;
    }
    return ids_close(c, x->v, at);
}

/* t says its subject got none of something ("received no offers", "did not receive any
 * offers", "has no bookings"): a count of 0, at *at. */
int none_received(const char *t, size_t *at)
{
    static const char *const w[] = {
        " no ",         "not receive any", "n't receive any", "not have any",
        "n't have any", "not get any",     "n't get any",     NULL};
    const char *p;
    int k;
    for (k = 0; w[k]; k++)
        if ((p = strstr(t, w[k])) && (k > 0 || isalpha((unsigned char)p[4]))) {
            *at = (size_t)(p - t) + (k == 0);
            return 1;
        }
    return 0;
}

/* t opens with a number, a noun and a verb: the count of its subject ("Four troupes performed
 * on all three days", "6 bins were emptied"). */
static int counted_subject(const char *t)
{
    static const char *const verb[] = {"were", "are", "was", "is", "have", "had", "did", NULL};
    size_t b = strcspn(t, " "), e;
    int k;
    if (t[b] != ' ')
        return 0;
    b += 1 + strcspn(t + b + 1, " "); /* past the noun */
    if (t[b] != ' ' || !isalpha((unsigned char)t[b + 1]))
        return 0;
    for (e = ++b; isalpha((unsigned char)t[e]); e++)
        ;
    for (k = 0; verb[k]; k++)
        if (strlen(verb[k]) == e - b && !strncmp(t + b, verb[k], e - b))
            return 1;
    return e - b >= 4 && !strncmp(t + e - 2, "ed", 2);
}

/* c states a count other than v in so many words ("there are 6 jobs", "I found 6", "a total
 * of 6") and goes on to say what was counted ("… 6 jobs that received a rating of five
 * stars"): its other numbers are that condition's, not the count; unless it turns ("I count 6
 * ferries, but only 4 run at night"). */
static int other_count_said(const struct cand *c, double v)
{
    static const char *const w[] = {"there are ", "there were ", "there is ",
                                    "i found ",   "i count ",    "i counted ",
                                    "total of ",  "count is ",   NULL};
    size_t j, l;
    int k;
    for (j = 0; j < c->nnums; j++) {
        const struct num *n = &c->nums[j];
        if (n->v == v || n->alt || n->v != floor(n->v) || n->v < 0)
            continue;
        if (n->at == 0 && counted_subject(c->text))
            return !strstr(c->text, " but ");
        for (k = 0; w[k]; k++)
            if (n->at >= (l = strlen(w[k])) && !strncmp(c->text + n->at - l, w[k], l))
                return counted_condition(c->text + n->at);
    }
    return 0;
}

/* A whole number of a column of months or quarters said as its name ("July", "Jul", "Q3": its
 * other spellings, grow_build's; "May" only before no word: not "it may be"). */
static int period_named(const struct gcell *x, const char *t, size_t *at)
{
    size_t k, e;
    for (k = 0; k < x->nalt; k++) {
        const char *p = t;
        while (text_has(p, x->alt[k], at)) {
            *at += (size_t)(p - t);
            e = *at + strlen(x->alt[k]);
            if ((strcmp(x->alt[k], "may") || !(t[e] == ' ' && isalpha((unsigned char)t[e + 1]))) &&
                strncmp(t + e, " or ", 4) && !(*at >= 4 && !strncmp(t + *at - 4, " or ", 4)))
                return 1; /* not one of two offered: "placed around 6th or 7th" */
            p = t + *at + 1;
        }
    }
    return 0;
}

/* c stands for the row whose key is NULL in words of its own ("(no gardener assigned) | 2",
 * "Stations without a region: 412 m"), names nothing else and leaves nothing out ("staff
 * without a department, so I left them out"). */
static int null_key_phrase(const struct scorer *s, const struct cand *c)
{
    static const char *const out[] = {"left them out", "left it out", "excluded", "omitted",
                                      "not included",  "not counted", "ignored",  NULL};
    size_t b, e;
    int k;
    for (k = 0; out[k]; k++)
        if (strstr(c->text, out[k]))
            return 0;
    return !c->other &&
           re_find((struct scorer *)s, s->null_item, c->text, strlen(c->text), 0, &b, &e);
}

/* The key's words said in another order, or, for a name with a bracket, those of another of
 * its spellings ("12" Dobsonian" for "Dobsonian 12" (club)", without the bracket). */
int reordered_key(const struct gcell *x, const char *t, size_t *at)
{
    size_t k;
    if (text_has_reordered(t, x->text, at))
        return 1;
    for (k = 0; strchr(x->text, '(') && k < x->nalt; k++)
        if (text_has_reordered(t, x->alt[k], at))
            return 1;
    return 0;
}

/* t spells out the letters of want, one word of three letters or more apiece ("new england
 * biolabs" for "neb"), at *at. */
static int spelt_out(const char *t, const char *want, size_t *at)
{
    size_t i, n = strlen(want), k, p;
    for (i = 0; t[i]; i++) {
        if ((i && isalpha((unsigned char)t[i - 1])) || t[i] != want[0])
            continue;
        for (k = 0, p = i; k < n && t[p] == want[k]; k++) {
            size_t e = p;
            while (isalpha((unsigned char)t[e]))
                e++;
            if (e - p < 3)
                break;
            p = e + (t[e] == ' ');
        }
        if (k == n && !isalpha((unsigned char)t[p])) {
            *at = i;
            return 1;
        }
    }
    return 0;
}

/* A 0 in c named by the words of x's aggregate ("average score 0" for a NULL `AVG(score)`
 * beside a count of 0): that 0 is x's, not the other cell's. */
static int zero_of_function(const struct gcell *x, const struct cand *c)
{
    size_t j, k, b;
    const char *p;
    for (j = 0; x->fn && j < c->nnums; j++)
        for (k = 0; c->nums[j].v == 0 && x->fn[k]; k++) {
            b = c->nums[j].at > 24 ? c->nums[j].at - 24 : 0;
            p = strstr(c->text + b, x->fn[k]);
            if (p && (size_t)(p - c->text) + strlen(x->fn[k]) <= c->nums[j].at &&
                !memchr(p, ':', c->nums[j].at - (size_t)(p - c->text)) &&
                !memchr(p, '(', c->nums[j].at - (size_t)(p - c->text)))
                return 1; /* not another field's: "no maximum delay (count: 0)" */
        }
    return 0;
}

int null_given_zero(const struct gcell *x, const struct cand *c)
{
    return x->kind == CELL_NULL && ((!x->zero_beside && gives_zero(c)) || zero_of_function(x, c));
}

/* The full stop at t[i] ends an abbreviation ("st. ", "mt. ", "dr. "): its length, else 0. */
static size_t abbrev_dot(const char *t, size_t i)
{
    static const char *const abbr[] = {"st", "mt", "ft", "dr", "mr", "mrs", "ms", "jr", "sr", NULL};
    return t[i] == '.' && t[i + 1] == ' ' ? word_ending_at(t, i, abbr) : 0;
}

/* x is in t with the full stop of an abbreviation dropped ("st. aldhelm's green" for St
 * Aldhelm's Green, "mt. kenya"): where, in t.  The copy is made only when t has such a stop. */
static int undotted_at(const struct gcell *x, const char *t, size_t *at)
{
    struct buf u = BUF_INIT;
    size_t i, *map, n = strlen(t);
    const char *p;
    int found = 0;
    for (p = strstr(t, ". "); p && !abbrev_dot(t, (size_t)(p - t)); p = strstr(p + 1, ". "))
        ;
    if (!p || strchr(x->text, '.'))
        return 0;
    map = xcalloc(n + 1, sizeof(size_t));
    for (i = 0; i < n; i++)
        if (!abbrev_dot(t, i)) {
            map[u.len] = i;
            buf_addch(&u, t[i]);
        }
    if (text_has(u.s, x->text, at)) {
        *at = map[*at];
        found = 1;
    }
    free(map);
    buf_release(&u);
    return found;
}

int find_cell(const struct scorer *s, const struct gcell *x, const struct cand *c,
              unsigned char *used, size_t *at, int is_key, int alone)
{
    size_t i;
    *at = 0;
    switch (x->kind) {
    case CELL_NULL: /* an explicit none/unknown: a none-phrase, a dash cell, a negation */
        if (!is_key && null_given_zero(x, c))
            return 0;
        if (is_key && c->refuses && text_has(c->text, "no answer", at)) {
            *at = 0;
            return 0; /* "No answer." names no row, not even one without a name */
        }
        return c->nullish || (!is_key && null_said(c->text)) || un_column(x->name, c->text) ||
               (is_key && null_key_phrase(s, c));
    case CELL_TEXT:
        for (i = 0; x->is_date && i < c->ndates; i++)
            if ((c->dates[i].day == x->day[0] ||
                 (x->is_date > 1 && c->dates[i].day == x->day[1])) &&
                (!x->clock[0] || clock_in(x->clock, c->text, NULL))) {
                *at = c->dates[i].at;
                return 1; /* "9 Dec 2023, 2:20 pm" for 2023-12-09 14:20 */
            }
        if (cell_text_at(x, c->text, at) || undotted_at(x, c->text, at))
            return !other_half_of_day(x->text, c->text + *at) && !graded(x->text, c->text, *at) &&
                   !month_of_other_year(x->text, c->text + *at);
        if (x->is_date && !c->ndates && yearless_date(x, c->text, at))
            return 1;
        if (x->one_day && x->clock[0] && !c->ndates && clock_in(x->clock, c->text, at))
            return 1; /* "13:00 (33.1 m/s)" when every row is of 2024-02-03 */
        return text_has_abbrev(c->text, x->text, at) || text_has_code(c->text, x->text, at) ||
               (x->acronym && spelt_out(c->text, x->text, at)) ||
               (x->code && word_shortened(c->text, x->text, at)) || surname_only(x, c->text, at) ||
               stem_only(x, c->text, at) ||
               (is_key && (plural(c->text, x->text, at) || lead_only(s, x, c->text, at) ||
                           joined_at(x, c->text, at))) ||
               named_number(s, x, c, used, at) || misspelt(s, x, c->text, at) ||
               (x->versus && versus_sides(x->text, c->text, at, NULL)) ||
               (is_key && x->any_order && reordered_key(x, c->text, at)) ||
               (is_key && given_after_whole(s, x, c->text, at));
    case CELL_NUM:
        if (alone && count_column(x) && other_count_said(c, x->v))
            return 0; /* "there are 6 jobs that received a rating of five stars" is no 5 */
        if (find_num(s, c, x, x->v, used, at, alone) || hash_id(x, c->text, at) ||
            yes_no(x, c->text, at) || flag_word(x, c->text, at) || year_of_date(x, c, at) ||
            period_named(x, c->text, at) || (!alone && members_counted(x, c, at)))
            return 1;
        /* a count of 0 is also said as "there are none", "| none |" (not as a refusal: "no
         * answer"), unless a number is labelled as it ("Average price: none. Count: 3.") */
        return x->v == 0 && ((c->nullish && !c->refuses && !number_labelled_as(c, x)) ||
                             (strstr(c->text, "out of ") && out_of_column(x, c->text, at)) ||
                             (count_column(x) && none_received(c->text, at)));
    case CELL_BOOL:
        return text_has(c->text, x->v ? "yes" : "no", at) ||
               text_has(c->text, x->v ? "true" : "false", at) ||
               find_num(s, c, NULL, x->v, used, at, 0);
    }
    return 0;
}

/* The number c->nums[i] is said to be rounded ("approximately 184,000", "~1,500") and written
 * to the unit with trailing zeros: the place of its last nonzero digit, which it was rounded
 * to; else its own unit.  Unhedged, "3,800" for 3776 is another value. */
/* The number c->nums[i] comes after a word that says it is rounded ("about", "~"), maybe
 * with a currency sign between ("about $62,000"). */
static int said_rounded(const struct cand *c, size_t i)
{
    static const char *const w[] = {"approximately ", "approx. ", "about ", "roughly ", "around ",
                                    "nearly ",        "almost ",  "~",      "~ ",       "circa ",
                                    "some ",          NULL};
    static const char *const sign[] = {"$", "€", "£", NULL};
    size_t at = c->nums[i].at, k, l;
    for (k = 0; sign[k]; k++)
        if (at >= strlen(sign[k]) &&
            !strncmp(c->text + at - strlen(sign[k]), sign[k], strlen(sign[k])))
            at -= strlen(sign[k]);
    for (k = 0; w[k]; k++) {
        l = strlen(w[k]);
        if (at >= l && !strncmp(c->text + at - l, w[k], l))
            return 1;
    }
    return 0;
}

static double hedged_unit(const struct cand *c, size_t i)
{
    const struct num *n = &c->nums[i];
    double u = n->unit;
    if (!said_rounded(c, i) || u != 1 || n->v != floor(n->v) || n->v == 0)
        return u;
    while (fmod(n->v, u * 10) == 0 && u < 1e12)
        u *= 10;
    return u;
}

/* A lone number cell answered by a coarser rounding of it. */
int approximate(const struct gcell *x, const struct cand *c)
{
    size_t i;
    if (count_column(x) && other_count_said(c, x->v))
        return 0;
    for (i = 0; i < c->nnums; i++) {
        /* in the scale the column names ("$2.9 billion" of `revenue_musd` is 2900), or in
         * another unit of its dimension, converted ("29.1 tonnes" of `weight_kg`) */
        double r = x->unit ? unit_ratio(x->unit, c->text, c->nums[i].at) : 1;
        double f = (x->scale > 1 && c->nums[i].scale > 1 ? x->scale : 1) / (r > 0 ? r : 1);
        if (!c->nums[i].alt && !c->nums[i].over && (!c->nums[i].paren || restated(c, i)) &&
            !(x->counts && c->nums[i].year) && !superseded(c, i) && r > 0 &&
            !(!x->past_one && fractional(c, &c->nums[i], x->v)) &&
            (approx_match(c->nums[i].v / f, hedged_unit(c, i) / f, x->v) ||
             (f == 1 && c->nnums == 1 && coarse_match(c->nums[i].v, hedged_unit(c, i), x->v) &&
              (said_rounded(c, i) || fabs(c->nums[i].v - x->v) <= 0.1 * fabs(x->v)))) &&
            !labelled_other(c, i, x))
            return 1;
    }
    return 0;
}

/* The gap t[b, e) between a range's two numbers: a dash, "to", or "and" after "between" (said
 * before t[from]), spaces and a currency's sign aside. */
static int range_gap(const char *t, size_t from, size_t b, size_t e)
{
    while (b < e && strchr(" $", t[b]))
        b++;
    while (e > b && strchr(" $", t[e - 1]))
        e--;
    if (e - b == 1 && t[b] == '-')
        return 1;
    if (e - b == 2 && !strncmp(t + b, "to", 2))
        return 1;
    return e - b == 3 && !strncmp(t + b, "and", 3) && from >= 8 &&
           (!strncmp(t + from - 8, "between ", 8) ||
            (from >= 9 && !strncmp(t + from - 9, "between $", 9)));
}

/* lo < v < hi, the range narrow: within 15% of v; no run of years ("2019–2021"). */
static int narrow_around(double lo, double hi, double v)
{
    int years = lo == floor(lo) && hi == floor(hi) && lo >= 1800 && hi <= 2100;
    return lo < v && v < hi && hi - lo <= 0.15 * fabs(v) && !years;
}

/* One number's gold said only as a narrow range around it, the last numbers of the answer
 * ("somewhere between $40,000 and $45,000" for 42,000; "around 54–55" for 54.2): near, not
 * committed to.  Not when a likeliest value or a best guess follows ("Approximately 13–15,
 * most likely 13"; "Roughly 21–24 items; my best estimate is 21"). */
int range_around(const struct gcell *x, const struct cands *cs, size_t ci)
{
    const struct cand *c = &cs->v[ci];
    const struct num *a, *b;
    size_t j, e;
    int k = c->noffered - 2;
    for (j = ci + 1; j < cs->n; j++)
        if (cs->v[j].nnums || cs->v[j].noffered)
            return 0;
    if (k >= 0 && (c->offered_end >> k & 3) == 3) /* a hedged range's ends, offered */
        return !c->nnums && narrow_around(c->offered[k], c->offered[k + 1], x->v);
    if (c->nnums < 2 || c->noffered)
        return 0;
    a = &c->nums[c->nnums - 2], b = &c->nums[c->nnums - 1];
    if (a->alt || b->alt || a->year || b->year || a->over || b->over ||
        !narrow_around(a->v, b->v, x->v))
        return 0;
    e = a->at + strspn(c->text + a->at, "0123456789,.");
    return e <= b->at && range_gap(c->text, a->at, e, b->at);
}

/* A key of digits said after the word that labels it ("Platform 1" for "1"): that word is no
 * other name. */
int labelled_number(const char *key, const char *t, size_t name_at, size_t at)
{
    size_t i;
    if (!*key || strspn(key, "0123456789") != strlen(key) || at < 2 || t[at - 1] != ' ')
        return 0;
    for (i = name_at; i < at - 1; i++)
        if (t[i] == ' ')
            return 0;
    return 1;
}

/* The name at t[name_at] only numbers the item the key at t[at] heads: one word, a number and
 * a colon or dash right before the key ("Board 1: Nils Grandelius", "Seat 2 - Ana"); not a
 * pointer into the context ("Sentence 19: Ingrid Solberg, 71.42 m" lists evidence). */
int position_label(const char *t, size_t name_at, size_t at)
{
    static const char *const evidence[] = {"sentence", "line",      "row",  "record", "entry",
                                           "step",     "paragraph", "fact", "source", NULL};
    size_t i = name_at, d;
    int k;
    while (isalpha((unsigned char)t[i]))
        i++;
    if (i == name_at || t[i] != ' ' || !(d = strspn(t + i + 1, "0123456789")) || d > 3)
        return 0;
    for (k = 0; evidence[k]; k++)
        if (i - name_at == strlen(evidence[k]) && !strncmp(t + name_at, evidence[k], i - name_at))
            return 0;
    i += 1 + d;
    if (t[i] == ':')
        i++;
    else if (!strncmp(t + i, " -", 2))
        i += 2;
    else
        return 0;
    return i + strspn(t + i, " ") == at;
}

/* Characters between the span [a, a + an) and the span [b, b + bn); 0 when they touch. */
static size_t gap(size_t a, size_t an, size_t b, size_t bn)
{
    return a >= b + bn ? a - (b + bn) : b >= a + an ? b - (a + an) : 0;
}

/* The text cell at t[at], xn long, lies nearer another gold row's key than its own row's key
 * at key_at: in "AL455 (Aeroluz, Nairobi) and KW301 (Kite Airways, Lisbon)" Nairobi is
 * Aeroluz's, whatever the gold says of Kite Airways.  Another row's key that is a cell of this
 * row too names this row there. */
/* Text s is a text cell of row g ("Dynamo Łódź" is the away club of the row whose home club
 * is FK Šumava, and the home club of another row). */
static int own_text(const struct grow *g, const char *s)
{
    int i;
    for (i = 0; i < g->n; i++)
        if (g->c[i].kind == CELL_TEXT && !strcmp(g->c[i].text, s))
            return 1;
    return 0;
}

int nearer_other_key(const struct grow *g, const char *t, size_t at, size_t xn, size_t key_at)
{
    const struct gcell *key = &g->c[g->key];
    size_t r, q, own = gap(at, xn, key_at, strlen(key->text));
    for (r = 0; r < g->nrows; r++) {
        const struct gcell *k = g->rows[r].key >= 0 ? &g->rows[r].c[g->rows[r].key] : NULL;
        if (!k || k->kind != CELL_TEXT || !strcmp(k->text, key->text) ||
            strstr(key->text, k->text) || strstr(k->text, key->text) || !text_has(t, k->text, &q))
            continue;
        if (own_text(g, k->text) && !(q >= at && q < at + xn))
            continue; /* a cell of this row there, not the cell looked at */
        if (q >= at && q < at + xn && key_at < at)
            continue; /* the cell itself, after its row's key, names that row ("Ruth Kaye: Ivo
                         Nemec", her manager; not "Ivo Nemec: Ruth Kaye") */
        if (gap(at, xn, q, strlen(k->text)) < own)
            return 1;
    }
    return 0;
}

/* The other cell o holds x's words and more ("pori wolves" holds "pori"). */
static int holds(const struct gcell *o, const struct gcell *x)
{
    size_t at;
    return o->kind == CELL_TEXT && o->text && strlen(o->text) > strlen(x->text) &&
           text_has(o->text, x->text, &at);
}

/* The next gold text from *k on that holds text cell i of g: another cell of its row (not the
 * key, which has rules of its own), then its column's cell in the other rows; NULL when none
 * is left. */
static const struct gcell *next_holder(const struct grow *g, int i, size_t *k)
{
    for (; *k < (size_t)g->n + g->nrows; (*k)++) {
        size_t r = *k - (size_t)g->n;
        const struct gcell *o = *k < (size_t)g->n ? &g->c[*k] : &g->rows[r].c[i];
        if (*k < (size_t)g->n ? (*k == (size_t)i || *k == (size_t)g->key)
                              : (&g->rows[r] == g || g->rows[r].n != g->n))
            continue;
        if (holds(o, &g->c[i])) {
            (*k)++;
            return o;
        }
    }
    return NULL;
}

/* The text cell i of g is found in t only inside a longer gold text that holds it: another
 * cell of its row, or its column's cell in another row ("chief ranger" for "ranger"). */
int inside_other_cell(const struct grow *g, int i, const char *t)
{
    const struct gcell *x = &g->c[i], *o;
    char *m;
    size_t at, k = 0;
    int masked = 0, found;
    if (x->kind != CELL_TEXT || !x->text || !*x->text || !next_holder(g, i, &k))
        return 0; /* most gold texts are in no other */
    m = xstrdup(t);
    for (k = 0; (o = next_holder(g, i, &k));)
        while (text_has(m, o->text, &at))
            memset(m + at, ' ', strlen(o->text)), masked = 1;
    found = !masked || cell_text_at(x, m, &at);
    free(m);
    return !found;
}

int find_cell_apart(const struct scorer *s, const struct gcell *x, const struct gcell *key,
                    const struct cand *c, unsigned char *used, size_t *at, size_t key_at)
{
    size_t kn, xn, e;
    struct cand m;
    char *t;
    int ok;
    if (!find_cell(s, x, c, used, at, 0, 0))
        return 0;
    if (x->kind != CELL_TEXT || key->kind != CELL_TEXT || x->is_date || !strcmp(x->text, key->text))
        return 1;
    kn = strlen(key->text), xn = strlen(x->text);
    e = key_at + kn < strlen(c->text) ? key_at + kn : strlen(c->text);
    if (*at < key_at || *at + xn > e)
        return 1; /* not inside the key's words (a cell holding the key is the key's concern) */
    m = *c;
    m.text = t = xstrdup(c->text);
    memset(t + key_at, ' ', e - key_at);
    ok = find_cell(s, x, &m, used, at, 0, 0);
    free(t);
    return ok;
}
