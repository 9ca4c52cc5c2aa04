/*
 * test_calibrate.c — fitting parameters from data (calibrate/): the Vasicek default-rate MLE,
 * the Beta LGD MLE, Takahashi–Alexander least squares, and every bad-input class of
 * `smefin calibrate KIND FILE` with the message it must give.
 */
#include "calibrate.h"
#include "fund.h"
#include "fund_fit.h"
#include "lgd_fit.h"
#include "vasicek_fit.h"

#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES "tests/cases/calibrate/"

static void setup(void)
{
    gsl_set_error_handler_off();
}

TestSuite(calibrate, .init = setup);

/* Yearly default rates of a large homogeneous portfolio: x = Φ((Φ⁻¹(pd) − √ρ·Y)/√(1−ρ)), Y ~ N(0, 1). */
static double *vasicek_sample(unsigned long seed, size_t n, double pd, double rho)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    cr_assert_not_null(r);
    gsl_rng_set(r, seed);
    double *x = malloc(n * sizeof *x);
    cr_assert_not_null(x);
    const double k = gsl_cdf_ugaussian_Pinv(pd);
    for (size_t i = 0; i < n; i++)
        x[i] = gsl_cdf_ugaussian_P((k - sqrt(rho) * gsl_ran_ugaussian(r)) / sqrt(1.0 - rho));
    gsl_rng_free(r);
    return x;
}

static double *beta_sample(unsigned long seed, size_t n, double a, double b)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    cr_assert_not_null(r);
    gsl_rng_set(r, seed);
    double *x = malloc(n * sizeof *x);
    cr_assert_not_null(x);
    for (size_t i = 0; i < n; i++)
        x[i] = gsl_ran_beta(r, a, b);
    gsl_rng_free(r);
    return x;
}

Test(calibrate, vasicek_recovers_pd_and_rho_from_2000_years)
{
    const size_t n = 2000;
    double *x = vasicek_sample(20240531, n, 0.03, 0.12);
    double pd, rho, se_pd, se_rho;
    cr_assert_eq(sf_vasicek_fit(x, n, &pd, &rho, &se_pd, &se_rho), SF_OK);
    cr_assert(se_pd > 0.0 && se_rho > 0.0);
    cr_expect(fabs(pd - 0.03) < 4.0 * se_pd, "pd %g, se %g", pd, se_pd);
    cr_expect(fabs(rho - 0.12) < 4.0 * se_rho, "rho %g, se %g", rho, se_rho);
    /* The SEs are of the order the Fisher information predicts: se(ρ) ≈ √2·σ²/((1+σ²)²√n). */
    const double s = 0.12 / 0.88;
    cr_expect(fabs(se_rho / (sqrt(2.0) * s / ((1 + s) * (1 + s) * sqrt((double)n))) - 1.0) < 0.1);
    free(x);
}

Test(calibrate, vasicek_closed_form_equals_the_numeric_optimum)
{
    const size_t n = 37;
    double *x = vasicek_sample(77, n, 0.0218, 0.085);
    double pd, rho, npd, nrho;
    cr_assert_eq(sf_vasicek_fit(x, n, &pd, &rho, NULL, NULL), SF_OK);
    cr_assert_eq(sf_vasicek_fit_numeric(x, n, 0.1, 0.4, 1e-8, &npd, &nrho), SF_OK);
    cr_expect(fabs(npd / pd - 1.0) < 1e-6, "closed %.12g numeric %.12g", pd, npd);
    cr_expect(fabs(nrho / rho - 1.0) < 1e-6, "closed %.12g numeric %.12g", rho, nrho);
    /* The closed form is a maximum: every nearby point has a lower likelihood. */
    const double ll = sf_vasicek_loglik(x, n, pd, rho);
    for (int i = -1; i <= 1; i++)
        for (int j = -1; j <= 1; j++)
            if (i || j)
                cr_expect(sf_vasicek_loglik(x, n, pd * (1 + 1e-3 * i), rho * (1 + 1e-3 * j)) < ll);
    free(x);
}

