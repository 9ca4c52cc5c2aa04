/*
 * vasicek_fit.h — maximum-likelihood fit of the Vasicek (2002) default-rate distribution.
 *
 * A large homogeneous portfolio's yearly default rate x has the density
 *   f(x) = sqrt((1−ρ)/ρ)·exp(½Φ⁻¹(x)² − (sqrt(1−ρ)Φ⁻¹(x) − Φ⁻¹(pd))²/(2ρ)),
 * which says that z = Φ⁻¹(x) ~ N(μ, σ²) with μ = Φ⁻¹(pd)/sqrt(1−ρ) and σ² = ρ/(1−ρ) (O. Vasicek,
 * "Loan portfolio value", Risk, December 2002). The Jacobian of z ↦ x does not depend on (pd, ρ),
 * so the MLE is the normal MLE of (μ, σ²) mapped back: ρ = σ²/(1+σ²), pd = Φ(μ/sqrt(1+σ²)).
 * Rates are fractions in (0, 1); pd a fraction per year; ρ the asset correlation in (0, 1).
 */
#ifndef SF_VASICEK_FIT_H
#define SF_VASICEK_FIT_H

#include <stddef.h>

/* Closed-form MLE of pd and rho from n ≥ 2 yearly default rates in (0, 1), with standard errors
 * from the inverse observed information of (μ, σ²) by the delta method (outputs; se_* may be
 * NULL). Returns SF_OK, or SF_EINVAL for n < 2, a rate outside (0, 1) or rates all equal. */
int sf_vasicek_fit(const double *rates, size_t n, double *pd, double *rho, double *se_pd, double *se_rho);

/* The log-likelihood Σ log f(x_i); -inf outside 0 < pd < 1, 0 < rho < 1. */
double sf_vasicek_loglik(const double *rates, size_t n, double pd, double rho);

/* The same MLE found numerically: gsl_multimin_fminimizer_nmsimplex2 on (Φ⁻¹(pd), logit ρ)
 * from (pd0, rho0) until the simplex is smaller than tol (in those coordinates). Outputs *pd and
 * *rho. Returns SF_OK, SF_EINVAL for bad arguments, SF_ENOMEM, or SF_EFAIL without convergence. */
int sf_vasicek_fit_numeric(const double *rates, size_t n, double pd0, double rho0, double tol, double *pd,
                        double *rho);

/* Standard errors of pd and rho from a central-difference Hessian of the log-likelihood at
 * (pd, rho), i.e. the observed information (outputs). Returns SF_OK, or SF_EFAIL when the
 * Hessian is not negative definite there. */
int sf_vasicek_se_numeric(const double *rates, size_t n, double pd, double rho, double *se_pd, double *se_rho);

#endif
