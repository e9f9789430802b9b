/*
 * paths.c -- the session files named by a list of paths: a folder walked
 * recursively for the files the readers take, a folder a reader takes
 * whole (OpenPose frames, a Sensor Logger recording) kept as one session.
 * The one expansion the CLI (analyze, info, report), Lua
 * (hinge.session_files) and C use (include/hinge/table.h).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/internal.h"
#include "io/reader.h"

#define WALK_MAX_DEPTH 256

static const char *const session_ext[] = {".csv", ".tsv", ".txt", ".mot", ".sto", ".mvnx"};

typedef struct item {
  char *path;
  char *error;
} item;

struct hinge_session_paths {
  const hinge_allocator *a;
  item *items;
  size_t n, cap;
  int folders;
};

const char *hinge_session_extensions(void) { return ".csv, .tsv, .txt, .mot, .sto, .mvnx"; }

int hinge_session_file_name(const char *name) {
  size_t i, n = name != NULL ? strlen(name) : 0;
  for (i = 0; i < sizeof session_ext / sizeof session_ext[0]; i++) {
    size_t k = strlen(session_ext[i]);
    if (n > k && strcasecmp(name + n - k, session_ext[i]) == 0) return 1;
  }
  return 0;
}

static void free_str(const hinge_allocator *a, char *s) {
  if (s != NULL) hinge__free(a, s, strlen(s) + 1);
}

/* Append an item; path is taken over (freed on failure).  HINGE_OK or
 * HINGE_ENOMEM. */
static int add_item(hinge_session_paths *l, char *path, const char *error) {
  item *it;
  if (path == NULL) return HINGE_ENOMEM;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    item *ni = hinge__realloc(l->a, l->items, l->cap * sizeof *ni, cap * sizeof *ni);
    if (ni == NULL) {
      free_str(l->a, path);
      return HINGE_ENOMEM;
    }
    l->items = ni;
    l->cap = cap;
  }
  it = &l->items[l->n];
  it->path = path;
  it->error = NULL;
  if (error != NULL && (it->error = hinge__strdup(l->a, error)) == NULL) {
    free_str(l->a, path);
    return HINGE_ENOMEM;
  }
  l->n++;
  return HINGE_OK;
}

static char *join_path(const hinge_allocator *a, const char *dir, const char *name) {
  size_t m = strlen(dir), k = strlen(name);
  int slash = m > 0 && dir[m - 1] == '/';
  char *p = hinge__malloc(a, m + k + 2 - (size_t)slash);
  if (p == NULL) return NULL;
  memcpy(p, dir, m);
  if (!slash) p[m++] = '/';
  memcpy(p + m, name, k + 1);
  return p;
}

static int cmp_names(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The folders being walked (device and inode), against symbolic-link
 * loops. */
typedef struct walk {
  hinge_session_paths *l;
  dev_t dev[WALK_MAX_DEPTH];
  ino_t ino[WALK_MAX_DEPTH];
  int depth;
} walk;

static void free_names(const hinge_allocator *a, char **names, size_t n, size_t cap) {
  size_t i;
  for (i = 0; i < n; i++) free_str(a, names[i]);
  if (names != NULL) hinge__free(a, names, cap * sizeof *names);
}

/* The names in dir, without the hidden ones, sorted.  0, or -1 when it
 * cannot be listed (errno) or memory ran out (errno ENOMEM). */
static int list_names(const hinge_allocator *a, const char *dir, char ***names, size_t *n,
                      size_t *cap) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int rc = 0;
  *names = NULL;
  *n = *cap = 0;
  if (d == NULL) return -1;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (*n == *cap) {
      size_t nc = *cap ? *cap * 2 : 32;
      char **nn = hinge__realloc(a, *names, *cap * sizeof *nn, nc * sizeof *nn);
      if (nn == NULL) { rc = -1; break; }
      *names = nn;
      *cap = nc;
    }
    if (((*names)[*n] = hinge__strdup(a, e->d_name)) == NULL) { rc = -1; break; }
    (*n)++;
  }
  closedir(d);
  if (rc != 0) errno = ENOMEM;
  if (*n > 1) qsort(*names, *n, sizeof **names, cmp_names);
  return rc;
}

/* A folder a reader takes as one session (OpenPose's frames), by the
 * readers' own detection: content, not a mere folder. */
static int folder_is_session(const char *dir) {
  hinge__sniff s;
  size_t i;
  memset(&s, 0, sizeof s);
  s.ext = "";
  s.head = "";
  s.is_dir = 1;
  s.path = dir;
  for (i = 0; i < hinge_input_format_count(); i++) {
    const hinge__reader *r = hinge__reader_find(hinge_input_format_name(i));
    if (r != NULL && r->detect != NULL && r->detect(&s) >= 2) return 1;
  }
  return 0;
}

static int walk_dir(walk *w, const char *dir, const struct stat *st);

/* One entry of a folder (path taken over): a folder is walked, a session
 * file kept. */
