/*
 * report.c — report.html from the files of a results folder (see report.h, docs/report.md).
 *
 * Order of the page (issue 5): key figures; 1 the headline table of budget.total per year;
 * 2 the fan chart; 3 stacked bars by budget line, each with its Article; 4 the distribution of
 * the horizon total; 5 one section per mechanism present in summary.csv; 6 the Article 56
 * evaluation table; 7 sensitivity, comparison and reverse stress when their files exist;
 * 8 every parameter and what reproduces the run.
 */
#include "report.h"

#include "chart.h"
#include "csv_table.h"
#include "i18n.h"
#include "series_table.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_YEARS 200
#define MAX_SERIES 512
#define PATH_MAX_LEN 4096

/* ================================================================ CSV tables */

/* A results file: csv_table's rows without the blank ones (a lone empty field), the first of them
 * the header; a data row narrower than the header reads as blank cells. */
typedef struct csvtab {
    csv_table *t;
    size_t head;  /* table row of the header */
    size_t *row;  /* table row of each data row */
    size_t nrows; /* data rows */
    size_t ncols;
} csvtab;

static void csvtab_free(csvtab *t)
{
    if (!t)
        return;
    csv_table_free(t->t);
    free(t->row);
    memset(t, 0, sizeof *t);
}

static int row_blank(const csv_table *t, size_t r)
{
    return csv_table_nfields(t, r) == 1 && csv_table_cell(t, r, 0)[0] == '\0';
}

/* Read results_dir/name. *absent = 1 (and SF_OK) when the file does not exist and optional. */
static int csvtab_read(const char *dir, const char *name, int optional, csvtab *t, int *absent, sf_err *err)
{
    memset(t, 0, sizeof *t);
    if (absent)
        *absent = 0;
    char path[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (optional && access(path, F_OK) != 0 && errno == ENOENT) {
        if (absent)
            *absent = 1;
        return SF_OK;
    }
    csv_table_stop stop = {0, NULL};
    sf_err e;
    sf_err_clear(&e);
    int rc = csv_table_read(path, SIZE_MAX, NULL, &t->t, &stop, &e);
    if (rc == SF_EPARSE) /* the line is the count of rows read, as this reader has always said */
        return sf_err_set(err, SF_EPARSE, "%s:%zu: malformed CSV: %s", path, stop.rows + 1, stop.reason);
    if (rc == SF_ENOMEM)
        return sf_err_set(err, SF_ENOMEM, "%s: out of memory", path);
    if (rc != SF_OK)
        return sf_err_set(err, rc, "%s", e.msg);
    const size_t n = csv_table_nrows(t->t);
    size_t r = 0;
    while (r < n && row_blank(t->t, r))
        r++;
    if (r == n) {
        csvtab_free(t);
        return sf_err_set(err, SF_EPARSE, "%s:1: empty file: a header row is required", path);
    }
    t->head = r;
    t->ncols = csv_table_nfields(t->t, r);
    t->row = malloc((n - r) * sizeof *t->row);
    if (!t->row) {
        csvtab_free(t);
        return sf_err_set(err, SF_ENOMEM, "%s: out of memory", path);
    }
    for (r++; r < n; r++) {
        if (row_blank(t->t, r))
            continue;
        if (csv_table_nfields(t->t, r) > t->ncols) {
            csvtab_free(t);
            return sf_err_set(err, SF_EPARSE, "%s:%zu: more fields than the header has", path, r + 1);
        }
        t->row[t->nrows++] = r;
    }
    return SF_OK;
}

static int csvtab_col(const csvtab *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(csv_table_cell(t->t, t->head, c), name) == 0)
            return (int)c;
    return -1;
}

static const char *csvtab_cell(const csvtab *t, size_t r, int c)
{
    if (c < 0 || (size_t)c >= t->ncols || r >= t->nrows)
        return "";
    return csv_table_cell(t->t, t->row[r], (size_t)c);
}

static double num(const char *s)
{
    if (!s || !*s)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    return *end ? NAN : v;
}

/* ================================================================ the results folder */

enum { ST_MEAN, ST_SD, ST_SE, ST_P05, ST_P25, ST_P50, ST_P75, ST_P90, ST_P95, ST_P99, ST_P999, ST_CVAR95, ST_CVAR99, NST };
static const char *const stat_names[NST] = {"mean", "sd",  "se",  "p05",  "p25",    "p50",   "p75",
                                            "p90",  "p95", "p99", "p999", "cvar95", "cvar99"};

#define Y_TOTAL (-1)
#define Y_PV (-2)

typedef struct folder {
    const char *dir;
    i18n_lang lang;
    csvtab sum, ser, par, fig, eval, hist, sens, cmp, stress;
    int has_ser, has_eval, has_hist, has_sens, has_cmp, has_stress, has_par, has_fig;
    int c_series, c_unit, c_year, c_stat[NST];
    int years[MAX_YEARS];
    int ny;
    const char *series[MAX_SERIES]; /* distinct series in file order */
    const char *unit[MAX_SERIES];     /* from series.csv (summary.csv's when the folder has none) */
    sf_series_info info[MAX_SERIES]; /* kind, mechanism, Article and labels of each */
    int nseries;
    char *fig_used; /* per figures row: shown already */
} folder;

static int year_code(const char *s)
{
    if (strcmp(s, "total") == 0)
        return Y_TOTAL;
    if (strcmp(s, "pv") == 0)
        return Y_PV;
    char *end;
    long v = strtol(s, &end, 10);
    return (*s && !*end && v > 0 && v < 100000) ? (int)v : -1000;
}

/* A statistic of (series, year), NaN when absent. */
static double S(const folder *f, const char *series, int year, int st)
{
    if (f->c_stat[st] < 0)
        return NAN;
    for (size_t r = 0; r < f->sum.nrows; r++)
        if (strcmp(csvtab_cell(&f->sum, r, f->c_series), series) == 0 &&
            year_code(csvtab_cell(&f->sum, r, f->c_year)) == year)
            return num(csvtab_cell(&f->sum, r, f->c_stat[st]));
    return NAN;
}

static int has_series(const folder *f, const char *series)
{
    for (int i = 0; i < f->nseries; i++)
        if (strcmp(f->series[i], series) == 0)
            return 1;
    return 0;
}

static const sf_series_info *series_info(const folder *f, const char *series)
{
    for (int i = 0; i < f->nseries; i++)
        if (strcmp(f->series[i], series) == 0)
            return &f->info[i];
    return NULL;
}

static const char *series_unit(const folder *f, const char *series)
{
    const sf_series_info *in = series_info(f, series);
    return in ? in->unit : "";
}

/* series.csv: the kind, units and labels of every series of summary.csv. A folder written
 * before series.csv existed has none: its series then get the rows the model's definitions
 * and the label tables give them (what series.csv would have said), unknown ones a bare row. */
static int series_list_load(folder *f, sf_err *err)
{
    int absent, rc = csvtab_read(f->dir, "series.csv", 1, &f->ser, &absent, err);
    if (rc != SF_OK)
        return rc;
    f->has_ser = !absent;
    static const char *const cols[] = {"series", "unit", "kind", "mechanism", "article", "label_en", "label_zh"};
    int c[7];
    for (size_t k = 0; f->has_ser && k < 7; k++)
        if ((c[k] = csvtab_col(&f->ser, cols[k])) < 0)
            return sf_err_set(err, SF_EPARSE, "%s/series.csv:1: column '%s' is missing", f->dir, cols[k]);
    for (int i = 0; i < f->nseries; i++) {
        sf_series_info *in = &f->info[i];
        if (!f->has_ser) {
            if (sf_series_info_builtin(f->series[i], in) != 0)
                *in = (sf_series_info){f->series[i], f->unit[i], "metric", "", "", "", ""};
            in->unit = f->unit[i];
            continue;
        }
        size_t r = 0;
        while (r < f->ser.nrows && strcmp(csvtab_cell(&f->ser, r, c[0]), f->series[i]) != 0)
            r++;
        if (r == f->ser.nrows)
            return sf_err_set(err, SF_EPARSE, "%s/series.csv: series: '%s' of summary.csv is not listed", f->dir,
                              f->series[i]);
        *in = (sf_series_info){csvtab_cell(&f->ser, r, c[0]), csvtab_cell(&f->ser, r, c[1]),
                               csvtab_cell(&f->ser, r, c[2]), csvtab_cell(&f->ser, r, c[3]),
                               csvtab_cell(&f->ser, r, c[4]), csvtab_cell(&f->ser, r, c[5]),
                               csvtab_cell(&f->ser, r, c[6])};
        f->unit[i] = in->unit;
    }
    return SF_OK;
}

/* parameters.csv: the value of section.key, or NULL. */
static const char *P(const folder *f, const char *section, const char *key)
{
    if (!f->has_par)
        return NULL;
    int cs = csvtab_col(&f->par, "section"), ck = csvtab_col(&f->par, "key"), cv = csvtab_col(&f->par, "value");
    for (size_t r = 0; r < f->par.nrows; r++)
        if (strcmp(csvtab_cell(&f->par, r, cs), section) == 0 && strcmp(csvtab_cell(&f->par, r, ck), key) == 0)
            return csvtab_cell(&f->par, r, cv);
    return NULL;
}

/* figures.csv: the value of key (marked as shown), NaN when absent. */
static double F(const folder *f, const char *key)
{
    if (!f->has_fig)
        return NAN;
    int ck = csvtab_col(&f->fig, "key"), cv = csvtab_col(&f->fig, "value");
    for (size_t r = 0; r < f->fig.nrows; r++)
        if (strcmp(csvtab_cell(&f->fig, r, ck), key) == 0) {
            if (f->fig_used)
                f->fig_used[r] = 1;
            return num(csvtab_cell(&f->fig, r, cv));
        }
    return NAN;
}

static double Fy(const folder *f, const char *prefix, int year)
{
    char k[128];
    snprintf(k, sizeof k, "%s.%d", prefix, year);
    return F(f, k);
}

/* The appropriation of a year: figures.csv, else parameters.csv budget.appropriation (one value,
 * or one per year, comma-separated). */
static double appropriation(const folder *f, int yi)
{
    double v = Fy(f, "budget.appropriation", f->years[yi]);
    if (isfinite(v))
        return v;
    const char *s = P(f, "budget", "appropriation");
    if (!s || !*s)
        return NAN;
    double vals[MAX_YEARS];
    int n = 0;
    const char *p = s;
    while (*p && n < MAX_YEARS) {
        char *end;
        double x = strtod(p, &end);
        if (end == p)
            break;
        vals[n++] = x;
        p = end;
        while (*p == ',' || *p == ' ' || *p == ';')
            p++;
    }
    if (n == 0)
        return NAN;
    return n == 1 ? vals[0] : (yi < n ? vals[yi] : NAN);
}

