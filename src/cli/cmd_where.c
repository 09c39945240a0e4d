/* holobench where: what the lookup order of resource.h finds, and where; also the two
 * helpers through which every command turns its --root into folders. */
#include "cmds.h"
#include "err.h"
#include "opts.h"
#include "resource.h"
#include "schema.h"
#include "selection.h"
#include "util.h"
#include "xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const struct cmd_info info = {
    "where",
    "[--root DIR] [schemas | prompt NAME | endpoint NAME]",
    "Print where schemas, query sets, prompts, endpoints and tokenizers are found.",
    "Each is looked for in this order: a path given to a flag; the benchmark folder (--root\n"
    "DIR, else the nearest parent of the working directory holding a holobench.json);\n"
    "$HOLOBENCH_HOME; the installed data folder; for the default prompts (answer,\n"
    "judge-extract, judge-label), the copy compiled into holobench.  Schemas and their query\n"
    "sets come together from the first place with a schemas/ folder.\n"
    "With no argument: the places, then every resource with the place it comes from.  With\n"
    "one: only its path (built-in:NAME for a compiled-in prompt), or exit 1 when not found.\n",
};

char *bench_folder(const char *root)
{
    return resource_bench(root, NULL);
}

char *schema_root(const char *root)
{
    enum res_step step;
    char *bench = bench_folder(root), *dir = resource_schema_root(bench, &step);
    if (!dir) {
        struct buf where = BUF_INIT;
        resource_looked_at(RES_SCHEMAS, bench, NULL, &where);
        error("no schemas folder: looked for %s (give --root DIR or set HOLOBENCH_HOME)", where.s);
        buf_release(&where);
    }
    free(bench);
    return dir;
}

static void print_row(const char *what, const char *path, enum res_step step)
{
    printf("%-22s %s (%s)\n", what, path, resource_step_name(step));
}

static void print_places(const char *bench, const char *how)
{
    const char *home = resource_place(RES_HOME, NULL);
    const char *inst = resource_place(RES_INSTALLED, NULL);
    if (bench)
        printf("%-22s %s (%s)\n", "benchmark folder", bench, how);
    else
        printf("%-22s (none: no --root, no holobench.json here or above)\n", "benchmark folder");
    printf("%-22s %s\n", "$HOLOBENCH_HOME", home ? home : "(unset)");
    printf("%-22s %s%s\n", "installed data", inst, file_exists(inst) ? "" : " (missing)");
}

