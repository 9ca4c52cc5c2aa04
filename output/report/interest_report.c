/*
 * interest_report.c — the report's section of the interest subsidy (Art. 21/57): what it pays per
 * year. The table of every series of the mechanism and its other figures follow it (report.c).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void draw(out *o)
{
    const folder *f = o->f;
    if (!sf_report_has_series(f, "interest_subsidy.paid"))
        return;
    i18n_unit u;
    chart *c = sf_report_money_chart(o, sf_report_max_abs_years(f, "interest_subsidy.paid", ST_P95), &u);
    if (!c)
        return;
    sf_chart_set_name(c, T(I18N_IS_CHART));
    sf_report_band_and_mean(o, c, "interest_subsidy.paid", sf_i18n_unit_scale(u), CHART_PURPLE);
    sf_chart_y_include(c, 0);
    sf_report_figure_open(o, T(I18N_IS_CHART));
    sf_report_figure_chart(o, c);
}

static const report_line_colour colours[] = {
    {"interest_subsidy.paid", CHART_PURPLE},
    {NULL, 0},
};

const report_mechanism sf_interest_report = {.draw = draw, .colours = colours};
