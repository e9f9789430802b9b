/* Unit tests for src/report (hinge/chart.h): the description, the SVG
 * writer's layout against closed-form positions, and the cairo PDF. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hinge/chart.h"

/* An accounting allocator: every free names the size allocated. */
typedef struct acct { long blocks; long long bytes; int fail_after; } acct;
static void *acct_fn(void *ud, void *ptr, size_t osize, size_t nsize) {
  acct *a = ud;
  if (nsize == 0) {
    if (ptr) a->blocks--, a->bytes -= (long long)osize;
    free(ptr);
    return NULL;
  }
  if (a->fail_after == 0) return NULL;
  if (a->fail_after > 0) a->fail_after--;
  ptr = realloc(ptr, nsize);
  if (ptr == NULL) return NULL;
  if (osize == 0) a->blocks++;
  a->bytes += (long long)nsize - (long long)osize;
  return ptr;
}

static size_t count(const char *s, const char *needle) {
  size_t n = 0;
  for (s = strstr(s, needle); s; s = strstr(s + 1, needle)) n++;
  return n;
}

static char *svg_of(hinge_chart *c, size_t *len) {
  char *s = NULL;
  hinge_error err;
  cr_assert_eq(hinge_chart_svg(c, &s, len, &err), HINGE_OK, "%s", err.message);
  cr_assert_eq(strlen(s), *len);
  return s;
}

Test(chart, new_should_refuse_sizes_out_of_range) {
  hinge_chart *c = (hinge_chart *)1;
  hinge_error err;
  cr_assert_eq(hinge_chart_new(10, 200, NULL, NULL, &c, &err), HINGE_EINVAL);
  cr_assert_null(c);
  cr_assert(strstr(err.message, "80 to 4000") != NULL);
  cr_assert_eq(hinge_chart_new(NAN, 200, NULL, NULL, &c, &err), HINGE_EINVAL);
}

