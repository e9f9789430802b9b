/* Unit tests for src/cli/json_out.c, the CLI's JSON writer (compiled in
 * here: it is part of the command, not of the library). */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/json_out.c"

/* Run fn on a memory stream and return what it wrote (static buffer). */
static const char *capture(void (*fn)(json_out *), int pretty) {
  static char buf[4096];
  FILE *f = fmemopen(buf, sizeof buf, "w");
  json_out j;
  cr_assert_not_null(f);
  json_init(&j, f, pretty);
  fn(&j);
  fclose(f);
  return buf;
}

static void nested(json_out *j) {
  json_begin_object(j);
  json_kv_string(j, "a", "x");
  json_key(j, "b");
  json_begin_array(j);
  json_int(j, 1);
  json_number(j, 2.5);
  json_null(j);
  json_begin_object(j);
  json_end_object(j);
  json_begin_array(j);
  json_end_array(j);
  json_end_array(j);
  json_kv_bool(j, "c", 1);
  json_kv_number(j, "d", NAN);
  json_kv_number(j, "e", -INFINITY);
  json_end_object(j);
}

Test(json_out, commas_and_nesting_should_be_right_compact) {
  cr_expect_str_eq(capture(nested, 0),
                   "{\"a\":\"x\",\"b\":[1,2.5,null,{},[]],\"c\":true,\"d\":null,\"e\":null}");
}

Test(json_out, commas_and_nesting_should_be_right_pretty) {
  cr_expect_str_eq(capture(nested, 1),
                   "{\n  \"a\": \"x\",\n  \"b\": [\n    1,\n    2.5,\n    null,\n    {},\n"
                   "    []\n  ],\n  \"c\": true,\n  \"d\": null,\n  \"e\": null\n}");
}

static void strings(json_out *j) {
  json_begin_array(j);
  json_string(j, "q\"b\\s/\n\r\t\x01\x1f\x7f");
  json_string(j, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  json_string(j, "bad \xff \xc3\x28 \xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80 \xe2\x82");
  json_string_len(j, "n\0l", 3);
  json_string(j, NULL);
  json_end_array(j);
}

Test(json_out, strings_should_be_escaped_and_invalid_utf8_replaced) {
  cr_expect_str_eq(capture(strings, 0),
                   "[\"q\\\"b\\\\s/\\n\\r\\t\\u0001\\u001f\\u007f\","
                   "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
                   "\"bad \\ufffd \\ufffd( \\ufffd\\ufffd\\ufffd \\ufffd\\ufffd "
                   "\\ufffd\\ufffd\\ufffd\\ufffd \\ufffd\\ufffd\","
                   "\"n\\u0000l\",null]");
}

Test(json_out, doubles_should_be_shortest_and_read_back_exactly) {
  char buf[40];
  uint64_t s = 88172645463325252u;
  int i;
  cr_expect_str_eq(json_format_double(100.0, buf, sizeof buf), "100");
  cr_expect_str_eq(json_format_double(0.1, buf, sizeof buf), "0.1");
  cr_expect_str_eq(json_format_double(-0.0, buf, sizeof buf), "-0");
  cr_expect_str_eq(json_format_double(1.5e-5, buf, sizeof buf), "0.000015");
  cr_expect_str_eq(json_format_double(1e300, buf, sizeof buf), "1e+300");
  cr_expect_str_eq(json_format_double(123456789012.5, buf, sizeof buf), "123456789012.5");
  cr_expect_str_eq(json_format_double(0.1 + 0.2, buf, sizeof buf), "0.30000000000000004");
  for (i = 0; i < 40000; i++) {
    double x;
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    memcpy(&x, &s, sizeof x);
    if (!isfinite(x)) continue;
    json_format_double(x, buf, sizeof buf);
    cr_assert_eq(strtod(buf, NULL), x, "%s", buf);
    if (i % 4 == 0) { /* everyday magnitudes too */
      x = (double)(s % 100000000) / 1000.0;
      json_format_double(x, buf, sizeof buf);
      cr_assert_eq(strtod(buf, NULL), x, "%s", buf);
      cr_assert(strchr(buf, 'e') == NULL, "%s", buf);
    }
  }
}

/* The text of "%.*f" with trailing zeros and "-0" trimmed: what
 * json_format_fixed must write, built the slow way. */
static const char *fixed_reference(double x, int decimals, char *buf, size_t size) {
  char *end;
  snprintf(buf, size, "%.*f", decimals, x);
  if (strchr(buf, '.') != NULL) {
    end = buf + strlen(buf) - 1;
    while (*end == '0') *end-- = '\0';
    if (*end == '.') *end = '\0';
  }
  if (strcmp(buf, "-0") == 0) strcpy(buf, "0");
  return buf;
}

Test(json_out, fixed_numbers_should_match_printf_rounding_exactly) {
  static const double cases[] = {0, -0.0, 4.8, 12, -12, 0.005, 0.015, 0.025, 1.0005, 2.675,
                                 -0.004, -0.005, 0.125, 0.375, 999999.9995, 1e-9, -1e-9,
                                 123456.125, 0.5, -0.5, 1.5, 2.5, 1e9, 2e9, 1e14, -7.25e8};
  char got[64], want[64];
  uint64_t s = 2463534242u;
  size_t i;
  int d;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
    for (d = 0; d <= 10; d++)
      cr_expect_str_eq(json_format_fixed(cases[i], d, got, sizeof got),
                       fixed_reference(cases[i], d, want, sizeof want), "%.17g at %d", cases[i], d);
  for (i = 0; i < 200000; i++) {
    double x;
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    /* everyday magnitudes, exact ties (k / 2^m) and plain decimals */
    if (i % 3 == 0) x = ((double)(s % 2000000000) - 1e9) / 1048576.0;
    else if (i % 3 == 1) x = ((double)(s % 200000000) - 1e8) / 1000.0;
    else x = ((double)(s % 4000001) - 2000000) * 1e-4;
    d = (int)(s >> 40) % 5;
    json_format_fixed(x, d, got, sizeof got);
    fixed_reference(x, d, want, sizeof want);
    cr_assert_str_eq(got, want, "%.17g at %d decimals", x, d);
  }
}
