/*
 * sensitivity.c — smefin sensitivity: which assumption moves the budget. Each key is moved down
 * and up by a relative delta (clipped to its legal range from the key tables) and the scenario
 * is simulated again on the same random numbers (common random numbers: same seed, same paths),
 * so the change in the budget is the key's effect, not noise. sensitivity.csv (one row per key,
 * series, year and statistic) feeds the report's tornado chart.
 */
#include "compare.h"
#include "loader.h"
#include "mechanism.h"
#include "params.h"
#include "study.h"
#include "study_internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENS_MAX_KEYS 512

/* The series sensitivity.csv follows, those of them a run has: the total budget, and the
 * claims view of the budget where the engine writes it. */
static const char *const sens_series[] = {"budget.total", "budget.claims"};
#define SENS_NSERIES (sizeof sens_series / sizeof sens_series[0])
static const int sens_stats[] = {SF_STAT_MEAN, SF_STAT_P95};
#define SENS_NSTATS (sizeof sens_stats / sizeof sens_stats[0])

typedef struct sens_key {
    char key[160];
    double base, low, high;
    int whole;
} sens_key;

/* One row of sensitivity.csv before sorting. */
typedef struct sens_row {
    int key;   /* index into the keys */
    int group; /* (series, column, statistic) group, in output order */
    int series, col, stat;
    double base, low, high, low_diff, high_diff, diff_se;
} sens_row;

/* The group of (series k, column c of a run with H years, statistic j): the horizon first,
 * then present value, then the years; mean before P95 in each. */
static int group_of(size_t k, int c, int H, size_t j)
{
    const int order = c == H ? 0 : (c == H + 1 ? 1 : c + 2);
    return ((int)k * (H + 2) + order) * (int)SENS_NSTATS + (int)j;
}

static double effect(const sens_row *r)
{
    const double a = fabs(r->low_diff), b = fabs(r->high_diff);
    return isfinite(a) && isfinite(b) ? fmax(a, b) : (isfinite(a) ? a : (isfinite(b) ? b : 0.0));
}

static int row_cmp(const void *pa, const void *pb)
{
    const sens_row *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    const double ea = effect(a), eb = effect(b);
    if (ea != eb)
        return ea > eb ? -1 : 1;
    return (a->key > b->key) - (a->key < b->key); /* ties in the order the keys were given */
}

/* The moved value v·(1 ± delta), clipped to the key's range; an excluded bound is replaced by
 * the point halfway between it and v. Whole-number keys round to the nearest whole number and
 * move at least 1. */
static double moved(double v, double delta, int up, const sf_key_range *kr)
{
    double x = v * (up ? 1.0 + delta : 1.0 - delta);
    if (v < 0)
        x = v * (up ? 1.0 - delta : 1.0 + delta); /* low stays below high */
    if (kr->whole) {
        x = floor(x + 0.5);
        if (x == v)
            x = up ? v + 1 : v - 1;
    }
    if (x < kr->min)
        x = kr->min;
    if (x > kr->max)
        x = kr->max;
    if (kr->min_open && x == kr->min)
        x = kr->whole ? kr->min + 1 : 0.5 * (kr->min + v);
    if (kr->max_open && x == kr->max)
        x = kr->whole ? kr->max - 1 : 0.5 * (kr->max + v);
    return x;
}

/* The resolved value of SECTION.KEY in a loaded scenario (the loader's listing), as text. */
static const char *param_value(const sf_params *p, const char *key)
{
    const char *dot = strchr(key, '.');
    const size_t ls = (size_t)(dot - key);
    for (size_t i = 0; i < sf_params_count(p); i++) {
        const char *s = sf_params_section(p, i);
        if (strlen(s) == ls && strncmp(s, key, ls) == 0 && strcmp(sf_params_key(p, i), dot + 1) == 0)
            return sf_params_value(p, i);
    }
    return NULL;
}

/* Whether a section's keys are in the default list: the economy and every enabled mechanism
 * (a disabled one lists only `enabled`, so its keys never reach here). */
static int default_section(const char *section)
{
    return strcmp(section, "economy") == 0 || sf_mechanism_info_find(section) != NULL;
}

