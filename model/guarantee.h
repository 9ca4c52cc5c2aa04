/*
 * guarantee.h — policy financing guarantee with 4222 risk sharing and a leverage limit (Art. 60).
 */
#ifndef SF_GUARANTEE_H
#define SF_GUARANTEE_H

typedef struct guarantee_params {
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
    double leverage_limit;
    int inject; /* 1: the city injects capital to stay within the limit; 0: ration */
    double small_micro_min;
} guarantee_params;

struct sf_mechanism;
extern const struct sf_mechanism guarantee_mechanism;

#endif
