/* query.c: a query set (queries/NAME.json), expanded over its params, and each query's analysis
 * against a loaded schema; the interface and its rules are in query.h. */
#include "query.h"

#include "jsonloc.h"
#include "schema.h"
#include "sqlguard.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

static const char *const known_types[] = {"Aggregation", "Max/Min", "Join",
                                          "Comparison",  "Ranking", NULL};
static const char *const known_difficulties[] = {"easy", "medium", "hard", NULL};

/* ---- ORDER BY detection ------------------------------------------------------------------ */

static const char *skip_space_comments(const char *p)
{
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
        } else {
            return p;
        }
    }
}

static int is_word(const char *p, const char *w, size_t n)
{
    return !strncasecmp(p, w, n) && !isalnum((unsigned char)p[n]) && p[n] != '_';
}

int sql_outer_order_by(const char *sql)
{
    const char *p = sql;
    int depth = 0;
    while (*p) {
        const char *q = skip_space_comments(p);
        if (q != p) {
            p = q;
            continue;
        }
        if (*p == '\'' || *p == '"' || *p == '`' || *p == '[') {
            char close = *p == '[' ? ']' : *p;
            p++;
            while (*p && !(*p == close && p[1] != close))
                p += (*p == close) ? 2 : 1;
            if (*p)
                p++;
        } else if (*p == '(') {
            depth++, p++;
        } else if (*p == ')') {
            depth--, p++;
        } else if (isalpha((unsigned char)*p) || *p == '_') {
            const char *w = p;
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '$')
                p++;
            if (depth == 0 && (w == sql || !isalnum((unsigned char)w[-1])) &&
                is_word(w, "order", 5) && is_word(skip_space_comments(p), "by", 2))
                return 1;
        } else {
            p++;
        }
    }
    return 0;
}

/* ---- reading the clock ------------------------------------------------------------------- */

/* The date and time functions read the clock when a time value is 'now' or missing, and
 * the time zone with the 'localtime' and 'utc' modifiers.  Arguments are values, so this
 * looks at the SQL text, only when the authorizer saw such a call: inside the parentheses
 * of a call (nested calls included) a string literal, a double-quoted word (SQLite reads
 * "now" as a string when no column has that name) or a bound param whose value is one of
 * those words is refused; so is a call without a time value (date(), strftime('%Y')).
 * Columns and expressions are let through, so that strftime('%Y', sold_on) works: a value
 * computed inside the SQL ('n' || 'ow') or read from the data is not seen. */

struct clock_scan {
    const struct query *q;
    struct buf *why;
    struct {
        const char *name;
        size_t len;
        int depth;  /* of its parentheses */
        int commas; /* between its arguments */
    } call[32];     /* the calls the scan is inside, innermost last */
    int ncalls, depth;
};

/* Which clock word `s[0..n)` is (spaces around ignored), or NULL. */
static const char *clock_word(const char *s, size_t n)
{
    static const char *const words[] = {"now", "localtime", "utc", NULL};
    size_t i;
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    for (i = 0; words[i]; i++)
        if (strlen(words[i]) == n && !strncasecmp(words[i], s, n))
            return words[i];
    return NULL;
}

/* Says what the innermost call does with `word` (NULL: no time value), given as a literal
 * or as `param` (with its prefix, as written). */
static int clock_refuse(struct clock_scan *S, const char *word, const char *param, size_t plen)
{
    int k = S->ncalls - 1;
    buf_addf(S->why, "calls %.*s() ", (int)S->call[k].len, S->call[k].name);
    if (!word)
        buf_adds(S->why, "without a time value, which reads the clock");
    else if (param)
        buf_addf(S->why, "with %.*s = '%s', ", (int)plen, param, word);
    else
        buf_addf(S->why, "with '%s', ", word);
    if (word)
        buf_adds(S->why,
                 strcmp(word, "now") ? "which depends on the time zone" : "which reads the clock");
    return 1;
}

/* A quoted token at p (string or identifier): its end, and whether it is a clock word
 * inside a call. */
