/*
 * bridge.c — the emergency bridge-loan (应急转贷) revolving fund of Art. 58, simulated as a loss
 * system path by path (issue 4; parameters from policy-parameters.md §3).
 *
 * A firm whose bank has committed to renew its loan borrows from the fund to repay the old loan
 * and repays the fund when the new loan is paid out. Requests come from the year's renewals
 * (R_t x bridge_eligible x need_rate, binomial per segment) at uniformly random instants of the
 * year (continuous time); each asks for min(A·advance_share, firm_cap) for a duration in days. A
 * request is served when the fund's free capital covers it and the fund is not suspended, else
 * it is rejected (an Erlang-style loss system: there is no queue). When a bridge falls due the
 * bank renews, and the money with its stepped fee returns; or the bank refuses, with the cycle-
 * conditional probability p(Y) = sf_irb_conditional_pd(refuse_prob, refuse_rho, Y), and the money
 * stays out until the year end, when the budget replenishes the loss amount·(1 − recovery)
 * (`bridge.loss`) and the recovery is collected. New bridges stop while refused bridges not yet
 * replenished exceed suspend_overdue_share of the capital. Bridges still out at the year end
 * carry over into the next year with the fund's state.
 *
 * Most years cannot congest: a bound on the capital in use at any instant (year_capital_needed)
 * proves that every request finds its money, and the year is computed request by request in
 * linear time without sorting (year_fast; suspension, if any, from its onset on). The other years
 * are simulated event by event (year_events): the requests sorted by instant and, before each
 * one, every release due earlier popped from a binary heap (bridge_queue.c), or taken from a
 * first-in-first-out list with fixed durations. Both give the same results (tests/test_bridge.c).
 *
 * Randomness: per segment and year one reset of the SF_STREAM_BRIDGE stream (unit = segment),
 * then the request count, the number refused by the bank, and per request its instant and
 * duration. None of these draws depends on the capital, so capitals compared on the same seed see
 * the same requests (common random numbers; the sizing bisection relies on it).
 */
/* GSL's inline gsl_rng_uniform: one indirect call per draw instead of two, in the loop that
 * draws every request's instant. */
#define HAVE_INLINE 1
#include "bridge.h"

#include "bridge_queue.h"
#include "irb.h"
#include "mechanism.h"
#include "portfolio.h"
#include "sample.h"
#include "scenario.h"
#include "sim.h"
#include "stats.h"

#include <gsl/gsl_pow_int.h>
#include <gsl/gsl_randist.h>
#include <float.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Paths and relative tolerance of the sizing answers in the extras. */
#define BRIDGE_SIZING_PATHS 1000L
#define BRIDGE_SIZING_TOL 0.02

/* Series, in output order. */
enum {
    B_LOSS,
    B_REQUESTS,
    B_REJECTED,
    B_REJECTION_RATE,
    B_UTILISATION,
    B_VOLUME,
    B_SUPPORTED,
    B_REQUESTED_VOLUME,
    B_REJECTED_VOLUME,
    B_FEE_INCOME,
    B_TURNOVER,
    B_LOSS_RATE,
    B_OUTSTANDING,
    B_SUSPENDED,
    B_TREASURY,
    B_INCURRED,
    B_OBLIGATIONS,
    B_NSERIES
};

static const sf_series_def bridge_series[B_NSERIES] = {
    [B_LOSS] = {"bridge.loss", "CNY", SF_SERIES_BUDGET, "58"},
    [B_REQUESTS] = {"bridge.requests", "count", 0, "58"},
    [B_REJECTED] = {"bridge.rejected", "count", 0, "58"},
    [B_REJECTION_RATE] = {"bridge.rejection_rate", "ratio", 0, "58"},
    [B_UTILISATION] = {"bridge.utilisation", "share", 0, "58"},
    [B_VOLUME] = {"bridge.volume", "CNY", 0, "58"},
    [B_SUPPORTED] = {"bridge.supported", "CNY", SF_SERIES_SUPPORTED, "58"},
    [B_REQUESTED_VOLUME] = {"bridge.requested_volume", "CNY", 0, "58"},
    [B_REJECTED_VOLUME] = {"bridge.rejected_volume", "CNY", 0, "58"},
    [B_FEE_INCOME] = {"bridge.fee_income", "CNY", 0, "58"},
    [B_TURNOVER] = {"bridge.turnover", "x", 0, "58"},
    [B_LOSS_RATE] = {"bridge.loss_rate", "ratio", SF_SERIES_LOSSRATE, "58"},
    [B_OUTSTANDING] = {"bridge.outstanding", "CNY", SF_SERIES_STOCK, "58"},
    [B_SUSPENDED] = {"bridge.suspended_rejections", "count", 0, "58"},
    /* The views (issue 11): the capital in the first year and the losses the budget replenishes;
     * the losses as incurred (nothing waits); and what the bridges still out at the year end are
     * expected to lose, outstanding × refuse_prob × (1 − recovery) (stock). */
    [B_TREASURY] = {"bridge.treasury", "CNY", SF_SERIES_TREASURY, "58"},
    [B_INCURRED] = {"bridge.claims_incurred", "CNY", SF_SERIES_CLAIMS, "58"},
    [B_OBLIGATIONS] = {"bridge.obligations_end", "CNY", SF_SERIES_OBLIGATIONS | SF_SERIES_STOCK, "58"},
};

/* One request of the year, before it is served or rejected. */
typedef struct request {
    double at;     /* arrival instant, days since the start of the path */
    double amount; /* CNY asked for */
    float days;    /* duration if served */
    int seg;       /* segment; negative (-1 - seg) when the bank would refuse */
} request;

typedef struct bridge_ws {
    request *req, *tmp; /* the year's requests; scratch for the sort */
    size_t *bucket;     /* counting-sort buckets, req_cap + 1 */
    size_t req_cap;
    bridge_queue *out;  /* bridges out, by due instant */
    bridge_queue *dues; /* scratch of suspension_onset: refused requests and their due instants */
    double free;       /* capital neither lent out nor held by refused bridges */
    double overdue;    /* refused bridges awaiting the year-end replenishment */
    double overdue_sm; /* ... of which lent to small and micro firms */
    /* The congestion bound of the fast path (see bridge_year_step): the year cut into nbin bins
     * of width 365/nbin; any interval as long as the longest bridge lies within `window`
     * consecutive bins. bin[] holds the renewed requests' amounts by arrival bin, ref_bin[] the
     * refused ones'. */
    double *bin, *ref_bin;
    size_t nbin, window;
    double bin_scale; /* nbin / 365: bins per day */
    long years, fast_years; /* years stepped, and of them those that took the fast path */
} bridge_ws;

