/* test_score: the deterministic scorer against hand-written cases (tests/data/score_cases.json)
 * and against replies built from the gold itself, and its agreement with the hand-labelled set
 * (tests/data/score_labelled.jsonl).  argv[1] is the source root; argv[2], optional, another
 * labelled set in the same format to check alone (a path relative to the source root, or
 * absolute); argv[3] "--measure": print its figures without checking them. */
#include "check.h"
#include "score.h"
#include "util.h"
#include "xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

static const char *label_name(int l)
{
    return l == LABEL_EXACT ? "exact" : l == LABEL_PARTIAL ? "partial" : "none";
}

static int label_of(const char *s)
{
    if (!strcmp(s, "exact"))
        return LABEL_EXACT;
    if (!strcmp(s, "partial"))
        return LABEL_PARTIAL;
    if (!strcmp(s, "none"))
        return LABEL_NONE;
    return -1;
}

static void got_labels(const struct score_result *r, struct buf *out)
{
    size_t i;
    buf_reset(out);
    for (i = 0; i < r->nlabels; i++)
        buf_addf(out, "%s%s", i ? "," : "", label_name(r->labels[i]));
}

static int case_failures, case_count;

/* One failed expectation of a case: the case name, the field, expected and got. */
#define CASE_FAIL(name, ...)                                                                       \
    do {                                                                                           \
        fprintf(stderr, "case %s: ", name);                                                        \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        bad = 1;                                                                                   \
    } while (0)

static void run_case(struct scorer *s, const cJSON *c)
{
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name"));
    const cJSON *gold = cJSON_GetObjectItemCaseSensitive(c, "gold");
    const char *reply = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "reply"));
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(c, "labels");
    const cJSON *f, *l;
    struct score_result r;
    struct buf want = BUF_INIT, got = BUF_INIT;
    int bad = 0;
    size_t i = 0;

    check_count_++;
    case_count++;
    if (!name || !cJSON_IsObject(gold) || !reply || !cJSON_IsArray(labels)) {
        CHECK_FAIL_("malformed case %s", name ? name : "(no name)");
        return;
    }
    CHECK_INT(score_reply(s, reply, gold, &r), ==, 0);

    cJSON_ArrayForEach(l, labels)
    {
        const char *ls = cJSON_GetStringValue(l);
        buf_addf(&want, "%s%s", i ? "," : "", ls ? ls : "?");
        if (!ls || label_of(ls) < 0)
            CASE_FAIL(name, "bad expected label \"%s\"", ls ? ls : "?");
        i++;
    }
    got_labels(&r, &got);
    if (strcmp(want.s, got.s))
        CASE_FAIL(name, "labels: expected [%s], got [%s]", want.s, got.s);

    if ((f = cJSON_GetObjectItemCaseSensitive(c, "score")) && fabs(r.score - f->valuedouble) > 1e-3)
        CASE_FAIL(name, "score: expected %.4f, got %.4f", f->valuedouble, r.score);
    if ((f = cJSON_GetObjectItemCaseSensitive(c, "precision")) &&
        fabs(r.precision - f->valuedouble) > 1e-3)
        CASE_FAIL(name, "precision: expected %.4f, got %.4f (items %d, unmatched %d)",
                  f->valuedouble, r.precision, r.items, r.unmatched);
    if ((f = cJSON_GetObjectItemCaseSensitive(c, "order_ok")) && r.order_ok != f->valueint)
        CASE_FAIL(name, "order_ok: expected %d, got %d", f->valueint, r.order_ok);
    if ((f = cJSON_GetObjectItemCaseSensitive(c, "says_none")) && !r.says_none != !cJSON_IsTrue(f))
        CASE_FAIL(name, "says_none: expected %d, got %d", cJSON_IsTrue(f), r.says_none);
    if ((f = cJSON_GetObjectItemCaseSensitive(c, "extraction")) &&
        (!r.extraction || strcmp(r.extraction, cJSON_GetStringValue(f))))
        CASE_FAIL(name, "extraction: expected %s, got %s", cJSON_GetStringValue(f),
                  r.extraction ? r.extraction : "(null)");
    /* invariants that hold for every case */
    if (r.score < 0 || r.score > 1 || r.precision < 0 || r.precision > 1 || r.f1 < 0 || r.f1 > 1)
        CASE_FAIL(name, "score %.4f / precision %.4f / f1 %.4f outside [0, 1]", r.score,
                  r.precision, r.f1);

    if (bad) {
        check_failures_++;
        case_failures++;
        fprintf(stderr, "case %s: FAIL\n", name);
    } else {
        printf("case %s: ok\n", name);
    }
    score_result_release(&r);
    buf_release(&want);
    buf_release(&got);
}

