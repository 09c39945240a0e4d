/* fuzz_batch: a batch result file as `holobench import` reads it (src/api/batch_import.c
 * batch_import_results(), the half of batch_import() after the manifest and the suite):
 * every line checked (bad lines, unknown custom_ids, duplicates, conflicting replies), then
 * the results recorded into a fresh run database with a few pending instances, created as
 * run and import create one, and a reply cache.  The endpoint's API is that of the first
 * line a provider claims (OpenAI Chat otherwise), as a user imports with the endpoint the
 * batch was made with.  Afterwards the run must hold every instance, and an import that
 * failed must have left them all pending. */
#include "fuzz.h"

#include "batch.h"
#include "buf.h"
#include "endpoint.h"
#include "provider.h"
#include "rundb.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The custom_ids of the seeds in fuzz/corpus/batch, so that mutations hit known requests. */
static const struct batch_request reqs[] = {
    {"hb-0123456789abcdef", "q1-a", "h1"},
    {"hb-0123456789abcdee", "q1-b", "h2"},
    {"hb-0123456789abcded", "q2-a", "h3"},
    {"hb-0123456789abcdec", "q2-b", "h4"},
    {"hb-1", "q3-a", "h5"},
};
#define NREQ (sizeof(reqs) / sizeof(reqs[0]))

static struct endpoint eps[3]; /* openai, anthropic, openai-responses */
static struct replycache *cache;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const names[] = {"openai", "anthropic", "openai-responses"};
    char *cpath;
    size_t i;
    (void)argc, (void)argv;
    fuzz_quiet();
    for (i = 0; i < 3; i++) {
        struct buf p = BUF_INIT;
        buf_addf(&p, "%s/harness/endpoints/%s.json", FUZZ_SRC_ROOT, names[i]);
        if (endpoint_load(&eps[i], NULL, p.s) < 0)
            abort();
        buf_release(&p);
    }
    cpath = path_join(fuzz_dir(), "cache.sqlite");
    if (replycache_open(&cache, cpath) < 0)
        abort();
    free(cpath);
    return 0;
}

/* The endpoint whose API owns the first line a provider claims. */
static struct endpoint *endpoint_of(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *end = s + size;
    int lines = 0;
    while (s < end && lines++ < 100) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        cJSON *r = cJSON_ParseWithLength(s, n);
        const struct provider *p = cJSON_IsObject(r) ? provider_batch_owner(r) : NULL;
        cJSON_Delete(r);
        for (size_t i = 0; p && i < 3; i++)
            if (provider_for(eps[i].api) == p)
                return &eps[i];
        s += n + (nl != NULL);
    }
    return &eps[0];
}

static void remove_run(const char *path)
{
    static const char *const ext[] = {"", "-journal", "-wal", "-shm", ".lock"};
    for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
        struct buf p = BUF_INIT;
        buf_addf(&p, "%s%s", path, ext[i]);
        unlink(p.s);
        buf_release(&p);
    }
}

/* A run as harness_open_run() makes one: its settings, locked, the instances pending. */
static struct rundb *new_run(const char *path, const struct endpoint *e)
{
    struct run_setting set[] = {
        {"api", api_name(e->api), 0}, {"model", e->model, 0}, {"suite_hash", "fuzz", 0}};
    struct run_item items[NREQ];
    struct rundb *db;
    memset(items, 0, sizeof(items));
    for (size_t i = 0; i < NREQ; i++) {
        items[i].id = reqs[i].id;
        items[i].request_hash = reqs[i].hash;
        items[i].prompt_tokens = i % 2 ? -1 : 100; /* unknown, or estimated from */
    }
    remove_run(path);
    if (rundb_open(&db, path, set, sizeof(set) / sizeof(set[0])) < 0 || rundb_lock(db) < 0 ||
        rundb_add(db, items, NREQ) < 0)
        abort();
    return db;
}

/* Every instance still there; all pending after a failed import (one transaction). */
static void check_run(struct rundb *db, int rc)
{
    int64_t c[5], truncated;
    if (rundb_counts(db, c, &truncated) < 0 || c[0] + c[1] + c[2] + c[3] + c[4] != (int64_t)NREQ)
        abort();
    if (rc < 0 && c[0] != (int64_t)NREQ)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *file = fuzz_write("results.jsonl", data, size);
    char *run = path_join(fuzz_dir(), "run.sqlite");
    struct endpoint *e = endpoint_of(data, size);
    struct rundb *db = new_run(run, e);
    struct batch_results r = {e, "manifest.json", run, reqs, NREQ, &file, 1, db, cache};
    check_run(db, batch_import_results(&r));
    rundb_close(db);
    remove_run(run);
    free(run);
    free(file);
    return 0;
}
