/* xalloc.c: allocation that never returns NULL; the interface and its rules are in xalloc.h. */
#include "xalloc.h"

#include "util.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HB_FAIL_ALLOC
#include <cjson/cJSON.h>
#include <sqlite3.h>
#endif

/* Out of memory: the command cannot go on, but it must end as any failed command does:
 * a message, the temporary files it was writing removed (tmp_remove_all, the same list the
 * signal handler empties), exit 1.  _exit, not exit: atexit handlers and stdio buffers
 * could allocate; a run database mid-transaction is rolled back by SQLite's journal on its
 * next open. */
static void oom(size_t n)
{
    fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", n);
    tmp_remove_all();
    _exit(1);
}

char *xsqlite_mprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    if (!s)
        oom(strlen(fmt));
    return s;
}

#ifdef HB_FAIL_ALLOC
/* The test build's hook (meson -Dfail_alloc=true): HOLOBENCH_FAIL_ALLOC=N makes the N-th
 * allocation fail, counting holobench's, SQLite's and cJSON's alike; N=0 fails none and
 * prints the count at exit, so that a test knows how far to sweep. */
static unsigned long long alloc_count, fail_at;

static int alloc_fails(void)
{
    return ++alloc_count == fail_at;
}

static void print_count(void)
{
    fprintf(stderr, "holobench: %llu allocations\n", alloc_count);
}

/* SQLite's allocator: a size header in front of each block, as sqlite3_mem_methods needs
 * xSize. */
#define HDR 16
static void *sq_malloc(int n)
{
    char *p;
    if (n <= 0 || alloc_fails() || !(p = malloc((size_t)n + HDR)))
        return NULL;
    memcpy(p, &(size_t){(size_t)n}, sizeof(size_t));
    return p + HDR;
}
static void sq_free(void *p)
{
    if (p)
        free((char *)p - HDR);
}
static void *sq_realloc(void *p, int n)
{
    char *q;
    if (!p)
        return sq_malloc(n);
    if (n <= 0 || alloc_fails() || !(q = realloc((char *)p - HDR, (size_t)n + HDR)))
        return NULL;
    memcpy(q, &(size_t){(size_t)n}, sizeof(size_t));
    return q + HDR;
}
static int sq_size(void *p)
{
    size_t n;
    if (!p)
        return 0;
    memcpy(&n, (char *)p - HDR, sizeof(n));
    return (int)n;
}
static int sq_roundup(int n)
{
    return (n + 7) & ~7;
}
static int sq_init(void *x)
{
    (void)x;
    return SQLITE_OK;
}
static void sq_shutdown(void *x)
{
    (void)x;
}

static void *cj_malloc(size_t n)
{
    return alloc_fails() ? NULL : malloc(n);
}

void fail_alloc_setup(void)
{
    static const sqlite3_mem_methods mm = {sq_malloc,  sq_free, sq_realloc,  sq_size,
                                           sq_roundup, sq_init, sq_shutdown, NULL};
    cJSON_Hooks hooks = {cj_malloc, free};
    const char *e = getenv("HOLOBENCH_FAIL_ALLOC");
    if (!e)
        return;
    fail_at = strtoull(e, NULL, 10);
    if (!fail_at)
        atexit(print_count);
    sqlite3_config(SQLITE_CONFIG_MALLOC, &mm);
    cJSON_InitHooks(&hooks);
}
#define FAILS() alloc_fails()
#else
void fail_alloc_setup(void) {}
#define FAILS() 0
#endif

void *xmalloc(size_t n)
{
    void *p = FAILS() ? NULL : malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = FAILS() ? NULL : calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom(st_mult(count, size));
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = FAILS() ? NULL : realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(st_add(n, 1));
    if (n) /* s may be NULL when n is 0 */
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

size_t st_add(size_t a, size_t b)
{
    if (a > SIZE_MAX - b) {
        fprintf(stderr, "fatal: size overflow: %zu + %zu\n", a, b);
        abort();
    }
    return a + b;
}

size_t st_mult(size_t a, size_t b)
{
    if (b && a > SIZE_MAX / b) {
        fprintf(stderr, "fatal: size overflow: %zu * %zu\n", a, b);
        abort();
    }
    return a * b;
}
