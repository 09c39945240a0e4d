/* err: the one way holobench reports problems.
 *
 * Modules never exit: they print through these functions and return -1 (error() returns -1
 * so that `return error(...)` reads naturally), so that `validate` can collect every problem
 * instead of stopping at the first.  Only the command layer chooses the exit status
 * (EXIT_OK 0, EXIT_FAIL 1, EXIT_USAGE 2).
 *
 * Messages follow git's guidelines: lowercase, problem first, subject quoted, no final
 * period.  Input problems carry a location and print as `file:line: message` (or
 * `file:line:col: message`).  BUG() is for broken invariants, never for bad input. */
#ifndef HB_ERR_H
#define HB_ERR_H

#include <stdarg.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct srcloc {
    const char *file; /* borrowed; NULL when unknown */
    int line;         /* 1-based; 0 when unknown */
    int col;          /* 1-based; 0 when unknown */
};

#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

int error(const char *fmt, ...) PRINTF_LIKE(1, 2);
int error_at(const struct srcloc *loc, const char *fmt, ...) PRINTF_LIKE(2, 3);
void warning(const char *fmt, ...) PRINTF_LIKE(1, 2);
void warning_at(const struct srcloc *loc, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Progress and chatter on stderr, shown when the verbosity is at least `level`
 * (0 quiet, 1 normal, 2 verbose). */
void say(int level, const char *fmt, ...) PRINTF_LIKE(2, 3);
void set_verbosity(int level);
int get_verbosity(void);

/* The cap on problems printed per input file: a CSV with two million bad lines must not
 * print two million messages.  After `max` located errors and warnings about one file the
 * rest are counted, not printed, and one line `… and N more in FILE` follows (printed when a
 * message about something else comes, or by error_summary()).  0: no cap.  The counts below
 * and so the exit status are unchanged. */
#define MAX_ERRORS_DEFAULT 50
void set_max_errors(int max);
/* Prints the `… and N more in FILE` lines still due; the command layer calls it at exit. */
void error_summary(void);

/* Counts of error()/warning() calls so far, for summaries such as validate's. */
int error_count(void);
int warning_count(void);

_Noreturn void bug_at(const char *file, int line, const char *fmt, ...) PRINTF_LIKE(3, 4);
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
