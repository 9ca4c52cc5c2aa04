/*
 * test_bridge.c — the emergency bridge-loan fund (Art. 58, issue 4) as a loss system: Erlang B,
 * Little's law, expected loss, fees, suspension, carry-over, common random numbers; its queue.
 * Monte Carlo checks use fixed seeds and 4-standard-error bounds (STYLE.md §10).
 */
#include "bridge.h"
#include "bridge_queue.h"
#include "irb.h"
#include "loader.h"
#include "mechanism.h"
#include "mech_keys.h"
#include "portfolio.h"
#include "rng.h"
#include "scenario.h"
#include "sim.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NSEG_MAX 8

static int sidx(const char *name)
{
    for (size_t i = 0; i < sf_bridge_mechanism.nseries; i++)
        if (strcmp(sf_bridge_mechanism.series[i].name, name) == 0)
            return (int)i;
    cr_assert_fail("no series %s", name);
    return -1;
}

/* One segment per entry of `amount`, each with 1e5 loans and fully bridge-eligible; a fund with
 * no refusals, fixed 5-day bridges and no suspension unless a test changes it. */
static void bridge_scenario(sf_scenario *sc, size_t nseg, double amount, int years)
{
    tu_scenario(sc, nseg, 1e5, amount, 0.02, 0.1, 0.45, years, 100);
    for (size_t s = 0; s < nseg; s++)
        sc->segs[s].bridge_eligible = 1.0;
    sf_bridge_params *b = &sc->bridge;
    memset(b, 0, sizeof *b);
    b->enabled = 1;
    b->capital = 10 * amount;
    b->need_rate = 1e-4;
    b->advance_share = 1.0;
    b->firm_cap = 1e12;
    b->duration = SF_BRIDGE_FIXED;
    b->duration_days = 5;
    b->max_days = 10;
    b->fee_daily = 0.0002;
    b->fee_daily_after = 0.0004;
    b->fee_step_day = 5;
    b->refuse_prob = 0.0;
    b->refuse_rho = 0.0;
    b->recovery = 0.5;
    b->suspend_overdue_share = 1.0;
}

/* Runs the bridge mechanism alone over paths [path0, path0 + paths) with R[t] renewals in every
 * segment in year t and segment factor Y[t] (NULL: 0). Returns out[(p·years + t)·nseries + k];
 * *sm (if not NULL) gets the small/micro spending summed over everything. */
static double *run_bridge_counted(const sf_scenario *sc, long path0, long paths, const double *R, const double *Y,
                                  double *sm, long *nyears, long *nfast)
{
    const int years = sc->sim.years;
    const size_t ns = sf_bridge_mechanism.nseries;
    double *res = calloc((size_t)paths * (size_t)years * ns, sizeof *res);
    cr_assert_not_null(res);
    void *ws = sf_bridge_mechanism.ws_alloc(sc);
    cr_assert_not_null(ws);
    gsl_rng *r = sf_rng_alloc();
    double zero[NSEG_MAX] = {0}, ren[NSEG_MAX], y[NSEG_MAX];
    double smsum = 0.0;
    for (long p = 0; p < paths; p++) {
        const sf_rng_ctx rc = {r, sc->sim.seed, (uint64_t)(path0 + p)};
        sf_bridge_mechanism.path_init(ws, sc);
        for (int t = 0; t < years; t++) {
            for (size_t s = 0; s < sc->nsegs; s++) {
                ren[s] = R[t];
                y[s] = Y ? Y[t] : 0.0;
            }
            const sf_portfolio_year py = {t, sc->sim.start_year + t, sc->nsegs, 0.0, y, zero, zero, zero,
                                       zero, ren, zero, zero, NULL, NULL, NULL, NULL};
            sf_bridge_mechanism.year_step(ws, sc, &py, &rc, res + ((size_t)p * (size_t)years + (size_t)t) * ns,
                                       &smsum);
        }
    }
    if (nyears && nfast)
        sf_bridge_ws_counts(ws, nyears, nfast);
    gsl_rng_free(r);
    sf_bridge_mechanism.ws_free(ws);
    if (sm)
        *sm = smsum;
    return res;
}

static double *run_bridge(const sf_scenario *sc, long path0, long paths, const double *R, const double *Y,
                          double *sm)
{
    return run_bridge_counted(sc, path0, paths, R, Y, sm, NULL, NULL);
}

static double at(const double *res, int years, long p, int t, int k)
{
    return res[((size_t)p * (size_t)years + (size_t)t) * sf_bridge_mechanism.nseries + (size_t)k];
}

/* Erlang B by its recursion (test-vectors.md). */
static double erlang_b(double a, int m)
{
    double b = 1.0;
    for (int k = 1; k <= m; k++)
        b = a * b / (k + a * b);
    return b;
}

/* Pooled rejected / requests over paths and years t0..years-1, with the standard error of a ratio
 * estimator (paths independent). */
static void pooled_rejection(const double *res, int years, long paths, int t0, double *rate, double *se)
{
    const int iq = sidx("bridge.requests"), ij = sidx("bridge.rejected");
    double q = 0.0, j = 0.0;
    for (long p = 0; p < paths; p++)
        for (int t = t0; t < years; t++) {
            q += at(res, years, p, t, iq);
            j += at(res, years, p, t, ij);
        }
    const double r = j / q;
    double ss = 0.0;
    for (long p = 0; p < paths; p++) {
        double qp = 0.0, jp = 0.0;
        for (int t = t0; t < years; t++) {
            qp += at(res, years, p, t, iq);
            jp += at(res, years, p, t, ij);
        }
        ss += (jp - r * qp) * (jp - r * qp);
    }
    *rate = r;
    *se = sqrt(ss * paths / (paths - 1.0)) / q;
}

