/* breaker: when a run must stop rather than go on failing, and what a stored failure says.
 *
 * A circuit breaker over the replies of a run, in the order they arrive:
 *   - the same refusal (bad_request: same HTTP status and error type) on `limit` instances
 *     in a row (default 5) means the request itself is wrong for this server (a mistyped
 *     model's 404, an unsupported parameter's 400, a gateway's missing-header 400), so every
 *     instance after them would be refused too;
 *   - no HTTP reply at all (connection refused, host not found) on every request for
 *     `unreachable_s` seconds (default 60) means the server is down or the URL wrong;
 *   - a TLS certificate failure stops at once: it never heals by waiting.
 * A reply that is not one of these ends the streak.  too_long refusals neither count nor
 * end it: a suite sorted by length refuses its longest prompts in a row, rightly.
 *
 * failure_line() makes the text stored and printed for a failure: one line, at most
 * FAILURE_LINE_MAX bytes (cut on a UTF-8 boundary, with "..." appended). */
#ifndef HB_BREAKER_H
#define HB_BREAKER_H

#include "buf.h"

#include <curl/curl.h>

#define BREAKER_DEFAULT_LIMIT 5
#define BREAKER_DEFAULT_UNREACHABLE_S 60.0
#define FAILURE_LINE_MAX 300

struct breaker {
    int limit;            /* consecutive identical refusals that stop the run; 0: never */
    double unreachable_s; /* seconds of connection failures only that stop it; 0: never */
    char key[96];         /* "404 not_found_error" of the current streak */
    int count;            /* its length */
    double down_since;    /* monotonic time of the first failure to connect since the last
                             reply; < 0 when the last request got a reply */
};

void breaker_init(struct breaker *b, int limit, double unreachable_s);
/* A bad_request refusal with HTTP `status` and the reply body: 1 when it completes a streak
 * of `limit` (then the caller stops the run with the server's message). */
int breaker_refused(struct breaker *b, long status, const char *body, size_t n);
/* Any HTTP reply (status > 0) other than a refusal counted above: ends both streaks. */
void breaker_reply(struct breaker *b);
/* A request that got no HTTP reply, with curl's code: 1 when connection failures alone have
 * lasted unreachable_s seconds by `now` (monotonic). */
int breaker_no_reply(struct breaker *b, CURLcode code, double now);

/* Whether curl's code (and error text) is a TLS verification failure: unknown issuer,
 * name mismatch, expired certificate, an unreadable CA file. */
int tls_verify_failure(CURLcode code, const char *errbuf);
/* Whether curl's code says no connection was made at all. */
int connect_failure(CURLcode code);

/* The error type of an error body: error.type, else error.code when a string, else "" (not
 * JSON, or no error object), into out (at most size - 1 bytes). */
void error_type_of(const char *body, size_t n, char *out, size_t size);

/* Rewrites msg as one line: control characters and runs of blanks become one space, and
 * text past FAILURE_LINE_MAX bytes is cut (on a character boundary) and marked "...". */
void failure_line(struct buf *msg);

#endif
