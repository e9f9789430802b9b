/*
 * signs.c -- channels whose sign looks inverted: a hip or trunk whose
 * flexion runs negative, a thoracic or lumbar channel that extends while
 * the hip flexes on every pull.  Only warnings, each with its fix
 * (--map ROLE=-COLUMN); the rules and their reasons are in
 * docs/algorithms.md, "Sign conventions".
 */
#include <math.h>

#include "signs.h"

/* At most this many samples of a channel go into its percentiles (evenly
 * strided): the levels of a recording need no more, and the check stays
 * linear and small beside the analysis. */
#define SCAN_MAX 16384

/* The role name of a channel, as --map spells it. */
static const char *name_of(int ch) {
  switch (ch) {
  case HINGE__CH_HIP: return "hip";
  case HINGE__CH_THORACIC: return "thoracic";
  case HINGE__CH_LUMBAR: return "lumbar";
  default: return "trunk";
  }
}

/* The 2nd and 98th percentiles of x's valid samples (strided), into lo
 * and hi; NaN when there are fewer than 10 valid samples. */
static int levels(const double *x, size_t n, const hinge__stage *st, double *lo, double *hi) {
  size_t stride = n / SCAN_MAX + 1, cap = n / stride + 1, m = 0, i;
  double *tmp;
  *lo = *hi = NAN;
  tmp = hinge__malloc(st->a, cap * sizeof *tmp);
  if (tmp == NULL) return hinge__fail(st->err, HINGE_ENOMEM, NULL, 0, 0, "analysis: out of memory");
  for (i = 0; i < n; i += stride)
    if (!isnan(x[i])) tmp[m++] = x[i];
  if (m >= 10) {
    *lo = hinge__select(tmp, m, (size_t)(0.02 * (double)(m - 1)));
    *hi = hinge__select(tmp, m, (size_t)(0.98 * (double)(m - 1) + 0.5));
  }
  hinge__free(st->a, tmp, cap * sizeof *tmp);
  return HINGE_OK;
}

/* v to one decimal, a negative zero as 0 (no "-0.0" in a sentence). */
static double tidy(double v) {
  double r = floor(v * 10 + 0.5) / 10;
  return r == 0 ? 0.0 : r;
}

/* Whether the hip or trunk channel ch looks inverted, with its warning.
 * *inverted is set for the spine check (which then does not lean on it). */
static int check_flexion(const hinge__trace *tr, int ch, const hinge__stage *st, int *inverted) {
  double lo, hi;
  const char *what = ch == HINGE__CH_HIP ? "hip flexion" : "trunk inclination";
  int rc = levels(tr->ch[ch], tr->n, st, &lo, &hi);
  *inverted = 0;
  if (rc != HINGE_OK || isnan(lo) || hi - lo < HINGE__SIGN_MIN_MOVE_DEG) return rc;
  if (lo <= HINGE__SIGN_NEG_LOW_DEG && hi <= HINGE__SIGN_NEG_HIGH_DEG) {
    *inverted = 1;
    return hinge__strlist_add(st->warnings, st->a,
                              "%s falls as the lifter bends: it moves between %.1f and %.1f deg, "
                              "all of its range below zero: the sensor counts flexion negative; "
                              "invert it with --map %s=-COLUMN (Lua: map = {%s = \"-COLUMN\"})",
                              what, tidy(hi), tidy(lo), name_of(ch), name_of(ch));
  }
  if (ch == HINGE__CH_HIP && hi >= HINGE__SIGN_INCLUDED_DEG) {
    *inverted = 1;
    return hinge__strlist_add(st->warnings, st->a,
                              "hip flexion falls as the lifter bends: it reads %.1f deg upright "
                              "and %.1f deg bent, an included angle (180 deg upright) rather "
                              "than flexion; invert it with --map hip=-COLUMN (Lua: map = "
                              "{hip = \"-COLUMN\"})", tidy(hi), tidy(lo));
  }
  return HINGE_OK;
}

/* The pulls of one spine channel against the reference ref. */
typedef struct spine_votes {
  size_t judged, inverted;
  size_t against, with; /* reps clearly moving against / with the hip over their cycle */
  size_t dipped;        /* of against: dipping in the pull under both its ends */
  double fall;  /* summed over the inverted pulls */
} spine_votes;

/* How x moves with ref over [i0, i1] (the valid pairs): Pearson r into
 * *r and the change of x along ref's range there (the regression slope
 * times ref's max - min; negative when against) as the return; NaN with
 * fewer than 10 pairs or no spread. */
static double along(const double *ref, const double *x, size_t i0, size_t i1, double *r) {
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, lo = INFINITY, hi = -INFINITY;
  size_t i, k = 0;
  *r = NAN;
  for (i = i0; i <= i1; i++) {
    double a = ref[i], b = x[i], dx, dy;
    if (isnan(a) || isnan(b)) continue;
    k++;
    dx = a - mx;
    dy = b - my;
    mx += dx / (double)k;
    my += dy / (double)k;
    sxx += dx * (a - mx);
    syy += dy * (b - my);
    sxy += dx * (b - my);
    lo = a < lo ? a : lo;
    hi = a > hi ? a : hi;
  }
  if (k < 10 || !(sxx > 0) || !(syy > 0)) return NAN;
  *r = sxy / sqrt(sxx * syy);
  return sxy / sxx * (hi - lo);
}

