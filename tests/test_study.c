/*
 * compare, sweep and solve: common random numbers make a scenario's difference with itself
 * exactly zero; a variant's difference is measured within its standard error; solve finds a
 * known root of a deterministic line.
 */
#include "compare.h"
#include "loader.h"
#include "study.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES "tests/cases/study/"

static void setup(void)
{
    gsl_set_error_handler_off();
}
TestSuite(study, .init = setup);

Test(study, a_scenario_compared_with_itself_differs_by_exactly_zero)
{
    char *dir = tu_tmpdir();
    char out[4200];
    snprintf(out, sizeof out, "%s/c", dir);
    study_opts o = tu_study_opts(out);
    const char *variants[] = {CASES "base.ini"};
    sf_err err = {0, ""};
    cr_assert_eq(study_compare(CASES "base.ini", variants, 1, &o, &err), SF_OK, "%s", err.msg);
    char p[4300];
    snprintf(p, sizeof p, "%s/compare.csv", out);
    char *csv = tu_slurp(p);
    cr_assert_not_null(csv);
    cr_expect(strncmp(csv, "variant,series,year,stat,base,variant_value,diff,diff_se\n", 57) == 0);
    cr_expect_eq(tu_csv_pick(csv, "study-base,risk_comp.paid,total,mean,", 6), 0.0);
    cr_expect_eq(tu_csv_pick(csv, "study-base,risk_comp.paid,total,mean,", 7), 0.0);
    cr_expect_eq(tu_csv_pick(csv, "study-base,budget.total,2028,p99,", 6), 0.0);
    snprintf(p, sizeof p, "%s/summary.csv", out);
    char *sum = tu_slurp(p);
    cr_expect_not_null(sum, "the base run's results are in the folder");
    free(sum);
    free(csv);
    free(dir);
}

Test(study, a_higher_share_costs_what_the_closed_form_says)
{
    /* No caps and an ample pool: risk_comp.paid is share x eligible principal in default, so the
     * variant's mean difference is (0.45 - 0.30) x E[eligible principal in default]. */
    char *dir = tu_tmpdir();
    char out[4200];
    snprintf(out, sizeof out, "%s/c", dir);
    study_opts o = tu_study_opts(out);
    const char *variants[] = {CASES "variant.ini"};
    sf_err err = {0, ""};
    cr_assert_eq(study_compare(CASES "base.ini", variants, 1, &o, &err), SF_OK, "%s", err.msg);
    char p[4300];
    snprintf(p, sizeof p, "%s/compare.csv", out);
    char *csv = tu_slurp(p);
    const double want = 0.15 * (2000 * 1.5e6 * 0.027 * 0.8 + 5000 * 3e5 * 0.041);
    const double d = tu_csv_pick(csv, "study-variant,risk_comp.paid,2027,mean,", 6);
    const double se = tu_csv_pick(csv, "study-variant,risk_comp.paid,2027,mean,", 7);
    cr_expect(se > 0.0);
    /* The paired difference is 0.15/0.30 x the base's claim on every path: its own sd is the
     * base's sd scaled, and the expectation sits within 4 se of the estimate. */
    cr_expect(fabs(d - want) < 4 * se, "diff %g, want %g (se %g)", d, want, se);
    /* Portfolio draws are shared: the loss does not move at all. */
    cr_expect_eq(tu_csv_pick(csv, "study-variant,portfolio.loss,2029,mean,", 6), 0.0);
    free(csv);
    free(dir);
}

/* A folder a failing study must not write: each test its own, since the suite runs tests in
 * parallel processes and a run locks its --out folder. */
static void never_written(char *buf, size_t n)
{
    char *tmp = tu_tmpdir();
    snprintf(buf, n, "%s/never-written", tmp);
    free(tmp);
}

Test(study, compare_refuses_a_different_horizon)
{
    char never[4200];
    never_written(never, sizeof never);
    study_opts o = tu_study_opts(never);
    const char *variants[] = {CASES "longer.ini"};
    sf_err err = {0, ""};
    cr_assert_eq(study_compare(CASES "base.ini", variants, 1, &o, &err), SF_EINVAL);
    cr_expect(strstr(err.msg, "longer.ini") && strstr(err.msg, "years"), "%s", err.msg);
}

