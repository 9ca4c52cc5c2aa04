/* Helpers for the Criterion suite: scenarios built in code, and the CLI under test. */
#ifndef SF_TESTUTIL_H
#define SF_TESTUTIL_H

#include "scenario.h"
#include "sim.h"
#include "study.h"

/* A scenario of `nseg` identical segments (pd, rho, lgd, loans, amount, tenor 1, no renewals),
 * `years` years, `paths` paths, every mechanism disabled. Release with tu_scenario_free. */
void tu_scenario(sf_scenario *sc, size_t nseg, double loans, double amount, double pd, double rho, double lgd,
                 int years, long paths);
void tu_scenario_free(sf_scenario *sc);

/* Run; aborts the test on failure. */
sf_result *tu_run(const sf_scenario *sc, int threads);
/* The same with paths (0: the scenario's) and --max-memory in bytes (0: no limit). */
sf_result *tu_run_paths(const sf_scenario *sc, long paths, int threads, size_t max_memory);

/* The CLI binary (SMEFIN_BIN, default ./smefin). Runs `args` through the shell with stdout and
 * stderr captured into *out and *err (malloc'd); returns the exit status. */
int tu_cli(const char *args, char **out, char **err);
const char *tu_bin(void);

/* A fresh empty temporary folder (mkdtemp) path, malloc'd. */
char *tu_tmpdir(void);
/* Whole file into a malloc'd string, NULL if unreadable. */
char *tu_slurp(const char *path);

/* The options of a study verb writing to `out`, quiet, in English, every other option default. */
study_opts tu_study_opts(const char *out);
/* Column col (0-based) of the first CSV row that starts with prefix; aborts the test without one. */
double tu_csv_pick(const char *csv, const char *prefix, int col);

#endif
