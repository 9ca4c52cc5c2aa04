/*
 * mechanism.h — the one interface every public mechanism implements (Art. 55, 60, 64, 21/57,
 * 58, 54/62/63). The simulation driver calls, per thread: ws_alloc once; per path: path_init;
 * per year: year_step, which sees the portfolio's year and writes the mechanism's series.
 * A new mechanism is one model/<name>.c/.h pair plus its line in model/mechanisms.def, from
 * which the driver's table (model/mechanisms.c), its scenario field and its RNG stream id below
 * follow (docs/adding-a-mechanism.md).
 */
#ifndef SF_MECHANISM_H
#define SF_MECHANISM_H

#include "rng.h"
#include "sf.h"

#include <stddef.h>

struct sf_scenario;
struct sf_result;

/* The list of model/mechanisms.def as data, for the parts that walk it at run time (the label
 * tables, the report): per mechanism, in list order, its C name, .ini section, series prefix,
 * Articles and stream. SF_MECHANISM_INDEX_<name> is its index; SF_MECHANISM_SECTION(name) its
 * section name as an address constant, for static initialisers (sf_mechanism.name, the key
 * tables), so that the name is written once, in the list. */
enum {
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) SF_MECHANISM_INDEX_##name,
#include "mechanisms.def"
#undef SF_MECHANISM
    SF_NMECHANISMS
};
#define SF_SECTION_NAME_MAX 32
extern const char sf_mechanism_sections[SF_NMECHANISMS][SF_SECTION_NAME_MAX];
#define SF_MECHANISM_SECTION(name) (sf_mechanism_sections[SF_MECHANISM_INDEX_##name])

typedef struct sf_mechanism_info {
    const char *name;     /* C name, e.g. "risk_comp" */
    const char *section;  /* .ini section, e.g. "risk_compensation" */
    const char *prefix;   /* series prefix, e.g. "risk_comp" */
    const char *articles; /* Articles its labels cite, e.g. "55" */
    unsigned stream;      /* its RNG stream id */
} sf_mechanism_info;
extern const sf_mechanism_info sf_mechanism_list[SF_NMECHANISMS];
/* The entry of a mechanism by section, series prefix or C name, or NULL. */
const sf_mechanism_info *sf_mechanism_info_find(const char *name);

/* Each mechanism's RNG stream, SF_STREAM_<NAME>, with the id model/mechanisms.def gives it
 * (never renumbered: results depend on them). The core's streams are in rng.h. */
enum {
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) SF_STREAM_##NAME = (stream),
#include "mechanisms.def"
#undef SF_MECHANISM
};

/* Series flags. */
enum {
    SF_SERIES_BUDGET = 1u << 0,    /* a budget line (CNY, outflow positive), summed into budget.total */
    SF_SERIES_SUPPORTED = 1u << 1, /* financing supported by the mechanism (CNY), for Art. 56 */
    SF_SERIES_LOSSRATE = 1u << 2,  /* the mechanism's loss rate, for Art. 56 */
    SF_SERIES_STOCK = 1u << 3,     /* a stock (balance, capital): no `total`/`pv` rows even in CNY */
    SF_SERIES_TOTAL = 1u << 4,     /* the sum of every budget line (budget.total) */
    /* The three views of a year (issue 11; docs/mechanisms.md "Payouts, treasury, claims"). */
    SF_SERIES_TREASURY = 1u << 5,    /* what the city budget transfers to the mechanism in the year (CNY),
                                        summed into budget.treasury */
    SF_SERIES_CLAIMS = 1u << 6,      /* the mechanism's claims incurred in the year (CNY): its budget lines
                                        + the claims it could not pay this year − earlier ones paid now */
    SF_SERIES_DEFERRAL = 1u << 7,    /* claims incurred but not paid this year − earlier ones paid this
                                        year (CNY): added to the budget lines it gives budget.claims */
    SF_SERIES_OBLIGATIONS = 1u << 8, /* what the year leaves owed at its end (CNY, a stock), summed into
                                        budget.obligations_end */
    SF_SERIES_VIEW_SUM = 1u << 9     /* budget.treasury / budget.claims / budget.obligations_end: the sum
                                        of its view's lines over the mechanisms */
};

/* One output series. Units: "CNY", "count", "ratio", "share", "flag", "x" (multiple). Only CNY
 * series get `total` and `pv` rows. */
typedef struct sf_series_def {
    const char *name; /* e.g. "guarantee.fee_subsidy" — Contract names, never renamed */
    const char *unit;
    unsigned flags;
    const char *article; /* "55" etc.: the Article the line answers to, for labels */
} sf_series_def;

/* The portfolio's year t as the mechanisms see it: per segment arrays of length nseg.
 * Derived quantities: performing balance = n[s]·A, principal in default = defaults[s]·A,
 * loss = defaults[s]·A·lgd[s], with A = sc->segs[s].avg_amount. */
