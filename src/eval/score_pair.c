/* score_pair.c: two sides and the pair of numbers between them ("Corrin Vale won 3-2 at
 * Ferndale Athletic", "Aroha Tipene beat Graham Feltwell, 14,872 votes to 14,869"): which
 * number the reply gives to which side. */
#include "score_int.h"

#include <ctype.h>
#include <string.h>

#include "banned.h"

size_t num_end(const char *t, size_t at)
{
    while (isdigit((unsigned char)t[at]) ||
           ((t[at] == ',' || t[at] == '.') && isdigit((unsigned char)t[at + 1])))
        at++;
    return at;
}

/* Numbers k and k + 1 of c are written as one pair: "3-2", "3 - 2", "3:2", "14,872 to
 * 14,869", "14,872 votes to 14,869". */
static int joined(const struct cand *c, size_t k)
{
    static const char *const sep[] = {"-", " - ", ":", " to ", " vs ", NULL};
    const char *t = c->text;
    size_t e, n, w;
    if (k + 1 >= c->nnums || c->nums[k].year || c->nums[k + 1].year)
        return 0;
    e = num_end(t, c->nums[k].at);
    for (w = 0; t[e] == ' ' && isalpha((unsigned char)t[e + 1 + w]); w++)
        ;
    if (w && w <= 12 && t[e + 1 + w] == ' ' && strncmp(t + e, " to ", 4))
        e += 1 + w; /* "votes" */
    for (n = 0; sep[n]; n++)
        if (!strncmp(t + e, sep[n], strlen(sep[n])) && e + strlen(sep[n]) == c->nums[k + 1].at)
            return 1;
    return 0;
}

/* In t[b, e) a verb says the side named before it won (1) or lost (-1); else 0. */
static int outcome(const char *t, size_t b, size_t e)
{
    static const char *const lost[] = {
        " lost",        " loses",     " lose ",  " fell ",     " falls ",
        " defeated by", " beaten by", " losing", " went down", NULL};
    static const char *const won[] = {" won",       " wins ",   " win ",     " beat",   " defeat",
                                      " edged",     " edges ",  " overcame", " thrash", " routed",
                                      " prevailed", " victory", " triumph",  NULL};
    char span[160];
    size_t n = e > b && e - b < sizeof(span) ? e - b : 0, k;
    memcpy(span, t + b, n);
    span[n] = '\0';
    for (k = 0; lost[k]; k++)
        if (strstr(span, lost[k]))
            return -1;
    for (k = 0; won[k]; k++)
        if (strstr(span, won[k]))
            return 1;
    return 0;
}

/* The number of c written right after t[e] (" 3", ": 3", " (3"), or NULL. */
static const struct num *number_after(const struct cand *c, size_t e)
{
    size_t k, gap;
    for (k = 0; k < c->nnums; k++) {
        if (c->nums[k].at < e || c->nums[k].at > e + 3)
            continue;
        gap = strspn(c->text + e, " :(");
        return e + gap == c->nums[k].at ? &c->nums[k] : NULL;
    }
    return NULL;
}

/* The sides and numbers alternate, each side's number the only one between it and the next
 * side ("Ilse van Dijk won with 18,391 votes against Pieter Bos's 18,422"): ea and eb are where
 * the sides' names end; *na and *nb get their numbers, or stay as they were. */
static void interleaved(const struct cand *c, size_t ea, size_t eb, const struct num **na,
                        const struct num **nb)
{
    const struct num *got[2] = {NULL, NULL};
    size_t k, lo = ea < eb ? ea : eb, hi = ea < eb ? eb : ea;
    int between = 0, after = 0;
    for (k = 0; k < c->nnums; k++) {
        if (c->nums[k].alt || c->nums[k].year || c->nums[k].at < lo)
            continue;
        if (c->nums[k].at < hi)
            between++, got[0] = got[0] ? got[0] : &c->nums[k];
        else
            after++, got[1] = got[1] ? got[1] : &c->nums[k];
    }
    if (between != 1 || after != 1)
        return;
    *na = ea < eb ? got[0] : got[1];
    *nb = ea < eb ? got[1] : got[0];
}

