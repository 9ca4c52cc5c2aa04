/*
 * risk_comp_labels.c — the labels of the Loan risk compensation (Art. 55) in English and Chinese:
 * the mechanism's title, its .ini section's title, its series and its figures (i18n.h).
 */
#include "i18n.h"

static const i18n_label series[] = {
    {"risk_comp.paid", "Risk compensation paid", "风险补偿支出", 0},
    {"risk_comp.recovered", "Recoveries returned to the pool", "风险补偿回收款", 0},
    {"risk_comp.pool_balance", "Compensation pool balance", "风险补偿资金池余额", 0},
    {"risk_comp.shortfall", "Claims beyond the pool (shortfall)", "资金池缺口", 0},
    {"risk_comp.supported", "Loans covered by compensation", "纳入风险补偿的贷款", 0},
    {"risk_comp.claims", "Compensation claims", "风险补偿申请额", 0},
    {"risk_comp.loss_rate", "Loss rate of covered loans", "补偿贷款损失率", 0},
    {"risk_comp.suspended_banks", "Banks suspended (NPL above the line)", "暂停补偿的银行数", 0},
};

static const i18n_label figures[] = {
    {"risk_comp.shortfall_probability", "Chance the pool runs short in some year", "资金池出现缺口的概率",
     'p'},
};

const i18n_mechanism_labels sf_risk_comp_labels = {
    .title = {"Loan risk compensation", "贷款风险补偿"},
    .section = {"Loan risk compensation (Article 55)", "贷款风险补偿（第五十五条）"},
    .series = series,
    .nseries = sizeof series / sizeof series[0],
    .figures = figures,
    .nfigures = sizeof figures / sizeof figures[0],
};
