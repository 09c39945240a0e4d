/* report_html: the report as one self-contained HTML page: the tables, the charts (svg.c), and
 * the lowest-scoring instances with their question and gold answer read from the suite. */
#include "buf.h"
#include "err.h"
#include "report_int.h"
#include "suite.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "banned.h"

/* Bytes of a reply shown in the HTML: a runaway reply of megabytes would bury the page. */
#define REPLY_CAP 20000
#define GOLD_ROWS_SHOWN 100

/* ---- escaping, colours, tables --------------------------------------------------------------- */

static const char *const html_map[256] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;"};

void html_text(FILE *f, const char *s)
{
    report_put_escaped(f, s, html_map);
}

void score_colour(double s, int light, char out[8])
{
    static const double stops[3][3] = {{215, 48, 39}, {254, 224, 139}, {26, 152, 80}};
    double x = s < 0 ? 0 : s > 1 ? 1 : s, rgb[3];
    int seg = x < 0.5 ? 0 : 1, k;
    double u = (x - 0.5 * seg) * 2;
    for (k = 0; k < 3; k++) {
        rgb[k] = stops[seg][k] + (stops[seg + 1][k] - stops[seg][k]) * u;
        if (light)
            rgb[k] = (rgb[k] + 255) / 2;
    }
    snprintf(out, 8, "#%02x%02x%02x", (unsigned)(rgb[0] + 0.5) & 255,
             (unsigned)(rgb[1] + 0.5) & 255, (unsigned)(rgb[2] + 0.5) & 255);
}

void rtable_html(FILE *f, const struct rtable *t)
{
    size_t i;
    fputs("<h3>", f);
    html_text(f, t->title);
    fputs("</h3>\n<table>\n<thead><tr>", f);
    for (i = 0; i < t->n; i++) {
        const char *tag = i < t->ncols ? "th" : "td";
        if (i % t->ncols == 0 && i)
            fputs(i == t->ncols ? "</tr></thead>\n<tbody><tr>" : "</tr>\n<tr>", f);
        fprintf(f, "<%s%s", tag, rtable_is_left(t, i % t->ncols) ? "" : " class=\"num\"");
        if (!isnan(t->shade[i])) {
            char c[8];
            score_colour(t->shade[i], 1, c);
            fprintf(f, " style=\"background:%s\"", c);
        }
        fputc('>', f);
        html_text(f, t->cell[i]);
        fprintf(f, "</%s>", tag);
    }
    fputs(t->n > t->ncols ? "</tr></tbody>\n</table>\n" : "</tr></thead>\n</table>\n", f);
}

/* ---- HTML: the suite's questions and gold -------------------------------------------------- */

/* What one pass over a suite fills: the listed instances' questions and gold, and the depth
 * of the labelled instances' gold rows. */
struct suite_scan {
    struct worst **want;
    size_t n;
    struct depth_index *depth;
};

static void fill_from_line(struct suite_scan *sc, const char *id, size_t idlen, const char *line,
                           size_t len)
{
    struct instance_text big;
    struct buf own = BUF_INIT;
    cJSON *head = NULL;
    size_t k, first = report_depth_find(sc->depth, id, idlen);
    for (k = 0; k < sc->n; k++) {
        struct worst *w = sc->want[k];
        if (w->gold || strlen(w->id) != idlen || memcmp(w->id, id, idlen))
            continue;
        if (!head && !(head = instance_parse(line, len, &big, &own)))
            break;
        report_worst_from_suite(w, head, big.rows, big.rows_len);
    }
    if (first < report_depth_count(sc->depth) &&
        (head || (head = instance_parse(line, len, &big, &own))))
        report_depth_take(sc->depth, first, head, &big);
    cJSON_Delete(head);
    buf_release(&own);
}

/* The id of an instance line: holobench writes `{"id":"...` first, which is read without
 * parsing the line (suites of long contexts are gigabytes); other layouts are parsed. */
