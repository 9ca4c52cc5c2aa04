/*
 * calibrate.c — `smefin calibrate KIND FILE`: read a CSV with libcsv, validate every cell against
 * its column's rule, fit (vasicek_fit.c, lgd_fit.c, fund_fit.c) and write the estimates as a CSV
 * `parameter,estimate,se,note`, the note naming the scenario key to paste the estimate into.
 */
#include "calibrate.h"

#include "csv_table.h"
#include "fund_fit.h"
#include "lgd_fit.h"
#include "vasicek_fit.h"

#include <csv.h>
#include <errno.h>
#include <gsl/gsl_math.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A calibration file is a few hundred rows at most; refuse anything absurdly large. */
#define CAL_FILE_LIMIT ((size_t)64 << 20)
/* Simplex-size tolerances of the optimisers (in their unconstrained coordinates). A simplex
 * cannot shrink much below sqrt(DBL_EPSILON) ≈ 1.5e-8 relative: the objective is flat to
 * rounding there. */
#define CAL_TOL_VASICEK 1e-7
#define CAL_TOL_LGD 1e-7
#define CAL_TOL_FUND 1e-7
/* Paid-in may exceed committed capital by rounding in the data only. */
#define CAL_PIC_SLACK 1e-9

/* ------------------------------------------------------------------ reading the CSV */

/* Parse `path` into *t; each row knows the line it starts on. */
static int table_read(const char *path, csv_table **t, sf_err *err)
{
    sf_err e;
    sf_err_clear(&e);
    const int rc = sf_csv_table_read(path, CAL_FILE_LIMIT, "a calibration file is a table of a few hundred rows",
                                  t, NULL, &e);
    if (rc == SF_ENOMEM)
        return sf_err_set(err, SF_ENOMEM, "%s: out of memory", path);
    if (rc != SF_OK)
        return sf_err_set(err, rc, "%s", e.msg);
    return SF_OK;
}

/* ------------------------------------------------------------------ columns and cells */

typedef struct col_rule {
    const char *name;
    int required;
    int whole;          /* a whole number */
    double lo, hi;      /* allowed range */
    int lo_open, hi_open;
    const char *allowed; /* the rule in words, for messages */
} col_rule;

typedef struct cal_input {
    const char *path;
    csv_table *t;
    const col_rule *rules;
    int nrules;
    int col[8]; /* header column of each rule, −1 when absent */
} cal_input;

static int last_line(const cal_input *in)
{
    return sf_csv_table_nrows(in->t) ? sf_csv_table_line(in->t, sf_csv_table_nrows(in->t) - 1) : 1;
}

/* Match the header against the rules: every column known, none twice, the required present. */
static int header_check(cal_input *in, sf_err *err)
{
    const csv_table *t = in->t;
    char names[256] = "", required[256] = "";
    for (int r = 0; r < in->nrules; r++) {
        in->col[r] = -1;
        const size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s", r ? ", " : "", in->rules[r].name);
        if (in->rules[r].required) {
            const size_t u2 = strlen(required);
            snprintf(required + u2, sizeof required - u2, "%s%s", u2 ? ", " : "", in->rules[r].name);
        }
    }
    if (sf_csv_table_nrows(t) == 0)
        return sf_err_set(err, SF_EINVAL, "%s:1: header: the file is empty; expected a header row with %s", in->path,
                          required);
    const int hl = sf_csv_table_line(t, 0);
    const size_t nh = sf_csv_table_nfields(t, 0);
    for (size_t c = 0; c < nh; c++) {
        const char *h = sf_csv_table_cell(t, 0, c);
        int r = 0;
        while (r < in->nrules && strcmp(in->rules[r].name, h) != 0)
            r++;
        if (r == in->nrules)
            return sf_err_set(err, SF_EINVAL, "%s:%d: %s: unknown column; allowed: %s", in->path, hl,
                              *h ? h : "(empty)", names);
        if (in->col[r] >= 0)
            return sf_err_set(err, SF_EINVAL, "%s:%d: %s: the column appears twice; give each column once",
                              in->path, hl, h);
        in->col[r] = (int)c;
    }
    for (int r = 0; r < in->nrules; r++)
        if (in->rules[r].required && in->col[r] < 0)
            return sf_err_set(err, SF_EINVAL, "%s:%d: %s: missing column; required: %s", in->path, hl,
                              in->rules[r].name, required);
    for (size_t row = 1; row < sf_csv_table_nrows(t); row++)
        if (sf_csv_table_nfields(t, row) != nh)
            return sf_err_set(err, SF_EPARSE,
                              "%s:%d: %s: the row has %zu fields, the header %zu; one value per "
                              "column",
                              in->path, sf_csv_table_line(t, row),
                              sf_csv_table_nfields(t, row) < nh ? sf_csv_table_cell(t, 0, sf_csv_table_nfields(t, row))
                                                             : "row",
                              sf_csv_table_nfields(t, row), nh);
    return SF_OK;
}

