/* plan: what a dry run reads of an existing run and reply cache, read-only, to count only
 * the work still to do.  Missing files are an empty plan (nothing done, nothing cached). */
#ifndef HB_PLAN_H
#define HB_PLAN_H

struct plan;

/* Opens what exists of run_path and cache_path (either may be NULL); *out is never NULL on
 * success.  -1 (printed) when an existing file cannot be read. */
int plan_open(struct plan **out, const char *run_path, const char *cache_path);
void plan_close(struct plan *p);

enum plan_state { PLAN_SEND, PLAN_DONE, PLAN_REFUSED, PLAN_CACHED };
/* Whether instance `id` (request `hash`) would be sent: done in the run, refused there and
 * not to be sent again (retry_refused 0), answered by the cache, or to send. */
enum plan_state plan_state(struct plan *p, const char *id, const char *hash, int retry_refused);
/* The mean latency in seconds of the run's replies that came from the server, or -1. */
double plan_latency(struct plan *p);

#endif
