/*
 * bench.c — `make bench`: throughput of the engine and the baseline, with peak memory.
 * A benchmark that prints figures, not a test. Figures per core are measured on one thread.
 */
#include "loader.h"
#include "rng.h"
#include "sample.h"
#include "sim.h"
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static void synthetic(sf_scenario *sc, size_t nseg, double loans, int years, long paths, sf_mode mode)
{
    sf_scenario_defaults(sc); /* the Contract defaults, every mechanism off */
    snprintf(sc->sim.name, sizeof sc->sim.name, "bench");
    snprintf(sc->path, sizeof sc->path, "bench.ini");
    sc->sim.years = years;
    sc->sim.paths = paths;
    sc->sim.mode = mode;
    sc->nsectors = 4;
    sc->sectors = calloc(4, sizeof *sc->sectors);
    for (int k = 0; k < 4; k++)
        snprintf(sc->sectors[k], SF_NAME_MAX, "sector%d", k);
    sc->nbanks = 1;
    sc->banks = calloc(1, sizeof *sc->banks);
    snprintf(sc->banks[0], SF_NAME_MAX, "bank");
    sc->nsegs = nseg;
    sc->segs = calloc(nseg, sizeof *sc->segs);
    for (size_t s = 0; s < nseg; s++) {
        sf_segment *g = &sc->segs[s];
        snprintf(g->id, sizeof g->id, "s%zu", s);
        g->size = (sf_size)(s % 3);
        g->sector = (int)(s % 4);
        g->loans = loans;
        g->avg_amount = 1e6;
        g->pd = 0.01 + 0.002 * (double)(s % 10);
        g->lgd = 0.45;
        g->lgd_sd = 0.2;
        g->tenor = 2;
        g->renew_rate = 0.6;
        g->growth = 0.05;
        g->rho = 0.12;
        g->turnover_m = NAN;
    }
}

static double run_timed(const sf_scenario *sc, int threads, long paths)
{
    sf_run_opts o;
    sf_run_opts_init(&o);
    o.threads = threads;
    o.paths = paths;
    sf_result *res = NULL;
    sf_err err = {0, ""};
    const double t0 = omp_get_wtime();
    if (sf_simulate(sc, &o, &res, &err) != SF_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    const double dt = omp_get_wtime() - t0;
    sf_result_free(res);
    return dt;
}

/* The CLI itself on `paths` paths, in a child process (exec, not a bare fork: OpenMP's threads do
 * not survive a fork), and its peak resident memory. */
/* Fills *wall_s and *peak_mb (10^6 bytes); both stay NAN when the run fails. */
static void peak_memory(const char *smefin, const char *ini, long paths, double *wall_s, double *peak_mb)
{
    fflush(stdout);
    char np[32], out[] = "/tmp/smefin-bench-XXXXXX";
    snprintf(np, sizeof np, "%ld", paths);
    if (mkdtemp(out) == NULL)
        return;
    char dir[64];
    snprintf(dir, sizeof dir, "%s/r", out);
    const double t0 = omp_get_wtime();
    const pid_t pid = fork();
    if (pid == 0) {
        execl(smefin, smefin, "run", ini, "--paths", np, "--out", dir, "--quiet", (char *)NULL);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        printf("  %s run --paths %ld failed\n", smefin, paths);
        return;
    }
    const double wall = omp_get_wtime() - t0;
    *wall_s = wall;
    *peak_mb = ru.ru_maxrss * 1024.0 / 1e6;
    int passes = 0;
    char js[128];
    snprintf(js, sizeof js, "%s/run.json", dir);
    FILE *f = fopen(js, "r");
    if (f != NULL) {
        char line[256];
        while (fgets(line, sizeof line, f))
            if (sscanf(line, " \"passes\": %d", &passes) == 1)
                break;
        fclose(f);
    }
    printf("  smefin run, baseline, %ld paths, all threads, default --max-memory: %.1f s wall in %d pass%s, "
           "peak memory (max RSS) %.0f MB of 10^6 bytes (target <= 1000 MB)\n",
           paths, wall, passes, passes == 1 ? "" : "es", ru.ru_maxrss * 1024.0 / 1e6);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", out);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: could not remove %s\n", out);
}

