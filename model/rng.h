/*
 * rng.h — counter-based random streams. Every draw is a function of
 * (seed, stream, path, year, unit) only: a Philox4x32-10 generator (Random123) behind GSL's
 * gsl_rng interface, reset for each unit of work. Streams are separate per purpose, so a
 * change in one mechanism's parameters never moves another's draws (common random numbers).
 */
#ifndef SF_RNG_H
#define SF_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* Stream ids of the core: never renumber (results depend on them). The mechanisms' streams,
 * 16 and up, are SF_STREAM_<NAME> in mechanism.h, numbered by model/mechanisms.def. */
enum {
    SF_STREAM_FACTORS = 1, /* global and sector factors, t-copula mixing */
    SF_STREAM_DEFAULTS = 2,
    SF_STREAM_LGD = 3,
    SF_STREAM_MATURITY = 4,
    SF_STREAM_RENEWAL = 5,
    SF_STREAM_RUNOFF = 6, /* the factors of the cohorts' run-off after the horizon (model/subsidy.c) */
    SF_STREAM_IMPORTANCE = 7, /* importance sampling: each path's mixture component (one uniform) */
    SF_STREAM_MECHANISM0 = 16 /* the first id a mechanism may take */
};

/* A gsl_rng of the Philox type; free with gsl_rng_free. NULL when out of memory. */
gsl_rng *sf_rng_alloc(void);

/* Restart `r` at the unit of work (seed, stream, path, year, unit). After a reset it may be
 * called up to 2^34 times. `year` is the 0-based year index (< 256),
 * `stream` < 256, `path` < 2^48. */
void sf_rng_reset(gsl_rng *r, uint64_t seed, unsigned stream, uint64_t path, unsigned year, uint32_t unit);

/* Four raw 32-bit Philox outputs for (seed, stream, path, year, unit, block): the bulk path used
 * by loan mode, where one uniform per loan is compared with a conditional PD. A stream used
 * with sf_rng_block must not also be used through sf_rng_reset for the same unit of work. */
void sf_rng_block(uint64_t seed, unsigned stream, uint64_t path, unsigned year, uint32_t unit, uint32_t block,
                  uint32_t out[4]);

/* The context a mechanism draws from: its thread's generator and the current path. */
typedef struct sf_rng_ctx {
    gsl_rng *r;
    uint64_t seed;
    uint64_t path;
} sf_rng_ctx;

static inline void sf_rng_ctx_reset(const sf_rng_ctx *rc, unsigned stream, unsigned year, uint32_t unit)
{
    sf_rng_reset(rc->r, rc->seed, stream, rc->path, year, unit);
}

#endif
