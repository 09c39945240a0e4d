/* score_null.c: a key named as no answer (a negation, a concession, a longer name), and a
 * NULL cell: said missing in words of its column, or given a value after all. */
#include "score_int.h"

#include "xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* No clause break (",", ";", ":") in t[a, b). */
static int one_clause(const char *t, size_t a, size_t b)
{
    for (; a < b && t[a]; a++)
        if (t[a] == ',' || t[a] == ';' || t[a] == ':')
            return 0;
    return 1;
}

/* A negation whose subject is a pronoun standing for the key ("…, so it does not exceed"); not
 * the writer's own about a noun before it ("possibly others that I could not confirm"; but
 * "…, which I didn't count" is of the key). */
static int pronoun_before(const char *t, size_t p)
{
    static const char *const w[] = {"it ", "which ", "they ", "he ", "she ", "that ", NULL};
    size_t k, n, q;
    for (k = 0; w[k]; k++)
        for (n = strlen(w[k]), q = p >= 16 ? p - 16 : 0; q + n <= p; q++)
            if (!strncmp(t + q, w[k], n) && (q == 0 || t[q - 1] == ' ') &&
                !(!strcmp(w[k], "that ") &&
                  (!strncmp(t + q + n, "i ", 2) || !strncmp(t + q + n, "we ", 3))))
                return 1;
    return 0;
}

/* After "but", a predicate with no subject of its own goes on about the key ("Marktplatz came
 * next but stayed just under the threshold"). */
static int same_subject(const char *t)
{
    static const char *const verbs[] = {"is ",    "was ",   "did ",     "does ",   "fell ",
                                        "falls ", "stays ", "remains ", "misses ", NULL};
    size_t e = strspn(t, "abcdefghijklmnopqrstuvwxyz");
    int k;
    if (e > 3 && t[e] == ' ' && !strncmp(t + e - 2, "ed", 2))
        return 1; /* "stayed", "remained", "missed" */
    for (k = 0; verbs[k]; k++)
        if (!strncmp(t, verbs[k], strlen(verbs[k])))
            return 1;
    return 0;
}

/* A negation after the key that is about something else: of a value ("12 stores, not 9"),
 * conceded ("Lyon, though not the largest city, has 12"; "A is the oldest, although the text
 * doesn't state every year"), or the writer's own in a clause of its own ("then Eastside
 * Health — I couldn't work out the third"). */
static int aside_negation(const char *t, size_t from, size_t p)
{
    static const char *const before[] = {"though ", "although ", "while ", "whereas ",
                                         "but ",    "however",   "if ",    "even ",
                                         "- i ",    ", i ",      "; i ",   NULL};
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
            if (!strncmp(t + q, before[k], n) && (q == 0 || t[q - 1] == ' ') &&
                !(!strcmp(before[k], "but ") && same_subject(t + q + n)))
                return 1;
    return 0;
}

/* The negation at t[p] is about what follows it ("Lyon, beating Nice", "A rather than B"):
 * no name before it. */
