/* Unit tests for csv.c / csv_lines.c: the generic RFC 4180 reader. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"
#include "base/internal.h"

/* ---- helpers ---- */

typedef struct sbuf {
  char *s;
  size_t n, cap;
} sbuf;

static void sb_putc(sbuf *b, char c) {
  if (b->n + 2 > b->cap) {
    b->cap = b->cap ? b->cap * 2 : 256;
    b->s = realloc(b->s, b->cap);
  }
  b->s[b->n++] = c;
  b->s[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s) {
  while (*s) sb_putc(b, *s++);
}

/* Render records as the .expected format: "LINE:f|f|...\n" with escapes. */
static int render(void *ud, const hinge_csv_row *row, hinge_error *err) {
  sbuf *b = ud;
  char num[32];
  size_t i, j;
  (void)err;
  snprintf(num, sizeof num, "%ld:", row->line);
  sb_puts(b, num);
  for (i = 0; i < row->nfields; i++) {
    if (i > 0) sb_putc(b, '|');
    for (j = 0; j < row->lengths[i]; j++) {
      char c = row->fields[i][j];
      if (c == '\n') sb_puts(b, "\\n");
      else if (c == '\r') sb_puts(b, "\\r");
      else if (c == '|') sb_puts(b, "\\|");
      else if (c == '\\') sb_puts(b, "\\\\");
      else sb_putc(b, c);
    }
  }
  sb_putc(b, '\n');
  return HINGE_OK;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *s;
  long n;
  cr_assert_not_null(f, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  s = malloc((size_t)n + 1);
  cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = '\0';
  fclose(f);
  if (len) *len = (size_t)n;
  return s;
}

static int read_str(const char *text, const hinge_csv_options *o, sbuf *out, hinge_error *e) {
  return hinge_csv_read_buffer("mem.csv", text, strlen(text), o, out ? render : NULL, out,
                               NULL, e);
}

static const char *const spectrum[] = {
  "comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json", "newlines",
  "newlines_crlf", "newlines_cr", "quotes_and_newlines", "simple", "simple_crlf",
  "utf8", "location_coordinates", "no_trailing_newline", "blank_lines_and_spaces", NULL
};

/* ---- csv-spectrum ---- */

Test(csv_spectrum, every_case_should_give_the_expected_records_from_a_file) {
  int i;
  for (i = 0; spectrum[i] != NULL; i++) {
    char path[512], exp[512];
    sbuf got = {0};
    hinge_error e;
    char *want;
    snprintf(path, sizeof path, "%s/csv-spectrum/%s.csv", HINGE_TEST_DATA, spectrum[i]);
    snprintf(exp, sizeof exp, "%s/csv-spectrum/%s.expected", HINGE_TEST_DATA, spectrum[i]);
    cr_assert_eq(hinge_csv_read_file(path, NULL, render, &got, NULL, &e), HINGE_OK,
                 "%s: %s", spectrum[i], e.message);
    want = slurp(exp, NULL);
    cr_expect_str_eq(got.s ? got.s : "", want, "%s", spectrum[i]);
    free(want);
    free(got.s);
  }
}

Test(csv_spectrum, every_case_should_read_the_same_from_memory) {
  int i;
  for (i = 0; spectrum[i] != NULL; i++) {
    char path[512], exp[512];
    sbuf got = {0};
    size_t len;
    char *text, *want;
    snprintf(path, sizeof path, "%s/csv-spectrum/%s.csv", HINGE_TEST_DATA, spectrum[i]);
    snprintf(exp, sizeof exp, "%s/csv-spectrum/%s.expected", HINGE_TEST_DATA, spectrum[i]);
    text = slurp(path, &len);
    cr_assert_eq(hinge_csv_read_buffer(spectrum[i], text, len, NULL, render, &got, NULL, NULL),
                 HINGE_OK, "%s", spectrum[i]);
    want = slurp(exp, NULL);
    cr_expect_str_eq(got.s ? got.s : "", want, "%s", spectrum[i]);
    free(want);
    free(text);
    free(got.s);
  }
}

/* ---- details ---- */

Test(csv, a_bom_should_be_stripped_and_reported) {
  sbuf got = {0};
  hinge_csv_info info;
  const char *t = "\xEF\xBB\xBFtime_s,hip_deg\r\n0,1\r\n";
  cr_assert_eq(hinge_csv_read_buffer("b.csv", t, strlen(t), NULL, render, &got, &info, NULL), 0);
  cr_expect_str_eq(got.s, "1:time_s|hip_deg\n2:0|1\n");
  cr_expect(info.had_bom);
  cr_expect(info.crlf);
  cr_expect_eq(info.records, 2);
  cr_expect_eq(info.lines, 2);
  free(got.s);
}

Test(csv, the_delimiter_should_be_detected_outside_quotes) {
  sbuf got = {0};
  hinge_csv_info info;
  const char *t = "\"a,b,c\";d;e\n1,5;2;3\n";
  cr_assert_eq(hinge_csv_read_buffer("d.csv", t, strlen(t), NULL, render, &got, &info, NULL), 0);
  cr_expect_eq(info.delimiter, ';');
  cr_expect_str_eq(got.s, "1:a,b,c|d|e\n2:1,5|2|3\n");
  free(got.s);
}

Test(csv, a_tab_delimiter_should_be_detected_and_a_given_one_obeyed) {
  sbuf got = {0};
  hinge_csv_info info;
  hinge_csv_options o = {0};
  const char *t = "a\tb,c\n1\t2,3\n";
  cr_assert_eq(hinge_csv_read_buffer("t.csv", t, strlen(t), NULL, render, &got, &info, NULL), 0);
  cr_expect_eq(info.delimiter, ',');
  cr_expect_str_eq(got.s, "1:a\tb|c\n2:1\t2|3\n");
  free(got.s);
  got.s = NULL;
  got.n = got.cap = 0;
  o.delimiter = '\t';
  cr_assert_eq(hinge_csv_read_buffer("t.csv", t, strlen(t), &o, render, &got, &info, NULL), 0);
  cr_expect_eq(info.delimiter, '\t');
  cr_expect_str_eq(got.s, "1:a|b,c\n2:1|2,3\n");
  free(got.s);
}

Test(csv, a_bad_delimiter_option_should_be_einval) {
  hinge_csv_options o = {0};
  hinge_error e;
  o.delimiter = '|';
  cr_expect_eq(hinge_csv_read_buffer("x", "a", 1, &o, NULL, NULL, NULL, &e), HINGE_EINVAL);
}

Test(csv, a_stray_quote_should_fail_at_its_line_and_field) {
  sbuf got = {0};
  hinge_error e;
  cr_assert_eq(read_str("a,b\n1,2\n3,x\"y\n5,6\n", NULL, &got, &e), HINGE_EPARSE);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 2);
  cr_expect_str_eq(e.file, "mem.csv");
  cr_expect(strstr(e.message, "quote inside an unquoted field") != NULL, "%s", e.message);
  cr_expect_str_eq(got.s, "1:a|b\n2:1|2\n"); /* records before the error were delivered */
  free(got.s);
}

Test(csv, text_after_a_closing_quote_should_fail_on_its_physical_line) {
  hinge_error e;
  cr_assert_eq(read_str("a,b,c\n1,\"two\nlines\"x,3\n", NULL, NULL, &e), HINGE_EPARSE);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 2);
  cr_expect(strstr(e.message, "after a closing quote") != NULL, "%s", e.message);
}

