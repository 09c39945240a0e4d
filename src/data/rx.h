/* rx: PCRE2 as holobench uses it (tokenizer pre-splits, the scorer's patterns), made with
 * one memory context: PCRE2's own malloc, except in a -Dfail_alloc test run, where xalloc's
 * counting hook allocates (xalloc.h lib_malloc), so that injected failures reach PCRE2.
 *
 * Out of memory inside PCRE2 ends the command as xmalloc's does: a pattern that could not be
 * compiled or a match that could not run would otherwise pass for a bad pattern or for "no
 * match", a wrong count or score rather than an error. */
#ifndef HB_RX_H
#define HB_RX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>

/* pcre2_compile() in that context (NULL and *err as pcre2_compile, never for lack of
 * memory). */
pcre2_code *rx_compile(const char *pattern, uint32_t options, int *err, PCRE2_SIZE *off);
/* pcre2_jit_compile(re) where JIT helps; matching falls back to the interpreter without it.
 * Not in a -Dfail_alloc test run: PCRE2's JIT compiler (10.42) crashes when one of its
 * allocations fails, so injected failures are aimed at the interpreter's path instead.  Not
 * either with HOLOBENCH_PCRE2_JIT=0 in the environment (for valgrind). */
void rx_jit(pcre2_code *re);
/* Match data for n pairs and a match context, in that context; never NULL. */
pcre2_match_data *rx_match_data(uint32_t n);
pcre2_match_context *rx_match_context(void);
/* A pcre2_match() result passed through, PCRE2_ERROR_NOMEMORY ending the command. */
int rx_result(int rc);

#endif
