/*
 * sim.c — the Monte Carlo driver. Paths are processed in fixed blocks; each block by one
 * thread, its paths in order. Moments are accumulated per block and merged in block order,
 * and every draw is keyed by (seed, stream, path, ...): the result is the same for any thread
 * count (and for any split of the blocks over MPI ranks).
 */
#include "sim.h"

#include "evaluation.h"
#include "guarantee.h"
#include "portfolio.h"
#include "stats.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

const double sf_quantile_levels[SF_NQUANT] = {0.05, 0.5, 0.9, 0.95, 0.99, 0.999};
static const double cvar_levels[2] = {0.95, 0.99};
const char *const sf_contrib_dimension_names[SF_CONTRIB_NDIM] = {"line", "bank", "size", "sector"};
const char *const sf_contrib_stat_names[SF_CONTRIB_NSTAT] = {"mean", "cvar95", "cvar99"};

#define BLOCK_PATHS 256
/* Per-path values are kept as double while they fit in this many bytes, else as float. */
#define STORE_DOUBLE_BYTES ((size_t)768 << 20)

/* The budget's series. budget.total is the payouts view; budget.treasury, budget.claims and
 * budget.obligations_end the other views of issue 11 (docs/mechanisms.md): the sums of the
 * mechanisms' lines flagged SF_SERIES_TREASURY, of budget.total and the SF_SERIES_DEFERRAL lines,
 * and of the SF_SERIES_OBLIGATIONS lines. */
enum {
    BUDGET_TOTAL = 0,
    BUDGET_EXCEEDS,
    BUDGET_SM_SPEND,
    BUDGET_TREASURY,
    BUDGET_CLAIMS,
    BUDGET_CLAIMS_EXCEEDS,
    BUDGET_OBLIGATIONS,
    BUDGET_SUP_LO,
    BUDGET_SUP_HI,
    BUDGET_NSERIES
};
static const sf_series_def budget_series[BUDGET_NSERIES] = {
    {"budget.total", "CNY", SF_SERIES_TOTAL, "53"},
    {"budget.exceeds_appropriation", "flag", 0, "53"},
    {"budget.small_micro_spend", "CNY", 0, "53"},
    {"budget.treasury", "CNY", SF_SERIES_TREASURY | SF_SERIES_VIEW_SUM, "53"},
    {"budget.claims", "CNY", SF_SERIES_CLAIMS | SF_SERIES_VIEW_SUM, "53"},
    {"budget.claims_exceed_appropriation", "flag", 0, "53"},
    {"budget.obligations_end", "CNY", SF_SERIES_OBLIGATIONS | SF_SERIES_STOCK | SF_SERIES_VIEW_SUM, "53"},
    /* The mechanisms' financing with each yuan once (docs/mechanisms.md "Each yuan once"): the
     * bounds of the union per segment-year, not flagged SF_SERIES_SUPPORTED (not summed again). */
    {"budget.supported_lo", "CNY", 0, "53"},
    {"budget.supported_hi", "CNY", 0, "53"},
};

const sf_series_def *sf_series_find(const char *name, const char **section)
{
    for (size_t i = 0; i < PORTFOLIO_NSERIES; i++)
        if (strcmp(sf_portfolio_series[i].name, name) == 0) {
            if (section)
                *section = "portfolio";
            return &sf_portfolio_series[i];
        }
    for (size_t i = 0; i < sf_nmechanisms; i++)
        for (size_t k = 0; k < sf_mechanisms[i]->nseries; k++)
            if (strcmp(sf_mechanisms[i]->series[k].name, name) == 0) {
                if (section)
                    *section = sf_mechanisms[i]->name;
                return &sf_mechanisms[i]->series[k];
            }
    for (size_t i = 0; i < BUDGET_NSERIES; i++)
        if (strcmp(budget_series[i].name, name) == 0) {
            if (section)
                *section = "budget";
            return &budget_series[i];
        }
    return NULL;
}

int sf_series_kept_per_path(const sf_series_def *d)
{
    return (d->flags & (SF_SERIES_BUDGET | SF_SERIES_TOTAL)) != 0 || strcmp(d->name, "portfolio.loss") == 0 ||
           strcmp(d->name, "portfolio.defaults") == 0 || strcmp(d->name, "portfolio.default_rate") == 0;
}

void sf_run_opts_init(sf_run_opts *o)
{
    memset(o, 0, sizeof *o);
}

int sf_extras_add(sf_extras *ex, const char *key, double value)
{
    for (int i = 0; i < ex->n; i++)
        if (strcmp(ex->item[i].key, key) == 0) {
            ex->item[i].value = value;
            return SF_OK;
        }
    if (ex->n >= SF_EXTRAS_MAX)
        return SF_ENOMEM;
    snprintf(ex->item[ex->n].key, sizeof ex->item[ex->n].key, "%s", key);
    ex->item[ex->n].value = value;
    ex->n++;
    return SF_OK;
}

double sf_extras_get(const sf_extras *ex, const char *key)
{
    for (int i = 0; i < ex->n; i++)
        if (strcmp(ex->item[i].key, key) == 0)
            return ex->item[i].value;
    return NAN;
}

static int is_flow_cny(const sf_series_def *d)
{
    return strcmp(d->unit, "CNY") == 0 && !(d->flags & SF_SERIES_STOCK);
}

/* The per-path store: aligned to 2 MB and marked for transparent huge pages. Each path writes
 * one value into every cell's column, so the writes stride across the whole store; huge pages
 * save most of the TLB misses and page faults that this costs with 4 kB pages. It is not zeroed
 * here: sf_sim_run_blocks writes every resident value of the paths it runs and zeroes the rest
 * (the other ranks' paths of a distributed run), so the pages are first touched by the threads
 * that fill them and a single-process run writes each value once. */
#define STORE_ALIGN ((size_t)2 << 20)
static void *store_alloc(size_t bytes)
{
    const size_t size = (bytes + STORE_ALIGN - 1) / STORE_ALIGN * STORE_ALIGN;
    void *p = aligned_alloc(STORE_ALIGN, size ? size : STORE_ALIGN);
    if (p == NULL)
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, size, MADV_HUGEPAGE); /* advice only: without it the store still works */
#endif
    return p;
}

double sf_result_weight(const sf_result *res, long path)
{
    return res->weights != NULL ? res->weights[path] : 1.0;
}

void sf_result_free(sf_result *res)
{
    if (res == NULL)
        return;
    free(res->series);
    free(res->ncols);
    free(res->col0);
    free(res->alias);
    free(res->store);
    free(res->slot);
    free(res->stats);
    free(res->factors);
    free(res->weights);
    free(res->is_shift_sector);
    free(res->mixing);
    free(res->kept);
    free(res->subsidy);
    free(res->contrib);
    free(res->contrib_blocks);
    free(res);
}

int sf_result_series(const sf_result *res, const char *name)
{
    for (size_t i = 0; i < res->nseries; i++)
        if (strcmp(res->series[i]->name, name) == 0)
            return (int)i;
    return -1;
}

double sf_stat_quantile(const sf_stat *st, double level)
{
    for (int k = 0; k < SF_NQUANT; k++)
        if (level == sf_quantile_levels[k])
            return st->q[k];
    return NAN;
}

const sf_stat *sf_result_stat(const sf_result *res, const char *name, int year)
{
    const int s = sf_result_series(res, name);
    if (s < 0)
        return NULL;
    int col;
    if (year == SF_YEAR_TOTAL)
        col = res->nyears;
    else if (year == SF_YEAR_PV)
        col = res->nyears + 1;
    else
        col = year - res->sc->sim.start_year;
    if (col < 0 || col >= res->ncols[s])
        return NULL;
    return &res->stats[res->col0[s] + (size_t)col];
}

static double store_get(const sf_result *res, size_t cell, long path)
{
    if (res->alias[cell] != cell) /* + 0.0: a sum that starts at 0.0 is never -0.0 */
        return store_get(res, res->alias[cell], path) + 0.0;
    const size_t k = res->slot[cell];
    if (k == SF_NOT_RESIDENT)
        return NAN;
    const size_t i = k * (size_t)res->npaths + (size_t)path;
    return res->store_float ? (double)((const float *)res->store)[i] : ((const double *)res->store)[i];
}

double sf_result_value(const sf_result *res, int series, int col, long path)
{
    if (series < 0 || (size_t)series >= res->nseries || col < 0 || col >= res->ncols[series] || path < 0 ||
        path >= res->npaths)
        return NAN;
    return store_get(res, res->col0[series] + (size_t)col, path);
}

/* The last pass computes every cell of a path: its years of the kept series go to res->kept. */
static void kept_record(sf_result *res, const double *cell, size_t p)
{
    const size_t H = (size_t)res->nyears, np = (size_t)res->nkept_paths;
    size_t k = 0;
    for (size_t s = 0; s < res->nseries; s++) {
        if (!sf_series_kept_per_path(res->series[s]))
            continue;
        for (size_t y = 0; y < H; y++) {
            /* -0 is kept as +0: smefin-mpi adds the ranks' buffers (zero where a rank did not
             * run the path), and -0 + 0 = +0 would make the file depend on the rank count */
            const float v = (float)cell[res->col0[s] + y];
            res->kept[(k * H + y) * np + p] = v == 0.0f ? 0.0f : v;
        }
        k++;
    }
}

/* The contributions' members (sf_result.contrib): the budget lines in series order, the
 * banks, the size classes, the sectors, then not_by_segment. */
static size_t contrib_nlines(const sf_result *res)
{
    size_t n = 0;
    for (size_t s = 0; s < res->nseries; s++)
        n += (res->series[s]->flags & SF_SERIES_BUDGET) != 0;
    return n;
}
static size_t contrib_bank0(const sf_result *res)
{
    return contrib_nlines(res);
}
static size_t contrib_size0(const sf_result *res)
{
    return contrib_bank0(res) + (size_t)res->sc->nbanks;
}
static size_t contrib_sector0(const sf_result *res)
{
    return contrib_size0(res) + SF_NSIZES;
}
static size_t contrib_nbs(const sf_result *res)
{
    return contrib_sector0(res) + (size_t)res->sc->nsectors;
}

/* Row r's dimension and member: each dimension's members in order, bank, size and sector each
 * followed by not_by_segment. */
static size_t contrib_row_member(const sf_result *res, size_t r, int *dim)
{
    const size_t r0[SF_CONTRIB_NDIM] = {0, contrib_bank0(res), contrib_size0(res), contrib_sector0(res)};
    const size_t r1[SF_CONTRIB_NDIM] = {contrib_bank0(res), contrib_size0(res), contrib_sector0(res), contrib_nbs(res)};
    for (int d = 0; d < SF_CONTRIB_NDIM; d++) {
        const size_t n = r1[d] - r0[d] + (d != SF_CONTRIB_LINE);
        if (r < n) {
            *dim = d;
            return r < r1[d] - r0[d] ? r0[d] + r : contrib_nbs(res);
        }
        r -= n;
    }
    *dim = -1;
    return 0;
}

