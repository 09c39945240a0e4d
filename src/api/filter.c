/* filter: matching suite instances against --filter, and explaining a selection of none. */
#include "filter.h"

#include "err.h"
#include "jsonloc.h"
#include "opts.h"
#include "util.h"
#include "xalloc.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* The setting is read from the id (QUERY-LENGTH-SETTING-POSITION-sSEED) rather than rebuilt
 * from density, whose JSON number need not print as the text the id was made from. */
static void setting_of(const cJSON *inst, struct buf *out)
{
    const char *id = json_str(inst, "id"), *q = json_str(inst, "query_id"), *p, *end;
    size_t n = strlen(q);
    buf_reset(out);
    if (!*q || strncmp(id, q, n) || id[n] != '-' || !(p = strchr(id + n + 1, '-')))
        return;
    end = strchr(p + 1, '-');
    buf_add(out, p + 1, end ? (size_t)(end - p - 1) : strlen(p + 1));
}

static int match_setting(const char *val, const cJSON *inst)
{
    struct buf s = BUF_INIT;
    uint64_t n;
    int hit;
    setting_of(inst, &s);
    hit = s.len && !fnmatch(val, s.s, 0);
    /* a2048 is a2k */
    if (!hit && val[0] == 'a' && !parse_size(val + 1, &n) && json_num(inst, "density", -1) < 0)
        hit = (double)n == json_num(inst, "info_tokens", -1);
    buf_release(&s);
    return hit;
}

static int filter_one(const char *f, const cJSON *inst)
{
    const char *eq = strchr(f, '=');
    char key[32];
    const char *val;
    uint64_t n;
    if (!eq)
        return !fnmatch(f, json_str(inst, "id"), 0);
    snprintf(key, sizeof(key), "%.*s", (int)(eq - f), f);
    val = eq + 1;
    if (!strcmp(key, "type")) {
        const cJSON *t;
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(inst, "types"))
        {
            if (cJSON_IsString(t) && !strcmp(t->valuestring, val))
                return 1;
        }
        return 0;
    }
    if (!strcmp(key, "length"))
        return !parse_size(val, &n) && (double)n == json_num(inst, "target_tokens", -1);
    if (!strcmp(key, "seed"))
        return !parse_u64(val + (val[0] == 's'), &n) && (double)n == json_num(inst, "seed", -1);
    if (!strcmp(key, "setting"))
        return match_setting(val, inst);
    if (!strcmp(key, "query"))
        return !fnmatch(val, json_str(inst, "query_id"), 0);
    if (!strcmp(key, "schema") || !strcmp(key, "difficulty") || !strcmp(key, "position") ||
        !strcmp(key, "id"))
        return !fnmatch(val, json_str(inst, key), 0);
    return 0;
}

/* Filters i and j are of one key (id globs count as one key). */
static int same_key(const char *a, const char *b)
{
    const char *ea = strchr(a, '='), *eb = strchr(b, '=');
    if (!ea || !eb)
        return !ea && !eb;
    return ea - a == eb - b && !strncmp(a, b, (size_t)(ea - a));
}

/* Does the instance match any filter of filter i's key? */
static int group_matches(char *const *filters, size_t i, const cJSON *inst)
{
    size_t j;
    for (j = i; filters[j]; j++)
        if (same_key(filters[i], filters[j]) && filter_one(filters[j], inst))
            return 1;
    return 0;
}

/* Is filter i the first of its key? */
static int first_of_key(char *const *filters, size_t i)
{
    size_t j;
    for (j = 0; j < i; j++)
        if (same_key(filters[i], filters[j]))
            return 0;
    return 1;
}

int filter_selects(char *const *filters, const cJSON *inst)
{
    size_t i;
    for (i = 0; filters && filters[i]; i++)
        if (first_of_key(filters, i) && !group_matches(filters, i, inst))
            return 0;
    return 1;
}

/* ---- explaining a selection of none ------------------------------------------------------- */

/* Enough to show; a cap keeps a suite of many ids from a quadratic search. */
#define MAX_VALUES 200

static void add_value(struct strlist *l, const char *v)
{
    size_t i;
    if (l->n >= MAX_VALUES)
        return;
    for (i = 0; i < l->n; i++)
        if (!strcmp(l->v[i], v))
            return;
    strlist_add(l, v);
}

