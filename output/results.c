/*
 * results.c — writers of the results folder. CSV fields go through libcsv's csv_fwrite.
 */
#include "results.h"

#include "evaluation_csv.h"
#include "report.h"
#include "series_table.h"

#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void results_format_number(double v, char *buf, size_t n)
{
    if (v == 0.0 || !isfinite(v))
        v = 0.0; /* no -0 and never NaN in an output: the model replaces non-finite values */
    snprintf(buf, n, "%.15g", v);
}

/* A CSV field: libcsv quotes it when it holds a delimiter, a quote or a line break; plain
 * fields are written as they are, so that files read well and grep well. */
void results_csv_field(FILE *f, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || (s[0] && s[strlen(s) - 1] == ' '))
        csv_fwrite(f, s, strlen(s));
    else
        fputs(s, f);
    fputc(last ? '\n' : ',', f);
}

static void put_number(FILE *f, double v, int last)
{
    char b[64];
    results_format_number(v, b, sizeof b);
    fputs(b, f);
    fputc(last ? '\n' : ',', f);
}

static void year_label(const sf_result *res, const sf_stat *st, char *buf, size_t n)
{
    (void)res;
    if (st->year == SF_YEAR_TOTAL)
        snprintf(buf, n, "total");
    else if (st->year == SF_YEAR_PV)
        snprintf(buf, n, "pv");
    else
        snprintf(buf, n, "%d", st->year);
}

int results_summary_csv(const sf_result *res, FILE *f)
{
    fputs("series,unit,year,mean,sd,se,p05,p50,p90,p95,p99,p999,cvar95,cvar99\n", f);
    for (size_t c = 0; c < res->nstats; c++) {
        const sf_stat *st = &res->stats[c];
        const sf_series_def *d = res->series[st->series];
        char y[16];
        year_label(res, st, y, sizeof y);
        results_csv_field(f, d->name, 0);
        results_csv_field(f, d->unit, 0);
        results_csv_field(f, y, 0);
        put_number(f, st->mean, 0);
        put_number(f, st->sd, 0);
        put_number(f, st->se, 0);
        for (int q = 0; q < SF_NQUANT; q++)
            put_number(f, st->q[q], 0);
        put_number(f, st->cvar95, 0);
        put_number(f, st->cvar99, 1);
    }
    return ferror(f) ? SF_EIO : SF_OK;
}

int results_figures_csv(const sf_result *res, FILE *f)
{
    fputs("key,value\n", f);
    for (int i = 0; i < res->extras.n; i++) {
        results_csv_field(f, res->extras.item[i].key, 0);
        put_number(f, res->extras.item[i].value, 1);
    }
    return ferror(f) ? SF_EIO : SF_OK;
}

