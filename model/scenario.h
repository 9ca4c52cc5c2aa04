/*
 * scenario.h — the resolved scenario: every parameter of a run, as model structs.
 *
 * The loader in scenarios/ fills this from an .ini file and a segments or loan-book CSV and
 * validates every value; the model only reads it. Money in CNY, rates per year.
 */
#ifndef SF_SCENARIO_H
#define SF_SCENARIO_H

#include "mechanism.h"
#include "sf.h"

/* Every mechanism's model header, for its parameter type. */
#define SF_MECHANISM_HEADERS
#include "mechanisms.def"
#undef SF_MECHANISM_HEADERS

#define SF_NAME_MAX 64
#define SF_MAX_YEARS 60
/* values of economy.stress_sector: sectors x fixed years */
#define SF_MAX_STRESS_SECTOR 240
/* One limit per quantity, wherever it is given (an option, the .ini, --set): the option parser
 * and the loader both use these. Paths: 10^8 is the most whose per-path values of the
 * budget's cells fit a machine's memory in passes (--max-memory). */
#define SF_MAX_PATHS 100000000L
#define SF_MAX_THREADS 1024
#define SF_MAX_LIST 64

typedef enum sf_mode { SF_MODE_COHORT = 0, SF_MODE_LOAN = 1 } sf_mode;
typedef enum sf_copula { SF_COPULA_GAUSSIAN = 0, SF_COPULA_T = 1 } sf_copula;

typedef struct sf_simulation {
    char name[SF_NAME_MAX];
    int start_year;
    int years;          /* horizon H, 1..SF_MAX_YEARS */
    long paths;         /* default path count */
    unsigned long seed; /* 64-bit Philox key */
    sf_mode mode;
    double discount_rate;
    int recovery_lag; /* years between default and recovery cash */
    /* Importance sampling of the global factor (docs/engine.md): 0 off, 1 auto (a mean shift of
     * the innovations chosen from a pilot of importance_pilot plain paths for the upper
     * importance_tail of budget.total over the horizon). */
    int importance;
    double importance_tail;
    long importance_pilot;
} sf_simulation;

typedef struct sf_economy {
    double persistence;   /* phi of the AR(1) factors */
    double global_weight; /* w: Y = sqrt(w) G + sqrt(1-w) S_k */
    sf_copula copula;
    double t_dof;                 /* nu of the Student-t copula */
    double stress[SF_MAX_YEARS];  /* fixed G_t for the first nstress years */
    int nstress;
    /* Fixed sector factors S_{k,t}: each sector's values for its first nstress_sector / nsectors
     * years in turn, sectors in the order of sf_scenario.sectors (the loader checks the count). */
    double stress_sector[SF_MAX_STRESS_SECTOR];
    int nstress_sector;
    double lgd_cycle;   /* probit shift of the LGD mean per unit of -Y */
    double cny_per_eur; /* converts turnover_m to EUR m for the Basel SME adjustment */
    /* Fair value (model/subsidy.c): the market price of risk lambda shifts each PD to the
     * risk-neutral Phi(Phi^-1(pd) + lambda sqrt(rho)); flows are discounted at risk_free_rate,
     * simulation.discount_rate when blank: the list holds the value as given (at most one), and
     * sf_subsidy_risk_free_rate (model/subsidy.h) reads it. */
    double market_price_of_risk;
    double risk_free_rate_given[1];
    int nrisk_free_rate_given;
} sf_economy;

/* One segment: N loans of one size class, sector, product and bank, all of amount A.
 * A loan book is loaded as one segment per loan (loans = 1, maturity_year set). */
