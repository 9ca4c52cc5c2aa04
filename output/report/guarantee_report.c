/*
 * guarantee_report.c — the report's section of the policy guarantee (Art. 60): capital and
 * injections, leverage against its limit, the small/micro rule, the claim rate and the break-even
 * fee. The table of every series of the mechanism and its other figures follow it (report.c).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void draw(out *o)
{
    const folder *f = o->f;
    char s[96], t[256];
    if (report_has_series(f, "guarantee.capital")) {
        i18n_unit u;
        chart *c = report_money_chart(o, report_max_abs_years(f, "guarantee.capital", ST_P95), &u);
        if (!c)
            return;
        double sc = i18n_unit_scale(u), v[MAX_YEARS];
        chart_set_name(c, T(I18N_GU_CAPITAL_CHART));
        if (report_has_series(f, "guarantee.capital_injection")) {
            report_per_year(f, "guarantee.capital_injection", ST_MEAN, sc, v);
            snprintf(t, sizeof t, "%s · %s", report_series_name(o, "guarantee.capital_injection"),
                     T(I18N_MEAN));
            chart_bars(c, v, CHART_PINK, t);
        }
        report_band_and_mean(o, c, "guarantee.capital", sc, CHART_BLUE);
        chart_y_include(c, 0);
        report_figure_open(o, T(I18N_GU_CAPITAL_CHART));
        report_figure_chart(o, c);
    }
    const char *lim = report_param(f, "guarantee", "leverage_limit");
    if (report_has_series(f, "guarantee.leverage")) {
        chart *c = report_year_chart(o);
        if (!c)
            return;
        chart_set_titles(c, NULL, T(I18N_UNIT_TIMES));
        chart_set_name(c, T(I18N_GU_LEVERAGE_CHART));
        report_band_and_mean(o, c, "guarantee.leverage", 1, CHART_BLUE);
        report_mean_line(o, c, "guarantee.leverage", 1, CHART_NAVY, CHART_DOTTED, ST_P99);
        if (lim && isfinite(report_num(lim))) {
            chart_format_number(report_num(lim), 0, s, sizeof s);
            snprintf(t, sizeof t, "%s (%s%s)", T(I18N_GU_LIMIT), s, T(I18N_UNIT_TIMES));
            chart_hline(c, report_num(lim), CHART_RED, CHART_DASHED, t);
        }
        chart_y_include(c, 0);
        report_figure_open(o, T(I18N_GU_LEVERAGE_CHART));
        report_figure_chart(o, c);
    }
    report_facts_open(o);
    if (report_has_series(f, "guarantee.small_micro_share")) {
        double sum = 0, mn = INFINITY;
        int n = 0;
        for (int i = 0; i < f->ny; i++) {
            double x = report_stat(f, "guarantee.small_micro_share", f->years[i], ST_MEAN);
            if (isfinite(x)) {
                sum += x;
                mn = fmin(mn, x);
                n++;
            }
        }
        const char *ms = report_param(f, "guarantee", "small_micro_min");
        double min = ms ? report_num(ms) : 0.8;
        if (!isfinite(min))
            min = 0.8;
        if (n > 0) {
            char a[64], b[64];
            report_fmt_pct(sum / n, 1, a, sizeof a);
            report_fmt_pct(min, 0, b, sizeof b);
            int ok = mn >= min;
            snprintf(t, sizeof t, o->L == I18N_ZH ? "%s（%s %s）——%s" : "%s (%s %s) — %s", a,
                     T(I18N_GU_RULE_MIN), b, ok ? T(I18N_GU_MEETS) : T(I18N_GU_BELOW));
            report_fact(o, T(I18N_GU_SMALL_MICRO), t, ok ? "flag-ok" : "flag-bad");
        }
    }
    if (report_has_series(f, "guarantee.claim_rate")) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < f->ny; i++) {
            double x = report_stat(f, "guarantee.claim_rate", f->years[i], ST_MEAN);
            if (isfinite(x)) {
                sum += x;
                n++;
            }
        }
        if (n) {
            report_fmt_pct(sum / n, 2, s, sizeof s);
            report_fact(o, T(I18N_GU_CLAIM), s, NULL);
        }
    }
    double be = report_figure(f, "guarantee.break_even_fee");
    if (isfinite(be)) {
        report_fmt_pct(be, 2, s, sizeof s);
        const char *fr = report_param(f, "guarantee", "fee_rate");
        if (fr && isfinite(report_num(fr))) {
            char a[64];
            report_fmt_pct(report_num(fr), 2, a, sizeof a);
            snprintf(t, sizeof t, o->L == I18N_ZH ? "%s（现行费率 %s）" : "%s (fee now %s)", s, a);
            report_fact(o, T(I18N_GU_BREAK_EVEN), t, NULL);
        } else {
            report_fact(o, T(I18N_GU_BREAK_EVEN), s, NULL);
        }
    }
    report_facts_close(o);
}

static const report_line_colour colours[] = {
    {"guarantee.fee_subsidy", CHART_ORANGE},
    {"guarantee.loss_comp", CHART_BROWN},
    {"guarantee.capital_injection", CHART_PINK},
    {"guarantee.recovered", CHART_NAVY},
    {NULL, 0},
};

const report_mechanism guarantee_report = {.draw = draw, .colours = colours};