static int folder_load(folder *f, sf_err *err)
{
    int absent, rc = csvtab_read(f->dir, "summary.csv", 0, &f->sum, &absent, err);
    if (rc != SF_OK)
        return rc;
    f->c_series = csvtab_col(&f->sum, "series");
    f->c_unit = csvtab_col(&f->sum, "unit");
    f->c_year = csvtab_col(&f->sum, "year");
    for (int i = 0; i < NST; i++)
        f->c_stat[i] = csvtab_col(&f->sum, stat_names[i]);
    const char *need[] = {"series", "unit", "year", "mean"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (csvtab_col(&f->sum, need[i]) < 0)
            return sf_err_set(err, SF_EPARSE, "%s/summary.csv:1: column '%s' is missing", f->dir, need[i]);
    for (size_t r = 0; r < f->sum.nrows; r++) {
        const char *s = csvtab_cell(&f->sum, r, f->c_series);
        int y = year_code(csvtab_cell(&f->sum, r, f->c_year));
        if (y == -1000)
            return sf_err_set(err, SF_EPARSE, "%s/summary.csv:%zu: year: '%s' is not a year, total or pv", f->dir,
                              r + 2, csvtab_cell(&f->sum, r, f->c_year));
        if (y > 0) {
            int k = 0;
            while (k < f->ny && f->years[k] != y)
                k++;
            if (k == f->ny && f->ny < MAX_YEARS)
                f->years[f->ny++] = y;
        }
        if (!has_series(f, s) && f->nseries < MAX_SERIES) {
            f->series[f->nseries] = s;
            f->unit[f->nseries++] = csvtab_cell(&f->sum, r, f->c_unit);
        }
    }
    if ((rc = series_list_load(f, err)) != SF_OK)
        return rc;
    for (int i = 1; i < f->ny; i++) /* insertion sort of the years */
        for (int j = i; j > 0 && f->years[j - 1] > f->years[j]; j--) {
            int t = f->years[j];
            f->years[j] = f->years[j - 1];
            f->years[j - 1] = t;
        }
    struct {
        const char *name;
        csvtab *t;
        int *has;
    } opt[] = {{"parameters.csv", &f->par, &f->has_par},    {"figures.csv", &f->fig, &f->has_fig},
               {"evaluation.csv", &f->eval, &f->has_eval},  {"histogram.csv", &f->hist, &f->has_hist},
               {"sensitivity.csv", &f->sens, &f->has_sens}, {"compare.csv", &f->cmp, &f->has_cmp},
               {"stress.csv", &f->stress, &f->has_stress}};
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++) {
        rc = csvtab_read(f->dir, opt[i].name, 1, opt[i].t, &absent, err);
        if (rc != SF_OK)
            return rc;
        *opt[i].has = !absent;
    }
    if (f->has_fig) {
        f->fig_used = calloc(f->fig.nrows + 1, 1);
        if (!f->fig_used)
            return sf_err_set(err, SF_ENOMEM, "out of memory");
    }
    return SF_OK;
}

static void folder_free(folder *f)
{
    csvtab *t[] = {&f->sum, &f->ser, &f->par, &f->fig, &f->eval, &f->hist, &f->sens, &f->cmp, &f->stress};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        csvtab_free(t[i]);
    free(f->fig_used);
}

/* ================================================================ formatting */

typedef struct out {
    chart_buf b;
    const folder *f;
    i18n_lang L;
    char toc[16][2][160]; /* id, title */
    int ntoc;
} out;

#define T(id) i18n_text(o->L, (id))

static void put(out *o, const char *s) { chart_buf_append(&o->b, s); }
static void esc(out *o, const char *s) { chart_buf_escape(&o->b, s); }

static void fmt_money(double v, i18n_unit u, char *s, size_t n)
{
    if (!isfinite(v)) {
        snprintf(s, n, "—");
        return;
    }
    chart_format_number(v / i18n_unit_scale(u), i18n_unit_decimals(u), s, n);
}

static void fmt_pct(double v, int dec, char *s, size_t n)
{
    if (!isfinite(v)) {
        snprintf(s, n, "—");
        return;
    }
    char t[48];
    chart_format_number(v * 100, dec, t, sizeof t);
    snprintf(s, n, "%s%%", t);
}

/* A value of a summary series in the given money unit, by the series' unit. */
static void fmt_value(const char *unit, double v, i18n_unit mu, char *s, size_t n)
{
    char t[64];
    if (!isfinite(v)) {
        snprintf(s, n, "—");
    } else if (strcmp(unit, "CNY") == 0) {
        fmt_money(v, mu, s, n);
    } else if (strcmp(unit, "ratio") == 0 || strcmp(unit, "share") == 0) {
        fmt_pct(v, 2, s, n);
    } else if (strcmp(unit, "flag") == 0) {
        fmt_pct(v, 1, s, n);
    } else if (strcmp(unit, "count") == 0) {
        chart_format_number(v, fabs(v) < 100 ? 1 : 0, s, n);
    } else if (strcmp(unit, "x") == 0) {
        chart_format_number(v, 2, t, sizeof t);
        snprintf(s, n, "%s×", t);
    } else {
        snprintf(s, n, "%.4g", v);
    }
}

static const char *unit_label(const out *o, const char *unit, i18n_unit mu)
{
    if (strcmp(unit, "CNY") == 0)
        return i18n_unit_name(o->L, mu);
    if (strcmp(unit, "ratio") == 0 || strcmp(unit, "share") == 0)
        return i18n_text(o->L, I18N_UNIT_PERCENT);
    if (strcmp(unit, "flag") == 0)
        return i18n_text(o->L, I18N_UNIT_FLAG);
    if (strcmp(unit, "count") == 0)
        return i18n_text(o->L, I18N_UNIT_COUNT);
    if (strcmp(unit, "x") == 0)
        return i18n_text(o->L, I18N_UNIT_TIMES);
    return unit;
}

static const char *series_name(const out *o, const char *series)
{
    const sf_series_info *in = series_info(o->f, series);
    const char *l = in ? (o->L == I18N_ZH ? in->label_zh : in->label_en) : NULL;
    return l && *l ? l : series;
}

/* "Risk compensation paid (Article 55)" */
static void series_with_article(const out *o, const char *series, char *s, size_t n)
{
    const sf_series_info *in = series_info(o->f, series);
    const char *a = in && *in->article ? in->article : NULL;
    char art[128] = "";
    if (a)
        i18n_article(o->L, a, art, sizeof art);
    if (a && o->L == I18N_ZH)
        snprintf(s, n, "%s（%s）", series_name(o, series), art);
    else if (a)
        snprintf(s, n, "%s (%s)", series_name(o, series), art);
    else
        snprintf(s, n, "%s", series_name(o, series));
}

static void year_label(int y, char *s, size_t n) { snprintf(s, n, "%d", y); }

static void years_span(const folder *f, char *s, size_t n)
{
    if (f->ny == 0)
        snprintf(s, n, "—");
    else if (f->ny == 1)
        snprintf(s, n, "%d", f->years[0]);
    else
        snprintf(s, n, "%d–%d", f->years[0], f->years[f->ny - 1]);
}

/* ================================================================ page pieces */

static void section_open(out *o, const char *id, const char *title, const char *article)
{
    int k = o->ntoc;
    if (k < 16) {
        snprintf(o->toc[k][0], sizeof o->toc[k][0], "%s", id);
        snprintf(o->toc[k][1], sizeof o->toc[k][1], "%s", title);
        o->ntoc++;
    }
    chart_buf_printf(&o->b, "<section id=\"%s\">\n<h2><span class=\"num\">%d</span>", id, k + 1);
    esc(o, title);
    if (article) {
        char a[160];
        i18n_article(o->L, article, a, sizeof a);
        put(o, "<span class=\"art\">");
        esc(o, a);
        put(o, "</span>");
    }
    put(o, "</h2>\n");
}

static void note(out *o, const char *text)
{
    put(o, "<p class=\"note\">");
    esc(o, text);
    put(o, "</p>\n");
}

static void figure_open(out *o, const char *caption)
{
    put(o, "<figure>");
    if (caption) {
        put(o, "<figcaption>");
        esc(o, caption);
        put(o, "</figcaption>");
    }
}

static int figure_chart(out *o, chart *c)
{
    if (!c) {
        o->b.failed = 1;
        return -1;
    }
    int rc = chart_render(c, &o->b);
    chart_free(c);
    put(o, "</figure>\n");
    return rc;
}

static chart *year_chart(const out *o)
{
    const char *labels[MAX_YEARS];
    char buf[MAX_YEARS][8];
    for (int i = 0; i < o->f->ny; i++) {
        year_label(o->f->years[i], buf[i], sizeof buf[i]);
        labels[i] = buf[i];
    }
    return chart_alloc_categories(labels, o->f->ny);
}

/* Per-year values of a statistic, scaled by `scale` (NaN kept). */
static void per_year(const folder *f, const char *series, int st, double scale, double *v)
{
    for (int i = 0; i < f->ny; i++)
        v[i] = S(f, series, f->years[i], st) / scale;
}

static double max_abs_years(const folder *f, const char *series, int st)
{
    double m = 0;
    for (int i = 0; i < f->ny; i++) {
        double v = S(f, series, f->years[i], st);
        if (isfinite(v))
            m = fmax(m, fabs(v));
    }
    return m;
}

static void other_figures(out *o, const char *prefix);

/* ---------------------------------------------------------------- header and key figures */

static void key_card(out *o, const char *label, const char *value, const char *unit, const char *sub)
{
    put(o, "<div class=\"card\"><div class=\"l\">");
    esc(o, label);
    put(o, "</div><div class=\"v\">");
    esc(o, value);
    if (unit) {
        put(o, " <span class=\"u\">");
        esc(o, unit);
        put(o, "</span>");
    }
    put(o, "</div>");
    if (sub) {
        put(o, "<div class=\"s\">");
        esc(o, sub);
        put(o, "</div>");
    }
    put(o, "</div>");
}

/* Money on a card: one decimal fewer than the tables (CNY million 1, 亿元 2). */
static void card_money(double v, i18n_unit u, char *s, size_t n)
{
    if (!isfinite(v)) {
        snprintf(s, n, "—");
        return;
    }
    chart_format_number(v / i18n_unit_scale(u), u == I18N_YI ? 2 : 1, s, n);
}

static void key_figures(out *o)
{
    const folder *f = o->f;
    i18n_unit u = i18n_unit_headline(o->L);
    const char *un = i18n_unit_name(o->L, u);
    char v[256], sub[256], s[96];
    put(o, "<section id=\"key\" class=\"keyfig\"><h2 class=\"plain\">");
    esc(o, T(I18N_KEY_FIGURES));
    put(o, "</h2><div class=\"cards\">");
    double tot = S(f, "budget.total", Y_TOTAL, ST_MEAN);
    if (isfinite(tot) && f->ny > 0) {
        card_money(tot / f->ny, u, v, sizeof v);
        key_card(o, T(I18N_KEY_MEAN_YEAR), v, un, NULL);
    }
    int wy = -1;
    double w = -INFINITY;
    for (int i = 0; i < f->ny; i++) {
        double x = S(f, "budget.total", f->years[i], ST_P95);
        if (isfinite(x) && x > w) {
            w = x;
            wy = f->years[i];
        }
    }
    if (wy > 0) {
        card_money(w, u, v, sizeof v);
        snprintf(sub, sizeof sub, "%d", wy);
        key_card(o, T(I18N_KEY_WORST_P95), v, un, sub);
    }
    if (isfinite(tot)) {
        char span[64], p95[64];
        years_span(f, span, sizeof span);
        card_money(tot, u, v, sizeof v);
        card_money(S(f, "budget.total", Y_TOTAL, ST_P95), u, p95, sizeof p95);
        snprintf(sub, sizeof sub, "%s · P95 %s", span, p95);
        key_card(o, T(I18N_KEY_TOTAL), v, un, sub);
    }
    double pv = S(f, "budget.total", Y_PV, ST_MEAN);
    if (isfinite(pv)) {
        card_money(pv, u, v, sizeof v);
        const char *dr = P(f, "simulation", "discount_rate");
        if (dr && isfinite(num(dr))) {
            fmt_pct(num(dr), 1, s, sizeof s);
            key_card(o, T(I18N_KEY_PV), v, un, s);
        } else {
            key_card(o, T(I18N_KEY_PV), v, un, NULL);
        }
    }
    if (has_series(f, "budget.exceeds_appropriation")) {
        int py = -1;
        double pm = -1;
        for (int i = 0; i < f->ny; i++) {
            double x = S(f, "budget.exceeds_appropriation", f->years[i], ST_MEAN);
            if (isfinite(x) && x > pm) {
                pm = x;
                py = f->years[i];
            }
        }
        if (py > 0) {
            fmt_pct(pm, 1, v, sizeof v);
            snprintf(sub, sizeof sub, "%d", py);
            key_card(o, T(I18N_KEY_PEXCEED), v, NULL, sub);
        }
    }
    double any = F(f, "budget.prob_exceeds_any_year");
    if (isfinite(any)) {
        fmt_pct(any, 1, v, sizeof v);
        key_card(o, i18n_figure(o->L, "budget.prob_exceeds_any_year", NULL), v, NULL, NULL);
    }
    double need = F(f, "budget.needed.total"), conf = F(f, "budget.confidence");
    if (isfinite(need)) {
        card_money(need, u, v, sizeof v);
        if (isfinite(conf))
            fmt_pct(conf, 0, sub, sizeof sub);
        key_card(o, T(I18N_KEY_NEEDED), v, un, isfinite(conf) ? sub : NULL);
    }
    double sm = F(f, "budget.small_micro_share");
    if (isfinite(sm)) {
        fmt_pct(sm, 1, v, sizeof v);
        key_card(o, T(I18N_KEY_SMALL_MICRO), v, NULL, NULL);
    }
    double mult = F(f, "budget.multiplier");
    if (isfinite(mult)) {
        chart_format_number(mult, 1, v, sizeof v);
        key_card(o, T(I18N_KEY_MULTIPLIER), v, T(I18N_UNIT_TIMES), NULL);
    }
    put(o, "</div></section>\n");
}

