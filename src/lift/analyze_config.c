/*
 * analyze_config.c -- the analysis thresholds: defaults, their reasons,
 * and access by name (for `--threshold NAME=VALUE` and Lua options).
 *
 * One table lists every field once; the defaults, the domain checks and
 * the listing in `hinge help analyze` all come from it, so they cannot
 * disagree.  docs/algorithms.md gives the references in full.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "hinge/analyze.h"
#include "base/internal.h"

typedef struct param_row {
  hinge_analyze_param p;
  size_t offset;
  int integer;
} param_row;

#define F(field) offsetof(hinge_analyze_config, field)
#define INF HUGE_VAL

static const param_row params[] = {
  {{"fill_max_gap_s", "s", "longest gap filled linearly; longer gaps stay missing "
    "(a quarter second is shorter than any phase of a rep)", 0.25, 0, 10, 0}, F(fill_max_gap_s), 0},
  {{"despike_half_window_s", "s", "Hampel window each side of a sample (single-sample "
    "glitches at every rate from 50 Hz up)", 0.05, 0, 1, 0}, F(despike_half_window_s), 0},
  {{"despike_k", "", "Hampel threshold in robust standard deviations (Pearson's usual 3)",
    3, 0, 100, 0}, F(despike_k), 0},
  {{"despike_min_deg", "deg", "floor of the Hampel threshold: samples within this of the "
    "local median are never replaced (above the few-degree sensor error)", 5, 0, 90, 0},
   F(despike_min_deg), 0},
  {{"lowpass_hz", "Hz", "zero-phase Butterworth cutoff (Winter: 6 Hz keeps trunk and hip "
    "motion, removes sensor noise)", 6, 0.1, 1e6, 0}, F(lowpass_hz), 0},
  {{"lowpass_order", "", "Butterworth order N of each pass (Winter's second order)", 2, 1, 8, 0},
   F(lowpass_order), 1},
  {{"irregular_tolerance", "", "resample to a uniform rate when a time step strays this "
    "fraction from the median step", 0.02, 0, 1, 0}, F(irregular_tolerance), 0},
  {{"neutral_hip_deg", "deg", "standing hip angle; NaN: median of quiet standing before "
    "the first rep", NAN, -360, 360, 1}, F(neutral_hip_deg), 0},
  {{"neutral_thoracic_deg", "deg", "standing thoracic angle; NaN: measured", NAN, -360, 360, 1},
   F(neutral_thoracic_deg), 0},
  {{"neutral_lumbar_deg", "deg", "standing lumbar angle; NaN: measured", NAN, -360, 360, 1},
   F(neutral_lumbar_deg), 0},
  {{"neutral_trunk_deg", "deg", "standing trunk inclination; NaN: measured", NAN, -360, 360, 1},
   F(neutral_trunk_deg), 0},
  {{"min_standing_s", "s", "quiet standing needed before the first rep to measure the "
    "neutral (else the lockouts are used, with a warning)", 0.5, 0, INF, 0}, F(min_standing_s), 0},
  {{"max_thoracic_deg", "deg", "maximal thoracic flexion relative to standing, from a "
    "maximal-flexion trial; NaN: angles are not expressed as % of maximum", NAN, 0.1, 360, 1},
   F(max_thoracic_deg), 0},
  {{"max_lumbar_deg", "deg", "maximal lumbar flexion relative to standing; NaN: none",
    NAN, 0.1, 360, 1}, F(max_lumbar_deg), 0},
  {{"min_range_deg", "deg", "smallest hip or trunk excursion counted as a rep (a deadlift "
    "moves the hip 60-90 deg; re-grips and hitches move it less)", 20, 0, 360, 0},
   F(min_range_deg), 0},
  {{"min_range_spine_deg", "deg", "the same gate when reps are found on thoracic + lumbar "
    "(their summed excursion is 20-30 deg)", 8, 0, 360, 0}, F(min_range_spine_deg), 0},
  {{"min_range_frac", "", "a rep must also reach this fraction of the median rep's "
    "excursion (partial reps fall below)", 0.5, 0, 1, 0}, F(min_range_frac), 0},
  {{"onset_velocity_frac", "", "motion starts or stops where speed crosses this fraction "
    "of the pull's peak speed", 0.1, 0, 1, 0}, F(onset_velocity_frac), 0},
  {{"onset_velocity_deg_s", "deg/s", "lowest onset speed, above the filtered noise",
    5, 0, INF, 0}, F(onset_velocity_deg_s), 0},
  {{"count_final_rise", "", "1: count the last rise after the final lowering as a rep; "
    "0: set_end decides (deprecated: use set_end lockout)", 0, 0, 1, 0}, F(count_final_rise), 1},
  {{"min_dwell_s", "s", "a setup pause at the bottom shorter than this is a touch-and-go "
    "turnaround; a turnaround rise just before a paused rep is the lifter standing up "
    "between reps", 0.3, 0, 10, 0}, F(min_dwell_s), 0},
  {{"set_rest_s", "s", "without a set column, a rest longer than this between two reps "
    "starts a new set (rests between reps of a set stay under a minute; between sets 2-5 min)",
    60, 0, INF, 0}, F(set_rest_s), 0},
  {{"min_pull_s", "s", "a rise shorter than this from liftoff to lockout is not a pull "
    "(a video splice or keypoint glitch; the fastest light pulls take about 0.5 s)",
    0.3, 0, 10, 0}, F(min_pull_s), 0},
  {{"max_pull_speed_deg_s", "deg/s", "a rise whose segmentation channel extends faster than "
    "this is not a pull (deadlift hip extension peaks at 150-400 deg/s)", 800, 1, INF, 0},
   F(max_pull_speed_deg_s), 0},
  {{"max_lean_back_deg", "deg", "a rise that starts or ends this far beyond standing into "
    "extension (leaning back) is not a pull", 20, 0, 360, 0}, F(max_lean_back_deg), 0},
  {{"max_unmeasured_s", "s", "a spine channel whose pull holds a longer run of missing, "
    "filled or despiked samples is not assessed (the peak may hide there)", 0.1, 0, 10, 0},
   F(max_unmeasured_s), 0},
  {{"min_coverage", "", "a spine channel with less of its pull measured is not assessed",
    0.8, 0, 1, 0}, F(min_coverage), 0},
  {{"measurement_error_deg", "deg", "spine-angle error of skin-mounted IMUs (a few degrees "
    "against optical capture); smaller drifts are ignored", 3, 0, 90, 0},
   F(measurement_error_deg), 0},
  {{"upper_back_rounding_deg", "deg", "thoracic rounding during the pull that flags "
    "upper_back_rounding (above the sensor error; minor rounding is common on heavy pulls)",
    5, 0, 360, 0}, F(upper_back_rounding_deg), 0},
  {{"upper_back_fix_deg", "deg", "thoracic rounding whose verdict is fix rather than "
    "caution", 10, 0, 360, 0}, F(upper_back_fix_deg), 0},
  {{"lumbar_rounding_deg", "deg", "lumbar rounding during the pull that flags "
    "lumbar_rounding (stop): above the sensor error; no validated injury threshold exists",
    5, 0, 360, 0}, F(lumbar_rounding_deg), 0},
  {{"fatigue_increase_pct", "%", "pull-duration increase, first to last rep, reported as "
    "fatigue (about a 20 % velocity loss)", 20, 0, INF, 0}, F(fatigue_increase_pct), 0},
};

#define NPARAMS (sizeof params / sizeof params[0])

static double *field(hinge_analyze_config *cfg, const param_row *r) {
  return (double *)(void *)((char *)cfg + r->offset);
}

static double cfield(const hinge_analyze_config *cfg, const param_row *r) {
  return *(const double *)(const void *)((const char *)cfg + r->offset);
}

static const param_row *find(const char *name) {
  size_t i;
  if (name == NULL) return NULL;
  for (i = 0; i < NPARAMS; i++)
    if (strcmp(params[i].p.name, name) == 0) return &params[i];
  return NULL;
}

void hinge_analyze_config_init(hinge_analyze_config *cfg) {
  size_t i;
  if (cfg == NULL) return;
  memset(cfg, 0, sizeof *cfg);
  for (i = 0; i < NPARAMS; i++) *field(cfg, &params[i]) = params[i].p.default_value;
  cfg->exercise = HINGE_EXERCISE_DEADLIFT;
  cfg->set_end = HINGE_SET_END_AUTO;
}

void hinge_analyze_config_default(hinge_analyze_config *cfg) { hinge_analyze_config_init(cfg); }

/* Whether v is allowed in the field described by r. */
static int in_domain(const param_row *r, double v) {
  if (isnan(v)) return r->p.nan_ok;
  if (v < r->p.min || v > r->p.max) return 0;
  if (r->integer && v != floor(v)) return 0;
  return 1;
}

