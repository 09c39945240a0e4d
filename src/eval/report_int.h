/* report_int: internal to the report's files (report.c, report_text.c, report_html.c,
 * svg.c); nothing outside src/eval/report*.c and svg.c includes it.
 *
 * report.c reads each run into a `struct report_run` and aggregates it per view; the writers
 * only read the finished `struct report`.  Tables are built as data (`struct rtable`, by
 * report.c) and rendered by one function per format; report_emit() renders and frees one.
 *
 * Ownership: struct report owns its runs, dictionaries and typesets, and each run owns its
 * records, its answered ids, its lowest-scoring instances (`struct worst`, every string and the
 * gold tree) and its agreements; report_free() in report.c releases them all.  Writers borrow. */
#ifndef HB_REPORT_INT_H
#define HB_REPORT_INT_H

#include "buf.h"
#include "report.h"
#include "stats.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WORST 20        /* lowest-scoring instances listed per run */
#define MAX_DISAGREE 20 /* disagreeing instances listed per pair of scorers */
#define MAX_LABELS 256  /* gold-row labels read per instance: scorers cap gold at 50 rows */

/* ---- Dimensions and their values ---- */

enum dim { D_TYPE, D_DIFF, D_LEN, D_SET, D_POS, NDIM, D_NONE = NDIM };
extern const char *const report_dim_names[NDIM];

/* One value of a dimension ("hard", "4k", "d0.5"), sorted by rank, then num, then name. */
struct dim_value {
    char *name;
    int rank;
    double num;
};

/* The values of one dimension, interned: a record holds an index into v. */
struct dim_dict {
    struct dim_value *v;
    size_t n, alloc;
    uint32_t *order; /* ids in display order, once all runs are read */
};

/* The distinct `types` arrays of the runs, each parsed once into type ids. */
struct typeset {
    char *json;
    uint32_t *ids;
    size_t n;
};

/* ---- Runs ---- */

enum flag { F_OK, F_NOREPLY, F_TRUNC, F_REFUSED, F_OTHER, NFLAG };
extern const char *const report_flag_names[NFLAG];

enum { L_EXACT, L_PARTIAL, L_NONE, NLABEL };
extern const char *const report_label_names[NLABEL];

/* One scored instance: its value id in each dimension (D_TYPE: a typeset id). */
struct report_rec {
    uint32_t v[NDIM];
    double score;
};

/* A lowest-scoring instance; question and gold only in HTML, from the suite. */
struct worst {
    char *id, *reply, *labels, *question;
    double score;
    int flag;
    cJSON *gold;
};

/* The chosen scorer against one other, per gold row. */
struct agree {
    char *other;         /* the other scorer */
    uint64_t conf[3][3]; /* [chosen scorer's label][other's label], per gold row */
    uint64_t compared, differ;
    size_t nids;
    char *ids[MAX_DISAGREE];
    double score_a[MAX_DISAGREE], score_b[MAX_DISAGREE];
};

/* Tables: each dimension alone, then the paper's cross tables. */
struct report_view {
    enum dim a, b;
    const char *name, *title;
};
#define NVIEW 8
#define NSINGLE 5
enum { V_LEN = 2, V_LEN_TYPE = 5, V_LEN_POS = 6 };
extern const struct report_view report_views[NVIEW];

struct report_run {
    const char *path;
    char *label, *model, *suite_path, *suite_hash;
    char *prompt; /* the run's prompt as recorded ("built-in:answer", a path), or NULL */
    sqlite3 *db;  /* open only while the run is read */
    struct report_rec *rec;
    size_t n, alloc;
    uint64_t instances, pending; /* pending: never sent; neither scored nor averaged */
    char **answered;             /* ids of the instances not pending, for the coverage check */
    size_t nanswered, aanswered;
    uint64_t lacks; /* instances answered by another run side by side, not by this one */
    struct stats_acc all, flag[NFLAG];
    struct worst w[WORST];
    size_t nworst;
    struct agree *ag;
    size_t nag;
    struct stats_acc *agg[NVIEW]; /* per view: values of a × values of b (1 when b is none) */
};

