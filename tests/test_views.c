/* Tests of the three views of a year and of what the plan leaves behind (issue 11 items 1-2):
 * payouts (budget.total), treasury transfers (budget.treasury), claims incurred (budget.claims)
 * and the obligations at the end of a year (budget.obligations_end), end to end through
 * sf_simulate, path by path. */
#include "mechanism.h"
#include "risk_comp.h"
#include "runoff.h"
#include "scenario.h"
#include "sim.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Three segments, the pool, the guarantee, insurance and interest subsidies on. */
static void views_scenario(sf_scenario *sc, double pd, int years, long paths)
{
    tu_scenario(sc, 3, 3100, 1.35e6, pd, 0.15, 0.45, years, paths);
    sc->sim.seed = 4417;
    sc->sim.recovery_lag = 1;
    for (size_t s = 0; s < sc->nsegs; s++) {
        sf_segment *g = &sc->segs[s];
        g->compensation_eligible = 0.8;
        g->guaranteed = 0.35;
        g->insured = 0.25;
        g->interest_subsidy = 0.012;
        g->avg_amount = 1.35e6 * (1.0 + 0.29 * (double)s);
    }
    sf_risk_comp_params *p = &sc->risk_comp;
    p->enabled = 1;
    p->share = 0.35;
    p->share_cap = 0.5;
    p->corridor_low = 0.0;
    p->corridor_high = 1.0;
    p->suspend_above = 1.0;
    p->pool_initial = 1e13; /* no cap binds unless a test lowers it */
    p->appropriation = 2.5e7;
    sc->guarantee.enabled = 1;
    sc->guarantee.capital_initial = 1e13;
    sc->guarantee.city_share = 0.1;
    sc->guarantee.fee_subsidy_share = 0.5;
    sc->insurance.enabled = 1;
    sc->interest.enabled = 1;
}

static double value(const sf_result *res, const char *name, int col, long path)
{
    const int s = sf_result_series(res, name);
    cr_assert_geq(s, 0, "no series %s", name);
    return sf_result_value(res, s, col, path);
}

/* The sum of a mechanism's budget lines in the driver's order (the series order). */
static double mech_lines(const sf_result *res, const char *prefix, int col, long path)
{
    double v = 0.0;
    const size_t pl = strlen(prefix);
    for (size_t s = 0; s < res->nseries; s++)
        if ((res->series[s]->flags & SF_SERIES_BUDGET) && strncmp(res->series[s]->name, prefix, pl) == 0 &&
            res->series[s]->name[pl] == '.')
            v += sf_result_value(res, (int)s, col, path);
    return v;
}

static const char *const prefixes[] = {"risk_comp", "guarantee", "insurance", "interest_subsidy"};

