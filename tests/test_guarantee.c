/* Tests of the Art. 60 policy guarantee (model/guarantee.c): fees, 4222 sharing, the capital
 * path and the leverage limit, called directly and end to end. */
#include "guarantee.h"
#include "mechanism.h"
#include "mechfx.h"
#include "scenario.h"
#include "sim.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The fixture with the guarantee parameters of these tests: 10 years, recovery lag 2, one bank. */
static void fx_init(mech_fixture *f, size_t nseg)
{
    mfx_init(f, &sf_guarantee_mechanism, nseg, 10, 1);
    f->sc.sim.recovery_lag = 2;
    sf_guarantee_params *p = &f->sc.guarantee;
    p->enabled = 1;
    p->fee_rate = 0.0095;
    p->fee_rate_large = 0.0145;
    p->large_threshold = 5e6;
    p->coverage = 0.8;
    p->national_share = 0.2;
    p->provincial_share = 0.2;
    p->city_share = 0.0;
    p->national_claim_cap = 0.05;
    p->reguarantee_fee = 0.005;
    p->capital_initial = 1e15; /* no leverage constraint unless a test sets it */
    p->opex_rate = 0.005;
    p->yield = 0.02;
    p->leverage_limit = 10;
    p->inject = 1;
    p->small_micro_min = 0.8;
    for (size_t s = 0; s < nseg; s++) {
        f->segs[s].size = (sf_size)(s % 3);
        f->segs[s].avg_amount = 0.8765e6 * (1.0 + 0.9 * (double)s);
        f->segs[s].guaranteed = 0.6 + 0.03 * (double)s;
        f->n[s] = 800.0 + 13.0 * (double)s;
        f->lgd[s] = 0.45;
    }
}

static double book(const mech_fixture *f)
{
    double gb = 0.0;
    for (size_t s = 0; s < f->sc.nsegs; s++)
        gb += f->segs[s].guaranteed * f->n[s] * f->segs[s].avg_amount;
    return gb;
}

Test(guarantee, series_table_has_contract_names)
{
    static const char *const names[] = {"guarantee.fee_subsidy", "guarantee.loss_comp",
                                        "guarantee.capital_injection", "guarantee.claim_rate",
                                        "guarantee.leverage", "guarantee.capital", "guarantee.small_micro_share"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int found = 0;
        for (size_t k = 0; k < sf_guarantee_mechanism.nseries; k++)
            found |= strcmp(sf_guarantee_mechanism.series[k].name, names[i]) == 0;
        cr_assert(found, "%s missing", names[i]);
    }
    cr_assert(sf_guarantee_mechanism.series[SF_GUARANTEE_S_LOSS_COMP].flags & SF_SERIES_BUDGET);
    cr_assert(sf_guarantee_mechanism.series[SF_GUARANTEE_S_INJECTION].flags & SF_SERIES_BUDGET);
    cr_assert(sf_guarantee_mechanism.series[SF_GUARANTEE_S_CAPITAL].flags & SF_SERIES_STOCK);
    cr_assert(sf_guarantee_mechanism.series[SF_GUARANTEE_S_SUPPORTED].flags & SF_SERIES_SUPPORTED);
}

/* pd = 0: fee income = rate × GB (the large rate above the threshold), subsidy exact. */
Test(guarantee, fees_and_subsidy_exact_without_defaults)
{
    mech_fixture f;
    fx_init(&f, 9);
    f.sc.guarantee.fee_subsidy_rate = 0.0031;
    f.sc.guarantee.fee_subsidy_share = 0.47;
    double fees = 0.0, gb = 0.0, sub_sm = 0.0;
    for (size_t s = 0; s < 9; s++) {
        const double b = f.segs[s].guaranteed * f.n[s] * f.segs[s].avg_amount;
        const double fee = (f.segs[s].avg_amount > 5e6 ? 0.0145 : 0.0095) * b;
        fees += fee;
        gb += b;
        if (f.segs[s].size != SF_MEDIUM)
            sub_sm += 0.0031 * b + 0.47 * fee;
    }
    cr_assert_gt(f.segs[8].avg_amount, 5e6);
    cr_assert_lt(f.segs[0].avg_amount, 5e6);
    mfx_start(&f);
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_FEES], fees, 1e-9 * fees);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_SUPPORTED], gb, 1e-9 * gb);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_FEE_SUBSIDY], 0.0031 * gb + 0.47 * fees, 1e-9 * gb);
    cr_assert_float_eq(f.sm, sub_sm, 1e-9 * gb);
    cr_assert_eq(f.out[SF_GUARANTEE_S_LOSS_COMP], 0.0);
    cr_assert_eq(f.out[SF_GUARANTEE_S_CLAIM_RATE], 0.0);
    mfx_end(&f);
}

