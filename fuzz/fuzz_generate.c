/* fuzz_generate: a generate.json file (src/data/datagen_spec.c, datagen.c) through the real
 * loader, against the wine schema's tables (schemas/wine/schema.sql, executed into a fresh
 * in-memory database for each input) with its word lists beside it, and drawn at a small
 * scale. */
#include "fuzz.h"

#include "buf.h"
#include "datagen.h"
#include "util.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct buf ddl = BUF_INIT;
static char *schema_dir;

/* Copies schemas/wine/words into the folder the input's generate.json is written to. */
static void copy_words(void)
{
    const char *src = FUZZ_SRC_ROOT "/schemas/wine/words";
    DIR *d = opendir(src);
    struct dirent *e;
    char *words = path_join(schema_dir, "words");
    if (!d || mkdir(words, 0700) < 0)
        abort();
    while ((e = readdir(d))) {
        struct buf text = BUF_INIT;
        char *from, *to;
        FILE *f;
        if (e->d_name[0] == '.')
            continue;
        from = path_join(src, e->d_name);
        to = path_join(words, e->d_name);
        if (read_file(from, &text) < 0 || !(f = fopen(to, "wb")) ||
            fwrite(text.s, 1, text.len, f) != text.len || fclose(f))
            abort();
        free(from);
        free(to);
        buf_release(&text);
    }
    closedir(d);
    free(words);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet();
    if (read_file(FUZZ_SRC_ROOT "/schemas/wine/schema.sql", &ddl) < 0)
        abort();
    schema_dir = path_join(fuzz_dir(), "wine");
    if (mkdir(schema_dir, 0700) < 0)
        abort();
    copy_words();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = path_join(schema_dir, "generate.json");
    FILE *f = fopen(path, "wb");
    sqlite3 *db;
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f))
        abort();
    if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
        sqlite3_exec(db, ddl.s, NULL, NULL, NULL) != SQLITE_OK)
        abort();
    datagen_fill(db, schema_dir, 0.01, 1);
    sqlite3_close(db);
    free(path);
    return 0;
}
