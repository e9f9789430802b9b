/*
 * rules.c -- the built-in recovery rules as data: a table of {id, verdict,
 * summary, source, check}.  A rule reads the athlete's context and appends
 * findings to its list (context.c), nothing else; the thresholds it reads
 * are thresholds.c, the exercise-to-region map exercises.c.  Sources are
 * detailed in docs/algorithms.md.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "recovery_internal.h"

/* ---- Helpers for the checks ---------------------------------------------- */

#define DAY(buf, d) hinge_day_format((d), (buf))

/* "lower_back" -> "lower back" for messages. */
static const char *pretty(const char *region, char *buf, size_t size) {
  size_t i;
  for (i = 0; region[i] != '\0' && i + 1 < size; i++) buf[i] = region[i] == '_' ? ' ' : region[i];
  buf[i] = '\0';
  return buf;
}

/* Whether day lies in the n days ending at `on`. */
static int within(const hinge__ctx *ctx, long day, long n) {
  return day <= ctx->on && ctx->on - day < n;
}

static const char *flag_text(unsigned bit) {
  switch (bit) {
  case HINGE_FLAG_SADDLE_NUMBNESS: return "saddle numbness";
  case HINGE_FLAG_BLADDER: return "bladder change";
  case HINGE_FLAG_BOWEL: return "bowel change";
  case HINGE_FLAG_BILATERAL_LEGS: return "symptoms in both legs";
  case HINGE_FLAG_FEVER: return "fever";
  case HINGE_FLAG_NIGHT_PAIN: return "pain at night";
  case HINGE_FLAG_TRAUMA: return "recent trauma";
  default: return "?";
  }
}

/* Join the words of bits into buf: "sharp, stabbing". */
static const char *bits_text(unsigned bits, int flags, char *buf, size_t size) {
  unsigned b;
  size_t len = 0;
  buf[0] = '\0';
  for (b = 1; b != 0 && b <= bits; b <<= 1) {
    const char *w;
    if (!(bits & b)) continue;
    w = flags ? flag_text(b) : hinge_quality_name(b);
    if (w == NULL) continue;
    len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? ", " : "", w);
    if (len >= size) break;
  }
  return buf;
}

/* What a symptom rule looks for in a report, and what shows it gone. */
typedef unsigned (*symptom_bits)(const hinge_soreness_entry *e);

static unsigned red_flag_bits(const hinge_soreness_entry *e) { return e->flags & HINGE_FLAG_RED; }
static unsigned sharp_bits(const hinge_soreness_entry *e) {
  return e->quality & HINGE_QUALITY_SHARP_PAIN;
}
static unsigned nerve_bits(const hinge_soreness_entry *e) {
  return e->quality & HINGE_QUALITY_NERVE;
}

/* Whether report e clears what the earlier reports of its region said:
 * the `cleared` flag always; for sharp pain and nerve symptoms (not red
 * flags) also a severity of 0 or a quality that names none of them. */
static int clears(const hinge_soreness_entry *e, symptom_bits fn) {
  if (e->flags & HINGE_FLAG_CLEARED) return 1;
  if (fn == red_flag_bits) return 0;
  return e->severity == 0 || (e->quality != 0 && fn(e) == 0);
}

/* One symptom still open in a region: its words since the last
 * clearance, the latest day it was reported and the highest severity
 * then (NaN when none was given). */
typedef struct symptom {
  const char *region;
  unsigned bits;
  long last;
  double severity;
  int old; /* last reported symptom_window_days or more before `on` */
} symptom;

/* Walk the reports of region i's region (from i on: i is its first);
 * returns whether a symptom is still open. */
