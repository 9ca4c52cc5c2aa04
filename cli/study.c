#include "study.h"
#include "study_internal.h"

#include "compare.h"
#include "loader.h"
#include "outdir.h"
#include "overrides.h"
#include "results.h"
#include "sim.h"
#ifdef SMEFIN_MPI
#include "mpi_sim.h"
#include <mpi.h>
#endif

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SETS STUDY_MAX_SETS
#define NBATCH STUDY_NBATCH

void study_run_free(study_run *r)
{
    if (r->res)
        sf_result_free(r->res);
    r->res = NULL;
    sf_scenario_release(&r->sc);
}

/* The study's folder: o->out, or results/NAME-VERB (results/NAME+HASH-VERB with --set: see
 * overrides.h). */
static void out_dir(const study_opts *o, const sf_scenario *sc, const char *verb, char *buf, size_t n)
{
    char suffix[64];
    snprintf(suffix, sizeof suffix, "-%s", verb);
    if (o->out)
        snprintf(buf, n, "%s", o->out);
    else if (cli_overrides_folder(sc->sim.name, o->sets, o->nsets, suffix, buf, n) != 0)
        snprintf(buf, n, "results/%s-%s", sc->sim.name, verb);
    size_t l = strlen(buf);
    while (l > 1 && buf[l - 1] == '/')
        buf[--l] = '\0';
}

/* Open the folder for the first run (its estimate sizes the output); nothing when open. */
static int out_open(study_out *so, const study_opts *o, const sf_scenario *sc, const sf_run_opts *ro, sf_err *err)
{
    if (so == NULL || so->dir[0] != '\0')
        return SF_OK;
    out_dir(o, sc, so->verb, so->dir, sizeof so->dir);
    sf_run_estimate est;
    int rc = sf_sim_estimate(sc, ro, &est, err);
    if (rc == SF_OK && cli_writer())
        rc = sf_outdir_open(so->dir, sf_results_estimate_bytes(&est, 0, so->extra_per_cell * est.ncells), o->cancel,
                            &so->od, err);
    return cli_agree(rc, err);
}

/* Write the study's folder: the reference run's files and the study's CSV, then swap it in. */
int study_out_commit(study_out *so, const sf_result *res, const study_opts *o, const sf_results_extra_file *ef,
                     sf_err *err)
{
    sf_results_meta meta = {o->lang ? o->lang : "en", 0, cli_ranks(), ef, 1, NULL, o->cancel, o->sets, o->nsets, NULL, NULL, NULL, NULL};
    const int rc = cli_results_commit(res, so->od, &meta, err);
    so->od = NULL;
    return rc;
}

int study_run_one_opts(const char *ini, const study_opts *o, const char *extra, const unsigned long *seed,
                       study_run *r, study_out *so, void (*ro_edit)(sf_run_opts *ro, void *ud), void *ud,
                       sf_err *err)
{
    return study_run_sets(ini, o, &extra, extra ? 1 : 0, seed, r, so, ro_edit, ud, err);
}

int study_run_sets(const char *ini, const study_opts *o, const char *const *extra, int nextra, const unsigned long *seed,
                   study_run *r, study_out *so, void (*ro_edit)(sf_run_opts *ro, void *ud), void *ud, sf_err *err)
{
    const char *sets[MAX_SETS];
    int n = 0;
    if (nextra > 4)
        nextra = 4;
    for (int i = 0; i < o->nsets && n < MAX_SETS - 4; i++)
        sets[n++] = o->sets[i];
    for (int i = 0; i < nextra; i++)
        sets[n++] = extra[i];
    memset(r, 0, sizeof *r);
    int rc = sf_scenario_load(ini, sets, n, &r->sc, err);
    if (rc != SF_OK)
        return rc;
    if (r->sc.sim.importance) {
        /* The study verbs pair runs on common random numbers; their weighted paired differences
         * (one shift for every arm) are not built yet: refused rather than unweighted. */
        rc = sf_err_set(err, SF_EINVAL,
                        "%s: simulation.importance_sampling: 'auto' is supported by `smefin run` only (the study "
                        "verbs' paired differences are not weighted yet); allowed here: off",
                        r->sc.path);
        sf_scenario_release(&r->sc);
        return rc;
    }
    if (o->seed_given)
        r->sc.sim.seed = (unsigned long)o->seed;
    else if (seed)
        r->sc.sim.seed = *seed;
    sf_run_opts ro;
    sf_run_opts_init(&ro);
    ro.paths = o->paths;
    ro.threads = o->threads;
    ro.max_memory = o->max_memory;
    ro.cancel = o->cancel;
    if (ro_edit)
        ro_edit(&ro, ud);
    rc = out_open(so, o, &r->sc, &ro, err);
    if (rc == SF_OK)
        rc = cli_simulate(&r->sc, &ro, &r->res, err);
    if (rc != SF_OK)
        sf_scenario_release(&r->sc);
    return rc;
}

