/* schema.c: one database of the benchmark, loaded into memory; the interface and its rules are in
 * schema.h. */
#include "schema.h"

#include "csv.h"
#include "datagen.h"
#include "prng.h"
#include "query.h"
#include "sqlguard.h"
#include "sha256.h"
#include "util.h"
#include "verbalize.h"
#include "xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "banned.h"

/* ---- small helpers ---------------------------------------------------------------- */

static int line_of_offset(const char *text, size_t off)
{
    int line = 1;
    size_t i;
    for (i = 0; i < off; i++)
        line += text[i] == '\n';
    return line;
}

/* Whether the upper-case `word` occurs in `decl`, ignoring ASCII case (as SQLite does,
 * whatever the locale). */
static int has_word(const char *decl, const char *word)
{
    size_t i;
    for (; *decl; decl++) {
        for (i = 0; word[i]; i++) {
            char c = decl[i];
            if ((c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c) != word[i])
                break;
        }
        if (!word[i])
            return 1;
    }
    return 0;
}

enum affinity schema_affinity(const char *decl)
{
    /* SQLite's rules, section 3.1 of "Datatypes In SQLite", in their order */
    if (!decl)
        decl = "";
    if (has_word(decl, "INT"))
        return AFF_INTEGER;
    if (has_word(decl, "CHAR") || has_word(decl, "CLOB") || has_word(decl, "TEXT"))
        return AFF_TEXT;
    if (!*decl || has_word(decl, "BLOB"))
        return AFF_BLOB;
    if (has_word(decl, "REAL") || has_word(decl, "FLOA") || has_word(decl, "DOUB"))
        return AFF_REAL;
    return AFF_NUMERIC;
}

static int looks_numeric(const char *s, size_t n)
{
    char tmp[64], *end;
    size_t i;
    if (!n || n >= sizeof(tmp))
        return 0;
    for (i = 0; i < n; i++)
        if (!strchr("0123456789+-.eE", s[i]))
            return 0;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    strtod(tmp, &end);
    return *end == '\0';
}

/* bsearch over by_name: a schema of 10^4 tables is looked up per table (foreign keys,
 * templates, data files), which a linear search made quadratic.  SQLite refuses two names
 * that differ only in case, so at most one table matches. */
static int cmp_by_name(const void *a, const void *b)
{
    return strcasecmp((*(struct table *const *)a)->name, (*(struct table *const *)b)->name);
}

static int cmp_name_key(const void *key, const void *e)
{
    return strcasecmp(key, (*(struct table *const *)e)->name);
}

static void index_names(struct schema *s)
{
    size_t i;
    s->by_name = xcalloc(s->ntables + 1, sizeof(*s->by_name));
    for (i = 0; i < s->ntables; i++)
        s->by_name[i] = &s->tables[i];
    qsort(s->by_name, s->ntables, sizeof(*s->by_name), cmp_by_name);
}

int schema_table_index(const struct schema *s, const char *name)
{
    struct table *const *hit;
    size_t i;
    if (!s->by_name) { /* not indexed yet */
        for (i = 0; i < s->ntables; i++)
            if (!strcasecmp(s->tables[i].name, name))
                return (int)i;
        return -1;
    }
    hit = bsearch(name, s->by_name, s->ntables, sizeof(*hit), cmp_name_key);
    return hit ? (int)(*hit - s->tables) : -1;
}

int table_column_index(const struct table *t, const char *name)
{
    size_t i;
    for (i = 0; i < t->ncols; i++)
        if (!strcasecmp(t->cols[i].name, name))
            return (int)i;
    return -1;
}

int64_t table_row_of_rowid(const struct table *t, int64_t rowid)
{
    size_t lo = 0, hi = t->nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->rowids[mid] < rowid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->nrows && t->rowids[lo] == rowid ? (int64_t)lo : -1;
}

void table_key_json(const struct table *t, size_t r, struct buf *out)
{
    const struct cell *row = table_row(t, r);
    size_t i;
    if (!t->npk) {
        buf_addf(out, "%lld", (long long)t->rowids[r]);
    } else if (t->npk == 1) {
        cell_json(out, &row[t->pk[0]]);
    } else {
        buf_addch(out, '[');
        for (i = 0; i < t->npk; i++) {
            if (i)
                buf_addch(out, ',');
            cell_json(out, &row[t->pk[i]]);
        }
        buf_addch(out, ']');
    }
}

void table_key_text(const struct table *t, size_t r, struct buf *out)
{
    const struct cell *row = table_row(t, r);
    size_t i;
    if (!t->npk) {
        buf_addf(out, "%lld", (long long)t->rowids[r]);
        return;
    }
    for (i = 0; i < t->npk; i++) {
        if (i)
            buf_addch(out, 0x1f);
        buf_add(out, row[t->pk[i]].text, row[t->pk[i]].len);
    }
}

