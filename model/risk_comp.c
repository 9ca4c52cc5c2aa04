/*
 * risk_comp.c — the loan risk compensation pool of Art. 55 (definitions in risk_comp.h and
 * issue 3; parameter sources in ../shared/reference/policy-parameters.md §1 and §9: Shenzhen
 * "overall 30 %" with a 50 % cap, Guangzhou size tiers 40/30/20 and the 3 % bank stop line).
 *
 * Deterministic given the portfolio's year: no random draws.
 */
#include "risk_comp.h"

#include "mechanism.h"
#include "runoff.h"
#include "scenario.h"
#include "sim.h"
#include "stats.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const sf_series_def risk_comp_series[SF_RISK_COMP_NSERIES] = {
    [SF_RISK_COMP_S_PAID] = {"risk_comp.paid", "CNY", SF_SERIES_BUDGET, "55"},
    [SF_RISK_COMP_S_RECOVERED] = {"risk_comp.recovered", "CNY", SF_SERIES_BUDGET, "55"},
    [SF_RISK_COMP_S_POOL] = {"risk_comp.pool_balance", "CNY", SF_SERIES_STOCK, "55"},
    [SF_RISK_COMP_S_SHORTFALL] = {"risk_comp.shortfall", "CNY", SF_SERIES_STOCK, "55"},
    [SF_RISK_COMP_S_CLAIMS] = {"risk_comp.claims", "CNY", 0, "55"},
    [SF_RISK_COMP_S_SUPPORTED] = {"risk_comp.supported", "CNY", SF_SERIES_SUPPORTED, "55"},
    [SF_RISK_COMP_S_LOSS_RATE] = {"risk_comp.loss_rate", "ratio", SF_SERIES_LOSSRATE, "55"},
    [SF_RISK_COMP_S_SUSPENDED] = {"risk_comp.suspended_banks", "count", 0, "55"},
    [SF_RISK_COMP_S_TREASURY] = {"risk_comp.treasury", "CNY", SF_SERIES_TREASURY, "55"},
    [SF_RISK_COMP_S_DEFERRED] = {"risk_comp.deferred_net", "CNY", SF_SERIES_DEFERRAL, "55"},
    [SF_RISK_COMP_S_INCURRED] = {"risk_comp.claims_incurred", "CNY", SF_SERIES_CLAIMS, "55"},
    [SF_RISK_COMP_S_CAP_BINDS] = {"risk_comp.cap_binds", "flag", 0, "55"},
    [SF_RISK_COMP_S_OBLIGATIONS] = {"risk_comp.obligations_end", "CNY", SF_SERIES_OBLIGATIONS | SF_SERIES_STOCK,
                                    "55"},
    [SF_RISK_COMP_S_ANY_SUSPENDED] = {"risk_comp.any_suspended", "flag", 0, "55"},
    [SF_RISK_COMP_S_CLAIMS_NS] = {"risk_comp.claims_no_suspension", "CNY", 0, "55"},
    [SF_RISK_COMP_S_PAID_NS] = {"risk_comp.paid_no_suspension", "CNY", 0, "55"},
    [SF_RISK_COMP_S_RECOVERED_NS] = {"risk_comp.recovered_no_suspension", "CNY", 0, "55"},
    [SF_RISK_COMP_S_SUSPENSION_EFFECT] = {"risk_comp.suspension_effect", "CNY", 0, "55"},
};

/* One pool's state on a path: the pool as run, and its shadow with no bank ever suspended (the
 * same paths and claims rules, suspension aside: what the stop line changes). */
typedef struct pool_state {
    double pool;       /* pool balance */
    double backlog;    /* deferred claims, paid first next year */
    double backlog_sm; /* the small/micro part of the backlog */
    double *frac;      /* [years][nseg] share of the segment's defaulted principal the pool bears */
    double *owed;      /* [nseg] the backlog by segment (on_shortfall = defer), as backlog_sm is kept */
    double *paid;      /* [nseg] this year's payment by segment: of this year's claims and of the backlog */
} pool_state;

