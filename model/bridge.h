/*
 * bridge.h — emergency bridge-loan (应急转贷) revolving fund (Art. 58). Durations in days.
 */
#ifndef SF_BRIDGE_H
#define SF_BRIDGE_H

typedef enum bridge_duration { BRIDGE_FIXED = 0, BRIDGE_UNIFORM = 1, BRIDGE_GEOMETRIC = 2 } bridge_duration;

typedef struct bridge_params {
    int enabled;
    double capital;
    double need_rate;
    double advance_share, firm_cap;
    bridge_duration duration;
    double duration_days, max_days;
    double fee_daily, fee_daily_after, fee_step_day;
    double refuse_prob, refuse_rho, recovery;
    double suspend_overdue_share;
} bridge_params;

struct sf_mechanism;
extern const struct sf_mechanism bridge_mechanism;

#endif
