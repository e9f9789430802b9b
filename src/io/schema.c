/*
 * schema.c -- what each column of a session export is: roles matched by
 * name (aliases and unit suffixes, docs/formats.md) or by an explicit
 * mapping, units, conversion kinds; metadata from the file name.
 */
#include <math.h>
#include <string.h>

#include "csv_internal.h"
#include "base/internal.h"
#include "parse/isotime.h"
#include "parse/numparse.h"
#include "table_internal.h"

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

int hinge__normalize_name(const char *s, size_t len, char *out, size_t outsize) {
  size_t i, n = 0;
  int gap = 0;
  for (i = 0; i < len; i++) {
    int c = lower((unsigned char)s[i]);
    int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum) {
      gap = n > 0;
      continue;
    }
    if (n + gap + 2 > outsize) return 0;
    if (gap) out[n++] = '_';
    out[n++] = (char)c;
    gap = 0;
  }
  out[n] = '\0';
  return 1;
}

/* ---- aliases ---- */

typedef struct alias {
  const char *base;  /* normalised name without a unit suffix */
  int role;
  int unit;          /* the unit when the name has no suffix */
} alias;

static const alias aliases[] = {
  {"time", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"t", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"elapsed", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"elapsed_time", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"seconds", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"milliseconds", HINGE_ROLE_TIME, HINGE_UNIT_MS},
  {"timestamp", HINGE_ROLE_TIME, HINGE_UNIT_ISO8601},
  {"time_stamp", HINGE_ROLE_TIME, HINGE_UNIT_ISO8601},
  {"datetime", HINGE_ROLE_TIME, HINGE_UNIT_ISO8601},
  {"date_time", HINGE_ROLE_TIME, HINGE_UNIT_ISO8601},
  /* Epoch times: seconds unless the name or the size says otherwise
   * (table_load.c, epoch_scale). */
  {"epoch", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"epoch_time", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"unix_time", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"unixtime", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"unix_timestamp", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"posix_time", HINGE_ROLE_TIME, HINGE_UNIT_S},
  {"hip", HINGE_ROLE_HIP, HINGE_UNIT_DEG},
  {"hip_flexion", HINGE_ROLE_HIP, HINGE_UNIT_DEG},
  {"hip_flex", HINGE_ROLE_HIP, HINGE_UNIT_DEG},
  {"hip_angle", HINGE_ROLE_HIP, HINGE_UNIT_DEG},
  {"thoracic", HINGE_ROLE_THORACIC, HINGE_UNIT_DEG},
  {"thoracic_flexion", HINGE_ROLE_THORACIC, HINGE_UNIT_DEG},
  {"thoracic_flex", HINGE_ROLE_THORACIC, HINGE_UNIT_DEG},
  {"thoracic_angle", HINGE_ROLE_THORACIC, HINGE_UNIT_DEG},
  {"upper_back", HINGE_ROLE_THORACIC, HINGE_UNIT_DEG},
  {"t_spine", HINGE_ROLE_THORACIC, HINGE_UNIT_DEG},
  {"tspine", HINGE_ROLE_THORACIC, HINGE_UNIT_DEG},
  {"lumbar", HINGE_ROLE_LUMBAR, HINGE_UNIT_DEG},
  {"lumbar_flexion", HINGE_ROLE_LUMBAR, HINGE_UNIT_DEG},
  {"lumbar_flex", HINGE_ROLE_LUMBAR, HINGE_UNIT_DEG},
  {"lumbar_angle", HINGE_ROLE_LUMBAR, HINGE_UNIT_DEG},
  {"lower_back", HINGE_ROLE_LUMBAR, HINGE_UNIT_DEG},
  {"l_spine", HINGE_ROLE_LUMBAR, HINGE_UNIT_DEG},
  {"lspine", HINGE_ROLE_LUMBAR, HINGE_UNIT_DEG},
  {"knee", HINGE_ROLE_KNEE, HINGE_UNIT_DEG},
  {"knee_flexion", HINGE_ROLE_KNEE, HINGE_UNIT_DEG},
  {"knee_angle", HINGE_ROLE_KNEE, HINGE_UNIT_DEG},
  {"shin", HINGE_ROLE_SHIN, HINGE_UNIT_DEG},
  {"shin_angle", HINGE_ROLE_SHIN, HINGE_UNIT_DEG},
  {"shank", HINGE_ROLE_SHIN, HINGE_UNIT_DEG},
  {"trunk", HINGE_ROLE_TRUNK, HINGE_UNIT_DEG},
  {"trunk_angle", HINGE_ROLE_TRUNK, HINGE_UNIT_DEG},
  {"trunk_inclination", HINGE_ROLE_TRUNK, HINGE_UNIT_DEG},
  {"torso", HINGE_ROLE_TRUNK, HINGE_UNIT_DEG},
  {"athlete", HINGE_ROLE_ATHLETE, HINGE_UNIT_TEXT},
  {"lifter", HINGE_ROLE_ATHLETE, HINGE_UNIT_TEXT},
  {"date", HINGE_ROLE_DATE, HINGE_UNIT_TEXT},
  {"session_date", HINGE_ROLE_DATE, HINGE_UNIT_TEXT},
  {"set", HINGE_ROLE_SET, HINGE_UNIT_TEXT},
  {"set_number", HINGE_ROLE_SET, HINGE_UNIT_TEXT},
  {"load", HINGE_ROLE_LOAD, HINGE_UNIT_KG},
  {"bar_load", HINGE_ROLE_LOAD, HINGE_UNIT_KG},
  {"weight", HINGE_ROLE_LOAD, HINGE_UNIT_KG},
  {"exercise", HINGE_ROLE_EXERCISE, HINGE_UNIT_TEXT},
  {"lift", HINGE_ROLE_EXERCISE, HINGE_UNIT_TEXT},
  {NULL, 0, 0}
};

