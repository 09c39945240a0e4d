/* http.c: one HTTP POST to a model API as a libcurl easy handle, for the multi loop in harness.c
 * (after curl's docs/examples/multi-app.c); the interface and its rules are in http.h. */
#include "http.h"

#include "err.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* libcurl's allocations through xalloc's counting hook, in a -Dfail_alloc test run. */
static void *cu_malloc(size_t n)
{
    return lib_malloc(ALLOC_CURL, n);
}

static void *cu_calloc(size_t count, size_t size)
{
    return lib_calloc(ALLOC_CURL, count, size);
}

static void *cu_realloc(void *p, size_t n)
{
    return lib_realloc(ALLOC_CURL, p, n);
}

static char *cu_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = lib_malloc(ALLOC_CURL, n);
    return p ? memcpy(p, s, n) : NULL;
}

int http_global_init(void)
{
    CURLcode rc = lib_alloc_hooked() ? curl_global_init_mem(CURL_GLOBAL_DEFAULT, cu_malloc, free,
                                                            cu_realloc, cu_strdup, cu_calloc)
                                     : curl_global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK)
        return error("cannot initialise libcurl");
    return 0;
}

void http_global_cleanup(void)
{
    curl_global_cleanup();
}

/* The write callback grows the buffer in place (grow / write / set length); an event stream
 * goes through the SSE reader into the provider's assembly instead. */
static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    struct http_xfer *x = ctx;
    size_t len = size * n;
    x->last_byte = mono_now();
    if (x->stream && x->event_stream && x->status_2xx)
        return sse_feed(&x->sse, data, len) < 0 ? 0 : len;
    if (buf_grow(&x->resp, len) < 0)
        return 0; /* over the cap: curl fails the transfer with CURLE_WRITE_ERROR */
    memcpy(x->resp.s + x->resp.len, data, len);
    buf_setlen(&x->resp, x->resp.len + len);
    return len;
}

/* "Name: value" with name matched case-insensitively: the value, trimmed, into out. */
static int header_value(const char *data, size_t len, const char *name, char *out, size_t size)
{
    size_t n = strlen(name), v;
    if (len <= n + 1 || strncasecmp(data, name, n) || data[n] != ':')
        return 0;
    data += n + 1, len -= n + 1;
    while (len && (*data == ' ' || *data == '\t'))
        data++, len--;
    while (len && (data[len - 1] == '\r' || data[len - 1] == '\n' || data[len - 1] == ' '))
        len--;
    v = len < size - 1 ? len : size - 1;
    memcpy(out, data, v);
    out[v] = '\0';
    return 1;
}

/* What the harness keeps of the headers besides pacing: the provider's request id and
 * whether the body is an event stream. */
static void stream_header(struct http_xfer *x, const char *data, size_t len)
{
    char v[128];
    if (header_value(data, len, "content-type", v, sizeof(v)))
        x->event_stream = strstr(v, "text/event-stream") != NULL;
    else if (header_value(data, len, "request-id", v, sizeof(v)) ||
             header_value(data, len, "x-request-id", v, sizeof(v)))
        snprintf(x->request_id, sizeof(x->request_id), "%s", v);
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
    struct http_xfer *x = ctx;
    size_t len = size * n;
    long status = 0;
    x->last_byte = mono_now();
    if (len > 5 && !strncmp(data, "HTTP/", 5)) {
        pacing_init(&x->pacing); /* a new response (after 100-continue or a redirect) */
        x->event_stream = 0;
        x->request_id[0] = '\0';
        x->status_2xx = sscanf(data, "HTTP/%*s %ld", &status) == 1 && status >= 200 && status < 300;
    } else {
        pacing_header(&x->pacing, data, len, wall_now());
        stream_header(x, data, len);
    }
    return len;
}

static void on_event(void *ctx, const char *event, const char *data, size_t n)
{
    struct http_xfer *x = ctx;
    x->p->stream_event(x->stream, event, data, n);
}

/* The idle timeout: curl calls this at least once a second while the transfer lasts. */
static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    struct http_xfer *x = ctx;
    (void)dltotal, (void)ultotal;
    if (dlnow != x->seen_dl || ulnow != x->seen_ul) {
        x->seen_dl = dlnow, x->seen_ul = ulnow;
        x->last_byte = mono_now();
    } else if (mono_now() - x->last_byte > x->idle_s) {
        x->idle = 1;
        return 1; /* CURLE_ABORTED_BY_CALLBACK */
    }
    return 0;
}

