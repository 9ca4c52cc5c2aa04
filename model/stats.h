/*
 * stats.h — per-cell statistics of the simulation: moments by Welford's method combined over
 * fixed blocks of paths in a fixed order (Chan, Golub & LeVeque 1979), so results do not depend
 * on the thread count; exact order statistics by selection; CVaR as the mean of the upper tail.
 */
#ifndef SF_STATS_H
#define SF_STATS_H

#include <stddef.h>

typedef struct sf_stats_moments {
    double n, mean, m2;
} sf_stats_moments;

void sf_stats_moments_add(sf_stats_moments *m, double x);
/* a := a combined with b (b after a). */
void sf_stats_moments_merge(sf_stats_moments *a, const sf_stats_moments *b);
double sf_stats_moments_sd(const sf_stats_moments *m); /* sample sd (n - 1); 0 when n < 2 */

/* Rearrange a[0..n) so that a[k] is the k-th smallest, everything before it <= and after >=. */
void sf_stats_select(double *a, size_t n, size_t k);

/* Quantiles at the ascending levels p[0..np) by Hyndman & Fan type 7 (as R's default and GSL's
 * gsl_stats_quantile_from_sorted_data), and the CVaR (mean of the upper 1 - alpha tail, with the
 * boundary value weighted fractionally) at the levels alpha[0..na). a[] is rearranged. */
void sf_stats_tail_summary(double *a, size_t n, const double *p, size_t np, double *q, const double *alpha, size_t na,
                        double *cvar);

#endif
