/*
 * guarantee.c — the policy financing guarantee of Art. 60: fees and their subsidy, 4222 risk
 * sharing (guarantor 40 / national fund 20 / provincial re-guarantor 20 / bank 20, MOF 2019 and
 * 国办发〔2019〕6号, ../shared/reference/policy-parameters.md §2 and §9), the guarantor's capital
 * against the leverage limit of the 683号 regulation, and the small/micro >= 80 % rule.
 * Definitions in guarantee.h (issue 3). Deterministic given the portfolio's year.
 */
#include "guarantee.h"

#include "mechanism.h"
#include "runoff.h"
#include "scenario.h"
#include "sim.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

static const sf_series_def guarantee_series[SF_GUARANTEE_NSERIES] = {
    [SF_GUARANTEE_S_FEE_SUBSIDY] = {"guarantee.fee_subsidy", "CNY", SF_SERIES_BUDGET, "60"},
    [SF_GUARANTEE_S_LOSS_COMP] = {"guarantee.loss_comp", "CNY", SF_SERIES_BUDGET, "60"},
    [SF_GUARANTEE_S_INJECTION] = {"guarantee.capital_injection", "CNY", SF_SERIES_BUDGET, "60"},
    [SF_GUARANTEE_S_RECOVERED] = {"guarantee.recovered", "CNY", SF_SERIES_BUDGET, "60"},
    [SF_GUARANTEE_S_CLAIM_RATE] = {"guarantee.claim_rate", "ratio", 0, "60"},
    [SF_GUARANTEE_S_LEVERAGE] = {"guarantee.leverage", "x", 0, "60"},
    [SF_GUARANTEE_S_CAPITAL] = {"guarantee.capital", "CNY", SF_SERIES_STOCK, "60"},
    [SF_GUARANTEE_S_SMALL_MICRO] = {"guarantee.small_micro_share", "share", 0, "60"},
    [SF_GUARANTEE_S_SUPPORTED] = {"guarantee.supported", "CNY", SF_SERIES_SUPPORTED, "60"},
    [SF_GUARANTEE_S_LOSS_RATE] = {"guarantee.loss_rate", "ratio", SF_SERIES_LOSSRATE, "60"},
    [SF_GUARANTEE_S_RATIONED] = {"guarantee.rationed", "CNY", SF_SERIES_STOCK, "60"},
    [SF_GUARANTEE_S_FEES] = {"guarantee.fees", "CNY", 0, "60"},
    [SF_GUARANTEE_S_DEFAULTED] = {"guarantee.defaulted", "CNY", 0, "60"},
    [SF_GUARANTEE_S_CLAIMS] = {"guarantee.claims", "CNY", 0, "60"},
    [SF_GUARANTEE_S_BANK_LOSS] = {"guarantee.bank_loss", "CNY", 0, "60"},
    [SF_GUARANTEE_S_NATIONAL] = {"guarantee.national", "CNY", 0, "60"},
    [SF_GUARANTEE_S_PROVINCIAL] = {"guarantee.provincial", "CNY", 0, "60"},
    [SF_GUARANTEE_S_NET_CLAIMS] = {"guarantee.net_claims", "CNY", 0, "60"},
    [SF_GUARANTEE_S_OPEX] = {"guarantee.opex", "CNY", 0, "60"},
    [SF_GUARANTEE_S_REG_FEES] = {"guarantee.reguarantee_fees", "CNY", 0, "60"},
    [SF_GUARANTEE_S_YIELD] = {"guarantee.yield_income", "CNY", 0, "60"},
    [SF_GUARANTEE_S_OWN_RECOVERED] = {"guarantee.own_recovered", "CNY", 0, "60"},
    [SF_GUARANTEE_S_TREASURY] = {"guarantee.treasury", "CNY", SF_SERIES_TREASURY, "60"},
    [SF_GUARANTEE_S_INCURRED] = {"guarantee.claims_incurred", "CNY", SF_SERIES_CLAIMS, "60"},
    [SF_GUARANTEE_S_OBLIGATIONS] = {"guarantee.obligations_end", "CNY", SF_SERIES_OBLIGATIONS | SF_SERIES_STOCK,
                                    "60"},
    [SF_GUARANTEE_S_HAS_BOOK] = {"guarantee.has_book", "flag", 0, "60"},
};

