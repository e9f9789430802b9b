/* Unit tests for hinge_session_paths_expand (src/io/paths.c): a tree made
 * for the test, walked as the docs say (recursive, sorted bytewise, hidden
 * names and other extensions skipped, an empty folder an entry with an
 * error, other paths kept as given), and every allocation failure handled
 * without a leak. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hinge/hinge.h"

static char root[256];

static void touch(const char *rel) {
  char p[512];
  FILE *f;
  snprintf(p, sizeof p, "%s/%s", root, rel);
  f = fopen(p, "w");
  cr_assert_not_null(f, "%s", p);
  fputs("time_s,hip_deg\n0,1\n", f);
  fclose(f);
}

static void dir(const char *rel) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", root, rel);
  cr_assert_eq(mkdir(p, 0700), 0, "%s", p);
}

static void tree(void) {
  snprintf(root, sizeof root, "/tmp/hinge_paths_XXXXXX");
  cr_assert_not_null(mkdtemp(root));
  dir("team");
  dir("team/b");
  dir("team/empty");
  dir("team/.hidden");
  touch("team/B.csv");
  touch("team/a.CSV");
  touch("team/notes.md");
  touch("team/.x.csv");
  touch("team/b/squat.mot");
  touch("team/b/take.mvnx");
  touch("team/.hidden/in.csv");
}

static void rm_tree(void) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  cr_assert_eq(system(cmd), 0);
}

Test(paths, a_folder_should_be_walked_sorted_with_the_readers_extensions, .init = tree,
     .fini = rm_tree) {
  char team[300], missing[300], empty[300];
  const char *args[4];
  hinge_session_paths *l = NULL;
  hinge_error e;
  size_t i;
  static const char *const want[] = {"B.csv", "a.CSV", "b/squat.mot", "b/take.mvnx"};
  snprintf(team, sizeof team, "%s/team", root);
  snprintf(missing, sizeof missing, "%s/none.csv", root);
  snprintf(empty, sizeof empty, "%s/team/empty", root);
  args[0] = team;
  args[1] = empty;
  args[2] = missing;
  args[3] = "-";
  cr_assert_eq(hinge_session_paths_expand(args, 4, NULL, &l, &e), HINGE_OK, "%s", e.message);
  /* 4 files (an empty sub-folder of a walk adds nothing), then the empty
   * folder named on its own: an entry with an error ... */
  cr_assert_eq(hinge_session_paths_count(l), 7);
  for (i = 0; i < 4; i++) {
    char p[400];
    snprintf(p, sizeof p, "%s/%s", team, want[i]);
    cr_assert_str_eq(hinge_session_paths_path(l, i), p);
    cr_assert_null(hinge_session_paths_error(l, i));
  }
  cr_assert(strstr(hinge_session_paths_path(l, 4), "team/empty") != NULL);
  cr_assert_str_eq(hinge_session_paths_error(l, 4),
                   "no session file (.csv, .tsv, .txt, .mot, .sto, .mvnx) in this folder");
  /* ... and the other paths as given, for the loader to refuse */
  cr_assert_str_eq(hinge_session_paths_path(l, 5), missing);
  cr_assert_null(hinge_session_paths_error(l, 5));
  cr_assert_str_eq(hinge_session_paths_path(l, 6), "-");
  cr_assert_eq(hinge_session_paths_folders(l), 1);
  cr_assert_null(hinge_session_paths_path(l, 7));
  hinge_session_paths_free(l);
  cr_assert_eq(hinge_session_file_name("x.STO"), 1);
  cr_assert_eq(hinge_session_file_name("x.json"), 0);
  cr_assert_eq(hinge_session_file_name(".csv"), 0);
}

Test(paths, files_only_should_not_count_as_folders) {
  const char *args[1] = {"a.csv"};
  hinge_session_paths *l = NULL;
  cr_assert_eq(hinge_session_paths_expand(args, 1, NULL, &l, NULL), HINGE_OK);
  cr_assert_eq(hinge_session_paths_folders(l), 0);
  cr_assert_eq(hinge_session_paths_count(l), 1);
  hinge_session_paths_free(l);
  cr_assert_eq(hinge_session_paths_expand(NULL, 1, NULL, &l, NULL), HINGE_EINVAL);
  cr_assert_eq(hinge_session_paths_count(NULL), 0);
  hinge_session_paths_free(NULL);
}

/* Every allocation failing in turn: HINGE_ENOMEM, nothing left behind. */
typedef struct counting {
  long fail_at, calls;
  long live;
} counting;

static void *count_alloc(void *ud, void *p, size_t osize, size_t nsize) {
  counting *c = ud;
  if (nsize == 0) {
    if (p != NULL) c->live--;
    free(p);
    return NULL;
  }
  if (++c->calls == c->fail_at) return NULL;
  if (p == NULL) c->live++;
  (void)osize;
  return realloc(p, nsize);
}

Test(paths, every_allocation_failure_should_be_enomem_without_a_leak, .init = tree,
     .fini = rm_tree) {
  char team[300];
  const char *args[1];
  long k;
  snprintf(team, sizeof team, "%s/team", root);
  args[0] = team;
  for (k = 1; k < 1000; k++) {
    counting c = {k, 0, 0};
    hinge_allocator a = {count_alloc, &c};
    hinge_session_paths *l = NULL;
    hinge_error e;
    int rc = hinge_session_paths_expand(args, 1, &a, &l, &e);
    if (rc == HINGE_OK) {
      cr_assert_eq(hinge_session_paths_count(l), 4);
      hinge_session_paths_free(l);
      cr_assert_eq(c.live, 0);
      cr_assert_gt(k, 5, "succeeded with allocation %ld failing", k);
      return;
    }
    cr_assert_eq(rc, HINGE_ENOMEM, "failure %ld gave %d (%s)", k, rc, e.message);
    cr_assert_null(l);
    cr_assert_eq(c.live, 0, "leak after failure %ld", k);
  }
  cr_assert_fail("never succeeded");
}
