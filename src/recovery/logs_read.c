/*
 * logs_read.c -- soreness and training logs from CSV files (through the
 * generic reader of csv.h), with the columns found by their header names;
 * the training log is hinge's own format or a Strong app export, told
 * apart by the header.  Every row goes through the validation of logs.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/csv.h"
#include "recovery_internal.h"

#define MAXF 16

/* The columns of a format: field k of a record is read from column
 * col[k] (0-based), -1 when the file has no such column. */
typedef struct colmap {
  int col[MAXF];
  long pos[MAXF];     /* 1-based column, for errors */
  size_t ncols;       /* fields in the header */
} colmap;

/* A name in the header: compared case-insensitively, blanks trimmed. */
static int header_is(const char *s, size_t n, const char *name) {
  size_t i, k = strlen(name);
  while (n > 0 && isspace((unsigned char)*s)) s++, n--;
  while (n > 0 && isspace((unsigned char)s[n - 1])) n--;
  if (n != k) return 0;
  for (i = 0; i < n; i++)
    if (tolower((unsigned char)s[i]) != tolower((unsigned char)name[i])) return 0;
  return 1;
}

/* Column of the first name in names (a NULL-terminated list of aliases)
 * found in the header, or -1. */
static int find_column(const hinge_csv_row *h, const char *const *names) {
  size_t i;
  for (; *names != NULL; names++)
    for (i = 0; i < h->nfields; i++)
      if (header_is(h->fields[i], h->lengths[i], *names)) return (int)i;
  return -1;
}

typedef struct column_spec {
  const char *names[4];
  int required;
} column_spec;

static const column_spec soreness_cols[HINGE_SORENESS_NFIELDS] = {
  {{"date", NULL}, 1}, {{"athlete", NULL}, 1}, {{"region", NULL}, 1},
  {{"severity", "soreness", "pain", NULL}, 1}, {{"quality", NULL}, 0},
  {{"sleep_h", "sleep", "sleep_hours", NULL}, 0},
  {{"flags", NULL}, 0}
};

static const column_spec training_cols[HINGE_TRAINING_NFIELDS] = {
  {{"date", NULL}, 1}, {{"athlete", NULL}, 1}, {{"exercise", NULL}, 1},
  {{"sets", NULL}, 0}, {{"reps", NULL}, 0}, {{"load_kg", NULL}, 0},
  {{"rpe", NULL}, 0}, {{"duration_min", NULL}, 0}
};

/* Strong: the fields it maps onto hinge's, then its own. */
enum { ST_DATE, ST_EXERCISE, ST_SET, ST_WEIGHT, ST_UNIT, ST_REPS, ST_RPE, ST_DURATION, ST_N };
static const column_spec strong_cols[ST_N] = {
  {{"Date", NULL}, 1}, {{"Exercise Name", NULL}, 1}, {{"Set Order", NULL}, 1},
  {{"Weight", "Weight (kg)", NULL}, 0}, {{"Weight Unit", NULL}, 0}, {{"Reps", NULL}, 0},
  {{"RPE", NULL}, 0}, {{"Duration", "Workout Duration", NULL}, 0}
};

/* ---- Reading loop ------------------------------------------------------- */

typedef struct reader reader;
typedef int (*row_fn)(reader *r, const hinge_csv_row *row, hinge_error *err);

struct reader {
  hinge_logs *logs;
  const char *path;
  int lenient;
  const char *athlete; /* for logs without an athlete column; "" = none */
  colmap map;
  double lb_scale;     /* Strong: kg per unit of the Weight column */
  int comma;           /* numbers may use a decimal comma (';' and tab files) */
  row_fn row;
};

/* The stage context of a row from r (fields and columns set by the caller). */
static void row_src(const reader *r, const hinge_csv_row *row, hinge__training_src *src) {
  memset(src, 0, sizeof *src);
  src->file = r->path;
  src->line = row->line;
  src->session = "";
  src->need_athlete = 1;
  src->load_scale = 1.0;
  src->lenient = r->lenient;
  src->comma = r->comma;
}

