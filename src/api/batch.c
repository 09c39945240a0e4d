#include "batch.h"

#include "context.h"
#include "err.h"
#include "harness.h"
#include "prompt.h"
#include "provider.h"
#include "rundb.h"
#include "sha256.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "banned.h"

#define MANIFEST_VERSION 1

/* ---- shared ------------------------------------------------------------------------------ */

void batch_custom_id(const char *id, char out[BATCH_CUSTOM_ID_LEN + 1])
{
    struct sha256_ctx h;
    uint8_t d[SHA256_DIGEST_LEN];
    char hex[SHA256_HEX_LEN + 1];
    sha256_init(&h);
    sha256_update(&h, id, strlen(id));
    sha256_final(&h, d);
    sha256_hex(d, hex);
    memcpy(out, "hb-", 3);
    memcpy(out + 3, hex, BATCH_CUSTOM_ID_LEN - 3);
    out[BATCH_CUSTOM_ID_LEN] = '\0';
}

static const char *api_name(enum api_kind api)
{
    return api == API_OPENAI_CHAT ? "openai-chat" : "anthropic-messages";
}

static int eq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

/* The documented limits of one OpenAI input file or one Anthropic batch.  "200 MB" and
 * "256 MB" are read as 10^6-byte megabytes: the smaller reading is safe under either. */
static void provider_limits(enum api_kind api, uint64_t *requests, uint64_t *bytes)
{
    if (api == API_OPENAI_CHAT) {
        *requests = 50000;
        *bytes = 200000000;
    } else {
        *requests = 100000;
        *bytes = 256000000;
    }
}

/* Only names export itself writes are ever removed from a folder. */
static int batch_file_name(const char *s)
{
    size_t n;
    if (strncmp(s, "batch-", 6))
        return 0;
    n = strspn(s + 6, "0123456789");
    return n && (!strcmp(s + 6 + n, ".jsonl") || !strcmp(s + 6 + n, ".json"));
}

