/* datagen_int: INTERNAL to datagen.c and datagen_spec.c; include nowhere else.
 *
 * The model of generate.json that both halves share: datagen.c reads the database's tables
 * into it, datagen_spec.c parses and checks generate.json against them, then datagen.c draws
 * each table's rows into it and inserts them.  Everything hangs off one struct dg, and
 * dg_release() in datagen.c frees all of it: the generators and word lists parsed by
 * datagen_spec.c as well as the drawn values. */
#ifndef HB_DATAGEN_INT_H
#define HB_DATAGEN_INT_H

#include "buf.h"
#include "err.h"
#include "jsonloc.h"
#include "prng.h"
#include "schema.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_DEPTH 48      /* of a located error's path in generate.json */
#define MAX_NESTING 16    /* templates within template parts */
#define MAX_HOPS 6        /* columns in a column path */
#define MAX_ZIPF 10000000 /* values of a zipf range or rows of a zipf-referenced table */

/* ---- The model ---- */

/* One drawn value; text lives in the owning column's arena at `off`. */
struct val {
    int type; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
    uint32_t len;
    union {
        int64_t i;
        double d;
        uint64_t off;
    } u;
};

/* A word list, shared by every generator that names the same file. */
struct wordlist {
    char *name;
    char **w;
    size_t *len;
    size_t n, alloc;
};

/* A column path resolved to (table, column) hops: all but the last are ref columns. */
struct path {
    size_t table[MAX_HOPS], col[MAX_HOPS];
    size_t n;
};

enum gkind {
    GK_SERIAL,
    GK_INT,
    GK_REAL,
    GK_DATE,
    GK_CHOICE,
    GK_REF,
    GK_COPY,
    GK_SYLL,
    GK_TEMPLATE
};
enum dist { D_UNIFORM, D_NORMAL, D_LOGNORMAL, D_ZIPF };

struct shift {
    struct path col;
    double per, center;
    char **keys; /* NULL: linear term */
    double *amount;
    size_t nkeys;
};

struct seg {
    char *lit; /* literal text, or NULL for a slot */
    size_t len;
    int part; /* slot: index into parts, or -1 for a column path */
    struct path col;
};

struct tmpl {
    struct seg *segs;
    size_t n;
};

struct gen {
    enum gkind kind;
    int type; /* SQLITE_INTEGER, SQLITE_FLOAT or SQLITE_TEXT; ref and copy: resolved later */
    struct prng rng;
    /* serial */
    int64_t start, step;
    /* int, real */
    double min, max, p1, p2;
    enum dist dist;
    int decimals;
    struct shift *shifts;
    size_t nshifts;
    double *cdf; /* zipf: cumulative weights by rank */
    size_t ncdf;
    /* date */
    int64_t dmin, dmax, min_days, max_days;
    int has_min, has_max, has_after;
    struct path after;
    /* choice */
    struct val *vals;
    struct buf arena;
    double *cum; /* cumulative weights, NULL: uniform */
    size_t nvals;
    struct wordlist *list;
    /* ref */
    size_t ptable, pcol;
    int cover;
    size_t *perm_rank, *perm_cover; /* drawn per table: rank -> parent, cover order */
    /* copy */
    struct path from;
    /* syllables */
    struct wordlist *syl[3];
    int smin, smax;
    /* template */
    struct tmpl *tmpls;
    double *tcum;
    size_t ntmpls;
    struct gen **parts;
    char **part_names;
    size_t nparts;
};

/* Open-addressing set of row indices whose values are distinct. */
struct uset {
    int64_t *slot; /* row + 1, 0 empty */
    size_t cap, n;
};

struct gcol {
    char *name;
    enum affinity affinity; /* of the declared type, by SQLite's rules */
    int pk, notnull, key;
    char *fk_table, *fk_col; /* from schema.sql, or NULL */
    const cJSON *spec;
    int order; /* position in the spec's list, -1 if absent */
    struct gen *gen;
    double null_frac;
    int unique;
    struct prng null_rng;
    struct val *vals;
    struct buf arena;
    int64_t *parent; /* ref: parent row per row, -1 when NULL */
    struct uset set;
};

struct gtable {
    char *name;
    struct gcol *cols;
    size_t ncols, npk;
    const cJSON *spec;
    size_t *order; /* generation order: column indices */
    size_t norder;
    uint64_t rows;
    int fixed, mark, drawn;
};

struct dg {
    sqlite3 *db;
    const char *dir;
    char *file;
    struct buf text;
    struct json_lines *lines; /* where the values of `text` are: made at the first error */
    cJSON *root;
    double scale;
    uint64_t seed;
    struct gtable *t;
    size_t nt;
    struct wordlist **lists;
    size_t nlists, alists;
    struct jstep path[MAX_DEPTH + 2];
    size_t depth;
    int nesting; /* of templates being parsed, against MAX_NESTING */
    int nerr;
    /* while parsing a column: who it is, for seeds and the listed-before rule */
    size_t cur_table, cur_col;
};

static inline const char *val_text(const struct gcol *c, const struct val *v)
{
    return c->arena.s + v->u.off;
}

/* ---- datagen_spec.c ---- */

/* Checks generate.json (g->root) against the tables read by datagen.c and parses every
 * generator; fills `order` (g->nt entries) with the drawing order, parents first.  Prints
 * every problem; returns 0, or -1 if there was any. */
int dg_check_spec(struct dg *g, size_t *order);

/* The located-error path: push a member (key) or an array element (index), pop it. */
void dg_push(struct dg *g, const char *key, int index);
void dg_pop(struct dg *g);
/* Prints `file:line: message` at the member `key` of the current path (or at the path itself
 * when key is NULL), counts it in g->nerr and returns -1. */
int dg_error(struct dg *g, const char *key, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Index of the column whose name is the len bytes at `name`, or -1. */
int dg_find_col(const struct gtable *t, const char *name, size_t len);

void dg_gen_free(struct gen *x);
void dg_wordlist_free(struct wordlist *l);

#endif
