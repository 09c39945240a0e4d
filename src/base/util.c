/* util.c: small parsing and file helpers shared by every stage; the interface and its rules are in
 * util.h. */
#include "util.h"

#include "err.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno == ERANGE || *end)
        return -1;
    *out = v;
    return 0;
}

int parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v, mult = 1;
    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno == ERANGE)
        return -1;
    if (*end == 'k' || *end == 'K')
        mult = 1024, end++;
    else if (*end == 'm' || *end == 'M')
        mult = 1048576, end++;
    if (*end || (v && v > UINT64_MAX / mult))
        return -1;
    *out = v * mult;
    return 0;
}

int parse_fraction(const char *s, uint64_t *num, uint64_t *den)
{
    uint64_t n = 0, d = 1;
    const char *p = s;
    if (!s || !*s)
        return -1;
    if (*p != '0' && *p != '1' && *p != '.')
        return -1;
    while (*p >= '0' && *p <= '9')
        n = n * 10 + (uint64_t)(*p++ - '0');
    if (p - s > 1)
        return -1; /* a single integer digit: 0 or 1 */
    if (*p == '.') {
        p++;
        if (!*p)
            return -1;
        while (*p >= '0' && *p <= '9') {
            if (d >= 1000000000ULL)
                return -1;
            n = n * 10 + (uint64_t)(*p++ - '0');
            d *= 10;
        }
    }
    if (*p || n > d)
        return -1;
    *num = n;
    *den = d;
    return 0;
}

void fmt_size(struct buf *b, uint64_t n)
{
    if (n && n % 1048576 == 0)
        buf_addf(b, "%llum", (unsigned long long)(n / 1048576));
    else if (n && n % 1024 == 0)
        buf_addf(b, "%lluk", (unsigned long long)(n / 1024));
    else
        buf_addf(b, "%llu", (unsigned long long)n);
}

size_t utf8_count(const char *s, size_t n)
{
    size_t i, c = 0;
    for (i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

int read_file(const char *path, struct buf *out)
{
    FILE *f = fopen(path, "rb");
    char tmp[65536];
    size_t n;
    buf_reset(out);
    if (!f)
        return error("cannot open '%s': %s", path, strerror(errno));
    while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
        buf_add(out, tmp, n);
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        return error("cannot read '%s': %s", path, strerror(e));
    }
    fclose(f);
    return 0;
}

char **split_list(const char *s, size_t *count)
{
    char **v = NULL;
    size_t n = 0, alloc = 0;
    while (s && *s) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len) {
            ALLOC_GROW(v, n + 2, alloc);
            v[n++] = xstrndup(s, len);
        }
        s = e ? e + 1 : s + len;
    }
    ALLOC_GROW(v, n + 1, alloc);
    v[n] = NULL;
    if (count)
        *count = n;
    return v;
}

void free_strv(char **v)
{
    size_t i;
    for (i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

char *path_join(const char *a, const char *b)
{
    struct buf p = BUF_INIT;
    if (!strcmp(a, ".")) /* keep messages short: schemas/x, not ./schemas/x */
        return xstrdup(b);
    buf_adds(&p, a);
    if (p.len && p.s[p.len - 1] != '/')
        buf_addch(&p, '/');
    buf_adds(&p, b);
    return buf_detach(&p, NULL);
}

int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

struct outfile {
    char *path, *tmp;
    FILE *f;
};

struct outfile *outfile_open(const char *path)
{
    struct outfile *o = xcalloc(1, sizeof(*o));
    int fd;
    if (!strcmp(path, "-")) {
        o->f = stdout;
        return o;
    }
    o->path = xstrdup(path);
    {
        struct buf t = BUF_INIT;
        buf_addf(&t, "%s.tmp-XXXXXX", path);
        o->tmp = buf_detach(&t, NULL);
    }
    fd = mkstemp(o->tmp);
    if (fd >= 0) { /* mkstemp makes 0600; outputs are ordinary files for the user's umask */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
        error("cannot create '%s': %s", o->tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(o->path);
        free(o->tmp);
        free(o);
        return NULL;
    }
    return o;
}

FILE *outfile_stream(struct outfile *o)
{
    return o->f;
}

void outfile_abort(struct outfile *o)
{
    if (o->tmp) {
        fclose(o->f);
        unlink(o->tmp);
    }
    free(o->path);
    free(o->tmp);
    free(o);
}

int outfile_commit(struct outfile *o)
{
    int rc = 0;
    if (!o->tmp) { /* stdout: the command layer checks it on exit */
        if (fflush(stdout) || ferror(stdout))
            rc = error("cannot write to standard output: %s", strerror(errno));
        free(o);
        return rc;
    }
    if (fflush(o->f) || ferror(o->f) || fsync(fileno(o->f)))
        rc = error("cannot write '%s': %s", o->tmp, strerror(errno));
    if (fclose(o->f) && !rc)
        rc = error("cannot write '%s': %s", o->tmp, strerror(errno));
    if (!rc && rename(o->tmp, o->path))
        rc = error("cannot rename '%s' to '%s': %s", o->tmp, o->path, strerror(errno));
    if (rc)
        unlink(o->tmp);
    free(o->path);
    free(o->tmp);
    free(o);
    return rc;
}

double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
