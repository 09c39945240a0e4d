/* selection: the options that choose which instances of a suite go out, shared by `run`
 * and `export` so that both select alike: --limit N and --filter F...
 *
 * Ownership: o->filters points into the caller's strlist, which must outlive o and is
 * freed with strlist_clear() as usual. */
#ifndef HB_SELECTION_H
#define HB_SELECTION_H

#include "buf.h"
#include "harness.h"
#include "opts.h"

/* Sets o->limit from limit (NULL: -1, no limit) and o->filters from filters (made
 * NULL-terminated; NULL when empty).  Returns OPTS_GO, or EXIT_USAGE after printing the
 * problem with info's hint. */
int selection_opts(const struct cmd_info *info, const char *limit, struct strlist *filters,
                   struct run_opts *o);

/* "; did you mean 'quick'?" when a choice is within edit distance 2 of name (or one
 * starts with it), then " (paper, quick, long)": appended to out, for "unknown X" messages. */
void suggest_choice(struct buf *out, const char *name, const char *const *choices, size_t n);
/* The same for a long list: "; did you mean 'x'?" then the `show` nearest choices and how
 * many there are in all (the whole list when it has at most `show`). */
void suggest_nearest(struct buf *out, const char *name, const char *const *choices, size_t n,
                     size_t show);

#endif
