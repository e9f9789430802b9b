/*
 * cli.h -- shared pieces of the hinge command.  Each subcommand lives in
 * its own cmd_*.c file and is listed in main.c's command table.
 */
#ifndef HINGE_CLI_H
#define HINGE_CLI_H

#include <stdio.h>

#include "hinge/hinge.h"

/* Exit statuses: 0 success, 1 bad data or a failing script, 2 bad usage. */
enum { CLI_OK = 0, CLI_EDATA = 1, CLI_EUSAGE = 2 };

typedef struct cli_command {
  const char *name;
  int (*run)(int argc, char **argv); /* argv[0] is the command name */
  const char *synopsis;              /* one line for `hinge help` */
  const char *usage;                 /* the full text for `hinge help NAME` */
} cli_command;

extern const cli_command cli_cmd_run;
extern const cli_command cli_cmd_info;
extern const cli_command cli_cmd_filter;
extern const cli_command cli_cmd_recovery;
extern const cli_command cli_cmd_analyze;
extern const cli_command cli_cmd_live;
extern const cli_command cli_cmd_report;
extern const cli_command cli_cmd_merge;
extern const cli_command cli_cmd_plan;

/* Print "hinge NAME: message" and a pointer to `hinge help NAME` on
 * stderr; returns CLI_EUSAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Print "hinge: <formatted error>" on stderr; returns CLI_EDATA. */
int cli_data_error(const hinge_error *err);

/*
 * Output files.  cli_output_open("-" or NULL) is standard output.  A
 * regular file (or a path that does not exist yet) is written to a
 * temporary file in the same folder and renamed over the target by
 * cli_output_close(out, 1); cli_output_close(out, 0) removes the
 * temporary so nothing is left on failure.  A target that exists and is
 * not a regular file (a FIFO, /dev/null) is written directly.  Opening a
 * target removes the stale temporaries that killed writes left beside it
 * (docs/cli.md).  Failures name the file, or "standard output".
 */
typedef struct cli_output cli_output;
cli_output *cli_output_open(const char *path, hinge_error *err);
/* CLI_OK unless path (the -o of command cmd) is one of the n inputs --
 * the same file by device and inode, through any name or link -- which is
 * a usage error (exit 2) naming both: an input is never overwritten.
 * Inputs that do not exist (or "-") are skipped. */
int cli_output_guard(const char *cmd, const char *path, const char *const *inputs, size_t n);
FILE *cli_output_file(cli_output *out);
int cli_output_close(cli_output *out, int commit, hinge_error *err);

/* Open path (NULL or "-": standard output), let emit write to it, close
 * and commit.  A failure to open or to write (a full disk, a closed pipe)
 * is reported as "hinge: OUTPUT: ..." on stderr; returns CLI_OK or
 * CLI_EDATA. */
int cli_write(const char *path, void (*emit)(FILE *f, const void *ctx), const void *ctx);

/* One CSV field (RFC 4180): quoted only when it holds a ',', a quote or a
 * line break, quotes doubled; NULL is empty.  The writers of analyze, plan
 * and filter share it. */
void cli_csv_field(FILE *f, const char *s);

#endif
