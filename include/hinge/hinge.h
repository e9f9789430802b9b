/*
 * hinge.h -- the whole public C API of hinge.
 *
 * Include this one header; it includes one header per area.  Conventions
 * (docs/c-api.md): symbols are prefixed hinge_/HINGE_; handles are opaque,
 * created by a create or load call and released by the matching destroy, which
 * accepts NULL; fallible calls return an int status (HINGE_OK = 0, negative
 * codes from HINGE_STATUS_MAP) and fill an optional hinge_error.
 */
#ifndef HINGE_H
#define HINGE_H

#include "hinge/common.h"
#include "hinge/stats.h"
#include "hinge/csv.h"
#include "hinge/filter.h"
#include "hinge/program.h"
#include "hinge/peaks.h"
#include "hinge/clean.h"
#include "hinge/table.h"
#include "hinge/logs.h"
#include "hinge/recovery.h"
#include "hinge/analyze.h"
#include "hinge/sink.h"
#include "hinge/stream.h"
#include "hinge/chart.h"

#endif /* HINGE_H */