/* Per-thread state: everything a path needs, allocated once. */
typedef struct thread_ws {
    gsl_rng *r;
    portfolio_ws *pf;
    void **mws;   /* per enabled mechanism */
    double *rec;  /* [series][H] this path's values */
    double *cell; /* [ncells] this path's cells */
    sf_subsidy_ws *sub; /* cohort accounting; NULL when no mechanism has cohorts */
    double *split;      /* [nseg] a mechanism's year_split (or year_supported) of one year */
    double *sup_sum;    /* [nseg] the year's financing supported by segment, summed over the mechanisms */
    double *sup_max;    /* [nseg] and the largest mechanism's */
    double *cacc;       /* [ncontrib_members] this path's horizon totals of the contributions' members */
    double *vrow;       /* [ncontrib_rows] this path's part of each row, scaled to the path's total */
    /* the contributions' layout, worked out once (contrib_row_member, contrib_bank0 ... walk the
     * series list): each row's member and dimension, the first bank, size, sector member and
     * not_by_segment */
    size_t *crow_member;
    int *crow_dim;
    size_t cbank0, csize0, csector0, cnbs;
} thread_ws;

typedef struct run_plan {
    const sf_scenario *sc;
    const sf_mechanism *mech[16];
    size_t mech_series0[16]; /* index of each mechanism's first series */
    size_t nmech;
    int need_flows;         /* some mechanism reads matured/originated */
    unsigned char on[16];   /* the mechanisms this pass runs (those with a resident cell) */
    unsigned need;          /* PORTFOLIO_* flags for this pass's mechanisms */
    sf_subsidy_layout sub;  /* the cohort cells */
    int sub_on;             /* this pass keeps the cohort cells (the last pass) */
    int contrib_on;         /* this pass records the contributions' members (the last pass) */
} run_plan;

static void thread_ws_free(thread_ws *t, const run_plan *plan)
{
    if (t == NULL)
        return;
    gsl_rng_free(t->r);
    sf_portfolio_ws_free(t->pf);
    if (t->mws)
        for (size_t m = 0; m < plan->nmech; m++)
            if (t->mws[m])
                plan->mech[m]->ws_free(t->mws[m]);
    free(t->mws);
    free(t->rec);
    free(t->cell);
    free(t->split);
    free(t->sup_sum);
    free(t->sup_max);
    free(t->cacc);
    free(t->vrow);
    free(t->crow_member);
    free(t->crow_dim);
    sf_subsidy_ws_free(t->sub);
}

static int thread_ws_alloc(thread_ws *t, const run_plan *plan, const sf_result *res)
{
    memset(t, 0, sizeof *t);
    t->r = sf_rng_alloc();
    t->pf = sf_portfolio_ws_alloc(plan->sc);
    t->mws = calloc(plan->nmech ? plan->nmech : 1, sizeof(void *));
    t->rec = calloc(res->nseries * (size_t)res->nyears, sizeof(double));
    t->cell = calloc(res->ncells, sizeof(double));
    t->split = calloc(plan->sc->nsegs ? plan->sc->nsegs : 1, sizeof(double));
    t->sup_sum = calloc(plan->sc->nsegs ? plan->sc->nsegs : 1, sizeof(double));
    t->sup_max = calloc(plan->sc->nsegs ? plan->sc->nsegs : 1, sizeof(double));
    t->cacc = calloc(res->ncontrib_members ? res->ncontrib_members : 1, sizeof(double));
    t->vrow = calloc(res->ncontrib_rows ? res->ncontrib_rows : 1, sizeof(double));
    t->crow_member = calloc(res->ncontrib_rows ? res->ncontrib_rows : 1, sizeof(size_t));
    t->crow_dim = calloc(res->ncontrib_rows ? res->ncontrib_rows : 1, sizeof(int));
    if (!t->r || !t->pf || !t->mws || !t->rec || !t->cell || !t->split || !t->sup_sum || !t->sup_max || !t->cacc ||
        !t->vrow || !t->crow_member || !t->crow_dim)
        return SF_ENOMEM;
    for (size_t r = 0; r < res->ncontrib_rows; r++)
        t->crow_member[r] = contrib_row_member(res, r, &t->crow_dim[r]);
    t->cbank0 = contrib_bank0(res);
    t->csize0 = contrib_size0(res);
    t->csector0 = contrib_sector0(res);
    t->cnbs = contrib_nbs(res);
    sf_portfolio_set_shift(t->pf, res->is_on ? res->is_shift : NULL, res->is_on ? res->is_shift_sector : NULL,
                           res->is_on && plan->sc->econ.copula == SF_COPULA_T ? res->is_mix_scale : NULL, res->is_alpha);
    if (plan->sub.ncells > 0 && (t->sub = sf_subsidy_ws_alloc(plan->sc, &plan->sub)) == NULL)
        return SF_ENOMEM;
    for (size_t m = 0; m < plan->nmech; m++) {
        t->mws[m] = plan->mech[m]->ws_alloc(plan->sc);
        if (t->mws[m] == NULL)
            return SF_ENOMEM;
    }
    return SF_OK;
}

/* One path's part of each row (vrow), from its members' horizon totals (cacc): within each
 * dimension scaled by total / (the sum of its members), so that each dimension adds up to the
 * path's total exactly (they differ by rounding, or by a float store's rounding of the total). */
static void contrib_path_rows(thread_ws *t, const sf_result *res, double total)
{
    const double *cacc = t->cacc;
    double *vrow = t->vrow;
    size_t r = 0;
    while (r < res->ncontrib_rows) {
        const int d = t->crow_dim[r];
        const size_t r0 = r;
        double sum = 0.0;
        for (; r < res->ncontrib_rows && t->crow_dim[r] == d; r++)
            sum += cacc[t->crow_member[r]];
        const double k = sum != 0.0 ? total / sum : 1.0;
        for (size_t i = r0; i < r; i++)
            vrow[i] = cacc[t->crow_member[i]] * k;
    }
}

/* One mechanism's year for the contributions: its budget lines (the values the budget adds) to
 * their members, and the year_split of their sum to the segments' bank, size and sector; what
 * the split leaves is not by segment. *line is the member of its first budget line. */
static void contrib_year(thread_ws *t, const sf_mechanism *me, const sf_result *res, const sf_portfolio_year *py,
                         const double *mout, void *ws, size_t *line)
{
    const sf_scenario *sc = res->sc;
    double lines = 0.0;
    for (size_t k = 0; k < me->nseries; k++)
        if (me->series[k].flags & SF_SERIES_BUDGET) {
            const double v = isfinite(mout[k]) ? mout[k] : 0.0;
            t->cacc[(*line)++] += v;
            lines += v;
        }
    double split = 0.0;
    if (me->year_split != NULL) {
        for (size_t s = 0; s < sc->nsegs; s++)
            t->split[s] = 0.0;
        me->year_split(ws, sc, py, mout, t->split);
        const size_t b0 = t->cbank0, z0 = t->csize0, k0 = t->csector0;
        for (size_t s = 0; s < sc->nsegs; s++) {
            const double v = t->split[s];
            const sf_segment *sg = &sc->segs[s];
            if (v == 0.0 || !isfinite(v) || sg->bank < 0 || sg->bank >= sc->nbanks || sg->sector < 0 ||
                sg->sector >= sc->nsectors || (int)sg->size < 0 || sg->size >= SF_NSIZES)
                continue; /* what cannot be placed stays not by segment */
            t->cacc[b0 + (size_t)sg->bank] += v;
            t->cacc[z0 + (size_t)sg->size] += v;
            t->cacc[k0 + (size_t)sg->sector] += v;
            split += v;
        }
    }
    t->cacc[t->cnbs] += lines - split;
}

/* One mechanism's year for the union of the financing supported: its year_supported split into
 * the segments' sum and largest part, or, without the hook, its SF_SERIES_SUPPORTED value whole. */
static void supported_year(thread_ws *t, const sf_mechanism *me, const sf_scenario *sc, const sf_portfolio_year *py,
                           const double *mout, void *ws, double *whole)
{
    if (me->year_supported == NULL) {
        for (size_t k = 0; k < me->nseries; k++)
            if ((me->series[k].flags & SF_SERIES_SUPPORTED) && isfinite(mout[k]))
                *whole += mout[k];
        return;
    }
    for (size_t s = 0; s < sc->nsegs; s++)
        t->split[s] = 0.0;
    me->year_supported(ws, sc, py, mout, t->split);
    for (size_t s = 0; s < sc->nsegs; s++) {
        const double v = t->split[s];
        if (!(v > 0.0) || !isfinite(v))
            continue;
        t->sup_sum[s] += v;
        if (v > t->sup_max[s])
            t->sup_max[s] = v;
    }
}

