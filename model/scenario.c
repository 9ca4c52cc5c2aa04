/*
 * scenario.c — the release of what a loaded scenario owns. The defaults of its parameters are
 * in the loader's key tables (scenarios/keys_*.c), applied by sf_scenario_defaults().
 */
#include "scenario.h"

#include "sim.h"

#include <stdlib.h>
#include <string.h>

void sf_scenario_keep_only(sf_scenario *sc, const char *keep)
{
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream)                                                \
    if (keep == NULL || strcmp(keep, section) != 0)                                                              \
        sc->name.enabled = 0;
#include "mechanisms.def"
#undef SF_MECHANISM
}

int sf_scenario_inherited(const sf_scenario *sc, int m)
{
    if (m < 0 || m >= SF_NMECHANISMS || !sc->is_loan_book || sc->loans_from == SF_FROM_NONE)
        return 0;
    if (sf_mechanisms[m] == NULL || !sf_mechanisms[m]->enabled(sc))
        return 0;
    return sc->mech_from[m] > sc->loans_from;
}

void sf_scenario_release(sf_scenario *sc)
{
    if (sc == NULL)
        return;
    free(sc->segs);
    free(sc->sectors);
    free(sc->banks);
    sc->segs = NULL;
    sc->nsegs = 0;
    sc->sectors = NULL;
    sc->nsectors = 0;
    sc->banks = NULL;
    sc->nbanks = 0;
}