static int domain_error(const param_row *r, double v, hinge_error *err) {
  if (isnan(v))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "threshold %s cannot be NaN", r->p.name);
  return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                     "threshold %s = %g is outside [%g, %g]%s", r->p.name, v, r->p.min,
                     r->p.max, r->integer ? " or not an integer" : "");
}

int hinge_analyze_config_set(hinge_analyze_config *cfg, const char *name, double value,
                             hinge_error *err) {
  const param_row *r = find(name);
  if (cfg == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "config is NULL");
  if (r == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "unknown threshold '%s'",
                       name ? name : "(null)");
  if (!in_domain(r, value)) return domain_error(r, value, err);
  *field(cfg, r) = value;
  return HINGE_OK;
}

int hinge_analyze_config_get(const hinge_analyze_config *cfg, const char *name, double *value,
                             hinge_error *err) {
  const param_row *r = find(name);
  if (cfg == NULL || value == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "config or value is NULL");
  if (r == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "unknown threshold '%s'",
                       name ? name : "(null)");
  *value = cfield(cfg, r);
  return HINGE_OK;
}

int hinge_analyze_config_check(const hinge_analyze_config *cfg, hinge_error *err) {
  size_t i;
  if (cfg == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "config is NULL");
  for (i = 0; i < NPARAMS; i++) {
    double v = cfield(cfg, &params[i]);
    if (!in_domain(&params[i], v)) return domain_error(&params[i], v, err);
  }
  if (cfg->exercise < HINGE_EXERCISE_DEADLIFT || cfg->exercise > HINGE_EXERCISE_RDL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "exercise %d is not a hinge_exercise",
                       cfg->exercise);
  if (cfg->set_end < HINGE_SET_END_AUTO || cfg->set_end > HINGE_SET_END_PUT_DOWN)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "set_end %d is not a hinge_set_end",
                       cfg->set_end);
  return HINGE_OK;
}

