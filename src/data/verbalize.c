/* verbalize.c: turning table rows into sentences with the templates of verbalize.json; the
 * interface and its rules are in verbalize.h. */
#include "verbalize.h"

#include "jsonloc.h"
#include "prng.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

#define NONE ((size_t)-1)
#define MIN_TEMPLATES 3

/* Characters that a backslash makes literal in a template. */
static const char escapable[] = "{}[]\\";

enum { VOP_LIT, VOP_COL, VOP_OPT };

/* One compiled step of a template.
 *  LIT: a = offset in lits, b = length.
 *  COL: a = name id, b = bound column (NONE until bound), c = 1 inside an optional part.
 *  OPT: the start of an optional part; deps[a .. a+b) are the op indices of the columns
 *       directly inside it, c = index of the first op after it (where a dropped part jumps). */
struct vop {
    int kind;
    size_t a, b, c;
};

struct vtemplate {
    char *source;
    size_t begin, end; /* its ops */
    int line;
};

struct vtable {
    char *name;
    const char *file; /* the verbalizer's path */
    int line;
    struct vtemplate *tpl;
    size_t ntpl, atpl;
    struct vop *ops; /* of every template, one after the other */
    size_t nops, aops;
    struct buf lits; /* literal bytes with escapes decoded */
    size_t *deps;
    size_t ndeps, adeps;
    char **names;  /* distinct column names mentioned */
    size_t *bound; /* per name: column index, or NONE */
    size_t nnames, anames;
    int bound_ok; /* the last vtable_bind() resolved every name */
};

struct verbalizer {
    char *path;
    struct vtable **tables; /* pointers, so that tables stay put while the array grows */
    size_t ntables, atables;
    /* a hash of the names, folded to lower case: tables are looked up once each while they
     * load and again when bound, which a linear search made quadratic in 10^4 tables */
    size_t *slot; /* index + 1 into tables, 0 empty; mask + 1 slots */
    size_t mask;
    char **skip;
    size_t nskip, askip;
};

/* ---- Compiling one template ---- */

/* An optional part still open: its OPT op, where its direct columns start in scratch, and
 * how many columns it holds at any depth (a part without any is a mistake). */
struct frame {
    size_t op, scratch, cols;
};

struct compiler {
    struct vtable *vt;
    size_t k;
    struct srcloc loc;
    int problems;
    size_t cur_lit; /* the LIT op that literal bytes may extend, or NONE */
    struct frame *stack;
    size_t nstack, astack;
    size_t *scratch; /* direct columns of the open parts, innermost last */
    size_t nscratch, ascratch;
};