static int open_symptom(const hinge__ctx *ctx, symptom_bits fn, size_t i, symptom *s) {
  size_t j;
  const char *region = ctx->rows.sore[i]->region;
  s->region = region;
  s->bits = 0;
  s->last = HINGE_DAY_NONE;
  s->severity = NAN;
  for (j = i; j < ctx->rows.nsore; j++) {
    const hinge_soreness_entry *e = ctx->rows.sore[j];
    if (strcmp(e->region, region) != 0) continue;
    if (clears(e, fn)) s->bits = 0, s->severity = NAN;
    if (!fn(e)) continue;
    s->bits |= fn(e);
    s->last = e->day;
    if (!isnan(e->severity) && (isnan(s->severity) || e->severity > s->severity))
      s->severity = e->severity;
  }
  s->old = s->bits != 0 && ctx->on - s->last >= ctx->cfg->symptom_window_days;
  return s->bits != 0;
}

static int first_of_region(const hinge__ctx *ctx, size_t i) {
  size_t j;
  for (j = 0; j < i; j++)
    if (strcmp(ctx->rows.sore[j]->region, ctx->rows.sore[i]->region) == 0) return 0;
  return 1;
}

typedef int (*symptom_emit)(hinge__ctx *ctx, const hinge_rule_info *rule, const symptom *s);

/* One finding per region whose symptom is still open, however old: red
 * flags, sharp pain and nerve symptoms never expire into ready. */
static int each_symptom(hinge__ctx *ctx, const hinge_rule_info *rule, symptom_bits fn,
                        symptom_emit emit) {
  size_t i;
  int rc;
  for (i = 0; i < ctx->rows.nsore; i++) {
    symptom s;
    if (first_of_region(ctx, i) && open_symptom(ctx, fn, i, &s) &&
        (rc = emit(ctx, rule, &s)) != HINGE_OK)
      return rc;
  }
  return HINGE_OK;
}

/* ---- Symptom rules --------------------------------------------------------- */

static const char *old_note(const symptom *s, int red) {
  if (!s->old) return "";
  return red ? " Not reported again since, but red flags stay until a report for this region "
               "carries the flag 'cleared' (after a clinician's assessment)."
             : " Not reported again since, and no later report shows it gone: a report for "
               "this region without it, of severity 0, or with the flag 'cleared' closes it.";
}

static int emit_red_flag(hinge__ctx *ctx, const hinge_rule_info *rule, const symptom *s) {
  char d[HINGE_DATE_BUF], r[64], w[256];
  return hinge__emit(ctx, rule, s->region, rule->verdict,
                     "Stop training and get urgent medical assessment today (emergency "
                     "department or urgent doctor): these signs can mean nerve compression "
                     "such as cauda equina syndrome.",
                     "Red-flag symptoms with %s pain: %s (last reported %s).%s",
                     pretty(s->region, r, sizeof r), bits_text(s->bits, 1, w, sizeof w),
                     DAY(d, s->last), old_note(s, 1));
}

/* "up to 7/10, " or "" when no severity was given. */
static const char *severity_text(double severity, char *buf, size_t size) {
  if (isnan(severity)) buf[0] = '\0';
  else snprintf(buf, size, "up to %g/10, ", severity);
  return buf;
}

static int emit_sharp(hinge__ctx *ctx, const hinge_rule_info *rule, const symptom *s) {
  char d[HINGE_DATE_BUF], r[64], w[128], sug[200], sev[32];
  snprintf(sug, sizeof sug,
           "No heavy loading of the %s until a physiotherapist or doctor has assessed the "
           "sharp pain.", pretty(s->region, r, sizeof r));
  return hinge__emit(ctx, rule, s->region, rule->verdict, sug,
                     "Pain described as %s in the %s, %slast reported %s: this is "
                     "not normal training soreness.%s",
                     bits_text(s->bits, 0, w, sizeof w), r,
                     severity_text(s->severity, sev, sizeof sev), DAY(d, s->last),
                     old_note(s, 0));
}

