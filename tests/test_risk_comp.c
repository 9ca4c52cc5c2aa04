/* Tests of the Art. 55 risk compensation pool (model/risk_comp.c): year_step called directly on
 * hand-built scenarios and portfolio years, then end to end through sf_simulate. */
#include "mechanism.h"
#include "mechfx.h"
#include "risk_comp.h"
#include "scenario.h"
#include "sim.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The fixture with the pool parameters of these tests: 8 years, recovery lag 2, segments spread
 * over nbanks banks. */
static void fx_init(mech_fixture *f, size_t nseg, int nbanks)
{
    mfx_init(f, &sf_risk_comp_mechanism, nseg, 8, nbanks);
    f->sc.sim.recovery_lag = 2;
    sf_risk_comp_params *p = &f->sc.risk_comp;
    p->enabled = 1;
    p->share = 0.3;
    p->share_cap = 0.5;
    p->corridor_low = 0.0;
    p->corridor_high = 1.0;
    p->suspend_above = 1.0;
    p->pool_initial = 5e12;
    p->on_shortfall = SF_RISK_COMP_DEFER;
    for (size_t s = 0; s < nseg; s++) {
        f->segs[s].size = (sf_size)(s % 3);
        f->segs[s].product = SF_SECURED;
        f->segs[s].bank = (int)(s % (size_t)nbanks);
        f->segs[s].avg_amount = 1.2345e6 * (1.0 + 0.37 * (double)s);
        f->segs[s].compensation_eligible = 1.0;
        f->n[s] = 1000.0 + 17.0 * (double)s;
        f->d[s] = 0.0;
        f->lgd[s] = 0.45;
    }
}

Test(risk_comp, series_table_names_and_flags)
{
    cr_assert_eq(sf_risk_comp_mechanism.nseries, SF_RISK_COMP_NSERIES);
    cr_assert_str_eq(sf_risk_comp_mechanism.name, "risk_compensation");
    cr_assert_str_eq(sf_risk_comp_mechanism.series[SF_RISK_COMP_S_PAID].name, "risk_comp.paid");
    cr_assert_str_eq(sf_risk_comp_mechanism.series[SF_RISK_COMP_S_RECOVERED].name, "risk_comp.recovered");
    cr_assert_str_eq(sf_risk_comp_mechanism.series[SF_RISK_COMP_S_POOL].name, "risk_comp.pool_balance");
    cr_assert_str_eq(sf_risk_comp_mechanism.series[SF_RISK_COMP_S_SHORTFALL].name, "risk_comp.shortfall");
    cr_assert(sf_risk_comp_mechanism.series[SF_RISK_COMP_S_PAID].flags & SF_SERIES_BUDGET);
    cr_assert(sf_risk_comp_mechanism.series[SF_RISK_COMP_S_RECOVERED].flags & SF_SERIES_BUDGET);
    cr_assert(sf_risk_comp_mechanism.series[SF_RISK_COMP_S_SUPPORTED].flags & SF_SERIES_SUPPORTED);
    cr_assert(sf_risk_comp_mechanism.series[SF_RISK_COMP_S_LOSS_RATE].flags & SF_SERIES_LOSSRATE);
    cr_assert(sf_risk_comp_mechanism.series[SF_RISK_COMP_S_POOL].flags & SF_SERIES_STOCK);
}

Test(risk_comp, loan_share_tiers_uplift_and_cap)
{
    sf_risk_comp_params p = {0};
    p.share = 0.3;
    p.share_cap = 0.5;
    p.ntiers = 3;
    p.tier_amount[0] = 5e6;
    p.tier_share[0] = 0.4;
    p.tier_amount[1] = 15e6;
    p.tier_share[1] = 0.3;
    p.tier_amount[2] = 3e7;
    p.tier_share[2] = 0.2;
    p.uplift[SF_CREDIT] = 0.15;
    p.uplift[SF_IP_PLEDGE] = 0.05;
    cr_assert_float_eq(sf_risk_comp_loan_share(&p, 4.9e6, SF_SECURED), 0.4, 1e-15);
    cr_assert_float_eq(sf_risk_comp_loan_share(&p, 5e6, SF_SECURED), 0.4, 1e-15);
    cr_assert_float_eq(sf_risk_comp_loan_share(&p, 5.1e6, SF_SECURED), 0.3, 1e-15);
    cr_assert_float_eq(sf_risk_comp_loan_share(&p, 2.2e7, SF_IP_PLEDGE), 0.25, 1e-15);
    cr_assert_float_eq(sf_risk_comp_loan_share(&p, 4e7, SF_SECURED), 0.3, 1e-15); /* above every tier: share */
    cr_assert_float_eq(sf_risk_comp_loan_share(&p, 1e6, SF_CREDIT), 0.5, 1e-15);  /* 0.55 capped */
    cr_assert_float_eq(sf_risk_comp_loan_share(&p, 1e7, SF_CREDIT), 0.45, 1e-15);
}

