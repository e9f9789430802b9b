/*
 * chart.c -- the chart description (hinge/chart.h): construction,
 * copying of the caller's arrays and strings, destruction.
 */
#include <math.h>
#include <string.h>

#include "chart_internal.h"

/* Okabe & Ito (2008), colour-blind safe, black last. */
static const char *const palette[] = {
  "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000"
};

static int hexval(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

int hinge__color_parse(const char *s, hinge__color out) {
  static const char digits[] = "0123456789abcdef";
  size_t len, i;
  if (s == NULL || s[0] != '#') return 0;
  len = strlen(s + 1);
  if (len != 3 && len != 6) return 0;
  for (i = 1; i <= len; i++)
    if (hexval(s[i]) < 0) return 0;
  out[0] = '#';
  for (i = 0; i < 6; i++)
    out[1 + i] = digits[hexval(s[1 + (len == 3 ? i / 2 : i)])];
  out[7] = '\0';
  return 1;
}

int hinge_chart_new(double width, double height, const char *title,
                    const hinge_allocator *alloc, hinge_chart **out, hinge_error *err) {
  hinge_chart *c;
  int i;
  if (out == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: out is NULL");
  *out = NULL;
  if (!(width >= 80 && width <= 4000 && height >= 80 && height <= 4000))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "chart: width and height must be 80 to 4000, got %g x %g", width, height);
  c = hinge__calloc(alloc, 1, sizeof *c);
  if (c == NULL) return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "chart: out of memory");
  c->alloc = alloc;
  c->width = width;
  c->height = height;
  for (i = 0; i < 2; i++) c->ax[i].min = c->ax[i].max = NAN;
  if (title != NULL && (c->title = hinge__strdup(alloc, title)) == NULL) {
    hinge__free(alloc, c, sizeof *c);
    return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "chart: out of memory");
  }
  *out = c;
  return HINGE_OK;
}

static void free_labels(const hinge_chart *c, hinge__chart_axis *ax) {
  size_t i;
  for (i = 0; i < ax->nlabels; i++) hinge__strfree(c->alloc, ax->labels[i]);
  hinge__free(c->alloc, ax->labels, ax->nlabels * sizeof *ax->labels);
  hinge__strfree(c->alloc, ax->label);
  ax->labels = NULL;
  ax->nlabels = 0;
  ax->label = NULL;
}

static void free_el(const hinge_chart *c, hinge__chart_el *e) {
  hinge__free(c->alloc, e->x, e->n * sizeof *e->x);
  hinge__free(c->alloc, e->y, e->n * sizeof *e->y);
  hinge__free(c->alloc, e->colors, e->n * sizeof *e->colors);
  hinge__strfree(c->alloc, e->label);
  hinge__strfree(c->alloc, e->text);
}

void hinge_chart_destroy(hinge_chart *c) {
  size_t i;
  if (c == NULL) return;
  for (i = 0; i < c->count; i++) free_el(c, &c->els[i]);
  hinge__free(c->alloc, c->els, c->cap * sizeof *c->els);
  free_labels(c, &c->ax[0]);
  free_labels(c, &c->ax[1]);
  hinge__strfree(c->alloc, c->title);
  hinge__free(c->alloc, c, sizeof *c);
}

static int oom(hinge_error *err) {
  return hinge__fail(err, HINGE_ENOMEM, NULL, 0, 0, "chart: out of memory");
}

int hinge_chart_axis_set(hinge_chart *c, char which, const hinge_chart_axis *ax,
                         hinge_error *err) {
  hinge__chart_axis nw;
  size_t i;
  if (c == NULL || ax == NULL || (which != 'x' && which != 'y'))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: the axis must be 'x' or 'y'");
  if (isinf(ax->min) || isinf(ax->max) || (ax->min >= ax->max))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "chart: axis %c: min must be below max (NaN: from the data)", which);
  memset(&nw, 0, sizeof nw);
  nw.min = ax->min;
  nw.max = ax->max;
  nw.dates = ax->dates != 0;
  if (ax->label != NULL && (nw.label = hinge__strdup(c->alloc, ax->label)) == NULL) return oom(err);
  if (ax->nlabels > 0) {
    nw.labels = hinge__calloc(c->alloc, ax->nlabels, sizeof *nw.labels);
    if (nw.labels == NULL) return free_labels(c, &nw), oom(err);
    for (i = 0; i < ax->nlabels; i++, nw.nlabels++)
      if ((nw.labels[i] = hinge__strdup(c->alloc, ax->labels[i] ? ax->labels[i] : "")) == NULL)
        return free_labels(c, &nw), oom(err);
  }
  free_labels(c, &c->ax[which == 'y']);
  c->ax[which == 'y'] = nw;
  return HINGE_OK;
}

