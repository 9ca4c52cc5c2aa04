/*
 * series_table.h — series.csv, the one list of a results folder's series: for each series its
 * unit, its kind, the mechanism (.ini section) and Article it belongs to and its labels in
 * English and Chinese. Built from the model's series definitions (sf_series_def flags) and the
 * label tables; every reader of a results folder (the report) takes budget lines, units and
 * labels from it.
 *
 * Kinds (docs/report.md): budget_line (SF_SERIES_BUDGET: CNY, outflow positive, summed into the
 * total), budget_total (SF_SERIES_TOTAL: budget.total, the sum of the budget lines), supported
 * (SF_SERIES_SUPPORTED: financing a mechanism supports, for Art. 56), loss_rate
 * (SF_SERIES_LOSSRATE: a mechanism's loss rate, for Art. 56), stock (SF_SERIES_STOCK: a
 * balance, no total/pv rows), flag (unit "flag": 0/1 per path, its mean a probability) and
 * metric (everything else). The views of issue 11: treasury_line (SF_SERIES_TREASURY: what the
 * budget transfers to a mechanism) and treasury_total (budget.treasury), claims_line
 * (SF_SERIES_CLAIMS: a mechanism's claims incurred) and claims_total (budget.claims), deferral
 * (SF_SERIES_DEFERRAL: claims of the year unpaid less earlier ones paid, budget.claims −
 * budget.total), obligations_line (SF_SERIES_OBLIGATIONS: what a mechanism leaves owed at the year
 * end, a stock) and obligations_total (budget.obligations_end).
 */
#ifndef SF_SERIES_TABLE_H
#define SF_SERIES_TABLE_H

#include "sim.h"

#include <stdio.h>

/* One row of series.csv. Text fields are never NULL ("" when there is nothing to say). */
typedef struct sf_series_info {
    const char *series, *unit, *kind, *mechanism, *article, *label_en, *label_zh;
} sf_series_info;

/* The kind of a series from its definition: one of the names above. */
const char *sf_series_kind(const sf_series_def *d);

/* The row of a series the model defines (sf_series_find), from its definition and the label
 * tables; 0, or -1 when the model defines no series of that name. */
int sf_series_info_builtin(const char *name, sf_series_info *out);

/* series.csv of a run: one row per series of res, in summary.csv's order. */
int sf_series_csv_write(const sf_result *res, FILE *f);

#endif
