/*
 * vasicek_fit.c — Vasicek default-rate fit: closed-form MLE, the numeric check, standard errors.
 */
#include "vasicek_fit.h"

#include "sf.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <math.h>

/* Relative step of the central-difference Hessian: the error is O(h²) against the rounding
 * error O(ε/h²) of the log-likelihood, balanced near h = ε^(1/4) ≈ 1e-4. */
#define HESS_REL_STEP 1e-4
#define NUMERIC_MAX_ITER 20000

int sf_vasicek_fit(const double *rates, size_t n, double *pd, double *rho, double *se_pd, double *se_rho)
{
    if (rates == NULL || n < 2)
        return SF_EINVAL;
    /* Welford's running mean and sum of squares of z = Φ⁻¹(x). */
    double mean = 0.0, m2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!(rates[i] > 0.0 && rates[i] < 1.0))
            return SF_EINVAL;
        const double z = gsl_cdf_ugaussian_Pinv(rates[i]);
        const double d = z - mean;
        mean += d / (double)(i + 1);
        m2 += d * (z - mean);
    }
    const double s = m2 / (double)n; /* the MLE of σ² divides by n */
    if (!(s > 0.0))
        return SF_EINVAL;
    const double r = s / (1.0 + s);
    const double u = mean / sqrt(1.0 + s);
    *pd = gsl_cdf_ugaussian_P(u);
    *rho = r;
    /* Observed information of (μ, σ²) at the MLE: diag(n/σ², n/(2σ⁴)); the delta method maps
     * its inverse through pd = Φ(μ/sqrt(1+σ²)) and ρ = σ²/(1+σ²). */
    const double var_mu = s / (double)n, var_s = 2.0 * s * s / (double)n;
    const double dpd_dmu = gsl_ran_ugaussian_pdf(u) / sqrt(1.0 + s);
    const double dpd_ds = -gsl_ran_ugaussian_pdf(u) * mean / (2.0 * pow(1.0 + s, 1.5));
    const double drho_ds = 1.0 / ((1.0 + s) * (1.0 + s));
    if (se_pd)
        *se_pd = sqrt(dpd_dmu * dpd_dmu * var_mu + dpd_ds * dpd_ds * var_s);
    if (se_rho)
        *se_rho = drho_ds * sqrt(var_s);
    return SF_OK;
}

double sf_vasicek_loglik(const double *rates, size_t n, double pd, double rho)
{
    if (!(pd > 0.0 && pd < 1.0 && rho > 0.0 && rho < 1.0))
        return GSL_NEGINF;
    const double k = gsl_cdf_ugaussian_Pinv(pd), sq = sqrt(1.0 - rho);
    double ll = 0.5 * (double)n * log((1.0 - rho) / rho);
    for (size_t i = 0; i < n; i++) {
        const double z = gsl_cdf_ugaussian_Pinv(rates[i]);
        const double e = sq * z - k;
        ll += 0.5 * z * z - e * e / (2.0 * rho);
    }
    return ll;
}

typedef struct vas_data {
    const double *x;
    size_t n;
} vas_data;

/* −log-likelihood in the unconstrained coordinates (Φ⁻¹(pd), logit ρ). */
static double vas_negll(const gsl_vector *v, void *params)
{
    const vas_data *d = params;
    const double pd = gsl_cdf_ugaussian_P(gsl_vector_get(v, 0));
    const double rho = 1.0 / (1.0 + exp(-gsl_vector_get(v, 1)));
    const double ll = sf_vasicek_loglik(d->x, d->n, pd, rho);
    return isfinite(ll) ? -ll : GSL_POSINF;
}

int sf_vasicek_fit_numeric(const double *rates, size_t n, double pd0, double rho0, double tol, double *pd,
                        double *rho)
{
    if (rates == NULL || n < 2 || !(pd0 > 0.0 && pd0 < 1.0 && rho0 > 0.0 && rho0 < 1.0) || !(tol > 0.0))
        return SF_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!(rates[i] > 0.0 && rates[i] < 1.0))
            return SF_EINVAL;
    vas_data d = {rates, n};
    gsl_multimin_function fn = {vas_negll, 2, &d};
    gsl_vector *x = gsl_vector_alloc(2), *step = gsl_vector_alloc(2);
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
    int rc = (x && step && m) ? SF_OK : SF_ENOMEM;
    if (rc == SF_OK) {
        gsl_vector_set(x, 0, gsl_cdf_ugaussian_Pinv(pd0));
        gsl_vector_set(x, 1, log(rho0 / (1.0 - rho0)));
        gsl_vector_set_all(step, 0.5);
        if (gsl_multimin_fminimizer_set(m, &fn, x, step) != GSL_SUCCESS)
            rc = SF_EFAIL;
    }
    int status = GSL_CONTINUE;
    for (int it = 0; rc == SF_OK && status == GSL_CONTINUE && it < NUMERIC_MAX_ITER; it++) {
        const int ir = gsl_multimin_fminimizer_iterate(m);
        status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), tol);
        if (ir != GSL_SUCCESS)
            break; /* GSL_ENOPROG: no progress left in floating point; the size test decides */
    }
    if (rc == SF_OK && status != GSL_SUCCESS)
        rc = SF_EFAIL;
    if (rc == SF_OK) {
        *pd = gsl_cdf_ugaussian_P(gsl_vector_get(m->x, 0));
        *rho = 1.0 / (1.0 + exp(-gsl_vector_get(m->x, 1)));
    }
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(step);
    gsl_vector_free(x);
    return rc;
}

int sf_vasicek_se_numeric(const double *rates, size_t n, double pd, double rho, double *se_pd, double *se_rho)
{
    const double p[2] = {pd, rho};
    const double h[2] = {HESS_REL_STEP * GSL_MIN(pd, 1.0 - pd), HESS_REL_STEP * GSL_MIN(rho, 1.0 - rho)};
    double hs[2][2];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double f[4];
            for (int k = 0; k < 4; k++) {
                double q[2] = {p[0], p[1]};
                q[i] += (k & 1) ? -h[i] : h[i];
                q[j] += (k & 2) ? -h[j] : h[j];
                f[k] = sf_vasicek_loglik(rates, n, q[0], q[1]);
            }
            hs[i][j] = (f[0] - f[1] - f[2] + f[3]) / (4.0 * h[i] * h[j]);
        }
    /* Observed information I = −H; its inverse is the covariance. */
    const double a = -hs[0][0], b = -0.5 * (hs[0][1] + hs[1][0]), c = -hs[1][1];
    const double det = a * c - b * b;
    if (!(a > 0.0 && c > 0.0 && det > 0.0) || !isfinite(det))
        return SF_EFAIL;
    *se_pd = sqrt(c / det);
    *se_rho = sqrt(a / det);
    return SF_OK;
}
