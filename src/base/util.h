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
/* A finite decimal number in [lo, hi] such as "0.5", "12" or "1e3": no sign, no leading
 * space, nothing trailing, never nan or inf (which strtod alone accepts). */
int parse_real(const char *s, double lo, double hi, double *out);
/* "I/N" with 1 <= I <= N, both plain unsigned decimals (sscanf's %u would take "-1"). */
int parse_part(const char *s, uint64_t *i, uint64_t *n);
/* A decimal fraction in [0, 1] such as "0.5", kept exact as num / den (den a power of 10). */
int parse_fraction(const char *s, uint64_t *num, uint64_t *den);
/* A number read from outside input (JSON, a database) as an integer: truncated toward zero
 * and clamped to [lo, hi]; `nan` for NaN.  A C cast of a double outside the target type's
 * range is undefined behaviour, so every such conversion goes through here. */
int64_t clamp_to_i64(double d, int64_t lo, int64_t hi, int64_t nan);
/* Format a token size the way users type it: "4k", "1m", or plain digits. */
void fmt_size(struct buf *b, uint64_t n);

/* Number of Unicode code points in UTF-8 text (bytes that are not continuation bytes). */
size_t utf8_count(const char *s, size_t n);

/* Appends s[0..n) to `out` as valid UTF-8 without NUL bytes, in one pass: each ill-formed
 * sequence becomes U+FFFD (one per maximal ill-formed part, as Unicode recommends) and each NUL a
 * space.  Counts go to *bad and *nul (either may be NULL); returns their sum (0: unchanged). */
size_t utf8_sanitize(const char *s, size_t n, struct buf *out, size_t *bad, size_t *nul);

/* Read a whole file into `out` (replacing its contents); prints the error and returns -1. */
int read_file(const char *path, struct buf *out);

/* A file's bytes for one pass from the start: a regular file is mapped read-only, so that
 * memory holds only the pages looked at (a reader that stops at a bound in a gigabyte file
 * never pulls in the rest); anything else is read whole.  s is never NULL.  The file must
 * not shrink while it is viewed (SIGBUS).  -1 (printed) when it cannot be read. */
struct file_view {
    const char *s;
    size_t len;
    void *map; /* the mapping, or NULL */
    struct buf b;
};
int file_view_open(const char *path, struct file_view *v);
void file_view_close(struct file_view *v);

/* Split "a,b,c" into a NULL-terminated array of fresh strings; empty items are dropped.
 * Free with free_strv(). */
char **split_list(const char *s, size_t *count);
void free_strv(char **v);

/* Join path parts with '/' into a fresh string. */
char *path_join(const char *a, const char *b);
int file_exists(const char *path);
/* 1 when `path`, with every symlink resolved, is a regular file inside folder `dir` (also
 * resolved); 0 otherwise (outside, missing, a device or FIFO). */
int file_inside(const char *dir, const char *path);

/* Clocks: monotonic seconds for durations; Unix time for server timestamps. */
double mono_now(void);
double wall_now(void);

/* Where an output named `path` really goes: *real is the file a temporary is renamed over,
 * with symlinks followed (also a dangling one: its target is created, the link kept), or,
 * with *in_place set, a character device or FIFO that must be written directly and never
 * replaced (as root, replacing /dev/null would break the system).  Folders and other
 * special files are refused.  0, or -1 after printing; *real is fresh (caller frees). */
int output_target(const char *path, char **real, int *in_place);
/* rename(tmp, path), then fsync of path's folder so that the rename survives a power loss.
 * 0, or -1 after printing. */
int rename_durably(const char *tmp, const char *path);

/* Temporary files that a SIGINT, SIGTERM or SIGHUP must not leave behind (a cut `generate`
 * would leave hundreds of MB): the first registration installs a handler for those signals
 * that have their default action, which unlinks every registered path and then dies of the
 * signal as before.  `path` is borrowed until tmp_forget(); at most TMP_LIVE_MAX at once
 * (more are simply not cleaned up).  Commands that catch SIGINT themselves (run) keep doing
 * so. */
#define TMP_LIVE_MAX 32
void tmp_register(const char *path);
void tmp_forget(const char *path);
/* Removes every registered temporary file now (out of memory: xalloc.c). */
void tmp_remove_all(void);

/* Atomic output: write to a temporary file beside the real file behind `path` (see
 * output_target), fsync, rename over it, fsync the folder.  A character device or FIFO is
 * written in place; "-" means stdout (written directly).  Open returns NULL after printing
 * the error. */
struct outfile;
struct outfile *outfile_open(const char *path);
FILE *outfile_stream(struct outfile *o);
/* Flush, check for write errors, fsync and rename; on failure removes the temporary file.
 * Always frees `o`.  Returns 0 or -1 (after printing). */
int outfile_commit(struct outfile *o);
/* Drop the temporary file without touching `path`. */
void outfile_abort(struct outfile *o);

#endif
