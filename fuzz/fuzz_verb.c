/* fuzz_verb: what the verbalize and template targets do with a loaded verbalize.json — bind
 * every table to a fixed set of columns and render, check and describe every template over
 * rows with and without NULLs and line breaks. */
#include "fuzz_verb.h"

#include "buf.h"
#include "value.h"
#include "verbalize.h"

#include <sqlite3.h>
#include <string.h>

static const char *const columns[] = {"id", "name", "region", "Year", "price"};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

static void fill_row(struct cell *row, int variant)
{
    static char name[] = "Ch\xc3\xa2teau\nLine", region[] = "Rh\xc3\xb4ne[x]";
    memset(row, 0, NCOLS * sizeof(*row));
    row[0].type = SQLITE_INTEGER, row[0].i = 7, row[0].text = "7", row[0].len = 1;
    row[1].type = SQLITE_TEXT, row[1].text = name, row[1].len = strlen(name);
    row[2].type = variant ? SQLITE_NULL : SQLITE_TEXT;
    if (!variant)
        row[2].text = region, row[2].len = strlen(region);
    row[3].type = variant == 1 ? SQLITE_NULL : SQLITE_INTEGER;
    if (variant != 1)
        row[3].i = 1999, row[3].text = "1999", row[3].len = 4;
    row[4].type = SQLITE_NULL;
}

void fuzz_exercise_verbalizer(struct verbalizer *v)
{
    struct cell row[NCOLS];
    struct buf out = BUF_INIT;
    size_t t, k, c, bad;
    int variant;
    verbalizer_is_skipped(v, "wines");
    verbalizer_table(v, "WINES");
    for (t = 0; t < verbalizer_count(v) && t < 16; t++) {
        struct vtable *vt = verbalizer_at(v, t);
        size_t n = vtable_count(vt);
        (void)vtable_name(vt);
        (void)vtable_loc(vt, n);
        if (vtable_bind(vt, columns, NCOLS) != 0)
            continue;
        for (k = 0; k < n && k < 16; k++) {
            (void)vtable_source(vt, k);
            (void)vtable_loc(vt, k);
            for (c = 0; c < NCOLS; c++)
                vtable_mentions(vt, k, c), vtable_optional(vt, k, c);
            for (variant = 0; variant < 3; variant++) {
                fill_row(row, variant);
                buf_reset(&out);
                vtable_render(vt, k, row, &out);
                vtable_faithful(vt, k, row, out.s ? out.s : "", &bad);
            }
        }
        verbalize_choose(1, vtable_name(vt), "7", n ? n : 1);
    }
    buf_release(&out);
}
