/*
 * irb.h — closed forms: the Vasicek one-factor model and the Basel II IRB risk-weight functions
 * (BCBS, "International Convergence of Capital Measurement", June 2006, paras 272-273, 328-330).
 */
#ifndef SF_IRB_H
#define SF_IRB_H

#include "sf.h"

/* Conditional PD given the factor y: Phi((Phi^-1(pd) - sqrt(rho) y) / sqrt(1 - rho)). */
double sf_irb_conditional_pd(double pd, double rho, double y);

/* Vasicek large-homogeneous-portfolio default-rate quantile at level alpha:
 * Phi((Phi^-1(pd) + sqrt(rho) Phi^-1(alpha)) / sqrt(1 - rho)). */
double sf_irb_vasicek_quantile(double pd, double rho, double alpha);

/* Basel correlations. turnover_eur_m is clipped to [5, 50]. */
double sf_irb_corr_corporate(double pd);
double sf_irb_corr_sme(double pd, double turnover_eur_m);
double sf_irb_corr_retail_other(double pd);

/* The IRB correlation smefin uses for a segment with blank rho: corporate with the SME size
 * adjustment for small and medium (turnover in CNY m converted at cny_per_eur; blank turnover
 * = no adjustment, i.e. S = 50), other retail for micro. */
double sf_irb_corr_segment(sf_size size, double pd, double turnover_cny_m, double cny_per_eur);

/* Capital K per unit of EAD: LGD·[Phi(...) - pd]·maturity adjustment (corporate, with maturity m
 * in years) or without it (retail: pass m <= 0). Risk weight = 12.5·K (without the 1.06 factor). */
double sf_irb_capital(double pd, double lgd, double rho, double m);

/* The closed forms of one segment or of the whole portfolio (the `analytic` table). Money in CNY;
 * loss quantiles are the Vasicek large-portfolio loss exposure·lgd·quantile at 95/99/99.9 %;
 * capital_k is the IRB capital per unit of exposure (corporate/SME with M = 2.5 years, micro as
 * other retail without maturity adjustment), risk_weight = 12.5·capital_k, capital = K·exposure. */
typedef struct sf_irb_row {
    double exposure, expected_loss;
    double loss_q95, loss_q99, loss_q999; /* NaN in the portfolio row: quantiles do not add */
    double capital_k, risk_weight, capital;
} sf_irb_row;

/* One segment of `size` with exposure = loans·average amount. */
void sf_irb_segment(sf_size size, double pd, double lgd, double rho, double exposure, sf_irb_row *out);

/* The portfolio row of n segment rows: exposure, expected loss and capital summed in row order;
 * capital_k and risk_weight per unit of the summed exposure (0 when it is 0). */
void sf_irb_total(const sf_irb_row *rows, size_t n, sf_irb_row *out);

#endif
