/*
 * load_args.c -- session-loading options shared by subcommands.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/internal.h"
#include "base/strlist.h"
#include "load_args.h"

void cli_load_args_init(cli_load_args *a) {
  memset(a, 0, sizeof *a);
  hinge_load_options_init(&a->opts);
}

/* The core's check of the options so far: its limits and its words, as a
 * usage error (1: accepted, -1: refused). */
static int check_opts(const char *cmd, const cli_load_args *a) {
  hinge_error err;
  hinge_error_clear(&err);
  if (hinge_load_options_check(&a->opts, &err) != HINGE_OK)
    return cli_usage_error(cmd, "%s", err.message), -1;
  return 1;
}

int cli_opt_value(const char *cmd, int argc, char **argv, int *i, const char *name,
                  const char **value) {
  const char *arg = argv[*i];
  size_t n = strlen(name);
  if (strncmp(arg, name, n) != 0) return 0;
  if (arg[n] == '=') {
    *value = arg + n + 1;
    return 1;
  }
  if (arg[n] != '\0') return 0;
  if (*i + 1 >= argc) {
    cli_usage_error(cmd, "option '%s' needs a value", name);
    return -1;
  }
  *value = argv[++*i];
  return 1;
}

static int parse_map(const char *cmd, const char *v, cli_load_args *a) {
  const char *eq = strchr(v, '='), *col;
  char role[32];
  int r;
  if (eq == NULL || eq == v || eq[1] == '\0' || (size_t)(eq - v) >= sizeof role)
    return cli_usage_error(cmd, "--map wants ROLE=COLUMN (got '%s')", v), -1;
  memcpy(role, v, (size_t)(eq - v));
  role[eq - v] = '\0';
  if ((r = hinge_role_from_name(role)) < 0)
    return cli_usage_error(cmd, "unknown role '%s' in --map (roles: time, hip, thoracic, "
                           "lumbar, knee, shin, trunk, athlete, date, set, load_kg, "
                           "exercise)", role), -1;
  /* A leading '-' inverts the column, a leading '+' keeps it as it is
   * (for a name that itself starts with '-' or '+'): docs/formats.md. */
  col = eq + 1 + (eq[1] == '-' || eq[1] == '+');
  if (col[0] == '\0')
    return cli_usage_error(cmd, "--map %s names no column (ROLE=COLUMN, or ROLE=-COLUMN to "
                           "invert it)", v), -1;
  if (eq[1] == '-' && !(HINGE_ROLES_ANGLES & HINGE_ROLE_BIT(r)))
    return cli_usage_error(cmd, "--map %s: only an angle column can be inverted, not %s", v,
                           hinge_role_name(r)), -1;
  if (a->opts.nmap == CLI_MAX_MAP)
    return cli_usage_error(cmd, "too many --map options (at most %d)", CLI_MAX_MAP), -1;
  a->map[a->opts.nmap].role = r;
  a->map[a->opts.nmap].column = col;
  a->map[a->opts.nmap].negate = eq[1] == '-';
  a->opts.nmap++;
  a->opts.map = a->map;
  return 1;
}

static int parse_fs(const char *cmd, const char *v, cli_load_args *a) {
  char *end;
  double fs = strtod(v, &end);
  if (end == v || *end != '\0')
    return cli_usage_error(cmd, "--fs wants a sample rate in Hz (got '%s')", v), -1;
  a->opts.fs = fs;
  return check_opts(cmd, a);
}

static int parse_delim(const char *cmd, const char *v, cli_load_args *a) {
  if (strcmp(v, ",") == 0 || strcmp(v, "comma") == 0) a->opts.delimiter = ',';
  else if (strcmp(v, ";") == 0 || strcmp(v, "semicolon") == 0) a->opts.delimiter = ';';
  else if (strcmp(v, "tab") == 0 || strcmp(v, "\t") == 0 || strcmp(v, "\\t") == 0)
    a->opts.delimiter = '\t';
  else return cli_usage_error(cmd, "--delimiter wants ',', ';' or 'tab' (got '%s')", v), -1;
  return check_opts(cmd, a);
}

static int parse_threads(const char *cmd, const char *v, cli_load_args *a) {
  char *end;
  long n = strtol(v, &end, 10);
  if (end == v || *end != '\0')
    return cli_usage_error(cmd, "--threads wants a whole number (got '%s')", v), -1;
  /* Out of unsigned's range: any count the core refuses, for its words. */
  a->opts.threads = n < 0 || n > HINGE_LOAD_MAX_THREADS ? HINGE_LOAD_MAX_THREADS + 1u
                                                       : (unsigned)n;
  return check_opts(cmd, a);
}

/* --sensor ROLE=PREFIX (the reader "imu" checks that the prefix is in the
 * file; the role is checked here, in the core's words). */
