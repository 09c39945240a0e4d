/* report_drill: the lowest-scoring instances a reader looks at, chosen to cover different
 * queries (at most two per query), with what explains each score: the reply, the gold-row
 * labels, the scorer's reason per row (scores.why) and where the relevant lines sat in the
 * context (the suite's `rows` provenance of the query's `tables`). */
#include "buf.h"
#include "report_int.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define PER_QUERY 2     /* instances listed per query id */
#define POS_SHOWN 12    /* relevant line numbers shown in text and HTML (JSON has all) */
#define REPLY_SHOWN 400 /* bytes of a reply shown in text and Markdown */
#define GOLD_SHOWN 10   /* gold rows shown in text and Markdown */

/* ---- choosing ---------------------------------------------------------------------------- */

static const struct report_rec *sort_recs;

/* Lowest score first; among equal scores the earlier instance (suite order). */
static int cmp_worst(const void *pa, const void *pb)
{
    const struct report_rec *a = &sort_recs[*(const uint32_t *)pa];
    const struct report_rec *b = &sort_recs[*(const uint32_t *)pb];
    if (a->score != b->score)
        return a->score < b->score ? -1 : 1;
    return (a->ans > b->ans) - (a->ans < b->ans);
}

void report_pick_worst(struct report_run *r)
{
    uint32_t *idx = xcalloc(r->n + 1, sizeof(*idx));
    uint8_t *taken = xcalloc(r->ncl + 1, 1);
    size_t i, n = 0;
    for (i = 0; i < r->n; i++)
        if (r->rec[i].flag != F_NOREPLY) /* nothing to look at in an instance without a reply */
            idx[n++] = (uint32_t)i;
    sort_recs = r->rec;
    qsort(idx, n, sizeof(*idx), cmp_worst);
    sort_recs = NULL;
    for (i = 0; i < n && r->nworst < WORST; i++) {
        const struct report_rec *x = &r->rec[idx[i]];
        struct worst *w;
        if (taken[x->cl] >= PER_QUERY)
            continue;
        taken[x->cl]++;
        w = &r->w[r->nworst++];
        memset(w, 0, sizeof(*w));
        w->id = xstrdup(r->answered[x->ans]);
        w->qid = xstrdup(r->cl_names[x->cl]);
        w->score = x->score;
        w->flag = x->flag;
    }
    free(taken);
    free(idx);
}

/* Runs scored before the scorer explained its labels have no scores.why. */
static int has_why(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_prepare_v2(db, "SELECT why FROM scores LIMIT 0", -1, &st, NULL) == SQLITE_OK;
    sqlite3_finalize(st);
    return ok;
}

static char *dup_col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? xstrdup(s) : NULL;
}

int report_load_worst(const struct report *R, struct report_run *r)
{
    const char *sql = has_why(r->db)
                          ? "SELECT i.reply, s.labels, s.why FROM instances i LEFT JOIN scores s "
                            "ON s.id = i.id AND s.scorer = ?2 WHERE i.id = ?1"
                          : "SELECT i.reply, s.labels, NULL FROM instances i LEFT JOIN scores s "
                            "ON s.id = i.id AND s.scorer = ?2 WHERE i.id = ?1";
    sqlite3_stmt *st = NULL;
    size_t i;
    if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK)
        return error("%s: cannot read the replies: %s", r->path, sqlite3_errmsg(r->db));
    sqlite3_bind_text(st, 2, R->scorer, -1, SQLITE_STATIC);
    for (i = 0; i < r->nworst; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, r->w[i].id, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            r->w[i].reply = dup_col(st, 0);
            r->w[i].labels = dup_col(st, 1);
            r->w[i].why = dup_col(st, 2);
        }
    }
    sqlite3_finalize(st);
    return 0;
}

void report_worst_free(struct worst *w)
{
    free(w->id);
    free(w->qid);
    free(w->reply);
    free(w->labels);
    free(w->why);
    free(w->question);
    free(w->sql);
    free(w->pos);
    cJSON_Delete(w->gold);
}

/* ---- from the suite -------------------------------------------------------------------- */

static int in_tables(const cJSON *tables, const char *name)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, tables)
    {
        if (cJSON_IsString(t) && !strcmp(t->valuestring, name))
            return 1;
    }
    return 0;
}

void report_worst_from_suite(struct worst *w, const cJSON *head, const char *rows, size_t len)
{
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(head, "question");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(head, "sql");
    const cJSON *tables = cJSON_GetObjectItemCaseSensitive(head, "tables");
    cJSON *prov = rows ? cJSON_ParseWithLength(rows, len) : NULL, *p;
    size_t line = 0, alloc = 0;
    w->question = cJSON_IsString(q) ? xstrdup(q->valuestring) : NULL;
    w->sql = cJSON_IsString(s) ? xstrdup(s->valuestring) : NULL;
    w->gold = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(head, "gold"), 1);
    cJSON_ArrayForEach(p, prov)
    {
        const cJSON *t = cJSON_GetArrayItem(p, 0);
        line++;
        if (cJSON_IsString(t) && in_tables(tables, t->valuestring)) {
            ALLOC_GROW(w->pos, w->npos + 1, alloc);
            w->pos[w->npos++] = (uint32_t)line;
        }
    }
    w->nlines = line;
    cJSON_Delete(prov);
}

