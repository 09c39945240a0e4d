/* scorerun.c: scores every reply of a run database against the gold of its suite and keeps the
 * results in the run; the interface and its rules are in scorerun.h. */
#include "scorerun.h"

#include "buf.h"
#include "err.h"
#include "parallel.h"
#include "rundb.h"
#include "sha256.h"
#include "suite.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "banned.h"

/* ---- the suite's gold ------------------------------------------------------------------------ */

struct gold_entry {
    char *id;
    char *question;
    cJSON *gold;
    char hash[65];
};

struct gold_index {
    struct gold_entry *v;
    size_t n, alloc;
};

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct gold_entry *)a)->id, ((const struct gold_entry *)b)->id);
}

static void hash_gold(const cJSON *g, char out[65])
{
    char *s = cJSON_PrintUnformatted(g);
    struct sha256_ctx h;
    uint8_t d[32];
    sha256_init(&h);
    sha256_update(&h, s ? s : "", s ? strlen(s) : 0);
    sha256_final(&h, d);
    sha256_hex(d, out);
    cJSON_free(s);
}

struct gold_index *gold_index_load(const char *suite)
{
    FILE *f = fopen(suite, "rb");
    struct gold_index *g;
    struct buf own = BUF_INIT;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    if (!f) {
        error("cannot open '%s': %s", suite, strerror(errno));
        return NULL;
    }
    g = xcalloc(1, sizeof(*g));
    while ((n = getline(&line, &cap, f)) > 0) {
        struct instance_text big;
        cJSON *head, *gold;
        struct gold_entry *e;
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (!n)
            continue;
        buf_reset(&own);
        head = instance_parse(line, (size_t)n, &big, &own);
        gold = head ? cJSON_DetachItemFromObjectCaseSensitive(head, "gold") : NULL;
        if (!gold || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(head, "id"))) {
            error_at(&(struct srcloc){suite, lineno, 0}, "not an instance (no id or gold)");
            cJSON_Delete(head);
            cJSON_Delete(gold);
            continue;
        }
        ALLOC_GROW(g->v, g->n + 1, g->alloc);
        e = &g->v[g->n++];
        e->id = xstrdup(cJSON_GetObjectItemCaseSensitive(head, "id")->valuestring);
        {
            const char *q =
                cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(head, "question"));
            e->question = xstrdup(q ? q : "");
        }
        e->gold = gold;
        hash_gold(gold, e->hash);
        cJSON_Delete(head);
    }
    fclose(f);
    free(line);
    buf_release(&own);
    if (g->n) /* g->v is NULL for an empty suite */
        qsort(g->v, g->n, sizeof(*g->v), cmp_entry);
    return g;
}

void gold_index_free(struct gold_index *g)
{
    size_t i;
    if (!g)
        return;
    for (i = 0; i < g->n; i++) {
        free(g->v[i].id);
        free(g->v[i].question);
        cJSON_Delete(g->v[i].gold);
    }
    free(g->v);
    free(g);
}

const cJSON *gold_index_get(const struct gold_index *g, const char *id, const char **hash)
{
    struct gold_entry key, *e;
    key.id = (char *)id;
    e = g->n ? bsearch(&key, g->v, g->n, sizeof(*g->v), cmp_entry) : NULL;
    if (hash)
        *hash = e ? e->hash : NULL;
    return e ? e->gold : NULL;
}

const char *gold_index_question(const struct gold_index *g, const char *id)
{
    struct gold_entry key, *e;
    key.id = (char *)id;
    e = g->n ? bsearch(&key, g->v, g->n, sizeof(*g->v), cmp_entry) : NULL;
    return e ? e->question : NULL;
}

/* ---- storing scores -----------------------------------------------------------------------------
 */

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS scores (id TEXT NOT NULL, scorer TEXT NOT NULL, score REAL, "
    "recall REAL, precision REAL, f1 REAL, order_ok INTEGER, items INTEGER, unmatched INTEGER, "
    "says_none INTEGER, extraction TEXT, flag TEXT, labels TEXT, gold_hash TEXT, "
    "scored_at TEXT, why TEXT, scorer_version TEXT, PRIMARY KEY (id, scorer))";

#define SCORER "deterministic-v1"

/* Writes scores into the run database: a row of `scores`, and for the headline scorer the
 * score columns of `instances` too.  Every failure is an error naming the run. */
struct score_writer {
    sqlite3 *db;
    const char *path; /* the run, for messages */
    sqlite3_stmt *put, *inst, *forget, *clear;
    struct buf lab, why;
    char now[32];
};

void score_writer_free(struct score_writer *w)
{
    if (!w)
        return;
    sqlite3_finalize(w->put);
    sqlite3_finalize(w->inst);
    sqlite3_finalize(w->forget);
    sqlite3_finalize(w->clear);
    buf_release(&w->lab);
    buf_release(&w->why);
    free(w);
}

static int prepare(struct score_writer *w, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(w->db, sql, -1, st, NULL) != SQLITE_OK)
        return error("%s: cannot prepare the scores table: %s", w->path, sqlite3_errmsg(w->db));
    return 0;
}

