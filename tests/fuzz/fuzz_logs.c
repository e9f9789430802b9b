/*
 * fuzz_logs -- the log readers (soreness log, training log in hinge's
 * format or a Strong export, `hinge analyze` JSON) into one hinge_logs,
 * then the recovery assessment, daily loads and load metrics.
 *
 * Input: 2 option bytes, then up to three files separated by a line
 * "@@": soreness CSV, training CSV, analysis JSON.
 *   byte 0: bit 0 lenient; bit 1 athlete "ana" for logs that name none;
 *           bit 2 fail one allocation (the 1 + byte1-th); bits 3-4 the day
 *           assessed (latest, 2026-03-05, 1970-01-01 + byte1 * 97 days,
 *           the first soreness day); bit 5 only the first athlete; bit 6
 *           set one recovery threshold (index byte1 % count, value byte1 / 8)
 *   byte 1: the numbers above
 * Properties: statuses from the documented lists, err filled; entries in
 * their documented domains; athletes sorted and distinct; verdicts and
 * findings consistent (the verdict at least every non-escalating finding's);
 * a coach's finding raises the verdict; daily loads finite and >= 0 and
 * accepted by hinge_trainload_compute; the allocator balanced.
 */
#include "fuzz_common.h"

#include <ctype.h>

static fuzz_file files[3];

static int read_ok(int rc) {
  return rc == HINGE_OK || rc == HINGE_EPARSE || rc == HINGE_ERANGE || rc == HINGE_ESCHEMA ||
         rc == HINGE_ENODATA || rc == HINGE_ELIMIT;
}

/* err describes the failure: its code is the status. */
static void check_err(int rc, const hinge_error *err, int injected, int lenient) {
  if (rc == HINGE_OK || err->code == rc) return;
  fprintf(stderr, "status %s, err.code %s (%s)\n", hinge_err_name(rc), hinge_err_name(err->code),
          err->message);
  FUZZ_CHECK(err->code == rc);
}

static void check_entries(const hinge_logs *logs) {
  size_t i;
  char day[HINGE_DATE_BUF];
  for (i = 0; i < hinge_logs_soreness_count(logs); i++) {
    const hinge_soreness_entry *e = hinge_logs_soreness(logs, i);
    FUZZ_CHECK(e != NULL && e->athlete != NULL && e->athlete[0] != '\0' && e->region != NULL);
    FUZZ_CHECK(isnan(e->severity) || (e->severity >= 0 && e->severity <= 10)); /* NaN: lenient */
    FUZZ_CHECK((e->quality & ~0x7FFu) == 0 && (e->flags & ~0xFFu) == 0);
    FUZZ_CHECK(isnan(e->sleep_h) || isfinite(e->sleep_h));
    FUZZ_CHECK(strcmp(hinge_day_format(e->day, day), "0000-00-00") != 0);
  }
  for (i = 0; i < hinge_logs_training_count(logs); i++) {
    const hinge_training_entry *e = hinge_logs_training(logs, i);
    FUZZ_CHECK(e != NULL && e->athlete != NULL && e->exercise != NULL && e->session != NULL);
    FUZZ_CHECK(isnan(e->rpe) || (e->rpe >= 0 && e->rpe <= 10));
    FUZZ_CHECK(strcmp(hinge_day_format(e->day, day), "0000-00-00") != 0);
  }
  for (i = 0; i < hinge_logs_analysis_count(logs); i++) {
    const hinge_analysis_entry *e = hinge_logs_analysis(logs, i);
    FUZZ_CHECK(e != NULL && e->athlete != NULL && e->file != NULL);
    FUZZ_CHECK(e->lumbar_rounding_reps <= e->reps && e->upper_back_rounding_reps <= e->reps);
  }
  for (i = 0; i < hinge_logs_warning_count(logs); i++)
    FUZZ_CHECK(hinge_logs_warning(logs, i) != NULL);
}

/* Athletes are matched ignoring ASCII case and blank runs (recovery.h):
 * two listed names never differ by case alone. */
static int same_ignoring_case(const char *a, const char *b) {
  for (; *a && tolower((unsigned char)*a) == tolower((unsigned char)*b); a++, b++) continue;
  return *a == '\0' && *b == '\0';
}

