/* resource.c: the one lookup order for schemas, query sets, prompts and endpoints, and the
 * paths a run database records; the interface and its rules are in resource.h. */
#include "resource.h"

#include "util.h"
#include "xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

#ifndef HB_DATADIR
#error "HB_DATADIR (PREFIX/share/holobench) comes from meson.build"
#endif

static const enum res_step places[] = {RES_BENCH, RES_HOME, RES_INSTALLED};
#define N_PLACES (sizeof(places) / sizeof(places[0]))

/* The nearest folder from the working directory up that holds a holobench.json. */
static char *find_marked_parent(void)
{
    char *dir = getcwd(NULL, 0);
    while (dir) {
        char *marker = path_join(dir, "holobench.json");
        char *slash = strrchr(dir, '/');
        int found = file_exists(marker);
        free(marker);
        if (found)
            return dir;
        if (!slash || slash == dir) {
            free(dir);
            return NULL;
        }
        *slash = '\0';
    }
    return NULL;
}

char *resource_bench(const char *root, const char **how)
{
    if (how)
        *how = root ? "--root" : "holobench.json";
    return root ? xstrdup(root) : find_marked_parent();
}

const char *resource_place(enum res_step step, const char *bench)
{
    const char *home;
    switch (step) {
    case RES_BENCH:
        return bench;
    case RES_HOME:
        home = getenv("HOLOBENCH_HOME");
        return home && *home ? home : NULL;
    case RES_INSTALLED:
        return HB_DATADIR;
    default:
        return NULL;
    }
}

const char *resource_step_name(enum res_step step)
{
    switch (step) {
    case RES_EXPLICIT:
        return "given path";
    case RES_BENCH:
        return "benchmark folder";
    case RES_HOME:
        return "$HOLOBENCH_HOME";
    case RES_INSTALLED:
        return "installed data";
    case RES_BUILTIN:
        return "built-in";
    default:
        return "not found";
    }
}

/* The folder a kind lives in under a place, and the file of NAME there. */
static char *place_path(enum res_kind kind, const char *place, const char *name)
{
    static const char *const dirs[] = {"schemas", "harness/prompts", "harness/endpoints"};
    static const char *const exts[] = {"", ".txt", ".json"};
    struct buf file = BUF_INIT;
    char *dir = path_join(place, dirs[kind]), *path;
    if (!name)
        return dir;
    buf_addf(&file, "%s%s", name, exts[kind]);
    path = path_join(dir, file.s);
    free(dir);
    buf_release(&file);
    return path;
}

char *resource_find(enum res_kind kind, const char *bench, const char *name, enum res_step *step)
{
    size_t i;
    *step = RES_EXPLICIT;
    if (strchr(name, '/'))
        return xstrdup(name);
    for (i = 0; i < N_PLACES; i++) {
        const char *place = resource_place(places[i], bench);
        char *path = place ? place_path(kind, place, name) : NULL;
        if (path && file_exists(path)) {
            *step = places[i];
            return path;
        }
        free(path);
    }
    *step = kind == RES_PROMPT && resource_builtin_prompt(name) ? RES_BUILTIN : RES_NOT_FOUND;
    return NULL;
}

char *resource_schema_root(const char *bench, enum res_step *step)
{
    size_t i;
    for (i = 0; i < N_PLACES; i++) {
        const char *place = resource_place(places[i], bench);
        char *dir = place ? place_path(RES_SCHEMAS, place, NULL) : NULL;
        int found = dir && file_exists(dir);
        free(dir);
        if (found) {
            *step = places[i];
            return xstrdup(place);
        }
    }
    *step = RES_NOT_FOUND;
    return NULL;
}

void resource_looked_at(enum res_kind kind, const char *bench, const char *name, struct buf *out)
{
    size_t i;
    int first = 1;
    for (i = 0; i < N_PLACES; i++) {
        const char *place = resource_place(places[i], bench);
        char *path;
        if (!place)
            continue;
        path = place_path(kind, place, name);
        buf_addf(out, "%s'%s'", first ? "" : ", ", path);
        first = 0;
        free(path);
    }
}

