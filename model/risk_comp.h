/*
 * risk_comp.h — loan risk compensation pool (Art. 55). Money in CNY, shares as fractions.
 *
 * Definitions (issue 3): per loan, share = `share` (or the `size_tiers` share for the loan's
 * amount) + `uplift.<product>`, at most `share_cap`. Per bank and year, with the eligible NPL
 * ratio r = eligible principal in default / eligible performing balance, the compensable fraction
 * is f = max(0, min(r, corridor_high) - corridor_low) / r, and f = 0 when r > suspend_above
 * (suspend_basis = npl) or when the bank's NPL loss rate r x LGD exceeds it (suspend_basis = loss).
 * Claim = sum of share x principal x f, at most `loan_cap` per loan and `bank_cap` per bank and
 * year. The pool (pool_initial + appropriation each year) pays claims; what it cannot pay is
 * deferred (paid first next year) or pro-rated. Recoveries flow back pro rata to what it paid.
 */
#ifndef SF_RISK_COMP_H
#define SF_RISK_COMP_H

#include "sf.h"

#define SF_RISK_COMP_MAX_TIERS 16

typedef enum sf_risk_comp_shortfall { SF_RISK_COMP_DEFER = 0, SF_RISK_COMP_PRORATE = 1 } sf_risk_comp_shortfall;
/* What suspend_above is compared with: the bank's eligible NPL ratio (principal in default /
 * eligible balance) or its NPL loss rate (principal in default x LGD / eligible balance), as
 * Guangzhou's stop line ("annual NPL loss above 3 % of enrolled principal"). */
typedef enum sf_risk_comp_suspend_basis { SF_RISK_COMP_SUSPEND_NPL = 0, SF_RISK_COMP_SUSPEND_LOSS = 1 } sf_risk_comp_suspend_basis;

/* How the city budget funds the pool each year (`funding`): fixed — `appropriation` a year;
 * payg — `appropriation`, then a top-up of whatever the claims due exceed the pool by, so that no
 * claim waits; target — max(appropriation, target_balance − pool) at the start of the year, so
 * that the pool starts every year at target_balance at least. `pool_initial` is transferred in
 * the first year in each rule. */
typedef enum sf_risk_comp_funding {
    SF_RISK_COMP_FIXED = 0,
    SF_RISK_COMP_PAYG = 1,
    SF_RISK_COMP_TARGET = 2
} sf_risk_comp_funding;

typedef struct sf_risk_comp_params {
    int enabled;
    double share;     /* base share of NPL principal compensated */
    double share_cap; /* ceiling on share + uplift */
    int ntiers;       /* size_tiers: loans of amount <= tier_amount[i] get tier_share[i] */
    double tier_amount[SF_RISK_COMP_MAX_TIERS];
    double tier_share[SF_RISK_COMP_MAX_TIERS];
    double uplift[7]; /* per sf_product: uplift.<product> */
    double corridor_low, corridor_high, suspend_above;
    sf_risk_comp_suspend_basis suspend_basis; /* what suspend_above is compared with */
    double bank_cap; /* per bank and year, 0 = none */
    double loan_cap; /* per loan, 0 = none */
    double pool_initial;
    double appropriation; /* per year into the pool */
    sf_risk_comp_shortfall on_shortfall;
    sf_risk_comp_funding funding;
    double target_balance; /* funding = target: the pool's balance at the start of each year */
} sf_risk_comp_params;

