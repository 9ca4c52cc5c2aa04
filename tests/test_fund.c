/*
 * test_fund.c — the guidance fund of funds (Art. 54/62/63, issue 4): Takahashi–Alexander against
 * the table of ../shared/reference/test-vectors.md, leverage, concessions, the market factor.
 */
#include "fund.h"
#include "mechanism.h"
#include "mech_keys.h"
#include "rng.h"
#include "scenario.h"
#include "sim.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NS_MAX 32

/* The Takahashi–Alexander table of test-vectors.md: age, call, distribution, NAV, paid-in. */
static const double ta_table[12][5] = {
    {1, 25.000000000, 0.000000000, 25.000000000, 25.000000000},
    {2, 25.000000000, 0.320361506, 52.929638494, 50.000000000},
    {3, 25.000000000, 1.869077859, 82.941413639, 75.000000000},
    {4, 12.500000000, 6.012384407, 100.211413005, 87.500000000},
    {5, 6.250000000, 12.690172484, 106.798724212, 93.750000000},
    {6, 3.125000000, 21.333863847, 102.473694513, 96.875000000},
    {7, 1.562500000, 30.094201369, 87.263573431, 98.437500000},
    {8, 0.781250000, 35.783538916, 63.605549061, 99.218750000},
    {9, 0.390625000, 35.012781044, 37.252114395, 99.609375000},
    {10, 0.195312500, 26.685556026, 15.604645740, 99.804687500},
    {11, 0.097656250, 14.186032645, 3.544873291, 99.902343750},
    {12, 0.048828125, 4.054534944, 0.000000000, 99.951171875},
};

static void ta_params(sf_fund_params *fp)
{
    memset(fp, 0, sizeof *fp);
    fp->enabled = 1;
    fp->commitment = 100.0;
    fp->commit_years = 1;
    fp->gov_share = 1.0;
    fp->funds_per_vintage = 1;
    fp->life = 12;
    fp->call_rates[0] = 0.25;
    fp->call_rates[1] = 1.0 / 3.0;
    fp->call_rates[2] = 0.5;
    fp->ncall_rates = 3;
    fp->bow = 2.5;
    fp->growth = 0.13;
    fp->growth_sd = 0.0;
    fp->growth_corr = 0.3;
    fp->growth_beta = 0.5;
    fp->yield = 0.0;
    fp->concession = SF_FUND_NONE;
    fp->return_cap = 0.06;
    fp->first_loss = 0.2;
}

static int sidx(const char *name)
{
    for (size_t i = 0; i < sf_fund_mechanism.nseries; i++)
        if (strcmp(sf_fund_mechanism.series[i].name, name) == 0)
            return (int)i;
    cr_assert_fail("no series %s", name);
    return -1;
}

/* Runs the fund mechanism alone for `paths` paths of the scenario's horizon with the global
 * factor G[t] (NULL: 0); out[(p·years + t)·nseries + k]. */
static double *run_fund(const sf_scenario *sc, long paths, const double *G)
{
    const int years = sc->sim.years;
    const size_t ns = sf_fund_mechanism.nseries;
    double *res = calloc((size_t)paths * (size_t)years * ns, sizeof *res);
    cr_assert_not_null(res);
    void *ws = sf_fund_mechanism.ws_alloc(sc);
    cr_assert_not_null(ws);
    gsl_rng *r = sf_rng_alloc();
    double zero[NS_MAX] = {0};
    for (long p = 0; p < paths; p++) {
        const sf_rng_ctx rc = {r, sc->sim.seed, (uint64_t)p};
        sf_fund_mechanism.path_init(ws, sc);
        for (int t = 0; t < years; t++) {
            const sf_portfolio_year py = {t, sc->sim.start_year + t, 0, G ? G[t] : 0.0, zero, zero, zero, zero,
                                       zero, zero, zero, zero, NULL, NULL, NULL, NULL};
            double sm = 0.0;
            sf_fund_mechanism.year_step(ws, sc, &py, &rc, res + ((size_t)p * (size_t)years + (size_t)t) * ns, &sm);
        }
    }
    gsl_rng_free(r);
    sf_fund_mechanism.ws_free(ws);
    return res;
}

static void fund_scenario(sf_scenario *sc, int years)
{
    tu_scenario(sc, 1, 100, 1e6, 0.02, 0.1, 0.45, years, 100);
    ta_params(&sc->fund);
}

static double at(const double *res, int years, long p, int t, int k)
{
    return res[((size_t)p * (size_t)years + (size_t)t) * sf_fund_mechanism.nseries + (size_t)k];
}

