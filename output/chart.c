/*
 * chart.c — SVG charts for report.html (see chart.h). Layout, top to bottom: tags of vertical
 * markers, the y title, the plot with its ticks, the x tick labels and title, the legend. Sizes
 * are in SVG user units (pixels at 100 % zoom); the page scales the SVG to its column.
 */
#include "chart.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Geometry, shared by every chart so that they look alike. */
#define W 760.0          /* chart width */
#define PLOT_H 230.0     /* plot height */
#define FONT 12.0        /* tick labels, legend */
#define RIGHT 16.0       /* right margin */
#define TOP_BASE 26.0    /* room for the y title */
#define TAG_ROW 16.0     /* one row of vertical-marker tags */
#define LEGEND_ROW 20.0  /* one legend row */
#define MAX_ELEMS 48
#define MAX_TAG_ROWS 4

/* ---------------------------------------------------------------- string buffer */

void sf_chart_buf_init(chart_buf *b)
{
    b->s = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

void sf_chart_buf_free(chart_buf *b)
{
    if (!b)
        return;
    free(b->s);
    sf_chart_buf_init(b);
}

static int buf_reserve(chart_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->failed = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

void sf_chart_buf_appendn(chart_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sf_chart_buf_append(chart_buf *b, const char *s)
{
    sf_chart_buf_appendn(b, s, strlen(s));
}

void sf_chart_buf_printf(chart_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (buf_reserve(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sf_chart_buf_escape(chart_buf *b, const char *s)
{
    char prev = 0;
    for (const char *p = s; p && *p; p++) {
        switch (*p) {
        case '&': sf_chart_buf_append(b, "&amp;"); break;
        case '<': sf_chart_buf_append(b, "&lt;"); break;
        case '>': sf_chart_buf_append(b, "&gt;"); break;
        case '"': sf_chart_buf_append(b, "&quot;"); break;
        case '\'': sf_chart_buf_append(b, "&#39;"); break;
        case '/':
            if (prev == '/')
                sf_chart_buf_append(b, "&#47;");
            else
                sf_chart_buf_appendn(b, p, 1);
            break;
        default: sf_chart_buf_appendn(b, p, 1);
        }
        prev = *p;
    }
}

/* ---------------------------------------------------------------- palette, text, ticks */

/* Okabe–Ito and Tableau-like colours, distinguishable with the common colour-vision deficiencies. */
static const char *const palette[CHART_NCOLOURS] = {"#1f5fa8", "#e07b00", "#2a9d6a", "#c8323c", "#7b5ea7",
                                                    "#8c5a3c", "#d16ba5", "#7f7f7f", "#9a9a2a", "#1fa2b8",
                                                    "#b9b9b9", "#14365e"};

const char *sf_chart_colour(int colour)
{
    if (colour == CHART_INK)
        return "#222222";
    int i = colour % CHART_NCOLOURS;
    if (i < 0)
        i += CHART_NCOLOURS;
    return palette[i];
}

double sf_chart_text_width(const char *s, double px)
{
    double w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        if (*p < 0x80) {
            if (*p == ' ' || *p == '.' || *p == ',' || *p == ':' || *p == '(' || *p == ')' || *p == '|')
                w += 0.32;
            else if (*p >= 'A' && *p <= 'Z')
                w += 0.68;
            else if (*p == '%' || *p == 'm' || *p == 'w' || *p == 'M' || *p == 'W')
                w += 0.85;
            else
                w += 0.58;
            p++;
        } else if (*p >= 0xE0) { /* three- and four-byte sequences: CJK and symbols, one em */
            w += (*p >= 0xE2 && *p < 0xE3) ? 0.7 : 1.0;
            p++; /* then its continuation bytes: never past the end of a cut sequence */
            while (*p && (*p & 0xC0) == 0x80)
                p++;
        } else {
            w += 0.6;
            p++;
            while (*p && (*p & 0xC0) == 0x80)
                p++;
        }
    }
    return w * px;
}

void sf_chart_nice_ticks(double lo, double hi, int target, double *first, double *step, int *count)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (!(hi - lo > 1e-9 * fmax(fabs(lo), fabs(hi)))) {
        double d = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1.0;
        lo -= d;
        hi += d;
    }
    if (target < 2)
        target = 2;
    double raw = (hi - lo) / target;
    double mag = pow(10.0, floor(log10(raw)));
    static const double mult[] = {1, 2, 2.5, 5, 10};
    double s = mag * 10;
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++)
        if (mult[i] * mag >= raw * 0.999) {
            s = mult[i] * mag;
            break;
        }
    double f = floor(lo / s + 1e-9) * s;
    int n = (int)ceil((hi - f) / s - 1e-9) + 1;
    if (n < 2)
        n = 2;
    *first = f;
    *step = s;
    *count = n;
}

/* Decimals that show `step` exactly (at most 6). */
static int step_decimals(double step)
{
    for (int d = 0; d < 6; d++) {
        double v = step * pow(10.0, d);
        if (fabs(v - round(v)) < 1e-6 * fmax(1.0, v))
            return d;
    }
    return 6;
}

/* Format with thousands separators and `dec` decimals; minus sign as U+2212 for typography. */
void sf_chart_format_number(double v, int dec, char *out, size_t n)
{
    char tmp[64];
    if (!isfinite(v)) { /* no figure: a dash, never "nan" or "inf" on the page */
        snprintf(out, n, "\xE2\x80\x93");
        return;
    }
    if (fabs(v) >= 1e18) { /* beyond any budget: scientific, not 19+ digits with separators */
        snprintf(tmp, sizeof tmp, "%.3e", fabs(v));
        snprintf(out, n, "%s%s", v < 0 ? "\xE2\x88\x92" : "", tmp);
        return;
    }
    if (fabs(v) < 0.5 * pow(10.0, -dec))
        v = 0; /* no "-0" */
    snprintf(tmp, sizeof tmp, "%.*f", dec, fabs(v));
    const char *dot = strchr(tmp, '.');
    size_t ilen = dot ? (size_t)(dot - tmp) : strlen(tmp);
    char o[96];
    size_t k = 0;
    if (v < 0) {
        memcpy(o, "\xE2\x88\x92", 3);
        k = 3;
    }
    for (size_t i = 0; i < ilen; i++) {
        o[k++] = tmp[i];
        size_t left = ilen - i - 1;
        if (left > 0 && left % 3 == 0)
            o[k++] = ',';
    }
    if (dot) {
        size_t dl = strlen(dot);
        memcpy(o + k, dot, dl);
        k += dl;
    }
    o[k] = '\0';
    snprintf(out, n, "%s", o);
}

/* ---------------------------------------------------------------- the chart */

enum { E_BAND, E_LINE, E_BARS, E_POINTS, E_HIST, E_HLINE, E_VLINE };

typedef struct elem {
    int kind;
    double *a, *b, *c; /* per kind: band lo/hi; line y; bars y; points y/err; hist lo/hi/h */
    int n;
    int colour, style, markers;
    double v, opacity;
    char *legend;
} elem;

struct chart {
    int categorical;
    int ncat;
    char **cats;
    double xlo, xhi;
    char *x_title, *y_title, *name;
    int yfmt;
    int has_include;
    double inc_lo, inc_hi;
    elem e[MAX_ELEMS];
    int ne;
};

static char *dupstr(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

chart *sf_chart_alloc_categories(const char *const *labels, int n)
{
    chart *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->categorical = 1;
    c->ncat = n;
    c->cats = calloc((size_t)(n > 0 ? n : 1), sizeof *c->cats);
    if (!c->cats) {
        free(c);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (!(c->cats[i] = dupstr(labels[i]))) {
            sf_chart_free(c);
            return NULL;
        }
    return c;
}

chart *sf_chart_alloc_linear(double lo, double hi)
{
    chart *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->xlo = lo;
    c->xhi = hi;
    return c;
}

void sf_chart_free(chart *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->ncat; i++)
        free(c->cats[i]);
    free(c->cats);
    for (int i = 0; i < c->ne; i++) {
        free(c->e[i].a);
        free(c->e[i].b);
        free(c->e[i].c);
        free(c->e[i].legend);
    }
    free(c->x_title);
    free(c->y_title);
    free(c->name);
    free(c);
}

void sf_chart_set_titles(chart *c, const char *x_title, const char *y_title)
{
    free(c->x_title);
    free(c->y_title);
    c->x_title = dupstr(x_title);
    c->y_title = dupstr(y_title);
}

void sf_chart_set_name(chart *c, const char *name)
{
    free(c->name);
    c->name = dupstr(name);
}

void sf_chart_set_y_format(chart *c, int fmt) { c->yfmt = fmt; }

void sf_chart_y_include(chart *c, double v)
{
    if (!isfinite(v))
        return;
    if (!c->has_include) {
        c->inc_lo = c->inc_hi = v;
        c->has_include = 1;
    } else {
        c->inc_lo = fmin(c->inc_lo, v);
        c->inc_hi = fmax(c->inc_hi, v);
    }
}

static double *dupvec(const double *v, int n)
{
    if (!v)
        return NULL;
    double *d = malloc(sizeof *d * (size_t)(n > 0 ? n : 1));
    if (d)
        memcpy(d, v, sizeof *d * (size_t)n);
    return d;
}

static elem *add(chart *c, int kind, int n, const double *a, const double *b, const double *cc, int colour,
                 const char *legend)
{
    if (c->ne >= MAX_ELEMS)
        return NULL;
    elem *e = &c->e[c->ne];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->n = n;
    e->colour = colour;
    e->opacity = 1;
    e->a = dupvec(a, n);
    e->b = dupvec(b, n);
    e->c = dupvec(cc, n);
    e->legend = dupstr(legend);
    if ((a && !e->a) || (b && !e->b) || (cc && !e->c) || (legend && !e->legend)) {
        free(e->a);
        free(e->b);
        free(e->c);
        free(e->legend);
        return NULL;
    }
    c->ne++;
    return e;
}

int sf_chart_band(chart *c, const double *lo, const double *hi, int colour, double opacity, const char *legend)
{
    elem *e = add(c, E_BAND, c->ncat, lo, hi, NULL, colour, legend);
    if (!e)
        return -1;
    e->opacity = opacity;
    return 0;
}

int sf_chart_line(chart *c, const double *y, int colour, int style, int markers, const char *legend)
{
    elem *e = add(c, E_LINE, c->ncat, y, NULL, NULL, colour, legend);
    if (!e)
        return -1;
    e->style = style;
    e->markers = markers;
    return 0;
}

int sf_chart_bars(chart *c, const double *y, int colour, const char *legend)
{
    return add(c, E_BARS, c->ncat, y, NULL, NULL, colour, legend) ? 0 : -1;
}

int sf_chart_points(chart *c, const double *y, const double *err, int colour, const char *legend)
{
    return add(c, E_POINTS, c->ncat, y, err, NULL, colour, legend) ? 0 : -1;
}

int sf_chart_histogram(chart *c, const double *lo, const double *hi, const double *h, int n, int colour,
                    const char *legend)
{
    return add(c, E_HIST, n, lo, hi, h, colour, legend) ? 0 : -1;
}

int sf_chart_hline(chart *c, double y, int colour, int style, const char *legend)
{
    elem *e = add(c, E_HLINE, 0, NULL, NULL, NULL, colour, legend);
    if (!e)
        return -1;
    e->v = y;
    e->style = style;
    return 0;
}

int sf_chart_vline(chart *c, double x, int colour, int style, const char *tag)
{
    elem *e = add(c, E_VLINE, 0, NULL, NULL, NULL, colour, tag);
    if (!e)
        return -1;
    e->v = x;
    e->style = style;
    return 0;
}

/* ---------------------------------------------------------------- rendering */

typedef struct frame {
    double left, top, pw, ph;     /* plot rectangle */
    double y0, y1;                /* value range */
    double yfirst, ystep;
    int ycount, ydec;
    double x0, x1, xfirst, xstep; /* linear x */
    int xcount, xdec;
} frame;

/* Pixel coordinates. The frame's ranges are never empty (sf_chart_render widens a degenerate one), and
 * a coordinate that still comes out non-finite (a value of ±inf or NaN given to the chart) is drawn
 * at the axis rather than written as "nan" into the SVG. */
static double finite_or(double v, double fallback) { return isfinite(v) ? v : fallback; }
static double ypix(const frame *f, double v)
{
    return finite_or(f->top + f->ph * (1 - (v - f->y0) / (f->y1 - f->y0)), f->top + f->ph);
}
static double xcat(const frame *f, int n, double i) { return finite_or(f->left + f->pw * (i + 0.5) / n, f->left); }
static double xlin(const frame *f, double v)
{
    return finite_or(f->left + f->pw * (v - f->x0) / (f->x1 - f->x0), f->left);
}

/* A tick label centred on its tick, unless that would cut it at the edge of the chart. */
static const char *tick_anchor(double x, const char *label)
{
    double w = sf_chart_text_width(label, FONT);
    return x + w / 2 > W - 2 ? "end" : x - w / 2 < 2 ? "start" : "middle";
}

static const char *dash(int style)
{
    return style == CHART_DASHED ? " stroke-dasharray=\"7 4\"" : style == CHART_DOTTED ? " stroke-dasharray=\"2 3\"" : "";
}

static void fmt_y(const chart *c, const frame *f, double v, int extra, char *out, size_t n)
{
    if (c->yfmt == CHART_FMT_PERCENT) {
        int d = step_decimals(f->ystep * 100) + extra;
        char num[64];
        sf_chart_format_number(v * 100, d, num, sizeof num);
        snprintf(out, n, "%s%%", num);
    } else {
        sf_chart_format_number(v, f->ydec + extra, out, n);
    }
}

static void value_range(const chart *c, double *lo, double *hi)
{
    double a = INFINITY, b = -INFINITY;
#define TAKE(v)                                                                                                      \
    do {                                                                                                             \
        double v_ = (v);                                                                                             \
        if (isfinite(v_)) {                                                                                          \
            a = fmin(a, v_);                                                                                         \
            b = fmax(b, v_);                                                                                         \
        }                                                                                                            \
    } while (0)
    double *pos = calloc((size_t)(c->ncat > 0 ? c->ncat : 1), sizeof *pos);
    double *neg = calloc((size_t)(c->ncat > 0 ? c->ncat : 1), sizeof *neg);
    for (int k = 0; k < c->ne; k++) {
        const elem *e = &c->e[k];
        switch (e->kind) {
        case E_BAND:
            for (int i = 0; i < e->n; i++) {
                TAKE(e->a[i]);
                TAKE(e->b[i]);
            }
            break;
        case E_LINE:
            for (int i = 0; i < e->n; i++)
                TAKE(e->a[i]);
            break;
        case E_BARS:
            TAKE(0);
            for (int i = 0; i < e->n && pos && neg; i++)
                if (isfinite(e->a[i])) {
                    if (e->a[i] >= 0)
                        pos[i] += e->a[i];
                    else
                        neg[i] += e->a[i];
                    TAKE(pos[i]);
                    TAKE(neg[i]);
                }
            break;
        case E_POINTS:
            for (int i = 0; i < e->n; i++) {
                double err = e->b && isfinite(e->b[i]) ? e->b[i] : 0;
                TAKE(e->a[i] - err);
                TAKE(e->a[i] + err);
            }
            TAKE(0);
            break;
        case E_HIST:
            TAKE(0);
            for (int i = 0; i < e->n; i++)
                TAKE(e->c[i]);
            break;
        case E_HLINE: TAKE(e->v); break;
        default: break;
        }
    }
    if (c->has_include) {
        TAKE(c->inc_lo);
        TAKE(c->inc_hi);
    }
#undef TAKE
    free(pos);
    free(neg);
    if (!isfinite(a)) {
        a = 0;
        b = 1;
    }
    *lo = a;
    *hi = b;
}

static void legend_swatch(chart_buf *o, const elem *e, double x, double y)
{
    const char *col = sf_chart_colour(e->colour);
    switch (e->kind) {
    case E_BAND:
        sf_chart_buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"10\" fill=\"%s\" fill-opacity=\"%.2f\"/>",
                         x, y - 9, col, e->opacity);
        break;
    case E_BARS:
    case E_HIST:
        sf_chart_buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"10\" fill=\"%s\"/>", x, y - 9, col);
        break;
    case E_POINTS:
        sf_chart_buf_printf(o,
                         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>"
                         "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>",
                         x + 9, y - 10, x + 9, y + 2, col, x + 9, y - 4, col);
        break;
    default:
        sf_chart_buf_printf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2.2\"%s/>",
                         x, y - 4, x + 18, y - 4, col, dash(e->style));
        if (e->kind == E_LINE && e->markers)
            sf_chart_buf_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x + 9, y - 4, col);
    }
}

