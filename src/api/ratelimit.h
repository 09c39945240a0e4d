/* ratelimit: client-side pacing of requests and tokens per minute.
 *
 * Two token buckets (requests, tokens), each refilled continuously at limit/60 per second
 * and holding at most one second's worth, so that traffic is spread evenly instead of
 * bursting a minute's allowance at once.  A request may take a bucket below zero (a single
 * long prompt can cost more than a second's worth of tokens); the next one then waits
 * until the bucket is positive again.  The server's own view (remaining 0 until a reset)
 * pauses everything until that reset. */
#ifndef HB_RATELIMIT_H
#define HB_RATELIMIT_H

struct bucket {
    double rate; /* per second; 0: unlimited */
    double cap;
    double level;
    double at; /* time of `level` */
};

struct ratelimit {
    struct bucket req, tok;
    double paused_until; /* from the server's headers */
};

void ratelimit_init(struct ratelimit *r, double rpm, double tpm, double now);
/* Seconds until the next request may go (0: now).  Its cost in tokens does not matter here:
 * the token bucket need only be above zero (see above); ratelimit_spend() charges it. */
double ratelimit_wait(struct ratelimit *r, double now);
/* Spends the request's share of both buckets: one request and `tokens`. */
void ratelimit_spend(struct ratelimit *r, double tokens, double now);
/* Longest pause a server can impose at once, as Retry-After is capped (retry.c): a reset of
 * 10^6 hours (or in the year 2999) must not stall a run forever.  After it the next request
 * asks the server again, and a limit still exhausted pauses again. */
#define RATELIMIT_MAX_PAUSE 120.0
/* The server says a limit is exhausted until now + seconds (at most RATELIMIT_MAX_PAUSE). */
void ratelimit_pause(struct ratelimit *r, double seconds, double now);

#endif
