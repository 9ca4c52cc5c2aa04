#include "testutil.h"

#include "loader.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void tu_scenario(sf_scenario *sc, size_t nseg, double loans, double amount, double pd, double rho, double lgd,
                 int years, long paths)
{
    sf_scenario_defaults(sc); /* the Contract defaults (the key tables), every mechanism off */
    snprintf(sc->path, sizeof sc->path, "test.ini");
    snprintf(sc->sim.name, sizeof sc->sim.name, "test");
    sc->sim.years = years;
    sc->sim.paths = paths;
    sc->sim.seed = 20261125;
    sc->nsectors = 2;
    sc->sectors = calloc(2, sizeof *sc->sectors);
    snprintf(sc->sectors[0], SF_NAME_MAX, "manufacturing");
    snprintf(sc->sectors[1], SF_NAME_MAX, "services");
    sc->nbanks = 1;
    sc->banks = calloc(1, sizeof *sc->banks);
    snprintf(sc->banks[0], SF_NAME_MAX, "bank_a");
    sc->nsegs = nseg;
    sc->segs = calloc(nseg, sizeof *sc->segs);
    for (size_t s = 0; s < nseg; s++) {
        sf_segment *g = &sc->segs[s];
        snprintf(g->id, sizeof g->id, "seg%zu", s);
        g->size = SF_SMALL;
        g->sector = (int)(s % 2);
        g->product = SF_CREDIT;
        g->loans = loans;
        g->avg_amount = amount;
        g->pd = pd;
        g->lgd = lgd;
        g->tenor = 1;
        g->rho = rho;
        g->turnover_m = NAN;
    }
}

void tu_scenario_free(sf_scenario *sc)
{
    free(sc->segs);
    free(sc->sectors);
    free(sc->banks);
    sc->segs = NULL;
    sc->sectors = NULL;
    sc->banks = NULL;
}

sf_result *tu_run(const sf_scenario *sc, int threads) { return tu_run_paths(sc, 0, threads, 0); }

sf_result *tu_run_paths(const sf_scenario *sc, long paths, int threads, size_t max_memory)
{
    sf_run_opts o;
    sf_run_opts_init(&o);
    o.paths = paths;
    o.threads = threads;
    o.max_memory = max_memory;
    sf_result *res = NULL;
    sf_err err = {0, ""};
    const int rc = sf_simulate(sc, &o, &res, &err);
    cr_assert_eq(rc, SF_OK, "sf_simulate: %s", err.msg);
    return res;
}

const char *tu_bin(void)
{
    const char *b = getenv("SMEFIN_BIN");
    return b && *b ? b : "./smefin";
}

char *tu_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[n] = '\0';
    fclose(f);
    return buf;
}

char *tu_tmpdir(void)
{
    char *t = strdup("/tmp/smefin-test-XXXXXX");
    cr_assert_not_null(mkdtemp(t));
    return t;
}

int tu_cli(const char *args, char **out, char **err)
{
    char *dir = tu_tmpdir();
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s %s >%s/out 2>%s/err", tu_bin(), args, dir, dir);
    const int st = system(cmd);
    char p[4200];
    snprintf(p, sizeof p, "%s/out", dir);
    char *o = tu_slurp(p);
    unlink(p);
    snprintf(p, sizeof p, "%s/err", dir);
    char *e = tu_slurp(p);
    unlink(p);
    rmdir(dir);
    free(dir);
    if (out)
        *out = o;
    else
        free(o);
    if (err)
        *err = e;
    else
        free(e);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

study_opts tu_study_opts(const char *out)
{
    study_opts o;
    memset(&o, 0, sizeof o);
    o.out = out;
    o.quiet = 1;
    o.lang = "en";
    return o;
}

double tu_csv_pick(const char *csv, const char *prefix, int col)
{
    const char *p = strstr(csv, prefix);
    cr_assert_not_null(p, "no row %s", prefix);
    for (int c = 0; c < col; c++)
        p = strchr(p, ',') + 1;
    return strtod(p, NULL);
}