/* Per-thread state of one path: the capital and, per year, what the recoveries of that year's
 * defaults are shared by. */
typedef struct guarantee_ws {
    int years;
    double capital;
    double *ration;     /* [years] part of the desired book guaranteed (1 = no rationing) */
    double *guar_frac;  /* [years] the guarantor's own share of P */
    double *city_frac;  /* [years] the city's share of P */
} guarantee_ws;

static int guarantee_enabled(const sf_scenario *sc)
{
    return sc->guarantee.enabled;
}

static void guarantee_ws_free(void *vws)
{
    guarantee_ws *ws = vws;
    if (ws == NULL)
        return;
    free(ws->ration);
    free(ws->guar_frac);
    free(ws->city_frac);
    free(ws);
}

static void *guarantee_ws_alloc(const sf_scenario *sc)
{
    guarantee_ws *ws = calloc(1, sizeof *ws);
    if (ws == NULL)
        return NULL;
    ws->years = sc->sim.years > 0 ? sc->sim.years : 1;
    ws->ration = calloc((size_t)ws->years, sizeof *ws->ration);
    ws->guar_frac = calloc((size_t)ws->years, sizeof *ws->guar_frac);
    ws->city_frac = calloc((size_t)ws->years, sizeof *ws->city_frac);
    if (!ws->ration || !ws->guar_frac || !ws->city_frac) {
        guarantee_ws_free(ws);
        return NULL;
    }
    return ws;
}

static void guarantee_path_init(void *vws, const sf_scenario *sc)
{
    guarantee_ws *ws = vws;
    ws->capital = sc->guarantee.capital_initial;
    for (int t = 0; t < ws->years; t++) {
        ws->ration[t] = 0.0;
        ws->guar_frac[t] = 0.0;
        ws->city_frac[t] = 0.0;
    }
}

static int seg_is_small_micro(const sf_segment *sg)
{
    return sg->size == SF_MICRO || sg->size == SF_SMALL;
}

