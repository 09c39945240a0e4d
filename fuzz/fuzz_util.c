/* fuzz_util: the temporary folder, file writing and quieting that the fuzz targets share. */
#include "fuzz.h"

#include "err.h"
#include "util.h"
#include "xalloc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

/* Removes a folder and what is in it, folders included (the targets make few and small). */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d))) {
        char *p;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        p = path_join(path, e->d_name);
        if (unlink(p) < 0)
            remove_tree(p);
        free(p);
    }
    closedir(d);
    rmdir(path);
}

static void remove_dir(void)
{
    remove_tree(dir);
}

const char *fuzz_dir(void)
{
    if (!dir[0]) {
        /* in memory where there is a tmpfs: targets that write SQLite files per input
         * (batch, rundb) would otherwise wait on disk syncs most of the time */
        snprintf(dir, sizeof(dir), "%s/hb-fuzz-XXXXXX",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            abort();
        }
        atexit(remove_dir);
    }
    return dir;
}

char *fuzz_write(const char *name, const void *data, size_t size)
{
    char *path = path_join(fuzz_dir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f)) {
        perror(path);
        abort();
    }
    return path;
}

char *fuzz_str(const uint8_t *data, size_t size)
{
    char *s = xmalloc(st_add(size, 1));
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

void fuzz_quiet(void)
{
    set_verbosity(0);
    set_max_errors(1);
}