Test(risk_comp, corridor_fraction_hand_computed)
{
    sf_risk_comp_params p = {0};
    p.corridor_low = 0.01;
    p.corridor_high = 0.03;
    p.suspend_above = 0.05;
    cr_assert_float_eq(sf_risk_comp_corridor_fraction(&p, 0.02), 0.5, 1e-15);
    cr_assert_float_eq(sf_risk_comp_corridor_fraction(&p, 0.04), 0.5, 1e-15);
    cr_assert_float_eq(sf_risk_comp_corridor_fraction(&p, 0.05), 0.4, 1e-15); /* at the line: still paid */
    cr_assert_eq(sf_risk_comp_corridor_fraction(&p, 0.0500001), 0.0);
    cr_assert_eq(sf_risk_comp_corridor_fraction(&p, 0.008), 0.0);
    cr_assert_eq(sf_risk_comp_corridor_fraction(&p, 0.0), 0.0);
}

Test(risk_comp, no_defaults_pays_nothing_and_reports_eligible_balance)
{
    mech_fixture f;
    fx_init(&f, 5, 2);
    f.segs[2].compensation_eligible = 0.385;
    mfx_start(&f);
    mfx_step(&f, 0);
    double bal = 0.0;
    for (size_t s = 0; s < 5; s++)
        bal += f.segs[s].compensation_eligible * f.n[s] * f.segs[s].avg_amount;
    cr_assert_eq(f.out[SF_RISK_COMP_S_PAID], 0.0);
    cr_assert_eq(f.out[SF_RISK_COMP_S_RECOVERED], 0.0);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_SUPPORTED], bal, 1e-9 * bal);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_POOL], 5e12, 1e-3);
    mfx_end(&f);
}

Test(risk_comp, uncapped_claim_is_share_times_eligible_principal)
{
    mech_fixture f;
    fx_init(&f, 6, 3);
    f.sc.risk_comp.uplift[SF_FIRST_LOAN] = 0.1;
    f.segs[1].product = SF_FIRST_LOAN;
    f.segs[4].compensation_eligible = 0.615;
    double want = 0.0, want_sm = 0.0;
    for (size_t s = 0; s < 6; s++) {
        f.d[s] = 3.0 + 2.0 * (double)s;
        const double sh = f.segs[s].product == SF_FIRST_LOAN ? 0.4 : 0.3;
        const double c = sh * f.segs[s].compensation_eligible * f.d[s] * f.segs[s].avg_amount;
        want += c;
        if (f.segs[s].size != SF_MEDIUM)
            want_sm += c;
    }
    mfx_start(&f);
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], want, 1e-9 * want);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_CLAIMS], want, 1e-9 * want);
    cr_assert_float_eq(f.sm, want_sm, 1e-9 * want);
    cr_assert_eq(f.out[SF_RISK_COMP_S_SHORTFALL], 0.0);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_POOL], 5e12 - want, 1e-3);
    mfx_end(&f);
}

/* Two banks, corridor [1 %, 3 %], suspension above 5 %: bank 0 at r = 2 % gets f = 1/2, bank 1 at
 * r = 6 % is suspended. Hand-computed: claim = 0.3 × 20 × 1e6 × 0.5 = 3e6. */