static int parse_sensor(const char *cmd, const char *v, cli_load_args *a) {
  static const char *const roles[] = {"trunk", "pelvis", "thigh", "upper_back", "lower_back",
                                      "sacrum"};
  const char *eq = strchr(v, '=');
  size_t k, n = eq ? (size_t)(eq - v) : 0;
  for (k = 0; k < 6 && !(strlen(roles[k]) == n && strncmp(roles[k], v, n) == 0); k++) {}
  if (eq == NULL || eq[1] == '\0')
    return cli_usage_error(cmd, "--sensor wants ROLE=PREFIX (got '%s')", v), -1;
  if (k == 6)
    return cli_usage_error(cmd, "unknown sensor role '%.*s' in --sensor (roles: trunk, pelvis, "
                           "thigh, upper_back, lower_back, sacrum)", (int)n, v), -1;
  if (a->opts.nsensors == CLI_MAX_SENSORS)
    return cli_usage_error(cmd, "too many --sensor options (at most %d)", CLI_MAX_SENSORS), -1;
  a->sensors[a->opts.nsensors].role = roles[k];
  a->sensors[a->opts.nsensors].prefix = eq + 1; /* argv outlives the loads */
  a->opts.nsensors++;
  a->opts.sensors = a->sensors;
  return 1;
}

int cli_load_option(const char *cmd, int argc, char **argv, int *i, cli_load_args *a) {
  const char *v;
  int rc;
  if (strcmp(argv[*i], "--lenient") == 0) {
    a->opts.flags |= HINGE_LOAD_LENIENT;
    return 1;
  }
  if ((rc = cli_opt_value(cmd, argc, argv, i, "--map", &v)) != 0)
    return rc < 0 ? rc : parse_map(cmd, v, a);
  if ((rc = cli_opt_value(cmd, argc, argv, i, "--fs", &v)) != 0)
    return rc < 0 ? rc : parse_fs(cmd, v, a);
  if ((rc = cli_opt_value(cmd, argc, argv, i, "--delimiter", &v)) != 0)
    return rc < 0 ? rc : parse_delim(cmd, v, a);
  if ((rc = cli_opt_value(cmd, argc, argv, i, "--threads", &v)) != 0)
    return rc < 0 ? rc : parse_threads(cmd, v, a);
  if ((rc = cli_opt_value(cmd, argc, argv, i, "--input-format", &v)) != 0) {
    if (rc < 0) return rc;
    a->opts.input_format = v; /* argv outlives the loads; the core checks the name */
    return check_opts(cmd, a);
  }
  if ((rc = cli_opt_value(cmd, argc, argv, i, "--sensor", &v)) != 0)
    return rc < 0 ? rc : parse_sensor(cmd, v, a);
  return 0;
}

/* Standard input into memory (the loader needs a file or a buffer). */
static char *read_stdin(size_t *len) {
  size_t cap = 1 << 16, n = 0, got;
  char *buf = malloc(cap), *nb;
  while (buf != NULL && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
    n += got;
    if (n == cap) {
      nb = realloc(buf, cap * 2);
      if (nb == NULL) free(buf);
      buf = nb;
      cap *= 2;
    }
  }
  if (buf != NULL && ferror(stdin)) {
    free(buf);
    buf = NULL;
  }
  *len = n;
  return buf;
}

int cli_load_table_err(const char *path, const cli_load_args *a, hinge_table **t,
                       hinge_error *err) {
  size_t len;
  char *buf;
  int rc;
  *t = NULL;
  hinge_error_clear(err);
  if (strcmp(path, "-") != 0) return hinge_table_load(path, &a->opts, t, err);
  if ((buf = read_stdin(&len)) == NULL)
    return hinge__fail(err, HINGE_EIO, "-", 0, 0, "cannot read standard input");
  rc = hinge_table_load_buffer("-", buf, len, &a->opts, t, err);
  free(buf);
  return rc;
}

hinge_table *cli_load_table(const char *path, const cli_load_args *a) {
  hinge_table *t = NULL;
  hinge_error err;
  if (cli_load_table_err(path, a, &t, &err) != HINGE_OK) cli_data_error(&err);
  return t;
}

/* ---- the loader's warnings ---- */

const char *cli_warning_text(const hinge_warning *w, char *buf, size_t size) {
  hinge_warning_format(w, buf, size); /* the library's sentence, shared with Lua */
  return buf;
}

size_t cli_print_table_warnings(const hinge_table *t) {
  char buf[HINGE_ERROR_MESSAGE_MAX + 96];
  size_t i, n = hinge_table_warning_count(t);
  for (i = 0; i < n; i++)
    fprintf(stderr, "hinge: %s: warning: %s\n", hinge_table_file(t),
            cli_warning_text(hinge_table_warning(t, i), buf, sizeof buf));
  return n;
}

int cli_table_warning_list(const hinge_table *t, struct hinge__strlist *list) {
  char buf[HINGE_ERROR_MESSAGE_MAX + 96];
  size_t i;
  for (i = 0; i < hinge_table_warning_count(t); i++)
    if (hinge__strlist_add(list, NULL, "%s",
                           cli_warning_text(hinge_table_warning(t, i), buf, sizeof buf)) !=
        HINGE_OK)
      return HINGE_ENOMEM;
  return HINGE_OK;
}