Test(csv, an_unterminated_quote_should_name_the_line_it_opened_on) {
  hinge_error e;
  cr_assert_eq(read_str("a,b\n1,2\n3,\"abc\ndef\nghi\n", NULL, NULL, &e), HINGE_EPARSE);
  cr_expect_eq(e.line, 3);
  cr_expect_eq(e.column, 2);
  cr_expect(strstr(e.message, "unterminated") != NULL, "%s", e.message);
}

Test(csv, the_field_cap_should_allow_the_limit_and_refuse_one_more_byte) {
  hinge_csv_options o = {0};
  hinge_error e;
  char text[2048];
  o.max_field = 1000;
  memset(text, 'x', 1000);
  strcpy(text + 1000, "\n1\n");
  cr_expect_eq(read_str(text, &o, NULL, &e), HINGE_OK, "%s", e.message);
  memset(text, 'y', 1001);
  strcpy(text + 1001, "\n");
  cr_assert_eq(read_str(text, &o, NULL, &e), HINGE_ELIMIT);
  cr_expect_eq(e.line, 1);
  cr_expect_eq(e.column, 1);
}

Test(csv, the_column_cap_should_fail_at_the_first_field_over_it) {
  hinge_csv_options o = {0};
  hinge_error e;
  o.max_columns = 3;
  cr_expect_eq(read_str("a,b,c\n1,2,3\n", &o, NULL, &e), HINGE_OK);
  cr_assert_eq(read_str("a,b,c\n1,2,3,4\n", &o, NULL, &e), HINGE_ELIMIT);
  cr_expect_eq(e.line, 2);
  cr_expect_eq(e.column, 4);
}

