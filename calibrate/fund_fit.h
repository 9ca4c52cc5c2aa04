/*
 * fund_fit.h — least-squares fit of the Takahashi–Alexander fund model (model/fund.h) to one
 * fund's yearly cash flows: bow, growth and the call rates, with life = the last age.
 *
 * Money in CNY (any unit, as long as all columns share it); growth per year; ages in years, 1..L.
 */
#ifndef SF_FUND_FIT_H
#define SF_FUND_FIT_H

#include <stddef.h>

/* Call rates fitted: the first three ages one each, and one rate for every later age (the last
 * entry of `[guidance_fund] call_rates` repeats). */
#define SF_FUND_FIT_NCALL 4

typedef struct sf_fund_fit_result {
    int life;        /* L = the number of ages */
    int ncall_rates; /* min(L, SF_FUND_FIT_NCALL) */
    double bow, growth, call_rates[SF_FUND_FIT_NCALL];
    double se_bow, se_growth, se_call_rates[SF_FUND_FIT_NCALL]; /* NaN where not identified */
    double rmse;     /* root mean square residual of calls, distributions and NAV, CNY */
    int iterations;
} sf_fund_fit_result;

/* Fit ages 1..n (n ≥ 3) of calls, distributions and NAVs (each ≥ 0) of a fund with committed
 * capital `committed` > 0: minimise Σ_a (Ĉ_a − C_a)² + (D̂_a − D_a)² + (NAV̂_a − NAV_a)² over
 * (log bow, log(1+growth), logit of each call rate), with yield 0 and life n, the model path from
 * sf_fund_ta_step. gsl_multimin_fminimizer_nmsimplex2 runs (and restarts once) until the simplex is
 * smaller than tol; it starts at the observed call ratios C_a/(CC − PIC_{a−1}), growth from the
 * NAV roll-forward and bow from a log regression of the distribution ratios. Standard errors:
 * σ²(JᵀJ)⁻¹ with a central-difference Jacobian, σ² = SSR/(3n − p). Writes *res. Returns SF_OK,
 * SF_EINVAL for bad arguments, SF_ENOMEM, or SF_EFAIL without convergence. */
int sf_fund_fit(const double *call, const double *dist, const double *nav, size_t n, double committed, double tol,
             sf_fund_fit_result *res);

#endif