static char *json_str(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static char *print_json(const cJSON *v)
{
    char *t = cJSON_PrintUnformatted(v);
    char *r;
    if (!t)
        BUG("cJSON_PrintUnformatted failed");
    r = xstrdup(t);
    cJSON_free(t);
    return r;
}

/* The state of one instance in a run. */
struct inst_state {
    char *status, *last_error;
    int64_t prompt_tokens; /* -1 unknown */
};

static void inst_state_release(struct inst_state *s)
{
    free(s->status);
    free(s->last_error);
    memset(s, 0, sizeof(*s));
}

static int state_prepare(struct rundb *db, const char *path, sqlite3_stmt **st)
{
    sqlite3 *s = rundb_sqlite(db);
    if (sqlite3_prepare_v2(s,
                           "SELECT status, last_error, prompt_tokens FROM instances WHERE id = ?",
                           -1, st, NULL) != SQLITE_OK)
        return error("%s: cannot read the instances: %s", path, sqlite3_errmsg(s));
    return 0;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

/* 0 and *out filled; -1 (printed) when the id is not in the run or on a database error. */
static int state_get(sqlite3_stmt *st, const char *path, const char *id, struct inst_state *out)
{
    int step;
    memset(out, 0, sizeof(*out));
    sqlite3_reset(st);
    if (sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT) != SQLITE_OK)
        return error("%s: cannot read instance '%s'", path, id);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        out->status = col_dup(st, 0);
        out->last_error = col_dup(st, 1);
        out->prompt_tokens =
            sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (step == SQLITE_ROW)
        return 0;
    if (step == SQLITE_DONE)
        return error("%s: no instance '%s' in the run", path, id);
    return error("%s: cannot read instance '%s': %s", path, id,
                 sqlite3_errmsg(sqlite3_db_handle(st)));
}

/* ---- export ------------------------------------------------------------------------------ */

struct bfile {
    char *name; /* in the folder */
    uint64_t requests, bytes;
};

struct writer {
    const char *dir, *suite;
    enum api_kind api;
    uint64_t max_requests, max_bytes;
    struct outfile *of; /* the file being written, or NULL */
    struct bfile *files;
    size_t n, alloc;
};

/* Anthropic: one JSON document per batch, a request per line for readability. */
static const char an_head[] = "{\"requests\":[\n", an_sep[] = ",\n", an_tail[] = "\n]}\n";

static int writer_close(struct writer *w)
{
    struct outfile *of = w->of;
    if (!of)
        return 0;
    w->of = NULL;
    if (w->api == API_ANTHROPIC_MESSAGES)
        fputs(an_tail, outfile_stream(of));
    return outfile_commit(of);
}

static int writer_open(struct writer *w)
{
    struct buf name = BUF_INIT;
    struct bfile *bf;
    char *path;
    buf_addf(&name, "batch-%03zu.%s", w->n + 1, w->api == API_OPENAI_CHAT ? "jsonl" : "json");
    path = path_join(w->dir, name.s);
    w->of = outfile_open(path);
    free(path);
    if (!w->of) {
        buf_release(&name);
        return -1;
    }
    ALLOC_GROW(w->files, w->n + 1, w->alloc);
    bf = &w->files[w->n++];
    bf->name = buf_detach(&name, NULL);
    bf->requests = 0;
    bf->bytes = 0;
    if (w->api == API_ANTHROPIC_MESSAGES) {
        fputs(an_head, outfile_stream(w->of));
        bf->bytes = strlen(an_head) + strlen(an_tail);
    }
    return 0;
}

/* Adds one request: a whole line (OpenAI) or an array element (Anthropic); starts a new file
 * when this one would pass a limit. */
static int writer_add(struct writer *w, const char *id, const struct buf *entry)
{
    struct bfile *bf = w->of ? &w->files[w->n - 1] : NULL;
    uint64_t sep = w->api == API_ANTHROPIC_MESSAGES ? strlen(an_sep) : 0;
    if (bf && (bf->requests + 1 > w->max_requests ||
               bf->bytes + (bf->requests ? sep : 0) + entry->len > w->max_bytes)) {
        if (writer_close(w) < 0)
            return -1;
        bf = NULL;
    }
    if (!bf) {
        if (writer_open(w) < 0)
            return -1;
        bf = &w->files[w->n - 1];
        if (bf->bytes + entry->len > w->max_bytes)
            return error("instance '%s' of '%s': its request alone takes %llu bytes, more than "
                         "the %llu bytes a batch file may hold",
                         id, w->suite, (unsigned long long)(bf->bytes + entry->len),
                         (unsigned long long)w->max_bytes);
    }
    if (bf->requests && sep) {
        fputs(an_sep, outfile_stream(w->of));
        bf->bytes += sep;
    }
    fwrite(entry->s, 1, entry->len, outfile_stream(w->of));
    bf->requests++;
    bf->bytes += entry->len;
    return 0;
}

/* Drops the file being written and removes those already written. */
static void writer_abort(struct writer *w)
{
    size_t i;
    if (w->of)
        outfile_abort(w->of);
    w->of = NULL;
    for (i = 0; i < w->n; i++) {
        char *path = path_join(w->dir, w->files[i].name);
        unlink(path);
        free(path);
    }
}

static void writer_release(struct writer *w)
{
    size_t i;
    for (i = 0; i < w->n; i++)
        free(w->files[i].name);
    free(w->files);
}

static void make_entry(enum api_kind api, const char *cid, const struct buf *body,
                       struct buf *entry)
{
    buf_reset(entry);
    buf_adds(entry, "{\"custom_id\":");
    buf_add_json_str(entry, cid, strlen(cid));
    /* the body is copied as text, never re-serialized: it must be byte for byte what run
     * sends, so that the request hash and the reply cache agree */
    if (api == API_OPENAI_CHAT)
        buf_adds(entry, ",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":");
    else
        buf_adds(entry, ",\"params\":");
    buf_add(entry, body->s, body->len);
    buf_adds(entry, api == API_OPENAI_CHAT ? "}\n" : "}");
}

struct sel {
    size_t item; /* in the index */
    char cid[BATCH_CUSTOM_ID_LEN + 1];
};

static int cmp_sel_cid(const void *a, const void *b)
{
    return strcmp(((const struct sel *)a)->cid, ((const struct sel *)b)->cid);
}

static int cmp_sel_item(const void *a, const void *b)
{
    size_t x = ((const struct sel *)a)->item, y = ((const struct sel *)b)->item;
    return x < y ? -1 : x > y;
}

/* The instances to export, in suite order; -1 on failure. */
static int select_items(const struct batch_export_opts *o, const struct suite_index *ix,
                        struct sel **out, size_t *nout)
{
    const struct run_opts *ro = o->ro;
    size_t i, n = harness_index_count(ix), k = 0;
    struct sel *s = xcalloc(n + 1, sizeof(*s));
    struct rundb *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (o->missing) {
        if (!file_exists(ro->run_path)) {
            free(s);
            return error("no run database '%s' (--missing exports what a run has not answered)",
                         ro->run_path);
        }
        /* Opened as run opens it: a run of another suite, prompt or endpoint is refused. */
        if (harness_open_run(ro, ix, &db) < 0 || state_prepare(db, ro->run_path, &st) < 0)
            rc = -1;
    }
    for (i = 0; !rc && i < n; i++) {
        if (ro->limit >= 0 && k >= (size_t)ro->limit)
            break;
        if (db) {
            struct inst_state cur;
            int done;
            if (state_get(st, ro->run_path, harness_item_id(ix, i), &cur) < 0) {
                rc = -1;
                break;
            }
            done = eq(cur.status, "done");
            inst_state_release(&cur);
            if (done)
                continue;
        }
        s[k].item = i;
        batch_custom_id(harness_item_id(ix, i), s[k].cid);
        k++;
    }
    sqlite3_finalize(st);
    if (db)
        rundb_close(db);
    /* 64 bits of SHA-256 make a collision within a suite all but impossible; still, two
     * instances must never share one. */
    if (!rc && k > 1) {
        qsort(s, k, sizeof(*s), cmp_sel_cid);
        for (i = 1; i < k && !rc; i++)
            if (!strcmp(s[i].cid, s[i - 1].cid))
                rc = error("instances '%s' and '%s' have the same custom_id '%s'",
                           harness_item_id(ix, s[i - 1].item), harness_item_id(ix, s[i].item),
                           s[i].cid);
        qsort(s, k, sizeof(*s), cmp_sel_item);
    }
    if (rc) {
        free(s);
        return -1;
    }
    *out = s;
    *nout = k;
    return 0;
}

/* The batch files an earlier export into dir listed (only names export writes). */
static char **old_files(const char *manifest_path, size_t *n)
{
    struct buf text = BUF_INIT;
    cJSON *root, *f;
    char **v = NULL;
    size_t alloc = 0;
    *n = 0;
    if (!file_exists(manifest_path))
        return NULL;
    if (read_file(manifest_path, &text) < 0) {
        buf_release(&text);
        return NULL;
    }
    root = cJSON_ParseWithLength(text.s, text.len);
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(root, "files"))
    {
        const char *name = json_str(f, "file");
        if (name && batch_file_name(name)) {
            ALLOC_GROW(v, *n + 1, alloc);
            v[(*n)++] = xstrdup(name);
        }
    }
    cJSON_Delete(root);
    buf_release(&text);
    return v;
}

static int write_manifest(const struct batch_export_opts *o, const struct suite_index *ix,
                          const struct sel *s, size_t n, const struct writer *w)
{
    const struct run_opts *ro = o->ro;
    cJSON *m = cJSON_CreateObject(), *files, *ids, *hashes, *filters, *ep;
    struct buf epj = BUF_INIT;
    char *path = path_join(o->dir, BATCH_MANIFEST), *text;
    struct outfile *of;
    size_t i;
    int rc;

    endpoint_public_json(ro->e, &epj);
    ep = cJSON_ParseWithLength(epj.s, epj.len);
    buf_release(&epj);
    cJSON_AddNumberToObject(m, "manifest_version", MANIFEST_VERSION);
    cJSON_AddStringToObject(m, "holobench", HB_VERSION);
    cJSON_AddStringToObject(
        m, "format", ro->e->api == API_OPENAI_CHAT ? "openai-batch" : "anthropic-message-batches");
    cJSON_AddStringToObject(m, "api", api_name(ro->e->api));
    cJSON_AddStringToObject(m, "model", ro->e->model);
    cJSON_AddItemToObject(m, "endpoint", ep ? ep : cJSON_CreateNull());
    cJSON_AddStringToObject(m, "suite", ro->suite);
    cJSON_AddStringToObject(m, "suite_hash", harness_suite_hash(ix));
    cJSON_AddStringToObject(m, "prompt", o->prompt_name);
    cJSON_AddStringToObject(m, "prompt_path", ro->pr->path);
    cJSON_AddStringToObject(m, "prompt_hash", ro->pr->hash);
    filters = cJSON_AddArrayToObject(m, "filters");
    for (i = 0; ro->filters && ro->filters[i]; i++)
        cJSON_AddItemToArray(filters, cJSON_CreateString(ro->filters[i]));
    if (o->missing)
        cJSON_AddStringToObject(m, "missing_from", ro->run_path);
    else
        cJSON_AddNullToObject(m, "missing_from");
    cJSON_AddNumberToObject(m, "max_requests", (double)w->max_requests);
    cJSON_AddNumberToObject(m, "max_bytes", (double)w->max_bytes);
    cJSON_AddNumberToObject(m, "requests", (double)n);
    files = cJSON_AddArrayToObject(m, "files");
    for (i = 0; i < w->n; i++) {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "file", w->files[i].name);
        cJSON_AddNumberToObject(f, "requests", (double)w->files[i].requests);
        cJSON_AddNumberToObject(f, "bytes", (double)w->files[i].bytes);
        cJSON_AddItemToArray(files, f);
    }
    ids = cJSON_AddObjectToObject(m, "custom_ids");
    hashes = cJSON_AddObjectToObject(m, "request_hashes");
    for (i = 0; i < n; i++) {
        cJSON_AddStringToObject(ids, s[i].cid, harness_item_id(ix, s[i].item));
        cJSON_AddStringToObject(hashes, s[i].cid, harness_item_hash(ix, s[i].item));
    }
    text = cJSON_Print(m);
    cJSON_Delete(m);
    if (!text)
        BUG("cJSON_Print failed");
    of = outfile_open(path);
    if (of) {
        fputs(text, outfile_stream(of));
        fputc('\n', outfile_stream(of));
        rc = outfile_commit(of);
    } else {
        rc = -1;
    }
    cJSON_free(text);
    free(path);
    return rc;
}