/* One path: factors, the portfolio's years, the mechanisms, the budget; values into t->cell. */
static void run_path(thread_ws *t, const run_plan *plan, const sf_result *res, uint64_t path)
{
    const sf_scenario *sc = plan->sc;
    const int H = res->nyears;
    const uint64_t seed = sc->sim.seed;
    const size_t bser = res->nseries - BUDGET_NSERIES;
    const sf_rng_ctx rc = {t->r, seed, path};
    double mout[64];

    sf_portfolio_path_init(t->pf, sc, t->r, seed, path);
    for (size_t m = 0; m < plan->nmech; m++)
        if (plan->on[m])
            plan->mech[m]->path_init(t->mws[m], sc);
    const int cohorts = plan->sub_on && t->sub != NULL;
    if (cohorts)
        sf_subsidy_path_init(t->sub);
    if (plan->contrib_on)
        for (size_t j = 0; j < res->ncontrib_members; j++)
            t->cacc[j] = 0.0;

    for (int y = 0; y < H; y++) {
        sf_portfolio_year py;
        sf_portfolio_year_step(t->pf, sc, t->r, seed, path, y, plan->need, &py, mout);
        for (size_t k = 0; k < PORTFOLIO_NSERIES; k++)
            t->rec[k * (size_t)H + (size_t)y] = mout[k];
        double total = 0.0, sm = 0.0, treasury = 0.0, deferral = 0.0, owed = 0.0;
        double g_ration = 1.0, g_injection = 0.0;
        double sup_whole = 0.0; /* financing of mechanisms without year_supported: added whole */
        size_t cline = 0;
        for (size_t sg = 0; sg < sc->nsegs; sg++)
            t->sup_sum[sg] = t->sup_max[sg] = 0.0;
        for (size_t m = 0; m < plan->nmech; m++) {
            const sf_mechanism *me = plan->mech[m];
            if (!plan->on[m])
                continue;
            plan->mech[m]->year_step(t->mws[m], sc, &py, &rc, mout, &sm);
            if (me == &sf_guarantee_mechanism) { /* what the cohort accounting reads of the guarantee */
                const double gb = mout[SF_GUARANTEE_S_SUPPORTED], rationed = mout[SF_GUARANTEE_S_RATIONED];
                g_ration = gb + rationed > 0.0 ? gb / (gb + rationed) : 1.0;
                g_injection = mout[SF_GUARANTEE_S_INJECTION];
            }
            if (plan->contrib_on)
                contrib_year(t, me, res, &py, mout, t->mws[m], &cline);
            supported_year(t, me, sc, &py, mout, t->mws[m], &sup_whole);
            for (size_t k = 0; k < me->nseries; k++) {
                const double v = isfinite(mout[k]) ? mout[k] : 0.0;
                const unsigned fl = me->series[k].flags;
                t->rec[(plan->mech_series0[m] + k) * (size_t)H + (size_t)y] = v;
                if (fl & SF_SERIES_BUDGET)
                    total += v;
                if (fl & SF_SERIES_TREASURY)
                    treasury += v;
                if (fl & SF_SERIES_DEFERRAL)
                    deferral += v;
                if (fl & SF_SERIES_OBLIGATIONS)
                    owed += v;
            }
        }
        /* Art. 53: the budget is the sum of the lines, path by path. The claims view adds what the
         * pools could not pay this year less what they paid of earlier years' claims: when no pool
         * binds, deferral is 0.0 and budget.claims equals budget.total exactly. */
        const double claims = total + deferral;
        t->rec[(bser + BUDGET_TOTAL) * (size_t)H + (size_t)y] = total;
        const sf_budget_params *b = &sc->budget;
        const double appr = b->nappropriation > 0 ? b->appropriation[y < b->nappropriation ? y : b->nappropriation - 1] : 0.0;
        t->rec[(bser + BUDGET_EXCEEDS) * (size_t)H + (size_t)y] = (b->nappropriation > 0 && total > appr) ? 1.0 : 0.0;
        t->rec[(bser + BUDGET_SM_SPEND) * (size_t)H + (size_t)y] = sm;
        t->rec[(bser + BUDGET_TREASURY) * (size_t)H + (size_t)y] = treasury;
        t->rec[(bser + BUDGET_CLAIMS) * (size_t)H + (size_t)y] = claims;
        t->rec[(bser + BUDGET_CLAIMS_EXCEEDS) * (size_t)H + (size_t)y] =
            (b->nappropriation > 0 && claims > appr) ? 1.0 : 0.0;
        t->rec[(bser + BUDGET_OBLIGATIONS) * (size_t)H + (size_t)y] = owed;
        /* Each yuan once: per segment the union of the mechanisms' parts of its balance n·A lies
         * between the largest part and min(n·A, their sum); the model does not say how they
         * overlap (docs/mechanisms.md "Each yuan once"). */
        double lo = sup_whole, hi = sup_whole;
        for (size_t sg = 0; sg < sc->nsegs; sg++) {
            const double bal = py.n[sg] * sc->segs[sg].avg_amount;
            lo += t->sup_max[sg];
            hi += t->sup_sum[sg] < bal ? t->sup_sum[sg] : bal;
        }
        t->rec[(bser + BUDGET_SUP_LO) * (size_t)H + (size_t)y] = lo;
        t->rec[(bser + BUDGET_SUP_HI) * (size_t)H + (size_t)y] = hi;
        if (cohorts)
            sf_subsidy_year_step(t->sub, sc, &py, g_ration, g_injection);
    }
    if (cohorts)
        sf_subsidy_path_end(t->sub, sc, t->pf, t->r, path, t->cell + res->cohort0);

    /* Cells: the years, then the total and the present value (years discounted from start_year). */
    for (size_t s = 0; s < res->nseries; s++) {
        const double *v = t->rec + s * (size_t)H;
        double *c = t->cell + res->col0[s];
        double tot = 0.0, pv = 0.0, df = 1.0;
        for (int y = 0; y < H; y++) {
            c[y] = v[y];
            tot += v[y];
            pv += v[y] * df;
            df /= 1.0 + sc->sim.discount_rate;
        }
        if (res->ncols[s] > H) {
            c[H] = tot;
            c[H + 1] = pv;
        }
    }
}

static int plan_build(run_plan *plan, const sf_scenario *sc)
{
    memset(plan, 0, sizeof *plan);
    plan->sc = sc;
    for (size_t i = 0; i < sf_nmechanisms; i++) {
        const sf_mechanism *m = sf_mechanisms[i];
        if (m && m->enabled(sc)) {
            if (plan->nmech >= 16 || m->nseries > 64)
                return SF_EFAIL;
            plan->mech[plan->nmech++] = m;
            plan->need_flows |= (m->needs & SF_NEEDS_FLOWS) != 0;
        }
    }
    sf_subsidy_layout_init(&plan->sub, sc);
    return SF_OK;
}

static int result_layout(sf_result *res, run_plan *plan)
{
    size_t ns = PORTFOLIO_NSERIES + BUDGET_NSERIES;
    for (size_t m = 0; m < plan->nmech; m++)
        ns += plan->mech[m]->nseries;
    res->nseries = ns;
    res->series = calloc(ns, sizeof *res->series);
    res->ncols = calloc(ns, sizeof *res->ncols);
    res->col0 = calloc(ns, sizeof *res->col0);
    if (!res->series || !res->ncols || !res->col0)
        return SF_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < PORTFOLIO_NSERIES; i++)
        res->series[k++] = &sf_portfolio_series[i];
    for (size_t m = 0; m < plan->nmech; m++) {
        plan->mech_series0[m] = k;
        for (size_t i = 0; i < plan->mech[m]->nseries; i++)
            res->series[k++] = &plan->mech[m]->series[i];
    }
    for (size_t i = 0; i < BUDGET_NSERIES; i++)
        res->series[k++] = &budget_series[i];
    size_t c = 0;
    for (size_t s = 0; s < ns; s++) {
        res->col0[s] = c;
        res->ncols[s] = res->nyears + (is_flow_cny(res->series[s]) ? 2 : 0);
        c += (size_t)res->ncols[s];
    }
    /* The cohort cells follow the series' (model/subsidy.h). */
    res->cohort0 = c;
    res->subsidy_layout = plan->sub;
    c += plan->sub.ncells;
    res->ncells = c;
    res->nkept_series = 0;
    for (size_t s = 0; s < ns; s++)
        res->nkept_series += (size_t)sf_series_kept_per_path(res->series[s]);
    res->nkept_paths = res->npaths < SF_KEPT_PATHS_MAX ? res->npaths : SF_KEPT_PATHS_MAX;
    res->ncontrib_members = contrib_nbs(res) + 1;
    res->ncontrib_rows = contrib_nbs(res) + 3; /* not_by_segment in bank, size and sector */
    /* A cell that equals another + 0.0 on every path is not stored: with one year, total =
     * 0.0 + v and pv = 0.0 + v·1.0 equal the year's value v + 0.0; at a zero discount rate pv adds
     * the same terms as total in the same order. Its statistics are those of its source (+ 0.0). */
    res->alias = malloc((c ? c : 1) * sizeof *res->alias);
    if (res->alias == NULL)
        return SF_ENOMEM;
    for (size_t i = 0; i < c; i++)
        res->alias[i] = i;
    /* The cohort cells equal to another cohort cell on every path (model/subsidy.h). */
    for (size_t i = 0; i < plan->sub.ncells; i++)
        res->alias[res->cohort0 + i] = res->cohort0 + sf_subsidy_cell_source(&plan->sub, i);
    const int H = res->nyears;
    for (size_t s = 0; s < ns; s++) {
        if (res->ncols[s] <= H)
            continue;
        const size_t c0 = res->col0[s];
        if (H == 1) {
            res->alias[c0 + 1] = c0;
            res->alias[c0 + 2] = c0;
        } else if (res->sc->sim.discount_rate == 0.0) {
            res->alias[c0 + (size_t)H + 1] = c0 + (size_t)H;
        }
    }
    return SF_OK;
}

static void progress_tick(const sf_run_opts *o, long done, long total)
{
    if (o && o->progress)
        o->progress(o->progress_ud, done, total);
}

static void phase_tick(const sf_run_opts *o, const char *what)
{
    if (o && o->phase)
        o->phase(o->progress_ud, what);
}

/* The alpha-quantile (type 7) of one cell over all paths. */
static double cell_quantile(const sf_result *res, size_t cell, double alpha, double *tmp)
{
    double q, cv;
    if (res->weights != NULL) { /* tmp holds 2 npaths doubles then */
        sf_stats_wpoint *wp = (sf_stats_wpoint *)tmp;
        for (long p = 0; p < res->npaths; p++) {
            wp[p].x = store_get(res, cell, p);
            wp[p].w = res->weights[p];
        }
        sf_stats_wtail_summary(wp, (size_t)res->npaths, &alpha, 1, &q, NULL, 0, &cv);
        return q;
    }
    for (long p = 0; p < res->npaths; p++)
        tmp[p] = store_get(res, cell, p);
    sf_stats_tail_summary(tmp, (size_t)res->npaths, &alpha, 1, &q, NULL, 0, &cv);
    return q;
}

/* The budget needed at budget.confidence per year, over the horizon and in present value, the
 * quartiles for the fan chart, and the chance that the appropriation is exceeded in some year, of
 * one view: series `total` with its 0/1 flag `flag` (view_prob_extras); the keys are
 * budget.needed<infix>.<year|total|pv>, budget.<name>.p25.<year> / .p75.<year> and
 * budget.prob_exceeds_any_year<infix>. */
static void view_extras(sf_result *res, const char *total, const char *infix, double *tmp)
{
    const sf_scenario *sc = res->sc;
    const int H = res->nyears;
    const int bt = sf_result_series(res, total);
    char key[64];
    for (int c = 0; c < res->ncols[bt]; c++) {
        if (c < H)
            snprintf(key, sizeof key, "budget.needed%s.%d", infix, sc->sim.start_year + c);
        else
            snprintf(key, sizeof key, "budget.needed%s.%s", infix, c == H ? "total" : "pv");
        sf_extras_add(&res->extras, key, cell_quantile(res, res->col0[bt] + (size_t)c, sc->budget.confidence, tmp));
    }
    /* Quartiles for the report's fan chart (P25-P75 band). */
    for (int c = 0; c < H; c++) {
        snprintf(key, sizeof key, "%s.p25.%d", total, sc->sim.start_year + c);
        sf_extras_add(&res->extras, key, cell_quantile(res, res->col0[bt] + (size_t)c, 0.25, tmp));
        snprintf(key, sizeof key, "%s.p75.%d", total, sc->sim.start_year + c);
        sf_extras_add(&res->extras, key, cell_quantile(res, res->col0[bt] + (size_t)c, 0.75, tmp));
    }
}

static void view_prob_extras(sf_result *res, const char *flag, const char *infix)
{
    const sf_scenario *sc = res->sc;
    const int H = res->nyears;
    const int ex = sf_result_series(res, flag);
    char key[64];
    if (sc->budget.nappropriation > 0) {
        long any = 0;
        double wany = 0.0; /* importance sampling: sum of w over the paths that exceed */
        for (long p = 0; p < res->npaths; p++) {
            int hit = 0;
            for (int y = 0; y < H; y++)
                hit |= store_get(res, res->col0[ex] + (size_t)y, p) > 0.5;
            any += hit;
            if (hit && res->weights != NULL)
                wany += res->weights[p];
        }
        snprintf(key, sizeof key, "budget.prob_exceeds_any_year%s", infix);
        sf_extras_add(&res->extras, key, res->weights != NULL ? wany / (double)res->npaths : (double)any / (double)res->npaths);
    }
}

