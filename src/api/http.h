/* http: one HTTP POST to a model API as a libcurl easy handle, for the multi loop in
 * harness.c (after curl's docs/examples/multi-app.c).
 *
 * TLS verification stays on; HTTP/2 is used where the server offers it over TLS; the
 * connection pool of the multi handle gives keep-alive.  The response body is capped
 * (max_resp) so that a runaway server cannot exhaust memory; headers go through
 * pacing_header() as they arrive.  The timeout is an idle timeout: timeout_s without a byte
 * sent or received ends the transfer, so that a streamed reply that takes an hour is not
 * cut; TCP keepalive keeps the connection open through quiet minutes.  Header lines holding the key
 * live only in the curl slist and are freed with the transfer; nothing here prints them. */
#ifndef HB_HTTP_H
#define HB_HTTP_H

#include "buf.h"
#include "endpoint.h"
#include "provider.h"
#include "retry.h"
#include "sse.h"
#include "util.h" /* mono_now, wall_now */

#include <curl/curl.h>

struct http_xfer {
    CURL *easy;
    struct curl_slist *headers;
    struct buf body; /* request */
    struct buf resp; /* response body */
    struct pacing pacing;
    long status; /* HTTP status; 0 when no reply came */
    CURLcode code;
    char errbuf[CURL_ERROR_SIZE];
    double started; /* monotonic seconds */
    size_t item;    /* the caller's index */
    int attempt;    /* 1 for the first try */
    /* Streaming (provider_streams()): the events are assembled as they arrive, and resp
     * holds the reply they add up to once the transfer is done (http_xfer_done). */
    const struct provider *p;
    struct stream_acc *stream; /* NULL: not streamed */
    struct sse sse;
    int event_stream;            /* the reply is text/event-stream */
    int status_2xx;              /* its status line says 2xx */
    char request_id[128];        /* the request-id / x-request-id header, "" when none */
    double last_byte;            /* monotonic time the last byte went or came */
    double idle_s;               /* the idle timeout: timeout_s */
    int idle;                    /* the transfer was stopped for idling */
    curl_off_t seen_dl, seen_ul; /* the byte counts the progress callback saw last */
};

int http_global_init(void);
void http_global_cleanup(void);

/* Takes `body` (leaves it empty).  Returns NULL after printing on failure. */
struct http_xfer *http_xfer_new(const struct endpoint *e, const struct provider *p, const char *key,
                                struct buf *body, size_t max_resp);
void http_xfer_free(struct http_xfer *x);
/* The CA bundle a transfer trusts: the endpoint's ca_file, else $CURL_CA_BUNDLE, else
 * $SSL_CERT_FILE, else NULL (curl's default).  ca_path, else $SSL_CERT_DIR, names a folder of
 * CAs. */
const char *http_ca_file(const struct endpoint *e);
/* After the multi handle reports the transfer done: fills status and code; for a stream,
 * puts its reply in resp, or, for a stream cut short, status 0 and a message in errbuf. */
void http_xfer_done(struct http_xfer *x, CURLcode code);

#endif
