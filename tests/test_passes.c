/*
 * Memory-bounded runs (sf_run_opts.max_memory, `--max-memory`): a run whose per-path values do
 * not fit simulates every path again per group of cells. Its statistics and figures must be
 * those of the unbounded run, bit for bit, whatever the number of passes.
 */
#include "loader.h"
#include "sim.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MB ((size_t)1 << 20)

static void setup(void)
{
    gsl_set_error_handler_off();
}
TestSuite(passes, .init = setup);

static void load_baseline(sf_scenario *sc)
{
    sf_err err = {0, ""};
    cr_assert_eq(sf_scenario_load("scenarios/shenzhen-baseline.ini", NULL, 0, sc, &err), SF_OK, "%s", err.msg);
}

static int run(const sf_scenario *sc, long paths, int threads, size_t max_memory, sf_result **res, sf_err *err)
{
    sf_run_opts o;
    sf_run_opts_init(&o);
    o.paths = paths;
    o.threads = threads;
    o.max_memory = max_memory;
    *res = NULL;
    return sf_simulate(sc, &o, res, err);
}

/* Every statistic and figure of b equals a's exactly. */
static void assert_same(const sf_result *a, const sf_result *b)
{
    cr_assert_eq(a->ncells, b->ncells);
    for (size_t c = 0; c < a->ncells; c++) {
        const sf_stat *x = &a->stats[c], *y = &b->stats[c];
        const char *name = a->series[x->series]->name;
        cr_assert_eq(x->series, y->series);
        cr_assert_eq(x->year, y->year);
        cr_assert(x->mean == y->mean && x->sd == y->sd && x->se == y->se, "%s %d: moments differ", name, x->year);
        for (int k = 0; k < SF_NQUANT; k++)
            cr_assert(x->q[k] == y->q[k], "%s %d: quantile %d is %.17g, unbounded %.17g", name, x->year, k, y->q[k],
                      x->q[k]);
        cr_assert(x->cvar95 == y->cvar95 && x->cvar99 == y->cvar99, "%s %d: CVaR differs", name, x->year);
    }
    cr_assert_eq(a->extras.n, b->extras.n);
    for (int i = 0; i < a->extras.n; i++) {
        cr_assert_str_eq(a->extras.item[i].key, b->extras.item[i].key);
        const double u = a->extras.item[i].value, v = b->extras.item[i].value;
        cr_assert(u == v || (isnan(u) && isnan(v)), "%s: %.17g, unbounded %.17g", a->extras.item[i].key, v, u);
    }
}

/* The baseline with every mechanism, under memory limits from "barely enough" to "all fits":
 * the statistics and figures (quantiles, CVaR, the mechanisms' per-path figures such as the
 * pooled bridge rejection or the probability of a pool shortfall) are the unbounded run's. */
Test(passes, bounded_runs_equal_the_unbounded_run)
{
    sf_scenario sc;
    load_baseline(&sc);
    const long paths = 600;
    sf_result *ref;
    sf_err err = {0, ""};
    cr_assert_eq(run(&sc, paths, 2, 0, &ref, &err), SF_OK, "%s", err.msg);
    cr_assert_eq(ref->npasses, 1);
    cr_assert_eq(ref->store_float, 0);
    const size_t all = ref->ncells * (size_t)paths * sizeof(double);
    int seen[16] = {0};
    int ok = 0;
    for (size_t m = 24 * MB; m <= 24 * MB + 2 * all; m += all / 8) {
        sf_result *res;
        const int rc = run(&sc, paths, 2, m, &res, &err);
        if (rc == SF_EINVAL) { /* too small: says how much it needs */
            cr_assert(strncmp(err.msg, "max_memory: ", 12) == 0 && strstr(err.msg, ">="), "%s", err.msg);
            continue;
        }
        cr_assert_eq(rc, SF_OK, "%s", err.msg);
        ok++;
        seen[res->npasses < 15 ? res->npasses : 15] = 1;
        assert_same(ref, res);
        sf_result_free(res);
    }
    cr_assert(ok > 0);
    cr_assert(seen[1], "no limit in the range let the run fit in one pass");
    int multi = 0;
    for (int k = 3; k < 16; k++)
        multi |= seen[k];
    cr_assert(seen[2] && multi, "the limits should give 2 passes and 3 or more");
    sf_result_free(ref);
    sf_scenario_release(&sc);
}

/* After a bounded run the cells the figures read are resident, the others read as NaN (never
 * another cell's value). Thread count does not change a bounded run either. */
