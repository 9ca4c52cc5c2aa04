/*
 * portfolio.h — systematic factors and the year-by-year SME loan portfolio of one path
 * (DESIGN.md "The model": AR(1) global and sector factors, one-period Vasicek/Merton defaults,
 * Beta LGD with cyclicality, maturities, renewals, new loans to the target path, recoveries).
 *
 * Cohort mode draws D_t ~ Binomial(N_t, p(Y_t)) per segment; loan mode draws each loan's
 * latent variable (as its uniform, compared with the conditional PD: U < p(Y) is the event
 * sqrt(rho)·Y + sqrt(1-rho)·eps < Phi^-1(pd)). Both give the same distribution.
 * Money in CNY; counts as doubles holding whole numbers.
 */
#ifndef SF_PORTFOLIO_H
#define SF_PORTFOLIO_H

#include "mechanism.h"
#include "scenario.h"

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* The portfolio's own output series, in this order. */
enum {
    PORTFOLIO_LOSS = 0,     /* CNY: principal in default x LGD, in the year of default */
    PORTFOLIO_DEFAULTS,     /* count D_t */
    PORTFOLIO_DEFAULT_RATE, /* D_t / N_t over all segments */
    PORTFOLIO_BALANCE,      /* CNY: N_t x A at the start of the year */
    PORTFOLIO_RECOVERIES,   /* CNY arriving in the year */
    PORTFOLIO_NSERIES
};
extern const sf_series_def sf_portfolio_series[PORTFOLIO_NSERIES];

typedef struct portfolio_ws portfolio_ws;

/* A per-thread workspace for the scenario; NULL on out of memory. */
portfolio_ws *sf_portfolio_ws_alloc(const sf_scenario *sc);
void sf_portfolio_ws_free(portfolio_ws *ws);

/* Start a path: draw its systematic factors for every year and reset the book to N_1. */
void sf_portfolio_path_init(portfolio_ws *ws, const sf_scenario *sc, gsl_rng *r, uint64_t seed, uint64_t path);

/* Importance sampling, a defensive mixture: with probability alpha a path is plain, otherwise
 * the global factor's standard-normal innovation of year t is drawn from N(mu[t], 1) and sector
 * k's from N(mu_s[k * years + t], 1) (mu has `years` values, mu_s nsectors x years or NULL for
 * no sector shift; both must outlive the workspace's use; mu NULL: no shift, the default, and no
 * draw). The shift of a stressed year (economy.stress, economy.stress_sector) should be 0: its
 * factor is fixed. With the t copula, sw ([years] or NULL for none) scales a shifted path's
 * mixing variable: W_t = sw[t] chi2(nu)/nu (below 1: heavier tails). */
void sf_portfolio_set_shift(portfolio_ws *ws, const double *mu, const double *mu_s, const double *sw, double alpha);
/* The current path's likelihood ratio 1 / (alpha + (1 - alpha) q/p), q/p the product of
 * N(mu,1)/N(0,1) (and, t copula, of the scaled mixing variable's gamma densities) at its
 * innovations, global and sectors); 1 with no shift. */
double sf_portfolio_weight(const portfolio_ws *ws);

/* The current path's systematic factors (after sf_portfolio_path_init): G[t] for t < years and
 * S[k * years + t] for each sector k. */
void sf_portfolio_factors(const portfolio_ws *ws, const double **G, const double **S);
/* The current path's t-copula mixing variables W[t] (all 1 with the Gaussian copula). */
const double *sf_portfolio_mixing(const portfolio_ws *ws);

/* What sf_portfolio_year_step is asked for beyond the default view (flags, 0 for the default). */
enum {
    PORTFOLIO_NEED_FLOWS = 1u << 0,      /* py->matured and py->originated */
    PORTFOLIO_RENEWALS_UNREAD = 1u << 1 /* nothing reads py->renewed: it may be NULL */
};

/* Advance the path by year t (0-based). Fills *py (valid until the next call) and the
 * portfolio's series values out[0..PORTFOLIO_NSERIES). need (PORTFOLIO_* flags): with
 * PORTFOLIO_NEED_FLOWS also the maturities and new loans (py->matured, py->originated), which
 * cohort mode otherwise draws only when the book needs them; with PORTFOLIO_RENEWALS_UNREAD the
 * renewals too are drawn only when the book needs them (py->renewed is then NULL). Skipping a draw
 * changes no other: each has its own stream. */
void sf_portfolio_year_step(portfolio_ws *ws, const sf_scenario *sc, gsl_rng *r, uint64_t seed, uint64_t path, int t,
                         unsigned need, sf_portfolio_year *py, double *out);

#endif
