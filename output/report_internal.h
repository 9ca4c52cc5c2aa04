/*
 * report_internal.h — what the parts of report.html share (private to output/): the results
 * folder as read (summary.csv, series.csv and the optional files), the page being written, and
 * the helpers every section uses. The page is assembled by output/report.c; each mechanism's
 * section is output/report/<name>_report.c (found through model/mechanisms.def), the
 * portfolio's output/report/portfolio_report.c.
 */
#ifndef SF_REPORT_INTERNAL_H
#define SF_REPORT_INTERNAL_H

#include "chart.h"
#include "csv_table.h"
#include "i18n.h"
#include "series_table.h"

#include <stddef.h>

#define MAX_YEARS 200
#define MAX_SERIES 512
#define PATH_MAX_LEN 4096

/* A results file: csv_table's rows without the blank ones (a lone empty field), the first of them
 * the header; a data row narrower than the header reads as blank cells. */
typedef struct csvtab {
    csv_table *t;
    size_t head;  /* table row of the header */
    size_t *row;  /* table row of each data row */
    size_t nrows; /* data rows */
    size_t ncols;
} csvtab;

enum {
    ST_MEAN,
    ST_SD,
    ST_SE,
    ST_P05,
    ST_P25,
    ST_P50,
    ST_P75,
    ST_P90,
    ST_P95,
    ST_P99,
    ST_P999,
    ST_CVAR95,
    ST_CVAR99,
    NST
};

#define Y_TOTAL (-1)
#define Y_PV (-2)

typedef struct folder {
    const char *dir;
    i18n_lang lang;
    csvtab sum, ser, par, fig, eval, hist, sens, cmp, stress, ovr;
    int has_ser, has_eval, has_hist, has_sens, has_cmp, has_stress, has_par, has_fig, has_ovr;
    csvtab reest; /* reestimate.csv (smefin reestimate) */
    int has_reest;
    csvtab sub; /* subsidy.csv */
    int has_sub;
    csvtab contrib; /* contributions.csv */
    int has_contrib;
    int c_series, c_unit, c_year, c_stat[NST];
    int years[MAX_YEARS];
    int ny;
    const char *series[MAX_SERIES];  /* distinct series in file order */
    const char *unit[MAX_SERIES];    /* from series.csv (summary.csv's when the folder has none) */
    sf_series_info info[MAX_SERIES]; /* kind, mechanism, Article and labels of each */
    int nseries;
    char **fig_key;  /* figures.csv as key (figure.year when the file has a year column) */
    double *fig_val; /* and value (NaN when blank) */
    size_t nfig;
    char *fig_used; /* per figures row: shown already */
} folder;

typedef struct out {
    chart_buf b;
    const folder *f;
    i18n_lang L;
    char toc[24][2][160]; /* id, title */
    int ntoc;
} out;

#define T(id) sf_i18n_text(o->L, (id))

extern const char *const sf_report_stat_names[NST];

/* One mechanism's part of the report: its charts and facts (draw, may be NULL: the section then
 * has the table of its series alone) and the colours of its budget lines' bars
 * ({NULL, 0}-terminated; a line without one takes a colour of the palette). Each is
 * <name>_report in output/report/<name>_report.c. */
typedef struct report_line_colour {
    const char *series;
    int colour;
} report_line_colour;
typedef struct report_mechanism {
    void (*draw)(out *o);
    const report_line_colour *colours;
} report_mechanism;

#define SF_MECHANISM(name, NAME, section, prefix, articles, stream)                                          \
    extern const report_mechanism sf_##name##_report;
#include "mechanisms.def"
#undef SF_MECHANISM

/* The portfolio's section (output/report/portfolio_report.c). */
void sf_report_portfolio(out *o);
/* What the plan leaves to the next one (output/report/obligations_report.c): the obligations at the
 * end of the horizon per mechanism and in total, and the assets left beside them. */
void sf_report_sec_obligations(out *o);
/* The sections of sensitivity.csv and stress.csv (output/report/waiting_report.c). */
void sf_report_sec_sens(out *o);
void sf_report_sec_stress(out *o);
/* The section of reestimate.csv, "Actual against forecast" (output/report/reestimate_report.c). */
void sf_report_sec_reestimate(out *o);
/* The section of subsidy.csv (output/report/subsidy_report.c). */
void sf_report_sec_subsidy(out *o);
/* The section of contributions.csv, "Who carries the risk" (output/report/contributions_report.c). */
void sf_report_sec_contributions(out *o);

