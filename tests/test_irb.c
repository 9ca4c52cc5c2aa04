/*
 * test_irb.c — the Basel II IRB closed forms against the published values (BCBS 2006, Annex 5
 * conventions: LGD 45 %, M = 2.5 years, risk weight = 12.5·K without the 1.06 factor), as listed
 * in ../shared/reference/test-vectors.md to eight decimals, and the analytic table built on them.
 */
#include <criterion/criterion.h>
#include <math.h>

#include "irb.h"

/* pd, corporate R, corporate RW, SME (S = 25 EUR m) RW, other retail RW. */
static const double annex5[][5] = {
    {0.0003, 0.23821343, 0.14443567, 0.12660369, 0.04451101},
    {0.001, 0.23414753, 0.29653993, 0.26047732, 0.11162931},
    {0.01, 0.19278368, 0.92316801, 0.81102662, 0.45772725},
    {0.05, 0.12985020, 1.49854409, 1.29130508, 0.66415168},
    {0.2, 0.12000545, 2.38231596, 2.11692070, 1.00277361},
};
#define NROWS (sizeof annex5 / sizeof annex5[0])
#define TOL 5e-9 /* half a unit of the eighth decimal */

Test(irb, basel_annex5_corporate_correlation)
{
    for (size_t i = 0; i < NROWS; i++)
        cr_expect(fabs(sf_irb_corr_corporate(annex5[i][0]) - annex5[i][1]) < TOL, "pd %g: R %.10f, expected %.8f",
                  annex5[i][0], sf_irb_corr_corporate(annex5[i][0]), annex5[i][1]);
}

Test(irb, basel_annex5_risk_weights)
{
    for (size_t i = 0; i < NROWS; i++) {
        const double pd = annex5[i][0];
        const double corp = 12.5 * sf_irb_capital(pd, 0.45, sf_irb_corr_corporate(pd), 2.5);
        const double sme = 12.5 * sf_irb_capital(pd, 0.45, sf_irb_corr_sme(pd, 25.0), 2.5);
        const double retail = 12.5 * sf_irb_capital(pd, 0.45, sf_irb_corr_retail_other(pd), 0.0);
        cr_expect(fabs(corp - annex5[i][2]) < TOL, "pd %g: corporate RW %.10f, expected %.8f", pd, corp, annex5[i][2]);
        cr_expect(fabs(sme - annex5[i][3]) < TOL, "pd %g: SME RW %.10f, expected %.8f", pd, sme, annex5[i][3]);
        cr_expect(fabs(retail - annex5[i][4]) < TOL, "pd %g: retail RW %.10f, expected %.8f", pd, retail,
                  annex5[i][4]);
    }
}

/* The segment correlation: micro is other retail; small and medium are SME with turnover in CNY m
 * converted to EUR m (195 CNY m at 7.8 = 25 EUR m); blank turnover is the corporate formula. */
Test(irb, segment_correlation_picks_the_basel_formula)
{
    for (size_t i = 0; i < NROWS; i++) {
        const double pd = annex5[i][0];
        cr_expect(sf_irb_corr_segment(SF_MICRO, pd, 195.0, 7.8) == sf_irb_corr_retail_other(pd));
        cr_expect(fabs(sf_irb_corr_segment(SF_SMALL, pd, 195.0, 7.8) - sf_irb_corr_sme(pd, 25.0)) < 1e-15);
        cr_expect(sf_irb_corr_segment(SF_MEDIUM, pd, NAN, 7.8) == sf_irb_corr_corporate(pd));
    }
    /* The size adjustment is clipped to S in [5, 50]. */
    cr_expect(sf_irb_corr_sme(0.01, 1.0) == sf_irb_corr_sme(0.01, 5.0));
    cr_expect(sf_irb_corr_sme(0.01, 80.0) == sf_irb_corr_corporate(0.01));
}

/* A segment row of the analytic table reproduces the Annex 5 risk weight, and the portfolio row
 * sums exposure, expected loss and capital. */
Test(irb, analytic_rows_and_total)
{
    sf_irb_row r[2], t;
    const double pd = 0.01, e1 = 2.385e9, e2 = 7.31e8;
    sf_irb_segment(SF_MEDIUM, pd, 0.45, sf_irb_corr_corporate(pd), e1, &r[0]);
    sf_irb_segment(SF_MICRO, pd, 0.45, sf_irb_corr_retail_other(pd), e2, &r[1]);
    cr_expect(fabs(r[0].risk_weight - 0.92316801) < TOL);
    cr_expect(fabs(r[1].risk_weight - 0.45772725) < TOL);
    cr_expect(fabs(r[0].expected_loss - pd * 0.45 * e1) < 1e-6);
    cr_expect(fabs(r[0].capital - r[0].capital_k * e1) < 1e-6);
    cr_expect(r[0].loss_q95 < r[0].loss_q99 && r[0].loss_q99 < r[0].loss_q999);
    cr_expect(fabs(r[0].loss_q999 - e1 * 0.45 * sf_irb_vasicek_quantile(pd, sf_irb_corr_corporate(pd), 0.999)) < 1e-3);
    sf_irb_total(r, 2, &t);
    cr_expect(t.exposure == e1 + e2);
    cr_expect(fabs(t.capital - (r[0].capital + r[1].capital)) < 1e-6);
    cr_expect(fabs(t.risk_weight - 12.5 * t.capital / t.exposure) < 1e-15);
    cr_expect(isnan(t.loss_q99));
    sf_irb_total(r, 0, &t);
    cr_expect(t.exposure == 0 && t.capital_k == 0 && t.risk_weight == 0);
}