/* ---------------------------------------------------------------- 1. headline table */

static void headline_cell(out *o, const char *stat, const char *text)
{
    chart_buf_printf(&o->b, "<td data-stat=\"%s\">", stat);
    esc(o, text);
    put(o, "</td>");
}

static void headline_row(out *o, const char *label, const char *ycode, int year, double appr, double need)
{
    const folder *f = o->f;
    i18n_unit u = i18n_unit_headline(o->L);
    char s[96];
    chart_buf_printf(&o->b, "<tr data-year=\"%s\"%s><th scope=\"row\">", ycode, year < 0 ? " class=\"sum\"" : "");
    esc(o, label);
    put(o, "</th>");
    static const struct {
        const char *name;
        int st;
    } cols[] = {{"mean", ST_MEAN}, {"p50", ST_P50}, {"p95", ST_P95}, {"p99", ST_P99}, {"cvar99", ST_CVAR99}};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        fmt_money(S(f, "budget.total", year, cols[i].st), u, s, sizeof s);
        headline_cell(o, cols[i].name, s);
    }
    fmt_money(appr, u, s, sizeof s);
    headline_cell(o, "appropriation", s);
    double pe = year > 0 ? S(f, "budget.exceeds_appropriation", year, ST_MEAN) : NAN;
    fmt_pct(pe, 1, s, sizeof s);
    headline_cell(o, "pexceed", s);
    fmt_money(need, u, s, sizeof s);
    headline_cell(o, "needed", s);
    put(o, "</tr>\n");
}

static void sec_headline(out *o)
{
    const folder *f = o->f;
    section_open(o, "headline", T(I18N_SEC_HEADLINE), "53");
    i18n_unit u = i18n_unit_headline(o->L);
    double conf = F(f, "budget.confidence");
    if (!isfinite(conf)) {
        const char *c = P(f, "budget", "confidence");
        conf = c ? num(c) : NAN;
    }
    char confs[64], need_head[128];
    fmt_pct(conf, 0, confs, sizeof confs);
    snprintf(need_head, sizeof need_head, "%s%s%s", T(I18N_NEEDED_PRE), confs, T(I18N_NEEDED_POST));
    put(o, "<table id=\"headline-table\" class=\"headline\">\n<caption>");
    esc(o, series_name(o, "budget.total"));
    put(o, " · ");
    esc(o, i18n_unit_name(o->L, u));
    put(o, "</caption>\n<thead><tr>");
    const char *heads[] = {T(I18N_YEAR), T(I18N_MEAN),          T(I18N_MEDIAN),  T(I18N_P95), T(I18N_P99),
                           T(I18N_CVAR99), T(I18N_APPROPRIATION), T(I18N_PEXCEED), need_head};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        put(o, "<th scope=\"col\">");
        esc(o, heads[i]);
        put(o, "</th>");
    }
    put(o, "</tr></thead>\n<tbody>\n");
    double appr_sum = 0;
    int appr_all = f->ny > 0;
    for (int i = 0; i < f->ny; i++) {
        char y[16];
        year_label(f->years[i], y, sizeof y);
        double a = appropriation(f, i);
        if (isfinite(a))
            appr_sum += a;
        else
            appr_all = 0;
        headline_row(o, y, y, f->years[i], a, Fy(f, "budget.needed", f->years[i]));
    }
    char span[64], lab[96];
    years_span(f, span, sizeof span);
    snprintf(lab, sizeof lab, "%s %s", T(I18N_TOTAL), span);
    headline_row(o, lab, "total", Y_TOTAL, appr_all ? appr_sum : NAN, F(f, "budget.needed.total"));
    if (isfinite(S(f, "budget.total", Y_PV, ST_MEAN))) {
        const char *dr = P(f, "simulation", "discount_rate");
        if (dr && isfinite(num(dr))) {
            char r[64];
            fmt_pct(num(dr), 1, r, sizeof r);
            snprintf(lab, sizeof lab, o->L == I18N_ZH ? "%s（%s）" : "%s (%s)", T(I18N_PV), r);
        } else {
            snprintf(lab, sizeof lab, "%s", T(I18N_PV));
        }
        headline_row(o, lab, "pv", Y_PV, NAN, F(f, "budget.needed.pv"));
    }
    put(o, "</tbody></table>\n");
    note(o, T(I18N_HEADLINE_NOTE));
    /* the quartiles belong to the fan chart below, not to the list of figures */
    for (int i = 0; i < f->ny; i++) {
        (void)Fy(f, "budget.total.p25", f->years[i]);
        (void)Fy(f, "budget.total.p75", f->years[i]);
    }
    other_figures(o, "budget");
    put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 2. fan chart */

static void sec_fan(out *o)
{
    const folder *f = o->f;
    section_open(o, "fan", T(I18N_SEC_FAN), "53");
    i18n_unit u = i18n_unit_pick(o->L, max_abs_years(f, "budget.total", ST_P99));
    double sc = i18n_unit_scale(u);
    double lo[MAX_YEARS], hi[MAX_YEARS], q25[MAX_YEARS], q75[MAX_YEARS], v[MAX_YEARS];
    chart *c = year_chart(o);
    if (!c) {
        o->b.failed = 1;
        return;
    }
    chart_set_titles(c, NULL, i18n_unit_name(o->L, u));
    chart_set_name(c, T(I18N_SEC_FAN));
    per_year(f, "budget.total", ST_P05, sc, lo);
    per_year(f, "budget.total", ST_P95, sc, hi);
    chart_band(c, lo, hi, CHART_BLUE, 0.18, T(I18N_BAND_5_95));
    /* quartiles: summary.csv columns p25/p75 when the writer adds them, else figures.csv
     * budget.total.p25.<year>/.p75.<year>; the inner band is left out when neither exists */
    int quart = 1;
    for (int i = 0; i < f->ny; i++) {
        q25[i] = S(f, "budget.total", f->years[i], ST_P25);
        q75[i] = S(f, "budget.total", f->years[i], ST_P75);
        if (!isfinite(q25[i]))
            q25[i] = Fy(f, "budget.total.p25", f->years[i]);
        if (!isfinite(q75[i]))
            q75[i] = Fy(f, "budget.total.p75", f->years[i]);
        q25[i] /= sc;
        q75[i] /= sc;
        quart = quart && isfinite(q25[i]) && isfinite(q75[i]);
    }
    if (quart)
        chart_band(c, q25, q75, CHART_BLUE, 0.38, T(I18N_BAND_25_75));
    per_year(f, "budget.total", ST_P50, sc, v);
    chart_line(c, v, CHART_NAVY, CHART_SOLID, 0, T(I18N_MEDIAN));
    per_year(f, "budget.total", ST_MEAN, sc, v);
    chart_line(c, v, CHART_ORANGE, CHART_DASHED, 1, T(I18N_MEAN));
    per_year(f, "budget.total", ST_P99, sc, v);
    chart_line(c, v, CHART_RED, CHART_DOTTED, 0, T(I18N_LINE_P99));
    int any = 0;
    for (int i = 0; i < f->ny; i++) {
        v[i] = appropriation(f, i) / sc;
        any |= isfinite(v[i]);
    }
    if (any)
        chart_line(c, v, CHART_GREEN, CHART_DOTTED, 1, T(I18N_APPROPRIATION));
    chart_y_include(c, 0);
    char cap[256];
    snprintf(cap, sizeof cap, "%s · %s", series_name(o, "budget.total"), i18n_unit_name(o->L, u));
    figure_open(o, cap);
    figure_chart(o, c);
    note(o, T(I18N_FAN_NOTE));
    put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 3. budget lines */

/* The colour of a budget line's bars; a line without one of its own takes the palette's k-th. */
static const struct {
    const char *series;
    int colour;
} line_colours[] = {
    {"risk_comp.paid", CHART_BLUE},           {"risk_comp.recovered", CHART_CYAN},
    {"guarantee.fee_subsidy", CHART_ORANGE},  {"guarantee.loss_comp", CHART_BROWN},
    {"guarantee.capital_injection", CHART_PINK}, {"guarantee.recovered", CHART_NAVY},
    {"insurance.premium_subsidy", CHART_GREEN}, {"insurance.stoploss", CHART_OLIVE},
    {"interest_subsidy.paid", CHART_PURPLE},  {"bridge.loss", CHART_RED},
    {"fund.calls", CHART_GREY},               {"fund.distributions", CHART_LIGHTGREY},
};

static int line_colour(const char *series, int k)
{
    for (size_t i = 0; i < sizeof line_colours / sizeof line_colours[0]; i++)
        if (strcmp(line_colours[i].series, series) == 0)
            return line_colours[i].colour;
    return k % CHART_NCOLOURS;
}

static void sec_lines(out *o)
{
    const folder *f = o->f;
    section_open(o, "lines", T(I18N_SEC_LINES), "53");
    double m = max_abs_years(f, "budget.total", ST_MEAN);
    i18n_unit u = i18n_unit_pick(o->L, m);
    double sc = i18n_unit_scale(u), v[MAX_YEARS];
    chart *c = year_chart(o);
    if (!c) {
        o->b.failed = 1;
        return;
    }
    chart_set_titles(c, NULL, i18n_unit_name(o->L, u));
    chart_set_name(c, T(I18N_SEC_LINES));
    /* the budget lines are the series series.csv calls so, in its order; the sum row is the total */
    for (int k = 0; k < f->nseries; k++) {
        if (strcmp(f->info[k].kind, "budget_line") != 0)
            continue;
        char lab[256];
        series_with_article(o, f->series[k], lab, sizeof lab);
        per_year(f, f->series[k], ST_MEAN, sc, v);
        chart_bars(c, v, line_colour(f->series[k], k), lab);
    }
    per_year(f, "budget.total", ST_MEAN, sc, v);
    chart_line(c, v, CHART_INK, CHART_SOLID, 1, T(I18N_NET_TOTAL));
    char cap[256];
    snprintf(cap, sizeof cap, "%s · %s · %s", T(I18N_SEC_LINES), T(I18N_MEAN), i18n_unit_name(o->L, u));
    figure_open(o, cap);
    figure_chart(o, c);
    note(o, T(I18N_LINES_NOTE));
    /* the same numbers as a table, with every line's Article */
    put(o, "<table class=\"lines\"><thead><tr><th scope=\"col\">");
    esc(o, T(I18N_SERIES));
    put(o, "</th>");
    for (int i = 0; i < f->ny; i++)
        chart_buf_printf(&o->b, "<th scope=\"col\">%d</th>", f->years[i]);
    put(o, "<th scope=\"col\">");
    esc(o, T(I18N_TOTAL));
    put(o, "</th></tr></thead><tbody>\n");
    char s[96];
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < f->nseries; k++) {
            if (strcmp(f->info[k].kind, pass == 0 ? "budget_line" : "budget_total") != 0)
                continue;
            const char *name = f->series[k];
            char lab[256];
            series_with_article(o, name, lab, sizeof lab);
            chart_buf_printf(&o->b, "<tr%s data-series=\"", pass == 1 ? " class=\"sum\"" : "");
            esc(o, name);
            put(o, "\"><th scope=\"row\">");
            esc(o, lab);
            put(o, "</th>");
            for (int i = 0; i < f->ny; i++) {
                fmt_money(S(f, name, f->years[i], ST_MEAN), u, s, sizeof s);
                put(o, "<td>");
                esc(o, s);
                put(o, "</td>");
            }
            fmt_money(S(f, name, Y_TOTAL, ST_MEAN), u, s, sizeof s);
            put(o, "<td>");
            esc(o, s);
            put(o, "</td></tr>\n");
        }
    }
    put(o, "</tbody></table>\n");
    put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 4. distribution */

