/* sse.c: an incremental Server-Sent Events reader; the interface and its rules are in sse.h. */
#include "sse.h"

#include <string.h>

#include "banned.h"

void sse_init(struct sse *s, size_t max,
              void (*on_event)(void *ctx, const char *event, const char *data, size_t n), void *ctx)
{
    memset(s, 0, sizeof(*s));
    buf_init(&s->line, 0);
    buf_init(&s->event, 0);
    buf_init(&s->data, 0);
    s->line.max = s->event.max = s->data.max = max;
    s->on_event = on_event;
    s->ctx = ctx;
}

void sse_release(struct sse *s)
{
    buf_release(&s->line);
    buf_release(&s->event);
    buf_release(&s->data);
}

static void dispatch(struct sse *s)
{
    if (s->has_data)
        s->on_event(s->ctx, s->event.len ? s->event.s : "", s->data.len ? s->data.s : "",
                    s->data.len);
    buf_reset(&s->event);
    buf_reset(&s->data);
    s->has_data = 0;
}

/* A field line: "name: value" (one optional space after the colon), or "name" alone. */
static void field(struct sse *s, const char *l, size_t n)
{
    const char *colon = memchr(l, ':', n);
    size_t name = colon ? (size_t)(colon - l) : n;
    const char *v = colon ? colon + 1 : l + n;
    size_t vn = (size_t)(l + n - v);
    if (vn && *v == ' ')
        v++, vn--;
    if (name == 5 && !memcmp(l, "event", 5)) {
        buf_reset(&s->event);
        buf_add(&s->event, v, vn);
    } else if (name == 4 && !memcmp(l, "data", 4)) {
        if (s->has_data)
            buf_addch(&s->data, '\n');
        buf_add(&s->data, v, vn);
        s->has_data = 1;
    } /* id, retry and unknown fields: nothing holobench needs */
}

static void end_line(struct sse *s)
{
    if (!s->line.len)
        dispatch(s);
    else if (s->line.s[0] != ':')
        field(s, s->line.s, s->line.len);
    buf_reset(&s->line);
}

int sse_feed(struct sse *s, const char *p, size_t n)
{
    size_t i;
    if (s->overflow)
        return -1;
    for (i = 0; i < n; i++) {
        char c = p[i];
        if (c == '\n' && s->cr) {
            s->cr = 0; /* the LF of a CRLF */
            continue;
        }
        s->cr = c == '\r';
        if (c == '\n' || c == '\r') {
            end_line(s);
        } else {
            /* runs of ordinary bytes go in at once */
            size_t j = i;
            while (j < n && p[j] != '\n' && p[j] != '\r')
                j++;
            buf_add(&s->line, p + i, j - i);
            i = j - 1;
        }
        if (s->line.overflow || s->data.overflow || s->event.overflow) {
            s->overflow = 1;
            return -1;
        }
    }
    return 0;
}

void sse_finish(struct sse *s)
{
    if (!s->overflow && !s->line.len)
        dispatch(s);
}