/* Map the header onto spec (n columns) into r->map; a required column
 * missing is HINGE_ESCHEMA, unless it is the athlete (athlete_k, or -1)
 * and the reader was given one. */
static int map_header(reader *r, const hinge_csv_row *h, const column_spec *spec, int n,
                      int athlete_k, hinge_error *err) {
  colmap *m = &r->map;
  int k, have_athlete = r->athlete[0] != '\0';
  m->ncols = h->nfields;
  for (k = 0; k < n; k++) {
    m->col[k] = find_column(h, spec[k].names);
    m->pos[k] = m->col[k] >= 0 ? m->col[k] + 1 : 0;
    if (m->col[k] < 0 && spec[k].required && !(k == athlete_k && have_athlete))
      return hinge__fail(err, HINGE_ESCHEMA, r->path, h->line, 0,
                         "missing column '%s' in the header", spec[k].names[0]);
  }
  return HINGE_OK;
}

/* Refuse rows whose field count differs from the header's, and fields
 * holding NUL bytes (text fields are C strings from here on). */
static int check_shape(const reader *r, const hinge_csv_row *row, hinge_error *err) {
  size_t i;
  if (row->nfields != r->map.ncols)
    return hinge__fail(err, HINGE_EPARSE, r->path, row->line,
                       (long)(row->nfields < r->map.ncols ? row->nfields : r->map.ncols) + 1,
                       "expected %zu fields as in the header, got %zu", r->map.ncols,
                       row->nfields);
  for (i = 0; i < row->nfields; i++)
    if (memchr(row->fields[i], '\0', row->lengths[i]) != NULL)
      return hinge__fail(err, HINGE_EPARSE, r->path, row->line, (long)i + 1,
                         "NUL byte in a field");
  return HINGE_OK;
}

/* Gather fields by the map; absent columns read as empty, or as the given
 * athlete for the athlete field (athlete_k). */
static void gather(const reader *r, const hinge_csv_row *row, int n, int athlete_k,
                   const char **f) {
  int k;
  for (k = 0; k < n; k++)
    f[k] = r->map.col[k] >= 0 ? row->fields[r->map.col[k]] : k == athlete_k ? r->athlete : "";
}

static int soreness_row(reader *r, const hinge_csv_row *row, hinge_error *err) {
  const char *f[HINGE_SORENESS_NFIELDS];
  hinge__training_src src;
  gather(r, row, HINGE_SORENESS_NFIELDS, HINGE_SORENESS_ATHLETE, f);
  row_src(r, row, &src);
  src.fields = f;
  src.cols = r->map.pos;
  return hinge__logs_soreness_row(r->logs, &src, err);
}

static int training_row(reader *r, const hinge_csv_row *row, hinge_error *err) {
  const char *f[HINGE_TRAINING_NFIELDS];
  hinge__training_src src;
  gather(r, row, HINGE_TRAINING_NFIELDS, HINGE_TRAINING_ATHLETE, f);
  row_src(r, row, &src);
  src.fields = f;
  src.cols = r->map.pos;
  src.need_athlete = r->map.col[HINGE_TRAINING_ATHLETE] >= 0;
  return hinge__logs_training_row(r->logs, &src, err);
}

/* A bad row: fatal, or a warning and the next row under lenient.  When
 * the warning cannot be stored, e becomes the out-of-memory error (at the
 * row), so the status and err agree. */
static int bad_row(reader *r, int rc, hinge_error *e) {
  hinge_error w;
  if (!r->lenient || rc == HINGE_ENOMEM) return rc;
  w = *e;
  snprintf(w.message, sizeof w.message, "%.*s (row skipped)",
           (int)(sizeof w.message - 16), e->message);
  if (hinge_logs_warn(r->logs, &w) == HINGE_OK) return HINGE_OK;
  return hinge__fail(e, HINGE_ENOMEM, w.file, w.line, 0,
                     "out of memory storing the warning for a skipped row");
}

