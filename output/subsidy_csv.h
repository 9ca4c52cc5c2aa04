/*
 * subsidy_csv.h — writes subsidy.csv, the credit-budgeting subsidy rates by cohort, mechanism and
 * component with the fair-value cost beside them (model/subsidy.h; columns in
 * docs/results-folder.md).
 */
#ifndef SF_SUBSIDY_CSV_H
#define SF_SUBSIDY_CSV_H

#include "sim.h"

#include <stdio.h>

/* The header of subsidy.csv (the Contract's six columns first). */
extern const char sf_subsidy_csv_header[];

/* Write the rows of `res` to `f`: SF_OK or SF_EIO. */
int sf_subsidy_csv_write(const sf_result *res, FILE *f);

#endif
