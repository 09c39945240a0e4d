/* report_text: the report as plain text or Markdown (every table in turn) and as CSV (one row
 * per cell, with its interval). */
#include "buf.h"
#include "csv.h"
#include "report_int.h"
#include "util.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* ---- text and Markdown ----------------------------------------------------------------------- */

static void put_n(FILE *f, const char *s, size_t n)
{
    while (n--)
        fputs(s, f);
}

static void text_row(FILE *f, const struct rtable *t, size_t row, const size_t *w)
{
    size_t c;
    for (c = 0; c < t->ncols; c++) {
        const char *s = t->cell[row * t->ncols + c];
        size_t pad = w[c] - utf8_count(s, strlen(s));
        if (c)
            fputs("  ", f);
        if (!rtable_is_left(t, c))
            put_n(f, " ", pad);
        fputs(s, f);
        if (rtable_is_left(t, c) && c + 1 < t->ncols)
            put_n(f, " ", pad);
    }
    fputc('\n', f);
}

void rtable_text(FILE *f, const struct rtable *t)
{
    size_t *w = xcalloc(t->ncols, sizeof(*w)), i;
    for (i = 0; i < t->n; i++) {
        size_t len = utf8_count(t->cell[i], strlen(t->cell[i]));
        if (len > w[i % t->ncols])
            w[i % t->ncols] = len;
    }
    fprintf(f, "%s\n", t->title);
    put_n(f, "=", utf8_count(t->title, strlen(t->title)));
    fputc('\n', f);
    for (i = 0; i < t->n / t->ncols; i++) {
        text_row(f, t, i, w);
        if (!i) {
            size_t c;
            for (c = 0; c < t->ncols; c++) {
                put_n(f, "-", w[c]);
                fputs(c + 1 < t->ncols ? "  " : "\n", f);
            }
        }
    }
    fputc('\n', f);
    free(w);
}

void report_put_escaped(FILE *f, const char *s, const char *const map[256])
{
    for (; *s; s++) {
        const char *r = map[(unsigned char)*s];
        if (r)
            fputs(r, f);
        else
            fputc(*s, f);
    }
}

/* Markdown cell text: a pipe would split the cell, and GitHub renders raw HTML. */
static const char *const md_map[256] = {
    ['|'] = "\\|", ['\\'] = "\\\\", ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;"};

void md_text(FILE *f, const char *s)
{
    report_put_escaped(f, s, md_map);
}

void rtable_md(FILE *f, const struct rtable *t)
{
    size_t i;
    fputs("### ", f);
    md_text(f, t->title);
    fputs("\n\n", f);
    for (i = 0; i < t->n; i++) {
        fputs(i % t->ncols ? " " : "| ", f);
        md_text(f, *t->cell[i] ? t->cell[i] : " ");
        fputs(" |", f);
        if ((i + 1) % t->ncols)
            continue;
        fputc('\n', f);
        if (i + 1 == t->ncols) {
            size_t c;
            for (c = 0; c < t->ncols; c++) {
                fputs(c ? " " : "| ", f);
                fputs(rtable_is_left(t, c) ? ":--- |" : "---: |", f);
            }
            fputc('\n', f);
        }
    }
    fputc('\n', f);
}

void report_write_plain(const struct report_out *w)
{
    if (w->fmt == REPORT_MD)
        fprintf(w->f, "## holobench report (scorer %s)\n\n%s\n\n", w->R->scorer, report_legend);
    else
        fprintf(w->f, "holobench report (scorer %s)\n%s\n\n", w->R->scorer, report_legend);
    report_emit_coverage(w);
    report_emit_runs(w);
    fprintf(w->f, "%s%s\n\n", w->fmt == REPORT_MD ? "### Cost, tokens and time\n\n" : "",
            report_cost_legend);
    report_emit_cost(w);
    report_emit_dims(w);
    report_emit_cross(w);
    if (report_any_depth(w->R)) {
        fprintf(w->f, "%s%s\n\n", w->fmt == REPORT_MD ? "### Depth of the gold rows\n\n" : "",
                report_depth_legend);
        report_emit_depth(w);
    }
    if (report_any_mode(w->R)) {
        fprintf(w->f, "%s%s\n\n",
                w->fmt == REPORT_MD ? "### Distractor mode and lexical overlap\n\n" : "",
                report_mode_legend);
        report_emit_mode(w);
    }
    if (w->R->npairs)
        fprintf(w->f, "%s%s\n\n", w->fmt == REPORT_MD ? "### Paired comparisons\n\n" : "",
                report_pair_legend);
    report_emit_pairs(w);
    report_emit_agreement(w);
    report_emit_worst(w);
    fprintf(w->f, "%s%s\n\n", w->fmt == REPORT_MD ? "### Drill-down\n\n" : "", report_drill_legend);
    report_emit_drill(w);
}

/* ---- CSV ------------------------------------------------------------------------------------- */

/* The row of one cell: its fields quoted by csv.h's rule, which the data files follow too. */
static void csv_row(FILE *f, struct buf *row, const char *const names[3], const struct stats_acc *a,
                    const struct boot_ci *ci)
{
    int k;
    buf_reset(row);
    for (k = 0; k < 3; k++) {
        csv_add_text(row, names[k], strlen(names[k]));
        buf_addch(row, ',');
    }
    buf_addf(row, "%llu,%.6f,", (unsigned long long)a->n, stats_mean(a));
    if (ci->has_ci)
        buf_addf(row, "%.6f,%.6f\r\n", ci->lo, ci->hi);
    else
        buf_adds(row, ",\r\n");
    fwrite(row->s, 1, row->len, f);
}

static void csv_view(FILE *f, const struct report *R, const struct report_run *r, size_t view,
                     struct buf *tmp, struct buf *row)
{
    const struct report_view *v = &report_views[view];
    const struct dim_dict *da = &R->d[v->a];
    size_t nb = report_dim_size(R, v->b), i, k;
    for (i = 0; i < da->n; i++)
        for (k = 0; k < nb; k++) {
            uint32_t ia = da->order[i], ib = v->b == D_NONE ? 0 : R->d[v->b].order[k];
            const struct stats_acc *a = &r->agg[view][ia * nb + ib];
            if (!a->n)
                continue;
            buf_reset(tmp);
            buf_adds(tmp, da->v[ia].name);
            if (v->b != D_NONE)
                buf_addf(tmp, ":%s", R->d[v->b].v[ib].name);
            csv_row(f, row, (const char *const[3]){r->label, v->name, tmp->s}, a,
                    &r->ci[view][ia * nb + ib]);
        }
}

void report_write_csv(FILE *f, const struct report *R)
{
    struct buf tmp = BUF_INIT, row = BUF_INIT;
    size_t i, k, v;
    fputs("run,dimension,value,n,mean,ci_low,ci_high\r\n", f);
    report_csv_coverage(f, R, &row);
    report_csv_cost(f, R, &row);
    for (i = 0; i < R->nruns; i++) {
        const struct report_run *r = &R->runs[i];
        if (r->all.n)
            csv_row(f, &row, (const char *const[3]){r->label, "overall", "all"}, &r->all,
                    r->ci_all);
        for (k = 0; k < NFLAG; k++)
            if (r->flag[k].n)
                csv_row(f, &row, (const char *const[3]){r->label, "flag", report_flag_names[k]},
                        &r->flag[k], &r->ci_flag[k]);
        for (v = 0; v < NVIEW; v++)
            csv_view(f, R, r, v, &tmp, &row);
    }
    report_csv_pairs(f, R, &row);
    buf_release(&tmp);
    buf_release(&row);
}