static const char *clock_quoted(struct clock_scan *S, const char *p, int *found)
{
    char close = *p == '[' ? ']' : *p;
    const char *b = ++p, *w;
    while (*p && !(*p == close && p[1] != close))
        p += (*p == close) ? 2 : 1;
    if (S->ncalls && (close == '\'' || close == '"') && (w = clock_word(b, (size_t)(p - b))))
        *found = clock_refuse(S, w, NULL, 0);
    return *p ? p + 1 : p;
}

/* A bound param at p (":name", "$name", "@name"): its end, checking its value. */
static const char *clock_param(struct clock_scan *S, const char *p, int *found)
{
    const char *b = ++p, *w;
    size_t k;
    while (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80)
        p++;
    for (k = 0; S->ncalls && k < S->q->nparams; k++) {
        const struct cell *v = &S->q->params[k].value;
        if (strlen(S->q->params[k].name) == (size_t)(p - b) &&
            !strncmp(S->q->params[k].name, b, (size_t)(p - b)) && v->type == SQLITE_TEXT &&
            (w = clock_word(v->text, v->len)))
            *found = clock_refuse(S, w, b - 1, (size_t)(p - b + 1));
    }
    return p;
}

/* A word at p (name is p..end, or the inside of a quoted name): a call of a date and time
 * function when '(' follows. */
static const char *clock_name(struct clock_scan *S, const char *name, size_t len, const char *end,
                              int *found)
{
    const char *p = skip_space_comments(end);
    if (*p != '(' || !sql_clock_function(name, len))
        return end;
    if (S->ncalls < 32)
        S->ncalls++;
    S->call[S->ncalls - 1].name = name;
    S->call[S->ncalls - 1].len = len;
    S->call[S->ncalls - 1].depth = ++S->depth;
    S->call[S->ncalls - 1].commas = 0;
    p = skip_space_comments(p + 1);
    if (*p == ')')
        *found = clock_refuse(S, NULL, NULL, 0);
    return p;
}

/* Parentheses and commas: the end of a call, and strftime(FORMAT) without a time value. */
static void clock_punct(struct clock_scan *S, char c, int *found)
{
    int k = S->ncalls - 1;
    if (c == '(')
        S->depth++;
    if (c == ',' && S->ncalls && S->call[k].depth == S->depth)
        S->call[k].commas++;
    if (c != ')')
        return;
    if (S->ncalls && S->call[k].depth == S->depth) {
        if (!S->call[k].commas && S->call[k].len == 8 &&
            !strncasecmp(S->call[k].name, "strftime", 8))
            *found = clock_refuse(S, NULL, NULL, 0);
        S->ncalls--;
    }
    S->depth--;
}