/* 4222: bank + guarantor + national + provincial + city = guaranteed principal in default, on
 * many random inputs, whether or not the national fund's claim-rate cap binds. */
Test(guarantee, sharing_conserves_the_loss_on_random_inputs)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 4222);
    for (int trial = 0; trial < 2000; trial++) {
        mech_fixture f;
        fx_init(&f, 1 + gsl_rng_uniform_int(r, MFX_NSEG_MAX));
        sf_guarantee_params *p = &f.sc.guarantee;
        p->coverage = 0.5 + 0.5 * gsl_rng_uniform(r);
        p->national_share = 0.4 * gsl_rng_uniform(r);
        p->provincial_share = 0.3 * gsl_rng_uniform(r);
        p->city_share = 0.3 * gsl_rng_uniform(r);
        p->national_claim_cap = 0.1 * gsl_rng_uniform(r);
        for (size_t s = 0; s < f.sc.nsegs; s++) {
            f.segs[s].guaranteed = gsl_rng_uniform(r);
            f.segs[s].avg_amount = 1e5 + 1e7 * gsl_rng_uniform(r);
            f.n[s] = floor(1 + 5000 * gsl_rng_uniform(r));
            f.d[s] = floor(f.n[s] * 0.15 * gsl_rng_uniform(r));
        }
        mfx_start(&f);
        mfx_step(&f, 0);
        double P = 0.0;
        for (size_t s = 0; s < f.sc.nsegs; s++)
            P += f.segs[s].guaranteed * f.d[s] * f.segs[s].avg_amount;
        const double *o = f.out;
        const double sum = o[SF_GUARANTEE_S_BANK_LOSS] + o[SF_GUARANTEE_S_NET_CLAIMS] + o[SF_GUARANTEE_S_NATIONAL] +
                           o[SF_GUARANTEE_S_PROVINCIAL] + o[SF_GUARANTEE_S_LOSS_COMP];
        cr_assert_float_eq(o[SF_GUARANTEE_S_DEFAULTED], P, 1e-12 * (P + 1.0));
        cr_assert_float_eq(sum, o[SF_GUARANTEE_S_DEFAULTED], 1e-12 * (P + 1.0), "trial %d: %.17g vs %.17g", trial, sum,
                           P);
        cr_assert_float_eq(o[SF_GUARANTEE_S_BANK_LOSS], (1 - p->coverage) * P, 1e-12 * (P + 1.0));
        const double cr = o[SF_GUARANTEE_S_CLAIMS] / o[SF_GUARANTEE_S_SUPPORTED];
        cr_assert_float_eq(o[SF_GUARANTEE_S_NATIONAL], cr <= p->national_claim_cap ? p->national_share * P : 0.0,
                           1e-12 * (P + 1.0));
        mfx_end(&f);
    }
    gsl_rng_free(r);
}

/* The national fund stops reimbursing once the claim rate passes its cap (hand computed). */
Test(guarantee, national_fund_stops_above_claim_cap)
{
    mech_fixture f;
    fx_init(&f, 1);
    f.segs[0].guaranteed = 1.0;
    f.segs[0].avg_amount = 1e6;
    f.n[0] = 1000;
    f.d[0] = 60; /* P = 60e6, claims 48e6, GB 1e9: claim rate 4.8 % <= 5 % */
    mfx_start(&f);
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_CLAIM_RATE], 0.048, 1e-15);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_NATIONAL], 12e6, 1e-6);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_NET_CLAIMS], 24e6, 1e-6);
    f.d[0] = 70; /* claim rate 5.6 % > 5 % */
    mfx_step(&f, 1);
    cr_assert_eq(f.out[SF_GUARANTEE_S_NATIONAL], 0.0);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_NET_CLAIMS], 0.6 * 70e6, 1e-6);
    mfx_end(&f);
}

