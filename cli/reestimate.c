/*
 * reestimate.c — `smefin reestimate RESULTS_DIR ACTUALS.csv` (reestimate.h; the statistics are
 * model/reest_stats.c's, the per-path forecast output/forecast_paths.c's).
 */
#include "reestimate.h"

#include "csv_table.h"
#include "forecast_paths.h"
#include "outdir.h"
#include "reest_stats.h"
#include "report.h"
#include "results.h"
#include "stats.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ACTUALS_MAX_BYTES ((size_t)16 << 20)
#define MAX_ACTUALS 4096

typedef struct actual {
    int series, y; /* series in the file, year index */
    double a;
    int line; /* of ACTUALS.csv */
    double mean, sd, p05, p95, pct;
} actual;

/* One row of reestimate.csv. */
typedef struct row {
    const char *kind;
    char series[64];
    char year[16];
    double actual, mean, sd, p05, p95, pct, reest, cmean, cp95, ess;
    const char *flag;
    unsigned has; /* which numbers are set: H_* */
} row;
enum {
    H_ACTUAL = 1u << 0,
    H_MEAN = 1u << 1,
    H_SD = 1u << 2,
    H_P05 = 1u << 3,
    H_P95 = 1u << 4,
    H_PCT = 1u << 5,
    H_REEST = 1u << 6,
    H_COND = 1u << 7
};

static int parse_int(const char *s, long *v)
{
    char *e;
    errno = 0;
    *v = strtol(s, &e, 10);
    return *s && *e == '\0' && errno == 0;
}

static int parse_num(const char *s, double *v)
{
    char *e;
    errno = 0;
    *v = strtod(s, &e);
    return *s && *e == '\0' && errno == 0 && isfinite(*v);
}

/* The folder's series as a list for a message: "a, b, c" (cut). */
static void series_list(const sf_forecast_paths *fp, char *buf, size_t n)
{
    size_t k = 0;
    buf[0] = '\0';
    for (size_t s = 0; s < fp->nseries && k + 1 < n; s++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", s ? ", " : "", fp->name[s]);
}

static int read_actuals(const char *path, const sf_forecast_paths *fp, actual **out, size_t *nout, sf_err *err)
{
    *out = NULL;
    *nout = 0;
    csv_table *t = NULL;
    int rc = sf_csv_table_read(path, ACTUALS_MAX_BYTES, NULL, &t, NULL, err);
    if (rc != SF_OK)
        return rc == SF_EIO ? sf_err_set(err, SF_EINVAL, "%s", err->msg) : rc;
    const size_t nr = sf_csv_table_nrows(t);
    actual *a = NULL;
    if (nr == 0) {
        rc = sf_err_set(err, SF_EINVAL, "%s:1: series: empty file; the header is series,year,actual", path);
        goto end;
    }
    static const char *const cols[3] = {"series", "year", "actual"};
    int ci[3] = {-1, -1, -1};
    const size_t nh = sf_csv_table_nfields(t, 0);
    for (size_t c = 0; c < nh; c++) {
        const char *h = sf_csv_table_cell(t, 0, c);
        int k = 0;
        while (k < 3 && strcmp(h, cols[k]) != 0)
            k++;
        if (k == 3) {
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: %s: unknown column; allowed: series, year, actual", path,
                            sf_csv_table_line(t, 0), SF_V(h));
            goto end;
        }
        if (ci[k] >= 0) {
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: %s: duplicate column", path, sf_csv_table_line(t, 0), cols[k]);
            goto end;
        }
        ci[k] = (int)c;
    }
    for (int k = 0; k < 3; k++)
        if (ci[k] < 0) {
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: %s: missing column; the header is series,year,actual", path,
                            sf_csv_table_line(t, 0), cols[k]);
            goto end;
        }
    if (nr < 2) {
        rc = sf_err_set(err, SF_EINVAL, "%s:%d: actual: no rows after the header", path, sf_csv_table_line(t, 0));
        goto end;
    }
    if (nr - 1 > MAX_ACTUALS) {
        rc = sf_err_set(err, SF_EINVAL, "%s:%d: actual: %zu rows; allowed: at most %d", path, sf_csv_table_line(t, 0),
                        nr - 1, MAX_ACTUALS);
        goto end;
    }
    a = calloc(nr, sizeof *a);
    if (a == NULL) {
        rc = sf_err_set(err, SF_ENOMEM, "out of memory");
        goto end;
    }
    size_t n = 0;
    for (size_t r = 1; r < nr; r++) {
        const int line = sf_csv_table_line(t, r);
        if (sf_csv_table_nfields(t, r) != nh) {
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: csv: %zu fields; the header has %zu", path, line,
                            sf_csv_table_nfields(t, r), nh);
            goto end;
        }
        const char *s = sf_csv_table_cell(t, r, (size_t)ci[0]), *ys = sf_csv_table_cell(t, r, (size_t)ci[1]),
                   *as = sf_csv_table_cell(t, r, (size_t)ci[2]);
        const int si = sf_forecast_paths_series(fp, s);
        if (si < 0) {
            char list[1024];
            series_list(fp, list, sizeof list);
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: series: '%s' is not a series the run kept per path; allowed: %s",
                            path, line, SF_V(s), list);
            goto end;
        }
        long y;
        if (!parse_int(ys, &y) || y < fp->start_year || y >= fp->start_year + fp->nyears) {
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: year: '%s' is not a year of the run; allowed: %d to %d", path, line,
                            SF_V(ys), fp->start_year, fp->start_year + fp->nyears - 1);
            goto end;
        }
        double v;
        if (!parse_num(as, &v)) {
            rc = sf_err_set(err, SF_EINVAL, "%s:%d: actual: '%s' is not a finite number", path, line, SF_V(as));
            goto end;
        }
        for (size_t i = 0; i < n; i++)
            if (a[i].series == si && a[i].y == (int)(y - fp->start_year)) {
                rc = sf_err_set(err, SF_EINVAL, "%s:%d: series: %s %ld given twice (first on line %d)", path, line,
                                fp->name[si], y, a[i].line);
                goto end;
            }
        a[n].series = si;
        a[n].y = (int)(y - fp->start_year);
        a[n].a = v;
        a[n].line = line;
        n++;
    }
    *out = a;
    *nout = n;
    a = NULL;
