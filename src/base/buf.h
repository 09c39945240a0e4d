/* buf: a growable byte buffer for building text.
 *
 * Invariants (git's strbuf): `s` is never NULL and always NUL-terminated, so a buffer can be
 * handed to any C string function at any time; `len` excludes the NUL; `alloc` is 0 while `s`
 * points at a shared empty string.  A buffer may hold NUL bytes before `len`.  A zeroed
 * struct (calloc, memset) is accepted as an empty buffer by every function below, though its
 * `s` is NULL until the first write.
 *
 * Start with `struct buf b = BUF_INIT;`, end with buf_release() or take the string with
 * buf_detach() (the caller then frees it).  Growth aborts on out-of-memory (see xalloc.h);
 * `max`, when non-zero, caps the length: buf_over_max() tells whether a write was refused,
 * which turns a runaway reply into an error instead of eating all memory. */
#ifndef HB_BUF_H
#define HB_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *s;
    size_t len;
    size_t alloc;
    size_t max;   /* 0: unlimited */
    int overflow; /* set when a write would have passed max */
};

extern char buf_empty_[];
#define BUF_INIT                                                                                   \
    {                                                                                              \
        buf_empty_, 0, 0, 0, 0                                                                     \
    }

void buf_init(struct buf *b, size_t hint);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *len);

/* Make room for `extra` more bytes (plus the NUL); returns 0, or -1 when max forbids it. */
int buf_grow(struct buf *b, size_t extra);
/* Set the length after writing in place into the room made by buf_grow(). */
void buf_setlen(struct buf *b, size_t len);
void buf_reset(struct buf *b);

void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addch_grow(struct buf *b, int c); /* buf_addch's slow path */

/* Inline: the scorer appends most of its text a character at a time, and the common case,
 * room already made, needs no call. */
static inline void buf_addch(struct buf *b, int c)
{
    if (b->len + 1 < b->alloc && (!b->max || b->len < b->max)) {
        b->s[b->len++] = (char)c;
        b->s[b->len] = '\0';
        return;
    }
    buf_addch_grow(b, c);
}
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);

/* Append `s` as a JSON string literal, quotes included. */
void buf_add_json_str(struct buf *b, const char *s, size_t n);
/* The same without the quotes, for building one string from pieces. */
void buf_add_json_chars(struct buf *b, const char *s, size_t n);
/* Append the n strings of v as a JSON array of strings, with no spaces. */
void buf_add_json_strv(struct buf *b, char *const *v, size_t n);

int buf_over_max(const struct buf *b);

#endif
