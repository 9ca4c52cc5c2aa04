/* Tests of the Art. 56 evaluation table (model/evaluation.c) and its writer
 * (output/evaluation_csv.c). */
#include "evaluation.h"
#include "evaluation_csv.h"
#include "interest.h"
#include "loader.h"
#include "mechanism.h"
#include "risk_comp.h"
#include "scenario.h"
#include "sim.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A hand-built result holding the interest mechanism's series over two years, with chosen means. */
typedef struct fake {
    sf_scenario sc;
    sf_result res;
    const sf_series_def *series[SF_INTEREST_NSERIES];
    int ncols[SF_INTEREST_NSERIES];
    size_t col0[SF_INTEREST_NSERIES];
    sf_stat stats[32];
} fake;

static void fake_init(fake *f)
{
    memset(f, 0, sizeof *f);
    f->sc.sim.start_year = 2031;
    f->sc.sim.years = 2;
    f->sc.interest.enabled = 1;
    f->res.sc = &f->sc;
    f->res.npaths = 10;
    f->res.nyears = 2;
    f->res.nseries = SF_INTEREST_NSERIES;
    f->res.series = f->series;
    f->res.ncols = f->ncols;
    f->res.col0 = f->col0;
    f->res.stats = f->stats;
    size_t cell = 0;
    for (size_t k = 0; k < SF_INTEREST_NSERIES; k++) {
        const sf_series_def *d = &sf_interest_mechanism.series[k];
        f->series[k] = d;
        f->ncols[k] = strcmp(d->unit, "CNY") == 0 && !(d->flags & SF_SERIES_STOCK) ? 4 : 2;
        f->col0[k] = cell;
        for (int c = 0; c < f->ncols[k]; c++)
            f->stats[cell + (size_t)c].series = (int)k;
        cell += (size_t)f->ncols[k];
    }
    f->res.ncells = f->res.nstats = cell;
}

static void fake_set(fake *f, int k, const double *means)
{
    for (int c = 0; c < f->ncols[k]; c++)
        f->stats[f->col0[k] + (size_t)c].mean = means[c];
}

static void fake_fill(fake *f)
{
    fake_set(f, SF_INTEREST_S_PAID, (const double[]){3.5e6, 4.25e6, 7.75e6, 7.6e6});
    fake_set(f, SF_INTEREST_S_SUPPORTED, (const double[]){4e8, 6e8, 1e9, 0.98e9});
    fake_set(f, SF_INTEREST_S_LOSS_RATE, (const double[]){0.01, 0.02});
}