static int make_dir(const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) == 0)
        return 0;
    if (errno != EEXIST)
        return error("cannot create '%s': %s", dir, strerror(errno));
    if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
        return error("'%s' exists and is not a folder", dir);
    return 0;
}

int batch_export(const struct batch_export_opts *o)
{
    const struct run_opts *ro = o->ro;
    struct suite_index *ix = NULL;
    struct sel *s = NULL;
    size_t n = 0, i, j, nold = 0;
    struct writer w;
    struct buf body = BUF_INIT, entry = BUF_INIT;
    char *mpath = NULL, **old = NULL;
    int rc = -1;

    memset(&w, 0, sizeof(w));
    if (harness_index(ro, &ix) < 0)
        return EXIT_FAIL;
    if (select_items(o, ix, &s, &n) < 0 || make_dir(o->dir) < 0)
        goto out;
    w.dir = o->dir;
    w.suite = ro->suite;
    w.api = ro->e->api;
    provider_limits(w.api, &w.max_requests, &w.max_bytes);
    if (o->max_requests)
        w.max_requests = o->max_requests;
    if (o->max_bytes)
        w.max_bytes = o->max_bytes;

    /* The old manifest goes first: a failed export must not leave one that describes
     * files this export has begun to overwrite. */
    mpath = path_join(o->dir, BATCH_MANIFEST);
    old = old_files(mpath, &nold);
    if (file_exists(mpath) && unlink(mpath) < 0) {
        error("cannot remove '%s': %s", mpath, strerror(errno));
        goto out;
    }
    for (i = 0; i < n; i++) {
        if (harness_item_body(ro, ix, s[i].item, &body) < 0)
            break;
        make_entry(w.api, s[i].cid, &body, &entry);
        if (writer_add(&w, harness_item_id(ix, s[i].item), &entry) < 0)
            break;
    }
    if (i < n || writer_close(&w) < 0 || write_manifest(o, ix, s, n, &w) < 0) {
        writer_abort(&w);
        error("nothing exported to '%s'", o->dir);
        goto out;
    }
    for (i = 0; i < nold; i++) {
        for (j = 0; j < w.n && strcmp(old[i], w.files[j].name); j++)
            ;
        if (j == w.n) {
            char *p = path_join(o->dir, old[i]);
            if (unlink(p) < 0 && errno != ENOENT)
                warning("cannot remove '%s' of an earlier export: %s", p, strerror(errno));
            free(p);
        }
    }
    for (i = 0; i < w.n; i++) {
        char *p = path_join(o->dir, w.files[i].name);
        printf("%s\n", p);
        free(p);
    }
    if (n)
        say(1, "export: %zu requests to %s (%s, %s) in %zu file%s in '%s'; manifest '%s'\n", n,
            ro->e->model, ro->e->name, api_name(w.api), w.n, w.n == 1 ? "" : "s", o->dir, mpath);
    else
        say(1, "export: nothing to export%s; manifest '%s'\n",
            o->missing ? " (every selected instance of the run is done)" : "", mpath);
    rc = 0;
out:
    for (i = 0; i < nold; i++)
        free(old[i]);
    free(old);
    free(mpath);
    writer_release(&w);
    buf_release(&body);
    buf_release(&entry);
    free(s);
    harness_index_free(ix);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

/* ---- import: the manifest ----------------------------------------------------------------- */

struct manifest {
    char *path;
    cJSON *root;
    enum api_kind api;
    const char *model, *suite, *suite_hash, *prompt, *prompt_hash; /* into root */
    char **filters; /* NULL-terminated, or NULL for none */
    char **files;   /* the batch input files, by name */
    size_t nfiles;
};

static void manifest_release(struct manifest *m)
{
    size_t i;
    for (i = 0; m->filters && m->filters[i]; i++)
        free(m->filters[i]);
    free(m->filters);
    for (i = 0; i < m->nfiles; i++)
        free(m->files[i]);
    free(m->files);
    cJSON_Delete(m->root);
    free(m->path);
    memset(m, 0, sizeof(*m));
}

static int manifest_load(struct manifest *m, const char *path)
{
    struct buf text = BUF_INIT;
    const cJSON *v, *f;
    const char *api;
    size_t n = 0, alloc = 0;
    memset(m, 0, sizeof(*m));
    m->path = xstrdup(path);
    if (read_file(path, &text) < 0)
        goto fail;
    m->root = cJSON_ParseWithLength(text.s, text.len);
    buf_release(&text);
    v = cJSON_GetObjectItemCaseSensitive(m->root, "manifest_version");
    if (!cJSON_IsNumber(v)) {
        error("'%s' is not a holobench batch manifest", path);
        goto fail;
    }
    if (v->valuedouble != MANIFEST_VERSION) {
        error("'%s': manifest version %g is not supported (this holobench reads %d)", path,
              v->valuedouble, MANIFEST_VERSION);
        goto fail;
    }
    api = json_str(m->root, "api");
    m->model = json_str(m->root, "model");
    m->suite = json_str(m->root, "suite");
    m->suite_hash = json_str(m->root, "suite_hash");
    m->prompt = json_str(m->root, "prompt");
    m->prompt_hash = json_str(m->root, "prompt_hash");
    if (!api || !m->model || !m->suite || !m->suite_hash || !m->prompt || !m->prompt_hash ||
        !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(m->root, "custom_ids")) ||
        !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(m->root, "request_hashes"))) {
        error("'%s': the manifest lacks api, model, suite, suite_hash, prompt, prompt_hash, "
              "custom_ids or request_hashes",
              path);
        goto fail;
    }
    if (!strcmp(api, "openai-chat")) {
        m->api = API_OPENAI_CHAT;
    } else if (!strcmp(api, "anthropic-messages")) {
        m->api = API_ANTHROPIC_MESSAGES;
    } else {
        error("'%s': unknown api '%s'", path, api);
        goto fail;
    }
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(m->root, "filters"))
    {
        if (!cJSON_IsString(f))
            continue;
        ALLOC_GROW(m->filters, n + 2, alloc);
        m->filters[n++] = xstrdup(f->valuestring);
        m->filters[n] = NULL;
    }
    alloc = 0;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(m->root, "files"))
    {
        const char *name = json_str(f, "file");
        if (!name)
            continue;
        ALLOC_GROW(m->files, m->nfiles + 1, alloc);
        m->files[m->nfiles++] = xstrdup(name);
    }
    return 0;
