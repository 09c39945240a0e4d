/* util.c: small parsing and file helpers shared by every stage; the interface and its rules are in
 * util.h. */
#include "util.h"

#include "err.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

int64_t clamp_to_i64(double d, int64_t lo, int64_t hi, int64_t nan)
{
    if (d != d)
        return nan;
    if (d <= (double)lo)
        return lo;
    if (d >= (double)hi) /* (double)INT64_MAX is 2^63: anything below it converts */
        return hi;
    return (int64_t)d;
}

int parse_real(const char *s, double lo, double hi, double *out)
{
    char *end;
    double d;
    if (!s || !((*s >= '0' && *s <= '9') || *s == '.') || s[strspn(s, "0123456789.eE+-")])
        return -1; /* also no hexadecimal, which strtod reads */
    errno = 0;
    d = strtod(s, &end);
    if (errno == ERANGE || *end || !isfinite(d) || d < lo || d > hi)
        return -1;
    *out = d;
    return 0;
}

int parse_part(const char *s, uint64_t *i, uint64_t *n)
{
    const char *slash = s ? strchr(s, '/') : NULL;
    char head[24];
    if (!slash || (size_t)(slash - s) >= sizeof(head))
        return -1;
    memcpy(head, s, (size_t)(slash - s));
    head[slash - s] = '\0';
    if (parse_u64(head, i) < 0 || parse_u64(slash + 1, n) < 0 || !*i || *i > *n)
        return -1;
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

/* The well-formed sequence at s (its length), or 0 with *part the bytes of its ill-formed
 * part: a valid lead byte with the continuation bytes that could still follow it count as one
 * part (Unicode's "maximal subpart"), anything else is one byte. */
static size_t utf8_scan(const unsigned char *s, size_t n, size_t *part)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t len, i;
    *part = 1;
    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4) /* continuation, overlong 2-byte lead, or past U+10FFFF */
        return 0;
    len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (c == 0xE0)
        lo = 0xA0; /* overlong */
    else if (c == 0xED)
        hi = 0x9F; /* surrogates */
    else if (c == 0xF0)
        lo = 0x90; /* overlong */
    else if (c == 0xF4)
        hi = 0x8F; /* past U+10FFFF */
    for (i = 1; i < len; i++, lo = 0x80, hi = 0xBF) {
        if (i >= n || s[i] < lo || s[i] > hi)
            return 0;
        *part = i + 1;
    }
    return len;
}

size_t utf8_sanitize(const char *s, size_t n, struct buf *out, size_t *bad, size_t *nul)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, from = 0, nb = 0, nn = 0, len, part = 1;
    while (i < n) {
        if (u[i] && u[i] < 0x80) {
            i++;
            continue;
        }
        if (u[i] && (len = utf8_scan(u + i, n - i, &part))) {
            i += len;
            continue;
        }
        buf_add(out, s + from, i - from);
        if (!u[i]) {
            buf_addch(out, ' ');
            nn++, i++;
        } else {
            buf_add(out, "\xEF\xBF\xBD", 3);
            nb++, i += part;
        }
        from = i;
    }
    buf_add(out, s + from, n - from);
    if (bad)
        *bad = nb;
    if (nul)
        *nul = nn;
    return nb + nn;
}

int read_file(const char *path, struct buf *out)
{
    FILE *f = fopen(path, "rb");
    char tmp[65536];
    size_t n;
    buf_reset(out);
    struct stat st;
    if (!f)
        return error("cannot open '%s': %s", path, strerror(errno));
    /* room for a regular file's bytes at once: its size in memory, not twice that by doubling */
    if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (unsigned long long)st.st_size < (unsigned long long)SIZE_MAX / 2)
        buf_grow(out, (size_t)st.st_size + 1);
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

int file_view_open(const char *path, struct file_view *v)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    memset(v, 0, sizeof(*v));
    v->s = "";
    if (fd >= 0 && !fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (unsigned long long)st.st_size < (unsigned long long)SIZE_MAX / 2) {
        void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m != MAP_FAILED) {
            close(fd);
            madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
            v->map = m;
            v->s = m;
            v->len = (size_t)st.st_size;
            return 0;
        }
    }
    if (fd >= 0)
        close(fd);
    if (read_file(path, &v->b) < 0)
        return -1;
    v->s = v->b.s ? v->b.s : "";
    v->len = v->b.len;
    return 0;
}

void file_view_close(struct file_view *v)
{
    if (v->map)
        munmap(v->map, v->len);
    buf_release(&v->b);
    memset(v, 0, sizeof(*v));
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

int file_inside(const char *dir, const char *path)
{
    char *rd = realpath(dir, NULL), *rp = realpath(path, NULL);
    struct stat st;
    size_t n = rd ? strlen(rd) : 0;
    int in = rd && rp && !strncmp(rp, rd, n) && (rp[n] == '/' || (n == 1 && rd[0] == '/')) &&
             !stat(rp, &st) && S_ISREG(st.st_mode);
    free(rd);
    free(rp);
    return in;
}

int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A dangling symlink's target, followed by hand (realpath needs the target to exist), so
 * that the file is created where the link points and the link itself is kept. */
static char *follow_dangling(const char *path)
{
    char *cur = xstrdup(path);
    int hops;
    for (hops = 0; hops < 40; hops++) {
        char target[PATH_MAX];
        struct buf t = BUF_INIT;
        const char *slash = strrchr(cur, '/');
        ssize_t n = readlink(cur, target, sizeof(target));
        if (n < 0) /* not a link (any more): the file to create */
            return cur;
        if ((size_t)n >= sizeof(target))
            break;
        if (target[0] != '/' && slash) /* relative to the link's folder */
            buf_add(&t, cur, (size_t)(slash - cur) + 1);
        buf_add(&t, target, (size_t)n);
        free(cur);
        cur = buf_detach(&t, NULL);
    }
    free(cur);
    return NULL;
}

int output_target(const char *path, char **real, int *in_place)
{
    struct stat st;
    *real = NULL;
    *in_place = 0;
    if (!stat(path, &st)) {
        if (S_ISDIR(st.st_mode))
            return error("cannot write '%s': it is a folder", path);
        if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) { /* /dev/null, a pipe: never replace */
            *in_place = 1;
            *real = xstrdup(path);
            return 0;
        }
        if (!S_ISREG(st.st_mode))
            return error("refusing to write '%s': not a regular file, character device or FIFO",
                         path);
        if (!(*real = realpath(path, NULL)))
            return error("cannot resolve '%s': %s", path, strerror(errno));
        return 0;
    }
    if (errno != ENOENT)
        return error("cannot write '%s': %s", path, strerror(errno));
    if (!(*real = follow_dangling(path)))
        return error("cannot write '%s': too many levels of symbolic links", path);
    return 0;
}

