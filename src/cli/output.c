/*
 * output.c -- atomic output files for every subcommand (see cli.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define STDOUT_NAME "standard output"

struct cli_output {
  FILE *f;
  char *target; /* NULL for stdout or a direct write */
  char *tmp;
  int is_stdout;
};

static int fail(hinge_error *err, const char *path, const char *what) {
  hinge_error_clear(err);
  if (err != NULL) {
    err->code = HINGE_EIO;
    snprintf(err->file, sizeof err->file, "%s", path);
    snprintf(err->message, sizeof err->message, "%s: %s", what, strerror(errno));
  }
  return HINGE_EIO;
}

static char *dup_str(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d != NULL) memcpy(d, s, n);
  return d;
}

/* A temporary name in the target's folder: mkstemp on "<dir>/.<base>.XXXXXX". */
static int open_temp(cli_output *out, const char *path) {
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
  size_t n = strlen(path) + 16;
  mode_t mask;
  int fd;
  out->tmp = malloc(n);
  if (out->tmp == NULL) return -1;
  snprintf(out->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
  fd = mkstemp(out->tmp);
  if (fd < 0) return -1;
  /* mkstemp makes the file 0600; the result should get the usual mode. */
  mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  out->f = fdopen(fd, "w");
  if (out->f == NULL) {
    close(fd);
    unlink(out->tmp);
    return -1;
  }
  return 0;
}

cli_output *cli_output_open(const char *path, hinge_error *err) {
  struct stat st;
  cli_output *out = calloc(1, sizeof *out);
  if (out == NULL) {
    errno = ENOMEM;
    fail(err, path && strcmp(path, "-") != 0 ? path : STDOUT_NAME, "cannot open output");
    return NULL;
  }
  if (path == NULL || strcmp(path, "-") == 0) {
    out->f = stdout;
    out->is_stdout = 1;
    return out;
  }
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    out->f = fopen(path, "w"); /* a FIFO or device: never rename over it */
  } else if (open_temp(out, path) == 0) {
    out->target = dup_str(path);
    if (out->target == NULL) errno = ENOMEM;
  }
  if (out->f == NULL || (out->tmp != NULL && out->target == NULL)) {
    fail(err, path, "cannot write output");
    cli_output_close(out, 0, NULL);
    return NULL;
  }
  return out;
}

FILE *cli_output_file(cli_output *out) { return out->f; }

int cli_output_close(cli_output *out, int commit, hinge_error *err) {
  int rc = HINGE_OK;
  if (out == NULL) return HINGE_OK;
  if (out->is_stdout) {
    if (fflush(stdout) != 0 || ferror(stdout)) rc = fail(err, STDOUT_NAME, "cannot write output");
  } else if (out->f != NULL) {
    int bad = ferror(out->f);
    if (fclose(out->f) != 0 || bad) {
      if (commit) rc = fail(err, out->target ? out->target : out->tmp, "cannot write output");
      commit = 0;
    }
    if (out->tmp != NULL) {
      if (commit && out->target != NULL && rename(out->tmp, out->target) != 0) {
        rc = fail(err, out->target, "cannot replace output");
        commit = 0;
      }
      if (!commit) unlink(out->tmp);
    }
  }
  free(out->tmp);
  free(out->target);
  free(out);
  return rc;
}

int cli_write(const char *path, void (*emit)(FILE *f, const void *ctx), const void *ctx) {
  hinge_error err;
  cli_output *out = cli_output_open(path, &err);
  if (out == NULL) return cli_data_error(&err);
  emit(cli_output_file(out), ctx);
  if (cli_output_close(out, 1, &err) != HINGE_OK) return cli_data_error(&err);
  return CLI_OK;
}
