/* util: small parsing and file helpers shared by every stage.
 *
 * Parsers return 0 on success and -1 on failure without printing, so that the caller can
 * word the message with the flag or file it came from. */
#ifndef HB_UTIL_H
#define HB_UTIL_H

#include "buf.h"

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* "4096", "4k" (x1024), "1m" (x1048576); no sign, no overflow, nothing trailing. */
int parse_size(const char *s, uint64_t *out);
/* Plain unsigned decimal integer. */
int parse_u64(const char *s, uint64_t *out);
/* A decimal fraction in [0, 1] such as "0.5", kept exact as num / den (den a power of 10). */
int parse_fraction(const char *s, uint64_t *num, uint64_t *den);
/* Format a token size the way users type it: "4k", "1m", or plain digits. */
void fmt_size(struct buf *b, uint64_t n);

/* Number of Unicode code points in UTF-8 text (bytes that are not continuation bytes). */
size_t utf8_count(const char *s, size_t n);

/* Read a whole file into `out` (replacing its contents); prints the error and returns -1. */
int read_file(const char *path, struct buf *out);

/* Split "a,b,c" into a NULL-terminated array of fresh strings; empty items are dropped.
 * Free with free_strv(). */
char **split_list(const char *s, size_t *count);
void free_strv(char **v);

/* Join path parts with '/' into a fresh string. */
char *path_join(const char *a, const char *b);
int file_exists(const char *path);

/* Clocks: monotonic seconds for durations; Unix time for server timestamps. */
double mono_now(void);
double wall_now(void);

/* Atomic output: write to a temporary file beside `path`, fsync, rename over `path`.
 * "-" means stdout (written directly).  Open returns NULL after printing the error. */
struct outfile;
struct outfile *outfile_open(const char *path);
FILE *outfile_stream(struct outfile *o);
/* Flush, check for write errors, fsync and rename; on failure removes the temporary file.
 * Always frees `o`.  Returns 0 or -1 (after printing). */
int outfile_commit(struct outfile *o);
/* Drop the temporary file without touching `path`. */
void outfile_abort(struct outfile *o);

#endif
