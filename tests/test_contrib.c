/*
 * Risk contributions (issue 12, contributions.csv): the Euler allocation of the horizon
 * budget.total's mean, CVaR95 and CVaR99 to the budget lines, banks, size classes and sectors.
 * Each dimension adds up to summary.csv's statistic; a member with no exposure contributes exactly
 * 0; the tail set is the CVaR's (checked on constructed cases with known conditional means); the
 * rows do not depend on the thread count or on the passes of a memory-bounded run.
 */
#include "loader.h"
#include "results.h"
#include "sim.h"
#include "stats.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void setup(void)
{
    gsl_set_error_handler_off();
}
TestSuite(contrib, .init = setup);

static void load_baseline(sf_scenario *sc)
{
    sf_err err = {0, ""};
    cr_assert_eq(sf_scenario_load("scenarios/shenzhen-baseline.ini", NULL, 0, sc, &err), SF_OK, "%s", err.msg);
}

static sf_result *run(const sf_scenario *sc, long paths, int threads, size_t max_memory)
{
    return tu_run_paths(sc, paths, threads, max_memory);
}

static double total_stat(const sf_result *res, int stat)
{
    const sf_stat *st = sf_result_stat(res, "budget.total", SF_YEAR_TOTAL);
    cr_assert_not_null(st);
    return stat == SF_CONTRIB_MEAN ? st->mean : stat == SF_CONTRIB_CVAR95 ? st->cvar95 : st->cvar99;
}

static const sf_contrib_row *find_row(const sf_result *res, int dim, const char *member, int stat)
{
    for (size_t i = 0; i < res->ncontrib; i++) {
        const sf_contrib_row *r = &res->contrib[i];
        if (r->dimension == dim && r->stat == stat && strcmp(r->member, member) == 0)
            return r;
    }
    cr_assert_fail("no row %s,%s,%s", sf_contrib_dimension_names[dim], member, sf_contrib_stat_names[stat]);
    return NULL;
}

/* Every dimension adds up to the total's mean, CVaR95 and CVaR99 (1e-9 relative), and the
 * shares to 1. */
static void assert_adds_up(const sf_result *res)
{
    cr_assert_gt(res->ncontrib, 0);
    for (int d = 0; d < SF_CONTRIB_NDIM; d++)
        for (int k = 0; k < SF_CONTRIB_NSTAT; k++) {
            double sum = 0.0, share = 0.0;
            int n = 0;
            for (size_t i = 0; i < res->ncontrib; i++)
                if (res->contrib[i].dimension == d && res->contrib[i].stat == k) {
                    sum += res->contrib[i].contribution;
                    share += res->contrib[i].share;
                    n++;
                }
            const double tot = total_stat(res, k);
            cr_assert_gt(n, 0);
            cr_assert(fabs(sum - tot) <= 1e-9 * fabs(tot), "%s %s: contributions add to %.17g, the total's is %.17g",
                      sf_contrib_dimension_names[d], sf_contrib_stat_names[k], sum, tot);
            cr_assert(fabs(share - 1.0) <= 1e-9, "%s %s: shares add to %.17g", sf_contrib_dimension_names[d],
                      sf_contrib_stat_names[k], share);
        }
}

Test(contrib, baseline_adds_up_to_the_totals_cvar_and_mean)
{
    sf_scenario sc;
    load_baseline(&sc);
    sf_result *res = run(&sc, 3000, 2, 0);
    assert_adds_up(res);
    /* the members: every budget line, every bank, the three size classes, every sector, and
     * not_by_segment in each dimension but the lines */
    size_t nlines = 0;
    for (size_t s = 0; s < res->nseries; s++)
        nlines += (res->series[s]->flags & SF_SERIES_BUDGET) != 0;
    const size_t members = nlines + (size_t)sc.nbanks + 1 + SF_NSIZES + 1 + (size_t)sc.nsectors + 1;
    cr_assert_eq(res->ncontrib, members * SF_CONTRIB_NSTAT);
    /* the guidance fund's calls serve no segment: they are in not_by_segment, whose mean is then
     * at least theirs; a split mechanism leaves nothing there */
    const double calls = find_row(res, SF_CONTRIB_LINE, "fund.calls", SF_CONTRIB_MEAN)->contribution;
    cr_assert_gt(calls, 0.0);
    cr_assert_gt(find_row(res, SF_CONTRIB_BANK, SF_CONTRIB_NOT_BY_SEGMENT, SF_CONTRIB_MEAN)->contribution, 0.0);
    sf_result_free(res);
    sf_scenario_release(&sc);
}

