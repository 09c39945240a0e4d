/* init_draft: a first schema folder drafted from an existing SQLite database, for `init`.
 *
 * From the database's tables (internal sqlite_* and virtual tables left out) it writes
 * schemas/NAME/schema.sql (each CREATE statement as sqlite_master stores it),
 * schemas/NAME/data/TABLE.csv (a header, then every row through the project's CSV writer),
 * schemas/NAME/verbalize.json (three plain templates per table that mention every column,
 * a column holding NULLs inside an optional [ ] part) and queries/NAME.json (a count, a
 * maximum, a comparison, a ranking and, when a foreign key exists, a join, over the table
 * with the most rows).  The drafts pass `validate` as written; they are meant to be edited. */
#ifndef HB_INIT_DRAFT_H
#define HB_INIT_DRAFT_H

#include <sqlite3.h>

/* Drafts schema NAME from db (only read) into the benchmark folder dir; `source` names the
 * database in the files' comments.  Returns 0, or -1 after printing what failed. */
int init_draft(sqlite3 *db, const char *source, const char *dir, const char *name);

/* The built-in example database (two tables, a foreign key, NULLs, reals), made in memory;
 * NULL after printing when SQLite fails.  The caller closes it. */
sqlite3 *init_example_db(void);

#endif
