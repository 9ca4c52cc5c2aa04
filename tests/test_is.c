/*
 * Importance sampling (simulation.importance_sampling = auto; docs/engine.md): unbiased means
 * against plain Monte Carlo, the weighted statistics exact on constructed samples, the
 * unweighted code when every weight is 1, byte-identical across threads and passes, and the
 * Vasicek P99.9 of a one-segment one-year book in closed form.
 */
#include "loader.h"
#include "sim.h"
#include "stats.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void setup(void)
{
    gsl_set_error_handler_off();
}
TestSuite(is, .init = setup);

static sf_result *run(const sf_scenario *sc, long paths, int threads, size_t max_memory)
{
    return tu_run_paths(sc, paths, threads, max_memory);
}

static void load(const char *path, sf_scenario *sc)
{
    sf_err err = {0, ""};
    cr_assert_eq(sf_scenario_load(path, NULL, 0, sc, &err), SF_OK, "%s", err.msg);
}

/* The baseline with importance sampling on, a pilot of `pilot` paths and no bridge fund (its
 * capital sizing makes each run slow). */
static void load_baseline_is(sf_scenario *sc, long pilot)
{
    load("scenarios/shenzhen-baseline.ini", sc);
    sc->sim.importance = 1;
    sc->sim.importance_pilot = pilot;
    sc->bridge.enabled = 0;
}

/* Every budget line's mean over the horizon (and each year's of budget.total) with importance
 * sampling within 4 combined SE of plain Monte Carlo at fixed seeds. */
static void unbiased_as(const char *path, int tcop)
{
    sf_scenario sc;
    load(path, &sc);
    if (tcop)
        sc.econ.copula = SF_COPULA_T;
    sc.sim.importance_pilot = 1000;
    sf_result *plain = run(&sc, 1500, 2, 0);
    sc.sim.importance = 1;
    sc.sim.seed += 1000; /* independent of the plain run */
    sf_result *is = run(&sc, 1500, 2, 0);
    cr_assert(is->is_on && is->weights != NULL);
    cr_assert(is->is_ess > 0.0 && is->is_ess < 1500.0, "ESS %g", is->is_ess);
    int checked = 0;
    for (size_t c = 0; c < plain->nstats; c++) {
        const sf_stat *a = &plain->stats[c], *b = &is->stats[c];
        const char *name = plain->series[a->series]->name;
        const int budget = strncmp(name, "budget.", 7) == 0 && strcmp(plain->series[a->series]->unit, "CNY") == 0;
        if (!(budget && (a->year == SF_YEAR_TOTAL || strcmp(name, "budget.total") == 0)))
            continue;
        const double se = sqrt(a->se * a->se + b->se * b->se);
        if (se == 0.0) {
            cr_assert(a->mean == b->mean, "%s %d: %.17g vs %.17g with no variance", name, a->year, b->mean, a->mean);
            continue;
        }
        cr_assert(fabs(b->mean - a->mean) <= 4.0 * se, "%s: %s %d: IS mean %.6g, plain %.6g, combined se %.3g", path,
                  name, a->year, b->mean, a->mean, se);
        cr_assert(isfinite(b->sd) && isfinite(b->se) && b->se > 0.0, "%s %d: sd %g se %g", name, a->year, b->sd, b->se);
        checked++;
    }
    cr_assert(checked >= 5, "only %d budget cells checked", checked);
    if (tcop) { /* the mixing variable moves: smaller W, heavier tails, in some year */
        int moved = 0;
        for (int t = 0; t < is->nyears; t++)
            moved |= is->is_mix_scale[t] < 1.0;
        cr_assert(moved, "no mixing scale below 1");
    }
    sf_result_free(plain);
    sf_result_free(is);
    sf_scenario_release(&sc);
}

static void unbiased(const char *path)
{
    unbiased_as(path, 0);
}

Test(is, means_unbiased_on_the_baseline, .timeout = 300)
{
    unbiased("scenarios/shenzhen-baseline.ini");
}

