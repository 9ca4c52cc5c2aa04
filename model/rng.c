/*
 * rng.c — Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC11)
 * through Random123's GSL adapter (GSL_MICRORNG), reset for every unit of work.
 */
#include "rng.h"

#include <Random123/philox.h>
#include <Random123/gsl_microrng.h>

GSL_MICRORNG(sf_philox, philox4x32);

gsl_rng *sf_rng_alloc(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_sf_philox);
    if (r)
        sf_rng_reset(r, 0, 0, 0, 0, 0);
    return r;
}

/* The counter's last word is the adapter's draw count, so the unit of work is coded in the
 * first three words, one to one: path (48 bits), stream (8), year (8) and unit (32). The key is
 * the seed. Distinct units of work therefore never share a counter. */
static philox4x32_ctr_t make_ctr(unsigned stream, uint64_t path, unsigned year, uint32_t unit)
{
    philox4x32_ctr_t c = {{(uint32_t)path,
                           (uint32_t)((path >> 32) & 0xffffu) << 16 | (stream & 0xffu) << 8 | (year & 0xffu), unit,
                           0}};
    return c;
}

static philox4x32_key_t make_key(uint64_t seed)
{
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    return k;
}

void sf_rng_reset(gsl_rng *r, uint64_t seed, unsigned stream, uint64_t path, unsigned year, uint32_t unit)
{
    sf_philox_reset(r, make_ctr(stream, path, year, unit), make_key(seed));
}

void sf_rng_block(uint64_t seed, unsigned stream, uint64_t path, unsigned year, uint32_t unit, uint32_t block,
                  uint32_t out[4])
{
    philox4x32_ctr_t c = make_ctr(stream, path, year, unit);
    c.v[3] = block;
    const philox4x32_ctr_t o = philox4x32(c, make_key(seed));
    out[0] = o.v[0];
    out[1] = o.v[1];
    out[2] = o.v[2];
    out[3] = o.v[3];
}