/* The number in rule r's column of data row `row` (1-based table row), checked against the rule. */
static int cell_number(const cal_input *in, size_t row, int r, double *out, sf_err *err)
{
    const col_rule *ru = &in->rules[r];
    const int line = sf_csv_table_line(in->t, row);
    const char *s = sf_csv_table_cell(in->t, row, (size_t)in->col[r]);
    if (*s == '\0')
        return sf_err_set(err, SF_EINVAL, "%s:%d: %s: empty; allowed: %s", in->path, line, ru->name, ru->allowed);
    char *end;
    errno = 0;
    const double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end != '\0')
        return sf_err_set(err, SF_EINVAL, "%s:%d: %s: '%s' is not a number; allowed: %s", in->path, line, ru->name,
                          SF_V(s), ru->allowed);
    if (!isfinite(v))
        return sf_err_set(err, SF_EINVAL, "%s:%d: %s: '%s' is not a finite number; allowed: %s", in->path, line,
                          ru->name, SF_V(s), ru->allowed);
    if (errno == ERANGE && fabs(v) > 1.0)
        return sf_err_set(err, SF_EINVAL, "%s:%d: %s: '%s' overflows a double; allowed: %s", in->path, line,
                          ru->name, SF_V(s), ru->allowed);
    const int below = ru->lo_open ? !(v > ru->lo) : !(v >= ru->lo);
    const int above = ru->hi_open ? !(v < ru->hi) : !(v <= ru->hi);
    if (below || above || (ru->whole && v != floor(v)))
        return sf_err_set(err, SF_EINVAL, "%s:%d: %s: %s is out of range; allowed: %s", in->path, line, ru->name, s,
                          ru->allowed);
    *out = v;
    return SF_OK;
}

static int input_open(cal_input *in, const char *path, const col_rule *rules, int nrules, size_t min_rows,
                      const char *count_col, sf_err *err)
{
    memset(in, 0, sizeof *in);
    in->path = path;
    in->rules = rules;
    in->nrules = nrules;
    int rc = table_read(path, &in->t, err);
    if (rc == SF_OK)
        rc = header_check(in, err);
    if (rc == SF_OK && sf_csv_table_nrows(in->t) - 1 < min_rows)
        rc = sf_err_set(err, SF_EINVAL, "%s:%d: %s: %zu data row%s; at least %zu are needed", path,
                        last_line(in), count_col, sf_csv_table_nrows(in->t) - 1,
                        sf_csv_table_nrows(in->t) == 2 ? "" : "s", min_rows);
    return rc;
}

/* ------------------------------------------------------------------ writing the estimates */

static void put_field(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n") != NULL)
        csv_fwrite(out, s, strlen(s));
    else
        fputs(s, out);
}

static void put_row(FILE *out, const char *param, double est, double se, const char *note)
{
    fprintf(out, "%s,", param);
    if (isfinite(est))
        fprintf(out, "%.10g", est);
    fputc(',', out);
    if (isfinite(se))
        fprintf(out, "%.6g", se);
    fputc(',', out);
    put_field(out, note);
    fputc('\n', out);
}

static int out_check(FILE *out, const char *path, sf_err *err)
{
    if (fflush(out) != 0 || ferror(out))
        return sf_err_set(err, SF_EWRITE, "stdout: cannot write the estimates of %s: %s", path, strerror(errno));
    return SF_OK;
}

/* ------------------------------------------------------------------ the three fits */

enum { V_YEAR, V_RATE, V_LOANS };
static const col_rule vasicek_rules[] = {
    [V_YEAR] = {"year", 1, 1, 1900, 2200, 0, 0, "a whole year from 1900 to 2200, each year once"},
    [V_RATE] = {"default_rate", 1, 0, 0, 1, 0, 1, "a fraction 0 < x < 1 (0 too when a loans column is given)"},
    [V_LOANS] = {"loans", 0, 1, 1, 1e15, 0, 0, "a whole number of loans, at least 1"},
};