/* Columns added since the first scores table: runs scored before labels were explained lack
 * `why`, runs scored before the rules were versioned lack `scorer_version` (NULL in their
 * rows: not recorded).  Added in place, so that an old run keeps its scores. */
static int add_column(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = NULL;
    /* a bare name: a double-quoted one that names no column would read as a string */
    char *sql = xsqlite_mprintf("SELECT %s FROM scores LIMIT 0", name);
    int has = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, rc = 0;
    sqlite3_finalize(st);
    sqlite3_free(sql);
    if (has)
        return 0;
    sql = xsqlite_mprintf("ALTER TABLE scores ADD COLUMN %s TEXT", name);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        rc = -1;
    sqlite3_free(sql);
    return rc;
}

struct score_writer *score_writer_open(sqlite3 *db, const char *run_path)
{
    struct score_writer *w = xcalloc(1, sizeof(*w));
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(w->now, sizeof(w->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
    w->db = db;
    w->path = run_path;
    w->lab = (struct buf)BUF_INIT;
    w->why = (struct buf)BUF_INIT;
    if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK || add_column(db, "why") < 0 ||
        add_column(db, "scorer_version") < 0) {
        error("%s: cannot create the scores table: %s", run_path, sqlite3_errmsg(db));
        score_writer_free(w);
        return NULL;
    }
    if (prepare(w,
                "INSERT OR REPLACE INTO scores (id, scorer, score, recall, precision, f1, "
                "order_ok, items, unmatched, says_none, extraction, flag, labels, gold_hash, "
                "scored_at, why, scorer_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                "?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                &w->put) < 0 ||
        prepare(w,
                "UPDATE instances SET score = ?2, labels = ?3, scorer = ?4, score_gold_hash = ?5 "
                "WHERE id = ?1",
                &w->inst) < 0 ||
        prepare(w, "DELETE FROM scores WHERE id = ?1 AND scorer = ?2", &w->forget) < 0 ||
        prepare(w,
                "UPDATE instances SET score = NULL, labels = NULL, scorer = NULL, "
                "score_gold_hash = NULL WHERE id = ?1",
                &w->clear) < 0) {
        score_writer_free(w);
        return NULL;
    }
    return w;
}

static void labels_json(const struct score_result *r, struct buf *out)
{
    static const char *const names[] = {"none", "partial", "exact"};
    size_t i;
    buf_reset(out);
    buf_addch(out, '[');
    for (i = 0; i < r->nlabels; i++)
        buf_addf(out, "%s\"%s\"", i ? "," : "", names[r->labels[i] % 3]);
    buf_addch(out, ']');
}

/* Why each row got its label, a JSON array of strings; empty when the scorer does not say. */
static void why_json(const struct score_result *r, struct buf *out)
{
    size_t i;
    buf_reset(out);
    if (!r->why)
        return;
    buf_addch(out, '[');
    for (i = 0; i < r->nlabels; i++) {
        const char *w = r->why[i] ? r->why[i] : "";
        if (i)
            buf_addch(out, ',');
        buf_add_json_str(out, w, strlen(w));
    }
    buf_addch(out, ']');
}

static int bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

/* Steps a statement and resets it; bind_failed: the result codes of its binds or'ed
 * together (SQLITE_OK is 0), so that no bind failure goes unseen. */
static int step_done(struct score_writer *w, sqlite3_stmt *st, int bind_failed, const char *what,
                     const char *id)
{
    int rc = bind_failed ? SQLITE_ERROR : sqlite3_step(st);
    const char *why = bind_failed ? "a value could not be bound" : sqlite3_errmsg(w->db);
    struct buf msg = BUF_INIT;
    buf_adds(&msg, why); /* reset clears the message of the failed step */
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE) {
        error("%s: cannot %s '%s': %s", w->path, what, id, msg.s);
        buf_release(&msg);
        return -1;
    }
    buf_release(&msg);
    return 0;
}

