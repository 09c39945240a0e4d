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
#include "err.h"
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

/* One scored instance: its value id in each dimension (D_TYPE: a typeset id), its cluster
 * (query id, interned per run), its index in the run's `answered` ids, and its flag. */
struct report_rec {
    uint32_t v[NDIM];
    uint32_t cl, ans;
    uint32_t lab; /* the gold-row labels: run->labs[lab .. lab + nlab) (not read for CSV) */
    uint16_t nlab;
    uint8_t flag;
    double score;
};

/* The depth analysis of a run (report_depth.c): labels per depth bin of the gold rows' source
 * lines, their boot parts (cell = bin, one per gold row until report_depth_finish merges
 * them) and intervals. */
#define NDEPTH 10
struct run_depth {
    int read; /* the run's suite was read */
    uint64_t lab[NDEPTH][NLABEL];
    uint64_t rows, unplaced; /* labelled gold rows of instances found in the suite */
    struct boot_part *parts;
    size_t nparts, aparts;
    struct boot_ci ci[NDEPTH];
};

/* Scores by distractor mode and lexical overlap (report_mode.c): cells 0..NMODE-1 the modes
 * (tables, near-miss, mixed), then NOVER bins of the answer overlap. */
#define NMODE 3
#define NOVER 5
struct run_mode {
    int any_mode, any_overlap; /* an instance had `distractors` / `overlap` */
    uint64_t n[NMODE + NOVER];
    double sum[NMODE + NOVER];
    struct boot_part *parts;
    size_t nparts, aparts;
    struct boot_ci ci[NMODE + NOVER];
};

/* A lowest-scoring instance (report_drill.c); question, SQL, gold and the relevant lines'
 * positions come from the suite (not for CSV); why is the scorer's JSON array of reasons. */