static int run_vasicek(const char *path, FILE *out, sf_err *err)
{
    cal_input in;
    int rc = input_open(&in, path, vasicek_rules, 3, SF_CALIBRATE_VASICEK_MIN_ROWS, "default_rate", err);
    const size_t n = rc == SF_OK ? sf_csv_table_nrows(in.t) - 1 : 0;
    double *x = rc == SF_OK ? malloc(n * sizeof *x) : NULL, *year = rc == SF_OK ? malloc(n * sizeof *year) : NULL;
    if (rc == SF_OK && (!x || !year))
        rc = sf_err_set(err, SF_ENOMEM, "%s: out of memory", path);
    size_t nzero = 0;
    for (size_t i = 0; rc == SF_OK && i < n; i++) {
        double loans = 0.0;
        rc = cell_number(&in, i + 1, V_YEAR, &year[i], err);
        if (rc == SF_OK)
            rc = cell_number(&in, i + 1, V_RATE, &x[i], err);
        if (rc == SF_OK && in.col[V_LOANS] >= 0)
            rc = cell_number(&in, i + 1, V_LOANS, &loans, err);
        for (size_t j = 0; rc == SF_OK && j < i; j++)
            if (year[j] == year[i])
                rc = sf_err_set(err, SF_EINVAL, "%s:%d: year: %.0f appears twice (line %d); one row per year",
                                path, sf_csv_table_line(in.t, i + 1), year[i], sf_csv_table_line(in.t, j + 1));
        if (rc == SF_OK && x[i] == 0.0) {
            if (loans == 0.0)
                rc = sf_err_set(err, SF_EINVAL, "%s:%d: default_rate: 0 is out of range; allowed: %s", path,
                                sf_csv_table_line(in.t, i + 1), vasicek_rules[V_RATE].allowed);
            else {
                /* A year without defaults in a finite book: the continuity correction of half a
                 * default, since Φ⁻¹(0) = −∞ has no likelihood under the large-portfolio density. */
                x[i] = 0.5 / loans;
                nzero++;
            }
        }
    }
    double pd = 0, rho = 0, se_pd = 0, se_rho = 0;
    if (rc == SF_OK && sf_vasicek_fit(x, n, &pd, &rho, &se_pd, &se_rho) != SF_OK)
        rc = sf_err_set(err, SF_EINVAL, "%s:%d: default_rate: all %zu rates are equal; the correlation needs rates "
                        "that vary from year to year", path, last_line(&in), n);
    /* The numeric check of DESIGN's closed form: Nelder–Mead from the plain mean rate and ρ = 0.1. */
    double npd = 0, nrho = 0, mean = 0;
    for (size_t i = 0; rc == SF_OK && i < n; i++)
        mean += x[i] / (double)n;
    if (rc == SF_OK && sf_vasicek_fit_numeric(x, n, mean, 0.1, CAL_TOL_VASICEK, &npd, &nrho) != SF_OK)
        rc = sf_err_set(err, SF_EFAIL, "%s: default_rate: the numeric likelihood check did not converge", path);
    if (rc == SF_OK) {
        const double diff = GSL_MAX(fabs(npd - pd) / pd, fabs(nrho - rho) / rho);
        char note[200];
        fputs("parameter,estimate,se,note\n", out);
        snprintf(note, sizeof note, "segments.csv pd%s", nzero ? "; years without defaults counted as 0.5/loans" : "");
        put_row(out, "pd", pd, se_pd, note);
        put_row(out, "rho", rho, se_rho, "segments.csv rho");
        put_row(out, "years", (double)n, GSL_NAN, "rows fitted");
        snprintf(note, sizeof note, "closed-form MLE; gsl_multimin optimum within %.1e (relative)", diff);
        put_row(out, "loglik", sf_vasicek_loglik(x, n, pd, rho), GSL_NAN, note);
        rc = out_check(out, path, err);
    }
    sf_csv_table_free(in.t);
    free(x);
    free(year);
    return rc;
}

enum { L_LGD, L_WEIGHT };
static const col_rule lgd_rules[] = {
    [L_LGD] = {"lgd", 1, 0, 0, 1, 1, 1, "a fraction 0 < x < 1 (a loss of 0 or 100 % has no Beta likelihood)"},
    [L_WEIGHT] = {"weight", 0, 0, 0, 1e300, 1, 0, "a number > 0 (for example the exposure at default)"},
};

