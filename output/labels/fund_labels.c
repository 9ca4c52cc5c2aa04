/*
 * fund_labels.c — the labels of the Government guidance fund (Art. 54/62/63) in English and
 * Chinese: the mechanism's title, its .ini section's title, its series and its figures (i18n.h).
 */
#include "i18n.h"

static const i18n_label series[] = {
    {"fund.calls", "Guidance fund capital calls", "引导基金出资", 0},
    {"fund.distributions", "Guidance fund distributions", "引导基金分配回款", 0},
    {"fund.leverage", "Fund leverage (1 / government share)", "基金放大倍数", 0},
    {"fund.gov_tvpi", "Government TVPI", "政府出资总价值倍数（TVPI）", 0},
    {"fund.nav", "NAV of all sub-funds (every investor)", "子基金净值合计（全部出资人）", 0},
    {"fund.gov_nav", "Government NAV (the city's share)", "政府出资份额净值", 0},
    {"fund.gov_paid_in", "Government capital paid in", "政府累计实缴出资", 0},
    {"fund.supported", "Capital raised by sub-funds", "子基金募资规模", 0},
    {"fund.concession", "Return conceded to private investors", "让利给社会资本的收益", 0},
    {"fund.loss_rate", "Government loss rate (1 − TVPI when below 1)", "政府出资亏损率（TVPI 低于 1 时为 1 − TVPI）", 0},
    {"fund.treasury", "Budget transfers to the guidance fund (calls less distributions)", "财政对引导基金净拨付", 0},
    {"fund.claims_incurred", "Guidance fund net calls incurred", "引导基金当年净出资", 0},
    {"fund.obligations_end", "Government commitments not yet called", "政府未实缴认缴出资", 0},
};

static const i18n_label figures[] = {
    {"fund.prob_loss_principal", "Probability of losing principal", "本金亏损概率", 'p'},
    {"fund.sme_investment", "Investment in SMEs by the sub-funds", "子基金对中小企业的投资", 'm'},
};

/* The keys of its .ini section with their labels and how their values are shown (kinds in
 * i18n.h: sf_i18n_param). */
static const i18n_label params[] = {
    {"enabled", "Enabled", "启用", 'b'},
    {"commitment", "Yearly government commitment", "年度财政出资承诺", 'm'},
    {"commit_years", "Years of commitments", "承诺出资年数", 'Y'},
    {"gov_share", "Government share of each sub-fund", "政府出资占比", 'p'},
    {"funds_per_vintage", "Sub-funds per vintage", "每年新设子基金数", 'i'},
    {"life", "Sub-fund life", "子基金存续期", 'Y'},
    {"call_rates", "Capital call rates by age", "各年度出资比例", 'P'},
    {"bow", "Distribution curve exponent (bow)", "分配曲线指数", 'n'},
    {"growth", "Mean yearly NAV growth", "净值年均增长率", 'p'},
    {"growth_sd", "Volatility of NAV growth", "净值增长率波动率", 'p'},
    {"growth_corr", "Share of growth common to the sub-funds", "子基金增长的共同因子占比", 'n'},
    {"growth_beta", "Link of fund growth to the credit cycle", "基金增长与信用周期的关联系数", 'n'},
    {"yield", "Minimum distribution yield", "最低分配比例", 'p'},
    {"concession", "Concession to private investors", "对社会资本的让利方式", 'c'},
    {"return_cap", "Cap on the government's return", "政府收益率上限", 'p'},
    {"first_loss", "Government first-loss cover", "政府承担首亏比例", 'p'},
};

const i18n_mechanism_labels sf_fund_labels = {
    .title = {"Government guidance fund", "政府引导基金"},
    .section = {"Guidance fund (Articles 54, 62 and 63)",
                "政府引导基金（第五十四条、第六十二条、第六十三条）"},
    .series = series,
    .nseries = sizeof series / sizeof series[0],
    .figures = figures,
    .nfigures = sizeof figures / sizeof figures[0],
    .params = params,
    .nparams = sizeof params / sizeof params[0],
};
