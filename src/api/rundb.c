/* rundb.c: one run's SQLite database (results/RUN.sqlite, WAL), and the reply cache; the interface
 * and its rules are in rundb.h. */
#include "rundb.h"

#include "err.h"
#include "resource.h"
#include "resume.h"
#include "util.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

/* Stored in run.schema_version and bumped whenever a table changes shape, so that a
 * holobench never misreads a run written by another version of the tables. */

/* Long enough to ride out another process (a second `run`, a `score`, an sqlite3 shell)
 * holding the write lock for a moment, short enough that a stuck lock is reported. */
#define BUSY_TIMEOUT_MS 5000

struct rundb {
    sqlite3 *db;
    char *path;
    /* Prepared once: recording is the hot path (one UPDATE per reply). */
    sqlite3_stmt *add, *reply, *fail;
    sqlite3_stmt *state; /* prepared on first use */
    int lock_fd;         /* PATH.lock, held by rundb_lock(); -1 when not */
};

struct replycache {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *get, *put;
};

/* Token counts, latencies and HTTP statuses are NULL in the tables when unknown (rather
 * than -1 or 0), so that SQL aggregates such as sum() and avg() skip them. */
static const char run_ddl[] = "CREATE TABLE IF NOT EXISTS run (\n"
                              "    key TEXT PRIMARY KEY,\n"
                              "    value TEXT\n"
                              ");\n"
                              "CREATE TABLE IF NOT EXISTS instances (\n"
                              "    id TEXT PRIMARY KEY NOT NULL,\n"
                              "    query_id TEXT,\n"
                              "    schema TEXT,\n"
                              "    types TEXT,\n"
                              "    difficulty TEXT,\n"
                              "    target_tokens INTEGER,\n"
                              "    info_tokens INTEGER,\n"
                              "    density TEXT,\n"
                              "    position TEXT,\n"
                              "    seed INTEGER,\n"
                              "    request_hash TEXT,\n"
                              "    prompt_tokens INTEGER,\n"
                              "    status TEXT NOT NULL DEFAULT 'pending',\n"
                              "    reply TEXT,\n"
                              "    reasoning TEXT,\n"
                              "    finish_reason TEXT,\n"
                              "    finish_raw TEXT,\n"
                              "    truncated INTEGER,\n"
                              "    refused INTEGER,\n"
                              "    input_tokens INTEGER,\n"
                              "    output_tokens INTEGER,\n"
                              "    reasoning_tokens INTEGER,\n"
                              "    cached_tokens INTEGER,\n"
                              "    usage_estimated INTEGER,\n"
                              "    latency_ms REAL,\n"
                              "    attempts INTEGER NOT NULL DEFAULT 0,\n"
                              "    http_status INTEGER,\n"
                              "    last_error TEXT,\n"
                              "    model_returned TEXT,\n"
                              "    response_id TEXT,\n"
                              "    from_cache INTEGER,\n"
                              "    updated_at TEXT,\n"
                              "    score REAL,\n"
                              "    score_gold_hash TEXT,\n"
                              "    labels TEXT,\n"
                              "    scorer TEXT\n"
                              ");\n";

/* Columns added after schema version 1, with their types: a run database of version 1 gets
 * them (ALTER TABLE) the first time a holobench that writes them opens it for writing, and
 * becomes version 2; read-only, it stays as it is and readers treat them as NULL
 * (rundb_has_column()).  The reply cache gets the same columns. */
static const char *const added_columns[][2] = {
    {"cache_write_tokens", "INTEGER"}, /* prompt tokens written to the provider's cache */
    {"request_id", "TEXT"},            /* the provider's request-id / x-request-id */
    {"stop_details", "TEXT"},          /* Anthropic stop_details, compact JSON */
};
#define NADDED (sizeof(added_columns) / sizeof(added_columns[0]))

static const char cache_ddl[] = "CREATE TABLE IF NOT EXISTS cache (\n"
                                "    request_hash TEXT PRIMARY KEY NOT NULL,\n"
                                "    text TEXT,\n"
                                "    reasoning TEXT,\n"
                                "    finish TEXT,\n"
                                "    finish_raw TEXT,\n"
                                "    truncated INTEGER NOT NULL,\n"
                                "    refused INTEGER NOT NULL,\n"
                                "    input_tokens INTEGER,\n"
                                "    output_tokens INTEGER,\n"
                                "    reasoning_tokens INTEGER,\n"
                                "    cached_tokens INTEGER,\n"
                                "    model TEXT,\n"
                                "    response_id TEXT,\n"
                                "    created_at TEXT NOT NULL\n"
                                ");\n";

/* ISO 8601 UTC with milliseconds, built from numbers (not strftime's %c and friends) so
 * that no locale or time zone setting can change what is stored. */
