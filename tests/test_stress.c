/*
 * Reverse stress (smefin stress) on one segment of one sector, where the paths that meet a
 * budget target are, up to binomial noise, those whose segment factor Y lies below the Vasicek
 * quantile y* that produces the target: the mean factor path on them lies below y*, the replay
 * lines fix G and the sector factor at their mean path (so the segment factor at the mean Y), and
 * its run meets the target on at least half its paths. On the baseline (four sectors, every
 * mechanism) the replay meets its target on at least half its paths too, and the likelihoods are
 * those of the AR(1) factor law.
 */
#include "study.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES "tests/cases/study/"

static void setup(void)
{
    gsl_set_error_handler_off();
}
TestSuite(stress, .init = setup);

/* The value of the stress.csv row "view,series,year,". */
static double value_of(const char *csv, const char *key)
{
    char k[256];
    snprintf(k, sizeof k, "\n%s,", key);
    const char *p = strstr(csv, k);
    cr_assert_not_null(p, "no row %s", key);
    return strtod(p + strlen(k), NULL);
}

/* The 5 % tail of Y: y* = Phi^-1(0.05); budget.total in 2027 = share x N x A x p(y*) there. */
static double target_value(double *ystar)
{
    *ystar = gsl_cdf_ugaussian_Pinv(0.05);
    const double p = gsl_cdf_ugaussian_P((gsl_cdf_ugaussian_Pinv(0.02) - sqrt(0.15) * *ystar) / sqrt(0.85));
    return 0.3 * 20000 * 1e6 * p;
}

Test(stress, the_mean_path_lies_below_the_vasicek_quantile_and_its_replay_meets_the_target)
{
    double ystar;
    const double target = target_value(&ystar);
    char *dir = tu_tmpdir();
    char out[4200], tgt[128];
    snprintf(out, sizeof out, "%s/s", dir);
    snprintf(tgt, sizeof tgt, "budget.total:2027:p50>=%.17g", target);
    study_opts o = tu_study_opts(out);
    sf_err err = {0, ""};
    cr_assert_eq(study_stress(CASES "stress1.ini", tgt, &o, &err), SF_OK, "%s", err.msg);
    char p[4300];
    snprintf(p, sizeof p, "%s/stress.csv", out);
    char *csv = tu_slurp(p);
    cr_assert_not_null(csv);
    cr_expect(strncmp(csv, "view,series,year,value\ntarget_ge,budget.total,2027,", 51) == 0, "%.80s", csv);
    /* about 5 % of 4000 paths: 200, sd 14 */
    const double n = value_of(csv, "mean,stress.paths,all");
    cr_expect(n >= 140 && n <= 260, "%g paths", n);
    const double w = 0.7, g = value_of(csv, "mean,economy.G,2027"), s = value_of(csv, "mean,economy.S.trade,2027");
    const double y = sqrt(w) * g + sqrt(1 - w) * s;
    /* E[Y | Y <= y*] = -phi(y*) / 0.05 = -2.06 for a threshold y* = -1.645 */
    cr_expect(y < ystar, "mean Y %g below y* %g", y, ystar);
    cr_expect(y > ystar - 1.0, "mean Y %g", y);
    cr_expect(g < sqrt(w) * ystar, "mean G %g below sqrt(w) y*", g);
    /* the replay fixes G and the sector factor at the mean path (to the line's 4 decimals), so
     * its segment factor is the mean Y */
    const double rg = value_of(csv, "replay,economy.G,2027"), rs = value_of(csv, "replay,economy.S.trade,2027");
    cr_expect(fabs(rg - g) <= 5e-5 && fabs(rs - s) <= 5e-5, "replay G %g S %g, mean G %g S %g", rg, rs, g, s);
    cr_expect(fabs(sqrt(w) * rg + sqrt(1 - w) * rs - y) <= 1e-4, "replay Y, mean Y %g", y);
    const double share = value_of(csv, "replay,stress.replay_share,all");
    cr_expect(share >= 0.5, "the replay meets the target on %g of its paths", share);
    cr_expect(value_of(csv, "replay,budget.total.p50,2027") >= target, "and its median meets it");
    /* the mean on the paths that meet is at least the target; the most likely path meets it */
    cr_expect(value_of(csv, "mean,budget.total,2027") >= target);
    cr_expect(value_of(csv, "most_likely,budget.total,2027") >= target);
    const double lr = value_of(csv, "mean,stress.likelihood_ratio,all");
    cr_expect(lr > 0 && lr < 1, "a tail path is less likely than the baseline path: %g", lr);
    cr_expect(fabs(log(lr) - value_of(csv, "mean,stress.log_likelihood,all")) < 1e-9);
    cr_expect(value_of(csv, "all_paths,budget.total,2027") < target, "the run's mean is below the tail");
    free(csv);
    snprintf(p, sizeof p, "%s/report.html", out);
    char *html = tu_slurp(p);
    cr_assert_not_null(html);
    cr_expect(strstr(html, "--set economy.stress="), "the report gives the replay line");
    free(html);
    free(dir);
}

