/*
 * stress.c — smefin stress: the reverse stress test. Which economy breaks the budget? Among the
 * simulated paths on which a target is met (a series' value in a year at or beyond a level), the
 * mean path of the systematic factors, its likelihood against the baseline path, the budget
 * lines along those paths, the most likely single path that meets the target, and a
 * `--set economy.stress=... --set economy.stress_sector=...` line that replays the mean path
 * through the designed-stress view of the engine (G_t and every S_{k,t} fixed, docs/engine.md).
 * The replay is simulated too, on the same random numbers, and the share of its paths that meet
 * the target is reported.
 */
#include "compare.h"
#include "loader.h"
#include "mechanism.h"
#include "study.h"
#include "study_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The replay fixes G_t within the range economy.stress allows. */
#define STRESS_G_MAX 10.0

static void keep_everything(sf_run_opts *ro, void *ud)
{
    (void)ud;
    ro->keep_factors = 1;
    ro->max_memory = 0; /* every per-path value of the target and the budget lines is read */
}

static void keep_values(sf_run_opts *ro, void *ud)
{
    (void)ud;
    ro->max_memory = 0;
}

/* log of the density of a factor path relative to the baseline path (all factors 0, the mode of
 * their law): each factor is a stationary AR(1) with F_1 ~ N(0, 1) and
 * F_t | F_{t-1} ~ N(phi F_{t-1}, 1 - phi^2), so the log ratio is
 * -1/2 [F_1^2 + sum_{t>1} (F_t - phi F_{t-1})^2 / (1 - phi^2)], summed over G and every sector. */
static double log_likelihood(const double *x, int nfactors, int H, double phi)
{
    double ll = 0.0;
    const double v = 1.0 - phi * phi;
    for (int f = 0; f < nfactors; f++) {
        const double *p = x + (size_t)f * (size_t)H;
        ll -= 0.5 * p[0] * p[0];
        for (int t = 1; t < H; t++) {
            const double e = p[t] - phi * p[t - 1];
            ll -= 0.5 * e * e / v;
        }
    }
    return ll;
}

static int meets(const study_target *t, double v)
{
    return t->le ? v <= t->value : v >= t->value;
}

/* The series stress.csv follows: every budget line and budget.total, and the target's series. */
static int followed(const sf_result *res, size_t s, int target_series)
{
    return (int)s == target_series || (res->series[s]->flags & (SF_SERIES_BUDGET | SF_SERIES_TOTAL)) != 0;
}

typedef struct stress_state {
    const study_run *base;
    study_target t;
    int ts, tc;         /* the target's series and column */
    long nmeet;
    long best;          /* the most likely path that meets the target */
    double ll_mean, ll_best;
    double *mean_f;     /* [nfactors][H] the mean factor path over the paths that meet */
    double *replay_f;   /* [nfactors][H] the replay's factor values, to the digit of its lines */
    int have_replay;
    int replay_sectors; /* 1: the replay fixes the sector factors too (economy.stress_sector) */
    char replay[1024];  /* economy.stress=... */
    char replay_sector[4096]; /* economy.stress_sector=... (replay_sectors) */
    double replay_share, replay_stat;
    double *line_mean;  /* [ncells] mean over the paths that meet, per cell of a followed series */
} stress_state;

static void row(FILE *f, const char *view, const char *series, const char *year, double v)
{
    sf_results_csv_field(f, view, 0);
    sf_results_csv_field(f, series, 0);
    sf_results_csv_field(f, year, 0);
    study_num(f, v, 1);
}

static void factor_rows(FILE *f, const stress_state *st, const char *view, const double *x, int nfactors)
{
    const sf_result *res = st->base->res;
    const int H = res->nyears;
    for (int fi = 0; fi < nfactors; fi++)
        for (int y = 0; y < H; y++) {
            char name[128], yl[16];
            if (fi == 0)
                snprintf(name, sizeof name, "economy.G");
            else
                snprintf(name, sizeof name, "economy.S.%s", st->base->sc.sectors[fi - 1]);
            study_year_label(res, y, yl, sizeof yl);
            row(f, view, name, yl, x[(size_t)fi * (size_t)H + (size_t)y]);
        }
}