int sql_clock_use(const struct query *q, struct buf *why)
{
    struct clock_scan S;
    const char *p = q->sql;
    int found = 0;
    memset(&S, 0, sizeof(S));
    S.q = q;
    S.why = why;
    while (*p && !found) {
        const char *w = skip_space_comments(p);
        if (w != p) {
            p = w;
        } else if (*p == '"' || *p == '`' || *p == '[') {
            const char *e = clock_quoted(&S, p, &found);
            if (!found && e - p >= 2) /* a quoted name: "date"(...) is a call too */
                e = clock_name(&S, p + 1, (size_t)(e - p - 2), e, &found);
            p = e;
        } else if (*p == '\'') {
            p = clock_quoted(&S, p, &found);
        } else if (*p == ':' || *p == '$' || *p == '@') {
            p = clock_param(&S, p, &found);
        } else if (isalpha((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80) {
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '$' ||
                   (unsigned char)*p >= 0x80)
                p++;
            p = clock_name(&S, w, (size_t)(p - w), p, &found);
        } else if (isdigit((unsigned char)*p)) {
            while (isalnum((unsigned char)*p) || *p == '.')
                p++;
        } else {
            clock_punct(&S, *p++, &found);
        }
    }
    return found;
}

/* ---- loading ------------------------------------------------------------------------------- */

/* query_set_load()'s state while it reads a query file: the set being filled, the
 * allocated length of its queries, and -1 once a problem was found. */
struct query_loader {
    struct query_set *qs;
    size_t alloc;
    int rc;
};

static struct srcloc loc_of(const struct query_set *qs, int qi, const char *field)
{
    struct jstep path[3] = {{"queries", 0}, {NULL, qi}, {field, 0}};
    struct srcloc loc = {qs->path, 0, 0};
    loc.line = json_lines_get(qs->lines, path, field ? 3 : 2);
    return loc;
}

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

static void param_cell(struct cell *c, const cJSON *v)
{
    memset(c, 0, sizeof(*c));
    if (cJSON_IsString(v)) {
        c->type = SQLITE_TEXT;
        c->text = xstrdup(v->valuestring);
        c->len = strlen(c->text);
        return;
    }
    {
        struct buf t = BUF_INIT;
        double d = cJSON_IsBool(v) ? (cJSON_IsTrue(v) ? 1 : 0) : v->valuedouble;
        if (cJSON_IsNull(v)) {
            c->type = SQLITE_NULL;
        } else if (fabs(d) < 9007199254740992.0 && d == floor(d)) {
            c->type = SQLITE_INTEGER;
            c->i = (int64_t)d;
            c->d = d;
            buf_addf(&t, "%lld", (long long)c->i);
        } else {
            c->type = SQLITE_FLOAT;
            c->d = d;
            format_real(&t, d);
        }
        c->text = buf_detach(&t, &c->len);
    }
}

/* Replaces {name} in the question by the parameter's text (names checked beforehand). */
static void fill_question(struct buf *out, const char *tmpl, const struct qparam *p, size_t np)
{
    const char *s = tmpl;
    while (*s) {
        const char *e;
        size_t i;
        if (*s != '{' || !(e = strchr(s + 1, '}'))) {
            buf_addch(out, *s++);
            continue;
        }
        for (i = 0; i < np; i++)
            if (strlen(p[i].name) == (size_t)(e - s - 1) &&
                !strncmp(p[i].name, s + 1, (size_t)(e - s - 1)))
                break;
        if (i == np)
            buf_add(out, s, (size_t)(e - s + 1));
        else
            buf_add(out, p[i].value.text, p[i].value.len);
        s = e + 1;
    }
}

/* Every {name} in the question must be a param: checked once per entry, not per expansion. */
static int check_placeholders(const char *q, const cJSON *params, const struct srcloc *loc,
                              const char *id)
{
    const char *s = q, *e;
    int rc = 0;
    while ((s = strchr(s, '{')) && (e = strchr(s + 1, '}'))) {
        char name[128];
        snprintf(name, sizeof(name), "%.*s", (int)(e - s - 1), s + 1);
        if (!cJSON_GetObjectItemCaseSensitive(params, name))
            rc = error_at(loc, "query '%s': the question names '%s', which is not a param", id,
                          name);
        s = e + 1;
    }
    return rc;
}

static const char *get_string(struct query_loader *L, const cJSON *e, int qi, const char *field,
                              int required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, field);
    if (!v) {
        if (required) {
            struct srcloc loc = loc_of(L->qs, qi, NULL);
            L->rc = error_at(&loc, "query has no '%s'", field);
        }
        return NULL;
    }
    if (!cJSON_IsString(v) || !*v->valuestring) {
        struct srcloc loc = loc_of(L->qs, qi, field);
        L->rc = error_at(&loc, "'%s' must be a non-empty string", field);
        return NULL;
    }
    return v->valuestring;
}

static void check_fields(struct query_loader *L, const cJSON *e, int qi)
{
    static const char *const known[] = {"id",         "question",   "sql",     "params",
                                        "types",      "difficulty", "ordered", "expect_empty",
                                        "row_filter", "comment",    NULL};
    const cJSON *f;
    cJSON_ArrayForEach(f, e)
    {
        if (!in_list(f->string, known)) {
            struct srcloc loc = loc_of(L->qs, qi, f->string);
            L->rc = error_at(&loc, "unknown field '%s'", f->string);
        }
    }
}