static void now_iso8601(char *out, size_t size)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (!gmtime_r(&ts.tv_sec, &tm)) {
        snprintf(out, size, "1970-01-01T00:00:00.000Z");
        return;
    }
    snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000000));
}

static int sql_fail(sqlite3 *db, const char *path, const char *what)
{
    return error("%s: %s: %s", path, what, sqlite3_errmsg(db));
}

static int exec(sqlite3 *db, const char *path, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        error("%s: %s", path, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* After a failure inside BEGIN ... COMMIT; SQLite may already have rolled back (on a full
 * disk, say), hence the autocommit check. */
static void rollback(sqlite3 *db)
{
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

static int bind_str(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

/* -1 (and any negative) means unknown in struct reply: NULL in the tables. */
static int bind_count(sqlite3_stmt *st, int i, int64_t v)
{
    return v >= 0 ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

static char *col_str(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? xstrdup((const char *)s) : NULL;
}

static int64_t col_count(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, i);
}

static int open_file(sqlite3 **out, const char *path, const char *what)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    *out = NULL;
    if (rc != SQLITE_OK) {
        int e = db ? sqlite3_system_errno(db) : 0;
        if (e == ENOENT)
            error("cannot create %s '%s': its folder does not exist", what, path);
        else
            error("cannot open %s '%s': %s", what, path, e ? strerror(e) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    *out = db;
    return 0;
}

/* The number of tables in the file and whether one is named `table`; -1 when the file
 * cannot be read as SQLite at all.  Checked before anything writes, so that pointing
 * --run at some other database never alters it (not even its journal mode). */
static int count_tables(sqlite3 *db, const char *path, const char *what, const char *table,
                        int *has)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    *has = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT count(*), coalesce(sum(name = ?1), 0) FROM sqlite_schema "
                           "WHERE type = 'table'",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            n = sqlite3_column_int(st, 0);
            *has = sqlite3_column_int(st, 1) > 0;
        }
    }
    if (n < 0)
        error("'%s' is not a holobench %s: %s", path, what, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return n;
}

/* WAL lets readers (report, an sqlite3 shell) work while a run writes; synchronous=NORMAL
 * in WAL mode keeps every commit on a process crash and only risks the last commits on
 * power loss, for a commit without fsync. */
static int set_pragmas(sqlite3 *db, const char *path)
{
    return exec(db, path,
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                "PRAGMA foreign_keys = ON;");
}

/* Reads the schema version inside the setup transaction: 0 when it is ours, -1 (printed)
 * otherwise. */
static int check_version_of(sqlite3 *db, const char *path)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, "SELECT value FROM run WHERE key = 'schema_version'", -1, &st,
                           NULL) != SQLITE_OK) {
        error("'%s' is not a holobench run database: %s", path, sqlite3_errmsg(db));
        return -1;
    }
    switch (sqlite3_step(st)) {
    case SQLITE_ROW: {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (v && (!strcmp(v, RUNDB_SCHEMA_VERSION) || !strcmp(v, "1")))
            rc = 0; /* version 1 is read as it is and upgraded on the first write */
        else
            error("run database '%s' has schema version %s; this holobench reads version %s", path,
                  v ? v : "(none)", RUNDB_SCHEMA_VERSION);
        break;
    }
    case SQLITE_DONE:
        error("'%s' is not a holobench run database (its 'run' table has no schema_version)", path);
        break;
    default:
        sql_fail(db, path, "cannot read the schema version");
        break;
    }
    sqlite3_finalize(st);
    return rc;
}

static int check_version(struct rundb *r)
{
    return check_version_of(r->db, r->path);
}