/* Open addressing over the keys' JSON text: provenance lookups by `gold` and the harness. */
struct keymap {
    char **text;   /* per row */
    int64_t *slot; /* row index + 1; 0 empty */
    size_t mask;
};

static void keymap_build(struct table *t)
{
    struct keymap *m = xcalloc(1, sizeof(*m));
    struct buf k = BUF_INIT;
    size_t r, size = 16;
    while (size < t->nrows * 2)
        size *= 2;
    m->mask = size - 1;
    m->slot = xcalloc(size, sizeof(int64_t));
    m->text = xcalloc(t->nrows ? t->nrows : 1, sizeof(char *));
    for (r = 0; r < t->nrows; r++) {
        size_t h;
        buf_reset(&k);
        table_key_json(t, r, &k);
        m->text[r] = xstrdup(k.s);
        for (h = hash64(k.s, k.len) & m->mask; m->slot[h]; h = (h + 1) & m->mask)
            ;
        m->slot[h] = (int64_t)r + 1;
    }
    buf_release(&k);
    t->keys = m;
}

static void keymap_free(struct keymap *m, size_t nrows)
{
    size_t r;
    if (!m)
        return;
    for (r = 0; r < nrows; r++)
        free(m->text[r]);
    free(m->text);
    free(m->slot);
    free(m);
}

int64_t table_find_key(struct table *t, const char *json, size_t n)
{
    size_t h;
    if (!t->keys)
        keymap_build(t);
    for (h = hash64(json, n) & t->keys->mask; t->keys->slot[h]; h = (h + 1) & t->keys->mask) {
        int64_t r = t->keys->slot[h] - 1;
        if (!strncmp(t->keys->text[r], json, n) && !t->keys->text[r][n])
            return r;
    }
    return -1;
}

/* ---- DDL ---------------------------------------------------------------------------- */

/* Executes schema.sql statement by statement so that an error names its line. */
/* The start of the next statement: past blanks and comments, so that a message about it
 * names its own line. */
static const char *statement_start(const char *p)
{
    for (;;) {
        while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
            p++;
        if (p[0] == '-' && p[1] == '-')
            p += strcspn(p, "\n");
        else if (p[0] == '/' && p[1] == '*' && strstr(p + 2, "*/"))
            p = strstr(p + 2, "*/") + 2;
        else
            return p;
    }
}

/* SQLite's CREATE TABLE reads every row of sqlite_master for the new table's (OP_ParseSchema
 * has no index to use), so a schema of n tables cost n^2/2 row reads: 28-48 s for 10^4.
 * Every STASH_EVERY statements the rows are moved aside, the connection's in-memory schema
 * keeping the objects, and at the end they go back in their order: the reads stay short.
 * Only these statements of ours run with writable_schema and without the defensive flag and
 * the authorizer; the DDL is one transaction, so a failure rolls the stash back too. */
#define STASH_EVERY 64