double sf_bridge_request_amount(const sf_bridge_params *bp, double avg_amount)
{
    const double a = avg_amount * bp->advance_share;
    return a < bp->firm_cap ? a : bp->firm_cap;
}

double sf_bridge_fee(const sf_bridge_params *bp, double amount, double days)
{
    const double first = days < bp->fee_step_day ? days : bp->fee_step_day;
    const double after = days > bp->fee_step_day ? days - bp->fee_step_day : 0.0;
    return amount * (bp->fee_daily * first + bp->fee_daily_after * after);
}

static int bridge_enabled(const sf_scenario *sc)
{
    return sc->bridge.enabled;
}

/* Share of a segment's renewals that ask for a bridge. */
static double request_prob(const sf_bridge_params *bp, const sf_segment *sg)
{
    const double q = sg->bridge_eligible * bp->need_rate;
    return q > 1.0 ? 1.0 : (q > 0.0 ? q : 0.0);
}

/* A bound on a year's requests that is exceeded with negligible probability: per segment the
 * mean plus 8 standard deviations of Binomial(N_max, q), with N_max the most loans the segment
 * can hold over the horizon, loans·max(1, (1 + growth)^years) (renewals never exceed the loans
 * held, and the book never exceeds its growth target). The hard bound, N_max itself, would cost
 * 10-100 times the memory for nothing; if a year ever exceeds the bound the arrays grow. */
static size_t request_bound(const sf_scenario *sc)
{
    double total = 0.0;
    for (size_t s = 0; s < sc->nsegs; s++) {
        const sf_segment *sg = &sc->segs[s];
        const double q = request_prob(&sc->bridge, sg);
        if (q <= 0.0)
            continue;
        const double grow = pow(1.0 + sg->growth, sc->sim.years);
        const double nmax = ceil(sg->loans * (grow > 1.0 ? grow : 1.0));
        const double m = nmax * q;
        const double b = ceil(m + 8.0 * sqrt(m * (1.0 - q)) + 8.0);
        total += b < nmax ? b : nmax;
    }
    return total < 1.0 ? 1 : (total > 1e9 ? (size_t)1e9 : (size_t)total);
}

static double max_duration(const sf_bridge_params *bp)
{
    return bp->duration == SF_BRIDGE_FIXED ? bp->duration_days : bp->max_days;
}

/* Bins per longest bridge in the congestion bound: the bound looks at windows of about
 * (1 + 1/BRIDGE_BINS_PER_SPAN) bridge lengths; more bins make it tighter and cost more per year. */
#define BRIDGE_BINS_PER_SPAN 4.0
#define BRIDGE_BINS_MAX 4096

/* An upper bound on how long any bridge is out, in days: the longest draw_days can return, as
 * stored in a float (request.days), with a margin for the rounding of at + days. */
static double longest_bridge(const sf_bridge_params *bp)
{
    double d = max_duration(bp);
    if (bp->duration == SF_BRIDGE_UNIFORM && d < 1.0)
        d = 1.0; /* draw_days returns whole days, at least 1 */
    const double f = (double)(float)d;
    return (f > d ? f : d) * (1.0 + 1e-9);
}

static void bridge_ws_free(void *wsv)
{
    bridge_ws *ws = wsv;
    if (ws == NULL)
        return;
    free(ws->req);
    free(ws->tmp);
    free(ws->bucket);
    free(ws->bin);
    free(ws->ref_bin);
    sf_bridge_queue_free(ws->out);
    sf_bridge_queue_free(ws->dues);
    free(ws);
}

static void *bridge_ws_alloc(const sf_scenario *sc)
{
    const sf_bridge_params *bp = &sc->bridge;
    bridge_ws *ws = calloc(1, sizeof *ws);
    if (ws == NULL)
        return NULL;
    ws->req_cap = request_bound(sc);
    /* Bridges out at once: at most a year's requests for every year a bridge can span, and at
     * most capital / smallest amount (every bridge out, refused ones included, holds capital). */
    const double years_spanned = 1.0 + ceil(max_duration(bp) / SF_BRIDGE_DAYS_PER_YEAR);
    double heap_cap = (double)ws->req_cap * years_spanned;
    double amin = HUGE_VAL;
    for (size_t s = 0; s < sc->nsegs; s++)
        if (request_prob(bp, &sc->segs[s]) > 0.0) {
            const double a = sf_bridge_request_amount(bp, sc->segs[s].avg_amount);
            if (a > 0.0 && a < amin)
                amin = a;
        }
    if (isfinite(amin) && bp->capital / amin + 2.0 < heap_cap)
        heap_cap = floor(bp->capital / amin) + 2.0;
    ws->req = malloc(ws->req_cap * sizeof *ws->req);
    ws->tmp = malloc(ws->req_cap * sizeof *ws->tmp);
    ws->bucket = malloc((ws->req_cap + 1) * sizeof *ws->bucket);
    ws->out = sf_bridge_queue_alloc((size_t)heap_cap);
    /* Bins of width >= longest / BRIDGE_BINS_PER_SPAN: an interval of the longest length then
     * meets at most ceil(longest / width) + 1 consecutive bins. */
    const double longest = longest_bridge(bp);
    double nbin = floor(BRIDGE_BINS_PER_SPAN * SF_BRIDGE_DAYS_PER_YEAR / longest);
    nbin = nbin < 1.0 ? 1.0 : (nbin > BRIDGE_BINS_MAX ? BRIDGE_BINS_MAX : nbin);
    ws->nbin = (size_t)nbin;
    ws->bin_scale = nbin / SF_BRIDGE_DAYS_PER_YEAR;
    const double window = ceil(longest * ws->bin_scale) + 1.0;
    ws->window = window < nbin ? (size_t)window : ws->nbin;
    ws->bin = malloc(ws->nbin * sizeof *ws->bin);
    ws->ref_bin = malloc(ws->nbin * sizeof *ws->ref_bin);
    ws->dues = sf_bridge_queue_alloc(64);
    if (ws->dues == NULL || ws->req == NULL || ws->tmp == NULL || ws->bucket == NULL || ws->out == NULL || ws->bin == NULL ||
        ws->ref_bin == NULL) {
        bridge_ws_free(ws);
        return NULL;
    }
    return ws;
}

static void bridge_path_init(void *wsv, const sf_scenario *sc)
{
    bridge_ws *ws = wsv;
    bridge_queue_clear(ws->out);
    ws->free = sc->bridge.capital;
    ws->overdue = 0.0;
    ws->overdue_sm = 0.0;
}

/* Request order: by instant; ties (probability zero in continuous time) by segment and amount,
 * so that the order never depends on how a sort treats equal keys. */
