/*
 * sim.h — the Monte Carlo driver: paths in parallel (OpenMP), per path the systematic factors,
 * the portfolio's years and every enabled mechanism; per series and year the statistics.
 * Results do not depend on the thread count: draws are keyed by (seed, stream, path, ...) and
 * sums run over fixed blocks of paths in a fixed order.
 */
#ifndef SF_SIM_H
#define SF_SIM_H

#include "mechanism.h"
#include "scenario.h"
#include "subsidy.h"

#include <signal.h>

#define SF_YEAR_TOTAL (-1) /* summary row over the horizon */
#define SF_YEAR_PV (-2)    /* summary row in present value at discount_rate */

#define SF_NOT_RESIDENT ((size_t)-1)

#define SF_NQUANT 6
extern const double sf_quantile_levels[SF_NQUANT]; /* 0.05 0.5 0.9 0.95 0.99 0.999 */
/* Where each level sits in sf_stat.q: read P95 as st->q[SF_Q95] or sf_stat_quantile(st, 0.95). */
enum { SF_Q05 = 0, SF_Q50 = 1, SF_Q90 = 2, SF_Q95 = 3, SF_Q99 = 4, SF_Q999 = 5 };

/* One row of summary.csv. */
typedef struct sf_stat {
    int series; /* index into sf_result.series */
    int year;   /* calendar year, SF_YEAR_TOTAL or SF_YEAR_PV */
    double mean, sd, se;
    double q[SF_NQUANT];
    double cvar95, cvar99;
} sf_stat;

typedef struct sf_run_opts {
    long paths;  /* 0: the scenario's simulation.paths */
    int threads; /* 0: OpenMP's default */
    void (*progress)(void *ud, long done, long total); /* optional; called from one thread */
    void *progress_ud;
    /* Memory for the run in bytes; 0: no limit. When the per-path values of every cell do not
     * fit, the run simulates all paths again for each group of cells (passes): the results are
     * the same, the time grows with the number of passes. */
    size_t max_memory;
    /* Optional: polled between paths; when it becomes non-zero (a signal handler sets it) the
     * run stops and returns SF_ECANCEL. */
    const volatile sig_atomic_t *cancel;
    /* Optional: 1 keeps every path's systematic factors in sf_result.factors (G_t and each
     * sector's S_{k,t}), for the reverse stress test; 0 (the default) stores nothing. */
    int keep_factors;
    /* Optional: called from one thread, with progress_ud, when the paths are done and the work
     * after them starts: "statistics", then "sizing" before each mechanism's figures (the
     * bridge fund's capital sizing reruns the simulation). `what` is a literal. */
    void (*phase)(void *ud, const char *what);
    /* Optional, with simulation.importance_sampling = auto: the shift of the global innovations
     * to use ([years] values) instead of one chosen from a pilot, so that two runs (the arms of
     * a compare) share it; NULL: the pilot chooses. Ignored when importance sampling is off. */
    const double *is_shift;
    /* Optional, with is_shift: the sectors' shifts ([nsectors][years]); NULL: none. */
    const double *is_shift_sector;
    /* Optional, with is_shift and the t copula: the mixing variable's scales ([years]); NULL: 1. */
    const double *is_mix_scale;
} sf_run_opts;

/* Loan mode (simulation.mode = loan) draws every loan of every year of every path. A run is
 * refused when its loan-years x paths exceed this (about 20 minutes on one core of the project
 * machine, at 1.1e-8 s per loan-year); cohort mode gives the same results within Monte Carlo
 * error at a cost per segment. */
#define SF_LOAN_MODE_MAX_LOAN_PATH_YEARS 1e11