static int budget_extras(sf_result *res)
{
    const sf_scenario *sc = res->sc;
    const int H = res->nyears;
    const int bt = sf_result_series(res, "budget.total");
    const int sm = sf_result_series(res, "budget.small_micro_spend");
    double *tmp = malloc((size_t)res->npaths * (res->weights ? 2 : 1) * sizeof(double));
    if (tmp == NULL)
        return SF_ENOMEM;
    char key[64];
    sf_extras_add(&res->extras, "budget.confidence", sc->budget.confidence);
    /* The payouts view under the keys it always had; the claims view (the default of the report
     * and compare) under budget.needed.claims.*, budget.claims.p25.* and
     * budget.prob_exceeds_any_year.claims. */
    view_extras(res, "budget.total", "", tmp);
    if (sc->budget.nappropriation > 0)
        for (int y = 0; y < H; y++) {
            snprintf(key, sizeof key, "budget.appropriation.%d", sc->sim.start_year + y);
            sf_extras_add(&res->extras, key,
                          sc->budget.appropriation[y < sc->budget.nappropriation ? y : sc->budget.nappropriation - 1]);
        }
    view_prob_extras(res, "budget.exceeds_appropriation", "");
    view_extras(res, "budget.claims", ".claims", tmp);
    view_prob_extras(res, "budget.claims_exceed_appropriation", ".claims");
    /* What the plan leaves to the next one: the obligations at the end of the horizon. */
    const sf_stat *ob = sf_result_stat(res, "budget.obligations_end", sc->sim.start_year + H - 1);
    if (ob != NULL) {
        sf_extras_add(&res->extras, "budget.obligations_end.mean", ob->mean);
        sf_extras_add(&res->extras, "budget.obligations_end.p95", ob->q[SF_Q95]);
    }
    const sf_stat *tot = &res->stats[res->col0[bt] + (size_t)H];
    const sf_stat *smt = &res->stats[res->col0[sm] + (size_t)H];
    sf_extras_add(&res->extras, "budget.small_micro_share", tot->mean != 0.0 ? smt->mean / tot->mean : 0.0);
    double supported = 0.0;
    for (size_t s = 0; s < res->nseries; s++)
        if ((res->series[s]->flags & SF_SERIES_SUPPORTED) && res->ncols[s] > H)
            supported += res->stats[res->col0[s] + (size_t)H].mean;
    if (supported > 0.0) {
        sf_extras_add(&res->extras, "budget.financing_supported", supported);
        if (tot->mean != 0.0)
            sf_extras_add(&res->extras, "budget.multiplier", supported / tot->mean);
    }
    /* Each yuan once: the bounds of the union, over the horizon, and per yuan of budget. */
    const sf_stat *lo = sf_result_stat(res, "budget.supported_lo", SF_YEAR_TOTAL);
    const sf_stat *hi = sf_result_stat(res, "budget.supported_hi", SF_YEAR_TOTAL);
    if (supported > 0.0 && lo != NULL && hi != NULL) {
        sf_extras_add(&res->extras, "budget.financing_supported_lo", lo->mean);
        sf_extras_add(&res->extras, "budget.financing_supported_hi", hi->mean);
        if (tot->mean != 0.0) {
            sf_extras_add(&res->extras, "budget.multiplier_lo", lo->mean / tot->mean);
            sf_extras_add(&res->extras, "budget.multiplier_hi", hi->mean / tot->mean);
        }
    }
    free(tmp);
    return SF_OK;
}

/* A member's name: the budget series, the bank, the size class, the sector, or not_by_segment. */
static void contrib_member_name(const sf_result *res, size_t j, char *buf, size_t n)
{
    const sf_scenario *sc = res->sc;
    if (j < contrib_bank0(res)) {
        size_t k = 0;
        for (size_t s = 0; s < res->nseries; s++)
            if ((res->series[s]->flags & SF_SERIES_BUDGET) && k++ == j) {
                snprintf(buf, n, "%s", res->series[s]->name);
                return;
            }
    } else if (j < contrib_size0(res)) {
        snprintf(buf, n, "%s", sc->banks[j - contrib_bank0(res)]);
    } else if (j < contrib_sector0(res)) {
        snprintf(buf, n, "%s", sf_size_names[j - contrib_size0(res)]);
    } else if (j < contrib_nbs(res)) {
        snprintf(buf, n, "%s", sc->sectors[j - contrib_sector0(res)]);
    } else {
        snprintf(buf, n, "%s", SF_CONTRIB_NOT_BY_SEGMENT);
    }
}

struct sf_sim {
    run_plan plan;
    sf_result *res;
    sf_stats_moments *bm; /* [block][cell]; accumulated in the last pass */
    sf_stats_wmoments *wm; /* importance sampling: the same, weighted (else NULL) */
    size_t nblocks;
    const sf_run_opts *opts;
    double t0;
    size_t *order; /* the cells, pass after pass */
    size_t *pass0; /* [npasses + 1]: pass g keeps order[pass0[g] .. pass0[g + 1]) resident */
    int npasses, pass;
    size_t cap;     /* slots in the store: the largest pass */
    int stats_done; /* the current pass's order statistics are computed */
    int filled;     /* the current pass's store holds its paths (or zeros) everywhere */
};

void sf_sim_free(sf_sim *sim)
{
    if (sim == NULL)
        return;
    sf_result_free(sim->res);
    free(sim->bm);
    free(sim->wm);
    free(sim->order);
    free(sim->pass0);
    free(sim);
}

/* Memory a run takes besides the store: the block moments, one column of doubles per thread for
 * the order statistics, and the rest of the process (code, libraries, workspaces, scenario,
 * the figures' own buffers), which the baseline at 10^6 paths measured at about 6 MB. */
#define FIXED_BYTES ((size_t)24 << 20)

/* The contributions: the blocks' sums of the means and the chunks' sums of the CVaRs; the
 * column of the tail's selection at the end is one of the statistics' columns (in FIXED). */
#define CONTRIB_CHUNK_PATHS 4096
static size_t contrib_bytes(const sf_result *res)
{
    const size_t nb = ((size_t)res->npaths + BLOCK_PATHS - 1) / BLOCK_PATHS;
    const size_t nch = ((size_t)res->npaths + CONTRIB_CHUNK_PATHS - 1) / CONTRIB_CHUNK_PATHS;
    return (nb + 2 * nch) * res->ncontrib_rows * sizeof(double);
}

/* forecast_paths.f32's values, kept in memory during the run (float32). */
static size_t kept_bytes(const sf_result *res)
{
    return (size_t)res->nkept_paths * res->nkept_series * (size_t)res->nyears * sizeof(float);
}

static void pin_series(const sf_result *res, const char *name, unsigned char *pin)
{
    const int s = sf_result_series(res, name);
    if (s >= 0)
        memset(pin + res->col0[s], 1, (size_t)res->ncols[s]);
}

/* Which cells each pass keeps. One pass when every cell fits in max_memory. Otherwise the
 * cells whose per-path values are read after the statistics (the budget's, and each
 * mechanism's path_series) go to the last pass, so that they are resident at the end, and the
 * others are shared out over as few passes as fit. */
static int plan_passes(sf_sim *sim, size_t max_memory, sf_err *err)
{
    sf_result *res = sim->res;
    const size_t nc = res->ncells, npaths = (size_t)res->npaths;
    size_t nst = 0; /* the stored cells (not aliases) */
    for (size_t c = 0; c < nc; c++)
        nst += res->alias[c] == c;
    const size_t col = npaths * (res->store_float ? sizeof(float) : sizeof(double));
    size_t fixed = sim->nblocks * nc * sizeof(sf_stats_moments) + (size_t)res->threads * npaths * sizeof(double) +
                         kept_bytes(res) + contrib_bytes(res) + FIXED_BYTES;
    /* importance sampling: the weighted block moments, the weights, a second column per thread */
    const size_t is_bytes = res->sc->sim.importance ? sim->nblocks * nc * sizeof(sf_stats_wmoments) +
                                                          npaths * sizeof(double) * (1 + (size_t)res->threads)
                                                    : 0;
    fixed += is_bytes;
    sim->order = malloc((nc ? nc : 1) * sizeof *sim->order);
    sim->pass0 = malloc((nc + 2) * sizeof *sim->pass0);
    unsigned char *pin = calloc(nc ? nc : 1, 1);
    if (!sim->order || !sim->pass0 || !pin) {
        free(pin);
        return sf_err_set(err, SF_ENOMEM, "out of memory");
    }
    if (max_memory == 0 || fixed + nst * col <= max_memory) {
        size_t k = 0;
        for (size_t c = 0; c < nc; c++)
            if (res->alias[c] == c)
                sim->order[k++] = c;
        sim->npasses = 1;
        sim->pass0[0] = 0;
        sim->pass0[1] = nst;
        sim->cap = nst;
        free(pin);
        return SF_OK;
    }
    pin_series(res, "budget.total", pin);
    pin_series(res, "budget.exceeds_appropriation", pin);
    pin_series(res, "budget.claims", pin);
    pin_series(res, "budget.claims_exceed_appropriation", pin);
    /* like budget.total, a sum over every mechanism, which only the last pass runs all of */
    pin_series(res, "budget.small_micro_spend", pin);
    for (size_t m = 0; m < sim->plan.nmech; m++) {
        const char *const *ps = sim->plan.mech[m]->path_series;
        for (size_t i = 0; ps && ps[i]; i++)
            pin_series(res, ps[i], pin);
    }
    size_t npin = 0;
    for (size_t c = 0; c < nc; c++) {
        if (res->alias[c] != c)
            pin[c] = 3; /* an alias: resident with its source, never in a pass of its own */
        npin += pin[c] == 1;
    }
    const size_t cap = max_memory > fixed ? (max_memory - fixed) / col : 0;
    if (cap < npin + 1) {
        free(pin);
        const size_t need = (fixed + (npin + 1) * col + 999999) / 1000000;
        return sf_err_set(err, SF_EINVAL,
                          "max_memory: %zu MB is too small for %ld paths of this scenario; allowed: >= %zu MB",
                          max_memory / 1000000, res->npaths, need);
    }
    /* The cells that do not fit in the last pass beside the pinned ones, in equal groups. */
    const size_t early = nst - npin > cap - npin ? nst - npin - (cap - npin) : 0;
    const size_t ngroups = (early + cap - 1) / cap;
    size_t k = 0, g = 0;
    sim->pass0[0] = 0;
    for (size_t c = 0; c < nc && k < early; c++)
        if (!pin[c]) {
            sim->order[k++] = c;
            pin[c] = 2; /* placed */
            if (k == early * (g + 1) / ngroups)
                sim->pass0[++g] = k;
        }
    for (size_t c = 0; c < nc; c++)
        if (pin[c] != 2 && pin[c] != 3)
            sim->order[k++] = c;
    sim->npasses = (int)ngroups + 1;
    sim->pass0[sim->npasses] = nst;
    sim->cap = 0;
    for (int i = 0; i < sim->npasses; i++)
        if (sim->pass0[i + 1] - sim->pass0[i] > sim->cap)
            sim->cap = sim->pass0[i + 1] - sim->pass0[i];
    free(pin);
    return SF_OK;
}