/* With inject = true the leverage after injection never exceeds the limit; the injection is
 * exactly GB/limit − K when the limit binds. */
Test(guarantee, leverage_at_most_limit_after_injection)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 606060);
    mech_fixture f;
    fx_init(&f, 6);
    f.sc.guarantee.capital_initial = 2.3e8;
    f.sc.guarantee.leverage_limit = 8.5;
    f.sc.guarantee.city_share = 0.1;
    mfx_start(&f);
    double K = 2.3e8;
    for (int t = 0; t < 10; t++) {
        for (size_t s = 0; s < 6; s++) {
            f.n[s] = floor(200 + 3000 * gsl_rng_uniform(r));
            f.d[s] = floor(f.n[s] * 0.2 * gsl_rng_uniform(r));
            f.rec[s] = 3e5 * f.d[s] * gsl_rng_uniform(r);
        }
        const double gb = book(&f);
        mfx_step(&f, t);
        cr_assert_leq(f.out[SF_GUARANTEE_S_LEVERAGE], 8.5 * (1 + 1e-12));
        const double want = gb > 8.5 * K ? gb / 8.5 - K : 0.0;
        cr_assert_float_eq(f.out[SF_GUARANTEE_S_INJECTION], want, 1e-9 * gb);
        cr_assert_geq(f.out[SF_GUARANTEE_S_INJECTION], 0.0);
        K = f.out[SF_GUARANTEE_S_CAPITAL];
    }
    mfx_end(&f);
    gsl_rng_free(r);
}

/* inject = false: the book is rationed to limit × K and the rationed amount reported. */
Test(guarantee, rationing_without_injection)
{
    mech_fixture f;
    fx_init(&f, 4);
    f.sc.guarantee.inject = 0;
    const double gb = book(&f);
    f.sc.guarantee.capital_initial = gb / 10 / 2.5; /* the limit allows 40 % of the book */
    for (size_t s = 0; s < 4; s++)
        f.d[s] = 10.0 + (double)s;
    mfx_start(&f);
    mfx_step(&f, 0);
    cr_assert_eq(f.out[SF_GUARANTEE_S_INJECTION], 0.0);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_SUPPORTED], 0.4 * gb, 1e-9 * gb);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_RATIONED], 0.6 * gb, 1e-9 * gb);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_LEVERAGE], 10.0, 1e-12);
    double P = 0.0;
    for (size_t s = 0; s < 4; s++)
        P += 0.4 * f.segs[s].guaranteed * f.d[s] * f.segs[s].avg_amount;
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_DEFAULTED], P, 1e-9 * P);
    mfx_end(&f);
}

/* Two years of the capital path, hand computed, with a recovery of year-0 defaults at lag 1. */
Test(guarantee, capital_path_hand_computed)
{
    mech_fixture f;
    fx_init(&f, 1);
    f.sc.sim.recovery_lag = 1;
    sf_guarantee_params *p = &f.sc.guarantee;
    p->capital_initial = 2e8;
    p->city_share = 0.1;
    p->yield = 0.025;
    f.segs[0].guaranteed = 0.5;
    f.segs[0].avg_amount = 2e6;
    f.segs[0].size = SF_MEDIUM;
    f.n[0] = 1000; /* GB = 1e9, leverage 5 */
    f.d[0] = 20;   /* P = 20e6, claims 16e6, rate 1.6 %: national 4e6, provincial 4e6, city 2e6, own 6e6 */
    mfx_start(&f);
    mfx_step(&f, 0);
    double K = 2e8 + 0.0095 * 1e9 + 0.025 * 2e8 - 6e6 - 0.005 * 1e9 - 0.005 * 0.2 * 1e9;
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_CAPITAL], K, 1e-6);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_LOSS_COMP], 2e6, 1e-6);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_LEVERAGE], 5.0, 1e-12);
    f.d[0] = 0;
    f.rec[0] = 22e6; /* on 40e6 of segment principal in default, half of it guaranteed */
    mfx_step(&f, 1);
    const double own = 22e6 * 0.5 * 0.3, city = 22e6 * 0.5 * 0.1;
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_OWN_RECOVERED], own, 1e-6);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_RECOVERED], -city, 1e-6);
    K = K + 0.0095 * 1e9 + 0.025 * K - 0.005 * 1e9 - 0.005 * 0.2 * 1e9 + own;
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_CAPITAL], K, 1e-6);
    cr_assert_eq(f.sm, -0.0); /* a medium segment: nothing small/micro */
    mfx_end(&f);
}

