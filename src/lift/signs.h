/*
 * signs.h -- channels whose sign looks inverted (a sensor that counts
 * flexion negative): the check the analysis runs once after segmentation
 * (docs/algorithms.md, "Sign conventions").  Not installed.
 */
#ifndef HINGE_SIGNS_H
#define HINGE_SIGNS_H

#include "analyze_internal.h"

/* The rules, in degrees (docs/algorithms.md explains each). */
#define HINGE__SIGN_MIN_MOVE_DEG 30.0  /* hip/trunk: p98 - p2 needed to judge */
#define HINGE__SIGN_NEG_LOW_DEG (-40.0) /* hip/trunk: p2 at or below: flexed far negative */
#define HINGE__SIGN_NEG_HIGH_DEG 25.0  /* ... while p98 stays at or below this */
#define HINGE__SIGN_INCLUDED_DEG 150.0 /* hip: p98 at or above: an included angle */
#define HINGE__SIGN_PULL_DEG 30.0      /* spine: the hip (trunk) extends this much in a pull */
#define HINGE__SIGN_SPINE_FALL_DEG 5.0 /* spine: at liftoff this far below its lockout value */
#define HINGE__SIGN_SHARE 0.8          /* spine: share of the judged pulls that must agree */
#define HINGE__SIGN_AGAINST_R (-0.5)   /* spine: Pearson r with the hip over a rep at or below */
#define HINGE__SIGN_AGAINST_DEG 1.5    /* ... moving at least this much along the hip's range */
#define HINGE__SIGN_DIP_DEG 2.0        /* spine: a dip this deep in a pull under both its */
                                       /* ends (rounding mirrored) also votes against */

/* Warn in st->warnings, with the fix, for
 *  - a hip (or trunk) channel that moves tens of degrees, all of it into
 *    negative values (flexion counted negative), or a hip that reads like
 *    an included angle (150 deg and more when upright) -- independent of
 *    the segmentation, so it also speaks when no rep was found;
 *  - a thoracic or lumbar channel that, on (nearly) every pull where the
 *    hip extends by tens of degrees, sits well below its lockout value at
 *    liftoff, or that moves against the hip over the rep's cycle (Pearson
 *    r at or below HINGE__SIGN_AGAINST_R, HINGE__SIGN_AGAINST_DEG or more
 *    along the hip's range): it extends as the hip flexes (flexion
 *    counted negative) or dips in the pull HINGE__SIGN_DIP_DEG under both
 *    its ends (rounding mirrored), on 80 % of the reps that clearly go
 *    either way, one of them at least dipping (a lifter's arch alone
 *    moves the lumbar against the hip too, but does not dip) -- this
 *    second rule catches a lumbar that moves only a few degrees.
 * Nothing else changes.  HINGE_OK, or HINGE_ENOMEM through st->err. */
int hinge__check_signs(const hinge__trace *tr, const hinge__segmentation *seg,
                       const hinge__stage *st);

#endif
