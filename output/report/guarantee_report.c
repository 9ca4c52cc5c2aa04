/*
 * guarantee_report.c — the report's section of the policy guarantee (Art. 60): capital and
 * injections, leverage against its limit, the small/micro rule, the claim rate and the break-even
 * fee. The table of every series of the mechanism and its other figures follow it (report.c).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The mean of a ratio over the book in a year among the paths with a book, E[x] / P(book); NaN
 * in a year with no book on any path (sf_report_no_book) or when the ratio is absent. */
static double book_mean(const folder *f, const char *series, int year)
{
    if (sf_report_no_book(f, series, year))
        return NAN;
    const double x = sf_report_stat(f, series, year, ST_MEAN);
    const double hb = sf_report_stat(f, "guarantee.has_book", year, ST_MEAN);
    return isfinite(hb) && hb > 0.0 ? x / hb : x;
}

static void draw(out *o)
{
    const folder *f = o->f;
    char s[96], t[256];
    if (sf_report_has_series(f, "guarantee.capital")) {
        i18n_unit u;
        chart *c = sf_report_money_chart(o, sf_report_max_abs_years(f, "guarantee.capital", ST_P95), &u);
        if (!c)
            return;
        double sc = sf_i18n_unit_scale(u), v[MAX_YEARS];
        sf_chart_set_name(c, T(I18N_GU_CAPITAL_CHART));
        if (sf_report_has_series(f, "guarantee.capital_injection")) {
            sf_report_per_year(f, "guarantee.capital_injection", ST_MEAN, sc, v);
            snprintf(t, sizeof t, "%s · %s", sf_report_series_name(o, "guarantee.capital_injection"),
                     T(I18N_MEAN));
            sf_chart_bars(c, v, CHART_PINK, t);
        }
        sf_report_band_and_mean(o, c, "guarantee.capital", sc, CHART_BLUE);
        sf_chart_y_include(c, 0);
        sf_report_figure_open(o, T(I18N_GU_CAPITAL_CHART));
        sf_report_figure_chart(o, c);
    }
    const char *lim = sf_report_param(f, "guarantee", "leverage_limit");
    if (sf_report_has_series(f, "guarantee.leverage")) {
        chart *c = sf_report_year_chart(o);
        if (!c)
            return;
        sf_chart_set_titles(c, NULL, T(I18N_UNIT_TIMES));
        sf_chart_set_name(c, T(I18N_GU_LEVERAGE_CHART));
        sf_report_band_and_mean(o, c, "guarantee.leverage", 1, CHART_BLUE);
        sf_report_mean_line(o, c, "guarantee.leverage", 1, CHART_NAVY, CHART_DOTTED, ST_P99);
        if (lim && isfinite(sf_report_num(lim))) {
            sf_chart_format_number(sf_report_num(lim), 0, s, sizeof s);
            snprintf(t, sizeof t, "%s (%s%s)", T(I18N_GU_LIMIT), s, T(I18N_UNIT_TIMES));
            sf_chart_hline(c, sf_report_num(lim), CHART_RED, CHART_DASHED, t);
        }
        sf_chart_y_include(c, 0);
        sf_report_figure_open(o, T(I18N_GU_LEVERAGE_CHART));
        sf_report_figure_chart(o, c);
    }
    sf_report_facts_open(o);
    /* The ratios over the book, over the years with one: per year the share among the paths with
     * a book, E[x] / P(book) (x is 0 on a path without one; P(book) the mean of guarantee.has_book,
     * 1 when the folder does not have it); the years with no book on any path are named instead. */
    char nobook[160] = "";
    size_t nb = 0;
    int nby = 0; /* years without a book */
    for (int i = 0; i < f->ny; i++)
        if (sf_report_no_book(f, "guarantee.small_micro_share", f->years[i]) && ++nby && nb < sizeof nobook)
            nb += (size_t)snprintf(nobook + nb, sizeof nobook - nb, "%s%d",
                                   nb ? (o->L == I18N_ZH ? "、" : ", ") : "", f->years[i]);
    if (sf_report_has_series(f, "guarantee.small_micro_share")) {
        double sum = 0, mn = INFINITY;
        int n = 0;
        for (int i = 0; i < f->ny; i++) {
            const double x = book_mean(f, "guarantee.small_micro_share", f->years[i]);
            if (isfinite(x)) {
                sum += x;
                mn = fmin(mn, x);
                n++;
            }
        }
        const char *ms = sf_report_param(f, "guarantee", "small_micro_min");
        double min = ms ? sf_report_num(ms) : 0.8;
        if (!isfinite(min))
            min = 0.8;
        char a[64], b[64], nbs[224] = "";
        if (nb)
            snprintf(nbs, sizeof nbs, o->L == I18N_ZH ? "；%s%s" : "; %s %s", T(I18N_GU_NO_BOOK_IN), nobook);
        if (n > 0) {
            sf_report_fmt_pct(sum / n, 1, a, sizeof a);
            sf_report_fmt_pct(min, 0, b, sizeof b);
            int ok = mn >= min;
            snprintf(t, sizeof t, o->L == I18N_ZH ? "%s（%s %s）——%s%s" : "%s (%s %s) — %s%s", a,
                     T(I18N_GU_RULE_MIN), b, ok ? T(I18N_GU_MEETS) : T(I18N_GU_BELOW), nbs);
            sf_report_fact(o, T(I18N_GU_SMALL_MICRO), t, ok ? "flag-ok" : "flag-bad");
        } else if (nb) {
            sf_report_fact(o, T(I18N_GU_SMALL_MICRO), T(I18N_NO_BOOK), NULL);
        }
    }
    if (sf_report_has_series(f, "guarantee.claim_rate")) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < f->ny; i++) {
            const double x = book_mean(f, "guarantee.claim_rate", f->years[i]);
            if (isfinite(x)) {
                sum += x;
                n++;
            }
        }
        if (n) {
            sf_report_fmt_pct(sum / n, 2, s, sizeof s);
            sf_report_fact(o, T(I18N_GU_CLAIM), s, NULL);
        } else if (nb) {
            sf_report_fact(o, T(I18N_GU_CLAIM), T(I18N_NO_BOOK), NULL);
        }
    }
    /* The lowest share and the rule's flag are over the years with a book (model/guarantee.c);
     * with none, there is no share to compare: "no book". */
    if (sf_report_has_series(f, "guarantee.small_micro_share") && nby == f->ny && f->ny > 0) {
        sf_report_fact(o, sf_i18n_figure(o->L, "guarantee.small_micro_share_min", NULL), T(I18N_NO_BOOK),
                       NULL);
        sf_report_fact(o, sf_i18n_figure(o->L, "guarantee.small_micro_below_min", NULL), T(I18N_NO_BOOK),
                       NULL);
    }
    double be = sf_report_figure(f, "guarantee.break_even_fee");
    if (isfinite(be)) {
        sf_report_fmt_pct(be, 2, s, sizeof s);
        const char *fr = sf_report_param(f, "guarantee", "fee_rate");
        if (fr && isfinite(sf_report_num(fr))) {
            char a[64];
            sf_report_fmt_pct(sf_report_num(fr), 2, a, sizeof a);
            snprintf(t, sizeof t, o->L == I18N_ZH ? "%s（现行费率 %s）" : "%s (fee now %s)", s, a);
            sf_report_fact(o, T(I18N_GU_BREAK_EVEN), t, NULL);
        } else {
            sf_report_fact(o, T(I18N_GU_BREAK_EVEN), s, NULL);
        }
    }
    sf_report_facts_close(o);
}

static const report_line_colour colours[] = {
    {"guarantee.fee_subsidy", CHART_ORANGE},
    {"guarantee.loss_comp", CHART_BROWN},
    {"guarantee.capital_injection", CHART_PINK},
    {"guarantee.recovered", CHART_NAVY},
    {NULL, 0},
};

const report_mechanism sf_guarantee_report = {.draw = draw, .colours = colours};
