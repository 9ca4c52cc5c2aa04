/* Tests of the Art. 64 loan guarantee insurance (model/insurance.c). */
#include "insurance.h"
#include "mechanism.h"
#include "mechfx.h"
#include "scenario.h"
#include "sim.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

/* The fixture with the insurance parameters of these tests (5 years, no banks), its path started. */
static void fx_init(mech_fixture *f, size_t nseg)
{
    mfx_init(f, &sf_insurance_mechanism, nseg, 5, 0);
    sf_insurance_params *p = &f->sc.insurance;
    p->enabled = 1;
    p->premium_rate = 0.0215;
    p->premium_subsidy_share = 0.45;
    p->insurer_share = 0.7;
    p->stoploss_attach = 1.2;
    p->stoploss_share = 0.8;
    for (size_t s = 0; s < nseg; s++) {
        f->segs[s].size = (sf_size)(s % 3);
        f->segs[s].avg_amount = 6.31e5 * (1.0 + 0.7 * (double)s);
        f->segs[s].insured = 0.35 + 0.05 * (double)s;
        f->n[s] = 1500.0 + 31.0 * (double)s;
        f->lgd[s] = 0.5;
    }
    mfx_start(f);
}

static double insured_balance(const mech_fixture *f, int sm_only)
{
    double ib = 0.0;
    for (size_t s = 0; s < f->sc.nsegs; s++)
        if (!sm_only || f->segs[s].size != SF_MEDIUM)
            ib += f->segs[s].insured * f->n[s] * f->segs[s].avg_amount;
    return ib;
}

Test(insurance, series_table_has_contract_names)
{
    cr_assert_str_eq(sf_insurance_mechanism.name, "insurance");
    cr_assert_str_eq(sf_insurance_mechanism.series[SF_INSURANCE_S_PREMIUM_SUBSIDY].name, "insurance.premium_subsidy");
    cr_assert_str_eq(sf_insurance_mechanism.series[SF_INSURANCE_S_STOPLOSS].name, "insurance.stoploss");
    cr_assert_str_eq(sf_insurance_mechanism.series[SF_INSURANCE_S_LOSS_RATIO].name, "insurance.loss_ratio");
    cr_assert(sf_insurance_mechanism.series[SF_INSURANCE_S_PREMIUM_SUBSIDY].flags & SF_SERIES_BUDGET);
    cr_assert(sf_insurance_mechanism.series[SF_INSURANCE_S_STOPLOSS].flags & SF_SERIES_BUDGET);
    cr_assert(sf_insurance_mechanism.series[SF_INSURANCE_S_SUPPORTED].flags & SF_SERIES_SUPPORTED);
}

/* pd = 0: premium = rate × IB and subsidy = share × premium exactly; no claims, no stop-loss. */
Test(insurance, premium_and_subsidy_exact_without_defaults)
{
    mech_fixture f;
    fx_init(&f, 7);
    mfx_step(&f, 0);
    const double ib = insured_balance(&f, 0);
    cr_assert_float_eq(f.out[SF_INSURANCE_S_SUPPORTED], ib, 1e-9 * ib);
    cr_assert_float_eq(f.out[SF_INSURANCE_S_PREMIUM], 0.0215 * ib, 1e-9 * ib);
    cr_assert_float_eq(f.out[SF_INSURANCE_S_PREMIUM_SUBSIDY], 0.45 * 0.0215 * ib, 1e-9 * ib);
    cr_assert_float_eq(f.sm, 0.45 * 0.0215 * insured_balance(&f, 1), 1e-9 * ib);
    cr_assert_eq(f.out[SF_INSURANCE_S_STOPLOSS], 0.0);
    cr_assert_eq(f.out[SF_INSURANCE_S_LOSS_RATIO], 0.0);
    mfx_end(&f);
}

/* Hand computed: IB 1e9, premium 2e7 (2 %); insured principal in default 5e7, claims 3.5e7,
 * loss ratio 1.75 > 1.2: stop-loss 0.8 × (3.5e7 − 2.4e7) = 8.8e6. */
