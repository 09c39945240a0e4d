/* holobench tokens: counts the tokens of text with a model's tokenizer, line by line. */
#include "cmds.h"
#include "err.h"
#include "opts.h"
#include "tokenizer.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const struct cmd_info info = {
    "tokens",
    "--tokenizer NAME|FILE [--ids | --total] [FILE...|-]",
    "Count the tokens of text with a tokenizer file, one count per line and a total.",
    "FILE.tiktoken is an OpenAI rank file (cl100k_base and o200k_base by name, any other\n"
    "with NAME.json beside it giving its pattern); any other file is a Hugging Face\n"
    "tokenizer.json.  Each line of the input (without its newline) prints its count; after\n"
    "each input, 'total N NAME' counts the whole input as one text, newlines included.\n"
    "--total prints only the totals.  Bytes that are not UTF-8 count one token each.\n"
    "Without FILE, or with -, reads stdin.\n",
};

static int read_stdin(struct buf *out)
{
    char tmp[65536];
    size_t n;

    buf_reset(out);
    while ((n = fread(tmp, 1, sizeof(tmp), stdin)) > 0)
        buf_add(out, tmp, n);
    return ferror(stdin) ? error("cannot read stdin: %s", strerror(errno)) : 0;
}

/* One line's count, or its ids separated by spaces. */
static void print_line(struct tokenizer *t, const char *s, size_t n, int ids)
{
    uint32_t *v = NULL;
    size_t len = 0, alloc = 0, i;

    if (!ids) {
        printf("%zu\n", tokenizer_count(t, s, n));
        return;
    }
    tokenizer_encode(t, s, n, &v, &len, &alloc);
    for (i = 0; i < len; i++)
        printf(i ? " %u" : "%u", (unsigned)v[i]);
    putchar('\n');
    free(v);
}

static int count_input(struct tokenizer *t, const char *name, int ids, int total_only)
{
    struct buf text = BUF_INIT;
    const char *p, *end, *eol;

    if (strcmp(name, "-") ? read_file(name, &text) : read_stdin(&text)) {
        buf_release(&text);
        return -1;
    }
    for (p = text.s, end = text.s + text.len; p < end && !total_only; p = eol + 1) {
        if (!(eol = memchr(p, '\n', (size_t)(end - p))))
            eol = end;
        print_line(t, p, (size_t)(eol - p), ids);
    }
    printf("total %zu %s\n", tokenizer_count(t, text.s, text.len), name);
    buf_release(&text);
    return 0;
}

int cmd_tokens(int argc, char **argv)
{
    const char *file = NULL, *dash = "-";
    struct tokenizer *t;
    int ids = 0, total_only = 0, n, i, rc = 0;
    const struct opt opts[] = {
        OPT_STRING(0, "tokenizer", &file, "NAME|FILE",
                   "a .tiktoken rank file, a tokenizer.json, or a NAME in tokenizers/"),
        OPT_BOOL(0, "ids", &ids, "print each line's token ids instead of its count"),
        OPT_BOOL(0, "total", &total_only, "print only each input's total"),
        OPT_END(),
    };
    if ((rc = opts_parse_n(argc, argv, opts, &info, 0, -1, "", &n)) != OPTS_GO)
        return rc;
    if (!file)
        return usage_error(&info, "--tokenizer FILE is required");
    {
        struct buf looked = BUF_INIT;
        char *bench = bench_folder(NULL), *path = resource_find_tokenizer(bench, file, &looked);
        free(bench);
        if (!path)
            error("--tokenizer: no tokenizer named '%s' (looked for %s.tiktoken and "
                  "%s/tokenizer.json in %s); give a file's path",
                  file, file, file, looked.s);
        buf_release(&looked);
        t = path ? tokenizer_load(path) : NULL;
        free(path);
        if (!t)
            return EXIT_FAIL;
    }
    rc = 0;
    for (i = 0; i < (n ? n : 1) && !rc; i++)
        rc = count_input(t, n ? argv[i] : dash, ids, total_only);
    tokenizer_free(t);
    return rc ? EXIT_FAIL : EXIT_OK;
}