/* Per-thread state of one path. */
typedef struct risk_comp_ws {
    size_t nseg;
    int nbanks;
    int years;
    pool_state run, shadow;
    double *claim;      /* [nseg] this year's claim per segment, after the caps */
    double *bank_dp;    /* [nbanks] eligible principal in default */
    double *bank_bal;   /* [nbanks] eligible performing balance, then its NPL ratio */
    double *bank_npl;   /* [nbanks] the NPL ratio, suspension aside */
    double *bank_claim; /* [nbanks] claim before the bank cap */
    double *bank_loss;  /* [nbanks] eligible principal in default x LGD */
} risk_comp_ws;

double sf_risk_comp_loan_share(const sf_risk_comp_params *p, double amount, sf_product product)
{
    double base = p->share;
    double best = INFINITY;
    /* The smallest tier whose upper amount covers the loan; tiers need not be sorted. */
    for (int i = 0; i < p->ntiers; i++)
        if (amount <= p->tier_amount[i] && p->tier_amount[i] < best) {
            best = p->tier_amount[i];
            base = p->tier_share[i];
        }
    double s = base + ((unsigned)product < SF_NPRODUCTS ? p->uplift[product] : 0.0);
    if (s > p->share_cap)
        s = p->share_cap;
    return s > 0.0 ? s : 0.0;
}

/* The corridor's fraction of a bank with NPL ratio r, suspension aside. */
static double corridor_only(const sf_risk_comp_params *p, double r)
{
    if (!(r > 0.0))
        return 0.0;
    const double inside = fmin(r, p->corridor_high) - p->corridor_low;
    return inside > 0.0 ? inside / r : 0.0;
}

double sf_risk_comp_corridor_fraction(const sf_risk_comp_params *p, double r)
{
    return r > p->suspend_above ? 0.0 : corridor_only(p, r);
}

static int bank_of(const sf_scenario *sc, const sf_segment *sg)
{
    return sg->bank >= 0 && sg->bank < sc->nbanks ? sg->bank : 0;
}

double sf_risk_comp_provision(const sf_scenario *sc, const sf_portfolio_year *py, double *bank_num, double *bank_den,
                              double *bank_loss)
{
    const sf_risk_comp_params *p = &sc->risk_comp;
    if (py->n_next == NULL)
        return 0.0;
    const int nb = sc->nbanks > 0 ? sc->nbanks : 1;
    for (int b = 0; b < nb; b++)
        bank_num[b] = bank_den[b] = bank_loss[b] = 0.0;
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        const double bal = sg->compensation_eligible * py->n_next[s] * sg->avg_amount;
        bank_num[bank_of(sc, sg)] += bal * sg->pd;
        bank_loss[bank_of(sc, sg)] += bal * sg->pd * sg->lgd;
        bank_den[bank_of(sc, sg)] += bal;
    }
    double prov = 0.0;
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        const int b = bank_of(sc, sg);
        if (!(py->n_next[s] > 0.0) || !(sg->compensation_eligible > 0.0))
            continue;
        /* The bank's expected NPL ratio (and NPL loss rate, for suspend_basis = loss). */
        const double r = bank_den[b] > 0.0 ? bank_num[b] / bank_den[b] : 0.0;
        const double line = p->suspend_basis == SF_RISK_COMP_SUSPEND_LOSS
                                ? (bank_den[b] > 0.0 ? bank_loss[b] / bank_den[b] : 0.0)
                                : r;
        const double f = line > p->suspend_above ? 0.0 : corridor_only(p, r);
        double per_loan = sf_risk_comp_loan_share(p, sg->avg_amount, sg->product) * sg->avg_amount * f;
        if (p->loan_cap > 0.0 && per_loan > p->loan_cap)
            per_loan = p->loan_cap;
        const int mat = py->maturity ? py->maturity[s] : 0;
        prov += sg->compensation_eligible * py->n_next[s] * sf_runoff_defaults(sg, mat, py->year) * per_loan * sg->lgd;
    }
    return prov;
}

static int risk_comp_enabled(const sf_scenario *sc)
{
    return sc->risk_comp.enabled;
}

static void risk_comp_ws_free(void *vws)
{
    risk_comp_ws *ws = vws;
    if (ws == NULL)
        return;
    free(ws->claim);
    free(ws->bank_dp);
    free(ws->bank_bal);
    free(ws->bank_npl);
    free(ws->bank_claim);
    free(ws->bank_loss);
    free(ws->run.frac);
    free(ws->shadow.frac);
    free(ws->run.owed);
    free(ws->run.paid);
    free(ws->shadow.owed);
    free(ws->shadow.paid);
    free(ws);
}

