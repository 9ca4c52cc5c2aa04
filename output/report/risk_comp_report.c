/*
 * risk_comp_report.c — the report's section of the loan risk compensation (Art. 55): the pool's
 * balance, what it paid and its shortfall; then the stop line: how often banks are suspended and
 * the payouts and the budget with the line (as run) and without it (the same paths, no bank
 * suspended: risk_comp.*_no_suspension). The table of every series of the mechanism and its
 * other figures follow it (report.c).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void suspension(out *o);

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
    suspension(o);
}

/* The stop line's texts, {en, zh}. */
enum {
    SL_TITLE,
    SL_NOTE_LOSS,
    SL_NOTE_NPL,
    SL_NOTE_B,
    SL_NOTE_C,
    SL_NOTE_NONE,
    SL_ROW,
    SL_WITH,
    SL_WITHOUT,
    SL_BUDGET_MEAN,
    SL_NEEDED_PRE,
    SL_NEEDED_POST,
    SL_N
};
static const char *const sl_text[SL_N][2] = {
    [SL_TITLE] = {"The stop line: how often banks are suspended, and the budget with and without it",
                  "暂停线：银行被暂停补偿的频率，以及设与不设暂停线时的预算"},
    /* SL_NOTE_* are said as NOTE_A + the line + NOTE_B + the chance + NOTE_C. */
    [SL_NOTE_LOSS] = {"A bank whose NPL loss in a year exceeds ", "银行当年不良损失超过其纳入补偿贷款的"},
    [SL_NOTE_NPL] = {"A bank whose NPL ratio in a year exceeds ", "银行当年不良率超过其纳入补偿贷款的"},
    [SL_NOTE_B] = {" of its covered loans gets no compensation for that year. In ", "时，当年暂停补偿。"},
    [SL_NOTE_C] = {" of paths at least one bank is suspended in some year. A city-wide downturn takes every bank "
                   "over the line at once, so the pool pays less in the worst years: the rows \"without the line\" "
                   "are the same paths with no bank suspended.",
                   "的路径中至少有一年有银行被暂停。全市性下行会使所有银行同时越线，资金池在最差年份反而支出更少；"
                   "“不设暂停线”各行为相同路径下不暂停任何银行的结果。"},
    [SL_NOTE_NONE] = {"No stop line binds: no bank is suspended on any path.", "暂停线未触发：任何路径均无银行被暂停补偿。"},
    [SL_ROW] = {"Line", "项目"},
    [SL_WITH] = {"with the line", "设暂停线"},
    [SL_WITHOUT] = {"without the line", "不设暂停线"},
    [SL_BUDGET_MEAN] = {"Budget total, mean", "预算合计（均值）"},
    [SL_NEEDED_PRE] = {"Budget needed at ", ""},
    [SL_NEEDED_POST] = {"", "置信水平所需预算"},
};
#define SL(id) sl_text[id][o->L == I18N_ZH]

static void sl_cell(out *o, const char *v)
{
    sf_report_put(o, "<td>");
    sf_report_esc(o, v);
    sf_report_put(o, "</td>");
}

static void sl_row_open(out *o, const char *label, const char *suffix, const char *unit)
{
    sf_report_put(o, "<tr><th scope=\"row\">");
    sf_report_esc(o, label);
    if (suffix) {
        sf_report_put(o, " · ");
        sf_report_esc(o, suffix);
    }
    sf_report_put(o, "</th><td class=\"unit\">");
    sf_report_esc(o, unit);
    sf_report_put(o, "</td>");
}

/* A row of a series' mean per year and over the horizon (blank where the series has no total). */
static void sl_series_row(out *o, const char *series, const char *suffix, i18n_unit u)
{
    const folder *f = o->f;
    const char *unit = sf_report_series_unit(f, series);
    char s[64];
    sl_row_open(o, sf_report_series_name(o, series), suffix, sf_report_series_unit_label(o, series, unit, u));
    for (int i = 0; i <= f->ny; i++) {
        sf_report_fmt_value(unit, sf_report_stat(f, series, i < f->ny ? f->years[i] : Y_TOTAL, ST_MEAN), u, s, sizeof s);
        sl_cell(o, s);
    }
    sf_report_put(o, "</tr>\n");
}

