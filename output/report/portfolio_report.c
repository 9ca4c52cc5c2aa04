/*
 * portfolio_report.c — the report's section of the SME loan portfolio: the default rate per year.
 */
#include "report_internal.h"

void report_portfolio(out *o)
{
    const folder *f = o->f;
    if (!report_has_series(f, "portfolio.default_rate"))
        return;
    chart *c = report_percent_chart(o, T(I18N_PF_CHART));
    if (!c)
        return;
    report_band_and_mean(o, c, "portfolio.default_rate", 1, CHART_RED);
    report_mean_line(o, c, "portfolio.default_rate", 1, CHART_BROWN, CHART_DOTTED, ST_P99);
    chart_y_include(c, 0);
    report_figure_open(o, T(I18N_PF_CHART));
    report_figure_chart(o, c);
}
