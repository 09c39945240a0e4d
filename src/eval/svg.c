/* svg: the report's charts as inline SVG: score against context length as line charts (a line
 * per run, or per query type of one run) with each point's 95% interval as a shaded band,
 * grouped bars with error bars when there is one length only and for the categorical views
 * (setting, position), and length × position and length × type heat maps with a colour scale.
 * Every point, bar and cell has a <title> (the hover text): mean, interval, n and queries. */
#include "buf.h"
#include "report_int.h"
#include "util.h"
#include "xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

/* ---- line charts ----------------------------------------------------------------------------- */

static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
#define NPALETTE 10

/* A line chart's data: ns series over nx x values; y NAN where a series has no data. */
struct svg_chart {
    char *title;
    const char *xtitle; /* the x axis's title */
    const char *ytitle; /* the y axis's title (NULL: mean score with its interval) */
    const char *nunit;  /* what n counts, after the number (NULL: instances, unnamed) */
    int bars;           /* grouped bars (categories, or one x value) rather than lines */
    size_t nx, ns;
    const char **xlab, **slab;
    double *y, *lo, *hi; /* lo, hi NAN without an interval */
    uint64_t *n, *q;     /* instances and queries behind each point */
};

static void chart_init(struct svg_chart *c, size_t nx, size_t ns)
{
    memset(c, 0, sizeof(*c));
    c->nx = nx;
    c->ns = ns;
    c->xlab = xcalloc(nx + 1, sizeof(*c->xlab));
    c->slab = xcalloc(ns + 1, sizeof(*c->slab));
    c->y = xcalloc(st_mult(nx, ns) + 1, sizeof(*c->y));
    c->n = xcalloc(st_mult(nx, ns) + 1, sizeof(*c->n));
    c->q = xcalloc(st_mult(nx, ns) + 1, sizeof(*c->q));
    c->lo = xcalloc(st_mult(nx, ns) + 1, sizeof(*c->lo));
    c->hi = xcalloc(st_mult(nx, ns) + 1, sizeof(*c->hi));
}

static void chart_free(struct svg_chart *c)
{
    free(c->title);
    free(c->xlab);
    free(c->slab);
    free(c->y);
    free(c->n);
    free(c->q);
    free(c->lo);
    free(c->hi);
}

static void chart_set(struct svg_chart *c, size_t s, size_t x, const struct stats_acc *a,
                      const struct boot_ci *ci)
{
    size_t k = s * c->nx + x;
    c->n[k] = a->n;
    c->q[k] = ci->clusters;
    c->y[k] = stats_mean(a);
    c->lo[k] = ci->has_ci ? ci->lo : NAN;
    c->hi[k] = ci->has_ci ? ci->hi : NAN;
}

/* The hover text of a point or bar: "run, 4k: 0.523 [0.481, 0.560] (n=120, 12 queries)". */
static void point_title(FILE *f, const struct svg_chart *c, size_t s, size_t i)
{
    size_t k = s * c->nx + i;
    fputs("<title>", f);
    html_text(f, c->slab[s]);
    fputs(", ", f);
    html_text(f, c->xlab[i]);
    fprintf(f, ": %.3f", c->y[k]);
    if (!isnan(c->lo[k]))
        fprintf(f, " [%.3f, %.3f]", c->lo[k], c->hi[k]);
    fprintf(f, " (n=%llu%s%s, %llu quer%s)</title>", (unsigned long long)c->n[k],
            c->nunit ? " " : "", c->nunit ? c->nunit : "", (unsigned long long)c->q[k],
            c->q[k] == 1 ? "y" : "ies");
}

/* Chart geometry: plot area inside margins, the legend on the right. */
#define CW 550.0
#define CH 320.0
#define CL 56.0
#define CR 140.0
#define CT 36.0
#define CB 48.0

static double chart_x(const struct svg_chart *c, size_t i)
{
    double pw = CW - CL - CR;
    if (c->bars || c->nx < 2) /* the middle of the i-th group */
        return CL + pw * ((double)i + 0.5) / (double)(c->nx ? c->nx : 1);
    return CL + pw * (double)i / (double)(c->nx - 1);
}

