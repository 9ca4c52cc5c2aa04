/*
 * keys_guarantee.c — the keys of [guarantee], the policy financing guarantee (Art. 60).
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

#define KEY_STRUCT sf_guarantee_params
static const key_spec keys[] = {
    KEY_BOOLEAN("enabled", enabled, "true", KEY_ENABLED),
    KEY_NUM("fee_rate", KEY_DOUBLE, fee_rate, "0.01", 0, 1, 0),
    KEY_NUM("fee_rate_large", KEY_DOUBLE, fee_rate_large, "0.015", 0, 1, 0),
    KEY_NUM("large_threshold", KEY_DOUBLE, large_threshold, "5e6", 0, INFINITY, 0),
    KEY_NUM("fee_subsidy_rate", KEY_DOUBLE, fee_subsidy_rate, "0", 0, 1, 0),
    KEY_NUM("fee_subsidy_share", KEY_DOUBLE, fee_subsidy_share, "0", 0, 1, 0),
    KEY_NUM("coverage", KEY_DOUBLE, coverage, "0.8", 0, 1, 0),
    KEY_NUM("national_share", KEY_DOUBLE, national_share, "0.2", 0, 1, 0),
    KEY_NUM("provincial_share", KEY_DOUBLE, provincial_share, "0.2", 0, 1, 0),
    KEY_NUM("city_share", KEY_DOUBLE, city_share, "0", 0, 1, 0),
    KEY_NUM("national_claim_cap", KEY_DOUBLE, national_claim_cap, "0.05", 0, 1, 0),
    KEY_NUM("reguarantee_fee", KEY_DOUBLE, reguarantee_fee, "0.005", 0, 1, 0),
    KEY_NUM("capital_initial", KEY_DOUBLE, capital_initial, NULL, 0, INFINITY, KEY_MIN_OPEN),
    KEY_NUM("opex_rate", KEY_DOUBLE, opex_rate, "0.005", 0, 1, 0),
    KEY_NUM("yield", KEY_DOUBLE, yield, "0.02", -1, 1, 0),
    KEY_NUM("leverage_limit", KEY_DOUBLE, leverage_limit, "10", 0, 1000, KEY_MIN_OPEN),
    KEY_BOOLEAN("inject", inject, "true", 0),
    KEY_NUM("small_micro_min", KEY_DOUBLE, small_micro_min, "0.8", 0, 1, 0),
};
#undef KEY_STRUCT

static int finish(void *section, sf_scenario *sc, const char **key, char *why, size_t whylen)
{
    const sf_guarantee_params *g = section;
    (void)sc;
    const double sum = g->national_share + g->provincial_share + g->city_share;
    if (sum > 1.0 + 1e-12) {
        *key = "city_share";
        snprintf(why, whylen,
                 "national_share + provincial_share + city_share = %g; the three reimburse parts of one loss "
                 "and may add up to at most 1",
                 sum);
        return 1;
    }
    return 0;
}

SCENARIO_MECHANISM_SECTION(guarantee, keys, finish);