int study_run_one(const char *ini, const study_opts *o, const char *extra, const unsigned long *seed, study_run *r,
                  study_out *so, sf_err *err)
{
    return study_run_one_opts(ini, o, extra, seed, r, so, NULL, NULL, err);
}

static int results_commit(const sf_result *res, sf_outdir *od, sf_results_meta *meta, sf_err *err);

int cli_simulate(const sf_scenario *sc, const sf_run_opts *ro, sf_result **out, sf_err *err)
{
#ifdef SMEFIN_MPI
    return mpi_simulate(sc, ro, out, err);
#else
    return sf_simulate(sc, ro, out, err);
#endif
}

/* The parameters the scenario file gives without the run's overrides: the other side of
 * overrides.csv's diff. NULL when there are none, or when the file does not load alone (a key
 * that only a --set supplies): the column is then left blank. */
static sf_params *scenario_file_params(const sf_result *res, const sf_results_meta *meta)
{
    if (meta->noverrides <= 0 || meta->scenario_params != NULL || res->sc->path[0] == '\0')
        return NULL;
    sf_scenario plain;
    sf_err e = {0, ""};
    if (sf_scenario_load(res->sc->path, NULL, 0, &plain, &e) != SF_OK)
        return NULL;
    sf_params *p = NULL;
    if (sf_scenario_params(&plain, &p, &e) != SF_OK)
        p = NULL;
    sf_scenario_release(&plain);
    return p;
}

int cli_writer(void)
{
#ifdef SMEFIN_MPI
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank == 0;
#else
    return 1;
#endif
}

int cli_ranks(void)
{
#ifdef SMEFIN_MPI
    int size;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
#else
    return 1;
#endif
}

int cli_agree(int rc, sf_err *err)
{
#ifdef SMEFIN_MPI
    return mpi_agree(rc, err);
#else
    (void)err;
    return rc;
#endif
}

int cli_results_commit(const sf_result *res, sf_outdir *od, sf_results_meta *meta, sf_err *err)
{
    if (!cli_writer()) /* smefin-mpi: rank 0 writes; the others learn how it went */
        return cli_agree(SF_OK, err);
    return cli_agree(results_commit(res, od, meta, err), err);
}

static int results_commit(const sf_result *res, sf_outdir *od, sf_results_meta *meta, sf_err *err)
{
    sf_params *params = NULL, *file_params = scenario_file_params(res, meta);
    /* the scenario's note above each key: budget.xlsx's source column (none when the file does
     * not load again, e.g. a test's in-memory scenario: the column is then blank) */
    sf_params *origin = NULL, *notes = NULL;
    if (res->sc->path[0] != '\0') {
        sf_err e = {0, ""};
        if (sf_scenario_sources(res->sc->path, meta->overrides, meta->noverrides, &origin, &notes, &e) != SF_OK)
            origin = notes = NULL;
    }
    int rc = sf_scenario_params(res->sc, &params, err);
    if (rc == SF_OK) {
        meta->params = params;
        meta->param_notes = notes;
        if (file_params)
            meta->scenario_params = file_params;
        rc = sf_results_write_into(res, od, meta, err);
        meta->params = NULL;
        meta->param_notes = NULL;
        if (file_params)
            meta->scenario_params = NULL;
    }
    sf_params_free(params);
    sf_params_free(file_params);
    sf_params_free(origin);
    sf_params_free(notes);
    if (rc == SF_OK)
        return sf_outdir_commit(od, err);
    sf_outdir_abort(od);
    return rc;
}