/* The instance's values for a filter key, as a filter would spell them. */
static void values_of(const char *f, const cJSON *inst, struct strlist *l)
{
    const char *eq = strchr(f, '=');
    size_t klen = eq ? (size_t)(eq - f) : 0;
    struct buf b = BUF_INIT;
    const cJSON *t;
    if (!eq || (klen == 2 && !strncmp(f, "id", 2))) {
        add_value(l, json_str(inst, "id"));
    } else if (klen == 4 && !strncmp(f, "type", 4)) {
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(inst, "types"))
        {
            if (cJSON_IsString(t))
                add_value(l, t->valuestring);
        }
    } else if (klen == 6 && !strncmp(f, "length", 6)) {
        fmt_size(&b, (uint64_t)clamp_to_i64(json_num(inst, "target_tokens", 0), 0, INT64_MAX, 0));
    } else if (klen == 4 && !strncmp(f, "seed", 4)) {
        buf_addf(&b, "%.0f", json_num(inst, "seed", -1));
    } else if (klen == 7 && !strncmp(f, "setting", 7)) {
        setting_of(inst, &b);
    } else if (klen == 5 && !strncmp(f, "query", 5)) {
        buf_adds(&b, json_str(inst, "query_id"));
    } else {
        buf_addf(&b, "%.*s", (int)klen, f);
        add_value(l, json_str(inst, b.s));
        buf_reset(&b);
    }
    if (b.len)
        add_value(l, b.s);
    buf_release(&b);
}

struct tally {
    size_t *hits;           /* per filter key (at its first filter) */
    struct strlist *values; /* per filter key */
};

static int tally_suite(const char *suite, char *const *filters, size_t nf, struct tally *t)
{
    FILE *f = fopen(suite, "rb");
    char *line = NULL;
    size_t cap = 0, i;
    ssize_t n;
    if (!f)
        return error("cannot open '%s': %s", suite, strerror(errno));
    while ((n = getline(&line, &cap, f)) > 0) {
        cJSON *inst = cJSON_ParseWithLength(line, (size_t)n);
        for (i = 0; inst && i < nf; i++) {
            if (!first_of_key(filters, i))
                continue;
            t->hits[i] += (size_t)group_matches(filters, i, inst);
            values_of(filters[i], inst, &t->values[i]);
        }
        cJSON_Delete(inst);
    }
    free(line);
    fclose(f);
    return 0;
}

/* "type=Join, type=Ranking" for every filter of filter i's key */
static void filters_of_key(char *const *filters, size_t i, struct buf *out)
{
    size_t j;
    for (j = i; filters[j]; j++)
        if (same_key(filters[i], filters[j]))
            buf_addf(out, "%s'%s'", out->len ? ", " : "", filters[j]);
}

static void value_list(const struct strlist *l, struct buf *out)
{
    size_t i, show = l->n > 20 ? 12 : l->n;
    for (i = 0; i < show; i++)
        buf_addf(out, "%s%s", i ? ", " : "", l->v[i]);
    if (l->n >= MAX_VALUES)
        buf_addf(out, ", ... (%d or more)", MAX_VALUES);
    else if (show < l->n)
        buf_addf(out, ", ... (%zu in all)", l->n);
}

int filter_explain(const char *suite, char *const *filters)
{
    size_t nf = 0, i;
    struct tally t;
    struct buf fs = BUF_INIT, vs = BUF_INIT;
    int said = 0;
    while (filters && filters[nf])
        nf++;
    if (!nf)
        return error("'%s' holds no instance", suite);
    t.hits = xcalloc(nf, sizeof(*t.hits));
    t.values = xcalloc(nf, sizeof(*t.values));
    if (tally_suite(suite, filters, nf, &t) == 0) {
        for (i = 0; i < nf && !said; i++) {
            if (!first_of_key(filters, i) || t.hits[i])
                continue;
            const char *eq = strchr(filters[i], '=');
            filters_of_key(filters, i, &fs);
            value_list(&t.values[i], &vs);
            error("--filter %s matches no instance of '%s'; its %.*s values are: %s", fs.s, suite,
                  eq ? (int)(eq - filters[i]) : 2, eq ? filters[i] : "id", vs.s);
            said = 1;
        }
        if (!said)
            error("no instance of '%s' matches all the filters together, though each key "
                  "matches some on its own; drop or widen one",
                  suite);
    }
    for (i = 0; i < nf; i++)
        strlist_clear(&t.values[i]);
    free(t.values);
    free(t.hits);
    buf_release(&fs);
    buf_release(&vs);
    return -1;
}