static void problem(struct compiler *c, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void problem(struct compiler *c, const char *fmt, ...)
{
    struct buf msg = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vaddf(&msg, fmt, ap);
    va_end(ap);
    error_at(&c->loc, "%s in template %zu of table '%s'", msg.s, c->k + 1, c->vt->name);
    buf_release(&msg);
    c->problems++;
}

static struct vop *push_op(struct vtable *vt, int kind)
{
    struct vop *op;
    ALLOC_GROW(vt->ops, vt->nops + 1, vt->aops);
    op = &vt->ops[vt->nops++];
    op->kind = kind;
    op->a = op->b = op->c = 0;
    return op;
}

static void add_lit(struct compiler *c, const char *p, size_t n)
{
    struct vtable *vt = c->vt;
    if (c->cur_lit == NONE) {
        struct vop *op = push_op(vt, VOP_LIT);
        op->a = vt->lits.len;
        c->cur_lit = vt->nops - 1;
    }
    buf_add(&vt->lits, p, n);
    vt->ops[c->cur_lit].b += n;
}

static size_t intern_name(struct vtable *vt, const char *name)
{
    size_t i;
    for (i = 0; i < vt->nnames; i++)
        if (!strcmp(vt->names[i], name))
            return i;
    ALLOC_GROW(vt->names, vt->nnames + 1, vt->anames);
    vt->bound = xrealloc(vt->bound, st_mult(vt->anames, sizeof(*vt->bound)));
    vt->names[vt->nnames] = xstrdup(name);
    vt->bound[vt->nnames] = NONE;
    return vt->nnames++;
}

static void open_part(struct compiler *c)
{
    struct frame *f;
    push_op(c->vt, VOP_OPT);
    ALLOC_GROW(c->stack, c->nstack + 1, c->astack);
    f = &c->stack[c->nstack++];
    f->op = c->vt->nops - 1;
    f->scratch = c->nscratch;
    f->cols = 0;
    c->cur_lit = NONE;
}

static void close_part(struct compiler *c)
{
    struct vtable *vt = c->vt;
    struct frame f = c->stack[--c->nstack];
    size_t n = c->nscratch - f.scratch;
    struct vop *op = &vt->ops[f.op];

    /* the innermost part's columns are always the tail of scratch */
    ALLOC_GROW(vt->deps, vt->ndeps + n, vt->adeps);
    if (n)
        memcpy(vt->deps + vt->ndeps, c->scratch + f.scratch, n * sizeof(*vt->deps));
    op->a = vt->ndeps;
    op->b = n;
    op->c = vt->nops;
    vt->ndeps += n;
    c->nscratch = f.scratch;
    c->cur_lit = NONE;
    if (!f.cols)
        problem(c, "optional part without a column");
    else if (c->nstack)
        c->stack[c->nstack - 1].cols += f.cols;
}

/* src[i] follows a '{': compile the reference and return the index after its '}', or after
 * where it broke off. */
static size_t column_ref(struct compiler *c, const char *src, size_t i, size_t n)
{
    struct vtable *vt = c->vt;
    struct buf name = BUF_INIT;
    struct vop *op;

    c->cur_lit = NONE;
    while (i < n && src[i] != '}') {
        if (src[i] == '\\' && i + 1 < n) {
            if (strchr(escapable, src[i + 1]))
                buf_addch(&name, src[i + 1]);
            else
                problem(c, "unknown escape '\\%c'", src[i + 1]);
            i += 2;
            continue;
        }
        /* leave these to the main loop, which reports them */
        if (src[i] == '{' || src[i] == '\n' || src[i] == '\r' || src[i] == '\\')
            break;
        buf_addch(&name, src[i++]);
    }
    if (i >= n || src[i] != '}') {
        problem(c, "unclosed '{'");
        buf_release(&name);
        return i;
    }
    if (!name.len) {
        problem(c, "empty column name '{}'");
        return i + 1;
    }
    op = push_op(vt, VOP_COL);
    op->a = intern_name(vt, name.s);
    op->b = NONE;
    op->c = c->nstack > 0;
    if (c->nstack) {
        ALLOC_GROW(c->scratch, c->nscratch + 1, c->ascratch);
        c->scratch[c->nscratch++] = vt->nops - 1;
        c->stack[c->nstack - 1].cols++;
    }
    buf_release(&name);
    return i + 1;
}

static void compile(struct compiler *c, const char *src)
{
    size_t i = 0, n = strlen(src);
    int line_break = 0;

    c->cur_lit = NONE;
    c->nstack = c->nscratch = 0;
    while (i < n) {
        char ch = src[i];
        if (ch == '\\') {
            if (i + 1 == n) {
                problem(c, "dangling '\\'");
                i++;
            } else if (!strchr(escapable, src[i + 1])) {
                problem(c, "unknown escape '\\%c'", src[i + 1]);
                i += 2;
            } else {
                add_lit(c, src + i + 1, 1);
                i += 2;
            }
        } else if (ch == '\n' || ch == '\r') {
            if (!line_break++)
                problem(c, "line break");
            i++;
        } else if (ch == '[') {
            open_part(c);
            i++;
        } else if (ch == ']') {
            if (c->nstack)
                close_part(c);
            else
                problem(c, "unmatched ']'");
            i++;
        } else if (ch == '{') {
            i = column_ref(c, src, i + 1, n);
        } else if (ch == '}') {
            problem(c, "unmatched '}'");
            i++;
        } else {
            size_t j = i + 1;
            while (j < n && !strchr("\\\n\r[]{}", src[j]))
                j++;
            add_lit(c, src + i, j - i);
            i = j;
        }
    }
    if (c->nstack)
        problem(c, "unclosed '['");
}

/* ---- Loading ---- */

/* verbalizer_load()'s state while it reads verbalize.json: the file's path and where its
 * values are, to locate errors, and the count of problems found. */
struct verbalize_loader {
    const char *path;
    struct json_lines *lines;
    int problems;
};

static struct srcloc loc_of(const struct verbalize_loader *L, const struct jstep *path, size_t n)
{
    struct srcloc loc = {L->path, json_lines_get(L->lines, path, n), 0};
    return loc;
}

static void vtable_free(struct vtable *vt)
{
    size_t i;
    if (!vt)
        return;
    for (i = 0; i < vt->ntpl; i++)
        free(vt->tpl[i].source);
    for (i = 0; i < vt->nnames; i++)
        free(vt->names[i]);
    free(vt->tpl);
    free(vt->ops);
    buf_release(&vt->lits);
    free(vt->deps);
    free(vt->names);
    free(vt->bound);
    free(vt->name);
    free(vt);
}

static void load_templates(struct verbalize_loader *L, struct vtable *vt, const cJSON *arr)
{
    struct jstep path[4] = {{"tables", 0}, {vt->name, 0}, {"templates", 0}, {NULL, 0}};
    struct compiler c = {0};
    const cJSON *t;
    size_t k = 0;

    c.vt = vt;
    c.cur_lit = NONE;
    cJSON_ArrayForEach(t, arr)
    {
        struct vtemplate *tpl;
        size_t nops_before = vt->nops;
        int problems_before = c.problems;

        path[3].index = (int)k;
        c.k = k;
        c.loc = loc_of(L, path, 4);
        k++;
        if (!cJSON_IsString(t)) {
            error_at(&c.loc, "template %zu of table '%s' must be a string", k, vt->name);
            L->problems++;
            continue;
        }
        ALLOC_GROW(vt->tpl, vt->ntpl + 1, vt->atpl);
        tpl = &vt->tpl[vt->ntpl++];
        tpl->source = xstrdup(t->valuestring);
        tpl->line = c.loc.line;
        tpl->begin = vt->nops;
        compile(&c, t->valuestring);
        tpl->end = vt->nops;
        if (c.problems == problems_before) {
            size_t i;
            for (i = nops_before; i < vt->nops && vt->ops[i].kind != VOP_COL; i++)
                ;
            if (i == vt->nops)
                warning_at(&c.loc, "template %zu of table '%s' mentions no column", k, vt->name);
        }
    }
    L->problems += c.problems;
    free(c.stack);
    free(c.scratch);
    if (k < MIN_TEMPLATES) {
        struct srcloc loc = loc_of(L, path, 3);
        error_at(&loc, "table '%s' has %zu template%s; at least %d are needed", vt->name, k,
                 k == 1 ? "" : "s", MIN_TEMPLATES);
        L->problems++;
    }
}

static size_t fold_hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 1099511628211u;
    return (size_t)h;
}