static double chart_y(double v)
{
    return CT + (CH - CT - CB) * (1 - v);
}

static void chart_axes(FILE *f, const struct svg_chart *c)
{
    size_t i;
    int k;
    for (k = 0; k <= 4; k++)
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" class=\"yl\">%.2f</text>\n",
                CL, chart_y(k / 4.0), CW - CR, chart_y(k / 4.0), CL - 6, chart_y(k / 4.0) + 4,
                k / 4.0);
    for (i = 0; i < c->nx; i++) {
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">", chart_x(c, i), CH - CB + 18);
        html_text(f, c->xlab[i]);
        fputs("</text>\n", f);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">", CL + (CW - CL - CR) / 2, CH - 8);
    html_text(f, c->xtitle ? c->xtitle : "context length (tokens)");
    fputs("</text>\n", f);
    fprintf(f, "<text x=\"14\" y=\"%.1f\" class=\"xl\" transform=\"rotate(-90 14 %.1f)\">",
            chart_y(0.5), chart_y(0.5));
    html_text(f, c->ytitle ? c->ytitle
                           : "mean score (0\xe2\x80\x93"
                             "1), 95% interval");
    fputs("</text>\n", f);
    fprintf(f, "<text x=\"%.1f\" y=\"20\" class=\"title\">", CL);
    html_text(f, c->title);
    fputs("</text>\n", f);
}

/* The shaded 95% band of a series: one polygon per stretch of consecutive points that have
 * an interval (up along the upper bounds, back along the lower); a lone point gets a bar. */
static void chart_band(FILE *f, const struct svg_chart *c, size_t s)
{
    const char *colour = palette[s % NPALETTE];
    const double *lo = c->lo + s * c->nx, *hi = c->hi + s * c->nx;
    size_t i = 0, j, k;
    while (i < c->nx) {
        if (isnan(lo[i])) {
            i++;
            continue;
        }
        for (j = i; j + 1 < c->nx && !isnan(lo[j + 1]); j++)
            ;
        if (j == i)
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"6\" stroke-opacity=\"0.25\" class=\"band\"/>\n",
                    chart_x(c, i), chart_y(lo[i]), chart_x(c, i), chart_y(hi[i]), colour);
        else {
            fprintf(f,
                    "<path fill=\"%s\" fill-opacity=\"0.15\" stroke=\"none\" class=\"band\" d=\"",
                    colour);
            for (k = i; k <= j; k++)
                fprintf(f, "%s%.1f %.1f ", k == i ? "M" : "L", chart_x(c, k), chart_y(hi[k]));
            for (k = j + 1; k-- > i;)
                fprintf(f, "L%.1f %.1f ", chart_x(c, k), chart_y(lo[k]));
            fputs("Z\"/>\n", f);
        }
        i = j + 1;
    }
}

static void chart_series(FILE *f, const struct svg_chart *c, size_t s)
{
    const char *colour = palette[s % NPALETTE];
    size_t i;
    int pen = 0;
    fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s d=\"", colour,
            s >= NPALETTE ? " stroke-dasharray=\"6 3\"" : "");
    for (i = 0; i < c->nx; i++) {
        double v = c->y[s * c->nx + i];
        if (isnan(v)) { /* a gap: the line resumes at the next point with data */
            pen = 0;
            continue;
        }
        fprintf(f, "%s%.1f %.1f ", pen ? "L" : "M", chart_x(c, i), chart_y(v));
        pen = 1;
    }
    fputs("\"/>\n", f);
    for (i = 0; i < c->nx; i++) {
        double v = c->y[s * c->nx + i];
        if (isnan(v))
            continue;
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\">", chart_x(c, i),
                chart_y(v), colour);
        point_title(f, c, s, i);
        fputs("</circle>\n", f);
    }
}

