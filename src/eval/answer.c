/* answer.c: the scorer's answer reader — parses the final answer (answer_final.c finds it)
 * into candidate rows (list items, table rows, JSON elements, key/value records, the parts of
 * a sentence naming several rows); the rules are in score.h. */
#include "score_int.h"

#include "parallel.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* ---- candidate rows -------------------------------------------------------------------------- */

struct keys {        /* what the gold says, for cutting sentences into rows */
    char **text;     /* normalised text of every text cell; the first ntext_keys are keys */
    size_t n, nkeys; /* cells, of which keys */
    double *num;     /* numeric keys of rows */
    size_t nnum;
    char **cols; /* the gold's column names, normalised ("_" a space) */
    size_t ncols, nrows;
    int null_key;     /* a row's key is NULL: a none-phrase names that row */
    int months;       /* a key is named by a month alone ("June" of 2023-06) */
    int digits;       /* a key is digits kept as text ("19" of `route_number`) */
    int num_ids;      /* a column of ids holds numbers ("bug_id" 1042: "BUG-1042" is no name) */
    int id_key;       /* the key column is of ids, numbers ("lead_ff_id" 4: "#4" names it) */
    char **any_order; /* keys whose words may come in another order (name_any_order) */
    size_t nany;
};

static struct cand *new_cand(struct cands *cs, const char *text, size_t n)
{
    struct cand *c;
    ALLOC_GROW(cs->v, cs->n + 1, cs->alloc);
    c = &cs->v[cs->n++];
    memset(c, 0, sizeof(*c));
    c->text = xstrndup(text, n);
    return c;
}

static void finish(struct scorer *s, struct cand *c)
{
    free(c->nums), free(c->dates), free(c->neg);
    c->nums = NULL, c->dates = NULL, c->neg = NULL;
    c->nnums = c->ndates = c->nneg = 0;
    cand_read(s, c);
}

void cands_free(struct cands *cs)
{
    size_t i;
    for (i = 0; i < cs->n; i++)
        free(cs->v[i].text), free(cs->v[i].nums), free(cs->v[i].dates), free(cs->v[i].neg);
    for (i = 0; i < cs->nheads; i++)
        free(cs->heads[i]);
    free(cs->heads);
    free(cs->v);
    memset(cs, 0, sizeof(*cs));
}

/* JSON: arrays of objects, arrays or scalars are rows; an object holding an array stands
 * for it; an object of scalars is a row, and each of its key: value pairs one too. */
/* Names of JSON members that explain rather than answer ("reasoning", "notes"); the second
 * list's only when the member holds a sentence, since "source" or "confidence" may be a
 * column. */
static const char *const aside_names[] = {"reasoning", "explanation", "note",      "notes",
                                          "comment",   "comments",    "rationale", "justification",
                                          "analysis",  "thoughts",    "thinking",  NULL};
static const char *const aside_if_sentence[] = {
    "reason", "evidence", "source", "sources", "steps", "confidence", "question", "query", NULL};

static int name_in(const char *name, const char *const *names)
{
    int i;
    for (i = 0; name && names[i]; i++)
        if (!strcasecmp(name, names[i]))
            return 1;
    return 0;
}

/* A JSON member that explains rather than answers: {"reason": "the only matching cheese has
 * no listed price"} beside the value. */
static int json_aside(const cJSON *k)
{
    const char *v = cJSON_GetStringValue(k), *p;
    int spaces = 0;
    if (name_in(k->string, aside_names))
        return 1;
    for (p = v; p && *p; p++)
        spaces += *p == ' ';
    return spaces >= 3 && name_in(k->string, aside_if_sentence);
}

/* The words w (lower case, "_" or "-" between them) name a column of the gold. */
static int gold_column(const struct keys *gk, const char *w)
{
    size_t i, k;
    for (i = 0; gk && i < gk->ncols; i++) {
        const char *c = gk->cols[i];
        for (k = 0; w[k] && (c[k] == w[k] || (c[k] == ' ' && strchr("_- ", w[k]))); k++)
            ;
        if (!w[k] && !c[k])
            return 1;
    }
    return 0;
}

/* A member naming a runner-up ("runner_up", "second_place"): not part of the object's row (it
 * stays a row of its own, "runner_up: Ana"), unless the gold has such a column. */
static int json_runner_up(const cJSON *k, const struct keys *gk)
{
    char low[64];
    const char *p;
    size_t i;
    if (!k->string)
        return 0;
    for (i = 0; k->string[i] && i + 1 < sizeof(low); i++)
        low[i] = (char)tolower((unsigned char)k->string[i]);
    low[i] = '\0';
    if (gold_column(gk, low))
        return 0;
    /* a plain "runner" or "seconds" names a column ("runner", "time_seconds"), no runner-up */
    if ((p = strstr(low, "runner"))) {
        p += 6;
        p += *p == '_' || *p == '-' || *p == ' ';
        if (!strncmp(p, "up", 2))
            return 1;
    }
    return ((p = strstr(low, "second")) && p[6] != 's') || strstr(low, "2nd");
}

/* An element's own rank member ({"rank": 3, ...}, "position", "place"): the rank it states,
 * which outranks its place in the array; 0 when it has none. */
static int json_rank(const cJSON *j)
{
    static const char *const names[] = {"rank", "position", "place", "pos", NULL};
    const cJSON *k;
    int i;
    if (!cJSON_IsObject(j))
        return 0;
    cJSON_ArrayForEach(k, j) for (i = 0; k->string && names[i];
                                  i++) if (!strcasecmp(k->string, names[i]) && cJSON_IsNumber(k) &&
                                           k->valuedouble >= 1 && k->valuedouble <= 10000 &&
                                           k->valuedouble ==
                                               (int)k->valuedouble) return (int)k->valuedouble;
    return 0;
}

/* A whole number under a member named by one word of letters ({"episode": 12}): the word says
 * what it numbers, as in "Episode 12". */
static int labels_number(const cJSON *k)
{
    size_t i;
    if (!cJSON_IsNumber(k) || k->valuedouble != floor(k->valuedouble) ||
        fabs(k->valuedouble) >= 1e15 || !k->string || !k->string[0] || strlen(k->string) > 20)
        return 0;
    for (i = 0; k->string[i]; i++)
        if (!isalpha((unsigned char)k->string[i]))
            return 0;
    return 1;
}

static void json_scalar(const cJSON *j, struct buf *b, const struct keys *gk)
{
    if (cJSON_IsString(j))
        buf_adds(b, j->valuestring);
    else if (cJSON_IsNumber(j))
        buf_addf(b, "%.15g", j->valuedouble);
    else if (cJSON_IsBool(j))
        buf_adds(b, cJSON_IsTrue(j) ? "true" : "false");
    else if (cJSON_IsNull(j))
        buf_adds(b, "null");
    else {
        const cJSON *k;
        cJSON_ArrayForEach(k, j)
        {
            if (json_aside(k) || json_runner_up(k, gk))
                continue;
            if (labels_number(k))
                buf_addf(b, "%s ", k->string);
            json_scalar(k, b, gk);
            buf_adds(b, " | ");
        }
    }
}

/* A header row's text (raw, normalised here), owned by cs: what the candidates under it point
 * to. */
static const char *add_head(struct cands *cs, const char *raw, size_t n)
{
    struct buf norm = BUF_INIT;
    text_norm(raw, n, &norm, NULL);
    ALLOC_GROW(cs->heads, cs->nheads + 1, cs->heads_alloc);
    cs->heads[cs->nheads] = buf_detach(&norm, NULL);
    return cs->heads[cs->nheads++];
}

static void json_add(struct scorer *s, struct cands *cs, struct buf *raw, int rank, int item)
{
    struct buf norm = BUF_INIT;
    struct cand *c;
    text_norm(raw->s, raw->len, &norm, NULL);
    c = new_cand(cs, norm.s, norm.len);
    c->rank = rank, c->item = item;
    finish(s, c);
    buf_release(&norm);
}

/* An object of two or more arrays of values of one length, and nothing else but asides, is
 * columns: {"top3": ["Ada", "Bo"], "scores": [95, 90]} is the rows "Ada | 95", "Bo | 90".
 * Returns 1 when j was so. */
static int json_columns(struct scorer *s, const cJSON *j, struct cands *cs, const struct keys *gk)
{
    const cJSON *k, *e;
    int len = -1, cols = 0, i;
    struct buf b = BUF_INIT;
    cJSON_ArrayForEach(k, j)
    {
        if (json_aside(k))
            continue;
        if (!cJSON_IsArray(k) || (len >= 0 && cJSON_GetArraySize(k) != len))
            return 0;
        len = cJSON_GetArraySize(k), cols++;
        cJSON_ArrayForEach(e, k) if (cJSON_IsArray(e) || cJSON_IsObject(e)) return 0;
    }
    if (cols < 2 || len < 1 || len > 10000)
        return 0;
    for (i = 0; i < len; i++) {
        buf_reset(&b);
        cJSON_ArrayForEach(k, j) if (!json_aside(k))
        {
            json_scalar(cJSON_GetArrayItem(k, i), &b, gk);
            buf_adds(&b, " | ");
        }
        json_add(s, cs, &b, i + 1, 1);
    }
    buf_release(&b);
    return 1;
}

/* A member name that is a value, not a field name: it holds a space or a capital and no
 * underscore ("Idris Fane", "Leeds"; not "names", "top_cities"). */
static int json_value_key(const char *k)
{
    size_t i;
    int value = 0;
    for (i = 0; k && k[i]; i++) {
        if (k[i] == '_')
            return 0;
        value |= k[i] == ' ' || (k[i] >= 'A' && k[i] <= 'Z') || (unsigned char)k[i] >= 0x80;
    }
    return value;
}

/* Each member of object k a row of its own, "name | value", under head when given ("Finance |
 * Ada Roux | 12"), numbered on from *i. */
static void member_rows(struct scorer *s, const cJSON *k, const char *head, struct cands *cs,
                        int *i, const struct keys *gk)
{
    const cJSON *m;
    struct buf b = BUF_INIT;
    cJSON_ArrayForEach(m, k)
    {
        buf_reset(&b);
        if (head)
            buf_addf(&b, "%s | ", head);
        buf_addf(&b, "%s | ", m->string ? m->string : "");
        json_scalar(m, &b, gk);
        json_add(s, cs, &b, ++*i, 1);
    }
    buf_release(&b);
}

/* A member named by a value whose value is an object of scalars named by values too
 * ({"Hana Ito": {"Organic Chemistry": "A", "Statistics": "B+"}}): a row of three cells for
 * each ("hana ito | organic chemistry | a"). Returns 1 when k was so. */
static int json_keyed_pairs(struct scorer *s, const cJSON *k, struct cands *cs, int *i,
                            const struct keys *gk)
{
    const cJSON *m;
    if (!cJSON_IsObject(k) || !json_value_key(k->string) || !k->child)
        return 0;
    cJSON_ArrayForEach(m, k) if (!json_value_key(m->string) || cJSON_IsObject(m) ||
                                 cJSON_IsArray(m)) return 0;
    member_rows(s, k, k->string, cs, i, gk);
    return 1;
}

/* Text w, normalised into t (a buffer the caller reuses), is one of the gold's text cells. */
static int is_gold_value(const char *w, const struct keys *k, struct buf *t)
{
    size_t i;
    if (!w || !k)
        return 0;
    text_norm(w, strlen(w), t, NULL);
    for (i = 0; i < k->n; i++)
        if (!strcmp(t->s, k->text[i]))
            return 1;
    return 0;
}

static int names_gold_value(const cJSON *j, const struct keys *k);

/* Member k is a mapping from gold values to scalars beside other members ({"vehicles_by_route":
 * {"Saltmere-Brannock": 203, …}, "excluded": "…"}): each pair is a row ("saltmere-brannock |
 * 203"), as a mapping alone was.  Returns 1 when k was so. */
static int json_value_pairs(struct scorer *s, const cJSON *k, struct cands *cs, int *i,
                            const struct keys *gk)
{
    const cJSON *m;
    struct buf t = BUF_INIT;
    int own;
    if (!cJSON_IsObject(k) || !k->child || !k->string || !names_gold_value(k, gk))
        return 0;
    own = is_gold_value(k->string, gk, &t); /* a row's own key over its cells: {"Fonds
                                                Lévesque": {"approved": 19}} */
    buf_release(&t);
    if (own)
        return 0;
    cJSON_ArrayForEach(m, k) if (cJSON_IsObject(m) || cJSON_IsArray(m)) return 0;
    member_rows(s, k, NULL, cs, i, gk);
    return 1;
}

/* The same member names, in the same order, in objects a and b. */
static int same_members(const cJSON *a, const cJSON *b)
{
    const cJSON *x = a->child, *y = b->child;
    for (; x && y; x = x->next, y = y->next)
        if (!x->string || !y->string || strcmp(x->string, y->string))
            return 0;
    return !x && !y;
}

/* j's members are two or more objects named by values, whose own member names are values
 * too and differ between them ({"Hana Ito": {"Organic Chemistry": "A", …}, "Rui Costa":
 * {"Statistics": "A-"}}); the same names in each are fields ({"Dover": {"Total Stock": …}}). */
static int differing_keyed_objects(const cJSON *j)
{
    const cJSON *k, *first = NULL;
    int n = 0, differ = 0;
    cJSON_ArrayForEach(k, j)
    {
        if (json_aside(k))
            continue;
        if (!cJSON_IsObject(k) || !json_value_key(k->string) || !k->child)
            return 0;
        differ |= first && !same_members(first, k);
        first = first ? first : k;
        n++;
    }
    return n >= 2 && differ;
}

/* Array a holds scalars of both kinds, numbers and text ([34, "Galway"]): one record's
 * cells, not a list of rows. */
static int record_array(const cJSON *a)
{
    const cJSON *e;
    int num = 0, text = 0;
    cJSON_ArrayForEach(e, a)
    {
        if (cJSON_IsObject(e) || cJSON_IsArray(e))
            return 0;
        num |= cJSON_IsNumber(e), text |= cJSON_IsString(e);
    }
    return num && text;
}

/* An object keyed by names whose members are arrays, {"Idris Fane": ["Kestrel Moon (2011)",
 * "Blue Meridian (2015)"], "Maren Vik": [...]}: each element is a row with its member's name.
 * Returns 1 when j was so. */
static int json_keyed_arrays(struct scorer *s, const cJSON *j, struct cands *cs,
                             const struct keys *gk)
{
    const cJSON *k, *e;
    struct buf b = BUF_INIT;
    int members = 0;
    cJSON_ArrayForEach(k, j) if (!json_aside(k))
    {
        if (!cJSON_IsArray(k) || !json_value_key(k->string))
            return 0;
        members++;
    }
    if (members < 2)
        return 0;
    cJSON_ArrayForEach(k, j) if (!json_aside(k))
    {
        if (record_array(k)) { /* {"Ruairi Close": [34, "Galway"]}: one row of its cells */
            buf_reset(&b);
            buf_adds(&b, k->string);
            cJSON_ArrayForEach(e, k)
            {
                buf_adds(&b, " | ");
                json_scalar(e, &b, gk);
            }
            json_add(s, cs, &b, 0, 1);
            continue;
        }
        cJSON_ArrayForEach(e, k)
        {
            buf_reset(&b);
            buf_adds(&b, k->string);
            buf_adds(&b, " | ");
            json_scalar(e, &b, gk);
            json_add(s, cs, &b, 0, 1);
        }
        if (!k->child) { /* {"S-1025": []}: that key with none */
            buf_reset(&b);
            buf_adds(&b, k->string);
            buf_adds(&b, " | none");
            json_add(s, cs, &b, 0, 1);
        }
    }
    buf_release(&b);
    return 1;
}

/* A member name that is a rank: "1", "#2", "3rd", "rank 4", "place_5"; the rank, else 0. */
static int rank_name(const char *k)
{
    static const char *const pre[] = {"rank", "place", "position", "no.", "#", NULL};
    char *e;
    long r;
    int i;
    for (i = 0; pre[i]; i++)
        if (!strncasecmp(k, pre[i], strlen(pre[i]))) {
            k += strlen(pre[i]);
            k += *k == ' ' || *k == '_';
            break;
        }
    if (!isdigit((unsigned char)*k))
        return 0;
    r = strtol(k, &e, 10);
    if (!strcmp(e, "st") || !strcmp(e, "nd") || !strcmp(e, "rd") || !strcmp(e, "th"))
        e += 2;
    return *e || r < 1 || r > 1000 ? 0 : (int)r;
}

/* An object whose members are named by the ranks 1 to n, {"1": ["Silver Loch", "1:58.2"],
 * "2": "Oak (1:59.4)"} (not years: {"2019": […]}): each member is a row at its rank.  Returns 1
 * when j was so. */
static int json_ranked(struct scorer *s, const cJSON *j, struct cands *cs, const struct keys *gk)
{
    const cJSON *k;
    struct buf b = BUF_INIT;
    unsigned char seen[64] = {0};
    int members = 0, r;
    cJSON_ArrayForEach(k, j) if (!json_aside(k))
    {
        if (!k->string || cJSON_IsObject(k) || (r = rank_name(k->string)) < 1 || r >= 64 || seen[r])
            return 0; /* objects under ranks are read as records, with their fields */
        seen[r] = 1, members++;
    }
    for (r = 1; r <= members; r++)
        if (!seen[r])
            return 0;
    if (members < 2)
        return 0;
    cJSON_ArrayForEach(k, j) if (!json_aside(k))
    {
        buf_reset(&b);
        json_scalar(k, &b, gk);
        json_add(s, cs, &b, rank_name(k->string), 1);
    }
    buf_release(&b);
    return 1;
}

/* A member of object j is named by a text cell of the gold (k may be NULL). */
static int names_gold_value(const cJSON *j, const struct keys *k)
{
    const cJSON *m;
    struct buf t = BUF_INIT;
    int hit = 0;
    cJSON_ArrayForEach(m, j) if (!hit) hit = is_gold_value(m->string, k, &t);
    buf_release(&t);
    return hit;
}

/* The last candidate, the values of object o (json_scalar), under o's member names as its
 * header ("ship | port"), when each member is a scalar: one field each. */
static void json_head(struct cands *cs, const cJSON *o, const char *prefix, const struct keys *gk)
{
    struct buf keys = BUF_INIT;
    const cJSON *k;
    if (!cJSON_IsObject(o) || !cs->n)
        return;
    if (prefix) /* under the member that holds o: "Harlow Classic: winner | runner_up |" */
        buf_addf(&keys, "%s: ", prefix);
    cJSON_ArrayForEach(k, o)
    {
        if (json_aside(k) || json_runner_up(k, gk))
            continue;
        if (cJSON_IsObject(k) || cJSON_IsArray(k) || !k->string) {
            buf_release(&keys);
            return;
        }
        buf_adds(&keys, k->string);
        buf_adds(&keys, " | ");
    }
    if (keys.len)
        cs->v[cs->n - 1].head = add_head(cs, keys.s, keys.len);
    buf_release(&keys);
}

/* Member name m is a gold column's, maybe in the plural ("beers" of `beer`). */
static int member_of_column(const char *m, const struct keys *gk)
{
    size_t c, n;
    for (c = 0; m && c < gk->ncols; c++) {
        n = strlen(gk->cols[c]);
        if (!strncasecmp(m, gk->cols[c], n) &&
            (!m[n] || !strcasecmp(m + n, "s") || !strcasecmp(m + n, "es")))
            return 1;
    }
    return 0;
}

/* How many strings of array a are gold keys, whole ("Curry House Essentials"). */
static size_t gold_keys_listed(const cJSON *a, const struct keys *gk)
{
    struct buf t = BUF_INIT;
    const cJSON *e;
    size_t n = 0, i;
    cJSON_ArrayForEach(e, a) if (cJSON_IsString(e))
    {
        text_norm(e->valuestring, strlen(e->valuestring), &t, NULL);
        for (i = 0; i < gk->nkeys; i++)
            if (!strcmp(t.s, gk->text[i])) {
                n++;
                break;
            }
    }
    buf_release(&t);
    return n;
}

/* The array member of object j that holds its rows: the first array of records (objects) when
 * there is one, beside arrays of plain values that list what the rows were drawn from
 * ({"white_players": ["Henrik Lindqvist (1965)", …], "games": [{"white": …, "black": …}, …]});
 * else the first array named by a gold column ({"brewers": […], "beers": […]} for `beer`), else
 * the one listing the most gold keys whole ({"instructors_…": […], "classes": [titles]}), else
 * the first array; NULL when j has none. */
static const cJSON *rows_array(const cJSON *j, const struct keys *gk)
{
    const cJSON *k, *first = NULL, *named = NULL, *most = NULL;
    size_t best = 0, n;
    cJSON_ArrayForEach(k, j) if (cJSON_IsArray(k))
    {
        if (cJSON_IsObject(k->child))
            return k;
        if (!first)
            first = k;
        if (!named && member_of_column(k->string, gk))
            named = k;
        if ((n = gold_keys_listed(k, gk)) > best)
            best = n, most = k;
    }
    return named ? named : most ? most : first;
}

/* Beside arrays of plain values that no gold column names, the member of object j that maps
 * gold values to numbers ({"owners": ["Hollis …", …], "by_type": {"Galaxy": 6, "Nebula": 4}}):
 * it holds the rows; else NULL. */
static const cJSON *counts_by_value(const cJSON *j, const struct keys *gk)
{
    const cJSON *k, *m, *found = NULL;
    int plain = 0;
    cJSON_ArrayForEach(k, j)
    {
        if (cJSON_IsArray(k) && (cJSON_IsObject(k->child) || member_of_column(k->string, gk)))
            return NULL; /* records, or an array the gold names */
        plain |= cJSON_IsArray(k);
        if (!cJSON_IsObject(k) || !k->child || found)
            continue;
        cJSON_ArrayForEach(m, k) if (!cJSON_IsNumber(m)) break;
        if (!m && names_gold_value(k, gk))
            found = k;
    }
    return plain ? found : NULL; /* not records keyed by name ({"A": {"approved": 19}}) */
}

static void json_rows(struct scorer *s, const cJSON *j, struct cands *cs, int depth,
                      const struct keys *gk)
{
    struct buf b = BUF_INIT, keys = BUF_INIT;
    const cJSON *k;
    const char *names;
    int i = 0, pairs, field;
    if (cJSON_IsObject(j) && !j->child) {
        cs->says_none = 1; /* "{}", like "[]": no row */
    } else if (cJSON_IsObject(j)) {
        const cJSON *only = NULL;
        int members = 0;
        cJSON_ArrayForEach(k, j) if (!json_aside(k)) only = k, members++;
        /* {"MV Skagerrak Dawn": {"gross_tonnage": 48200}} is one record; a wrapper over members
         * named by the gold's values ({"by_cause": {"weather": 31.5, …}}) is not */
        if (members == 1 && cJSON_IsObject(only) && json_value_key(only->string) &&
            !names_gold_value(only, gk)) {
            buf_adds(&b, only->string);
            buf_adds(&b, " | ");
            json_scalar(only, &b, gk);
            json_add(s, cs, &b, 1, 1);
            buf_release(&b);
            return;
        }
        if (members == 1 && cJSON_IsObject(only) && depth < 8) { /* {"data": {...}} */
            json_rows(s, only, cs, depth + 1, gk);
            buf_release(&b);
            return;
        }
        /* members named by gold values ({"Finance": ["Ada Roux", …]}) are groups, not columns */
        if (json_ranked(s, j, cs, gk) ||
            (names_gold_value(j, gk) && json_keyed_arrays(s, j, cs, gk)) ||
            json_columns(s, j, cs, gk) || json_keyed_arrays(s, j, cs, gk)) {
            buf_release(&b);
            return;
        }
        if ((k = counts_by_value(j, gk)) && depth < 8) {
            json_rows(s, k, cs, depth + 1, gk);
            buf_release(&b);
            return;
        }
        if ((k = rows_array(j, gk))) {
            const cJSON *m;
            json_rows(s, k, cs, depth + 1, gk);
            /* its values beside the array are a row too ({"count": 3, "names": [...]}) */
            cJSON_ArrayForEach(m, j)
            {
                if (json_aside(m) || cJSON_IsArray(m) || cJSON_IsObject(m))
                    continue;
                if (!cJSON_GetArraySize(k) && cJSON_IsString(m))
                    continue; /* beside an empty array, the question's terms: {"orchard": "Old
                                 Vicarage", "cider_harvests": [], "largest_kg": null} */
                if (m->string && cJSON_IsNumber(m))
                    buf_addf(&b, "%s: ", m->string); /* a count's field, read as a record's:
                                                        "crew_size: 3" is no distinct count */
                json_scalar(m, &b, gk);
                buf_adds(&b, " | ");
            }
            if (b.len)
                json_add(s, cs, &b, 0, 0);
            buf_release(&b);
            return;
        }
        cJSON_ArrayForEach(k, j) /* the object's row: its values, not nested objects */
        {
            if (json_aside(k) || json_runner_up(k, gk) || cJSON_IsObject(k))
                continue;
            json_scalar(k, &b, gk);
            buf_adds(&b, " | ");
            buf_adds(&keys, k->string ? k->string : "");
            buf_adds(&keys, " | ");
        }
        json_add(s, cs, &b, 0, 0);
        /* its members' names, as a header over its values */
        cs->v[cs->n - 1].head = add_head(cs, keys.s ? keys.s : "", keys.len);
        names = cs->v[cs->n - 1].head;
        buf_release(&keys);
        pairs = differing_keyed_objects(j);
        cJSON_ArrayForEach(k, j)
        {
            if (json_aside(k) || (pairs && json_keyed_pairs(s, k, cs, &i, gk)) ||
                json_value_pairs(s, k, cs, &i, gk))
                continue;
            buf_reset(&b);
            /* a member named by a value ({"Harvest mouse": "Near Threatened"}) is a row of
             * two cells, read like a table row's */
            field = !json_value_key(k->string) || cJSON_IsObject(k) || cJSON_IsArray(k);
            buf_addf(&b, "%s%s", k->string ? k->string : "", field ? ": " : " | ");
            json_scalar(k, &b, gk);
            if (field && !cJSON_IsObject(k) && !cJSON_IsArray(k)) {
                json_add(s, cs, &b, 0, 0); /* a field of the object's row, ranked with it */
            } else {
                /* an item, ranked by its place, claiming no rank: a record's member read as a
                 * value ({"flight_no": …} once snake case is words) must not push the object's
                 * own row, before it, down the order */
                i++;
                json_add(s, cs, &b, 0, 1);
            }
            cs->v[cs->n - 1].member =
                field && !cJSON_IsObject(k) && !cJSON_IsArray(k) ? names : NULL;
            if (k->string && cJSON_IsObject(k))
                json_head(cs, k, k->string, gk);
        }
    } else if (cJSON_IsArray(j)) {
        if (!cJSON_GetArraySize(j))
            cs->says_none = 1;
        cJSON_ArrayForEach(k, j)
        {
            int r = json_rank(k);
            buf_reset(&b);
            json_scalar(k, &b, gk);
            ++i;
            json_add(s, cs, &b, r > 0 ? r : i, 1);
            json_head(cs, k, NULL, gk); /* an object's member names over its values */
        }
    } else {
        json_scalar(j, &b, gk);
        json_add(s, cs, &b, 1, 1);
    }
    buf_release(&b);
}