/* The followed series' cells: the mean over the paths that meet (mean view), one path's values
 * (path >= 0), or the run's mean over all paths (all_paths view: path = -2). */
static void line_rows(FILE *f, const stress_state *st, const char *view, long path)
{
    const sf_result *res = st->base->res;
    for (size_t s = 0; s < res->nseries; s++) {
        if (!followed(res, s, st->ts))
            continue;
        for (int c = 0; c < res->ncols[s]; c++) {
            char yl[16];
            study_year_label(res, c, yl, sizeof yl);
            const size_t cell = res->col0[s] + (size_t)c;
            const double v = path >= 0 ? sf_result_value(res, (int)s, c, path)
                                       : (path == -1 ? st->line_mean[cell] : res->stats[cell].mean);
            row(f, view, res->series[s]->name, yl, v);
        }
    }
}

static int stress_write(FILE *f, void *ud)
{
    const stress_state *st = ud;
    const sf_result *res = st->base->res;
    const int H = res->nyears;
    fputs("view,series,year,value\n", f);
    row(f, st->t.le ? "target_le" : "target_ge", st->t.series, st->t.year, st->t.value);
    row(f, "mean", "stress.paths", "all", (double)st->nmeet);
    row(f, "mean", "stress.share", "all", (double)st->nmeet / (double)res->npaths);
    row(f, "mean", "stress.log_likelihood", "all", st->ll_mean);
    row(f, "mean", "stress.likelihood_ratio", "all", exp(st->ll_mean));
    factor_rows(f, st, "mean", st->mean_f, res->nfactors);
    line_rows(f, st, "mean", -1);
    row(f, "most_likely", "stress.path", "all", (double)st->best);
    row(f, "most_likely", "stress.log_likelihood", "all", st->ll_best);
    row(f, "most_likely", "stress.likelihood_ratio", "all", exp(st->ll_best));
    factor_rows(f, st, "most_likely", res->factors + (size_t)st->best * (size_t)res->nfactors * (size_t)H,
                res->nfactors);
    line_rows(f, st, "most_likely", st->best);
    line_rows(f, st, "all_paths", -2);
    if (st->have_replay) {
        factor_rows(f, st, "replay", st->replay_f, st->replay_sectors ? res->nfactors : 1);
        row(f, "replay", "stress.replay_share", "all", st->replay_share);
        char stat[300];
        snprintf(stat, sizeof stat, "%s.%s", st->t.series, sf_stat_names[st->t.stat]);
        row(f, "replay", stat, st->t.year, st->replay_stat);
    }
    return ferror(f) ? SF_EIO : SF_OK;
}

/* One factor value of a replay line, to 4 decimals and within economy.stress's range; *x gets the
 * value the line gives, to the digit. */
static size_t replay_value(char *buf, size_t size, size_t n, int first, double v, double *x)
{
    char t[32];
    snprintf(t, sizeof t, "%.4f", fmin(STRESS_G_MAX, fmax(-STRESS_G_MAX, v)));
    *x = strtod(t, NULL);
    if (n < size)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", first ? "" : ",", t);
    return n;
}

/* The replay path: the mean path itself, G through economy.stress and each sector's S_k through
 * economy.stress_sector (every year of every sector), so the replay's paths share the whole
 * systematic part of the mean path and differ only in what the factors do not drive. When the
 * sectors x years exceed what economy.stress_sector holds, G alone is fixed and the mean path's
 * sector factors are folded into it, weighted by each sector's expected loss (loans x amount x
 * pd x lgd): G'_t = mean G_t + sqrt((1 - w) / w) x sum_k omega_k mean S_{k,t} (exact for one
 * sector); nothing to replay then when w = 0 (G moves no default). */
