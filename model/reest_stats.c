/*
 * reest_stats.c — percentiles of actuals in the forecast and the kernel-weighted re-forecast
 * (formulas and their sources in reest_stats.h).
 */
#include "reest_stats.h"

#include <math.h>
#include <stdlib.h>

double sf_reest_percentile(const float *v, size_t n, double a)
{
    if (n == 0)
        return 0.0;
    size_t below = 0, equal = 0;
    for (size_t p = 0; p < n; p++) {
        const double x = (double)v[p];
        below += x < a;
        equal += x == a;
    }
    return 100.0 * ((double)below + 0.5 * (double)equal) / (double)n;
}

double sf_reest_bandwidth(size_t n, size_t d)
{
    const double dd = (double)(d ? d : 1);
    return pow(4.0 / (dd + 2.0), 1.0 / (dd + 4.0)) * pow((double)(n ? n : 1), -1.0 / (dd + 4.0));
}

double sf_reest_weights(const float *const *x, const double *a, const double *sd, size_t d, size_t n, double h,
                        double *w)
{
    if (n == 0)
        return 0.0;
    double dmin = INFINITY;
    for (size_t p = 0; p < n; p++) {
        double D = 0.0;
        for (size_t i = 0; i < d; i++) {
            if (!(sd[i] > 0.0))
                continue;
            const double z = ((double)x[i][p] - a[i]) / sd[i];
            D += z * z;
        }
        w[p] = D; /* the distance for now */
        dmin = D < dmin ? D : dmin;
    }
    double sw = 0.0, sw2 = 0.0;
    for (size_t p = 0; p < n; p++) {
        w[p] = exp(-(w[p] - dmin) / (2.0 * h * h));
        sw += w[p];
        sw2 += w[p] * w[p];
    }
    return sw * sw / sw2; /* sw >= 1: the closest path weighs 1 */
}

void sf_reest_moments(const float *v, size_t n, double *mean, double *sd)
{
    double m = 0.0, m2 = 0.0;
    for (size_t p = 0; p < n; p++) { /* Welford */
        const double x = (double)v[p], dx = x - m;
        m += dx / (double)(p + 1);
        m2 += dx * (x - m);
    }
    *mean = m;
    *sd = n > 1 ? sqrt(m2 / (double)(n - 1)) : 0.0;
}

double sf_reest_weighted_mean(const float *v, const double *w, size_t n)
{
    double s = 0.0, sw = 0.0;
    for (size_t p = 0; p < n; p++) {
        const double wp = w ? w[p] : 1.0;
        s += wp * (double)v[p];
        sw += wp;
    }
    return sw > 0.0 ? s / sw : 0.0;
}

static int pair_cmp(const void *x, const void *y)
{
    const sf_reest_pair *a = x, *b = y;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return (a->p > b->p) - (a->p < b->p);
}

double sf_reest_weighted_quantile(const float *v, const double *w, size_t n, double alpha, sf_reest_pair *tmp)
{
    if (n == 0)
        return 0.0;
    double sw = 0.0;
    for (size_t p = 0; p < n; p++) {
        tmp[p].v = (double)v[p];
        tmp[p].w = w ? w[p] : 1.0;
        tmp[p].p = p;
        sw += tmp[p].w;
    }
    qsort(tmp, n, sizeof *tmp, pair_cmp);
    if (w == NULL) { /* exact in integers: the ceil(alpha n)-th smallest */
        size_t k = (size_t)ceil(alpha * (double)n);
        k = k < 1 ? 1 : (k > n ? n : k);
        return tmp[k - 1].v;
    }
    const double target = alpha * sw;
    double c = 0.0;
    for (size_t i = 0; i < n; i++) {
        c += tmp[i].w;
        if (c >= target)
            return tmp[i].v;
    }
    return tmp[n - 1].v;
}
