/* A blank line (spaces or tabs) longer than the line source's 64 KiB
 * chunk: skipped by the file reader as by the buffer reader (regression
 * of tests/fuzz/crashes-found/csv-long-blank-line.c, where the file read
 * made it a one-field record). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hinge/hinge.h"

static int count(void *ud, const hinge_csv_row *row, hinge_error *err) {
  (void)row;
  (void)err;
  ++*(int *)ud;
  return 0;
}

/* The test file: a header, a row, the blank line (`fill` bytes of `c`,
 * a row first when `before` is set on that line), two rows. */
static char *make(size_t fill, const char *before, size_t *len) {
  char *buf = malloc(fill + 128);
  size_t k = (size_t)sprintf(buf, "time_s,hip_deg\n0,1\n");
  size_t i;
  cr_assert_not_null(buf);
  for (i = 0; i < fill; i++) buf[k++] = i % 3 ? ' ' : '\t';
  k += (size_t)sprintf(buf + k, "%s\n0.01,2\n0.02,3\n", before);
  *len = k;
  return buf;
}

static void both(const char *buf, size_t len, int *in_buffer, int *in_file, int *rb, int *rf) {
  FILE *f = fopen(HINGE_TEST_TMP "/long_blank.csv", "wb");
  cr_assert_not_null(f);
  fwrite(buf, 1, len, f);
  fclose(f);
  *in_buffer = *in_file = 0;
  *rb = hinge_csv_read_buffer("b", buf, len, NULL, count, in_buffer, NULL, NULL);
  *rf = hinge_csv_read_file(HINGE_TEST_TMP "/long_blank.csv", NULL, count, in_file, NULL, NULL);
}

Test(csv_long_blank, a_blank_line_past_the_chunk_is_skipped_by_file_and_buffer_reads) {
  size_t len;
  char *buf = make(70000, "", &len);
  int a, b, ra, rb;
  hinge_table *t = NULL;
  hinge_error e;
  both(buf, len, &a, &b, &ra, &rb);
  cr_assert_eq(ra, HINGE_OK);
  cr_assert_eq(rb, HINGE_OK);
  cr_assert_eq(a, 4);
  cr_assert_eq(b, 4, "file read: %d records", b);
  cr_assert_eq(hinge_table_load(HINGE_TEST_TMP "/long_blank.csv", NULL, &t, &e), HINGE_OK, "%s",
               e.message);
  cr_assert_eq(hinge_table_rows(t), 3);
  hinge_table_destroy(t);
  free(buf);
}

/* The same start, then a value on that line: the held blank start is
 * replayed, so both reads see one record whose first field is too long. */
Test(csv_long_blank, a_long_blank_start_then_text_reads_the_same_from_file_and_buffer) {
  size_t len;
  char *buf = make(70000, "x,y", &len);
  int a, b, ra, rb;
  both(buf, len, &a, &b, &ra, &rb);
  cr_assert_eq(ra, rb, "buffer %d, file %d", ra, rb);
  cr_assert_eq(a, b);
  free(buf);
}

/* A first line that starts with more tabs than a chunk holds, before the
 * file reader has picked its delimiter: the held tabs turn out to be
 * delimiters (empty fields), not one long first field, so a small
 * max_field must not refuse the file when the buffer read takes it
 * (found by fuzz_csv with 13-byte chunks: tests/fuzz/crashes-found/
 * csv-held-tabs-become-delimiters). */
Test(csv_long_blank, held_tabs_that_become_delimiters_are_not_one_long_field) {
  size_t len = 0, i;
  char *buf = malloc(70100);
  int a = 0, b = 0, ra, rb;
  hinge_csv_options o;
  hinge_csv_info ia, ib;
  hinge_error ea, eb;
  FILE *f;
  cr_assert_not_null(buf);
  for (i = 0; i < 70000; i++) buf[len++] = '\t';
  len += (size_t)sprintf(buf + len, "x\n1\t2\n");
  hinge_csv_options_init(&o);
  o.max_field = 11;
  f = fopen(HINGE_TEST_TMP "/held_tabs.csv", "wb");
  cr_assert_not_null(f);
  fwrite(buf, 1, len, f);
  fclose(f);
  ra = hinge_csv_read_buffer("b", buf, len, &o, count, &a, &ia, &ea);
  rb = hinge_csv_read_file(HINGE_TEST_TMP "/held_tabs.csv", &o, count, &b, &ib, &eb);
  cr_assert_eq(ra, HINGE_OK, "%s", ea.message);
  cr_assert_eq(rb, HINGE_OK, "%s", eb.message);
  cr_assert_eq(a, 2);
  cr_assert_eq(b, 2);
  cr_assert_eq(ib.delimiter, '\t');
  /* past max_record the held start is a record too long, as in memory */
  o.max_record = 1000;
  ra = hinge_csv_read_buffer("b", buf, len, &o, count, &a, &ia, &ea);
  rb = hinge_csv_read_file(HINGE_TEST_TMP "/held_tabs.csv", &o, count, &b, &ib, &eb);
  cr_assert_eq(ra, HINGE_ELIMIT);
  cr_assert_eq(rb, HINGE_ELIMIT);
  cr_assert_eq(ea.line, eb.line);
  cr_assert(strstr(eb.message, "record too long") != NULL, "%s", eb.message);
  free(buf);
}

/* A long blank start, then a stray quote, with a small max_record: libcsv
 * must see the held start whole, so the file read fails on the quote
 * (HINGE_EPARSE) as the buffer read does, not on the held blanks' length
 * (found by fuzz_csv: crashes-found/csv-held-blanks-then-quote). */
Test(csv_long_blank, a_held_blank_start_then_a_stray_quote_fails_alike) {
  size_t len = 0, i;
  char *buf = malloc(70100);
  int a = 0, b = 0, ra, rb;
  hinge_csv_options o;
  hinge_error ea, eb;
  FILE *f;
  cr_assert_not_null(buf);
  for (i = 0; i < 70000; i++) buf[len++] = ' ';
  len += (size_t)sprintf(buf + len, "\"x;y\n1;2\n");
  hinge_csv_options_init(&o);
  o.delimiter = ';';
  o.max_record = 10;
  f = fopen(HINGE_TEST_TMP "/held_quote.csv", "wb");
  cr_assert_not_null(f);
  fwrite(buf, 1, len, f);
  fclose(f);
  ra = hinge_csv_read_buffer("b", buf, len, &o, count, &a, NULL, &ea);
  rb = hinge_csv_read_file(HINGE_TEST_TMP "/held_quote.csv", &o, count, &b, NULL, &eb);
  cr_assert_eq(ra, HINGE_EPARSE, "%s", ea.message);
  cr_assert_eq(rb, ra, "file: %s; buffer: %s", eb.message, ea.message);
  cr_assert_eq(eb.line, ea.line);
  cr_assert_eq(a, b);
  free(buf);
}
