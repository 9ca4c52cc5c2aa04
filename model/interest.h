/*
 * interest.h — interest subsidies (Art. 21/57): segment rate x performing eligible balance.
 *
 * Definition (issue 3): paid = Σ_s interest_subsidy_s × N_s·A_s (the performing balance at the
 * start of the year, as for fees and premiums), pro-rated down to `cap` when cap > 0 and the sum
 * exceeds it. The segment column `interest_subsidy` is the subsidy rate in percentage points of
 * interest per year (0.01 = 1 pp); segments with rate 0 are not eligible. Money in CNY.
 *
 * With `rate_share` > 0 (an added key; Shenzhen's sci-tech 贴息 subsidises 50 % of the interest,
 * policy-parameters.md §2) the column is instead the eligible share of the segment's loans and the
 * subsidy rate is rate_share × the segment's loan `rate`: paid = Σ rate_share·rate_s ×
 * interest_subsidy_s·N_s·A_s. rate_share = 0 (the default) is the issue-3 definition above.
 */
#ifndef SF_INTEREST_H
#define SF_INTEREST_H

typedef struct sf_interest_params {
    int enabled;
    double cap;        /* CNY a year, 0 = none */
    double rate_share; /* 0: the column is the subsidy rate; > 0: share of the loan rate subsidised */
} sf_interest_params;

/* Output series, in the order of the mechanism's series table (out[k] of year_step). */
enum {
    SF_INTEREST_S_PAID = 0,  /* interest_subsidy.paid (budget) */
    SF_INTEREST_S_DEMAND,    /* interest_subsidy.demand: the subsidy before the cap */
    SF_INTEREST_S_PRORATE,   /* interest_subsidy.prorate: paid / demand (1 when uncapped) */
    SF_INTEREST_S_SUPPORTED, /* interest_subsidy.supported: performing eligible balance */
    SF_INTEREST_S_LOSS_RATE, /* interest_subsidy.loss_rate: eligible principal in default·LGD / balance */
    SF_INTEREST_S_TREASURY,  /* interest_subsidy.treasury: what is paid (a direct subsidy) */
    SF_INTEREST_S_INCURRED,  /* interest_subsidy.claims_incurred: what is paid (nothing is deferred) */
    SF_INTEREST_NSERIES
};

struct sf_mechanism;
extern const struct sf_mechanism sf_interest_mechanism;

#endif
