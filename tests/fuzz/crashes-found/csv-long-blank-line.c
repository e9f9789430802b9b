/* A blank line (only spaces or tabs) longer than the reader's 64 KiB chunk
 * is skipped when the CSV is read from memory but becomes a record when
 * it is read from a file: the line source hands such a line over in
 * fragments, and hinge__csv_blank (src/csv_lines.c) never calls an
 * incomplete piece blank, so hinge__csvrec_feed (src/csv.c) feeds it to
 * libcsv.  hinge_table_load then fails with HINGE_EPARSE ("expected 2
 * fields as in the header, found 1") where hinge_table_load_buffer
 * succeeds.  Found by fuzz_csv (buffer reader against the line source with
 * a small chunk).
 *
 *   cc -Iinclude tests/fuzz/crashes-found/csv-long-blank-line.c build/libhinge.a -lcsv -lm -lpthread
 *   ./a.out     (writes blank.csv in the current folder)
 * prints "buffer 4 records, file 5 records" and the two load statuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hinge/hinge.h"
static int count(void *ud, const hinge_csv_row *row, hinge_error *err) { (void)row; (void)err; ++*(int *)ud; return 0; }
int main(void) {
  size_t n = 70000, len;
  char *buf = malloc(n + 64);
  FILE *f;
  int a = 0, b = 0, ra, rb;
  hinge_table *t = NULL;
  hinge_error e;
  len = (size_t)sprintf(buf, "time_s,hip_deg\n0,1\n");
  memset(buf + len, ' ', n); len += n;
  len += (size_t)sprintf(buf + len, "\n0.01,2\n0.02,3\n");
  f = fopen("blank.csv", "wb"); fwrite(buf, 1, len, f); fclose(f);
  ra = hinge_csv_read_buffer("blank.csv", buf, len, NULL, count, &a, NULL, NULL);
  rb = hinge_csv_read_file("blank.csv", NULL, count, &b, NULL, NULL);
  printf("csv: buffer %d records (rc %d), file %d records (rc %d)\n", a, ra, b, rb);
  ra = hinge_table_load_buffer("blank.csv", buf, len, NULL, &t, &e);
  printf("load_buffer: %s %s\n", hinge_err_name(ra), ra ? e.message : ""); hinge_table_destroy(t); t = NULL;
  rb = hinge_table_load("blank.csv", NULL, &t, &e);
  printf("load file: %s %s\n", hinge_err_name(rb), rb ? e.message : ""); hinge_table_destroy(t);
  return 0;
}
