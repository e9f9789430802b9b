/* Unit tests for json.c (the strict JSON reader) and logs_analysis.c (the
 * analysis JSON as log entries). */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"
#include "parse/json_internal.h"

static hinge__jdoc *D;
static const hinge__json *R;
static void teardown(void) {
  hinge__json_free(D);
  D = NULL;
}
TestSuite(json, .fini = teardown);

/* hinge__json_parse of len bytes at text named name. */
static int parse_n(const char *name, const char *text, size_t len, hinge__jdoc **d,
                   const hinge__json **r, hinge_error *e) {
  hinge__json_src src;
  src.name = name;
  src.text = text;
  src.len = len;
  return hinge__json_parse(&src, NULL, d, r, e);
}

static int parse(const char *text, hinge_error *e) {
  hinge_error_clear(e);
  hinge__json_free(D);
  D = NULL;
  return parse_n("doc.json", text, strlen(text), &D, &R, e);
}

static void parses(const char *text) {
  hinge_error e;
  cr_assert_eq(parse(text, &e), HINGE_OK, "%s: %s", text, e.message);
}

/* text must fail with code at line:col, the message containing want. */
static void fails(const char *text, int code, long line, long col, const char *want) {
  hinge_error e;
  char buf[1200];
  cr_assert_eq(parse(text, &e), code, "'%s' gave %d (%s)", text, e.code, e.message);
  hinge_error_format(&e, buf, sizeof buf);
  if (line > 0) cr_assert_eq(e.line, line, "'%s': %s", text, buf);
  if (col > 0) cr_assert_eq(e.column, col, "'%s': %s", text, buf);
  cr_assert(strstr(e.message, want) != NULL, "'%s': %s", text, buf);
  cr_assert(strncmp(buf, "doc.json:", 9) == 0, "%s", buf);
}

Test(json, should_parse_every_kind_of_value) {
  const hinge__json *v;
  parses(" {\"a\": [1, -0.5, 2e3, 1.5E-2, true, false, null], \"b\": {\"c\": \"d\"}, \"e\": []} ");
  cr_assert_eq(R->type, HINGE__JOBJECT);
  cr_assert_eq(R->len, 3);
  v = hinge__json_get(R, "a");
  cr_assert_eq(v->len, 7);
  cr_assert_eq(v->items[0].num, 1.0);
  cr_assert_eq(v->items[1].num, -0.5);
  cr_assert_eq(v->items[2].num, 2000.0);
  cr_assert_eq(v->items[3].num, 0.015);
  cr_assert_eq(v->items[4].type, HINGE__JTRUE);
  cr_assert_eq(v->items[6].type, HINGE__JNULL);
  cr_assert_str_eq(hinge__json_get(hinge__json_get(R, "b"), "c")->str, "d");
  cr_assert_eq(hinge__json_get(R, "e")->len, 0);
  cr_assert_null(hinge__json_get(R, "zz"));
  cr_assert_eq(v->items[1].line, 1);
  cr_assert_eq(v->items[1].col, 12);
}

Test(json, should_decode_escapes_and_utf8) {
  parses("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 \xc3\xa9\"");
  cr_assert_str_eq(R->str, "a\"b\\c/d\b\f\n\r\t \xc3\xa9 \xf0\x9f\x98\x80 \xc3\xa9");
  cr_assert_eq(R->len, strlen(R->str));
}

Test(json, a_bom_and_scalars_at_the_top_should_be_accepted) {
  parses("\xEF\xBB\xBF[1]");
  parses("42");
  cr_assert_eq(R->num, 42.0);
  parses("\"x\"");
}

Test(json, malformed_input_should_give_line_and_column) {
  fails("{\"a\": 1,}", HINGE_EPARSE, 1, 9, "expected a string key");
  fails("{\n  \"a\": tru\n}", HINGE_EPARSE, 2, 8, "expected a value");
  fails("[1 2]", HINGE_EPARSE, 1, 4, "expected ',' or ']'");
  fails("[1,\n\n   ]", HINGE_EPARSE, 3, 4, "expected a value");
  fails("{\"a\" 1}", HINGE_EPARSE, 1, 6, "expected ':'");
  fails("{1: 2}", HINGE_EPARSE, 1, 2, "string key");
  fails("", HINGE_EPARSE, 1, 1, "unexpected end of input");
  fails("   \n  ", HINGE_EPARSE, 2, 3, "unexpected end of input");
  fails("{} x", HINGE_EPARSE, 1, 4, "end of the input");
  fails("// c\n1", HINGE_EPARSE, 1, 1, "unexpected '/'");
  fails("[1,]", HINGE_EPARSE, 1, 4, "expected a value");
  fails("{\"a\":1", HINGE_EPARSE, 1, 7, "end of input");
}