Test(calibrate, vasicek_delta_method_se_equals_observed_information)
{
    const size_t n = 25;
    double *x = vasicek_sample(4242, n, 0.0356, 0.15);
    double pd, rho, se_pd, se_rho, hse_pd, hse_rho;
    cr_assert_eq(sf_vasicek_fit(x, n, &pd, &rho, &se_pd, &se_rho), SF_OK);
    cr_assert_eq(sf_vasicek_se_numeric(x, n, pd, rho, &hse_pd, &hse_rho), SF_OK);
    cr_expect(fabs(hse_pd / se_pd - 1.0) < 1e-4, "delta %g hessian %g", se_pd, hse_pd);
    cr_expect(fabs(hse_rho / se_rho - 1.0) < 1e-4, "delta %g hessian %g", se_rho, hse_rho);
    free(x);
}

Test(calibrate, vasicek_loglik_is_the_density_of_the_paper)
{
    /* f(x) = sqrt((1−ρ)/ρ)·exp(½Φ⁻¹(x)² − (sqrt(1−ρ)Φ⁻¹(x) − Φ⁻¹(pd))²/(2ρ)) integrates to 1 and its
     * mean is pd: a midpoint sum over (0, 1) in the probit scale. */
    const double pd = 0.03, rho = 0.12;
    double mass = 0.0, mean = 0.0;
    const double h = 1e-3;
    for (double z = -12.0; z < 8.0; z += h) {
        const double x = gsl_cdf_ugaussian_P(z + h / 2), dx = gsl_ran_ugaussian_pdf(z + h / 2) * h;
        const double f = exp(sf_vasicek_loglik(&x, 1, pd, rho));
        mass += f * dx;
        mean += x * f * dx;
    }
    cr_expect(fabs(mass - 1.0) < 1e-9, "mass %.12g", mass);
    cr_expect(fabs(mean - pd) < 1e-9, "mean %.12g", mean);
    cr_expect(isinf(sf_vasicek_loglik(&pd, 1, 0.03, 1.0)));
}

Test(calibrate, vasicek_fit_rejects_bad_arguments)
{
    const double ok[3] = {0.0356, 0.0299, 0.0218}, zero[3] = {0.0356, 0.0, 0.0218}, same[3] = {0.03, 0.03, 0.03};
    double pd, rho;
    cr_expect_eq(sf_vasicek_fit(ok, 1, &pd, &rho, NULL, NULL), SF_EINVAL);
    cr_expect_eq(sf_vasicek_fit(zero, 3, &pd, &rho, NULL, NULL), SF_EINVAL);
    cr_expect_eq(sf_vasicek_fit(same, 3, &pd, &rho, NULL, NULL), SF_EINVAL);
    cr_expect_eq(sf_vasicek_fit_numeric(ok, 3, 0.0, 0.1, 1e-8, &pd, &rho), SF_EINVAL);
    cr_expect_eq(sf_vasicek_fit(ok, 3, &pd, &rho, NULL, NULL), SF_OK);
}

Test(calibrate, lgd_recovers_beta_shapes_from_2000_draws)
{
    const size_t n = 2000;
    const double a = 2.385, b = 2.915;
    double *x = beta_sample(314159, n, a, b);
    sf_lgd_fit_result res;
    cr_assert_eq(sf_lgd_fit(x, NULL, n, 1e-8, &res), SF_OK);
    cr_expect(fabs(res.a - a) < 4.0 * res.se_a, "a %g se %g", res.a, res.se_a);
    cr_expect(fabs(res.b - b) < 4.0 * res.se_b, "b %g se %g", res.b, res.se_b);
    const double mean = a / (a + b), sd = sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
    cr_expect(fabs(res.mean - mean) < 4.0 * res.se_mean, "mean %g se %g", res.mean, res.se_mean);
    cr_expect(fabs(res.sd - sd) < 4.0 * res.se_sd, "sd %g se %g", res.sd, res.se_sd);
    cr_expect(fabs(res.n_eff - 2000.0) < 1e-9);
    free(x);
}