static int key_add(sens_key *keys, int *n, const char *key, const char *value, double delta, int explicit_key,
                   const sf_scenario *sc, sf_err *err)
{
    sf_key_range kr;
    if (strchr(key, '.') == NULL || sf_scenario_key_range(key, &kr) != SF_OK)
        return explicit_key ? sf_err_set(err, SF_EINVAL,
                                         "--keys: '%s' is not a numeric scenario key (SECTION.KEY holding one number)",
                                         SF_V(key))
                            : SF_OK;
    if (value == NULL)
        return sf_err_set(err, SF_EINVAL, "--keys: '%s': its section is not enabled in %s", SF_V(key), sc->path);
    char *end;
    errno = 0;
    const double v = strtod(value, &end);
    if (errno || end == value || *end || !isfinite(v))
        return explicit_key ? sf_err_set(err, SF_EINVAL, "--keys: '%s' = '%s' is not a number", SF_V(key), SF_V(value))
                            : SF_OK;
    if (v == 0.0) {
        if (explicit_key)
            return sf_err_set(err, SF_EINVAL,
                              "--keys: '%s' is 0 in %s; a relative --delta does not move it (use sweep --vary)",
                              SF_V(key), sc->path);
        return SF_OK;
    }
    for (int i = 0; i < *n; i++)
        if (strcmp(keys[i].key, key) == 0)
            return SF_OK;
    if (*n >= SENS_MAX_KEYS)
        return sf_err_set(err, SF_EINVAL, "--keys: more than %d keys", SENS_MAX_KEYS);
    sens_key *k = &keys[(*n)++];
    snprintf(k->key, sizeof k->key, "%s", key);
    k->base = v;
    k->whole = kr.whole;
    k->low = moved(v, delta, 0, &kr);
    k->high = moved(v, delta, 1, &kr);
    if (k->low == v && k->high == v)
        (*n)--; /* at both ends of its range at once: nothing to move */
    return SF_OK;
}

/* The keys to move: --keys, or every numeric key of the economy and the enabled mechanisms and
 * the portfolio's multipliers (loans_scale not for a loan book), less those at 0 and t_dof of a
 * Gaussian copula (which reads none of it). */
static int keys_collect(const study_run *base, const char *list, double delta, sens_key *keys, int *n, sf_err *err)
{
    sf_params *p = NULL;
    int rc = sf_scenario_params(&base->sc, &p, err);
    *n = 0;
    if (rc == SF_OK && list) {
        char *dup = strdup(list), *save = NULL;
        if (dup == NULL)
            rc = sf_err_set(err, SF_ENOMEM, "sensitivity: out of memory");
        for (char *k = dup ? strtok_r(dup, ",", &save) : NULL; rc == SF_OK && k; k = strtok_r(NULL, ",", &save)) {
            while (*k == ' ')
                k++;
            rc = key_add(keys, n, k, strchr(k, '.') ? param_value(p, k) : NULL, delta, 1, &base->sc, err);
        }
        free(dup);
        if (rc == SF_OK && *n == 0)
            rc = sf_err_set(err, SF_EINVAL, "--keys: no keys in '%s'", SF_V(list));
    } else if (rc == SF_OK) {
        static const char *const scales[] = {"pd_scale", "lgd_scale", "rho_scale", "loans_scale"};
        for (size_t i = 0; rc == SF_OK && i < sf_params_count(p); i++) {
            const char *s = sf_params_section(p, i), *k = sf_params_key(p, i);
            if (!default_section(s) || (strcmp(s, "economy") == 0 && strcmp(k, "t_dof") == 0 &&
                                        base->sc.econ.copula != SF_COPULA_T))
                continue;
            char fk[160];
            snprintf(fk, sizeof fk, "%s.%s", s, k);
            rc = key_add(keys, n, fk, sf_params_value(p, i), delta, 0, &base->sc, err);
        }
        for (size_t i = 0; rc == SF_OK && i < sizeof scales / sizeof scales[0]; i++) {
            if (i == 3 && base->sc.is_loan_book)
                continue;
            char fk[160];
            snprintf(fk, sizeof fk, "portfolio.%s", scales[i]);
            rc = key_add(keys, n, fk, param_value(p, fk), delta, 0, &base->sc, err);
        }
    }
    sf_params_free(p);
    return rc;
}

