/*
 * hinge/recovery.h -- training-load metrics and recovery verdicts.
 *
 * Load metrics turn a series of daily loads into acute and chronic load,
 * their ratio, monotony, strain and the Banister fitness-fatigue model.
 * The assessment turns soreness logs, training logs and deadlift analysis
 * results (hinge/logs.h) into findings and one verdict per athlete, by
 * rules kept as data (docs/algorithms.md lists each rule and its source).
 */
#ifndef HINGE_RECOVERY_H
#define HINGE_RECOVERY_H

#include "hinge/common.h"
#include "hinge/logs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Verdicts --------------------------------------------------------- */

/* READY to URGENT_CARE are in severity order.  UNKNOWN (appended, so the
 * values of the others stay) means the logs cannot say: no recent soreness
 * report.  It ranks between ready and reduce: it replaces a green light
 * that would rest on missing or stale data, while a finding of reduce or
 * more still stands (hinge_verdict_rank gives the order). */
typedef enum hinge_verdict {
  HINGE_VERDICT_READY = 0,
  HINGE_VERDICT_REDUCE,
  HINGE_VERDICT_REST,
  HINGE_VERDICT_SEE_PROFESSIONAL,
  HINGE_VERDICT_URGENT_CARE,
  HINGE_VERDICT_UNKNOWN
} hinge_verdict;

#define HINGE_VERDICT_COUNT 6

/* "ready", "reduce", "rest", "see_professional", "urgent_care", "unknown";
 * "unknown" also for a value that is no verdict.  Static strings. */
HINGE_EXPORT const char *hinge_verdict_name(int verdict);
/* The verdict named s; HINGE_EPARSE when s is not one of the six. */
HINGE_EXPORT int hinge_verdict_parse(const char *s, hinge_verdict *out);
/* The caution order: ready 0, unknown 1, reduce 2, rest 3,
 * see_professional 4, urgent_care 5; -1 for a value that is no verdict. */
HINGE_EXPORT int hinge_verdict_rank(int verdict);

/* ---- Training load ---------------------------------------------------- */

typedef struct hinge_trainload_options {
  int acute_days;     /* EWMA span and rolling window of acute load: 7 */
  int chronic_days;   /* the same for chronic load: 28 */
  int week_days;      /* window of weekly load, monotony and strain: 7 */
  double tau_fitness; /* Banister time constants in days: 42 */
  double tau_fatigue; /* 7 */
  double k_fitness;   /* Banister gains: 1 */
  double k_fatigue;   /* 2 */
} hinge_trainload_options;

/* Fill o with the defaults above. */
HINGE_EXPORT void hinge_trainload_options_init(hinge_trainload_options *o);
/* Deprecated alias of hinge_trainload_options_init (docs/c-api.md). */
HINGE_EXPORT void hinge_trainload_options_default(hinge_trainload_options *o);
/* HINGE_OK when hinge_trainload_compute accepts o, else HINGE_EINVAL with
 * its message (windows 1 to 366 days, positive time constants, finite
 * gains). */
HINGE_EXPORT int hinge_trainload_options_check(const hinge_trainload_options *o,
                                               hinge_error *err);

/* Metrics of one day.  NaN stands for null (undefined). */
typedef struct hinge_trainload_metrics {
  double load;          /* the day's load */
  double acute_ewma;    /* EWMA, lambda = 2/(acute_days+1), seeded with day 0's load */
  double chronic_ewma;  /* EWMA, lambda = 2/(chronic_days+1) */
  double acwr_ewma;     /* acute_ewma / chronic_ewma; NaN when chronic is 0 */
  double acute_mean;    /* mean load of the last acute_days days */
  double chronic_mean;  /* mean load of the last chronic_days days */
  double acwr_rolling;  /* acute_mean / chronic_mean; NaN when chronic is 0 */
  double weekly_load;   /* sum of the last week_days days */
  double monotony;      /* mean / sample SD of the last week_days days; NaN
                           when SD is 0 or fewer than 2 days */
  double strain;        /* weekly_load * monotony; NaN with monotony */
  double fitness;       /* sum over s <= t of load(s) exp(-(t-s)/tau_fitness) */
  double fatigue;       /* the same with tau_fatigue */
  double performance;   /* k_fitness * fitness - k_fatigue * fatigue */
  int days;             /* days of history in the chronic window (1..chronic_days) */
} hinge_trainload_metrics;

/* Metrics of every day of daily[0..n-1], day 0 being the first day of the
 * log, into out[0..n-1] (caller-owned, n entries).  NaN in daily is a day
 * without training (load 0).  Windows at the start of the log are cut to
 * the days since day 0 (docs/algorithms.md).  opts NULL = defaults.
 * Errors: HINGE_EINVAL (NULL arguments, options out of range),
 * HINGE_ERANGE (a negative or infinite load, with its index). */
