/*
 * mpi_sim.h — the distributed run of smefin-mpi: each rank simulates a contiguous share of the
 * blocks of paths; rank 0 adds up the ranks' buffers (their parts are disjoint and the rest is
 * zero, so the sum is exact) and computes the statistics. summary.csv is byte-identical to the
 * single-process run for any number of ranks.
 */
#ifndef SF_MPI_SIM_H
#define SF_MPI_SIM_H

#include "sim.h"

/* Collective. On rank 0 *out is the result; on the other ranks *out is NULL. */
int mpi_simulate(const sf_scenario *sc, const sf_run_opts *opts, sf_result **out, sf_err *err);

#endif
