/*
 * mechfx.h — the fixture the mechanism tests share: a hand-built scenario and portfolio year on
 * which one mechanism's ws_alloc / path_init / year_step / ws_free are called directly.
 */
#ifndef SF_TESTS_MECHFX_H
#define SF_TESTS_MECHFX_H

#include "mechanism.h"
#include "scenario.h"

#include <stddef.h>

#define MFX_NSEG_MAX 16
#define MFX_NBANKS_MAX 4
#define MFX_NSERIES_MAX 64

typedef struct mech_fixture {
    const sf_mechanism *mech;
    sf_scenario sc;
    sf_segment segs[MFX_NSEG_MAX];
    char banks[MFX_NBANKS_MAX][SF_NAME_MAX];
    double n[MFX_NSEG_MAX], d[MFX_NSEG_MAX], lgd[MFX_NSEG_MAX], rec[MFX_NSEG_MAX], zero[MFX_NSEG_MAX];
    sf_portfolio_year py;
    void *ws;
    double out[MFX_NSERIES_MAX];
    double sm;
} mech_fixture;

/* Zero the fixture, then wire it: `years` years from 2026, nseg segments (all fields zero),
 * nbanks banks (sc.banks NULL when 0), and a portfolio year of performing loans n, defaults d,
 * LGD lgd and recoveries rec; Y and the flows point to an all-zero array. The caller sets the
 * mechanism's parameters and the segments. */
void mfx_init(mech_fixture *f, const sf_mechanism *mech, size_t nseg, int years, int nbanks);
/* Allocate the workspace (asserted non-NULL) and start a path. */
void mfx_start(mech_fixture *f);
/* Year t: out = this year's series, sm = the small/micro spend (reset to 0 first). */
void mfx_step(mech_fixture *f, int t);
void mfx_end(mech_fixture *f);

#endif