static void sec_dist(out *o)
{
    const folder *f = o->f;
    char span[64], title[160];
    years_span(f, span, sizeof span);
    snprintf(title, sizeof title, "%s (%s)", T(I18N_SEC_DIST), span);
    section_open(o, "distribution", title, "53");
    int cs = f->has_hist ? csvtab_col(&f->hist, "series") : -1;
    int cl = f->has_hist ? csvtab_col(&f->hist, "bin_lo") : -1, ch = f->has_hist ? csvtab_col(&f->hist, "bin_hi") : -1;
    int cc = f->has_hist ? csvtab_col(&f->hist, "count") : -1;
    size_t nb = 0;
    double *lo = NULL, *hi = NULL, *h = NULL;
    if (f->has_hist && cl >= 0 && ch >= 0 && cc >= 0) {
        lo = malloc(sizeof *lo * (f->hist.nrows + 1));
        hi = malloc(sizeof *hi * (f->hist.nrows + 1));
        h = malloc(sizeof *h * (f->hist.nrows + 1));
        if (!lo || !hi || !h) {
            o->b.failed = 1;
            goto done;
        }
        for (size_t r = 0; r < f->hist.nrows; r++) {
            if (cs >= 0 && strcmp(csvtab_cell(&f->hist, r, cs), "budget.total") != 0)
                continue;
            lo[nb] = num(csvtab_cell(&f->hist, r, cl));
            hi[nb] = num(csvtab_cell(&f->hist, r, ch));
            h[nb] = num(csvtab_cell(&f->hist, r, cc));
            if (isfinite(lo[nb]) && isfinite(hi[nb]) && isfinite(h[nb]))
                nb++;
        }
    }
    if (nb == 0) {
        note(o, T(I18N_NO_HISTOGRAM));
        goto done;
    }
    double total = 0, xmin = INFINITY, xmax = -INFINITY;
    for (size_t i = 0; i < nb; i++) {
        total += h[i];
        xmin = fmin(xmin, lo[i]);
        xmax = fmax(xmax, hi[i]);
    }
    i18n_unit u = i18n_unit_pick(o->L, fmax(fabs(xmin), fabs(xmax)));
    double sc = i18n_unit_scale(u);
    for (size_t i = 0; i < nb; i++) {
        lo[i] /= sc;
        hi[i] /= sc;
        h[i] = total > 0 ? h[i] / total : 0;
    }
    chart *c = chart_alloc_linear(xmin / sc, xmax / sc);
    if (!c) {
        o->b.failed = 1;
        goto done;
    }
    char xt[200];
    snprintf(xt, sizeof xt, "%s (%s), %s", T(I18N_DIST_X), span, i18n_unit_name(o->L, u));
    chart_set_titles(c, xt, T(I18N_SHARE_OF_PATHS));
    chart_set_y_format(c, CHART_FMT_PERCENT);
    chart_set_name(c, title);
    chart_histogram(c, lo, hi, h, (int)nb, CHART_BLUE, NULL);
    static const struct {
        int st, colour, style;
        i18n_msg label;
    } marks[] = {{ST_MEAN, CHART_INK, CHART_DASHED, I18N_MEAN},
                 {ST_P95, CHART_ORANGE, CHART_SOLID, I18N_P95},
                 {ST_P99, CHART_RED, CHART_SOLID, I18N_P99},
                 {ST_CVAR99, CHART_PURPLE, CHART_DOTTED, I18N_CVAR99}};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        double x = S(f, "budget.total", Y_TOTAL, marks[k].st);
        if (!isfinite(x))
            continue;
        char s[64], tag[128];
        chart_format_number(x / sc, u == I18N_YI ? 1 : 0, s, sizeof s);
        snprintf(tag, sizeof tag, "%s %s", T(marks[k].label), s);
        chart_vline(c, x / sc, marks[k].colour, marks[k].style, tag);
    }
    figure_open(o, NULL);
    figure_chart(o, c);
    note(o, T(I18N_DIST_NOTE));
done:
    free(lo);
    free(hi);
    free(h);
    put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 5. mechanisms */

static void facts_open(out *o) { put(o, "<dl class=\"facts\">"); }
static void fact(out *o, const char *label, const char *value, const char *cls)
{
    put(o, "<div><dt>");
    esc(o, label);
    chart_buf_printf(&o->b, "</dt><dd%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    esc(o, value);
    put(o, "</dd></div>");
}
static void facts_close(out *o) { put(o, "</dl>\n"); }

/* One figures.csv value with its label (the key itself when unknown), formatted by its kind. */
static void figure_fact(out *o, const char *key, double v)
{
    char kind, s[128], t[160];
    const char *label = i18n_figure(o->L, key, &kind);
    if (!isfinite(v)) {
        snprintf(t, sizeof t, "—");
    } else if (kind == 'p') {
        fmt_pct(v, 2, t, sizeof t);
    } else if (kind == 'm') {
        i18n_unit u = i18n_unit_pick(o->L, fabs(v));
        fmt_money(v, u, s, sizeof s);
        snprintf(t, sizeof t, "%s %s", s, i18n_unit_name(o->L, u));
    } else if (kind == 'x') {
        chart_format_number(v, 1, s, sizeof s);
        snprintf(t, sizeof t, "%s%s", s, i18n_text(o->L, I18N_UNIT_TIMES));
    } else {
        snprintf(t, sizeof t, "%.6g", v);
    }
    fact(o, label ? label : key, t, NULL);
}

/* Figures of this prefix that no specific code showed. */
static void other_figures(out *o, const char *prefix)
{
    const folder *f = o->f;
    if (!f->has_fig)
        return;
    int ck = csvtab_col(&f->fig, "key"), cv = csvtab_col(&f->fig, "value");
    size_t pl = strlen(prefix);
    int open = 0;
    for (size_t r = 0; r < f->fig.nrows; r++) {
        const char *k = csvtab_cell(&f->fig, r, ck);
        if (f->fig_used[r] || strncmp(k, prefix, pl) != 0 || k[pl] != '.')
            continue;
        f->fig_used[r] = 1;
        if (!open)
            facts_open(o);
        open = 1;
        figure_fact(o, k, num(csvtab_cell(&f->fig, r, cv)));
    }
    if (open)
        facts_close(o);
}

/* The table of every series of a mechanism: mean per year (P95 below), and the horizon total. */
static void mech_table(out *o, const char *prefix)
{
    const folder *f = o->f;
    size_t pl = strlen(prefix);
    double m = 0;
    int any_total = 0;
    for (int i = 0; i < f->nseries; i++)
        if (strncmp(f->series[i], prefix, pl) == 0 && f->series[i][pl] == '.' && strcmp(f->unit[i], "CNY") == 0) {
            m = fmax(m, max_abs_years(f, f->series[i], ST_MEAN));
            any_total |= isfinite(S(f, f->series[i], Y_TOTAL, ST_MEAN));
        }
    i18n_unit u = i18n_unit_pick(o->L, m);
    put(o, "<table class=\"mech\"><thead><tr><th scope=\"col\">");
    esc(o, T(I18N_SERIES));
    put(o, "</th><th scope=\"col\" class=\"unit\">");
    esc(o, T(I18N_UNIT));
    put(o, "</th>");
    for (int i = 0; i < f->ny; i++)
        chart_buf_printf(&o->b, "<th scope=\"col\">%d</th>", f->years[i]);
    if (any_total) {
        put(o, "<th scope=\"col\">");
        esc(o, T(I18N_TOTAL));
        put(o, "</th>");
    }
    put(o, "</tr></thead><tbody>\n");
    char s[96], p[96];
    for (int k = 0; k < f->nseries; k++) {
        const char *name = f->series[k];
        if (strncmp(name, prefix, pl) != 0 || name[pl] != '.')
            continue;
        const char *unit = f->unit[k];
        put(o, "<tr><th scope=\"row\">");
        esc(o, series_name(o, name));
        put(o, "</th><td class=\"unit\">");
        esc(o, unit_label(o, unit, u));
        put(o, "</td>");
        int ncol = f->ny + (any_total ? 1 : 0);
        for (int i = 0; i < ncol; i++) {
            int y = i < f->ny ? f->years[i] : Y_TOTAL;
            fmt_value(unit, S(f, name, y, ST_MEAN), u, s, sizeof s);
            fmt_value(unit, S(f, name, y, ST_P95), u, p, sizeof p);
            put(o, "<td>");
            esc(o, s);
            if (strcmp(s, "—") != 0 && strcmp(p, "—") != 0 && strcmp(p, s) != 0) {
                put(o, "<span class=\"p95\">P95 ");
                esc(o, p);
                put(o, "</span>");
            }
            put(o, "</td>");
        }
        put(o, "</tr>\n");
    }
    put(o, "</tbody></table>\n");
    note(o, T(I18N_TABLE_NOTE));
}

/* A money chart: band P5–P95 and mean line of `band_series`, then mean lines and bars. */
static chart *money_chart(out *o, double maxabs, i18n_unit *u)
{
    *u = i18n_unit_pick(o->L, maxabs);
    chart *c = year_chart(o);
    if (c)
        chart_set_titles(c, NULL, i18n_unit_name(o->L, *u));
    return c;
}

static void band_and_mean(out *o, chart *c, const char *series, double sc, int colour)
{
    double lo[MAX_YEARS], hi[MAX_YEARS], v[MAX_YEARS];
    char lab[256];
    per_year(o->f, series, ST_P05, sc, lo);
    per_year(o->f, series, ST_P95, sc, hi);
    snprintf(lab, sizeof lab, "%s · %s", series_name(o, series), T(I18N_BAND_5_95));
    chart_band(c, lo, hi, colour, 0.2, lab);
    per_year(o->f, series, ST_MEAN, sc, v);
    snprintf(lab, sizeof lab, "%s · %s", series_name(o, series), T(I18N_MEAN));
    chart_line(c, v, colour, CHART_SOLID, 1, lab);
}

static void mean_line(out *o, chart *c, const char *series, double sc, int colour, int style, int st)
{
    double v[MAX_YEARS];
    char lab[256];
    per_year(o->f, series, st, sc, v);
    snprintf(lab, sizeof lab, "%s · %s", series_name(o, series),
             st == ST_MEAN ? T(I18N_MEAN) : st == ST_P95 ? "P95" : st == ST_P99 ? "P99" : stat_names[st]);
    chart_line(c, v, colour, style, st == ST_MEAN, lab);
}

/* A chart of a ratio per year, in percent, named `name`. */
static chart *percent_chart(out *o, const char *name)
{
    chart *c = year_chart(o);
    if (c) {
        chart_set_titles(c, NULL, T(I18N_UNIT_PERCENT));
        chart_set_y_format(c, CHART_FMT_PERCENT);
        chart_set_name(c, name);
    }
    return c;
}

static void mech_risk_comp(out *o)
{
    const folder *f = o->f;
    double m = fmax(max_abs_years(f, "risk_comp.pool_balance", ST_P95), max_abs_years(f, "risk_comp.paid", ST_MEAN));
    i18n_unit u;
    chart *c = money_chart(o, m, &u);
    if (!c)
        return;
    double sc = i18n_unit_scale(u), v[MAX_YEARS];
    chart_set_name(c, T(I18N_RC_CHART));
    if (has_series(f, "risk_comp.paid")) {
        per_year(f, "risk_comp.paid", ST_MEAN, sc, v);
        char lab[256];
        snprintf(lab, sizeof lab, "%s · %s", series_name(o, "risk_comp.paid"), T(I18N_MEAN));
        chart_bars(c, v, CHART_ORANGE, lab);
    }
    if (has_series(f, "risk_comp.pool_balance"))
        band_and_mean(o, c, "risk_comp.pool_balance", sc, CHART_BLUE);
    if (has_series(f, "risk_comp.shortfall"))
        mean_line(o, c, "risk_comp.shortfall", sc, CHART_RED, CHART_DASHED, ST_MEAN);
    chart_y_include(c, 0);
    figure_open(o, T(I18N_RC_CHART));
    figure_chart(o, c);
}

static void mech_guarantee(out *o)
{
    const folder *f = o->f;
    char s[96], t[256];
    if (has_series(f, "guarantee.capital")) {
        i18n_unit u;
        chart *c = money_chart(o, max_abs_years(f, "guarantee.capital", ST_P95), &u);
        if (!c)
            return;
        double sc = i18n_unit_scale(u), v[MAX_YEARS];
        chart_set_name(c, T(I18N_GU_CAPITAL_CHART));
        if (has_series(f, "guarantee.capital_injection")) {
            per_year(f, "guarantee.capital_injection", ST_MEAN, sc, v);
            snprintf(t, sizeof t, "%s · %s", series_name(o, "guarantee.capital_injection"), T(I18N_MEAN));
            chart_bars(c, v, CHART_PINK, t);
        }
        band_and_mean(o, c, "guarantee.capital", sc, CHART_BLUE);
        chart_y_include(c, 0);
        figure_open(o, T(I18N_GU_CAPITAL_CHART));
        figure_chart(o, c);
    }
    const char *lim = P(f, "guarantee", "leverage_limit");
    if (has_series(f, "guarantee.leverage")) {
        chart *c = year_chart(o);
        if (!c)
            return;
        chart_set_titles(c, NULL, T(I18N_UNIT_TIMES));
        chart_set_name(c, T(I18N_GU_LEVERAGE_CHART));
        band_and_mean(o, c, "guarantee.leverage", 1, CHART_BLUE);
        mean_line(o, c, "guarantee.leverage", 1, CHART_NAVY, CHART_DOTTED, ST_P99);
        if (lim && isfinite(num(lim))) {
            chart_format_number(num(lim), 0, s, sizeof s);
            snprintf(t, sizeof t, "%s (%s%s)", T(I18N_GU_LIMIT), s, T(I18N_UNIT_TIMES));
            chart_hline(c, num(lim), CHART_RED, CHART_DASHED, t);
        }
        chart_y_include(c, 0);
        figure_open(o, T(I18N_GU_LEVERAGE_CHART));
        figure_chart(o, c);
    }
    facts_open(o);
    if (has_series(f, "guarantee.small_micro_share")) {
        double sum = 0, mn = INFINITY;
        int n = 0;
        for (int i = 0; i < f->ny; i++) {
            double x = S(f, "guarantee.small_micro_share", f->years[i], ST_MEAN);
            if (isfinite(x)) {
                sum += x;
                mn = fmin(mn, x);
                n++;
            }
        }
        const char *ms = P(f, "guarantee", "small_micro_min");
        double min = ms ? num(ms) : 0.8;
        if (!isfinite(min))
            min = 0.8;
        if (n > 0) {
            char a[64], b[64];
            fmt_pct(sum / n, 1, a, sizeof a);
            fmt_pct(min, 0, b, sizeof b);
            int ok = mn >= min;
            snprintf(t, sizeof t, o->L == I18N_ZH ? "%s（%s %s）——%s" : "%s (%s %s) — %s", a, T(I18N_GU_RULE_MIN), b,
                     ok ? T(I18N_GU_MEETS) : T(I18N_GU_BELOW));
            fact(o, T(I18N_GU_SMALL_MICRO), t, ok ? "flag-ok" : "flag-bad");
        }
    }
    if (has_series(f, "guarantee.claim_rate")) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < f->ny; i++) {
            double x = S(f, "guarantee.claim_rate", f->years[i], ST_MEAN);
            if (isfinite(x)) {
                sum += x;
                n++;
            }
        }
        if (n) {
            fmt_pct(sum / n, 2, s, sizeof s);
            fact(o, T(I18N_GU_CLAIM), s, NULL);
        }
    }
    double be = F(f, "guarantee.break_even_fee");
    if (isfinite(be)) {
        fmt_pct(be, 2, s, sizeof s);
        const char *fr = P(f, "guarantee", "fee_rate");
        if (fr && isfinite(num(fr))) {
            char a[64];
            fmt_pct(num(fr), 2, a, sizeof a);
            snprintf(t, sizeof t, o->L == I18N_ZH ? "%s（现行费率 %s）" : "%s (fee now %s)", s, a);
            fact(o, T(I18N_GU_BREAK_EVEN), t, NULL);
        } else {
            fact(o, T(I18N_GU_BREAK_EVEN), s, NULL);
        }
    }
    facts_close(o);
}

