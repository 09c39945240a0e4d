/* sqlguard: the SQLite authorizer that keeps benchmark SQL read-only (see sqlguard.h). */
#include "sqlguard.h"

#include "schema.h"
#include "xalloc.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* Records what was refused, for query_prepare's message. */
static int deny(struct authz *az, const char *what, const char *arg)
{
    if (az) {
        az->denied = 1;
        snprintf(az->what, sizeof(az->what), "%s%s%s%s", what, arg ? " '" : "", arg ? arg : "",
                 arg ? "'" : "");
    }
    return SQLITE_DENY;
}

/* Functions whose result is not a function of the data: what the message says the query
 * does.  CURRENT_TIMESTAMP and its kin reach the authorizer as functions of those names. */
static const struct {
    const char *name, *does;
} chance_functions[] = {
    {"random", "calls random(), which gives another value each run"},
    {"randomblob", "calls randomblob(), which gives another value each run"},
    {"changes", "calls changes(), which depends on earlier statements"},
    {"total_changes", "calls total_changes(), which depends on earlier statements"},
    {"last_insert_rowid", "calls last_insert_rowid(), which depends on earlier statements"},
    {"current_timestamp", "uses CURRENT_TIMESTAMP, which reads the clock"},
    {"current_date", "uses CURRENT_DATE, which reads the clock"},
    {"current_time", "uses CURRENT_TIME, which reads the clock"},
};

/* The date and time functions read the clock only when asked ('now', no argument) and the
 * time zone with 'localtime' or 'utc'; their arguments are values, so the guard only notes
 * the call and sql_clock_use() (query.c) looks at the SQL text. */
static const char *const clock_functions[] = {"date",      "time",     "datetime", "julianday",
                                              "unixepoch", "strftime", "timediff", NULL};

int sql_clock_function(const char *name, size_t len)
{
    size_t i;
    for (i = 0; clock_functions[i]; i++)
        if (strlen(clock_functions[i]) == len && !strncasecmp(clock_functions[i], name, len))
            return 1;
    return 0;
}

static int check_function(struct authz *az, const char *name)
{
    size_t i;
    for (i = 0; i < sizeof(chance_functions) / sizeof(chance_functions[0]); i++)
        if (!strcasecmp(name, chance_functions[i].name)) {
            if (az)
                az->chance = 1;
            return deny(az, chance_functions[i].does, NULL);
        }
    if (az && sql_clock_function(name, strlen(name)))
        az->clock = 1;
    return SQLITE_OK;
}

int schema_authorize(void *ctx, int action, const char *a, const char *b, const char *c,
                     const char *d)
{
    struct authz *az = ctx;
    (void)c;
    (void)d;
    if (az && az->internal)
        return SQLITE_OK;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        if (b && !strcasecmp(b, "load_extension"))
            return deny(az, "loads an extension", NULL);
        return b ? check_function(az, b) : SQLITE_OK;
    case SQLITE_READ:
        if (a && !strncasecmp(a, "sqlite_", 7))
            return deny(az, "reads the internal table", a);
        if (a && !strncasecmp(a, "pragma_", 7))
            return deny(az, "runs PRAGMA", a + 7);
        if (az && az->s && a) {
            int ti = schema_table_index(az->s, a);
            if (ti >= 0) {
                const struct table *t = &az->s->tables[ti];
                az->table_read[ti] = 1;
                if (b && *b && az->reads) {
                    int ci = table_column_index(t, b);
                    if (!az->reads[ti])
                        az->reads[ti] = xcalloc(t->ncols ? t->ncols : 1, 1);
                    if (ci >= 0)
                        az->reads[ti][ci] = 1;
                }
            }
        }
        return SQLITE_OK;
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        return deny(az, "attaches a database", NULL);
    case SQLITE_PRAGMA:
        return deny(az, "runs PRAGMA", a);
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
        /* SQLite asks about sqlite_master itself when a PRAGMA function reads the schema */
        if (a && !strncasecmp(a, "sqlite_", 7))
            return deny(az, "reads the database schema (a PRAGMA function?)", NULL);
        return deny(az, "writes to table", a);
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
        return deny(az, "controls transactions", NULL);
    default:
        return deny(az, "changes the database", NULL);
    }
}

/* sqlite_master is written by SQLite itself for every CREATE. */
static int is_master(const char *t)
{
    return t && (!strcasecmp(t, "sqlite_master") || !strcasecmp(t, "sqlite_schema"));
}

int ddl_authorize(void *ctx, int action, const char *a, const char *b, const char *c, const char *d)
{
    struct authz *az = ctx;
    (void)d;
    if (c && strcasecmp(c, "main") && (action == SQLITE_CREATE_TABLE || action == SQLITE_INSERT))
        return deny(az, "writes outside the main database", c);
    switch (action) {
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_VIEW:
    case SQLITE_REINDEX: /* part of CREATE INDEX */
    case SQLITE_INSERT:
    case SQLITE_SELECT:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_READ:
        return a && !strncasecmp(a, "pragma_", 7) ? deny(az, "runs PRAGMA", a + 7) : SQLITE_OK;
    case SQLITE_FUNCTION:
        return b && !strcasecmp(b, "load_extension") ? deny(az, "loads an extension", NULL)
                                                     : SQLITE_OK;
    case SQLITE_UPDATE:
        return is_master(a) ? SQLITE_OK : deny(az, "updates table", a);
    case SQLITE_ATTACH: /* also VACUUM INTO: both write files */
    case SQLITE_DETACH:
        return deny(az, "attaches a database file", NULL);
    case SQLITE_PRAGMA:
        return deny(az, "runs PRAGMA", a);
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_CREATE_TEMP_TRIGGER:
        return deny(az, "creates a trigger", a);
    default:
        return deny(az, "does more than create tables, indexes and views and insert rows", NULL);
    }
}

struct authz *authz_install(sqlite3 *db)
{
    struct authz *az = xcalloc(1, sizeof(*az));
    sqlite3_set_authorizer(db, schema_authorize, az);
    return az;
}