Test(fund, takahashi_alexander_table)
{
    sf_fund_params fp;
    ta_params(&fp);
    sf_fund_state f = {100.0, 0.0, 0.0, 0.0};
    for (int a = 1; a <= 12; a++) {
        double c, d;
        sf_fund_ta_step(&fp, &f, a, fp.growth, &c, &d);
        const double *row = ta_table[a - 1];
        cr_expect(fabs(c - row[1]) < 1e-9, "age %d call %.12f vs %.12f", a, c, row[1]);
        cr_expect(fabs(d - row[2]) < 1e-9, "age %d distribution %.12f vs %.12f", a, d, row[2]);
        cr_expect(fabs(f.nav - row[3]) < 1e-9, "age %d NAV %.12f vs %.12f", a, f.nav, row[3]);
        cr_expect(fabs(f.pic - row[4]) < 1e-9, "age %d paid-in %.12f vs %.12f", a, f.pic, row[4]);
    }
}

/* The same table through the mechanism: one vintage, one sub-fund, government share 1, growth_sd 0. */
Test(fund, mechanism_reproduces_table)
{
    sf_scenario sc;
    fund_scenario(&sc, 12);
    double *res = run_fund(&sc, 1, NULL);
    const int ic = sidx("fund.calls"), id = sidx("fund.distributions"), in = sidx("fund.nav");
    const int ip = sidx("fund.gov_paid_in");
    for (int t = 0; t < 12; t++) {
        cr_expect(fabs(at(res, 12, 0, t, ic) - ta_table[t][1]) < 1e-9, "year %d calls", t);
        cr_expect(fabs(at(res, 12, 0, t, id) + ta_table[t][2]) < 1e-9, "year %d distributions", t);
        cr_expect(fabs(at(res, 12, 0, t, in) - ta_table[t][3]) < 1e-9, "year %d nav", t);
        cr_expect(fabs(at(res, 12, 0, t, ip) - ta_table[t][4]) < 1e-9, "year %d paid-in", t);
    }
    free(res);
    tu_scenario_free(&sc);
}

Test(fund, leverage_is_one_over_gov_share)
{
    sf_scenario sc;
    fund_scenario(&sc, 6);
    sc.fund.gov_share = 0.2385;
    sc.fund.commit_years = 3;
    sc.fund.funds_per_vintage = 7;
    sc.fund.commitment = 3.85e8;
    sc.fund.growth_sd = 0.25;
    double *res = run_fund(&sc, 3, NULL);
    const int il = sidx("fund.leverage");
    for (long p = 0; p < 3; p++)
        for (int t = 0; t < 6; t++)
            cr_expect(fabs(at(res, 6, p, t, il) - 1.0 / 0.2385) < 1e-12, "leverage %g",
                      at(res, 6, p, t, il));
    free(res);
    tu_scenario_free(&sc);
}

/* With every call rate 1 at the end, the government pays in exactly what it committed. */
Test(fund, government_pays_in_its_commitment)
{
    sf_scenario sc;
    fund_scenario(&sc, 8);
    sc.fund.gov_share = 0.3;
    sc.fund.commit_years = 3;
    sc.fund.commitment = 2.385e8;
    sc.fund.call_rates[3] = 1.0;
    sc.fund.ncall_rates = 4;
    sc.fund.growth_sd = 0.3;
    double *res = run_fund(&sc, 4, NULL);
    const int ic = sidx("fund.calls");
    for (long p = 0; p < 4; p++) {
        double tot = 0.0;
        for (int t = 0; t < 8; t++)
            tot += at(res, 8, p, t, ic);
        cr_expect(fabs(tot - 3 * 2.385e8) < 1e-4, "paid in %.6f", tot);
    }
    free(res);
    tu_scenario_free(&sc);
}

/* growth_beta = 1 and growth_corr = 1: each sub-fund grows at growth + growth_sd·G_t exactly. */
Test(fund, market_factor_tied_to_credit_cycle)
{
    sf_scenario sc;
    fund_scenario(&sc, 3);
    sc.fund.growth_beta = 1.0;
    sc.fund.growth_corr = 1.0;
    sc.fund.growth_sd = 0.25;
    const double G[3] = {-1.7, 0.4, 1.2};
    double *res = run_fund(&sc, 2, G);
    sf_fund_params fp = sc.fund;
    sf_fund_state f = {100.0, 0.0, 0.0, 0.0};
    const int in = sidx("fund.nav");
    for (int t = 0; t < 3; t++) {
        double c, d;
        sf_fund_ta_step(&fp, &f, t + 1, 0.13 + 0.25 * G[t], &c, &d);
        cr_expect(fabs(at(res, 3, 0, t, in) - f.nav) < 1e-9, "year %d", t);
        cr_expect(fabs(at(res, 3, 1, t, in) - f.nav) < 1e-9, "path 1 year %d", t);
    }
    free(res);
    tu_scenario_free(&sc);
}

