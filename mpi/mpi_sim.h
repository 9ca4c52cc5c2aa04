/*
 * mpi_sim.h — the distributed run of smefin-mpi: each rank simulates a contiguous share of the
 * blocks of paths; the ranks' buffers are added up on every rank (their parts are disjoint and
 * the rest is zero, so the sum is exact) and every rank computes the statistics. Every rank
 * holds the same result, byte for byte the single-process run's, for any number of ranks, so a
 * study verb's logic (the next variant, a bisection step) runs alike on every rank and only
 * rank 0 writes.
 */
#ifndef SF_MPI_SIM_H
#define SF_MPI_SIM_H

#include "sim.h"

/* Collective. On success every rank's *out is the whole result. On failure every rank returns
 * the code and message of the lowest failing rank. */
int mpi_simulate(const sf_scenario *sc, const sf_run_opts *opts, sf_result **out, sf_err *err);

/* Collective: SF_OK when rc is SF_OK on every rank; otherwise the lowest failing rank's code,
 * with its message in *err, on every rank. */
int mpi_agree(int rc, sf_err *err);

#endif
