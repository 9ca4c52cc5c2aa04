/*
 * Cohort accounting (model/subsidy.c) against closed forms: a deterministic book (pd = 0) whose
 * subsidy rates are its fee subsidies over its disbursements exactly; one cohort run off to
 * maturity against pd·lgd·share per year discounted (4 standard errors); lambda = 0 gives the
 * budget cost as the fair value, cell for cell.
 */
#include "subsidy.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void setup(void)
{
    gsl_set_error_handler_off();
}

TestSuite(subsidy, .init = setup);

/* The row (cohort: calendar year or SF_YEAR_TOTAL; mechanism section or "total"; component). */
static const sf_subsidy_row *row(const sf_result *res, int cohort, const char *mech, int comp)
{
    for (size_t i = 0; i < res->nsubsidy; i++) {
        const sf_subsidy_row *r = &res->subsidy[i];
        const char *m = r->mech >= 0 ? sf_mechanism_list[r->mech].section : "total";
        if (r->cohort == cohort && strcmp(m, mech) == 0 && r->comp == comp)
            return r;
    }
    cr_assert_fail("no subsidy row %d %s %d", cohort, mech, comp);
    return NULL;
}

static int close_rel(double a, double b, double tol)
{
    return fabs(a - b) <= tol * fmax(fabs(a), fabs(b));
}

/* pd = 0, one-year loans: every cohort lives one year and pays its fee and premium subsidies
 * only, so each rate is the subsidy per yuan, and the rate of every cohort together is
 * PV(fee subsidies) / PV(financing supported) of the budget's own series. */