fail:
    buf_release(&text);
    manifest_release(m);
    return -1;
}

/* ---- import: the results ------------------------------------------------------------------ */

/* What a result line says, in the order of precedence when several name one request: a
 * reply beats a failure, which beats "not run" (canceled, expired). */
enum kind { K_NONE, K_PENDING, K_FAIL, K_OK };

struct mentry {
    char *cid;
    const char *id;   /* the manifest's */
    const char *hash; /* the request's, from the index (for the reply cache) */
    size_t item;      /* in the index */
    enum kind kind;   /* of the winning result */
    size_t file;
    long long off;
    size_t len;
    int results; /* lines that named it */
};

struct import {
    const struct batch_import_opts *o;
    struct manifest m;
    const struct provider *p;
    struct mentry *ent;
    size_t nent;
    char **files; /* result files */
    size_t nfiles, falloc;
    uint64_t unknown, dups;
    char *unknown_first[3];
    /* the apply pass */
    struct rundb *db;
    struct replycache *cache;
    sqlite3_stmt *state;
    FILE **fp;
    uint64_t imported, failed, bad_request, too_long, pending, skipped, truncated;
};

static int cmp_ent_cid(const void *a, const void *b)
{
    return strcmp(((const struct mentry *)a)->cid, ((const struct mentry *)b)->cid);
}

static int cmp_ent_item(const void *a, const void *b)
{
    size_t x = ((const struct mentry *)a)->item, y = ((const struct mentry *)b)->item;
    return x < y ? -1 : x > y;
}

struct id_pos {
    const char *id;
    size_t pos;
};

static int cmp_id_pos(const void *a, const void *b)
{
    return strcmp(((const struct id_pos *)a)->id, ((const struct id_pos *)b)->id);
}

/* Ties every custom_id of the manifest to its item in the index, and refuses when the
 * requests the current endpoint and prompt would send are not the exported ones. */
