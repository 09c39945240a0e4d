/* retry: when to try again, from the status, the server's headers and the attempt count.
 *
 * Header forms accepted (WIRE.md 2.1, 2.2): retry-after-ms (milliseconds, read first);
 * retry-after as seconds (integer or float) or an HTTP-date; x-should-retry true/false;
 * x-ratelimit-{remaining,reset}-{requests,tokens} with resets as Go durations ("1s",
 * "6m0s", "12ms", "1h2m3.5s") or plain seconds (Azure), garbage ignored;
 * anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{remaining,reset} with
 * RFC 3339 resets (the smallest remaining and the soonest reset of the three token families
 * stand for "tokens").  Any reset is read in any of the three forms, since gateways mix them.
 * Backoff: full jitter over min(cap, base * 2^(attempt - 1)); a server-given delay wins when
 * it is positive and at most max_server_delay seconds. */
#ifndef HB_RETRY_H
#define HB_RETRY_H

#include "prng.h"

struct pacing {
    double retry_after;                          /* seconds; < 0 when not given */
    int should_retry;                            /* 1, 0 (x-should-retry), or -1 not given */
    double remaining_requests, remaining_tokens; /* < 0 unknown */
    double reset_requests, reset_tokens;         /* seconds from now; < 0 unknown */
    int retry_after_ms_seen; /* internal: retry-after-ms was read, so retry-after must not
                                overwrite it whatever the header order */
};

void pacing_init(struct pacing *p);
/* Feed one header line ("Name: value\r\n" as libcurl gives it; lines without a colon, such
 * as the status line, are ignored); `now` is the current Unix time in seconds, for RFC 3339
 * and HTTP-date values.  libcurl also passes the headers of interim responses (100 Continue,
 * redirects): pacing_init() again at each status line. */
void pacing_header(struct pacing *p, const char *line, size_t n, double now);

/* Parsers, exposed for tests: each returns seconds, or -1 when the text is not of its form. */
double parse_go_duration(const char *s); /* also plain seconds, as Azure sends them */
double parse_rfc3339(const char *s);     /* Unix time */
double parse_http_date(const char *s);   /* Unix time */

/* The wait a 429's body asks for when no header gives one: "Please try again in 20s",
 * "try again in 1ms", "Please retry after 1.5 seconds", "retry in 2 minutes"; seconds, or -1
 * when the body has no such hint. */
double retry_hint_in_body(const char *body, size_t n);

struct backoff {
    double base, cap;        /* seconds: 0.5 and 60 by default */
    double max_server_delay; /* seconds: 120 */
};
/* Seconds to wait before attempt `attempt` (1 = the first retry), after a reply with HTTP
 * `status` (0: none).  The server's delay is retry_after, else after a 429 the reset of the
 * exhausted limit (remaining < 1; the later one if both, the later of the known resets if
 * neither is known to be exhausted).  `b` and `p` may be NULL; zero fields of `b` take the
 * defaults. */
double backoff_delay(const struct backoff *b, int attempt, long status, const struct pacing *p,
                     struct prng *rng);

#endif
