/*
 * irb.c — Vasicek and Basel II IRB closed forms. Sources: Vasicek (2002), "The distribution of
 * loan portfolio value", Risk 15(12); BCBS (2006) paras 272-273 (corporate and SME correlation,
 * maturity adjustment) and 330 (other retail).
 */
#include "irb.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

double sf_irb_conditional_pd(double pd, double rho, double y)
{
    if (pd <= 0.0)
        return 0.0;
    if (pd >= 1.0)
        return 1.0;
    if (rho <= 0.0)
        return pd;
    if (rho >= 1.0) /* the limit: all loans default together when y is below the threshold */
        return (gsl_cdf_ugaussian_Pinv(pd) - y > 0.0) ? 1.0 : 0.0;
    return gsl_cdf_ugaussian_P((gsl_cdf_ugaussian_Pinv(pd) - sqrt(rho) * y) / sqrt(1.0 - rho));
}

double sf_irb_vasicek_quantile(double pd, double rho, double alpha)
{
    /* The alpha quantile of the default rate is the conditional PD at the (1 - alpha) quantile of y. */
    return sf_irb_conditional_pd(pd, rho, gsl_cdf_ugaussian_Pinv(1.0 - alpha));
}

static double weight(double pd, double k)
{
    return (1.0 - exp(-k * pd)) / (1.0 - exp(-k));
}

double sf_irb_corr_corporate(double pd)
{
    const double w = weight(pd, 50.0);
    return 0.12 * w + 0.24 * (1.0 - w);
}

double sf_irb_corr_sme(double pd, double turnover_eur_m)
{
    double s = turnover_eur_m;
    if (s < 5.0)
        s = 5.0;
    if (s > 50.0)
        s = 50.0;
    return sf_irb_corr_corporate(pd) - 0.04 * (1.0 - (s - 5.0) / 45.0);
}

double sf_irb_corr_retail_other(double pd)
{
    const double v = weight(pd, 35.0);
    return 0.03 * v + 0.16 * (1.0 - v);
}

double sf_irb_corr_segment(sf_size size, double pd, double turnover_cny_m, double cny_per_eur)
{
    if (size == SF_MICRO)
        return sf_irb_corr_retail_other(pd);
    if (isnan(turnover_cny_m))
        return sf_irb_corr_corporate(pd);
    return sf_irb_corr_sme(pd, turnover_cny_m / cny_per_eur);
}

double sf_irb_capital(double pd, double lgd, double rho, double m)
{
    const double k = lgd * (sf_irb_vasicek_quantile(pd, rho, 0.999) - pd);
    if (m <= 0.0)
        return k;
    const double b = pow(0.11852 - 0.05478 * log(pd), 2.0);
    return k * (1.0 + (m - 2.5) * b) / (1.0 - 1.5 * b);
}

void sf_irb_segment(sf_size size, double pd, double lgd, double rho, double exposure, sf_irb_row *out)
{
    /* Basel: corporate/SME with M = 2.5 years; micro as other retail (no maturity adjustment). */
    const double m = size == SF_MICRO ? 0.0 : 2.5;
    const double k = pd > 0.0 ? sf_irb_capital(pd, lgd, rho, m) : 0.0;
    out->exposure = exposure;
    out->expected_loss = pd * lgd * exposure;
    out->loss_q95 = exposure * lgd * sf_irb_vasicek_quantile(pd, rho, 0.95);
    out->loss_q99 = exposure * lgd * sf_irb_vasicek_quantile(pd, rho, 0.99);
    out->loss_q999 = exposure * lgd * sf_irb_vasicek_quantile(pd, rho, 0.999);
    out->capital_k = k;
    out->risk_weight = 12.5 * k;
    out->capital = k * exposure;
}

void sf_irb_total(const sf_irb_row *rows, size_t n, sf_irb_row *out)
{
    double exposure = 0.0, el = 0.0, capital = 0.0;
    for (size_t i = 0; i < n; i++) {
        el += rows[i].expected_loss;
        capital += rows[i].capital;
        exposure += rows[i].exposure;
    }
    out->exposure = exposure;
    out->expected_loss = el;
    out->loss_q95 = out->loss_q99 = out->loss_q999 = NAN;
    out->capital_k = exposure > 0 ? capital / exposure : 0;
    out->risk_weight = exposure > 0 ? 12.5 * capital / exposure : 0;
    out->capital = capital;
}
