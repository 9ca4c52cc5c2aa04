/*
 * report.c — report.html from the files of a results folder (see report.h, docs/report.md).
 *
 * Order of the page: key figures; 1 the headline table of budget.total per year; 2 the fan
 * chart; 3 stacked bars by budget line (series.csv's budget lines), each with its Article; 4 the
 * distribution of the horizon total; what the plan leaves to the next one (the obligations at the
 * end, output/report/obligations_report.c); 5 one section per mechanism present in summary.csv, each
 * drawn by its own part (output/report/<name>_report.c, found by its series prefix in
 * model/mechanisms.def; the portfolio's in portfolio_report.c) and followed by the table of its
 * series; 6 the Article 56 evaluation table; 7 sensitivity, comparison and reverse stress when
 * their files exist (sensitivity and stress in output/report/waiting_report.c), and actual against
 * forecast when reestimate.csv exists (output/report/reestimate_report.c); 8 every parameter
 * and what reproduces the run. What the parts share is in report_internal.h.
 */
#include "report.h"

#include "evaluation.h"
#include "report_internal.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* ================================================================ CSV tables */


static void csvtab_free(csvtab *t)
{
    if (!t)
        return;
    sf_csv_table_free(t->t);
    free(t->row);
    memset(t, 0, sizeof *t);
}

static int row_blank(const csv_table *t, size_t r)
{
    return sf_csv_table_nfields(t, r) == 1 && sf_csv_table_cell(t, r, 0)[0] == '\0';
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
    int rc = sf_csv_table_read(path, SIZE_MAX, NULL, &t->t, &stop, &e);
    if (rc == SF_EPARSE) /* the line is the count of rows read, as this reader has always said */
        return sf_err_set(err, SF_EPARSE, "%s:%zu: malformed CSV: %s", path, stop.rows + 1, stop.reason);
    if (rc == SF_ENOMEM)
        return sf_err_set(err, SF_ENOMEM, "%s: out of memory", path);
    if (rc != SF_OK)
        return sf_err_set(err, rc, "%s", e.msg);
    const size_t n = sf_csv_table_nrows(t->t);
    size_t r = 0;
    while (r < n && row_blank(t->t, r))
        r++;
    if (r == n) {
        csvtab_free(t);
        return sf_err_set(err, SF_EPARSE, "%s:1: empty file: a header row is required", path);
    }
    t->head = r;
    t->ncols = sf_csv_table_nfields(t->t, r);
    t->row = malloc((n - r) * sizeof *t->row);
    if (!t->row) {
        csvtab_free(t);
        return sf_err_set(err, SF_ENOMEM, "%s: out of memory", path);
    }
    for (r++; r < n; r++) {
        if (row_blank(t->t, r))
            continue;
        if (sf_csv_table_nfields(t->t, r) > t->ncols) {
            csvtab_free(t);
            return sf_err_set(err, SF_EPARSE, "%s:%zu: more fields than the header has", path, r + 1);
        }
        t->row[t->nrows++] = r;
    }
    return SF_OK;
}

int sf_report_csv_col(const csvtab *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(sf_csv_table_cell(t->t, t->head, c), name) == 0)
            return (int)c;
    return -1;
}

const char *sf_report_csv_cell(const csvtab *t, size_t r, int c)
{
    if (c < 0 || (size_t)c >= t->ncols || r >= t->nrows)
        return "";
    return sf_csv_table_cell(t->t, t->row[r], (size_t)c);
}

double sf_report_num(const char *s)
{
    if (!s || !*s)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    /* smefin never writes a non-finite number: "inf", "nan" or an overflow (1e999) read back from
     * an edited file is no figure, shown as a dash like a blank one. */
    return *end || !isfinite(v) ? NAN : v;
}

/* ================================================================ the results folder */

const char *const sf_report_stat_names[NST] = {"mean", "sd",  "se",  "p05",  "p25",    "p50",   "p75",
                                            "p90",  "p95", "p99", "p999", "cvar95", "cvar99"};



int sf_report_year_code(const char *s)
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
double sf_report_stat(const folder *f, const char *series, int year, int st)
{
    if (f->c_stat[st] < 0)
        return NAN;
    for (size_t r = 0; r < f->sum.nrows; r++)
        if (strcmp(sf_report_csv_cell(&f->sum, r, f->c_series), series) == 0 &&
            sf_report_year_code(sf_report_csv_cell(&f->sum, r, f->c_year)) == year)
            return sf_report_num(sf_report_csv_cell(&f->sum, r, f->c_stat[st]));
    return NAN;
}

int sf_report_has_series(const folder *f, const char *series)
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

const char *sf_report_series_unit(const folder *f, const char *series)
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
        if ((c[k] = sf_report_csv_col(&f->ser, cols[k])) < 0)
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
        while (r < f->ser.nrows && strcmp(sf_report_csv_cell(&f->ser, r, c[0]), f->series[i]) != 0)
            r++;
        if (r == f->ser.nrows)
            return sf_err_set(err, SF_EPARSE, "%s/series.csv: series: '%s' of summary.csv is not listed", f->dir,
                              SF_V(f->series[i]));
        *in = (sf_series_info){sf_report_csv_cell(&f->ser, r, c[0]), sf_report_csv_cell(&f->ser, r, c[1]),
                               sf_report_csv_cell(&f->ser, r, c[2]), sf_report_csv_cell(&f->ser, r, c[3]),
                               sf_report_csv_cell(&f->ser, r, c[4]), sf_report_csv_cell(&f->ser, r, c[5]),
                               sf_report_csv_cell(&f->ser, r, c[6])};
        f->unit[i] = in->unit;
    }
    return SF_OK;
}

/* parameters.csv: the value of section.key, or NULL. */
const char *sf_report_param(const folder *f, const char *section, const char *key)
{
    if (!f->has_par)
        return NULL;
    int cs = sf_report_csv_col(&f->par, "section"), ck = sf_report_csv_col(&f->par, "key"), cv = sf_report_csv_col(&f->par, "value");
    for (size_t r = 0; r < f->par.nrows; r++)
        if (strcmp(sf_report_csv_cell(&f->par, r, cs), section) == 0 && strcmp(sf_report_csv_cell(&f->par, r, ck), key) == 0)
            return sf_report_csv_cell(&f->par, r, cv);
    return NULL;
}

/* figures.csv: the value of key (marked as shown), NaN when absent. */
double sf_report_figure(const folder *f, const char *key)
{
    for (size_t r = 0; r < f->nfig; r++)
        if (strcmp(f->fig_key[r], key) == 0) {
            f->fig_used[r] = 1;
            return f->fig_val[r];
        }
    return NAN;
}

/* figures.csv as keys and values, in either layout: `key,value` (the year inside the key,
 * "budget.needed.2026") or the tidy `figure,year,value[,unit]` (year blank when none), whose
 * rows read as the key figure.year. */
static int figures_load(folder *f, sf_err *err)
{
    if (!f->has_fig)
        return SF_OK;
    const csvtab *t = &f->fig;
    int ck = sf_report_csv_col(t, "key"), cf = sf_report_csv_col(t, "figure"), cy = sf_report_csv_col(t, "year");
    int cv = sf_report_csv_col(t, "value");
    if (cv < 0 || (ck < 0 && cf < 0))
        return sf_err_set(err, SF_EPARSE, "%s/figures.csv:1: columns 'key,value' or 'figure,year,value' are missing",
                          f->dir);
    f->fig_key = calloc(t->nrows + 1, sizeof *f->fig_key);
    f->fig_val = calloc(t->nrows + 1, sizeof *f->fig_val);
    f->fig_used = calloc(t->nrows + 1, 1);
    if (!f->fig_key || !f->fig_val || !f->fig_used)
        return sf_err_set(err, SF_ENOMEM, "out of memory");
    for (size_t r = 0; r < t->nrows; r++) {
        const char *k = sf_report_csv_cell(t, r, ck >= 0 ? ck : cf);
        const char *y = ck >= 0 ? "" : sf_report_csv_cell(t, r, cy);
        const size_t n = strlen(k) + strlen(y) + 2;
        if (!(f->fig_key[r] = malloc(n)))
            return sf_err_set(err, SF_ENOMEM, "out of memory");
        snprintf(f->fig_key[r], n, *y ? "%s.%s" : "%s", k, y);
        f->fig_val[r] = sf_report_num(sf_report_csv_cell(t, r, cv));
        f->nfig = r + 1;
    }
    return SF_OK;
}

static double report_figure_year(const folder *f, const char *prefix, int year)
{
    char k[128];
    snprintf(k, sizeof k, "%s.%d", prefix, year);
    return sf_report_figure(f, k);
}

/* The view of the budget the headline, the key figures, the fan chart and the distribution show
 * (issue 11): claims incurred (budget.claims) when the folder has it, so that no pool cap hides a
 * need; else payouts (budget.total), as a folder written before the claims view shows it. The
 * budget-lines table shows the payouts view, with the other views' totals beside it. */
typedef struct budget_view {
    const char *series; /* budget.claims or budget.total */
    const char *flag;   /* its 0/1 series: the appropriation exceeded */
    const char *needed; /* figures.csv prefix of the budget needed at budget.confidence */
    const char *any;    /* figures.csv: the chance the appropriation is exceeded in some year */
} budget_view;

static const budget_view view_claims = {"budget.claims", "budget.claims_exceed_appropriation", "budget.needed.claims",
                                        "budget.prob_exceeds_any_year.claims"};
static const budget_view view_payouts = {"budget.total", "budget.exceeds_appropriation", "budget.needed",
                                         "budget.prob_exceeds_any_year"};

static const budget_view *headline_view(const folder *f)
{
    return sf_report_has_series(f, "budget.claims") ? &view_claims : &view_payouts;
}

/* The appropriation of a year: figures.csv, else parameters.csv budget.appropriation (one value,
 * or one per year, comma-separated). */
static double appropriation(const folder *f, int yi)
{
    double v = report_figure_year(f, "budget.appropriation", f->years[yi]);
    if (isfinite(v))
        return v;
    const char *s = sf_report_param(f, "budget", "appropriation");
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
    f->c_series = sf_report_csv_col(&f->sum, "series");
    f->c_unit = sf_report_csv_col(&f->sum, "unit");
    f->c_year = sf_report_csv_col(&f->sum, "year");
    for (int i = 0; i < NST; i++)
        f->c_stat[i] = sf_report_csv_col(&f->sum, sf_report_stat_names[i]);
    const char *need[] = {"series", "unit", "year", "mean"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (sf_report_csv_col(&f->sum, need[i]) < 0)
            return sf_err_set(err, SF_EPARSE, "%s/summary.csv:1: column '%s' is missing", f->dir, need[i]);
    for (size_t r = 0; r < f->sum.nrows; r++) {
        const char *s = sf_report_csv_cell(&f->sum, r, f->c_series);
        int y = sf_report_year_code(sf_report_csv_cell(&f->sum, r, f->c_year));
        if (y == -1000)
            return sf_err_set(err, SF_EPARSE, "%s/summary.csv:%zu: year: '%s' is not a year, total or pv", f->dir,
                              r + 2, SF_V(sf_report_csv_cell(&f->sum, r, f->c_year)));
        if (y > 0) {
            int k = 0;
            while (k < f->ny && f->years[k] != y)
                k++;
            if (k == f->ny && f->ny < MAX_YEARS)
                f->years[f->ny++] = y;
        }
        if (!sf_report_has_series(f, s) && f->nseries < MAX_SERIES) {
            f->series[f->nseries] = s;
            f->unit[f->nseries++] = sf_report_csv_cell(&f->sum, r, f->c_unit);
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
               {"stress.csv", &f->stress, &f->has_stress}, {"overrides.csv", &f->ovr, &f->has_ovr},
               {"reestimate.csv", &f->reest, &f->has_reest},
               {"subsidy.csv", &f->sub, &f->has_sub},
               {"contributions.csv", &f->contrib, &f->has_contrib}};
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++) {
        rc = csvtab_read(f->dir, opt[i].name, 1, opt[i].t, &absent, err);
        if (rc != SF_OK)
            return rc;
        *opt[i].has = !absent;
    }
    return figures_load(f, err);
}

static void folder_free(folder *f)
{
    csvtab *t[] = {&f->sum, &f->ser, &f->par, &f->fig, &f->eval, &f->hist, &f->sens, &f->cmp, &f->stress, &f->ovr, &f->reest, &f->sub, &f->contrib};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        csvtab_free(t[i]);
    for (size_t r = 0; r < f->nfig; r++)
        free(f->fig_key[r]);
    free(f->fig_key);
    free(f->fig_val);
    free(f->fig_used);
}

/* ================================================================ formatting */



void sf_report_put(out *o, const char *s) { sf_chart_buf_append(&o->b, s); }
void sf_report_esc(out *o, const char *s) { sf_chart_buf_escape(&o->b, s); }

void sf_report_fmt_money(double v, i18n_unit u, char *s, size_t n)
{
    if (!isfinite(v)) {
        snprintf(s, n, "—");
        return;
    }
    sf_chart_format_number(v / sf_i18n_unit_scale(u), sf_i18n_unit_decimals(u), s, n);
}

void sf_report_fmt_pct(double v, int dec, char *s, size_t n)
{
    if (!isfinite(v)) {
        snprintf(s, n, "—");
        return;
    }
    char t[48];
    sf_chart_format_number(v * 100, dec, t, sizeof t);
    snprintf(s, n, "%s%%", t);
}

/* A value of a summary series in the given money unit, by the series' unit. */
void sf_report_fmt_value(const char *unit, double v, i18n_unit mu, char *s, size_t n)
{
    char t[64];
    if (!isfinite(v)) {
        snprintf(s, n, "—");
    } else if (strcmp(unit, "CNY") == 0) {
        sf_report_fmt_money(v, mu, s, n);
    } else if (strcmp(unit, "ratio") == 0 || strcmp(unit, "share") == 0) {
        sf_report_fmt_pct(v, 2, s, n);
    } else if (strcmp(unit, "flag") == 0) {
        sf_report_fmt_pct(v, 1, s, n);
    } else if (strcmp(unit, "count") == 0) {
        sf_chart_format_number(v, fabs(v) < 100 ? 1 : 0, s, n);
    } else if (strcmp(unit, "x") == 0) {
        sf_chart_format_number(v, 2, t, sizeof t);
        snprintf(s, n, "%s×", t);
    } else {
        snprintf(s, n, "%.4g", v);
    }
}

const char *sf_report_unit_label(const out *o, const char *unit, i18n_unit mu)
{
    if (strcmp(unit, "CNY") == 0)
        return sf_i18n_unit_name(o->L, mu);
    if (strcmp(unit, "ratio") == 0 || strcmp(unit, "share") == 0)
        return sf_i18n_text(o->L, I18N_UNIT_PERCENT);
    if (strcmp(unit, "flag") == 0)
        return sf_i18n_text(o->L, I18N_UNIT_FLAG);
    if (strcmp(unit, "count") == 0)
        return sf_i18n_text(o->L, I18N_UNIT_COUNT);
    if (strcmp(unit, "x") == 0)
        return sf_i18n_text(o->L, I18N_UNIT_TIMES);
    return unit;
}

/* The unit of a series in a table: sf_report_unit_label, and for a count what it counts (banks
 * 家, loans 笔: sf_i18n_count_unit). */
const char *sf_report_series_unit_label(const out *o, const char *series, const char *unit, i18n_unit mu)
{
    if (strcmp(unit, "count") == 0)
        return sf_i18n_count_unit(o->L, series);
    return sf_report_unit_label(o, unit, mu);
}

const char *sf_report_series_name(const out *o, const char *series)
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
        sf_i18n_article(o->L, a, art, sizeof art);
    if (a && o->L == I18N_ZH)
        snprintf(s, n, "%s（%s）", sf_report_series_name(o, series), art);
    else if (a)
        snprintf(s, n, "%s (%s)", sf_report_series_name(o, series), art);
    else
        snprintf(s, n, "%s", sf_report_series_name(o, series));
}

