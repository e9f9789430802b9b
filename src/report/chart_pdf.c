/*
 * chart_pdf.c -- PDF documents with cairo: the same layout as the SVG
 * (hinge__chart_draw) through a painter on a cairo context.  The file is
 * written beside its target as PATH.partial and renamed at close.
 */
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "chart_internal.h"

struct hinge_pdf {
  const hinge_allocator *alloc;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_font_face_t *face[2]; /* regular, bold: made once, not per text run */
  char *path, *tmp;
};

/* The painter's context: the cairo context and the document's faces. */
typedef struct pdf_ctx {
  cairo_t *cr;
  cairo_font_face_t *const *face;
} pdf_ctx;

static void rgb(cairo_t *cr, const char *hex, double alpha) {
  unsigned r = 0, g = 0, b = 0;
  hinge__color col;
  if (hex != NULL && hinge__color_parse(hex, col)) sscanf(col + 1, "%2x%2x%2x", &r, &g, &b);
  cairo_set_source_rgba(cr, r / 255.0, g / 255.0, b / 255.0, alpha);
}

static void pdf_rect(void *ctx, const hinge__box *b, const char *fill, double opacity) {
  cairo_t *cr = ((pdf_ctx *)ctx)->cr;
  rgb(cr, fill, opacity);
  cairo_rectangle(cr, b->x, b->y, b->w, b->h);
  cairo_fill(cr);
}

static void pdf_polyline(void *ctx, const double *xy, size_t n, const char *stroke, double width,
                         int dash) {
  static const double pattern[] = {5, 3};
  cairo_t *cr = ((pdf_ctx *)ctx)->cr;
  size_t i;
  rgb(cr, stroke, 1);
  cairo_set_line_width(cr, width);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_dash(cr, pattern, dash ? 2 : 0, 0);
  cairo_move_to(cr, xy[0], xy[1]);
  for (i = 1; i < n; i++) cairo_line_to(cr, xy[2 * i], xy[2 * i + 1]);
  cairo_stroke(cr);
  cairo_set_dash(cr, pattern, 0, 0);
}

static void pdf_circle(void *ctx, double cx, double cy, double r, const char *fill) {
  cairo_t *cr = ((pdf_ctx *)ctx)->cr;
  rgb(cr, fill, 1);
  cairo_new_sub_path(cr);
  cairo_arc(cr, cx, cy, r, 0, 6.283185307179586);
  cairo_fill(cr);
}

static void pdf_text(void *ctx, const hinge__label *t) {
  cairo_t *cr = ((pdf_ctx *)ctx)->cr;
  double w = 0;
  cairo_set_font_face(cr, ((pdf_ctx *)ctx)->face[t->bold != 0]);
  cairo_set_font_size(cr, t->size);
  if (t->anchor) {
    cairo_text_extents_t ext;
    cairo_text_extents(cr, t->s, &ext);
    w = ext.x_advance;
  }
  rgb(cr, t->color, 1);
  cairo_move_to(cr, t->anchor == 1 ? t->x - w / 2 : t->anchor == 2 ? t->x - w : t->x, t->y);
  cairo_show_text(cr, t->s);
  cairo_new_path(cr);
}

static int cairo_fail(hinge_pdf *p, hinge_error *err) {
  cairo_status_t st = cairo_status(p->cr);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(p->surface);
  if (st == CAIRO_STATUS_SUCCESS) return HINGE_OK;
  return hinge__fail(err, st == CAIRO_STATUS_NO_MEMORY ? HINGE_ENOMEM : HINGE_EIO, p->path, 0, 0,
                     "PDF: %s", cairo_status_to_string(st));
}

static void pdf_free(hinge_pdf *p) {
  if (p->face[0]) cairo_font_face_destroy(p->face[0]);
  if (p->face[1]) cairo_font_face_destroy(p->face[1]);
  if (p->cr) cairo_destroy(p->cr);
  if (p->surface) cairo_surface_destroy(p->surface);
  hinge__strfree(p->alloc, p->path);
  hinge__strfree(p->alloc, p->tmp);
  hinge__free(p->alloc, p, sizeof *p);
}

static char *tmp_name(const hinge_allocator *a, const char *path) {
  size_t n = strlen(path);
  char *t = hinge__malloc(a, n + sizeof ".partial");
  if (t != NULL) memcpy(t, path, n), memcpy(t + n, ".partial", sizeof ".partial");
  return t;
}