static int stash_schema(sqlite3 *db, const char *path, struct authz *az, int restore)
{
    static const char move[] =
        "PRAGMA writable_schema = ON;"
        "CREATE TEMP TABLE IF NOT EXISTS hb_stash(type, name, tbl_name, rootpage, sql);"
        "INSERT INTO temp.hb_stash SELECT * FROM main.sqlite_master ORDER BY rowid;"
        "DELETE FROM main.sqlite_master;";
    static const char back[] = "INSERT INTO main.sqlite_master SELECT type, name, tbl_name, "
                               "rootpage, sql FROM temp.hb_stash ORDER BY rowid;"
                               "DROP TABLE temp.hb_stash;";
    int rc;
    sqlite3_set_authorizer(db, NULL, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
    rc = sqlite3_exec(db, move, NULL, NULL, NULL);
    if (!rc && restore)
        rc = sqlite3_exec(db, back, NULL, NULL, NULL);
    if (rc)
        rc = error("%s: cannot set the schema's tables aside: %s", path, sqlite3_errmsg(db));
    sqlite3_exec(db, "PRAGMA writable_schema = OFF", NULL, NULL, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_set_authorizer(db, ddl_authorize, az);
    return rc;
}

static int exec_ddl(sqlite3 *db, const char *path, const char *text)
{
    const char *p = text;
    struct authz az;
    int rc = 0, since = 0, stashed = 0;
    memset(&az, 0, sizeof(az));
    /* a schema folder may come from anywhere: its SQL must not reach files (ATTACH) */
    sqlite3_set_authorizer(db, ddl_authorize, &az);
    while (*(p = statement_start(p))) {
        if (++since > STASH_EVERY) {
            if ((rc = stash_schema(db, path, &az, 0)) < 0)
                break;
            since = 0, stashed = 1;
        }
        sqlite3_stmt *st = NULL;
        const char *tail;
        struct srcloc loc = {path, 0, 0};
        int r = sqlite3_prepare_v2(db, p, -1, &st, &tail);
        if (r != SQLITE_OK) {
            int off = sqlite3_error_offset(db);
            loc.line = line_of_offset(text, (size_t)(p - text) + (off > 0 ? (size_t)off : 0));
            if (az.denied)
                error_at(&loc, "not allowed in schema.sql: the statement %s", az.what);
            else
                error_at(&loc, "%s", sqlite3_errmsg(db));
            rc = -1; /* later statements would only repeat the damage */
            break;
        }
        if (st) {
            r = sqlite3_step(st);
            if (r != SQLITE_DONE) {
                loc.line = line_of_offset(text, (size_t)(p - text));
                rc = error_at(&loc, "%s", sqlite3_errmsg(db));
            }
            sqlite3_finalize(st);
        }
        p = tail;
    }
    if (!rc && stashed)
        rc = stash_schema(db, path, &az, 1);
    sqlite3_set_authorizer(db, NULL, NULL);
    return rc;
}

static char *column_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return xstrdup(t ? (const char *)t : "");
}

static int introspect_columns(sqlite3 *db, struct table *t)
{
    sqlite3_stmt *st;
    size_t alloc = 0, i;
    int npk = 0;
    if (sqlite3_prepare_v2(db, "SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid", -1,
                           &st, NULL) != SQLITE_OK)
        return error("cannot read columns of '%s': %s", t->name, sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct column *c;
        ALLOC_GROW(t->cols, t->ncols + 1, alloc);
        c = &t->cols[t->ncols++];
        c->name = column_text(st, 0);
        c->decl_type = column_text(st, 1);
        c->affinity = schema_affinity(c->decl_type);
        c->pk = sqlite3_column_int(st, 2);
        npk += c->pk > 0;
    }
    sqlite3_finalize(st);
    t->npk = (size_t)npk;
    t->pk = xcalloc(t->npk ? t->npk : 1, sizeof(size_t));
    for (i = 0; i < t->ncols; i++)
        if (t->cols[i].pk)
            t->pk[t->cols[i].pk - 1] = i;
    return 0;
}

static int introspect_fkeys(struct schema *s, struct table *t)
{
    sqlite3_stmt *st;
    size_t alloc = 0, calloc_ = 0;
    int last_id = -1, rc = 0;
    if (sqlite3_prepare_v2(
            s->db,
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) "
            "ORDER BY id, seq",
            -1, &st, NULL) != SQLITE_OK)
        return error("cannot read foreign keys of '%s': %s", t->name, sqlite3_errmsg(s->db));
    sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int id = sqlite3_column_int(st, 0);
        const char *parent = (const char *)sqlite3_column_text(st, 1);
        const char *from = (const char *)sqlite3_column_text(st, 2);
        const char *to = (const char *)sqlite3_column_text(st, 3);
        int pi = parent ? schema_table_index(s, parent) : -1;
        struct fkey *fk;
        int fc, tc;
        if (pi < 0) {
            rc = error("table '%s' has a foreign key to unknown table '%s'", t->name,
                       parent ? parent : "");
            continue;
        }
        if (id != last_id) {
            ALLOC_GROW(t->fks, t->nfks + 1, alloc);
            fk = &t->fks[t->nfks++];
            memset(fk, 0, sizeof(*fk));
            fk->parent = (size_t)pi;
            calloc_ = 0;
            last_id = id;
        }
        fk = &t->fks[t->nfks - 1];
        fc = table_column_index(t, from ? from : "");
        if (to)
            tc = table_column_index(&s->tables[pi], to);
        else /* REFERENCES parent with no column list: the parent's primary key */
            tc = fk->ncols < s->tables[pi].npk ? (int)s->tables[pi].pk[fk->ncols] : -1;
        if (fc < 0 || tc < 0) {
            rc = error("foreign key of '%s' names a column that does not exist", t->name);
            continue;
        }
        {
            size_t a2 = calloc_;
            ALLOC_GROW(fk->from, fk->ncols + 1, calloc_);
            ALLOC_GROW(fk->to, fk->ncols + 1, a2);
        }
        fk->from[fk->ncols] = (size_t)fc;
        fk->to[fk->ncols] = (size_t)tc;
        fk->ncols++;
    }
    sqlite3_finalize(st);
    return rc;
}

