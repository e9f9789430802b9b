/* Unit tests for load_options.c: one check with one set of limits and
 * words; tests/cli/test_load_options.sh holds the CLI and Lua to the same
 * words. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "hinge/hinge.h"

static const char csv[] = "time_s,hip_deg\n0,1\n0.01,2\n0.02,3\n";

/* What check and the loader say about o (the loader's error adds the file). */
static void refused(const hinge_load_options *o, const char *words) {
  hinge_error e;
  hinge_table *t = NULL;
  hinge_error_clear(&e);
  cr_assert_eq(hinge_load_options_check(o, &e), HINGE_EINVAL);
  cr_assert_str_eq(e.message, words);
  hinge_error_clear(&e);
  cr_assert_eq(hinge_table_load_buffer("x.csv", csv, sizeof csv - 1, o, &t, &e), HINGE_EINVAL);
  cr_assert_str_eq(e.message, words);
  cr_assert_null(t);
}

Test(load_options, init_should_give_options_the_loader_accepts) {
  hinge_load_options o;
  hinge_table *t = NULL;
  memset(&o, 0xff, sizeof o);
  hinge_load_options_init(&o);
  cr_assert_eq(o.threads, 0u);
  cr_assert_eq(o.fs, 0.0);
  cr_assert_eq(hinge_load_options_check(&o, NULL), HINGE_OK);
  cr_assert_eq(hinge_table_load_buffer("x.csv", csv, sizeof csv - 1, &o, &t, NULL), HINGE_OK);
  hinge_table_destroy(t);
}

Test(load_options, threads_beyond_the_limit_should_be_refused_not_clamped) {
  hinge_load_options o;
  hinge_load_options_init(&o);
  o.threads = HINGE_LOAD_MAX_THREADS;
  cr_assert_eq(hinge_load_options_check(&o, NULL), HINGE_OK);
  o.threads = HINGE_LOAD_MAX_THREADS + 1;
  refused(&o, "threads must be 1 to 16");
}

Test(load_options, bad_values_should_be_refused_with_the_shared_words) {
  hinge_load_options o;
  hinge_load_options_init(&o);
  o.fs = -3;
  refused(&o, "the sample rate must be > 0 Hz");
  o.fs = INFINITY;
  refused(&o, "the sample rate must be > 0 Hz");
  o.fs = 0;
  o.gap_factor = 0.5;
  refused(&o, "gap_factor must be >= 1");
  o.gap_factor = 0;
  o.delimiter = '|';
  refused(&o, "delimiter must be ',', ';' or a tab");
  o.delimiter = 0;
  o.nmap = 1;
  refused(&o, "mapping: NULL map");
}

Test(load_options, check_should_refuse_null) {
  cr_assert_eq(hinge_load_options_check(NULL, NULL), HINGE_EINVAL);
}

/* docs/c-api.md, Conventions: every accessor reads NULL as empty. */
Test(accessors, a_null_handle_should_read_as_empty) {
  cr_assert_null(hinge_table_file(NULL));
  cr_assert_eq(hinge_table_rows(NULL), 0);
  cr_assert_eq(hinge_table_columns(NULL), 0);
  cr_assert_null(hinge_table_column_info(NULL, 0));
  cr_assert_null(hinge_table_column(NULL, 0));
  cr_assert_eq(hinge_table_find(NULL, "hip"), -1);
  cr_assert_eq(hinge_table_role_column(NULL, HINGE_ROLE_HIP), -1);
  cr_assert_null(hinge_table_time(NULL));
  cr_assert_null(hinge_table_schema(NULL));
  cr_assert_null(hinge_table_meta(NULL));
  cr_assert_null(hinge_table_timing(NULL));
  cr_assert_eq(hinge_table_gap_count(NULL), 0);
  cr_assert_null(hinge_table_gap(NULL, 0));
  cr_assert_eq(hinge_table_warning_count(NULL), 0);
  cr_assert_null(hinge_table_warning(NULL, 0));
  cr_assert_null(hinge_csv_reader_info(NULL));
  cr_assert_eq(hinge_logs_soreness_count(NULL), 0);
  cr_assert_null(hinge_logs_training(NULL, 0));
  cr_assert_eq(hinge_assessment_count(NULL), 0);
  cr_assert_null(hinge_assessment_athlete(NULL, 0));
}

/* docs/c-api.md, Conventions: every options struct has *_init and *_check. */
Test(options, init_should_give_options_their_check_accepts) {
  hinge_csv_options co;
  hinge_log_options lo;
  hinge_trainload_options to;
  hinge_recovery_config rc;
  hinge_error e;
  hinge_csv_options_init(&co);
  hinge_log_options_init(&lo);
  hinge_trainload_options_init(&to);
  hinge_recovery_config_init(&rc);
  cr_assert_eq(hinge_csv_options_check(&co, NULL), HINGE_OK);
  cr_assert_eq(hinge_log_options_check(&lo, NULL), HINGE_OK);
  cr_assert_eq(hinge_trainload_options_check(&to, NULL), HINGE_OK);
  cr_assert_eq(hinge_recovery_config_check(&rc, NULL), HINGE_OK);
  co.delimiter = '|';
  cr_assert_eq(hinge_csv_options_check(&co, &e), HINGE_EINVAL);
  cr_assert_str_eq(e.message, "delimiter must be ',', ';' or a tab (got 0x7c)");
  to.acute_days = 0;
  cr_assert_eq(hinge_trainload_options_check(&to, &e), HINGE_EINVAL);
  cr_assert_str_eq(e.message, "load: windows must be 1 to 366 days");
  rc.doms_min_days = rc.doms_max_days + 1;
  cr_assert_eq(hinge_recovery_config_check(&rc, &e), HINGE_ERANGE);
  cr_assert_eq(hinge_csv_options_check(NULL, NULL), HINGE_EINVAL);
  cr_assert_eq(hinge_log_options_check(NULL, NULL), HINGE_EINVAL);
}