int study_membuf_write(FILE *f, void *ud)
{
    const study_membuf *m = ud;
    fwrite(m->data, 1, m->size, f);
    return ferror(f) ? SF_EIO : SF_OK;
}

void study_num(FILE *f, double v, int last)
{
    char b[64];
    if (isnan(v))
        b[0] = '\0';
    else
        sf_results_format_number(v, b, sizeof b);
    fputs(b, f);
    fputc(last ? '\n' : ',', f);
}

void study_year_label(const sf_result *res, int col, char *buf, size_t n)
{
    if (col < res->nyears)
        snprintf(buf, n, "%d", res->sc->sim.start_year + col);
    else
        snprintf(buf, n, "%s", col == res->nyears ? "total" : "pv");
}

static const int compare_stats[] = {SF_STAT_MEAN, SF_STAT_P95, SF_STAT_P99, SF_STAT_CVAR99};

static int compare_rows(FILE *f, const study_run *base, const study_run *var, sf_err *err)
{
    const sf_result *a = base->res, *b = var->res;
    for (size_t s = 0; s < a->nseries; s++) {
        const int sb = sf_result_series(b, a->series[s]->name);
        if (sb < 0)
            continue;
        for (int c = 0; c < a->ncols[s] && c < b->ncols[sb]; c++)
            for (size_t k = 0; k < sizeof compare_stats / sizeof compare_stats[0]; k++) {
                double va, vb, d, se;
                const int rc = sf_compare_stat(a, (int)s, b, sb, c, compare_stats[k], NBATCH, &va, &vb, &d, &se);
                if (rc != SF_OK)
                    return sf_err_set(err, rc, "compare: out of memory");
                char y[16];
                study_year_label(a, c, y, sizeof y);
                sf_results_csv_field(f, var->sc.sim.name, 0);
                sf_results_csv_field(f, a->series[s]->name, 0);
                sf_results_csv_field(f, y, 0);
                sf_results_csv_field(f, sf_stat_names[compare_stats[k]], 0);
                study_num(f, va, 0);
                study_num(f, vb, 0);
                study_num(f, d, 0);
                study_num(f, se, 1);
            }
    }
    return SF_OK;
}

static void print_compare(const study_run *base, const study_run *var)
{
    const sf_result *a = base->res, *b = var->res;
    /* The claims view (issue 11): a variant's extra claims a pool cannot pay are a cost too. */
    const char *name = sf_result_series(a, "budget.claims") >= 0 && sf_result_series(b, "budget.claims") >= 0
                           ? "budget.claims"
                           : "budget.total";
    const int sa = sf_result_series(a, name), sb = sf_result_series(b, name);
    printf("%s vs %s: %s (%s view), CNY million (difference +- 2 se, common random numbers)\n", var->sc.sim.name,
           base->sc.sim.name, name, strcmp(name, "budget.claims") == 0 ? "claims" : "payouts");
    for (int c = 0; c < a->ncols[sa]; c++) {
        double va, vb, d, se;
        if (sf_compare_stat(a, sa, b, sb, c, SF_STAT_MEAN, NBATCH, &va, &vb, &d, &se) != SF_OK)
            return;
        char y[16];
        study_year_label(a, c, y, sizeof y);
        printf("  %-6s mean %12.2f -> %12.2f   diff %+12.2f +- %.2f\n", y, va / 1e6, vb / 1e6, d / 1e6, 2 * se / 1e6);
    }
}

