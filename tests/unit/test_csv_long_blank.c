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

/* 70,000 bytes of c, then rest: a malloc'd buffer (its length in *len),
 * also written to the file path. */
static char *blank_start(char c, const char *rest, const char *path, size_t *len) {
  char *buf = malloc(70000 + strlen(rest) + 1);
  FILE *f;
  cr_assert_not_null(buf);
  memset(buf, c, 70000);
  *len = 70000 + (size_t)sprintf(buf + 70000, "%s", rest);
  f = fopen(path, "wb");
  cr_assert_not_null(f);
  fwrite(buf, 1, *len, f);
  fclose(f);
  return buf;
}

/* The buffer read and the file read of the same text with options o:
 * statuses, records counted, errors (and the file read's info). */
typedef struct reads {
  int rb, rf, nb, nf;
  hinge_error eb, ef;
  hinge_csv_info info;
} reads;

static void read_both(const char *buf, size_t len, const char *path, const hinge_csv_options *o,
                      reads *r) {
  r->nb = r->nf = 0;
  r->rb = hinge_csv_read_buffer("b", buf, len, o, count, &r->nb, NULL, &r->eb);
  r->rf = hinge_csv_read_file(path, o, count, &r->nf, &r->info, &r->ef);
}

/* A first line that starts with more tabs than a chunk holds, before the
 * file reader has picked its delimiter: the held tabs turn out to be
 * delimiters (empty fields), not one long first field, so a small
 * max_field must not refuse the file when the buffer read takes it
 * (found by fuzz_csv with 13-byte chunks: tests/fuzz/crashes-found/
 * csv-held-tabs-become-delimiters). */
Test(csv_long_blank, held_tabs_that_become_delimiters_are_not_one_long_field) {
  static const char path[] = HINGE_TEST_TMP "/held_tabs.csv";
  size_t len;
  char *buf = blank_start('\t', "x\n1\t2\n", path, &len);
  hinge_csv_options o;
  reads r;
  hinge_csv_options_init(&o);
  o.max_field = 11;
  read_both(buf, len, path, &o, &r);
  cr_assert_eq(r.rb, HINGE_OK, "%s", r.eb.message);
  cr_assert_eq(r.rf, HINGE_OK, "%s", r.ef.message);
  cr_assert_eq(r.nb, 2);
  cr_assert_eq(r.nf, 2);
  cr_assert_eq(r.info.delimiter, '\t');
  /* past max_record the held start is a record too long, as in memory */
  o.max_record = 1000;
  read_both(buf, len, path, &o, &r);
  cr_assert_eq(r.rb, HINGE_ELIMIT);
  cr_assert_eq(r.rf, HINGE_ELIMIT);
  cr_assert_eq(r.eb.line, r.ef.line);
  cr_assert(strstr(r.ef.message, "record too long") != NULL, "%s", r.ef.message);
  free(buf);
}

/* A long blank start, then a stray quote, with a small max_record: libcsv
 * must see the held start whole, so the file read fails on the quote
 * (HINGE_EPARSE) as the buffer read does, not on the held blanks' length
 * (found by fuzz_csv: crashes-found/csv-held-blanks-then-quote). */
Test(csv_long_blank, a_held_blank_start_then_a_stray_quote_fails_alike) {
  static const char path[] = HINGE_TEST_TMP "/held_quote.csv";
  size_t len;
  char *buf = blank_start(' ', "\"x;y\n1;2\n", path, &len);
  hinge_csv_options o;
  reads r;
  hinge_csv_options_init(&o);
  o.delimiter = ';';
  o.max_record = 10;
  read_both(buf, len, path, &o, &r);
  cr_assert_eq(r.rb, HINGE_EPARSE, "%s", r.eb.message);
  cr_assert_eq(r.rf, r.rb, "file: %s; buffer: %s", r.ef.message, r.eb.message);
  cr_assert_eq(r.ef.line, r.eb.line);
  cr_assert_eq(r.nb, r.nf);
  free(buf);
}