/* ---- reading the folder */
/* A statistic (ST_*) of (series, year), year calendar, Y_TOTAL or Y_PV; NaN when absent. */
double sf_report_stat(const folder *f, const char *series, int year, int st);
int sf_report_has_series(const folder *f, const char *series);
/* The unit of a series as series.csv gives it ("" when unknown). */
const char *sf_report_series_unit(const folder *f, const char *series);
/* parameters.csv: the value of section.key, or NULL. */
const char *sf_report_param(const folder *f, const char *section, const char *key);
/* figures.csv: the value of key (marked as shown), NaN when absent. */
double sf_report_figure(const folder *f, const char *key);
/* A table's column by header name (-1 when absent) and a cell ("" outside the table). */
int sf_report_csv_col(const csvtab *t, const char *name);
const char *sf_report_csv_cell(const csvtab *t, size_t r, int c);
/* A number cell; NaN when blank or not a number. */
double sf_report_num(const char *s);
/* "total" → Y_TOTAL, "pv" → Y_PV, a calendar year, else -1000. */
int sf_report_year_code(const char *s);
/* Per-year values of a statistic, scaled by `scale` (NaN kept); the largest |value| over years. */
void sf_report_per_year(const folder *f, const char *series, int st, double scale, double *v);
double sf_report_max_abs_years(const folder *f, const char *series, int st);

/* ---- formatting */
void sf_report_fmt_money(double v, i18n_unit u, char *s, size_t n);
void sf_report_fmt_pct(double v, int dec, char *s, size_t n);
/* A value of a summary series in the given money unit, by the series' unit. */
void sf_report_fmt_value(const char *unit, double v, i18n_unit mu, char *s, size_t n);
/* The unit as shown ("CNY million", "%", ...) and a series' label in the page's language. */
const char *sf_report_unit_label(const out *o, const char *unit, i18n_unit mu);
const char *sf_report_series_unit_label(const out *o, const char *series, const char *unit, i18n_unit mu);
const char *sf_report_series_name(const out *o, const char *series);
void sf_report_year_label(int y, char *s, size_t n);
/* A parameter named "section.key" (as --set and sensitivity.csv write it): its label in the
 * page's language (the name itself when it has none) and `value` in display units with its unit
 * (money in CNY million or 亿元/万元, shares in percent, ...); `val` may be NULL. */
void sf_report_param_text(const out *o, const char *dotted, const char *value, char *label, size_t ln, char *val,
                          size_t vn);

/* ---- writing the page */
void sf_report_put(out *o, const char *s);
void sf_report_esc(out *o, const char *s); /* HTML-escaped */
/* A numbered <section> with its table-of-contents entry and the Article it answers to. */
void sf_report_section_open(out *o, const char *id, const char *title, const char *article);
void sf_report_note(out *o, const char *text);
/* 1 when a ratio over the guaranteed book (guarantee.small_micro_share, claim_rate, loss_rate) is
 * undefined in calendar year `year`: no path has a book then (guarantee.has_book's mean is 0). */
int sf_report_no_book(const folder *f, const char *name, int year);
/* A list of facts (label: value), optionally with a class on the value. */
void sf_report_facts_open(out *o);
void sf_report_fact(out *o, const char *label, const char *value, const char *cls);
void sf_report_facts_close(out *o);
/* <figure> with a caption, then the chart rendered and freed (a NULL chart marks the page failed). */
void sf_report_figure_open(out *o, const char *caption);
int sf_report_figure_chart(out *o, chart *c);
/* Charts over the folder's years: plain, in money (the unit picked for maxabs) or in percent. */
chart *sf_report_year_chart(const out *o);
chart *sf_report_money_chart(out *o, double maxabs, i18n_unit *u);
chart *sf_report_percent_chart(out *o, const char *name);
/* A series' P5–P95 band and mean line; one statistic of it as a line. */
void sf_report_band_and_mean(out *o, chart *c, const char *series, double sc, int colour);
void sf_report_mean_line(out *o, chart *c, const char *series, double sc, int colour, int style, int st);

#endif