/* What one cohort segment-year costs in GSL's own draws, each after a reset of the Philox
 * stream as the engine does: the defaults D ~ Bin(2000, p) and renewals R ~ Bin(S, 0.3) in the
 * BTPE regime, the Beta LGD and the normal CDF of the conditional PD. The engine cannot beat
 * their sum without replacing GSL's samplers. */
static double gsl_floor(void)
{
    gsl_rng *r = sf_rng_alloc();
    const int n = 2000000;
    double sink = 0.0, ns[4];
    for (int k = 0; k < 4; k++) {
        const double t0 = omp_get_wtime();
        for (int i = 0; i < n; i++) {
            sf_rng_reset(r, 1, SF_STREAM_DEFAULTS + (unsigned)k, (uint64_t)i, 0, 0);
            switch (k) {
            case 0:
                sink += gsl_ran_binomial(r, 0.01 + 0.02 * (i & 1), 2000);
                break;
            case 1:
                sink += gsl_ran_binomial(r, 0.3, 1960);
                break;
            case 2:
                sink += gsl_ran_beta(r, 0.45 * 20, 0.55 * 20);
                break;
            default:
                sink += gsl_cdf_ugaussian_P(-2.3 + 1e-6 * i);
            }
        }
        ns[k] = 1e9 * (omp_get_wtime() - t0) / n;
    }
    gsl_rng_free(r);
    const double sum = ns[0] + ns[1] + ns[2] + ns[3];
    printf("  GSL draws per cohort segment-year, 1 thread: Bin(defaults) %.0f ns + Bin(renewals) %.0f ns + Beta LGD "
           "%.0f ns + normal CDF %.0f ns = %.0f ns, a ceiling of %.3g segment-years/s%s\n",
           ns[0], ns[1], ns[2], ns[3], sum, 1e9 / sum, sink < 0 ? " " : "");
    return sum;
}

/* One sampler under test: its draw after a reset of the Philox stream, as the engine draws. */
typedef struct draw_case {
    int kind; /* 0 binomial, 1 normal CDF, 2 capped geometric */
    unsigned n;
    double p;
    const sf_capped_geometric *geo;
} draw_case;

static double draw_one(const gsl_rng *r, const draw_case *c, int ours, int i)
{
    switch (c->kind) {
    case 0:
        return ours ? sf_sample_binomial(r, c->p, c->n) : gsl_ran_binomial(r, c->p, c->n);
    case 1: {
        const double x = -5.0 + 6.0 * (double)(i & 1023) / 1024.0;
        return ours ? sf_normal_cdf(x) : gsl_cdf_ugaussian_P(x);
    }
    default: {
        if (ours)
            return sf_sample_capped_geometric(r, c->geo);
        const double d = (double)gsl_ran_geometric(r, c->p);
        return d < 10.0 ? d : 10.0;
    }
    }
}

/* ns per draw of GSL's sampler and of ours at equal work, drawn as the engine draws: a binomial
 * after a reset of its stream (the reset's cost is in both), bridge durations 64 to a reset (a
 * segment's requests), the normal CDF without draws; in alternating rounds on a noisy machine,
 * the median of the rounds' ratios GSL / ours. */
static double sampler_ratio(const draw_case *c, int ndraws, double *ns_gsl, double *ns_ours)
{
    enum { ROUNDS = 9 };
    gsl_rng *r = sf_rng_alloc();
    double ratio[ROUNDS], tg[ROUNDS], to[ROUNDS], sink = 0.0;
    for (int k = 0; k < ROUNDS; k++) {
        double t[2];
        for (int ours = 0; ours < 2; ours++) {
            const double t0 = omp_get_wtime();
            for (int i = 0; i < ndraws; i++) {
                if (c->kind == 0 || (c->kind == 2 && i % 64 == 0))
                    sf_rng_reset(r, 1, SF_STREAM_DEFAULTS, (uint64_t)i, 0, 0);
                sink += draw_one(r, c, ours, i);
            }
            t[ours] = omp_get_wtime() - t0;
        }
        ratio[k] = t[0] / t[1];
        tg[k] = 1e9 * t[0] / ndraws;
        to[k] = 1e9 * t[1] / ndraws;
    }
    gsl_rng_free(r);
    /* medians by insertion sort */
    double *v[3] = {ratio, tg, to};
    for (int a = 0; a < 3; a++)
        for (int i = 1; i < ROUNDS; i++)
            for (int j = i; j > 0 && v[a][j - 1] > v[a][j]; j--) {
                const double x = v[a][j];
                v[a][j] = v[a][j - 1];
                v[a][j - 1] = x;
            }
    *ns_gsl = tg[ROUNDS / 2] + (sink < 0 ? 1 : 0);
    *ns_ours = to[ROUNDS / 2];
    return ratio[ROUNDS / 2];
}

