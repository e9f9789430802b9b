/*
 * hinge/logs.h -- soreness logs, training logs (hinge's own CSV or a Strong
 * app export) and deadlift analysis results, validated and kept in one
 * container that hinge_recovery_assess() reads.
 *
 * Dates are day numbers: days since 1970-01-01 in the proleptic Gregorian
 * calendar (1970-01-02 is 1).  Formats: docs/formats.md.
 */
#ifndef HINGE_LOGS_H
#define HINGE_LOGS_H

#include "hinge/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Dates ------------------------------------------------------------ */

/* "no date" in a day-number field. */
#define HINGE_DAY_NONE (-2147483647L - 1)
/* Room for "YYYY-MM-DD" and its NUL. */
#define HINGE_DATE_BUF 11

/* Parse exactly "YYYY-MM-DD" (len bytes at s, no NUL needed) into a day
 * number, checking the date exists (month 1-12, day within the month,
 * 29 February only in leap years; years 1000-9999).  Returns HINGE_OK or
 * HINGE_EPARSE (not that shape) / HINGE_ERANGE (no such date); *day is
 * untouched on failure. */
HINGE_EXPORT int hinge_day_parse(const char *s, size_t len, long *day);

/* Write day as "YYYY-MM-DD" into out (HINGE_DATE_BUF bytes); returns out.
 * Days outside years 1000-9999 give "0000-00-00". */
HINGE_EXPORT char *hinge_day_format(long day, char out[HINGE_DATE_BUF]);

/* ---- Records ---------------------------------------------------------- */

/* Qualities of a soreness report, as bits: a report may name several
 * ("dull|tingling").  Groups: soreness-like, sharp pain, nerve symptoms. */
#define HINGE_QUALITY_MAP(XX)                 \
  XX(DULL, 0, "dull")                         \
  XX(ACHE, 1, "ache")                         \
  XX(TIGHT, 2, "tight")                       \
  XX(STIFF, 3, "stiff")                       \
  XX(SHARP, 4, "sharp")                       \
  XX(STABBING, 5, "stabbing")                 \
  XX(SHOOTING, 6, "shooting")                 \
  XX(TINGLING, 7, "tingling")                 \
  XX(PINS_AND_NEEDLES, 8, "pins_and_needles") \
  XX(NUMB, 9, "numb")                         \
  XX(BURNING, 10, "burning")

enum {
#define HINGE__XX(name, bit, word) HINGE_QUALITY_##name = 1u << (bit),
  HINGE_QUALITY_MAP(HINGE__XX)
#undef HINGE__XX
  HINGE_QUALITY_SORENESS = (1u << 0) | (1u << 1) | (1u << 2) | (1u << 3),
  HINGE_QUALITY_SHARP_PAIN = (1u << 4) | (1u << 5) | (1u << 6),
  HINGE_QUALITY_NERVE = (1u << 7) | (1u << 8) | (1u << 9) | (1u << 10)
};

/* Red-flag symptoms, as bits (column `flags`, `|`-separated), and the
 * clearance word: `cleared` on a report says that the red flags, sharp
 * pain and nerve symptoms reported earlier for that athlete and region
 * are gone (a clinician assessed them, or they resolved).  Red flags stay
 * until such a report; sharp pain and nerve symptoms also clear with a
 * report of severity 0 or one whose quality names none of them
 * (docs/algorithms.md, "Symptoms stay until cleared"). */
#define HINGE_FLAG_MAP(XX)                 \
  XX(SADDLE_NUMBNESS, 0, "saddle_numbness") \
  XX(BLADDER, 1, "bladder")                 \
  XX(BOWEL, 2, "bowel")                     \
  XX(BILATERAL_LEGS, 3, "bilateral_legs")   \
  XX(FEVER, 4, "fever")                     \
  XX(NIGHT_PAIN, 5, "night_pain")           \
  XX(TRAUMA, 6, "trauma")                   \
  XX(CLEARED, 7, "cleared")