/* The lowest valid value of x over [i0, i1] (+inf when none). */
static double low_of(const double *x, size_t i0, size_t i1) {
  double lo = INFINITY;
  size_t i;
  for (i = i0; i <= i1; i++)
    if (x[i] < lo) lo = x[i]; /* NaN never is */
  return lo;
}

static spine_votes vote(const double *ref, const double *x, const hinge__segmentation *seg) {
  spine_votes v = {0, 0, 0, 0, 0, 0};
  size_t k;
  for (k = 0; k < seg->count; k++) {
    const hinge__rise *r = &seg->rises[k];
    double pull = ref[r->liftoff] - ref[r->lockout], fall = x[r->lockout] - x[r->liftoff];
    double rr, moved, dip;
    if (!(pull >= HINGE__SIGN_PULL_DEG) || isnan(fall)) continue; /* NaN: not judged */
    v.judged++;
    moved = along(ref, x, r->start, r->end, &rr);
    if (fall >= HINGE__SIGN_SPINE_FALL_DEG) {
      v.inverted++;
      v.fall += fall;
    }
    /* Against: the cycle's trend, or a dip in the pull under both its
     * ends (rounding, mirrored: the trend then fades); with: the trend. */
    dip = fmin(x[r->liftoff], x[r->lockout]) - low_of(x, r->liftoff, r->lockout);
    if (dip >= HINGE__SIGN_DIP_DEG) {
      v.against++;
      v.dipped++;
    } else if (rr <= HINGE__SIGN_AGAINST_R && moved <= -HINGE__SIGN_AGAINST_DEG) {
      v.against++;
    } else if (rr >= -HINGE__SIGN_AGAINST_R && moved >= HINGE__SIGN_AGAINST_DEG) {
      v.with++;
    }
  }
  return v;
}

static int check_spine(const hinge__trace *tr, int ch, const double *ref, const char *ref_name,
                       const hinge__segmentation *seg, const hinge__stage *st) {
  spine_votes v;
  if (tr->ch[ch] == NULL) return HINGE_OK;
  v = vote(ref, tr->ch[ch], seg);
  if (v.inverted == 0 || (double)v.inverted < HINGE__SIGN_SHARE * (double)v.judged) {
    /* A few degrees at liftoff say little; the cycle's trend does. */
    if (v.dipped == 0 || (double)v.against < HINGE__SIGN_SHARE * (double)(v.against + v.with))
      return HINGE_OK;
    return hinge__strlist_add(st->warnings, st->a,
                              "%s flexion moves against the %s: on %zu of %zu reps it falls as "
                              "the %s flexes and rises as it extends (a few degrees), and dips "
                              "during a pull where rounding would rise, so its "
                              "rounding and the verdicts are not to be trusted: the sensor "
                              "likely counts flexion negative; invert it with --map %s=-COLUMN "
                              "(Lua: map = {%s = \"-COLUMN\"}) unless the lifter arches beyond "
                              "standing in the setup",
                              name_of(ch), ref_name, v.against, v.against + v.with, ref_name,
                              name_of(ch), name_of(ch));
  }
  return hinge__strlist_add(st->warnings, st->a,
                            "%s flexion falls as the %s flexes: on %zu of %zu pulls it is %.1f "
                            "deg (mean) lower at liftoff, %s bent, than at lockout, so its "
                            "rounding and the verdicts are not to be trusted: the sensor counts "
                            "flexion negative; invert it with --map %s=-COLUMN (Lua: map = "
                            "{%s = \"-COLUMN\"})",
                            name_of(ch), ref_name, v.inverted, v.judged,
                            tidy(v.fall / (double)v.inverted), ref_name, name_of(ch), name_of(ch));
}

int hinge__check_signs(const hinge__trace *tr, const hinge__segmentation *seg,
                       const hinge__stage *st) {
  static const int flexion[2] = {HINGE__CH_HIP, HINGE__CH_TRUNK};
  int rc = HINGE_OK, refch = -1, k, bad;
  for (k = 0; k < 2 && rc == HINGE_OK; k++) {
    if (tr->ch[flexion[k]] == NULL) continue;
    rc = check_flexion(tr, flexion[k], st, &bad);
    if (rc == HINGE_OK && !bad && refch < 0) refch = flexion[k];
  }
  /* The spine is judged against the hip (else the trunk) when that one
   * looks right; without either there is nothing to judge it against. */
  if (rc == HINGE_OK && refch >= 0)
    rc = check_spine(tr, HINGE__CH_THORACIC, tr->ch[refch], name_of(refch), seg, st);
  if (rc == HINGE_OK && refch >= 0)
    rc = check_spine(tr, HINGE__CH_LUMBAR, tr->ch[refch], name_of(refch), seg, st);
  return rc;
}