Test(calibrate, lgd_optimum_is_a_maximum_and_weights_act_as_counts)
{
    const size_t n = 40;
    double *x = beta_sample(2718, 2 * n, 1.7, 2.2);
    /* Weight 2 on the first n values = each of them twice. */
    double w[40];
    for (size_t i = 0; i < n; i++) {
        w[i] = i < n / 2 ? 2.0 : 1.0;
        if (i < n / 2)
            x[n + i] = x[i];
    }
    sf_lgd_fit_result wr, rr;
    cr_assert_eq(sf_lgd_fit(x, w, n, 1e-8, &wr), SF_OK);
    cr_assert_eq(sf_lgd_fit(x, NULL, n + n / 2, 1e-8, &rr), SF_OK);
    cr_expect(fabs(wr.a / rr.a - 1.0) < 1e-6 && fabs(wr.b / rr.b - 1.0) < 1e-6, "%g %g vs %g %g", wr.a, wr.b,
              rr.a, rr.b);
    cr_expect(wr.n_eff < (double)(n + n / 2)); /* unequal weights carry less information than counts */
    const double ll = sf_lgd_loglik(x, NULL, n + n / 2, rr.a, rr.b);
    cr_expect(fabs(ll - rr.loglik) < 1e-9 * fabs(ll));
    for (int i = -1; i <= 1; i++)
        for (int j = -1; j <= 1; j++)
            if (i || j)
                cr_expect(sf_lgd_loglik(x, NULL, n + n / 2, rr.a * (1 + 1e-3 * i), rr.b * (1 + 1e-3 * j)) < ll);
    const double same[3] = {0.45, 0.45, 0.45}, bad[3] = {0.45, 1.0, 0.3};
    cr_expect_eq(sf_lgd_fit(same, NULL, 3, 1e-10, &rr), SF_EINVAL);
    cr_expect_eq(sf_lgd_fit(bad, NULL, 3, 1e-10, &rr), SF_EINVAL);
    free(x);
}

/* The Takahashi–Alexander table of test-vectors.md: call, distribution, NAV by age 1..12. */
static const double ta_table[12][3] = {
    {25.000000000, 0.000000000, 25.000000000},  {25.000000000, 0.320361506, 52.929638494},
    {25.000000000, 1.869077859, 82.941413639},  {12.500000000, 6.012384407, 100.211413005},
    {6.250000000, 12.690172484, 106.798724212}, {3.125000000, 21.333863847, 102.473694513},
    {1.562500000, 30.094201369, 87.263573431},  {0.781250000, 35.783538916, 63.605549061},
    {0.390625000, 35.012781044, 37.252114395},  {0.195312500, 26.685556026, 15.604645740},
    {0.097656250, 14.186032645, 3.544873291},   {0.048828125, 4.054534944, 0.000000000},
};

Test(calibrate, fund_recovers_the_takahashi_alexander_table)
{
    double c[12], d[12], v[12];
    for (int a = 0; a < 12; a++) {
        c[a] = ta_table[a][0];
        d[a] = ta_table[a][1];
        v[a] = ta_table[a][2];
    }
    sf_fund_fit_result res;
    cr_assert_eq(sf_fund_fit(c, d, v, 12, 100.0, 1e-8, &res), SF_OK);
    cr_expect(fabs(res.bow - 2.5) < 1e-4, "bow %.9g", res.bow);
    cr_expect(fabs(res.growth - 0.13) < 1e-4, "growth %.9g", res.growth);
    const double rc[4] = {0.25, 1.0 / 3.0, 0.5, 0.5};
    cr_assert_eq(res.ncall_rates, 4);
    for (int k = 0; k < 4; k++)
        cr_expect(fabs(res.call_rates[k] - rc[k]) < 1e-4, "rc%d %.9g", k + 1, res.call_rates[k]);
    cr_expect_eq(res.life, 12);
    cr_expect(res.rmse < 1e-6, "rmse %g", res.rmse);
}

Test(calibrate, fund_recovers_parameters_from_noisy_reports_within_4_se)
{
    /* A fund run with sf_fund_ta_step, its reported distributions and NAVs off by 2 % noise. */
    sf_fund_params fp;
    memset(&fp, 0, sizeof fp);
    fp.life = 10;
    fp.bow = 1.85;
    fp.ncall_rates = 4;
    const double rc[4] = {0.3, 0.35, 0.45, 0.6};
    memcpy(fp.call_rates, rc, sizeof rc);
    sf_fund_state f = {250.0, 0.0, 0.0, 0.0};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 8675309);
    double c[10], d[10], v[10];
    for (int a = 1; a <= 10; a++) {
        sf_fund_ta_step(&fp, &f, a, 0.085, &c[a - 1], &d[a - 1]);
        d[a - 1] *= 1.0 + 0.02 * gsl_ran_ugaussian(r);
        v[a - 1] = f.nav * (1.0 + 0.02 * gsl_ran_ugaussian(r));
    }
    gsl_rng_free(r);
    sf_fund_fit_result res;
    cr_assert_eq(sf_fund_fit(c, d, v, 10, 250.0, 1e-8, &res), SF_OK);
    cr_assert(isfinite(res.se_bow) && isfinite(res.se_growth));
    cr_expect(fabs(res.bow - 1.85) < 4.0 * res.se_bow, "bow %g se %g", res.bow, res.se_bow);
    cr_expect(fabs(res.growth - 0.085) < 4.0 * res.se_growth, "growth %g se %g", res.growth, res.se_growth);
    /* The calls are exact but the fit weighs them against the noisy NAVs: within 4 SE too. */
    for (int k = 0; k < 4; k++)
        cr_expect(fabs(res.call_rates[k] - rc[k]) < 4.0 * res.se_call_rates[k], "rc%d %.9g se %g", k + 1,
                  res.call_rates[k], res.se_call_rates[k]);
}