/* The columns of `table` as ",a,b,...," (caller frees); NULL when there is no such table. */
static char *columns_of(sqlite3 *db, const char *table)
{
    sqlite3_stmt *st = NULL;
    struct buf b = BUF_INIT;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?1)", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW)
            buf_addf(&b, ",%s", (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    if (!b.len) {
        buf_release(&b);
        return NULL;
    }
    buf_addch(&b, ',');
    return buf_detach(&b, NULL);
}

/* Every table and column of run_ddl must be in the file (a later holobench may add more);
 * the model is run_ddl itself, created in memory, so the two cannot drift apart. */
static int check_tables(sqlite3 *db, const char *path)
{
    static const char *const tables[] = {"run", "instances"};
    sqlite3 *model = NULL;
    int rc = 0;
    if (sqlite3_open_v2(":memory:", &model, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        exec(model, ":memory:", run_ddl) < 0) {
        sqlite3_close(model);
        return error("cannot check '%s': out of memory", path);
    }
    for (size_t t = 0; t < 2 && !rc; t++) {
        char *want = columns_of(model, tables[t]), *have = columns_of(db, tables[t]);
        char *p = want ? want + 1 : NULL, *q;
        if (!want) /* the model always has both tables: only SQLite out of memory */
            rc = error("cannot check '%s': %s", path, sqlite3_errmsg(model));
        else if (!have)
            rc = error("'%s' is not a holobench run database (it has no '%s' table)", path,
                       tables[t]);
        for (; !rc && (q = strchr(p, ',')); p = q + 1) {
            struct buf col = BUF_INIT;
            buf_addf(&col, ",%.*s,", (int)(q - p), p);
            if (!strstr(have, col.s))
                rc = error("'%s' is not a holobench run database (table '%s' has no column "
                           "'%.*s')",
                           path, tables[t], (int)(q - p), p);
            buf_release(&col);
        }
        free(want);
        free(have);
    }
    sqlite3_close(model);
    return rc;
}

/* -1 (printed) unless `sql` yields 0: the number of instances that cannot be read. */
static int count_bad(sqlite3 *db, const char *path, const char *sql, const char *what)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        rc = sqlite3_column_int64(st, 0) ? error("run database '%s' is damaged: %lld instances %s",
                                                 path, (long long)sqlite3_column_int64(st, 0), what)
                                         : 0;
    else
        sql_fail(db, path, "cannot check the run database");
    sqlite3_finalize(st);
    return rc;
}

int rundb_check(sqlite3 *db, const char *path)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        error("'%s' is not a readable SQLite database: %s", path, sqlite3_errmsg(db));
    else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok"))
        error("run database '%s' is damaged (%s); restore it from a copy or start a new run", path,
              (const char *)sqlite3_column_text(st, 0));
    else
        rc = 0;
    sqlite3_finalize(st);
    if (rc < 0 || check_tables(db, path) < 0 || check_version_of(db, path) < 0)
        return -1;
    return count_bad(db, path,
                     "SELECT count(*) FROM instances WHERE typeof(id) <> 'text' OR "
                     "typeof(status) <> 'text'",
                     "have no id or no status (edited by hand?)");
}

