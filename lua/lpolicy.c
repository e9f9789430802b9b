/*
 * lpolicy.c -- the sandbox's path policy: which files a sandboxed state
 * may open, and opening them safely (hinge_sandbox_checkpath for the
 * bindings; the checked opens for lsandbox.c's io replacements).
 *
 * Files are opened beneath descriptors of the allowed folders taken when
 * the state is made (openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
 * or a component-by-component O_NOFOLLOW walk where openat2 is missing).
 * A path is first walked lexically (no detour outside the folders), then
 * resolved with realpath to pick the folder and the path inside it; the
 * open follows no symbolic link at all, so a link swapped in between the
 * check and the open, or a dangling link planted in a write folder, makes
 * the open fail instead of leaving the folder.  See docs/sandbox.md.
 *
 * This file depends on no other file of the binding (lpolicy.h says why).
 */
#define _GNU_SOURCE /* O_PATH, openat2's syscall number */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/openat2.h>
#include <sys/syscall.h>
#endif

#include <lauxlib.h>

#include "lpolicy.h"

#ifndef O_PATH
#define O_PATH O_RDONLY /* a plain descriptor serves where O_PATH is missing */
#endif

/* `used` never goes below zero: a block freed with a larger size than it
 * was allocated with (a binding's accounting slip) must not wrap the
 * counter around, which would disable the cap. */
void *hinge__policy_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  sandbox *sb = ud;
  size_t old = ptr ? osize : 0, base;
  void *p;
  base = sb->used > old ? sb->used - old : 0;
  if (nsize == 0) {
    free(ptr);
    sb->used = base;
    return NULL;
  }
  if (sb->limit && nsize > old && (sb->used >= sb->limit || nsize - old > sb->limit - sb->used)) {
    sb->hit = HINGE_SANDBOX_MEMORY;
    return NULL;
  }
  p = realloc(ptr, nsize);
  if (p != NULL) sb->used = base + nsize;
  return p;
}

/* The sandbox record of L, or NULL when L is not sandboxed. */
sandbox *hinge__policy_get(lua_State *L) {
  void *ud;
  lua_Alloc f = lua_getallocf(L, &ud);
  if (f != hinge__policy_alloc || ud == NULL) return NULL;
  return ((sandbox *)ud)->magic == SANDBOX_MAGIC ? ud : NULL;
}

/* ---- lexical walks ------------------------------------------------------
 * realpath walks the real file system wherever a path leads, so a path
 * that leaves the folders and comes back ("/home/x/../../data/f") opens
 * or not depending on whether the folder outside exists: an oracle.  A
 * path is first walked lexically, and every step must stay on allowed
 * ground (inside an allowed entry, or on the way down to one). */

/* Apply one component (c, n characters) to the absolute lexical path buf
 * (*len characters; "" is the root): "." stays, ".." climbs, a name
 * descends.  Returns 0 when buf (cap bytes) is too small. */
static int lex_step(char *buf, size_t *len, size_t cap, const char *c, size_t n) {
  if (n == 0 || (n == 1 && c[0] == '.')) return 1;
  if (n == 2 && c[0] == '.' && c[1] == '.') {
    while (*len > 0 && buf[--*len] != '/') {}
    buf[*len] = '\0';
    return 1;
  }
  if (*len + n + 2 > cap) return 0;
  buf[(*len)++] = '/';
  memcpy(buf + *len, c, n);
  *len += n;
  buf[*len] = '\0';
  return 1;
}

/* Where a walk of path starts: the root, or the working folder. */
static int lex_start(const char *path, char *buf, size_t *len, size_t cap) {
  buf[0] = '\0';
  *len = 0;
  if (*path == '/') return 1;
  if (getcwd(buf, cap) == NULL) return 0;
  *len = strlen(buf);
  if (*len == 1) buf[*len = 0] = '\0'; /* "/" is "" here */
  return 1;
}

/* Whether p (len characters) is inside name (a file: is name), or on the
 * way down to it. */