typedef struct suffix {
  const char *word;
  int unit;
} suffix;

static const suffix suffixes[] = {
  {"s", HINGE_UNIT_S}, {"sec", HINGE_UNIT_S}, {"secs", HINGE_UNIT_S},
  {"seconds", HINGE_UNIT_S}, {"ms", HINGE_UNIT_MS}, {"msec", HINGE_UNIT_MS},
  {"millis", HINGE_UNIT_MS}, {"milliseconds", HINGE_UNIT_MS},
  {"us", HINGE_UNIT_US}, {"usec", HINGE_UNIT_US}, {"micros", HINGE_UNIT_US},
  {"microseconds", HINGE_UNIT_US}, {"ns", HINGE_UNIT_NS}, {"nsec", HINGE_UNIT_NS},
  {"nanos", HINGE_UNIT_NS}, {"nanoseconds", HINGE_UNIT_NS},
  {"deg", HINGE_UNIT_DEG}, {"degs", HINGE_UNIT_DEG}, {"degree", HINGE_UNIT_DEG},
  {"degrees", HINGE_UNIT_DEG}, {"rad", HINGE_UNIT_RAD}, {"rads", HINGE_UNIT_RAD},
  {"radian", HINGE_UNIT_RAD}, {"radians", HINGE_UNIT_RAD}, {"kg", HINGE_UNIT_KG},
  {NULL, 0}
};

static const alias *find_alias(const char *base) {
  const alias *a;
  for (a = aliases; a->base != NULL; a++)
    if (strcmp(a->base, base) == 0) return a;
  return NULL;
}

/* The unit named by a normalised suffix, or -1. */
static int find_suffix(const char *word) {
  const suffix *s;
  for (s = suffixes; s->word != NULL; s++)
    if (strcmp(s->word, word) == 0) return s->unit;
  return -1;
}

/* Whether a column of role may be in unit. */
static int unit_fits(int role, int unit) {
  if (role == HINGE_ROLE_TIME)
    return unit == HINGE_UNIT_S || unit == HINGE_UNIT_MS || unit == HINGE_UNIT_US ||
           unit == HINGE_UNIT_NS;
  if (role >= HINGE_ROLE_HIP && role <= HINGE_ROLE_TRUNK)
    return unit == HINGE_UNIT_DEG || unit == HINGE_UNIT_RAD;
  if (role == HINGE_ROLE_LOAD) return unit == HINGE_UNIT_KG;
  return 0; /* text metadata takes no unit suffix */
}

/* Whether a header name ends in a unit suffix (time_ms, hip_rad). */
static int names_unit(const char *name) {
  char norm[128];
  const char *us;
  if (!hinge__normalize_name(name, strlen(name), norm, sizeof norm)) return 0;
  if (find_alias(norm) != NULL) return strcmp(norm, "milliseconds") == 0;
  us = strrchr(norm, '_');
  return us != NULL && find_suffix(us + 1) >= 0;
}

/* Role and unit of a header name by the alias rules; role NONE when the
 * name is not one of them.  *unit is the suffix's unit (or NONE). */
static int match_name(const char *name, int *unit) {
  char norm[128];
  const alias *a;
  char *us;
  *unit = HINGE_UNIT_NONE;
  if (!hinge__normalize_name(name, strlen(name), norm, sizeof norm) || !norm[0])
    return HINGE_ROLE_NONE;
  if ((a = find_alias(norm)) != NULL) {
    *unit = a->unit;
    return a->role;
  }
  us = strrchr(norm, '_');
  if (us == NULL || (*unit = find_suffix(us + 1)) < 0) {
    *unit = HINGE_UNIT_NONE;
    return HINGE_ROLE_NONE;
  }
  *us = '\0';
  if ((a = find_alias(norm)) != NULL && unit_fits(a->role, *unit)) return a->role;
  /* A known unit on an unknown name: kept for information only. */
  return HINGE_ROLE_NONE;
}