/* What a run will take, known before its first path (sf_sim_estimate). */
typedef struct sf_run_estimate {
    long paths;
    int years;
    size_t nseries, ncells;
    size_t nkept;        /* series kept per path to the end (sf_series_kept_per_path) */
    int passes;          /* simulations of all paths (more than 1 when --max-memory binds) */
    double loan_years;   /* loans alive summed over the years of one path (the loan mode's work) */
    size_t memory_bytes; /* the per-path store, the block moments and the rest of the process */
    size_t store_bytes;  /* every cell's per-path values (what --keep-paths keeps in memory) */
    double seconds;      /* rough wall time on the run's threads, from the project machine's speed */
} sf_run_estimate;

/* Risk contributions (issue 12, contributions.csv): the Euler allocation of the mean, CVaR95 and
 * CVaR99 of the horizon budget.total (the payouts view) to each budget line and to each bank,
 * size class and sector: contribution = E[part | the total in the CVaR's tail] on the same paths,
 * the tail exactly the one summary.csv's CVaR averages (sf_stats_tail_weights). Within each
 * dimension the contributions add up to the total's statistic. A bank, size or sector's part is
 * what the mechanisms' year_split hooks attribute to its segments; the rest of each dimension is
 * the member SF_CONTRIB_NOT_BY_SEGMENT. */
enum { SF_CONTRIB_LINE = 0, SF_CONTRIB_BANK, SF_CONTRIB_SIZE, SF_CONTRIB_SECTOR, SF_CONTRIB_NDIM };
extern const char *const sf_contrib_dimension_names[SF_CONTRIB_NDIM]; /* line bank size sector */
enum { SF_CONTRIB_MEAN = 0, SF_CONTRIB_CVAR95, SF_CONTRIB_CVAR99, SF_CONTRIB_NSTAT };
extern const char *const sf_contrib_stat_names[SF_CONTRIB_NSTAT]; /* mean cvar95 cvar99 */
#define SF_CONTRIB_NOT_BY_SEGMENT "not_by_segment"
typedef struct sf_contrib_row {
    int dimension; /* SF_CONTRIB_LINE .. */
    char member[64]; /* a budget series' name, a bank's or sector's name, a size class, or not_by_segment */
    int stat;        /* SF_CONTRIB_MEAN .. */
    double contribution; /* CNY */
    double share;        /* of the total's statistic (0 when that is 0) */
} sf_contrib_row;