int study_compare(const char *base_ini, const char *const *variants, int nvariants, const study_opts *opts,
                  sf_err *err)
{
    /* Paired differences read every path of every cell of both runs: no memory bound. */
    study_opts whole = *opts;
    whole.max_memory = 0;
    const study_opts *o = &whole;
    study_run base;
    study_out so = {"compare", (uint64_t)nvariants * 4 * 150, NULL, ""};
    int rc = study_run_one(base_ini, o, NULL, NULL, &base, &so, err);
    if (rc != SF_OK) {
        sf_outdir_abort(so.od);
        return rc;
    }
    study_membuf mb = {NULL, 0, NULL};
    mb.f = open_memstream(&mb.data, &mb.size);
    if (mb.f == NULL) {
        sf_outdir_abort(so.od);
        study_run_free(&base);
        return sf_err_set(err, SF_ENOMEM, "compare: out of memory");
    }
    fputs("variant,series,year,stat,base,variant_value,diff,diff_se\n", mb.f);
    const unsigned long seed = base.sc.sim.seed;
    for (int v = 0; rc == SF_OK && v < nvariants; v++) {
        study_run var;
        rc = study_run_one(variants[v], o, NULL, &seed, &var, NULL, err);
        if (rc != SF_OK)
            break;
        if (var.sc.sim.years != base.sc.sim.years || var.sc.sim.start_year != base.sc.sim.start_year) {
            rc = sf_err_set(err, SF_EINVAL,
                            "%s: simulation.years/start_year: must equal the base's (%d years from %d) to compare",
                            variants[v], base.sc.sim.years, base.sc.sim.start_year);
        } else {
            rc = compare_rows(mb.f, &base, &var, err);
            if (rc == SF_OK && !o->quiet)
                print_compare(&base, &var);
        }
        study_run_free(&var);
    }
    fclose(mb.f);
    if (rc == SF_OK) {
        const sf_results_extra_file ef = {"compare.csv", study_membuf_write, &mb};
        rc = study_out_commit(&so, base.res, o, &ef, err);
        if (rc == SF_OK && !o->quiet)
            printf("compare: %s/compare.csv, report: %s/report.html\n", so.dir, so.dir);
    }
    sf_outdir_abort(so.od);
    free(mb.data);
    study_run_free(&base);
    return rc;
}

static void summary_row(FILE *f, const char *key, const char *value, const sf_result *res, size_t s, int c)
{
    const sf_stat *st = &res->stats[res->col0[s] + (size_t)c];
    char y[16];
    study_year_label(res, c, y, sizeof y);
    sf_results_csv_field(f, key, 0);
    sf_results_csv_field(f, value, 0);
    sf_results_csv_field(f, res->series[s]->name, 0);
    sf_results_csv_field(f, res->series[s]->unit, 0);
    sf_results_csv_field(f, y, 0);
    for (int k = 0; k < SF_NSTATS; k++)
        study_num(f, sf_stat_value(st, k), k == SF_NSTATS - 1);
}

int study_sweep(const char *ini, const char *vary, const study_opts *o, sf_err *err)
{
    const char *eq = strchr(vary, '=');
    if (eq == NULL || eq == vary || eq[1] == '\0' || memchr(vary, '.', (size_t)(eq - vary)) == NULL)
        return sf_err_set(err, SF_EINVAL, "--vary: '%s' is not SECTION.KEY=V1,V2,...", SF_V(vary));
    char key[256];
    snprintf(key, sizeof key, "%.*s", (int)(eq - vary), vary);
    char *values = strdup(eq + 1);
    study_membuf mb = {NULL, 0, NULL};
    mb.f = values ? open_memstream(&mb.data, &mb.size) : NULL;
    if (mb.f == NULL) {
        free(values);
        return sf_err_set(err, SF_ENOMEM, "sweep: out of memory");
    }
    fputs("key,value,series,unit,year,mean,sd,se,p05,p50,p90,p95,p99,p999,cvar95,cvar99\n", mb.f);
    study_run first;
    memset(&first, 0, sizeof first);
    int rc = SF_OK, nv = 0;
    study_out so = {"sweep", 220, NULL, ""};
    for (const char *c = eq; *c; c++)
        so.extra_per_cell += *c == ',' ? 220 : 0; /* a row per cell and value */
    unsigned long seed = 0;
    char *save = NULL;
    for (char *v = strtok_r(values, ",", &save); rc == SF_OK && v; v = strtok_r(NULL, ",", &save)) {
        while (*v == ' ')
            v++;
        char set[600];
        snprintf(set, sizeof set, "%s=%s", key, v);
        study_run r;
        rc = study_run_one(ini, o, set, nv ? &seed : NULL, &r, &so, err);
        if (rc != SF_OK)
            break;
        if (nv == 0)
            seed = r.sc.sim.seed;
        for (size_t s = 0; s < r.res->nseries; s++)
            for (int c = 0; c < r.res->ncols[s]; c++)
                summary_row(mb.f, key, v, r.res, s, c);
        if (!o->quiet) {
            const sf_stat *st = sf_result_stat(r.res, "budget.total", SF_YEAR_TOTAL);
            printf("%s = %-12s budget.total over the horizon: mean %12.2f  P95 %12.2f  (CNY million)\n", key, v,
                   st->mean / 1e6, st->q[SF_Q95] / 1e6);
        }
        if (nv++ == 0) {
            first = r;
            first.res->sc = &first.sc; /* the result points at its scenario, which moved */
        } else
            study_run_free(&r);
    }
    fclose(mb.f);
    if (rc == SF_OK && nv == 0)
        rc = sf_err_set(err, SF_EINVAL, "--vary: no values in '%s'", SF_V(vary));
    if (rc == SF_OK) {
        const sf_results_extra_file ef = {"sweep.csv", study_membuf_write, &mb};
        rc = study_out_commit(&so, first.res, o, &ef, err);
        if (rc == SF_OK && !o->quiet)
            printf("sweep: %s/sweep.csv\n", so.dir);
    }
    sf_outdir_abort(so.od);
    if (nv > 0)
        study_run_free(&first);
    free(mb.data);
    free(values);
    return rc;
}