static int run_lgd(const char *path, FILE *out, sf_err *err)
{
    cal_input in;
    int rc = input_open(&in, path, lgd_rules, 2, SF_CALIBRATE_LGD_MIN_ROWS, "lgd", err);
    const size_t n = rc == SF_OK ? sf_csv_table_nrows(in.t) - 1 : 0;
    const int weighted = rc == SF_OK && in.col[L_WEIGHT] >= 0;
    double *x = rc == SF_OK ? malloc(n * sizeof *x) : NULL, *w = weighted ? malloc(n * sizeof *w) : NULL;
    if (rc == SF_OK && (!x || (weighted && !w)))
        rc = sf_err_set(err, SF_ENOMEM, "%s: out of memory", path);
    for (size_t i = 0; rc == SF_OK && i < n; i++) {
        rc = cell_number(&in, i + 1, L_LGD, &x[i], err);
        if (rc == SF_OK && weighted)
            rc = cell_number(&in, i + 1, L_WEIGHT, &w[i], err);
    }
    sf_lgd_fit_result res;
    if (rc == SF_OK) {
        const int fr = sf_lgd_fit(x, w, n, CAL_TOL_LGD, &res);
        if (fr == SF_EINVAL)
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: lgd: all %zu values are equal; a Beta fit needs values that vary",
                            path, last_line(&in), n);
        else if (fr != SF_OK)
            rc = sf_err_set(err, fr, "%s: lgd: the Beta likelihood maximisation did not converge", path);
    }
    if (rc == SF_OK) {
        fputs("parameter,estimate,se,note\n", out);
        put_row(out, "lgd", res.mean, res.se_mean, "segments.csv lgd");
        put_row(out, "lgd_sd", res.sd, res.se_sd, "segments.csv lgd_sd");
        put_row(out, "a", res.a, res.se_a, "Beta shape a (not a scenario key)");
        put_row(out, "b", res.b, res.se_b, "Beta shape b (not a scenario key)");
        put_row(out, "n_eff", res.n_eff, GSL_NAN, weighted ? "effective observations (Kish)" : "rows fitted");
        put_row(out, "loglik", res.loglik, GSL_NAN, "Beta MLE (gsl_multimin nmsimplex2 on log a, log b)");
        rc = out_check(out, path, err);
    }
    sf_csv_table_free(in.t);
    free(x);
    free(w);
    return rc;
}

enum { F_AGE, F_CALL, F_DIST, F_NAV, F_COMMITTED };
static const col_rule fund_rules[] = {
    [F_AGE] = {"age", 1, 1, 1, 1000, 0, 0, "a whole age from 1 to the number of rows, each age once"},
    [F_CALL] = {"call", 1, 0, 0, 1e300, 0, 0, "a number >= 0 (capital called that year)"},
    [F_DIST] = {"distribution", 1, 0, 0, 1e300, 0, 0, "a number >= 0 (distributed that year)"},
    [F_NAV] = {"nav", 1, 0, 0, 1e300, 0, 0, "a number >= 0 (NAV at the end of the year)"},
    [F_COMMITTED] = {"committed", 1, 0, 0, 1e300, 1, 0, "a number > 0, the same on every row (one fund)"},
};