Test(is, means_unbiased_on_two_variants, .timeout = 300)
{
    unbiased("scenarios/variants/comp-share-50.ini");
    unbiased("scenarios/variants/guarantee-ration.ini");
}

/* The t copula: the global and sector innovations shifted and the mixing variable scaled (a gamma
 * tilt); the means stay within 4 SE of plain Monte Carlo. */
Test(is, means_unbiased_with_the_t_copula, .timeout = 300)
{
    unbiased_as("scenarios/shenzhen-baseline.ini", 1);
}

/* Constructed weighted samples: the quantiles and CVaR follow the documented rule exactly. */
Test(is, weighted_quantiles_and_cvar_exact)
{
    /* values 1..4 with weights 1, 1, 2, 4 (n 4): raw weights, from the nearer end. */
    sf_stats_wpoint a[4] = {{3, 2}, {1, 1}, {4, 4}, {2, 1}};
    const double p[3] = {0.25, 0.5, 0.75}, alpha[2] = {0.5, 0.75};
    double q[3], cv[2];
    sf_stats_wtail_summary(a, 4, p, 3, q, alpha, 2, cv);
    /* p 0.25, from the bottom: r = 0, 1, 2, 4; h = 0.25 x 3 = 0.75: 1 + 0.75/1 (2 - 1) = 1.75.
     * p 0.5, from the top (4 w4, 3 w2, 2 w1, 1 w1): s = 0, 4, 6, 7; h = 1.5: 4 + 1.5/4 (3 - 4) = 3.625.
     * p 0.75: h = 0.75: 4 - 0.75/4 = 3.8125 (all exact in binary). */
    cr_assert(q[0] == 1.75 && q[1] == 3.625 && q[2] == 3.8125, "q %.17g %.17g %.17g", q[0], q[1], q[2]);
    /* alpha 0.5: mass 2, inside the top value's weight 4: CVaR = 4; alpha 0.75: mass 1: 4 */
    cr_assert(cv[0] == 4.0 && cv[1] == 4.0, "cvar %.17g %.17g", cv[0], cv[1]);
    /* weights 4, 2, 1, 1 on 1..4; CVaR 0.25 = mass 3 from the top: 1*4 + 1*3 + 1*2 (of 2) = 9 / 3 */
    sf_stats_wpoint b[4] = {{1, 4}, {2, 2}, {3, 1}, {4, 1}};
    const double al = 0.25, pm = 0.5;
    double qb, cb;
    sf_stats_wtail_summary(b, 4, &pm, 1, &qb, &al, 1, &cb);
    cr_assert(cb == 3.0, "cvar %.17g", cb);
    /* p 0.5 from the top: s = 0, 1, 2, 4 (4 w1, 3 w1, 2 w2, 1 w4); h = 1.5: 3 + 0.5/1 (2 - 3) = 2.5 */
    cr_assert(qb == 2.5, "q %.17g", qb);
    /* P(exceeds) with weights: in a run, sum of w over the paths above / n (extras); checked by the
     * Vasicek case below. */
}