/* "12 of 100 lines (12%), depth 0.03 to 0.97: lines 3, 7, ..." */
void report_positions(struct buf *b, const struct worst *w, size_t max)
{
    size_t i;
    if (!w->nlines) {
        buf_adds(b, "-");
        return;
    }
    buf_addf(b, "%zu of %zu lines (%.0f%%)", w->npos, w->nlines,
             100.0 * (double)w->npos / (double)w->nlines);
    if (!w->npos)
        return;
    buf_addf(b, ", depth %.2f to %.2f: line%s ", report_depth(w, 0), report_depth(w, w->npos - 1),
             w->npos > 1 ? "s" : "");
    for (i = 0; i < w->npos && i < max; i++)
        buf_addf(b, "%s%u", i ? ", " : "", w->pos[i]);
    if (w->npos > max)
        buf_addf(b, ", \xe2\x80\xa6 (%zu more)", w->npos - max);
}

/* A line's relative depth in the context: 0 the first line, 1 the last. */
double report_depth(const struct worst *w, size_t i)
{
    return w->nlines > 1 ? (double)(w->pos[i] - 1) / (double)(w->nlines - 1) : 0.0;
}

/* ---- text and Markdown ------------------------------------------------------------------ */

static void put(const struct report_out *w, const char *s)
{
    if (w->fmt == REPORT_MD)
        md_text(w->f, s);
    else
        fputs(s, w->f);
}

/* One field: "  name: value" in text, "- **name:** value" in Markdown. */
static void field(const struct report_out *w, const char *name, const char *value)
{
    if (w->fmt == REPORT_MD)
        fprintf(w->f, *name ? "- **%s:** " : "- ", name);
    else
        fprintf(w->f, "  %-15s ", name);
    put(w, value);
    fputc('\n', w->f);
}

static void json_cell(struct buf *b, const cJSON *v)
{
    char *s;
    if (cJSON_IsString(v)) {
        buf_adds(b, v->valuestring);
        return;
    }
    s = cJSON_PrintUnformatted(v);
    buf_adds(b, s ? s : "");
    cJSON_free(s);
}

/* Gold rows, one a line with its label and the scorer's reason. */
static void gold_lines(const struct report_out *o, const struct worst *w, struct buf *b)
{
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(w->gold, "rows"), *row, *v;
    cJSON *why = w->why ? cJSON_Parse(w->why) : NULL;
    uint8_t lab[MAX_LABELS];
    int nl = report_parse_labels(w->labels, lab, MAX_LABELS), i = 0;
    cJSON_ArrayForEach(row, rows)
    {
        const cJSON *reason = cJSON_GetArrayItem(why, i);
        if (i == GOLD_SHOWN) {
            buf_reset(b);
            buf_addf(b, "\xe2\x80\xa6 %d more rows", cJSON_GetArraySize(rows) - i);
            field(o, "", b->s);
            break;
        }
        buf_reset(b);
        cJSON_ArrayForEach(v, row)
        {
            if (v != row->child)
                buf_adds(b, " | ");
            json_cell(b, v);
        }
        buf_addf(b, "  [%s]", i < nl ? report_label_names[lab[i]] : "-");
        if (cJSON_IsString(reason) && *reason->valuestring)
            buf_addf(b, " %s", reason->valuestring);
        i++;
        field(o, i == 1 ? "gold" : "", b->s);
    }
    if (!i && w->gold)
        field(o, "gold", "the empty answer (no rows)");
    cJSON_Delete(why);
}

static void drill_one(const struct report_out *o, size_t i, const struct worst *w)
{
    struct buf b = BUF_INIT;
    size_t cut;
    fprintf(o->f, o->fmt == REPORT_MD ? "#### %zu. " : "%zu. ", i + 1);
    put(o, w->id);
    fprintf(o->f, " (score %.3f%s%s)\n%s", w->score, w->flag == F_OK ? "" : ", ",
            w->flag == F_OK ? "" : report_flag_names[w->flag], o->fmt == REPORT_MD ? "\n" : "");
    field(o, "query", w->qid ? w->qid : "-");
    field(o, "question", w->question ? w->question : "(the run's suite was not read)");
    if (w->sql)
        field(o, "SQL", w->sql);
    gold_lines(o, w, &b);
    buf_reset(&b);
    report_labels_summary(&b, w->labels);
    field(o, "labels", b.s);
    buf_reset(&b);
    report_positions(&b, w, POS_SHOWN);
    field(o, "relevant lines", b.s);
    buf_reset(&b);
    cut = w->reply ? strlen(w->reply) : 0;
    buf_add(&b, w->reply ? w->reply : "(none)", cut > REPLY_SHOWN ? REPLY_SHOWN : cut);
    for (cut = 0; cut < b.len; cut++)
        if (b.s[cut] == '\n' || b.s[cut] == '\r' || b.s[cut] == '\t')
            b.s[cut] = ' ';
    if (w->reply && strlen(w->reply) > REPLY_SHOWN)
        buf_addf(&b, " \xe2\x80\xa6 (%zu more bytes)", strlen(w->reply) - REPLY_SHOWN);
    field(o, "reply", b.s);
    fputc('\n', o->f);
    buf_release(&b);
}

const char report_drill_legend[] =
    "The lowest scores among answered instances with a reply, at most two per query so that\n"
    "the list covers different questions; each gold row with its label and the scorer's\n"
    "reason, and the context lines of the query's tables (the relevant information) by\n"
    "line number and relative depth (0 the first line, 1 the last).";

void report_emit_drill(const struct report_out *o)
{
    size_t r, i;
    for (r = 0; r < o->R->nruns; r++) {
        const struct report_run *run = &o->R->runs[r];
        if (!run->nworst)
            continue;
        fputs(o->fmt == REPORT_MD ? "### Drill-down: " : "Drill-down: ", o->f);
        put(o, run->label);
        fputs(o->fmt == REPORT_MD ? "\n\n" : "\n", o->f);
        for (i = 0; i < run->nworst; i++)
            drill_one(o, i, &run->w[i]);
    }
}
