/* fuzz_judge: what the LLM judge reads from outside (src/eval/judge.c): the input's first line
 * is the instance's gold (any JSON; a default gold when it is not JSON), the rest the answer
 * put into the label prompt and then read back as the labeller's reply. */
#include "fuzz.h"

#include "buf.h"
#include "judge.h"
#include "score.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    return 0;
}

static const char default_gold[] = "{\"columns\":[\"name\",\"id\"],\"rows\":[[\"a\",1],[\"b\",2]]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *all = fuzz_str(data, size), *nl = strchr(all, '\n');
    cJSON *gold = nl && nl > all ? cJSON_ParseWithLength(all, (size_t)(nl - all)) : NULL;
    const char *reply = nl ? nl + 1 : all;
    struct buf block = BUF_INIT;
    struct score_result r;
    if (!gold)
        gold = cJSON_Parse(default_gold);
    judge_gold_block(gold, reply, &block);
    judge_parse_labels(reply, gold, &r);
    score_result_release(&r);
    buf_release(&block);
    cJSON_Delete(gold);
    free(all);
    return 0;
}