static int emit_nerve(hinge__ctx *ctx, const hinge_rule_info *rule, const symptom *s) {
  char d[HINGE_DATE_BUF], r[64], w[128];
  return hinge__emit(ctx, rule, s->region, rule->verdict,
                     "Have the nerve symptoms assessed by a physiotherapist or doctor; avoid "
                     "heavy spinal loading (deadlifts, squats) until then.",
                     "Nerve-type symptoms (%s) with the %s, last reported %s.%s",
                     bits_text(s->bits, 0, w, sizeof w), pretty(s->region, r, sizeof r),
                     DAY(d, s->last), old_note(s, 0));
}

static int check_red_flag(hinge__ctx *ctx, const hinge_rule_info *rule) {
  return each_symptom(ctx, rule, red_flag_bits, emit_red_flag);
}
static int check_sharp(hinge__ctx *ctx, const hinge_rule_info *rule) {
  return each_symptom(ctx, rule, sharp_bits, emit_sharp);
}
static int check_nerve(hinge__ctx *ctx, const hinge_rule_info *rule) {
  return each_symptom(ctx, rule, nerve_bits, emit_nerve);
}

/* ---- Missing data ------------------------------------------------------------ */

/* No soreness report in the last stale_days days: the logs cannot say the
 * athlete is ready. */
static int check_stale(hinge__ctx *ctx, const hinge_rule_info *rule) {
  char d[HINGE_DATE_BUF], on[HINGE_DATE_BUF];
  static const char sug[] =
      "Ask the athlete how they feel and log a soreness entry (severity 0 when nothing "
      "hurts) before hard training.";
  long last;
  DAY(on, ctx->on);
  if (ctx->rows.nsore == 0)
    return hinge__emit(ctx, rule, NULL, rule->verdict, sug,
                       "No soreness entry for this athlete up to %s: the logs cannot say "
                       "whether they are ready.", on);
  last = ctx->rows.sore[ctx->rows.nsore - 1]->day;
  if (ctx->on - last <= ctx->cfg->stale_days) return HINGE_OK;
  return hinge__emit(ctx, rule, NULL, rule->verdict, sug,
                     "No soreness entry since %s (%ld days before %s): the logs cannot say "
                     "whether the athlete is ready.", DAY(d, last), ctx->on - last, on);
}

/* ---- Episode rules ----------------------------------------------------------- */

static int check_no_improvement(hinge__ctx *ctx, const hinge_rule_info *rule) {
  size_t i;
  for (i = 0; i < ctx->nepisodes; i++) {
    const hinge_episode *ep = &ctx->episodes[i];
    char d[HINGE_DATE_BUF], r[64], sug[220];
    long days = ep->last_day - ep->onset;
    int rc;
    if (!ep->current || days < ctx->cfg->no_improvement_days ||
        ep->peak - ep->latest >= ctx->cfg->improvement_points)
      continue;
    snprintf(sug, sizeof sug,
             "Book an assessment with a physiotherapist or sports doctor for the %s: "
             "soreness that has not settled in %d days is not ordinary training soreness.",
             pretty(ep->region, r, sizeof r), ctx->cfg->no_improvement_days);
    rc = hinge__emit(ctx, rule, ep->region, rule->verdict, sug,
                     "%s soreness for %ld days (since %s) without improving: peak %g/10, "
                     "now %g/10.",
                     r, days, DAY(d, ep->onset), ep->peak, ep->latest);
    if (rc != HINGE_OK) return rc;
  }
  return HINGE_OK;
}

/* Training days loading region in the `days` days before day (day excluded). */
static int loading_sessions_before(const hinge__ctx *ctx, long day, long days,
                                   const char *region) {
  size_t i;
  int n = 0;
  for (i = 0; i < ctx->nsessions; i++) {
    long s = ctx->sessions[i].day;
    if (s < day && day - s <= days && hinge__loads_region(ctx, s, region)) n++;
  }
  return n;
}

/* The latest session loading the episode's region within the DOMS onset
 * window before its onset; HINGE_DAY_NONE when there is none. */