end:
    free(a);
    sf_csv_table_free(t);
    return rc;
}

/* Type-7 quantiles (as summary.csv's) at 0.05 and 0.95 of v. */
static void quantiles(const float *v, size_t n, double *tmp, double *p05, double *p95)
{
    for (size_t p = 0; p < n; p++)
        tmp[p] = (double)v[p];
    static const double lv[2] = {0.05, 0.95};
    double q[2], cv;
    sf_stats_tail_summary(tmp, n, lv, 2, q, NULL, 0, &cv);
    *p05 = q[0];
    *p95 = q[1];
}

/* The run's own statistics of (series, year) from summary.csv: mean, sd, P5 and P95 exactly as
 * the run published them (the per-path file holds float32 values). 1 when the row exists. */
typedef struct summary {
    csv_table *t;
    int cs, cy, cm, csd, c05, c95;
} summary;

static int summary_load(const char *dir, summary *su, sf_err *err)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/summary.csv", dir);
    memset(su, 0, sizeof *su);
    int rc = sf_csv_table_read(p, (size_t)256 << 20, NULL, &su->t, NULL, err);
    if (rc != SF_OK)
        return rc == SF_EPARSE ? rc : sf_err_set(err, SF_EINVAL, "%s", err->msg);
    su->cs = sf_csv_table_col(su->t, "series");
    su->cy = sf_csv_table_col(su->t, "year");
    su->cm = sf_csv_table_col(su->t, "mean");
    su->csd = sf_csv_table_col(su->t, "sd");
    su->c05 = sf_csv_table_col(su->t, "p05");
    su->c95 = sf_csv_table_col(su->t, "p95");
    if (su->cs < 0 || su->cy < 0 || su->cm < 0 || su->csd < 0 || su->c05 < 0 || su->c95 < 0) {
        sf_csv_table_free(su->t);
        su->t = NULL;
        return sf_err_set(err, SF_EINVAL, "%s:1: series: not smefin's summary.csv header", p);
    }
    return SF_OK;
}

static int summary_get(const summary *su, const char *series, const char *year, double *mean, double *sd,
                       double *p05, double *p95)
{
    for (size_t r = 1; su->t && r < sf_csv_table_nrows(su->t); r++)
        if (strcmp(sf_csv_table_cell(su->t, r, (size_t)su->cs), series) == 0 &&
            strcmp(sf_csv_table_cell(su->t, r, (size_t)su->cy), year) == 0) {
            double v[4];
            const int c[4] = {su->cm, su->csd, su->c05, su->c95};
            for (int k = 0; k < 4; k++)
                if (!parse_num(sf_csv_table_cell(su->t, r, (size_t)c[k]), &v[k]))
                    return 0;
            *mean = v[0];
            *sd = v[1];
            *p05 = v[2];
            *p95 = v[3];
            return 1;
        }
    return 0;
}

