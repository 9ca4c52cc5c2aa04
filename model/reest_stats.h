/*
 * reest_stats.h — where actual outcomes fall in a run's forecast distribution, and the forecast
 * of the remaining years conditional on them (`smefin reestimate`, issue 12). Pure functions on
 * per-path values (the results folder's forecast_paths.f32, float32): no I/O.
 *
 * Percentile (mid-rank): 100 · (#{x < a} + #{x = a}/2) / n, so an actual equal to a point mass
 * sits at 50 and one above every path at 100.
 *
 * Conditional re-forecast: each path p gets the Gaussian kernel weight
 *     w_p = exp(-(D_p - min_q D_q) / (2 h^2)),   D_p = sum_i ((x_{p,i} - a_i) / sd_i)^2,
 * over the d actuals i with sd_i > 0 (a series that does not vary over the paths tells nothing
 * about which path is the true one and is left out), in units of each forecast's standard
 * deviation, with Silverman's (1986, eq. 4.14) rule-of-thumb bandwidth for standardized data
 *     h = (4 / (d + 2))^(1 / (d + 4)) · n^(-1 / (d + 4)).
 * Subtracting the smallest distance makes the closest path's weight 1, so the weights never all
 * underflow. The effective sample size is Kish's (sum w)^2 / sum w^2, between 1 and n.
 */
#ifndef SF_REEST_STATS_H
#define SF_REEST_STATS_H

#include <stddef.h>

/* Mid-rank percentile of `a` among v[0..n), in [0, 100]; 0 for n = 0. */
double sf_reest_percentile(const float *v, size_t n, double a);

/* Silverman's bandwidth for d standardized dimensions and n paths (d >= 1, n >= 1). */
double sf_reest_bandwidth(size_t n, size_t d);

/* Kernel weights w[0..n) of the paths given d conditioning series: x[i] points at the n values
 * of series i, a[i] its actual, sd[i] the forecast's standard deviation (dimensions with
 * sd[i] <= 0 are skipped). Returns Kish's effective sample size; with no usable dimension every
 * weight is 1 (and the ESS n). */
double sf_reest_weights(const float *const *x, const double *a, const double *sd, size_t d, size_t n, double h,
                        double *w);

/* Mean and standard deviation (n - 1) of v[0..n). */
void sf_reest_moments(const float *v, size_t n, double *mean, double *sd);

/* Weighted mean of v with weights w (NULL: equal weights). */
double sf_reest_weighted_mean(const float *v, const double *w, size_t n);

/* Weighted quantile at level alpha in (0, 1): the smallest value v_(k) (in ascending order, ties
 * by path) whose cumulative weight reaches alpha · sum w (w NULL: equal weights, the
 * ceil(alpha · n)-th smallest value). tmp holds n entries of scratch (sf_reest_pair). */
typedef struct sf_reest_pair {
    double v, w;
    size_t p;
} sf_reest_pair;
double sf_reest_weighted_quantile(const float *v, const double *w, size_t n, double alpha, sf_reest_pair *tmp);

#endif