int rundb_open_readonly(sqlite3 **out, const char *path)
{
    sqlite3 *db = NULL;
    int rc;
    *out = NULL;
    if (!file_exists(path))
        return error("cannot open run database '%s': no such file", path);
    rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        error("cannot open run database '%s': %s", path,
              db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    if (rundb_check(db, path) < 0) {
        sqlite3_close(db);
        return -1;
    }
    *out = db;
    return 0;
}

static int same_value(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

/* Whether the run has no reply yet (then nothing would be mixed by new settings). */
static int no_reply_yet(struct rundb *r)
{
    sqlite3_stmt *st = NULL;
    int none = 0;
    if (sqlite3_prepare_v2(r->db, "SELECT 1 FROM instances WHERE status = 'done' LIMIT 1", -1, &st,
                           NULL) == SQLITE_OK)
        none = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return none;
}

/* A run without replies takes new settings: its refusals were the old settings' and go
 * back to pending. */
static int replace_settings(struct rundb *r, const char *why)
{
    warning("run '%s' has no reply yet, so it takes the new settings (%s)", r->path, why);
    return exec(r->db, r->path,
                "UPDATE instances SET status = 'pending', last_error = NULL "
                "WHERE status IN ('failed', 'bad_request', 'too_long')");
}

/* Stores each setting the run does not have yet and compares the others.  A key missing
 * from an existing run is stored rather than refused, so that a setting added by a later
 * holobench does not lock users out of their old runs. */
static int check_settings(struct rundb *r, const struct run_setting *settings, size_t n)
{
    sqlite3_stmt *sel = NULL, *ins = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(r->db, "SELECT value FROM run WHERE key = ?1", -1, &sel, NULL) ||
        sqlite3_prepare_v2(r->db, "INSERT INTO run (key, value) VALUES (?1, ?2)", -1, &ins, NULL)) {
        rc = sql_fail(r->db, r->path, "cannot read the run settings");
        goto out;
    }
    for (size_t i = 0; i < n && !rc; i++) {
        const struct run_setting *s = &settings[i];
        int step;
        sqlite3_reset(sel);
        sqlite3_bind_text(sel, 1, s->key, -1, SQLITE_STATIC);
        step = sqlite3_step(sel);
        if (step == SQLITE_ROW) {
            const char *old = (const char *)sqlite3_column_text(sel, 0);
            struct buf why = BUF_INIT;
            int accept = setting_accepts((enum setting_kind)s->kind, s->key, old, s->value, &why);
            int differ = !same_value(old, s->value);
            sqlite3_reset(sel); /* `old` is not read after this: the update below may move it */
            if (!accept && no_reply_yet(r) && replace_settings(r, why.s) == 0)
                rc = rundb_set_info(r, s->key, s->value);
            else if (!accept)
                rc = error("run '%s' cannot be resumed: %s; to run with other settings, choose "
                           "a new --run path",
                           r->path, why.s);
            else if (differ)
                rc = rundb_set_info(r, s->key, s->value);
            buf_release(&why);
        } else if (step == SQLITE_DONE) {
            sqlite3_reset(ins);
            if (bind_str(ins, 1, s->key) || bind_str(ins, 2, s->value) ||
                sqlite3_step(ins) != SQLITE_DONE)
                rc = sql_fail(r->db, r->path, "cannot store the run settings");
        } else {
            rc = sql_fail(r->db, r->path, "cannot read the run settings");
        }
    }
out:
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    return rc;
}

int rundb_has_column(sqlite3 *db, const char *table, const char *column)
{
    char *cols = columns_of(db, table);
    struct buf want = BUF_INIT;
    int has;
    buf_addf(&want, ",%s,", column);
    has = cols && strstr(cols, want.s) != NULL;
    buf_release(&want);
    free(cols);
    return has;
}

/* Adds the columns of added_columns a table lacks (inside the caller's transaction). */
static int add_columns(sqlite3 *db, const char *path, const char *table)
{
    size_t i;
    for (i = 0; i < NADDED; i++) {
        struct buf sql = BUF_INIT;
        int rc = 0;
        if (!rundb_has_column(db, table, added_columns[i][0])) {
            buf_addf(&sql, "ALTER TABLE %s ADD COLUMN %s %s", table, added_columns[i][0],
                     added_columns[i][1]);
            rc = exec(db, path, sql.s);
        }
        buf_release(&sql);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Version 1 -> 2: the added columns. */
static int upgrade(struct rundb *r)
{
    if (add_columns(r->db, r->path, "instances") < 0)
        return -1;
    return exec(r->db, r->path,
                "UPDATE run SET value = '" RUNDB_SCHEMA_VERSION "' WHERE key = 'schema_version'");
}

/* One IMMEDIATE transaction, so that two processes opening the same new run cannot both
 * decide to store their (different) settings. */
static int setup_run(struct rundb *r, const struct run_setting *settings, size_t n)
{
    sqlite3_stmt *st = NULL;
    char now[64];
    int rc = -1;

    if (exec(r->db, r->path, "BEGIN IMMEDIATE") < 0)
        return -1;
    if (exec(r->db, r->path, run_ddl) < 0)
        goto out;
    now_iso8601(now, sizeof(now));
    /* Only the first open inserts these; later opens find them there. */
    if (sqlite3_prepare_v2(r->db,
                           "INSERT OR IGNORE INTO run (key, value) VALUES "
                           "('schema_version', ?1), ('created_at', ?2), "
                           "('holobench_version', ?3)",
                           -1, &st, NULL) != SQLITE_OK ||
        bind_str(st, 1, RUNDB_SCHEMA_VERSION) || bind_str(st, 2, now) ||
        bind_str(st, 3, HB_VERSION) || sqlite3_step(st) != SQLITE_DONE) {
        sql_fail(r->db, r->path, "cannot create the run tables");
        goto out;
    }
    if (check_version(r) < 0 || upgrade(r) < 0 || check_settings(r, settings, n) < 0)
        goto out;
    if (exec(r->db, r->path, "COMMIT") < 0)
        goto out;
    rc = 0;
out:
    sqlite3_finalize(st);
    if (rc < 0)
        rollback(r->db);
    return rc;
}

static int prepare_run(struct rundb *r)
{
    static const char add[] =
        "INSERT OR IGNORE INTO instances (id, query_id, schema, types, difficulty, "
        "target_tokens, info_tokens, density, position, seed, request_hash, prompt_tokens) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    /* A new reply makes any earlier score meaningless, hence the score columns reset. */
    static const char reply[] =
        "UPDATE instances SET status = 'done', reply = ?2, reasoning = ?3, "
        "finish_reason = ?4, finish_raw = ?5, truncated = ?6, refused = ?7, "
        "input_tokens = ?8, output_tokens = ?9, reasoning_tokens = ?10, cached_tokens = ?11, "
        "usage_estimated = ?12, latency_ms = ?13, attempts = ?14, http_status = ?15, "
        "last_error = NULL, model_returned = ?16, response_id = ?17, from_cache = ?18, "
        "updated_at = ?19, score = NULL, score_gold_hash = NULL, labels = NULL, "
        "scorer = NULL, cache_write_tokens = ?20, request_id = ?21, stop_details = ?22 "
        "WHERE id = ?1";
    static const char fail[] =
        "UPDATE instances SET status = ?2, last_error = ?3, attempts = ?4, "
        "http_status = ?5, latency_ms = ?6, from_cache = 0, updated_at = ?7 WHERE id = ?1";
    if (sqlite3_prepare_v2(r->db, add, -1, &r->add, NULL) ||
        sqlite3_prepare_v2(r->db, reply, -1, &r->reply, NULL) ||
        sqlite3_prepare_v2(r->db, fail, -1, &r->fail, NULL))
        return sql_fail(r->db, r->path, "cannot prepare statements");
    return 0;
}

int rundb_open(struct rundb **out, const char *path, const struct run_setting *settings, size_t n)
{
    struct rundb *r;
    sqlite3 *db;
    int ntables, has_run;

    *out = NULL;
    if (!n && !file_exists(path)) /* score, judge: a mistyped path must not make a new run */
        return error("cannot open run database '%s': no such file", path);
    if (open_file(&db, path, "run database") < 0)
        return -1;
    r = xcalloc(1, sizeof(*r));
    r->db = db;
    r->lock_fd = -1;
    r->path = xstrdup(path);
    ntables = count_tables(db, path, "run database", "run", &has_run);
    if (ntables < 0)
        goto fail;
    if (ntables > 0 && !has_run) {
        error("'%s' is not a holobench run database (it has no 'run' table); choose a new "
              "--run path",
              path);
        goto fail;
    }
    /* Again inside setup_run's transaction, against a concurrent creator; this one runs
     * first so that a foreign file with a `run` table is refused untouched. */
    if (ntables > 0 && (check_version(r) < 0 || rundb_check(db, path) < 0))
        goto fail;
    if (!ntables && !n) {
        error("'%s' is not a holobench run database (it is empty)", path);
        goto fail;
    }
    if (set_pragmas(db, path) < 0 || setup_run(r, settings, n) < 0 || prepare_run(r) < 0)
        goto fail;
    *out = r;
    return 0;
fail:
    rundb_close(r);
    return -1;
}

/* The files go before the lock is released, so no other run sees them half gone. */
void rundb_close_remove(struct rundb *r)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal", ".lock"};
    struct buf p = BUF_INIT;
    size_t i;
    if (!r)
        return;
    sqlite3_finalize(r->add);
    sqlite3_finalize(r->reply);
    sqlite3_finalize(r->fail);
    sqlite3_finalize(r->state);
    sqlite3_close(r->db);
    r->add = r->reply = r->fail = r->state = NULL;
    r->db = NULL;
    for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
        buf_reset(&p);
        buf_addf(&p, "%s%s", r->path, suffix[i]);
        unlink(p.s);
    }
    buf_release(&p);
    rundb_close(r);
}

void rundb_close(struct rundb *r)
{
    if (!r)
        return;
    sqlite3_finalize(r->add);
    sqlite3_finalize(r->reply);
    sqlite3_finalize(r->fail);
    sqlite3_finalize(r->state);
    sqlite3_close(r->db);
    if (r->lock_fd >= 0)
        close(r->lock_fd); /* releases the lock; the file stays, as removing it would race */
    free(r->path);
    free(r);
}

/* A lock file beside the run rather than a lock on the database file itself: closing any
 * descriptor of that file would drop SQLite's own POSIX locks.  flock() is released by the
 * kernel when the process ends, so a killed run never leaves a stale lock. */
int rundb_lock(struct rundb *r)
{
    struct buf p = BUF_INIT, pid = BUF_INIT;
    int fd, rc = 0;
    buf_addf(&p, "%s.lock", r->path);
    fd = open(p.s, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        rc = error("cannot create the lock file '%s': %s", p.s, strerror(errno));
    } else if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        char other[32] = "";
        ssize_t n = pread(fd, other, sizeof(other) - 1, 0);
        other[n > 0 ? n : 0] = '\0';
        other[strcspn(other, "\n")] = '\0';
        rc = errno == EWOULDBLOCK
                 ? error("run '%s' is in use by another holobench process%s%s%s; wait for it "
                         "to end, or choose another --run path",
                         r->path, *other ? " (pid " : "", other, *other ? ")" : "")
                 : error("cannot lock '%s': %s", p.s, strerror(errno));
        close(fd);
    } else {
        buf_addf(&pid, "%ld\n", (long)getpid()); /* for the other process's message */
        if (ftruncate(fd, 0) < 0 || pwrite(fd, pid.s, pid.len, 0) < 0)
            warning("cannot write '%s': %s", p.s, strerror(errno));
        r->lock_fd = fd;
    }
    buf_release(&p);
    buf_release(&pid);
    return rc;
}