/* Every weight 1: the unweighted statistics, bit for bit. */
Test(is, weights_one_equal_the_unweighted_code)
{
    enum { N = 997 };
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    static double x[N];
    static sf_stats_wpoint w[N];
    for (int i = 0; i < N; i++) {
        x[i] = gsl_ran_lognormal(r, 0.0, 1.5);
        w[i].x = x[i];
        w[i].w = 1.0;
    }
    gsl_rng_free(r);
    double q1[SF_NQUANT], q2[SF_NQUANT], c1[2], c2[2];
    const double al[2] = {0.95, 0.99};
    sf_stats_tail_summary(x, N, sf_quantile_levels, SF_NQUANT, q1, al, 2, c1);
    sf_stats_wtail_summary(w, N, sf_quantile_levels, SF_NQUANT, q2, al, 2, c2);
    for (int k = 0; k < SF_NQUANT; k++)
        cr_assert(memcmp(&q1[k], &q2[k], sizeof(double)) == 0, "q%d %.17g vs %.17g", k, q1[k], q2[k]);
    cr_assert(memcmp(c1, c2, sizeof c1) == 0);
    /* the weighted moments with weights 1: the mean of the same values, the sample sd */
    sf_stats_wmoments m = {0, 0, 0, 0, 0, 0, 0};
    sf_stats_moments u = {0, 0, 0};
    for (int i = 0; i < N; i++) {
        sf_stats_wmoments_add(&m, w[i].x, 1.0);
        sf_stats_moments_add(&u, w[i].x);
    }
    cr_assert(fabs(m.mean - u.mean) <= 1e-14 * fabs(u.mean));
    cr_assert(fabs(sf_stats_wmoments_sd(&m) - sf_stats_moments_sd(&u)) <= 1e-12 * sf_stats_moments_sd(&u));
    /* se with weights 1: sqrt(sum (x - m)^2) / n = sd sqrt((n - 1) / n) / sqrt(n) */
    const double se = sf_stats_moments_sd(&u) * sqrt((N - 1.0) / N) / sqrt((double)N);
    cr_assert(fabs(sf_stats_wmoments_se(&m) - se) <= 1e-12 * se);
}

/* Weighted moments merged by blocks equal one pass over the same points (to rounding). */
Test(is, weighted_moments_merge)
{
    sf_stats_wmoments all = {0, 0, 0, 0, 0, 0, 0}, a = {0, 0, 0, 0, 0, 0, 0}, b = {0, 0, 0, 0, 0, 0, 0};
    double W = 0, S = 0;
    for (int i = 0; i < 100; i++) {
        const double x = sin(i) * 10 + i, w = 0.1 + (i % 7);
        sf_stats_wmoments_add(&all, x, w);
        sf_stats_wmoments_add(i < 37 ? &a : &b, x, w);
        W += w;
        S += w * x;
    }
    const double mean = S / W;
    double q = 0;
    for (int i = 0; i < 100; i++) {
        const double x = sin(i) * 10 + i, w = 0.1 + (i % 7);
        q += w * w * (x - mean) * (x - mean);
    }
    sf_stats_wmoments_merge(&a, &b);
    cr_assert(fabs(all.mean - mean) < 1e-12 * fabs(mean) && fabs(a.mean - mean) < 1e-12 * fabs(mean));
    cr_assert(fabs(sf_stats_wmoments_se(&a) - sqrt(q) / W) < 1e-10 * sqrt(q) / W);
    cr_assert(fabs(sf_stats_wmoments_se(&all) - sqrt(q) / W) < 1e-10 * sqrt(q) / W);
    cr_assert(fabs(sf_stats_wmoments_sd(&a) - sf_stats_wmoments_sd(&all)) < 1e-10 * sf_stats_wmoments_sd(&all));
}

static void assert_same(const sf_result *a, const sf_result *b)
{
    cr_assert_eq(a->ncells, b->ncells);
    for (size_t c = 0; c < a->ncells; c++) {
        const sf_stat *x = &a->stats[c], *y = &b->stats[c];
        cr_assert(memcmp(&x->mean, &y->mean, sizeof(double)) == 0 && memcmp(&x->sd, &y->sd, sizeof(double)) == 0 &&
                      memcmp(&x->se, &y->se, sizeof(double)) == 0,
                  "cell %zu: moments differ", c);
        cr_assert(memcmp(x->q, y->q, sizeof x->q) == 0, "cell %zu: quantiles differ", c);
        cr_assert(x->cvar95 == y->cvar95 && x->cvar99 == y->cvar99, "cell %zu: CVaR differs", c);
    }
    cr_assert_eq(a->extras.n, b->extras.n);
    for (int i = 0; i < a->extras.n; i++) {
        const double u = a->extras.item[i].value, v = b->extras.item[i].value;
        cr_assert(memcmp(&u, &v, sizeof u) == 0, "%s: %.17g vs %.17g", a->extras.item[i].key, u, v);
    }
    cr_assert(memcmp(a->is_shift, b->is_shift, sizeof a->is_shift) == 0);
    cr_assert_eq(a->nsectors_shift, b->nsectors_shift);
    cr_assert(memcmp(a->is_shift_sector, b->is_shift_sector,
                     (size_t)a->nsectors_shift * (size_t)a->nyears * sizeof(double)) == 0);
    cr_assert(memcmp(&a->is_ess, &b->is_ess, sizeof(double)) == 0);
    cr_assert(memcmp(a->weights, b->weights, (size_t)a->npaths * sizeof(double)) == 0);
}