/* ---- explicit mapping ---- */

/* The column for a mapping: exact name, then case-insensitive, then
 * normalised; -1 if none. */
static long find_column(const hinge_table *t, const char *want) {
  char a[128], b[128];
  size_t i;
  for (i = 0; i < t->ncols; i++)
    if (strcmp(t->cols[i].name, want) == 0) return (long)i;
  for (i = 0; i < t->ncols; i++)
    if (hinge__ascii_ieq(t->cols[i].name, want)) return (long)i;
  if (!hinge__normalize_name(want, strlen(want), a, sizeof a) || !a[0]) return -1;
  for (i = 0; i < t->ncols; i++)
    if (hinge__normalize_name(t->cols[i].name, strlen(t->cols[i].name), b, sizeof b) &&
        strcmp(a, b) == 0)
      return (long)i;
  return -1;
}

/* The default unit of a role when a mapped column's name has no suffix. */
static int role_unit(int role) {
  if (role == HINGE_ROLE_TIME) return HINGE_UNIT_S;
  if (role >= HINGE_ROLE_HIP && role <= HINGE_ROLE_TRUNK) return HINGE_UNIT_DEG;
  if (role == HINGE_ROLE_LOAD) return HINGE_UNIT_KG;
  return HINGE_UNIT_TEXT;
}

static void set_role(hinge_table *t, size_t ci, int role, int unit, int mapped) {
  t->cols[ci].info.role = role;
  t->cols[ci].info.unit = unit;
  t->cols[ci].info.mapped = mapped;
  t->role_col[role] = (long)ci;
}

static int apply_map(hinge_table *t, const hinge_role_map *m, long hline, hinge_error *err) {
  long ci;
  int unit;
  if (m->role <= HINGE_ROLE_NONE || m->role >= HINGE_ROLE_COUNT || m->column == NULL)
    return hinge__fail(err, HINGE_EINVAL, t->file, 0, 0, "mapping: unknown role %d", m->role);
  if (m->negate && !(HINGE_ROLES_ANGLES & HINGE_ROLE_BIT(m->role)))
    return hinge__fail(err, HINGE_EINVAL, t->file, 0, 0,
                       "mapping: only an angle column can be inverted, not %s (%s=-%s)",
                       hinge_role_name(m->role), hinge_role_name(m->role), m->column);
  if (t->role_col[m->role] >= 0)
    return hinge__fail(err, HINGE_EINVAL, t->file, 0, 0, "mapping: role '%s' mapped twice",
                       hinge_role_name(m->role));
  ci = find_column(t, m->column);
  if (ci < 0)
    return hinge__fail(err, HINGE_ESCHEMA, t->file, hline, 0,
                       "no column '%s' for the mapping %s=%s", m->column,
                       hinge_role_name(m->role), m->column);
  if (t->cols[ci].info.role != HINGE_ROLE_NONE)
    return hinge__fail(err, HINGE_EINVAL, t->file, hline, ci + 1,
                       "mapping: column '%s' mapped to both %s and %s", t->cols[ci].name,
                       hinge_role_name(t->cols[ci].info.role), hinge_role_name(m->role));
  /* A time column called "timestamp" stays ISO 8601 even when mapped. */
  if (match_name(t->cols[ci].name, &unit) != m->role && !unit_fits(m->role, unit))
    unit = role_unit(m->role);
  set_role(t, (size_t)ci, m->role, unit, 1);
  t->cols[ci].unit_named = names_unit(t->cols[ci].name);
  t->cols[ci].info.inverted = m->negate != 0; /* the loader negates it (table_load.c) */
  return HINGE_OK;
}

/* A reader's known column (hinge__csv_profile.roles): like a mapping,
 * but a column the file lacks or the user mapped is passed over, and role
 * NONE means "not loaded, quietly" (a text column nobody needs). */
static void reader_role(hinge_table *t, const hinge_role_map *m) {
  long ci = m->column != NULL ? find_column(t, m->column) : -1;
  int unit;
  if (ci < 0 || t->cols[ci].info.role != HINGE_ROLE_NONE || t->cols[ci].quiet) return;
  if (m->role <= HINGE_ROLE_NONE || m->role >= HINGE_ROLE_COUNT) {
    t->cols[ci].quiet = 1;
    return;
  }
  if (t->role_col[m->role] >= 0) return;
  if (match_name(t->cols[ci].name, &unit) != m->role && !unit_fits(m->role, unit))
    unit = role_unit(m->role);
  set_role(t, (size_t)ci, m->role, unit, 0);
  t->cols[ci].unit_named = names_unit(t->cols[ci].name);
}

/* ---- the whole header ---- */