static int is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* ---- a sentence naming several rows -----------------------------------------------------------
 */

struct anchor {
    size_t b, e;
    int gold; /* a gold key, not some other name */
};

static int overlaps(const struct anchor *a, size_t n, size_t b, size_t e)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (b < a[i].e && a[i].b < e)
            return 1;
    return 0;
}

static int cmp_anchor(const void *x, const void *y)
{
    const struct anchor *a = x, *b = y;
    return a->b < b->b ? -1 : a->b > b->b;
}

/* Capitalised words that are not names. */
static int common_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "the", "a", "an", "in", "on", "at", "only", "both", "there", "it", "i", "i'm", "based",
        "after", "here", "all", "answer", "let", "if", "this", "these", "that", "its", "their",
        "we", "my", "from", "for", "with", "and", "but", "so", "yes", "no", "none", "note", "total",
        "average", "three", "two", "one", "top", "each", "every", "then", "also", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec", "rank", "name", "score", "price", "final", "reasoning",
        "unfortunately", "however", "sorry", "based", "according", "overall", "in", "as", "of",
        "to", "unknown", "n/a", "null", "some", "most", "first", "second", "third", "possibly",
        "perhaps", "maybe", "probably", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "last",
        /* an amount's hedge opening a sentence ("About 9 closed lessons") */
        "about", "approximately", "approx", "roughly", "around", "nearly", "almost", "exactly",
        "just", "over", "under", "likely", "estimated", NULL};
    size_t i;
    for (i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !strncmp(words[i], w, n))
            return 1;
    return 0;
}

/* The word w[0, n) is a title before a name ("Dr. Tomasz Wisniewski", "Prof Ada Lim"): no
 * name itself ("MR-19" is one). */
static int title_word(const char *w, size_t n)
{
    static const char *const words[] = {"dr",  "mr",   "mrs",  "ms",  "prof",
                                        "sir", "dame", "capt", "rev", NULL};
    size_t i;
    for (i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !strncmp(words[i], w, n) && (w[n] == '.' || w[n] == ' '))
            return 1;
    return 0;
}

static const char *const seps[] = {
    ", ", "; ", " and ", " & ", " while ", " whereas ", " then ", " followed by ", " but ", " or ",
    " vs ", " versus ", " > ", " < ", "/",
    /* a hedged parenthesis offers its rows as alternatives: "1081 (possibly also 1044)" */
    " (possibly also ", " (possibly ", " (perhaps ", " (maybe ", " (or possibly ", NULL};

/* One to three letters end at t[p], after a number and maybe a space: a unit ("187.3 km"). */
static int unit_before(const char *t, size_t p)
{
    size_t b = p;
    while (b > 0 && p - b < 4 && isalpha((unsigned char)t[b - 1]))
        b--;
    if (b == p || p - b > 3)
        return 0;
    if (b > 0 && t[b - 1] == ' ')
        b--;
    return b > 0 && isdigit((unsigned char)t[b - 1]);
}

/* The " and " at t[p] goes on with a number in words ("five hundred and seventy-six euros"):
 * no separator. */
static int number_and(const char *t, size_t p)
{
    return strncmp(t + p, " and ", 5) == 0 && ((p >= 7 && !strncmp(t + p - 7, "hundred", 7)) ||
                                               (p >= 8 && !strncmp(t + p - 8, "thousand", 8)));
}

/* The slash at t[p] is that of "N/A", of a rate ("€0.46/L", "km/h") or of a division, no
 * separator. */
static int not_applicable(const char *t, size_t p)
{
    size_t u = 0;
    if (t[p] != '/' || p == 0)
        return 0;
    while (isalpha((unsigned char)t[p + 1 + u]))
        u++;
    if (isdigit((unsigned char)t[p - 1]) && u >= 1 && u <= 3 &&
        !isalnum((unsigned char)t[p + 1 + u]))
        return 1; /* a rate: "€0.46/L", "12/kg", "3/day" */
    if (u >= 1 && u <= 3 && !isalnum((unsigned char)t[p + 1 + u]) && unit_before(t, p))
        return 1; /* a unit of a rate after a number: "187.3 km/h", "12 m/s" */
    if (p >= 2 && t[p - 1] == ' ' && isdigit((unsigned char)t[p - 2]) && t[p + 1] == ' ' &&
        isdigit((unsigned char)t[p + 2]))
        return 1; /* a division: "262 / 5 = 52.4" */
    return t[p - 1] == 'n' && t[p + 1] == 'a' && (p == 1 || !isalnum((unsigned char)t[p - 2])) &&
           !isalnum((unsigned char)t[p + 2]);
}

/* The " or " at t[p] opens a bound, no alternative ("in 2020 or later", "3 or more"). */
static int or_bound(const char *t, size_t p)
{
    static const char *const w[] = {"later",   "earlier", "after",   "before", "more",   "less",
                                    "fewer",   "above",   "below",   "over",   "under",  "higher",
                                    "lower",   "older",   "younger", "newer",  "longer", "shorter",
                                    "greater", "beyond",  NULL};
    size_t k, l;
    if (strncmp(t + p, " or ", 4))
        return 0;
    for (k = 0; w[k]; k++) {
        l = strlen(w[k]);
        if (!strncmp(t + p + 4, w[k], l) && !isalnum((unsigned char)t[p + 4 + l]))
            return 1;
    }
    return 0;
}

/* A gold text cell opens with the word w[0, n) and a space ("line" of "Line 3"): "Line 6" is
 * such a value, no field label. */
static int opens_gold_text(const struct keys *k, const char *w, size_t n)
{
    size_t i;
    for (i = 0; i < k->n; i++)
        if (!strncmp(k->text[i], w, n) && k->text[i][n] == ' ')
            return 1;
    return 0;
}

/* Whether t[b] is inside a gold text cell written in t ("Stewart" in "McClelland and
 * Stewart"). */
static int inside_cell(const char *t, size_t b, const struct keys *k)
{
    size_t w, at, from;
    for (w = 0; w < k->n; w++)
        for (from = 0; from <= b && text_has(t + from, k->text[w], &at); from += at + 1)
            if (from + at <= b && b < from + at + strlen(k->text[w]))
                return 1;
    return 0;
}

/* t[b] is inside a parenthesis that sets something beside the answer ("(compared with
 * $41,975 for Mossgate Market)", "(though …", "(vs …", "(possibly Ward 2 …"). */
static int in_parens(const char *t, size_t b)
{
    static const char *const w[] = {
        "compared ", "vs ",     "vs. ", "versus ",   "against ", "though ", "although ", "while ",
        "whereas ",  "unlike ", "but ", "possibly ", "perhaps ", "maybe ",  "or ",       NULL};
    return paren_opens_with(t, b, w);
}

static int column_field_at(const char *t, const struct keys *k);

/* The sentence t[0, n) puts what it names as a choice: it opens with "either", doubts ("the
 * sentences are inconsistent"), makes it depend on something, or says none. */
static int offers_choice(struct scorer *s, const char *t, size_t n)
{
    static const char *const w[] = {"depending",   "depends",      "not sure",  "unclear",
                                    "uncertain",   "inconsistent", "ambiguous", "can't tell",
                                    "cannot tell", "not certain",  NULL};
    const char *semi = strstr(t, "; ");
    size_t b, e, clause = semi && (size_t)(semi - t) < n ? (size_t)(semi - t) : n;
    /* a none in a clause of its own says nothing of the choice ("A or B; she has no C") */
    return !strncmp(t, "either ", 7) || re_find(s, s->none, t, clause, 0, &b, &e) ||
           holds_any(t, w);
}

/* The anchors of a sentence: gold keys, then capitalised names that are no gold cell. */
/* t holds a numeric gold key in words ("two, three and six credits"): a small whole number's
 * word, or the tens of a larger one. */
static int number_word_key(const char *t, const struct keys *k)
{
    static const char *const w[] = {"zero",    "one",     "two",       "three",    "four",
                                    "five",    "six",     "seven",     "eight",    "nine",
                                    "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    static const char *const tens[] = {"twenty", "thirty",  "forty",  "fifty",
                                       "sixty",  "seventy", "eighty", "ninety"};
    size_t i;
    for (i = 0; i < k->nnum; i++) {
        double v = k->num[i];
        if (v != floor(v) || v < 0 || v >= 100)
            continue;
        if (strstr(t, v < 20 ? w[(int)v] : tens[(int)v / 10 - 2]))
            return 1;
    }
    return 0;
}

/* w is a month's name in full ("june"; not "may", a verb too often). */
static int month_word(const char *w)
{
    int m;
    for (m = 0; m < 12; m++)
        if (m != 4 && !strcmp(w, month_names[m]))
            return 1;
    return 0;
}

/* The word at t[b, e) stands in a list beside a month's name ("april, may and june"). */
static int beside_month(const char *t, size_t b, size_t e)
{
    static const char *const join[] = {", ", " and ", ", and ", " or ", NULL};
    size_t k, w, q;
    int m;
    for (k = 0; join[k]; k++) {
        size_t n = strlen(join[k]);
        for (m = 0; m < 12; m++) {
            w = strlen(month_names[m]);
            if (m != 4 && !strncmp(t + e, join[k], n) && !strncmp(t + e + n, month_names[m], w))
                return 1;
            q = b >= n + w ? b - n - w : 0;
            if (m != 4 && b >= n + w && !strncmp(t + b - n, join[k], n) &&
                !strncmp(t + q, month_names[m], w) && (q == 0 || !isalpha((unsigned char)t[q - 1])))
                return 1;
        }
    }
    return 0;
}

/* When the gold's keys are months ("June" of 2023-06), every month named is a name that parts
 * of a sentence are cut at ("5 in February, 3 in March, and 7 in April"), gold or not. */
static void month_anchors(const char *t, const struct keys *k, struct anchor **a, size_t *na,
                          size_t *alloc)
{
    size_t j, at, len;
    int m;
    for (m = 0; k->months && m < 12; m++) {
        const char *p = t;
        len = strlen(month_names[m]);
        while (text_has(p, month_names[m], &at)) {
            size_t b = (size_t)(p - t) + at;
            int gold = 0;
            if (m == 4 && !beside_month(t, b, b + len)) {
                p = t + b + 1;
                continue; /* "may" is a verb, unless listed with months: "April, May and June" */
            }
            for (j = 0; j < k->nkeys && !gold; j++)
                gold = !strcmp(k->text[j], month_names[m]);
            if (!overlaps(*a, *na, b, b + len)) {
                ALLOC_GROW(*a, *na + 1, *alloc);
                (*a)[*na].gold = gold, (*a)[*na].b = b, (*a)[(*na)++].e = b + len;
            }
            p = t + b + 1;
        }
    }
}

/* Every number c offers as an alternative ("45, 60 or 75") is a numeric key of the gold's,
 * two or more: the rows listed, no choice. */
static int offered_keys(const struct cand *c, const struct keys *k)
{
    int i, hit;
    size_t j;
    if (k->nnum < 2 || c->noffered < 2 || c->offered_end)
        return 0;
    for (i = 0; i < c->noffered; i++) {
        for (j = 0, hit = 0; j < k->nnum && !hit; j++)
            hit = c->offered[i] == k->num[j];
        if (!hit)
            return 0;
    }
    return 1;
}

/* An anchor at each number of t that c offered (offered_keys): where its digits start. */
static void offered_anchors(const char *t, const struct cand *c, struct anchor **a, size_t *na,
                            size_t *alloc)
{
    size_t p;
    int i;
    for (p = 0; t[p]; p++) {
        if (!isdigit((unsigned char)t[p]) ||
            (p && (isalnum((unsigned char)t[p - 1]) || strchr(".,", t[p - 1]))))
            continue;
        for (i = 0; i < c->noffered; i++)
            if (strtod(t + p, NULL) == c->offered[i] && !overlaps(*a, *na, p, p + 1)) {
                ALLOC_GROW(*a, *na + 1, *alloc);
                (*a)[*na].gold = 1, (*a)[*na].b = p, (*a)[(*na)++].e = p + 1;
                break;
            }
    }
}

/* The digits at t are a numeric gold key, whole ("1042" of "bug-1042"). */
static int numeric_key_at(const char *t, const struct keys *k)
{
    size_t j, d = strspn(t, "0123456789");
    double v;
    if (!d || t[d] == '.' || isalnum((unsigned char)t[d]))
        return 0;
    v = strtod(t, NULL);
    for (j = 0; j < k->nnum; j++)
        if (k->num[j] == v)
            return 1;
    return 0;
}

static size_t find_anchors(struct scorer *s, const char *t, const char *caps, size_t n,
                           const struct keys *k, struct anchor **out)
{
    struct anchor *a = NULL;
    size_t na = 0, alloc = 0, i, at, len;
    struct cand tmp;
    for (i = 0; i < k->nkeys; i++) {
        const char *p = t;
        len = strlen(k->text[i]);
        while (len && text_has(p, k->text[i], &at)) {
            size_t b = (size_t)(p - t) + at;
            if (!overlaps(a, na, b, b + len)) {
                ALLOC_GROW(a, na + 1, alloc);
                a[na].gold = 1, a[na].b = b, a[na++].e = b + len;
            }
            p = t + b + 1;
        }
    }
    for (i = 0; i < k->nany; i++) { /* "12" club Dobsonian" for "Dobsonian 12" (club)" */
        size_t from = 0;
        if (text_has(t, k->any_order[i], &at))
            continue; /* said in its own order: an anchor above */
        while (text_has_reordered(t + from, k->any_order[i], &at)) {
            size_t b = from + at, e = b + reordered_len(t, b, k->any_order[i]);
            if (!overlaps(a, na, b, e)) {
                ALLOC_GROW(a, na + 1, alloc);
                a[na].gold = 1, a[na].b = b, a[na++].e = e;
            }
            from = b + 1;
        }
    }
    month_anchors(t, k, &a, &na, &alloc);
    if (k->null_key && re_find(s, s->null_item, t, n, 0, &at, &len) && at > 0 &&
        !overlaps(a, na, at, len)) { /* "Gallimard, and one book with no publisher listed" */
        ALLOC_GROW(a, na + 1, alloc);
        a[na].gold = 1, a[na].b = at, a[na++].e = len;
    }
    if (k->nnum && (strpbrk(t, "0123456789") || number_word_key(t, k))) {
        memset(&tmp, 0, sizeof(tmp));
        tmp.text = (char *)t;
        cand_read(s, &tmp);
        for (i = 0; i < tmp.nnums; i++) {
            size_t j;
            for (j = 0; j < k->nnum; j++)
                if (!tmp.nums[i].alt && num_match(s, &tmp.nums[i], k->num[j]) &&
                    !overlaps(a, na, tmp.nums[i].at, tmp.nums[i].at + 1)) {
                    ALLOC_GROW(a, na + 1, alloc);
                    a[na].gold = 1, a[na].b = tmp.nums[i].at, a[na++].e = tmp.nums[i].at + 1;
                    break;
                }
        }
        if (offered_keys(&tmp, k))
            offered_anchors(t, &tmp, &a, &na, &alloc);
        free(tmp.nums), free(tmp.dates), free(tmp.neg);
    }
    for (i = 0; i < n; i++) { /* names: runs of capitalised words */
        size_t b = i, e, w;
        int cell = 0;
        if (!caps[i] || (i && is_word((unsigned char)t[i - 1])))
            continue;
        for (e = i;;) {
            for (w = e; w < n && (is_word((unsigned char)t[w]) || t[w] == '\''); w++)
                ;
            if ((common_word(t + e, w - e) || title_word(t + e, w - e)) && e == b) {
                e = w;
                break;
            }
            e = w;
            if (!(e + 1 < n && t[e] == ' ' && caps[e + 1]))
                break;
            e++;
        }
        if (common_word(t + b, e - b) || title_word(t + b, e - b) || e == b) {
            i = e;
            continue;
        }
        cell = inside_cell(t, b, k) || /* a column's word, then a gold cell: "CEO Hiroko Aoki" */
               (column_field_at(t + b, k) && t[b + strcspn(t + b, " ")] == ' ' &&
                (inside_cell(t, b + strcspn(t + b, " ") + 1, k) ||
                 (isdigit((unsigned char)t[b + strcspn(t + b, " ") + 1]) &&
                  !opens_gold_text(k, t + b, strcspn(t + b, " "))))) || /* "Match 14" */
               (b >= 2 && t[b - 1] == ' ' && t[b - 2] >= '0' &&
                t[b - 2] <= '9') || /* a unit: "11,204 GT" */
               (e + 1 < n && t[e] == '-' && e - b <= 6 && isdigit((unsigned char)t[e + 1]) &&
                (k->num_ids || numeric_key_at(t + e + 1, k))) || /* "BUG-1042" for 1042 */
               in_parens(t, b); /* an aside: "at 201 cm (Dmitri Hale is 198 cm)" */
        if (!cell && !overlaps(a, na, b, e)) {
            ALLOC_GROW(a, na + 1, alloc);
            a[na].gold = 0, a[na].b = b, a[na++].e = e;
        }
        i = e;
    }
    if (na > 1)
        qsort(a, na, sizeof(*a), cmp_anchor);
    *out = a;
    return na;
}

/* The gold has a column of runners-up ("runner_up", "runner_up_team"): one named so is a
 * cell of the row, not ranked second. */
static int runner_up_column(const struct keys *gk)
{
    size_t i;
    for (i = 0; gk && i < gk->ncols; i++)
        if (strstr(gk->cols[i], "runner up") || strstr(gk->cols[i], "runners up"))
            return 1;
    return 0;
}

/* A rank said in words in a candidate ("was third"), or 0 (a runner-up 2, but not when the
 * gold has a column of them). */
static int ordinal_rank(struct scorer *s, const char *t, const struct keys *gk)
{
    static const char *const w[] = {"first",   "second", "third", "fourth", "fifth", "sixth",
                                    "seventh", "eighth", "ninth", "tenth",  NULL};
    size_t b, e, at;
    PCRE2_SIZE *ov;
    int k;
    if (!re_find(s, s->ordinal, t, strlen(t), 0, &b, &e))
        return text_has(t, "runner up", &at) && !runner_up_column(gk)
                   ? 2 /* "the runner-up was Tom Aldridge" */
               : text_has(t, "took the win", &at) || text_has(t, "won the", &at)
                   ? 1 /* "won the stage" */
                   : 0;
    ov = pcre2_get_ovector_pointer(s->md);
    if (t[ov[2]] >= '0' && t[ov[2]] <= '9')
        return (int)strtol(t + ov[2], NULL, 10);
    for (k = 0; w[k]; k++)
        if (!strncmp(t + ov[2], w[k], strlen(w[k])))
            return k + 1;
    return 0;
}

/* How the parts of a sentence are added. */
struct part {
    int rank, item, alt;
    size_t first; /* the first part's candidate */
    int unranked, contrast, behind;
};

/* A part [b, e) of the sentence becomes a candidate. */
/* A number right after a capitalised word inside a sentence is part of a name ("Gallery 1887",
 * "Route 66"), not a value; not after a word in capitals ("AQI 187") nor a gold name. */
/* The number at t[at] is followed by a verb in the past or "is", "has" ("Agent 42 handled 3
 * tickets", "Room 12 has"): the number names the sentence's subject. */
static int verb_after(const char *t, size_t at)
{
    static const char *const w[] = {"is ", "was ", "has ", "had ", "handles ", "holds ", NULL};
    size_t e = at, k;
    while (t[e] >= '0' && t[e] <= '9')
        e++;
    if (t[e] != ' ')
        return 0;
    for (k = 0; w[k]; k++)
        if (!strncmp(t + e + 1, w[k], strlen(w[k])))
            return 1;
    for (k = e + 1; t[k] >= 'a' && t[k] <= 'z'; k++)
        ;
    return k > e + 4 && t[k - 1] == 'd' && t[k - 2] == 'e' && t[k] == ' ';
}

/* t[b, e) is the last word of a gold key ("jansen" of Luuk Jansen), or all its words but the
 * last ("barn" of Barn Stage): a row named short, whose number is no part of a name. */
static int key_last_word(const struct keys *k, const char *t, size_t b, size_t e)
{
    size_t j, n;
    const char *w;
    for (j = 0; k && j < k->nkeys; j++) {
        w = strrchr(k->text[j], ' ');
        w = w ? w + 1 : k->text[j];
        n = strlen(w);
        if (n == e - b && w != k->text[j] && !strncmp(t + b, w, n))
            return 1;
        n = (size_t)(w - k->text[j]);
        if (n > 1 && n - 1 == e - b && !strncmp(t + b, k->text[j], n - 1))
            return 1;
    }
    return 0;
}

/* The word t[b, e) is the column word w[0, n) written out: the same first letter, and w's
 * letters in its order, not all at its start ("appointment" of "appt", "quantity" of "qty"). */
static int word_written_out(const char *w, size_t n, const char *t, size_t b, size_t e)
{
    size_t i = 0, j;
    if (n < 3 || e - b <= n || t[b] != w[0] || !strncmp(t + b, w, n))
        return 0; /* "picker" is no "pick" written out */
    for (j = b; j < e && i < n; j++)
        i += t[j] == w[i];
    return i == n;
}

/* t[b, e) is a gold column's name ("Grade" of `grade`) or its first word ("Grade" of
 * `grade_level`, "Trip" of `trip_id`), also written out ("Appointment" of `appt_id`):
 * "Grade 7", "Trip 49901", "Appointment 22" is that cell, no name. */
static int column_word(const struct keys *k, const char *t, size_t b, size_t e)
{
    size_t j, n;
    for (j = 0; k && j < k->ncols; j++) {
        n = strcspn(k->cols[j], " ");
        if (n == e - b && (!k->cols[j][n] || n >= 3) && !strncmp(t + b, k->cols[j], n))
            return 1;
        if (k->cols[j][n] && word_written_out(k->cols[j], n, t, b, e))
            return 1;
    }
    return 0;
}

/* To gold with no text, a part that is only a name of two words or more and a number ending it
 * ("Cricut Maker 3"): a model's number, no value. */
static int model_name(const char *t, struct anchor a, size_t e, const struct keys *keys)
{
    return !keys->n && memchr(t + a.b, ' ', a.e - a.b) && !t[e + strspn(t + e, ".!) ")];
}

/* The number ending at t[e] stands alone, a value: the text ends or a stop follows, or a word
 * that relates it ("against", "in", "at" …), no unit or noun it counts ("7 kg", "12-hour"). */
