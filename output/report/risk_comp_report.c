/*
 * risk_comp_report.c — the report's section of the loan risk compensation (Art. 55): the pool's
 * balance, what it paid and its shortfall. The table of every series of the mechanism and its
 * other figures follow it (report.c).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void draw(out *o)
{
    const folder *f = o->f;
    double m = fmax(sf_report_max_abs_years(f, "risk_comp.pool_balance", ST_P95),
                    sf_report_max_abs_years(f, "risk_comp.paid", ST_MEAN));
    i18n_unit u;
    chart *c = sf_report_money_chart(o, m, &u);
    if (!c)
        return;
    double sc = sf_i18n_unit_scale(u), v[MAX_YEARS];
    sf_chart_set_name(c, T(I18N_RC_CHART));
    if (sf_report_has_series(f, "risk_comp.paid")) {
        sf_report_per_year(f, "risk_comp.paid", ST_MEAN, sc, v);
        char lab[256];
        snprintf(lab, sizeof lab, "%s · %s", sf_report_series_name(o, "risk_comp.paid"), T(I18N_MEAN));
        sf_chart_bars(c, v, CHART_ORANGE, lab);
    }
    if (sf_report_has_series(f, "risk_comp.pool_balance"))
        sf_report_band_and_mean(o, c, "risk_comp.pool_balance", sc, CHART_BLUE);
    if (sf_report_has_series(f, "risk_comp.shortfall"))
        sf_report_mean_line(o, c, "risk_comp.shortfall", sc, CHART_RED, CHART_DASHED, ST_MEAN);
    sf_chart_y_include(c, 0);
    sf_report_figure_open(o, T(I18N_RC_CHART));
    sf_report_figure_chart(o, c);
}

static const report_line_colour colours[] = {
    {"risk_comp.paid", CHART_BLUE},
    {"risk_comp.recovered", CHART_CYAN},
    {NULL, 0},
};

const report_mechanism sf_risk_comp_report = {.draw = draw, .colours = colours};