/* Lay out the legend entries in rows below the plot; returns the height used. */
static double legend_layout(const chart *c, double left, double y, chart_buf *o)
{
    double x = left, rows = 0;
    int any = 0;
    for (int k = 0; k < c->ne; k++) {
        const elem *e = &c->e[k];
        if (!e->legend || e->kind == E_VLINE)
            continue;
        double w = 24 + sf_chart_text_width(e->legend, FONT) + 18;
        if (any && x + w > W - RIGHT) {
            x = left;
            rows++;
        }
        double yy = y + rows * LEGEND_ROW + 12;
        if (o) {
            sf_chart_buf_append(o, "<g class=\"legend\">");
            legend_swatch(o, e, x, yy);
            sf_chart_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\">", x + 24, yy, FONT);
            sf_chart_buf_escape(o, e->legend);
            sf_chart_buf_append(o, "</text></g>");
        }
        x += w;
        any = 1;
    }
    return any ? (rows + 1) * LEGEND_ROW + 4 : 0;
}

/* Rows of the vertical-marker tags: each tag takes the first row where it overlaps no other. */
static int tag_rows(const chart *c, const frame *f, int *row, double *tx)
{
    double used_lo[MAX_TAG_ROWS][MAX_ELEMS], used_hi[MAX_TAG_ROWS][MAX_ELEMS];
    int nused[MAX_TAG_ROWS] = {0};
    int nrows = 0;
    for (int k = 0; k < c->ne; k++) {
        const elem *e = &c->e[k];
        row[k] = -1;
        if (e->kind != E_VLINE || !e->legend || !isfinite(e->v))
            continue;
        double w = sf_chart_text_width(e->legend, FONT - 1);
        double x = xlin(f, e->v) - w / 2;
        if (x < f->left)
            x = f->left;
        if (x + w > W - RIGHT)
            x = W - RIGHT - w;
        int r = 0;
        for (; r < MAX_TAG_ROWS - 1; r++) {
            int clash = 0;
            for (int j = 0; j < nused[r]; j++)
                if (x < used_hi[r][j] + 8 && x + w + 8 > used_lo[r][j])
                    clash = 1;
            if (!clash)
                break;
        }
        used_lo[r][nused[r]] = x;
        used_hi[r][nused[r]] = x + w;
        nused[r]++;
        row[k] = r;
        tx[k] = x;
        if (r + 1 > nrows)
            nrows = r + 1;
    }
    return nrows;
}

