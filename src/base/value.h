/* value: one cell of a table, and the one formatter that turns it into text.
 *
 * The verbalizer and the gold answer both print values through cell_text(), so a value
 * reads the same in the context and in the gold table.  Formatting rules:
 *  - INTEGER: decimal, "-" for negatives;
 *  - REAL: the shortest of %.15g/%.16g/%.17g that reads back to the same double, with
 *    ".0" added when that would look like an integer (Python's repr); inf and nan as
 *    "inf", "-inf", "nan";
 *  - TEXT: the exact bytes;
 *  - BLOB: lowercase hex;
 *  - NULL: no text (`text` is "" and callers check the type).
 * Formatting is locale-independent: holobench never calls setlocale(). */
#ifndef HB_VALUE_H
#define HB_VALUE_H

#include "buf.h"

#include <sqlite3.h>
#include <stdint.h>

struct cell {
    int type; /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL */
    int64_t i;
    double d;
    char *text; /* owned, NUL-terminated display form; for BLOB the hex form */
    size_t len;
    unsigned char *blob; /* owned raw bytes, BLOB only */
    size_t blob_len;
};

/* Copy column `col` of the current row of `st` into `c` (which the caller releases). */
void cell_from_stmt(struct cell *c, sqlite3_stmt *st, int col);
void cell_from_value(struct cell *c, sqlite3_value *v);
void cell_copy(struct cell *dst, const struct cell *src);
void cell_release(struct cell *c);
int cell_bind(sqlite3_stmt *st, int idx, const struct cell *c);
/* Append the JSON literal: a number for INTEGER and finite REAL, a string otherwise, null. */
void cell_json(struct buf *b, const struct cell *c);
/* Total order used for canonical sorting: SQLite's (NULL < numbers < text < blob). */
int cell_cmp(const struct cell *a, const struct cell *b);

void format_real(struct buf *b, double d);

#endif