static void chart_legend(FILE *f, const struct svg_chart *c)
{
    size_t s;
    fputs("<g class=\"legend\">\n", f);
    for (s = 0; s < c->ns; s++) {
        double y = CT + 8 + 18.0 * (double)s;
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                "stroke-width=\"3\"%s/><text x=\"%.1f\" y=\"%.1f\" class=\"lg\">",
                CW - CR + 14, y, CW - CR + 34, y, palette[s % NPALETTE],
                s >= NPALETTE ? " stroke-dasharray=\"6 3\"" : "", CW - CR + 40, y + 4);
        html_text(f, c->slab[s]);
        fputs("</text>\n", f);
    }
    fputs("</g>\n", f);
}

/* Bar s of group i, x the bar's left edge and bw its width, with its error bar. */
static void chart_bar(FILE *f, const struct svg_chart *c, size_t s, size_t i, double x, double bw)
{
    size_t k = s * c->nx + i;
    double v = c->y[k], m = x + bw / 2;
    if (isnan(v))
        return;
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
            "class=\"bar\">",
            x + 1, chart_y(v), bw - 2, chart_y(0) - chart_y(v), palette[s % NPALETTE]);
    point_title(f, c, s, i);
    fputs("</rect>\n", f);
    if (!isnan(c->lo[k]))
        fprintf(f,
                "<path stroke=\"#222\" stroke-width=\"1.5\" fill=\"none\" class=\"err\" "
                "d=\"M%.1f %.1f L%.1f %.1f M%.1f %.1f L%.1f %.1f M%.1f %.1f L%.1f %.1f\"/>\n",
                m, chart_y(c->lo[k]), m, chart_y(c->hi[k]), m - 4, chart_y(c->lo[k]), m + 4,
                chart_y(c->lo[k]), m - 4, chart_y(c->hi[k]), m + 4, chart_y(c->hi[k]));
}

/* Grouped bars with error bars: for categories, and for one x value, where a line would be
 * a single dot. */
static void chart_bars(FILE *f, const struct svg_chart *c)
{
    double gw = (CW - CL - CR) / (double)c->nx, bw = gw / (double)(c->ns + 1);
    size_t s, i;
    if (bw > 60)
        bw = 60;
    for (i = 0; i < c->nx; i++)
        for (s = 0; s < c->ns; s++)
            chart_bar(f, c, s, i, chart_x(c, i) + bw * ((double)s - (double)c->ns / 2), bw);
}

static void svg_line_chart(FILE *f, const struct svg_chart *c)
{
    size_t s;
    fprintf(f,
            "<svg class=\"chart\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            "role=\"img\" aria-label=\"",
            CW, CH, CW, CH);
    html_text(f, c->title);
    fputs("\">\n", f);
    chart_axes(f, c);
    if (c->nx == 1 || c->bars)
        chart_bars(f, c);
    else {
        for (s = 0; s < c->ns; s++)
            chart_band(f, c, s);
        for (s = 0; s < c->ns; s++)
            chart_series(f, c, s);
    }
    chart_legend(f, c);
    fputs("</svg>\n", f);
}

/* Score vs length of one run, a line per query type. */
void svg_chart_types(FILE *f, const struct report *R, const struct report_run *r)
{
    const struct dim_dict *dl = &R->d[D_LEN], *dt = &R->d[D_TYPE];
    uint32_t *xs = xcalloc(dl->n + 1, sizeof(*xs)), *ss = xcalloc(dt->n + 1, sizeof(*ss));
    size_t nx = report_used_rows(R, r, V_LEN_TYPE, xs), ns = report_used_cols(R, r, V_LEN_TYPE, ss),
           i, s;
    struct svg_chart c;
    struct buf b = BUF_INIT;
    chart_init(&c, nx, ns);
    buf_addf(&b, "Score vs context length by query type: %s", r->label);
    c.title = buf_detach(&b, NULL);
    for (i = 0; i < nx; i++)
        c.xlab[i] = dl->v[xs[i]].name;
    for (s = 0; s < ns; s++) {
        c.slab[s] = dt->v[ss[s]].name;
        for (i = 0; i < nx; i++)
            chart_set(&c, s, i, &r->agg[V_LEN_TYPE][xs[i] * dt->n + ss[s]],
                      &r->ci[V_LEN_TYPE][xs[i] * dt->n + ss[s]]);
    }
    if (nx)
        svg_line_chart(f, &c);
    chart_free(&c);
    free(xs);
    free(ss);
}

