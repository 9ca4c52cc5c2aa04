/*
 * irb.h — closed forms: the Vasicek one-factor model and the Basel II IRB risk-weight functions
 * (BCBS, "International Convergence of Capital Measurement", June 2006, paras 272-273, 328-330).
 */
#ifndef SF_IRB_H
#define SF_IRB_H

#include "sf.h"

/* Conditional PD given the factor y: Phi((Phi^-1(pd) - sqrt(rho) y) / sqrt(1 - rho)). */
double irb_conditional_pd(double pd, double rho, double y);

/* Vasicek large-homogeneous-portfolio default-rate quantile at level alpha:
 * Phi((Phi^-1(pd) + sqrt(rho) Phi^-1(alpha)) / sqrt(1 - rho)). */
double irb_vasicek_quantile(double pd, double rho, double alpha);

/* Basel correlations. turnover_eur_m is clipped to [5, 50]. */
double irb_corr_corporate(double pd);
double irb_corr_sme(double pd, double turnover_eur_m);
double irb_corr_retail_other(double pd);

/* The IRB correlation smefin uses for a segment with blank rho: corporate with the SME size
 * adjustment for small and medium (turnover in CNY m converted at cny_per_eur; blank turnover
 * = no adjustment, i.e. S = 50), other retail for micro. */
double irb_corr_segment(sf_size size, double pd, double turnover_cny_m, double cny_per_eur);

/* Capital K per unit of EAD: LGD·[Phi(...) - pd]·maturity adjustment (corporate, with maturity m
 * in years) or without it (retail: pass m <= 0). Risk weight = 12.5·K (without the 1.06 factor). */
double irb_capital(double pd, double lgd, double rho, double m);

#endif