int hinge_pdf_open(const char *path, double width_pt, double height_pt, const char *title,
                   const char *date, const hinge_allocator *alloc, hinge_pdf **out,
                   hinge_error *err) {
  hinge_pdf *p;
  int rc;
  if (out == NULL || path == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "PDF: NULL path");
  *out = NULL;
  if (!(width_pt >= 72 && width_pt <= 14400 && height_pt >= 72 && height_pt <= 14400))
    return hinge__fail(err, HINGE_EINVAL, path, 0, 0, "PDF: page size must be 72 to 14400 pt");
  if ((p = hinge__calloc(alloc, 1, sizeof *p)) == NULL)
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "PDF: out of memory");
  p->alloc = alloc;
  p->path = hinge__strdup(alloc, path);
  p->tmp = tmp_name(alloc, path);
  if (p->path == NULL || p->tmp == NULL) {
    pdf_free(p);
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "PDF: out of memory");
  }
  p->surface = cairo_pdf_surface_create(p->tmp, width_pt, height_pt);
  p->cr = cairo_create(p->surface);
  p->face[0] = cairo_toy_font_face_create("DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                                          CAIRO_FONT_WEIGHT_NORMAL);
  p->face[1] = cairo_toy_font_face_create("DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                                          CAIRO_FONT_WEIGHT_BOLD);
  if (title != NULL) cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
  if (date != NULL) {
    char iso[40];
    snprintf(iso, sizeof iso, "%.10sT00:00:00Z", date);
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, iso);
  }
  cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "hinge " HINGE_VERSION);
  if ((rc = cairo_fail(p, err)) != HINGE_OK) {
    remove(p->tmp);
    pdf_free(p);
    return rc;
  }
  *out = p;
  return HINGE_OK;
}

int hinge_pdf_chart(hinge_pdf *p, const hinge_chart *c, double x, double y, hinge_error *err) {
  hinge__painter pt;
  pdf_ctx pc;
  int rc;
  if (p == NULL || c == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "PDF: NULL argument");
  memset(&pt, 0, sizeof pt);
  pc.cr = p->cr;
  pc.face = p->face;
  pt.ctx = &pc;
  pt.rect = pdf_rect;
  pt.polyline = pdf_polyline;
  pt.circle = pdf_circle;
  pt.text = pdf_text;
  cairo_save(p->cr);
  cairo_translate(p->cr, x, y);
  cairo_rectangle(p->cr, 0, 0, c->width, c->height);
  cairo_clip(p->cr);
  rc = hinge__chart_draw(c, &pt);
  cairo_restore(p->cr);
  if (rc != HINGE_OK) return hinge__fail(err, rc, NULL, 0, 0, "chart: out of memory");
  return cairo_fail(p, err);
}

int hinge_pdf_text(hinge_pdf *p, double x, double y, double size, int bold, const char *color,
                   const char *text, hinge_error *err) {
  if (p == NULL || text == NULL || !(size > 0 && size < 1000))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "PDF: text needs a string and a size 0 to 1000");
  hinge__label t;
  pdf_ctx pc;
  pc.cr = p->cr;
  pc.face = p->face;
  t.x = x, t.y = y, t.size = size, t.anchor = 0, t.bold = bold;
  t.color = color ? color : "#000000";
  t.s = text;
  pdf_text(&pc, &t);
  return cairo_fail(p, err);
}

int hinge_pdf_rect(hinge_pdf *p, double x, double y, double w, double h, const char *color,
                   hinge_error *err) {
  hinge__color col;
  if (p == NULL || !hinge__color_parse(color, col))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "PDF: a rectangle needs a #rrggbb colour");
  {
    hinge__box b;
    pdf_ctx pc;
    pc.cr = p->cr;
    pc.face = p->face;
    b.x = x, b.y = y, b.w = w, b.h = h;
    pdf_rect(&pc, &b, col, 1);
  }
  return cairo_fail(p, err);
}

int hinge_pdf_page(hinge_pdf *p, hinge_error *err) {
  if (p == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "PDF: NULL document");
  cairo_show_page(p->cr);
  return cairo_fail(p, err);
}

int hinge_pdf_close(hinge_pdf *p, int commit, hinge_error *err) {
  int rc = HINGE_OK;
  if (p == NULL) return HINGE_OK;
  if (commit) {
    cairo_show_page(p->cr);
    rc = cairo_fail(p, err);
  }
  cairo_destroy(p->cr);
  p->cr = NULL;
  cairo_surface_finish(p->surface);
  if (rc == HINGE_OK && commit && cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS)
    rc = hinge__fail(err, HINGE_EIO, p->path, 0, 0, "PDF: %s",
                     cairo_status_to_string(cairo_surface_status(p->surface)));
  if (rc == HINGE_OK && commit && rename(p->tmp, p->path) != 0)
    rc = hinge__fail(err, HINGE_EIO, p->path, 0, 0, "PDF: cannot rename %s over it", p->tmp);
  if (rc != HINGE_OK || !commit) remove(p->tmp);
  pdf_free(p);
  return rc;
}