Test(guarantee, small_micro_share_of_the_book)
{
    mech_fixture f;
    fx_init(&f, 6);
    double sm = 0.0;
    for (size_t s = 0; s < 6; s++)
        if (f.segs[s].size != SF_MEDIUM)
            sm += f.segs[s].guaranteed * f.n[s] * f.segs[s].avg_amount;
    mfx_start(&f);
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_GUARANTEE_S_SMALL_MICRO], sm / book(&f), 1e-12);
    mfx_end(&f);
}

/* ---- end to end ---- */

static void e2e_scenario(sf_scenario *sc, long paths)
{
    tu_scenario(sc, 4, 3000, 1.7e6, 0.028, 0.15, 0.45, 5, paths);
    sc->sim.seed = 99173;
    for (size_t s = 0; s < sc->nsegs; s++) {
        sc->segs[s].guaranteed = 0.55 + 0.1 * (double)s;
        sc->segs[s].size = (sf_size)(s % 3);
    }
    sf_guarantee_params *p = &sc->guarantee;
    p->enabled = 1;
    p->fee_rate = 0.01;
    p->fee_rate_large = 0.015;
    p->large_threshold = 5e6;
    p->coverage = 0.8;
    p->national_share = 0.2;
    p->provincial_share = 0.2;
    p->city_share = 0.1;
    p->national_claim_cap = 0.05;
    p->reguarantee_fee = 0.005;
    p->capital_initial = 1.1e9;
    p->opex_rate = 0.005;
    p->yield = 0.02;
    p->leverage_limit = 10;
    p->inject = 1;
    p->small_micro_min = 0.8;
}

