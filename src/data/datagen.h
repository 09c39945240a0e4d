/* datagen: draws a schema's rows from the declarative description in generate.json.
 *
 * The bundled data/TABLE.csv are one draw (scale 1, seed 1); contexts of 128k-1M tokens need more
 * distinct rows, and data that no model has seen can be drawn fresh with another seed.  The
 * tables, columns, keys and foreign keys come from the database itself (schema.sql already
 * executed into `db`); generate.json only says how each column's values are drawn.
 *
 * Format (the README's "generate.json" section has the same with examples):
 *
 *   {"tables": {"TABLE": {"rows": 1500, "fixed": false,
 *                         "columns": {"COLUMN": {"gen": "KIND", ...}, ...}}, ...}}
 *
 * Every table of the database needs an entry and every column of the table a generator.
 * `rows` is the count at scale 1; it is multiplied by the scale and rounded (at least 1),
 * unless `fixed` is true.  Columns are drawn row by row in the order they are listed, and a
 * column may use only the columns listed before it (directly or through a reference).
 *
 * Keys every column takes: `gen` (required); `null`: fraction of rows set to NULL, in [0, 1);
 * `unique`: true to redraw duplicates (implied by a single-column PRIMARY KEY or UNIQUE in
 * schema.sql).
 *
 * Generators (`gen`):
 *   serial    start (1), step (1): start, start+step, ...  INTEGER.
 *   int       min, max (required); dist: "uniform" (default), "normal" (mean, sd),
 *             "lognormal" (median, sigma: the sd of the log), "zipf" (s, default 1: value
 *             min+k-1 with weight 1/k^s); shift (below).  INTEGER.
 *   real      as int, plus decimals (default 2, 0..9).  REAL.
 *   date      min, max ("YYYY-MM-DD"), uniform; or after (a column path whose value is a date
 *             or, if an integer, a year taken as its 1 January), min_days, max_days: the
 *             referenced date plus a uniform number of days (min, max, if given, still bound the
 *             result: drawn again up to 100 times, then clamped; a NULL reference starts
 *             from min).  TEXT.
 *   choice    values: an array of strings or of numbers, or file: a word list; weights: one
 *             number per value, or dist: "zipf" with s (earlier values more frequent).
 *   ref       table, column (both default to the FOREIGN KEY of schema.sql): a key value of
 *             another table; dist: "uniform" (default) or "zipf" (s), so that a few parents
 *             have many children (which parents is itself drawn); cover: true gives every
 *             parent one child first, in a drawn order, when there are enough rows.
 *   copy      from: a column path; copies the value (correlates a child with its parent).
 *   syllables start, middle, end: word lists; min, max: syllable count (default 2, 3): a
 *             made-up name such as "Velmorasse", first letter upper-cased.  TEXT.
 *   template  template: "{adj} {noun}", or templates: [...] with optional weights; parts:
 *             {"adj": {generator}, ...}.  A placeholder names a part or else a column path.
 *             TEXT.
 *
 * A column path is a column of the same row ("Score"), or goes through ref columns to the
 * referenced row: "WineryID.RegionID.Country".  A word list is a file name relative to the
 * schema folder (one entry a line, blank lines and lines starting with '#' skipped) or an
 * inline array of strings.
 *
 * shift (int and real): a list of terms added to the location of the distribution (the mean;
 * the log of the median; for uniform and zipf the value itself): {"column": PATH, "per": A,
 * "center": C} adds A * (value - C); {"column": PATH, "values": {"red": 0.2, ...}} adds the
 * number listed for the value (0 when not listed).  A NULL value adds nothing.  Values that
 * fall outside [min, max] are drawn again (up to 100 times, then clamped).
 *
 * Determinism: every (table, column) draws from its own stream, seeded with
 * hash64_mix(hash64_mix(hash64_mix(seed, table), column), purpose), purpose being "value",
 * "null" or "part:NAME", so adding or changing one column leaves the others' values alone.
 * Only IEEE-754 + - * / and sqrt are used on floating point (exp and log come from
 * detmath.h, not from the C library), and reals are rounded to their decimals from an
 * integer, so the same seed gives the same rows on any machine.
 *
 * Ownership: datagen_fill() borrows `db` and `schema_dir` for the call only and keeps
 * nothing: what it allocates (the parsed file, the drawn rows) is freed before it returns,
 * and the rows it inserts belong to `db`, which stays the caller's to close.
 *
 * Source: datagen_spec.c reads and checks generate.json, datagen.c draws and inserts the
 * rows; datagen_int.h is their shared model, private to the two. */
#ifndef HB_DATAGEN_H
#define HB_DATAGEN_H

#include <sqlite3.h>
#include <stdint.h>

/* Reads schema_dir/generate.json and fills the tables of `db` (created by schema.sql, still
 * empty) in foreign-key order, in one transaction.  Every problem in generate.json is printed
 * as `file:line: message`, all of them before giving up.  Returns 0, or -1 with nothing
 * inserted. */
int datagen_fill(sqlite3 *db, const char *schema_dir, double scale, uint64_t seed);

/* The largest --scale: past it a draw no longer fits any machine. */
#define DATAGEN_SCALE_MAX 1e6
/* The one checked reader of a --scale value: a finite number above 0, at most
 * DATAGEN_SCALE_MAX ("0.25", "16", "1e3").  0, or -1 without printing. */
int datagen_parse_scale(const char *s, double *out);

/* Rows a table of `rows` at scale 1 gets at `scale`: rounded, at least 1. */
uint64_t datagen_rows(uint64_t rows, double scale);

#endif
