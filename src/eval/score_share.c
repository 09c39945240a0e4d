/* score_share.c: a cell missing from a candidate that another part of its sentence says for
 * it too ("A and B, both in Kyoto"), or a later sentence of its line; and a candidate that
 * gives such a cell its own value instead. */
#include "score_int.h"

#include "buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* Text cell x, or one of its other spellings, is in t. */
static int text_in(const struct gcell *x, const char *t)
{
    size_t at;
    return cell_text_at(x, t, &at);
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

/* t opens its sentence with a phrase setting x for all of it ("in The Lantern Year, Irène
 * Jacobsen plays Odile and Marcus Obi plays Father Aldo"). */
static int opening_phrase(const struct gcell *x, const char *t)
{
    static const char *const w[] = {"in ", "at ", "for ", "on ", "from ", NULL};
    size_t n = strlen(x->text);
    int k;
    for (k = 0; w[k]; k++)
        if (!strncmp(t, w[k], strlen(w[k])) && !strncmp(t + strlen(w[k]), x->text, n) &&
            t[strlen(w[k]) + n] == ',')
            return 1;
    return 0;
}

/* A number of x in the head of a line that lists its group ("Low Tide (2014): Glasshouse,
 * Paper Moon Parade"): before the head's colon, so every item after it shares it. */
static int head_number(const struct gcell *x, const struct cand *head)
{
    const char *colon = strchr(head->text, ':');
    size_t k;
    for (k = 0; colon && k < head->nnums; k++)
        if (head->text + head->nums[k].at < colon && head->nums[k].v == x->v && !head->nums[k].alt)
            return 1;
    return 0;
}

/* t is digits and marks, no word of three letters ("2:10:30", "6-4 3-6"). */
static int digits_value(const char *t)
{
    size_t run = 0;
    if (!strpbrk(t, "0123456789"))
        return 0;
    for (; *t; t++)
        if ((run = isalpha((unsigned char)*t) ? run + 1 : 0) >= 3)
            return 0;
    return 1;
}

/* A text cell missing from a later part of a sentence that is the bare key (or the key and
 * numbers, "Idris Fane wrote Kestrel Moon (2011) and Blue Meridian (2015)"), said in an
 * earlier part: the parts share it ("Dr. Ahn treats R. Osei and K. Brandt" gives K. Brandt
 * Dr. Ahn too); so does a number in the head of a group's line. */
int shared_text(const struct grow *g, int i, const struct cands *cs, const struct cand *c)
{
    const struct gcell *x = &g->c[i], *key = &g->c[g->key];
    size_t j;
    if (x->kind == CELL_TEXT && c->lead && opening_phrase(x, cs->v[c->lead - 1].text))
        return 1;
    if (x->kind == CELL_NUM && c->lead && !c->nnums && key->kind == CELL_TEXT &&
        strlen(c->text) <= strlen(key->text) + 4)
        return head_number(x, &cs->v[c->lead - 1]);
    /* a value of digits ("2:10:30") is each part's own; a name with a digit ("Ward 3") not */
    if (x->kind != CELL_TEXT || !c->lead || key->kind != CELL_TEXT || digits_value(x->text) ||
        (strlen(c->text) > strlen(key->text) + 4 && !key_and_numbers(c->text, key->text)))
        return 0;
    /* the nearest part before it that gives the column a value: "A directed X, while B
     * directed Y and Z" gives Z B, not A */
    for (j = (size_t)(c - cs->v); j-- > c->lead - 1;) {
        if (text_in(x, cs->v[j].text))
            return 1;
        if (other_rows_value(g, i, cs->v[j].text))
            return 0;
    }
    return 0;
}

/* t also holds another gold row's different text in column i, and does not pair them
 * ("respectively"): which value is whose is not said ("Sparrowhawk and Sandpiper – captained by
 * Capt. Hale and Capt. Powell"). */
int other_rows_value(const struct grow *g, int i, const char *t)
{
    size_t r;
    if (!g->rows || g->c[i].kind != CELL_TEXT || strstr(t, "respectively"))
        return 0;
    for (r = 0; r < g->nrows; r++) {
        const struct gcell *y = &g->rows[r].c[i];
        const struct gcell *k = g->rows[r].key >= 0 ? &g->rows[r].c[g->rows[r].key] : NULL;
        if (i < g->rows[r].n && y->kind == CELL_TEXT && strcmp(y->text, g->c[i].text) &&
            !(k && k->kind == CELL_TEXT && g->key >= 0 && g->c[g->key].kind == CELL_TEXT &&
              !strcmp(k->text, g->c[g->key].text)) && /* "Kyoto: Hoshinoya, Aman Kyoto" */
            text_in(y, t))
            return 1;
    }
    return 0;
}

/* The part after c opens with a relative pronoun about the key c ends with ("… is The Lantern
 * Keeper, which came out in 1958"). */
static int relative_next(const struct cand *c, const struct gcell *key, const struct cands *cs,
                         size_t ci)
{
    static const char *const w[] = {"which ", "who ", "whose ", "that ", NULL};
    size_t n = strlen(c->text), kn = strlen(key->text);
    int k;
    if (ci + 1 >= cs->n || n < kn || strcmp(c->text + n - kn, key->text))
        return 0;
    for (k = 0; w[k]; k++)
        if (!strncmp(cs->v[ci + 1].text, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* Part c of a sentence is a key alone: a name with no number, or an id and nothing more. */
static int bare_part(const struct gcell *key, const struct cand *c)
{
    size_t n = strlen(c->text);
    if (key->kind == CELL_NUM)
        return c->nnums == 1 && c->nums[0].v == key->v && strspn(c->text, "0123456789") == n;
    return !c->nnums && n <= 40;
}

/* A cell missing from a part of a sentence that is the bare key, or ends with the key before a
 * relative clause, said in the next part that is more than a bare key: the parts share it
 * ("followed by Clara Nkemelu and Bao Tran, who are tied on 95"; "Ayla Rossi and Marek Bily
 * are in Robotics"; "1012, 1021 and 1035 £38.50"; "… is The Lantern Keeper, which came out in
 * 1958"), unless that part gives other rows' values of the column too. */
int shared_next(const struct scorer *s, const struct grow *g, int i, const struct cands *cs,
                size_t ci)
{
    const struct cand *c = &cs->v[ci];
    const struct gcell *x = &g->c[i], *key = &g->c[g->key];
    unsigned char used[64];
    size_t at, first = c->lead ? c->lead : ci + 1, j = ci + 1;
    if (key->kind == CELL_TEXT ? c->nnums || (strlen(c->text) > strlen(key->text) + 2 &&
                                              !relative_next(c, key, cs, ci))
                               : key->kind != CELL_NUM || !bare_part(key, c))
        return 0;
    while (key->kind == CELL_NUM && j + 1 < cs->n && cs->v[j + 1].lead == first &&
           cs->v[j].nnums == 1 && strspn(cs->v[j].text, "0123456789") == strlen(cs->v[j].text))
        j++; /* past the other ids alone */
    if (j >= cs->n || cs->v[j].lead != first || cs->v[j].nnums > 64 ||
        other_rows_value(g, i, cs->v[j].text))
        return 0;
    memset(used, 0, sizeof(used));
    return find_cell(s, x, &cs->v[j], used, &at, 0, 0);
}

/* The reply and its final answer normalised, once per reply (s->reply_norm, s->answer_norm). */
static void normalise_reply(struct scorer *s)
{
    if (s->reply_normed)
        return;
    text_norm(s->reply, strlen(s->reply), &s->reply_norm, NULL);
    text_norm(s->answer, strlen(s->answer), &s->answer_norm, NULL);
    s->reply_normed = 1;
}

const char *reply_normalised(const struct scorer *s)
{
    normalise_reply((struct scorer *)s);
    return s->reply_norm.s ? s->reply_norm.s : "";
}

/* Text v is said in t a few words after "all", "each" or "every" in its clause ("all on Xbox
 * Series X|S", "all of them in Kyoto"), or in a sentence that opens with one: of every row. */
static int said_of_all(const char *v, const char *t)
{
    static const char *const w[] = {"all ", "each ", "every ", NULL};
    const char *p, *b, *q;
    int k;
    for (p = strstr(t, v); p; p = strstr(p + 1, v)) {
        for (q = p; q > t && p - q < 120 && !strchr(".;|\n", q[-1]); q--)
            ;
        q += strspn(q, " ");
        for (k = 0; w[k]; k++) /* or opening the sentence: "Every cup tie was played on one of
                                  the grass rinks" */
            if ((q == t || strchr(".;|\n", q[-1]) || q[-1] == ' ') &&
                !strncmp(q, w[k], strlen(w[k])))
                return 1;
        b = p - t > 24 ? p - 24 : t;
        for (q = p; q > b && !strchr(".;|\n", q[-1]); q--)
            ;
        for (; q < p; q++)
            for (k = 0; w[k]; k++)
                if ((q == t || !isalpha((unsigned char)q[-1])) && !strncmp(q, w[k], strlen(w[k])))
                    return 1;
    }
    return 0;
}

/* A cell the same in every gold row, said in another part of the candidate's sentence
 * ("Hoshinoya ($1,200) and Aman Kyoto ($1,450.50), both in Kyoto"; "All released in 1997:
 * A, B and C"). */
/* t says a count v of each thing it goes on to name ("(two parcels each)", "3 apiece"): a
 * number, in digits or words, one word at most before "each" or "apiece". */
static int count_each(const char *t, double v, int counts)
{
    static const char *const w[] = {" each", " apiece", " to a ", " to an ", " per ", NULL};
    const char *p, *q;
    size_t len;
    int k, words;
    for (k = 0; w[k]; k++)
        for (p = strstr(t, w[k]); p; p = strstr(p + 1, w[k])) {
            if (k >= 2 ? !counts : isalpha((unsigned char)p[strlen(w[k])]))
                continue; /* "three to a neighbourhood" only of a count of rows */
            for (q = p, words = 0; q > t && words < 2; words++) {
                for (q--; q > t && q[-1] != ' '; q--)
                    ;
                const char *r = q + strspn(q, "(\"'"); /* "(two parcels each)" */
                if ((isdigit((unsigned char)*r) && strtod(r, NULL) == v) ||
                    (isalpha((unsigned char)*r) && small_number_at(r, &len) == v && v == (int)v &&
                     r[len] == ' '))
                    return 1;
                if (q > t)
                    q--; /* onto the space before the word */
            }
        }
    return 0;
}

/* t[p] is the number v, in digits or in words. */
static int number_is(const char *t, double v)
{
    size_t len;
    if (isdigit((unsigned char)*t))
        return strtod(t, NULL) == v && !isdigit((unsigned char)t[strspn(t, "0123456789.")]);
    return isalpha((unsigned char)*t) && v == (int)v && small_number_at(t, &len) == v &&
           !isalpha((unsigned char)t[len]);
}

/* t says the count v of every thing it names, as the condition it met ("Customers with
 * exactly three jobs:", "(each has exactly two)") or after "each" ("Each of these appears
 * three times"): "exactly" right before v, or "each" four words or fewer before it. */
static int count_exactly(const char *t, double v)
{
    const char *p, *q;
    int words;
    for (p = strstr(t, "exactly "); p; p = strstr(p + 1, "exactly "))
        if ((p == t || !isalpha((unsigned char)p[-1])) && number_is(p + 8, v))
            return 1;
    for (p = strstr(t, "each "); p; p = strstr(p + 1, "each "))
        for (q = p + 5, words = 0; (p == t || !isalpha((unsigned char)p[-1])) && words < 4 && *q;
             words++) {
            if (number_is(q, v) && !(q - t >= 4 && !strncmp(q - 4, "the ", 4)))
                return 1; /* not "each of the three": how many rows */
            q += strcspn(q, " .;:,\n");
            if (*q != ' ')
                break;
            q++;
        }
    return 0;
}

/* The answer t gives the number v in digits after a dash, a colon or a bracket: a count
 * listed row by row ("Kingsmead - 4 harvests"). */
static int count_listed(const char *t, double v)
{
    const char *p;
    for (p = t; *p; p++)
        if (isdigit((unsigned char)*p) && (p == t || !isalnum((unsigned char)p[-1])) &&
            p - t >= 2 && strchr("-:(", p[-1] == ' ' ? p[-2] : p[-1]) && number_is(p, v))
            return 1;
    return 0;
}

int said_in_reply(const struct scorer *s, const struct gcell *x)
{
    struct scorer *w = (struct scorer *)s; /* the normalised texts, made once per reply */
    if (x->kind == CELL_NUM && x->same && s->reply && s->answer) {
        normalise_reply(w); /* a count the same in every row, said of each before the answer
                               ("Destinations with two parcels each:\n\nBristol, Dublin") */
        return (count_each(w->reply_norm.s, x->v, x->counts) &&
                !strpbrk(w->answer_norm.s, "0123456789")) ||
               (x->counts && count_exactly(w->reply_norm.s, x->v) &&
                !count_listed(w->answer_norm.s, x->v)); /* not "A - 4 harvests", "B (38 ac" */
    }
    if (x->kind != CELL_TEXT || !x->same || !s->reply || !s->answer || strlen(x->text) < 3)
        return 0;
    normalise_reply(w);
    /* not when the answer says it for some rows: then the others' lack it; unless it says it
     * of all of them ("(all on Xbox Series X|S)") */
    return (text_in(x, w->reply_norm.s) || surname_said(x, w->reply_norm.s)) &&
           (!text_in(x, w->answer_norm.s) || said_of_all(x->text, w->answer_norm.s));
}

/* t[0, b) ends with w, or with w and one or two words more ("lacks a per word rate"). */
static int ends_with_near(const char *t, size_t b, const char *w)
{
    size_t l = strlen(w), k;
    for (k = 0; k < 3; k++) {
        if (b >= l && !strncmp(t + b - l, w, l))
            return 1;
        if (b < 2 || t[b - 1] != ' ' || !isalpha((unsigned char)t[b - 2]))
            return 0;
        for (b--; b > 0 && isalpha((unsigned char)t[b - 1]); b--)
            ;
    }
    return 0;
}

/* t[e] is followed, within two more words of the same clause, by a word saying the value is
 * not there ("owner not recorded", "expiry date is missing", "the green wasn't timed"). */
static int denial_after(const char *t, size_t e)
{
    static const char *const w[] = {"not ",  "n't ",       "never ", "unknown", "missing",
                                    "blank", "unrecorded", "absent", NULL};
    size_t words, n;
    int k;
    for (words = 0; words < 3 && t[e] == ' '; words++) {
        e++;
        for (k = 0; w[k]; k++)
            if (!strncmp(t + e, w[k], strlen(w[k])) &&
                (w[k][strlen(w[k]) - 1] == ' ' || !isalpha((unsigned char)t[e + strlen(w[k])])))
                return 1;
        for (n = 0; isalpha((unsigned char)t[e + n]) || t[e + n] == '\''; n++)
            if (t[e + n] == '\'' && !strncmp(t + e + n - 1, "n't ", 4))
                return 1; /* "wasn't", "isn't" */
        e += n;
    }
    return 0;
}

/* The stem of column word w that its other forms share: all but its last three letters of a
 * word of nine or more ("commissio" of "commissioned"), else the word. */
static size_t stem_len(const char *w)
{
    size_t n = strlen(w);
    return n > 8 ? n - 3 : n;
}

/* The next place in t of column word w, or loosely of its stem. */
static const char *find_stem(const char *t, const char *w, int loose)
{
    size_t stem = stem_len(w);
    const char *p;
    if (!loose)
        return strstr(t, w);
    for (p = t; *p; p++)
        if (!strncmp(p, w, stem))
            return p;
    return NULL;
}

/* How long the word at p that names column word w is: w itself, or another form of its stem
 * ("commissioning" for `commissioned_year`, "institutional" for `institution`); 0 when it names
 * none. */
static size_t column_form(const char *p, const char *w)
{
    size_t stem = stem_len(w), k;
    if (strncmp(p, w, stem))
        return 0;
    for (k = stem; isalpha((unsigned char)p[k]); k++)
        ;
    return k;
}

/* Right after t[e]: "not recorded", "not given", "not listed", "unknown" or "missing". */
static int denial_next(const char *t, size_t e)
{
    static const char *const w[] = {" not recorded", " not given", " not listed",
                                    " unknown",      " missing",   NULL};
    return opens_with(t + e, w);
}

/* Before t[at], its sentence names the key of one of g's rows, and no other ("The sculpture
 * armature was never delivered, so it has no delivery date"): what it denies is that row's;
 * not "A, B and C — for all three the queen year is unknown", nor a sentence that says it of
 * all or any. */
static int key_earlier(const struct grow *g, const char *t, size_t at)
{
    static const char *const all[] = {"all ", "any ", "each", "every", "both", "none of", NULL};
    size_t b = at, r, k, keys = 0, e = at + strcspn(t + at, ".;!?\n");
    int q;
    while (b > 0 && !strchr(".;!?\n", t[b - 1]))
        b--;
    for (q = 0; all[q]; q++) /* "… - phone numbers are not given for any of them" */
        if (text_has(t + b, all[q], &k) && b + k < e)
            return 0;
    for (r = 0; r < g->nrows; r++) {
        const struct gcell *x = g->rows[r].key >= 0 ? &g->rows[r].c[g->rows[r].key] : NULL;
        keys += x && x->kind == CELL_TEXT && text_has(t + b, x->text, &k) && b + k < at;
    }
    return keys == 1;
}

/* t says "no X", "without (a) X", "lacks (a) … X" or "X not recorded" of a word X of column
 * `name` (X or its plural); loosely, given the gold row g, of any form of X's stem, the denial
 * a few words after it ("the licence expiry date is missing", "without a commissioning year"),
 * in a sentence that names no key before it. */
static int column_denied(const char *name, const char *t, const struct grow *g)
{
    static const char *const lack[] = {"lacks ", "lack ", "lacking ", "missing ", NULL};
    static const char *const before[] = {"no ", "without a ", "without an ", "without ", NULL};
    char words[8][32];
    size_t nw = column_words(name, words), i, n, b;
    const char *p;
    int k, loose = g != NULL;
    for (i = 0; i < nw; i++)
        for (p = t; (p = find_stem(p, words[i], loose)); p++) {
            b = (size_t)(p - t);
            n = strlen(words[i]);
            n = loose ? column_form(p, words[i]) : n + (p[n] == 's');
            if ((b && isalpha((unsigned char)p[-1])) || !n ||
                (!loose && isalpha((unsigned char)p[n])) || (loose && key_earlier(g, t, b)))
                continue;
            for (k = 0; before[k]; k++)
                if (b >= strlen(before[k]) &&
                    !strncmp(p - strlen(before[k]), before[k], strlen(before[k])))
                    return 1;
            for (k = 0; lack[k]; k++)
                if (ends_with_near(t, b, lack[k]))
                    return 1;
            if (loose ? denial_after(t, b + n) : denial_next(t, b + n))
                return 1;
        }
    return 0;
}

/* c gives its key a word of value where g has none: after the key a colon or a dash, then a
 * word that starts no cell of g and denies nothing ("INS-2350: pass"; not "INS-2351: not
 * stated", "6 May 2023 - Derek Maclean"). */
static int word_for_null(const struct grow *g, const struct cand *c)
{
    static const char *const deny[] = {"not ",  "no ",   "none", "n/a",  "unknown", "missing",
                                       "blank", "never", "nil",  "null", "pending", NULL};
    const char *t = c->text;
    size_t at, n, e, a, l;
    int k;
    if (!key_span(&g->c[g->key], t, &at, &n))
        return 0;
    e = at + n + strspn(t + at + n, " ");
    if (!t[e] || !strchr(":=|-", t[e]) || t[e + 1] != ' ')
        return 0;
    e += 1 + strspn(t + e + 1, " ");
    if (!isalpha((unsigned char)t[e]))
        return 0;
    for (k = 0; deny[k]; k++)
        if (!strncmp(t + e, deny[k], strlen(deny[k])))
            return 0;
    if (!strncmp(t + e, "un", 2) && (l = strcspn(t + e, " ,.;)")) > 4 &&
        !strncmp(t + e + l - 2, "ed", 2))
        return 0; /* "unrated", "untimed" */
    for (k = 0; k < g->n; k++)
        if (k != g->key && key_span(&g->c[k], t + e, &a, &l) && a == 0)
            return 0;
    return 1;
}

int null_for_all(const struct scorer *s, const struct grow *g, int i, const struct cand *c)
{
    struct scorer *w = (struct scorer *)s;
    size_t r;
    if (g->c[i].kind != CELL_NULL || !g->c[i].name || !g->rows || !s->reply || !s->answer)
        return 0;
    for (r = 0; r < g->nrows; r++)
        if (i >= g->rows[r].n || g->rows[r].c[i].kind != CELL_NULL)
            return 0;
    normalise_reply(w);
    if (column_denied(g->c[i].name, w->reply_norm.s, NULL))
        return 1;
    /* loosely only of two rows or more (of one, a denial in the reasoning often comes before a
       guess), and not when c gives a word of value */
    return g->nrows >= 2 && column_denied(g->c[i].name, w->reply_norm.s, g) && !word_for_null(g, c);
}

/* A part of ci's sentence up to ci gives number x with "each" after it ("the others are one
 * each from Norway, Portugal, Turkey"): it is said of every name after it. */
static int each_before(const struct scorer *s, const struct gcell *x, const struct cands *cs,
                       size_t ci)
{
    size_t first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci, j, k, e;
    for (j = first; j <= ci; j++)
        for (k = 0; k < cs->v[j].nnums; k++) {
            const struct num *n = &cs->v[j].nums[k];
            const char *t = cs->v[j].text;
            for (e = n->at; isalnum((unsigned char)t[e]) || t[e] == '.'; e++)
                ;
            if (t[e] == ' ' && isalpha((unsigned char)t[e + 1]) && strncmp(t + e, " each", 5))
                for (e++; isalpha((unsigned char)t[e]); e++)
                    ; /* one word between: "seven runners each" */
            if (!strncmp(t + e, " each", 5) && !isalpha((unsigned char)t[e + 5]) &&
                value_match(s, n->v, n->unit, x->v))
                return 1;
        }
    return 0;
}

/* The first part of ci's sentence, before it, says text x of every name that follows ("Every
 * one of them is from Stone Bridge, …: S010 at 23.0 mg/L, S015 at 24.7 mg/L"). */
static int quantified_lead(const struct gcell *x, const struct cands *cs, size_t ci)
{
    static const char *const w[] = {"every one of them", "all of them", "all of these",
                                    "they are all",      "they're all", "each of them",
                                    "all are",           "all come",    "all were",
                                    "all from",          NULL};
    size_t first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci, at, q;
    int k;
    if (first == ci || !text_has(cs->v[first].text, x->text, &at))
        return 0;
    for (k = 0; w[k]; k++)
        if (text_has(cs->v[first].text, w[k], &q) && q < at)
            return 1;
    return 0;
}

int said_for_all(const struct scorer *s, const struct gcell *x, const struct cands *cs, size_t ci)
{
    size_t first, j, k;
    if (x->kind == CELL_NUM && each_before(s, x, cs, ci))
        return 1;
    /* the same in every row, said of each by the answer's opening sentence ("Four owners have
     * two dogs each. Hannah owns Biscuit and Clementine; …") */
    if (x->kind == CELL_NUM && x->same && cs->n && ci > 0 && !cs->v[ci].item &&
        each_before(s, x, cs, 0))
        return 1;
    if (x->kind == CELL_TEXT && !x->same && quantified_lead(x, cs, ci))
        return 1;
    if ((x->kind != CELL_TEXT && x->kind != CELL_NUM) || !x->same)
        return 0;
    first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci;
    for (j = first; j < cs->n && (j == first || cs->v[j].lead == first + 1); j++) {
        for (k = 0; x->kind == CELL_NUM && k < cs->v[j].nnums; k++)
            if (value_match(s, cs->v[j].nums[k].v, cs->v[j].nums[k].unit, x->v))
                return 1;
        if (x->kind != CELL_NUM && text_in(x, cs->v[j].text))
            return 1;
    }
    return 0;
}

/* A number of c matching cell x (a year said as a time counts nothing): where the first
 * starts. */
static int num_after(const struct scorer *s, const struct gcell *x, const struct cand *c,
                     size_t *at)
{
    size_t k;
    for (k = 0; k < c->nnums; k++)
        if (!(c->nums[k].year && x->counts) && num_match(s, &c->nums[k], x->v)) {
            *at = c->nums[k].at;
            return 1;
        }
    return 0;
}

/* A cell said for both or all of the names before it by a later part of the sentence ("The Salt
 * Road and Ninefold, both published by Harrow & Finch", "Juniper Lane Florist and Petal &
 * Twine, both at $18") or by the next sentence, when that opens with "both" ("…; both were
 * delayed by 45 minutes"). */
int said_for_both(const struct scorer *s, const struct gcell *x, const struct cands *cs, size_t ci)
{
    static const char *const w[] = {"both ", "all ", "each ", NULL};
    size_t first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci, j, k, at, q;
    if (x->kind != CELL_TEXT && x->kind != CELL_NUM)
        return 0;
    for (j = ci + 1; j < cs->n && cs->v[j].lead == first + 1; j++) {
        const char *t = cs->v[j].text;
        int found =
            x->kind == CELL_TEXT ? text_has(t, x->text, &at) : num_after(s, x, &cs->v[j], &at);
        size_t end = found ? at : strlen(t);
        const char *each = found ? strstr(t + at, " each") : NULL;
        size_t wl = 5;
        if (found && (!each || each - (t + at) > 24) && (each = strstr(t + at, " apiece")))
            wl = 7; /* "… had one apiece" */
        if (each && each - (t + at) <= 24 && !isalpha((unsigned char)each[wl]) &&
            !memchr(t + at, ',', (size_t)(each - (t + at))))
            return 1; /* after it: "… with 10 players each" */
        for (k = 0; w[k]; k++)
            for (q = 0; q + strlen(w[k]) <= end; q++)
                if (!strncmp(t + q, w[k], strlen(w[k])) && (q == 0 || strchr(" (", t[q - 1])))
                    return found; /* the first such part only; "(both 77 km/h)" too */
    }
    /* the next sentence opens with it ("…; both were delayed by 45 minutes.") */
    if (j < cs->n && !cs->v[j].lead && !cs->v[j].item && !cs->v[ci].item)
        for (k = 0; w[k]; k++)
            if (!strncmp(cs->v[j].text, w[k], strlen(w[k])))
                return x->kind == CELL_TEXT ? text_has(cs->v[j].text, x->text, &at)
                                            : num_after(s, x, &cs->v[j], &at);
    return 0;
}

int word_before(const char *t, size_t at, const char *const *w)
{
    size_t n;
    int k;
    at -= at > 0 && t[at - 1] == '$';
    for (k = 0; w[k]; k++)
        if (at >= (n = strlen(w[k])) && !strncmp(t + at - n, w[k], n))
            return 1;
    return 0;
}

/* The number at t[at] is the question's bound, not a row's value ("both exceed 800 pages"). */
static int bound_before(const char *t, size_t at)
{
    static const char *const w[] = {"exceed ", "exceeds ", "over ",  "above ", "than ",
                                    "below ",  "under ",   "least ", NULL};
    return word_before(t, at, w);
}

/* A sentence pairing its names and numbers by "respectively" ("Cardiology and Oncology had 9 and
 * 7 admissions respectively"): the row's number must be the one at its name's place; returns 1
 * when it is not (or 0 when the sentence pairs nothing so). */
int respective_mismatch(const struct scorer *s, const struct grow *g, const struct cands *cs,
                        size_t ci)
{
    size_t first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci, j, r, at, own = 0, before = 0;
    const struct cand *resp = NULL;
    struct buf all = BUF_INIT;
    int i, num = -1, keys = 0, mismatch = 0;
    for (j = first; !resp && j < cs->n && (j == first || cs->v[j].lead == first + 1); j++) {
        buf_adds(&all, cs->v[j].text), buf_addch(&all, ' '); /* up to "respectively" */
        if (strstr(cs->v[j].text, "respectively"))
            resp = &cs->v[j];
    }
    for (i = 0; i < g->n && num < 0; i++)
        num = i != g->key && g->c[i].kind == CELL_NUM ? i : -1;
    if (resp && num >= 0 && g->rows && g->c[g->key].kind == CELL_TEXT &&
        text_has(all.s, g->c[g->key].text, &own)) {
        for (r = 0; r < g->nrows; r++) { /* the gold keys the sentence names, before this one */
            const struct grow *o = &g->rows[r];
            if (o->key >= 0 && o->c[o->key].kind == CELL_TEXT &&
                text_has(all.s, o->c[o->key].text, &at))
                keys++, before += at < own;
        }
        for (j = 0, i = 0; j < resp->nnums; j++)
            if (!resp->nums[j].year && !resp->nums[j].alt &&
                !bound_before(resp->text, resp->nums[j].at) && i++ == (int)before)
                mismatch = !num_match(s, &resp->nums[j], g->c[num].v);
        mismatch &= i == keys && keys >= 2;
    }
    buf_release(&all);
    return mismatch;
}

/* Another gold row than g, with another key, is named in candidate c. */
static int other_row_named(const struct scorer *s, const struct grow *g, const struct cand *c)
{
    const struct gcell *key = &g->c[g->key], *ok;
    unsigned char used[64];
    size_t r, at;
    for (r = 0; r < g->nrows; r++) {
        if (g->rows[r].key < 0 || (ok = &g->rows[r].c[g->rows[r].key])->kind != key->kind ||
            ok->kind == CELL_NULL ||
            (ok->kind == CELL_TEXT ? !strcmp(ok->text, key->text) : ok->v == key->v))
            continue;
        memset(used, 0, sizeof(used));
        if (find_cell(s, ok, c, used, &at, 1, 0))
            return 1;
    }
    return 0;
}

/* A cell missing from candidate ci, said without a label in a later sentence of its line or
 * list item that names no other gold row ("- Dunmore Skink — Endangered; about 340
 * individuals"; not "2023: 2:29:54; 2024: 2:31:07"). NULL cells have their own rules. */
/* A text cell of g is in both a and b: the two parts give it different roles ("Dragão Vermelho
 * (home) vs …" and "… winner Dragão Vermelho"). */
static int text_in_both(const struct grow *g, const struct cand *a, const struct cand *b)
{
    int k;
    for (k = 0; k < g->n; k++)
        if (g->c[k].kind == CELL_TEXT && text_in(&g->c[k], a->text) && text_in(&g->c[k], b->text))
            return 1;
    return 0;
}

int said_in_item(const struct scorer *s, const struct grow *g, int i, const struct cands *cs,
                 size_t ci)
{
    size_t first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci, j, at;
    unsigned char used[64];
    int k;
    if (!cs->v[ci].item || g->key < 0 || g->c[i].kind == CELL_NULL)
        return 0;
    for (k = 0; k < g->n; k++) /* a value twice in the row ("away: Team Éclair, winner: …") */
        if (k != i && g->c[k].kind == CELL_TEXT && g->c[i].kind == CELL_TEXT &&
            !strcmp(g->c[k].text, g->c[i].text))
            return 0;
    for (j = first; j < cs->n && (j == first || cs->v[j].lead == first + 1); j++)
        if (j != ci && other_row_named(s, g, &cs->v[j]))
            return 0; /* "- A (3), B (4)": the item holds two rows */
    for (j = first; j < cs->n && (j == first || cs->v[j].lead == first + 1); j++) {
        if (j == ci || cs->v[j].nnums > 64)
            continue;
        memset(used, 0, sizeof(used));
        if (find_cell(s, &g->c[i], &cs->v[j], used, &at, 0, 0))
            return !text_in_both(g, &cs->v[ci], &cs->v[j]);
    }
    return 0;
}

int said_before_apposed(const struct scorer *s, const struct gcell *x, const struct cands *cs,
                        size_t ci)
{
    const struct cand *p;
    char words[8][32];
    size_t nw, k, e, b, n;
    if (x->kind != CELL_NUM || !x->name || ci == 0 || !cs->v[ci].lead)
        return 0;
    p = &cs->v[ci - 1]; /* the part before, of the same sentence */
    if (p->lead != cs->v[ci].lead && ci - 1 != cs->v[ci].lead - 1)
        return 0;
    if (!p->nnums || p->nums[p->nnums - 1].alt ||
        !value_match(s, p->nums[p->nnums - 1].v, p->nums[p->nnums - 1].unit, x->v))
        return 0;
    for (e = p->nums[p->nnums - 1].at; isdigit((unsigned char)p->text[e]); e++)
        ;
    if (p->text[e + strspn(p->text + e, " ,")] != '\0')
        return 0; /* the number ends the part */
    for (b = p->nums[p->nnums - 1].at; b > 0 && p->text[b - 1] == ' '; b--)
        ;
    nw = column_words(x->name, words);
    for (k = 0; k < nw; k++) /* labelled by its column's word: "loan 8" of `loan_id` */
        if (b >= (n = strlen(words[k])) && !strncmp(p->text + b - n, words[k], n) &&
            (b == n || !isalpha((unsigned char)p->text[b - n - 1])))
            return 1;
    return 0;
}

int said_later_in_line(const struct scorer *s, const struct grow *g, int i, const struct cands *cs,
                       size_t ci)
{
    size_t line = cs->v[ci].cont ? cs->v[ci].cont : ci + 1, j, at;
    unsigned char used[64];
    if (g->key < 0 || g->c[i].kind == CELL_NULL)
        return 0;
    for (j = ci + 1; j < cs->n && cs->v[j].cont == line && cs->v[j].nnums <= 64; j++) {
        if (cs->v[j].other || other_row_named(s, g, &cs->v[j]))
            return 0; /* "A (3); B (4)", "Nice has 12": another's sentence */
        memset(used, 0, sizeof(used));
        if (find_cell(s, &g->c[i], &cs->v[j], used, &at, 0, 0))
            return !memchr(cs->v[j].text, ':', at);
    }
    return 0;
}

/* A number of c, no year, that is no number cell of g: c gives its own value ("Ward 3B is
 * next with 28" takes no 31 said for every row). */
static int stray_number(const struct scorer *s, const struct grow *g, const struct cand *c)
{
    size_t k;
    int i, cell;
    for (k = 0; k < c->nnums; k++) {
        if (c->nums[k].year || c->nums[k].alt || in_text_cell(g, c->text, c->nums[k].at))
            continue;
        for (i = 0, cell = 0; i < g->n && !cell; i++)
            cell = g->c[i].kind == CELL_NUM && num_match(s, &c->nums[k], g->c[i].v);
        if (!cell)
            return 1;
    }
    return 0;
}

/* c holds a number other than v right after a word of column `name` ("cone 10" of a `cone`
 * of "6"): a value of its own for that column. */
static int labelled_other_number(const char *name, double v, const struct cand *c)
{
    size_t k, b, e;
    for (k = 0; name && k < c->nnums; k++) {
        if (c->nums[k].v == v || (e = c->nums[k].at) < 2 || c->text[e - 1] != ' ')
            continue;
        for (b = --e; b > 0 && isalpha((unsigned char)c->text[b - 1]); b--)
            ;
        if (e > b && column_word_within(name, c->text + b, e - b))
            return 1;
    }
    return 0;
}

/* Candidate c gives cell i a value of its own, another than the gold's: a stray number for a
 * number cell; for a text of words and a number, its words with another number ("Brightwater
 * 2018" for "Brightwater 2019"); for a text of digits, a number labelled as its column. */
/* t gives column `name` a value of its own: a word before one of the column's words ("high
 * severity" of `severity`), no article or pronoun. */
static int word_before_column(const char *name, const char *t)
{
    static const char *const no[] = {"the", "a",   "an",   "its",   "their", "his",  "her", "of",
                                     "no",  "any", "same", "what",  "which", "by",   "and", "with",
                                     "in",  "on",  "for",  "whose", "that",  "this", NULL};
    char words[8][32];
    size_t nw = name ? column_words(name, words) : 0, k, m, b, e;
    const char *p;
    int j, skip;
    for (k = 0; k < nw; k++)
        for (p = t, m = strlen(words[k]); (p = strstr(p, words[k])); p += m) {
            e = (size_t)(p - t);
            if ((e && isalpha((unsigned char)p[-1])) || isalpha((unsigned char)p[m]) || e < 2 ||
                t[e - 1] != ' ' || !isalpha((unsigned char)t[e - 2]))
                continue;
            for (b = e - 1; b > 0 && isalpha((unsigned char)t[b - 1]); b--)
                ;
            for (j = 0, skip = 0; no[j]; j++)
                skip |= strlen(no[j]) == e - 1 - b && !strncmp(t + b, no[j], e - 1 - b);
            if (!skip)
                return 1;
        }
    return 0;
}

/* One of c's dates is date cell x's. */
static int date_in(const struct gcell *x, const struct cand *c)
{
    size_t k;
    for (k = 0; k < c->ndates; k++)
        if (c->dates[k].day == x->day[0] || (x->is_date > 1 && c->dates[k].day == x->day[1]))
            return 1;
    return 0;
}

int own_value(const struct scorer *s, const struct grow *g, int i, const struct cand *c)
{
    const char *x = g->c[i].text, *p;
    size_t n;
    if (g->c[i].kind == CELL_NUM)
        return stray_number(s, g, c);
    if (null_given_zero(&g->c[i], c))
        return 1; /* "average score 0" though the reasoning says no scores were given */
    if (g->c[i].kind == CELL_TEXT && g->c[i].is_date && c->ndates)
        return !date_in(&g->c[i], c); /* "B on 2023-07-29" after "A on 2023-07-22" */
    if (g->c[i].kind == CELL_TEXT && g->c[i].same && !text_in(&g->c[i], c->text) &&
        ((c->other && c->other - 1 > 0 && c->text[c->other - 2] == '(') ||
         word_before_column(g->c[i].name, c->text)))
        return 1; /* "Zoë Brennan (Vesta RC)" after "Kaja Novak (Dolphin RC)"; "(on Orion, high
                     severity)" after "critical bugs" */
    if (g->c[i].kind == CELL_TEXT && *x && strspn(x, "0123456789") == strlen(x))
        return labelled_other_number(g->c[i].name, atof(x), c);
    if (g->c[i].kind != CELL_TEXT || (n = strcspn(x, "0123456789")) < 4 || x[n - 1] != ' ')
        return 0;
    if (strstr(c->text, x))
        return 0; /* the cell itself is there */
    for (p = c->text; *p; p++)
        if (!strncmp(p, x, n) && (p == c->text || p[-1] == ' ') && isdigit((unsigned char)p[n]))
            return 1;
    return 0;
}
