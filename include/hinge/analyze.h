/*
 * hinge/analyze.h -- deadlift analysis: conditioning, standing
 * calibration, rep segmentation, per-rep rounding metrics, flags,
 * verdicts and the per-set summary.
 *
 *   hinge_analyze_config cfg;
 *   hinge_analysis *a = NULL;
 *   hinge_analyze_config_default(&cfg);
 *   cfg.lumbar_rounding_deg = 6;                  (or hinge_analyze_config_set)
 *   if (hinge_analyze_arrays(&input, &cfg, NULL, &a, &err) == HINGE_OK) {
 *     size_t i, n = hinge_analysis_rep_count(a);
 *     const hinge_rep *reps = hinge_analysis_reps(a);
 *     ...
 *   }
 *   hinge_analysis_destroy(a);
 *
 * docs/algorithms.md ("Deadlift analysis") describes every stage and the
 * reason behind every default; docs/formats.md the JSON and CSV outputs
 * built from these structs.
 */
#ifndef HINGE_ANALYZE_H
#define HINGE_ANALYZE_H

#include "hinge/common.h"
#include "hinge/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What is lifted (cfg.exercise).  docs/algorithms.md ("Exercises") lists
 * what changes: a squat's every descent and rise is a rep (the bar is
 * racked, no put-down rule); a Romanian deadlift starts from standing and
 * never reaches the floor (no setup from the floor, no put-down rule). */
typedef enum hinge_exercise {
  HINGE_EXERCISE_DEADLIFT = 0,
  HINGE_EXERCISE_SQUAT,
  HINGE_EXERCISE_RDL
} hinge_exercise;
/* "deadlift", "squat", "rdl" ("unknown" otherwise); static. */
HINGE_EXPORT const char *hinge_exercise_name(int exercise);
/* The exercise called name into *out; HINGE_EINVAL listing the names
 * when unknown. */
HINGE_EXPORT int hinge_exercise_parse(const char *name, int *out, hinge_error *err);

/* How the last rise of a recording is judged (cfg.set_end).  AUTO decides
 * by evidence (a rise straight out of a lowering, much faster and shorter
 * than the set's pulls, is the lifter standing up without the bar); the
 * other two impose the ending. */
typedef enum hinge_set_end {
  HINGE_SET_END_AUTO = 0,
  HINGE_SET_END_LOCKOUT,  /* the recording ends at (or after) the last pull's lockout */
  HINGE_SET_END_PUT_DOWN  /* the bar is lowered and the lifter stands up without it */
} hinge_set_end;
/* "auto", "lockout", "put-down" ("unknown" otherwise); static. */
HINGE_EXPORT const char *hinge_set_end_name(int set_end);
HINGE_EXPORT int hinge_set_end_parse(const char *name, int *out, hinge_error *err);

/*
 * Every threshold of the analysis.  hinge_analyze_config_default() fills
 * the documented defaults; each field can also be set by name
 * (hinge_analyze_config_set), which is what `--threshold NAME=VALUE` and
 * the Lua option table use.  Angles are degrees, flexion positive;
 * "relative" angles are relative to the standing neutral.  NaN in a
 * calibration field means "measure it".
 */
