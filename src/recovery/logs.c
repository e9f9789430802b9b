/*
 * logs.c -- the hinge_logs container and the validation of every log
 * record, whatever its source (CSV file, Lua rows, C structs).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
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

int hinge__logs_warnf(hinge_logs *logs, const char *file, long line, long col,
                      const char *fmt, ...) {
  hinge_error e;
  va_list ap;
  va_start(ap, fmt);
  hinge__vfail(&e, HINGE_EPARSE, file, line, col, fmt, ap);
  va_end(ap);
  return hinge_logs_warn(logs, &e) == HINGE_OK ? HINGE_OK : HINGE_ENOMEM;
}

/* ---- Names and distances ------------------------------------------------- */

size_t hinge__edit_distance(const char *a, const char *b, size_t cap) {
  size_t row[64], i, j, na = strlen(a), nb = strlen(b), best;
  if (nb >= sizeof row / sizeof row[0] || na >= 64) return cap + 1;
  if ((na > nb ? na - nb : nb - na) > cap) return cap + 1;
  for (j = 0; j <= nb; j++) row[j] = j;
  for (i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    best = row[0];
    for (j = 1; j <= nb; j++) {
      size_t up = row[j], cost = tolower((unsigned char)a[i - 1]) !=
                                 tolower((unsigned char)b[j - 1]);
      size_t v = diag + cost;
      if (up + 1 < v) v = up + 1;
      if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
      row[j] = v;
      diag = up;
      if (v < best) best = v;
    }
    if (best > cap) return cap + 1;
  }
  return row[nb] > cap ? cap + 1 : row[nb];
}

/* The next character of a name for comparing: lower case, a run of
 * blanks as one space, trailing blanks as the end. */
static int name_next(const char **s) {
  int c = (unsigned char)**s;
  if (c == '\0') return 0;
  (*s)++;
  if (isspace(c)) {
    while (isspace((unsigned char)**s)) (*s)++;
    return **s == '\0' ? 0 : ' ';
  }
  return tolower(c);
}

