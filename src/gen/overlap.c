/* overlap.c: the share of a question's content words found in answer and in distractor lines
 * (issue 18's lexical-overlap measure); see overlap.h. */
#include "overlap.h"

#include "util.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define MAX_WORDS 64
#define MAX_WORD 48

struct qwords {
    char word[MAX_WORDS][MAX_WORD];
    unsigned char len[MAX_WORDS];
    size_t n;
};

static const char *const stop_words[] = {
    "a",    "about", "above", "after", "all",  "also",   "among", "an",      "and",     "any",
    "are",  "as",    "at",    "be",    "been", "before", "being", "below",   "between", "both",
    "but",  "by",    "can",   "could", "did",  "do",     "does",  "each",    "every",   "for",
    "from", "had",   "has",   "have",  "how",  "i",      "if",    "in",      "into",    "is",
    "it",   "its",   "list",  "many",  "may",  "me",     "more",  "most",    "much",    "name",
    "no",   "not",   "of",    "on",    "one",  "only",   "or",    "other",   "our",     "out",
    "over", "per",   "same",  "so",    "some", "such",   "than",  "that",    "the",     "their",
    "them", "then",  "there", "these", "they", "this",   "those", "through", "to",      "under",
    "up",   "us",    "was",   "we",    "were", "what",   "when",  "where",   "which",   "while",
    "who",  "whom",  "whose", "why",   "will", "with",   "would", "you",     "your",    NULL};

static int word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_stop(const char *w, size_t n)
{
    const char *const *s;
    for (s = stop_words; *s; s++)
        if (strlen(*s) == n && !memcmp(*s, w, n))
            return 1;
    return 0;
}

/* Index of word w (lower-cased, n bytes) in the set, or -1. */
static int find(const struct qwords *q, const char *w, size_t n)
{
    size_t i;
    for (i = 0; i < q->n; i++)
        if (q->len[i] == n && !memcmp(q->word[i], w, n))
            return (int)i;
    return -1;
}

struct qwords *qwords_new(const char *question)
{
    struct qwords *q = xcalloc(1, sizeof(*q));
    const char *p = question;
    while (*p) {
        char w[MAX_WORD];
        size_t n = 0;
        while (*p && !word_byte((unsigned char)*p))
            p++;
        while (*p && word_byte((unsigned char)*p)) {
            if (n < MAX_WORD)
                w[n] = lower(*p);
            n++, p++;
        }
        if (n < 2 || n > MAX_WORD || is_stop(w, n) || find(q, w, n) >= 0 || q->n == MAX_WORDS)
            continue;
        memcpy(q->word[q->n], w, n);
        q->len[q->n++] = (unsigned char)n;
    }
    return q;
}

void qwords_free(struct qwords *w)
{
    free(w);
}

size_t qwords_count(const struct qwords *w)
{
    return w->n;
}

/* Marks in seen[] the question words that occur in the line. */
static void scan_line(const struct qwords *q, const char *s, size_t len, unsigned char *seen)
{
    size_t i = 0;
    while (i < len) {
        char w[MAX_WORD];
        size_t n = 0;
        int k;
        while (i < len && !word_byte((unsigned char)s[i]))
            i++;
        while (i < len && word_byte((unsigned char)s[i])) {
            if (n < MAX_WORD)
                w[n] = lower(s[i]);
            n++, i++;
        }
        if (n >= 2 && n <= MAX_WORD && (k = find(q, w, n)) >= 0)
            seen[k] = 1;
    }
}

struct overlap overlap_measure(const struct qwords *w, const char *const *text, const uint32_t *len,
                               const unsigned char *is_rel, size_t n)
{
    unsigned char seen[2][MAX_WORDS];
    struct overlap o = {0, 0};
    size_t i, a = 0, d = 0;
    memset(seen, 0, sizeof(seen));
    if (!w->n)
        return o;
    for (i = 0; i < n; i++)
        scan_line(w, text[i], len[i], seen[is_rel[i] ? 0 : 1]);
    for (i = 0; i < w->n; i++)
        a += seen[0][i], d += seen[1][i];
    o.answer = (double)a / (double)w->n;
    o.distractor = (double)d / (double)w->n;
    return o;
}
