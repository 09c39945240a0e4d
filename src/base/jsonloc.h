/* jsonloc: line numbers for JSON input files.
 *
 * cJSON builds a tree without positions, yet every message about a JSON input file must say
 * `file:line: message` (see err.h).  Rather than patch cJSON, json_line() rescans the text
 * with a small scanner that skips values without building anything and stops at the value
 * named by a path of member keys and array indices.  It costs one pass over the text per
 * call, which is nothing for hand-written configuration files and is only paid when a
 * location is needed.
 *
 * Lines are 1-based and count '\n' bytes (so "\r\n" ends one line); columns are 1-based and
 * count bytes from the start of the line.  A leading UTF-8 byte order mark is skipped, as
 * cJSON does.  Member keys are compared after decoding every JSON escape (\uXXXX, surrogate
 * pairs included, becomes UTF-8), the way cJSON stores them; with duplicate keys the first
 * one wins, as in cJSON_GetObjectItemCaseSensitive(). */
#ifndef HB_JSONLOC_H
#define HB_JSONLOC_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* ---- Locating a value ---- */

/* A path step: a member key, or an array index when key == NULL. */
struct jstep {
    const char *key;
    int index;
};

/* 1-based line where the value found by following `path` (n steps; n == 0 names the root)
 * from the root of the JSON text starts, or 0 if it is not found or the text on the way to
 * it is malformed. */
int json_line(const char *text, size_t len, const struct jstep *path, size_t n);

/* ---- Many lookups in one text ---- */

/* The line of every value of a text, from one pass: for a loader that locates many values
 * (every query's line, or thousands of problems), so that the cost stays linear in the size
 * of the file where json_line() would rescan it for each call.  Object members are kept
 * sorted, first of duplicate keys winning, so a lookup is a binary search per step.
 * json_lines_new() never fails: a malformed text keeps what was read before the fault and
 * json_lines_get() answers 0 beyond it, as json_line() does.  The caller frees the index
 * with json_lines_free(); it does not keep `text`. */
struct json_lines;
struct json_lines *json_lines_new(const char *text, size_t len);
int json_lines_get(const struct json_lines *ix, const struct jstep *path, size_t n);
void json_lines_free(struct json_lines *ix);

/* ---- Reading members ---- */

/* Member `key` of o as a string, or "" when absent or not a string (static or o's). */
const char *json_str(const cJSON *o, const char *key);
/* Member `key` of o as a number, or `missing` when absent or not a number. */
double json_num(const cJSON *o, const char *key, double missing);

/* ---- Parsing ---- */

/* Parse `text` with cJSON.  On a syntax error (trailing non-whitespace included) print
 * `filename:line:col: invalid JSON` at the position where cJSON gave up and return NULL.
 * The caller owns the tree (cJSON_Delete). */
cJSON *json_parse_file_text(const char *text, size_t len, const char *filename);

#endif
