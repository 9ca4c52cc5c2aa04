/*
 * interest_labels.c — the labels of the Loan interest subsidy (Art. 21/57) in English and
 * Chinese: the mechanism's title, its .ini section's title, its series and its figures (i18n.h).
 */
#include "i18n.h"

static const i18n_label series[] = {
    {"interest_subsidy.paid", "Loan interest subsidy", "贷款贴息", 0},
    {"interest_subsidy.supported", "Subsidised loans", "贴息贷款", 0},
    {"interest_subsidy.demand", "Subsidy due before the cap", "封顶前应付贴息", 0},
    {"interest_subsidy.loss_rate", "Loss rate of subsidised loans", "贴息贷款损失率", 0},
    {"interest_subsidy.prorate", "Share paid after the cap", "封顶后支付比例", 0},
    {"interest_subsidy.treasury", "Budget transfers for interest subsidies", "财政拨付贴息资金", 0},
    {"interest_subsidy.claims_incurred", "Interest subsidy incurred", "贴息当年发生额", 0},
};

/* The keys of its .ini section with their labels and how their values are shown (kinds in
 * i18n.h: sf_i18n_param). */
static const i18n_label params[] = {
    {"enabled", "Enabled", "启用", 'b'},
    {"cap", "Yearly cap", "年度贴息上限", 'M'},
    {"rate_share", "Subsidy as a share of the loan rate", "贴息占贷款利率的比例", 'p'},
};

const i18n_mechanism_labels sf_interest_labels = {
    .title = {"Loan interest subsidy", "贷款贴息"},
    .section = {"Interest subsidy (Articles 21 and 57)", "贷款贴息（第二十一条、第五十七条）"},
    .series = series,
    .nseries = sizeof series / sizeof series[0],
    .params = params,
    .nparams = sizeof params / sizeof params[0],
};
