/* ratelimit.c: client-side pacing of requests and tokens per minute; the interface and its rules
 * are in ratelimit.h. */
#include "ratelimit.h"

#include "banned.h"

static void bucket_init(struct bucket *b, double per_minute, double now)
{
    b->rate = per_minute > 0 ? per_minute / 60.0 : 0;
    b->cap = b->rate > 1 ? b->rate : 1; /* a second's worth, and at least one request */
    b->level = b->cap;
    b->at = now;
}

static void refill(struct bucket *b, double now)
{
    if (!b->rate || now <= b->at)
        return;
    b->level += (now - b->at) * b->rate;
    if (b->level > b->cap)
        b->level = b->cap;
    b->at = now;
}

/* Seconds until the bucket holds `need` (a whole request for the request bucket; for
 * tokens, anything above zero, since one prompt may cost more than the bucket holds). */
static double bucket_wait(struct bucket *b, double need, double now)
{
    if (!b->rate)
        return 0;
    refill(b, now);
    return b->level >= need ? 0 : (need - b->level) / b->rate;
}

void ratelimit_init(struct ratelimit *r, double rpm, double tpm, double now)
{
    bucket_init(&r->req, rpm, now);
    bucket_init(&r->tok, tpm, now);
    r->paused_until = 0;
}

double ratelimit_wait(struct ratelimit *r, double now)
{
    double a = bucket_wait(&r->req, 1, now), b = bucket_wait(&r->tok, 1e-9, now);
    double w = a > b ? a : b;
    if (r->paused_until > now + w)
        w = r->paused_until - now;
    return w;
}

void ratelimit_spend(struct ratelimit *r, double tokens, double now)
{
    if (r->req.rate) {
        refill(&r->req, now);
        r->req.level -= 1;
    }
    if (r->tok.rate) {
        refill(&r->tok, now);
        r->tok.level -= tokens;
    }
}

void ratelimit_pause(struct ratelimit *r, double seconds, double now)
{
    if (!(seconds > 0)) /* also NaN */
        return;
    if (seconds > RATELIMIT_MAX_PAUSE)
        seconds = RATELIMIT_MAX_PAUSE;
    if (now + seconds > r->paused_until)
        r->paused_until = now + seconds;
}
