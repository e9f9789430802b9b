/*
 * chart_draw.c -- the layout of a chart, shared by the SVG and the PDF
 * outputs: ranges, round ticks, the plot frame, the elements in their
 * fixed order, the legend.  Everything in px from the top-left corner.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart_internal.h"
#include "hinge/logs.h"

#define FONT 10.0
#define GRID "#d9d9d9"
#define INK "#333333"

typedef struct frame {
  double left, top, right, bottom;  /* the plot area in px */
  double min[2], max[2], step[2];    /* x, y ranges and tick steps */
} frame;

static double nice_step(double span, int ticks) {
  double raw = span / ticks, mag = pow(10, floor(log10(raw))), f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

static void extend(double v, double *lo, double *hi) {
  if (!isfinite(v)) return;
  if (v < *lo) *lo = v;
  if (v > *hi) *hi = v;
}

/* The data's extent on axis i (0 x, 1 y). */
static void data_range(const hinge_chart *c, int i, double *lo, double *hi) {
  size_t k, j;
  *lo = INFINITY;
  *hi = -INFINITY;
  for (k = 0; k < c->count; k++) {
    const hinge__chart_el *e = &c->els[k];
    for (j = 0; j < e->n; j++) extend(i ? e->y[j] : e->x[j], lo, hi);
    if (e->kind == HINGE__EL_BARS && i == 1 && e->n > 0) extend(0, lo, hi);
    if (e->kind == HINGE__EL_BARS && i == 0) /* room for half a bar each side */
      for (j = 0; j < e->n; j++) extend(e->x[j] - 0.5, lo, hi), extend(e->x[j] + 0.5, lo, hi);
    if (e->kind != HINGE__EL_LINE && e->kind != HINGE__EL_BARS && e->kind != HINGE__EL_MARKERS) {
      extend(e->box[2 * i], lo, hi);
      extend(e->box[2 * i + 1], lo, hi);
    }
  }
}

static void axis_range(const hinge_chart *c, int i, frame *f) {
  const hinge__chart_axis *ax = &c->ax[i];
  double lo, hi;
  int ticks = i ? 5 : 6;
  data_range(c, i, &lo, &hi);
  if (ax->nlabels > 0) extend(0.5, &lo, &hi), extend((double)ax->nlabels + 0.5, &lo, &hi);
  if (!isnan(ax->min)) lo = ax->min;
  if (!isnan(ax->max)) hi = ax->max;
  if (!(lo <= hi)) lo = 0, hi = 1;
  if (hi - lo < 1e-9) lo -= 0.5, hi += 0.5;
  f->step[i] = nice_step(hi - lo, ticks);
  if (ax->dates && f->step[i] < 1) f->step[i] = 1;
  if (ax->dates) f->step[i] = f->step[i] > 7 ? ceil(f->step[i] / 7) * 7 : f->step[i];
  if (isnan(ax->min) && ax->nlabels == 0 && !ax->dates) lo = floor(lo / f->step[i]) * f->step[i];
  if (isnan(ax->max) && ax->nlabels == 0 && !ax->dates) hi = ceil(hi / f->step[i]) * f->step[i];
  f->min[i] = lo;
  f->max[i] = hi;
}

static double px(const frame *f, double v) {
  double t = (v - f->min[0]) / (f->max[0] - f->min[0]);
  if (t < 0) t = 0;
  if (t > 1) t = 1;
  return f->left + t * (f->right - f->left);
}

static double py(const frame *f, double v) {
  double t = (v - f->min[1]) / (f->max[1] - f->min[1]);
  if (t < 0) t = 0;
  if (t > 1) t = 1;
  return f->bottom - t * (f->bottom - f->top);
}

static void tick_label(const hinge__chart_axis *ax, double v, double step, char *buf, size_t n) {
  char day[HINGE_DATE_BUF];
  long k = (long)floor(v + 0.5);
  if (ax->nlabels > 0) {
    snprintf(buf, n, "%s", k >= 1 && (size_t)k <= ax->nlabels ? ax->labels[k - 1] : "");
  } else if (ax->dates) {
    snprintf(buf, n, "%s", hinge_day_format(k, day) ? day + 5 : "");
  } else {
    int dec = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
    snprintf(buf, n, "%.*f", dec, fabs(v) < step * 1e-6 ? 0.0 : v);
  }
}

static void draw_ticks(const hinge_chart *c, const frame *f, const hinge__painter *p) {
  char buf[64];
  double v, xy[4], first;
  int i;
  for (i = 0; i < 2; i++) {
    const hinge__chart_axis *ax = &c->ax[i];
    double step = ax->nlabels > 0 ? 1 : f->step[i];
    first = ax->nlabels > 0 ? 1 : ceil(f->min[i] / step - 1e-9) * step;
    if (ax->nlabels > 0 && ax->nlabels > 24) step = ceil((double)ax->nlabels / 24);
    for (v = first; v <= f->max[i] + step * 1e-9; v += step) {
      tick_label(ax, v, step, buf, sizeof buf);
      if (i == 0) {
        xy[0] = xy[2] = px(f, v), xy[1] = f->top, xy[3] = f->bottom;
        p->text(p->ctx, &(hinge__label){xy[0], f->bottom + FONT + 3, FONT * 0.9, 1, 0, INK, buf});
      } else {
        xy[1] = xy[3] = py(f, v), xy[0] = f->left, xy[2] = f->right;
        p->text(p->ctx, &(hinge__label){f->left - 4, xy[1] + FONT * 0.35, FONT * 0.9, 2, 0, INK, buf});
      }
      if (ax->nlabels == 0) p->polyline(p->ctx, xy, 2, GRID, 0.6, 0);
    }
  }
}

static void draw_band(const frame *f, const hinge__chart_el *e, const hinge__painter *p) {
  double x0 = isnan(e->box[0]) ? f->left : px(f, e->box[0]);
  double x1 = isnan(e->box[1]) ? f->right : px(f, e->box[1]);
  double y0 = isnan(e->box[2]) ? f->bottom : py(f, e->box[2]);
  double y1 = isnan(e->box[3]) ? f->top : py(f, e->box[3]);
  double l = x0 < x1 ? x0 : x1, t = y0 < y1 ? y0 : y1;
  if (fabs(x1 - x0) > 0 && fabs(y1 - y0) > 0)
    p->rect(p->ctx, &(hinge__box){l, t, fabs(x1 - x0), fabs(y1 - y0)}, e->color, e->opacity);
}

static void draw_bars(const frame *f, const hinge__chart_el *e, const hinge__painter *p) {
  double w = e->width > 0 ? e->width : 0.7, base = f->min[1] > 0 ? f->min[1] : f->max[1] < 0 ? f->max[1] : 0;
  size_t j;
  for (j = 0; j < e->n; j++) {
    double x0, x1, y0, y1;
    if (!isfinite(e->x[j]) || !isfinite(e->y[j])) continue;
    x0 = px(f, e->x[j] - w / 2), x1 = px(f, e->x[j] + w / 2);
    y0 = py(f, base), y1 = py(f, e->y[j]);
    p->rect(p->ctx, &(hinge__box){x0, y0 < y1 ? y0 : y1, x1 - x0, fabs(y1 - y0) < 0.5 ? 0.5 : fabs(y1 - y0)}, e->colors ? e->colors[j] : e->color, e->opacity);
  }
}

/* Runs of finite points become polylines. */
static void draw_line(const frame *f, const hinge__chart_el *e, const hinge__painter *p,
                      double *xy) {
  size_t j, m = 0;
  double w = e->width > 0 ? e->width : 1.5;
  for (j = 0; j <= e->n; j++) {
    if (j < e->n && isfinite(e->x[j]) && isfinite(e->y[j])) {
      xy[2 * m] = px(f, e->x[j]);
      xy[2 * m + 1] = py(f, e->y[j]);
      m++;
      continue;
    }
    if (m == 1) p->circle(p->ctx, xy[0], xy[1], w, e->color);
    if (m > 1) p->polyline(p->ctx, xy, m, e->color, w, e->dash);
    m = 0;
  }
}

static void draw_threshold(const frame *f, const hinge__chart_el *e, const hinge__painter *p) {
  double xy[4];
  xy[0] = f->left, xy[2] = f->right, xy[1] = xy[3] = py(f, e->box[2]);
  p->polyline(p->ctx, xy, 2, e->color, e->width > 0 ? e->width : 1.2, 1);
  if (e->label != NULL)
    p->text(p->ctx, &(hinge__label){f->right - 2, xy[1] - 3, FONT * 0.85, 2, 0, e->color, e->label});
}

static void draw_markers(const frame *f, const hinge__chart_el *e, const hinge__painter *p) {
  size_t j;
  for (j = 0; j < e->n; j++)
    if (isfinite(e->x[j]) && isfinite(e->y[j]))
      p->circle(p->ctx, px(f, e->x[j]), py(f, e->y[j]), e->width > 0 ? e->width : 3,
                e->colors ? e->colors[j] : e->color);
}

static void draw_kind(const hinge_chart *c, const frame *f, const hinge__painter *p, int kind,
                      double *xy) {
  static const char *const cls[] = {"bands", "bars", "lines", "thresholds", "markers", "notes"};
  size_t k;
  int any = 0;
  for (k = 0; k < c->count; k++) {
    const hinge__chart_el *e = &c->els[k];
    if (e->kind != kind) continue;
    if (!any && p->group) p->group(p->ctx, 1, cls[kind]);
    any = 1;
    if (kind == HINGE__EL_BAND) draw_band(f, e, p);
    else if (kind == HINGE__EL_BARS) draw_bars(f, e, p);
    else if (kind == HINGE__EL_LINE) draw_line(f, e, p, xy);
    else if (kind == HINGE__EL_THRESHOLD) draw_threshold(f, e, p);
    else if (kind == HINGE__EL_MARKERS) draw_markers(f, e, p);
    else p->text(p->ctx, &(hinge__label){px(f, e->box[0]), py(f, e->box[2]), e->width > 0 ? e->width : FONT, 0, 0, e->color, e->text});
  }
  if (any && p->group) p->group(p->ctx, 0, NULL);
}

/* One row of swatches under the title; returns the height used. */
static double draw_legend(const hinge_chart *c, double y, const hinge__painter *p, int draw) {
  double x = 48, h = 0;
  size_t k;
  for (k = 0; k < c->count; k++) {
    const hinge__chart_el *e = &c->els[k];
    double w;
    if (e->label == NULL || e->kind == HINGE__EL_TEXT || e->kind == HINGE__EL_THRESHOLD) continue;
    w = 14 + hinge_chart_text_width(e->label, FONT * 0.9, 0) + 12;
    if (x + w > c->width - 8 && x > 48) x = 48, y += FONT + 4, h += FONT + 4;
    if (draw) {
      p->rect(p->ctx, &(hinge__box){x, y - 8, 10, 8}, e->color, e->kind == HINGE__EL_BAND ? 0.4 : 1);
      p->text(p->ctx, &(hinge__label){x + 14, y, FONT * 0.9, 0, 0, INK, e->label});
    }
    if (h == 0) h = FONT + 4;
    x += w;
  }
  return h;
}

int hinge__chart_draw(const hinge_chart *c, const hinge__painter *p) {
  frame f;
  double top = 8, xy_small[4], *xy = xy_small, frame_xy[10];
  size_t k, maxn = 2;
  hinge_allocator const *a = c->alloc;
  if (c->title != NULL) {
    p->text(p->ctx, &(hinge__label){8, top + FONT + 1, FONT * 1.15, 0, 1, "#111111", c->title});
    top += FONT + 8;
  }
  if (c->legend) top += draw_legend(c, top + FONT, p, 1) + 2;
  if (c->ax[1].label) top += FONT + 2;
  f.left = 48;
  for (k = 0; k < c->ax[1].nlabels; k++) {
    double w = hinge_chart_text_width(c->ax[1].labels[k], FONT * 0.9, 0) + 10;
    if (w > f.left) f.left = w < c->width / 2 ? w : c->width / 2;
  }
  f.right = c->width - 12;
  f.top = top + 4;
  f.bottom = c->height - (c->ax[0].label ? 34 : 22);
  if (f.bottom - f.top < 20) f.bottom = f.top + 20;
  axis_range(c, 0, &f);
  axis_range(c, 1, &f);
  draw_kind(c, &f, p, HINGE__EL_BAND, xy);
  draw_ticks(c, &f, p);
  for (k = 0; k < c->count; k++)
    if (c->els[k].n + 1 > maxn) maxn = c->els[k].n + 1;
  if (maxn > 2) xy = hinge__malloc(a, 2 * maxn * sizeof *xy);
  draw_kind(c, &f, p, HINGE__EL_BARS, xy);
  if (xy == NULL) return HINGE_ENOMEM;
  draw_kind(c, &f, p, HINGE__EL_LINE, xy);
  if (xy != xy_small) hinge__free(a, xy, 2 * maxn * sizeof *xy);
  draw_kind(c, &f, p, HINGE__EL_THRESHOLD, xy_small);
  draw_kind(c, &f, p, HINGE__EL_MARKERS, xy_small);
  draw_kind(c, &f, p, HINGE__EL_TEXT, xy_small);
  frame_xy[0] = f.left, frame_xy[1] = f.top, frame_xy[2] = f.left, frame_xy[3] = f.bottom;
  frame_xy[4] = f.right, frame_xy[5] = f.bottom;
  p->polyline(p->ctx, frame_xy, 3, INK, 0.8, 0);
  if (c->ax[0].label)
    p->text(p->ctx, &(hinge__label){(f.left + f.right) / 2, c->height - 6, FONT * 0.9, 1, 0, INK, c->ax[0].label});
  if (c->ax[1].label)
    p->text(p->ctx, &(hinge__label){8, f.top - 5, FONT * 0.9, 0, 0, INK, c->ax[1].label});
  return HINGE_OK;
}
