/* fuzz_answer: the deterministic scorer (src/eval/answer.c, match.c, score.c, score_json.c)
 * as score runs it: the input's first line is the instance's gold (any JSON, as a suite
 * line may hold; a default gold when it is not JSON) and the rest is the model's reply,
 * sanitised as scorerun.c does, then read both as free text and as a structured answer. */
#include "fuzz.h"

#include "buf.h"
#include "score.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <string.h>

static struct scorer *sc;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct score_opts o;
    (void)argc, (void)argv;
    fuzz_quiet();
    score_opts_default(&o);
    sc = scorer_new(&o);
    return 0;
}

static const char default_gold[] =
    "{\"columns\":[\"name\",\"year\",\"price\"],\"key\":[0],"
    "\"rows\":[[\"Ch\\u00e2teau Margaux\",1999,12.5],[\"Opus One\",2001,null]],"
    "\"ordered\":true}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *nl = memchr(s, '\n', size);
    size_t glen = nl ? (size_t)(nl - s) : 0, bad = 0, nul = 0;
    cJSON *gold = glen ? cJSON_ParseWithLength(s, glen) : NULL;
    struct buf reply = BUF_INIT;
    struct score_result res;
    if (!gold)
        gold = cJSON_Parse(default_gold);
    utf8_sanitize(nl ? nl + 1 : s, nl ? size - glen - 1 : size, &reply, &bad, &nul);
    if (!reply.s)
        buf_adds(&reply, "");
    memset(&res, 0, sizeof(res));
    if (score_structured(sc, reply.s, gold, &res) == 0)
        score_result_release(&res);
    memset(&res, 0, sizeof(res));
    score_reply(sc, reply.s, gold, &res);
    score_result_release(&res);
    cJSON_Delete(gold);
    buf_release(&reply);
    return 0;
}
