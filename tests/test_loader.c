/*
 * test_loader.c — the scenario loader: the baseline, the Contract defaults, --set, the Basel rho,
 * and every class of bad input with the file, line and key it must name. Case files are in
 * tests/cases/loader/ (paths relative to the repository root, where the suite runs).
 */
#include <criterion/criterion.h>

#include "irb.h"
#include "loader.h"
#include "loader_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CASES "tests/cases/loader/"

static int load(const char *ini, const char *const *sets, int nsets, sf_scenario *sc, sf_err *err)
{
    sf_err_clear(err);
    return sf_scenario_load(ini, sets, nsets, sc, err);
}

static void load_ok(const char *ini, const char *const *sets, int nsets, sf_scenario *sc)
{
    sf_err err;
    const int rc = load(ini, sets, nsets, sc, &err);
    cr_assert_eq(rc, SF_OK, "%s: rc %d: %s", ini, rc, err.msg);
}

/* Load ini (with one optional --set) and expect code and every non-NULL needle in the message. */
static void load_fails(const char *ini, const char *set, int code, const char *n1, const char *n2, const char *n3)
{
    sf_scenario sc;
    sf_err err;
    const char *sets[1] = {set};
    const int rc = load(ini, sets, set ? 1 : 0, &sc, &err);
    cr_assert_eq(rc, code, "%s: expected code %d, got %d: %s", ini, code, rc, err.msg);
    cr_assert_eq(err.code, code);
    const char *needles[3] = {n1, n2, n3};
    for (int i = 0; i < 3; i++)
        if (needles[i])
            cr_assert_not_null(strstr(err.msg, needles[i]), "'%s' not in '%s'", needles[i], err.msg);
    cr_assert_null(sc.segs, "nothing stays allocated after an error");
    cr_assert_null(strchr(err.msg, '\n'), "one line");
}

/* A bad segments CSV, through minimal.ini and --set portfolio.segments=FILE. */
static void csv_fails(const char *csv, int code, const char *where, const char *n2)
{
    char set[256];
    snprintf(set, sizeof set, "portfolio.segments=%s", csv);
    load_fails(CASES "minimal.ini", set, code, where, n2, NULL);
}

/* ------------------------------------------------------------------ valid scenarios */

Test(loader, baseline_loads)
{
    sf_scenario sc;
    load_ok("scenarios/shenzhen-baseline.ini", NULL, 0, &sc);
    cr_assert_str_eq(sc.sim.name, "shenzhen-baseline");
    cr_assert_str_eq(sc.path, "scenarios/shenzhen-baseline.ini");
    cr_assert_str_eq(sc.segments_path, "scenarios/segments.csv");
    cr_assert_eq(sc.is_loan_book, 0);
    cr_assert_eq(sc.sim.years, 5);
    cr_assert_eq(sc.sim.paths, 20000);
    cr_assert(sc.nsegs >= 24 && sc.nsegs <= 40, "%zu segments", sc.nsegs);
    cr_assert_eq(sc.nsectors, 4);
    cr_assert(sc.nbanks >= 2);
    cr_assert_eq(sc.budget.nappropriation, 5);
    double small_micro = 0.0, total = 0.0;
    for (size_t i = 0; i < sc.nsegs; i++) {
        const sf_segment *s = &sc.segs[i];
        cr_assert(s->rho > 0.0 && s->rho < 0.3, "%s: rho %g", s->id, s->rho);
        const double bal = s->loans * s->avg_amount;
        total += bal;
        if (s->size != SF_MEDIUM)
            small_micro += bal;
    }
    /* Sized on Shenzhen's 1.90 trillion CNY of inclusive small/micro loans (end-2024). */
    cr_assert(small_micro > 1.7e12 && small_micro < 2.1e12, "small/micro balance %g", small_micro);
    cr_assert(total > small_micro);
    sf_scenario_release(&sc);
}

/* Provenance (issue 13): a loan-book child of the baseline inherits every mechanism of the
 * baseline it does not name itself; one it names (even only `enabled = true`) is its own; a
 * scenario without a loan book, or without a base, inherits nothing; a --set names it too. */
Test(loader, inherited_mechanisms_of_a_loan_book)
{
    const int RC = SF_MECHANISM_INDEX_risk_comp, GU = SF_MECHANISM_INDEX_guarantee, FU = SF_MECHANISM_INDEX_fund,
              BR = SF_MECHANISM_INDEX_bridge;
    sf_scenario sc;
    load_ok("tests/cases/inherit/book-on-baseline.ini", NULL, 0, &sc);
    cr_assert_eq(sc.is_loan_book, 1);
    cr_assert_eq(sc.loans_from, 0, "the child names the loan book");
    cr_assert_eq(sc.mech_from[FU], 1, "the fund's section is the base's");
    cr_assert_eq(sc.mech_from[GU], 0, "the child sets [guarantee]");
    cr_assert(sf_scenario_inherited(&sc, FU) && sf_scenario_inherited(&sc, RC) && sf_scenario_inherited(&sc, BR));
    cr_assert_not(sf_scenario_inherited(&sc, GU));
    cr_assert_str_eq(sc.bases[sc.mech_from[FU] - 1], "scenarios/shenzhen-baseline.ini");
    sf_scenario_release(&sc);

    load_ok("tests/cases/inherit/book-own-fund.ini", NULL, 0, &sc);
    cr_assert_eq(sc.mech_from[FU], 0);
    cr_assert_not(sf_scenario_inherited(&sc, FU), "[guidance_fund] with only enabled = true is the child's own");
    cr_assert(sf_scenario_inherited(&sc, RC));
    sf_scenario_release(&sc);

    const char *set[1] = {"guidance_fund.commit_years=3"};
    load_ok("tests/cases/inherit/book-on-baseline.ini", set, 1, &sc);
    cr_assert_eq(sc.mech_from[FU], SF_FROM_CLI);
    cr_assert_not(sf_scenario_inherited(&sc, FU), "a --set is the user's own");
    sf_scenario_release(&sc);

    const char *off[1] = {"guidance_fund.enabled=false"};
    load_ok("tests/cases/inherit/book-on-baseline.ini", off, 1, &sc);
    cr_assert_not(sf_scenario_inherited(&sc, FU), "a disabled mechanism is not inherited");
    sf_scenario_release(&sc);

    load_ok("scenarios/guarantor-book.ini", NULL, 0, &sc);
    for (int m = 0; m < SF_NMECHANISMS; m++)
        cr_assert_not(sf_scenario_inherited(&sc, m), "no base: nothing inherited (%d)", m);
    sf_scenario_release(&sc);

    load_ok("scenarios/variants/comp-share-50.ini", NULL, 0, &sc);
    cr_assert_eq(sc.loans_from, SF_FROM_NONE);
    cr_assert_eq(sc.mech_from[FU], 1);
    for (int m = 0; m < SF_NMECHANISMS; m++)
        cr_assert_not(sf_scenario_inherited(&sc, m), "segments, not a loan book: nothing to warn of (%d)", m);
    sf_scenario_release(&sc);
}

