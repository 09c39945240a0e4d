/* fuzz_headers: response headers as run reads them for pacing (src/api/retry.c: Retry-After
 * in seconds or HTTP-date, retry-after-ms, x-should-retry, the OpenAI and Anthropic
 * rate-limit headers; src/api/ratelimit.c: the pause they impose).  The input is a block of
 * header lines; each is also given to the three time parsers alone. */
#include "fuzz.h"

#include "prng.h"
#include "ratelimit.h"
#include "retry.h"
#include "xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    return 0;
}

static void check_delay(double d)
{
    if (!(d >= 0) || d > 3600)
        __builtin_trap(); /* a pause must be a number and bounded */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const double now = 1.7e9;
    const char *s = (const char *)data, *end = s + size;
    struct pacing p;
    struct ratelimit rl;
    struct prng rng;
    int attempt;
    pacing_init(&p);
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl + 1 - s) : (size_t)(end - s);
        char *line = xstrndup(s, n);
        if (!strncmp(line, "HTTP/", 5))
            pacing_init(&p);
        pacing_header(&p, s, n, now);
        parse_go_duration(line);
        parse_rfc3339(line);
        parse_http_date(line);
        free(line);
        s += n;
    }
    prng_seed(&rng, 1);
    for (attempt = 1; attempt <= 10; attempt++) {
        check_delay(backoff_delay(NULL, attempt, 429, &p, &rng));
        check_delay(backoff_delay(NULL, attempt, 503, &p, &rng));
    }
    ratelimit_init(&rl, 60, 1000, 0);
    if (p.reset_requests >= 0)
        ratelimit_pause(&rl, p.reset_requests, 0);
    if (p.reset_tokens >= 0)
        ratelimit_pause(&rl, p.reset_tokens, 0);
    if (p.retry_after >= 0)
        ratelimit_pause(&rl, p.retry_after, 0);
    ratelimit_spend(&rl, 1, 0);
    check_delay(ratelimit_wait(&rl, 0));
    return 0;
}