static void title_tag(chart_buf *o, const char *legend, const char *cat, const char *val)
{
    sf_chart_buf_append(o, "<title>");
    if (legend) {
        sf_chart_buf_escape(o, legend);
        sf_chart_buf_append(o, " · ");
    }
    if (cat) {
        sf_chart_buf_escape(o, cat);
        sf_chart_buf_append(o, ": ");
    }
    sf_chart_buf_escape(o, val);
    sf_chart_buf_append(o, "</title>");
}

int sf_chart_render(const chart *c, chart_buf *o)
{
    frame f;
    memset(&f, 0, sizeof f);
    double lo, hi;
    value_range(c, &lo, &hi);
    sf_chart_nice_ticks(lo, hi, 5, &f.yfirst, &f.ystep, &f.ycount);
    f.y0 = f.yfirst;
    f.y1 = f.yfirst + (f.ycount - 1) * f.ystep;
    f.ydec = step_decimals(f.ystep);
    if (!c->categorical) {
        sf_chart_nice_ticks(c->xlo, c->xhi, 6, &f.xfirst, &f.xstep, &f.xcount);
        f.x0 = c->xlo;
        f.x1 = c->xhi;
        /* An empty or unresolvable range (every value the same, or a spread below the resolution
         * of values this large): the range of the ticks, which sf_chart_nice_ticks widened. */
        if (!(f.x1 - f.x0 > 1e-9 * fmax(fabs(f.x0), fabs(f.x1)))) {
            f.x0 = f.xfirst;
            f.x1 = f.xfirst + (f.xcount - 1) * f.xstep;
        }
        f.xdec = step_decimals(f.xstep);
    }
    /* left margin: the widest tick label */
    double maxw = 0;
    char s[96];
    for (int i = 0; i < f.ycount; i++) {
        fmt_y(c, &f, f.yfirst + i * f.ystep, 0, s, sizeof s);
        maxw = fmax(maxw, sf_chart_text_width(s, FONT));
    }
    f.left = 14 + maxw + 8;
    f.pw = W - f.left - RIGHT;
    f.ph = PLOT_H;
    int row[MAX_ELEMS];
    double tx[MAX_ELEMS];
    int ntag = c->categorical ? 0 : tag_rows(c, &f, row, tx);
    f.top = TOP_BASE + ntag * TAG_ROW + (ntag ? 6 : 0);
    double bottom = f.top + f.ph;
    double xlab_y = bottom + 18;
    double after_x = xlab_y + (c->x_title ? 20 : 0) + 10;
    double legend_h = legend_layout(c, f.left, after_x, NULL);
    double H = after_x + legend_h + 4;

    sf_chart_buf_printf(o, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\"", W,
                     H, W, H);
    if (c->name) {
        sf_chart_buf_append(o, " aria-label=\"");
        sf_chart_buf_escape(o, c->name);
        sf_chart_buf_append(o, "\"");
    }
    sf_chart_buf_append(o, ">");
    if (c->name) {
        sf_chart_buf_append(o, "<title>");
        sf_chart_buf_escape(o, c->name);
        sf_chart_buf_append(o, "</title>");
    }
    /* y title above the axis, left-aligned with the tick labels */
    if (c->y_title) {
        sf_chart_buf_printf(o, "<text x=\"8\" y=\"%.1f\" font-size=\"%.0f\" class=\"axis-title\">", TOP_BASE - 12 + ntag * 0.0,
                         FONT);
        sf_chart_buf_escape(o, c->y_title);
        sf_chart_buf_append(o, "</text>");
    }
    /* grid and y ticks */
    sf_chart_buf_append(o, "<g class=\"grid\">");
    for (int i = 0; i < f.ycount; i++) {
        double v = f.yfirst + i * f.ystep;
        double y = ypix(&f, v);
        sf_chart_buf_printf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1\"/>",
                         f.left, y, f.left + f.pw, y, fabs(v) < 1e-12 * fmax(1, f.ystep) ? "#8a8a8a" : "#e3e3e3");
        fmt_y(c, &f, v, 0, s, sizeof s);
        sf_chart_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"end\">%s</text>", f.left - 8,
                         y + 4, FONT, s);
    }
    sf_chart_buf_append(o, "</g>");

    /* x ticks */
    sf_chart_buf_append(o, "<g class=\"xaxis\">");
    if (c->categorical) {
        for (int i = 0; i < c->ncat; i++) {
            sf_chart_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"middle\">",
                             xcat(&f, c->ncat, i), xlab_y, FONT);
            sf_chart_buf_escape(o, c->cats[i]);
            sf_chart_buf_append(o, "</text>");
        }
    } else {
        for (int i = 0; i < f.xcount; i++) {
            double v = f.xfirst + i * f.xstep;
            if (v < f.x0 - 1e-9 * fabs(f.xstep) || v > f.x1 + 1e-9 * fabs(f.xstep))
                continue;
            double x = xlin(&f, v);
            sf_chart_format_number(v, f.xdec, s, sizeof s);
            sf_chart_buf_printf(o,
                             "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#8a8a8a\"/>"
                             "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"%s\">%s</text>",
                             x, bottom, x, bottom + 4, x, xlab_y, FONT, tick_anchor(x, s), s);
        }
    }
    if (c->x_title) {
        sf_chart_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"middle\" class=\"axis-title\">",
                         f.left + f.pw / 2, xlab_y + 20, FONT);
        sf_chart_buf_escape(o, c->x_title);
        sf_chart_buf_append(o, "</text>");
    }
    sf_chart_buf_append(o, "</g>");

    /* data, back to front: bands, bars, histogram, then lines, points, reference lines */
    int n = c->ncat;
    double bw = n > 0 ? f.pw / n : f.pw;
    double *pos = calloc((size_t)(n > 0 ? n : 1), sizeof *pos);
    double *neg = calloc((size_t)(n > 0 ? n : 1), sizeof *neg);
    if (!pos || !neg) {
        free(pos);
        free(neg);
        o->failed = 1;
        return -1;
    }
    int npoints = 0, kpoints = 0;
    for (int k = 0; k < c->ne; k++)
        npoints += c->e[k].kind == E_POINTS;
    for (int pass = 0; pass < 3; pass++) {
        for (int k = 0; k < c->ne; k++) {
            const elem *e = &c->e[k];
            const char *col = sf_chart_colour(e->colour);
            if (pass == 0 && e->kind == E_BAND) {
                /* a polygon through the upper edge left to right and back along the lower edge,
                 * broken where a value is missing */
                int i = 0;
                while (i < e->n) {
                    while (i < e->n && !(isfinite(e->a[i]) && isfinite(e->b[i])))
                        i++;
                    int j = i;
                    while (j < e->n && isfinite(e->a[j]) && isfinite(e->b[j]))
                        j++;
                    if (j > i) {
                        sf_chart_buf_printf(o, "<polygon fill=\"%s\" fill-opacity=\"%.2f\" stroke=\"none\" points=\"", col,
                                         e->opacity);
                        for (int t = i; t < j; t++)
                            sf_chart_buf_printf(o, "%.1f,%.1f ", xcat(&f, n, t), ypix(&f, e->b[t]));
                        for (int t = j - 1; t >= i; t--)
                            sf_chart_buf_printf(o, "%.1f,%.1f ", xcat(&f, n, t), ypix(&f, e->a[t]));
                        sf_chart_buf_append(o, "\">");
                        if (e->legend) {
                            sf_chart_buf_append(o, "<title>");
                            sf_chart_buf_escape(o, e->legend);
                            sf_chart_buf_append(o, "</title>");
                        }
                        sf_chart_buf_append(o, "</polygon>");
                    }
                    i = j;
                }
            } else if (pass == 0 && e->kind == E_BARS) {
                for (int i = 0; i < e->n; i++) {
                    double v = e->a[i];
                    if (!isfinite(v) || v == 0)
                        continue;
                    double base = v > 0 ? pos[i] : neg[i];
                    double top = base + v;
                    if (v > 0)
                        pos[i] = top;
                    else
                        neg[i] = top;
                    double y1 = ypix(&f, fmax(base, top)), y2 = ypix(&f, fmin(base, top));
                    fmt_y(c, &f, v, 2, s, sizeof s);
                    sf_chart_buf_printf(o,
                                     "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.2f\" fill=\"%s\" "
                                     "stroke=\"#ffffff\" stroke-width=\"0.6\">",
                                     xcat(&f, n, i) - bw * 0.3, y1, bw * 0.6, fmax(y2 - y1, 0.3), col);
                    title_tag(o, e->legend, c->cats[i], s);
                    sf_chart_buf_append(o, "</rect>");
                }
            } else if (pass == 0 && e->kind == E_HIST) {
                for (int i = 0; i < e->n; i++) {
                    if (!isfinite(e->a[i]) || !isfinite(e->b[i]) || !isfinite(e->c[i]))
                        continue;
                    double x1 = xlin(&f, e->a[i]), x2 = xlin(&f, e->b[i]);
                    double y = ypix(&f, e->c[i]), y0 = ypix(&f, 0);
                    char a[64], b[64];
                    sf_chart_format_number(e->a[i], f.xdec + 1, a, sizeof a);
                    sf_chart_format_number(e->b[i], f.xdec + 1, b, sizeof b);
                    fmt_y(c, &f, e->c[i], 2, s, sizeof s);
                    sf_chart_buf_printf(o,
                                     "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\" "
                                     "stroke=\"#ffffff\" stroke-width=\"0.5\"><title>%s–%s: %s</title></rect>",
                                     x1, y, fmax(x2 - x1, 0.5), fmax(y0 - y, 0), col, a, b, s);
                }
            } else if (pass == 1 && e->kind == E_LINE) {
                int open = 0;
                for (int i = 0; i < e->n; i++) {
                    if (!isfinite(e->a[i])) {
                        if (open)
                            sf_chart_buf_append(o, "\"/>");
                        open = 0;
                        continue;
                    }
                    if (!open)
                        sf_chart_buf_printf(o,
                                         "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\" "
                                         "stroke-linejoin=\"round\"%s points=\"",
                                         col, dash(e->style));
                    open = 1;
                    sf_chart_buf_printf(o, "%.1f,%.1f ", xcat(&f, n, i), ypix(&f, e->a[i]));
                }
                if (open)
                    sf_chart_buf_append(o, "\"/>");
                for (int i = 0; i < e->n; i++) {
                    if (!isfinite(e->a[i]))
                        continue;
                    fmt_y(c, &f, e->a[i], 2, s, sizeof s);
                    /* markers, or an invisible hover target when markers are off */
                    sf_chart_buf_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"%s>", xcat(&f, n, i),
                                     ypix(&f, e->a[i]), e->markers ? "3.5" : "6", col,
                                     e->markers ? "" : " fill-opacity=\"0\"");
                    title_tag(o, e->legend, c->cats[i], s);
                    sf_chart_buf_append(o, "</circle>");
                }
            } else if (pass == 1 && e->kind == E_POINTS) {
                double off = (kpoints - (npoints - 1) / 2.0) * fmin(bw * 0.18, 26);
                kpoints++;
                for (int i = 0; i < e->n; i++) {
                    if (!isfinite(e->a[i]))
                        continue;
                    double x = xcat(&f, n, i) + off, err = e->b && isfinite(e->b[i]) ? e->b[i] : 0;
                    double ylo = ypix(&f, e->a[i] - err), yhi = ypix(&f, e->a[i] + err);
                    char es[64];
                    fmt_y(c, &f, e->a[i], 2, s, sizeof s);
                    fmt_y(c, &f, err, 2, es, sizeof es);
                    sf_chart_buf_printf(o,
                                     "<g><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                                     "stroke-width=\"1.6\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                                     "stroke=\"%s\" stroke-width=\"1.6\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                                     "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.6\"/>"
                                     "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>",
                                     x, ylo, x, yhi, col, x - 4, ylo, x + 4, ylo, col, x - 4, yhi, x + 4, yhi, col, x,
                                     ypix(&f, e->a[i]), col);
                    char v2[200];
                    snprintf(v2, sizeof v2, "%s ± %s", s, es);
                    title_tag(o, e->legend, c->cats[i], v2);
                    sf_chart_buf_append(o, "</g>");
                }
            } else if (pass == 2 && e->kind == E_HLINE && isfinite(e->v)) {
                fmt_y(c, &f, e->v, 2, s, sizeof s);
                sf_chart_buf_printf(o,
                                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                                 "stroke-width=\"2\"%s>",
                                 f.left, ypix(&f, e->v), f.left + f.pw, ypix(&f, e->v), col, dash(e->style));
                title_tag(o, e->legend, NULL, s);
                sf_chart_buf_append(o, "</line>");
            } else if (pass == 2 && e->kind == E_VLINE && isfinite(e->v) && !c->categorical) {
                double x = xlin(&f, e->v);
                double ytag = TOP_BASE + (row[k] >= 0 ? row[k] : 0) * TAG_ROW + 8;
                sf_chart_buf_printf(o,
                                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                                 "stroke-width=\"2\"%s/>",
                                 x, ytag + 3, x, bottom, col, dash(e->style));
                if (e->legend) {
                    sf_chart_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" fill=\"%s\" class=\"tag\">",
                                     tx[k], ytag, FONT - 1, col);
                    sf_chart_buf_escape(o, e->legend);
                    sf_chart_buf_append(o, "</text>");
                }
            }
        }
    }
    free(pos);
    free(neg);
    /* axes on top of the data */
    sf_chart_buf_printf(o,
                     "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444444\"/>"
                     "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444444\"/>",
                     f.left, f.top, f.left, bottom, f.left, bottom, f.left + f.pw, bottom);
    legend_layout(c, f.left, after_x, o);
    sf_chart_buf_append(o, "</svg>");
    return o->failed ? -1 : 0;
}