void sf_report_year_label(int y, char *s, size_t n) { snprintf(s, n, "%d", y); }

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

void sf_report_section_open(out *o, const char *id, const char *title, const char *article)
{
    int k = o->ntoc;
    if (k < (int)(sizeof o->toc / sizeof o->toc[0])) {
        snprintf(o->toc[k][0], sizeof o->toc[k][0], "%s", id);
        snprintf(o->toc[k][1], sizeof o->toc[k][1], "%s", title);
        o->ntoc++;
    }
    sf_chart_buf_printf(&o->b, "<section id=\"%s\">\n<h2><span class=\"num\">%d</span>", id, k + 1);
    sf_report_esc(o, title);
    if (article) {
        char a[160];
        sf_i18n_article(o->L, article, a, sizeof a);
        sf_report_put(o, "<span class=\"art\">");
        sf_report_esc(o, a);
        sf_report_put(o, "</span>");
    }
    sf_report_put(o, "</h2>\n");
}

void sf_report_note(out *o, const char *text)
{
    sf_report_put(o, "<p class=\"note\">");
    sf_report_esc(o, text);
    sf_report_put(o, "</p>\n");
}

void sf_report_figure_open(out *o, const char *caption)
{
    sf_report_put(o, "<figure>");
    if (caption) {
        sf_report_put(o, "<figcaption>");
        sf_report_esc(o, caption);
        sf_report_put(o, "</figcaption>");
    }
}

int sf_report_figure_chart(out *o, chart *c)
{
    if (!c) {
        o->b.failed = 1;
        return -1;
    }
    int rc = sf_chart_render(c, &o->b);
    sf_chart_free(c);
    sf_report_put(o, "</figure>\n");
    return rc;
}

chart *sf_report_year_chart(const out *o)
{
    const char *labels[MAX_YEARS];
    char buf[MAX_YEARS][8];
    for (int i = 0; i < o->f->ny; i++) {
        sf_report_year_label(o->f->years[i], buf[i], sizeof buf[i]);
        labels[i] = buf[i];
    }
    return sf_chart_alloc_categories(labels, o->f->ny);
}

/* Per-year values of a statistic, scaled by `scale` (NaN kept). */
void sf_report_per_year(const folder *f, const char *series, int st, double scale, double *v)
{
    for (int i = 0; i < f->ny; i++)
        v[i] = sf_report_stat(f, series, f->years[i], st) / scale;
}

double sf_report_max_abs_years(const folder *f, const char *series, int st)
{
    double m = 0;
    for (int i = 0; i < f->ny; i++) {
        double v = sf_report_stat(f, series, f->years[i], st);
        if (isfinite(v))
            m = fmax(m, fabs(v));
    }
    return m;
}

static void other_figures(out *o, const char *prefix);

/* ---------------------------------------------------------------- header and key figures */

static void key_card(out *o, const char *label, const char *value, const char *unit, const char *sub)
{
    sf_report_put(o, "<div class=\"card\"><div class=\"l\">");
    sf_report_esc(o, label);
    sf_report_put(o, "</div><div class=\"v\">");
    sf_report_esc(o, value);
    if (unit) {
        sf_report_put(o, " <span class=\"u\">");
        sf_report_esc(o, unit);
        sf_report_put(o, "</span>");
    }
    sf_report_put(o, "</div>");
    if (sub) {
        sf_report_put(o, "<div class=\"s\">");
        sf_report_esc(o, sub);
        sf_report_put(o, "</div>");
    }
    sf_report_put(o, "</div>");
}

/* Money on a card: one decimal fewer than the tables (CNY million 1, 亿元 2). */
static void card_money(double v, i18n_unit u, char *s, size_t n)
{
    if (!isfinite(v)) {
        snprintf(s, n, "—");
        return;
    }
    sf_chart_format_number(v / sf_i18n_unit_scale(u), u == I18N_YI ? 2 : 1, s, n);
}

static void lede(out *o);
static double run_paths(const folder *f);
static double prob_pm95(double p, double n);
static double quantile_pm95(const folder *f, const char *series, double q, double p, double n);

/* "±x · " (the 95 % Monte Carlo interval of the card's figure) before a card's sub-label; nothing
 * when unknown. */
static void card_pm(double pm, int pct, i18n_unit u, char *sub, size_t n)
{
    if (!isfinite(pm))
        return;
    char e[64];
    if (pct)
        sf_report_fmt_pct(pm, 1, e, sizeof e);
    else
        card_money(pm, u, e, sizeof e);
    /* first, so that it reads as the card's figure's, not as the last number of the sub-label */
    char t[256];
    snprintf(t, sizeof t, "%s", sub);
    if (snprintf(sub, n, "±%s%s%s", e, *t ? " · " : "", t) >= (int)n)
        sub[n - 1] = '\0'; /* cut: snprintf ended it */
}

/* A loan-book run whose inherited mechanisms (figures budget.inherited_share and
 * budget.inherited_share.<section>, model/evaluation.h) carry more than half of the mean total
 * budget: a warning box at the top, before the key figures, naming each with its share and the
 * fix (docs/report.md). The figures are marked shown either way. */
static void inherited_warning(out *o)
{
    const folder *f = o->f;
    const double sum = sf_report_figure(f, "budget.inherited_share");
    double sh[SF_NMECHANISMS];
    for (int m = 0; m < SF_NMECHANISMS; m++) {
        char key[64];
        snprintf(key, sizeof key, "budget.inherited_share.%s", sf_mechanism_list[m].section);
        sh[m] = sf_report_figure(f, key);
    }
    if (!(sum > SF_INHERITED_WARN_SHARE))
        return;
    char p[64];
    sf_report_put(o, "<aside class=\"warn\" role=\"note\"><p class=\"warn-title\">");
    sf_report_esc(o, T(I18N_INHERIT_TITLE));
    sf_report_put(o, "</p><p>");
    sf_report_esc(o, T(I18N_INHERIT_PRE));
    sf_report_fmt_pct(sum, 1, p, sizeof p);
    sf_report_esc(o, p);
    sf_report_esc(o, T(I18N_INHERIT_POST));
    sf_report_put(o, "</p><ul>");
    const char *base = sf_report_param(f, "run", "base1");
    for (int m = 0; m < SF_NMECHANISMS; m++) {
        if (!isfinite(sh[m]))
            continue;
        const char *name = sf_i18n_mechanism(o->L, sf_mechanism_list[m].section);
        sf_report_put(o, "<li><strong>");
        sf_report_esc(o, name ? name : "");
        sf_report_put(o, "</strong>");
        sf_report_esc(o, o->L == I18N_ZH ? "：" : ": ");
        sf_report_fmt_pct(sh[m], 1, p, sizeof p);
        char line[512];
        if (o->L == I18N_ZH)
            snprintf(line, sizeof line, "%s %s，%s %s", T(I18N_INHERIT_OF_TOTAL), p, T(I18N_INHERIT_FROM),
                     base ? base : "base =");
        else
            snprintf(line, sizeof line, "%s %s, %s %s", p, T(I18N_INHERIT_OF_TOTAL), T(I18N_INHERIT_FROM),
                     base ? base : "base =");
        sf_report_esc(o, line);
        sf_report_put(o, "</li>");
    }
    sf_report_put(o, "</ul><p>");
    sf_report_esc(o, T(I18N_INHERIT_FIX));
    sf_report_put(o, "</p></aside>\n");
}

static void key_figures(out *o)
{
    const folder *f = o->f;
    const int zh = o->L == I18N_ZH;
    const budget_view *bv = headline_view(f);
    i18n_unit u = sf_i18n_unit_headline(o->L);
    const char *un = sf_i18n_unit_name(o->L, u);
    char v[256], sub[256], s[96], span[64];
    years_span(f, span, sizeof span);
    sf_report_put(o, "<section id=\"key\" class=\"keyfig\"><h2 class=\"plain\">");
    sf_report_esc(o, T(I18N_KEY_FIGURES));
    sf_report_put(o, "</h2>\n");
    lede(o);
    sf_report_put(o, "<div class=\"cards\">");
    /* each card's sub-label says what the number is without the others: the years, the
     * probability or the discounting it stands for */
    double tot = sf_report_stat(f, bv->series, Y_TOTAL, ST_MEAN);
    if (isfinite(tot) && f->ny > 0) {
        card_money(tot / f->ny, u, v, sizeof v);
        snprintf(sub, sizeof sub, zh ? "%s 年平均" : "average of %s", span);
        card_pm(1.96 * sf_report_stat(f, bv->series, Y_TOTAL, ST_SE) / f->ny, 0, u, sub, sizeof sub);
        key_card(o, T(I18N_KEY_MEAN_YEAR), v, un, sub);
    }
    int wy = -1;
    double w = -INFINITY;
    for (int i = 0; i < f->ny; i++) {
        double x = sf_report_stat(f, bv->series, f->years[i], ST_P95);
        if (isfinite(x) && x > w) {
            w = x;
            wy = f->years[i];
        }
    }
    if (wy > 0) {
        card_money(w, u, v, sizeof v);
        snprintf(sub, sizeof sub, zh ? "%d 年：有 5%% 的可能高于此数" : "in %d: a 1 in 20 chance of more", wy);
        key_card(o, T(I18N_KEY_WORST_P95), v, un, sub);
    }
    if (isfinite(tot)) {
        char p95[64];
        card_money(tot, u, v, sizeof v);
        card_money(sf_report_stat(f, bv->series, Y_TOTAL, ST_P95), u, p95, sizeof p95);
        snprintf(sub, sizeof sub, zh ? "%s 年合计；95%% 的路径不超过 %s" : "%s; 95 %% of paths below %s", span, p95);
        card_pm(1.96 * sf_report_stat(f, bv->series, Y_TOTAL, ST_SE), 0, u, sub, sizeof sub);
        key_card(o, T(I18N_KEY_TOTAL), v, un, sub);
    }
    double pv = sf_report_stat(f, bv->series, Y_PV, ST_MEAN);
    if (isfinite(pv)) {
        card_money(pv, u, v, sizeof v);
        const char *dr = sf_report_param(f, "simulation", "discount_rate");
        if (dr && isfinite(sf_report_num(dr)) && f->ny > 0) {
            sf_report_fmt_pct(sf_report_num(dr), 1, s, sizeof s);
            snprintf(sub, sizeof sub, zh ? "按年贴现率 %s 折算至 %d 年" : "discounted at %s a year to %d", s, f->years[0]);
            card_pm(1.96 * sf_report_stat(f, bv->series, Y_PV, ST_SE), 0, u, sub, sizeof sub);
            key_card(o, T(I18N_KEY_PV), v, un, sub);
        } else {
            key_card(o, T(I18N_KEY_PV), v, un, NULL);
        }
    }
    if (sf_report_has_series(f, bv->flag)) {
        int py = -1, pi = -1;
        double pm = -1;
        for (int i = 0; i < f->ny; i++) {
            double x = sf_report_stat(f, bv->flag, f->years[i], ST_MEAN);
            if (isfinite(x) && x > pm) {
                pm = x;
                py = f->years[i];
                pi = i;
            }
        }
        if (py > 0) {
            char a[96];
            sf_report_fmt_pct(pm, 1, v, sizeof v);
            sf_i18n_amount(o->L, appropriation(f, pi), a, sizeof a);
            snprintf(sub, sizeof sub, zh ? "%d 年，当年预算安排 %s" : "in %d, against an appropriation of %s", py, a);
            card_pm(1.96 * sf_report_stat(f, bv->flag, py, ST_SE), 1, u, sub, sizeof sub);
            key_card(o, T(I18N_KEY_PEXCEED), v, NULL, sub);
        }
    }
    double any = sf_report_figure(f, bv->any);
    if (isfinite(any)) {
        sf_report_fmt_pct(any, 1, v, sizeof v);
        snprintf(sub, sizeof sub, zh ? "%s 年间" : "over %s", span);
        card_pm(prob_pm95(any, run_paths(f)), 1, u, sub, sizeof sub);
        key_card(o, sf_i18n_figure(o->L, bv->any, NULL), v, NULL, sub);
    }
    char nk[64];
    snprintf(nk, sizeof nk, "%s.total", bv->needed);
    double need = sf_report_figure(f, nk), conf = sf_report_figure(f, "budget.confidence");
    if (isfinite(need)) {
        card_money(need, u, v, sizeof v);
        if (isfinite(conf)) {
            sf_report_fmt_pct(conf, 0, s, sizeof s);
            snprintf(sub, sizeof sub, zh ? "以 %s 的把握覆盖 %s 年" : "to be %s sure of covering %s", s, span);
            card_pm(quantile_pm95(f, bv->series, need, conf, run_paths(f)), 0, u, sub, sizeof sub);
        }
        key_card(o, T(I18N_KEY_NEEDED), v, un, isfinite(conf) ? sub : NULL);
    }
    double sm = sf_report_figure(f, "budget.small_micro_share");
    if (isfinite(sm)) {
        sf_report_fmt_pct(sm, 1, v, sizeof v);
        key_card(o, T(I18N_KEY_SMALL_MICRO), v, NULL, zh ? "占平均总支出" : "of the mean total spending");
    }
    /* Financing per yuan with each yuan once (model/sim.c): a loan two mechanisms cover is one
     * loan, and the model does not say how the mechanisms' shares of a segment overlap, so the card
     * gives the range from full overlap (lo) to none (hi). budget.multiplier, which adds the
     * mechanisms' financing up, stays in figures.csv and the spreadsheet. */
    double mult = sf_report_figure(f, "budget.multiplier");
    const double mlo = sf_report_figure(f, "budget.multiplier_lo"), mhi = sf_report_figure(f, "budget.multiplier_hi");
    (void)sf_report_figure(f, "budget.financing_supported_lo");
    (void)sf_report_figure(f, "budget.financing_supported_hi");
    if (isfinite(mlo) && isfinite(mhi)) {
        char a[64], b[64];
        sf_chart_format_number(mlo, 1, a, sizeof a);
        sf_chart_format_number(mhi, 1, b, sizeof b);
        if (strcmp(a, b) == 0)
            snprintf(v, sizeof v, "%s", a);
        else
            snprintf(v, sizeof v, "%s–%s", a, b);
        snprintf(sub, sizeof sub,
                 zh ? "%s 年撬动融资（同一笔贷款只计一次）÷ 平均总支出：从各机制完全重叠到互不重叠"
                    : "financing supported over %s, each yuan once, ÷ mean total spending: from the mechanisms "
                      "fully overlapping to not at all",
                 span);
        key_card(o, T(I18N_KEY_MULTIPLIER), v, T(I18N_UNIT_TIMES), sub);
    } else if (isfinite(mult)) {
        /* a folder written before the bounds: the sum, which counts a loan two mechanisms cover twice */
        sf_chart_format_number(mult, 1, v, sizeof v);
        snprintf(sub, sizeof sub,
                 zh ? "%s 年各机制撬动融资之和 ÷ 平均总支出（同一笔贷款受两项机制支持时计两次）"
                    : "financing each mechanism supports over %s, added up, ÷ mean total spending (a loan two "
                      "mechanisms cover counts twice)",
                 span);
        key_card(o, T(I18N_KEY_MULTIPLIER), v, T(I18N_UNIT_TIMES), sub);
    }
    sf_report_put(o, "</div></section>\n");
}