/* Output series of the mechanism, in the order of its series table (out[k] of year_step). */
enum {
    SF_RISK_COMP_S_PAID = 0,    /* risk_comp.paid: what the pool paid this year (budget) */
    SF_RISK_COMP_S_RECOVERED,   /* risk_comp.recovered: recoveries back to the pool (budget, <= 0) */
    SF_RISK_COMP_S_POOL,        /* risk_comp.pool_balance at the end of the year (stock) */
    SF_RISK_COMP_S_SHORTFALL,   /* risk_comp.shortfall: claims due but unpaid at the end of the year (stock) */
    SF_RISK_COMP_S_CLAIMS,      /* risk_comp.claims: claims arising this year, after the caps */
    SF_RISK_COMP_S_SUPPORTED,   /* risk_comp.supported: eligible performing balance */
    SF_RISK_COMP_S_LOSS_RATE,   /* risk_comp.loss_rate: eligible credit loss / eligible balance */
    SF_RISK_COMP_S_SUSPENDED,   /* risk_comp.suspended_banks: banks above suspend_above (count) */
    SF_RISK_COMP_S_TREASURY,    /* risk_comp.treasury: the budget's transfers into the pool (pool_initial
                                   in the first year, the funding rule's transfer every year) */
    SF_RISK_COMP_S_DEFERRED,    /* risk_comp.deferred_net: claims of the year not paid in it (deferred, or
                                   cut by pro-rating) − deferred claims of earlier years paid in it */
    SF_RISK_COMP_S_CAP_BINDS,   /* risk_comp.cap_binds: 1 when claims due exceed the pool this year (its
                                   mean: the probability that the pool's cap binds in the year) */
    SF_RISK_COMP_S_INCURRED,    /* risk_comp.claims_incurred: paid + recovered + deferred_net, i.e.
                                   risk_comp.claims net of the recoveries back to the pool */
    SF_RISK_COMP_S_OBLIGATIONS, /* risk_comp.obligations_end: deferred claims still owed + the provision
                                   for the eligible loans outstanding (stock) */
    /* The stop line's effect, on the same paths (no draws): */
    SF_RISK_COMP_S_ANY_SUSPENDED,     /* risk_comp.any_suspended: 1 when a bank is suspended this year */
    SF_RISK_COMP_S_CLAIMS_NS,         /* risk_comp.claims_no_suspension: claims had no bank been suspended */
    SF_RISK_COMP_S_PAID_NS,           /* risk_comp.paid_no_suspension: what a pool paying those would pay */
    SF_RISK_COMP_S_RECOVERED_NS,      /* risk_comp.recovered_no_suspension: its recoveries (<= 0) */
    SF_RISK_COMP_S_SUSPENSION_EFFECT, /* risk_comp.suspension_effect: (paid + recovered) without the line
                                         minus with it; budget.total + this = the budget without it */
    SF_RISK_COMP_NSERIES
};

/* The compensated share of a loan of amount `amount` and product `product`: the tier share for
 * the smallest tier with tier_amount >= amount (or `share` when no tier applies) plus the
 * product's uplift, clipped to [0, share_cap]. Art. 55; tiers as in Guangzhou 40/30/20. */
double sf_risk_comp_loan_share(const sf_risk_comp_params *p, double amount, sf_product product);

/* The provision at the end of year py->year for the compensation-eligible loans outstanding
 * (py->n_next): per segment e·N_{t+1}·share·A·f_b·lgd × the expected defaults per loan over its
 * remaining life (runoff.h), net of the recoveries that flow back; f_b is the corridor fraction
 * at bank b's expected NPL ratio Σ e·N·A·pd / Σ e·N·A (suspended when it, or with suspend_basis =
 * loss the expected loss rate Σ e·N·A·pd·lgd / Σ e·N·A, is above suspend_above); loan_cap applies,
 * bank_cap and the pool's balance do not. bank_num, bank_den, bank_loss: workspaces of
 * max(1, nbanks) doubles. 0 when py->n_next is NULL. */
struct sf_portfolio_year;
struct sf_scenario;
double sf_risk_comp_provision(const struct sf_scenario *sc, const struct sf_portfolio_year *py, double *bank_num,
                              double *bank_den, double *bank_loss);

/* The compensable fraction f of a bank with eligible NPL ratio r (0 when r <= 0), with
 * suspend_basis = npl (0 when r > suspend_above). */
double sf_risk_comp_corridor_fraction(const sf_risk_comp_params *p, double r);

struct sf_mechanism;
extern const struct sf_mechanism sf_risk_comp_mechanism;

#endif
