/*
 * The samplers of model/sample.c against their exact laws: chi-square on the pmf over a grid of
 * (n, p) from tiny to huge n·p that crosses every regime switch, the first four central moments,
 * and a two-sample chi-square against GSL's sampler. Fixed seeds; every bound is a quantile of
 * the statistic's own law at a p-value of 1e-4 (gsl_cdf_chisq_Qinv, gsl_cdf_ugaussian_Qinv), and
 * the normal CDF's error bound follows from the rounding of its argument.
 */
#include "mechanism.h" /* the mechanisms' stream ids */
#include "rng.h"
#include "sample.h"

#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void setup(void)
{
    gsl_set_error_handler_off();
}

TestSuite(sample, .init = setup);

#define PVALUE 1e-4
#define DRAWS 100000

typedef unsigned (*binom_fn)(const gsl_rng *, double, unsigned);

static unsigned gsl_binom(const gsl_rng *r, double p, unsigned n)
{
    return gsl_ran_binomial(r, p, n);
}

/* A discrete law on the cells of a chi-square test: cell c holds the values lo[c] <= k <= hi[c]
 * and has probability prob[c]; the cells are built from the exact pmf so that every expected
 * count is at least 5, the two tails pooled into the first and last cells. */
typedef struct cells {
    size_t n;
    long lo[4096], hi[4096];
    double prob[4096];
} cells;

static double binom_pmf(long k, double p, unsigned n)
{
    return gsl_ran_binomial_pdf((unsigned)k, p, n);
}

/* Cells for Binomial(n, p) and a sample of `draws`: from the mode outwards, whole values while
 * draws x pmf >= 5, then each tail as one cell. */
static void binom_cells(cells *c, double p, unsigned n, double draws)
{
    const long mode = (long)floor(((double)n + 1.0) * p) > (long)n ? (long)n : (long)floor(((double)n + 1.0) * p);
    long a = mode, b = mode;
    while (a > 0 && draws * binom_pmf(a - 1, p, n) >= 5.0)
        a--;
    while (b < (long)n && draws * binom_pmf(b + 1, p, n) >= 5.0)
        b++;
    /* keep at most 4000 single-value cells, centred on the mode */
    while (b - a + 1 > 4000) {
        a++;
        b--;
    }
    c->n = 0;
    const double low = a > 0 ? gsl_cdf_binomial_P((unsigned)(a - 1), p, n) : 0.0;
    const double high = b < (long)n ? gsl_cdf_binomial_Q((unsigned)b, p, n) : 0.0;
    if (a > 0) {
        c->lo[c->n] = 0;
        c->hi[c->n] = a - 1;
        c->prob[c->n++] = low;
    }
    for (long k = a; k <= b; k++) {
        c->lo[c->n] = k;
        c->hi[c->n] = k;
        c->prob[c->n++] = binom_pmf(k, p, n);
    }
    if (b < (long)n) {
        c->lo[c->n] = b + 1;
        c->hi[c->n] = (long)n;
        c->prob[c->n++] = high;
    }
    /* a tail cell under 5 expected is merged into its neighbour */
    if (c->n > 2 && draws * c->prob[0] < 5.0) {
        c->prob[1] += c->prob[0];
        c->lo[1] = c->lo[0];
        memmove(c->lo, c->lo + 1, (c->n - 1) * sizeof c->lo[0]);
        memmove(c->hi, c->hi + 1, (c->n - 1) * sizeof c->hi[0]);
        memmove(c->prob, c->prob + 1, (c->n - 1) * sizeof c->prob[0]);
        c->n--;
    }
    if (c->n > 2 && draws * c->prob[c->n - 1] < 5.0) {
        c->prob[c->n - 2] += c->prob[c->n - 1];
        c->hi[c->n - 2] = c->hi[c->n - 1];
        c->n--;
    }
}