void hinge_chart_legend(hinge_chart *c, int on) {
  if (c != NULL) c->legend = on != 0;
}

/* A new element of kind with st's style; NULL after setting err. */
static hinge__chart_el *add_el(hinge_chart *c, int kind, const hinge_chart_style *st,
                               hinge_error *err) {
  hinge__chart_el *e;
  const char *color = st != NULL ? st->color : NULL;
  hinge__color col;
  if (c == NULL) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: NULL chart"), NULL;
  if (color == NULL) color = palette[c->palette_next % (sizeof palette / sizeof *palette)];
  if (!hinge__color_parse(color, col))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                       "chart: colour '%.40s' is not #rgb or #rrggbb", color), NULL;
  if (st != NULL && !(st->opacity >= 0 && st->opacity <= 1))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: opacity must be 0 to 1"), NULL;
  if (st != NULL && !(st->width >= 0 && st->width < 1e6))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: width must be >= 0"), NULL;
  if (HINGE__GROW(c->alloc, c->els, c->cap, c->count + 1) != HINGE_OK) return oom(err), NULL;
  e = &c->els[c->count];
  memset(e, 0, sizeof *e);
  e->kind = kind;
  memcpy(e->color, col, sizeof col);
  e->width = st != NULL ? st->width : 0;
  e->opacity = st != NULL && st->opacity > 0 ? st->opacity : (kind == HINGE__EL_BAND ? 0.18 : 1);
  e->dash = st != NULL && st->dash;
  if (st != NULL && st->label != NULL && (e->label = hinge__strdup(c->alloc, st->label)) == NULL)
    return oom(err), NULL;
  return e;
}

/* Keep e (the last element added): advance the palette when it took one. */
static int commit_el(hinge_chart *c, const hinge_chart_style *st) {
  if (st == NULL || st->color == NULL) c->palette_next++;
  c->count++;
  return HINGE_OK;
}

static int drop_el(hinge_chart *c, hinge__chart_el *e, hinge_error *err) {
  free_el(c, e);
  return oom(err);
}

static int copy_points(hinge_chart *c, hinge__chart_el *e, const double *x, const double *y,
                       size_t n, const char *const *colors) {
  size_t i;
  e->x = hinge__malloc(c->alloc, n * sizeof *e->x);
  e->y = hinge__malloc(c->alloc, n * sizeof *e->y);
  if (colors != NULL) e->colors = hinge__calloc(c->alloc, n, sizeof *e->colors);
  e->n = n;
  if (e->x == NULL || e->y == NULL || (colors != NULL && e->colors == NULL)) return 0;
  memcpy(e->x, x, n * sizeof *x);
  memcpy(e->y, y, n * sizeof *y);
  for (i = 0; colors != NULL && i < n; i++)
    if (colors[i] == NULL || !hinge__color_parse(colors[i], e->colors[i]))
      memcpy(e->colors[i], e->color, sizeof e->color);
  return 1;
}

static int bad_colors(const char *const *colors, size_t n, hinge_error *err) {
  hinge__color col;
  size_t i;
  for (i = 0; colors != NULL && i < n; i++)
    if (colors[i] != NULL && !hinge__color_parse(colors[i], col))
      return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0,
                         "chart: colour %zu '%.40s' is not #rgb or #rrggbb", i + 1, colors[i]);
  return HINGE_OK;
}

typedef struct points {
  const double *x, *y;
  size_t n;
  const char *const *colors;
} points;

static int add_points(hinge_chart *c, int kind, const points *pt, const hinge_chart_style *st,
                      hinge_error *err) {
  const double *x = pt->x, *y = pt->y;
  size_t n = pt->n;
  const char *const *colors = pt->colors;
  hinge__chart_el *e;
  if (n > 0 && (x == NULL || y == NULL))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: NULL x or y with n > 0");
  if (kind == HINGE__EL_LINE && n == 0)
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: a line needs at least one point");
  if (bad_colors(colors, n, err) != HINGE_OK) return err != NULL ? err->code : HINGE_EINVAL;
  if ((e = add_el(c, kind, st, err)) == NULL) return err != NULL ? err->code : HINGE_EINVAL;
  if (n > 0 && !copy_points(c, e, x, y, n, colors)) return drop_el(c, e, err);
  return commit_el(c, st);
}