static inline int request_before(const request *x, const request *y)
{
    if (x->at != y->at)
        return x->at < y->at;
    if (x->seg != y->seg)
        return x->seg < y->seg;
    return x->amount < y->amount;
}

/* Sort the year's n requests by instant in O(n) expected time. The instants are uniform on the
 * year, so a counting pass into n buckets of equal width leaves about one request per bucket and
 * an insertion sort over the bucket-ordered array finishes in linear time. (A comparison sort
 * took half the time of the whole fund year.) */
static void sort_requests(bridge_ws *ws, size_t n, double t0)
{
    if (n < 2)
        return;
    size_t *start = ws->bucket;
    const request *src = ws->req;
    request *dst = ws->tmp;
    const double scale = (double)n / SF_BRIDGE_DAYS_PER_YEAR;
    memset(start, 0, (n + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++) {
        size_t b = (size_t)((src[i].at - t0) * scale);
        start[(b < n ? b : n - 1) + 1]++;
    }
    for (size_t b = 1; b <= n; b++)
        start[b] += start[b - 1];
    for (size_t i = 0; i < n; i++) {
        size_t b = (size_t)((src[i].at - t0) * scale);
        dst[start[b < n ? b : n - 1]++] = src[i];
    }
    for (size_t i = 1; i < n; i++) {
        const request x = dst[i];
        size_t j = i;
        while (j > 0 && request_before(&x, &dst[j - 1])) {
            dst[j] = dst[j - 1];
            j--;
        }
        dst[j] = x;
    }
    ws->tmp = ws->req;
    ws->req = dst;
}

/* Room for `need` requests in the year's arrays; 0, or -1 when out of memory. */
static int reserve_requests(bridge_ws *ws, size_t need)
{
    if (need <= ws->req_cap)
        return 0;
    size_t cap = 2 * ws->req_cap;
    if (cap < need)
        cap = need;
    request *a = realloc(ws->req, cap * sizeof *a);
    if (a == NULL)
        return -1;
    ws->req = a;
    request *b = realloc(ws->tmp, cap * sizeof *b);
    if (b == NULL)
        return -1;
    ws->tmp = b;
    size_t *c = realloc(ws->bucket, (cap + 1) * sizeof *c);
    if (c == NULL)
        return -1;
    ws->bucket = c;
    ws->req_cap = cap;
    return 0;
}

/* Geometric durations are GSL's (two logarithms a draw): the alias table of sample.h was not
 * measured >= 20 % faster in every run of `make bench`, so it is not used. */
static double draw_days(const sf_bridge_params *bp, const gsl_rng *r)
{
    switch (bp->duration) {
    case SF_BRIDGE_UNIFORM: { /* whole days 1..max_days */
        const unsigned long n = bp->max_days >= 1.0 ? (unsigned long)bp->max_days : 1ul;
        return 1.0 + (double)gsl_rng_uniform_int(r, n);
    }
    case SF_BRIDGE_GEOMETRIC: { /* mean duration_days before truncation at max_days */
        const double d = bp->duration_days > 1.0 ? (double)gsl_ran_geometric(r, 1.0 / bp->duration_days) : 1.0;
        return d < bp->max_days ? d : bp->max_days;
    }
    case SF_BRIDGE_FIXED:
    default:
        return bp->duration_days;
    }
}

static int is_small_micro(const sf_scenario *sc, int seg)
{
    const sf_size z = sc->segs[seg].size;
    return z == SF_MICRO || z == SF_SMALL;
}

/* Per-year tallies. */
typedef struct tally {
    double requests, rejected, suspended, volume, requested, rejected_volume, fees;
    double in_use_days; /* integral of capital in use over the year, CNY·days */
} tally;

/* A bridge falls due: renewed (money and fee back) or refused (money held until the year end). */
static void release(bridge_ws *ws, const sf_scenario *sc, const bridge_loan *b, tally *ty)
{
    if (b->seg >= 0) {
        ws->free += b->amount;
        ty->fees += sf_bridge_fee(&sc->bridge, b->amount, b->days);
    } else {
        ws->overdue += b->amount;
        if (is_small_micro(sc, -1 - b->seg))
            ws->overdue_sm += b->amount;
    }
}

/* The year's bridges lent in an event year with fixed durations, first in first out: indices
 * into the sorted requests (see year_events). */
typedef struct fifo {
    const size_t *idx;
    size_t head, tail;
} fifo;

/* Pop every bridge due by `until` — from the heap, then (all due later than the heap's) from the
 * FIFO when there is one — integrating the capital in use up to each release. */
static void drain(bridge_ws *ws, const sf_scenario *sc, double until, double *clock, tally *ty, fifo *f)
{
    const double cap = sc->bridge.capital;
    while (bridge_queue_next(ws->out) <= until) {
        bridge_loan b;
        bridge_queue_pop(ws->out, &b);
        ty->in_use_days += (cap - ws->free) * (b.due - *clock);
        *clock = b.due;
        release(ws, sc, &b, ty);
    }
    if (f != NULL)
        while (f->head < f->tail) {
            const request *rq = &ws->req[f->idx[f->head]];
            const bridge_loan b = {rq->at + rq->days, rq->amount, rq->days, rq->seg};
            if (b.due > until)
                break;
            f->head++;
            ty->in_use_days += (cap - ws->free) * (b.due - *clock);
            *clock = b.due;
            release(ws, sc, &b, ty);
        }
    ty->in_use_days += (cap - ws->free) * (until - *clock);
    *clock = until;
}

/* Binomial(n, p) as the portfolio draws it (sample.h: BTRS where it is measured faster than
 * GSL's, GSL's elsewhere), with the trivial cases answered without a draw. */
static unsigned draw_binomial(const gsl_rng *r, double p, unsigned n)
{
    return sf_sample_binomial_engine(r, p, n);
}

/* What the congestion bound and the fast path need of the year's requests, gathered while they
 * are drawn. */
typedef struct year_load {
    double refused;      /* amounts of the requests whose bank would refuse to renew */
    double total;        /* all amounts requested */
    double last;         /* the last arrival instant (t0 when none) */
    double renewed_days; /* sum of amount x days over the renewed requests (CNY·days) */
    double renewed_fees; /* sum of their fees */
    size_t n;            /* requests */
    size_t nspecial;     /* requests in ws->tmp: refused, or due after the year end */
} year_load;

/* Draw the year's requests of every segment into ws->req and returns how many; ws->bin and
 * ws->ref_bin get the amounts of the requests the bank would renew and refuse by arrival bin,
 * *load the totals, and ws->tmp a copy of the few requests the fast path treats one by one
 * (refused, or due after t1); the others it takes as sums.
 *
 * Per segment: k ~ Binomial(R, q) requests, then K ~ Binomial(k, p(Y)) of them refused by the
 * bank. The requests are exchangeable (their instants and durations are drawn independently of
 * the bank's answer), so taking the first K generated as the refused ones has the law of one
 * Bernoulli(p(Y)) per request, with one draw instead of k. Then each request's instant and
 * duration. */
static size_t draw_requests(bridge_ws *ws, const sf_scenario *sc, const sf_portfolio_year *py, const sf_rng_ctx *rc,
                            double t0, year_load *load)
{
    const sf_bridge_params *bp = &sc->bridge;
    const int fixed = bp->duration == SF_BRIDGE_FIXED;
    const float fixed_days = (float)bp->duration_days;
    const double t1 = t0 + SF_BRIDGE_DAYS_PER_YEAR;
    double *bin = ws->bin, *ref_bin = ws->ref_bin;
    const size_t last_bin = ws->nbin - 1;
    const double scale = ws->bin_scale;
    size_t n = 0, nspecial = 0;
    /* p(Y) costs two normal-quantile evaluations; segments of one sector share their factor Y
     * exactly, so it is computed once per distinct value (a handful a year). */
    double last_y = NAN, last_p = 0.0;
    memset(bin, 0, ws->nbin * sizeof *bin);
    memset(ref_bin, 0, ws->nbin * sizeof *ref_bin);
    double refused = 0.0, total = 0.0, renewed_days = 0.0, renewed_fees = 0.0, last = t0;
    for (size_t s = 0; s < py->nseg; s++) {
        const sf_segment *sg = &sc->segs[s];
        const double q = request_prob(bp, sg);
        const double renewed = py->renewed[s];
        if (q <= 0.0 || !(renewed >= 1.0))
            continue;
        sf_rng_ctx_reset(rc, SF_STREAM_BRIDGE, (unsigned)py->t, (uint32_t)s);
        const gsl_rng *r = rc->r;
        const unsigned nr = renewed < 4294967295.0 ? (unsigned)llround(renewed) : 4294967295u;
        const unsigned k = draw_binomial(r, q, nr);
        if (k == 0)
            continue;
        if (!(py->Y[s] == last_y)) {
            last_y = py->Y[s];
            last_p = sf_irb_conditional_pd(bp->refuse_prob, bp->refuse_rho, last_y);
        }
        const unsigned nref = draw_binomial(r, last_p, k);
        /* Beyond the 8-sigma bound of request_bound the arrays grow (practically never); out of
         * memory, this segment's requests are not drawn. */
        if (n + k > ws->req_cap && reserve_requests(ws, n + k) != 0)
            continue;
        const double amount = sf_bridge_request_amount(bp, sg->avg_amount);
        const int seg = (int)s, refused_seg = -1 - (int)s;
        request *const rq = ws->req + n;
        request *special = ws->tmp;
        /* The draws first, in a loop of their own: every double live across the generator's
         * indirect call would be spilled to memory (all SSE registers are caller-saved), so the
         * bookkeeping runs in a second loop with no calls. */
        if (fixed) {
            for (unsigned i = 0; i < k; i++)
                rq[i].at = t0 + SF_BRIDGE_DAYS_PER_YEAR * gsl_rng_uniform(r);
        } else {
            for (unsigned i = 0; i < k; i++) {
                rq[i].at = t0 + SF_BRIDGE_DAYS_PER_YEAR * gsl_rng_uniform(r);
                rq[i].days = (float)draw_days(bp, r);
            }
        }
        for (unsigned i = 0; i < k; i++) {
            request *x = &rq[i];
            const int is_refused = i < nref;
            const float days = fixed ? fixed_days : x->days;
            x->amount = amount;
            x->days = days;
            x->seg = is_refused ? refused_seg : seg;
            const size_t b = (size_t)((x->at - t0) * scale);
            (is_refused ? ref_bin : bin)[b < last_bin ? b : last_bin] += amount;
            last = x->at > last ? x->at : last;
            if (!fixed && !is_refused) {
                renewed_days += amount * (double)days;
                renewed_fees += sf_bridge_fee(bp, amount, days);
            }
            if (is_refused || x->at + days > t1)
                special[nspecial++] = *x;
        }
        if (fixed) {
            renewed_days += amount * (double)fixed_days * (double)(k - nref);
            renewed_fees += sf_bridge_fee(bp, amount, fixed_days) * (double)(k - nref);
        }
        n += k;
        refused += amount * nref;
        total += amount * k;
    }
    *load = (year_load){refused, total, last, renewed_days, renewed_fees, n, nspecial};
    return n;
}

/* The event simulation of the year's n requests: in time order, releasing before each one every
 * bridge due earlier. With fixed durations the year's bridges fall due in the order they were
 * lent, and after every bridge carried in (lent earlier, for as long), so a first-in-first-out list
 * replaces the heap for them (sf_bridge_params.events_only = 2 keeps the heap, for the tests); those
 * still out at t1 join the heap for the next year. */
static void year_events(bridge_ws *ws, const sf_scenario *sc, size_t n, double t0, double t1, tally *ty)
{
    const sf_bridge_params *bp = &sc->bridge;
    const double cap = bp->capital;
    /* Capital is compared with sums of amounts: allow for rounding in those sums. */
    const double slack = 1e-9 * (cap > 1.0 ? cap : 1.0);
    sort_requests(ws, n, t0);

    bridge_queue *q = ws->out;
    fifo list = {ws->bucket, 0, 0}; /* the sort's buckets are free again */
    fifo *f = NULL;
    if (bp->duration == SF_BRIDGE_FIXED && bp->events_only != 2) {
        f = &list;
        while (f != NULL && q->cap < q->n + n)
            if (sf_bridge_queue_grow(q) != 0)
                f = NULL; /* no room to carry the year's bridges out: the heap throughout */
    }
    size_t *idx = ws->bucket;
    double clock = t0;
    for (size_t j = 0; j < n; j++) {
        const request *rq = &ws->req[j];
        drain(ws, sc, rq->at, &clock, ty, f);
        ty->requests += 1.0;
        ty->requested += rq->amount;
        int served = 0;
        if (ws->overdue > bp->suspend_overdue_share * cap + slack) {
            ty->suspended += 1.0; /* Art. 58 fund suspended: too much money held by refusals */
        } else if (ws->free + slack >= rq->amount) {
            const bridge_loan b = {rq->at + rq->days, rq->amount, rq->days, rq->seg};
            if (f != NULL) {
                idx[f->tail++] = j;
                served = 1;
            } else {
                served = bridge_queue_push(q, &b) == 0;
            }
            if (served)
                ws->free -= rq->amount;
        }
        if (served) {
            ty->volume += rq->amount;
        } else {
            ty->rejected += 1.0;
            ty->rejected_volume += rq->amount;
        }
    }
    drain(ws, sc, t1, &clock, ty, f);
    if (f != NULL)
        for (; f->head < f->tail; f->head++) {
            const request *rq = &ws->req[idx[f->head]];
            const bridge_loan b = {rq->at + rq->days, rq->amount, rq->days, rq->seg};
            bridge_queue_push(q, &b); /* cannot fail: room was made above */
        }
}

/* The congestion bound: a capital with which no request of the year can be rejected (> `limit`,
 * possibly +infinity, when the bound does not hold at `limit`). At an instant τ of the year the
 * capital in use is at most
 *   - the bridges carried in that are refused or due after t0 + the longest bridge (constant),
 *   - the other carried-in bridges, out only at instants within one bridge length of t0 (in the
 *     first bin's windows),
 *   - the year's refused requests arrived by τ (held to the year end, or beyond),
 *   - the year's renewed requests arrived within one bridge length before τ, all within the
 *     `window` consecutive bins that end at τ's bin.
 * If that, the request at τ itself included, fits in the capital at every bin, every request
 * finds its money. Suspension is left to suspension_onset. The rounding of the running sums is
 * bounded and added. Sufficient, not necessary: a year it misses goes to the event simulation. */
static double year_capital_needed(bridge_ws *ws, const sf_bridge_params *bp, double t0, const year_load *load,
                                  double limit)
{
    const double early = t0 + longest_bridge(bp);
    double carried_refused = 0.0, carried_fixed = 0.0, carried_early = 0.0;
    for (size_t i = 0; i < ws->out->n; i++) {
        const bridge_loan *b = &ws->out->v[i];
        if (b->seg < 0)
            carried_refused += b->amount;
        else if (b->due > early)
            carried_fixed += b->amount;
        else
            carried_early += b->amount;
    }
    /* Capital: what is always out, plus the largest window. */
    const double carried = carried_refused + carried_fixed + carried_early;
    const double base =
        carried_refused + carried_fixed + 4.0 * (double)ws->nbin * DBL_EPSILON * (load->total + carried);
    if (base + load->total + carried_early <= limit)
        return limit; /* even every request of the year out at once fits */
    double *bin = ws->bin;
    const double *ref_bin = ws->ref_bin;
    bin[0] += carried_early;
    const size_t w = ws->window, nb = ws->nbin;
    const double room = limit - base;
    double sum = 0.0, refused = 0.0, most = 0.0;
    /* Two independent running sums, each one addition per bin on its dependency chain. */
    for (size_t b = 0; b < nb; b++) {
        sum += b >= w ? bin[b] - bin[b - w] : bin[b];
        refused += ref_bin[b];
        if (sum + refused > most) {
            most = sum + refused;
            if (most > room)
                return HUGE_VAL;
        }
    }
    return base + most;
}

/* When capital cannot run short, suspension alone can reject: from the first instant the overdue
 * money (refused bridges fallen due, carried in or served this year) exceeds the threshold, every
 * later request is rejected, since overdue money only grows until the year end. A refused request
 * counts only if served, i.e. if it arrived before that instant; so the refused requests and their
 * due instants are replayed in time order (a handful a year), releases first at equal instants as
 * in the event simulation, with its sums in its order. Returns the instant, +infinity when the
 * fund is not suspended this year, NaN when out of memory. */
static double suspension_onset(bridge_ws *ws, const sf_bridge_params *bp, const year_load *load, double t1)
{
    const double cap = bp->capital;
    const double slack = 1e-9 * (cap > 1.0 ? cap : 1.0);
    const double share_cap = bp->suspend_overdue_share * cap;
    bridge_queue *ev = ws->dues;
    bridge_queue_clear(ev);
    double possible = 0.0;
    for (size_t i = 0; i < ws->out->n; i++) {
        const bridge_loan *b = &ws->out->v[i];
        if (b->seg < 0 && b->due <= t1) {
            const bridge_loan due = {b->due, b->amount, -1.0f, b->seg}; /* days < 0: a due instant */
            if (bridge_queue_push(ev, &due) != 0)
                return NAN;
            possible += b->amount;
        }
    }
    for (size_t j = 0; j < load->nspecial; j++) {
        const request *rq = &ws->tmp[j];
        if (rq->seg < 0) {
            const bridge_loan arrival = {rq->at, rq->amount, rq->days, rq->seg};
            if (bridge_queue_push(ev, &arrival) != 0)
                return NAN;
            possible += rq->amount;
        }
    }
    if (possible <= share_cap)
        return HUGE_VAL;
    double overdue = 0.0;
    while (ev->n > 0) {
        bridge_loan e;
        bridge_queue_pop(ev, &e);
        if (e.days < 0.0f) {
            overdue += e.amount;
            if (overdue > share_cap + slack)
                return e.due;
        } else { /* served: the fund is not suspended yet */
            const bridge_loan due = {e.due + e.days, e.amount, -1.0f, e.seg};
            if (due.due <= t1 && bridge_queue_push(ev, &due) != 0)
                return NAN;
        }
    }
    return HUGE_VAL;
}

/* The year when the congestion bound holds: every request arriving before `onset` (the suspension,
 * +infinity when none) is served, every later one rejected, so each one's contribution follows from
 * its own instant and duration, without sorting or heap operations on the year's requests.
 * Without suspension, those repaid within the year enter as the sums draw_requests kept (money out
 * for its duration, its fee) and the few in ws->tmp, refused or due after t1, one by one; with it,
 * one pass over the year's requests. Leaves the fund in the state the event simulation would:
 * released the carried-in bridges due by the year end, and in the queue the bridges still out at
 * t1. Returns 0, or -1 (nothing changed) when the queue cannot hold the bridges carried out. */
static int year_fast(bridge_ws *ws, const sf_scenario *sc, const year_load *load, double onset, double t0,
                     double t1, tally *ty)
{
    const sf_bridge_params *bp = &sc->bridge;
    bridge_queue *q = ws->out;
    const request *special = ws->tmp;
    const int from_sums = !(onset < HUGE_VAL);
    size_t ncarry = 0;
    double in_use = load->renewed_days, fees = load->renewed_fees, rejected = 0.0, rejected_volume = 0.0;
    if (!from_sums) {
        in_use = fees = 0.0;
        for (size_t j = 0; j < load->n; j++) {
            const request *rq = &ws->req[j];
            if (rq->at >= onset) {
                rejected += 1.0;
                rejected_volume += rq->amount;
            } else if (rq->seg >= 0 && rq->at + rq->days <= t1) {
                in_use += rq->amount * (double)rq->days;
                fees += sf_bridge_fee(bp, rq->amount, rq->days);
            }
        }
    }
    double overdue = 0.0, overdue_sm = 0.0, carried_out = 0.0;
    for (size_t j = 0; j < load->nspecial; j++) {
        const request *rq = &special[j];
        if (rq->at >= onset)
            continue; /* rejected: the fund was suspended */
        const double due = rq->at + rq->days;
        if (rq->seg >= 0) { /* renewed but due after t1: out for the rest of the year, no fee yet */
            in_use += rq->amount * (t1 - rq->at);
            if (from_sums) {
                in_use -= rq->amount * (double)rq->days;
                fees -= sf_bridge_fee(bp, rq->amount, rq->days);
            }
        } else {
            in_use += rq->amount * (t1 - rq->at); /* refused: out until replenished at t1 */
        }
        if (due > t1) {
            carried_out += rq->amount;
            ncarry++;
        } else {
            overdue += rq->amount;
            if (is_small_micro(sc, -1 - rq->seg))
                overdue_sm += rq->amount;
        }
    }
    while (q->cap < q->n + ncarry)
        if (sf_bridge_queue_grow(q) != 0)
            return -1;

    /* The bridges carried in: released when due within the year, else out all year. */
    while (bridge_queue_next(q) <= t1) {
        bridge_loan b;
        bridge_queue_pop(q, &b);
        if (b.seg >= 0) {
            in_use += b.amount * (b.due - t0);
            ws->free += b.amount;
            fees += sf_bridge_fee(bp, b.amount, b.days);
        } else {
            in_use += b.amount * (t1 - t0);
            ws->overdue += b.amount;
            if (is_small_micro(sc, -1 - b.seg))
                ws->overdue_sm += b.amount;
        }
    }
    for (size_t i = 0; i < q->n; i++)
        in_use += q->v[i].amount * (t1 - t0);
    for (size_t j = 0; j < load->nspecial; j++) {
        const request *rq = &special[j];
        const bridge_loan b = {rq->at + rq->days, rq->amount, rq->days, rq->seg};
        if (b.due > t1 && rq->at < onset)
            bridge_queue_push(q, &b); /* cannot fail: room was made above */
    }
    /* The year's bridges repaid within it left and came back; the refused ones due within it are
     * overdue, held until the year-end replenishment returns them; the rest are still out. */
    ws->free -= carried_out + overdue;
    ws->overdue += overdue;
    ws->overdue_sm += overdue_sm;
    ty->requests += (double)load->n;
    ty->requested += load->total;
    ty->volume += load->total - rejected_volume;
    ty->rejected += rejected;
    ty->rejected_volume += rejected_volume;
    ty->suspended += rejected;
    ty->fees += fees;
    ty->in_use_days += in_use;
    return 0;
}

static void bridge_year_step(void *wsv, const sf_scenario *sc, const sf_portfolio_year *py, const sf_rng_ctx *rc,
                             double *out, double *sm_spend)
{
    bridge_ws *ws = wsv;
    const sf_bridge_params *bp = &sc->bridge;
    const double cap = bp->capital;
    const double t0 = SF_BRIDGE_DAYS_PER_YEAR * py->t, t1 = t0 + SF_BRIDGE_DAYS_PER_YEAR;
    tally ty = {0};

    year_load load;
    const size_t n = draw_requests(ws, sc, py, rc, t0, &load);
    ws->years++;
    double onset = NAN;
    if (!bp->events_only && year_capital_needed(ws, bp, t0, &load, cap) <= cap)
        onset = suspension_onset(ws, bp, &load, t1);
    if (!isnan(onset) && year_fast(ws, sc, &load, onset, t0, t1, &ty) == 0)
        ws->fast_years++;
    else
        year_events(ws, sc, n, t0, t1, &ty);

    /* Year end: the budget replenishes the losses on refused bridges and the recoveries are
     * collected, so their money is back in the fund for the next year. */
    const double loss = ws->overdue * (1.0 - bp->recovery);
    *sm_spend += ws->overdue_sm * (1.0 - bp->recovery);
    ws->free += ws->overdue;
    ws->overdue = ws->overdue_sm = 0.0;
    if (ws->out->n == 0)
        ws->free = cap; /* nothing out: remove the rounding the sums of amounts left behind */

    out[B_LOSS] = loss;
    out[B_REQUESTS] = ty.requests;
    out[B_REJECTED] = ty.rejected;
    out[B_REJECTION_RATE] = ty.requests > 0.0 ? ty.rejected / ty.requests : 0.0;
    out[B_UTILISATION] = cap > 0.0 ? ty.in_use_days / (cap * SF_BRIDGE_DAYS_PER_YEAR) : 0.0;
    out[B_VOLUME] = ty.volume;
    out[B_SUPPORTED] = ty.volume;
    out[B_REQUESTED_VOLUME] = ty.requested;
    out[B_REJECTED_VOLUME] = ty.rejected_volume;
    out[B_FEE_INCOME] = ty.fees;
    out[B_TURNOVER] = cap > 0.0 ? ty.volume / cap : 0.0;
    out[B_LOSS_RATE] = ty.volume > 0.0 ? loss / ty.volume : 0.0;
    out[B_OUTSTANDING] = cap - ws->free;
    out[B_SUSPENDED] = ty.suspended;
    out[B_TREASURY] = (py->t == 0 ? cap : 0.0) + loss;
    out[B_INCURRED] = loss;
    out[B_OBLIGATIONS] = (cap - ws->free) * bp->refuse_prob * (1.0 - bp->recovery);
}

void sf_bridge_ws_counts(const void *wsv, long *years, long *fast)
{
    const bridge_ws *ws = wsv;
    *years = ws->years;
    *fast = ws->fast_years;
}

/* The sizing's runs: the scenario with only the bridge fund on, at the capitals tried; the
 * capitals tried so far and the answer at each (the targets share their doubling steps). */
#define SIZING_MEMO 128
/* The portfolio's part of the sizing's paths is kept while it takes at most this many bytes. */
#define SIZING_CACHE_BYTES ((size_t)64 << 20)
typedef struct sizing {
    sf_scenario *copy;
    long paths;
    int threads;
    double capital[SIZING_MEMO], worst[SIZING_MEMO];
    int n;
    /* What the bridge reads of the portfolio's year, per path and year: renewed[s], then Y[s]
     * (cache[((p·years + t)·2 + 0|1)·nseg + s]); NULL: every capital re-runs sf_simulate. */
    double *cache;
    size_t nseg;
    int years;
} sizing;

/* The portfolio's years of the sizing's paths, drawn once: they do not depend on the capital
 * (common random numbers), and they cost about half of each re-run. The same calls as the
 * driver's run_path (sim.c) with only the bridge on: the same values, bit for bit. */
static int sizing_cache_build(sizing *sz)
{
    const sf_scenario *sc = sz->copy;
    const size_t nseg = sc->nsegs, H = (size_t)sc->sim.years;
    sz->cache = NULL;
    if (sz->copy->bridge.sizing_rerun || nseg == 0 || H == 0 ||
        (double)sz->paths * (double)H * 2.0 * (double)nseg * sizeof(double) > (double)SIZING_CACHE_BYTES)
        return SF_OK;
    double *cache = malloc((size_t)sz->paths * H * 2 * nseg * sizeof(double));
    if (cache == NULL)
        return SF_OK; /* re-run instead */
    int failed = 0;
    const int threads = sz->threads > 0 ? sz->threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
    {
        gsl_rng *r = sf_rng_alloc();
        portfolio_ws *pf = sf_portfolio_ws_alloc(sc);
        if (r == NULL || pf == NULL) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 16)
        for (long p = 0; p < sz->paths; p++) {
            if (r == NULL || pf == NULL)
                continue;
            double mout[64];
            sf_portfolio_path_init(pf, sc, r, sc->sim.seed, (uint64_t)p);
            for (size_t t = 0; t < H; t++) {
                sf_portfolio_year py;
                sf_portfolio_year_step(pf, sc, r, sc->sim.seed, (uint64_t)p, (int)t, 0u, &py, mout);
                double *dst = cache + ((size_t)p * H + t) * 2 * nseg;
                memcpy(dst, py.renewed, nseg * sizeof(double));
                memcpy(dst + nseg, py.Y, nseg * sizeof(double));
            }
        }
        sf_portfolio_ws_free(pf);
        gsl_rng_free(r);
    }
    if (failed) {
        free(cache);
        return SF_OK;
    }
    sz->cache = cache;
    sz->nseg = nseg;
    sz->years = (int)H;
    return SF_OK;
}

