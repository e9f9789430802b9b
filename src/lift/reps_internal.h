/*
 * reps_internal.h -- what the segmentation files share (reps.c: turning
 * points and events; reps_end.c: plausibility, the set's end, standing up
 * between reps).  Not installed.
 */
#ifndef HINGE_REPS_INTERNAL_H
#define HINGE_REPS_INTERNAL_H

#include "analyze_internal.h"

/* Growable array of rises. */
typedef struct hinge__rise_list {
  hinge__rise *r;
  size_t n, cap;
} hinge__rise_list;

/* One segmentation: the channel, its config and where memory and errors
 * go. */
typedef struct hinge__seg_ctx {
  const double *s;
  size_t n;
  double fs;
  const hinge_analyze_config *cfg;
  const hinge_allocator *a;
  hinge_error *err;
  int spine; /* s is a spine channel (thoracic, lumbar or their sum) */
  const double *set; /* the set column, or NULL */
  const struct hinge__seg_ends *ends; /* beyond the first and last rises, or NULL */
  double min_range; /* the turning points' smallest excursion (pass 1) */
  double noise_speed; /* the onset speed's floor from the channel's noise (0: none) */
  int whole; /* the whole recording (hinge__seg_channel) */
} hinge__seg_ctx;

/* What lies beyond the rises at the recording's two ends. */
typedef struct hinge__seg_ends {
  int standing;      /* it ends standing after the last rise */
  int cut_before;    /* a pull cut off by its start came before the first rise */
  double cut_after;  /* the bottom pause (s) of a pull cut off by its end after
                      * the last rise; NaN: none */
} hinge__seg_ends;

/* Drop the rises marked with range < 0, keeping reps contiguous: the rep
 * before a dropped rise ends where the dropped one's lowering began.
 * Returns how many went. */
size_t hinge__rises_sweep(hinge__rise_list *l);

/* Whether the rise r (events placed) is implausible as a pull: shorter
 * than min_pull_s, faster than max_pull_speed_deg_s, or starting or
 * ending more than max_lean_back_deg beyond standing_ref (the lowest top
 * of the other rises; NaN: not tested).  1 with *out filled, else 0. */
int hinge__rise_check(const hinge__rise *r, const hinge__seg_ctx *c, double standing_ref,
                      hinge__reject *out);

/* Whether the last rise r, whose motion never stopped near its top, was
 * cut off mid-pull by the end of the recording: still extending faster
 * than CUT_FRAC of its peak speed at the last sample, or (short_deg > 0,
 * else NaN) its top at the end is short_deg below the other tops, too far
 * from standing to be a lockout (the reject's limit is then NaN).  1 with
 * *out filled, else 0 (then it ends at lockout and counts). */
int hinge__rise_cut(const hinge__rise *r, const hinge__seg_ctx *c, double short_deg,
                    hinge__reject *out);
/* The same at the start: a first rise whose liftoff is the recording's
 * first samples while the channel already extends faster than CUT_FRAC
 * of the rise's peak speed began before the recording: its setup, and so
 * its rounding from liftoff, was never seen. */
int hinge__rise_cut_start(const hinge__rise *r, const hinge__seg_ctx *c, hinge__reject *out);

/* The set's end and standing up between reps (deadlift only): judge the
 * last rise when the recording ends standing after it (seg->final) and
 * every rise followed by a rest of set_rest_s (seg->set_ends), then drop
 * the rises between reps that are the lifter standing up
 * (seg->stand_ups).  A pull cut off by an end is a rep the recording
 * missed: the rise next to it is between reps, not the set's first or
 * (after a setup pause) its last.  HINGE_ENOMEM or HINGE_OK. */
int hinge__rises_set_end(hinge__rise_list *l, const hinge__seg_ctx *c,
                         const hinge__seg_ends *ends, hinge__segmentation *seg);

/* The fastest extension (largest -central difference, deg/s) of s over
 * [i0, i1]; 0 when none. */
double hinge__rise_max_speed(const double *s, size_t n, size_t i0, size_t i1, double fs);

#endif