static int introspect(struct schema *s)
{
    sqlite3_stmt *st;
    size_t alloc = 0, i;
    struct buf ddl = BUF_INIT;
    int rc = 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT "
                           "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                           -1, &st, NULL) != SQLITE_OK)
        return error("cannot list tables: %s", sqlite3_errmsg(s->db));
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct table *t;
        ALLOC_GROW(s->tables, s->ntables + 1, alloc);
        t = &s->tables[s->ntables++];
        memset(t, 0, sizeof(*t));
        t->name = column_text(st, 0);
        t->sql = column_text(st, 1);
        buf_addf(&ddl, "%s;\n", t->sql);
    }
    sqlite3_finalize(st);
    s->ddl = buf_detach(&ddl, NULL);
    index_names(s);
    for (i = 0; i < s->ntables; i++)
        rc |= introspect_columns(s->db, &s->tables[i]);
    for (i = 0; i < s->ntables && !rc; i++)
        rc |= introspect_fkeys(s, &s->tables[i]);
    return rc ? -1 : 0;
}

/* ---- CSV data ------------------------------------------------------------------------ */

struct line_map {
    int64_t rowid;
    int line;
};

static int check_field(const struct column *c, const struct csv_field *f, const struct srcloc *loc)
{
    if (!f->quoted && !f->len)
        return 0; /* NULL */
    if ((c->affinity == AFF_INTEGER || c->affinity == AFF_REAL || c->affinity == AFF_NUMERIC) &&
        !looks_numeric(f->s, f->len))
        return error_at(loc, "'%.*s' is not a number (column '%s' is %s)", (int)f->len, f->s,
                        c->name, c->decl_type);
    return 0;
}

/* Maps the header to table columns and prepares the INSERT. */
static int prepare_insert(sqlite3 *db, const struct table *t, const struct csv_field *h, size_t n,
                          const char *path, size_t *map, sqlite3_stmt **st)
{
    struct buf sql = BUF_INIT;
    struct srcloc loc = {path, 1, 0};
    size_t i, j;
    int rc = 0;
    char *q = xsqlite_mprintf("INSERT INTO \"%w\"(", t->name);
    buf_adds(&sql, q);
    sqlite3_free(q);
    for (i = 0; i < n; i++) {
        char name[256];
        int ci;
        snprintf(name, sizeof(name), "%.*s", (int)h[i].len, h[i].s);
        ci = table_column_index(t, name);
        if (ci < 0) {
            rc = error_at(&loc, "unknown column '%s' in table '%s'", name, t->name);
            continue;
        }
        for (j = 0; j < i; j++)
            if (map[j] == (size_t)ci)
                rc = error_at(&loc, "column '%s' appears twice in the header", name);
        map[i] = (size_t)ci;
        q = xsqlite_mprintf("%s\"%w\"", i ? "," : "", t->cols[ci].name);
        buf_adds(&sql, q);
        sqlite3_free(q);
    }
    buf_adds(&sql, ") VALUES(");
    for (i = 0; i < n; i++)
        buf_adds(&sql, i ? ",?" : "?");
    buf_addch(&sql, ')');
    if (!rc && sqlite3_prepare_v2(db, sql.s, -1, st, NULL) != SQLITE_OK)
        rc = error_at(&loc, "%s", sqlite3_errmsg(db));
    buf_release(&sql);
    return rc;
}