Test(evaluation, row_from_hand_built_result)
{
    fake f;
    fake_init(&f);
    fake_fill(&f);
    sf_evaluation_row rows[8];
    size_t n = 0;
    sf_err err = {0, ""};
    cr_assert_eq(sf_evaluation_table_compute(&f.res, rows, 8, &n, &err), SF_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(rows[0].mechanism, "interest_subsidy");
    cr_assert_str_eq(rows[0].article, "21/57");
    cr_assert_float_eq(rows[0].spending, 7.75e6, 1e-6);
    cr_assert_float_eq(rows[0].supported, 1e9, 1e-3);
    /* loss rate weighted by the supported balance: (0.01·4 + 0.02·6) / 10 = 0.016 */
    cr_assert_float_eq(rows[0].loss_rate, 0.016, 1e-15);
    cr_assert_float_eq(rows[0].cost_per_yuan, 7.75e-3, 1e-15);
    cr_assert_float_eq(rows[0].multiplier, 1e9 / 7.75e6, 1e-9);
}

Test(evaluation, too_small_table_is_an_error)
{
    fake f;
    fake_init(&f);
    fake_fill(&f);
    sf_evaluation_row rows[1];
    size_t n = 0;
    sf_err err = {0, ""};
    cr_assert_eq(sf_evaluation_table_compute(&f.res, rows, 0, &n, &err), SF_EINVAL);
    cr_assert_neq(err.msg[0], '\0');
}

Test(evaluation, csv_header_and_row)
{
    fake f;
    fake_init(&f);
    fake_fill(&f);
    FILE *fp = tmpfile();
    cr_assert_not_null(fp);
    sf_err err = {0, ""};
    cr_assert_eq(sf_evaluation_csv_write(&f.res, fp, &err), SF_OK, "%s", err.msg);
    rewind(fp);
    char buf[1024] = "";
    const size_t got = fread(buf, 1, sizeof buf - 1, fp);
    buf[got] = '\0';
    fclose(fp);
    cr_assert_str_eq(buf, "mechanism,article,spending,financing_supported,loss_rate,cost_per_yuan,multiplier,unit\n"
                          "interest_subsidy,21/57,7750000,1000000000,0.016,0.00775,129.032258065,CNY\n");
}

/* No financing supported and no spending: the ratios do not apply and are written empty. */
Test(evaluation, csv_empty_fields_when_ratios_do_not_apply)
{
    fake f;
    fake_init(&f);
    FILE *fp = tmpfile();
    sf_err err = {0, ""};
    cr_assert_eq(sf_evaluation_csv_write(&f.res, fp, &err), SF_OK);
    rewind(fp);
    char buf[1024] = "";
    buf[fread(buf, 1, sizeof buf - 1, fp)] = '\0';
    fclose(fp);
    cr_assert(strstr(buf, "\ninterest_subsidy,21/57,0,0,0,,,CNY\n") != NULL, "%s", buf);
}

/* Through the engine: one row per enabled mechanism, consistent with the summary statistics. */
Test(evaluation, e2e_rows_match_the_statistics)
{
    sf_scenario sc;
    tu_scenario(&sc, 3, 2500, 9e5, 0.025, 0.12, 0.45, 4, 200);
    sc.risk_comp.enabled = 1;
    sc.risk_comp.share = 0.3;
    sc.risk_comp.share_cap = 0.5;
    sc.risk_comp.corridor_high = 1;
    sc.risk_comp.suspend_above = 1;
    sc.risk_comp.pool_initial = 1e12;
    sc.interest.enabled = 1;
    for (size_t s = 0; s < sc.nsegs; s++) {
        sc.segs[s].compensation_eligible = 0.6;
        sc.segs[s].interest_subsidy = 0.01;
    }
    sf_result *res = tu_run(&sc, 2);
    sf_evaluation_row rows[16];
    size_t n = 0;
    sf_err err = {0, ""};
    cr_assert_eq(sf_evaluation_table_compute(res, rows, 16, &n, &err), SF_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(rows[0].mechanism, "risk_compensation");
    cr_assert_str_eq(rows[1].mechanism, "interest_subsidy");
    const double spend = sf_result_stat(res, "risk_comp.paid", SF_YEAR_TOTAL)->mean +
                         sf_result_stat(res, "risk_comp.recovered", SF_YEAR_TOTAL)->mean;
    cr_assert_float_eq(rows[0].spending, spend, 1e-9 * spend);
    const double sup = sf_result_stat(res, "risk_comp.supported", SF_YEAR_TOTAL)->mean;
    cr_assert_float_eq(rows[0].supported, sup, 1e-9 * sup);
    cr_assert_float_eq(rows[0].cost_per_yuan * rows[0].multiplier, 1.0, 1e-12);
    /* loss rate near pd × LGD */
    cr_assert_lt(fabs(rows[0].loss_rate - 0.025 * 0.45), 0.005);
    cr_assert_float_eq(rows[1].spending, 0.01 * sup / 0.6, 1e-9 * sup);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* ---------------------------------------------------------------- each yuan once */

static double total_mean(const sf_result *res, const char *series)
{
    const sf_stat *st = sf_result_stat(res, series, SF_YEAR_TOTAL);
    cr_assert_not_null(st, "no total of %s", series);
    return st->mean;
}

/* The union of the financing supported, closed form (issue 13 item 2). No default (pd 0), tenor 1
 * and no renewals: every year each segment holds N = 2 000 loans of 1.5 million, B = 3e9. Segment 0
 * is 80 % compensation-eligible and 70 % guaranteed (at least half of it covered twice), segment 1
 * 30 % and 20 %, segment 2 45 % guaranteed and 25 % insured. Per year the lower bound (full
 * overlap: the largest mechanism's part of each segment) is 0.8 + 0.3 + 0.45 = 1.55 B, the upper
 * bound (no overlap, at most the segment's loans) min(1, 1.5) + 0.5 + 0.7 = 2.2 B, while the
 * mechanisms' financing added up is 2.7 B; over 3 years x 3. */
Test(evaluation, financing_each_yuan_once_closed_form)
{
    sf_scenario sc;
    tu_scenario(&sc, 3, 2000, 1.5e6, 0.0, 0.15, 0.45, 3, 40);
    const double elig[3] = {0.8, 0.3, 0.0}, guar[3] = {0.7, 0.2, 0.45}, ins[3] = {0.0, 0.0, 0.25};
    for (size_t s = 0; s < 3; s++) {
        sc.segs[s].compensation_eligible = elig[s];
        sc.segs[s].guaranteed = guar[s];
        sc.segs[s].insured = ins[s];
    }
    sf_risk_comp_params *p = &sc.risk_comp;
    p->enabled = 1;
    p->share = 0.35;
    p->share_cap = 0.5;
    p->corridor_high = 1.0;
    p->suspend_above = 1.0;
    p->pool_initial = 1e12;
    p->appropriation = 2.5e7;
    sc.guarantee.enabled = 1;
    sc.guarantee.capital_initial = 1e13; /* no rationing */
    sc.guarantee.fee_subsidy_share = 0.5;
    sc.insurance.enabled = 1;
    sf_result *res = tu_run(&sc, 2);
    const double B = 2000 * 1.5e6, H = 3;
    const double lo = total_mean(res, "budget.supported_lo");
    const double hi = total_mean(res, "budget.supported_hi");
    const double sum = sf_extras_get(&res->extras, "budget.financing_supported");
    cr_expect(fabs(lo - H * 1.55 * B) <= 1e-12 * lo, "lo %.17g", lo);
    cr_expect(fabs(hi - H * 2.2 * B) <= 1e-12 * hi, "hi %.17g", hi);
    cr_expect(fabs(sum - H * 2.7 * B) <= 1e-12 * sum, "sum %.17g", sum);
    cr_expect_eq(sf_extras_get(&res->extras, "budget.financing_supported_lo"), lo);
    cr_expect_eq(sf_extras_get(&res->extras, "budget.financing_supported_hi"), hi);
    /* the union lies below the sum and not below the largest mechanism's financing */
    const double largest = fmax(total_mean(res, "risk_comp.supported"),
                                fmax(total_mean(res, "guarantee.supported"), total_mean(res, "insurance.supported")));
    cr_expect(hi < sum && lo >= largest, "largest %g lo %g hi %g sum %g", largest, lo, hi, sum);
    const double tot = total_mean(res, "budget.total");
    cr_assert(tot > 0.0);
    cr_expect_eq(sf_extras_get(&res->extras, "budget.multiplier_lo"), lo / tot);
    cr_expect_eq(sf_extras_get(&res->extras, "budget.multiplier_hi"), hi / tot);
    cr_expect(sf_extras_get(&res->extras, "budget.multiplier_hi") < sf_extras_get(&res->extras, "budget.multiplier"));
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* The baseline, every mechanism on: per path-year lo = the bridge's advances + the fund's calls
 * (financing that is not a share of the bank loans, added whole) + the largest segment mechanism's
 * part of each segment, so its mean is at least each segment mechanism's mean plus those two, and
 * hi is at most the sum of all; both are the same on 1 and 2 threads. */
Test(evaluation, financing_each_yuan_once_on_the_baseline, .timeout = 120)
{
    sf_scenario sc;
    sf_err err = {0, ""};
    cr_assert_eq(sf_scenario_load("scenarios/shenzhen-baseline.ini", NULL, 0, &sc, &err), SF_OK, "%s", err.msg);
    sf_result *res = tu_run_paths(&sc, 300, 2, 0);
    const double lo = total_mean(res, "budget.supported_lo");
    const double hi = total_mean(res, "budget.supported_hi");
    const double whole = total_mean(res, "bridge.supported") + total_mean(res, "fund.supported");
    const char *const seg[] = {"risk_comp.supported", "guarantee.supported", "insurance.supported",
                               "interest_subsidy.supported"};
    double sum = whole;
    for (size_t i = 0; i < 4; i++) {
        const double m = total_mean(res, seg[i]);
        cr_expect(lo >= (m + whole) * (1 - 1e-12), "lo %g < %s %g + %g", lo, seg[i], m, whole);
        sum += m;
    }
    cr_expect(hi <= sum * (1 + 1e-12) && lo <= hi, "lo %g hi %g sum %g", lo, hi, sum);
    cr_expect(fabs(sf_extras_get(&res->extras, "budget.financing_supported") - sum) <= 1e-9 * sum);
    sf_result *one = tu_run_paths(&sc, 300, 1, 0);
    cr_expect_eq(total_mean(one, "budget.supported_lo"), lo);
    cr_expect_eq(total_mean(one, "budget.supported_hi"), hi);
    sf_result_free(one);
    sf_result_free(res);
    sf_scenario_release(&sc);
}
