/*
 * reestimate: percentiles, kernel weights and weighted quantiles on cases with known answers;
 * `smefin reestimate` on a folder whose forecast distribution was constructed by hand (values
 * 1..1000, and a second year that is a line of the first), its refusals, and a real run's
 * forecast_paths.f32 (the same bytes under --max-memory passes and for any thread count).
 */
#include "reest_stats.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CASES "tests/cases/study/"

static void setup(void)
{
    gsl_set_error_handler_off();
}
TestSuite(reestimate, .init = setup);

Test(reestimate, mid_rank_percentile_on_a_known_grid)
{
    float v[1000];
    for (int i = 0; i < 1000; i++)
        v[i] = (float)(1000 - i); /* 1..1000 in any order */
    cr_expect(fabs(sf_reest_percentile(v, 1000, 250.5) - 25.0) < 1e-12);
    cr_expect(fabs(sf_reest_percentile(v, 1000, 250.0) - 24.95) < 1e-12); /* 249 below, one equal */
    cr_expect_eq(sf_reest_percentile(v, 1000, 0.5), 0.0);
    cr_expect_eq(sf_reest_percentile(v, 1000, 1000.5), 100.0);
    float one[3] = {2.385f, 2.385f, 2.385f};
    cr_expect_eq(sf_reest_percentile(one, 3, (double)2.385f), 50.0); /* a point mass */
}

Test(reestimate, weighted_quantile_with_equal_weights_is_the_order_statistic)
{
    float v[1000];
    double w[1000];
    sf_reest_pair tmp[1000];
    for (int i = 0; i < 1000; i++) {
        v[i] = (float)((i * 7919) % 1000 + 1);
        w[i] = 1.0;
    }
    cr_expect_eq(sf_reest_weighted_quantile(v, NULL, 1000, 0.95, tmp), 950.0);
    cr_expect_eq(sf_reest_weighted_quantile(v, w, 1000, 0.95, tmp), 950.0);
    cr_expect_eq(sf_reest_weighted_quantile(v, NULL, 1000, 0.9505, tmp), 951.0);
    /* all the weight on one path */
    for (int i = 0; i < 1000; i++)
        w[i] = v[i] == 123.0f ? 1.0 : 0.0;
    cr_expect_eq(sf_reest_weighted_quantile(v, w, 1000, 0.95, tmp), 123.0);
    cr_expect_eq(sf_reest_weighted_mean(v, w, 1000), 123.0);
}

/* On a fine grid the Gaussian weights are a Riemann sum: sum w = s sqrt(2 pi), sum w^2 = s sqrt(pi),
 * so Kish's ESS is 2 sqrt(pi) s, with s = h sd in grid steps. */
Test(reestimate, kernel_weights_ess_matches_the_gaussian_integral)
{
    enum { N = 1000 };
    float x[N];
    for (int i = 0; i < N; i++)
        x[i] = (float)(i + 1);
    double mean, sd;
    sf_reest_moments(x, N, &mean, &sd);
    cr_expect(fabs(mean - 500.5) < 1e-9);
    cr_expect(fabs(sd - sqrt(1000.0 * 1001.0 / 12.0)) < 1e-9);
    const double h = sf_reest_bandwidth(N, 1);
    cr_expect(fabs(h - pow(4.0 / 3.0, 0.2) * pow(1000.0, -0.2)) < 1e-15);
    double *w = malloc(N * sizeof *w);
    const float *xs[1] = {x};
    const double a[1] = {500.5}, s[1] = {sd};
    const double ess = sf_reest_weights(xs, a, s, 1, N, h, w);
    const double want = 2.0 * sqrt(M_PI) * h * sd;
    cr_expect(fabs(ess - want) < 1e-3 * want, "ESS %g, closed form %g", ess, want);
    cr_expect(fabs(sf_reest_weighted_mean(x, w, N) - 500.5) < 1e-9); /* symmetric about the actual */
    /* a series that does not vary is left out: every weight 1 */
    const double zero[1] = {0.0};
    cr_expect_eq(sf_reest_weights(xs, a, zero, 1, N, h, w), (double)N);
    free(w);
}

/* ---------------------------------------------------------------- the CLI */