static int insert_record(sqlite3 *db, sqlite3_stmt *st, const struct table *t, const size_t *map,
                         const struct csv_field *f, size_t n, const struct srcloc *loc)
{
    size_t i;
    int rc = 0;
    for (i = 0; i < n; i++) {
        if (check_field(&t->cols[map[i]], &f[i], loc) < 0)
            rc = -1;
        else if (!f[i].quoted && !f[i].len)
            sqlite3_bind_null(st, (int)i + 1);
        else
            sqlite3_bind_text(st, (int)i + 1, f[i].s, (int)f[i].len, SQLITE_TRANSIENT);
    }
    if (!rc && sqlite3_step(st) != SQLITE_DONE)
        rc = error_at(loc, "%s", sqlite3_errmsg(db));
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

static int load_csv(struct schema *s, struct table *t, const char *path, struct line_map **lm,
                    size_t *nlm)
{
    struct file_view text;
    struct csv_reader *r;
    const struct csv_field *f;
    size_t n, nhead = 0, alloc = 0, *map = NULL;
    sqlite3_stmt *st = NULL;
    int line, got, rc = 0;

    if (file_view_open(path, &text) < 0) /* mapped: a huge bad line costs no memory */
        return -1;
    r = csv_reader_new(text.s, text.len, path);
    got = csv_next(r, &f, &n, &line);
    if (got <= 0) {
        if (!got)
            rc = error_at(&(struct srcloc){path, 1, 0}, "empty file: a header line is needed");
        else
            rc = -1;
        goto out;
    }
    nhead = n;
    map = xcalloc(n, sizeof(*map));
    if (prepare_insert(s->db, t, f, n, path, map, &st) < 0) {
        rc = -1;
        goto out;
    }
    while ((got = csv_next(r, &f, &n, &line)) > 0) {
        struct srcloc loc = {path, line, 0};
        if (n != nhead) {
            rc = error_at(&loc, "expected %zu fields, found %zu", nhead, n);
            continue;
        }
        if (insert_record(s->db, st, t, map, f, n, &loc) < 0) {
            rc = -1;
            continue;
        }
        ALLOC_GROW(*lm, *nlm + 1, alloc);
        (*lm)[*nlm].rowid = sqlite3_last_insert_rowid(s->db);
        (*lm)[(*nlm)++].line = line;
    }
    if (got < 0)
        rc = -1;
out:
    sqlite3_finalize(st);
    free(map);
    csv_reader_free(r);
    file_view_close(&text);
    return rc;
}

static int cmp_linemap(const void *a, const void *b)
{
    const struct line_map *x = a, *y = b;
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* Rejects files under data/ that name no table: a typo would otherwise load nothing. */
static int check_data_dir(const struct schema *s, const char *datadir)
{
    DIR *d = opendir(datadir);
    struct dirent *e;
    int rc = 0;
    if (!d)
        return error("cannot open '%s': no data folder", datadir);
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        char name[256];
        if (len < 5 || strcmp(e->d_name + len - 4, ".csv") || len - 4 >= sizeof(name))
            continue;
        snprintf(name, sizeof(name), "%.*s", (int)(len - 4), e->d_name);
        if (schema_table_index(s, name) < 0) {
            char *p = path_join(datadir, e->d_name);
            rc = error_at(&(struct srcloc){p, 0, 0}, "no table '%s' in schema.sql", name);
            free(p);
        }
    }
    closedir(d);
    return rc;
}

/* ---- rows into memory ------------------------------------------------------------------ */

static void hash_cell(struct sha256_ctx *h, const struct cell *c)
{
    static const char letters[] = {0, 'i', 'r', 't', 'b', 'n'};
    char tag = letters[c->type >= 1 && c->type <= 5 ? c->type : 5];
    sha256_update(h, &tag, 1);
    sha256_update(h, c->text, c->len);
    sha256_update(h, "\x1f", 1);
}

static int read_rows(struct schema *s, struct table *t, struct sha256_ctx *h,
                     const struct line_map *lm, size_t nlm)
{
    sqlite3_stmt *st;
    size_t alloc = 0, i;
    char *sql = xsqlite_mprintf("SELECT rowid, * FROM \"%w\" ORDER BY rowid", t->name);
    int r = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (r != SQLITE_OK)
        return error("cannot read table '%s': %s (WITHOUT ROWID tables are not supported)", t->name,
                     sqlite3_errmsg(s->db));
    sha256_update(h, t->name, strlen(t->name));
    sha256_update(h, "\x1f", 1);
    sha256_update(h, t->sql, strlen(t->sql));
    sha256_update(h, "\x1e", 1);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        size_t row = t->nrows;
        if (row + 1 > alloc) {
            size_t old = alloc;
            ALLOC_GROW(t->rowids, row + 1, alloc);
            t->cells = xrealloc(t->cells, st_mult(st_mult(alloc, t->ncols), sizeof(struct cell)));
            t->lines = xrealloc(t->lines, st_mult(alloc, sizeof(int)));
            (void)old;
        }
        t->rowids[row] = sqlite3_column_int64(st, 0);
        for (i = 0; i < t->ncols; i++) {
            struct cell *c = &t->cells[row * t->ncols + i];
            cell_from_stmt(c, st, (int)i + 1);
            hash_cell(h, c);
        }
        sha256_update(h, "\x1e", 1);
        t->lines[row] = 0;
        if (nlm) {
            struct line_map key = {t->rowids[row], 0}, *hit;
            hit = bsearch(&key, lm, nlm, sizeof(*lm), cmp_linemap);
            t->lines[row] = hit ? hit->line : 0;
        }
        t->nrows++;
    }
    sqlite3_finalize(st);
    sha256_update(h, "\x1d", 1);
    if (r != SQLITE_DONE)
        return error("cannot read table '%s': %s", t->name, sqlite3_errmsg(s->db));
    return 0;
}

/* For each foreign key, which parent row each child row references (the join closure of
 * the context builder follows these). */
