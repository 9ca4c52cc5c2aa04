#include "mpi_sim.h"

#include <limits.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

/* MPI counts are int: add up in chunks, every rank receiving the sum. */
static int allreduce_sum(void *buf, size_t count, MPI_Datatype type, size_t elem)
{
    char *p = buf;
    while (count > 0) {
        const int n = count > (size_t)INT_MAX / 2 ? INT_MAX / 2 : (int)count;
        const int rc = MPI_Allreduce(MPI_IN_PLACE, p, n, type, MPI_SUM, MPI_COMM_WORLD);
        if (rc != MPI_SUCCESS)
            return rc;
        p += (size_t)n * elem;
        count -= (size_t)n;
    }
    return MPI_SUCCESS;
}

int mpi_agree(int rc, sf_err *err)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    /* The lowest failing rank speaks for the job: its code and its message reach every rank. */
    int mine = rc != SF_OK ? rank : size, first = size;
    if (MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD) != MPI_SUCCESS)
        return sf_err_set(err, SF_EFAIL, "MPI_Allreduce failed");
    if (first == size)
        return SF_OK;
    sf_err e = {rc, ""};
    if (rank == first) {
        if (err)
            e = *err;
        e.code = rc;
    }
    if (MPI_Bcast(&e, (int)sizeof e, MPI_BYTE, first, MPI_COMM_WORLD) != MPI_SUCCESS)
        return sf_err_set(err, SF_EFAIL, "MPI_Bcast failed");
    if (err)
        *err = e;
    return e.code;
}

int mpi_simulate(const sf_scenario *sc, const sf_run_opts *opts, sf_result **out, sf_err *err)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    *out = NULL;
    sf_sim *sim = NULL;
    int rc = mpi_agree(sf_sim_begin(sc, opts, &sim, err), err);
    if (rc != SF_OK) {
        sf_sim_free(sim);
        return rc;
    }
    /* Every rank plans the same passes: the plan depends on the scenario and the options only. */
    const int np = sf_sim_npasses(sim);
    for (int g = 0; g < np; g++) {
        if (g > 0)
            sf_sim_pass(sim, g);
        const size_t nb = sf_sim_nblocks(sim);
        const size_t b0 = nb * (size_t)rank / (size_t)size, b1 = nb * (size_t)(rank + 1) / (size_t)size;
        rc = sf_sim_run_blocks(sim, b0, b1, err);
        /* Test hook (mpi/test-mpi.sh): one rank fails alone, and the whole job must fail with its message. */
        const char *hook = getenv("SMEFIN_TEST_FAIL_RANK");
        if (rc == SF_OK && hook && atoi(hook) == rank)
            rc = sf_err_set(err, SF_EFAIL, "test: rank %d of %d failed on purpose (SMEFIN_TEST_FAIL_RANK)", rank, size);
        rc = mpi_agree(rc, err);
        if (rc != SF_OK) {
            sf_sim_free(sim);
            return rc;
        }
        size_t n;
        int is_float;
        void *store = sf_sim_store(sim, &n, &is_float);
        size_t nm;
        double *moments = sf_sim_moments(sim, &nm);
        size_t nf;
        double *factors = sf_sim_factors(sim, &nf); /* keep_factors (reverse stress): else NULL */
        size_t nk; /* forecast_paths.f32's values (reestimate), also of the last pass only */
        float *kept = sf_sim_kept(sim, &nk);
        size_t nw, nwm; /* importance sampling: every pass writes the same weights; else NULL */
        double *weights = sf_sim_weights(sim, &nw), *wmoments = sf_sim_wmoments(sim, &nwm);
        size_t nc; /* the contributions' block sums (means), of the last pass only */
        double *contrib = sf_sim_contrib(sim, &nc);
        /* Each rank's part is disjoint and the rest zero: the sums are exact, the same on every
         * rank. The moments and the kept values are accumulated in the last pass only, and every
         * pass writes the same factors: each merged once. */
        if (allreduce_sum(store, n, is_float ? MPI_FLOAT : MPI_DOUBLE, is_float ? sizeof(float) : sizeof(double)) !=
                MPI_SUCCESS ||
            (g == np - 1 && allreduce_sum(moments, nm, MPI_DOUBLE, sizeof(double)) != MPI_SUCCESS) ||
            (g == np - 1 && factors && allreduce_sum(factors, nf, MPI_DOUBLE, sizeof(double)) != MPI_SUCCESS) ||
            (g == np - 1 && kept && allreduce_sum(kept, nk, MPI_FLOAT, sizeof(float)) != MPI_SUCCESS) ||
            (g == 0 && weights && allreduce_sum(weights, nw, MPI_DOUBLE, sizeof(double)) != MPI_SUCCESS) ||
            (g == np - 1 && wmoments && allreduce_sum(wmoments, nwm, MPI_DOUBLE, sizeof(double)) != MPI_SUCCESS) ||
            (g == np - 1 && contrib && allreduce_sum(contrib, nc, MPI_DOUBLE, sizeof(double)) != MPI_SUCCESS)) {
            sf_sim_free(sim);
            return sf_err_set(err, SF_EFAIL, "MPI_Allreduce failed");
        }
        /* Every rank computes the statistics of the whole store, so that every rank holds the
         * same result and runs the verb's logic (bisection, the next variant) alike. */
        if (g + 1 < np && (rc = mpi_agree(sf_sim_pass_stats(sim, err), err)) != SF_OK) {
            sf_sim_free(sim);
            return rc;
        }
    }
    rc = mpi_agree(sf_sim_end(sim, out, err), err); /* frees sim */
    if (rc != SF_OK) {
        sf_result_free(*out);
        *out = NULL;
    }
    return rc;
}