static void cases(struct scorer *s, const char *root)
{
    char *path = path_join(root, "tests/data/score_cases.json");
    struct buf text = BUF_INIT;
    cJSON *all, *c;
    CHECK_INT(read_file(path, &text), ==, 0);
    all = cJSON_Parse(text.s);
    CHECK(cJSON_IsArray(all));
    CHECK_INT(cJSON_GetArraySize(all), >=, 45);
    cJSON_ArrayForEach(c, all) run_case(s, c);
    fprintf(stderr, "%d cases, %d failed\n", case_count, case_failures);
    cJSON_Delete(all);
    buf_release(&text);
    free(path);
}

/* ---- replies made from the gold ------------------------------------------------------------ */

/* "Answer:" then each row's cells joined by " | ", one row a line. */
static void echo_reply(const cJSON *gold, size_t take, struct buf *out)
{
    const cJSON *row, *cell;
    size_t i = 0;
    buf_reset(out);
    buf_adds(out, "Answer:\n");
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(gold, "rows"))
    {
        int first = 1;
        if (i++ >= take)
            break;
        cJSON_ArrayForEach(cell, row)
        {
            if (!first)
                buf_adds(out, " | ");
            first = 0;
            if (cJSON_IsString(cell))
                buf_adds(out, cell->valuestring);
            else if (cJSON_IsNumber(cell) && cell->valuedouble == floor(cell->valuedouble) &&
                     fabs(cell->valuedouble) < 1e15)
                buf_addf(out, "%.0f", cell->valuedouble);
            else if (cJSON_IsNumber(cell))
                buf_addf(out, "%.15g", cell->valuedouble);
            else if (cJSON_IsBool(cell))
                buf_adds(out, cJSON_IsTrue(cell) ? "1" : "0");
            else
                buf_adds(out, "NULL"); /* said, as SQL prints it: a blank leaves it out */
        }
        buf_addch(out, '\n');
    }
}

