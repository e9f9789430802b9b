/*
 * output.c -- atomic output files for every subcommand (see cli.h).
 *
 * A write goes to "<dir>/.<base>.<pid>.XXXXXX" and is renamed over the
 * target.  A write that is killed leaves that file behind; the next write
 * to the same target removes such leftovers (see remove_stale_temps).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define STDOUT_NAME "standard output"
#define STALE_AFTER_S 60              /* a writer rewrites its file well within this */
#define STALE_ANYWAY_S (24 * 3600)    /* a pid reused since, or another machine's */

struct cli_output {
  FILE *f;
  char *target; /* NULL for stdout or a direct write */
  char *tmp;
  char *name;   /* the path as given, for messages (NULL for stdout) */
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

/* ---- stale temporaries ---- */

/* The writer's pid when name is ".<base>.<pid>.XXXXXX" (mkstemp's six
 * letters or digits) exactly; 0 otherwise. */
static long temp_pid(const char *name, const char *base) {
  size_t n = strlen(base), i;
  long pid = 0;
  const char *p = name + n + 2;
  if (name[0] != '.' || strncmp(name + 1, base, n) != 0 || name[n + 1] != '.') return 0;
  for (; *p >= '0' && *p <= '9' && pid < 100000000; p++) pid = pid * 10 + (*p - '0');
  if (p == name + n + 2 || *p++ != '.') return 0;
  for (i = 0; i < 6; i++)
    if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
          (p[i] >= '0' && p[i] <= '9')))
      return 0;
  return p[6] == '\0' ? pid : 0;
}

/* A leftover of a killed write: our own regular file, untouched for a
 * minute, whose writer is gone (or a day old: the pid may have been
 * reused, or the writer ran on another machine sharing the folder). */
static int stale(const char *path, long pid) {
  struct stat st;
  double age;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) return 0;
  age = difftime(time(NULL), st.st_mtime);
  if (age < STALE_AFTER_S) return 0;
  return age >= STALE_ANYWAY_S || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
}

/* Remove the stale temporaries of earlier writes to <dir>/<base>.
 * Best effort: a folder that cannot be listed is left as it is. */
static void remove_stale_temps(const char *dir, size_t dirlen, const char *base) {
  char folder[4096], path[4096 + 256];
  struct dirent *e;
  DIR *d;
  long pid;
  if (dirlen >= sizeof folder) return;
  snprintf(folder, sizeof folder, "%.*s", (int)(dirlen ? dirlen : 1), dirlen ? dir : ".");
  if ((d = opendir(folder)) == NULL) return;
  while ((e = readdir(d)) != NULL) {
    if ((pid = temp_pid(e->d_name, base)) <= 0) continue;
    snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
    if (stale(path, pid)) unlink(path);
  }
  closedir(d);
}

/* ---- the output ---- */

/* A temporary name in the target's folder: mkstemp on
 * "<dir>/.<base>.<pid>.XXXXXX", the pid telling a later write whether
 * this one is still running. */
static int open_temp(cli_output *out, const char *path) {
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
  size_t n = strlen(path) + 40;
  mode_t mask;
  int fd;
  remove_stale_temps(path, dirlen, path + dirlen);
  out->tmp = malloc(n);
  if (out->tmp == NULL) return -1;
  snprintf(out->tmp, n, "%.*s.%s.%ld.XXXXXX", (int)dirlen, path, path + dirlen,
           (long)getpid());
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
  if ((out->name = dup_str(path)) == NULL) {
    errno = ENOMEM;
    fail(err, path, "cannot open output");
    free(out);
    return NULL;
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
      if (commit) rc = fail(err, out->name, "cannot write output");
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
  free(out->name);
  free(out);
  return rc;
}

int cli_output_guard(const char *cmd, const char *path, const char *const *inputs, size_t n) {
  struct stat o, in;
  size_t i;
  if (path == NULL || strcmp(path, "-") == 0 || stat(path, &o) != 0) return CLI_OK;
  for (i = 0; i < n; i++) {
    if (inputs[i] == NULL || strcmp(inputs[i], "-") == 0 || stat(inputs[i], &in) != 0) continue;
    if (in.st_dev == o.st_dev && in.st_ino == o.st_ino)
      return cli_usage_error(cmd, "-o %s is the input %s: refusing to overwrite an input", path,
                             inputs[i]);
  }
  return CLI_OK;
}

int cli_write(const char *path, void (*emit)(FILE *f, const void *ctx), const void *ctx) {
  hinge_error err;
  cli_output *out = cli_output_open(path, &err);
  if (out == NULL) return cli_data_error(&err);
  emit(cli_output_file(out), ctx);
  if (cli_output_close(out, 1, &err) != HINGE_OK) return cli_data_error(&err);
  return CLI_OK;
}

void cli_csv_field(FILE *f, const char *s) {
  if (s == NULL) return;
  if (strpbrk(s, ",\"\r\n") == NULL) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}
