/*
 * lgd_fit.c — Beta MLE for LGD: method of moments start, Nelder–Mead on log shapes, trigamma SEs.
 */
#include "lgd_fit.h"

#include "sf.h"

#include <gsl/gsl_math.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdlib.h>

#define LGD_MAX_ITER 20000
/* log-shapes beyond ±LOG_SHAPE_MAX are rejected: exp() would overflow lnbeta's domain, and a
 * Beta with a shape of e^30 is a point mass, not an LGD distribution. */
#define LOG_SHAPE_MAX 30.0
/* Relative step of the numerical derivative of sd with respect to the shapes. */
#define SD_REL_STEP 1e-6

typedef struct beta_data {
    const double *x, *w;
    size_t n;
    double slx, sl1x, sw; /* Σ w log x, Σ w log(1−x), Σ w with the scaled weights */
} beta_data;

double sf_lgd_loglik(const double *x, const double *w, size_t n, double a, double b)
{
    if (!(a > 0.0 && b > 0.0))
        return GSL_NEGINF;
    gsl_sf_result lb;
    if (gsl_sf_lnbeta_e(a, b, &lb) != GSL_SUCCESS)
        return GSL_NEGINF;
    double ll = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double wi = w ? w[i] : 1.0;
        ll += wi * ((a - 1.0) * log(x[i]) + (b - 1.0) * log1p(-x[i]) - lb.val);
    }
    return ll;
}

static double beta_negll(const gsl_vector *v, void *params)
{
    const beta_data *d = params;
    const double la = gsl_vector_get(v, 0), lb = gsl_vector_get(v, 1);
    if (!(fabs(la) < LOG_SHAPE_MAX && fabs(lb) < LOG_SHAPE_MAX))
        return GSL_POSINF;
    const double a = exp(la), b = exp(lb);
    gsl_sf_result lnb;
    if (gsl_sf_lnbeta_e(a, b, &lnb) != GSL_SUCCESS)
        return GSL_POSINF;
    /* Sufficient statistics: the log-likelihood is (a−1)Σw log x + (b−1)Σw log(1−x) − Σw lnB(a,b). */
    return -((a - 1.0) * d->slx + (b - 1.0) * d->sl1x - d->sw * lnb.val);
}

static double beta_sd(double a, double b)
{
    const double s = a + b;
    return sqrt(a * b / (s * s * (s + 1.0)));
}

int sf_lgd_fit(const double *x, const double *w, size_t n, double tol, sf_lgd_fit_result *res)
{
    if (x == NULL || res == NULL || n < 2 || !(tol > 0.0))
        return SF_EINVAL;
    double sw = 0.0, sw2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double wi = w ? w[i] : 1.0;
        if (!(x[i] > 0.0 && x[i] < 1.0) || !(wi > 0.0) || !isfinite(wi))
            return SF_EINVAL;
        sw += wi;
        sw2 += wi * wi;
    }
    const double n_eff = sw * sw / sw2, scale = n_eff / sw;
    /* Weighted moments and sufficient statistics with weights scaled to sum to n_eff. */
    beta_data d = {x, w, n, 0.0, 0.0, n_eff};
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double wi = (w ? w[i] : 1.0) * scale;
        mean += wi * x[i];
        d.slx += wi * log(x[i]);
        d.sl1x += wi * log1p(-x[i]);
    }
    mean /= n_eff;
    double var = 0.0;
    for (size_t i = 0; i < n; i++)
        var += (w ? w[i] : 1.0) * scale * (x[i] - mean) * (x[i] - mean);
    var /= n_eff;
    if (!(var > 0.0))
        return SF_EINVAL;
    /* Method of moments: κ = m(1−m)/v − 1; a = mκ, b = (1−m)κ. The sample variance of values in
     * (0, 1) is below m(1−m), so κ > 0, but guard against rounding. */
    double kappa = mean * (1.0 - mean) / var - 1.0;
    if (!(kappa > 1e-3))
        kappa = 1e-3;

    gsl_multimin_function fn = {beta_negll, 2, &d};
    gsl_vector *v = gsl_vector_alloc(2), *step = gsl_vector_alloc(2);
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, 2);
    int rc = (v && step && m) ? SF_OK : SF_ENOMEM;
    if (rc == SF_OK) {
        gsl_vector_set(v, 0, log(mean * kappa));
        gsl_vector_set(v, 1, log((1.0 - mean) * kappa));
        gsl_vector_set_all(step, 0.5);
        if (gsl_multimin_fminimizer_set(m, &fn, v, step) != GSL_SUCCESS)
            rc = SF_EFAIL;
    }
    int status = GSL_CONTINUE, it = 0;
    for (; rc == SF_OK && status == GSL_CONTINUE && it < LGD_MAX_ITER; it++) {
        const int ir = gsl_multimin_fminimizer_iterate(m);
        status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), tol);
        if (ir != GSL_SUCCESS)
            break; /* GSL_ENOPROG: no progress left in floating point; the size test decides */
    }
    if (rc == SF_OK && status != GSL_SUCCESS)
        rc = SF_EFAIL;
    if (rc == SF_OK) {
        const double a = exp(gsl_vector_get(m->x, 0)), b = exp(gsl_vector_get(m->x, 1));
        res->a = a;
        res->b = b;
        res->mean = a / (a + b);
        res->sd = beta_sd(a, b);
        res->n_eff = n_eff;
        res->loglik = -m->fval;
        res->iterations = it;
        /* Observed information of (a, b): n·[[ψ'(a) − ψ'(a+b), −ψ'(a+b)], [−ψ'(a+b), ψ'(b) − ψ'(a+b)]]
         * (it does not depend on the data, so observed = expected). */
        const double t = gsl_sf_psi_1(a + b);
        const double i11 = n_eff * (gsl_sf_psi_1(a) - t), i22 = n_eff * (gsl_sf_psi_1(b) - t), i12 = -n_eff * t;
        const double det = i11 * i22 - i12 * i12;
        if (!(det > 0.0)) {
            rc = SF_EFAIL;
        } else {
            const double caa = i22 / det, cbb = i11 / det, cab = -i12 / det;
            res->se_a = sqrt(caa);
            res->se_b = sqrt(cbb);
            const double s2 = (a + b) * (a + b);
            const double gm[2] = {b / s2, -a / s2};
            const double ha = SD_REL_STEP * a, hb = SD_REL_STEP * b;
            const double gs[2] = {(beta_sd(a + ha, b) - beta_sd(a - ha, b)) / (2.0 * ha),
                                  (beta_sd(a, b + hb) - beta_sd(a, b - hb)) / (2.0 * hb)};
            res->se_mean = sqrt(gm[0] * gm[0] * caa + 2.0 * gm[0] * gm[1] * cab + gm[1] * gm[1] * cbb);
            res->se_sd = sqrt(gs[0] * gs[0] * caa + 2.0 * gs[0] * gs[1] * cab + gs[1] * gs[1] * cbb);
        }
    }
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(step);
    gsl_vector_free(v);
    return rc;
}