typedef struct hinge_analyze_config {
  /* conditioning */
  double fill_max_gap_s;        /* 0.25: longest run of missing samples filled (linear) */
  double despike_half_window_s; /* 0.05: Hampel window, seconds each side */
  double despike_k;             /* 3: Hampel threshold in robust SDs */
  double despike_min_deg;       /* 5: never replace a sample within 5 deg of the local median */
  double lowpass_hz;            /* 6: zero-phase Butterworth cutoff */
  double lowpass_order;         /* 2: Butterworth N (integer 1..8) */
  double irregular_tolerance;   /* 0.02: resample when a step strays this fraction from the median */
  /* standing calibration (absolute degrees; NaN = measure) */
  double neutral_hip_deg, neutral_thoracic_deg, neutral_lumbar_deg, neutral_trunk_deg;
  double min_standing_s;        /* 0.5: quiet standing needed before the first rep */
  /* maximal-flexion calibration (relative degrees; NaN = none) */
  double max_thoracic_deg, max_lumbar_deg;
  /* segmentation */
  double min_range_deg;         /* 20: smallest hip or trunk range that is a rep */
  double min_range_spine_deg;   /* 8: the same when segmenting on thoracic + lumbar */
  double min_range_frac;        /* 0.5: ... and at least this fraction of the median rep range */
  double onset_velocity_frac;   /* 0.1: motion onset at this fraction of the pull's peak speed */
  double onset_velocity_deg_s;  /* 5: ... but never below this speed */
  double count_final_rise;      /* deprecated: 1 = set_end lockout; 0 = set_end decides */
  double min_dwell_s;           /* 0.3: a shorter bottom pause is a touch-and-go turnaround */
  double set_rest_s;            /* 60: without a set column, a rest longer than this starts a new set */
  /* plausibility: a rise that breaks one of these is rejected, with a warning */
  double min_pull_s;            /* 0.3: shortest pull (liftoff to lockout) */
  double max_pull_speed_deg_s;  /* 800: fastest extension of the segmentation channel */
  double max_lean_back_deg;     /* 20: liftoff or lockout this far beyond standing into extension */
  /* honest uncertainty: a spine channel's rounding is not assessed (and
   * cannot clear the rep) when its pull holds a run of unmeasured
   * (missing, filled or despiked) samples longer than max_unmeasured_s or
   * when less than min_coverage of the pull was measured */
  double max_unmeasured_s;      /* 0.1 */
  double min_coverage;          /* 0.8 */
  /* flags and verdicts (relative degrees) */
  double measurement_error_deg; /* 3: IMU spine-angle error; changes below it are ignored */
  double upper_back_rounding_deg; /* 5: thoracic rounding that flags upper_back_rounding */
  double upper_back_fix_deg;    /* 10: thoracic rounding whose verdict is fix */
  double lumbar_rounding_deg;   /* 5: lumbar rounding that flags lumbar_rounding (stop) */
  double fatigue_increase_pct;  /* 20: pull-duration increase (first to last) that warns */
  /* the movement (not thresholds: set by name with hinge_*_parse, or
   * directly; hinge_analyze_config_check refuses values outside the enums) */
  int exercise;                 /* hinge_exercise; HINGE_EXERCISE_DEADLIFT */
  int set_end;                  /* hinge_set_end; HINGE_SET_END_AUTO */
} hinge_analyze_config;

/* Fill cfg with the defaults above.  NULL is a no-op. */
HINGE_EXPORT void hinge_analyze_config_init(hinge_analyze_config *cfg);
/* Deprecated: the old name of hinge_analyze_config_init (kept until 1.0). */
HINGE_EXPORT void hinge_analyze_config_default(hinge_analyze_config *cfg);

/* Set the field called `name` (the field names above, e.g.
 * "lumbar_rounding_deg").  HINGE_EINVAL naming the field when the name is
 * unknown or the value is outside the field's domain (see
 * hinge_analyze_config_info). */
HINGE_EXPORT int hinge_analyze_config_set(hinge_analyze_config *cfg, const char *name,
                                          double value, hinge_error *err);

/* Read the field called `name` into *value; HINGE_EINVAL when unknown. */
HINGE_EXPORT int hinge_analyze_config_get(const hinge_analyze_config *cfg, const char *name,
                                          double *value, hinge_error *err);

/* HINGE_OK when every field is in its domain, else HINGE_EINVAL naming
 * the first bad field. */
HINGE_EXPORT int hinge_analyze_config_check(const hinge_analyze_config *cfg, hinge_error *err);

/* The i-th field (0-based) for listings: name, unit, a one-line
 * description with the reason for the default, its default, and its
 * domain [min, max] (NaN allowed when nan_ok).  Returns 0 past the last
 * field, 1 otherwise; the strings are static.  lowpass_order and
 * count_final_rise also want a whole number inside [min, max]
 * (hinge_analyze_config_set / _check refuse others); no flag says so. */
typedef struct hinge_analyze_param {
  const char *name;
  const char *unit;
  const char *description;
  double default_value;
  double min, max;
  int nan_ok;
} hinge_analyze_param;
HINGE_EXPORT int hinge_analyze_config_param(size_t i, hinge_analyze_param *out);

/*
 * What to analyse: n samples of up to four angle channels in degrees,
 * flexion positive, NaN = missing.  Everything is borrowed for the call.
 */