static int auto_match(hinge_table *t, long hline, int raw, hinge_error *err) {
  size_t i;
  for (i = 0; i < t->ncols; i++) {
    hinge__col *c = &t->cols[i];
    int unit, role;
    if (c->info.role != HINGE_ROLE_NONE || c->quiet) continue; /* mapped, or a reader's */
    role = match_name(c->name, &unit);
    c->info.unit = unit;
    if (raw && role != HINGE_ROLE_TIME) { /* a reader's raw columns (reader.h) */
      /* numbers until text demotes them: not the text unit of a metadata
       * name ("set_number") whose role a raw column does not take */
      if (unit == HINGE_UNIT_TEXT) c->info.unit = HINGE_UNIT_NONE;
      c->unit_named = names_unit(c->name); /* "(deg)": numbers, never demoted to text */
      continue;
    }
    if (role == HINGE_ROLE_NONE) continue;
    if (t->role_col[role] >= 0 && t->cols[t->role_col[role]].info.mapped) continue;
    if (t->role_col[role] >= 0)
      return hinge__fail(err, HINGE_ESCHEMA, t->file, hline, (long)i + 1,
                         "columns '%s' and '%s' both look like the %s column; choose one "
                         "with a mapping (--map %s=COLUMN)",
                         t->cols[t->role_col[role]].name, c->name, hinge_role_name(role),
                         hinge_role_name(role));
    set_role(t, i, role, unit, 0);
    c->unit_named = names_unit(c->name);
  }
  return HINGE_OK;
}

static void set_kinds(hinge_table *t) {
  size_t i;
  for (i = 0; i < t->ncols; i++) {
    hinge__col *c = &t->cols[i];
    int r = c->info.role;
    if (r == HINGE_ROLE_TIME && c->info.unit == HINGE_UNIT_ISO8601) c->kind = HINGE__K_ISO;
    else if (r >= HINGE_ROLE_ATHLETE && r != HINGE_ROLE_LOAD && r != HINGE_ROLE_SET)
      c->kind = HINGE__K_META;
    else c->kind = HINGE__K_NUMBER;
    if (c->kind == HINGE__K_META) c->info.unit = HINGE_UNIT_TEXT;
    if (r == HINGE_ROLE_SET) c->info.unit = HINGE_UNIT_NONE;
    /* A set column is numbers per row (several sets in one file) until a
     * cell holds text ("warm-up"): then it becomes the text label. */
    c->demotable = (r == HINGE_ROLE_NONE && !c->unit_named) || r == HINGE_ROLE_SET;
    if (c->quiet) {
      c->kind = HINGE__K_IGNORE;
      c->info.unit = HINGE_UNIT_TEXT;
      c->demotable = 0;
    }
  }
}

int hinge__schema_check_required(hinge_table *t, const hinge_load_options *o, long hline,
                                 hinge_error *err) {
  unsigned need = o->require;
  int r, any_angle = 0;
  if (need == 0 && !(o->fs > 0) && t->role_col[HINGE_ROLE_TIME] < 0)
    return hinge__fail(err, HINGE_ESCHEMA, t->file, hline, 0,
                       "no time column: expected time_s, time_ms or timestamp (or a mapping "
                       "--map time=COLUMN, or the sample rate --fs HZ)");
  for (r = HINGE_ROLE_HIP; r <= HINGE_ROLE_TRUNK; r++) any_angle |= t->role_col[r] >= 0;
  if (need == 0 && !any_angle)
    return hinge__fail(err, HINGE_ESCHEMA, t->file, hline, 0,
                       "no angle column: expected one of hip_deg, thoracic_deg, lumbar_deg, "
                       "knee_deg, shin_deg, trunk_deg (or a mapping such as --map "
                       "lumbar=COLUMN)");
  for (r = 1; r < HINGE_ROLE_COUNT; r++) {
    if (!(need & HINGE_ROLE_BIT(r)) || t->role_col[r] >= 0) continue;
    if (r == HINGE_ROLE_TIME && o->fs > 0) continue;
    return hinge__fail(err, HINGE_ESCHEMA, t->file, hline, 0,
                       "missing the required %s column (see docs/formats.md for the names, "
                       "or map one: --map %s=COLUMN)",
                       hinge_role_name(r), hinge_role_name(r));
  }
  return HINGE_OK;
}

/* A refused warning fails the load (never a load without it). */
static int warn_duplicates(hinge_table *t, long hline, hinge_error *err) {
  size_t i, j;
  for (i = 1; i < t->ncols; i++)
    for (j = 0; j < i; j++)
      if (strcmp(t->cols[i].name, t->cols[j].name) == 0) {
        if (hinge__table_warn(t, "duplicate_column", hline, (long)i + 1,
                              "columns %lu and %lu are both called '%s'; lookups by name find "
                              "the first", (unsigned long)j + 1, (unsigned long)i + 1,
                              t->cols[i].name) != HINGE_OK)
          return hinge__fail(err, HINGE_ENOMEM, t->file, hline, (long)i + 1, "out of memory");
        break;
      }
  return HINGE_OK;
}

