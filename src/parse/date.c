/*
 * date.c -- calendar dates as day numbers (days since 1970-01-01,
 * proleptic Gregorian), after Howard Hinnant's days_from_civil.
 */
#include <stdio.h>
#include <string.h>

#include "hinge/logs.h"

static int is_leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(long y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* March-based years make the leap day the last day of the year, so the
 * day of the year is a linear formula of the month. */
static long days_from_civil(long y, int m, int d) {
  long era, yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d) {
  long era, doe, yoe, doy, mp;
  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* n decimal digits at s into *v; 0 when one is not a digit. */
static int digits(const char *s, int n, long *v) {
  int i;
  *v = 0;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    *v = *v * 10 + (s[i] - '0');
  }
  return 1;
}

int hinge_day_parse(const char *s, size_t len, long *day) {
  long y, m, d;
  if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-') return HINGE_EPARSE;
  if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
    return HINGE_EPARSE;
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > month_days(y, (int)m)) return HINGE_ERANGE;
  *day = days_from_civil(y, (int)m, (int)d);
  return HINGE_OK;
}

char *hinge_day_format(long day, char out[HINGE_DATE_BUF]) {
  long y;
  int m, d;
  /* 1000-01-01 and 9999-12-31 as day numbers */
  if (day < -354285L || day > 2932896L) {
    memcpy(out, "0000-00-00", HINGE_DATE_BUF);
    return out;
  }
  civil_from_days(day, &y, &m, &d);
  /* The moduli only tell the compiler the widths: the values are in range. */
  snprintf(out, HINGE_DATE_BUF, "%04lu-%02u-%02u", (unsigned long)y % 10000u,
           (unsigned)m % 100u, (unsigned)d % 100u);
  return out;
}
