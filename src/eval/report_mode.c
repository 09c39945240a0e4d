/* report_mode: scores by distractor mode and by lexical overlap (issue 18): how a run does on
 * the paper's `tables` instances, on near-miss and mixed ones, and on instances whose question
 * words do or do not occur in their answer rows.
 *
 * Both come from the suite (its instances' `distractors` and `overlap` members, generate.h),
 * read in the pass that places the gold rows (report_depth.c).  An instance without
 * `distractors` is in the `tables` mode; one without `overlap` in no overlap bin.  Overlap
 * bins are of the answer share (the fraction of the question's content words found in an
 * answer line): [0, 0.2), [0.2, 0.4), ... [0.8, 1].  A cell: the mean instance score with a
 * 95% bootstrap interval clustered by query id, as everywhere in the report. */
#include "buf.h"
#include "report_int.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char *const mode_names[NMODE] = {"tables", "near-miss", "mixed"};

const char report_mode_legend[] =
    "Distractor mode: tables (the paper's: distractors from other tables), near-miss (rows of\n"
    "the queried tables that fail the query's row filter), mixed (half and half); overlap: the\n"
    "share of the question's content words found in the answer rows (generate's `overlap`).\n"
    "A cell: mean score [95% interval, bootstrap clustered by query id] (n instances).";

void report_mode_take(struct report_run *r, const struct report_rec *x, const cJSON *head)
{
    struct run_mode *m = &r->mode;
    const cJSON *dis = cJSON_GetObjectItemCaseSensitive(head, "distractors");
    const cJSON *ov = cJSON_GetObjectItemCaseSensitive(head, "overlap");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(ov, "answer");
    int cells[2] = {0, -1}, k;
    if (cJSON_IsString(dis))
        for (k = 1; k < NMODE; k++)
            if (!strcmp(dis->valuestring, mode_names[k]))
                cells[0] = k;
    m->any_mode |= cells[0] != 0;
    if (cJSON_IsNumber(a)) {
        int b = (int)(a->valuedouble * NOVER);
        cells[1] = NMODE + (b < 0 ? 0 : b >= NOVER ? NOVER - 1 : b);
        m->any_overlap = 1;
    }
    for (k = 0; k < 2; k++) {
        if (cells[k] < 0)
            continue;
        m->n[cells[k]]++;
        m->sum[cells[k]] += x->score;
        ALLOC_GROW(m->parts, m->nparts + 1, m->aparts);
        m->parts[m->nparts++] = (struct boot_part){(uint32_t)cells[k], x->cl, x->score, 1};
    }
}

void report_mode_finish(struct report *R)
{
    size_t i;
    for (i = 0; i < R->nruns; i++) {
        struct run_mode *m = &R->runs[i].mode;
        if (!m->nparts)
            continue;
        m->nparts = report_merge_parts(m->parts, m->nparts);
        stats_boot(m->parts, m->nparts, NMODE + NOVER, R->runs[i].ncl, report_reps(m->nparts),
                   REPORT_SEED, m->ci);
    }
}

void report_mode_free(struct run_mode *m)
{
    free(m->parts);
}

static int any(const struct report *R, int overlap)
{
    size_t i;
    for (i = 0; i < R->nruns; i++)
        if (overlap ? R->runs[i].mode.any_overlap : R->runs[i].mode.any_mode)
            return 1;
    return 0;
}

int report_any_mode(const struct report *R)
{
    return any(R, 0) || any(R, 1);
}

static void mode_cell(struct rtable *t, const struct run_mode *m, size_t c)
{
    double s = m->n[c] ? m->sum[c] / (double)m->n[c] : NAN;
    if (!m->n[c])
        rtable_cell(t, NAN, "-");
    else if (m->ci[c].has_ci)
        rtable_cell(t, s, "%.3f [%.3f, %.3f] (%llu)", s, m->ci[c].lo, m->ci[c].hi,
                    (unsigned long long)m->n[c]);
    else
        rtable_cell(t, s, "%.3f (%llu)", s, (unsigned long long)m->n[c]);
}

static struct rtable *mode_table(const struct report *R, int overlap)
{
    struct rtable *t =
        rtable_new(R->nruns + 1, overlap ? "Score by lexical overlap (answer share of the "
                                           "question's words)"
                                         : "Score by distractor mode");
    size_t i, c, from = overlap ? NMODE : 0, to = overlap ? NMODE + NOVER : NMODE;
    rtable_cell(t, NAN, overlap ? "overlap" : "mode");
    for (i = 0; i < R->nruns; i++)
        rtable_cell(t, NAN, "%s", R->runs[i].label);
    for (c = from; c < to; c++) {
        if (overlap)
            rtable_cell(t, NAN, "%.1f-%.1f", (double)(c - NMODE) / NOVER,
                        (double)(c - NMODE + 1) / NOVER);
        else
            rtable_cell(t, NAN, "%s", mode_names[c]);
        for (i = 0; i < R->nruns; i++)
            mode_cell(t, &R->runs[i].mode, c);
    }
    return t;
}

void report_emit_mode(const struct report_out *w)
{
    if (any(w->R, 0))
        rtable_emit(w, mode_table(w->R, 0));
    if (any(w->R, 1))
        rtable_emit(w, mode_table(w->R, 1));
}

cJSON *report_mode_json(const struct run_mode *m)
{
    cJSON *o = cJSON_CreateObject(), *x;
    size_t c;
    for (c = 0; c < NMODE + NOVER; c++) {
        char name[32];
        if (!m->n[c])
            continue;
        if (c < NMODE)
            snprintf(name, sizeof(name), "mode:%s", mode_names[c]);
        else
            snprintf(name, sizeof(name), "overlap:%.1f-%.1f", (double)(c - NMODE) / NOVER,
                     (double)(c - NMODE + 1) / NOVER);
        x = cJSON_AddObjectToObject(o, name);
        cJSON_AddNumberToObject(x, "n", (double)m->n[c]);
        cJSON_AddNumberToObject(x, "mean", m->sum[c] / (double)m->n[c]);
        if (m->ci[c].has_ci) {
            cJSON_AddNumberToObject(x, "ci_low", m->ci[c].lo);
            cJSON_AddNumberToObject(x, "ci_high", m->ci[c].hi);
        }
    }
    return o;
}