int hinge__name_cmp(const char *a, const char *b) {
  while (isspace((unsigned char)*a)) a++;
  while (isspace((unsigned char)*b)) b++;
  for (;;) {
    int x = name_next(&a), y = name_next(&b);
    if (x != y) return x < y ? -1 : 1;
    if (x == 0) return 0;
  }
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

/* Normalise a region into buf: lower case, '_' for blanks and '-', then
 * an alias to its region (exercises.c); HINGE_EPARSE when a character is
 * not a letter, digit or '_'.  *known: whether hinge knows the region. */
static int normalize_region(const char *s, size_t n, char *buf, size_t size, int *known) {
  size_t i;
  const char *canon;
  if (n == 0 || n >= size) return HINGE_EPARSE;
  for (i = 0; i < n; i++) {
    char c = word_char(s[i]);
    if (!isalnum((unsigned char)c) && c != '_') return HINGE_EPARSE;
    buf[i] = c;
  }
  buf[n] = '\0';
  canon = hinge__region_canonical(buf);
  *known = canon != NULL;
  if (canon != NULL) memmove(buf, canon, strlen(canon) + 1);
  return HINGE_OK;
}

/* The warning for a region hinge does not know (kept as written). */
static int warn_region(hinge_logs *logs, const char *file, long line, long col,
                       const char *region) {
  return hinge__logs_warnf(logs, file, line, col,
                           "unknown region '%s' (closest known: '%s'): kept as '%s', but the "
                           "rules that tie soreness to the exercises loading a region cannot "
                           "use it; region names and aliases: docs/formats.md",
                           region, hinge__region_closest(region), region);
}

/* ---- Field validation --------------------------------------------------- */

/* The stage context of one record's fields: where they come from, where
 * strings go, where errors are told, and how bad cells are treated. */
typedef struct rowpos {
  hinge_logs *logs;
  const char *const *fields;
  const char *file;
  long line;
  const long *cols;
  hinge_error *err;
  int lenient;  /* a bad cell becomes a missing value with a warning */
  int comma;    /* a decimal comma is accepted */
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

/* Under lenient, the error in p->err about a cell becomes a warning
 * "... (left out)" and the cell a missing value: HINGE_OK.  Otherwise
 * (or out of memory) rc itself. */
static int left_out(const rowpos *p, int rc) {
  hinge_error w;
  size_t len;
  if (rc == HINGE_OK || !p->lenient || rc == HINGE_ENOMEM || p->err == NULL) return rc;
  w = *p->err;
  len = strlen(w.message);
  snprintf(w.message + len, sizeof w.message - len, " (left out)");
  if (hinge_logs_warn(p->logs, &w) != HINGE_OK)
    return hinge__fail(p->err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  hinge_error_clear(p->err);
  return HINGE_OK;
}

/* n bytes of s into buf as strtod reads them: a decimal comma becomes a
 * point when comma is set and the number holds one comma and no point. */
static void number_text(const char *s, size_t n, int comma, char *buf) {
  char *c;
  memcpy(buf, s, n);
  buf[n] = '\0';
  if (comma && (c = strchr(buf, ',')) != NULL && strchr(c + 1, ',') == NULL &&
      strchr(buf, '.') == NULL)
    *c = '.';
}

/* A finite number in [lo, hi]; empty gives NaN (or an error when required). */
static int parse_number(const rowpos *p, int k, const char *name, range rg, double *out) {
  hinge_error *err = p->err;
  double lo = rg.lo, hi = rg.hi;
  size_t n;
  const char *s = field(p->fields, k, &n);
  char buf[64], *end;
  *out = NAN;
  if (n == 0) {
    if (!rg.required) return HINGE_OK;
    return hinge__fail(err, HINGE_EPARSE, p->file, p->line, colof(p, k),
                       "missing %s", name);
  }
  if (n >= sizeof buf) goto bad;
  number_text(s, n, p->comma, buf);
  errno = 0;
  *out = strtod(buf, &end);
  if (end != buf + n || !isfinite(*out) || buf[0] == '+' || isspace((unsigned char)buf[0]))
    goto bad;
  if (*out < lo || *out > hi) {
    *out = NAN;
    return hinge__fail(err, HINGE_ERANGE, p->file, p->line, colof(p, k),
                       "%s %.*s is out of range (expected %g to %g)", name, (int)n, s, lo, hi);
  }
  return HINGE_OK;
bad:
  *out = NAN;
  return hinge__fail(err, HINGE_EPARSE, p->file, p->line, colof(p, k),
                     "%s '%.*s' is not a number", name, (int)(n > 40 ? 40 : n), s);
}

/* parse_number, a bad cell left out under lenient. */
static int soft_number(const rowpos *p, int k, const char *name, range rg, double *out) {
  return left_out(p, parse_number(p, k, name, rg, out));
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

/* The region, normalised; an unknown word is kept with a warning, a
 * missing or malformed one is an error ("unspecified" under lenient). */
static int parse_region(const rowpos *p, const char **out) {
  hinge_error *err = p->err;
  long col = colof(p, HINGE_SORENESS_REGION);
  size_t n;
  int known = 1, rc;
  char buf[64];
  const char *s = field(p->fields, HINGE_SORENESS_REGION, &n);
  if (n == 0)
    rc = hinge__fail(err, HINGE_EPARSE, p->file, p->line, col, "missing region");
  else if (normalize_region(s, n, buf, sizeof buf, &known) != HINGE_OK)
    rc = hinge__fail(err, HINGE_EPARSE, p->file, p->line, col,
                     "region '%.*s' is not a word (letters, digits, '_')",
                     (int)(n > 40 ? 40 : n), s);
  else rc = HINGE_OK;
  if (rc != HINGE_OK) {
    if ((rc = left_out(p, rc)) != HINGE_OK) return rc;
    strcpy(buf, "unspecified");
  } else if (!known && warn_region(p->logs, p->file, p->line, col, buf) != HINGE_OK) {
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  }
  *out = hinge__spool_dup(&p->logs->pool, buf, strlen(buf));
  return *out ? HINGE_OK : hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
}

/* The error for the unknown word at s (up to the next '|'). */
static int bad_word(const rowpos *p, int k, int quality, const char *s, size_t n) {
  size_t w;
  for (w = 0; w < n && s[w] != '|'; w++) continue;
  while (w > 0 && isspace((unsigned char)s[w - 1])) w--;
  return hinge__fail(p->err, HINGE_EPARSE, p->file, p->line, colof(p, k),
                     quality ? "unknown quality '%.*s' (expected dull, ache, tight, stiff, "
                               "sharp, stabbing, shooting, tingling, pins_and_needles, numb "
                               "or burning)"
                             : "unknown flag '%.*s' (expected saddle_numbness, bladder, "
                               "bowel, bilateral_legs, fever, night_pain, trauma or cleared)",
                     (int)(w > 40 ? 40 : w), s);
}

/* The words of a quality or flags cell; under lenient an unknown word is
 * left out with a warning and the known ones kept (a red flag next to a
 * misspelt word must not be lost). */
static int parse_bits(const rowpos *p, int k, int quality, unsigned *bits) {
  size_t n, off = 0;
  const char *s = field(p->fields, k, &n);
  *bits = 0;
  while (off <= n) {
    unsigned b = 0;
    size_t bad = 0;
    int rc = quality ? hinge_quality_parse(s + off, n - off, &b, &bad)
                     : hinge_flags_parse(s + off, n - off, &b, &bad);
    *bits |= b;
    if (rc == HINGE_OK) return HINGE_OK;
    off += bad;
    if ((rc = left_out(p, bad_word(p, k, quality, s + off, n - off))) != HINGE_OK) return rc;
    while (off < n && s[off] != '|') off++;
    off++; /* past the '|' (or the end: the loop ends) */
  }
  return HINGE_OK;
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

/* The file name of entries, shared by the entries of one file (the last
 * one stored is reused). */
static const char *entry_file(hinge_logs *logs, const char *file) {
  size_t i;
  if (file == NULL || file[0] == '\0') return "";
  for (i = logs->nsore; i-- > 0 && i + 8 > logs->nsore;)
    if (strcmp(logs->sore[i].file, file) == 0) return logs->sore[i].file;
  for (i = logs->ntrain; i-- > 0 && i + 8 > logs->ntrain;)
    if (strcmp(logs->train[i].file, file) == 0) return logs->train[i].file;
  return hinge__spool_dup(&logs->pool, file, strlen(file));
}

static void rowpos_init(rowpos *p, hinge_logs *logs, const hinge__training_src *src,
                        hinge_error *err) {
  p->logs = logs;
  p->fields = src->fields;
  p->file = src->file;
  p->line = src->line;
  p->cols = src->cols;
  p->err = err;
  p->lenient = src->lenient;
  p->comma = src->comma;
}

/* A soreness row kept under lenient needs one value a rule can read. */
static int usable_soreness(const rowpos *p, const hinge_soreness_entry *e) {
  if (!isnan(e->severity) || e->quality != 0 || e->flags != 0 || !isnan(e->sleep_h))
    return HINGE_OK;
  return hinge__fail(p->err, HINGE_EPARSE, p->file, p->line, 0,
                     "no usable value left (severity, quality, flags or sleep_h)");
}

int hinge__logs_soreness_row(hinge_logs *logs, const hinge__training_src *src,
                             hinge_error *err) {
  hinge_soreness_entry e;
  rowpos p;
  int rc;
  rowpos_init(&p, logs, src, err);
  e.line = src->line;
  if ((e.file = entry_file(logs, src->file)) == NULL)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  if ((rc = parse_date(&p, HINGE_SORENESS_DATE, &e.day)) ||
      (rc = parse_name(&p, HINGE_SORENESS_ATHLETE, "athlete", &e.athlete)) ||
      (rc = parse_region(&p, &e.region)) ||
      (rc = soft_number(&p, HINGE_SORENESS_SEVERITY, "severity", (range){0, 10, 1},
                        &e.severity)) ||
      (rc = parse_bits(&p, HINGE_SORENESS_QUALITY, 1, &e.quality)) ||
      (rc = soft_number(&p, HINGE_SORENESS_SLEEP_H, "sleep_h", (range){0, 24, 0}, &e.sleep_h)) ||
      (rc = parse_bits(&p, HINGE_SORENESS_FLAGS, 0, &e.flags)) ||
      (rc = usable_soreness(&p, &e)))
    return rc;
  return push_soreness(logs, &e, err);
}

static void src_init(hinge__training_src *src, const char *const *fields, const long *cols,
                     const char *file, long line, const hinge_log_options *opts) {
  memset(src, 0, sizeof *src);
  src->fields = fields;
  src->cols = cols;
  src->file = file;
  src->line = line;
  src->session = "";
  src->need_athlete = 1;
  src->load_scale = 1.0;
  src->lenient = opts != NULL && opts->lenient;
}

int hinge_logs_add_soreness_fields_opts(hinge_logs *logs, const char *const *fields,
                                        const long *cols, const char *file, long line,
                                        const hinge_log_options *opts, hinge_error *err) {
  hinge__training_src src;
  if (logs == NULL || fields == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "soreness row: NULL argument");
  src_init(&src, fields, cols, file, line, opts);
  return hinge__logs_soreness_row(logs, &src, err);
}

int hinge_logs_add_soreness_fields(hinge_logs *logs, const char *const *fields,
                                   const long *cols, const char *file, long line,
                                   hinge_error *err) {
  return hinge_logs_add_soreness_fields_opts(logs, fields, cols, file, line, NULL, err);
}

int hinge__logs_training_row(hinge_logs *logs, const hinge__training_src *src,
                             hinge_error *err) {
  hinge_training_entry e;
  rowpos p;
  int rc;
  size_t n;
  rowpos_init(&p, logs, src, err);
  e.line = src->line;
  e.session = src->session[0] ? hinge__spool_dup(&logs->pool, src->session,
                                                 strlen(src->session)) : "";
  e.file = entry_file(logs, src->file);
  if (e.session == NULL || e.file == NULL)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
  if (!src->need_athlete && field(src->fields, HINGE_TRAINING_ATHLETE, &n)[0] == '\0')
    e.athlete = "";
  else if ((rc = parse_name(&p, HINGE_TRAINING_ATHLETE, "athlete", &e.athlete)))
    return rc;
  if ((rc = parse_date(&p, HINGE_TRAINING_DATE, &e.day)) ||
      (rc = parse_name(&p, HINGE_TRAINING_EXERCISE, "exercise", &e.exercise)) ||
      (rc = soft_number(&p, HINGE_TRAINING_SETS, "sets", (range){0, 1e4, 0}, &e.sets)) ||
      (rc = soft_number(&p, HINGE_TRAINING_REPS, "reps", (range){0, 1e5, 0}, &e.reps)) ||
      (rc = soft_number(&p, HINGE_TRAINING_LOAD_KG, "load_kg",
                        (range){0, 1e4 / src->load_scale, 0}, &e.load_kg)) ||
      (rc = soft_number(&p, HINGE_TRAINING_RPE, "rpe", (range){0, 10, 0}, &e.rpe)) ||
      (rc = soft_number(&p, HINGE_TRAINING_DURATION_MIN, "duration_min", (range){0, 1440, 0},
                        &e.duration_min)))
    return rc;
  e.load_kg *= src->load_scale;
  return push_training(logs, &e, err);
}

int hinge_logs_add_training_fields_opts(hinge_logs *logs, const char *const *fields,
                                        const long *cols, const char *file, long line,
                                        const hinge_log_options *opts, hinge_error *err) {
  hinge__training_src src;
  if (logs == NULL || fields == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "training row: NULL argument");
  src_init(&src, fields, cols, file, line, opts);
  return hinge__logs_training_row(logs, &src, err);
}

int hinge_logs_add_training_fields(hinge_logs *logs, const char *const *fields,
                                   const long *cols, const char *file, long line,
                                   hinge_error *err) {
  return hinge_logs_add_training_fields_opts(logs, fields, cols, file, line, NULL, err);
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
  int rc, known = 1;
  if (logs == NULL || e == NULL || e->region == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "soreness entry: NULL argument");
  c = *e;
  c.file = "";
  if ((rc = check_day(e->day, err)) ||
      (rc = check_range(e->severity, 0, 10, 1, "severity", err)) ||
      (rc = check_range(e->sleep_h, 0, 24, 0, "sleep_h", err)) ||
      (rc = copy_name(logs, e->athlete, 1, "athlete", &c.athlete, err)))
    return rc;
  if (normalize_region(e->region, strlen(e->region), buf, sizeof buf, &known) != HINGE_OK)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "region '%s' is not a word", e->region);
  if ((rc = copy_name(logs, buf, 1, "region", &c.region, err))) return rc;
  if (!known && warn_region(logs, NULL, e->line, 0, buf) != HINGE_OK)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "out of memory");
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
  c.file = "";
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
