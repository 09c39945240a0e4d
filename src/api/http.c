/* http.c: one HTTP POST to a model API as a libcurl easy handle, for the multi loop in harness.c
 * (after curl's docs/examples/multi-app.c); the interface and its rules are in http.h. */
#include "http.h"

#include "err.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

int http_global_init(void)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return error("cannot initialise libcurl");
    return 0;
}

void http_global_cleanup(void)
{
    curl_global_cleanup();
}

/* The write callback grows the buffer in place (grow / write / set length). */
static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    struct http_xfer *x = ctx;
    size_t len = size * n;
    if (buf_grow(&x->resp, len) < 0)
        return 0; /* over the cap: curl fails the transfer with CURLE_WRITE_ERROR */
    memcpy(x->resp.s + x->resp.len, data, len);
    buf_setlen(&x->resp, x->resp.len + len);
    return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
    struct http_xfer *x = ctx;
    size_t len = size * n;
    if (len > 5 && !strncmp(data, "HTTP/", 5))
        pacing_init(&x->pacing); /* a new response (after 100-continue or a redirect) */
    else
        pacing_header(&x->pacing, data, len, wall_now());
    return len;
}

struct hdr_ctx {
    struct curl_slist *list;
};

static void add_header(void *ctx, const char *line)
{
    struct hdr_ctx *h = ctx;
    h->list = curl_slist_append(h->list, line);
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
static void set_trust(CURL *easy, const struct endpoint *e)
{
    const char *file = http_ca_file(e), *dir = e->ca_path ? e->ca_path : getenv("SSL_CERT_DIR");
    if (file)
        curl_easy_setopt(easy, CURLOPT_CAINFO, file);
    if (dir && *dir)
        curl_easy_setopt(easy, CURLOPT_CAPATH, dir);
}

struct http_xfer *http_xfer_new(const struct endpoint *e, const struct provider *p, const char *key,
                                struct buf *body, size_t max_resp)
{
    struct http_xfer *x = xcalloc(1, sizeof(*x));
    struct hdr_ctx h = {NULL};
    struct buf url = BUF_INIT;
    x->body = *body;
    *body = (struct buf)BUF_INIT;
    x->resp.max = max_resp;
    pacing_init(&x->pacing);
    if (!(x->easy = curl_easy_init())) {
        error("cannot create a libcurl handle");
        http_xfer_free(x);
        return NULL;
    }
    p->headers(e, key, add_header, &h);
    h.list = curl_slist_append(h.list, "Expect:"); /* no 100-continue round trip */
    x->headers = h.list;
    endpoint_url(e, &url);
    curl_easy_setopt(x->easy, CURLOPT_URL, url.s); /* curl copies the string */
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
    curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, (long)(e->timeout_s * 1000));
    curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS, 30000L);
    curl_easy_setopt(x->easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(x->easy, CURLOPT_ACCEPT_ENCODING, ""); /* gzip where offered */
    curl_easy_setopt(x->easy, CURLOPT_USERAGENT, "holobench/" HB_VERSION);
    set_trust(x->easy, e);
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
}

void http_xfer_free(struct http_xfer *x)
{
    if (!x)
        return;
    if (x->easy)
        curl_easy_cleanup(x->easy);
    curl_slist_free_all(x->headers); /* the key lived only here */
    buf_release(&x->body);
    buf_release(&x->resp);
    free(x);
}
