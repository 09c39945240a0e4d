/* replay_main: runs a fuzz target without libFuzzer, on every file of the folders (or the
 * files) named on the command line, so that the corpus and every crasher found are replayed
 * by an ordinary test (the fuzz-replay suite) in each build, sanitizers included.  A folder
 * that does not exist counts as empty; a run with no input at all fails, so that a moved
 * corpus cannot pass unnoticed. */
#include "fuzz.h"

#include "buf.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_file(const char *path)
{
    struct buf b = BUF_INIT;
    if (read_file(path, &b) < 0) {
        fprintf(stderr, "replay: cannot read '%s'\n", path);
        return -1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, b.len);
    LLVMFuzzerTestOneInput((const uint8_t *)(b.s ? b.s : ""), b.len);
    buf_release(&b);
    return 0;
}

/* Replays the files of a folder in name order; returns how many, or -1. */
static long replay_dir(const char *path, DIR *d)
{
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, alloc = 0, i;
    long done = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == alloc) {
            alloc = alloc ? 2 * alloc : 16;
            names = realloc(names, alloc * sizeof(*names));
            if (!names)
                abort();
        }
        names[n++] = path_join(path, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), cmp_str);
    for (i = 0; i < n; i++) {
        if (done >= 0 && replay_file(names[i]) < 0)
            done = -1;
        else if (done >= 0)
            done++;
        free(names[i]);
    }
    free(names);
    return done;
}

int main(int argc, char **argv)
{
    long total = 0;
    int i;
    LLVMFuzzerInitialize(&argc, &argv);
    for (i = 1; i < argc; i++) {
        DIR *d = opendir(argv[i]);
        long k;
        if (d)
            k = replay_dir(argv[i], d);
        else if (errno == ENOENT)
            k = 0;
        else
            k = replay_file(argv[i]) < 0 ? -1 : 1;
        if (k < 0)
            return 1;
        total += k;
    }
    fprintf(stderr, "replay: %ld inputs, no crash\n", total);
    return total > 0 ? 0 : 1;
}
