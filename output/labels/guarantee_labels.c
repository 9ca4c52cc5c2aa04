/*
 * guarantee_labels.c — the labels of the Policy financing guarantee (Art. 60) in English and
 * Chinese: the mechanism's title, its .ini section's title, its series and its figures (i18n.h).
 */
#include "i18n.h"

static const i18n_label series[] = {
    {"guarantee.fee_subsidy", "Guarantee fee subsidy", "担保费补贴", 0},
    {"guarantee.loss_comp", "Compensation of guarantor losses", "担保代偿损失补偿", 0},
    {"guarantee.capital_injection", "Guarantor capital injection", "担保机构资本金补充", 0},
    {"guarantee.claim_rate", "Claim rate (代偿率)", "代偿率", 0},
    {"guarantee.leverage", "Leverage (guarantees / capital)", "放大倍数（在保余额/净资产）", 0},
    {"guarantee.capital", "Guarantor capital", "担保机构资本金", 0},
    {"guarantee.small_micro_share", "Small/micro share of the book", "小微企业业务占比", 0},
    {"guarantee.supported", "Guaranteed loans", "担保贷款", 0},
    {"guarantee.bank_loss", "Bank share of guaranteed losses", "银行分担的担保损失", 0},
    {"guarantee.claims", "Guarantor claims paid (代偿)", "担保代偿额", 0},
    {"guarantee.defaulted", "Guaranteed principal in default", "担保贷款违约本金", 0},
    {"guarantee.fees", "Guarantee fees charged", "担保费收入", 0},
    {"guarantee.loss_rate", "Loss rate of guaranteed loans", "担保贷款损失率", 0},
    {"guarantee.national", "National guarantee fund share", "国家融资担保基金分担", 0},
    {"guarantee.net_claims", "Guarantor net claims", "担保机构净代偿", 0},
    {"guarantee.opex", "Guarantor operating costs", "担保机构运营费用", 0},
    {"guarantee.own_recovered", "Guarantor recoveries", "担保机构追偿回收", 0},
    {"guarantee.provincial", "Provincial re-guarantee share", "省级再担保分担", 0},
    {"guarantee.rationed", "Guarantees rationed (no capital)", "因资本不足未能提供的担保", 0},
    {"guarantee.recovered", "Recoveries returned to the city", "返还财政的追偿款", 0},
    {"guarantee.reguarantee_fees", "Re-guarantee fees", "再担保费", 0},
    {"guarantee.yield_income", "Guarantor investment income", "担保机构投资收益", 0},
    {"guarantee.treasury", "Budget transfers for the guarantee", "财政拨付担保资金", 0},
    {"guarantee.claims_incurred", "Guarantee budget claims incurred", "担保财政当年发生额", 0},
    {"guarantee.obligations_end", "Provision for guarantees outstanding at year end", "年末在保余额代偿拨备", 0},
    {"guarantee.has_book", "Guaranteed book outstanding (share of paths)", "有在保余额（路径占比）", 0},
};

static const i18n_label figures[] = {
    {"guarantee.injection_probability", "Chance of a capital injection", "需要补充资本金的概率", 'p'},
    {"guarantee.small_micro_share_min", "Lowest small/micro share over the paths", "小微业务占比最低值", 'p'},
    {"guarantee.small_micro_below_min", "Chance the small/micro share falls below the rule",
     "小微业务占比低于要求的概率", 'p'},
    {"guarantee.break_even_fee", "Break-even guarantee fee", "保本担保费率", 'p'},
};

/* The keys of its .ini section with their labels and how their values are shown (kinds in
 * i18n.h: sf_i18n_param). */
static const i18n_label params[] = {
    {"enabled", "Enabled", "启用", 'b'},
    {"fee_rate", "Guarantee fee rate", "担保费率", 'p'},
    {"fee_rate_large", "Fee rate on large loans", "大额贷款担保费率", 'p'},
    {"large_threshold", "Large-loan threshold", "大额贷款标准", 'm'},
    {"fee_subsidy_rate", "Fee subsidy (share of the guaranteed balance)", "担保费补贴（占在保余额）", 'p'},
    {"fee_subsidy_share", "Fee subsidy (share of the fees)", "担保费补贴比例（占担保费）", 'p'},
    {"coverage", "Guarantor's share of a loss", "担保机构代偿比例", 'p'},
    {"national_share", "National guarantee fund's share", "国家融资担保基金分险比例", 'p'},
    {"provincial_share", "Provincial re-guarantor's share", "省级再担保机构分险比例", 'p'},
    {"city_share", "City's share of guarantor losses", "市财政分担比例", 'p'},
    {"national_claim_cap", "National fund's claim-rate cap", "国家融资担保基金代偿率上限", 'p'},
    {"reguarantee_fee", "Re-guarantee fee rate", "再担保费率", 'p'},
    {"capital_initial", "Guarantor's initial capital", "担保机构初始资本金", 'm'},
    {"opex_rate", "Operating cost rate", "运营费用率", 'p'},
    {"yield", "Investment yield on capital", "资本金投资收益率", 'p'},
    {"leverage_limit", "Legal leverage limit", "法定放大倍数上限", 'x'},
    {"inject", "Capital injected above the limit", "超过上限时补充资本金", 'b'},
    {"small_micro_min", "Minimum small/micro share of the book", "小微业务最低占比", 'p'},
};

const i18n_mechanism_labels sf_guarantee_labels = {
    .title = {"Policy financing guarantee", "政策性融资担保"},
    .section = {"Policy financing guarantee (Article 60)", "政策性融资担保（第六十条）"},
    .series = series,
    .nseries = sizeof series / sizeof series[0],
    .figures = figures,
    .nfigures = sizeof figures / sizeof figures[0],
    .params = params,
    .nparams = sizeof params / sizeof params[0],
};