/* One bridge size, fixed duration d, arrivals at rate λ on uniform instants (Binomial counts with a
 * tiny probability, i.e. Poisson-like), no refusals: the fund is an M/D/m/m loss system whose
 * rejection probability is Erlang B(λd, m) (insensitive to the duration's law). Year 0 warms the
 * fund up from empty and is left out. */
static void check_erlang(double a, int m, long paths)
{
    sf_scenario sc;
    const double A = 2.385e6;
    const int years = 6;
    bridge_scenario(&sc, 1, A, years);
    sc.bridge.capital = m * A;
    const double lambda_year = a / sc.bridge.duration_days * SF_BRIDGE_DAYS_PER_YEAR;
    double R[6];
    for (int t = 0; t < years; t++)
        R[t] = lambda_year / sc.bridge.need_rate;
    double *res = run_bridge(&sc, 0, paths, R, NULL, NULL);
    double rate, se;
    pooled_rejection(res, years, paths, 1, &rate, &se);
    const double b = erlang_b(a, m);
    cr_log_info("Erlang a=%g m=%d: pooled %.6f, B %.6f, se %.6f", a, m, rate, b, se);
    cr_expect(fabs(rate - b) < 4.0 * se, "a=%g m=%d: pooled rejection %.6f vs B = %.6f (se %.6f)", a, m, rate, b,
              se);
    free(res);
    tu_scenario_free(&sc);
}

Test(bridge, erlang_b_a10_m12)
{
    cr_assert(fabs(erlang_b(10, 12) - 0.119739188445) < 1e-11);
    check_erlang(10.0, 12, 2000);
}

Test(bridge, erlang_b_a2_m3)
{
    cr_assert(fabs(erlang_b(2, 3) - 0.210526315789) < 1e-11);
    check_erlang(2.0, 3, 2000);
}

Test(bridge, erlang_b_a05_m1)
{
    cr_assert(fabs(erlang_b(0.5, 1) - 1.0 / 3.0) < 1e-11);
    check_erlang(0.5, 1, 2000);
}

/* With ample capital nothing is rejected and the mean number of bridges out is λ·E[d] (Little);
 * utilisation × capital / amount is that number. Year 0 starts empty and is left out. */
static void check_little(sf_bridge_duration dur, double mean_days)
{
    sf_scenario sc;
    const double A = 1.385e6;
    const int years = 4;
    const long P = 400;
    bridge_scenario(&sc, 2, A, years);
    sc.segs[1].avg_amount = A; /* two segments, one size */
    sc.bridge.capital = 1e6 * A;
    sc.bridge.duration = dur;
    sc.bridge.duration_days = 4.0;
    sc.bridge.max_days = 9.0;
    const double R[4] = {3.1e6, 3.1e6, 3.1e6, 3.1e6};
    double *res = run_bridge(&sc, 0, P, R, NULL, NULL);
    const int iu = sidx("bridge.utilisation"), ij = sidx("bridge.rejected");
    double s = 0.0, ss = 0.0, rej = 0.0;
    for (long p = 0; p < P; p++) {
        double x = 0.0;
        for (int t = 1; t < years; t++) {
            x += at(res, years, p, t, iu) * sc.bridge.capital / A / (years - 1);
            rej += at(res, years, p, t, ij);
        }
        s += x;
        ss += x * x;
    }
    const double mean = s / P, se = sqrt((ss / P - mean * mean) / (P - 1));
    const double lambda = 2 * R[0] * sc.bridge.need_rate / SF_BRIDGE_DAYS_PER_YEAR;
    cr_expect(rej == 0.0);
    cr_expect(fabs(mean - lambda * mean_days) < 4.0 * se, "mean out %.5f vs λ·E[d] %.5f (se %.5f)", mean,
              lambda * mean_days, se);
    free(res);
    tu_scenario_free(&sc);
}

Test(bridge, little_law_fixed)
{
    check_little(SF_BRIDGE_FIXED, 4.0);
}

Test(bridge, little_law_uniform)
{
    check_little(SF_BRIDGE_UNIFORM, 5.0); /* whole days 1..9 */
}

Test(bridge, little_law_geometric)
{
    /* Geometric with mean 4 truncated at 9: E[min(K, 9)] = sum_{k=0}^{8} (1 - p)^k with p = 1/4. */
    double e = 0.0;
    for (int k = 0; k < 9; k++)
        e += pow(0.75, k);
    check_little(SF_BRIDGE_GEOMETRIC, e);
}

/* Ample capital: the budget line over the horizon is requests × p(Y) × amount × (1 − recovery),
 * with p(Y) the refusal probability conditional on the cycle (a PD with refuse_rho). Year 1 has no
 * requests, so every bridge of year 0 is settled by the end. */
Test(bridge, expected_loss)
{
    sf_scenario sc;
    const double A = 3.85e6;
    const long P = 3000;
    bridge_scenario(&sc, 1, A, 2);
    sc.segs[0].size = SF_MEDIUM;
    sc.bridge.capital = 1e6 * A;
    sc.bridge.advance_share = 0.95;
    sc.bridge.refuse_prob = 0.0385;
    sc.bridge.refuse_rho = 0.2;
    sc.bridge.recovery = 0.4127;
    const double R[2] = {2.0e6, 0.0}, Y[2] = {-1.3, 0.0};
    double sm = 0.0;
    double *res = run_bridge(&sc, 0, P, R, Y, &sm);
    const int il = sidx("bridge.loss");
    double s = 0.0, ss = 0.0;
    for (long p = 0; p < P; p++) {
        const double x = at(res, 2, p, 0, il) + at(res, 2, p, 1, il);
        s += x;
        ss += x * x;
    }
    const double mean = s / P, se = sqrt((ss / P - mean * mean) / (P - 1));
    const double py = sf_irb_conditional_pd(0.0385, 0.2, -1.3);
    const double expect = R[0] * sc.bridge.need_rate * py * 0.95 * A * (1 - 0.4127);
    cr_assert(py > 0.0385 * 2, "a bad year raises the refusal probability");
    cr_expect(fabs(mean - expect) < 4.0 * se, "mean loss %.1f vs %.1f (se %.1f)", mean, expect, se);
    cr_expect(sm == 0.0, "medium firms are not small/micro spending");
    free(res);
    tu_scenario_free(&sc);
}

