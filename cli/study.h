/*
 * study.h — the policy-review verbs of the command line (cli/, the front end beside main.c):
 * compare variants, sweep a key, solve for a key's value. They load (scenarios/), simulate
 * (model/) and write (output/).
 * Every run of a study uses the same seed and paths (common random numbers), so differences
 * between variants are measured with small error.
 */
#ifndef SF_STUDY_H
#define SF_STUDY_H

#include "results.h"
#include "sim.h"
#include "sf.h"

#include <signal.h>

typedef struct study_opts {
    long paths; /* 0: the scenario's */
    int threads;
    int seed_given;
    unsigned long long seed;
    const char *out; /* NULL: results/<name>-<verb> */
    const char *const *sets;
    int nsets;
    const char *lang;
    int quiet;
    size_t max_memory; /* bytes per run, 0: no limit (sf_run_opts.max_memory); compare needs 0 */
    const volatile sig_atomic_t *cancel; /* may be NULL; non-zero stops the study (SF_ECANCEL) */
} study_opts;

/* Write the results folder of a run into a folder opened before the work (sf_outdir_open):
 * sf_results_write_into, handing the writers the loader's listing of res->sc's parameters
 * (meta->params is set for the call and left NULL), then sf_outdir_commit; on failure
 * sf_outdir_abort. od is consumed. For `run` and the study verbs alike. */
int cli_results_commit(const sf_result *res, sf_outdir *od, sf_results_meta *meta, sf_err *err);

/* The one call through which `run` and every study verb simulate: sf_simulate, or in the Open MPI
 * build (smefin-mpi, -DSMEFIN_MPI) the paths split over the ranks (mpi/mpi_sim.c). New verbs call
 * this, never sf_simulate directly, so that smefin-mpi runs them too. */
int cli_simulate(const sf_scenario *sc, const sf_run_opts *ro, sf_result **out, sf_err *err);

/* smefin-mpi (-DSMEFIN_MPI) runs every verb on every rank: each rank simulates its share of the
 * paths, cli_simulate hands every rank the whole result, and the verb's logic runs alike on every
 * rank. Only the writer (rank 0) opens and writes the results folder and prints; a step that can
 * fail on one rank only (opening the folder, writing it) passes its code through cli_agree, so
 * that every rank takes the same branch. In smefin: cli_writer() is 1, cli_ranks() 1 and
 * cli_agree(rc) is rc. cli_results_commit is collective (rank 0 writes, od is NULL elsewhere). */
int cli_writer(void);
int cli_ranks(void);
/* Collective in smefin-mpi: SF_OK when rc is SF_OK on every rank, else the lowest failing
 * rank's code, with its message in *err, on every rank. */
int cli_agree(int rc, sf_err *err);

/* Every study checks its results folder (outdir.h) once the first scenario is loaded, before
 * the first path: an --out that smefin may not write, is locked by another run or has no room
 * fails at once, and the folder is swapped into place only when the study is complete. */

/* compare.csv: variant,series,year,stat,base,variant_value,diff,diff_se — written with the
 * base run's results folder. */
int study_compare(const char *base_ini, const char *const *variants, int nvariants, const study_opts *o, sf_err *err);

/* sweep.csv: key,value,series,unit,year + the summary columns, one row per value, series and
 * year. `vary` is "SECTION.KEY=V1,V2,...". Written with the first value's results folder. */
int study_sweep(const char *ini, const char *vary, const study_opts *o, sf_err *err);

/* Bisection on `key` over [lo, hi] for the boundary where the target "SERIES:YEAR:STAT<=VALUE"
 * (or >=) starts or stops holding; *found is the value on the side where it holds. solve.csv
 * and the results folder at *found. */
int study_solve(const char *ini, const char *key, const char *range, const char *target, const study_opts *o,
                double *found, sf_err *err);

/* sensitivity.csv: key,base_value,low_value,high_value,series,year,stat,base,low,high,low_diff,
 * high_diff,diff_se — each key of `keys` ("K1,K2,...", NULL: every numeric key of the economy
 * and the enabled mechanisms, and portfolio.pd_scale, lgd_scale, rho_scale, loans_scale) moved
 * to value x (1 -/+ delta), clipped to its range, on the same random numbers as the base run;
 * mean and P95 of budget.total (and budget.claims when the run has it) per year, over the
 * horizon and in PV; rows grouped by (series, year, stat), the keys in each by their largest
 * absolute effect. Written with the base run's results folder. */
int study_sensitivity(const char *ini, const char *keys, double delta, const study_opts *o, sf_err *err);

/* Reverse stress test: the paths on which `target` ("SERIES:YEAR:STAT>=VALUE" or <=; each path's
 * value of SERIES in YEAR against VALUE) is met; stress.csv (view,series,year,value) with their
 * mean factor path and its likelihood against the baseline path, the most likely such path, the
 * budget lines along them, and the economy.stress replay line, whose run (same random numbers)
 * gives the share of paths meeting the target. SF_EINVAL when no path meets it (naming the
 * largest value seen). Keeps every per-path value (o->max_memory is not used). */
int study_stress(const char *ini, const char *target, const study_opts *o, sf_err *err);

#endif