int hinge__schema_build(hinge_table *t, const hinge_csv_row *h, const hinge_load_options *o,
                        hinge_error *err) {
  size_t i;
  int rc;
  t->cols = hinge__calloc(t->alloc, h->nfields, sizeof *t->cols);
  if (t->cols == NULL) return hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
  t->ncols = h->nfields;
  for (i = 0; i < h->nfields; i++) {
    if (hinge__table_setstr(t, &t->cols[i].name, h->fields[i], h->lengths[i]) != HINGE_OK)
      return hinge__fail(err, HINGE_ENOMEM, t->file, 0, 0, "out of memory");
    t->cols[i].info.name = t->cols[i].name;
  }
  for (i = 0; i < o->nmap; i++)
    if ((rc = apply_map(t, &o->map[i], h->line, err)) != HINGE_OK) return rc;
  for (i = 0; i < t->nreader_roles; i++) reader_role(t, &t->reader_roles[i]);
  if ((rc = auto_match(t, h->line, (o->flags & HINGE__LOAD_RAW) != 0, err)) != HINGE_OK)
    return rc;
  set_kinds(t);
  if ((rc = warn_duplicates(t, h->line, err)) != HINGE_OK) return rc;
  if (o->flags & HINGE__LOAD_PROFILE) return HINGE_OK; /* the reader finishes (reader.h) */
  return hinge__schema_check_required(t, o, h->line, err);
}

/* ---- metadata from the file name ---- */

static int set_meta(hinge_table *t, int slot, const char *s, size_t len) {
  const char **dst[4];
  dst[0] = &t->meta.athlete;
  dst[1] = &t->meta.date;
  dst[2] = &t->meta.set;
  dst[3] = &t->meta.exercise;
  if (hinge__table_setstr(t, &t->meta_store[slot], s, len) != HINGE_OK) return HINGE_ENOMEM;
  *dst[slot] = t->meta_store[slot];
  return HINGE_OK;
}

/* "set" followed by digits in [s, s+len): the digits, else NULL. */
static const char *find_set(const char *s, size_t len, size_t *n) {
  size_t i;
  for (i = 0; i + 3 < len; i++) {
    if (lower((unsigned char)s[i]) == 's' && lower((unsigned char)s[i + 1]) == 'e' &&
        lower((unsigned char)s[i + 2]) == 't' && s[i + 3] >= '0' && s[i + 3] <= '9') {
      for (*n = 0; i + 3 + *n < len && s[i + 3 + *n] >= '0' && s[i + 3 + *n] <= '9'; (*n)++) {}
      return s + i + 3;
    }
  }
  return NULL;
}

int hinge__meta_from_filename(hinge_table *t) {
  const char *base = strrchr(t->file, '/'), *ath, *rest, *dot, *set;
  size_t n, len;
  base = base ? base + 1 : t->file;
  dot = strrchr(base, '.');
  len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
  if (len < 12 || base[10] != '_' || !hinge__iso_date(base, 10, NULL, NULL, NULL))
    return HINGE_OK;
  ath = base + 11;
  for (rest = ath; rest < base + len && *rest != '_'; rest++) {}
  if (rest == ath) return HINGE_OK;
  if (t->meta.date == NULL) {
    if (set_meta(t, 1, base, 10) != HINGE_OK) return HINGE_ENOMEM;
    t->meta.date_from = "file name";
  }
  if (t->meta.athlete == NULL) {
    if (set_meta(t, 0, ath, (size_t)(rest - ath)) != HINGE_OK) return HINGE_ENOMEM;
    t->meta.athlete_from = "file name";
  }
  if (t->meta.set == NULL && (set = find_set(rest, (size_t)(base + len - rest), &n)) != NULL &&
      set_meta(t, 2, set, n) != HINGE_OK)
    return HINGE_ENOMEM;
  return HINGE_OK;
}

/* ---- the lines above the header ---- */

#define PRESCAN_LINES 100 /* lines looked at for a header */
#define MAX_META_LINES 64 /* metadata lines kept */
#define DATA_IDX 32       /* known columns whose cells the next line is checked at */

/* A physical line of the window. */
typedef struct pline {
  const char *p;
  size_t n;      /* text bytes */
  size_t next;   /* offset of the next line */
  int term;      /* 1 LF, 2 CRLF, 3 CR, 0 none (the end) */
} pline;

/* The line at off: 1, or 0 when there is none or it may go on past the
 * window. */
static int get_line(const hinge__prescan *ps, size_t off, pline *l) {
  const char *s = ps->data + off, *end = ps->data + ps->len, *q = s;
  if (off >= ps->len) return 0;
  while (q < end && *q != '\n' && *q != '\r') q++;
  l->p = s;
  l->n = (size_t)(q - s);
  if (q == end) {
    if (!ps->eof) return 0;
    l->term = 0;
    l->next = ps->len;
  } else if (*q == '\r' && q + 1 == end && !ps->eof) {
    return 0;
  } else {
    l->term = *q == '\n' ? 1 : (q + 1 < end && q[1] == '\n') ? 2 : 3;
    l->next = (size_t)(q - ps->data) + (l->term == 2 ? 2 : 1);
  }
  return 1;
}