static int map_fkeys(struct schema *s, struct table *t)
{
    size_t k, i;
    for (k = 0; k < t->nfks; k++) {
        struct fkey *fk = &t->fks[k];
        const struct table *p = &s->tables[fk->parent];
        struct buf sql = BUF_INIT;
        sqlite3_stmt *st;
        char *q = xsqlite_mprintf("SELECT c.rowid, min(p.rowid) FROM \"%w\" c JOIN \"%w\" p ON ",
                                  t->name, p->name);
        buf_adds(&sql, q);
        sqlite3_free(q);
        for (i = 0; i < fk->ncols; i++) {
            q = xsqlite_mprintf("%sc.\"%w\" = p.\"%w\"", i ? " AND " : "",
                                t->cols[fk->from[i]].name, p->cols[fk->to[i]].name);
            buf_adds(&sql, q);
            sqlite3_free(q);
        }
        buf_adds(&sql, " GROUP BY c.rowid");
        fk->parent_row = xmalloc(st_mult(t->nrows ? t->nrows : 1, sizeof(int64_t)));
        for (i = 0; i < t->nrows; i++)
            fk->parent_row[i] = -1;
        if (sqlite3_prepare_v2(s->db, sql.s, -1, &st, NULL) != SQLITE_OK) {
            buf_release(&sql);
            return error("cannot follow foreign key of '%s': %s", t->name, sqlite3_errmsg(s->db));
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            int64_t c = table_row_of_rowid(t, sqlite3_column_int64(st, 0));
            int64_t pr = table_row_of_rowid(p, sqlite3_column_int64(st, 1));
            if (c >= 0)
                fk->parent_row[c] = pr;
        }
        sqlite3_finalize(st);
        buf_release(&sql);
    }
    return 0;
}

/* ---- verbalizer ------------------------------------------------------------------------------ */

static int bind_verbalizer(struct schema *s)
{
    size_t i, k;
    int rc = 0;
    struct srcloc loc = {s->verb_path, 0, 0};
    s->verb = verbalizer_load(s->verb_path);
    if (!s->verb)
        return -1;
    for (i = 0; i < s->ntables; i++) {
        struct table *t = &s->tables[i];
        const char **names;
        if (verbalizer_is_skipped(s->verb, t->name)) {
            t->skip = 1;
            continue;
        }
        t->vt = verbalizer_table(s->verb, t->name);
        if (!t->vt) {
            rc = error_at(&loc, "no templates for table '%s'", t->name);
            continue;
        }
        names = xcalloc(t->ncols ? t->ncols : 1, sizeof(*names));
        for (k = 0; k < t->ncols; k++)
            names[k] = t->cols[k].name;
        if (vtable_bind(t->vt, names, t->ncols) > 0)
            rc = -1;
        free(names);
    }
    for (i = 0; i < verbalizer_count(s->verb); i++) {
        struct vtable *vt = verbalizer_at(s->verb, i);
        if (schema_table_index(s, vtable_name(vt)) < 0) {
            struct srcloc l = vtable_loc(vt, vtable_count(vt));
            rc = error_at(&l, "templates for '%s', which is not a table of the schema",
                          vtable_name(vt));
        }
    }
    return rc;
}

/* ---- loading --------------------------------------------------------------------------------- */