static void set_text(const sens_key *k, double x, char *buf, size_t n)
{
    if (k->whole)
        snprintf(buf, n, "%s=%.0f", k->key, x);
    else
        snprintf(buf, n, "%s=%.17g", k->key, x);
}

/* The rows of one key: base against low and high, paired path by path. */
static int key_rows(const study_run *base, const study_run *lo, const study_run *hi, int ki, sens_row *rows,
                    size_t *nrows, sf_err *err)
{
    const sf_result *a = base->res;
    for (size_t k = 0; k < SENS_NSERIES; k++) {
        const int sa = sf_result_series(a, sens_series[k]);
        const int sl = sf_result_series(lo->res, sens_series[k]), sh = sf_result_series(hi->res, sens_series[k]);
        if (sa < 0 || sl < 0 || sh < 0)
            continue;
        for (int c = 0; c < a->ncols[sa]; c++)
            for (size_t j = 0; j < SENS_NSTATS; j++) {
                sens_row *r = &rows[(*nrows)++];
                double va, sel, seh;
                r->key = ki;
                r->group = group_of(k, c, a->nyears, j);
                r->series = (int)k;
                r->col = c;
                r->stat = sens_stats[j];
                if (sf_compare_stat(a, sa, lo->res, sl, c, r->stat, STUDY_NBATCH, &va, &r->low, &r->low_diff, &sel) !=
                        SF_OK ||
                    sf_compare_stat(a, sa, hi->res, sh, c, r->stat, STUDY_NBATCH, &r->base, &r->high, &r->high_diff,
                                    &seh) != SF_OK)
                    return sf_err_set(err, SF_ENOMEM, "sensitivity: out of memory");
                /* the larger of the two: low_diff and high_diff are each within +- 2 diff_se */
                r->diff_se = isnan(sel) ? seh : (isnan(seh) ? sel : fmax(sel, seh));
            }
    }
    return SF_OK;
}

typedef struct sens_csv {
    const sens_key *keys;
    const sens_row *rows;
    size_t nrows;
    const sf_result *res;
} sens_csv;

static int sens_write(FILE *f, void *ud)
{
    const sens_csv *s = ud;
    fputs("key,base_value,low_value,high_value,series,year,stat,base,low,high,low_diff,high_diff,diff_se\n", f);
    for (size_t i = 0; i < s->nrows; i++) {
        const sens_row *r = &s->rows[i];
        const sens_key *k = &s->keys[r->key];
        char y[16];
        study_year_label(s->res, r->col, y, sizeof y);
        sf_results_csv_field(f, k->key, 0);
        study_num(f, k->base, 0);
        study_num(f, k->low, 0);
        study_num(f, k->high, 0);
        sf_results_csv_field(f, sens_series[r->series], 0);
        sf_results_csv_field(f, y, 0);
        sf_results_csv_field(f, sf_stat_names[r->stat], 0);
        study_num(f, r->base, 0);
        study_num(f, r->low, 0);
        study_num(f, r->high, 0);
        study_num(f, r->low_diff, 0);
        study_num(f, r->high_diff, 0);
        study_num(f, r->diff_se, 1);
    }
    return ferror(f) ? SF_EIO : SF_OK;
}

static void print_table(const sens_key *keys, const sens_row *rows, size_t nrows, const study_run *base, double delta)
{
    const sf_result *a = base->res;
    printf("%s: sensitivity of budget.total over the horizon, mean, CNY million (each key -/+ %.3g %%, common random "
           "numbers; +- 2 se)\n",
           base->sc.sim.name, 100 * delta);
    int shown = 0;
    for (size_t i = 0; i < nrows; i++) {
        const sens_row *r = &rows[i];
        if (r->group != group_of(0, a->nyears, a->nyears, 0))
            continue;
        if (!shown++)
            printf("  base %.2f\n", r->base / 1e6);
        const sens_key *k = &keys[r->key];
        printf("  %-40s %10.4g -> %-10.4g %+12.2f %+12.2f  +- %.2f\n", k->key, k->low, k->high, r->low_diff / 1e6,
               r->high_diff / 1e6, 2 * r->diff_se / 1e6);
    }
}