/* Blank, or only separators, spaces and tabs (",,,", ";;;"). */
static int empty_text(const char *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (p[i] != ' ' && p[i] != '\t' && p[i] != ',' && p[i] != ';') return 0;
  return 1;
}

/* Cells of a line, one at a time: quotes removed ("" is a quote), spaces
 * around trimmed, cut to the buffer. */
typedef struct cellit {
  const char *p, *end;
  char delim;
  int done;
} cellit;

static int next_cell(cellit *it, char *buf, size_t size, size_t *len) {
  int quoted = 0;
  size_t n = 0;
  if (it->done) return 0;
  while (it->p < it->end && (*it->p == ' ' || *it->p == '\t') && *it->p != it->delim) it->p++;
  for (; it->p < it->end; it->p++) {
    char c = *it->p;
    if (c == '"' && quoted && it->p + 1 < it->end && it->p[1] == '"') it->p++;
    else if (c == '"') {
      quoted = !quoted;
      continue;
    } else if (c == it->delim && !quoted) break;
    if (n + 1 < size) buf[n++] = c;
  }
  if (it->p < it->end) it->p++; /* the delimiter */
  else it->done = 1;
  while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t')) n--;
  buf[n] = '\0';
  *len = n;
  return 1;
}

static int names_mapped(const char *cell, const hinge_load_options *o) {
  char a[128], b[128];
  size_t k;
  for (k = 0; k < o->nmap; k++) {
    const char *m = o->map[k].column;
    if (m == NULL) continue;
    if (hinge__ascii_ieq(cell, m)) return 1;
    if (hinge__normalize_name(cell, strlen(cell), a, sizeof a) && a[0] &&
        hinge__normalize_name(m, strlen(m), b, sizeof b) && strcmp(a, b) == 0)
      return 1;
  }
  return 0;
}

/* The cells of a header candidate that name a time or angle column (or a
 * mapped one): their indices into idx; returns how many. */
static size_t data_cells(const pline *l, char delim, const hinge_load_options *o, size_t *idx) {
  cellit it;
  char cell[128];
  size_t len, i = 0, k = 0;
  int unit, role;
  it.p = l->p;
  it.end = l->p + l->n;
  it.delim = delim;
  it.done = 0;
  for (; next_cell(&it, cell, sizeof cell, &len); i++) {
    role = match_name(cell, &unit);
    if ((role < HINGE_ROLE_TIME || role > HINGE_ROLE_TRUNK) && !names_mapped(cell, o)) continue;
    if (k < DATA_IDX) idx[k++] = i;
  }
  return k;
}

/* Whether the line has a number or an ISO 8601 time in one of the cells
 * idx[0..k). */
static int numeric_at(const pline *l, char delim, const size_t *idx, size_t k) {
  cellit it;
  char cell[128], mark;
  size_t len, i, j;
  double v;
  long long sec;
  it.p = l->p;
  it.end = l->p + l->n;
  it.delim = delim;
  it.done = 0;
  for (i = 0; next_cell(&it, cell, sizeof cell, &len); i++)
    for (j = 0; j < k; j++)
      if (idx[j] == i && (hinge__num_parse(cell, len, delim != ',', &v, &mark, NULL) ==
                              HINGE__NUM_OK ||
                          hinge__iso8601(cell, len, &sec, &v)))
        return 1;
  return 0;
}

/* The next line at or after off that is not blank or separators only. */
static int next_content(const hinge__prescan *ps, size_t off, pline *l) {
  while (get_line(ps, off, l)) {
    if (!empty_text(l->p, l->n)) return 1;
    off = l->next;
  }
  return 0;
}

/* ---- reading a metadata line ---- */

static const char *const rate_keys[] = {
  "sample_rate", "sampling_rate", "sample_frequency", "sampling_frequency", "sample_freq",
  "sampling_freq", "samplerate", "samplingrate", "frequency", "freq", "fs", "rate",
  "output_rate", "data_rate", "odr", "frame_rate", "fps", NULL};
static const char *const athlete_keys[] = {
  "subject", "subject_name", "athlete", "athlete_name", "name", "participant", "user",
  "user_name", "username", "lifter", "patient", "person", "client", NULL};
static const char *const date_keys[] = {
  "date", "session_date", "recording_date", "recorded", "recorded_on", "measurement_date",
  "test_date", "start_date", "start", "start_time", "started", "recording_start",
  "date_time", "datetime", "created", "timestamp", NULL};