Test(risk_comp, corridor_and_suspension_hand_computed)
{
    mech_fixture f;
    fx_init(&f, 2, 2);
    f.sc.risk_comp.corridor_low = 0.01;
    f.sc.risk_comp.corridor_high = 0.03;
    f.sc.risk_comp.suspend_above = 0.05;
    f.segs[0].avg_amount = 1e6;
    f.segs[1].avg_amount = 2e6;
    f.n[0] = 1000.0;
    f.d[0] = 20.0;
    f.n[1] = 500.0;
    f.d[1] = 30.0;
    mfx_start(&f);
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], 3e6, 1e-6);
    cr_assert_eq(f.out[SF_RISK_COMP_S_SUSPENDED], 1.0);
    /* r = 4 %: f = (3 % − 1 %) / 4 % = 0.5 as well; claim 0.3 × 40 × 1e6 × 0.5 = 6e6. */
    f.d[0] = 40.0;
    f.d[1] = 0.0;
    mfx_step(&f, 1);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], 6e6, 1e-6);
    cr_assert_eq(f.out[SF_RISK_COMP_S_SUSPENDED], 0.0);
    mfx_end(&f);
}

/* suspend_basis = loss (Guangzhou: a bank whose NPL loss exceeds 3 % of its enrolled principal is
 * suspended). Two banks at the same NPL ratio r = 6 %: bank 0 at LGD 0.45 loses 2.7 % and is
 * paid in full, bank 1 at LGD 0.55 loses 3.3 % and is suspended. Read as an NPL ratio the same
 * 3 % line would stop both. Hand-computed: claim of bank 0 = 0.3 × 60 × 1e6 = 1.8e7. */
Test(risk_comp, suspension_on_the_loss_rate_hand_computed)
{
    mech_fixture f;
    fx_init(&f, 2, 2);
    f.sc.risk_comp.suspend_above = 0.03;
    f.sc.risk_comp.suspend_basis = SF_RISK_COMP_SUSPEND_LOSS;
    f.segs[0].avg_amount = 1e6;
    f.segs[1].avg_amount = 1e6;
    f.n[0] = 1000.0;
    f.d[0] = 60.0;
    f.lgd[0] = 0.45;
    f.n[1] = 1000.0;
    f.d[1] = 60.0;
    f.lgd[1] = 0.55;
    mfx_start(&f);
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], 1.8e7, 1e-6);
    cr_assert_eq(f.out[SF_RISK_COMP_S_SUSPENDED], 1.0);
    /* Exactly at the line (3 % loss: LGD 0.5 on r = 6 %) a bank is still paid. */
    f.lgd[1] = 0.5;
    mfx_step(&f, 1);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], 3.6e7, 1e-6);
    cr_assert_eq(f.out[SF_RISK_COMP_S_SUSPENDED], 0.0);
    /* The npl basis on the same year suspends both. */
    f.sc.risk_comp.suspend_basis = SF_RISK_COMP_SUSPEND_NPL;
    mfx_step(&f, 2);
    cr_assert_eq(f.out[SF_RISK_COMP_S_PAID], 0.0);
    cr_assert_eq(f.out[SF_RISK_COMP_S_SUSPENDED], 2.0);
    mfx_end(&f);
}

Test(risk_comp, loan_cap_limits_each_loan)
{
    mech_fixture f;
    fx_init(&f, 3, 1);
    f.sc.risk_comp.loan_cap = 4.1e5;
    double want = 0.0;
    for (size_t s = 0; s < 3; s++) {
        f.d[s] = 7.0 + (double)s;
        want += f.d[s] * fmin(0.3 * f.segs[s].avg_amount, 4.1e5);
    }
    mfx_start(&f);
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], want, 1e-9 * want);
    mfx_end(&f);
}

Test(risk_comp, bank_cap_holds_on_random_inputs)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20260314);
    for (int trial = 0; trial < 300; trial++) {
        mech_fixture f;
        fx_init(&f, 12, 3);
        f.sc.risk_comp.bank_cap = 1e6 + 4e7 * gsl_rng_uniform(r);
        for (size_t s = 0; s < 12; s++) {
            f.segs[s].avg_amount = 2e5 + 5e6 * gsl_rng_uniform(r);
            f.segs[s].compensation_eligible = gsl_rng_uniform(r);
            f.n[s] = floor(50 + 2000 * gsl_rng_uniform(r));
            f.d[s] = floor(f.n[s] * 0.08 * gsl_rng_uniform(r));
        }
        mfx_start(&f);
        mfx_step(&f, 0);
        /* per bank: recompute the uncapped claims and the capped total */
        double want = 0.0;
        for (int b = 0; b < 3; b++) {
            double c = 0.0;
            for (size_t s = 0; s < 12; s++)
                if (f.segs[s].bank == b)
                    c += 0.3 * f.segs[s].compensation_eligible * f.d[s] * f.segs[s].avg_amount;
            want += fmin(c, f.sc.risk_comp.bank_cap);
        }
        cr_assert_leq(f.out[SF_RISK_COMP_S_PAID], 3.0 * f.sc.risk_comp.bank_cap * (1 + 1e-12));
        cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], want, 1e-9 * (want + 1.0));
        mfx_end(&f);
    }
    gsl_rng_free(r);
}

