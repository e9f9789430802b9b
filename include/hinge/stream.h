/*
 * hinge/stream.h -- live analysis: push samples as a sensor delivers them,
 * get rep events and rounding alerts while the set goes on, in memory
 * that does not grow with the recording.
 *
 *   hinge_stream_config sc;
 *   hinge_stream *s = NULL;
 *   int roles[] = {HINGE_ROLE_HIP, HINGE_ROLE_LUMBAR};
 *   hinge_stream_config_init(&sc);
 *   sc.fs = 100;
 *   sc.roles = roles;
 *   sc.nroles = 2;
 *   sc.on_event = my_callback;                (or hinge_stream_poll)
 *   if (hinge_stream_create(&sc, &cfg, NULL, &s, &err) != HINGE_OK) ...
 *   while (sensor_read(&t, frame))            (frame: one value per role)
 *     hinge_stream_push(s, &t, frame, 1, &err);
 *   hinge_stream_finish(s, &err);             (the set's end; final reps)
 *   n = hinge_stream_rep_count(s); reps = hinge_stream_reps(s); ...
 *   hinge_stream_destroy(s);
 *
 * The thresholds are the offline analysis' (hinge_analyze_config), so a
 * coach's thresholds apply live; the reps and set summaries use the same
 * structs (hinge_rep, hinge_set_summary).  docs/live.md describes the
 * conditioning (causal), the events, their latency, the memory bound and
 * how the results differ from hinge_analyze_arrays.
 *
 * Every call follows the library's conventions: status codes with a
 * hinge_error, the allocator hook, no global state (streams are
 * independent; one stream is not to be used by two threads at once).
 */
#ifndef HINGE_STREAM_H
#define HINGE_STREAM_H

#include "hinge/common.h"
#include "hinge/analyze.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What happened.  Times are recording times (the pushed timestamps). */
typedef enum hinge_stream_event_type {
  HINGE_EVENT_SETUP = 1, /* the bottom reached: the descent has stopped (t: arrival) */
  HINGE_EVENT_LIFTOFF,   /* the pull has begun (t: its onset; provisional, see rep) */
  HINGE_EVENT_LOCKOUT,   /* standing reached, motion stopped (t: the lockout) */
  HINGE_EVENT_REP,       /* a rep, with its metrics (rep: final times and metrics) */
  HINGE_EVENT_ALERT,     /* spine flexion beyond its threshold during the pull */
  HINGE_EVENT_SET_END,   /* a set is over (a rest of set_rest_s, a new value in the set
                            column, or finish): summary */
  HINGE_EVENT_WITHDRAWN  /* a rep reported before is no rep (the set's end showed it was
                            the lifter standing up without the bar); rep.rep names it */
} hinge_stream_event_type;

/* "setup", "liftoff", "lockout", "rep", "alert", "set_end", "withdrawn";
 * "unknown" otherwise; static. */
HINGE_EXPORT const char *hinge_stream_event_name(int type);

typedef struct hinge_stream_event {
  int type;            /* hinge_stream_event_type */
  double t_s;          /* when it happened in the recording */
  double emitted_s;    /* the time of the newest sample pushed when it was raised:
                          emitted_s - t_s is its latency */
  int rep;             /* the rep it belongs to (1-based, as numbered when raised) */
  double set;          /* the set (as hinge_rep.set) */
  /* ALERT: the region (HINGE_REP_UPPER_BACK_ROUNDING or HINGE_REP_LUMBAR_ROUNDING),
   * the rounding reached (deg since liftoff) and the threshold it crossed */
  unsigned region;
  double rounding_deg, threshold_deg;
  hinge_rep metrics;            /* REP (and WITHDRAWN): the rep */
  hinge_set_summary summary;    /* SET_END: the set's summary */
} hinge_stream_event;

/* Called for every event as it is raised, from inside hinge_stream_push
 * or hinge_stream_finish; ev is valid during the call only.  It must not
 * call back into the same stream. */
typedef void (*hinge_stream_callback)(const hinge_stream_event *ev, void *user);

