/* batch_export: a suite as one API's batch input files plus the manifest import needs
 * (batch.h); the API's file format and limits come from its provider entry. */
#include "batch.h"

#include "err.h"
#include "harness.h"
#include "prompt.h"
#include "provider.h"
#include "rundb.h"
#include "sha256.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "banned.h"

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

static int eq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
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

struct bfile {
    char *name; /* in the folder */
    uint64_t requests, bytes;
};

struct writer {
    const char *dir, *suite;
    const struct provider_batch *fmt; /* the API's files */
    uint64_t max_requests, max_bytes;
    struct outfile *of; /* the file being written, or NULL */
    struct bfile *files;
    size_t n, alloc;
};

static int writer_close(struct writer *w)
{
    struct outfile *of = w->of;
    if (!of)
        return 0;
    w->of = NULL;
    fputs(w->fmt->tail, outfile_stream(of));
    return outfile_commit(of);
}

static int writer_open(struct writer *w)
{
    struct buf name = BUF_INIT;
    struct bfile *bf;
    char *path;
    buf_addf(&name, "batch-%03zu.%s", w->n + 1, w->fmt->ext);
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
    fputs(w->fmt->head, outfile_stream(w->of));
    bf->bytes = strlen(w->fmt->head) + strlen(w->fmt->tail);
    return 0;
}

/* Adds one request (the API's entry, after its separator); starts a new file when this one
 * would pass a limit. */
static int writer_add(struct writer *w, const char *id, const struct buf *entry)
{
    struct bfile *bf = w->of ? &w->files[w->n - 1] : NULL;
    uint64_t sep = strlen(w->fmt->sep);
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
        fputs(w->fmt->sep, outfile_stream(w->of));
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
    int rc = 0;
    if (o->missing) {
        if (!file_exists(ro->run_path)) {
            free(s);
            return error("no run database '%s' (--missing exports what a run has not answered)",
                         ro->run_path);
        }
        /* Opened as run opens it: a run of another suite, prompt or endpoint is refused. */
        if (harness_open_run(ro, ix, &db) < 0)
            rc = -1;
    }
    for (i = 0; !rc && i < n; i++) {
        if (ro->limit >= 0 && k >= (size_t)ro->limit)
            break;
        if (db) {
            struct run_state cur;
            int done;
            if (rundb_state(db, harness_item_id(ix, i), &cur) < 0) {
                rc = -1;
                break;
            }
            done = eq(cur.status, "done");
            run_state_release(&cur);
            if (done)
                continue;
        }
        s[k].item = i;
        batch_custom_id(harness_item_id(ix, i), s[k].cid);
        k++;
    }
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
    cJSON_AddNumberToObject(m, "manifest_version", BATCH_MANIFEST_VERSION);
    cJSON_AddStringToObject(m, "holobench", HB_VERSION);
    cJSON_AddStringToObject(m, "format", provider_for(ro->e->api)->batch.format);
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
    w.fmt = &provider_for(ro->e->api)->batch;
    w.max_requests = o->max_requests ? o->max_requests : w.fmt->max_requests;
    w.max_bytes = o->max_bytes ? o->max_bytes : w.fmt->max_bytes;

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
        buf_reset(&entry);
        w.fmt->entry(s[i].cid, &body, &entry);
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
            ro->e->model, ro->e->name, api_name(ro->e->api), w.n, w.n == 1 ? "" : "s", o->dir,
            mpath);
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