static long doms_session(const hinge__ctx *ctx, const hinge_episode *ep) {
  size_t i = ctx->nsessions;
  while (i-- > 0) {
    long s = ctx->sessions[i].day, lag = ep->onset - s;
    if (lag >= ctx->cfg->doms_min_days && lag <= ctx->cfg->doms_max_days &&
        hinge__loads_region(ctx, s, ep->region))
      return s;
  }
  return HINGE_DAY_NONE;
}

static int doms_like(const hinge__ctx *ctx, const hinge_episode *ep, long s) {
  long age = ep->last_day - s;
  if (!ep->current || (ep->quality & ~(unsigned)HINGE_QUALITY_SORENESS) != 0) return 0;
  if (age > ctx->cfg->doms_resolve_days) return 0;
  /* DOMS peaks by 72 h: still rising after that is not its time course. */
  return !(ep->trajectory == HINGE_TRAJ_WORSENING && age > ctx->cfg->doms_max_days);
}

static int check_doms(hinge__ctx *ctx, const hinge_rule_info *rule) {
  size_t i;
  for (i = 0; i < ctx->nepisodes; i++) {
    const hinge_episode *ep = &ctx->episodes[i];
    char d[HINGE_DATE_BUF], r[64], w[128], novice[200];
    long s = doms_session(ctx, ep);
    int rc;
    if (s == HINGE_DAY_NONE || !doms_like(ctx, ep, s)) continue;
    novice[0] = '\0';
    if (loading_sessions_before(ctx, s, ctx->cfg->load.chronic_days, ep->region) <
        ctx->cfg->novice_sessions)
      snprintf(novice, sizeof novice,
               " Few recent sessions loaded it (new lifter or a return after a break): "
               "stronger soreness is expected and eases as the body adapts.");
    rc = hinge__emit(ctx, rule, ep->region, rule->verdict,
                     "Expected DOMS: keep moving (light activity, easy technique work), sleep "
                     "7 to 9 h and eat enough protein; it should ease within a week.",
                     "%s soreness (%s, %g/10) began %ld day%s after the %s session that "
                     "loaded it: typical delayed-onset muscle soreness, which peaks 24 to 72 h "
                     "after and fades within 5 to 7 days.%s",
                     pretty(ep->region, r, sizeof r),
                     ep->quality ? bits_text(ep->quality, 0, w, sizeof w) : "unspecified",
                     ep->latest, ep->onset - s, ep->onset - s == 1 ? "" : "s", DAY(d, s),
                     novice);
    if (rc != HINGE_OK) return rc;
  }
  return HINGE_OK;
}

static int check_high_soreness(hinge__ctx *ctx, const hinge_rule_info *rule) {
  size_t i;
  for (i = 0; i < ctx->nepisodes; i++) {
    const hinge_episode *ep = &ctx->episodes[i];
    char d[HINGE_DATE_BUF], r[64], sug[220];
    int rest = ep->latest >= ctx->cfg->rest_severity, rc;
    if (!ep->current || ep->latest < ctx->cfg->reduce_severity) continue;
    pretty(ep->region, r, sizeof r);
    if (rest)
      snprintf(sug, sizeof sug,
               "Rest the %s today: no heavy loading of it until soreness is below %g/10; "
               "light movement only.", r, ctx->cfg->reduce_severity);
    else
      snprintf(sug, sizeof sug,
               "Reduce load on the %s by about 20 to 30%% (or cap effort at RPE 7) and "
               "reassess tomorrow.", r);
    rc = hinge__emit(ctx, rule, ep->region,
                     rest ? HINGE_VERDICT_REST : HINGE_VERDICT_REDUCE, sug,
                     "%s soreness %g/10 on %s.", r, ep->latest, DAY(d, ep->last_day));
    if (rc != HINGE_OK) return rc;
  }
  return HINGE_OK;
}

/* ---- Sleep and load -------------------------------------------------------- */

