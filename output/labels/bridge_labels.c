/*
 * bridge_labels.c — the labels of the Emergency bridge-loan fund (Art. 58) in English and
 * Chinese: the mechanism's title, its .ini section's title, its series and its figures (i18n.h).
 */
#include "i18n.h"

static const i18n_label series[] = {
    {"bridge.loss", "Bridge fund losses replenished", "应急转贷损失补充", 0},
    {"bridge.requests", "Bridge requests", "转贷申请笔数", 0},
    {"bridge.rejection_rate", "Rejection rate", "拒绝率", 0},
    {"bridge.utilisation", "Fund utilisation", "资金使用率", 0},
    {"bridge.volume", "Bridge volume", "转贷金额", 0},
    {"bridge.fee_income", "Bridge fee income", "转贷费收入", 0},
    {"bridge.supported", "Renewals bridged", "获转贷支持的续贷", 0},
};

static const i18n_label figures[] = {
    {"bridge.capital_for_rejection_1pct", "Capital for a 1 % rejection rate", "拒绝率降至 1% 所需资本金",
     'm'},
    {"bridge.capital_for_rejection_5pct", "Capital for a 5 % rejection rate", "拒绝率降至 5% 所需资本金",
     'm'},
    {"bridge.rejection_pooled", "Requests rejected, all paths and years", "全部路径与年度的拒绝申请占比",
     'p'},
    {"bridge.rejection_pooled_money", "Money requested and rejected, all paths and years",
     "全部路径与年度被拒申请金额占比", 'p'},
};

const i18n_mechanism_labels sf_bridge_labels = {
    .title = {"Emergency bridge-loan fund", "应急转贷资金"},
    .section = {"Emergency bridge-loan fund (Article 58)", "应急转贷资金（第五十八条）"},
    .series = series,
    .nseries = sizeof series / sizeof series[0],
    .figures = figures,
    .nfigures = sizeof figures / sizeof figures[0],
};
