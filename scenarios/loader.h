/*
 * loader.h — the scenario loader: an .ini file (libinih) plus its segments or loan-book CSV
 * (libcsv) into a validated sf_scenario. The file format is in docs/scenario-format.md; the keys,
 * their defaults and ranges are the tables in scenarios/keys_*.c.
 */
#ifndef SF_LOADER_H
#define SF_LOADER_H

#include "params.h"
#include "scenario.h"
#include "sf.h"

/* Load ini_path (first the base file it names with `base = FILE`, recursively, then its own keys
 * over the base's; and the segments or loans CSV, relative to the .ini that names it), apply the
 * --set overrides ("section.key=value", applied as if they were in the file, after it), fill the
 * defaults and validate everything. sc->path is ini_path, whatever its bases.
 *
 * sc (output): its previous contents are overwritten, not released. On success it owns the
 * segments and name tables: release them with sf_scenario_release(). On error nothing is left
 * allocated, sc holds the Contract defaults, and the status is returned: SF_EINVAL (a bad value,
 * key, section or column), SF_EPARSE (a malformed file or an over-long line), SF_EIO (a file that
 * cannot be read) or SF_ENOMEM; err->msg is one line "FILE:LINE: KEY: what is wrong and what is
 * allowed" ("--set: KEY: ..." for a bad override; CSV errors name the CSV file and the column; an
 * error in a base names the base file and its line). */
int sf_scenario_load(const char *ini_path, const char *const *sets, int nsets, sf_scenario *sc, sf_err *err);

/* Set every parameter of sc to its Contract default — the defaults of the key tables
 * (scenarios/keys_*.c), the one place they are written — with every mechanism disabled (a
 * mechanism is on only when a scenario has its section) and no segments. For programs and tests
 * that build a scenario in code; sf_scenario_load starts from the same defaults. */
void sf_scenario_defaults(sf_scenario *sc);

/* Call emit(ud, section, key, value) for every resolved parameter as text, section by section in
 * the order of the file format (simulation, economy, portfolio, the mechanisms, budget), keys in
 * table order. A disabled mechanism gives only its `enabled = false`. Numbers are written with the
 * fewest digits that read back exactly; lists comma-separated. A nonzero return from emit stops
 * the walk and is returned; otherwise SF_OK. For run.json, parameters.csv and the report. */
int sf_scenario_params_foreach(const sf_scenario *sc,
                            int (*emit)(void *ud, const char *section, const char *key, const char *value),
                            void *ud);

/* Where each parameter of the scenario (ini_path with the overrides sets[0..nsets)) was set: new
 * lists *origin with (section, key, "FILE:LINE" or "--set") for every key a file or an override
 * set (a key left at its default has no row), and *notes with (section, key, the comment lines
 * right above that line, joined) for the keys the file annotates — the scenario's statement of
 * each value's source. Loads the scenario as sf_scenario_load does (same errors); sf_params_free
 * both. */
int sf_scenario_sources(const char *ini_path, const char *const *sets, int nsets, sf_params **origin,
                        sf_params **notes, sf_err *err);

/* The same rows as sf_scenario_params_foreach, collected into a new list *out for the writers of the
 * results folder (sf_params_free it). SF_ENOMEM "parameters: out of memory" (*out NULL). */
int sf_scenario_params(const sf_scenario *sc, sf_params **out, sf_err *err);

/* The legal range of a numeric key, from the key tables (scenarios/keys_*.c): for studies that
 * move a key's value (smefin sensitivity clips to it). whole: the key takes whole numbers. */
typedef struct sf_key_range {
    double min, max;
    int min_open, max_open; /* 1: the bound itself is not allowed */
    int whole;
} sf_key_range;

/* The range of "SECTION.KEY". SF_EINVAL when the key is unknown or does not hold one number
 * (a list, a choice, a file, true|false); *out is then untouched. */
int sf_scenario_key_range(const char *key, sf_key_range *out);

#endif
