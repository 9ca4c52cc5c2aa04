/*
 * compare.h — statistics by name, and differences between two runs that share their random
 * numbers (same seed and paths: common random numbers), with standard errors.
 */
#ifndef SF_COMPARE_H
#define SF_COMPARE_H

#include "sim.h"

/* Statistic names, in summary.csv order: mean sd se p05 p50 p90 p95 p99 p999 cvar95 cvar99,
 * and their indices (for sf_stat_value, sf_compare_stat and sf_stat_of_values). */
enum {
    SF_STAT_MEAN = 0,
    SF_STAT_SD,
    SF_STAT_SE,
    SF_STAT_P05,
    SF_STAT_P50,
    SF_STAT_P90,
    SF_STAT_P95,
    SF_STAT_P99,
    SF_STAT_P999,
    SF_STAT_CVAR95,
    SF_STAT_CVAR99
};
#define SF_NSTATS 11
extern const char *const sf_stat_names[SF_NSTATS];
int sf_stat_index(const char *name); /* -1 when unknown */
double sf_stat_value(const sf_stat *st, int stat);

/* The column of `series` for a year label: a calendar year, "total" or "pv"; -1 when none. */
int sf_result_col(const sf_result *res, int series, const char *year_label);

/* Statistic `stat` of the per-path values v[0..n) (v is rearranged). */
double sf_stat_of_values(double *v, size_t n, int stat);

/* stat(b) - stat(a) for one series column of two runs over the same paths. The standard error
 * of the mean difference is the sd of the per-path differences / sqrt(n); for the other
 * statistics it comes from batch means over `nbatch` contiguous batches of paths. */
int sf_compare_stat(const sf_result *a, int sa, const sf_result *b, int sb, int col, int stat, int nbatch,
                    double *va, double *vb, double *diff, double *se);

#endif
