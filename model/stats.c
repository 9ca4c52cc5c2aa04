#include "stats.h"

#include <math.h>

void sf_stats_moments_add(sf_stats_moments *m, double x)
{
    m->n += 1.0;
    const double d = x - m->mean;
    m->mean += d / m->n;
    m->m2 += d * (x - m->mean);
}

void sf_stats_moments_merge(sf_stats_moments *a, const sf_stats_moments *b)
{
    if (b->n == 0.0)
        return;
    if (a->n == 0.0) {
        *a = *b;
        return;
    }
    const double n = a->n + b->n;
    const double d = b->mean - a->mean;
    a->mean += d * (b->n / n);
    a->m2 += b->m2 + d * d * (a->n * b->n / n);
    a->n = n;
}

double sf_stats_moments_sd(const sf_stats_moments *m)
{
    if (m->n < 2.0 || m->m2 <= 0.0)
        return 0.0;
    return sqrt(m->m2 / (m->n - 1.0));
}

static void swap(double *a, size_t i, size_t j)
{
    const double t = a[i];
    a[i] = a[j];
    a[j] = t;
}

/* Hoare's selection with a median-of-three pivot; iterative. */
void sf_stats_select(double *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (hi > lo) {
        const size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo])
            swap(a, mid, lo);
        if (a[hi] < a[lo])
            swap(a, hi, lo);
        if (a[hi] < a[mid])
            swap(a, hi, mid);
        const double pivot = a[mid];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                swap(a, i, j);
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        /* now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] == pivot */
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

/* The k-th smallest, for non-decreasing k: a[0..from) hold order statistics already placed
 * (the last one at from - 1) and everything in a[from..n) is >= them. */
static double order_stat(double *a, size_t n, size_t *from, size_t k)
{
    if (k >= *from) {
        sf_stats_select(a + *from, n - *from, k - *from);
        *from = k + 1;
    }
    return a[k];
}

void sf_stats_tail_summary(double *a, size_t n, const double *p, size_t np, double *q, const double *alpha, size_t na,
                        double *cvar)
{
    if (n == 0) {
        for (size_t i = 0; i < np; i++)
            q[i] = 0.0;
        for (size_t i = 0; i < na; i++)
            cvar[i] = 0.0;
        return;
    }
    /* Order statistics are taken in ascending order; each selection works on what is above
     * the previous one. The CVaR boundaries are interleaved by level. */
    size_t from = 0;
    size_t ip = 0, ia = 0;
    while (ip < np || ia < na) {
        const double hp = ip < np ? (double)(n - 1) * p[ip] : INFINITY;
        /* CVaR at alpha: tail mass m = n (1 - alpha) paths; the K = floor(m) largest values and
         * (m - K) of the next one. Its boundary index is n - K - 1. */
        double ha = INFINITY;
        if (ia < na) {
            const double m = (double)n * (1.0 - alpha[ia]);
            const double K = floor(m);
            ha = (double)n - K - 1.0;
        }
        if (hp <= ha) {
            const size_t lo = (size_t)floor(hp);
            const double xlo = order_stat(a, n, &from, lo);
            double v = xlo;
            if (lo + 1 < n && hp > (double)lo) {
                const double xhi = order_stat(a, n, &from, lo + 1);
                v = xlo + (hp - (double)lo) * (xhi - xlo);
            }
            q[ip++] = v;
        } else {
            const double m = (double)n * (1.0 - alpha[ia]);
            const double K = floor(m);
            if (m <= 0.0) {
                /* no tail: the maximum */
                double mx = a[0];
                for (size_t i = 1; i < n; i++)
                    mx = a[i] > mx ? a[i] : mx;
                cvar[ia++] = mx;
                continue;
            }
            const size_t b = (size_t)(n - (size_t)K - 1);
            double sum = 0.0;
            double xb = 0.0;
            if (K < (double)n)
                xb = order_stat(a, n, &from, b);
            for (size_t i = b + 1; i < n; i++)
                sum += a[i];
            cvar[ia++] = (sum + (m - K) * xb) / m;
        }
    }
}
