/*
 * fund.c — the government guidance fund of funds (引导基金) of Art. 54, 62 and 63 (issue 4;
 * parameters from policy-parameters.md §4).
 *
 * For each commitment year v < commit_years the government commits `commitment`, split over
 * funds_per_vintage sub-funds of size (commitment / funds_per_vintage) / gov_share: private and
 * chain-leader (Art. 63) money makes up the rest, so the leverage is 1 / gov_share. Each sub-fund
 * follows Takahashi and Alexander (2002), "Illiquid Alternative Asset Fund Modeling", J. Portfolio
 * Management 28(2): yearly calls on the uncalled commitment, distributions of a growing share of
 * the grown NAV, full liquidation at the end of its life. Its yearly growth is
 *   G = growth + growth_sd·(sqrt(c)·M_t + sqrt(1 − c)·e),  M_t = β·G_t + sqrt(1 − β²)·u_t,
 * where G_t is the global credit factor, so bad credit years are bad fund years, u_t a market
 * shock common to all sub-funds and e each sub-fund's own shock.
 *
 * The government pays its share of the calls (`fund.calls`) and receives its share of the
 * distributions (`fund.distributions`, negative), after the concessions (让利) a fund may grant
 * private investors: `return_cap`, where the government's distributions beyond its paid-in grown
 * at return_cap a year go to the private LPs; or `first_loss`, where the government absorbs the
 * sub-fund's losses up to first_loss of its size before private LPs lose, settled in the
 * liquidation year (Shenzhen: "the government bears at most 40 % of angel losses", §4a).
 *
 * Randomness: per year one reset of SF_STREAM_FUND with unit 0 for u_t and one per vintage
 * (unit 1 + v) for its sub-funds' shocks, drawn in sub-fund order.
 */
#include "fund.h"

#include "mechanism.h"
#include "scenario.h"
#include "sim.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

enum {
    F_CALLS,
    F_DISTRIBUTIONS,
    F_LEVERAGE,
    F_GOV_TVPI,
    F_NAV,
    F_GOV_NAV,
    F_GOV_PAID_IN,
    F_SUPPORTED,
    F_CONCESSION,
    F_LOSS_RATE,
    F_TREASURY,
    F_INCURRED,
    F_OBLIGATIONS,
    F_NSERIES
};

static const sf_series_def fund_series[F_NSERIES] = {
    [F_CALLS] = {"fund.calls", "CNY", SF_SERIES_BUDGET, "54"},
    [F_DISTRIBUTIONS] = {"fund.distributions", "CNY", SF_SERIES_BUDGET, "54"},
    [F_LEVERAGE] = {"fund.leverage", "x", 0, "54"},
    [F_GOV_TVPI] = {"fund.gov_tvpi", "x", 0, "54"},
    [F_NAV] = {"fund.nav", "CNY", SF_SERIES_STOCK, "54"},
    [F_GOV_NAV] = {"fund.gov_nav", "CNY", SF_SERIES_STOCK, "54"},
    [F_GOV_PAID_IN] = {"fund.gov_paid_in", "CNY", SF_SERIES_STOCK, "54"},
    [F_SUPPORTED] = {"fund.supported", "CNY", SF_SERIES_SUPPORTED, "62"},
    [F_CONCESSION] = {"fund.concession", "CNY", 0, "54"},
    [F_LOSS_RATE] = {"fund.loss_rate", "ratio", SF_SERIES_LOSSRATE, "54"},
    /* The views (issue 11): the budget transfers the government's calls and receives its
     * distributions; nothing is deferred; the government's commitments not yet called in the
     * sub-funds still alive are what the plan leaves owed (its claim on the NAV, fund.gov_nav, is
     * what it leaves as an asset). */
    [F_TREASURY] = {"fund.treasury", "CNY", SF_SERIES_TREASURY, "54"},
    [F_INCURRED] = {"fund.claims_incurred", "CNY", SF_SERIES_CLAIMS, "54"},
    [F_OBLIGATIONS] = {"fund.obligations_end", "CNY", SF_SERIES_OBLIGATIONS | SF_SERIES_STOCK, "54"},
};

