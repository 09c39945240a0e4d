/* rundb: one run's SQLite database (results/RUN.sqlite, WAL), and the reply cache.
 *
 * Tables (documented in the README for users of any SQLite tool):
 *   run(key TEXT PRIMARY KEY, value TEXT)   -- settings: endpoint (no secrets), api, model,
 *                                              params, prompt_hash, suite, suite_hash, ...
 *   instances(id TEXT PRIMARY KEY, query_id, schema, types, difficulty, target_tokens,
 *             info_tokens, density, position, seed, request_hash, prompt_tokens,
 *             status, reply, reasoning, finish_reason, finish_raw, truncated, refused,
 *             input_tokens, output_tokens, reasoning_tokens, cached_tokens,
 *             usage_estimated, latency_ms, attempts, http_status, last_error,
 *             model_returned, response_id, from_cache, updated_at,
 *             score, score_gold_hash, labels, scorer,
 *             cache_write_tokens, request_id, stop_details)   -- the last three: version 2
 *                                           -- one row per instance of the suite, in suite
 *                                              order (rowid); unknown counts, latencies
 *                                              and HTTP statuses are NULL, not -1 or 0
 * status: 'pending' (not answered yet), 'done' (a reply is stored; `truncated` says
 * whether the output limit cut it), 'failed' (retries exhausted; retried on resume),
 * 'bad_request' and 'too_long' (the server refused the request; not retried unless asked).
 *
 * Every recorded reply is committed at once (one transaction per reply, WAL,
 * synchronous=NORMAL), so a killed process loses nothing that was answered.
 *
 * A handle (struct rundb, struct replycache) is for one thread at a time: it keeps
 * prepared statements.  Separate handles, in one process or several, may share a file.
 *
 * The cache (a separate file, by default results/cache.sqlite) maps a request hash —
 * SHA-256 over base_url, model, the full request body (params and prompt included) — to a
 * successful reply, so an identical request is never paid for twice, across runs. */
#ifndef HB_RUNDB_H
#define HB_RUNDB_H

#include "provider.h"

#include <stdint.h>

struct rundb;

/* Settings recorded once; reopening a run with different values is refused (the message
 * names the key that differs), so a run never mixes two configurations; settings whose kind
 * (resume.h) lets them change are updated instead.  A key the run
 * does not have yet is stored (a setting added by a later holobench); n = 0 opens an
 * existing run without comparing settings (score, judge).  A NULL value is stored as NULL. */
struct run_setting {
    const char *key, *value;
    int kind; /* enum setting_kind (resume.h): 0 must not change */
};

/* Creates the file when missing (its folder must exist) unless n = 0.  Refuses, without
 * changing it, a file that is not a holobench run database or fails rundb_check().  *out
 * is NULL on failure. */
int rundb_open(struct rundb **out, const char *path, const struct run_setting *settings, size_t n);
void rundb_close(struct rundb *db);
/* Closes and deletes the run database with its lock file: for a run that this invocation
 * created and that failed before it sent anything, so no empty run is left behind. */
void rundb_close_remove(struct rundb *db);

/* Checks an existing run database before anything reads it: PRAGMA quick_check, every
 * table and column holobench reads, the schema version, and that every instance has a text
 * id and status.  0, or -1 after a message saying what is wrong.  rundb_open() runs it on
 * every existing file; with n = 0 rundb_open() also refuses a missing or empty file. */
struct sqlite3;
int rundb_check(struct sqlite3 *db, const char *path);
/* Opens an existing run read-only (report, show, calibrate) and checks it with
 * rundb_check(); *out is NULL on failure.  The caller closes *out with sqlite3_close(). */
int rundb_open_readonly(struct sqlite3 **out, const char *path);

/* Takes the run's lock (the file PATH.lock beside it) for as long as the handle is open, so
 * that two processes never send the same pending instances (run, import).  -1 (printed,
 * naming the other process) when another holds it. */
int rundb_lock(struct rundb *db);

/* What `run` knows of an instance before sending it. */
struct run_item {
    const char *id, *query_id, *schema, *types_json, *difficulty, *position, *density;
    int64_t target_tokens, info_tokens, seed, prompt_tokens;
    const char *request_hash;
};
/* Adds instances not yet in the run (status 'pending'); existing rows are kept.  One
 * transaction: all or nothing.  prompt_tokens < 0 is stored as NULL. */
int rundb_add(struct rundb *db, const struct run_item *items, size_t n);

