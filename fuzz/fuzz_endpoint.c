/* fuzz_endpoint: an endpoint file (harness/endpoints/NAME.json, src/api/endpoint.c) through
 * the real loader, then what run does with it: the URL, the public JSON, the key check, and
 * the request body and headers its API's provider builds. */
#include "fuzz.h"

#include "buf.h"
#include "endpoint.h"
#include "provider.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    /* a key for api_key_env to name; fake, as in the tests */
    setenv("HB_FUZZ_KEY", "sk-fuzz-not-a-key", 1);
    return 0;
}

static void add_header(void *ctx, const char *line)
{
    buf_adds(ctx, line);
    buf_addch(ctx, '\n');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_write("fuzz.json", data, size);
    struct endpoint e;
    struct buf b = BUF_INIT;
    if (endpoint_load(&e, NULL, path) == 0) {
        const struct provider *p = provider_for(e.api);
        const char *key = endpoint_key(&e);
        endpoint_url(&e, &b);
        endpoint_public_json(&e, &b);
        endpoint_check_key(&e);
        if (p) {
            /* with and without a cache key (prompt caching marks a prefix) */
            struct prompt_req pr = {"CTX\nWhat is 1+1?\n", 17, 4, "ctx0"};
            p->build(&e, &pr, &b);
            pr.cache_key = NULL;
            p->build(&e, &pr, &b);
            p->headers(&e, key && endpoint_check_key(&e) == 0 ? key : "sk-fake", add_header, &b);
        }
        endpoint_redact(&e, &b);
        endpoint_release(&e);
    }
    buf_release(&b);
    free(path);
    return 0;
}