/* "row_filter": an object of table name -> non-empty SQL condition. */
static int read_filters(struct query_loader *L, const cJSON *e, int qi, struct query *base)
{
    const cJSON *rf = cJSON_GetObjectItemCaseSensitive(e, "row_filter"), *f;
    struct srcloc loc = loc_of(L->qs, qi, "row_filter");
    size_t n;
    if (!rf)
        return 0;
    if (!cJSON_IsObject(rf) || !(n = (size_t)cJSON_GetArraySize(rf)))
        return error_at(&loc, "'row_filter' must be an object of table names and SQL conditions");
    base->filters = xcalloc(n, sizeof(*base->filters));
    cJSON_ArrayForEach(f, rf)
    {
        struct jstep path[4] = {{"queries", 0}, {NULL, qi}, {"row_filter", 0}, {f->string, 0}};
        struct rowfilter *r = &base->filters[base->nfilters];
        r->loc = loc;
        r->loc.line = json_lines_get(L->qs->lines, path, 4);
        if (!cJSON_IsString(f) || !*f->valuestring)
            return error_at(&r->loc, "row_filter '%s' must be a non-empty SQL condition",
                            f->string);
        r->table = xstrdup(f->string);
        r->cond = xstrdup(f->valuestring);
        base->nfilters++;
    }
    return 0;
}

static void filters_copy(struct query *q, const struct query *base)
{
    size_t i;
    q->filters = xcalloc(base->nfilters ? base->nfilters : 1, sizeof(*q->filters));
    for (i = 0; i < base->nfilters; i++) {
        q->filters[i] = base->filters[i];
        q->filters[i].table = xstrdup(base->filters[i].table);
        q->filters[i].cond = xstrdup(base->filters[i].cond);
    }
}

static void filters_free(struct query *q)
{
    size_t i;
    for (i = 0; i < q->nfilters; i++) {
        free(q->filters[i].table);
        free(q->filters[i].cond);
    }
    free(q->filters);
}

/* Fills the fields shared by every expansion of entry `e`; returns 0 or -1. */
static int read_common(struct query_loader *L, const cJSON *e, int qi, struct query *base)
{
    const cJSON *types = cJSON_GetObjectItemCaseSensitive(e, "types");
    const cJSON *ord = cJSON_GetObjectItemCaseSensitive(e, "ordered");
    const cJSON *emp = cJSON_GetObjectItemCaseSensitive(e, "expect_empty");
    const char *id = get_string(L, e, qi, "id", 1);
    const char *question = get_string(L, e, qi, "question", 1);
    const char *sql = get_string(L, e, qi, "sql", 1);
    const char *diff = get_string(L, e, qi, "difficulty", 1);
    const cJSON *t;
    int rc = 0;
    memset(base, 0, sizeof(*base));
    base->loc = loc_of(L->qs, qi, NULL);
    base->sql_loc = loc_of(L->qs, qi, "sql");
    if (!id || !question || !sql || !diff)
        return -1;
    if (!in_list(diff, known_difficulties)) {
        struct srcloc loc = loc_of(L->qs, qi, "difficulty");
        rc = error_at(&loc, "unknown difficulty '%s' (easy, medium or hard)", diff);
    }
    if (!cJSON_IsArray(types) || !cJSON_GetArraySize(types)) {
        struct srcloc loc = loc_of(L->qs, qi, types ? "types" : NULL);
        rc = error_at(&loc, "'types' must be a non-empty array of query types");
    } else {
        base->types = xcalloc((size_t)cJSON_GetArraySize(types), sizeof(char *));
        cJSON_ArrayForEach(t, types)
        {
            if (!cJSON_IsString(t) || !in_list(t->valuestring, known_types)) {
                struct srcloc loc = loc_of(L->qs, qi, "types");
                rc = error_at(&loc,
                              "query '%s': unknown query type '%s' (Aggregation, Max/Min, "
                              "Join, Comparison or Ranking)",
                              id, cJSON_IsString(t) ? t->valuestring : "?");
                continue;
            }
            base->types[base->ntypes++] = xstrdup(t->valuestring);
        }
    }
    if ((ord && !cJSON_IsBool(ord)) || (emp && !cJSON_IsBool(emp))) {
        struct srcloc loc =
            loc_of(L->qs, qi, ord && !cJSON_IsBool(ord) ? "ordered" : "expect_empty");
        rc = error_at(&loc, "must be true or false");
    }
    base->base_id = xstrdup(id);
    base->question = xstrdup(question);
    base->sql = xstrdup(sql);
    base->difficulty = xstrdup(diff);
    base->ordered = ord && cJSON_IsBool(ord) ? cJSON_IsTrue(ord) : sql_outer_order_by(sql);
    base->expect_empty = emp && cJSON_IsTrue(emp);
    if (read_filters(L, e, qi, base) < 0)
        rc = -1;
    return rc;
}