int score_writer_put(struct score_writer *w, const char *id, const char *scorer,
                     const struct score_result *r, const char *flag, const char *gold_hash,
                     int headline)
{
    sqlite3_stmt *p = w->put, *q = w->inst;
    int b = SQLITE_OK, none = flag && !strcmp(flag, "unscored"); /* no score at all */
    labels_json(r, &w->lab);
    why_json(r, &w->why);
    b |= sqlite3_bind_text(p, 1, id, -1, SQLITE_STATIC);
    b |= sqlite3_bind_text(p, 2, scorer, -1, SQLITE_STATIC);
    if (none) { /* a NULL, so that no mean (report, avg()) counts it as 0 */
        for (int k = 3; k <= 6; k++)
            b |= sqlite3_bind_null(p, k);
    } else {
        b |= sqlite3_bind_double(p, 3, r->score);
        b |= sqlite3_bind_double(p, 4, r->recall);
        b |= sqlite3_bind_double(p, 5, r->precision);
        b |= sqlite3_bind_double(p, 6, r->f1);
    }
    b |= r->order_ok >= 0 ? sqlite3_bind_int(p, 7, r->order_ok) : sqlite3_bind_null(p, 7);
    b |= sqlite3_bind_int(p, 8, r->items);
    b |= sqlite3_bind_int(p, 9, r->unmatched);
    b |= sqlite3_bind_int(p, 10, r->says_none);
    b |= sqlite3_bind_text(p, 11, r->extraction ? r->extraction : "", -1, SQLITE_STATIC);
    b |= bind_text(p, 12, flag);
    b |= sqlite3_bind_text(p, 13, w->lab.s, (int)w->lab.len, SQLITE_STATIC);
    b |= bind_text(p, 14, gold_hash);
    b |= sqlite3_bind_text(p, 15, w->now, -1, SQLITE_STATIC);
    b |= w->why.len ? sqlite3_bind_text(p, 16, w->why.s, (int)w->why.len, SQLITE_STATIC)
                    : sqlite3_bind_null(p, 16);
    /* the rules' version is the deterministic scorer's; a judge is named by its model */
    b |= bind_text(p, 17, !strcmp(scorer, SCORER) ? SCORER_VERSION : NULL);
    if (step_done(w, p, b, "store the score of", id) < 0)
        return -1;
    if (!headline)
        return 0;
    b = sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    b |= sqlite3_bind_double(q, 2, r->score);
    b |= sqlite3_bind_text(q, 3, w->lab.s, (int)w->lab.len, SQLITE_STATIC);
    b |= sqlite3_bind_text(q, 4, scorer, -1, SQLITE_STATIC);
    b |= bind_text(q, 5, gold_hash);
    return step_done(w, q, b, "store the score of", id);
}

int score_writer_forget(struct score_writer *w, const char *id, const char *scorer, int headline)
{
    int b = sqlite3_bind_text(w->forget, 1, id, -1, SQLITE_STATIC);
    b |= sqlite3_bind_text(w->forget, 2, scorer, -1, SQLITE_STATIC);
    if (step_done(w, w->forget, b, "clear the score of", id) < 0)
        return -1;
    if (!headline)
        return 0;
    b = sqlite3_bind_text(w->clear, 1, id, -1, SQLITE_STATIC);
    return step_done(w, w->clear, b, "clear the score of", id);
}

int scores_begin(sqlite3 *db, const char *run_path)
{
    /* IMMEDIATE: a run that another process is writing fails here, before any scoring */
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return error("%s: cannot start storing scores: %s", run_path, sqlite3_errmsg(db));
    return 0;
}

