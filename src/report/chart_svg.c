/*
 * chart_svg.c -- a chart as one <svg> element: the painter writes into a
 * growing buffer.  Numbers with two decimals, text XML-escaped, no
 * reference to anything outside the element.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "chart_internal.h"

typedef struct svgbuf {
  const hinge_allocator *a;
  char *s;
  size_t len, cap;
  int failed;
} svgbuf;

static void put(svgbuf *b, const char *fmt, ...) HINGE__PRINTF(2, 3);

static void put(svgbuf *b, const char *fmt, ...) {
  va_list ap;
  int n;
  if (b->failed) return;
  for (;;) {
    size_t room = b->cap - b->len;
    va_start(ap, fmt);
    n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? room : 0, fmt, ap);
    va_end(ap);
    if (n < 0) { b->failed = 1; return; }
    if ((size_t)n < room && b->s != NULL) { b->len += (size_t)n; return; }
    if (HINGE__GROW_FROM(b->a, b->s, b->cap, b->len + (size_t)n + 1, 4096) != HINGE_OK) {
      b->failed = 1;
      return;
    }
  }
}

static void put_escaped(svgbuf *b, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&': put(b, "&amp;"); break;
    case '<': put(b, "&lt;"); break;
    case '>': put(b, "&gt;"); break;
    case '"': put(b, "&quot;"); break;
    case '\'': put(b, "&#39;"); break;
    default:
      if ((unsigned char)*s < 0x20) put(b, " "); /* not allowed in XML 1.0 */
      else put(b, "%c", *s);
    }
  }
}

static void svg_rect(void *ctx, const hinge__box *r, const char *fill, double opacity) {
  svgbuf *b = ctx;
  put(b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"", r->x, r->y,
      r->w, r->h, fill);
  if (opacity < 1) put(b, " fill-opacity=\"%.2f\"", opacity);
  put(b, "/>\n");
}

static void svg_polyline(void *ctx, const double *xy, size_t n, const char *stroke, double width,
                         int dash) {
  svgbuf *b = ctx;
  size_t i;
  put(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.2f\"%s points=\"", stroke, width,
      dash ? " stroke-dasharray=\"5 3\"" : "");
  for (i = 0; i < n; i++) put(b, "%s%.2f,%.2f", i ? " " : "", xy[2 * i], xy[2 * i + 1]);
  put(b, "\"/>\n");
}

static void svg_circle(void *ctx, double cx, double cy, double r, const char *fill) {
  put(ctx, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"%s\"/>\n", cx, cy, r, fill);
}

static void svg_text(void *ctx, const hinge__label *t) {
  static const char *const anchors[] = {"start", "middle", "end"};
  svgbuf *b = ctx;
  put(b, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.1f\" fill=\"%s\"", t->x, t->y, t->size,
      t->color);
  if (t->anchor) put(b, " text-anchor=\"%s\"", anchors[t->anchor]);
  if (t->bold) put(b, " font-weight=\"bold\"");
  put(b, ">");
  put_escaped(b, t->s);
  put(b, "</text>\n");
}

static void svg_group(void *ctx, int open, const char *cls) {
  if (open) put(ctx, "<g class=\"%s\">\n", cls);
  else put(ctx, "</g>\n");
}

int hinge_chart_svg(const hinge_chart *c, char **out, size_t *len, hinge_error *err) {
  svgbuf b;
  hinge__painter p;
  if (c == NULL || out == NULL || len == NULL)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: NULL argument");
  *out = NULL;
  *len = 0;
  memset(&b, 0, sizeof b);
  b.a = c->alloc;
  p.ctx = &b;
  p.rect = svg_rect;
  p.polyline = svg_polyline;
  p.circle = svg_circle;
  p.text = svg_text;
  p.group = svg_group;
  put(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%.0f\" height=\"%.0f\" "
          "viewBox=\"0 0 %.0f %.0f\" role=\"img\" font-family=\"DejaVu Sans, Verdana, sans-serif\"",
      c->width, c->height, c->width, c->height);
  if (c->title != NULL) {
    put(&b, " aria-label=\"");
    put_escaped(&b, c->title);
    put(&b, "\"");
  }
  put(&b, ">\n<rect class=\"bg\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", c->width,
      c->height);
  if (hinge__chart_draw(c, &p) != HINGE_OK) b.failed = 1;
  put(&b, "</svg>\n");
  if (b.failed) {
    hinge__free(c->alloc, b.s, b.cap);
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "chart: out of memory");
  }
  /* Shrink to len + 1 so the caller frees with the length it got. */
  *out = hinge__realloc(c->alloc, b.s, b.cap, b.len + 1);
  if (*out == NULL) {
    hinge__free(c->alloc, b.s, b.cap);
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "chart: out of memory");
  }
  *len = b.len;
  return HINGE_OK;
}

void hinge_chart_free_string(const hinge_chart *c, char *s, size_t len) {
  if (c != NULL && s != NULL) hinge__free(c->alloc, s, len + 1);
}
