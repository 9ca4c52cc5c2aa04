/*
 * analytic.h — the `analytic` verb's table: the model's closed forms (model/irb.h) per segment of
 * a loaded scenario and for the whole portfolio, as CSV.
 */
#ifndef SF_CLI_ANALYTIC_H
#define SF_CLI_ANALYTIC_H

#include "scenario.h"

#include <stdio.h>

/* segment,size,pd,rho,rho_source,lgd,exposure,expected_loss,loss_q95,loss_q99,loss_q999,capital_k,
 * risk_weight,capital — one row per segment, then the row `all`. SF_ENOMEM or SF_EIO. */
int cli_analytic_csv(const sf_scenario *sc, FILE *f, sf_err *err);

#endif
