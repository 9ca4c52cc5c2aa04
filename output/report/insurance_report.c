/*
 * insurance_report.c — the report's section of the insurance (Art. 64): the insurer's loss ratio
 * against the stop-loss attachment. The table of every series of the mechanism and its other
 * figures follow it (report.c).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void draw(out *o)
{
    const folder *f = o->f;
    if (!sf_report_has_series(f, "insurance.loss_ratio"))
        return;
    chart *c = sf_report_percent_chart(o, T(I18N_IN_CHART));
    if (!c)
        return;
    sf_report_band_and_mean(o, c, "insurance.loss_ratio", 1, CHART_BLUE);
    sf_report_mean_line(o, c, "insurance.loss_ratio", 1, CHART_NAVY, CHART_DOTTED, ST_P99);
    const char *a = sf_report_param(f, "insurance", "stoploss_attach");
    if (a && isfinite(sf_report_num(a))) {
        char s[64], t[256];
        sf_report_fmt_pct(sf_report_num(a), 0, s, sizeof s);
        snprintf(t, sizeof t, "%s (%s)", T(I18N_IN_ATTACH), s);
        sf_chart_hline(c, sf_report_num(a), CHART_RED, CHART_DASHED, t);
    }
    sf_chart_y_include(c, 0);
    sf_report_figure_open(o, T(I18N_IN_CHART));
    sf_report_figure_chart(o, c);
}

static const report_line_colour colours[] = {
    {"insurance.premium_subsidy", CHART_GREEN},
    {"insurance.stoploss", CHART_OLIVE},
    {NULL, 0},
};

const report_mechanism sf_insurance_report = {.draw = draw, .colours = colours};