struct worst {
    char *id, *qid, *reply, *labels, *why, *question, *sql;
    double score;
    int flag;
    cJSON *gold;
    uint32_t *pos;       /* 1-based numbers of the context lines of the query's tables */
    size_t npos, nlines; /* nlines: the context's lines (0: provenance not read) */
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

/* What a run cost (report_cost.c): sums over answered instances of the counts the server
 * gave (tok_n: how many had one), latencies of replies not from the cache (sorted), retries,
 * statuses, wall time; the endpoint as recorded (no secrets), holobench's version. */
enum { NTOK = 4, NSTATUS = 5 };
extern const char *const report_status_names[NSTATUS];
struct run_cost {
    uint64_t tok[NTOK], tok_n[NTOK]; /* input, output, reasoning, cached */
    double *lat;
    size_t nlat, alat;
    uint64_t retried, retries, from_cache, estimated;
    uint64_t status[NSTATUS];   /* done, failed, bad_request, too_long, other */
    double wall_s;              /* first to last updated_at; NAN without timestamps */
    double price_in, price_out; /* dollars per million tokens; < 0 unknown */
    /* prompt tokens written to the provider's cache (inside tok[0], as the cached tok[3]
     * are), and their prices; < 0: not given, priced at price_in */
    uint64_t cache_write;
    double price_cached_in, price_cache_write;
    char *models, *endpoint, *version;
    /* per answered instance with both counts: (prompt_tokens requested - input_tokens the
     * server reported) / reported, sorted: how far the suite's length axis drifted */
    double *prel;
    size_t nprel, aprel;
};

struct report_run {
    const char *path;
    char *label, *model, *suite_path, *suite_hash;
    char *prompt; /* the run's prompt as recorded ("built-in:answer", a path), or NULL */
    sqlite3 *db;  /* open only while the run is read */
    struct report_rec *rec;
    size_t n, alloc;
    uint8_t *labs; /* every record's gold-row labels, L_EXACT..L_NONE */
    size_t nlabs, alabs;
    struct run_depth depth;
    struct run_mode mode;
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
    char *prompt_hash;
    /* the chosen scorer's rules as its scores recorded (scores.scorer_version): the distinct
     * versions, ", "-separated; "not recorded" for scores from before versions were stored */
    char *scorer_version;
    /* query ids interned (report_boot.c): cl_names[cl]; cl_tab an open-addressing table of
     * id + 1 (0 empty) */
    char **cl_names;
    size_t ncl, acl;
    uint32_t *cl_tab;
    size_t cl_cap;
    /* bootstrap intervals (report_boot.c): ci_all, ci_flag[NFLAG], then ci[view] like agg */
    struct boot_ci *ci_cells, *ci_all, *ci_flag, *ci[NVIEW];
    struct run_cost cost;
};

/* A run compared with the first run on the instances both scored (report_pair.c). */
struct pairing {
    size_t run;               /* the run compared; the base is run 0 */
    size_t ncells;            /* 1 (all) + the values of each single-dimension view */
    size_t off[NSINGLE + 1];  /* first cell of each view; off[NSINGLE] = ncells */
    struct stats_acc *diff;   /* per cell: score of the run minus the base's */
    struct boot_ci *ci;       /* per cell: clustered paired bootstrap of the mean difference */
    uint64_t *better, *worse; /* per cell: queries whose mean difference is > 0, < 0 */
    double *p;                /* per cell: sign test over those queries */
    uint64_t (*wtl)[3];       /* per query type: instances better, tied, worse than the base */
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
    uint64_t differ;       /* instances answered by some runs side by side and not by others */
    int suites_differ;     /* two runs recorded different suite hashes */
    int prompts_differ;    /* two runs recorded different prompt hashes */
    int scorers_differ;    /* two runs' scores were given by different scorer versions */
    struct pairing *pairs; /* nruns - 1 when the runs can be paired, else NULL */
    size_t npairs;
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
/* A fresh table titled by the format; ncols columns, column 0 left-aligned. */
struct rtable *rtable_new(size_t ncols, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Appends the next cell, shaded by a score (NAN: none); control bytes become spaces. */
void rtable_cell(struct rtable *t, double shade, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Where and how the tables go. */
struct report_out {
    FILE *f;
    enum report_format fmt;
    const struct report *R;
};

/* The explanation of a cell, with line breaks for the text format. */
extern const char report_legend[];

/* Renders t in w->fmt and frees it. */
void rtable_emit(const struct report_out *w, struct rtable *t);
/* Each renders its tables in w->fmt and frees them. */
void report_emit_runs(const struct report_out *w);
void report_emit_dims(const struct report_out *w);
void report_emit_cross(const struct report_out *w);
void report_emit_agreement(const struct report_out *w);
void report_emit_worst(const struct report_out *w);
/* The paired comparisons with the first run (report_pair.c), when there are any. */
void report_emit_pairs(const struct report_out *w);
extern const char report_pair_legend[];
/* CSV rows RUN,paired:DIM,VALUE,n,diff,ci_low,ci_high against the first run. */
void report_csv_pairs(FILE *f, const struct report *R, struct buf *row);

/* The value ids of a record in dimension d: several for the query types (one is scratch). */
size_t report_rec_vals(const struct report *R, const struct report_rec *x, enum dim d,
                       const uint32_t **out, uint32_t *one);

/* ---- Bootstrap and pairing (report_boot.c, report_pair.c) ---- */

#define REPORT_SEED 20250101u /* the bootstrap's seed: the same run gives the same intervals */
/* Replicates for np parts: BOOT_REPS, fewer (not under 200) past 10^8 part updates, so that
 * a run of 100,000 queries of one instance each still reports in seconds. */
unsigned report_reps(size_t np);
/* Sorts parts by (cluster, cell) and merges each pair's parts into one; the new count. */
size_t report_merge_parts(struct boot_part *p, size_t n);

/* The cluster id of query id qid (NULL: the instance is its own query) in run r. */
uint32_t report_cluster_of(struct report_run *r, const char *qid, const char *iid);
/* Builds boot parts cluster by cluster: add each value of one cluster to its cells, then
 * flush with the cluster's id; the parts go to p (owned by the builder until detached). */
struct part_builder {
    double *sum;
    uint64_t *n;
    uint32_t *touched;
    size_t ntouched, ncells;
    struct boot_part *p;
    size_t np, alloc;
};
void pb_init(struct part_builder *b, size_t ncells);
void pb_add(struct part_builder *b, size_t cell, double x);
void pb_flush(struct part_builder *b, uint32_t cluster);
/* Frees the scratch and the parts. */
void pb_release(struct part_builder *b);
/* The order of n records by cluster (counting sort, stable); free()d by the caller. */
uint32_t *report_by_cluster(const uint32_t *cl, size_t n, size_t ncl);

/* Fills every run's ci arrays (after aggregation); then the pairings, when nruns > 1. */
void report_bootstrap(struct report *R);
void report_pair_runs(struct report *R);
void report_pairs_free(struct report *R);

/* ---- Coverage (report_cover.c) ---- */

/* Compares the runs' answered instances and suite hashes: fills R->differ, each run's lacks,
 * R->suites_differ, and warns on stderr when the runs side by side differ. */
void report_coverage(struct report *R);
/* Each run's answered / total, the rule for pending and failed instances, and the warning
 * block when the runs differ; in w->fmt (text, Markdown or HTML). */
void report_emit_coverage(const struct report_out *w);
/* The same as CSV rows: RUN,coverage,instances,M and RUN,coverage,answered,N. */
void report_csv_coverage(FILE *f, const struct report *R, struct buf *row);

/* ---- Drill-down (report_drill.c) ---- */

/* The WORST lowest scores among records with a reply, at most two per query id. */
void report_pick_worst(struct report_run *r);
/* Each listed instance's reply, labels and why from the open run; -1 (printed) on error. */
int report_load_worst(const struct report *R, struct report_run *r);
void report_worst_free(struct worst *w);
/* Question, SQL, gold and relevant line numbers from a suite line's head and its `rows`
 * JSON text (rows may be NULL). */
void report_worst_from_suite(struct worst *w, const cJSON *head, const char *rows, size_t len);
/* "N of M lines (P%), depth a to b: lines x, y, ..." with at most max numbers. */
void report_positions(struct buf *b, const struct worst *w, size_t max);
double report_depth(const struct worst *w, size_t i);
extern const char report_drill_legend[];
/* Every run's listed instances in detail, in text or Markdown. */
void report_emit_drill(const struct report_out *w);

/* ---- Depth of the gold rows (report_depth.c) ---- */

struct instance_text;
/* The instances with labels of the runs that read the suite at path, by id (marks those
 * runs' depth as read); freed with report_depth_index_free. */
struct depth_index *report_depth_index(struct report *R, const char *path);
void report_depth_index_free(struct depth_index *x);
size_t report_depth_count(const struct depth_index *x);
/* The first entry for the id of len bytes, or report_depth_count() when it has none. */
size_t report_depth_find(const struct depth_index *x, const char *id, size_t len);
/* Places the gold rows of the suite line (its parsed head and big members) for each run
 * that holds the instance (entries from `first` on). */
void report_depth_take(struct depth_index *x, size_t first, const cJSON *head,
                       const struct instance_text *big);
/* The intervals, once every suite is read. */
void report_depth_finish(struct report *R);
void report_depth_free(struct run_depth *d);
uint64_t report_depth_n(const struct run_depth *d, size_t bin);
double report_depth_score(const struct run_depth *d, size_t bin); /* NAN when empty */
int report_any_depth(const struct report *R);
extern const char report_depth_legend[];
/* ---- By distractor mode and overlap (report_mode.c) ---- */
void report_mode_take(struct report_run *r, const struct report_rec *x, const cJSON *head);
void report_mode_finish(struct report *R);
void report_mode_free(struct run_mode *m);
int report_any_mode(const struct report *R);
void report_emit_mode(const struct report_out *w);
cJSON *report_mode_json(const struct run_mode *m);
extern const char report_mode_legend[];
/* The bins as data, or null when the run's suite was not read. */
cJSON *report_depth_json(const struct run_depth *d);
/* The depth table (a column per run) in w->fmt, when any run placed a gold row. */
void report_emit_depth(const struct report_out *w);

/* ---- Cost, tokens and time (report_cost.c) ---- */

/* Reads r->cost from the open run; -1 (printed) on a database error. */
int report_load_cost(struct report_run *r);
void report_cost_free(struct run_cost *c);
/* Dollars, or NAN without prices; the q quantile of the latencies (NAN without any). */
double report_cost_dollars(const struct run_cost *c);
/* Cached / input tokens (NAN when unknown), and the dollars caching saved (NAN without
 * prices). */
double report_cache_ratio(const struct run_cost *c);
double report_cache_saved(const struct run_cost *c);
double report_latency(const struct run_cost *c, double q);
/* Quantile q of the prompt tokens' relative error (NAN without any). */
double report_prompt_error(const struct run_cost *c, double q);
extern const char report_cost_legend[];
/* The cost table (a column per run) and the metadata table, in w->fmt. */
void report_emit_cost(const struct report_out *w);
/* CSV rows RUN,cost,WHAT,n,value,, (WHAT: input_tokens, cost_usd, latency_p50_ms, ...). */
void report_csv_cost(FILE *f, const struct report *R, struct buf *row);

/* ---- Writers (report_text.c, report_html.c, svg.c) ---- */

void rtable_text(FILE *f, const struct rtable *t);
void rtable_md(FILE *f, const struct rtable *t);
void rtable_html(FILE *f, const struct rtable *t);
/* Writes s with the bytes that have an entry in `map` replaced by it. */
void report_put_escaped(FILE *f, const char *s, const char *const map[256]);

void report_write_plain(const struct report_out *w); /* text and Markdown */
void report_write_csv(FILE *f, const struct report *R);
void report_write_html(const struct report_out *w);
/* Every table and series as data (report_json.c). */
void report_write_json(FILE *f, const struct report *R);
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
/* Score vs length for query type t, a line per run (the small multiples). */
void svg_chart_type_runs(FILE *f, const struct report *R, uint32_t t);
/* Score by a single-dimension view, grouped bars per run with error bars. */
void svg_chart_dim(FILE *f, const struct report *R, size_t view, const char *xtitle);
/* Score by the depth of the gold rows' source lines, a line per run. */
void svg_chart_depth(FILE *f, const struct report *R);
/* Heat map `which` of run r: 0 length x position, 1 length x query type. */
#define NHEAT 2
void svg_heat_map(FILE *f, const struct report *R, const struct report_run *r, size_t which);

#endif