Test(is, identical_for_threads_and_passes, .timeout = 300)
{
    sf_scenario sc;
    load_baseline_is(&sc, 500);
    sf_result *a = run(&sc, 600, 1, 0);
    sf_result *b = run(&sc, 600, 2, 0);
    assert_same(a, b);
    sf_result_free(b);
    sf_result *c = run(&sc, 600, 2, (size_t)27 * 1000000);
    cr_assert(c->npasses > 1, "one pass under 27 MB");
    assert_same(a, c);
    sf_result_free(c);
    /* the shift is the pilot's, and worsens the economy: the innovations move down (bad years) */
    double sum = 0.0;
    for (int t = 0; t < a->nyears; t++)
        sum += a->is_shift[t];
    cr_assert(sum < 0.0, "shift sums to %g", sum);
    /* the sectors' innovations move down too, on the whole */
    double ssum = 0.0;
    for (int k = 0; k < a->nsectors_shift * a->nyears; k++)
        ssum += a->is_shift_sector[k];
    cr_assert(a->nsectors_shift == sc.nsectors && ssum < 0.0, "%d sectors, shifts sum to %g", a->nsectors_shift, ssum);
    /* the multilevel search: one pilot of 500 paths per level, at most SF_IS_CE_LEVELS */
    cr_assert(a->is_levels >= 1 && a->is_levels <= SF_IS_CE_LEVELS, "%d levels", a->is_levels);
    cr_assert_eq(a->is_pilot, 500L * a->is_levels);
    sf_result_free(a);
    sf_scenario_release(&sc);
}

/* A year whose factor is fixed (economy.stress for the global factor, economy.stress_sector for
 * the sectors) has nothing to shift: its shift is exactly 0; the free years still move. */
Test(is, fixed_years_keep_a_zero_shift, .timeout = 300)
{
    sf_scenario sc;
    load_baseline_is(&sc, 400);
    sc.econ.nstress = 1;
    sc.econ.stress[0] = -1.0;
    cr_assert(sc.nsectors >= 2);
    sc.econ.nstress_sector = sc.nsectors * 2; /* each sector's first two years */
    for (int k = 0; k < sc.econ.nstress_sector; k++)
        sc.econ.stress_sector[k] = -0.5;
    sf_result *a = run(&sc, 300, 2, 0);
    cr_assert(a->is_shift[0] == 0.0, "stressed year shifted by %g", a->is_shift[0]);
    double free_g = 0.0, free_s = 0.0;
    for (int t = 1; t < a->nyears; t++)
        free_g += fabs(a->is_shift[t]);
    for (int k = 0; k < a->nsectors_shift; k++)
        for (int t = 0; t < a->nyears; t++) {
            const double m = a->is_shift_sector[(size_t)k * (size_t)a->nyears + t];
            if (t < 2)
                cr_assert(m == 0.0, "sector %d year %d fixed but shifted by %g", k, t, m);
            else
                free_s += fabs(m);
        }
    cr_assert(free_g > 0.0 && free_s > 0.0, "the free years move: %g %g", free_g, free_s);
    sf_result_free(a);
    sf_scenario_release(&sc);
}

/* One segment, one year, 10^7 loans, LGD 1, Y = G: the default rate is the Vasicek LHP's to
 * binomial noise of ~1e-4, its P99.9 Phi((Phi^-1(pd) + sqrt(rho) Phi^-1(0.999)) / sqrt(1 - rho))
 * = 0.2885331569 at pd 0.03, rho 0.2 (test-vectors.md). With importance sampling the weighted
 * P(rate > q) is 0.001 within 4 SE, the P99.9 within 4 SE (se of the tail probability over the
 * LHP density at q), and that SE is below a third of plain MC's. */