static const char *const golds[] = {
    "{\"columns\":[\"wine\"],\"rows\":[[\"Château Ausone\"]]}",
    "{\"columns\":[\"count\"],\"rows\":[[42]]}",
    "{\"columns\":[\"avg\"],\"rows\":[[88.3157894736842]]}",
    "{\"columns\":[\"delta\"],\"rows\":[[-3.5],[-0.25],[0]]}",
    "{\"columns\":[\"wine\",\"vintage\",\"score\"],\"rows\":[[\"Clos Cerise\",2015,91.5],"
    "[\"Domaine Duval\",2009,88.25],[\"Château Belair\",2001,90]]}",
    "{\"columns\":[\"wine\"],\"ordered\":true,\"rows\":[[\"E\"],[\"D\"],[\"C\"],[\"B\"],[\"A\"]]}",
    "{\"columns\":[\"wine\"],\"rows\":[[\"Château Nuit\u2014Rouge\"],[\"L\u2019Église\"],"
    "[\"Grüner Veltliner Ried\u00a0Kreutles\"]]}",
    "{\"columns\":[\"wine\"],\"rows\":[[\"Château Margaux\"],[\"Margaux\"],[\"Pavillon Rouge du "
    "Château Margaux\"]]}",
    "{\"columns\":[\"wine\",\"country\"],\"rows\":[[\"Cuvée A\",\"France\"],[\"Cuvée A\","
    "\"France\"],[\"Cuvée B\",\"Italy\"]]}",
    "{\"columns\":[\"wine\",\"region\",\"price\"],\"rows\":[[\"Clos Cerise\",null,12.5],"
    "[\"Domaine Duval\",\"Loire\",null]]}",
    NULL, /* 60 rows, built below */
    "{\"columns\":[\"bottles\"],\"rows\":[[1234567],[9876543210]]}",
    "{\"columns\":[\"wine\"],\"rows\":[[\"Barton and Guestier\"],[\"Smith and Hook\"]]}",
    "{\"columns\":[\"producer\"],\"rows\":[[\"Smith, Jones & Co\"],[\"Vasse Felix\"]]}",
    "{\"columns\":[\"year\",\"n\"],\"rows\":[[2019,7],[2020,11]]}",
    "{\"columns\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"rows\":[[\"Rioja\",\"Tempranillo\",2016,14.5,"
    "\"red\"]]}",
    "{\"columns\":[\"score\"],\"ordered\":true,\"rows\":[[99],[97],[95],[94],[90],[88]]}",
    "{\"columns\":[\"wine\"],\"rows\":[[\"Jacob's Creek\"],[\"Penfolds Bin 389\"]]}",
    "{\"columns\":[\"wine\",\"share\"],\"rows\":[[\"1er Cru Classé\",0.5],[\"Grand Cru\",0.125]]}",
    "{\"columns\":[\"wine\",\"avg_price\"],\"ordered\":true,\"rows\":[[\"Lo\",12.99],[\"Lomax\",9."
    "5],"
    "[\"Lo Fi\",7]]}",
};

static cJSON *many_rows(int n)
{
    cJSON *g = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(g, "rows");
    int i;
    for (i = 1; i <= n; i++) {
        char name[32];
        cJSON *row = cJSON_CreateArray();
        snprintf(name, sizeof(name), "Cuvée %d", i);
        cJSON_AddItemToArray(row, cJSON_CreateString(name));
        cJSON_AddItemToArray(row, cJSON_CreateNumber(1000 + i));
        cJSON_AddItemToArray(rows, row);
    }
    return g;
}

static void echo(struct scorer *s)
{
    struct buf reply = BUF_INIT;
    size_t k;
    for (k = 0; k < sizeof(golds) / sizeof(*golds); k++) {
        cJSON *gold = golds[k] ? cJSON_Parse(golds[k]) : many_rows(60);
        struct score_result r;
        int nrows = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(gold, "rows"));
        CHECK(gold != NULL);
        if (!gold)
            continue;
        echo_reply(gold, (size_t)-1, &reply);
        CHECK_INT(score_reply(s, reply.s, gold, &r), ==, 0);
        if (fabs(r.score - 1.0) > 1e-9 || r.nlabels != (size_t)(nrows < 50 ? nrows : 50)) {
            struct buf got = BUF_INIT;
            got_labels(&r, &got);
            CHECK_FAIL_("echo gold %zu: score %.4f, %zu labels [%s]; reply:\n%s", k, r.score,
                        r.nlabels, got.s, reply.s);
            buf_release(&got);
        }
        check_count_++;
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(gold, "ordered")))
            CHECK_INT(r.order_ok, ==, 1);
        score_result_release(&r);
        cJSON_Delete(gold);
    }
    buf_release(&reply);
}

static void empty_and_half(struct scorer *s)
{
    struct score_result r;
    struct buf reply = BUF_INIT;
    cJSON *gold = cJSON_Parse(golds[4]);
    cJSON *ten = many_rows(10);
    size_t i;

    CHECK_INT(score_reply(s, "", gold, &r), ==, 0);
    CHECK(r.score == 0);
    CHECK_U64(r.nlabels, ==, 3);
    for (i = 0; i < r.nlabels; i++)
        CHECK_INT(r.labels[i], ==, LABEL_NONE);
    score_result_release(&r);

    CHECK_INT(score_reply(s, NULL, gold, &r), ==, 0);
    CHECK(r.score == 0);
    score_result_release(&r);

    echo_reply(ten, 5, &reply);
    CHECK_INT(score_reply(s, reply.s, ten, &r), ==, 0);
    CHECK(fabs(r.score - 0.5) < 1e-9);
    CHECK(fabs(r.precision - 1.0) < 1e-9);
    for (i = 0; i < r.nlabels; i++)
        CHECK_INT(r.labels[i], ==, i < 5 ? LABEL_EXACT : LABEL_NONE);
    score_result_release(&r);

    cJSON_Delete(gold);
    cJSON_Delete(ten);
    buf_release(&reply);
}