int rundb_add(struct rundb *r, const struct run_item *items, size_t n)
{
    sqlite3_stmt *st = r->add;
    /* One transaction for the whole suite: a commit per row would cost a WAL frame write
     * each, which for 100k instances is the difference between well under a second and
     * minutes. */
    if (exec(r->db, r->path, "BEGIN IMMEDIATE") < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct run_item *it = &items[i];
        int b = 0, step;
        sqlite3_reset(st);
        b |= bind_str(st, 1, it->id);
        b |= bind_str(st, 2, it->query_id);
        b |= bind_str(st, 3, it->schema);
        b |= bind_str(st, 4, it->types_json);
        b |= bind_str(st, 5, it->difficulty);
        b |= sqlite3_bind_int64(st, 6, it->target_tokens);
        b |= sqlite3_bind_int64(st, 7, it->info_tokens);
        b |= bind_str(st, 8, it->density);
        b |= bind_str(st, 9, it->position);
        b |= sqlite3_bind_int64(st, 10, it->seed);
        b |= bind_str(st, 11, it->request_hash);
        b |= bind_count(st, 12, it->prompt_tokens);
        step = b ? SQLITE_ERROR : sqlite3_step(st);
        if (step != SQLITE_DONE) {
            error("%s: cannot add instance '%s': %s", r->path, it->id ? it->id : "(null)",
                  sqlite3_errmsg(r->db));
            sqlite3_reset(st);
            rollback(r->db);
            return -1;
        }
    }
    sqlite3_reset(st);
    if (exec(r->db, r->path, "COMMIT") < 0) {
        rollback(r->db);
        return -1;
    }
    return 0;
}

