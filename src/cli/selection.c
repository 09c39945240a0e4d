/* selection: --limit and --filter into a struct run_opts, for run and export alike; and the
 * nearest valid name for messages about unknown ones. */
#include "selection.h"

#include "err.h"
#include "util.h"
#include "xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* a1k, a2048, d0.5: the setting part of an instance id */
static int setting_ok(const char *val)
{
    uint64_t n;
    char *end;
    double d;
    if (val[0] == 'a')
        return parse_size(val + 1, &n) == 0;
    if (val[0] != 'd' || !val[1])
        return 0;
    d = strtod(val + 1, &end);
    return !*end && d > 0 && d <= 1;
}

/* A KEY=VALUE filter with an unknown key, or a value outside a fixed vocabulary, would
 * silently select nothing: name the valid ones instead.  Globs are left alone. */
static int check_filter(const struct cmd_info *info, const char *f)
{
    static const char *const keys[] = {"schema", "query",    "type",    "difficulty",
                                       "length", "position", "setting", "seed"};
    static const char *const types[] = {"Aggregation", "Max/Min", "Join", "Comparison", "Ranking"};
    static const char *const levels[] = {"easy", "medium", "hard"};
    static const char *const positions[] = {"uniform", "begin", "end", "middle", "bimodal"};
    const char *eq = strchr(f, '='), *val = eq ? eq + 1 : NULL;
    const char *const *vocab = NULL;
    struct buf hint = BUF_INIT;
    char *key;
    size_t i, n = 0;
    uint64_t size;
    int rc = 0;
    if (!eq)
        return 0;
    key = xstrndup(f, (size_t)(eq - f));
    for (i = 0; i < sizeof(keys) / sizeof(keys[0]) && strcmp(keys[i], key); i++)
        ;
    if (i == sizeof(keys) / sizeof(keys[0])) {
        suggest_choice(&hint, key, keys, sizeof(keys) / sizeof(keys[0]));
        rc = usage_error(info, "--filter: unknown key '%s'%s", key, hint.s);
    } else if (!strcmp(key, "length") && parse_size(val, &size) < 0) {
        rc = usage_error(info, "--filter: length '%s' is not a size (such as 4k)", val);
    } else if (!strcmp(key, "seed") && parse_u64(val + (val[0] == 's'), &size) < 0) {
        rc = usage_error(info, "--filter: seed '%s' is not a count (such as 1)", val);
    } else if (!strcmp(key, "setting") && !strpbrk(val, "*?[") && !setting_ok(val)) {
        rc = usage_error(info,
                         "--filter: setting '%s' is neither an amount (such as a1k) nor a "
                         "density (such as d0.5)",
                         val);
    } else {
        if (!strcmp(key, "type"))
            vocab = types, n = sizeof(types) / sizeof(types[0]);
        else if (!strcmp(key, "difficulty"))
            vocab = levels, n = sizeof(levels) / sizeof(levels[0]);
        else if (!strcmp(key, "position"))
            vocab = positions, n = sizeof(positions) / sizeof(positions[0]);
        for (i = 0; vocab && i < n && strcmp(vocab[i], val); i++)
            ;
        /* difficulty and position take globs; a value with glob characters is not checked */
        if (vocab && i == n && (vocab == types || !strpbrk(val, "*?["))) {
            suggest_choice(&hint, val, vocab, n);
            rc = usage_error(info, "--filter: unknown %s '%s'%s", key, val, hint.s);
        }
    }
    buf_release(&hint);
    free(key);
    return rc ? -1 : 0;
}

int selection_opts(const struct cmd_info *info, const char *limit, struct strlist *filters,
                   struct run_opts *o)
{
    o->limit = -1;
    if (limit) {
        uint64_t v;
        if (parse_u64(limit, &v) < 0 || v > LONG_MAX)
            return usage_error(info, "--limit: '%s' is not a count", limit);
        if (!v) /* it would select nothing, and then a run looks done */
            return usage_error(info, "--limit 0 selects nothing; give a positive count, or "
                                     "leave --limit out for every instance");
        o->limit = (long)v;
    }
    for (size_t i = 0; i < filters->n; i++)
        if (check_filter(info, filters->v[i]) < 0)
            return EXIT_USAGE;
    if (filters->v) { /* NULL-terminated for the harness */
        ALLOC_GROW(filters->v, filters->n + 1, filters->alloc);
        filters->v[filters->n] = NULL;
    }
    o->filters = filters->n ? filters->v : NULL;
    return OPTS_GO;
}

/* Levenshtein distance, ASCII case folded; names are short, so one row of ints will do. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j, *row = xcalloc(lb + 1, sizeof(size_t)), d;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (lower(a[i - 1]) != lower(b[j - 1]));
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    d = row[lb];
    free(row);
    return d;
}

void suggest_choice(struct buf *out, const char *name, const char *const *choices, size_t n)
{
    size_t i, best = (size_t)-1, bestd = 3;
    for (i = 0; i < n; i++) {
        size_t d = edit_distance(name, choices[i]);
        if (*name && !strncmp(choices[i], name, strlen(name)))
            d = d < 1 ? d : 1;
        if (d < bestd)
            bestd = d, best = i;
    }
    if (best != (size_t)-1)
        buf_addf(out, "; did you mean '%s'?", choices[best]);
    buf_adds(out, " (");
    for (i = 0; i < n; i++)
        buf_addf(out, "%s%s", i ? ", " : "", choices[i]);
    buf_addch(out, ')');
}

/* For long lists (a schema's query ids): the nearest `show` choices and the count. */
void suggest_nearest(struct buf *out, const char *name, const char *const *choices, size_t n,
                     size_t show)
{
    size_t *d, i, k, shown = 0, limit;
    if (n <= show) {
        suggest_choice(out, name, choices, n);
        return;
    }
    d = xcalloc(n + 1, sizeof(*d));
    for (i = 0; i < n; i++) {
        d[i] = edit_distance(name, choices[i]);
        if (*name && !strncmp(choices[i], name, strlen(name)))
            d[i] = d[i] < 1 ? d[i] : 1;
    }
    k = (size_t)-1;
    for (i = 0; i < n; i++)
        if (d[i] < 3 && (k == (size_t)-1 || d[i] < d[k]))
            k = i;
    if (k != (size_t)-1)
        buf_addf(out, "; did you mean '%s'?", choices[k]);
    buf_adds(out, " (nearest: ");
    for (limit = 0; shown < show; limit++) /* by rising distance, in list order */
        for (i = 0; i < n && shown < show; i++)
            if (d[i] == limit)
                buf_addf(out, "%s%s", shown++ ? ", " : "", choices[i]);
    buf_addf(out, "; %zu in all)", n);
    free(d);
}