int rename_durably(const char *tmp, const char *path)
{
    struct buf dir = BUF_INIT;
    const char *slash = strrchr(path, '/');
    int fd, rc = 0;
    if (rename(tmp, path))
        return error("cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
    /* the rename itself survives a power loss only once its folder is on disk */
    buf_add(&dir, slash ? path : ".", slash ? (size_t)(slash - path) + 1 : 1);
    fd = open(dir.s, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || (fsync(fd) && errno != EINVAL))
        rc = error("cannot sync folder '%s': %s", dir.s, strerror(errno));
    if (fd >= 0)
        close(fd);
    buf_release(&dir);
    return rc;
}

struct outfile {
    char *path, *tmp;
    FILE *f;
    int in_place; /* a character device or FIFO, written directly */
};

static struct outfile *open_in_place(struct outfile *o)
{
    if (!(o->f = fopen(o->path, "wb"))) {
        error("cannot open '%s': %s", o->path, strerror(errno));
        free(o->path);
        free(o);
        return NULL;
    }
    o->in_place = 1;
    return o;
}

/* Read by the signal handler: pointers set and cleared whole, paths unlinked with unlink(),
 * which is async-signal-safe. */
static const char *volatile tmp_live[TMP_LIVE_MAX];

static void tmp_on_signal(int sig)
{
    size_t i;
    for (i = 0; i < TMP_LIVE_MAX; i++)
        if (tmp_live[i])
            unlink(tmp_live[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void tmp_install_handlers(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    static int done;
    size_t i;
    if (done)
        return;
    done = 1;
    for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction sa, old;
        if (sigaction(sigs[i], NULL, &old) < 0 || old.sa_handler != SIG_DFL)
            continue; /* ignored (nohup) or caught by someone else: leave it */
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = tmp_on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

void tmp_remove_all(void)
{
    size_t i;
    for (i = 0; i < TMP_LIVE_MAX; i++)
        if (tmp_live[i]) {
            unlink(tmp_live[i]);
            tmp_live[i] = NULL;
        }
}

void tmp_register(const char *path)
{
    size_t i;
    tmp_install_handlers();
    for (i = 0; i < TMP_LIVE_MAX; i++)
        if (!tmp_live[i]) {
            tmp_live[i] = path;
            return;
        }
}

void tmp_forget(const char *path)
{
    size_t i;
    for (i = 0; i < TMP_LIVE_MAX; i++)
        if (tmp_live[i] == path)
            tmp_live[i] = NULL;
}

struct outfile *outfile_open(const char *path)
{
    struct outfile *o = xcalloc(1, sizeof(*o));
    int fd, in_place;
    if (!strcmp(path, "-")) {
        o->f = stdout;
        return o;
    }
    if (output_target(path, &o->path, &in_place) < 0) {
        free(o);
        return NULL;
    }
    if (in_place)
        return open_in_place(o);
    {
        struct buf t = BUF_INIT;
        buf_addf(&t, "%s.tmp-XXXXXX", o->path);
        o->tmp = buf_detach(&t, NULL);
    }
    tmp_register(o->tmp); /* before it exists: mkstemp fills in the name in place */
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
        tmp_forget(o->tmp);
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
        tmp_forget(o->tmp);
    } else if (o->in_place) {
        fclose(o->f);
    }
    free(o->path);
    free(o->tmp);
    free(o);
}

int outfile_commit(struct outfile *o)
{
    int rc = 0;
    if (!o->tmp && !o->in_place) { /* stdout: the command layer checks it on exit */
        if (fflush(stdout) || ferror(stdout))
            rc = error("cannot write to standard output: %s", strerror(errno));
        free(o);
        return rc;
    }
    if (o->in_place) { /* no fsync: a pipe or device cannot (and need not) */
        if (fflush(o->f) || ferror(o->f))
            rc = error("cannot write '%s': %s", o->path, strerror(errno));
        if (fclose(o->f) && !rc)
            rc = error("cannot write '%s': %s", o->path, strerror(errno));
        free(o->path);
        free(o);
        return rc;
    }
    if (fflush(o->f) || ferror(o->f) || fsync(fileno(o->f)))
        rc = error("cannot write '%s': %s", o->tmp, strerror(errno));
    if (fclose(o->f) && !rc)
        rc = error("cannot write '%s': %s", o->tmp, strerror(errno));
    if (!rc && rename_durably(o->tmp, o->path) < 0)
        rc = -1;
    if (rc)
        unlink(o->tmp);
    tmp_forget(o->tmp);
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