/* c names side a at t[fa] (la bytes) and side b at t[fb] (lb bytes) and gives values x and y
 * (x != y) to them.  Returns 1 when it gives x to a and y to b, -1 when the other way round,
 * 0 when it does not say.  Each side may be followed by its own number ("Corrin Vale 2,
 * Ferndale 3"); else the score is one pair: the side named first takes the larger number
 * after a win ("won 3-2"), the smaller after a loss ("lost 2-3", "lost 3-2"), else the number
 * written first. */
int pair_gives(const struct scorer *s, const struct cand *c, size_t fa, size_t la, size_t fb,
               size_t lb, double x, double y)
{
    size_t k, first = fa < fb ? fa : fb;
    const struct num *na = number_after(c, fa + la), *nb = number_after(c, fb + lb);
    if (!(na && nb && na != nb))
        interleaved(c, fa + la, fb + lb, &na, &nb);
    if (na && nb && na != nb)
        return num_match(s, na, x) && num_match(s, nb, y)   ? 1
               : num_match(s, na, y) && num_match(s, nb, x) ? -1
                                                            : 0;
    for (k = 0; k + 1 < c->nnums; k++) {
        const struct num *p = &c->nums[k], *q = &c->nums[k + 1];
        int v, xfirst;
        double to_first;
        if (!joined(c, k) || p->at < first ||
            !((num_match(s, p, x) && num_match(s, q, y)) ||
              (num_match(s, p, y) && num_match(s, q, x))))
            continue;
        v = outcome(c->text, first, p->at);
        to_first = v > 0 ? (p->v > q->v ? p->v : q->v) : v < 0 ? (p->v < q->v ? p->v : q->v) : p->v;
        xfirst = to_first == p->v ? num_match(s, p, x) : num_match(s, q, x);
        return (fa < fb) == (xfirst != 0) ? 1 : -1;
    }
    return 0;
}

/* Row g's two number cells, and no more: their columns in n. */
static int two_numbers(const struct grow *g, int n[2])
{
    int i, k = 0;
    for (i = 0; i < g->n; i++)
        if (g->c[i].kind == CELL_NUM) {
            if (k == 2)
                return 0;
            n[k++] = i;
        }
    return k == 2;
}

/* A word of column a's name that is a word of b's and of no other column of g. */
static int shared_word(const struct grow *g, int a, int b)
{
    char wa[8][32], wb[8][32], wo[8][32];
    size_t na = column_words(g->c[a].name, wa), nb = column_words(g->c[b].name, wb), i, j, k, no;
    int o, alone;
    for (i = 0; i < na; i++)
        for (j = 0; j < nb; j++) {
            if (strcmp(wa[i], wb[j]))
                continue;
            for (o = 0, alone = 1; o < g->n && alone; o++) {
                if (o == a || o == b || !g->c[o].name)
                    continue;
                no = column_words(g->c[o].name, wo);
                for (k = 0; k < no; k++)
                    alone &= strcmp(wo[k], wa[i]) != 0;
            }
            if (alone)
                return 1;
        }
    return 0;
}

/* Two text columns of g, each paired by a word of its name with its own number column
 * ("home_team" and "home_goals", "away_team" and "away_goals"): text[i]'s value is num[i].
 * Returns 1 when g has exactly two such pairs. */
int paired_columns(const struct grow *g, int text[2], int num[2])
{
    int a, b, n = 0;
    for (a = 0; a < g->n; a++)
        for (b = 0; b < g->n; b++) {
            if (g->c[a].kind != CELL_TEXT || g->c[b].kind != CELL_NUM || !g->c[a].name ||
                !g->c[b].name || !shared_word(g, a, b))
                continue;
            if (n == 2)
                return 0;
            text[n] = a, num[n++] = b;
        }
    return n == 2 && text[0] != text[1] && num[0] != num[1];
}