enum {
#define HINGE__XX(name, bit, word) HINGE_FLAG_##name = 1u << (bit),
  HINGE_FLAG_MAP(HINGE__XX)
#undef HINGE__XX
  /* the red flags proper (every flag but CLEARED) */
  HINGE_FLAG_RED = (1u << 7) - 1u
};

/* Parse a `|`-separated list of qualities / flags (len bytes at s; empty
 * gives 0).  Words are matched case-insensitively with spaces and hyphens
 * read as underscores ("pins and needles").  On an unknown word returns
 * HINGE_EPARSE and sets *bad to its offset in s (when bad is not NULL). */
HINGE_EXPORT int hinge_quality_parse(const char *s, size_t len, unsigned *bits, size_t *bad);
HINGE_EXPORT int hinge_flags_parse(const char *s, size_t len, unsigned *bits, size_t *bad);
/* The word of a single bit ("pins_and_needles", "bladder"); NULL when
 * bit is not exactly one known bit.  Static strings. */
HINGE_EXPORT const char *hinge_quality_name(unsigned bit);
HINGE_EXPORT const char *hinge_flag_name(unsigned bit);

/* One soreness report.  Strings point into the hinge_logs that holds the
 * entry and live as long as it.  Athletes are matched ignoring ASCII
 * case and runs of blanks ("Ben", "ben ", "BEN" are one athlete; the
 * assessment shows the first spelling). */
typedef struct hinge_soreness_entry {
  long day;            /* date of the report */
  const char *athlete; /* as written, trimmed; never NULL or empty */
  const char *region;  /* normalised: lower case, '_' for spaces, aliases
                          resolved ("low back" -> "lower_back", "upper traps"
                          -> "traps"; docs/formats.md lists them); a word
                          hinge does not know is kept with a warning */
  double severity;     /* 0 to 10 (numeric rating scale); NaN only for a
                          row kept by a lenient read whose cell was bad */
  unsigned quality;    /* HINGE_QUALITY_* bits; 0 = not given */
  double sleep_h;      /* hours slept the night before; NaN = not given */
  unsigned flags;      /* HINGE_FLAG_* bits */
  long line;           /* source line (0 when not from a file) */
  const char *file;    /* the log it was read from ("" when none); set by
                          the readers, ignored by hinge_logs_add_soreness */
} hinge_soreness_entry;

/* One training record: an exercise in a session (hinge's training log) or
 * one set (a Strong export).  NaN marks a value that was not given. */
typedef struct hinge_training_entry {
  long day;
  const char *athlete;  /* "" when the log names none (Strong exports) */
  const char *exercise; /* as written */
  const char *session;  /* the session it belongs to: "" for hinge's log
                           (one session per athlete and day), the
                           workout's start time for Strong */
  double sets, reps, load_kg;
  double rpe;           /* 0 to 10 (CR-10) */
  double duration_min;  /* minutes; for Strong, the whole workout's */
  long line;
  const char *file;     /* the log it was read from ("" when none); set by
                           the readers, ignored by hinge_logs_add_training */
} hinge_training_entry;

/* One analysed deadlift set (from `hinge analyze --format json`). */
typedef struct hinge_analysis_entry {
  long day;
  const char *athlete;
  const char *file;             /* the session file it came from, or "" */
  size_t reps;                  /* reps found */
  size_t lumbar_rounding_reps;  /* reps flagged lumbar_rounding */
  size_t upper_back_rounding_reps; /* reps flagged upper_back_rounding */
} hinge_analysis_entry;

/* ---- The container ---------------------------------------------------- */

typedef struct hinge_logs hinge_logs;

/* An empty container into *out; entries and their strings are copied in.
 * alloc (NULL = libc) must outlive it.  HINGE_OK, or HINGE_ENOMEM /
 * HINGE_EINVAL (out NULL) with *out NULL. */
HINGE_EXPORT int hinge_logs_new(const hinge_allocator *alloc, hinge_logs **out,
                                hinge_error *err);