/* The ids still to send: 'pending' and 'failed', plus 'bad_request' and 'too_long' with
 * retry_refused.  Calls fn for each in suite order (rowid); fn returns non-zero to stop.
 * The ids are all read before the first call, so fn may record replies.  Returns 0, -1 on
 * a database error, or the non-zero value fn stopped with. */
int rundb_todo(struct rundb *db, int retry_refused, int (*fn)(void *ctx, const char *id),
               void *ctx);

struct attempt_info {
    int attempts;
    long http_status;
    double latency_ms;
    int from_cache;
    int usage_estimated; /* usage missing from the reply: token counts are estimates */
};
/* Each is one UPDATE, committed before returning; -1 (printed) when the id is not in the
 * run.  a may be NULL (nothing known); http_status 0 and latency_ms < 0 are stored as NULL.
 * A reply sets status 'done', clears last_error and clears the score columns (a score of
 * an earlier reply no longer applies). */
int rundb_record_reply(struct rundb *db, const char *id, const struct reply *r,
                       const struct attempt_info *a);
/* status: "failed", "bad_request" or "too_long" (anything else is a BUG).  Sets status,
 * last_error and the attempt columns; the reply columns are left as they were. */
int rundb_record_failure(struct rundb *db, const char *id, const char *status, const char *message,
                         const struct attempt_info *a);

/* Records the provider's request id of a failed attempt (a reply's comes with the reply). */
int rundb_set_request_id(struct rundb *db, const char *id, const char *request_id);

/* What the run holds for one instance (batch import; export --missing).  The strings are
 * owned: run_state_release() frees them. */
struct run_state {
    char *status, *last_error; /* last_error NULL when none */
    int64_t prompt_tokens;     /* -1 unknown */
};
/* 0 and *out filled; -1 (printed) when the id is not in the run or on a database error,
 * with *out empty. */
int rundb_state(struct rundb *db, const char *id, struct run_state *out);
void run_state_release(struct run_state *s);

/* Counts by status, for summaries: fills counts[] for "pending", "done", "failed",
 * "bad_request", "too_long" in that order, and *truncated. */
int rundb_counts(struct rundb *db, int64_t counts[5], int64_t *truncated);

/* A value that is recorded but never compared on reopen (such as where the suite file
 * lives, which may move); upserted into the run table. */
int rundb_set_info(struct rundb *db, const char *key, const char *value);
/* A setting or info value as a fresh string (caller frees); NULL when absent. */
char *rundb_get(struct rundb *db, const char *key);
/* Where the run's suite is now (suite_path, else suite_path_rel from the run's folder; see
 * resource.h), or NULL when the run records none.  Caller frees. */
char *rundb_suite_path(struct rundb *db, const char *run_path);
/* The connection, for the scorer and reports, which keep their own tables in the run. */
struct sqlite3 *rundb_sqlite(struct rundb *db);

/* The same two reads on a run database opened some other way (read-only, by `report` and
 * `show`, which must leave a run as it is): a value of its run table, fresh, or NULL when
 * absent; *bad (when not NULL) is set when the table cannot be read at all. */
char *run_setting(struct sqlite3 *db, const char *key, int *bad);
char *run_suite_path(struct sqlite3 *db, const char *run_path);
/* The shape of run database this holobench writes; it reads this one and version 1, which
 * it upgrades (adding columns) when it opens one for writing; another is refused. */
#define RUNDB_SCHEMA_VERSION "2"
/* Whether a table has a column: readers of columns added in version 2 (cache_write_tokens,
 * request_id, stop_details) ask, as a version 1 run opened read-only lacks them. */
int rundb_has_column(struct sqlite3 *db, const char *table, const char *column);

/* The reply cache. */
struct replycache;
/* Where a run's reply cache is unless a command is told otherwise: cache.sqlite in the run
 * database's folder (results/cache.sqlite for results/RUN.sqlite).  Caller frees. */
char *replycache_default_path(const char *run_path);
int replycache_open(struct replycache **out, const char *path);
void replycache_close(struct replycache *c);
/* 1 and fills r when the hash is cached, 0 when not, -1 on error.  r is overwritten
 * (not released first); on 0 and -1 it is left empty (NULL strings, -1 counts). */
int replycache_get(struct replycache *c, const char *request_hash, struct reply *r);
int replycache_put(struct replycache *c, const char *request_hash, const struct reply *r);

#endif