static void check_assessment(hinge_assessment *as, const hinge_logs *logs, int injected) {
  size_t i, j, n = hinge_assessment_count(as);
  FUZZ_CHECK(n >= 1);
  FUZZ_CHECK(hinge_assessment_config(as) != NULL);
  for (i = 0; i < n; i++) {
    const hinge_athlete_result *r = hinge_assessment_athlete(as, i);
    FUZZ_CHECK(r != NULL && r->athlete != NULL);
    if (i > 0) FUZZ_CHECK(!same_ignoring_case(hinge_assessment_athlete(as, i - 1)->athlete, r->athlete));
    FUZZ_CHECK(hinge_verdict_rank(r->verdict) >= 0);
    for (j = 0; j < r->nfindings; j++) {
      const hinge_finding *f = &r->findings[j];
      FUZZ_CHECK(f->rule != NULL && f->message != NULL);
      FUZZ_CHECK(hinge_verdict_rank(f->verdict) >= 0);
      if (!f->escalate) FUZZ_CHECK(hinge_verdict_rank(r->verdict) >= hinge_verdict_rank(f->verdict));
    }
    for (j = 0; j < r->nsuggestions; j++) FUZZ_CHECK(r->suggestions[j] != NULL);
    for (j = 0; j < r->nepisodes; j++) {
      const hinge_episode *e = &r->episodes[j];
      FUZZ_CHECK(e->region != NULL && e->reports >= 1);
      FUZZ_CHECK(e->onset <= e->peak_day && e->peak_day <= e->last_day);
      FUZZ_CHECK(e->trajectory >= HINGE_TRAJ_NEW && e->trajectory <= HINGE_TRAJ_RESOLVED);
    }
    FUZZ_CHECK(r->load_basis >= HINGE_TRAINLOAD_NONE && r->load_basis <= HINGE_TRAINLOAD_VOLUME);
    /* Daily loads of the athlete, and their metrics. */
    {
      double *daily = NULL;
      size_t nd = 0, k;
      long first = 0;
      hinge_trainload_basis basis;
      hinge_error err;
      int rc = hinge_logs_daily_load(logs, r->athlete, hinge_assessment_on(as), &daily, &nd,
                                     &first, &basis, &err);
      FUZZ_CHECK(rc == HINGE_OK || rc == HINGE_ENODATA || rc == HINGE_ELIMIT ||
                 (injected && rc == HINGE_ENOMEM));
      if (rc == HINGE_OK) {
        hinge_trainload_metrics *m = malloc(nd * sizeof *m);
        FUZZ_CHECK(nd >= 1 && daily != NULL);
        for (k = 0; k < nd; k++) FUZZ_CHECK(isfinite(daily[k]) && daily[k] >= 0);
        rc = hinge_trainload_compute(daily, nd, NULL, m, &err);
        FUZZ_CHECK(rc == HINGE_OK);
        free(m);
        hinge_logs_free_daily(logs, daily, nd);
      }
    }
  }
  FUZZ_CHECK(hinge_assessment_athlete(as, n) == NULL);
  /* A coach's finding: the verdict is at least its verdict afterwards. */
  {
    hinge_finding f;
    hinge_error err;
    int rc;
    memset(&f, 0, sizeof f);
    f.rule = "fuzz_rule";
    f.verdict = HINGE_VERDICT_REST;
    f.message = "a finding from the fuzzer";
    f.suggestion = "rest";
    rc = hinge_assessment_add_finding(as, 0, &f, &err);
    FUZZ_CHECK(rc == HINGE_OK || (injected && rc == HINGE_ENOMEM));
    if (rc == HINGE_OK) FUZZ_CHECK(hinge_assessment_athlete(as, 0)->verdict >= HINGE_VERDICT_REST);
    FUZZ_CHECK(hinge_assessment_add_finding(as, n, &f, &err) == HINGE_EINVAL);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_in in = {data, size};
  unsigned b0, b1;
  const uint8_t *part[3], *rest;
  size_t len[3], restn, k;
  fuzz_alloc_state st;
  hinge_allocator a;
  hinge_logs *logs;
  hinge_log_options lo;
  hinge_training_format fmt = 0;
  hinge_recovery_options ro;
  hinge_recovery_config cfg;
  hinge_assessment *as = NULL;
  hinge_error err;
  int rc, injected;
  if (files[0].path[0] == '\0')
    for (k = 0; k < 3; k++) fuzz_file_init(&files[k], "log");
  if (size < 2) return 0;
  b0 = fuzz_byte(&in), b1 = fuzz_byte(&in);
  rest = in.p, restn = in.n;
  for (k = 0; k < 3; k++) {
    part[k] = rest ? rest : (const uint8_t *)"";
    len[k] = rest ? (k < 2 ? fuzz_split(rest, restn, "\n@@\n", &rest, &restn) : restn) : 0;
    fuzz_file_write(&files[k], part[k], len[k]);
  }
  injected = (b0 & 4) != 0;
  a = fuzz_alloc_start(&st, injected ? 1 + b1 : 0);
  logs = hinge_logs_create(&a);
  if (logs == NULL) {
    FUZZ_CHECK(st.failed);
    FUZZ_CHECK(st.live == 0);
    return 0;
  }
  memset(&lo, 0, sizeof lo);
  lo.lenient = b0 & 1;
  lo.athlete = (b0 & 2) ? "ana" : NULL;

  hinge_error_clear(&err);
  rc = hinge_logs_read_soreness(logs, files[0].path, &lo, &err);
  FUZZ_CHECK(read_ok(rc) || (injected && rc == HINGE_ENOMEM));
  check_err(rc, &err, injected, lo.lenient);
  rc = hinge_logs_read_training(logs, files[1].path, &lo, &fmt, &err);
  FUZZ_CHECK(read_ok(rc) || (injected && rc == HINGE_ENOMEM));
  check_err(rc, &err, injected, lo.lenient);
  if (rc == HINGE_OK) FUZZ_CHECK(fmt == HINGE_TRAINING_HINGE || fmt == HINGE_TRAINING_STRONG);
  if (len[2] > 0) {
    rc = hinge_logs_read_analysis(logs, files[2].path, &err);
    FUZZ_CHECK(read_ok(rc) || (injected && rc == HINGE_ENOMEM));
    check_err(rc, &err, injected, 0);
  }
  check_entries(logs);

  memset(&ro, 0, sizeof ro);
  ro.on = HINGE_DAY_NONE;
  switch ((b0 >> 3) & 3) {
  case 1: hinge_day_parse("2026-03-05", 10, &ro.on); break;
  case 2: ro.on = (long)b1 * 97; break;
  case 3:
    if (hinge_logs_soreness_count(logs) > 0) ro.on = hinge_logs_soreness(logs, 0)->day;
    break;
  }
  if ((b0 & 32) && hinge_logs_soreness_count(logs) > 0)
    ro.athlete = hinge_logs_soreness(logs, 0)->athlete;
  if (b0 & 64) {
    hinge_recovery_config_default(&cfg);
    rc = hinge_recovery_config_set(&cfg, hinge_recovery_config_name(b1 % hinge_recovery_config_count()),
                                   b1 / 8.0, &err);
    FUZZ_CHECK(rc == HINGE_OK || rc == HINGE_ERANGE);
    ro.config = &cfg;
  }
  rc = hinge_recovery_assess(logs, &ro, &as, &err);
  /* recovery.h lists ENODATA, EINVAL and ENOMEM; the code also returns
   * ERANGE (doms_min_days > doms_max_days) and ELIMIT (a training log
   * spanning more than 20000 days). */
  if (!(rc == HINGE_OK || rc == HINGE_ENODATA || rc == HINGE_EINVAL || rc == HINGE_ERANGE || rc == HINGE_ELIMIT ||
        (injected && rc == HINGE_ENOMEM)))
    fprintf(stderr, "assess: %s: %s\n", hinge_err_name(rc), err.message);
  FUZZ_CHECK(rc == HINGE_OK || rc == HINGE_ENODATA || rc == HINGE_EINVAL || rc == HINGE_ERANGE || rc == HINGE_ELIMIT ||
             (injected && rc == HINGE_ENOMEM));
  FUZZ_CHECK((rc == HINGE_OK) == (as != NULL));
  if (rc != HINGE_OK) FUZZ_CHECK(err.code == rc);
  if (as != NULL) check_assessment(as, logs, injected);
  hinge_assessment_destroy(as);
  hinge_logs_destroy(logs);
  FUZZ_CHECK(st.live == 0);
  return 0;
}