Test(csv, the_record_cap_should_hold_for_many_small_fields) {
  hinge_csv_options o = {0};
  hinge_error e;
  o.max_record = 10;
  cr_assert_eq(read_str("aa,bb,cc,dd\n", &o, NULL, &e), HINGE_ELIMIT);
  cr_expect_eq(e.column, 4);
}

static int stop_at_second(void *ud, const hinge_csv_row *row, hinge_error *err) {
  int *n = ud;
  (*n)++;
  if (row->index == 1)
    return hinge__fail(err, HINGE_ERANGE, "cb", row->line, 1, "stop here");
  return HINGE_OK;
}

Test(csv, a_callback_status_should_stop_the_read_and_be_returned) {
  int n = 0;
  hinge_error e;
  const char *t = "a\n1\n2\n3\n";
  cr_assert_eq(hinge_csv_read_buffer("s", t, strlen(t), NULL, stop_at_second, &n, NULL, &e),
               HINGE_ERANGE);
  cr_expect_eq(n, 2);
  cr_expect_str_eq(e.message, "stop here");
}

Test(csv, nul_bytes_and_invalid_utf8_should_pass_through_with_lengths) {
  static const char t[] = "a,b\n\xff\xfe,x\0y\n";
  hinge_csv_reader *r;
  const hinge_csv_row *row;
  cr_assert_eq(hinge_csv_open_buffer("n", t, sizeof t - 1, NULL, &r, NULL), HINGE_OK);
  cr_assert_eq(hinge_csv_next(r, &row, NULL), 1);
  cr_assert_eq(hinge_csv_next(r, &row, NULL), 1);
  cr_expect_eq(row->nfields, 2);
  cr_expect_eq(row->lengths[0], 2);
  cr_expect_eq(row->lengths[1], 3);
  cr_expect(memcmp(row->fields[1], "x\0y", 3) == 0);
  cr_expect_eq(hinge_csv_next(r, &row, NULL), 0);
  cr_expect_eq(hinge_csv_next(r, &row, NULL), 0);
  hinge_csv_close(r);
}

Test(csv, after_an_error_the_pull_reader_should_keep_returning_it) {
  hinge_csv_reader *r;
  const hinge_csv_row *row;
  const char *t = "a\n\"x\"y\n";
  cr_assert_eq(hinge_csv_open_buffer("e", t, strlen(t), NULL, &r, NULL), HINGE_OK);
  cr_expect_eq(hinge_csv_next(r, &row, NULL), 1);
  cr_expect_eq(hinge_csv_next(r, &row, NULL), HINGE_EPARSE);
  cr_expect_eq(hinge_csv_next(r, &row, NULL), HINGE_EPARSE);
  hinge_csv_close(r);
  hinge_csv_close(NULL);
}

