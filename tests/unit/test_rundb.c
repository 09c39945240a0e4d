#include "check.h"
#include "rundb.h"
#include "util.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

#define NITEMS 1000
/* The crash test's bounds: the child never records more than this many replies... */
#define KILL_ITEMS 10000
/* ...and is killed after at most this long, or after this many replies, whichever is first. */
#define KILL_AFTER_MS 2000
#define KILL_AFTER_REPLIES 500

static char tmpdir[] = "/tmp/hb_test_rundb_XXXXXX";

/* The test frees replies itself rather than calling reply_release(), so that it does not
 * depend on provider.c. */
static void free_reply(struct reply *r)
{
    free(r->text);
    free(r->reasoning);
    free(r->finish);
    free(r->finish_raw);
    free(r->model);
    free(r->id);
    memset(r, 0, sizeof(*r));
}

static void cleanup_tmpdir(void)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d))) {
        char *p;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        p = path_join(tmpdir, e->d_name);
        unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(tmpdir);
}

/* Direct reads with the SQLite API, to check what users of any SQLite tool would see.
 * `arg` is bound to ?1 when the query has a parameter. */
static char *query_str_arg(const char *path, const char *sql, int64_t arg)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        (sqlite3_bind_parameter_count(st) == 0 || sqlite3_bind_int64(st, 1, arg) == SQLITE_OK) &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static char *query_str(const char *path, const char *sql)
{
    return query_str_arg(path, sql, 0);
}

static long long query_int_arg(const char *path, const char *sql, int64_t arg)
{
    char *s = query_str_arg(path, sql, arg);
    long long v = s ? strtoll(s, NULL, 10) : -999;
    free(s);
    return v;
}

static long long query_int(const char *path, const char *sql)
{
    char *s = query_str(path, sql);
    long long v = s ? strtoll(s, NULL, 10) : -999;
    free(s);
    return v;
}

#define CHECK_QUERY_STR(path, sql, want)                                                           \
    do {                                                                                           \
        char *got_ = query_str((path), (sql));                                                     \
        CHECK_STR(got_, (want));                                                                   \
        free(got_);                                                                                \
    } while (0)

struct items {
    struct run_item v[KILL_ITEMS];
    char id[KILL_ITEMS][32], query[KILL_ITEMS][32];
};

static void make_items(struct items *it, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct run_item *r = &it->v[i];
        snprintf(it->id[i], sizeof(it->id[i]), "i%05zu", i);
        snprintf(it->query[i], sizeof(it->query[i]), "q%zu", i % 7);
        memset(r, 0, sizeof(*r));
        r->id = it->id[i];
        r->query_id = it->query[i];
        r->schema = "store";
        r->types_json = "[\"count\"]";
        r->difficulty = "easy";
        r->position = "middle";
        r->density = "0.5";
        r->target_tokens = 4096;
        r->info_tokens = 100;
        r->seed = (int64_t)i * 31;
        r->prompt_tokens = i % 3 ? (int64_t)4000 + (int64_t)i : -1;
        r->request_hash = it->id[i]; /* any unique string will do here */
    }
}

static const struct run_setting settings[] = {
    {"model", "m-1", 0},
    {"suite_hash", "abc123", 0},
    {"params", "{\"temperature\":0}", 0},
};
#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

static struct reply sample_reply(const char *text)
{
    struct reply r;
    memset(&r, 0, sizeof(r));
    r.text = (char *)text;
    r.finish = (char *)"stop";
    r.finish_raw = (char *)"end_turn";
    r.input_tokens = 4100;
    r.output_tokens = 12;
    r.reasoning_tokens = -1;
    r.cached_tokens = -1;
    r.model = (char *)"m-1-2024";
    r.id = (char *)"resp_1";
    return r;
}

struct collect {
    char **ids;
    size_t n, alloc;
    int stop_after;
};

