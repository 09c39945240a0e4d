/* gold: the answer of a query over exactly the relevant rows placed in an instance.
 *
 * A gold database is a fresh in-memory SQLite database with the schema's DDL (foreign keys
 * not enforced, so a placed child whose parent was not placed is kept).  The placed rows
 * are inserted in canonical order (table order, then row order) and the query runs once.
 * Two checks follow, each a layout as valid as the first, so that a different answer means
 * the answer depends on row order (ties at a LIMIT, a LIMIT without ORDER BY, a scalar
 * subquery over several rows) and the gold is marked ambiguous:
 *  - a second database gets the same rows in reverse order, its tables declared without
 *    constraints, so every table is scanned the other way round (no key index reads rows in
 *    key order, and no INTEGER PRIMARY KEY makes the key the rowid);
 *  - a second connection to the first database runs the query with
 *    PRAGMA reverse_unordered_selects, so that every scan not bound to an ORDER BY, through
 *    a table or an index, goes the other way (the reversed database alone misses an index
 *    read in key order when the key order happens to be the reverse of the rows' order).
 * The two are not combined in one database: reversed rows read by a reversed scan come
 * back in canonical order.  The second check reads the rows already in place, so it costs
 * one more run of the query, not one more copy of the rows.  Results are compared as
 * sequences when the gold is ordered, as multisets otherwise, reals within a relative 1e-9.
 *
 * Unordered gold rows are sorted (cell_cmp, column by column) so that the answer, and
 * which 50 rows a scorer sees, never depends on SQLite's plan. */
#ifndef HB_GOLD_H
#define HB_GOLD_H

#include "buf.h"
#include "context.h"
#include "value.h"

struct schema;
struct query;

struct gold {
    char **columns;
    size_t ncols;
    struct cell *cells; /* nrows * ncols */
    size_t nrows;
    int ordered;
    int ambiguous;
};

struct gold_db;
struct gold_db *gold_db_new(const struct schema *s);
void gold_db_free(struct gold_db *g);

/* Computes the gold of `q` over `rows` (relevant rows of `s`).  Returns 0 or -1. */
int gold_compute(struct gold_db *g, const struct query *q, const struct rowref *rows, size_t n,
                 struct gold *out);
void gold_release(struct gold *g);

/* The most answer rows gold_compute keeps: a query giving more over an instance's rows is an
 * error at its "sql" (no answer that long is gradable, and the rows are held in memory). */
#define GOLD_MAX_ROWS 100000

/* What validate learns of a query over the full database, streamed in constant memory
 * however many rows the answer has: the three runs (forward, reversed rows, reversed scans)
 * are stepped together; an ordered answer is compared row by row as it goes, an unordered
 * one by an order-insensitive digest (row count and two sums of 64-bit row hashes, reals
 * hashed at GOLD_DIGEST_DIGITS significant digits).  Past GOLD_CHECK_MAX_ROWS rows it stops
 * and sets `over` (the ambiguity check is then not made). */
#define GOLD_CHECK_MAX_ROWS 1000000
#define GOLD_DIGEST_DIGITS 10
struct gold_summary {
    size_t nrows; /* counted up to GOLD_CHECK_MAX_ROWS + 1 */
    int ambiguous;
    int over;
};
int gold_check_full(struct gold_db *g, const struct query *q, const struct rowref *rows, size_t n,
                    struct gold_summary *out);
/* {"columns":[…],"rows":[[…]…],"ordered":b,"ambiguous":b} */
void gold_json(struct buf *b, const struct gold *g);
/* Canonical order used for unordered gold. */
void gold_sort(struct gold *g);

#endif