Test(csv, empty_input_and_a_lone_bom_should_give_no_records) {
  sbuf got = {0};
  hinge_csv_info info;
  cr_expect_eq(hinge_csv_read_buffer("e", "", 0, NULL, render, &got, &info, NULL), HINGE_OK);
  cr_expect_eq(info.records, 0);
  cr_expect_eq(hinge_csv_read_buffer("e", "\xEF\xBB\xBF\n\n", 5, NULL, render, &got, &info, NULL),
               HINGE_OK);
  cr_expect_eq(info.records, 0);
  cr_expect(info.had_bom);
  cr_expect_eq(info.lines, 2);
  cr_expect_null(got.s);
}

Test(csv, a_missing_file_should_be_eio_naming_it) {
  hinge_error e;
  cr_assert_eq(hinge_csv_read_file("/nonexistent/x.csv", NULL, NULL, NULL, NULL, &e), HINGE_EIO);
  cr_expect_str_eq(e.file, "/nonexistent/x.csv");
  cr_expect(strstr(e.message, "cannot open") != NULL);
}

/* Write text to a temporary file and return its path (static buffer). */
static const char *write_tmp(const char *name, const char *text, size_t len) {
  static char path[512];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", HINGE_TEST_TMP, name);
  f = fopen(path, "wb");
  cr_assert_not_null(f);
  cr_assert_eq(fwrite(text, 1, len, f), len);
  fclose(f);
  return path;
}

Test(csv, lines_longer_than_the_chunk_should_stream_through_in_fragments) {
  /* A quoted field of ~200 KB holding CRLFs, a header line of ~300 KB and
   * CRLFs that straddle the 64 KiB chunk boundary. */
  size_t big = 200000, i, n = 0;
  char *text = malloc(4 * big);
  sbuf got = {0};
  hinge_csv_info info;
  hinge_error e;
  const char *path;
  for (i = 0; i < 3 * big / 2; i++) text[n++] = 'h';
  memcpy(text + n, ",b\r\n", 4);
  n += 4;
  text[n++] = '"';
  for (i = 0; i < big; i++) text[n++] = (i % 1000 == 998) ? '\r' : (i % 1000 == 999) ? '\n' : 'q';
  memcpy(text + n, "\",2\r\n3,4\r\n", 10);
  n += 10;
  path = write_tmp("long_lines.csv", text, n);
  cr_assert_eq(hinge_csv_read_file(path, NULL, render, &got, &info, &e), HINGE_OK, "%s", e.message);
  cr_expect_eq(info.records, 3);
  cr_expect_eq(info.lines, 2 + 200 + 1);
  cr_expect(got.s != NULL && strstr(got.s, "\n203:3|4\n") != NULL);
  /* "1:" header "|b\n", "2:" field (each CR and LF escaped to 2 chars)
   * "|2\n", "203:3|4\n" */
  cr_expect_eq(got.n, (2 + 3 * big / 2 + 3) + (2 + big + 400 + 3) + 8);
  free(got.s);
  free(text);
}

/* Line ends are found with a CR search that looks a few KiB ahead and is
 * cached: CRs far apart, lone or in CRLF, inside a mostly-LF file, in
 * memory and across the file reader's chunks, must all end their lines. */