static int run_fund(const char *path, FILE *out, sf_err *err)
{
    cal_input in;
    int rc = input_open(&in, path, fund_rules, 5, SF_CALIBRATE_FUND_MIN_ROWS, "age", err);
    const size_t n = rc == SF_OK ? sf_csv_table_nrows(in.t) - 1 : 0;
    double *buf = rc == SF_OK ? malloc(3 * n * sizeof *buf) : NULL;
    int *row_of = rc == SF_OK ? calloc(n, sizeof *row_of) : NULL; /* data row (1-based) of each age */
    if (rc == SF_OK && (!buf || !row_of))
        rc = sf_err_set(err, SF_ENOMEM, "%s: out of memory", path);
    double *call = buf, *dist = buf ? buf + n : NULL, *nav = buf ? buf + 2 * n : NULL, cc = 0.0;
    for (size_t i = 0; rc == SF_OK && i < n; i++) {
        double age, c, d, v, k;
        const int line = sf_csv_table_line(in.t, i + 1);
        rc = cell_number(&in, i + 1, F_AGE, &age, err);
        if (rc == SF_OK)
            rc = cell_number(&in, i + 1, F_CALL, &c, err);
        if (rc == SF_OK)
            rc = cell_number(&in, i + 1, F_DIST, &d, err);
        if (rc == SF_OK)
            rc = cell_number(&in, i + 1, F_NAV, &v, err);
        if (rc == SF_OK)
            rc = cell_number(&in, i + 1, F_COMMITTED, &k, err);
        if (rc != SF_OK)
            break;
        if (age > (double)n)
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: age: %.0f but the file has %zu rows; allowed: ages 1 to %zu, "
                            "each once", path, line, age, n, n);
        else if (row_of[(size_t)age - 1])
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: age: %.0f appears twice (line %d); one row per age", path,
                            line, age, sf_csv_table_line(in.t, row_of[(size_t)age - 1]));
        else if (i > 0 && k != cc)
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: committed: %g differs from %g on line %d; allowed: %s",
                            path, line, k, cc, sf_csv_table_line(in.t, 1), fund_rules[F_COMMITTED].allowed);
        if (rc != SF_OK)
            break;
        cc = k;
        row_of[(size_t)age - 1] = (int)(i + 1);
        call[(size_t)age - 1] = c;
        dist[(size_t)age - 1] = d;
        nav[(size_t)age - 1] = v;
    }
    double pic = 0.0;
    for (size_t a = 0; rc == SF_OK && a < n; a++) {
        pic += call[a];
        if (pic > cc * (1.0 + CAL_PIC_SLACK))
            rc = sf_err_set(err, SF_EINVAL,
                            "%s:%d: call: the calls to age %zu add up to %g, more than committed %g; "
                            "allowed: paid-in up to the committed capital",
                            path, sf_csv_table_line(in.t, row_of[a]), a + 1, pic, cc);
    }
    sf_fund_fit_result res;
    if (rc == SF_OK) {
        const int fr = sf_fund_fit(call, dist, nav, n, cc, CAL_TOL_FUND, &res);
        if (fr != SF_OK)
            rc = sf_err_set(err, fr == SF_ENOMEM ? SF_ENOMEM : SF_EFAIL,
                            "%s: fund: the Takahashi–Alexander least squares did not converge", path);
    }
    if (rc == SF_OK) {
        char rates[160] = "", note[220];
        for (int k = 0; k < res.ncall_rates; k++) {
            const size_t u = strlen(rates);
            snprintf(rates + u, sizeof rates - u, "%s%.4g", k ? "," : "", res.call_rates[k]);
        }
        fputs("parameter,estimate,se,note\n", out);
        put_row(out, "bow", res.bow, res.se_bow, "[guidance_fund] bow");
        put_row(out, "growth", res.growth, res.se_growth, "[guidance_fund] growth");
        for (int k = 0; k < res.ncall_rates; k++) {
            char name[32];
            snprintf(name, sizeof name, "call_rate_%d", k + 1);
            snprintf(note, sizeof note, "[guidance_fund] call_rates = %s (item %d%s)", rates, k + 1,
                     k + 1 == res.ncall_rates && res.life > res.ncall_rates ? ", repeats" : "");
            put_row(out, name, res.call_rates[k], res.se_call_rates[k], note);
        }
        put_row(out, "life", (double)res.life, GSL_NAN, "[guidance_fund] life");
        put_row(out, "rmse", res.rmse, GSL_NAN, "residual of calls, distributions and NAV, in the file's money unit");
        rc = out_check(out, path, err);
    }
    sf_csv_table_free(in.t);
    free(buf);
    free(row_of);
    return rc;
}

int sf_calibrate_run(const char *kind, const char *csv_path, FILE *out, sf_err *err)
{
    if (kind == NULL || csv_path == NULL || out == NULL)
        return sf_err_set(err, SF_EINVAL, "calibrate: missing argument");
    if (strcmp(kind, "vasicek") == 0)
        return run_vasicek(csv_path, out, err);
    if (strcmp(kind, "lgd") == 0)
        return run_lgd(csv_path, out, err);
    if (strcmp(kind, "fund") == 0)
        return run_fund(csv_path, out, err);
    return sf_err_set(err, SF_EINVAL, "calibrate: %s: unknown kind; allowed: vasicek, lgd, fund", kind);
}
