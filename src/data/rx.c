/* rx.c: PCRE2 in holobench's memory context; the interface and its rules are in rx.h. */
#include "rx.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static void *re_malloc(PCRE2_SIZE n, void *data)
{
    (void)data;
    return lib_malloc(ALLOC_PCRE2, n);
}

static void re_free(void *p, void *data)
{
    (void)data;
    free(p);
}

/* NULL (PCRE2's malloc) unless the hook is on; then one context for the process, kept to
 * its end as the patterns made with it are. */
static pcre2_general_context *memory(void)
{
    static pcre2_general_context *g;
    if (!lib_alloc_hooked())
        return NULL;
    if (!g && !(g = pcre2_general_context_create(re_malloc, re_free, NULL)))
        xalloc_die(sizeof(void *));
    return g;
}

pcre2_code *rx_compile(const char *pattern, uint32_t options, int *err, PCRE2_SIZE *off)
{
    pcre2_general_context *g = memory();
    pcre2_compile_context *cc = NULL;
    pcre2_code *re;
    if (g && !(cc = pcre2_compile_context_create(g)))
        xalloc_die(sizeof(void *));
    re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, err, off, cc);
    pcre2_compile_context_free(cc);
    if (!re && *err == PCRE2_ERROR_HEAP_FAILED)
        xalloc_die(sizeof(void *));
    return re;
}

/* HOLOBENCH_PCRE2_JIT=0 runs the interpreter: memory checkers (valgrind) cannot follow the
 * JIT's code, which reads whole 16-byte words, and report every such read. */
void rx_jit(pcre2_code *re)
{
    const char *env = getenv("HOLOBENCH_PCRE2_JIT");
    if (!lib_alloc_hooked() && !(env && !strcmp(env, "0")))
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
}

pcre2_match_data *rx_match_data(uint32_t n)
{
    pcre2_match_data *md = pcre2_match_data_create(n, memory());
    if (!md)
        xalloc_die(n);
    return md;
}

pcre2_match_context *rx_match_context(void)
{
    pcre2_match_context *mc = pcre2_match_context_create(memory());
    if (!mc)
        xalloc_die(sizeof(void *));
    return mc;
}

int rx_result(int rc)
{
    if (rc == PCRE2_ERROR_NOMEMORY)
        xalloc_die(0);
    return rc;
}
