/*
 * study_internal.h — what the study verbs of cli/ share (study.c, sensitivity.c, stress.c):
 * a loaded and simulated scenario, the study's results folder, the CSV built in memory, the
 * number and year formats of the study CSVs, and the SERIES:YEAR:STAT<=VALUE targets. Not
 * installed.
 */
#ifndef SF_STUDY_INTERNAL_H
#define SF_STUDY_INTERNAL_H

#include "outdir.h"
#include "results.h"
#include "sim.h"
#include "study.h"

#include <stdint.h>
#include <stdio.h>

#define STUDY_MAX_SETS 300
#define STUDY_NBATCH 20 /* batches of paths behind the standard error of a quantile's difference */

/* A loaded and simulated scenario. */
typedef struct study_run {
    sf_scenario sc;
    sf_result *res;
} study_run;

void study_run_free(study_run *r);

/* The study's results folder, opened before the first run simulates. */
typedef struct study_out {
    const char *verb;        /* default folder results/<name>-<verb> */
    uint64_t extra_per_cell; /* bytes the study's own CSV takes per cell of a run */
    sf_outdir *od;           /* in smefin-mpi only rank 0 holds it (cli_writer) */
    char dir[4096];          /* set when the folder is opened: "" before */
} study_out;

/* Load `ini` with the study's overrides plus `extra` (may be NULL) and simulate it with the
 * study's run options, through cli_simulate; seed (may be NULL) replaces the scenario's unless
 * --seed was given; the first run of a study opens its folder (so, may be NULL) before
 * simulating. ro_edit (may be NULL) adjusts the run options before the run. */
int study_run_one(const char *ini, const study_opts *o, const char *extra, const unsigned long *seed, study_run *r,
                  study_out *so, sf_err *err);
int study_run_one_opts(const char *ini, const study_opts *o, const char *extra, const unsigned long *seed,
                       study_run *r, study_out *so, void (*ro_edit)(sf_run_opts *ro, void *ud), void *ud,
                       sf_err *err);
/* As study_run_one_opts with nextra (at most 4) lines after the study's overrides. */
int study_run_sets(const char *ini, const study_opts *o, const char *const *extra, int nextra, const unsigned long *seed,
                   study_run *r, study_out *so, void (*ro_edit)(sf_run_opts *ro, void *ud), void *ud, sf_err *err);

/* Write the study's folder: the reference run's files and the study's CSV, then swap it in. */
int study_out_commit(study_out *so, const sf_result *res, const study_opts *o, const sf_results_extra_file *ef,
                     sf_err *err);

/* A CSV being built in memory (open_memstream), written into the results folder at the end. */
typedef struct study_membuf {
    char *data;
    size_t size;
    FILE *f;
} study_membuf;
int study_membuf_write(FILE *f, void *ud); /* an sf_results_extra_file writer; ud is a study_membuf */

/* A number as the results folder writes it, then ',' or (last) '\n'; NaN is an empty cell. */
void study_num(FILE *f, double v, int last);
/* The year label of column col: the calendar year, "total" or "pv". */
void study_year_label(const sf_result *res, int col, char *buf, size_t n);

/* --target SERIES:YEAR:STAT<=VALUE (or >=). */
typedef struct study_target {
    char series[256], year[64];
    int stat;
    int le; /* 1: <= value; 0: >= value */
    double value;
} study_target;
int study_target_parse(const char *t, study_target *st, sf_err *err);
/* The column of the target's series and year in a run, or an error naming what does not exist. */
int study_target_cell(const sf_result *res, const study_target *t, int *series, int *col, sf_err *err);

#endif