/* The guarantor template (issue 13): its own 50-loan book, only the guarantee mechanism on, no base. */
Test(loader, guarantor_template_loads)
{
    sf_scenario sc;
    load_ok("scenarios/guarantor-book.ini", NULL, 0, &sc);
    cr_assert_str_eq(sc.sim.name, "guarantor-book");
    cr_assert_eq(sc.is_loan_book, 1);
    cr_assert_eq(sc.nsegs, 50);
    cr_assert(sc.guarantee.enabled);
    cr_assert(!sc.risk_comp.enabled && !sc.insurance.enabled && !sc.interest.enabled && !sc.bridge.enabled &&
              !sc.fund.enabled);
    double total = 0.0, small_micro = 0.0;
    for (size_t i = 0; i < sc.nsegs; i++) {
        const sf_segment *s = &sc.segs[i];
        cr_assert_eq(s->loans, 1.0);
        cr_assert_eq(s->guaranteed, 1.0, "%s", s->id);
        total += s->avg_amount;
        if (s->size != SF_MEDIUM)
            small_micro += s->avg_amount;
    }
    /* The book meets the >= 80 % small/micro rule at the start (国办发〔2019〕6号). */
    cr_assert(small_micro >= sc.guarantee.small_micro_min * total, "small/micro %g of %g", small_micro, total);
    sf_scenario_release(&sc);
}

Test(loader, contract_defaults)
{
    sf_scenario sc;
    load_ok(CASES "minimal.ini", NULL, 0, &sc);
    cr_assert_str_eq(sc.sim.name, "minimal", "name = the .ini's base name");
    cr_assert_eq(sc.sim.start_year, 2026);
    cr_assert_eq(sc.sim.years, 5);
    cr_assert_eq(sc.sim.paths, 20000);
    cr_assert_eq(sc.sim.seed, 1ul);
    cr_assert_eq(sc.sim.mode, SF_MODE_COHORT);
    cr_assert_float_eq(sc.sim.discount_rate, 0.025, 1e-15);
    cr_assert_eq(sc.sim.recovery_lag, 2);
    cr_assert_float_eq(sc.econ.persistence, 0.5, 1e-15);
    cr_assert_float_eq(sc.econ.global_weight, 0.7, 1e-15);
    cr_assert_eq(sc.econ.copula, SF_COPULA_GAUSSIAN);
    cr_assert_float_eq(sc.econ.t_dof, 8.0, 1e-15);
    cr_assert_eq(sc.econ.nstress, 0);
    cr_assert_float_eq(sc.econ.lgd_cycle, 0.0, 1e-15);
    cr_assert_float_eq(sc.econ.cny_per_eur, 7.8, 1e-15);
    cr_assert_eq(sc.budget.nappropriation, 0);
    cr_assert_float_eq(sc.budget.confidence, 0.95, 1e-15);
    cr_assert_eq(sc.risk_comp.enabled, 0, "absent section = disabled");
    cr_assert_eq(sc.guarantee.enabled, 0);
    cr_assert_eq(sc.insurance.enabled, 0);
    cr_assert_eq(sc.interest.enabled, 0);
    cr_assert_eq(sc.bridge.enabled, 0);
    cr_assert_eq(sc.fund.enabled, 0);
    sf_scenario_release(&sc);
}

Test(loader, mechanism_defaults)
{
    sf_scenario sc;
    load_ok(CASES "mechanisms.ini", NULL, 0, &sc);
    const sf_risk_comp_params *rc = &sc.risk_comp;
    cr_assert_eq(rc->enabled, 1, "present section = enabled");
    cr_assert_float_eq(rc->share, 0.3, 1e-15);
    cr_assert_float_eq(rc->share_cap, 0.5, 1e-15);
    cr_assert_eq(rc->ntiers, 0);
    for (int p = 0; p < SF_NPRODUCTS; p++)
        cr_assert_float_eq(rc->uplift[p], 0.0, 1e-15);
    cr_assert_float_eq(rc->corridor_low, 0.0, 1e-15);
    cr_assert_float_eq(rc->corridor_high, 1.0, 1e-15);
    cr_assert_float_eq(rc->suspend_above, 1.0, 1e-15);
    cr_assert_float_eq(rc->bank_cap, 0.0, 1e-15);
    cr_assert_float_eq(rc->loan_cap, 0.0, 1e-15);
    cr_assert_float_eq(rc->pool_initial, 5.125e9, 1e-3);
    cr_assert_float_eq(rc->appropriation, 1.385e9, 1e-3);
    cr_assert_eq(rc->on_shortfall, SF_RISK_COMP_DEFER);

    const sf_guarantee_params *g = &sc.guarantee;
    cr_assert_eq(g->enabled, 1);
    cr_assert_float_eq(g->fee_rate, 0.01, 1e-15);
    cr_assert_float_eq(g->fee_rate_large, 0.015, 1e-15);
    cr_assert_float_eq(g->large_threshold, 5e6, 1e-9);
    cr_assert_float_eq(g->fee_subsidy_rate, 0.0, 1e-15);
    cr_assert_float_eq(g->fee_subsidy_share, 0.0, 1e-15);
    cr_assert_float_eq(g->coverage, 0.8, 1e-15);
    cr_assert_float_eq(g->national_share, 0.2, 1e-15);
    cr_assert_float_eq(g->provincial_share, 0.2, 1e-15);
    cr_assert_float_eq(g->city_share, 0.0, 1e-15);
    cr_assert_float_eq(g->national_claim_cap, 0.05, 1e-15);
    cr_assert_float_eq(g->reguarantee_fee, 0.005, 1e-15);
    cr_assert_float_eq(g->capital_initial, 2.385e9, 1e-3);
    cr_assert_float_eq(g->opex_rate, 0.005, 1e-15);
    cr_assert_float_eq(g->yield, 0.02, 1e-15);
    cr_assert_float_eq(g->leverage_limit, 10.0, 1e-15);
    cr_assert_eq(g->inject, 1);
    cr_assert_float_eq(g->small_micro_min, 0.8, 1e-15);

    const sf_insurance_params *in = &sc.insurance;
    cr_assert_eq(in->enabled, 1, "an empty section enables the mechanism");
    cr_assert_float_eq(in->premium_rate, 0.02, 1e-15);
    cr_assert_float_eq(in->premium_subsidy_share, 0.5, 1e-15);
    cr_assert_float_eq(in->insurer_share, 0.7, 1e-15);
    cr_assert_float_eq(in->stoploss_attach, 1.2, 1e-15);
    cr_assert_float_eq(in->stoploss_share, 0.8, 1e-15);
    cr_assert_eq(sc.interest.enabled, 1);
    cr_assert_float_eq(sc.interest.cap, 0.0, 1e-15);

    const sf_bridge_params *b = &sc.bridge;
    cr_assert_eq(b->enabled, 1);
    cr_assert_float_eq(b->capital, 5.25e8, 1e-6);
    cr_assert_float_eq(b->need_rate, 0.0375, 1e-15);
    cr_assert_float_eq(b->advance_share, 0.95, 1e-15);
    cr_assert_float_eq(b->firm_cap, 2e7, 1e-9);
    cr_assert_eq(b->duration, SF_BRIDGE_FIXED);
    cr_assert_float_eq(b->duration_days, 5.0, 1e-15);
    cr_assert_float_eq(b->max_days, 10.0, 1e-15);
    cr_assert_float_eq(b->fee_daily, 0.0002, 1e-18);
    cr_assert_float_eq(b->fee_daily_after, 0.0004, 1e-18);
    cr_assert_float_eq(b->fee_step_day, 5.0, 1e-15);
    cr_assert_float_eq(b->refuse_prob, 0.01, 1e-15);
    cr_assert_float_eq(b->refuse_rho, 0.2, 1e-15);
    cr_assert_float_eq(b->recovery, 0.5, 1e-15);
    cr_assert_float_eq(b->suspend_overdue_share, 0.4, 1e-15);

    const sf_fund_params *f = &sc.fund;
    cr_assert_eq(f->enabled, 1);
    cr_assert_float_eq(f->commitment, 1.75e9, 1e-3);
    cr_assert_eq(f->commit_years, 3);
    cr_assert_float_eq(f->gov_share, 0.3, 1e-15);
    cr_assert_eq(f->funds_per_vintage, 5);
    cr_assert_eq(f->life, 10);
    cr_assert_eq(f->ncall_rates, 4);
    cr_assert_float_eq(f->call_rates[0], 0.25, 1e-15);
    cr_assert_float_eq(f->call_rates[1], 0.333, 1e-15);
    cr_assert_float_eq(f->call_rates[2], 0.5, 1e-15);
    cr_assert_float_eq(f->call_rates[3], 1.0, 1e-15);
    cr_assert_float_eq(f->bow, 2.5, 1e-15);
    cr_assert_float_eq(f->growth, 0.1, 1e-15);
    cr_assert_float_eq(f->growth_sd, 0.25, 1e-15);
    cr_assert_float_eq(f->growth_corr, 0.3, 1e-15);
    cr_assert_float_eq(f->growth_beta, 0.5, 1e-15);
    cr_assert_float_eq(f->yield, 0.0, 1e-15);
    cr_assert_eq(f->concession, SF_FUND_NONE);
    cr_assert_float_eq(f->return_cap, 0.06, 1e-15);
    cr_assert_float_eq(f->first_loss, 0.2, 1e-15);
    sf_scenario_release(&sc);
}