/* ---------------------------------------------------------------- the headline paragraph */

/* The number of simulated paths (parameters.csv run.paths), 0 when unknown. */
static double run_paths(const folder *f)
{
    const char *p = sf_report_param(f, "run", "paths");
    double n = p ? sf_report_num(p) : NAN;
    return isfinite(n) && n > 0 ? n : 0;
}

/* ±95 % of a Monte Carlo probability estimated from n paths. */
static double prob_pm95(double p, double n)
{
    return n > 0 && isfinite(p) ? 1.96 * sqrt(p * (1 - p) / n) : NAN;
}

/* ±95 % of the p-quantile q of the horizon total: sqrt(p(1−p)/n) / f(q), the asymptotic standard
 * error of a sample quantile (Serfling 1980, §2.3.3), with the density f at q read off
 * histogram.csv (the bin holding q); without the histogram, f ≈ (0.99 − 0.90) / (P99 − P90). */
static double quantile_pm95(const folder *f, const char *series, double q, double p, double n)
{
    if (!(n > 0) || !isfinite(q))
        return NAN;
    double dens = NAN;
    if (f->has_hist) {
        int cs = sf_report_csv_col(&f->hist, "series"), cl = sf_report_csv_col(&f->hist, "bin_lo");
        int ch = sf_report_csv_col(&f->hist, "bin_hi"), cc = sf_report_csv_col(&f->hist, "count");
        double tot = 0, c = NAN, w = NAN;
        for (size_t r = 0; cl >= 0 && ch >= 0 && cc >= 0 && r < f->hist.nrows; r++) {
            if (cs >= 0 && strcmp(sf_report_csv_cell(&f->hist, r, cs), series) != 0)
                continue;
            double lo = sf_report_num(sf_report_csv_cell(&f->hist, r, cl)), hi = sf_report_num(sf_report_csv_cell(&f->hist, r, ch));
            double k = sf_report_num(sf_report_csv_cell(&f->hist, r, cc));
            if (!isfinite(lo) || !isfinite(hi) || !isfinite(k))
                continue;
            tot += k;
            if (q >= lo && q <= hi && hi > lo && !isfinite(c)) {
                c = k;
                w = hi - lo;
            }
        }
        if (tot > 0 && isfinite(c) && c > 0)
            dens = c / (tot * w);
    }
    if (!isfinite(dens)) {
        double p90 = sf_report_stat(f, series, Y_TOTAL, ST_P90), p99 = sf_report_stat(f, series, Y_TOTAL, ST_P99);
        if (isfinite(p90) && isfinite(p99) && p99 > p90)
            dens = 0.09 / (p99 - p90);
    }
    return isfinite(dens) && dens > 0 ? 1.96 * sqrt(p * (1 - p) / n) / dens : NAN;
}

/* One figure of the paragraph: the value, then its ±95 % in brackets; data-fig names it, data-value
 * and data-pm95 carry the numbers shown (in CNY or as a fraction) for the tests. */
static void lede_fig(out *o, const char *id, double v, double pm, int pct)
{
    char s[96], e[96];
    if (pct) {
        sf_report_fmt_pct(v, 1, s, sizeof s);
        sf_report_fmt_pct(pm, 1, e, sizeof e);
    } else {
        /* the ± in the value's own unit: 145.53 亿元（±0.95 亿元）, not ±9,511.59 万元 */
        const i18n_unit u = sf_i18n_unit_pick(o->L, fabs(v));
        char a[64], b[64];
        sf_report_fmt_money(v, u, a, sizeof a);
        sf_report_fmt_money(pm, u, b, sizeof b);
        snprintf(s, sizeof s, "%s %s", a, sf_i18n_unit_name(o->L, u));
        snprintf(e, sizeof e, "%s %s", b, sf_i18n_unit_name(o->L, u));
    }
    sf_chart_buf_printf(&o->b, "<span class=\"fig\" data-fig=\"%s\" data-value=\"%.17g\" data-pm95=\"%.17g\">", id,
                        isfinite(v) ? v : 0, isfinite(pm) ? pm : 0);
    sf_report_esc(o, s);
    if (isfinite(pm)) {
        sf_report_put(o, "<span class=\"pm\">");
        sf_report_put(o, o->L == I18N_ZH ? "（±" : " (±");
        sf_report_esc(o, e);
        sf_report_put(o, o->L == I18N_ZH ? "）" : ")");
        sf_report_put(o, "</span>");
    }
    sf_report_put(o, "</span>");
}

static void lede_text(out *o, const char *en, const char *zh) { sf_report_esc(o, o->L == I18N_ZH ? zh : en); }

/* The paragraph that says what the numbers mean, from the numbers: the appropriation against the
 * need at the confidence level, the chance of a shortfall, the year of highest risk, the largest
 * line and its Article; each figure with its ±95 % Monte Carlo interval. */
static void lede(out *o)
{
    const folder *f = o->f;
    const budget_view *bv = headline_view(f); /* the claims view when the folder has it */
    const int zh = o->L == I18N_ZH;
    const double n = run_paths(f);
    char span[64], yb[32], s[256];
    years_span(f, span, sizeof span);
    double conf = sf_report_figure(f, "budget.confidence");
    if (!isfinite(conf)) {
        const char *c = sf_report_param(f, "budget", "confidence");
        conf = c ? sf_report_num(c) : NAN;
    }
    /* the appropriation: one figure a year when every year has the same */
    double asum = 0, a0 = appropriation(f, 0);
    int aall = f->ny > 0, same = 1;
    for (int i = 0; i < f->ny; i++) {
        double a = appropriation(f, i);
        aall = aall && isfinite(a);
        asum += isfinite(a) ? a : 0;
        same = same && a == a0;
    }
    /* the year of highest risk: the highest P(exceeds), else the highest P95 */
    int wy = -1, wi = -1;
    double wp = -1;
    for (int i = 0; i < f->ny; i++) {
        double p = sf_report_stat(f, bv->flag, f->years[i], ST_MEAN);
        if (!isfinite(p))
            p = -1;
        if (p > wp) {
            wp = p;
            wy = f->years[i];
            wi = i;
        }
    }
    const double any = sf_report_figure(f, bv->any);
    char nk[64];
    snprintf(nk, sizeof nk, "%s.total", bv->needed);
    const double need = sf_report_figure(f, nk);
    const double mean = sf_report_stat(f, bv->series, Y_TOTAL, ST_MEAN);
    const double mse = sf_report_stat(f, bv->series, Y_TOTAL, ST_SE);
    sf_report_put(o, "<p class=\"lede\" id=\"headline-text\">");
    if (aall && wy > 0 && wp >= 0) {
        double wse = sf_report_stat(f, bv->flag, wy, ST_SE);
        if (!isfinite(wse))
            wse = wp >= 0 ? sqrt(wp * (1 - wp) / (n > 0 ? n : 1)) : NAN;
        snprintf(yb, sizeof yb, "%d", wy);
        if (same) {
            lede_text(o, "The appropriation of ", "每年");
            lede_fig(o, "appropriation", a0, NAN, 0);
            lede_text(o, " a year is not enough in ", "的预算安排，在风险最高的 ");
        } else {
            lede_text(o, "The appropriation of ", "");
            lede_fig(o, "appropriation", appropriation(f, wi), NAN, 0);
            lede_text(o, " for ", "");
            snprintf(s, sizeof s, zh ? "%s 年安排的 " : "%s", yb);
            if (zh) {
                sf_report_esc(o, s);
            } else {
                sf_report_esc(o, s);
            }
            lede_text(o, " is not enough in ", "预算，在风险最高的 ");
        }
        if (zh) {
            sf_report_esc(o, yb);
            sf_report_esc(o, " 年有 ");
            lede_fig(o, "pexceed_worst", wp, 1.96 * wse, 1);
            sf_report_esc(o, " 的模拟路径不足以覆盖当年支出");
        } else {
            lede_fig(o, "pexceed_worst", wp, 1.96 * wse, 1);
            snprintf(s, sizeof s, " of the simulated paths in %s, the year of highest risk", yb);
            sf_report_esc(o, s);
        }
        if (isfinite(any)) {
            lede_text(o, "; it falls short in at least one year of ", "；规划期内至少一个年度不足的概率为 ");
            lede_fig(o, "pexceed_any", any, prob_pm95(any, n), 1);
            lede_text(o, " of paths. ", "。");
        } else {
            lede_text(o, ". ", "。");
        }
    }
    if (isfinite(need) && isfinite(conf)) {
        char cs[64];
        sf_report_fmt_pct(conf, 0, cs, sizeof cs);
        if (zh) {
            snprintf(s, sizeof s, "要有 %s 的把握覆盖 %s 年的全部支出，需安排 ", cs, span);
            sf_report_esc(o, s);
        } else {
            snprintf(s, sizeof s, "To be %s sure of covering %s, ", cs, span);
            sf_report_esc(o, s);
        }
        lede_fig(o, "needed_total", need, quantile_pm95(f, bv->series, need, conf, n), 0);
        if (aall) {
            lede_text(o, " is needed against ", "，而预算安排合计为 ");
            lede_fig(o, "appropriation_total", asum, NAN, 0);
            lede_text(o, " appropriated", "");
        } else {
            lede_text(o, " is needed", "");
        }
        if (isfinite(mean)) {
            lede_text(o, "; the mean is ", "；平均需要 ");
            lede_fig(o, "mean_total", mean, 1.96 * mse, 0);
        }
        lede_text(o, ". ", "。");
    }
    /* the largest budget line over the horizon */
    int best = -1;
    double bm = 0;
    for (int k = 0; k < f->nseries; k++) {
        /* the lines of the headline's view, so that its share is of the same total */
        if (strcmp(f->info[k].kind, bv == &view_claims ? "claims_line" : "budget_line") != 0)
            continue;
        double v = sf_report_stat(f, f->series[k], Y_TOTAL, ST_MEAN);
        if (isfinite(v) && v > bm) {
            bm = v;
            best = k;
        }
    }
    if (best >= 0) {
        char lab[256];
        series_with_article(o, f->series[best], lab, sizeof lab);
        lede_text(o, "The largest line is ", "最大的支出科目是");
        sf_report_put(o, "<span class=\"line\" data-series=\"");
        sf_report_esc(o, f->series[best]);
        sf_report_put(o, "\">");
        sf_report_esc(o, lab);
        sf_report_put(o, "</span>");
        if (zh) {
            snprintf(s, sizeof s, "，%s 年均值合计 ", span);
            sf_report_esc(o, s);
        } else {
            sf_report_esc(o, ", ");
        }
        lede_fig(o, "largest_line", bm, 1.96 * sf_report_stat(f, f->series[best], Y_TOTAL, ST_SE), 0);
        if (!zh) {
            snprintf(s, sizeof s, " over %s on average", span);
            sf_report_esc(o, s);
        }
        if (isfinite(mean) && mean > 0) {
            char pc[64];
            sf_report_fmt_pct(bm / mean, 0, pc, sizeof pc);
            snprintf(s, sizeof s, zh ? "，占平均总支出的 %s" : " (%s of the mean total)", pc);
            sf_report_esc(o, s);
        }
        lede_text(o, ".", "。");
    }
    /* the pool's cap and what the plan leaves owed (issue 11's figures, when the folder has them) */
    const double cap = sf_report_figure(f, "risk_comp.shortfall_probability");
    const int last = f->ny > 0 ? f->years[f->ny - 1] : 0;
    const double obl = sf_report_stat(f, "budget.obligations_end", last, ST_MEAN);
    double owed = sf_report_figure(f, "risk_comp.owed_end.mean");
    const double owed95 = sf_report_figure(f, "risk_comp.owed_end.p95");
    if (owed == 0 && !(owed95 > 0))
        owed = NAN; /* nothing deferred in any path: the cap sentence has said so */
    if (isfinite(cap) || isfinite(obl) || isfinite(owed)) {
        if (!zh)
            sf_report_put(o, " ");
        if (isfinite(cap) && cap > 0) {
            lede_text(o, "The risk-compensation pool cannot pay every claim due in at least one year in ",
                      "风险补偿资金池在至少一个年度无法足额支付到期补偿的概率为 ");
            lede_fig(o, "pool_cap_binds", cap, prob_pm95(cap, n), 1);
            lede_text(o, " of paths", "");
        } else if (isfinite(cap)) { /* no path: a ± of 0 would say nothing */
            lede_text(o, "The risk-compensation pool pays every claim when due in every simulated path",
                      "在全部模拟路径中，风险补偿资金池均能按期足额支付补偿");
        }
        if (isfinite(owed)) {
            lede_text(o, isfinite(cap) ? "; at the end of the plan it still owes " : "At the end of the plan the pool still owes ",
                      isfinite(cap) ? "；规划期末资金池仍欠付递延补偿 " : "规划期末资金池仍欠付递延补偿 ");
            lede_fig(o, "owed_end", owed, NAN, 0);
            if (isfinite(owed95)) {
                char a[96];
                sf_i18n_amount(o->L, owed95, a, sizeof a);
                snprintf(s, sizeof s, zh ? "（均值；P95 为 %s）" : " in deferred claims (mean; P95 %s)", a);
                sf_report_esc(o, s);
            } else {
                lede_text(o, " in deferred claims (mean)", "（均值）");
            }
        }
        if (isfinite(obl)) {
            lede_text(o, (isfinite(cap) || isfinite(owed)) ? "; everything the plan leaves owed comes to "
                                                            : "Everything the plan leaves owed comes to ",
                      (isfinite(cap) || isfinite(owed)) ? "；规划期留下的全部待付责任为 " : "规划期留下的全部待付责任为 ");
            lede_fig(o, "obligations_end", obl, 1.96 * sf_report_stat(f, "budget.obligations_end", last, ST_SE), 0);
            snprintf(s, sizeof s, zh ? "（%d 年末均值）" : " at the end of %d (mean)", last);
            sf_report_esc(o, s);
        }
        lede_text(o, ".", "。");
    }
    sf_report_put(o, "</p>\n<p class=\"note lede-note\">");
    lede_text(o,
              "Figures in brackets are ± the 95 % Monte Carlo interval: the range the estimate would fall in "
              "with more paths, from the standard error (1.96 × SE; for the amount needed, the standard error of "
              "the quantile).",
              "括号内为 95% 蒙特卡罗误差区间（±1.96 倍标准误；所需资金为分位数的标准误），即增加模拟路径后估计值的可能范围。");
    sf_report_put(o, "</p>\n");
}

