/*
 * logs.c -- the hinge_logs container and the validation of every log
 * record, whatever its source (CSV file, Lua rows, C structs).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "recovery_internal.h"

/* ---- The container ---------------------------------------------------- */

void hinge_log_options_init(hinge_log_options *o) {
  if (o != NULL) memset(o, 0, sizeof *o);
}

int hinge_log_options_check(const hinge_log_options *o, hinge_error *err) {
  return o ? HINGE_OK : hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "log options: NULL");
}

int hinge_logs_new(const hinge_allocator *alloc, hinge_logs **out, hinge_error *err) {
  hinge_logs *logs;
  if (out == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "logs: NULL argument");
  *out = logs = hinge__calloc(alloc, 1, sizeof *logs);
  if (logs == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  logs->alloc = alloc;
  logs->pool.alloc = alloc;
  return HINGE_OK;
}

hinge_logs *hinge_logs_create(const hinge_allocator *alloc) {
  hinge_logs *logs = NULL;
  hinge_logs_new(alloc, &logs, NULL);
  return logs;
}

void hinge_logs_destroy(hinge_logs *logs) {
  const hinge_allocator *a;
  if (logs == NULL) return;
  a = logs->alloc;
  hinge__free(a, logs->sore, logs->capsore * sizeof *logs->sore);
  hinge__free(a, logs->train, logs->captrain * sizeof *logs->train);
  hinge__free(a, logs->ana, logs->capana * sizeof *logs->ana);
  hinge__free(a, (void *)logs->warn, logs->capwarn * sizeof *logs->warn);
  hinge__spool_free(&logs->pool);
  hinge__free(a, logs, sizeof *logs);
}

size_t hinge_logs_soreness_count(const hinge_logs *logs) { return logs ? logs->nsore : 0; }
size_t hinge_logs_training_count(const hinge_logs *logs) { return logs ? logs->ntrain : 0; }
size_t hinge_logs_analysis_count(const hinge_logs *logs) { return logs ? logs->nana : 0; }
size_t hinge_logs_warning_count(const hinge_logs *logs) { return logs ? logs->nwarn : 0; }

const hinge_soreness_entry *hinge_logs_soreness(const hinge_logs *logs, size_t i) {
  return logs && i < logs->nsore ? &logs->sore[i] : NULL;
}
const hinge_training_entry *hinge_logs_training(const hinge_logs *logs, size_t i) {
  return logs && i < logs->ntrain ? &logs->train[i] : NULL;
}
const hinge_analysis_entry *hinge_logs_analysis(const hinge_logs *logs, size_t i) {
  return logs && i < logs->nana ? &logs->ana[i] : NULL;
}
const char *hinge_logs_warning(const hinge_logs *logs, size_t i) {
  return logs && i < logs->nwarn ? logs->warn[i] : NULL;
}

int hinge_logs_warn(hinge_logs *logs, const hinge_error *e) {
  char buf[HINGE_ERROR_FILE_MAX + HINGE_ERROR_MESSAGE_MAX + 64];
  const char *s;
  int n;
  if (logs == NULL || e == NULL) return HINGE_EINVAL;
  n = hinge_error_format(e, buf, sizeof buf);
  if (n < 0) return HINGE_EINVAL;
  if (HINGE__GROW(logs->alloc, logs->warn, logs->capwarn, logs->nwarn + 1) != HINGE_OK)
    return HINGE_ENOMEM;
  s = hinge__spool_dup(&logs->pool, buf, strlen(buf));
  if (s == NULL) return HINGE_ENOMEM;
  logs->warn[logs->nwarn++] = s;
  return HINGE_OK;
}

static void trim(const char **s, size_t *n) {
  while (*n > 0 && isspace((unsigned char)**s)) (*s)++, (*n)--;
  while (*n > 0 && isspace((unsigned char)(*s)[*n - 1])) (*n)--;
}

const char *hinge__logs_str(hinge_logs *logs, const char *s, size_t n) {
  trim(&s, &n);
  return hinge__spool_dup(&logs->pool, s, n);
}

/* ---- Words: qualities, flags, regions ---------------------------------- */

static char word_char(char c) {
  if (c == ' ' || c == '-') return '_';
  return (char)tolower((unsigned char)c);
}

int hinge__word_eq(const char *s, size_t n, const char *key) {
  size_t i;
  for (i = 0; i < n; i++)
    if (key[i] == '\0' || word_char(s[i]) != key[i]) return 0;
  return key[n] == '\0';
}

typedef struct word_bit {
  const char *word;
  unsigned bit;
} word_bit;

static const word_bit quality_words[] = {
#define HINGE__XX(name, bit, word) {word, HINGE_QUALITY_##name},
  HINGE_QUALITY_MAP(HINGE__XX)
#undef HINGE__XX
  {"aching", HINGE_QUALITY_ACHE},
  {"numbness", HINGE_QUALITY_NUMB},
  {NULL, 0}
};

static const word_bit flag_words[] = {
#define HINGE__XX(name, bit, word) {word, HINGE_FLAG_##name},
  HINGE_FLAG_MAP(HINGE__XX)
#undef HINGE__XX
  {"none", 0},
  {NULL, 0}
};

/* Parse "a|b|c" against table; empty items are ignored. */
static int parse_words(const word_bit *table, const char *s, size_t len, unsigned *bits,
                       size_t *bad) {
  size_t i = 0;
  *bits = 0;
  while (i < len) {
    size_t j = i, k, n;
    const char *w;
    while (j < len && s[j] != '|') j++;
    w = s + i;
    n = j - i;
    trim(&w, &n);
    for (k = 0; n > 0 && table[k].word != NULL; k++)
      if (hinge__word_eq(w, n, table[k].word)) break;
    if (n > 0 && table[k].word == NULL) {
      if (bad != NULL) *bad = (size_t)(w - s);
      return HINGE_EPARSE;
    }
    if (n > 0) *bits |= table[k].bit;
    i = j + 1;
  }
  return HINGE_OK;
}

int hinge_quality_parse(const char *s, size_t len, unsigned *bits, size_t *bad) {
  return parse_words(quality_words, s, len, bits, bad);
}

int hinge_flags_parse(const char *s, size_t len, unsigned *bits, size_t *bad) {
  return parse_words(flag_words, s, len, bits, bad);
}

static const char *bit_name(const word_bit *table, unsigned bit) {
  size_t k;
  for (k = 0; table[k].word != NULL; k++)
    if (table[k].bit == bit && bit != 0) return table[k].word;
  return NULL;
}

const char *hinge_quality_name(unsigned bit) { return bit_name(quality_words, bit); }
const char *hinge_flag_name(unsigned bit) { return bit_name(flag_words, bit); }

/* Region aliases: the normalised spelling on the left means the right. */
static const char *const region_aliases[][2] = {
  {"upperback", "upper_back"}, {"thoracic", "upper_back"}, {"upper_back", "upper_back"},
  {"trap", "traps"}, {"trapezius", "traps"}, {"traps", "traps"},
  {"lowerback", "lower_back"}, {"low_back", "lower_back"}, {"lumbar", "lower_back"},
  {"lower_back", "lower_back"}, {"hamstring", "hamstrings"}, {"hams", "hamstrings"},
  {"glute", "glutes"}, {"leg", "legs"}, {"whole_body", "full_body"},
  {"fullbody", "full_body"}, {NULL, NULL}
};

/* Normalise a region into buf: lower case, '_' for blanks and '-', then
 * aliases; HINGE_EPARSE when a character is not a letter, digit or '_'. */
static int normalize_region(const char *s, size_t n, char *buf, size_t size, size_t *bad) {
  size_t i;
  if (n == 0 || n >= size) return HINGE_EPARSE;
  for (i = 0; i < n; i++) {
    char c = word_char(s[i]);
    if (!isalnum((unsigned char)c) && c != '_') {
      *bad = i;
      return HINGE_EPARSE;
    }
    buf[i] = c;
  }
  buf[n] = '\0';
  for (i = 0; region_aliases[i][0] != NULL; i++)
    if (strcmp(buf, region_aliases[i][0]) == 0) {
      strcpy(buf, region_aliases[i][1]);
      break;
    }
  return HINGE_OK;
}

/* ---- Field validation --------------------------------------------------- */

/* Where a record came from, for error messages. */
/* The stage context of one record's fields: where they come from, where
 * strings go and where errors are told. */
typedef struct rowpos {
  hinge_logs *logs;
  const char *const *fields;
  const char *file;
  long line;
  const long *cols;
  hinge_error *err;
} rowpos;

/* A number's domain: [lo, hi], and whether it may be left empty. */
typedef struct range {
  double lo, hi;
  int required;
} range;

static long colof(const rowpos *p, int k) { return p->cols ? p->cols[k] : k + 1; }

static const char *field(const char *const *fields, int k, size_t *n) {
  const char *s = fields[k] ? fields[k] : "";
  *n = strlen(s);
  trim(&s, n);
  return s;
}

/* A finite number in [lo, hi]; empty gives NaN (or an error when required). */
static int parse_number(const rowpos *p, int k, const char *name, range rg, double *out) {
  hinge_error *err = p->err;
  double lo = rg.lo, hi = rg.hi;
  size_t n;
  const char *s = field(p->fields, k, &n);
  char buf[64], *end;
  if (n == 0) {
    *out = NAN;
    if (!rg.required) return HINGE_OK;
    return hinge__fail(err, HINGE_EPARSE, p->file, p->line, colof(p, k),
                       "missing %s", name);
  }
  if (n >= sizeof buf) goto bad;
  memcpy(buf, s, n);
  buf[n] = '\0';
  errno = 0;
  *out = strtod(buf, &end);
  if (end != buf + n || !isfinite(*out) || buf[0] == '+' || isspace((unsigned char)buf[0]))
    goto bad;
  if (*out < lo || *out > hi)
    return hinge__fail(err, HINGE_ERANGE, p->file, p->line, colof(p, k),
                       "%s %s is out of range (expected %g to %g)", name, buf, lo, hi);
  return HINGE_OK;
bad:
  return hinge__fail(err, HINGE_EPARSE, p->file, p->line, colof(p, k),
                     "%s '%.*s' is not a number", name, (int)(n > 40 ? 40 : n), s);
}

static int parse_date(const rowpos *p, int k, long *day) {
  hinge_error *err = p->err;
  size_t n;
  const char *s = field(p->fields, k, &n);
  int rc;
  if (n == 0)
    return hinge__fail(err, HINGE_EPARSE, p->file, p->line, colof(p, k), "missing date");
  rc = hinge_day_parse(s, n, day);
  if (rc == HINGE_ERANGE)
    return hinge__fail(err, rc, p->file, p->line, colof(p, k),
                       "date '%.*s' does not exist", (int)n, s);
  if (rc != HINGE_OK)
    return hinge__fail(err, rc, p->file, p->line, colof(p, k),
                       "date '%.*s' is not YYYY-MM-DD", (int)(n > 40 ? 40 : n), s);
  return HINGE_OK;
}

static int parse_name(const rowpos *p, int k, const char *what, const char **out) {
  hinge_error *err = p->err;
  size_t n;
  const char *s = field(p->fields, k, &n);
  if (n == 0)
    return hinge__fail(err, HINGE_EPARSE, p->file, p->line, colof(p, k), "missing %s", what);
  *out = hinge__spool_dup(&p->logs->pool, s, n);
  return *out ? HINGE_OK : hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
}

static int parse_region(const rowpos *p, const char **out) {
  hinge_error *err = p->err;
  size_t n, bad = 0;
  char buf[64];
  const char *s = field(p->fields, HINGE_SORENESS_REGION, &n);
  if (n == 0)
    return hinge__fail(err, HINGE_EPARSE, p->file, p->line, colof(p, HINGE_SORENESS_REGION),
                       "missing region");
  if (normalize_region(s, n, buf, sizeof buf, &bad) != HINGE_OK)
    return hinge__fail(err, HINGE_EPARSE, p->file, p->line, colof(p, HINGE_SORENESS_REGION),
                       "region '%.*s' is not a word (letters, digits, '_')",
                       (int)(n > 40 ? 40 : n), s);
  *out = hinge__spool_dup(&p->logs->pool, buf, strlen(buf));
  return *out ? HINGE_OK : hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
}

static int parse_bits(const rowpos *p, int k, int quality, unsigned *bits) {
  hinge_error *err = p->err;
  size_t n, bad = 0, w;
  const char *s = field(p->fields, k, &n);
  int rc = quality ? hinge_quality_parse(s, n, bits, &bad) : hinge_flags_parse(s, n, bits, &bad);
  if (rc == HINGE_OK) return rc;
  for (w = bad; w < n && s[w] != '|'; w++) continue;
  while (w > bad && isspace((unsigned char)s[w - 1])) w--;
  return hinge__fail(err, HINGE_EPARSE, p->file, p->line, colof(p, k),
                     quality ? "unknown quality '%.*s' (expected dull, ache, tight, stiff, "
                               "sharp, stabbing, shooting, tingling, pins_and_needles, numb "
                               "or burning)"
                             : "unknown flag '%.*s' (expected saddle_numbness, bladder, "
                               "bowel, bilateral_legs, fever, night_pain or trauma)",
                     (int)(w - bad > 40 ? 40 : w - bad), s + bad);
}

/* ---- Adding records ------------------------------------------------------ */

static int push_soreness(hinge_logs *logs, const hinge_soreness_entry *e, hinge_error *err) {
  if (HINGE__GROW(logs->alloc, logs->sore, logs->capsore, logs->nsore + 1) != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  logs->sore[logs->nsore++] = *e;
  return HINGE_OK;
}

static int push_training(hinge_logs *logs, const hinge_training_entry *e, hinge_error *err) {
  if (HINGE__GROW(logs->alloc, logs->train, logs->captrain, logs->ntrain + 1) != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  logs->train[logs->ntrain++] = *e;
  return HINGE_OK;
}

int hinge_logs_add_soreness_fields(hinge_logs *logs, const char *const *fields,
                                   const long *cols, const char *file, long line,
                                   hinge_error *err) {
  hinge_soreness_entry e;
  rowpos p;
  int rc;
  if (logs == NULL || fields == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "soreness row: NULL argument");
  p.logs = logs;
  p.fields = fields;
  p.file = file;
  p.line = line;
  p.cols = cols;
  p.err = err;
  e.line = line;
  if ((rc = parse_date(&p, HINGE_SORENESS_DATE, &e.day)) ||
      (rc = parse_name(&p, HINGE_SORENESS_ATHLETE, "athlete", &e.athlete)) ||
      (rc = parse_region(&p, &e.region)) ||
      (rc = parse_number(&p, HINGE_SORENESS_SEVERITY, "severity", (range){0, 10, 1},
                         &e.severity)) ||
      (rc = parse_bits(&p, HINGE_SORENESS_QUALITY, 1, &e.quality)) ||
      (rc = parse_number(&p, HINGE_SORENESS_SLEEP_H, "sleep_h", (range){0, 24, 0}, &e.sleep_h)) ||
      (rc = parse_bits(&p, HINGE_SORENESS_FLAGS, 0, &e.flags)))
    return rc;
  return push_soreness(logs, &e, err);
}

int hinge__logs_training_row(hinge_logs *logs, const hinge__training_src *src,
                             hinge_error *err) {
  hinge_training_entry e;
  rowpos p;
  int rc;
  size_t n;
  p.logs = logs;
  p.fields = src->fields;
  p.file = src->file;
  p.line = src->line;
  p.cols = src->cols;
  p.err = err;
  e.line = src->line;
  e.session = src->session[0] ? hinge__spool_dup(&logs->pool, src->session,
                                                 strlen(src->session)) : "";
  if (e.session == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  if (!src->need_athlete && field(src->fields, HINGE_TRAINING_ATHLETE, &n)[0] == '\0')
    e.athlete = "";
  else if ((rc = parse_name(&p, HINGE_TRAINING_ATHLETE, "athlete", &e.athlete)))
    return rc;
  if ((rc = parse_date(&p, HINGE_TRAINING_DATE, &e.day)) ||
      (rc = parse_name(&p, HINGE_TRAINING_EXERCISE, "exercise", &e.exercise)) ||
      (rc = parse_number(&p, HINGE_TRAINING_SETS, "sets", (range){0, 1e4, 0}, &e.sets)) ||
      (rc = parse_number(&p, HINGE_TRAINING_REPS, "reps", (range){0, 1e5, 0}, &e.reps)) ||
      (rc = parse_number(&p, HINGE_TRAINING_LOAD_KG, "load_kg",
                         (range){0, 1e4 / src->load_scale, 0}, &e.load_kg)) ||
      (rc = parse_number(&p, HINGE_TRAINING_RPE, "rpe", (range){0, 10, 0}, &e.rpe)) ||
      (rc = parse_number(&p, HINGE_TRAINING_DURATION_MIN, "duration_min", (range){0, 1440, 0},
                         &e.duration_min)))
    return rc;
  e.load_kg *= src->load_scale;
  return push_training(logs, &e, err);
}

int hinge_logs_add_training_fields(hinge_logs *logs, const char *const *fields,
                                   const long *cols, const char *file, long line,
                                   hinge_error *err) {
  hinge__training_src src;
  if (logs == NULL || fields == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "training row: NULL argument");
  src.fields = fields;
  src.cols = cols;
  src.file = file;
  src.line = line;
  src.session = "";
  src.need_athlete = 1;
  src.load_scale = 1.0;
  return hinge__logs_training_row(logs, &src, err);
}

/* ---- Adding C structs: the same checks on the values --------------------- */

static int check_range(double v, double lo, double hi, int required, const char *name,
                       hinge_error *err) {
  if (isnan(v) && !required) return HINGE_OK;
  if (!(v >= lo && v <= hi))
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0, "%s %g is out of range (%g to %g)",
                       name, v, lo, hi);
  return HINGE_OK;
}

static int check_day(long day, hinge_error *err) {
  char buf[HINGE_DATE_BUF];
  if (day == HINGE_DAY_NONE || hinge_day_format(day, buf)[0] == '0')
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0, "date out of range (years 1000-9999)");
  return HINGE_OK;
}

static int copy_name(hinge_logs *logs, const char *s, int required, const char *what,
                     const char **out, hinge_error *err) {
  if (s == NULL || s[0] == '\0') {
    if (required) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "missing %s", what);
    s = "";
  }
  *out = hinge__logs_str(logs, s, strlen(s));
  return *out ? HINGE_OK : hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
}

int hinge_logs_add_soreness(hinge_logs *logs, const hinge_soreness_entry *e,
                            hinge_error *err) {
  hinge_soreness_entry c;
  char buf[64];
  size_t bad = 0;
  int rc;
  if (logs == NULL || e == NULL || e->region == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "soreness entry: NULL argument");
  c = *e;
  if ((rc = check_day(e->day, err)) ||
      (rc = check_range(e->severity, 0, 10, 1, "severity", err)) ||
      (rc = check_range(e->sleep_h, 0, 24, 0, "sleep_h", err)) ||
      (rc = copy_name(logs, e->athlete, 1, "athlete", &c.athlete, err)))
    return rc;
  if (normalize_region(e->region, strlen(e->region), buf, sizeof buf, &bad) != HINGE_OK)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "region '%s' is not a word", e->region);
  if ((rc = copy_name(logs, buf, 1, "region", &c.region, err))) return rc;
  c.quality &= HINGE_QUALITY_SORENESS | HINGE_QUALITY_SHARP_PAIN | HINGE_QUALITY_NERVE;
  return push_soreness(logs, &c, err);
}

