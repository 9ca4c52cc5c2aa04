/*
 * obligations_report.c — the report's section "What the plan leaves to the next one" (issue 11
 * item 2): what each mechanism leaves owed at the end of the last year (<prefix>.obligations_end,
 * with the deferred claims still owed and the pool's cap binding probability beside them) and, not
 * netted, the assets the plan leaves (the pool's balance, the guarantor's capital, the
 * government's claim on the guidance fund's NAV). Definitions: docs/mechanisms.md.
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A table of mean and P95 in the last year of the rows the folder has. */
static void end_table(out *o, const char *caption, const char *const *rows, size_t nrows, const char *cls)
{
    const folder *f = o->f;
    const int last = f->years[f->ny - 1];
    double m = 0;
    int any = 0;
    for (size_t r = 0; r < nrows; r++)
        if (sf_report_has_series(f, rows[r])) {
            m = fmax(m, fabs(sf_report_stat(f, rows[r], last, ST_P95)));
            any = 1;
        }
    if (!any)
        return;
    i18n_unit u = sf_i18n_unit_pick(o->L, m);
    sf_chart_buf_printf(&o->b, "<table class=\"%s\">\n<caption>", cls);
    char cap[256];
    snprintf(cap, sizeof cap, "%s · %d · %s", caption, last, sf_i18n_unit_name(o->L, u));
    sf_report_esc(o, cap);
    sf_report_put(o, "</caption>\n<thead><tr><th scope=\"col\">");
    sf_report_esc(o, T(I18N_SERIES));
    sf_report_put(o, "</th><th scope=\"col\">");
    sf_report_esc(o, T(I18N_MEAN));
    sf_report_put(o, "</th><th scope=\"col\">");
    sf_report_esc(o, T(I18N_P95));
    sf_report_put(o, "</th></tr></thead>\n<tbody>\n");
    char s[96];
    for (size_t r = 0; r < nrows; r++) {
        if (!sf_report_has_series(f, rows[r]))
            continue;
        const int sum = strncmp(rows[r], "budget.", 7) == 0;
        sf_chart_buf_printf(&o->b, "<tr%s data-series=\"", sum ? " class=\"sum\"" : "");
        sf_report_esc(o, rows[r]);
        sf_report_put(o, "\"><th scope=\"row\">");
        sf_report_esc(o, sf_report_series_name(o, rows[r]));
        sf_report_put(o, "</th>");
        const int st[2] = {ST_MEAN, ST_P95};
        for (int k = 0; k < 2; k++) {
            sf_report_fmt_money(sf_report_stat(f, rows[r], last, st[k]), u, s, sizeof s);
            sf_report_put(o, "<td>");
            sf_report_esc(o, s);
            sf_report_put(o, "</td>");
        }
        sf_report_put(o, "</tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n");
}

/* One figures.csv value as a fact, its label from the tables ('p' a share, 'm' money). */
static void fact(out *o, const char *key)
{
    char kind = 'n', t[160], s[96];
    const char *label = sf_i18n_figure(o->L, key, &kind);
    const double v = sf_report_figure(o->f, key);
    if (!isfinite(v) || label == NULL)
        return;
    if (kind == 'p') {
        sf_report_fmt_pct(v, 1, t, sizeof t);
    } else {
        i18n_unit u = sf_i18n_unit_pick(o->L, fabs(v));
        sf_report_fmt_money(v, u, s, sizeof s);
        snprintf(t, sizeof t, "%s %s", s, sf_i18n_unit_name(o->L, u));
    }
    sf_report_fact(o, label, t, NULL);
}

void sf_report_sec_obligations(out *o)
{
    const folder *f = o->f;
    if (f->ny < 1)
        return;
    sf_report_section_open(o, "obligations", T(I18N_SEC_OBLIGATIONS), "53");
    static const char *const owed[] = {"risk_comp.shortfall",       "risk_comp.obligations_end",
                                       "guarantee.obligations_end", "insurance.obligations_end",
                                       "bridge.obligations_end",    "fund.obligations_end",
                                       "budget.obligations_end"};
    static const char *const assets[] = {"risk_comp.pool_balance", "guarantee.capital", "fund.gov_nav"};
    sf_report_facts_open(o);
    fact(o, "budget.obligations_end.mean");
    fact(o, "budget.obligations_end.p95");
    fact(o, "risk_comp.owed_end.mean");
    fact(o, "risk_comp.owed_end.p95");
    fact(o, "risk_comp.shortfall_probability");
    sf_report_facts_close(o);
    end_table(o, T(I18N_OBL_OWED), owed, sizeof owed / sizeof owed[0], "obligations");
    end_table(o, T(I18N_OBL_ASSETS), assets, sizeof assets / sizeof assets[0], "assets");
    sf_report_note(o, T(I18N_OBL_NOTE));
    sf_report_put(o, "</section>\n");
}
