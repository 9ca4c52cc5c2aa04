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

/* Importance sampling: a value and its likelihood-ratio weight. */
typedef struct sf_stats_wpoint {
    double x, w;
} sf_stats_wpoint;

/* Weighted quantiles and CVaR (docs/engine.md "Importance sampling"), in the raw likelihood-ratio
 * weights (mean 1 in expectation), from the nearer end: for p < 1/2 the k-th smallest value sits
 * at r_k = w_(1) + ... + w_(k-1) and the level-p quantile interpolates linearly at p (n - 1); for
 * p >= 1/2 the k-th largest sits at the sum of the weights above it and the quantile interpolates
 * at (1 - p)(n - 1); the CVaR at alpha is the weighted mean of the upper tail of weight mass
 * n (1 - alpha), the boundary value weighted fractionally. With every weight 1 this is
 * sf_stats_tail_summary, bit for bit (it is called). a[] is rearranged. */
void sf_stats_wtail_summary(sf_stats_wpoint *a, size_t n, const double *p, size_t np, double *q, const double *alpha,
                            size_t na, double *cvar);
/* Weighted moments for importance sampling, mergeable like sf_stats_moments (West 1979 for the
 * mean and m2): n points, w = sum w_i, mean = sum w_i x_i / w (the self-normalised estimate),
 * m2 = sum w_i (x_i - mean)^2, s2 = sum w_i^2, p = sum w_i^2 (x_i - mean), q = sum w_i^2 (x_i -
 * mean)^2 (centred on the current mean; p is 0 up to rounding). */
typedef struct sf_stats_wmoments {
    double n, w, mean, m2, s2, p, q;
} sf_stats_wmoments;
void sf_stats_wmoments_add(sf_stats_wmoments *m, double x, double w);
void sf_stats_wmoments_merge(sf_stats_wmoments *a, const sf_stats_wmoments *b);
/* sqrt(m2 / w * n / (n - 1)): the sd of x under the model; 0 when n < 2. */
double sf_stats_wmoments_sd(const sf_stats_wmoments *m);
/* sqrt(q) / w: the delta-method se of the self-normalised mean (Owen 2013, 9.2). */
double sf_stats_wmoments_se(const sf_stats_wmoments *m);
/* The tail set of the CVaR at alpha as per-path weights, for Euler allocation (risk
 * contributions): tw[i] in [0, w_i] (w_i = 1 when w is NULL) such that CVaR = sum tw[i] x[i] / m
 * with m = sum tw[i] = n (1 - alpha), the tail mass (*mass), in the raw weights as
 * sf_stats_wtail_summary's CVaR (the sum of the weights when that is less). The paths are taken from the
 * largest x down; the group of paths tied at the boundary shares what is left of m in proportion
 * to their weights. With w NULL this is exactly the tail sf_stats_tail_summary averages (the K =
 * floor(m) largest values and m - K of the next one: ties at the boundary value are equal, so
 * which of them is counted does not change the CVaR, and sharing makes the set independent of
 * the order of the paths). alpha = 1 (no tail): the paths at the maximum share a mass of 1
 * (*mass), as the CVaR is then the maximum. Returns 0, or -1 when out of memory. */
int sf_stats_tail_weights(const double *x, const double *w, size_t n, double alpha, double *tw, double *mass);

/* The same tail as a rule on the values, without weights and without keeping anything per path:
 * a path with value x has tail weight 1 if x > *xb, *share if x == *xb, 0 below, and the weights
 * sum to *mass = n (1 - alpha) — exactly the tail sf_stats_tail_summary averages, ties at the
 * boundary sharing what is left (alpha = 1: the paths at the maximum share a mass of 1). a[] is
 * rearranged. */
void sf_stats_tail_boundary(double *a, size_t n, double alpha, double *xb, double *share, double *mass);

#endif
