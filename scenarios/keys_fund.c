/*
 * keys_fund.c — the keys of [guidance_fund], the government guidance fund of funds (Art. 54/62/63).
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

_Static_assert(sizeof(sf_fund_concession) == sizeof(int), "KEY_ENUM stores an int");

#define KEY_STRUCT sf_fund_params
static const key_spec keys[] = {
    KEY_BOOLEAN("enabled", enabled, "true", KEY_ENABLED),
    /* CNY a year committed by the government. */
    KEY_NUM("commitment", KEY_DOUBLE, commitment, NULL, 0, INFINITY, 0),
    KEY_NUM("commit_years", KEY_INT, commit_years, NULL, 1, SF_MAX_YEARS, 0),
    KEY_NUM("gov_share", KEY_DOUBLE, gov_share, "0.3", 0, 1, KEY_MIN_OPEN),
    KEY_NUM("funds_per_vintage", KEY_INT, funds_per_vintage, "5", 1, 10000, 0),
    KEY_NUM("life", KEY_INT, life, "10", 1, 50, 0),
    /* Takahashi–Alexander rates of contribution by fund age; the last one repeats. */
    KEY_LIST("call_rates", call_rates, ncall_rates, "0.25,0.333,0.5,1", 0, 1, 0),
    KEY_NUM("bow", KEY_DOUBLE, bow, "2.5", 0, 100, KEY_MIN_OPEN),
    KEY_NUM("growth", KEY_DOUBLE, growth, "0.1", -1, 10, KEY_MIN_OPEN),
    KEY_NUM("growth_sd", KEY_DOUBLE, growth_sd, "0.25", 0, 10, 0),
    KEY_NUM("growth_corr", KEY_DOUBLE, growth_corr, "0.3", 0, 1, 0),
    /* M_t = beta·G_t + sqrt(1 - beta^2)·u_t is a unit-variance factor only for |beta| <= 1. */
    KEY_NUM("growth_beta", KEY_DOUBLE, growth_beta, "0.5", -1, 1, 0),
    KEY_NUM("yield", KEY_DOUBLE, yield, "0", 0, 1, 0),
    KEY_CHOICE("concession", concession, "none", "none|return_cap|first_loss"),
    KEY_NUM("return_cap", KEY_DOUBLE, return_cap, "0.06", 0, 10, 0),
    KEY_NUM("first_loss", KEY_DOUBLE, first_loss, "0.2", 0, 1, 0),
};
#undef KEY_STRUCT

static int finish(void *section, sf_scenario *sc, const char **key, char *why, size_t whylen)
{
    const sf_fund_params *f = section;
    (void)sc;
    if (f->ncall_rates < 1) {
        *key = "call_rates";
        snprintf(why, whylen, "empty; give at least one rate in [0, 1], e.g. 0.25,0.333,0.5,1");
        return 1;
    }
    return 0;
}

SCENARIO_MECHANISM_SECTION(fund, keys, finish);