static void *risk_comp_ws_alloc(const sf_scenario *sc)
{
    risk_comp_ws *ws = calloc(1, sizeof *ws);
    if (ws == NULL)
        return NULL;
    ws->nseg = sc->nsegs;
    ws->nbanks = sc->nbanks > 0 ? sc->nbanks : 1;
    ws->years = sc->sim.years > 0 ? sc->sim.years : 1;
    const size_t nseg = ws->nseg > 0 ? ws->nseg : 1;
    ws->claim = calloc(nseg, sizeof *ws->claim);
    ws->bank_dp = calloc((size_t)ws->nbanks, sizeof *ws->bank_dp);
    ws->bank_bal = calloc((size_t)ws->nbanks, sizeof *ws->bank_bal);
    ws->bank_npl = calloc((size_t)ws->nbanks, sizeof *ws->bank_npl);
    ws->bank_claim = calloc((size_t)ws->nbanks, sizeof *ws->bank_claim);
    ws->bank_loss = calloc((size_t)ws->nbanks, sizeof *ws->bank_loss);
    ws->run.frac = calloc((size_t)ws->years * nseg, sizeof *ws->run.frac);
    ws->shadow.frac = calloc((size_t)ws->years * nseg, sizeof *ws->shadow.frac);
    ws->run.owed = calloc(nseg, sizeof(double));
    ws->run.paid = calloc(nseg, sizeof(double));
    ws->shadow.owed = calloc(nseg, sizeof(double));
    ws->shadow.paid = calloc(nseg, sizeof(double));
    if (!ws->claim || !ws->bank_dp || !ws->bank_bal || !ws->bank_npl || !ws->bank_claim || !ws->bank_loss ||
        !ws->run.frac || !ws->shadow.frac || !ws->run.owed || !ws->run.paid || !ws->shadow.owed || !ws->shadow.paid) {
        risk_comp_ws_free(ws);
        return NULL;
    }
    return ws;
}

static void pool_init(pool_state *ps, const risk_comp_ws *ws, const sf_scenario *sc)
{
    ps->pool = sc->risk_comp.pool_initial;
    ps->backlog = 0.0;
    ps->backlog_sm = 0.0;
    for (size_t s = 0; s < ws->nseg; s++)
        ps->owed[s] = ps->paid[s] = 0.0;
    for (size_t i = 0; i < (size_t)ws->years * ws->nseg; i++)
        ps->frac[i] = 0.0;
}

static void risk_comp_path_init(void *vws, const sf_scenario *sc)
{
    risk_comp_ws *ws = vws;
    pool_init(&ws->run, ws, sc);
    pool_init(&ws->shadow, ws, sc);
}

static int seg_is_small_micro(const sf_segment *sg)
{
    return sg->size == SF_MICRO || sg->size == SF_SMALL;
}

static int seg_bank(const risk_comp_ws *ws, const sf_segment *sg)
{
    return sg->bank >= 0 && sg->bank < ws->nbanks ? sg->bank : 0;
}

/* Recoveries arriving this year from the defaults of year t - lag, pro rata to the fraction of
 * the defaulted principal the pool bore (Art. 55: "recoveries after compensation flow back"). */
static double recoveries_in(const risk_comp_ws *ws, const pool_state *ps, const sf_scenario *sc,
                            const sf_portfolio_year *py, double *sm)
{
    const int t0 = py->t - sc->sim.recovery_lag;
    double rec = 0.0;
    *sm = 0.0;
    if (t0 < 0 || t0 >= ws->years || py->recovered == NULL)
        return 0.0;
    const double *fr = ps->frac + (size_t)t0 * ws->nseg;
    for (size_t s = 0; s < ws->nseg; s++) {
        const double r = fr[s] * py->recovered[s];
        rec += r;
        if (seg_is_small_micro(&sc->segs[s]))
            *sm += r;
    }
    return rec;
}

/* This year's claims per segment into ws->claim (share x principal x f per loan, capped per loan,
 * then per bank), with f from the banks' NPL ratios `npl` (-1: suspended, f = 0). Returns the
 * total; *sm its small/micro part. */