static int is_budget_line(const char *name)
{
    const sf_series_def *d = sf_series_find(name, NULL);
    return d != NULL && (d->flags & SF_SERIES_BUDGET) != 0;
}

static int is_cny_flow(const char *name, const char *unit)
{
    const sf_series_def *d = sf_series_find(name, NULL);
    return strcmp(unit, "CNY") == 0 && (d == NULL || !(d->flags & SF_SERIES_STOCK));
}

/* ---------------------------------------------------------------- the rows */

typedef struct rows {
    row *r;
    size_t n, cap;
} rows;

static row *row_add(rows *rs, const char *kind, const char *series, const char *year)
{
    if (rs->n == rs->cap) {
        const size_t cap = rs->cap ? 2 * rs->cap : 64;
        row *r = realloc(rs->r, cap * sizeof *r);
        if (r == NULL)
            return NULL;
        rs->r = r;
        rs->cap = cap;
    }
    row *r = &rs->r[rs->n++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    snprintf(r->series, sizeof r->series, "%s", series);
    snprintf(r->year, sizeof r->year, "%s", year);
    r->flag = "";
    return r;
}

static void put_num(FILE *f, double v, int has, int last)
{
    if (has) {
        char b[64];
        sf_results_format_number(v, b, sizeof b);
        fputs(b, f);
    }
    fputc(last ? '\n' : ',', f);
}

static int rows_write(FILE *f, void *ud)
{
    const rows *rs = ud;
    fputs("kind,series,year,actual,forecast_mean,forecast_sd,forecast_p05,forecast_p95,percentile,flag,reestimate,"
          "conditional_mean,conditional_p95,effective_paths\n",
          f);
    for (size_t i = 0; i < rs->n; i++) {
        const row *r = &rs->r[i];
        sf_results_csv_field(f, r->kind, 0);
        sf_results_csv_field(f, r->series, 0);
        sf_results_csv_field(f, r->year, 0);
        put_num(f, r->actual, r->has & H_ACTUAL, 0);
        put_num(f, r->mean, r->has & H_MEAN, 0);
        put_num(f, r->sd, r->has & H_SD, 0);
        put_num(f, r->p05, r->has & H_P05, 0);
        put_num(f, r->p95, r->has & H_P95, 0);
        put_num(f, r->pct, r->has & H_PCT, 0);
        sf_results_csv_field(f, r->flag, 0);
        put_num(f, r->reest, r->has & H_REEST, 0);
        put_num(f, r->cmean, r->has & H_COND, 0);
        put_num(f, r->cp95, r->has & H_COND, 0);
        put_num(f, r->ess, r->has & H_COND, 1);
    }
    return ferror(f) ? SF_EIO : SF_OK;
}

/* Every row of reestimate.csv (the statistics in model/reestimate.h). *ess and *h for the
 * summary line; *last_year the latest year with an actual. */
static int build_rows(const sf_forecast_paths *fp, const summary *su, actual *a, size_t na, rows *rs,
                      double *ess_out, double *h_out, int *last_out, sf_err *err)
{
    const size_t n = fp->npaths;
    double *tmp = malloc(n * sizeof *tmp), *w = malloc(n * sizeof *w);
    sf_reest_pair *pairs = malloc(n * sizeof *pairs);
    const float **x = malloc(na * sizeof *x);
    double *av = malloc(na * sizeof *av), *sd = malloc(na * sizeof *sd);
    int rc = SF_OK;
    if (!tmp || !w || !pairs || !x || !av || !sd) {
        rc = sf_err_set(err, SF_ENOMEM, "out of memory for %zu paths", n);
        goto end;
    }
    char yb[16];
    int last = 0;
    /* 1. Each actual in its forecast distribution. */
    for (size_t i = 0; i < na; i++) {
        const float *v = sf_forecast_paths_values(fp, a[i].series, a[i].y);
        snprintf(yb, sizeof yb, "%d", fp->start_year + a[i].y);
        if (!summary_get(su, fp->name[a[i].series], yb, &a[i].mean, &a[i].sd, &a[i].p05, &a[i].p95)) {
            sf_reest_moments(v, n, &a[i].mean, &a[i].sd);
            quantiles(v, n, tmp, &a[i].p05, &a[i].p95);
        }
        a[i].pct = sf_reest_percentile(v, n, a[i].a);
        row *r = row_add(rs, "actual", fp->name[a[i].series], yb);
        if (r == NULL)
            goto nomem;
        r->actual = a[i].a;
        r->mean = a[i].mean;
        r->sd = a[i].sd;
        r->p05 = a[i].p05;
        r->p95 = a[i].p95;
        r->pct = a[i].pct;
        r->reest = a[i].a - a[i].mean;
        r->flag = a[i].a < a[i].p05 ? "below_p05" : a[i].a > a[i].p95 ? "above_p95" : "inside";
        r->has = H_ACTUAL | H_MEAN | H_SD | H_P05 | H_P95 | H_PCT | H_REEST;
        last = a[i].y > last ? a[i].y : last;
        x[i] = v;
        av[i] = a[i].a;
        sd[i] = a[i].sd;
    }
    /* 2. The technical re-estimate in total: the budget lines given, per year and over them all. */
    double all_a = 0.0, all_m = 0.0;
    int any = 0; /* years with a budget line given */
    for (int y = 0; y < fp->nyears; y++) {
        double sa = 0.0, sm = 0.0;
        int k = 0;
        for (size_t i = 0; i < na; i++)
            if (a[i].y == y && is_budget_line(fp->name[a[i].series])) {
                sa += a[i].a;
                sm += a[i].mean;
                k++;
            }
        if (k == 0)
            continue;
        snprintf(yb, sizeof yb, "%d", fp->start_year + y);
        row *r = row_add(rs, "lines_total", "budget lines given", yb);
        if (r == NULL)
            goto nomem;
        r->actual = sa;
        r->mean = sm;
        r->reest = sa - sm;
        r->has = H_ACTUAL | H_MEAN | H_REEST;
        all_a += sa;
        all_m += sm;
        any++;
    }
    if (any > 1) { /* over one year it is that year's row */
        row *r = row_add(rs, "lines_total", "budget lines given", "total");
        if (r == NULL)
            goto nomem;
        r->actual = all_a;
        r->mean = all_m;
        r->reest = all_a - all_m;
        r->has = H_ACTUAL | H_MEAN | H_REEST;
    }
    /* 3. The remaining years, conditional on every actual. */
    const double h = sf_reest_bandwidth(n, na);
    const double ess = sf_reest_weights(x, av, sd, na, n, h, w);
    *ess_out = ess;
    *h_out = h;
    *last_out = last;
    float *sum = NULL;
    if (last + 1 < fp->nyears && (sum = malloc(n * sizeof *sum)) == NULL)
        goto nomem;
    for (size_t s = 0; s < fp->nseries && last + 1 < fp->nyears; s++) {
        const int flow = is_cny_flow(fp->name[s], fp->unit[s]);
        if (flow)
            memset(sum, 0, n * sizeof *sum);
        for (int y = last + 1; y <= fp->nyears; y++) {
            const float *v;
            if (y < fp->nyears) {
                v = sf_forecast_paths_values(fp, (int)s, y);
                if (flow)
                    for (size_t p = 0; p < n; p++)
                        sum[p] += v[p];
                snprintf(yb, sizeof yb, "%d", fp->start_year + y);
            } else {
                if (!flow || fp->nyears - last - 1 < 2)
                    break; /* the sum of one year is that year */
                v = sum;
                snprintf(yb, sizeof yb, "remaining");
            }
            row *r = row_add(rs, "reforecast", fp->name[s], yb);
            if (r == NULL) {
                free(sum);
                goto nomem;
            }
            if (!summary_get(su, fp->name[s], yb, &r->mean, &r->sd, &r->p05, &r->p95)) {
                sf_reest_moments(v, n, &r->mean, &r->sd);
                quantiles(v, n, tmp, &r->p05, &r->p95);
            }
            r->cmean = sf_reest_weighted_mean(v, w, n);
            r->cp95 = sf_reest_weighted_quantile(v, w, n, 0.95, pairs);
            r->ess = ess;
            r->has = H_MEAN | H_SD | H_P05 | H_P95 | H_COND;
        }
    }
    free(sum);
    goto end;
nomem:
    rc = sf_err_set(err, SF_ENOMEM, "out of memory");
end:
    free(tmp);
    free(w);
    free(pairs);
    free(x);
    free(av);
    free(sd);
    return rc;
}

/* ---------------------------------------------------------------- the folder */

/* The run's report language from parameters.csv (run,lang,VALUE), "en" when absent. */
static void run_lang(const char *dir, char *lang, size_t n)
{
    snprintf(lang, n, "en");
    char p[4200];
    snprintf(p, sizeof p, "%s/parameters.csv", dir);
    csv_table *t = NULL;
    sf_err e = {0, ""};
    if (sf_csv_table_read(p, (size_t)64 << 20, NULL, &t, NULL, &e) != SF_OK)
        return;
    for (size_t r = 1; r < sf_csv_table_nrows(t); r++)
        if (strcmp(sf_csv_table_cell(t, r, 0), "run") == 0 && strcmp(sf_csv_table_cell(t, r, 1), "lang") == 0)
            snprintf(lang, n, "%s", strcmp(sf_csv_table_cell(t, r, 2), "zh") == 0 ? "zh" : "en");
    sf_csv_table_free(t);
}

static int copy_file(const char *from, const char *to, sf_err *err)
{
    FILE *in = fopen(from, "rb");
    if (in == NULL)
        return sf_err_set(err, SF_EIO, "%s: cannot read: %s", from, strerror(errno));
    FILE *out = fopen(to, "wb");
    if (out == NULL) {
        fclose(in);
        return sf_err_set(err, SF_EWRITE, "%s: cannot write: %s", to, strerror(errno));
    }
    char buf[65536];
    size_t k;
    int bad = 0;
    while ((k = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, k, out) != k) {
            bad = 1;
            break;
        }
    const int rerr = ferror(in);
    fclose(in);
    if (fclose(out) != 0 || bad)
        return sf_err_set(err, SF_EWRITE, "%s: cannot write: %s", to, strerror(errno));
    if (rerr)
        return sf_err_set(err, SF_EIO, "%s: read error", from);
    return SF_OK;
}

/* The folder's bytes (its regular files). */
static uint64_t folder_bytes(const char *dir)
{
    uint64_t b = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    struct dirent *e;
    char p[4400];
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
            b += (uint64_t)st.st_size;
    }
    closedir(d);
    return b;
}