static const char *const exercise_keys[] = {"exercise", "lift", "movement", NULL};
static const char *const set_keys[] = {"set", "set_number", NULL};
static const char *const load_keys[] = {"load", "load_kg", "weight", "weight_kg", "bar_load",
                                        "bar_weight", NULL};

static int in_list(const char *const *list, const char *w) {
  for (; *list != NULL; list++)
    if (strcmp(*list, w) == 0) return 1;
  return 0;
}

/* A number at the start of v followed only by one of the units (or
 * nothing): 1 with *x scaled by the unit's factor. */
static int number_unit(const char *v, char delim, const char *const *units,
                       const double *factor, double *x) {
  size_t n = 0, len = strlen(v), k;
  const char *rest;
  char mark;
  while (n < len && strchr("0123456789.+-eE", v[n]) != NULL) n++;
  if (delim != ',')
    while (n < len && strchr("0123456789.,+-eE", v[n]) != NULL) n++;
  if (n == 0 || hinge__num_parse(v, n, delim != ',', x, &mark, NULL) != HINGE__NUM_OK)
    return 0;
  for (rest = v + n; *rest == ' '; rest++) {}
  if (*rest == '\0') return 1;
  for (k = 0; units[k] != NULL; k++)
    if (hinge__ascii_ieq(rest, units[k])) {
      *x *= factor[k];
      return 1;
    }
  return 0;
}

/* The date a value starts with (YYYY-MM-DD or YYYY/MM/DD, maybe followed
 * by a time) into out[11]: 1, or 0. */
static int value_date(const char *v, char *out) {
  size_t len = strlen(v);
  if (len < 10 || (len > 10 && v[10] != 'T' && v[10] != ' ' && v[10] != 't')) return 0;
  memcpy(out, v, 10);
  out[10] = '\0';
  if (out[4] == '/' && out[7] == '/') out[4] = out[7] = '-';
  return hinge__iso_date(out, 10, NULL, NULL, NULL);
}

/* Split a metadata line into key and value (each cut to 255 bytes):
 * "Key: value", "Key = value", "Key<delim>value[<delim>unit]"; a line
 * with none of them is all value. */
static void split_meta(const pline *l, char delim, char *key, char *val) {
  cellit it;
  char cell[256];
  size_t len, kn = 0, vn = 0;
  const char *colon;
  int first = 1;
  key[0] = val[0] = '\0';
  it.p = l->p;
  it.end = l->p + l->n;
  it.delim = delim;
  it.done = 0;
  while (it.p < it.end && (*it.p == '#' || (*it.p == '/' && it.p + 1 < it.end && it.p[1] == '/')))
    it.p += *it.p == '#' ? 1 : 2;
  for (; next_cell(&it, cell, sizeof cell, &len); first = 0) {
    const char *c = cell;
    if (len == 0) continue;
    if (first && ((colon = strchr(cell, ':')) != NULL || (colon = strchr(cell, '=')) != NULL)) {
      kn = (size_t)(colon - cell);
      memcpy(key, cell, kn);
      for (c = colon + 1; *c == ' ' || *c == '\t'; c++) {}
    } else if (first) {
      kn = len < 255 ? len : 255;
      memcpy(key, cell, kn);
      continue;
    }
    len = strlen(c);
    if (vn > 0 && vn + 1 < 255) val[vn++] = ' ';
    if (vn + len > 255) len = 255 - vn;
    memcpy(val + vn, c, len);
    vn += len;
  }
  while (kn > 0 && (key[kn - 1] == ' ' || key[kn - 1] == '\t')) kn--;
  key[kn] = '\0';
  val[vn] = '\0';
  if (vn == 0 && kn > 0 && strchr(key, ':') == NULL) { /* a line with one cell: all value */
    memcpy(val, key, kn + 1);
    key[0] = '\0';
  }
}

static int add_meta_line(hinge_table *t, const char *key, const char *val, long line) {
  hinge_meta_line *m;
  char *k = NULL, *v = NULL;
  if (HINGE__GROW_FROM(t->alloc, t->mlines, t->mlinecap, t->nmlines + 1, 8)) return HINGE_ENOMEM;
  if (hinge__table_setstr(t, &k, key, strlen(key)) != HINGE_OK) return HINGE_ENOMEM;
  if (hinge__table_setstr(t, &v, val, strlen(val)) != HINGE_OK) {
    hinge__strfree(t->alloc, k);
    return HINGE_ENOMEM;
  }
  m = &t->mlines[t->nmlines++];
  m->key = k;
  m->value = v;
  m->line = line;
  t->meta.lines = t->mlines;
  t->meta.nlines = t->nmlines;
  return HINGE_OK;
}

/* What a metadata line says, into t->meta (the first line of each kind
 * wins; columns and the file name are applied later, table_load.c). */
