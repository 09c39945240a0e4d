/* judge.c: the reference's LLM-judge protocol over a run, through the same client as `run`; the
 * interface and its rules are in judge.h. */
#include "judge.h"

#include "buf.h"
#include "endpoint.h"
#include "err.h"
#include "harness.h"
#include "prompt.h"
#include "rundb.h"
#include "score.h"
#include "scorerun.h"
#include "sha256.h"
#include "structured.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "banned.h"

static const char extract_schema[] =
    "{\"type\":\"object\",\"properties\":{\"reasoning\":{\"type\":\"string\"},"
    "\"final_answer\":{\"type\":\"string\"}},\"required\":[\"reasoning\",\"final_answer\"],"
    "\"additionalProperties\":false}";

static const char label_schema[] =
    "{\"type\":\"object\",\"properties\":{\"evaluations\":{\"type\":\"array\",\"items\":"
    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"label\":{\"type\":"
    "\"string\",\"enum\":[\"Exact Match\",\"Partial Match\",\"No Match\"]}},"
    "\"required\":[\"id\",\"label\"],\"additionalProperties\":false}}},"
    "\"required\":[\"evaluations\"],\"additionalProperties\":false}";

/* One stage: write its suite, send it with `run`'s machinery.  Its run database is named
 * after its suite's content (NAME-HASH.sqlite): a run database refuses another suite, and
 * the stage's suite changes whenever the judged run answers more instances; an unchanged
 * request is then answered from the reply cache, not sent again. */
struct stage {
    const char *name, *dir; /* extract, label; RUN.judge */
    char *suite, *run, *cache;
    struct outfile *out;
    struct sha256_ctx h; /* over the suite's lines */
};

static int stage_open(struct stage *sg, const char *dir, const char *name, const char *cache)
{
    struct buf p = BUF_INIT;
    sg->name = name;
    sg->dir = dir;
    buf_addf(&p, "%s/%s.jsonl", dir, name);
    sg->suite = buf_detach(&p, NULL);
    sg->cache = cache ? xstrdup(cache) : NULL;
    sha256_init(&sg->h);
    return (sg->out = outfile_open(sg->suite)) ? 0 : -1;
}

static void stage_line(struct stage *sg, const char *id, const char *context, const char *q)
{
    struct buf line = BUF_INIT;
    buf_adds(&line, "{\"id\":");
    buf_add_json_str(&line, id, strlen(id));
    buf_adds(&line, ",\"question\":");
    buf_add_json_str(&line, q, strlen(q));
    buf_adds(&line, ",\"context\":");
    buf_add_json_str(&line, context, strlen(context));
    buf_adds(&line, "}\n");
    sha256_update(&sg->h, line.s, line.len);
    fwrite(line.s, 1, line.len, outfile_stream(sg->out));
    buf_release(&line);
}

static void stage_free(struct stage *sg)
{
    free(sg->suite);
    free(sg->run);
    free(sg->cache);
}

static int stage_send(struct stage *sg, const char *root, const char *endpoint, const char *schema)
{
    struct endpoint e;
    struct prompt pr;
    struct run_opts o;
    char pname[32], hex[SHA256_HEX_LEN + 1];
    uint8_t d[SHA256_DIGEST_LEN];
    struct buf p = BUF_INIT;
    int rc;
    if (outfile_commit(sg->out) < 0)
        return -1;
    sha256_final(&sg->h, d);
    sha256_hex(d, hex);
    buf_addf(&p, "%s/%s-%.12s.sqlite", sg->dir, sg->name, hex);
    sg->run = buf_detach(&p, NULL);
    snprintf(pname, sizeof(pname), "judge-%s", sg->name);
    if (endpoint_load(&e, root, endpoint) < 0)
        return -1;
    if (prompt_load(&pr, root, pname) < 0) {
        endpoint_release(&e);
        return -1;
    }
    structured_ask_take(e.params, e.api,
                        strcmp(sg->name, "extract") ? "holobench_labels" : "holobench_extract",
                        cJSON_Parse(schema));
    memset(&o, 0, sizeof(o));
    o.root = root, o.suite = sg->suite, o.run_path = sg->run, o.cache_path = sg->cache;
    o.e = &e, o.pr = &pr, o.limit = -1, o.grace_s = 30;
    say(1, "judge: %s stage\n", sg->name);
    rc = harness_run(&o) == EXIT_OK ? 0 : -1;
    prompt_release(&pr);
    endpoint_release(&e);
    return rc;
}

