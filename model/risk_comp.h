/*
 * risk_comp.h — loan risk compensation pool (Art. 55). Money in CNY, shares as fractions.
 */
#ifndef SF_RISK_COMP_H
#define SF_RISK_COMP_H

#define RISK_COMP_MAX_TIERS 16

typedef enum risk_comp_shortfall { RISK_COMP_DEFER = 0, RISK_COMP_PRORATE = 1 } risk_comp_shortfall;

typedef struct risk_comp_params {
    int enabled;
    double share;     /* base share of NPL principal compensated */
    double share_cap; /* ceiling on share + uplift */
    int ntiers;       /* size_tiers: loans of amount <= tier_amount[i] get tier_share[i] */
    double tier_amount[RISK_COMP_MAX_TIERS];
    double tier_share[RISK_COMP_MAX_TIERS];
    double uplift[7]; /* per sf_product: uplift.<product> */
    double corridor_low, corridor_high, suspend_above;
    double bank_cap; /* per bank and year, 0 = none */
    double loan_cap; /* per loan, 0 = none */
    double pool_initial;
    double appropriation; /* per year into the pool */
    risk_comp_shortfall on_shortfall;
} risk_comp_params;

struct sf_mechanism;
extern const struct sf_mechanism risk_comp_mechanism;

#endif