typedef struct sf_segment {
    char id[SF_NAME_MAX];
    sf_size size;
    int sector; /* index into sf_scenario.sectors */
    sf_product product;
    int bank; /* index into sf_scenario.banks */
    double loans;      /* N_1, a whole number */
    double avg_amount; /* A, CNY per loan (bullet) */
    double pd;         /* one-year unconditional PD */
    double lgd;        /* mean LGD */
    double tenor;      /* years, >= 1: maturing share 1/tenor a year */
    double rho;        /* asset correlation; NaN in the file = Basel IRB (resolved by the loader) */
    int rho_from_basel; /* 1 when rho was blank and the IRB formula set it */
    double lgd_sd, rate, growth, renew_rate;
    double guaranteed, insured, compensation_eligible, interest_subsidy, bridge_eligible;
    double turnover_m; /* CNY m; NaN when blank */
    int maturity_year; /* loan book: calendar year of maturity; 0 for segments */
    int line;          /* line in its CSV, for messages */
} sf_segment;

/* [portfolio] multipliers applied to every segment when the scenario is loaded (pd, lgd and rho
 * of each row; loans rounded to a whole number); 1 leaves the file as it is. They let a study
 * move the whole book at once (smefin sensitivity: portfolio.pd_scale, ...). */
typedef struct sf_portfolio_scales {
    double pd, lgd, rho, loans;
} sf_portfolio_scales;

typedef struct sf_budget_params {
    double appropriation[SF_MAX_YEARS]; /* per year; one value in the file is repeated */
    int nappropriation;                 /* 0 = none given (exceeds is then always 0) */
    double confidence;
} sf_budget_params;

typedef struct sf_scenario {
    char path[4096]; /* the .ini file as given */
    char segments_path[4096];
    char bases[8][1024]; /* the files this one builds on (`base = FILE`), nearest first */
    int nbases;
    int is_loan_book; /* portfolio.loans = FILE.csv */
    sf_portfolio_scales scale; /* portfolio.pd_scale, ...: already applied to segs */
    sf_simulation sim;
    sf_economy econ;

    sf_segment *segs;
    size_t nsegs;
    char (*sectors)[SF_NAME_MAX];
    int nsectors;
    char (*banks)[SF_NAME_MAX];
    int nbanks;

    /* One parameter section per mechanism, sc-><name> (model/mechanisms.def). */
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) sf_##name##_params name;
#include "mechanisms.def"
#undef SF_MECHANISM
    sf_budget_params budget;

    /* Provenance (the loader): per mechanism, in the order of model/mechanisms.def, the file of the
     * chain nearest the user's that names its section, by the header or a key — 0 the user's file,
     * d its base at depth d (sc->bases[d - 1]), SF_FROM_CLI a --set, SF_FROM_NONE no file; and the
     * same for the key portfolio.loans (SF_FROM_NONE without a loan book). */
    int mech_from[SF_NMECHANISMS];
    int loans_from;
} sf_scenario;

enum { SF_FROM_CLI = -1, SF_FROM_NONE = -2 };

/* 1 when mechanism m (its index in model/mechanisms.def) is inherited by a loan-book run: the
 * scenario has a loan book (portfolio.loans), the mechanism is enabled, and no file between the
 * user's and the one that names the loan book (that one included) nor any --set names its section
 * — it comes only from bases beyond the loan book's file (docs/scenario-format.md "Inherited
 * mechanisms"). The path it came from is sc->bases[sc->mech_from[m] - 1]. */
int sf_scenario_inherited(const sf_scenario *sc, int m);

/* Release what a loaded scenario owns (segments, name tables); the struct itself is the caller's. */
void sf_scenario_release(sf_scenario *sc);

/* Disable every mechanism but the one whose .ini section is `keep` (NULL: disable them all); the
 * kept one's `enabled` is left as it is. For studies of one mechanism alone: the portfolio's
 * draws do not depend on which mechanisms are on. */
void sf_scenario_keep_only(sf_scenario *sc, const char *keep);

/* The Contract defaults of every parameter are written once, in the loader's key tables:
 * sf_scenario_defaults() (scenarios/loader.h) applies them to a scenario built in code. */

#endif