typedef struct sf_result {
    const sf_scenario *sc;
    long npaths;
    int nyears;
    int threads;
    double wall_seconds;
    size_t nseries;
    const sf_series_def **series; /* portfolio, each enabled mechanism, then budget */
    int *ncols;                   /* per series: years, + total and pv for CNY flows */
    size_t *col0;                 /* per series: index of its first cell */
    size_t ncells;
    size_t *alias;   /* per cell: itself, or the stored cell whose values + 0.0 are its values exactly
                        (total and pv of a one-year run, pv at a zero discount rate): not stored */
    int store_float; /* 1: per-path values kept as float (large runs), 0: as double */
    void *store;     /* [slot][path]: the resident cells' per-path values */
    size_t *slot;    /* per cell: its slot in store, or SF_NOT_RESIDENT */
    int npasses;     /* simulations of all paths the run took (1 unless memory-bounded) */
    sf_stat *stats;  /* one per cell, in cell order */
    size_t nstats;   /* the series' cells (summary.csv's rows); the cohort cells follow them */
    sf_extras extras;
    /* With sf_run_opts.keep_factors: nfactors = 1 + sectors, and factors[(path * nfactors + f) *
     * nyears + t] is factor f in year t of the path: f = 0 the global G_t, f = 1 + k sector k's
     * S_{k,t} (a segment's Y_t = sqrt(w) G_t + sqrt(1 - w) S_{k,t}, w = economy.global_weight).
     * Otherwise 0 and NULL. */
    int nfactors;
    double *factors;
    /* The per-path years of the series sf_series_kept_per_path names, for the folder's
     * forecast_paths.f32: float32 [kept series][year][path] over the first nkept_paths paths
     * (at most SF_KEPT_PATHS_MAX), recorded in the last pass, whatever --max-memory. */
    float *kept;
    size_t nkept_series;
    long nkept_paths;
    /* Cohort accounting (model/subsidy.h): its per-path cells are cells cohort0 .. ncells of the
     * store (kept to the last pass, not in summary.csv), summarised into subsidy.csv's rows. */
    size_t cohort0;
    sf_subsidy_layout subsidy_layout;
    sf_subsidy_row *subsidy;
    size_t nsubsidy;
    /* Importance sampling (simulation.importance_sampling = auto; docs/engine.md): is_on = 1,
     * the mean shift of the global factor's innovations per year, the pilot's paths (0 when
     * the shift was given), its threshold (the pilot's quantile of budget.total over the
     * horizon) and the effective sample size (sum w)^2 / sum w^2; weights[path] the likelihood
     * ratio of each path. Off: is_on = 0 and weights NULL (every weight 1). */
    int is_on;
    double is_alpha; /* the defensive mixture's share of unshifted paths (SF_IS_DEFENSIVE) */
    double is_shift[SF_MAX_YEARS];
    double *is_shift_sector; /* [nsectors_shift][years] the sector factors' shifts; NULL: none */
    int nsectors_shift;
    double is_mix_scale[SF_MAX_YEARS]; /* t copula: the mixing variable's scale s_t per year (1: none) */
    double *mixing;                    /* keep_factors with the t copula: [paths][years] W_t; else NULL */
    int is_levels;           /* the cross-entropy levels the pilot took (0 when the shift was given) */
    long is_pilot;
    double is_threshold;
    double is_ess;
    double *weights;
    /* Risk contributions: contrib[0..ncontrib), by dimension, member, stat. Members: the budget
     * lines, the banks, the size classes, the sectors, then not_by_segment; a row is a dimension's
     * member (ncontrib_rows). During the last pass each block of paths sums its paths' parts into
     * contrib_blocks[block][row] (the means); at the end the paths in the CVaR95 tail are
     * simulated again, alone, for the CVaRs (nothing per path is kept). */
    sf_contrib_row *contrib;
    size_t ncontrib;
    size_t ncontrib_members, ncontrib_rows;
    double *contrib_blocks;
} sf_result;

/* Importance sampling's defensive mixture: the probability that a path is drawn unshifted. */
#define SF_IS_DEFENSIVE 0.1
/* The cross-entropy search: the share of a level's pilot paths that set its threshold, and the
 * most levels it takes. */
#define SF_IS_CE_RHO 0.1
#define SF_IS_CE_LEVELS 4
/* The variance-minimising refinement's fixed-point steps. */
#define SF_IS_VM_ITERATIONS 200

/* The likelihood-ratio weight of a path: 1 without importance sampling. */
double sf_result_weight(const sf_result *res, long path);

void sf_run_opts_init(sf_run_opts *o);

/* The estimate of a run, without running it; SF_EINVAL when it cannot fit (--max-memory too
 * small; loan mode beyond SF_LOAN_MODE_MAX_LOAN_PATH_YEARS). sf_simulate and sf_sim_begin make
 * the same checks. */
int sf_sim_estimate(const sf_scenario *sc, const sf_run_opts *opts, sf_run_estimate *est, sf_err *err);

/* Run the scenario. On success *out is a new result (free with sf_result_free). */
int sf_simulate(const sf_scenario *sc, const sf_run_opts *opts, sf_result **out, sf_err *err);
void sf_result_free(sf_result *res);

/* The same run in steps, for a distributed front end (smefin-mpi):
 *   begin (plans the passes; pass 0 is current);
 *   per pass g: sf_sim_pass(g) for g > 0; run some of the blocks of paths (each rank its own
 *   share; the store and the block moments of the other blocks stay zero, so adding the ranks'
 *   buffers element by element merges them exactly); merge the store (and, after the last pass
 *   only, the block moments, which only the last pass accumulates); sf_sim_pass_stats on the
 *   merged store for every pass but the last;
 *   end: the last pass's statistics, the moments and the figures. */