const char *resource_builtin_prompt(const char *name)
{
    const struct resource_text *t;
    for (t = resource_builtin_prompts; t->name; t++)
        if (!strcmp(t->name, name))
            return t->text;
    return NULL;
}

/* ---- tokenizer files --------------------------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* NAME.tiktoken or NAME/tokenizer.json in dir; fresh path or NULL. */
static char *tokenizer_in(const char *dir, const char *name, struct buf *looked)
{
    static const char *const forms[] = {"%s/%s.tiktoken", "%s/%s/tokenizer.json"};
    struct buf p = BUF_INIT;
    size_t i;
    for (i = 0; i < 2; i++) {
        buf_reset(&p);
        buf_addf(&p, forms[i], dir, name);
        if (file_exists(p.s))
            return buf_detach(&p, NULL);
    }
    buf_addf(looked, "%s'%s/'", looked->len ? ", " : "", dir);
    buf_release(&p);
    return NULL;
}

size_t resource_tokenizer_dirs(const char *bench, char *dirs[RES_TOKENIZER_DIRS])
{
    const char *env = getenv("HOLOBENCH_TOKENIZERS"), *home = getenv("HOLOBENCH_HOME");
    const char *xdg = getenv("XDG_DATA_HOME"), *user = getenv("HOME");
    size_t n = 0;
    if (bench)
        dirs[n++] = path_join(bench, "tokenizers");
    if (env && *env)
        dirs[n++] = xstrdup(env);
    if (home && *home)
        dirs[n++] = path_join(home, "tokenizers");
    if (xdg && *xdg)
        dirs[n++] = path_join(xdg, "holobench/tokenizers");
    else if (user && *user)
        dirs[n++] = path_join(user, ".local/share/holobench/tokenizers");
    dirs[n++] = path_join(HB_DATADIR, "tokenizers");
    return n;
}

char *resource_find_tokenizer(const char *bench, const char *name, struct buf *looked)
{
    char *dirs[RES_TOKENIZER_DIRS], *found = NULL;
    size_t n, i;
    if (strchr(name, '/') || ends_with(name, ".tiktoken") || ends_with(name, ".json"))
        return xstrdup(name);
    n = resource_tokenizer_dirs(bench, dirs);
    for (i = 0; i < n; i++) {
        if (!found)
            found = tokenizer_in(dirs[i], name, looked);
        free(dirs[i]);
    }
    return found;
}

/* ---- paths recorded in run databases ---------------------------------------------------- */

char *path_absolute(const char *path)
{
    return realpath(path, NULL);
}

char *path_relative_to_file(const char *from_file, const char *to)
{
    char *from = path_absolute(from_file), *dest = path_absolute(to), *slash;
    struct buf rel = BUF_INIT;
    size_t common = 0, i;
    if (!from || !dest || !(slash = strrchr(from, '/'))) {
        free(from);
        free(dest);
        return NULL;
    }
    slash[1] = '\0'; /* the run's folder, with its final '/' */
    for (i = 0; from[i] && from[i] == dest[i]; i++)
        if (from[i] == '/')
            common = i + 1;
    for (i = common; from[i]; i++)
        if (from[i] == '/')
            buf_adds(&rel, "../");
    buf_adds(&rel, dest + common);
    free(from);
    free(dest);
    return buf_detach(&rel, NULL);
}

char *resource_recorded_path(const char *abs, const char *rel, const char *run_path)
{
    if (abs && file_exists(abs))
        return xstrdup(abs);
    if (rel && run_path) {
        const char *slash = strrchr(run_path, '/');
        char *dir = slash ? xstrndup(run_path, (size_t)(slash - run_path)) : xstrdup(".");
        char *path = rel[0] == '/' ? xstrdup(rel) : path_join(dir, rel);
        free(dir);
        if (file_exists(path))
            return path;
        free(path);
    }
    return abs ? xstrdup(abs) : rel ? xstrdup(rel) : NULL;
}