int sf_sim_npasses(const sf_sim *sim)
{
    return sim->npasses;
}

void sf_sim_pass(sf_sim *sim, int g)
{
    sf_result *res = sim->res;
    for (size_t c = 0; c < res->ncells; c++)
        res->slot[c] = SF_NOT_RESIDENT;
    for (size_t i = sim->pass0[g]; i < sim->pass0[g + 1]; i++)
        res->slot[sim->order[i]] = i - sim->pass0[g];
    /* The last pass runs every mechanism: it holds the budget's cells and accumulates the
     * moments of every cell. An earlier pass runs the mechanisms that have a cell in it; they
     * draw from their own streams and read only the portfolio, so the others can be left out. */
    run_plan *plan = &sim->plan;
    /* The cohort accounting runs in a pass with a cohort cell and in the last; it reads the
     * guarantee's ration and injections, so the guarantee runs with it. */
    plan->sub_on = g == sim->npasses - 1;
    plan->contrib_on = g == sim->npasses - 1;
    for (size_t c = res->cohort0; c < res->ncells && !plan->sub_on; c++)
        plan->sub_on = res->slot[c] != SF_NOT_RESIDENT;
    /* The budget's cells sum over every mechanism: a pass with one of them runs them all. */
    int all_on = g == sim->npasses - 1;
    for (size_t c = res->col0[res->nseries - BUDGET_NSERIES]; c < res->cohort0 && !all_on; c++)
        all_on = res->slot[c] != SF_NOT_RESIDENT;
    for (size_t m = 0; m < plan->nmech; m++) {
        plan->on[m] = all_on || (plan->sub_on && plan->mech[m] == &sf_guarantee_mechanism);
        for (size_t k = 0; k < plan->mech[m]->nseries && !plan->on[m]; k++) {
            const size_t s = plan->mech_series0[m] + k;
            for (int c = 0; c < res->ncols[s]; c++)
                plan->on[m] |= res->slot[res->col0[s] + (size_t)c] != SF_NOT_RESIDENT;
        }
    }
    /* What the portfolio must give this pass's mechanisms: no renewals are drawn that none reads. */
    plan->need = plan->need_flows ? PORTFOLIO_NEED_FLOWS : 0u;
    int renewals = 0;
    for (size_t m = 0; m < plan->nmech; m++)
        renewals |= plan->on[m] && (plan->mech[m]->needs & SF_NEEDS_RENEWALS) != 0;
    if (!renewals)
        plan->need |= PORTFOLIO_RENEWALS_UNREAD;
    sim->filled = 0;
    sim->pass = g;
    sim->stats_done = 0;
}

/* Loans alive summed over the years of one path: each segment's book follows its target
 * loans x (1 + growth)^t. */
static double loan_years(const sf_scenario *sc)
{
    double n = 0.0;
    for (size_t s = 0; s < sc->nsegs; s++) {
        double target = sc->segs[s].loans;
        for (int t = 0; t < sc->sim.years; t++) {
            n += target;
            target *= 1.0 + sc->segs[s].growth;
        }
    }
    return n;
}

/* Everything sf_sim_begin decides before it allocates the store: the layout of the result,
 * the passes, and the checks that refuse a run that cannot fit. */
static int sim_plan(const sf_scenario *sc, const sf_run_opts *opts, sf_sim *sim, sf_err *err)
{
    sim->t0 = omp_get_wtime();
    sim->opts = opts;
    if (plan_build(&sim->plan, sc) != SF_OK)
        return sf_err_set(err, SF_EFAIL, "internal: too many mechanisms or series");
    sf_result *res = sim->res = calloc(1, sizeof *res);
    if (res == NULL)
        return sf_err_set(err, SF_ENOMEM, "out of memory");
    res->sc = sc;
    res->npaths = (opts && opts->paths > 0) ? opts->paths : sc->sim.paths;
    res->nyears = sc->sim.years;
    res->threads = (opts && opts->threads > 0) ? opts->threads : omp_get_max_threads();
    if (res->npaths > SF_MAX_PATHS || (opts && opts->threads > SF_MAX_THREADS))
        return sf_err_set(err, SF_EINVAL, "paths/threads: %ld paths, %d threads; allowed: at most %ld paths, %d threads",
                          res->npaths, res->threads, SF_MAX_PATHS, SF_MAX_THREADS);
    if (result_layout(res, &sim->plan) != SF_OK)
        return sf_err_set(err, SF_ENOMEM, "out of memory");
    if (sc->sim.mode == SF_MODE_LOAN) {
        const double work = loan_years(sc) * (double)res->npaths;
        if (work > SF_LOAN_MODE_MAX_LOAN_PATH_YEARS)
            return sf_err_set(err, SF_EINVAL,
                              "%s: simulation.mode: loan mode would draw %.3g loan-years x paths (%.3g loan-years x %ld "
                              "paths), above its limit of %.0e; use simulation.mode = cohort (the same results within "
                              "Monte Carlo error, at a cost per segment) or fewer paths",
                              sc->path, work, loan_years(sc), res->npaths, SF_LOAN_MODE_MAX_LOAN_PATH_YEARS);
    }
    const size_t npaths = (size_t)res->npaths;
    res->store_float = res->ncells * npaths * sizeof(double) > STORE_DOUBLE_BYTES;
    sim->nblocks = (npaths + BLOCK_PATHS - 1) / BLOCK_PATHS;
    const int rc = plan_passes(sim, opts ? opts->max_memory : 0, err);
    if (rc != SF_OK)
        return rc;
    res->npasses = sim->npasses;
    return SF_OK;
}

/* Seconds per unit of work on one core of the project machine (make bench): a path-year of a
 * segment with its mechanisms in cohort mode, a loan-year in loan mode. Rough on purpose. */
#define COHORT_SEGMENT_YEAR_SECONDS 1.5e-7
#define LOAN_YEAR_SECONDS 1.2e-8

int sf_sim_estimate(const sf_scenario *sc, const sf_run_opts *opts, sf_run_estimate *est, sf_err *err)
{
    memset(est, 0, sizeof *est);
    sf_sim *sim = calloc(1, sizeof *sim);
    if (sim == NULL)
        return sf_err_set(err, SF_ENOMEM, "out of memory");
    const int rc = sim_plan(sc, opts, sim, err);
    if (rc == SF_OK) {
        const sf_result *res = sim->res;
        const size_t npaths = (size_t)res->npaths;
        const size_t val = res->store_float ? sizeof(float) : sizeof(double);
        est->paths = res->npaths;
        est->years = res->nyears;
        est->nseries = res->nseries;
        est->ncells = res->ncells;
        for (size_t s = 0; s < res->nseries; s++)
            est->nkept += (size_t)sf_series_kept_per_path(res->series[s]);
        est->passes = sim->npasses;
        est->loan_years = loan_years(sc);
        est->store_bytes = res->ncells * npaths * val;
        est->memory_bytes = sim->cap * npaths * val + sim->nblocks * res->ncells * sizeof(sf_stats_moments) +
                            (size_t)res->threads * npaths * sizeof(double) + kept_bytes(res) + contrib_bytes(res) + FIXED_BYTES;
        const double per_path = sc->sim.mode == SF_MODE_LOAN
                                    ? est->loan_years * LOAN_YEAR_SECONDS
                                    : (double)(sc->nsegs ? sc->nsegs : 1) * res->nyears * (1.0 + (double)sim->plan.nmech) *
                                          COHORT_SEGMENT_YEAR_SECONDS;
        est->seconds = per_path * (double)res->npaths * sim->npasses / (res->threads > 0 ? res->threads : 1);
    }
    sf_sim_free(sim);
    return rc;
}

/* Series s's column of the total over the horizon (the year itself in a one-year run). */
static int horizon_col(const sf_result *res, int s)
{
    return res->ncols[s] > res->nyears ? res->nyears : 0;
}

/* Importance sampling: one pilot run of the cross-entropy search. The scenario under another key
 * (seed xor a fixed constant, so the pilot's draws are not the run's), `paths` paths, drawn with
 * the shift mu (global, [years]) and mu_s (sectors, [nsectors][years]) when mu is not NULL
 * (plain otherwise), keeping the factors. */
static int is_pilot_run(const sf_scenario *sc, const sf_run_opts *opts, int threads, const double *mu,
                        const double *mu_s, const double *sw, sf_result **out, sf_err *err)
{
    sf_scenario *pc = malloc(sizeof *pc);
    if (pc == NULL)
        return sf_err_set(err, SF_ENOMEM, "out of memory for the importance pilot");
    *pc = *sc;
    pc->sim.importance = mu != NULL;
    pc->sim.seed = sc->sim.seed ^ UINT64_C(0x9E3779B97F4A7C15);
    pc->bridge.sizing = 1; /* the pilot reads the paths' totals only, not the bridge fund's sizing figure */
    sf_run_opts po;
    sf_run_opts_init(&po);
    po.paths = sc->sim.importance_pilot;
    po.threads = threads;
    po.keep_factors = 1;
    po.cancel = opts ? opts->cancel : NULL;
    po.is_shift = mu;
    po.is_shift_sector = mu_s;
    po.is_mix_scale = sw;
    const int rc = sf_simulate(pc, &po, out, err);
    free(pc);
    return rc;
}

/* The cross-entropy update of a normal mean: mu = the weighted mean of the m points x (D values
 * each) with weights w; 0 when there are none. */
static void is_ce_update(const double *x, const double *w, long m, size_t D, double *mu)
{
    double ws = 0.0;
    for (size_t j = 0; j < D; j++)
        mu[j] = 0.0;
    for (long i = 0; i < m; i++) {
        ws += w[i];
        for (size_t j = 0; j < D; j++)
            mu[j] += w[i] * x[(size_t)i * D + j];
    }
    for (size_t j = 0; j < D; j++)
        mu[j] = ws > 0.0 ? mu[j] / ws : 0.0;
}

/* The variance-minimising shift, from the cross-entropy one (mu, in and out): the second moment
 * of the tail indicator's IS estimate under a shift nu is E_p[1 p/q_nu] = E_g[w 1 p/q_nu], its
 * sample form over the tail points (weights w = p/g of the pilot's own law)
 * V(nu) = sum_i w_i exp(|nu|^2/2 - nu.x_i), which is convex in nu; its minimum solves
 * nu = sum_i c_i x_i / sum_i c_i with c_i = w_i exp(-nu.x_i) (Rubinstein–Kroese 2004, sec. 5.6;
 * the defensive mixture's share is left out of the objective). A damped fixed-point iteration,
 * started at the cross-entropy mean; the exponents are taken relative to their largest, so
 * nothing overflows; a non-finite step leaves mu as it was. */
