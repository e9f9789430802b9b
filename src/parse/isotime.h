/*
 * isotime.h -- calendar dates and ISO 8601 timestamps (internal).
 */
#ifndef HINGE_ISOTIME_H
#define HINGE_ISOTIME_H

#include <stddef.h>

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
long long hinge__days_from_civil(long long y, int m, int d);

/* 1 when [s, s+len) is exactly YYYY-MM-DD and a real date (leap years
 * checked); the parts go to y, m, d when not NULL. */
int hinge__iso_date(const char *s, size_t len, int *y, int *m, int *d);

/* 1 when [s, s+len) (spaces around allowed) is an ISO 8601 date-time:
 *   YYYY-MM-DD(T|t| )hh:mm[:ss[(.|,)fraction]][Z|z|(+|-)hh[[:]mm]]
 * Sets *sec to whole seconds since 1970-01-01T00:00:00Z (a time without a
 * zone is taken as UTC) and *frac to the fraction in [0, 1) (up to 9
 * digits are used).  A leap second (ss = 60) is accepted. */
int hinge__iso8601(const char *s, size_t len, long long *sec, double *frac);

#endif