static double claims_of_year(risk_comp_ws *ws, const sf_scenario *sc, const sf_portfolio_year *py,
                             const double *npl, double *sm)
{
    const sf_risk_comp_params *p = &sc->risk_comp;
    for (int b = 0; b < ws->nbanks; b++)
        ws->bank_claim[b] = 0.0;
    for (size_t s = 0; s < ws->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        const int b = seg_bank(ws, sg);
        const double f = corridor_only(p, npl[b]); /* 0 for a suspended bank (-1) */
        double per_loan = sf_risk_comp_loan_share(p, sg->avg_amount, sg->product) * sg->avg_amount * f;
        if (p->loan_cap > 0.0 && per_loan > p->loan_cap)
            per_loan = p->loan_cap;
        ws->claim[s] = sg->compensation_eligible * py->defaults[s] * per_loan;
        ws->bank_claim[b] += ws->claim[s];
    }
    if (p->bank_cap > 0.0) {
        for (size_t s = 0; s < ws->nseg; s++) {
            const int b = seg_bank(ws, &sc->segs[s]);
            if (ws->bank_claim[b] > p->bank_cap)
                ws->claim[s] *= p->bank_cap / ws->bank_claim[b];
        }
    }
    double claims = 0.0, claims_sm = 0.0;
    for (size_t s = 0; s < ws->nseg; s++) {
        claims += ws->claim[s];
        if (seg_is_small_micro(&sc->segs[s]))
            claims_sm += ws->claim[s];
    }
    *sm = claims_sm;
    return claims;
}

/* One year of a pool: the budget's transfer (the funding rule) and (lag >= 1) recoveries in,
 * then this year's claims (ws->claim, total `claims`, small/micro part `claims_sm`) out. */
typedef struct pool_year {
    double paid, paid_sm, rec, rec_sm, shortfall;
    double transfer; /* what the budget transferred into the pool this year (pool_initial aside) */
} pool_year;

static pool_year pool_step(risk_comp_ws *ws, pool_state *ps, const sf_scenario *sc, const sf_portfolio_year *py,
                           double claims, double claims_sm)
{
    const sf_risk_comp_params *p = &sc->risk_comp;
    pool_year y = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    y.transfer = p->appropriation;
    if (p->funding == SF_RISK_COMP_TARGET && p->target_balance - ps->pool > y.transfer)
        y.transfer = p->target_balance - ps->pool;
    ps->pool += y.transfer;
    if (sc->sim.recovery_lag > 0) {
        y.rec = recoveries_in(ws, ps, sc, py, &y.rec_sm);
        ps->pool += y.rec;
    }
    if (p->funding == SF_RISK_COMP_PAYG) {
        /* Pay as you go: the budget tops the pool up to every claim due this year. */
        const double due = claims + (p->on_shortfall == SF_RISK_COMP_DEFER ? ps->backlog : 0.0);
        const double have = ps->pool > 0.0 ? ps->pool : 0.0;
        if (due > have) {
            y.transfer += due - have;
            ps->pool += due - have;
        }
    }
    const double avail = ps->pool > 0.0 ? ps->pool : 0.0;
    double ratio = 1.0; /* the part of this year's claims the pool bears, for recoveries */
    if (p->on_shortfall == SF_RISK_COMP_PRORATE) {
        y.paid = fmin(claims, avail);
        ratio = claims > 0.0 ? y.paid / claims : 1.0;
        for (size_t s = 0; s < ws->nseg; s++)
            ps->paid[s] = ws->claim[s] * ratio;
        y.paid_sm = claims_sm * ratio;
        y.shortfall = claims - y.paid;
    } else {
        /* Deferral: the backlog is senior; the pool owes every claim, so it is entitled to the
         * recoveries of the whole claim (ratio 1) even while part of it is still unpaid. */
        const double pay_back = fmin(ps->backlog, avail);
        const double back_sm = ps->backlog > 0.0 ? ps->backlog_sm * (pay_back / ps->backlog) : 0.0;
        const double pay_new = fmin(claims, avail - pay_back);
        const double new_sm = claims > 0.0 ? claims_sm * (pay_new / claims) : 0.0;
        /* by segment: the backlog is paid pro rata (as its small/micro part), then this year's claims */
        const double fb = ps->backlog > 0.0 ? pay_back / ps->backlog : 0.0, fn = claims > 0.0 ? pay_new / claims : 0.0;
        for (size_t s = 0; s < ws->nseg; s++) {
            const double pb = ps->owed[s] * fb, pn = ws->claim[s] * fn;
            ps->paid[s] = pb + pn;
            ps->owed[s] = ps->owed[s] - pb + (ws->claim[s] - pn);
        }
        y.paid = pay_back + pay_new;
        y.paid_sm = back_sm + new_sm;
        ps->backlog = ps->backlog - pay_back + claims - pay_new;
        ps->backlog_sm = ps->backlog_sm - back_sm + claims_sm - new_sm;
        y.shortfall = ps->backlog;
    }
    ps->pool -= y.paid;

    /* Record the fraction of each segment's defaulted principal the pool bears. */
    if (py->t >= 0 && py->t < ws->years) {
        double *fr = ps->frac + (size_t)py->t * ws->nseg;
        for (size_t s = 0; s < ws->nseg; s++) {
            const double dp = py->defaults[s] * sc->segs[s].avg_amount;
            fr[s] = dp > 0.0 ? ws->claim[s] * ratio / dp : 0.0;
        }
    }
    if (sc->sim.recovery_lag <= 0) {
        y.rec = recoveries_in(ws, ps, sc, py, &y.rec_sm);
        ps->pool += y.rec;
    }
    return y;
}