/* Text cell x is found at t[at] right after words that give it the other side of its column:
 * the gold's winner after "beating", "ahead of" ("Leonor Sá won, beating Ama Boateng"), its
 * runner-up after "lost to", "behind". */
int side_reversed(const struct gcell *x, const char *t, size_t at)
{
    static const char *const lower[] = {"beating ",    "beat ",     "defeating ",
                                        "defeated ",   "ahead of ", "over ",
                                        "edging out ", "edging ",   NULL},
                             *const upper[] = {"lost to ",   "losing to ",   "behind ",
                                               "beaten by ", "defeated by ", "runner-up to ",
                                               NULL};
    int side = x->side, k;
    const char *const *w = side > 0 ? lower : upper;
    size_t n;
    if (!side)
        return 0;
    for (k = 0; w[k]; k++)
        if (at >= (n = strlen(w[k])) && !strncmp(t + at - n, w[k], n) &&
            (at == n || t[at - n - 1] == ' '))
            return 1;
    return 0;
}

/* Two sides of g and their score, both sides named in c: paired columns ("home_team" /
 * "home_goals", …; at tpos, 1 + where), or a key naming both sides ("Dunfield v Orla Town",
 * whose sides take the two number cells in order).  1 when c says whose number is whose, and
 * then f->all says whether it gives each side its own ("Corrin Vale won 3-2 at Ferndale" for
 * Ferndale 3, Corrin Vale 2 is wrong; "Corrin Vale lost 2-3 at Ferndale" is right). */
int sides_scored(const struct scorer *s, const struct grow *g, const struct cand *c,
                 const size_t *tpos, struct fit *f)
{
    const int *t = g->side_text;
    int n[2] = {g->side_num[0], g->side_num[1]}, by;
    struct sides sd;
    size_t at;
    if (g->paired && t[0] < 64 && t[1] < 64 && tpos[t[0]] && tpos[t[1]])
        sd.fa = tpos[t[0]] - 1, sd.la = strlen(g->c[t[0]].text), sd.fb = tpos[t[1]] - 1,
        sd.lb = strlen(g->c[t[1]].text);
    else if (!(g->key >= 0 && g->c[g->key].versus && two_numbers(g, n) &&
               versus_sides(g->c[g->key].text, c->text, &at, &sd)))
        return 0;
    if (g->c[n[0]].v == g->c[n[1]].v)
        return 0;
    by = pair_gives(s, c, sd.fa, sd.la, sd.fb, sd.lb, g->c[n[0]].v, g->c[n[1]].v);
    if (by < 0) {
        f->all = 0;
        f->missing |= (n[0] < 32 ? 1u << n[0] : 0) | (n[1] < 32 ? 1u << n[1] : 0);
    }
    return by != 0;
}

/* The key's two sides are the text before and after its " v " (or " vs ", " versus "). */
int versus_sides(const char *key, const char *t, size_t *at, struct sides *sd)
{
    static const char *const sep[] = {" v ", " vs ", " vs. ", " versus ", NULL};
    const char *v = NULL, *second;
    char side[128];
    size_t a, b, n;
    int k;
    for (k = 0; sep[k] && !v; k++)
        v = strstr(key, sep[k]);
    if (!v || (n = (size_t)(v - key)) < 3 || n >= sizeof(side))
        return 0;
    second = v + strlen(sep[k - 1]);
    memcpy(side, key, n);
    side[n] = '\0';
    if (strlen(second) < 3 || !text_has(t, side, &a) || !text_has(t, second, &b))
        return 0;
    *at = a < b ? a : b;
    if (sd)
        sd->fa = a, sd->la = n, sd->fb = b, sd->lb = strlen(second);
    return 1;
}