int rundb_todo(struct rundb *r, int retry_refused, int (*fn)(void *ctx, const char *id), void *ctx)
{
    sqlite3_stmt *st = NULL;
    struct buf ids = BUF_INIT;
    int step, rc = 0;

    if (sqlite3_prepare_v2(r->db,
                           "SELECT id FROM instances WHERE status IN ('pending', 'failed') "
                           "OR (?1 AND status IN ('bad_request', 'too_long')) ORDER BY rowid",
                           -1, &st, NULL) != SQLITE_OK)
        return sql_fail(r->db, r->path, "cannot list the instances to send");
    sqlite3_bind_int(st, 1, !!retry_refused);
    /* The ids are read to the end before fn sees any, so that fn may record replies
     * without writing under an open read of the same table. */
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (id)
            buf_add(&ids, id, strlen(id) + 1);
    }
    if (step != SQLITE_DONE)
        rc = sql_fail(r->db, r->path, "cannot list the instances to send");
    sqlite3_finalize(st);
    for (size_t off = 0; !rc && off < ids.len; off += strlen(ids.s + off) + 1)
        rc = fn(ctx, ids.s + off);
    buf_release(&ids);
    return rc;
}

/* The reply's own columns, which the instances UPDATE and the cache INSERT both take as
 * ?2 to ?11 (text, reasoning, finish, finish_raw, truncated, refused, the four counts). */
static int bind_reply(sqlite3_stmt *st, const struct reply *r)
{
    int b = 0;
    b |= bind_str(st, 2, r->text);
    b |= bind_str(st, 3, r->reasoning);
    b |= bind_str(st, 4, r->finish);
    b |= bind_str(st, 5, r->finish_raw);
    b |= sqlite3_bind_int(st, 6, !!r->truncated);
    b |= sqlite3_bind_int(st, 7, !!r->refused);
    b |= bind_count(st, 8, r->input_tokens);
    b |= bind_count(st, 9, r->output_tokens);
    b |= bind_count(st, 10, r->reasoning_tokens);
    b |= bind_count(st, 11, r->cached_tokens);
    return b;
}

static const struct attempt_info no_attempt = {0, 0, -1, 0, 0};

static int finish_update(struct rundb *r, sqlite3_stmt *st, int bound, const char *id)
{
    int step = bound ? SQLITE_ERROR : sqlite3_step(st);
    int rc = 0;
    if (step != SQLITE_DONE)
        rc = error("%s: cannot record instance '%s': %s", r->path, id, sqlite3_errmsg(r->db));
    else if (sqlite3_changes(r->db) == 0)
        rc = error("%s: no instance '%s' in the run", r->path, id);
    sqlite3_reset(st);
    return rc;
}

int rundb_record_reply(struct rundb *r, const char *id, const struct reply *rep,
                       const struct attempt_info *a)
{
    sqlite3_stmt *st = r->reply;
    char now[64];
    int b = 0;

    if (!a)
        a = &no_attempt;
    now_iso8601(now, sizeof(now));
    sqlite3_reset(st);
    b |= bind_str(st, 1, id);
    b |= bind_reply(st, rep);
    b |= sqlite3_bind_int(st, 12, !!a->usage_estimated);
    b |=
        a->latency_ms >= 0 ? sqlite3_bind_double(st, 13, a->latency_ms) : sqlite3_bind_null(st, 13);
    b |= sqlite3_bind_int(st, 14, a->attempts);
    /* 0 means no HTTP exchange (a cache hit, a dropped connection). */
    b |=
        a->http_status > 0 ? sqlite3_bind_int64(st, 15, a->http_status) : sqlite3_bind_null(st, 15);
    b |= bind_str(st, 16, rep->model);
    b |= bind_str(st, 17, rep->id);
    b |= sqlite3_bind_int(st, 18, !!a->from_cache);
    b |= bind_str(st, 19, now);
    b |= bind_count(st, 20, rep->cache_write_tokens);
    b |= bind_str(st, 21, rep->request_id);
    b |= bind_str(st, 22, rep->stop_details);
    return finish_update(r, st, b, id);
}

