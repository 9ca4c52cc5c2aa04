/*
 * interest.c — interest subsidies of Art. 21/57 (贴息): the city pays part of the interest on
 * eligible SME loans, within a yearly cap. Shenzhen's sci-tech 贴息贴保 programme is the model
 * (../shared/reference/policy-parameters.md §6, §9). Definition in interest.h (issue 3).
 * Deterministic given the portfolio's year.
 */
#include "interest.h"

#include "mechanism.h"
#include "scenario.h"

#include <assert.h>
#include <stdlib.h>

static const sf_series_def interest_series[SF_INTEREST_NSERIES] = {
    [SF_INTEREST_S_PAID] = {"interest_subsidy.paid", "CNY", SF_SERIES_BUDGET, "21/57"},
    [SF_INTEREST_S_DEMAND] = {"interest_subsidy.demand", "CNY", 0, "21/57"},
    [SF_INTEREST_S_PRORATE] = {"interest_subsidy.prorate", "share", 0, "21/57"},
    [SF_INTEREST_S_SUPPORTED] = {"interest_subsidy.supported", "CNY", SF_SERIES_SUPPORTED, "21/57"},
    [SF_INTEREST_S_LOSS_RATE] = {"interest_subsidy.loss_rate", "ratio", SF_SERIES_LOSSRATE, "21/57"},
    [SF_INTEREST_S_TREASURY] = {"interest_subsidy.treasury", "CNY", SF_SERIES_TREASURY, "21/57"},
    [SF_INTEREST_S_INCURRED] = {"interest_subsidy.claims_incurred", "CNY", SF_SERIES_CLAIMS, "21/57"},
};

static int interest_enabled(const sf_scenario *sc)
{
    return sc->interest.enabled;
}

/* The mechanism keeps no state between years: the workspace is a token. */
static void *interest_ws_alloc(const sf_scenario *sc)
{
    (void)sc;
    return malloc(1);
}

static void interest_ws_free(void *ws)
{
    free(ws);
}

static void interest_path_init(void *ws, const sf_scenario *sc)
{
    (void)ws;
    (void)sc;
}

static void interest_year_step(void *ws, const sf_scenario *sc, const sf_portfolio_year *py, const sf_rng_ctx *rc,
                               double *out, double *sm_spend)
{
    const sf_interest_params *p = &sc->interest;
    (void)ws;
    (void)rc;
    assert(py->nseg == sc->nsegs);
    double demand = 0.0, demand_sm = 0.0, bal = 0.0, loss = 0.0;
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        if (!(sg->interest_subsidy > 0.0))
            continue;
        /* rate_share > 0: the column is the eligible share, the subsidy a share of the loan rate. */
        const double elig = p->rate_share > 0.0 ? sg->interest_subsidy : 1.0;
        const double srate = p->rate_share > 0.0 ? p->rate_share * sg->rate : sg->interest_subsidy;
        const double b = elig * py->n[s] * sg->avg_amount;
        const double d = srate * b;
        demand += d;
        bal += b;
        loss += elig * py->defaults[s] * sg->avg_amount * py->lgd[s];
        if (sg->size == SF_MICRO || sg->size == SF_SMALL)
            demand_sm += d;
    }
    const double k = p->cap > 0.0 && demand > p->cap ? p->cap / demand : 1.0;
    out[SF_INTEREST_S_PAID] = k < 1.0 ? p->cap : demand;
    out[SF_INTEREST_S_DEMAND] = demand;
    out[SF_INTEREST_S_PRORATE] = k;
    out[SF_INTEREST_S_SUPPORTED] = bal;
    out[SF_INTEREST_S_LOSS_RATE] = bal > 0.0 ? loss / bal : 0.0;
    /* A subsidy paid as it falls due leaves nothing owed: no obligations series. */
    out[SF_INTEREST_S_TREASURY] = out[SF_INTEREST_S_PAID];
    out[SF_INTEREST_S_INCURRED] = out[SF_INTEREST_S_PAID];
    *sm_spend += k * demand_sm;
}

/* The split by segment (mechanism.h): each segment's demand, pro-rated as the whole is (the paid
 * line is the cap when the demand exceeds it). */
static void interest_year_split(void *ws, const sf_scenario *sc, const sf_portfolio_year *py, const double *out,
                                double *by_seg)
{
    const sf_interest_params *p = &sc->interest;
    (void)ws;
    const double k = out[SF_INTEREST_S_PRORATE];
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        if (!(sg->interest_subsidy > 0.0))
            continue;
        const double elig = p->rate_share > 0.0 ? sg->interest_subsidy : 1.0;
        const double srate = p->rate_share > 0.0 ? p->rate_share * sg->rate : sg->interest_subsidy;
        by_seg[s] = k * (srate * (elig * py->n[s] * sg->avg_amount));
    }
}

/* The financing supported by segment (mechanism.h): its eligible balance (the whole segment
 * unless rate_share > 0 makes the column the eligible share), as year_step adds it. */
static void interest_year_supported(void *ws, const sf_scenario *sc, const sf_portfolio_year *py, const double *out,
                                    double *by_seg)
{
    const sf_interest_params *p = &sc->interest;
    (void)ws;
    (void)out;
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        if (!(sg->interest_subsidy > 0.0))
            continue;
        const double elig = p->rate_share > 0.0 ? sg->interest_subsidy : 1.0;
        by_seg[s] = elig * py->n[s] * sg->avg_amount;
    }
}

const sf_mechanism sf_interest_mechanism = {
    .name = SF_MECHANISM_SECTION(interest),
    .article = "21/57",
    .series = interest_series,
    .nseries = SF_INTEREST_NSERIES,
    .enabled = interest_enabled,
    .ws_alloc = interest_ws_alloc,
    .ws_free = interest_ws_free,
    .path_init = interest_path_init,
    .year_step = interest_year_step,
    .extras = NULL,
    .year_split = interest_year_split,
    .year_supported = interest_year_supported,
};
