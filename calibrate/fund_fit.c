/*
 * fund_fit.c — Takahashi–Alexander (J. Portfolio Management 28(2), 2002) least squares on one
 * fund's calls, distributions and NAVs, through the model's own recursion (sf_fund_ta_step), so the
 * fitted parameters mean in the simulation exactly what they meant in the fit.
 */
#include "fund_fit.h"

#include "fund.h"
#include "sf.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FUND_MAX_ITER 50000
#define NPAR_MAX (2 + SF_FUND_FIT_NCALL)
/* Call rates stay inside [RATE_EPS, 1 − RATE_EPS] in the start values (the logit is finite). */
#define RATE_EPS 1e-6
/* Relative step (floor JAC_ABS_STEP) of the central-difference Jacobian. */
#define JAC_REL_STEP 1e-6
#define JAC_ABS_STEP 1e-8
/* The initial simplex's step in the unconstrained coordinates. */
#define SIMPLEX_STEP 0.2

typedef struct ta_data {
    const double *call, *dist, *nav;
    size_t n;
    double cc;
    int nrc;
} ta_data;

/* Natural parameters p = (bow, growth, rc_1..rc_nrc) from the unconstrained v. */
static void ta_natural(const ta_data *d, const double *v, double *p)
{
    p[0] = exp(v[0]);
    p[1] = expm1(v[1]);
    for (int k = 0; k < d->nrc; k++)
        p[2 + k] = 1.0 / (1.0 + exp(-v[2 + k]));
}

/* Residuals (model − data) for the natural parameters p into r[0..3n); returns Σ r². */
static double ta_residuals(const ta_data *d, const double *p, double *r)
{
    sf_fund_params fp;
    memset(&fp, 0, sizeof fp);
    fp.life = (int)d->n;
    fp.bow = p[0];
    fp.yield = 0.0;
    fp.ncall_rates = d->nrc;
    for (int k = 0; k < d->nrc; k++)
        fp.call_rates[k] = p[2 + k];
    sf_fund_state f = {d->cc, 0.0, 0.0, 0.0};
    double ssr = 0.0;
    for (size_t a = 1; a <= d->n; a++) {
        double c, dd;
        sf_fund_ta_step(&fp, &f, (int)a, p[1], &c, &dd);
        const double e[3] = {c - d->call[a - 1], dd - d->dist[a - 1], f.nav - d->nav[a - 1]};
        for (int j = 0; j < 3; j++) {
            if (r)
                r[3 * (a - 1) + (size_t)j] = e[j];
            ssr += e[j] * e[j];
        }
    }
    return ssr;
}

static double ta_objective(const gsl_vector *v, void *params)
{
    const ta_data *d = params;
    double p[NPAR_MAX];
    if (fabs(gsl_vector_get(v, 0)) > 20.0 || fabs(gsl_vector_get(v, 1)) > 20.0)
        return GSL_POSINF; /* bow beyond e^±20 or growth beyond e^20 − 1: outside any fund */
    ta_natural(d, v->data, p);
    /* Scaled by CC² so that the tolerance means the same for any currency unit. */
    const double s = ta_residuals(d, p, NULL) / (d->cc * d->cc);
    return isfinite(s) ? s : GSL_POSINF;
}

static double clamp_rate(double r)
{
    return r < RATE_EPS ? RATE_EPS : (r > 1.0 - RATE_EPS ? 1.0 - RATE_EPS : r);
}

/* Start values from the data (see fund_fit.h), in the unconstrained coordinates. */
static void ta_start(const ta_data *d, double *v)
{
    const size_t n = d->n;
    double pic = 0.0, num4 = 0.0, den4 = 0.0;
    for (size_t a = 1; a <= n; a++) {
        const double open = d->cc - pic;
        if (a <= 3 && (int)a <= d->nrc)
            v[2 + a - 1] = open > 0.0 ? d->call[a - 1] / open : 0.5;
        else {
            num4 += d->call[a - 1];
            den4 += open > 0.0 ? open : 0.0;
        }
        pic += d->call[a - 1];
    }
    if (d->nrc == SF_FUND_FIT_NCALL)
        v[2 + SF_FUND_FIT_NCALL - 1] = den4 > 0.0 ? num4 / den4 : 0.5;
    for (int k = 0; k < d->nrc; k++) {
        const double r = clamp_rate(v[2 + k]);
        v[2 + k] = log(r / (1.0 - r));
    }
    /* NAV_a + D_a − C_a = NAV_{a−1}(1+G) before liquidation: least squares through the origin. */
    double sxy = 0.0, sxx = 0.0;
    for (size_t a = 2; a < n; a++) {
        const double x = d->nav[a - 2];
        sxy += x * (d->nav[a - 1] + d->dist[a - 1] - d->call[a - 1]);
        sxx += x * x;
    }
    double g = sxx > 0.0 ? sxy / sxx - 1.0 : 0.1;
    if (!(g > -0.9 && g < 10.0))
        g = 0.1;
    v[1] = log1p(g);
    /* log(D_a / (NAV_{a−1}(1+G))) = B·log(a/L) before liquidation: least squares through the origin. */
    double sxb = 0.0, sbb = 0.0;
    for (size_t a = 2; a < n; a++) {
        const double grown = d->nav[a - 2] * (1.0 + g);
        if (grown > 0.0 && d->dist[a - 1] > 0.0) {
            const double y = log(d->dist[a - 1] / grown), x = log((double)a / (double)n);
            sxb += x * y;
            sbb += x * x;
        }
    }
    double bow = sbb > 0.0 ? sxb / sbb : 2.5;
    if (!(bow > 0.01 && bow < 100.0))
        bow = 2.5;
    v[0] = log(bow);
}