int study_sensitivity(const char *ini, const char *keylist, double delta, const study_opts *o, sf_err *err)
{
    if (!(delta > 0.0 && delta < 1.0))
        return sf_err_set(err, SF_EINVAL, "--delta: %g; allowed: a relative change in (0, 1)", delta);
    study_run base;
    study_out so = {"sensitivity", 0, NULL, ""};
    sens_key *keys = calloc(SENS_MAX_KEYS, sizeof *keys);
    if (keys == NULL)
        return sf_err_set(err, SF_ENOMEM, "sensitivity: out of memory");
    /* The folder is checked before the first path: the base run's files and about 300 bytes a
     * cell for sensitivity.csv (its rows of ~64 keys). */
    so.extra_per_cell = 300;
    int rc = study_run_one(ini, o, NULL, NULL, &base, &so, err);
    if (rc != SF_OK) {
        sf_outdir_abort(so.od);
        free(keys);
        return rc;
    }
    int nkeys = 0;
    rc = keys_collect(&base, keylist, delta, keys, &nkeys, err);
    const size_t per_key = SENS_NSERIES * (size_t)(base.res->nyears + 2) * SENS_NSTATS;
    sens_row *rows = rc == SF_OK ? calloc((size_t)nkeys * per_key + 1, sizeof *rows) : NULL;
    if (rc == SF_OK && rows == NULL)
        rc = sf_err_set(err, SF_ENOMEM, "sensitivity: out of memory");
    size_t nrows = 0;
    const unsigned long seed = base.sc.sim.seed;
    int used = 0;
    for (int i = 0; rc == SF_OK && i < nkeys; i++) {
        sens_key *k = &keys[i];
        char set[256];
        study_run lo, hi;
        sf_err e2 = {0, ""};
        set_text(k, k->low, set, sizeof set);
        int r1 = study_run_one(ini, o, set, &seed, &lo, NULL, &e2);
        int r2 = SF_EINVAL;
        if (r1 == SF_OK) {
            set_text(k, k->high, set, sizeof set);
            r2 = study_run_one(ini, o, set, &seed, &hi, NULL, &e2);
            if (r2 != SF_OK)
                study_run_free(&lo);
        }
        if (r1 != SF_OK || r2 != SF_OK) {
            const int code = r1 != SF_OK ? r1 : r2;
            if (code != SF_EINVAL || keylist) { /* a key the user named, or not a bad value: the study fails */
                *err = e2;
                rc = code;
                break;
            }
            /* A default key whose moved value the scenario's cross-key checks refuse (a share
             * above its cap, a corridor upside down): left out, and said so. */
            if (!o->quiet)
                printf("sensitivity: %s left out: %s\n", k->key, e2.msg);
            continue;
        }
        if (lo.sc.sim.years != base.sc.sim.years || lo.sc.sim.start_year != base.sc.sim.start_year ||
            hi.sc.sim.years != base.sc.sim.years || hi.sc.sim.start_year != base.sc.sim.start_year)
            rc = sf_err_set(err, SF_EINVAL, "--keys: %s changes the years simulated; not a sensitivity key", k->key);
        else
            rc = key_rows(&base, &lo, &hi, i, rows, &nrows, err);
        used++;
        study_run_free(&lo);
        study_run_free(&hi);
    }
    if (rc == SF_OK && used == 0)
        rc = sf_err_set(err, SF_EINVAL, "sensitivity: no key of %s could be moved", ini);
    if (rc == SF_OK) {
        qsort(rows, nrows, sizeof *rows, row_cmp);
        sens_csv sc = {keys, rows, nrows, base.res};
        const sf_results_extra_file ef = {"sensitivity.csv", sens_write, &sc};
        rc = study_out_commit(&so, base.res, o, &ef, err);
        if (rc == SF_OK && !o->quiet) {
            print_table(keys, rows, nrows, &base, delta);
            printf("sensitivity: %s/sensitivity.csv, report: %s/report.html\n", so.dir, so.dir);
        }
    }
    sf_outdir_abort(so.od);
    free(rows);
    free(keys);
    study_run_free(&base);
    return rc;
}
