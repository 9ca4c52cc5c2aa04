#include "compare.h"

#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sf_stat_names[SF_NSTATS] = {"mean", "sd",  "se",   "p05",    "p50",   "p90",
                                              "p95",  "p99", "p999", "cvar95", "cvar99"};

int sf_stat_index(const char *name)
{
    return sf_name_index(sf_stat_names, SF_NSTATS, name);
}

double sf_stat_value(const sf_stat *st, int stat)
{
    switch (stat) {
    case SF_STAT_MEAN:
        return st->mean;
    case SF_STAT_SD:
        return st->sd;
    case SF_STAT_SE:
        return st->se;
    case SF_STAT_CVAR95:
        return st->cvar95;
    case SF_STAT_CVAR99:
        return st->cvar99;
    default: /* the quantiles p05 ... p999 are sf_stat.q in the same order */
        return (stat >= SF_STAT_P05 && stat <= SF_STAT_P999) ? st->q[stat - SF_STAT_P05] : NAN;
    }
}

int sf_result_col(const sf_result *res, int series, const char *year_label)
{
    if (series < 0)
        return -1;
    int col;
    if (strcmp(year_label, "total") == 0)
        col = res->nyears;
    else if (strcmp(year_label, "pv") == 0)
        col = res->nyears + 1;
    else {
        char *end;
        const long y = strtol(year_label, &end, 10);
        if (end == year_label || *end)
            return -1;
        col = (int)(y - res->sc->sim.start_year);
        if (col < 0 || col >= res->nyears)
            return -1;
    }
    return col < res->ncols[series] ? col : -1;
}

double sf_stat_of_values(double *v, size_t n, int stat)
{
    if (n == 0)
        return 0.0;
    if (stat <= SF_STAT_SE) {
        sf_stats_moments m = {0, 0, 0};
        for (size_t i = 0; i < n; i++)
            sf_stats_moments_add(&m, v[i]);
        const double sd = sf_stats_moments_sd(&m);
        return stat == SF_STAT_MEAN ? m.mean : (stat == SF_STAT_SD ? sd : sd / sqrt((double)n));
    }
    double q, cv;
    if (stat <= SF_STAT_P999) {
        sf_stats_tail_summary(v, n, &sf_quantile_levels[stat - SF_STAT_P05], 1, &q, NULL, 0, &cv);
        return q;
    }
    const double a = stat == SF_STAT_CVAR95 ? 0.95 : 0.99;
    sf_stats_tail_summary(v, n, NULL, 0, &q, &a, 1, &cv);
    return cv;
}

int sf_compare_stat(const sf_result *a, int sa, const sf_result *b, int sb, int col, int stat, int nbatch,
                    double *va, double *vb, double *diff, double *se)
{
    if (a->npaths != b->npaths || sa < 0 || sb < 0 || stat < 0 || stat >= SF_NSTATS)
        return SF_EINVAL;
    const long n = a->npaths;
    const sf_stat *x = &a->stats[a->col0[sa] + (size_t)col];
    const sf_stat *y = &b->stats[b->col0[sb] + (size_t)col];
    *va = sf_stat_value(x, stat);
    *vb = sf_stat_value(y, stat);
    *diff = *vb - *va;
    if (stat == 0) {
        sf_stats_moments m = {0, 0, 0};
        for (long p = 0; p < n; p++)
            sf_stats_moments_add(&m, sf_result_value(b, sb, col, p) - sf_result_value(a, sa, col, p));
        *se = sf_stats_moments_sd(&m) / sqrt((double)n);
        return SF_OK;
    }
    if (nbatch < 2 || n < 2L * nbatch) {
        *se = NAN;
        return SF_OK;
    }
    const long bl = n / nbatch;
    double *u = malloc((size_t)bl * sizeof(double)), *w = malloc((size_t)bl * sizeof(double));
    if (!u || !w) {
        free(u);
        free(w);
        return SF_ENOMEM;
    }
    sf_stats_moments m = {0, 0, 0};
    for (int k = 0; k < nbatch; k++) {
        for (long i = 0; i < bl; i++) {
            u[i] = sf_result_value(a, sa, col, k * bl + i);
            w[i] = sf_result_value(b, sb, col, k * bl + i);
        }
        sf_stats_moments_add(&m, sf_stat_of_values(w, (size_t)bl, stat) - sf_stat_of_values(u, (size_t)bl, stat));
    }
    *se = sf_stats_moments_sd(&m) / sqrt((double)nbatch);
    free(u);
    free(w);
    return SF_OK;
}
