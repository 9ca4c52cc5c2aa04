/*
 * insurance.c — loan guarantee insurance of Art. 64 (政银保): premium subsidy and the
 * government's excess-of-loss cover above a loss-ratio attachment (Yunnan: 80 % of losses above
 * a 120 % loss ratio; Ningbo: above 150 %; ../shared/reference/policy-parameters.md §6).
 * Definitions in insurance.h (issue 3). Deterministic given the portfolio's year.
 */
#include "insurance.h"

#include "mechanism.h"
#include "runoff.h"
#include "scenario.h"

#include <assert.h>
#include <stdlib.h>

static const sf_series_def insurance_series[SF_INSURANCE_NSERIES] = {
    [SF_INSURANCE_S_PREMIUM_SUBSIDY] = {"insurance.premium_subsidy", "CNY", SF_SERIES_BUDGET, "64"},
    [SF_INSURANCE_S_STOPLOSS] = {"insurance.stoploss", "CNY", SF_SERIES_BUDGET, "64"},
    [SF_INSURANCE_S_LOSS_RATIO] = {"insurance.loss_ratio", "ratio", 0, "64"},
    [SF_INSURANCE_S_SUPPORTED] = {"insurance.supported", "CNY", SF_SERIES_SUPPORTED, "64"},
    [SF_INSURANCE_S_LOSS_RATE] = {"insurance.loss_rate", "ratio", SF_SERIES_LOSSRATE, "64"},
    [SF_INSURANCE_S_PREMIUM] = {"insurance.premium", "CNY", 0, "64"},
    [SF_INSURANCE_S_CLAIMS] = {"insurance.claims", "CNY", 0, "64"},
    [SF_INSURANCE_S_TREASURY] = {"insurance.treasury", "CNY", SF_SERIES_TREASURY, "64"},
    [SF_INSURANCE_S_INCURRED] = {"insurance.claims_incurred", "CNY", SF_SERIES_CLAIMS, "64"},
    [SF_INSURANCE_S_OBLIGATIONS] = {"insurance.obligations_end", "CNY", SF_SERIES_OBLIGATIONS | SF_SERIES_STOCK,
                                    "64"},
};

double sf_insurance_stoploss(const sf_insurance_params *p, double claims, double premium)
{
    const double excess = claims - p->stoploss_attach * premium;
    return excess > 0.0 ? p->stoploss_share * excess : 0.0;
}

static int insurance_enabled(const sf_scenario *sc)
{
    return sc->insurance.enabled;
}

/* The mechanism keeps no state between years: the workspace is a token. */
static void *insurance_ws_alloc(const sf_scenario *sc)
{
    (void)sc;
    return malloc(1);
}

static void insurance_ws_free(void *ws)
{
    free(ws);
}

static void insurance_path_init(void *ws, const sf_scenario *sc)
{
    (void)ws;
    (void)sc;
}

static void insurance_year_step(void *ws, const sf_scenario *sc, const sf_portfolio_year *py, const sf_rng_ctx *rc,
                                double *out, double *sm_spend)
{
    const sf_insurance_params *p = &sc->insurance;
    (void)ws;
    (void)rc;
    assert(py->nseg == sc->nsegs);
    double ib = 0.0, dp = 0.0, dp_sm = 0.0, ib_sm = 0.0, loss = 0.0;
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        const double b = sg->insured * py->n[s] * sg->avg_amount;
        const double d = sg->insured * py->defaults[s] * sg->avg_amount;
        ib += b;
        dp += d;
        loss += d * py->lgd[s];
        if (sg->size == SF_MICRO || sg->size == SF_SMALL) {
            ib_sm += b;
            dp_sm += d;
        }
    }
    const double premium = p->premium_rate * ib;
    const double subsidy = p->premium_subsidy_share * premium;
    const double claims = p->insurer_share * dp;
    const double stoploss = sf_insurance_stoploss(p, claims, premium);
    out[SF_INSURANCE_S_PREMIUM_SUBSIDY] = subsidy;
    out[SF_INSURANCE_S_STOPLOSS] = stoploss;
    out[SF_INSURANCE_S_LOSS_RATIO] = premium > 0.0 ? claims / premium : 0.0;
    out[SF_INSURANCE_S_SUPPORTED] = ib;
    out[SF_INSURANCE_S_LOSS_RATE] = ib > 0.0 ? loss / ib : 0.0;
    out[SF_INSURANCE_S_PREMIUM] = premium;
    out[SF_INSURANCE_S_CLAIMS] = claims;
    out[SF_INSURANCE_S_TREASURY] = subsidy + stoploss;
    out[SF_INSURANCE_S_INCURRED] = subsidy + stoploss;
    double run_claims = 0.0, run_premium = 0.0;
    if (py->n_next != NULL)
        for (size_t s = 0; s < py->nseg; s++) {
            const sf_segment *sg = &sc->segs[s];
            if (!(sg->insured > 0.0) || !(py->n_next[s] > 0.0))
                continue;
            const int mat = py->maturity ? py->maturity[s] : 0;
            const double b = sg->insured * py->n_next[s] * sg->avg_amount;
            run_claims += p->insurer_share * b * sf_runoff_defaults(sg, mat, py->year);
            run_premium += p->premium_rate * b * sf_runoff_years(sg, mat, py->year);
        }
    out[SF_INSURANCE_S_OBLIGATIONS] = sf_insurance_stoploss(p, run_claims, run_premium);
    /* The subsidy follows the premium; the stop-loss follows the claims, segment by segment. */
    *sm_spend += p->premium_subsidy_share * p->premium_rate * ib_sm + (dp > 0.0 ? stoploss * dp_sm / dp : 0.0);
}

/* The split by segment (mechanism.h): the premium subsidy follows each segment's insured book,
 * the stop-loss its share of the insured principal in default, as the small/micro part does. */
static void insurance_year_split(void *ws, const sf_scenario *sc, const sf_portfolio_year *py, const double *out,
                                 double *by_seg)
{
    const sf_insurance_params *p = &sc->insurance;
    (void)ws;
    double dp = 0.0;
    for (size_t s = 0; s < py->nseg; s++)
        dp += sc->segs[s].insured * py->defaults[s] * sc->segs[s].avg_amount;
    const double stoploss = out[SF_INSURANCE_S_STOPLOSS];
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        const double b = sg->insured * py->n[s] * sg->avg_amount;
        const double d = sg->insured * py->defaults[s] * sg->avg_amount;
        by_seg[s] = p->premium_subsidy_share * p->premium_rate * b + (dp > 0.0 ? stoploss * (d / dp) : 0.0);
    }
}

/* The financing supported by segment (mechanism.h): its insured balance, as year_step adds it. */
static void insurance_year_supported(void *ws, const sf_scenario *sc, const sf_portfolio_year *py, const double *out,
                                     double *by_seg)
{
    (void)ws;
    (void)out;
    for (size_t s = 0; s < py->nseg; s++)
        by_seg[s] = sc->segs[s].insured * py->n[s] * sc->segs[s].avg_amount;
}

const sf_mechanism sf_insurance_mechanism = {
    .name = SF_MECHANISM_SECTION(insurance),
    .article = "64",
    .series = insurance_series,
    .nseries = SF_INSURANCE_NSERIES,
    .enabled = insurance_enabled,
    .ws_alloc = insurance_ws_alloc,
    .ws_free = insurance_ws_free,
    .path_init = insurance_path_init,
    .year_step = insurance_year_step,
    .extras = NULL,
    .year_split = insurance_year_split,
    .year_supported = insurance_year_supported,
};