/* Importance sampling: the contributions are weighted as summary.csv's statistics are — the
 * means self-normalised, the CVaRs over the tail of weight mass n (1 - alpha) — so every dimension
 * still adds up to the weighted mean and CVaRs; a line that is the same on every path (the fund's
 * committed calls) contributes its value to the mean. */
Test(contrib, importance_sampling_adds_up_to_the_weighted_totals, .timeout = 300)
{
    sf_scenario sc;
    load_baseline(&sc);
    sc.bridge.enabled = 0;
    sc.sim.importance = 1;
    sc.sim.importance_pilot = 500;
    sf_result *res = run(&sc, 2000, 2, 0);
    cr_assert(res->weights != NULL);
    assert_adds_up(res);
    const sf_stat *fc = sf_result_stat(res, "fund.calls", SF_YEAR_TOTAL);
    cr_assert(fc != NULL && fc->sd <= 1e-9 * fc->mean, "fund.calls varies: sd %g", fc ? fc->sd : -1.0);
    const double calls = find_row(res, SF_CONTRIB_LINE, "fund.calls", SF_CONTRIB_MEAN)->contribution;
    cr_assert(fabs(calls - fc->mean) <= 1e-12 * fc->mean, "fund.calls contributes %.17g, its mean is %.17g", calls,
              fc->mean);
    sf_result_free(res);
    sf_scenario_release(&sc);
}

/* The split mechanisms alone: nothing is left not by segment, so the banks (or sizes, sectors)
 * alone add up to the total. */
Test(contrib, split_mechanisms_leave_nothing_unallocated)
{
    sf_scenario sc;
    load_baseline(&sc);
    sc.bridge.enabled = 0;
    sc.fund.enabled = 0;
    sc.risk_comp.on_shortfall = SF_RISK_COMP_PRORATE;
    sf_result *res = run(&sc, 2000, 2, 0);
    assert_adds_up(res);
    for (int k = 0; k < SF_CONTRIB_NSTAT; k++) {
        const double tot = total_stat(res, k);
        const double nbs = find_row(res, SF_CONTRIB_SECTOR, SF_CONTRIB_NOT_BY_SEGMENT, k)->contribution;
        cr_assert(fabs(nbs) <= 1e-9 * fabs(tot), "%s: %.17g not by segment", sf_contrib_stat_names[k], nbs);
    }
    sf_result_free(res);
    sf_scenario_release(&sc);
}