static void put_u32(FILE *f, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    fwrite(b, 1, 4, f);
}

/* forecast_paths.f32 by its documented layout: one series "test.x" (CNY) over 2 years from
 * 2027, n paths: year 1 is p + 1, year 2 is 2 (p + 1) + 7. */
static void write_constructed(const char *path, uint32_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite("SFPATHS1", 1, 8, f);
    put_u32(f, 0x01020304u);
    put_u32(f, 40 + 80);
    put_u32(f, 2027);
    put_u32(f, 2);
    put_u32(f, 1);
    put_u32(f, 0);
    put_u32(f, n);
    put_u32(f, 0);
    char rec[80] = {0};
    strcpy(rec, "test.x");
    strcpy(rec + 64, "CNY");
    fwrite(rec, 1, 80, f);
    for (int y = 0; y < 2; y++)
        for (uint32_t p = 0; p < n; p++) {
            const float v = y == 0 ? (float)(p + 1) : (float)(2.0 * (p + 1) + 7.0);
            uint32_t u;
            memcpy(&u, &v, 4);
            put_u32(f, u);
        }
    cr_assert_eq(fclose(f), 0);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* The value of column `col` (0-based) of the first row starting with prefix. */
static double pick(const char *csv, const char *prefix, int col)
{
    const char *p = strstr(csv, prefix);
    cr_assert_not_null(p, "no row %s", prefix);
    for (int c = 0; c < col; c++)
        p = strchr(p, ',') + 1;
    return strtod(p, NULL);
}

static char *small_run(const char *dir, const char *name, const char *extra)
{
    char cmd[8400], *out, *errs;
    snprintf(cmd, sizeof cmd, "run %s --quiet --out %s/%s", extra, dir, name);
    cr_assert_eq(tu_cli(cmd, &out, &errs), 0, "%s", errs);
    free(out);
    free(errs);
    char *p = malloc(8400);
    snprintf(p, 8400, "%s/%s", dir, name);
    return p;
}

Test(reestimate, cli_on_a_constructed_forecast_distribution)
{
    char *dir = tu_tmpdir();
    char *run = small_run(dir, "r", CASES "base.ini --paths 300");
    char p[8600], cmd[20000], *out, *errs;
    snprintf(p, sizeof p, "%s/forecast_paths.f32", run);
    write_constructed(p, 1000);
    snprintf(p, sizeof p, "%s/actuals.csv", dir);
    write_text(p, "year,series,actual\n2027,test.x,500.5\n");
    snprintf(cmd, sizeof cmd, "reestimate %s %s/actuals.csv", run, dir);
    cr_assert_eq(tu_cli(cmd, &out, &errs), 0, "%s", errs);
    cr_expect(strstr(out, "effective paths") != NULL, "%s", out);
    free(out);
    free(errs);
    snprintf(p, sizeof p, "%s/reestimate.csv", run);
    char *csv = tu_slurp(p);
    cr_assert_not_null(csv);
    cr_expect(strncmp(csv, "kind,series,year,actual,forecast_mean,forecast_sd,forecast_p05,forecast_p95,percentile,"
                           "flag,reestimate,conditional_mean,conditional_p95,effective_paths\n",
                      150) == 0);
    cr_expect(strstr(csv, "nan") == NULL && strstr(csv, "inf") == NULL);
    /* the actual: 500 of 1000 values below, none equal: P50; the grid's moments and type-7 quantiles */
    cr_expect_eq(pick(csv, "actual,test.x,2027,", 3), 500.5);
    cr_expect(fabs(pick(csv, "actual,test.x,2027,", 4) - 500.5) < 1e-9);
    cr_expect(fabs(pick(csv, "actual,test.x,2027,", 5) - sqrt(1000.0 * 1001.0 / 12.0)) < 1e-9);
    cr_expect(fabs(pick(csv, "actual,test.x,2027,", 6) - 50.95) < 1e-9);
    cr_expect(fabs(pick(csv, "actual,test.x,2027,", 7) - 950.05) < 1e-9);
    cr_expect_eq(pick(csv, "actual,test.x,2027,", 8), 50.0);
    cr_expect(strstr(csv, "actual,test.x,2027,500.5,500.5,") != NULL && strstr(csv, ",inside,0,") != NULL, "%s", csv);
    /* year 2 = 2 x + 7 on every path: the conditional mean is 2 E_w[x] + 7 = 1008 (the weights are
     * symmetric about 500.5); its P95 is 2 q_w + 7 with q_w = 500.5 + 1.645 h sd within a grid step */
    const double sd = sqrt(1000.0 * 1001.0 / 12.0), h = sf_reest_bandwidth(1000, 1);
    cr_expect(fabs(pick(csv, "reforecast,test.x,2028,", 4) - 1008.0) < 1e-6);
    cr_expect(fabs(pick(csv, "reforecast,test.x,2028,", 11) - 1008.0) < 1e-6);
    cr_expect(fabs(pick(csv, "reforecast,test.x,2028,", 12) - (2.0 * (500.5 + 1.6449 * h * sd) + 7.0)) < 4.0);
    const double ess = pick(csv, "reforecast,test.x,2028,", 13);
    cr_expect(fabs(ess - 2.0 * sqrt(M_PI) * h * sd) < 1e-3 * ess, "ESS %g", ess);
    free(csv);
    /* an actual in the upper tail: percentile 97.5, flagged */
    snprintf(p, sizeof p, "%s/actuals.csv", dir);
    write_text(p, "series,year,actual\ntest.x,2027,975.5\n");
    cr_assert_eq(tu_cli(cmd, NULL, NULL), 0);
    snprintf(p, sizeof p, "%s/reestimate.csv", run);
    csv = tu_slurp(p);
    cr_expect_eq(pick(csv, "actual,test.x,2027,", 8), 97.5);
    cr_expect(strstr(csv, ",above_p95,475,") != NULL, "%s", csv);
    free(csv);
    snprintf(p, sizeof p, "%s/report.html", run);
    char *html = tu_slurp(p);
    cr_assert_not_null(html);
    cr_expect(strstr(html, "id=\"reestimate\"") != NULL && strstr(html, "Actual against forecast") != NULL);
    free(html);
    free(run);
    free(dir);
}

/* Bad input: exit 2, one line naming the file, line and key, and nothing written. */
Test(reestimate, cli_refuses_bad_actuals_and_foreign_folders)
{
    char *dir = tu_tmpdir();
    char *run = small_run(dir, "r", CASES "base.ini --paths 300");
    static const struct {
        const char *csv, *want;
    } bad[] = {
        {"series,year,actual\nno.such,2027,1\n", "actuals.csv:2: series: 'no.such' is not a series"},
        {"series,year,actual\nbudget.total,2031,1\n", "actuals.csv:2: year: '2031' is not a year of the run"},
        {"series,year,actual\nbudget.total,2027,abc\n", "actuals.csv:2: actual: 'abc' is not a finite number"},
        {"series,year,actual\nbudget.total,2027,1\nbudget.total,2027,2\n", "actuals.csv:3: series: budget.total 2027 given twice"},
        {"series,year,value\nbudget.total,2027,1\n", "actuals.csv:1: value: unknown column"},
        {"series,year\nbudget.total,2027\n", "actuals.csv:1: actual: missing column"},
        {"series,year,actual\n", "actuals.csv:1: actual: no rows after the header"},
    };
    char p[8600], cmd[20000], *out, *errs;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(p, sizeof p, "%s/actuals.csv", dir);
        write_text(p, bad[i].csv);
        snprintf(cmd, sizeof cmd, "reestimate %s %s/actuals.csv", run, dir);
        cr_expect_eq(tu_cli(cmd, &out, &errs), 2, "%s", bad[i].csv);
        cr_expect(strstr(errs, bad[i].want) != NULL, "%s: %s", bad[i].want, errs);
        cr_expect(strchr(errs, '\n') == errs + strlen(errs) - 1, "one line: %s", errs);
        cr_expect_str_eq(out, "");
        free(out);
        free(errs);
        snprintf(p, sizeof p, "%s/reestimate.csv", run);
        struct stat st;
        cr_expect(stat(p, &st) != 0, "nothing written");
    }
    /* a folder smefin did not write, and one with a file of the user's */
    snprintf(p, sizeof p, "%s/actuals.csv", dir);
    write_text(p, "series,year,actual\nbudget.total,2027,1\n");
    snprintf(cmd, sizeof cmd, "reestimate %s %s/actuals.csv", dir, dir);
    cr_expect_eq(tu_cli(cmd, NULL, &errs), 2);
    cr_expect(strstr(errs, "not a smefin results folder") != NULL, "%s", errs);
    free(errs);
    snprintf(p, sizeof p, "%s/notes.txt", run);
    write_text(p, "mine");
    snprintf(cmd, sizeof cmd, "reestimate %s %s/actuals.csv", run, dir);
    cr_expect_eq(tu_cli(cmd, NULL, &errs), 2);
    cr_expect(strstr(errs, "not a smefin results folder") != NULL, "%s", errs);
    free(errs);
    char *kept = tu_slurp(p);
    cr_expect(kept != NULL && strcmp(kept, "mine") == 0, "notes.txt: %s", kept ? kept : "(gone)");
    free(kept);
    free(run);
    free(dir);
}

