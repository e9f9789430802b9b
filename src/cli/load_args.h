/*
 * load_args.h -- the session-loading options every subcommand that reads
 * a session shares (--map, --fs, --delimiter, --lenient, --input-format), and loading a
 * FILE argument ('-' is standard input).
 */
#ifndef HINGE_CLI_LOAD_ARGS_H
#define HINGE_CLI_LOAD_ARGS_H

#include "hinge/hinge.h"

#define CLI_MAX_MAP 32

typedef struct cli_load_args {
  hinge_load_options opts;
  hinge_role_map map[CLI_MAX_MAP];
} cli_load_args;

/* All fields zero: detect everything. */
void cli_load_args_init(cli_load_args *a);

/* If argv[*i] is an option named name ("--fs"), as "--fs VALUE" or
 * "--fs=VALUE": set *value, advance *i past a separate value and return
 * 1; return 0 when argv[*i] is another word; -1 when the value is
 * missing (a usage error was printed for cmd). */
int cli_opt_value(const char *cmd, int argc, char **argv, int *i, const char *name,
                  const char **value);

/* Consume argv[*i] if it is a loading option: returns 1 when consumed, 0
 * when it is not one, -1 after printing a usage error for cmd. */
int cli_load_option(const char *cmd, int argc, char **argv, int *i, cli_load_args *a);

/* The usage lines for those options, to paste into a command's help. */
#define CLI_LOAD_OPTIONS_HELP                                                       \
  "  --map ROLE=COLUMN   give a column a role (time, hip, thoracic, lumbar, knee,\n" \
  "                      shin, trunk, athlete, date, set, load_kg, exercise);\n"    \
  "                      repeatable; ROLE=-COLUMN inverts an angle column\n"       \
  "                      (a sensor counting flexion negative)\n"                   \
  "  --fs HZ             the sample rate, instead of the time column's median step\n" \
  "  --delimiter D       ',', ';' or 'tab' (default: detected)\n"                   \
  "  --lenient           load bad values as missing, pad ragged rows, allow time\n" \
  "                      going backwards -- each reported as a warning\n"       \
  "  --threads N         parse plain numeric rows with N threads (default 1;\n"  \
  "                      the result is identical for any N)\n"                  \
  "  --input-format NAME read the files as NAME (csv, opensim, ...; default:\n"  \
  "                      detected from the content; docs/formats.md)\n"

/* Load path ("-": standard input) with a's options.  On failure prints
 * the file:line:col error and returns NULL. */
hinge_table *cli_load_table(const char *path, const cli_load_args *a);
/* The same without printing: the status, with the error in err (a batch
 * prints it later, in input order).  Thread-safe for distinct paths
 * ("-" reads standard input). */
int cli_load_table_err(const char *path, const cli_load_args *a, hinge_table **t,
                       hinge_error *err);

/* ---- the loader's warnings (never silent) ----
 * A loaded table may carry warnings (gaps, duplicate or backwards
 * timestamps, a rate conflict, cells loaded as missing, ...).  Every
 * command that loads a session shows them: in its JSON output (an array
 * "warnings" of the sentences below), and with text or CSV output on
 * standard error. */

/* One warning as a sentence: "line 12, column 1: MESSAGE (3 times)" (the
 * parts that are known), into buf; returns buf. */
const char *cli_warning_text(const hinge_warning *w, char *buf, size_t size);

/* Append every warning of t, as cli_warning_text writes it, to list (its
 * strings allocated with the libc allocator; free with
 * hinge__strlist_free(list, NULL)): for a JSON "warnings" array written
 * after the table is gone (hinge analyze conditions and frees each table
 * before writing).  HINGE_OK or HINGE_ENOMEM. */
struct hinge__strlist;
int cli_table_warning_list(const hinge_table *t, struct hinge__strlist *list);

/* Every warning of t on standard error, one line each:
 *   hinge: FILE: warning: line 12, column 1: MESSAGE (3 times)
 * FILE is the table's file name.  Returns how many were printed. */
size_t cli_print_table_warnings(const hinge_table *t);

#endif
