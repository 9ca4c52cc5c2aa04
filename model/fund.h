/*
 * fund.h — government guidance fund of funds (Art. 54/62/63) on Takahashi–Alexander.
 */
#ifndef SF_FUND_H
#define SF_FUND_H

#define FUND_MAX_CALL_RATES 32

typedef enum fund_concession { FUND_NONE = 0, FUND_RETURN_CAP = 1, FUND_FIRST_LOSS = 2 } fund_concession;

typedef struct fund_params {
    int enabled;
    double commitment; /* CNY a year from the government */
    int commit_years;
    double gov_share;
    int funds_per_vintage;
    int life;
    double call_rates[FUND_MAX_CALL_RATES];
    int ncall_rates;
    double bow, growth, growth_sd, growth_corr, growth_beta, yield;
    fund_concession concession;
    double return_cap, first_loss;
} fund_params;

struct sf_mechanism;
extern const struct sf_mechanism fund_mechanism;

#endif
