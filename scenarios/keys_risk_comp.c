/*
 * keys_risk_comp.c — the keys of [risk_compensation], the loan risk-compensation pool (Art. 55).
 *
 * To add a key: add its field to the section struct (model header), then one line to the table
 * below: its name as written in the .ini, the field, its default as text (NULL = required when
 * the section is enabled), its range (KEY_MIN_OPEN / KEY_MAX_OPEN exclude a bound) and flags. The
 * default is written here only (sf_scenario_defaults() applies the tables); add a line to
 * docs/scenario-format.md. A check that involves several keys goes into the
 * finish function. Nothing else changes: the loader, --set, run.json and parameters.csv follow
 * the table.
 */
#include "loader_internal.h"

#include <stdio.h>

_Static_assert(sizeof(sf_risk_comp_shortfall) == sizeof(int), "KEY_ENUM stores an int");
_Static_assert(sizeof(sf_risk_comp_suspend_basis) == sizeof(int), "KEY_ENUM stores an int");
_Static_assert(sizeof(sf_risk_comp_funding) == sizeof(int), "KEY_ENUM stores an int");
_Static_assert(sizeof(((sf_risk_comp_params *)0)->uplift) / sizeof(double) == SF_NPRODUCTS, "one uplift per product");

#define KEY_STRUCT sf_risk_comp_params
/* uplift.<product> in the order of sf_product (model/sf.h). */
#define UPLIFT(product, i) KEY_NUM("uplift." product, KEY_DOUBLE, uplift[i], "0", 0, 1, 0)
static const key_spec keys[] = {
    KEY_BOOLEAN("enabled", enabled, "true", KEY_ENABLED),
    KEY_NUM("share", KEY_DOUBLE, share, "0.3", 0, 1, 0),
    KEY_NUM("share_cap", KEY_DOUBLE, share_cap, "0.5", 0, 1, 0),
    /* AMOUNT:SHARE pairs, amounts increasing: a loan of at most AMOUNT CNY gets SHARE. */
    KEY_TIER_LIST("size_tiers", tier_amount, tier_share, ntiers, "", 0, 1),
    UPLIFT("first_loan", SF_FIRST_LOAN),
    UPLIFT("credit", SF_CREDIT),
    UPLIFT("ip_pledge", SF_IP_PLEDGE),
    UPLIFT("renewal", SF_RENEWAL),
    UPLIFT("secured", SF_SECURED),
    UPLIFT("supply_chain", SF_SUPPLY_CHAIN),
    UPLIFT("procurement_order", SF_PROCUREMENT_ORDER),
    KEY_NUM("corridor_low", KEY_DOUBLE, corridor_low, "0", 0, 1, 0),
    KEY_NUM("corridor_high", KEY_DOUBLE, corridor_high, "1", 0, 1, 0),
    KEY_NUM("suspend_above", KEY_DOUBLE, suspend_above, "1", 0, 1, 0),
    /* npl: suspend_above is an NPL ratio; loss: an NPL loss rate (principal in default x LGD). */
    KEY_CHOICE("suspend_basis", suspend_basis, "npl", "npl|loss"),
    KEY_NUM("bank_cap", KEY_DOUBLE, bank_cap, "0", 0, INFINITY, 0),
    KEY_NUM("loan_cap", KEY_DOUBLE, loan_cap, "0", 0, INFINITY, 0),
    KEY_NUM("pool_initial", KEY_DOUBLE, pool_initial, NULL, 0, INFINITY, 0),
    KEY_NUM("appropriation", KEY_DOUBLE, appropriation, NULL, 0, INFINITY, 0),
    KEY_CHOICE("on_shortfall", on_shortfall, "defer", "defer|prorate"),
    /* How the budget funds the pool (risk_comp.h): fixed appropriation, pay-as-you-go top-up or a
     * target balance at the start of each year. */
    KEY_CHOICE("funding", funding, "fixed", "fixed|payg|target"),
    KEY_NUM("target_balance", KEY_DOUBLE, target_balance, "0", 0, INFINITY, 0),
};
#undef UPLIFT
#undef KEY_STRUCT

static int finish(void *section, sf_scenario *sc, const char **key, char *why, size_t whylen)
{
    const sf_risk_comp_params *rc = section;
    (void)sc;
    if (rc->corridor_low > rc->corridor_high) {
        *key = "corridor_high";
        snprintf(why, whylen, "%g is below corridor_low = %g; the corridor needs corridor_low <= corridor_high",
                 rc->corridor_high, rc->corridor_low);
        return 1;
    }
    if (rc->funding == SF_RISK_COMP_TARGET && !(rc->target_balance > 0.0)) {
        *key = "target_balance";
        snprintf(why, whylen, "%g; funding = target needs the pool's target balance, > 0", rc->target_balance);
        return 1;
    }
    return 0;
}

SCENARIO_MECHANISM_SECTION(risk_comp, keys, finish);
