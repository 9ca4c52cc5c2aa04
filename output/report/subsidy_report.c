/*
 * subsidy_report.c — the report's section on subsidy rates by cohort (subsidy.csv, model/subsidy.h):
 * the credit-budgeting rate (FCRA, SGAT) of every cohort together per mechanism and component,
 * the fair-value cost beside it (CBO), and the rate of each cohort, in English and Chinese. Its
 * texts are kept here, beside the only code that shows them.
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum {
    TX_TITLE,
    TX_INTRO,
    TX_MECH,
    TX_COMP,
    TX_PV_OUT,
    TX_PV_DISB,
    TX_RATE,
    TX_RATE_P95,
    TX_FAIR,
    TX_FAIR_RATE,
    TX_BY_COHORT,
    TX_COHORT,
    TX_ALL,
    TX_TOTAL,
    TX_DEFAULTS,
    TX_FEES,
    TX_INTEREST,
    TX_OTHER,
    TX_NOTE,
    TX_LAMBDA,
    TX_RF,
    TX_NONE,
    TX_N
};

static const char *const txt[TX_N][2] = {
    [TX_TITLE] = {"Subsidy rates by cohort, budget and fair value", "按批次的补贴率：预算成本与公允价值"},
    [TX_INTRO] = {"As credit budgeting states the cost of a loan programme (US FCRA; the IMF's guarantee-scheme "
                  "tool SGAT): for the loans made in one year (a cohort), the present value of the city's net "
                  "outflows they cause over their whole life, run out past the plan period where needed, divided "
                  "by the present value of the financing they received. All cohorts together are discounted to the "
                  "first year.",
                  "按信贷预算的口径（美国《联邦信贷改革法》、国际货币基金组织担保计划评估工具 SGAT）："
                  "同一年发放的贷款（一个批次）在其整个存续期内（必要时延续到规划期之后）给市财政带来的净支出现值，"
                  "除以该批次所获融资的现值。全部批次合计时折现到首年。"},
    [TX_MECH] = {"Mechanism", "机制"},
    [TX_COMP] = {"Component", "构成"},
    [TX_PV_OUT] = {"PV of net outflows", "净支出现值"},
    [TX_PV_DISB] = {"PV of financing", "融资现值"},
    [TX_RATE] = {"Subsidy rate (mean)", "补贴率（均值）"},
    [TX_RATE_P95] = {"Subsidy rate (P95)", "补贴率（P95）"},
    [TX_FAIR] = {"Fair-value PV", "公允价值现值"},
    [TX_FAIR_RATE] = {"Fair-value rate", "公允价值补贴率"},
    [TX_BY_COHORT] = {"Subsidy rate of each cohort by mechanism (mean; fair value in brackets)",
                      "各批次分机制补贴率（均值；括号内为公允价值）"},
    [TX_COHORT] = {"Cohort", "批次"},
    [TX_ALL] = {"All cohorts", "全部批次"},
    [TX_TOTAL] = {"Total", "合计"},
    [TX_DEFAULTS] = {"Defaults net of recoveries", "代偿及补偿（扣除追偿）"},
    [TX_FEES] = {"Fee and premium subsidies", "担保费及保费补贴"},
    [TX_INTEREST] = {"Interest subsidies", "贴息"},
    [TX_OTHER] = {"Capital injections", "注资"},
    [TX_NOTE] = {"Budget cost: the path's own defaults, discounted at the budget's discount rate. Fair value "
                 "(as the CBO's fair-value estimates): the same cohorts on the same paths at the risk-neutral "
                 "PD Φ(Φ⁻¹(pd) + λ·√ρ), discounted at the risk-free rate; λ = 0 gives the budget cost. Claims "
                 "count when the cohort causes them, before a pool cap defers them. The bridge fund and the "
                 "guidance fund lend to no loan cohort and are not in the table.",
                 "预算成本：按各路径自身的违约计算，以预算折现率折现。公允价值（参照美国国会预算办公室"
                 "的公允价值估算）：同一批次、同一路径，按风险中性违约概率 Φ(Φ⁻¹(pd) + λ·√ρ) 计算，以无风险利率折现；"
                 "λ = 0 时与预算成本相同。补偿按批次产生之时计入，不受资金池上限递延的影响。应急转贷资金和引导基金"
                 "不对应贷款批次，不在表中。"},
    [TX_LAMBDA] = {"Market price of risk λ", "风险市场价格 λ"},
    [TX_RF] = {"Risk-free rate", "无风险利率"},
    [TX_NONE] = {"No mechanism with loan cohorts is enabled.", "未启用与贷款批次相关的机制。"},
};

#define X(id) (txt[(id)][o->L == I18N_ZH ? 1 : 0])

static const char *comp_label(const out *o, const char *comp)
{
    if (strcmp(comp, "defaults") == 0)
        return X(TX_DEFAULTS);
    if (strcmp(comp, "fees") == 0)
        return X(TX_FEES);
    if (strcmp(comp, "interest") == 0)
        return X(TX_INTEREST);
    if (strcmp(comp, "other") == 0)
        return X(TX_OTHER);
    return X(TX_TOTAL);
}

static const char *mech_label(const out *o, const char *mech)
{
    if (strcmp(mech, "total") == 0)
        return X(TX_TOTAL);
    const char *t = sf_i18n_mechanism(o->L, sf_i18n_mechanism_prefix(mech));
    return t ? t : mech;
}

static void cell_pct(out *o, double v)
{
    char s[64];
    sf_report_fmt_pct(v, 2, s, sizeof s);
    sf_report_put(o, "<td>");
    sf_report_esc(o, s);
    sf_report_put(o, "</td>");
}

static void cell_money(out *o, double v, i18n_unit u)
{
    char s[96];
    sf_report_fmt_money(v, u, s, sizeof s);
    sf_report_put(o, "<td>");
    sf_report_esc(o, s);
    sf_report_put(o, "</td>");
}

static void head(out *o, const char *const *h, size_t n)
{
    sf_report_put(o, "<thead><tr>");
    for (size_t i = 0; i < n; i++) {
        sf_report_put(o, "<th scope=\"col\">");
        sf_report_esc(o, h[i]);
        sf_report_put(o, "</th>");
    }
    sf_report_put(o, "</tr></thead><tbody>\n");
}

void sf_report_sec_subsidy(out *o)
{
    const folder *f = o->f;
    const csvtab *t = &f->sub;
    sf_report_section_open(o, "subsidy", X(TX_TITLE), NULL);
    sf_report_note(o, X(TX_INTRO));
    const int cc = sf_report_csv_col(t, "cohort"), cm = sf_report_csv_col(t, "mechanism");
    const int cp = sf_report_csv_col(t, "component"), co = sf_report_csv_col(t, "pv_outflows");
    const int cd = sf_report_csv_col(t, "pv_disbursed"), cr = sf_report_csv_col(t, "rate");
    const int cr95 = sf_report_csv_col(t, "rate_p95"), cfo = sf_report_csv_col(t, "fair_pv_outflows");
    const int cfr = sf_report_csv_col(t, "fair_rate");
    if (cc < 0 || cm < 0 || cp < 0 || co < 0 || cd < 0 || cr < 0 || t->nrows == 0) {
        sf_report_note(o, X(TX_NONE));
        sf_report_put(o, "</section>\n");
        return;
    }
    const char *lam = sf_report_param(f, "economy", "market_price_of_risk");
    const char *rf = sf_report_param(f, "economy", "risk_free_rate");
    const char *dr = sf_report_param(f, "simulation", "discount_rate");
    sf_report_facts_open(o);
    if (lam)
        sf_report_fact(o, X(TX_LAMBDA), lam, NULL);
    char s[64];
    const char *rfv = rf && *rf ? rf : dr;
    if (rfv && isfinite(sf_report_num(rfv))) {
        sf_report_fmt_pct(sf_report_num(rfv), 2, s, sizeof s);
        sf_report_fact(o, X(TX_RF), s, NULL);
    }
    sf_report_facts_close(o);

    /* Every cohort together: per mechanism and component. */
    double m = 0.0;
    for (size_t r = 0; r < t->nrows; r++)
        if (strcmp(sf_report_csv_cell(t, r, cc), "all") == 0)
            m = fmax(m, fabs(sf_report_num(sf_report_csv_cell(t, r, co))));
    const i18n_unit u = sf_i18n_unit_pick(o->L, m), ud = sf_i18n_unit_pick(o->L, 1e12);
    char h1[128], h2[128], h3[128];
    snprintf(h1, sizeof h1, "%s (%s)", X(TX_PV_OUT), sf_i18n_unit_name(o->L, u));
    snprintf(h2, sizeof h2, "%s (%s)", X(TX_PV_DISB), sf_i18n_unit_name(o->L, ud));
    snprintf(h3, sizeof h3, "%s (%s)", X(TX_FAIR), sf_i18n_unit_name(o->L, u));
    const char *heads[] = {X(TX_MECH), X(TX_COMP), h1, h2, X(TX_RATE), X(TX_RATE_P95), h3, X(TX_FAIR_RATE)};
    sf_report_put(o, "<table id=\"subsidy-table\">");
    head(o, heads, sizeof heads / sizeof heads[0]);
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(sf_report_csv_cell(t, r, cc), "all") != 0)
            continue;
        const char *mech = sf_report_csv_cell(t, r, cm), *comp = sf_report_csv_cell(t, r, cp);
        const int total = strcmp(comp, "total") == 0;
        sf_report_put(o, total ? "<tr class=\"total\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
        sf_report_esc(o, mech_label(o, mech));
        sf_report_put(o, "</th><td class=\"txt\">");
        sf_report_esc(o, comp_label(o, comp));
        sf_report_put(o, "</td>");
        cell_money(o, sf_report_num(sf_report_csv_cell(t, r, co)), u);
        cell_money(o, sf_report_num(sf_report_csv_cell(t, r, cd)), ud);
        cell_pct(o, sf_report_num(sf_report_csv_cell(t, r, cr)));
        cell_pct(o, cr95 >= 0 ? sf_report_num(sf_report_csv_cell(t, r, cr95)) : NAN);
        cell_money(o, cfo >= 0 ? sf_report_num(sf_report_csv_cell(t, r, cfo)) : NAN, u);
        cell_pct(o, cfr >= 0 ? sf_report_num(sf_report_csv_cell(t, r, cfr)) : NAN);
        sf_report_put(o, "</tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n");

    /* Each cohort: the total rate per mechanism, fair value in brackets. */
    const char *mechs[8];
    int nm = 0;
    for (size_t r = 0; r < t->nrows && nm < 8; r++) {
        if (strcmp(sf_report_csv_cell(t, r, cc), "all") != 0 || strcmp(sf_report_csv_cell(t, r, cp), "total") != 0)
            continue;
        mechs[nm++] = sf_report_csv_cell(t, r, cm);
    }
    sf_report_figure_open(o, X(TX_BY_COHORT));
    sf_report_put(o, "<table id=\"subsidy-cohorts\"><thead><tr><th scope=\"col\">");
    sf_report_esc(o, X(TX_COHORT));
    sf_report_put(o, "</th>");
    for (int i = 0; i < nm; i++) {
        sf_report_put(o, "<th scope=\"col\">");
        sf_report_esc(o, mech_label(o, mechs[i]));
        sf_report_put(o, "</th>");
    }
    sf_report_put(o, "</tr></thead><tbody>\n");
    const char *prev = NULL;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *cohort = sf_report_csv_cell(t, r, cc);
        if (prev && strcmp(prev, cohort) == 0)
            continue;
        prev = cohort;
        sf_report_put(o, "<tr><th scope=\"row\">");
        sf_report_esc(o, strcmp(cohort, "all") == 0 ? X(TX_ALL) : cohort);
        sf_report_put(o, "</th>");
        for (int i = 0; i < nm; i++) {
            double rate = NAN, fair = NAN;
            for (size_t q = r; q < t->nrows && strcmp(sf_report_csv_cell(t, q, cc), cohort) == 0; q++)
                if (strcmp(sf_report_csv_cell(t, q, cm), mechs[i]) == 0 &&
                    strcmp(sf_report_csv_cell(t, q, cp), "total") == 0) {
                    rate = sf_report_num(sf_report_csv_cell(t, q, cr));
                    fair = cfr >= 0 ? sf_report_num(sf_report_csv_cell(t, q, cfr)) : NAN;
                }
            char a[64], b[64], cell[160];
            sf_report_fmt_pct(rate, 2, a, sizeof a);
            sf_report_fmt_pct(fair, 2, b, sizeof b);
            snprintf(cell, sizeof cell, "%s (%s)", a, b);
            sf_report_put(o, "<td>");
            sf_report_esc(o, cell);
            sf_report_put(o, "</td>");
        }
        sf_report_put(o, "</tr>\n");
    }
    sf_report_put(o, "</tbody></table></figure>\n");
    sf_report_note(o, X(TX_NOTE));
    sf_report_put(o, "</section>\n");
}