static void free_query(struct query *q)
{
    size_t i;
    free(q->id);
    free(q->base_id);
    free(q->question);
    free(q->sql);
    free(q->difficulty);
    filters_free(q);
    for (i = 0; i < q->nparams; i++) {
        free(q->params[i].name);
        cell_release(&q->params[i].value);
    }
    free(q->params);
    for (i = 0; i < q->ntypes; i++)
        free(q->types[i]);
    free(q->types);
    if (q->reads_col)
        for (i = 0; i < q->nschema_tables; i++)
            free(q->reads_col[i]);
    free(q->reads_col);
    free(q->reads_table);
    free(q->tables);
}

/* The params of one entry, each array walked once (cJSON_GetArrayItem is a list walk). */
struct param_table {
    const cJSON **param;  /* the arrays, in file order */
    const cJSON ***value; /* value[i][j]: the j-th value of param i */
    size_t *nvalue;
    size_t n;
};

static void param_table_release(struct param_table *t)
{
    size_t i;
    for (i = 0; i < t->n; i++)
        free(t->value[i]);
    free(t->param);
    free(t->value);
    free(t->nvalue);
}

/* Reads `params` into t and counts the combinations into *total; an error past the bound. */
static int param_table_read(struct query_set *qs, int qi, const cJSON *params,
                            struct param_table *t, size_t *total)
{
    const cJSON *p, *v;
    struct srcloc loc = loc_of(qs, qi, "params");
    size_t n = (size_t)cJSON_GetArraySize(params), i = 0, j;
    memset(t, 0, sizeof(*t));
    t->param = xcalloc(n ? n : 1, sizeof(*t->param));
    t->value = xcalloc(n ? n : 1, sizeof(*t->value));
    t->nvalue = xcalloc(n ? n : 1, sizeof(*t->nvalue));
    *total = 1;
    cJSON_ArrayForEach(p, params)
    {
        size_t m = (size_t)cJSON_GetArraySize(p);
        if (!cJSON_IsArray(p) || !m)
            return error_at(&loc, "param '%s' must be a non-empty array of values", p->string);
        if (m > QUERY_MAX_EXPANSION / *total)
            return error_at(&loc,
                            "params expand to more than %d queries (one per combination of "
                            "values); split the entry or use fewer values",
                            QUERY_MAX_EXPANSION);
        *total *= m;
        t->param[i] = p;
        t->value[i] = xcalloc(m, sizeof(**t->value));
        t->nvalue[i] = m;
        j = 0;
        cJSON_ArrayForEach(v, p) t->value[i][j++] = v;
        t->n = ++i;
    }
    return 0;
}

/* The k-th expansion of `base` with the params of t: the last param varies fastest. */
static void expand_one(struct query *q, const struct query *base, const struct param_table *t,
                       size_t k)
{
    struct buf qt = BUF_INIT, id = BUF_INIT;
    size_t i, rest = k;
    *q = *base;
    q->base_id = xstrdup(base->base_id);
    q->sql = xstrdup(base->sql);
    q->difficulty = xstrdup(base->difficulty);
    filters_copy(q, base);
    q->types = xcalloc(base->ntypes ? base->ntypes : 1, sizeof(char *));
    for (i = 0; i < base->ntypes; i++)
        q->types[i] = xstrdup(base->types[i]);
    q->nparams = t->n;
    q->params = xcalloc(t->n ? t->n : 1, sizeof(*q->params));
    for (i = t->n; i-- > 0;) { /* k in mixed radix, from the end */
        q->params[i].name = xstrdup(t->param[i]->string);
        param_cell(&q->params[i].value, t->value[i][rest % t->nvalue[i]]);
        rest /= t->nvalue[i];
    }
    if (t->n)
        buf_addf(&id, "%s.%zu", base->base_id, k + 1);
    else
        buf_adds(&id, base->base_id);
    q->id = buf_detach(&id, NULL);
    fill_question(&qt, base->question, q->params, t->n);
    q->question = buf_detach(&qt, NULL);
}