int results_histogram_csv(const sf_result *res, const char *series, int nbins, FILE *f)
{
    fputs("series,bin_lo,bin_hi,count\n", f);
    const int s = sf_result_series(res, series);
    if (s < 0 || nbins < 1)
        return ferror(f) ? SF_EIO : SF_OK;
    const int col = res->ncols[s] > res->nyears ? res->nyears : res->nyears - 1; /* the horizon total */
    double lo = INFINITY, hi = -INFINITY;
    for (long p = 0; p < res->npaths; p++) {
        const double v = sf_result_value(res, s, col, p);
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    if (!(hi > lo))
        hi = lo + 1.0;
    long *count = calloc((size_t)nbins, sizeof(long));
    if (count == NULL)
        return SF_ENOMEM;
    const double w = (hi - lo) / nbins;
    for (long p = 0; p < res->npaths; p++) {
        int b = (int)((sf_result_value(res, s, col, p) - lo) / w);
        b = b < 0 ? 0 : (b >= nbins ? nbins - 1 : b);
        count[b]++;
    }
    for (int b = 0; b < nbins; b++) {
        results_csv_field(f, series, 0);
        put_number(f, lo + b * w, 0);
        put_number(f, lo + (b + 1) * w, 0);
        put_number(f, (double)count[b], 1);
    }
    free(count);
    return ferror(f) ? SF_EIO : SF_OK;
}

int results_paths_csv(const sf_result *res, FILE *f)
{
    fputs("path,year,series,value\n", f);
    for (long p = 0; p < res->npaths; p++)
        for (int y = 0; y < res->nyears; y++)
            for (size_t s = 0; s < res->nseries; s++) {
                fprintf(f, "%ld,%d,", p, res->sc->sim.start_year + y);
                results_csv_field(f, res->series[s]->name, 0);
                put_number(f, sf_result_value(res, (int)s, y, p), 1);
            }
    return ferror(f) ? SF_EIO : SF_OK;
}

int results_file_sha256(const char *path, char hex[65])
{
    hex[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return SF_EIO;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(ctx);
        fclose(f);
        return SF_EFAIL;
    }
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        EVP_DigestUpdate(ctx, buf, n);
    const int bad = ferror(f);
    fclose(f);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    if (bad)
        return SF_EIO;
    for (unsigned i = 0; i < len && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return SF_OK;
}

typedef struct param_sink {
    FILE *f;
    int json; /* 0: CSV rows; 1: JSON object members */
    int first;
    char section[64];
} param_sink;

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static int emit_param(void *ud, const char *section, const char *key, const char *value)
{
    param_sink *ps = ud;
    if (!ps->json) {
        results_csv_field(ps->f, section, 0);
        results_csv_field(ps->f, key, 0);
        results_csv_field(ps->f, value, 1);
        return 0;
    }
    if (strcmp(ps->section, section) != 0) {
        if (ps->section[0])
            fputs("\n    }", ps->f);
        fputs(ps->first ? "\n    " : ",\n    ", ps->f);
        json_string(ps->f, section);
        fputs(": {", ps->f);
        snprintf(ps->section, sizeof ps->section, "%s", section);
        ps->first = 0;
        json_string(ps->f, key);
    } else {
        fputs(", ", ps->f);
        json_string(ps->f, key);
    }
    fputs(": ", ps->f);
    json_string(ps->f, value);
    return 0;
}

/* The scenario's parameter rows, as the front end listed them. */
static void emit_params(const results_meta *meta, param_sink *ps)
{
    const sf_params *p = meta ? meta->params : NULL;
    for (size_t i = 0; i < sf_params_count(p); i++)
        emit_param(ps, sf_params_section(p, i), sf_params_key(p, i), sf_params_value(p, i));
}

static void run_rows(const sf_result *res, const results_meta *meta, param_sink *ps)
{
    const sf_scenario *sc = res->sc;
    char b[128], sha[65];
    emit_param(ps, "run", "version", SF_VERSION);
    emit_param(ps, "run", "name", sc->sim.name);
    emit_param(ps, "run", "scenario", sc->path);
    if (results_file_sha256(sc->path, sha) == SF_OK)
        emit_param(ps, "run", "scenario_sha256", sha);
    for (int i = 0; i < sc->nbases; i++)
        if (results_file_sha256(sc->bases[i], sha) == SF_OK) {
            char k[32];
            snprintf(k, sizeof k, "base%d", i + 1);
            emit_param(ps, "run", k, sc->bases[i]);
            snprintf(k, sizeof k, "base%d_sha256", i + 1);
            emit_param(ps, "run", k, sha);
        }
    if (sc->segments_path[0] && results_file_sha256(sc->segments_path, sha) == SF_OK) {
        emit_param(ps, "run", "portfolio_file", sc->segments_path);
        emit_param(ps, "run", "portfolio_sha256", sha);
    }
    snprintf(b, sizeof b, "%lu", sc->sim.seed);
    emit_param(ps, "run", "seed", b);
    snprintf(b, sizeof b, "%ld", res->npaths);
    emit_param(ps, "run", "paths", b);
    snprintf(b, sizeof b, "%d", res->threads);
    emit_param(ps, "run", "threads", b);
    snprintf(b, sizeof b, "%d", meta && meta->ranks > 0 ? meta->ranks : 1);
    emit_param(ps, "run", "ranks", b);
    snprintf(b, sizeof b, "%.3f", res->wall_seconds);
    emit_param(ps, "run", "wall_seconds", b);
    snprintf(b, sizeof b, "%d", sc->sim.start_year);
    emit_param(ps, "run", "start_year", b);
    snprintf(b, sizeof b, "%d", sc->sim.years);
    emit_param(ps, "run", "years", b);
    emit_param(ps, "run", "lang", meta && meta->lang ? meta->lang : "en");
}

int results_parameters_csv(const sf_result *res, const results_meta *meta, FILE *f)
{
    fputs("section,key,value\n", f);
    param_sink ps = {f, 0, 1, ""};
    run_rows(res, meta, &ps);
    emit_params(meta, &ps);
    return ferror(f) ? SF_EIO : SF_OK;
}

int results_run_json(const sf_result *res, const results_meta *meta, FILE *f)
{
    const sf_scenario *sc = res->sc;
    char sha[65] = "";
    results_file_sha256(sc->path, sha);
    fputs("{\n  \"version\": ", f);
    json_string(f, SF_VERSION);
    fputs(",\n  \"scenario\": ", f);
    json_string(f, sc->path);
    fputs(",\n  \"scenario_sha256\": ", f);
    json_string(f, sha);
    fputs(",\n  \"bases\": [", f);
    for (int i = 0; i < sc->nbases; i++) {
        char bsha[65] = "";
        results_file_sha256(sc->bases[i], bsha);
        fputs(i ? ", {\"path\": " : "{\"path\": ", f);
        json_string(f, sc->bases[i]);
        fputs(", \"sha256\": ", f);
        json_string(f, bsha);
        fputc('}', f);
    }
    fputc(']', f);
    if (sc->segments_path[0]) {
        char psha[65] = "";
        results_file_sha256(sc->segments_path, psha);
        fputs(",\n  \"portfolio\": ", f);
        json_string(f, sc->segments_path);
        fputs(",\n  \"portfolio_sha256\": ", f);
        json_string(f, psha);
    }
    fprintf(f, ",\n  \"seed\": %lu,\n  \"paths\": %ld,\n  \"threads\": %d,\n  \"ranks\": %d,\n", sc->sim.seed,
            res->npaths, res->threads, meta && meta->ranks > 0 ? meta->ranks : 1);
    fprintf(f, "  \"wall_seconds\": %.3f,\n  \"store\": \"%s\",\n  \"passes\": %d,\n  \"figures\": {",
            res->wall_seconds, res->store_float ? "float" : "double", res->npasses);
    for (int i = 0; i < res->extras.n; i++) {
        char b[64];
        results_format_number(res->extras.item[i].value, b, sizeof b);
        fputs(i ? ",\n    " : "\n    ", f);
        json_string(f, res->extras.item[i].key);
        fprintf(f, ": %s", b);
    }
    fputs(res->extras.n ? "\n  },\n  \"parameters\": {" : "},\n  \"parameters\": {", f);
    param_sink ps = {f, 1, 1, ""};
    emit_params(meta, &ps);
    fputs(ps.section[0] ? "\n    }\n  }\n}\n" : "}\n}\n", f);
    return ferror(f) ? SF_EIO : SF_OK;
}

/* Remove a results folder: results folders hold only files. */
static void remove_flat_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    const struct dirent *e;
    char p[4400];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static int mkdir_p(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

typedef int (*writer_fn)(const sf_result *, const results_meta *, FILE *);

static int w_summary(const sf_result *r, const results_meta *m, FILE *f)
{
    (void)m;
    return results_summary_csv(r, f);
}
static int w_figures(const sf_result *r, const results_meta *m, FILE *f)
{
    (void)m;
    return results_figures_csv(r, f);
}
static int w_hist(const sf_result *r, const results_meta *m, FILE *f)
{
    (void)m;
    return results_histogram_csv(r, "budget.total", 40, f);
}
static int w_series(const sf_result *r, const results_meta *m, FILE *f)
{
    (void)m;
    return sf_series_csv_write(r, f);
}
static int w_paths(const sf_result *r, const results_meta *m, FILE *f)
{
    (void)m;
    return results_paths_csv(r, f);
}
static int w_eval(const sf_result *r, const results_meta *m, FILE *f)
{
    (void)m;
    sf_err e = {0, ""};
    return evaluation_csv_write(r, f, &e);
}

static int write_file(const char *dir, const char *name, writer_fn fn, const sf_result *res, const results_meta *meta,
                      sf_err *err)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (f == NULL)
        return sf_err_set(err, SF_EIO, "%s: cannot write: %s", p, strerror(errno));
    const int rc = fn(res, meta, f);
    if (fclose(f) != 0 || rc != SF_OK)
        return sf_err_set(err, rc != SF_OK ? rc : SF_EIO, "%s: write failed", p);
    return SF_OK;
}

int results_write(const sf_result *res, const char *dir, const results_meta *meta, sf_err *err)
{
    if (meta == NULL || meta->params == NULL)
        return sf_err_set(err, SF_EINVAL, "%s: results: no parameter listing to write", dir);
    char tmp[4200], old[4200], parent[4096];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        if (mkdir_p(parent) != 0)
            return sf_err_set(err, SF_EIO, "%s: cannot create folder: %s", parent, strerror(errno));
    }
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", dir, (long)getpid());
    snprintf(old, sizeof old, "%s.old-%ld", dir, (long)getpid());
    remove_flat_dir(tmp);
    if (mkdir(tmp, 0777) != 0)
        return sf_err_set(err, SF_EIO, "%s: cannot create folder: %s", tmp, strerror(errno));
    int rc = write_file(tmp, "summary.csv", w_summary, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(tmp, "run.json", results_run_json, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(tmp, "series.csv", w_series, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(tmp, "parameters.csv", results_parameters_csv, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(tmp, "figures.csv", w_figures, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(tmp, "histogram.csv", w_hist, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(tmp, "evaluation.csv", w_eval, res, meta, err);
    if (rc == SF_OK && meta && meta->keep_paths)
        rc = write_file(tmp, "paths.csv", w_paths, res, meta, err);
    for (int i = 0; rc == SF_OK && meta && i < meta->nextra; i++) {
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", tmp, meta->extra[i].name);
        FILE *f = fopen(p, "w");
        if (f == NULL) {
            rc = sf_err_set(err, SF_EIO, "%s: cannot write: %s", p, strerror(errno));
            break;
        }
        rc = meta->extra[i].write(f, meta->extra[i].ud);
        if (fclose(f) != 0 || rc != SF_OK)
            rc = sf_err_set(err, rc != SF_OK ? rc : SF_EIO, "%s: write failed", p);
    }
    if (rc == SF_OK)
        rc = report_write(tmp, meta && meta->lang ? meta->lang : "en", err);
    if (rc != SF_OK) {
        remove_flat_dir(tmp);
        return rc;
    }
    /* Swap into place: an existing folder is moved aside first and removed after. */
    struct stat st;
    const int had_old = stat(dir, &st) == 0;
    if (had_old && rename(dir, old) != 0) {
        remove_flat_dir(tmp);
        return sf_err_set(err, SF_EIO, "%s: cannot replace: %s", dir, strerror(errno));
    }
    if (rename(tmp, dir) != 0) {
        const int e = errno;
        if (had_old)
            rename(old, dir);
        remove_flat_dir(tmp);
        return sf_err_set(err, SF_EIO, "%s: cannot create: %s", dir, strerror(e));
    }
    if (had_old)
        remove_flat_dir(old);
    return SF_OK;
}
