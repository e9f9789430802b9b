/*
 * chart_internal.h -- the chart description behind hinge/chart.h and the
 * painter both outputs draw through (src/report/).  Not installed.
 */
#ifndef HINGE_CHART_INTERNAL_H
#define HINGE_CHART_INTERNAL_H

#include <stddef.h>

#include "base/internal.h"
#include "hinge/chart.h"

enum { HINGE__EL_BAND, HINGE__EL_BARS, HINGE__EL_LINE, HINGE__EL_THRESHOLD,
       HINGE__EL_MARKERS, HINGE__EL_TEXT, HINGE__EL_KINDS };

typedef char hinge__color[8]; /* "#rrggbb" */

typedef struct hinge__chart_el {
  int kind;
  size_t n;
  double *x, *y;          /* n each (lines, bars, markers) */
  hinge__color *colors;   /* n per-item colours, or NULL */
  double box[4];          /* band: x0 x1 y0 y1; threshold: y in box[2]; text: x, y */
  hinge__color color;
  double width, opacity;
  int dash;
  char *label, *text;
} hinge__chart_el;

typedef struct hinge__chart_axis {
  double min, max;
  char *label;
  int dates;
  char **labels;
  size_t nlabels;
} hinge__chart_axis;

struct hinge_chart {
  const hinge_allocator *alloc;
  double width, height;
  char *title;
  hinge__chart_axis ax[2]; /* x, y */
  hinge__chart_el *els;
  size_t count, cap;
  int legend;
  unsigned palette_next;
};

/* A rectangle and a text run as the painter gets them. */
typedef struct hinge__box {
  double x, y, w, h;
} hinge__box;
typedef struct hinge__label {
  double x, y, size;
  int anchor; /* 0 start, 1 middle, 2 end */
  int bold;
  const char *color, *s;
} hinge__label;

/* What both outputs draw with.  Coordinates in px from the chart's
 * top-left corner; colours "#rrggbb". */
typedef struct hinge__painter {
  void *ctx;
  void (*rect)(void *ctx, const hinge__box *b, const char *fill, double opacity);
  void (*polyline)(void *ctx, const double *xy, size_t n, const char *stroke, double width,
                   int dash);
  void (*circle)(void *ctx, double cx, double cy, double r, const char *fill);
  void (*text)(void *ctx, const hinge__label *t);
  void (*group)(void *ctx, int open, const char *cls); /* SVG <g class>; may be NULL */
} hinge__painter;

/* Lay out and draw c (the one layout of both outputs); HINGE_ENOMEM. */
int hinge__chart_draw(const hinge_chart *c, const hinge__painter *p);

/* "#rgb"/"#rrggbb" into out ("#rrggbb", lower case); 0 when malformed. */
int hinge__color_parse(const char *s, hinge__color out);

#endif /* HINGE_CHART_INTERNAL_H */
