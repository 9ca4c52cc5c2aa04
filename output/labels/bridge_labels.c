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
    {"bridge.rejected", "Bridge requests rejected", "被拒绝的转贷申请笔数", 0},
    {"bridge.requested_volume", "Bridge money requested", "申请转贷金额", 0},
    {"bridge.rejected_volume", "Bridge money requested and rejected", "被拒绝的转贷申请金额", 0},
    {"bridge.turnover", "Fund turnover (volume / capital)", "资金周转次数（转贷金额/资金规模）", 0},
    {"bridge.loss_rate", "Loss rate of bridges", "转贷损失率", 0},
    {"bridge.outstanding", "Bridges outstanding at year end", "年末在途转贷余额", 0},
    {"bridge.suspended_rejections", "Requests rejected while new bridges were suspended", "暂停新增转贷期间被拒绝的申请笔数", 0},
    {"bridge.treasury", "Budget transfers to the bridge fund", "财政拨付应急转贷资金", 0},
    {"bridge.claims_incurred", "Bridge fund losses incurred", "应急转贷当年损失发生额", 0},
    {"bridge.obligations_end", "Expected losses on bridges outstanding at year end", "年末在途转贷预计损失", 0},
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

/* The keys of its .ini section with their labels and how their values are shown (kinds in
 * i18n.h: sf_i18n_param). */
static const i18n_label params[] = {
    {"enabled", "Enabled", "启用", 'b'},
    {"capital", "Fund capital", "应急转贷资金规模", 'm'},
    {"need_rate", "Share of renewals needing a bridge", "需要转贷的续贷比例", 'p'},
    {"advance_share", "Bridge as a share of the loan", "转贷金额占贷款比例", 'p'},
    {"firm_cap", "Cap per firm", "单户转贷上限", 'm'},
    {"duration", "Duration of a bridge", "转贷期限分布", 'c'},
    {"duration_days", "Duration", "转贷期限", 'd'},
    {"max_days", "Longest duration", "最长转贷期限", 'd'},
    {"fee_daily", "Daily fee", "日费率", 'r'},
    {"fee_daily_after", "Daily fee after the step day", "上调后日费率", 'r'},
    {"fee_step_day", "Day the fee steps up", "费率上调起始日", 'd'},
    {"refuse_prob", "Chance the bank refuses to renew", "银行拒绝续贷的概率", 'p'},
    {"refuse_rho", "Correlation of refusals with the cycle", "拒贷与信用周期的相关系数", 'n'},
    {"recovery", "Recovery on a failed bridge", "转贷失败时的回收率", 'p'},
    {"suspend_overdue_share", "New bridges stop above an overdue share of", "逾期占比高于此值时暂停新增转贷", 'p'},
};

const i18n_mechanism_labels sf_bridge_labels = {
    .title = {"Emergency bridge-loan fund", "应急转贷资金"},
    .section = {"Emergency bridge-loan fund (Article 58)", "应急转贷资金（第五十八条）"},
    .series = series,
    .nseries = sizeof series / sizeof series[0],
    .figures = figures,
    .nfigures = sizeof figures / sizeof figures[0],
    .params = params,
    .nparams = sizeof params / sizeof params[0],
};