/* The government's side of one sub-fund. */
typedef struct gov_acct {
    double paid;  /* paid-in */
    double recv;  /* distributions received */
    double hurdle; /* return_cap: paid-in grown at return_cap, less what was received */
} gov_acct;

typedef struct fund_ws {
    int nvint, per; /* vintages inside the horizon, sub-funds per vintage */
    sf_fund_state *f;
    gov_acct *g;
} fund_ws;

/* RC_a and the distribution rate max(yield, (a/L)^B) of age a: the same for every sub-fund of a
 * vintage, so the year step computes them once per vintage. */
static double call_rate(const sf_fund_params *fp, int age)
{
    const int k = age - 1 < fp->ncall_rates ? age - 1 : fp->ncall_rates - 1;
    return k >= 0 ? fp->call_rates[k] : 1.0;
}

static double dist_rate(const sf_fund_params *fp, int age)
{
    const double rd = pow((double)age / fp->life, fp->bow);
    return rd > fp->yield ? rd : fp->yield;
}

static void ta_step(const sf_fund_params *fp, sf_fund_state *f, int age, double rc, double rd, double g, double *call,
                    double *dist)
{
    const double c = rc * (f->cc - f->pic);
    const double grown = f->nav * (g > -1.0 ? 1.0 + g : 0.0);
    /* At a = life, liquidation: everything left, that year's call included. */
    const double d = age >= fp->life ? grown + c : rd * grown;
    f->pic += c;
    f->nav = age >= fp->life ? 0.0 : grown + c - d;
    f->dist += d;
    *call = c;
    *dist = d;
}

void sf_fund_ta_step(const sf_fund_params *fp, sf_fund_state *f, int age, double g, double *call, double *dist)
{
    ta_step(fp, f, age, call_rate(fp, age), dist_rate(fp, age), g, call, dist);
}

double sf_fund_gov_first_loss(const sf_fund_params *fp, double cc, double pic, double dist)
{
    const double s = fp->gov_share;
    const double loss = pic > dist ? pic - dist : 0.0;
    if (fp->concession != SF_FUND_FIRST_LOSS)
        return s * loss;
    const double fl = fp->first_loss * cc;
    const double gl = (loss < fl ? loss : fl) + s * (loss > fl ? loss - fl : 0.0);
    return gl < s * pic ? gl : s * pic;
}

static int fund_enabled(const sf_scenario *sc)
{
    return sc->fund.enabled;
}

static void fund_ws_free(void *wsv)
{
    fund_ws *ws = wsv;
    if (ws == NULL)
        return;
    free(ws->f);
    free(ws->g);
    free(ws);
}

static void *fund_ws_alloc(const sf_scenario *sc)
{
    const sf_fund_params *fp = &sc->fund;
    fund_ws *ws = calloc(1, sizeof *ws);
    if (ws == NULL)
        return NULL;
    ws->nvint = fp->commit_years < sc->sim.years ? fp->commit_years : sc->sim.years;
    if (ws->nvint < 0)
        ws->nvint = 0;
    ws->per = fp->funds_per_vintage > 0 ? fp->funds_per_vintage : 0;
    const size_t n = (size_t)ws->nvint * (size_t)ws->per + 1;
    ws->f = calloc(n, sizeof *ws->f);
    ws->g = calloc(n, sizeof *ws->g);
    if (ws->f == NULL || ws->g == NULL) {
        fund_ws_free(ws);
        return NULL;
    }
    return ws;
}

static double subfund_size(const sf_fund_params *fp)
{
    return fp->gov_share > 0.0 && fp->funds_per_vintage > 0 ? fp->commitment / fp->funds_per_vintage / fp->gov_share
                                                            : 0.0;
}

static void fund_path_init(void *wsv, const sf_scenario *sc)
{
    fund_ws *ws = wsv;
    const double cc = subfund_size(&sc->fund);
    const size_t n = (size_t)ws->nvint * (size_t)ws->per;
    for (size_t i = 0; i < n; i++) {
        ws->f[i] = (sf_fund_state){cc, 0.0, 0.0, 0.0};
        ws->g[i] = (gov_acct){0.0, 0.0, 0.0};
    }
}

/* The government's distribution this year from one sub-fund whose gross distribution is d, after
 * the concession; `age` and the sub-fund's state (already stepped) settle first-loss cover. */
