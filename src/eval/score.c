/* score.c: the deterministic scorer — labels each gold row of an instance exact, partial or none
 * from the model's reply, without an LLM, and says why; the interface and its rules are in
 * score.h.  The answer is read by answer.c, cells are matched by match.c. */
#include "score_int.h"

#include "err.h"
#include "util.h"
#include "xalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

void score_opts_default(struct score_opts *o)
{
    o->rel_tol = 0;
    o->abs_tol = 0;
    o->max_rows = 50;
}

static pcre2_code *compile(const char *pat)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *c = rx_compile(pat, PCRE2_UTF, &err, &off);
    if (!c)
        BUG("bad built-in pattern at %zu: %s", (size_t)off, pat);
    pcre2_jit_compile(c, PCRE2_JIT_COMPLETE); /* where JIT is missing, the interpreter runs */
    return c;
}

#define MONTHS "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?"

struct scorer *scorer_new(const struct score_opts *o)
{
    struct scorer *s = xcalloc(1, sizeof(*s));
    if (o)
        s->o = *o;
    else
        score_opts_default(&s->o);
    /* the prompt's "Answer:" line, also in bold or as a heading */
    s->marker = compile("(?i)(?:\\bfinal\\s+answer\\s*[*_]*\\s*[-\\x{2013}\\x{2014}][*_]*(?=\\s)|"
                        "\\b(?:final\\s+)?answer\\s*[*_]*\\s*[:\\x{FF1A}][*_]*|"
                        "(?m:^[ \\t#>*_]*(?:final\\s+)?answer[ \\t*_]*$))");
    s->phrase = compile("(?i)\\b(?:final\\s+)?answer\\s+is\\b\\s*:?");
    /* on normalised text: lower case, no diacritics */
    s->none = compile(
        "(?:^|[.;:] |^[^,]{0,40}, )(?:no|none)\\b|^[-| ]+$|"
        "\\b(?:no answer|none|n/a\\b|nothing|no such|null|unknown|undefined|"
        "there (?:is|are|was|were)n't\\b|(?:is|are)n't (?:one|any)\\b|"
        "(?:don't|do not|didn't|did not) (?:see|find) any\\b|(?:can't|cannot) give\\b|"
        "(?:don't|do not) (?:think|believe) there (?:is|are|was|were) (?:any|an?)\\b|"
        "there (?:is|are|were|was) no\\b|no (?:\\w+ )?(?:match|result|record|row|entr|item|data|"
        "name|value)|no \\w+ (?:received|recorded|logged|reported|placed|set|made)\\b|"
        "not (?:any|available|listed|recorded|specified|known|applicable|found)\\b|"
        "cannot be (?:determined|computed|calculated)|could(?: not|n't) (?:find|identify|locate)|"
        "can(?:not|'t) (?:find|determine|identify|rank|say|tell|answer)|unable to \\w+|"
        "not (?:stated|given|mentioned)\\b|(?:is|are|was|were)n't (?:given|stated|listed|mentioned|"
        "known|provided)\\b|(?:does|do)(?: not|n't) (?:mention|include|list)\\b|"
        "(?:does|do)(?: not|n't) contain|no (?:\\w+ ){0,2}(?:qualif|meet|satisf|exceed)|"
        /* a value said to be missing in other words: "no manager listed", "not reported",
         * "undisclosed", "(no date)" */
        "un(?:disclosed|reported|specified|determined|recorded)\\b|"
        "not (?:reported|disclosed|provided|determinable|determined|published|on record)\\b|"
        "no (?:\\w+ ){1,2}(?:listed|given|stated|recorded|reported|provided|disclosed|known|"
        "available|on record)\\b|no (?:\\w+ )?(?:date|figure|number|amount)s?\\b|"
        /* a count of nothing: "there are 0 customers who…", "I found zero" */
        "(?:there (?:is|are|was|were)|i (?:count|found|find)) (?:0|zero)\\b(?![.,]\\d)|"
        /* a field of an empty list or object (YAML or key: value): "results: []"; YAML's null
         * "isbn: ~" */
        ": (?:\\[ ?\\]|\\{ ?\\}|~)(?= \\||$))");
    /* after a none-phrase, a concession that still offers a value ("although A comes close
     * with 9,800", "if I take the nearest, the average is 34.5"); a year said as a time is
     * none ("though Porto Forge held it until 2019") */
    s->offers = compile("\\b(?:although|though|but|however|if|except)\\b[^.]*?"
                        "(?:(?<![\\d,.])(?<!sentence )(?<!sentences )(?<!line )(?<!lines )"
                        "\\d(?!\\d{3}\\b)|(?<!in |until |since |by |after |before )"
                        "\\b\\d{4}\\b)");
    /* in the none-phrase's own sentence, a near answer ("No films before 1950 — the earliest is
     * Rashomon") */
    s->nearest =
        compile("\\bthe (?:\\w+est|closest|nearest|next)\\b[^.]*\\b(?:is|was|would be)\\b");
    /* a rank said in words: "Li Wei was third", "Oakmont edges ahead for second" */
    s->ordinal = compile("\\b(?:is|was|are|were|came|comes|finished|finishes|ranks?|ranked|placed?|"
                         "for|in|at)\\s+(?:\\w+\\s+){0,2}?(first|second|third|fourth|fifth|sixth|"
                         "seventh|eighth|ninth|tenth|1st|2nd|3rd|[4-9]th|10th)\\b(?!\\s+(?:of|half|"
                         "quarter|time|place of))");
    /* a duration in two units: "2 h 10 min", "135 minutes 30 seconds" */
    s->duration = compile(
        "(?<![\\w.])(\\d+) ?(h|hrs?|hours?|min|mins|minutes?)\\b,? (?:and )?(\\d+(?:\\.\\d+)?) ?"
        "(min|mins|minutes?|s|secs?|seconds?)\\b");
    s->negation =
        compile("(?:\\b(?:not(?! (?:completely|entirely|fully|totally|quite|sure|"
                "certain|listed|recorded|available|specified|known|given|stated|"
                "provided|mentioned|explicitly|counting|including|only|just|least|"
                "necessarily))|neither|nor|excluded?|excluding|except|short of|"
                "ahead of|rather than|instead of|other than|apart from|beating|"
                "fails?|considered|below the|disqualified|ineligible|falls? below)\\b|n't\\b|~~)");
    s->date = compile("(?<![\\w.])(?:(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})|"
                      "(\\d{1,2})[/.](\\d{1,2})[/.](\\d{4})|" MONTHS
                      " (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})|"
                      "(\\d{1,2})(?:st|nd|rd|th)? (?:of )?" MONTHS ",? (\\d{4}))(?!\\w)");
    s->stop = compile("(?i)^[\\s#>*_]*(?:explanation|reasoning|rationale|justification|why|"
                      "notes?|because|to find this|how i (?:got|found))\\b");
    /* none-phrases that refuse rather than count nothing: no count of 0 */
    s->refusal =
        compile("\\b(?:no answer|unknown|can(?:not|'t) (?:tell|determine|say|answer)|"
                "unable to|(?:don't|do not) know|not (?:stated|given|mentioned)|unclear|null|n/a|"
                "not possible|cannot be determined)");
    /* a sentence that leaves its ranks open */
    s->orderless = compile("\\b(?:in (?:some|either|any|no particular|an unclear) order|"
                           "order (?:is )?(?:unclear|uncertain|not clear)|not sure (?:of|about) "
                           "the order|could be (?:either|swapped))");
    s->runnerup =
        compile("\\b(?:runner[ _]?up|second[ _]place|2nd[ _]place|(?:came|finished|placed|is|was|"
                "in|ranks?|ranked) second\\b(?! (?:of|half|time))|(?:a |an )?(?:close|distant) "
                "second|(?:just|close|"
                "closely|narrowly|right) behind|trails|trailing|next closest)\\b");
    s->field = compile("^[*_]*[A-Za-z][A-Za-z_ ()/#%.'-]{0,28}?[*_]*\\s*[:=][*_]*\\s+\\S");
    s->bullet = compile("^\\s*(?:[-*+\\x{2022}]|\\(?(\\d{1,3})[.):])\\s+");
    s->tablesep = compile("^\\s*\\|?\\s*:?-{3,}");
    s->md = rx_match_data(20);
    s->mc = rx_match_context();
    pcre2_set_match_limit(s->mc, SCORE_MATCH_LIMIT);
    pcre2_set_depth_limit(s->mc, SCORE_DEPTH_LIMIT);
    return s;
}

void scorer_free(struct scorer *s)
{
    if (!s)
        return;
    pcre2_code_free(s->marker);
    pcre2_code_free(s->phrase);
    pcre2_code_free(s->none);
    pcre2_code_free(s->offers);
    pcre2_code_free(s->ordinal);
    pcre2_code_free(s->duration);
    pcre2_code_free(s->negation);
    pcre2_code_free(s->date);
    pcre2_code_free(s->stop);
    pcre2_code_free(s->field);
    pcre2_code_free(s->bullet);
    pcre2_code_free(s->tablesep);
    pcre2_code_free(s->refusal);
    pcre2_code_free(s->nearest);
    pcre2_code_free(s->runnerup);
    pcre2_code_free(s->orderless);
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mc);
    free(s);
}

void score_result_release(struct score_result *r)
{
    size_t i;
    for (i = 0; r->why && i < r->nlabels; i++)
        free(r->why[i]);
    free(r->why);
    free(r->labels);
    r->labels = NULL;
    r->why = NULL;
}

/* ---- gold rows ------------------------------------------------------------------------------- */

enum cell_kind { CELL_NULL, CELL_TEXT, CELL_NUM, CELL_BOOL };

struct gcell {
    enum cell_kind kind;
    char *text; /* normalised */
    char **alt; /* other spellings ("mueller" for "müller"), normalised */
    size_t nalt;
    double v;
    int64_t day; /* a text cell that is a date */
    int is_date;
    int counts;       /* its column counts rows ("COUNT(*)"): a year said as a time is no value */
    const char *unit; /* the unit its column names ("weight_kg": "kg"), or NULL */
    double scale;     /* the scale its column names ("gross_musd": 1e6), else 1 */
    int percent;      /* its column names a percentage ("rate_pct"): "0.5%" may be 0.5 */
    int rankcol;      /* its column is a rank ("finish_position"): a list's order says it */
    int same;         /* the same text in every gold row: said once for all ("both in Kyoto") */
    const char *name; /* its column's name, or NULL */
};