struct report {
    const struct report_opts *o;
    const char *scorer;
    struct report_run *runs;
    size_t nruns;
    struct dim_dict d[NDIM];
    struct typeset *ts;
    size_t nts, ats, last_ts;
    struct buf tmp;
    uint64_t differ;   /* instances answered by some runs side by side and not by others */
    int suites_differ; /* two runs recorded different suite hashes */
};

/* ---- Queries on the aggregates (report.c) ---- */

/* 1 for D_NONE, else the number of values of d. */
size_t report_dim_size(const struct report *R, enum dim d);
/* The value ids of a cross view's columns (b) or rows (a) that hold data for run r, in
 * display order; out has room for every value of the dimension. */
size_t report_used_cols(const struct report *R, const struct report_run *r, size_t view,
                        uint32_t *out);
size_t report_used_rows(const struct report *R, const struct report_run *r, size_t view,
                        uint32_t *out);
/* Whether any run has data for value ia of a single-dimension view. */
int report_any_run_has(const struct report *R, size_t view, size_t ia);
int report_any_agreement(const struct report *R);
/* Gold-row labels as the scorers store them (a JSON array of label names) into out; the
 * count, or -1 when the text is no such array. */
int report_parse_labels(const char *json, uint8_t *out, size_t max);
/* "3 exact, 1 partial, 0 none", or "-" without labels. */
void report_labels_summary(struct buf *b, const char *labels);

/* ---- Tables as data (report.c) ---- */

/* A table as cells, rendered alike in text, Markdown and HTML. */
struct rtable {
    char *title;
    size_t ncols, n, alloc; /* n cells, row-major, the header row first */
    char **cell;
    double *shade; /* per cell: a score to colour it by in HTML, NAN for none */
    uint32_t left; /* bit c: column c holds text, aligned left (numbers go right) */
};
int rtable_is_left(const struct rtable *t, size_t c);

/* Where and how the tables go. */
struct report_out {
    FILE *f;
    enum report_format fmt;
    const struct report *R;
};

/* The explanation of a cell, with line breaks for the text format. */
extern const char report_legend[];

/* Each renders its tables in w->fmt and frees them. */
void report_emit_runs(const struct report_out *w);
void report_emit_dims(const struct report_out *w);
void report_emit_cross(const struct report_out *w);
void report_emit_agreement(const struct report_out *w);
void report_emit_worst(const struct report_out *w);

/* ---- Coverage (report_cover.c) ---- */

/* Compares the runs' answered instances and suite hashes: fills R->differ, each run's lacks,
 * R->suites_differ, and warns on stderr when the runs side by side differ. */
void report_coverage(struct report *R);
/* Each run's answered / total, the rule for pending and failed instances, and the warning
 * block when the runs differ; in w->fmt (text, Markdown or HTML). */
void report_emit_coverage(const struct report_out *w);
/* The same as CSV rows: RUN,coverage,instances,M and RUN,coverage,answered,N. */
void report_csv_coverage(FILE *f, const struct report *R, struct buf *row);

/* ---- Writers (report_text.c, report_html.c, svg.c) ---- */

void rtable_text(FILE *f, const struct rtable *t);
void rtable_md(FILE *f, const struct rtable *t);
void rtable_html(FILE *f, const struct rtable *t);
/* Writes s with the bytes that have an entry in `map` replaced by it. */
void report_put_escaped(FILE *f, const char *s, const char *const map[256]);

void report_write_plain(const struct report_out *w); /* text and Markdown */
void report_write_csv(FILE *f, const struct report *R);
void report_write_html(const struct report_out *w);
/* Reads the question and gold of every listed instance from the runs' suites. */
void report_load_questions(struct report *R);

/* Markdown text with | \\ < > & escaped. */
void md_text(FILE *f, const char *s);
/* HTML (and SVG) text with & < > " ' escaped. */
void html_text(FILE *f, const char *s);
/* A score's colour, red (0) through yellow to green (1), as "#rrggbb"; `light` mixes it half
 * with white, for a table cell's background behind black text. */
void score_colour(double s, int light, char out[8]);

void svg_chart_runs(FILE *f, const struct report *R);
void svg_chart_types(FILE *f, const struct report *R, const struct report_run *r);
void svg_heat_map(FILE *f, const struct report *R, const struct report_run *r);

#endif
