/* test_score_json: the structured answer mode's parts — field names and schemas
 * (structured.h) and the exact reading of structured replies (score_json.c) against the
 * cases in tests/data/score_json_cases.json.  argv[1] is the source root. */
#include "check.h"
#include "score.h"
#include "structured.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>

static void fields(void)
{
    cJSON *cols =
        cJSON_Parse("[\"COUNT(*)\", \"a b\", \"a_b\", \"\", \"\xc3\xa9t\xc3\xa9\","
                    "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\","
                    "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxyyyy\"]");
    cJSON *f = answer_fields(cols);
    char *s = cJSON_PrintUnformatted(f);
    CHECK_STR(s, "[\"COUNT___\",\"a_b\",\"a_b_2\",\"field\",\"__t__\","
                 "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\","
                 "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_2\"]");
    cJSON_free(s);
    cJSON_Delete(f);
    cJSON_Delete(cols);
}

static void schema(void)
{
    cJSON *gold = cJSON_Parse("{\"columns\": [\"name\", \"AVG(score)\", \"mixed\", \"gone\"],"
                              "\"rows\": [[\"A\", 1.5, 1, null], [\"B\", null, \"x\", null]]}");
    cJSON *sch = answer_schema(gold), *empty;
    struct buf t = BUF_INIT;
    char *s = cJSON_PrintUnformatted(sch);
    CHECK_STR(s, "{\"type\":\"object\",\"properties\":{\"reasoning\":{\"type\":\"string\"},"
                 "\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
                 "\"name\":{\"type\":[\"string\",\"null\"],\"description\":\"the column name\"},"
                 "\"AVG_score_\":{\"type\":[\"number\",\"null\"],\"description\":\"the column "
                 "AVG(score)\"},\"mixed\":{\"type\":[\"string\",\"number\",\"null\"],"
                 "\"description\":\"the column mixed\"},\"gone\":{\"type\":[\"string\","
                 "\"number\",\"null\"],\"description\":\"the column gone\"}},\"required\":["
                 "\"name\",\"AVG_score_\",\"mixed\",\"gone\"],\"additionalProperties\":false}}},"
                 "\"required\":[\"reasoning\",\"rows\"],\"additionalProperties\":false}");
    cJSON_free(s);
    answer_columns_text(gold, &t);
    CHECK_STR(t.s, "  \"name\": a string or null\n"
                   "  \"AVG_score_\": a number or null (the column AVG(score))\n"
                   "  \"mixed\": a string or a number or null\n"
                   "  \"gone\": a string or a number or null");
    /* the API forms: OpenAI strict json_schema, Anthropic a forced tool */
    empty = cJSON_CreateObject();
    structured_ask_take(empty, API_OPENAI_CHAT, ANSWER_SCHEMA_NAME, cJSON_Duplicate(sch, 1));
    CHECK(cJSON_IsTrue(cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(empty, "response_format"), "json_schema"),
        "strict")));
    cJSON_Delete(empty);
    empty = cJSON_CreateObject();
    structured_ask_take(empty, API_ANTHROPIC_MESSAGES, ANSWER_SCHEMA_NAME, sch);
    s = cJSON_PrintUnformatted(cJSON_GetObjectItem(empty, "tool_choice"));
    CHECK_STR(s, "{\"type\":\"tool\",\"name\":\"holobench_answer\"}");
    cJSON_free(s);
    cJSON_Delete(empty);
    buf_release(&t);
    cJSON_Delete(gold);
}

static void labels_text(const struct score_result *r, struct buf *out)
{
    static const char *const names[] = {"none", "partial", "exact"};
    size_t i;
    buf_reset(out);
    for (i = 0; i < r->nlabels; i++)
        buf_addf(out, "%s%s", i ? "," : "", names[r->labels[i] % 3]);
}