int hinge_chart_line(hinge_chart *c, const double *x, const double *y, size_t n,
                     const hinge_chart_style *st, hinge_error *err) {
  points pt = {x, y, n, NULL};
  return add_points(c, HINGE__EL_LINE, &pt, st, err);
}

int hinge_chart_bars(hinge_chart *c, const double *x, const double *y, size_t n,
                     const char *const *colors, const hinge_chart_style *st, hinge_error *err) {
  points pt = {x, y, n, colors};
  return add_points(c, HINGE__EL_BARS, &pt, st, err);
}

int hinge_chart_markers(hinge_chart *c, const double *x, const double *y, size_t n,
                        const char *const *colors, const hinge_chart_style *st,
                        hinge_error *err) {
  points pt = {x, y, n, colors};
  return add_points(c, HINGE__EL_MARKERS, &pt, st, err);
}

int hinge_chart_band(hinge_chart *c, double x0, double x1, double y0, double y1,
                     const hinge_chart_style *st, hinge_error *err) {
  hinge__chart_el *e;
  if (isinf(x0) || isinf(x1) || isinf(y0) || isinf(y1))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: band bounds must be finite or NaN");
  if ((e = add_el(c, HINGE__EL_BAND, st, err)) == NULL) return err != NULL ? err->code : HINGE_EINVAL;
  e->box[0] = x0, e->box[1] = x1, e->box[2] = y0, e->box[3] = y1;
  return commit_el(c, st);
}

int hinge_chart_threshold(hinge_chart *c, double y, const hinge_chart_style *st,
                          hinge_error *err) {
  hinge__chart_el *e;
  if (!isfinite(y)) return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: threshold must be finite");
  if ((e = add_el(c, HINGE__EL_THRESHOLD, st, err)) == NULL) return err != NULL ? err->code : HINGE_EINVAL;
  e->box[0] = e->box[1] = NAN;
  e->box[2] = e->box[3] = y;
  return commit_el(c, st);
}

int hinge_chart_text(hinge_chart *c, double x, double y, const char *text,
                     const hinge_chart_style *st, hinge_error *err) {
  hinge__chart_el *e;
  if (text == NULL || !isfinite(x) || !isfinite(y))
    return hinge__fail(err, HINGE_EINVAL, NULL, 0, 0, "chart: text needs a string and finite x, y");
  if ((e = add_el(c, HINGE__EL_TEXT, st, err)) == NULL) return err != NULL ? err->code : HINGE_EINVAL;
  if ((e->text = hinge__strdup(c->alloc, text)) == NULL) return drop_el(c, e, err);
  e->box[0] = x, e->box[1] = x, e->box[2] = y, e->box[3] = y;
  return commit_el(c, st);
}

double hinge_chart_width(const hinge_chart *c) { return c != NULL ? c->width : 0; }
double hinge_chart_height(const hinge_chart *c) { return c != NULL ? c->height : 0; }
size_t hinge_chart_element_count(const hinge_chart *c) { return c != NULL ? c->count : 0; }

/* Glyph advance estimates for DejaVu Sans (em fractions), so the layout
 * (legend, wrapping) needs no font at hand and both outputs agree. */
double hinge_chart_text_width(const char *text, double size, int bold) {
  double w = 0;
  const unsigned char *s = (const unsigned char *)text;
  if (s == NULL) return 0;
  for (; *s; s++) {
    if ((*s & 0xc0) == 0x80) continue; /* UTF-8 continuation byte */
    if (*s == ' ' || *s == 'i' || *s == 'l' || *s == 'j' || *s == '.' || *s == ',' || *s == ':')
      w += 0.32;
    else if (*s == 'm' || *s == 'w' || *s == 'M' || *s == 'W')
      w += 0.9;
    else if (*s >= 'A' && *s <= 'Z')
      w += 0.7;
    else
      w += 0.6;
  }
  return w * size * (bold ? 1.08 : 1.0);
}
