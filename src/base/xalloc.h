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

/* In a build with -Dfail_alloc=true: reads HOLOBENCH_FAIL_ALLOC=N and makes the N-th
 * allocation fail (SQLite's and cJSON's counted too); main() calls it first.  Otherwise
 * nothing. */
void fail_alloc_setup(void);

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