/* A tornado's bar label in at most two lines that fit `maxw` (px at FONT): split at the last
 * space that keeps the first line short enough (before a bracket when there is one), the second
 * cut with "…" at a character boundary when it is still too long. Returns the number of lines. */
static int wrap2(const char *label, double maxw, char *l1, char *l2, size_t n)
{
    snprintf(l1, n, "%s", label);
    l2[0] = '\0';
    if (sf_chart_text_width(l1, FONT) <= maxw)
        return 1;
    size_t best = 0, len = strlen(label);
    for (size_t i = 1; i < len && i < n; i++)
        if (label[i] == ' ') {
            char t[512];
            snprintf(t, sizeof t, "%.*s", (int)i, label);
            if (sf_chart_text_width(t, FONT) <= maxw)
                best = i;
        }
    if (best == 0) { /* no space: cut the one line */
        best = len;
    }
    snprintf(l1, n, "%.*s", (int)best, label);
    snprintf(l2, n, "%s", best < len ? label + best + 1 : "");
    for (int k = 0; k < 2; k++) {
        char *l = k ? l2 : l1;
        while (sf_chart_text_width(l, FONT) > maxw && strlen(l) > 4) {
            size_t m = strlen(l);
            /* drop the last character (back to its lead byte), then put the ellipsis on */
            if (m >= 3 && strcmp(l + m - 3, "…") == 0)
                m -= 3;
            do
                m--;
            while (m > 0 && ((unsigned char)l[m] & 0xC0) == 0x80);
            l[m] = '\0';
            if (m + 4 < n)
                strcat(l, "…");
        }
    }
    return l2[0] ? 2 : 1;
}