/* The names of NAME.ext files in the kind's folder of every place, sorted, each once. */
static void collect_names(const char *bench, const char *sub, const char *ext,
                          struct strlist *names)
{
    static const enum res_step steps[] = {RES_BENCH, RES_HOME, RES_INSTALLED};
    size_t i, j, n = strlen(ext);
    for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        const char *place = resource_place(steps[i], bench);
        char *dir = place ? path_join(place, sub) : NULL;
        DIR *d = dir ? opendir(dir) : NULL;
        struct dirent *e;
        while (d && (e = readdir(d))) {
            size_t len = strlen(e->d_name);
            int seen = 0;
            if (e->d_name[0] == '.' || len <= n || strcmp(e->d_name + len - n, ext) ||
                strchr(e->d_name, ','))
                continue;
            for (j = 0; j < names->n; j++)
                seen |= !strncmp(names->v[j], e->d_name, len - n) && !names->v[j][len - n];
            if (!seen) {
                char *name = xstrndup(e->d_name, len - n);
                strlist_add(names, name);
                free(name);
            }
        }
        if (d)
            closedir(d);
        free(dir);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every prompt (the built-in ones too) or endpoint name found anywhere, sorted. */
static void kind_names(const char *bench, enum res_kind kind, struct strlist *names)
{
    const struct resource_text *t;
    size_t i;
    collect_names(bench, kind == RES_PROMPT ? "harness/prompts" : "harness/endpoints",
                  kind == RES_PROMPT ? ".txt" : ".json", names);
    for (t = resource_builtin_prompts; kind == RES_PROMPT && t->name; t++) {
        int seen = 0;
        for (i = 0; i < names->n; i++)
            seen |= !strcmp(names->v[i], t->name);
        if (!seen)
            strlist_add(names, t->name);
    }
    if (names->n)
        qsort(names->v, names->n, sizeof(char *), cmp_str);
}

int check_resource_name(enum res_kind kind, const char *bench, const char *name)
{
    struct strlist names = {NULL, 0, 0};
    struct buf hint = BUF_INIT, where = BUF_INIT;
    enum res_step step;
    char *path;
    if (strchr(name, '/'))
        return 0; /* a path: the loader names it when it is missing */
    if ((path = resource_find(kind, bench, name, &step)) || step == RES_BUILTIN) {
        free(path);
        return 0;
    }
    kind_names(bench, kind, &names);
    if (names.n)
        suggest_choice(&hint, name, (const char *const *)names.v, names.n);
    resource_looked_at(kind, bench, name, &where);
    error("unknown %s '%s'%s; looked for %s", kind == RES_PROMPT ? "prompt" : "endpoint", name,
          names.n ? hint.s : " (there are none)", where.s);
    buf_release(&hint);
    buf_release(&where);
    strlist_clear(&names);
    return -1;
}

int check_schema_names(const char *base, char *const *names, size_t n)
{
    size_t i, nall = 0;
    char **all = NULL;
    int rc = 0;
    for (i = 0; i < n; i++) {
        char *dir = path_join(base, "schemas"), *p = path_join(dir, names[i]);
        struct buf hint = BUF_INIT;
        int found = file_exists(p);
        free(dir);
        free(p);
        if (found)
            continue;
        if (!all && !(all = schema_list(base, 0, &nall)))
            return -1;
        suggest_choice(&hint, names[i], (const char *const *)all, nall);
        rc = error("unknown schema '%s'%s", names[i], hint.s);
        buf_release(&hint);
    }
    free_strv(all);
    return rc;
}

/* Every prompt (the built-in ones too) or endpoint, with where it is found. */
static void print_kind(const char *bench, enum res_kind kind)
{
    const char *label = kind == RES_PROMPT ? "prompt" : "endpoint";
    struct strlist names = {NULL, 0, 0};
    size_t i;
    kind_names(bench, kind, &names);
    for (i = 0; i < names.n; i++) {
        struct buf what = BUF_INIT;
        enum res_step step;
        char *path = resource_find(kind, bench, names.v[i], &step);
        buf_addf(&what, "%s %s", label, names.v[i]);
        if (path) {
            print_row(what.s, path, step);
        } else { /* a built-in prompt: named as the run database records it */
            struct buf b = BUF_INIT;
            buf_addf(&b, "built-in:%s", names.v[i]);
            print_row(what.s, b.s, step);
            buf_release(&b);
        }
        buf_release(&what);
        free(path);
    }
    if (!names.n)
        printf("%-22s (none)\n", label);
    strlist_clear(&names);
}

/* The tokenizer folders in lookup order, each with the tokenizers in it (NAME.tiktoken files
 * and NAME/tokenizer.json folders); the first of a name is the one --tokenizer NAME takes. */
static void print_tokenizers(const char *bench)
{
    char *dirs[RES_TOKENIZER_DIRS];
    size_t n = resource_tokenizer_dirs(bench, dirs), i, k;
    for (i = 0; i < n; i++) {
        DIR *d = opendir(dirs[i]);
        struct dirent *de;
        struct strlist names = {0};
        struct buf p = BUF_INIT, line = BUF_INIT;
        while (d && (de = readdir(d))) {
            size_t len = strlen(de->d_name);
            buf_reset(&p);
            buf_addf(&p, "%s/%s/tokenizer.json", dirs[i], de->d_name);
            if (len > 9 && !strcmp(de->d_name + len - 9, ".tiktoken")) {
                de->d_name[len - 9] = '\0';
                strlist_add(&names, de->d_name);
            } else if (de->d_name[0] != '.' && file_exists(p.s)) {
                strlist_add(&names, de->d_name);
            }
        }
        if (names.n)
            qsort(names.v, names.n, sizeof(*names.v), cmp_str);
        for (k = 0; k < names.n; k++)
            buf_addf(&line, "%s%s", k ? ", " : ": ", names.v[k]);
        printf("%-22s %s%s%s\n", i ? "" : "tokenizer folders", dirs[i], d ? "" : " (missing)",
               line.len ? line.s : "");
        if (d)
            closedir(d);
        strlist_clear(&names);
        buf_release(&p);
        buf_release(&line);
        free(dirs[i]);
    }
}

static void print_all(const char *bench, const char *how)
{
    enum res_step step;
    char *dir = resource_schema_root(bench, &step);
    print_places(bench, how);
    if (dir) {
        char *s = path_join(dir, "schemas"), *q = path_join(dir, "queries");
        print_row("schemas", s, step);
        print_row("queries", q, step);
        free(s);
        free(q);
    } else {
        printf("%-22s (none)\n", "schemas");
    }
    free(dir);
    print_kind(bench, RES_PROMPT);
    print_kind(bench, RES_ENDPOINT);
    print_tokenizers(bench);
}

/* One resource's path alone, for scripts. */
static int print_one(const char *bench, int argc, char **argv)
{
    enum res_step step;
    enum res_kind kind;
    char *path;
    if (!strcmp(argv[0], "schemas") && argc == 1) {
        char *dir = resource_schema_root(bench, &step);
        if (!dir)
            return error("no schemas folder"), EXIT_FAIL;
        printf("%s\n", dir);
        free(dir);
        return EXIT_OK;
    }
    if (argc != 2 || (strcmp(argv[0], "prompt") && strcmp(argv[0], "endpoint")))
        return usage_error(&info, "name 'schemas', 'prompt NAME' or 'endpoint NAME'");
    kind = !strcmp(argv[0], "prompt") ? RES_PROMPT : RES_ENDPOINT;
    if ((path = resource_find(kind, bench, argv[1], &step)) || step == RES_BUILTIN) {
        printf("%s%s\n", path ? "" : "built-in:", path ? path : argv[1]);
        free(path);
        return EXIT_OK;
    }
    error("unknown %s '%s'", argv[0], argv[1]);
    return EXIT_FAIL;
}

int cmd_where(int argc, char **argv)
{
    const char *root = NULL, *how;
    char *bench;
    int n, status;
    const struct opt opts[] = {
        OPT_STRING(0, "root", &root, "DIR", "the benchmark folder (default: see above)"),
        OPT_END(),
    };
    if ((status = opts_parse_n(argc, argv, opts, &info, 0, 2, "name at most a kind and a name",
                               &n)) != OPTS_GO)
        return status;
    bench = resource_bench(root, &how);
    if (n)
        status = print_one(bench, n, argv);
    else
        print_all(bench, how), status = EXIT_OK;
    free(bench);
    return status;
}