/* Whether any run has data for length id xl and type id t. */
static int any_len_type(const struct report *R, uint32_t xl, uint32_t t)
{
    size_t r;
    for (r = 0; r < R->nruns; r++)
        if (R->runs[r].agg[V_LEN_TYPE][xl * R->d[D_TYPE].n + t].n)
            return 1;
    return 0;
}

/* One of the small multiples: score vs length for query type t, a line per run. */
void svg_chart_type_runs(FILE *f, const struct report *R, uint32_t t)
{
    const struct dim_dict *dl = &R->d[D_LEN], *dt = &R->d[D_TYPE];
    uint32_t *xs = xcalloc(dl->n + 1, sizeof(*xs));
    size_t nx = 0, i, s;
    struct svg_chart c;
    struct buf b = BUF_INIT;
    for (i = 0; i < dl->n; i++)
        if (any_len_type(R, dl->order[i], t))
            xs[nx++] = dl->order[i];
    chart_init(&c, nx, R->nruns);
    buf_addf(&b, "Score vs context length: %s", dt->v[t].name);
    c.title = buf_detach(&b, NULL);
    for (i = 0; i < nx; i++)
        c.xlab[i] = dl->v[xs[i]].name;
    for (s = 0; s < R->nruns; s++) {
        c.slab[s] = R->runs[s].label;
        for (i = 0; i < nx; i++)
            chart_set(&c, s, i, &R->runs[s].agg[V_LEN_TYPE][xs[i] * dt->n + t],
                      &R->runs[s].ci[V_LEN_TYPE][xs[i] * dt->n + t]);
    }
    if (nx)
        svg_line_chart(f, &c);
    chart_free(&c);
    free(xs);
}

/* Score vs length, a line per run. */
void svg_chart_runs(FILE *f, const struct report *R)
{
    const struct dim_dict *dl = &R->d[D_LEN];
    uint32_t *xs = xcalloc(dl->n + 1, sizeof(*xs));
    size_t nx = 0, i, s;
    struct svg_chart c;
    for (i = 0; i < dl->n; i++)
        if (report_any_run_has(R, V_LEN, dl->order[i]))
            xs[nx++] = dl->order[i];
    chart_init(&c, nx, R->nruns);
    c.title = xstrdup(R->nruns > 1 ? "Score vs context length by run" : "Score vs context length");
    for (i = 0; i < nx; i++)
        c.xlab[i] = dl->v[xs[i]].name;
    for (s = 0; s < R->nruns; s++) {
        c.slab[s] = R->runs[s].label;
        for (i = 0; i < nx; i++)
            chart_set(&c, s, i, &R->runs[s].agg[V_LEN][xs[i]], &R->runs[s].ci[V_LEN][xs[i]]);
    }
    if (nx)
        svg_line_chart(f, &c);
    chart_free(&c);
    free(xs);
}

/* Score by one categorical dimension (a single-dimension view), grouped bars per run. */
void svg_chart_dim(FILE *f, const struct report *R, size_t view, const char *xtitle)
{
    const struct dim_dict *d = &R->d[report_views[view].a];
    uint32_t *xs = xcalloc(d->n + 1, sizeof(*xs));
    size_t nx = 0, i, s;
    struct svg_chart c;
    for (i = 0; i < d->n; i++)
        if (report_any_run_has(R, view, d->order[i]))
            xs[nx++] = d->order[i];
    chart_init(&c, nx, R->nruns);
    c.title = xstrdup(report_views[view].title);
    c.xtitle = xtitle;
    c.bars = 1;
    for (i = 0; i < nx; i++)
        c.xlab[i] = d->v[xs[i]].name;
    for (s = 0; s < R->nruns; s++) {
        c.slab[s] = R->runs[s].label;
        for (i = 0; i < nx; i++)
            chart_set(&c, s, i, &R->runs[s].agg[view][xs[i]], &R->runs[s].ci[view][xs[i]]);
    }
    if (nx)
        svg_line_chart(f, &c);
    chart_free(&c);
    free(xs);
}