int sf_chart_tornado(chart_buf *o, const char *name, const char *const *labels, const double *lo, const double *hi,
                  int n, double base, const char *x_title, const char *lo_legend, const char *hi_legend)
{
    double a = base, b = base, lw = 0;
    for (int i = 0; i < n; i++) {
        if (isfinite(lo[i])) {
            a = fmin(a, lo[i]);
            b = fmax(b, lo[i]);
        }
        if (isfinite(hi[i])) {
            a = fmin(a, hi[i]);
            b = fmax(b, hi[i]);
        }
        lw = fmax(lw, sf_chart_text_width(labels[i], FONT));
    }
    double pad = (b - a) * 0.04;
    frame f;
    memset(&f, 0, sizeof f);
    sf_chart_nice_ticks(a - pad, b + pad, 6, &f.xfirst, &f.xstep, &f.xcount);
    f.x0 = f.xfirst;
    f.x1 = f.xfirst + (f.xcount - 1) * f.xstep;
    f.xdec = step_decimals(f.xstep);
    f.left = fmin(14 + lw + 10, W * 0.45);
    f.pw = W - f.left - RIGHT;
    f.top = 12;
    /* labels wider than the space left of the plot take two lines (wrap2), and their rows more room */
    const double maxw = f.left - 14 - 10;
    double rowh = lw > maxw ? 36 : 28;
    f.ph = rowh * (n > 0 ? n : 1);
    double bottom = f.top + f.ph;
    double xlab_y = bottom + 18;
    double after = xlab_y + (x_title ? 20 : 0) + 10;
    double H = after + LEGEND_ROW + 8;
    char s[96];
    sf_chart_buf_printf(o, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\"", W,
                     H, W, H);
    if (name) {
        sf_chart_buf_append(o, " aria-label=\"");
        sf_chart_buf_escape(o, name);
        sf_chart_buf_append(o, "\"><title>");
        sf_chart_buf_escape(o, name);
        sf_chart_buf_append(o, "</title>");
    } else {
        sf_chart_buf_append(o, ">");
    }
    for (int i = 0; i < f.xcount; i++) {
        double v = f.xfirst + i * f.xstep, x = xlin(&f, v);
        sf_chart_format_number(v, f.xdec, s, sizeof s);
        sf_chart_buf_printf(o,
                         "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                         "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"%s\">%s</text>",
                         x, f.top, x, bottom, x, xlab_y, FONT, tick_anchor(x, s), s);
    }
    for (int i = 0; i < n; i++) {
        double yc = f.top + rowh * (i + 0.5);
        char l1[512], l2[512];
        if (wrap2(labels[i], maxw, l1, l2, sizeof l1) == 1) {
            sf_chart_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"end\">", f.left - 8,
                                yc + 4, FONT);
            sf_chart_buf_escape(o, l1);
            sf_chart_buf_append(o, "</text>");
        } else {
            for (int k = 0; k < 2; k++) {
                sf_chart_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"end\">", f.left - 8,
                                    yc + (k ? 11.5 : -2.5), FONT);
                sf_chart_buf_escape(o, k ? l2 : l1);
                sf_chart_buf_append(o, "</text>");
            }
        }
        const double *vals[2] = {lo, hi};
        const char *legs[2] = {lo_legend, hi_legend};
        for (int side = 0; side < 2; side++) {
            double v = vals[side][i];
            if (!isfinite(v))
                continue;
            double x1 = xlin(&f, fmin(v, base)), x2 = xlin(&f, fmax(v, base));
            sf_chart_format_number(v - base, f.xdec + 2, s, sizeof s);
            sf_chart_buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"16\" fill=\"%s\">", x1, yc - 8,
                             fmax(x2 - x1, 0.5), sf_chart_colour(side ? CHART_ORANGE : CHART_BLUE));
            char cat[256];
            snprintf(cat, sizeof cat, "%s", labels[i]);
            title_tag(o, legs[side], cat, s);
            sf_chart_buf_append(o, "</rect>");
        }
    }
    double xb = xlin(&f, base);
    sf_chart_buf_printf(o,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222222\" stroke-width=\"1.5\"/>"
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444444\"/>",
                     xb, f.top - 4, xb, bottom, f.left, bottom, f.left + f.pw, bottom);
    if (x_title) {
        sf_chart_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"middle\" class=\"axis-title\">",
                         f.left + f.pw / 2, xlab_y + 20, FONT);
        sf_chart_buf_escape(o, x_title);
        sf_chart_buf_append(o, "</text>");
    }
    double x = f.left, y = after + 12;
    for (int side = 0; side < 2; side++) {
        const char *lg = side ? hi_legend : lo_legend;
        if (!lg)
            continue;
        sf_chart_buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"10\" fill=\"%s\"/>", x, y - 9,
                         sf_chart_colour(side ? CHART_ORANGE : CHART_BLUE));
        sf_chart_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\">", x + 24, y, FONT);
        sf_chart_buf_escape(o, lg);
        sf_chart_buf_append(o, "</text>");
        x += 24 + sf_chart_text_width(lg, FONT) + 18;
    }
    sf_chart_buf_append(o, "</svg>");
    return o->failed ? -1 : 0;
}