/* The new folder: every file of the old one but reestimate.csv and the reports, then
 * reestimate.csv, then the reports again in both languages (report.html in the run's language or
 * --lang's, the other beside it: sf_report_write_both). */
static int folder_rewrite(const char *dir, sf_outdir *od, rows *rs, const char *lang, sf_err *err)
{
    const char *tmp = sf_outdir_path(od);
    DIR *d = opendir(dir);
    if (d == NULL)
        return sf_err_set(err, SF_EIO, "%s: cannot read the folder: %s", dir, strerror(errno));
    int rc = SF_OK;
    struct dirent *e;
    char from[4400], to[4400];
    while (rc == SF_OK && (e = readdir(d)) != NULL) {
        const char *nm = e->d_name;
        if (nm[0] == '.') /* the marker (commit writes it) and report.c's temporary files */
            continue;
        struct stat st;
        snprintf(from, sizeof from, "%s/%s", dir, nm);
        if (lstat(from, &st) != 0 || !S_ISREG(st.st_mode) || !sf_outdir_known_name(nm))
            continue; /* sf_outdir_open let only smefin's regular files through */
        if (strcmp(nm, "reestimate.csv") == 0 || strcmp(nm, "report.html") == 0 || strcmp(nm, "report.en.html") == 0 ||
            strcmp(nm, "report.zh.html") == 0)
            continue;
        snprintf(to, sizeof to, "%s/%s", tmp, nm);
        rc = copy_file(from, to, err);
        if (rc == SF_OK)
            rc = sf_outdir_step(od, err);
    }
    closedir(d);
    if (rc != SF_OK)
        return rc;
    snprintf(to, sizeof to, "%s/reestimate.csv", tmp);
    FILE *f = fopen(to, "w");
    if (f == NULL)
        return sf_err_set(err, SF_EWRITE, "%s: cannot write: %s", to, strerror(errno));
    rc = rows_write(f, rs);
    if (fclose(f) != 0 || rc != SF_OK)
        return sf_err_set(err, SF_EWRITE, "%s: cannot write", to);
    /* both languages: report.html in the run's, the other beside it (report.c names them) */
    if (rc == SF_OK)
        rc = sf_report_write_both(tmp, lang, err);
    if (rc == SF_EIO)
        rc = err->code = SF_EWRITE;
    return rc;
}