/* ---------------------------------------------------------------- 1. headline table */

static void headline_cell(out *o, const char *stat, const char *text)
{
    sf_chart_buf_printf(&o->b, "<td data-stat=\"%s\">", stat);
    sf_report_esc(o, text);
    sf_report_put(o, "</td>");
}

static void headline_row(out *o, const budget_view *bv, const char *label, const char *ycode, int year, double appr,
                         double need)
{
    const folder *f = o->f;
    i18n_unit u = sf_i18n_unit_headline(o->L);
    char s[96];
    sf_chart_buf_printf(&o->b, "<tr data-year=\"%s\"%s><th scope=\"row\">", ycode, year < 0 ? " class=\"sum\"" : "");
    sf_report_esc(o, label);
    sf_report_put(o, "</th>");
    static const struct {
        const char *name;
        int st;
    } cols[] = {{"mean", ST_MEAN}, {"p50", ST_P50}, {"p95", ST_P95}, {"p99", ST_P99}, {"cvar99", ST_CVAR99}};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        sf_report_fmt_money(sf_report_stat(f, bv->series, year, cols[i].st), u, s, sizeof s);
        headline_cell(o, cols[i].name, s);
    }
    sf_report_fmt_money(appr, u, s, sizeof s);
    headline_cell(o, "appropriation", s);
    double pe = year > 0 ? sf_report_stat(f, bv->flag, year, ST_MEAN) : NAN;
    sf_report_fmt_pct(pe, 1, s, sizeof s);
    headline_cell(o, "pexceed", s);
    sf_report_fmt_money(need, u, s, sizeof s);
    headline_cell(o, "needed", s);
    sf_report_put(o, "</tr>\n");
}

/* One table of the budget per year, over the horizon and in present value, in view bv: its
 * caption is the view's series label (which names the view). */
static void headline_table(out *o, const budget_view *bv, const char *id, const char *need_head)
{
    const folder *f = o->f;
    i18n_unit u = sf_i18n_unit_headline(o->L);
    sf_chart_buf_printf(&o->b, "<table id=\"%s\" class=\"headline\" data-series=\"%s\">\n<caption>", id, bv->series);
    sf_report_esc(o, sf_report_series_name(o, bv->series));
    sf_report_put(o, " · ");
    sf_report_esc(o, sf_i18n_unit_name(o->L, u));
    sf_report_put(o, "</caption>\n<thead><tr>");
    const char *heads[] = {T(I18N_YEAR), T(I18N_MEAN),          T(I18N_MEDIAN),  T(I18N_P95), T(I18N_P99),
                           T(I18N_CVAR99), T(I18N_APPROPRIATION), T(I18N_PEXCEED), need_head};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        sf_report_put(o, "<th scope=\"col\">");
        sf_report_esc(o, heads[i]);
        sf_report_put(o, "</th>");
    }
    sf_report_put(o, "</tr></thead>\n<tbody>\n");
    double appr_sum = 0;
    int appr_all = f->ny > 0;
    char key[96];
    for (int i = 0; i < f->ny; i++) {
        char y[16];
        sf_report_year_label(f->years[i], y, sizeof y);
        double a = appropriation(f, i);
        if (isfinite(a))
            appr_sum += a;
        else
            appr_all = 0;
        headline_row(o, bv, y, y, f->years[i], a, report_figure_year(f, bv->needed, f->years[i]));
    }
    char span[64], lab[96];
    years_span(f, span, sizeof span);
    snprintf(lab, sizeof lab, "%s %s", T(I18N_TOTAL), span);
    snprintf(key, sizeof key, "%s.total", bv->needed);
    headline_row(o, bv, lab, "total", Y_TOTAL, appr_all ? appr_sum : NAN, sf_report_figure(f, key));
    if (isfinite(sf_report_stat(f, bv->series, Y_PV, ST_MEAN))) {
        const char *dr = sf_report_param(f, "simulation", "discount_rate");
        if (dr && isfinite(sf_report_num(dr))) {
            char r[64];
            sf_report_fmt_pct(sf_report_num(dr), 1, r, sizeof r);
            snprintf(lab, sizeof lab, o->L == I18N_ZH ? "%s（%s）" : "%s (%s)", T(I18N_PV), r);
        } else {
            snprintf(lab, sizeof lab, "%s", T(I18N_PV));
        }
        snprintf(key, sizeof key, "%s.pv", bv->needed);
        headline_row(o, bv, lab, "pv", Y_PV, NAN, sf_report_figure(f, key));
    }
    sf_report_put(o, "</tbody></table>\n");
}

static void sec_headline(out *o)
{
    const folder *f = o->f;
    const budget_view *bv = headline_view(f);
    sf_report_section_open(o, "headline", T(I18N_SEC_HEADLINE), "53");
    double conf = sf_report_figure(f, "budget.confidence");
    if (!isfinite(conf)) {
        const char *c = sf_report_param(f, "budget", "confidence");
        conf = c ? sf_report_num(c) : NAN;
    }
    char confs[64], need_head[128];
    sf_report_fmt_pct(conf, 0, confs, sizeof confs);
    snprintf(need_head, sizeof need_head, "%s%s%s", T(I18N_NEEDED_PRE), confs, T(I18N_NEEDED_POST));
    headline_table(o, bv, "headline-table", need_head);
    sf_report_note(o, T(I18N_HEADLINE_NOTE));
    if (bv == &view_claims)
        sf_report_note(o, T(I18N_VIEWS_NOTE));
    /* The claims view first; the payouts (what the pools pay out, capped by what they hold) beside it. */
    if (bv == &view_claims)
        headline_table(o, &view_payouts, "headline-payouts", need_head);
    /* the quartiles belong to the fan chart below, not to the list of figures */
    for (int i = 0; i < f->ny; i++) {
        (void)report_figure_year(f, "budget.total.p25", f->years[i]);
        (void)report_figure_year(f, "budget.total.p75", f->years[i]);
        (void)report_figure_year(f, "budget.claims.p25", f->years[i]);
        (void)report_figure_year(f, "budget.claims.p75", f->years[i]);
    }
    /* what the plan leaves belongs to its own section */
    if (sf_report_has_series(f, "budget.obligations_end")) {
        (void)sf_report_figure(f, "budget.obligations_end.mean");
        (void)sf_report_figure(f, "budget.obligations_end.p95");
    }
    other_figures(o, "budget");
    sf_report_put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 2. fan chart */

static void sec_fan(out *o)
{
    const folder *f = o->f;
    const char *bs = headline_view(f)->series;
    char k25[64], k75[64];
    snprintf(k25, sizeof k25, "%s.p25", bs);
    snprintf(k75, sizeof k75, "%s.p75", bs);
    sf_report_section_open(o, "fan", T(I18N_SEC_FAN), "53");
    i18n_unit u = sf_i18n_unit_pick(o->L, sf_report_max_abs_years(f, bs, ST_P99));
    double sc = sf_i18n_unit_scale(u);
    double lo[MAX_YEARS], hi[MAX_YEARS], q25[MAX_YEARS], q75[MAX_YEARS], v[MAX_YEARS];
    chart *c = sf_report_year_chart(o);
    if (!c) {
        o->b.failed = 1;
        return;
    }
    sf_chart_set_titles(c, NULL, sf_i18n_unit_name(o->L, u));
    sf_chart_set_name(c, T(I18N_SEC_FAN));
    sf_report_per_year(f, bs, ST_P05, sc, lo);
    sf_report_per_year(f, bs, ST_P95, sc, hi);
    sf_chart_band(c, lo, hi, CHART_BLUE, 0.18, T(I18N_BAND_5_95));
    /* quartiles: summary.csv columns p25/p75 when the writer adds them, else figures.csv
     * <series>.p25.<year>/.p75.<year>; the inner band is left out when neither exists */
    int quart = 1;
    for (int i = 0; i < f->ny; i++) {
        q25[i] = sf_report_stat(f, bs, f->years[i], ST_P25);
        q75[i] = sf_report_stat(f, bs, f->years[i], ST_P75);
        if (!isfinite(q25[i]))
            q25[i] = report_figure_year(f, k25, f->years[i]);
        if (!isfinite(q75[i]))
            q75[i] = report_figure_year(f, k75, f->years[i]);
        q25[i] /= sc;
        q75[i] /= sc;
        quart = quart && isfinite(q25[i]) && isfinite(q75[i]);
    }
    if (quart)
        sf_chart_band(c, q25, q75, CHART_BLUE, 0.38, T(I18N_BAND_25_75));
    sf_report_per_year(f, bs, ST_P50, sc, v);
    sf_chart_line(c, v, CHART_NAVY, CHART_SOLID, 0, T(I18N_MEDIAN));
    sf_report_per_year(f, bs, ST_MEAN, sc, v);
    sf_chart_line(c, v, CHART_ORANGE, CHART_DASHED, 1, T(I18N_MEAN));
    sf_report_per_year(f, bs, ST_P99, sc, v);
    sf_chart_line(c, v, CHART_RED, CHART_DOTTED, 0, T(I18N_LINE_P99));
    int any = 0;
    for (int i = 0; i < f->ny; i++) {
        v[i] = appropriation(f, i) / sc;
        any |= isfinite(v[i]);
    }
    if (any) /* solid with markers: the dotted line is P99 */
        sf_chart_line(c, v, CHART_GREEN, CHART_SOLID, 1, T(I18N_APPROPRIATION));
    sf_chart_y_include(c, 0);
    char cap[256];
    snprintf(cap, sizeof cap, "%s · %s", sf_report_series_name(o, bs), sf_i18n_unit_name(o->L, u));
    sf_report_figure_open(o, cap);
    sf_report_figure_chart(o, c);
    sf_report_note(o, T(I18N_FAN_NOTE));
    sf_report_put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 3. budget lines */

/* Each mechanism's part of the report, in the order of model/mechanisms.def. */
static const report_mechanism *const mechanism_reports[SF_NMECHANISMS] = {
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) &sf_##name##_report,
#include "mechanisms.def"
#undef SF_MECHANISM
};

/* The report of the mechanism a series prefix or section names, or NULL. */
static const report_mechanism *mechanism_report(const char *name)
{
    const sf_mechanism_info *m = sf_mechanism_info_find(name);
    return m ? mechanism_reports[m - sf_mechanism_list] : NULL;
}

/* The colour of a budget line's bars: its mechanism's, else the palette's k-th. */
static int line_colour(const char *series, int k)
{
    char prefix[64];
    const char *dot = strchr(series, '.');
    const size_t n = dot ? (size_t)(dot - series) : strlen(series);
    if (n < sizeof prefix) {
        memcpy(prefix, series, n);
        prefix[n] = '\0';
        const report_mechanism *r = mechanism_report(prefix);
        for (const report_line_colour *c = r ? r->colours : NULL; c && c->series; c++)
            if (strcmp(c->series, series) == 0)
                return c->colour;
    }
    return k % CHART_NCOLOURS;
}

/* The three views of the budget side by side (issue 11): payouts (the lines above and their
 * sum), treasury transfers and claims incurred, mean per year and over the horizon; the rows
 * the folder has (none before the views existed). */
static void views_table(out *o, i18n_unit u)
{
    const folder *f = o->f;
    static const char *const rows[] = {"budget.total", "budget.treasury", "budget.claims"};
    if (!sf_report_has_series(f, "budget.treasury") && !sf_report_has_series(f, "budget.claims"))
        return;
    sf_report_put(o, "<table class=\"views\"><thead><tr><th scope=\"col\">");
    sf_report_esc(o, T(I18N_SERIES));
    sf_report_put(o, "</th>");
    for (int i = 0; i < f->ny; i++)
        sf_chart_buf_printf(&o->b, "<th scope=\"col\">%d</th>", f->years[i]);
    sf_report_put(o, "<th scope=\"col\">");
    sf_report_esc(o, T(I18N_TOTAL));
    sf_report_put(o, "</th></tr></thead><tbody>\n");
    char s[96];
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        if (!sf_report_has_series(f, rows[r]))
            continue;
        sf_report_put(o, "<tr data-series=\"");
        sf_report_esc(o, rows[r]);
        sf_report_put(o, "\"><th scope=\"row\">");
        sf_report_esc(o, sf_report_series_name(o, rows[r]));
        sf_report_put(o, "</th>");
        for (int i = 0; i <= f->ny; i++) {
            sf_report_fmt_money(sf_report_stat(f, rows[r], i < f->ny ? f->years[i] : Y_TOTAL, ST_MEAN), u, s, sizeof s);
            sf_report_put(o, "<td>");
            sf_report_esc(o, s);
            sf_report_put(o, "</td>");
        }
        sf_report_put(o, "</tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n");
}

static void sec_lines(out *o)
{
    const folder *f = o->f;
    sf_report_section_open(o, "lines", T(I18N_SEC_LINES), "53");
    double m = sf_report_max_abs_years(f, "budget.total", ST_MEAN);
    i18n_unit u = sf_i18n_unit_pick(o->L, m);
    double sc = sf_i18n_unit_scale(u), v[MAX_YEARS];
    chart *c = sf_report_year_chart(o);
    if (!c) {
        o->b.failed = 1;
        return;
    }
    sf_chart_set_titles(c, NULL, sf_i18n_unit_name(o->L, u));
    sf_chart_set_name(c, T(I18N_SEC_LINES));
    /* the budget lines are the series series.csv calls so, in its order; the sum row is the total.
     * A line whose bars would be a pixel or two high (under 2 % of the largest line's in every
     * year) is not drawn, so the legend shows no colour the chart lacks; the note names it and the
     * table below has its numbers. */
    double big = 0;
    for (int k = 0; k < f->nseries; k++)
        if (strcmp(f->info[k].kind, "budget_line") == 0)
            big = fmax(big, sf_report_max_abs_years(f, f->series[k], ST_MEAN));
    char small[512] = "";
    for (int k = 0; k < f->nseries; k++) {
        if (strcmp(f->info[k].kind, "budget_line") != 0)
            continue;
        char lab[256];
        series_with_article(o, f->series[k], lab, sizeof lab);
        if (sf_report_max_abs_years(f, f->series[k], ST_MEAN) < 0.02 * big) {
            if (strlen(small) + strlen(lab) + 8 < sizeof small) {
                if (*small)
                    strcat(small, o->L == I18N_ZH ? "、" : "; ");
                strcat(small, sf_report_series_name(o, f->series[k]));
            }
            continue;
        }
        sf_report_per_year(f, f->series[k], ST_MEAN, sc, v);
        sf_chart_bars(c, v, line_colour(f->series[k], k), lab);
    }
    sf_report_per_year(f, "budget.total", ST_MEAN, sc, v);
    sf_chart_line(c, v, CHART_INK, CHART_SOLID, 1, T(I18N_NET_TOTAL));
    char cap[256];
    snprintf(cap, sizeof cap, "%s · %s · %s", T(I18N_SEC_LINES), T(I18N_MEAN), sf_i18n_unit_name(o->L, u));
    sf_report_figure_open(o, cap);
    sf_report_figure_chart(o, c);
    sf_report_note(o, T(I18N_LINES_NOTE));
    if (*small) {
        char t[700];
        snprintf(t, sizeof t,
                 o->L == I18N_ZH ? "以下科目金额太小，在图中无法显示，数值见下表：%s。"
                                 : "Too small to show as bars (their numbers are in the table below): %s.",
                 small);
        sf_report_note(o, t);
    }
    /* the same numbers as a table, with every line's Article */
    sf_report_put(o, "<table class=\"lines\"><thead><tr><th scope=\"col\">");
    sf_report_esc(o, T(I18N_SERIES));
    sf_report_put(o, "</th>");
    for (int i = 0; i < f->ny; i++)
        sf_chart_buf_printf(&o->b, "<th scope=\"col\">%d</th>", f->years[i]);
    sf_report_put(o, "<th scope=\"col\">");
    sf_report_esc(o, T(I18N_TOTAL));
    sf_report_put(o, "</th></tr></thead><tbody>\n");
    char s[96];
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < f->nseries; k++) {
            if (strcmp(f->info[k].kind, pass == 0 ? "budget_line" : "budget_total") != 0)
                continue;
            const char *name = f->series[k];
            char lab[256];
            series_with_article(o, name, lab, sizeof lab);
            sf_chart_buf_printf(&o->b, "<tr%s data-series=\"", pass == 1 ? " class=\"sum\"" : "");
            sf_report_esc(o, name);
            sf_report_put(o, "\"><th scope=\"row\">");
            sf_report_esc(o, lab);
            sf_report_put(o, "</th>");
            for (int i = 0; i < f->ny; i++) {
                sf_report_fmt_money(sf_report_stat(f, name, f->years[i], ST_MEAN), u, s, sizeof s);
                sf_report_put(o, "<td>");
                sf_report_esc(o, s);
                sf_report_put(o, "</td>");
            }
            sf_report_fmt_money(sf_report_stat(f, name, Y_TOTAL, ST_MEAN), u, s, sizeof s);
            sf_report_put(o, "<td>");
            sf_report_esc(o, s);
            sf_report_put(o, "</td></tr>\n");
        }
    }
    sf_report_put(o, "</tbody></table>\n");
    views_table(o, u);
    sf_report_put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 4. distribution */

