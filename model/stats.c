#include "stats.h"

#include <math.h>
#include <stdlib.h>

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

static int wpoint_cmp(const void *pa, const void *pb)
{
    const sf_stats_wpoint *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return (a->w > b->w) - (a->w < b->w);
}

void sf_stats_wtail_summary(sf_stats_wpoint *a, size_t n, const double *p, size_t np, double *q, const double *alpha,
                            size_t na, double *cvar)
{
    int ones = 1;
    for (size_t i = 0; i < n && ones; i++)
        ones = a[i].w == 1.0;
    if (ones) {
        /* every weight 1: the unweighted code, bit for bit (the values are copied in place) */
        double *x = (double *)a;
        for (size_t i = 0; i < n; i++)
            x[i] = a[i].x;
        sf_stats_tail_summary(x, n, p, np, q, alpha, na, cvar);
        return;
    }
    double W = 0.0;
    for (size_t i = 0; i < n; i++)
        W += a[i].w;
    if (n == 0 || !(W > 0.0)) {
        for (size_t i = 0; i < np; i++)
            q[i] = 0.0;
        for (size_t i = 0; i < na; i++)
            cvar[i] = 0.0;
        return;
    }
    qsort(a, n, sizeof *a, wpoint_cmp);
    /* Quantiles from the nearer end, in the raw weights (their mean is 1 in expectation, so the
     * estimate of a tail's mass is sum w / n, not divided by the noisy sum of all the weights:
     * Glasserman, Heidelberger and Shahabuddin 2000). Level p < 1/2: the k-th smallest value sits
     * at r_k = w_(1) + ... + w_(k-1) and the quantile interpolates linearly at p (n - 1); p >= 1/2:
     * the same from the top, the k-th largest at the sum of the weights above it, at (1 - p)(n - 1).
     * With every weight 1 both are type 7's positions. */
    for (size_t ip = 0; ip < np; ip++) {
        const int up = p[ip] >= 0.5;
        const double h = (up ? 1.0 - p[ip] : p[ip]) * (double)(n - 1);
        double r = 0.0;
        size_t k = 0; /* the k-th point from the nearer end */
#define WT_AT(k) (up ? a[n - 1 - (k)] : a[(k)])
        while (k + 1 < n && r + WT_AT(k).w <= h) {
            r += WT_AT(k).w;
            k++;
        }
        if (k + 1 >= n) {
            q[ip] = WT_AT(n - 1).x;
            continue;
        }
        const double om = WT_AT(k).w;
        q[ip] = WT_AT(k).x + (om > 0.0 ? (h - r) / om : 0.0) * (WT_AT(k + 1).x - WT_AT(k).x);
#undef WT_AT
    }
    /* CVaR: the upper tail of raw weight mass m = n (1 - alpha), taken from the top, the boundary
     * value weighted fractionally; all the weight there is when the weights sum to less. */
    for (size_t ia = 0; ia < na; ia++) {
        const double m = (double)n * (1.0 - alpha[ia]);
        if (m <= 0.0) {
            cvar[ia] = a[n - 1].x;
            continue;
        }
        double cum = 0.0, sum = 0.0;
        for (size_t i = n; i-- > 0;) {
            const double om = a[i].w;
            if (cum + om <= m) {
                cum += om;
                sum += om * a[i].x;
            } else {
                sum += (m - cum) * a[i].x;
                cum = m;
                break;
            }
        }
        cvar[ia] = cum > 0.0 ? sum / cum : a[n - 1].x;
    }
}

/* The point (x, w) after the mean moved by d: the centred sums follow exactly. */
static void wshift(sf_stats_wmoments *m, double d)
{
    m->q += -2.0 * d * m->p + d * d * m->s2;
    m->p -= d * m->s2;
}

void sf_stats_wmoments_add(sf_stats_wmoments *m, double x, double w)
{
    if (!(w > 0.0)) {
        m->n += 1.0;
        return;
    }
    m->n += 1.0;
    const double W = m->w + w;
    const double d = x - m->mean;
    const double mean = m->mean + d * (w / W);
    m->m2 += w * d * (x - mean);
    wshift(m, mean - m->mean);
    m->mean = mean;
    m->w = W;
    const double e = x - mean;
    m->s2 += w * w;
    m->p += w * w * e;
    m->q += w * w * e * e;
}

