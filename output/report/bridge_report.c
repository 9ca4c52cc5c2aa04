/*
 * bridge_report.c — the report's section of the emergency bridge-loan fund (Art. 58): utilisation
 * and rejection, and the capital for a 1 % and a 5 % rejection rate. The table of every series of
 * the mechanism and its other figures follow it (report.c).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void draw(out *o)
{
    const folder *f = o->f;
    if (sf_report_has_series(f, "bridge.utilisation") || sf_report_has_series(f, "bridge.rejection_rate")) {
        chart *c = sf_report_percent_chart(o, T(I18N_BR_CHART));
        if (!c)
            return;
        if (sf_report_has_series(f, "bridge.utilisation"))
            sf_report_band_and_mean(o, c, "bridge.utilisation", 1, CHART_BLUE);
        if (sf_report_has_series(f, "bridge.rejection_rate")) {
            sf_report_band_and_mean(o, c, "bridge.rejection_rate", 1, CHART_RED);
        }
        sf_chart_y_include(c, 0);
        sf_report_figure_open(o, T(I18N_BR_CHART));
        sf_report_figure_chart(o, c);
    }
    double c1 = sf_report_figure(f, "bridge.capital_for_rejection_1pct"),
           c5 = sf_report_figure(f, "bridge.capital_for_rejection_5pct");
    if (isfinite(c1) || isfinite(c5)) {
        i18n_unit u = sf_i18n_unit_pick(o->L, fmax(isfinite(c1) ? c1 : 0, isfinite(c5) ? c5 : 0));
        char s[64], t[128];
        sf_report_facts_open(o);
        const char *cap = sf_report_param(f, "bridge", "capital");
        if (cap && isfinite(sf_report_num(cap))) {
            sf_report_fmt_money(sf_report_num(cap), u, s, sizeof s);
            snprintf(t, sizeof t, "%s %s", s, sf_i18n_unit_name(o->L, u));
            sf_report_fact(o, T(I18N_BR_CAPITAL), t, NULL);
        }
        if (isfinite(c1)) {
            sf_report_fmt_money(c1, u, s, sizeof s);
            snprintf(t, sizeof t, "%s %s", s, sf_i18n_unit_name(o->L, u));
            sf_report_fact(o, T(I18N_BR_CAP1), t, NULL);
        }
        if (isfinite(c5)) {
            sf_report_fmt_money(c5, u, s, sizeof s);
            snprintf(t, sizeof t, "%s %s", s, sf_i18n_unit_name(o->L, u));
            sf_report_fact(o, T(I18N_BR_CAP5), t, NULL);
        }
        sf_report_facts_close(o);
    }
}

static const report_line_colour colours[] = {
    {"bridge.loss", CHART_RED},
    {NULL, 0},
};

const report_mechanism sf_bridge_report = {.draw = draw, .colours = colours};
