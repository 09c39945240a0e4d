/* verbalize: turning table rows into sentences with the templates of verbalize.json.
 *
 * File format:
 *
 *     {"tables": {"wine": {"templates": ["{Name} is a {Year} wine[ from {Winery}].", ...]}},
 *      "skip": ["words"]}
 *
 * "tables" (required) maps a table name to an object whose "templates" is an array of at
 * least 3 strings; "skip" (optional) lists tables that are never verbalized.  Other keys
 * draw a warning.  A table both skipped and given templates draws a warning; skip wins.
 *
 * Template rules:
 *  - `{Column}` is replaced by the column's value as cell text (value.h: values appear
 *    verbatim, exactly as in the gold answers).  Names bind to the table's columns exactly
 *    first, then ignoring ASCII case.  Each '\n' or '\r' byte of a value is rendered as one
 *    space, because the context holds one sentence per line.
 *  - `[ ... ]` is an optional part: it is dropped whole when any column directly inside it
 *    (not inside a nested part) is NULL.  A nested part is decided the same way, on its own,
 *    when its enclosing part is kept; so "[ from {Winery}[ in {Region}]]" drops only
 *    " in ..." when Region alone is NULL, and everything when Winery is NULL.  A part must
 *    mention a column somewhere inside it.
 *  - A NULL column outside every optional part renders as the empty string;
 *    vtable_optional() lets `validate` warn about nullable columns used that way.
 *  - `\{`, `\}`, `\[`, `\]` and `\\` are literal characters (written "\\{" and so on inside
 *    the JSON string); any other backslash is an error, as are line breaks in a template.
 *
 * Templates are compiled at load time into a flat list of operations (literal runs, column
 * references, optional parts that know where they end), so rendering a row is one pass with
 * no parsing.  Load and bind problems are printed as `file:line: message`, the line being
 * that of the template (found with jsonloc.h), and every problem is reported before giving
 * up.
 *
 * Ownership: the verbalizer owns its tables; a `struct vtable *` and the file name inside a
 * `struct srcloc` from vtable_loc() live until verbalizer_free().  After vtable_bind() a
 * table is only read, so several threads may render from it at once. */
#ifndef HB_VERBALIZE_H
#define HB_VERBALIZE_H

#include "buf.h"
#include "err.h"
#include "value.h"

#include <stddef.h>
#include <stdint.h>

struct verbalizer; /* all templates of one schema */
struct vtable;     /* the templates of one table */

/* ---- Loading ---- */

/* Read and compile verbalize.json.  Reports every problem (invalid JSON, wrong types, fewer
 * than 3 templates, template syntax errors) and returns NULL if there was any. */
struct verbalizer *verbalizer_load(const char *path);
void verbalizer_free(struct verbalizer *v);

/* ---- Looking up tables ---- */

/* Is `table` listed under "skip"?  Names match exactly, else ignoring ASCII case, as SQLite
 * table names do. */
int verbalizer_is_skipped(const struct verbalizer *v, const char *table);
/* The templates of `table` (matched like verbalizer_is_skipped()), or NULL if it has none. */
struct vtable *verbalizer_table(struct verbalizer *v, const char *table);
/* Every entry of "tables" in file order, so that the caller can report the ones that name
 * no table of the schema. */
size_t verbalizer_count(const struct verbalizer *v);
struct vtable *verbalizer_at(struct verbalizer *v, size_t i);

/* ---- Binding ---- */

/* Resolve every {Column} of every template against the table's column names (exact match,
 * then ignoring ASCII case).  Unknown names are reported as
 * `file:line: unknown column 'X' in table 'T'` (once per template), ambiguous ones likewise;
 * returns the number of problems.  Must succeed before rendering; may be called again with
 * other columns. */
int vtable_bind(struct vtable *vt, const char *const *columns, size_t ncolumns);

/* ---- Describing ---- */

/* The table name as written in the file. */
const char *vtable_name(const struct vtable *vt);
/* Number of templates (at least 3). */
size_t vtable_count(const struct vtable *vt);
/* Template k as written (JSON escapes decoded), for messages. */
const char *vtable_source(const struct vtable *vt, size_t k);
/* Where template k is in the file; the line of the table's entry when k == vtable_count(). */
struct srcloc vtable_loc(const struct vtable *vt, size_t k);
/* Does bound template k mention column `col` (an index into the bound columns)? */
int vtable_mentions(const struct vtable *vt, size_t k, size_t col);
/* Is every mention of `col` in template k inside an optional part?  0 when not mentioned. */
int vtable_optional(const struct vtable *vt, size_t k, size_t col);

/* ---- Rendering ---- */

/* Which of `n` (> 0) templates renders a row, chosen from the row's key and not its
 * position, so that sampling or reordering rows does not change sentences.  Exactly:
 *
 *     h = hash64(table bytes, one 0x00 byte, key_text bytes)    (prng.h)
 *     index = mix64(seed ^ h) % n
 *
 * Suites depend on this bit for bit; the modulo bias (below 2^-60 for small n) is
 * accepted. */
size_t verbalize_choose(uint64_t seed, const char *table, const char *key_text, size_t n);
/* Append template k rendered for `row` (cells indexed like the bound columns) to `out`. */
void vtable_render(const struct vtable *vt, size_t k, const struct cell *row, struct buf *out);
/* Faithfulness: is every non-NULL value that template k renders for `row` found verbatim
 * (with line breaks as spaces) in `sentence`?  Returns 1 if so, else 0 with *bad_col set to
 * the first column that is missing. */
int vtable_faithful(const struct vtable *vt, size_t k, const struct cell *row, const char *sentence,
                    size_t *bad_col);

#endif