static void sec_dist(out *o)
{
    const folder *f = o->f;
    /* The headline's view when histogram.csv has it (a folder before the claims view: payouts). */
    const char *bs = "budget.total";
    int cs0 = f->has_hist ? sf_report_csv_col(&f->hist, "series") : -1;
    for (size_t r = 0; cs0 >= 0 && r < f->hist.nrows; r++)
        if (strcmp(sf_report_csv_cell(&f->hist, r, cs0), headline_view(f)->series) == 0)
            bs = headline_view(f)->series;
    char span[64], title[160];
    years_span(f, span, sizeof span);
    snprintf(title, sizeof title, "%s (%s)", T(I18N_SEC_DIST), span);
    sf_report_section_open(o, "distribution", title, "53");
    int cs = f->has_hist ? sf_report_csv_col(&f->hist, "series") : -1;
    int cl = f->has_hist ? sf_report_csv_col(&f->hist, "bin_lo") : -1, ch = f->has_hist ? sf_report_csv_col(&f->hist, "bin_hi") : -1;
    int cc = f->has_hist ? sf_report_csv_col(&f->hist, "count") : -1;
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
            if (cs >= 0 && strcmp(sf_report_csv_cell(&f->hist, r, cs), bs) != 0)
                continue;
            lo[nb] = sf_report_num(sf_report_csv_cell(&f->hist, r, cl));
            hi[nb] = sf_report_num(sf_report_csv_cell(&f->hist, r, ch));
            h[nb] = sf_report_num(sf_report_csv_cell(&f->hist, r, cc));
            if (isfinite(lo[nb]) && isfinite(hi[nb]) && isfinite(h[nb]))
                nb++;
        }
    }
    if (nb == 0) {
        sf_report_note(o, T(I18N_NO_HISTOGRAM));
        goto done;
    }
    double total = 0, xmin = INFINITY, xmax = -INFINITY;
    for (size_t i = 0; i < nb; i++) {
        total += h[i];
        xmin = fmin(xmin, lo[i]);
        xmax = fmax(xmax, hi[i]);
    }
    i18n_unit u = sf_i18n_unit_pick(o->L, fmax(fabs(xmin), fabs(xmax)));
    double sc = sf_i18n_unit_scale(u);
    for (size_t i = 0; i < nb; i++) {
        lo[i] /= sc;
        hi[i] /= sc;
        h[i] = total > 0 ? h[i] / total : 0;
    }
    chart *c = sf_chart_alloc_linear(xmin / sc, xmax / sc);
    if (!c) {
        o->b.failed = 1;
        goto done;
    }
    char xt[200];
    snprintf(xt, sizeof xt, "%s (%s), %s", T(I18N_DIST_X), span, sf_i18n_unit_name(o->L, u));
    sf_chart_set_titles(c, xt, T(I18N_SHARE_OF_PATHS));
    sf_chart_set_y_format(c, CHART_FMT_PERCENT);
    sf_chart_set_name(c, title);
    sf_chart_histogram(c, lo, hi, h, (int)nb, CHART_BLUE, NULL);
    static const struct {
        int st, colour, style;
        i18n_msg label;
    } marks[] = {{ST_MEAN, CHART_INK, CHART_DASHED, I18N_MEAN},
                 {ST_P95, CHART_ORANGE, CHART_SOLID, I18N_P95},
                 {ST_P99, CHART_RED, CHART_SOLID, I18N_P99},
                 {ST_CVAR99, CHART_PURPLE, CHART_DOTTED, I18N_CVAR99}};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        double x = sf_report_stat(f, bs, Y_TOTAL, marks[k].st);
        if (!isfinite(x))
            continue;
        char s[64], tag[128];
        sf_chart_format_number(x / sc, u == I18N_YI ? 1 : 0, s, sizeof s);
        snprintf(tag, sizeof tag, "%s %s", T(marks[k].label), s);
        sf_chart_vline(c, x / sc, marks[k].colour, marks[k].style, tag);
    }
    sf_report_figure_open(o, sf_report_series_name(o, bs));
    sf_report_figure_chart(o, c);
    sf_report_note(o, T(I18N_DIST_NOTE));
done:
    free(lo);
    free(hi);
    free(h);
    sf_report_put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 5. mechanisms */