/* Loss is small/micro spending when the firms are small or micro. */
Test(bridge, small_micro_spending)
{
    sf_scenario sc;
    bridge_scenario(&sc, 1, 1e6, 2);
    sc.segs[0].size = SF_MICRO;
    sc.bridge.capital = 1e9;
    sc.bridge.refuse_prob = 0.2;
    const double R[2] = {1e6, 0.0};
    double sm = 0.0;
    double *res = run_bridge(&sc, 0, 20, R, NULL, &sm);
    const int il = sidx("bridge.loss");
    double loss = 0.0;
    for (long p = 0; p < 20; p++)
        loss += at(res, 2, p, 0, il) + at(res, 2, p, 1, il);
    cr_assert(loss > 0.0);
    cr_expect(fabs(sm - loss) < 1e-6 * loss);
    free(res);
    tu_scenario_free(&sc);
}

/* Fees: 7-day bridges pay 5 days at 0.2‰ and 2 at 0.4‰; all served, all renewed. */
Test(bridge, stepped_fees)
{
    sf_scenario sc;
    const double A = 2.5e6;
    bridge_scenario(&sc, 1, A, 2);
    sc.bridge.capital = 1e6 * A;
    sc.bridge.duration_days = 7;
    const double R[2] = {1.5e6, 0.0};
    double *res = run_bridge(&sc, 0, 10, R, NULL, NULL);
    const int iq = sidx("bridge.requests"), ifee = sidx("bridge.fee_income"), iv = sidx("bridge.volume");
    const double per = A * (5 * 0.0002 + 2 * 0.0004);
    cr_expect(fabs(sf_bridge_fee(&sc.bridge, A, 7) - per) < 1e-9);
    for (long p = 0; p < 10; p++) {
        const double n = at(res, 2, p, 0, iq);
        cr_assert(n > 100);
        cr_expect(fabs(at(res, 2, p, 0, iv) - n * A) < 1e-3);
        cr_expect(fabs(at(res, 2, p, 0, ifee) + at(res, 2, p, 1, ifee) - n * per) < 1e-6 * n * per);
    }
    free(res);
    tu_scenario_free(&sc);
}

Test(bridge, fee_and_amount_rules)
{
    sf_bridge_params b = {0};
    b.fee_daily = 0.0002;
    b.fee_daily_after = 0.0004;
    b.fee_step_day = 5;
    b.advance_share = 0.95;
    b.firm_cap = 2e7;
    cr_expect(fabs(sf_bridge_fee(&b, 1e6, 3.5) - 1e6 * 3.5 * 0.0002) < 1e-9);
    cr_expect(fabs(sf_bridge_fee(&b, 1e6, 5) - 1e6 * 5 * 0.0002) < 1e-9);
    cr_expect(fabs(sf_bridge_fee(&b, 1e6, 8.25) - 1e6 * (5 * 0.0002 + 3.25 * 0.0004)) < 1e-9);
    cr_expect(fabs(sf_bridge_request_amount(&b, 3.85e6) - 0.95 * 3.85e6) < 1e-6);
    cr_expect(sf_bridge_request_amount(&b, 3.85e7) == 2e7, "firm cap (Chongqing: 2000万)");
}

/* Every bank refuses and suspension starts at the first refusal: after the first bridge falls due
 * the rest of the year is rejected as suspended; the year end replenishes and restarts the fund. */
Test(bridge, suspension_on_overdue)
{
    sf_scenario sc;
    const double A = 1e6;
    bridge_scenario(&sc, 1, A, 3);
    sc.bridge.capital = 1e4 * A;
    sc.bridge.refuse_prob = 0.999;
    sc.bridge.suspend_overdue_share = 0.0;
    const double R[3] = {1e6, 1e6, 0.0};
    double *res = run_bridge(&sc, 0, 5, R, NULL, NULL);
    const int iq = sidx("bridge.requests"), isu = sidx("bridge.suspended_rejections");
    const int ij = sidx("bridge.rejected"), iv = sidx("bridge.volume"), il = sidx("bridge.loss");
    for (long p = 0; p < 5; p++)
        for (int t = 0; t < 2; t++) {
            const double q = at(res, 3, p, t, iq), su = at(res, 3, p, t, isu);
            cr_assert(q > 50);
            /* About 5 of 365 days of requests are served before the first refusal. */
            cr_expect(su > 0.9 * q && su < q, "year %d: %g suspended of %g", t, su, q);
            cr_expect(at(res, 3, p, t, ij) == su, "only suspension rejects with ample capital");
            /* Every served bridge falls due within its year; all but perhaps one are refused. */
            const double v = at(res, 3, p, t, iv), l = at(res, 3, p, t, il);
            cr_expect(l <= 0.5 * v + 1e-6 && l >= 0.5 * (v - A) - 1e-6, "loss %g on volume %g", l, v);
        }
    free(res);
    tu_scenario_free(&sc);
}

/* A bridge lent late in year 0 for 200 days holds the capital into year 1: the fund's state carries
 * over — capital in use at the year end, utilisation and its fee in the next year. */
