/*
 * keys_interest.c — the keys of [interest_subsidy], interest subsidies (Art. 21/57).
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

#define KEY_STRUCT sf_interest_params
static const key_spec keys[] = {
    KEY_BOOLEAN("enabled", enabled, "true", KEY_ENABLED),
    /* CNY a year; 0 = no cap. */
    KEY_NUM("cap", KEY_DOUBLE, cap, "0", 0, INFINITY, 0),
    /* Share of the segment's loan `rate` subsidised; the `interest_subsidy` column is then the eligible
     * share of its loans. 0 = the column is itself the subsidy rate (issue 3). */
    KEY_NUM("rate_share", KEY_DOUBLE, rate_share, "0", 0, 1, 0),
};
#undef KEY_STRUCT

SCENARIO_MECHANISM_SECTION(interest, keys, NULL);