/* The stage's replies: id -> reply text (fresh strings), only for 'done' rows; NULL (printed)
 * when its run cannot be read: a reply lost here would leave an instance wrongly unscored. */
static cJSON *stage_replies(const struct stage *sg)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    cJSON *map = cJSON_CreateObject();
    int rc = SQLITE_ERROR;
    if (rundb_open_readonly(&db, sg->run) < 0) {
        cJSON_Delete(map);
        return NULL;
    }
    if (sqlite3_prepare_v2(db, "SELECT id, reply FROM instances WHERE status = 'done'", -1, &st,
                           NULL) == SQLITE_OK) {
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            if (sqlite3_column_text(st, 1))
                cJSON_AddStringToObject(map, (const char *)sqlite3_column_text(st, 0),
                                        (const char *)sqlite3_column_text(st, 1));
    }
    if (rc != SQLITE_DONE) {
        error("cannot read the judge's %s replies in '%s': %s", sg->name, sg->run,
              db ? sqlite3_errmsg(db) : "out of memory");
        cJSON_Delete(map);
        map = NULL;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return map;
}

/* The label prompt's context: the answer to check and the gold rows with their ids. */
void judge_gold_block(const cJSON *gold, const char *answer, struct buf *out)
{
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(gold, "columns");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(gold, "rows"), *row;
    int id = 0;
    buf_reset(out);
    buf_adds(out, "Answer to check:\n```\n");
    buf_adds(out, answer);
    buf_adds(out, "\n```\n\nGold rows:\n");
    if (!cJSON_GetArraySize(rows))
        buf_adds(out, "{\"id\": 0, \"gold\": \"there are no correct rows\"}\n");
    cJSON_ArrayForEach(row, rows)
    {
        cJSON *o;
        const cJSON *c, *name = cols ? cols->child : NULL;
        char *s;
        if (++id > 50)
            break;
        o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "id", id);
        cJSON_ArrayForEach(c, row)
        {
            /* a gold column named "id" must not hide the row's id (a reference defect) */
            const char *n = name && cJSON_IsString(name) && strcmp(name->valuestring, "id")
                                ? name->valuestring
                                : "column_id";
            cJSON_AddItemToObject(o, n, cJSON_Duplicate(c, 1));
            name = name ? name->next : NULL;
        }
        s = cJSON_PrintUnformatted(o);
        buf_adds(out, s);
        buf_addch(out, '\n');
        cJSON_free(s);
        cJSON_Delete(o);
    }
}

/* Parses the judge's labels; 0 and fills r when every id got exactly one label. */
int judge_parse_labels(const char *text, const cJSON *gold, struct score_result *r)
{
    size_t n = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(gold, "rows")), i;
    size_t want = n ? (n < 50 ? n : 50) : 1, seen = 0;
    cJSON *j = cJSON_Parse(text), *ev, *e;
    double sum = 0;
    int ok = 1;
    memset(r, 0, sizeof(*r));
    r->order_ok = -1;
    r->extraction = "judge";
    r->labels = xcalloc(want + 1, 1);
    r->nlabels = n ? want : 0;
    ev = cJSON_GetObjectItemCaseSensitive(j, "evaluations");
    if (!cJSON_IsArray(ev))
        ok = 0;
    cJSON_ArrayForEach(e, ev)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
        const char *l = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "label"));
        long k = cJSON_IsNumber(id) ? (long)clamp_to_i64(id->valuedouble, -1, LONG_MAX, -1) : -1;
        int lab = !l                            ? -1
                  : !strcmp(l, "Exact Match")   ? LABEL_EXACT
                  : !strcmp(l, "Partial Match") ? LABEL_PARTIAL
                  : !strcmp(l, "No Match")      ? LABEL_NONE
                                                : -1;
        size_t idx = n ? (size_t)(k - 1) : (size_t)k;
        if (lab < 0 || k < 0 || idx >= want || (r->labels[idx] & 4)) {
            ok = 0;
            continue;
        }
        r->labels[idx] = (unsigned char)(lab | 4); /* 4: seen */
        seen++;
    }
    cJSON_Delete(j);
    if (!ok || seen != want)
        return -1;
    for (i = 0; i < want; i++) {
        r->labels[i] &= 3;
        sum += r->labels[i] == LABEL_EXACT ? 1 : r->labels[i] == LABEL_PARTIAL ? 0.5 : 0;
    }
    r->score = r->recall = sum / (double)want;
    if (!n)
        r->nlabels = 0, r->says_none = r->labels[0] == LABEL_EXACT;
    return 0;
}