Test(bridge, state_carries_over_years)
{
    sf_scenario sc;
    const double A = 1e6;
    bridge_scenario(&sc, 1, A, 2);
    sc.bridge.capital = A; /* room for one bridge */
    sc.bridge.duration_days = 200;
    sc.bridge.max_days = 200;
    const double R[2] = {3e4, 0.0}; /* about 3 requests in year 0 */
    double *res = run_bridge(&sc, 0, 200, R, NULL, NULL);
    const int io = sidx("bridge.outstanding"), iu = sidx("bridge.utilisation"), ifee = sidx("bridge.fee_income");
    int carried = 0;
    for (long p = 0; p < 200; p++)
        if (at(res, 2, p, 0, io) > 0.0) {
            carried++;
            cr_expect(at(res, 2, p, 0, io) == A);
            cr_expect(at(res, 2, p, 1, iu) > 0.0 && at(res, 2, p, 1, iu) < 200.0 / 365.0 + 1e-12);
            cr_expect(fabs(at(res, 2, p, 1, ifee) - sf_bridge_fee(&sc.bridge, A, 200)) < 1e-6);
            cr_expect(at(res, 2, p, 1, io) == 0.0);
        } else {
            cr_expect(at(res, 2, p, 1, iu) == 0.0);
        }
    cr_expect(carried > 20, "%d paths carried a bridge into year 1", carried);
    free(res);
    tu_scenario_free(&sc);
}

/* The requests do not depend on the capital (common random numbers); more capital, fewer rejections;
 * the same path twice gives the same numbers, another path different ones. */
Test(bridge, common_random_numbers)
{
    sf_scenario sc;
    const double A = 2.385e6;
    bridge_scenario(&sc, 3, A, 3);
    sc.segs[1].avg_amount = 1.5 * A;
    sc.segs[2].avg_amount = 0.7 * A;
    sc.bridge.refuse_prob = 0.02;
    sc.bridge.refuse_rho = 0.15;
    sc.bridge.suspend_overdue_share = 0.4;
    sc.bridge.duration = SF_BRIDGE_UNIFORM;
    const double R[3] = {2e6, 2.4e6, 2.9e6}, Y[3] = {0.3, -1.1, 0.8};
    const long P = 100;
    sc.bridge.capital = 8 * A;
    double *small = run_bridge(&sc, 7, P, R, Y, NULL);
    double *again = run_bridge(&sc, 7, P, R, Y, NULL);
    sc.bridge.capital = 16 * A;
    double *large = run_bridge(&sc, 7, P, R, Y, NULL);
    const size_t n = (size_t)P * 3 * sf_bridge_mechanism.nseries;
    cr_expect(memcmp(small, again, n * sizeof *small) == 0);
    const int iq = sidx("bridge.requests"), ir = sidx("bridge.rejection_rate"), iv = sidx("bridge.requested_volume");
    double rs = 0.0, rl = 0.0;
    for (long p = 0; p < P; p++)
        for (int t = 0; t < 3; t++) {
            cr_assert(at(small, 3, p, t, iq) == at(large, 3, p, t, iq));
            cr_assert(at(small, 3, p, t, iv) == at(large, 3, p, t, iv));
            rs += at(small, 3, p, t, ir);
            rl += at(large, 3, p, t, ir);
        }
    cr_expect(rl < rs, "rejection %g with 16A vs %g with 8A", rl / (3 * P), rs / (3 * P));
    cr_expect(at(small, 3, 0, 2, iq) != at(small, 3, 1, 2, iq) || at(small, 3, 0, 1, iq) != at(small, 3, 1, 1, iq));
    free(small);
    free(again);
    free(large);
    tu_scenario_free(&sc);
}

/* Accounting identities on every path-year: requests = served + rejected in count and money,
 * 0 ≤ utilisation ≤ 1, turnover = volume / capital, the supported series is the volume. */
Test(bridge, accounting_identities)
{
    sf_scenario sc;
    const double A = 4.2e6;
    bridge_scenario(&sc, 2, A, 4);
    sc.segs[1].avg_amount = 3e7; /* capped at firm_cap */
    sc.bridge.firm_cap = 2e7;
    sc.bridge.advance_share = 0.95;
    sc.bridge.capital = 2e8;
    sc.bridge.refuse_prob = 0.05;
    sc.bridge.refuse_rho = 0.2;
    sc.bridge.duration = SF_BRIDGE_GEOMETRIC;
    sc.bridge.suspend_overdue_share = 0.1;
    const double R[4] = {4e6, 5e6, 3e6, 6e6}, Y[4] = {-2.0, 0.5, 1.0, -0.5};
    double *res = run_bridge(&sc, 0, 50, R, Y, NULL);
    const int iq = sidx("bridge.requests"), ij = sidx("bridge.rejected"), iv = sidx("bridge.volume");
    const int irv = sidx("bridge.requested_volume"), ijv = sidx("bridge.rejected_volume");
    const int iu = sidx("bridge.utilisation"), it = sidx("bridge.turnover"), is = sidx("bridge.supported");
    const int ir = sidx("bridge.rejection_rate");
    cr_expect(sf_bridge_mechanism.series[is].flags & SF_SERIES_SUPPORTED);
    cr_expect(sf_bridge_mechanism.series[sidx("bridge.loss")].flags & SF_SERIES_BUDGET);
    cr_expect(sf_bridge_mechanism.series[sidx("bridge.loss_rate")].flags & SF_SERIES_LOSSRATE);
    cr_expect(sf_bridge_mechanism.series[sidx("bridge.outstanding")].flags & SF_SERIES_STOCK);
    for (long p = 0; p < 50; p++)
        for (int t = 0; t < 4; t++) {
            const double q = at(res, 4, p, t, iq), j = at(res, 4, p, t, ij);
            cr_assert(q > 0);
            cr_expect(fabs(at(res, 4, p, t, ir) - j / q) < 1e-15);
            cr_expect(fabs(at(res, 4, p, t, irv) - at(res, 4, p, t, iv) - at(res, 4, p, t, ijv)) <
                      1e-6 * at(res, 4, p, t, irv));
            cr_expect(at(res, 4, p, t, iu) >= 0.0 && at(res, 4, p, t, iu) <= 1.0 + 1e-12);
            cr_expect(fabs(at(res, 4, p, t, it) - at(res, 4, p, t, iv) / 2e8) < 1e-12);
            cr_expect(at(res, 4, p, t, is) == at(res, 4, p, t, iv));
            /* Money requested: whole multiples of the two amounts. */
            const double k = at(res, 4, p, t, irv);
            cr_expect(k >= q * 0.95 * A - 1e-3 && k <= q * 2e7 + 1e-3);
        }
    free(res);
    tu_scenario_free(&sc);
}

