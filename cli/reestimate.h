/*
 * reestimate.h — `smefin reestimate RESULTS_DIR ACTUALS.csv` (issue 12): where last year's
 * actuals fell in a run's forecast, the technical re-estimate (actual - forecast mean, per line
 * and in total), and the forecast of the remaining years conditional on the actuals (the run's
 * paths weighted by a Gaussian kernel on their distance to the actuals: model/reest_stats.h).
 * It reads RESULTS_DIR/forecast_paths.f32 and writes RESULTS_DIR/reestimate.csv (and the
 * folder's report again, which shows the section "Actual against forecast").
 */
#ifndef SF_CLI_REESTIMATE_H
#define SF_CLI_REESTIMATE_H

#include "study.h"

/* ACTUALS.csv: columns series,year,actual (any order, no other), one row per (series, year);
 * series one of the folder's forecast_paths.f32, year a calendar year of the run, actual a
 * finite number. Bad input is SF_EINVAL "FILE:LINE: KEY: what" and nothing is written. The
 * folder must be a smefin results folder (the marker, only smefin's files): it is rewritten as
 * a whole through outdir.h, with every file it held and reestimate.csv. o->lang NULL: the
 * report in the run's language (parameters.csv run.lang). */
int study_reestimate(const char *results_dir, const char *actuals, const study_opts *o, sf_err *err);

#endif