/* log density of the factor rows of one view of stress.csv against the all-zero path: for each
 * factor (G, then each sector, every year) -1/2 [F_1^2 + sum (F_t - phi F_{t-1})^2 / (1 - phi^2)] */
static double view_log_likelihood(const char *csv, const char *view, const char *const *factors, int nf,
                                  const char *const *years, int H, double phi)
{
    double ll = 0.0;
    for (int f = 0; f < nf; f++) {
        double prev = 0.0;
        for (int t = 0; t < H; t++) {
            char k[160];
            snprintf(k, sizeof k, "%s,%s,%s", view, factors[f], years[t]);
            const double x = value_of(csv, k);
            const double e = t == 0 ? x : x - phi * prev;
            ll -= 0.5 * e * e / (t == 0 ? 1.0 : 1.0 - phi * phi);
            prev = x;
        }
    }
    return ll;
}

/* The baseline with 1000 paths, one target a year (2027, >= 5 bn, about 2 % of the paths), one
 * over the horizon (>= 18.4 bn, about 5 %) and one below (<= 11.4 bn, about 5 %): the replay of
 * each fixes the whole mean path and meets the target on at least half its paths; the most
 * likely path meets it; both log likelihoods are the AR(1) law's of the factors stress.csv
 * prints, and the likelihood ratio is exp of the log. */
Test(stress, on_the_baseline_the_replay_meets_the_target_on_half_its_paths, .timeout = 600)
{
    static const char *const targets[] = {"budget.total:2027:mean>=5e9", "budget.total:total:mean>=1.84e10",
                                          "budget.total:total:mean<=1.14e10"};
    static const char *const fac[] = {"economy.G", "economy.S.manufacturing", "economy.S.technology",
                                      "economy.S.trade", "economy.S.services"};
    static const char *const yrs[] = {"2026", "2027", "2028", "2029", "2030"};
    char *dir = tu_tmpdir();
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        char out[4200];
        snprintf(out, sizeof out, "%s/b%zu", dir, i);
        study_opts o = tu_study_opts(out);
        o.paths = 1000;
        sf_err err = {0, ""};
        cr_assert_eq(study_stress("scenarios/shenzhen-baseline.ini", targets[i], &o, &err), SF_OK, "%s: %s",
                     targets[i], err.msg);
        char p[4300];
        snprintf(p, sizeof p, "%s/stress.csv", out);
        char *csv = tu_slurp(p);
        cr_assert_not_null(csv);
        const double n = value_of(csv, "mean,stress.paths,all");
        cr_expect(n >= 10 && n <= 100, "%s: %g paths meet", targets[i], n);
        const double share = value_of(csv, "replay,stress.replay_share,all");
        cr_expect(share >= 0.5, "%s: the replay meets the target on %g of its paths", targets[i], share);
        /* the replay fixes every factor: 5 years of G and of each of the 4 sectors */
        for (int f = 0; f < 5; f++)
            for (int t = 0; t < 5; t++) {
                char km[160], kr[160];
                snprintf(km, sizeof km, "mean,%s,%s", fac[f], yrs[t]);
                snprintf(kr, sizeof kr, "replay,%s,%s", fac[f], yrs[t]);
                cr_expect(fabs(value_of(csv, km) - value_of(csv, kr)) <= 5e-5, "%s: %s", targets[i], kr);
            }
        const char *yr = i == 0 ? "2027" : "total";
        char k[160];
        snprintf(k, sizeof k, "most_likely,budget.total,%s", yr);
        const double best = value_of(csv, k), lim = i == 2 ? 1.14e10 : (i == 0 ? 5e9 : 1.84e10);
        cr_expect(i == 2 ? best <= lim : best >= lim, "%s: the most likely path meets it (%g)", targets[i], best);
        const double llm = value_of(csv, "mean,stress.log_likelihood,all");
        const double llb = value_of(csv, "most_likely,stress.log_likelihood,all");
        cr_expect(fabs(llm - view_log_likelihood(csv, "mean", fac, 5, yrs, 5, 0.5)) <= 1e-9 * (1 + fabs(llm)),
                  "%s: mean path log likelihood %g", targets[i], llm);
        cr_expect(fabs(llb - view_log_likelihood(csv, "most_likely", fac, 5, yrs, 5, 0.5)) <= 1e-9 * (1 + fabs(llb)),
                  "%s: most likely path log likelihood %g", targets[i], llb);
        cr_expect(fabs(value_of(csv, "most_likely,stress.likelihood_ratio,all") - exp(llb)) <= 1e-12 + 1e-9 * exp(llb));
        free(csv);
    }
    free(dir);
}