/* The timeouts and keepalive of a request that may be quiet for minutes and still alive. */
static void set_timeouts(struct http_xfer *x, const struct endpoint *e)
{
    long idle = (long)(e->timeout_s + 0.999);
    x->idle_s = e->timeout_s > 0 ? e->timeout_s : 600;
    x->last_byte = mono_now();
    curl_easy_setopt(x->easy, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(x->easy, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(x->easy, CURLOPT_XFERINFODATA, x);
    /* a backstop of curl's own, should the callback not run: under 1 byte/s for longer */
    curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_TIME, (idle > 0 ? idle : 600) + 10);
    curl_easy_setopt(x->easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(x->easy, CURLOPT_TCP_KEEPIDLE, 30L);
    curl_easy_setopt(x->easy, CURLOPT_TCP_KEEPINTVL, 15L);
}

/* A streamed request: the provider's stream members go in before the body's closing brace. */
static void start_stream(struct http_xfer *x, size_t max_resp)
{
    if (x->body.len && x->body.s[x->body.len - 1] == '}') {
        buf_setlen(&x->body, x->body.len - 1);
        buf_adds(&x->body, x->p->stream_members);
        buf_addch(&x->body, '}');
    }
    x->stream = xcalloc(1, sizeof(*x->stream));
    stream_acc_init(x->stream, max_resp);
    sse_init(&x->sse, max_resp, on_event, x);
}

struct hdr_ctx {
    struct curl_slist *list;
    int lost; /* an append failed (out of memory): the request must not go without it */
};

static void add_header(void *ctx, const char *line)
{
    struct hdr_ctx *h = ctx;
    struct curl_slist *l = curl_slist_append(h->list, line);
    if (l)
        h->list = l;
    else
        h->lost = 1;
}

const char *http_ca_file(const struct endpoint *e)
{
    static const char *const vars[] = {"CURL_CA_BUNDLE", "SSL_CERT_FILE"};
    size_t i;
    if (e->ca_file)
        return e->ca_file;
    for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return NULL;
}

/* The CAs to trust: the endpoint's, else the variables curl's tool and OpenSSL read (libcurl
 * itself reads neither, and its built-in bundle would hide SSL_CERT_FILE). */
static CURLcode set_trust(CURL *easy, const struct endpoint *e)
{
    const char *file = http_ca_file(e), *dir = e->ca_path ? e->ca_path : getenv("SSL_CERT_DIR");
    CURLcode c = CURLE_OK;
    if (file)
        c = curl_easy_setopt(easy, CURLOPT_CAINFO, file);
    if (!c && dir && *dir)
        c = curl_easy_setopt(easy, CURLOPT_CAPATH, dir);
    return c;
}

struct http_xfer *http_xfer_new(const struct endpoint *e, const struct provider *p, const char *key,
                                struct buf *body, size_t max_resp)
{
    struct http_xfer *x = xcalloc(1, sizeof(*x));
    struct hdr_ctx h = {NULL, 0};
    struct buf url = BUF_INIT;
    CURLcode c;
    x->body = *body;
    *body = (struct buf)BUF_INIT;
    x->resp.max = max_resp;
    x->p = p;
    pacing_init(&x->pacing);
    if (provider_streams(e) && p->stream_event)
        start_stream(x, max_resp);
    if (!(x->easy = curl_easy_init())) {
        error("cannot create a libcurl handle");
        http_xfer_free(x);
        return NULL;
    }
    p->headers(e, key, add_header, &h);
    add_header(&h, "Expect:"); /* no 100-continue round trip */
    x->headers = h.list;
    endpoint_url(e, &url);
    c = curl_easy_setopt(x->easy, CURLOPT_URL, url.s); /* curl copies the string */
    buf_release(&url);
    curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
    curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->body.s);
    curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->body.len);
    curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(x->easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(x->easy, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->errbuf);
    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
    curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
    set_timeouts(x, e);
    curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS, 30000L);
    curl_easy_setopt(x->easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    /* the options curl copies a string of fail only for lack of memory, and a request
     * without its URL, headers or CAs must not be sent */
    c = c ? c : curl_easy_setopt(x->easy, CURLOPT_ACCEPT_ENCODING, ""); /* gzip where offered */
    c = c ? c : curl_easy_setopt(x->easy, CURLOPT_USERAGENT, "holobench/" HB_VERSION);
    c = c ? c : set_trust(x->easy, e);
    if (c || h.lost) {
        error("cannot set up the request: %s", c ? curl_easy_strerror(c) : "out of memory");
        http_xfer_free(x);
        return NULL;
    }
    x->started = mono_now();
    return x;
}

void http_xfer_done(struct http_xfer *x, CURLcode code)
{
    x->code = code;
    if (code == CURLE_OK)
        curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->status);
    else
        x->status = 0; /* no complete reply: timeout, reset, truncated body */
    if (x->idle)
        snprintf(x->errbuf, sizeof(x->errbuf),
                 "no data for %.0f s (the endpoint's timeout_s, an idle timeout)", x->idle_s);
    if (!x->stream || !x->event_stream || !x->status_2xx)
        return;
    if (x->sse.overflow || x->stream->overflow) {
        x->status = 0;
        snprintf(x->errbuf, sizeof(x->errbuf), "the event stream passed the reply size cap");
        return;
    }
    if (code != CURLE_OK)
        return;
    sse_finish(&x->sse);
    if (!x->p->stream_end(x->stream, &x->resp)) {
        /* a stream that ends before its terminal event is a failed attempt, never a reply */
        x->status = 0;
        snprintf(x->errbuf, sizeof(x->errbuf),
                 "the event stream ended before its final event (cut short)");
    }
}

void http_xfer_free(struct http_xfer *x)
{
    if (!x)
        return;
    if (x->easy)
        curl_easy_cleanup(x->easy);
    curl_slist_free_all(x->headers); /* the key lived only here */
    if (x->stream) {
        stream_acc_release(x->stream);
        free(x->stream);
        sse_release(&x->sse);
    }
    buf_release(&x->body);
    buf_release(&x->resp);
    free(x);
}