HINGE_EXPORT int hinge_trainload_compute(const double *daily, size_t n,
                                    const hinge_trainload_options *opts,
                                    hinge_trainload_metrics *out, hinge_error *err);

/* Load bases: session RPE x minutes (Foster), or volume load (sets x reps
 * x kg) when RPE or duration is missing. */
typedef enum hinge_trainload_basis {
  HINGE_TRAINLOAD_NONE = 0,  /* no training recorded */
  HINGE_TRAINLOAD_SRPE,
  HINGE_TRAINLOAD_VOLUME
} hinge_trainload_basis;

/* "srpe", "volume_load", "none"; "unknown" for a value that is no basis. */
HINGE_EXPORT const char *hinge_trainload_basis_name(int basis);

/* Daily loads of one athlete from the training entries of logs: days
 * first..last (first = the athlete's first training day, last = `on`, or
 * the last training day when on is HINGE_DAY_NONE), days without training
 * at 0.  *daily is allocated through the logs' allocator and must be
 * released with hinge_logs_free_daily(logs, *daily, *n).  The basis is
 * sRPE when every entry has RPE and duration, else volume load.
 * Errors: HINGE_ENODATA (no training before `on`), HINGE_ELIMIT (the
 * athlete's training spans more than 20000 days), HINGE_ENOMEM. */
HINGE_EXPORT int hinge_logs_daily_load(const hinge_logs *logs, const char *athlete, long on,
                                       double **daily, size_t *n, long *first,
                                       hinge_trainload_basis *basis, hinge_error *err);
HINGE_EXPORT void hinge_logs_free_daily(const hinge_logs *logs, double *daily, size_t n);

/* ---- Thresholds ------------------------------------------------------- */

/* Every threshold the rules use, with its default (docs/algorithms.md
 * gives the reference for each).  Days count calendar days. */
typedef struct hinge_recovery_config {
  int symptom_window_days;  /* red flags, sharp pain and nerve symptoms
                               stay until cleared (hinge/logs.h,
                               HINGE_FLAG_CLEARED); one not reported in the
                               last N days says so in its message: 7 */
  int active_days;          /* an episode is current while its last report
                               is at most N days before `on`: 7 */
  int episode_gap_days;     /* reports further apart start a new episode: 14 */
  int no_improvement_days;  /* days since onset for no_improvement: 21 */
  double improvement_points;/* drop from the peak that counts as improving: 2 */
  int doms_min_days;        /* DOMS onset window after a session: 1 day */
  int doms_max_days;        /* ...to 3 days (24 to 72 h) */
  int doms_resolve_days;    /* DOMS expected gone N days after the session: 7 */
  int novice_sessions;      /* fewer sessions loading the region in the
                               chronic window before it: novice context: 2 */
  double reduce_severity;   /* latest severity >= this: reduce: 4 */
  double rest_severity;     /* latest severity >= this: rest: 7 */
  double poor_sleep_hours;  /* a night under this is short: 6 */
  int poor_sleep_nights;    /* short nights needed...: 2 */
  int poor_sleep_window;    /* ...among the last N nights: 3 */
  double acwr_high;         /* acwr_ewma above this: load_spike: 1.5 */
  double monotony_high;     /* monotony above this: monotony_high: 2 */
  int weak_link_sessions;   /* of the last N deadlift sessions...: 4 */
  int weak_link_min;        /* ...at least this many followed by upper-back
                               or trap soreness: 3 */
  int form_recent_days;     /* analysed sessions of the last N days: 14 */
  int form_min_reps;        /* lumbar-rounding reps needed: 1 */
  hinge_trainload_options load;
  int stale_days;           /* no soreness report in the last N days before
                               `on`: the verdict is unknown, never ready: 7
                               (appended: the fields above keep their place) */
} hinge_recovery_config;

/* Fill c with the defaults (the *_init of the options convention). */
HINGE_EXPORT void hinge_recovery_config_init(hinge_recovery_config *c);
/* Deprecated alias of hinge_recovery_config_init (docs/c-api.md). */
HINGE_EXPORT void hinge_recovery_config_default(hinge_recovery_config *c);
/* HINGE_OK when every threshold of c is in its domain and doms_min_days
 * <= doms_max_days; else HINGE_ERANGE (HINGE_EINVAL for NULL) with the
 * message hinge_recovery_assess would give. */
HINGE_EXPORT int hinge_recovery_config_check(const hinge_recovery_config *c, hinge_error *err);

