/* sse: an incremental reader of Server-Sent Events (text/event-stream), fed the bytes of a
 * reply as they arrive from the curl write callback, in pieces of any size.
 *
 * Lines end in LF, CRLF or CR; a line "event: NAME" names the event, "data: ..." lines are
 * joined with LF, a line starting with ':' is a comment (a keep-alive), and a blank line
 * dispatches the event (when it has data).  At the end, an event whose blank line never
 * came is dispatched too, as long as its last line was complete.  Lines and data are
 * bounded by `max` bytes: past it the reader stops and says so. */
#ifndef HB_SSE_H
#define HB_SSE_H

#include "buf.h"

#include <stddef.h>

struct sse {
    struct buf line;  /* a line not yet ended */
    struct buf event; /* the event's name, "" when none */
    struct buf data;  /* its data lines, joined */
    int has_data;
    int cr;       /* the last byte was a CR (a following LF belongs to it) */
    int overflow; /* a line or an event passed the bound: nothing more is read */
    void (*on_event)(void *ctx, const char *event, const char *data, size_t n);
    void *ctx;
};

void sse_init(struct sse *s, size_t max,
              void (*on_event)(void *ctx, const char *event, const char *data, size_t n),
              void *ctx);
/* 0, or -1 once the bound was passed. */
int sse_feed(struct sse *s, const char *p, size_t n);
/* The end of the stream: dispatches a pending event (see above). */
void sse_finish(struct sse *s);
void sse_release(struct sse *s);

#endif
