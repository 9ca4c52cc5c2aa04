/*
 * evaluation.h — the performance evaluation of Art. 56 (评估审计): per enabled mechanism, the
 * money spent, the financing supported, the loss rate, the cost per yuan of financing supported
 * and the multiplier, computed from a run's statistics (the published table, evaluation.csv).
 *
 * Definitions (issue 3, docs/mechanisms.md):
 *  spending  = Σ over the mechanism's budget lines (SF_SERIES_BUDGET) of the mean `total` row;
 *  supported = mean `total` row of its SF_SERIES_SUPPORTED series (Σ over years of the balance
 *              supported, i.e. yuan-years of credit); NaN when the mechanism has none;
 *  loss_rate = the supported-weighted mean over years of its SF_SERIES_LOSSRATE series;
 *  cost_per_yuan = spending / supported (a yearly subsidy rate, since supported is in yuan-years);
 *  multiplier = supported / spending.
 * Ratios with a zero or missing denominator are NaN.
 */
#ifndef SF_EVALUATION_H
#define SF_EVALUATION_H

#include "sim.h"

typedef struct sf_evaluation_row {
    const char *mechanism; /* the mechanism's .ini section */
    const char *article;
    double spending;
    double supported;
    double loss_rate;
    double cost_per_yuan;
    double multiplier;
} sf_evaluation_row;

/* Fill rows[0..*nrows) with one row per enabled mechanism of res->sc, in the order of
 * sf_mechanisms. `cap` is the room in rows (sf_nmechanisms always suffices). Returns SF_OK, or
 * SF_EINVAL when cap is too small. */
int sf_evaluation_table_compute(const sf_result *res, sf_evaluation_row *rows, size_t cap, size_t *nrows, sf_err *err);

/* One row for mechanism m alone (which need not be enabled: its series are then absent and
 * every figure is NaN except spending = 0). */
void sf_evaluation_row_compute(const sf_result *res, const sf_mechanism *m, sf_evaluation_row *row);

/* Inherited mechanisms (sf_scenario_inherited): the share of the horizon mean of budget.total
 * that mechanism m's budget lines carry (the mean `total` rows of its SF_SERIES_BUDGET series over
 * that of budget.total); NaN when m is not inherited, or budget.total's mean is not > 0. */
double sf_evaluation_inherited_share(const sf_result *res, int m);

/* A loan-book run warns when its inherited mechanisms together carry more than this share of the
 * horizon mean of budget.total (docs/scenario-format.md "Inherited mechanisms"). */
#define SF_INHERITED_WARN_SHARE 0.5

/* Add the figures budget.inherited_share.<section> (each inherited mechanism) and
 * budget.inherited_share (their sum) to res->extras when res->sc has inherited mechanisms. */
int sf_evaluation_inherited_extras(sf_result *res);

#endif