static void replay_path(stress_state *st)
{
    const study_run *b = st->base;
    const sf_scenario *sc = &b->sc;
    const int H = b->res->nyears, K = b->res->nfactors - 1;
    const double w = sc->econ.global_weight;
    st->replay_sectors = K > 0 && (size_t)K * (size_t)H <= SF_MAX_STRESS_SECTOR;
    st->have_replay = st->replay_sectors || w > 0.0;
    if (!st->have_replay)
        return;
    size_t n = (size_t)snprintf(st->replay, sizeof st->replay, "economy.stress=");
    if (st->replay_sectors) {
        for (int y = 0; y < H; y++)
            n = replay_value(st->replay, sizeof st->replay, n, y == 0, st->mean_f[y], &st->replay_f[y]);
        size_t m = (size_t)snprintf(st->replay_sector, sizeof st->replay_sector, "economy.stress_sector=");
        for (int k = 0; k < K; k++)
            for (int y = 0; y < H; y++) {
                const size_t i = (size_t)(1 + k) * (size_t)H + (size_t)y;
                m = replay_value(st->replay_sector, sizeof st->replay_sector, m, k == 0 && y == 0, st->mean_f[i],
                                 &st->replay_f[i]);
            }
        return;
    }
    double *omega = calloc((size_t)(K > 0 ? K : 1), sizeof(double)), tot = 0.0;
    if (omega == NULL) {
        st->have_replay = 0;
        return;
    }
    for (size_t i = 0; i < sc->nsegs; i++) {
        const sf_segment *g = &sc->segs[i];
        const double el = g->loans * g->avg_amount * g->pd * g->lgd;
        omega[g->sector] += el;
        tot += el;
    }
    for (int k = 0; k < K; k++)
        omega[k] = tot > 0.0 ? omega[k] / tot : 1.0 / K;
    const double kf = sqrt((1.0 - w) / w);
    for (int y = 0; y < H; y++) {
        double s = 0.0;
        for (int k = 0; k < K; k++)
            s += omega[k] * st->mean_f[(size_t)(1 + k) * (size_t)H + (size_t)y];
        n = replay_value(st->replay, sizeof st->replay, n, y == 0, st->mean_f[y] + kf * s, &st->replay_f[y]);
    }
    free(omega);
}

static void print_summary(const stress_state *st)
{
    const sf_result *res = st->base->res;
    const int H = res->nyears;
    printf("%s: %ld of %ld paths (%.2f %%) have %s %s %s %.6g\n", st->base->sc.sim.name, st->nmeet, res->npaths,
           100.0 * (double)st->nmeet / (double)res->npaths, st->t.series, st->t.year, st->t.le ? "<=" : ">=",
           st->t.value);
    printf("  mean factor path on them (G, then each sector):");
    for (int fi = 0; fi < res->nfactors; fi++) {
        printf("\n    %-24s", fi == 0 ? "G" : st->base->sc.sectors[fi - 1]);
        for (int y = 0; y < H; y++)
            printf(" %+7.3f", st->mean_f[(size_t)fi * (size_t)H + (size_t)y]);
    }
    printf("\n  likelihood against the baseline path: mean path %.3g (log %.3f), most likely path #%ld %.3g\n",
           exp(st->ll_mean), st->ll_mean, st->best, exp(st->ll_best));
    const int bt = sf_result_series(res, "budget.total");
    if (bt >= 0) {
        const size_t cell = res->col0[bt] + (size_t)H;
        printf("  budget.total over the horizon on those paths: mean %.2f CNY million (all paths %.2f)\n",
               st->line_mean[cell] / 1e6, res->stats[cell].mean / 1e6);
    }
    if (st->have_replay)
        printf("  replay: --set %s%s%s\n  the replay meets the target on %.1f %% of its paths (%s %s %s %.6g)\n",
               st->replay, st->replay_sectors ? " --set " : "", st->replay_sectors ? st->replay_sector : "",
               100.0 * st->replay_share, st->t.series, st->t.year, sf_stat_names[st->t.stat],
               st->replay_stat);
    else
        printf("  no replay line: economy.global_weight = 0, so G moves no default, and the sectors x years are more "
               "than economy.stress_sector holds (%d)\n",
               SF_MAX_STRESS_SECTOR);
}