typedef struct hinge_analyze_input {
  size_t n;
  const double *time_s;  /* n timestamps (s), increasing; NULL = uniform at fs */
  double fs;             /* Hz; 0 = 1 / (median step of time_s) */
  const double *hip;     /* hip flexion; NULL = absent */
  const double *thoracic; /* upper back (e.g. T1 relative to T12); NULL = absent */
  const double *lumbar;  /* lower back (e.g. T12 relative to S1); NULL = absent */
  const double *trunk;   /* trunk inclination from vertical; NULL = absent */
  const double *set;     /* the set column, or NULL */
  const double *knee;    /* knee flexion; NULL = absent (reported at setup, never segmented on) */
  const char *file, *athlete, *date; /* copied into the result; NULL = none */
  const char *set_label; /* the set as text (a constant set column); NULL = none */
  /* What the source can measure of the spine ("thoracic+lumbar", "lumbar
   * only", "thoracic only", "trunk only", "none"; hinge_table_capabilities)
   * and the reader's name (hinge_table_format): the result's
   * "capabilities", and the reason a missing spine channel is not assessed.
   * NULL = from the channels given / not said. */
  const char *capabilities, *format;
} hinge_analyze_input;

/* Flags of a rep (bit mask) and their names in the outputs. */
#define HINGE_REP_UPPER_BACK_ROUNDING 1u /* "upper_back_rounding" */
#define HINGE_REP_LUMBAR_ROUNDING 2u     /* "lumbar_rounding" */

/* Verdicts, mildest first; UNKNOWN last (it is not an order: a rep whose
 * rounding could not be assessed on a channel, and no other channel says
 * fix or stop; a set with no spine channel at all). */
typedef enum hinge_form_verdict {
  HINGE_FORM_OK = 0,  /* no rounding beyond the thresholds, every spine channel assessed */
  HINGE_FORM_CAUTION, /* minor upper-back rounding */
  HINGE_FORM_FIX,     /* marked upper-back rounding */
  HINGE_FORM_STOP,    /* lumbar rounding */
  HINGE_FORM_UNKNOWN  /* rounding not assessed (missing channel or data) */
} hinge_form_verdict;

/* "ok", "caution", "fix", "stop", "unknown"; static. */
HINGE_EXPORT const char *hinge_form_verdict_name(int verdict);
/* hinge_rep_flag_name / hinge_rep_flag_parse: in table.h (the flag words
 * are shared with the recovery reader). */

/* One spinal region during one pull.  Angles relative to standing.  All
 * NaN when the channel is absent or missing over the pull. */
typedef struct hinge_region_rep {
  double coverage;     /* share of the pull's samples measured (not missing, filled or
                          despiked), 0..1; NaN when the channel is absent */
  int assessed;        /* 1: rounding_deg can flag or clear the rep; 0: absent channel,
                          or too little measured (see max_unmeasured_s, min_coverage) */
  double start_deg;    /* at liftoff (the setup) */
  double peak_deg;     /* highest during the pull (liftoff to lockout) */
  double rounding_deg; /* peak_deg - start_deg */
  double peak_velocity_deg_s; /* fastest flexion during the pull */
  double start_pct_max, peak_pct_max; /* % of maximal flexion; NaN without that calibration */
} hinge_region_rep;

typedef struct hinge_rep {
  int rep;          /* 1-based */
  double start_s;   /* descent onset (setup, or the previous rep's lowering) */
  double liftoff_s; /* end of the bottom position: the pull begins */
  double lockout_s; /* standing reached and motion stopped */
  double end_s;     /* onset of the next lowering, or the last sample */
  double pull_duration_s;   /* lockout - liftoff */
  double hip_setup_deg;     /* hip flexion at liftoff; NaN without hip */
  double trunk_setup_deg;   /* trunk inclination at liftoff; NaN without trunk */
  double trunk_peak_deg;    /* highest trunk inclination during the pull; NaN without trunk */
  double knee_setup_deg;    /* knee flexion at liftoff; NaN without knee */
  double dwell_s;           /* setup pause at the bottom before liftoff */
  double peak_extension_velocity_deg_s; /* fastest extension of the segmentation channel */
  hinge_region_rep thoracic, lumbar;
  unsigned flags;   /* HINGE_REP_* */
  hinge_form_verdict verdict;
  double set;       /* the set column at liftoff; without one the set's number (1, 2, ...)
                       from rests longer than set_rest_s */
} hinge_rep;

/* Trend of a quantity over the set, ignoring changes under the
 * measurement error. */
typedef enum hinge_trend {
  HINGE_TREND_STABLE = 0, HINGE_TREND_INCREASING = 1, HINGE_TREND_DECREASING = -1
} hinge_trend;
/* "stable", "increasing", "decreasing"; static. */
HINGE_EXPORT const char *hinge_trend_name(int trend);

