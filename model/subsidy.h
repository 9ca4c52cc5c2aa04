/*
 * subsidy.h — cohort accounting: subsidy rates as credit budgeting defines them (US FCRA 1990,
 * OMB Circular A-11 §185; the IMF's guarantee-scheme tool SGAT), and the fair-value cost beside
 * them (CBO's fair-value estimates).
 *
 * A cohort is the loans a segment disburses in one year: the book at the start of the first
 * year is the first year's cohort; the loans that enter the book at the start of a later year
 * (renewals and new loans) are that year's cohort. Defaults and maturities of a segment's year
 * are shared out over its cohorts in proportion to their loans (every loan of a segment has the
 * same conditional PD and maturing probability), so the cohorts of a path add up to the path's
 * book exactly. After the horizon each cohort's remaining loans run off (no new loans) through
 * factors continued with their own stream (SF_STREAM_RUNOFF), defaults and LGD at their
 * conditional means given the factor, until less than SF_SUBSIDY_RUNOFF_TAIL of what was
 * disbursed remains or SF_SUBSIDY_RUNOFF_MAX_YEARS have passed.
 *
 * A cohort's subsidy rate is PV(the city's net outflows the cohort causes over its life) /
 * PV(the financing it received), both at discount_rate, discounted to the cohort's year.
 * Components: defaults net of recoveries (risk compensation claims, the guarantee's city share,
 * the insurance stop-loss), fees (guarantee fee subsidy, insurance premium subsidy), interest
 * (interest subsidy), other (guarantee capital injections, shared over the cohorts by guaranteed
 * balance). The fair value repeats the accounting with the risk-neutral PD
 * Phi(Phi^-1(pd) + lambda sqrt(rho)) on the same paths, discounted at the risk-free rate.
 * Money in CNY.
 */
#ifndef SF_SUBSIDY_H
#define SF_SUBSIDY_H

#include "mechanism.h"
#include "scenario.h"

#include <gsl/gsl_rng.h>
#include <stddef.h>
#include <stdint.h>

struct portfolio_ws; /* the portfolio step's workspace (model/portfolio.h, not installed) */

/* The run-off stops when less than this share of the path's disbursed principal remains. */
#define SF_SUBSIDY_RUNOFF_TAIL 1e-12
#define SF_SUBSIDY_RUNOFF_MAX_YEARS 1000

enum {
    SF_SUBSIDY_C_DEFAULTS = 0, /* claims on defaults net of recoveries */
    SF_SUBSIDY_C_FEES,         /* fee and premium subsidies */
    SF_SUBSIDY_C_INTEREST,     /* interest subsidies */
    SF_SUBSIDY_C_OTHER,        /* capital injections into the guarantor */
    SF_SUBSIDY_C_TOTAL,
    SF_SUBSIDY_NCOMP
};
extern const char *const sf_subsidy_component_names[SF_SUBSIDY_NCOMP];

/* The mechanisms whose cost follows loans (the bridge fund and the guidance fund have no loan
 * cohorts and are not in subsidy.csv). */
enum {
    SF_SUBSIDY_M_RISK_COMP = 0,
    SF_SUBSIDY_M_GUARANTEE,
    SF_SUBSIDY_M_INSURANCE,
    SF_SUBSIDY_M_INTEREST,
    SF_SUBSIDY_NMECH
};

/* What a path stores per cohort: per (mechanism, component) slot the budget and the fair-value
 * PV of outflows, then per mechanism and for all loans the principal disbursed. */
enum {
    SF_SUBSIDY_SLOT_RC_DEFAULTS = 0,
    SF_SUBSIDY_SLOT_G_DEFAULTS,
    SF_SUBSIDY_SLOT_G_FEES,
    SF_SUBSIDY_SLOT_G_OTHER,
    SF_SUBSIDY_SLOT_IN_DEFAULTS,
    SF_SUBSIDY_SLOT_IN_FEES,
    SF_SUBSIDY_SLOT_IS_INTEREST,
    SF_SUBSIDY_NSLOTS
};

/* One row of subsidy.csv as a path computes it. */
typedef struct sf_subsidy_spec {
    int cohort; /* 0..years-1, or -1: every cohort */
    int mi;     /* index into sf_subsidy_layout.mech, or -1: every mechanism */
    int comp;   /* SF_SUBSIDY_C_* */
} sf_subsidy_spec;

#define SF_SUBSIDY_MAX_ROWS ((SF_MAX_YEARS + 1) * (SF_SUBSIDY_NMECH + 1) * SF_SUBSIDY_NCOMP)

/* The cells a path writes (after the series' cells of the run): per row its PV of outflows and
 * its rate, budget and fair value (SF_SUBSIDY_ROW_CELLS), then per cohort (and every cohort) and
 * mechanism (and every mechanism) the PV disbursed, budget and fair value. Their statistics are
 * the run's own (moments and order statistics of every cell, in passes and across MPI ranks). */