/* The samplers of model/sample.c against GSL's. A hand-written sampler is used only where it is
 * at least 20 % faster (ratio >= 1.20). */
static void samplers(void)
{
    printf("  samplers, 1 thread, ns per draw as the engine draws (median of 9 alternating rounds); speed-up = "
           "GSL / ours; the engine uses ours where it is >= 1.20:\n");
    static const struct {
        unsigned n;
        double p;
    } bin[] = {{20, 0.1},    {200, 0.05},   {1000, 0.014}, {2000, 0.01},  {2000, 0.03},   {400, 0.25}, {1000, 0.15},
               {1000, 0.2},  {1000, 0.3},   {1960, 0.3},   {10000, 0.3},  {100000, 0.4}, {2000, 0.97}};
    for (size_t i = 0; i < sizeof bin / sizeof bin[0]; i++) {
        const draw_case c = {0, bin[i].n, bin[i].p, NULL};
        double g, o;
        const double rt = sampler_ratio(&c, 400000, &g, &o);
        const double np = bin[i].n * (bin[i].p < 0.5 ? bin[i].p : 1.0 - bin[i].p);
        const int used = np >= SF_BINOMIAL_ENGINE_LO && np < SF_BINOMIAL_ENGINE_HI;
        printf("    Bin(%u, %g), n min(p,1-p) = %g (%s vs GSL's %s): GSL %.0f ns, ours %.0f ns, speed-up %.2f: the engine "
               "uses %s\n",
               bin[i].n, bin[i].p, np, np < SF_BINOMIAL_BTRS_MEAN ? "inversion" : "BTRS", np < 14.0 ? "inversion" : "BTPE",
               g, o, rt, used ? "BTRS" : "GSL's");
    }
    const draw_case cdf = {1, 0, 0.0, NULL};
    double g, o;
    double rt = sampler_ratio(&cdf, 2000000, &g, &o);
    printf("    normal CDF on [-5, 1]: gsl_cdf_ugaussian_P %.1f ns, erfc %.1f ns, speed-up %.2f\n", g, o, rt);
    sf_capped_geometric *geo = sf_capped_geometric_alloc(0.25, 10.0);
    if (geo != NULL) {
        const draw_case cg = {2, 0, 0.25, geo};
        rt = sampler_ratio(&cg, 2000000, &g, &o);
        printf("    capped geometric (mean 4, cap 10): gsl_ran_geometric %.1f ns, alias table %.1f ns, speed-up %.2f\n", g, o,
               rt);
        sf_capped_geometric_free(geo);
    }
}

/* A plain per-loan Monte Carlo written the straightforward way, the yardstick of the engine:
 * per path one global factor G and, for every loan, its own normal draw eps; the loan defaults
 * when sqrt(rho) G + sqrt(1 - rho) eps < Phi^-1(pd). No conditional trick, no binomial. One
 * year; the loss per path into out[]. Seconds per path on one thread. */
static double plain_per_loan(long loans, double pd, double rho, double lgd, double amount, long paths, double *out)
{
    gsl_rng *r = sf_rng_alloc();
    const double c = gsl_cdf_ugaussian_Pinv(pd), a = sqrt(rho), b = sqrt(1.0 - rho);
    const double t0 = omp_get_wtime();
    for (long p = 0; p < paths; p++) {
        sf_rng_reset(r, 1, SF_STREAM_FACTORS, (uint64_t)p, 0, 0);
        const double G = gsl_ran_gaussian_ziggurat(r, 1.0);
        sf_rng_reset(r, 1, SF_STREAM_DEFAULTS, (uint64_t)p, 0, 0);
        long d = 0;
        for (long i = 0; i < loans; i++)
            d += a * G + b * gsl_ran_gaussian_ziggurat(r, 1.0) < c;
        out[p] = (double)d * amount * lgd;
    }
    const double dt = omp_get_wtime() - t0;
    gsl_rng_free(r);
    return dt / (double)paths;
}

