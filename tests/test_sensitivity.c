/*
 * sensitivity: a key with a known linear effect on every path gives the exact tornado value with
 * a paired standard error of ~0; the keys of each (series, year, stat) group are sorted by their
 * largest absolute effect; moved values are clipped to the key's range; bad keys are refused.
 * The portfolio multipliers scale every segment when the scenario is loaded.
 */
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
TestSuite(sensitivity, .init = setup);

static char *sens_csv(const char *keys, double delta, char **dir_out)
{
    char *dir = tu_tmpdir();
    char out[4200];
    snprintf(out, sizeof out, "%s/s", dir);
    study_opts o = tu_study_opts(out);
    sf_err err = {0, ""};
    cr_assert_eq(study_sensitivity(CASES "sens.ini", keys, delta, &o, &err), SF_OK, "%s", err.msg);
    char p[4300];
    snprintf(p, sizeof p, "%s/sensitivity.csv", out);
    char *csv = tu_slurp(p);
    cr_assert_not_null(csv);
    *dir_out = dir;
    return csv;
}

Test(sensitivity, a_linear_key_gives_the_exact_tornado_value_and_no_noise)
{
    char *dir;
    char *csv = sens_csv("interest_subsidy.rate_share,risk_compensation.share", 0.1, &dir);
    cr_expect(strncmp(csv,
                      "key,base_value,low_value,high_value,series,year,stat,base,low,high,low_diff,high_diff,diff_se\n",
                      93) == 0);
    /* 0.1 x rate_share 0.4 x rate 0.05 x eligible 0.6 x 1000 loans x 2e6 = 2.4e6 a year, on every path */
    const char *row = "interest_subsidy.rate_share,0.4,0.36,0.44,budget.total,total,mean,";
    const double want = 3 * 2.4e6;
    cr_expect(fabs(tu_csv_pick(csv, row, 10) + want) <= 1e-9 * want, "low_diff %.17g", tu_csv_pick(csv, row, 10));
    cr_expect(fabs(tu_csv_pick(csv, row, 11) - want) <= 1e-9 * want, "high_diff %.17g", tu_csv_pick(csv, row, 11));
    cr_expect(fabs(tu_csv_pick(csv, row, 8) - tu_csv_pick(csv, row, 7) + want) <= 1e-9 * want);
    cr_expect(tu_csv_pick(csv, row, 12) < 1e-6 * want, "diff_se %g", tu_csv_pick(csv, row, 12));
    /* present value: the years discounted at 2.5 % from start_year */
    const double pv = 2.4e6 * (1 + 1 / 1.025 + 1 / (1.025 * 1.025));
    const char *rpv = "interest_subsidy.rate_share,0.4,0.36,0.44,budget.total,pv,mean,";
    cr_expect(fabs(tu_csv_pick(csv, rpv, 11) - pv) <= 1e-9 * pv, "pv high_diff %.17g", tu_csv_pick(csv, rpv, 11));
    const char *ry = "interest_subsidy.rate_share,0.4,0.36,0.44,budget.total,2028,p95,";
    cr_expect(fabs(tu_csv_pick(csv, ry, 11) - 2.4e6) <= 1e-9 * 2.4e6, "P95 moves by the same constant");
    /* the random key's effect is measured with a positive standard error */
    const char *rr = "risk_compensation.share,0.3,0.27,0.33,budget.total,total,mean,";
    cr_expect(tu_csv_pick(csv, rr, 12) > 0);
    cr_expect(tu_csv_pick(csv, rr, 11) > 10 * tu_csv_pick(csv, rr, 12), "well above its noise");
    char p[4300];
    snprintf(p, sizeof p, "%s/s/summary.csv", dir);
    char *sum = tu_slurp(p);
    cr_expect_not_null(sum, "the base run's folder holds the file");
    free(sum);
    snprintf(p, sizeof p, "%s/s/report.html", dir);
    char *html = tu_slurp(p);
    cr_assert_not_null(html);
    cr_expect(strstr(html, "id=\"sensitivity\""), "the report has the section");
    /* the key under its label, its values in percent (the report shows no raw key names) */
    cr_expect(strstr(html, "Subsidy as a share of the loan rate (36% → 44%): −7.20"), "the tornado draws the file's bar");
    free(html);
    free(csv);
    free(dir);
}

Test(sensitivity, keys_are_sorted_by_their_largest_effect_in_every_group)
{
    char *dir;
    char *csv = sens_csv("portfolio.lgd_scale,risk_compensation.share,interest_subsidy.rate_share", 0.1, &dir);
    /* the headline group comes first, largest effect first: 7.2e6 (exact), ~4.4e6, ~0.9e6 */
    const char *l1 = strchr(csv, '\n') + 1;
    cr_expect(strncmp(l1, "interest_subsidy.rate_share,", 28) == 0, "%.60s", l1);
    const char *l2 = strchr(l1, '\n') + 1;
    cr_expect(strncmp(l2, "risk_compensation.share,", 24) == 0, "%.60s", l2);
    const char *l3 = strchr(l2, '\n') + 1;
    cr_expect(strncmp(l3, "portfolio.lgd_scale,", 20) == 0, "%.60s", l3);
    cr_expect(strstr(l1, ",budget.total,total,mean,") && strstr(l3, ",budget.total,total,mean,"));
    /* in every group of three rows, |effect| does not increase */
    int rows = 0;
    double prev = INFINITY;
    char group[128] = "";
    for (const char *l = l1; *l; l = strchr(l, '\n') + 1) {
        char g[128];
        const char *s = strstr(l, ",budget.");
        const char *e = s;
        for (int c = 0; c < 4; c++)
            e = strchr(e + 1, ',');
        snprintf(g, sizeof g, "%.*s", (int)(e - s), s);
        const double eff = fmax(fabs(tu_csv_pick(l, l, 10)), fabs(tu_csv_pick(l, l, 11)));
        if (strcmp(g, group) != 0) {
            snprintf(group, sizeof group, "%s", g);
            prev = INFINITY;
        }
        cr_expect(eff <= prev, "group %s: %g after %g", g, eff, prev);
        prev = eff;
        rows++;
    }
    cr_expect_eq(rows, 3 * 5 * 2 * 2, "3 keys x (3 years, total, pv) x (mean, p95) x (budget.total, budget.claims)");
    free(csv);
    free(dir);
}

