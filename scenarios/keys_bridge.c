/*
 * keys_bridge.c — the keys of [bridge], the emergency bridge-loan fund (Art. 58). Days for durations.
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

_Static_assert(sizeof(sf_bridge_duration) == sizeof(int), "KEY_ENUM stores an int");

#define KEY_STRUCT sf_bridge_params
static const key_spec keys[] = {
    KEY_BOOLEAN("enabled", enabled, "true", KEY_ENABLED),
    KEY_NUM("capital", KEY_DOUBLE, capital, NULL, 0, INFINITY, KEY_MIN_OPEN),
    KEY_NUM("need_rate", KEY_DOUBLE, need_rate, NULL, 0, 1, 0),
    KEY_NUM("advance_share", KEY_DOUBLE, advance_share, "0.95", 0, 1, KEY_MIN_OPEN),
    KEY_NUM("firm_cap", KEY_DOUBLE, firm_cap, "2e7", 0, INFINITY, KEY_MIN_OPEN),
    KEY_CHOICE("duration", duration, "fixed", "fixed|uniform|geometric"),
    KEY_NUM("duration_days", KEY_DOUBLE, duration_days, "5", 0, 365, KEY_MIN_OPEN),
    KEY_NUM("max_days", KEY_DOUBLE, max_days, "10", 0, 365, KEY_MIN_OPEN),
    /* A fee of 0.01 a day is 365 % a year: anything above is a typo for per mille. */
    KEY_NUM("fee_daily", KEY_DOUBLE, fee_daily, "0.0002", 0, 0.01, 0),
    KEY_NUM("fee_daily_after", KEY_DOUBLE, fee_daily_after, "0.0004", 0, 0.01, 0),
    KEY_NUM("fee_step_day", KEY_DOUBLE, fee_step_day, "5", 0, 365, 0),
    KEY_NUM("refuse_prob", KEY_DOUBLE, refuse_prob, "0.01", 0, 1, KEY_MAX_OPEN),
    KEY_NUM("refuse_rho", KEY_DOUBLE, refuse_rho, "0.2", 0, 1, KEY_MAX_OPEN),
    KEY_NUM("recovery", KEY_DOUBLE, recovery, "0.5", 0, 1, 0),
    KEY_NUM("suspend_overdue_share", KEY_DOUBLE, suspend_overdue_share, "0.4", 0, 1, 0),
};
#undef KEY_STRUCT

static int finish(void *section, sf_scenario *sc, const char **key, char *why, size_t whylen)
{
    const sf_bridge_params *b = section;
    (void)sc;
    if (b->duration_days > b->max_days) {
        *key = "duration_days";
        snprintf(why, whylen, "%g is above max_days = %g; a bridge's mean duration must be <= max_days",
                 b->duration_days, b->max_days);
        return 1;
    }
    return 0;
}

SCENARIO_MECHANISM_SECTION(bridge, keys, finish);