/* Collects "section.key=value" lines. */
typedef struct params_text {
    char buf[16384];
    size_t len;
    int count;
    int stop_after;
} params_text;

static int collect(void *ud, const char *section, const char *key, const char *value)
{
    params_text *t = ud;
    t->len += (size_t)snprintf(t->buf + t->len, sizeof t->buf - t->len, "%s.%s=%s\n", section, key, value);
    t->count++;
    return t->stop_after && t->count >= t->stop_after ? 77 : 0;
}

/* sf_scenario_defaults() gives what the loader gives a file with every section and no keys: the
 * key tables' defaults, applied the same way. */
Test(loader, table_defaults_match_scenario_defaults)
{
    sf_scenario loaded, coded;
    /* every mechanism of the list on (the file gives the required keys of those that have any) */
    static const char *const on[] = {
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) section ".enabled=true",
#include "mechanisms.def"
#undef SF_MECHANISM
    };
    load_ok(CASES "mechanisms.ini", on, (int)(sizeof on / sizeof on[0]), &loaded);
    sf_scenario_defaults(&coded);
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) coded.name.enabled = 1;
#include "mechanisms.def"
#undef SF_MECHANISM
    params_text a = {0}, b = {0};
    cr_assert_eq(sf_scenario_params_foreach(&loaded, collect, &a), SF_OK);
    cr_assert_eq(sf_scenario_params_foreach(&coded, collect, &b), SF_OK);
    int compared = 0;
    for (size_t si = 0; si < sf_scenario_nsections; si++) {
        const section_spec *s = sf_scenario_sections[si];
        for (size_t ki = 0; ki < s->nkeys; ki++) {
            const key_spec *k = &s->keys[ki];
            if (k->def == NULL || s->in_portfolio || strcmp(k->name, "name") == 0)
                continue;
            char prefix[128], va[512] = "", vb[512] = "";
            snprintf(prefix, sizeof prefix, "%s.%s=", s->name, k->name);
            const char *pa = strstr(a.buf, prefix), *pb = strstr(b.buf, prefix);
            cr_assert_not_null(pa, "%s.%s not emitted", s->name, k->name);
            cr_assert_not_null(pb, "%s.%s not emitted", s->name, k->name);
            sscanf(strchr(pa, '=') + 1, "%511[^\n]", va);
            sscanf(strchr(pb, '=') + 1, "%511[^\n]", vb);
            cr_assert_str_eq(va, vb, "%s.%s: table default '%s', sf_scenario_defaults '%s'", s->name, k->name, va, vb);
            compared++;
        }
    }
    cr_assert_gt(compared, 80);
    sf_scenario_release(&loaded);
}

Test(loader, disabled_section_needs_no_required_keys)
{
    sf_scenario sc;
    load_ok(CASES "disabled.ini", NULL, 0, &sc);
    cr_assert_eq(sc.bridge.enabled, 0);
    sf_scenario_release(&sc);
}

Test(loader, set_overrides_apply_as_in_file)
{
    const char *sets[] = {"simulation.years=7",
                          "simulation.seed = 18446744073709551615",
                          "economy.stress=-2.385,-1.25",
                          "economy.copula=t",
                          "budget.appropriation=2.385e9",
                          "risk_compensation.pool_initial=4.125e9",
                          "risk_compensation.appropriation=1.5e9",
                          "risk_compensation.uplift.ip_pledge=0.135",
                          "simulation.name=variant-b"};
    sf_scenario sc;
    load_ok(CASES "minimal.ini", sets, (int)(sizeof sets / sizeof sets[0]), &sc);
    cr_assert_eq(sc.sim.years, 7);
    cr_assert_eq(sc.sim.seed, 18446744073709551615ul);
    cr_assert_eq(sc.econ.nstress, 2);
    cr_assert_float_eq(sc.econ.stress[0], -2.385, 1e-15);
    cr_assert_float_eq(sc.econ.stress[1], -1.25, 1e-15);
    cr_assert_eq(sc.econ.copula, SF_COPULA_T);
    cr_assert_eq(sc.budget.nappropriation, 7, "one number is repeated for every year");
    for (int t = 0; t < 7; t++)
        cr_assert_float_eq(sc.budget.appropriation[t], 2.385e9, 1e-3);
    cr_assert_eq(sc.risk_comp.enabled, 1, "a --set makes its section present");
    cr_assert_float_eq(sc.risk_comp.uplift[SF_IP_PLEDGE], 0.135, 1e-15);
    cr_assert_float_eq(sc.risk_comp.uplift[SF_CREDIT], 0.0, 1e-15);
    cr_assert_str_eq(sc.sim.name, "variant-b");
    sf_scenario_release(&sc);
}