typedef struct hinge_stream_config {
  double fs;            /* sample rate (Hz), required: timestamps are placed on this grid */
  const int *roles;     /* one hinge_role per value of a pushed frame (HINGE_ROLE_HIP,
                           THORACIC, LUMBAR, TRUNK, KNEE, SET; HINGE_ROLE_NONE: ignored);
                           copied at create */
  size_t nroles;
  const double *scale;  /* NULL, or nroles factors applied to the values (-1: inverted
                           sign, as --map lumbar=-COLUMN); copied */
  hinge_stream_callback on_event; /* NULL: poll only */
  void *user;
  double max_rep_s;     /* 60: the longest rep (descent to lockout) measured; the window
                           of samples kept (memory: about 60 bytes x channels x fs x it) */
  size_t max_events;    /* 256: events queued for hinge_stream_poll (oldest dropped) */
} hinge_stream_config;

/* The defaults above (fs 0: to be set). */
HINGE_EXPORT void hinge_stream_config_init(hinge_stream_config *sc);

typedef struct hinge_stream hinge_stream;

/* A new stream.  cfg NULL: the analysis defaults (checked as
 * hinge_analyze_config_check).  alloc (NULL = libc) must outlive the
 * stream.  HINGE_EINVAL for a bad rate, role or window; HINGE_ESCHEMA
 * without a hip, trunk, thoracic or lumbar role. */
HINGE_EXPORT int hinge_stream_create(const hinge_stream_config *sc,
                                     const hinge_analyze_config *cfg,
                                     const hinge_allocator *alloc, hinge_stream **out,
                                     hinge_error *err);
HINGE_EXPORT void hinge_stream_destroy(hinge_stream *s);

/* Push n frames: frame i is values[i * nroles .. i * nroles + nroles - 1]
 * (NaN = missing) at time t[i] (seconds, increasing; t NULL: one grid
 * step after the previous frame).  A time gap leaves missing samples
 * (at most max_rep_s of them: longer gaps skip ahead); a frame not later
 * than the previous one is dropped.  Events are raised as they are
 * found.  HINGE_EINVAL after finish. */
HINGE_EXPORT int hinge_stream_push(hinge_stream *s, const double *t, const double *values,
                                   size_t n, hinge_error *err);

/* The oldest queued event into *ev (1), or 0 when none.  Events are
 * queued whether or not a callback is set. */
HINGE_EXPORT int hinge_stream_poll(hinge_stream *s, hinge_stream_event *ev);
/* Events dropped because the queue was full. */
HINGE_EXPORT size_t hinge_stream_dropped(const hinge_stream *s);

/* End of input: flush the conditioning, judge the last rise (the set's
 * end, as the offline analysis does) and raise the last events
 * (WITHDRAWN, SET_END).  Afterwards the results below are final. */
HINGE_EXPORT int hinge_stream_finish(hinge_stream *s, hinge_error *err);

/* The reps so far (final after finish), as hinge_analysis_reps. */
HINGE_EXPORT size_t hinge_stream_rep_count(const hinge_stream *s);
HINGE_EXPORT const hinge_rep *hinge_stream_reps(const hinge_stream *s); /* NULL when 0 */
/* The summary over every rep, and each set's (after finish, or of the sets
 * ended so far). */
HINGE_EXPORT const hinge_set_summary *hinge_stream_set(const hinge_stream *s);
HINGE_EXPORT size_t hinge_stream_set_count(const hinge_stream *s);
HINGE_EXPORT const hinge_set_summary *hinge_stream_sets(const hinge_stream *s);
/* The standing neutral used (measured at the first rep). */
HINGE_EXPORT const hinge_standing *hinge_stream_standing(const hinge_stream *s);
/* Samples taken in (on the grid, including missing ones), and the
 * conditioning's delay: a sample is analysed this long after it arrives. */
HINGE_EXPORT size_t hinge_stream_samples(const hinge_stream *s);
HINGE_EXPORT double hinge_stream_delay_s(const hinge_stream *s);
/* Bytes held by the stream (constant after create, plus about 400 bytes
 * per rep). */
HINGE_EXPORT size_t hinge_stream_memory(const hinge_stream *s);
/* Warnings (sentences), as hinge_analysis_warning. */
HINGE_EXPORT size_t hinge_stream_warning_count(const hinge_stream *s);
HINGE_EXPORT const char *hinge_stream_warning(const hinge_stream *s, size_t i);

#ifdef __cplusplus
}
#endif
#endif /* HINGE_STREAM_H */
