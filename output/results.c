/*
 * results.c — writers of the results folder. CSV fields go through libcsv's csv_fwrite.
 */
#include "results.h"
#include "xlsx.h"

#include "evaluation.h"
#include "evaluation_csv.h"
#include "i18n.h"
#include "forecast_paths.h"
#include "report.h"
#include "series_table.h"
#include "subsidy_csv.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

void sf_results_format_number(double v, char *buf, size_t n)
{
    if (v == 0.0 || !isfinite(v))
        v = 0.0; /* no -0 and never NaN in an output: the model replaces non-finite values */
    snprintf(buf, n, "%.15g", v);
}

/* A CSV field: libcsv quotes it when it holds a delimiter, a quote or a line break; plain
 * fields are written as they are, so that files read well and grep well. */
void sf_results_csv_field(FILE *f, const char *s, int last)
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
    sf_results_format_number(v, b, sizeof b);
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

int sf_results_summary_csv(const sf_result *res, FILE *f)
{
    fputs("series,unit,year,mean,sd,se,p05,p50,p90,p95,p99,p999,cvar95,cvar99\n", f);
    for (size_t c = 0; c < res->nstats; c++) {
        const sf_stat *st = &res->stats[c];
        const sf_series_def *d = res->series[st->series];
        char y[16];
        year_label(res, st, y, sizeof y);
        sf_results_csv_field(f, d->name, 0);
        sf_results_csv_field(f, d->unit, 0);
        sf_results_csv_field(f, y, 0);
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

void sf_results_figure_split(const char *key, char *figure, size_t n, char *year, size_t ny)
{
    const char *dot = strrchr(key, '.');
    const char *last = dot ? dot + 1 : "";
    const size_t ll = strlen(last);
    const int is_year = ll == 4 && strspn(last, "0123456789") == 4;
    if (dot && dot != key && (is_year || strcmp(last, "total") == 0 || strcmp(last, "pv") == 0)) {
        snprintf(figure, n, "%.*s", (int)(dot - key), key);
        snprintf(year, ny, "%s", last);
    } else {
        snprintf(figure, n, "%s", key);
        snprintf(year, ny, "%s", "");
    }
}

const char *sf_results_figure_unit(const char *figure)
{
    char kind = 'n';
    sf_i18n_figure(I18N_EN, figure, &kind);
    if (strstr(figure, "prob") != NULL)
        return "probability";
    if (strstr(figure, "confidence") != NULL)
        return "share";
    const size_t l = strlen(figure);
    /* quantiles of a CNY series (budget.total.p25, budget.claims.p75) */
    if (kind == 'n' && l > 4 && (strcmp(figure + l - 4, ".p25") == 0 || strcmp(figure + l - 4, ".p75") == 0))
        return "CNY";
    switch (kind) {
    case 'm':
        return "CNY";
    case 'p':
        return "share";
    case 'x':
        return "x";
    default:
        return "";
    }
}

int sf_results_figures_csv(const sf_result *res, FILE *f)
{
    fputs("figure,year,value,unit\n", f);
    for (int i = 0; i < res->extras.n; i++) {
        char fig[256], year[16];
        sf_results_figure_split(res->extras.item[i].key, fig, sizeof fig, year, sizeof year);
        sf_results_csv_field(f, fig, 0);
        sf_results_csv_field(f, year, 0);
        put_number(f, res->extras.item[i].value, 0);
        sf_results_csv_field(f, sf_results_figure_unit(fig), 1);
    }
    return ferror(f) ? SF_EIO : SF_OK;
}

/* The rows of one series' histogram (no header). */
static int histogram_rows(const sf_result *res, const char *series, int nbins, FILE *f)
{
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
    /* Every path the same (or a spread below the resolution of totals this large): one unit, or
     * a billionth of the value, above it, so that the bins have distinct, finite edges. */
    if (!(hi - lo > 1e-9 * fmax(fabs(lo), fabs(hi))))
        hi = lo + fmax(1.0, 1e-9 * fabs(lo));
    if (!isfinite(lo) || !isfinite(hi - lo)) /* no finite total: no bins rather than NaN edges */
        return ferror(f) ? SF_EIO : SF_OK;
    double *count = calloc((size_t)nbins, sizeof(double));
    if (count == NULL)
        return SF_ENOMEM;
    /* importance sampling: a path counts its weight normalised to mean 1 (the expected count of
     * n plain paths); 1 each otherwise */
    double wsum = 0.0;
    for (long p = 0; p < res->npaths; p++)
        wsum += sf_result_weight(res, p);
    const double wscale = res->weights && wsum > 0.0 ? (double)res->npaths / wsum : 1.0;
    const double w = (hi - lo) / nbins;
    for (long p = 0; p < res->npaths; p++) {
        const double x = (sf_result_value(res, s, col, p) - lo) / w;
        if (!isfinite(x))
            continue;
        int b = x >= nbins ? nbins - 1 : (int)x;
        b = b < 0 ? 0 : (b >= nbins ? nbins - 1 : b);
        count[b] += res->weights ? sf_result_weight(res, p) * wscale : 1.0;
    }
    for (int b = 0; b < nbins; b++) {
        sf_results_csv_field(f, series, 0);
        put_number(f, lo + b * w, 0);
        put_number(f, lo + (b + 1) * w, 0);
        put_number(f, count[b], 1);
    }
    free(count);
    return ferror(f) ? SF_EIO : SF_OK;
}

int sf_results_histogram_csv(const sf_result *res, const char *series, int nbins, FILE *f)
{
    fputs("series,bin_lo,bin_hi,count\n", f);
    return histogram_rows(res, series, nbins, f);
}

int sf_results_paths_csv(const sf_result *res, FILE *f)
{
    fputs("path,year,series,value\n", f);
    for (long p = 0; p < res->npaths; p++)
        for (int y = 0; y < res->nyears; y++)
            for (size_t s = 0; s < res->nseries; s++) {
                fprintf(f, "%ld,%d,", p, res->sc->sim.start_year + y);
                sf_results_csv_field(f, res->series[s]->name, 0);
                put_number(f, sf_result_value(res, (int)s, y, p), 1);
            }
    return ferror(f) ? SF_EIO : SF_OK;
}

int sf_results_file_sha256(const char *path, char hex[65])
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
        sf_results_csv_field(ps->f, section, 0);
        sf_results_csv_field(ps->f, key, 0);
        sf_results_csv_field(ps->f, value, 1);
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
static void emit_params(const sf_results_meta *meta, param_sink *ps)
{
    const sf_params *p = meta ? meta->params : NULL;
    for (size_t i = 0; i < sf_params_count(p); i++)
        emit_param(ps, sf_params_section(p, i), sf_params_key(p, i), sf_params_value(p, i));
}

static void run_rows(const sf_result *res, const sf_results_meta *meta, param_sink *ps)
{
    const sf_scenario *sc = res->sc;
    char b[128], sha[65];
    emit_param(ps, "run", "version", SF_VERSION);
    emit_param(ps, "run", "name", sc->sim.name);
    emit_param(ps, "run", "scenario", sc->path);
    if (sf_results_file_sha256(sc->path, sha) == SF_OK)
        emit_param(ps, "run", "scenario_sha256", sha);
    for (int i = 0; i < sc->nbases; i++)
        if (sf_results_file_sha256(sc->bases[i], sha) == SF_OK) {
            char k[32];
            snprintf(k, sizeof k, "base%d", i + 1);
            emit_param(ps, "run", k, sc->bases[i]);
            snprintf(k, sizeof k, "base%d_sha256", i + 1);
            emit_param(ps, "run", k, sha);
        }
    if (sc->segments_path[0] && sf_results_file_sha256(sc->segments_path, sha) == SF_OK) {
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

static const char *trim_span(const char *s, const char *end, size_t *len)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
        end--;
    *len = (size_t)(end - s);
    return s;
}

int sf_results_override_split(const char *arg, char *key, size_t nkey, char *value, size_t nvalue)
{
    const char *eq = strchr(arg, '='), *dot = strchr(arg, '.');
    if (eq == NULL || dot == NULL || dot > eq)
        return -1;
    size_t ls, lk, lv;
    const char *s = trim_span(arg, dot, &ls), *k = trim_span(dot + 1, eq, &lk), *v = trim_span(eq + 1, eq + 1 + strlen(eq + 1), &lv);
    if (ls == 0 || lk == 0 || ls + lk + 2 > nkey || lv + 1 > nvalue)
        return -1;
    snprintf(key, nkey, "%.*s.%.*s", (int)ls, s, (int)lk, k);
    snprintf(value, nvalue, "%.*s", (int)lv, v);
    return 0;
}

/* The value of SECTION.KEY in a parameter list, or NULL. */
static const char *param_lookup(const sf_params *p, const char *dotted)
{
    for (size_t i = 0; i < sf_params_count(p); i++) {
        const char *sec = sf_params_section(p, i);
        const size_t ls = strlen(sec);
        if (strncmp(dotted, sec, ls) == 0 && dotted[ls] == '.' && strcmp(dotted + ls + 1, sf_params_key(p, i)) == 0)
            return sf_params_value(p, i);
    }
    return NULL;
}

int sf_results_overrides_csv(const sf_result *res, const sf_results_meta *meta, FILE *f)
{
    (void)res;
    fputs("key,scenario_value,value\n", f);
    const int n = meta ? meta->noverrides : 0;
    for (int i = 0; i < n; i++) {
        char key[512], value[4096];
        if (sf_results_override_split(meta->overrides[i], key, sizeof key, value, sizeof value) != 0)
            continue; /* the loader refused it before the run: not reached */
        int later = 0;
        for (int j = i + 1; j < n && !later; j++) {
            char k2[512], v2[4096];
            later = sf_results_override_split(meta->overrides[j], k2, sizeof k2, v2, sizeof v2) == 0 && strcmp(k2, key) == 0;
        }
        if (later)
            continue; /* a later --set of the key wins */
        const char *was = meta->scenario_params ? param_lookup(meta->scenario_params, key) : NULL;
        sf_results_csv_field(f, key, 0);
        sf_results_csv_field(f, was ? was : "", 0);
        sf_results_csv_field(f, value, 1);
    }
    return ferror(f) ? SF_EIO : SF_OK;
}

int sf_results_parameters_csv(const sf_result *res, const sf_results_meta *meta, FILE *f)
{
    fputs("section,key,value\n", f);
    param_sink ps = {f, 0, 1, ""};
    run_rows(res, meta, &ps);
    emit_params(meta, &ps);
    return ferror(f) ? SF_EIO : SF_OK;
}

int sf_results_run_json(const sf_result *res, const sf_results_meta *meta, FILE *f)
{
    const sf_scenario *sc = res->sc;
    char sha[65] = "";
    sf_results_file_sha256(sc->path, sha);
    fputs("{\n  \"version\": ", f);
    json_string(f, SF_VERSION);
    fputs(",\n  \"tool\": \"smefin\"", f);
    fputs(",\n  \"scenario\": ", f);
    json_string(f, sc->path);
    fputs(",\n  \"scenario_sha256\": ", f);
    json_string(f, sha);
    fputs(",\n  \"bases\": [", f);
    for (int i = 0; i < sc->nbases; i++) {
        char bsha[65] = "";
        sf_results_file_sha256(sc->bases[i], bsha);
        fputs(i ? ", {\"path\": " : "{\"path\": ", f);
        json_string(f, sc->bases[i]);
        fputs(", \"sha256\": ", f);
        json_string(f, bsha);
        fputc('}', f);
    }
    fputc(']', f);
    if (sc->segments_path[0]) {
        char psha[65] = "";
        sf_results_file_sha256(sc->segments_path, psha);
        fputs(",\n  \"portfolio\": ", f);
        json_string(f, sc->segments_path);
        fputs(",\n  \"portfolio_sha256\": ", f);
        json_string(f, psha);
    }
    /* The mechanisms a loan-book run inherits through `base =` (sf_scenario_inherited), each with
     * the file it came from and its share of the horizon mean of budget.total (null when that
     * mean is not > 0): the report's warning reads the same shares from figures.csv. */
    fputs(",\n  \"inherited_mechanisms\": [", f);
    int ni = 0;
    for (int m = 0; m < SF_NMECHANISMS; m++) {
        if (!sf_scenario_inherited(sc, m))
            continue;
        const int d = sc->mech_from[m];
        const double sh = sf_evaluation_inherited_share(res, m);
        char b[64] = "null";
        if (isfinite(sh))
            sf_results_format_number(sh, b, sizeof b);
        fputs(ni++ ? ", {\"mechanism\": " : "{\"mechanism\": ", f);
        json_string(f, sf_mechanism_list[m].section);
        fputs(", \"from\": ", f);
        json_string(f, d >= 1 && d <= sc->nbases ? sc->bases[d - 1] : "");
        fprintf(f, ", \"share\": %s}", b);
    }
    fputc(']', f);
    fprintf(f, ",\n  \"seed\": %lu,\n  \"paths\": %ld,\n  \"threads\": %d,\n  \"ranks\": %d,\n", sc->sim.seed,
            res->npaths, res->threads, meta && meta->ranks > 0 ? meta->ranks : 1);
    fprintf(f, "  \"wall_seconds\": %.3f,\n  \"store\": \"%s\",\n  \"passes\": %d,\n", res->wall_seconds,
            res->store_float ? "float" : "double", res->npasses);
    if (res->is_on) { /* importance sampling (docs/engine.md); absent when off */
        char b[64];
        fputs("  \"importance_sampling\": {\"shift\": [", f);
        for (int t = 0; t < res->nyears; t++) {
            sf_results_format_number(res->is_shift[t], b, sizeof b);
            fprintf(f, "%s%s", t ? ", " : "", b);
        }
        fputs("], \"sector_shift\": [", f);
        for (int k = 0; k < res->nsectors_shift; k++) {
            fputs(k ? ", [" : "[", f);
            for (int t = 0; t < res->nyears; t++) {
                sf_results_format_number(res->is_shift_sector[(size_t)k * (size_t)res->nyears + t], b, sizeof b);
                fprintf(f, "%s%s", t ? ", " : "", b);
            }
            fputc(']', f);
        }
        fputc(']', f);
        if (sc->econ.copula == SF_COPULA_T) {
            fputs(", \"mixing_scale\": [", f);
            for (int t = 0; t < res->nyears; t++) {
                sf_results_format_number(res->is_mix_scale[t], b, sizeof b);
                fprintf(f, "%s%s", t ? ", " : "", b);
            }
            fputc(']', f);
        }
        fprintf(f, ", \"levels\": %d, \"pilot_paths\": %ld, ", res->is_levels, res->is_pilot);
        sf_results_format_number(res->is_threshold, b, sizeof b);
        fprintf(f, "\"pilot_threshold\": %s, ", b);
        sf_results_format_number(res->is_alpha, b, sizeof b);
        fprintf(f, "\"defensive_share\": %s, ", b);
        sf_results_format_number(res->is_ess, b, sizeof b);
        fprintf(f, "\"ess\": %s},\n", b);
    }
    fputs("  \"figures\": {", f);
    for (int i = 0; i < res->extras.n; i++) {
        char b[64];
        sf_results_format_number(res->extras.item[i].value, b, sizeof b);
        fputs(i ? ",\n    " : "\n    ", f);
        json_string(f, res->extras.item[i].key);
        fprintf(f, ": %s", b);
    }
    fputs(res->extras.n ? "\n  },\n  \"overrides\": [" : "},\n  \"overrides\": [", f);
    for (int i = 0; meta && i < meta->noverrides; i++) {
        fputs(i ? ", " : "", f);
        json_string(f, meta->overrides[i]);
    }
    fputs("],\n  \"parameters\": {", f);
    param_sink ps = {f, 1, 1, ""};
    emit_params(meta, &ps);
    fputs(ps.section[0] ? "\n    }\n  }\n}\n" : "}\n}\n", f);
    return ferror(f) ? SF_EIO : SF_OK;
}

/* Shares under this (0.1 %) are listed apart, without their file, to keep the line short. */
#define INHERITED_MINOR 0.001

int sf_results_inherited_warning(const sf_result *res, char *buf, size_t n)
{
    const sf_scenario *sc = res->sc;
    const sf_extras *ex = &res->extras;
    buf[0] = '\0';
    const double sum = sf_extras_get(ex, "budget.inherited_share");
    if (!(sum > SF_INHERITED_WARN_SHARE))
        return 0;
    char major[1024] = "", minor[256] = "", fix[256] = "";
    size_t mu = 0, nu = 0, fu = 0;
    for (int m = 0; m < SF_NMECHANISMS; m++) {
        if (!sf_scenario_inherited(sc, m))
            continue;
        char key[64];
        snprintf(key, sizeof key, "budget.inherited_share.%s", sf_mechanism_list[m].section);
        const double sh = sf_extras_get(ex, key);
        const char *sec = sf_mechanism_list[m].section;
        if (fabs(sh) < INHERITED_MINOR) {
            if (nu < sizeof minor)
                nu += (size_t)snprintf(minor + nu, sizeof minor - nu, "%s[%s]", nu ? ", " : "", sec);
            continue;
        }
        const int d = sc->mech_from[m];
        if (mu < sizeof major)
            mu += (size_t)snprintf(major + mu, sizeof major - mu, "%s[%s] (%.1f %%, from %s)", mu ? ", " : "", sec,
                                   100.0 * sh, d >= 1 && d <= sc->nbases ? sc->bases[d - 1] : "a base");
        if (fu < sizeof fix)
            fu += (size_t)snprintf(fix + fu, sizeof fix - fu, "%s[%s]", fu ? ", " : "", sec);
    }
    snprintf(buf, n,
             "warning: %s: this loan-book run inherits through 'base =' %s: %.1f %% of the horizon mean of "
             "budget.total is not the book's own; set 'enabled = false' under %s in this file, or drop 'base ='%s%s%s",
             sc->path, major, 100.0 * sum, fix, nu ? " (also inherited, under 0.1 % each: " : "", minor, nu ? ")" : "");
    return 1;
}

typedef int (*writer_fn)(const sf_result *, const sf_results_meta *, FILE *);

static int w_summary(const sf_result *r, const sf_results_meta *m, FILE *f)
{
    (void)m;
    return sf_results_summary_csv(r, f);
}
static int w_figures(const sf_result *r, const sf_results_meta *m, FILE *f)
{
    (void)m;
    return sf_results_figures_csv(r, f);
}
static int w_hist(const sf_result *r, const sf_results_meta *m, FILE *f)
{
    (void)m;
    /* The payouts view, then the claims view the report shows (issue 11). */
    int rc = sf_results_histogram_csv(r, "budget.total", 40, f);
    return rc == SF_OK ? histogram_rows(r, "budget.claims", 40, f) : rc;
}
static int w_series(const sf_result *r, const sf_results_meta *m, FILE *f)
{
    (void)m;
    return sf_series_csv_write(r, f);
}
static int w_paths(const sf_result *r, const sf_results_meta *m, FILE *f)
{
    (void)m;
    return sf_results_paths_csv(r, f);
}
static int w_fpaths(const sf_result *r, const sf_results_meta *m, FILE *f)
{
    (void)m;
    return sf_forecast_paths_write(r, f) == 0 ? SF_OK : SF_EIO;
}
static int w_eval(const sf_result *r, const sf_results_meta *m, FILE *f)
{
    (void)m;
    sf_err e = {0, ""};
    return sf_evaluation_csv_write(r, f, &e);
}

int sf_results_contributions_csv(const sf_result *res, FILE *f)
{
    fputs("dimension,member,stat,contribution,share\n", f);
    for (size_t i = 0; i < res->ncontrib; i++) {
        const sf_contrib_row *r = &res->contrib[i];
        sf_results_csv_field(f, sf_contrib_dimension_names[r->dimension], 0);
        sf_results_csv_field(f, r->member, 0);
        sf_results_csv_field(f, sf_contrib_stat_names[r->stat], 0);
        put_number(f, r->contribution, 0);
        put_number(f, r->share, 1);
    }
    return ferror(f) ? SF_EIO : SF_OK;
}

static int w_contrib(const sf_result *r, const sf_results_meta *m, FILE *f)
{
    (void)m;
    return sf_results_contributions_csv(r, f);
}

static int w_subsidy(const sf_result *r, const sf_results_meta *m, FILE *f)
{
    (void)m;
    return sf_subsidy_csv_write(r, f);
}

/* One file of the folder: `fn` writes it, or, for a further file, extra->write. Every write is
 * checked: a stream error, a failed fflush or fclose (a full disk shows there) is SF_EWRITE. */
static int write_file(sf_outdir *od, const char *name, writer_fn fn, const sf_results_extra_file *extra,
                      const sf_result *res, const sf_results_meta *meta, sf_err *err)
{
    if (meta && meta->phase) /* each file redraws the progress line */
        meta->phase(meta->phase_ud, "writing the results");
    if (!sf_outdir_known_name(name)) /* the folder could not be replaced later: see outdir.c */
        return sf_err_set(err, SF_EFAIL, "internal: %s is not in the list of files a results folder holds", name);
    char p[4400];
    snprintf(p, sizeof p, "%s/%s", sf_outdir_path(od), name);
    FILE *f = fopen(p, "w");
    if (f == NULL)
        return sf_err_set(err, SF_EWRITE, "%s: cannot write: %s", p, strerror(errno));
    int rc = fn ? fn(res, meta, f) : extra->write(f, extra->ud);
    const int fe = rc != SF_OK || ferror(f) ? errno : 0; /* a failed fwrite's reason (binary files) */
    errno = 0;
    const int bad = fflush(f) != 0 || ferror(f);
    const int e = errno;
    if (fclose(f) != 0 || bad) {
        const int why = e ? e : errno ? errno : fe;
        return sf_err_set(err, SF_EWRITE, "%s: cannot write: %s", p, why ? strerror(why) : "write error");
    }
    if (rc != SF_OK)
        return sf_err_set(err, rc == SF_EIO ? SF_EWRITE : rc, "%s: cannot write", p);
    return sf_outdir_step(od, err); /* a signal stops the writing between two files */
}

int sf_results_write_into(const sf_result *res, sf_outdir *od, const sf_results_meta *meta, sf_err *err)
{
    if (meta == NULL || meta->params == NULL)
        return sf_err_set(err, SF_EINVAL, "%s: results: no parameter listing to write", sf_outdir_target(od));
    int rc = write_file(od, "summary.csv", w_summary, NULL, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(od, "run.json", sf_results_run_json, NULL, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(od, "series.csv", w_series, NULL, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(od, "parameters.csv", sf_results_parameters_csv, NULL, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(od, "figures.csv", w_figures, NULL, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(od, "histogram.csv", w_hist, NULL, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(od, "evaluation.csv", w_eval, NULL, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(od, "overrides.csv", sf_results_overrides_csv, NULL, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(od, SF_FORECAST_PATHS_FILE, w_fpaths, NULL, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(od, "subsidy.csv", w_subsidy, NULL, res, meta, err);
    if (rc == SF_OK)
        rc = write_file(od, "contributions.csv", w_contrib, NULL, res, meta, err);
    if (rc == SF_OK && meta && meta->keep_paths)
        rc = write_file(od, "paths.csv", w_paths, NULL, res, meta, err);
    for (int i = 0; rc == SF_OK && meta && i < meta->nextra; i++)
        rc = write_file(od, meta->extra[i].name, NULL, &meta->extra[i], res, meta, err);
    if (rc == SF_OK) {
        if (meta->phase)
            meta->phase(meta->phase_ud, "writing the report");
        rc = sf_report_write_both(sf_outdir_path(od), meta && meta->lang ? meta->lang : "en", err);
        /* budget.xlsx, from the files just written (xlsx.h) */
        if (rc == SF_OK && meta->phase)
            meta->phase(meta->phase_ud, "writing the spreadsheet");
        if (rc == SF_OK)
            rc = sf_xlsx_write(sf_outdir_path(od), meta && meta->lang ? meta->lang : "en", meta->param_notes, err);
        if (rc == SF_EIO)
            rc = err->code = SF_EWRITE; /* it reads the files just written: a failure is a write's */
        if (rc == SF_OK)
            rc = sf_outdir_step(od, err);
    }
    return rc;
}

uint64_t sf_results_estimate_bytes(const sf_run_estimate *est, int keep_paths, uint64_t extra_bytes)
{
    /* Measured on the baseline: a summary.csv row is under 200 bytes; run.json, parameters.csv
     * and the rest under 100 kB; report.html under 1 MB. A paths.csv row is under 60 bytes;
     * forecast_paths.f32 has its exact size. */
    uint64_t b = (uint64_t)est->ncells * 200 + 100000 + 1000000 + extra_bytes +
                 sf_forecast_paths_bytes(est->paths, est->years, est->nkept);
    if (keep_paths)
        b += (uint64_t)est->paths * (uint64_t)est->years * (uint64_t)est->nseries * 60;
    return b;
}

int sf_results_write(const sf_result *res, const char *dir, const sf_results_meta *meta, sf_err *err)
{
    if (meta == NULL || meta->params == NULL)
        return sf_err_set(err, SF_EINVAL, "%s: results: no parameter listing to write", dir);
    sf_run_estimate est;
    memset(&est, 0, sizeof est);
    est.paths = res->npaths;
    est.years = res->nyears;
    est.nseries = res->nseries;
    est.ncells = res->ncells;
    sf_outdir *od;
    int rc = sf_outdir_open(dir, sf_results_estimate_bytes(&est, meta && meta->keep_paths, 0),
                            meta ? meta->cancel : NULL, &od, err);
    if (rc != SF_OK)
        return rc;
    rc = sf_results_write_into(res, od, meta, err);
    if (rc != SF_OK) {
        sf_outdir_abort(od);
        return rc;
    }
    return sf_outdir_commit(od, err);
}
