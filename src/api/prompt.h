/* prompt: the answer prompt, harness/prompts/NAME.txt (default answer), looked for in the
 * order of resource.h: a path, the benchmark folder, $HOLOBENCH_HOME, the installed data, and
 * for the default prompts the copy compiled into the program.
 *
 * The template holds {context} and {question} once each, context first: servers with
 * prefix caches then reuse work across questions over the same context.  A structured prompt
 * (answer-json) also holds {columns}, after {question}: the fields of one answer row, one a
 * line, which the request's schema enforces too (structured.h).  The prompt hash
 * (SHA-256 of the template's bytes) is stored with a run, so that replies to another
 * prompt are never mixed in.
 *
 * A file may open with a system message: a line "[system]", the message, a line "[user]",
 * then the template.  The system message is sent as the endpoint's "system" would be
 * (endpoint.h); giving both is an error. */
#ifndef HB_PROMPT_H
#define HB_PROMPT_H

#include "buf.h"

struct prompt {
    char *path; /* the file, or "built-in:NAME" */
    char *text;
    char hash[65];
    size_t ctx_at, q_at; /* offsets of the two placeholders */
    size_t cols_at;      /* offset of {columns}, when structured */
    int structured;      /* it has {columns}: the reply is JSON rows, read exactly */
    char *system;        /* the file's system message, or NULL */
};

/* NAME or a path with a '/'; root is the benchmark folder, or NULL for none. */
int prompt_load(struct prompt *p, const char *root, const char *name);
void prompt_release(struct prompt *p);
/* Appends the prompt for one instance to out; columns (the text for {columns}) is used only
 * by a structured prompt and may then be NULL (nothing). */
void prompt_render(const struct prompt *p, const char *context, size_t clen, const char *question,
                   const char *columns, struct buf *out);

#endif