Test(loader, stress_sector_gives_each_sectors_years_in_turn)
{
    /* minimal.ini's segments have 2 sectors (textiles, robotics, in the order they first appear) and 5 years */
    const char *sets[] = {"economy.stress_sector=-1.5,-0.5,0.25,0.75"};
    sf_scenario sc;
    load_ok(CASES "minimal.ini", sets, 1, &sc);
    cr_assert_eq(sc.nsectors, 2);
    cr_assert_eq(sc.econ.nstress_sector, 4);
    cr_assert_float_eq(sc.econ.stress_sector[0], -1.5, 1e-15);
    cr_assert_float_eq(sc.econ.stress_sector[3], 0.75, 1e-15);
    sf_scenario_release(&sc);
    load_fails(CASES "minimal.ini", "economy.stress_sector=-1,0,1", SF_EINVAL, "--set: economy.stress_sector: ",
               "3 values but the segments have 2 sectors (textiles, robotics)", "a multiple of 2, at most 10 values");
    load_fails(CASES "minimal.ini", "economy.stress_sector=1,1,1,1,1,1,1,1,1,1,1,1", SF_EINVAL,
               "--set: economy.stress_sector: ", "12 values", "simulation.years = 5");
    load_fails(CASES "minimal.ini", "economy.stress_sector=-11,0", SF_EINVAL, "--set: economy.stress_sector: ", NULL,
               NULL);
}

Test(loader, set_overrides_a_file_value)
{
    const char *sets[] = {"simulation.years=6"};
    sf_scenario sc;
    load_ok(CASES "appropriation.ini", NULL, 0, &sc);
    cr_assert_eq(sc.sim.years, 4);
    sf_scenario_release(&sc);
    sf_err err;
    /* The file's 4 appropriations no longer match 6 years: the override is applied before the checks. */
    cr_assert_eq(load(CASES "appropriation.ini", sets, 1, &sc, &err), SF_EINVAL);
    cr_assert_not_null(strstr(err.msg, "appropriation.ini:8: budget.appropriation:"), "%s", err.msg);
}

Test(loader, bad_set_names_the_option)
{
    load_fails(CASES "minimal.ini", "guarantee.fee_rate=0.3x", SF_EINVAL, "--set: guarantee.fee_rate: ", "'0.3x'",
               "[0, 1]");
    load_fails(CASES "minimal.ini", "simulation.years", SF_EINVAL, "--set: simulation.years: ", "SECTION.KEY=VALUE",
               NULL);
    load_fails(CASES "minimal.ini", "years=5", SF_EINVAL, "--set: years: ", "SECTION.KEY=VALUE", NULL);
    load_fails(CASES "minimal.ini", "guarantees.fee_rate=0.0085", SF_EINVAL, "--set: guarantees.fee_rate: ",
               "unknown section", NULL);
    load_fails(CASES "minimal.ini", "guarantee.fee=0.0085", SF_EINVAL, "--set: guarantee.fee: ", "unknown key",
               "fee_rate");
    load_fails(CASES "minimal.ini", "economy.t_dof=inf", SF_EINVAL, "--set: economy.t_dof: ", "not a finite number",
               NULL);
}

Test(loader, set_on_absent_mechanism_requires_its_keys)
{
    load_fails(CASES "minimal.ini", "guarantee.fee_rate=0.0085", SF_EINVAL, "--set: guarantee.capital_initial: ",
               "required", NULL);
}

Test(loader, basel_rho_filled_when_blank)
{
    sf_scenario sc;
    load_ok(CASES "minimal.ini", NULL, 0, &sc);
    cr_assert_eq(sc.nsegs, 3);
    const sf_segment *a = &sc.segs[0], *b = &sc.segs[1], *c = &sc.segs[2];
    cr_assert_eq(a->rho_from_basel, 1);
    cr_assert_float_eq(a->rho, sf_irb_corr_segment(SF_MICRO, 0.0275, NAN, 7.8), 1e-15);
    cr_assert(isnan(a->turnover_m), "blank turnover is NaN");
    cr_assert_eq(b->rho_from_basel, 1);
    cr_assert_float_eq(b->rho, sf_irb_corr_segment(SF_SMALL, 0.0185, 38.5, 7.8), 1e-15);
    cr_assert_float_eq(b->turnover_m, 38.5, 1e-15);
    cr_assert_eq(c->rho_from_basel, 0, "an explicit rho is kept");
    cr_assert_float_eq(c->rho, 0.1375, 1e-15);
    sf_scenario_release(&sc);
}

Test(loader, basel_rho_follows_cny_per_eur)
{
    const char *sets[] = {"economy.cny_per_eur=7.385"};
    sf_scenario sc;
    load_ok(CASES "minimal.ini", sets, 1, &sc);
    cr_assert_float_eq(sc.segs[1].rho, sf_irb_corr_segment(SF_SMALL, 0.0185, 38.5, 7.385), 1e-15);
    sf_scenario_release(&sc);
}

Test(loader, segments_columns_and_names)
{
    sf_scenario sc;
    load_ok(CASES "minimal.ini", NULL, 0, &sc);
    const sf_segment *a = &sc.segs[0], *b = &sc.segs[1], *c = &sc.segs[2];
    cr_assert_str_eq(sc.segments_path, CASES "seg_ok.csv");
    cr_assert_str_eq(a->id, "a1");
    cr_assert_eq(a->size, SF_MICRO);
    cr_assert_eq(b->product, SF_IP_PLEDGE);
    cr_assert_eq(sc.nsectors, 2);
    cr_assert_str_eq(sc.sectors[a->sector], "textiles");
    cr_assert_str_eq(sc.sectors[b->sector], "robotics");
    cr_assert_eq(a->sector, c->sector);
    cr_assert_eq(sc.nbanks, 2);
    cr_assert_eq(a->bank, c->bank, "a quoted \"bank_a\" is the same bank");
    cr_assert_float_eq(a->loans, 1385.0, 1e-12);
    cr_assert_float_eq(b->avg_amount, 3150000.0, 1e-6);
    cr_assert_float_eq(b->tenor, 2.5, 1e-15);
    cr_assert_float_eq(a->lgd_sd, 0.185, 1e-15);
    cr_assert_float_eq(c->lgd_sd, 0.0, 1e-15, "blank = default");
    cr_assert_float_eq(a->growth, 0.0375, 1e-15);
    cr_assert_float_eq(b->guaranteed, 0.3125, 1e-15);
    cr_assert_float_eq(a->insured, 0.0, 1e-15, "absent column = default");
    cr_assert_eq(a->maturity_year, 0);
    cr_assert_eq(c->line, 4);
    sf_scenario_release(&sc);
}

