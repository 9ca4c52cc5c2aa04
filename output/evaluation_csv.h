/*
 * evaluation_csv.h — writes evaluation.csv, the Art. 56 table (model/evaluation.h):
 * header `mechanism,article,spending,financing_supported,loss_rate,cost_per_yuan,multiplier`,
 * one row per enabled mechanism; money in CNY (means over the paths, summed over the horizon);
 * a figure that does not apply (no financing supported, no spending) is an empty field.
 */
#ifndef SF_EVALUATION_CSV_H
#define SF_EVALUATION_CSV_H

#include "sim.h"

#include <stdio.h>

/* Write the table of `res` to `f`. Returns SF_OK, or SF_EIO / SF_ENOMEM with `err` set. */
int sf_evaluation_csv_write(const sf_result *res, FILE *f, sf_err *err);

#endif
