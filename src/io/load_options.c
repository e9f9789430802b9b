/*
 * load_options.c -- the load options' defaults and their one check: the
 * loader, the CLI and Lua refuse the same values with the same words.
 */
#include <math.h>
#include <string.h>

#include "base/internal.h"
#include "reader.h"
#include "table_internal.h"

void hinge_load_options_init(hinge_load_options *o) {
  if (o != NULL) memset(o, 0, sizeof *o);
}

int hinge__load_options_check(const hinge_load_options *o, const char *file, hinge_error *err) {
  if (o == NULL) return hinge__fail(err, HINGE_EINVAL, file, 0, 0, "load options: NULL");
  if (o->delimiter && o->delimiter != ',' && o->delimiter != ';' && o->delimiter != '\t')
    return hinge__fail(err, HINGE_EINVAL, file, 0, 0, "delimiter must be ',', ';' or a tab");
  if (o->fs < 0 || isnan(o->fs) || isinf(o->fs))
    return hinge__fail(err, HINGE_EINVAL, file, 0, 0, "the sample rate must be > 0 Hz");
  if (o->gap_factor < 0 || (o->gap_factor > 0 && o->gap_factor < 1) || isnan(o->gap_factor))
    return hinge__fail(err, HINGE_EINVAL, file, 0, 0, "gap_factor must be >= 1");
  if (o->threads > HINGE_LOAD_MAX_THREADS)
    return hinge__fail(err, HINGE_EINVAL, file, 0, 0, "threads must be 1 to %d",
                       HINGE_LOAD_MAX_THREADS);
  if (o->nmap > 0 && o->map == NULL)
    return hinge__fail(err, HINGE_EINVAL, file, 0, 0, "mapping: NULL map");
  if (o->nsensors > 0 && o->sensors == NULL)
    return hinge__fail(err, HINGE_EINVAL, file, 0, 0, "sensors: NULL map");
  if (o->input_format != NULL && o->input_format[0] != '\0' &&
      hinge__reader_find(o->input_format) == NULL) {
    char names[256];
    return hinge__fail(err, HINGE_EINVAL, file, 0, 0, "unknown input format '%s' (formats: %s)",
                       o->input_format, hinge__reader_names(names, sizeof names));
  }
  return HINGE_OK;
}

int hinge_load_options_check(const hinge_load_options *o, hinge_error *err) {
  return hinge__load_options_check(o, NULL, err);
}
