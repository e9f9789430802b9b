/*
 * batch.h -- many inputs for one command: FILE and DIR arguments expanded
 * into a list of session files, and a pool of POSIX threads that works on
 * them one file per task while the calling thread writes the results in
 * input order (docs/cli.md, "hinge analyze").
 *
 *   batch_list l;
 *   batch_expand(args, nargs, &l);          folders walked, sorted
 *   batch_run(&run);                        work in parallel, emit in order
 *   batch_list_free(&l);
 *
 * Each item stands alone: a file that fails is reported on stderr
 * ("hinge: file:line:col: message") when its turn to be written comes, so
 * the output and stderr are the same for any number of jobs.
 */
#ifndef HINGE_CLI_BATCH_H
#define HINGE_CLI_BATCH_H

#include <stddef.h>

#include "hinge/hinge.h"

/* ---- inputs ---- */

/* The extensions a folder walk takes as session files (any case). */
/* (hinge_session_extensions(), as a literal for usage texts) */
#define BATCH_SESSION_EXTENSIONS ".csv, .tsv, .txt, .mot, .sto, .mvnx"

typedef struct batch_item {
  char *path;  /* as given, or "DIR/sub/name" from a walk */
  char *error; /* NULL, or why this input has no file to read (an empty
                * folder, one that cannot be listed): a failure in its place */
} batch_item;

typedef struct batch_list {
  batch_item *items;
  size_t n, cap;
  int folders; /* a folder was among the arguments */
} batch_list;

/* Expand args: a folder (followed through symbolic links) is walked
 * recursively, entries sorted by name (bytewise), names starting with '.'
 * skipped, files kept by extension (BATCH_SESSION_EXTENSIONS); any other
 * argument ('-', a file, a path that does not exist) is kept as it is, for
 * the loader to read or refuse.  A folder that holds no session file
 * becomes an item with an error.  Returns 0, or -1 when out of memory
 * (after printing it). */
int batch_expand(const char *const *args, size_t nargs, batch_list *out);
void batch_list_free(batch_list *l);
/* 1 when name ends in one of BATCH_SESSION_EXTENSIONS. */
int batch_is_session_name(const char *name);

/* ---- the pool ---- */

/* work(ctx, i, &result, &note, err) runs on a pool thread, for item i; it
 * returns HINGE_OK with a result, or an error code with err filled.  It
 * may only read ctx.  It may set note to malloc'd text for stderr (the
 * loader's warnings, say), printed when item i's turn comes, before its
 * error if any, and freed.  emit(ctx, i, result, err) runs on the calling thread, in
 * input order, with err NULL on success (result NULL on failure); it
 * returns 0 to go on, nonzero to stop (a write error).  release frees a
 * result (after emit, or unwritten when the run stops). */
typedef struct batch_run {
  size_t n;
  const char *const *names; /* n names, for progress */
  int jobs;                 /* >= 1; 1: no thread, in the calling thread */
  int fail_fast;            /* stop at the first failure (input order) */
  int progress;             /* "\r[k/n] file" on stderr, cleared at the end */
  void *ctx;
  int (*work)(void *ctx, size_t i, void **result, char **note, hinge_error *err);
  int (*emit)(void *ctx, size_t i, void *result, const hinge_error *err);
  void (*release)(void *result);
} batch_run;

typedef struct batch_status {
  size_t failed;  /* items that failed (each printed on stderr) */
  size_t emitted; /* items emitted */
  int stopped;    /* emit asked to stop, or fail_fast met a failure */
  int error;      /* the pool could not start (printed): CLI_EDATA */
} batch_status;

/* Run every item; the failures are printed on stderr as they are emitted.
 * A thread that cannot be started leaves its share to the others (and,
 * with none, to the calling thread). */
void batch_go(const batch_run *run, batch_status *st);

/* The number of online processors (at least 1). */
int batch_default_jobs(void);

#endif