static void mech_insurance(out *o)
{
    const folder *f = o->f;
    if (!has_series(f, "insurance.loss_ratio"))
        return;
    chart *c = percent_chart(o, T(I18N_IN_CHART));
    if (!c)
        return;
    band_and_mean(o, c, "insurance.loss_ratio", 1, CHART_BLUE);
    mean_line(o, c, "insurance.loss_ratio", 1, CHART_NAVY, CHART_DOTTED, ST_P99);
    const char *a = P(f, "insurance", "stoploss_attach");
    if (a && isfinite(num(a))) {
        char s[64], t[256];
        fmt_pct(num(a), 0, s, sizeof s);
        snprintf(t, sizeof t, "%s (%s)", T(I18N_IN_ATTACH), s);
        chart_hline(c, num(a), CHART_RED, CHART_DASHED, t);
    }
    chart_y_include(c, 0);
    figure_open(o, T(I18N_IN_CHART));
    figure_chart(o, c);
}

static void mech_interest(out *o)
{
    const folder *f = o->f;
    if (!has_series(f, "interest_subsidy.paid"))
        return;
    i18n_unit u;
    chart *c = money_chart(o, max_abs_years(f, "interest_subsidy.paid", ST_P95), &u);
    if (!c)
        return;
    chart_set_name(c, T(I18N_IS_CHART));
    band_and_mean(o, c, "interest_subsidy.paid", i18n_unit_scale(u), CHART_PURPLE);
    chart_y_include(c, 0);
    figure_open(o, T(I18N_IS_CHART));
    figure_chart(o, c);
}

static void mech_bridge(out *o)
{
    const folder *f = o->f;
    if (has_series(f, "bridge.utilisation") || has_series(f, "bridge.rejection_rate")) {
        chart *c = percent_chart(o, T(I18N_BR_CHART));
        if (!c)
            return;
        if (has_series(f, "bridge.utilisation"))
            band_and_mean(o, c, "bridge.utilisation", 1, CHART_BLUE);
        if (has_series(f, "bridge.rejection_rate")) {
            band_and_mean(o, c, "bridge.rejection_rate", 1, CHART_RED);
        }
        chart_y_include(c, 0);
        figure_open(o, T(I18N_BR_CHART));
        figure_chart(o, c);
    }
    double c1 = F(f, "bridge.capital_for_rejection_1pct"), c5 = F(f, "bridge.capital_for_rejection_5pct");
    if (isfinite(c1) || isfinite(c5)) {
        i18n_unit u = i18n_unit_pick(o->L, fmax(isfinite(c1) ? c1 : 0, isfinite(c5) ? c5 : 0));
        char s[64], t[128];
        facts_open(o);
        const char *cap = P(f, "bridge", "capital");
        if (cap && isfinite(num(cap))) {
            fmt_money(num(cap), u, s, sizeof s);
            snprintf(t, sizeof t, "%s %s", s, i18n_unit_name(o->L, u));
            fact(o, T(I18N_BR_CAPITAL), t, NULL);
        }
        if (isfinite(c1)) {
            fmt_money(c1, u, s, sizeof s);
            snprintf(t, sizeof t, "%s %s", s, i18n_unit_name(o->L, u));
            fact(o, T(I18N_BR_CAP1), t, NULL);
        }
        if (isfinite(c5)) {
            fmt_money(c5, u, s, sizeof s);
            snprintf(t, sizeof t, "%s %s", s, i18n_unit_name(o->L, u));
            fact(o, T(I18N_BR_CAP5), t, NULL);
        }
        facts_close(o);
    }
}

static void mech_fund(out *o)
{
    const folder *f = o->f;
    double m = fmax(fmax(max_abs_years(f, "fund.calls", ST_MEAN), max_abs_years(f, "fund.distributions", ST_MEAN)),
                    max_abs_years(f, "fund.nav", ST_MEAN));
    i18n_unit u;
    chart *c = money_chart(o, m, &u);
    if (!c)
        return;
    double sc = i18n_unit_scale(u), v[MAX_YEARS], d[MAX_YEARS], cum[MAX_YEARS];
    char t[256];
    chart_set_name(c, T(I18N_FU_CHART));
    per_year(f, "fund.calls", ST_MEAN, sc, v);
    per_year(f, "fund.distributions", ST_MEAN, sc, d);
    if (has_series(f, "fund.calls")) {
        snprintf(t, sizeof t, "%s · %s", series_name(o, "fund.calls"), T(I18N_MEAN));
        chart_bars(c, v, CHART_GREY, t);
    }
    if (has_series(f, "fund.distributions")) {
        snprintf(t, sizeof t, "%s · %s", series_name(o, "fund.distributions"), T(I18N_MEAN));
        chart_bars(c, d, CHART_GREEN, t);
    }
    if (has_series(f, "fund.nav"))
        mean_line(o, c, "fund.nav", sc, CHART_PURPLE, CHART_SOLID, ST_MEAN);
    double run = 0;
    for (int i = 0; i < f->ny; i++) {
        run += (isfinite(v[i]) ? v[i] : 0) + (isfinite(d[i]) ? d[i] : 0);
        cum[i] = run;
    }
    chart_line(c, cum, CHART_INK, CHART_DASHED, 1, T(I18N_FU_CUMNET));
    chart_y_include(c, 0);
    figure_open(o, T(I18N_FU_CHART));
    figure_chart(o, c);
    double pl = F(f, "fund.prob_loss_principal");
    if (isfinite(pl)) {
        char s[64];
        facts_open(o);
        fmt_pct(pl, 1, s, sizeof s);
        fact(o, T(I18N_FU_PLOSS), s, NULL);
        facts_close(o);
    }
}

static void mech_portfolio(out *o)
{
    const folder *f = o->f;
    if (!has_series(f, "portfolio.default_rate"))
        return;
    chart *c = percent_chart(o, T(I18N_PF_CHART));
    if (!c)
        return;
    band_and_mean(o, c, "portfolio.default_rate", 1, CHART_RED);
    mean_line(o, c, "portfolio.default_rate", 1, CHART_BROWN, CHART_DOTTED, ST_P99);
    chart_y_include(c, 0);
    figure_open(o, T(I18N_PF_CHART));
    figure_chart(o, c);
}