static double gov_distribution(const sf_fund_params *fp, const sf_fund_state *f, gov_acct *ga, int age, double call,
                               double d)
{
    const double s = fp->gov_share;
    double gd = s * d;
    switch (fp->concession) {
    case SF_FUND_RETURN_CAP:
        /* The government keeps at most its paid-in grown at return_cap a year; the excess goes to
         * the private LPs. Calls arrive at the year end, as in Takahashi–Alexander. */
        ga->hurdle = ga->hurdle * (1.0 + fp->return_cap) + s * call;
        if (gd > ga->hurdle)
            gd = ga->hurdle > 0.0 ? ga->hurdle : 0.0;
        ga->hurdle -= gd;
        break;
    case SF_FUND_FIRST_LOSS:
        if (age >= fp->life && f->pic > f->dist) {
            /* Liquidation: the government's receipts over the life are cut to its paid-in less its
             * first-loss share of the loss; the cut (≤ 0) goes to the private LPs. */
            const double target = s * f->pic - sf_fund_gov_first_loss(fp, f->cc, f->pic, f->dist);
            gd = target - ga->recv;
        }
        break;
    case SF_FUND_NONE:
    default:
        break;
    }
    return gd;
}

/* The government's claim on a live sub-fund's NAV: what it would receive if liquidated now. */
static double gov_nav_claim(const sf_fund_params *fp, const sf_fund_state *f, const gov_acct *ga)
{
    const double s = fp->gov_share;
    if (f->nav <= 0.0)
        return 0.0;
    switch (fp->concession) {
    case SF_FUND_RETURN_CAP: {
        const double h = ga->hurdle > 0.0 ? ga->hurdle : 0.0;
        return s * f->nav < h ? s * f->nav : h;
    }
    case SF_FUND_FIRST_LOSS:
        if (f->pic > f->dist + f->nav)
            return s * f->pic - sf_fund_gov_first_loss(fp, f->cc, f->pic, f->dist + f->nav) - ga->recv;
        return s * f->nav;
    case SF_FUND_NONE:
    default:
        return s * f->nav;
    }
}