Test(loader, loan_book)
{
    sf_scenario sc;
    load_ok(CASES "loan_book.ini", NULL, 0, &sc);
    cr_assert_eq(sc.is_loan_book, 1);
    cr_assert_str_eq(sc.segments_path, CASES "book_ok.csv");
    cr_assert_eq(sc.nsegs, 3);
    for (size_t i = 0; i < sc.nsegs; i++) {
        cr_assert_float_eq(sc.segs[i].loans, 1.0, 1e-15);
        cr_assert_float_eq(sc.segs[i].growth, 0.0, 1e-15);
    }
    cr_assert_float_eq(sc.segs[0].avg_amount, 2385000.0, 1e-6);
    cr_assert_eq(sc.segs[0].maturity_year, 2027);
    cr_assert_float_eq(sc.segs[0].tenor, 1.0, 1e-15, "matures in the first year");
    cr_assert_float_eq(sc.segs[1].tenor, 3.0, 1e-15);
    cr_assert_float_eq(sc.segs[2].tenor, 5.0, 1e-15);
    cr_assert_float_eq(sc.segs[2].guaranteed, 0.5, 1e-15);
    cr_assert_eq(sc.segs[2].rho_from_basel, 1);
    cr_assert_float_eq(sc.segs[2].rho, sf_irb_corr_segment(SF_MEDIUM, 0.0125, 410.0, 7.8), 1e-15);
    sf_scenario_release(&sc);
}

Test(loader, loan_book_errors)
{
    load_fails(CASES "loan_book.ini", "portfolio.loans=book_early.csv", SF_EINVAL, "book_early.csv:3: maturity_year: ",
               "start_year = 2027", NULL);
    load_fails(CASES "loan_book.ini", "portfolio.loans=csv_tenor_in_book.csv", SF_EINVAL,
               "csv_tenor_in_book.csv:1: tenor: ", "unknown column in a loan book", NULL);
}

Test(loader, appropriation_per_year_and_tiers)
{
    sf_scenario sc;
    load_ok(CASES "appropriation.ini", NULL, 0, &sc);
    cr_assert_eq(sc.budget.nappropriation, 4);
    cr_assert_float_eq(sc.budget.appropriation[2], 2.385e9, 1e-3);
    cr_assert_float_eq(sc.budget.confidence, 0.975, 1e-15);
    sf_scenario_release(&sc);
    load_ok(CASES "tiers.ini", NULL, 0, &sc);
    cr_assert_eq(sc.risk_comp.ntiers, 3);
    cr_assert_float_eq(sc.risk_comp.tier_amount[1], 15e6, 1e-6);
    cr_assert_float_eq(sc.risk_comp.tier_share[2], 0.2, 1e-15);
    cr_assert_float_eq(sc.risk_comp.uplift[SF_IP_PLEDGE], 0.15, 1e-15);
    cr_assert_float_eq(sc.risk_comp.uplift[SF_FIRST_LOAN], 0.05, 1e-15);
    cr_assert_eq(sc.risk_comp.on_shortfall, SF_RISK_COMP_PRORATE);
    sf_scenario_release(&sc);
}

Test(loader, params_foreach_lists_resolved_values)
{
    sf_scenario sc;
    load_ok(CASES "tiers.ini", NULL, 0, &sc);
    params_text t = {0};
    cr_assert_eq(sf_scenario_params_foreach(&sc, collect, &t), SF_OK);
    cr_assert_not_null(strstr(t.buf, "simulation.name=tiers\n"));
    cr_assert_not_null(strstr(t.buf, "simulation.seed=1\n"));
    cr_assert_not_null(strstr(t.buf, "economy.persistence=0.5\n"));
    cr_assert_not_null(strstr(t.buf, "portfolio.segments=" CASES "seg_ok.csv\n"));
    cr_assert_not_null(strstr(t.buf, "risk_compensation.size_tiers=5000000:0.4,15000000:0.3,30000000:0.2\n"));
    cr_assert_not_null(strstr(t.buf, "risk_compensation.uplift.ip_pledge=0.15\n"));
    cr_assert_not_null(strstr(t.buf, "risk_compensation.on_shortfall=prorate\n"));
    cr_assert_not_null(strstr(t.buf, "guarantee.enabled=false\n"));
    cr_assert_null(strstr(t.buf, "guarantee.fee_rate"), "a disabled mechanism gives only enabled");
    cr_assert_not_null(strstr(t.buf, "budget.confidence=0.95\n"));
    /* Sections in file-format order. */
    cr_assert_lt(strstr(t.buf, "simulation.") - t.buf, strstr(t.buf, "economy.") - t.buf);
    cr_assert_lt(strstr(t.buf, "risk_compensation.") - t.buf, strstr(t.buf, "budget.") - t.buf);
    params_text s = {.stop_after = 3};
    cr_assert_eq(sf_scenario_params_foreach(&sc, collect, &s), 77, "a nonzero emit stops the walk");
    cr_assert_eq(s.count, 3);
    sf_scenario_release(&sc);
}

/* ------------------------------------------------------------------ bad .ini files */

Test(loader, wrong_type)
{
    load_fails(CASES "wrong_type.ini", NULL, SF_EINVAL, CASES "wrong_type.ini:3: simulation.years: ",
               "'five' is not a whole number", "[1, 60]");
    load_fails(CASES "enum_bad.ini", NULL, SF_EINVAL, CASES "enum_bad.ini:2: simulation.mode: ", "cohort|loan", NULL);
    load_fails(CASES "minimal.ini", "guarantee.inject=yes", SF_EINVAL, "--set: guarantee.inject: ", "true or false",
               NULL);
    load_fails(CASES "minimal.ini", "simulation.paths=2e4", SF_EINVAL, "--set: simulation.paths: ",
               "not a whole number", NULL);
}

Test(loader, trailing_garbage)
{
    load_fails(CASES "garbage.ini", NULL, SF_EINVAL, CASES "garbage.ini:4: simulation.discount_rate: ",
               "'0.3x' is not a number", NULL);
}

Test(loader, out_of_range)
{
    load_fails(CASES "out_of_range.ini", NULL, SF_EINVAL, CASES "out_of_range.ini:6: economy.global_weight: ",
               "1.385 is out of range", "[0, 1]");
    load_fails(CASES "minimal.ini", "economy.persistence=1", SF_EINVAL, "--set: economy.persistence: ", "[0, 1)",
               NULL);
    load_fails(CASES "minimal.ini", "simulation.years=61", SF_EINVAL, "--set: simulation.years: ", "[1, 60]", NULL);
    load_fails(CASES "minimal.ini", "simulation.seed=-1", SF_EINVAL, "--set: simulation.seed: ", NULL, NULL);
    load_fails(CASES "minimal.ini", "simulation.seed=18446744073709551616", SF_EINVAL, "--set: simulation.seed: ",
               "out of range", NULL);
}

Test(loader, nan_and_inf)
{
    load_fails(CASES "nan.ini", NULL, SF_EINVAL, CASES "nan.ini:4: economy.persistence: ", "not a finite number",
               NULL);
    load_fails(CASES "minimal.ini", "economy.stress=-2.385,inf", SF_EINVAL, "--set: economy.stress: ", "value 2",
               "not a finite number");
}

