/*
 * insurance.h — loan guarantee insurance with premium subsidy and stop-loss (Art. 64).
 *
 * Definitions (issue 3): insured balance IB = h·N·A; premium = premium_rate·IB; premium subsidy
 * (budget) = premium_subsidy_share·premium; the insurer pays insurer_share of insured principal
 * in default; loss ratio = insurer claims / premium; above stoploss_attach the government pays
 * stoploss_share of the excess claims (insurance.stoploss, budget). Money in CNY, rates per year.
 *
 * What the year leaves (issue 11): the insured loans outstanding at its end, run off (runoff.h),
 * bring expected insurer claims C = insurer_share·Σ h·N_{t+1}·A·(expected defaults per loan) and
 * premiums P = premium_rate·Σ h·N_{t+1}·A·(expected performing years); the obligation is the
 * stop-loss at these expectations, stoploss_share·max(0, C − stoploss_attach·P). The stop-loss is
 * convex in the claims, so this is a lower bound on its expectation.
 */
#ifndef SF_INSURANCE_H
#define SF_INSURANCE_H

typedef struct sf_insurance_params {
    int enabled;
    double premium_rate, premium_subsidy_share, insurer_share;
    double stoploss_attach; /* loss ratio above which the government pays */
    double stoploss_share;
} sf_insurance_params;

/* Output series, in the order of the mechanism's series table (out[k] of year_step). */
enum {
    SF_INSURANCE_S_PREMIUM_SUBSIDY = 0, /* insurance.premium_subsidy (budget) */
    SF_INSURANCE_S_STOPLOSS,            /* insurance.stoploss (budget) */
    SF_INSURANCE_S_LOSS_RATIO,          /* insurance.loss_ratio: insurer claims / premium */
    SF_INSURANCE_S_SUPPORTED,           /* insurance.supported: IB */
    SF_INSURANCE_S_LOSS_RATE,           /* insurance.loss_rate: insured principal in default·LGD / IB */
    SF_INSURANCE_S_PREMIUM,             /* insurance.premium */
    SF_INSURANCE_S_CLAIMS,              /* insurance.claims: insurer_share × insured principal in default */
    SF_INSURANCE_S_TREASURY,            /* insurance.treasury: premium subsidy + stop-loss */
    SF_INSURANCE_S_INCURRED,            /* insurance.claims_incurred: the budget lines (nothing is deferred) */
    SF_INSURANCE_S_OBLIGATIONS,         /* insurance.obligations_end: the stop-loss expected on the insured
                                           loans outstanding (stock) */
    SF_INSURANCE_NSERIES
};

/* The government's stop-loss payment for insurer claims `claims` against premium `premium`:
 * stoploss_share·max(0, claims − stoploss_attach·premium). */
double sf_insurance_stoploss(const sf_insurance_params *p, double claims, double premium);

struct sf_mechanism;
extern const struct sf_mechanism sf_insurance_mechanism;

#endif