static int bare_value_after(const char *t, size_t e)
{
    static const char *const w[] = {"against ", "in ",  "on ", "at ", "for ",    "from ", "with ",
                                    "off ",     "and ", "to ", "vs ", "versus ", NULL};
    int k;
    if (!t[e] || strchr(",.;)", t[e]))
        return 1;
    for (k = 0; t[e] == ' ' && w[k]; k++)
        if (!strncmp(t + e + 1, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* After a dash and the name a[0], the number t[at, e) is a value the name is labelled with, no
 * number of the name: a decimal ("507 — Ct 22.1"), or two digits or more after a name of two
 * words ("Norway – Sigrid Haugland 412"; "— Skjærgård 1" is a name's number). */
static int dash_value(const char *t, const struct anchor *a, size_t at, size_t e)
{
    if (a->b < 2 || t[a->b - 2] != '-')
        return 0;
    return (t[e] == '.' && isdigit((unsigned char)t[e + 1])) ||
           (e - at >= 2 && memchr(t + a->b, ' ', a->e - a->b));
}

static void drop_name_numbers(struct cand *c, const char *t, const char *caps, size_t b,
                              const struct anchor *a, size_t na, const struct keys *keys)
{
    size_t i, k, m = 0;
    for (k = 0; k < c->nnums; k++) {
        size_t at = b + c->nums[k].at, e = at + strspn(t + at, "0123456789");
        /* "beat Dunfield 4-1": a score after the name, not its number */
        int name = 0, score = t[e] == '-' && isdigit((unsigned char)t[e + 1]);
        for (i = 0; i < na && !name && !score; i++)
            name = !a[i].gold && a[i].e + 1 == at && t[a[i].e] == ' ' && a[i].b + 1 < a[i].e &&
                   !caps[a[i].b + 1] && !key_last_word(keys, t, a[i].b, a[i].e) &&
                   /* a possessive is no name's number: "Tom Ashby's 88 against …" */
                   !(a[i].e >= a[i].b + 3 && !strncmp(t + a[i].e - 2, "'s", 2) &&
                     bare_value_after(t, e)) &&
                   !column_word(keys, t, a[i].b, a[i].e) &&
                   ((a[i].b > 1 && t[a[i].b - 1] == ' ' && !strchr(":|(", t[a[i].b - 2]) &&
                     !dash_value(t, &a[i], at, e)) ||
                    (a[i].b == 0 && (verb_after(t, at) || model_name(t, a[i], e, keys))));
        if (!name)
            c->nums[m++] = c->nums[k];
    }
    c->nnums = m;
}

/* t[b] is inside a parenthesis that offers other rows under a condition ("strings: 14, brass: 6
 * (or, if guest players are included, strings: 16, brass: 7)"): alternatives, not committed. */
static int in_conditional_paren(const char *t, size_t b)
{
    static const char *const w[] = {"or, if ", "or if ", "or ", "if ", "alternatively", NULL};
    size_t i, open = 0;
    int depth = 0, k;
    for (i = 0; i < b; i++)
        if (t[i] == '(')
            depth++, open = i + 1;
        else if (t[i] == ')' && depth > 0)
            depth--;
    for (k = 0; depth > 0 && w[k]; k++)
        if (!strncmp(t + open, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* Anchor i, no gold, is one word opening the part at t[b], right before a gold key written in
 * lower case: the part's first word, capitalised only as it opens the item, describing the key
 * ("Natural ash" for the glaze ash), no other name. */
static int opening_modifier(const char *t, const char *caps, size_t b, const struct anchor *a,
                            size_t na, size_t i)
{
    size_t j;
    if (a[i].b != b || memchr(t + a[i].b, ' ', a[i].e - a[i].b) || t[a[i].e] != ' ')
        return 0;
    for (j = 0; j < na; j++)
        if (a[j].gold && a[j].b == a[i].e + 1 && !caps[a[j].b])
            return 1;
    return 0;
}

static void add_part(struct scorer *s, struct cands *cs, const char *t, const char *caps, size_t b,
                     size_t e, const struct anchor *a, size_t na, struct part *pt,
                     const struct keys *k)
{
    struct cand *c;
    size_t i;
    while (b < e && t[b] == ' ')
        b++;
    if (b >= e)
        return;
    c = new_cand(cs, t + b, e - b);
    c->rank = pt->rank, c->item = pt->item, c->alt = pt->alt || in_conditional_paren(t, b);
    c->lead = cs->n - 1 > pt->first ? pt->first + 1 : 0;
    c->unranked = pt->unranked, c->contrast = pt->contrast, c->behind = pt->behind;
    for (i = 0; i < na && !c->other; i++)
        if (!a[i].gold && a[i].b >= b && a[i].b < e && !opening_modifier(t, caps, b, a, na, i))
            c->other = a[i].b - b + 1;
    finish(s, c);
    drop_name_numbers(c, t, caps, b, a, na, k);
    if (!c->rank || !c->item) { /* in prose a rank in words beats the part's place */
        int o = ordinal_rank(s, c->text, k);
        c->rank = o ? o : c->rank;
    }
}

/* "Lyon, Nice and Paris have 12, 9 and 4 stores respectively": as many numbers after the
 * last name as there are gold names, paired in order.  Returns 1 when the sentence was so. */
static int paired(struct scorer *s, struct cands *cs, const char *t, const struct anchor *a,
                  size_t na, int rank, int item)
{
    struct cand tmp;
    size_t i, m = 0, g = 0, at, *pos = NULL;
    int ok = 0;
    if (na < 2 || !text_has(t, "respectively", &at))
        return 0;
    for (i = 0; i < na; i++)
        g += a[i].gold;
    memset(&tmp, 0, sizeof(tmp));
    tmp.text = (char *)t;
    cand_read(s, &tmp);
    pos = xcalloc(tmp.nnums + 1, sizeof(*pos));
    for (i = 0; i < tmp.nnums; i++)
        if (!tmp.nums[i].alt && tmp.nums[i].at >= a[na - 1].e)
            pos[m++] = tmp.nums[i].at;
    if (g == na && m == na) {
        for (i = 0; i < na; i++) {
            struct buf b = BUF_INIT;
            struct cand *c;
            size_t e = pos[i], ke = a[i].e;
            while (t[e] && t[e] != ' ' && !(t[e] == ',' && t[e + 1] == ' '))
                e++;
            while (isdigit((unsigned char)t[a[i].b]) && t[ke] && t[ke] != ' ' && t[ke] != ',' &&
                   ke < pos[i])
                ke++; /* a number key's anchor marks its first digit only: "122", not "1" */
            buf_add(&b, t + a[i].b, ke - a[i].b);
            buf_adds(&b, " | ");
            buf_add(&b, t + pos[i], e - pos[i]);
            c = new_cand(cs, b.s, b.len);
            c->rank = i == 0 ? rank : 0, c->item = item;
            finish(s, c);
            buf_release(&b);
        }
        ok = 1;
    }
    free(pos);
    free(tmp.nums), free(tmp.dates), free(tmp.neg);
    return ok;
}

/* t[from] opens a part with one token holding a digit ("8802", "INS-0233"), maybe after a
 * word that labels it ("Match 9"), and then the parenthesis that opens with the name at
 * t[to]. */
static int id_then_paren(const char *t, size_t from, size_t to)
{
    size_t e = from, digits = 0, w = from;
    while (w < to && isalpha((unsigned char)t[w]))
        w++;
    if (w > from && w < to && t[w] == ' ' && isdigit((unsigned char)t[w + 1]))
        e = w + 1; /* "match 9 (…": past the label */
    while (e < to && t[e] != ' ' && t[e] != '(')
        digits += isdigit((unsigned char)t[e++]) != 0;
    return digits && e + 2 == to && t[e] == ' ' && t[e + 1] == '(';
}

/* The next name is inside a parenthesis opened after the separator: an aside of this part
 * ("Aurelio Banks is taller, at 201 cm (Dmitri Hale is 198 cm)"), no cut before it. */
static int in_aside(const char *t, size_t from, size_t to, int gold)
{
    int depth = 0;
    while (from < to && strchr(",;&/ ", t[from]))
        from++;
    if (from + 4 < to && !strncmp(t + from, "and ", 4))
        from += 4; /* "passed, failed, and (not yet recorded)"; "… and order 126 (…" */
    if (from < to && t[from] == '(')
        return 0; /* "(Lyon, 12), (Nice, 9)": the part itself is parenthesised */
    if (gold && id_then_paren(t, from, to))
        return 0; /* "8801 (Mia Berg), 8802 (Li Wei)": the next part's own parenthesis */
    for (; from < to; from++)
        depth += t[from] == '(' ? 1 : t[from] == ')' ? -1 : 0;
    return depth > 0;
}

/* The separator at t[sep] is inside a parenthesis opened in this part that stays open past
 * the next name ("LPB (El Alto, La Paz): 13,325 ft"): when that name is no gold key, one
 * item's aside, no cut there (gold rows listed in a parenthesis are still cut apart). */
static int sep_in_paren(const char *t, size_t from, size_t sep, size_t next)
{
    int depth = 0;
    size_t p;
    for (p = from; p < sep; p++)
        depth += t[p] == '(' ? 1 : t[p] == ')' && depth > 0 ? -1 : 0;
    for (p = sep; depth > 0 && p < next; p++)
        depth -= t[p] == ')';
    return depth > 0;
}

/* The name a is the whole of a parenthesis ("1017 (Nikolai Petrov)"): in a list of such items
 * naming gold keys, each item's own. */
static int paren_whole(const char *t, const struct anchor *a)
{
    return a->b > 0 && t[a->b - 1] == '(' && t[a->e] == ')';
}

/* The name a opens a parenthesis ("Aled Jenkins (Falcons, 2021-09-04)"): in a list of such
 * items naming gold keys, each item's own, whatever follows it inside. */
static int paren_opens(const char *t, const struct anchor *a)
{
    return a->b > 0 && t[a->b - 1] == '(';
}

/* ", a Holstein bull weighing 612 kg": a part opening with "a"/"an" before a name that is no
 * gold key describes the name before it; no cut there. */
static int appositive(const char *t, size_t p, size_t blen, const struct anchor *next)
{
    return !next->gold && blen == 2 && t[p] == ',' &&
           (!strncmp(t + p + 2, "a ", 2) || !strncmp(t + p + 2, "an ", 3));
}

/* Cuts between anchors at the last separator, each part a candidate.  *closed: a list was
 * closed by " and " between gold names; a clause after it set off by "; ", " but ", " while "
 * or " whereas " is set against the list (its parts are contrast). */
/* A clause set off by " while " or " whereas " after a part whose name is no gold cell, naming
 * a gold key: the answer is the other name, the key a contrast ("The second-highest is Morning
 * Drum (€162,500), while the top earner is Silver Quill").  Not "while" before a verb in -ing,
 * which adds a condition ("the games that sold fewer units while having a higher price are
 * …"). */
static int set_against_other(const struct anchor *before, const struct anchor *after, const char *t,
                             size_t sep)
{
    size_t w;
    if (before->gold || !after->gold)
        return 0;
    if (!strncmp(t + sep, " whereas ", 9))
        return 1;
    if (strncmp(t + sep, " while ", 7))
        return 0;
    w = strspn(t + sep + 7, "abcdefghijklmnopqrstuvwxyz");
    return !(w > 4 && !strncmp(t + sep + 7 + w - 3, "ing", 3));
}

/* The clause t[0, n) says it too belongs: "also", "too", "as well". */
static int affirms(const char *t, size_t n)
{
    static const char *const w[] = {" also ", " too", " as well", NULL};
    size_t i, e = n;
    int k;
    for (i = 0; i < n; i++)
        if (strchr(";", t[i])) {
            e = i;
            break;
        }
    for (k = 0; w[k]; k++)
        for (i = 0; i + strlen(w[k]) <= e; i++)
            if (!strncmp(t + i, w[k], strlen(w[k])) &&
                (i + strlen(w[k]) == e || !isalpha((unsigned char)t[i + strlen(w[k]) - 1]) ||
                 !isalpha((unsigned char)t[i + strlen(w[k])])))
                return 1; /* the word whole: " too" is no "tool" */
    return 0;
}

/* Some gold text (a key or another cell) is said in t[b, e). */
static int gold_text_in(const struct keys *k, const char *t, size_t b, size_t e)
{
    char *span = xstrndup(t + b, e - b);
    size_t j, at;
    int found = 0;
    for (j = 0; k && j < k->n && !found; j++)
        found = text_has(span, k->text[j], &at);
    free(span);
    return found;
}

/* A gold text said across the comma at t[c] between t[b] and t[e] ("Subscription Rooms,
 * Stroud" for Subscription Rooms Stroud): the comma sets no rows apart. */
static int gold_text_across(const struct keys *k, const char *t, size_t b, size_t c, size_t e)
{
    struct buf span = BUF_INIT;
    int found;
    buf_add(&span, t + b, c - b);
    buf_add(&span, t + c + 1, e - c - 1); /* without the comma, its space kept */
    found = gold_text_in(k, span.s, 0, span.len) && !gold_text_in(k, t, b, c) &&
            !gold_text_in(k, t, c + 2, e);
    buf_release(&span);
    return found;
}

/* t closes by adding up what it lists (", for a total of 2,355 kg", ", totalling", ", which
 * makes"): the list is the parts of one row's value. */
static int sums_parts(const char *t)
{
    static const char *const w[] = {", for a total of ", ", totalling ", ", totaling ",
                                    ", which makes ",    ", making ",    NULL};
    return holds_any(t, w);
}

static void add_parts(struct scorer *s, struct cands *cs, const char *t, const char *caps, size_t n,
                      const struct keys *k, int rank, int item, int *closed)
{
    struct anchor *a = NULL;
    size_t na = find_anchors(s, t, caps, n, k, &a), i, from = 0, j, b, e;
    struct part pt = {rank, item, 0, cs->n, 0, 0, 0};
    int alt = 0, fields;
    if (paired(s, cs, t, a, na, rank, item)) {
        free(a);
        return;
    }
    pt.unranked = strstr(t, "order") && re_find(s, s->orderless, t, n, 0, &b, &e);
    fields = strstr(t, " / ") && strstr(strstr(t, " / ") + 3, " / "); /* "A / B / C": a record */
    for (i = 0, j = 0; i < na; i++)
        j += a[i].gold;
    if (j == 1 && sums_parts(t)) { /* one row, its parts and their total: "Brambledown Orchard
                                      harvested A (980 kg) and B (655 kg), for a total of …" */
        add_part(s, cs, t, caps, 0, n, a, na, &pt, k);
        free(a);
        return;
    }
    /* after a closed list, a clause set against it; not a list of its own ("Rotterdam and
     * Amsterdam; in Germany, Hamburg and Kiel"), nor one that goes on with "and" */
    pt.contrast = *closed == 2 && j < 2 && strncmp(t, "and ", 4) && !affirms(t, n);
    for (i = 0; i + 1 < na; i++) {
        size_t best = 0, blen = 0, p;
        int is_or = 0, is_and = 0, is_but = 0, hedge = 0;
        for (p = a[i].e; p < a[i + 1].b; p++)
            for (j = 0; seps[j]; j++)
                if (!strncmp(t + p, seps[j], strlen(seps[j])) &&
                    p + strlen(seps[j]) <= a[i + 1].b && !not_applicable(t, p) && !or_bound(t, p) &&
                    !number_and(t, p))
                    best = p, blen = strlen(seps[j]), hedge = !strncmp(seps[j], " (", 2),
                    is_or = !strcmp(seps[j], " or ") || (!strcmp(seps[j], "/") && !fields) || hedge,
                    is_and = j == 2 || j == 3, is_but = j == 1 || j == 4 || j == 5 || j == 8;
        if (!blen || appositive(t, best, blen, &a[i + 1]) ||
            (t[best] == ',' && gold_text_across(k, t, a[i].b, best, a[i + 1].e)) ||
            (in_aside(t, best, a[i + 1].b, a[i + 1].gold) &&
             !(a[i].gold && a[i + 1].gold &&
               ((paren_whole(t, &a[i]) && paren_whole(t, &a[i + 1])) ||
                (paren_opens(t, &a[i]) && paren_opens(t, &a[i + 1]) &&
                 !sep_in_paren(t, from, best, a[i + 1].b))))) ||
            (!a[i + 1].gold && sep_in_paren(t, from, best, a[i + 1].b)))
            continue;
        if (is_or && !hedge && !a[i].gold && !a[i + 1].gold && a[i + 1].b == a[i].e + 4 &&
            !gold_text_in(k, t, a[i].b, a[i + 1].e))
            is_or = 0; /* two names joined ("singers who are Norwegian or Swedish"): no choice,
                          unless one is a gold value ("Line 3 or Line 6") */
        if (is_or && t[best] == ' ' && !hedge && a[i].gold && a[i + 1].gold &&
            (k->nkeys >= 2 || k->nnum >= 2) &&
            (a[i].e - a[i].b != a[i + 1].e - a[i + 1].b ||
             strncmp(t + a[i].b, t + a[i + 1].b, a[i].e - a[i].b)) &&
            !offers_choice(s, t, n))
            is_or = 0; /* two rows both gold ("have either medium or high water needs"): a list */
        if (best > from) {
            pt.alt = alt || (is_or && !hedge); /* what the parenthesis doubts stands */
            add_part(s, cs, t, caps, from, best, a, na, &pt, k);
            pt.rank = 0;
        }
        if (is_and && a[i].gold && a[i + 1].gold && !*closed)
            *closed = 1;
        else if (is_but && *closed == 1 && !affirms(t + best + blen, n - best - blen))
            pt.contrast = 1; /* not "…, while Driftwood Psalms, at 512 pages, also qualifies" */
        else if (is_but && set_against_other(&a[i], &a[i + 1], t, best))
            pt.contrast = 2;
        alt = is_or;
        pt.behind = blen == 13 && !strncmp(t + best, " followed by ", blen);
        from = best + blen;
    }
    pt.alt = alt;
    add_part(s, cs, t, caps, from, n, a, na, &pt, k);
    if (pt.contrast)
        *closed = 2;
    free(a);
}

/* The word before t[i] == '.' is an initial or a title ("R. Osei", "Dr. Sato", "St. Mary's"):
 * the dot ends no sentence. */
static int abbreviation(const char *t, const char *caps, size_t i)
{
    static const char *const abbr[] = {"dr",  "mr",   "mrs", "ms",  "st",  "prof", "jr",  "sr",
                                       "no",  "vs",   "inc", "ltd", "co",  "mt",   "ft",  "gen",
                                       "lt",  "jan",  "feb", "mar", "apr", "jun",  "jul", "aug",
                                       "sep", "sept", "oct", "nov", "dec", NULL};
    size_t b = i, k;
    while (b > 0 && t[b - 1] >= 'a' && t[b - 1] <= 'z')
        b--;
    if (i - b == 1 && b >= 2 && t[b - 1] == '.' && caps[b - 2])
        return 1; /* the last letter of capital initials: "Çiçek Esans A.Ş." (not "i.e.") */
    if ((b > 0 && is_word((unsigned char)t[b - 1])) || b == i || !caps[b])
        return 0;
    if (i - b == 1) /* an initial, not a unit after its number: "-7.6 °C. Aviemore …" */
        return !(b >= 2 && t[b - 1] == ' ' && isdigit((unsigned char)t[b - 2]));
    for (k = 0; abbr[k]; k++)
        if (strlen(abbr[k]) == i - b && !strncmp(t + b, abbr[k], i - b))
            return 1;
    return 0;
}

/* The dot at t[i] ends no sentence because of what is around it, whatever the case of the word
 * before: a common short form ("approx. 2,089 m", "(dir. Ana Ruiz)", "Capt. Solheim", "e.g.
 * Lyon"), a dot followed by a word in lower case (a new sentence opens with a capital), or a
 * dot inside a parenthesis that closes later on the line ("(approx. 2 km)"). */
static int short_form_dot(const char *t, const char *caps, size_t i, size_t n)
{
    static const char *const abbr[] = {
        "approx", "dir",  "capt", "col",  "maj", "sgt",  "cpl",  "rev",  "hon",  "gov",  "sen",
        "rep",    "pres", "fr",   "ave",  "rd",  "blvd", "dept", "univ", "corp", "bros", "est",
        "ca",     "cf",   "incl", "excl", "vol", "ch",   "fig",  "nos",  "op",   "pp",   "avg",
        "e.g",    "eg",   "no",   "vs",   "st",  "mt",   "ft",   "jr",   "sr",   "dr",   "mr",
        "mrs",    "ms",   "prof", "lt",   "gen", "cmdr", "adm",  NULL};
    size_t b = i, k, depth = 0;
    while (b > 0 && ((t[b - 1] >= 'a' && t[b - 1] <= 'z') || (t[b - 1] == '.' && b - 1 != i)))
        b--;
    if (b == i || (b > 0 && is_word((unsigned char)t[b - 1])))
        return 0;
    for (k = 0; abbr[k]; k++)
        if (strlen(abbr[k]) == i - b && !strncmp(t + b, abbr[k], i - b))
            return 1;
    if (i + 2 < n && t[i + 2] >= 'a' && t[i + 2] <= 'z' && !caps[i + 2])
        return 1;
    for (k = 0; k < i; k++)
        if (t[k] == '(')
            depth++;
        else if (t[k] == ')' && depth)
            depth--;
    return depth > 0 && memchr(t + i, ')', n - i) != NULL;
}

/* A sentence that goes on about the one before ("Lyon. It has 12 stores."): not cut off. */
static int pronoun(const char *t)
{
    static const char *const w[] = {" it ",
                                    " its ",
                                    " she ",
                                    " he ",
                                    " they ",
                                    " their ",
                                    " her ",
                                    " his ",
                                    " the text says it ", /* "The text says it was founded in" */
                                    " the text says that it ",
                                    " according to the text, it ",
                                    NULL};
    return opens_with(t, w);
}

/* t opens a field named by a word of a gold column ("kites: 640" of `kite_count`, "mayor Corine
 * Mauch" of `mayor`): after "; " it goes on with the record before it ("Tidewater Kite Fest:
 * founded 1998; kites: 640"). */
static int column_field_at(const char *t, const struct keys *k)
{
    size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyz "), c, b, e;
    if (n && t[n] != ':') /* or its first word alone, then its value: "mayor Corine Mauch" */
        n = strcspn(t, " ") < n ? strcspn(t, " ") : 0;
    if (!n || n > 24)
        return 0;
    for (c = 0; c < k->ncols; c++) /* a whole column name of any length: "ceo Hiroko Aoki" */
        if (strlen(k->cols[c]) == strcspn(t, " :") && !strncmp(t, k->cols[c], strlen(k->cols[c])))
            return 1;
    for (c = 0; c < k->ncols; c++)
        for (b = 0; k->cols[c][b]; b = e + (k->cols[c][e] != '\0')) {
            const char *w = k->cols[c];
            while (w[b] && !isalpha((unsigned char)w[b]))
                b++;
            for (e = b; isalpha((unsigned char)w[e]); e++)
                ;
            if (e - b >= 4 && !strncmp(t, w + b, e - b) &&
                !isalpha((unsigned char)t[e - b + (t[e - b] == 's')]))
                return 1; /* the word, maybe in the plural ("kites") */
        }
    return 0;
}

/* A sentence that asks ("Which schools were founded before 1900?"): the question restated,
 * never an answer. */
static int asks(const char *t, char end)
{
    static const char *const w[] = {
        "which ",     "what ",   "who ",      "whom ",     "whose ",     "how many ",
        "how much ",  "where ",  "when ",     "is there ", "are there ", "were there ",
        "was there ", "do any ", "does any ", "did any ",  NULL};
    return end == '?' && opens_with(t, w);
}

/* The full stop or semicolon at t[i] is inside a gold text that goes on past it ("Kadinlar
 * 1. Lig", "Sibelius: Symphony No. 2; Nielsen: Helios Overture"). */
static int value_across(const char *t, size_t i, const struct keys *k)
{
    size_t j, d, len;
    const char *dot;
    const char sep[3] = {t[i], ' ', '\0'};
    for (j = 0; k && j < k->n; j++)
        for (dot = strstr(k->text[j], sep); dot; dot = strstr(dot + 1, sep)) {
            d = (size_t)(dot - k->text[j]), len = strlen(k->text[j]);
            if (i >= d && !strncmp(t + i - d, k->text[j], len))
                return 1;
        }
    return 0;
}

/* The '!', '?' or '.' at t[i] closes a gold text that the sentence goes on after ("Oliver!
 * (14), Little Shop of Horrors (13)"): the next word is not a capital opening a sentence. */
static int value_ends(const char *t, const char *caps, size_t i, const struct keys *k)
{
    size_t j, len;
    if (!t[i + 1] || (caps[i + 2] && isalpha((unsigned char)t[i + 2])))
        return 0;
    for (j = 0; k && j < k->n; j++) {
        len = strlen(k->text[j]);
        if (len >= 2 && len <= i + 1 && k->text[j][len - 1] == t[i] &&
            !strncmp(t + i + 1 - len, k->text[j], len) &&
            (i + 1 == len || !is_word((unsigned char)t[i - len])))
            return 1;
    }
    return 0;
}

/* t opens with a field's label: a word or a few in lower case, no gold text, then ": " and a
 * value that is no number ("collector: Reuben Castle"; not "sweden: 2", "bronze: none"). */
static int field_label(const char *t, const struct keys *k)
{
    size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyz "), j;
    if (!n || n > 24 || t[0] == ' ' || t[n] != ':' || t[n + 1] != ' ' ||
        isdigit((unsigned char)t[n + 2]))
        return 0;
    for (j = 0; k && j < k->n; j++)
        if (strlen(k->text[j]) == n && !strncmp(t, k->text[j], n))
            return 0;
    return 1;
}

/* A line of prose or a list item: its sentences, each cut into rows. */
static void add_line(struct scorer *s, struct cands *cs, const char *raw, size_t n,
                     const struct keys *k, int rank, int item)
{
    struct buf t = BUF_INIT, caps = BUF_INIT;
    size_t b = 0, i, first = cs->n, j;
    int closed = 0;
    text_norm(raw, n, &t, &caps);
    for (i = 0; i <= t.len; i++) {
        int end =
            i == t.len ||
            (t.s[i] == ';' && t.s[i + 1] == ' ' && !column_field_at(t.s + i + 2, k) &&
             !pronoun(t.s + i + 1) && !value_across(t.s, i, k) &&
             !(field_label(t.s + b, k) && field_label(t.s + i + 2, k))) ||
            (strchr(".!?", t.s[i]) && (t.s[i + 1] == ' ' || !t.s[i + 1]) && i > 0 &&
             !value_across(t.s, i, k) && /* inside a gold text: "Neu! 75", "Dr. No" */
             !value_ends(t.s, caps.s, i, k) &&
             !(t.s[i] == '.' &&
               (abbreviation(t.s, caps.s, i) || short_form_dot(t.s, caps.s, i, t.len) ||
                (t.s[i + 1] == ' ' && t.s[i + 2] == '(' && isdigit((unsigned char)t.s[i + 3])))) &&
             /* "Northside Med. (640)": a value in brackets, no new sentence */
             !pronoun(t.s + i + 1));
        if (!end)
            continue;
        if (i > b && !asks(t.s + b, t.s[i])) {
            char keep = t.s[i];
            size_t from = cs->n;
            t.s[i] = '\0'; /* the sentence alone: anchors past it are not its own */
            add_parts(s, cs, t.s + b, caps.s + b, i - b, k, rank, item, &closed);
            for (j = from; from > first && j < cs->n; j++)
                cs->v[j].cont = first + 1;
            t.s[i] = keep;
            rank = 0;
            if (!closed && !strncmp(t.s + b, "only ", 5))
                closed = 1; /* "Only Greyhawk; Tamsin's Folly won at Goodwood" */
            if (closed == 1 && (keep == ';' || keep == '.'))
                closed = 2; /* "Etna and Stromboli; Vesuvius has been dormant", "… are A and
                               B. C buys its seed in." */
            else if (keep != ';')
                closed = 0;
        }
        b = i + 2;
        i++;
    }
    buf_release(&t);
    buf_release(&caps);
}

/* Item 1 of a list written on one line ("1. Zurich 2. Geneva 3. Basel", "1) A 2) B"): each
 * following " N. " / " N) " numbered in sequence starts the next item. */
static void add_enumerated(struct scorer *s, struct cands *cs, const char *p, size_t n,
                           const struct keys *k)
{
    size_t i, from = 0;
    int next = 2;
    for (i = 1; i + 2 < n; i++) {
        char num[8];
        size_t d = 0, e;
        if (p[i - 1] != ' ' || p[i] < '0' || p[i] > '9')
            continue;
        while (i + d < n && d < 3 && p[i + d] >= '0' && p[i + d] <= '9')
            num[d] = p[i + d], d++;
        num[d] = '\0';
        e = i + d;
        if (e >= n || (p[e] != '.' && p[e] != ')') || (e + 1 < n && p[e + 1] != ' ') ||
            strtol(num, NULL, 10) != next)
            continue;
        add_line(s, cs, p + from, i - 1 - from, k, next - 1, 1);
        from = e + 1 < n ? e + 2 : n;
        next++;
        i = e;
    }
    if (from < n)
        add_line(s, cs, p + from, n - from, k, next - 1, 1);
}

/* ---- lines ------------------------------------------------------------------------------------
 */

static void append(struct scorer *s, struct cand *c, const char *raw, size_t n)
{
    struct buf t = BUF_INIT, all = BUF_INIT;
    text_norm(raw, n, &t, NULL);
    buf_adds(&all, c->text);
    buf_adds(&all, " | ");
    buf_add(&all, t.s, t.len);
    free(c->text);
    c->text = buf_detach(&all, NULL);
    finish(s, c);
    buf_release(&t);
}

/* How many different gold keys the text names. */
static int key_count(const struct keys *k, const char *raw, size_t n)
{
    struct buf t = BUF_INIT;
    size_t i, j, at;
    int hits = 0;
    unsigned char small[64], *hit = k->nkeys <= sizeof(small) ? small : xmalloc(k->nkeys);
    text_norm(raw, n, &t, NULL);
    for (i = 0; i < k->nkeys; i++) {
        for (j = 0; j < i && strcmp(k->text[j], k->text[i]); j++)
            ;
        hit[i] = j == i && text_has(t.s, k->text[i], &at); /* a key of two gold rows once */
    }
    for (i = 0; i < k->nkeys; i++) { /* a short form inside a longer key found is that key */
        for (j = 0; hit[i] && j < k->nkeys; j++)
            if (j != i && hit[j] && strlen(k->text[j]) > strlen(k->text[i]) &&
                strstr(k->text[j], k->text[i]))
                hit[i] = 0;
        hits += hit[i];
    }
    if (hit != small)
        free(hit);
    buf_release(&t);
    return hits;
}

static const char *label_norm(const char *p, size_t n, struct buf *t);

/* The label before the colon at p[0, n) is a gold column's name or one of its words of three
 * letters or more ("job" of `job_id`, "country"): a field of the same record. */
static int column_label(const char *p, size_t n, const struct keys *k)
{
    struct buf t = BUF_INIT;
    const char *colon = memchr(p, ':', n), *w;
    size_t c, b, e;
    int hit = 0;
    if (!colon || colon - p > 32)
        return 0;
    w = label_norm(p, (size_t)(colon - p), &t);
    for (c = 0; c < k->ncols && !hit && *w; c++) {
        const char *col = k->cols[c];
        hit = !strcmp(w, col);
        for (b = 0; !hit && col[b]; b = e + (col[e] != '\0')) {
            for (e = b; col[e] && col[e] != ' '; e++)
                ;
            hit = e - b >= 3 && strlen(w) == e - b && !strncmp(w, col + b, e - b);
        }
    }
    buf_release(&t);
    return hit;
}

/* After a field's label, p[0, n) goes on with "; label: value" ("Unknown country: 3; Sweden:
 * 2"): among several rows, pairs of their own, no one field's value; not when each label is
 * a column's ("client: Nordlys Medtech AS; country: Norway; job: J-1015": one record). */
static int pair_after_semicolon(const char *p, size_t n, const struct keys *k)
{
    const char *semi = memchr(p, ';', n);
    int pairs = 0;
    for (; semi; semi = memchr(semi + 1, ';', n - (size_t)(semi + 1 - p))) {
        const char *f = semi + 1 + strspn(semi + 1, " ");
        size_t rest = n - (size_t)(f - p);
        if (!memchr(f, ':', rest))
            continue;
        if (!column_label(f, rest, k))
            pairs = 1;
    }
    return pairs;
}

/* How many different numeric gold keys raw[0, n) holds ("Trips: 50817, 52490": 2). */
static int number_key_count(struct scorer *s, const struct keys *k, const char *raw, size_t n)
{
    struct buf t = BUF_INIT;
    struct cand tmp;
    size_t i, j;
    int hits = 0;
    unsigned long long seen = 0;
    if (!k->nnum)
        return 0;
    text_norm(raw, n, &t, NULL);
    memset(&tmp, 0, sizeof(tmp));
    tmp.text = t.s;
    cand_read(s, &tmp);
    for (i = 0; i < tmp.nnums; i++)
        for (j = 0; j < k->nnum && j < 64; j++)
            if (!(seen >> j & 1) && num_match(s, &tmp.nums[i], k->num[j])) {
                seen |= 1ull << j, hits++;
                break;
            }
    free(tmp.nums), free(tmp.dates), free(tmp.neg);
    buf_release(&t);
    return hits;
}

/* The first field of a table's header, head, names a column of values, no rank ("Rink" over
 * "| 5 | 38.0 |"; not "#", "Rank", "Pos."). */
static int head_names_value(const char *head)
{
    static const char *const w[] = {"#",  "rank", "ranking", "pos",   "pos.", "position", "place",
                                    "no", "no.",  "n",       "order", "seq",  NULL};
    size_t n = head ? strcspn(head, "|") : 0;
    int k;
    while (n > 0 && head[n - 1] == ' ')
        n--;
    for (k = 0; n && w[k]; k++)
        if (strlen(w[k]) == n && !strncmp(head, w[k], n))
            return 0;
    return n >= 2;
}

/* A table row: its cells joined with " | "; a first cell that is a small integer is a rank,
 * unless the header names that column otherwise.  head: its table's header row, or NULL. */
static void add_table_row(struct scorer *s, struct cands *cs, const char *p, size_t n,
                          const char *head)
{
    struct buf row = BUF_INIT, norm = BUF_INIT;
    size_t i = 0, d;
    int cells = 0, rank = 0;
    while (i < n) {
        size_t b, e;
        while (i < n && (p[i] == '|' || p[i] == ' '))
            i++;
        b = i;
        while (i < n && p[i] != '|')
            i++;
        e = i;
        while (e > b && p[e - 1] == ' ')
            e--;
        if (e > b) {
            char num[8];
            if (!cells && e - b < 4) {
                memcpy(num, p + b, e - b), num[e - b] = '\0';
                if (strspn(num, "0123456789") == e - b)
                    rank = (int)strtol(num, NULL, 10);
            } else if (!cells && (d = strspn(p + b, "0123456789")) && d < 4 && b + d + 1 < e &&
                       strchr(".)", p[b + d]) && p[b + d + 1] == ' ') {
                rank = (int)strtol(p + b, NULL, 10); /* "1. hive: Sloe | last_inspected: …" */
            }
            if (cells++)
                buf_adds(&row, " | ");
            buf_add(&row, p + b, e - b);
        }
    }
    if (cells) {
        struct cand *c;
        text_norm(row.s, row.len, &norm, NULL);
        c = new_cand(cs, norm.s, norm.len);
        c->item = 1, c->rank = head_names_value(head) ? 0 : rank, c->head = head;
        finish(s, c);
    }
    buf_release(&row);
    buf_release(&norm);
}

/* Record state: a key/value record being built, and the item that fields may join. */
struct rec {
    long item;       /* the candidate fields join, or -1 */
    struct buf seen; /* "|key|key|" of the fields it holds */
    int head;        /* the item is a heading line ("1. **Name**", "Rank 2"), not a field */
    int named;       /* a field of it holds a name and a number ("Winner: Lahore (AQI 187)") */
    int keyline;     /* the item is "Gold key: value": only a gold column's field joins it */
    int free_label;  /* the item opened with a label naming no column of a gold of one column of
                        numbers: "Pentecost Light: 1856" over "Sower Window: 1871" are two rows */
};

/* The value of a "Key: value" field starts with a capitalised name and holds a number: a row of
 * its own ("- Worst: Lahore (AQI 187)" / "- Runner-up: Ulaanbaatar (AQI 171)" are two rows). */
static int named_value(struct scorer *s, const char *p, size_t n, size_t klen)
{
    struct buf t = BUF_INIT;
    struct cand tmp;
    size_t i = klen + 1;
    int yes;
    while (i < n && strchr(" *_", p[i]))
        i++;
    if (i >= n || !isupper((unsigned char)p[i]))
        return 0;
    text_norm(p + i, n - i, &t, NULL);
    memset(&tmp, 0, sizeof(tmp));
    tmp.text = t.s;
    cand_read(s, &tmp);
    yes = tmp.nnums > 0;
    free(tmp.nums), free(tmp.dates), free(tmp.neg);
    buf_release(&t);
    return yes;
}

/* A field's label p[0, n) normalised into t, its emphasis marks and underscores spaces, no
 * trailing space; returns where its words start in t->s. */
static const char *label_norm(const char *p, size_t n, struct buf *t)
{
    size_t i;
    text_norm(p, n, t, NULL);
    for (i = 0; i < t->len; i++)
        if (t->s[i] == '*' || t->s[i] == '_')
            t->s[i] = ' ';
    while (t->len && t->s[t->len - 1] == ' ')
        t->s[--t->len] = '\0';
    return t->s + strspn(t->s, " ");
}

/* p[0, n) names a gold column ("Crew", "**Score**"). */
static int column_name(const char *p, size_t n, const struct keys *k)
{
    struct buf t = BUF_INIT;
    const char *w = label_norm(p, n, &t);
    size_t c;
    for (c = 0; c < k->ncols; c++)
        if (!strcmp(w, k->cols[c]))
            break;
    buf_release(&t);
    return c < k->ncols;
}

/* "Crew — 850": a gold column's name, a dash between spaces, a value.  Returns the name's
 * length. */
static size_t dash_field(const char *p, size_t n, const struct keys *k)
{
    size_t i, e = 0;
    for (i = 1; i + 2 < n && i < 40 && !e; i++)
        if (p[i] == ' ' && (p[i + 1] == '-' || !strncmp(p + i + 1, "\xe2\x80\x94", 3) ||
                            !strncmp(p + i + 1, "\xe2\x80\x93", 3)))
            e = i;
    if (!e)
        return 0;
    return column_name(p, e, k) ? e : 0;
}

/* A gold key holding a colon starts the line and goes past the colon at p[colon]
 * ("Avengers: Endgame — $2.80 billion"): a name, not a field. */
static int key_spans_colon(const struct keys *k, const char *p, size_t n, size_t colon)
{
    struct buf t = BUF_INIT;
    size_t i;
    int yes = 0;
    if (colon >= n)
        return 0;
    text_norm(p, n, &t, NULL);
    for (i = 0; i < k->nkeys && !yes; i++) {
        size_t len = strlen(k->text[i]);
        const char *start = t.s + strspn(t.s, " *_");
        yes = strchr(k->text[i], ':') && len < t.len && !strncmp(start, k->text[i], len);
    }
    buf_release(&t);
    return yes;
}

/* p[0..n) is a rank said as an ordinal ("First", "2nd", "Second oldest"): a list's item label,
 * no field name. */
static int ordinal_label(const char *p, size_t n)
{
    static const char *const w[] = {"first", "second",  "third",  "fourth", "fifth",
                                    "sixth", "seventh", "eighth", "ninth",  "tenth",
                                    "1st",   "2nd",     "3rd",    NULL};
    size_t k, m;
    if (n > 6 && p[n - 1] == 'd' && p[n - 2] == 'e' && strncmp(p + n - 6, "placed", 6) &&
        strncmp(p + n - 6, "ranked", 6) && strncmp(p + n - 6, "seeded", 6))
        return 0; /* an ordinal before a verb names a field ("first joined", "first recorded");
                     "Second placed" is still a rank */
    for (k = 0; w[k]; k++) {
        m = strlen(w[k]); /* alone, or before one word: "Second oldest", "Third largest" */
        if (n >= m && !strncasecmp(p, w[k], m) &&
            (n == m || (p[m] == ' ' && !memchr(p + m + 1, ' ', n - m - 1))))
            return 1;
    }
    return n == 3 && p[0] >= '4' && p[0] <= '9' && !strncasecmp(p + 1, "th", 2);
}

/* The label p[0, n) is whole words of a gold key, not all of it ("Van Gogh" of "Vincent van
 * Gogh", "Klimt"): with no key in its value, a row's short name, no field name ("Hotel: Hotel
 * Ondina" is a field). */
static int key_part(const struct keys *k, const char *p, size_t n)
{
    struct buf t = BUF_INIT;
    const char *w = label_norm(p, n, &t);
    size_t i, at;
    int yes = 0;
    for (i = 0; t.len >= 3 && i < k->nkeys && !yes; i++)
        yes = text_has(k->text[i], w, &at);
    buf_release(&t);
    return yes && !column_name(p, n, k);
}

/* A "Key: value" line whose key is a field name, not a gold value: returns the key length. */
/* p[0, n), before a colon, opens a conclusion ("So that's eight matches", "That gives us") or
 * is one ("Summary"): it leads in to its rows, no field's label. */
static int conclusion_lead(const char *p, size_t n)
{
    static const char *const w[] = {"So ",         "so ",         "So, ",        "That's ",
                                    "that's ",     "That gives ", "This gives ", "Which gives ",
                                    "That makes ", NULL};
    static const char *const whole[] = {"Summary", "In summary", "In short", "To sum up", NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (n > strlen(w[k]) && !strncmp(p, w[k], strlen(w[k])))
            return 1;
    for (k = 0; whole[k]; k++) /* "Summary: Fairbrother 63, Holloway 40, …" */
        if (n == strlen(whole[k]) && !strncasecmp(p, whole[k], n))
            return 1;
    return 0;
}

static size_t field_key(struct scorer *s, const char *p, size_t n, const struct keys *k)
{
    size_t b, e, i, kb = 0;
    if (!re_find(s, s->field, p, n, 0, &b, &e))
        return dash_field(p, n, k);
    for (i = 0; i < n && p[i] != ':' && p[i] != '='; i++) /* "Crew: 850", "TransAlp = 4" */
        ;
    (void)kb;
    if (conclusion_lead(p, i) || (ordinal_label(p, i) && !column_name(p, i, k)) ||
        key_count(k, p, i) || key_count(k, p + i, n - i) > 1 || key_spans_colon(k, p, n, i) ||
        (key_part(k, p, i) && !key_count(k, p + i, n - i)))
        return 0;
    return i;
}

/* A line of words alone, no number or rank ("Fastest finisher"; not "Rank 2", "1st place",
 * "Second place"): a title, which names no record. */
static int title_line(const char *t)
{
    size_t i;
    for (i = 0; t[i]; i++)
        if (isdigit((unsigned char)t[i]) || t[i] == '|')
            return 0;
    return !ordinal_label(t, strlen(t));
}

/* p[0, n), once normalised, holds a match of re (a none-phrase, a NULL key's label). */
static int norm_matches(struct scorer *s, pcre2_code *re, const char *p, size_t n)
{
    struct buf t = BUF_INIT;
    size_t b, e;
    int hit;
    text_norm(p, n, &t, NULL);
    hit = re_find(s, re, t.s, t.len, 0, &b, &e);
    buf_release(&t);
    return hit;
}

/* The last ". " in p[0, n) that ends a sentence before a lead-in, or NULL. */
static const char *last_stop(const char *p, size_t n)
{
    const char *last = NULL;
    size_t i;
    for (i = 1; i + 1 < n; i++)
        if (p[i] == '.' && p[i + 1] == ' ' && !isdigit((unsigned char)p[i - 1]))
            last = p + i;
    return last;
}

/* For gold of one column of numbers over several rows, the label p[0, n) shares no word of three
 * letters or more with the column's name ("Pentecost Light" for `year_made`; not "Year"). */
static int free_label(const char *p, size_t n, const struct keys *k)
{
    struct buf t = BUF_INIT;
    const char *w, *q;
    size_t c, l;
    int hit = 0;
    if (k->n || k->ncols != 1 || k->nrows < 2)
        return 0;
    w = label_norm(p, n, &t);
    for (c = 0; c < k->ncols && !hit; c++)
        for (q = k->cols[c]; *q && !hit; q += l + (q[l] != '\0')) {
            l = strcspn(q, " ()*.,");
            if (l >= 3) {
                char word[32];
                snprintf(word, sizeof word, "%.*s", (int)(l < 31 ? l : 31), q);
                hit = strstr(w, word) != NULL;
            }
        }
    buf_release(&t);
    return !hit;
}

static void add_field(struct scorer *s, struct cands *cs, struct rec *r, const char *p, size_t n,
                      size_t klen, int blank, const struct keys *k)
{
    struct buf key = BUF_INIT, probe = BUF_INIT;
    int named = named_value(s, p, n, klen), label_free = free_label(p, klen, k);
    if ((r->keyline || (r->free_label && label_free)) && !column_name(p, klen, k))
        r->item = -1; /* "Ana: 88" over "Bo: 91": two rows */
    if (r->item >= 0 && !column_name(p, klen, k) && key_count(k, p + klen, n - klen) &&
        key_count(k, cs->v[r->item].text, strlen(cs->v[r->item].text)))
        r->item = -1; /* "Brontë Ward: Grace Mensah" over "Cedar Unit: Kofi Boateng": two rows */
    if (r->item >= 0 && k->null_key && norm_matches(s, s->null_item, p, klen))
        r->item = -1; /* "No keeper assigned: 2" under "Keeper 4: 6": the NULL key's own row */
    text_norm(p, klen, &key, NULL);
    while (key.len > 1 && isdigit((unsigned char)key.s[key.len - 1]) &&
           isalpha((unsigned char)key.s[0]))
        buf_setlen(&key, key.len - 1); /* "rank1" over "rank2": one label, numbered rows */
    buf_addch(&key, '|');
    if (r->item >= 0 && cs->v[r->item].lead)
        r->item = -1; /* a later part of a sentence cut into rows holds no fields */
    if (r->item >= 0 && r->head && title_line(cs->v[r->item].text) && key_count(k, p, n) &&
        !key_count(k, cs->v[r->item].text, strlen(cs->v[r->item].text)))
        r->item = -1;       /* a title over the record ("Fastest finisher" over "Runner: Ana") */
    buf_addch(&probe, '|'); /* the whole label: "city" is not seen in "capacity" */
    buf_adds(&probe, key.s);
    if (r->item >= 0 && !blank && !strstr(r->seen.s, probe.s) && !(named && r->named)) {
        append(s, &cs->v[r->item], p, n);
        r->named |= named;
    } else {
        struct buf t = BUF_INIT;
        struct cand *c;
        text_norm(p, n, &t, NULL);
        c = new_cand(cs, t.s, t.len);
        c->item = 1;
        finish(s, c);
        r->item = (long)(cs->n - 1), r->head = 0, r->named = named, r->keyline = 0;
        r->free_label = label_free;
        buf_reset(&r->seen);
        buf_addch(&r->seen, '|');
        buf_release(&t);
    }
    buf_adds(&r->seen, key.s);
    buf_release(&key);
    buf_release(&probe);
}

/* "Prices: 120 and 95 respectively." after a list: its numbers go, in order, to the list's last
 * items (as many as it has numbers).  Returns 1 when the line was taken so. */
static int respectively(struct scorer *s, struct cands *cs, const char *p, size_t n)
{
    struct buf t = BUF_INIT;
    struct cand tmp;
    size_t i, m = 0, first, at;
    int ok = 0;
    text_norm(p, n, &t, NULL);
    if (!text_has(t.s, "respectively", &at)) {
        buf_release(&t);
        return 0;
    }
    memset(&tmp, 0, sizeof(tmp));
    tmp.text = t.s;
    cand_read(s, &tmp);
    for (i = 0; i < tmp.nnums; i++)
        m += !tmp.nums[i].alt;
    for (first = cs->n; first > 0 && cs->n - first < m && cs->v[first - 1].item; first--)
        ;
    if (m >= 2 && cs->n - first == m) {
        size_t k = 0;
        for (i = 0; i < tmp.nnums; i++) {
            size_t e = tmp.nums[i].at;
            if (tmp.nums[i].alt)
                continue;
            while (t.s[e] && t.s[e] != ' ' && !(t.s[e] == ',' && t.s[e + 1] == ' '))
                e++;
            append(s, &cs->v[first + k++], t.s + tmp.nums[i].at, e - tmp.nums[i].at);
        }
        ok = 1;
    }
    free(tmp.nums), free(tmp.dates), free(tmp.neg);
    buf_release(&t);
    return ok;
}

/* p[0, n) is a number that keys a gold row ("2019" of a gold keyed by year). */
static int num_key(const char *p, size_t n, const struct keys *k)
{
    char tmp[32], *end;
    double v;
    size_t i;
    n = n < sizeof(tmp) - 1 ? n : sizeof(tmp) - 1;
    memcpy(tmp, p, n), tmp[n] = '\0';
    v = strtod(tmp, &end);
    if (end == tmp || end[strspn(end, " *_")])
        return 0;
    for (i = 0; i < k->nnum; i++)
        if (k->num[i] == v)
            return 1;
    return 0;
}

/* "Ana: 88", "2019: 3": a gold key before a colon and a value after it. */
static int gold_key_line(const char *p, size_t n, const struct keys *k)
{
    const char *colon = memchr(p, ':', n), *eq = memchr(p, '=', n);
    size_t c;
    if (!colon || (eq && eq < colon)) /* "TransAlp = 4" */
        colon = eq;
    c = colon ? (size_t)(colon - p) : 0;
    return colon && c < 40 && c + 2 < n && (key_count(k, p, c) > 0 || num_key(p, c, k));
}

/* A line of "Gold key: value" pairs set apart by "|" ("Maren Holt: Saltwater Kings | Idris
 * Kamau: The Long Meridian"), no table row: each pair is a row.  Returns 1 when p was so. */
static int keyed_pairs(struct scorer *s, struct cands *cs, const char *p, size_t n,
                       const struct keys *k)
{
    size_t b = 0, e, pairs = 0, cells = 0;
    if (p[strspn(p, " \t")] == '|')
        return 0;
    for (b = 0; b <= n; b = e + 1, cells++) {
        const char *bar = memchr(p + b, '|', n - b);
        e = bar ? (size_t)(bar - p) : n;
        while (b < e && (p[b] == ' ' || p[b] == '\t'))
            b++;
        pairs += e > b && gold_key_line(p + b, e - b, k);
    }
    if (cells < 2 || pairs < cells)
        return 0;
    for (b = 0; b <= n; b = e + 1) {
        const char *bar = memchr(p + b, '|', n - b);
        e = bar ? (size_t)(bar - p) : n;
        while (b < e && (p[b] == ' ' || p[b] == '\t'))
            b++;
        add_line(s, cs, p + b, e - b, k, 0, 1);
    }
    return 1;
}

/* A list numbered "1." on every line, as Markdown lets one write it (it shows 1, 2, 3):
 * ranked by place.  starts[j] is the first candidate of the j-th numbered line. */
static void ones_by_place(struct cands *cs, const size_t *starts, size_t lines)
{
    size_t j, c;
    if (lines < 2)
        return;
    for (j = 0; j < lines; j++)
        for (c = starts[j]; c < (j + 1 < lines ? starts[j + 1] : cs->n); c++)
            if (cs->v[c].rank == 1)
                cs->v[c].rank = (int)j + 1;
}

/* p[0, n) has a sentence's or clause's punctuation: ';', or '.' or ',' not inside a number
 * ("Pebble (4.65)" has none; "Lyon, 12 stores" has). */
static int clause_punct(const char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i] == ';' || ((p[i] == '.' || p[i] == ',') &&
                            !(i > 0 && i + 1 < n && isdigit((unsigned char)p[i - 1]) &&
                              isdigit((unsigned char)p[i + 1]))))
            return 1;
    return 0;
}

/* A column of the gold counts ("COUNT(*)", "count(DISTINCT genre)"). */
static int asks_count(const struct keys *k)
{
    size_t i;
    for (i = 0; i < k->ncols; i++)
        if (!strncmp(k->cols[i], "count", 5))
            return 1;
    return 0;
}

/* p[0, n) is a sentence with a number: a digit and three words or more ("There are 4 vegan
 * dishes:"; not a cut field, "2022:"). */
static int numbered_sentence(const char *p, size_t n)
{
    size_t i, words = 0;
    int digit = 0;
    for (i = 0; i < n; i++) {
        digit |= isdigit((unsigned char)p[i]);
        words += isalpha((unsigned char)p[i]) && (i == 0 || !isalpha((unsigned char)p[i - 1]));
    }
    return digit && words >= 3;
}

/* The last candidate, a table's header row: its text kept for the rows below it. */
static const char *keep_head(struct cands *cs)
{
    const char *t = cs->v[cs->n - 1].text;
    return add_head(cs, t, strlen(t));
}

/* The bullet matched with ovector ov opens "N: " with N of three digits ("108: Matteo
 * Bianchi"): an id labelling the row, not a list's number. */
static int id_label(const char *p, const PCRE2_SIZE *ov)
{
    return ov[2] != PCRE2_UNSET && p[ov[3]] == ':' && ov[3] - ov[2] == 3;
}

/* The line p[0, n) opens "N: value" where N is a numeric key of the gold ("3: 21" for 3-credit
 * courses, "- 4: 15"): the key's field, no list number. */
static int numeric_key_field(struct scorer *s, const char *p, size_t n, const struct keys *k)
{
    size_t b, e, i;
    double v;
    PCRE2_SIZE *ov;
    if (!k->nnum && !k->digits)
        return 0;
    if (re_find(s, s->bullet, p, n, 0, &b, &e) && p[e - 1] == ' ' &&
        pcre2_get_ovector_pointer(s->md)[2] == PCRE2_UNSET) /* past a bullet: "- 3: 21" */
        p += e, n -= e;
    if (!re_find(s, s->bullet, p, n, 0, &b, &e) ||
        (ov = pcre2_get_ovector_pointer(s->md))[2] == PCRE2_UNSET || p[ov[3]] != ':' ||
        !(isdigit((unsigned char)p[e + strspn(p + e, "$\xc2\xa3\xe2\x82\xac")]) || k->id_key))
        return 0; /* a number after it, "3: $1,150"; or anything when the keys are ids */
    v = strtod(p + ov[2], NULL);
    for (i = 0; i < k->nnum; i++)
        if (k->num[i] == v)
            return 1;
    for (i = 0; k->digits && i < k->nkeys; i++)
        if (strspn(k->text[i], "0123456789") == strlen(k->text[i]) && strtod(k->text[i], NULL) == v)
            return 1;
    return 0;
}

/* The line p[0, n) is a table row: it opens with a pipe, or has one set off by a space ("Lyon
 * | 12"); not a pipe inside a word of prose ("Xbox Series X|S"). */
static int table_pipe(const char *p, size_t n)
{
    size_t i, lead = strspn(p, " \t");
    if (lead < n && p[lead] == '|')
        return 1;
    for (i = 0; i < n; i++)
        if (p[i] == '|' && ((i > 0 && p[i - 1] == ' ') || (i + 1 < n && p[i + 1] == ' ')))
            return 1;
    return 0;
}

/* The candidate of a line that leads in to a list and names a gold key ("The landings that
 * fetched over £20 per kg were all lobster:"). */
static int lead_in_cand(const struct cand *c)
{
    size_t n = strlen(c->text);
    return n > 1 && c->text[n - 1] == ':';
}

/* The candidates from `made` on came from one line, indented (1), a list item not indented (2),
 * neither (0) or blank (-1).  Indented under a heading, they are its items, and so are list
 * items under a lead-in; not indented, the line heads what is indented below it when it is one
 * field naming no number ("observer: Tamsin Oakley"), and a lead-in heads the items below it.
 * Returns the heading for the next line. */
static long mark_under(struct cands *cs, size_t made, int indented, long heading)
{
    const char *colon;
    size_t j;
    if (cs->n <= made) /* a blank line, a fence, a table's rule leave it; a lead-in does not */
        return indented < 0 || indented == 1 ? heading : -1;
    if (indented == 1 || (indented == 2 && heading >= 0 && lead_in_cand(&cs->v[heading]))) {
        for (j = made; heading >= 0 && j < cs->n; j++)
            cs->v[j].under = (size_t)heading + 1;
        return heading;
    }
    if (cs->n == made + 1 && (lead_in_cand(&cs->v[made]) || indented == 2))
        return (long)made; /* "1. Ruth Calloway" heads "   - Brass & Bellows" below it */
    colon = cs->n == made + 1 ? strchr(cs->v[made].text, ':') : NULL;
    if (colon && !cs->v[made].nnums && colon[1 + strspn(colon + 1, " ")] &&
        !strchr(cs->v[made].text, '|'))
        return (long)made;
    return -1;
}

/* The line p opens with an id and a colon ("519: Pagewise Books"): under another such line,
 * a row of its own, no second line of it. */
static int id_opens(const char *p)
{
    size_t d = strspn(p, "0123456789");
    return d && p[d] == ':' && p[d + 1] == ' ';
}

/* Lines p and item open with the same label before "=" ("loan_id=2, member=Tom Hollis" under
 * "loan_id=…"), or with ids ("519: …"): rows alike, each its own.  item is normalised, so its
 * label's "_" may be a space. */
static int sibling_line(const char *p, const char *item)
{
    size_t n = strcspn(p, "=:\n"), i;
    if (id_opens(p) && id_opens(item))
        return 1;
    if (p[n] != '=' || n == 0 || n > 24 || strlen(item) <= n || item[n] != '=')
        return 0;
    for (i = 0; i < n; i++)
        if (tolower((unsigned char)p[i]) != item[i] && !(p[i] == '_' && item[i] == ' '))
            return 0;
    return 1;
}

/* The number a line opens with as a list's ("1: ", "2. ", "(3) "), else 0. */
static int numbered_at(struct scorer *s, const char *p, size_t len)
{
    size_t b, e;
    PCRE2_SIZE *ov;
    if (!re_find(s, s->bullet, p, len, 0, &b, &e))
        return 0;
    ov = pcre2_get_ovector_pointer(s->md);
    return ov[2] != PCRE2_UNSET ? (int)strtol(p + ov[2], NULL, 10) : 0;
}

/* The line p[0, n) is sentences ending on a lead-in ("Juice yield = litres ÷ kilograms,
 * rounded to 3 decimals. The highest yields:"): no field of a record. */
static int sentences_lead_in(const char *p, size_t n)
{
    size_t i;
    if (!n || p[n - 1] != ':')
        return 0;
    for (i = 1; i + 2 < n; i++)
        if (p[i] == '.' && p[i + 1] == ' ' && isupper((unsigned char)p[i + 2]) &&
            isalpha((unsigned char)p[i - 1]))
            return 1;
    return 0;
}

static void add_lines(struct scorer *s, const char *ans, const struct keys *k, struct cands *cs)
{
    size_t i = 0, n = strlen(ans), prev_start = 0, b, e, *ones = NULL, nones = 0, ones_alloc = 0;
    int prev_table = 0, blank = 0, tables = 0, body_rows = 0, other_numbers = 0;
    struct rec r = {-1, BUF_INIT, 0, 0, 0, 0};
    const char *thead = NULL; /* the header of the table being read */
    long heading = -1;        /* the candidate that heads indented lines, or -1 */
    size_t made = 0;          /* the first candidate of the line before */
    int indented = 0; /* that line was indented (1), a list item at the margin (2), neither (0)
                         or blank (-1) */
    while (i < n) {
        size_t le = answer_line_end(ans, i, n), skip = i, klen;
        const char *p = ans + i;
        size_t len = le - i;
        int rank = 0, bullet = 0, nkey;
        heading = mark_under(cs, made, indented, heading);
        made = cs->n, indented = !strncmp(ans + i, "  ", 2) || ans[i] == '\t';
        if (!indented && re_find(s, s->bullet, p, len, 0, &b, &e))
            indented = 2; /* a list item at the margin */
        if (answer_blank_line(p, 0, len))
            indented = -1; /* no line of its own */
        i = le + 1;
        if (answer_blank_line(p, 0, len)) {
            blank = 1, thead = NULL;
            continue;
        }
        if (!strncmp(p + strspn(p, " "), "```", 3))
            continue;
        if (re_find(s, s->tablesep, p, len, 0, &b, &e)) {
            tables++;
            thead = prev_table && cs->n == prev_start + 1 ? keep_head(cs) : NULL;
            while (prev_table && cs->n > prev_start) /* the line above was the header */
                free(cs->v[--cs->n].text), free(cs->v[cs->n].nums), free(cs->v[cs->n].dates),
                    free(cs->v[cs->n].neg);
            prev_table = 0;
            continue;
        }
        prev_start = cs->n;
        if (!tables && table_pipe(p, len) && keyed_pairs(s, cs, p, len, k)) {
            prev_table = 0, blank = 0, r.item = -1;
            continue;
        }
        if (table_pipe(p, len)) {
            body_rows += tables > 0;
            add_table_row(s, cs, p, len, thead);
            if (!tables && cs->n == prev_start + 1 && isdigit((unsigned char)p[strspn(p, " (")]) &&
                (rank = numbered_at(s, p, len)) > 0)
                cs->v[prev_start].rank = rank; /* "1: Kestrel Crumbly | 6 months" */
            prev_table = 1, blank = 0, r.item = -1;
            continue;
        }
        prev_table = 0, thead = NULL;
        nkey = numeric_key_field(s, p, len, k);
        if (re_find(s, s->bullet, p, len, 0, &b, &e) &&
            !(nkey && pcre2_get_ovector_pointer(s->md)[2] != PCRE2_UNSET) &&
            !id_label(p, pcre2_get_ovector_pointer(s->md))) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
            if (ov[2] != PCRE2_UNSET)
                rank = (int)strtol(p + ov[2], NULL, 10);
            skip = e, bullet = 1;
            e += strspn(p + e, "*_") < 3 ? strspn(p + e, "*_") : 0; /* "- **1. Incident 8**" */
            if (!rank && !nkey && re_find(s, s->bullet, p + e, len - e, 0, &b, &b) &&
                (ov = pcre2_get_ovector_pointer(s->md))[2] != PCRE2_UNSET && !id_label(p + e, ov)) {
                rank = (int)strtol(p + e + ov[2], NULL, 10); /* "- 1. Abebe Tola" */
                skip = e + ov[1];
            }
        } else {
            skip = strspn(p, " \t");
        }
        p += skip, len -= skip;
        if (rank == 1) {
            ALLOC_GROW(ones, nones + 1, ones_alloc);
            ones[nones++] = cs->n;
        } else if (rank) {
            other_numbers = 1;
        }
        if (!bullet && skip >= 2 && !blank && r.item >= 0 && r.head && !field_key(s, p, len, k) &&
            !gold_key_line(p, len, k) && !sibling_line(p, cs->v[r.item].text)) {
            append(s, &cs->v[r.item], p, len); /* an item's indented second line */
        } else if (respectively(s, cs, p, len)) {
            r.item = -1;
        } else if ((klen = field_key(s, p, len, k)) && !sentences_lead_in(p, len) &&
                   number_key_count(s, k, p + klen, len - klen) < 2 &&
                   !(k->nkeys + k->nnum >= 2 && pair_after_semicolon(p + klen, len - klen, k))) {
            add_field(s, cs, &r, p, len, klen, blank, k);
        } else if (len && p[len - 1] == ':' && !key_count(k, p, len)) {
            const char *dot = last_stop(p, len); /* "None qualify. The ships are:": the first */
            if (dot && norm_matches(s, s->none, p, (size_t)(dot - p) + 1))
                add_line(s, cs, p, (size_t)(dot - p) + 1, k, 0, 0);
            else if (asks_count(k) && numbered_sentence(p, len))
                add_line(s, cs, p, len - 1, k, 0, 0); /* "There are 4 vegan dishes:" */
            r.item = -1; /* a lead-in, "The wines are:", after a none kept */
        } else {
            size_t before = cs->n;
            int head = len < 40 && !clause_punct(p, len);
            if (!rank && len > 5 && !strncmp(p, "Rank ", 5))
                rank = (int)strtol(p + 5, NULL, 10);
            if (rank == 1)
                add_enumerated(s, cs, p, len, k);
            else
                add_line(s, cs, p, len, k, rank, bullet || head);
            r.item = cs->n > before ? (long)cs->n - 1 : -1;
            r.head = 1, r.named = 0;
            r.keyline = gold_key_line(p, len, k);
            r.free_label = 0;
            buf_reset(&r.seen);
            buf_addch(&r.seen, '|');
        }
        blank = 0;
    }
    mark_under(cs, made, indented, heading);
    if (tables && !body_rows && !cs->n)
        cs->says_none = 1; /* a table of a header and no rows */
    if (!other_numbers)
        ones_by_place(cs, ones, nones);
    free(ones);
    buf_release(&r.seen);
}

/* A key of words of letters, its last word in the plural ("Atlantic puffins", "Holsteins"):
 * a reply counting kinds names them so, and the sentence is cut at it. */
static void plural_key(const char *norm, char ***out, size_t *n, size_t *alloc)
{
    size_t len = strlen(norm), k, last = 0;
    for (k = 0; k < len; k++) {
        if (norm[k] == ' ')
            last = k + 1;
        else if (norm[k] < 'a' || norm[k] > 'z')
            return;
    }
    if (len - last < 4)
        return;
    if ((norm[len - 1] == 'y' && !strchr("aeiou", norm[len - 2])) || norm[len - 1] == 'a') {
        const char *end = norm[len - 1] == 'y' ? "ies" : "e"; /* "galaxies", "nebulae" */
        size_t stem = len - (norm[len - 1] == 'y');
        ALLOC_GROW(*out, *n + 1, *alloc);
        (*out)[*n] = xmalloc(stem + strlen(end) + 1);
        memcpy((*out)[*n], norm, stem);
        memcpy((*out)[(*n)++] + stem, end, strlen(end) + 1);
    }
    ALLOC_GROW(*out, *n + 1, *alloc);
    (*out)[*n] = xmalloc(len + 3);
    memcpy((*out)[*n], norm, len);
    {
        const char *end = strchr("sx", norm[len - 1]) ? "es" : "s";
        memcpy((*out)[*n] + len, end, strlen(end) + 1);
    }
    (*n)++;
}

/* The column that names a gold row, as the scorer reads it: its first text cell, else its
 * first cell ([1, "Kastrup", 1254000] is Kastrup's). */
static int first_text(const cJSON *row)
{
    const cJSON *c;
    int i = 0;
    cJSON_ArrayForEach(c, row)
    {
        if (cJSON_IsString(c))
            return i;
        i++;
    }
    return 0;
}

/* The rows' keys are times of one day, "YYYY-MM-DD HH:MM" with one date, two rows or more:
 * each is also named by its time ("13:00"), the day being the question's (gold_one_day). */
static void one_day_clocks(const cJSON *rows, int keycol, struct keys *k, size_t *alloc)
{
    const cJSON *row;
    const char *first = NULL, *v;
    int n = 0;
    cJSON_ArrayForEach(row, rows)
    {
        v = cJSON_GetStringValue(cJSON_GetArrayItem(row, keycol >= 0 ? keycol : first_text(row)));
        if (!v || strlen(v) < 16 || v[4] != '-' || v[7] != '-' || !strchr(" T", v[10]) ||
            v[13] != ':' || !isdigit((unsigned char)v[11]) || (first && strncmp(first, v, 10)))
            return;
        first = v, n++;
    }
    cJSON_ArrayForEach(row, rows)
    {
        if (n < 2)
            break;
        v = cJSON_GetStringValue(cJSON_GetArrayItem(row, keycol >= 0 ? keycol : first_text(row)));
        char clock[6];
        memcpy(clock, v + 11, 5), clock[5] = '\0';
        ALLOC_GROW(k->text, k->n + 1, *alloc);
        k->text[k->n++] = xstrdup(clock);
        text_variants(clock, &k->text, &k->n, alloc); /* "1:00 pm" */
    }
}

/* For each gold text of two to four capitals ("GK", "FWD"), the words of the answer that it
 * shortens ("goalkeepers", "forwards"; word_shortened): keys too, so that they set rows apart
 * as the code would. */
static void code_words(const cJSON *gold, const char *ans, struct keys *k)
{
    const cJSON *row, *c;
    struct buf t = BUF_INIT, w = BUF_INIT;
    size_t alloc = k->n, at, e, n;
    int read = 0;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(gold, "rows"))
        cJSON_ArrayForEach(c, row)
    {
        if (!cJSON_IsString(c) || !capitals_only(c->valuestring, 2, 4))
            continue; /* the gold's code cells, as score_gold marks them */
        n = strlen(c->valuestring);
        if (!read++) /* most golds hold no code: the answer is read only for one */
            text_norm(ans, strlen(ans), &t, NULL);
        text_norm(c->valuestring, n, &w, NULL);
        if (!word_shortened(t.s, w.s, &at))
            continue;
        for (e = at; isalpha((unsigned char)t.s[e]); e++)
            ;
        ALLOC_GROW(k->text, k->n + 1, alloc); /* among the keys, which come first */
        memmove(k->text + k->nkeys + 1, k->text + k->nkeys, (k->n - k->nkeys) * sizeof(char *));
        k->text[k->nkeys++] = xstrndup(t.s + at, e - at), k->n++;
    }
    buf_release(&t);
    buf_release(&w);
}

/* Keys that all open with the same words ("Hearth & Crumb Jesmond", "Hearth & Crumb
 * Ancoats") are also named by the rest ("Jesmond"). */
static void shared_prefix_keys(const cJSON *rows, int keycol, struct keys *k, size_t *alloc)
{
    size_t n = (size_t)cJSON_GetArraySize(rows), i = 0, len;
    char **t;
    const cJSON *row;
    struct buf b = BUF_INIT;
    if (n < 2 || n > 200)
        return;
    t = xcalloc(n, sizeof(*t));
    cJSON_ArrayForEach(row, rows)
    {
        const cJSON *c = cJSON_GetArrayItem(row, keycol >= 0 ? keycol : first_text(row));
        if (cJSON_IsString(c)) {
            text_norm(c->valuestring, strlen(c->valuestring), &b, NULL);
            t[i] = xstrndup(b.s, b.len);
        }
        i++;
    }
    if ((len = common_word_prefix(t, n)) > 0)
        for (i = 0; i < n; i++) {
            size_t j;
            for (j = 0; j < k->n && strcmp(k->text[j], t[i] + len); j++)
                ;
            if (j < k->n)
                continue; /* already one of the keys' names */
            ALLOC_GROW(k->text, k->n + 1, *alloc);
            k->text[k->n++] = xstrdup(t[i] + len);
        }
    for (i = 0; i < n; i++)
        free(t[i]);
    free(t);
    buf_release(&b);
}

static void keys_build(const cJSON *gold, struct keys *k)
{
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows"), *row, *c;
    size_t alloc = 0, nalloc = 0, anyalloc = 0, pass;
    struct buf t = BUF_INIT;
    char one[128];
    int keycol = gold_key_column(rows);
    memset(k, 0, sizeof(*k));
    k->nrows = (size_t)cJSON_GetArraySize(rows);
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(gold, "columns"))
    {
        size_t i;
        if (!cJSON_IsString(c) || k->ncols >= 64)
            continue;
        text_norm(c->valuestring, strlen(c->valuestring), &t, NULL);
        for (i = 0; i < t.len; i++)
            if (t.s[i] == '_')
                t.s[i] = ' ';
        if (!k->cols)
            k->cols = xcalloc(64, sizeof(char *));
        k->cols[k->ncols++] = xstrndup(t.s, t.len);
    }
    for (pass = 0; pass < 2; pass++) { /* keys first, then the other text cells */
        size_t nr = 0;
        cJSON_ArrayForEach(row, rows)
        {
            int col = -1, kc = keycol >= 0 ? keycol : first_text(row), key;
            if (nr++ >= 200)
                break;
            cJSON_ArrayForEach(c, row)
            {
                col++;
                key = col == kc;
                if (cJSON_IsNull(c)) {
                    k->null_key |= key && nr > 0 && cJSON_GetArraySize(rows) > 1;
                    continue;
                }
                if (cJSON_IsString(c) && key == (pass == 0)) {
                    text_norm(c->valuestring, strlen(c->valuestring), &t, NULL);
                    ALLOC_GROW(k->text, k->n + 1, alloc);
                    k->text[k->n++] = xstrndup(t.s, t.len);
                    if (pass == 0 && name_any_order(c->valuestring, t.s)) {
                        ALLOC_GROW(k->any_order, k->nany + 1, anyalloc);
                        k->any_order[k->nany++] = xstrndup(t.s, t.len);
                    }
                    text_short_forms(t.s, &k->text, &k->n, &alloc);
                    flag_forms(cJSON_GetStringValue(cJSON_GetArrayItem(
                                   cJSON_GetObjectItemCaseSensitive(gold, "columns"), col)),
                               t.s, &k->text, &k->n, &alloc);
                    initials_form(t.s, &k->text, &k->n, &alloc);
                    sex_code_names(cJSON_GetStringValue(cJSON_GetArrayItem(
                                       cJSON_GetObjectItemCaseSensitive(gold, "columns"), col)),
                                   t.s, &k->text, &k->n, &alloc);
                    language_names(cJSON_GetStringValue(cJSON_GetArrayItem(
                                       cJSON_GetObjectItemCaseSensitive(gold, "columns"), col)),
                                   c->valuestring, &k->text, &k->n, &alloc);
                    country_code_names(cJSON_GetStringValue(cJSON_GetArrayItem(
                                           cJSON_GetObjectItemCaseSensitive(gold, "columns"), col)),
                                       c->valuestring, &k->text, &k->n, &alloc);
                    place_variants(t.s, &k->text, &k->n, &alloc);
                    text_variants(c->valuestring, &k->text, &k->n, &alloc);
                    without_commas(t.s, &k->text, &k->n, &alloc);
                    yearless_variants(c->valuestring, &k->text, &k->n, &alloc);
                    month_number_names(cJSON_GetStringValue(cJSON_GetArrayItem(
                                           cJSON_GetObjectItemCaseSensitive(gold, "columns"), col)),
                                       c->valuestring, &k->text, &k->n, &alloc);
                    bracket_code(c->valuestring, &k->text, &k->n, &alloc);
                    after_label(c->valuestring, &k->text, &k->n, &alloc);
                    comma_place(c->valuestring, &k->text, &k->n, &alloc);
                    if (pass == 0)
                        plural_key(t.s, &k->text, &k->n, &alloc);
                    if (pass == 0 && singular_of(t.s, one, sizeof one)) {
                        ALLOC_GROW(k->text, k->n + 1, alloc);
                        k->text[k->n++] = xstrdup(one); /* "tomato harvests" for Tomatoes */
                    }
                } else if (cJSON_IsNumber(c) && pass == 0 && !key &&
                           id_column(cJSON_GetStringValue(cJSON_GetArrayItem(
                               cJSON_GetObjectItemCaseSensitive(gold, "columns"), col)))) {
                    k->num_ids = 1;
                } else if (cJSON_IsNumber(c) && key && pass == 0) {
                    char num[24];
                    k->id_key |= id_column(cJSON_GetStringValue(cJSON_GetArrayItem(
                        cJSON_GetObjectItemCaseSensitive(gold, "columns"), col)));
                    ALLOC_GROW(k->num, k->nnum + 1, nalloc);
                    k->num[k->nnum++] = c->valuedouble;
                    /* a month's number also as its name: "July" for 7 of `month` */
                    snprintf(num, sizeof num, "%d", (int)fmin(fmax(c->valuedouble, -1), 99));
                    if (c->valuedouble == floor(c->valuedouble))
                        month_number_names(
                            cJSON_GetStringValue(cJSON_GetArrayItem(
                                cJSON_GetObjectItemCaseSensitive(gold, "columns"), col)),
                            num, &k->text, &k->n, &alloc);
                    ordinal_names(cJSON_GetStringValue(cJSON_GetArrayItem(
                                      cJSON_GetObjectItemCaseSensitive(gold, "columns"), col)),
                                  c->valuedouble, &k->text, &k->n, &alloc); /* "ground floor" */
                }
            }
        }
        if (pass == 0) {
            one_day_clocks(rows, keycol, k, &alloc);
            shared_prefix_keys(rows, keycol, k, &alloc);
            k->nkeys = k->n;
        }
    }
    buf_release(&t);
    for (pass = 0; pass < k->nkeys && !k->months; pass++) /* a month alone among the keys */
        k->months = month_word(k->text[pass]);
    for (pass = 0; pass < k->nkeys && !k->digits; pass++)
        k->digits =
            k->text[pass][0] && strspn(k->text[pass], "0123456789") == strlen(k->text[pass]);
}

static void keys_free(struct keys *k)
{
    size_t i;
    for (i = 0; i < k->n; i++)
        free(k->text[i]);
    free(k->text);
    free(k->num);
    for (i = 0; i < k->ncols; i++)
        free(k->cols[i]);
    free(k->cols);
    for (i = 0; i < k->nany; i++)
        free(k->any_order[i]);
    free(k->any_order);
}

/* A sentence that is only a name, each word capitalised in the answer ("No student scored
 * 100 in both. Mina"; not "Hope this helps."), or a code's digits after capitals ("NB 0418"):
 * after a none-phrase it offers a row all the same. */
/* The n bytes of normalised t occur in ans as a whole, each word capitalised: a name. */
static int title_cased(const char *ans, const char *t, size_t n)
{
    const char *p;
    size_t k;
    for (p = ans; n && *p; p++) {
        if (strncasecmp(p, t, n) || (p > ans && isalpha((unsigned char)p[-1])) ||
            isalpha((unsigned char)p[n]))
            continue;
        for (k = 0; k < n; k++)
            if ((k == 0 || p[k - 1] == ' ') && !isupper((unsigned char)p[k]) &&
                !(k >= 3 && isdigit((unsigned char)p[k]) && isupper((unsigned char)p[k - 2]) &&
                  isupper((unsigned char)p[k - 3])))
                break;
        if (k == n)
            return 1;
    }
    return 0;
}

static int bare_name(const char *ans, const struct cand *c)
{
    size_t i, words = 1;
    for (i = 0; c->text[i]; i++)
        words += c->text[i] == ' ';
    if (c->other != 1 || c->lead || words > 3 || strpbrk(c->text, ",;:.!?'-"))
        return 0;
    return title_cased(ans, c->text, strlen(c->text));
}

/* A none-phrase, a colon, then names ("There are no such students: Priya Nair, Oskar Berg"):
 * the names are offered all the same. */
static int names_after_colon(struct scorer *s, const char *ans, const struct cand *c)
{
    const char *p = c->nullish ? strstr(c->text + c->none_at, ": ") : NULL, *conj;
    size_t n, b, e;
    int names = 0;
    while (p) {
        p += strspn(p, ":,.| ");
        p += strncmp(p, "and ", 4) ? 0 : 4;
        if (!*p)
            break;
        n = strcspn(p, ",.;|");
        if ((conj = strstr(p, " and ")) && (size_t)(conj - p) < n)
            n = (size_t)(conj - p);
        if (re_find(s, s->none, p, n, 0, &b, &e) || !title_cased(ans, p, n))
            return 0; /* "No records: the sentences stop in 2019" explains */
        names++;
        p += n;
    }
    return names > 0;
}

/* After a none-phrase, a sentence of names under a label of a word or two ("Teams: Granite Bay
 * Pirates (11 wins), …"): offered all the same, unless the label says what for ("For
 * reference:", "Note:"). */
static int labelled_names(const char *ans, const struct cand *c)
{
    static const char *const aside[] = {"reference", "context", "comparison", "note",
                                        "nearest",   "closest", NULL};
    const char *colon = strstr(c->text, ": "), *p;
    size_t words = 1, n;
    int k;
    if (c->nullish || !colon || colon - c->text > 24)
        return 0;
    for (p = c->text; p < colon; p++)
        words += *p == ' ';
    for (k = 0; aside[k]; k++)
        if (strstr(c->text, aside[k]) && strstr(c->text, aside[k]) < colon)
            return 0;
    if (colon - c->text > 3 && !strncmp(colon - 3, "est", 3))
        return 0; /* "Largest: Fallow Field (52,000)": the one extreme, context */
    p = colon + 2;
    n = strcspn(p, ",.;(|");
    return words <= 2 && n > 0 && title_cased(ans, p, n);
}

/* An earlier part of candidate i's sentence says there is none ("No orchard grows both Aroma
 * | and Gravenstein apples"): the part belongs to that statement and lists nothing.  Parts
 * before the none-phrase still list ("A and B, none of the others"). */
static int sentence_says_none(const struct cands *cs, size_t i)
{
    size_t first = cs->v[i].lead ? cs->v[i].lead - 1 : i, j;
    for (j = first; j < i; j++)
        if ((j == first || cs->v[j].lead == first + 1) && cs->v[j].nullish)
            return 1;
    return 0;
}

static const char *const conclusion_words[] = {"so ", "therefore ", "thus ", "hence ", NULL};

/* A later part of candidate i's sentence opens with a conclusion word and says none ("The
 * longest is the Laguna Circuit at 18.4 km, so no trail in Lago Azul meets it"): what came
 * before was the evidence, no answer. */
static int concluded_later(const struct cands *cs, size_t i)
{
    size_t first = cs->v[i].lead ? cs->v[i].lead - 1 : i, j;
    int k;
    for (j = i + 1; j < cs->n && cs->v[j].lead == first + 1; j++)
        for (k = 0; cs->v[j].nullish && conclusion_words[k]; k++)
            if (!strncmp(cs->v[j].text, conclusion_words[k], strlen(conclusion_words[k])))
                return 1;
    return 0;
}

/* The "may " at q in t is the month, beside a number ("2 may 2024", "may 2024"). */
static int month_may(const char *t, const char *q)
{
    return !strncmp(q, "may ", 4) &&
           (isdigit((unsigned char)q[4]) || (q > t + 1 && isdigit((unsigned char)q[-2])));
}

/* After a none-phrase, a sentence that offers a row only under a condition or as a chance
 * ("None are confirmed. If partial records count, Pip and Saffron would qualify"; "I cannot
 * tell…; Ana might have 98"). */
static int conditional_after_none(const struct cands *cs, size_t i, int seen_none)
{
    static const char *const w[] = {"if ",      "might ", "may ",   "could ", "would ",
                                    "probably", "likely", "seems ", NULL};
    size_t first = cs->v[i].lead ? cs->v[i].lead - 1 : i, k, parts[2];
    int p;
    if (!seen_none || cs->v[i].nullish)
        return 0;
    parts[0] = first, parts[1] = i;
    for (p = 0; p < 2; p++) {
        const char *t = cs->v[parts[p]].text;
        for (k = 0; w[k]; k++) {
            const char *q = strstr(t, w[k]);
            if (q && (q == t || q[-1] == ' ') && !month_may(t, q))
                return 1;
        }
    }
    return 0;
}

/* A name at t said to be one in the modal ("Jonah Pike may have", "… might qualify"): within
 * its next few words. */
static int modal_after(const char *t)
{
    static const char *const m[] = {" may have", " might have",  " may be",        " might be",
                                    " could be", " may qualify", " might qualify", NULL};
    const char *end = t + strcspn(t, ",;.");
    int k;
    for (k = 0; m[k]; k++) {
        const char *q = strstr(t, m[k]);
        if (q && q < end && q - t < 40)
            return 1;
    }
    return 0;
}

/* After a none-phrase (in an earlier candidate, or in c before it), a name offered as a chance
 * ("None found. Possible candidates: Ortega Supplies, …"; "Unknown — possibly \"Harvest of
 * Glass\", but …"): the answer offers a row after all, so it is no none-answer. */
/* t goes on to say what it names does not qualify ("…, falls just short", "… does not
 * qualify"). */
static int disclaimed(const char *t)
{
    static const char *const w[] = {"not qualify",      "n't qualify", "falls short",
                                    "falls just short", "short of",    "does not meet",
                                    "doesn't meet",     NULL};
    return holds_any(t, w);
}

/* Before q in t, "the" and a word in -est ("the earliest item"): an extreme named. */
static int extreme_before(const char *t, const char *q)
{
    const char *p, *e;
    for (p = t; (p = strstr(p, "the ")) && p < q; p++) {
        for (e = p + 4; *e >= 'a' && *e <= 'z'; e++)
            ;
        if (e - p > 7 && !strncmp(e - 3, "est", 3) && (p == t || p[-1] == ' '))
            return 1;
    }
    return 0;
}

/* The word at t[at] is the noun of a none-phrase: after "no", "any", "none of the". */
static int negated_noun(const char *t, size_t at)
{
    static const char *const w[] = {"no ",           "any ",     "none of the ",
                                    "not a single ", "not one ", NULL};
    size_t n;
    int k;
    for (k = 0; w[k]; k++)
        if (at >= (n = strlen(w[k])) && !strncmp(t + at - n, w[k], n) &&
            (at == n || t[at - n - 1] == ' '))
            return 1;
    return 0;
}

/* The words at p deny ("no average", "none of them", "not one", "nothing"). */
static int hedges_none(const char *p)
{
    return (!strncmp(p, "no", 2) && !isalpha((unsigned char)p[2])) ||
           (!strncmp(p, "none", 4) && !isalpha((unsigned char)p[4])) ||
           (!strncmp(p, "not", 3) && !isalpha((unsigned char)p[3])) || !strncmp(p, "nothing", 7);
}

static int hedged_name_after_none(const struct cands *cs, size_t i, int seen_none)
{
    static const char *const w[] = {"possibly ", "possible ", "perhaps ", "maybe ",    "might be ",
                                    "could be ", "candidate", "likely ",  "probably ", NULL};
    /* a guess at what a thing is ("seems to be X"): also how an extreme is named as context */
    static const char *const guess[] = {"may be ",      "seems to be ", "appears to be ",
                                        "is probably ", "is likely ",   NULL};
    const char *const *words[] = {w, guess};
    const struct cand *c = &cs->v[i];
    size_t k, j, l, from = c->nullish ? c->none_at : 0;
    if (!seen_none && !c->nullish)
        return 0;
    if (seen_none && !c->nullish && c->other && !strncmp(c->text, "(if ", 4))
        return 1; /* a name in an aside under a condition: "No answer. (If bilingual readings
                     count, Aoife Ní Bhriain.)" */
    if (c->other && (c->nullish ? c->other - 1 > from : seen_none) &&
        modal_after(c->text + c->other - 1))
        return 1; /* "No student failed, but Jonah Pike may have (grade D)"; "No races found.
                     However, the Silverdale Sprint may have been in 2021." */
    /* a part opening with a hedge, then words no name was read in: before its none-phrase
     * ("Possibly her early short (title not given)"), or in a parenthesis after one ("None
     * found. (Possibly Nightjar, 1962.)") */
    for (k = 0; k < 4; k++) {
        const char *t = c->text + (c->text[0] == '(');
        size_t at = (size_t)(t - c->text) + strlen(w[k]);
        if (!strncmp(t, w[k], strlen(w[k])) &&
            (c->nullish ? t == c->text && c->none_at > at + 3
                        : t != c->text && isalnum((unsigned char)c->text[at])))
            return 1;
    }
    for (l = 0; l < 2; l++)
        for (k = 0; words[l][k]; k++) {
            const char *q = strstr(c->text + from, words[l][k]);
            if (!q || (q > c->text && q[-1] != ' ' && q[-1] != '(') ||
                negated_noun(c->text, (size_t)(q - c->text)))
                continue; /* "No candidate received more than 60%": the none-phrase's noun */
            if ((l == 1 && extreme_before(c->text, q)) || disclaimed(q) ||
                hedges_none(q + strlen(words[l][k])))
                continue; /* "the earliest appears to be X (1792)", "the closest candidate, X,
                             falls just short": a near miss, context; "there's probably no
                             average for grade E": the hedge is on the none */
            if ((c->other && c->other - 1 > (size_t)(q - c->text)) ||
                (q[strlen(words[l][k])] && strchr("'\"", q[strlen(words[l][k])])) ||
                (l == 0 && isdigit((unsigned char)q[strlen(words[l][k])])))
                return 1; /* a name, a title in quotes ("seems to be 'Tidewire'"), or a
                             value or date ("I couldn't find any; possibly 2024-04-19") */
            for (j = i + 1; j < cs->n; j++) /* a later part of its sentence names one */
                if (cs->v[j].lead == (c->lead ? c->lead : i + 1) && cs->v[j].other)
                    return 1;
        }
    return 0;
}

/* A part offering a hedged second answer after the reply's first ("No answer. (Possibly Pip
 * and Saffron…)", "…, the answer would instead be Beatrix Lamothe"), or a conditional one
 * after a none-phrase: it and the parts of its sentence after it are alternatives, not
 * committed to. */
/* A hedge opened inside a parenthesis holds to its close, over sentences ("No answer. (If
 * Harbourside is correct: Marine Ecology – Dr. Fenwick; Coastal Geology – Dr. Amaral.)"):
 * marks the candidates from j on while the parenthesis before j is open. */
static void hedged_to_close(struct cands *cs, size_t j)
{
    int depth = 0;
    size_t i, k;
    for (i = 0; i < j; i++)
        for (k = 0; cs->v[i].text[k]; k++)
            depth += cs->v[i].text[k] == '(' ? 1 : cs->v[i].text[k] == ')' ? -1 : 0;
    for (; j < cs->n && depth > 0; j++) {
        cs->v[j].alt = 1;
        for (k = 0; cs->v[j].text[k]; k++)
            depth += cs->v[j].text[k] == '(' ? 1 : cs->v[j].text[k] == ')' ? -1 : 0;
    }
}

/* "If only optical ones count, A; otherwise B": a part opening with "otherwise" after one
 * opening with "if" leaves both answers conditional, neither committed to. */
static void conditional_pair(struct cands *cs)
{
    size_t i;
    for (i = 1; i < cs->n; i++)
        if (!strncmp(cs->v[i].text, "otherwise", 9) && !strncmp(cs->v[i - 1].text, "if ", 3))
            cs->v[i].alt = cs->v[i - 1].alt = 1;
}

/* Part i opens a list of candidates ("Candidates are A, B and C", "Possible candidates: …")
 * after a part that doubts ("I can't be certain."): the list is offered, not committed to. A
 * list of candidates alone may be the answer (an election's); after a none-phrase, the offer
 * is read where none-phrases are. */
static int candidates_after_doubt(const struct cands *cs, size_t i)
{
    static const char *const doubt[] = {"not sure",   "not certain", "unsure",
                                        "be certain", "be sure",     NULL};
    const char *t = cs->v[i].text;
    size_t j;
    int k;
    if (strncmp(t, "candidates are ", 15) && strncmp(t, "candidates:", 11) &&
        strncmp(t, "possible candidates", 19))
        return 0;
    for (j = 0; j < i; j++)
        for (k = 0; doubt[k]; k++)
            if (strstr(cs->v[j].text, doubt[k]))
                return 1;
    return 0;
}

/* t opens with a condition on the reply's own reading ("if i've matched the sentences
 * correctly, it was served on 4 jan …", "if i read it right"): a doubt of the whole answer,
 * which it still gives, not another answer on another condition. */
static int own_reading_if(const char *t)
{
    static const char *const w[] = {"if i ", "if i've ", "if i'm ", "if my ", NULL};
    return opens_with(t, w);
}

static void hedged_alternatives(struct cands *cs)
{
    static const char *const opens[] = {"possibly ", "perhaps ",     "maybe ",     "alternatively",
                                        "if ",       "failing that", "otherwise ", NULL};
    static const char *const within[] = {"would instead be",
                                         "would be instead",
                                         "instead would be",
                                         "otherwise it would be",
                                         "answer would be",
                                         "in which case",
                                         "depending on ",
                                         "might also be ",
                                         "may also be ",
                                         "could also be ",
                                         "but i'm not sure",
                                         "but i'm not certain",
                                         "but i am not sure",
                                         "but i am not certain",
                                         "(not certain",
                                         "(not sure",
                                         "(uncertain",
                                         "(unsure",
                                         "(unconfirmed",
                                         "may also qualify",
                                         "may have as well",
                                         "might have as well",
                                         "may also have",
                                         "might also have",
                                         NULL};
    size_t i, j, k;
    int seen_none = cs->n && cs->v[0].nullish;
    for (i = 1; i < cs->n; i++) {
        const char *t = cs->v[i].text + strspn(cs->v[i].text, "( ");
        int hedge = conditional_after_none(cs, i, seen_none);
        seen_none |= cs->v[i].nullish;
        for (k = 0; opens[k]; k++)
            hedge |= !strncmp(t, opens[k], strlen(opens[k])) && !own_reading_if(t);
        for (k = 0; within[k]; k++)
            hedge |= strstr(t, within[k]) != NULL;
        hedge |= candidates_after_doubt(cs, i);
        if (!hedge)
            continue;
        cs->v[i].alt = 1;
        for (j = i + 1; j < cs->n && cs->v[j].lead && cs->v[j].lead <= i + 1 &&
                        cs->v[j].lead == (cs->v[i].lead ? cs->v[i].lead : i + 1);
             j++)
            cs->v[j].alt = 1;
        hedged_to_close(cs, j);
    }
}

/* The order of the answer's numeric dates where one of them shows it ("30/11/2023": day
 * first) and none shows the other: its ambiguous dates are read in that order only
 * ("02/07/2021" beside it is 2 July). */
/* A date matched by s->date in a form that fixes its month (ISO "2023-08-11", "8 November
 * 2023", "Nov. 8, 2023"): its year, month and day in ymd; 0 when not such a form. */
static int written_date(const char *t, const PCRE2_SIZE *ov, long *ymd)
{
    static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    size_t g = ov[14] != PCRE2_UNSET ? 14 : ov[22] != PCRE2_UNSET ? 22 : 0;
    int k;
    if (ov[2] != PCRE2_UNSET) {
        ymd[0] = strtol(t + ov[2], NULL, 10), ymd[1] = strtol(t + ov[4], NULL, 10);
        ymd[2] = strtol(t + ov[6], NULL, 10);
        return 1;
    }
    for (k = 0; g && k < 12; k++)
        if (!strncasecmp(t + ov[g], m[k], 3)) {
            ymd[0] = strtol(t + ov[g == 14 ? 18 : 24], NULL, 10), ymd[1] = k + 1;
            ymd[2] = strtol(t + ov[g == 14 ? 16 : 20], NULL, 10);
            return 1;
        }
    return 0;
}

/* An ambiguous numeric date the answer restates in a form that fixes its month ("11/08/2023 —
 * in ISO form: 2023-08-11") shows the answer's order: 1 month first, 2 day first. */
static int restated_order(long (*amb)[3], int namb, long (*said)[3], int nsaid)
{
    int i, j, seen = 0;
    for (i = 0; i < namb; i++)
        for (j = 0; j < nsaid; j++)
            if (amb[i][0] == said[j][0] && amb[i][1] == said[j][1] && amb[i][2] == said[j][2])
                seen |= 1;
            else if (amb[i][0] == said[j][0] && amb[i][2] == said[j][1] && amb[i][1] == said[j][2])
                seen |= 2;
    return seen;
}

/* t holds "d/d" or "d.d": maybe a numeric date. */
static int numeric_date_in(const char *t)
{
    const char *p;
    for (p = t; (p = strpbrk(p, "/.")); p++)
        if (p > t && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))
            return 1;
    return 0;
}

static int date_order(struct scorer *s, const char *t, size_t n)
{
    size_t at = 0, b, e, i;
    long amb[16][3], said[16][3];
    int seen = 0, namb = 0, nsaid = 0;
    s->date_order = 0;
    for (i = 1; i + 1 < n && !((t[i] == '/' || t[i] == '.') && isdigit((unsigned char)t[i - 1]) &&
                               isdigit((unsigned char)t[i + 1]));
         i++)
        ;
    if (i + 1 >= n)
        return 0; /* no "d/d" or "d.d": no numeric date to read */
    while (re_find(s, s->date, t, n, at, &b, &e)) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        if (ov[8] != PCRE2_UNSET) {
            long a = strtol(t + ov[8], NULL, 10), x = strtol(t + ov[10], NULL, 10);
            seen |= (a > 12 && x <= 12 ? 2 : 0) | (x > 12 && a <= 12 ? 1 : 0);
            if (a != x && namb < 16)
                amb[namb][0] = strtol(t + ov[12], NULL, 10), amb[namb][1] = a, amb[namb++][2] = x;
        } else if (nsaid < 16 && written_date(t, ov, said[nsaid])) {
            nsaid++;
        }
        at = e > b ? e : b + 1;
    }
    seen |= restated_order(amb, namb, said, nsaid);
    return seen == 3 ? 0 : seen;
}

/* c opens with a hedged offer of a name before t[at] ("Possibly the Stormalong, though its
 * year is not stated"): a guess is still content. */
static int hedged_offer(const struct cand *c, size_t at)
{
    static const char *const w[] = {"possibly ", "perhaps ", "maybe ",
                                    "probably ", "likely ",  NULL};
    size_t k;
    for (k = 0; w[k]; k++)
        if (!strncmp(c->text, w[k], strlen(w[k])) && at > strlen(w[k]) + 2)
            return 1;
    return 0;
}

/* c's number k, before its none-phrase, is a value offered: no year, not "0 patients —
 * nobody …", not a count of things in words ("five fares were paid, but none has a tip"). */
/* The number at t[at] is "only one" counting a thing ("ringed only one Moustached Warbler"),
 * not "the only one" standing for it. */
static int only_one_of(const char *t, size_t at)
{
    return at >= 5 && !strncmp(t + at - 5, "only ", 5) &&
           !(at >= 9 && !strncmp(t + at - 9, "the ", 4));
}

/* "one" at t[at] after a verb of having ("had one sunny day", "has one harvest"): a count of
 * what is there, evidence. */
static int had_one(const char *t, size_t at)
{
    static const char *const w[] = {"had ", "has ", "have ", "with ", NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (at >= strlen(w[k]) && !strncmp(t + at - strlen(w[k]), w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* The number at t[at] follows one word opening a bracket ("Montpelier Tea Rooms (client 16,
 * food)", "Isla Grant (rider 16)"): an id in an aside naming the thing, no value. */
static int bracket_id(const char *t, size_t at)
{
    size_t b = at;
    if (b < 3 || t[b - 1] != ' ')
        return 0;
    for (b--; b > 0 && isalpha((unsigned char)t[b - 1]); b--)
        ;
    return b > 0 && b < at - 1 && t[b - 1] == '(';
}

static int value_before_none(const struct cand *c, size_t k)
{
    size_t at = c->nums[k].at;
    /* nor a bound of a condition: "every vet has at least one treatment, so there are none" */
    return !c->nums[k].year && c->nums[k].v != 0 &&
           !((c->nums[k].v > 1 || only_one_of(c->text, at) || had_one(c->text, at)) &&
             words_counting(c->text, at)) &&
           !(c->nums[k].v == 1 && !strncmp(c->text + at, "one of ", 7)) &&
           !number_names_id(c->text, at) && !bracket_id(c->text, at) &&
           !(at >= 9 && !strncmp(c->text + at - 9, "at least ", 9));
}

/* t opens by saying no such thing exists ("there are no harvests recorded for it", "none of
 * the stays refer to it"): the whole answer's none, not a detail missing from a value. */
static int denies_existence(const char *t)
{
    static const char *const w[] = {"there is no ",   "there are no ", "there was no ",
                                    "there were no ", "none of ",      NULL};
    return opens_with(t, w);
}

/* c goes on from what it names to say that nothing of the kind exists ("The hut is described
 * (3,120 m, …), but there are no stays recorded for it"): its numbers are evidence. */
static int but_none_exists(const struct cand *c)
{
    const char *p = strstr(c->text, " but ");
    return p && (size_t)(p - c->text) < c->none_at && denies_existence(p + 5);
}

/* c's none-phrase sits in a concession ("though", "although", "but") after a value it offers:
 * what is missing is a detail of that value, not the answer ("The clearance bundle (about 45%
 * off) appears to be the only one, though the exact figure isn't stated"). */
static int conceded_none(const struct cand *c)
{
    static const char *const w[] = {" though ", " although ", " but ", NULL};
    size_t k, i;
    for (k = 0; w[k]; k++) {
        const char *p = strstr(c->text, w[k]);
        size_t at;
        if (!p || (at = (size_t)(p - c->text)) >= c->none_at || c->none_at - at > 60 ||
            denies_existence(p + strlen(w[k])))
            continue;
        for (i = 0; i < c->nnums; i++)
            if (c->nums[i].at < at && value_before_none(c, i))
                return 1;
        if (hedged_offer(c, at))
            return 1;
    }
    return 0;
}

/* Candidate c names `shortn` as a whole word sequence and no gold key: give it `key`. */
static void give_full_name(struct scorer *s, struct cand *c, const char *shortn, const char *key,
                           const struct keys *k)
{
    size_t at, i;
    struct buf b = BUF_INIT;
    if (!c->item || !text_has(c->text, shortn, &at))
        return;
    for (i = 0; i < k->nkeys; i++)
        if (text_has(c->text, k->text[i], &at))
            return;
    buf_adds(&b, c->text);
    buf_adds(&b, " | ");
    buf_adds(&b, key);
    free(c->text);
    c->text = buf_detach(&b, NULL);
    finish(s, c);
}

/* A note after a list or table that says what its short names stand for ('Note that "Bass"
 * here refers to the double bass and "Horn" to the French horn'; also "means", "stands for",
 * "is short for"): the items naming the short form name the gold key the note gives. */
static void name_notes(struct scorer *s, const char *reply, const struct keys *k, struct cands *cs)
{
    struct buf t = BUF_INIT;
    size_t from = 0, b, e, i, j, pairs = 0;
    int err;
    PCRE2_SIZE off;
    pcre2_code *re;
    re = pcre2_compile((PCRE2_SPTR) "'([^']{1,40})' (?:here |below |above )?(?:refers? to|"
                                    "means|stands? for|is short for|is|to) (?:the |an? )?"
                                    "([^,.;:'|]{2,60}?)(?= and |[,.;:)|]|$)",
                       PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
    if (!re)
        return;
    text_norm(reply, strlen(reply), &t, NULL);
    while (pairs < 16 && re_find(s, re, t.s, t.len, from, &b, &e)) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        char *shortn = xstrndup(t.s + ov[2], ov[3] - ov[2]);
        char *full = xstrndup(t.s + ov[4], ov[5] - ov[4]);
        for (i = 0; i < k->nkeys; i++) {
            size_t at;
            if (!strcmp(shortn, k->text[i]) || !text_has(full, k->text[i], &at) ||
                strlen(full) > strlen(k->text[i]) + 12)
                continue;
            for (j = 0; j < cs->n; j++)
                give_full_name(s, &cs->v[j], shortn, k->text[i], k);
            break;
        }
        free(shortn);
        free(full);
        from = e > b ? e : b + 1;
        pairs++;
    }
    pcre2_code_free(re);
    buf_release(&t);
}

/* The reply's notes on the short names its answer uses (name_notes), anywhere in it. */
void answer_notes(struct scorer *s, const char *reply, const cJSON *gold, struct cands *cs)
{
    struct keys k = {0};
    if (!strchr(reply, '"') && !strchr(reply, '\'') && !strstr(reply, "\xe2\x80\x9c"))
        return; /* no quoted short name (name_notes reads only those) */
    keys_build(gold, &k);
    name_notes(s, reply, &k, cs);
    keys_free(&k);
}

/* Where a JSON array cut off inside an element (a reply that ran out) stops being whole: the
 * end of its last complete element, or 0 when the array is whole or has no complete element. */
static size_t json_cut(const char *p)
{
    size_t i, last = 0;
    int depth = 0, str = 0;
    for (i = 0; p[i]; i++) {
        if (str) {
            if (p[i] == '\\' && p[i + 1])
                i++; /* an escaped character, a quote too */
            else
                str = p[i] != '"';
        } else if (p[i] == '"') {
            str = 1;
        } else if (p[i] == '[' || p[i] == '{') {
            depth++;
        } else if (p[i] == ']' || p[i] == '}') {
            if (--depth <= 0)
                return 0;
            if (depth == 1)
                last = i + 1;
        }
    }
    return last;
}

/* A JSON array of rows cut off inside an element (fenced or bare): its whole elements are
 * rows, and what is left of the cut one a row after them.  Returns 1 when ans was so. */
static int json_truncated(struct scorer *s, const char *ans, struct cands *out)
{
    const char *p = ans + strspn(ans, " \t\n");
    struct buf t = BUF_INIT;
    cJSON *j;
    size_t cut;
    if (!strncmp(p, "```", 3) && strchr(p, '\n'))
        p = strchr(p, '\n') + 1, p += strspn(p, " \t\n");
    if (*p != '[' || !(cut = json_cut(p)))
        return 0;
    buf_add(&t, p, cut);
    buf_addch(&t, ']');
    if (!(j = parallel_json_parse(t.s, t.len + 1, NULL)) || !cJSON_IsArray(j)) {
        cJSON_Delete(j), buf_release(&t);
        return 0;
    }
    json_rows(s, j, out, 0, NULL);
    p += cut, p += strspn(p, " \t\n,");
    buf_reset(&t);
    buf_adds(&t, p);
    while (t.len && strchr(" \t\n`", t.s[t.len - 1]))
        t.s[--t.len] = '\0';
    if (t.len)
        json_add(s, out, &t, cJSON_GetArraySize(j) + 1, 1);
    cJSON_Delete(j), buf_release(&t);
    return 1;
}

/* The aggregate a candidate's first word names ("minimum | -14.5 c", "lowest: 14"): an index
 * into aggs[] below, or -1. */
static const char *const aggs[] = {"min(", "max(", "avg(", "sum(", "count(", NULL};

static int agg_word(const char *t, int has_sum)
{
    static const char *const words[][9] = {
        {"min", "minimum", "lowest", "smallest", "least", "earliest", "fewest", "coldest", NULL},
        {"max", "maximum", "highest", "largest", "most", "latest", "greatest", "warmest", NULL},
        {"avg", "average", "mean", NULL},
        {"sum", "combined", NULL},
        {"count", "number", NULL}};
    size_t n;
    int a, w;
    t += strspn(t, " |-*");
    n = strcspn(t, " |:-");
    if (n == 5 && !strncmp(t, "total", 5))
        return has_sum ? 3 : 4;
    for (a = 0; a < 5; a++)
        for (w = 0; words[a][w]; w++)
            if (n == strlen(words[a][w]) && !strncmp(t, words[a][w], n))
                return a;
    return -1;
}

/* A gold of one row of aggregates (MIN(temp_c), MAX(temp_c)) answered with a row per
 * aggregate, each led by its name ("| Minimum | -14.5 °C |" over "| Maximum | 31.2 °C |"):
 * those rows are the one row. */
static void aggregate_rows(struct scorer *s, const cJSON *gold, struct cands *cs)
{
    const cJSON *c, *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows");
    unsigned want = 0, seen = 0;
    size_t i;
    int a;
    if (cJSON_GetArraySize(rows) != 1 || cs->n < 2)
        return;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(gold, "columns"))
    {
        for (a = 0; cJSON_IsString(c) && aggs[a]; a++)
            if (!strncasecmp(c->valuestring, aggs[a], strlen(aggs[a])))
                break;
        if (!cJSON_IsString(c) || !aggs[a])
            return;
        want |= 1u << a;
    }
    for (i = 0; i < cs->n; i++) {
        a = agg_word(cs->v[i].text, (want >> 3) & 1);
        if (a < 0 || !(want >> a & 1) || (seen >> a & 1))
            return;
        seen |= 1u << a;
    }
    for (i = 1; i < cs->n; i++) {
        append(s, &cs->v[0], cs->v[i].text, strlen(cs->v[i].text));
        free(cs->v[i].text), free(cs->v[i].nums), free(cs->v[i].dates), free(cs->v[i].neg);
    }
    cs->n = 1;
}

/* A gold text cell written with an underscore: the answer's underscores are kept as written. */
static int gold_underscores(const cJSON *gold)
{
    const cJSON *row, *c;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(gold, "rows"))
        cJSON_ArrayForEach(c, row) if (cJSON_IsString(c) && strchr(c->valuestring, '_')) return 1;
    return 0;
}

/* The answer with a name written in snake case ("under_maintenance: 6", a YAML or JSON key)
 * read as words: an underscore between two letters is a space (normalising drops it, which
 * would join the words), unless the gold writes underscores itself. */
static void snake_words(const char *ans, const cJSON *gold, struct buf *out)
{
    size_t i;
    buf_reset(out);
    buf_adds(out, ans);
    if (gold_underscores(gold))
        return;
    for (i = 1; i + 1 < out->len; i++)
        if (out->s[i] == '_' && isalpha((unsigned char)out->s[i - 1]) &&
            isalpha((unsigned char)out->s[i + 1]))
            out->s[i] = ' ';
}

/* A line's one dot between spaces ("2024-05-27 · Basil", "A • B") sets apart the cells of one
 * item, as " - " does; at a line's start "•" stays a list mark. */
static size_t dot_at(const char *t, size_t i)
{
    static const char *const dot[] = {" \xc2\xb7 ", " \xe2\x80\xa2 ", NULL};
    int k;
    for (k = 0; dot[k]; k++)
        if (!strncmp(t + i, dot[k], strlen(dot[k])))
            return strlen(dot[k]);
    return 0;
}

/* The spaced en or em dash at t[i] ("Molecular – Aoife, Fatima and Nora – averages"): its
 * length, else 0. */
static size_t spaced_dash(const char *t, size_t i)
{
    return i > 0 && t[i - 1] == ' ' &&
                   (!strncmp(t + i, "\xe2\x80\x93 ", 4) || !strncmp(t + i, "\xe2\x80\x94 ", 4))
               ? 3
               : 0;
}

/* One of the bytes of set within p[0, n). */
static int strpbrk_within(const char *p, size_t n, const char *set)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i] && strchr(set, p[i])) /* not the NUL strchr finds in set */
            return 1;
    return 0;
}