/* P99.9 of budget.total over the horizon, one run at `seed` (importance sampling on or off). */
static double p999_total(const sf_scenario *base, int importance, unsigned long seed, long paths, int threads)
{
    sf_scenario *sc = malloc(sizeof *sc);
    if (sc == NULL)
        exit(1);
    *sc = *base;
    sc->sim.importance = importance;
    sc->sim.importance_tail = 0.001; /* the target tail: P99.9 */
    sc->sim.seed = seed;
    sc->bridge.sizing = 1; /* the bridge fund's capital sizing is a figure, not in budget.total: skipped */
    sf_run_opts o;
    sf_run_opts_init(&o);
    o.threads = threads;
    o.paths = paths;
    sf_result *res = NULL;
    sf_err err = {0, ""};
    if (sf_simulate(sc, &o, &res, &err) != SF_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    const sf_stat *st = sf_result_stat(res, "budget.total", SF_YEAR_TOTAL);
    const double q = st ? st->q[SF_Q999] : NAN;
    sf_result_free(res);
    free(sc);
    return q;
}

/* Importance sampling: the spread (sd) of the P99.9 of budget.total across `nseeds` seeds at
 * equal paths (the pilot's paths not counted), IS against plain; the ratio plain / IS. */
static double importance_spread(const sf_scenario *base, long paths, int nseeds, int threads)
{
    sf_stats_moments a = {0, 0, 0}, b = {0, 0, 0};
    for (int k = 1; k <= nseeds; k++) {
        sf_stats_moments_add(&a, p999_total(base, 0, (unsigned long)k, paths, threads));
        sf_stats_moments_add(&b, p999_total(base, 1, (unsigned long)k, paths, threads));
    }
    const double sp = sf_stats_moments_sd(&a), si = sf_stats_moments_sd(&b);
    printf("  importance sampling, baseline, %ld paths (pilot %ld), %d seeds: P99.9 of budget.total mean %.4g plain, "
           "%.4g IS; sd across seeds %.4g plain, %.4g IS: %.2fx smaller (target >= 3x)\n",
           paths, base->sim.importance_pilot, nseeds, a.mean, b.mean, sp, si, si > 0.0 ? sp / si : NAN);
    return si > 0.0 ? sp / si : NAN;
}

/* One line of the figures table: the figure, its target, and whether it is met. */
static void figure(const char *what, const char *measured, const char *target, int met)
{
    printf("  | %-58s | %-30s | %-22s | %s |\n", what, measured, target, met < 0 ? "-" : met ? "met" : "NOT met");
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The baseline's cost per path-year on 1 thread at 20 000 paths: the engine alone, what the
 * Art. 55/60/64/21/54 mechanisms add (with their cohort accounting and the contributions), and
 * what the bridge fund's simulation adds (without its sizing's re-runs); reps > 1 runs the three
 * in turn reps times and prints the medians (the machine's speed drifts: turns keep them paired). */
static void mechanism_costs(const sf_scenario *base, int reps)
{
    enum { MAXREPS = 15 };
    double te[MAXREPS], tn[MAXREPS], ta[MAXREPS];
    if (reps > MAXREPS)
        reps = MAXREPS;
    const double py = 20000.0 * base->sim.years;
    for (int i = 0; i < reps; i++) {
        sf_scenario v = *base;
        sf_scenario_keep_only(&v, NULL);
        te[i] = run_timed(&v, 1, 20000);
        v = *base;
        v.bridge.enabled = 0;
        tn[i] = run_timed(&v, 1, 20000);
        v = *base;
        v.bridge.sizing = 1; /* the run without the sizing re-runs of the extras */
        ta[i] = run_timed(&v, 1, 20000);
        ta[i] -= tn[i];
        tn[i] -= te[i];
    }
    qsort(te, (size_t)reps, sizeof *te, cmp_double);
    qsort(tn, (size_t)reps, sizeof *tn, cmp_double);
    qsort(ta, (size_t)reps, sizeof *ta, cmp_double);
    const double t_engine = te[reps / 2], t_mech = tn[reps / 2], t_bridge = ta[reps / 2];
    const char *med = reps > 1 ? " (median)" : "";
    printf("  baseline engine only (%zu segments, %d years), 1 thread: %.2f us per path-year%s, %.3g segment-years/s\n",
           base->nsegs, base->sim.years, 1e6 * t_engine / py, med, py * (double)base->nsegs / t_engine);
    printf("  Art. 55/60/64/21/54 mechanisms, 1 thread: %.2f us per path-year%s\n", 1e6 * t_mech / py, med);
    printf("  bridge fund (Art. 58) simulation, 1 thread: %.2f us per path-year%s\n", 1e6 * t_bridge / py, med);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    gsl_set_error_handler_off();
    const char *ini = argc > 1 ? argv[1] : "scenarios/shenzhen-baseline.ini";
    const long big = argc > 2 ? atol(argv[2]) : 1000000L;
    const int ncores = omp_get_num_procs();
    if (argc > 1 && strcmp(argv[1], "samplers") == 0) {
        samplers();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "importance") == 0) { /* build/smefin-bench importance [INI [PATHS]] */
        sf_scenario b;
        sf_err e = {0, ""};
        if (sf_scenario_load(argc > 2 ? argv[2] : "scenarios/shenzhen-baseline.ini", NULL, 0, &b, &e) != SF_OK) {
            fprintf(stderr, "bench: %s\n", e.msg);
            return 1;
        }
        importance_spread(&b, argc > 3 ? atol(argv[3]) : 20000, 20, 0);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "mechanisms") == 0) { /* build/smefin-bench mechanisms [INI [REPS]] */
        sf_scenario b;
        sf_err e = {0, ""};
        if (sf_scenario_load(argc > 2 ? argv[2] : "scenarios/shenzhen-baseline.ini", NULL, 0, &b, &e) != SF_OK) {
            fprintf(stderr, "bench: %s\n", e.msg);
            return 1;
        }
        run_timed(&b, 1, 2000); /* warm-up */
        mechanism_costs(&b, argc > 3 ? atoi(argv[3]) : 3);
        return 0;
    }
    printf("smefin bench — %d cores (figures per core on 1 thread)\n", ncores);

    sf_scenario sc;
    synthetic(&sc, 200, 2000, 5, 4000, SF_MODE_COHORT);
    run_timed(&sc, 1, 400);
    double dt = run_timed(&sc, 1, 4000);
    const double segyears = 200.0 * 5 * 4000;
    const double cohort1 = segyears / dt;
    printf("  cohort mode (200 segments x 2000 loans, renewals, Beta LGD), 1 thread: %.3g segment-years/s "
           "(target >= 1e7)\n", cohort1);
    dt = run_timed(&sc, ncores, 4000);
    const double cohortn = segyears / dt;
    printf("  cohort mode, %d threads: %.3g segment-years/s in all\n", ncores, cohortn);
    const double omp_eff = cohortn / (ncores * cohort1);
    const double floor_ns = gsl_floor();
    samplers();

    sf_scenario lc;
    synthetic(&lc, 20, 5000, 5, 400, SF_MODE_LOAN);
    dt = run_timed(&lc, 1, 400);
    double loanyears = 0;
    for (int y = 0; y < 5; y++) /* the book grows 5 % a year: count the loan-years simulated */
        loanyears += 20 * floor(5000 * pow(1.05, y) + 0.5);
    loanyears *= 400;
    const double loan1 = loanyears / dt;
    printf("  loan mode (20 segments x 5000 loans), 1 thread: %.3g loan-years/s (target >= 3e8)\n", loan1);

    /* One segment, one year, 100 000 loans, fixed LGD: the per-path fixed cost of the engine
     * (lhp-like), and the same portfolio by a plain per-loan Monte Carlo at equal paths. */
    sf_scenario one;
    synthetic(&one, 1, 100000, 1, 200000, SF_MODE_COHORT);
    one.segs[0].lgd_sd = 0.0;
    run_timed(&one, 1, 20000);
    const long one_paths = 200000;
    const double per_path = run_timed(&one, 1, one_paths) / (double)one_paths;
    printf("  one segment of 100000 loans, one year (lhp-like), 1 thread: %.0f ns per path (target <= 200 ns)\n",
           1e9 * per_path);
    const long plain_paths = 100;
    double *plain_loss = malloc(plain_paths * sizeof *plain_loss);
    const double plain = plain_per_loan(100000, one.segs[0].pd, one.segs[0].rho, one.segs[0].lgd, one.segs[0].avg_amount,
                                        plain_paths, plain_loss);
    double plain_mean = 0.0;
    for (long p = 0; p < plain_paths; p++)
        plain_mean += plain_loss[p] / (double)plain_paths;
    free(plain_loss);
    printf("  plain per-loan Monte Carlo of the same portfolio (one normal draw per loan and path), 1 thread: %.3g ms "
           "per path (mean loss %.4g CNY over %ld paths, expected %.4g): the engine is %.0fx faster at equal paths\n",
           1e3 * plain, plain_mean, plain_paths, 1e5 * one.segs[0].pd * one.segs[0].lgd * one.segs[0].avg_amount,
           plain / per_path);

    sf_scenario base;
    sf_err err = {0, ""};
    if (sf_scenario_load(ini, NULL, 0, &base, &err) != SF_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    mechanism_costs(&base, 1);
    sf_scenario v;

    printf("  baseline, 100000 paths: the engine's GSL draws alone take >= %.2f s wall on %d cores (%zu segments x %d "
           "years x %.0f ns)\n",
           1e-9 * floor_ns * (double)base.nsegs * base.sim.years * 100000.0 / ncores, ncores, base.nsegs, base.sim.years,
           floor_ns);
    run_timed(&base, 0, 2000);
    v = base;
    v.bridge.enabled = 0;
    dt = run_timed(&v, 0, 100000);
    printf("  baseline without the bridge fund, 100000 paths, %d threads: %.2f s wall (target <= 3 s)\n", ncores, dt);
    const double base100k = run_timed(&base, 0, 100000);
    printf("  baseline, every mechanism and the bridge sizing, 100000 paths, %d threads: %.2f s wall (target <= 3 s)\n",
           ncores, base100k);
    const long is_paths = 20000; /* the default paths of a run */
    const double is_ratio = importance_spread(&base, is_paths, 20, 0);
    double big_wall = NAN, big_mb = NAN;
    if (big > 0)
        peak_memory("./smefin", ini, big, &big_wall, &big_mb);

    /* The figures of the performance targets, each beside its target. */
    char m[64];
    printf("\n  | %-58s | %-30s | %-22s | %s |\n", "figure", "measured", "target", "met");
    snprintf(m, sizeof m, "%.3g segment-years/s", cohort1);
    figure("cohort mode, per core", m, ">= 1e7", cohort1 >= 1e7);
    snprintf(m, sizeof m, "%.3g loan-years/s", loan1);
    figure("loan mode, per core", m, ">= 3e8", loan1 >= 3e8);
    snprintf(m, sizeof m, "%.0f ns", 1e9 * per_path);
    figure("per-path cost, one segment, one year (lhp-like)", m, "<= 200 ns", 1e9 * per_path <= 200.0);
    snprintf(m, sizeof m, "%.2f s", base100k);
    figure("baseline, every mechanism, 100000 paths, all threads", m, "<= 3 s", base100k <= 3.0);
    if (big > 0) {
        snprintf(m, sizeof m, "%.1f s, %.0f MB", big_wall, big_mb);
        char w[64];
        snprintf(w, sizeof w, "baseline, %ld paths", big);
        figure(w, m, "<= 30 s, <= 1000 MB", big == 1000000L ? (big_wall <= 30.0 && big_mb <= 1000.0) : -1);
    } else {
        figure("baseline, 1000000 paths", "not run (argument 0)", "<= 30 s, <= 1000 MB", -1);
    }
    snprintf(m, sizeof m, "%.0f %% on %d threads", 100.0 * omp_eff, ncores);
    figure("OpenMP efficiency (cohort mode)", m, ">= 90 %", ncores >= 2 ? omp_eff >= 0.9 : -1);
    snprintf(m, sizeof m, "%.2fx smaller (%ld paths, 20 seeds)", is_ratio, is_paths);
    figure("P99.9 spread of budget.total, IS vs plain MC", m, ">= 3x smaller", is_ratio >= 3.0);
    snprintf(m, sizeof m, "%.0fx faster", plain / per_path);
    figure("engine vs plain per-loan MC, 100000 loans, 1 year", m, "(ratio at equal paths)", -1);
    return 0;
}