/* Deprecated (docs/c-api.md): hinge_logs_new; NULL when out of memory. */
HINGE_EXPORT hinge_logs *hinge_logs_create(const hinge_allocator *alloc);
/* Free everything; NULL is a no-op.  Every pointer obtained from logs
 * becomes invalid. */
HINGE_EXPORT void hinge_logs_destroy(hinge_logs *logs);

/* Add a copy of an entry (its strings are copied).  Values are validated
 * as a file row is; errors HINGE_EINVAL (NULL or empty athlete) or
 * HINGE_ERANGE / HINGE_EPARSE naming the field. */
HINGE_EXPORT int hinge_logs_add_soreness(hinge_logs *logs, const hinge_soreness_entry *e,
                                         hinge_error *err);
HINGE_EXPORT int hinge_logs_add_training(hinge_logs *logs, const hinge_training_entry *e,
                                         hinge_error *err);
HINGE_EXPORT int hinge_logs_add_analysis(hinge_logs *logs, const hinge_analysis_entry *e,
                                         hinge_error *err);

/* Counts and entries in the order they were added; i < count.  The
 * pointers stay valid until the next add to the same kind or destroy. */
HINGE_EXPORT size_t hinge_logs_soreness_count(const hinge_logs *logs);
HINGE_EXPORT const hinge_soreness_entry *hinge_logs_soreness(const hinge_logs *logs, size_t i);
HINGE_EXPORT size_t hinge_logs_training_count(const hinge_logs *logs);
HINGE_EXPORT const hinge_training_entry *hinge_logs_training(const hinge_logs *logs, size_t i);
HINGE_EXPORT size_t hinge_logs_analysis_count(const hinge_logs *logs);
HINGE_EXPORT const hinge_analysis_entry *hinge_logs_analysis(const hinge_logs *logs, size_t i);

/* Warnings collected while reading (rows skipped under `lenient`, format
 * notes), each "file:line:col: message".  Valid until destroy. */
HINGE_EXPORT size_t hinge_logs_warning_count(const hinge_logs *logs);
HINGE_EXPORT const char *hinge_logs_warning(const hinge_logs *logs, size_t i);

/* Append a warning "file:line:col: message" formatted from e (copied).
 * Readers use it for rows skipped under `lenient`; other sources may add
 * theirs.  HINGE_OK or HINGE_ENOMEM. */
HINGE_EXPORT int hinge_logs_warn(hinge_logs *logs, const hinge_error *e);

/* ---- Reading files and rows ------------------------------------------- */

/* Column order of the *_fields calls below, which take one record as
 * strings (file name and line for error messages; file may be NULL).
 * An empty string is a missing value.  The CSV readers and the Lua
 * binding both go through them, so every source is validated alike. */
enum {
  HINGE_SORENESS_DATE, HINGE_SORENESS_ATHLETE, HINGE_SORENESS_REGION,
  HINGE_SORENESS_SEVERITY, HINGE_SORENESS_QUALITY, HINGE_SORENESS_SLEEP_H,
  HINGE_SORENESS_FLAGS, HINGE_SORENESS_NFIELDS
};
enum {
  HINGE_TRAINING_DATE, HINGE_TRAINING_ATHLETE, HINGE_TRAINING_EXERCISE,
  HINGE_TRAINING_SETS, HINGE_TRAINING_REPS, HINGE_TRAINING_LOAD_KG,
  HINGE_TRAINING_RPE, HINGE_TRAINING_DURATION_MIN, HINGE_TRAINING_NFIELDS
};

/* fields[HINGE_SORENESS_NFIELDS]; a NULL field is missing.  Required:
 * date, athlete, region, severity.  Errors carry the 1-based column of
 * the field (the order above) unless cols maps it (cols may be NULL:
 * cols[k] = the 1-based column field k came from). */
HINGE_EXPORT int hinge_logs_add_soreness_fields(hinge_logs *logs, const char *const *fields,
                                                const long *cols, const char *file,
                                                long line, hinge_error *err);
