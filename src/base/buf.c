/* buf.c: a growable byte buffer for building text; the interface and its rules are in buf.h. */
#include "buf.h"

#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char buf_empty_[1];

void buf_init(struct buf *b, size_t hint)
{
    *b = (struct buf)BUF_INIT;
    if (hint)
        buf_grow(b, hint);
}

void buf_release(struct buf *b)
{
    if (b->alloc)
        free(b->s);
    *b = (struct buf)BUF_INIT;
}

char *buf_detach(struct buf *b, size_t *len)
{
    char *s;
    if (!b->alloc)
        buf_grow(b, 0);
    s = b->s;
    if (len)
        *len = b->len;
    *b = (struct buf)BUF_INIT;
    return s;
}

int buf_grow(struct buf *b, size_t extra)
{
    size_t need = st_add(st_add(b->len, extra), 1);
    if (b->max && need - 1 > b->max) {
        b->overflow = 1;
        return -1;
    }
    if (need > b->alloc) {
        size_t n = b->alloc < 64 ? 64 : b->alloc;
        while (n < need)
            n = st_add(n, n / 2);
        if (!b->alloc) {
            b->s = xmalloc(n);
            b->s[0] = '\0';
        } else {
            b->s = xrealloc(b->s, n);
        }
        b->alloc = n;
    }
    return 0;
}

void buf_setlen(struct buf *b, size_t len)
{
    if (!b->alloc && len == 0)
        return;
    b->len = len;
    b->s[len] = '\0';
}

void buf_reset(struct buf *b)
{
    buf_setlen(b, 0);
    b->overflow = 0;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
    if (!n || buf_grow(b, n) < 0) /* !n: data may be NULL, which memcpy never allows */
        return;
    memcpy(b->s + b->len, data, n);
    buf_setlen(b, b->len + n);
}

void buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_addch_grow(struct buf *b, int c)
{
    if (buf_grow(b, 1) < 0)
        return;
    b->s[b->len] = (char)c;
    buf_setlen(b, b->len + 1);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;
    va_copy(cp, ap);
    /* nothing allocated: only measure (s may even be NULL in a zeroed struct) */
    n = vsnprintf(b->alloc ? b->s + b->len : NULL, b->alloc ? b->alloc - b->len : 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    if ((size_t)n >= (b->alloc ? b->alloc - b->len : 0)) {
        if (buf_grow(b, (size_t)n) < 0)
            return;
        vsnprintf(b->s + b->len, b->alloc - b->len, fmt, ap);
    }
    buf_setlen(b, b->len + (size_t)n);
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(b, fmt, ap);
    va_end(ap);
}

void buf_add_json_str(struct buf *b, const char *s, size_t n)
{
    buf_grow(b, n + 2); /* one growth for the common case of nothing to escape */
    buf_addch(b, '"');
    buf_add_json_chars(b, s, n);
    buf_addch(b, '"');
}

void buf_add_json_strv(struct buf *b, char *const *v, size_t n)
{
    size_t i;
    buf_addch(b, '[');
    for (i = 0; i < n; i++) {
        if (i)
            buf_addch(b, ',');
        buf_add_json_str(b, v[i], strlen(v[i]));
    }
    buf_addch(b, ']');
}

void buf_add_json_chars(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, run = 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_add(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            buf_add(b, "\\\"", 2);
            break;
        case '\\':
            buf_add(b, "\\\\", 2);
            break;
        case '\n':
            buf_add(b, "\\n", 2);
            break;
        case '\r':
            buf_add(b, "\\r", 2);
            break;
        case '\t':
            buf_add(b, "\\t", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            buf_add(b, u, 6);
        }
        }
    }
    buf_add(b, s + run, n - run);
}

int buf_over_max(const struct buf *b)
{
    return b->overflow;
}
