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
    {"fund.nav", "Government NAV", "政府份额净值", 0},
    {"fund.supported", "Capital raised by sub-funds", "子基金募资规模", 0},
};

static const i18n_label figures[] = {
    {"fund.prob_loss_principal", "Probability of losing principal", "本金亏损概率", 'p'},
    {"fund.sme_investment", "Investment in SMEs by the sub-funds", "子基金对中小企业的投资", 'm'},
};

const i18n_mechanism_labels sf_fund_labels = {
    .title = {"Government guidance fund", "政府引导基金"},
    .section = {"Guidance fund (Articles 54, 62 and 63)",
                "政府引导基金（第五十四条、第六十二条、第六十三条）"},
    .series = series,
    .nseries = sizeof series / sizeof series[0],
    .figures = figures,
    .nfigures = sizeof figures / sizeof figures[0],
};