/* max_mean_rejection from the cached portfolio: only the bridge's own draws and events, each
 * year's rejection rate accumulated as the driver does (per block of SIZING_BLOCK paths, the
 * blocks merged in order), so the means are sf_simulate's, bit for bit. */
#define SIZING_BLOCK 256 /* = sim.c's BLOCK_PATHS */
static int replay_mean_rejection(sizing *sz, double *most, sf_err *err)
{
    const sf_scenario *sc = sz->copy;
    const size_t nseg = sz->nseg, H = (size_t)sz->years;
    const size_t npaths = (size_t)sz->paths, nb = (npaths + SIZING_BLOCK - 1) / SIZING_BLOCK;
    sf_stats_moments *bm = calloc(nb * H, sizeof *bm);
    if (bm == NULL)
        return sf_err_set(err, SF_ENOMEM, "bridge_size_capital: out of memory");
    int failed = 0;
    const int threads = sz->threads > 0 ? sz->threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
    {
        gsl_rng *r = sf_rng_alloc();
        void *ws = bridge_ws_alloc(sc);
        if (r == NULL || ws == NULL) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t b = 0; b < nb; b++) {
            if (r == NULL || ws == NULL)
                continue;
            const size_t p1 = (b + 1) * SIZING_BLOCK < npaths ? (b + 1) * SIZING_BLOCK : npaths;
            for (size_t p = b * SIZING_BLOCK; p < p1; p++) {
                const sf_rng_ctx rc = {r, sc->sim.seed, (uint64_t)p};
                bridge_path_init(ws, sc);
                for (size_t t = 0; t < H; t++) {
                    const double *src = sz->cache + (p * H + t) * 2 * nseg;
                    sf_portfolio_year py = {0};
                    py.t = (int)t;
                    py.year = sc->sim.start_year + (int)t;
                    py.nseg = nseg;
                    py.renewed = src;
                    py.Y = src + nseg;
                    double out[B_NSERIES], sm = 0.0;
                    bridge_year_step(ws, sc, &py, &rc, out, &sm);
                    const double v = isfinite(out[B_REJECTION_RATE]) ? out[B_REJECTION_RATE] : 0.0;
                    sf_stats_moments_add(&bm[b * H + t], v);
                }
            }
        }
        bridge_ws_free(ws);
        gsl_rng_free(r);
    }
    if (failed) {
        free(bm);
        return sf_err_set(err, SF_ENOMEM, "bridge_size_capital: out of memory");
    }
    double worst = 0.0;
    for (size_t t = 0; t < H; t++) {
        sf_stats_moments acc = {0, 0, 0};
        for (size_t b = 0; b < nb; b++)
            sf_stats_moments_merge(&acc, &bm[b * H + t]);
        if (acc.mean > worst)
            worst = acc.mean;
    }
    free(bm);
    *most = worst;
    return SF_OK;
}