static void scan_line(struct suite_scan *sc, const char *line, size_t len)
{
    const char *id = line + 7, *end;
    if (len > 7 && !memcmp(line, "{\"id\":\"", 7) && (end = memchr(id, '"', len - 7)) &&
        !memchr(id, '\\', (size_t)(end - id))) {
        fill_from_line(sc, id, (size_t)(end - id), line, len);
    } else {
        struct buf jid = BUF_INIT;
        if (instance_line_id(line, len, &jid) == 0)
            fill_from_line(sc, jid.s, jid.len, line, len);
        buf_release(&jid);
    }
}

static int scan_suite(const char *path, struct suite_scan *sc)
{
    FILE *f = fopen(path, "rb");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    if (!f) {
        warning("cannot read the suite '%s' (%s): the report shows no questions, gold answers "
                "or depth analysis",
                path, strerror(errno));
        return -1;
    }
    while ((len = getline(&line, &cap, f)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len)
            scan_line(sc, line, (size_t)len);
    }
    free(line);
    fclose(f);
    return 0;
}

/* One pass over each distinct suite for the listed instances of all runs that used it, and
 * for the depth of their labelled instances' gold rows. */
void report_load_questions(struct report *R)
{
    struct worst **want = xcalloc(R->nruns * WORST + 1, sizeof(*want));
    char *done = xcalloc(R->nruns + 1, 1);
    size_t i, j, k;
    for (i = 0; i < R->nruns; i++) {
        const char *path = R->o->suite ? R->o->suite : R->runs[i].suite_path;
        struct suite_scan sc = {want, 0, NULL};
        if (done[i] || !path)
            continue;
        for (j = i; j < R->nruns; j++) {
            const char *pj = R->o->suite ? R->o->suite : R->runs[j].suite_path;
            if (done[j] || !pj || strcmp(pj, path))
                continue;
            done[j] = 1;
            for (k = 0; k < R->runs[j].nworst; k++)
                want[sc.n++] = &R->runs[j].w[k];
        }
        sc.depth = report_depth_index(R, path);
        if ((sc.n || report_depth_count(sc.depth)) && scan_suite(path, &sc) == 0)
            for (j = i; j < R->nruns; j++) {
                const char *pj = R->o->suite ? R->o->suite : R->runs[j].suite_path;
                if (pj && !strcmp(pj, path))
                    R->runs[j].depth.read = 1;
            }
        report_depth_index_free(sc.depth);
    }
    report_depth_finish(R);
    report_mode_finish(R);
    free(want);
    free(done);
}