Test(is, vasicek_p999_closed_form, .timeout = 120)
{
    sf_scenario sc;
    tu_scenario(&sc, 1, 1e7, 1.0, 0.03, 0.2, 1.0, 1, 20000);
    sc.segs[0].lgd_sd = 0.0;
    sc.econ.global_weight = 1.0;
    sc.sim.importance = 1;
    sf_result *res = run(&sc, 20000, 2, 0);
    const double pd = 0.03, rho = 0.2, qt = 0.2885331569;
    const double z = gsl_cdf_ugaussian_Pinv(0.999);
    cr_assert(fabs(gsl_cdf_ugaussian_P((gsl_cdf_ugaussian_Pinv(pd) + sqrt(rho) * z) / sqrt(1 - rho)) - qt) < 1e-9);
    const int s = sf_result_series(res, "portfolio.default_rate");
    double W = 0.0, hit = 0.0;
    for (long p = 0; p < res->npaths; p++) {
        const double w = res->weights[p];
        W += w;
        hit += w * (sf_result_value(res, s, 0, p) > qt);
    }
    const double ph = hit / W;
    double v = 0.0;
    for (long p = 0; p < res->npaths; p++) {
        const double w = res->weights[p], e = (sf_result_value(res, s, 0, p) > qt) - ph;
        v += w * w * e * e;
    }
    const double se = sqrt(v) / W;
    cr_assert(fabs(ph - 0.001) <= 4.0 * se, "P(rate > q999) = %.5g, se %.3g", ph, se);
    const double plain_se = sqrt(0.001 * 0.999 / (double)res->npaths);
    cr_assert(se < plain_se / 3.0, "IS se %.3g, plain %.3g", se, plain_se);
    /* the LHP density at q: F(x) = Phi((sqrt(1-rho) Phi^-1(x) - Phi^-1(pd)) / sqrt(rho)) */
    const double u = gsl_cdf_ugaussian_Pinv(qt);
    const double f = gsl_ran_ugaussian_pdf((sqrt(1 - rho) * u - gsl_cdf_ugaussian_Pinv(pd)) / sqrt(rho)) *
                     sqrt((1 - rho) / rho) / gsl_ran_ugaussian_pdf(u);
    const sf_stat *st = sf_result_stat(res, "portfolio.default_rate", sc.sim.start_year);
    cr_assert(fabs(st->q[SF_Q999] - qt) <= 4.0 * se / f, "P99.9 %.6f, closed form %.6f, se %.3g", st->q[SF_Q999], qt,
              se / f);
    /* the mean default rate is pd */
    cr_assert(fabs(st->mean - pd) <= 4.0 * st->se, "mean %.6f se %.3g", st->mean, st->se);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* Bad values: exit 2 naming the file, line and key; auto with the t copula accepted. */
Test(is, bad_values_refused)
{
    char *out = NULL, *err = NULL;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "check scenarios/shenzhen-baseline.ini --set simulation.importance_sampling=on");
    int rc = tu_cli(cmd, &out, &err);
    cr_assert_eq(rc, 2, "%s", err);
    cr_assert(strstr(err, "simulation.importance_sampling") != NULL, "%s", err);
    free(out);
    free(err);
    /* the t copula is allowed: its mixing variable is tilted too */
    snprintf(cmd, sizeof cmd,
             "check scenarios/shenzhen-baseline.ini --set simulation.importance_sampling=auto --set economy.copula=t");
    rc = tu_cli(cmd, &out, &err);
    cr_assert_eq(rc, 0, "%s", err);
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "check scenarios/shenzhen-baseline.ini --set simulation.importance_tail=0");
    rc = tu_cli(cmd, &out, &err);
    cr_assert_eq(rc, 2, "%s", err);
    cr_assert(strstr(err, "simulation.importance_tail") != NULL, "%s", err);
    free(out);
    free(err);
}
