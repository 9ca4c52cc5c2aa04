/*
 * smefin/smefin.h — the umbrella header of the smefin library: everything a program needs to load
 * a scenario, simulate it, read its statistics and write a results folder.
 *
 *   #include <smefin/smefin.h>
 *   cc prog.c $(pkg-config --cflags --libs smefin)
 *
 * Installed with the public headers it includes under include/smefin/ (mk/install.mk); the
 * library's private headers are not installed. docs/api.md describes the API and its naming.
 */
#ifndef SF_SMEFIN_H
#define SF_SMEFIN_H

#include "sf.h" /* status codes, sf_err, sizes and products */

#include "compare.h"    /* statistics by name, differences between runs with common random numbers */
#include "evaluation.h" /* the Art. 56 evaluation table */
#include "irb.h"        /* closed forms: Vasicek, Basel IRB, the analytic table */
#include "params.h"     /* a scenario's resolved parameters as text */
#include "scenario.h"   /* the scenario and the mechanisms' parameters */
#include "sim.h"        /* the simulation: sf_simulate, sf_result, sf_stat */
#include "stats.h"      /* moments, selection, quantiles and CVaR */

#include "loader.h" /* scenarios: .ini + CSV files into a scenario, every validation */

#include "calibrate.h"   /* fits from data: Vasicek PD and rho, LGD Beta, fund parameters */
#include "fund_fit.h"
#include "lgd_fit.h"
#include "vasicek_fit.h"

#include "report.h"  /* report.html from a results folder */
#include "results.h" /* the results folder */

#endif