Test(subsidy, pd_zero_rates_are_fee_subsidies_over_disbursed)
{
    sf_scenario sc;
    tu_scenario(&sc, 2, 4321, 0.8765e6, 0.0, 0.1, 0.45, 4, 300);
    sc.segs[0].growth = 0.07;
    sc.segs[1].avg_amount = 6.2e6; /* above large_threshold: the larger fee */
    sc.segs[1].renew_rate = 0.4;
    for (size_t s = 0; s < 2; s++) {
        sc.segs[s].guaranteed = 0.6 - 0.2 * (double)s;
        sc.segs[s].insured = 0.3;
    }
    sc.sim.discount_rate = 0.031;
    sf_guarantee_params *g = &sc.guarantee;
    g->enabled = 1;
    g->fee_subsidy_rate = 0.003;
    g->fee_subsidy_share = 0.27;
    g->capital_initial = 1e15; /* no injection */
    sf_insurance_params *in = &sc.insurance;
    in->enabled = 1;
    sf_result *res = tu_run(&sc, 2);
    const double phi0 = g->fee_subsidy_rate + g->fee_subsidy_share * g->fee_rate;
    const double phi1 = g->fee_subsidy_rate + g->fee_subsidy_share * g->fee_rate_large;
    for (int y = 2026; y < 2030; y++) {
        const sf_subsidy_row *gf = row(res, y, "guarantee", SF_SUBSIDY_C_FEES);
        const sf_subsidy_row *gd = row(res, y, "guarantee", SF_SUBSIDY_C_DEFAULTS);
        cr_expect(gd->out_mean == 0.0 && gd->out_p95 == 0.0, "%d: no default cost at pd = 0", y);
        cr_expect(gf->disb_mean > 0.0);
        /* Every loan is new each year (tenor 1): the cohort is the book N_t, its target
         * loans (1 + growth)^t in whole loans; the rate blends the two fee subsidies by the
         * cohort's guaranteed principal. */
        const int t = y - 2026;
        const double n0 = t == 0 ? 4321 : floor(4321 * pow(1.07, t) + 0.5), n1 = 4321;
        const double b0 = n0 * sc.segs[0].guaranteed * sc.segs[0].avg_amount;
        const double b1 = n1 * sc.segs[1].guaranteed * sc.segs[1].avg_amount;
        const double want = (b0 * phi0 + b1 * phi1) / (b0 + b1);
        cr_expect(close_rel(gf->disb_mean, b0 + b1, 1e-12), "%d: disbursed %.17g vs %.17g", y, gf->disb_mean, b0 + b1);
        cr_expect(close_rel(gf->rate, want, 1e-12), "%d: rate %.17g vs %.17g", y, gf->rate, want);
        const sf_subsidy_row *ip = row(res, y, "insurance", SF_SUBSIDY_C_TOTAL);
        cr_expect(close_rel(ip->rate, in->premium_subsidy_share * in->premium_rate, 1e-12), "%d: insurance %.17g", y,
                  ip->rate);
        cr_expect(close_rel(ip->rate_p95, ip->rate, 1e-12));
        cr_expect(ip->fair_rate == ip->rate);
    }
    /* Every cohort together, discounted to start_year, against the budget series. */
    const sf_subsidy_row *all = row(res, SF_YEAR_TOTAL, "guarantee", SF_SUBSIDY_C_TOTAL);
    const double fee_pv = sf_result_stat(res, "guarantee.fee_subsidy", SF_YEAR_PV)->mean;
    const double gb_pv = sf_result_stat(res, "guarantee.supported", SF_YEAR_PV)->mean;
    cr_expect(close_rel(all->out_mean, fee_pv, 1e-12), "PV outflows %.17g vs fee subsidy %.17g", all->out_mean, fee_pv);
    cr_expect(close_rel(all->disb_mean, gb_pv, 1e-12), "PV disbursed %.17g vs supported %.17g", all->disb_mean, gb_pv);
    cr_expect(close_rel(all->rate, fee_pv / gb_pv, 1e-12), "rate %.17g vs %.17g", all->rate, fee_pv / gb_pv);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* pd = 0 with a three-year tenor: the cohorts run off past the horizon, a share 1/3 maturing a
 * year, so a cohort's fee subsidy is phi·sum_k (2/3)^k v^k = phi / (1 - (2/3) v), to the run-off
 * tail (SF_SUBSIDY_RUNOFF_TAIL of the disbursed principal left uncounted). */
Test(subsidy, pd_zero_run_off_is_geometric)
{
    sf_scenario sc;
    tu_scenario(&sc, 1, 5000, 1.234e6, 0.0, 0.1, 0.45, 3, 64);
    sc.segs[0].tenor = 3;
    sc.segs[0].guaranteed = 0.55;
    sc.guarantee.enabled = 1;
    sc.guarantee.fee_subsidy_rate = 0.004;
    sc.guarantee.capital_initial = 1e15;
    sf_result *res = tu_run(&sc, 1);
    const double v = 1.0 / (1.0 + sc.sim.discount_rate);
    const double want = sc.guarantee.fee_subsidy_rate / (1.0 - (2.0 / 3.0) * v);
    for (int y = 2026; y < 2029; y++) {
        const sf_subsidy_row *r = row(res, y, "guarantee", SF_SUBSIDY_C_FEES);
        cr_expect(close_rel(r->rate, want, 1e-10), "%d: %.17g vs %.17g", y, r->rate, want);
    }
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* One cohort (a one-year horizon), risk compensation on every loan, independent years
 * (persistence 0), deterministic LGD: per loan disbursed, the cohort's expected PV is
 * share·pd·sum_k s^k v^k (1 - (1 - lgd) v^lag), s = (1 - pd)(1 - 1/tenor) the yearly survival:
 * compensation pd·share per year on the loans left, recoveries of (1 - lgd) lag years later. */
Test(subsidy, one_cohort_run_off_matches_closed_form)
{
    sf_scenario sc;
    const double pd = 0.0237, lgd = 0.45, share = 0.3, tenor = 3;
    tu_scenario(&sc, 2, 5000, 1e6, pd, 0.12, lgd, 1, 20000);
    sc.econ.persistence = 0.0;
    sc.sim.recovery_lag = 2;
    sc.sim.discount_rate = 0.025;
    for (size_t s = 0; s < 2; s++) {
        sc.segs[s].tenor = tenor;
        sc.segs[s].compensation_eligible = 1.0;
    }
    sf_risk_comp_params *p = &sc.risk_comp;
    p->enabled = 1;
    p->share = share;
    p->share_cap = 0.5;
    p->corridor_low = 0.0;
    p->corridor_high = 1.0;
    p->suspend_above = 1.0;
    /* pool_initial and appropriation 0: the pool pays nothing, the cohort still owes its claims */
    sf_result *res = tu_run(&sc, 2);
    const double v = 1.0 / (1.0 + sc.sim.discount_rate);
    const double s = (1.0 - pd) * (1.0 - 1.0 / tenor);
    const double want = share * pd * (1.0 - (1.0 - lgd) * v * v) / (1.0 - s * v);
    const sf_subsidy_row *r = row(res, 2026, "risk_compensation", SF_SUBSIDY_C_TOTAL);
    const double se = r->out_se / r->disb_mean; /* the disbursement is fixed: 2 x 5000 loans */
    cr_expect(r->disb_mean == 2 * 5000 * 1e6, "disbursed %.17g", r->disb_mean);
    cr_expect(se > 0.0);
    cr_expect(fabs(r->rate - want) < 4 * se, "rate %.10g, closed form %.10g, 4 SE %.3g", r->rate, want, 4 * se);
    cr_expect(r->rate_p95 > r->rate);
    /* The budget's own year: compensation claims of 2026 are the cohort's first year's. */
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* lambda = 0 (and the risk-free rate blank, i.e. discount_rate): every fair-value figure is the
 * budget's, bit for bit; lambda > 0 raises every cohort's default cost and no fee. */
Test(subsidy, lambda_zero_fair_value_is_budget_cost)
{
    sf_scenario sc;
    tu_scenario(&sc, 3, 3000, 0.9e6, 0.031, 0.15, 0.45, 3, 2000);
    for (size_t s = 0; s < 3; s++) {
        sf_segment *g = &sc.segs[s];
        g->tenor = 1.0 + (double)s;
        g->lgd_sd = 0.2;
        g->renew_rate = 0.5;
        g->guaranteed = 0.4;
        g->insured = 0.2;
        g->compensation_eligible = 0.7;
        g->interest_subsidy = 0.012;
    }
    sc.risk_comp.enabled = 1;
    sc.risk_comp.share = 0.3;
    sc.risk_comp.share_cap = 0.5;
    sc.risk_comp.corridor_high = 1.0;
    sc.risk_comp.suspend_above = 1.0;
    sc.guarantee.enabled = 1;
    sc.guarantee.city_share = 0.1;
    sc.guarantee.fee_subsidy_share = 0.5;
    sc.guarantee.capital_initial = 1e8; /* injections: the `other` component */
    sc.insurance.enabled = 1;
    sc.interest.enabled = 1;
    sf_result *res = tu_run(&sc, 2);
    cr_assert(res->nsubsidy > 0);
    for (size_t i = 0; i < res->nsubsidy; i++) {
        const sf_subsidy_row *r = &res->subsidy[i];
        cr_expect(r->fair_out_mean == r->out_mean && r->fair_out_p95 == r->out_p95 && r->fair_rate == r->rate &&
                      r->fair_rate_p95 == r->rate_p95 && r->fair_disb_mean == r->disb_mean,
                  "row %zu: fair %.17g vs budget %.17g", i, r->fair_out_mean, r->out_mean);
    }
    cr_expect(row(res, SF_YEAR_TOTAL, "guarantee", SF_SUBSIDY_C_OTHER)->out_mean > 0.0, "injections counted");
    sf_result *base = res;

    sc.econ.market_price_of_risk = 0.4;
    res = tu_run(&sc, 2);
    for (int y = 2026; y <= 2028; y++) {
        const sf_subsidy_row *d = row(res, y, "total", SF_SUBSIDY_C_DEFAULTS);
        cr_expect(d->fair_out_mean > d->out_mean, "%d: fair %.6g <= budget %.6g", y, d->fair_out_mean, d->out_mean);
        /* the budget side does not move with lambda */
        cr_expect(d->out_mean == row(base, y, "total", SF_SUBSIDY_C_DEFAULTS)->out_mean);
    }
    sf_result_free(res);
    sf_result_free(base);
    tu_scenario_free(&sc);
}

/* The fair value's discount rate: with lambda = 0 and a different risk-free rate, a cohort's PV
 * moves only by discounting (a one-year loan's cost falls in its own year: unchanged). */
Test(subsidy, risk_free_rate_discounts_the_fair_value)
{
    sf_scenario sc;
    tu_scenario(&sc, 1, 2000, 1e6, 0.0, 0.1, 0.45, 2, 50);
    sc.segs[0].guaranteed = 1.0;
    sc.segs[0].tenor = 2;
    sc.guarantee.enabled = 1;
    sc.guarantee.fee_subsidy_rate = 0.01;
    sc.guarantee.capital_initial = 1e15;
    sc.econ.risk_free_rate_given[0] = 0.05;
    sc.econ.nrisk_free_rate_given = 1;
    sf_result *res = tu_run(&sc, 1);
    const sf_subsidy_row *r = row(res, 2026, "guarantee", SF_SUBSIDY_C_FEES);
    const double vb = 1.0 / 1.025, vf = 1.0 / 1.05;
    cr_expect(close_rel(r->rate, 0.01 / (1.0 - 0.5 * vb), 1e-10), "budget %.17g", r->rate);
    cr_expect(close_rel(r->fair_rate, 0.01 / (1.0 - 0.5 * vf), 1e-10), "fair %.17g", r->fair_rate);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* Every run writes subsidy.csv: the Contract's six columns first, a row per cohort, mechanism and
 * component; the same bytes for 1 and 3 threads. */
Test(subsidy, run_writes_subsidy_csv_identically_for_any_thread_count, .timeout = 300)
{
    char *dir = tu_tmpdir(), cmd[9000], *out, *err;
    char *csv[2];
    for (int i = 0; i < 2; i++) {
        snprintf(cmd, sizeof cmd, "run scenarios/shenzhen-baseline.ini --paths 300 --threads %d --out %s/r%d --quiet",
                 i ? 3 : 1, dir, i);
        const int rc = tu_cli(cmd, &out, &err);
        cr_assert_eq(rc, 0, "%s: %s", cmd, err);
        free(out);
        free(err);
        char p[4400];
        snprintf(p, sizeof p, "%s/r%d/subsidy.csv", dir, i);
        csv[i] = tu_slurp(p);
        cr_assert(csv[i] != NULL, "%s missing", p);
    }
    cr_expect(strncmp(csv[0], "cohort,mechanism,component,pv_outflows,pv_disbursed,rate,", 57) == 0);
    cr_expect(strstr(csv[0], "\n2026,risk_compensation,defaults,") != NULL);
    cr_expect(strstr(csv[0], "\nall,total,total,") != NULL);
    cr_expect(strstr(csv[0], "nan") == NULL && strstr(csv[0], "inf") == NULL);
    cr_expect_str_eq(csv[0], csv[1], "subsidy.csv differs between 1 and 3 threads");
    free(csv[0]);
    free(csv[1]);
    char rm[4500];
    snprintf(rm, sizeof rm, "rm -rf %s", dir);
    cr_expect(system(rm) == 0);
    free(dir);
}
