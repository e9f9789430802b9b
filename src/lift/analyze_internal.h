/*
 * analyze_internal.h -- the stages of the deadlift analysis, shared by
 * analyze.c (orchestration and the result handle), analyze_condition.c,
 * calibrate.c, reps.c and metrics.c.  Not installed.
 */
#ifndef HINGE_ANALYZE_INTERNAL_H
#define HINGE_ANALYZE_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "hinge/analyze.h"
#include "base/internal.h"
#include "base/strlist.h"

/* Channels, in the order of hinge_analyze_input.  HINGE__CH_COUNT counts
 * the channels with a standing neutral (calibrate.c loops over those);
 * the knee comes after them: conditioned like the others and reported at
 * setup, absolute, but never calibrated nor segmented on.  Arrays over
 * every channel are HINGE__CH_ALL long. */
enum {
  HINGE__CH_HIP, HINGE__CH_THORACIC, HINGE__CH_LUMBAR, HINGE__CH_TRUNK, HINGE__CH_COUNT,
  HINGE__CH_KNEE = HINGE__CH_COUNT, HINGE__CH_ALL
};

#define HINGE__NONE ((size_t)-1)

/* A conditioned session: uniform samples at fs, time t0 + i / fs, each
 * channel absolute (not yet relative to standing), NaN where missing.
 * unmeasured[ch] marks the samples of a channel that were not measured:
 * missing in the input (or on the resampled grid), replaced by the
 * despiking, filled, or dropped by the low-pass: bit i % 64 of word
 * i / 64, n / 8 bytes a channel (250 kB for 2M samples), and NULL when
 * every sample was measured (no memory for clean channels).  Always
 * owned, also when ch[] is borrowed. */
typedef struct hinge__trace {
  size_t n;
  double fs, t0;
  double *ch[HINGE__CH_ALL];   /* owned unless borrowed; NULL when absent */
  uint64_t *unmeasured[HINGE__CH_ALL];
  double *set;                 /* the set column (owned unless borrowed), or NULL */
  int borrowed;                /* ch[] and set are the caller's arrays (in place) */
  double *seg;                 /* the channel reps are found on (may alias ch[]) */
  int seg_owned;
  const char *seg_name;        /* "hip", "trunk", "thoracic+lumbar" */
  double seg_min_range;        /* the absolute range gate for that channel */
  double noise[HINGE__CH_ALL]; /* each channel's raw white-noise sd (deg; NaN: unknown) */
  double seg_noise;            /* the same for seg (0: unknown) */
} hinge__trace;

/* Writable access to the input's arrays, from a caller that owns them
 * (hinge_analyze_inplace): the same arrays as the input's hip, thoracic,
 * lumbar, trunk and set. */
typedef struct hinge__writable {
  double *ch[HINGE__CH_ALL];
  double *set;
} hinge__writable;

/* The longest trace resampling may make: HINGE__GRID_FACTOR samples per
 * input sample plus HINGE__GRID_EXTRA (2^18: 44 minutes at 100 Hz).  A
 * time gap longer than fill_max_gap_s is kept in the trace as missing
 * samples, one per grid step, so its cost follows its length, not the
 * data; the limit keeps pauses between sets but refuses a stray
 * timestamp days away (HINGE_ELIMIT naming it) instead of allocating
 * gigabytes of missing samples.  It also caps upsampling through a given
 * fs (16 times the timestamps' own rate for long sessions). */
#define HINGE__GRID_FACTOR 16
#define HINGE__GRID_EXTRA 262144

/* What the stages of one analysis share: its config, its allocator, the
 * processing history and warnings they add to, and where errors go. */
typedef struct hinge__stage {
  const hinge_analyze_config *cfg;
  const hinge_allocator *a;
  hinge__strlist *processing, *warnings;
  hinge_error *err;
} hinge__stage;

/* Validate the input, resample if irregular, despike, fill gaps and
 * low-pass every channel present into tr, and pick the segmentation
 * channel.  Each step is described in `processing`, anything odd in
 * `warnings`.  Every check that needs no trace (time, config against the
 * rate, the trace's length) runs before the trace is allocated.  On
 * failure tr is released. */
int hinge__condition(const hinge_analyze_input *in, const hinge__stage *st, hinge__trace *tr);
/* The same; with w non-NULL and no resampling needed, the channels are
 * conditioned where they are (tr borrows them) instead of copied. */
int hinge__condition_with(const hinge_analyze_input *in, const hinge__writable *w,
                          const hinge__stage *st, hinge__trace *tr);

/* hinge_analyze_arrays, in place when w is non-NULL (see
 * hinge__condition and hinge_analyze_inplace). */
int hinge__analyze_run(const hinge_analyze_input *in, const hinge__writable *w,
                       const hinge_analyze_config *cfg, const hinge_allocator *alloc,
                       hinge_analysis **out, hinge_error *err);
void hinge__trace_free(hinge__trace *tr, const hinge_allocator *a);

/* The central-difference derivative away from the ends (0 < i < n - 1),
 * given the difference d = x[i+1] - x[i-1].  It only grows with d (every
 * rounding step is monotone): the fastest sample of a stretch is the one
 * with the largest difference, so loops find that and convert once. */