static void is_vm_update(const double *x, const double *w, long m, size_t D, double *mu)
{
    if (m < 2 * (long)D)
        return; /* too few points to fit D values */
    double *nu = malloc(D * sizeof(double)), *acc = malloc(D * sizeof(double));
    double *e = malloc((size_t)m * sizeof(double));
    if (nu == NULL || acc == NULL || e == NULL) {
        free(nu), free(acc), free(e);
        return;
    }
    memcpy(nu, mu, D * sizeof(double));
    int ok = 1;
    for (int it = 0; it < SF_IS_VM_ITERATIONS && ok; it++) {
        double emax = -INFINITY;
        for (long i = 0; i < m; i++) {
            double d = 0.0;
            for (size_t j = 0; j < D; j++)
                d += nu[j] * x[(size_t)i * D + j];
            e[i] = -d;
            if (w[i] > 0.0 && e[i] > emax)
                emax = e[i];
        }
        double cs = 0.0;
        for (size_t j = 0; j < D; j++)
            acc[j] = 0.0;
        for (long i = 0; i < m; i++) {
            const double ci = w[i] > 0.0 ? w[i] * exp(e[i] - emax) : 0.0;
            cs += ci;
            for (size_t j = 0; j < D; j++)
                acc[j] += ci * x[(size_t)i * D + j];
        }
        for (size_t j = 0; j < D && ok; j++) {
            const double v = 0.5 * nu[j] + 0.5 * acc[j] / cs;
            ok = cs > 0.0 && isfinite(v);
            if (ok)
                nu[j] = v;
        }
    }
    if (ok)
        memcpy(mu, nu, D * sizeof(double));
    free(nu), free(acc), free(e);
}

/* Importance sampling (docs/engine.md): the shift of the factors' innovations, given
 * (opts->is_shift, opts->is_shift_sector) or chosen by a multilevel cross-entropy search
 * (Rubinstein–Kroese 2004, ch. 3; de Boer et al. 2005) for the tail of budget.total over the
 * horizon: level 0 is a plain pilot; at each level the pilot's paths whose target is at least
 * gamma give the new shift, the weighted mean of their innovations (the cross-entropy update of
 * a normal mean, weights p/q of the level's own sampling law); gamma is the pilot's (unweighted)
 * quantile at 1 - SF_IS_CE_RHO, or the target itself — the pilot's weighted quantile at
 * 1 - importance_tail — once that is reached, which is the last level. Innovations come from the
 * kept factors: eta_1 = F_1, eta_t = (F_t - phi F_{t-1}) / sqrt(1 - phi^2), for the global factor
 * and each sector. Fixed years (economy.stress, stress_sector) keep a shift of 0. Every rank of
 * a distributed run makes the same pilots. */
static int is_setup(sf_sim *sim, const sf_scenario *sc, const sf_run_opts *opts, sf_err *err)
{
    sf_result *res = sim->res;
    const int H = res->nyears, K = sc->nsectors;
    res->is_on = 1;
    res->is_alpha = SF_IS_DEFENSIVE;
    res->weights = calloc((size_t)res->npaths, sizeof(double));
    sim->wm = calloc(sim->nblocks * res->ncells + 1, sizeof *sim->wm);
    res->is_shift_sector = calloc((size_t)(K > 0 ? K : 1) * (size_t)H, sizeof(double));
    res->nsectors_shift = K;
    if (res->weights == NULL || sim->wm == NULL || res->is_shift_sector == NULL)
        return sf_err_set(err, SF_ENOMEM, "out of memory for the importance weights");
    const int tcop = sc->econ.copula == SF_COPULA_T;
    for (int t = 0; t < H; t++)
        res->is_mix_scale[t] = 1.0;
    if (opts && opts->is_shift) {
        memcpy(res->is_shift, opts->is_shift, (size_t)H * sizeof(double));
        if (opts->is_shift_sector && K > 0)
            memcpy(res->is_shift_sector, opts->is_shift_sector, (size_t)K * (size_t)H * sizeof(double));
        if (opts->is_mix_scale && tcop)
            memcpy(res->is_mix_scale, opts->is_mix_scale, (size_t)H * sizeof(double));
        return SF_OK;
    }
    const double phi = sc->econ.persistence, c = sqrt(1.0 - phi * phi);
    const int nfix_s = K > 0 ? sc->econ.nstress_sector / K : 0;
    const size_t D = (size_t)(1 + K) * (size_t)H; /* factor f's year t at f * H + t; f 0 global */
    const long n = sc->sim.importance_pilot;
    double *mu = calloc(D, sizeof(double)), *xs = malloc((size_t)n * D * sizeof(double));
    double *xw = malloc((size_t)n * sizeof(double)), *xm = malloc((size_t)n * (size_t)H * sizeof(double));
    double sw[SF_MAX_YEARS];
    for (int t = 0; t < H; t++)
        sw[t] = 1.0;
    double *tot = malloc((size_t)n * sizeof(double)), *srt = malloc((size_t)n * sizeof(double));
    sf_stats_wpoint *wp = malloc((size_t)n * sizeof *wp);
    if (mu == NULL || xs == NULL || xw == NULL || xm == NULL || tot == NULL || srt == NULL || wp == NULL) {
        free(mu), free(xs), free(xw), free(xm), free(tot), free(srt), free(wp);
        return sf_err_set(err, SF_ENOMEM, "out of memory for the importance pilot");
    }
    int rc = SF_OK, level = 0, last = 0;
    const char *target = "budget.total";
    double thr = NAN;
    for (level = 0; level < SF_IS_CE_LEVELS && !last && rc == SF_OK; level++) {
        sf_result *pr = NULL;
        rc = is_pilot_run(sc, opts, res->threads, level ? mu : NULL, level ? mu + H : NULL, level && tcop ? sw : NULL,
                          &pr, err);
        if (rc != SF_OK)
            break;
        int bt = sf_result_series(pr, target);
        if (level == 0) {
            /* No mechanism spends (budget.total is 0 on every pilot path): the tail of the losses. */
            int spends = 0;
            for (long p = 0; p < pr->npaths && !spends; p++)
                spends = sf_result_value(pr, bt, horizon_col(pr, bt), p) != 0.0;
            if (!spends)
                target = "portfolio.loss", bt = sf_result_series(pr, target);
        }
        const int col = horizon_col(pr, bt);
        for (long p = 0; p < n; p++) {
            tot[p] = srt[p] = sf_result_value(pr, bt, col, p);
            wp[p].x = tot[p];
            wp[p].w = sf_result_weight(pr, p);
        }
        /* the target: the level-(1 - tail) quantile of the target under the plain law */
        const double level_t = 1.0 - sc->sim.importance_tail, level_rho = 1.0 - SF_IS_CE_RHO;
        double qt, gamma;
        sf_stats_wtail_summary(wp, (size_t)n, &level_t, 1, &qt, NULL, 0, NULL);
        sf_stats_tail_summary(srt, (size_t)n, &level_rho, 1, &gamma, NULL, 0, NULL);
        if (!(gamma < qt) || level == SF_IS_CE_LEVELS - 1)
            gamma = qt, last = 1;
        thr = gamma;
        /* the innovations of the paths at or above gamma, and their weights */
        long m = 0;
        for (long p = 0; p < n; p++) {
            if (!(tot[p] >= gamma))
                continue;
            const double *F = pr->factors + (size_t)p * (size_t)pr->nfactors * (size_t)H;
            double *x = xs + (size_t)m * D;
            for (int f = 0; f <= K; f++) {
                const double *g = F + (size_t)f * (size_t)H;
                for (int t = 0; t < H; t++) {
                    const int fixed = f == 0 ? t < sc->econ.nstress : t < nfix_s;
                    const double eta = t == 0 ? g[0] : (c > 0.0 ? (g[t] - phi * g[t - 1]) / c : 0.0);
                    x[(size_t)f * H + t] = fixed || (t > 0 && !(c > 0.0)) || !isfinite(eta) ? 0.0 : eta;
                }
            }
            if (tcop && pr->mixing)
                memcpy(xm + (size_t)m * (size_t)H, pr->mixing + (size_t)p * (size_t)H, (size_t)H * sizeof(double));
            xw[m++] = sf_result_weight(pr, p);
        }
        sf_result_free(pr);
        is_ce_update(xs, xw, m, D, mu);
        if (tcop) {
            /* the t copula's mixing variable W_t ~ Gamma(nu/2, 2/nu): the cross-entropy update of a
             * gamma scale at a fixed shape, s_t = the weighted mean of W_t over the tail paths */
            is_ce_update(xm, xw, m, (size_t)H, sw);
            for (int t = 0; t < H; t++)
                if (!(sw[t] > 0.0) || !isfinite(sw[t]))
                    sw[t] = 1.0;
        }
        if (last) {
            /* the variance-minimising refinement of the normal shift, the mixing scales held: each
             * tail point's weight times p/q of its mixing variables under the scales */
            if (tcop) {
                const double k = 0.5 * sc->econ.t_dof;
                for (long i = 0; i < m; i++) {
                    double l = 0.0;
                    for (int t = 0; t < H; t++)
                        l += k * log(sw[t]) - k * xm[(size_t)i * (size_t)H + t] * (1.0 - 1.0 / sw[t]);
                    xw[i] *= exp(l);
                }
            }
            is_vm_update(xs, xw, m, D, mu);
        }
    }
    if (rc == SF_OK) {
        memcpy(res->is_shift, mu, (size_t)H * sizeof(double));
        if (K > 0)
            memcpy(res->is_shift_sector, mu + H, (size_t)K * (size_t)H * sizeof(double));
        if (tcop)
            memcpy(res->is_mix_scale, sw, (size_t)H * sizeof(double));
        res->is_pilot = n * level;
        res->is_levels = level;
        res->is_threshold = thr;
    }
    free(mu), free(xs), free(xw), free(xm), free(tot), free(srt), free(wp);
    return rc;
}

