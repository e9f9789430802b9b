/*
 * roles.c -- the vocabulary of hinge's data: column roles, units and the
 * flag words of a rep.  It depends on nothing, so the table, the schema,
 * the analysis writers and the recovery reader all name things through it
 * and no two of them spell a word on their own.
 */
#include <string.h>

#include "hinge/table.h"
#include "base/internal.h"

/* The one name every name function gives a value it does not know. */
static const char unknown[] = "unknown";

static const char *const role_names[HINGE_ROLE_COUNT] = {
  "", "time", "hip", "thoracic", "lumbar", "knee", "shin", "trunk",
  "athlete", "date", "set", "load_kg", "exercise"
};

const char *hinge_role_name(int role) {
  return role >= 0 && role < HINGE_ROLE_COUNT ? role_names[role] : unknown;
}

int hinge_role_from_name(const char *name) {
  int r;
  if (name == NULL) return -1;
  if (hinge__ascii_ieq(name, "load")) return HINGE_ROLE_LOAD;
  for (r = 1; r < HINGE_ROLE_COUNT; r++)
    if (hinge__ascii_ieq(name, role_names[r])) return r;
  return -1;
}

const char *hinge_unit_name(int unit) {
  static const char *const names[] = {"",   "s",    "ms", "iso8601", "deg",
                                      "rad", "kg", "text", "us",      "ns"};
  return unit >= 0 && unit <= HINGE_UNIT_NS ? names[unit] : unknown;
}

/* ---- flag words of a rep (the analysis writes them, recovery reads them) */

static const struct {
  unsigned flag;
  const char *word;
} rep_flags[] = {
  {HINGE_REP_UPPER_BACK_ROUNDING, "upper_back_rounding"},
  {HINGE_REP_LUMBAR_ROUNDING, "lumbar_rounding"},
};

#define NREP_FLAGS (sizeof rep_flags / sizeof rep_flags[0])

const char *hinge_rep_flag_name(unsigned flag) {
  size_t i;
  for (i = 0; i < NREP_FLAGS; i++)
    if (rep_flags[i].flag == flag) return rep_flags[i].word;
  return unknown;
}

int hinge_rep_flag_parse(const char *word, unsigned *flag) {
  size_t i;
  for (i = 0; word != NULL && i < NREP_FLAGS; i++)
    if (strcmp(word, rep_flags[i].word) == 0) {
      if (flag != NULL) *flag = rep_flags[i].flag;
      return HINGE_OK;
    }
  return HINGE_EPARSE;
}
