/* The shared mechanism test fixture (see mechfx.h). */
#include "mechfx.h"

#include <criterion/criterion.h>
#include <string.h>

void mfx_init(mech_fixture *f, const sf_mechanism *mech, size_t nseg, int years, int nbanks)
{
    cr_assert_leq(nseg, MFX_NSEG_MAX);
    cr_assert_leq(nbanks, MFX_NBANKS_MAX);
    cr_assert_leq(mech->nseries, MFX_NSERIES_MAX);
    memset(f, 0, sizeof *f);
    f->mech = mech;
    f->sc.sim.years = years;
    f->sc.sim.start_year = 2026;
    f->sc.segs = f->segs;
    f->sc.nsegs = nseg;
    f->sc.banks = nbanks > 0 ? f->banks : NULL;
    f->sc.nbanks = nbanks;
    f->py.nseg = nseg;
    f->py.n = f->n;
    f->py.defaults = f->d;
    f->py.lgd = f->lgd;
    f->py.recovered = f->rec;
    f->py.matured = f->py.renewed = f->py.originated = f->zero;
    f->py.Y = f->zero;
}

void mfx_start(mech_fixture *f)
{
    f->ws = f->mech->ws_alloc(&f->sc);
    cr_assert_not_null(f->ws);
    f->mech->path_init(f->ws, &f->sc);
}

void mfx_step(mech_fixture *f, int t)
{
    f->py.t = t;
    f->py.year = f->sc.sim.start_year + t;
    f->sm = 0.0;
    f->mech->year_step(f->ws, &f->sc, &f->py, NULL, f->out, &f->sm);
}

void mfx_end(mech_fixture *f)
{
    f->mech->ws_free(f->ws);
}