Test(chart, a_line_should_map_data_to_the_plot_frame) {
  /* No title, legend or labels: plot left 48, right W-12, top 12,
   * bottom H-22.  x 0..100 and y 0..10 are round already. */
  hinge_chart *c;
  hinge_error err;
  hinge_chart_axis ax = {0, 100, NULL, 0, NULL, 0}, ay = {0, 10, NULL, 0, NULL, 0};
  double x[3] = {0, 50, 100}, y[3] = {0, 5, 10};
  hinge_chart_style st = {"#123456", 2, 0, 0, NULL};
  size_t len;
  char *s;
  cr_assert_eq(hinge_chart_new(260, 122, NULL, NULL, &c, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_axis_set(c, 'x', &ax, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_axis_set(c, 'y', &ay, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_line(c, x, y, 3, &st, &err), HINGE_OK);
  s = svg_of(c, &len);
  /* x: 48 + t * 200; y: 100 - t * 88 */
  cr_assert(strstr(s, "stroke=\"#123456\" stroke-width=\"2.00\" points=\"48.00,100.00 148.00,56.00 248.00,12.00\"") != NULL, "%s", s);
  hinge_chart_free_string(c, s, len);
  hinge_chart_destroy(c);
}

Test(chart, nan_should_break_a_line_and_round_ticks_cover_the_data) {
  hinge_chart *c;
  hinge_error err;
  double x[5] = {0, 1, 2, 3, 4}, y[5] = {1, 2, NAN, 3, 9.3};
  size_t len;
  char *s;
  cr_assert_eq(hinge_chart_new(300, 200, "t", NULL, &c, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_line(c, x, y, 5, NULL, &err), HINGE_OK);
  s = svg_of(c, &len);
  cr_assert_eq(count(s, "stroke=\"#0072b2\""), 2, "two runs in the palette's first colour");
  /* y 1..9.3 widened to round ticks of 2: 0, 2, ..., 10 */
  cr_assert(strstr(s, ">10</text>") != NULL && strstr(s, ">0</text>") != NULL, "%s", s);
  hinge_chart_free_string(c, s, len);
  hinge_chart_destroy(c);
}

Test(chart, text_should_be_escaped_and_no_reference_leave_the_element) {
  hinge_chart *c;
  hinge_error err;
  hinge_chart_style st = {NULL, 0, 0, 0, "a<b & \"c\""};
  const char *labels[2] = {"r&1", "r2"};
  hinge_chart_axis ax = {NAN, NAN, "x <label>", 0, labels, 2};
  double x[2] = {1, 2}, y[2] = {3, 4};
  size_t len;
  char *s;
  cr_assert_eq(hinge_chart_new(300, 200, "T<&>", NULL, &c, &err), HINGE_OK);
  hinge_chart_legend(c, 1);
  cr_assert_eq(hinge_chart_axis_set(c, 'x', &ax, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_bars(c, x, y, 2, NULL, &st, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_text(c, 1, 1, "x&y", NULL, &err), HINGE_OK);
  s = svg_of(c, &len);
  cr_assert(strstr(s, "a&lt;b &amp; &quot;c&quot;") != NULL);
  cr_assert(strstr(s, "T&lt;&amp;&gt;") != NULL && strstr(s, "r&amp;1") != NULL);
  cr_assert(strstr(s, "x&amp;y") != NULL && strstr(s, "x &lt;label&gt;") != NULL);
  cr_assert_null(strstr(s, "href"));
  cr_assert_null(strstr(s, "url("));
  cr_assert_eq(count(s, "http"), 1, "only the SVG namespace");
  cr_assert_eq(count(s, "<rect"), 1 + 2 + 1, "background, two bars, one legend swatch");
  hinge_chart_free_string(c, s, len);
  hinge_chart_destroy(c);
}

Test(chart, bad_colours_and_arguments_should_fail_and_leave_the_chart) {
  hinge_chart *c;
  hinge_error err;
  hinge_chart_style bad = {"red", 0, 0, 0, NULL};
  const char *cols[2] = {"#fff", "#12345"};
  double x[2] = {1, 2}, y[2] = {1, 2};
  hinge_chart_axis ax = {5, 1, NULL, 0, NULL, 0};
  cr_assert_eq(hinge_chart_new(300, 200, NULL, NULL, &c, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_line(c, x, y, 2, &bad, &err), HINGE_EINVAL);
  cr_assert(strstr(err.message, "'red'") != NULL);
  cr_assert_eq(hinge_chart_bars(c, x, y, 2, cols, NULL, &err), HINGE_EINVAL);
  cr_assert(strstr(err.message, "colour 2") != NULL, "%s", err.message);
  cr_assert_eq(hinge_chart_line(c, x, y, 0, NULL, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_chart_threshold(c, INFINITY, NULL, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_chart_axis_set(c, 'x', &ax, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_chart_axis_set(c, 'z', &ax, &err), HINGE_EINVAL);
  cr_assert_eq(hinge_chart_element_count(c), 0);
  hinge_chart_destroy(c);
}

static hinge_chart *sample(const hinge_allocator *a) {
  hinge_chart *c;
  hinge_error err;
  double x[4] = {0, 1, 2, 3}, y[4] = {1, 4, 2, 8};
  hinge_chart_style st = {"#d55e00", 0, 0, 1, "lumbar"};
  const char *labels[2] = {"one", "two"};
  hinge_chart_axis ay = {NAN, NAN, "deg", 0, labels, 2};
  cr_assert_eq(hinge_chart_new(320, 200, "Sample", a, &c, &err), HINGE_OK);
  hinge_chart_legend(c, 1);
  cr_assert_eq(hinge_chart_band(c, NAN, NAN, 5, 10, NULL, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_line(c, x, y, 4, &st, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_markers(c, x, y, 4, NULL, NULL, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_threshold(c, 5, &st, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_text(c, 1, 1, "note", NULL, &err), HINGE_OK);
  cr_assert_eq(hinge_chart_axis_set(c, 'y', &ay, &err), HINGE_OK);
  return c;
}

Test(chart, svg_should_be_deterministic_and_free_every_byte) {
  acct counts = {0, 0, -1};
  hinge_allocator a = {acct_fn, &counts};
  hinge_chart *c = sample(&a);
  size_t l1, l2;
  char *s1 = svg_of(c, &l1), *s2 = svg_of(c, &l2);
  cr_assert_eq(l1, l2);
  cr_assert_eq(memcmp(s1, s2, l1), 0);
  cr_assert_eq(count(s1, "<g class=\""), 5, "bands, lines, thresholds, markers, notes");
  hinge_chart_free_string(c, s1, l1);
  hinge_chart_free_string(c, s2, l2);
  hinge_chart_destroy(c);
  cr_assert_eq(counts.blocks, 0);
  cr_assert_eq(counts.bytes, 0);
}

Test(chart, every_allocation_failure_should_fail_cleanly) {
  int k;
  for (k = 0; k < 60; k++) {
    acct counts = {0, 0, k};
    hinge_allocator a = {acct_fn, &counts};
    hinge_chart *c = NULL;
    hinge_error err;
    double x[2] = {0, 1}, y[2] = {0, 1};
    char *s = NULL;
    size_t len;
    int rc = hinge_chart_new(200, 100, "t", &a, &c, &err);
    if (rc == HINGE_OK) rc = hinge_chart_line(c, x, y, 2, &(hinge_chart_style){NULL, 0, 0, 0, "l"}, &err);
    if (rc == HINGE_OK) rc = hinge_chart_svg(c, &s, &len, &err);
    cr_assert(rc == HINGE_OK || rc == HINGE_ENOMEM);
    if (s) hinge_chart_free_string(c, s, len);
    hinge_chart_destroy(c);
    cr_assert_eq(counts.blocks, 0, "fail after %d", k);
  }
}

Test(chart, pdf_should_be_written_whole_and_deterministic) {
  char path[512], tmp[520], buf[8];
  hinge_pdf *p;
  hinge_error err;
  hinge_chart *c = sample(NULL);
  FILE *f;
  long n1, n2;
  int i;
  snprintf(path, sizeof path, "%s/test_chart_%ld.pdf", HINGE_TEST_TMP, (long)getpid());
  snprintf(tmp, sizeof tmp, "%s.partial", path);
  for (i = 0; i < 2; i++) {
    if (i == 1) remove(path);
    cr_assert_eq(hinge_pdf_open(path, 595, 842, "T", "2026-03-06", NULL, &p, &err), HINGE_OK, "%s", err.message);
    cr_assert_eq(access(path, F_OK), -1, "not there before close");
    cr_assert_eq(hinge_pdf_chart(p, c, 36, 36, &err), HINGE_OK);
    cr_assert_eq(hinge_pdf_text(p, 36, 300, 12, 1, NULL, "Hello", &err), HINGE_OK);
    cr_assert_eq(hinge_pdf_rect(p, 36, 320, 50, 10, "#1a9850", &err), HINGE_OK);
    cr_assert_eq(hinge_pdf_page(p, &err), HINGE_OK);
    cr_assert_eq(hinge_pdf_text(p, 36, 60, 12, 0, "#333333", "page 2", &err), HINGE_OK);
    cr_assert_eq(hinge_pdf_close(p, 1, &err), HINGE_OK, "%s", err.message);
    cr_assert_eq(access(tmp, F_OK), -1, "the temporary is gone");
    f = fopen(path, "rb");
    cr_assert_not_null(f);
    cr_assert_eq(fread(buf, 1, 5, f), 5);
    cr_assert_eq(memcmp(buf, "%PDF-", 5), 0);
    fseek(f, 0, SEEK_END);
    if (i == 0) n1 = ftell(f); else n2 = ftell(f);
    fclose(f);
    if (i == 0) {
      char cmd[1100];
      snprintf(cmd, sizeof cmd, "cp '%s' '%s.first'", path, path);
      cr_assert_eq(system(cmd), 0);
    }
  }
  cr_assert_eq(n1, n2);
  {
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s.first'", path, path);
    cr_assert_eq(system(cmd), 0, "same calls, same bytes");
    snprintf(cmd, sizeof cmd, "rm -f '%s.first'", path);
    cr_assert_eq(system(cmd), 0);
  }
  /* discarded: nothing left */
  remove(path);
  cr_assert_eq(hinge_pdf_open(path, 595, 842, NULL, NULL, NULL, &p, &err), HINGE_OK);
  cr_assert_eq(hinge_pdf_close(p, 0, &err), HINGE_OK);
  cr_assert_eq(access(path, F_OK), -1);
  cr_assert_eq(access(tmp, F_OK), -1);
  cr_assert_eq(hinge_pdf_open("/nonexistent-dir/x.pdf", 595, 842, NULL, NULL, NULL, &p, &err), HINGE_EIO);
  cr_assert(strstr(err.file, "/nonexistent-dir/x.pdf") != NULL);
  hinge_chart_destroy(c);
}