static void slot_put(size_t *slot, size_t mask, const char *name, size_t idx)
{
    size_t i = fold_hash(name) & mask;
    while (slot[i])
        i = (i + 1) & mask;
    slot[i] = idx + 1;
}

/* Adds v->tables[ntables - 1] to the hash, doubling it past half full. */
static void index_table(struct verbalizer *v)
{
    size_t i;
    if (2 * v->ntables > v->mask) {
        size_t mask = v->mask ? 2 * v->mask + 1 : 63;
        free(v->slot);
        v->slot = xcalloc(mask + 1, sizeof(*v->slot));
        v->mask = mask;
        for (i = 0; i < v->ntables; i++)
            slot_put(v->slot, mask, v->tables[i]->name, i);
        return;
    }
    slot_put(v->slot, v->mask, v->tables[v->ntables - 1]->name, v->ntables - 1);
}

/* Names are matched ignoring case: load_table() refuses a second table whose name differs
 * from an earlier one only in case, so at most one matches. */
static struct vtable *find_table(const struct verbalizer *v, const char *name)
{
    size_t i;
    if (!v->slot)
        return NULL;
    for (i = fold_hash(name) & v->mask; v->slot[i]; i = (i + 1) & v->mask)
        if (!strcasecmp(v->tables[v->slot[i] - 1]->name, name))
            return v->tables[v->slot[i] - 1];
    return NULL;
}