/* Shortest sleep reported for day (NaN when none). */
static double sleep_on(const hinge__ctx *ctx, long day) {
  double h = NAN;
  size_t i;
  for (i = 0; i < ctx->rows.nsore; i++)
    if (ctx->rows.sore[i]->day == day && !isnan(ctx->rows.sore[i]->sleep_h) &&
        (isnan(h) || ctx->rows.sore[i]->sleep_h < h))
      h = ctx->rows.sore[i]->sleep_h;
  return h;
}

static int check_poor_sleep(hinge__ctx *ctx, const hinge_rule_info *rule) {
  char list[160];
  size_t len = 0;
  int k, shorts = 0;
  list[0] = '\0';
  for (k = ctx->cfg->poor_sleep_window - 1; k >= 0; k--) {
    double h = sleep_on(ctx, ctx->on - k);
    if (isnan(h) || h >= ctx->cfg->poor_sleep_hours) continue;
    shorts++;
    if (len < sizeof list)
      len += (size_t)snprintf(list + len, sizeof list - len, "%s%g h", len ? ", " : "", h);
  }
  if (shorts < ctx->cfg->poor_sleep_nights) return HINGE_OK;
  return hinge__emit(ctx, rule, NULL, rule->verdict,
                     "Prioritise sleep (7 to 9 h) and keep today's session lighter than "
                     "planned until sleep recovers.",
                     "Slept under %g h on %d of the last %d nights (%s): recovery is slower, "
                     "so the verdict is one step more cautious.",
                     ctx->cfg->poor_sleep_hours, shorts, ctx->cfg->poor_sleep_window, list);
}

static int check_load_spike(hinge__ctx *ctx, const hinge_rule_info *rule) {
  if (!ctx->has_load || !(ctx->load.acwr_ewma > ctx->cfg->acwr_high)) return HINGE_OK;
  return hinge__emit(ctx, rule, NULL, rule->verdict,
                     "Cut this week's training load (fewer sets or lower effort) so the "
                     "acute:chronic ratio returns below 1.3, then build up gradually.",
                     "Acute:chronic workload ratio %.2f (EWMA, %s) is above %g: this week's "
                     "load is well above what the athlete is used to.",
                     ctx->load.acwr_ewma, hinge_trainload_basis_name(ctx->basis),
                     ctx->cfg->acwr_high);
}

static int check_monotony(hinge__ctx *ctx, const hinge_rule_info *rule) {
  if (!ctx->has_load || !(ctx->load.monotony > ctx->cfg->monotony_high)) return HINGE_OK;
  return hinge__emit(ctx, rule, NULL, rule->verdict,
                     "Vary the daily loads: make one or two days clearly easier, or full rest "
                     "days.",
                     "Training monotony %.2f over the last %d days is above %g (strain %.0f): "
                     "the days are too alike.",
                     ctx->load.monotony, ctx->cfg->load.week_days, ctx->cfg->monotony_high,
                     ctx->load.strain);
}

/* ---- Deadlift-specific rules -------------------------------------------- */

/* Upper-back or trap soreness reported in the DOMS window after session s
 * (and not after the next deadlift session began). */
static int upper_back_sore_after(const hinge__ctx *ctx, long s, long next) {
  size_t i;
  long lo = s + ctx->cfg->doms_min_days, hi = s + ctx->cfg->doms_max_days;
  if (next != HINGE_DAY_NONE && next < hi) hi = next;
  for (i = 0; i < ctx->rows.nsore; i++) {
    const hinge_soreness_entry *e = ctx->rows.sore[i];
    if (e->day >= lo && e->day <= hi && e->severity > 0 &&
        (strcmp(e->region, "upper_back") == 0 || strcmp(e->region, "traps") == 0))
      return 1;
  }
  return 0;
}