typedef struct sf_sim sf_sim;
/* The per-path weights of an importance-sampled run (NULL when off): every pass writes the same
 * values, a distributed run adds the ranks' buffers once, after the first pass. */
double *sf_sim_weights(sf_sim *sim, size_t *count);
/* Their weighted block moments (NULL when off), accumulated in the last pass like the moments. */
double *sf_sim_wmoments(sf_sim *sim, size_t *count);
int sf_sim_begin(const sf_scenario *sc, const sf_run_opts *opts, sf_sim **out, sf_err *err);
size_t sf_sim_nblocks(const sf_sim *sim);
int sf_sim_npasses(const sf_sim *sim);
/* Make pass g current: its cells resident. The pass's first sf_sim_run_blocks zeroes the
 * resident values of the paths it does not run. */
void sf_sim_pass(sf_sim *sim, int g);
int sf_sim_run_blocks(sf_sim *sim, size_t b0, size_t b1, sf_err *err);
/* The current pass's per-path store (count values, float or double) and the block moments
 * (count doubles). */
void *sf_sim_store(sf_sim *sim, size_t *count, int *is_float);
double *sf_sim_moments(sf_sim *sim, size_t *count);
/* With keep_factors: the per-path factors (count doubles, sf_result.factors), NULL otherwise.
 * Every pass writes the paths it runs (the same values each pass) and leaves the others zero:
 * merge them once, after the last pass, by adding the ranks' buffers. */
double *sf_sim_factors(sf_sim *sim, size_t *count);
/* forecast_paths.f32's values (count floats), filled in the last pass only and zero for the paths
 * a rank does not run: merged like the moments. */
float *sf_sim_kept(sf_sim *sim, size_t *count);
/* The per-path horizon totals of the contributions' members (count doubles), filled in the last
 * pass only and zero for the paths a rank does not run: merged like the moments. */
double *sf_sim_contrib(sf_sim *sim, size_t *count);
/* Order statistics (quantiles, CVaR) of the current pass's cells. */
int sf_sim_pass_stats(sf_sim *sim, sf_err *err);
/* Finish: statistics and figures; frees sim (also on failure). */
int sf_sim_end(sf_sim *sim, sf_result **out, sf_err *err);
void sf_sim_free(sf_sim *sim);

/* Index of a series by name, or -1. */
int sf_result_series(const sf_result *res, const char *name);
/* The row of (series name, year) where year is calendar, SF_YEAR_TOTAL or SF_YEAR_PV; NULL if none. */
const sf_stat *sf_result_stat(const sf_result *res, const char *name, int year);

/* The quantile of st at `level`, one of sf_quantile_levels (0.05, 0.5, 0.9, 0.95, 0.99, 0.999);
 * NaN for any other level (the run computed no other). */
double sf_stat_quantile(const sf_stat *st, double level);
/* Value of one path: col is 0..H-1 for the years, H for total, H+1 for pv. */
double sf_result_value(const sf_result *res, int series, int col, long path);

/* The definition of a series any run can write (the portfolio's, every mechanism's, the
 * budget's) by name, or NULL. *section (may be NULL) receives the .ini section it belongs to:
 * its mechanism's, or "portfolio" / "budget" for the core's. */
const sf_series_def *sf_series_find(const char *name, const char **section);

/* 1 for a series whose per-path years every run keeps (sf_result.kept): the budget lines,
 * budget.total and the portfolio's loss, defaults and default rate. The results folder's
 * forecast_paths.f32 holds them, which `smefin reestimate` reads back. */
#define SF_KEPT_PATHS_MAX 100000L
int sf_series_kept_per_path(const sf_series_def *d);

/* The mechanisms, in output order (model/mechanisms.c). */
extern const sf_mechanism *const sf_mechanisms[];
extern const size_t sf_nmechanisms;

#endif