struct grow {
    struct gcell *c;
    int n, key;              /* key: the cell that identifies the row (the first text cell, else the
                                first cell), -1 for a row of NULLs */
    int single;              /* the only gold row: a name said to be runner-up is not it */
    const struct grow *rows; /* the gold rows labelled (for a NULL cell's column), or NULL */
    size_t nrows;
};

/* The number at t[at] is followed by another unit of the column's dimension ("1520 lb" for
 * "weight_kg"): not the column's value as written. */
static int unit_conflict(const struct gcell *x, const char *t, size_t at)
{
    return unit_ratio(x->unit, t, at) != 1;
}

/* Every row holds the same text in column col. */
static int constant_column(const cJSON *rows, int col)
{
    const cJSON *r, *c, *first = cJSON_GetArrayItem(rows->child, col);
    cJSON_ArrayForEach(r, rows)
    {
        c = cJSON_GetArrayItem(r, col);
        if (!cJSON_IsString(c) || !cJSON_IsString(first) ||
            strcasecmp(c->valuestring, first->valuestring))
            return 0;
    }
    return 1;
}

/* The text column that tells rows apart: the first text column, unless it is the same in every
 * row while another text column's values all differ ("Kyoto, Hoshinoya" / "Kyoto, Aman Kyoto" are
 * told apart by the hotel).  -1: the first text cell of each row. */
int gold_key_column(const cJSON *rows)
{
    int ncols = cJSON_GetArraySize(cJSON_GetArrayItem(rows, 0)), col, first = -1;
    int nrows = cJSON_GetArraySize(rows);
    if (nrows < 2 || nrows > 200 || ncols < 2 || ncols > 32)
        return -1;
    for (col = 0; col < ncols; col++) {
        const cJSON *r, *q;
        int text = 1, distinct = 1;
        cJSON_ArrayForEach(r, rows)
        {
            const cJSON *c = cJSON_GetArrayItem(r, col);
            if (!cJSON_IsString(c)) {
                text = 0;
                break;
            }
            for (q = rows->child; q != r && distinct; q = q->next)
                distinct = strcasecmp(cJSON_GetArrayItem(q, col)->valuestring, c->valuestring);
        }
        if (!text)
            continue;
        if (first < 0) {
            first = col;
            if (!constant_column(rows, col))
                return -1;
        } else if (distinct) {
            return col;
        }
    }
    return -1;
}

/* The gold text in the other of British and American spelling, word endings swapped ("our"
 * and "or": "watercolour", "watercolor"; "ise" and "ize"; "tre" and "ter"), when that differs. */
/* A personal name of two or three capitalised words of letters, also written family name
 * first ("Lim Wei Jun" for "Wei Jun Lim"; not "Solberg, Greta", which a list of names
 * may hold by chance: "Ingrid Solberg, Greta Holm"). */
static void family_first(const char *raw, const char *norm, char ***out, size_t *n, size_t *alloc)
{
    size_t len = strlen(norm), k, last = 0, words = 1;
    struct buf b = BUF_INIT;
    for (k = 0; raw[k]; k++)
        if (!(isalpha((unsigned char)raw[k]) || raw[k] == ' ') ||
            ((k == 0 || raw[k - 1] == ' ') && !isupper((unsigned char)raw[k])))
            return; /* letters in ASCII, each word capitalised */
    for (k = 0; k < len; k++)
        if (norm[k] == ' ')
            words++, last = k + 1;
    if (words < 2 || words > 3 || len - last < 2)
        return;
    buf_add(&b, norm + last, len - last);
    buf_addch(&b, ' ');
    buf_add(&b, norm, last - 1);
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[(*n)++] = xstrndup(b.s, b.len);
    buf_release(&b);
}

/* A month of a year, "2024-01", also written "January 2024", "Jan 2024", "Jan. 2024",
 * "01/2024", "1/2024" or "2024/01". */
static void year_month(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const m[] = {"january",   "february", "march",    "april",
                                    "may",       "june",     "july",     "august",
                                    "september", "october",  "november", "december"};
    char b[6][40];
    int mon, k;
    if (strlen(norm) != 7 || strspn(norm, "0123456789") != 4 || norm[4] != '-' ||
        strspn(norm + 5, "0123456789") != 2 || (mon = (int)strtol(norm + 5, NULL, 10)) < 1 ||
        mon > 12)
        return;
    snprintf(b[0], sizeof(b[0]), "%s %.4s", m[mon - 1], norm);
    snprintf(b[1], sizeof(b[1]), "%.3s %.4s", m[mon - 1], norm);
    snprintf(b[2], sizeof(b[2]), "%.3s. %.4s", m[mon - 1], norm);
    snprintf(b[3], sizeof(b[3]), "%.2s/%.4s", norm + 5, norm);
    snprintf(b[4], sizeof(b[4]), "%d/%.4s", mon, norm);
    snprintf(b[5], sizeof(b[5]), "%.4s/%.2s", norm, norm + 5);
    for (k = 0; k < 6; k++) {
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = xstrdup(b[k]);
    }
}

static void spelling_variant(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    static const char *const pairs[][2] = {{"our", "or"},  {"or", "our"},  {"ise", "ize"},
                                           {"ize", "ise"}, {"tre", "ter"}, {"ter", "tre"}};
    struct buf v = BUF_INIT;
    size_t i = 0, e, len = strlen(norm), k;
    int changed = 0;
    if (!strstr(norm, "or") && !strstr(norm, "iz") && !strstr(norm, "is") && !strstr(norm, "re") &&
        !strstr(norm, "er"))
        return; /* no ending to swap */
    while (i < len) {
        for (e = i; e < len && isalpha((unsigned char)norm[e]); e++)
            ;
        for (k = 0; k < 6; k++) {
            size_t m = strlen(pairs[k][0]);
            if (e - i > m + 2 && !strncmp(norm + e - m, pairs[k][0], m))
                break;
        }
        if (k < 6) {
            buf_add(&v, norm + i, e - i - strlen(pairs[k][0]));
            buf_adds(&v, pairs[k][1]);
            changed = 1;
        } else {
            buf_add(&v, norm + i, e - i);
        }
        for (i = e; i < len && !isalpha((unsigned char)norm[i]); i++)
            buf_addch(&v, norm[i]);
    }
    if (changed) {
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[(*n)++] = buf_detach(&v, NULL);
    }
    buf_release(&v);
}

static void grow_build(const cJSON *row, const cJSON *cols, int keycol, struct grow *g,
                       struct buf *tmp)
{
    const cJSON *c;
    int i = 0;
    memset(g, 0, sizeof(*g));
    g->n = cJSON_GetArraySize(row);
    g->c = xcalloc((size_t)g->n + 1, sizeof(*g->c));
    g->key = -1;
    cJSON_ArrayForEach(c, row)
    {
        struct gcell *x = &g->c[i];
        const cJSON *name = cJSON_GetArrayItem(cols, i);
        if (cJSON_IsString(name)) {
            x->name = name->valuestring;
            x->counts = !strncasecmp(name->valuestring, "count", 5) ||
                        !strncasecmp(name->valuestring, "sum", 3) ||
                        !strncasecmp(name->valuestring, "avg", 3) ||
                        !strncasecmp(name->valuestring, "total", 5);
            x->unit = column_unit(name->valuestring);
            x->scale = column_scale(name->valuestring);
            x->rankcol = column_is_rank(name->valuestring);
            x->percent = strstr(name->valuestring, "pct") || strstr(name->valuestring, "perc") ||
                         strchr(name->valuestring, '%');
        }
        if (cJSON_IsString(c)) {
            x->kind = CELL_TEXT;
            text_norm(c->valuestring, strlen(c->valuestring), tmp, NULL);
            x->text = xstrndup(tmp->s, tmp->len);
            {
                size_t alloc = 0;
                text_variants(c->valuestring, &x->alt, &x->nalt, &alloc);
                text_short_forms(x->text, &x->alt, &x->nalt, &alloc);
                spelling_variant(x->text, &x->alt, &x->nalt, &alloc);
                year_month(x->text, &x->alt, &x->nalt, &alloc);
                family_first(c->valuestring, x->text, &x->alt, &x->nalt, &alloc);
            }
            x->is_date = looks_date(c->valuestring, &x->day);
        } else if (cJSON_IsNumber(c)) {
            x->kind = CELL_NUM, x->v = c->valuedouble;
        } else if (cJSON_IsBool(c)) {
            x->kind = CELL_BOOL, x->v = cJSON_IsTrue(c);
        }
        if (x->kind == CELL_TEXT && (g->key < 0 || g->c[g->key].kind != CELL_TEXT))
            g->key = i;
        i++;
    }
    for (i = 0; g->key < 0 && i < g->n; i++)
        if (g->c[i].kind != CELL_NULL)
            g->key = i;
    if (keycol >= 0 && keycol < g->n && g->c[keycol].kind == CELL_TEXT)
        g->key = keycol;
    if (g->n > 1 && g->c[0].kind == CELL_NULL)
        g->key = 0; /* a NULL in the first column is the key: named by a none/unknown */
}

static void grow_free(struct grow *g)
{
    int i;
    size_t k;
    for (i = 0; i < g->n; i++) {
        for (k = 0; k < g->c[i].nalt; k++)
            free(g->c[i].alt[k]);
        free(g->c[i].alt);
        free(g->c[i].text);
    }
    free(g->c);
}

/* ---- a row against a candidate ------------------------------------------------------------- */

struct fit {
    int key;          /* the key is in the candidate */
    int all;          /* every cell is */
    size_t at;        /* where the key is */
    unsigned missing; /* bit i: cell i not found (first 32 cells) */
};

static int year_like(double v)
{
    return v == floor(v) && v >= 1800 && v <= 2100;
}

/* A number cell: an unused number of the candidate (one number serves one cell). */
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