int study_target_parse(const char *t, study_target *st, sf_err *err)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", t);
    char *op = strstr(buf, "<=");
    st->le = 1;
    if (op == NULL) {
        op = strstr(buf, ">=");
        st->le = 0;
    }
    char *c1 = strchr(buf, ':');
    char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (op == NULL || c1 == NULL || c2 == NULL || c2 > op)
        return sf_err_set(err, SF_EINVAL, "--target: '%s' is not SERIES:YEAR:STAT<=VALUE (or >=)", SF_V(t));
    *c1 = *c2 = *op = '\0';
    snprintf(st->series, sizeof st->series, "%s", buf);
    snprintf(st->year, sizeof st->year, "%s", c1 + 1);
    st->stat = sf_stat_index(c2 + 1);
    if (st->stat < 0)
        return sf_err_set(err, SF_EINVAL, "--target: '%s' is not a statistic (mean, sd, se, p05 ... p999, cvar95, cvar99)",
                          SF_V(c2 + 1));
    char *end;
    errno = 0;
    st->value = strtod(op + 2, &end);
    if (errno || end == op + 2 || *end || !isfinite(st->value))
        return sf_err_set(err, SF_EINVAL, "--target: '%s' is not a finite number", SF_V(op + 2));
    return SF_OK;
}

int study_target_cell(const sf_result *res, const study_target *t, int *series, int *col, sf_err *err)
{
    const int s = sf_result_series(res, t->series);
    if (s < 0)
        return sf_err_set(err, SF_EINVAL, "--target: no series '%s' in this run (is its mechanism enabled?)", SF_V(t->series));
    const int c = sf_result_col(res, s, t->year);
    if (c < 0)
        return sf_err_set(err, SF_EINVAL, "--target: series '%s' has no year '%s'", SF_V(t->series), SF_V(t->year));
    *series = s;
    *col = c;
    return SF_OK;
}

/* The target's statistic in a run, or an error naming the series/year that does not exist. */
static int target_value(const study_run *r, const study_target *t, double *v, sf_err *err)
{
    int s, c;
    const int rc = study_target_cell(r->res, t, &s, &c, err);
    if (rc == SF_OK)
        *v = sf_stat_value(&r->res->stats[r->res->col0[s] + (size_t)c], t->stat);
    return rc;
}

static int solve_eval(const char *ini, const study_opts *o, const char *key, double x, const unsigned long *seed,
                      const study_target *t, study_run *r, double *v, study_out *so, sf_err *err)
{
    char set[600];
    snprintf(set, sizeof set, "%s=%.12g", key, x);
    int rc = study_run_one(ini, o, set, seed, r, so, err);
    if (rc == SF_OK && (rc = target_value(r, t, v, err)) != SF_OK)
        study_run_free(r);
    return rc;
}

typedef struct solve_out {
    const char *key;
    double x;
    const study_target *t;
    double achieved;
    int iterations;
} solve_out;

