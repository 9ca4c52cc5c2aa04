/*
 * scenario.c — the Contract defaults of every scenario parameter (DESIGN.md, "Scenario .ini keys")
 * and the release of what a loaded scenario owns.
 *
 * The loader's key tables (scenarios/keys_*.c) hold the same defaults as text; tests/test_loader.c
 * checks that the two agree, key by key. Keys with no default in the Contract (required when their
 * mechanism is enabled) are 0 here, and every mechanism is disabled: a mechanism is on only when a
 * scenario has its section.
 */
#include "scenario.h"

#include <stdlib.h>
#include <string.h>

void scenario_defaults(sf_scenario *sc)
{
    memset(sc, 0, sizeof *sc);

    sf_simulation *sim = &sc->sim;
    strcpy(sim->name, "scenario"); /* the loader uses the .ini file's name */
    sim->start_year = 2026;        /* the first fiscal year after the 2026 revision draft (assumption) */
    sim->years = 5;
    sim->paths = 20000;
    sim->seed = 1;
    sim->mode = SF_MODE_COHORT;
    sim->discount_rate = 0.025;
    sim->recovery_lag = 2;

    sf_economy *econ = &sc->econ;
    econ->persistence = 0.5;
    econ->global_weight = 0.7;
    econ->copula = SF_COPULA_GAUSSIAN;
    econ->t_dof = 8.0;
    econ->nstress = 0;
    econ->lgd_cycle = 0.0;
    econ->cny_per_eur = 7.8;

    risk_comp_params *rc = &sc->risk_comp;
    rc->share = 0.3;
    rc->share_cap = 0.5;
    rc->corridor_low = 0.0;
    rc->corridor_high = 1.0;
    rc->suspend_above = 1.0;
    rc->on_shortfall = RISK_COMP_DEFER;

    guarantee_params *g = &sc->guarantee;
    g->fee_rate = 0.01;
    g->fee_rate_large = 0.015;
    g->large_threshold = 5e6;
    g->coverage = 0.8;
    g->national_share = 0.2;
    g->provincial_share = 0.2;
    g->city_share = 0.0;
    g->national_claim_cap = 0.05;
    g->reguarantee_fee = 0.005;
    g->opex_rate = 0.005;
    g->yield = 0.02;
    g->leverage_limit = 10.0;
    g->inject = 1;
    g->small_micro_min = 0.8;

    insurance_params *ins = &sc->insurance;
    ins->premium_rate = 0.02;
    ins->premium_subsidy_share = 0.5;
    ins->insurer_share = 0.7;
    ins->stoploss_attach = 1.2;
    ins->stoploss_share = 0.8;

    sc->interest.cap = 0.0;

    bridge_params *b = &sc->bridge;
    b->advance_share = 0.95;
    b->firm_cap = 2e7;
    b->duration = BRIDGE_FIXED;
    b->duration_days = 5.0;
    b->max_days = 10.0;
    b->fee_daily = 0.0002;
    b->fee_daily_after = 0.0004;
    b->fee_step_day = 5.0;
    b->refuse_prob = 0.01;
    b->refuse_rho = 0.2;
    b->recovery = 0.5;
    b->suspend_overdue_share = 0.4;

    fund_params *f = &sc->fund;
    f->gov_share = 0.3;
    f->funds_per_vintage = 5;
    f->life = 10;
    static const double call_rates[] = {0.25, 0.333, 0.5, 1.0};
    f->ncall_rates = (int)(sizeof call_rates / sizeof call_rates[0]);
    memcpy(f->call_rates, call_rates, sizeof call_rates);
    f->bow = 2.5;
    f->growth = 0.1;
    f->growth_sd = 0.25;
    f->growth_corr = 0.3;
    f->growth_beta = 0.5;
    f->yield = 0.0;
    f->concession = FUND_NONE;
    f->return_cap = 0.06;
    f->first_loss = 0.2;

    sc->budget.nappropriation = 0;
    sc->budget.confidence = 0.95;
}

void scenario_release(sf_scenario *sc)
{
    if (sc == NULL)
        return;
    free(sc->segs);
    free(sc->sectors);
    free(sc->banks);
    sc->segs = NULL;
    sc->nsegs = 0;
    sc->sectors = NULL;
    sc->nsectors = 0;
    sc->banks = NULL;
    sc->nbanks = 0;
}