int rundb_record_failure(struct rundb *r, const char *id, const char *status, const char *message,
                         const struct attempt_info *a)
{
    sqlite3_stmt *st = r->fail;
    char now[64];
    int b = 0;

    if (strcmp(status, "failed") && strcmp(status, "bad_request") && strcmp(status, "too_long"))
        BUG("rundb_record_failure: unknown status '%s'", status);
    if (!a)
        a = &no_attempt;
    now_iso8601(now, sizeof(now));
    sqlite3_reset(st);
    b |= bind_str(st, 1, id);
    b |= bind_str(st, 2, status);
    b |= bind_str(st, 3, message);
    b |= sqlite3_bind_int(st, 4, a->attempts);
    b |= a->http_status > 0 ? sqlite3_bind_int64(st, 5, a->http_status) : sqlite3_bind_null(st, 5);
    b |= a->latency_ms >= 0 ? sqlite3_bind_double(st, 6, a->latency_ms) : sqlite3_bind_null(st, 6);
    b |= bind_str(st, 7, now);
    return finish_update(r, st, b, id);
}

int rundb_set_request_id(struct rundb *r, const char *id, const char *request_id)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(r->db, "UPDATE instances SET request_id = ?2 WHERE id = ?1", -1, &st,
                           NULL) != SQLITE_OK ||
        bind_str(st, 1, id) || bind_str(st, 2, request_id) || sqlite3_step(st) != SQLITE_DONE)
        rc = sql_fail(r->db, r->path, "cannot record a request id");
    sqlite3_finalize(st);
    return rc;
}

void run_state_release(struct run_state *s)
{
    free(s->status);
    free(s->last_error);
    memset(s, 0, sizeof(*s));
}

int rundb_state(struct rundb *r, const char *id, struct run_state *out)
{
    sqlite3_stmt *st;
    int step;
    memset(out, 0, sizeof(*out));
    if (!r->state && sqlite3_prepare_v2(r->db,
                                        "SELECT status, last_error, prompt_tokens FROM "
                                        "instances WHERE id = ?",
                                        -1, &r->state, NULL) != SQLITE_OK)
        return sql_fail(r->db, r->path, "cannot read the instances");
    st = r->state;
    sqlite3_reset(st);
    if (sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT) != SQLITE_OK)
        return error("%s: cannot read instance '%s'", r->path, id);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        out->status = col_str(st, 0);
        out->last_error = col_str(st, 1);
        out->prompt_tokens = col_count(st, 2);
    }
    sqlite3_reset(st);
    if (step == SQLITE_ROW)
        return 0;
    if (step == SQLITE_DONE)
        return error("%s: no instance '%s' in the run", r->path, id);
    return error("%s: cannot read instance '%s': %s", r->path, id, sqlite3_errmsg(r->db));
}

int rundb_counts(struct rundb *r, int64_t counts[5], int64_t *truncated)
{
    static const char *const names[5] = {"pending", "done", "failed", "bad_request", "too_long"};
    sqlite3_stmt *st = NULL;
    int step, rc = 0;

    for (int i = 0; i < 5; i++)
        counts[i] = 0;
    *truncated = 0;
    if (sqlite3_prepare_v2(r->db,
                           "SELECT status, count(*), coalesce(sum(truncated <> 0), 0) "
                           "FROM instances GROUP BY status",
                           -1, &st, NULL) != SQLITE_OK)
        return sql_fail(r->db, r->path, "cannot count the instances");
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        for (int i = 0; s && i < 5; i++)
            if (!strcmp(s, names[i]))
                counts[i] = sqlite3_column_int64(st, 1);
        /* A failed retry keeps the earlier columns, so only replies that stand count. */
        if (s && !strcmp(s, "done"))
            *truncated = sqlite3_column_int64(st, 2);
    }
    if (step != SQLITE_DONE)
        rc = sql_fail(r->db, r->path, "cannot count the instances");
    sqlite3_finalize(st);
    return rc;
}

char *replycache_default_path(const char *run_path)
{
    char *copy = xstrdup(run_path), *path = path_join(dirname(copy), "cache.sqlite");
    free(copy);
    return path;
}

