/* query: a query set (queries/NAME.json), expanded over its params, and each query's
 * analysis against a loaded schema.
 *
 * Expansion: `params` maps names to arrays of values; an entry expands into one query per
 * combination, the cartesian product taken in the file's key order with the last key varying
 * fastest.  Expanded ids are `BASE.K`, K counting combinations from 1; an entry without
 * params keeps its id.  Values are bound by name (`:name`) and substituted into the question
 * (`{name}`) through the shared value formatter.  An entry expands to at most
 * QUERY_MAX_EXPANSION queries: more is an error at its `params`, before anything is built.
 *
 * Analysis: the tables and columns a query reads are what SQLite's authorizer reports while
 * preparing it, never a parse of the SQL text; the same authorizer refuses writes, ATTACH,
 * PRAGMA and extension loading, and the statement must be read-only.  What would make the
 * answer depend on chance is refused too: random(), CURRENT_TIMESTAMP and the like (the
 * authorizer) and a date and time function reading the clock (sql_clock_use).
 *
 * Row filters: `"row_filter": {"TABLE": "SQL condition", …}` names, per table the query reads,
 * the rows that bear on the answer (params bound as in the query).  Each condition is
 * prepared as `SELECT rowid FROM "TABLE" WHERE (condition)` through the same authorizer when
 * the query is analysed; a table the query does not read is an error.
 *
 * Order: `gold.ordered` is true when the outermost statement has an ORDER BY outside
 * parentheses, string literals and comments; a query's `"ordered": true|false` overrides. */
#ifndef HB_QUERY_H
#define HB_QUERY_H

#define QUERY_MAX_EXPANSION 10000

#include "err.h"
#include "value.h"

#include <sqlite3.h>
#include <stddef.h>

struct schema;

struct rowfilter {
    char *table;       /* as written; resolved by query_analyze() */
    char *cond;        /* the SQL condition */
    size_t ti;         /* schema table index, after query_analyze() */
    struct srcloc loc; /* its member of "row_filter" */
};

struct qparam {
    char *name;
    struct cell value;
};

struct query {
    char *id;      /* expanded id */
    char *base_id; /* the entry's id */
    char *question;
    char *sql;
    struct qparam *params;
    size_t nparams;
    char **types;
    size_t ntypes;
    char *difficulty;
    int ordered;               /* 1 when the outer statement orders its result */
    int expect_empty;          /* the answer is empty on purpose */
    struct rowfilter *filters; /* "row_filter", in file order */
    size_t nfilters;
    struct srcloc loc;     /* the entry */
    struct srcloc sql_loc; /* its "sql" member, for SQL problems */
    /* filled by query_analyze() */
    int *reads_table;          /* per schema table */
    unsigned char **reads_col; /* per schema table: per column, or NULL */
    size_t *tables;            /* indices of the tables read, in schema order */
    size_t ntables;
    size_t nschema_tables; /* length of reads_table and reads_col */
};

struct json_lines;

struct query_set {
    char *path;
    char *schema;
    struct json_lines *lines; /* where each value of the file is, for locating problems */
    struct query *q;
    size_t n;
};

/* ROOT/queries/SCHEMA.json, fresh. */
char *query_set_path(const char *root, const char *schema);
/* Loads and expands a query set; reports every problem as `file:line: message`. */
int query_set_load(struct query_set *qs, const char *path);
void query_set_release(struct query_set *qs);

/* Prepares the query against the schema's database through the authorizer and records what
 * it reads.  Errors name the query id.  Returns 0 or -1. */
int query_analyze(struct query *q, const struct schema *s);

/* Prepares `q` on `db` (any database with the schema's tables, whose authorizer context
 * is `az`, see sqlguard.h) and binds its params.  Returns the statement or NULL after
 * printing an error. */
struct authz;
sqlite3_stmt *query_prepare(const struct query *q, sqlite3 *db, struct authz *az);

/* Resolves and prepares q's row filters (called by query_analyze()).  Returns 0 or -1. */
int rowfilter_analyze(struct query *q, const struct schema *s);
/* Marks the rows of filtered tables that pass their filter: pass[t] is NULL for a table
 * without a filter, else one byte per row of table t (1: passes).  Only after
 * query_analyze().  Returns 0 or -1 after printing; free with rowfilter_release(). */
int rowfilter_mark(const struct query *q, const struct schema *s, unsigned char ***pass);
void rowfilter_release(unsigned char **pass, size_t ntables);

/* Whether q's SQL makes a date and time function read the clock or the time zone ('now',
 * no argument, 'localtime', 'utc', also as the value of a bound param); if so, appends to
 * `why` what the query does ("calls date() with 'now', which reads the clock") and returns
 * 1.  query_prepare() refuses such a query; see query.c for what the check sees. */
int sql_clock_use(const struct query *q, struct buf *why);

/* Whether the outermost statement of `sql` has an ORDER BY. */
int sql_outer_order_by(const char *sql);

#endif