/* " and " within p[0, n). */
static int has_and(const char *p, size_t n)
{
    size_t i;
    for (i = 0; i + 5 <= n; i++)
        if (!strncmp(p + i, " and ", 5))
            return 1;
    return 0;
}

/* Two spaced dashes in one sentence around a list ("The Molecular section – Aoife Byrne,
 * Fatima Zahra and Nora Lindgren – averages $32.69"): an aside, written as a parenthesis so
 * that the names in it own no value of the sentence. */
static void dash_asides(struct buf *t)
{
    size_t i, j, d;
    for (i = 0; i < t->len; i++) {
        if (!(d = spaced_dash(t->s, i)))
            continue;
        for (j = i + d; j < t->len && j < i + 160 && !strchr(".;:\n", t->s[j]); j++)
            if (spaced_dash(t->s, j))
                break;
        if (j >= t->len || !spaced_dash(t->s, j) || !memchr(t->s + i, ',', j - i) ||
            !has_and(t->s + i, j - i) || strpbrk_within(t->s + i, j - i, "0123456789()|"))
            continue; /* names only: "Aoife Byrne, Fatima Zahra and Nora Lindgren" */
        /* "– … –" becomes "(  … )  ": the same length, so nothing else moves */
        memcpy(t->s + i, "(  ", 3);
        memcpy(t->s + j - 1, ")   ", 4);
        i = j + 3;
    }
}