Test(loader, unknown_section)
{
    load_fails(CASES "unknown_section.ini", NULL, SF_EINVAL, CASES "unknown_section.ini:5: [guarantees]: ",
               "unknown section", "guarantee");
}

Test(loader, unknown_key)
{
    load_fails(CASES "unknown_key.ini", NULL, SF_EINVAL, CASES "unknown_key.ini:2: simulation.yeras: ", "unknown key",
               "did you mean 'years'");
}

Test(loader, duplicate_key)
{
    load_fails(CASES "duplicate_key.ini", NULL, SF_EINVAL, CASES "duplicate_key.ini:4: simulation.years: ",
               "duplicate key", "line 2");
}

Test(loader, duplicate_section)
{
    load_fails(CASES "duplicate_section.ini", NULL, SF_EINVAL, CASES "duplicate_section.ini:7: [simulation]: ",
               "duplicate section", "line 1");
}

Test(loader, missing_required_key)
{
    load_fails(CASES "missing_required.ini", NULL, SF_EINVAL, CASES "missing_required.ini:4: guarantee.capital_initial: ",
               "required when [guarantee] is enabled", NULL);
}

Test(loader, syntax_error)
{
    load_fails(CASES "syntax.ini", NULL, SF_EPARSE, CASES "syntax.ini:3: ", NULL, NULL);
    load_fails(CASES "outside.ini", NULL, SF_EINVAL, CASES "outside.ini:2: years: ", "outside any section", NULL);
}

Test(loader, indented_continuation_rejected)
{
    load_fails(CASES "continuation.ini", NULL, SF_EPARSE, CASES "continuation.ini:5: simulation.years: ",
               "continuation", NULL);
}

Test(loader, missing_file)
{
    load_fails(CASES "no_such.ini", NULL, SF_EIO, CASES "no_such.ini: ", "No such file", NULL);
    load_fails(CASES "missing_csv.ini", NULL, SF_EIO, CASES "missing_csv.ini:5: portfolio.segments: ",
               "no_such_file.csv", NULL);
}

Test(loader, unreadable_file)
{
    /* A directory opens but cannot be read, also for root (for whom chmod 000 changes nothing). */
    load_fails("tests/cases/loader", NULL, SF_EIO, "tests/cases/loader: ", "cannot read", NULL);
    load_fails(CASES "minimal.ini", "portfolio.segments=.", SF_EIO, "--set: portfolio.segments: ", "cannot read",
               NULL);
}

Test(loader, long_line_rejected_with_its_line)
{
    char dir[] = "/tmp/smefin-loader-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char ini[256], csv[256];
    snprintf(ini, sizeof ini, "%s/long.ini", dir);
    snprintf(csv, sizeof csv, "%s/seg.csv", dir);
    FILE *f = fopen(ini, "w");
    cr_assert_not_null(f);
    fprintf(f, "[simulation]\nyears = 7\n; fine\nname = ");
    for (int i = 0; i < 240; i++)
        fputc('x', f);
    fprintf(f, "\npaths = 1385\n[portfolio]\nsegments = seg.csv\n");
    fclose(f);
    char want[300];
    snprintf(want, sizeof want, "%s:4: line too long: ", ini);
    load_fails(ini, NULL, SF_EPARSE, want, "at most 197", NULL);
    /* 197 bytes pass, and the numbers of the lines after them stay right. */
    f = fopen(ini, "w");
    fprintf(f, "[simulation]\n; ");
    for (int i = 0; i < 195; i++)
        fputc('y', f);
    fprintf(f, "\r\nyears = 0\n");
    fclose(f);
    snprintf(want, sizeof want, "%s:3: simulation.years: ", ini);
    load_fails(ini, NULL, SF_EINVAL, want, NULL, NULL);
    unlink(ini);
    unlink(csv);
    rmdir(dir);
}

Test(loader, portfolio_both_or_neither)
{
    load_fails(CASES "both.ini", NULL, SF_EINVAL, CASES "both.ini:3: portfolio.loans: ", "exactly one", NULL);
    load_fails(CASES "neither.ini", NULL, SF_EINVAL, CASES "neither.ini:4: portfolio.segments: ", "no portfolio",
               NULL);
}

Test(loader, cross_key_checks)
{
    load_fails(CASES "appropriation_count.ini", NULL, SF_EINVAL,
               CASES "appropriation_count.ini:8: budget.appropriation: ", "exactly 4", NULL);
    load_fails(CASES "stress.ini", NULL, SF_EINVAL, CASES "stress.ini:5: economy.stress: ", "simulation.years = 3",
               NULL);
    load_fails(CASES "tiers_bad.ini", NULL, SF_EINVAL, CASES "tiers_bad.ini:7: risk_compensation.size_tiers: ",
               "must increase", NULL);
    load_fails(CASES "corridor.ini", NULL, SF_EINVAL, CASES "corridor.ini:8: risk_compensation.corridor_high: ",
               "corridor_low", NULL);
    load_fails(CASES "mechanisms.ini", "guarantee.city_share=0.6385", SF_EINVAL, "--set: guarantee.city_share: ",
               "at most 1", NULL);
    load_fails(CASES "minimal.ini", "simulation.name=my run", SF_EINVAL, "--set: simulation.name: ", "' '", NULL);
}

/* ------------------------------------------------------------------ bad CSV files */

Test(loader, csv_malformed)
{
    csv_fails("csv_malformed.csv", SF_EPARSE, CASES "csv_malformed.csv:3: sector: ", "malformed CSV");
    csv_fails("csv_fields.csv", SF_EPARSE, CASES "csv_fields.csv:3: ", "9 fields but the header has 10");
}

Test(loader, csv_unknown_column)
{
    csv_fails("csv_unknown_column.csv", SF_EINVAL, CASES "csv_unknown_column.csv:1: colour: ", "unknown column");
}

Test(loader, csv_missing_column)
{
    csv_fails("csv_missing_column.csv", SF_EINVAL, CASES "csv_missing_column.csv:1: tenor: ",
              "missing required column");
}

Test(loader, csv_duplicate_column)
{
    csv_fails("csv_duplicate_column.csv", SF_EINVAL, CASES "csv_duplicate_column.csv:1: pd: ", "duplicate column");
}

Test(loader, csv_duplicate_id)
{
    csv_fails("csv_duplicate_id.csv", SF_EINVAL, CASES "csv_duplicate_id.csv:4: id: ", "'a1' (first on line 2)");
}

Test(loader, csv_empty_required_value)
{
    csv_fails("csv_empty_required.csv", SF_EINVAL, CASES "csv_empty_required.csv:3: pd: ", "empty");
}

Test(loader, csv_count_not_whole)
{
    csv_fails("csv_loans_fraction.csv", SF_EINVAL, CASES "csv_loans_fraction.csv:2: loans: ", "not a whole number");
}

Test(loader, csv_share_out_of_range)
{
    csv_fails("csv_share_range.csv", SF_EINVAL, CASES "csv_share_range.csv:3: guaranteed: ", "[0, 1]");
}