/* Deferral: year 1 claims exceed the pool; the unpaid part is paid first in year 2. */
Test(risk_comp, pool_deferral_pays_backlog_first)
{
    mech_fixture f;
    fx_init(&f, 1, 1);
    f.segs[0].avg_amount = 1e6;
    f.segs[0].size = SF_SMALL;
    f.n[0] = 1000;
    f.d[0] = 50; /* claim 0.3 × 50e6 = 15e6 */
    f.sc.risk_comp.pool_initial = 4e6;
    f.sc.risk_comp.appropriation = 6e6;
    mfx_start(&f);
    mfx_step(&f, 0); /* pool 10e6: pays 10e6, 5e6 deferred */
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], 10e6, 1e-6);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_SHORTFALL], 5e6, 1e-6);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_POOL], 0.0, 1e-6);
    f.d[0] = 10; /* claim 3e6; pool 6e6 pays the 5e6 backlog, then 1e6 of the new claim */
    mfx_step(&f, 1);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], 6e6, 1e-6);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_SHORTFALL], 2e6, 1e-6);
    cr_assert_float_eq(f.sm, 6e6, 1e-6);
    f.d[0] = 0;
    mfx_step(&f, 2); /* pays the remaining 2e6, keeps 4e6 (recoveries of year 1 arrive: none set) */
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], 2e6, 1e-6);
    cr_assert_eq(f.out[SF_RISK_COMP_S_SHORTFALL], 0.0);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_POOL], 4e6, 1e-6);
    mfx_end(&f);
}

Test(risk_comp, pool_prorate_pays_what_it_has_and_carries_nothing)
{
    mech_fixture f;
    fx_init(&f, 2, 1);
    f.segs[0].avg_amount = 1e6;
    f.segs[1].avg_amount = 3e6;
    f.segs[1].size = SF_MEDIUM;
    f.d[0] = 40; /* 12e6 */
    f.d[1] = 10; /* 9e6 */
    f.sc.risk_comp.pool_initial = 7e6;
    f.sc.risk_comp.appropriation = 0;
    f.sc.risk_comp.on_shortfall = SF_RISK_COMP_PRORATE;
    mfx_start(&f);
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], 7e6, 1e-6);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_SHORTFALL], 14e6, 1e-6);
    /* segment 0 (micro) gets 12/21 of the 7e6 */
    cr_assert_float_eq(f.sm, 7e6 * 12.0 / 21.0, 1e-6);
    f.sc.risk_comp.appropriation = 30e6;
    mfx_step(&f, 1); /* no backlog in prorate mode: pays this year's 21e6 in full */
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], 21e6, 1e-6);
    cr_assert_eq(f.out[SF_RISK_COMP_S_SHORTFALL], 0.0);
    mfx_end(&f);
}

/* Recoveries of year-0 defaults arrive in year 2 (lag 2); the pool gets back the fraction of the
 * defaulted principal it paid: 0.3 × eligible share, or less when it pro-rated. */