static void sec_mechanisms(out *o)
{
    const folder *f = o->f;
    section_open(o, "mechanisms", T(I18N_SEC_MECH), NULL);
    note(o, T(I18N_MECH_NOTE));
    /* prefixes in the order they appear in summary.csv; budget.* is the headline already */
    char prefixes[64][64];
    int np = 0;
    for (int i = 0; i < f->nseries && np < 64; i++) {
        const char *dot = strchr(f->series[i], '.');
        size_t n = dot ? (size_t)(dot - f->series[i]) : strlen(f->series[i]);
        if (n >= 64)
            continue;
        char p[64];
        memcpy(p, f->series[i], n);
        p[n] = '\0';
        if (strcmp(p, "budget") == 0)
            continue;
        int k = 0;
        while (k < np && strcmp(prefixes[k], p) != 0)
            k++;
        if (k == np)
            memcpy(prefixes[np++], p, n + 1);
    }
    for (int k = 0; k < np; k++) {
        const char *p = prefixes[k];
        const char *title = i18n_mechanism(o->L, p);
        const char *art = i18n_series_article(p);
        chart_buf_printf(&o->b, "<section class=\"mechanism\" id=\"mech-%s\"><h3>", p);
        esc(o, title ? title : p);
        if (art) {
            char a[160];
            i18n_article(o->L, art, a, sizeof a);
            put(o, "<span class=\"art\">");
            esc(o, a);
            put(o, "</span>");
        }
        put(o, "</h3>\n");
        if (strcmp(p, "risk_comp") == 0)
            mech_risk_comp(o);
        else if (strcmp(p, "guarantee") == 0)
            mech_guarantee(o);
        else if (strcmp(p, "insurance") == 0)
            mech_insurance(o);
        else if (strcmp(p, "interest_subsidy") == 0)
            mech_interest(o);
        else if (strcmp(p, "bridge") == 0)
            mech_bridge(o);
        else if (strcmp(p, "fund") == 0)
            mech_fund(o);
        else if (strcmp(p, "portfolio") == 0)
            mech_portfolio(o);
        other_figures(o, p);
        mech_table(o, p);
        put(o, "</section>\n");
    }
    put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 6. evaluation */

static void sec_eval(out *o)
{
    const folder *f = o->f;
    section_open(o, "evaluation", T(I18N_SEC_EVAL), "56");
    if (!f->has_eval) {
        note(o, T(I18N_NO_EVAL));
        put(o, "</section>\n");
        return;
    }
    const csvtab *e = &f->eval;
    int cm = csvtab_col(e, "mechanism"), ca = csvtab_col(e, "article"), csp = csvtab_col(e, "spending");
    int cfs = csvtab_col(e, "financing_supported"), clr = csvtab_col(e, "loss_rate");
    int ccy = csvtab_col(e, "cost_per_yuan"), cmu = csvtab_col(e, "multiplier");
    double m = 0;
    for (size_t r = 0; r < e->nrows; r++)
        m = fmax(m, fabs(num(csvtab_cell(e, r, csp))));
    i18n_unit u = i18n_unit_pick(o->L, m), us = i18n_unit_pick(o->L, 1e12);
    char hs[128], hf[128];
    snprintf(hs, sizeof hs, "%s (%s)", T(I18N_SPENDING), i18n_unit_name(o->L, u));
    snprintf(hf, sizeof hf, "%s (%s)", T(I18N_SUPPORTED), i18n_unit_name(o->L, us));
    put(o, "<table id=\"evaluation-table\"><thead><tr>");
    const char *heads[] = {T(I18N_MECHANISM), T(I18N_ARTICLE), hs, hf, T(I18N_LOSS_RATE), T(I18N_COST_PER_YUAN),
                           T(I18N_MULTIPLIER)};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        put(o, "<th scope=\"col\">");
        esc(o, heads[i]);
        put(o, "</th>");
    }
    put(o, "</tr></thead><tbody>\n");
    char s[96];
    for (size_t r = 0; r < e->nrows; r++) {
        const char *name = csvtab_cell(e, r, cm);
        const char *t = i18n_mechanism(o->L, i18n_mechanism_prefix(name));
        put(o, "<tr><th scope=\"row\">");
        esc(o, t ? t : name);
        put(o, "</th><td class=\"txt\">");
        const char *art = csvtab_cell(e, r, ca);
        if (*art) {
            char a[160];
            i18n_article(o->L, art, a, sizeof a);
            esc(o, a);
        }
        put(o, "</td><td>");
        fmt_money(num(csvtab_cell(e, r, csp)), u, s, sizeof s);
        esc(o, s);
        put(o, "</td><td>");
        fmt_money(num(csvtab_cell(e, r, cfs)), us, s, sizeof s);
        esc(o, s);
        put(o, "</td><td>");
        fmt_pct(num(csvtab_cell(e, r, clr)), 2, s, sizeof s);
        esc(o, s);
        put(o, "</td><td>");
        fmt_pct(num(csvtab_cell(e, r, ccy)), 2, s, sizeof s);
        esc(o, s);
        put(o, "</td><td>");
        double mu = num(csvtab_cell(e, r, cmu));
        if (isfinite(mu)) {
            chart_format_number(mu, 1, s, sizeof s);
            esc(o, s);
            esc(o, T(I18N_UNIT_TIMES));
        } else {
            esc(o, "—");
        }
        put(o, "</td></tr>\n");
    }
    put(o, "</tbody></table>\n");
    note(o, T(I18N_EVAL_NOTE));
    put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 7. sensitivity, compare, stress */

typedef struct tor {
    const char *label;
    double lo, hi, span;
} tor;

static int tor_cmp(const void *a, const void *b)
{
    double x = ((const tor *)a)->span, y = ((const tor *)b)->span;
    return (x < y) - (x > y);
}

static void sec_sens(out *o)
{
    const folder *f = o->f;
    const csvtab *t = &f->sens;
    int cp = csvtab_col(t, "parameter"), cl = csvtab_col(t, "low"), ch = csvtab_col(t, "high");
    int cs = csvtab_col(t, "series"), cy = csvtab_col(t, "year"), cst = csvtab_col(t, "stat");
    int cb = csvtab_col(t, "base"), cvl = csvtab_col(t, "value_low"), cvh = csvtab_col(t, "value_high");
    section_open(o, "sensitivity", T(I18N_SEC_SENS), NULL);
    if (cp < 0 || cb < 0 || cvl < 0 || cvh < 0 || t->nrows == 0) {
        put(o, "</section>\n");
        return;
    }
    /* the first (series, year, stat) group in the file */
    const char *s0 = csvtab_cell(t, 0, cs), *y0 = csvtab_cell(t, 0, cy), *st0 = csvtab_cell(t, 0, cst);
    tor *items = calloc(t->nrows, sizeof *items);
    char(*labels)[256] = calloc(t->nrows, sizeof *labels);
    const char **lp = calloc(t->nrows, sizeof *lp);
    double *lo = calloc(t->nrows, sizeof *lo), *hi = calloc(t->nrows, sizeof *hi);
    if (!items || !labels || !lp || !lo || !hi) {
        o->b.failed = 1;
        goto done;
    }
    int n = 0;
    double base = num(csvtab_cell(t, 0, cb)), m = fabs(base);
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(csvtab_cell(t, r, cs), s0) || strcmp(csvtab_cell(t, r, cy), y0) || strcmp(csvtab_cell(t, r, cst), st0))
            continue;
        snprintf(labels[n], sizeof labels[n], "%s (%s → %s)", csvtab_cell(t, r, cp), csvtab_cell(t, r, cl),
                 csvtab_cell(t, r, ch));
        items[n].label = labels[n];
        items[n].lo = num(csvtab_cell(t, r, cvl));
        items[n].hi = num(csvtab_cell(t, r, cvh));
        items[n].span = fabs(items[n].hi - items[n].lo);
        if (!isfinite(items[n].span))
            items[n].span = 0;
        m = fmax(m, fmax(fabs(items[n].lo), fabs(items[n].hi)));
        n++;
    }
    qsort(items, (size_t)n, sizeof *items, tor_cmp);
    const char *unit = series_unit(f, s0);
    int money = strcmp(unit, "CNY") == 0 || !*unit;
    i18n_unit u = i18n_unit_pick(o->L, m);
    double sc = money ? i18n_unit_scale(u) : 1;
    for (int i = 0; i < n; i++) {
        lp[i] = items[i].label;
        lo[i] = items[i].lo / sc;
        hi[i] = items[i].hi / sc;
    }
    char xt[256], yl[64];
    snprintf(yl, sizeof yl, "%s", y0);
    int yc = year_code(y0);
    if (yc == Y_TOTAL)
        snprintf(yl, sizeof yl, "%s", T(I18N_TOTAL));
    else if (yc == Y_PV)
        snprintf(yl, sizeof yl, "%s", T(I18N_PV));
    snprintf(xt, sizeof xt, "%s · %s · %s%s%s", series_name(o, s0), yl, strcmp(st0, "mean") == 0 ? T(I18N_MEAN) : st0,
             money ? " · " : "", money ? i18n_unit_name(o->L, u) : "");
    put(o, "<figure><figcaption>");
    esc(o, T(I18N_SEC_SENS));
    put(o, "</figcaption>");
    chart_tornado(&o->b, T(I18N_SEC_SENS), lp, lo, hi, n, base / sc, xt, T(I18N_SENS_LOW), T(I18N_SENS_HIGH));
    put(o, "</figure>\n");
    note(o, T(I18N_SENS_NOTE));
done:
    free(items);
    free(labels);
    free(lp);
    free(lo);
    free(hi);
    put(o, "</section>\n");
}