static inline double hinge__velocity_of(double d, double fs) { return d * fs * 0.5; }
/* Central-difference derivative of x at i per second (one-sided at the
 * ends); NaN when a sample it needs is missing.  Inline: reps.c and
 * metrics.c call it per sample. */
static inline double hinge__velocity(const double *x, size_t n, size_t i, double fs) {
  if (n < 2) return NAN;
  if (i == 0) return (x[1] - x[0]) * fs;
  if (i == n - 1) return (x[n - 1] - x[n - 2]) * fs;
  return hinge__velocity_of(x[i + 1] - x[i - 1], fs);
}

/* One rep as sample indices into the trace. */
typedef struct hinge__rise {
  size_t start, bottom, liftoff, lockout, end;
  double range;    /* segmentation-channel excursion, bottom to lockout */
  double dwell_s;  /* time at the bottom before liftoff (the setup pause) */
  double speed_deg_s; /* peak extension speed (+-0.1 s slope) of the segmentation channel */
  double bump_s;   /* from the lowering's midpoint to 75 % of the way up; NaN: no lowering */
  size_t rise_from; /* where the extension began (liftoff but for a spine's rounding surge) */
  int unsure;       /* liftoff from a spine channel alone, its surge onset not found */
} hinge__rise;

/* Why a rise was not a rep (plausibility, or cut off by the recording). */
typedef enum hinge__reject_why {
  HINGE__REJECT_SHORT = 1, /* pull (liftoff to lockout) shorter than min_pull_s */
  HINGE__REJECT_FAST,      /* extension faster than max_pull_speed_deg_s */
  HINGE__REJECT_LEAN_START, /* liftoff leaning back beyond standing */
  HINGE__REJECT_LEAN_END,  /* lockout leaning back beyond standing */
  HINGE__REJECT_CUT,       /* the recording ends while the rise is still moving */
  HINGE__REJECT_BUMP,      /* in and out of the bottom within 2 min_pull_s: a jump and back */
  HINGE__REJECT_CUT_START  /* the recording starts while the rise is already moving */
} hinge__reject_why;

typedef struct hinge__reject {
  size_t at;            /* the rise's liftoff (sample) */
  int why;              /* hinge__reject_why */
  double value, limit;  /* what was measured, and the limit it broke */
} hinge__reject;

/* How the last rise of a recording that ends standing after a lowering
 * was judged (cfg->set_end, exercise; see reps_end.c). */
typedef enum hinge__final_rule {
  HINGE__FINAL_NONE = 0,      /* no such rise (ends down, one rise, squat, rdl) */
  HINGE__FINAL_PULL,          /* kept: it moves like the set's pulls and the recording stops at it */
  HINGE__FINAL_STAND_UP,      /* dropped: fast, short or unpaused: standing up without the bar */
  HINGE__FINAL_KEPT_DEFAULT,  /* ambiguous, kept: the recording ends soon after its lockout */
  HINGE__FINAL_DROPPED_DEFAULT, /* ambiguous, dropped: the recording goes on standing after it */
  HINGE__FINAL_KEPT_ASKED,    /* set_end lockout (or count_final_rise 1) */
  HINGE__FINAL_DROPPED_ASKED  /* set_end put-down */
} hinge__final_rule;

/* The evidence about the final rise, against the set's other pulls. */
typedef struct hinge__final {
  int rule;                   /* hinge__final_rule */
  size_t at;                  /* the final rise's liftoff (sample) */
  double pull_s, set_pull_s;  /* its duration, and the median of the others */
  double speed, set_speed;    /* its peak extension speed, the others' median (deg/s) */
  double dwell_s;             /* its bottom pause */
  double tail_s;              /* recording left after its lockout */
} hinge__final;

/* Why no rep was found (hinge__segmentation.no_rep). */
typedef enum hinge__no_rep {
  HINGE__NOREP_NONE = 0, /* there are reps */
  HINGE__NOREP_NO_DATA,  /* no valid sample */
  HINGE__NOREP_STILL,    /* never moved the range gate */
  HINGE__NOREP_DOWN_ONLY, /* moved, but only down (no rise back) */
  HINGE__NOREP_REJECTED  /* every rise was rejected (see rejects) */
} hinge__no_rep;

typedef struct hinge__segmentation {
  hinge__rise *rises;
  size_t count;
  double top, bottom;  /* median standing (top) and bottom levels of the reps; NaN without */
  double moved;        /* the channel's whole range (max - min of the valid samples) */
  double gate;         /* the relative range gate used (deg) */
  size_t gated;        /* rises rejected by the range gate (partial reps) */
  size_t stand_ups;    /* rises between reps taken as standing up without the bar */
#define HINGE__STAND_UPS_AT 8
  size_t stand_up_at[HINGE__STAND_UPS_AT]; /* the liftoffs of the first of them */
  int starts_down;     /* the recording begins at the bottom */
  double noise_speed;  /* the onset speed's floor from the channel's noise, deg/s (0: none) */
  int lone;            /* the one rep lies between two pulls cut off by the ends (unjudged) */
  int no_rep;          /* hinge__no_rep */
  hinge__final final;  /* the judgement of the last rise */
  hinge__final *set_ends; /* the same for rises followed by a rest of set_rest_s (a set's end) */
  size_t nset_ends;
  hinge__reject *rejects; /* implausible rises, in order */
  size_t nrejects;
} hinge__segmentation;

