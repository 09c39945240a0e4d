/* xalloc: allocation that never returns NULL.
 *
 * Out of memory is not an error holobench can recover from, so these end the command with
 * the byte count (exit 1, temporary files removed) instead of making every caller check.  Size
 * arithmetic goes through st_add/st_mult, which abort on overflow rather than wrap (git's st_mult).
 */
#ifndef HB_XALLOC_H
#define HB_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* sqlite3_mprintf (its %w and %q quoting), never NULL: out of memory ends the command as
 * xmalloc does.  Free the result with sqlite3_free. */
char *xsqlite_mprintf(const char *fmt, ...);

/* main() calls it first: cJSON allocates through xmalloc from then on, and in a build with
 * -Dfail_alloc=true HOLOBENCH_FAIL_ALLOC=N makes the N-th allocation fail (SQLite's,
 * cJSON's and the libraries' below counted too). */
void xalloc_setup(void);

/* Libraries with allocators of their own get these in such a run (HOLOBENCH_FAIL_ALLOC
 * set in a -Dfail_alloc build), so that their allocations are counted and failed as ours
 * are: libcurl (curl_global_init_mem), PCRE2 (a general context) and utf8proc (whose
 * output buffer holobench allocates).  lib_alloc_hooked() says whether to install them: 0
 * in every other build and run, where the libraries keep their own allocators.  Unlike
 * xmalloc these return NULL on failure, for the library to report; lib_malloc() without
 * the hook is malloc(). */
enum alloc_lib { ALLOC_CURL, ALLOC_PCRE2, ALLOC_UTF8PROC, ALLOC_NLIBS };
int lib_alloc_hooked(void);
void *lib_malloc(enum alloc_lib lib, size_t n);
void *lib_calloc(enum alloc_lib lib, size_t count, size_t size);
void *lib_realloc(enum alloc_lib lib, void *p, size_t n);
/* Ends the command as a failed xmalloc does, for a library that reported out of memory. */
_Noreturn void xalloc_die(size_t n);

size_t st_add(size_t a, size_t b);
size_t st_mult(size_t a, size_t b);

/* Grow array `p` (of `n` used, `alloc` allocated elements) so that it holds at least `need`. */
#define ALLOC_GROW(p, need, alloc)                                                                 \
    do {                                                                                           \
        if ((need) > (alloc)) {                                                                    \
            size_t grow_ = (alloc) < 8 ? 16 : st_add((alloc), (alloc) / 2);                        \
            if (grow_ < (need))                                                                    \
                grow_ = (need);                                                                    \
            (p) = xrealloc((p), st_mult(grow_, sizeof(*(p))));                                     \
            (alloc) = grow_;                                                                       \
        }                                                                                          \
    } while (0)

#endif
