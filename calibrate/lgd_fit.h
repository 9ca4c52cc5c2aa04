/*
 * lgd_fit.h — maximum-likelihood fit of a Beta distribution to loss-given-default observations.
 *
 * smefin draws LGD ~ Beta with mean `lgd` and sd `lgd_sd` (docs/engine.md); this fit gives both,
 * with the shapes a, b. LGDs are fractions of the exposure in (0, 1).
 */
#ifndef SF_LGD_FIT_H
#define SF_LGD_FIT_H

#include <stddef.h>

typedef struct sf_lgd_fit_result {
    double a, b;          /* Beta shapes */
    double mean, sd;      /* a/(a+b) and sqrt(ab/((a+b)²(a+b+1))): the segments.csv lgd, lgd_sd */
    double se_a, se_b, se_mean, se_sd;
    double n_eff;         /* the effective sample size (Kish, (Σw)²/Σw²; n without weights) */
    double loglik;        /* at the optimum, weights scaled to sum to n_eff */
    int iterations;
} sf_lgd_fit_result;

/* Beta MLE of n ≥ 2 values x in (0, 1) with optional weights w > 0 (NULL: all 1). The weights
 * are scaled to sum to n_eff, so weighted data carry the information of n_eff observations.
 * gsl_multimin_fminimizer_nmsimplex2 on (log a, log b), started at the method of moments, runs
 * until the simplex is smaller than tol; standard errors from the analytic observed information
 * (trigamma) and, for mean and sd, the delta method. Writes *res. Returns SF_OK, SF_EINVAL
 * (bad arguments, values all equal), SF_ENOMEM, or SF_EFAIL without convergence. */
int sf_lgd_fit(const double *x, const double *w, size_t n, double tol, sf_lgd_fit_result *res);

/* The weighted Beta log-likelihood Σ w_i·log Beta(x_i; a, b) (w NULL: all 1). */
double sf_lgd_loglik(const double *x, const double *w, size_t n, double a, double b);

#endif