static void risk_comp_year_step(void *vws, const sf_scenario *sc, const sf_portfolio_year *py, const sf_rng_ctx *rc,
                                double *out, double *sm_spend)
{
    risk_comp_ws *ws = vws;
    const sf_risk_comp_params *p = &sc->risk_comp;
    (void)rc;
    assert(py->nseg == ws->nseg);

    /* 1. Eligible balance and principal in default per bank: the NPL ratio r of the corridor. */
    for (int b = 0; b < ws->nbanks; b++) {
        ws->bank_dp[b] = 0.0;
        ws->bank_bal[b] = 0.0;
        ws->bank_loss[b] = 0.0;
    }
    double supported = 0.0, loss = 0.0;
    for (size_t s = 0; s < ws->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        const double e = sg->compensation_eligible;
        const int b = seg_bank(ws, sg);
        const double bal = e * py->n[s] * sg->avg_amount;
        const double dp = e * py->defaults[s] * sg->avg_amount;
        ws->bank_bal[b] += bal;
        ws->bank_dp[b] += dp;
        ws->bank_loss[b] += dp * py->lgd[s];
        supported += bal;
        loss += dp * py->lgd[s];
    }

    /* 2. Suspension: a bank whose NPL ratio (suspend_basis = npl) or NPL loss rate (loss) is
     * above suspend_above gets f = 0 this year. */
    int suspended = 0;
    for (int b = 0; b < ws->nbanks; b++) {
        const double r = ws->bank_bal[b] > 0.0 ? ws->bank_dp[b] / ws->bank_bal[b] : 0.0;
        const double line = p->suspend_basis == SF_RISK_COMP_SUSPEND_LOSS
                                ? (ws->bank_bal[b] > 0.0 ? ws->bank_loss[b] / ws->bank_bal[b] : 0.0)
                                : r;
        const int stop = line > p->suspend_above;
        suspended += stop;
        ws->bank_npl[b] = r;
        ws->bank_bal[b] = stop ? -1.0 : r; /* reuse: the bank's NPL ratio from here on, -1 if suspended */
    }

    /* 3. The shadow pool first (no bank suspended; its claims are discarded after), then the pool
     * as run: ws->claim holds the run's claims at the end. Same paths, no draws. */
    double sh_claims_sm = 0.0;
    const double sh_claims = claims_of_year(ws, sc, py, ws->bank_npl, &sh_claims_sm);
    const pool_year sh = pool_step(ws, &ws->shadow, sc, py, sh_claims, sh_claims_sm);
    double claims_sm = 0.0;
    const double claims = claims_of_year(ws, sc, py, ws->bank_bal, &claims_sm);
    const pool_year y = pool_step(ws, &ws->run, sc, py, claims, claims_sm);

    out[SF_RISK_COMP_S_PAID] = y.paid;
    out[SF_RISK_COMP_S_RECOVERED] = -y.rec;
    out[SF_RISK_COMP_S_POOL] = ws->run.pool;
    out[SF_RISK_COMP_S_SHORTFALL] = y.shortfall;
    out[SF_RISK_COMP_S_CLAIMS] = claims;
    out[SF_RISK_COMP_S_SUPPORTED] = supported;
    out[SF_RISK_COMP_S_LOSS_RATE] = supported > 0.0 ? loss / supported : 0.0;
    out[SF_RISK_COMP_S_SUSPENDED] = suspended;
    out[SF_RISK_COMP_S_ANY_SUSPENDED] = suspended > 0;
    out[SF_RISK_COMP_S_CLAIMS_NS] = sh_claims;
    out[SF_RISK_COMP_S_PAID_NS] = sh.paid;
    out[SF_RISK_COMP_S_RECOVERED_NS] = -sh.rec;
    out[SF_RISK_COMP_S_SUSPENSION_EFFECT] = (sh.paid - sh.rec) - (y.paid - y.rec);
    /* The three views (issue 11): what the budget transfers, and the claims the year incurred
     * whether or not the pool could pay them: paid + recovered + (claims − paid). Nothing binds:
     * claims − paid is 0 exactly, so claims_incurred equals the payouts exactly. */
    out[SF_RISK_COMP_S_TREASURY] = (py->t == 0 ? p->pool_initial : 0.0) + y.transfer;
    out[SF_RISK_COMP_S_DEFERRED] = claims - y.paid;
    out[SF_RISK_COMP_S_CAP_BINDS] = y.shortfall > 0.0 ? 1.0 : 0.0;
    out[SF_RISK_COMP_S_INCURRED] = y.paid + -y.rec + (claims - y.paid);
    const double owed = p->on_shortfall == SF_RISK_COMP_DEFER ? ws->run.backlog : 0.0;
    out[SF_RISK_COMP_S_OBLIGATIONS] = owed + sf_risk_comp_provision(sc, py, ws->bank_dp, ws->bank_claim, ws->bank_bal);
    *sm_spend += y.paid_sm - y.rec_sm;
}