static void load_table(struct verbalize_loader *L, struct verbalizer *v, const cJSON *entry)
{
    const char *name = entry->string;
    struct jstep path[3] = {{"tables", 0}, {name, 0}, {NULL, 0}};
    struct srcloc loc = loc_of(L, path, 2);
    const cJSON *m, *templates = NULL;
    struct vtable *vt;

    if (find_table(v, name)) {
        error_at(&loc, "duplicate table '%s'", name);
        L->problems++;
        return;
    }
    vt = xcalloc(1, sizeof(*vt));
    vt->name = xstrdup(name);
    vt->file = v->path;
    vt->line = loc.line;
    vt->lits = (struct buf)BUF_INIT;
    ALLOC_GROW(v->tables, v->ntables + 1, v->atables);
    v->tables[v->ntables++] = vt;
    index_table(v);

    if (!cJSON_IsObject(entry)) {
        error_at(&loc, "table '%s' must be an object with 'templates'", name);
        L->problems++;
        return;
    }
    cJSON_ArrayForEach(m, entry)
    {
        if (!strcmp(m->string, "templates") && !templates) {
            templates = m;
        } else {
            struct jstep mpath[3] = {{"tables", 0}, {name, 0}, {m->string, 0}};
            struct srcloc mloc = loc_of(L, mpath, 3);
            warning_at(&mloc, "unknown key '%s' in table '%s'", m->string, name);
        }
    }
    if (!templates) {
        error_at(&loc, "table '%s' has no 'templates'", name);
        L->problems++;
    } else if (!cJSON_IsArray(templates)) {
        path[2].key = "templates";
        loc = loc_of(L, path, 3);
        error_at(&loc, "'templates' of table '%s' must be an array of strings", name);
        L->problems++;
    } else {
        load_templates(L, vt, templates);
    }
}

static void load_skip(struct verbalize_loader *L, struct verbalizer *v, const cJSON *arr)
{
    struct jstep path[2] = {{"skip", 0}, {NULL, 0}};
    const cJSON *s;
    int i = 0;

    if (!cJSON_IsArray(arr)) {
        struct srcloc loc = loc_of(L, path, 1);
        error_at(&loc, "'skip' must be an array of table names");
        L->problems++;
        return;
    }
    cJSON_ArrayForEach(s, arr)
    {
        path[1].index = i++;
        if (!cJSON_IsString(s)) {
            struct srcloc loc = loc_of(L, path, 2);
            error_at(&loc, "'skip' entries must be table names");
            L->problems++;
            continue;
        }
        ALLOC_GROW(v->skip, v->nskip + 1, v->askip);
        v->skip[v->nskip++] = xstrdup(s->valuestring);
    }
}

struct verbalizer *verbalizer_load(const char *path)
{
    struct buf text = BUF_INIT;
    struct verbalize_loader L = {path, NULL, 0};
    struct verbalizer *v;
    const cJSON *m, *tables = NULL, *skip = NULL;
    cJSON *root;
    size_t i;

    if (read_file(path, &text) < 0)
        return NULL;
    root = json_parse_file_text(text.s, text.len, path);
    if (!root) {
        buf_release(&text);
        return NULL;
    }
    L.lines = json_lines_new(text.s, text.len);
    buf_release(&text);
    v = xcalloc(1, sizeof(*v));
    v->path = xstrdup(path);

    if (!cJSON_IsObject(root)) {
        struct srcloc loc = loc_of(&L, NULL, 0);
        error_at(&loc, "top level must be an object");
        L.problems++;
    } else {
        cJSON_ArrayForEach(m, root)
        {
            struct jstep mpath[1] = {{m->string, 0}};
            struct srcloc mloc = loc_of(&L, mpath, 1);
            if (!strcmp(m->string, "tables") || !strcmp(m->string, "skip")) {
                const cJSON **slot = m->string[0] == 't' ? &tables : &skip;
                if (*slot) {
                    error_at(&mloc, "duplicate key '%s'", m->string);
                    L.problems++;
                }
                *slot = m;
            } else {
                warning_at(&mloc, "unknown key '%s'", m->string);
            }
        }
        if (skip)
            load_skip(&L, v, skip);
        if (!tables) {
            struct srcloc loc = loc_of(&L, NULL, 0);
            error_at(&loc, "missing 'tables'");
            L.problems++;
        } else if (!cJSON_IsObject(tables)) {
            struct jstep tpath[1] = {{"tables", 0}};
            struct srcloc loc = loc_of(&L, tpath, 1);
            error_at(&loc, "'tables' must be an object");
            L.problems++;
        } else {
            cJSON_ArrayForEach(m, tables) load_table(&L, v, m);
        }
    }
    for (i = 0; i < v->ntables; i++) {
        if (verbalizer_is_skipped(v, v->tables[i]->name)) {
            struct srcloc loc = vtable_loc(v->tables[i], v->tables[i]->ntpl);
            warning_at(&loc, "table '%s' is both skipped and given templates; it is skipped",
                       v->tables[i]->name);
        }
    }

    cJSON_Delete(root);
    json_lines_free(L.lines);
    if (L.problems) {
        verbalizer_free(v);
        return NULL;
    }
    return v;
}

