/* fuzz_reply: a server's reply body read by every API's provider (src/api/provider_*.c), as
 * run reads it: parse() as a 2xx body, then classify() as a failed attempt with an HTTP
 * status chosen by the first byte (the rest is the body), and the usage estimate.  Streamed
 * replies are fuzz_sse's. */
#include "fuzz.h"

#include "buf.h"
#include "provider.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    return 0;
}

static const long statuses[] = {200, 0,   400, 401, 403, 404, 408, 409, 413, 422,
                                429, 500, 502, 503, 504, 529, 201, 302, 418, 599};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum api_kind apis[] = {API_OPENAI_CHAT, API_ANTHROPIC_MESSAGES,
                                         API_OPENAI_RESPONSES};
    long status = size ? statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))] : 200;
    const char *body = size ? (const char *)data + 1 : "";
    size_t n = size ? size - 1 : 0, i;
    for (i = 0; i < sizeof(apis) / sizeof(apis[0]); i++) {
        const struct provider *p = provider_for(apis[i]);
        struct reply r;
        struct buf msg = BUF_INIT;
        reply_init(&r);
        if (p->parse(body, n, &r, &msg) == 0)
            reply_estimate_usage(&r, 100);
        reply_release(&r);
        buf_reset(&msg);
        failure_name(p->classify(status, body, n, &msg));
        provider_says_too_long(msg.s ? msg.s : "");
        buf_release(&msg);
    }
    return 0;
}
