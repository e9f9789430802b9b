/*
 * hinge/chart.h -- one chart description, two outputs: an SVG string
 * (for the HTML pages of `hinge report`) and a page of a PDF file drawn
 * with cairo.  Both outputs are laid out by the same code from the same
 * numbers, so they show the same thing; both are deterministic (same
 * calls, same bytes; the PDF's creation date is the one given).
 *
 *   hinge_chart *c = NULL;
 *   hinge_chart_style st = {0};
 *   hinge_chart_new(480, 240, "Lumbar, rep by rep", NULL, &c, &err);
 *   st.color = "#d55e00"; st.label = "lumbar";
 *   hinge_chart_line(c, x, y, n, &st, &err);
 *   hinge_chart_threshold(c, 5, &(hinge_chart_style){"#cc0000", 0, 0, 1, "stop"}, &err);
 *   hinge_chart_svg(c, &svg, &len, &err);  ... hinge_chart_free_string(c, svg, len);
 *   hinge_chart_destroy(c);
 *
 * docs/report.md describes the primitives, the layout and the report.
 */
#ifndef HINGE_CHART_H
#define HINGE_CHART_H

#include <stddef.h>

#include "hinge/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hinge_chart hinge_chart;

/* How an element is drawn.  Zero fields take the defaults. */
typedef struct hinge_chart_style {
  const char *color;  /* "#rgb" or "#rrggbb"; NULL = the next colour of the
                         palette (Okabe-Ito, colour-blind safe) */
  double width;       /* line width in px (default 1.5); bars: width in x units
                         (default 0.7); markers: radius in px (default 3) */
  double opacity;     /* fill opacity of bands and bars, 0..1 (default 0.18 for
                         bands, 1 otherwise) */
  int dash;           /* 1: dashed stroke */
  const char *label;  /* the legend's entry (and a threshold's tag); NULL = none */
} hinge_chart_style;

/* An axis.  min/max NaN: from the data, widened to round ticks.  With
 * dates != 0 the values are day numbers (hinge_day_parse) and the ticks
 * read YYYY-MM-DD; with nlabels > 0 the ticks are at 1..nlabels and read
 * labels[i] (categories: reps, timeline rows). */
typedef struct hinge_chart_axis {
  double min, max;
  const char *label;
  int dates;
  const char *const *labels;
  size_t nlabels;
} hinge_chart_axis;

/* A new empty chart of width x height px (PDF points), 80..4000 each;
 * title may be NULL.  alloc (NULL = libc) must outlive the chart.
 * HINGE_EINVAL for a size out of range, HINGE_ENOMEM. */
HINGE_EXPORT int hinge_chart_new(double width, double height, const char *title,
                                 const hinge_allocator *alloc, hinge_chart **out,
                                 hinge_error *err);
HINGE_EXPORT void hinge_chart_destroy(hinge_chart *c);

/* Set the x ('x') or y ('y') axis (copied).  HINGE_EINVAL for another
 * letter, min >= max, or a non-finite bound other than NaN. */
HINGE_EXPORT int hinge_chart_axis_set(hinge_chart *c, char which, const hinge_chart_axis *ax,
                                      hinge_error *err);
/* Show a legend of the labelled elements (off by default). */
HINGE_EXPORT void hinge_chart_legend(hinge_chart *c, int on);

/* Elements, drawn in the order bands, bars, lines, thresholds, markers,
 * text (each kind in the order added).  Arrays are copied.  A NaN y
 * breaks a line and skips a bar or marker.  colors, when not NULL, gives
 * each bar or marker its own colour (NULL entries take the style's).
 * Errors: HINGE_EINVAL (a bad colour, n == 0 for a line, a NULL array
 * with n > 0), HINGE_ENOMEM; the chart is unchanged on error. */
HINGE_EXPORT int hinge_chart_line(hinge_chart *c, const double *x, const double *y, size_t n,
                                  const hinge_chart_style *st, hinge_error *err);
/* A filled rectangle; a NaN bound runs to the edge of the plot (NaN x0
 * and x1 make a horizontal band: a threshold zone; NaN y0 and y1 a
 * vertical one: a timeline span). */