/* The largest over the years of the mean bridge.rejection_rate at `capital`: a run of the
 * sizing's paths through sf_simulate, as every study runs, with only the bridge fund on (the
 * portfolio's draws, and so the requests, are the run's own: common random numbers). */
static int max_mean_rejection(sizing *sz, double capital, double *worst, sf_err *err)
{
    for (int i = 0; i < sz->n; i++)
        if (sz->capital[i] == capital) {
            *worst = sz->worst[i];
            return SF_OK;
        }
    sz->copy->bridge.capital = capital;
    double most = 0.0;
    if (sz->cache != NULL) {
        const int rc = replay_mean_rejection(sz, &most, err);
        if (rc != SF_OK)
            return rc;
        goto memo;
    }
    sf_run_opts o;
    sf_run_opts_init(&o);
    o.paths = sz->paths;
    o.threads = sz->threads;
    sf_result *res = NULL;
    const int rc = sf_simulate(sz->copy, &o, &res, err);
    if (rc != SF_OK)
        return rc;
    for (int t = 0; t < res->nyears; t++) {
        const sf_stat *st = sf_result_stat(res, "bridge.rejection_rate", sz->copy->sim.start_year + t);
        if (st != NULL && st->mean > most)
            most = st->mean;
    }
    sf_result_free(res);
memo:
    if (sz->n < SIZING_MEMO) {
        sz->capital[sz->n] = capital;
        sz->worst[sz->n++] = most;
    }
    *worst = most;
    return SF_OK;
}