static int read_meta(hinge_table *t, const char *key, const char *val, char delim, long line) {
  static const char *const hz[] = {"hz", "khz", "fps", "sps", "samples/s", "/s", NULL};
  static const double hzf[] = {1, 1000, 1, 1, 1, 1};
  static const char *const kg[] = {"kg", NULL};
  static const double kgf[] = {1};
  char k[128], date[11];
  size_t n;
  double x;
  if (!hinge__normalize_name(key, strlen(key), k, sizeof k) || !k[0] || !val[0]) return HINGE_OK;
  n = strlen(k);
  if (n > 3 && strcmp(k + n - 3, "_hz") == 0) k[n - 3] = '\0';
  if (in_list(rate_keys, k) && isnan(t->meta.rate_hz)) {
    if (number_unit(val, delim, hz, hzf, &x) && x > 0 && isfinite(x)) {
      t->meta.rate_hz = x;
      t->rate_line = line;
    }
  } else if (in_list(athlete_keys, k) && t->meta.athlete == NULL) {
    if (set_meta(t, 0, val, strlen(val)) != HINGE_OK) return HINGE_ENOMEM;
    t->meta.athlete_from = "metadata";
  } else if (in_list(date_keys, k) && t->meta.date == NULL && value_date(val, date)) {
    if (set_meta(t, 1, date, 10) != HINGE_OK) return HINGE_ENOMEM;
    t->meta.date_from = "metadata";
  } else if (in_list(exercise_keys, k) && t->meta.exercise == NULL) {
    return set_meta(t, 3, val, strlen(val));
  } else if (in_list(set_keys, k) && t->meta.set == NULL) {
    return set_meta(t, 2, val, strlen(val));
  } else if (in_list(load_keys, k) && isnan(t->meta.load_kg)) {
    if (number_unit(val, delim, kg, kgf, &x) && isfinite(x)) t->meta.load_kg = x;
  }
  return HINGE_OK;
}

/* The header line: its offset into *at and its delimiter into *delim; 0
 * when none is found within the window's first PRESCAN_LINES lines. */
static int locate_header(const hinge__prescan *ps, const hinge_load_options *o, size_t *at,
                         char *delim) {
  size_t off = 0, idx[DATA_IDX], k;
  int nlines = 0;
  pline l, d;
  while (nlines++ < PRESCAN_LINES && get_line(ps, off, &l)) {
    if (!empty_text(l.p, l.n)) {
      *delim = ps->delimiter ? ps->delimiter : hinge__csv_detect(l.p, l.n);
      if ((k = data_cells(&l, *delim, o, idx)) > 0 && next_content(ps, l.next, &d) &&
          numeric_at(&d, *delim, idx, k)) {
        *at = off;
        return 1;
      }
    }
    off = l.next;
  }
  return 0;
}

/* The header at the given line (a reader's profile): its offset and
 * delimiter; 0 when the window ends before it. */
static int given_header(const hinge__prescan *ps, size_t *at, char *delim) {
  size_t off = 0;
  long line = 1;
  pline l;
  while (line < ps->header_line && get_line(ps, off, &l)) {
    off = l.next;
    line++;
  }
  if (line < ps->header_line || !get_line(ps, off, &l)) return 0;
  *at = off;
  *delim = ps->delimiter ? ps->delimiter : hinge__csv_detect(l.p, l.n);
  return 1;
}

int hinge__schema_meta_line(hinge_table *t, const char *key, const char *val, char delim,
                            long line) {
  if (add_meta_line(t, key, val, line) != HINGE_OK) return HINGE_ENOMEM;
  return read_meta(t, key, val, delim, line);
}

int hinge__find_header(hinge_table *t, hinge__prescan *ps, const hinge_load_options *o,
                       hinge_error *err) {
  size_t at, off = 0;
  char delim, key[256], val[256];
  long line = 0;
  pline l;
  ps->skip = 0;
  ps->lines = 0;
  ps->term = 0;
  if (ps->header_line > 0) {
    if (!given_header(ps, &at, &delim))
      return hinge__fail(err, HINGE_ENODATA, t->file, ps->header_line, 0,
                         "expected the header on line %ld: the file %s", ps->header_line,
                         ps->eof ? "ends before it" : "has too much text above it");
    if (at == 0) return HINGE_OK;
  } else if (!locate_header(ps, o, &at, &delim) || at == 0) {
    return HINGE_OK;
  }
  while (off < at && get_line(ps, off, &l)) {
    line++;
    if (ps->term == 0) ps->term = l.term;
    if (!empty_text(l.p, l.n) && t->nmlines < MAX_META_LINES) {
      split_meta(&l, delim, key, val);
      if (add_meta_line(t, key, val, line) != HINGE_OK || read_meta(t, key, val, delim, line) != HINGE_OK)
        return hinge__fail(err, HINGE_ENOMEM, t->file, line, 0, "out of memory");
    }
    off = l.next;
  }
  ps->skip = at;
  ps->lines = line;
  return HINGE_OK;
}
