/* cmds: the subcommands.  Each takes argv with argv[0] the command name and returns an exit
 * status (EXIT_OK, EXIT_FAIL, EXIT_USAGE). */
#ifndef HB_CMDS_H
#define HB_CMDS_H

#include "resource.h"

#include <stddef.h>

int cmd_validate(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_gold(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_data(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_where(int argc, char **argv);
int cmd_init(int argc, char **argv);

/* Where the commands' --root leads (cmd_where.c; the order is in resource.h).  Both return
 * a fresh string the caller frees. */
/* The benchmark folder: root, else the nearest parent with a holobench.json; NULL: none. */
char *bench_folder(const char *root);
/* The folder to read schemas/ and queries/ under; NULL after printing where none was. */
char *schema_root(const char *root);

/* 0 when a prompt or endpoint NAME is found (or is a path, or built in); else -1 after
 * printing "unknown endpoint 'opnai'; did you mean 'openai'? (...)" and where it looked. */
int check_resource_name(enum res_kind kind, const char *bench, const char *name);
/* 0 when every name is a folder under base/schemas; else -1 after printing each unknown one
 * with the nearest name and the choices. */
int check_schema_names(const char *base, char *const *names, size_t n);

#endif
