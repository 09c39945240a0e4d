/* fuzz_sse: a streamed reply (Server-Sent Events) as run reads it: the bytes fed to the SSE
 * reader (src/api/sse.c) in pieces whose sizes the first byte chooses, each event handed to
 * every API's stream assembly (provider_stream.c), then the assembled reply parsed as a
 * non-streamed one would be. */
#include "fuzz.h"

#include "buf.h"
#include "provider.h"
#include "sse.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    return 0;
}

struct feed {
    const struct provider *p;
    struct stream_acc acc;
};

static void on_event(void *ctx, const char *event, const char *data, size_t n)
{
    struct feed *f = ctx;
    f->p->stream_event(&f->acc, event, data, n);
}

static void one_api(const struct provider *p, const char *s, size_t n, size_t piece)
{
    struct feed f = {p, {0}};
    struct sse r;
    struct buf body = BUF_INIT, err = BUF_INIT;
    struct reply rep;
    size_t at;
    stream_acc_init(&f.acc, 1 << 16);
    sse_init(&r, 1 << 16, on_event, &f);
    for (at = 0; at < n; at += piece)
        if (sse_feed(&r, s + at, n - at < piece ? n - at : piece) < 0)
            break;
    sse_finish(&r);
    reply_init(&rep);
    if (p->stream_end(&f.acc, &body) == 1 && p->parse(body.s, body.len, &rep, &err) == 0)
        reply_estimate_usage(&rep, 100);
    reply_release(&rep);
    sse_release(&r);
    stream_acc_release(&f.acc);
    buf_release(&body);
    buf_release(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum api_kind apis[] = {API_OPENAI_CHAT, API_ANTHROPIC_MESSAGES,
                                         API_OPENAI_RESPONSES};
    size_t piece = size ? (size_t)data[0] % 17 + 1 : 1, i;
    const char *s = size ? (const char *)data + 1 : "";
    for (i = 0; i < sizeof(apis) / sizeof(apis[0]); i++)
        one_api(provider_for(apis[i]), s, size ? size - 1 : 0, piece);
    return 0;
}