void verbalizer_free(struct verbalizer *v)
{
    size_t i;
    if (!v)
        return;
    for (i = 0; i < v->ntables; i++)
        vtable_free(v->tables[i]);
    for (i = 0; i < v->nskip; i++)
        free(v->skip[i]);
    free(v->tables);
    free(v->slot);
    free(v->skip);
    free(v->path);
    free(v);
}

/* ---- Looking up tables ---- */

int verbalizer_is_skipped(const struct verbalizer *v, const char *table)
{
    size_t i;
    for (i = 0; i < v->nskip; i++)
        if (!strcasecmp(v->skip[i], table))
            return 1;
    return 0;
}

struct vtable *verbalizer_table(struct verbalizer *v, const char *table)
{
    return find_table(v, table);
}

size_t verbalizer_count(const struct verbalizer *v)
{
    return v->ntables;
}

struct vtable *verbalizer_at(struct verbalizer *v, size_t i)
{
    if (i >= v->ntables)
        BUG("table %zu of %zu", i, v->ntables);
    return v->tables[i];
}

/* ---- Binding ---- */

int vtable_bind(struct vtable *vt, const char *const *columns, size_t ncolumns)
{
    unsigned char *ambiguous = xcalloc(vt->nnames ? vt->nnames : 1, 1);
    int problems = 0;
    size_t i, j, k;

    for (i = 0; i < vt->nnames; i++) {
        vt->bound[i] = NONE;
        for (j = 0; j < ncolumns && vt->bound[i] == NONE; j++)
            if (!strcmp(vt->names[i], columns[j]))
                vt->bound[i] = j;
        for (j = 0; j < ncolumns && vt->bound[i] == NONE; j++)
            if (!strcasecmp(vt->names[i], columns[j]))
                vt->bound[i] = j;
        /* an exact match settles it; a match ignoring case must be the only one */
        if (vt->bound[i] != NONE && strcmp(vt->names[i], columns[vt->bound[i]])) {
            for (j = vt->bound[i] + 1; j < ncolumns; j++)
                if (!strcasecmp(vt->names[i], columns[j]))
                    ambiguous[i] = 1;
            if (ambiguous[i])
                vt->bound[i] = NONE;
        }
    }
    for (i = 0; i < vt->nops; i++)
        if (vt->ops[i].kind == VOP_COL)
            vt->ops[i].b = vt->bound[vt->ops[i].a];

    /* report per template, since the template's line is the useful location */
    for (k = 0; k < vt->ntpl; k++) {
        const struct vtemplate *t = &vt->tpl[k];
        for (i = t->begin; i < t->end; i++) {
            const struct vop *op = &vt->ops[i];
            struct srcloc loc;
            if (op->kind != VOP_COL || op->b != NONE)
                continue;
            for (j = t->begin; j < i; j++)
                if (vt->ops[j].kind == VOP_COL && vt->ops[j].a == op->a)
                    break;
            if (j < i)
                continue; /* already reported for this template */
            loc = vtable_loc(vt, k);
            if (ambiguous[op->a])
                error_at(&loc, "ambiguous column '%s' in table '%s' (several match ignoring case)",
                         vt->names[op->a], vt->name);
            else
                error_at(&loc, "unknown column '%s' in table '%s'", vt->names[op->a], vt->name);
            problems++;
        }
    }
    free(ambiguous);
    vt->bound_ok = !problems;
    return problems;
}

/* ---- Describing ---- */

const char *vtable_name(const struct vtable *vt)
{
    return vt->name;
}

size_t vtable_count(const struct vtable *vt)
{
    return vt->ntpl;
}

static const struct vtemplate *get_tpl(const struct vtable *vt, size_t k)
{
    if (k >= vt->ntpl)
        BUG("template %zu of %zu in table '%s'", k, vt->ntpl, vt->name);
    return &vt->tpl[k];
}

const char *vtable_source(const struct vtable *vt, size_t k)
{
    return get_tpl(vt, k)->source;
}

struct srcloc vtable_loc(const struct vtable *vt, size_t k)
{
    struct srcloc loc = {vt->file, k == vt->ntpl ? vt->line : get_tpl(vt, k)->line, 0};
    return loc;
}

int vtable_mentions(const struct vtable *vt, size_t k, size_t col)
{
    const struct vtemplate *t = get_tpl(vt, k);
    size_t i;
    for (i = t->begin; i < t->end; i++)
        if (vt->ops[i].kind == VOP_COL && vt->ops[i].b == col)
            return 1;
    return 0;
}

