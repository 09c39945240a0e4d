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

#include <cjson/cJSON.h>

/* Out of memory: the command cannot go on, but it must end as any failed command does:
 * a message, the temporary files it was writing removed (tmp_remove_all, the same list the
 * signal handler empties), exit 1.  _exit, not exit: atexit handlers and stdio buffers
 * could allocate; a run database mid-transaction is rolled back by SQLite's journal on its
 * next open. */
static _Noreturn void oom(size_t n)
{
    fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", n);
    tmp_remove_all();
    _exit(1);
}

void xalloc_die(size_t n)
{
    oom(n);
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
static int hooked;

/* What the libraries allocated: how many, and the numbers of their 1st, 2nd, 4th, 8th, ...
 * allocation, printed at exit with the count so that a sweep can aim inside them. */
static const char *const lib_names[ALLOC_NLIBS] = {"libcurl", "PCRE2", "utf8proc"};
static unsigned long long lib_count[ALLOC_NLIBS], lib_at[ALLOC_NLIBS][64];

static int alloc_fails(void)
{
    return ++alloc_count == fail_at;
}

static int lib_fails(enum alloc_lib lib)
{
    unsigned long long k = ++lib_count[lib];
    int fails = alloc_fails();
    if (!(k & (k - 1))) /* a power of two */
        lib_at[lib][__builtin_ctzll(k)] = alloc_count;
    if (fails) /* the test learns that its sweep reached the library */
        fprintf(stderr, "holobench: allocation %llu fails in %s\n", alloc_count, lib_names[lib]);
    return fails;
}

static void print_count(void)
{
    fprintf(stderr, "holobench: %llu allocations\n", alloc_count);
    for (int i = 0; i < ALLOC_NLIBS; i++) {
        if (!lib_count[i])
            continue;
        fprintf(stderr, "holobench: %s made %llu of them:", lib_names[i], lib_count[i]);
        for (unsigned long long k = 1, b = 0; k && k <= lib_count[i]; k <<= 1, b++)
            fprintf(stderr, " #%llu", lib_at[i][b]);
        fputc('\n', stderr);
    }
}

int lib_alloc_hooked(void)
{
    return hooked;
}

void *lib_malloc(enum alloc_lib lib, size_t n)
{
    return hooked && lib_fails(lib) ? NULL : malloc(n);
}

void *lib_calloc(enum alloc_lib lib, size_t count, size_t size)
{
    return hooked && lib_fails(lib) ? NULL : calloc(count, size);
}

void *lib_realloc(enum alloc_lib lib, void *p, size_t n)
{
    return hooked && lib_fails(lib) ? NULL : realloc(p, n);
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

static void fail_alloc_setup(void)
{
    static const sqlite3_mem_methods mm = {sq_malloc,  sq_free, sq_realloc,  sq_size,
                                           sq_roundup, sq_init, sq_shutdown, NULL};
    const char *e = getenv("HOLOBENCH_FAIL_ALLOC");
    if (!e)
        return;
    fail_at = strtoull(e, NULL, 10);
    hooked = 1;
    if (!fail_at)
        atexit(print_count);
    sqlite3_config(SQLITE_CONFIG_MALLOC, &mm);
}
#define FAILS() alloc_fails()
#else
static void fail_alloc_setup(void) {}
int lib_alloc_hooked(void)
{
    return 0;
}
void *lib_malloc(enum alloc_lib lib, size_t n)
{
    (void)lib;
    return malloc(n);
}
void *lib_calloc(enum alloc_lib lib, size_t count, size_t size)
{
    (void)lib;
    return calloc(count, size);
}
void *lib_realloc(enum alloc_lib lib, void *p, size_t n)
{
    (void)lib;
    return realloc(p, n);
}
#define FAILS() 0
#endif

/* cJSON allocates through xmalloc (and is counted with it): a NULL from cJSON_Print, or a
 * member cJSON_Add* silently left out, would be a crash or a wrong file, never an error. */
static void *cj_malloc(size_t n)
{
    return xmalloc(n);
}

void xalloc_setup(void)
{
    cJSON_Hooks hooks = {cj_malloc, free};
    cJSON_InitHooks(&hooks);
    fail_alloc_setup();
}

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