/* Score by the depth of the gold rows' source lines (report_depth.c), a line per run whose
 * suite was read, each point's interval shaded. */
void svg_chart_depth(FILE *f, const struct report *R)
{
    static const char *const xl[NDEPTH] = {"0",  "10", "20", "30", "40",
                                           "50", "60", "70", "80", "90"};
    size_t s, i, ns = 0;
    struct svg_chart c;
    chart_init(&c, NDEPTH, R->nruns);
    c.title = xstrdup("Score by depth of each gold row's source line");
    c.xtitle = "depth of the gold row's source line in the context (%, bin start)";
    c.ytitle = "mean label (0\xe2\x80\x93"
               "1), 95% interval";
    c.nunit = "gold rows";
    for (i = 0; i < NDEPTH; i++)
        c.xlab[i] = xl[i];
    for (s = 0; s < R->nruns; s++) {
        const struct run_depth *d = &R->runs[s].depth;
        if (!d->read)
            continue;
        c.slab[ns] = R->runs[s].label;
        for (i = 0; i < NDEPTH; i++) {
            size_t k = ns * NDEPTH + i;
            c.n[k] = report_depth_n(d, i);
            c.q[k] = d->ci[i].clusters;
            c.y[k] = report_depth_score(d, i);
            c.lo[k] = d->ci[i].has_ci ? d->ci[i].lo : NAN;
            c.hi[k] = d->ci[i].has_ci ? d->ci[i].hi : NAN;
        }
        ns++;
    }
    c.ns = ns;
    if (ns)
        svg_line_chart(f, &c);
    chart_free(&c);
}

/* ---- heat maps ------------------------------------------------------------------------------- */

#define HW 96.0 /* heat map cell */
#define HH 34.0
#define HL 104.0
#define HT 64.0

static void heat_cell(FILE *f, double x, double y, const struct stats_acc *a,
                      const struct boot_ci *ci, const char *row, const char *colname)
{
    char fill[8] = "#eeeeee";
    double mean = stats_mean(a);
    if (a->n)
        score_colour(mean, 0, fill);
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
            "stroke=\"#fff\"><title>",
            x, y, HW, HH, fill);
    html_text(f, row);
    fputs(" / ", f);
    html_text(f, colname);
    if (a->n && ci->has_ci)
        fprintf(f, ": %.3f [%.3f, %.3f]", mean, ci->lo, ci->hi);
    else if (a->n)
        fprintf(f, ": %.3f", mean);
    if (a->n)
        fprintf(f, " (n=%llu, %llu quer%s)", (unsigned long long)a->n,
                (unsigned long long)ci->clusters, ci->clusters == 1 ? "y" : "ies");
    fputs("</title></rect>", f);
    /* white on the dark ends of the scale, black on the light middle */
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"hv\" fill=\"%s\">", x + HW / 2, y + HH / 2 + 5,
            a->n && (mean < 0.2 || mean > 0.8) ? "#fff" : "#000");
    if (a->n)
        fprintf(f, "%.2f", mean);
    else
        fputs("-", f);
    fputs("</text>\n", f);
}

#define SCALE_W 90.0 /* the colour scale beside a heat map */
#define SCALE_H 120.0

/* The colour scale: ten steps from 1 (top) to 0, labelled, as discrete rectangles (a gradient
 * would need url(), which a self-contained page avoids). */
static void heat_scale(FILE *f, double x, double y)
{
    int k;
    for (k = 0; k < 10; k++) {
        char fill[8];
        score_colour(1 - (k + 0.5) / 10, 0, fill);
        fprintf(f,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"%.1f\" fill=\"%s\" "
                "class=\"scale\"/>\n",
                x, y + SCALE_H * k / 10, SCALE_H / 10 + 0.5, fill);
    }
    for (k = 0; k <= 2; k++)
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"lg\">%.1f</text>\n", x + 18,
                y + SCALE_H * k / 2 + 4, 1 - k / 2.0);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"lg\">mean score</text>\n", x - 10, y - 8);
}

