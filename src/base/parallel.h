/* parallel: run one function over the indices of a batch on several threads.
 *
 * Scoring a reply reads nothing but the reply, its gold and the scorer's own compiled
 * expressions, so a batch of replies can be scored side by side on every CPU while the run
 * database (one SQLite connection) is read and written by the calling thread alone.
 *
 * parallel_for(n, threads, fn, ctx) calls fn(ctx, worker, i) once for every i in [0, n),
 * worker in [0, threads), and returns when all are done.  Worker 0 is the calling thread;
 * when a thread cannot be started its share is done by the others, so the work is never
 * lost, only slower.  A worker's calls run one after another, so per-worker state (a
 * scorer, scratch buffers) indexed by `worker` needs no lock.
 *
 * cJSON's parser writes a process-wide error position on every call, so code that may run
 * inside fn parses JSON with parallel_json_parse(), which holds a lock around it. */
#ifndef HB_PARALLEL_H
#define HB_PARALLEL_H

#include <stddef.h>

/* The number of CPUs online, from 1 to PARALLEL_MAX; 1 in the allocation-failure test build,
 * whose sweep counts allocations in one deterministic order. */
#define PARALLEL_MAX 64
int parallel_cpus(void);

void parallel_for(size_t n, int threads, void (*fn)(void *ctx, int worker, size_t i), void *ctx);

/* cJSON_ParseWithLengthOpts(s, n, end, 0) under the lock. */
struct cJSON *parallel_json_parse(const char *s, size_t n, const char **end);

#endif