Test(loader, csv_pd_range)
{
    csv_fails("csv_pd_one.csv", SF_EINVAL, CASES "csv_pd_one.csv:2: pd: ", "[0, 1)");
    sf_scenario sc;
    const char *sets[] = {"portfolio.segments=csv_pd_zero.csv"};
    load_ok(CASES "minimal.ini", sets, 1, &sc);
    cr_assert_float_eq(sc.segs[0].pd, 0.0, 1e-300, "pd = 0 is allowed");
    sf_scenario_release(&sc);
}

Test(loader, csv_lgd_range)
{
    csv_fails("csv_lgd_range.csv", SF_EINVAL, CASES "csv_lgd_range.csv:2: lgd: ", "[0, 1]");
    csv_fails("csv_nan.csv", SF_EINVAL, CASES "csv_nan.csv:2: lgd: ", "not a finite number");
}

Test(loader, csv_lgd_sd_beta_bound)
{
    csv_fails("csv_lgd_sd.csv", SF_EINVAL, CASES "csv_lgd_sd.csv:2: lgd_sd: ", "lgd(1 - lgd)");
}

Test(loader, csv_tenor_rho_amount)
{
    csv_fails("csv_tenor.csv", SF_EINVAL, CASES "csv_tenor.csv:2: tenor: ", "[1, 100]");
    csv_fails("csv_rho.csv", SF_EINVAL, CASES "csv_rho.csv:2: rho: ", "[0, 1)");
    csv_fails("csv_amount.csv", SF_EINVAL, CASES "csv_amount.csv:2: avg_amount: ", "(0, ");
}

Test(loader, csv_unknown_size_and_product)
{
    csv_fails("csv_size.csv", SF_EINVAL, CASES "csv_size.csv:2: size: ", "'tiny'");
    csv_fails("csv_product.csv", SF_EINVAL, CASES "csv_product.csv:2: product: ", "'factoring'");
}

Test(loader, csv_no_segments)
{
    csv_fails("csv_no_rows.csv", SF_EINVAL, CASES "csv_no_rows.csv:2: ", "no segments");
}

/* ------------------------------------------------------------------ inheritance: base = FILE */

#define BASE CASES "base/"

Test(loader, base_child_overrides_and_inherits)
{
    sf_scenario sc;
    load_ok(BASE "sub/child.ini", NULL, 0, &sc);
    cr_assert_str_eq(sc.path, BASE "sub/child.ini", "sc->path stays the file the user gave");
    cr_assert_str_eq(sc.sim.name, "child");
    cr_assert_eq(sc.sim.years, 3, "the child's value overrides the base's 4");
    cr_assert_eq(sc.sim.paths, 1385, "a key only the base sets is inherited");
    cr_assert_eq(sc.sim.seed, 2385ul);
    cr_assert_float_eq(sc.econ.persistence, 0.385, 1e-15, "a section only the base has stays");
    cr_assert_eq(sc.guarantee.enabled, 1);
    cr_assert_float_eq(sc.guarantee.fee_rate, 0.0065, 1e-15);
    cr_assert_float_eq(sc.guarantee.capital_initial, 2.385e9, 1e-3);
    cr_assert_eq(sc.insurance.enabled, 1, "an empty base-only section stays enabled");
    cr_assert_eq(sc.bridge.enabled, 0, "the base's enabled = false stays");
    /* The base's segments = seg.csv is relative to the base's folder: there is no sub/seg.csv. */
    cr_assert_str_eq(sc.segments_path, BASE "seg.csv");
    cr_assert_eq(sc.nsegs, 3);
    sf_scenario_release(&sc);
}

Test(loader, base_name_is_not_inherited)
{
    sf_scenario sc;
    load_ok(BASE "sub/noname.ini", NULL, 0, &sc);
    cr_assert_str_eq(sc.sim.name, "noname", "the results folder is named after the child, not the base");
    cr_assert_eq(sc.sim.years, 4);
    sf_scenario_release(&sc);
}

Test(loader, base_set_wins_over_both)
{
    const char *sets[] = {"guarantee.fee_rate=0.0045", "economy.persistence=0.125", "simulation.years=2",
                          "portfolio.segments=../seg.csv"};
    sf_scenario sc;
    load_ok(BASE "sub/child.ini", sets, 4, &sc);
    cr_assert_float_eq(sc.guarantee.fee_rate, 0.0045, 1e-15, "over the child's and the base's value");
    cr_assert_float_eq(sc.econ.persistence, 0.125, 1e-15, "over the base's value");
    cr_assert_eq(sc.sim.years, 2);
    /* A --set path is relative to the file the user gave, as if written in it. */
    cr_assert_str_eq(sc.segments_path, BASE "seg.csv");
    sf_scenario_release(&sc);
    load_fails(BASE "sub/child.ini", "guarantee.fee_rate=1.385", SF_EINVAL, "--set: guarantee.fee_rate: ", "[0, 1]",
               NULL);
}

Test(loader, base_supplies_part_of_a_section)
{
    sf_scenario sc;
    load_ok(BASE "sub/completes.ini", NULL, 0, &sc);
    cr_assert_float_eq(sc.risk_comp.pool_initial, 5.125e9, 1e-3);
    cr_assert_float_eq(sc.risk_comp.appropriation, 1.385e9, 1e-3);
    sf_scenario_release(&sc);
    /* The key stays missing: blamed on the base's [risk_compensation] header. */
    load_fails(BASE "sub/incomplete.ini", NULL, SF_EINVAL, BASE "partial.ini:5: risk_compensation.appropriation: ",
               "missing", NULL);
}

Test(loader, base_error_names_the_base_file_and_line)
{
    load_fails(BASE "sub/bad_child.ini", NULL, SF_EINVAL, BASE "bad_parent.ini:5: economy.persistence: ",
               "1.385 is out of range", NULL);
}

Test(loader, base_missing_file)
{
    load_fails(BASE "sub/missing_base.ini", NULL, SF_EIO, BASE "sub/missing_base.ini:2: base: ",
               "'" BASE "no_such.ini'", "No such file");
    load_fails(BASE "empty_base.ini", NULL, SF_EINVAL, BASE "empty_base.ini:1: base: ", "empty", NULL);
}

Test(loader, base_cycle)
{
    load_fails(BASE "cycle_a.ini", NULL, SF_EINVAL, BASE "cycle_b.ini:2: base: ", BASE "cycle_a.ini", "cycle");
    load_fails(BASE "self.ini", NULL, SF_EINVAL, BASE "self.ini:1: base: ", "this file", "its own base");
}

/* A chain d0 -> d1 -> ... -> dN in a fresh folder; the last one names the portfolio. */
static void chain_write(const char *dir, int n)
{
    char cwd[2048], path[2300];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    for (int i = 0; i <= n; i++) {
        snprintf(path, sizeof path, "%s/d%d.ini", dir, i);
        FILE *f = fopen(path, "w");
        cr_assert_not_null(f);
        if (i < n)
            fprintf(f, "base = d%d.ini\n[simulation]\nyears = %d\n", i + 1, 10 - i);
        else
            fprintf(f, "[portfolio]\nsegments = %s/" BASE "seg.csv\n", cwd);
        fclose(f);
    }
}