HINGE_EXPORT int hinge_chart_band(hinge_chart *c, double x0, double x1, double y0, double y1,
                                  const hinge_chart_style *st, hinge_error *err);
/* Bars from 0 (or the axis' min when 0 is outside it) to y at each x. */
HINGE_EXPORT int hinge_chart_bars(hinge_chart *c, const double *x, const double *y, size_t n,
                                  const char *const *colors, const hinge_chart_style *st,
                                  hinge_error *err);
/* A horizontal line across the plot at y, tagged with st->label at the
 * right end. */
HINGE_EXPORT int hinge_chart_threshold(hinge_chart *c, double y, const hinge_chart_style *st,
                                       hinge_error *err);
/* Dots at (x[i], y[i]). */
HINGE_EXPORT int hinge_chart_markers(hinge_chart *c, const double *x, const double *y, size_t n,
                                     const char *const *colors, const hinge_chart_style *st,
                                     hinge_error *err);
/* Text at (x, y) in data units, left-aligned (st->width > 0: font size,
 * default 10). */
HINGE_EXPORT int hinge_chart_text(hinge_chart *c, double x, double y, const char *text,
                                  const hinge_chart_style *st, hinge_error *err);

HINGE_EXPORT double hinge_chart_width(const hinge_chart *c);
HINGE_EXPORT double hinge_chart_height(const hinge_chart *c);
HINGE_EXPORT size_t hinge_chart_element_count(const hinge_chart *c);

/* The chart as one <svg> element (no XML declaration, no external
 * reference; fit to be inlined in XHTML).  *out is allocated with the
 * chart's allocator, NUL-terminated, *len bytes without the NUL; free it
 * with hinge_chart_free_string.  HINGE_ENOMEM. */
HINGE_EXPORT int hinge_chart_svg(const hinge_chart *c, char **out, size_t *len, hinge_error *err);
HINGE_EXPORT void hinge_chart_free_string(const hinge_chart *c, char *s, size_t len);

/* PDF documents (cairo).  Sizes in points (A4 595 x 842, Letter 612 x
 * 792).  hinge_pdf_open writes to a temporary beside path and
 * hinge_pdf_close renames it over path on success, so a failed document
 * leaves nothing half-written.  title and date ("YYYY-MM-DD") go into the
 * metadata; NULL = none (no creation date: deterministic bytes). */
typedef struct hinge_pdf hinge_pdf;
HINGE_EXPORT int hinge_pdf_open(const char *path, double width_pt, double height_pt,
                                const char *title, const char *date,
                                const hinge_allocator *alloc, hinge_pdf **out, hinge_error *err);
/* Draw chart c with its top-left corner at (x, y) on the current page. */
HINGE_EXPORT int hinge_pdf_chart(hinge_pdf *p, const hinge_chart *c, double x, double y,
                                 hinge_error *err);
/* Text with its baseline at (x, y); size in points; bold 0/1; color
 * "#rrggbb" or NULL (black). */
HINGE_EXPORT int hinge_pdf_text(hinge_pdf *p, double x, double y, double size, int bold,
                                const char *color, const char *text, hinge_error *err);
/* A filled rectangle (verdict chips, rules). */
HINGE_EXPORT int hinge_pdf_rect(hinge_pdf *p, double x, double y, double w, double h,
                                const char *color, hinge_error *err);
/* The width the layout gives text at size (the same estimate the SVG
 * writer uses, so both outputs wrap alike). */
HINGE_EXPORT double hinge_chart_text_width(const char *text, double size, int bold);
/* End the page and start a new one. */
HINGE_EXPORT int hinge_pdf_page(hinge_pdf *p, hinge_error *err);
/* Finish and commit (commit 0: discard).  Frees p whatever happens;
 * HINGE_EIO naming the file when it could not be written. */
HINGE_EXPORT int hinge_pdf_close(hinge_pdf *p, int commit, hinge_error *err);

#ifdef __cplusplus
}
#endif
#endif /* HINGE_CHART_H */
