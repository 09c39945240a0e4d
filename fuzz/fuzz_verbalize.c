/* fuzz_verbalize: a verbalize.json file through the real loader (src/data/verbalize.c), then
 * every table bound and every template rendered (fuzz_verb.c). */
#include "fuzz.h"
#include "fuzz_verb.h"

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
    char *path = fuzz_write("verbalize.json", data, size);
    struct verbalizer *v = verbalizer_load(path);
    if (v) {
        fuzz_exercise_verbalizer(v);
        verbalizer_free(v);
    }
    free(path);
    return 0;
}