/* ------------------------------------------------ exercise and set end */

static const char *const exercise_names[] = {"deadlift", "squat", "rdl"};
static const char *const set_end_names[] = {"auto", "lockout", "put-down"};

static const char *name_of(const char *const *names, size_t n, int v) {
  return v >= 0 && (size_t)v < n ? names[v] : "unknown";
}

static int parse_of(const char *const *names, size_t n, const char *what, const char *name,
                    int *out, hinge_error *err) {
  size_t i;
  if (out == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "%s: out is NULL", what);
  for (i = 0; name != NULL && i < n; i++)
    if (strcmp(names[i], name) == 0) {
      *out = (int)i;
      return HINGE_OK;
    }
  return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "%s '%s' is not one of %s, %s, %s", what,
                     name ? name : "(null)", names[0], names[1], names[2]);
}

const char *hinge_exercise_name(int exercise) { return name_of(exercise_names, 3, exercise); }
const char *hinge_set_end_name(int set_end) { return name_of(set_end_names, 3, set_end); }
int hinge_exercise_parse(const char *name, int *out, hinge_error *err) {
  return parse_of(exercise_names, 3, "exercise", name, out, err);
}
int hinge_set_end_parse(const char *name, int *out, hinge_error *err) {
  return parse_of(set_end_names, 3, "set end", name, out, err);
}

int hinge_analyze_config_param(size_t i, hinge_analyze_param *out) {
  if (i >= NPARAMS) return 0;
  if (out != NULL) *out = params[i].p;
  return 1;
}
