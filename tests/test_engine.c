/*
 * The default engine against closed forms: Vasicek LHP quantiles, Binomial moments at rho = 0,
 * cohort vs loan mode, thread independence, recoveries, targets. Monte Carlo checks use fixed
 * seeds and bounds of 4 standard errors.
 */
#include "irb.h"
#include "portfolio.h"
#include "stats.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

static void setup(void)
{
    gsl_set_error_handler_off();
}

TestSuite(engine, .init = setup);

/* Fraction of paths whose year-1 default rate is <= x. */
static double ecdf(const sf_result *res, const char *series, int col, double x)
{
    const int s = sf_result_series(res, series);
    long k = 0;
    for (long p = 0; p < res->npaths; p++)
        k += sf_result_value(res, s, col, p) <= x;
    return (double)k / (double)res->npaths;
}

static void check_lhp(double pd, double rho)
{
    sf_scenario sc;
    tu_scenario(&sc, 1, 2000000, 1e6, pd, rho, 0.45, 1, 20000);
    sc.econ.global_weight = 1.0; /* Y = G: one factor */
    sf_result *res = tu_run(&sc, 2);
    const double levels[] = {0.5, 0.95, 0.99};
    for (size_t i = 0; i < 3; i++) {
        const double a = levels[i];
        const double q = sf_irb_vasicek_quantile(pd, rho, a);
        const double f = ecdf(res, "portfolio.default_rate", 0, q);
        const double se = sqrt(a * (1 - a) / (double)res->npaths);
        cr_expect(fabs(f - a) < 4 * se, "pd %g rho %g: P(rate <= q(%g)) = %g, want %g +- %g", pd, rho, a, f, a, 4 * se);
    }
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(engine, vasicek_lhp_quantiles_low_pd)
{
    check_lhp(0.005, 0.2);
}

Test(engine, vasicek_lhp_quantiles_mid_pd)
{
    check_lhp(0.03, 0.05);
}

Test(engine, vasicek_lhp_quantiles_high_pd)
{
    check_lhp(0.1, 0.2);
}

Test(engine, vasicek_summary_quantile_within_its_standard_error)
{
    const double pd = 0.0317, rho = 0.137;
    sf_scenario sc;
    tu_scenario(&sc, 1, 5000000, 1e6, pd, rho, 0.45, 1, 40000);
    sc.econ.global_weight = 1.0;
    sf_result *res = tu_run(&sc, 2);
    const sf_stat *st = sf_result_stat(res, "portfolio.default_rate", 2026);
    cr_assert_not_null(st);
    /* The p95 estimate's standard error: sqrt(a (1 - a) / n) / f(q), with f the LHP density. */
    const double a = 0.95, q = sf_irb_vasicek_quantile(pd, rho, a);
    const double z = (sqrt(1 - rho) * gsl_cdf_ugaussian_Pinv(q) - gsl_cdf_ugaussian_Pinv(pd)) / sqrt(rho);
    const double dens = sqrt((1 - rho) / rho) * exp(-0.5 * z * z + 0.5 * pow(gsl_cdf_ugaussian_Pinv(q), 2));
    const double se = sqrt(a * (1 - a) / (double)res->npaths) / dens;
    cr_expect(fabs(sf_stat_quantile(st, 0.95) - q) < 4 * se, "p95 %g vs %g (se %g)", st->q[SF_Q95], q, se);
    /* The mean default rate is the unconditional PD. */
    cr_expect(fabs(st->mean - pd) < 4 * st->se, "mean %g vs pd %g (se %g)", st->mean, pd, st->se);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(engine, closed_form_vasicek_table)
{
    /* ../shared/reference/test-vectors.md */
    cr_expect(fabs(sf_irb_vasicek_quantile(0.005, 0.05, 0.5) - 0.0041118460) < 1e-9);
    cr_expect(fabs(sf_irb_vasicek_quantile(0.005, 0.2, 0.999) - 0.0909793276) < 1e-9);
    cr_expect(fabs(sf_irb_vasicek_quantile(0.03, 0.2, 0.95) - 0.1002085100) < 1e-9);
    cr_expect(fabs(sf_irb_vasicek_quantile(0.03, 0.05, 0.99) - 0.0813643663) < 1e-9);
    cr_expect(fabs(sf_irb_vasicek_quantile(0.1, 0.2, 0.99) - 0.3937169688) < 1e-9);
    cr_expect(fabs(sf_irb_vasicek_quantile(0.1, 0.05, 0.999) - 0.2722918246) < 1e-9);
}

Test(engine, rho_zero_gives_binomial_moments)
{
    const double N = 4817, pd = 0.0237;
    sf_scenario sc;
    tu_scenario(&sc, 1, N, 1e6, pd, 0.0, 0.45, 1, 40000);
    sf_result *res = tu_run(&sc, 2);
    const sf_stat *st = sf_result_stat(res, "portfolio.defaults", 2026);
    const double mu = N * pd, var = N * pd * (1 - pd);
    cr_expect(fabs(st->mean - mu) < 4 * sqrt(var / (double)res->npaths), "mean %g vs %g", st->mean, mu);
    /* The sample variance of n draws has sd ~ var sqrt(2 / (n - 1)) (near-normal counts). */
    const double sv = st->sd * st->sd;
    cr_expect(fabs(sv - var) < 4 * var * sqrt(2.0 / (double)(res->npaths - 1)), "var %g vs %g", sv, var);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(engine, rho_near_one_is_finite)
{
    sf_scenario sc;
    tu_scenario(&sc, 3, 1000, 2.5e5, 0.02, 0.999999, 0.45, 3, 4000);
    sf_result *res = tu_run(&sc, 2);
    for (size_t c = 0; c < res->nstats; c++) {
        const sf_stat *st = &res->stats[c];
        cr_assert(isfinite(st->mean) && isfinite(st->sd) && isfinite(st->cvar99), "cell %zu not finite", c);
    }
    const sf_stat *st = sf_result_stat(res, "portfolio.default_rate", 2026);
    /* Nearly all-or-nothing: the mean is still the PD. */
    cr_expect(fabs(st->mean - 0.02) < 4 * st->se + 1e-9, "mean %g", st->mean);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

static void set_dynamics(sf_scenario *sc)
{
    for (size_t s = 0; s < sc->nsegs; s++) {
        sf_segment *g = &sc->segs[s];
        g->tenor = 2.5 + (double)s;
        g->renew_rate = 0.63;
        g->growth = 0.041 * (double)(s + 1);
        g->lgd_sd = 0.21;
        g->pd = 0.018 + 0.011 * (double)s;
        g->rho = 0.09 + 0.05 * (double)s;
    }
    sc->sim.recovery_lag = 1;
    sc->econ.lgd_cycle = 0.35;
}

Test(engine, cohort_and_loan_mode_agree)
{
    sf_scenario sc;
    tu_scenario(&sc, 3, 1300, 3.7e5, 0.02, 0.12, 0.43, 4, 6000);
    set_dynamics(&sc);
    sf_result *a = tu_run(&sc, 2);
    sc.sim.mode = SF_MODE_LOAN;
    sf_result *b = tu_run(&sc, 2);
    const char *series[] = {"portfolio.loss", "portfolio.defaults", "portfolio.balance", "portfolio.recoveries",
                            "portfolio.default_rate"};
    for (size_t i = 0; i < 5; i++)
        for (int y = 2026; y < 2030; y++) {
            const sf_stat *x = sf_result_stat(a, series[i], y), *z = sf_result_stat(b, series[i], y);
            const double se = sqrt(x->se * x->se + z->se * z->se);
            cr_expect(fabs(x->mean - z->mean) <= 4 * se + 1e-9 * fabs(x->mean), "%s %d: cohort %g loan %g (se %g)",
                      series[i], y, x->mean, z->mean, se);
        }
    sf_result_free(a);
    sf_result_free(b);
    tu_scenario_free(&sc);
}

Test(engine, same_summary_for_any_thread_count)
{
    sf_scenario sc;
    tu_scenario(&sc, 4, 900, 4.1e5, 0.027, 0.15, 0.4, 3, 3000);
    set_dynamics(&sc);
    sf_result *a = tu_run(&sc, 1);
    sf_result *b = tu_run(&sc, 2);
    sf_result *c = tu_run(&sc, 3);
    cr_assert_eq(a->nstats, b->nstats);
    cr_expect(memcmp(a->stats, b->stats, a->nstats * sizeof *a->stats) == 0, "1 vs 2 threads differ");
    cr_expect(memcmp(a->stats, c->stats, a->nstats * sizeof *a->stats) == 0, "1 vs 3 threads differ");
    sf_result_free(a);
    sf_result_free(b);
    sf_result_free(c);
    tu_scenario_free(&sc);
}

Test(engine, different_seed_gives_different_summary)
{
    sf_scenario sc;
    tu_scenario(&sc, 2, 900, 4.1e5, 0.027, 0.15, 0.4, 2, 1000);
    sf_result *a = tu_run(&sc, 2);
    sc.sim.seed = 20261126;
    sf_result *b = tu_run(&sc, 2);
    cr_expect(sf_result_stat(a, "portfolio.loss", 2026)->mean != sf_result_stat(b, "portfolio.loss", 2026)->mean);
    sf_result_free(a);
    sf_result_free(b);
    tu_scenario_free(&sc);
}

Test(engine, expected_loss_is_pd_lgd_exposure)
{
    const double N = 2400, A = 5.3e5, pd = 0.0213, lgd = 0.47;
    sf_scenario sc;
    tu_scenario(&sc, 2, N, A, pd, 0.11, lgd, 1, 20000);
    for (size_t s = 0; s < sc.nsegs; s++)
        sc.segs[s].lgd_sd = 0.19;
    sf_result *res = tu_run(&sc, 2);
    const sf_stat *st = sf_result_stat(res, "portfolio.loss", 2026);
    const double el = 2 * N * A * pd * lgd;
    cr_expect(fabs(st->mean - el) < 4 * st->se, "EL %g vs %g (se %g)", st->mean, el, st->se);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(engine, recoveries_arrive_after_the_lag_on_every_path)
{
    const double A = 3.3e5, lgd = 0.38;
    sf_scenario sc;
    tu_scenario(&sc, 2, 1500, A, 0.03, 0.1, lgd, 4, 500);
    sc.sim.recovery_lag = 2;
    sf_result *res = tu_run(&sc, 2);
    const int d = sf_result_series(res, "portfolio.defaults"), r = sf_result_series(res, "portfolio.recoveries");
    for (long p = 0; p < res->npaths; p++) {
        cr_assert_eq(sf_result_value(res, r, 0, p), 0.0);
        cr_assert_eq(sf_result_value(res, r, 1, p), 0.0);
        for (int y = 2; y < 4; y++) {
            const double want = sf_result_value(res, d, y - 2, p) * A * (1 - lgd);
            cr_assert(fabs(sf_result_value(res, r, y, p) - want) <= 1e-9 * (want + 1), "path %ld year %d", p, y);
        }
    }
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(engine, book_follows_the_target_path_exactly_without_defaults)
{
    const double N = 1234, A = 7.7e5, g = 0.083;
    sf_scenario sc;
    tu_scenario(&sc, 1, N, A, 0.0, 0.1, 0.4, 5, 200);
    sc.segs[0].growth = g;
    sc.segs[0].tenor = 3.3;
    sc.segs[0].renew_rate = 0.5;
    sf_result *res = tu_run(&sc, 2);
    for (int y = 0; y < 5; y++) {
        const sf_stat *st = sf_result_stat(res, "portfolio.balance", 2026 + y);
        const double want = floor(N * pow(1 + g, y) + 0.5) * A;
        cr_expect(fabs(st->mean - want) < 1e-9 * want && st->sd < 1e-6 * want, "year %d: %g vs %g", y, st->mean, want);
    }
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(engine, stress_path_fixes_the_global_factor)
{
    /* With one factor (w = 1) and G_1 = -2, the year-1 default rate is the conditional PD. */
    const double pd = 0.025, rho = 0.16;
    sf_scenario sc;
    tu_scenario(&sc, 1, 3000000, 1e6, pd, rho, 0.45, 2, 400);
    sc.econ.global_weight = 1.0;
    sc.econ.stress[0] = -2.0;
    sc.econ.nstress = 1;
    sf_result *res = tu_run(&sc, 2);
    const double p = sf_irb_conditional_pd(pd, rho, -2.0);
    const sf_stat *st = sf_result_stat(res, "portfolio.default_rate", 2026);
    cr_expect(fabs(st->mean - p) < 4 * sqrt(p * (1 - p) / 3e6), "rate %g vs p(-2) %g", st->mean, p);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(engine, stress_sector_fixes_each_sector_factor)
{
    /* Sector factors only (w = 0), one segment in the first of two sectors; economy.stress_sector
     * = -2, 1 fixes S_1 of each sector (one year each): the year-1 default rate is the
     * conditional PD at -2; the kept factors are the fixed values on every path, G and year 2
     * stay random. */
    const double pd = 0.025, rho = 0.16;
    sf_scenario sc;
    tu_scenario(&sc, 1, 3000000, 1e6, pd, rho, 0.45, 2, 400);
    sc.econ.global_weight = 0.0;
    sc.econ.stress_sector[0] = -2.0;
    sc.econ.stress_sector[1] = 1.0;
    sc.econ.nstress_sector = 2;
    sf_run_opts ro;
    sf_run_opts_init(&ro);
    ro.keep_factors = 1;
    ro.threads = 2;
    sf_result *res = NULL;
    sf_err err = {0, ""};
    cr_assert_eq(sf_simulate(&sc, &ro, &res, &err), SF_OK, "%s", err.msg);
    const double p = sf_irb_conditional_pd(pd, rho, -2.0);
    const sf_stat *st = sf_result_stat(res, "portfolio.default_rate", 2026);
    cr_expect(fabs(st->mean - p) < 4 * sqrt(p * (1 - p) / 3e6), "rate %g vs p(-2) %g", st->mean, p);
    cr_assert_eq(res->nfactors, 3);
    double g2 = 0.0, s2 = 0.0;
    for (long q = 0; q < res->npaths; q++) {
        const double *x = res->factors + (size_t)q * 3 * 2; /* [G, S_1, S_2][year] */
        cr_expect_eq(x[2], -2.0, "path %ld: S_manufacturing,1", q);
        cr_expect_eq(x[4], 1.0, "path %ld: S_services,1", q);
        g2 += x[0] * x[0];
        s2 += (x[3] - 0.5 * x[2]) * (x[3] - 0.5 * x[2]);
    }
    /* G_1 ~ N(0, 1); S_2 - phi S_1 ~ N(0, 1 - phi^2) with phi = 0.5 */
    cr_expect(fabs(g2 / 400 - 1) < 4 * sqrt(2.0 / 400), "var G_1 %g", g2 / 400);
    cr_expect(fabs(s2 / 400 - 0.75) < 4 * 0.75 * sqrt(2.0 / 400), "var of S_2's innovation %g", s2 / 400);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(engine, t_copula_keeps_the_pd_and_fattens_the_tail)
{
    const double pd = 0.03, rho = 0.12;
    sf_scenario sc;
    tu_scenario(&sc, 1, 200000, 1e6, pd, rho, 0.45, 1, 20000);
    sf_result *g = tu_run(&sc, 2);
    sc.econ.copula = SF_COPULA_T;
    sc.econ.t_dof = 4;
    sf_result *t = tu_run(&sc, 2);
    const sf_stat *sg = sf_result_stat(g, "portfolio.default_rate", 2026);
    const sf_stat *st = sf_result_stat(t, "portfolio.default_rate", 2026);
    cr_expect(fabs(st->mean - pd) < 4 * st->se, "t mean %g", st->mean);
    cr_expect(st->q[SF_Q999] > sg->q[SF_Q999], "t p999 %g <= gaussian %g", st->q[SF_Q999], sg->q[SF_Q999]);
    sf_result_free(g);
    sf_result_free(t);
    tu_scenario_free(&sc);
}

Test(engine, total_and_pv_rows_are_sums_of_years)
{
    sf_scenario sc;
    tu_scenario(&sc, 2, 800, 6.1e5, 0.04, 0.2, 0.5, 3, 300);
    sc.sim.discount_rate = 0.031;
    sf_result *res = tu_run(&sc, 2);
    const int s = sf_result_series(res, "portfolio.loss");
    cr_assert_eq(res->ncols[s], 5);
    cr_assert_eq(res->ncols[sf_result_series(res, "portfolio.defaults")], 3, "counts have no total/pv");
    cr_assert_eq(res->ncols[sf_result_series(res, "portfolio.balance")], 3, "stocks have no total/pv");
    for (long p = 0; p < res->npaths; p++) {
        double tot = 0, pv = 0;
        for (int y = 0; y < 3; y++) {
            tot += sf_result_value(res, s, y, p);
            pv += sf_result_value(res, s, y, p) / pow(1.031, y);
        }
        cr_assert(fabs(sf_result_value(res, s, 3, p) - tot) <= 1e-9 * (tot + 1));
        cr_assert(fabs(sf_result_value(res, s, 4, p) - pv) <= 1e-9 * (pv + 1));
    }
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* A one-year run stores neither total nor pv (each equals the year's value), and a zero discount
 * rate does not store pv (it equals total): their per-path values and every statistic are the
 * source's exactly, and only the source takes a slot in the store. */
Test(engine, duplicate_cells_are_not_stored_and_equal_their_source)
{
    for (int years = 1; years <= 3; years += 2) {
        sf_scenario sc;
        tu_scenario(&sc, 2, 800, 6.1e5, 0.04, 0.2, 0.5, years, 300);
        sc.sim.discount_rate = years == 1 ? 0.031 : 0.0;
        sf_result *res = tu_run(&sc, 2);
        const int s = sf_result_series(res, "portfolio.loss");
        const size_t c0 = res->col0[s];
        const size_t src = years == 1 ? c0 : c0 + (size_t)years; /* the year; the total */
        const int first_alias = years == 1 ? 1 : years + 1;
        for (int c = first_alias; c < res->ncols[s]; c++) {
            const size_t cell = c0 + (size_t)c;
            cr_expect_eq(res->alias[cell], src, "col %d", c);
            cr_expect_eq(res->slot[cell], SF_NOT_RESIDENT, "col %d takes no slot", c);
            for (long p = 0; p < res->npaths; p++)
                cr_assert_eq(sf_result_value(res, s, c, p), sf_result_value(res, s, (int)(src - c0), p));
            const sf_stat *a = &res->stats[cell], *b = &res->stats[src];
            cr_expect(a->mean == b->mean && a->sd == b->sd && a->se == b->se && a->cvar95 == b->cvar95 &&
                          a->cvar99 == b->cvar99,
                      "col %d: moments and CVaR are the source's", c);
            for (int k = 0; k < SF_NQUANT; k++)
                cr_expect_eq(a->q[k], b->q[k], "col %d quantile %d", c, k);
        }
        cr_expect_neq(res->slot[src], SF_NOT_RESIDENT);
        sf_result_free(res);
        tu_scenario_free(&sc);
    }
}

Test(stats, quantiles_match_gsl_type7)
{
    const size_t n = 1013;
    double a[1013], b[1013];
    gsl_rng *r = sf_rng_alloc();
    sf_rng_reset(r, 7, 1, 2, 3, 4);
    for (size_t i = 0; i < n; i++)
        a[i] = b[i] = gsl_rng_uniform(r) * 100.0 - 20.0 + (i % 7 == 0 ? 3.0 : 0.0);
    gsl_rng_free(r);
    /* sort b by insertion (small n) */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && b[j - 1] > b[j]; j--) {
            const double t = b[j];
            b[j] = b[j - 1];
            b[j - 1] = t;
        }
    double q[6], cv[2];
    const double lv[2] = {0.95, 0.99};
    sf_stats_tail_summary(a, n, sf_quantile_levels, 6, q, lv, 2, cv);
    for (int i = 0; i < 6; i++) {
        const double h = (double)(n - 1) * sf_quantile_levels[i];
        const size_t lo = (size_t)floor(h);
        const double want = lo + 1 < n ? b[lo] + (h - (double)lo) * (b[lo + 1] - b[lo]) : b[lo];
        cr_expect(fabs(q[i] - want) < 1e-12, "q%d %g vs %g", i, q[i], want);
    }
    for (int i = 0; i < 2; i++) {
        const double m = (double)n * (1 - lv[i]);
        const size_t K = (size_t)floor(m);
        double s = 0;
        for (size_t j = n - K; j < n; j++)
            s += b[j];
        s += (m - (double)K) * b[n - K - 1];
        cr_expect(fabs(cv[i] - s / m) < 1e-9, "cvar %g vs %g", cv[i], s / m);
    }
}

Test(stats, welford_blocks_merge_to_the_two_pass_moments)
{
    double x[777];
    double sum = 0;
    for (int i = 0; i < 777; i++) {
        x[i] = 1e6 + sin(i * 1.37) * 250.0 + i * 0.01;
        sum += x[i];
    }
    const double mean = sum / 777;
    double ss = 0;
    for (int i = 0; i < 777; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    sf_stats_moments acc = {0, 0, 0};
    for (int b = 0; b < 777; b += 100) {
        sf_stats_moments m = {0, 0, 0};
        for (int i = b; i < b + 100 && i < 777; i++)
            sf_stats_moments_add(&m, x[i]);
        sf_stats_moments_merge(&acc, &m);
    }
    cr_expect(fabs(acc.mean - mean) < 1e-9);
    cr_expect(fabs(sf_stats_moments_sd(&acc) - sqrt(ss / 776)) < 1e-9);
}

Test(rng, draws_are_keyed_by_the_unit_of_work)
{
    gsl_rng *r = sf_rng_alloc();
    double a[8], b[8];
    sf_rng_reset(r, 99, SF_STREAM_DEFAULTS, 12345, 3, 17);
    for (int i = 0; i < 8; i++)
        a[i] = gsl_rng_uniform(r);
    sf_rng_reset(r, 99, SF_STREAM_LGD, 12345, 3, 17);
    (void)gsl_rng_uniform(r);
    sf_rng_reset(r, 99, SF_STREAM_DEFAULTS, 12345, 3, 17);
    for (int i = 0; i < 8; i++)
        b[i] = gsl_rng_uniform(r);
    cr_expect(memcmp(a, b, sizeof a) == 0, "same unit, same draws");
    sf_rng_reset(r, 99, SF_STREAM_DEFAULTS, 12345, 3, 18);
    cr_expect(gsl_rng_uniform(r) != a[0], "another unit, other draws");
    sf_rng_reset(r, 100, SF_STREAM_DEFAULTS, 12345, 3, 17);
    cr_expect(gsl_rng_uniform(r) != a[0], "another seed, other draws");
    gsl_rng_free(r);
}
