/*
 * fund.h — government guidance fund of funds (Art. 54/62/63) on Takahashi–Alexander.
 *
 * Money in CNY; growth, yield and return_cap are fractions per year; ages in years (a = 1 in a
 * sub-fund's vintage year). Source of the cash-flow model: D. Takahashi and S. Alexander,
 * "Illiquid Alternative Asset Fund Modeling", Journal of Portfolio Management 28(2), 2002.
 */
#ifndef SF_FUND_H
#define SF_FUND_H

#include "sf.h"

#define SF_FUND_MAX_CALL_RATES 32

typedef enum sf_fund_concession { SF_FUND_NONE = 0, SF_FUND_RETURN_CAP = 1, SF_FUND_FIRST_LOSS = 2 } sf_fund_concession;

typedef struct sf_fund_params {
    int enabled;
    double commitment; /* CNY a year from the government */
    int commit_years;
    double gov_share;
    int funds_per_vintage;
    int life;
    double call_rates[SF_FUND_MAX_CALL_RATES];
    int ncall_rates;
    double bow, growth, growth_sd, growth_corr, growth_beta, yield;
    sf_fund_concession concession;
    double return_cap, first_loss;
} sf_fund_params;

/* One sub-fund's state: committed capital CC, paid-in PIC, NAV, distributions so far. */
typedef struct sf_fund_state {
    double cc, pic, nav, dist;
} sf_fund_state;

/* One Takahashi–Alexander year at age a (1..life) with growth g: call C_a = RC_a·(CC − PIC_{a−1})
 * (RC_a = call_rates[a−1], the last one repeating), distribution D_a = max(yield, (a/life)^bow)·
 * NAV_{a−1}·(1 + g), NAV_a = NAV_{a−1}·(1 + g) + C_a − D_a; at a = life everything is distributed,
 * that year's call included (NAV_life = 0). A growth below −100 % is taken as −100 % (NAV ≥ 0).
 * Updates *f and writes the call and the distribution. */
void sf_fund_ta_step(const sf_fund_params *fp, sf_fund_state *f, int age, double g, double *call, double *dist);

/* The government's loss on a liquidated sub-fund of size cc, paid-in pic, distributions dist in
 * total, under the first-loss concession: min(L, F) + s·max(0, L − F) with L = max(0, pic − dist)
 * and F = first_loss·cc, never more than its paid-in s·pic. Without the concession it is s·L. */
double sf_fund_gov_first_loss(const sf_fund_params *fp, double cc, double pic, double dist);

struct sf_mechanism;
extern const struct sf_mechanism sf_fund_mechanism;

#endif