void sf_report_facts_open(out *o) { sf_report_put(o, "<dl class=\"facts\">"); }
void sf_report_fact(out *o, const char *label, const char *value, const char *cls)
{
    sf_report_put(o, "<div><dt>");
    sf_report_esc(o, label);
    sf_chart_buf_printf(&o->b, "</dt><dd%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    sf_report_esc(o, value);
    sf_report_put(o, "</dd></div>");
}
void sf_report_facts_close(out *o) { sf_report_put(o, "</dl>\n"); }

/* One figures.csv value with its label (the key itself when unknown), formatted by its kind. */
static void figure_fact(out *o, const char *key, double v)
{
    char kind, s[128], t[160];
    const char *label = sf_i18n_figure(o->L, key, &kind);
    if (!isfinite(v)) {
        snprintf(t, sizeof t, "—");
    } else if (kind == 'p') {
        sf_report_fmt_pct(v, 2, t, sizeof t);
    } else if (kind == 'm') {
        i18n_unit u = sf_i18n_unit_pick(o->L, fabs(v));
        sf_report_fmt_money(v, u, s, sizeof s);
        snprintf(t, sizeof t, "%s %s", s, sf_i18n_unit_name(o->L, u));
    } else if (kind == 'x') {
        sf_chart_format_number(v, 1, s, sizeof s);
        snprintf(t, sizeof t, "%s%s", s, sf_i18n_text(o->L, I18N_UNIT_TIMES));
    } else {
        snprintf(t, sizeof t, "%.6g", v);
    }
    sf_report_fact(o, label ? label : key, t, NULL);
}

/* Figures of this prefix that no specific code showed. */
static void other_figures(out *o, const char *prefix)
{
    const folder *f = o->f;
    size_t pl = strlen(prefix);
    int open = 0;
    for (size_t r = 0; r < f->nfig; r++) {
        const char *k = f->fig_key[r];
        if (f->fig_used[r] || strncmp(k, prefix, pl) != 0 || k[pl] != '.')
            continue;
        f->fig_used[r] = 1;
        if (!open)
            sf_report_facts_open(o);
        open = 1;
        figure_fact(o, k, f->fig_val[r]);
    }
    if (open)
        sf_report_facts_close(o);
}

/* The table of every series of a mechanism: mean per year (P95 below), and the horizon total. */
/* 1 when the cell of series `name` in calendar year `year` is undefined because no path has a
 * guaranteed book that year (guarantee.has_book's mean is 0): the ratios over the book are
 * written as 0 there (no NaN in any output), and the report says "no book" instead. */
int sf_report_no_book(const folder *f, const char *name, int year)
{
    static const char *const over_book[] = {"guarantee.small_micro_share", "guarantee.claim_rate",
                                            "guarantee.loss_rate"};
    int hit = 0;
    for (size_t i = 0; i < sizeof over_book / sizeof over_book[0]; i++)
        hit |= strcmp(name, over_book[i]) == 0;
    if (!hit || year < 0)
        return 0;
    const double hb = sf_report_stat(f, "guarantee.has_book", year, ST_MEAN);
    return isfinite(hb) && hb == 0.0;
}

static void mech_table(out *o, const char *prefix)
{
    const folder *f = o->f;
    size_t pl = strlen(prefix);
    double m = 0;
    int any_total = 0;
    for (int i = 0; i < f->nseries; i++)
        if (strncmp(f->series[i], prefix, pl) == 0 && f->series[i][pl] == '.' && strcmp(f->unit[i], "CNY") == 0) {
            m = fmax(m, sf_report_max_abs_years(f, f->series[i], ST_MEAN));
            any_total |= isfinite(sf_report_stat(f, f->series[i], Y_TOTAL, ST_MEAN));
        }
    i18n_unit u = sf_i18n_unit_pick(o->L, m);
    sf_report_put(o, "<table class=\"mech\"><thead><tr><th scope=\"col\">");
    sf_report_esc(o, T(I18N_SERIES));
    sf_report_put(o, "</th><th scope=\"col\" class=\"unit\">");
    sf_report_esc(o, T(I18N_UNIT));
    sf_report_put(o, "</th>");
    for (int i = 0; i < f->ny; i++)
        sf_chart_buf_printf(&o->b, "<th scope=\"col\">%d</th>", f->years[i]);
    if (any_total) {
        sf_report_put(o, "<th scope=\"col\">");
        sf_report_esc(o, T(I18N_TOTAL));
        sf_report_put(o, "</th>");
    }
    sf_report_put(o, "</tr></thead><tbody>\n");
    char s[96], p[96];
    for (int k = 0; k < f->nseries; k++) {
        const char *name = f->series[k];
        if (strncmp(name, prefix, pl) != 0 || name[pl] != '.')
            continue;
        const char *unit = f->unit[k];
        sf_report_put(o, "<tr><th scope=\"row\">");
        sf_report_esc(o, sf_report_series_name(o, name));
        sf_report_put(o, "</th><td class=\"unit\">");
        sf_report_esc(o, sf_report_series_unit_label(o, name, unit, u));
        sf_report_put(o, "</td>");
        int ncol = f->ny + (any_total ? 1 : 0);
        for (int i = 0; i < ncol; i++) {
            int y = i < f->ny ? f->years[i] : Y_TOTAL;
            if (i < f->ny && sf_report_no_book(f, name, y)) {
                sf_report_put(o, "<td class=\"nobook\">");
                sf_report_esc(o, T(I18N_NO_BOOK));
                sf_report_put(o, "</td>");
                continue;
            }
            sf_report_fmt_value(unit, sf_report_stat(f, name, y, ST_MEAN), u, s, sizeof s);
            sf_report_fmt_value(unit, sf_report_stat(f, name, y, ST_P95), u, p, sizeof p);
            sf_report_put(o, "<td>");
            sf_report_esc(o, s);
            if (strcmp(s, "—") != 0 && strcmp(p, "—") != 0 && strcmp(p, s) != 0) {
                sf_report_put(o, "<span class=\"p95\">P95 ");
                sf_report_esc(o, p);
                sf_report_put(o, "</span>");
            }
            sf_report_put(o, "</td>");
        }
        sf_report_put(o, "</tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n");
    sf_report_note(o, T(I18N_TABLE_NOTE));
}

/* A money chart: band P5–P95 and mean line of `band_series`, then mean lines and bars. */
chart *sf_report_money_chart(out *o, double maxabs, i18n_unit *u)
{
    *u = sf_i18n_unit_pick(o->L, maxabs);
    chart *c = sf_report_year_chart(o);
    if (c)
        sf_chart_set_titles(c, NULL, sf_i18n_unit_name(o->L, *u));
    return c;
}

void sf_report_band_and_mean(out *o, chart *c, const char *series, double sc, int colour)
{
    double lo[MAX_YEARS], hi[MAX_YEARS], v[MAX_YEARS];
    char lab[256];
    sf_report_per_year(o->f, series, ST_P05, sc, lo);
    sf_report_per_year(o->f, series, ST_P95, sc, hi);
    snprintf(lab, sizeof lab, "%s · %s", sf_report_series_name(o, series), T(I18N_BAND_5_95));
    sf_chart_band(c, lo, hi, colour, 0.2, lab);
    sf_report_per_year(o->f, series, ST_MEAN, sc, v);
    snprintf(lab, sizeof lab, "%s · %s", sf_report_series_name(o, series), T(I18N_MEAN));
    sf_chart_line(c, v, colour, CHART_SOLID, 1, lab);
}

void sf_report_mean_line(out *o, chart *c, const char *series, double sc, int colour, int style, int st)
{
    double v[MAX_YEARS];
    char lab[256];
    sf_report_per_year(o->f, series, st, sc, v);
    snprintf(lab, sizeof lab, "%s · %s", sf_report_series_name(o, series),
             st == ST_MEAN ? T(I18N_MEAN) : st == ST_P95 ? "P95" : st == ST_P99 ? "P99" : sf_report_stat_names[st]);
    sf_chart_line(c, v, colour, style, st == ST_MEAN, lab);
}

/* A chart of a ratio per year, in percent, named `name`. */
chart *sf_report_percent_chart(out *o, const char *name)
{
    chart *c = sf_report_year_chart(o);
    if (c) {
        sf_chart_set_titles(c, NULL, T(I18N_UNIT_PERCENT));
        sf_chart_set_y_format(c, CHART_FMT_PERCENT);
        sf_chart_set_name(c, name);
    }
    return c;
}








static void sec_mechanisms(out *o)
{
    const folder *f = o->f;
    sf_report_section_open(o, "mechanisms", T(I18N_SEC_MECH), NULL);
    sf_report_note(o, T(I18N_MECH_NOTE));
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
        const char *title = sf_i18n_mechanism(o->L, p);
        const char *art = sf_i18n_series_article(p);
        sf_chart_buf_printf(&o->b, "<section class=\"mechanism\" id=\"mech-%s\"><h3>", p);
        sf_report_esc(o, title ? title : p);
        if (art) {
            char a[160];
            sf_i18n_article(o->L, art, a, sizeof a);
            sf_report_put(o, "<span class=\"art\">");
            sf_report_esc(o, a);
            sf_report_put(o, "</span>");
        }
        sf_report_put(o, "</h3>\n");
        /* the mechanism's own part, found by its prefix in the list; a prefix no part knows gets the table alone */
        const report_mechanism *r = mechanism_report(p);
        if (r && r->draw)
            r->draw(o);
        else if (strcmp(p, "portfolio") == 0)
            sf_report_portfolio(o);
        other_figures(o, p);
        mech_table(o, p);
        sf_report_put(o, "</section>\n");
    }
    sf_report_put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 6. evaluation */

static void sec_eval(out *o)
{
    const folder *f = o->f;
    sf_report_section_open(o, "evaluation", T(I18N_SEC_EVAL), "56");
    if (!f->has_eval) {
        sf_report_note(o, T(I18N_NO_EVAL));
        sf_report_put(o, "</section>\n");
        return;
    }
    const csvtab *e = &f->eval;
    int cm = sf_report_csv_col(e, "mechanism"), ca = sf_report_csv_col(e, "article"), csp = sf_report_csv_col(e, "spending");
    int cfs = sf_report_csv_col(e, "financing_supported"), clr = sf_report_csv_col(e, "loss_rate");
    int ccy = sf_report_csv_col(e, "cost_per_yuan"), cmu = sf_report_csv_col(e, "multiplier");
    double m = 0;
    for (size_t r = 0; r < e->nrows; r++)
        m = fmax(m, fabs(sf_report_num(sf_report_csv_cell(e, r, csp))));
    i18n_unit u = sf_i18n_unit_pick(o->L, m), us = sf_i18n_unit_pick(o->L, 1e12);
    char hs[128], hf[128];
    snprintf(hs, sizeof hs, "%s (%s)", T(I18N_SPENDING), sf_i18n_unit_name(o->L, u));
    snprintf(hf, sizeof hf, "%s (%s)", T(I18N_SUPPORTED), sf_i18n_unit_name(o->L, us));
    sf_report_put(o, "<table id=\"evaluation-table\"><thead><tr>");
    const char *heads[] = {T(I18N_MECHANISM), T(I18N_ARTICLE), hs, hf, T(I18N_LOSS_RATE), T(I18N_COST_PER_YUAN),
                           T(I18N_MULTIPLIER)};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        sf_report_put(o, "<th scope=\"col\">");
        sf_report_esc(o, heads[i]);
        sf_report_put(o, "</th>");
    }
    sf_report_put(o, "</tr></thead><tbody>\n");
    char s[96];
    for (size_t r = 0; r < e->nrows; r++) {
        const char *name = sf_report_csv_cell(e, r, cm);
        const char *t = sf_i18n_mechanism(o->L, sf_i18n_mechanism_prefix(name));
        sf_report_put(o, "<tr><th scope=\"row\">");
        sf_report_esc(o, t ? t : name);
        sf_report_put(o, "</th><td class=\"txt\">");
        const char *art = sf_report_csv_cell(e, r, ca);
        if (*art) {
            char a[160];
            sf_i18n_article(o->L, art, a, sizeof a);
            sf_report_esc(o, a);
        }
        sf_report_put(o, "</td><td>");
        sf_report_fmt_money(sf_report_num(sf_report_csv_cell(e, r, csp)), u, s, sizeof s);
        sf_report_esc(o, s);
        sf_report_put(o, "</td><td>");
        sf_report_fmt_money(sf_report_num(sf_report_csv_cell(e, r, cfs)), us, s, sizeof s);
        sf_report_esc(o, s);
        sf_report_put(o, "</td><td>");
        sf_report_fmt_pct(sf_report_num(sf_report_csv_cell(e, r, clr)), 2, s, sizeof s);
        sf_report_esc(o, s);
        sf_report_put(o, "</td><td>");
        sf_report_fmt_pct(sf_report_num(sf_report_csv_cell(e, r, ccy)), 2, s, sizeof s);
        sf_report_esc(o, s);
        sf_report_put(o, "</td><td>");
        double mu = sf_report_num(sf_report_csv_cell(e, r, cmu));
        if (isfinite(mu)) {
            sf_chart_format_number(mu, 1, s, sizeof s);
            sf_report_esc(o, s);
            sf_report_esc(o, T(I18N_UNIT_TIMES));
        } else {
            sf_report_esc(o, "—");
        }
        sf_report_put(o, "</td></tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n");
    sf_report_note(o, T(I18N_EVAL_NOTE));
    sf_report_put(o, "</section>\n");
}

/* ---------------------------------------------------------------- 7. sensitivity, compare, stress */



static void sec_compare(out *o)
{
    const folder *f = o->f;
    const csvtab *t = &f->cmp;
    int cv = sf_report_csv_col(t, "variant"), cs = sf_report_csv_col(t, "series"), cy = sf_report_csv_col(t, "year");
    int cst = sf_report_csv_col(t, "stat"), cb = sf_report_csv_col(t, "base"), cvv = sf_report_csv_col(t, "variant_value");
    int cd = sf_report_csv_col(t, "diff"), ce = sf_report_csv_col(t, "diff_se");
    sf_report_section_open(o, "compare", T(I18N_SEC_COMPARE), NULL);
    if (cv < 0 || cs < 0 || cy < 0 || cd < 0) {
        sf_report_put(o, "</section>\n");
        return;
    }
    /* The differences of the claims view when compare.csv has it (issue 11: a variant's extra unpaid
     * claims are a cost too), else of the payouts. */
    const char *bs = "budget.total";
    for (size_t r = 0; r < t->nrows; r++)
        if (strcmp(sf_report_csv_cell(t, r, cs), "budget.claims") == 0)
            bs = "budget.claims";
    /* variants in file order */
    const char *vars[16];
    int nv = 0;
    double m = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *v = sf_report_csv_cell(t, r, cv);
        int k = 0;
        while (k < nv && strcmp(vars[k], v) != 0)
            k++;
        if (k == nv && nv < 16)
            vars[nv++] = v;
        if (strcmp(sf_report_csv_cell(t, r, cs), bs) == 0 && sf_report_year_code(sf_report_csv_cell(t, r, cy)) > 0)
            m = fmax(m, fabs(sf_report_num(sf_report_csv_cell(t, r, cd))) + 2 * fabs(sf_report_num(sf_report_csv_cell(t, r, ce))));
    }
    i18n_unit u = sf_i18n_unit_pick(o->L, m);
    double sc = sf_i18n_unit_scale(u);
    chart *c = sf_report_year_chart(o);
    if (!c) {
        o->b.failed = 1;
        return;
    }
    char yt[256];
    snprintf(yt, sizeof yt, "%s", sf_i18n_unit_name(o->L, u));
    sf_chart_set_titles(c, NULL, yt);
    sf_chart_set_name(c, T(I18N_CMP_CHART_Y));
    for (int k = 0; k < nv; k++) {
        double d[MAX_YEARS], e[MAX_YEARS];
        for (int i = 0; i < f->ny; i++)
            d[i] = e[i] = NAN;
        for (size_t r = 0; r < t->nrows; r++) {
            if (strcmp(sf_report_csv_cell(t, r, cv), vars[k]) || strcmp(sf_report_csv_cell(t, r, cs), bs) ||
                (cst >= 0 && strcmp(sf_report_csv_cell(t, r, cst), "mean")))
                continue;
            int y = sf_report_year_code(sf_report_csv_cell(t, r, cy));
            for (int i = 0; i < f->ny; i++)
                if (f->years[i] == y) {
                    d[i] = sf_report_num(sf_report_csv_cell(t, r, cd)) / sc;
                    e[i] = 1.96 * sf_report_num(sf_report_csv_cell(t, r, ce)) / sc;
                }
        }
        sf_chart_points(c, d, e, k, vars[k]);
    }
    sf_chart_y_include(c, 0);
    char ccap[256];
    snprintf(ccap, sizeof ccap, "%s · %s", T(I18N_CMP_CHART_Y), sf_report_series_name(o, bs));
    sf_report_figure_open(o, ccap);
    sf_report_figure_chart(o, c);
    /* the table: every row over the horizon (year total), else every row */
    int any_total = 0;
    for (size_t r = 0; r < t->nrows; r++)
        any_total |= sf_report_year_code(sf_report_csv_cell(t, r, cy)) == Y_TOTAL;
    sf_report_put(o, "<table id=\"compare-table\"><thead><tr>");
    const char *heads[] = {T(I18N_VARIANT), T(I18N_SERIES),   T(I18N_YEAR),  T(I18N_BASE),
                           T(I18N_VARIANT_VALUE), T(I18N_DIFF), T(I18N_ERR95), T(I18N_SIGNIFICANT)};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        sf_report_put(o, "<th scope=\"col\">");
        sf_report_esc(o, heads[i]);
        sf_report_put(o, "</th>");
    }
    sf_report_put(o, "</tr></thead><tbody>\n");
    i18n_unit tu = sf_i18n_unit_pick(o->L, 1e9);
    for (size_t r = 0; r < t->nrows; r++) {
        int y = sf_report_year_code(sf_report_csv_cell(t, r, cy));
        if (any_total && y != Y_TOTAL)
            continue;
        const char *series = sf_report_csv_cell(t, r, cs);
        const char *unit = sf_report_series_unit(f, series);
        if (!*unit)
            unit = "CNY";
        char b[96], vv[96], d[96], e[96];
        double diff = sf_report_num(sf_report_csv_cell(t, r, cd)), se = sf_report_num(sf_report_csv_cell(t, r, ce));
        sf_report_fmt_value(unit, sf_report_num(sf_report_csv_cell(t, r, cb)), tu, b, sizeof b);
        sf_report_fmt_value(unit, sf_report_num(sf_report_csv_cell(t, r, cvv)), tu, vv, sizeof vv);
        sf_report_fmt_value(unit, diff, tu, d, sizeof d);
        sf_report_fmt_value(unit, 1.96 * se, tu, e, sizeof e);
        sf_report_put(o, "<tr><th scope=\"row\">");
        sf_report_esc(o, sf_report_csv_cell(t, r, cv));
        sf_report_put(o, "</th><td class=\"txt\">");
        sf_report_esc(o, sf_report_series_name(o, series));
        sf_report_put(o, "</td><td>");
        sf_report_esc(o, y == Y_TOTAL ? T(I18N_TOTAL) : sf_report_csv_cell(t, r, cy));
        sf_report_put(o, "</td><td>");
        sf_report_esc(o, b);
        sf_report_put(o, "</td><td>");
        sf_report_esc(o, vv);
        sf_report_put(o, "</td><td>");
        sf_report_esc(o, d);
        sf_report_put(o, "</td><td>± ");
        sf_report_esc(o, e);
        int sig = isfinite(diff) && isfinite(se) && fabs(diff) > 1.96 * se;
        sf_chart_buf_printf(&o->b, "</td><td class=\"%s\">", sig ? "flag-bad" : "");
        sf_report_esc(o, sig ? T(I18N_YES) : T(I18N_NO));
        sf_report_put(o, "</td></tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n");
    char un[128];
    snprintf(un, sizeof un, "%s: %s", T(I18N_UNIT), sf_i18n_unit_name(o->L, tu));
    sf_report_note(o, un);
    sf_report_note(o, T(I18N_CMP_NOTE));
    sf_report_put(o, "</section>\n");
}


/* ---------------------------------------------------------------- 8. assumptions */

/* A path as the reader should see it: never the absolute path of the machine the run was made on.
 * An absolute path is written relative to `base` (an absolute folder): "scenarios/x.ini" when it
 * lies below it, "../x.ini" and so on when not; a relative path is kept as it is. */
static void relative_path(const char *path, const char *base, char *dst, size_t n)
{
    if (path[0] != '/' || !base || base[0] != '/') {
        snprintf(dst, n, "%s", path);
        return;
    }
    /* the common leading folders of the two */
    size_t common = 0;
    for (size_t i = 0;; i++) {
        const int pe = path[i] == '/' || path[i] == '\0', be = base[i] == '/' || base[i] == '\0';
        if (pe && be)
            common = i;
        if (path[i] != base[i] || path[i] == '\0' || base[i] == '\0') {
            if (pe && be)
                common = i;
            break;
        }
    }
    size_t len = 0;
    dst[0] = '\0';
    /* one ".." per folder of base below the common part */
    for (const char *p = base + common; *p; p++)
        if (*p == '/' && p[1] != '\0' && p[1] != '/' && len + 3 < n) {
            memcpy(dst + len, "../", 3);
            len += 3;
            dst[len] = '\0';
        }
    const char *rest = path + common;
    while (*rest == '/')
        rest++;
    snprintf(dst + len, n - len, "%s", *rest ? rest : ".");
}

/* The folder a scenario file is in (absolute when the file is), for the paths it names. */
static void dir_of(const char *file, char *dst, size_t n)
{
    snprintf(dst, n, "%s", file ? file : "");
    char *s = strrchr(dst, '/');
    if (s)
        *s = '\0';
    else
        dst[0] = '\0';
}

/* The folder the reader runs smefin from: where the report is written from (the run's own
 * working folder when the report is written by the run). */
static void work_dir(char *dst, size_t n)
{
    if (!getcwd(dst, n))
        dst[0] = '\0';
}

/* A fraction in percent with the decimals it needs (0.025 → 2.5 %, 0.0002 → 0.02 %), at most 4. */
static void param_pct(double v, char *s, size_t n)
{
    int dec = 0;
    while (dec < 4 && fabs(v * 100 * pow(10, dec) - nearbyint(v * 100 * pow(10, dec))) > 1e-6)
        dec++;
    sf_report_fmt_pct(v, dec, s, n);
}

static void param_number(double v, char *s, size_t n)
{
    char t[64];
    snprintf(t, sizeof t, "%.6g", fabs(v));
    snprintf(s, n, "%s%s", v < 0 ? "−" : "", t);
}

/* Append text to s. */
static void cat(char *s, size_t n, const char *t)
{
    size_t l = strlen(s);
    if (l < n)
        snprintf(s + l, n - l, "%s", t);
}

/* One parameter's value in the reader's units: money in CNY million (en) or 亿元/万元 (zh), shares
 * in percent, days and years named, choices and true/false in words. */
static void param_value(const out *o, const char *section, const char *key, const char *v, char kind,
                        const char *scen_dir, char *s, size_t n)
{
    const int zh = o->L == I18N_ZH;
    const double x = sf_report_num(v);
    char t[128];
    s[0] = '\0';
    if (!*v && kind != 'N' && kind != 'T' && kind != 'L') {
        snprintf(s, n, "—");
        return;
    }
    switch (kind) {
    case 'm':
    case 'M':
        if (kind == 'M' && x == 0)
            snprintf(s, n, "%s", zh ? "无上限" : "no cap");
        else if (isfinite(x))
            sf_i18n_amount(o->L, x, s, n);
        else
            snprintf(s, n, "%s", v);
        return;
    case 'p':
    case 'r':
        if (isfinite(x)) {
            param_pct(x, s, n);
            if (kind == 'r')
                cat(s, n, zh ? "（每日）" : " a day");
        } else {
            snprintf(s, n, "%s", v);
        }
        return;
    case 'x':
        if (isfinite(x)) {
            param_number(x, t, sizeof t);
            snprintf(s, n, "%s%s", t, zh ? "倍" : "×");
        } else {
            snprintf(s, n, "%s", v);
        }
        return;
    case 'i':
        if (isfinite(x))
            sf_chart_format_number(x, 0, s, n);
        else
            snprintf(s, n, "%s", v);
        return;
    case 'Y':
    case 'd':
        if (isfinite(x)) {
            param_number(x, t, sizeof t);
            if (kind == 'Y')
                snprintf(s, n, zh ? "%s 年" : x == 1 ? "%s year" : "%s years", t);
            else
                snprintf(s, n, zh ? "%s 天" : x == 1 ? "%s day" : "%s days", t);
        } else {
            snprintf(s, n, "%s", v);
        }
        return;
    case 'e':
        if (isfinite(x)) {
            param_number(x, t, sizeof t);
            snprintf(s, n, zh ? "%s 元/欧元" : "%s CNY per EUR", t);
        } else {
            snprintf(s, n, "%s", v);
        }
        return;
    case 'n':
        if (isfinite(x))
            param_number(x, s, n);
        else
            snprintf(s, n, "%s", v);
        return;
    case 'b':
        snprintf(s, n, "%s", strcmp(v, "true") == 0 ? T(I18N_YES) : strcmp(v, "false") == 0 ? T(I18N_NO) : v);
        return;
    case 'c': {
        const char *c = sf_i18n_choice(o->L, section, key, v);
        snprintf(s, n, "%s", c ? c : v);
        return;
    }
    case 'f': {
        /* as the scenario file names it: relative to the scenario's folder */
        relative_path(v, scen_dir, s, n);
        return;
    }
    case 'N':
    case 'P':
    case 'L':
    case 'T': {
        if (!*v) {
            snprintf(s, n, "%s", zh ? "无" : "none");
            return;
        }
        /* a comma-separated list; tiers are AMOUNT:SHARE */
        const char *p = v;
        int first = 1;
        while (*p) {
            char *end;
            double a = strtod(p, &end);
            if (end == p)
                break;
            char item[160];
            if (kind == 'T' && *end == ':') {
                double sh = strtod(end + 1, &end);
                char am[64], pc[64];
                sf_i18n_amount(o->L, a, am, sizeof am);
                param_pct(sh, pc, sizeof pc);
                snprintf(item, sizeof item, zh ? "%s 以下：%s" : "up to %s: %s", am, pc);
            } else if (kind == 'P') {
                param_pct(a, item, sizeof item);
            } else if (kind == 'L') {
                sf_i18n_amount(o->L, a, item, sizeof item);
            } else {
                param_number(a, item, sizeof item);
            }
            if (!first)
                cat(s, n, zh ? "；" : "; ");
            cat(s, n, item);
            first = 0;
            p = end;
            while (*p == ',' || *p == ' ' || *p == ';')
                p++;
        }
        if (first)
            snprintf(s, n, "%s", v);
        return;
    }
    default:
        snprintf(s, n, "%s", v);
    }
}

/* A run field's value: paths relative, the language named. */
static void run_value(const out *o, const char *key, const char *v, char *s, size_t n)
{
    char cwd[PATH_MAX_LEN];
    if (strcmp(key, "scenario") == 0 || strcmp(key, "portfolio_file") == 0 || strncmp(key, "base", 4) == 0) {
        if (strstr(key, "sha256")) {
            snprintf(s, n, "%s", v);
            return;
        }
        work_dir(cwd, sizeof cwd);
        relative_path(v, cwd, s, n);
    } else if (strcmp(key, "lang") == 0) {
        snprintf(s, n, "%s",
                 strcmp(v, "zh") == 0 ? (o->L == I18N_ZH ? "中文" : "Chinese")
                 : strcmp(v, "en") == 0 ? (o->L == I18N_ZH ? "英文" : "English")
                                        : v);
    } else {
        snprintf(s, n, "%s", v);
    }
}

/* A parameter named "section.key" as a reader sees it: its label (the name itself when it has
 * none) and a value of it in display units (value may be NULL). */
void sf_report_param_text(const out *o, const char *dotted, const char *value, char *label, size_t ln, char *val,
                          size_t vn)
{
    char sec[128];
    const char *dot = strchr(dotted, '.');
    const size_t sl = dot ? (size_t)(dot - dotted) : 0;
    snprintf(sec, sizeof sec, "%.*s", (int)(sl < sizeof sec ? sl : 0), dotted);
    const char *key = dot ? dot + 1 : dotted;
    char kind;
    const char *l = sf_i18n_param(o->L, sec, key, &kind);
    if (label)
        snprintf(label, ln, "%s", l ? l : dotted);
    if (val && value)
        param_value(o, sec, key, value, l ? kind : 's', "", val, vn);
}

/* An argument as a POSIX shell reads it: as it is when it holds only safe characters, else in
 * single quotes (a quote inside as '\''). */
static void shell_word(out *o, const char *s)
{
    if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._,:=+-/@%") == strlen(s)) {
        sf_report_esc(o, s);
        return;
    }
    sf_report_put(o, "'");
    for (const char *p = s; *p; p++) {
        char c[2] = {*p, '\0'};
        sf_report_esc(o, *p == '\'' ? "'\\''" : c);
    }
    sf_report_put(o, "'");
}