/* ---- agreement with the hand-labelled set (tests/data/score_labelled.jsonl) ------------------ */

struct agree {
    int conf[3][3]; /* [human][scorer] gold-row labels */
    int rows, same, cases, lenient;
    double abs_diff; /* sum over cases of |scorer score - labelled score| */
    char style[16][16];
    int style_rows[16], style_same[16], nstyles;
    int all; /* print agreeing rows too */
    int how; /* print how each answer was found */
};

static double kappa(const struct agree *a)
{
    double po = 0, pe = 0, n = a->rows;
    int i, j;
    for (i = 0; i < 3; i++) {
        double h = 0, m = 0;
        po += a->conf[i][i];
        for (j = 0; j < 3; j++)
            h += a->conf[i][j], m += a->conf[j][i];
        pe += h * m;
    }
    po /= n, pe /= n * n;
    return pe < 1 ? (po - pe) / (1 - pe) : 1;
}

static int style_slot(struct agree *a, const char *st)
{
    int i;
    for (i = 0; i < a->nstyles; i++)
        if (!strcmp(a->style[i], st))
            return i;
    if (a->nstyles == 15)
        return 15;
    snprintf(a->style[a->nstyles], sizeof(a->style[0]), "%s", st);
    return a->nstyles++;
}

/* One labelled case: rows compared, and the case is flagged where the scorer is more lenient
 * than the labels by more than 0.25. */
static void agree_case(struct scorer *s, const cJSON *c, struct agree *a)
{
    const cJSON *gold = cJSON_GetObjectItemCaseSensitive(c, "gold"), *l;
    const char *reply = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "reply"));
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "id"));
    const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "style"));
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(c, "labels");
    struct score_result r;
    int slot = style_slot(a, st ? st : "?"), i = 0;
    double want = 0, n = 0;
    const cJSON *ordered = gold ? cJSON_GetObjectItemCaseSensitive(gold, "ordered") : NULL;
    if (!gold || !reply || !id || (ordered && !cJSON_IsBool(ordered)) ||
        score_reply(s, reply, gold, &r) < 0) { /* "ordered" a note: a writer's slip */
        CHECK_FAIL_("labelled case %s malformed", id ? id : "?");
        return;
    }
    a->cases++;
    if (a->how) /* SCORE_SET_HOW=1: how each answer was found, to study where answers are */
        printf("extraction %s: %s\n", id, r.extraction ? r.extraction : "?");
    cJSON_ArrayForEach(l, labels)
    {
        int h = label_of(cJSON_GetStringValue(l)), m;
        if (h < 0) {
            CHECK_FAIL_("labelled case %s: bad label", id);
            break;
        }
        /* empty gold: one label for the instance */
        m = r.nlabels ? (i < (int)r.nlabels ? r.labels[i] : LABEL_NONE)
                      : (r.score == 1 ? LABEL_EXACT : LABEL_NONE);
        a->conf[h][m]++;
        a->rows++, a->style_rows[slot]++;
        if (h == m)
            a->same++, a->style_same[slot]++;
        if (h == m && a->all) /* SCORE_SET_ALL=1: every row, to study a convention */
            printf("agree %s (%s) row %d: %s%s%s\n", id, st, i + 1, label_name(m),
                   r.why && r.nlabels ? ": " : "", r.why && r.nlabels && r.why[i] ? r.why[i] : "");
        else if (h != m)
            printf("disagree %s (%s) row %d: label %s, scorer %s%s%s\n", id, st, i + 1,
                   label_name(h), label_name(m), r.why && r.nlabels ? ": " : "",
                   r.why && r.nlabels && r.why[i] ? r.why[i] : "");
        want += h == LABEL_EXACT ? 1 : h == LABEL_PARTIAL ? 0.5 : 0;
        n++, i++;
    }
    for (i = 0; r.why && i < (int)r.nlabels; i++) { /* a reason is stored and printed as text */
        struct buf clean = BUF_INIT;
        size_t bad = 0, nul = 0;
        if (r.why[i])
            utf8_sanitize(r.why[i], strlen(r.why[i]), &clean, &bad, &nul);
        if (bad || nul)
            CHECK_FAIL_("labelled case %s row %d: reason is not valid UTF-8", id, i + 1);
        buf_release(&clean);
    }
    want /= n ? n : 1;
    a->abs_diff += fabs(r.score - want);
    if (r.score - want > 0.25 + 1e-9) {
        a->lenient++;
        fprintf(stderr, "labelled case %s: scorer %.3f is more lenient than the labels %.3f\n", id,
                r.score, want);
    }
    score_result_release(&r);
}