static int collect_id(void *ctx, const char *id)
{
    struct collect *c = ctx;
    ALLOC_GROW(c->ids, c->n + 1, c->alloc);
    c->ids[c->n++] = xstrdup(id);
    return c->stop_after && (int)c->n >= c->stop_after ? 7 : 0;
}

static void collect_release(struct collect *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->ids[i]);
    free(c->ids);
    memset(c, 0, sizeof(*c));
}

/* Suite order is id order here, since the ids were made with a zero-padded counter. */
static int sorted(const struct collect *c)
{
    for (size_t i = 1; i < c->n; i++)
        if (strcmp(c->ids[i - 1], c->ids[i]) >= 0)
            return 0;
    return 1;
}

static int contains(const struct collect *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->ids[i], id))
            return 1;
    return 0;
}

static void test_run(struct items *it)
{
    char *path = path_join(tmpdir, "run.sqlite");
    struct rundb *db = NULL;
    struct attempt_info a = {1, 200, 1234.5, 0, 0};
    struct reply r;
    struct collect c = {0};
    int64_t counts[5], trunc;
    struct run_setting changed[NSETTINGS + 1] = {{NULL, NULL, 0}};

    CHECK_INT(rundb_open(&db, path, settings, NSETTINGS), ==, 0);
    CHECK(db != NULL);
    if (!db)
        goto out;
    make_items(it, NITEMS);
    CHECK_INT(rundb_add(db, it->v, NITEMS), ==, 0);
    /* Adding again keeps the existing rows (and their statuses). */
    CHECK_INT(rundb_add(db, it->v, 10), ==, 0);

    for (int i = 0; i < 100; i++) {
        r = sample_reply(i == 3 ? "Answer: 42" : "Answer");
        r.truncated = i < 4;
        r.refused = i == 50;
        a.attempts = 1 + i % 3;
        a.from_cache = i == 7;
        a.usage_estimated = i == 8;
        CHECK_INT(rundb_record_reply(db, it->id[i], &r, &a), ==, 0);
    }
    a.http_status = 503;
    for (int i = 100; i < 110; i++)
        CHECK_INT(rundb_record_failure(db, it->id[i], "failed", "server overloaded", &a), ==, 0);
    a.http_status = 400;
    for (int i = 110; i < 115; i++)
        CHECK_INT(rundb_record_failure(db, it->id[i], "bad_request", "bad field", &a), ==, 0);
    for (int i = 115; i < 120; i++)
        CHECK_INT(rundb_record_failure(db, it->id[i], "too_long", "context", &a), ==, 0);
    r = sample_reply("x");
    CHECK_INT(rundb_record_reply(db, "no-such-id", &r, &a), ==, -1);
    CHECK_INT(rundb_record_failure(db, "no-such-id", "failed", "x", &a), ==, -1);

    {
        struct run_state st;
        CHECK_INT(rundb_state(db, it->id[3], &st), ==, 0);
        CHECK_STR(st.status, "done");
        CHECK(st.last_error == NULL);
        CHECK_INT(st.prompt_tokens, ==, -1); /* stored as NULL */
        run_state_release(&st);
        CHECK_INT(rundb_state(db, it->id[100], &st), ==, 0);
        CHECK_STR(st.status, "failed");
        CHECK_STR(st.last_error, "server overloaded");
        CHECK_INT(st.prompt_tokens, ==, 4100);
        run_state_release(&st);
        CHECK_INT(rundb_state(db, "no-such-id", &st), ==, -1);
        CHECK(st.status == NULL);
    }

    CHECK_INT(rundb_counts(db, counts, &trunc), ==, 0);
    CHECK_INT(counts[0], ==, NITEMS - 120);
    CHECK_INT(counts[1], ==, 100);
    CHECK_INT(counts[2], ==, 10);
    CHECK_INT(counts[3], ==, 5);
    CHECK_INT(counts[4], ==, 5);
    CHECK_INT(trunc, ==, 4);

    CHECK_INT(rundb_todo(db, 0, collect_id, &c), ==, 0);
    CHECK_INT(c.n, ==, NITEMS - 110);
    CHECK(sorted(&c));
    CHECK(c.n > 0 && !strcmp(c.ids[0], it->id[100]));
    CHECK(!contains(&c, it->id[110]) && !contains(&c, it->id[115]) && !contains(&c, it->id[5]));
    CHECK(contains(&c, it->id[120]) && contains(&c, it->id[NITEMS - 1]));
    collect_release(&c);
    CHECK_INT(rundb_todo(db, 1, collect_id, &c), ==, 0);
    CHECK_INT(c.n, ==, NITEMS - 100);
    CHECK(sorted(&c));
    CHECK(contains(&c, it->id[110]) && contains(&c, it->id[119]) && !contains(&c, it->id[99]));
    collect_release(&c);
    /* fn's non-zero value stops the walk and is returned. */
    c.stop_after = 3;
    CHECK_INT(rundb_todo(db, 0, collect_id, &c), ==, 7);
    CHECK_INT(c.n, ==, 3);
    collect_release(&c);

    /* A failed instance that then succeeds loses its error. */
    r = sample_reply("late");
    a.http_status = 200;
    CHECK_INT(rundb_record_reply(db, it->id[100], &r, &a), ==, 0);
    /* The process "crashes": nothing but the close happens after the last record. */
    rundb_close(db);
    db = NULL;

    CHECK_QUERY_STR(path, "SELECT status FROM instances WHERE id = 'i00100'", "done");
    CHECK_QUERY_STR(path, "SELECT reply FROM instances WHERE id = 'i00100'", "late");
    CHECK_INT(query_int(path, "SELECT last_error IS NULL FROM instances WHERE id = 'i00100'"), ==,
              1);
    CHECK_QUERY_STR(path, "SELECT last_error FROM instances WHERE id = 'i00101'",
                    "server overloaded");
    CHECK_INT(query_int(path, "SELECT http_status FROM instances WHERE id = 'i00101'"), ==, 503);
    CHECK_QUERY_STR(path, "SELECT reply FROM instances WHERE id = 'i00003'", "Answer: 42");
    CHECK_INT(query_int(path, "SELECT truncated FROM instances WHERE id = 'i00003'"), ==, 1);
    CHECK_INT(query_int(path, "SELECT refused FROM instances WHERE id = 'i00050'"), ==, 1);
    CHECK_INT(query_int(path, "SELECT from_cache FROM instances WHERE id = 'i00007'"), ==, 1);
    CHECK_INT(query_int(path, "SELECT usage_estimated FROM instances WHERE id = 'i00008'"), ==, 1);
    CHECK_INT(query_int(path, "SELECT attempts FROM instances WHERE id = 'i00002'"), ==, 3);
    CHECK_INT(query_int(path, "SELECT input_tokens FROM instances WHERE id = 'i00002'"), ==, 4100);
    CHECK_INT(query_int(path, "SELECT reasoning_tokens IS NULL AND reasoning IS NULL AND "
                              "score IS NULL FROM instances WHERE id = 'i00002'"),
              ==, 1);
    CHECK_INT(query_int(path, "SELECT latency_ms * 10 FROM instances WHERE id = 'i00002'"), ==,
              12345);
    CHECK_QUERY_STR(path,
                    "SELECT model_returned || ' ' || response_id || ' ' || finish_reason "
                    "|| ' ' || finish_raw FROM instances WHERE id = 'i00002'",
                    "m-1-2024 resp_1 stop end_turn");
    CHECK_INT(query_int(path, "SELECT updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
                              "T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z' "
                              "FROM instances WHERE id = 'i00002'"),
              ==, 1);
    CHECK_INT(query_int(path, "SELECT prompt_tokens IS NULL FROM instances WHERE id = 'i00003'"),
              ==, 1);
    CHECK_INT(query_int(path, "SELECT seed FROM instances WHERE id = 'i00003'"), ==, 93);
    CHECK_QUERY_STR(path, "SELECT value FROM run WHERE key = 'model'", "m-1");
    CHECK_QUERY_STR(path, "SELECT value FROM run WHERE key = 'schema_version'", "2");
    CHECK_QUERY_STR(path, "PRAGMA journal_mode", "wal");

    /* Reopen: the statuses survive. */
    CHECK_INT(rundb_open(&db, path, settings, NSETTINGS), ==, 0);
    if (db) {
        CHECK_INT(rundb_counts(db, counts, &trunc), ==, 0);
        CHECK_INT(counts[0], ==, NITEMS - 120);
        CHECK_INT(counts[1], ==, 101);
        CHECK_INT(counts[2], ==, 9);
        rundb_close(db);
        db = NULL;
    }
    /* Commands that only read a run (report, score) pass no settings. */
    CHECK_INT(rundb_open(&db, path, NULL, 0), ==, 0);
    rundb_close(db);
    db = NULL;

    /* A different value is refused; a new key is stored, then held to. */
    memcpy(changed, settings, sizeof(settings));
    changed[0].value = "m-2";
    CHECK_INT(rundb_open(&db, path, changed, NSETTINGS), ==, -1);
    CHECK(db == NULL);
    changed[0].value = "m-1";
    changed[NSETTINGS].key = "prompt_hash";
    changed[NSETTINGS].value = "p1";
    CHECK_INT(rundb_open(&db, path, changed, NSETTINGS + 1), ==, 0);
    rundb_close(db);
    db = NULL;
    changed[NSETTINGS].value = NULL;
    CHECK_INT(rundb_open(&db, path, changed, NSETTINGS + 1), ==, -1);
    CHECK(db == NULL);
    CHECK_QUERY_STR(path, "SELECT value FROM run WHERE key = 'prompt_hash'", "p1");
    CHECK_QUERY_STR(path, "SELECT value FROM run WHERE key = 'model'", "m-1");

out:
    rundb_close(db);
    free(path);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void make_sqlite(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK_INT(sqlite3_open(path, &db), ==, SQLITE_OK);
    CHECK_INT(sqlite3_exec(db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close(db);
}

static void test_refused(void)
{
    char *other = path_join(tmpdir, "other.sqlite");
    char *kv = path_join(tmpdir, "kv.sqlite");
    char *text = path_join(tmpdir, "notes.txt");
    char *missing = path_join(tmpdir, "no/such/dir/run.sqlite");
    char *cache = path_join(tmpdir, "c.sqlite");
    struct rundb *db = NULL;
    struct replycache *rc = NULL;

    /* Someone else's database: refused, and left exactly as it was. */
    make_sqlite(other, "CREATE TABLE foo(x); INSERT INTO foo VALUES (1);");
    CHECK_INT(rundb_open(&db, other, settings, NSETTINGS), ==, -1);
    CHECK(db == NULL);
    CHECK_QUERY_STR(other, "PRAGMA journal_mode", "delete");
    CHECK_INT(query_int(other, "SELECT count(*) FROM sqlite_schema"), ==, 1);
    CHECK_INT(replycache_open(&rc, other), ==, -1);
    CHECK(rc == NULL);

    /* A `run` table alone is not enough. */
    make_sqlite(kv, "CREATE TABLE run(key TEXT PRIMARY KEY, value TEXT);");
    CHECK_INT(rundb_open(&db, kv, settings, NSETTINGS), ==, -1);
    CHECK_QUERY_STR(kv, "PRAGMA journal_mode", "delete");
    CHECK_INT(query_int(kv, "SELECT count(*) FROM run"), ==, 0);

    write_text(text, "just some notes, long enough to look like a header..........\n"
                     "and some more text to pass one hundred bytes of file size here.\n");
    CHECK_INT(rundb_open(&db, text, settings, NSETTINGS), ==, -1);
    CHECK(db == NULL);
    CHECK_INT(replycache_open(&rc, text), ==, -1);

    CHECK_INT(rundb_open(&db, missing, settings, NSETTINGS), ==, -1);
    CHECK(db == NULL);

    /* A cache is not a run, and a run is not a cache. */
    CHECK_INT(replycache_open(&rc, cache), ==, 0);
    replycache_close(rc);
    rc = NULL;
    CHECK_INT(rundb_open(&db, cache, settings, NSETTINGS), ==, -1);
    {
        char *run = path_join(tmpdir, "run.sqlite");
        CHECK_INT(replycache_open(&rc, run), ==, -1);
        CHECK(rc == NULL);
        free(run);
    }

    free(other);
    free(kv);
    free(text);
    free(missing);
    free(cache);
}

static void test_default_cache(void)
{
    char *p = replycache_default_path("results/x.sqlite");
    CHECK_STR(p, "results/cache.sqlite");
    free(p);
    p = replycache_default_path("x.sqlite");
    CHECK_STR(p, "cache.sqlite");
    free(p);
    p = replycache_default_path("/tmp/a/b.sqlite");
    CHECK_STR(p, "/tmp/a/cache.sqlite");
    free(p);
}

static void test_cache(void)
{
    char *path = path_join(tmpdir, "cache.sqlite");
    struct replycache *c = NULL;
    struct reply in, out;

    CHECK_INT(replycache_open(&c, path), ==, 0);
    if (!c)
        goto done;
    in = sample_reply("cached answer");
    in.reasoning = NULL;
    in.finish_raw = NULL;
    in.truncated = 1;
    in.refused = 1;
    in.cached_tokens = 0;
    CHECK_INT(replycache_put(c, "h1", &in), ==, 0);
    CHECK_INT(replycache_get(c, "h2", &out), ==, 0);
    CHECK(out.text == NULL && out.input_tokens == -1);
    CHECK_INT(replycache_get(c, "h1", &out), ==, 1);
    CHECK_STR(out.text, "cached answer");
    CHECK(out.reasoning == NULL);
    CHECK(out.finish_raw == NULL);
    CHECK_STR(out.finish, "stop");
    CHECK_INT(out.truncated, ==, 1);
    CHECK_INT(out.refused, ==, 1);
    CHECK_INT(out.input_tokens, ==, 4100);
    CHECK_INT(out.output_tokens, ==, 12);
    CHECK_INT(out.reasoning_tokens, ==, -1);
    CHECK_INT(out.cached_tokens, ==, 0);
    CHECK_STR(out.model, "m-1-2024");
    CHECK_STR(out.id, "resp_1");
    free_reply(&out);

    /* put replaces. */
    in.text = (char *)"second";
    in.reasoning = (char *)"thought";
    in.truncated = 0;
    in.output_tokens = -1;
    CHECK_INT(replycache_put(c, "h1", &in), ==, 0);
    replycache_close(c);
    c = NULL;

    CHECK_QUERY_STR(path, "PRAGMA journal_mode", "wal");
    CHECK_INT(query_int(path, "SELECT count(*) FROM cache"), ==, 1);
    CHECK_INT(replycache_open(&c, path), ==, 0);
    if (!c)
        goto done;
    CHECK_INT(replycache_get(c, "h1", &out), ==, 1);
    CHECK_STR(out.text, "second");
    CHECK_STR(out.reasoning, "thought");
    CHECK_INT(out.truncated, ==, 0);
    CHECK_INT(out.output_tokens, ==, -1);
    free_reply(&out);
done:
    replycache_close(c);
    free(path);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The child: record replies one by one, reporting each committed count on the pipe. */
static _Noreturn void record_until_killed(const char *path, struct items *it, int fd)
{
    struct rundb *db = NULL;
    struct attempt_info a = {1, 200, 10, 0, 0};
    if (rundb_open(&db, path, settings, NSETTINGS) < 0)
        _exit(2);
    for (int64_t i = 0; i < KILL_ITEMS; i++) {
        struct reply r = sample_reply(it->id[i]);
        int64_t done = i + 1;
        if (rundb_record_reply(db, it->id[i], &r, &a) < 0)
            _exit(3);
        if (write(fd, &done, sizeof(done)) != (ssize_t)sizeof(done))
            _exit(4);
    }
    /* Ending without rundb_close() is a crash too, only a gentler one. */
    _exit(0);
}

static void test_kill(struct items *it)
{
    char *path = path_join(tmpdir, "kill.sqlite");
    struct rundb *db = NULL;
    int fds[2], status = 0;
    int64_t reported = 0, counts[5], trunc;
    unsigned char acc[sizeof(int64_t)];
    size_t have = 0;
    long long deadline;
    pid_t pid;
    int killed = 0;

    make_items(it, KILL_ITEMS);
    CHECK_INT(rundb_open(&db, path, settings, NSETTINGS), ==, 0);
    if (!db)
        goto out;
    CHECK_INT(rundb_add(db, it->v, KILL_ITEMS), ==, 0);
    /* No connection may cross the fork. */
    rundb_close(db);
    db = NULL;

    CHECK_INT(pipe(fds), ==, 0);
    fflush(NULL);
    pid = fork();
    CHECK(pid >= 0);
    if (pid < 0)
        goto out;
    if (pid == 0) {
        close(fds[0]);
        record_until_killed(path, it, fds[1]);
    }
    close(fds[1]);

    deadline = now_ms() + KILL_AFTER_MS;
    for (;;) {
        struct pollfd p = {fds[0], POLLIN, 0};
        unsigned char chunk[4096];
        long long left = deadline - now_ms();
        ssize_t n;
        if (!killed && (left <= 0 || reported >= KILL_AFTER_REPLIES)) {
            kill(pid, SIGKILL);
            killed = 1;
        }
        /* After the kill, read what the child wrote before dying, up to end of file. */
        if (!killed && poll(&p, 1, (int)(left > 0 ? left : 0)) <= 0)
            continue;
        n = read(fds[0], chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; i++) {
            acc[have++] = chunk[i];
            if (have == sizeof(acc)) {
                memcpy(&reported, acc, sizeof(reported));
                have = 0;
            }
        }
    }
    close(fds[0]);
    CHECK_INT(waitpid(pid, &status, 0), ==, pid);
    /* Killed, or done with all its replies first on a fast machine: either is a crash. */
    CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ||
          (WIFEXITED(status) && WEXITSTATUS(status) == 0));
    CHECK(reported > 0);
    fprintf(stderr, "crash test: child killed after %lld reported replies\n", (long long)reported);

    CHECK_QUERY_STR(path, "PRAGMA integrity_check", "ok");
    CHECK_INT(rundb_open(&db, path, settings, NSETTINGS), ==, 0);
    if (!db)
        goto out;
    CHECK_INT(rundb_counts(db, counts, &trunc), ==, 0);
    /* Every reported reply is there; at most one more may have committed before the kill
     * landed between commit and report. */
    CHECK_INT(counts[1], >=, reported);
    CHECK_INT(counts[1], <=, reported + 1);
    CHECK_INT(counts[0] + counts[1], ==, KILL_ITEMS);
    rundb_close(db);
    db = NULL;
    CHECK_INT(query_int_arg(path,
                            "SELECT count(*) FROM instances WHERE rowid <= ?1 AND "
                            "status = 'done' AND reply = id",
                            reported),
              ==, reported);
    CHECK_QUERY_STR(path, "PRAGMA integrity_check", "ok");
out:
    rundb_close(db);
    free(path);
}

int main(void)
{
    struct items *it;
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    it = xcalloc(1, sizeof(*it));
    test_run(it);
    test_refused();
    test_cache();
    test_default_cache();
    test_kill(it);
    free(it);
    cleanup_tmpdir();
    return check_done();
}