/* Find the reps on s (n samples at fs).  min_range is the absolute gate
 * for this channel.  seg is overwritten; free with hinge__segmentation_free. */
int hinge__segment(const double *s, size_t n, double fs, double min_range,
                   const hinge_analyze_config *cfg, const hinge_allocator *a,
                   hinge__segmentation *seg, hinge_error *err);
/* The channel reps are found on: spine is 1 for thoracic, lumbar or
 * their sum (their highest flexion may be a rounding peak early in the
 * pull, not the setup: liftoff is walked back through that surge). */
typedef struct hinge__seg_channel {
  const double *s;
  size_t n;
  double fs, min_range;
  int spine;
  const double *set; /* the set column (a new value starts a set), or NULL */
  int whole; /* s is the whole recording (not a live window, which ends
              * mid-motion by design): a rise under the relative gate
              * after the last bottom is a pull cut off by its end */
  double noise_deg; /* the raw channel's white-noise sd before the low-pass
                     * (0: unknown): the onset speed is never below the
                     * speed noise it leaves */
} hinge__seg_channel;
/* hinge__segment on ch. */
int hinge__segment_on(const hinge__seg_channel *ch, const hinge_analyze_config *cfg,
                      const hinge_allocator *a, hinge__segmentation *seg, hinge_error *err);
void hinge__segmentation_free(hinge__segmentation *seg, const hinge_allocator *a);

/* The heights of the peaks hinge_find_peaks finds in the n samples
 * x[j * stride] with height >= hmin, prominence >= pmin and wlen (NaN:
 * off), in order, into heights (the first cap of them); returns how many
 * there are, or HINGE__NONE when one of the samples is NaN (find_peaks
 * refuses those).  Each prominence walk stops as soon as the answer is
 * known, and samples below hmin are skipped: far cheaper than find_peaks
 * on long signals. */
typedef struct hinge__peak_scan {
  const double *x; /* sample j is x[j * stride] */
  size_t n, stride;
  double hmin, pmin, wlen;
} hinge__peak_scan;
size_t hinge__tall_peaks(const hinge__peak_scan *ps, double *heights, size_t cap);

/* Standing neutral of every channel present (absolute degrees). */
int hinge__calibrate(const hinge__trace *tr, const hinge__segmentation *seg,
                     const hinge__stage *st, hinge_standing *out);

/* Median of the valid samples of x[i0..i1) (copies them; NaN when none). */
int hinge__median_range(const double *x, size_t i0, size_t i1, const hinge_allocator *a,
                        double *out, hinge_error *err);

/* The unmeasured samples of channel ch over [i0, i1] (inclusive): how
 * many, and the longest run of them (first index and length, clipped to
 * the range; len 0 when none). */
typedef struct hinge__gap {
  size_t count, start, len;
} hinge__gap;
void hinge__unmeasured(const hinge__trace *tr, int ch, size_t i0, size_t i1, hinge__gap *out);

/* Ask for the cache lines hinge__rep_metrics will read for r (a hint,
 * no effect on any result; nothing without GCC or Clang).  The pulls of
 * a long session lie far apart in memory and long out of the caches:
 * asked for two reps ahead, they arrive while earlier reps are measured. */
void hinge__rep_prefetch(const hinge__trace *tr, const hinge__rise *r);
/* Per-rep metrics, coverage, flags and verdict (docs/algorithms.md,
 * "Not assessed"). */
void hinge__rep_metrics(const hinge__trace *tr, const hinge__rise *r, const hinge_standing *st,
                        const hinge_analyze_config *cfg, int number, hinge_rep *out);
/* The summary over n reps (set and first_rep left to the caller). */
void hinge__set_summary(const hinge_rep *reps, size_t n, const hinge_analyze_config *cfg,
                        hinge_set_summary *out);
/* The verdict of a set from its reps': the worst known (stop > fix >
 * caution), else unknown when a rep is unknown, else ok. */
hinge_form_verdict hinge__set_verdict(const hinge_rep *reps, size_t n);

/* What the outputs need beyond the public accessors: whether the reps'
 * set came from a set column (else from rests), and whether channel ch
 * was present (HINGE__CH_*). */
int hinge__analysis_set_column(const hinge_analysis *a);
int hinge__analysis_has(const hinge_analysis *a, int ch);
/* What the source can measure of the spine ("thoracic+lumbar", ...; static). */
const char *hinge__analysis_capabilities(const hinge_analysis *a);
/* The one-line verdict of set i (hinge_analysis_sets), or with i ==
 * HINGE__NONE of the whole recording taken as one set; as snprintf. */
int hinge__set_line(const hinge_analysis *a, size_t i, char *buf, size_t size);

#endif