Test(risk_comp, recoveries_flow_back_pro_rata)
{
    mech_fixture f;
    fx_init(&f, 2, 1);
    f.sc.risk_comp.on_shortfall = SF_RISK_COMP_PRORATE;
    f.segs[0].compensation_eligible = 0.8;
    f.segs[1].compensation_eligible = 1.0;
    f.segs[1].size = SF_MEDIUM;
    f.segs[0].avg_amount = 1e6;
    f.segs[1].avg_amount = 1e6;
    f.d[0] = 10; /* claim 0.3 × 0.8 × 10e6 = 2.4e6 */
    f.d[1] = 20; /* claim 6e6 */
    f.sc.risk_comp.pool_initial = 4.2e6; /* pays half of 8.4e6 */
    mfx_start(&f);
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_PAID], 4.2e6, 1e-6);
    f.d[0] = f.d[1] = 0;
    mfx_step(&f, 1);
    cr_assert_eq(f.out[SF_RISK_COMP_S_RECOVERED], 0.0);
    f.rec[0] = 5.5e6; /* recovered on segment 0's 10e6 in default */
    f.rec[1] = 11e6;
    mfx_step(&f, 2);
    const double want = 0.5 * (0.24 * 5.5e6 + 0.3 * 11e6);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_RECOVERED], -want, 1e-6);
    cr_assert_float_eq(f.out[SF_RISK_COMP_S_POOL], want, 1e-6);
    cr_assert_float_eq(f.sm, -0.5 * 0.24 * 5.5e6, 1e-6); /* only segment 0 is micro */
    mfx_end(&f);
}

/* Over many random years the pool balance is initial + appropriations − paid + recovered. */
Test(risk_comp, pool_balance_identity_on_random_years)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 918273);
    for (int mode = 0; mode < 2; mode++) {
        mech_fixture f;
        fx_init(&f, 7, 2);
        f.sc.risk_comp.on_shortfall = mode ? SF_RISK_COMP_PRORATE : SF_RISK_COMP_DEFER;
        f.sc.risk_comp.pool_initial = 3.7e7;
        f.sc.risk_comp.appropriation = 2.9e7;
        f.sc.risk_comp.corridor_low = 0.004;
        f.sc.risk_comp.corridor_high = 0.06;
        f.sc.risk_comp.suspend_above = 0.09;
        f.sc.sim.recovery_lag = 1;
        mfx_start(&f);
        double pool = 3.7e7;
        for (int t = 0; t < 8; t++) {
            for (size_t s = 0; s < 7; s++) {
                f.d[s] = floor(f.n[s] * 0.1 * gsl_rng_uniform(r));
                f.rec[s] = 1e6 * gsl_rng_uniform(r) * f.d[s];
            }
            mfx_step(&f, t);
            pool += 2.9e7 - f.out[SF_RISK_COMP_S_PAID] - f.out[SF_RISK_COMP_S_RECOVERED];
            cr_assert_float_eq(f.out[SF_RISK_COMP_S_POOL], pool, 1e-6 * 3.7e7);
            cr_assert_geq(f.out[SF_RISK_COMP_S_POOL], -1e-6);
            cr_assert_leq(f.out[SF_RISK_COMP_S_RECOVERED], 0.0);
        }
        mfx_end(&f);
    }
    gsl_rng_free(r);
}

/* ---- end to end, through the engine ---- */

static void e2e_scenario(sf_scenario *sc, double pd, long paths)
{
    tu_scenario(sc, 3, 4000, 1.25e6, pd, 0.12, 0.45, 4, paths);
    sc->sim.seed = 7741;
    for (size_t s = 0; s < sc->nsegs; s++)
        sc->segs[s].compensation_eligible = 0.75;
    sf_risk_comp_params *p = &sc->risk_comp;
    p->enabled = 1;
    p->share = 0.35;
    p->share_cap = 0.5;
    p->corridor_low = 0.0;
    p->corridor_high = 1.0;
    p->suspend_above = 1.0;
    p->pool_initial = 1e13;
    p->appropriation = 0.0;
}

