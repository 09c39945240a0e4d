/* batch_import: a provider's batch results back into a run database, as `run` would have
 * recorded the calls (batch.h); the API's result lines are read by its provider entry. */
#include "batch.h"
#include "breaker.h"

#include "err.h"
#include "harness.h"
#include "prng.h"
#include "prompt.h"
#include "provider.h"
#include "rundb.h"
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

static int eq(const char *a, const char *b)
{
    return a && b && !strcmp(a, b);
}

static char *json_str(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
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
    const struct provider *p;
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
    if (v->valuedouble != BATCH_MANIFEST_VERSION) {
        error("'%s': manifest version %g is not supported (this holobench reads %d)", path,
              v->valuedouble, BATCH_MANIFEST_VERSION);
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
    if (!(p = provider_named(api))) {
        error("'%s': unknown api '%s'", path, api);
        goto fail;
    }
    m->api = p->kind;
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

struct mentry {
    char *cid;
    const char *id;       /* the manifest's */
    const char *hash;     /* the request's, from the index (for the reply cache) */
    size_t item;          /* in the index */
    enum batch_kind kind; /* of the winning result */
    size_t file;
    long long off;
    size_t len;
    int results; /* lines that named it */
    /* its first reply (BATCH_OK): where, and a hash of what it says, so that a second,
     * different reply is refused rather than silently chosen */
    uint64_t reply_hash;
    int reply_line;
    size_t reply_file;
};

struct import {
    const struct batch_import_opts *o;
    struct manifest m;
    const struct provider *p; /* the endpoint's, which check_origin() makes the manifest's */
    struct mentry *ent;
    size_t nent;
    char **files; /* result files */
    size_t nfiles, falloc;
    uint64_t unknown, dups;
    char *unknown_first[3];
    /* the apply pass */
    struct rundb *db;
    struct replycache *cache;
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
                       size_t n, cJSON **root, const char **cid, enum batch_kind *kind)
{
    cJSON *r = cJSON_ParseWithLength(line, n);
    const struct provider *owner;
    *root = r;
    if (!cJSON_IsObject(r))
        return error_at(loc, "not a JSON object");
    *cid = json_str(r, "custom_id");
    if (!*cid)
        return error_at(loc, "no custom_id");
    if (cJSON_HasObjectItem(r, "method") || cJSON_HasObjectItem(r, "params") ||
        cJSON_HasObjectItem(r, "body"))
        return error_at(loc, "this is batch input, not results: import the batch's output");
    /* the API of the export first: the OpenAI APIs share one result shape */
    owner = im->p->batch.claims(r) ? im->p : provider_batch_owner(r);
    if (!owner)
        return error_at(loc, "not a batch result (no result, response or error)");
    if (owner != im->p)
        return error_at(loc, "%s, but the export was for %s", owner->batch.result_name,
                        im->p->batch.service);
    return owner->batch.kind(r, loc, kind);
}

/* What a BATCH_OK line would store (text, reasoning, finish), as a hash. */
static uint64_t reply_hash(const struct import *im, const cJSON *root)
{
    struct reply r;
    struct buf msg = BUF_INIT, all = BUF_INIT;
    enum failure f = FAIL_NONE;
    long status = 0;
    uint64_t h;
    reply_init(&r);
    if (im->p->batch.judge(root, &r, &status, &f, &msg)) {
        buf_adds(&all, r.text ? r.text : "");
        buf_addch(&all, '\0');
        buf_adds(&all, r.reasoning ? r.reasoning : "");
        buf_addch(&all, '\0');
        buf_adds(&all, r.finish ? r.finish : "");
    }
    h = hash64(all.s, all.len);
    reply_release(&r);
    buf_release(&msg);
    buf_release(&all);
    return h;
}

/* Two replies for one request: the same one is noted once, different ones are refused (no
 * rule could say which the model "really" gave).  -1 (printed) on a conflict. */
static int note_reply(struct import *im, struct mentry *e, const struct srcloc *loc, size_t fi,
                      const cJSON *root)
{
    uint64_t h = reply_hash(im, root);
    if (!e->reply_line) {
        e->reply_hash = h, e->reply_line = loc->line, e->reply_file = fi;
        return 0;
    }
    if (h == e->reply_hash)
        return 0;
    return error_at(loc,
                    "custom_id '%s' has a different reply at %s:%d; refusing to choose "
                    "between them",
                    e->cid, im->files[e->reply_file], e->reply_line);
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
        enum batch_kind kind = BATCH_NONE;
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
            if (kind == BATCH_OK && note_reply(im, e, &loc, fi, root) < 0) {
                cJSON_Delete(root);
                errors++;
                continue;
            }
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
        endpoint_redact(im->o->e, &line); /* as run does with what a server sends */
        root = cJSON_ParseWithLength(line.s, line.len);
    }
    if (!root)
        error("'%s' changed while it was read", path);
    buf_release(&line);
    return root;
}

/* run's estimate_usage(): counts a server left out, estimated and flagged. */
static const char *status_of(enum failure f)
{
    return f == FAIL_TOO_LONG ? "too_long" : f == FAIL_BAD_REQUEST ? "bad_request" : "failed";
}

/* A JSON value as the text a provider's parse() and classify() take: a string as it is (a
 * body some servers send as text), anything else serialized. */
/* One bounded line, as run stores its failures, keeping the " (HTTP N, class)" the judge
 * appended. */
static void one_line(struct buf *msg)
{
    const char *tail = NULL, *p = msg->s;
    struct buf suffix = BUF_INIT;
    while (msg->s && (p = strstr(p, " (HTTP ")))
        tail = p++;
    if (tail) {
        buf_adds(&suffix, tail);
        buf_setlen(msg, (size_t)(tail - msg->s));
    }
    failure_line(msg);
    if (suffix.len)
        buf_add(msg, suffix.s, suffix.len);
    buf_release(&suffix);
}

static int apply(struct import *im, const struct mentry *e)
{
    struct run_state cur;
    struct reply r;
    struct buf msg = BUF_INIT;
    enum failure f = FAIL_NONE;
    cJSON *root = NULL;
    long status;
    int rc = 0;

    if (rundb_state(im->db, e->id, &cur) < 0)
        return -1;
    reply_init(&r);
    if (eq(cur.status, "done")) { /* a reply is never replaced by a batch result */
        im->skipped++;
    } else if (e->kind == BATCH_PENDING) {
        im->pending++;
    } else if (!(root = reread(im, e))) {
        rc = -1;
    } else if (im->p->batch.judge(root, &r, &status, &f, &msg)) {
        struct attempt_info a = {1, status, -1, 0, 0};
        a.usage_estimated = reply_estimate_usage(&r, cur.prompt_tokens);
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
        one_line(&msg);
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
    run_state_release(&cur);
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
    if (im->nent)                                                 /* im->ent is NULL when empty */
        qsort(im->ent, im->nent, sizeof(*im->ent), cmp_ent_item); /* suite order */
    /* one transaction: an import that fails half-way leaves the run as it was */
    if (exec_sql(im->db, run, "BEGIN IMMEDIATE"))
        return -1;
    for (i = 0; i < im->nent && !rc; i++)
        if (im->ent[i].kind != BATCH_NONE)
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
        say(1,
            "import: %llu requests have more than one result (the same reply repeated, or an "
            "error and a reply: the reply wins)\n",
            (unsigned long long)im->dups);
    if (rundb_counts(im->db, c, &truncated) == 0)
        say(1,
            "run %s: %lld done (%lld truncated), %lld pending, %lld failed, %lld bad request, "
            "%lld too long\n",
            im->o->run_path, (long long)c[1], (long long)truncated, (long long)c[0],
            (long long)c[2], (long long)c[3], (long long)c[4]);
}

/* Pass 1 over every file; -1 (printed) when a line is not a result of this export. */
static int scan_all(struct import *im)
{
    size_t i;
    int bad = 0;
    for (i = 0; i < im->nfiles; i++)
        bad |= scan_file(im, i) < 0;
    if (bad)
        return error("nothing imported: the lines above are not results of this export");
    return 0;
}

static int apply_report(struct import *im)
{
    if (apply_all(im) < 0)
        return error("nothing imported into '%s'", im->o->run_path);
    summary(im);
    return 0;
}

static void import_release(struct import *im)
{
    size_t i;
    for (i = 0; im->fp && i < im->nfiles; i++)
        if (im->fp[i])
            fclose(im->fp[i]);
    free(im->fp);
    for (i = 0; i < im->nfiles; i++)
        free(im->files[i]);
    free(im->files);
    for (i = 0; i < im->nent; i++)
        free(im->ent[i].cid);
    free(im->ent);
    for (i = 0; i < 3; i++)
        free(im->unknown_first[i]);
    manifest_release(&im->m);
}

int batch_import_results(const struct batch_results *r)
{
    struct batch_import_opts o;
    struct import im;
    size_t i;
    int rc = -1;
    memset(&o, 0, sizeof(o));
    memset(&im, 0, sizeof(im));
    o.e = r->e;
    o.run_path = r->run_path;
    im.o = &o;
    im.p = provider_for(r->e->api);
    im.m.path = xstrdup(r->manifest);
    im.db = r->db;
    im.cache = r->cache;
    im.ent = xcalloc(r->nreqs + 1, sizeof(*im.ent));
    for (im.nent = 0; im.nent < r->nreqs; im.nent++) {
        struct mentry *e = &im.ent[im.nent];
        e->cid = xstrdup(r->reqs[im.nent].custom_id);
        e->id = r->reqs[im.nent].id;
        e->hash = r->reqs[im.nent].hash;
        e->item = im.nent;
    }
    qsort(im.ent, im.nent, sizeof(*im.ent), cmp_ent_cid);
    for (i = 1; i < im.nent; i++)
        if (!strcmp(im.ent[i].cid, im.ent[i - 1].cid))
            break;
    im.files = xcalloc(r->nfiles + 1, sizeof(*im.files));
    for (im.nfiles = 0; im.nfiles < r->nfiles; im.nfiles++)
        im.files[im.nfiles] = xstrdup(r->files[im.nfiles]);
    if (i < im.nent)
        error("'%s': custom_id '%s' appears twice", im.m.path, im.ent[i].cid);
    else if (scan_all(&im) == 0)
        rc = apply_report(&im);
    im.db = NULL, im.cache = NULL; /* the caller's */
    import_release(&im);
    return rc;
}

int batch_import(const struct batch_import_opts *o)
{
    struct import im;
    struct prompt pr;
    struct run_opts ro;
    struct suite_index *ix = NULL;
    const char *suite;
    char *mpath;
    int rc = -1, have_prompt = 0;

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
        build_entries(&im, ix) < 0 || scan_all(&im) < 0)
        goto out;
    /* opened only now: a refused import leaves no run behind */
    if (harness_open_run(&ro, ix, &im.db) < 0)
        goto out;
    if (o->cache_path && replycache_open(&im.cache, o->cache_path) < 0)
        goto out;
    rc = apply_report(&im);
out:
    if (im.cache)
        replycache_close(im.cache);
    if (im.db)
        rundb_close(im.db);
    harness_index_free(ix);
    if (have_prompt)
        prompt_release(&pr);
    import_release(&im);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}