static void guarantee_year_step(void *vws, const sf_scenario *sc, const sf_portfolio_year *py, const sf_rng_ctx *rc,
                                double *out, double *sm_spend)
{
    guarantee_ws *ws = vws;
    const sf_guarantee_params *p = &sc->guarantee;
    (void)rc;
    assert(py->nseg == sc->nsegs);

    /* 1. The desired guaranteed book; the leverage limit checked at the start of the year. */
    double desired = 0.0, desired_sm = 0.0;
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        const double gb = sg->guaranteed * py->n[s] * sg->avg_amount;
        desired += gb;
        if (seg_is_small_micro(sg))
            desired_sm += gb;
    }
    double injection = 0.0, x = 1.0;
    if (p->leverage_limit > 0.0 && desired > p->leverage_limit * ws->capital) {
        if (p->inject) {
            injection = desired / p->leverage_limit - ws->capital;
            ws->capital = desired / p->leverage_limit;
        } else {
            x = ws->capital > 0.0 ? p->leverage_limit * ws->capital / desired : 0.0;
        }
    }
    const double K = ws->capital;
    const double gb_all = x * desired;

    /* 2. Fees, subsidy, and the guaranteed principal in default P of this year. */
    double fees = 0.0, fee_sub_sm = 0.0, P = 0.0, P_sm = 0.0, loss = 0.0;
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        const double gb = x * sg->guaranteed * py->n[s] * sg->avg_amount;
        const double rate = sg->avg_amount > p->large_threshold ? p->fee_rate_large : p->fee_rate;
        const double fee = rate * gb;
        const double dp = x * sg->guaranteed * py->defaults[s] * sg->avg_amount;
        fees += fee;
        P += dp;
        loss += dp * py->lgd[s];
        if (seg_is_small_micro(sg)) {
            fee_sub_sm += p->fee_subsidy_rate * gb + p->fee_subsidy_share * fee;
            P_sm += dp;
        }
    }
    const double fee_subsidy = p->fee_subsidy_rate * gb_all + p->fee_subsidy_share * fees;

    /* 3. 4222 sharing: the guarantor pays coverage·P, the national fund (while the claim rate is
     * within its cap), the provincial re-guarantor and the city reimburse their shares; the
     * guarantor's own part is the residual, so the five parts sum to P. */
    const double claims = p->coverage * P;
    const double claim_rate = gb_all > 0.0 ? claims / gb_all : 0.0;
    const double nat_share = claim_rate <= p->national_claim_cap ? p->national_share : 0.0;
    const double national = nat_share * P;
    const double provincial = p->provincial_share * P;
    const double city = p->city_share * P;
    const double net_claims = claims - national - provincial - city;
    const double bank_loss = P - claims;
    if (py->t >= 0 && py->t < ws->years) {
        ws->ration[py->t] = x;
        ws->guar_frac[py->t] = p->coverage - nat_share - p->provincial_share - p->city_share;
        ws->city_frac[py->t] = p->city_share;
    }

    /* 4. Recoveries of the defaults of year t − lag, shared in proportion to what each paid. */
    double own_rec = 0.0, city_rec = 0.0, city_rec_sm = 0.0;
    const int t0 = py->t - sc->sim.recovery_lag;
    if (t0 >= 0 && t0 < ws->years && py->recovered != NULL) {
        for (size_t s = 0; s < py->nseg; s++) {
            const sf_segment *sg = &sc->segs[s];
            const double rg = py->recovered[s] * sg->guaranteed * ws->ration[t0];
            own_rec += rg * ws->guar_frac[t0];
            city_rec += rg * ws->city_frac[t0];
            if (seg_is_small_micro(sg))
                city_rec_sm += rg * ws->city_frac[t0];
        }
    }

    /* 5. The capital path. */
    const double opex = p->opex_rate * gb_all;
    const double reg_fees = p->reguarantee_fee * p->national_share * gb_all;
    const double yield_income = p->yield * K;
    ws->capital = K + fees + yield_income - net_claims - opex - reg_fees + own_rec;

    const double gb_sm = x * desired_sm;
    out[SF_GUARANTEE_S_FEE_SUBSIDY] = fee_subsidy;
    out[SF_GUARANTEE_S_LOSS_COMP] = city;
    out[SF_GUARANTEE_S_INJECTION] = injection;
    out[SF_GUARANTEE_S_RECOVERED] = -city_rec;
    out[SF_GUARANTEE_S_CLAIM_RATE] = claim_rate;
    out[SF_GUARANTEE_S_LEVERAGE] = K > 0.0 ? gb_all / K : 0.0;
    out[SF_GUARANTEE_S_CAPITAL] = ws->capital;
    out[SF_GUARANTEE_S_SMALL_MICRO] = gb_all > 0.0 ? gb_sm / gb_all : 0.0;
    out[SF_GUARANTEE_S_SUPPORTED] = gb_all;
    out[SF_GUARANTEE_S_HAS_BOOK] = gb_all > 0.0 ? 1.0 : 0.0;
    out[SF_GUARANTEE_S_LOSS_RATE] = gb_all > 0.0 ? loss / gb_all : 0.0;
    out[SF_GUARANTEE_S_RATIONED] = desired - gb_all;
    out[SF_GUARANTEE_S_FEES] = fees;
    out[SF_GUARANTEE_S_DEFAULTED] = P;
    out[SF_GUARANTEE_S_CLAIMS] = claims;
    out[SF_GUARANTEE_S_BANK_LOSS] = bank_loss;
    out[SF_GUARANTEE_S_NATIONAL] = national;
    out[SF_GUARANTEE_S_PROVINCIAL] = provincial;
    out[SF_GUARANTEE_S_NET_CLAIMS] = net_claims;
    out[SF_GUARANTEE_S_OPEX] = opex;
    out[SF_GUARANTEE_S_REG_FEES] = reg_fees;
    out[SF_GUARANTEE_S_YIELD] = yield_income;
    out[SF_GUARANTEE_S_OWN_RECOVERED] = own_rec;
    /* The views (issue 11), the budget lines summed in the driver's order. */
    const double lines = fee_subsidy + city + injection + -city_rec;
    out[SF_GUARANTEE_S_TREASURY] = (py->t == 0 ? p->capital_initial : 0.0) + lines;
    out[SF_GUARANTEE_S_INCURRED] = lines;
    double prov = 0.0;
    if (py->n_next != NULL) {
        const double bear = p->coverage - nat_share - p->provincial_share;
        for (size_t s = 0; s < py->nseg; s++) {
            const sf_segment *sg = &sc->segs[s];
            if (!(sg->guaranteed > 0.0) || !(py->n_next[s] > 0.0))
                continue;
            const int mat = py->maturity ? py->maturity[s] : 0;
            prov += x * sg->guaranteed * py->n_next[s] * sg->avg_amount * sf_runoff_defaults(sg, mat, py->year) *
                    sg->lgd * bear;
        }
    }
    out[SF_GUARANTEE_S_OBLIGATIONS] = prov;
    /* The injection serves the whole book: its small/micro part is the book's small/micro share. */
    const double sm_book = desired > 0.0 ? desired_sm / desired : 0.0;
    *sm_spend += fee_sub_sm + p->city_share * P_sm + injection * sm_book - city_rec_sm;
}