static void print_rows(const rows *rs, const char *dir, size_t npaths, size_t na, double ess, double h, int last,
                       const sf_forecast_paths *fp)
{
    printf("reestimate: %zu actual%s against %zu paths of %s\n", na, na == 1 ? "" : "s", npaths, dir);
    printf("  %-28s %-6s %14s %14s %14s %7s  %s\n", "series", "year", "actual", "forecast mean", "re-estimate",
           "pctile", "P5-P95");
    for (size_t i = 0; i < rs->n; i++) {
        const row *r = &rs->r[i];
        if (strcmp(r->kind, "actual") == 0)
            printf("  %-28s %-6s %14.6g %14.6g %14.6g %6.1f%%  %s\n", r->series, r->year, r->actual, r->mean, r->reest,
                   r->pct, r->flag);
        else if (strcmp(r->kind, "lines_total") == 0)
            printf("  %-28s %-6s %14.6g %14.6g %14.6g\n", r->series, r->year, r->actual, r->mean, r->reest);
    }
    if (last + 1 < fp->nyears) {
        printf("conditional re-forecast of %d-%d: kernel bandwidth %.4g, effective paths %.1f of %zu\n",
               fp->start_year + last + 1, fp->start_year + fp->nyears - 1, h, ess, npaths);
        printf("  %-28s %-9s %14s %14s %14s %14s\n", "series", "year", "mean", "cond. mean", "P95", "cond. P95");
        for (size_t i = 0; i < rs->n; i++) {
            const row *r = &rs->r[i];
            if (strcmp(r->kind, "reforecast") == 0 && strcmp(r->series, "budget.total") == 0)
                printf("  %-28s %-9s %14.6g %14.6g %14.6g %14.6g\n", r->series, r->year, r->mean, r->cmean, r->p95,
                       r->cp95);
        }
    } else {
        printf("no remaining years: the actuals reach the run's last year\n");
    }
    printf("reestimate.csv: %s/reestimate.csv\n", dir);
}

