/*
 * insurance.h — loan guarantee insurance with premium subsidy and stop-loss (Art. 64).
 */
#ifndef SF_INSURANCE_H
#define SF_INSURANCE_H

typedef struct insurance_params {
    int enabled;
    double premium_rate, premium_subsidy_share, insurer_share;
    double stoploss_attach; /* loss ratio above which the government pays */
    double stoploss_share;
} insurance_params;

struct sf_mechanism;
extern const struct sf_mechanism insurance_mechanism;

#endif