static int read_rows(reader *r, hinge_csv_reader *csv, hinge_error *err) {
  const hinge_csv_row *row;
  int rc;
  while ((rc = hinge_csv_next(csv, &row, err)) == 1) {
    hinge_error e;
    hinge_error_clear(&e);
    rc = check_shape(r, row, &e);
    if (rc == HINGE_OK) rc = r->row(r, row, &e);
    if (rc != HINGE_OK && (rc = bad_row(r, rc, &e)) != HINGE_OK) {
      if (err != NULL) *err = e;
      return rc;
    }
  }
  return rc;
}

typedef int (*header_fn)(reader *r, const hinge_csv_row *h, hinge_error *err);

static int read_file(reader *r, const char *path, header_fn header, hinge_error *err) {
  hinge_csv_options o;
  hinge_csv_reader *csv;
  const hinge_csv_row *h;
  int rc;
  memset(&o, 0, sizeof o);
  o.alloc = r->logs->alloc;
  o.max_field = 1u << 16; /* no log field is anywhere near 64 KiB */
  if ((rc = hinge_csv_open_file(path, &o, &csv, err)) != HINGE_OK) return rc;
  rc = hinge_csv_next(csv, &h, err);
  if (rc == 0) rc = hinge__fail(err, HINGE_ENODATA, path, 1, 0, "empty file: expected a header");
  if (rc == 1) rc = header(r, h, err);
  r->comma = hinge_csv_reader_info(csv)->delimiter != ',';
  if (rc == HINGE_OK) rc = read_rows(r, csv, err);
  hinge_csv_close(csv);
  return rc;
}

static void reader_init(reader *r, hinge_logs *logs, const char *path,
                        const hinge_log_options *opts) {
  memset(r, 0, sizeof *r);
  r->logs = logs;
  r->path = path;
  r->lenient = opts ? opts->lenient : 0;
  r->athlete = opts && opts->athlete ? opts->athlete : "";
  r->lb_scale = 1.0;
}

/* ---- Soreness ----------------------------------------------------------- */

static int soreness_header(reader *r, const hinge_csv_row *h, hinge_error *err) {
  r->row = soreness_row;
  return map_header(r, h, soreness_cols, HINGE_SORENESS_NFIELDS, HINGE_SORENESS_ATHLETE, err);
}

int hinge_logs_read_soreness(hinge_logs *logs, const char *path,
                             const hinge_log_options *opts, hinge_error *err) {
  reader r;
  if (logs == NULL || path == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "read_soreness: NULL argument");
  reader_init(&r, logs, path, opts);
  return read_file(&r, path, soreness_header, err);
}

/* ---- Strong app exports ------------------------------------------------- */

/*
 * Strong's Duration cell (docs/formats.md), into minutes:
 *   duration = spaces | spaces seconds spaces | spaces part (spaces part)* spaces
 *   part     = digits spaces* unit, units in the order h, m, s, each once
 *   unit     = "h" | "m" | "min" | "s" | "sec"
 * where digits are 1 to 9 ASCII digits and a bare number is seconds (newer
 * exports).  Nothing else: no sign, fraction, exponent or hex, which
 * strtod would have taken ("0x10h", "1e1h").  Blank is NaN.
 */
enum { DUR_HOURS, DUR_MINUTES, DUR_SECONDS };

static const char *skip_blanks(const char *s) {
  while (*s == ' ' || *s == '\t') s++;
  return s;
}

/* 1 to 9 digits at *s into *v (advancing *s); 0 when there are none or
 * more (a 10th digit could overflow and no workout lasts that long). */
static int duration_digits(const char **s, long *v) {
  int n = 0;
  *v = 0;
  for (; **s >= '0' && **s <= '9'; (*s)++) {
    if (++n > 9) return 0;
    *v = *v * 10 + (**s - '0');
  }
  return n > 0;
}

/* The unit at *s (advancing *s), or -1. */
static int duration_unit(const char **s) {
  static const struct { const char *word; int unit; } units[] = {
    {"min", DUR_MINUTES}, {"sec", DUR_SECONDS}, {"h", DUR_HOURS}, {"m", DUR_MINUTES},
    {"s", DUR_SECONDS}}; /* the long words first: "m" is a prefix of "min" */
  size_t i;
  for (i = 0; i < sizeof units / sizeof units[0]; i++) {
    size_t n = strlen(units[i].word);
    if (strncmp(*s, units[i].word, n) == 0) {
      *s += n;
      return units[i].unit;
    }
  }
  return -1;
}

