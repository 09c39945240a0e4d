/* schema: one database of the benchmark, loaded into memory.
 *
 * A schema comes from a folder `schemas/NAME/` (schema.sql, data/TABLE.csv, verbalize.json,
 * optionally generate.json) or from an existing SQLite file plus a verbalize.json.  Loading
 * executes the DDL and every CSV into an in-memory SQLite database in one transaction,
 * then reads every table into memory (struct table) in rowid order, so that the context
 * builder never goes back to SQL for rows.
 *
 * After loading, the database refuses writes: the SQL guard (sqlguard.h) is installed and
 * PRAGMA query_only is on.  Queries are prepared through query.h against it.
 *
 * Row identity: a row is (table index, row index); its key for provenance is the primary
 * key value (a JSON array for a composite key) or, where the table has no primary key,
 * the rowid.
 *
 * schema_hash: SHA-256 (hex) over, for each table in creation order, the table name and its
 * CREATE statement as SQLite stores it, then every row in rowid order with each value
 * written as a type letter (n, i, r, t, b) and its formatted text; fields end with 0x1f,
 * rows with 0x1e, tables with 0x1d.  It changes whenever the DDL or any value changes. */
#ifndef HB_SCHEMA_H
#define HB_SCHEMA_H

#include "buf.h"
#include "err.h"
#include "value.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct authz;
struct verbalizer;
struct vtable;

enum affinity { AFF_TEXT, AFF_NUMERIC, AFF_INTEGER, AFF_REAL, AFF_BLOB };
/* The affinity SQLite gives a column of declared type `decl` (NULL or "" for none: BLOB). */
enum affinity schema_affinity(const char *decl);

struct column {
    char *name;
    char *decl_type;
    enum affinity affinity;
    int pk; /* position in the primary key, 1-based; 0 if not part of it */
};

/* A foreign key from this table's columns `from` to `parent`'s columns `to`. */
struct fkey {
    size_t parent; /* table index */
    size_t *from;  /* column indices in this table */
    size_t *to;    /* column indices in the parent */
    size_t ncols;
    int64_t *parent_row; /* per row of this table: parent row index, or -1 if none matches */
};

struct table {
    char *name;
    char *sql; /* CREATE statement as stored by SQLite */
    struct column *cols;
    size_t ncols;
    size_t *pk; /* primary-key column indices in key order */
    size_t npk; /* 0: the rowid is the key */
    struct fkey *fks;
    size_t nfks;
    struct cell *cells; /* nrows * ncols, row-major */
    int64_t *rowids;    /* nrows, ascending */
    int *lines;         /* nrows: CSV line of each row, 0 when not from a CSV */
    char *csv_path;     /* the CSV it was loaded from, or NULL */
    size_t nrows;
    int skip;            /* listed under "skip" in verbalize.json */
    struct keymap *keys; /* key JSON text -> row, built by table_find_key() */
    struct vtable *vt;   /* its templates (borrowed from verb), NULL when skipped */
};

struct schema {
    char *name;
    char *dir;   /* schemas/NAME, or NULL for --db */
    char *ddl;   /* the concatenated CREATE statements, for building gold databases */
    sqlite3 *db; /* the loaded database; read-only after schema_load() */
    struct table *tables;
    size_t ntables;
    struct table **by_name; /* the tables in name order (case-insensitive), for lookups */
    struct verbalizer *verb;
    char *verb_path;
    char hash[65];
    struct authz *az; /* the authorizer context installed on db */
    /* where the rows came from, for the instance's generator field */
    int damaged; /* some rows failed to load (keep_going); the schema is not usable */
    int generated;
    double scale;
    uint64_t data_seed;
};

struct schema_opts {
    const char *db_file;   /* load this SQLite file instead of schema.sql + data/ */
    const char *verb_file; /* with db_file: the verbalize.json to use */
    int generate;          /* draw rows from generate.json instead of reading data/ */
    double scale;
    uint64_t data_seed;
    int no_verbalizer; /* `db` needs no templates */
    int keep_going;    /* validate: load what loads after bad rows, to check the rest */
};

/* Loads schema NAME from ROOT/schemas/NAME (or opts->db_file).  Every problem is printed as
 * `file:line: message` and loading goes on where it can, so that validate sees them all.
 * Returns 0, or -1 with the schema released. */
int schema_load(struct schema *s, const char *root, const char *name,
                const struct schema_opts *opts);
void schema_release(struct schema *s);

/* The folders under ROOT/schemas (only those with a query set when with_queries), sorted,
 * as a NULL-terminated array for free_strv().  NULL after printing when there is none. */
char **schema_list(const char *root, int with_queries, size_t *n);

/* Lookups. */
int schema_table_index(const struct schema *s, const char *name); /* -1: none (case-insensitive) */
int table_column_index(const struct table *t, const char *name);  /* -1: none */
static inline const struct cell *table_row(const struct table *t, size_t r)
{
    return t->cells + r * t->ncols;
}

/* The row's key: as JSON (scalar, array, or rowid number), and as text for hashing
 * (values joined by 0x1f, or the rowid in decimal). */
void table_key_json(const struct table *t, size_t r, struct buf *out);
void table_key_text(const struct table *t, size_t r, struct buf *out);
/* Row index of the row whose key, written as table_key_json() writes it, is the n bytes at
 * `json`; -1 if none.  The first call builds a hash index of the table's keys. */
int64_t table_find_key(struct table *t, const char *json, size_t n);
/* Row index of `rowid`, or -1 (rows are kept in rowid order, so this is a binary search). */
int64_t table_row_of_rowid(const struct table *t, int64_t rowid);

/* Check foreign keys (PRAGMA foreign_key_check); prints each violation with the CSV line.
 * Returns the number of violations. */
int schema_check_fkeys(const struct schema *s);

/* Writes the loaded database to a SQLite file (atomically: temporary file, then rename). */
int schema_save(const struct schema *s, const char *path);

#endif
