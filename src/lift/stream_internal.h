/*
 * stream_internal.h -- the live analysis (hinge/stream.h): what
 * stream.c (the handle, events, results), stream_cond.c (causal
 * conditioning) and stream_detect.c (events and the per-rep window
 * analysis) share.  Not installed.
 */
#ifndef HINGE_STREAM_INTERNAL_H
#define HINGE_STREAM_INTERNAL_H

#include "hinge/stream.h"
#include "analyze_internal.h"
#include "reps_internal.h"

#define HINGE__SMAX_SECTIONS 4 /* lowpass_order <= 8; orders up to 4 run twice */
#define HINGE__SDELAY_MAX 1024 /* look-ahead + low-pass delay must stay under this (samples) */

/* One channel's causal conditioning: a centred Hampel window of 2h + 1
 * samples (h samples of look-ahead), then a hold over short gaps and the
 * causal Butterworth cascade (direct form II transposed). */
typedef struct hinge__schan {
  double *ring;    /* raw values by index mod span (NaN included) */
  double *sorted;  /* the valid ones, ascending */
  size_t count;
  double z[HINGE__SMAX_SECTIONS][2];
  int started;     /* the filter holds a state */
  size_t gap;      /* missing samples in a row so far */
  double last;     /* the last valid despiked value */
  unsigned char flag[HINGE__SDELAY_MAX]; /* per despiked index mod D: 1 unmeasured, 2 missing */
  double y;        /* the newest low-pass output */
} hinge__schan;

/* One stream's conditioning over every channel. */
typedef struct hinge__scond {
  int nch;                     /* channels present: ids in ch_id */
  int ch_id[HINGE__CH_ALL];
  hinge__schan c[HINGE__CH_ALL];
  size_t h, span;              /* Hampel half-window, 2h + 1 */
  double k, min_dev;
  size_t max_hold;             /* fill_max_gap_s in samples */
  double sos[HINGE__SMAX_SECTIONS * 6 * 2], zi[HINGE__SMAX_SECTIONS * 2 * 2];
  int nsec;
  size_t dlp;                  /* the low-pass group delay, whole samples */
  double set_ring[HINGE__SDELAY_MAX]; /* the set column by raw index mod D */
} hinge__scond;

/* A trace sample out of the conditioning: index j, one value per channel
 * (NaN missing), unmeasured flags, the set value. */
typedef struct hinge__ssample {
  size_t j;
  double v[HINGE__CH_ALL];
  unsigned char u[HINGE__CH_ALL];
  double set;
} hinge__ssample;

/* Sink for conditioned samples (stream_detect.c). */
int hinge__stream_sample(hinge_stream *s, const hinge__ssample *smp, hinge_error *err);

/* Set up s->cond for the channels in s->has (HINGE_EINVAL when the
 * look-ahead and delay do not fit HINGE__SDELAY_MAX at this rate). */
int hinge__scond_init(hinge_stream *s, hinge_error *err);
void hinge__scond_free(hinge_stream *s);
/* Raw grid sample s->in_n (raw[ch]: NaN missing or absent; the set value):
 * passes the trace sample it completes, if any, to hinge__stream_sample. */
int hinge__scond_push(hinge_stream *s, const double *raw, double set, hinge_error *err);
/* After the last raw sample: the trace samples still held. */
int hinge__scond_flush(hinge_stream *s, hinge_error *err);

/* The live detector and its window (stream_detect.c). */
typedef struct hinge__sdetect {
  /* the window: trace samples in rings of cap (a power of two) */
  size_t cap, mask;
  double *v[HINGE__CH_ALL];     /* NULL for absent channels */
  unsigned char *u[HINGE__CH_ALL];
  double *seg, *set;
  size_t n;                     /* trace samples seen (next j) */
  /* linearised copy for the window analysis */
  double *lin[HINGE__CH_ALL], *lin_seg, *lin_set;
  uint64_t *lin_mask[HINGE__CH_ALL];
  /* zigzag on seg (as reps.c, causal) */
  double gate, ext, hi, lo, top_v, bottom_v;
  size_t iext, ihi, ilo, bottom_i;
  int dir, zz_started;
  /* the current rise */
  int setup_sent, in_pull, analysing;
  size_t liftoff_i, analyse_at, win0;
  double peak_speed, von_prev;
  double start_v[HINGE__CH_ALL];
  unsigned alerted;
  size_t last_lockout;          /* global trace index of the last rep's lockout; NONE */
  size_t last_reject;           /* the last rejected rise warned about; NONE */
  size_t last_win0;             /* the window the last rep was found in (revise); NONE */
  int set_open;                 /* reps in the current set not yet closed */
  size_t w;                     /* VEL_HALF_S in samples */
  size_t seg_gap;               /* the last sample whose segmentation value was not measured */
} hinge__sdetect;

struct hinge_stream {
  hinge_allocator alloc_copy;
  const hinge_allocator *alloc;
  hinge_analyze_config cfg;
  hinge_stream_callback cb;
  void *user;
  double fs, t0, t_last;
  int have_t0, finished, has_set, seg_kind; /* seg_kind: HIP, TRUNK, or -1 thoracic+lumbar, -2 th, -3 lu */
  int role_ch[64];              /* channel id per frame value, -1 ignored, -2 set */
  double scale[64];
  size_t nroles;
  size_t in_n;                  /* raw grid samples taken in */
  double max_rep_s, seg_min_range;
  hinge__scond cond;
  hinge__sdetect d;
  int has[HINGE__CH_ALL];
  /* events for poll */
  hinge_stream_event *q;
  size_t qcap, qhead, qlen, dropped;
  /* results */
  hinge_rep *reps;
  hinge__rise *rises;           /* global trace indices, one per rep */
  size_t nreps, reps_cap, rises_cap, set_first; /* set_first: first rep of the open set */
  hinge_set_summary *sets;
  size_t nsets, sets_cap;
  hinge_set_summary all;
  double set_number;
  hinge_standing standing;
  int standing_done;
  hinge__strlist warnings;
  size_t bytes;
};

/* Raise an event (callback, queue). */
void hinge__stream_emit(hinge_stream *s, hinge_stream_event *ev);
double hinge__stream_time(const hinge_stream *s, size_t j); /* time of trace index j */
int hinge__sdetect_init(hinge_stream *s, hinge_error *err);
void hinge__sdetect_free(hinge_stream *s);
/* A rep found in the window: store it, raise LOCKOUT and REP. */
int hinge__stream_add_rep(hinge_stream *s, const hinge__rise *global, hinge_rep *rep,
                          hinge_error *err);
/* Close the open set (judging its last rise when judge is set). */
int hinge__stream_end_set(hinge_stream *s, int judge, int ends_standing, hinge_error *err);
/* End of input for the detector (a rise still open). */
int hinge__sdetect_finish(hinge_stream *s, int *ends_standing, hinge_error *err);

#endif