Test(stress, a_target_no_path_meets_is_refused_with_the_largest_value_seen)
{
    char *dir = tu_tmpdir();
    char out[4200];
    snprintf(out, sizeof out, "%s/never", dir);
    study_opts o = tu_study_opts(out);
    sf_err err = {0, ""};
    cr_expect_eq(study_stress(CASES "stress1.ini", "budget.total:2027:mean>=1e15", &o, &err), SF_EINVAL);
    cr_expect(strstr(err.msg, "--target: no path of 4000 meets budget.total 2027 >= 1e+15; the largest value seen is "),
              "%s", err.msg);
    cr_expect_null(tu_slurp(out), "nothing written");
    sf_err e2 = {0, ""};
    cr_expect_eq(study_stress(CASES "stress1.ini", "nosuch.series:2027:mean>=1", &o, &e2), SF_EINVAL);
    cr_expect(strstr(e2.msg, "--target: no series"), "%s", e2.msg);
    char *cout = NULL, *cerr = NULL;
    char cmd[4600];
    snprintf(cmd, sizeof cmd, "stress " CASES "stress1.ini --target budget.total:2027:mean\\>=1e15 --out %s", out);
    cr_expect_eq(tu_cli(cmd, &cout, &cerr), 2);
    cr_expect(strstr(cerr, "smefin: --target: no path of 4000 meets"), "%s", cerr);
    free(cout);
    free(cerr);
    snprintf(cmd, sizeof cmd, "stress " CASES "stress1.ini --out %s", out);
    cr_expect_eq(tu_cli(cmd, &cout, &cerr), 2);
    cr_expect(strstr(cerr, "smefin: --target: "), "%s", cerr);
    free(cout);
    free(cerr);
    free(dir);
}

Test(stress, factors_are_kept_only_when_asked_and_do_not_change_the_results)
{
    sf_scenario sc;
    tu_scenario(&sc, 2, 500, 1e6, 0.03, 0.12, 0.45, 3, 600);
    sf_run_opts ro;
    sf_run_opts_init(&ro);
    sf_result *a = NULL, *b = NULL;
    sf_err err = {0, ""};
    cr_assert_eq(sf_simulate(&sc, &ro, &a, &err), SF_OK, "%s", err.msg);
    cr_expect_null(a->factors, "a normal run keeps no factors");
    ro.keep_factors = 1;
    ro.threads = 1;
    cr_assert_eq(sf_simulate(&sc, &ro, &b, &err), SF_OK, "%s", err.msg);
    cr_assert_not_null(b->factors);
    cr_expect_eq(b->nfactors, 1 + sc.nsectors);
    for (size_t c = 0; c < a->ncells; c++)
        cr_expect_eq(memcmp(&a->stats[c], &b->stats[c], sizeof a->stats[c]), 0, "cell %zu", c);
    /* the factors are those the engine drew: year-1 G is N(0, 1) over the paths */
    double m = 0, v = 0;
    for (long p = 0; p < b->npaths; p++) {
        const double g = b->factors[(size_t)p * (size_t)b->nfactors * 3];
        m += g;
        v += g * g;
    }
    m /= (double)b->npaths;
    v = v / (double)b->npaths - m * m;
    cr_expect(fabs(m) < 4 / sqrt(600.0), "mean %g", m);
    cr_expect(fabs(v - 1) < 4 * sqrt(2.0 / 600), "variance %g", v);
    sf_result_free(a);
    sf_result_free(b);
    tu_scenario_free(&sc);
}