/* No renewals, no requests: every series is zero (and rejection is 0, not 0/0), but the treasury
 * view, which is the fund's capital in the first year. */
Test(bridge, no_renewals_no_activity)
{
    sf_scenario sc;
    bridge_scenario(&sc, 2, 1e6, 3);
    const double R[3] = {0, 0, 0};
    double *res = run_bridge(&sc, 0, 3, R, NULL, NULL);
    const size_t ns = sf_bridge_mechanism.nseries, itr = (size_t)sidx("bridge.treasury");
    for (size_t i = 0; i < 3 * 3 * ns; i++)
        cr_expect(res[i] == (i % ns == itr && (i / ns) % (size_t)sc.sim.years == 0 ? sc.bridge.capital : 0.0), "cell %zu = %g", i, res[i]);
    free(res);
    tu_scenario_free(&sc);
}

/* The release heap pops in due order whatever the push order, and grows beyond its first size. */
Test(bridge, queue_orders_releases)
{
    bridge_queue *q = sf_bridge_queue_alloc(4);
    cr_assert_not_null(q);
    gsl_rng *r = sf_rng_alloc();
    sf_rng_reset(r, 42, SF_STREAM_BRIDGE, 0, 0, 0);
    for (int i = 0; i < 1000; i++) {
        const bridge_loan b = {365.0 * gsl_rng_uniform(r), 1.0 + i, 5.0f, i};
        cr_assert(bridge_queue_push(q, &b) == 0);
    }
    cr_expect(q->n == 1000);
    double last = -1.0;
    for (int i = 0; i < 1000; i++) {
        const double next = bridge_queue_next(q);
        bridge_loan b;
        bridge_queue_pop(q, &b);
        cr_assert(b.due == next && b.due >= last);
        last = b.due;
    }
    cr_expect(isinf(bridge_queue_next(q)));
    gsl_rng_free(r);
    sf_bridge_queue_free(q);
    sf_bridge_queue_free(NULL);
}

/* Two runs agree on every series of every path-year to `rel` relative (values near zero: to rel
 * of the series' largest magnitude, as for a rate that is 0 on one side by rounding). */
static void expect_same_outputs(const double *a, const double *b, size_t ncell, double rel, const char *what)
{
    const size_t ns = sf_bridge_mechanism.nseries;
    for (size_t k = 0; k < ns; k++) {
        double scale = 0.0;
        for (size_t i = k; i < ncell; i += ns)
            scale = fmax(scale, fmax(fabs(a[i]), fabs(b[i])));
        int bad = 0;
        for (size_t i = k; i < ncell && bad < 3; i += ns)
            if (!(fabs(a[i] - b[i]) <= rel * fmax(fmax(fabs(a[i]), fabs(b[i])), 1e-6 * scale))) {
                cr_expect_fail("%s: %s cell %zu: fast %.17g vs events %.17g", what, sf_bridge_mechanism.series[k].name,
                               i / ns, a[i], b[i]);
                bad++;
            }
    }
}

/* The fast path (years the congestion bound proves free of rejections, computed without the event
 * simulation) gives what the event simulation gives, on every series of every path-year, over
 * several seeds and every duration law; the fund's state after a fast year is the event
 * simulation's (later years, some of them congested, agree too). The capitals are chosen so that
 * some years take the fast path and some do not. */
Test(bridge, fast_path_equals_event_simulation)
{
    static const sf_bridge_duration laws[3] = {SF_BRIDGE_FIXED, SF_BRIDGE_UNIFORM, SF_BRIDGE_GEOMETRIC};
    for (int law = 0; law < 3; law++)
        for (unsigned long seed = 1; seed <= 3; seed++) {
            sf_scenario sc;
            const double A = 2.385e6;
            bridge_scenario(&sc, 3, A, 4);
            sc.sim.seed = seed * 7919;
            sc.segs[1].avg_amount = 1.5 * A;
            sc.segs[2].avg_amount = 0.7 * A;
            sc.segs[2].size = SF_MICRO;
            sc.bridge.duration = laws[law];
            sc.bridge.duration_days = 4.5;
            sc.bridge.max_days = 9.0;
            sc.bridge.refuse_prob = 0.03;
            sc.bridge.refuse_rho = 0.2;
            sc.bridge.suspend_overdue_share = 0.3;
            sc.bridge.capital = (14.0 + 4.0 * seed) * A;
            const double R[4] = {1.2e6, 1.6e6, 0.9e6, 2.0e6}, Y[4] = {0.4, -1.6, 1.0, -0.3};
            const long P = 300;
            double sm_fast = 0.0, sm_events = 0.0;
            long years = 0, nfast = 0;
            double *fast = run_bridge_counted(&sc, 0, P, R, Y, &sm_fast, &years, &nfast);
            sc.bridge.events_only = 1;
            double *events = run_bridge(&sc, 0, P, R, Y, &sm_events);
            char what[64];
            snprintf(what, sizeof what, "law %d seed %lu", law, seed);
            cr_log_info("%s: %ld of %ld path-years on the fast path", what, nfast, years);
            cr_expect(nfast > years / 20 && nfast < years - years / 20, "%s: %ld of %ld path-years fast", what,
                      nfast, years);
            expect_same_outputs(fast, events, (size_t)P * 4 * sf_bridge_mechanism.nseries, 1e-9, what);
            cr_expect(fabs(sm_fast - sm_events) <= 1e-9 * fabs(sm_events), "%s: small/micro %.17g vs %.17g", what,
                      sm_fast, sm_events);
            free(fast);
            free(events);
            tu_scenario_free(&sc);
        }
}