static void suspension(out *o)
{
    const folder *f = o->f;
    if (!sf_report_has_series(f, "risk_comp.paid_no_suspension") || !sf_report_has_series(f, "budget.total"))
        return;
    const double prob = sf_report_figure(f, "risk_comp.suspension_probability");
    const char *line = sf_report_param(f, "risk_compensation", "suspend_above");
    const char *basis = sf_report_param(f, "risk_compensation", "suspend_basis");
    char pl[48], pp[48], note[1024];
    sf_report_fmt_pct(line ? sf_report_num(line) : NAN, 1, pl, sizeof pl);
    sf_report_fmt_pct(prob, 1, pp, sizeof pp);
    sf_report_put(o, "<h3>");
    sf_report_esc(o, SL(SL_TITLE));
    sf_report_put(o, "</h3>\n");
    if (!(prob > 0.0)) {
        sf_report_note(o, SL(SL_NOTE_NONE));
        for (int i = 0; i <= f->ny; i++) { /* shown: the figures the table would hold */
            char key[64];
            if (i < f->ny)
                snprintf(key, sizeof key, "risk_comp.needed_no_suspension.%d", f->years[i]);
            else
                snprintf(key, sizeof key, "risk_comp.needed_no_suspension.total");
            (void)sf_report_figure(f, key);
        }
        return;
    }
    snprintf(note, sizeof note, "%s%s%s%s%s", SL(basis && strcmp(basis, "loss") == 0 ? SL_NOTE_LOSS : SL_NOTE_NPL), pl,
             SL(SL_NOTE_B), pp, SL(SL_NOTE_C));
    sf_report_note(o, note);

    double m = fmax(sf_report_max_abs_years(f, "budget.total", ST_P95),
                    fabs(sf_report_stat(f, "budget.total", Y_TOTAL, ST_MEAN)));
    i18n_unit u = sf_i18n_unit_pick(o->L, m);
    const char *money = sf_i18n_unit_name(o->L, u);
    sf_report_put(o, "<table class=\"mech\" id=\"stop-line\"><thead><tr><th scope=\"col\">");
    sf_report_esc(o, SL(SL_ROW));
    sf_report_put(o, "</th><th scope=\"col\" class=\"unit\">");
    sf_report_esc(o, T(I18N_UNIT));
    sf_report_put(o, "</th>");
    for (int i = 0; i < f->ny; i++)
        sf_chart_buf_printf(&o->b, "<th scope=\"col\">%d</th>", f->years[i]);
    sf_report_put(o, "<th scope=\"col\">");
    sf_report_esc(o, T(I18N_TOTAL));
    sf_report_put(o, "</th></tr></thead><tbody>\n");
    sl_series_row(o, "risk_comp.suspended_banks", NULL, u);
    sl_series_row(o, "risk_comp.any_suspended", NULL, u);
    sl_series_row(o, "risk_comp.paid", SL(SL_WITH), u);
    sl_series_row(o, "risk_comp.paid_no_suspension", NULL, u);
    sl_series_row(o, "risk_comp.suspension_effect", NULL, u);
    /* The budget: mean with the line, and without it (budget.total + suspension_effect, means add). */
    char s[64];
    for (int w = 0; w < 2; w++) {
        sl_row_open(o, SL(SL_BUDGET_MEAN), SL(w ? SL_WITHOUT : SL_WITH), money);
        for (int i = 0; i <= f->ny; i++) {
            const int y = i < f->ny ? f->years[i] : Y_TOTAL;
            double v = sf_report_stat(f, "budget.total", y, ST_MEAN);
            if (w)
                v += sf_report_stat(f, "risk_comp.suspension_effect", y, ST_MEAN);
            sf_report_fmt_money(v, u, s, sizeof s);
            sl_cell(o, s);
        }
        sf_report_put(o, "</tr>\n");
    }
    /* The budget needed at budget.confidence: budget.needed.* with the line, and the same
     * quantile of budget.total + suspension_effect without it. */
    char conf[48], lab[160];
    sf_report_fmt_pct(sf_report_figure(f, "budget.confidence"), 0, conf, sizeof conf);
    snprintf(lab, sizeof lab, "%s%s%s", SL(SL_NEEDED_PRE), conf, SL(SL_NEEDED_POST));
    for (int w = 0; w < 2; w++) {
        sl_row_open(o, lab, SL(w ? SL_WITHOUT : SL_WITH), money);
        for (int i = 0; i <= f->ny; i++) {
            char key[64];
            const char *pre = w ? "risk_comp.needed_no_suspension" : "budget.needed";
            if (i < f->ny)
                snprintf(key, sizeof key, "%s.%d", pre, f->years[i]);
            else
                snprintf(key, sizeof key, "%s.total", pre);
            sf_report_fmt_money(sf_report_figure(f, key), u, s, sizeof s);
            sl_cell(o, s);
        }
        sf_report_put(o, "</tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n");
}

static const report_line_colour colours[] = {
    {"risk_comp.paid", CHART_BLUE},
    {"risk_comp.recovered", CHART_CYAN},
    {NULL, 0},
};

const report_mechanism sf_risk_comp_report = {.draw = draw, .colours = colours};
