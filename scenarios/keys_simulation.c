/*
 * keys_simulation.c — the keys of [simulation]: horizon, paths, seed, mode, discounting.
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

#include <ctype.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(sf_mode) == sizeof(int), "KEY_ENUM stores an int");

#define KEY_STRUCT sf_simulation
static const key_spec keys[] = {
    /* Blank: the .ini file's name without directory and extension (filled by the loader). */
    KEY_TEXT("name", KEY_STRING, name, ""),
    /* 2026: the first fiscal year after the 2026 revision draft of the regulation (assumption). */
    KEY_NUM("start_year", KEY_INT, start_year, "2026", 1990, 2200, 0),
    KEY_NUM("years", KEY_INT, years, "5", 1, SF_MAX_YEARS, 0),
    KEY_NUM("paths", KEY_LONG, paths, "20000", 1, SF_MAX_PATHS, 0),
    KEY_NUM("seed", KEY_U64, seed, "1", 0, 0, 0),
    KEY_CHOICE("mode", mode, "cohort", "cohort|loan"),
    KEY_NUM("discount_rate", KEY_DOUBLE, discount_rate, "0.025", -0.5, 1, 0),
    KEY_NUM("recovery_lag", KEY_INT, recovery_lag, "2", 0, 30, 0),
    /* off: plain Monte Carlo, byte-identical to the runs before the key existed. */
    KEY_CHOICE("importance_sampling", importance, "off", "off|auto"),
    KEY_NUM("importance_tail", KEY_DOUBLE, importance_tail, "0.01", 0, 0.5, KEY_MIN_OPEN),
    KEY_NUM("importance_pilot", KEY_LONG, importance_pilot, "2000", 100, 1000000, 0),
};
#undef KEY_STRUCT

/* The name becomes a folder name (results/<name>/): keep it to letters, digits, '.', '_', '-'. */
static int finish(void *section, sf_scenario *sc, const char **key, char *why, size_t whylen)
{
    const sf_simulation *sim = section;
    (void)sc;
    for (const char *p = sim->name; *p; p++) {
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-') {
            *key = "name";
            snprintf(why, whylen, "'%s' has the character '%c'; allowed are letters, digits, '.', '_' and '-'",
                     SF_V(sim->name), *p);
            return 1;
        }
    }
    if (sim->name[0] == '.') {
        *key = "name";
        snprintf(why, whylen, "'%s' starts with '.'; start it with a letter or digit", SF_V(sim->name));
        return 1;
    }
    return 0;
}

const section_spec sf_scenario_section_simulation = {
    .name = "simulation",
    .offset = offsetof(sf_scenario, sim),
    .keys = keys,
    .nkeys = sizeof keys / sizeof keys[0],
    .finish = finish,
};