/* Ample capital and many refusals: suspension alone rejects, from the first instant the overdue
 * money exceeds its threshold; the fast path finds that instant and agrees with the event
 * simulation on every series. */
Test(bridge, fast_path_with_suspension_equals_event_simulation)
{
    sf_scenario sc;
    const double A = 1.385e6;
    bridge_scenario(&sc, 2, A, 4);
    sc.segs[1].avg_amount = 2.1 * A;
    sc.segs[1].size = SF_SMALL;
    sc.bridge.capital = 400 * A;
    sc.bridge.refuse_prob = 0.08;
    sc.bridge.refuse_rho = 0.25;
    sc.bridge.suspend_overdue_share = 0.02;
    sc.bridge.duration = SF_BRIDGE_GEOMETRIC;
    sc.bridge.duration_days = 6.5;
    sc.bridge.max_days = 30.0;
    const double R[4] = {1.0e6, 1.4e6, 0.8e6, 1.9e6}, Y[4] = {0.2, -1.4, 1.1, -0.6};
    const long P = 300;
    long years = 0, nfast = 0;
    double sm_fast = 0.0, sm_events = 0.0;
    double *fast = run_bridge_counted(&sc, 11, P, R, Y, &sm_fast, &years, &nfast);
    sc.bridge.events_only = 1;
    double *events = run_bridge(&sc, 11, P, R, Y, &sm_events);
    const int isu = sidx("bridge.suspended_rejections");
    long suspended_years = 0;
    for (long p = 0; p < P; p++)
        for (int t = 0; t < 4; t++)
            suspended_years += at(events, 4, p, t, isu) > 0.0;
    cr_log_info("suspension: %ld of %ld path-years fast, %ld with suspended requests", nfast, years, suspended_years);
    cr_expect(suspended_years > years / 4 && nfast > years / 2, "%ld fast, %ld suspended of %ld", nfast,
              suspended_years, years);
    expect_same_outputs(fast, events, (size_t)P * 4 * sf_bridge_mechanism.nseries, 1e-9, "suspension");
    cr_expect(fabs(sm_fast - sm_events) <= 1e-9 * fabs(sm_events));
    free(fast);
    free(events);
    tu_scenario_free(&sc);
}

/* The requests of a segment-year are Binomial(R, q): mean, variance and P(none) within 4 standard
 * errors, at means 0.8, 20, 59 and 150 (GSL's inversion and BTPE regimes). */
Test(bridge, request_counts_are_binomial)
{
    static const double R[4] = {8000.0, 2.0e5, 5.9e5, 1.5e6};
    for (int c = 0; c < 4; c++) {
        sf_scenario sc;
        bridge_scenario(&sc, 1, 1e6, 1);
        sc.sim.seed = 2385u + (unsigned)c;
        sc.bridge.capital = 1e12;
        const long P = 6000;
        const double Rs[1] = {R[c]};
        double *res = run_bridge(&sc, 0, P, Rs, NULL, NULL);
        const int iq = sidx("bridge.requests");
        double s = 0.0, ss = 0.0, zero = 0.0;
        for (long p = 0; p < P; p++) {
            const double k = at(res, 1, p, 0, iq);
            s += k;
            ss += k * k;
            zero += k == 0.0;
        }
        const double q = sc.bridge.need_rate, mean = R[c] * q, var = mean * (1.0 - q);
        const double m = s / P, v = (ss - P * m * m) / (P - 1.0);
        const double se_m = sqrt(var / P), se_v = sqrt((var + 2.0 * var * var) / P);
        cr_expect(fabs(m - mean) < 4.0 * se_m, "R %g: mean %.4f vs %.4f (se %.4f)", R[c], m, mean, se_m);
        cr_expect(fabs(v - var) < 4.0 * se_v, "R %g: variance %.4f vs %.4f (se %.4f)", R[c], v, var, se_v);
        const double p0 = pow(1.0 - q, R[c]), se0 = sqrt(p0 * (1.0 - p0) / P);
        cr_expect(fabs(zero / P - p0) < 4.0 * se0 + 1e-12, "R %g: P(0) %.5f vs %.5f", R[c], zero / P, p0);
        free(res);
        tu_scenario_free(&sc);
    }
}

/* With fixed durations the event simulation releases the year's bridges first in first out;
 * it gives what the heap gives, rejections, suspension and carried-over bridges included. */
