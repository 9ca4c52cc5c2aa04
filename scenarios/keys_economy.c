/*
 * keys_economy.c — the keys of [economy]: the systematic factors, the copula, designed stress.
 *
 * To add a key: add its field to the section struct (model header), then one line to the table
 * below: its name as written in the .ini, the field, its default as text (NULL = required when
 * the section is enabled), its range (KEY_MIN_OPEN / KEY_MAX_OPEN exclude a bound) and flags. The
 * default is written here only (sf_scenario_defaults() applies the tables); add a line to
 * docs/scenario-format.md. A check that involves several keys goes into the
 * finish function. Nothing else changes: the loader, --set, run.json and parameters.csv follow
 * the table.
 */
#include "loader_internal.h"

#include <stdio.h>

_Static_assert(sizeof(sf_copula) == sizeof(int), "KEY_ENUM stores an int");

#define KEY_STRUCT sf_economy
static const key_spec keys[] = {
    KEY_NUM("persistence", KEY_DOUBLE, persistence, "0.5", 0, 1, KEY_MAX_OPEN),
    KEY_NUM("global_weight", KEY_DOUBLE, global_weight, "0.7", 0, 1, 0),
    KEY_CHOICE("copula", copula, "gaussian", "gaussian|t"),
    KEY_NUM("t_dof", KEY_DOUBLE, t_dof, "8", 0, 1000, KEY_MIN_OPEN),
    /* Fixed values of the global factor G for the first years (the designed-stress view). */
    KEY_LIST("stress", stress, nstress, "", -10, 10, 0),
    /* Fixed values of the sector factors S_k for their first years, sector after sector (the
     * replay of a reverse stress test); the loader checks the count against the sectors. */
    KEY_LIST("stress_sector", stress_sector, nstress_sector, "", -10, 10, 0),
    KEY_NUM("lgd_cycle", KEY_DOUBLE, lgd_cycle, "0", -5, 5, 0),
    KEY_NUM("cny_per_eur", KEY_DOUBLE, cny_per_eur, "7.8", 0, 1000, KEY_MIN_OPEN),
    /* Fair value (docs/engine.md "Subsidy rates"): lambda of the risk-neutral PD
     * Phi(Phi^-1(pd) + lambda sqrt(rho)); 0 gives the budget cost. */
    KEY_NUM("market_price_of_risk", KEY_DOUBLE, market_price_of_risk, "0", -5, 5, 0),
    /* The fair value's discount rate; blank = simulation.discount_rate (FCRA discounts at the
     * Treasury's rates, so the budget's rate is already the risk-free one). */
    KEY_LIST("risk_free_rate", risk_free_rate_given, nrisk_free_rate_given, "", -0.5, 1, 0),
};
#undef KEY_STRUCT

static int finish(void *section, sf_scenario *sc, const char **key, char *why, size_t whylen)
{
    const sf_economy *econ = section;
    if (econ->nstress > sc->sim.years) {
        *key = "stress";
        snprintf(why, whylen, "%d values but simulation.years = %d; give at most one value per year", econ->nstress,
                 sc->sim.years);
        return 1;
    }
    return 0;
}

const section_spec sf_scenario_section_economy = {
    .name = "economy",
    .offset = offsetof(sf_scenario, econ),
    .keys = keys,
    .nkeys = sizeof keys / sizeof keys[0],
    .finish = finish,
};