typedef struct sf_portfolio_year {
    int t;    /* 0-based year index */
    int year; /* calendar year */
    size_t nseg;
    double G;                 /* global factor G_t */
    const double *Y;          /* segment factor Y_t */
    const double *n;          /* performing loans at the start of the year, N_t */
    const double *defaults;   /* D_t */
    const double *lgd;        /* mean LGD of this year's defaults (0 when none) */
    const double *matured;    /* M_t; NULL unless a mechanism declares SF_NEEDS_FLOWS */
    const double *renewed;    /* R_t, always present */
    const double *originated; /* O_t; NULL unless a mechanism declares SF_NEEDS_FLOWS */
    const double *recovered;  /* CNY arriving this year from the defaults of year t - recovery_lag */
    /* The book the year leaves: N_{t+1}, performing loans at the start of the next year (after
     * defaults, maturities, renewals and new loans), and for a loan book's segments (maturity_year
     * > 0) the calendar year each one now matures in (0 for a cohort segment). Either may be NULL
     * (a hand-built year): the mechanisms then leave no provision on the outstanding book. */
    const double *n_next;
    const int *maturity;
    /* For the cohort accounting (model/subsidy.c): the conditional PD's probit
     * z = (threshold - sqrt(rho) Y) / sqrt(1 - rho), so p(Y) = Phi(z) (-inf when pd = 0), and
     * the maturing probability of a surviving loan this year (1/tenor, or 0/1 for a loan book).
     * NULL in a hand-built year. */
    const double *pd_probit;
    const double *maturing;
} sf_portfolio_year;

/* Extra named figures for run.json and the report (break-even fee, sizing answers, ...). */
#define SF_EXTRAS_MAX 512
typedef struct sf_extra {
    char key[64]; /* e.g. "guarantee.break_even_fee" */
    double value;
} sf_extra;
typedef struct sf_extras {
    sf_extra item[SF_EXTRAS_MAX];
    int n;
} sf_extras;
int sf_extras_add(sf_extras *ex, const char *key, double value);
/* Value of `key`, or NaN when absent. */
double sf_extras_get(const sf_extras *ex, const char *key);

typedef struct sf_mechanism {
    const char *name; /* its .ini section, e.g. "guarantee" */
    const char *article;
    const sf_series_def *series;
    size_t nseries;
    int (*enabled)(const struct sf_scenario *sc);
    /* A per-thread workspace sized for the scenario; NULL on out of memory. */
    void *(*ws_alloc)(const struct sf_scenario *sc);
    void (*ws_free)(void *ws);
    /* Reset the workspace to the state at the start of a path. */
    void (*path_init)(void *ws, const struct sf_scenario *sc);
    /* Advance one year. Writes this year's value of each of its series into out[0..nseries)
     * and adds to *sm_spend the part of its budget lines spent on small and micro firms. */
    void (*year_step)(void *ws, const struct sf_scenario *sc, const sf_portfolio_year *py, const sf_rng_ctx *rc,
                      double *out, double *sm_spend);
    /* Optional (may be NULL): figures computed after the run, for run.json and the report. */
    int (*extras)(const struct sf_scenario *sc, const struct sf_result *res, sf_extras *ex, sf_err *err);
    /* What the mechanism reads beyond the default view: SF_NEEDS_FLOWS for matured/originated,
     * SF_NEEDS_RENEWALS for renewed. */
    unsigned needs;
    /* The series whose per-path values extras() reads (sf_result_value), NULL-terminated; NULL
     * when it reads none. A run that re-simulates in passes to bound its memory keeps these
     * resident to the end; a value of any other series reads as NaN after such a run. */
    const char *const *path_series;
    /* Optional (may be NULL): the split by segment of this year's budget lines, for the risk
     * contributions by bank, size class and sector (contributions.csv, issue 12). Called right
     * after year_step of the same year and path, with the out[] it wrote; by_seg[0..nseg) is
     * zeroed by the driver. It sets by_seg[s] to the part of the sum of its SF_SERIES_BUDGET
     * values that is due to segment s. What it does not split (a line that serves the whole
     * book, or the whole mechanism when the hook is NULL) the driver reports as the member
     * "not_by_segment" of each dimension: the sum of the lines less the sum of by_seg. */
    void (*year_split)(void *ws, const struct sf_scenario *sc, const sf_portfolio_year *py, const double *out,
                       double *by_seg);
    /* Optional (may be NULL): the split by segment of this year's financing supported (its
     * SF_SERIES_SUPPORTED value), for the union of the mechanisms' financing
     * (the series budget.supported_lo/_hi, docs/mechanisms.md "Each yuan once"). Called right after
     * year_step of the same year and path, with the out[] it wrote; by_seg[0..nseg) is zeroed by
     * the driver. It sets by_seg[s] to the part of segment s's performing balance n_s·A_s the
     * mechanism supports (CNY, 0 <= by_seg[s] <= n_s·A_s), summing to the SUPPORTED value. NULL:
     * the mechanism's financing is not a part of the segments' bank loans (the bridge fund's
     * advances, the guidance fund's calls) and the union adds it whole. */
    void (*year_supported)(void *ws, const struct sf_scenario *sc, const sf_portfolio_year *py, const double *out,
                           double *by_seg);
} sf_mechanism;

/* sf_mechanism.needs */
enum {
    SF_NEEDS_FLOWS = 1u << 0,   /* reads matured/originated */
    SF_NEEDS_RENEWALS = 1u << 1 /* reads renewed; without such a mechanism the renewals are drawn only
                                   where the book needs them */
};

#endif