/* Draws are a function of (seed, path, year): the same path gives the same flows. */
Test(fund, reproducible_per_path)
{
    sf_scenario sc;
    fund_scenario(&sc, 5);
    sc.fund.growth_sd = 0.25;
    sc.fund.funds_per_vintage = 4;
    sc.fund.commit_years = 2;
    double *a = run_fund(&sc, 3, NULL);
    double *b = run_fund(&sc, 3, NULL);
    const size_t n = 3 * 5 * sf_fund_mechanism.nseries;
    cr_expect(memcmp(a, b, n * sizeof *a) == 0);
    const int in = sidx("fund.nav");
    cr_expect(at(a, 5, 0, 4, in) != at(a, 5, 1, 4, in), "paths differ");
    free(a);
    free(b);
    tu_scenario_free(&sc);
}

/* Concessions move money from the government to private LPs, never the other way. */
Test(fund, concessions_never_give_government_more)
{
    sf_scenario sc;
    fund_scenario(&sc, 12);
    sc.fund.gov_share = 0.35;
    sc.fund.commit_years = 3;
    sc.fund.funds_per_vintage = 3;
    sc.fund.life = 8;
    sc.fund.growth = 0.02;
    sc.fund.growth_sd = 0.4;
    sc.fund.return_cap = 0.04;
    sc.fund.first_loss = 0.15;
    const long P = 200;
    double *none = run_fund(&sc, P, NULL);
    sc.fund.concession = SF_FUND_RETURN_CAP;
    double *cap = run_fund(&sc, P, NULL);
    sc.fund.concession = SF_FUND_FIRST_LOSS;
    double *fl = run_fund(&sc, P, NULL);
    const int id = sidx("fund.distributions"), ic = sidx("fund.calls"), iv = sidx("fund.gov_tvpi");
    int cap_binds = 0, fl_binds = 0;
    for (long p = 0; p < P; p++) {
        double dn = 0, dc = 0, df = 0;
        for (int t = 0; t < 12; t++) {
            /* Calls are the same; distributions are negative budget lines. */
            cr_assert(at(none, 12, p, t, ic) == at(cap, 12, p, t, ic));
            cr_assert(at(none, 12, p, t, ic) == at(fl, 12, p, t, ic));
            dn -= at(none, 12, p, t, id);
            dc -= at(cap, 12, p, t, id);
            df -= at(fl, 12, p, t, id);
            cr_assert(at(cap, 12, p, t, iv) <= at(none, 12, p, t, iv) + 1e-12);
            cr_assert(at(fl, 12, p, t, iv) <= at(none, 12, p, t, iv) + 1e-12);
        }
        cr_assert(dc <= dn + 1e-6, "return_cap gave %.6f > %.6f", dc, dn);
        cr_assert(df <= dn + 1e-6, "first_loss gave %.6f > %.6f", df, dn);
        cap_binds += dc < dn - 1e-6;
        fl_binds += df < dn - 1e-6;
    }
    cr_expect(cap_binds > 0 && fl_binds > 0, "the concessions bind on some paths (%d, %d)", cap_binds, fl_binds);
    free(none);
    free(cap);
    free(fl);
    tu_scenario_free(&sc);
}

/* A return cap nobody reaches and a first loss of zero change nothing. */
Test(fund, slack_concessions_are_neutral)
{
    sf_scenario sc;
    fund_scenario(&sc, 10);
    sc.fund.gov_share = 0.4;
    sc.fund.growth_sd = 0.3;
    sc.fund.life = 7;
    sc.fund.commit_years = 2;
    double *none = run_fund(&sc, 50, NULL);
    sc.fund.concession = SF_FUND_RETURN_CAP;
    sc.fund.return_cap = 5.0;
    double *cap = run_fund(&sc, 50, NULL);
    sc.fund.concession = SF_FUND_FIRST_LOSS;
    sc.fund.first_loss = 0.0;
    double *fl = run_fund(&sc, 50, NULL);
    const int id = sidx("fund.distributions");
    for (long p = 0; p < 50; p++)
        for (int t = 0; t < 10; t++) {
            cr_expect(fabs(at(cap, 10, p, t, id) - at(none, 10, p, t, id)) < 1e-6);
            cr_expect(fabs(at(fl, 10, p, t, id) - at(none, 10, p, t, id)) < 1e-6);
        }
    free(none);
    free(cap);
    free(fl);
    tu_scenario_free(&sc);
}

