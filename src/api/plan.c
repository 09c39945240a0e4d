/* plan.c: read-only looks into a run and its reply cache for the dry run; the interface is
 * in plan.h. */
#include "plan.h"

#include "err.h"
#include "util.h"
#include "xalloc.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct plan {
    sqlite3 *run, *cache;
    sqlite3_stmt *status, *cached;
};

static int open_ro(sqlite3 **db, const char *path)
{
    if (!path || !file_exists(path))
        return 0;
    if (sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        error("cannot open '%s': %s", path, *db ? sqlite3_errmsg(*db) : "out of memory");
        sqlite3_close(*db);
        *db = NULL;
        return -1;
    }
    sqlite3_busy_timeout(*db, 5000);
    return 0;
}

int plan_open(struct plan **out, const char *run_path, const char *cache_path)
{
    struct plan *p = xcalloc(1, sizeof(*p));
    *out = NULL;
    if (open_ro(&p->run, run_path) < 0 || open_ro(&p->cache, cache_path) < 0) {
        plan_close(p);
        return -1;
    }
    /* a file of another kind (or an older shape) only means nothing is known of it */
    if (p->run && sqlite3_prepare_v2(p->run, "SELECT status FROM instances WHERE id = ?1", -1,
                                     &p->status, NULL) != SQLITE_OK)
        p->status = NULL;
    if (p->cache && sqlite3_prepare_v2(p->cache, "SELECT 1 FROM cache WHERE request_hash = ?1", -1,
                                       &p->cached, NULL) != SQLITE_OK)
        p->cached = NULL;
    *out = p;
    return 0;
}

void plan_close(struct plan *p)
{
    if (!p)
        return;
    sqlite3_finalize(p->status);
    sqlite3_finalize(p->cached);
    sqlite3_close(p->run);
    sqlite3_close(p->cache);
    free(p);
}

static int row_for(sqlite3_stmt *st, const char *key, char *out, size_t size)
{
    int hit = 0;
    if (!st)
        return 0;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        hit = 1;
        if (out) {
            size_t n = v ? strlen(v) : 0;
            n = n < size - 1 ? n : size - 1;
            memcpy(out, v ? v : "", n);
            out[n] = '\0';
        }
    }
    sqlite3_reset(st);
    return hit;
}

enum plan_state plan_state(struct plan *p, const char *id, const char *hash, int retry_refused)
{
    char status[32] = "";
    if (row_for(p->status, id, status, sizeof(status))) {
        if (!strcmp(status, "done"))
            return PLAN_DONE;
        if (!retry_refused && (!strcmp(status, "bad_request") || !strcmp(status, "too_long")))
            return PLAN_REFUSED;
    }
    return row_for(p->cached, hash, NULL, 0) ? PLAN_CACHED : PLAN_SEND;
}

double plan_latency(struct plan *p)
{
    sqlite3_stmt *st = NULL;
    double v = -1;
    if (p->run &&
        sqlite3_prepare_v2(p->run,
                           "SELECT avg(latency_ms) FROM instances WHERE status = 'done' "
                           "AND NOT from_cache AND latency_ms > 0",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_double(st, 0) / 1000;
    sqlite3_finalize(st);
    return v;
}