static double num(const cJSON *c, const char *k, double dflt)
{
    const cJSON *v = cJSON_GetObjectItem(c, k);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static void one_case(struct scorer *s, const cJSON *c)
{
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(c, "name"));
    const char *reply = cJSON_GetStringValue(cJSON_GetObjectItem(c, "reply"));
    const char *want = cJSON_GetStringValue(cJSON_GetObjectItem(c, "labels"));
    struct score_result r;
    struct buf got = BUF_INIT;
    int ret = score_structured(s, reply, cJSON_GetObjectItem(c, "gold"), &r);
    if (ret != (int)num(c, "ret", 0)) {
        CHECK_FAIL_("case %s: returned %d", name, ret);
        if (!ret)
            score_result_release(&r);
        return;
    }
    check_count_++;
    if (ret)
        return;
    labels_text(&r, &got);
    if (want && strcmp(got.s, want))
        CHECK_FAIL_("case %s: labels %s, want %s", name, got.s, want);
    if (fabs(r.score - num(c, "score", -1)) > 1e-9)
        CHECK_FAIL_("case %s: score %g, want %g", name, r.score, num(c, "score", -1));
    if (cJSON_GetObjectItem(c, "precision") && fabs(r.precision - num(c, "precision", -1)) > 1e-9)
        CHECK_FAIL_("case %s: precision %g, want %g", name, r.precision, num(c, "precision", -1));
    if (cJSON_GetObjectItem(c, "unmatched") && r.unmatched != (int)num(c, "unmatched", -1))
        CHECK_FAIL_("case %s: unmatched %d", name, r.unmatched);
    if (cJSON_GetObjectItem(c, "order_ok") && r.order_ok != (int)num(c, "order_ok", -1))
        CHECK_FAIL_("case %s: order_ok %d", name, r.order_ok);
    CHECK_STR(r.extraction, "structured");
    for (size_t i = 0; i < r.nlabels; i++)
        CHECK(r.why[i] && *r.why[i]);
    score_result_release(&r);
    buf_release(&got);
}

/* Past the 50 scored gold rows, answer rows that name a gold row still count as naming one. */
static void many_rows(struct scorer *s)
{
    cJSON *gold = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(gold, "rows");
    struct buf reply = BUF_INIT, name = BUF_INIT;
    struct score_result r;
    int i;
    cJSON_AddItemToObject(gold, "columns", cJSON_Parse("[\"name\", \"n\"]"));
    buf_adds(&reply, "{\"rows\": [");
    for (i = 0; i < 55; i++) {
        cJSON *row = cJSON_CreateArray();
        buf_reset(&name);
        buf_addf(&name, "w%d", i);
        cJSON_AddItemToArray(row, cJSON_CreateString(name.s));
        cJSON_AddItemToArray(row, cJSON_CreateNumber(i));
        cJSON_AddItemToArray(rows, row);
        buf_addf(&reply, "%s{\"name\": \"w%d\", \"n\": %d}", i ? ", " : "", i, i);
    }
    buf_adds(&reply, ", {\"name\": \"other\", \"n\": 1}]}");
    CHECK_INT(score_structured(s, reply.s, gold, &r), ==, 0);
    CHECK_INT(r.nlabels, ==, 50);
    CHECK(r.score == 1);
    CHECK_INT(r.items, ==, 56);
    CHECK_INT(r.unmatched, ==, 1);
    score_result_release(&r);
    buf_release(&reply);
    buf_release(&name);
    cJSON_Delete(gold);
}

int main(int argc, char **argv)
{
    struct buf path = BUF_INIT, text = BUF_INIT;
    struct scorer *s = scorer_new(NULL);
    cJSON *cases, *c;
    if (argc < 2) {
        fprintf(stderr, "usage: test_score_json SOURCE_ROOT\n");
        return 2;
    }
    fields();
    schema();
    many_rows(s);
    buf_addf(&path, "%s/tests/data/score_json_cases.json", argv[1]);
    CHECK_INT(read_file(path.s, &text), ==, 0);
    cases = cJSON_Parse(text.s);
    CHECK(cJSON_GetArraySize(cases) >= 30);
    cJSON_ArrayForEach(c, cases)
    {
        one_case(s, c);
    }
    cJSON_Delete(cases);
    scorer_free(s);
    buf_release(&path);
    buf_release(&text);
    return check_done();
}