Test(passes, residency_after_a_bounded_run)
{
    sf_scenario sc;
    load_baseline(&sc);
    const long paths = 300;
    sf_result *one, *two;
    sf_err err = {0, ""};
    size_t m = 24 * MB;
    int rc;
    /* the bound is searched with 2 threads, which take one column of doubles more than 1 */
    while ((rc = run(&sc, paths, 2, m, &two, &err)) == SF_EINVAL)
        m += MB / 4;
    cr_assert_eq(rc, SF_OK, "%s", err.msg);
    cr_assert_gt(two->npasses, 1, "%zu MB should need passes", m / MB);
    cr_assert_eq(run(&sc, paths, 1, m, &one, &err), SF_OK, "%s", err.msg);
    cr_assert_eq(one->npasses, two->npasses);
    assert_same(one, two);

    static const char *const pinned[] = {"budget.total", "budget.exceeds_appropriation", "bridge.requests",
                                         "risk_comp.shortfall", "guarantee.capital_injection", "fund.gov_tvpi"};
    for (size_t i = 0; i < sizeof pinned / sizeof *pinned; i++) {
        const int s = sf_result_series(one, pinned[i]);
        cr_assert_geq(s, 0, "%s", pinned[i]);
        for (int c = 0; c < one->ncols[s]; c++)
            cr_assert(isfinite(sf_result_value(one, s, c, paths - 1)), "%s col %d not resident", pinned[i], c);
    }
    size_t absent = 0;
    for (size_t c = 0; c < one->ncells; c++)
        absent += one->slot[c] == SF_NOT_RESIDENT;
    cr_assert_gt(absent, 0);
    const int s = sf_result_series(one, "portfolio.loss");
    cr_assert_eq(one->slot[one->col0[s]], SF_NOT_RESIDENT, "the first cells go to the first pass");
    cr_assert(isnan(sf_result_value(one, s, 0, 0)));
    sf_result_free(one);
    sf_result_free(two);
    sf_scenario_release(&sc);
}

/* The CLI: the default bound leaves small runs alone; a bound too small is bad input (exit 2,
 * nothing written); paths.csv and compare need every value, so they refuse a bound. */
Test(passes, cli_max_memory)
{
    char *dir = tu_tmpdir();
    char cmd[8400], *out, *errs;
    snprintf(cmd, sizeof cmd, "run --paths 2000 --quiet --out %s/a", dir);
    cr_assert_eq(tu_cli(cmd, &out, &errs), 0, "%s", errs);
    free(out);
    free(errs);
    snprintf(cmd, sizeof cmd, "run --paths 2000 --threads 2 --quiet --max-memory 29 --out %s/b", dir);
    cr_assert_eq(tu_cli(cmd, &out, &errs), 0, "%s", errs);
    free(out);
    free(errs);
    char p[8400];
    snprintf(p, sizeof p, "%s/a/summary.csv", dir);
    char *sa = tu_slurp(p);
    snprintf(p, sizeof p, "%s/b/summary.csv", dir);
    char *sb = tu_slurp(p);
    cr_assert(sa && sb);
    cr_assert_str_eq(sa, sb, "summary.csv differs under --max-memory");
    snprintf(p, sizeof p, "%s/b/run.json", dir);
    char *js = tu_slurp(p);
    cr_assert_not_null(js);
    const char *np = strstr(js, "\"passes\": ");
    cr_assert_not_null(np);
    cr_assert_gt(atoi(np + 10), 1, "29 MB should take more than one pass");
    snprintf(p, sizeof p, "%s/a/run.json", dir);
    char *ja = tu_slurp(p);
    cr_assert(ja && strstr(ja, "\"passes\": 1,"));
    free(sa);
    free(sb);
    free(js);
    free(ja);

    static const char *const bad[] = {"run --paths 2000 --max-memory 10",
                                      "run --paths 2000 --max-memory 500 --keep-paths",
                                      "run --paths 2000 --max-memory -1",
                                      "run --paths 2000 --max-memory 1e3",
                                      "compare scenarios/shenzhen-baseline.ini scenarios/shenzhen-baseline.ini "
                                      "--paths 500 --max-memory 500"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(cmd, sizeof cmd, "%s --out %s/c", bad[i], dir);
        cr_assert_eq(tu_cli(cmd, &out, &errs), 2, "%s: %s", cmd, errs);
        cr_assert(strstr(errs, "--max-memory") != NULL, "%s: %s", cmd, errs);
        cr_assert(strchr(errs, '\n') == errs + strlen(errs) - 1, "one line: %s", errs);
        free(out);
        free(errs);
        snprintf(p, sizeof p, "%s/c", dir);
        cr_assert(tu_slurp(p) == NULL && access(p, F_OK) != 0, "%s wrote %s", cmd, p);
    }
    free(dir);
}