static int parse_duration(const char *s, double *minutes) {
  static const double per_unit[] = {60.0, 1.0, 1.0 / 60.0};
  double total = 0;
  int unit, last = -1;
  long v;
  s = skip_blanks(s);
  *minutes = NAN;
  if (*s == '\0') return HINGE_OK;
  while (*s != '\0') {
    if (!duration_digits(&s, &v)) return HINGE_EPARSE;
    s = skip_blanks(s);
    if (*s == '\0' && last < 0) { /* a bare number: seconds */
      total = (double)v / 60.0;
      break;
    }
    /* -1 (no unit), a repeated unit and h/m/s out of order all land here */
    if ((unit = duration_unit(&s)) <= last) return HINGE_EPARSE;
    total += (double)v * per_unit[unit];
    last = unit;
    s = skip_blanks(s);
  }
  *minutes = total;
  return HINGE_OK;
}

/* kg per unit named in a Weight Unit cell ("" = kg). */
static int weight_scale(const char *unit, double *scale) {
  size_t n = strlen(unit);
  if (n == 0 || header_is(unit, n, "kg") || header_is(unit, n, "kgs")) *scale = 1.0;
  else if (header_is(unit, n, "lbs") || header_is(unit, n, "lb")) *scale = 0.45359237;
  else return HINGE_EPARSE;
  return HINGE_OK;
}

static const char *cell(const reader *r, const hinge_csv_row *row, int k) {
  return r->map.col[k] >= 0 ? row->fields[r->map.col[k]] : "";
}

/* The day of a Strong "Date" cell: "YYYY-MM-DD" then a time or nothing. */
static int strong_date(const reader *r, const hinge_csv_row *row, char *day, hinge_error *err) {
  const char *d = cell(r, row, ST_DATE);
  long ignored;
  while (isspace((unsigned char)*d)) d++;
  if (strlen(d) < 10 || (d[10] != '\0' && d[10] != ' ' && d[10] != 'T') ||
      hinge_day_parse(d, 10, &ignored) != HINGE_OK)
    return hinge__fail(err, HINGE_EPARSE, r->path, row->line, r->map.pos[ST_DATE],
                       "date '%.40s' is not YYYY-MM-DD [HH:MM:SS] (or not a real day)", d);
  memcpy(day, d, 10);
  day[10] = '\0';
  return HINGE_OK;
}

/* A bad Strong cell: an error, or under lenient a warning "(left out)"
 * and HINGE_OK (the caller then leaves the value missing). */
static int strong_cell(const reader *r, const hinge_csv_row *row, int k, const char *what,
                       hinge_error *err) {
  const char *v = cell(r, row, k);
  if (r->lenient) {
    if (hinge__logs_warnf(r->logs, r->path, row->line, r->map.pos[k],
                          "%s '%.40s' is not %s (left out)",
                          k == ST_UNIT ? "weight unit" : "duration", v, what) == HINGE_OK)
      return HINGE_OK;
    return hinge__fail(err, HINGE_ENOMEM, r->path, row->line, 0,
                       "out of memory storing a warning");
  }
  return hinge__fail(err, HINGE_EPARSE, r->path, row->line, r->map.pos[k], "%s '%.40s' is not %s",
                     k == ST_UNIT ? "weight unit" : "duration", v, what);
}

