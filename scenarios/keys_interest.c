/*
 * keys_interest.c — the keys of [interest_subsidy], interest subsidies (Art. 21/57).
 *
 * To add a key: add its field to the section struct (model header), then one line to the table
 * below: its name as written in the .ini, the field, its default as text (NULL = required when
 * the section is enabled), its range (KEY_MIN_OPEN / KEY_MAX_OPEN exclude a bound) and flags. Put
 * the same default into scenario_defaults() in model/scenario.c (tests/test_loader.c checks the two
 * agree) and a line into docs/scenario-format.md. A check that involves several keys goes into the
 * finish function. Nothing else changes: the loader, --set, run.json and parameters.csv follow
 * the table.
 */
#include "loader_internal.h"

#define KEY_STRUCT interest_params
static const key_spec keys[] = {
    KEY_BOOLEAN("enabled", enabled, "true", KEY_ENABLED),
    /* CNY a year; 0 = no cap. */
    KEY_NUM("cap", KEY_DOUBLE, cap, "0", 0, INFINITY, 0),
    /* Share of the segment's loan `rate` subsidised; the `interest_subsidy` column is then the eligible
     * share of its loans. 0 = the column is itself the subsidy rate (issue 3). */
    KEY_NUM("rate_share", KEY_DOUBLE, rate_share, "0", 0, 1, 0),
};
#undef KEY_STRUCT

const section_spec scenario_section_interest = {
    .name = "interest_subsidy",
    .is_mechanism = 1,
    .offset = offsetof(sf_scenario, interest),
    .keys = keys,
    .nkeys = sizeof keys / sizeof keys[0],
};
