/*
 * keys_insurance.c — the keys of [insurance], loan guarantee insurance (Art. 64).
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

#define KEY_STRUCT sf_insurance_params
static const key_spec keys[] = {
    KEY_BOOLEAN("enabled", enabled, "true", KEY_ENABLED),
    KEY_NUM("premium_rate", KEY_DOUBLE, premium_rate, "0.02", 0, 1, 0),
    KEY_NUM("premium_subsidy_share", KEY_DOUBLE, premium_subsidy_share, "0.5", 0, 1, 0),
    KEY_NUM("insurer_share", KEY_DOUBLE, insurer_share, "0.7", 0, 1, 0),
    /* Loss ratio (claims / premiums) above which the government pays stoploss_share. */
    KEY_NUM("stoploss_attach", KEY_DOUBLE, stoploss_attach, "1.2", 0, 100, 0),
    KEY_NUM("stoploss_share", KEY_DOUBLE, stoploss_share, "0.8", 0, 1, 0),
};
#undef KEY_STRUCT

SCENARIO_MECHANISM_SECTION(insurance, keys, NULL);