struct judge {
    sqlite3 *db;      /* the run */
    const char *path; /* its file, for messages */
    struct gold_index *gi;
    char *dir, *cache, *scorer;
    const char *root, *endpoint;
    struct judge_stats *st;
};

/* Stage 1: every answered, uncut reply goes to the extractor. */
static int extract_stage(struct judge *J, struct stage *sg)
{
    sqlite3_stmt *q;
    int rc;
    if (stage_open(sg, J->dir, "extract", J->cache) < 0)
        return -1;
    if (sqlite3_prepare_v2(J->db,
                           "SELECT id, reply FROM instances WHERE status = 'done' AND "
                           "reply IS NOT NULL ORDER BY rowid",
                           -1, &q, NULL) != SQLITE_OK) {
        outfile_abort(sg->out);
        return error("%s: cannot read the run: %s", J->path, sqlite3_errmsg(J->db));
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        stage_line(sg, (const char *)sqlite3_column_text(q, 0),
                   (const char *)sqlite3_column_text(q, 1), "");
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        outfile_abort(sg->out);
        return error("%s: cannot read the run: %s", J->path, sqlite3_errmsg(J->db));
    }
    return stage_send(sg, J->root, J->endpoint, extract_schema);
}

/* Stage 2: each extracted final answer with its gold rows goes to the labeller. */
static int label_stage(struct judge *J, const cJSON *extracted, struct stage *sg)
{
    const cJSON *e;
    struct buf block = BUF_INIT;
    if (stage_open(sg, J->dir, "label", J->cache) < 0)
        return -1;
    cJSON_ArrayForEach(e, extracted)
    {
        cJSON *j = cJSON_Parse(e->valuestring);
        const char *fa = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "final_answer"));
        const cJSON *gold = gold_index_get(J->gi, e->string, NULL);
        if (fa && gold) {
            judge_gold_block(gold, fa, &block);
            stage_line(sg, e->string, block.s, gold_index_question(J->gi, e->string));
        }
        cJSON_Delete(j);
    }
    buf_release(&block);
    return stage_send(sg, J->root, J->endpoint, label_schema);
}

/* The judge's result for one instance row (id, status, truncated): a score, or 'unscored' /
 * 'no-reply' / 'truncated' scoring 0; a pending instance (never sent) gets none. */
static int store_row(struct judge *J, struct score_writer *w, sqlite3_stmt *q, const cJSON *labels)
{
    const char *id = (const char *)sqlite3_column_text(q, 0), *gh, *flag = NULL;
    const char *st = (const char *)sqlite3_column_text(q, 1);
    const cJSON *gold = gold_index_get(J->gi, id, &gh);
    const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(labels, id));
    struct score_result r;
    int rc;
    memset(&r, 0, sizeof(r));
    if (st && !strcmp(st, "pending")) {
        J->st->pending++;
        return score_writer_forget(w, id, J->scorer, 0);
    }
    if (!gold) {
        J->st->skipped++;
        return 0;
    }
    if (!st || strcmp(st, "done"))
        flag = "no-reply";
    else if (sqlite3_column_int(q, 2))
        flag = "truncated";
    if (flag || !text || judge_parse_labels(text, gold, &r) < 0) {
        if (!flag) {
            flag = "unscored"; /* fail closed: never a guessed label */
            J->st->unscored++;
            score_result_release(&r);
        }
        memset(&r, 0, sizeof(r));
        r.order_ok = -1;
        r.extraction = "judge";
    } else {
        J->st->judged++;
        J->st->sum += r.score;
    }
    rc = score_writer_put(w, id, J->scorer, &r, flag, gh, 0);
    score_result_release(&r);
    return rc;
}

