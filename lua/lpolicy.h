/*
 * lpolicy.h -- the sandbox's path policy, shared by the state factory
 * (lsandbox.c) and the bindings that open files (not installed).
 *
 * The policy is the per-state sandbox record, which is the allocator's
 * user pointer: every binding reaches it from the lua_State alone,
 * without globals and without calling into the state factory.  Layers:
 * lsandbox.c (factory, runner, Landlock) -> lhinge.c -> bindings ->
 * lpolicy.c; lpolicy.c calls none of them.
 */
#ifndef HINGE_LPOLICY_H
#define HINGE_LPOLICY_H

#include <stddef.h>

#include <lua.h>

#include "hinge/lua.h"

/* An allowed folder, or a single allowed file (`isfile`, opened as its
 * base name beneath the descriptor of its folder). */
typedef struct folder {
  char *path;  /* resolved (realpath) */
  char *given; /* the name given, made absolute lexically (or NULL) */
  int fd;      /* O_PATH descriptor of the folder (of the file's folder) */
  int isfile;
  int write;
} folder;

typedef struct sandbox {
  unsigned magic;
  size_t used, limit;  /* bytes allocated, cap (0 = none) */
  double deadline;     /* monotonic seconds; 0 = none */
  double timeout;
  int hit;             /* HINGE_SANDBOX_TIME / _MEMORY once exceeded */
  int no_openat2;      /* openat2 missing (or disabled): walk instead */
  folder *dirs;
  size_t ndirs;
} sandbox;

#define SANDBOX_MAGIC 0x68696e67u /* "hing" */

/* Why an open was refused (0: it was not). */
enum { OPEN_OK = 0, OPEN_OUTSIDE, OPEN_LINK };


/* The allocator of sandboxed states: counts the bytes in use and refuses
 * growth beyond the cap (marking the record's `hit`). */
void *hinge__policy_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
/* The sandbox record of L, or NULL when L is not sandboxed. */
sandbox *hinge__policy_get(lua_State *L);

/* The allowed folders of o, opened as descriptors into sb->dirs; returns
 * HINGE_OK or a status with err filled.  free_dirs closes and frees. */
int hinge__policy_resolve_dirs(sandbox *sb, const hinge_sandbox_options *o, hinge_error *err);
void hinge__policy_free_dirs(folder *dirs, size_t n);

/* Open path beneath the allowed folder holding it (flags as open(2)).
 * Returns a descriptor; or -1 with errno for an ordinary failure and
 * *why OPEN_OK; or -1 with *why set when refused.  Raises nothing. */
int hinge__policy_open(sandbox *sb, const char *path, int write, int flags, int *why);
/* An O_PATH descriptor of the folder holding path's last component (not
 * followed), beneath an allowed write folder; the component in base. */
int hinge__policy_open_parent(sandbox *sb, const char *path, char *base, size_t nbase, int *why);
/* Raise the refusal of path (the caller must hold nothing). */
int hinge__policy_refuse(lua_State *L, const char *path, int write, int why);

#endif