Test(json, bad_numbers_should_be_refused) {
  fails("01", HINGE_EPARSE, 1, 2, "unexpected '1'");
  fails("1.", HINGE_EPARSE, 1, 1, "malformed number");
  fails(".5", HINGE_EPARSE, 1, 1, "expected a value");
  fails("+1", HINGE_EPARSE, 1, 1, "expected a value");
  fails("-", HINGE_EPARSE, 1, 1, "malformed number");
  fails("1e", HINGE_EPARSE, 1, 1, "malformed number");
  fails("NaN", HINGE_EPARSE, 1, 1, "unexpected 'N'");
  fails("[Infinity]", HINGE_EPARSE, 1, 2, "unexpected 'I'");
  fails("1e999", HINGE_ERANGE, 1, 1, "too large");
  fails("0x10", HINGE_EPARSE, 1, 2, "unexpected 'x'");
}

Test(json, a_long_number_should_parse_exactly) {
  char text[600];
  memset(text, '1', 300);
  strcpy(text + 300, ".5e-290");
  parses(text);
  cr_assert_eq(R->num, strtod(text, NULL));
}

Test(json, bad_strings_should_be_refused) {
  fails("\"abc", HINGE_EPARSE, 1, 1, "unterminated string");
  fails("[\"a\nb\"]", HINGE_EPARSE, 1, 4, "control character");
  fails("\"a\tb\"", HINGE_EPARSE, 1, 3, "control character");
  fails("\"\\x\"", HINGE_EPARSE, 1, 2, "invalid escape");
  fails("\"\\u12\"", HINGE_EPARSE, 1, 2, "four hex digits");
  fails("\"\\udc00\"", HINGE_EPARSE, 1, 2, "lone low surrogate");
  fails("\"\\ud800x\"", HINGE_EPARSE, 1, 2, "high surrogate");
  fails("\"\\u0000\"", HINGE_EPARSE, 1, 2, "\\u0000");
  fails("\"\xc0\x80\"", HINGE_EPARSE, 1, 2, "invalid UTF-8");
  fails("\"\xed\xa0\x80\"", HINGE_EPARSE, 1, 2, "invalid UTF-8");
  fails("\"\xf4\x90\x80\x80\"", HINGE_EPARSE, 1, 2, "invalid UTF-8");
  fails("\"ab\xe2\x82\"", HINGE_EPARSE, 1, 4, "invalid UTF-8");
}

Test(json, duplicate_keys_should_be_refused_at_the_second) {
  fails("{\"a\": 1,\n \"b\": 2,\n \"a\": 3}", HINGE_EPARSE, 3, 2, "duplicate key \"a\"");
}

Test(json, deep_nesting_should_be_a_limit_not_a_crash) {
  char text[1000];
  memset(text, '[', 400);
  text[400] = '\0';
  fails(text, HINGE_ELIMIT, 1, 201, "nesting too deep");
  memset(text, '[', 150);
  memset(text + 150, ']', 150);
  text[300] = '\0';
  parses(text);
}

Test(json, a_nul_byte_should_be_refused) {
  hinge_error e;
  cr_assert_eq(parse_n("doc.json", "[1,\0]", 5, &D, &R, &e), HINGE_EPARSE);
  cr_assert_eq(e.column, 4);
}

Test(json, random_mutations_should_never_crash) {
  const char *base = "{\"athlete\": \"ana\", \"date\": \"2026-03-02\", \"reps\": [{\"flags\": "
                     "[\"lumbar_rounding\"], \"x\": [1.5e3, -2, true, null, \"\\u00e9\"]}]}";
  size_t n = strlen(base), i;
  unsigned seed = 7;
  char *buf = malloc(n + 1);
  for (i = 0; i < 20000; i++) {
    hinge__jdoc *d = NULL;
    const hinge__json *r;
    int k, muts = 1 + (int)(i % 4);
    memcpy(buf, base, n + 1);
    for (k = 0; k < muts; k++) {
      seed = seed * 1103515245u + 12345u;
      buf[(seed >> 8) % n] = (char)(seed >> 20);
    }
    if (parse_n("fuzz", buf, (seed >> 4) % (n + 1), &d, &r, NULL) == HINGE_OK)
      cr_assert_not_null(r);
    hinge__json_free(d);
  }
  free(buf);
}

/* ---- analysis JSON ---- */

