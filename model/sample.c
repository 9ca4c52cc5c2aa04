/*
 * sample.c — the engine's own exact samplers (see sample.h for why each exists).
 */
/* GSL's inline gsl_rng_uniform: the samplers below call it in their inner loops. */
#define HAVE_INLINE 1
#include "sample.h"

#include <math.h>
#include <stdlib.h>

/* Inversion by sequential search from 0 (Kachitvichyanukul & Schmeiser 1988, "Binomial random
 * variate generation", CACM 31(2), algorithm BINV): f(0) = q^n, f(k) = f(k-1) (a/k - s) with
 * s = p/q and a = (n + 1) s. Expected cost: one uniform and about n p + 1 steps. Should rounding
 * carry the search past n (a uniform within about 1e-15 of 1), it starts again with a new
 * uniform, which leaves the law unchanged. Here p <= 1/2. */
static unsigned binv(const gsl_rng *r, double p, unsigned n)
{
    const double q = 1.0 - p, s = p / q, a = ((double)n + 1.0) * s;
    const double f0 = exp((double)n * log1p(-p));
    for (;;) {
        double u = gsl_rng_uniform(r), f = f0;
        unsigned k = 0;
        while (u > f) {
            u -= f;
            k++;
            if (k > n)
                break;
            f *= a / (double)k - s;
        }
        if (k <= n)
            return k;
    }
}

/* fc(k) = log k! - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2], the error of Stirling's
 * formula that BTRS uses for log k!: exact values below 10 (tests/test_sample.c checks them
 * against lgamma), above them the Stirling series in x = k + 1 to the term in x^-13, whose
 * remainder is below 1e-16 from x = 11 on. (Hörmann's three terms leave 3e-11 at k = 10.) */
double sf_sample_stirling_tail(double k)
{
    static const double fc[10] = {0.08106146679532726, 0.04134069595540929, 0.02767792568499834,
                                  0.02079067210376509, 0.01664469118982119, 0.01387612882307075,
                                  0.01189670994589177, 0.01041126526197209, 0.009255462182712733,
                                  0.008330563433362871};
    if (k < 10.0)
        return fc[(int)k];
    const double x = k + 1.0, y = 1.0 / (x * x);
    return (1.0 / 12.0 -
            y * (1.0 / 360.0 - y * (1.0 / 1260.0 - y * (1.0 / 1680.0 - y * (1.0 / 1188.0 - y * (691.0 / 360360.0 - y / 156.0)))))) /
           x;
}

/* BTRS, transformed rejection with squeeze (W. Hörmann, "The generation of binomial random
 * variates", J. Statist. Comput. Simul. 46 (1993) 101-110, algorithm BTRS), exact for
 * n p >= 10 with p <= 1/2. The hat is the transformed density of k = floor((2a/us + b) u + c)
 * with u uniform on (-1/2, 1/2) and us = 1/2 - |u|; the squeeze us >= 0.07, v <= v_r accepts
 * most draws with two uniforms and no logarithm; the rest are accepted when
 * log(v alpha / (a/us^2 + b)) <= log f(k) / f(m), m the mode, with log k! by Stirling and fc. */
static unsigned btrs(const gsl_rng *r, double p, unsigned n)
{
    const double nd = (double)n, q = 1.0 - p;
    const double spq = sqrt(nd * p * q);
    const double b = 1.15 + 2.53 * spq;
    const double a = -0.0873 + 0.0248 * b + 0.01 * p;
    const double c = nd * p + 0.5;
    const double vr = 0.92 - 4.2 / b;
    const double alpha = (2.83 + 5.1 / b) * spq;
    const double lr = p / q;
    const double m = floor((nd + 1.0) * p);
    for (;;) {
        const double u = gsl_rng_uniform_pos(r) - 0.5;
        double v = gsl_rng_uniform(r);
        const double us = 0.5 - fabs(u);
        const double kd = floor((2.0 * a / us + b) * u + c);
        if (kd < 0.0 || kd > nd)
            continue;
        if (us >= 0.07 && v <= vr)
            return (unsigned)kd;
        v = log(v * alpha / (a / (us * us) + b));
        const double bound = (m + 0.5) * log((m + 1.0) / (lr * (nd - m + 1.0))) +
                             (nd + 1.0) * log((nd - m + 1.0) / (nd - kd + 1.0)) +
                             (kd + 0.5) * log(lr * (nd - kd + 1.0) / (kd + 1.0)) + sf_sample_stirling_tail(m) +
                             sf_sample_stirling_tail(nd - m) - sf_sample_stirling_tail(kd) - sf_sample_stirling_tail(nd - kd);
        if (v <= bound)
            return (unsigned)kd;
    }
}