static int build_entries(struct import *im, const struct suite_index *ix)
{
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(im->m.root, "custom_ids");
    const cJSON *hashes = cJSON_GetObjectItemCaseSensitive(im->m.root, "request_hashes");
    const cJSON *c, *h;
    size_t n = harness_index_count(ix), i, differ = 0, alloc = 0;
    struct id_pos *pos = xcalloc(n + 1, sizeof(*pos));
    const char *first_differ = NULL;
    int rc = 0;
    for (i = 0; i < n; i++) {
        pos[i].id = harness_item_id(ix, i);
        pos[i].pos = i;
    }
    qsort(pos, n, sizeof(*pos), cmp_id_pos);
    /* the two maps are walked side by side: written in the same order, and cJSON's member
     * lookup is linear, which for 100,000 requests would be quadratic */
    h = hashes ? hashes->child : NULL;
    cJSON_ArrayForEach(c, ids)
    {
        struct id_pos key, *hit;
        struct mentry *e;
        const char *hash = NULL;
        if (!cJSON_IsString(c) || !c->string) {
            rc = error("'%s': custom_ids holds a value that is not an instance id", im->m.path);
            break;
        }
        if (h && h->string && !strcmp(h->string, c->string))
            hash = cJSON_GetStringValue(h);
        else
            hash = json_str(hashes, c->string);
        h = h ? h->next : NULL;
        key.id = c->valuestring;
        hit = bsearch(&key, pos, n, sizeof(*pos), cmp_id_pos);
        if (!hit) {
            rc = error("'%s': instance '%s' is not in the suite '%s' (with the manifest's "
                       "filters)",
                       im->m.path, c->valuestring, im->o->suite ? im->o->suite : im->m.suite);
            break;
        }
        if (!hash || strcmp(hash, harness_item_hash(ix, hit->pos))) {
            if (!differ++)
                first_differ = c->valuestring;
        }
        ALLOC_GROW(im->ent, im->nent + 1, alloc);
        e = &im->ent[im->nent++];
        memset(e, 0, sizeof(*e));
        e->cid = xstrdup(c->string);
        e->id = c->valuestring;
        e->hash = harness_item_hash(ix, hit->pos);
        e->item = hit->pos;
    }
    free(pos);
    if (!rc && differ)
        rc = error("%zu of the %zu exported requests differ from those endpoint '%s' sends now "
                   "(the first: instance '%s'): its base_url, model or params, or the prompt, "
                   "changed since the export; import with the endpoint the batch was made with",
                   differ, im->nent, im->o->e->name, first_differ);
    if (!rc && im->nent > 1) {
        qsort(im->ent, im->nent, sizeof(*im->ent), cmp_ent_cid);
        for (i = 1; i < im->nent && !rc; i++)
            if (!strcmp(im->ent[i].cid, im->ent[i - 1].cid))
                rc = error("'%s': custom_id '%s' appears twice", im->m.path, im->ent[i].cid);
    }
    return rc;
}

static void trim_eol(char *line, size_t *n)
{
    while (*n && (line[*n - 1] == '\n' || line[*n - 1] == '\r'))
        line[--*n] = '\0';
}

static int blank(const char *s, size_t n)
{
    return strspn(s, " \t\r\n") >= n;
}

/* Reads what one result line says.  -1 (printed) for a line that is not a result of the
 * manifest's api; *cid points into *root. */
static int read_result(const struct import *im, const struct srcloc *loc, const char *line,
                       size_t n, cJSON **root, const char **cid, enum kind *kind)
{
    cJSON *r = cJSON_ParseWithLength(line, n);
    const cJSON *v;
    *root = r;
    if (!cJSON_IsObject(r))
        return error_at(loc, "not a JSON object");
    *cid = json_str(r, "custom_id");
    if (!*cid)
        return error_at(loc, "no custom_id");
    if (cJSON_HasObjectItem(r, "method") || cJSON_HasObjectItem(r, "params") ||
        cJSON_HasObjectItem(r, "body"))
        return error_at(loc, "this is batch input, not results: import the batch's output");
    if ((v = cJSON_GetObjectItemCaseSensitive(r, "result"))) { /* Anthropic */
        const char *type = json_str(v, "type");
        if (im->m.api != API_ANTHROPIC_MESSAGES)
            return error_at(loc, "an Anthropic Message Batches result, but the export was for "
                                 "the OpenAI Batch API");
        if (eq(type, "succeeded")) {
            if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(v, "message")))
                return error_at(loc, "a succeeded result without a message");
            *kind = K_OK;
        } else if (eq(type, "errored")) {
            *kind = K_FAIL;
        } else if (eq(type, "canceled") || eq(type, "expired")) {
            *kind = K_PENDING;
        } else {
            /* a result type added later: the instance stays as it is, to be sent again */
            warning_at(loc, "result type '%s' unknown; the instance is left pending",
                       type ? type : "(none)");
            *kind = K_PENDING;
        }
        return 0;
    }
    if (cJSON_HasObjectItem(r, "response") || cJSON_HasObjectItem(r, "error")) { /* OpenAI */
        const cJSON *resp = cJSON_GetObjectItemCaseSensitive(r, "response");
        const cJSON *err = cJSON_GetObjectItemCaseSensitive(r, "error");
        if (im->m.api != API_OPENAI_CHAT)
            return error_at(loc, "an OpenAI Batch result, but the export was for Anthropic "
                                 "Message Batches");
        if (cJSON_IsObject(resp)) {
            const cJSON *sc = cJSON_GetObjectItemCaseSensitive(resp, "status_code");
            if (!cJSON_IsNumber(sc))
                return error_at(loc, "a response without a status_code");
            *kind = sc->valuedouble >= 200 && sc->valuedouble < 300 ? K_OK : K_FAIL;
            return 0;
        }
        if (!cJSON_IsObject(err))
            return error_at(loc, "neither a response nor an error");
        /* the request never ran: the batch expired or was cancelled before it */
        if (eq(json_str(err, "code"), "batch_expired") ||
            eq(json_str(err, "code"), "batch_cancelled"))
            *kind = K_PENDING;
        else
            *kind = K_FAIL;
        return 0;
    }
    return error_at(loc, "not a batch result (no result, response or error)");
}

static struct mentry *find_entry(struct import *im, const char *cid)
{
    struct mentry key;
    key.cid = (char *)cid;
    return im->nent ? bsearch(&key, im->ent, im->nent, sizeof(*im->ent), cmp_ent_cid) : NULL;
}

