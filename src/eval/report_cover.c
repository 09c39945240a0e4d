/* report_cover: how much of its suite each run answered, and the warning when runs side by side
 * did not answer the same instances of the same suite (their means would not compare). */
#include "buf.h"
#include "csv.h"
#include "err.h"
#include "report_int.h"
#include "xalloc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every answered id of every run, sorted: an id listed fewer times than there are runs is
 * missing from some run.  A run holds each id once (the instances' primary key). */
static void compare_answered(struct report *R)
{
    const char **all;
    size_t n = 0, i, j, k, total = 0;
    for (i = 0; i < R->nruns; i++)
        total += R->runs[i].nanswered;
    all = xcalloc(total + 1, sizeof(*all));
    for (i = 0; i < R->nruns; i++)
        for (k = 0; k < R->runs[i].nanswered; k++)
            all[n++] = R->runs[i].answered[k];
    qsort(all, n, sizeof(*all), cmp_str);
    for (i = 0, total = 0; i < n; i = j, total++) {
        for (j = i + 1; j < n && !strcmp(all[i], all[j]); j++)
            ;
        if (j - i < R->nruns)
            R->differ++;
    }
    for (i = 0; i < R->nruns; i++) /* total: the distinct ids answered by any run */
        R->runs[i].lacks = total - R->runs[i].nanswered;
    free(all);
}

/* Whether two runs recorded different values (at offset `field` of the run); a run that did
 * not record one is let be. */
static int recorded_differ(const struct report *R, size_t field)
{
    const char *first = NULL;
    size_t i;
    for (i = 0; i < R->nruns; i++) {
        const char *h = *(char *const *)((const char *)&R->runs[i] + field);
        if (h && first && strcmp(h, first))
            return 1;
        if (h && !first)
            first = h;
    }
    return 0;
}

void report_coverage(struct report *R)
{
    if (R->nruns < 2)
        return;
    compare_answered(R);
    R->suites_differ = recorded_differ(R, offsetof(struct report_run, suite_hash));
    R->prompts_differ = recorded_differ(R, offsetof(struct report_run, prompt_hash));
    R->scorers_differ = recorded_differ(R, offsetof(struct report_run, scorer_version));
    if (R->differ)
        warning("the runs side by side answered different instances (%llu answered by some and "
                "not others): see the report's warning",
                (unsigned long long)R->differ);
    if (R->suites_differ)
        warning("the runs side by side ran different suites (their suite_hash differs)");
    if (R->prompts_differ)
        warning("the runs side by side used different prompts (their prompt_hash differs)");
    if (R->scorers_differ)
        warning("the runs side by side were scored by different versions of '%s': rescore "
                "them with this holobench ('holobench score RUN')",
                R->scorer);
}

/* Text in the output's format: escaped for Markdown and HTML. */
static void put(const struct report_out *w, const char *s)
{
    if (w->fmt == REPORT_HTML)
        html_text(w->f, s);
    else if (w->fmt == REPORT_MD)
        md_text(w->f, s);
    else
        fputs(s, w->f);
}

static void item(const struct report_out *w, const char *open, const char *close, struct buf *b)
{
    fputs(open, w->f);
    put(w, b->s);
    fputs(close, w->f);
    buf_reset(b);
}

static void coverage_lines(const struct report_out *w, struct buf *b)
{
    const char *open = w->fmt == REPORT_HTML ? "<li>" : "- ";
    const char *close = w->fmt == REPORT_HTML ? "</li>\n" : "\n";
    size_t i;
    buf_adds(b, "Coverage (pending: never sent, neither scored nor averaged; a failed request "
                "scores 0):");
    item(w, w->fmt == REPORT_HTML ? "<p class=\"note\">" : "",
         w->fmt == REPORT_HTML ? "</p>\n<ul>\n" : "\n", b);
    for (i = 0; i < w->R->nruns; i++) {
        const struct report_run *r = &w->R->runs[i];
        buf_addf(b, "%s: answered %llu of %llu instances", r->label,
                 (unsigned long long)(r->instances - r->pending), (unsigned long long)r->instances);
        if (r->pending)
            buf_addf(b, " (%llu pending)", (unsigned long long)r->pending);
        item(w, open, close, b);
    }
    fputs(w->fmt == REPORT_HTML ? "</ul>\n" : "\n", w->f);
}

/* " LABEL HASH12, ..." for every run: its suite hash, or with `prompt` its prompt hash. */
static void add_hashes(struct buf *b, const struct report *R, int prompt)
{
    size_t i;
    for (i = 0; i < R->nruns; i++) {
        const char *h = prompt ? R->runs[i].prompt_hash : R->runs[i].suite_hash;
        buf_addf(b, "%s %s %.12s", i ? "," : "", R->runs[i].label, h ? h : "(not recorded)");
    }
}

static void warning_block(const struct report_out *w, struct buf *b)
{
    const char *open = w->fmt == REPORT_HTML ? "<p class=\"warn\"><b>Warning:</b> "
                       : w->fmt == REPORT_MD ? "> **Warning:** "
                                             : "Warning: ";
    const char *close = w->fmt == REPORT_HTML ? "</p>\n" : "\n\n";
    const struct report *R = w->R;
    size_t i, n = 0;
    if (R->differ) {
        buf_addf(b,
                 "the runs side by side do not cover the same instances: %llu are answered by "
                 "some runs and not by others (",
                 (unsigned long long)R->differ);
        for (i = 0; i < R->nruns; i++)
            if (R->runs[i].lacks)
                buf_addf(b, "%s%s lacks %llu", n++ ? ", " : "", R->runs[i].label,
                         (unsigned long long)R->runs[i].lacks);
        buf_adds(b, "), so their means are over different instances.");
        item(w, open, close, b);
    }
    if (R->suites_differ) {
        buf_adds(b, "the runs side by side ran different suites (suite_hash:");
        add_hashes(b, R, 0);
        buf_adds(b, "), so their instances are not the same questions; they are not paired.");
        item(w, open, close, b);
    }
    if (R->prompts_differ) {
        buf_adds(b, "the runs side by side used different prompts (prompt_hash:");
        add_hashes(b, R, 1);
        buf_adds(b, "), so a difference may come from the prompt, not the model.");
        item(w, open, close, b);
    }
    if (R->scorers_differ) {
        buf_addf(b, "the runs side by side were scored by different versions of %s (", R->scorer);
        for (i = 0; i < R->nruns; i++)
            buf_addf(b, "%s%s: %s", i ? "; " : "", R->runs[i].label, R->runs[i].scorer_version);
        buf_adds(b, "), so a difference may come from the matching rules, not the model; "
                    "rescore them with one holobench (holobench score RUN).");
        item(w, open, close, b);
    }
}

void report_emit_coverage(const struct report_out *w)
{
    struct buf b = BUF_INIT;
    coverage_lines(w, &b);
    warning_block(w, &b);
    buf_release(&b);
}

void report_csv_coverage(FILE *f, const struct report *R, struct buf *row)
{
    size_t i;
    for (i = 0; i < R->nruns; i++) {
        const struct report_run *r = &R->runs[i];
        buf_reset(row);
        csv_add_text(row, r->label, strlen(r->label));
        buf_addf(row, ",coverage,instances,%llu,,,\r\n", (unsigned long long)r->instances);
        csv_add_text(row, r->label, strlen(r->label));
        buf_addf(row, ",coverage,answered,%llu,,,\r\n",
                 (unsigned long long)(r->instances - r->pending));
        fwrite(row->s, 1, row->len, f);
    }
}