static int on_way(const char *p, size_t len, const char *name, int isfile) {
  size_t m = strcmp(name, "/") == 0 ? 0 : strlen(name);
  if (m > len) return strncmp(name, p, len) == 0 && name[len] == '/';
  return strncmp(p, name, m) == 0 && (p[m] == '\0' || (!isfile && p[m] == '/'));
}

static int on_ground(const sandbox *sb, const char *p, size_t len) {
  size_t i;
  for (i = 0; i < sb->ndirs; i++) {
    const folder *d = &sb->dirs[i];
    if (on_way(p, len, d->path, d->isfile) || (d->given && on_way(p, len, d->given, d->isfile)))
      return 1;
  }
  return 0;
}

/* Walk path lexically; with sb, fail as soon as a step leaves the
 * ground.  The result (absolute, normalised) is left in buf. */
static int lex_walk(const sandbox *sb, const char *path, char *buf, size_t cap) {
  size_t len;
  if (!lex_start(path, buf, &len, cap)) return 0;
  while (*path != '\0') {
    size_t n = strcspn(path, "/");
    if (!lex_step(buf, &len, cap, path, n)) return 0;
    if (sb != NULL && n > 0 && !(n == 1 && *path == '.') && !on_ground(sb, buf, len)) return 0;
    path += n + (path[n] == '/');
  }
  return sb == NULL || on_ground(sb, buf, len);
}

/* ---- folders ---------------------------------------------------------- */

void hinge__policy_free_dirs(folder *dirs, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    free(dirs[i].path);
    free(dirs[i].given);
    if (dirs[i].fd >= 0) close(dirs[i].fd);
  }
  free(dirs);
}

static int folder_error(hinge_error *err, const char *name) {
  int e = errno;
  hinge_error_clear(err);
  if (err != NULL) {
    err->code = HINGE_EIO;
    snprintf(err->file, sizeof err->file, "%s", name);
    snprintf(err->message, sizeof err->message, "sandbox folder: %s", strerror(e));
  }
  return HINGE_EIO;
}

/* Resolve one allowed folder (or file) and take a descriptor of it now:
 * later opens happen beneath that descriptor, whatever becomes of the
 * name. */