static int points_ahead(const char *t, size_t p)
{
    static const char *const w[] = {"ahead of",   "beating",    "rather than",
                                    "instead of", "excluding",  "except",
                                    "other than", "apart from", NULL};
    return opens_with(t + p, w);
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
/* "except" (or "other than", "apart from") at t[p] after the candidate's none-phrase: "None of
 * the stalls charged less than £1 except Hook-a-Duck" names the answer, a double negative. */
static int except_after_none(const struct cand *c, size_t p)
{
    static const char *const w[] = {"except", "other than", "apart from", NULL};
    int k;
    if (!c->nullish || c->none_at >= p)
        return 0;
    for (k = 0; w[k]; k++)
        if (!strncmp(c->text + p, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* The key's own sentence goes on to say it was left out of the answer ("(Tor View is
 * borderline at roughly 100 ha and I have not included it.)"), however far from it. */
static int left_out(const char *t, size_t from, size_t p)
{
    static const char *const w[] = {"not included", "not include", "not counted", "left it out",
                                    "left out",     "excluded",    "omitted",     NULL};
    size_t q;
    int k;
    for (q = from; q < p; q++)
        if (strchr(".;!?", t[q]))
            return 0;
    for (k = 0; w[k]; k++)
        if (!strncmp(t + p, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* The negation at c's text[p], after the key, is "not" before another name ("Dunfield Hawks —
 * 71 points (not the Carrow Lions, as I first thought)"): it sets that name aside. */
static int negates_other_name(const struct cand *c, size_t p)
{
    size_t q = p;
    if (strncmp(c->text + q, "not ", 4) || !c->other)
        return 0;
    q += 4;
    q += strncmp(c->text + q, "the ", 4) ? 0 : 4;
    return c->other - 1 == q;
}

/* The key at t[at] comes right after "are", "is", "were" or "include": the sentence's subject,
 * before it, is the set the key belongs to. */
static int copula_before(const char *t, size_t at)
{
    static const char *const w[] = {" are ",      " is ",     " were ",    " include ",
                                    " includes ", " is the ", " are the ", " was the ",
                                    " were the ", NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (at >= strlen(w[k]) && !strncmp(t + at - strlen(w[k]), w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* The negation at t[p] is a gold text cell of a row of g ("Fail" of a `result`): a value. */
static int gold_text_at(const struct grow *g, const char *t, size_t p)
{
    size_t r, n;
    int i;
    for (r = 0; g && r < (g->rows ? g->nrows : 1); r++) {
        const struct grow *o = g->rows ? &g->rows[r] : g;
        for (i = 0; i < o->n; i++)
            if (o->c[i].kind == CELL_TEXT && (n = strlen(o->c[i].text)) &&
                !strncmp(t + p, o->c[i].text, n) && !isalnum((unsigned char)t[p + n]))
                return 1;
    }
    return 0;
}

/* The negation at t[p] is "not" before the word of a 0-or-1 column of g ("Jungpana: not
 * organic"): that column's 0, said. */
static int flag_said(const struct grow *g, const char *t, size_t p)
{
    int i;
    if (!g || strncmp(t + p, "not ", 4))
        return 0;
    for (i = 0; i < g->n; i++)
        if (g->c[i].kind == CELL_NUM && (g->c[i].v == 0 || g->c[i].v == 1) && g->c[i].name &&
            !strchr(g->c[i].name, '(') &&
            column_word_within(g->c[i].name, t + p + 4, strcspn(t + p + 4, " ,;.|")))
            return 1;
    return 0;
}

/* The negation at c's text[p] says the row's count of 0 ("MA Translation Studies did not
 * receive any offers"). */
static int zero_count_said(const struct grow *g, const struct cand *c, size_t p)
{
    size_t at;
    int i;
    for (i = 0; g && i < g->n; i++)
        if (g->c[i].kind == CELL_NUM && g->c[i].v == 0 && g->c[i].name &&
            !strncasecmp(g->c[i].name, "count", 5) && none_received(c->text, &at) && at <= p + 4 &&
            at + 4 >= p)
            return 1;
    return 0;
}

/* The negation at t[p] is "except" and the name at t[at] is inside a parenthesis opened after
 * the excepted one ("All zones except Hillcrest (Old Town, Harbourside, …)"): the rest listed. */
static int complement_listed(const char *t, size_t p, size_t at)
{
    const char *open = memchr(t + p, '(', at - p);
    return !strncmp(t + p, "except", 6) && open && !memchr(open, ')', (size_t)(t + at - open));
}

static int negated_at(const struct grow *g, const struct cand *c, size_t at, size_t len, int many)
{
    size_t i, p;
    for (i = 0; i < c->nneg; i++) {
        p = c->neg[i];
        if (gold_text_at(g, c->text, p) || flag_said(g, c->text, p) || zero_count_said(g, c, p))
            continue;
        if ((many && ranked_below(c->text, p)) || except_after_none(c, p) ||
            (p > at && (points_ahead(c->text, p) || negates_other_name(c, p))) ||
            (p < at && (!strncmp(c->text + p, "below the", 9) || copula_before(c->text, at) ||
                        complement_listed(c->text, p, at))))
            continue; /* "the banks below the average are A and B", "the tariffs whose charge
                         falls below that are A, B": the negation names the set */
        if (p < at ? at - p <= 30 && one_clause(c->text, p, at)
                   : ((p < at + len + 40 || left_out(c->text, at + len, p)) &&
                      !aside_negation(c->text, at + len, p)) ||
                         pronoun_before(c->text, p))
            return 1;
    }
    return 0;
}

/* The words of column `name` (after a table prefix "T1."), lower case, of 4 to 31 letters: a
 * reply names the column by one of them ("retake" of `retake_score`, "crew" of `crew_size`).
 * Returns how many were put in words (at most 8). */
size_t column_words(const char *name, char words[8][32])
{
    const char *w = name ? strchr(name, '.') : NULL, *dot = w;
    size_t k = 0, n, q;
    for (w = w ? w + 1 : name; w && *w && k < 8; w += n + (w[n] != '\0')) {
        n = strcspn(w, "_ ().*");
        if ((n < 4 && !(n == 3 && !w[n] && k == 0 && w == (dot ? dot + 1 : name))) || n >= 32)
            continue; /* a name of one word of three letters counts: "ceo" */
        for (q = 0; q < n; q++)
            words[k][q] = (char)tolower((unsigned char)w[q]);
        words[k++][n] = '\0';
    }
    return k;
}

/* t opens with a word of column `name` of four letters or more ("crew" of `crew_size`), or
 * its singular ("star" of `stars`). */
static int column_word_at(const char *name, const char *t)
{
    char words[8][32];
    size_t nw = column_words(name, words), i, n;
    for (i = 0; i < nw; i++) {
        n = strlen(words[i]);
        if (!strncmp(t, words[i], n) && !isalpha((unsigned char)t[n]))
            return 1;
        if (n >= 5 && words[i][n - 1] == 's' && !strncmp(t, words[i], n - 1) &&
            !isalpha((unsigned char)t[n - 1]))
            return 1;
    }
    return 0;
}

/* t says the value of column `name` is missing: a negation shortly before a word of the
 * column's name ("did not retake" for `retake_score`, "without a manager", "never
 * decommissioned"), or right after it ("owner not mentioned", "owner unknown").  Returns 1 +
 * where the negation (or the word before it) starts, or 0. */
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
                if ((p == t || p[-1] == ' ' || p[-1] == '(' || !strcmp(neg[k], "n't ")) && hit &&
                    hit - e <= 12 && (hit == e || hit[-1] == ' ') &&
                    !memchr(e, ',', (size_t)(hit - e)))
                    at = (size_t)(p - t) + 1;
            }
    for (i = 0; i < nw && !at; i++) /* or the word, then the negation: "owner not mentioned" */
        for (p = t; !at && (p = strstr(p, words[i])); p++) {
            const char *e = p + strlen(words[i]);
            if ((p == t || p[-1] == ' ') && (!strncmp(e, " not ", 5) || !strncmp(e, " unknown", 8)))
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

/* t[at] lies inside a text cell of the row that t holds ("33" of "33:10"). */
int in_text_cell(const struct grow *g, const char *t, size_t at)
{
    size_t a, n;
    int i;
    for (i = 0; i < g->n; i++)
        if (key_span(&g->c[i], t, &a, &n) && a <= at && at < a + n)
            return 1;
    return 0;
}

static int column_part_at(const char *name, const char *t);

/* The number at t[at] is the value of a field of a record ("bib: 312" in "name: … | bib: 312 |
 * finish minutes: none") named for none of the row's NULL columns, nor by the key at t[kat]:
 * another column's value. */
static int in_other_field(const struct grow *g, const char *t, size_t at, size_t kat, size_t klen)
{
    size_t b = at, colon;
    int i;
    while (b > 0 && !(b >= 3 && !strncmp(t + b - 3, " | ", 3)))
        b--;
    colon = b + strcspn(t + b, ":|");
    if (colon >= at || t[colon] != ':' || (klen && kat >= b && kat < colon))
        return 0; /* not the key's own label: "caleb thornton: $95.50" */
    for (i = 0; i < g->n; i++)
        if (g->c[i].kind == CELL_NULL && g->c[i].name && column_part_at(g->c[i].name, t + b))
            return 0;
    return 1;
}

/* A candidate that says none still gives the NULL a value when a number no cell took comes
 * before its none-phrase ("the highest was 0 tonnes, as no yields were reported"). */
static int null_number_before_none(const struct grow *g, const struct cand *c,
                                   const unsigned char *used)
{
    size_t k, kat = 0, klen = 0;
    if (!key_span(&g->c[g->key], c->text, &kat, &klen))
        kat = 0, klen = 0;
    for (k = 0; k < c->nnums && k < 64; k++)
        if (!used[k] && !c->nums[k].alt && !c->nums[k].over && !c->nums[k].paren &&
            !c->nums[k].year && c->nums[k].at < c->none_at && c->nums[k].at >= kat + klen &&
            !(c->rank > 0 && c->nums[k].at == 0) && !in_text_cell(g, c->text, c->nums[k].at) &&
            !in_other_field(g, c->text, c->nums[k].at, kat, klen))
            return 1;
    return 0;
}

/* t opens with the n letters p, dots, spaces and hyphens between them skipped ("e. coli" for
 * "ecoli"): the length read, else 0. */
static size_t letters_at(const char *t, const char *p, size_t n)
{
    size_t i = 0, k = 0;
    while (k < n) {
        if (tolower((unsigned char)t[i]) == tolower((unsigned char)p[k]))
            i++, k++;
        else if (k && strchr(". -", t[i]) && t[i] &&
                 isalpha((unsigned char)t[i + 1 + (t[i + 1] == ' ')]))
            i++;
        else
            return 0;
    }
    return isalnum((unsigned char)t[i]) ? 0 : i;
}

/* t opens with a part of column `name` of two letters or more ("pb" of `pb_seconds`, "E. coli"
 * of `ecoli_cfu`). */
static int column_part_at(const char *name, const char *t)
{
    const char *p = name;
    size_t n;
    while (*p) {
        n = strcspn(p, "_ ().");
        if (n >= 2 && letters_at(t, p, n))
            return 1;
        p += n + (p[n] != '\0');
    }
    return 0;
}

/* A name that is no gold cell, after the key and before the none-phrase ("MV Tiree — captain
 * probably Moira Bell, though the sentences don't say so"): a value guessed for the NULL. */
static int null_name_before_none(const struct grow *g, const struct cand *c)
{
    const char *close;
    size_t kat = 0, klen = 0;
    int i;
    if (!c->other || !key_span(&g->c[g->key], c->text, &kat, &klen))
        return 0;
    for (i = 0; i < g->n; i++) /* "Nine Lanterns - ISBN unknown", "PB unknown": a column's name */
        if (g->c[i].name && (column_word_at(g->c[i].name, c->text + c->other - 1) ||
                             column_part_at(g->c[i].name, c->text + c->other - 1)))
            return 0;
    if (c->none_at > kat + klen && !strncmp(c->text + kat + klen, " (", 2) &&
        (close = memchr(c->text + kat + klen, ')', c->none_at - kat - klen)) &&
        close > c->text + c->other - 1)
        return 0; /* an aside on the key itself: "Duke (Rottweiler): no foster carer" */
    return c->other - 1 >= kat + klen && c->other - 1 < c->none_at;
}

/* The key at..at+len is followed at once by a none-phrase ("Juniper Hill: not determinable"):
 * a negation there says its value is missing, not that the key is no answer; others still
 * count. */
static int value_said_missing(const struct grow *g, const struct cand *c, size_t at, size_t len)
{
    struct cand tmp = *c;
    size_t i, n = 0;
    int r;
    tmp.neg = xcalloc(c->nneg + 1, sizeof(*tmp.neg));
    for (i = 0; i < c->nneg; i++)
        if (c->neg[i] < c->none_at || c->neg[i] > c->none_at + 4)
            tmp.neg[n++] = c->neg[i];
    tmp.nneg = n;
    r = negated_at(g, &tmp, at, len, 0);
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
/* A word of a NULL cell's column shortly after the key, in its clause ("… when the Olympic Oval
 * opened"): a negation before the key is about that cell. */
static int null_word_after(const struct grow *g, const char *t, size_t e)
{
    size_t k;
    int i;
    for (k = e; t[k] && k < e + 24 && !strchr(",;.(", t[k]); k++)
        for (i = 0; i < g->n; i++)
            if (i != g->key && g->c[i].kind == CELL_NULL && t[k - 1] == ' ' &&
                column_word_at(g->c[i].name, t + k))
                return 1;
    return 0;
}

/* What follows a key is only a short denial ("- not rated", ": no data", "(none)"): with a NULL
 * cell in the row it says that cell is missing. */
static int short_denial_after(const char *t)
{
    const char *aside;
    size_t n;
    t += strspn(t, " -:,(");
    n = strlen(t);
    aside = strstr(t, " (");
    if (aside && n && t[n - 1] == ')' && !strchr(aside + 2, '('))
        n = (size_t)(aside - t); /* its reason in a closing aside: "not classified (abandoned …)" */
    return (!strncmp(t, "not ", 4) || !strncmp(t, "no ", 3) || !strncmp(t, "none", 4)) && n <= 24 &&
           !memchr(t, ',', n) && !memchr(t, ';', n);
}

/* The last of the fields after a key is a short denial ("Salt & Ember - Saltwater Collective -
 * not rated"): the row's NULL said after its other cells. */
static int last_field_denial(const char *t)
{
    static const char *const sep[] = {" - ", " | ", ", ", NULL};
    const char *last = last_of(t, sep);
    return last && last > t && short_denial_after(last);
}

/* Just before t[at], a denial of what is said of it: "don't say when", "do not state where",
 * "doesn't mention how much" — the key is named, a detail of it is missing. */
static int asks_of_key(const char *t, size_t at)
{
    static const char *const verb[] = {"say ",  "state ",   "mention ",  "give ",
                                       "list ", "specify ", "indicate ", NULL};
    static const char *const wh[] = {"when ",    "where ", "what ", "which ", "how ",
                                     "whether ", "who ",   "if ",   NULL};
    size_t i, k, j, v;
    for (i = at > 48 ? at - 48 : 0; i + 4 < at; i++) {
        if (strncmp(t + i, "n't ", 4) && (strncmp(t + i, "not ", 4) || (i && t[i - 1] != ' ')))
            continue;
        for (k = 0; verb[k]; k++) {
            v = i + 4 + strlen(verb[k]);
            if (strncmp(t + i + 4, verb[k], strlen(verb[k])))
                continue;
            for (j = 0; wh[j]; j++)
                if (!strncmp(t + v, wh[j], strlen(wh[j])) && v + strlen(wh[j]) <= at)
                    return 1;
        }
    }
    return 0;
}

/* c is a row of fields (" | ") whose negations all lie in fields other than the one at t[at]. */
static int negation_in_other_field(const struct cand *c, size_t at)
{
    size_t i, b, e;
    if (!c->nneg || !strstr(c->text, " | "))
        return 0;
    field_at(c->text, at, &b, &e);
    for (i = 0; i < c->nneg; i++)
        if (c->neg[i] >= b && c->neg[i] < e)
            return 0;
    return 1;
}

/* After the key, its sentence says the reply leaves it out of its answer ("…'s $125 is so close
 * to the average that I wouldn't really count her, so I've left her off"). */
static int left_off_after(const char *t)
{
    static const char *const w[] = {"left her off",   "left him off",    "left it off",
                                    "left them off",  "left her out",    "left him out",
                                    "left it out",    "left them out",   "leave her out",
                                    "leave him out",  "leave it out",    "leave them out",
                                    "wouldn't count", "would not count", "wouldn't really count",
                                    "don't count",    "do not count",    NULL};
    size_t e = strcspn(t, ".;\n");
    int k;
    const char *p;
    for (k = 0; w[k]; k++)
        if ((p = strstr(t, w[k])) && (size_t)(p - t) < e)
            return 1;
    return 0;
}

/* The key at t[at] comes right after "neither does", "nor has" …: it lacks what the row before
 * it lacked, its NULL said again. */
static int likewise_missing(const char *t, size_t at)
{
    static const char *const w[] = {"neither does ",
                                    "neither do ",
                                    "neither did ",
                                    "neither has ",
                                    "neither is ",
                                    "neither was ",
                                    "nor does ",
                                    "nor do ",
                                    "nor did ",
                                    "nor has ",
                                    "nor is ",
                                    "nor was ",
                                    NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (at >= strlen(w[k]) && !strncmp(t + at - strlen(w[k]), w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* What follows a key, t, says it never did a thing ("has not received any delivery", "is the
 * only registered player who has not played any game", "never borrowed"): the property a
 * question for the ones that did not asks of it, no denial of the key. */
static int property_denied(const char *t)
{
    static const char *const w[] = {"has not ",   "have not ",   "hasn't ",  "haven't ",
                                    "has never ", "have never ", "had not ", "hadn't ",
                                    "never ",     "did not ",    "didn't ",  NULL};
    const char *who;
    int k;
    t += strspn(t, " ,)");
    if (!strncmp(t, "is the only ", 12) && (who = strstr(t, " who ")) && who - t < 60)
        t = who + 5; /* "… is the only registered player who has not …" */
    for (k = 0; w[k]; k++)
        if (!strncmp(t, w[k], strlen(w[k])))
            return strncmp(t + strlen(w[k]), "qualif", 6) && strncmp(t + strlen(w[k]), "make", 4) &&
                   strncmp(t + strlen(w[k]), "meet", 4) && strncmp(t + strlen(w[k]), "count", 5);
    return 0;
}

int negated_key(const struct grow *g, const struct cand *c, size_t at, size_t len)
{
    size_t i, m, n = strlen(c->text);
    int nulls = 0;
    if (at > n || g->c[g->key].kind == CELL_NULL)
        return 0; /* a NULL key is said by a negation: "No end dock (not returned): 1" */
    if (left_off_after(c->text + at))
        return 1;
    if (len > n - at) /* a shorter spelling of the key matched ("one" for "One Hundred") */
        len = n - at;
    if (g->n == 1 && g->c[0].kind == CELL_NUM && isdigit((unsigned char)c->text[at])) {
        /* a lone value in digits: what follows is its own predicate ("17 runners did not
         * finish"); a negation before it still denies it ("not 17") */
        for (i = 0; i < c->nneg; i++)
            if (c->neg[i] < at && at - c->neg[i] <= 30 && one_clause(c->text, c->neg[i], at) &&
                !copula_before(c->text, at))
                return 1;
        return 0;
    }
    for (i = 0; i < (size_t)g->n; i++)
        nulls |= (int)i != g->key && g->c[i].kind == CELL_NULL;
    if (nulls && negation_in_other_field(c, at))
        return 0; /* "| Albacore | Indian | Not assessed |": the NULL's cell says it */
    if (nulls && !c->nullish && null_column_missing(g, c) > at + len)
        return 0; /* "Noor Hassan — exam 62, did not retake" */
    if (g->n == 1 && g->c[0].kind == CELL_TEXT && property_denied(c->text + at + len))
        return 0; /* "Irene Walsh has not played any game": what the question asks of it */
    if (!nulls && c->nullish && c->none_at >= at + len &&
        missing_gap(c->text, at + len, c->none_at))
        return value_said_missing(g, c, at, len);
    if (nulls && (m = null_column_missing(g, c)) && m - 1 < at && one_clause(c->text, m - 1, at))
        return 0; /* "the passages don't name the head teacher at St Brigid's" */
    if (nulls && (short_denial_after(c->text + at + len) || last_field_denial(c->text + at + len)))
        return 0; /* "Maple Nook - not rated": its NULL, said; also after other cells */
    if (nulls && null_word_after(g, c->text, at + len))
        return 0; /* "the sentences do not state when the Olympic Oval opened" */
    if (nulls && asks_of_key(c->text, at))
        return 0; /* "the sentences don't say when Pádraig Ó Sé was born" */
    if (nulls && likewise_missing(c->text, at))
        return 0; /* "…has no total recorded, and neither does James Whitaker's room" */
    if (!nulls || !c->nullish || c->none_at <= at)
        return negated_at(g, c, at, len, !g->single);
    for (i = 0; i < c->nneg; i++)
        if (c->neg[i] < at && at - c->neg[i] <= 30 && one_clause(c->text, c->neg[i], at))
            return 1;
    return 0;
}

/* t[at] is inside a parenthesis that concedes something beside the answer ("Murcia at 47.4 °C
 * (though Seville's 46.0 °C is the highest validated figure)"), or folds it into the name before
 * ("Isle Link: 20 (including the six recorded as Isle Line)"): a name there is not the answer. */
int conceded_aside(const char *t, size_t at)
{
    static const char *const w[] = {"though ", "although ", "even though ", "but ",
                                    "while ",  "whereas ",  "unlike ",      "versus ",
                                    "vs ",     "vs. ",      "including ",   NULL};
    return paren_opens_with(t, at, w);
}

/* For a one-row gold, the text key at c's text[at] is no answer when it is what another name is
 * set against: inside a parenthesis after that name ("Harrach Sklarna, with 140 employees
 * (Kosta Nova's headcount isn't stated…)"), or after "compared with", "than", "versus", "edges
 * out", "beats", "above" in its clause ("Punta Ventosa is warmer, with 17.2 C compared with 11.8 C
 * at Cap Gris-Nuit"). */
int set_against(const struct cand *c, size_t at)
{
    static const char *const w[] = {
        "compared with ", "compared to ", " than ",     " versus ",  " vs ",
        " vs. ",          " edges out ",  " beats ",    " beating ", " outranks ",
        " surpasses ",    " above ",      " ahead of ", NULL};
    const char *t = c->text;
    size_t open = paren_open(t, at), b;
    int k;
    if (open && c->other && c->other < open)
        return 1;
    for (b = at; b > 0 && at - b < 48 && !strchr(",;(", t[b - 1]); b--)
        ;
    for (k = 0; w[k]; k++) {
        const char *q = strstr(t + b, w[k]), *after = q ? q + strlen(w[k]) : NULL;
        /* "than $700", "above 2,000 m" set a bound, no rival; so does the subject's ("the only
         * store higher than the chain-wide average is A") when the key follows its "is" */
        int bound = (!strcmp(w[k], " than ") || !strcmp(w[k], " above ")) && after &&
                    (isdigit((unsigned char)after[*after == '$']) || copula_before(t, at));
        if (q && (size_t)(q - t) < at && !bound)
            return 1;
    }
    /* "…, the second-highest earner after Copperline": the answer ranks below it */
    {
        const char *q = strstr(t + b, " after "), *sec = strstr(t + b, "second");
        if (q && sec && sec < q && (size_t)(q - t) < at && at - (size_t)(q - t) <= 8)
            return 1;
    }
    return 0;
}

/* Where the last sentence of t[0, n) starts. */
static size_t last_sentence(const char *t, size_t n)
{
    size_t i = n;
    while (i > 0 && strchr(" .\n", t[i - 1]))
        i--;
    while (i > 0 && !(t[i - 1] == '\n' || (i >= 2 && t[i - 1] == ' ' && t[i - 2] == '.')))
        i--;
    return i;
}

/* The commitment at t[b, e) concludes: in the last sentence, after "so" or "therefore". */
static int concluding(const char *t, size_t n, size_t b)
{
    size_t from = last_sentence(t, n), k;
    for (k = b; k > from && k + 12 > b; k--)
        if (!strncmp(t + k - 1, " so ", 4) || !strncmp(t + k - 1, "therefore", 9) ||
            !strncmp(t + k - 1, " thus ", 6))
            return 1;
    return b >= from && (!strncmp(t + from, "so ", 3) || !strncmp(t + from, "therefore", 9));
}

/* The text key is named in the clause at t (up to its sentence's end: a full stop before a
 * capital, caps[] beside t, not an abbreviation's, "St. Brigid's General"). */
static int key_within(const struct gcell *key, const char *t, const char *caps)
{
    static const char *const abbrev[] = {"st", "dr", "mr", "mrs", "ms",   "mt",   "jr",
                                         "sr", "no", "vs", "co",  "prof", "capt", NULL};
    size_t n = strcspn(t, ";\n"), k, w;
    char *clause;
    int hit, a;
    for (k = 0; k + 2 < n; k++) {
        if (t[k] != '.' || t[k + 1] != ' ' || !caps[k + 2])
            continue;
        for (w = k; w > 0 && isalpha((unsigned char)t[w - 1]); w--)
            ;
        for (a = 0; abbrev[a] && !(strlen(abbrev[a]) == k - w && !strncmp(t + w, abbrev[a], k - w));
             a++)
            ;
        if (!abbrev[a]) {
            n = k;
            break;
        }
    }
    clause = xstrndup(t, n);
    hit = cell_text_at(key, clause, &k);
    free(clause);
    return hit;
}

int commits_elsewhere(const struct scorer *s, const struct grow *g)
{
    struct buf t = BUF_INIT, caps = BUF_INIT;
    const struct gcell *key = &g->c[g->key];
    size_t at = 0, b, e, first = (size_t)-1, k;
    int other = 0, own = 0;
    if (!s->answer || key->kind != CELL_TEXT || key->is_date)
        return 0;
    text_norm(s->answer, strlen(s->answer), &t, &caps);
    if (cell_text_at(key, t.s, &k))
        first = k;
    while (!own && re_find((struct scorer *)s, s->commits, t.s, t.len, at, &b, &e)) {
        size_t n = e;
        at = e;
        while (n < t.len && strchr("\"' ", t.s[n]))
            n++;
        if (key_within(key, t.s + n, caps.s + n))
            own = 1;
        else if (n < t.len && caps.s[n] && (b < first || concluding(t.s, t.len, b)))
            other = 1; /* not "the cheapest is it", "the largest is unclear", "was 12.4 °C" */
    }
    buf_release(&t);
    buf_release(&caps);
    return other && !own;
}

/* A Roman numeral from II on, alone at p ("ii", "iv", "xii"). */
static int roman_numeral(const char *p)
{
    static const char *const w[] = {"ii",   "iii", "iv", "vi",  "vii",
                                    "viii", "ix",  "xi", "xii", NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (!strncmp(p, w[k], strlen(w[k])) && !isalnum((unsigned char)p[strlen(w[k])]))
            return 1;
    return 0;
}

/* The text key at t[at] goes on with a lone digit that is no cell of the row, or a Roman
 * numeral: another, longer name ("Portal 2" is not "Portal", "Windows 8" not "Windows",
 * "Mount Ivey II" not "Mount Ivey"). */
int longer_name(const struct grow *g, const char *t, size_t at)
{
    const struct gcell *x = &g->c[g->key];
    size_t e;
    int i, d, nums;
    if (x->kind != CELL_TEXT || !x->text || strncmp(t + at, x->text, strlen(x->text)))
        return 0;
    e = at + strlen(x->text);
    if (t[e] == ' ' && roman_numeral(t + e + 1))
        return 1; /* "Mount Ivey II" */
    if (t[e] != ' ' || t[e + 1] < '1' || t[e + 1] > '9')
        return 0;
    d = t[e + 1] - '0';
    e += 2;
    for (i = 0, nums = 0; i < g->n; i++)
        nums += g->c[i].kind == CELL_NUM;
    if (!t[e] && at == 0 && !nums && strchr(x->text, ' '))
        return 1; /* an item that is only a title and its digit: "The Salt Road 2" (not the next
                     list number of a cut list: "3. Basel 4.") */
    if (t[e] == ','   ? t[e + 1] && t[e + 1] != ' '
        : t[e] == ' ' ? strncmp(t + e, " and ", 5)
                      : t[e] != ')')
        return 0; /* "Lyon 9 stores", "Ada 95", "2,845", "Basel 4.": a value or a list number */
    for (i = 0; i < g->n; i++) /* the cell, or a number near it: a wrong value ("Folk 5," for 6) */
        if (g->c[i].kind == CELL_NUM && d >= g->c[i].v / 2 && d <= g->c[i].v * 2)
            return 0;
    return 1;
}

/* A NULL key not named: partial when every other cell is there. */
void null_key_partial(const struct scorer *s, const struct grow *g, const struct cand *c,
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

/* A field named after the NULL cell's column that gives it a value ("Manager: Corinne Abadi"
 * for a NULL manager; "email info@rowan.example" without the colon, when the value is an
 * address or digits), not a none/unknown. */
static int null_field_given(struct scorer *s, const struct gcell *x, const char *t)
{
    const char *dot = x->name ? strchr(x->name, '.') : NULL, *p, *v;
    struct buf col = BUF_INIT;
    size_t b, e, end;
    int given = 0;
    if (!x->name)
        return 0;
    text_norm(dot ? dot + 1 : x->name, strlen(dot ? dot + 1 : x->name), &col, NULL);
    for (b = 0; b < col.len; b++)
        col.s[b] = col.s[b] == '_' ? ' ' : col.s[b];
    for (p = t; col.len && (p = strstr(p, col.s)) && !given; p++) {
        int colon = p[col.len] == ':';
        size_t w;
        if ((p > t && p[-1] != ' ') || p[col.len + colon] != ' ')
            continue;
        v = p + col.len + colon + 1; /* its value; p itself moves on by one (v may be the end) */
        end = strcspn(v, colon ? "|" : "|;,");
        w = strcspn(v, " |;,");
        /* "email: x"; without the colon, a word of an address or digits ("email info@…",
         * "phone 555 0199") */
        given = (colon ? end > strspn(v, "~-[]{} ") /* YAML's "~", an empty list */
                       : end > 0 && w <= end && strcspn(v, "@0123456789") < w) &&
                !re_find(s, s->none, v, end, 0, &b, &e);
    }
    buf_release(&col);
    return given;
}

/* A cell of a table row or JSON element (cells joined by " | ") with as many cells as the
 * gold row: its text is a gold cell of the row, a number, a none-phrase or empty. */
static int cell_accounted(struct scorer *s, const struct grow *g, const char *p, size_t n)
{
    struct buf b = BUF_INIT;
    size_t i, at, x, y;
    int ok = !n || re_find(s, s->none, p, n, 0, &x, &y);
    for (i = 0; i < n && !ok; i++)
        ok = isdigit((unsigned char)p[i]);
    buf_add(&b, p, n);
    ok = ok || null_said(b.s); /* "still admitted" */
    for (i = 0; !ok && (int)i < g->n; i++) {
        const struct gcell *c = &g->c[i];
        if (c->kind == CELL_NULL && c->name)
            ok = un_column(c->name, b.s); /* "| unglazed |" for a NULL glaze */
        if (c->kind != CELL_TEXT)
            continue;
        ok = cell_text_at(c, b.s, &at) || text_has(c->text, b.s, &at);
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

/* A word of column `name` of four letters or more in t[0, n), or in t ("email" of `email`,
 * "phone" of `phone_no`). */
int column_word_within(const char *name, const char *t, size_t n)
{
    char words[8][32];
    size_t nw = column_words(name, words), i, m;
    const char *p;
    for (i = 0; i < nw; i++) {
        m = strlen(words[i]);
        if (m >= 6 && (!strcmp(words[i] + m - 2, "or") || !strcmp(words[i] + m - 2, "er")))
            words[i][m -= 2] = '\0'; /* the doer's verb too: "directed" of `director` */
        for (p = t; (p = strstr(p, words[i])) && (size_t)(p - t) + m <= n; p++)
            if (p == t || p[-1] == ' ')
                return 1;
    }
    return 0;
}

/* The words that name an aggregate's function in a label, by the function ("SUM(…)": "total"). */
static const char *const *function_words(const char *name)
{
    static const char *const sum[] = {"sum", "total", NULL};
    static const char *const avg[] = {"average", "avg", "mean", NULL};
    static const char *const max[] = {"max",     "maximum", "highest", "largest",  "most", "top",
                                      "longest", "tallest", "biggest", "greatest", NULL};
    static const char *const min[] = {"min",      "minimum",  "lowest", "smallest", "least",
                                      "shortest", "cheapest", "fewest", NULL};
    static const char *const count[] = {"count", "number", NULL};
    /* of a year or a date, the least is the oldest, the greatest the newest */
    static const char *const max_t[] = {"max",         "maximum", "latest", "newest",
                                        "most recent", "last",    NULL};
    static const char *const min_t[] = {"min", "minimum", "earliest", "oldest", "first", NULL};
    static const struct {
        const char *f;
        const char *const *w;
    } fn[] = {{"sum(", sum}, {"total(", sum}, {"avg(", avg},
              {"max(", max}, {"min(", min},   {"count(", count}};
    size_t k;
    if (!name || !strchr(name, '('))
        return NULL; /* no aggregate */
    if (name_has(name, "year") || name_has(name, "date")) {
        if (!strncasecmp(name, "max(", 4))
            return max_t;
        if (!strncasecmp(name, "min(", 4))
            return min_t;
    }
    for (k = 0; k < sizeof(fn) / sizeof(*fn); k++)
        if (!strncasecmp(name, fn[k].f, strlen(fn[k].f)))
            return fn[k].w;
    return NULL;
}

int sums_values(const char *name)
{
    const char *const *w = function_words(name);
    return w && strcmp(w[0], "count");
}

const char *const *column_function_words(const cJSON *cols, int i)
{
    const cJSON *o;
    const char *const *mine = function_words(cJSON_GetStringValue(cJSON_GetArrayItem(cols, i)));
    int j = 0;
    cJSON_ArrayForEach(o, cols)
    {
        if (j++ != i && mine && function_words(cJSON_GetStringValue(o)) == mine)
            return NULL; /* two maxima: "highest" tells them not apart */
    }
    return mine;
}

int names_column(const struct gcell *x, const char *t, size_t n)
{
    size_t k;
    if (x->label[0] && has_label_word(x->label, t, n))
        return 1;
    for (k = 0; x->fn && x->fn[k]; k++)
        if (has_label_word(x->fn[k], t, n))
            return 1;
    return 0;
}

/* w is a word of a column of cols other than column i. */
static int other_column_has(const cJSON *cols, int i, const char *w)
{
    char other[8][32];
    const cJSON *o;
    size_t no, q;
    int j = 0;
    cJSON_ArrayForEach(o, cols)
    {
        for (q = 0, no = j++ != i ? column_words(cJSON_GetStringValue(o), other) : 0; q < no; q++)
            if (!strcmp(other[q], w))
                return 1;
    }
    return 0;
}

void column_own_word(const cJSON *cols, int i, char out[32])
{
    char mine[8][32];
    const cJSON *c = cJSON_GetArrayItem(cols, i);
    const char *name = cJSON_GetStringValue(c), *paren = name ? strchr(name, '(') : NULL;
    size_t nm = column_words(name, mine), k;
    out[0] = '\0';
    if (paren && nm > 0 && strncasecmp(name, mine[0], strlen(mine[0])))
        return; /* an aggregate's argument names the records' values, not the aggregate */
    for (k = 0; k < nm && !out[0]; k++)
        if (!other_column_has(cols, i, mine[k]))
            memcpy(out, mine[k], 32);
}

/* A word of the argument of aggregate column i ("author" of `COUNT(DISTINCT author)`) that is
 * a word of no other column. */
void column_arg_word(const cJSON *cols, int i, char out[32])
{
    char mine[8][32];
    const char *name = cJSON_GetStringValue(cJSON_GetArrayItem(cols, i));
    const char *paren = name ? strchr(name, '(') : NULL;
    size_t nm, k;
    out[0] = '\0';
    if (!paren || paren == name)
        return;
    for (k = 0, nm = column_words(paren, mine); k < nm && !out[0]; k++)
        if (strcmp(mine[k], "distinct") && !other_column_has(cols, i, mine[k]))
            memcpy(out, mine[k], 32);
}

int has_label_word(const char *w, const char *t, size_t n)
{
    size_t b = 0, e, m = strlen(w);
    while (b < n) {
        while (b < n && !isalpha((unsigned char)t[b]))
            b++;
        for (e = b; e < n && isalpha((unsigned char)t[e]); e++)
            ;
        if (e > b && !strncmp(t + b, w, e - b < m ? e - b : m) &&
            (e - b == m || (e - b == m + 1 && t[e - 1] == 's') ||
             (e - b == m + 2 && !strncmp(t + e - 2, "es", 2)) ||
             (e - b + 1 == m && w[m - 1] == 's')))
            return 1;
        b = e;
    }
    return 0;
}

static int column_word_in(const char *name, const char *t)
{
    return column_word_within(name, t, strlen(t));
}

/* NULL cell x said missing in the clause after candidate ci, in words of its column ("… is
 * Bartosz Zielinski; the sentences don't mention any nickname for him", "Hyun-woo Jang. The
 * sentences don't give his email."). */
/* The sentence after the one of part ci says the column is missing for all it named ("Magnus
 * Eriksen and Callum Ferris. Neither of them had a pace target."). */
static int null_said_of_all_before(const struct gcell *x, const struct cands *cs, size_t ci)
{
    static const char *const all[] = {"neither", "none of them", "both", "all of them", NULL};
    size_t first = cs->v[ci].lead ? cs->v[ci].lead - 1 : ci, j = first + 1;
    int k;
    if (cs->v[ci].item)
        return 0;
    for (j = ci + 1; x->name && j < cs->n && cs->v[j].lead == first + 1; j++)
        if ((cs->v[j].nullish || null_said(cs->v[j].text)) &&
            column_word_in(x->name, cs->v[j].text))
            for (k = 0; all[k]; k++) /* a later part of its own sentence: "A and B were both
                                        eliminated, …, so neither has a recorded time" */
                if (strstr(cs->v[j].text, all[k]))
                    return 1;
    j = first + 1;
    while (j < cs->n && cs->v[j].lead == first + 1)
        j++; /* past the parts of ci's sentence */
    if (j >= cs->n || cs->v[j].item || !x->name ||
        !(cs->v[j].nullish || null_said(cs->v[j].text)) || !column_word_in(x->name, cs->v[j].text))
        return 0;
    for (k = 0; all[k]; k++)
        if (strstr(cs->v[j].text, all[k]))
            return 1;
    return 0;
}

int null_said_later(const struct gcell *x, const struct cands *cs, size_t ci)
{
    const struct cand *n = ci + 1 < cs->n ? &cs->v[ci + 1] : NULL;
    size_t line = cs->v[ci].cont ? cs->v[ci].cont : ci + 1;
    /* the next clause, no list item of its own, or a later sentence of the same line ("- Aster
     * Line — directed by K. Asante; I couldn't find a release year") */
    if (n && ((!n->item && !cs->v[ci].item) || (size_t)n->cont == line) &&
        (n->nullish || null_said(n->text)) && x->name && column_word_in(x->name, n->text))
        return 1;
    return null_said_of_all_before(x, cs, ci);
}

/* w[0, n) is a word of the aggregate of column `name` ("max" or "highest" of
 * `MAX(sale_price)`, "average" of `AVG(score)`): it names the column with the rest. */
static int function_word(const char *name, const char *w, size_t n)
{
    const char *const *f = function_words(name);
    for (; f && *f; f++)
        if (strlen(*f) == n && !strncmp(*f, w, n))
            return 1;
    return 0;
}

/* The three letters at w are a whole word of column `name` ("sec" of `r.time_sec`). */
static int short_word_of(const char *name, const char *w)
{
    const char *p;
    for (p = name; *p; p++)
        if (!strncasecmp(p, w, 3) && (p == name || !isalpha((unsigned char)p[-1])) &&
            !isalpha((unsigned char)p[3]))
            return 1;
    return 0;
}

/* Every word of label (n bytes, of three letters or more, its aggregate's words aside) is a
 * word of column `name`; with
 * `some`, at least one is. */
static int label_of_column(const char *label, size_t n, const char *name, int some)
{
    char words[8][32];
    size_t nw = column_words(name, words), b = 0, e, k;
    int all = 1, any = 0;
    while (b < n) {
        for (e = b; e < n && isalpha((unsigned char)label[e]); e++)
            ;
        if (e - b >= 3 && !function_word(name, label + b, e - b)) {
            int hit = 0;
            for (k = 0; k < nw; k++)
                hit |= strlen(words[k]) == e - b && !strncmp(label + b, words[k], e - b);
            if (!hit && e - b == 3) /* "time sec" of `time_sec`, "max fee" of `MAX(fee)` */
                hit = short_word_of(name, label + b);
            all &= hit, any |= hit;
        }
        b = e + 1;
    }
    return some ? any : all && any;
}

/* Field "Label: value" t[0, n) names NULL column j of g: 1 when it gives a value, -1 when
 * it says none, 0 when it names no NULL column. */
static int null_field(const struct grow *g, const char *t, size_t n)
{
    const char *colon = memchr(t, ':', n);
    size_t b = strspn(t, " -*");
    char *v;
    int j, none;
    if (!colon || colon + 2 > t + n || colon[1] != ' ' || colon - t > 40)
        return 0;
    for (j = 0; j < g->n; j++)
        if (g->c[j].kind == CELL_NULL && g->c[j].name &&
            label_of_column(t + b, (size_t)(colon - t) - b, g->c[j].name, 0))
            break;
    if (j == g->n)
        return 0;
    v = xstrndup(colon + 2, (size_t)(t + n - colon - 2));
    none = null_said(v) || !*v;
    free(v);
    return none ? -1 : 1;
}

/* A row of one NULL and a JSON object answering it ({"category": "Furniture",
 * "max_sale_price": null}): 1 when the object's member named for the column says none and no
 * other member named for it gives a value; its other members are the question's terms. */
static int null_member_of(const struct gcell *x, const struct cands *cs)
{
    size_t i, n;
    int none = 0;
    const char *bar;
    for (i = 0; i < cs->n; i++) {
        const char *t = cs->v[i].text;
        /* a member of its own, "name: value"; a null one reads "name | null" */
        if (!cs->v[i].item || (!(bar = strstr(t, ": ")) && !(bar = strstr(t, " | "))) ||
            strstr(bar + 2, " | "))
            continue;
        n = (size_t)(bar - t);
        bar += bar[0] == ':' ? 2 : 3;
        if (!label_of_column(t, n, x->name, 0))
            continue;
        if (!null_said(bar) && *bar)
            return 0; /* "average_score": 7.5 */
        none = 1;
    }
    return none;
}

/* ... and so for a row of several NULLs ({"game_id": 6, "home_score": null, "away_score":
 * null}): each column's member says none. */
int null_member(const struct grow *g, const struct cands *cs)
{
    size_t i;
    int j, json = 0;
    for (j = 0; j < g->n; j++)
        if (g->c[j].kind != CELL_NULL || !g->c[j].name)
            return 0;
    for (i = 0; i < cs->n; i++) /* a member, or one read as a table cell: "home score | null" */
        json |= cs->v[i].member != NULL ||
                (cs->v[i].item && strlen(cs->v[i].text) > 7 &&
                 !strcmp(cs->v[i].text + strlen(cs->v[i].text) - 7, " | null"));
    for (j = 0; json && j < g->n; j++)
        if (!null_member_of(&g->c[j], cs))
            return 0;
    return json;
}

int fields_given(const struct grow *g, const struct cands *cs, int *said_none)
{
    size_t i, b, e;
    int given = 0, f;
    *said_none = 0;
    for (i = 0; i < cs->n; i++) {
        const char *t = cs->v[i].text;
        for (b = 0; t[b]; b = t[e] ? e + 3 : e) { /* each field of a record: "a: 1 | b: 2" */
            const char *bar = strstr(t + b, " | ");
            e = bar ? (size_t)(bar - t) : strlen(t);
            f = null_field(g, t + b, e - b);
            given |= f > 0, *said_none |= f < 0;
        }
    }
    return given;
}

/* Text cell i is the whole value at t[at] of a field whose label, words only, names another
 * text column and not its own. */
static int field_at_of_other(const struct grow *g, int i, const char *t, size_t at)
{
    size_t n = strlen(g->c[i].text), b, k;
    int j;
    if (at < 3 || t[at - 1] != ' ' || t[at - 2] != ':' ||
        (t[at + n] && !strchr("|,;(", t[at + n]) && strncmp(t + at + n, " |", 2)))
        return 0;
    for (b = at - 2; b > 0 && !strchr("|,;", t[b - 1]); b--)
        ;
    b += strspn(t + b, " -*");
    for (k = b; k < at - 2; k++)
        if (!isalpha((unsigned char)t[k]) && !strchr(" _", t[k]))
            return 0; /* "Ward 4B: Agnieszka Wrona": the label is a cell */
    if (label_of_column(t + b, at - 2 - b, g->c[i].name, 1))
        return 0;
    if (g->key >= 0 && g->c[g->key].kind == CELL_TEXT && strlen(g->c[g->key].text) == at - 2 - b &&
        !strncmp(t + b, g->c[g->key].text, at - 2 - b))
        return 0; /* "pool a: Fiji" under the row's own key, though it holds "pool" */
    for (j = 0; j < g->n; j++)
        if (j != i && g->c[j].kind == CELL_TEXT && g->c[j].name &&
            label_of_column(t + b, at - 2 - b, g->c[j].name, 0))
            return 1;
    return 0;
}

/* Text cell i is given only as fields labelled for another text column ("Home: Corrin Vale |
 * Away: Ferndale Athletic" for home team Ferndale): the roles swapped. */
int field_of_other(const struct grow *g, int i, const char *t)
{
    size_t at, from = 0;
    int seen = 0;
    if (!g->c[i].name || g->c[i].kind != CELL_TEXT || !strstr(t, ": "))
        return 0; /* no field in t */
    while (text_has(t + from, g->c[i].text, &at)) {
        if (!field_at_of_other(g, i, t, from + at))
            return 0;
        seen = 1;
        from += at + 1;
    }
    return seen;
}

/* Column j holds text in some gold row: a NULL there is a missing name ("Unspecified genre:
 * 2" for a NULL genre), not a number. */
static int text_column(const struct grow *g, int j)
{
    size_t r;
    for (r = 0; r < g->nrows; r++)
        if (j < g->rows[r].n && g->rows[r].c[j].kind == CELL_TEXT)
            return 1;
    return 0;
}

/* The word at t[b] follows "<word of x's function> of " ("number of sales", "total of fares"):
 * it says what x's aggregate is of. */
static int counted_by(const struct gcell *x, const char *t, size_t b)
{
    size_t k, n;
    if (b < 4 || strncmp(t + b - 3, "of ", 3))
        return 0;
    for (k = 0; x->fn && x->fn[k]; k++) {
        n = strlen(x->fn[k]);
        if (b >= n + 4 && !strncmp(t + b - 4 - n, x->fn[k], n) && t[b - 4] == ' ' &&
            (b == n + 4 || !isalpha((unsigned char)t[b - 5 - n])))
            return 1;
    }
    return 0;
}

/* Right before the label word at t[b] stands the row's numeric key ("12th century" of
 * century 12, "first round" of round 1): a label naming the key, whose value follows. */
static int key_before_label(const struct grow *g, const char *t, size_t b)
{
    const struct gcell *k = g->key >= 0 ? &g->c[g->key] : NULL;
    size_t e, n;
    if (!k || k->kind != CELL_NUM || b < 2 || t[b - 1] != ' ')
        return 0;
    for (e = b - 1; e > 0 && isalnum((unsigned char)t[e - 1]); e--)
        ;
    for (n = 0; n < k->nalt; n++) /* its ordinal: "first round: 7" of round 1 */
        if (strlen(k->alt[n]) == b - 1 - e && !strncmp(t + e, k->alt[n], b - 1 - e))
            return 1;
    return isdigit((unsigned char)t[e]) && strtod(t + e, NULL) == k->v;
}

/* The word before the one at t[b] is a word of column `name` ("base fee" of `base_fee`, whose
 * "fee" alone names a column `fee`): the two words name that column. */
static int word_before_names(const char *name, const char *t, size_t b)
{
    size_t e = b;
    while (e > 0 && t[e - 1] == ' ')
        e--;
    if (e == b || !name)
        return 0;
    for (b = e; b > 0 && isalpha((unsigned char)t[b - 1]); b--)
        ;
    return e > b && column_word_at(name, t + b);
}

/* The number at t[at] is labelled by the word before it (maybe over "is", "was", "of", ":")
 * as a value of another number column of g than cell i ("maximum price 0" is no COUNT(*)): a
 * word of that column's name and not of cell i's (a text column's word labels the row). */
/* The word before t[b] compares ("higher fee", "lower", "longer", "more"). */
static int compared_before(const char *t, size_t b)
{
    static const char *const w[] = {"higher ", "lower ",  "larger ",  "smaller ",
                                    "bigger ", "longer ", "shorter ", "greater ",
                                    "more ",   "less ",   "fewer ",   NULL};
    return word_before(t, b, w);
}

int number_named_other(const struct grow *g, int i, const char *t, size_t at)
{
    static const char *const link[] = {"is", "was", "of", "at", NULL};
    size_t b = at, e;
    int hop, k, j, skip;
    for (hop = 0; hop < 2; hop++) {
        while (b > 0 && strchr(" :$=", t[b - 1]))
            b--;
        for (e = b; b > 0 && isalpha((unsigned char)t[b - 1]); b--)
            ;
        if (b == e)
            return 0;
        for (k = 0, skip = 0; link[k]; k++)
            skip |= strlen(link[k]) == e - b && !strncmp(t + b, link[k], e - b);
        if (skip)
            continue;
        if (hop && b >= 2 && t[b - 1] == ' ' && isdigit((unsigned char)t[b - 2]))
            return 0; /* "385 tickets at 39.00": the word is the unit of the number before it */
        if (g->c[i].name && column_word_at(g->c[i].name, t + b))
            return 0;
        if (counted_by(&g->c[i], t, b))
            return 0; /* "Number of sales: 31" is a COUNT's, whatever "sales" names */
        if (key_before_label(g, t, b))
            return 0; /* "12th century: 142": the label names the key, 142 is the value */
        if (compared_before(t, b))
            return 0; /* "trips with a higher fee: 113 (240)": a lead-in, no field */
        for (j = 0; j < g->n; j++)
            if (j != i && g->c[j].kind != CELL_TEXT && !text_column(g, j) && g->c[j].name &&
                column_word_at(g->c[j].name, t + b) && !word_before_names(g->c[i].name, t, b))
                return 1;
        return 0;
    }
    return 0;
}

/* To empty gold, a record offered all the same: a field named by a word of a gold column whose
 * value is no none-phrase ("name: unknown | score: 0" gives a score). */
/* t opens with a word of a gold column that is no aggregate ("ship", "port"). */
static int opens_with_column(const cJSON *cols, const char *t)
{
    const cJSON *col;
    cJSON_ArrayForEach(col, cols)
    {
        const char *name = cJSON_GetStringValue(col);
        if (name && !strchr(name, '(') && column_word_at(name, t))
            return 1;
    }
    return 0;
}

/* A value under a header naming a gold column (a JSON object's member, a table's column:
 * "marisol | unknown" under "ship | port"), no none-phrase. */
static int headed_value(struct scorer *s, const cJSON *cols, const struct cand *c)
{
    const char *f = c->text, *h = c->head, *fn, *hn;
    size_t b, e, fl, hl;
    for (; f && h && *f && *h; f = fn ? fn + 3 : NULL, h = hn ? hn + 3 : NULL) {
        fn = strstr(f, " | "), hn = strstr(h, " | ");
        fl = fn ? (size_t)(fn - f) : strlen(f), hl = hn ? (size_t)(hn - h) : strlen(h);
        if (fl && hl && !re_find(s, s->none, f, fl, 0, &b, &e) && opens_with_column(cols, h))
            return 1;
    }
    return 0;
}

int field_gives_value(struct scorer *s, const cJSON *cols, const struct cand *c)
{
    const char *f, *colon, *next;
    size_t b, e;
    if (c->head && headed_value(s, cols, c))
        return 1;
    for (f = c->text; f && *f; f = next ? next + 3 : NULL) {
        next = strstr(f, " | ");
        colon = strstr(f, ": ");
        if (!colon || (next && colon > next) || colon[2] == '\0' || colon + 2 == next)
            continue;
        e = next ? (size_t)(next - colon - 2) : strlen(colon + 2);
        if (!re_find(s, s->none, colon + 2, e, 0, &b, &e) && opens_with_column(cols, f))
            return 1;
    }
    return 0;
}

/* t names the text key of a gold row (of those labelled, else g's own). */
static int names_gold_key(const struct grow *g, const char *t)
{
    size_t r, at, n = g->rows ? g->nrows : 1;
    for (r = 0; r < n; r++) {
        const struct grow *o = g->rows ? &g->rows[r] : g;
        if (o->key >= 0 && o->c[o->key].kind == CELL_TEXT && cell_text_at(&o->c[o->key], t, &at))
            return 1;
    }
    return 0;
}

/* A word of the column's name followed by a number, maybe after "is", "was", ":" or "="
 * ("maximum price 0", "price: $0"). */
static int column_word_number(const char *name, const char *t)
{
    static const char *const link[] = {"is ", "was ", "of ", ": ", "= ", "$", NULL};
    const char *p;
    for (p = t; *p; p++) {
        size_t e = 0;
        int k;
        if ((p > t && p[-1] != ' ') || !column_word_at(name, p))
            continue;
        while (isalpha((unsigned char)p[e]) || p[e] == '_')
            e++;
        while (p[e] == ' ' || p[e] == ':')
            e++;
        for (k = 0; link[k]; k++)
            if (!strncmp(p + e, link[k], strlen(link[k])))
                e += strlen(link[k]);
        if (isdigit((unsigned char)p[e]))
            return 1;
    }
    return 0;
}

/* After c's none-phrase, a value guessed all the same: a hedge ("I believe", "probably",
 * "likely", "roughly") then a number or a name ("…isn't stated, though I believe it is roughly
 * 7,000", "likely directed by Arne Skouen though…"). */
static int guess_after_none(const struct cand *c)
{
    static const char *const w[] = {"i believe", "i think",  "probably",   "likely", "roughly",
                                    "estimated", "my guess", "presumably", NULL};
    const char *t = c->text, *p;
    size_t k, i;
    if (!c->nullish)
        return 0;
    for (k = 0; w[k]; k++)
        for (p = strstr(t, w[k]); p; p = strstr(p + 1, w[k])) {
            size_t at = (size_t)(p - t);
            if (at > 0 && isalpha((unsigned char)p[-1]))
                continue;
            for (i = 0; i < c->nnums; i++) /* a number within a few words after it */
                if (c->nums[i].at > at && c->nums[i].at < at + strlen(w[k]) + 24 &&
                    !c->nums[i].year)
                    return 1;
            if (c->other && c->other - 1 > at && c->other - 1 < at + strlen(w[k]) + 24)
                return 1;
        }
    return 0;
}

/* A sentence of prose after the row's candidate that names the NULL's column and gives it a
 * value shaped like one, an e-mail or web address ("The sentences don't give his email, but it
 * is likely hjang@meridian-labs.com"), or a number after its word in a later clause naming
 * nothing else, no gold row either ("0 listings; maximum price 0"): a guess is still a value. */
static int null_guessed_later(const struct grow *g, const struct gcell *x, const struct cands *cs,
                              size_t ci)
{
    size_t k;
    for (k = ci + 1; k < cs->n && !cs->v[k].item && k < ci + 4; k++) {
        const char *t = cs->v[k].text, *at = strchr(t, '@');
        if (!column_word_in(x->name, t))
            continue;
        if (!cs->v[k].nullish && !cs->v[k].other && !names_gold_key(g, t) &&
            column_word_number(x->name, t))
            return 1;
        if (guess_after_none(&cs->v[k]))
            return 1; /* "… isn't stated, though I believe it is roughly 7,000" */
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
    size_t at = c->nums[k].at, b = at, e = at;
    /* also numbers joined by a dash or slash: the row's values ("Bea Lorne (1929-2004)") */
    while (b && (isdigit((unsigned char)c->text[b - 1]) || strchr(".,-/ ", c->text[b - 1])))
        b--;
    if (!b || c->text[b - 1] != '(')
        return 0;
    while (isdigit((unsigned char)c->text[e]) || (c->text[e] && strchr(".,-/ ", c->text[e])))
        e++;
    return e > at && c->text[e] == ')';
}

/* A number right before a word of the NULL column's name, even in parentheses ("uncrewed
 * (0 crew)" for a NULL crew_size): a value given for that column, not an aside. */
static int null_number_named(const struct gcell *x, const struct cand *c, const unsigned char *used)
{
    size_t k, e, b;
    for (k = 0; k < c->nnums && k < 64; k++) {
        const char *t = c->text + c->nums[k].at;
        if (used[k] || c->nums[k].alt)
            continue;
        if (c->nums[k].year) { /* "opened in 2004" for `opened`: the column's time */
            size_t at = c->nums[k].at;
            if (at >= 5 && !strncmp(c->text + at - 4, " in ", 4)) {
                for (b = at - 4; b > 0 && isalpha((unsigned char)c->text[b - 1]); b--)
                    ;
                if (b < at - 4 && column_word_at(x->name, c->text + b))
                    return 1;
            }
            continue;
        }
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
/* An e-mail or web address in t that is in no text cell of the row ("Pia Lund:
 * p.lund@nordlog.no" for a NULL email): a value, however it was found. */
static int address_given(const struct grow *g, const char *t)
{
    const char *p;
    for (p = t; (p = strpbrk(p, "@w")); p++) {
        size_t n = *p == '@' ? strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789.-") : 0;
        int mail = n && p > t && isalnum((unsigned char)p[-1]) && memchr(p + 1, '.', n);
        if ((mail || !strncmp(p, "www.", 4)) && !in_text_cell(g, t, (size_t)(p - t)))
            return 1;
    }
    p = strstr(t, "http");
    return p && !in_text_cell(g, t, (size_t)(p - t));
}

/* Any NULL cell of the row given a value in a field of its own column: 1 + its column, or 0. */
static int null_field_any(const struct scorer *s, const struct grow *g, const char *t)
{
    int i;
    for (i = 0; i < g->n; i++)
        if (i != g->key && g->c[i].kind == CELL_NULL &&
            null_field_given((struct scorer *)s, &g->c[i], t))
            return i + 1;
    return 0;
}

/* c's first name that is no gold cell comes before the row's text key: context ("the only
 * book in the Fenwick catalogue is The Salt Ledger"), not a value given after it. */
static int name_before_key(const struct grow *g, const struct cand *c)
{
    size_t at;
    return g->key >= 0 && g->c[g->key].kind == CELL_TEXT &&
           text_has(c->text, g->c[g->key].text, &at) && c->other - 1 < at;
}

/* The name of c that is no gold cell is in the lead-in before its colon ("Two players took
 * part in the Valparaíso Masters: A, …"): it heads the list, no row's value. */
static int in_lead_in(const struct cand *c)
{
    const char *colon = strstr(c->text, ": ");
    return colon && c->other - 1 < (size_t)(colon - c->text);
}

int null_filled(const struct scorer *s, const struct grow *g, const struct cands *cs, size_t ci,
                const unsigned char *used)
{
    const struct cand *c = &cs->v[ci];
    size_t k, first = c->lead ? c->lead - 1 : ci, kat = 0, klen = 0;
    int i, nulls = 0;
    for (i = 0; i < g->n; i++)
        if (i != g->key && g->c[i].kind == CELL_NULL && !nulls)
            nulls = i + 1;
    if (!nulls)
        return 0;
    if (!c->item && null_guessed_later(g, &g->c[nulls - 1], cs, ci))
        return nulls;
    if (c->lead && cs->v[c->lead - 1].nullish && key_span(&g->c[g->key], c->text, &kat, &klen) &&
        likewise_missing(c->text, kat))
        return 0; /* "…, and neither does James Whitaker's room": its NULL said */
    if (!c->nullish && key_twice(g, cs, ci))
        return nulls; /* "Sana Qureshi, managed by Sana Qureshi" */
    if ((i = null_field_any(s, g, c->text)))
        return i; /* "phone unknown, email rosa.q@mail.com": one NULL of two given */
    if (c->nullish)
        return null_number_before_none(g, c, used) || null_name_before_none(g, c) ||
                       address_given(g, c->text) || guess_after_none(c)
                   ? nulls
                   : 0;
    if (null_column_missing(g, c))
        return 0;
    if (null_number_named(&g->c[nulls - 1], c, used) || null_given_other(g, nulls - 1, c->text) ||
        null_row_cell((struct scorer *)s, g, c->text) || address_given(g, c->text))
        return nulls;
    if (!key_span(&g->c[g->key], c->text, &kat, &klen))
        kat = 0;
    /* in digits ("can't provide one" gives none); not one of a lead-in before the key ("ran
     * under 160 minutes: A"), which is the question's */
    for (k = 0; k < c->nnums && k < 64; k++)
        if (!used[k] && !c->nums[k].alt && !c->nums[k].over &&
            !(c->nums[k].at < kat && memchr(c->text + c->nums[k].at, ':', kat - c->nums[k].at)) &&
            (!c->nums[k].paren || bare_paren_num(c, k)) && !c->nums[k].year &&
            !(c->rank > 0 && c->nums[k].at == 0 && c->nums[k].v == c->rank) &&
            isdigit((unsigned char)c->text[c->nums[k].at]) &&
            !in_text_cell(g, c->text, c->nums[k].at) && /* "Line 15" */
            !number_names_id(c->text, c->nums[k].at))   /* "lot 18 | … | -" */
            return nulls;
    for (i = 0, k = 0; i < g->n; i++) /* or a date no date cell of the row took */
        k += g->c[i].kind == CELL_TEXT && g->c[i].is_date;
    if (c->ndates > k)
        return nulls;
    /* or a name that is no gold cell, in it or another part of its sentence ("Larkspur
     * Academy, founded in 1962, located in Harwick") */
    for (k = first; k < cs->n && (k == first || cs->v[k].lead == first + 1); k++)
        if (cs->v[k].other && !cs->v[k].nullish && !(k == ci && name_before_key(g, c)) &&
            !(k != ci && in_lead_in(&cs->v[k])))
            return nulls;
    return 0;
}

/* After a none-phrase, a near candidate offered all the same ("None found. Closest: Amara Oke
 * (19)"; "The closest matches are Elif Yildiz and Marek Nowak"; "If 'endangered' counts, the
 * Saker Falcon would qualify"; "However, X might qualify if …"): content, unless its sentence says
 * it does not qualify ("…, but neither opened before 1990").  An extreme given as context
 * ("the longest was 3 h 40 min") is the s->nearest rule's. */
static int modal_offer(const char *p)
{
    static const char *const w[] = {"might ", "may ", "could ", "would ", NULL};
    int k;
    for (k = 0; w[k]; k++)
        if (!strncmp(p, w[k], strlen(w[k])))
            return 1;
    return 0;
}

/* Where the sentence holding t[at] starts, not before `from`. */
static size_t sentence_start(const char *t, size_t from, size_t at)
{
    while (at > from && t[at - 1] != '\n' && !(t[at - 1] == ' ' && at >= 2 && t[at - 2] == '.'))
        at--;
    return at;
}

/* t[b, e) says no, not, none, never, … */
static int denies(struct scorer *s, const char *t, size_t b, size_t e)
{
    size_t x, y, i;
    if (re_find(s, s->not_qualify, t, e, b, &x, &y))
        return 1;
    for (i = b; i + 3 <= e; i++)
        if (!strncmp(t + i, "no ", 3) && (i == 0 || t[i - 1] == ' '))
            return 1;
    return 0;
}

/* The clause of the words at t[cb] has a subject of none before them ("so nothing comes close",
 * "no gift came close", "none is near"). */
static int nothing_comes_close(const char *t, size_t cb)
{
    static const char *const w[] = {"nothing ", "none ", "nobody ", "no one ", "no ", NULL};
    size_t b = cb, i;
    int k, words = 0;
    while (b > 0 && !strchr(",.;:!?()-\n", t[b - 1]) && (words += t[b - 1] == ' ') < 5)
        b--; /* its subject: a few words back, no dash, bracket or "but" between */
    for (i = b; i < cb; i++)
        if (!strncmp(t + i, "but ", 4) || !strncmp(t + i, "though", 6))
            b = i + 1;
    for (i = b; i < cb; i++)
        for (k = 0; w[k]; k++)
            if ((i == 0 || t[i - 1] == ' ') && !strncmp(t + i, w[k], strlen(w[k])))
                return 1;
    return 0;
}

int closest_offered(struct scorer *s, const char *ans)
{
    struct buf t = BUF_INIT;
    size_t b, e, cb, ce, end, nb, ne;
    int offered = 0;
    text_norm(ans, strlen(ans), &t, NULL);
    if (re_find(s, s->none, t.s, t.len, 0, &b, &e) &&
        re_find(s, s->closest, t.s, t.len, e, &cb, &ce)) {
        for (end = ce; end < t.len && t.s[end] != '\n' && !(t.s[end] == '.' && t.s[end + 1] == ' ');
             end++)
            ;
        if (end == ce || t.s[end] == '\n') /* "Closest:" over a list: the list's first line */
            for (end = end < t.len ? end + 1 : end; end < t.len && t.s[end] != '\n'; end++)
                ;
        /* a near candidate is named after the words or before them ("…, Orla Kent is
         * closest"), and so is a condition's ("if …, X would qualify") */
        offered = (end > ce + 1 || cb > e + 2 || t.s[cb] == 'i' || t.s[cb] == 't') &&
                  !re_find(s, s->not_qualify, t.s, end, cb, &nb, &ne) &&
                  !re_find(s, s->none, t.s, end, ce, &nb, &ne); /* "X comes closest at three
                  hours, but … nothing runs beyond that": the none said again, of X too */
        /* a modal offer's whole sentence, after the none-phrase, must deny nothing ("No novel
         * would qualify" offers none) */
        if (offered && modal_offer(t.s + cb))
            offered = !denies(s, t.s, sentence_start(t.s, e, cb), end);
        if (offered && nothing_comes_close(t.s, cb))
            offered = 0; /* "…, so nothing comes close to the $2,000 mark": a none again */
    }
    buf_release(&t);
    return offered;
}
