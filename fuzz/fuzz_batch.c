/* fuzz_batch: result lines of a provider's batch service as import reads them
 * (src/api/batch_import.c read_result, then the owning provider's batch table: which API a
 * line belongs to, what it says, and the reply or failure it turns into). */
#include "fuzz.h"

#include "buf.h"
#include "err.h"
#include "jsonloc.h"
#include "provider.h"

#include <cjson/cJSON.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    return 0;
}

static void one_line(const char *line, size_t n, int lineno)
{
    struct srcloc loc = {"fuzz.jsonl", lineno, 0};
    cJSON *r = cJSON_ParseWithLength(line, n);
    const struct provider *owner;
    enum batch_kind kind;
    if (cJSON_IsObject(r) && (owner = provider_batch_owner(r))) {
        (void)json_str(r, "custom_id");
        if (owner->batch.kind(r, &loc, &kind) == 0 && (kind == BATCH_OK || kind == BATCH_FAIL)) {
            struct reply rep;
            struct buf msg = BUF_INIT;
            enum failure f = FAIL_NONE;
            long status = 0;
            reply_init(&rep);
            owner->batch.judge(r, &rep, &status, &f, &msg);
            reply_release(&rep);
            buf_release(&msg);
        }
    }
    cJSON_Delete(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *end = s + size;
    int lineno = 1;
    while (s < end && lineno <= 1000) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        one_line(s, n, lineno++);
        s += n + (nl != NULL);
    }
    return 0;
}