/* The bisection on capital for one target. */
static int size_for_target(sizing *sz, double start, double target, double rel_tol, double *capital, sf_err *err)
{
    /* Bracket: rejection is 1 at capital 0; double from `start` until under target. */
    double lo = 0.0, hi = start, rej = 1.0;
    int rc = SF_OK;
    for (int i = 0; i < 40; i++) {
        if ((rc = max_mean_rejection(sz, hi, &rej, err)) != SF_OK)
            return rc;
        if (rej < target)
            break;
        lo = hi;
        hi *= 2.0;
    }
    if (!(rej < target))
        return SF_OK; /* *capital stays NaN */
    while (hi - lo > rel_tol * hi) {
        const double mid = 0.5 * (lo + hi);
        if ((rc = max_mean_rejection(sz, mid, &rej, err)) != SF_OK)
            return rc;
        if (rej < target)
            hi = mid;
        else
            lo = mid;
    }
    *capital = hi;
    return SF_OK;
}

/* sf_bridge_size_capital for `ntargets` targets at once, on one draw of the portfolio. */
static int size_capitals(const sf_scenario *sc, long paths, int threads, const double *targets, size_t ntargets,
                         double rel_tol, double *capitals, sf_err *err)
{
    for (size_t g = 0; g < ntargets; g++) {
        capitals[g] = NAN;
        if (!(targets[g] > 0.0) || !(rel_tol > 0.0))
            return sf_err_set(err, SF_EINVAL, "bridge_size_capital: target and tolerance must be positive");
    }
    if (paths <= 0)
        paths = sc->sim.paths;
    if (paths <= 0)
        return sf_err_set(err, SF_EINVAL, "bridge_size_capital: no paths");
    double amax = 0.0;
    for (size_t s = 0; s < sc->nsegs; s++)
        if (request_prob(&sc->bridge, &sc->segs[s]) > 0.0) {
            const double a = sf_bridge_request_amount(&sc->bridge, sc->segs[s].avg_amount);
            if (a > amax)
                amax = a;
        }
    const double start = sc->bridge.capital > amax ? sc->bridge.capital : amax;
    if (start <= 0.0) {
        for (size_t g = 0; g < ntargets; g++)
            capitals[g] = 0.0; /* no requests can arrive */
        return SF_OK;
    }
    sf_scenario *copy = malloc(sizeof *copy);
    if (copy == NULL)
        return sf_err_set(err, SF_ENOMEM, "bridge_size_capital: out of memory");
    /* Only the bridge fund: the portfolio's draws are the same with or without the others. */
    *copy = *sc;
    sf_scenario_keep_only(copy, sf_bridge_mechanism.name);
    copy->bridge.enabled = 1;
    copy->bridge.sizing = 1;
    copy->bridge.events_only = 0;
    /* plain Monte Carlo on the sizing's paths (importance sampling's weights would need one
     * shift for every inner run; docs/engine.md) */
    copy->sim.importance = 0;
    sizing *sz = malloc(sizeof *sz);
    if (sz == NULL) {
        free(copy);
        return sf_err_set(err, SF_ENOMEM, "bridge_size_capital: out of memory");
    }
    sz->copy = copy;
    sz->paths = paths;
    sz->threads = threads;
    sz->n = 0;
    int rc = sizing_cache_build(sz);
    for (size_t g = 0; rc == SF_OK && g < ntargets; g++)
        rc = size_for_target(sz, start, targets[g], rel_tol, &capitals[g], err);
    free(sz->cache);
    free(sz);
    free(copy);
    return rc;
}