int sf_sim_begin(const sf_scenario *sc, const sf_run_opts *opts, sf_sim **out, sf_err *err)
{
    *out = NULL;
    sf_sim *sim = calloc(1, sizeof *sim);
    if (sim == NULL)
        return sf_err_set(err, SF_ENOMEM, "out of memory");
    const int rc = sim_plan(sc, opts, sim, err);
    if (rc != SF_OK) {
        sf_sim_free(sim);
        return rc;
    }
    sf_result *res = sim->res;
    const size_t npaths = (size_t)res->npaths;
    res->store = store_alloc(sim->cap * npaths * (res->store_float ? sizeof(float) : sizeof(double)));
    res->slot = malloc((res->ncells ? res->ncells : 1) * sizeof *res->slot);
    res->stats = calloc(res->ncells, sizeof *res->stats);
    sim->bm = calloc(sim->nblocks * res->ncells, sizeof *sim->bm);
    res->kept = calloc(kept_bytes(res) ? kept_bytes(res) : 1, 1);
    /* zero for the blocks a rank does not run, so that the ranks' buffers add up exactly */
    res->contrib_blocks = calloc(sim->nblocks * res->ncontrib_rows + 1, sizeof(double));
    if (!res->store || !res->slot || !res->stats || !sim->bm || !res->kept || !res->contrib_blocks) {
        const long np = res->npaths;
        const size_t nc = res->ncells;
        sf_sim_free(sim);
        return sf_err_set(err, SF_ENOMEM, "out of memory for %ld paths x %zu cells", np, nc);
    }
    res->nstats = res->cohort0;
    if (sc->sim.importance) {
        const int irc = is_setup(sim, sc, opts, err);
        if (irc != SF_OK) {
            sf_sim_free(sim);
            return irc;
        }
    }
    if (opts && opts->keep_factors) {
        /* Zero for the paths a rank does not run, so that the ranks' buffers add up exactly. */
        res->nfactors = 1 + sc->nsectors;
        res->factors = calloc(npaths * (size_t)res->nfactors * (size_t)res->nyears + 1, sizeof(double));
        if (sc->econ.copula == SF_COPULA_T)
            res->mixing = calloc(npaths * (size_t)res->nyears + 1, sizeof(double));
        if (res->factors == NULL || (sc->econ.copula == SF_COPULA_T && res->mixing == NULL)) {
            const long np = res->npaths;
            sf_sim_free(sim);
            return sf_err_set(err, SF_ENOMEM, "out of memory for the factors of %ld paths", np);
        }
    }
    sf_sim_pass(sim, 0);
    *out = sim;
    return SF_OK;
}

size_t sf_sim_nblocks(const sf_sim *sim)
{
    return sim->nblocks;
}

void *sf_sim_store(sf_sim *sim, size_t *count, int *is_float)
{
    *count = (sim->pass0[sim->pass + 1] - sim->pass0[sim->pass]) * (size_t)sim->res->npaths;
    *is_float = sim->res->store_float;
    return sim->res->store;
}

double *sf_sim_factors(sf_sim *sim, size_t *count)
{
    const sf_result *res = sim->res;
    *count = res->factors ? (size_t)res->npaths * (size_t)res->nfactors * (size_t)res->nyears : 0;
    return res->factors;
}

float *sf_sim_kept(sf_sim *sim, size_t *count)
{
    *count = kept_bytes(sim->res) / sizeof(float);
    return sim->res->kept;
}

double *sf_sim_wmoments(sf_sim *sim, size_t *count)
{
    *count = sim->wm ? sim->nblocks * sim->res->ncells * (sizeof(sf_stats_wmoments) / sizeof(double)) : 0;
    return (double *)sim->wm;
}

double *sf_sim_weights(sf_sim *sim, size_t *count)
{
    *count = sim->res->weights ? (size_t)sim->res->npaths : 0;
    return sim->res->weights;
}

double *sf_sim_contrib(sf_sim *sim, size_t *count)
{
    *count = sim->nblocks * sim->res->ncontrib_rows;
    return sim->res->contrib_blocks;
}

double *sf_sim_moments(sf_sim *sim, size_t *count)
{
    *count = sim->nblocks * sim->res->ncells * 3;
    return (double *)sim->bm;
}

int sf_sim_run_blocks(sf_sim *sim, size_t b0, size_t b1, sf_err *err)
{
    sf_result *res = sim->res;
    const run_plan *plan = &sim->plan;
    const size_t npaths = (size_t)res->npaths;
    const size_t last = b1 * BLOCK_PATHS < npaths ? b1 * BLOCK_PATHS : npaths;
    const long total = (long)(b1 > b0 && last > b0 * BLOCK_PATHS ? last - b0 * BLOCK_PATHS : 0);
    const int moments = sim->pass == sim->npasses - 1;
    const size_t *cells = sim->order + sim->pass0[sim->pass];
    const size_t nres = sim->pass0[sim->pass + 1] - sim->pass0[sim->pass];
    const long before = total * sim->pass, all = total * sim->npasses;
    /* The first call of a pass zeroes the resident values of the paths it does not run, so that a
     * distributed run can add up the ranks' disjoint parts exactly (x + 0 = x), and a later call
     * of the pass (another range of blocks) overwrites its own paths. */
    if (!sim->filled) {
        const size_t p0 = b0 * BLOCK_PATHS < npaths ? b0 * BLOCK_PATHS : npaths, p1 = last > p0 ? last : p0;
        const size_t es = res->store_float ? sizeof(float) : sizeof(double);
        for (size_t i = 0; i < nres; i++) {
            char *col = (char *)res->store + i * npaths * es;
            memset(col, 0, p0 * es);
            memset(col + p1 * es, 0, (npaths - p1) * es);
        }
        sim->filled = 1;
    }
    const volatile sig_atomic_t *cancel = sim->opts ? sim->opts->cancel : NULL;
    int failed = 0, cancelled = 0;
    const int per_path = res->sc->sim.mode == SF_MODE_LOAN;
    long done = 0;
#pragma omp parallel num_threads(res->threads)
    {
        thread_ws tw;
        const int ok = thread_ws_alloc(&tw, plan, res) == SF_OK;
        if (!ok) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp barrier
        if (!failed) {
#pragma omp for schedule(dynamic, 1)
            for (size_t b = b0; b < b1; b++) {
                int stop;
#pragma omp atomic read
                stop = cancelled;
                if (stop)
                    continue;
                sf_stats_moments *m = sim->bm + b * res->ncells;
                const size_t p1 = (b + 1) * BLOCK_PATHS < npaths ? (b + 1) * BLOCK_PATHS : npaths;
                for (size_t p = b * BLOCK_PATHS; p < p1; p++) {
                    if (cancel && *cancel) { /* a read of one flag per path: loan-mode paths can be long */
#pragma omp atomic write
                        cancelled = 1;
                        break;
                    }
                    run_path(&tw, plan, res, (uint64_t)p);
                    const double w = res->weights ? sf_portfolio_weight(tw.pf) : 1.0;
                    if (res->weights)
                        res->weights[p] = w;
                    if (res->factors) {
                        const double *G, *S;
                        sf_portfolio_factors(tw.pf, &G, &S);
                        const size_t H = (size_t)res->nyears;
                        double *dst = res->factors + p * (size_t)res->nfactors * H;
                        memcpy(dst, G, H * sizeof(double));
                        if (res->nfactors > 1)
                            memcpy(dst + H, S, (size_t)(res->nfactors - 1) * H * sizeof(double));
                    }
                    if (res->mixing)
                        memcpy(res->mixing + p * (size_t)res->nyears, sf_portfolio_mixing(tw.pf),
                               (size_t)res->nyears * sizeof(double));
                    if (moments && !res->weights) /* an alias's moments are its source's */
                        for (size_t c = 0; c < res->ncells; c++)
                            if (res->alias[c] == c)
                                sf_stats_moments_add(&m[c], tw.cell[c]);
                    if (moments && res->weights) { /* importance sampling: weighted moments */
                        sf_stats_wmoments *wm = sim->wm + b * res->ncells;
                        for (size_t c = 0; c < res->ncells; c++)
                            if (res->alias[c] == c)
                                sf_stats_wmoments_add(&wm[c], tw.cell[c], w);
                    }
                    if (moments && p < (size_t)res->nkept_paths)
                        kept_record(res, tw.cell, p);
                    if (moments) { /* the means' sums of the block, in path order */
                        const int bt = (int)(res->nseries - BUDGET_NSERIES) + BUDGET_TOTAL;
                        double *cb = res->contrib_blocks + b * res->ncontrib_rows;
                        contrib_path_rows(&tw, res, tw.cell[res->col0[bt] + (size_t)res->nyears]);
                        for (size_t r = 0; r < res->ncontrib_rows; r++)
                            cb[r] += w * tw.vrow[r];
                    }
                    if (res->store_float)
                        for (size_t i = 0; i < nres; i++)
                            ((float *)res->store)[i * npaths + p] = (float)tw.cell[cells[i]];
                    else
                        for (size_t i = 0; i < nres; i++)
                            ((double *)res->store)[i * npaths + p] = tw.cell[cells[i]];
                    if (per_path) { /* a loan-mode path draws every loan: progress path by path */
                        long d;
#pragma omp atomic capture
                        d = ++done;
                        if (omp_get_thread_num() == 0)
                            progress_tick(sim->opts, before + (d < total ? d : total), all);
                    }
                }
                if (!per_path) {
                    long d;
#pragma omp atomic capture
                    d = done += (long)(p1 - b * BLOCK_PATHS);
                    if (omp_get_thread_num() == 0)
                        progress_tick(sim->opts, before + (d < total ? d : total), all);
                }
            }
        }
        thread_ws_free(&tw, plan);
    }
    if (failed)
        return sf_err_set(err, SF_ENOMEM, "out of memory for the per-thread workspaces");
    if (cancelled)
        return sf_err_set(err, SF_ECANCEL, "cancelled");
    return SF_OK;
}

