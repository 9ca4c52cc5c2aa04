/*
 * fund_report.c — the report's section of the guidance fund (Art. 54/62/63): the J-curve of
 * calls, distributions, NAV and the cumulative net budget; the chance of losing principal. The
 * table of every series of the mechanism and its other figures follow it (report.c).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void draw(out *o)
{
    const folder *f = o->f;
    /* The J-curve is the government's: its calls, its distributions and its own NAV
     * (fund.gov_nav); fund.nav, the NAV of all sub-funds with the private investors' part, is in
     * the table below. A folder written before fund.gov_nav existed draws fund.nav, labelled so. */
    const char *nav = sf_report_has_series(f, "fund.gov_nav") ? "fund.gov_nav" : "fund.nav";
    double m = fmax(fmax(sf_report_max_abs_years(f, "fund.calls", ST_MEAN),
                         sf_report_max_abs_years(f, "fund.distributions", ST_MEAN)),
                    sf_report_max_abs_years(f, nav, ST_MEAN));
    i18n_unit u;
    chart *c = sf_report_money_chart(o, m, &u);
    if (!c)
        return;
    double sc = sf_i18n_unit_scale(u), v[MAX_YEARS], d[MAX_YEARS], cum[MAX_YEARS];
    char t[256];
    sf_chart_set_name(c, T(I18N_FU_CHART));
    sf_report_per_year(f, "fund.calls", ST_MEAN, sc, v);
    sf_report_per_year(f, "fund.distributions", ST_MEAN, sc, d);
    if (sf_report_has_series(f, "fund.calls")) {
        snprintf(t, sizeof t, "%s · %s", sf_report_series_name(o, "fund.calls"), T(I18N_MEAN));
        sf_chart_bars(c, v, CHART_GREY, t);
    }
    if (sf_report_has_series(f, "fund.distributions")) {
        snprintf(t, sizeof t, "%s · %s", sf_report_series_name(o, "fund.distributions"), T(I18N_MEAN));
        sf_chart_bars(c, d, CHART_GREEN, t);
    }
    if (sf_report_has_series(f, nav))
        sf_report_mean_line(o, c, nav, sc, CHART_PURPLE, CHART_SOLID, ST_MEAN);
    double run = 0;
    for (int i = 0; i < f->ny; i++) {
        run += (isfinite(v[i]) ? v[i] : 0) + (isfinite(d[i]) ? d[i] : 0);
        cum[i] = run;
    }
    sf_chart_line(c, cum, CHART_INK, CHART_DASHED, 1, T(I18N_FU_CUMNET));
    sf_chart_y_include(c, 0);
    sf_report_figure_open(o, T(I18N_FU_CHART));
    sf_report_figure_chart(o, c);
    double pl = sf_report_figure(f, "fund.prob_loss_principal");
    if (isfinite(pl)) {
        char s[64];
        sf_report_facts_open(o);
        sf_report_fmt_pct(pl, 1, s, sizeof s);
        sf_report_fact(o, T(I18N_FU_PLOSS), s, NULL);
        sf_report_facts_close(o);
    }
}

static const report_line_colour colours[] = {
    {"fund.calls", CHART_GREY},
    {"fund.distributions", CHART_LIGHTGREY},
    {NULL, 0},
};

const report_mechanism sf_fund_report = {.draw = draw, .colours = colours};