Test(bridge, fifo_releases_equal_heap)
{
    sf_scenario sc;
    const double A = 2.385e6;
    bridge_scenario(&sc, 3, A, 4);
    sc.segs[1].avg_amount = 1.5 * A;
    sc.segs[2].avg_amount = 0.7 * A;
    sc.bridge.duration_days = 7.5;
    sc.bridge.refuse_prob = 0.03;
    sc.bridge.refuse_rho = 0.2;
    sc.bridge.suspend_overdue_share = 0.3;
    sc.bridge.capital = 14.0 * A;
    sc.bridge.events_only = 1;
    const double R[4] = {1.2e6, 1.6e6, 0.9e6, 2.0e6}, Y[4] = {0.4, -1.6, 1.0, -0.3};
    const long P = 200;
    double *fifo = run_bridge(&sc, 3, P, R, Y, NULL);
    sc.bridge.events_only = 2;
    double *heap = run_bridge(&sc, 3, P, R, Y, NULL);
    const int ij = sidx("bridge.rejected"), io = sidx("bridge.outstanding");
    double rejected = 0.0, carried = 0.0;
    for (long p = 0; p < P; p++)
        for (int t = 0; t < 4; t++) {
            rejected += at(heap, 4, p, t, ij);
            carried += at(heap, 4, p, t, io) > 0.0;
        }
    cr_expect(rejected > 0.0 && carried > 0.0);
    expect_same_outputs(fifo, heap, (size_t)P * 4 * sf_bridge_mechanism.nseries, 1e-12, "fifo vs heap");
    free(fifo);
    free(heap);
    tu_scenario_free(&sc);
}

/* The fund's years on the baseline portfolio: the Shenzhen scenario's own renewals and factors
 * drive the bridge mechanism alone over `paths` paths. Returns the outputs as run_bridge does and
 * the bridge workspace's counts of years and fast years. */
static double *run_baseline_bridge(const sf_scenario *sc, long paths, long *years, long *fast)
{
    const int H = sc->sim.years;
    const size_t ns = sf_bridge_mechanism.nseries;
    double *res = calloc((size_t)paths * (size_t)H * ns, sizeof *res);
    cr_assert_not_null(res);
    portfolio_ws *pf = sf_portfolio_ws_alloc(sc);
    void *ws = sf_bridge_mechanism.ws_alloc(sc);
    gsl_rng *r = sf_rng_alloc();
    cr_assert(pf != NULL && ws != NULL && r != NULL);
    double pout[PORTFOLIO_NSERIES], sm = 0.0;
    for (long p = 0; p < paths; p++) {
        const sf_rng_ctx rc = {r, sc->sim.seed, (uint64_t)p};
        sf_portfolio_path_init(pf, sc, r, sc->sim.seed, (uint64_t)p);
        sf_bridge_mechanism.path_init(ws, sc);
        for (int t = 0; t < H; t++) {
            sf_portfolio_year py;
            sf_portfolio_year_step(pf, sc, r, sc->sim.seed, (uint64_t)p, t, 0, &py, pout);
            sf_bridge_mechanism.year_step(ws, sc, &py, &rc, res + ((size_t)p * (size_t)H + (size_t)t) * ns, &sm);
        }
    }
    sf_bridge_ws_counts(ws, years, fast);
    gsl_rng_free(r);
    sf_bridge_mechanism.ws_free(ws);
    sf_portfolio_ws_free(pf);
    return res;
}

/* On the Shenzhen baseline the fast path is taken in most years, and gives the event
 * simulation's outputs there too. */
Test(bridge, fast_path_on_baseline, .timeout = 120)
{
    sf_scenario sc;
    sf_err err = {0, ""};
    cr_assert_eq(sf_scenario_load("scenarios/shenzhen-baseline.ini", NULL, 0, &sc, &err), SF_OK, "%s", err.msg);
    cr_assert(sc.bridge.enabled);
    const long P = 2000;
    long years = 0, fast = 0, years_ev = 0, fast_ev = 0;
    double *a = run_baseline_bridge(&sc, P, &years, &fast);
    sc.bridge.events_only = 1;
    double *b = run_baseline_bridge(&sc, P, &years_ev, &fast_ev);
    cr_expect(years == P * sc.sim.years && years_ev == years);
    cr_expect(fast_ev == 0, "events_only never takes the fast path");
    /* The bound is sufficient, not necessary: it may miss a year without rejections, but most
     * of them are taken. */
    const int ij = sidx("bridge.rejected");
    long clean = 0;
    for (long i = 0; i < years; i++)
        clean += at(b, sc.sim.years, i / sc.sim.years, (int)(i % sc.sim.years), ij) == 0.0;
    cr_log_info("baseline: %ld of %ld path-years on the fast path, %ld without rejections", fast, years, clean);
    cr_expect(fast > 0.85 * (double)years && fast > 0.95 * (double)clean,
              "fast path in %ld of %ld path-years (%ld without rejections)", fast, years, clean);
    expect_same_outputs(a, b, (size_t)P * (size_t)sc.sim.years * sf_bridge_mechanism.nseries, 1e-9, "baseline");
    free(a);
    free(b);
    sf_scenario_release(&sc);
}

/* ------------------------------------------------------------------ end to end (loader + engine) */


static sf_result *run_file(const char *ini, long paths, sf_scenario *sc)
{
    sf_err err = {0, ""};
    cr_assert_eq(sf_scenario_load(ini, NULL, 0, sc, &err), SF_OK, "%s", err.msg);
    sf_run_opts o;
    sf_run_opts_init(&o);
    o.paths = paths;
    o.threads = 2;
    sf_result *res = NULL;
    cr_assert_eq(sf_simulate(sc, &o, &res, &err), SF_OK, "%s", err.msg);
    return res;
}

/* bridge-only.ini runs; bridge.loss is the only budget line; the extras hold the pooled rates and
 * the sizing answers, and the capital found for 1 % is the smallest to the bisection's tolerance. */
