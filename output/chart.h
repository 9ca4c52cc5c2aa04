/*
 * chart.h — a small SVG chart module for report.html, so that every chart looks alike.
 *
 * A chart is built in two steps: add elements (bands, lines, stacked bars, a histogram, reference
 * lines, points with error bars), then render. Rendering computes the axis range from all the
 * elements, picks readable "nice" ticks (1, 2, 2.5, 5 × 10^k), and lays out the legend below the
 * plot and reference-line tags above it, so no label ever covers the plot. The SVG it writes is
 * well-formed XML without a namespace URL (inline SVG in HTML needs none) and without entities
 * other than the five XML ones. Every data mark carries a <title>, the browser's own hover value.
 *
 * Values are plotted as given: the caller scales money to its display unit (CNY million, 亿元)
 * and names that unit in the y label.
 */
#ifndef SF_CHART_H
#define SF_CHART_H

#include <stddef.h>

/* A growing string; every append checks `failed` (set on out of memory) so callers test once. */
typedef struct chart_buf {
    char *s;
    size_t len, cap;
    int failed;
} chart_buf;

void sf_chart_buf_init(chart_buf *b);
void sf_chart_buf_free(chart_buf *b);
void sf_chart_buf_append(chart_buf *b, const char *s);
void sf_chart_buf_appendn(chart_buf *b, const char *s, size_t n);
void sf_chart_buf_printf(chart_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Append `s` escaped for HTML/XML text and attribute values (& < > " '); a second '/' after a
 * '/' is written as &#47; so no text can ever read as a "//" network reference. */
void sf_chart_buf_escape(chart_buf *b, const char *s);

/* Colours: indices into a colour-blind-safe palette; CHART_INK is the text colour. */
enum {
    CHART_BLUE = 0,
    CHART_ORANGE,
    CHART_GREEN,
    CHART_RED,
    CHART_PURPLE,
    CHART_BROWN,
    CHART_PINK,
    CHART_GREY,
    CHART_OLIVE,
    CHART_CYAN,
    CHART_LIGHTGREY,
    CHART_NAVY,
    CHART_NCOLOURS,
    CHART_INK = 100
};
/* "#rrggbb" of a colour index (any int is accepted and wrapped). */
const char *sf_chart_colour(int colour);

/* Line styles. */
enum { CHART_SOLID = 0, CHART_DASHED = 1, CHART_DOTTED = 2 };

/* Tick format of the value axis. */
enum { CHART_FMT_NUMBER = 0, CHART_FMT_PERCENT = 1 /* values are fractions, ticks "12%" */ };

typedef struct chart chart;

/* A chart with `n` categories on the x axis (years: bars centred, lines through the centres).
 * `labels` are copied. NULL on out of memory. */
chart *sf_chart_alloc_categories(const char *const *labels, int n);
/* A chart with a linear x axis over [lo, hi] (histograms). */
chart *sf_chart_alloc_linear(double lo, double hi);
void sf_chart_free(chart *c);

/* Axis titles (copied; NULL for none): the y title is written above the value axis. */
void sf_chart_set_titles(chart *c, const char *x_title, const char *y_title);
void sf_chart_set_y_format(chart *c, int fmt);
/* Force a value into the y range (e.g. 0, or a legal limit). */
void sf_chart_y_include(chart *c, double v);
/* Accessible name of the whole chart (<title> of the <svg>). */
void sf_chart_set_name(chart *c, const char *name);

/* Elements. Arrays have one value per category (categorical charts); non-finite values are
 * skipped. `legend` may be NULL (no legend entry). Each returns 0, or -1 on out of memory. */
int sf_chart_band(chart *c, const double *lo, const double *hi, int colour, double opacity, const char *legend);
int sf_chart_line(chart *c, const double *y, int colour, int style, int markers, const char *legend);
/* Stacked bars: successive calls stack, positive values upward from 0, negative downward. */
int sf_chart_bars(chart *c, const double *y, int colour, const char *legend);
/* Points with symmetric error bars (±err); successive calls sit side by side in a category. */
int sf_chart_points(chart *c, const double *y, const double *err, int colour, const char *legend);
/* Histogram on a linear chart: bin edges lo[i]..hi[i], heights h[i]. */
int sf_chart_histogram(chart *c, const double *lo, const double *hi, const double *h, int n, int colour,
                    const char *legend);
/* A horizontal reference line at y (appropriation, legal limit): a legend entry. */
int sf_chart_hline(chart *c, double y, int colour, int style, const char *legend);
/* A vertical marker at x on a linear chart (P95, CVaR): tagged above the plot. */
int sf_chart_vline(chart *c, double x, int colour, int style, const char *tag);

/* Render the chart as one <svg> element appended to `out`. Returns 0, -1 on out of memory. */
int sf_chart_render(const chart *c, chart_buf *out);

/* A tornado chart (horizontal bars around a base value), rendered at once: for item i, a bar
 * from base to lo[i] and one from base to hi[i]; labels[i] on the left. Items are drawn in the
 * order given (sort them first). `lo_legend`/`hi_legend` name the two colours. */
int sf_chart_tornado(chart_buf *out, const char *name, const char *const *labels, const double *lo, const double *hi,
                  int n, double base, const char *x_title, const char *lo_legend, const char *hi_legend);

/* Nice ticks over [lo, hi] with about `target` intervals: writes the first tick, the step and
 * the count into the out-pointers (first <= lo, first + (count-1)·step >= hi). */
void sf_chart_nice_ticks(double lo, double hi, int target, double *first, double *step, int *count);
/* `v` with `dec` decimals and thousands separators (1,234.56); negative numbers take the
 * minus sign U+2212. */
void sf_chart_format_number(double v, int dec, char *out, size_t n);
/* Estimated width in pixels of UTF-8 text at font size `px` (CJK characters count as one em). */
double sf_chart_text_width(const char *s, double px);

#endif
