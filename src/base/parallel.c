/* parallel.c: a batch of independent calls shared by a few threads; see parallel.h. */
#include "parallel.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <unistd.h>

#include "banned.h"

static pthread_mutex_t json_lock = PTHREAD_MUTEX_INITIALIZER;

struct batch {
    pthread_mutex_t lock;
    size_t next, n; /* the next index not yet taken */
    void (*fn)(void *ctx, int worker, size_t i);
    void *ctx;
};

struct worker {
    struct batch *b;
    int id;
};

int parallel_cpus(void)
{
#ifdef HB_FAIL_ALLOC
    return 1;
#else
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > PARALLEL_MAX ? PARALLEL_MAX : (int)n;
#endif
}

/* Indices are taken one at a time, not in fixed shares: replies differ a hundredfold in
 * length, and a fixed share would leave one thread with all the long ones. */
static void *work(void *arg)
{
    struct worker *w = arg;
    struct batch *b = w->b;
    for (;;) {
        size_t i;
        pthread_mutex_lock(&b->lock);
        i = b->next < b->n ? b->next++ : b->n;
        pthread_mutex_unlock(&b->lock);
        if (i == b->n)
            return NULL;
        b->fn(b->ctx, w->id, i);
    }
}

void parallel_for(size_t n, int threads, void (*fn)(void *ctx, int worker, size_t i), void *ctx)
{
    struct batch b = {PTHREAD_MUTEX_INITIALIZER, 0, n, fn, ctx};
    struct worker w[PARALLEL_MAX];
    pthread_t tid[PARALLEL_MAX];
    int started[PARALLEL_MAX] = {0}, k;
    if (threads > PARALLEL_MAX)
        threads = PARALLEL_MAX;
    if (threads > 1 && (size_t)threads > n)
        threads = n ? (int)n : 1;
    for (k = 0; k < threads; k++)
        w[k].b = &b, w[k].id = k;
    for (k = 1; k < threads; k++)
        started[k] = !pthread_create(&tid[k], NULL, work, &w[k]);
    work(&w[0]);
    for (k = 1; k < threads; k++)
        if (started[k])
            pthread_join(tid[k], NULL);
    pthread_mutex_destroy(&b.lock);
}

cJSON *parallel_json_parse(const char *s, size_t n, const char **end)
{
    cJSON *j;
    pthread_mutex_lock(&json_lock);
    j = cJSON_ParseWithLengthOpts(s, n, end, 0);
    pthread_mutex_unlock(&json_lock);
    return j;
}