static int strong_row(reader *r, const hinge_csv_row *row, hinge_error *err) {
  const char *f[HINGE_TRAINING_NFIELDS];
  long pos[HINGE_TRAINING_NFIELDS] = {0};
  char day[HINGE_DATE_BUF], minutes[40];
  double dur, scale = r->lb_scale;
  hinge__training_src src;
  int rc, weight_ok = 1;
  if ((rc = strong_date(r, row, day, err)) != HINGE_OK) return rc;
  if (parse_duration(cell(r, row, ST_DURATION), &dur) != HINGE_OK &&
      (rc = strong_cell(r, row, ST_DURATION, "like '1h 25m', '45m', '30s' or seconds", err)))
    return rc;
  if (weight_scale(cell(r, row, ST_UNIT), &scale) != HINGE_OK) {
    if ((rc = strong_cell(r, row, ST_UNIT, "kg or lbs", err)) != HINGE_OK) return rc;
    weight_ok = 0, scale = 1.0;
  }
  minutes[0] = '\0';
  if (!isnan(dur)) snprintf(minutes, sizeof minutes, "%.17g", dur);
  f[HINGE_TRAINING_DATE] = day;
  f[HINGE_TRAINING_ATHLETE] = r->athlete;
  f[HINGE_TRAINING_EXERCISE] = cell(r, row, ST_EXERCISE);
  f[HINGE_TRAINING_SETS] = "1"; /* one row per set */
  f[HINGE_TRAINING_REPS] = cell(r, row, ST_REPS);
  f[HINGE_TRAINING_LOAD_KG] = weight_ok ? cell(r, row, ST_WEIGHT) : "";
  f[HINGE_TRAINING_RPE] = cell(r, row, ST_RPE);
  f[HINGE_TRAINING_DURATION_MIN] = minutes;
  pos[HINGE_TRAINING_DATE] = r->map.pos[ST_DATE];
  pos[HINGE_TRAINING_EXERCISE] = r->map.pos[ST_EXERCISE];
  pos[HINGE_TRAINING_REPS] = r->map.pos[ST_REPS];
  pos[HINGE_TRAINING_LOAD_KG] = r->map.pos[ST_WEIGHT];
  pos[HINGE_TRAINING_RPE] = r->map.pos[ST_RPE];
  pos[HINGE_TRAINING_DURATION_MIN] = r->map.pos[ST_DURATION];
  row_src(r, row, &src);
  src.fields = f;
  src.cols = pos;
  src.session = cell(r, row, ST_DATE);
  src.need_athlete = 0;
  src.load_scale = scale;
  return hinge__logs_training_row(r->logs, &src, err);
}

/* ---- Training logs: detect the format from the header ------------------- */

static int is_strong(const hinge_csv_row *h) {
  static const char *const set_order[] = {"Set Order", NULL};
  static const char *const exercise_name[] = {"Exercise Name", NULL};
  return find_column(h, set_order) >= 0 && find_column(h, exercise_name) >= 0;
}

typedef struct training_reader {
  reader r;
  hinge_training_format format;
} training_reader;

static int training_header(reader *r, const hinge_csv_row *h, hinge_error *err) {
  training_reader *t = (training_reader *)r;
  static const char *const date[] = {"date", NULL}, *const exercise[] = {"exercise", NULL};
  if (is_strong(h)) {
    t->format = HINGE_TRAINING_STRONG;
    r->row = strong_row;
    return map_header(r, h, strong_cols, ST_N, -1, err);
  }
  if (find_column(h, date) < 0 || find_column(h, exercise) < 0)
    return hinge__fail(err, HINGE_ESCHEMA, r->path, h->line, 0,
                       "not a training log: expected a header with date, athlete, exercise, "
                       "sets, reps, load_kg, rpe, duration_min, or a Strong app export");
  t->format = HINGE_TRAINING_HINGE;
  r->row = training_row;
  return map_header(r, h, training_cols, HINGE_TRAINING_NFIELDS, HINGE_TRAINING_ATHLETE, err);
}

int hinge_logs_read_training(hinge_logs *logs, const char *path,
                             const hinge_log_options *opts, hinge_training_format *format,
                             hinge_error *err) {
  training_reader t;
  int rc;
  if (logs == NULL || path == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "read_training: NULL argument");
  reader_init(&t.r, logs, path, opts);
  t.format = (hinge_training_format)0;
  rc = read_file(&t.r, path, training_header, err);
  if (format != NULL) *format = t.format;
  return rc;
}
