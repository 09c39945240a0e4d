/* filter: which suite instances --filter selects (for run, export and import alike), and,
 * when they select none, a message naming the filter that matched nothing and the values
 * the suite has.  Filters are id globs or KEY=VALUE (see filter_selects()); the caller owns
 * every string. */
#ifndef HB_FILTER_H
#define HB_FILTER_H

#include <cjson/cJSON.h>

/* Filters of different keys must all match; of the same key, any one.  KEY is schema,
 * query, type, difficulty, length, position, setting (the a1k / d0.5 part of the id) or
 * seed.  `filters` is NULL-terminated and may be NULL (everything is selected). */
int filter_selects(char *const *filters, const cJSON *inst);

/* Called when the filters selected no instance of `suite`: reads it again and prints why.
 * Returns -1. */
int filter_explain(const char *suite, char *const *filters);

#endif