int study_reestimate(const char *dir, const char *actuals_path, const study_opts *o, sf_err *err)
{
    if (!sf_outdir_is_marked(dir) || !sf_outdir_is_results(dir))
        return sf_err_set(err, SF_EINVAL,
                          "%s: not a smefin results folder (no .smefin-results, or files smefin did not write); give "
                          "the folder a run wrote",
                          SF_V(dir));
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", dir, SF_FORECAST_PATHS_FILE);
    sf_forecast_paths fp;
    int rc = sf_forecast_paths_read(p, &fp, err);
    if (rc == SF_EIO)
        return sf_err_set(err, SF_EINVAL, "%s; the folder was written before runs kept their per-path forecast: run "
                          "it again", err->msg);
    if (rc != SF_OK)
        return rc == SF_EPARSE ? sf_err_set(err, SF_EINVAL, "%s", err->msg) : rc;
    actual *a = NULL;
    size_t na = 0;
    rows rs = {NULL, 0, 0};
    sf_outdir *od = NULL;
    summary su = {NULL, 0, 0, 0, 0, 0, 0};
    rc = read_actuals(actuals_path, &fp, &a, &na, err);
    double ess = 0.0, h = 0.0;
    int last = 0;
    if (rc == SF_OK)
        rc = summary_load(dir, &su, err);
    if (rc == SF_OK)
        rc = build_rows(&fp, &su, a, na, &rs, &ess, &h, &last, err);
    sf_csv_table_free(su.t);
    char lang[8];
    if (o && o->lang)
        snprintf(lang, sizeof lang, "%s", o->lang);
    else
        run_lang(dir, lang, sizeof lang);
    if (rc == SF_OK)
        rc = sf_outdir_open(dir, 2 * folder_bytes(dir) + 2000000 + 400 * (uint64_t)rs.n, o ? o->cancel : NULL, &od,
                            err);
    if (rc == SF_OK)
        rc = folder_rewrite(dir, od, &rs, lang, err);
    if (rc == SF_OK) {
        rc = sf_outdir_commit(od, err);
        od = NULL;
    }
    sf_outdir_abort(od);
    if (rc == SF_OK && !(o && o->quiet))
        print_rows(&rs, dir, fp.npaths, na, ess, h, last, &fp);
    free(rs.r);
    free(a);
    sf_forecast_paths_release(&fp);
    return rc;
}
