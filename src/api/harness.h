/* harness: sends every instance of a suite to an endpoint and records each reply in a run
 * database, as one single-threaded libcurl multi loop.
 *
 * Order of work for each instance: a reply already in the run is never sent again; a
 * request whose hash is in the reply cache is answered from it; otherwise it waits for the
 * client-side rate limits (ratelimit.h) and a free slot (the endpoint's concurrency), is
 * sent, and its reply is committed to the run the moment it arrives.  Failures follow
 * their class (provider.h): transient ones are retried with backoff (retry.h) up to
 * max_retries; refused requests are recorded and not retried; an authentication or quota
 * failure stops the whole run.
 *
 * Ctrl-C stops sending and waits up to a grace period for replies in flight; a second
 * Ctrl-C abandons them at once.  Either way the run database is consistent and the same
 * command resumes. */
#ifndef HB_HARNESS_H
#define HB_HARNESS_H

#include "endpoint.h"
#include "prompt.h"

#include <stddef.h>

struct meter;

struct run_opts {
    const char *root;
    const char *suite;
    const char *run_path;   /* results/NAME.sqlite */
    const char *cache_path; /* NULL: no reply cache */
    struct endpoint *e;
    const struct prompt *pr;
    int dry_run;
    long limit;                /* at most this many requests; < 0 unlimited */
    int retry_refused;         /* send bad_request / too_long instances again */
    char **filters;            /* id globs or key=value (filter.h: schema, query, type, difficulty,
                                  length, position, setting, seed); NULL-terminated, may be NULL */
    double grace_s;            /* Ctrl-C: how long to wait for replies in flight */
    int stop_after;            /* breaker.h: identical refusals in a row that stop the run; < 0: the
                                  endpoint's stop_after */
    int show_request;          /* dry run: print the first request whole, context included */
    const struct meter *meter; /* counts prompt tokens (gen/meter.h); NULL: the estimator */
};

/* The exit status of a run that ended with some selected instances failed, bad_request or
 * too_long (every other one done); a run that was stopped (Ctrl-C, authentication, quota,
 * the circuit breaker, TLS) or answered nothing exits EXIT_FAIL. */
#define EXIT_SOME_FAILED 3

/* Returns an exit status (EXIT_OK, EXIT_SOME_FAILED, EXIT_FAIL). */
int harness_run(const struct run_opts *o);

/* For batch export and import, which must make exactly the requests `run` makes and fill
 * the same run database.  The index holds one entry per selected instance, in suite order. */
struct suite_index;
struct buf;
struct rundb;
int harness_index(const struct run_opts *o, struct suite_index **out);
void harness_index_free(struct suite_index *ix);
size_t harness_index_count(const struct suite_index *ix);
const char *harness_item_id(const struct suite_index *ix, size_t i);
const char *harness_item_hash(const struct suite_index *ix, size_t i); /* request hash */
const char *harness_suite_hash(const struct suite_index *ix);
/* The request body of item i, as run sends it (re-read from the suite). */
int harness_item_body(const struct run_opts *o, const struct suite_index *ix, size_t i,
                      struct buf *body);
/* Opens (or creates) the run database with run's settings and adds the items. */
int harness_open_run(const struct run_opts *o, const struct suite_index *ix, struct rundb **db);

#endif