static void chain_remove(const char *dir, int n)
{
    char path[300];
    for (int i = 0; i <= n; i++) {
        snprintf(path, sizeof path, "%s/d%d.ini", dir, i);
        unlink(path);
    }
    rmdir(dir);
}

Test(loader, base_depth_limit)
{
    char dir[] = "/tmp/smefin-base-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char ini[256], want[300];
    snprintf(ini, sizeof ini, "%s/d0.ini", dir);
    chain_write(dir, 8); /* 8 bases deep: allowed */
    sf_scenario sc;
    load_ok(ini, NULL, 0, &sc);
    cr_assert_eq(sc.sim.years, 10, "the nearest file wins");
    cr_assert_eq(sc.nsegs, 3);
    sf_scenario_release(&sc);
    chain_remove(dir, 8);
    cr_assert_not_null(mkdtemp(strcpy(dir, "/tmp/smefin-base-XXXXXX")));
    snprintf(ini, sizeof ini, "%s/d0.ini", dir);
    chain_write(dir, 9); /* 9: one too many, reported where the 9th is named */
    snprintf(want, sizeof want, "%s/d8.ini:1: base: ", dir);
    load_fails(ini, NULL, SF_EINVAL, want, "at most 8", NULL);
    chain_remove(dir, 9);
}

Test(loader, base_long_line_in_the_base)
{
    char dir[] = "/tmp/smefin-base-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char base[256], child[256], want[300];
    snprintf(base, sizeof base, "%s/long.ini", dir);
    snprintf(child, sizeof child, "%s/child.ini", dir);
    FILE *f = fopen(base, "w");
    cr_assert_not_null(f);
    fprintf(f, "[simulation]\nyears = 7\nname = ");
    for (int i = 0; i < 240; i++)
        fputc('x', f);
    fprintf(f, "\n");
    fclose(f);
    f = fopen(child, "w");
    cr_assert_not_null(f);
    fprintf(f, "base = long.ini\n");
    fclose(f);
    snprintf(want, sizeof want, "%s:3: line too long: ", base);
    load_fails(child, NULL, SF_EPARSE, want, "at most 197", NULL);
    unlink(base);
    unlink(child);
    rmdir(dir);
}

Test(loader, base_duplicates_only_within_one_file)
{
    /* child.ini overrides the base's guarantee.fee_rate and repeats its [guarantee] and [simulation]
     * headers: allowed (base_child_overrides_and_inherits). Within one file they stay errors. */
    load_fails(BASE "sub/dup_key.ini", NULL, SF_EINVAL, BASE "sub/dup_key.ini:5: guarantee.fee_rate: ",
               "duplicate key", "line 4");
    load_fails(BASE "sub/dup_section.ini", NULL, SF_EINVAL, BASE "sub/dup_section.ini:6: [guarantee]: ",
               "duplicate section", "line 2");
    load_fails(BASE "two_bases.ini", NULL, SF_EINVAL, BASE "two_bases.ini:2: base: ", "duplicate", "line 1");
}

Test(loader, base_directive_before_the_first_section)
{
    load_fails(BASE "late_base.ini", NULL, SF_EINVAL, BASE "late_base.ini:3: portfolio.base: ",
               "before the first [section]", NULL);
    load_fails(BASE "base_syntax.ini", NULL, SF_EPARSE, BASE "base_syntax.ini:1: syntax: ", NULL, NULL);
    load_fails(CASES "outside.ini", NULL, SF_EINVAL, CASES "outside.ini:2: years: ", "only 'base = FILE'", NULL);
}

/* The value of "section.key" in a parameter dump, or NULL. */
static const char *param_find(const char *dump, const char *fk, char *out, size_t n)
{
    char prefix[160];
    snprintf(prefix, sizeof prefix, "%s=", fk);
    for (const char *p = dump; *p; p = strchr(p, '\n') + 1) {
        if (strncmp(p, prefix, strlen(prefix)) == 0) {
            const char *v = p + strlen(prefix);
            snprintf(out, n, "%.*s", (int)(strchr(v, '\n') - v), v);
            return out;
        }
    }
    return NULL;
}

/* Each policy variant differs from the baseline in the keys it names and in nothing else: the same
 * parameter dump (run.json, parameters.csv) but for those keys and simulation.name. */
Test(loader, variants_differ_from_the_baseline_only_in_their_keys)
{
    static const struct {
        const char *file;
        const char *keys[6];
    } variants[] = {
        {"comp-share-50", {"risk_compensation.share"}},
        {"comp-prorate", {"risk_compensation.on_shortfall"}},
        {"comp-tiers-guangzhou", {"risk_compensation.size_tiers", "risk_compensation.uplift.ip_pledge"}},
        {"fee-0.5pct", {"guarantee.fee_rate", "guarantee.fee_rate_large"}},
        {"guarantee-ration", {"guarantee.capital_initial", "guarantee.inject"}},
    };
    sf_scenario base;
    load_ok("scenarios/shenzhen-baseline.ini", NULL, 0, &base);
    params_text bt = {0};
    cr_assert_eq(sf_scenario_params_foreach(&base, collect, &bt), SF_OK);
    cr_assert(base.bridge.enabled && base.fund.enabled, "the baseline has the sections the old copies lacked");
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        char path[256];
        snprintf(path, sizeof path, "scenarios/variants/%s.ini", variants[v].file);
        sf_scenario sc;
        load_ok(path, NULL, 0, &sc);
        cr_assert_str_eq(sc.sim.name, variants[v].file);
        params_text vt = {0};
        cr_assert_eq(sf_scenario_params_foreach(&sc, collect, &vt), SF_OK);
        cr_assert_eq(vt.count, bt.count, "%s: %d parameters, the baseline %d", path, vt.count, bt.count);
        int changed = 0;
        for (const char *p = bt.buf; *p; p = strchr(p, '\n') + 1) {
            char fk[160], a[1024], b[1024];
            snprintf(fk, sizeof fk, "%.*s", (int)(strchr(p, '=') - p), p);
            cr_assert_not_null(param_find(bt.buf, fk, a, sizeof a));
            cr_assert_not_null(param_find(vt.buf, fk, b, sizeof b), "%s: %s missing", path, fk);
            int named = strcmp(fk, "simulation.name") == 0;
            for (int k = 0; k < 6 && variants[v].keys[k]; k++)
                named |= strcmp(fk, variants[v].keys[k]) == 0;
            if (named) {
                cr_assert_str_neq(a, b, "%s: %s should change", path, fk);
                changed++;
            } else {
                cr_assert_str_eq(a, b, "%s: %s is %s in the baseline but %s", path, fk, a, b);
            }
        }
        int nkeys = 1;
        while (nkeys - 1 < 6 && variants[v].keys[nkeys - 1])
            nkeys++;
        cr_assert_eq(changed, nkeys, "%s: %d keys changed, expected %d", path, changed, nkeys);
        sf_scenario_release(&sc);
    }
    sf_scenario_release(&base);
}
