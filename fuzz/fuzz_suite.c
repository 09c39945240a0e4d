/* fuzz_suite: a suite file (JSON lines) as gold, show and score read it: each line through
 * instance_parse() and instance_line_id() (src/gen/suite.c) and the --filter matcher, the
 * whole file through `gold` (src/gen/regold.c, against the test schema in tests/data/root,
 * writing the updated suite and its report) and through score's gold index
 * (src/eval/scorerun.c). */
#include "fuzz.h"

#include "buf.h"
#include "filter.h"
#include "regold.h"
#include "scorerun.h"
#include "suite.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    if (!(sink = tmpfile()))
        abort();
    return 0;
}

static void one_line(const char *line, size_t n)
{
    static char *const filters[] = {"schema=mini", "length=4k", "mini-q0*", NULL};
    struct instance_text big;
    struct buf own = BUF_INIT, id = BUF_INIT;
    char *copy = fuzz_str((const uint8_t *)line, n);
    cJSON *head = instance_parse(copy, n, &big, &own);
    if (head) {
        filter_selects(filters, head);
        cJSON_Delete(head);
    }
    instance_line_id(copy, n, &id);
    free(copy);
    buf_release(&own);
    buf_release(&id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *end = s + size;
    char *path = fuzz_write("suite.jsonl", data, size);
    struct regold_opts o = {FUZZ_SRC_ROOT "/tests/data/root", NULL, 0, sink};
    struct regold_stats st;
    struct gold_index *gi;
    int lines = 0;
    while (s < end && lines++ < 1000) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
        one_line(s, n);
        s += n + (nl != NULL);
    }
    rewind(sink);
    regold_suite(path, sink, &o, &st);
    o.json = 1;
    regold_suite(path, NULL, &o, &st);
    fflush(sink);
    if (ftruncate(fileno(sink), 0) < 0)
        abort();
    rewind(sink);
    if ((gi = gold_index_load(path))) {
        gold_index_get(gi, "mini-q01-4k-a1k-uniform-s1", NULL);
        gold_index_question(gi, "x");
        gold_index_free(gi);
    }
    free(path);
    return 0;
}