int scores_end(sqlite3 *db, const char *run_path, int rc)
{
    if (!rc && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = error("%s: cannot commit the scores: %s", run_path, sqlite3_errmsg(db));
    /* SQLite may have rolled back already (a full disk, say): hence the autocommit check */
    if (rc && !sqlite3_get_autocommit(db) &&
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
        error("%s: cannot roll back: %s", run_path, sqlite3_errmsg(db));
    return rc ? -1 : 0;
}

/* ---- the run ------------------------------------------------------------------------------------
 */

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : NULL;
}

/* Replies are scored a batch at a time, side by side on every CPU (parallel.h), while this
 * thread alone reads and writes the run: a batch is read, scored, then stored in run order,
 * so that the database and the warnings are the same whatever the number of threads. */
#define BATCH_ROWS 256
#define BATCH_BYTES (32u << 20) /* a batch of long replies stops early */

/* One instance of the run, from its reading to its storing. */
struct job {
    char *id, *reply; /* copies: the statement's text goes at the next step */
    size_t reply_len;
    const cJSON *gold; /* borrowed from the gold index; NULL: not in the suite, not scored */
    const char *hash, *flag;
    int pending, failed, unstructured;
    size_t bad, nul; /* what utf8_sanitize repaired */
    struct score_result res;
    struct buf clean, note;
};

struct batch {
    struct job *jobs;
    struct scorer **sc; /* one per worker */
    int structured;
};

/* Reads one instance row (id, status, reply, truncated, refused, oversized) into j, with the
 * warnings and counts that need no scoring. */
static void read_job(sqlite3_stmt *q, const char *run_path, const struct gold_index *gi,
                     struct job *j, struct score_stats *st)
{
    const char *id = col(q, 0), *status = col(q, 1), *reply = col(q, 2);
    memset(j, 0, sizeof(*j));
    j->id = xstrdup(id ? id : "");
    st->total++;
    if (status && !strcmp(status, "pending")) { /* never sent: no score, not even 0 */
        j->pending = 1;
        st->pending++;
        return;
    }
    if (!(j->gold = gold_index_get(gi, j->id, &j->hash))) {
        warning("%s: instance '%s' of the run is not in the suite: not scored", run_path, j->id);
        st->missing++;
        return;
    }
    if (sqlite3_column_int(q, 5)) { /* the reply itself was not even read (score_all) */
        warning("%s: instance '%s': reply longer than %d bytes (the limit): scored 0, flagged "
                "'oversized'",
                run_path, j->id, SCORE_MAX_REPLY);
        j->flag = "oversized", st->no_reply++;
    } else if (!status || strcmp(status, "done") || !reply)
        j->flag = "no-reply", st->no_reply++;
    else if (sqlite3_column_int(q, 3))
        j->flag = "truncated", st->truncated++;
    else if (sqlite3_column_int(q, 4))
        j->flag = "refused", st->refused++;
    j->failed = j->flag && strcmp(j->flag, "truncated");
    if (reply) { /* with its byte length, so that a NUL inside is kept */
        j->reply_len = (size_t)sqlite3_column_bytes(q, 2);
        j->reply = xmalloc(j->reply_len + 1);
        memcpy(j->reply, reply, j->reply_len);
        j->reply[j->reply_len] = '\0';
    }
}

/* Scores one read instance on a worker: a run of the structured prompt is read exactly, and
 * a reply that is not structured by the ordinary reader, flagged 'unstructured'. */
static void score_job(void *ctx, int worker, size_t i)
{
    struct batch *b = ctx;
    struct job *j = &b->jobs[i];
    struct scorer *sc = b->sc[worker];
    const char *reply = NULL;
    if (j->pending || !j->gold)
        return;
    /* as a C string the reply would end at a NUL, and invalid UTF-8 made PCRE2 fail, so the
     * answer after either was lost */
    if (j->reply) {
        utf8_sanitize(j->reply, j->reply_len, &j->clean, &j->bad, &j->nul);
        reply = j->clean.s;
    }
    /* a truncated reply is scored on what it holds, and keeps its flag */
    if (!b->structured || j->failed || score_structured(sc, reply, j->gold, &j->res) != 0) {
        score_reply(sc, j->failed ? "" : reply, j->gold, &j->res);
        j->unstructured = b->structured && !j->flag;
    }
    if (j->failed) { /* failed or refused replies score 0 */
        memset(j->res.labels, LABEL_NONE, j->res.nlabels);
        j->res.score = j->res.recall = j->res.precision = j->res.f1 = 0;
        j->res.extraction = j->flag;
    }
    if (j->bad || j->nul) { /* said where the method is, so that it shows beside the score */
        buf_addf(&j->note,
                 "%s; reply repaired: %zu ill-formed UTF-8 sequence(s) made U+FFFD, %zu NUL "
                 "byte(s) made spaces",
                 j->res.extraction ? j->res.extraction : "", j->bad, j->nul);
        j->res.extraction = j->note.s;
    }
}

/* Stores a scored instance (in run order, on the reading thread). */
static int store_job(struct score_writer *w, struct job *j, struct score_stats *st)
{
    int rc;
    if (j->pending)
        return score_writer_forget(w, j->id, SCORER, 1);
    if (!j->gold)
        return 0;
    if (j->unstructured)
        j->flag = "unstructured", st->unstructured++;
    st->repaired += j->bad || j->nul;
    rc = score_writer_put(w, j->id, SCORER, &j->res, j->flag, j->hash, 1);
    st->scored++;
    st->sum += j->res.score;
    return rc;
}

static void job_release(struct job *j)
{
    if (j->gold && !j->pending)
        score_result_release(&j->res);
    free(j->id);
    free(j->reply);
    buf_release(&j->clean);
    buf_release(&j->note);
}

/* Reads up to a batch of rows into b->jobs: their number; *r is the last step's result. */
static size_t read_batch(sqlite3_stmt *q, const char *run_path, const struct gold_index *gi,
                         struct batch *b, struct score_stats *st, int *r)
{
    size_t n = 0, bytes = 0;
    while (n < BATCH_ROWS && bytes < BATCH_BYTES && (*r = sqlite3_step(q)) == SQLITE_ROW) {
        read_job(q, run_path, gi, &b->jobs[n], st);
        bytes += b->jobs[n++].reply_len;
    }
    return n;
}

/* One transaction: every score is stored, or none is and the run is left as it was. */
static int score_all(sqlite3 *db, const char *run_path, const struct gold_index *gi,
                     struct batch *b, int threads, struct score_stats *st)
{
    struct score_writer *w;
    sqlite3_stmt *q = NULL;
    int rc = 0, r = SQLITE_ROW;
    /* a reply over the bound stays in the database: only its length is read */
    if (sqlite3_prepare_v2(db,
                           "SELECT id, status, CASE WHEN length(CAST(reply AS BLOB)) > "
                           "?1 THEN NULL ELSE reply END, truncated, refused, "
                           "coalesce(length(CAST(reply AS BLOB)) > ?1, 0) FROM instances "
                           "ORDER BY rowid",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_bind_int(q, 1, SCORE_MAX_REPLY) != SQLITE_OK)
        return error("%s: cannot read the run: %s", run_path, sqlite3_errmsg(db));
    if (scores_begin(db, run_path) < 0) {
        sqlite3_finalize(q);
        return -1;
    }
    if (!(w = score_writer_open(db, run_path)))
        rc = -1;
    while (!rc && r == SQLITE_ROW) {
        size_t n = read_batch(q, run_path, gi, b, st, &r), i;
        parallel_for(n, threads, score_job, b);
        for (i = 0; i < n; i++) {
            if (!rc)
                rc = store_job(w, &b->jobs[i], st);
            job_release(&b->jobs[i]);
        }
    }
    if (!rc && r != SQLITE_DONE)
        rc = error("%s: cannot read the run: %s", run_path, sqlite3_errmsg(db));
    sqlite3_finalize(q);
    score_writer_free(w);
    return scores_end(db, run_path, rc);
}

int score_run(const char *run_path, const char *suite, const struct score_opts *o,
              struct score_stats *st)
{
    struct rundb *db = NULL;
    struct gold_index *gi = NULL;
    struct batch b = {NULL, NULL, 0};
    char *recorded = NULL, *format;
    int rc = -1, threads = o->jobs > 0 ? o->jobs : parallel_cpus(), k;
    memset(st, 0, sizeof(*st));
    if (rundb_open(&db, run_path, NULL, 0) < 0)
        return -1;
    if (!suite && !(suite = recorded = rundb_suite_path(db, run_path))) {
        error("run '%s' does not say which suite it ran; give --suite", run_path);
        goto out;
    }
    if (!(gi = gold_index_load(suite)))
        goto out;
    b.jobs = xcalloc(BATCH_ROWS, sizeof(*b.jobs));
    b.sc = xcalloc((size_t)threads, sizeof(*b.sc));
    for (k = 0; k < threads; k++)
        b.sc[k] = scorer_new(o);
    format = rundb_get(db, "answer_format");
    b.structured = format && !strcmp(format, "json");
    free(format);
    rc = score_all(rundb_sqlite(db), run_path, gi, &b, threads, st);
out:
    for (k = 0; b.sc && k < threads; k++)
        scorer_free(b.sc[k]);
    free(b.sc);
    free(b.jobs);
    gold_index_free(gi);
    free(recorded);
    rundb_close(db);
    return rc;
}