/* Without caps, E[paid] in year 1 = share × eligible × pd × N × A: within 4 standard errors. */
Test(risk_comp, e2e_mean_compensation_matches_share_pd_n_a)
{
    sf_scenario sc;
    e2e_scenario(&sc, 0.0237, 4000);
    sf_result *res = tu_run(&sc, 2);
    const sf_stat *st = sf_result_stat(res, "risk_comp.paid", sc.sim.start_year);
    cr_assert_not_null(st);
    const double want = 0.35 * 0.75 * 0.0237 * 3 * 4000 * 1.25e6;
    cr_assert_lt(fabs(st->mean - want), 4.0 * st->se, "mean %g want %g se %g", st->mean, want, st->se);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(risk_comp, e2e_caps_hold_on_every_path)
{
    sf_scenario sc;
    e2e_scenario(&sc, 0.0311, 600);
    for (size_t s = 0; s < sc.nsegs; s++)
        sc.segs[s].bank = (int)s % sc.nbanks;
    sc.risk_comp.loan_cap = 3.3e5;
    sc.risk_comp.bank_cap = 2.1e7;
    sf_result *res = tu_run(&sc, 2);
    const int k = sf_result_series(res, "risk_comp.paid");
    cr_assert_geq(k, 0);
    const double cap = fmin(sc.risk_comp.bank_cap * sc.nbanks, 0.75 * 3 * 4000 * 3.3e5);
    for (long p = 0; p < res->npaths; p++)
        for (int y = 0; y < res->nyears; y++)
            cr_assert_leq(sf_result_value(res, k, y, p), cap * (1 + 1e-9));
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* The shadow series are the run without the stop line on the same paths: a run with the line's
 * risk_comp.*_no_suspension equal, path by path, the same scenario run with suspend_above = 1
 * (no draws of their own), with a pool small enough to defer claims; budget.total +
 * risk_comp.suspension_effect is that run's budget, and risk_comp.needed_no_suspension.* its
 * budget.needed.*. Two banks, one line: some path-years suspend one bank, some both. */
Test(risk_comp, e2e_shadow_is_the_run_without_the_line)
{
    sf_scenario a, b;
    sf_scenario *both[2] = {&a, &b};
    for (int i = 0; i < 2; i++) {
        sf_scenario *sc = both[i];
        e2e_scenario(sc, 0.031, 2000);
        free(sc->banks);
        sc->banks = calloc(2, sizeof *sc->banks);
        cr_assert_not_null(sc->banks);
        snprintf(sc->banks[0], SF_NAME_MAX, "bank_a");
        snprintf(sc->banks[1], SF_NAME_MAX, "bank_b");
        sc->nbanks = 2;
        for (size_t s = 0; s < sc->nsegs; s++)
            sc->segs[s].bank = (int)(s % 2);
        sc->risk_comp.pool_initial = 6e7;
        sc->risk_comp.appropriation = 4e7;
        sc->risk_comp.suspend_basis = SF_RISK_COMP_SUSPEND_LOSS;
        sc->risk_comp.suspend_above = i == 0 ? 0.02 : 1.0;
    }
    sf_result *ra = tu_run(&a, 2), *rb = tu_run(&b, 1);
    const char *pairs[][2] = {{"risk_comp.paid_no_suspension", "risk_comp.paid"},
                              {"risk_comp.recovered_no_suspension", "risk_comp.recovered"},
                              {"risk_comp.claims_no_suspension", "risk_comp.claims"}};
    long suspended = 0, differ = 0, deferred = 0;
    const int ka = sf_result_series(ra, "risk_comp.any_suspended"), kn = sf_result_series(ra, "risk_comp.suspended_banks");
    const int ke = sf_result_series(ra, "risk_comp.suspension_effect"), kt = sf_result_series(ra, "budget.total");
    const int kp = sf_result_series(ra, "risk_comp.paid"), kbt = sf_result_series(rb, "budget.total");
    const int ksh = sf_result_series(rb, "risk_comp.shortfall");
    cr_assert(ka >= 0 && kn >= 0 && ke >= 0 && kt >= 0 && kp >= 0 && kbt >= 0 && ksh >= 0);
    for (long p = 0; p < ra->npaths; p++)
        for (int y = 0; y < ra->nyears; y++) {
            for (int j = 0; j < 3; j++) {
                const double va = sf_result_value(ra, sf_result_series(ra, pairs[j][0]), y, p);
                const double vb = sf_result_value(rb, sf_result_series(rb, pairs[j][1]), y, p);
                cr_assert_eq(va, vb, "path %ld year %d: %s %.17g, %s without the line %.17g", p, y, pairs[j][0], va,
                             pairs[j][1], vb);
            }
            const double n = sf_result_value(ra, kn, y, p);
            cr_assert_eq(sf_result_value(ra, ka, y, p), n > 0.0 ? 1.0 : 0.0);
            suspended += n > 0.0;
            differ += sf_result_value(ra, kp, y, p) != sf_result_value(rb, sf_result_series(rb, "risk_comp.paid"), y, p);
            deferred += sf_result_value(rb, ksh, y, p) > 0.0;
            const double want = sf_result_value(rb, kbt, y, p);
            const double got = sf_result_value(ra, kt, y, p) + sf_result_value(ra, ke, y, p);
            cr_assert_float_eq(got, want, 1e-9 * fmax(1.0, fabs(want)), "path %ld year %d", p, y);
        }
    const long cells = ra->npaths * ra->nyears;
    cr_log_info("shadow: %ld of %ld path-years suspend a bank, %ld pay differently, %ld defer", suspended, cells,
                differ, deferred);
    cr_assert(suspended > cells / 20 && suspended < cells, "%ld of %ld path-years suspend a bank", suspended, cells);
    cr_assert(differ > 0 && deferred > 0, "%ld path-years differ, %ld defer", differ, deferred);
    for (int y = 0; y <= a.sim.years; y++) {
        char ka_key[64], kb_key[64];
        if (y < a.sim.years) {
            snprintf(ka_key, sizeof ka_key, "risk_comp.needed_no_suspension.%d", a.sim.start_year + y);
            snprintf(kb_key, sizeof kb_key, "budget.needed.%d", a.sim.start_year + y);
        } else {
            snprintf(ka_key, sizeof ka_key, "risk_comp.needed_no_suspension.total");
            snprintf(kb_key, sizeof kb_key, "budget.needed.total");
        }
        const double va = sf_extras_get(&ra->extras, ka_key), vb = sf_extras_get(&rb->extras, kb_key);
        cr_assert(isfinite(va) && isfinite(vb), "%s %g, %s %g", ka_key, va, kb_key, vb);
        cr_assert_float_eq(va, vb, 1e-9 * fmax(1.0, fabs(vb)), "%s %.17g, %s %.17g", ka_key, va, kb_key, vb);
    }
    const double sp = sf_extras_get(&ra->extras, "risk_comp.suspension_probability");
    cr_assert(sp > 0.0 && sp <= 1.0, "suspension probability %g", sp);
    cr_assert_eq(sf_extras_get(&rb->extras, "risk_comp.suspension_probability"), 0.0);
    sf_result_free(ra);
    sf_result_free(rb);
    tu_scenario_free(&a);
    tu_scenario_free(&b);
}

Test(risk_comp, e2e_disabled_writes_no_rows)
{
    sf_scenario sc;
    e2e_scenario(&sc, 0.02, 50);
    sc.risk_comp.enabled = 0;
    sf_result *res = tu_run(&sc, 1);
    for (size_t k = 0; k < sf_risk_comp_mechanism.nseries; k++)
        cr_assert_eq(sf_result_series(res, sf_risk_comp_mechanism.series[k].name), -1);
    cr_assert_null(sf_result_stat(res, "risk_comp.paid", SF_YEAR_TOTAL));
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* ---- loader: every key of [risk_compensation] ---- */

#include "mech_keys.h"

static const char rc_base[] = "pool_initial = 5e9\nappropriation = 1.2e9\n";

Test(risk_comp, loader_accepts_the_base_section)
{
    load_expect_good("risk_compensation", rc_base);
}

Test(risk_comp, loader_rejects_a_bad_value_in_every_key)
{
    static const char *const bad[][2] = {
        {"enabled", "maybe"},          {"share", "1.5"},
        {"share_cap", "-0.2"},         {"size_tiers", "5e6:abc"},
        {"size_tiers", "5e6:1.4"},     {"uplift.first_loan", "1.7"},
        {"uplift.credit", "-0.1"},     {"uplift.ip_pledge", "x"},
        {"uplift.renewal", "2"},       {"uplift.secured", "-3"},
        {"uplift.supply_chain", "1e9"}, {"uplift.procurement_order", "nan"},
        {"corridor_low", "-0.01"},     {"corridor_high", "1.4"},
        {"suspend_above", "2"},        {"bank_cap", "-1"},
        {"loan_cap", "lots"},          {"pool_initial", "-5"},
        {"appropriation", "-1e6"},     {"on_shortfall", "sometimes"},
        {"suspend_basis", "ratio"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        load_expect_bad("risk_compensation", rc_base, bad[i][0], bad[i][1]);
}

Test(risk_comp, loader_rejects_an_inverted_corridor)
{
    load_expect_bad("risk_compensation", "pool_initial = 5e9\nappropriation = 1e9\ncorridor_low = 0.05\n",
                    "corridor_high", "0.03");
}