int replycache_open(struct replycache **out, const char *path)
{
    struct replycache *c;
    sqlite3 *db;
    int ntables, has_cache;

    *out = NULL;
    if (open_file(&db, path, "reply cache") < 0)
        return -1;
    c = xcalloc(1, sizeof(*c));
    c->db = db;
    c->path = xstrdup(path);
    ntables = count_tables(db, path, "reply cache", "cache", &has_cache);
    if (ntables < 0)
        goto fail;
    if (ntables > 0 && !has_cache) {
        error("'%s' is not a holobench reply cache (it has no 'cache' table)", path);
        goto fail;
    }
    if (set_pragmas(db, path) < 0 || exec(db, path, cache_ddl) < 0 ||
        add_columns(db, path, "cache") < 0)
        goto fail;
    if (sqlite3_prepare_v2(db,
                           "SELECT text, reasoning, finish, finish_raw, truncated, refused, "
                           "input_tokens, output_tokens, reasoning_tokens, cached_tokens, model, "
                           "response_id, cache_write_tokens, request_id, stop_details FROM cache "
                           "WHERE request_hash = ?1",
                           -1, &c->get, NULL) ||
        sqlite3_prepare_v2(db,
                           "INSERT OR REPLACE INTO cache (request_hash, text, reasoning, "
                           "finish, finish_raw, truncated, refused, input_tokens, "
                           "output_tokens, reasoning_tokens, cached_tokens, model, "
                           "response_id, created_at, cache_write_tokens, request_id, "
                           "stop_details) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                           "?12, ?13, ?14, ?15, ?16, ?17)",
                           -1, &c->put, NULL)) {
        sql_fail(db, path, "cannot prepare statements");
        goto fail;
    }
    *out = c;
    return 0;
fail:
    replycache_close(c);
    return -1;
}

void replycache_close(struct replycache *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->get);
    sqlite3_finalize(c->put);
    sqlite3_close(c->db);
    free(c->path);
    free(c);
}

int replycache_get(struct replycache *c, const char *request_hash, struct reply *r)
{
    sqlite3_stmt *st = c->get;
    int step, rc;

    reply_init(r);
    sqlite3_reset(st);
    if (bind_str(st, 1, request_hash) != SQLITE_OK)
        return sql_fail(c->db, c->path, "cannot read the reply cache");
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        r->text = col_str(st, 0);
        r->reasoning = col_str(st, 1);
        r->finish = col_str(st, 2);
        r->finish_raw = col_str(st, 3);
        r->truncated = sqlite3_column_int(st, 4) != 0;
        r->refused = sqlite3_column_int(st, 5) != 0;
        r->input_tokens = col_count(st, 6);
        r->output_tokens = col_count(st, 7);
        r->reasoning_tokens = col_count(st, 8);
        r->cached_tokens = col_count(st, 9);
        r->model = col_str(st, 10);
        r->id = col_str(st, 11);
        r->cache_write_tokens = col_count(st, 12);
        r->request_id = col_str(st, 13);
        r->stop_details = col_str(st, 14);
        rc = 1;
    } else if (step == SQLITE_DONE) {
        rc = 0;
    } else {
        rc = sql_fail(c->db, c->path, "cannot read the reply cache");
    }
    sqlite3_reset(st);
    return rc;
}

int replycache_put(struct replycache *c, const char *request_hash, const struct reply *r)
{
    sqlite3_stmt *st = c->put;
    char now[64];
    int b = 0, rc = 0;

    now_iso8601(now, sizeof(now));
    sqlite3_reset(st);
    b |= bind_str(st, 1, request_hash);
    b |= bind_reply(st, r);
    b |= bind_str(st, 12, r->model);
    b |= bind_str(st, 13, r->id);
    b |= bind_str(st, 14, now);
    b |= bind_count(st, 15, r->cache_write_tokens);
    b |= bind_str(st, 16, r->request_id);
    b |= bind_str(st, 17, r->stop_details);
    if (b || sqlite3_step(st) != SQLITE_DONE)
        rc = sql_fail(c->db, c->path, "cannot store a reply in the cache");
    sqlite3_reset(st);
    return rc;
}

int rundb_set_info(struct rundb *r, const char *key, const char *value)
{
    sqlite3_stmt *st;
    int rc = 0;
    if (sqlite3_prepare_v2(r->db, "INSERT OR REPLACE INTO run(key, value) VALUES(?1, ?2)", -1, &st,
                           NULL) != SQLITE_OK)
        return error("cannot write run '%s': %s", r->path, sqlite3_errmsg(r->db));
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = error("cannot write run '%s': %s", r->path, sqlite3_errmsg(r->db));
    sqlite3_finalize(st);
    return rc;
}

char *run_setting(sqlite3 *db, const char *key, int *bad)
{
    sqlite3_stmt *st;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM run WHERE key = ?1", -1, &st, NULL) !=
        SQLITE_OK) {
        if (bad)
            *bad = 1;
        return NULL;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

char *run_suite_path(sqlite3 *db, const char *run_path)
{
    char *abs = run_setting(db, "suite_path", NULL), *rel = run_setting(db, "suite_path_rel", NULL);
    char *path = resource_recorded_path(abs, rel, run_path);
    free(abs);
    free(rel);
    return path;
}

char *rundb_get(struct rundb *r, const char *key)
{
    return run_setting(r->db, key, NULL);
}

char *rundb_suite_path(struct rundb *r, const char *run_path)
{
    return run_suite_path(r->db, run_path);
}

struct sqlite3 *rundb_sqlite(struct rundb *r)
{
    return r->db;
}