static void mid_dots(struct buf *t)
{
    struct buf o = BUF_INIT;
    size_t i, n, line, le, dots, at = 0;
    for (line = 0; line < t->len; line = le + 1) {
        le = answer_line_end(t->s, line, t->len);
        for (i = line + strspn(t->s + line, " -*"), dots = 0; i < le; i++)
            if (dot_at(t->s, i) && i > line)
                dots++, at = i;
        if (dots == 1) { /* one dot: two cells; several set rows apart ("2019: 2 · 2020: 1") */
            n = dot_at(t->s, at);
            buf_add(&o, t->s + line, at - line);
            buf_adds(&o, " - ");
            buf_add(&o, t->s + at + n, le - at - n);
        } else {
            buf_add(&o, t->s + line, le - line);
        }
        if (le < t->len)
            buf_addch(&o, '\n');
    }
    buf_reset(t);
    buf_add(t, o.s ? o.s : "", o.len);
    buf_release(&o);
}

/* A gold key "Word N" ("Route 7") gives its word, lower case, into w[0, 32): 1, else 0. */
static int label_number_key(const char *key, char *w)
{
    size_t n = 0, i;
    while (isalpha((unsigned char)key[n]) && n < 31)
        n++;
    if (n < 2 || key[n] != ' ' || !key[n + 1] ||
        strspn(key + n + 1, "0123456789") != strlen(key + n + 1))
        return 0;
    for (i = 0; i < n; i++)
        w[i] = (char)tolower((unsigned char)key[i]);
    w[n] = '\0';
    return 1;
}