Test(bridge, end_to_end_bridge_only, .timeout = 120)
{
    sf_scenario sc;
    sf_result *res = run_file("scenarios/bridge-only.ini", 400, &sc);
    const int il = sf_result_series(res, "bridge.loss"), ib = sf_result_series(res, "budget.total");
    cr_assert(il >= 0 && ib >= 0);
    for (int c = 0; c < res->nyears + 2; c++)
        for (long p = 0; p < res->npaths; p += 37)
            cr_expect(fabs(sf_result_value(res, il, c, p) - sf_result_value(res, ib, c, p)) <=
                      1e-9 * fabs(sf_result_value(res, ib, c, p)) + 1e-6);
    const char *names[] = {"bridge.requests", "bridge.rejection_rate", "bridge.utilisation", "bridge.volume",
                           "bridge.fee_income", "bridge.turnover", "bridge.supported"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        cr_expect(sf_result_series(res, names[i]) >= 0, "%s", names[i]);
    const sf_stat *req = sf_result_stat(res, "bridge.requests", sc.sim.start_year);
    cr_assert_not_null(req);
    cr_expect(req->mean > 100.0, "requests in year 1: %g", req->mean);
    const double pooled = sf_extras_get(&res->extras, "bridge.rejection_pooled");
    const double money = sf_extras_get(&res->extras, "bridge.rejection_pooled_money");
    const double c5 = sf_extras_get(&res->extras, "bridge.capital_for_rejection_5pct");
    const double c1 = sf_extras_get(&res->extras, "bridge.capital_for_rejection_1pct");
    cr_expect(pooled >= 0.0 && pooled <= 1.0 && money >= 0.0 && money <= 1.0);
    cr_assert(isfinite(c5) && isfinite(c1) && c1 >= c5 && c5 > 0.0, "c5 %g c1 %g", c5, c1);
    cr_log_info("bridge-only: pooled rejection %.5f (money %.5f); capital for 5 %% %.4g, for 1 %% %.4g", pooled,
                money, c5, c1);
    /* The answer and a capital 2.5 % below it (the tolerance is 2 %), on the same random numbers. */
    sf_scenario *copy = malloc(sizeof *copy);
    *copy = sc;
    copy->bridge.sizing = 1;
    const double caps[2] = {c1, 0.975 * c1};
    double worst[2] = {0.0, 0.0};
    for (int k = 0; k < 2; k++) {
        copy->bridge.capital = caps[k];
        sf_run_opts o;
        sf_run_opts_init(&o);
        o.paths = 400;
        o.threads = 2;
        sf_result *r2 = NULL;
        sf_err err = {0, ""};
        cr_assert_eq(sf_simulate(copy, &o, &r2, &err), SF_OK, "%s", err.msg);
        for (int y = 0; y < r2->nyears; y++) {
            const sf_stat *st = sf_result_stat(r2, "bridge.rejection_rate", sc.sim.start_year + y);
            if (st->mean > worst[k])
                worst[k] = st->mean;
        }
        sf_result_free(r2);
    }
    cr_expect(worst[0] < 0.01, "at the answer: %g", worst[0]);
    cr_expect(worst[1] >= 0.01, "2.5 %% below it: %g", worst[1]);
    free(copy);
    sf_result_free(res);
    sf_scenario_release(&sc);
}

/* The sizing replays the portfolio's years drawn once (sizing_cache_build) instead of re-running
 * sf_simulate at every capital it tries: the answers are the re-runs', bit for bit, on the
 * bridge-only book (geometric durations) and on the baseline (fixed ones), at 300 paths (a
 * partial block of the driver's 256), the replay on 2 threads and the re-runs on 1. */
Test(bridge, sizing_replay_equals_rerun, .timeout = 240)
{
    static const char *const files[2] = {"scenarios/bridge-only.ini", "scenarios/shenzhen-baseline.ini"};
    for (int f = 0; f < 2; f++) {
        sf_scenario sc;
        sf_err err = {0, ""};
        cr_assert_eq(sf_scenario_load(files[f], NULL, 0, &sc, &err), SF_OK, "%s", err.msg);
        double c[2][2];
        const double targets[2] = {0.05, 0.01};
        for (int rerun = 0; rerun < 2; rerun++) {
            sc.bridge.sizing_rerun = rerun;
            for (int g = 0; g < 2; g++)
                cr_assert_eq(sf_bridge_size_capital(&sc, 300, 2 - rerun, targets[g], 0.02, &c[rerun][g], &err), SF_OK,
                             "%s", err.msg);
        }
        for (int g = 0; g < 2; g++) {
            cr_expect(isfinite(c[0][g]) && c[0][g] > 0.0, "%s: %g", files[f], c[0][g]);
            cr_expect(memcmp(&c[0][g], &c[1][g], sizeof(double)) == 0, "%s, target %g: %.17g vs %.17g", files[f],
                      targets[g], c[0][g], c[1][g]);
        }
        sf_scenario_release(&sc);
    }
}

/* Bad values in every [bridge] key: sf_scenario_load fails with SF_EINVAL (or SF_EPARSE) and a message
 * naming the file, the line and the key (the CLI exits 2 with it). */
Test(bridge, bad_values_name_file_and_key)
{
    static const char *const bad[][2] = {
        {"enabled", "maybe"},       {"capital", "-5e8"},         {"capital", "0"},
        {"capital", "lots"},        {"need_rate", "1.5"},        {"need_rate", "-0.1"},
        {"advance_share", "0"},     {"advance_share", "1.2"},    {"firm_cap", "-1"},
        {"duration", "weekly"},     {"duration_days", "0"},      {"duration_days", "12"},
        {"max_days", "400"},        {"fee_daily", "0.2"},        {"fee_daily", "-0.0002"},
        {"fee_daily_after", "0.5"}, {"fee_step_day", "-1"},      {"refuse_prob", "1"},
        {"refuse_prob", "nan"},     {"refuse_rho", "1"},         {"recovery", "1.5"},
        {"suspend_overdue_share", "2"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        load_expect_bad("bridge", "capital = 5e8\nneed_rate = 0.05\n", bad[i][0], bad[i][1]);
}
