/* resource: where schemas, query sets, prompts and endpoints are found, in one order.
 *
 * Every place has the layout of the source tree: schemas/NAME/, queries/NAME.json,
 * harness/prompts/NAME.txt, harness/endpoints/NAME.json.  A resource is looked for
 *   1. at an explicit path: a name with a '/' in it (a flag's value), used as it is;
 *   2. in the benchmark folder: --root DIR, else the nearest parent of the working
 *      directory that holds a holobench.json;
 *   3. in $HOLOBENCH_HOME;
 *   4. in the installed data folder, PREFIX/share/holobench (fixed when holobench is built);
 *   5. for the default prompts (answer, answer-json, judge-extract, judge-label): in the copy
 *      compiled into the program, so that `run` works with no files at all.
 * A prompt or an endpoint is looked up by name through the places in turn.  Schemas and their
 * query sets come together from one place, the first with a schemas/ folder, so that a
 * benchmark folder's own schemas are never mixed with the installed ones.
 *
 * A run database records where its suite was as an absolute path and as a path relative to
 * the run's folder: resource_recorded_path() takes whichever still exists, so a run found
 * elsewhere, or a results folder moved together with its suites, still finds its suite.
 *
 * Every returned char * is fresh (the caller frees it) unless marked static. */
#ifndef HB_RESOURCE_H
#define HB_RESOURCE_H

#include "buf.h"

enum res_kind { RES_SCHEMAS, RES_PROMPT, RES_ENDPOINT };
enum res_step { RES_NOT_FOUND, RES_EXPLICIT, RES_BENCH, RES_HOME, RES_INSTALLED, RES_BUILTIN };

/* ---- places ---------------------------------------------------------------------------- */
/* The benchmark folder: root when given, else the nearest parent of the working directory
 * holding a holobench.json; NULL when there is none.  *how (may be NULL) is set to a static
 * "--root" or "holobench.json". */
char *resource_bench(const char *root, const char **how);
/* The folder of a place (RES_BENCH is bench itself; RES_HOME is $HOLOBENCH_HOME; RES_INSTALLED
 * is the installed data folder), or NULL when it is unset or empty.  Static or bench. */
const char *resource_place(enum res_step step, const char *bench);
/* "benchmark folder", "$HOLOBENCH_HOME", ... (static). */
const char *resource_step_name(enum res_step step);

/* ---- lookup ---------------------------------------------------------------------------- */
/* NAME of a kind (a prompt or an endpoint name, or a path with a '/'): the path of the first
 * place that has it and that place in *step; NULL with RES_NOT_FOUND, printing nothing, when
 * none has it (for a prompt with a built-in copy: NULL with RES_BUILTIN). */
char *resource_find(enum res_kind kind, const char *bench, const char *name, enum res_step *step);
/* The place to read schemas/ and queries/ under: the first that has a schemas/ folder, with
 * the place in *step; NULL with RES_NOT_FOUND when none has.  Prints nothing. */
char *resource_schema_root(const char *bench, enum res_step *step);
/* "'A/schemas', 'B/schemas'": the folders that were looked at for NAME (NULL: the kind's
 * folder), for error messages. */
void resource_looked_at(enum res_kind kind, const char *bench, const char *name, struct buf *out);
/* The compiled-in text of a default prompt, or NULL (static). */
const char *resource_builtin_prompt(const char *name);
/* The default prompts, generated from harness/prompts/NAME.txt by tools/embed_text.py when
 * holobench is built; ends with {NULL, NULL}. */
struct resource_text {
    const char *name;
    const char *text;
};
extern const struct resource_text resource_builtin_prompts[];

/* ---- tokenizer files ------------------------------------------------------------------- */
/* A tokenizer given as NAME or as a path.  A value with a '/' or ending in ".tiktoken" or
 * ".json" is a path, used as it is.  A NAME is looked for, in turn, as NAME.tiktoken and then
 * NAME/tokenizer.json in: the benchmark folder's tokenizers/; $HOLOBENCH_TOKENIZERS (the
 * files directly in it); $HOLOBENCH_HOME/tokenizers/; the user's data folder
 * ($XDG_DATA_HOME, else ~/.local/share, then holobench/tokenizers/); the installed data
 * folder's tokenizers/.  Returns the path, or NULL with the places looked at in `looked`. */
char *resource_find_tokenizer(const char *bench, const char *name, struct buf *looked);
/* The folders looked in for a tokenizer NAME, in order (fresh strings, at most
 * RES_TOKENIZER_DIRS); returns how many. */
#define RES_TOKENIZER_DIRS 5
size_t resource_tokenizer_dirs(const char *bench, char *dirs[RES_TOKENIZER_DIRS]);

/* ---- paths recorded in run databases ---------------------------------------------------- */
/* The absolute form of an existing path (symbolic links resolved); NULL when it cannot be
 * resolved. */
char *path_absolute(const char *path);
/* Path `to` written relative to the folder holding `from_file`, both existing; NULL when
 * either cannot be resolved. */
char *path_relative_to_file(const char *from_file, const char *to);
/* Where a recorded file is now: abs when it exists, else rel taken from the folder of
 * run_path when that exists, else abs (or rel) unchanged so that a message can name it.
 * Either may be NULL; NULL when both are. */
char *resource_recorded_path(const char *abs, const char *rel, const char *run_path);

#endif