/* Pass 1 over one file: every line checked, the winning result of each request noted. */
static int scan_file(struct import *im, size_t fi)
{
    const char *path = im->files[fi];
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long long off = 0;
    int lineno = 0, errors = 0;
    if (!f)
        return error("cannot open '%s': %s", path, strerror(errno));
    while ((got = getline(&line, &cap, f)) > 0) {
        struct srcloc loc = {path, ++lineno, 0};
        size_t n = (size_t)got;
        cJSON *root = NULL;
        const char *cid = NULL;
        enum kind kind = K_NONE;
        struct mentry *e;
        long long at = off;
        off += got;
        trim_eol(line, &n);
        if (blank(line, n))
            continue;
        if (read_result(im, &loc, line, n, &root, &cid, &kind) < 0) {
            cJSON_Delete(root);
            if (++errors >= 10) {
                error("'%s': too many bad lines; stopped reading it", path);
                break;
            }
            continue;
        }
        if (!(e = find_entry(im, cid))) {
            if (im->unknown < 3)
                im->unknown_first[im->unknown] = xstrdup(cid);
            im->unknown++;
        } else {
            if (e->results++)
                im->dups++;
            /* a later line of equal rank wins: files are read in the order given */
            if (kind >= e->kind) {
                e->kind = kind;
                e->file = fi;
                e->off = at;
                e->len = n;
            }
        }
        cJSON_Delete(root);
    }
    if (!errors && ferror(f))
        errors = error("cannot read '%s': %s", path, strerror(errno));
    fclose(f);
    free(line);
    return errors ? -1 : 0;
}

static cJSON *reread(struct import *im, const struct mentry *e)
{
    const char *path = im->files[e->file];
    struct buf line = BUF_INIT;
    cJSON *root = NULL;
    if (!im->fp[e->file] && !(im->fp[e->file] = fopen(path, "rb"))) {
        error("cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    if (buf_grow(&line, e->len) == 0 && fseeko(im->fp[e->file], (off_t)e->off, SEEK_SET) == 0 &&
        fread(line.s, 1, e->len, im->fp[e->file]) == e->len) {
        buf_setlen(&line, e->len);
        root = cJSON_ParseWithLength(line.s, line.len);
    }
    if (!root)
        error("'%s' changed while it was read", path);
    buf_release(&line);
    return root;
}

/* run's estimate_usage(): counts a server left out, estimated and flagged. */
static int estimate_usage(struct reply *r, int64_t prompt_tokens)
{
    int est = 0;
    if (r->input_tokens < 0 && prompt_tokens >= 0)
        r->input_tokens = prompt_tokens, est = 1;
    if (r->output_tokens < 0) {
        const char *s = r->text ? r->text : "";
        int64_t t = 0;
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            t += token_estimate(s, len);
            s += len + (nl ? 1 : 0);
        }
        r->output_tokens = t;
        est = 1;
    }
    return est;
}

static const char *status_of(enum failure f)
{
    return f == FAIL_TOO_LONG ? "too_long" : f == FAIL_BAD_REQUEST ? "bad_request" : "failed";
}

/* A JSON value as the text a provider's parse() and classify() take: a string as it is (a
 * body some servers send as text), anything else serialized. */
static void body_text(const cJSON *v, struct buf *out)
{
    buf_reset(out);
    if (cJSON_IsString(v)) {
        buf_adds(out, v->valuestring);
    } else if (v) {
        char *t = print_json(v);
        buf_adds(out, t);
        free(t);
    }
}

/* Turns one result into a reply (1), or into a failure class and its message (0), the way
 * run's handle_done() does for a live reply.  *status is the HTTP status when the result
 * has one, else 0. */
static int judge(const struct import *im, const cJSON *root, struct reply *r, long *status,
                 enum failure *f, struct buf *msg)
{
    const struct provider *p = im->p;
    struct buf body = BUF_INIT, err = BUF_INIT;
    int ok = 0;
    *status = 0;
    if (im->m.api == API_OPENAI_CHAT) {
        const cJSON *resp = cJSON_GetObjectItemCaseSensitive(root, "response");
        if (cJSON_IsObject(resp)) {
            const cJSON *sc = cJSON_GetObjectItemCaseSensitive(resp, "status_code");
            *status = cJSON_IsNumber(sc) ? (long)sc->valuedouble : 0; /* checked in pass 1 */
            body_text(cJSON_GetObjectItemCaseSensitive(resp, "body"), &body);
            if (*status >= 200 && *status < 300 && p->parse(body.s, body.len, r, &err) == 0) {
                ok = 1;
            } else {
                *f = p->classify(*status, body.s, body.len, msg);
                if (err.len && !msg->len)
                    buf_adds(msg, err.s);
                buf_addf(msg, " (HTTP %ld, %s)", *status, failure_name(*f));
            }
        } else {
            /* An error-file line, {"code", "message"} and no HTTP status.  As the body of
             * a 2xx, classify() judges it by its code, type and message alone. */
            const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
            const char *code = json_str(e, "code");
            char *t = e ? print_json(e) : xstrdup("{}");
            buf_addf(&body, "{\"error\":%s}", t);
            free(t);
            *f = p->classify(200, body.s, body.len, msg);
            buf_addf(msg, " (batch error %s, %s)", code ? code : "without a code",
                     failure_name(*f));
        }
    } else {
        const cJSON *res = cJSON_GetObjectItemCaseSensitive(root, "result");
        if (eq(json_str(res, "type"), "succeeded")) {
            body_text(cJSON_GetObjectItemCaseSensitive(res, "message"), &body);
            *status = 200;
            if (p->parse(body.s, body.len, r, &err) == 0) {
                ok = 1;
            } else {
                *f = p->classify(200, body.s, body.len, msg);
                if (err.len && !msg->len)
                    buf_adds(msg, err.s);
                buf_addf(msg, " (batch result, %s)", failure_name(*f));
            }
        } else {
            /* errored: `error` is the whole error response, {"type": "error", "error":
             * {...}}; a bare {"type", "message"} is taken too.  There is no HTTP status:
             * classify() reads the error type, as for an error inside a 2xx. */
            const cJSON *e = cJSON_GetObjectItemCaseSensitive(res, "error");
            char *t = e ? print_json(e) : xstrdup("{}");
            if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(e, "error")))
                buf_adds(&body, t);
            else
                buf_addf(&body, "{\"type\":\"error\",\"error\":%s}", t);
            free(t);
            *f = p->classify(200, body.s, body.len, msg);
            buf_addf(msg, " (batch errored, %s)", failure_name(*f));
        }
    }
    buf_release(&body);
    buf_release(&err);
    return ok;
}