typedef struct hinge_set_region {
  double drift_deg_per_rep; /* least-squares slope of rounding over rep number; NaN < 2 reps */
  double change_deg;        /* rounding of the last rep minus the first; NaN < 2 reps */
  hinge_trend trend;        /* from slope * (reps - 1) against the measurement error */
  double mean_rounding_deg, max_rounding_deg;
  double setup_sd_deg;      /* SD of start_deg (setup consistency); NaN < 2 reps */
  double setup_peak_r;      /* Pearson r of start_deg and peak_deg; NaN < 3 reps or no spread */
  double setup_peak_slope;  /* slope of peak_deg on start_deg; NaN as setup_peak_r */
} hinge_set_region;

typedef struct hinge_set_summary {
  double set;                /* the set (as hinge_rep.set); NaN in the whole-recording summary */
  size_t first_rep;          /* index of its first rep in hinge_analysis_reps */
  size_t reps;
  hinge_form_verdict verdict;     /* the worst rep's */
  hinge_set_region thoracic, lumbar;
  double hip_setup_sd_deg;   /* NaN < 2 reps or without hip */
  double pull_first_s, pull_last_s;   /* pull durations; NaN without reps */
  double pull_increase_pct;  /* (last - first) / first * 100; NaN < 2 reps */
  double pull_slope_s_per_rep;
  int fatigue;               /* pull_increase_pct >= fatigue_increase_pct */
  int thoracic_assessed, lumbar_assessed; /* reps whose channel was assessed */
  double trunk_setup_mean_deg, trunk_peak_mean_deg; /* NaN without trunk */
} hinge_set_summary;

/* The standing neutral every relative angle is measured from. */
typedef enum hinge_neutral_source {
  HINGE_NEUTRAL_NONE = 0,    /* channel absent */
  HINGE_NEUTRAL_STANDING,    /* median of quiet standing before the first rep */
  HINGE_NEUTRAL_GIVEN,       /* from the config (calibration values or file) */
  HINGE_NEUTRAL_LOCKOUTS,    /* no quiet standing: median of the lockouts */
  HINGE_NEUTRAL_RECORDING    /* no rep: median of the whole recording (standing or not) */
} hinge_neutral_source;
/* "none", "standing", "given", "lockouts", "recording" ("unknown"
 * otherwise); static. */
HINGE_EXPORT const char *hinge_neutral_source_name(int source);

typedef struct hinge_standing {
  double hip_deg, thoracic_deg, lumbar_deg, trunk_deg; /* absolute; NaN when absent */
  hinge_neutral_source source; /* of the channels measured */
  double duration_s;           /* quiet standing used; 0 when none */
} hinge_standing;

typedef struct hinge_analysis hinge_analysis;

/*
 * Analyse one session.  in is borrowed for the call; cfg NULL means the
 * defaults; alloc (NULL = libc) must outlive the result.  On success
 * *out is a new result (free it with hinge_analysis_destroy); a session
 * without a rep is a success with zero reps and a warning.  Irregular
 * time is resampled, but never across a time gap longer than
 * fill_max_gap_s: such a gap stays as missing samples.  Errors:
 * HINGE_EINVAL (bad config or input: NULL arrays, n == 0, decreasing
 * time, a cutoff not below half the rate), HINGE_ESCHEMA (no angle
 * channel to segment on), HINGE_ETOOSHORT (too few samples to filter),
 * HINGE_ELIMIT (a time gap, or a given fs far above the timestamps' rate,
 * that would make the resampled trace longer than 16 samples per input
 * sample + 2^18; the message names the gap), HINGE_ENOMEM.  All checks
 * that need no resampled trace come before it is allocated.  *out is
 * NULL on failure.
 */
HINGE_EXPORT int hinge_analyze_arrays(const hinge_analyze_input *in,
                                      const hinge_analyze_config *cfg,
                                      const hinge_allocator *alloc, hinge_analysis **out,
                                      hinge_error *err);

/*
 * Standing calibration from a recording of quiet standing (the same
 * input shape): the median of each channel present, written into the
 * neutral_* fields of cfg (channels absent stay as they were).  With
 * max_flexion != 0 the recording is instead a maximal-flexion trial: the
 * highest thoracic and lumbar values (after conditioning) relative to
 * cfg's neutral values (or, where those are NaN, to the median of the
 * trial's first second, standing) go into max_*_deg.  Each spine channel
 * the trial carries must show a usable rise: HINGE_ENODATA naming the
 * channel when it rises less than 0.1 deg (or has no valid sample) or
 * when the trial has neither channel, HINGE_ERANGE when it rises more than
 * 360 deg (the domain of max_*_deg).  On any error cfg is left as it was:
 * both modes compute into a copy and store at the end.
 */
HINGE_EXPORT int hinge_analyze_calibrate(const hinge_analyze_input *in, int max_flexion,
                                         hinge_analyze_config *cfg,
                                         const hinge_allocator *alloc, hinge_error *err);

