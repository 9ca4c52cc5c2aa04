/*
 * portfolio_report.c — the report's section of the SME loan portfolio: the default rate per year.
 */
#include "report_internal.h"

void sf_report_portfolio(out *o)
{
    const folder *f = o->f;
    if (!sf_report_has_series(f, "portfolio.default_rate"))
        return;
    chart *c = sf_report_percent_chart(o, T(I18N_PF_CHART));
    if (!c)
        return;
    sf_report_band_and_mean(o, c, "portfolio.default_rate", 1, CHART_RED);
    sf_report_mean_line(o, c, "portfolio.default_rate", 1, CHART_BROWN, CHART_DOTTED, ST_P99);
    sf_chart_y_include(c, 0);
    sf_report_figure_open(o, T(I18N_PF_CHART));
    sf_report_figure_chart(o, c);
}
