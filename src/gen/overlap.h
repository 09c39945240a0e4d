/* overlap: how much of a question can be matched word for word in its context.
 *
 * Question words are the question's maximal runs of letters and digits (a byte >= 0x80
 * counts as a letter, so accented words stay whole), lower-cased (ASCII), without the stop
 * words of a fixed English list (articles, pronouns, auxiliaries, question words,
 * prepositions) and without one-character words; each distinct word counts once.  The
 * answer share is the fraction of them that occur as a whole word in some answer line; the
 * distractor share the fraction that occur in some distractor line.  A question with no
 * content word has shares 0.  Lines are the escaped sentences the instance writes (an
 * escape splits a word the same way in question and line only for ASCII text, which is
 * what the bundled templates hold). */
#ifndef HB_OVERLAP_H
#define HB_OVERLAP_H

#include <stddef.h>
#include <stdint.h>

struct qwords; /* the content words of one question */
struct qwords *qwords_new(const char *question);
void qwords_free(struct qwords *w);
size_t qwords_count(const struct qwords *w);

struct overlap {
    double answer, distractor;
};
/* Shares for lines text[i] (len[i] bytes); is_rel[i] tells an answer line. */
struct overlap overlap_measure(const struct qwords *w, const char *const *text, const uint32_t *len,
                               const unsigned char *is_rel, size_t n);

#endif