/* A bank and a size class whose only segment has no loans contribute exactly 0. */
Test(contrib, zero_exposure_contributes_exactly_zero)
{
    sf_scenario sc;
    tu_scenario(&sc, 3, 2000, 1e6, 0.03, 0.15, 0.45, 3, 2000);
    sc.nbanks = 2;
    free(sc.banks);
    sc.banks = calloc(2, sizeof *sc.banks);
    snprintf(sc.banks[0], SF_NAME_MAX, "bank_a");
    snprintf(sc.banks[1], SF_NAME_MAX, "bank_b");
    for (size_t s = 0; s < sc.nsegs; s++) {
        sc.segs[s].guaranteed = 0.5;
        sc.segs[s].insured = 0.3;
        sc.segs[s].compensation_eligible = 1.0;
        sc.segs[s].interest_subsidy = 0.01;
    }
    sc.segs[2].loans = 0.0;
    sc.segs[2].bank = 1;
    sc.segs[2].size = SF_MEDIUM;
    sc.risk_comp.enabled = 1;
    sc.guarantee.enabled = 1;
    sc.insurance.enabled = 1;
    sc.interest.enabled = 1;
    sf_result *res = tu_run(&sc, 2);
    assert_adds_up(res);
    for (int k = 0; k < SF_CONTRIB_NSTAT; k++) {
        cr_assert(find_row(res, SF_CONTRIB_BANK, "bank_b", k)->contribution == 0.0);
        cr_assert(find_row(res, SF_CONTRIB_BANK, "bank_b", k)->share == 0.0);
        cr_assert(find_row(res, SF_CONTRIB_SIZE, "medium", k)->contribution == 0.0);
        cr_assert(find_row(res, SF_CONTRIB_SIZE, "micro", k)->contribution == 0.0);
        /* bank_a holds every loan: all of the total */
        const double tot = total_stat(res, k);
        const double a = find_row(res, SF_CONTRIB_BANK, "bank_a", k)->contribution;
        cr_assert(fabs(a - tot) <= 1e-9 * fabs(tot), "%s: bank_a %.17g, the total %.17g, not by segment %.17g",
                  sf_contrib_stat_names[k], a, tot,
                  find_row(res, SF_CONTRIB_BANK, SF_CONTRIB_NOT_BY_SEGMENT, k)->contribution);
    }
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* Two parts with known conditional means: ten paths with totals 1..10, part a = 1 on the even
 * paths, part b the rest. CVaR at 0.75: mass 2.5, the paths 10 and 9 and half of 8, CVaR =
 * (10 + 9 + 4) / 2.5 = 9.2, E[a | tail] = (1 + 0 + 0.5) / 2.5 = 0.6, E[b | tail] = 8.6. */
Test(contrib, two_parts_known_conditional_means)
{
    double x[10], a[10], tw[10], m;
    for (int i = 0; i < 10; i++) {
        x[9 - i] = i + 1; /* in descending order: the weights must not depend on the order */
        a[9 - i] = (i + 1) % 2 == 0 ? 1.0 : 0.0;
    }
    cr_assert_eq(sf_stats_tail_weights(x, NULL, 10, 0.75, tw, &m), 0);
    cr_assert_float_eq(m, 2.5, 1e-15);
    double cv = 0.0, ca = 0.0, cb = 0.0;
    for (int i = 0; i < 10; i++) {
        cv += tw[i] * x[i] / m;
        ca += tw[i] * a[i] / m;
        cb += tw[i] * (x[i] - a[i]) / m;
    }
    cr_assert_float_eq(cv, 9.2, 1e-14);
    cr_assert_float_eq(ca, 0.6, 1e-15);
    cr_assert_float_eq(cb, 8.6, 1e-14);
    /* the same as the CVaR of sf_stats_tail_summary */
    double q, cvs, xs[10];
    memcpy(xs, x, sizeof xs);
    const double lvl = 0.75;
    sf_stats_tail_summary(xs, 10, NULL, 0, &q, &lvl, 1, &cvs);
    cr_assert_float_eq(cv, cvs, 1e-14);
}

/* Ties at the boundary share what is left of the mass: three paths at 5 and mass 2 give each 2/3,
 * whichever of them sf_stats_tail_summary counted; a part only on one of them gets a third. */
Test(contrib, ties_at_the_boundary_share_the_mass)
{
    const double x[6] = {5, 1, 5, 2, 5, 0};
    const double a[6] = {3, 0, 0, 0, 0, 0};
    double tw[6], m;
    cr_assert_eq(sf_stats_tail_weights(x, NULL, 6, 1.0 - 2.0 / 6.0, tw, &m), 0);
    double cv = 0.0, ca = 0.0;
    for (int i = 0; i < 6; i++) {
        cv += tw[i] * x[i] / m;
        ca += tw[i] * a[i] / m;
    }
    cr_assert_float_eq(cv, 5.0, 1e-14);
    cr_assert_float_eq(ca, 1.0, 1e-14);
    cr_assert_float_eq(tw[0], 2.0 / 3.0, 1e-15);
    cr_assert(tw[1] == 0.0 && tw[3] == 0.0 && tw[5] == 0.0);
}

/* With weights: the tail is filled from the top to a weight mass of n (1 - alpha), the raw
 * weights' rule of sf_stats_wtail_summary's CVaR. Weights 2,1,1,1,1 on totals 10,9,8,7,6 (n 5),
 * alpha 0.5: mass 2.5, the first path (2) and half the second: CVaR = (20 + 4.5) / 2.5 = 9.8, as
 * sf_stats_wtail_summary gives. Equal weights of 1 give the unweighted set exactly. */
Test(contrib, weights_fill_the_tail_by_weight)
{
    const double x[5] = {10, 9, 8, 7, 6}, w[5] = {2, 1, 1, 1, 1}, one[5] = {1, 1, 1, 1, 1};
    double tw[5], tu[5], t1[5], m, mu, m1;
    cr_assert_eq(sf_stats_tail_weights(x, w, 5, 0.5, tw, &m), 0);
    cr_assert_float_eq(m, 2.5, 1e-15);
    cr_assert(tw[0] == 2.0 && tw[1] == 0.5 && tw[2] == 0.0, "tail weights %g %g %g", tw[0], tw[1], tw[2]);
    double cv = 0.0;
    for (int i = 0; i < 5; i++)
        cv += tw[i] * x[i] / m;
    cr_assert_float_eq(cv, 9.8, 1e-14);
    sf_stats_wpoint pts[5];
    for (int i = 0; i < 5; i++)
        pts[i] = (sf_stats_wpoint){x[i], w[i]};
    const double al = 0.5;
    double q, cs;
    sf_stats_wtail_summary(pts, 5, &al, 1, &q, &al, 1, &cs);
    cr_assert_float_eq(cs, cv, 1e-14);
    cr_assert_eq(sf_stats_tail_weights(x, NULL, 5, 0.7, tu, &mu), 0);
    cr_assert_eq(sf_stats_tail_weights(x, one, 5, 0.7, t1, &m1), 0);
    cr_assert(mu == m1);
    for (int i = 0; i < 5; i++)
        cr_assert(tu[i] == t1[i], "path %d: %g vs %g", i, tu[i], t1[i]);
}

/* On random data with many ties, the tail weights' CVaR is sf_stats_tail_summary's. */
Test(contrib, tail_weights_match_the_summary_cvar)
{
    const size_t n = 997;
    double *x = malloc(n * sizeof *x), *xs = malloc(n * sizeof *xs), *tw = malloc(n * sizeof *tw);
    unsigned long r = 12345;
    for (size_t i = 0; i < n; i++) {
        r = r * 6364136223846793005UL + 1442695040888963407UL;
        x[i] = (double)((r >> 33) % 50); /* 50 values: ties everywhere */
    }
    const double lv[2] = {0.95, 0.99};
    for (int k = 0; k < 2; k++) {
        double m, q, cvs;
        cr_assert_eq(sf_stats_tail_weights(x, NULL, n, lv[k], tw, &m), 0);
        double cv = 0.0, sw = 0.0;
        for (size_t i = 0; i < n; i++) {
            cv += tw[i] * x[i];
            sw += tw[i];
        }
        cv /= m;
        memcpy(xs, x, n * sizeof *x);
        sf_stats_tail_summary(xs, n, NULL, 0, &q, &lv[k], 1, &cvs);
        cr_assert(fabs(cv - cvs) <= 1e-12 * cvs, "%g: %.17g vs %.17g", lv[k], cv, cvs);
        cr_assert(fabs(sw - m) <= 1e-12 * m);
        /* the rule the run uses gives the same weights */
        double xb, share, mb;
        memcpy(xs, x, n * sizeof *x);
        sf_stats_tail_boundary(xs, n, lv[k], &xb, &share, &mb);
        cr_assert(mb == m);
        for (size_t i = 0; i < n; i++) {
            const double wr = x[i] > xb ? 1.0 : x[i] == xb ? share : 0.0;
            cr_assert(fabs(wr - tw[i]) <= 1e-15, "path %zu: %.17g vs %.17g", i, wr, tw[i]);
        }
    }
    free(x);
    free(xs);
    free(tw);
}

static void assert_same_rows(const sf_result *a, const sf_result *b)
{
    cr_assert_eq(a->ncontrib, b->ncontrib);
    for (size_t i = 0; i < a->ncontrib; i++) {
        const sf_contrib_row *x = &a->contrib[i], *y = &b->contrib[i];
        cr_assert(x->dimension == y->dimension && x->stat == y->stat && strcmp(x->member, y->member) == 0);
        cr_assert(x->contribution == y->contribution && x->share == y->share, "%s %s: %.17g vs %.17g", x->member,
                  sf_contrib_stat_names[x->stat], x->contribution, y->contribution);
    }
}

Test(contrib, same_for_one_and_two_threads_and_in_passes)
{
    sf_scenario sc;
    load_baseline(&sc);
    const long paths = 300;
    sf_result *one = run(&sc, paths, 1, 0), *two = run(&sc, paths, 2, 0);
    assert_same_rows(one, two);
    /* the smallest bound that runs, which takes passes */
    size_t m = (size_t)24 << 20;
    sf_result *bounded = NULL;
    for (;;) {
        sf_run_opts o;
        sf_run_opts_init(&o);
        o.paths = paths;
        o.threads = 2;
        o.max_memory = m;
        sf_err err = {0, ""};
        const int rc = sf_simulate(&sc, &o, &bounded, &err);
        if (rc == SF_OK)
            break;
        cr_assert_eq(rc, SF_EINVAL, "%s", err.msg);
        m += (size_t)1 << 18;
    }
    cr_assert_gt(bounded->npasses, 1);
    assert_same_rows(one, bounded);
    assert_adds_up(bounded);
    sf_result_free(one);
    sf_result_free(two);
    sf_result_free(bounded);
    sf_scenario_release(&sc);
}

/* contributions.csv as `run` writes it: the header, and each row's values those of the library's
 * run on the same paths; its sums are summary.csv's statistics. */
Test(contrib, cli_writes_contributions_csv)
{
    char *dir = tu_tmpdir();
    char cmd[8192], *out = NULL, *err = NULL;
    snprintf(cmd, sizeof cmd, "run scenarios/shenzhen-baseline.ini --paths 1000 --threads 2 --quiet --out %s/r", dir);
    cr_assert_eq(tu_cli(cmd, &out, &err), 0, "%s", err);
    char p[8300];
    snprintf(p, sizeof p, "%s/r/contributions.csv", dir);
    char *csv = tu_slurp(p);
    cr_assert_not_null(csv);
    cr_assert(strncmp(csv, "dimension,member,stat,contribution,share\n", 41) == 0);
    snprintf(p, sizeof p, "%s/r/summary.csv", dir);
    char *sum = tu_slurp(p);
    cr_assert_not_null(sum);
    sf_scenario sc;
    load_baseline(&sc);
    sf_result *res = run(&sc, 1000, 2, 0);
    /* summary.csv's columns: series,unit,year,mean,sd,se,p05,p50,p90,p95,p99,p999,cvar95,cvar99 */
    const double tot[3] = {tu_csv_pick(sum, "budget.total,CNY,total,", 3), tu_csv_pick(sum, "budget.total,CNY,total,", 12),
                           tu_csv_pick(sum, "budget.total,CNY,total,", 13)};
    double s[SF_CONTRIB_NDIM][3] = {{0}};
    for (size_t i = 0; i < res->ncontrib; i++) {
        const sf_contrib_row *r = &res->contrib[i];
        char prefix[160];
        snprintf(prefix, sizeof prefix, "%s,%s,%s,", sf_contrib_dimension_names[r->dimension], r->member,
                 sf_contrib_stat_names[r->stat]);
        const double v = tu_csv_pick(csv, prefix, 3);
        cr_assert(fabs(v - r->contribution) <= 1e-14 * fabs(r->contribution), "%s %.17g vs %.17g", prefix, v,
                  r->contribution);
        s[r->dimension][r->stat] += v;
    }
    for (int d = 0; d < SF_CONTRIB_NDIM; d++)
        for (int k = 0; k < 3; k++)
            cr_assert(fabs(s[d][k] - tot[k]) <= 1e-9 * fabs(tot[k]), "%s %s: %.17g vs summary.csv %.17g",
                      sf_contrib_dimension_names[d], sf_contrib_stat_names[k], s[d][k], tot[k]);
    sf_result_free(res);
    sf_scenario_release(&sc);
    free(csv);
    free(sum);
    free(out);
    free(err);
    free(dir);
}