/*
 * The input for a loaded session: its time (seconds), sample rate, the
 * hip, thoracic, lumbar and trunk columns, the set column and the file,
 * athlete and date.  The pointers borrow from t: keep t alive while in
 * is used.  HINGE_EINVAL when t or in is NULL.
 */
HINGE_EXPORT int hinge_analyze_input_from_table(const hinge_table *t, hinge_analyze_input *in,
                                                hinge_error *err);

/* hinge_analyze_input_from_table + hinge_analyze_arrays. */
HINGE_EXPORT int hinge_analyze(const hinge_table *t, const hinge_analyze_config *cfg,
                               const hinge_allocator *alloc, hinge_analysis **out,
                               hinge_error *err);

/* hinge_analyze for a caller done with t: the conditioning (despike, gap
 * fill, low-pass) runs in place on t's hip, thoracic, lumbar, trunk and
 * knee columns instead of on copies, which saves 8 bytes per sample per
 * channel and a pass over each.  Same results as hinge_analyze.
 * Afterwards those columns hold unspecified values (the conditioned
 * channels, or anything on failure): destroy t, or at least do not read
 * them.  An irregular time base is resampled into new arrays as usual. */
HINGE_EXPORT int hinge_analyze_inplace(hinge_table *t, const hinge_analyze_config *cfg,
                                       const hinge_allocator *alloc, hinge_analysis **out,
                                       hinge_error *err);

/* Free a result; NULL is a no-op. */
HINGE_EXPORT void hinge_analysis_destroy(hinge_analysis *a);

/* Accessors.  Pointers and strings stay valid until the result is
 * destroyed; the result is immutable and may be read from any thread. */
HINGE_EXPORT size_t hinge_analysis_rep_count(const hinge_analysis *a);
HINGE_EXPORT const hinge_rep *hinge_analysis_reps(const hinge_analysis *a); /* NULL when 0 */
/* The summary over every rep of the recording (with one set, the set's). */
HINGE_EXPORT const hinge_set_summary *hinge_analysis_set(const hinge_analysis *a);
/* The sets, in order (a set column, or rests longer than set_rest_s),
 * each summarised over its own reps; at least 1 when there are reps. */
HINGE_EXPORT size_t hinge_analysis_set_count(const hinge_analysis *a);
HINGE_EXPORT const hinge_set_summary *hinge_analysis_sets(const hinge_analysis *a); /* NULL when 0 */
HINGE_EXPORT const hinge_standing *hinge_analysis_standing(const hinge_analysis *a);
HINGE_EXPORT const hinge_analyze_config *hinge_analysis_config(const hinge_analysis *a);
HINGE_EXPORT double hinge_analysis_sample_rate(const hinge_analysis *a);
HINGE_EXPORT size_t hinge_analysis_samples(const hinge_analysis *a); /* after resampling */
/* The channel reps were found on: "hip", "trunk", "thoracic+lumbar", or
 * "thoracic" / "lumbar" when only that spine channel is present. */
HINGE_EXPORT const char *hinge_analysis_segmented_on(const hinge_analysis *a);
/* file, athlete, date and set label as given in the input ("" when none). */
HINGE_EXPORT const char *hinge_analysis_file(const hinge_analysis *a);
HINGE_EXPORT const char *hinge_analysis_athlete(const hinge_analysis *a);
HINGE_EXPORT const char *hinge_analysis_date(const hinge_analysis *a);
HINGE_EXPORT const char *hinge_analysis_set_label(const hinge_analysis *a);
/* The conditioning and segmentation steps, in order ("low-pass
 * Butterworth N=2 6 Hz zero-phase", ...), and the warnings (sentences). */
HINGE_EXPORT size_t hinge_analysis_processing_count(const hinge_analysis *a);
HINGE_EXPORT const char *hinge_analysis_processing(const hinge_analysis *a, size_t i);
HINGE_EXPORT size_t hinge_analysis_warning_count(const hinge_analysis *a);
HINGE_EXPORT const char *hinge_analysis_warning(const hinge_analysis *a, size_t i);

/* The one-line verdict of the set ("5 reps, stop: lumbar rounding on
 * reps 4, 5; upper-back rounding increasing 1.2 deg/rep"), written as
 * snprintf does; returns the full length.  With several sets, one line
 * per set ("set 1: 5 reps, ok: ...\nset 2: ..."), no final newline. */
HINGE_EXPORT int hinge_analysis_summary(const hinge_analysis *a, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif /* HINGE_ANALYZE_H */