/* ---- HTML: the page -------------------------------------------------------------------------- */

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;"
    "margin:24px auto;max-width:1180px;padding:0 16px}\n"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px "
    "solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}\n"
    "table{border-collapse:collapse;margin:4px 0 12px}th,td{border:1px solid #d0d0d0;"
    "padding:3px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}\n"
    "td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    ".note{color:#555}.warn{background:#fff4e5;border:1px solid #f0b060;padding:6px 10px}"
    "nav a{margin-right:14px}.row{display:flex;flex-wrap:wrap;gap:0 24px;"
    "align-items:flex-start}\n"
    "svg{display:block;margin:8px 0 16px;background:#fff}svg text{font:12px system-ui,"
    "sans-serif}svg .title{font-weight:bold;font-size:13px}svg .xl{text-anchor:middle}\n"
    "svg .yl{text-anchor:end}svg .hv{text-anchor:middle;font-weight:bold}svg .grid{stroke:"
    "#e3e3e3}\n"
    "pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;border:1px solid #ddd;"
    "padding:8px;max-height:420px;overflow:auto}\n"
    "article{border-top:1px solid #eee;padding-top:6px}.q{max-width:420px}\n"
    ".lab-exact{background:#d9f0d3}.lab-partial{background:#fff2b3}.lab-none{background:"
    "#f9d0cc}\n"
    /* printed (to a PDF for a paper): no navigation, full width, nothing cut across pages */
    "@page{margin:14mm}\n"
    "@media print{body{margin:0;max-width:none;font-size:10pt}nav{display:none}"
    "svg,table,article,.warn{break-inside:avoid}h2,h3{break-after:avoid}"
    "pre{max-height:none;overflow:visible}a{color:inherit;text-decoration:none}}\n";

static void html_head(FILE *f, const struct report *R)
{
    size_t i;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          /* an empty inline icon, so that no browser asks the file system for favicon.ico */
          "<link rel=\"icon\" href=\"data:,\">\n<title>holobench report: ",
          f);
    for (i = 0; i < R->nruns; i++) {
        if (i)
            fputs(", ", f);
        html_text(f, R->runs[i].label);
    }
    fprintf(f,
            "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>holobench report</h1>\n"
            "<p class=\"note\">Scorer <b>",
            css);
    html_text(f, R->scorer);
    fputs("</b>. ", f);
    html_text(f, report_legend);
    fputs("</p>\n<nav><a href=\"#runs\">runs</a><a href=\"#charts\">charts</a>"
          "<a href=\"#tables\">tables</a>",
          f);
    if (R->npairs)
        fputs("<a href=\"#paired\">paired comparisons</a>", f);
    if (report_any_depth(R))
        fputs("<a href=\"#depth\">depth</a>", f);
    if (report_any_agreement(R))
        fputs("<a href=\"#agreement\">scorer agreement</a>", f);
    fputs("<a href=\"#worst\">lowest scores</a></nav>\n", f);
}

static void html_charts(const struct report_out *w)
{
    size_t r, k;
    fputs("<section id=\"charts\">\n<h2>Charts</h2>\n<div class=\"row\">\n", w->f);
    svg_chart_runs(w->f, w->R);
    if (w->R->nruns > 1) /* small multiples: one chart per query type, a line per run */
        for (k = 0; k < w->R->d[D_TYPE].n; k++)
            svg_chart_type_runs(w->f, w->R, w->R->d[D_TYPE].order[k]);
    else
        svg_chart_types(w->f, w->R, &w->R->runs[0]);
    svg_chart_dim(w->f, w->R, 3, "information amount (a, tokens) or density (d)");
    svg_chart_dim(w->f, w->R, 4, "position of the relevant rows");
    fputs("</div>\n", w->f);
    /* each kind of heat map in a row of its own, one map per run side by side, all with the
     * same rows and columns and each with its colour scale */
    for (k = 0; k < NHEAT; k++) {
        fprintf(w->f, "<div class=\"row heats\" id=\"heat-%zu\">\n", k);
        for (r = 0; r < w->R->nruns; r++)
            svg_heat_map(w->f, w->R, &w->R->runs[r], k);
        fputs("</div>\n", w->f);
    }
    fputs("</section>\n", w->f);
}

/* The first `max` bytes of s escaped, cut back to a whole UTF-8 character. */
static void html_text_capped(FILE *f, const char *s, size_t max)
{
    size_t len = strlen(s), cut = len;
    char *part;
    if (len > max) {
        cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
    }
    part = xstrndup(s, cut);
    html_text(f, part);
    free(part);
    if (cut < len)
        fprintf(f, " \xe2\x80\xa6 (%zu more bytes)", len - cut);
}

static void html_worst_row(FILE *f, size_t run, size_t i, const struct worst *w)
{
    char c[8];
    score_colour(w->score, 1, c);
    fprintf(f, "<tr><td class=\"num\">%zu</td><td><a href=\"#r%zu-w%zu\">", i + 1, run, i);
    html_text(f, w->id);
    fprintf(f,
            "</a></td><td class=\"num\" style=\"background:%s\">%.3f</td><td>%s</td>"
            "<td class=\"q\">",
            c, w->score, w->flag == F_OK ? "" : report_flag_names[w->flag]);
    html_text(f, w->question ? w->question : "");
    fputs("</td><td class=\"q\">", f);
    html_text_capped(f, w->reply ? w->reply : "", 160);
    fputs("</td></tr>\n", f);
}