static void agreement(struct scorer *s, const char *root, const char *other, int measure)
{
    char *path = !other ? path_join(root, "tests/data/score_labelled.jsonl")
                 : other[0] == '/' || !access(other, R_OK) ? xstrdup(other)
                                                           : path_join(root, other);
    struct buf text = BUF_INIT;
    struct agree a;
    char *line, *save;
    double acc, k;
    int i;
    memset(&a, 0, sizeof(a));
    a.all = getenv("SCORE_SET_ALL") != NULL;
    a.how = getenv("SCORE_SET_HOW") != NULL;
    CHECK_INT(read_file(path, &text), ==, 0);
    for (line = text.s; line && *line; line = save) {
        cJSON *c;
        save = strchr(line, '\n');
        if (save)
            *save++ = '\0';
        if (!*line)
            continue;
        c = cJSON_Parse(line);
        CHECK(c != NULL);
        if (c)
            agree_case(s, c, &a);
        cJSON_Delete(c);
    }
    if (!other)
        CHECK_INT(a.cases, >=, 300);
    acc = a.rows ? (double)a.same / a.rows : 0;
    k = a.rows ? kappa(&a) : 0;
    printf("labelled set: %d cases, %d gold rows; row accuracy %.1f%%, kappa %.3f, mean "
           "absolute instance difference %.3f, %d cases more lenient than their labels by > 0.25\n",
           a.cases, a.rows, 100 * acc, k, a.cases ? a.abs_diff / a.cases : 0, a.lenient);
    for (i = 0; i < a.nstyles; i++)
        printf("  %-13s %4d rows  %5.1f%%\n", a.style[i], a.style_rows[i],
               100.0 * a.style_same[i] / (a.style_rows[i] ? a.style_rows[i] : 1));
    if (measure) {
        printf("measured only: thresholds 95%% / kappa 0.9 / no lenient case not checked\n");
        buf_release(&text);
        free(path);
        return;
    }
    check_count_ += 3;
    if (acc < 0.95)
        CHECK_FAIL_("row accuracy %.3f below 0.95", acc);
    if (k < 0.9)
        CHECK_FAIL_("kappa %.3f below 0.9", k);
    if (a.lenient)
        CHECK_FAIL_("%d cases scored more than 0.25 above their labels", a.lenient);
    buf_release(&text);
    free(path);
}

int main(int argc, char **argv)
{
    struct score_opts o;
    struct scorer *s;
    if (argc < 2) {
        fprintf(stderr, "usage: test_score SOURCE_ROOT\n");
        return 2;
    }
    score_opts_default(&o);
    s = scorer_new(&o);
    if (argc > 2) { /* another labelled set, measured alone */
        agreement(s, argv[1], argv[2], argc > 3 && !strcmp(argv[3], "--measure"));
        scorer_free(s);
        return check_done();
    }
    cases(s, argv[1]);
    echo(s);
    empty_and_half(s);
    agreement(s, argv[1], NULL, 0);
    scorer_free(s);
    return check_done();
}