/* Set the threshold called name (the field name: "no_improvement_days",
 * "acwr_high", "chronic_days", ...) to value.  Errors: HINGE_EINVAL for an
 * unknown name, HINGE_ERANGE for a value outside the threshold's domain
 * (or not an integer where one is needed). */
HINGE_EXPORT int hinge_recovery_config_set(hinge_recovery_config *c, const char *name,
                                           double value, hinge_error *err);
/* The threshold called name into *value; HINGE_EINVAL for an unknown name. */
HINGE_EXPORT int hinge_recovery_config_get(const hinge_recovery_config *c, const char *name,
                                           double *value);
/* Names of the thresholds, i < count (static strings), for listings. */
HINGE_EXPORT size_t hinge_recovery_config_count(void);
HINGE_EXPORT const char *hinge_recovery_config_name(size_t i);
/* A one-line description of threshold i (static). */
HINGE_EXPORT const char *hinge_recovery_config_help(size_t i);

/* ---- Rules ------------------------------------------------------------ */

/* The built-in rules, in evaluation order.  Static data. */
typedef struct hinge_rule_info {
  const char *id;        /* "sharp_pain" */
  hinge_verdict verdict; /* the verdict of its findings (for escalate rules: the cap) */
  int escalate;          /* 1: makes the verdict one step more cautious (poor_sleep) */
  const char *summary;   /* what it checks */
  const char *source;    /* where the rule comes from */
} hinge_rule_info;

HINGE_EXPORT size_t hinge_rule_count(void);
HINGE_EXPORT const hinge_rule_info *hinge_rule_get(size_t i);

/* ---- Assessment ------------------------------------------------------- */

typedef enum hinge_trajectory {
  HINGE_TRAJ_NEW = 0,    /* one report so far */
  HINGE_TRAJ_WORSENING,  /* latest above the report before */
  HINGE_TRAJ_STABLE,     /* latest at the peak and not above the one before */
  HINGE_TRAJ_IMPROVING,  /* latest below the peak and not rising */
  HINGE_TRAJ_RESOLVED    /* latest severity 0 */
} hinge_trajectory;

/* "new", "worsening", "stable", "improving", "resolved"; "unknown"
 * otherwise; static. */
HINGE_EXPORT const char *hinge_trajectory_name(int t);

/* A run of soreness reports for one region: from the first report with
 * severity above 0 until a report of 0 or a gap over episode_gap_days. */
typedef struct hinge_episode {
  const char *region;
  long onset;        /* first day */
  long peak_day;     /* first day at the peak */
  long last_day;     /* latest report (up to `on`) */
  double peak;       /* highest severity */
  double latest;     /* severity of the latest report */
  size_t reports;
  unsigned quality;  /* qualities of the latest report */
  hinge_trajectory trajectory;
  int current;       /* last report within active_days of `on` and not resolved */
} hinge_episode;

/* One finding: a rule that applies. */
typedef struct hinge_finding {
  const char *rule;       /* rule id */
  hinge_verdict verdict;  /* for escalate findings: the verdict after the step */
  const char *region;     /* NULL when it is not about one region */
  const char *message;    /* what was seen, for the coach */
  const char *suggestion; /* what to do; NULL when nothing */
  const char *source;     /* reference; NULL when none */
  int escalate;           /* 1: one step more cautious (capped at rest) */
} hinge_finding;

typedef struct hinge_athlete_result {
  const char *athlete;
  hinge_verdict verdict;          /* most severe finding, then escalations */
  size_t nfindings;
  const hinge_finding *findings;  /* most severe first */
  size_t nsuggestions;
  const char *const *suggestions; /* the findings' suggestions, deduplicated */
  size_t nepisodes;
  const hinge_episode *episodes;  /* the latest episode of each region */
  hinge_trainload_basis load_basis;    /* HINGE_TRAINLOAD_NONE: no training, load unset */
  long load_first_day;            /* first day of the load series */
  hinge_trainload_metrics load;        /* metrics on `on` */
} hinge_athlete_result;

typedef struct hinge_assessment hinge_assessment;

typedef struct hinge_recovery_options {
  long on;                 /* day to assess; HINGE_DAY_NONE = the latest date
                              in the logs that is not after `today` */
  const char *athlete;     /* only this athlete (any case); NULL = all */
  const hinge_recovery_config *config; /* NULL = defaults; copied */
  long today;              /* the caller's current day (the CLI and Lua read
                              the system clock; the library reads none).
                              Entries after it never set the default `on`.
                              HINGE_DAY_NONE or 0 = not given (positional
                              initialisers {on, athlete, config} stay valid):
                              then no entry counts as dated in the future */
} hinge_recovery_options;

