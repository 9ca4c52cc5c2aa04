/*
 * runoff.c — closed forms of the outstanding book's run-off (definitions in runoff.h).
 */
#include "runoff.h"

#include <math.h>

/* Years left for a loan book's loan after `year`, or -1 for a cohort segment. */
static int years_left(const sf_segment *g, int maturity, int year)
{
    if (g->maturity_year <= 0)
        return -1;
    return maturity > year ? maturity - year : 0;
}

/* The yearly probability that a performing cohort loan stays performing and outstanding. */
static double stay(const sf_segment *g)
{
    const double q = g->tenor >= 1.0 ? 1.0 / g->tenor : 1.0;
    return (1.0 - g->pd) * (1.0 - q);
}

double sf_runoff_defaults(const sf_segment *g, int maturity, int year)
{
    const int k = years_left(g, maturity, year);
    if (k == 0)
        return 0.0;
    if (k > 0) /* 1 − (1 − pd)^k, accurate for small pd */
        return -expm1((double)k * log1p(-fmin(g->pd, 1.0)));
    return g->pd / (1.0 - stay(g));
}

double sf_runoff_years(const sf_segment *g, int maturity, int year)
{
    const int k = years_left(g, maturity, year);
    if (k >= 0)
        return g->pd > 0.0 ? sf_runoff_defaults(g, maturity, year) / g->pd : (double)k;
    return 1.0 / (1.0 - stay(g));
}
