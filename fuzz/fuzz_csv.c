/* fuzz_csv: the CSV reader (src/data/csv.c) on arbitrary bytes: every record and field is
 * read to the end, and each field written back through the writer's quoting. */
#include "fuzz.h"

#include "buf.h"
#include "csv.h"
#include "value.h"

#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_reader *r = csv_reader_new((const char *)data, size, "fuzz.csv");
    const struct csv_field *f;
    struct buf out = BUF_INIT;
    size_t n, i;
    int line, rc, records = 0;
    while ((rc = csv_next(r, &f, &n, &line)) == 1 && records++ < 100000)
        for (i = 0; i < n; i++) {
            volatile char sink = f[i].len ? f[i].s[f[i].len - 1] : 0;
            (void)sink;
            csv_add_text(&out, f[i].s, f[i].len);
            buf_reset(&out);
        }
    if (rc < 0 && csv_next(r, &f, &n, &line) != -1)
        __builtin_trap(); /* after -1 every call returns -1 (csv.h) */
    csv_reader_free(r);
    buf_release(&out);
    return 0;
}
