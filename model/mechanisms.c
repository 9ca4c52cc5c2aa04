/* The table of mechanisms, in the order their series appear in summary.csv. A new mechanism
 * adds one line here and touches no other mechanism. */
#include "sim.h"

const sf_mechanism *const sf_mechanisms[] = {
    &risk_comp_mechanism,
    &guarantee_mechanism,
    &insurance_mechanism,
    &interest_mechanism,
    &bridge_mechanism,
    &fund_mechanism,
    NULL /* sentinel: keeps the array non-empty while mechanisms land */
};
const size_t sf_nmechanisms = sizeof sf_mechanisms / sizeof sf_mechanisms[0] - 1;