static double stat_total_mean(const sf_result *res, const char *name)
{
    const sf_stat *st = sf_result_stat(res, name, SF_YEAR_TOTAL);
    return st ? st->mean : NAN;
}

/* Figures for run.json and the report (Art. 60): the break-even fee rate, where expected fees
 * + yield = expected net claims + opex + re-guarantee fees over the horizon, i.e.
 * f* = (E[net claims] + E[opex] + E[re-guarantee fees] − E[yield]) / E[Σ GB]; the probability
 * of any capital injection; the small/micro rule against small_micro_min. */
static int guarantee_extras(const sf_scenario *sc, const sf_result *res, sf_extras *ex, sf_err *err)
{
    (void)err;
    int rc = SF_OK;
    const double gb = stat_total_mean(res, "guarantee.supported");
    const double cost = stat_total_mean(res, "guarantee.net_claims") + stat_total_mean(res, "guarantee.opex") +
                        stat_total_mean(res, "guarantee.reguarantee_fees") -
                        stat_total_mean(res, "guarantee.yield_income");
    if (gb > 0.0 && isfinite(cost))
        rc = sf_extras_add(ex, "guarantee.break_even_fee", cost / gb);
    const int k = sf_result_series(res, "guarantee.capital_injection");
    if (k >= 0 && res->npaths > 0) {
        double hit = 0, all = 0; /* sums of the paths' weights (1 each without importance sampling) */
        for (long path = 0; path < res->npaths; path++) {
            all += sf_result_weight(res, path);
            for (int y = 0; y < res->nyears; y++)
                if (sf_result_value(res, k, y, path) > 0.0) {
                    hit += sf_result_weight(res, path);
                    break;
                }
        }
        if (rc == SF_OK)
            rc = sf_extras_add(ex, "guarantee.injection_probability", hit / all);
    }
    /* The small/micro rule over the years with a book only: small_micro_share is 0 on a path
     * without one (no NaN in any output), so the share among the paths with a book is
     * E[share] / P(book), P(book) the mean of guarantee.has_book; a year in which no path has
     * a book ("no book" in the report) has no share and is left out. */
    double smin = INFINITY;
    for (int y = 0; y < res->nyears; y++) {
        const int year = sc->sim.start_year + y;
        const sf_stat *st = sf_result_stat(res, "guarantee.small_micro_share", year);
        const sf_stat *hb = sf_result_stat(res, "guarantee.has_book", year);
        if (st == NULL || hb == NULL || !(hb->mean > 0.0))
            continue;
        const double share = st->mean / hb->mean;
        if (share < smin)
            smin = share;
    }
    if (isfinite(smin) && rc == SF_OK) {
        rc = sf_extras_add(ex, "guarantee.small_micro_share_min", smin);
        if (rc == SF_OK)
            rc = sf_extras_add(ex, "guarantee.small_micro_below_min", smin < sc->guarantee.small_micro_min ? 1.0 : 0.0);
    }
    return rc;
}

