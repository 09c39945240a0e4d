/* selection: --limit and --filter into a struct run_opts, for run and export alike. */
#include "selection.h"

#include "util.h"
#include "xalloc.h"

#include <stdlib.h>

#include "banned.h"

int selection_opts(const struct cmd_info *info, const char *limit, struct strlist *filters,
                   struct run_opts *o)
{
    o->limit = -1;
    if (limit) {
        uint64_t v;
        if (parse_u64(limit, &v) < 0)
            return usage_error(info, "--limit: '%s' is not a count", limit);
        o->limit = (long)v;
    }
    if (filters->v) { /* NULL-terminated for the harness */
        ALLOC_GROW(filters->v, filters->n + 1, filters->alloc);
        filters->v[filters->n] = NULL;
    }
    o->filters = filters->n ? filters->v : NULL;
    return OPTS_GO;
}