static int check_weak_link(hinge__ctx *ctx, const hinge_rule_info *rule) {
  long days[100], next = HINGE_DAY_NONE;
  int n = 0, sore = 0, k;
  size_t i = ctx->nsessions;
  while (i-- > 0 && n < ctx->cfg->weak_link_sessions && n < 100)
    if (ctx->sessions[i].deadlift) days[n++] = ctx->sessions[i].day;
  for (k = 0; k < n; k++) {
    sore += upper_back_sore_after(ctx, days[k], next);
    next = days[k];
  }
  if (sore < ctx->cfg->weak_link_min) return HINGE_OK;
  return hinge__emit(ctx, rule, "upper_back", rule->verdict,
                     "Add heavy shrugs once a week (3 to 4 sets of 8 to 12) and upper-back "
                     "work (rows, face pulls) twice a week.",
                     "Upper-back or trap soreness after %d of the last %d deadlift sessions: "
                     "the upper back is the weak link in the pull.",
                     sore, n);
}

static int check_form(hinge__ctx *ctx, const hinge_rule_info *rule) {
  char d[HINGE_DATE_BUF];
  size_t i, reps = 0, flagged = 0;
  long since = HINGE_DAY_NONE;
  for (i = 0; i < ctx->rows.nana; i++) {
    const hinge_analysis_entry *a = ctx->rows.ana[i];
    if (!within(ctx, a->day, ctx->cfg->form_recent_days)) continue;
    reps += a->reps;
    flagged += a->lumbar_rounding_reps;
    if (a->lumbar_rounding_reps > 0 && (since == HINGE_DAY_NONE || a->day < since)) since = a->day;
  }
  if (flagged < (size_t)ctx->cfg->form_min_reps) return HINGE_OK;
  for (i = 0; i < ctx->nepisodes; i++) {
    const hinge_episode *ep = &ctx->episodes[i];
    if (!ep->current || strcmp(ep->region, "lower_back") != 0) continue;
    return hinge__emit(ctx, rule, "lower_back", rule->verdict,
                       "Film the next deadlift sets from the side and review the lower-back "
                       "position; drop the load by 10 to 20% until it stays neutral through "
                       "the pull.",
                       "Lumbar rounding flagged on %zu of %zu analysed reps since %s, with "
                       "lower-back soreness %g/10.",
                       flagged, reps, DAY(d, since), ep->latest);
  }
  return HINGE_OK;
}

/* ---- The table ---------------------------------------------------------- */

typedef struct rule {
  hinge_rule_info info;
  int (*check)(hinge__ctx *ctx, const hinge_rule_info *rule);
} rule;