static int apply(struct import *im, const struct mentry *e)
{
    struct inst_state cur;
    struct reply r;
    struct buf msg = BUF_INIT;
    enum failure f = FAIL_NONE;
    cJSON *root = NULL;
    long status;
    int rc = 0;

    if (state_get(im->state, im->o->run_path, e->id, &cur) < 0)
        return -1;
    reply_init(&r);
    if (eq(cur.status, "done")) { /* a reply is never replaced by a batch result */
        im->skipped++;
    } else if (e->kind == K_PENDING) {
        im->pending++;
    } else if (!(root = reread(im, e))) {
        rc = -1;
    } else if (judge(im, root, &r, &status, &f, &msg)) {
        struct attempt_info a = {1, status, -1, 0, 0};
        a.usage_estimated = estimate_usage(&r, cur.prompt_tokens);
        rc = rundb_record_reply(im->db, e->id, &r, &a);
        if (!rc) {
            if (im->cache)
                replycache_put(im->cache, e->hash, &r);
            im->imported++;
            im->truncated += !!r.truncated;
        }
    } else {
        const char *st = status_of(f);
        struct attempt_info a = {1, status, -1, 0, 0};
        if (eq(cur.status, st) && eq(cur.last_error, msg.s)) { /* imported before */
            im->skipped++;
        } else if (!(rc = rundb_record_failure(im->db, e->id, st, msg.s, &a))) {
            im->failed++;
            im->bad_request += f == FAIL_BAD_REQUEST;
            im->too_long += f == FAIL_TOO_LONG;
            say(2, "%s: %s: %s\n", e->id, st, msg.s);
        }
    }
    cJSON_Delete(root);
    reply_release(&r);
    buf_release(&msg);
    inst_state_release(&cur);
    return rc;
}

/* The manifest: --manifest, else manifest.json in the folder named or beside the files;
 * every input must lead to the same one. */
static char *resolve_manifest(const struct batch_import_opts *o)
{
    char *found = NULL, *found_real = NULL;
    size_t i;
    if (o->manifest)
        return xstrdup(o->manifest);
    for (i = 0; i < o->ninputs; i++) {
        struct stat st;
        char *cand, *real;
        if (stat(o->inputs[i], &st) < 0) {
            error("cannot read '%s': %s", o->inputs[i], strerror(errno));
            break;
        }
        if (S_ISDIR(st.st_mode)) {
            cand = path_join(o->inputs[i], BATCH_MANIFEST);
        } else {
            char *copy = xstrdup(o->inputs[i]);
            cand = path_join(dirname(copy), BATCH_MANIFEST);
            free(copy);
        }
        if (!(real = realpath(cand, NULL))) {
            error("no manifest '%s' for '%s' (export writes it beside the batch files; name "
                  "it with --manifest)",
                  cand, o->inputs[i]);
            free(cand);
            break;
        }
        if (found_real && strcmp(found_real, real)) {
            error("'%s' and '%s' are results of different exports; import one export at a "
                  "time",
                  o->inputs[0], o->inputs[i]);
            free(cand);
            free(real);
            break;
        }
        if (!found) {
            found = cand;
            found_real = real;
        } else {
            free(cand);
            free(real);
        }
    }
    free(found_real);
    if (i < o->ninputs) {
        free(found);
        return NULL;
    }
    return found;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* A folder's result files: its *.jsonl other than the batch input, in name order. */
static int add_dir(struct import *im, const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, alloc = 0, i, k;
    if (!d)
        return error("cannot read '%s': %s", dir, strerror(errno));
    while ((de = readdir(d))) {
        char *path;
        struct stat st;
        if (de->d_name[0] == '.' || !ends_with(de->d_name, ".jsonl"))
            continue;
        for (k = 0; k < im->m.nfiles && strcmp(im->m.files[k], de->d_name); k++)
            ;
        if (k < im->m.nfiles)
            continue;
        path = path_join(dir, de->d_name);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            ALLOC_GROW(names, n + 1, alloc);
            names[n++] = path;
        } else {
            free(path);
        }
    }
    closedir(d);
    if (!n)
        return error("no result files in '%s': save the batch's output there as *.jsonl, or "
                     "name the files",
                     dir);
    qsort(names, n, sizeof(*names), cmp_str);
    for (i = 0; i < n; i++) {
        ALLOC_GROW(im->files, im->nfiles + 1, im->falloc);
        im->files[im->nfiles++] = names[i];
    }
    free(names);
    return 0;
}

static int collect_files(struct import *im)
{
    size_t i;
    for (i = 0; i < im->o->ninputs; i++) {
        const char *in = im->o->inputs[i];
        struct stat st;
        if (stat(in, &st) < 0)
            return error("cannot read '%s': %s", in, strerror(errno));
        if (S_ISDIR(st.st_mode)) {
            if (add_dir(im, in) < 0)
                return -1;
        } else {
            ALLOC_GROW(im->files, im->nfiles + 1, im->falloc);
            im->files[im->nfiles++] = xstrdup(in);
        }
    }
    return 0;
}

/* The first 12 hex digits, enough to tell two hashes apart in a message. */
static void short_hash(const char *h, char out[13])
{
    size_t n = strnlen(h, 12);
    memcpy(out, h, n);
    out[n] = '\0';
}

/* The checks that tie the results to what is imported into: api, model, prompt, suite. */
static int check_origin(struct import *im, const struct prompt *pr, const char *suite,
                        const struct suite_index *ix)
{
    const struct endpoint *e = im->o->e;
    char a[13], b[13];
    if (im->m.api != e->api)
        return error("'%s' describes a batch for %s, but endpoint '%s' is %s", im->m.path,
                     api_name(im->m.api), e->name, api_name(e->api));
    if (strcmp(im->m.model, e->model))
        return error("'%s' describes a batch for model '%s', but endpoint '%s' has model '%s'",
                     im->m.path, im->m.model, e->name, e->model);
    if (strcmp(im->m.prompt_hash, pr->hash)) {
        short_hash(pr->hash, a);
        short_hash(im->m.prompt_hash, b);
        return error("the prompt '%s' has changed since the export (hash %s..., the manifest "
                     "'%s' says %s...): results of another prompt are not imported",
                     pr->path, a, im->m.path, b);
    }
    if (strcmp(im->m.suite_hash, harness_suite_hash(ix))) {
        short_hash(harness_suite_hash(ix), a);
        short_hash(im->m.suite_hash, b);
        return error("'%s' is not the suite these results were made from (hash %s..., the "
                     "manifest '%s' says %s...); name the exported suite with --suite",
                     suite, a, im->m.path, b);
    }
    return 0;
}