Test(study, sweep_writes_one_row_per_value_series_and_year)
{
    char *dir = tu_tmpdir();
    char out[4200];
    snprintf(out, sizeof out, "%s/s", dir);
    study_opts o = tu_study_opts(out);
    sf_err err = {0, ""};
    cr_assert_eq(study_sweep(CASES "nodefault.ini", "guarantee.fee_subsidy_rate=0.001,0.0037,0.0052", &o, &err), SF_OK,
                 "%s", err.msg);
    char p[4300];
    snprintf(p, sizeof p, "%s/sweep.csv", out);
    char *csv = tu_slurp(p);
    cr_assert_not_null(csv);
    cr_expect(strncmp(csv, "key,value,series,unit,year,mean,", 32) == 0);
    /* pd = 0: the fee subsidy is exactly rate x guaranteed balance (1.1e9). */
    cr_expect(fabs(tu_csv_pick(csv, "guarantee.fee_subsidy_rate,0.0052,guarantee.fee_subsidy,CNY,2028,", 5) -
                   0.0052 * 1.1e9) < 1e-6);
    cr_expect(fabs(tu_csv_pick(csv, "guarantee.fee_subsidy_rate,0.001,guarantee.fee_subsidy,CNY,2027,", 5) - 1.1e6) <
              1e-6);
    free(csv);
    free(dir);
}

Test(study, sweep_rejects_a_malformed_vary)
{
    char never[4200];
    never_written(never, sizeof never);
    study_opts o = tu_study_opts(never);
    sf_err err = {0, ""};
    cr_expect_eq(study_sweep(CASES "nodefault.ini", "fee_subsidy_rate=0.1", &o, &err), SF_EINVAL);
    cr_expect(strstr(err.msg, "--vary"), "%s", err.msg);
    sf_err e2 = {0, ""};
    cr_expect_eq(study_sweep(CASES "nodefault.ini", "guarantee.fee_subsidy_rate=0.1,abc", &o, &e2), SF_EINVAL);
    cr_expect(strstr(e2.msg, "fee_subsidy_rate"), "%s", e2.msg);
}

Test(study, solve_finds_the_root_of_a_deterministic_line)
{
    /* fee subsidy = x * 1.1e9 <= 2.9e6  ->  x* = 2.9e6 / 1.1e9 */
    char *dir = tu_tmpdir();
    char out[4200];
    snprintf(out, sizeof out, "%s/v", dir);
    study_opts o = tu_study_opts(out);
    sf_err err = {0, ""};
    double x = 0;
    cr_assert_eq(study_solve(CASES "nodefault.ini", "guarantee.fee_subsidy_rate", "0:0.01",
                             "guarantee.fee_subsidy:2028:mean<=2.9e6", &o, &x, &err),
                 SF_OK, "%s", err.msg);
    const double want = 2.9e6 / 1.1e9;
    cr_expect(x <= want && want - x <= 1e-4 * 0.01, "found %.10g, want %.10g", x, want);
    char p[4300];
    snprintf(p, sizeof p, "%s/solve.csv", out);
    char *csv = tu_slurp(p);
    cr_assert_not_null(csv);
    cr_expect(strstr(csv, "guarantee.fee_subsidy_rate,"));
    free(csv);
    free(dir);
}