/* The run's --set arguments (overrides.csv) on the "Reproduce with" line. */
static void repro_overrides(out *o)
{
    const folder *f = o->f;
    if (!f->has_ovr)
        return;
    const int ck = sf_report_csv_col(&f->ovr, "key"), cv = sf_report_csv_col(&f->ovr, "value");
    if (ck < 0 || cv < 0)
        return;
    for (size_t r = 0; r < f->ovr.nrows; r++) {
        char arg[4800];
        snprintf(arg, sizeof arg, "%s=%s", sf_report_csv_cell(&f->ovr, r, ck), sf_report_csv_cell(&f->ovr, r, cv));
        sf_report_put(o, " --set ");
        shell_word(o, arg);
    }
}

/* overrides.csv: the keys --set changed, against the scenario file's values. */
static void sec_overrides(out *o)
{
    const folder *f = o->f;
    if (!f->has_ovr || f->ovr.nrows == 0)
        return;
    const int ck = sf_report_csv_col(&f->ovr, "key"), cf = sf_report_csv_col(&f->ovr, "scenario_value"),
              cv = sf_report_csv_col(&f->ovr, "value");
    sf_report_put(o, "<h3>");
    sf_report_esc(o, T(I18N_OVERRIDES));
    sf_report_put(o, "</h3>\n");
    sf_report_note(o, T(I18N_OVR_NOTE));
    sf_report_put(o, "<table id=\"overrides-table\" class=\"kv\"><thead><tr><th scope=\"col\">");
    sf_report_esc(o, T(I18N_PARAMETER));
    sf_report_put(o, "</th><th scope=\"col\">");
    sf_report_esc(o, T(I18N_OVR_FILE));
    sf_report_put(o, "</th><th scope=\"col\">");
    sf_report_esc(o, T(I18N_OVR_RUN));
    sf_report_put(o, "</th></tr></thead><tbody>\n");
    for (size_t r = 0; r < f->ovr.nrows; r++) {
        const char *key = sf_report_csv_cell(&f->ovr, r, ck), *was = sf_report_csv_cell(&f->ovr, r, cf);
        char label[256], v0[1024], v1[1024];
        sf_report_param_text(o, key, was, label, sizeof label, v0, sizeof v0);
        sf_report_param_text(o, key, sf_report_csv_cell(&f->ovr, r, cv), NULL, 0, v1, sizeof v1);
        /* the key as --set writes it: a tooltip, as in the parameter table */
        sf_report_put(o, "<tr data-key=\"");
        sf_report_esc(o, key);
        sf_report_put(o, "\"><td class=\"txt\" title=\"");
        sf_report_esc(o, key);
        sf_report_put(o, "\">");
        sf_report_esc(o, label);
        sf_report_put(o, "</td><td class=\"txt\">");
        sf_report_esc(o, *was ? v0 : "—");
        sf_report_put(o, "</td><td class=\"txt\">");
        sf_report_esc(o, v1);
        sf_report_put(o, "</td></tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n");
}

static void sec_assume(out *o)
{
    const folder *f = o->f;
    sf_report_section_open(o, "assumptions", T(I18N_SEC_ASSUME), NULL);
    sf_report_note(o, T(I18N_ASSUME_NOTE));
    sf_report_put(o, "<h3>");
    sf_report_esc(o, T(I18N_RUN));
    sf_report_put(o, "</h3><table id=\"run-table\" class=\"kv\"><tbody>\n");
    char s[1024], lb[128];
    if (f->has_par) {
        int cs = sf_report_csv_col(&f->par, "section"), ck = sf_report_csv_col(&f->par, "key"), cv = sf_report_csv_col(&f->par, "value");
        for (size_t r = 0; r < f->par.nrows; r++) {
            if (strcmp(sf_report_csv_cell(&f->par, r, cs), "run") != 0)
                continue;
            const char *k = sf_report_csv_cell(&f->par, r, ck);
            const char *label = sf_i18n_run_field(o->L, k, lb, sizeof lb);
            run_value(o, k, sf_report_csv_cell(&f->par, r, cv), s, sizeof s);
            sf_report_put(o, "<tr data-key=\"");
            sf_report_esc(o, k);
            sf_report_put(o, "\"><th scope=\"row\">");
            sf_report_esc(o, label ? label : k);
            sf_report_put(o, "</th><td class=\"txt\">");
            sf_report_esc(o, *s ? s : "—");
            sf_report_put(o, "</td></tr>\n");
        }
    }
    sf_report_put(o, "</tbody></table>\n");
    const char *sc = sf_report_param(f, "run", "scenario"), *seed = sf_report_param(f, "run", "seed"), *paths = sf_report_param(f, "run", "paths");
    if (seed && paths) {
        char cwd[PATH_MAX_LEN], rel[PATH_MAX_LEN];
        work_dir(cwd, sizeof cwd);
        sf_report_put(o, "<p class=\"repro\">");
        sf_report_esc(o, T(I18N_REPRODUCE));
        sf_report_put(o, o->L == I18N_ZH ? "：" : ": ");
        sf_report_put(o, "<code class=\"cmd\">smefin run ");
        if (sc && *sc) {
            relative_path(sc, cwd, rel, sizeof rel);
            sf_report_esc(o, rel);
            sf_report_put(o, " ");
        }
        sf_report_put(o, "--seed ");
        sf_report_esc(o, seed);
        sf_report_put(o, " --paths ");
        sf_report_esc(o, paths);
        repro_overrides(o);
        sf_report_put(o, "</code></p>\n");
    }
    sec_overrides(o);
    if (f->has_par) {
        char scen_dir[PATH_MAX_LEN];
        dir_of(sc, scen_dir, sizeof scen_dir);
        int cs = sf_report_csv_col(&f->par, "section"), ck = sf_report_csv_col(&f->par, "key"), cv = sf_report_csv_col(&f->par, "value");
        sf_report_put(o, "<table id=\"parameters-table\" class=\"kv params\"><thead><tr><th scope=\"col\">");
        sf_report_esc(o, T(I18N_PARAMETER));
        sf_report_put(o, "</th><th scope=\"col\">");
        sf_report_esc(o, T(I18N_VALUE));
        sf_report_put(o, "</th></tr></thead><tbody>\n");
        const char *cur = NULL;
        for (size_t r = 0; r < f->par.nrows; r++) {
            const char *sec = sf_report_csv_cell(&f->par, r, cs);
            if (strcmp(sec, "run") == 0)
                continue;
            if (!cur || strcmp(cur, sec) != 0) {
                const char *t = sf_i18n_ini_section(o->L, sec);
                sf_report_put(o, "<tr class=\"group\" data-section=\"");
                sf_report_esc(o, sec);
                sf_report_put(o, "\"><th colspan=\"2\" scope=\"rowgroup\">");
                sf_report_esc(o, t ? t : sec);
                sf_report_put(o, "</th></tr>\n");
                cur = sec;
            }
            const char *k = sf_report_csv_cell(&f->par, r, ck);
            char kind;
            const char *label = sf_i18n_param(o->L, sec, k, &kind);
            param_value(o, sec, k, sf_report_csv_cell(&f->par, r, cv), kind, scen_dir, s, sizeof s);
            /* the key as the .ini and --set write it, for whoever wants to change it: a tooltip */
            sf_report_put(o, "<tr data-key=\"");
            sf_report_esc(o, sec);
            sf_report_put(o, ".");
            sf_report_esc(o, k);
            sf_report_put(o, "\"><td class=\"txt\" title=\"");
            sf_report_esc(o, sec);
            sf_report_put(o, ".");
            sf_report_esc(o, k);
            sf_report_put(o, "\">");
            sf_report_esc(o, label ? label : k);
            sf_report_put(o, "</td><td class=\"txt\">");
            sf_report_esc(o, s);
            sf_report_put(o, "</td></tr>\n");
        }
        sf_report_put(o, "</tbody></table>\n");
    }
    /* figures.csv keys not shown elsewhere */
    if (f->has_fig) {
        int open = 0;
        for (size_t r = 0; r < f->fig.nrows; r++) {
            if (f->fig_used[r])
                continue;
            if (!open)
                sf_report_facts_open(o);
            open = 1;
            figure_fact(o, f->fig_key[r], f->fig_val[r]);
        }
        if (open)
            sf_report_facts_close(o);
    }
    sf_report_put(o, "</section>\n");
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
    ".lede{font-size:15.5px;line-height:1.6;margin:4px 0 6px;max-width:86ch}",
    ".lede .fig{font-weight:650;white-space:nowrap}.lede .pm{font-weight:400;color:var(--muted)}",
    /* a word or a number never breaks: Chinese headers (超支概率) break between words only, at
     * their punctuation, and figures not at all */
    "th,td,figcaption,.card,.lede,dt,dd{word-break:keep-all;overflow-wrap:normal;hyphens:none;line-break:strict}",
    "td{white-space:nowrap}td.txt{white-space:normal}",
    "figure{margin:12px 0 10px;break-inside:avoid;page-break-inside:avoid}",
    "figcaption{font-weight:600;font-size:13.5px;margin:0 0 4px}",
    "svg.chart{display:block;width:100%;height:auto;max-width:760px}",
    "svg.chart text{fill:#2f3742;font-family:inherit}svg.chart .axis-title{fill:#5b6472}",
    "dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:6px 18px;margin:8px 0}",
    "dl.facts div{border-bottom:1px dotted var(--rule);padding:3px 0}",
    "dl.facts dt{font-size:12px;color:var(--muted)}dl.facts dd{margin:0;font-weight:600}",
    ".flag-ok{color:#2a7a4a}.flag-bad{color:#b3262f;font-weight:600}",
    "aside.warn{border:1px solid #e2b4b7;border-left:4px solid #b3262f;background:#fdf3f3;padding:8px 14px;",
    "margin:14px 0;break-inside:avoid;page-break-inside:avoid}aside.warn .warn-title{font-weight:700;",
    "color:#b3262f;margin:2px 0 4px}aside.warn p,aside.warn ul{margin:4px 0}",
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
    sf_chart_buf_printf(h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", sf_i18n_lang_tag(o->L));
    sf_chart_buf_append(h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    sf_chart_buf_append(h, "<meta name=\"generator\" content=\"smefin\">\n<title>");
    const char *name = sf_report_param(f, "run", "name");
    if (!name)
        name = sf_report_param(f, "simulation", "name");
    sf_chart_buf_escape(h, sf_i18n_text(o->L, I18N_TITLE));
    if (name) {
        sf_chart_buf_append(h, " — ");
        sf_chart_buf_escape(h, name);
    }
    sf_chart_buf_append(h, "</title>\n<style>");
    for (size_t i = 0; i < sizeof css / sizeof css[0]; i++)
        sf_chart_buf_append(h, css[i]);
    sf_chart_buf_append(h, "</style>\n</head>\n<body>\n<main>\n<header class=\"top\">\n<h1>");
    sf_chart_buf_escape(h, sf_i18n_text(o->L, I18N_TITLE));
    sf_chart_buf_append(h, "</h1>\n<p class=\"subtitle\">");
    sf_chart_buf_escape(h, sf_i18n_text(o->L, I18N_SUBTITLE));
    sf_chart_buf_append(h, "</p>\n<p class=\"meta\">");
    if (name) {
        sf_chart_buf_escape(h, sf_i18n_text(o->L, I18N_SCENARIO));
        sf_chart_buf_append(h, o->L == I18N_ZH ? "：" : ": ");
        sf_chart_buf_append(h, "<strong>");
        sf_chart_buf_escape(h, name);
        sf_chart_buf_append(h, "</strong> · ");
    }
    char span[64];
    years_span(f, span, sizeof span);
    sf_chart_buf_escape(h, span);
    const char *paths = sf_report_param(f, "run", "paths"), *seed = sf_report_param(f, "run", "seed"), *ver = sf_report_param(f, "run", "version");
    if (paths && isfinite(sf_report_num(paths))) {
        char s[64];
        sf_chart_format_number(sf_report_num(paths), 0, s, sizeof s);
        sf_chart_buf_append(h, " · ");
        sf_chart_buf_escape(h, s);
        sf_chart_buf_append(h, o->L == I18N_ZH ? "" : " ");
        sf_chart_buf_escape(h, sf_i18n_text(o->L, I18N_PATHS));
    }
    if (seed) {
        sf_chart_buf_append(h, " · ");
        sf_chart_buf_escape(h, sf_i18n_text(o->L, I18N_SEED));
        sf_chart_buf_append(h, " ");
        sf_chart_buf_escape(h, seed);
    }
    if (ver) {
        sf_chart_buf_append(h, " · smefin ");
        sf_chart_buf_escape(h, ver);
    }
    sf_chart_buf_append(h, "</p>\n</header>\n");
}

static void page_toc(out *o, chart_buf *h)
{
    sf_chart_buf_append(h, "<nav class=\"toc\"><h2>");
    sf_chart_buf_escape(h, sf_i18n_text(o->L, I18N_CONTENTS));
    sf_chart_buf_append(h, "</h2><ol>");
    for (int i = 0; i < o->ntoc; i++) {
        sf_chart_buf_printf(h, "<li><a href=\"#%s\">", o->toc[i][0]);
        sf_chart_buf_escape(h, o->toc[i][1]);
        sf_chart_buf_append(h, "</a></li>");
    }
    sf_chart_buf_append(h, "</ol></nav>\n");
}

static int write_file(const char *dir, const char *name, const chart_buf *a, const chart_buf *b, const chart_buf *c,
                      sf_err *err)
{
    char path[PATH_MAX_LEN], tmp[PATH_MAX_LEN];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(tmp, sizeof tmp, "%s/.report.html.XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return sf_err_set(err, SF_EIO, "%s: cannot create a temporary file: %s", dir, strerror(errno));
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        unlink(tmp);
        return sf_err_set(err, SF_EWRITE, "%s: %s", tmp, strerror(errno));
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
        return sf_err_set(err, SF_EWRITE, "%s: cannot write: %s", path, strerror(e));
    }
    return SF_OK;
}

/* The language of the run (parameters.csv run,lang; English when the folder does not say). */
static i18n_lang run_lang(const folder *f)
{
    i18n_lang L = I18N_EN;
    const char *l = sf_report_param(f, "run", "lang");
    if (l && sf_i18n_lang_parse(l, &L) != 0)
        L = I18N_EN;
    return L;
}

static void file_name(i18n_lang run, i18n_lang L, char *s, size_t n)
{
    if (L == run)
        snprintf(s, n, "report.html");
    else
        snprintf(s, n, "report.%s.html", L == I18N_ZH ? "zh" : "en");
}

static int write_one(folder *f, i18n_lang L, char *name, size_t nn, sf_err *err);

static int report_write(const char *results_dir, const char *lang, int both, char *name, size_t nn, sf_err *err)
{
    i18n_lang L = I18N_EN;
    if (lang && sf_i18n_lang_parse(lang, &L) != 0)
        return sf_err_set(err, SF_EINVAL, "--lang: '%s' is not a language of the report (en or zh)", SF_V(lang));
    if (!results_dir || !*results_dir)
        return sf_err_set(err, SF_EINVAL, "report: no results folder given");
    folder f;
    memset(&f, 0, sizeof f);
    f.dir = results_dir;
    f.lang = L;
    int rc = folder_load(&f, err);
    if (rc == SF_OK)
        rc = write_one(&f, L, name, nn, err);
    if (rc == SF_OK && both) {
        char other[32];
        rc = write_one(&f, L == I18N_ZH ? I18N_EN : I18N_ZH, other, sizeof other, err);
    }
    folder_free(&f);
    return rc;
}

int sf_report_write(const char *results_dir, const char *lang, sf_err *err)
{
    char name[32];
    return report_write(results_dir, lang, 0, name, sizeof name, err);
}

int sf_report_write_named(const char *results_dir, const char *lang, char *name, size_t n, sf_err *err)
{
    char b[32];
    return report_write(results_dir, lang, 0, name && n ? name : b, name && n ? n : sizeof b, err);
}

int sf_report_write_both(const char *results_dir, const char *lang, sf_err *err)
{
    char name[32];
    return report_write(results_dir, lang, 1, name, sizeof name, err);
}

/* One language's page of a loaded folder, into its file (name receives it). */
static int write_one(folder *fo, i18n_lang L, char *name, size_t nn, sf_err *err)
{
    folder *fp = fo;
    folder f = *fp; /* the figures' shown marks are per page */
    f.lang = L;
    if (f.nfig && !(f.fig_used = calloc(f.nfig + 1, 1)))
        return sf_err_set(err, SF_ENOMEM, "out of memory");
    const char *results_dir = f.dir;
    int rc;
    file_name(run_lang(&f), L, name, nn);
    out o;
    memset(&o, 0, sizeof o);
    o.f = &f;
    o.L = L;
    sf_chart_buf_init(&o.b);
    chart_buf head, tail;
    sf_chart_buf_init(&head);
    sf_chart_buf_init(&tail);

    inherited_warning(&o);
    key_figures(&o);
    sec_headline(&o);
    sec_fan(&o);
    sec_lines(&o);
    sec_dist(&o);
    if (sf_report_has_series(&f, "budget.obligations_end"))
        sf_report_sec_obligations(&o);
    sec_mechanisms(&o);
    sec_eval(&o);
    if (f.has_sub)
        sf_report_sec_subsidy(&o);
    if (f.has_contrib)
        sf_report_sec_contributions(&o);
    if (f.has_sens)
        sf_report_sec_sens(&o);
    if (f.has_cmp)
        sec_compare(&o);
    if (f.has_stress)
        sf_report_sec_stress(&o);
    if (f.has_reest)
        sf_report_sec_reestimate(&o);
    sec_assume(&o);

    page_head(&o, &head);
    page_toc(&o, &head);
    sf_chart_buf_append(&tail, "<footer><p>");
    sf_chart_buf_escape(&tail, sf_i18n_text(L, I18N_FOOTER));
    sf_chart_buf_append(&tail, "</p></footer>\n</main>\n</body>\n</html>\n");
    if (o.b.failed || head.failed || tail.failed)
        rc = sf_err_set(err, SF_ENOMEM, "%s/%s: out of memory", results_dir, name);
    else
        rc = write_file(results_dir, name, &head, &o.b, &tail, err);
    sf_chart_buf_free(&o.b);
    sf_chart_buf_free(&head);
    sf_chart_buf_free(&tail);
    if (f.nfig)
        free(f.fig_used);
    return rc;
}