Test(views, claims_equal_payouts_exactly_when_no_pool_binds)
{
    sf_scenario sc;
    views_scenario(&sc, 0.0317, 4, 400);
    sf_result *res = tu_run(&sc, 2);
    for (long p = 0; p < res->npaths; p++)
        for (int y = 0; y < res->nyears + 2; y++) { /* the years, the total and the pv */
            cr_assert_eq(value(res, "budget.claims", y, p), value(res, "budget.total", y, p), "path %ld col %d", p, y);
            for (size_t m = 0; y < res->nyears && m < sizeof prefixes / sizeof prefixes[0]; m++) {
                char k[64];
                snprintf(k, sizeof k, "%s.claims_incurred", prefixes[m]);
                cr_assert_eq(value(res, k, y, p), mech_lines(res, prefixes[m], y, p), "%s path %ld col %d", k, p, y);
            }
            if (y < res->nyears) {
                cr_assert_eq(value(res, "risk_comp.cap_binds", y, p), 0.0);
                cr_assert_eq(value(res, "risk_comp.deferred_net", y, p), 0.0);
            }
        }
    const sf_stat *a = sf_result_stat(res, "budget.claims", SF_YEAR_TOTAL);
    const sf_stat *b = sf_result_stat(res, "budget.total", SF_YEAR_TOTAL);
    cr_assert_eq(a->mean, b->mean);
    cr_assert_eq(a->q[SF_Q95], b->q[SF_Q95]);
    cr_assert_eq(sf_extras_get(&res->extras, "budget.needed.claims.total"),
                 sf_extras_get(&res->extras, "budget.needed.total"));
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* A pool too small for its claims defers them: claims differ from payouts by exactly the claims
 * the year adds to the backlog less what it pays of it (the change in risk_comp.shortfall), and
 * up to any year claims exceed payouts by what is still owed. */
Test(views, claims_exceed_payouts_by_the_deferred_amount_when_the_pool_binds)
{
    sf_scenario sc;
    views_scenario(&sc, 0.0517, 5, 600);
    sc.risk_comp.pool_initial = 4e7;
    sc.risk_comp.appropriation = 5.5e7;
    sf_result *res = tu_run(&sc, 2);
    long bound = 0, repaid = 0;
    for (long p = 0; p < res->npaths; p++) {
        double prev = 0.0, cum = 0.0;
        for (int y = 0; y < res->nyears; y++) {
            const double claims = value(res, "budget.claims", y, p), paid = value(res, "budget.total", y, p);
            const double backlog = value(res, "risk_comp.shortfall", y, p);
            const double d = backlog - prev;
            cr_assert_float_eq(claims - paid, d, 1e-9 * (1.0 + fabs(claims)), "path %ld year %d: %.17g vs %.17g", p, y,
                               claims - paid, d);
            cr_assert_float_eq(value(res, "risk_comp.deferred_net", y, p), d, 1e-9 * (1.0 + fabs(claims)));
            cr_assert_eq(value(res, "risk_comp.cap_binds", y, p), backlog > 0.0 ? 1.0 : 0.0);
            /* Up to every year the claims view is at least the payouts, by the claims still owed (a
             * year that pays back more than it defers shows claims below its payouts). */
            cum += claims - paid;
            cr_assert_geq(cum, -1e-9 * (1.0 + fabs(claims)));
            cr_assert_float_eq(cum, backlog, 1e-8 * (1.0 + fabs(claims)));
            bound += backlog > 0.0;
            if (d < 0.0)
                repaid++;
            prev = backlog;
        }
    }
    cr_assert_gt(bound, res->npaths / 10, "the pool should bind often: %ld path-years", bound);
    cr_assert_gt(repaid, 0, "some deferred claims should be paid later");
    /* The claims view needs more at the confidence level than the capped payouts. */
    cr_assert_gt(sf_extras_get(&res->extras, "budget.needed.claims.total"),
                 sf_extras_get(&res->extras, "budget.needed.total"));
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* Conservation, path by path: every yuan of claims arising in the horizon is paid in it or still
 * owed at its end (deferral), and the claims view over the horizon is the payouts plus what is
 * owed at the end. */
Test(views, every_yuan_of_claims_is_paid_or_owed_at_the_end)
{
    sf_scenario sc;
    views_scenario(&sc, 0.0611, 5, 500);
    sc.risk_comp.pool_initial = 3e7;
    sc.risk_comp.appropriation = 6e7;
    sf_result *res = tu_run(&sc, 2);
    const int H = res->nyears;
    long owing = 0;
    for (long p = 0; p < res->npaths; p++) {
        double claims = 0.0, paid = 0.0;
        for (int y = 0; y < H; y++) {
            claims += value(res, "risk_comp.claims", y, p);
            paid += value(res, "risk_comp.paid", y, p);
        }
        const double owed = value(res, "risk_comp.shortfall", H - 1, p);
        owing += owed > 0.0;
        cr_assert_float_eq(claims, paid + owed, 1e-9 * (1.0 + claims), "path %ld", p);
        cr_assert_float_eq(value(res, "budget.claims", H, p) - value(res, "budget.total", H, p), owed,
                           1e-9 * (1.0 + claims), "path %ld", p);
        /* What the plan leaves: the owed claims and a provision on the loans outstanding. */
        cr_assert_geq(value(res, "risk_comp.obligations_end", H - 1, p), owed);
    }
    cr_assert_gt(owing, 0);
    const sf_stat *st = sf_result_stat(res, "risk_comp.shortfall", sc.sim.start_year + H - 1);
    cr_assert_eq(sf_extras_get(&res->extras, "risk_comp.owed_end.mean"), st->mean);
    cr_assert_eq(sf_extras_get(&res->extras, "risk_comp.owed_end.p95"), st->q[SF_Q95]);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* The treasury view adds up to what the scenario provides: the pool's initial balance and its
 * appropriations, the guarantor's capital with the guarantee's budget lines (its injections
 * among them), the insurance and interest lines; budget.treasury is their sum. */
Test(views, treasury_adds_up_to_appropriations_capital_and_injections)
{
    sf_scenario sc;
    views_scenario(&sc, 0.0433, 4, 300);
    sc.guarantee.capital_initial = 4.1e8;
    sc.guarantee.leverage_limit = 2.5; /* the guarantor needs injections */
    sf_result *res = tu_run(&sc, 2);
    const int H = res->nyears;
    long injected = 0;
    for (long p = 0; p < res->npaths; p++) {
        cr_assert_float_eq(value(res, "risk_comp.treasury", H, p), 1e13 + H * 2.5e7, 1e-15 * 1e13);
        cr_assert_eq(value(res, "risk_comp.treasury", 0, p), 1e13 + 2.5e7);
        double inj = 0.0;
        for (int y = 0; y < H; y++) {
            inj += value(res, "guarantee.capital_injection", y, p);
            cr_assert_float_eq(value(res, "guarantee.treasury", y, p),
                               (y == 0 ? 4.1e8 : 0.0) + mech_lines(res, "guarantee", y, p), 1e-6);
            cr_assert_eq(value(res, "insurance.treasury", y, p), mech_lines(res, "insurance", y, p));
            cr_assert_eq(value(res, "interest_subsidy.treasury", y, p), mech_lines(res, "interest_subsidy", y, p));
            double sum = 0.0;
            for (size_t m = 0; m < sizeof prefixes / sizeof prefixes[0]; m++) {
                char k[64];
                snprintf(k, sizeof k, "%s.treasury", prefixes[m]);
                sum += value(res, k, y, p);
            }
            cr_assert_float_eq(value(res, "budget.treasury", y, p), sum, 1e-15 * sum);
        }
        injected += inj > 0.0;
        cr_assert_float_eq(value(res, "guarantee.treasury", H, p),
                           4.1e8 + inj + value(res, "guarantee.fee_subsidy", H, p) +
                               value(res, "guarantee.loss_comp", H, p) + value(res, "guarantee.recovered", H, p),
                           1e-6 * (4.1e8 + inj));
    }
    cr_assert_gt(injected, 0);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* Pay as you go: the budget tops the pool up to every claim due, so nothing is ever deferred,
 * and the pool's balance is what the treasury put in less what was paid plus what came back. */
Test(views, payg_funding_defers_nothing_and_the_pool_balance_adds_up)
{
    sf_scenario sc;
    views_scenario(&sc, 0.0517, 5, 300);
    sc.risk_comp.pool_initial = 2e7;
    sc.risk_comp.appropriation = 3e7;
    sc.risk_comp.funding = SF_RISK_COMP_PAYG;
    sf_result *res = tu_run(&sc, 2);
    long topped = 0;
    for (long p = 0; p < res->npaths; p++) {
        double pool = 0.0;
        for (int y = 0; y < res->nyears; y++) {
            const double tr = value(res, "risk_comp.treasury", y, p);
            topped += tr > (y == 0 ? 2e7 : 0.0) + 3e7 * (1 + 1e-12);
            pool += tr - value(res, "risk_comp.paid", y, p) - value(res, "risk_comp.recovered", y, p);
            cr_assert_float_eq(value(res, "risk_comp.pool_balance", y, p), pool, 1e-6);
            cr_assert_eq(value(res, "risk_comp.shortfall", y, p), 0.0);
            cr_assert_eq(value(res, "risk_comp.paid", y, p), value(res, "risk_comp.claims", y, p));
        }
        cr_assert_eq(value(res, "budget.claims", res->nyears, p), value(res, "budget.total", res->nyears, p));
    }
    cr_assert_gt(topped, 0, "the top-up should be needed");
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* A target balance: each year the budget transfers max(appropriation, target − pool), so the pool
 * starts every year at the target at least. */
Test(views, target_funding_tops_the_pool_up_to_its_target)
{
    sf_scenario sc;
    views_scenario(&sc, 0.0417, 5, 300);
    sc.risk_comp.pool_initial = 9e7;
    sc.risk_comp.appropriation = 1e7;
    sc.risk_comp.funding = SF_RISK_COMP_TARGET;
    sc.risk_comp.target_balance = 1.3e8;
    sc.sim.recovery_lag = 0; /* the pool at the start of a year is last year's end balance */
    sf_result *res = tu_run(&sc, 2);
    for (long p = 0; p < res->npaths; p++) {
        double pool = 9e7;
        for (int y = 0; y < res->nyears; y++) {
            const double want = fmax(1e7, 1.3e8 - pool) + (y == 0 ? 9e7 : 0.0);
            cr_assert_float_eq(value(res, "risk_comp.treasury", y, p), want, 1e-6, "path %ld year %d", p, y);
            pool = value(res, "risk_comp.pool_balance", y, p);
        }
    }
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* One year, tenor 1, no growth: the book at the end is `loans` per segment on every path (new
 * loans fill the target), so the obligations equal their closed forms exactly: per segment
 * N·A·pd·lgd times the pool's share × eligible share, the guarantor's and the city's part of the
 * guaranteed share, and the insurance stop-loss at the expected claims and premiums. */
Test(views, obligations_equal_the_closed_form_on_the_outstanding_book_after_one_year)
{
    sf_scenario sc;
    views_scenario(&sc, 0.0537, 1, 200);
    sc.guarantee.national_claim_cap = 1.0; /* the national fund always reimburses */
    sc.insurance.insurer_share = 0.7;
    sc.insurance.premium_rate = 0.02;
    sc.insurance.stoploss_attach = 1.2;
    sc.insurance.stoploss_share = 0.8;
    sf_result *res = tu_run(&sc, 2);
    double rc = 0.0, gu = 0.0, ic = 0.0, ip = 0.0;
    for (size_t s = 0; s < sc.nsegs; s++) {
        const sf_segment *g = &sc.segs[s];
        const double share = sf_risk_comp_loan_share(&sc.risk_comp, g->avg_amount, g->product);
        const double b = g->loans * g->avg_amount;
        rc += 0.8 * b * share * g->pd * g->lgd;
        gu += 0.35 * b * g->pd * g->lgd *
              (sc.guarantee.coverage - sc.guarantee.national_share - sc.guarantee.provincial_share);
        ic += 0.7 * 0.25 * b * g->pd;
        ip += 0.02 * 0.25 * b;
    }
    const double ins = 0.8 * (ic - 1.2 * ip);
    cr_assert_gt(ins, 0.0);
    for (long p = 0; p < res->npaths; p++) {
        cr_assert_float_eq(value(res, "risk_comp.obligations_end", 0, p), rc, 1e-12 * rc);
        cr_assert_float_eq(value(res, "guarantee.obligations_end", 0, p), gu, 1e-12 * gu);
        cr_assert_float_eq(value(res, "insurance.obligations_end", 0, p), ins, 1e-12 * ins);
        cr_assert_float_eq(value(res, "budget.obligations_end", 0, p), rc + gu + ins, 1e-12 * (rc + gu + ins));
    }
    const sf_stat *st = sf_result_stat(res, "budget.obligations_end", sc.sim.start_year);
    cr_assert_eq(sf_extras_get(&res->extras, "budget.obligations_end.mean"), st->mean);
    cr_assert_eq(sf_extras_get(&res->extras, "budget.obligations_end.p95"), st->q[SF_Q95]);
    sf_result_free(res);
    tu_scenario_free(&sc);
}

/* The run-off closed forms against their series summed year by year. */
Test(views, runoff_closed_forms_match_the_year_by_year_sums)
{
    sf_segment g;
    memset(&g, 0, sizeof g);
    const double pds[] = {0.0, 0.0123, 0.087, 0.41};
    const double tenors[] = {1.0, 2.5, 4.0, 17.0};
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++) {
            g.pd = pds[i];
            g.tenor = tenors[j];
            g.maturity_year = 0;
            const double q = 1.0 / g.tenor;
            double alive = 1.0, d = 0.0, yrs = 0.0;
            for (int k = 0; k < 4000; k++) {
                yrs += alive;
                d += alive * g.pd;
                alive *= (1.0 - g.pd) * (1.0 - q);
            }
            cr_assert_float_eq(sf_runoff_defaults(&g, 0, 2030), d, 1e-12, "pd %g tenor %g", g.pd, g.tenor);
            cr_assert_float_eq(sf_runoff_years(&g, 0, 2030), yrs, 1e-10, "pd %g tenor %g", g.pd, g.tenor);
            /* a loan book's loan maturing in 2034: four more years after 2030 */
            g.maturity_year = 2029;
            alive = 1.0, d = 0.0, yrs = 0.0;
            for (int k = 0; k < 4; k++) {
                yrs += alive;
                d += alive * g.pd;
                alive *= 1.0 - g.pd;
            }
            cr_assert_float_eq(sf_runoff_defaults(&g, 2034, 2030), d, 1e-14);
            cr_assert_float_eq(sf_runoff_years(&g, 2034, 2030), yrs, 1e-13);
            cr_assert_eq(sf_runoff_defaults(&g, 2030, 2030), 0.0);
        }
}

#include "mech_keys.h"

Test(views, loader_reads_the_funding_rule)
{
    load_expect_good("risk_compensation", "pool_initial = 5e9\nappropriation = 1.2e9\nfunding = payg\n");
    load_expect_good("risk_compensation",
                     "pool_initial = 5e9\nappropriation = 1.2e9\nfunding = target\ntarget_balance = 4e9\n");
    load_expect_bad("risk_compensation", "pool_initial = 5e9\nappropriation = 1.2e9\n", "funding", "sometimes");
    load_expect_bad("risk_compensation", "pool_initial = 5e9\nappropriation = 1.2e9\n", "target_balance", "-1");
    load_expect_bad("risk_compensation", "pool_initial = 5e9\nappropriation = 1.2e9\nfunding = target\n",
                    "target_balance", "0");
}

/* The report of an engine's folder leads with the claims view, shows the payouts beside it and
 * what the plan leaves to the next one, in both languages. */
Test(views, report_shows_the_claims_view_and_the_obligations_in_both_languages, .timeout = 120)
{
    char *dir = tu_tmpdir();
    char args[512], path[600];
    char *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "run scenarios/shenzhen-baseline.ini --paths 300 --seed 3 --threads 2 --quiet --out %s/r",
             dir);
    cr_assert_eq(tu_cli(args, &out, &err), 0, "%s", err);
    free(out);
    free(err);
    snprintf(path, sizeof path, "%s/r/report.html", dir);
    char *html = tu_slurp(path);
    cr_assert_not_null(html);
    cr_assert_not_null(strstr(html, "id=\"headline-table\" class=\"headline\" data-series=\"budget.claims\""));
    cr_assert_not_null(strstr(html, "id=\"headline-payouts\" class=\"headline\" data-series=\"budget.total\""));
    cr_assert_not_null(strstr(html, "<section id=\"obligations\">"));
    cr_assert_not_null(strstr(html, "What the plan leaves to the next one"));
    cr_assert_not_null(strstr(html, "data-series=\"budget.obligations_end\""));
    free(html);
    snprintf(args, sizeof args, "report %s/r --lang zh", dir);
    cr_assert_eq(tu_cli(args, &out, &err), 0, "%s", err);
    free(out);
    free(err);
    snprintf(path, sizeof path, "%s/r/report.zh.html", dir); /* report --lang zh writes the zh file beside */
    html = tu_slurp(path);
    cr_assert_not_null(html);
    cr_assert_not_null(strstr(html, "留给下一规划期的责任"));
    cr_assert_not_null(strstr(html, "当年发生的补偿责任合计（责任口径）"));
    cr_assert_null(strstr(html, ">budget.obligations_end<"), "a raw series id in the zh report");
    free(html);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    cr_assert_eq(system(path), 0);
    free(dir);
}