int study_stress(const char *ini, const char *target, const study_opts *o, sf_err *err)
{
    stress_state st;
    memset(&st, 0, sizeof st);
    int rc = study_target_parse(target, &st.t, err);
    if (rc != SF_OK)
        return rc;
    study_run base;
    study_out so = {"stress", 300, NULL, ""};
    rc = study_run_one_opts(ini, o, NULL, NULL, &base, &so, keep_everything, NULL, err);
    if (rc != SF_OK) {
        sf_outdir_abort(so.od);
        return rc;
    }
    st.base = &base;
    const sf_result *res = base.res;
    const int H = res->nyears, nf = res->nfactors;
    rc = study_target_cell(res, &st.t, &st.ts, &st.tc, err);
    if (rc == SF_OK && res->factors == NULL)
        rc = sf_err_set(err, SF_EFAIL, "stress: internal: the run kept no factors");
    st.mean_f = calloc((size_t)nf * (size_t)H + 1, sizeof(double));
    st.replay_f = calloc((size_t)nf * (size_t)H + 1, sizeof(double));
    st.line_mean = calloc(res->ncells + 1, sizeof(double));
    if (rc == SF_OK && (!st.mean_f || !st.replay_f || !st.line_mean))
        rc = sf_err_set(err, SF_ENOMEM, "stress: out of memory");
    /* The paths that meet the target; the mean of their factors and of the followed cells. */
    double extreme = st.t.le ? INFINITY : -INFINITY;
    st.best = -1;
    st.ll_best = -INFINITY;
    const size_t per = (size_t)nf * (size_t)H;
    for (long p = 0; rc == SF_OK && p < res->npaths; p++) {
        const double v = sf_result_value(res, st.ts, st.tc, p);
        extreme = st.t.le ? fmin(extreme, v) : fmax(extreme, v);
        if (!meets(&st.t, v))
            continue;
        st.nmeet++;
        const double *x = res->factors + (size_t)p * per;
        for (size_t i = 0; i < per; i++)
            st.mean_f[i] += x[i];
        const double ll = log_likelihood(x, nf, H, base.sc.econ.persistence);
        if (ll > st.ll_best) {
            st.ll_best = ll;
            st.best = p;
        }
        for (size_t s = 0; s < res->nseries; s++)
            if (followed(res, s, st.ts))
                for (int c = 0; c < res->ncols[s]; c++)
                    st.line_mean[res->col0[s] + (size_t)c] += sf_result_value(res, (int)s, c, p);
    }
    if (rc == SF_OK && st.nmeet == 0)
        rc = sf_err_set(err, SF_EINVAL,
                        "--target: no path of %ld meets %s %s %s %.6g; the %s value seen is %.6g (%s %s)", res->npaths,
                        st.t.series, st.t.year, st.t.le ? "<=" : ">=", st.t.value, st.t.le ? "smallest" : "largest",
                        extreme, st.t.le ? "raise" : "lower", "the target or simulate more paths");
    if (rc == SF_OK) {
        for (size_t i = 0; i < per; i++)
            st.mean_f[i] /= (double)st.nmeet;
        for (size_t i = 0; i < res->ncells; i++)
            st.line_mean[i] /= (double)st.nmeet;
        st.ll_mean = log_likelihood(st.mean_f, nf, H, base.sc.econ.persistence);
        replay_path(&st);
    }
    if (rc == SF_OK && st.have_replay) {
        study_run rep;
        const unsigned long seed = base.sc.sim.seed;
        const char *lines[2] = {st.replay, st.replay_sector};
        rc = study_run_sets(ini, o, lines, st.replay_sectors ? 2 : 1, &seed, &rep, NULL, keep_values, NULL, err);
        if (rc == SF_OK) {
            int s, c;
            rc = study_target_cell(rep.res, &st.t, &s, &c, err);
            long n = 0;
            for (long p = 0; rc == SF_OK && p < rep.res->npaths; p++)
                n += meets(&st.t, sf_result_value(rep.res, s, c, p));
            if (rc == SF_OK) {
                st.replay_share = (double)n / (double)rep.res->npaths;
                st.replay_stat = sf_stat_value(&rep.res->stats[rep.res->col0[s] + (size_t)c], st.t.stat);
            }
            study_run_free(&rep);
        }
    }
    if (rc == SF_OK) {
        const sf_results_extra_file ef = {"stress.csv", stress_write, &st};
        rc = study_out_commit(&so, res, o, &ef, err);
        if (rc == SF_OK && !o->quiet) {
            print_summary(&st);
            printf("stress: %s/stress.csv, report: %s/report.html\n", so.dir, so.dir);
        }
    }
    sf_outdir_abort(so.od);
    free(st.mean_f);
    free(st.replay_f);
    free(st.line_mean);
    study_run_free(&base);
    return rc;
}