Test(insurance, stoploss_above_attachment_hand_computed)
{
    mech_fixture f;
    fx_init(&f, 1);
    f.sc.insurance.premium_rate = 0.02;
    f.segs[0].insured = 0.5;
    f.segs[0].avg_amount = 1e6;
    f.n[0] = 2000;
    f.d[0] = 100;
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_INSURANCE_S_PREMIUM], 2e7, 1e-6);
    cr_assert_float_eq(f.out[SF_INSURANCE_S_CLAIMS], 3.5e7, 1e-6);
    cr_assert_float_eq(f.out[SF_INSURANCE_S_LOSS_RATIO], 1.75, 1e-12);
    cr_assert_float_eq(f.out[SF_INSURANCE_S_STOPLOSS], 8.8e6, 1e-6);
    /* below the attachment: loss ratio 0.7 × 30e6 / 2e7 = 1.05, nothing */
    f.d[0] = 60;
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_INSURANCE_S_LOSS_RATIO], 1.05, 1e-12);
    cr_assert_eq(f.out[SF_INSURANCE_S_STOPLOSS], 0.0);
    mfx_end(&f);
}

Test(insurance, stoploss_formula_on_random_inputs)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 6464);
    for (int i = 0; i < 1000; i++) {
        sf_insurance_params p = {0};
        p.stoploss_attach = 0.5 + 2 * gsl_rng_uniform(r);
        p.stoploss_share = gsl_rng_uniform(r);
        const double prem = 1e7 * gsl_rng_uniform(r);
        const double claims = 4e7 * gsl_rng_uniform(r);
        const double sl = sf_insurance_stoploss(&p, claims, prem);
        const double want = claims > p.stoploss_attach * prem ? p.stoploss_share * (claims - p.stoploss_attach * prem)
                                                              : 0.0;
        cr_assert_float_eq(sl, want, 1e-9 * (want + 1.0));
        cr_assert_geq(sl, 0.0);
        cr_assert_leq(sl, p.stoploss_share * claims * (1 + 1e-12));
    }
    gsl_rng_free(r);
}

Test(insurance, e2e_disabled_writes_no_rows_and_enabled_writes_them)
{
    sf_scenario sc;
    tu_scenario(&sc, 2, 1000, 8e5, 0.02, 0.1, 0.45, 3, 40);
    sf_result *res = tu_run(&sc, 1);
    for (size_t k = 0; k < sf_insurance_mechanism.nseries; k++)
        cr_assert_eq(sf_result_series(res, sf_insurance_mechanism.series[k].name), -1);
    sf_result_free(res);
    sc.insurance.enabled = 1;
    sc.insurance.premium_rate = 0.02;
    sc.insurance.insurer_share = 0.7;
    sc.insurance.stoploss_attach = 1.2;
    for (size_t s = 0; s < sc.nsegs; s++)
        sc.segs[s].insured = 0.4;
    res = tu_run(&sc, 1);
    for (size_t k = 0; k < sf_insurance_mechanism.nseries; k++)
        cr_assert_geq(sf_result_series(res, sf_insurance_mechanism.series[k].name), 0);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* ---- loader: every key of [insurance] ---- */

#include "mech_keys.h"

static const char i_base[] = "premium_rate = 0.02\n";

Test(insurance, loader_accepts_the_base_section)
{
    load_expect_good("insurance", i_base);
}

Test(insurance, loader_rejects_a_bad_value_in_every_key)
{
    static const char *const bad[][2] = {
        {"enabled", "perhaps"},        {"premium_rate", "-0.02"},   {"premium_subsidy_share", "1.5"},
        {"insurer_share", "x"},        {"stoploss_attach", "-1.2"}, {"stoploss_share", "1.8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        load_expect_bad("insurance", i_base, bad[i][0], bad[i][1]);
}
