/* prompt: the answer prompt, from harness/prompts/answer.txt under the root.
 *
 * The template holds {context} and {question} once each, context first: servers with
 * prefix caches then reuse work across questions over the same context.  The prompt hash
 * (SHA-256 of the template's bytes) is stored with a run, so that replies to another
 * prompt are never mixed in. */
#ifndef HB_PROMPT_H
#define HB_PROMPT_H

#include "buf.h"

struct prompt {
    char *path;
    char *text;
    char hash[65];
    size_t ctx_at, q_at; /* offsets of the two placeholders */
};

int prompt_load(struct prompt *p, const char *root, const char *name);
void prompt_release(struct prompt *p);
/* Appends the prompt for one instance to out. */
void prompt_render(const struct prompt *p, const char *context, size_t clen, const char *question,
                   struct buf *out);

#endif