Test(fund, first_loss_formula)
{
    sf_fund_params fp;
    ta_params(&fp);
    fp.gov_share = 0.3;
    fp.concession = SF_FUND_FIRST_LOSS;
    fp.first_loss = 0.2;
    /* Size 100, paid-in 90, distributions 60: loss 30 = 20 first loss + 0.3 x 10 shared. */
    cr_expect(fabs(sf_fund_gov_first_loss(&fp, 100, 90, 60) - 23.0) < 1e-12);
    /* Loss 12.5 inside the first-loss layer is all the government's; a total loss is capped at its paid-in 27. */
    cr_expect(fabs(sf_fund_gov_first_loss(&fp, 100, 90, 77.5) - 12.5) < 1e-12);
    cr_expect(fabs(sf_fund_gov_first_loss(&fp, 100, 90, 0) - 27.0) < 1e-12);
    cr_expect(sf_fund_gov_first_loss(&fp, 100, 90, 95) == 0.0);
    fp.concession = SF_FUND_NONE;
    cr_expect(fabs(sf_fund_gov_first_loss(&fp, 100, 90, 60) - 9.0) < 1e-12);
}

/* A sub-fund that loses 20 % a year: under first_loss the government's final settlement
 * takes 20 % of the size before the private LPs lose, and the private LPs get the difference. */
Test(fund, first_loss_settles_at_liquidation)
{
    sf_scenario sc;
    fund_scenario(&sc, 4);
    sc.fund.gov_share = 0.25;
    sc.fund.commitment = 25.0; /* one sub-fund of size 100 */
    sc.fund.life = 4;
    sc.fund.growth = -0.2;
    sc.fund.call_rates[0] = 1.0;
    sc.fund.ncall_rates = 1;
    double *none = run_fund(&sc, 1, NULL);
    sc.fund.concession = SF_FUND_FIRST_LOSS;
    sc.fund.first_loss = 0.2;
    double *fl = run_fund(&sc, 1, NULL);
    const int id = sidx("fund.distributions");
    double dn = 0, df = 0;
    for (int t = 0; t < 4; t++) {
        dn -= at(none, 4, 0, t, id);
        df -= at(fl, 4, 0, t, id);
    }
    const double L = 100.0 - dn / 0.25; /* the sub-fund's loss */
    cr_assert(L > 20.0);
    const double gl = fmin(20.0 + 0.25 * (L - 20.0), 25.0);
    cr_assert(gl < 25.0, "the cap at paid-in does not bind here");
    cr_expect(fabs(df - (25.0 - gl)) < 1e-9, "government receipts %.9f vs %.9f", df, 25.0 - gl);
    free(none);
    free(fl);
    tu_scenario_free(&sc);
}

/* NAV never goes negative, even with growth draws below -100 %. */
Test(fund, nav_never_negative)
{
    sf_scenario sc;
    fund_scenario(&sc, 10);
    sc.fund.growth = -0.2;
    sc.fund.growth_sd = 2.0;
    sc.fund.funds_per_vintage = 5;
    sc.fund.commit_years = 5;
    double *res = run_fund(&sc, 100, NULL);
    const int in = sidx("fund.nav"), iv = sidx("fund.gov_tvpi");
    for (long p = 0; p < 100; p++)
        for (int t = 0; t < 10; t++) {
            cr_assert(at(res, 10, p, t, in) >= 0.0);
            cr_assert(isfinite(at(res, 10, p, t, iv)) && at(res, 10, p, t, iv) >= 0.0);
        }
    free(res);
    tu_scenario_free(&sc);
}

/* Zero growth, no yield: every sub-fund returns exactly what it called, so TVPI = 1. */
Test(fund, zero_growth_tvpi_is_one)
{
    sf_scenario sc;
    fund_scenario(&sc, 9);
    sc.fund.growth = 0.0;
    sc.fund.gov_share = 0.3;
    sc.fund.life = 5;
    sc.fund.commit_years = 4;
    double *res = run_fund(&sc, 1, NULL);
    const int iv = sidx("fund.gov_tvpi"), il = sidx("fund.loss_rate"), id = sidx("fund.distributions");
    const int ic = sidx("fund.calls");
    double net = 0.0;
    for (int t = 0; t < 9; t++) {
        cr_expect(fabs(at(res, 9, 0, t, iv) - 1.0) < 1e-12, "year %d tvpi %.15f", t, at(res, 9, 0, t, iv));
        cr_expect(at(res, 9, 0, t, il) < 1e-12);
        net += at(res, 9, 0, t, ic) + at(res, 9, 0, t, id);
    }
    cr_expect(fabs(net) < 1e-6, "net budget over the lives %.9f", net);
    free(res);
    tu_scenario_free(&sc);
}