/* The heat maps: context length (rows) against another dimension (columns). */
static const struct heat {
    size_t view;
    const char *title, *xtitle;
} heats[] = {
    {V_LEN_POS, "Length \xc3\x97 position", "position of the relevant rows"},
    {V_LEN_TYPE, "Length \xc3\x97 query type", "query type"},
};

/* The title, the axis titles and the column labels. */
static void heat_head(FILE *f, const struct report *R, const struct report_run *r,
                      const struct heat *hm, const uint32_t *cols, size_t nc, double w, double h)
{
    const struct dim_dict *dp = &R->d[report_views[hm->view].b];
    size_t k;
    fprintf(f,
            "<svg class=\"heat\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
            "role=\"img\" aria-label=\"%s\">\n<text x=\"4\" y=\"20\" class=\"title\">%s: ",
            w, h, w, h, hm->title, hm->title);
    html_text(f, r->label);
    fputs("</text>\n", f);
    for (k = 0; k < nc; k++) {
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">", HL + HW * ((double)k + 0.5),
                HT - 10);
        html_text(f, dp->v[cols[k]].name);
        fputs("</text>\n", f);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"xl\">%s</text>\n", HL + HW * (double)nc / 2,
            HT - 28, hm->xtitle);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"yl\">length (tokens)</text>\n", HL - 8,
            HT - 10);
}

/* The rows (or columns) of a view that hold data for any run, in display order: side by
 * side, every run's heat map has the same rows and columns, so that cells line up. */
static size_t used_by_any(const struct report *R, size_t view, int is_col, uint32_t *out)
{
    const struct dim_dict *d = &R->d[is_col ? report_views[view].b : report_views[view].a];
    uint8_t *has = xcalloc(d->n + 1, 1);
    uint32_t *one = xcalloc(d->n + 1, sizeof(*one));
    size_t i, k, n = 0;
    for (i = 0; i < R->nruns; i++) {
        size_t m = is_col ? report_used_cols(R, &R->runs[i], view, one)
                          : report_used_rows(R, &R->runs[i], view, one);
        for (k = 0; k < m; k++)
            has[one[k]] = 1;
    }
    for (i = 0; i < d->n; i++)
        if (has[d->order[i]])
            out[n++] = d->order[i];
    free(has);
    free(one);
    return n;
}

/* Heat map `which` of one run, each cell coloured by its mean score; the rows and columns
 * any run has (a run without data in a cell shows "-"). */
void svg_heat_map(FILE *f, const struct report *R, const struct report_run *r, size_t which)
{
    const struct heat *hm = &heats[which];
    const struct dim_dict *dl = &R->d[D_LEN], *dp = &R->d[report_views[hm->view].b];
    uint32_t *rows = xcalloc(dl->n + 1, sizeof(*rows)), *cols = xcalloc(dp->n + 1, sizeof(*cols));
    size_t nr = used_by_any(R, hm->view, 0, rows), nc = used_by_any(R, hm->view, 1, cols), i, k;
    double w = HL + HW * (double)nc + 10 + SCALE_W, h = HT + HH * (double)nr + 10;
    double title_w = 8 * (double)utf8_count(r->label, strlen(r->label)) + 150;
    if (h < HT + SCALE_H + 30) /* room for the colour scale */
        h = HT + SCALE_H + 30;
    if (w < title_w) /* the title is one line of SVG text: room for it */
        w = title_w;
    if (nr && nc) {
        heat_head(f, R, r, hm, cols, nc, w, h);
        for (i = 0; i < nr; i++) {
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"yl\">", HL - 8,
                    HT + HH * ((double)i + 0.5) + 5);
            html_text(f, dl->v[rows[i]].name);
            fputs("</text>\n", f);
            for (k = 0; k < nc; k++)
                heat_cell(f, HL + HW * (double)k, HT + HH * (double)i,
                          &r->agg[hm->view][rows[i] * dp->n + cols[k]],
                          &r->ci[hm->view][rows[i] * dp->n + cols[k]], dl->v[rows[i]].name,
                          dp->v[cols[k]].name);
        }
        heat_scale(f, HL + HW * (double)nc + 24, HT);
        fputs("</svg>\n", f);
    }
    free(rows);
    free(cols);
}