enum { SF_SUBSIDY_ROW_OUT = 0, SF_SUBSIDY_ROW_RATE, SF_SUBSIDY_ROW_FAIR_OUT, SF_SUBSIDY_ROW_FAIR_RATE, SF_SUBSIDY_ROW_CELLS };
typedef struct sf_subsidy_layout {
    int years;                    /* cohorts: one per year of the horizon */
    int nmech;                    /* enabled mechanisms with cohorts */
    int mech[SF_SUBSIDY_NMECH];   /* SF_SUBSIDY_M_* in list order */
    int nslot;                    /* accumulated slots (those of the enabled mechanisms) */
    int slot[SF_SUBSIDY_NSLOTS];  /* SF_SUBSIDY_SLOT_* */
    size_t per_cohort;            /* a path's accumulators per cohort: 2 nslot + nmech + 1 */
    int nrows;
    sf_subsidy_spec row[SF_SUBSIDY_MAX_ROWS];
    size_t disb0;                 /* first disbursed cell: nrows x SF_SUBSIDY_ROW_CELLS */
    size_t ncells;                /* 0 when no mechanism has cohorts */
    int fair_same;                /* lambda = 0 and the risk-free rate = discount_rate: fair = budget,
                                     and the fair-value cells are not laid out (they would equal them) */
    int row_cells, disb_cells;    /* cells per row (4, or 2 when fair_same) and per disbursed (2 or 1) */
} sf_subsidy_layout;
/* The cell of row i's value k (SF_SUBSIDY_ROW_*): a fair-value value is the budget's cell when fair_same. */
size_t sf_subsidy_row_cell(const sf_subsidy_layout *L, int i, int k);
/* The cell whose per-path values equal cell's exactly (the run stores only that one): a
 * mechanism's total when it has one component; else cell itself. */
size_t sf_subsidy_cell_source(const sf_subsidy_layout *L, size_t cell);
/* The disbursed cell of (cohort or -1, mechanism index or -1, basis 0 budget / 1 fair). */
size_t sf_subsidy_disb_cell(const sf_subsidy_layout *L, int cohort, int mi, int basis);

void sf_subsidy_layout_init(sf_subsidy_layout *L, const sf_scenario *sc);
/* economy.risk_free_rate, or simulation.discount_rate when it is blank. */
double sf_subsidy_risk_free_rate(const sf_scenario *sc);

typedef struct sf_subsidy_ws sf_subsidy_ws;
/* A per-thread workspace; NULL on out of memory. */
sf_subsidy_ws *sf_subsidy_ws_alloc(const sf_scenario *sc, const sf_subsidy_layout *L);
void sf_subsidy_ws_free(sf_subsidy_ws *ws);
void sf_subsidy_path_init(sf_subsidy_ws *ws);
/* One year of the path, after the mechanisms: the guarantee's share of its desired book actually
 * guaranteed (1 without rationing) and its capital injection of the year (0 without guarantee). */
void sf_subsidy_year_step(sf_subsidy_ws *ws, const sf_scenario *sc, const sf_portfolio_year *py,
                          double guarantee_ration, double guarantee_injection);
/* After the last year: the run-off, then the path's cells (L->ncells values) into cells[]. */
void sf_subsidy_path_end(sf_subsidy_ws *ws, const sf_scenario *sc, const struct portfolio_ws *pf, gsl_rng *r,
                         uint64_t path, double *cells);

/* One row of subsidy.csv. */
typedef struct sf_subsidy_row {
    int cohort; /* calendar year; -1 (SF_YEAR_TOTAL): every cohort, discounted to start_year */
    int mech;   /* index in sf_mechanism_list; -1: every mechanism */
    int comp;   /* SF_SUBSIDY_C_* */
    double out_mean, out_se, out_p95;   /* PV of outflows at discount_rate */
    double disb_mean, disb_p95;         /* PV of the principal disbursed */
    double rate, rate_p95;              /* mean outflows / mean disbursed; P95 of the path's rate */
    double fair_out_mean, fair_out_p95; /* the same at the risk-neutral PD and the risk-free rate */
    double fair_disb_mean, fair_rate, fair_rate_p95;
} sf_subsidy_row;

/* The rows from the statistics of the cohort cells (st[0..L->ncells): mean, se and P95 of each);
 * *rows is malloc'ed (NULL and 0 rows when L->ncells is 0). */
struct sf_stat;
int sf_subsidy_summarise(const sf_scenario *sc, const sf_subsidy_layout *L, const struct sf_stat *st,
                         sf_subsidy_row **rows, size_t *nrows);

#endif