unsigned sf_sample_binomial_inversion(const gsl_rng *r, double p, unsigned n)
{
    return p > 0.5 ? n - binv(r, 1.0 - p, n) : binv(r, p, n);
}

unsigned sf_sample_binomial_btrs(const gsl_rng *r, double p, unsigned n)
{
    return p > 0.5 ? n - btrs(r, 1.0 - p, n) : btrs(r, p, n);
}

/* The regime switch at a mean of 10 is Hörmann's (1993, section 4): BTRS is valid and fast
 * from n min(p, 1 - p) >= 10 on; below it the inversion's short search is the faster exact
 * method. By symmetry the sampler works with min(p, 1 - p) and reflects the result. */
unsigned sf_sample_binomial(const gsl_rng *r, double p, unsigned n)
{
    if (n == 0 || !(p > 0.0))
        return 0;
    if (p >= 1.0)
        return n;
    const int flip = p > 0.5;
    const double pp = flip ? 1.0 - p : p;
    const unsigned k = (double)n * pp < SF_BINOMIAL_BTRS_MEAN ? binv(r, pp, n) : btrs(r, pp, n);
    return flip ? n - k : k;
}

unsigned sf_sample_binomial_engine(const gsl_rng *r, double p, unsigned n)
{
    if (n == 0 || !(p > 0.0))
        return 0;
    if (p >= 1.0)
        return n;
    const double m = (double)n * (p > 0.5 ? 1.0 - p : p);
    if (m >= SF_BINOMIAL_ENGINE_LO && m < SF_BINOMIAL_ENGINE_HI)
        return sf_sample_binomial_btrs(r, p, n);
    return gsl_ran_binomial(r, p, n);
}

double sf_normal_cdf(double x)
{
    return 0.5 * erfc(-x * M_SQRT1_2);
}

struct sf_capped_geometric {
    gsl_ran_discrete_t *table;
    size_t n;     /* values 1, 2, ..., n - 1 and cap */
    double cap;
    double *prob; /* [n] */
};

void sf_capped_geometric_free(sf_capped_geometric *g)
{
    if (g == NULL)
        return;
    gsl_ran_discrete_free(g->table);
    free(g->prob);
    free(g);
}

/* min(K, cap) takes the values k = 1 .. ceil(cap) - 1 with P(K = k) = p (1 - p)^(k - 1), and cap
 * with the rest, P(K >= ceil(cap)) = (1 - p)^(ceil(cap) - 1). */
sf_capped_geometric *sf_capped_geometric_alloc(double p, double cap)
{
    if (!(p > 0.0 && p <= 1.0) || !(cap > 0.0 && cap <= SF_CAPPED_GEOMETRIC_MAX))
        return NULL;
    sf_capped_geometric *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    const size_t below = (size_t)ceil(cap) - 1; /* whole values under the cap */
    g->n = below + 1;
    g->cap = cap;
    g->prob = malloc(g->n * sizeof *g->prob);
    if (g->prob == NULL) {
        sf_capped_geometric_free(g);
        return NULL;
    }
    const double lq = log1p(-p);
    for (size_t i = 0; i < below; i++)
        g->prob[i] = p == 1.0 ? (i == 0) : p * exp((double)i * lq);
    g->prob[below] = p == 1.0 ? (below == 0) : exp((double)below * lq);
    g->table = gsl_ran_discrete_preproc(g->n, g->prob);
    if (g->table == NULL) {
        sf_capped_geometric_free(g);
        return NULL;
    }
    return g;
}

double sf_sample_capped_geometric(const gsl_rng *r, const sf_capped_geometric *g)
{
    const size_t i = gsl_ran_discrete(r, g->table);
    return i + 1 < g->n ? (double)(i + 1) : g->cap;
}

size_t sf_capped_geometric_size(const sf_capped_geometric *g)
{
    return g->n;
}

double sf_capped_geometric_value(const sf_capped_geometric *g, size_t i)
{
    return i + 1 < g->n ? (double)(i + 1) : g->cap;
}

double sf_capped_geometric_prob(const sf_capped_geometric *g, size_t i)
{
    return g->prob[i];
}