/* on, today = HINGE_DAY_NONE, athlete and config NULL. */
HINGE_EXPORT void hinge_recovery_options_init(hinge_recovery_options *o);

/* Assess every athlete of logs (the soreness, training and analysis
 * entries up to `on`) into a new assessment, released with
 * hinge_assessment_destroy.  Athletes are sorted by name, matched ignoring
 * case and blanks (the first spelling is shown).  Entries after `on` are
 * left out, each named in the assessment's warnings (file:line, up to 20,
 * then a count); near-duplicate athlete names (an edit or two apart) are
 * warned about too.  The allocator is the logs'.  opts may be NULL.  logs
 * is not kept.
 * Errors: HINGE_ENODATA (no entries, every entry after `today`, or no
 * athlete of that name), HINGE_EINVAL, HINGE_ERANGE (a config out of its
 * domain, e.g. doms_min_days > doms_max_days), HINGE_ELIMIT (an athlete's
 * training log spans more than 20000 days: one such athlete fails the
 * whole assessment, not only their own entry), HINGE_ENOMEM. */
HINGE_EXPORT int hinge_recovery_assess(const hinge_logs *logs,
                                       const hinge_recovery_options *opts,
                                       hinge_assessment **out, hinge_error *err);
HINGE_EXPORT void hinge_assessment_destroy(hinge_assessment *a);

/* The assessed day. */
HINGE_EXPORT long hinge_assessment_on(const hinge_assessment *a);
HINGE_EXPORT size_t hinge_assessment_count(const hinge_assessment *a);
/* Athlete i (i < count); valid until the next add_finding or destroy. */
HINGE_EXPORT const hinge_athlete_result *hinge_assessment_athlete(const hinge_assessment *a,
                                                                  size_t i);
/* The configuration used (a copy). */
HINGE_EXPORT const hinge_recovery_config *hinge_assessment_config(const hinge_assessment *a);
/* The assessment's own warnings (entries after the assessed day, names
 * that differ only in case or by an edit or two), i < count; valid until
 * destroy.  The walk writes them after the logs' (hinge_logs_warning). */
HINGE_EXPORT size_t hinge_assessment_warning_count(const hinge_assessment *a);
HINGE_EXPORT const char *hinge_assessment_warning(const hinge_assessment *a, size_t i);

/* Add a finding from outside the built-in rules (a coach's rule) to
 * athlete i and recompute its verdict, order and suggestions here, so
 * the combining logic lives in one place.  f's strings are copied;
 * rule and message are required.  Errors: HINGE_EINVAL, HINGE_ENOMEM. */
HINGE_EXPORT int hinge_assessment_add_finding(hinge_assessment *a, size_t i,
                                              const hinge_finding *f, hinge_error *err);

/* ---- One athlete's entries, by day ------------------------------------ */

/* The soreness, training and analysis entries of one athlete up to day on,
 * each sorted by day (entries of one day in log order): the view the
 * built-in rules read, and the one hinge.recovery hands a coach's Lua rule.
 * Training entries that name no athlete belong to every athlete, as in
 * the assessment.  The entries point into logs, which must outlive the
 * view and not change while it lives. */
typedef struct hinge_athlete_view hinge_athlete_view;

/* Errors: HINGE_EINVAL (NULL logs, athlete or out), HINGE_ENOMEM. */
HINGE_EXPORT int hinge_athlete_view_create(const hinge_logs *logs, const char *athlete,
                                           long on, hinge_athlete_view **out,
                                           hinge_error *err);
HINGE_EXPORT void hinge_athlete_view_destroy(hinge_athlete_view *v);
/* Entry i (i < count) or NULL; a NULL view has none. */
HINGE_EXPORT size_t hinge_athlete_view_soreness_count(const hinge_athlete_view *v);
HINGE_EXPORT const hinge_soreness_entry *hinge_athlete_view_soreness(const hinge_athlete_view *v,
                                                                     size_t i);
HINGE_EXPORT size_t hinge_athlete_view_training_count(const hinge_athlete_view *v);
HINGE_EXPORT const hinge_training_entry *hinge_athlete_view_training(const hinge_athlete_view *v,
                                                                     size_t i);
HINGE_EXPORT size_t hinge_athlete_view_analysis_count(const hinge_athlete_view *v);
HINGE_EXPORT const hinge_analysis_entry *hinge_athlete_view_analysis(const hinge_athlete_view *v,
                                                                     size_t i);

#ifdef __cplusplus
}
#endif
#endif /* HINGE_RECOVERY_H */
