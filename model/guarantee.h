/*
 * guarantee.h — policy financing guarantee with 4222 risk sharing and a leverage limit (Art. 60).
 *
 * Definitions (issue 3): guaranteed balance GB = g·N·A; fee income = fee_rate (fee_rate_large
 * when A > large_threshold) × GB; fee subsidy (budget) = fee_subsidy_rate·GB + fee_subsidy_share·fees.
 * On guaranteed principal in default P the guarantor pays the bank coverage·P; the national fund
 * reimburses national_share·P while claims / GB <= national_claim_cap, the provincial
 * re-guarantor provincial_share·P, the city city_share·P (guarantee.loss_comp). Recoveries are
 * shared in proportion to what each party paid. Capital K: + fees + yield·K − own net claims −
 * opex_rate·GB − reguarantee_fee·national_share·GB + own recoveries. At the start of a year with
 * GB > leverage_limit·K the city injects GB/limit − K (inject = 1) or the book is rationed to
 * leverage_limit·K (inject = 0). Money in CNY, rates per year.
 *
 * What the year leaves (issue 11): the provision for the guaranteed loans outstanding at its end
 * is Σ_s x·g·N_{t+1}·A × expected defaults per loan over the remaining life (runoff.h) × lgd ×
 * (coverage − the national and provincial shares of the year), i.e. the expected claims net of
 * recoveries that the guarantor (capitalised by the city) and the city will bear.
 */
#ifndef SF_GUARANTEE_H
#define SF_GUARANTEE_H

typedef struct sf_guarantee_params {
    int enabled;
    double fee_rate, fee_rate_large, large_threshold;
    double fee_subsidy_rate;  /* x guaranteed balance, paid by the budget */
    double fee_subsidy_share; /* x fee income, paid by the budget */
    double coverage;          /* share of guaranteed principal in default the guarantor pays the bank */
    double national_share, provincial_share, city_share;
    double national_claim_cap; /* national fund reimburses only while claims / GB <= this */
    double reguarantee_fee;    /* x (national_share x GB) */
    double capital_initial;
    double opex_rate;
    double yield;
    double leverage_limit; /* <= 0: no limit */
    int inject; /* 1: the city injects capital to stay within the limit; 0: ration */
    double small_micro_min;
} sf_guarantee_params;

/* Output series, in the order of the mechanism's series table (out[k] of year_step). */
enum {
    SF_GUARANTEE_S_FEE_SUBSIDY = 0, /* guarantee.fee_subsidy (budget) */
    SF_GUARANTEE_S_LOSS_COMP,       /* guarantee.loss_comp: city_share·P (budget) */
    SF_GUARANTEE_S_INJECTION,       /* guarantee.capital_injection (budget) */
    SF_GUARANTEE_S_RECOVERED,       /* guarantee.recovered: the city's share of recoveries (budget, <= 0) */
    SF_GUARANTEE_S_CLAIM_RATE,      /* guarantee.claim_rate: claims / GB (代偿率) */
    SF_GUARANTEE_S_LEVERAGE,        /* guarantee.leverage: GB / K after injection */
    SF_GUARANTEE_S_CAPITAL,         /* guarantee.capital at the end of the year (stock) */
    SF_GUARANTEE_S_SMALL_MICRO,     /* guarantee.small_micro_share of GB (Art. 60: >= 80 %) */
    SF_GUARANTEE_S_SUPPORTED,       /* guarantee.supported: GB after rationing */
    SF_GUARANTEE_S_LOSS_RATE,       /* guarantee.loss_rate: P·LGD / GB */
    SF_GUARANTEE_S_RATIONED,        /* guarantee.rationed: guarantees refused at the limit (stock) */
    SF_GUARANTEE_S_FEES,            /* guarantee.fees: fee income */
    SF_GUARANTEE_S_DEFAULTED,       /* guarantee.defaulted: P, guaranteed principal in default */
    SF_GUARANTEE_S_CLAIMS,          /* guarantee.claims: coverage·P paid to banks */
    SF_GUARANTEE_S_BANK_LOSS,       /* guarantee.bank_loss: (1 − coverage)·P */
    SF_GUARANTEE_S_NATIONAL,        /* guarantee.national: national fund reimbursement */
    SF_GUARANTEE_S_PROVINCIAL,      /* guarantee.provincial: provincial re-guarantor reimbursement */
    SF_GUARANTEE_S_NET_CLAIMS,      /* guarantee.net_claims: the guarantor's own share of P */
    SF_GUARANTEE_S_OPEX,            /* guarantee.opex */
    SF_GUARANTEE_S_REG_FEES,        /* guarantee.reguarantee_fees */
    SF_GUARANTEE_S_YIELD,           /* guarantee.yield_income: yield·K */
    SF_GUARANTEE_S_OWN_RECOVERED,   /* guarantee.own_recovered: the guarantor's share of recoveries */
    SF_GUARANTEE_S_TREASURY,        /* guarantee.treasury: capital_initial in the first year + the four
                                       budget lines (fee subsidy, loss compensation, recoveries, injection) */
    SF_GUARANTEE_S_INCURRED,        /* guarantee.claims_incurred: the budget lines (nothing is deferred) */
    SF_GUARANTEE_S_OBLIGATIONS,     /* guarantee.obligations_end: provision for the guaranteed loans
                                       outstanding, the guarantor's and the city's part (stock) */
    SF_GUARANTEE_S_HAS_BOOK,        /* guarantee.has_book: 1 when GB > 0 (the denominator of
                                       small_micro_share, claim_rate, leverage), else 0: its mean is the
                                       share of paths with a book, E[share | book] = E[share] / that */
    SF_GUARANTEE_NSERIES
};

struct sf_mechanism;
extern const struct sf_mechanism sf_guarantee_mechanism;

#endif