/* Every instance of the run gets its judge result, in one transaction: all are stored or
 * none is. */
static int store(struct judge *J, const cJSON *labels)
{
    struct score_writer *w;
    sqlite3_stmt *q;
    int rc = 0, r = SQLITE_DONE;
    if (sqlite3_prepare_v2(J->db, "SELECT id, status, truncated FROM instances ORDER BY rowid", -1,
                           &q, NULL) != SQLITE_OK)
        return error("%s: cannot read the run: %s", J->path, sqlite3_errmsg(J->db));
    if (scores_begin(J->db, J->path) < 0) {
        sqlite3_finalize(q);
        return -1;
    }
    if (!(w = score_writer_open(J->db, J->path)))
        rc = -1;
    while (!rc && (r = sqlite3_step(q)) == SQLITE_ROW)
        rc = store_row(J, w, q, labels);
    if (!rc && r != SQLITE_DONE)
        rc = error("%s: cannot read the run: %s", J->path, sqlite3_errmsg(J->db));
    sqlite3_finalize(q);
    score_writer_free(w);
    return scores_end(J->db, J->path, rc);
}

static int prepare(struct judge *J, const char *run_path, struct rundb **db, const char *suite)
{
    struct endpoint e;
    struct buf p = BUF_INIT;
    char *recorded = NULL;
    if (endpoint_load(&e, J->root, J->endpoint) < 0)
        return -1;
    buf_addf(&p, "judge:%s", e.model);
    J->scorer = buf_detach(&p, NULL);
    endpoint_release(&e);
    if (rundb_open(db, run_path, NULL, 0) < 0)
        return -1;
    J->db = rundb_sqlite(*db);
    if (!suite && !(suite = recorded = rundb_suite_path(*db, run_path)))
        return error("run '%s' does not say which suite it ran; give --suite", run_path);
    J->gi = gold_index_load(suite);
    free(recorded);
    if (!J->gi)
        return -1;
    buf_addf(&p, "%s.judge", run_path);
    J->dir = buf_detach(&p, NULL);
    if (mkdir(J->dir, 0777) < 0 && errno != EEXIST)
        return error("cannot create '%s': %s", J->dir, strerror(errno));
    J->cache = replycache_default_path(run_path); /* the reply cache run uses */
    return 0;
}

int judge_run(const char *run_path, const char *suite, const char *root, const char *endpoint,
              struct judge_stats *st)
{
    struct judge J;
    struct rundb *db = NULL;
    struct stage ex, lab;
    cJSON *extracted = NULL, *labels = NULL;
    int rc = -1;
    memset(&J, 0, sizeof(J));
    memset(&ex, 0, sizeof(ex));
    memset(&lab, 0, sizeof(lab));
    memset(st, 0, sizeof(*st));
    J.root = root, J.endpoint = endpoint, J.st = st, J.path = run_path;
    if (prepare(&J, run_path, &db, suite) < 0 || extract_stage(&J, &ex) < 0)
        goto out;
    if (!(extracted = stage_replies(&ex)) || label_stage(&J, extracted, &lab) < 0)
        goto out;
    if ((labels = stage_replies(&lab)))
        rc = store(&J, labels);
out:
    cJSON_Delete(extracted);
    cJSON_Delete(labels);
    stage_free(&ex);
    stage_free(&lab);
    gold_index_free(J.gi);
    free(J.dir);
    free(J.cache);
    free(J.scorer);
    if (db)
        rundb_close(db);
    return rc;
}
