/*
 * isotime.c -- calendar dates and ISO 8601 timestamps, with no libc time
 * functions (timegm is not C99 and mktime reads the process time zone).
 */
#include "isotime.h"

long long hinge__days_from_civil(long long y, int m, int d) {
  long long era, yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

/* n decimal digits at s into *v; 0 when any is not a digit. */
static int num(const char *s, int n, int *v) {
  int i;
  *v = 0;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    *v = *v * 10 + (s[i] - '0');
  }
  return 1;
}

int hinge__iso_date(const char *s, size_t len, int *y, int *m, int *d) {
  int yy, mm, dd;
  if (len != 10 || s[4] != '-' || s[7] != '-') return 0;
  if (!num(s, 4, &yy) || !num(s + 5, 2, &mm) || !num(s + 8, 2, &dd)) return 0;
  if (mm < 1 || mm > 12 || dd < 1 || dd > days_in_month(yy, mm)) return 0;
  if (y) *y = yy;
  if (m) *m = mm;
  if (d) *d = dd;
  return 1;
}

/* Z, or +-hh, +-hhmm, +-hh:mm at [p, end); *off in seconds east of UTC. */
static int zone(const char *p, const char *end, long *off) {
  int h, mi = 0, sign;
  *off = 0;
  if (p == end) return 1;
  if ((*p == 'Z' || *p == 'z') && p + 1 == end) return 1;
  if (*p != '+' && *p != '-') return 0;
  sign = *p++ == '-' ? -1 : 1;
  if (end - p < 2 || !num(p, 2, &h) || h > 23) return 0;
  p += 2;
  if (p < end && *p == ':') p++;
  if (p < end && (end - p != 2 || !num(p, 2, &mi) || mi > 59)) return 0;
  *off = sign * (h * 3600L + mi * 60L);
  return 1;
}

/* [.|,]digits at *pp; up to 9 digits count. */
static void fraction(const char **pp, const char *end, double *frac) {
  const char *p = *pp;
  long v = 0, scale = 1;
  int n = 0;
  *frac = 0;
  if (p >= end || (*p != '.' && *p != ',')) return;
  for (p++; p < end && *p >= '0' && *p <= '9'; p++, n++)
    if (n < 9) {
      v = v * 10 + (*p - '0');
      scale *= 10;
    }
  if (n == 0) return; /* a lone mark: left for the zone check to refuse */
  *frac = (double)v / (double)scale;
  *pp = p;
}

int hinge__iso8601(const char *s, size_t len, long long *sec, double *frac) {
  const char *end = s + len, *p;
  int y, mo, d, h, mi, se = 0;
  long off;
  while (s < end && *s == ' ') s++;
  while (end > s && end[-1] == ' ') end--;
  if (end - s < 16 || !hinge__iso_date(s, 10, &y, &mo, &d)) return 0;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return 0;
  p = s + 11;
  if (!num(p, 2, &h) || p[2] != ':' || !num(p + 3, 2, &mi) || h > 23 || mi > 59) return 0;
  p += 5;
  *frac = 0;
  if (p < end && *p == ':') {
    if (end - p < 3 || !num(p + 1, 2, &se) || se > 60) return 0;
    p += 3;
    fraction(&p, end, frac);
  }
  if (!zone(p, end, &off)) return 0;
  *sec = hinge__days_from_civil(y, mo, d) * 86400 + h * 3600L + mi * 60L + se - off;
  return 1;
}