Test(study, solve_reports_a_target_that_never_holds_and_bad_targets)
{
    char never[4200];
    never_written(never, sizeof never);
    study_opts o = tu_study_opts(never);
    sf_err err = {0, ""};
    double x;
    cr_expect_eq(study_solve(CASES "nodefault.ini", "guarantee.fee_subsidy_rate", "0.001:0.01",
                             "guarantee.fee_subsidy:2028:mean<=1", &o, &x, &err),
                 SF_EINVAL);
    cr_expect(strstr(err.msg, "never holds"), "%s", err.msg);
    const char *bad[] = {"guarantee.fee_subsidy:2028:median<=1", "guarantee.fee_subsidy:2028:mean=1",
                         "nosuch.series:2028:mean<=1", "guarantee.fee_subsidy:1999:mean<=1"};
    for (size_t i = 0; i < 4; i++) {
        sf_err e = {0, ""};
        cr_expect_eq(study_solve(CASES "nodefault.ini", "guarantee.fee_subsidy_rate", "0:0.01", bad[i], &o, &x, &e),
                     SF_EINVAL, "%s", bad[i]);
        cr_expect(strstr(e.msg, "--target"), "%s: %s", bad[i], e.msg);
    }
}

Test(study, stat_names_round_trip)
{
    for (int k = 0; k < SF_NSTATS; k++)
        cr_expect_eq(sf_stat_index(sf_stat_names[k]), k);
    cr_expect_eq(sf_stat_index("p42"), -1);
    sf_stat st = {0, 2027, 1.5, 2.5, 3.5, {4, 5, 6, 7, 8, 9}, 10, 11};
    cr_expect_eq(sf_stat_value(&st, sf_stat_index("p95")), 7);
    cr_expect_eq(sf_stat_value(&st, sf_stat_index("cvar99")), 11);
    cr_expect_eq(sf_stat_value(&st, sf_stat_index("se")), 3.5);
    /* The named indices and levels read the same cells as the names. */
    cr_expect_eq(sf_stat_index("p95"), SF_STAT_P95);
    cr_expect_eq(sf_stat_index("cvar95"), SF_STAT_CVAR95);
    cr_expect_eq(st.q[SF_Q95], 7);
    cr_expect_eq(sf_stat_quantile(&st, 0.95), 7);
    cr_expect_eq(sf_stat_quantile(&st, 0.999), 9);
    cr_expect_eq(sf_stat_quantile(&st, 0.05), 4);
    cr_expect(isnan(sf_stat_quantile(&st, 0.75)), "no quantile at a level the run did not compute");
}

Test(study, solve_finds_the_smallest_value_meeting_a_ge_target_to_its_tolerance)
{
    /* fee subsidy = x * 1.1e9 >= 2.9e6: the target holds at the top of the range, so solve
     * returns the smallest x of [0, 0.01] that meets it, x* = 2.9e6 / 1.1e9, within 1e-4 x range */
    char *dir = tu_tmpdir();
    char out[4200];
    snprintf(out, sizeof out, "%s/g", dir);
    study_opts o = tu_study_opts(out);
    sf_err err = {0, ""};
    double x = 0;
    cr_assert_eq(study_solve(CASES "nodefault.ini", "guarantee.fee_subsidy_rate", "0:0.01",
                             "guarantee.fee_subsidy:2028:mean>=2.9e6", &o, &x, &err),
                 SF_OK, "%s", err.msg);
    const double want = 2.9e6 / 1.1e9;
    cr_expect(x >= want && x - want <= 1e-4 * 0.01, "found %.10g, want %.10g", x, want);
    char p[4300];
    snprintf(p, sizeof p, "%s/solve.csv", out);
    char *csv = tu_slurp(p);
    cr_assert_not_null(csv);
    cr_expect(strstr(csv, ",mean>=,"), "%s", csv);
    free(csv);
    /* a >= target the range cannot reach: refused with the values at both ends */
    char never[4200];
    snprintf(never, sizeof never, "%s/never", dir);
    study_opts on = tu_study_opts(never);
    sf_err e2 = {0, ""};
    cr_expect_eq(study_solve(CASES "nodefault.ini", "guarantee.fee_subsidy_rate", "0.001:0.002",
                             "guarantee.fee_subsidy:2028:mean>=2.9e6", &on, &x, &e2),
                 SF_EINVAL);
    cr_expect(strstr(e2.msg, "never holds") && strstr(e2.msg, " at 0.001") && strstr(e2.msg, " at 0.002"), "%s",
              e2.msg);
    cr_expect_null(tu_slurp(never), "nothing written");
    free(dir);
}