/* Share of paths on which the pool could not pay every claim due in some year: the budget
 * office's "is the pool big enough" figure (Art. 55 pool top-ups). The stop line: the share of
 * paths with a bank suspended in some year, and the budget needed at budget.confidence had no
 * bank been suspended (budget.total + risk_comp.suspension_effect on each path), per year and
 * over the horizon, beside budget.needed.* (which keeps the line). */
static int risk_comp_extras(const sf_scenario *sc, const sf_result *res, sf_extras *ex, sf_err *err)
{
    (void)err;
    const int k = sf_result_series(res, "risk_comp.shortfall");
    if (k < 0 || res->npaths <= 0)
        return SF_OK;
    double hit = 0, all = 0; /* sums of the paths' weights (1 each without importance sampling) */
    for (long path = 0; path < res->npaths; path++) {
        all += sf_result_weight(res, path);
        for (int y = 0; y < res->nyears; y++)
            if (sf_result_value(res, k, y, path) > 0.0) {
                hit += sf_result_weight(res, path);
                break;
            }
    }
    int rc = sf_extras_add(ex, "risk_comp.shortfall_probability", hit / all);
    /* Deferred claims still owed at the end of the horizon (none when claims are pro-rated). */
    const sf_stat *st = sf_result_stat(res, "risk_comp.shortfall", sc->sim.start_year + res->nyears - 1);
    const int defer = sc->risk_comp.on_shortfall == SF_RISK_COMP_DEFER;
    if (rc == SF_OK && st != NULL)
        rc = sf_extras_add(ex, "risk_comp.owed_end.mean", defer ? st->mean : 0.0);
    if (rc == SF_OK && st != NULL)
        rc = sf_extras_add(ex, "risk_comp.owed_end.p95", defer ? st->q[SF_Q95] : 0.0);
    const int ka = sf_result_series(res, "risk_comp.any_suspended");
    const int ke = sf_result_series(res, "risk_comp.suspension_effect");
    const int kb = sf_result_series(res, "budget.total");
    if (rc != SF_OK || ka < 0)
        return rc;
    hit = 0;
    for (long path = 0; path < res->npaths; path++)
        for (int y = 0; y < res->nyears; y++)
            if (sf_result_value(res, ka, y, path) > 0.0) {
                hit += sf_result_weight(res, path);
                break;
            }
    rc = sf_extras_add(ex, "risk_comp.suspension_probability", hit / all);
    if (rc != SF_OK || ke < 0 || kb < 0 || !(sc->budget.confidence > 0.0))
        return rc;
    double *x = malloc((size_t)res->npaths * sizeof *x * (res->weights ? 2 : 1));
    if (x == NULL)
        return sf_err_set(err, SF_ENOMEM, "out of memory");
    for (int c = 0; c <= res->nyears && rc == SF_OK; c++) { /* the years, then the horizon total */
        for (long path = 0; path < res->npaths; path++)
            x[path] = sf_result_value(res, kb, c, path) + sf_result_value(res, ke, c, path);
        char key[64];
        if (c < res->nyears)
            snprintf(key, sizeof key, "risk_comp.needed_no_suspension.%d", sc->sim.start_year + c);
        else
            snprintf(key, sizeof key, "risk_comp.needed_no_suspension.total");
        double q, cv;
        if (res->weights) { /* importance sampling: the weighted quantile (docs/engine.md) */
            sf_stats_wpoint *wp = (sf_stats_wpoint *)x;
            for (long path = res->npaths; path-- > 0;) { /* backwards: wp[path] overlays x[2 path ..] */
                const double v = x[path];
                wp[path].x = v;
                wp[path].w = res->weights[path];
            }
            sf_stats_wtail_summary(wp, (size_t)res->npaths, &sc->budget.confidence, 1, &q, NULL, 0, &cv);
        } else
            sf_stats_tail_summary(x, (size_t)res->npaths, &sc->budget.confidence, 1, &q, NULL, 0, &cv);
        rc = sf_extras_add(ex, key, q);
    }
    free(x);
    return rc;
}

