/*
 * reestimate_report.c — the report's section "Actual against forecast" from reestimate.csv
 * (`smefin reestimate`, cli/reestimate.c): a chart of the total budget's forecast band with the
 * actuals and the conditional re-forecast of the remaining years; the table of the actuals
 * (percentile, the P5–P95 flag, the technical re-estimate) and of the conditional re-forecast.
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct cols {
    int kind, series, year, actual, mean, p05, p95, pct, flag, reest, cmean, cp95, ess;
} cols;

static double cell(const csvtab *t, size_t r, int c)
{
    return c < 0 ? NAN : sf_report_num(sf_report_csv_cell(t, r, c));
}

static void th(out *o, const char *s)
{
    sf_report_put(o, "<th scope=\"col\">");
    sf_report_esc(o, s);
    sf_report_put(o, "</th>");
}

static void td(out *o, const char *s)
{
    sf_report_put(o, "<td>");
    sf_report_esc(o, s);
    sf_report_put(o, "</td>");
}

static const char *series_label(out *o, const char *s)
{
    if (strcmp(s, "budget lines given") == 0)
        return T(I18N_REEST_LINES);
    return sf_report_series_name(o, s);
}

static const char *year_text(out *o, const char *y)
{
    if (strcmp(y, "total") == 0)
        return T(I18N_TOTAL);
    if (strcmp(y, "remaining") == 0)
        return T(I18N_REEST_REMAINING);
    return y;
}

static void chart_total(out *o, const csvtab *t, const cols *k)
{
    const folder *f = o->f;
    i18n_unit u = sf_i18n_unit_pick(o->L, sf_report_max_abs_years(f, "budget.total", ST_P99));
    const double sc = sf_i18n_unit_scale(u);
    double act[MAX_YEARS], cm[MAX_YEARS], cp[MAX_YEARS], lo[MAX_YEARS], hi[MAX_YEARS], v[MAX_YEARS];
    int nact = 0, ncond = 0;
    for (int i = 0; i < f->ny; i++)
        act[i] = cm[i] = cp[i] = NAN;
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(sf_report_csv_cell(t, r, k->series), "budget.total") != 0)
            continue;
        const int y = sf_report_year_code(sf_report_csv_cell(t, r, k->year));
        const char *kind = sf_report_csv_cell(t, r, k->kind);
        for (int i = 0; i < f->ny; i++) {
            if (f->years[i] != y)
                continue;
            if (strcmp(kind, "actual") == 0 && isfinite(cell(t, r, k->actual))) {
                act[i] = cell(t, r, k->actual) / sc;
                nact++;
            } else if (strcmp(kind, "reforecast") == 0) {
                cm[i] = cell(t, r, k->cmean) / sc;
                cp[i] = cell(t, r, k->cp95) / sc;
                ncond++;
            }
        }
    }
    if (nact == 0 && ncond == 0)
        return;
    chart *c = sf_report_year_chart(o);
    if (!c) {
        o->b.failed = 1;
        return;
    }
    sf_chart_set_titles(c, NULL, sf_i18n_unit_name(o->L, u));
    sf_chart_set_name(c, T(I18N_REEST_CHART));
    sf_report_per_year(f, "budget.total", ST_P05, sc, lo);
    sf_report_per_year(f, "budget.total", ST_P95, sc, hi);
    sf_chart_band(c, lo, hi, CHART_BLUE, 0.18, T(I18N_BAND_5_95));
    sf_report_per_year(f, "budget.total", ST_MEAN, sc, v);
    sf_chart_line(c, v, CHART_NAVY, CHART_SOLID, 0, T(I18N_REEST_FORECAST));
    if (ncond) {
        sf_chart_line(c, cm, CHART_ORANGE, CHART_DASHED, 1, T(I18N_REEST_COND_MEAN));
        sf_chart_line(c, cp, CHART_RED, CHART_DOTTED, 1, T(I18N_REEST_COND_P95));
    }
    if (nact)
        sf_chart_points(c, act, NULL, CHART_GREEN, T(I18N_REEST_ACTUAL));
    sf_chart_y_include(c, 0);
    char cap[256];
    snprintf(cap, sizeof cap, "%s · %s", T(I18N_REEST_CHART), sf_i18n_unit_name(o->L, u));
    sf_report_figure_open(o, cap);
    sf_report_figure_chart(o, c);
}

void sf_report_sec_reestimate(out *o)
{
    const folder *f = o->f;
    const csvtab *t = &f->reest;
    cols k = {sf_report_csv_col(t, "kind"),          sf_report_csv_col(t, "series"),
              sf_report_csv_col(t, "year"),          sf_report_csv_col(t, "actual"),
              sf_report_csv_col(t, "forecast_mean"), sf_report_csv_col(t, "forecast_p05"),
              sf_report_csv_col(t, "forecast_p95"),  sf_report_csv_col(t, "percentile"),
              sf_report_csv_col(t, "flag"),          sf_report_csv_col(t, "reestimate"),
              sf_report_csv_col(t, "conditional_mean"), sf_report_csv_col(t, "conditional_p95"),
              sf_report_csv_col(t, "effective_paths")};
    sf_report_section_open(o, "reestimate", T(I18N_SEC_REEST), "53");
    if (k.kind < 0 || k.series < 0 || k.year < 0 || k.actual < 0 || k.mean < 0) {
        sf_report_put(o, "</section>\n");
        return;
    }
    sf_report_note(o, T(I18N_REEST_NOTE));
    chart_total(o, t, &k);
    /* the actuals and the lines' total */
    double m = 0;
    for (size_t r = 0; r < t->nrows; r++)
        m = fmax(m, fmax(fabs(cell(t, r, k.actual)), fabs(cell(t, r, k.p95))));
    const i18n_unit tu = sf_i18n_unit_pick(o->L, isfinite(m) ? m : 0);
    sf_report_put(o, "<table id=\"reestimate-table\"><thead><tr>");
    const char *heads[] = {T(I18N_SERIES), T(I18N_YEAR), T(I18N_REEST_ACTUAL), T(I18N_REEST_FORECAST),
                           T(I18N_REEST_RANGE), T(I18N_REEST_PCT), T(I18N_REEST_FLAG), T(I18N_REEST_DIFF)};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        th(o, heads[i]);
    sf_report_put(o, "</tr></thead><tbody>\n");
    for (size_t r = 0; r < t->nrows; r++) {
        const char *kind = sf_report_csv_cell(t, r, k.kind);
        const int is_actual = strcmp(kind, "actual") == 0;
        if (!is_actual && strcmp(kind, "lines_total") != 0)
            continue;
        const char *series = sf_report_csv_cell(t, r, k.series);
        const char *unit = sf_report_series_unit(f, series);
        if (!*unit)
            unit = "CNY";
        char a[96], mean[96], lo[96], hi[96], range[200], pct[32], d[96];
        sf_report_fmt_value(unit, cell(t, r, k.actual), tu, a, sizeof a);
        sf_report_fmt_value(unit, cell(t, r, k.mean), tu, mean, sizeof mean);
        sf_report_fmt_value(unit, cell(t, r, k.reest), tu, d, sizeof d);
        range[0] = pct[0] = '\0';
        const char *flag = "", *cls = "";
        if (is_actual) {
            sf_report_fmt_value(unit, cell(t, r, k.p05), tu, lo, sizeof lo);
            sf_report_fmt_value(unit, cell(t, r, k.p95), tu, hi, sizeof hi);
            snprintf(range, sizeof range, "%s – %s", lo, hi);
            const double p = cell(t, r, k.pct);
            if (isfinite(p))
                snprintf(pct, sizeof pct, "P%.1f", p);
            const char *fl = sf_report_csv_cell(t, r, k.flag);
            flag = strcmp(fl, "below_p05") == 0   ? T(I18N_REEST_BELOW)
                   : strcmp(fl, "above_p95") == 0 ? T(I18N_REEST_ABOVE)
                                                  : T(I18N_REEST_INSIDE);
            cls = strcmp(fl, "inside") == 0 ? "" : "flag-bad";
        }
        sf_report_put(o, "<tr><th scope=\"row\" class=\"txt\">");
        sf_report_esc(o, series_label(o, series));
        sf_report_put(o, "</th>");
        td(o, year_text(o, sf_report_csv_cell(t, r, k.year)));
        td(o, a);
        td(o, mean);
        td(o, range);
        td(o, pct);
        sf_chart_buf_printf(&o->b, "<td class=\"%s\">", cls);
        sf_report_esc(o, flag);
        sf_report_put(o, "</td>");
        td(o, d);
        sf_report_put(o, "</tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n");
    char un[128];
    snprintf(un, sizeof un, "%s: %s", T(I18N_UNIT), sf_i18n_unit_name(o->L, tu));
    sf_report_note(o, un);
    /* the conditional re-forecast of budget.total */
    int any = 0;
    double ess = NAN;
    for (size_t r = 0; r < t->nrows; r++)
        if (strcmp(sf_report_csv_cell(t, r, k.kind), "reforecast") == 0 &&
            strcmp(sf_report_csv_cell(t, r, k.series), "budget.total") == 0) {
            any = 1;
            ess = cell(t, r, k.ess);
        }
    if (any && k.cmean >= 0 && k.cp95 >= 0) {
        sf_report_put(o, "<table id=\"reforecast-table\"><thead><tr>");
        const char *h2[] = {T(I18N_SERIES), T(I18N_YEAR), T(I18N_REEST_FORECAST), T(I18N_REEST_COND_MEAN),
                            T(I18N_P95), T(I18N_REEST_COND_P95)};
        for (size_t i = 0; i < sizeof h2 / sizeof h2[0]; i++)
            th(o, h2[i]);
        sf_report_put(o, "</tr></thead><tbody>\n");
        for (size_t r = 0; r < t->nrows; r++) {
            if (strcmp(sf_report_csv_cell(t, r, k.kind), "reforecast") != 0 ||
                strcmp(sf_report_csv_cell(t, r, k.series), "budget.total") != 0)
                continue;
            char b[4][96];
            const int c4[4] = {k.mean, k.cmean, k.p95, k.cp95};
            for (int i = 0; i < 4; i++)
                sf_report_fmt_value("CNY", cell(t, r, c4[i]), tu, b[i], sizeof b[i]);
            sf_report_put(o, "<tr><th scope=\"row\" class=\"txt\">");
            sf_report_esc(o, sf_report_series_name(o, "budget.total"));
            sf_report_put(o, "</th>");
            td(o, year_text(o, sf_report_csv_cell(t, r, k.year)));
            for (int i = 0; i < 4; i++)
                td(o, b[i]);
            sf_report_put(o, "</tr>\n");
        }
        sf_report_put(o, "</tbody></table>\n");
        sf_report_facts_open(o);
        char e[64];
        if (isfinite(ess))
            snprintf(e, sizeof e, "%.1f", ess);
        else
            snprintf(e, sizeof e, "%s", T(I18N_NOT_AVAILABLE));
        sf_report_fact(o, T(I18N_REEST_ESS), e, NULL);
        sf_report_facts_close(o);
        sf_report_note(o, T(I18N_REEST_COND_NOTE));
    }
    sf_report_put(o, "</section>\n");
}