static void sec_compare(out *o)
{
    const folder *f = o->f;
    const csvtab *t = &f->cmp;
    int cv = csvtab_col(t, "variant"), cs = csvtab_col(t, "series"), cy = csvtab_col(t, "year");
    int cst = csvtab_col(t, "stat"), cb = csvtab_col(t, "base"), cvv = csvtab_col(t, "variant_value");
    int cd = csvtab_col(t, "diff"), ce = csvtab_col(t, "diff_se");
    section_open(o, "compare", T(I18N_SEC_COMPARE), NULL);
    if (cv < 0 || cs < 0 || cy < 0 || cd < 0) {
        put(o, "</section>\n");
        return;
    }
    /* variants in file order */
    const char *vars[16];
    int nv = 0;
    double m = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *v = csvtab_cell(t, r, cv);
        int k = 0;
        while (k < nv && strcmp(vars[k], v) != 0)
            k++;
        if (k == nv && nv < 16)
            vars[nv++] = v;
        if (strcmp(csvtab_cell(t, r, cs), "budget.total") == 0 && year_code(csvtab_cell(t, r, cy)) > 0)
            m = fmax(m, fabs(num(csvtab_cell(t, r, cd))) + 2 * fabs(num(csvtab_cell(t, r, ce))));
    }
    i18n_unit u = i18n_unit_pick(o->L, m);
    double sc = i18n_unit_scale(u);
    chart *c = year_chart(o);
    if (!c) {
        o->b.failed = 1;
        return;
    }
    char yt[256];
    snprintf(yt, sizeof yt, "%s", i18n_unit_name(o->L, u));
    chart_set_titles(c, NULL, yt);
    chart_set_name(c, T(I18N_CMP_CHART_Y));
    for (int k = 0; k < nv; k++) {
        double d[MAX_YEARS], e[MAX_YEARS];
        for (int i = 0; i < f->ny; i++)
            d[i] = e[i] = NAN;
        for (size_t r = 0; r < t->nrows; r++) {
            if (strcmp(csvtab_cell(t, r, cv), vars[k]) || strcmp(csvtab_cell(t, r, cs), "budget.total") ||
                (cst >= 0 && strcmp(csvtab_cell(t, r, cst), "mean")))
                continue;
            int y = year_code(csvtab_cell(t, r, cy));
            for (int i = 0; i < f->ny; i++)
                if (f->years[i] == y) {
                    d[i] = num(csvtab_cell(t, r, cd)) / sc;
                    e[i] = 1.96 * num(csvtab_cell(t, r, ce)) / sc;
                }
        }
        chart_points(c, d, e, k, vars[k]);
    }
    chart_y_include(c, 0);
    figure_open(o, T(I18N_CMP_CHART_Y));
    figure_chart(o, c);
    /* the table: every row over the horizon (year total), else every row */
    int any_total = 0;
    for (size_t r = 0; r < t->nrows; r++)
        any_total |= year_code(csvtab_cell(t, r, cy)) == Y_TOTAL;
    put(o, "<table id=\"compare-table\"><thead><tr>");
    const char *heads[] = {T(I18N_VARIANT), T(I18N_SERIES),   T(I18N_YEAR),  T(I18N_BASE),
                           T(I18N_VARIANT_VALUE), T(I18N_DIFF), T(I18N_ERR95), T(I18N_SIGNIFICANT)};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        put(o, "<th scope=\"col\">");
        esc(o, heads[i]);
        put(o, "</th>");
    }
    put(o, "</tr></thead><tbody>\n");
    i18n_unit tu = i18n_unit_pick(o->L, 1e9);
    for (size_t r = 0; r < t->nrows; r++) {
        int y = year_code(csvtab_cell(t, r, cy));
        if (any_total && y != Y_TOTAL)
            continue;
        const char *series = csvtab_cell(t, r, cs);
        const char *unit = series_unit(f, series);
        if (!*unit)
            unit = "CNY";
        char b[96], vv[96], d[96], e[96];
        double diff = num(csvtab_cell(t, r, cd)), se = num(csvtab_cell(t, r, ce));
        fmt_value(unit, num(csvtab_cell(t, r, cb)), tu, b, sizeof b);
        fmt_value(unit, num(csvtab_cell(t, r, cvv)), tu, vv, sizeof vv);
        fmt_value(unit, diff, tu, d, sizeof d);
        fmt_value(unit, 1.96 * se, tu, e, sizeof e);
        put(o, "<tr><th scope=\"row\">");
        esc(o, csvtab_cell(t, r, cv));
        put(o, "</th><td class=\"txt\">");
        esc(o, series_name(o, series));
        put(o, "</td><td>");
        esc(o, y == Y_TOTAL ? T(I18N_TOTAL) : csvtab_cell(t, r, cy));
        put(o, "</td><td>");
        esc(o, b);
        put(o, "</td><td>");
        esc(o, vv);
        put(o, "</td><td>");
        esc(o, d);
        put(o, "</td><td>± ");
        esc(o, e);
        int sig = isfinite(diff) && isfinite(se) && fabs(diff) > 1.96 * se;
        chart_buf_printf(&o->b, "</td><td class=\"%s\">", sig ? "flag-bad" : "");
        esc(o, sig ? T(I18N_YES) : T(I18N_NO));
        put(o, "</td></tr>\n");
    }
    put(o, "</tbody></table>\n");
    char un[128];
    snprintf(un, sizeof un, "%s: %s", T(I18N_UNIT), i18n_unit_name(o->L, tu));
    note(o, un);
    note(o, T(I18N_CMP_NOTE));
    put(o, "</section>\n");
}

static void sec_stress(out *o)
{
    const folder *f = o->f;
    const csvtab *t = &f->stress;
    int cs = csvtab_col(t, "series"), cy = csvtab_col(t, "year"), cv = csvtab_col(t, "value");
    section_open(o, "stress", T(I18N_SEC_STRESS), NULL);
    if (cs < 0 || cy < 0 || cv < 0) {
        put(o, "</section>\n");
        return;
    }
    note(o, T(I18N_STRESS_NOTE));
    const char *ser[64];
    int ns = 0;
    int yrs[MAX_YEARS], ny = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *s = csvtab_cell(t, r, cs);
        int k = 0;
        while (k < ns && strcmp(ser[k], s) != 0)
            k++;
        if (k == ns && ns < 32)
            ser[ns++] = s;
        int y = year_code(csvtab_cell(t, r, cy));
        k = 0;
        while (k < ny && yrs[k] != y)
            k++;
        if (k == ny && ny < MAX_YEARS && y > 0)
            yrs[ny++] = y;
    }
    /* the factor path as a chart */
    for (int k = 0; k < ns; k++) {
        if (strcmp(ser[k], "economy.G") != 0 && strcmp(ser[k], "G") != 0)
            continue;
        const char *labels[MAX_YEARS];
        char buf[MAX_YEARS][8];
        double v[MAX_YEARS];
        for (int i = 0; i < ny; i++) {
            year_label(yrs[i], buf[i], sizeof buf[i]);
            labels[i] = buf[i];
            v[i] = NAN;
            for (size_t r = 0; r < t->nrows; r++)
                if (strcmp(csvtab_cell(t, r, cs), ser[k]) == 0 && year_code(csvtab_cell(t, r, cy)) == yrs[i])
                    v[i] = num(csvtab_cell(t, r, cv));
        }
        chart *c = chart_alloc_categories(labels, ny);
        if (!c) {
            o->b.failed = 1;
            return;
        }
        chart_set_titles(c, NULL, "G");
        chart_set_name(c, T(I18N_STRESS_FACTOR));
        chart_line(c, v, CHART_RED, CHART_SOLID, 1, T(I18N_STRESS_FACTOR));
        chart_y_include(c, 0);
        figure_open(o, T(I18N_STRESS_FACTOR));
        figure_chart(o, c);
        break;
    }
    put(o, "<table id=\"stress-table\"><thead><tr><th scope=\"col\">");
    esc(o, T(I18N_SERIES));
    put(o, "</th><th scope=\"col\" class=\"unit\">");
    esc(o, T(I18N_UNIT));
    put(o, "</th>");
    for (int i = 0; i < ny; i++)
        chart_buf_printf(&o->b, "<th scope=\"col\">%d</th>", yrs[i]);
    put(o, "</tr></thead><tbody>\n");
    for (int k = 0; k < ns; k++) {
        const char *unit = series_unit(f, ser[k]);
        i18n_unit u = i18n_unit_headline(o->L);
        put(o, "<tr><th scope=\"row\">");
        esc(o, strcmp(ser[k], "economy.G") == 0 ? T(I18N_STRESS_FACTOR) : series_name(o, ser[k]));
        put(o, "</th><td class=\"unit\">");
        esc(o, *unit ? unit_label(o, unit, u) : "");
        put(o, "</td>");
        for (int i = 0; i < ny; i++) {
            double v = NAN;
            for (size_t r = 0; r < t->nrows; r++)
                if (strcmp(csvtab_cell(t, r, cs), ser[k]) == 0 && year_code(csvtab_cell(t, r, cy)) == yrs[i])
                    v = num(csvtab_cell(t, r, cv));
            char s[96];
            if (*unit)
                fmt_value(unit, v, u, s, sizeof s);
            else if (isfinite(v))
                snprintf(s, sizeof s, "%.3g", v);
            else
                snprintf(s, sizeof s, "—");
            put(o, "<td>");
            esc(o, s);
            put(o, "</td>");
        }
        put(o, "</tr>\n");
    }
    put(o, "</tbody></table>\n</section>\n");
}

/* ---------------------------------------------------------------- 8. assumptions */

static void sec_assume(out *o)
{
    const folder *f = o->f;
    section_open(o, "assumptions", T(I18N_SEC_ASSUME), NULL);
    note(o, T(I18N_ASSUME_NOTE));
    static const struct {
        const char *key;
        i18n_msg label;
    } run[] = {{"version", I18N_RUN_VERSION}, {"name", I18N_RUN_NAME},         {"scenario", I18N_RUN_SCENARIO},
               {"scenario_sha256", I18N_RUN_SHA}, {"seed", I18N_RUN_SEED},     {"paths", I18N_RUN_PATHS},
               {"threads", I18N_RUN_THREADS},  {"wall_seconds", I18N_RUN_WALL}, {"start_year", I18N_RUN_START},
               {"years", I18N_RUN_YEARS}};
    put(o, "<h3>");
    esc(o, T(I18N_RUN));
    put(o, "</h3><table id=\"run-table\" class=\"kv\"><tbody>\n");
    for (size_t i = 0; i < sizeof run / sizeof run[0]; i++) {
        const char *v = P(f, "run", run[i].key);
        if (!v)
            continue;
        chart_buf_printf(&o->b, "<tr data-key=\"%s\"><th scope=\"row\">", run[i].key);
        esc(o, T(run[i].label));
        put(o, "</th><td class=\"txt\"><code>");
        esc(o, v);
        put(o, "</code></td></tr>\n");
    }
    /* other run rows (paths of files, lang, ...) as they are */
    if (f->has_par) {
        int cs = csvtab_col(&f->par, "section"), ck = csvtab_col(&f->par, "key"), cv = csvtab_col(&f->par, "value");
        for (size_t r = 0; r < f->par.nrows; r++) {
            if (strcmp(csvtab_cell(&f->par, r, cs), "run") != 0)
                continue;
            const char *k = csvtab_cell(&f->par, r, ck);
            int known = 0;
            for (size_t i = 0; i < sizeof run / sizeof run[0]; i++)
                known |= strcmp(run[i].key, k) == 0;
            if (known)
                continue;
            put(o, "<tr><th scope=\"row\">");
            esc(o, k);
            put(o, "</th><td class=\"txt\"><code>");
            esc(o, csvtab_cell(&f->par, r, cv));
            put(o, "</code></td></tr>\n");
        }
    }
    put(o, "</tbody></table>\n");
    const char *sc = P(f, "run", "scenario"), *seed = P(f, "run", "seed"), *paths = P(f, "run", "paths");
    if (seed && paths) {
        put(o, "<p class=\"repro\">");
        esc(o, T(I18N_REPRODUCE));
        put(o, ": <code>smefin run ");
        if (sc && *sc) {
            esc(o, sc);
            put(o, " ");
        }
        put(o, "--seed ");
        esc(o, seed);
        put(o, " --paths ");
        esc(o, paths);
        put(o, "</code></p>\n");
    }
    if (f->has_par) {
        int cs = csvtab_col(&f->par, "section"), ck = csvtab_col(&f->par, "key"), cv = csvtab_col(&f->par, "value");
        put(o, "<table id=\"parameters-table\" class=\"kv params\"><thead><tr><th scope=\"col\">");
        esc(o, T(I18N_PARAMETER));
        put(o, "</th><th scope=\"col\">");
        esc(o, T(I18N_VALUE));
        put(o, "</th></tr></thead><tbody>\n");
        const char *cur = NULL;
        for (size_t r = 0; r < f->par.nrows; r++) {
            const char *s = csvtab_cell(&f->par, r, cs);
            if (strcmp(s, "run") == 0)
                continue;
            if (!cur || strcmp(cur, s) != 0) {
                const char *t = i18n_ini_section(o->L, s);
                put(o, "<tr class=\"group\"><th colspan=\"2\" scope=\"rowgroup\">");
                esc(o, t ? t : s);
                put(o, " <code>[");
                esc(o, s);
                put(o, "]</code></th></tr>\n");
                cur = s;
            }
            const char *v = csvtab_cell(&f->par, r, cv);
            chart_buf_append(&o->b, "<tr><td class=\"txt\"><code>");
            esc(o, csvtab_cell(&f->par, r, ck));
            put(o, "</code></td><td class=\"txt\"><code>");
            esc(o, *v ? v : "—");
            put(o, "</code></td></tr>\n");
        }
        put(o, "</tbody></table>\n");
    }
    /* figures.csv keys not shown elsewhere */
    if (f->has_fig) {
        int ck = csvtab_col(&f->fig, "key"), cv = csvtab_col(&f->fig, "value");
        int open = 0;
        for (size_t r = 0; r < f->fig.nrows; r++) {
            if (f->fig_used[r])
                continue;
            if (!open)
                facts_open(o);
            open = 1;
            figure_fact(o, csvtab_cell(&f->fig, r, ck), num(csvtab_cell(&f->fig, r, cv)));
        }
        if (open)
            facts_close(o);
    }
    put(o, "</section>\n");
}