Test(csv, scattered_crs_should_end_lines_wherever_they_fall) {
  size_t rows = 20000, r, n = 0, k;
  char *text = malloc(rows * 16 + 16);
  sbuf mem = {0}, file = {0};
  hinge_csv_info info;
  hinge_error e;
  const char *path;
  for (r = 0; r < rows; r++) {
    n += (size_t)sprintf(text + n, "%zu,x", r);
    if (r % 997 == 5) text[n++] = '\r'; /* lone CR */
    else if (r % 1409 == 7) n += (size_t)sprintf(text + n, "\r\n");
    else text[n++] = '\n';
  }
  cr_assert_eq(hinge_csv_read_buffer("cr.csv", text, n, NULL, render, &mem, &info, &e),
               HINGE_OK, "%s", e.message);
  cr_expect_eq(info.records, rows);
  cr_expect_eq(info.lines, (long)rows);
  path = write_tmp("scattered_cr.csv", text, n);
  cr_assert_eq(hinge_csv_read_file(path, NULL, render, &file, &info, &e), HINGE_OK, "%s",
               e.message);
  cr_assert(mem.s != NULL && file.s != NULL && mem.n == file.n && memcmp(mem.s, file.s, mem.n) == 0);
  for (r = 0, k = 0; r < rows; r++) { /* record r on line r + 1, fields "r" and "x" */
    char want[40];
    int len = snprintf(want, sizeof want, "%zu:%zu|x\n", r + 1, r);
    cr_assert(k + (size_t)len <= mem.n && memcmp(mem.s + k, want, (size_t)len) == 0, "record %zu", r);
    k += (size_t)len;
  }
  free(mem.s);
  free(file.s);
  free(text);
}

Test(csv, a_5mb_line_should_be_read_whole_or_refused_by_the_cap) {
  size_t big = 5u << 20, n;
  char *text = malloc(big + 16);
  hinge_csv_options o = {0};
  hinge_error e;
  hinge_csv_info info;
  const char *path;
  memset(text, '7', big);
  n = big;
  memcpy(text + n, "\n", 1);
  n += 1;
  path = write_tmp("five_mb.csv", text, n);
  cr_expect_eq(hinge_csv_read_file(path, NULL, NULL, NULL, &info, &e), HINGE_OK);
  cr_expect_eq(info.records, 1);
  o.max_field = 1u << 20;
  cr_assert_eq(hinge_csv_read_file(path, &o, NULL, NULL, NULL, &e), HINGE_ELIMIT);
  cr_expect_eq(e.line, 1);
  free(text);
}

/* ---- allocator accounting ---- */

typedef struct acct {
  long long live;
  long allocs, fail_after;
} acct;

static void *counting(void *ud, void *ptr, size_t osize, size_t nsize) {
  acct *a = ud;
  void *p;
  if (nsize == 0) {
    a->live -= (long long)osize;
    free(ptr);
    return NULL;
  }
  if (a->fail_after >= 0 && a->allocs >= a->fail_after) return NULL;
  a->allocs++;
  p = realloc(ptr, nsize);
  if (p != NULL) a->live += (long long)nsize - (long long)(ptr ? osize : 0);
  return p;
}

Test(csv, every_byte_should_go_through_the_allocator_and_come_back) {
  acct a = {0, 0, -1};
  hinge_allocator al = {counting, &a};
  hinge_csv_options o = {0};
  char path[512];
  o.alloc = &al;
  snprintf(path, sizeof path, "%s/csv-spectrum/quotes_and_newlines.csv", HINGE_TEST_DATA);
  cr_assert_eq(hinge_csv_read_file(path, &o, NULL, NULL, NULL, NULL), HINGE_OK);
  cr_expect(a.allocs > 0);
  cr_expect_eq(a.live, 0, "leaked %lld bytes", a.live);
}

Test(csv, every_allocation_failure_should_be_enomem_without_leaks) {
  long k;
  int rc = HINGE_ENOMEM;
  char path[512];
  snprintf(path, sizeof path, "%s/csv-spectrum/newlines.csv", HINGE_TEST_DATA);
  for (k = 0; rc != HINGE_OK && k < 100; k++) {
    acct a = {0, 0, k};
    hinge_allocator al = {counting, &a};
    hinge_csv_options o = {0};
    o.alloc = &al;
    rc = hinge_csv_read_file(path, &o, NULL, NULL, NULL, NULL);
    cr_expect(rc == HINGE_OK || rc == HINGE_ENOMEM, "fail_after %ld: rc %d", k, rc);
    cr_expect_eq(a.live, 0, "fail_after %ld: leaked %lld bytes", k, a.live);
  }
  cr_expect_eq(rc, HINGE_OK);
}