/* fields[HINGE_TRAINING_NFIELDS]; required: date, athlete, exercise. */
HINGE_EXPORT int hinge_logs_add_training_fields(hinge_logs *logs, const char *const *fields,
                                                const long *cols, const char *file,
                                                long line, hinge_error *err);

typedef struct hinge_log_options {
  int lenient;          /* 1: a bad cell becomes a missing value with a
                           warning "file:line:col: ... (left out)", and the
                           row is kept while it has a date, an athlete and
                           one usable value (soreness: severity, quality,
                           flags or sleep_h; training: the exercise); an
                           unknown quality or flag word is left out and the
                           known words of the cell kept.  A row that cannot
                           be kept is skipped with a warning. */
  const char *athlete;  /* athlete for logs that name none (Strong); NULL = "" */
} hinge_log_options;

/* The *_fields calls above with options (opts NULL = strict; opts->athlete
 * is not used here).  Under lenient, warnings go to the logs
 * (hinge_logs_warning) and an error means the row was not added. */
HINGE_EXPORT int hinge_logs_add_soreness_fields_opts(hinge_logs *logs,
                                                     const char *const *fields,
                                                     const long *cols, const char *file,
                                                     long line, const hinge_log_options *opts,
                                                     hinge_error *err);
HINGE_EXPORT int hinge_logs_add_training_fields_opts(hinge_logs *logs,
                                                     const char *const *fields,
                                                     const long *cols, const char *file,
                                                     long line, const hinge_log_options *opts,
                                                     hinge_error *err);

/* The defaults: strict, no athlete (a zeroed struct means the same). */
HINGE_EXPORT void hinge_log_options_init(hinge_log_options *o);
/* HINGE_OK for any o but NULL (HINGE_EINVAL): every value is accepted;
 * there for the options convention (docs/c-api.md). */
HINGE_EXPORT int hinge_log_options_check(const hinge_log_options *o, hinge_error *err);

/* Read a soreness log (CSV with a header naming the columns above, in any
 * order; extra columns are ignored).  The delimiter is detected as for
 * sessions (',', ';' or tab); in a ';' or tab file a number may use a
 * decimal comma ("6,5").  opts may be NULL.  Errors name the
 * file, line and column: HINGE_EIO, HINGE_EPARSE (malformed CSV, bad
 * date or number, unknown quality or flag), HINGE_ERANGE (severity
 * outside 0-10, ...), HINGE_ESCHEMA (a required column missing),
 * HINGE_ENODATA (no header).  On failure the rows added so far stay. */
HINGE_EXPORT int hinge_logs_read_soreness(hinge_logs *logs, const char *path,
                                          const hinge_log_options *opts, hinge_error *err);

/* Training log formats. */
typedef enum hinge_training_format {
  HINGE_TRAINING_HINGE = 1, /* date,athlete,exercise,sets,reps,load_kg,rpe,duration_min */
  HINGE_TRAINING_STRONG = 2 /* the Strong app's export: one row per set */
} hinge_training_format;

/* Read a training log, detecting its format from the header; *format
 * (may be NULL) gets it.  Errors as hinge_logs_read_soreness. */
HINGE_EXPORT int hinge_logs_read_training(hinge_logs *logs, const char *path,
                                          const hinge_log_options *opts,
                                          hinge_training_format *format, hinge_error *err);

/* Read the JSON of `hinge analyze --format json` (one object or an array
 * of them) and add one analysis entry per object, from its `athlete`,
 * `date` and `reps[].flags`.  Errors: HINGE_EIO, HINGE_EPARSE (malformed
 * JSON, with line and column), HINGE_ESCHEMA (a field missing or of the
 * wrong type). */
HINGE_EXPORT int hinge_logs_read_analysis(hinge_logs *logs, const char *path,
                                          hinge_error *err);

#ifdef __cplusplus
}
#endif
#endif /* HINGE_LOGS_H */