int sf_bridge_size_capital(const sf_scenario *sc, long paths, int threads, double target, double rel_tol,
                        double *capital, sf_err *err)
{
    return size_capitals(sc, paths, threads, &target, 1, rel_tol, capital, err);
}

/* Pooled rejection rates over every path and year (count- and money-weighted), and the sizing
 * answers of issue 4: the smallest capital with mean rejection under 5 % and under 1 %. */
static int bridge_extras(const sf_scenario *sc, const sf_result *res, sf_extras *ex, sf_err *err)
{
    if (sc->bridge.sizing)
        return SF_OK;
    const int ireq = sf_result_series(res, "bridge.requests"), irej = sf_result_series(res, "bridge.rejected");
    const int iv = sf_result_series(res, "bridge.requested_volume");
    const int ijv = sf_result_series(res, "bridge.rejected_volume");
    if (ireq < 0 || irej < 0 || iv < 0 || ijv < 0)
        return SF_OK;
    double req = 0.0, rej = 0.0, vol = 0.0, rvol = 0.0;
    for (long p = 0; p < res->npaths; p++) {
        const double w = sf_result_weight(res, p); /* 1 without importance sampling */
        for (int y = 0; y < res->nyears; y++) {
            req += res->weights ? w * sf_result_value(res, ireq, y, p) : sf_result_value(res, ireq, y, p);
            rej += res->weights ? w * sf_result_value(res, irej, y, p) : sf_result_value(res, irej, y, p);
            vol += res->weights ? w * sf_result_value(res, iv, y, p) : sf_result_value(res, iv, y, p);
            rvol += res->weights ? w * sf_result_value(res, ijv, y, p) : sf_result_value(res, ijv, y, p);
        }
    }
    sf_extras_add(ex, "bridge.rejection_pooled", req > 0.0 ? rej / req : 0.0);
    sf_extras_add(ex, "bridge.rejection_pooled_money", vol > 0.0 ? rvol / vol : 0.0);
    static const char *const keys[2] = {"bridge.capital_for_rejection_5pct", "bridge.capital_for_rejection_1pct"};
    static const double targets[2] = {0.05, 0.01};
    /* The sizing runs the simulation with only the bridge some 15 times for both targets: on the
     * first BRIDGE_SIZING_PATHS paths (the same random numbers as the run's) and to a 2 %
     * tolerance; `smefin solve` gives a finer answer. */
    const long paths = res->npaths < BRIDGE_SIZING_PATHS ? res->npaths : BRIDGE_SIZING_PATHS;
    double c[2];
    const int rc = size_capitals(sc, paths, res->threads, targets, 2, BRIDGE_SIZING_TOL, c, err);
    if (rc != SF_OK)
        return rc;
    for (size_t g = 0; g < 2; g++)
        sf_extras_add(ex, keys[g], c[g]);
    return SF_OK;
}

static const char *const bridge_path_series[] = {"bridge.requests", "bridge.rejected", "bridge.requested_volume",
                                                "bridge.rejected_volume", NULL};

const sf_mechanism sf_bridge_mechanism = {
    .name = SF_MECHANISM_SECTION(bridge),
    .article = "58",
    .series = bridge_series,
    .nseries = B_NSERIES,
    .enabled = bridge_enabled,
    .ws_alloc = bridge_ws_alloc,
    .ws_free = bridge_ws_free,
    .path_init = bridge_path_init,
    .year_step = bridge_year_step,
    .extras = bridge_extras,
    .path_series = bridge_path_series,
    .needs = SF_NEEDS_RENEWALS,
};