/* The split by segment (mechanism.h), from the year the step just took (its ration x is kept in
 * ws->ration): the fee subsidy on each segment's guaranteed book and fees, the city's share of its
 * guaranteed principal in default, the city's part of its recoveries (negative), and the capital
 * injection, which serves the whole book, by each segment's share of the desired book (as the
 * small/micro part is counted). */
static void guarantee_year_split(void *vws, const sf_scenario *sc, const sf_portfolio_year *py, const double *out,
                                 double *by_seg)
{
    const guarantee_ws *ws = vws;
    const sf_guarantee_params *p = &sc->guarantee;
    const double x = py->t >= 0 && py->t < ws->years ? ws->ration[py->t] : 1.0;
    double desired = 0.0;
    for (size_t s = 0; s < py->nseg; s++)
        desired += sc->segs[s].guaranteed * py->n[s] * sc->segs[s].avg_amount;
    const double injection = out[SF_GUARANTEE_S_INJECTION];
    const int t0 = py->t - sc->sim.recovery_lag;
    const int rec = t0 >= 0 && t0 < ws->years && py->recovered != NULL;
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        const double want = sg->guaranteed * py->n[s] * sg->avg_amount;
        const double gb = x * want;
        const double rate = sg->avg_amount > p->large_threshold ? p->fee_rate_large : p->fee_rate;
        const double dp = x * sg->guaranteed * py->defaults[s] * sg->avg_amount;
        double v = p->fee_subsidy_rate * gb + p->fee_subsidy_share * (rate * gb) + p->city_share * dp;
        if (desired > 0.0)
            v += injection * (want / desired);
        if (rec)
            v -= py->recovered[s] * sg->guaranteed * ws->ration[t0] * ws->city_frac[t0];
        by_seg[s] = v;
    }
}

/* The financing supported by segment (mechanism.h): its guaranteed balance after the year's ration
 * x (ws->ration), x·g·n·A, as year_step adds it into GB. */
static void guarantee_year_supported(void *vws, const sf_scenario *sc, const sf_portfolio_year *py, const double *out,
                                     double *by_seg)
{
    const guarantee_ws *ws = vws;
    (void)out;
    const double x = py->t >= 0 && py->t < ws->years ? ws->ration[py->t] : 1.0;
    for (size_t s = 0; s < py->nseg; s++)
        by_seg[s] = x * sc->segs[s].guaranteed * py->n[s] * sc->segs[s].avg_amount;
}

static const char *const guarantee_path_series[] = {"guarantee.capital_injection", NULL};

const sf_mechanism sf_guarantee_mechanism = {
    .name = SF_MECHANISM_SECTION(guarantee),
    .article = "60",
    .series = guarantee_series,
    .nseries = SF_GUARANTEE_NSERIES,
    .enabled = guarantee_enabled,
    .ws_alloc = guarantee_ws_alloc,
    .ws_free = guarantee_ws_free,
    .path_init = guarantee_path_init,
    .year_step = guarantee_year_step,
    .extras = guarantee_extras,
    .path_series = guarantee_path_series,
    .year_split = guarantee_year_split,
    .year_supported = guarantee_year_supported,
};