/* A real run: an actual equal to the run's own P95 sits at the 95th percentile (within one
 * path's share), inside the band; forecast_paths.f32 holds the same bytes under --max-memory
 * passes and on any thread count; the report shows the section in the run's language. */
Test(reestimate, cli_on_a_run)
{
    char *dir = tu_tmpdir();
    /* the baseline: its metrics do not all fit beside the kept series at 29 MB */
    char *a = small_run(dir, "a", "--paths 2000 --threads 1 --lang zh");
    char *b = small_run(dir, "b", "--paths 2000 --threads 2 --max-memory 29");
    char p[8600], cmd[20000], *out, *errs;
    snprintf(p, sizeof p, "%s/run.json", b);
    char *js = tu_slurp(p);
    cr_assert(js && strstr(js, "\"passes\": 1,") == NULL, "--max-memory 29 should take passes");
    free(js);
    snprintf(p, sizeof p, "%s/forecast_paths.f32", a);
    char pb[8600];
    snprintf(pb, sizeof pb, "%s/forecast_paths.f32", b);
    snprintf(cmd, sizeof cmd, "cmp -s %s %s", p, pb);
    cr_expect_eq(system(cmd), 0, "forecast_paths.f32 differs between one pass on 1 thread and passes on 2");
    snprintf(p, sizeof p, "%s/summary.csv", a);
    char *sum = tu_slurp(p);
    cr_assert_not_null(sum);
    const double p95 = pick(sum, "budget.total,CNY,2026,", 9), mean = pick(sum, "budget.total,CNY,2026,", 3);
    free(sum);
    snprintf(p, sizeof p, "%s/actuals.csv", dir);
    FILE *f = fopen(p, "w");
    fprintf(f, "series,year,actual\nbudget.total,2026,%.17g\n", p95);
    fclose(f);
    snprintf(cmd, sizeof cmd, "reestimate %s %s/actuals.csv", a, dir);
    cr_assert_eq(tu_cli(cmd, &out, &errs), 0, "%s", errs);
    free(out);
    free(errs);
    snprintf(p, sizeof p, "%s/reestimate.csv", a);
    char *csv = tu_slurp(p);
    cr_assert_not_null(csv);
    const double pct = pick(csv, "actual,budget.total,2026,", 8);
    cr_expect(fabs(pct - 95.0) <= 100.0 / 2000 + 1e-9, "percentile %g", pct);
    cr_expect_eq(pick(csv, "actual,budget.total,2026,", 4), mean); /* the run's own mean, from summary.csv */
    cr_expect(strstr(csv, ",inside,") != NULL);
    cr_expect(strstr(csv, "reforecast,budget.total,2027,") != NULL && strstr(csv, "reforecast,budget.total,2030,") != NULL &&
              strstr(csv, "reforecast,budget.total,remaining,") != NULL);
    cr_expect(strstr(csv, "nan") == NULL);
    free(csv);
    snprintf(p, sizeof p, "%s/report.html", a);
    char *html = tu_slurp(p);
    cr_expect(html && strstr(html, "实际值与预测对比") != NULL, "the report keeps the run's language");
    free(html);
    free(a);
    free(b);
    free(dir);
}