static void html_worst(FILE *f, const struct report *R)
{
    size_t r, i;
    fputs("<section id=\"worst\">\n<h2>Lowest-scoring instances</h2>\n<p class=\"note\">The "
          "20 lowest scores of each run among instances with a reply (those without one are "
          "counted under no-reply).  Each links to its question, gold answer and reply.</p>\n",
          f);
    for (r = 0; r < R->nruns; r++) {
        const struct report_run *run = &R->runs[r];
        fputs("<h3>", f);
        html_text(f, run->label);
        fputs("</h3>\n<table>\n<thead><tr><th class=\"num\">#</th><th>instance</th>"
              "<th class=\"num\">score</th><th>flag</th><th>question</th><th>reply</th>"
              "</tr></thead>\n<tbody>\n",
              f);
        for (i = 0; i < run->nworst; i++)
            html_worst_row(f, r, i, &run->w[i]);
        fputs("</tbody>\n</table>\n", f);
    }
    fputs("</section>\n", f);
}

static void html_json_value(FILE *f, const cJSON *v)
{
    char *s;
    if (cJSON_IsString(v)) {
        html_text(f, v->valuestring);
        return;
    }
    if (cJSON_IsNull(v)) {
        fputs("<i>NULL</i>", f);
        return;
    }
    s = cJSON_PrintUnformatted(v);
    html_text(f, s ? s : "");
    cJSON_free(s);
}

static void gold_row(FILE *f, const cJSON *row, int label, const cJSON *why)
{
    const cJSON *v;
    fputs("<tr>", f);
    cJSON_ArrayForEach(v, row)
    {
        fputs("<td>", f);
        html_json_value(f, v);
        fputs("</td>", f);
    }
    if (label >= 0)
        fprintf(f, "<td class=\"lab-%s\">%s</td>", report_label_names[label],
                report_label_names[label]);
    else
        fputs("<td>-</td>", f);
    fputs("<td class=\"q\">", f);
    html_text(f, cJSON_IsString(why) ? why->valuestring : "");
    fputs("</td></tr>\n", f);
}

/* The gold table with each row's label beside it (the scorers label the first 50 rows). */
static void html_gold(FILE *f, const struct worst *w)
{
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(w->gold, "columns"), *c, *row;
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(w->gold, "rows");
    uint8_t lab[MAX_LABELS];
    int nl = report_parse_labels(w->labels, lab, MAX_LABELS), i = 0;
    cJSON *why = w->why ? cJSON_Parse(w->why) : NULL;
    if (!cJSON_GetArraySize(rows)) {
        cJSON_Delete(why);
        fputs("<p>Gold: the empty answer (no rows).</p>\n", f);
        return;
    }
    fputs("<table>\n<thead><tr>", f);
    cJSON_ArrayForEach(c, cols)
    {
        fputs("<th>", f);
        html_json_value(f, c);
        fputs("</th>", f);
    }
    fputs("<th>label</th><th>why</th></tr></thead>\n<tbody>\n", f);
    cJSON_ArrayForEach(row, rows)
    {
        if (i >= GOLD_ROWS_SHOWN) {
            fprintf(f, "<tr><td colspan=\"%d\">\xe2\x80\xa6 %d more rows</td></tr>\n",
                    cJSON_GetArraySize(cols) + 2, cJSON_GetArraySize(rows) - i);
            break;
        }
        gold_row(f, row, i < nl ? lab[i] : -1, cJSON_GetArrayItem(why, i));
        i++;
    }
    fputs("</tbody>\n</table>\n", f);
    cJSON_Delete(why);
}