/* Where the list of numbers at t ("7 and 12", "1, 2 and 3") ends, or t when there is none. */
static const char *number_list_end(const char *t)
{
    static const char *const join[] = {", and ", ", ", " and ", " & ", " or ", NULL};
    const char *p = t + strspn(t, "0123456789"), *end = t;
    int k, more = 1;
    if (p == t)
        return t;
    while (more) {
        more = 0;
        for (k = 0; join[k] && !more; k++)
            if (!strncmp(p, join[k], strlen(join[k])) &&
                isdigit((unsigned char)p[strlen(join[k])])) {
                p += strlen(join[k]), p += strspn(p, "0123456789"), more = 1;
                end = p;
            }
    }
    return isalnum((unsigned char)*end) ? t : end;
}

/* "Routes 7 and 12" when the gold's keys are "Route 7", "Route 12": each number with its
 * word ("Route 7 and Route 12"), so that each names its row. */
static void plural_label_numbers(const cJSON *gold, struct buf *out)
{
    const cJSON *row;
    char w[32], words[8][32];
    size_t nw = 0, i, k;
    struct buf b = BUF_INIT;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(gold, "rows"))
    {
        const char *key = cJSON_GetStringValue(cJSON_GetArrayItem(row, 0));
        for (k = 0; key && label_number_key(key, w) && k < nw && strcmp(words[k], w); k++)
            ;
        if (key && label_number_key(key, w) && k == nw && nw < 8)
            memcpy(words[nw++], w, sizeof(w));
    }
    for (i = 0; nw && i < out->len; i++) {
        const char *t = out->s + i, *end = NULL, *p;
        size_t n = 0, d;
        for (k = 0; k < nw && !end; k++) {
            n = strlen(words[k]);
            if ((i == 0 || !isalpha((unsigned char)t[-1])) && !strncasecmp(t, words[k], n) &&
                t[n] == 's' && t[n + 1] == ' ' && (end = number_list_end(t + n + 2)) == t + n + 2)
                end = NULL;
        }
        if (!end) {
            buf_addch(&b, *t);
            continue;
        }
        for (p = t + n + 2; p < end;) { /* each number after the word */
            d = strspn(p, "0123456789");
            buf_add(&b, t, n), buf_addch(&b, ' '), buf_add(&b, p, d);
            p += d;
            d = strspn(p, ", andor&");
            buf_add(&b, p, (size_t)(end - p) < d ? (size_t)(end - p) : d);
            p += d;
        }
        i = (size_t)(end - out->s) - 1;
    }
    if (nw) {
        buf_reset(out);
        buf_add(out, b.s ? b.s : "", b.len);
    }
    buf_release(&b);
}