/* ================================================================ the page */

/* The stylesheet, in pieces (C limits the length of one string literal). */
static const char *const css[] = {
    ":root{--ink:#1d2430;--muted:#5b6472;--rule:#d5dae1;--accent:#1f5fa8;--soft:#f3f5f8}",
    "*{box-sizing:border-box}",
    "html{-webkit-text-size-adjust:100%}",
    "body{margin:0;background:#fff;color:var(--ink);font:14px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,",
    "\"Noto Sans\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif}",
    "main{max-width:980px;margin:0 auto;padding:28px 36px 56px}",
    "header.top{border-bottom:4px solid var(--accent);padding-bottom:14px;margin-bottom:8px}",
    "h1{font-size:27px;line-height:1.25;margin:0 0 6px;letter-spacing:-.01em}",
    ".subtitle{margin:0 0 8px;color:var(--muted);font-size:15px}",
    ".meta{font-size:12.5px;color:var(--muted);margin:0}",
    ".meta code{font-size:11.5px}",
    "h2{font-size:20px;margin:36px 0 10px;padding-bottom:5px;border-bottom:1px solid var(--rule)}",
    "h2 .num{display:inline-block;min-width:1.6em;color:var(--accent)}",
    "h2.plain{border:0;margin:18px 0 6px;font-size:16px;color:var(--muted);text-transform:uppercase;",
    "letter-spacing:.04em}",
    "h3{font-size:16.5px;margin:26px 0 8px}",
    ".art{display:inline-block;margin-left:10px;padding:0 6px;border:1px solid var(--accent);border-radius:3px;",
    "color:var(--accent);font-size:11.5px;font-weight:600;vertical-align:3px;white-space:nowrap}",
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:10px}",
    ".card{background:var(--soft);border-left:4px solid var(--accent);padding:9px 13px;break-inside:avoid}",
    ".card .l{font-size:12px;color:var(--muted)}",
    ".card .v{font-size:20px;font-weight:650;font-variant-numeric:tabular-nums;white-space:nowrap}",
    ".card .s{font-size:12px;color:var(--muted)}",
    ".card .u{font-size:13px;font-weight:500;color:var(--muted)}",
    "nav.toc{margin:14px 0 0;padding:10px 16px;background:var(--soft)}",
    "nav.toc h2{margin:0 0 4px;border:0;font-size:14px;color:var(--muted)}",
    "nav.toc ol{margin:0;padding-left:22px;columns:2;column-gap:32px;font-size:13.5px}",
    "a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}",
    "table{width:100%;border-collapse:collapse;margin:10px 0 6px;font-size:13px;font-variant-numeric:tabular-nums}",
    "caption{text-align:left;font-weight:600;padding:0 0 6px;font-size:13.5px}",
    "th,td{padding:5px 8px;border-bottom:1px solid var(--rule);text-align:right;vertical-align:top}",
    "thead th{background:var(--soft);font-weight:600;border-bottom:2px solid #b8c0cc;vertical-align:bottom}",
    "th:first-child,td:first-child{text-align:left}",
    "tbody th{font-weight:500}",
    "td.txt,th.txt{text-align:left}td.unit,th.unit{text-align:left;color:var(--muted);white-space:nowrap}",
    "tr.sum th,tr.sum td{font-weight:650;border-top:2px solid #9aa3af}",
    "tr.group th{background:#fafbfc;text-align:left;font-weight:650;padding-top:10px}",
    "table.headline td,table.headline tbody th{white-space:nowrap}table.headline th,table.headline td{padding:5px 6px}",
    ".p95{display:block;color:#8a929e;font-size:11px;white-space:nowrap}",
    ".note{font-size:12.5px;color:var(--muted);margin:6px 0 12px;max-width:78ch}",
    "figure{margin:12px 0 10px;break-inside:avoid;page-break-inside:avoid}",
    "figcaption{font-weight:600;font-size:13.5px;margin:0 0 4px}",
    "svg.chart{display:block;width:100%;height:auto;max-width:760px}",
    "svg.chart text{fill:#2f3742;font-family:inherit}svg.chart .axis-title{fill:#5b6472}",
    "dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:6px 18px;margin:8px 0}",
    "dl.facts div{border-bottom:1px dotted var(--rule);padding:3px 0}",
    "dl.facts dt{font-size:12px;color:var(--muted)}dl.facts dd{margin:0;font-weight:600}",
    ".flag-ok{color:#2a7a4a}.flag-bad{color:#b3262f;font-weight:600}",
    "code{font-family:ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,monospace;font-size:12px;",
    "overflow-wrap:anywhere}",
    "table.kv td,table.kv th{text-align:left}",
    ".repro{font-size:13px}",
    "footer{margin-top:40px;padding-top:10px;border-top:1px solid var(--rule);font-size:12px;color:var(--muted)}",
    "@media print{@page{size:A4;margin:14mm 12mm 16mm}",
    "body{font-size:10pt}main{max-width:none;padding:0}nav.toc{display:none}",
    "h2{break-after:avoid;page-break-after:avoid;margin-top:22px}h3{break-after:avoid}",
    "figure,table.headline,.cards,dl.facts,tr{break-inside:avoid;page-break-inside:avoid}",
    "section.mechanism{break-before:auto}svg.chart{max-width:100%}a{color:inherit}",
    ".card{border:1px solid var(--rule);border-left:4px solid var(--accent)}}"};

static void page_head(out *o, chart_buf *h)
{
    const folder *f = o->f;
    chart_buf_printf(h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", i18n_lang_tag(o->L));
    chart_buf_append(h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    chart_buf_append(h, "<meta name=\"generator\" content=\"smefin\">\n<title>");
    const char *name = P(f, "run", "name");
    if (!name)
        name = P(f, "simulation", "name");
    chart_buf_escape(h, i18n_text(o->L, I18N_TITLE));
    if (name) {
        chart_buf_append(h, " — ");
        chart_buf_escape(h, name);
    }
    chart_buf_append(h, "</title>\n<style>");
    for (size_t i = 0; i < sizeof css / sizeof css[0]; i++)
        chart_buf_append(h, css[i]);
    chart_buf_append(h, "</style>\n</head>\n<body>\n<main>\n<header class=\"top\">\n<h1>");
    chart_buf_escape(h, i18n_text(o->L, I18N_TITLE));
    chart_buf_append(h, "</h1>\n<p class=\"subtitle\">");
    chart_buf_escape(h, i18n_text(o->L, I18N_SUBTITLE));
    chart_buf_append(h, "</p>\n<p class=\"meta\">");
    if (name) {
        chart_buf_escape(h, i18n_text(o->L, I18N_SCENARIO));
        chart_buf_append(h, o->L == I18N_ZH ? "：" : ": ");
        chart_buf_append(h, "<strong>");
        chart_buf_escape(h, name);
        chart_buf_append(h, "</strong> · ");
    }
    char span[64];
    years_span(f, span, sizeof span);
    chart_buf_escape(h, span);
    const char *paths = P(f, "run", "paths"), *seed = P(f, "run", "seed"), *ver = P(f, "run", "version");
    if (paths && isfinite(num(paths))) {
        char s[64];
        chart_format_number(num(paths), 0, s, sizeof s);
        chart_buf_append(h, " · ");
        chart_buf_escape(h, s);
        chart_buf_append(h, o->L == I18N_ZH ? "" : " ");
        chart_buf_escape(h, i18n_text(o->L, I18N_PATHS));
    }
    if (seed) {
        chart_buf_append(h, " · ");
        chart_buf_escape(h, i18n_text(o->L, I18N_SEED));
        chart_buf_append(h, " ");
        chart_buf_escape(h, seed);
    }
    if (ver) {
        chart_buf_append(h, " · smefin ");
        chart_buf_escape(h, ver);
    }
    chart_buf_append(h, "</p>\n</header>\n");
}

static void page_toc(out *o, chart_buf *h)
{
    chart_buf_append(h, "<nav class=\"toc\"><h2>");
    chart_buf_escape(h, i18n_text(o->L, I18N_CONTENTS));
    chart_buf_append(h, "</h2><ol>");
    for (int i = 0; i < o->ntoc; i++) {
        chart_buf_printf(h, "<li><a href=\"#%s\">", o->toc[i][0]);
        chart_buf_escape(h, o->toc[i][1]);
        chart_buf_append(h, "</a></li>");
    }
    chart_buf_append(h, "</ol></nav>\n");
}

static int write_file(const char *dir, const chart_buf *a, const chart_buf *b, const chart_buf *c, sf_err *err)
{
    char path[PATH_MAX_LEN], tmp[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/report.html", dir);
    snprintf(tmp, sizeof tmp, "%s/.report.html.XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return sf_err_set(err, SF_EIO, "%s: cannot create a temporary file: %s", dir, strerror(errno));
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        unlink(tmp);
        return sf_err_set(err, SF_EIO, "%s: %s", tmp, strerror(errno));
    }
    const chart_buf *parts[] = {a, b, c};
    int ok = 1;
    for (size_t i = 0; i < 3; i++)
        if (parts[i]->len && fwrite(parts[i]->s, 1, parts[i]->len, fp) != parts[i]->len)
            ok = 0;
    if (fflush(fp) != 0)
        ok = 0;
    if (fsync(fileno(fp)) != 0)
        ok = 0;
    if (fclose(fp) != 0)
        ok = 0;
    /* mkstemp makes the file 0600; a report is for reading by others */
    if (ok && chmod(tmp, 0644) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return sf_err_set(err, SF_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    return SF_OK;
}

int report_write(const char *results_dir, const char *lang, sf_err *err)
{
    i18n_lang L = I18N_EN;
    if (lang && i18n_lang_parse(lang, &L) != 0)
        return sf_err_set(err, SF_EINVAL, "--lang: '%s' is not a language of the report (en or zh)", lang);
    if (!results_dir || !*results_dir)
        return sf_err_set(err, SF_EINVAL, "report: no results folder given");
    folder f;
    memset(&f, 0, sizeof f);
    f.dir = results_dir;
    f.lang = L;
    int rc = folder_load(&f, err);
    if (rc != SF_OK) {
        folder_free(&f);
        return rc;
    }
    out o;
    memset(&o, 0, sizeof o);
    o.f = &f;
    o.L = L;
    chart_buf_init(&o.b);
    chart_buf head, tail;
    chart_buf_init(&head);
    chart_buf_init(&tail);

    key_figures(&o);
    sec_headline(&o);
    sec_fan(&o);
    sec_lines(&o);
    sec_dist(&o);
    sec_mechanisms(&o);
    sec_eval(&o);
    if (f.has_sens)
        sec_sens(&o);
    if (f.has_cmp)
        sec_compare(&o);
    if (f.has_stress)
        sec_stress(&o);
    sec_assume(&o);

    page_head(&o, &head);
    page_toc(&o, &head);
    chart_buf_append(&tail, "<footer><p>");
    chart_buf_escape(&tail, i18n_text(L, I18N_FOOTER));
    chart_buf_append(&tail, "</p></footer>\n</main>\n</body>\n</html>\n");
    if (o.b.failed || head.failed || tail.failed)
        rc = sf_err_set(err, SF_ENOMEM, "%s/report.html: out of memory", results_dir);
    else
        rc = write_file(results_dir, &head, &o.b, &tail, err);
    chart_buf_free(&o.b);
    chart_buf_free(&head);
    chart_buf_free(&tail);
    folder_free(&f);
    return rc;
}