static const rule rules[] = {
  {{"no_recent_entry", HINGE_VERDICT_UNKNOWN, 0,
    "no soreness report in the last stale_days days (or none at all): unknown, never ready",
    "DOMS settles within 5 to 7 days (Cheung et al. 2003, Sports Med 33:145), so a report "
    "older than a week says nothing about today; athlete-reported wellness is meant to be "
    "collected daily to weekly (Saw, Main and Gastin 2016, Br J Sports Med 50:281)"},
   check_stale},
  {{"red_flag_symptom", HINGE_VERDICT_URGENT_CARE, 0,
    "saddle numbness, bladder or bowel change, symptoms in both legs, fever, night pain or "
    "trauma reported and not cleared since (flag 'cleared')",
    "NICE CKS Sciatica (lumbar radiculopathy) and Low back pain without radiculopathy: red "
    "flags; GIRFT National suspected cauda equina syndrome pathway (2023)"},
   check_red_flag},
  {{"sharp_pain", HINGE_VERDICT_SEE_PROFESSIONAL, 0,
    "sharp, stabbing or shooting pain reported and not shown gone since (a later report "
    "without it, of severity 0, or flagged 'cleared')",
    "Sharp or shooting pain is not the dull ache of DOMS (Cheung et al. 2003, Sports Med "
    "33:145); NICE NG59 low back pain assessment"},
   check_sharp},
  {{"nerve_symptom", HINGE_VERDICT_SEE_PROFESSIONAL, 0,
    "tingling, pins and needles, numbness or burning reported and not shown gone since (a "
    "later report without them, of severity 0, or flagged 'cleared')",
    "Radicular symptoms: NICE CKS Sciatica (lumbar radiculopathy); NICE NG59"},
   check_nerve},
  {{"no_improvement", HINGE_VERDICT_SEE_PROFESSIONAL, 0,
    "a current episode present no_improvement_days or more without dropping "
    "improvement_points from its peak",
    "DOMS resolves within 5 to 7 days (Cheung et al. 2003), so weeks of soreness are not "
    "DOMS; persisting symptoms warrant clinical review (NICE CKS Back pain - low)"},
   check_no_improvement},
  {{"doms_expected", HINGE_VERDICT_READY, 0,
    "dull or aching soreness beginning 24 to 72 h after a session loading the region",
    "Cheung, Hume and Maxwell 2003, Sports Med 33:145 (DOMS time course); McHugh 2003, "
    "Scand J Med Sci Sports 13:88 (repeated-bout effect)"},
   check_doms},
  {{"high_soreness", HINGE_VERDICT_REST, 0,
    "latest severity >= rest_severity: rest; >= reduce_severity: reduce",
    "Numeric rating scale bands 1-3 mild, 4-6 moderate, 7-10 severe (Serlin et al. 1995, "
    "Pain 61:277)"},
   check_high_soreness},
  {{"poor_sleep", HINGE_VERDICT_REST, 1,
    "under poor_sleep_hours on poor_sleep_nights of the last poor_sleep_window nights: one "
    "step more cautious (capped at rest)",
    "Fullagar et al. 2015, Sports Med 45:161 (sleep and athletic recovery); Hirshkowitz et "
    "al. 2015, Sleep Health 1:40 (7 to 9 h for adults)"},
   check_poor_sleep},
  {{"load_spike", HINGE_VERDICT_REDUCE, 0,
    "acwr_ewma above acwr_high",
    "Williams et al. 2017, Br J Sports Med 51:209 (EWMA ACWR); Gabbett 2016, Br J Sports "
    "Med 50:273 (ratios above 1.5)"},
   check_load_spike},
  {{"monotony_high", HINGE_VERDICT_REDUCE, 0,
    "monotony above monotony_high",
    "Foster 1998, Med Sci Sports Exerc 30:1164 (monotony above 2 with high strain)"},
   check_monotony},
  {{"weak_link_upper_back", HINGE_VERDICT_READY, 0,
    "upper-back or trap soreness after weak_link_min of the last weak_link_sessions "
    "deadlift sessions",
    "Coaching practice (docs/algorithms.md, weak_link_upper_back): the upper back as the weak link of the pull"},
   check_weak_link},
  {{"form_lumbar_rounding", HINGE_VERDICT_REDUCE, 0,
    "lumbar-rounding flags in analysed sessions of the last form_recent_days days with "
    "current lower-back soreness",
    "hinge analyze flags (docs/algorithms.md); repeated loaded lumbar flexion and disc "
    "injury (Callaghan and McGill 2001, Clin Biomech 16:28)"},
   check_form},
};

#define NRULES (sizeof rules / sizeof rules[0])

size_t hinge_rule_count(void) { return NRULES; }

const hinge_rule_info *hinge_rule_get(size_t i) { return i < NRULES ? &rules[i].info : NULL; }

int hinge__run_rules(hinge__ctx *ctx, hinge_error *err) {
  size_t i;
  for (i = 0; i < NRULES; i++) {
    int rc = rules[i].check(ctx, &rules[i].info);
    if (rc != HINGE_OK) return hinge__fail(err, rc, NULL, 0, 0, "rule %s: %s",
                                           rules[i].info.id, hinge_strerror(rc));
  }
  return HINGE_OK;
}