/* The name of an assignment at t ("class=" of "class=Severn"): its length with the '=', else
 * 0. */
static size_t assignment_at(const char *t)
{
    size_t n = 0;
    if (!isalpha((unsigned char)t[0]))
        return 0;
    while (isalnum((unsigned char)t[n]) || t[n] == '_')
        n++;
    return t[n] == '=' && t[n + 1] != '=' && t[n + 1] != ' ' ? n + 1 : 0;
}

/* Lines of assignments set apart by commas ("date=2023-02-19, boat=Dorothy and Philip,
 * class=Severn"): the commas made " | ", so that each line is one record, as assignments set
 * apart by spaces are. */
static void assignment_commas(struct buf *out)
{
    struct buf b = BUF_INIT;
    size_t i, line = 0;
    int changed = 0;
    for (i = 0; i < out->len; i++) {
        if (out->s[i] == '\n')
            line = i + 1;
        if (i + 2 < out->len && out->s[i] == ',' && out->s[i + 1] == ' ' &&
            assignment_at(out->s + i + 2) && assignment_at(out->s + line))
            buf_adds(&b, " |"), changed = 1; /* ", class=" is " | class=" */
        else
            buf_addch(&b, out->s[i]);
    }
    if (changed) {
        buf_reset(out);
        buf_add(out, b.s, b.len);
    }
    buf_release(&b);
}

int answer_iso_date(const char *v)
{
    return v && strlen(v) >= 10 && strspn(v, "0123456789") == 4 && v[4] == '-' &&
           strspn(v + 5, "0123456789") == 2 && v[7] == '-' && isdigit((unsigned char)v[8]);
}

/* The gold holds a date ("2024-03-05"). */
static int gold_has_date(const cJSON *gold)
{
    const cJSON *row, *cell;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(gold, "rows"))
    {
        cJSON_ArrayForEach(cell, row)
        {
            if (answer_iso_date(cJSON_GetStringValue(cell)))
                return 1;
        }
    }
    return 0;
}

/* The month's name (full, or its first three letters and an optional stop) at t, any case:
 * its length, else 0. */
static size_t month_name_at(const char *t)
{
    int m;
    for (m = 0; m < 12; m++) {
        size_t w = strlen(month_names[m]);
        if (!strncasecmp(t, month_names[m], w) && !isalpha((unsigned char)t[w]))
            return w;
        if (!strncasecmp(t, month_names[m], 3) && !isalpha((unsigned char)t[3]))
            return 3 + (t[3] == '.');
    }
    return 0;
}

/* A run of two or more days of the month at t, closed by "and", "&" or "or" ("5, 7, 9, 11 and
 * 13", "6 and 13"; not "Match 5, 20 January"): the end of each day's digits in ends[] (up to
 * 16), how many; each day 1-31, at most two digits. */
static size_t day_run(const char *t, const char **ends)
{
    static const char *const join[] = {", and ", ", ", " and ", " & ", " or ", NULL};
    const char *p = t;
    size_t n = 0, d;
    int k = 1, v, last = 1;
    for (;;) {
        d = strspn(p, "0123456789");
        v = d == 1 ? p[0] - '0' : d == 2 ? (p[0] - '0') * 10 + p[1] - '0' : 0;
        if (v < 1 || v > 31 || n == 16)
            return n >= 2 && last != 1 ? n : 0; /* the last join not a bare comma */
        ends[n++] = p + d, last = k;
        for (k = 0; join[k] && strncmp(p + d, join[k], strlen(join[k])); k++)
            ;
        if (!join[k] || !isdigit((unsigned char)p[d + strlen(join[k])]))
            return n >= 2 && last != 1 ? n : 0;
        p += d + strlen(join[k]);
    }
}

/* A month's name and a space just before t[i] ("March " of "March 5, 7 and 9"): where the name
 * starts, its length with the space in *len; else NULL. */
static const char *month_before(const char *t, size_t i, size_t *len)
{
    size_t b = i - 1;
    while (b > 0 && isalpha((unsigned char)t[b - 1]))
        b--;
    if (b + 3 > i - 1 || (b > 0 && isalnum((unsigned char)t[b - 1])) ||
        month_name_at(t + b) != i - 1 - b)
        return NULL;
    *len = i - b;
    return t + b;
}

/* Days that share one month and year ("baked on 5, 7, 9 and 13 March 2024", "on March 6 and
 * 13, 2024") when the gold holds dates: each day written with its month and year ("5 March
 * 2024, 7 March 2024, …"), so that each names its row. */
static void day_lists(const cJSON *gold, struct buf *out)
{
    struct buf b = BUF_INIT;
    const char *ends[16], *t, *m = NULL, *y;
    size_t i, n, k, mlen = 0, ylen;
    if (!gold_has_date(gold))
        return;
    for (i = 0; i < out->len; i++) {
        t = out->s + i;
        n = (i == 0 || !isalnum((unsigned char)t[-1])) ? day_run(t, ends) : 0;
        if (n && ends[n - 1][0] == ' ' && (mlen = month_name_at(ends[n - 1] + 1)) > 0) {
            m = ends[n - 1]; /* "5, 7 and 9 March 2024": " March 2024" after each */
            mlen += 1 + (m[mlen + 1] == ' ' && strspn(m + mlen + 2, "0123456789") == 4 ? 5 : 0);
            y = NULL, ylen = 0;
        } else if (n && i >= 4 && t[-1] == ' ' && (m = month_before(out->s, i, &mlen))) {
            y = ends[n - 1], ylen = 0; /* "March 5, 7 and 9, 2024": "March " before each */
            if (!strncmp(y, ", ", 2) && strspn(y + 2, "0123456789") == 4 &&
                !isdigit((unsigned char)y[6]))
                ylen = 6; /* and ", 2024" after each */
        } else {
            buf_addch(&b, *t);
            continue;
        }
        for (k = 0; k < n; k++) { /* each day, with its month and year as the last has them */
            const char *from = k ? ends[k - 1] : t, *day = from + strcspn(from, "0123456789");
            buf_add(&b, from, (size_t)(day - from));
            if (y && k)
                buf_add(&b, m, mlen);
            buf_add(&b, day, (size_t)(ends[k] - day));
            if (k + 1 < n)
                buf_add(&b, y ? y : m, y ? ylen : mlen);
        }
        i = (size_t)(ends[n - 1] - out->s) - 1;
    }
    buf_reset(out);
    buf_add(out, b.s ? b.s : "", b.len);
    buf_release(&b);
}

/* A month and a day at t, either way round ("Feb 12", "12 February"): its length, else 0. */
static size_t month_day_at(const char *t)
{
    size_t m = month_name_at(t), d;
    if (m && t[m] == ' ' && (d = strspn(t + m + 1, "0123456789")) >= 1 && d <= 2 &&
        !isalnum((unsigned char)t[m + 1 + d]))
        return m + 1 + d;
    d = strspn(t, "0123456789");
    if (d >= 1 && d <= 2 && t[d] == ' ' && (m = month_name_at(t + d + 1)) > 0)
        return d + 1 + m;
    return 0;
}

/* Dates of several months sharing the year said after the last ("Jan 9 and Feb 12, 2024", "29
 * Jan, 21 Feb and 18 Mar 2024"), when the gold holds dates: the year after each, so that each
 * names its row. */
static void year_lists(const cJSON *gold, struct buf *out)
{
    static const char *const join[] = {", and ", ", ", " and ", " & ", NULL};
    struct buf b = BUF_INIT;
    const char *t, *ends[16], *y;
    size_t i, n, k, len, ylen;
    if (!gold_has_date(gold))
        return;
    for (i = 0; i < out->len; i++) {
        t = out->s + i;
        n = 0; /* the dates of the run, ends[k] where each ends */
        for (y = t;
             (i == 0 || !isalnum((unsigned char)t[-1])) && n < 16 && (len = month_day_at(y)) > 0;) {
            ends[n++] = y + len;
            for (k = 0; join[k] && strncmp(y + len, join[k], strlen(join[k])); k++)
                ;
            if (!join[k] || !month_day_at(y + len + strlen(join[k])))
                break;
            y += len + strlen(join[k]);
        }
        y = n >= 2 ? ends[n - 1] + (ends[n - 1][0] == ',') : NULL;
        ylen = y ? strspn(y, " ") : 0;
        if (!ylen || strspn(y + ylen, "0123456789") != 4 || isalnum((unsigned char)y[ylen + 4])) {
            buf_addch(&b, *t);
            continue;
        }
        ylen = (size_t)(y + ylen + 4 - ends[n - 1]); /* ", 2024" or " 2024", as after the last */
        for (k = 0; k + 1 < n; k++) {
            const char *from = k ? ends[k - 1] : t;
            buf_add(&b, from, (size_t)(ends[k] - from));
            buf_add(&b, ends[n - 1], ylen);
        }
        buf_add(&b, n > 1 ? ends[n - 2] : t, (size_t)(ends[n - 1] - (n > 1 ? ends[n - 2] : t)));
        i = (size_t)(ends[n - 1] - out->s) - 1;
    }
    buf_reset(out);
    buf_add(out, b.s ? b.s : "", b.len);
    buf_release(&b);
}

/* A sentence restating the question or the task ("The question asks which clubs…", "We need
 * to find…"): it lists nothing. */
static int restates(const char *t)
{
    static const char *const w[] = {"the question asks", "the question is",
                                    "you asked",         "you're asking",
                                    "we need to find",   "to answer this",
                                    "i need to find",    "i checked ",
                                    "i looked ",         "i searched ",
                                    "i went through ",   "i reviewed ",
                                    "i scanned ",        NULL};
    return opens_with(t, w);
}

/* Words that open a conclusion drawn from what came before ("…, so none qualifies"). */
/* c opens with a name and a number before it says none ("Velka (340 km) — no river exceeds 500
 * km, so this is the longest"): an offer first, unless a conclusion word leads into the none
 * ("…, with 1.2 kg, so no beach had zero": the value is evidence). */
