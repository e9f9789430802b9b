/*
 * main.c -- the hinge command: dispatch, `help` and `--version`.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command *const commands[] = {
  &cli_cmd_run,
  &cli_cmd_info,
  &cli_cmd_filter,
  &cli_cmd_recovery,
  &cli_cmd_analyze,
  &cli_cmd_live,
  &cli_cmd_report,
  &cli_cmd_merge,
  &cli_cmd_plan,
  NULL
};

static const char *const overview =
  "usage: hinge COMMAND [OPTIONS] [ARGS...]\n"
  "       hinge --version\n"
  "       hinge help [COMMAND]\n"
  "\n"
  "Deadlift spine-angle analysis and recovery verdicts.\n"
  "\n"
  "Commands:\n";

static const cli_command *find_command(const char *name) {
  int i;
  for (i = 0; commands[i] != NULL; i++)
    if (strcmp(commands[i]->name, name) == 0) return commands[i];
  return NULL;
}

static void print_overview(FILE *f) {
  int i;
  fputs(overview, f);
  fprintf(f, "  %-10s %s\n", "help", "show this text, or a command's usage");
  for (i = 0; commands[i] != NULL; i++)
    fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->synopsis);
  fputs("\nExit status: 0 success, 1 bad data, 2 bad usage.\n"
        "Documentation: docs/index.md\n", f);
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "hinge%s%s: ", cmd ? " " : "", cmd ? cmd : "");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n");
  /* One line and where to read more (the usage is 20-40 lines: it would
   * bury the message).  Only a bare `hinge` shows the overview. */
  if (cmd != NULL && find_command(cmd) != NULL)
    fprintf(stderr, "see 'hinge help %s'\n", cmd);
  else if (strcmp(fmt, "missing command") == 0)
    print_overview(stderr);
  else
    fprintf(stderr, "see 'hinge help'\n");
  return CLI_EUSAGE;
}

int cli_data_error(const hinge_error *err) {
  char buf[HINGE_ERROR_FILE_MAX + HINGE_ERROR_MESSAGE_MAX + 64];
  hinge_error_format(err, buf, sizeof buf);
  fprintf(stderr, "hinge: %s\n", buf);
  return CLI_EDATA;
}

/* Emitters for cli_write, which reports a standard output that cannot
 * be written (exit 1) instead of exiting 0 having said nothing. */
static void emit_overview(FILE *f, const void *ctx) {
  (void)ctx;
  print_overview(f);
}

static void emit_text(FILE *f, const void *text) {
  fputs(text, f);
}

static void emit_version(FILE *f, const void *ctx) {
  (void)ctx;
  fprintf(f, "hinge %s\n", hinge_version());
}

static int cmd_help(int argc, char **argv) {
  const cli_command *c;
  if (argc < 2) return cli_write(NULL, emit_overview, NULL);
  if (argc > 2) return cli_usage_error("help", "expected at most one command name");
  if (strcmp(argv[1], "help") == 0)
    return cli_write(NULL, emit_text,
                     "usage: hinge help [COMMAND]\n\nShow the commands, or one command's usage.\n");
  c = find_command(argv[1]);
  if (c == NULL) return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
  return cli_write(NULL, emit_text, c->usage);
}

int main(int argc, char **argv) {
  const cli_command *c;
  if (argc < 2) return cli_usage_error(NULL, "missing command");
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
    return cli_write(NULL, emit_version, NULL);
  if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
      strcmp(argv[1], "-h") == 0)
    return cmd_help(argc - 1, argv + 1);
  c = find_command(argv[1]);
  if (c == NULL) {
    if (argv[1][0] == '-') return cli_usage_error(NULL, "unknown option '%s'", argv[1]);
    return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
  }
  /* `hinge COMMAND --help` (or -h) as the first word after the command:
   * the command's usage, as `hinge help COMMAND`. */
  if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0))
    return cli_write(NULL, emit_text, c->usage);
  return c->run(argc - 1, argv + 1);
}
