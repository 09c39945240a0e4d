/* cmds: the subcommands.  Each takes argv with argv[0] the command name and returns an exit
 * status (EXIT_OK, EXIT_FAIL, EXIT_USAGE). */
#ifndef HB_CMDS_H
#define HB_CMDS_H

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

#endif