/* The government's share of calls is the budget line; SME investment is the whole call. */
Test(fund, supported_is_total_calls)
{
    sf_scenario sc;
    fund_scenario(&sc, 5);
    sc.fund.gov_share = 0.25;
    sc.fund.growth_sd = 0.2;
    sc.fund.commit_years = 3;
    double *res = run_fund(&sc, 5, NULL);
    const int ic = sidx("fund.calls"), is = sidx("fund.supported");
    cr_expect(sf_fund_mechanism.series[is].flags & SF_SERIES_SUPPORTED);
    cr_expect(sf_fund_mechanism.series[ic].flags & SF_SERIES_BUDGET);
    for (long p = 0; p < 5; p++)
        for (int t = 0; t < 5; t++)
            cr_expect(fabs(at(res, 5, p, t, is) - 4.0 * at(res, 5, p, t, ic)) < 1e-6);
    free(res);
    tu_scenario_free(&sc);
}

/* ------------------------------------------------------------------ end to end (loader + engine) */

#include "loader.h"

#include <stdio.h>

/* fund-only.ini runs: leverage 1/0.4, calls and distributions are the budget, the extras exist. */
Test(fund, end_to_end_fund_only, .timeout = 60)
{
    sf_scenario sc;
    sf_err err = {0, ""};
    cr_assert_eq(sf_scenario_load("scenarios/fund-only.ini", NULL, 0, &sc, &err), SF_OK, "%s", err.msg);
    sf_run_opts o;
    sf_run_opts_init(&o);
    o.paths = 500;
    o.threads = 2;
    sf_result *res = NULL;
    cr_assert_eq(sf_simulate(&sc, &o, &res, &err), SF_OK, "%s", err.msg);
    const int ic = sf_result_series(res, "fund.calls"), id = sf_result_series(res, "fund.distributions");
    const int ib = sf_result_series(res, "budget.total"), il = sf_result_series(res, "fund.leverage");
    cr_assert(ic >= 0 && id >= 0 && ib >= 0 && il >= 0);
    for (int c = 0; c < res->nyears; c++)
        for (long p = 0; p < res->npaths; p += 41) {
            const double b = sf_result_value(res, ib, c, p);
            cr_expect(fabs(sf_result_value(res, ic, c, p) + sf_result_value(res, id, c, p) - b) <= 1e-6 * fabs(b) + 1e-3);
            cr_expect(fabs(sf_result_value(res, il, c, p) - 2.5) < 1e-6);
        }
    const double pl = sf_extras_get(&res->extras, "fund.prob_loss_principal");
    const double inv = sf_extras_get(&res->extras, "fund.sme_investment");
    cr_expect(pl >= 0.0 && pl <= 1.0);
    /* 5 × 1e9 committed at 40 %: the sub-funds call 12.5e9 less what is left uncalled (none). */
    cr_expect(fabs(inv - 5e9 / 0.4) < 1e-3 * inv, "SME investment %g", inv);
    sf_result_free(res);
    sf_scenario_release(&sc);
}

/* Bad values in every [guidance_fund] key: SF_EINVAL (or SF_EPARSE), message naming file and key. */
Test(fund, bad_values_name_file_and_key)
{
    static const char *const bad[][2] = {
        {"enabled", "sometimes"},   {"commitment", "-1e9"},     {"commitment", "ten"},
        {"commit_years", "0"},      {"commit_years", "2.5"},    {"gov_share", "0"},
        {"gov_share", "1.5"},       {"funds_per_vintage", "0"}, {"life", "0"},
        {"life", "100"},            {"call_rates", "0.2,1.5"},  {"call_rates", "x"},
        {"bow", "0"},               {"growth", "-1"},           {"growth_sd", "-0.1"},
        {"growth_corr", "1.5"},     {"growth_beta", "1.5"},      {"yield", "2"},
        {"concession", "generous"}, {"return_cap", "-0.01"},    {"first_loss", "1.2"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        load_expect_bad("guidance_fund", "commitment = 1e9\ncommit_years = 3\n", bad[i][0], bad[i][1]);
}