int hinge_logs_add_training(hinge_logs *logs, const hinge_training_entry *e,
                            hinge_error *err) {
  hinge_training_entry c;
  int rc;
  if (logs == NULL || e == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "training entry: NULL argument");
  c = *e;
  if ((rc = check_day(e->day, err)) ||
      (rc = check_range(e->sets, 0, 1e4, 0, "sets", err)) ||
      (rc = check_range(e->reps, 0, 1e5, 0, "reps", err)) ||
      (rc = check_range(e->load_kg, 0, 1e4, 0, "load_kg", err)) ||
      (rc = check_range(e->rpe, 0, 10, 0, "rpe", err)) ||
      (rc = check_range(e->duration_min, 0, 1440, 0, "duration_min", err)) ||
      (rc = copy_name(logs, e->athlete, 0, "athlete", &c.athlete, err)) ||
      (rc = copy_name(logs, e->exercise, 1, "exercise", &c.exercise, err)) ||
      (rc = copy_name(logs, e->session, 0, "session", &c.session, err)))
    return rc;
  return push_training(logs, &c, err);
}

int hinge_logs_add_analysis(hinge_logs *logs, const hinge_analysis_entry *e,
                            hinge_error *err) {
  hinge_analysis_entry c;
  int rc;
  if (logs == NULL || e == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "analysis entry: NULL argument");
  c = *e;
  if ((rc = check_day(e->day, err)) ||
      (rc = copy_name(logs, e->athlete, 1, "athlete", &c.athlete, err)) ||
      (rc = copy_name(logs, e->file, 0, "file", &c.file, err)))
    return rc;
  if (c.lumbar_rounding_reps > c.reps || c.upper_back_rounding_reps > c.reps)
    return hinge__fail(err, HINGE_ERANGE, NULL, 0, 0, "more flagged reps than reps");
  if (HINGE__GROW(logs->alloc, logs->ana, logs->capana, logs->nana + 1) != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  logs->ana[logs->nana++] = c;
  return HINGE_OK;
}
