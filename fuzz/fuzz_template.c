/* fuzz_template: one template of verbalize.json (the input, as the template's text) compiled,
 * bound and rendered, without the JSON around it getting in the fuzzer's way. */
#include "fuzz.h"
#include "fuzz_verb.h"

#include "buf.h"
#include "verbalize.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf j = BUF_INIT;
    struct verbalizer *v;
    char *path;
    buf_adds(&j, "{\"tables\": {\"wines\": {\"templates\": [\n");
    buf_add_json_str(&j, (const char *)data, size);
    buf_adds(&j, ",\n\"{name}[ from {region}]\", \"{id}: {Year}\"]}}}\n");
    path = fuzz_write("verbalize.json", j.s, j.len);
    if ((v = verbalizer_load(path))) {
        fuzz_exercise_verbalizer(v);
        verbalizer_free(v);
    }
    free(path);
    buf_release(&j);
    return 0;
}