static void fund_year_step(void *wsv, const sf_scenario *sc, const sf_portfolio_year *py, const sf_rng_ctx *rc,
                           double *out, double *sm_spend)
{
    fund_ws *ws = wsv;
    const sf_fund_params *fp = &sc->fund;
    const double s = fp->gov_share;
    const int t = py->t;

    /* The market factor of the year, tied to the credit cycle. */
    sf_rng_ctx_reset(rc, SF_STREAM_FUND, (unsigned)t, 0);
    const double b = fp->growth_beta;
    const double m = b * py->G + sqrt(b * b < 1.0 ? 1.0 - b * b : 0.0) * gsl_ran_gaussian_ziggurat(rc->r, 1.0);
    const double sc_m = sqrt(fp->growth_corr), sc_e = sqrt(1.0 - fp->growth_corr);

    double calls = 0.0, gcalls = 0.0, gdists = 0.0, gross = 0.0;
    const int last = t < ws->nvint - 1 ? t : ws->nvint - 1;
    for (int v = 0; v <= last; v++) {
        const int age = t - v + 1;
        if (age > fp->life)
            continue;
        sf_rng_ctx_reset(rc, SF_STREAM_FUND, (unsigned)t, (uint32_t)(1 + v));
        const double crate = call_rate(fp, age), drate = dist_rate(fp, age);
        for (int j = 0; j < ws->per; j++) {
            const size_t i = (size_t)v * (size_t)ws->per + (size_t)j;
            /* Ziggurat: GSL's fastest Gaussian; one draw per sub-fund and year. */
            const double e = gsl_ran_gaussian_ziggurat(rc->r, 1.0);
            const double g = fp->growth + fp->growth_sd * (sc_m * m + sc_e * e);
            double c, d;
            ta_step(fp, &ws->f[i], age, crate, drate, g, &c, &d);
            ws->g[i].paid += s * c;
            const double gd = gov_distribution(fp, &ws->f[i], &ws->g[i], age, c, d);
            ws->g[i].recv += gd;
            calls += c;
            gcalls += s * c;
            gdists += gd;
            gross += s * d;
        }
    }

    /* Stocks over every sub-fund committed so far. */
    double nav = 0.0, gnav = 0.0, gpaid = 0.0, grecv = 0.0, size = 0.0, unfunded = 0.0;
    const int ncommitted = t + 1 < ws->nvint ? t + 1 : ws->nvint;
    for (int v = 0; v < ncommitted; v++)
        for (int j = 0; j < ws->per; j++) {
            const size_t i = (size_t)v * (size_t)ws->per + (size_t)j;
            if (t - v + 1 < fp->life && ws->f[i].cc > ws->f[i].pic) /* liquidated at age life */
                unfunded += s * (ws->f[i].cc - ws->f[i].pic);
            nav += ws->f[i].nav;
            gnav += gov_nav_claim(fp, &ws->f[i], &ws->g[i]);
            gpaid += ws->g[i].paid;
            grecv += ws->g[i].recv;
            size += ws->f[i].cc;
        }
    const double tvpi = gpaid > 0.0 ? (grecv + gnav) / gpaid : 0.0;

    out[F_CALLS] = gcalls;
    out[F_DISTRIBUTIONS] = -gdists;
    out[F_LEVERAGE] = ncommitted > 0 && fp->commitment > 0.0 ? size / (ncommitted * fp->commitment) : 0.0;
    out[F_GOV_TVPI] = tvpi;
    out[F_NAV] = nav;
    out[F_GOV_NAV] = gnav;
    out[F_GOV_PAID_IN] = gpaid;
    /* Assumption: the sub-funds invest what they call in SMEs (management fees not modelled). */
    out[F_SUPPORTED] = calls;
    out[F_CONCESSION] = gross - gdists;
    out[F_LOSS_RATE] = gpaid > 0.0 && tvpi < 1.0 ? 1.0 - tvpi : 0.0;
    out[F_TREASURY] = gcalls + -gdists;
    out[F_INCURRED] = gcalls + -gdists;
    out[F_OBLIGATIONS] = unfunded;
    /* Art. 62: the venture guidance fund invests in small and micro firms; its net cost counts
     * as small/micro spending (assumption: angel and start-up sub-funds, §4a). */
    *sm_spend += gcalls - gdists;
}

/* The probability that the government's value at the horizon (distributions + its claim on NAV)
 * is below its paid-in, and the mean total SME investment by the sub-funds. */
static int fund_extras(const sf_scenario *sc, const sf_result *res, sf_extras *ex, sf_err *err)
{
    (void)sc;
    (void)err;
    const int itv = sf_result_series(res, "fund.gov_tvpi");
    const int ipaid = sf_result_series(res, "fund.gov_paid_in");
    if (itv < 0 || ipaid < 0 || res->nyears < 1)
        return SF_OK;
    const int last = res->nyears - 1;
    double lose = 0, n = 0; /* sums of the paths' weights (1 each without importance sampling) */
    for (long p = 0; p < res->npaths; p++) {
        if (!(sf_result_value(res, ipaid, last, p) > 0.0))
            continue;
        n += sf_result_weight(res, p);
        if (sf_result_value(res, itv, last, p) < 1.0)
            lose += sf_result_weight(res, p);
    }
    sf_extras_add(ex, "fund.prob_loss_principal", n > 0 ? (double)lose / (double)n : 0.0);
    const sf_stat *st = sf_result_stat(res, "fund.supported", SF_YEAR_TOTAL);
    if (st != NULL)
        sf_extras_add(ex, "fund.sme_investment", st->mean);
    return SF_OK;
}

static const char *const fund_path_series[] = {"fund.gov_tvpi", "fund.gov_paid_in", NULL};

const sf_mechanism sf_fund_mechanism = {
    .name = SF_MECHANISM_SECTION(fund),
    .article = "54",
    .series = fund_series,
    .nseries = F_NSERIES,
    .enabled = fund_enabled,
    .ws_alloc = fund_ws_alloc,
    .ws_free = fund_ws_free,
    .path_init = fund_path_init,
    .year_step = fund_year_step,
    .extras = fund_extras,
    .path_series = fund_path_series,
};