/* sf_calibrate_run into memory; returns the code, *text the output (malloc'd). */
static int run(const char *kind, const char *path, char **text, sf_err *err)
{
    size_t len = 0;
    FILE *out = open_memstream(text, &len);
    cr_assert_not_null(out);
    sf_err_clear(err);
    const int rc = sf_calibrate_run(kind, path, out, err);
    fclose(out);
    return rc;
}

/* The estimate on the row of `param` in sf_calibrate_run's output. */
static double estimate(const char *text, const char *param)
{
    char key[64];
    snprintf(key, sizeof key, "\n%s,", param);
    const char *p = strstr(text, key);
    cr_assert_not_null(p, "no row %s in\n%s", param, text);
    return strtod(p + strlen(key), NULL);
}

Test(calibrate, shipped_data_files_fit)
{
    static const char *const files[][2] = {
        {"vasicek", "calibrate/data/npl_inclusive_small_micro.csv"},
        {"lgd", "calibrate/data/lgd_synthetic_basel.csv"},
        {"fund", "calibrate/data/fund_ta_reference.csv"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *text = NULL;
        sf_err err;
        cr_expect_eq(run(files[i][0], files[i][1], &text, &err), SF_OK, "%s: %s", files[i][1], err.msg);
        cr_expect(strncmp(text, "parameter,estimate,se,note\n", 27) == 0, "%s", text);
        free(text);
    }
}

Test(calibrate, run_writes_estimates_and_scenario_keys)
{
    char *text = NULL;
    sf_err err;
    cr_assert_eq(run("vasicek", "calibrate/data/npl_inclusive_small_micro.csv", &text, &err), SF_OK, "%s", err.msg);
    /* Three years 3.56 %, 2.99 %, 2.18 %: the closed form by hand. */
    const double x[3] = {0.0356, 0.0299, 0.0218};
    double pd, rho;
    cr_assert_eq(sf_vasicek_fit(x, 3, &pd, &rho, NULL, NULL), SF_OK);
    cr_expect(fabs(estimate(text, "pd") / pd - 1.0) < 1e-9);
    cr_expect(fabs(estimate(text, "rho") / rho - 1.0) < 1e-9);
    cr_expect(strstr(text, ",segments.csv pd\n") != NULL, "%s", text);
    cr_expect(strstr(text, ",segments.csv rho\n") != NULL, "%s", text);
    free(text);

    cr_assert_eq(run("fund", "calibrate/data/fund_ta_reference.csv", &text, &err), SF_OK, "%s", err.msg);
    cr_expect(fabs(estimate(text, "bow") - 2.5) < 1e-4);
    cr_expect(fabs(estimate(text, "growth") - 0.13) < 1e-4);
    cr_expect_eq(estimate(text, "life"), 12.0);
    cr_expect(strstr(text, "\"[guidance_fund] call_rates = 0.25,0.3333,0.5,0.5 (item 4, repeats)\"") != NULL, "%s",
              text);
    free(text);

    cr_assert_eq(run("lgd", "calibrate/data/lgd_synthetic_basel.csv", &text, &err), SF_OK, "%s", err.msg);
    cr_expect(estimate(text, "lgd") > 0.3 && estimate(text, "lgd") < 0.6);
    cr_expect(strstr(text, ",segments.csv lgd_sd\n") != NULL, "%s", text);
    free(text);
}

Test(calibrate, zero_default_years_need_a_loans_column)
{
    char *text = NULL;
    sf_err err;
    cr_expect_eq(run("vasicek", CASES "loans-zero-rate.csv", &text, &err), SF_OK, "%s", err.msg);
    cr_expect(strstr(text, "0.5/loans") != NULL, "%s", text);
    free(text);
    cr_expect_eq(run("vasicek", CASES "zero-rate.csv", &text, &err), SF_EINVAL);
    cr_expect_str_eq(err.msg, CASES "zero-rate.csv:4: default_rate: 0 is out of range; allowed: a fraction 0 < x < 1 "
                              "(0 too when a loans column is given)");
    free(text);
}

/* Every bad-input class: the code, and the message naming file, line and column. */
static const struct bad_case {
    const char *kind, *file;
    int code;
    const char *msg; /* after "FILE:" */
} bad_cases[] = {
    {"vasicek", "no-such-file.csv", SF_EIO, " cannot open the file: No such file or directory"},
    {"vasicek", "unknown-column.csv", SF_EINVAL, "1: region: unknown column; allowed: year, default_rate, loans"},
    {"vasicek", "missing-column.csv", SF_EINVAL, "1: default_rate: missing column; required: year, default_rate"},
    {"vasicek", "not-a-number.csv", SF_EINVAL,
     "3: default_rate: 'abc' is not a number; allowed: a fraction 0 < x < 1 (0 too when a loans column is given)"},
    {"lgd", "out-of-range.csv", SF_EINVAL,
     "4: lgd: 1.2 is out of range; allowed: a fraction 0 < x < 1 (a loss of 0 or 100 % has no Beta likelihood)"},
    {"vasicek", "too-few-rows.csv", SF_EINVAL, "3: default_rate: 2 data rows; at least 3 are needed"},
    {"vasicek", "nan.csv", SF_EINVAL,
     "4: default_rate: 'nan' is not a finite number; allowed: a fraction 0 < x < 1 (0 too when a loans column is "
     "given)"},
    {"lgd", "inf.csv", SF_EINVAL,
     "3: weight: 'inf' is not a finite number; allowed: a number > 0 (for example the exposure at default)"},
    {"vasicek", "malformed.csv", SF_EPARSE, "3: default_rate: malformed CSV ("},
    {"vasicek", "extra-field.csv", SF_EPARSE, "3: row: the row has 3 fields, the header 2; one value per column"},
    {"vasicek", "duplicate-year.csv", SF_EINVAL, "4: year: 2019 appears twice (line 2); one row per year"},
    {"vasicek", "equal-rates.csv", SF_EINVAL,
     "4: default_rate: all 3 rates are equal; the correlation needs rates that vary from year to year"},
    {"vasicek", "empty.csv", SF_EINVAL, "1: header: the file is empty; expected a header row with year, default_rate"},
    {"fund", "fund-duplicate-age.csv", SF_EINVAL, "4: age: 2 appears twice (line 3); one row per age"},
    {"fund", "fund-committed-varies.csv", SF_EINVAL,
     "3: committed: 120 differs from 100 on line 2; allowed: a number > 0, the same on every row (one fund)"},
    {"fund", "fund-overcalled.csv", SF_EINVAL,
     "4: call: the calls to age 3 add up to 110, more than committed 100; allowed: paid-in up to the committed "
     "capital"},
    {"fund", "fund-negative-nav.csv", SF_EINVAL,
     "3: nav: -1 is out of range; allowed: a number >= 0 (NAV at the end of the year)"},
};

Test(calibrate, every_bad_input_gives_its_code_and_message)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *bc = &bad_cases[i];
        char path[256], want[512], *text = NULL;
        snprintf(path, sizeof path, CASES "%s", bc->file);
        snprintf(want, sizeof want, "%s:%s", path, bc->msg);
        sf_err err;
        cr_expect_eq(run(bc->kind, path, &text, &err), bc->code, "%s: %s", bc->file, err.msg);
        cr_expect(strncmp(err.msg, want, strlen(want)) == 0, "%s:\n got  %s\n want %s", bc->file, err.msg, want);
        cr_expect_str_eq(text, "", "%s: nothing is written on error", bc->file);
        free(text);
    }
}

Test(calibrate, unknown_kind_is_rejected)
{
    char *text = NULL;
    sf_err err;
    cr_expect_eq(run("pd", "calibrate/data/npl_inclusive_small_micro.csv", &text, &err), SF_EINVAL);
    cr_expect_str_eq(err.msg, "calibrate: pd: unknown kind; allowed: vasicek, lgd, fund");
    free(text);
}
