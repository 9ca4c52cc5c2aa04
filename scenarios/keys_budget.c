/*
 * keys_budget.c — the keys of [budget] (Art. 53): the appropriation and the confidence level.
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

#define KEY_STRUCT sf_budget_params
static const key_spec keys[] = {
    /* CNY: one number (every year) or one per year; blank = no appropriation. */
    KEY_LIST("appropriation", appropriation, nappropriation, "", 0, INFINITY, 0),
    KEY_NUM("confidence", KEY_DOUBLE, confidence, "0.95", 0, 1, KEY_MIN_OPEN | KEY_MAX_OPEN),
};
#undef KEY_STRUCT

/* One number is repeated over the horizon; a list must have one number per year. */
static int finish(void *section, sf_scenario *sc, const char **key, char *why, size_t whylen)
{
    sf_budget_params *b = section;
    const int years = sc->sim.years;
    if (b->nappropriation == 1) {
        for (int t = 1; t < years; t++)
            b->appropriation[t] = b->appropriation[0];
        b->nappropriation = years;
    } else if (b->nappropriation > 1 && b->nappropriation != years) {
        *key = "appropriation";
        snprintf(why, whylen, "%d values but simulation.years = %d; give one number (for every year) or exactly %d",
                 b->nappropriation, years, years);
        return 1;
    }
    return 0;
}

const section_spec sf_scenario_section_budget = {
    .name = "budget",
    .offset = offsetof(sf_scenario, budget),
    .keys = keys,
    .nkeys = sizeof keys / sizeof keys[0],
    .finish = finish,
};