Test(guarantee, e2e_conservation_and_leverage_on_every_path)
{
    sf_scenario sc;
    e2e_scenario(&sc, 500);
    sf_result *res = tu_run(&sc, 2);
    const char *parts[] = {"guarantee.bank_loss", "guarantee.net_claims", "guarantee.national",
                           "guarantee.provincial", "guarantee.loss_comp"};
    int k[5];
    for (int i = 0; i < 5; i++) {
        k[i] = sf_result_series(res, parts[i]);
        cr_assert_geq(k[i], 0, "%s", parts[i]);
    }
    const int kd = sf_result_series(res, "guarantee.defaulted");
    const int kl = sf_result_series(res, "guarantee.leverage");
    for (long p = 0; p < res->npaths; p++)
        for (int y = 0; y < res->nyears; y++) {
            double sum = 0.0;
            for (int i = 0; i < 5; i++)
                sum += sf_result_value(res, k[i], y, p);
            const double P = sf_result_value(res, kd, y, p);
            cr_assert_float_eq(sum, P, 1e-9 * (P + 1.0));
            cr_assert_leq(sf_result_value(res, kl, y, p), 10.0 * (1 + 1e-9));
        }
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(guarantee, e2e_break_even_fee_in_extras)
{
    sf_scenario sc;
    e2e_scenario(&sc, 300);
    sf_result *res = tu_run(&sc, 2);
    const double be = sf_extras_get(&res->extras, "guarantee.break_even_fee");
    cr_assert(isfinite(be), "break-even fee missing");
    const double gb = sf_result_stat(res, "guarantee.supported", SF_YEAR_TOTAL)->mean;
    const double want = (sf_result_stat(res, "guarantee.net_claims", SF_YEAR_TOTAL)->mean +
                         sf_result_stat(res, "guarantee.opex", SF_YEAR_TOTAL)->mean +
                         sf_result_stat(res, "guarantee.reguarantee_fees", SF_YEAR_TOTAL)->mean -
                         sf_result_stat(res, "guarantee.yield_income", SF_YEAR_TOTAL)->mean) /
                        gb;
    cr_assert_float_eq(be, want, 1e-12);
    cr_assert_gt(be, 0.0);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(guarantee, e2e_budget_total_is_the_sum_of_lines_on_every_path)
{
    sf_scenario sc;
    e2e_scenario(&sc, 200);
    sc.guarantee.fee_subsidy_share = 0.5;
    sc.insurance.enabled = 1;
    sc.insurance.premium_rate = 0.02;
    sc.insurance.premium_subsidy_share = 0.5;
    sc.insurance.insurer_share = 0.7;
    sc.insurance.stoploss_attach = 1.2;
    sc.insurance.stoploss_share = 0.8;
    sc.interest.enabled = 1;
    sc.risk_comp.enabled = 1;
    sc.risk_comp.share = 0.3;
    sc.risk_comp.share_cap = 0.5;
    sc.risk_comp.corridor_high = 1;
    sc.risk_comp.suspend_above = 1;
    sc.risk_comp.pool_initial = 5e8;
    sc.risk_comp.appropriation = 1e8;
    for (size_t s = 0; s < sc.nsegs; s++) {
        sc.segs[s].insured = 0.2;
        sc.segs[s].compensation_eligible = 0.3;
        sc.segs[s].interest_subsidy = 0.005;
    }
    sf_result *res = tu_run(&sc, 2);
    const int bt = sf_result_series(res, "budget.total");
    cr_assert_geq(bt, 0);
    int lines[64], nl = 0;
    for (size_t s = 0; s < res->nseries; s++)
        if (res->series[s]->flags & SF_SERIES_BUDGET)
            lines[nl++] = (int)s;
    cr_assert_geq(nl, 8);
    for (long p = 0; p < res->npaths; p++)
        for (int y = 0; y < res->nyears; y++) {
            double sum = 0.0;
            for (int i = 0; i < nl; i++)
                sum += sf_result_value(res, lines[i], y, p);
            const double tot = sf_result_value(res, bt, y, p);
            cr_assert_float_eq(tot, sum, 1e-9 * (fabs(sum) + 1.0));
        }
    sf_result_free(res);
    tu_scenario_free(&sc);
}

Test(guarantee, e2e_disabled_writes_no_rows)
{
    sf_scenario sc;
    e2e_scenario(&sc, 40);
    sc.guarantee.enabled = 0;
    sf_result *res = tu_run(&sc, 1);
    for (size_t k = 0; k < sf_guarantee_mechanism.nseries; k++)
        cr_assert_eq(sf_result_series(res, sf_guarantee_mechanism.series[k].name), -1);
    cr_assert(isnan(sf_extras_get(&res->extras, "guarantee.break_even_fee")));
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* ---- loader: every key of [guarantee] ---- */

#include "mech_keys.h"

static const char g_base[] = "capital_initial = 2.5e9\n";

Test(guarantee, loader_accepts_the_base_section)
{
    load_expect_good("guarantee", g_base);
}

Test(guarantee, loader_rejects_a_bad_value_in_every_key)
{
    static const char *const bad[][2] = {
        {"enabled", "yes please"},      {"fee_rate", "1.01"},          {"fee_rate_large", "-0.015"},
        {"large_threshold", "-5e6"},    {"fee_subsidy_rate", "abc"},   {"fee_subsidy_share", "1.5"},
        {"coverage", "1.2"},            {"national_share", "-0.2"},    {"provincial_share", "2"},
        {"city_share", "-1"},           {"national_claim_cap", "7"},   {"reguarantee_fee", "-0.005"},
        {"capital_initial", "0"},       {"opex_rate", "1.5"},          {"yield", "3"},
        {"leverage_limit", "0"},        {"inject", "sometimes"},       {"small_micro_min", "1.8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        load_expect_bad("guarantee", g_base, bad[i][0], bad[i][1]);
}

Test(guarantee, loader_rejects_reimbursements_above_the_loss)
{
    load_expect_bad("guarantee", "capital_initial = 1e9\nnational_share = 0.4\nprovincial_share = 0.4\n",
                    "city_share", "0.3");
}
