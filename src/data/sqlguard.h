/* sqlguard: the read-only SQL guard, an SQLite authorizer for the connections that run
 * benchmark queries.
 *
 * It allows reading and refuses writes, ATTACH, PRAGMA (also as pragma_* table functions),
 * reading the sqlite_* tables, transactions, schema changes and extension loading.  It also
 * refuses what would make an answer depend on chance: random(), randomblob(), changes(),
 * total_changes(), last_insert_rowid() and CURRENT_TIMESTAMP/DATE/TIME; a call of a date
 * and time function is only noted (`clock`), since whether it reads the clock depends on
 * its arguments, which query.c checks in the SQL text (sql_clock_use).  While
 * a statement is prepared it can also record which tables and columns the statement reads
 * (query.c uses this to know what a query depends on).
 *
 * Each such connection gets one struct authz, installed once with authz_install() and never
 * swapped: sqlite3_set_authorizer() expires every prepared statement of the connection, and a
 * re-prepared internal statement would then be refused.  `internal` lets holobench's own
 * statements (inserting gold rows, checking foreign keys) through.
 *
 * Ownership: the struct authz returned by authz_install() belongs to the caller, who frees it
 * with free() after closing the connection.  The reads and table_read arrays a caller hangs on
 * it are the caller's too; the guard only fills them (allocating reads[table] as needed). */
#ifndef HB_SQLGUARD_H
#define HB_SQLGUARD_H

#include <sqlite3.h>
#include <stddef.h>

struct schema;

struct authz {
    int internal;
    const struct schema *s; /* with reads/table_read: record what the statement reads */
    unsigned char **reads;  /* reads[table][column] set to 1; reads[table] NULL if unread */
    int *table_read;        /* table_read[t] = 1 if the statement reads table t */
    int denied;             /* set when something was refused */
    int chance;             /* ... because the result would not be deterministic */
    int clock;              /* the statement calls a date and time function */
    char what[128];         /* what was refused, for the message */
};

/* The authorizer callback (sqlite3_set_authorizer); ctx is a struct authz or NULL. */
int schema_authorize(void *ctx, int action, const char *a, const char *b, const char *c,
                     const char *d);
/* Whether name[0..len) names a date and time function (date, strftime, ...), any case. */
int sql_clock_function(const char *name, size_t len);
/* The authorizer for schema.sql (ctx a struct authz, for the message): CREATE TABLE, INDEX
 * and VIEW in the main database, INSERT and what those need; no ATTACH or VACUUM INTO (they
 * write files), no PRAGMA, triggers, ALTER, DROP, UPDATE or DELETE. */
int ddl_authorize(void *ctx, int action, const char *a, const char *b, const char *c,
                  const char *d);
/* Installs the guard on db with a new struct authz (zeroed) and returns it. */
struct authz *authz_install(sqlite3 *db);

#endif
