/* fuzz_prompt: an answer prompt file (harness/prompts/NAME.txt, src/api/prompt.c) through the
 * real loader, then rendered for an instance as run does. */
#include "fuzz.h"

#include "buf.h"
#include "prompt.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char ctx[] = "Wine 1 is red.\nWine 2 {question} is white.\n";
    char *path = fuzz_write("prompt.txt", data, size);
    struct prompt p;
    struct buf out = BUF_INIT;
    if (prompt_load(&p, NULL, path) == 0) {
        prompt_render(&p, ctx, sizeof(ctx) - 1, "How many {context} wines?", "name\nyear\n", &out);
        prompt_render(&p, "", 0, "", NULL, &out);
        prompt_release(&p);
    }
    buf_release(&out);
    free(path);
    return 0;
}
