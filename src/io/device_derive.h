/*
 * device_derive.h -- roles a device reader makes out of several of the
 * file's columns (a sum of joint angles, the mean of both sides), shared
 * by the Xsens MVN CSV, MVNX and Vicon Nexus readers (xsens.c, mvnx.c,
 * vicon.c).  The file's columns stay; the derived one is added, named by
 * its role, with its source (reader.h, hinge__table_add).
 */
#ifndef HINGE_IO_DEVICE_DERIVE_H
#define HINGE_IO_DEVICE_DERIVE_H

#include <stddef.h>

#include "hinge/table.h"

typedef struct hinge__combine {
  const char *name;   /* the new column's name (the role's name) */
  int role;
  int mean;           /* 1: the mean (a side missing in a row: the other side);
                         0: the sum (any part missing: missing) */
  const long *cols;   /* the file's columns (-1 entries are skipped) */
  size_t ncols;
  const char *source; /* what it was made from */
} hinge__combine;

/* Add the combined column.  With no column present nothing is added
 * (HINGE_OK); with one, the role goes to that column itself (source
 * kept). */
int hinge__table_combine(hinge_table *t, const hinge__combine *c, hinge_error *err);

/* An error when one of the columns (-1 entries skipped) holds text: the
 * CSV loader drops a text column of unknown name with a warning
 * (text_column); a column a role is made of must be numbers.  The error
 * names the cell the warning names. */
int hinge__table_need_numbers(hinge_table *t, const long *cols, size_t n, hinge_error *err);

/* The column named name (case-insensitive, spaces around ignored), or -1. */
long hinge__table_find(const hinge_table *t, const char *name);

/* The Xsens MVN roles from the joint-angle columns "<joint> Flexion/Extension"
 * (xsens.c, and mvnx.c, which names its columns so): lumbar = L5S1 + L4L3
 * + L1T12 (none, with a warning, when one is missing), thoracic = T9T8,
 * hip and knee the mean of both sides; sources[4] say what each was made
 * of (lumbar, thoracic, hip, knee). */
int hinge__xsens_roles(hinge_table *t, const char *const sources[4], hinge_error *err);

#endif