Test(sensitivity, moved_values_are_clipped_to_the_range_and_bad_keys_refused)
{
    char *dir;
    /* share_cap 0.8 x 1.3 = 1.04 is clipped to its maximum 1 */
    char *csv = sens_csv("risk_compensation.share_cap", 0.3, &dir);
    cr_expect(strstr(csv, "\nrisk_compensation.share_cap,0.8,0.56,1,budget.total,"), "%.300s", csv);
    free(csv);
    free(dir);
    char *d2 = tu_tmpdir();
    char out[4200];
    snprintf(out, sizeof out, "%s/never", d2);
    study_opts o = tu_study_opts(out);
    const char *bad[] = {"nosuch.key", "risk_compensation.on_shortfall", "interest_subsidy.cap", "share", "guarantee.fee_rate"};
    const char *why[] = {"not a numeric scenario key", "not a numeric scenario key", "is 0", "not a numeric", "not enabled"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sf_err e = {0, ""};
        cr_expect_eq(study_sensitivity(CASES "sens.ini", bad[i], 0.1, &o, &e), SF_EINVAL, "%s", bad[i]);
        cr_expect(strstr(e.msg, "--keys") && strstr(e.msg, why[i]), "%s: %s", bad[i], e.msg);
    }
    sf_err e = {0, ""};
    cr_expect_eq(study_sensitivity(CASES "sens.ini", NULL, 1.5, &o, &e), SF_EINVAL);
    cr_expect(strstr(e.msg, "--delta"), "%s", e.msg);
    cr_expect_null(tu_slurp(out), "no folder for a refused study");
    free(d2);
}

Test(sensitivity, cli_prints_the_table_and_writes_the_file)
{
    char *dir = tu_tmpdir();
    char cmd[4600], *out = NULL, *err = NULL;
    snprintf(cmd, sizeof cmd, "sensitivity " CASES "sens.ini --keys interest_subsidy.rate_share --delta 0.2 --paths 200 --out %s/c",
             dir);
    cr_expect_eq(tu_cli(cmd, &out, &err), 0, "%s", err);
    cr_expect(strstr(out, "interest_subsidy.rate_share"), "%s", out);
    cr_expect(strstr(out, "-14.40"), "0.2 x 7.2e7 = 14.4 CNY m: %s", out);
    free(out);
    free(err);
    snprintf(cmd, sizeof cmd, "sensitivity " CASES "sens.ini --delta 2 --out %s/d", dir);
    cr_expect_eq(tu_cli(cmd, &out, &err), 2);
    cr_expect(strstr(err, "smefin: --delta: "), "%s", err);
    free(out);
    free(err);
    free(dir);
}

Test(sensitivity, portfolio_multipliers_scale_every_segment)
{
    const char *sets[] = {"portfolio.pd_scale=1.5", "portfolio.lgd_scale=0.5", "portfolio.rho_scale=2",
                          "portfolio.loans_scale=1.2345"};
    sf_scenario sc;
    sf_err err = {0, ""};
    cr_assert_eq(sf_scenario_load(CASES "sens.ini", sets, 4, &sc, &err), SF_OK, "%s", err.msg);
    cr_expect_float_eq(sc.segs[1].pd, 0.06, 1e-15);
    cr_expect_float_eq(sc.segs[1].lgd, 0.25, 1e-15);
    cr_expect_float_eq(sc.segs[1].rho, 0.2, 1e-15);
    cr_expect_eq(sc.segs[0].loans, 1235.0, "1000 x 1.2345 rounded");
    cr_expect_eq(sc.segs[1].loans, 6173.0, "5000 x 1.2345 = 6172.5 rounded half up");
    cr_expect_eq(sc.scale.pd, 1.5);
    sf_scenario_release(&sc);
    cr_assert_eq(sf_scenario_load(CASES "sens.ini", NULL, 0, &sc, &err), SF_OK, "%s", err.msg);
    cr_expect_eq(sc.scale.pd, 1.0, "default 1");
    cr_expect_eq(sc.segs[1].loans, 5000.0);
    sf_scenario_release(&sc);
    const char *too[] = {"portfolio.pd_scale=30"};
    cr_expect_eq(sf_scenario_load(CASES "sens.ini", too, 1, &sc, &err), SF_EINVAL);
    cr_expect(strstr(err.msg, "sens.csv:3: pd: ") && strstr(err.msg, "portfolio.pd_scale"), "%s", err.msg);
}
