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
    if (report_has_series(f, "bridge.utilisation") || report_has_series(f, "bridge.rejection_rate")) {
        chart *c = report_percent_chart(o, T(I18N_BR_CHART));
        if (!c)
            return;
        if (report_has_series(f, "bridge.utilisation"))
            report_band_and_mean(o, c, "bridge.utilisation", 1, CHART_BLUE);
        if (report_has_series(f, "bridge.rejection_rate")) {
            report_band_and_mean(o, c, "bridge.rejection_rate", 1, CHART_RED);
        }
        chart_y_include(c, 0);
        report_figure_open(o, T(I18N_BR_CHART));
        report_figure_chart(o, c);
    }
    double c1 = report_figure(f, "bridge.capital_for_rejection_1pct"),
           c5 = report_figure(f, "bridge.capital_for_rejection_5pct");
    if (isfinite(c1) || isfinite(c5)) {
        i18n_unit u = i18n_unit_pick(o->L, fmax(isfinite(c1) ? c1 : 0, isfinite(c5) ? c5 : 0));
        char s[64], t[128];
        report_facts_open(o);
        const char *cap = report_param(f, "bridge", "capital");
        if (cap && isfinite(report_num(cap))) {
            report_fmt_money(report_num(cap), u, s, sizeof s);
            snprintf(t, sizeof t, "%s %s", s, i18n_unit_name(o->L, u));
            report_fact(o, T(I18N_BR_CAPITAL), t, NULL);
        }
        if (isfinite(c1)) {
            report_fmt_money(c1, u, s, sizeof s);
            snprintf(t, sizeof t, "%s %s", s, i18n_unit_name(o->L, u));
            report_fact(o, T(I18N_BR_CAP1), t, NULL);
        }
        if (isfinite(c5)) {
            report_fmt_money(c5, u, s, sizeof s);
            snprintf(t, sizeof t, "%s %s", s, i18n_unit_name(o->L, u));
            report_fact(o, T(I18N_BR_CAP5), t, NULL);
        }
        report_facts_close(o);
    }
}

static const report_line_colour colours[] = {
    {"bridge.loss", CHART_RED},
    {NULL, 0},
};

const report_mechanism bridge_report = {.draw = draw, .colours = colours};
