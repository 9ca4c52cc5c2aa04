/*
 * bridge.h — emergency bridge-loan (应急转贷) revolving fund (Art. 58). Durations in days;
 * money in CNY; fee rates per day (fee_daily, fee_daily_after); other rates are fractions.
 */
#ifndef SF_BRIDGE_H
#define SF_BRIDGE_H

#include "sf.h"

typedef enum sf_bridge_duration { SF_BRIDGE_FIXED = 0, SF_BRIDGE_UNIFORM = 1, SF_BRIDGE_GEOMETRIC = 2 } sf_bridge_duration;

typedef struct sf_bridge_params {
    int enabled;
    double capital;   /* C, the revolving fund's capital */
    double need_rate; /* share of eligible renewals that ask for a bridge */
    double advance_share, firm_cap;
    sf_bridge_duration duration;
    double duration_days, max_days;
    double fee_daily, fee_daily_after, fee_step_day;
    double refuse_prob, refuse_rho, recovery;
    double suspend_overdue_share;
    /* Internal, not an .ini key: 1 inside the capital-sizing re-runs of sf_bridge_size_capital, so
     * that the mechanism's extras do not start another sizing. */
    int sizing;
    /* Internal, not an .ini key: 1 makes the sizing re-run sf_simulate at every capital it tries
     * instead of replaying the portfolio's years drawn once (tests compare the two). */
    int sizing_rerun;
    /* Internal, not an .ini key: 1 runs the event simulation in every year, never the fast path
     * of years that cannot congest; 2 also keeps the release heap where fixed durations would
     * allow a first-in-first-out list (tests compare them). */
    int events_only;
} sf_bridge_params;

/* Days in the model's year: arrival instants are uniform on [0, SF_BRIDGE_DAYS_PER_YEAR). */
#define SF_BRIDGE_DAYS_PER_YEAR 365.0

/* Amount asked for by one request of a loan of amount A: min(A·advance_share, firm_cap) —
 * Lianyungang's rule of at most 95 % of the committed renewal (policy-parameters.md §3). */
double sf_bridge_request_amount(const sf_bridge_params *bp, double avg_amount);

/* Fee on one bridge of `amount` held `days` days: fee_daily a day up to fee_step_day, fee_daily_after
 * beyond (Lianyungang 2023: 0.2‰ within 5 days, 0.4‰ beyond). */
double sf_bridge_fee(const sf_bridge_params *bp, double amount, double days);

struct sf_scenario;
/* The smallest fund capital for which the mean bridge.rejection_rate of every year stays below
 * `target` (a fraction), found by bisection on capital to relative tolerance `rel_tol` with the
 * same random numbers (the scenario's seed, `paths` paths; `threads` 0 = OpenMP's default). Each
 * step is one sf_simulate run with only the bridge fund enabled. *capital is NaN when even
 * 2^40 times the scenario's capital does not reach the target. */
int sf_bridge_size_capital(const struct sf_scenario *sc, long paths, int threads, double target, double rel_tol,
                        double *capital, sf_err *err);

struct sf_mechanism;
extern const struct sf_mechanism sf_bridge_mechanism;

/* Internal, for tests and benchmarks: of the years a workspace of sf_bridge_mechanism has stepped
 * (*years), how many took the fast path (*fast), i.e. were proved free of rejections by the
 * congestion bound and computed without the event simulation. */
void sf_bridge_ws_counts(const void *ws, long *years, long *fast);

#endif
