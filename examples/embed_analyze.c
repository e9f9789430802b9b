/*
 * embed_analyze.c -- analyse a deadlift session from a C program through
 * the installed hinge library.
 *
 *   cc embed_analyze.c -o embed_analyze $(pkg-config --cflags --libs hinge)
 *   ./embed_analyze examples/data/2026-03-02_ben_set1.csv [lumbar_rounding_deg=4 ...]
 *
 * Exit status: 0 every rep ok or caution, 3 a rep to fix or stop,
 * 1 the file could not be analysed, 2 bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hinge/hinge.h>

static void print_error(const hinge_error *err) {
  char buf[HINGE_ERROR_FILE_MAX + HINGE_ERROR_MESSAGE_MAX + 64];
  hinge_error_format(err, buf, sizeof buf);
  fprintf(stderr, "embed_analyze: %s\n", buf);
}

/* Thresholds given as NAME=VALUE arguments, checked by the library. */
static int apply_thresholds(hinge_analyze_config *cfg, int argc, char **argv) {
  hinge_error err;
  int i;
  for (i = 2; i < argc; i++) {
    char name[64];
    const char *eq = strchr(argv[i], '=');
    if (eq == NULL || (size_t)(eq - argv[i]) >= sizeof name) {
      fprintf(stderr, "embed_analyze: expected NAME=VALUE, got '%s'\n", argv[i]);
      return 2;
    }
    memcpy(name, argv[i], (size_t)(eq - argv[i]));
    name[eq - argv[i]] = '\0';
    if (hinge_analyze_config_set(cfg, name, strtod(eq + 1, NULL), &err) != HINGE_OK) {
      print_error(&err);
      return 2;
    }
  }
  return 0;
}

static int report(const hinge_analysis *a) {
  const hinge_rep *reps = hinge_analysis_reps(a);
  const hinge_set_summary *set = hinge_analysis_set(a);
  char summary[512];
  size_t i;
  printf("%s: %s %s, %zu reps at %.0f Hz\n", hinge_analysis_file(a),
         hinge_analysis_athlete(a) ? hinge_analysis_athlete(a) : "?",
         hinge_analysis_date(a) ? hinge_analysis_date(a) : "?",
         hinge_analysis_rep_count(a), hinge_analysis_sample_rate(a));
  for (i = 0; i < hinge_analysis_rep_count(a); i++)
    printf("  rep %d: liftoff %.2f s, lumbar rounding %.1f deg, thoracic %.1f deg -> %s\n",
           reps[i].rep, reps[i].liftoff_s, reps[i].lumbar.rounding_deg,
           reps[i].thoracic.rounding_deg, hinge_form_verdict_name(reps[i].verdict));
  hinge_analysis_summary(a, summary, sizeof summary);
  printf("  %s\n", summary);
  return set->verdict == HINGE_FORM_FIX || set->verdict == HINGE_FORM_STOP ? 3 : 0;
}

int main(int argc, char **argv) {
  hinge_analyze_config cfg;
  hinge_table *t = NULL;
  hinge_analysis *a = NULL;
  hinge_error err;
  int rc;
  if (argc < 2) {
    fprintf(stderr, "usage: embed_analyze SESSION.csv [NAME=VALUE...]\n");
    return 2;
  }
  if (strcmp(hinge_version(), HINGE_VERSION) != 0)
    fprintf(stderr, "embed_analyze: built with hinge %s, running %s\n", HINGE_VERSION, hinge_version());
  hinge_analyze_config_default(&cfg);
  if ((rc = apply_thresholds(&cfg, argc, argv)) != 0) return rc;
  if (hinge_table_load(argv[1], NULL, &t, &err) != HINGE_OK ||
      hinge_analyze(t, &cfg, NULL, &a, &err) != HINGE_OK) {
    print_error(&err);
    hinge_table_destroy(t);
    return 1;
  }
  rc = report(a);
  hinge_analysis_destroy(a);
  hinge_table_destroy(t);
  return rc;
}
