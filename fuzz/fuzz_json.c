/* fuzz_json: what every JSON input file goes through before its loader reads it
 * (src/base/jsonloc.c): parsing with a located error, the one-pass line index, and locating
 * values by path in both ways, which must agree. */
#include "fuzz.h"

#include "jsonloc.h"

#include <cjson/cJSON.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct jstep paths[][3] = {
        {{"tables", 0}, {"wines", 0}, {"templates", 0}},
        {{"queries", 0}, {NULL, 1}, {"sql", 0}},
        {{NULL, 0}, {NULL, 2}, {"id", 0}},
        {{"params", 0}, {"max_tokens", 0}, {NULL, 0}},
    };
    const char *text = (const char *)data;
    cJSON *root = json_parse_file_text(text, size, "fuzz.json");
    struct json_lines *ix = json_lines_new(text, size);
    size_t i, n;
    for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        for (n = 0; n <= 3; n++)
            if (root && json_line(text, size, paths[i], n) != json_lines_get(ix, paths[i], n))
                __builtin_trap(); /* one pass and the rescan locate the same line */
    json_lines_free(ix);
    cJSON_Delete(root);
    return 0;
}