static int ta_minimise(ta_data *d, gsl_vector *v, double tol, int *iterations)
{
    const size_t np = 2 + (size_t)d->nrc;
    gsl_multimin_function fn = {ta_objective, np, d};
    gsl_vector *step = gsl_vector_alloc(np);
    gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, np);
    int rc = (step && m) ? SF_OK : SF_ENOMEM;
    /* Nelder–Mead can stall on a false convergence; a restart from the point found is the usual
     * remedy (it costs one more pass when the first was right). */
    for (int pass = 0; rc == SF_OK && pass < 2; pass++) {
        gsl_vector_set_all(step, SIMPLEX_STEP);
        if (gsl_multimin_fminimizer_set(m, &fn, v, step) != GSL_SUCCESS) {
            rc = SF_EFAIL;
            break;
        }
        int status = GSL_CONTINUE, it = 0;
        for (; status == GSL_CONTINUE && it < FUND_MAX_ITER; it++) {
            const int ir = gsl_multimin_fminimizer_iterate(m);
            status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(m), tol);
            if (ir != GSL_SUCCESS)
                break; /* GSL_ENOPROG: no progress left in floating point; the size test decides */
        }
        *iterations += it;
        if (status != GSL_SUCCESS)
            rc = SF_EFAIL;
        else
            gsl_vector_memcpy(v, m->x);
    }
    gsl_multimin_fminimizer_free(m);
    gsl_vector_free(step);
    return rc;
}

/* SEs σ²(JᵀJ)⁻¹ in the natural parameters; NaN where JᵀJ is singular or there are no spare rows. */
static int ta_se(const ta_data *d, const double *p, double ssr, double *se)
{
    const size_t np = 2 + (size_t)d->nrc, m = 3 * d->n;
    for (size_t j = 0; j < np; j++)
        se[j] = GSL_NAN;
    if (m <= np)
        return SF_OK;
    gsl_matrix *jac = gsl_matrix_alloc(m, np), *jtj = gsl_matrix_alloc(np, np);
    double *rp = malloc(m * sizeof *rp), *rm = malloc(m * sizeof *rm);
    int rc = (jac && jtj && rp && rm) ? SF_OK : SF_ENOMEM;
    for (size_t j = 0; rc == SF_OK && j < np; j++) {
        double q[NPAR_MAX];
        memcpy(q, p, np * sizeof *q);
        const double h = GSL_MAX(JAC_REL_STEP * fabs(p[j]), JAC_ABS_STEP);
        q[j] = p[j] + h;
        ta_residuals(d, q, rp);
        q[j] = p[j] - h;
        ta_residuals(d, q, rm);
        for (size_t i = 0; i < m; i++)
            gsl_matrix_set(jac, i, j, (rp[i] - rm[i]) / (2.0 * h));
    }
    if (rc == SF_OK) {
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, jac, jac, 0.0, jtj);
        if (gsl_linalg_cholesky_decomp1(jtj) == GSL_SUCCESS && gsl_linalg_cholesky_invert(jtj) == GSL_SUCCESS) {
            const double s2 = ssr / (double)(m - np);
            for (size_t j = 0; j < np; j++)
                se[j] = sqrt(s2 * gsl_matrix_get(jtj, j, j));
        }
    }
    free(rm);
    free(rp);
    gsl_matrix_free(jtj);
    gsl_matrix_free(jac);
    return rc;
}

int sf_fund_fit(const double *call, const double *dist, const double *nav, size_t n, double committed, double tol,
             sf_fund_fit_result *res)
{
    if (!call || !dist || !nav || !res || n < 3 || n > 1000 || !(committed > 0.0) || !isfinite(committed) ||
        !(tol > 0.0))
        return SF_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!(call[i] >= 0.0 && dist[i] >= 0.0 && nav[i] >= 0.0) || !isfinite(call[i] + dist[i] + nav[i]))
            return SF_EINVAL;
    ta_data d = {call, dist, nav, n, committed, n < SF_FUND_FIT_NCALL ? (int)n : SF_FUND_FIT_NCALL};
    const size_t np = 2 + (size_t)d.nrc;
    gsl_vector *v = gsl_vector_alloc(np);
    if (v == NULL)
        return SF_ENOMEM;
    ta_start(&d, v->data);
    memset(res, 0, sizeof *res);
    int rc = ta_minimise(&d, v, tol, &res->iterations);
    if (rc == SF_OK) {
        double p[NPAR_MAX], se[NPAR_MAX];
        ta_natural(&d, v->data, p);
        const double ssr = ta_residuals(&d, p, NULL);
        rc = ta_se(&d, p, ssr, se);
        res->life = (int)n;
        res->ncall_rates = d.nrc;
        res->bow = p[0];
        res->growth = p[1];
        res->se_bow = se[0];
        res->se_growth = se[1];
        for (int k = 0; k < SF_FUND_FIT_NCALL; k++) {
            res->call_rates[k] = k < d.nrc ? p[2 + k] : GSL_NAN;
            res->se_call_rates[k] = k < d.nrc ? se[2 + k] : GSL_NAN;
        }
        res->rmse = sqrt(ssr / (3.0 * (double)n));
    }
    gsl_vector_free(v);
    return rc;
}
