#include "mpi_sim.h"

#include <limits.h>
#include <mpi.h>

/* MPI counts are int: reduce in chunks. */
static int reduce_sum(void *buf, size_t count, MPI_Datatype type, size_t elem, int rank)
{
    char *p = buf;
    while (count > 0) {
        const int n = count > (size_t)INT_MAX / 2 ? INT_MAX / 2 : (int)count;
        const int rc = MPI_Reduce(rank == 0 ? MPI_IN_PLACE : p, p, n, type, MPI_SUM, 0, MPI_COMM_WORLD);
        if (rc != MPI_SUCCESS)
            return rc;
        p += (size_t)n * elem;
        count -= (size_t)n;
    }
    return MPI_SUCCESS;
}

int mpi_simulate(const sf_scenario *sc, const sf_run_opts *opts, sf_result **out, sf_err *err)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    *out = NULL;
    sf_sim *sim = NULL;
    int rc = sf_sim_begin(sc, opts, &sim, err);
    /* Every rank plans the same passes: the plan depends on the scenario and the options only. */
    const int np = rc == SF_OK ? sf_sim_npasses(sim) : 1;
    for (int g = 0; g < np; g++) {
        if (rc == SF_OK) {
            if (g > 0)
                sf_sim_pass(sim, g);
            const size_t nb = sf_sim_nblocks(sim);
            const size_t b0 = nb * (size_t)rank / (size_t)size, b1 = nb * (size_t)(rank + 1) / (size_t)size;
            rc = sf_sim_run_blocks(sim, b0, b1, err);
        }
        int worst = rc;
        MPI_Allreduce(&rc, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        if (worst != SF_OK) {
            sf_sim_free(sim);
            return rc != SF_OK ? rc : sf_err_set(err, worst, "another rank failed");
        }
        size_t n;
        int is_float;
        void *store = sf_sim_store(sim, &n, &is_float);
        size_t nm;
        double *moments = sf_sim_moments(sim, &nm);
        size_t nf;
        double *factors = sf_sim_factors(sim, &nf); /* keep_factors (reverse stress): else NULL */
        /* The moments are accumulated in the last pass only, and every pass writes the same
         * factors: each merged once. */
        if (reduce_sum(store, n, is_float ? MPI_FLOAT : MPI_DOUBLE, is_float ? sizeof(float) : sizeof(double), rank) !=
                MPI_SUCCESS ||
            (g == np - 1 && reduce_sum(moments, nm, MPI_DOUBLE, sizeof(double), rank) != MPI_SUCCESS) ||
            (g == np - 1 && factors && reduce_sum(factors, nf, MPI_DOUBLE, sizeof(double), rank) != MPI_SUCCESS)) {
            sf_sim_free(sim);
            return sf_err_set(err, SF_EFAIL, "MPI_Reduce failed");
        }
        if (rank == 0 && g + 1 < np)
            rc = sf_sim_pass_stats(sim, err);
    }
    if (rank != 0) {
        sf_sim_free(sim);
        return SF_OK;
    }
    if (rc != SF_OK) {
        sf_sim_free(sim);
        return rc;
    }
    return sf_sim_end(sim, out, err);
}