int vtable_optional(const struct vtable *vt, size_t k, size_t col)
{
    const struct vtemplate *t = get_tpl(vt, k);
    size_t i;
    int seen = 0;
    for (i = t->begin; i < t->end; i++) {
        if (vt->ops[i].kind != VOP_COL || vt->ops[i].b != col)
            continue;
        if (!vt->ops[i].c)
            return 0;
        seen = 1;
    }
    return seen;
}

/* ---- Rendering ---- */

size_t verbalize_choose(uint64_t seed, const char *table, const char *key_text, size_t n)
{
    char small[256], *p = small;
    size_t tl = strlen(table), kl = strlen(key_text), total = st_add(st_add(tl, 1), kl);
    uint64_t h;

    if (!n)
        BUG("choosing among no templates");
    /* the hot path: most keys are short, so avoid the allocation */
    if (total > sizeof(small))
        p = xmalloc(total);
    memcpy(p, table, tl);
    p[tl] = '\0';
    memcpy(p + tl + 1, key_text, kl);
    h = hash64(p, total);
    if (p != small)
        free(p);
    return (size_t)(mix64(seed ^ h) % n);
}

/* Append a value with each line break byte turned into a space, in one pass. */
static void add_value(struct buf *out, const struct cell *c)
{
    size_t i;
    char *d;
    if (buf_grow(out, c->len) < 0)
        return;
    d = out->s + out->len;
    for (i = 0; i < c->len; i++) {
        char ch = c->text[i];
        d[i] = ch == '\n' || ch == '\r' ? ' ' : ch;
    }
    buf_setlen(out, out->len + c->len);
}

static int part_kept(const struct vtable *vt, const struct vop *op, const struct cell *row)
{
    size_t i;
    for (i = 0; i < op->b; i++)
        if (row[vt->ops[vt->deps[op->a + i]].b].type == SQLITE_NULL)
            return 0;
    return 1;
}

static const struct vtemplate *bound_tpl(const struct vtable *vt, size_t k)
{
    if (!vt->bound_ok)
        BUG("table '%s' rendered without a successful vtable_bind()", vt->name);
    return get_tpl(vt, k);
}

void vtable_render(const struct vtable *vt, size_t k, const struct cell *row, struct buf *out)
{
    const struct vtemplate *t = bound_tpl(vt, k);
    size_t i = t->begin;

    while (i < t->end) {
        const struct vop *op = &vt->ops[i];
        switch (op->kind) {
        case VOP_LIT:
            buf_add(out, vt->lits.s + op->a, op->b);
            i++;
            break;
        case VOP_COL:
            if (row[op->b].type != SQLITE_NULL)
                add_value(out, &row[op->b]);
            i++;
            break;
        default:
            i = part_kept(vt, op, row) ? i + 1 : op->c;
        }
    }
}

/* memmem() is a GNU extension; this is the portable equivalent. */
static int contains(const char *hay, size_t n, const char *needle, size_t m)
{
    const char *p = hay, *end = hay + n;
    while ((size_t)(end - p) >= m) {
        p = memchr(p, needle[0], (size_t)(end - p) - m + 1);
        if (!p)
            return 0;
        if (!memcmp(p, needle, m))
            return 1;
        p++;
    }
    return 0;
}

static int found(const char *sentence, size_t slen, const struct cell *c, struct buf *tmp)
{
    if (!c->len)
        return 1;
    if (!memchr(c->text, '\n', c->len) && !memchr(c->text, '\r', c->len))
        return contains(sentence, slen, c->text, c->len);
    buf_reset(tmp);
    add_value(tmp, c);
    return contains(sentence, slen, tmp->s, tmp->len);
}

int vtable_faithful(const struct vtable *vt, size_t k, const struct cell *row, const char *sentence,
                    size_t *bad_col)
{
    const struct vtemplate *t = bound_tpl(vt, k);
    struct buf tmp = BUF_INIT;
    size_t i = t->begin, slen = strlen(sentence);
    int ok = 1;

    while (i < t->end) {
        const struct vop *op = &vt->ops[i];
        if (op->kind == VOP_OPT) {
            i = part_kept(vt, op, row) ? i + 1 : op->c;
            continue;
        }
        i++;
        if (op->kind == VOP_COL && row[op->b].type != SQLITE_NULL &&
            !found(sentence, slen, &row[op->b], &tmp)) {
            *bad_col = op->b;
            ok = 0;
            break;
        }
    }
    buf_release(&tmp);
    return ok;
}
