#include "check.h"
#include "context.h"
#include "schema.h"
#include "util.h"

#include <stdlib.h>

static void estimate(void)
{
    char s[400];
    memset(s, 'a', sizeof(s));
    CHECK_U64(token_estimate(s, 0), ==, 1);
    CHECK_U64(token_estimate(s, 365), ==, 100); /* floor(36500/366) = 99, plus the newline */
    CHECK_U64(token_estimate(s, 366), ==, 101); /* exact, unlike the reference's 3.66 float */
    CHECK_U64(token_estimate(s, 183), ==, 51);
    CHECK_U64(token_estimate("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 8), ==, 2); /* code points */
}

static struct selection make(size_t n, uint32_t table)
{
    struct selection s;
    size_t i;
    memset(&s, 0, sizeof(s));
    s.rows = calloc(n ? n : 1, sizeof(*s.rows));
    s.n = n;
    for (i = 0; i < n; i++)
        s.rows[i].table = table, s.rows[i].row = (uint32_t)i;
    return s;
}

/* Relevant line indices of a merge, as a string "0,5,..." for easy comparison. */
static void merged(size_t M, size_t A, int pos, struct buf *out)
{
    struct selection rel = make(M, 1), dis = make(A, 2);
    struct rowref *lines = calloc(M + A, sizeof(*lines));
    unsigned char *is_rel = calloc(M + A, 1);
    size_t i, next_rel = 0, next_dis = 0;
    merge_lines(&rel, &dis, pos, lines, is_rel);
    buf_reset(out);
    for (i = 0; i < M + A; i++) {
        /* each group keeps its own order */
        if (is_rel[i]) {
            CHECK_U64(lines[i].row, ==, next_rel++);
            buf_addf(out, "%s%zu", out->len ? "," : "", i);
        } else {
            CHECK_U64(lines[i].row, ==, next_dis++);
        }
    }
    CHECK_U64(next_rel, ==, M);
    CHECK_U64(next_dis, ==, A);
    free(lines);
    free(is_rel);
    free(rel.rows);
    free(dis.rows);
}

static void positions(void)
{
    struct buf b = BUF_INIT;
    merged(4, 20, POS_BEGIN, &b);
    CHECK_STR(b.s, "0,1,2,3");
    merged(4, 20, POS_END, &b);
    CHECK_STR(b.s, "20,21,22,23");
    merged(4, 20, POS_MIDDLE, &b); /* centred: 10 distractors before, 10 after */
    CHECK_STR(b.s, "10,11,12,13");
    merged(4, 20, POS_BIMODAL, &b); /* half at each end */
    CHECK_STR(b.s, "0,1,22,23");
    merged(5, 20, POS_BIMODAL, &b);
    CHECK_STR(b.s, "0,1,22,23,24");
    merged(4, 20, POS_UNIFORM, &b); /* floor((2i+1)*24/8) */
    CHECK_STR(b.s, "3,9,15,21");
    merged(3, 0, POS_UNIFORM, &b);
    CHECK_STR(b.s, "0,1,2");
    merged(0, 3, POS_MIDDLE, &b);
    CHECK_STR(b.s, "");
    CHECK_INT(position_parse("bimodal"), ==, POS_BIMODAL);
    CHECK_INT(position_parse("centre"), ==, -1);
    buf_release(&b);
}

static void selection(const char *root)
{
    struct schema s;
    struct rendered r;
    struct pool p;
    struct selection sel, sel2;
    int want[4] = {0}, wines, grapes;
    size_t i, j, t;
    CHECK_INT(schema_load(&s, root, "mini", NULL), ==, 0);
    wines = schema_table_index(&s, "wines");
    grapes = schema_table_index(&s, "grapes");
    want[wines] = want[grapes] = 1;
    rendered_build(&r, &s, 1, NULL);
    pool_build(&p, &s, &r, want, 42);
    CHECK_U64(p.n, ==, s.tables[wines].nrows + s.tables[grapes].nrows);

    select_fill(&sel, &p, &s, &r, 700, want);
    CHECK_U64(sel.tokens, <=, 700);
    CHECK(sel.shortfall == 0);
    {
        uint64_t sum = 0;
        for (i = 0; i < sel.n; i++)
            sum += rendered_line(&r, sel.rows[i])->cost;
        CHECK_U64(sum, ==, sel.tokens);
    }
    /* every grape row not taken is too long for the gap left (grapes have no parents, so
     * no closure group stands in the way) */
    for (i = 0; i < s.tables[grapes].nrows; i++) {
        struct rowref g = {(uint32_t)grapes, (uint32_t)i};
        int placed = 0;
        for (j = 0; j < sel.n; j++)
            placed |= sel.rows[j].table == g.table && sel.rows[j].row == g.row;
        if (!placed)
            CHECK_U64(rendered_line(&r, g)->cost, >, 700 - sel.tokens);
    }
    for (i = 0; i < sel.n; i++)
        for (j = 0; j < i; j++)
            CHECK(!(sel.rows[i].table == sel.rows[j].table && sel.rows[i].row == sel.rows[j].row));
    /* join closure: each placed wine's grape is placed before it */
    for (i = 0; i < sel.n; i++) {
        const struct table *wt = &s.tables[wines];
        int64_t g;
        if (sel.rows[i].table != (uint32_t)wines)
            continue;
        g = wt->fks[0].parent == (size_t)grapes ? wt->fks[0].parent_row[sel.rows[i].row]
                                                : wt->fks[1].parent_row[sel.rows[i].row];
        for (j = 0; j < i; j++)
            if (sel.rows[j].table == (uint32_t)grapes && (int64_t)sel.rows[j].row == g)
                break;
        CHECK(g < 0 || j < i);
    }
    /* same seed, same selection; a larger budget keeps a shuffle prefix */
    select_fill(&sel2, &p, &s, &r, 700, want);
    CHECK_U64(sel2.n, ==, sel.n);
    selection_release(&sel2);
    /* a budget larger than the data: everything placed, shortfall reported */
    select_fill(&sel2, &p, &s, &r, 1000000, want);
    CHECK_U64(sel2.n, ==, p.n);
    CHECK(sel2.shortfall > 0);
    CHECK_U64(sel2.tokens + sel2.shortfall, ==, 1000000);
    selection_release(&sel2);
    selection_release(&sel);
    pool_release(&p);

    /* template choice does not depend on placement: same seed, same text per row */
    {
        struct rendered r2;
        rendered_build(&r2, &s, 1, NULL);
        for (t = 0; t < s.ntables; t++)
            for (i = 0; i < s.tables[t].nrows; i++)
                CHECK_U64(r.rows[t][i].tmpl, ==, r2.rows[t][i].tmpl);
        rendered_release(&r2);
        rendered_build(&r2, &s, 2, NULL);
        {
            size_t differ = 0;
            for (i = 0; i < s.tables[wines].nrows; i++)
                differ += r.rows[wines][i].tmpl != r2.rows[wines][i].tmpl;
            CHECK_U64(differ, >, 10);
        }
        rendered_release(&r2);
    }
    rendered_release(&r);
    schema_release(&s);
}

int main(int argc, char **argv)
{
    char *root = path_join(argc > 1 ? argv[1] : ".", "tests/data/root");
    estimate();
    positions();
    selection(root);
    free(root);
    return check_done();
}