static void html_detail(FILE *f, size_t run, size_t i, const struct report_run *r,
                        const struct worst *w)
{
    struct buf b = BUF_INIT;
    report_labels_summary(&b, w->labels);
    fprintf(f, "<article id=\"r%zu-w%zu\">\n<h3>", run, i);
    html_text(f, w->id);
    fprintf(f, "</h3>\n<p>Run <b>");
    html_text(f, r->label);
    fprintf(f, "</b>; score %.3f%s%s; gold rows: ", w->score, w->flag == F_OK ? "" : "; flag ",
            w->flag == F_OK ? "" : report_flag_names[w->flag]);
    html_text(f, b.s);
    fputs(".</p>\n<p><b>Question:</b> ", f);
    html_text(f, w->question ? w->question : "(not available: the run's suite was not read)");
    fputs("</p>\n<p><b>Query:</b> ", f);
    html_text(f, w->qid ? w->qid : "-");
    if (w->sql) {
        fputs("</p>\n<p><b>SQL:</b> <code>", f);
        html_text(f, w->sql);
        fputs("</code>", f);
    }
    buf_reset(&b);
    report_positions(&b, w, 40);
    fputs("</p>\n<p><b>Relevant lines:</b> ", f);
    html_text(f, b.s);
    fputs("</p>\n", f);
    if (w->gold)
        html_gold(f, w);
    fputs("<p><b>Reply:</b></p>\n<pre>", f);
    html_text_capped(f, w->reply ? w->reply : "", REPLY_CAP);
    fputs("</pre>\n<p><a href=\"#worst\">back to the list</a></p>\n</article>\n", f);
    buf_release(&b);
}

static void html_details(FILE *f, const struct report *R)
{
    size_t r, i;
    fputs("<section id=\"details\">\n<h2>Details of the lowest-scoring instances</h2>\n", f);
    for (r = 0; r < R->nruns; r++)
        for (i = 0; i < R->runs[r].nworst; i++)
            html_detail(f, r, i, &R->runs[r], &R->runs[r].w[i]);
    fputs("</section>\n", f);
}

void report_write_html(const struct report_out *w)
{
    FILE *f = w->f;
    html_head(f, w->R);
    fputs("<section id=\"runs\">\n<h2>Summary</h2>\n", f);
    report_emit_coverage(w);
    report_emit_runs(w);
    fputs("</section>\n<section id=\"cost\">\n<h2>Cost, tokens and time</h2>\n<p class=\"note\">",
          f);
    html_text(f, report_cost_legend);
    fputs("</p>\n", f);
    report_emit_cost(w);
    fputs("</section>\n", f);
    html_charts(w);
    fputs("<section id=\"tables\">\n<h2>Tables</h2>\n", f);
    report_emit_dims(w);
    report_emit_cross(w);
    fputs("</section>\n", f);
    if (report_any_depth(w->R)) {
        fputs("<section id=\"depth\">\n<h2>Depth of the gold rows</h2>\n<p class=\"note\">", f);
        html_text(f, report_depth_legend);
        fputs("</p>\n", f);
        svg_chart_depth(f, w->R);
        report_emit_depth(w);
        fputs("</section>\n", f);
    }
    if (report_any_mode(w->R)) {
        fputs("<section id=\"modes\"><h2>Distractor mode and lexical overlap</h2>\n<p "
              "class=\"note\">",
              f);
        html_text(f, report_mode_legend);
        fputs("</p>\n", f);
        report_emit_mode(w);
        fputs("</section>\n", f);
    }
    if (w->R->npairs) {
        fputs("<section id=\"paired\">\n<h2>Paired comparisons</h2>\n<p class=\"note\">", f);
        html_text(f, report_pair_legend);
        fputs("</p>\n", f);
        report_emit_pairs(w);
        fputs("</section>\n", f);
    }
    if (report_any_agreement(w->R)) {
        fputs("<section id=\"agreement\">\n<h2>Scorer agreement</h2>\n", f);
        report_emit_agreement(w);
        fputs("</section>\n", f);
    }
    html_worst(f, w->R);
    html_details(f, w->R);
    fputs("</body>\n</html>\n", f);
}