static int exec_sql(struct rundb *db, const char *path, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(rundb_sqlite(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
        error("%s: %s: %s", path, sql, msg ? msg : "failed");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int apply_all(struct import *im)
{
    const char *run = im->o->run_path;
    size_t i;
    int rc = 0;
    im->fp = xcalloc(im->nfiles + 1, sizeof(*im->fp));
    if (im->nent) /* im->ent is NULL when empty */
        qsort(im->ent, im->nent, sizeof(*im->ent), cmp_ent_item); /* suite order */
    /* one transaction: an import that fails half-way leaves the run as it was */
    if (state_prepare(im->db, run, &im->state) < 0 || exec_sql(im->db, run, "BEGIN IMMEDIATE"))
        return -1;
    for (i = 0; i < im->nent && !rc; i++)
        if (im->ent[i].kind != K_NONE)
            rc = apply(im, &im->ent[i]);
    if (rc || exec_sql(im->db, run, "COMMIT") < 0) {
        exec_sql(im->db, run, "ROLLBACK");
        return -1;
    }
    return 0;
}

static void summary(struct import *im)
{
    int64_t c[5] = {0}, truncated = 0;
    say(1,
        "import: %llu imported (%llu truncated), %llu failed (%llu bad request, %llu too "
        "long), %llu pending (canceled or expired), %llu skipped (already in the run), %llu "
        "unknown custom_id%s\n",
        (unsigned long long)im->imported, (unsigned long long)im->truncated,
        (unsigned long long)im->failed, (unsigned long long)im->bad_request,
        (unsigned long long)im->too_long, (unsigned long long)im->pending,
        (unsigned long long)im->skipped, (unsigned long long)im->unknown,
        im->unknown == 1 ? "" : "s");
    if (im->unknown) {
        struct buf ex = BUF_INIT;
        for (int i = 0; i < 3 && im->unknown_first[i]; i++)
            buf_addf(&ex, "%s%s", i ? ", " : "", im->unknown_first[i]);
        warning("%llu result%s with custom_ids that '%s' does not list (%s%s): results of "
                "another export?",
                (unsigned long long)im->unknown, im->unknown == 1 ? "" : "s", im->m.path, ex.s,
                im->unknown > 3 ? ", ..." : "");
        buf_release(&ex);
    }
    if (im->dups)
        say(2, "import: %llu requests have more than one result; a reply wins over an error\n",
            (unsigned long long)im->dups);
    if (rundb_counts(im->db, c, &truncated) == 0)
        say(1,
            "run %s: %lld done (%lld truncated), %lld pending, %lld failed, %lld bad request, "
            "%lld too long\n",
            im->o->run_path, (long long)c[1], (long long)truncated, (long long)c[0],
            (long long)c[2], (long long)c[3], (long long)c[4]);
}

int batch_import(const struct batch_import_opts *o)
{
    struct import im;
    struct prompt pr;
    struct run_opts ro;
    struct suite_index *ix = NULL;
    const char *suite;
    char *mpath;
    size_t i;
    int rc = -1, have_prompt = 0, bad = 0;

    memset(&im, 0, sizeof(im));
    memset(&pr, 0, sizeof(pr));
    im.o = o;
    im.p = provider_for(o->e->api);
    if (!(mpath = resolve_manifest(o)))
        return EXIT_FAIL;
    if (manifest_load(&im.m, mpath) < 0) {
        free(mpath);
        return EXIT_FAIL;
    }
    free(mpath);
    if (collect_files(&im) < 0)
        goto out;
    if (prompt_load(&pr, o->root, im.m.prompt) < 0)
        goto out;
    have_prompt = 1;
    suite = o->suite ? o->suite : im.m.suite;
    if (!file_exists(suite)) {
        error("cannot find the suite '%s' that '%s' names; pass it with --suite", suite, im.m.path);
        goto out;
    }
    memset(&ro, 0, sizeof(ro));
    ro.root = o->root;
    ro.suite = suite;
    ro.run_path = o->run_path;
    ro.cache_path = o->cache_path;
    ro.e = o->e;
    ro.pr = &pr;
    ro.limit = -1;
    ro.filters = im.m.filters; /* the run gets the instances export selected from */
    if (harness_index(&ro, &ix) < 0 || check_origin(&im, &pr, suite, ix) < 0 ||
        build_entries(&im, ix) < 0)
        goto out;
    for (i = 0; i < im.nfiles; i++)
        bad |= scan_file(&im, i) < 0;
    if (bad) {
        error("nothing imported: the lines above are not results of this export");
        goto out;
    }
    if (harness_open_run(&ro, ix, &im.db) < 0)
        goto out;
    if (o->cache_path && replycache_open(&im.cache, o->cache_path) < 0)
        goto out;
    if (apply_all(&im) < 0) {
        error("nothing imported into '%s'", o->run_path);
        goto out;
    }
    summary(&im);
    rc = 0;
out:
    sqlite3_finalize(im.state);
    if (im.cache)
        replycache_close(im.cache);
    if (im.db)
        rundb_close(im.db);
    for (i = 0; im.fp && i < im.nfiles; i++)
        if (im.fp[i])
            fclose(im.fp[i]);
    free(im.fp);
    for (i = 0; i < im.nfiles; i++)
        free(im.files[i]);
    free(im.files);
    for (i = 0; i < im.nent; i++)
        free(im.ent[i].cid);
    free(im.ent);
    for (i = 0; i < 3; i++)
        free(im.unknown_first[i]);
    harness_index_free(ix);
    if (have_prompt)
        prompt_release(&pr);
    manifest_release(&im.m);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}
