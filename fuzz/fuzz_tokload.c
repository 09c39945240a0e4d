/* fuzz_tokload: a tokenizer file through the real loader (src/data/tokenizer_load.c): input
 * starting with '{' as a Hugging Face tokenizer.json, anything else as a .tiktoken rank file
 * (with a side file naming the pattern); one that loads then encodes a fixed text with an
 * added token, odd bytes and invalid UTF-8. */
#include "fuzz.h"

#include "tokenizer.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char side[] = "{\"name\": \"tiny\", \"pattern\": \"\\\\S+|\\\\s+\"}";
    (void)argc, (void)argv;
    fuzz_quiet();
    free(fuzz_write("tiny.json", side, sizeof(side) - 1));
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char text[] = "abcd aaa <x> caf\xc3\xa9 \xff\xfe 123 it's\n\n  x<x";
    int json = size && data[0] == '{';
    char *path = fuzz_write(json ? "tokenizer.json" : "tiny.tiktoken", data, size);
    struct tokenizer *t = tokenizer_load(path);
    if (t) {
        uint32_t *ids = NULL;
        size_t len = 0, alloc = 0;
        tokenizer_encode(t, text, sizeof(text) - 1, &ids, &len, &alloc);
        if (tokenizer_count(t, text, sizeof(text) - 1) != len)
            __builtin_trap(); /* counting and encoding agree */
        (void)tokenizer_name(t);
        free(ids);
        tokenizer_free(t);
    }
    free(path);
    return 0;
}
