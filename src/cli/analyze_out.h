/*
 * analyze_out.h -- the writers of `hinge analyze` (JSON, CSV, text).
 */
#ifndef HINGE_CLI_ANALYZE_OUT_H
#define HINGE_CLI_ANALYZE_OUT_H

#include <stdio.h>

#include "hinge/hinge.h"
#include "json_out.h"

/* What the CLI knows beside the result: the loader's warnings (they come
 * first in "warnings") and where the athlete, date and set came from. */
typedef struct analyze_extra {
  const char *const *load_warnings;
  size_t nload_warnings;
  const char *athlete_from, *date_from; /* the table's *_from; NULL: unknown */
  const char *set_from;                 /* "option" with --set, else NULL (not written) */
} analyze_extra;

/* One file's object (docs/formats.md); the caller opens an array for
 * several files and calls json_finish.  x may be NULL. */
void analyze_json_one(json_out *j, const hinge_analysis *a, const analyze_extra *x);
/* The CSV header line, then one row per rep. */
void analyze_csv_header(FILE *f);
void analyze_csv_rows(FILE *f, const hinge_analysis *a);
/* The per-rep table and the set's one-line verdict. */
void analyze_text_one(FILE *f, const hinge_analysis *a);

#endif
