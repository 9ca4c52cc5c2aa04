/*
 * calibrate.h — fitting smefin's parameters from data (DESIGN.md, `smefin calibrate KIND FILE`).
 *
 * Three fits, each behind its own header (vasicek_fit.h, lgd_fit.h, fund_fit.h), and one entry
 * point that reads a CSV with libcsv, validates it column by column, fits and writes the estimates.
 * Units: default rates, LGDs, call rates and growth are fractions (growth per year); money in CNY.
 */
#ifndef SF_CALIBRATE_H
#define SF_CALIBRATE_H

#include "sf.h"

#include <stdio.h>

/* The smallest number of data rows each fit accepts. */
#define SF_CALIBRATE_VASICEK_MIN_ROWS 3
#define SF_CALIBRATE_LGD_MIN_ROWS 3
#define SF_CALIBRATE_FUND_MIN_ROWS 3

/* Fit `kind` ("vasicek", "lgd" or "fund") to the CSV file `csv_path` and write to `out` a CSV
 * `parameter,estimate,se,note` (se blank where there is none; note: the scenario key to paste).
 * Inputs (header row, columns in any order, an unknown column is an error):
 *   vasicek  year, default_rate [, loans]     default_rate in (0, 1) (0 allowed when loans given)
 *   lgd      lgd [, weight]                    lgd in (0, 1), weight > 0
 *   fund     age, call, distribution, nav, committed   one fund, ages 1..L, committed constant
 * Returns SF_OK; SF_EIO when the file cannot be read (the message names it); SF_EPARSE for
 * malformed CSV; SF_EINVAL for bad values; SF_EFAIL when an optimiser fails; SF_ENOMEM. On error
 * `err->msg` is "FILE:LINE: COLUMN: what is wrong and what is allowed" and nothing is written. */
int sf_calibrate_run(const char *kind, const char *csv_path, FILE *out, sf_err *err);

#endif
