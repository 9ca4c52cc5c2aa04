/*
 * insurance_labels.c — the labels of the Loan guarantee and credit insurance (Art. 64) in English
 * and Chinese: the mechanism's title, its .ini section's title, its series and its figures
 * (i18n.h).
 */
#include "i18n.h"

static const i18n_label series[] = {
    {"insurance.premium_subsidy", "Insurance premium subsidy", "保险保费补贴", 0},
    {"insurance.stoploss", "Insurance stop-loss payment", "保险超赔分担", 0},
    {"insurance.loss_ratio", "Insurer loss ratio", "保险赔付率", 0},
    {"insurance.supported", "Insured loans", "投保贷款", 0},
    {"insurance.claims", "Insurer claims paid", "保险赔付", 0},
    {"insurance.loss_rate", "Loss rate of insured loans", "投保贷款损失率", 0},
    {"insurance.premium", "Premiums", "保费", 0},
    {"insurance.treasury", "Budget transfers for insurance", "财政拨付保险资金", 0},
    {"insurance.claims_incurred", "Insurance budget claims incurred", "保险财政当年发生额", 0},
    {"insurance.obligations_end", "Expected stop-loss on insured loans outstanding", "年末在保贷款预计超赔分担", 0},
};

/* The keys of its .ini section with their labels and how their values are shown (kinds in
 * i18n.h: sf_i18n_param). */
static const i18n_label params[] = {
    {"enabled", "Enabled", "启用", 'b'},
    {"premium_rate", "Premium rate", "保险费率", 'p'},
    {"premium_subsidy_share", "Premium subsidy share", "保费补贴比例", 'p'},
    {"insurer_share", "Insurer's share of losses", "保险机构赔付比例", 'p'},
    {"stoploss_attach", "Stop-loss attachment (loss ratio)", "超赔起赔点（赔付率）", 'p'},
    {"stoploss_share", "Government share above the attachment", "超赔部分财政分担比例", 'p'},
};

const i18n_mechanism_labels sf_insurance_labels = {
    .title = {"Loan guarantee and credit insurance", "贷款保证保险与信用保险"},
    .section = {"Insurance (Article 64)", "保险（第六十四条）"},
    .series = series,
    .nseries = sizeof series / sizeof series[0],
    .params = params,
    .nparams = sizeof params / sizeof params[0],
};
