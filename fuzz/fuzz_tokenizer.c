/* fuzz_tokenizer: the byte-pair encoder (src/data/tokenizer.c) on arbitrary bytes: the
 * cl100k_base pre-tokenizer pattern over a small rank table (every byte, then a few merges,
 * written as a .tiktoken file at start), encoding checked against counting. */
#include "fuzz.h"

#include "buf.h"
#include "tokenizer.h"

#include <stdlib.h>
#include <string.h>

static struct tokenizer *tok;

static void base64(struct buf *b, const unsigned char *s, size_t n)
{
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;
    for (i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
                     (i + 2 < n ? s[i + 2] : 0);
        buf_addch(b, a[v >> 18 & 63]);
        buf_addch(b, a[v >> 12 & 63]);
        buf_addch(b, i + 1 < n ? a[v >> 6 & 63] : '=');
        buf_addch(b, i + 2 < n ? a[v & 63] : '=');
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const merges[] = {"th",   "he",   "in",       "er", " t", "the",
                                         " the", "an",   "\xc3\xa9", "1",  "12", "123",
                                         "  ",   "\n\n", "'s",       "ing"};
    struct buf ranks = BUF_INIT;
    char *path;
    int i, rank = 0;
    (void)argc, (void)argv;
    fuzz_quiet();
    for (i = 0; i < 256; i++) {
        unsigned char c = (unsigned char)i;
        base64(&ranks, &c, 1);
        buf_addf(&ranks, " %d\n", rank++);
    }
    for (i = 0; i < (int)(sizeof(merges) / sizeof(merges[0])); i++)
        if (strlen(merges[i]) > 1) {
            base64(&ranks, (const unsigned char *)merges[i], strlen(merges[i]));
            buf_addf(&ranks, " %d\n", rank++);
        }
    path = fuzz_write("cl100k_base.tiktoken", ranks.s, ranks.len);
    if (!(tok = tokenizer_load(path)))
        abort();
    free(path);
    buf_release(&ranks);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t *ids = NULL;
    size_t len = 0, alloc = 0;
    tokenizer_encode(tok, (const char *)data, size, &ids, &len, &alloc);
    if (tokenizer_count(tok, (const char *)data, size) != len || len > size)
        __builtin_trap(); /* count and encode agree; every token holds at least one byte */
    free(ids);
    return 0;
}