static size_t cell_of(const cells *c, long k)
{
    size_t lo = 0, hi = c->n - 1;
    while (lo < hi) { /* the first cell whose hi >= k */
        const size_t mid = (lo + hi) / 2;
        if (c->hi[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Draw i is the first draw of the unit (path i) of a stream, as the engine draws. */
static void draw_binom(binom_fn f, double p, unsigned n, unsigned stream, long draws, long *out)
{
    gsl_rng *r = sf_rng_alloc();
    for (long i = 0; i < draws; i++) {
        sf_rng_reset(r, 7, stream, (uint64_t)i, 0, 0);
        out[i] = (long)f(r, p, n);
    }
    gsl_rng_free(r);
}

/* Pearson's chi-square of the sample against the cells' law; 0 when there is a single cell. */
static double chisq_gof(const cells *c, const long *x, long draws, double *df)
{
    double *o = calloc(c->n, sizeof *o);
    for (long i = 0; i < draws; i++)
        o[cell_of(c, x[i])] += 1.0;
    double x2 = 0.0;
    for (size_t j = 0; j < c->n; j++) {
        const double e = (double)draws * c->prob[j];
        x2 += (o[j] - e) * (o[j] - e) / e;
    }
    free(o);
    *df = (double)c->n - 1.0;
    return x2;
}

/* Two-sample chi-square (homogeneity) of x and y on the cells; df = cells - 1. */
static double chisq_two(const cells *c, const long *x, long nx, const long *y, long ny, double *df)
{
    double *ox = calloc(c->n, sizeof *ox), *oy = calloc(c->n, sizeof *oy);
    for (long i = 0; i < nx; i++)
        ox[cell_of(c, x[i])] += 1.0;
    for (long i = 0; i < ny; i++)
        oy[cell_of(c, y[i])] += 1.0;
    double x2 = 0.0;
    const double n = (double)(nx + ny);
    for (size_t j = 0; j < c->n; j++) {
        const double col = ox[j] + oy[j];
        if (col == 0.0)
            continue;
        const double ex = col * (double)nx / n, ey = col * (double)ny / n;
        x2 += (ox[j] - ex) * (ox[j] - ex) / ex + (oy[j] - ey) * (oy[j] - ey) / ey;
    }
    free(ox);
    free(oy);
    *df = (double)c->n - 1.0;
    return x2;
}

/* The first four central moments of the sample, each against the exact one within the normal
 * quantile at PVALUE (two-sided) of its standard error sqrt((mu_2j - mu_j^2) / N), the exact
 * central moments mu_j (j <= 8) summed over the pmf. */
static void check_moments(const char *what, const long *x, long draws, double mean, const double *mu /* [9] */)
{
    const double z = gsl_cdf_ugaussian_Qinv(PVALUE / 2.0);
    double m[5] = {0, 0, 0, 0, 0};
    for (long i = 0; i < draws; i++) {
        const double d = (double)x[i] - mean;
        double dj = 1.0;
        for (int j = 1; j <= 4; j++) {
            dj *= d;
            m[j] += dj;
        }
    }
    for (int j = 1; j <= 4; j++) {
        m[j] /= (double)draws;
        const double se = sqrt((mu[2 * j] - mu[j] * mu[j]) / (double)draws);
        cr_expect(fabs(m[j] - mu[j]) <= z * se, "%s: central moment %d = %.6g, exact %.6g, bound %.3g", what, j, m[j],
                  mu[j], z * se);
    }
}

static void binom_central_moments(double p, unsigned n, double *mu)
{
    const double mean = (double)n * p, sd = sqrt(mean * (1.0 - p));
    const long a = (long)fmax(0.0, floor(mean - 60.0 * sd - 10.0));
    const long b = (long)fmin((double)n, ceil(mean + 60.0 * sd + 10.0));
    for (int j = 0; j <= 8; j++)
        mu[j] = 0.0;
    for (long k = a; k <= b; k++) {
        const double f = binom_pmf(k, p, n), d = (double)k - mean;
        double dj = 1.0;
        for (int j = 0; j <= 8; j++) {
            mu[j] += f * dj;
            dj *= d;
        }
    }
}

/* One sampler at one (n, p): goodness of fit, moments, and against GSL's. */
static void check_binomial_n(const char *name, binom_fn f, double p, unsigned n, long draws)
{
    long *x = malloc((size_t)draws * sizeof *x), *y = malloc((size_t)draws * sizeof *y);
    draw_binom(f, p, n, SF_STREAM_DEFAULTS, draws, x);
    for (long i = 0; i < draws; i++)
        cr_assert(x[i] >= 0 && x[i] <= (long)n, "%s(%u, %g) gave %ld", name, n, p, x[i]);
    cells *c = malloc(sizeof *c);
    binom_cells(c, p, n, draws);
    double df;
    if (c->n > 1) {
        const double x2 = chisq_gof(c, x, draws, &df);
        const double crit = gsl_cdf_chisq_Qinv(PVALUE, df);
        cr_expect(x2 <= crit, "%s(%u, %g): chi-square %.1f on %.0f df > %.1f", name, n, p, x2, df, crit);
    }
    double mu[9];
    binom_central_moments(p, n, mu);
    char what[96];
    snprintf(what, sizeof what, "%s(%u, %g)", name, n, p);
    check_moments(what, x, draws, (double)n * p, mu);
    /* against GSL's sampler, on another stream */
    draw_binom(gsl_binom, p, n, SF_STREAM_RENEWAL, draws, y);
    if (c->n > 1) {
        const double x2 = chisq_two(c, x, draws, y, draws, &df);
        const double crit = gsl_cdf_chisq_Qinv(PVALUE, df);
        cr_expect(x2 <= crit, "%s(%u, %g) vs gsl_ran_binomial: two-sample chi-square %.1f on %.0f df > %.1f", name, n,
                  p, x2, df, crit);
    }
    free(c);
    free(x);
    free(y);
}

static void check_binomial(const char *name, binom_fn f, double p, unsigned n)
{
    check_binomial_n(name, f, p, n, DRAWS);
}

/* (n, p) from n p = 0.02 to 5·10^5: each side of the inversion/BTRS switch at a mean of 10, of
 * GSL's at 14 and of the engine's band [14, 128), p above 1/2 (the reflection), n = 1. */
static const struct {
    unsigned n;
    double p;
} grid[] = {{1, 0.3},      {5, 0.5},       {2000, 0.00001}, {20, 0.025},   {100, 0.03},    {1000, 0.0099},
            {1000, 0.01},  {700, 0.0199},  {1000, 0.0139},  {1000, 0.014}, {2000, 0.015},  {1000, 0.127},
            {1000, 0.128}, {1960, 0.3},    {50000, 0.1},    {30, 0.95},    {100, 0.9},     {2000, 0.97},
            {1000000, 0.5}, {4000000000u, 0.0000001}};

Test(sample, binomial_full_grid)
{
    for (size_t i = 0; i < sizeof grid / sizeof grid[0]; i++)
        check_binomial("sf_sample_binomial", sf_sample_binomial, grid[i].p, grid[i].n);
}

Test(sample, binomial_engine_grid)
{
    for (size_t i = 0; i < sizeof grid / sizeof grid[0]; i++)
        check_binomial("sf_sample_binomial_engine", sf_sample_binomial_engine, grid[i].p, grid[i].n);
}

/* Each regime alone, beyond where the switch would hand over: inversion up to n p = 30, BTRS
 * from its lower limit n p = 10 on. */
Test(sample, binomial_regimes_alone)
{
    check_binomial("inversion", sf_sample_binomial_inversion, 0.3, 100);
    check_binomial("inversion", sf_sample_binomial_inversion, 0.7, 40);
    check_binomial("btrs", sf_sample_binomial_btrs, 0.01, 1000);
    check_binomial("btrs", sf_sample_binomial_btrs, 0.5, 20);
    check_binomial("btrs", sf_sample_binomial_btrs, 0.99, 1000);
    check_binomial("btrs", sf_sample_binomial_btrs, 0.3, 1000000);
}

/* BTRS on 2·10^6 draws where the engine uses it (its band [14, 128)): power against small
 * errors in the hat, the squeeze or the acceptance bound. */
Test(sample, binomial_btrs_large_samples)
{
    check_binomial_n("btrs", sf_sample_binomial_btrs, 0.014, 1000, 2000000);
    check_binomial_n("btrs", sf_sample_binomial_btrs, 0.03, 2000, 2000000);
    check_binomial_n("btrs", sf_sample_binomial_btrs, 0.25, 500, 2000000);
}

/* BTRS's log k! through Stirling: the table below 10 and the series above, against lgamma. */
Test(sample, stirling_tail_matches_lgamma)
{
    for (double k = 0; k < 2000; k += k < 50 ? 1 : 37) {
        const double exact = lgamma(k + 1.0) - ((k + 0.5) * log(k + 1.0) - (k + 1.0) + 0.5 * log(2.0 * M_PI));
        cr_expect(fabs(sf_sample_stirling_tail(k) - exact) <= 1e-13 * fmax(1.0, lgamma(k + 1.0)) + 1e-15,
                  "fc(%g) = %.17g, lgamma gives %.17g", k, sf_sample_stirling_tail(k), exact);
    }
}

Test(sample, binomial_trivial_cases_draw_nothing)
{
    gsl_rng *r = sf_rng_alloc();
    const unsigned long before = gsl_rng_get(r);
    sf_rng_reset(r, 0, 0, 0, 0, 0);
    cr_expect_eq(sf_sample_binomial(r, 0.0, 100), 0u);
    cr_expect_eq(sf_sample_binomial(r, -1.0, 100), 0u);
    cr_expect_eq(sf_sample_binomial(r, NAN, 100), 0u);
    cr_expect_eq(sf_sample_binomial(r, 1.0, 100), 100u);
    cr_expect_eq(sf_sample_binomial(r, 0.5, 0), 0u);
    cr_expect_eq(sf_sample_binomial_engine(r, 1.0, 7), 7u);
    cr_expect_eq(gsl_rng_get(r), before, "a trivial case consumed a draw");
    gsl_rng_free(r);
}

/* Outside the BTRS band the engine's binomial is GSL's, draw for draw. */
Test(sample, engine_binomial_is_gsl_outside_the_band)
{
    const struct {
        unsigned n;
        double p;
    } out[] = {{2000, 0.005}, {1000, 0.0139}, {1000, 0.9861}, {1000, 0.128}, {1960, 0.3}, {100000, 0.02}};
    gsl_rng *r = sf_rng_alloc();
    for (size_t j = 0; j < sizeof out / sizeof out[0]; j++)
        for (uint64_t i = 0; i < 2000; i++) {
            sf_rng_reset(r, 3, SF_STREAM_DEFAULTS, i, 0, 0);
            const unsigned a = sf_sample_binomial_engine(r, out[j].p, out[j].n);
            sf_rng_reset(r, 3, SF_STREAM_DEFAULTS, i, 0, 0);
            const unsigned b = gsl_ran_binomial(r, out[j].p, out[j].n);
            cr_assert_eq(a, b, "Bin(%u, %g), path %lu: %u vs GSL's %u", out[j].n, out[j].p, (unsigned long)i, a, b);
        }
    gsl_rng_free(r);
}

/* ulps between two doubles of the same sign */
static double ulps(double a, double b)
{
    if (a == b)
        return 0.0;
    return fabs(a - b) / (nextafter(fmax(fabs(a), fabs(b)), INFINITY) - fmax(fabs(a), fabs(b)));
}

/* Phi via erfc against a long-double reference and against gsl_cdf_ugaussian_P. The argument
 * x / sqrt 2 is rounded twice (the constant and the product): a relative error of at most 2^-52
 * in z = |x| / sqrt 2, which moves log erfc(z) by at most (2z + 1) z 2^-52 (d log erfc / dz <=
 * 2z + 1), a relative error of (x^2 + |x|) 2^-52, up to 2 (x^2 + |x|) ulps (an ulp is 2^-53 to
 * 2^-52 of the value); erfc itself adds a few. The bound 4 + 2 (x^2 + |x|) ulps is that. */
Test(sample, normal_cdf_within_ulps)
{
    double worst = 0.0, worst_gsl = 0.0;
    for (double x = -37.5; x <= 8.5; x += 0.0137) {
        const double ours = sf_normal_cdf(x), gsl = gsl_cdf_ugaussian_P(x);
        const long double ref = 0.5L * erfcl(-(long double)x / sqrtl(2.0L));
        const double bound = 4.0 + 2.0 * (x * x + fabs(x));
        const double e = ulps(ours, (double)ref);
        cr_expect(e <= bound, "Phi(%.4f): erfc %.17g vs reference %.17Lg: %.1f ulps > %.1f", x, ours, ref, e, bound);
        /* GSL is checked to the same bound against the reference, so the two agree within both */
        const double eg = ulps(gsl, (double)ref);
        cr_expect(ulps(ours, gsl) <= bound + eg, "Phi(%.4f): erfc %.17g vs GSL %.17g", x, ours, gsl);
        worst = fmax(worst, e / bound);
        worst_gsl = fmax(worst_gsl, eg / bound);
    }
    cr_expect(worst <= 1.0 && worst_gsl <= 4.0, "worst error / bound: erfc %.3f, GSL %.3f", worst, worst_gsl);
    cr_expect_eq(sf_normal_cdf(0.0), 0.5);
    cr_expect_eq(sf_normal_cdf(-INFINITY), 0.0);
    cr_expect_eq(sf_normal_cdf(INFINITY), 1.0);
    cr_expect(sf_normal_cdf(-40.0) >= 0.0 && sf_normal_cdf(40.0) == 1.0);
}

/* The exact law of min(K, cap), K geometric(p) on 1, 2, ..., written out here on its own. */
static double capgeo_prob(double p, double cap, double v)
{
    if (v < cap)
        return p * pow(1.0 - p, v - 1.0);
    return pow(1.0 - p, ceil(cap) - 1.0);
}

Test(sample, capped_geometric)
{
    const struct {
        double p, cap;
    } cases[] = {{0.25, 10.0}, {0.4, 10.0}, {0.2, 10.5}, {1.0, 10.0}, {0.01, 365.0}, {0.25, 1.0}, {0.25, 0.5},
                 {0.9, 3.0}};
    const double z = gsl_cdf_ugaussian_Qinv(PVALUE / 2.0);
    gsl_rng *r = sf_rng_alloc();
    double *x = malloc(DRAWS * sizeof *x), *y = malloc(DRAWS * sizeof *y);
    for (size_t j = 0; j < sizeof cases / sizeof cases[0]; j++) {
        const double p = cases[j].p, cap = cases[j].cap;
        sf_capped_geometric *g = sf_capped_geometric_alloc(p, cap);
        cr_assert_not_null(g);
        const size_t nv = sf_capped_geometric_size(g);
        cr_expect_eq(nv, (size_t)ceil(cap), "p %g cap %g: %zu values", p, cap, nv);
        double total = 0.0;
        for (size_t i = 0; i < nv; i++) {
            const double v = sf_capped_geometric_value(g, i);
            cr_expect(fabs(sf_capped_geometric_prob(g, i) - capgeo_prob(p, cap, v)) <= 1e-15, "p %g cap %g value %g", p,
                      cap, v);
            total += capgeo_prob(p, cap, v);
        }
        cr_expect(fabs(total - 1.0) < 1e-12, "p %g cap %g: the law sums to %.17g", p, cap, total);
        /* draws: ours 64 to a stream reset, as a segment's bridge requests; GSL's on another stream */
        for (long i = 0; i < DRAWS; i++) {
            if (i % 64 == 0)
                sf_rng_reset(r, 9, SF_STREAM_BRIDGE, (uint64_t)i, 0, 0);
            x[i] = sf_sample_capped_geometric(r, g);
        }
        for (long i = 0; i < DRAWS; i++) {
            if (i % 64 == 0)
                sf_rng_reset(r, 9, SF_STREAM_FUND, (uint64_t)i, 0, 0);
            const double d = (double)gsl_ran_geometric(r, p);
            y[i] = d < cap ? d : cap;
        }
        /* cells: each value with >= 5 expected, the rest pooled upwards into the next */
        double o[400] = {0}, og[400] = {0}, e[400] = {0};
        size_t cell[400], nc = 0;
        double acc = 0.0;
        for (size_t i = 0; i < nv; i++) {
            acc += capgeo_prob(p, cap, sf_capped_geometric_value(g, i));
            cell[i] = nc;
            if (acc * DRAWS >= 5.0 || i + 1 == nv) {
                e[nc++] = acc;
                acc = 0.0;
            }
        }
        if (nc > 1 && e[nc - 1] * DRAWS < 5.0) { /* a small last cell joins the one before */
            e[nc - 2] += e[nc - 1];
            for (size_t i = 0; i < nv; i++)
                if (cell[i] == nc - 1)
                    cell[i] = nc - 2;
            nc--;
        }
        double mean = 0.0, mu[9] = {0};
        for (size_t i = 0; i < nv; i++)
            mean += sf_capped_geometric_value(g, i) * capgeo_prob(p, cap, sf_capped_geometric_value(g, i));
        for (size_t i = 0; i < nv; i++) {
            const double v = sf_capped_geometric_value(g, i), f = capgeo_prob(p, cap, v);
            double dj = 1.0;
            for (int k = 0; k <= 8; k++) {
                mu[k] += f * dj;
                dj *= v - mean;
            }
        }
        double m[5] = {0};
        for (long i = 0; i < DRAWS; i++) {
            size_t vi = x[i] < cap ? (size_t)x[i] - 1 : nv - 1;
            cr_assert(vi < nv && sf_capped_geometric_value(g, vi) == x[i], "p %g cap %g: drew %g", p, cap, x[i]);
            o[cell[vi]] += 1.0;
            size_t wi = y[i] < cap ? (size_t)y[i] - 1 : nv - 1;
            og[cell[wi]] += 1.0;
            double dj = 1.0;
            for (int k = 1; k <= 4; k++) {
                dj *= x[i] - mean;
                m[k] += dj;
            }
        }
        if (nc > 1) {
            double x2 = 0.0, x2b = 0.0;
            for (size_t c = 0; c < nc; c++) {
                const double ec = e[c] * DRAWS, col = o[c] + og[c];
                x2 += (o[c] - ec) * (o[c] - ec) / ec;
                if (col > 0.0)
                    x2b += 2.0 * (o[c] - col / 2.0) * (o[c] - col / 2.0) / (col / 2.0);
            }
            const double crit = gsl_cdf_chisq_Qinv(PVALUE, (double)nc - 1.0);
            cr_expect(x2 <= crit, "capped geometric p %g cap %g: chi-square %.1f on %zu df > %.1f", p, cap, x2, nc - 1,
                      crit);
            cr_expect(x2b <= crit, "capped geometric p %g cap %g vs GSL: two-sample chi-square %.1f > %.1f", p, cap, x2b,
                      crit);
        }
        for (int k = 1; k <= 4; k++) {
            m[k] /= DRAWS;
            const double se = sqrt(fmax(mu[2 * k] - mu[k] * mu[k], 0.0) / DRAWS);
            cr_expect(fabs(m[k] - mu[k]) <= z * se + 1e-12 * fmax(1.0, fabs(mu[k])),
                      "capped geometric p %g cap %g: central moment %d = %.6g, exact %.6g", p, cap, k, m[k], mu[k]);
        }
        sf_capped_geometric_free(g);
    }
    cr_expect_null(sf_capped_geometric_alloc(0.0, 10.0));
    cr_expect_null(sf_capped_geometric_alloc(0.5, 0.0));
    free(x);
    free(y);
    gsl_rng_free(r);
}