/* Appends one expanded query per combination of the params of entry `e`. */
static int expand(struct query_loader *L, const cJSON *e, int qi, const struct query *base)
{
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(e, "params");
    struct query_set *qs = L->qs;
    struct param_table t;
    struct srcloc qloc = loc_of(qs, qi, "question");
    size_t total, k;
    if (params && !cJSON_IsObject(params)) {
        struct srcloc loc = loc_of(qs, qi, "params");
        return error_at(&loc, "'params' must be an object of arrays");
    }
    if (param_table_read(qs, qi, params, &t, &total) < 0 ||
        check_placeholders(base->question, params, &qloc, base->base_id) < 0) {
        param_table_release(&t);
        return -1;
    }
    for (k = 0; k < total; k++) {
        ALLOC_GROW(qs->q, qs->n + 1, L->alloc);
        expand_one(&qs->q[qs->n++], base, &t, k);
    }
    param_table_release(&t);
    return 0;
}

struct id_at {
    const char *id;
    size_t index;
};

static int cmp_id_at(const void *a, const void *b)
{
    const struct id_at *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Every id once: sorted, so that a file of many expansions is not checked pair by pair.
 * Each repeat is reported at its own line, in file order. */
static int check_ids(struct query_set *qs)
{
    struct id_at *v = xcalloc(qs->n ? qs->n : 1, sizeof(*v));
    unsigned char *dup = xcalloc(qs->n ? qs->n : 1, 1);
    size_t i;
    int rc = 0;
    for (i = 0; i < qs->n; i++)
        v[i] = (struct id_at){qs->q[i].id, i};
    if (qs->n)
        qsort(v, qs->n, sizeof(*v), cmp_id_at);
    for (i = 1; i < qs->n; i++)
        if (!strcmp(v[i].id, v[i - 1].id))
            dup[v[i].index] = 1;
    for (i = 0; i < qs->n; i++)
        if (dup[i])
            rc = error_at(&qs->q[i].loc, "duplicate query id '%s'", qs->q[i].id);
    free(v);
    free(dup);
    return rc;
}

char *query_set_path(const char *root, const char *schema)
{
    struct buf file = BUF_INIT;
    char *dir = path_join(root, "queries"), *path;
    buf_addf(&file, "%s.json", schema);
    path = path_join(dir, file.s);
    free(dir);
    buf_release(&file);
    return path;
}

int query_set_load(struct query_set *qs, const char *path)
{
    struct buf text = BUF_INIT;
    struct query_loader L = {qs, 0, 0};
    cJSON *root, *arr, *e, *schema;
    int qi = 0;
    memset(qs, 0, sizeof(*qs));
    qs->path = xstrdup(path);
    if (read_file(path, &text) < 0) {
        query_set_release(qs);
        return -1;
    }
    root = json_parse_file_text(text.s, text.len, path);
    qs->lines = root ? json_lines_new(text.s, text.len) : NULL;
    buf_release(&text);
    if (!root) {
        query_set_release(qs);
        return -1;
    }
    schema = cJSON_GetObjectItemCaseSensitive(root, "schema");
    arr = cJSON_GetObjectItemCaseSensitive(root, "queries");
    if (!cJSON_IsString(schema) || !cJSON_IsArray(arr)) {
        L.rc = error_at(&(struct srcloc){path, 1, 0},
                        "a query set is an object with \"schema\" (a name) and \"queries\" (an "
                        "array)");
    } else {
        qs->schema = xstrdup(schema->valuestring);
        cJSON_ArrayForEach(e, arr)
        {
            struct query base;
            if (!cJSON_IsObject(e)) {
                struct srcloc loc = loc_of(qs, qi, NULL);
                L.rc = error_at(&loc, "a query must be an object");
            } else {
                check_fields(&L, e, qi);
                if (read_common(&L, e, qi, &base) < 0 || expand(&L, e, qi, &base) < 0)
                    L.rc = -1;
                free_query(&base);
            }
            qi++;
        }
        if (check_ids(qs) < 0)
            L.rc = -1;
    }
    cJSON_Delete(root);
    if (L.rc) {
        query_set_release(qs);
        return -1;
    }
    return 0;
}

void query_set_release(struct query_set *qs)
{
    size_t i;
    for (i = 0; i < qs->n; i++)
        free_query(&qs->q[i]);
    free(qs->q);
    free(qs->path);
    free(qs->schema);
    json_lines_free(qs->lines);
    memset(qs, 0, sizeof(*qs));
}

/* ---- preparing ------------------------------------------------------------------------------- */

static int bind_params(const struct query *q, sqlite3_stmt *st)
{
    int i, n = sqlite3_bind_parameter_count(st);
    for (i = 1; i <= n; i++) {
        const char *name = sqlite3_bind_parameter_name(st, i);
        size_t k;
        if (!name || (name[0] != ':' && name[0] != '$' && name[0] != '@'))
            return error_at(&q->sql_loc, "query '%s': SQL parameters must be named (:name)", q->id);
        for (k = 0; k < q->nparams; k++)
            if (!strcmp(q->params[k].name, name + 1))
                break;
        if (k == q->nparams)
            return error_at(&q->sql_loc, "query '%s': SQL parameter '%s' has no value in params",
                            q->id, name);
        cell_bind(st, i, &q->params[k].value);
    }
    return 0;
}

static int refuse_clock(const struct query *q)
{
    struct buf why = BUF_INIT;
    int found = sql_clock_use(q, &why);
    if (found)
        error_at(&q->sql_loc, "query '%s' is refused: it %s (answers must not depend on chance)",
                 q->id, why.s);
    buf_release(&why);
    return found;
}

sqlite3_stmt *query_prepare(const struct query *q, sqlite3 *db, struct authz *az)
{
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int r;
    az->internal = 0;
    az->denied = az->chance = az->clock = 0;
    r = sqlite3_prepare_v2(db, q->sql, -1, &st, &tail);
    if (az->denied) {
        sqlite3_finalize(st);
        error_at(&q->sql_loc, "query '%s' is refused: it %s (%s)", q->id, az->what,
                 az->chance ? "answers must not depend on chance" : "queries may only read");
        return NULL;
    }
    if (r != SQLITE_OK || !st) {
        error_at(&q->sql_loc, "query '%s': %s", q->id, st || r ? sqlite3_errmsg(db) : "empty SQL");
        sqlite3_finalize(st);
        return NULL;
    }
    while (tail && isspace((unsigned char)*tail))
        tail++;
    if (tail && *tail && *tail != ';') {
        error_at(&q->sql_loc, "query '%s': only one SQL statement is allowed", q->id);
        sqlite3_finalize(st);
        return NULL;
    }
    if (az->clock && refuse_clock(q)) {
        sqlite3_finalize(st);
        return NULL;
    }
    if (!sqlite3_stmt_readonly(st)) {
        error_at(&q->sql_loc, "query '%s' is refused: it would change the database", q->id);
        sqlite3_finalize(st);
        return NULL;
    }
    if (bind_params(q, st) < 0) {
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

int query_analyze(struct query *q, const struct schema *s)
{
    struct authz *az = s->az;
    sqlite3_stmt *st;
    size_t i;
    az->s = s;
    az->table_read = xcalloc(s->ntables, sizeof(int));
    az->reads = xcalloc(s->ntables, sizeof(unsigned char *));
    st = query_prepare(q, s->db, az);
    q->reads_table = az->table_read;
    q->reads_col = az->reads;
    q->nschema_tables = s->ntables;
    az->s = NULL;
    az->table_read = NULL;
    az->reads = NULL;
    if (!st)
        return -1;
    sqlite3_finalize(st);
    q->tables = xcalloc(s->ntables, sizeof(size_t));
    q->ntables = 0;
    for (i = 0; i < s->ntables; i++)
        if (q->reads_table[i])
            q->tables[q->ntables++] = i;
    if (!q->ntables)
        return error_at(&q->sql_loc, "query '%s' reads no table", q->id);
    for (i = 0; i < q->ntables; i++)
        if (s->tables[q->tables[i]].skip)
            return error_at(&q->sql_loc, "query '%s' reads '%s', which verbalize.json skips", q->id,
                            s->tables[q->tables[i]].name);
    return rowfilter_analyze(q, s);
}