int sf_sim_pass_stats(sf_sim *sim, sf_err *err)
{
    sf_result *res = sim->res;
    const size_t npaths = (size_t)res->npaths;
    const size_t *cells = sim->order + sim->pass0[sim->pass];
    const size_t nres = sim->pass0[sim->pass + 1] - sim->pass0[sim->pass];
    int nomem = 0;
#pragma omp parallel num_threads(res->threads)
    {
        double *tmp = malloc(npaths * (res->weights ? 2 : 1) * sizeof(double));
        if (tmp == NULL) {
#pragma omp atomic write
            nomem = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (size_t i = 0; i < nres; i++) {
            if (tmp == NULL)
                continue;
            sf_stat *st = &res->stats[cells[i]];
            double cv[2];
            if (res->weights) {
                /* importance sampling: weighted order statistics */
                sf_stats_wpoint *wp = (sf_stats_wpoint *)tmp;
                for (size_t p = 0; p < npaths; p++) {
                    wp[p].x = store_get(res, cells[i], (long)p);
                    wp[p].w = res->weights[p];
                }
                sf_stats_wtail_summary(wp, npaths, sf_quantile_levels, SF_NQUANT, st->q, cvar_levels, 2, cv);
            } else {
                for (size_t p = 0; p < npaths; p++)
                    tmp[p] = store_get(res, cells[i], (long)p);
                sf_stats_tail_summary(tmp, npaths, sf_quantile_levels, SF_NQUANT, st->q, cvar_levels, 2, cv);
            }
            st->cvar95 = cv[0];
            st->cvar99 = cv[1];
        }
        free(tmp);
    }
    if (nomem)
        return sf_err_set(err, SF_ENOMEM, "out of memory for the statistics");
    /* An alias holds its source's values + 0.0 on every path: the selection compares and moves
     * them alike, so its order statistics are its source's + 0.0, and its CVaR (a sum from 0.0,
     * never -0.0, plus a multiple of a boundary value) is its source's. */
    for (size_t c = 0; c < res->ncells; c++) {
        const size_t a = res->alias[c];
        if (a == c || res->slot[a] == SF_NOT_RESIDENT)
            continue;
        const sf_stat *src = &res->stats[a];
        sf_stat *st = &res->stats[c];
        for (int k = 0; k < SF_NQUANT; k++)
            st->q[k] = src->q[k] + 0.0;
        st->cvar95 = src->cvar95 + 0.0;
        st->cvar99 = src->cvar99 + 0.0;
    }
    sim->stats_done = 1;
    return SF_OK;
}

/* The Euler allocation (sim.h). The means: the blocks' sums in block order over the paths. The
 * CVaRs: the tail of the horizon budget.total as summary.csv's CVaR takes it, from the values that
 * CVaR read (sf_stats_tail_boundary); the paths in the CVaR95 tail (which holds the CVaR99's) are
 * simulated again — every draw is keyed by the path, so each gives the same values — and their
 * parts weighted by their tail weights are summed in fixed chunks of paths, merged in order: the
 * same for any thread and rank count (every rank simulates the whole tail again). */
static int contributions(sf_sim *sim)
{
    sf_result *res = sim->res;
    const size_t np = (size_t)res->npaths, nrow = res->ncontrib_rows;
    const int bt = (int)(res->nseries - BUDGET_NSERIES) + BUDGET_TOTAL;
    if (np == 0 || nrow == 0 || res->ncols[bt] <= res->nyears)
        return SF_OK;
    const size_t cell = res->col0[bt] + (size_t)res->nyears;
    const size_t nch = (np + CONTRIB_CHUNK_PATHS - 1) / CONTRIB_CHUNK_PATHS;
    double *x = malloc(np * sizeof *x), *acc = calloc(nch * nrow * 2, sizeof *acc);
    res->contrib = calloc(nrow * SF_CONTRIB_NSTAT, sizeof *res->contrib);
    if (!x || !acc || !res->contrib) {
        free(x);
        free(acc);
        return SF_ENOMEM;
    }
    double xb[2], share[2], mass[2];
    double *twt = NULL; /* importance sampling: each path's weight in the CVaR95 and CVaR99 tails */
    double wsum = 0.0;  /* importance sampling: the means are self-normalised, sum w x / sum w */
    if (res->weights != NULL) {
        twt = malloc(2 * np * sizeof *twt);
        for (size_t p = 0; p < np; p++) {
            x[p] = store_get(res, cell, (long)p);
            wsum += res->weights[p];
        }
        int ok = twt != NULL;
        for (int a = 0; a < 2 && ok; a++)
            ok = sf_stats_tail_weights(x, res->weights, np, cvar_levels[a], twt + (size_t)a * np, &mass[a]) == 0;
        if (!ok) {
            free(twt);
            free(x);
            free(acc);
            return SF_ENOMEM;
        }
    } else
        for (int a = 0; a < 2; a++) { /* sf_stats_tail_boundary rearranges x: filled for each */
            for (size_t p = 0; p < np; p++)
                x[p] = store_get(res, cell, (long)p);
            sf_stats_tail_boundary(x, np, cvar_levels[a], &xb[a], &share[a], &mass[a]);
        }
    free(x);
    run_plan *plan = &sim->plan;
    const int sub_on = plan->sub_on;
    plan->sub_on = 0; /* the cohort accounting reads the mechanisms, and nothing here reads it */
    int failed = 0;
#pragma omp parallel num_threads(res->threads)
    {
        thread_ws tw;
        const int ok = thread_ws_alloc(&tw, plan, res) == SF_OK;
        if (!ok) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp barrier
        if (!failed) {
#pragma omp for schedule(dynamic, 1)
            for (size_t c = 0; c < nch; c++) {
                double *ac = acc + c * nrow * 2;
                const size_t p1 = (c + 1) * CONTRIB_CHUNK_PATHS < np ? (c + 1) * CONTRIB_CHUNK_PATHS : np;
                for (size_t p = c * CONTRIB_CHUNK_PATHS; p < p1; p++) {
                    const double v = store_get(res, cell, (long)p);
                    double w[2];
                    for (int a = 0; a < 2; a++)
                        w[a] = twt ? twt[(size_t)a * np + p] : v > xb[a] ? 1.0 : v == xb[a] ? share[a] : 0.0;
                    if (!(w[0] > 0.0) && !(w[1] > 0.0))
                        continue;
                    run_path(&tw, plan, res, (uint64_t)p);
                    contrib_path_rows(&tw, res, v);
                    for (size_t r = 0; r < nrow; r++) {
                        ac[r * 2] += w[0] * tw.vrow[r];
                        ac[r * 2 + 1] += w[1] * tw.vrow[r];
                    }
                }
            }
        }
        thread_ws_free(&tw, plan);
    }
    plan->sub_on = sub_on;
    free(twt);
    if (failed) {
        free(acc);
        return SF_ENOMEM;
    }
    const sf_stat *st = &res->stats[cell];
    const double tot[SF_CONTRIB_NSTAT] = {st->mean, st->cvar95, st->cvar99};
    for (size_t r = 0; r < nrow; r++) {
        double sum[SF_CONTRIB_NSTAT] = {0.0, 0.0, 0.0};
        for (size_t b = 0; b < sim->nblocks; b++)
            sum[SF_CONTRIB_MEAN] += res->contrib_blocks[b * nrow + r];
        for (size_t c = 0; c < nch; c++) {
            sum[SF_CONTRIB_CVAR95] += acc[(c * nrow + r) * 2];
            sum[SF_CONTRIB_CVAR99] += acc[(c * nrow + r) * 2 + 1];
        }
        const double div[SF_CONTRIB_NSTAT] = {res->weights != NULL ? wsum : (double)np, mass[0], mass[1]};
        int d;
        const size_t j = contrib_row_member(res, r, &d);
        for (int k = 0; k < SF_CONTRIB_NSTAT; k++) {
            sf_contrib_row *row = &res->contrib[r * SF_CONTRIB_NSTAT + (size_t)k];
            row->dimension = d;
            contrib_member_name(res, j, row->member, sizeof row->member);
            row->stat = k;
            const double c = div[k] > 0.0 ? sum[k] / div[k] : 0.0;
            row->contribution = isfinite(c) ? c + 0.0 : 0.0;
            row->share = tot[k] != 0.0 && isfinite(row->contribution / tot[k]) ? row->contribution / tot[k] + 0.0 : 0.0;
        }
    }
    res->ncontrib = nrow * SF_CONTRIB_NSTAT;
    free(acc);
    return SF_OK;
}

int sf_sim_end(sf_sim *sim, sf_result **out, sf_err *err)
{
    *out = NULL;
    sf_result *res = sim->res;
    const sf_scenario *sc = res->sc;
    const size_t npaths = (size_t)res->npaths;
    const size_t nblocks = sim->nblocks;
    const sf_stats_moments *bm = sim->bm;

    /* Order statistics of the last pass's cells (those of the earlier passes are done), then
     * the moments merged in block order. */
    phase_tick(sim->opts, "statistics");
    if (!sim->stats_done) {
        const int rc = sf_sim_pass_stats(sim, err);
        if (rc != SF_OK) {
            sf_sim_free(sim);
            return rc;
        }
    }
    for (size_t c = 0; c < res->ncells; c++) {
        if (res->alias[c] != c)
            continue;
        sf_stat *st = &res->stats[c];
        if (res->weights) { /* importance sampling: the self-normalised mean, its delta-method se */
            sf_stats_wmoments acc = {0, 0, 0, 0, 0, 0, 0};
            for (size_t b = 0; b < nblocks; b++)
                sf_stats_wmoments_merge(&acc, &sim->wm[b * res->ncells + c]);
            st->mean = acc.mean;
            st->sd = sf_stats_wmoments_sd(&acc);
            st->se = sf_stats_wmoments_se(&acc);
            continue;
        }
        sf_stats_moments acc = {0, 0, 0};
        for (size_t b = 0; b < nblocks; b++)
            sf_stats_moments_merge(&acc, &bm[b * res->ncells + c]);
        st->mean = acc.mean;
        st->sd = sf_stats_moments_sd(&acc);
        st->se = st->sd / sqrt((double)npaths);
    }
    if (res->weights) {
        double sw = 0.0, sw2 = 0.0;
        for (size_t p = 0; p < npaths; p++) {
            sw += res->weights[p];
            sw2 += res->weights[p] * res->weights[p];
        }
        res->is_ess = sw2 > 0.0 ? sw * sw / sw2 : 0.0;
    }
    /* An alias's values + 0.0 move the Welford recurrences exactly as its source's: the same moments. */
    for (size_t c = 0; c < res->ncells; c++)
        if (res->alias[c] != c) {
            res->stats[c].mean = res->stats[res->alias[c]].mean;
            res->stats[c].sd = res->stats[res->alias[c]].sd;
            res->stats[c].se = res->stats[res->alias[c]].se;
        }
    for (size_t s = 0; s < res->nseries; s++)
        for (int c = 0; c < res->ncols[s]; c++) {
            sf_stat *st = &res->stats[res->col0[s] + (size_t)c];
            st->series = (int)s;
            st->year = c < res->nyears ? sc->sim.start_year + c : (c == res->nyears ? SF_YEAR_TOTAL : SF_YEAR_PV);
        }

    int rc = sf_subsidy_summarise(sc, &res->subsidy_layout, res->stats + res->cohort0, &res->subsidy, &res->nsubsidy);
    if (rc == SF_OK)
        rc = contributions(sim);
    if (rc == SF_OK)
        rc = budget_extras(res);
    if (rc == SF_OK) /* a loan book's inherited mechanisms (evaluation.h) */
        rc = sf_evaluation_inherited_extras(res);
    for (size_t m = 0; rc == SF_OK && m < sim->plan.nmech; m++)
        if (sim->plan.mech[m]->extras) {
            phase_tick(sim->opts, "sizing"); /* a mechanism's figures: the bridge fund's capital sizing */
            rc = sim->plan.mech[m]->extras(sc, res, &res->extras, err);
        }
    if (rc != SF_OK) {
        sf_sim_free(sim);
        return err && err->code ? err->code : sf_err_set(err, rc, "out of memory");
    }
    res->wall_seconds = omp_get_wtime() - sim->t0;
    sim->res = NULL;
    sf_sim_free(sim);
    *out = res;
    return SF_OK;
}

int sf_simulate(const sf_scenario *sc, const sf_run_opts *opts, sf_result **out, sf_err *err)
{
    sf_sim *sim;
    *out = NULL;
    int rc = sf_sim_begin(sc, opts, &sim, err);
    if (rc != SF_OK)
        return rc;
    const int np = sf_sim_npasses(sim);
    for (int g = 0; g < np && rc == SF_OK; g++) {
        if (g > 0)
            sf_sim_pass(sim, g);
        rc = sf_sim_run_blocks(sim, 0, sf_sim_nblocks(sim), err);
        if (rc == SF_OK && g + 1 < np)
            rc = sf_sim_pass_stats(sim, err);
    }
    if (rc != SF_OK) {
        sf_sim_free(sim);
        return rc;
    }
    return sf_sim_end(sim, out, err);
}
