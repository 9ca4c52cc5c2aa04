/* Tests of the Art. 21/57 interest subsidy (model/interest.c). */
#include "interest.h"
#include "mechanism.h"
#include "mechfx.h"
#include "scenario.h"
#include "sim.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

/* The fixture with the interest subsidy parameters of these tests (5 years, no banks), its path
 * started. */
static void fx_init(mech_fixture *f, size_t nseg)
{
    mfx_init(f, &sf_interest_mechanism, nseg, 5, 0);
    f->sc.interest.enabled = 1;
    for (size_t s = 0; s < nseg; s++) {
        f->segs[s].size = (sf_size)(s % 3);
        f->segs[s].avg_amount = 4.44e5 * (1.0 + 1.3 * (double)s);
        f->segs[s].interest_subsidy = 0.0035 + 0.0011 * (double)s;
        f->n[s] = 2100.0 + 7.0 * (double)s;
        f->lgd[s] = 0.4;
    }
    mfx_start(f);
}

static double demand(const mech_fixture *f, int sm_only)
{
    double x = 0.0;
    for (size_t s = 0; s < f->sc.nsegs; s++)
        if (!sm_only || f->segs[s].size != SF_MEDIUM)
            x += f->segs[s].interest_subsidy * f->n[s] * f->segs[s].avg_amount;
    return x;
}

Test(interest, series_table_has_contract_names)
{
    cr_assert_str_eq(sf_interest_mechanism.name, "interest_subsidy");
    cr_assert_str_eq(sf_interest_mechanism.series[SF_INTEREST_S_PAID].name, "interest_subsidy.paid");
    cr_assert(sf_interest_mechanism.series[SF_INTEREST_S_PAID].flags & SF_SERIES_BUDGET);
    cr_assert(sf_interest_mechanism.series[SF_INTEREST_S_SUPPORTED].flags & SF_SERIES_SUPPORTED);
}

/* pd = 0: subsidy = Σ rate × balance exactly; no cap. */
Test(interest, subsidy_is_rate_times_balance)
{
    mech_fixture f;
    fx_init(&f, 7);
    mfx_step(&f, 0);
    const double want = demand(&f, 0);
    cr_assert_float_eq(f.out[SF_INTEREST_S_PAID], want, 1e-9 * want);
    cr_assert_float_eq(f.out[SF_INTEREST_S_DEMAND], want, 1e-9 * want);
    cr_assert_eq(f.out[SF_INTEREST_S_PRORATE], 1.0);
    cr_assert_float_eq(f.sm, demand(&f, 1), 1e-9 * want);
    mfx_end(&f);
}

/* A cap below the demand pro-rates every segment by cap / demand. */
Test(interest, cap_prorates_every_segment)
{
    mech_fixture f;
    fx_init(&f, 5);
    const double want = demand(&f, 0);
    f.sc.interest.cap = 0.3719 * want;
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_INTEREST_S_PAID], f.sc.interest.cap, 1e-9 * want);
    cr_assert_float_eq(f.out[SF_INTEREST_S_PRORATE], 0.3719, 1e-12);
    cr_assert_float_eq(f.sm, 0.3719 * demand(&f, 1), 1e-9 * want);
    /* a cap above the demand changes nothing */
    f.sc.interest.cap = 1.5 * want;
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_INTEREST_S_PAID], want, 1e-9 * want);
    mfx_end(&f);
}

/* Segments with rate 0 are not eligible: neither paid nor counted as supported. */
Test(interest, ineligible_segments_are_not_supported)
{
    mech_fixture f;
    fx_init(&f, 4);
    f.segs[1].interest_subsidy = 0.0;
    f.segs[3].interest_subsidy = 0.0;
    mfx_step(&f, 0);
    const double bal = f.n[0] * f.segs[0].avg_amount + f.n[2] * f.segs[2].avg_amount;
    cr_assert_float_eq(f.out[SF_INTEREST_S_SUPPORTED], bal, 1e-9 * bal);
    cr_assert_float_eq(f.out[SF_INTEREST_S_PAID], demand(&f, 0), 1e-9 * bal);
    mfx_end(&f);
}

/* End to end with pd = 0: every path pays exactly rate × N × A (N is constant: tenor 1, refill). */
Test(interest, e2e_exact_without_defaults_and_cap_on_every_path)
{
    sf_scenario sc;
    tu_scenario(&sc, 3, 1200, 7.5e5, 0.0, 0.1, 0.45, 3, 60);
    sc.interest.enabled = 1;
    for (size_t s = 0; s < sc.nsegs; s++)
        sc.segs[s].interest_subsidy = 0.0125;
    sf_result *res = tu_run(&sc, 2);
    const int k = sf_result_series(res, "interest_subsidy.paid");
    cr_assert_geq(k, 0);
    const double want = 0.0125 * 3 * 1200 * 7.5e5;
    for (long p = 0; p < res->npaths; p++)
        for (int y = 0; y < res->nyears; y++)
            cr_assert_float_eq(sf_result_value(res, k, y, p), want, 1e-9 * want);
    sf_result_free(res);
    sc.interest.cap = 0.6 * want;
    res = tu_run(&sc, 2);
    for (long p = 0; p < res->npaths; p++)
        for (int y = 0; y < res->nyears; y++)
            cr_assert_leq(sf_result_value(res, k, y, p), sc.interest.cap * (1 + 1e-12));
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* ---- loader: every key of [interest_subsidy] ---- */

#include "mech_keys.h"

static const char s_base[] = "cap = 3e8\n";

Test(interest, loader_accepts_the_base_section)
{
    load_expect_good("interest_subsidy", s_base);
}

Test(interest, loader_rejects_a_bad_value_in_every_key)
{
    load_expect_bad("interest_subsidy", s_base, "enabled", "2");
    load_expect_bad("interest_subsidy", s_base, "cap", "-3e8");
    load_expect_bad("interest_subsidy", s_base, "cap", "many");
    load_expect_bad("interest_subsidy", s_base, "rate_share", "1.5");
    load_expect_bad("interest_subsidy", s_base, "rate_share", "-0.5");
}

/* rate_share: the column is the eligible share and the subsidy rate_share × the loan rate. */
Test(interest, rate_share_subsidises_part_of_the_loan_rate)
{
    mech_fixture f;
    fx_init(&f, 4);
    f.sc.interest.rate_share = 0.55;
    double want = 0.0, bal = 0.0;
    for (size_t s = 0; s < 4; s++) {
        f.segs[s].rate = 0.0361 + 0.004 * (double)s;
        f.segs[s].interest_subsidy = 0.07 * (double)(s + 1);
        const double b = f.segs[s].interest_subsidy * f.n[s] * f.segs[s].avg_amount;
        bal += b;
        want += 0.55 * f.segs[s].rate * b;
    }
    mfx_step(&f, 0);
    cr_assert_float_eq(f.out[SF_INTEREST_S_PAID], want, 1e-9 * want);
    cr_assert_float_eq(f.out[SF_INTEREST_S_SUPPORTED], bal, 1e-9 * bal);
    mfx_end(&f);
}