static const char *write_file(const char *name, const char *text) {
  static char path[512];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", HINGE_TEST_TMP, name);
  f = fopen(path, "wb");
  fputs(text, f);
  fclose(f);
  return path;
}

Test(analysis_json, an_array_of_analyses_should_count_flagged_reps) {
  hinge_logs *L = NULL;
  cr_assert_eq(hinge_logs_new(NULL, &L, NULL), HINGE_OK);
  const char *p = write_file("an.json",
    "[{\"file\": \"2026-03-02_ana_set1.csv\", \"athlete\": \"ana\", \"date\": \"2026-03-02\",\n"
    "  \"reps\": [{\"rep\": 1, \"flags\": []}, {\"rep\": 2, \"flags\": [\"lumbar_rounding\"]},\n"
    "           {\"rep\": 3, \"flags\": [\"upper_back_rounding\", \"lumbar_rounding\"]}],\n"
    "  \"warnings\": []},\n"
    " {\"athlete\": \"ben\", \"date\": \"2026-03-03\", \"reps\": []}]\n");
  const hinge_analysis_entry *a;
  hinge_error e;
  cr_assert_eq(hinge_logs_read_analysis(L, p, &e), HINGE_OK, "%s", e.message);
  cr_assert_eq(hinge_logs_analysis_count(L), 2);
  a = hinge_logs_analysis(L, 0);
  cr_assert_str_eq(a->athlete, "ana");
  cr_assert_str_eq(a->file, "2026-03-02_ana_set1.csv");
  cr_assert_eq(a->reps, 3);
  cr_assert_eq(a->lumbar_rounding_reps, 2);
  cr_assert_eq(a->upper_back_rounding_reps, 1);
  cr_assert_eq(hinge_logs_analysis(L, 1)->reps, 0);
  hinge_logs_destroy(L);
}

Test(analysis_json, a_single_object_should_be_accepted) {
  hinge_logs *L = NULL;
  cr_assert_eq(hinge_logs_new(NULL, &L, NULL), HINGE_OK);
  const char *p = write_file("an1.json", "{\"athlete\": \"ana\", \"date\": \"2026-03-02\", "
                                         "\"reps\": [{\"flags\": [\"lumbar_rounding\"]}]}");
  cr_assert_eq(hinge_logs_read_analysis(L, p, NULL), HINGE_OK);
  cr_assert_eq(hinge_logs_analysis(L, 0)->lumbar_rounding_reps, 1);
  hinge_logs_destroy(L);
}

Test(analysis_json, schema_errors_should_point_at_the_value) {
  hinge_logs *L = NULL;
  cr_assert_eq(hinge_logs_new(NULL, &L, NULL), HINGE_OK);
  hinge_error e;
  const char *p = write_file("an2.json", "{\"athlete\": \"ana\",\n \"date\": \"2026-02-30\"}");
  cr_assert_eq(hinge_logs_read_analysis(L, p, &e), HINGE_ESCHEMA);
  cr_assert_eq(e.line, 2);
  cr_assert_eq(e.column, 10);
  p = write_file("an3.json", "{\"athlete\": 3, \"date\": \"2026-03-02\"}");
  cr_assert_eq(hinge_logs_read_analysis(L, p, &e), HINGE_ESCHEMA);
  cr_assert(strstr(e.message, "\"athlete\" must be a non-empty string") != NULL, "%s",
            e.message);
  p = write_file("an4.json", "{\"date\": \"2026-03-02\"}");
  cr_assert_eq(hinge_logs_read_analysis(L, p, &e), HINGE_ESCHEMA);
  cr_assert(strstr(e.message, "no \"athlete\"") != NULL);
  p = write_file("an5.json", "{\"athlete\": \"a\", \"date\": \"2026-03-02\", \"reps\": [{\"flags\": [1]}]}");
  cr_assert_eq(hinge_logs_read_analysis(L, p, &e), HINGE_ESCHEMA);
  p = write_file("an6.json", "[1]");
  cr_assert_eq(hinge_logs_read_analysis(L, p, &e), HINGE_ESCHEMA);
  p = write_file("an7.json", "{\"athlete\": \"a\",, }");
  cr_assert_eq(hinge_logs_read_analysis(L, p, &e), HINGE_EPARSE);
  cr_assert_eq(e.column, 17);
  cr_assert_eq(hinge_logs_read_analysis(L, HINGE_TEST_TMP "/none.json", &e), HINGE_EIO);
  cr_assert_eq(hinge_logs_analysis_count(L), 0);
  hinge_logs_destroy(L);
}
