/*
 * analyze_table.c -- the analysis of a loaded session (hinge_table):
 * the table's columns become the analysis input, borrowed, not copied
 * (and, for hinge_analyze_inplace, conditioned where they are).
 */
#include <string.h>

#include "analyze_internal.h"
#include "io/table_internal.h"

static const double *role_column(const hinge_table *t, int role) {
  long c = hinge_table_role_column(t, role);
  return c < 0 ? NULL : hinge_table_column(t, (size_t)c);
}

int hinge_analyze_input_from_table(const hinge_table *t, hinge_analyze_input *in,
                                   hinge_error *err) {
  const hinge_timing *tm;
  const hinge_meta *meta;
  if (t == NULL || in == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "analysis: NULL table or input");
  memset(in, 0, sizeof *in);
  tm = hinge_table_timing(t);
  meta = hinge_table_meta(t);
  in->n = hinge_table_rows(t);
  in->time_s = hinge_table_time(t);
  /* The loader already measured the median step: no second pass. */
  in->fs = tm->sample_rate_hz > 0 ? tm->sample_rate_hz : 0;
  in->hip = role_column(t, HINGE_ROLE_HIP);
  in->thoracic = role_column(t, HINGE_ROLE_THORACIC);
  in->lumbar = role_column(t, HINGE_ROLE_LUMBAR);
  in->trunk = role_column(t, HINGE_ROLE_TRUNK);
  in->set = role_column(t, HINGE_ROLE_SET);
  in->knee = role_column(t, HINGE_ROLE_KNEE);
  in->file = hinge_table_file(t);
  in->athlete = meta->athlete;
  in->date = meta->date;
  in->set_label = meta->set;
  in->capabilities = hinge_table_capabilities(t);
  in->format = hinge_table_format(t);
  return HINGE_OK;
}

/* The values of the column with this role, writable (t is the caller's
 * to change), or NULL. */
static double *role_values(hinge_table *t, int role) {
  long c = hinge_table_role_column(t, role);
  return c < 0 ? NULL : t->cols[c].v;
}

int hinge_analyze_inplace(hinge_table *t, const hinge_analyze_config *cfg,
                          const hinge_allocator *alloc, hinge_analysis **out, hinge_error *err) {
  hinge_analyze_input in;
  hinge__writable w;
  int rc;
  if (out != NULL) *out = NULL;
  if ((rc = hinge_analyze_input_from_table(t, &in, err)) != HINGE_OK) return rc;
  w.ch[HINGE__CH_HIP] = role_values(t, HINGE_ROLE_HIP);
  w.ch[HINGE__CH_THORACIC] = role_values(t, HINGE_ROLE_THORACIC);
  w.ch[HINGE__CH_LUMBAR] = role_values(t, HINGE_ROLE_LUMBAR);
  w.ch[HINGE__CH_TRUNK] = role_values(t, HINGE_ROLE_TRUNK);
  w.ch[HINGE__CH_KNEE] = role_values(t, HINGE_ROLE_KNEE);
  w.set = role_values(t, HINGE_ROLE_SET);
  return hinge__analyze_run(&in, &w, cfg, alloc, out, err);
}

int hinge_analyze(const hinge_table *t, const hinge_analyze_config *cfg,
                  const hinge_allocator *alloc, hinge_analysis **out, hinge_error *err) {
  hinge_analyze_input in;
  int rc;
  if (out != NULL) *out = NULL;
  if ((rc = hinge_analyze_input_from_table(t, &in, err)) != HINGE_OK) return rc;
  return hinge_analyze_arrays(&in, cfg, alloc, out, err);
}