static int solve_csv(FILE *f, void *ud)
{
    const solve_out *s = ud;
    fputs("key,value,series,year,stat,target,achieved,iterations\n", f);
    sf_results_csv_field(f, s->key, 0);
    study_num(f, s->x, 0);
    sf_results_csv_field(f, s->t->series, 0);
    sf_results_csv_field(f, s->t->year, 0);
    char stat[64];
    snprintf(stat, sizeof stat, "%s%s", sf_stat_names[s->t->stat], s->t->le ? "<=" : ">=");
    sf_results_csv_field(f, stat, 0);
    study_num(f, s->t->value, 0);
    study_num(f, s->achieved, 0);
    fprintf(f, "%d\n", s->iterations);
    return ferror(f) ? SF_EIO : SF_OK;
}

int study_solve(const char *ini, const char *key, const char *range, const char *target, const study_opts *o,
                double *found, sf_err *err)
{
    study_target t;
    int rc = study_target_parse(target, &t, err);
    if (rc != SF_OK)
        return rc;
    double lo, hi;
    char *end;
    errno = 0;
    lo = strtod(range, &end);
    if (errno || end == range || *end != ':' || !isfinite(lo))
        return sf_err_set(err, SF_EINVAL, "--range: '%s' is not LO:HI", SF_V(range));
    const char *h = end + 1;
    hi = strtod(h, &end);
    if (errno || end == h || *end || !isfinite(hi) || !(hi > lo))
        return sf_err_set(err, SF_EINVAL, "--range: '%s' is not LO:HI with LO < HI", SF_V(range));
    if (strchr(key, '.') == NULL)
        return sf_err_set(err, SF_EINVAL, "--vary: '%s' is not SECTION.KEY", SF_V(key));

    study_run rl, rh;
    double vl, vh;
    study_out sout = {"solve", 0, NULL, ""};
    rc = solve_eval(ini, o, key, lo, NULL, &t, &rl, &vl, &sout, err);
    if (rc != SF_OK) {
        sf_outdir_abort(sout.od);
        return rc;
    }
    const unsigned long seed = rl.sc.sim.seed;
    rc = solve_eval(ini, o, key, hi, &seed, &t, &rh, &vh, NULL, err);
    if (rc != SF_OK) {
        sf_outdir_abort(sout.od);
        study_run_free(&rl);
        return rc;
    }
    const int okl = t.le ? vl <= t.value : vl >= t.value;
    const int okh = t.le ? vh <= t.value : vh >= t.value;
    if (okl == okh) {
        sf_outdir_abort(sout.od);
        study_run_free(&rl);
        study_run_free(&rh);
        return sf_err_set(err, SF_EINVAL, "--range: the target %s on the whole range [%g, %g] (%g at %g, %g at %g)",
                          okl ? "holds" : "never holds", lo, hi, vl, lo, vh, hi);
    }
    /* Keep the run on the side where the target holds. */
    double xs = okl ? lo : hi, xf = okl ? hi : lo, vs = okl ? vl : vh;
    study_run best = okl ? rl : rh;
    best.res->sc = &best.sc; /* the result points at its scenario, which moved */
    study_run_free(okl ? &rh : &rl);
    int it = 0;
    const double tol = 1e-4 * (hi - lo);
    while (rc == SF_OK && fabs(xf - xs) > tol && it < 60) {
        const double xm = 0.5 * (xs + xf);
        study_run rm;
        double vm;
        rc = solve_eval(ini, o, key, xm, &seed, &t, &rm, &vm, NULL, err);
        if (rc != SF_OK)
            break;
        it++;
        if (t.le ? vm <= t.value : vm >= t.value) {
            study_run_free(&best);
            best = rm;
            best.res->sc = &best.sc;
            xs = xm;
            vs = vm;
        } else {
            study_run_free(&rm);
            xf = xm;
        }
    }
    if (rc == SF_OK) {
        *found = xs;
        solve_out so = {key, xs, &t, vs, it};
        const sf_results_extra_file ef = {"solve.csv", solve_csv, &so};
        rc = study_out_commit(&sout, best.res, o, &ef, err);
        if (rc == SF_OK && !o->quiet)
            printf("%s = %.10g (%s %s %s = %.6g, target %s %.6g; %d bisections)\nsolve: %s/solve.csv\n", key, xs,
                   t.series, t.year, sf_stat_names[t.stat], vs, t.le ? "<=" : ">=", t.value, it, sout.dir);
    }
    sf_outdir_abort(sout.od);
    study_run_free(&best);
    return rc;
}