/* The financing supported by segment (mechanism.h): its eligible balance e·n·A, as year_step adds it. */
static void risk_comp_year_supported(void *vws, const sf_scenario *sc, const sf_portfolio_year *py, const double *out,
                                     double *by_seg)
{
    (void)vws;
    (void)out;
    for (size_t s = 0; s < py->nseg; s++)
        by_seg[s] = sc->segs[s].compensation_eligible * py->n[s] * sc->segs[s].avg_amount;
}

/* The split by segment (mechanism.h), from the run's pool as the step left it: what it paid each
 * segment this year (of this year's claims and, on_shortfall = defer, of the segment's backlog,
 * which is paid pro rata as the small/micro part is), less the recoveries credited to it (the
 * fraction of its defaults of year t - lag the pool bore). */
static void risk_comp_year_split(void *vws, const sf_scenario *sc, const sf_portfolio_year *py, const double *out,
                                 double *by_seg)
{
    const risk_comp_ws *ws = vws;
    (void)out;
    const int t0 = py->t - sc->sim.recovery_lag;
    const double *fr = t0 >= 0 && t0 < ws->years && py->recovered != NULL ? ws->run.frac + (size_t)t0 * ws->nseg : NULL;
    for (size_t s = 0; s < ws->nseg && s < py->nseg; s++)
        by_seg[s] = ws->run.paid[s] - (fr ? fr[s] * py->recovered[s] : 0.0);
}

static const char *const risk_comp_path_series[] = {"risk_comp.shortfall", "risk_comp.any_suspended",
                                                   "risk_comp.suspension_effect", NULL};

const sf_mechanism sf_risk_comp_mechanism = {
    .name = SF_MECHANISM_SECTION(risk_comp),
    .article = "55",
    .series = risk_comp_series,
    .nseries = SF_RISK_COMP_NSERIES,
    .enabled = risk_comp_enabled,
    .ws_alloc = risk_comp_ws_alloc,
    .ws_free = risk_comp_ws_free,
    .path_init = risk_comp_path_init,
    .year_step = risk_comp_year_step,
    .extras = risk_comp_extras,
    .path_series = risk_comp_path_series,
    .year_split = risk_comp_year_split,
    .year_supported = risk_comp_year_supported,
};
