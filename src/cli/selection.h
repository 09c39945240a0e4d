/* selection: the options that choose which instances of a suite go out, shared by `run`
 * and `export` so that both select alike: --limit N and --filter F...
 *
 * Ownership: o->filters points into the caller's strlist, which must outlive o and is
 * freed with strlist_clear() as usual. */
#ifndef HB_SELECTION_H
#define HB_SELECTION_H

#include "harness.h"
#include "opts.h"

/* Sets o->limit from limit (NULL: -1, no limit) and o->filters from filters (made
 * NULL-terminated; NULL when empty).  Returns OPTS_GO, or EXIT_USAGE after printing the
 * problem with info's hint. */
int selection_opts(const struct cmd_info *info, const char *limit, struct strlist *filters,
                   struct run_opts *o);

#endif