/* A fraction of one (0 < |gold| < 1) and a percentage's own number ("0.87%" for 0.8725): the
 * reply means a hundredth of it, so only its other reading (0.0087) may be the value. */
static int fractional(const struct cand *c, const struct num *got, double want)
{
    size_t i;
    if (got->alt || want == 0 || fabs(want) >= 1)
        return 0;
    for (i = 0; i < c->nnums; i++)
        if (c->nums[i].alt && c->nums[i].at == got->at && &c->nums[i] != got)
            return 1;
    return 0;
}

/* A number written with a scale word, for a column whose name gives its values' scale, is read
 * in that scale ("$2,264.8M" is 2264.8 of "gross_musd", "$84.2B" 84.2 of "market_cap_busd"). */
static int scaled_match(const struct scorer *s, const struct gcell *x, const struct cand *c,
                        const struct num *got, double want)
{
    if (x && x->scale > 1 && got->scale > 1 && !got->alt)
        return value_match(s, got->v / x->scale, got->unit / x->scale, want);
    if (x && !x->percent && fractional(c, got, want))
        return 0;
    return num_match(s, got, want);
}

/* The clock-style duration at t[at] ("27:01", "1:02:03") in seconds; its end in *end.  0 when
 * there is none. */
static double clock_seconds(const char *t, size_t at, size_t *end)
{
    double v = 0;
    size_t e = at, parts = 0;
    if (at > 0 && (isdigit((unsigned char)t[at - 1]) || t[at - 1] == ':'))
        return 0;
    while (parts < 3) {
        size_t d = e;
        while (isdigit((unsigned char)t[d]) && d - e < 3)
            d++;
        if (d == e || (parts > 0 && d - e != 2))
            break;
        v = v * 60 + strtod(t + e, NULL);
        parts++;
        e = d;
        if (t[e] != ':' || !isdigit((unsigned char)t[e + 1]))
            break;
        e++;
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
    double f = x && x->unit ? unit_seconds(x->unit) : 0, secs;
    if (f <= 0)
        return 0;
    for (i = 0; i < c->nnums && i < 64; i++) {
        if (used[i] || !(secs = clock_seconds(c->text, c->nums[i].at, &end)) ||
            !value_match(s, secs / f, 1 / f, want))
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
 * (about 2,917 million)", "1.5 x 10^6 km (1,500,000 km)"): the same value within 5%, so it is
 * the value said, not an aside. */
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
        return b != 0 && fabs(a - b) <= 0.05 * fabs(b);
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
static int aside_of_same_kind(const struct cand *c, size_t key_at, size_t at)
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

static int find_num(const struct scorer *s, const struct cand *c, const struct gcell *x,
                    double want, unsigned char *used, size_t *at, int alone)
{
    size_t i, j;
    int aside_ok = 1;
    for (i = 0; alone && i < c->nnums; i++) /* a lone value: asides in parentheses are not it */
        aside_ok &= c->nums[i].paren;
    for (i = 0; i < c->nnums; i++) {
        double r = x && x->unit ? unit_ratio(x->unit, c->text, c->nums[i].at) : 1;
        if (used[i] || r < 0 ||
            (c->nums[i].paren && !aside_ok && !precise(c, i) && !restated(c, i)) ||
            (c->nums[i].over && !(i > 0 && used[i - 1])) || (alone && superseded(c, i)) ||
            (x && x->counts && c->nums[i].year))
            continue;
        if (r == 1 ? !scaled_match(s, x, c, &c->nums[i], want) &&
                         !suffix_scaled(s, x, &c->nums[i], want)
                   : c->nums[i].alt || !value_match(s, c->nums[i].v * r, c->nums[i].unit * r, want))
            continue; /* in another unit of the column's dimension, converted: "225 cm" */
        for (j = 0; j < c->nnums; j++) /* a percentage's two readings are one place */
            if (c->nums[j].at == c->nums[i].at)
                used[j] = 1;
        *at = c->nums[i].at;
        return 1;
    }
    return clock_match(s, c, x, want, used, at);
}

/* A key of letters of up to three words said with its last word in the plural ("Holsteins
 * average 577.5 kg" for Holstein, "220 griffon vultures" for Griffon vulture). */
static int plural(const char *t, const char *key, size_t *at)
{
    size_t n = strlen(key), k, spaces = 0;
    const char *p;
    for (k = 0; k < n; k++)
        if ((key[k] < 'a' || key[k] > 'z') && (key[k] != ' ' || ++spaces > 2))
            return 0;
    for (p = t; n >= 4 && (p = strstr(p, key)); p++) {
        size_t e = (size_t)(p - t) + n;
        if (p > t && p[-1] != ' ')
            continue;
        e += t[e] == 'e' && t[e + 1] == 's' ? 2 : t[e] == 's' ? 1 : 0;
        if (e > (size_t)(p - t) + n && (!t[e] || !isalnum((unsigned char)t[e]))) {
            *at = (size_t)(p - t);
            return 1;
        }
    }
    return 0;
}

/* The column name ends in the word "id" ("id", "order_id", "orderId"; not "paid"). */
static int id_word(const char *name, size_t n)
{
    const char *e = name + n - 2;
    if (strcasecmp(e, "id"))
        return 0;
    return n == 2 || !isalpha((unsigned char)e[-1]) ||
           (e[0] == 'I' && islower((unsigned char)e[-1]));
}

/* A number cell of an id column ("order_id", "ticket_no") written after '#' ("#4471"), which is
 * no value elsewhere (an id, not a count). */
static int hash_id(const struct gcell *x, const char *t, size_t *at)
{
    char want[32];
    size_t n = x->name ? strlen(x->name) : 0, w;
    const char *p;
    if (n < 2 || x->v < 0 || x->v != floor(x->v) || x->v > 1e15 ||
        !(id_word(x->name, n) || (n > 3 && !strcasecmp(x->name + n - 3, "_no")) ||
          (n >= 6 && !strcasecmp(x->name + n - 6, "number"))))
        return 0;
    w = (size_t)snprintf(want, sizeof(want), "#%.0f", x->v);
    for (p = t; (p = strstr(p, want)); p++)
        if (!isdigit((unsigned char)p[w])) {
            *at = (size_t)(p - t) + 1;
            return 1;
        }
    return 0;
}

static int find_cell(const struct scorer *s, const struct gcell *x, const struct cand *c,
                     unsigned char *used, size_t *at, int is_key, int alone)
{
    size_t i;
    *at = 0;
    switch (x->kind) {
    case CELL_NULL: /* an explicit none/unknown; elsewhere than the key, absence does too */
        return c->nullish || !is_key;
    case CELL_TEXT:
        for (i = 0; x->is_date && i < c->ndates; i++)
            if (c->dates[i] == x->day)
                return 1;
        if (text_has(c->text, x->text, at))
            return 1;
        for (i = 0; i < x->nalt; i++)
            if (text_has(c->text, x->alt[i], at))
                return 1;
        return text_has_abbrev(c->text, x->text, at) || (is_key && plural(c->text, x->text, at));
    case CELL_NUM:
        if (find_num(s, c, x, x->v, used, at, alone) || hash_id(x, c->text, at))
            return 1;
        /* a count of 0 is also said as "there are none" (not as a refusal: "no answer") */
        return is_key && x->v == 0 && c->nullish && !c->refuses;
    case CELL_BOOL:
        return text_has(c->text, x->v ? "yes" : "no", at) ||
               text_has(c->text, x->v ? "true" : "false", at) ||
               find_num(s, c, NULL, x->v, used, at, 0);
    }
    return 0;
}

/* No clause break (",", ";", ":") in t[a, b). */
static int one_clause(const char *t, size_t a, size_t b)
{
    for (; a < b && t[a]; a++)
        if (t[a] == ',' || t[a] == ';' || t[a] == ':')
            return 0;
    return 1;
}

/* A negation whose subject is a pronoun standing for the key ("…, so it does not exceed"). */
static int pronoun_before(const char *t, size_t p)
{
    static const char *const w[] = {"it ", "which ", "they ", "he ", "she ", "that ", NULL};
    size_t k, n, q;
    for (k = 0; w[k]; k++)
        for (n = strlen(w[k]), q = p >= 16 ? p - 16 : 0; q + n <= p; q++)
            if (!strncmp(t + q, w[k], n) && (q == 0 || t[q - 1] == ' '))
                return 1;
    return 0;
}

/* A negation after the key that is about something else: of a value ("12 stores, not 9") or
 * conceded ("Lyon, though not the largest city, has 12"; "A is the oldest, although the text
 * doesn't state every year"). */
static int aside_negation(const char *t, size_t from, size_t p)
{
    static const char *const before[] = {"though ", "although ", "while ", "whereas ", "but ",
                                         "however", "if ",       "even ",  NULL};
    size_t k, q, n, e = p;
    for (q = from; q < p; q++) /* in an aside about something else: "Bo (Cy excluded)" */
        if (t[q] == '(' && q + 1 < p)
            return 1;
    while (t[e] && t[e] != ' ')
        e++;
    if (t[e] == ' ' && ((t[e + 1] >= '0' && t[e + 1] <= '9') || t[e + 1] == '$'))
        return 1;
    for (k = 0; before[k]; k++)
        for (n = strlen(before[k]), q = from; q + n <= p; q++)
            if (!strncmp(t + q, before[k], n) && (q == 0 || t[q - 1] == ' '))
                return 1;
    return 0;
}

/* With more than one gold row, a name "ahead of" or "beating" another is ranked above it: the
 * other is a row of the list too ("Norvalia topped with 41, ahead of Estrand (37)"). */
static int ranked_below(const char *t, size_t p)
{
    return !strncmp(t + p, "ahead of", 8) || !strncmp(t + p, "beating", 7);
}

/* Named as not an answer: a negation shortly before the key in the same clause ("not Lyon",
 * "except Lyon", "ahead of Lyon"), or shortly after it unless about a value or conceded
 * ("Lyon is not", "Nice, with 9 stores, does not qualify", "Lyon (excluded)"), or said of it
 * by a pronoun ("…, so it does not exceed"). */
static int negated_at(const struct cand *c, size_t at, size_t len, int many)
{
    size_t i, p;
    for (i = 0; i < c->nneg; i++) {
        p = c->neg[i];
        if (many && ranked_below(c->text, p))
            continue;
        if (p < at ? at - p <= 30 && one_clause(c->text, p, at)
                   : (p < at + len + 40 && !aside_negation(c->text, at + len, p)) ||
                         pronoun_before(c->text, p))
            return 1;
    }
    return 0;
}

/* The words of column `name` (after a table prefix "T1."), lower case, of 4 to 31 letters: a
 * reply names the column by one of them ("retake" of `retake_score`, "crew" of `crew_size`).
 * Returns how many were put in words (at most 8). */
static size_t column_words(const char *name, char words[8][32])
{
    const char *w = name ? strchr(name, '.') : NULL;
    size_t k = 0, n, q;
    for (w = w ? w + 1 : name; w && *w && k < 8; w += n + (w[n] != '\0')) {
        n = strcspn(w, "_ ().*");
        if (n < 4 || n >= 32)
            continue;
        for (q = 0; q < n; q++)
            words[k][q] = (char)tolower((unsigned char)w[q]);
        words[k++][n] = '\0';
    }
    return k;
}

/* t says the value of column `name` is missing: a negation shortly before a word of the
 * column's name ("did not retake" for `retake_score`, "without a manager", "never
 * decommissioned").  Returns 1 + where the negation starts, or 0. */
static size_t column_said_missing(const char *name, const char *t)
{
    static const char *const neg[] = {"not ", "no ", "never ", "without ", "n't ", NULL};
    char words[8][32];
    size_t nw = column_words(name, words), i, k, at = 0;
    const char *p;
    for (i = 0; i < nw && !at; i++)
        for (k = 0; neg[k] && !at; k++)
            for (p = t; !at && (p = strstr(p, neg[k])); p++) {
                const char *e = p + strlen(neg[k]), *hit = strstr(e, words[i]);
                if ((p == t || p[-1] == ' ' || !strcmp(neg[k], "n't ")) && hit && hit - e <= 12 &&
                    (hit == e || hit[-1] == ' ') && !memchr(e, ',', (size_t)(hit - e)))
                    at = (size_t)(p - t) + 1;
            }
    return at;
}

/* The first NULL cell of g (not its key) that c says is missing in words of its column. */
static size_t null_column_missing(const struct grow *g, const struct cand *c)
{
    int i;
    size_t at;
    for (i = 0; i < g->n; i++)
        if (i != g->key && g->c[i].kind == CELL_NULL &&
            (at = column_said_missing(g->c[i].name, c->text)))
            return at;
    return 0;
}

/* A candidate that says none still gives the NULL a value when a number no cell took comes
 * before its none-phrase ("the highest was 0 tonnes, as no yields were reported"). */
/* t[at] lies inside a text cell of the row that t holds ("33" of "33:10"). */
static int in_text_cell(const struct grow *g, const char *t, size_t at)
{
    size_t a;
    int i;
    for (i = 0; i < g->n; i++)
        if (g->c[i].kind == CELL_TEXT && text_has(t, g->c[i].text, &a) && a <= at &&
            at < a + strlen(g->c[i].text))
            return 1;
    return 0;
}

static int null_number_before_none(const struct grow *g, const struct cand *c,
                                   const unsigned char *used)
{
    size_t k, kat = 0, klen = 0;
    if (g->c[g->key].kind == CELL_TEXT && text_has(c->text, g->c[g->key].text, &kat))
        klen = strlen(g->c[g->key].text);
    for (k = 0; k < c->nnums && k < 64; k++)
        if (!used[k] && !c->nums[k].alt && !c->nums[k].over && !c->nums[k].paren &&
            !c->nums[k].year && c->nums[k].at < c->none_at && c->nums[k].at >= kat + klen &&
            !(c->rank > 0 && c->nums[k].at == 0) && !in_text_cell(g, c->text, c->nums[k].at))
            return 1;
    return 0;
}

/* The key at..at+len is followed at once by a none-phrase ("Juniper Hill: not determinable"):
 * a negation there says its value is missing, not that the key is no answer; others still
 * count. */
static int value_said_missing(const struct cand *c, size_t at, size_t len)
{
    struct cand tmp = *c;
    size_t i, n = 0;
    int r;
    tmp.neg = xcalloc(c->nneg + 1, sizeof(*tmp.neg));
    for (i = 0; i < c->nneg; i++)
        if (c->neg[i] < c->none_at || c->neg[i] > c->none_at + 4)
            tmp.neg[n++] = c->neg[i];
    tmp.nneg = n;
    r = negated_at(&tmp, at, len, 0);
    free(tmp.neg);
    return r;
}

/* Between the key's end and a none-phrase, only separators and at most one word ("Juniper
 * Hill: not determinable", "The Long Quiet - director not found"). */
static int missing_gap(const char *t, size_t from, size_t to)
{
    size_t i = from, words = 0;
    while (i < to) {
        if (isalpha((unsigned char)t[i])) {
            words++;
            while (i < to && isalpha((unsigned char)t[i]))
                i++;
        } else if (strchr(" :-,", t[i]))
            i++;
        else
            return 0;
    }
    return words <= 1 && to - from <= 20;
}

/* A row with a NULL cell whose key the candidate names, then says none of: a negation after
 * the key is why the value is missing ("Ferrow Racing did not record any lap time, so there is
 * no fastest lap"), not the key named as no answer; one before it still is. */
static int negated_key(const struct grow *g, const struct cand *c, size_t at, size_t len)
{
    size_t i;
    int nulls = 0;
    for (i = 0; i < (size_t)g->n; i++)
        nulls |= (int)i != g->key && g->c[i].kind == CELL_NULL;
    if (nulls && !c->nullish && null_column_missing(g, c) > at + len)
        return 0; /* "Noor Hassan — exam 62, did not retake" */
    if (!nulls && c->nullish && c->none_at >= at + len &&
        missing_gap(c->text, at + len, c->none_at))
        return value_said_missing(c, at, len);
    if (!nulls || !c->nullish || c->none_at <= at)
        return negated_at(c, at, len, !g->single);
    for (i = 0; i < c->nneg; i++)
        if (c->neg[i] < at && at - c->neg[i] <= 30 && one_clause(c->text, c->neg[i], at))
            return 1;
    return 0;
}

/* t[at] is inside a parenthesis that concedes something beside the answer ("Murcia at 47.4 °C
 * (though Seville's 46.0 °C is the highest validated figure)"): a name there is not the answer. */
static int conceded_aside(const char *t, size_t at)
{
    static const char *const w[] = {"though ",  "although ", "even though ", "but ", "while ",
                                    "whereas ", "unlike ",   "versus ",      "vs ",  "vs. ",
                                    NULL};
    size_t i, open = (size_t)-1;
    int k;
    for (i = 0; i < at && t[i]; i++)
        if (t[i] == '(')
            open = i;
        else if (t[i] == ')')
            open = (size_t)-1;
    if (open == (size_t)-1)
        return 0;
    for (k = 0; w[k]; k++)
        if (!strncmp(t + open + 1, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* The text key at t[at] goes on with a lone digit that is no cell of the row: another, longer
 * name ("Portal 2" is not "Portal", "Windows 8" not "Windows"). */
static int longer_name(const struct grow *g, const char *t, size_t at)
{
    const struct gcell *x = &g->c[g->key];
    size_t e;
    int i, d;
    if (x->kind != CELL_TEXT || !x->text || strncmp(t + at, x->text, strlen(x->text)))
        return 0;
    e = at + strlen(x->text);
    if (t[e] != ' ' || t[e + 1] < '1' || t[e + 1] > '9')
        return 0;
    d = t[e + 1] - '0';
    e += 2;
    if (t[e] == ','   ? t[e + 1] && t[e + 1] != ' '
        : t[e] == ' ' ? strncmp(t + e, " and ", 5)
                      : t[e] != ')')
        return 0; /* "Lyon 9 stores", "Ada 95", "2,845", "Basel 4.": a value or a list number */
    for (i = 0; i < g->n; i++)
        if (g->c[i].kind == CELL_NUM && g->c[i].v == d)
            return 0;
    return 1;
}

/* A NULL key not named: partial when every other cell is there. */
static void null_key_partial(const struct scorer *s, const struct grow *g, const struct cand *c,
                             struct fit *f)
{
    unsigned char used[64];
    size_t at;
    int i, found = 0;
    memset(used, 0, sizeof(used));
    for (i = 1; i < g->n; i++) {
        if (g->c[i].kind == CELL_NULL)
            continue;
        if (!find_cell(s, &g->c[i], c, used, &at, 0, 0))
            return;
        found++;
    }
    f->key = found > 0;
    f->missing = 1;
}

/* A row of two or more aggregates ("MIN(date)", "MAX(date)"): no cell names a thing, so the
 * first is no more its key than the others. */
static int aggregate_row(const struct grow *g)
{
    int i;
    for (i = 0; i < g->n; i++)
        if (!g->c[i].name || !strchr(g->c[i].name, '('))
            return 0;
    return g->n > 1;
}

/* Its first cell not said, a row of aggregates is partial when another of its cells is (not a
 * small count, which a reply says in passing). */
static void aggregate_partial(const struct scorer *s, const struct grow *g, const struct cand *c,
                              struct fit *f)
{
    unsigned char used[64];
    size_t at;
    int i;
    memset(used, 0, sizeof(used));
    for (i = 1; i < g->n && !f->key; i++)
        if (g->c[i].kind != CELL_NULL && g->c[i].kind != CELL_BOOL &&
            !(g->c[i].kind == CELL_NUM && g->c[i].v == floor(g->c[i].v) && fabs(g->c[i].v) < 10) &&
            find_cell(s, &g->c[i], c, used, &at, 0, 0))
            f->key = 1, f->missing = 1;
}

/* t is the key and numbers, no other word ("blue meridian (2015)"). */
static int key_and_numbers(const char *t, const char *key)
{
    size_t at, i, n = strlen(key);
    if (!text_has(t, key, &at))
        return 0;
    for (i = 0; t[i]; i++)
        if ((i < at || i >= at + n) &&
            ((t[i] >= 'a' && t[i] <= 'z') || (unsigned char)t[i] >= 0x80))
            return 0;
    return 1;
}

/* A text cell missing from a later part of a sentence that is the bare key (or the key and
 * numbers, "Idris Fane wrote Kestrel Moon (2011) and Blue Meridian (2015)"), said in an
 * earlier part: the parts share it ("Dr. Ahn treats R. Osei and K. Brandt" gives K. Brandt
 * Dr. Ahn too). */
static int shared_text(const struct gcell *x, const struct cands *cs, const struct cand *c,
                       const struct gcell *key)
{
    size_t j, k, at;
    if (x->kind != CELL_TEXT || !c->lead || key->kind != CELL_TEXT ||
        (strlen(c->text) > strlen(key->text) + 4 && !key_and_numbers(c->text, key->text)))
        return 0;
    for (j = c->lead - 1; j < cs->n && &cs->v[j] != c; j++) {
        if (text_has(cs->v[j].text, x->text, &at))
            return 1;
        for (k = 0; k < x->nalt; k++)
            if (text_has(cs->v[j].text, x->alt[k], &at))
                return 1;
    }
    return 0;
}

/* A cell missing from a part of a sentence that is the bare key, said in the next part: the
 * two share it ("followed by Clara Nkemelu and Bao Tran, who are tied on 95"; "Ayla Rossi and
 * Marek Bily are in Robotics"). */
static int shared_next(const struct scorer *s, const struct gcell *x, const struct cands *cs,
                       size_t ci, const struct gcell *key)
{
    const struct cand *c = &cs->v[ci];
    unsigned char used[64];
    size_t at, first = c->lead ? c->lead : ci + 1;
    if (key->kind != CELL_TEXT || c->nnums || strlen(c->text) > strlen(key->text) + 2 ||
        ci + 1 >= cs->n || cs->v[ci + 1].lead != first || cs->v[ci + 1].nnums > 64)
        return 0;
    memset(used, 0, sizeof(used));
    return find_cell(s, x, &cs->v[ci + 1], used, &at, 0, 0);
}

/* A cell the same in every gold row, said in another part of the candidate's sentence
 * ("Hoshinoya ($1,200) and Aman Kyoto ($1,450.50), both in Kyoto"; "All released in 1997:
 * A, B and C"). */
static int said_for_all(const struct scorer *s, const struct gcell *x, const struct cands *cs,
                        size_t ci)
{
    size_t first, j, k, at;
    if ((x->kind != CELL_TEXT && x->kind != CELL_NUM) || !x->same)
        return 0;
    first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci;
    for (j = first; j < cs->n && (j == first || cs->v[j].lead == first + 1); j++) {
        for (k = 0; x->kind == CELL_NUM && k < cs->v[j].nnums; k++)
            if (value_match(s, cs->v[j].nums[k].v, cs->v[j].nums[k].unit, x->v))
                return 1;
        if (x->kind == CELL_NUM)
            continue;
        if (text_has(cs->v[j].text, x->text, &at))
            return 1;
        for (k = 0; k < x->nalt; k++)
            if (text_has(cs->v[j].text, x->alt[k], &at))
                return 1;
    }
    return 0;
}

/* A text cell said for both or all of the names before it by a later part of the sentence
 * ("The Salt Road and Ninefold, both published by Harrow & Finch"). */
static int said_for_both(const struct gcell *x, const struct cands *cs, size_t ci)
{
    static const char *const w[] = {"both ", "all ", "each ", NULL};
    size_t first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci, j, k, at, q;
    if (x->kind != CELL_TEXT)
        return 0;
    for (j = ci + 1; j < cs->n && cs->v[j].lead == first + 1; j++) {
        const char *t = cs->v[j].text;
        int found = text_has(t, x->text, &at);
        size_t end = found ? at : strlen(t);
        for (k = 0; w[k]; k++)
            for (q = 0; q + strlen(w[k]) <= end; q++)
                if (!strncmp(t + q, w[k], strlen(w[k])) && (q == 0 || t[q - 1] == ' '))
                    return found; /* the first such part only */
    }
    return 0;
}

/* A lone number cell answered by a coarser rounding of it. */
static int approximate(const struct gcell *x, const struct cand *c)
{
    size_t i;
    for (i = 0; i < c->nnums; i++) {
        /* in the scale the column names ("$2.9 billion" of `revenue_musd` is 2900) */
        double f = x->scale > 1 && c->nums[i].scale > 1 ? x->scale : 1;
        if (!c->nums[i].alt && !c->nums[i].over && (!c->nums[i].paren || restated(c, i)) &&
            !(x->counts && c->nums[i].year) && !superseded(c, i) &&
            !(x->unit && unit_conflict(x, c->text, c->nums[i].at)) &&
            !(!x->percent && fractional(c, &c->nums[i], x->v)) &&
            approx_match(c->nums[i].v / f, c->nums[i].unit / f, x->v))
            return 1;
    }
    return 0;
}

/* A field named after the NULL cell's column that gives it a value ("Manager: Corinne Abadi"
 * for a NULL manager), not a none/unknown. */
static int null_field_given(struct scorer *s, const struct gcell *x, const char *t)
{
    const char *dot = x->name ? strchr(x->name, '.') : NULL, *p;
    struct buf col = BUF_INIT;
    size_t b, e, end;
    int given = 0;
    if (!x->name)
        return 0;
    text_norm(dot ? dot + 1 : x->name, strlen(dot ? dot + 1 : x->name), &col, NULL);
    for (b = 0; b < col.len; b++)
        col.s[b] = col.s[b] == '_' ? ' ' : col.s[b];
    buf_adds(&col, ": ");
    for (p = t; col.len > 2 && (p = strstr(p, col.s)) && !given; p++) {
        if (p > t && p[-1] != ' ')
            continue;
        p += col.len;
        end = strcspn(p, "|");
        given = end > 0 && !re_find(s, s->none, p, end, 0, &b, &e);
    }
    buf_release(&col);
    return given;
}

/* A cell of a table row or JSON element (cells joined by " | ") with as many cells as the
 * gold row: its text is a gold cell of the row, a number, a none-phrase or empty. */
static int cell_accounted(struct scorer *s, const struct grow *g, const char *p, size_t n)
{
    struct buf b = BUF_INIT;
    size_t i, k, at, x, y;
    int ok = !n || re_find(s, s->none, p, n, 0, &x, &y);
    for (i = 0; i < n && !ok; i++)
        ok = isdigit((unsigned char)p[i]);
    buf_add(&b, p, n);
    for (i = 0; !ok && (int)i < g->n; i++) {
        const struct gcell *c = &g->c[i];
        if (c->kind != CELL_TEXT)
            continue;
        ok = text_has(b.s, c->text, &at) || text_has(c->text, b.s, &at);
        for (k = 0; !ok && k < c->nalt; k++)
            ok = text_has(b.s, c->alt[k], &at);
    }
    buf_release(&b);
    return ok;
}

/* A table row or JSON element of the gold row's width with a cell no gold cell of the row,
 * number or none-phrase accounts for ("| Westgate Branch | Corinne Abadi |" for a NULL
 * manager): the NULL given a value. */
static int null_row_cell(struct scorer *s, const struct grow *g, const char *t)
{
    size_t cells = 1, b = 0, e;
    const char *q;
    if (!strstr(t, " | "))
        return 0;
    for (q = t; (q = strchr(q, '|')); q++)
        cells++;
    if (t[strlen(t) - 1] == '|')
        cells--; /* "a | b |": a JSON element's null left empty at the end */
    if (cells != (size_t)g->n)
        return 0;
    while (t[b]) {
        for (e = b; t[e] && t[e] != '|'; e++)
            ;
        while (b < e && t[b] == ' ')
            b++;
        size_t end = e;
        while (end > b && t[end - 1] == ' ')
            end--;
        if (!cell_accounted(s, g, t + b, end - b))
            return 1;
        b = t[e] ? e + 1 : e;
    }
    return 0;
}

/* The text of another gold row in the NULL cell's column, not a cell of this row, in the
 * candidate: the NULL given that row's value ("Night Looms - curated by Ines Mar" when Ines
 * Mar curates another exhibit and Night Looms has no curator). */
static int null_given_other(const struct grow *g, int col, const char *t)
{
    size_t r, at;
    int i, own;
    for (r = 0; r < g->nrows; r++) {
        const struct gcell *x = &g->rows[r].c[col];
        if (&g->rows[r] == g || g->rows[r].n != g->n || x->kind != CELL_TEXT)
            continue;
        for (i = 0, own = 0; i < g->n; i++)
            own |= g->c[i].kind == CELL_TEXT && !strcmp(g->c[i].text, x->text);
        if (!own && text_has(t, x->text, &at))
            return 1;
    }
    return 0;
}

/* A word of column `name` of four letters or more in t ("email" of `email`, "phone" of
 * `phone_no`). */
static int column_word_in(const char *name, const char *t)
{
    char words[8][32];
    size_t nw = column_words(name, words), i;
    const char *p;
    for (i = 0; i < nw; i++)
        for (p = t; (p = strstr(p, words[i])); p++)
            if (p == t || p[-1] == ' ')
                return 1;
    return 0;
}

/* A sentence of prose after the row's candidate that names the NULL's column and gives it a
 * value shaped like one, an e-mail or web address ("The sentences don't give his email, but it
 * is likely hjang@meridian-labs.com"): a guess is still a value. */
static int null_guessed_later(const struct gcell *x, const struct cands *cs, size_t ci)
{
    size_t k;
    for (k = ci + 1; k < cs->n && !cs->v[k].item && k < ci + 4; k++) {
        const char *t = cs->v[k].text, *at = strchr(t, '@');
        if (!column_word_in(x->name, t))
            continue;
        if ((at && at > t && isalnum((unsigned char)at[-1]) && isalnum((unsigned char)at[1])) ||
            strstr(t, "http") || strstr(t, "www."))
            return 1;
    }
    return 0;
}

/* The row's text key said twice in c's sentence (in c or its other parts): the second time
 * as the value of another cell. */
static int key_twice(const struct grow *g, const struct cands *cs, size_t ci)
{
    size_t at, k, n = 0, first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci;
    const struct gcell *x = &g->c[g->key];
    const char *t;
    if (x->kind != CELL_TEXT)
        return 0;
    for (k = first; k < cs->n && (k == first || cs->v[k].lead == first + 1); k++)
        for (t = cs->v[k].text; n < 2 && text_has(t, x->text, &at); t += at + strlen(x->text))
            n++;
    return n >= 2;
}

/* A number that is its parenthesis' whole text ("Marrow Halt (1971)"): the row's value in
 * the usual "Name (value)" form, not an aside. */
static int bare_paren_num(const struct cand *c, size_t k)
{
    size_t at = c->nums[k].at, e = at;
    if (!at || c->text[at - 1] != '(')
        return 0;
    while (isdigit((unsigned char)c->text[e]) || c->text[e] == '.' || c->text[e] == ',')
        e++;
    return e > at && c->text[e] == ')';
}

/* t opens with a word of column `name` of four letters or more ("crew" of `crew_size`). */
static int column_word_at(const char *name, const char *t)
{
    char words[8][32];
    size_t nw = column_words(name, words), i, n;
    for (i = 0; i < nw; i++) {
        n = strlen(words[i]);
        if (!strncmp(t, words[i], n) && !isalpha((unsigned char)t[n]))
            return 1;
    }
    return 0;
}

/* A number right before a word of the NULL column's name, even in parentheses ("uncrewed
 * (0 crew)" for a NULL crew_size): a value given for that column, not an aside. */
static int null_number_named(const struct gcell *x, const struct cand *c, const unsigned char *used)
{
    size_t k, e;
    for (k = 0; k < c->nnums && k < 64; k++) {
        const char *t = c->text + c->nums[k].at;
        if (used[k] || c->nums[k].alt || c->nums[k].year)
            continue;
        e = strspn(t, "0123456789.,");
        if (e && t[e] == ' ' && column_word_at(x->name, t + e + 1))
            return 1;
    }
    return 0;
}

/* A NULL cell of the row given a value instead: the candidate says no none/unknown and holds a
 * number no other cell took, not an aside (a parenthesis of only a number is none), a year or
 * its own rank ("| Legal | $12,000 |" for a
 * MAX over no rows), or a name that is no gold cell.  Returns 1 + that cell's column, or 0. */
static int null_filled(const struct scorer *s, const struct grow *g, const struct cands *cs,
                       size_t ci, const unsigned char *used)
{
    const struct cand *c = &cs->v[ci];
    size_t k, first = c->lead ? c->lead - 1 : ci;
    int i, nulls = 0;
    for (i = 0; i < g->n; i++)
        if (i != g->key && g->c[i].kind == CELL_NULL && !nulls)
            nulls = i + 1;
    if (!nulls)
        return 0;
    if (!c->item && null_guessed_later(&g->c[nulls - 1], cs, ci))
        return nulls;
    if (!c->nullish && key_twice(g, cs, ci))
        return nulls; /* "Sana Qureshi, managed by Sana Qureshi" */
    if (c->nullish)
        return null_number_before_none(g, c, used) ? nulls : 0;
    if (null_column_missing(g, c))
        return 0;
    if (null_field_given((struct scorer *)s, &g->c[nulls - 1], c->text) ||
        null_number_named(&g->c[nulls - 1], c, used) || null_given_other(g, nulls - 1, c->text) ||
        null_row_cell((struct scorer *)s, g, c->text))
        return nulls;
    for (k = 0; k < c->nnums && k < 64; k++)
        if (!used[k] && !c->nums[k].alt && !c->nums[k].over &&
            (!c->nums[k].paren || bare_paren_num(c, k)) && !c->nums[k].year &&
            !(c->rank > 0 && c->nums[k].at == 0 && c->nums[k].v == c->rank))
            return nulls;
    for (i = 0, k = 0; i < g->n; i++) /* or a date no date cell of the row took */
        k += g->c[i].kind == CELL_TEXT && g->c[i].is_date;
    if (c->ndates > k)
        return nulls;
    /* or a name that is no gold cell, in it or another part of its sentence ("Larkspur
     * Academy, founded in 1962, located in Harwick") */
    for (k = first; k < cs->n && (k == first || cs->v[k].lead == first + 1); k++)
        if (cs->v[k].other && !cs->v[k].nullish)
            return nulls;
    return 0;
}

/* A key of digits said after the word that labels it ("Platform 1" for "1"): that word is no
 * other name. */
static int labelled_number(const char *key, const char *t, size_t name_at, size_t at)
{
    size_t i;
    if (!*key || strspn(key, "0123456789") != strlen(key) || at < 2 || t[at - 1] != ' ')
        return 0;
    for (i = name_at; i < at - 1; i++)
        if (t[i] == ' ')
            return 0;
    return 1;
}

static void fit_row(const struct scorer *s, const struct grow *g, const struct cands *cs, size_t ci,
                    struct fit *f)
{
    const struct cand *c = &cs->v[ci];
    unsigned char used[64];
    size_t at, at2, pos[64];
    int i, j, nums = 0;
    memset(f, 0, sizeof(*f));
    memset(used, 0, sizeof(used));
    if (g->key < 0 || c->nnums > 64)
        return;
    if (!find_cell(s, &g->c[g->key], c, used, &f->at, 1, g->n == 1)) {
        if (g->c[g->key].kind == CELL_NULL)
            null_key_partial(s, g, c, f);
        else if (aggregate_row(g) && !c->alt)
            aggregate_partial(s, g, c, f);
        else if (g->n == 1 && g->c[0].kind == CELL_NUM && !c->alt && approximate(&g->c[0], c))
            f->key = 1, f->missing = 1; /* "42 km" for 42.195: partial */
        return;
    }
    if (negated_key(g, c, f->at, g->c[g->key].text ? strlen(g->c[g->key].text) : 1) ||
        conceded_aside(c->text, f->at) || longer_name(g, c->text, f->at))
        return;
    /* the only row, its key said to be runner-up ("Runner-up: Ana", "Ana was just behind") */
    if (g->single &&
        re_find((struct scorer *)s, s->runnerup, c->text, strlen(c->text), 0, &at, &at2))
        return;
    /* a name alone set against a closed list ("Etna and Stromboli; Vesuvius is dormant") */
    if (c->contrast && g->n == 1)
        return;
    /* in a list item, a key after another name is not the item's subject ("D, from B") */
    if (c->item && c->other && c->other - 1 < f->at && g->c[g->key].kind == CELL_TEXT &&
        !labelled_number(g->c[g->key].text, c->text, c->other - 1, f->at))
        return;
    f->key = 1;
    f->all = !c->alt && !(g->single && c->behind); /* "A, followed by B": B is not the one */
    for (i = 0; i < g->n; i++) {
        pos[i < 64 ? i : 63] = i == g->key ? f->at : 0;
        nums += i == g->key && g->c[i].kind == CELL_NUM;
        if (i == g->key)
            continue;
        if (!find_cell(s, &g->c[i], c, used, &at, 0, 0) &&
            !shared_text(&g->c[i], cs, c, &g->c[g->key]) && !said_for_all(s, &g->c[i], cs, ci) &&
            !shared_next(s, &g->c[i], cs, ci, &g->c[g->key]) && !said_for_both(&g->c[i], cs, ci) &&
            !(g->c[i].rankcol && g->c[i].kind == CELL_NUM &&
              g->c[i].v == (c->rank > 0 ? c->rank : (double)ci + 1))) {
            f->all = 0;
            if (i < 32)
                f->missing |= 1u << i;
        } else if (g->c[i].kind == CELL_NUM && at && aside_of_same_kind(c, f->at, at)) {
            f->all = 0;
            if (i < 32)
                f->missing |= 1u << i;
        } else if (g->c[i].kind == CELL_NUM && i < 64) {
            pos[i] = at, nums++;
        }
    }
    if (f->all && (i = null_filled(s, g, cs, ci, used)) > 0) {
        f->all = 0; /* explained as lacking that cell */
        if (i <= 32)
            f->missing |= 1u << (i - 1);
    }
    /* an alternative ("A or B") or a refusal that names the key in passing ("unable to rank
     * them: the points for B are not stated") answers nothing unless it holds every cell */
    if (f->missing && (c->alt || c->contrast == 2 ||
                       (c->nullish && c->none_at < f->at && g->c[g->key].kind != CELL_NULL))) {
        f->key = 0;
        return;
    }
    /* two numbers of the same kind in swapped places ("2-3" for 3-2) are not the row */
    for (i = 0; f->all && nums > 1 && i < g->n && i < 64; i++)
        for (j = i + 1; j < g->n && j < 64; j++) {
            double a = fabs(g->c[i].v), b = fabs(g->c[j].v);
            if (g->c[i].kind != CELL_NUM || g->c[j].kind != CELL_NUM || pos[i] <= pos[j] ||
                year_like(a) || year_like(b) || fmax(a, b) > 20 * fmax(fmin(a, b), 1e-9))
                continue;
            f->all = 0;
        }
}

/* ---- labels ---------------------------------------------------------------------------------- */

/* A row's value cells, a number among them that is no small count, all in another answer item
 * (list item, table row, JSON element) or part of a sentence naming another name, that names
 * no gold row: the pair is split, its values given to another name ("| City Central | 812 |"
 * above "| St. Mary's | 640 |"; "Nice has the most (12). Lyon follows with 9").  Returns the
 * candidate, or -1. */
static long values_elsewhere(const struct scorer *s, const struct grow *g, const struct cands *cs,
                             long keyed, const unsigned char *named, int single)
{
    size_t j, at;
    int i;
    for (j = 0; j < cs->n; j++) {
        unsigned char used[64];
        int ok = 1, any = 0;
        if ((long)j == keyed || cs->v[j].nnums > 64 || !(cs->v[j].item || cs->v[j].other) ||
            named[j])
            continue;
        memset(used, 0, sizeof(used));
        if (find_cell(s, &g->c[g->key], &cs->v[j], used, &at, 1, 0))
            continue;
        for (i = 0; i < g->n && ok; i++) {
            const struct gcell *x = &g->c[i];
            if (i == g->key || x->kind == CELL_NULL || x->kind == CELL_BOOL)
                continue;
            ok = find_cell(s, x, &cs->v[j], used, &at, 0, 0);
            /* a number that is no small count, or any number when one row answers: a small
             * count given to another name there picks that name ("| Sorn | 2 |") */
            any |= x->kind == CELL_NUM && (x->v != floor(x->v) || fabs(x->v) >= 10 || single);
            any |= x->kind == CELL_TEXT && strpbrk(x->text, "0123456789"); /* "2:18:40" */
        }
        if (ok && any)
            return (long)j;
    }
    return -1;
}

static int cell_same(const struct gcell *a, const struct gcell *b)
{
    if (a->kind != b->kind)
        return 0;
    if (a->kind == CELL_TEXT)
        return !strcmp(a->text, b->text);
    return a->kind == CELL_NULL || a->v == b->v;
}

/* Two rows with the same key cell, differing in another cell. */
static int same_key_other_values(const struct grow *a, const struct grow *b)
{
    int i, differ = 0;
    if (a->n != b->n || a->key < 0 || a->key != b->key || a->c[a->key].kind != CELL_TEXT ||
        !cell_same(&a->c[a->key], &b->c[b->key]))
        return 0;
    for (i = 0; i < a->n; i++)
        differ |= !cell_same(&a->c[i], &b->c[i]);
    return differ;
}

static int augment(size_t r, const unsigned char *exact, size_t m, long *row_of, long *cand_of,
                   unsigned char *seen)
{
    size_t j;
    for (j = 0; j < m; j++) {
        if (!exact[r * m + j] || seen[j])
            continue;
        seen[j] = 1;
        if (row_of[j] < 0 || augment((size_t)row_of[j], exact, m, row_of, cand_of, seen)) {
            row_of[j] = (long)r;
            cand_of[r] = (long)j;
            return 1;
        }
    }
    return 0;
}

static void quote(struct buf *b, const char *t)
{
    size_t n = strlen(t);
    buf_addch(b, '"');
    buf_add(b, t, n > 60 ? 57 : n);
    if (n > 60)
        buf_adds(b, "...");
    buf_addch(b, '"');
}

static void say_missing(struct buf *b, const cJSON *cols, const struct grow *g, unsigned missing)
{
    int i, first = 1;
    for (i = 0; i < g->n && i < 32; i++) {
        const cJSON *c = cJSON_GetArrayItem(cols, i);
        if (!(missing & (1u << i)))
            continue;
        buf_addf(b, "%s%s", first ? "" : ", ", cJSON_IsString(c) ? c->valuestring : "a cell");
        first = 0;
    }
}

static int rank_claimed(const struct cands *cs, int r)
{
    size_t i;
    for (i = 0; i < cs->n; i++)
        if (cs->v[i].rank == r)
            return 1;
    return 0;
}

/* The rank a candidate answers at: its own number, else its place among the items, past the
 * ranks other candidates state ("A is first; B and C are close, but C is second": B is 3). */
static int cand_rank(const struct cands *cs, long k, const unsigned char *named)
{
    long i;
    int pos = 0;
    if (cs->v[k].rank > 0)
        return cs->v[k].rank;
    for (i = 0; i <= k; i++)
        if (cs->v[i].item || named[i] || cs->v[i].rank > 0)
            for (pos++; cs->v[i].rank <= 0 && rank_claimed(cs, pos) && pos < 10000; pos++)
                ;
    return pos;
}

struct labelling {
    struct grow *g;
    size_t n;
    long *cand_of;   /* the candidate that answers each row, or -1 */
    long *keyed;     /* a candidate that names the row's key, or -1 */
    struct fit *fit; /* of the row against cand_of, or keyed */
};

static void label_rows(struct scorer *s, const struct cands *cs, struct labelling *L,
                       unsigned char *named)
{
    size_t i, j, m = cs->n ? cs->n : 1;
    unsigned char *exact = xcalloc(L->n * m + 1, 1), *seen = xcalloc(m + 1, 1);
    long *row_of = xcalloc(m + 1, sizeof(long));
    struct fit f;
    for (j = 0; j < cs->n; j++)
        row_of[j] = -1;
    for (i = 0; i < L->n; i++) {
        L->cand_of[i] = L->keyed[i] = -1;
        for (j = 0; j < cs->n; j++) {
            fit_row(s, &L->g[i], cs, j, &f);
            if (f.key)
                named[j] = 1;
            if (f.all)
                exact[i * m + j] = 1;
            else if (f.key && L->keyed[i] < 0)
                L->keyed[i] = (long)j, L->fit[i] = f;
        }
    }
    for (i = 0; i < L->n; i++) {
        memset(seen, 0, m);
        augment(i, exact, cs->n, row_of, L->cand_of, seen);
    }
    for (i = 0; i < L->n; i++) {
        /* rows with one key and different values may share a candidate holding them all
         * ("Acme Corp — Bolt M8, Nut M8"); twin rows may not */
        for (j = 0; j < cs->n && L->cand_of[i] < 0; j++)
            if (exact[i * m + j] && row_of[j] >= 0 &&
                same_key_other_values(&L->g[i], &L->g[row_of[j]]))
                L->cand_of[i] = (long)j;
        if (L->cand_of[i] >= 0)
            fit_row(s, &L->g[i], cs, (size_t)L->cand_of[i], &L->fit[i]);
        else
            for (j = 0; j < cs->n && L->keyed[i] < 0; j++)
                if (exact[i * m + j]) /* its candidate went to a twin row */
                    L->keyed[i] = (long)j;
    }
    free(exact);
    free(seen);
    free(row_of);
}

static void explain(const struct labelling *L, size_t i, const cJSON *cols, const struct cands *cs,
                    struct score_result *out, int rank)
{
    struct buf b = BUF_INIT;
    long k = L->cand_of[i] >= 0 ? L->cand_of[i] : L->keyed[i];
    if (L->g[i].key < 0 || (k < 0 && !cs->n)) {
        buf_adds(&b, cs->n ? "no candidate row answers it" : "the answer is empty");
    } else if (k < 0) {
        buf_adds(&b, "no candidate row names its key");
    } else {
        buf_addf(&b, "candidate %ld ", k + 1);
        quote(&b, cs->v[k].text);
        if (L->cand_of[i] >= 0 && rank)
            buf_addf(&b, " is at rank %d, the gold's is %zu", rank, i + 1);
        else if (L->cand_of[i] >= 0)
            buf_adds(&b, " holds every cell");
        else if (L->fit[i].missing) {
            buf_adds(&b, " names it but lacks ");
            say_missing(&b, cols, &L->g[i], L->fit[i].missing);
        } else {
            buf_adds(&b, " names it but another row took it, or its numbers are swapped");
        }
    }
    out->why[i] = buf_detach(&b, NULL);
}

/* Gold rows i and j (0-based) tie: every cell but the key the same, and one at least.  Tied
 * rows may take each other's rank (their order is arbitrary). */
static int tied(const struct labelling *L, size_t i, int j)
{
    int k, cells = 0;
    if (j < 0 || (size_t)j >= L->n || L->g[i].n != L->g[j].n || L->g[i].key != L->g[j].key)
        return 0;
    for (k = 0; k < L->g[i].n; k++) {
        if (k == L->g[i].key)
            continue;
        if (L->g[i].c[k].kind == CELL_NULL || !cell_same(&L->g[i].c[k], &L->g[j].c[k]))
            return 0;
        cells++;
    }
    return cells > 0;
}

/* Ordered gold: an exact row must be at its own rank (1-based, absolute). */
static void check_ranks(const struct cands *cs, struct labelling *L, const unsigned char *named,
                        struct score_result *out, int *rank_of)
{
    size_t i;
    int any = 0, ok = 1;
    for (i = 0; i < L->n; i++) {
        int r;
        rank_of[i] = 0;
        if (out->labels[i] != LABEL_EXACT || L->cand_of[i] < 0)
            continue;
        r = cand_rank(cs, L->cand_of[i], named);
        any = 1;
        if ((r != (int)i + 1 && !tied(L, i, r - 1)) || cs->v[L->cand_of[i]].unranked) {
            out->labels[i] = LABEL_PARTIAL, ok = 0;
            rank_of[i] = r;
        }
    }
    for (i = 0; i < L->n; i++)
        ok &= out->labels[i] == LABEL_EXACT || !(L->cand_of[i] >= 0);
    out->order_ok = any && ok;
}

/* One row answers, its key is named with its values said to be unknown ("Baikal is listed but
 * its depth isn't given"), and another name is given a value: that name is the answer. */
static int said_unknown(const struct grow *g, const struct cands *cs, long keyed,
                        const unsigned char *named)
{
    size_t j, k;
    int i;
    if (!cs->v[keyed].nullish || cs->v[keyed].none_at < 1)
        return 0;
    for (i = 0; i < g->n; i++)
        if (i != g->key && g->c[i].kind == CELL_NULL)
            return 0;
    for (j = 0; j < cs->n; j++) {
        if ((long)j == keyed || named[j] || !cs->v[j].other || cs->v[j].nullish)
            continue;
        for (k = 0; k < cs->v[j].nnums; k++)
            if (!cs->v[j].nums[k].year)
                return 1;
    }
    return 0;
}

static void split_pairs(const struct scorer *s, const struct cands *cs, struct labelling *L,
                        const unsigned char *named, struct score_result *out)
{
    size_t i;
    long j;
    for (i = 0; i < L->n; i++) {
        if (out->labels[i] != LABEL_PARTIAL || L->cand_of[i] >= 0 || L->keyed[i] < 0 ||
            ((j = values_elsewhere(s, &L->g[i], cs, L->keyed[i], named, L->n == 1)) < 0 &&
             !(L->n == 1 && said_unknown(&L->g[i], cs, L->keyed[i], named))))
            continue;
        out->labels[i] = LABEL_NONE;
        free(out->why[i]);
        out->why[i] = xstrdup("its key is named, but its values go with another name");
        (void)j;
    }
}

/* A candidate holds a number other than 0 ("12 hours. No shifts are logged for December"). */
static int offers_value(const struct cands *cs)
{
    size_t i, j;
    for (i = 0; i < cs->n; i++)
        for (j = 0; j < cs->v[i].nnums; j++)
            if (cs->v[i].nums[j].v != 0 && !cs->v[i].nums[j].paren && !cs->v[i].nums[j].year)
                return 1;
    return 0;
}

static void null_rows(const struct cands *cs, struct labelling *L, struct score_result *out)
{
    size_t i, j;
    for (i = 0; i < L->n; i++) {
        if (L->g[i].key >= 0 || !cs->says_none || offers_value(cs))
            continue;
        for (j = 0; j < cs->n && !cs->v[j].nullish; j++)
            ;
        L->cand_of[i] = j < cs->n ? (long)j : -1;
        out->labels[i] = LABEL_EXACT;
        free(out->why[i]);
        out->why[i] = xstrdup("a row of NULLs, and the answer says there is none");
    }
}

/* An answer that opens by saying there is none ("None of the films exceed 150 minutes. The
 * longest are A (162 min) and B (155 min)") and goes on to name gold rows contradicts itself:
 * those rows were named but not given as the answer, partial. */
static void none_then_rows(const struct cands *cs, struct labelling *L, struct score_result *out)
{
    static const char *const turn[] = {"but ", "although ", "though ", "however", "except", NULL};
    size_t i, k;
    if (!cs->says_none || !cs->n || !cs->v[0].nullish || cs->v[0].refuses || cs->v[0].item)
        return;
    for (k = 0; turn[k]; k++) /* "No clinic opens Sundays, but these open Saturdays: A, B" */
        if (strstr(cs->v[0].text, turn[k]))
            return;
    for (i = 0; i < L->n; i++) /* "Archives: no manager" is a row, not a none-answer */
        if (L->cand_of[i] == 0 || L->keyed[i] == 0)
            return;
    for (i = 0; i < L->n; i++) {
        long c = L->cand_of[i];
        if (out->labels[i] != LABEL_EXACT || c <= 0 || L->g[i].key < 0 || cs->v[c].lead == 1)
            continue;
        out->labels[i] = LABEL_PARTIAL;
        free(out->why[i]);
        out->why[i] = xstrdup("the answer says there is none, then names this row");
    }
}

/* A reply cut off inside a word whose last candidate, a list item, is a gold key's first
 * word(s) and the start of its next ("7. Gorse Wa" for Gorse Walk): that row was begun,
 * partial.  A fragment of the first word ("2. Boreal") is none. */
static void cut_key(const char *reply, const struct cands *cs, struct labelling *L,
                    struct score_result *out)
{
    size_t n = reply ? strlen(reply) : 0, i, len;
    const char *t;
    while (n && isspace((unsigned char)reply[n - 1]))
        n--;
    if (!n || !isalnum((unsigned char)reply[n - 1]) || !cs->n)
        return;
    t = cs->v[cs->n - 1].text;
    len = strlen(t);
    if (!cs->v[cs->n - 1].item || !strchr(t, ' ') || t[len - 1] == ' ')
        return;
    for (i = 0; len >= 4 && i < L->n; i++) {
        const struct gcell *k = L->g[i].key >= 0 ? &L->g[i].c[L->g[i].key] : NULL;
        if (out->labels[i] != LABEL_NONE || !k || k->kind != CELL_TEXT || strlen(k->text) <= len ||
            strncmp(k->text, t, len) || !isalpha((unsigned char)k->text[len]))
            continue;
        out->labels[i] = LABEL_PARTIAL;
        free(out->why[i]);
        out->why[i] = xstrdup("the reply is cut off inside its key");
        return;
    }
}

/* Candidates naming a gold row past max_rows still name a gold row (for precision). */
static void name_beyond(const struct scorer *s, const cJSON *rows, const cJSON *cols, int keycol,
                        size_t from, const struct cands *cs, unsigned char *named, struct buf *tmp)
{
    const cJSON *row = cJSON_GetArrayItem(rows, (int)from);
    size_t k, j;
    struct fit f;
    for (k = from; row && k < 10000; row = row->next, k++) {
        struct grow g;
        grow_build(row, cols, keycol, &g, tmp);
        for (j = 0; j < cs->n; j++)
            if (!named[j]) {
                fit_row(s, &g, cs, j, &f);
                named[j] = (unsigned char)f.key;
            }
        grow_free(&g);
    }
}

/* Text cells the same in every gold row (of two or more). */
static void mark_same(struct labelling *L)
{
    size_t i;
    int col;
    for (col = 0; L->n > 1 && col < L->g[0].n; col++) {
        int same = 1;
        for (i = 1; i < L->n && same; i++)
            same = L->g[i].n == L->g[0].n && cell_same(&L->g[i].c[col], &L->g[0].c[col]);
        for (i = 0; i < L->n && same; i++)
            L->g[i].c[col].same =
                L->g[i].c[col].kind == CELL_TEXT || L->g[i].c[col].kind == CELL_NUM;
    }
}

/* The answer is a bare "0", "0 - " and a none-phrase, or "0" and the word counted. */
static int bare_zero(struct scorer *s, const struct cands *cs)
{
    const char *t = cs->n == 1 ? cs->v[0].text : "", *w;
    size_t b, e;
    if (cs->n != 1 || cs->v[0].nnums < 1 || cs->v[0].nums[0].v != 0)
        return 0;
    if (strspn(t, "0. ") == strlen(t))
        return 1;
    /* "0 - no student belongs to both clubs": the count, then a none-phrase saying why */
    if (!strncmp(t, "0 - ", 4) && re_find(s, s->none, t + 4, strlen(t + 4), 0, &b, &e))
        return 1;
    /* or "0" and one word naming what is counted ("0 customers") */
    w = t + strspn(t, "0. ");
    if (cs->v[0].nnums != 1 || w == t || w[-1] != ' ')
        return 0;
    w += strspn(w, "abcdefghijklmnopqrstuvwxyz");
    return strspn(w, ". ") == strlen(w);
}

int score_reply(struct scorer *s, const char *reply, const cJSON *gold, struct score_result *out)
{
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows"), *row;
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(gold, "columns");
    size_t nrows = (size_t)cJSON_GetArraySize(rows), i, matched = 0;
    struct buf ans = BUF_INIT, tmp = BUF_INIT, clean = BUF_INIT;
    struct cands cs;
    struct labelling L;
    unsigned char *named;
    int *rank_of, keycol = gold_key_column(rows);
    double sum = 0;
    memset(out, 0, sizeof(*out));
    out->order_ok = -1;
    L.n = nrows < (size_t)s->o.max_rows ? nrows : (size_t)s->o.max_rows;
    /* once, here: every PCRE2 call after this one trusts the text (re_find) */
    utf8_sanitize(reply ? reply : "", reply ? strlen(reply) : 0, &clean, NULL, NULL);
    out->extraction = answer_extract(s, clean.s, &ans);
    answer_rows(s, ans.s, gold, &cs);
    answer_notes(s, clean.s, gold, &cs);
    buf_release(&clean);
    out->says_none = cs.says_none;
    out->labels = xcalloc(L.n + 1, 1);
    out->why = xcalloc(L.n + 1, sizeof(char *));
    out->nlabels = L.n;
    out->items = (int)cs.n;
    if (!nrows) { /* empty gold: the reply says there is none, and lists no rows */
        if (bare_zero(s,
                      &cs)) /* to a question for rows, "0" lists none (for a NULL it is a value) */
            cs.says_none = 1, cs.lists = 0;
        out->score = out->recall = out->precision = out->f1 = cs.says_none && !cs.lists;
        cands_free(&cs);
        buf_release(&ans);
        return 0;
    }
    L.g = xcalloc(L.n + 1, sizeof(*L.g));
    L.cand_of = xcalloc(L.n + 1, sizeof(long));
    L.keyed = xcalloc(L.n + 1, sizeof(long));
    L.fit = xcalloc(L.n + 1, sizeof(*L.fit));
    named = xcalloc(cs.n + 1, 1);
    rank_of = xcalloc(L.n + 1, sizeof(int));
    i = 0;
    cJSON_ArrayForEach(row, rows)
    {
        if (i >= L.n)
            break;
        grow_build(row, cols, keycol, &L.g[i++], &tmp);
    }
    mark_same(&L);
    for (i = 0; i < L.n; i++)
        L.g[i].rows = L.g, L.g[i].nrows = L.n;
    if (L.n == 1)
        L.g[0].single = 1;
    label_rows(s, &cs, &L, named);
    for (i = 0; i < L.n; i++)
        out->labels[i] = L.cand_of[i] >= 0 ? LABEL_EXACT
                         : L.keyed[i] >= 0 ? LABEL_PARTIAL
                                           : LABEL_NONE;
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ordered")))
        check_ranks(&cs, &L, named, out, rank_of);
    for (i = 0; i < L.n; i++)
        explain(&L, i, cols, &cs, out, rank_of[i]);
    split_pairs(s, &cs, &L, named, out);
    null_rows(&cs, &L, out);
    none_then_rows(&cs, &L, out);
    cut_key(reply, &cs, &L, out);
    for (i = 0; i < L.n; i++)
        sum += out->labels[i] == LABEL_EXACT ? 1.0 : out->labels[i] == LABEL_PARTIAL ? 0.5 : 0.0;
    if (sum > 0) /* it answered something after all */
        out->says_none = 0;
    name_beyond(s, rows, cols, keycol, L.n, &cs, named, &tmp);
    for (i = 0; i < cs.n; i++)
        matched += named[i];
    out->unmatched = (int)(cs.n - matched);
    out->score = out->recall = sum / (double)L.n;
    out->precision = cs.n ? (double)matched / (double)cs.n : 0;
    out->f1 = out->recall + out->precision > 0
                  ? 2 * out->recall * out->precision / (out->recall + out->precision)
                  : 0;
    for (i = 0; i < L.n; i++)
        grow_free(&L.g[i]);
    free(L.g), free(L.cand_of), free(L.keyed), free(L.fit), free(named), free(rank_of);
    cands_free(&cs);
    buf_release(&ans);
    buf_release(&tmp);
    return 0;
}