static int leads_with_offer(const struct cand *c)
{
    const char *const *so = conclusion_words;
    static const char *const filler[] = {"", "actually ", "in fact ", "really ", NULL};
    size_t k, n;
    int letter = 0, j;
    if (!c->nullish || c->none_at < 3 || but_none_exists(c))
        return 0;
    for (j = 0; so[j]; j++) { /* "…, with 1.2 kg, so no beach had zero": the value is evidence */
        if (!strncmp(c->text + c->none_at, so[j], strlen(so[j])))
            return 0;
        if (!strncmp(c->text, so[j], strlen(so[j])) && memchr(c->text, ',', c->none_at))
            return 0;               /* "So after going through all six, there isn't a single …" */
        for (k = 0; filler[k]; k++) /* "so none", "so actually none of them do" */
            if (c->none_at >= (n = strlen(so[j]) + strlen(filler[k])) &&
                !strncmp(c->text + c->none_at - n, so[j], strlen(so[j])) &&
                (c->none_at == n || !isalpha((unsigned char)c->text[c->none_at - n - 1])) &&
                !strncmp(c->text + c->none_at - strlen(filler[k]), filler[k], strlen(filler[k])))
                return 0;
    }
    for (k = 0; k < c->none_at; k++)
        letter |= isalpha((unsigned char)c->text[k]);
    for (k = 0; k < c->nnums && letter; k++)
        if (c->nums[k].at < c->none_at && value_before_none(c, k))
            return 1;
    return 0;
}

/* Record c says none in the field that answers ("matching_locomotives: none", "Build year:
 * not given" of `built_year`): its other fields are the setting ("criterion: built_year >
 * 1970", "newest_known: Kestrel (1966)"), no offer. */
static int answer_field_none(const struct cand *c, const struct keys *k)
{
    static const char *const w[] = {"match", "result", "answer", "qualif", NULL};
    const char *t = c->text, *f, *colon;
    size_t b = 0, i;
    if (!c->nullish || !strstr(t, " | "))
        return 0;
    for (f = t; (f = strstr(f, " | ")) && (size_t)(f - t) < c->none_at; f += 3)
        b = (size_t)(f - t) + 3; /* the field that holds the none */
    colon = strchr(t + b, ':');
    if (!colon || (size_t)(colon - t) > c->none_at)
        return 0;
    for (f = t + b; f < colon; f++) /* a word of the label opens so: "matching_…" */
        for (i = 0; w[i] && (f == t + b || !isalpha((unsigned char)f[-1])); i++)
            if (!strncmp(f, w[i], strlen(w[i])))
                return 1;
    for (i = 0; i < k->ncols; i++)
        if (column_word_within(k->cols[i], t + b, (size_t)(colon - t) - b))
            return 1;
    return 0;
}

/* An aside before a none that ends its sentence is evidence, no offer (score_int.h). */
int none_follows(const struct cands *cs, size_t i)
{
    size_t first = cs->v[i].lead ? cs->v[i].lead - 1 : i, j;
    for (j = i + 1; j < cs->n && cs->v[j].lead == first + 1; j++)
        if (cs->v[j].nullish)
            return 1;
    return 0;
}

/* A list item that names something and says none only in an aside ("- Ada Quill (27 years —
 * closest, none exceed 30)"), so does an answer to empty gold ending in such an aside
 * ("Session 288 (cancelled, so nobody attended)"), or a JSON element with a value beside its
 * null ("null | halberd racing"): an offer all the same. */
static int none_aside(struct scorer *s, const struct cand *c)
{
    const char *t = c->text, *open = strchr(t, '('), *f, *next;
    size_t k, b, e, n;
    const char *close = open ? strchr(open, ')') : NULL;
    if (!c->nullish)
        return 0;
    if (open && (open == t || open[-1] != ' '))
        open = NULL; /* "max(score): n/a" */
    if (!c->item && (!s->empty_gold || !close || close[1 + strspn(close + 1, " .")]))
        open = NULL; /* outside a list, to empty gold, only a closing aside: "Session 288
                        (cancelled, so nobody attended)", not "… 1963 (Luís Teixeira), so no
                        grower …" */
    for (k = 0; open && t + k < open; k++)
        if (isalpha((unsigned char)t[k]))
            return !re_find(s, s->none, t, (size_t)(open - t), 0, &b, &e) &&
                   re_find(s, s->none, open, strlen(open), 0, &b, &e);
    n = strlen(t);
    if ((strncmp(t, "null | ", 7) && !strstr(t, " | null")) || n < 2 || strcmp(t + n - 2, " |"))
        return 0; /* no JSON object's values ("null | halberd racing |") with a null among them */
    for (f = t; f && *f; f = next ? next + 3 : NULL) {
        next = strstr(f, " | ");
        e = next ? (size_t)(next - f) : strlen(f);
        while (e > 0 && strchr(" |", f[e - 1]))
            e--;
        if (e > 0 && !re_find(s, s->none, f, e, 0, &b, &b) && strspn(f, "-— ") < e)
            return 1; /* a field that says something */
    }
    return 0;
}

/* Some part doubts the answer ("I'm not sure", "not certain"): found once, for the readers of
 * a hedge (score.c doubted_rival). */
static int doubts(const struct cands *cs)
{
    static const char *const w[] = {"not sure", "not certain", "unsure", "not entirely sure", NULL};
    size_t j;
    int k;
    for (j = 0; j < cs->n; j++)
        for (k = 0; w[k]; k++)
            if (strstr(cs->v[j].text, w[k]))
                return 1;
    return 0;
}

/* A JSON object that wraps the answer beside the reasoning ({"reasoning": "…", "answer": {…}}),
 * every other member a note of that kind: its answer member; else j itself. */
static const cJSON *json_answer_member(const cJSON *j)
{
    static const char *const names[] = {"answer", "final_answer", "finalanswer", "final answer",
                                        NULL};
    const cJSON *m, *found = NULL;
    int k, others = 0;
    if (!cJSON_IsObject(j))
        return j;
    cJSON_ArrayForEach(m, j)
    {
        for (k = 0; m->string && names[k] && strcasecmp(m->string, names[k]); k++)
            ;
        if (m->string && names[k]) {
            found = m;
            continue;
        }
        /* a field of the row: {"answer": "Lyon", "stores": 12} */
        others += !name_in(m->string, aside_names) && !name_in(m->string, aside_if_sentence);
    }
    if (!found || others)
        return j;
    return cJSON_IsObject(found) || cJSON_IsArray(found) ||
                   (cJSON_IsString(found) && cJSON_GetArraySize(j) > 1)
               ? found
               : j;
}

/* The JSON at t: one value, or objects one after another ("{…}, {…}" or one per line) read as
 * the array they stand for. */
static cJSON *json_parse_seq(const char *t)
{
    const char *end = NULL;
    cJSON *j = parallel_json_parse(t, strlen(t) + 1, &end), *arr, *next;
    if (!j || !cJSON_IsObject(j) || !end || end[strspn(end, " \t\r\n,")] != '{')
        return j;
    arr = cJSON_CreateArray();
    cJSON_AddItemToArray(arr, j);
    for (t = end + strspn(end, " \t\r\n,"); *t == '{'; t = end + strspn(end, " \t\r\n,")) {
        if (!(next = parallel_json_parse(t, strlen(t) + 1, &end)))
            break; /* a cut-off last object: the rows before it stand */
        cJSON_AddItemToArray(arr, next);
    }
    return arr;
}

/* The gold's keys are two years or more ("2019", "2020"): a run of years may answer them. */
static int years_asked(const struct keys *k)
{
    size_t i;
    for (i = 0; i < k->nnum; i++)
        if (k->num[i] != floor(k->num[i]) || k->num[i] < 1800 || k->num[i] > 2100)
            return 0;
    return k->nnum >= 2;
}

/* The first name of c that is no gold cell is named again in next ("Seto Maru's jobs all fall
 * in 2023 … There are no jobs for Seto Maru dated 2024"): the question's subject, no answer. */
static int subject_again(const struct cand *c, const struct cand *next)
{
    const char *w = c->text + c->other - 1;
    char word[48];
    size_t n = 0;
    while (n + 1 < sizeof(word) && (isalpha((unsigned char)w[n]) || (unsigned char)w[n] >= 0x80))
        word[n] = w[n], n++;
    word[n] = '\0';
    return n >= 3 && strstr(next->text, word) != NULL;
}

/* Candidate i, the answer's first sentence, only sets the scene for the none-phrase of the
 * next ("The royalty records start in 2019; there are no statements for 2018"): no name, no
 * number but years, no near answer. */
static int setting_before_none(struct scorer *s, const struct cands *cs, size_t i)
{
    const struct cand *c = &cs->v[i];
    size_t k, b, e, n = strlen(c->text);
    if (i != 0 || c->item || i + 1 >= cs->n || (c->other && !subject_again(c, &cs->v[i + 1])) ||
        !cs->v[i + 1].nullish || cs->v[i + 1].item ||
        re_find(s, s->nearest, c->text, n, 0, &b, &e) ||
        re_find(s, s->closest, c->text, n, 0, &b, &e))
        return 0; /* not a near answer: "the lowest-rated is pad thai; none is below 3" */
    for (k = 0; k < c->nnums; k++)
        if (!c->nums[k].year)
            return 0;
    return 1;
}

/* "Every year from 2019 to 2023", "each year from 2006 through 2012", and when the keys are
 * years an answer "2019–2023" alone: each year of the run named, one candidate apiece, so that
 * a gold of years finds them all. */
static void year_runs(struct scorer *s, struct cands *cs, const struct keys *keys)
{
    static const char *const open[] = {"every year from ", "each year from ", "", NULL};
    static const char *const to[] = {" to ", " through ", " until ", " - ", "-", NULL};
    size_t i, n = cs->n;
    int k, j;
    for (i = 0; i < n; i++)
        for (k = 0; open[k]; k++) {
            const char *p = strstr(cs->v[i].text, open[k]);
            char *e;
            long a, b, y;
            if (!p || (!*open[k] && !years_asked(keys)))
                continue; /* a bare "2019-2023" is the run only when the keys are years */
            a = strtol(p += strlen(open[k]), &e, 10);
            for (j = 0; e - p == 4 && to[j]; j++)
                if (!strncmp(e, to[j], strlen(to[j])))
                    break;
            if (e - p != 4 || !to[j])
                continue;
            p = e + strlen(to[j]);
            b = strtol(p, &e, 10);
            if (e - p != 4 || a < 1800 || b > 2100 || b <= a || b - a > 40 ||
                (!*open[k] && *e && strcmp(e, ".")))
                continue;
            for (y = a; y <= b; y++) {
                char num[24];
                int item = cs->v[i].item;
                struct cand *c;
                snprintf(num, sizeof num, "%ld", y);
                c = new_cand(cs, num, strlen(num));
                c->item = item;
                finish(s, c);
            }
            break;
        }
}

/* The month whose name (full or its first three letters) opens t, 0-11, its length in *n; or
 * -1. */
static int month_at(const char *t, size_t *n)
{
    int m;
    for (m = 0; m < 12; m++) {
        size_t w = strlen(month_names[m]);
        if (!strncmp(t, month_names[m], w) && !isalpha((unsigned char)t[w]))
            return *n = w, m;
        if (w > 3 && !strncmp(t, month_names[m], 3) && !isalpha((unsigned char)t[3]))
            return *n = 3, m;
    }
    return -1;
}

/* When the keys are months, a run of them ("open from May through October", "June–August"):
 * each month of the run named, one candidate apiece, as year_runs does for years. */
static void month_runs(struct scorer *s, struct cands *cs, const struct keys *keys)
{
    static const char *const to[] = {" to ", " through ", " until ", " till ", " - ", "-", NULL};
    size_t i, n = cs->n, p, w1, w2;
    int a, b, j, m;
    for (i = 0; keys->months && i < n; i++)
        for (p = 0; cs->v[i].text[p]; p++) {
            const char *t = cs->v[i].text;
            if ((p && isalpha((unsigned char)t[p - 1])) || (a = month_at(t + p, &w1)) < 0)
                continue;
            for (j = 0; to[j] && strncmp(t + p + w1, to[j], strlen(to[j])); j++)
                ;
            if (!to[j] || (b = month_at(t + p + w1 + strlen(to[j]), &w2)) < 0 || b == a)
                continue;
            for (m = a;; m = (m + 1) % 12) {
                struct cand *c = new_cand(cs, month_names[m], strlen(month_names[m]));
                c->item = cs->v[i].item;
                finish(s, c);
                if (m == b)
                    break;
            }
            break;
        }
}

/* w in t[b, e), not inside a longer word. */
static int span_has_word(const char *t, size_t b, size_t e, const char *w)
{
    size_t n = strlen(w), i;
    for (i = b; i + n <= e; i++)
        if (!strncmp(t + i, w, n) && (i == 0 || !isalpha((unsigned char)t[i - 1])) &&
            !isalpha((unsigned char)t[i + n]))
            return 1;
    return 0;
}

/* The scale word after a number at t (" million", "k"): its factor, else 1. */
static double scale_after(const char *t)
{
    static const struct {
        const char *w;
        double f;
    } sc[] = {{" thousand", 1e3}, {" million", 1e6}, {" billion", 1e9}, {"k", 1e3}, {"m", 1e6}};
    size_t k;
    for (k = 0; k < sizeof sc / sizeof *sc; k++)
        if (!strncmp(t, sc[k].w, strlen(sc[k].w)) && !isalpha((unsigned char)t[strlen(sc[k].w)]))
            return sc[k].f;
    return 1;
}

/* The first number in t[b, e) as written ("1,200" is 1200), *at where; -1 when none. */
/* A count in words at p, two to twelve ("more than two"; not "one", which is often a pronoun):
 * its value, *len its length; else 0. */
static int count_word(const char *p, size_t *len)
{
    static const char *const w[] = {"two",   "three", "four", "five",   "six",    "seven",
                                    "eight", "nine",  "ten",  "eleven", "twelve", NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (!strncmp(p, w[k], (*len = strlen(w[k]))) && !isalpha((unsigned char)p[*len]))
            return k + 2;
    return 0;
}

static double number_in(const char *t, size_t b, size_t e, size_t *at)
{
    char digits[32];
    size_t i, n;
    int v;
    for (i = b; i < e; i++)
        if ((i == 0 || !isalpha((unsigned char)t[i - 1])) && (v = count_word(t + i, &n)) &&
            i + n <= e) {
            *at = i + n;
            return v;
        } else if (isdigit((unsigned char)t[i]) && (i == 0 || !isalnum((unsigned char)t[i - 1]))) {
            for (n = 0; i < e && n + 1 < sizeof digits &&
                        (isdigit((unsigned char)t[i]) ||
                         (strchr(",.", t[i]) && i + 1 < e && isdigit((unsigned char)t[i + 1])));
                 i++)
                if (t[i] != ',')
                    digits[n++] = t[i];
            digits[n] = '\0';
            *at = i;
            return strtod(digits, NULL) * scale_after(t + i);
        }
    return -1;
}

/* The bound the none-phrase t[b, e) sets ("no ferry carries more than 500", "no books before
 * 1900"): its number, and in *dir 1 for a lower bound, -1 for an upper; 0 when none. */
static double none_bound(const char *t, size_t b, size_t e, int *dir)
{
    static const char *const above[] = {"more than ",
                                        "over ",
                                        "above ",
                                        "exceeding ",
                                        "greater than ",
                                        "longer than ",
                                        "higher than ",
                                        "larger than ",
                                        "heavier than ",
                                        "after ",
                                        NULL};
    static const char *const below[] = {
        "less than ",    "fewer than ", "under ",        "below ",        "before ",
        "shorter than ", "lower than ", "smaller than ", "lighter than ", NULL};
    const char *const *w[] = {above, below};
    size_t i, at;
    int g, k;
    for (i = b; i < e; i++)
        for (g = 0; g < 2; g++)
            for (k = 0; w[g][k]; k++)
                if (!strncmp(t + i, w[g][k], strlen(w[g][k])) && (i == 0 || t[i - 1] == ' ') &&
                    (isdigit((unsigned char)t[i + strlen(w[g][k])]) ||
                     count_word(t + i + strlen(w[g][k]), &at))) {
                    double v = number_in(t, i, e, &at);
                    size_t m = 0;
                    *dir = g ? -1 : 1;
                    if (t[at] == ' ' && month_at(t + at + 1, &m) >= 0)
                        *dir = 0; /* a date ("after 1 january 2024"), no quantity */
                    return v;
                }
    *dir = 0;
    return -1;
}

/* After the none-phrase ending at t[from], a near answer offered in its place: the closest,
 * the next, what would be, one concluded ("…, so the earliest is 2024-03-01"), or an extreme
 * that meets the bound the none denies ("No books before 1900 — the oldest is Dracula (1897)").
 * An extreme said as a fact that misses it ("No ferry carries more than 500 passengers — the
 * largest is the Island Star, at 420") is context that leaves the none standing. */
static int near_offer(struct scorer *s, const char *t, size_t n, size_t from, size_t *context_at)
{
    static const char *const w[] = {"closest", "nearest", "next", "would be", NULL};
    static const char *const so[] = {"so the ", "therefore the ", "thus the ", "hence the ", NULL};
    size_t b, e, k, at;
    double bound, v;
    int dir;
    if (!re_find(s, s->nearest, t, n, from, &b, &e))
        return 0;
    for (k = 0; w[k]; k++)
        if (span_has_word(t, b, e, w[k]))
            return 1;
    for (k = 0; so[k]; k++) /* so[k] ends with the "the " that opens the match at t[b] */
        if (b >= strlen(so[k]) - 4 && !strncmp(t + b - (strlen(so[k]) - 4), so[k], strlen(so[k])))
            return 1;
    bound = none_bound(t, 0, b, &dir);
    v = number_in(t, b, n, &at); /* the extreme's own, before a later "is" the match reaches
                                    ("Summit Station is the highest at 3,105 m, so there is …") */
    if (!dir || v < 0 || (dir > 0 ? v >= bound : v <= bound))
        return 1;
    while (at > b && (isdigit((unsigned char)t[at - 1]) || t[at - 1] == ',' || t[at - 1] == '.'))
        at--;             /* number_in's end to the number's start */
    *context_at = at + 1; /* context only when it misses */
    return 0;
}

/* After t[from], the sentence concludes none again ("…; the fastest is 6:04.9 by Allemannia,
 * so there is no crew that meets it"): what came between was the evidence. */
static int concluded_none(struct scorer *s, const char *t, size_t from)
{
    size_t b, e;
    const char *p;
    int k;
    for (k = 0; conclusion_words[k]; k++)
        for (p = strstr(t + from, conclusion_words[k]); p; p = strstr(p + 1, conclusion_words[k]))
            if (p - t >= 2 && !strncmp(p - 2, ", ", 2) &&
                re_find(s, s->none, p - 2, strlen(p - 2), 0, &b, &e))
                return 1; /* ", so there is no …" */
    return 0;
}

/* A line that is only tuples ("(1, 2023-04-08, 7), (9, 2023-07-15, 14)", "(North, Figure),
 * (North, Speed)"), two or more, each of two or more values: where the run of tuples ends (at
 * its closing '.' or the line's end) when the line at t[b, e) is so, else 0. */
static size_t tuples_end(const char *t, size_t b, size_t e)
{
    size_t i = b, n = 0, q;
    while (i < e && t[i] == ' ')
        i++;
    for (;;) {
        if (i >= e || t[i] != '(')
            return 0;
        q = i + 1 + strcspn(t + i + 1, "()\n");
        if (q >= e || t[q] != ')' || !memchr(t + i, ',', q - i))
            return 0;
        n++, i = q + 1;
        if (i < e && t[i] == ',')
            i++;
        while (i < e && t[i] == ' ')
            i++;
        if (i >= e || (t[i] == '.' && i + 1 == e))
            return n >= 2 ? e : 0;
    }
}

/* Lines of tuples: a line each, the commas inside made " | " ("1 | 2023-04-08 | 7"), so that
 * each tuple is one record, not cut at its commas. */
static void tuple_lines(struct buf *out)
{
    struct buf b = BUF_INIT;
    size_t i = 0, e, end;
    int changed = 0;
    while (i < out->len) {
        e = i + strcspn(out->s + i, "\n");
        if ((end = tuples_end(out->s, i, e))) {
            size_t k;
            int depth = 0;
            for (k = i; k < end; k++) {
                char ch = out->s[k];
                if (ch == '(')
                    depth = 1;
                else if (ch == ')')
                    depth = 0, buf_addch(&b, '\n');
                else if (ch == ',' && depth)
                    buf_adds(&b, " |");
                else if (depth)
                    buf_addch(&b, ch);
            }
            changed = 1;
        } else {
            buf_add(&b, out->s + i, e - i);
        }
        if (e < out->len)
            buf_addch(&b, '\n');
        i = e + 1;
    }
    if (changed) {
        buf_reset(out);
        buf_add(out, b.s ? b.s : "", b.len);
    }
    buf_release(&b);
}

/* c's none-phrase is a word of a gold text it names ("King of Nothing Much", "No Man's
 * Land"): it says none only if another none-phrase follows that text. */
static void none_in_gold_text(struct scorer *s, const struct keys *k, struct cand *c)
{
    size_t j, at, n, b, e, len = strlen(c->text);
    for (j = 0; c->nullish && j < k->n; j++) {
        n = strlen(k->text[j]);
        if (n < 4 || !text_has(c->text, k->text[j], &at) || c->none_at < at ||
            c->none_at >= at + n || !re_find(s, s->none, c->text, len, 0, &b, &e) || e > at + n)
            continue; /* the none-phrase matched whole inside the gold text */
        if (!re_find(s, s->none, c->text, len, at + n, &b, &e))
            c->nullish = c->refuses = 0, c->none_at = 0;
    }
}

void answer_rows(struct scorer *s, const char *raw, const cJSON *gold, struct cands *out)
{
    struct buf snake = BUF_INIT, flat = BUF_INIT;
    const char *ans;
    struct keys k;
    struct buf js = BUF_INIT;
    cJSON *j = NULL;
    size_t i;
    int offers = 0, seen_none = 0;
    memset(out, 0, sizeof(*out));
    snake_words(raw, gold, &snake);
    mid_dots(&snake);
    dash_asides(&snake);
    plural_label_numbers(gold, &snake);
    day_lists(gold, &snake);
    year_lists(gold, &snake);
    assignment_commas(&snake);
    tuple_lines(&snake);
    ans = snake.s;
    if (answer_markup(ans, &flat)) /* then as plain lines */
        buf_reset(&snake), buf_adds(&snake, flat.s), ans = snake.s;
    if (answer_tabular(ans, &flat))
        buf_reset(&snake), buf_adds(&snake, flat.s), ans = snake.s;
    if (answer_outline(ans, &flat))
        ans = flat.s;
    keys_build(gold, &k);
    code_words(gold, ans, &k);
    s->month_keys = k.months;
    s->id_keys = k.id_key;
    s->date_order = date_order(s, ans, strlen(ans));
    if (!s->date_order && s->reply && s->reply != ans && numeric_date_in(ans))
        s->date_order = date_order(s, s->reply, strlen(s->reply)); /* the reasoning's show it */
    if (answer_json_text(ans, strlen(ans), &js) && (j = json_parse_seq(js.s))) {
        const cJSON *use = json_answer_member(j);
        if (cJSON_IsString(use))
            add_lines(s, use->valuestring, &k, out); /* {"answer": "Lyon and Nice"} */
        else
            json_rows(s, use, out, 0, &k);
    } else if (!json_truncated(s, ans, out))
        add_lines(s, ans, &k, out);
    aggregate_rows(s, gold, out);
    cJSON_Delete(j);
    for (i = 0; i < out->n; i++)
        none_in_gold_text(s, &k, &out->v[i]);
    for (i = 0; i < out->n; i++) {
        const struct cand *c = &out->v[i];
        size_t b, e, n = strlen(c->text);
        out->says_none |= c->nullish;
        if (!c->nullish && !restates(c->text) && !sentence_says_none(out, i) &&
            !concluded_later(out, i) && !setting_before_none(s, out, i) &&
            (c->item || i == 0 || (seen_none && bare_name(ans, c))))
            out->lists = 1;
        if (seen_none && re_find(s, s->offers, c->text, n, 0, &b, &e))
            offers = 1;
        if (c->nullish && conceded_none(c))
            offers = 1; /* "A (about 45% off) is the only one, though the figure isn't stated" */
        if (c->nullish && re_find(s, s->none, c->text, n, 0, &b, &e) &&
            (re_find(s, s->offers, c->text, n, e, &b, &b) ||
             near_offer(s, c->text, n, e, &out->v[i].context_at)) &&
            !concluded_none(s, c->text, e))
            offers = 1; /* not when what follows the none concludes none ("…, so the earliest
                           due date is undefined") */
        offers |= hedged_name_after_none(out, i, seen_none) ||
                  (!answer_field_none(c, &k) && ((none_aside(s, c) && !none_follows(out, i)) ||
                                                 (i == 0 && leads_with_offer(c)))) ||
                  names_after_colon(s, raw, c) || (seen_none && labelled_names(raw, c));
        seen_none |= c->nullish;
    }
    if (offers) /* "none, although A comes close with 9,800": it offers a value after all */
        out->lists = 1, out->says_none = 0;
    out->doubted = doubts(out);
    year_runs(s, out, &k);
    month_runs(s, out, &k);
    hedged_alternatives(out);
    conditional_pair(out);
    keys_free(&k);
    buf_release(&js);
    buf_release(&snake);
    buf_release(&flat);
}