static int open_memory(sqlite3 **db)
{
    if (sqlite3_open_v2(":memory:", db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK)
        return error("cannot open an in-memory database");
    sqlite3_db_config(*db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_db_config(*db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    return 0;
}

static int copy_db_file(sqlite3 *dst, const char *path)
{
    sqlite3 *src;
    sqlite3_backup *bk;
    int rc;
    if (!file_exists(path))
        return error("cannot open '%s': no such file", path);
    if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        error("cannot open '%s': %s", path, sqlite3_errmsg(src));
        sqlite3_close(src);
        return -1;
    }
    bk = sqlite3_backup_init(dst, "main", src, "main");
    rc = bk && sqlite3_backup_step(bk, -1) == SQLITE_DONE ? 0 : -1;
    if (bk)
        sqlite3_backup_finish(bk);
    if (rc)
        error("cannot read '%s': %s", path, sqlite3_errmsg(dst));
    sqlite3_close(src);
    return rc;
}

static int load_tables_from_folder(struct schema *s, const struct schema_opts *o,
                                   struct line_map **lms, size_t *nlms)
{
    size_t i;
    int rc = 0;
    char *datadir;
    if (o->generate)
        return datagen_fill(s->db, s->dir, o->scale, o->data_seed);
    datadir = path_join(s->dir, "data");
    rc = check_data_dir(s, datadir);
    for (i = 0; i < s->ntables; i++) {
        char *file = xmalloc(strlen(s->tables[i].name) + 5);
        char *path;
        memcpy(file, s->tables[i].name, strlen(s->tables[i].name));
        memcpy(file + strlen(s->tables[i].name), ".csv", 5);
        path = path_join(datadir, file);
        free(file);
        if (!file_exists(path)) {
            if (!rc)
                rc = error_at(&(struct srcloc){path, 0, 0}, "missing: no data for table '%s'",
                              s->tables[i].name);
            free(path);
            continue;
        }
        if (!file_inside(s->dir, path)) /* a symlink out of the folder, a FIFO, a device */
            rc = error_at(&(struct srcloc){path, 0, 0},
                          "data for table '%s' must be a regular file inside the schema folder "
                          "(symlinks are resolved)",
                          s->tables[i].name);
        else if (load_csv(s, &s->tables[i], path, &lms[i], &nlms[i]) < 0)
            rc = -1;
        if (nlms[i])
            qsort(lms[i], nlms[i], sizeof(**lms), cmp_linemap);
        s->tables[i].csv_path = path;
    }
    free(datadir);
    return rc;
}

static int load_content(struct schema *s, const char *ddl_path, const struct schema_opts *o)
{
    struct line_map **lms = NULL;
    size_t *nlms = NULL, i;
    struct sha256_ctx h;
    uint8_t digest[32];
    int rc = 0;

    if (!o->db_file) {
        struct buf text = BUF_INIT;
        if (read_file(ddl_path, &text) < 0)
            return -1;
        sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
        rc = exec_ddl(s->db, ddl_path, text.s);
        sqlite3_exec(s->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
        buf_release(&text);
    }
    if (!rc)
        rc = introspect(s);
    if (!rc && !s->ntables)
        rc = error("schema '%s' has no tables", s->name);
    if (!rc && !o->db_file) {
        lms = xcalloc(s->ntables, sizeof(*lms));
        nlms = xcalloc(s->ntables, sizeof(*nlms));
        if (!o->generate) /* datagen_fill makes its own transaction */
            sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
        rc = load_tables_from_folder(s, o, lms, nlms);
        if (rc && o->keep_going)
            s->damaged = 1, rc = 0;
        if (!o->generate)
            sqlite3_exec(s->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
    }
    sha256_init(&h);
    for (i = 0; i < s->ntables && !rc; i++)
        rc = read_rows(s, &s->tables[i], &h, lms ? lms[i] : NULL, nlms ? nlms[i] : 0);
    for (i = 0; i < s->ntables && !rc; i++)
        rc = map_fkeys(s, &s->tables[i]);
    sha256_final(&h, digest);
    sha256_hex(digest, s->hash);
    for (i = 0; lms && i < s->ntables; i++)
        free(lms[i]);
    free(lms);
    free(nlms);
    return rc;
}

int schema_load(struct schema *s, const char *root, const char *name, const struct schema_opts *o)
{
    static const struct schema_opts none;
    char *ddl_path = NULL;
    int rc = 0;
    if (!o)
        o = &none;
    memset(s, 0, sizeof(*s));
    s->name = xstrdup(name);
    s->generated = o->generate;
    s->scale = o->generate ? o->scale : 1.0;
    s->data_seed = o->data_seed;
    if (o->db_file) {
        char *schemas = path_join(root ? root : ".", "schemas"), *dir = path_join(schemas, name);
        s->verb_path = o->verb_file ? xstrdup(o->verb_file) : path_join(dir, "verbalize.json");
        free(schemas);
        free(dir);
    } else {
        char *schemas = path_join(root ? root : ".", "schemas");
        s->dir = path_join(schemas, name);
        free(schemas);
        if (!file_exists(s->dir)) {
            error("unknown schema '%s': no folder '%s'", name, s->dir);
            schema_release(s);
            return -1;
        }
        ddl_path = path_join(s->dir, "schema.sql");
        s->verb_path = path_join(s->dir, "verbalize.json");
    }
    if (open_memory(&s->db) < 0 || (o->db_file && copy_db_file(s->db, o->db_file) < 0))
        rc = -1;
    if (!rc)
        rc = load_content(s, ddl_path, o);
    if (!rc && !o->no_verbalizer) {
        if (!s->verb_path)
            rc = error("a verbalize.json is needed with --db (use --verbalize FILE)");
        else
            rc = bind_verbalizer(s);
    }
    free(ddl_path);
    if (rc) {
        schema_release(s);
        return -1;
    }
    /* From here on, nothing may change the data the gold answers are computed from. */
    sqlite3_exec(s->db, "PRAGMA query_only = 1", NULL, NULL, NULL);
    s->az = authz_install(s->db);
    return 0;
}

void schema_release(struct schema *s)
{
    size_t i, j;
    for (i = 0; i < s->ntables; i++) {
        struct table *t = &s->tables[i];
        for (j = 0; j < t->ncols; j++) {
            free(t->cols[j].name);
            free(t->cols[j].decl_type);
        }
        for (j = 0; j < t->nrows * t->ncols; j++)
            cell_release(&t->cells[j]);
        for (j = 0; j < t->nfks; j++) {
            free(t->fks[j].from);
            free(t->fks[j].to);
            free(t->fks[j].parent_row);
        }
        keymap_free(t->keys, t->nrows);
        free(t->fks);
        free(t->cols);
        free(t->pk);
        free(t->cells);
        free(t->rowids);
        free(t->lines);
        free(t->csv_path);
        free(t->name);
        free(t->sql);
    }
    free(s->tables);
    free(s->by_name);
    if (s->verb)
        verbalizer_free(s->verb);
    if (s->db)
        sqlite3_close(s->db);
    free(s->az);
    free(s->name);
    free(s->dir);
    free(s->ddl);
    free(s->verb_path);
    memset(s, 0, sizeof(*s));
}

int schema_check_fkeys(const struct schema *s)
{
    sqlite3_stmt *st;
    int n = 0;
    /* foreign_key_check is a PRAGMA, which the authorizer refuses; lift it for this one */
    s->az->internal = 1;
    if (sqlite3_prepare_v2(s->db, "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check",
                           -1, &st, NULL) != SQLITE_OK) {
        s->az->internal = 0;
        return error("cannot check foreign keys: %s", sqlite3_errmsg(s->db));
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *tn = (const char *)sqlite3_column_text(st, 0);
        const char *parent = (const char *)sqlite3_column_text(st, 2);
        int ti = schema_table_index(s, tn ? tn : "");
        struct srcloc loc = {NULL, 0, 0};
        if (ti >= 0) {
            const struct table *t = &s->tables[ti];
            int64_t r = table_row_of_rowid(t, sqlite3_column_int64(st, 1));
            loc.file = t->csv_path;
            loc.line = r >= 0 ? t->lines[r] : 0;
        }
        /* rows drawn by generate.json or read from --db have no CSV line: name the rowid */
        error_at(&loc, "foreign key violation: row %lld of '%s' references a missing row of '%s'",
                 (long long)sqlite3_column_int64(st, 1), tn ? tn : "?", parent ? parent : "?");
        n++;
    }
    sqlite3_finalize(st);
    s->az->internal = 0;
    return n;
}

int schema_save(const struct schema *s, const char *path)
{
    struct buf tmp = BUF_INIT;
    sqlite3 *out = NULL;
    sqlite3_backup *bk;
    char *real;
    int rc = 0, in_place;
    if (output_target(path, &real, &in_place) < 0)
        return -1;
    if (in_place) {
        free(real);
        return error("cannot write a SQLite database to '%s': not a regular file", path);
    }
    path = real; /* a symlink is kept: the file it points to is replaced */
    buf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
    unlink(tmp.s);
    tmp_register(tmp.s);
    if (sqlite3_open_v2(tmp.s, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        rc = error("cannot create '%s': %s", tmp.s, sqlite3_errmsg(out));
    } else {
        bk = sqlite3_backup_init(out, "main", s->db, "main");
        if (!bk || sqlite3_backup_step(bk, -1) != SQLITE_DONE)
            rc = error("cannot write '%s': %s", path, sqlite3_errmsg(out));
        if (bk)
            sqlite3_backup_finish(bk);
    }
    if (out && sqlite3_close(out) != SQLITE_OK && !rc)
        rc = error("cannot write '%s'", path);
    if (!rc && rename_durably(tmp.s, path) < 0)
        rc = -1;
    if (rc)
        unlink(tmp.s);
    tmp_forget(tmp.s);
    buf_release(&tmp);
    free(real);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **schema_list(const char *root, int with_queries, size_t *n)
{
    char *dir = path_join(root, "schemas");
    char **v = NULL;
    size_t alloc = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    *n = 0;
    if (!d) {
        error("cannot open '%s': no schemas folder (use --root)", dir);
        free(dir);
        return NULL;
    }
    while ((e = readdir(d))) {
        char *q = with_queries ? query_set_path(root, e->d_name) : NULL;
        if (e->d_name[0] != '.' && (!q || file_exists(q))) {
            ALLOC_GROW(v, *n + 2, alloc);
            v[(*n)++] = xstrdup(e->d_name);
        }
        free(q);
    }
    closedir(d);
    if (!*n) {
        error("no schema under '%s'%s", dir, with_queries ? " has a query set" : "");
        free(dir);
        free(v);
        return NULL;
    }
    free(dir);
    v[*n] = NULL;
    qsort(v, *n, sizeof(char *), cmp_str);
    return v;
}