static int add_folder(folder *d, const char *name, int write, hinge_error *err) {
  struct stat st;
  char given[PATH_MAX];
  d->write = write;
  /* the name as given counts too: scripts use the names they are given */
  if (lex_walk(NULL, name, given, sizeof given)) d->given = strdup(given);
  d->path = realpath(name, NULL);
  if (d->path == NULL || stat(d->path, &st) != 0) return folder_error(err, name);
  d->isfile = !S_ISDIR(st.st_mode);
  if (d->isfile) {
    char *slash = strrchr(d->path, '/');
    *slash = '\0'; /* realpath's result is absolute: there is a slash */
    d->fd = open(slash == d->path ? "/" : d->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    *slash = '/';
  } else {
    d->fd = open(d->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  }
  return d->fd < 0 ? folder_error(err, name) : HINGE_OK;
}

int hinge__policy_resolve_dirs(sandbox *sb, const hinge_sandbox_options *o, hinge_error *err) {
  size_t i, n = o->n_read_dirs + o->n_write_dirs;
  sb->dirs = calloc(n ? n : 1, sizeof *sb->dirs);
  if (sb->dirs == NULL) return HINGE_ENOMEM;
  for (i = 0; i < n; i++) {
    int write = i >= o->n_read_dirs;
    const char *name = write ? o->write_dirs[i - o->n_read_dirs] : o->read_dirs[i];
    sb->ndirs = i + 1;
    sb->dirs[i].fd = -1;
    if (add_folder(&sb->dirs[i], name, write, err) != HINGE_OK) return HINGE_EIO;
  }
  return HINGE_OK;
}

/* The allowed entry holding the resolved path r for the access asked
 * (a write folder may be read too), and in *rel the path beneath its
 * descriptor ("" for the folder itself); NULL when none holds it. */
static const folder *find_folder(const sandbox *sb, char *r, int write, char **rel) {
  size_t i;
  for (i = 0; i < sb->ndirs; i++) {
    const folder *d = &sb->dirs[i];
    size_t len = strlen(d->path);
    if (write && !d->write) continue;
    if (d->isfile) {
      if (strcmp(r, d->path) != 0) continue;
      *rel = strrchr(r, '/') + 1;
      return d;
    }
    if (len == 1) len = 0; /* the root folder: every absolute path is under it */
    if (strncmp(r, d->path, len) == 0 && (r[len] == '/' || r[len] == '\0')) {
      *rel = r + len + (r[len] == '/');
      return d;
    }
  }
  return NULL;
}

/* The realpath of the folder of path joined with its last component, not
 * followed (trailing slashes dropped): what os.remove and os.rename act
 * on, and a file about to be created. */
static char *resolve_parent(const char *path) {
  char *copy = strdup(path), *slash, *dir, *res = NULL;
  const char *base;
  size_t n;
  if (copy == NULL) return NULL;
  for (n = strlen(copy); n > 1 && copy[n - 1] == '/'; n--) copy[n - 1] = '\0';
  slash = strrchr(copy, '/');
  base = slash ? slash + 1 : copy;
  if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
    free(copy);
    return NULL;
  }
  if (slash != NULL) *slash = '\0';
  dir = realpath(slash == NULL ? "." : slash == copy ? "/" : copy, NULL);
  if (dir != NULL) {
    n = strlen(dir) + strlen(base) + 2;
    if ((res = malloc(n)) != NULL) snprintf(res, n, "%s/%s", strcmp(dir, "/") ? dir : "", base);
  }
  free(dir);
  free(copy);
  return res;
}

/* realpath of path, or resolve_parent when it does not exist (yet). */
static char *resolve_path(const char *path) {
  char *r = realpath(path, NULL);
  if (r != NULL || errno != ENOENT) return r;
  return resolve_parent(path);
}

/* The resolved path (parent: its folder's and the last component) when
 * its lexical walk stays on allowed ground; NULL otherwise. */
static char *resolve(const sandbox *sb, const char *path, int parent) {
  char buf[PATH_MAX];
  if (!lex_walk(sb, path, buf, sizeof buf)) return NULL;
  return parent ? resolve_parent(path) : resolve_path(path);
}

/* ---- opening beneath a folder descriptor ------------------------------- */

static int openat2_beneath(int dirfd, const char *rel, int flags) {
#if defined(__linux__) && defined(SYS_openat2)
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = (unsigned long long)flags;
  how.mode = (flags & O_CREAT) ? 0666 : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  return (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
#else
  (void)dirfd, (void)rel, (void)flags;
  errno = ENOSYS;
  return -1;
#endif
}

/* fd when it refers to what its use needs; otherwise close it and fail
 * with ELOOP for a symbolic link, ENOTDIR for a non-folder. */
static int keep_if(int fd, int want_dir) {
  struct stat st;
  int e = 0;
  if (fd < 0) return fd;
  if (fstat(fd, &st) != 0) e = errno;
  else if (S_ISLNK(st.st_mode)) e = ELOOP;
  else if (want_dir && !S_ISDIR(st.st_mode)) e = ENOTDIR;
  if (e == 0) return fd;
  close(fd);
  errno = e;
  return -1;
}

/* openat2's guarantee without openat2: one component at a time, none of
 * them followed if it is a link.  rel comes from realpath, so ".." never
 * appears; it would be refused (EXDEV, as RESOLVE_BENEATH does). */
static int walk_open(int dirfd, const char *rel, int flags) {
  char comp[NAME_MAX + 1];
  int cur = dirfd, next;
  for (;;) {
    const char *slash = strchr(rel, '/');
    size_t n = slash ? (size_t)(slash - rel) : strlen(rel);
    if (n > NAME_MAX || (n == 2 && rel[0] == '.' && rel[1] == '.')) {
      errno = n > NAME_MAX ? ENAMETOOLONG : EXDEV;
      next = -1;
    } else {
      memcpy(comp, n ? rel : ".", n ? n : 1);
      comp[n ? n : 1] = '\0';
      next = slash ? keep_if(openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC), 1)
                   : openat(cur, comp, flags, 0666);
    }
    if (cur != dirfd) {
      int e = errno;
      close(cur);
      errno = e;
    }
    if (next < 0 || slash == NULL) return next;
    cur = next;
    rel = slash + 1;
  }
}

/* Open rel beneath dirfd following no symbolic link.  openat2 first; the
 * walk when the kernel lacks it (ENOSYS) or a filter forbids it (EPERM). */
static int open_beneath(sandbox *sb, int dirfd, const char *rel, int flags) {
  int fd = -1;
  flags |= O_CLOEXEC | O_NOFOLLOW | ((flags & O_PATH) ? 0 : O_NOCTTY);
  if (*rel == '\0') rel = ".";
  if (!sb->no_openat2) {
    fd = openat2_beneath(dirfd, rel, flags);
    if (fd < 0 && errno == ENOSYS) sb->no_openat2 = 1;
  }
  if (sb->no_openat2 || (fd < 0 && errno == EPERM)) fd = walk_open(dirfd, rel, flags);
  /* O_PATH | O_NOFOLLOW opens a final link itself instead of failing */
  return (flags & O_PATH) ? keep_if(fd, flags & O_DIRECTORY) : fd;
}

/* Open path for the access `write` asks with open(2) flags, beneath the
 * allowed folder holding it.  Returns a descriptor; or -1 with errno for
 * an ordinary failure (no such file...) and *why 0; or -1 with *why set
 * when refused.  Raises nothing and holds nothing on failure. */
int hinge__policy_open(sandbox *sb, const char *path, int write, int flags, int *why) {
  char *r = resolve(sb, path, 0), *rel;
  const folder *d = r ? find_folder(sb, r, write, &rel) : NULL;
  int fd = -1, e;
  *why = OPEN_OUTSIDE;
  if (d != NULL) {
    fd = open_beneath(sb, d->fd, rel, flags);
    *why = fd >= 0 ? OPEN_OK : errno == ELOOP ? OPEN_LINK : errno == EXDEV ? OPEN_OUTSIDE : OPEN_OK;
  }
  e = errno;
  free(r);
  errno = e;
  return fd;
}

/* An O_PATH descriptor of the folder holding path's last component (not
 * followed), beneath an allowed write folder; the component in base. */
int hinge__policy_open_parent(sandbox *sb, const char *path, char *base, size_t nbase, int *why) {
  char *r = resolve(sb, path, 1), *rel, *slash;
  const folder *d = r ? find_folder(sb, r, 1, &rel) : NULL;
  int fd = -1, e = ENAMETOOLONG;
  *why = OPEN_OUTSIDE;
  if (d != NULL && *rel != '\0') { /* never an allowed folder itself */
    slash = strrchr(rel, '/');
    if (strlen(slash ? slash + 1 : rel) < nbase) {
      strcpy(base, slash ? slash + 1 : rel);
      if (slash != NULL) *slash = '\0';
      fd = open_beneath(sb, d->fd, slash ? rel : "", O_PATH | O_DIRECTORY);
      e = errno;
    }
    *why = fd >= 0 ? OPEN_OK : e == ELOOP ? OPEN_LINK : e == EXDEV ? OPEN_OUTSIDE : OPEN_OK;
  }
  free(r);
  errno = e;
  return fd;
}

/* Raise the refusal of path (nothing may be held by the caller). */
int hinge__policy_refuse(lua_State *L, const char *path, int write, int why) {
  return luaL_error(L, "sandbox: %s of '%s' refused (%s)", write ? "writing" : "reading", path,
                    why == OPEN_LINK ? "symbolic link" : "outside the allowed folders");
}

void hinge_sandbox_checkpath(lua_State *L, const char *path, int write) {
  sandbox *sb = hinge__policy_get(L);
  int why, fd;
  if (sb == NULL) return;
  /* a probe: beneath the folder, no link followed, nothing created */
  fd = hinge__policy_open(sb, path, write, O_PATH, &why);
  if (fd >= 0) close(fd);
  if (why != OPEN_OK) hinge__policy_refuse(L, path, write, why);
}