static int walk_entry(walk *w, char *path, const char *name) {
  struct stat st;
  const hinge_allocator *a = w->l->a;
  if (path == NULL) return HINGE_ENOMEM;
  if (stat(path, &st) != 0) { /* a dangling link: let the loader say so */
    if (hinge_session_file_name(name)) return add_item(w->l, path, NULL);
    free_str(a, path);
    return HINGE_OK;
  }
  if (S_ISDIR(st.st_mode) && folder_is_session(path)) return add_item(w->l, path, NULL);
  if (S_ISDIR(st.st_mode)) {
    int rc = walk_dir(w, path, &st);
    free_str(a, path);
    return rc;
  }
  if (S_ISREG(st.st_mode) && hinge_session_file_name(name)) return add_item(w->l, path, NULL);
  free_str(a, path);
  return HINGE_OK;
}

static int walk_dir(walk *w, const char *dir, const struct stat *st) {
  const hinge_allocator *a = w->l->a;
  char **names, msg[HINGE_ERROR_MESSAGE_MAX];
  size_t n, cap, i;
  int k, rc = HINGE_OK;
  for (k = 0; k < w->depth; k++)
    if (w->dev[k] == st->st_dev && w->ino[k] == st->st_ino) return HINGE_OK; /* a loop */
  if (w->depth == WALK_MAX_DEPTH)
    return add_item(w->l, hinge__strdup(a, dir), "folders nested too deep (more than 256 levels)");
  if (list_names(a, dir, &names, &n, &cap) != 0) {
    int e = errno;
    free_names(a, names, n, cap);
    if (e == ENOMEM) return HINGE_ENOMEM;
    snprintf(msg, sizeof msg, "cannot read folder: %s", strerror(e));
    return add_item(w->l, hinge__strdup(a, dir), msg);
  }
  w->dev[w->depth] = st->st_dev;
  w->ino[w->depth++] = st->st_ino;
  for (i = 0; i < n && rc == HINGE_OK; i++) rc = walk_entry(w, join_path(a, dir, names[i]), names[i]);
  w->depth--;
  free_names(a, names, n, cap);
  return rc;
}

int hinge_session_paths_expand(const char *const *args, size_t nargs,
                               const hinge_allocator *alloc, hinge_session_paths **out,
                               hinge_error *err) {
  hinge_session_paths *l;
  walk *w;
  struct stat st;
  size_t i, before;
  int rc = HINGE_OK;
  char msg[128];
  if (out == NULL || (args == NULL && nargs > 0))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "session_paths: NULL argument");
  *out = NULL;
  if ((l = hinge__malloc(alloc, sizeof *l)) == NULL)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory listing the inputs");
  memset(l, 0, sizeof *l);
  l->a = alloc;
  if ((w = hinge__malloc(alloc, sizeof *w)) == NULL) {
    hinge__free(alloc, l, sizeof *l);
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory listing the inputs");
  }
  memset(w, 0, sizeof *w);
  w->l = l;
  snprintf(msg, sizeof msg, "no session file (%s) in this folder", hinge_session_extensions());
  for (i = 0; rc == HINGE_OK && i < nargs; i++) {
    if (args[i] == NULL) {
      rc = hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "session_paths: path %lu is NULL",
                       (unsigned long)i + 1);
      break;
    }
    if (strcmp(args[i], "-") == 0 || stat(args[i], &st) != 0 || !S_ISDIR(st.st_mode) ||
        folder_is_session(args[i])) {
      rc = add_item(l, hinge__strdup(alloc, args[i]), NULL);
      continue;
    }
    l->folders = 1;
    before = l->n;
    rc = walk_dir(w, args[i], &st);
    if (rc == HINGE_OK && l->n == before) rc = add_item(l, hinge__strdup(alloc, args[i]), msg);
  }
  hinge__free(alloc, w, sizeof *w);
  if (rc != HINGE_OK) {
    hinge_session_paths_free(l);
    if (rc == HINGE_ENOMEM) hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory listing the inputs");
    return rc;
  }
  *out = l;
  return HINGE_OK;
}

size_t hinge_session_paths_count(const hinge_session_paths *l) { return l != NULL ? l->n : 0; }

const char *hinge_session_paths_path(const hinge_session_paths *l, size_t i) {
  return l != NULL && i < l->n ? l->items[i].path : NULL;
}

const char *hinge_session_paths_error(const hinge_session_paths *l, size_t i) {
  return l != NULL && i < l->n ? l->items[i].error : NULL;
}

int hinge_session_paths_folders(const hinge_session_paths *l) { return l != NULL && l->folders; }

void hinge_session_paths_free(hinge_session_paths *l) {
  size_t i;
  if (l == NULL) return;
  for (i = 0; i < l->n; i++) {
    free_str(l->a, l->items[i].path);
    free_str(l->a, l->items[i].error);
  }
  if (l->items != NULL) hinge__free(l->a, l->items, l->cap * sizeof *l->items);
  hinge__free(l->a, l, sizeof *l);
}