void sf_stats_wmoments_merge(sf_stats_wmoments *a, const sf_stats_wmoments *b)
{
    if (b->w == 0.0) {
        a->n += b->n;
        return;
    }
    if (a->w == 0.0) {
        const double n = a->n + b->n;
        *a = *b;
        a->n = n;
        return;
    }
    const double W = a->w + b->w;
    const double d = b->mean - a->mean;
    const double mean = a->mean + d * (b->w / W);
    sf_stats_wmoments bb = *b;
    a->m2 += b->m2 + d * d * (a->w * b->w / W);
    wshift(a, mean - a->mean);
    wshift(&bb, mean - b->mean);
    a->s2 += bb.s2;
    a->p += bb.p;
    a->q += bb.q;
    a->mean = mean;
    a->w = W;
    a->n += b->n;
}

double sf_stats_wmoments_sd(const sf_stats_wmoments *m)
{
    if (m->n < 2.0 || !(m->w > 0.0) || m->m2 <= 0.0)
        return 0.0;
    return sqrt(m->m2 / m->w * m->n / (m->n - 1.0));
}

double sf_stats_wmoments_se(const sf_stats_wmoments *m)
{
    if (!(m->w > 0.0) || m->q <= 0.0)
        return 0.0;
    return sqrt(m->q) / m->w;
}

/* Descending by value, ties by index: a total order, so the sort is the same on every platform. */
typedef struct tw_item {
    double x;
    size_t i;
} tw_item;
static int tw_cmp(const void *a, const void *b)
{
    const tw_item *p = a, *q = b;
    if (p->x > q->x)
        return -1;
    if (p->x < q->x)
        return 1;
    return (p->i > q->i) - (p->i < q->i);
}

int sf_stats_tail_weights(const double *x, const double *w, size_t n, double alpha, double *tw, double *mass)
{
    *mass = 0.0;
    if (n == 0)
        return 0;
    tw_item *it = malloc(n * sizeof *it);
    if (it == NULL)
        return -1;
    double W = 0.0;
    for (size_t i = 0; i < n; i++) {
        it[i].x = x[i];
        it[i].i = i;
        tw[i] = 0.0;
        W += w ? w[i] : 1.0;
    }
    /* The tail mass n (1 - alpha), as sf_stats_tail_summary computes it and, in the raw weights,
     * sf_stats_wtail_summary's CVaR; weights that sum to less give the whole sum. */
    double m = (double)n * (1.0 - alpha);
    if (w && m > W)
        m = W;
    const int max_only = !(m > 0.0);
    if (max_only)
        m = 1.0;
    qsort(it, n, sizeof *it, tw_cmp);
    double cum = 0.0;
    size_t g0 = 0;
    while (g0 < n) {
        size_t g1 = g0 + 1;
        double gw = w ? w[it[g0].i] : 1.0;
        while (g1 < n && it[g1].x == it[g0].x) {
            gw += w ? w[it[g1].i] : 1.0;
            g1++;
        }
        if (!max_only && cum + gw <= m) {
            for (size_t k = g0; k < g1; k++)
                tw[it[k].i] = w ? w[it[k].i] : 1.0;
            cum += gw;
            if (cum == m)
                break;
        } else {
            const double left = max_only ? 1.0 : m - cum;
            for (size_t k = g0; k < g1; k++)
                tw[it[k].i] = gw > 0.0 ? left * ((w ? w[it[k].i] : 1.0) / gw) : 0.0;
            break;
        }
        g0 = g1;
    }
    free(it);
    *mass = m;
    return 0;
}

void sf_stats_tail_boundary(double *a, size_t n, double alpha, double *xb, double *share, double *mass)
{
    *xb = -INFINITY;
    *share = 0.0;
    *mass = (double)n;
    if (n == 0)
        return;
    double m = (double)n * (1.0 - alpha);
    const double K = floor(m);
    if (!(m > 0.0)) { /* no tail: the maximum */
        double mx = a[0];
        for (size_t i = 1; i < n; i++)
            mx = a[i] > mx ? a[i] : mx;
        *xb = mx;
        m = 1.0;
    } else if (K < (double)n) {
        const size_t b = (size_t)(n - (size_t)K - 1);
        sf_stats_select(a, n, b);
        *xb = a[b];
    } else {
        return; /* every path, weight 1 */
    }
    double above = 0.0, at = 0.0;
    for (size_t i = 0; i < n; i++) {
        above += a[i] > *xb;
        at += a[i] == *xb;
    }
    *share = at > 0.0 ? (m - above) / at : 0.0;
    *mass = m;
}

