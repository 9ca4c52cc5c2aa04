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
    {"risk_comp.suspended_banks", "Banks suspended (above the stop line)", "暂停补偿的银行数", 0},
    {"risk_comp.treasury", "Budget transfers into the compensation pool", "财政拨入风险补偿资金池", 0},
    {"risk_comp.deferred_net", "Claims deferred less deferred claims paid", "当年递延补偿净额", 0},
    {"risk_comp.cap_binds", "Pool cap binds (claims beyond the pool)", "资金池上限约束生效", 0},
    {"risk_comp.claims_incurred", "Risk compensation claims incurred", "风险补偿当年发生额", 0},
    {"risk_comp.obligations_end", "Compensation still owed and provision at year end", "年末风险补偿待付及拨备", 0},
    {"risk_comp.any_suspended", "A bank suspended this year", "当年有银行被暂停补偿", 0},
    {"risk_comp.claims_no_suspension", "Compensation claims had no bank been suspended", "不设暂停线时的补偿申请额", 0},
    {"risk_comp.paid_no_suspension", "Compensation paid had no bank been suspended", "不设暂停线时的风险补偿支出", 0},
    {"risk_comp.recovered_no_suspension", "Recoveries had no bank been suspended", "不设暂停线时的回收款", 0},
    {"risk_comp.suspension_effect", "Budget the stop line holds back", "暂停线减少的预算支出", 0},
};

static const i18n_label figures[] = {
    {"risk_comp.shortfall_probability", "Chance the pool runs short in some year", "资金池出现缺口的概率",
     'p'},
    {"risk_comp.owed_end.mean", "Deferred compensation still owed at the end (mean)", "期末仍欠付的递延补偿（均值）", 'm'},
    {"risk_comp.owed_end.p95", "Deferred compensation still owed at the end (P95)", "期末仍欠付的递延补偿（P95）", 'm'},
    {"risk_comp.suspension_probability", "Chance a bank is suspended in some year", "某年有银行被暂停补偿的概率",
     'p'},
    {"risk_comp.needed_no_suspension.total", "Budget needed over the horizon had no bank been suspended",
     "不设暂停线时规划期所需预算", 'm'},
};

/* The keys of its .ini section with their labels and how their values are shown (kinds in
 * i18n.h: sf_i18n_param). */
static const i18n_label params[] = {
    {"enabled", "Enabled", "启用", 'b'},
    {"share", "Compensation share of the principal", "风险补偿比例", 'p'},
    {"share_cap", "Cap on the compensation share", "补偿比例上限", 'p'},
    {"size_tiers", "Share by loan size (loans up to the amount: share)", "按贷款金额分档的补偿比例（金额上限：比例）", 'T'},
    {"uplift.first_loan", "Uplift for first loans", "首贷补偿比例上浮", 'p'},
    {"uplift.credit", "Uplift for unsecured credit loans", "信用贷款补偿比例上浮", 'p'},
    {"uplift.ip_pledge", "Uplift for IP-pledge loans", "知识产权质押贷款补偿比例上浮", 'p'},
    {"uplift.renewal", "Uplift for renewal loans", "续贷补偿比例上浮", 'p'},
    {"uplift.secured", "Uplift for secured loans", "抵质押贷款补偿比例上浮", 'p'},
    {"uplift.supply_chain", "Uplift for supply-chain loans", "供应链贷款补偿比例上浮", 'p'},
    {"uplift.procurement_order", "Uplift for procurement-order loans", "政府采购订单贷款补偿比例上浮", 'p'},
    {"corridor_low", "Bank NPL corridor, lower bound", "银行不良率补偿区间下限", 'p'},
    {"corridor_high", "Bank NPL corridor, upper bound", "银行不良率补偿区间上限", 'p'},
    {"suspend_above", "Compensation suspended for a bank above", "银行高于此值时暂停补偿", 'p'},
    {"suspend_basis", "What the suspension line is compared with", "暂停补偿线的比较口径", 'c'},
    {"bank_cap", "Cap per bank and year", "每家银行年度补偿上限", 'M'},
    {"loan_cap", "Cap per loan", "单笔贷款补偿上限", 'M'},
    {"pool_initial", "Initial pool balance", "资金池初始规模", 'm'},
    {"appropriation", "Yearly appropriation to the pool", "资金池年度预算安排", 'm'},
    {"on_shortfall", "Claims beyond the pool", "超出资金池的补偿申请", 'c'},
    {"funding", "How the budget funds the pool", "资金池的财政注资方式", 'c'},
    {"target_balance", "Pool balance the budget tops up to each year", "每年财政补足的资金池目标余额", 'm'},
};

const i18n_mechanism_labels sf_risk_comp_labels = {
    .title = {"Loan risk compensation", "贷款风险补偿"},
    .section = {"Loan risk compensation (Article 55)", "贷款风险补偿（第五十五条）"},
    .series = series,
    .nseries = sizeof series / sizeof series[0],
    .figures = figures,
    .nfigures = sizeof figures / sizeof figures[0],
    .params = params,
    .nparams = sizeof params / sizeof params[0],
};
