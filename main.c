/*
 * main.c — the smefin command line: options and verbs only; the model, the loader and the
 * writers live in libsmefin.a. Exit 0 on success, 2 on bad input (one line on stderr naming
 * the file, line and key, or the option), 1 on an internal failure.
 */
#include "analytic.h"
#include "loader.h"
#include "outdir.h"
#include "overrides.h"
#include "progress.h"
#include "reestimate.h"
#include "report.h"
#include "results.h"
#include "sim.h"
#include "study.h"
#include "calibrate.h"
#include "chart.h"
#include "i18n.h"

#include <stdarg.h>
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef SMEFIN_MPI
#include "mpi_sim.h"
#include <mpi.h>
static int g_rank = 0, g_ranks = 1;
#endif

#ifndef SMEFIN_DATADIR
#define SMEFIN_DATADIR "/usr/local/share/smefin"
#endif

#define MAX_SETS 256

/* --max-memory's default in MB (10^6 bytes): the 1 GB target for a run of 1 000 000 paths. */
#define DEFAULT_MAX_MEMORY_MB 1000

typedef struct cli_opts {
    const char *scenario;
    long paths;
    int seed_given;
    unsigned long long seed;
    int threads;
    const char *out;
    const char *sets[MAX_SETS];
    int nsets;
    int keep_paths;
    long max_memory_mb; /* -1: not given */
    const char *lang;
    int quiet;
    const char *vary, *range, *target; /* sweep and solve */
    const char *keys;                  /* sensitivity: --keys */
    double delta;                      /* sensitivity: --delta, 0: not given */
} cli_opts;

/* --max-memory in bytes (0: no limit), its default when not given. */
static size_t max_memory_bytes(const cli_opts *o)
{
    return (size_t)(o->max_memory_mb < 0 ? DEFAULT_MAX_MEMORY_MB : o->max_memory_mb) * 1000000;
}

static int fail(int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int fail(int code, const char *fmt, ...)
{
#ifdef SMEFIN_MPI
    if (g_rank != 0) /* every rank sees the same error: rank 0 reports it */
        return code;
#endif
    /* The last safety net of the one-line rule: whatever the message holds, no control character
     * reaches stderr (sf_msg_value escapes them; a message is never cut here). */
    char raw[4096], line[4 * sizeof raw];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    fprintf(stderr, "smefin: %s\n", sf_msg_value(raw, 0, line, sizeof line));
    return code;
}

static int exit_code(int sf_code)
{
    return (sf_code == SF_EINVAL || sf_code == SF_EPARSE || sf_code == SF_EIO) ? 2 : 1;
}

/* A library error as the CLI reports it. The library names the sf_run_opts field it checked
 * (max_memory); the command line says the option that sets it. */
static int fail_err(int rc, const sf_err *err)
{
    static const char field[] = "max_memory: ";
    if (strncmp(err->msg, field, sizeof field - 1) == 0)
        return fail(exit_code(rc), "--max-memory: %s", err->msg + sizeof field - 1);
    return fail(exit_code(rc), "%s", err->msg);
}

/* SIGINT, SIGTERM and SIGHUP during a run: the handler only records the signal; the
 * simulation stops between paths and the writer between files (they poll g_signal), the
 * temporary folder is removed, and smefin exits 128 + the signal's number. */
static volatile sig_atomic_t g_signal = 0;

static void on_signal(int sig)
{
    g_signal = sig;
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a pause in the writer's test hook ends at once */
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* a signal ignored when smefin starts (nohup, a background job) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

/* The exit of a run that failed with `rc`: a cancelled one exits 128 + signal. */
static int run_failed(int rc, const sf_err *err, const char *dir)
{
    if (rc == SF_ECANCEL && g_signal) {
        const int sig = g_signal;
        fail(128 + sig, "stopped by %s; %s was left as it was", sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP",
             dir);
        return 128 + sig;
    }
    return fail_err(rc, err);
}

/* Physical memory in bytes, 0 when unknown. */
static double physical_memory(void)
{
    const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? (double)pages * (double)size : 0.0;
}

/* The checks of a run before its first path that sf_sim_estimate does not make: memory when
 * the run keeps every per-path value (--keep-paths, --max-memory 0). */
static int check_memory(const sf_run_estimate *est, size_t max_memory)
{
    const double phys = physical_memory();
    if (max_memory == 0 && phys > 0 && (double)est->memory_bytes > phys)
        return fail(2,
                    "--paths: %ld paths keep about %.0f MB of per-path values in memory and this machine has %.0f MB; "
                    "use fewer paths, or a --max-memory (not with --keep-paths)",
                    est->paths, (double)est->memory_bytes / 1e6, phys / 1e6);
    return 0;
}

static const char usage_text[] =
    "usage: smefin COMMAND [ARGS]\n"
    "\n"
    "  run [SCENARIO.ini] [options]   simulate; write the results folder and report.html\n"
    "  check SCENARIO.ini             validate a scenario (exit 0 when it loads)\n"
    "  analytic SCENARIO.ini          closed forms per segment: expected loss, Vasicek quantiles,\n"
    "                                 Basel IRB capital (CSV on stdout)\n"
    "  compare BASE.ini VARIANT.ini... [run options]\n"
    "                                 variants against the base with common random numbers\n"
    "                                 -> compare.csv (diff and its standard error)\n"
    "  sweep SCENARIO.ini --vary SECTION.KEY=V1,V2,... [run options]    -> sweep.csv\n"
    "  solve SCENARIO.ini --vary SECTION.KEY --range LO:HI --target SERIES:YEAR:STAT<=VALUE\n"
    "                                 [run options]: bisection for the key's value -> solve.csv\n"
    "  sensitivity SCENARIO.ini [--keys K1,K2,...] [--delta 0.1] [run options]\n"
    "                                 each key -/+ delta on the same random numbers\n"
    "                                 -> sensitivity.csv (tornado in report.html)\n"
    "  stress SCENARIO.ini --target SERIES:YEAR:STAT>=VALUE [run options]\n"
    "                                 reverse stress: the economy on the paths that meet\n"
    "                                 the target, and the economy.stress line replaying it\n"
    "                                 -> stress.csv\n"
    "  reestimate RESULTS_DIR ACTUALS.csv [--lang en|zh]\n"
    "                                 actuals (series,year,actual) against the run's forecast:\n"
    "                                 percentiles, re-estimate, conditional re-forecast\n"
    "                                 -> RESULTS_DIR/reestimate.csv and its report section\n"
    "  calibrate vasicek|lgd|fund FILE.csv  fit parameters from data (CSV on stdout)\n"
    "  report RESULTS_DIR [--lang en|zh]  rebuild RESULTS_DIR/report.html from its files\n"
    "  --version | --help | COMMAND --help | help COMMAND\n"
    "\n"
    "run options (defaults in brackets):\n"
    "  --paths N            Monte Carlo paths, at most 10^8 as simulation.paths\n"
    "                       [simulation.paths, 20000 by default]\n"
    "  --seed S             64-bit seed [simulation.seed, 1]\n"
    "  --threads T          OpenMP threads [all cores]; results do not depend on it\n"
    "  --out DIR            results folder [results/<simulation.name>/]: new, empty or a\n"
    "                       smefin results folder (anything else is refused, untouched)\n"
    "  --set SECTION.KEY=V  override any scenario key (repeatable); a run with --set and\n"
    "                       no --out writes results/<simulation.name>+<hash>/\n"
    "  --keep-paths         also write paths.csv (path,year,series,value); keeps every\n"
    "                       per-path value in memory (no --max-memory)\n"
    "  --max-memory MB      memory for the run in MB of 10^6 bytes [1000]; a run whose\n"
    "                       per-path values do not fit simulates the paths again for\n"
    "                       each group of cells (same results, more time); 0: no limit.\n"
    "                       Not with compare or --keep-paths, which keep every value\n"
    "  --lang en|zh         language of report.html and of run's terminal table (zh: 亿元) [en]\n"
    "  --quiet              print nothing but errors\n"
    "\n"
    "Without SCENARIO the built-in Shenzhen baseline (scenarios/shenzhen-baseline.ini) runs.\n"
    "Exit status: 0 success, 2 bad input (one line naming file, line and key), 1 internal failure\n"
    "or a failed write; 130, 143, 129 after SIGINT, SIGTERM, SIGHUP (the earlier folder is kept).\n";

/* The options every simulating verb takes (run, compare, sweep, solve), for their --help. */
#define RUN_OPTIONS_HELP                                                                                      \
    "  --paths N            Monte Carlo paths, at most 10^8 [simulation.paths, 20000]\n"                     \
    "  --seed S             64-bit seed [simulation.seed, 1]\n"                                               \
    "  --threads T          OpenMP threads [all cores]; results do not depend on it\n"                        \
    "  --set SECTION.KEY=V  override any scenario key (repeatable); recorded in run.json\n"                   \
    "                       (\"overrides\") and overrides.csv, and listed by the report\n"                    \
    "  --max-memory MB      memory for each run in MB of 10^6 bytes [1000]; 0: no limit\n"                   \
    "  --lang en|zh         language of report.html [en]\n"                                                   \
    "  --quiet              print nothing but errors\n"

/* `smefin VERB --help`: the verb's usage, options and an example. */
static const struct verb_help {
    const char *verb;
    const char *text;
} verb_helps[] = {
    {"run", "usage: smefin run [SCENARIO.ini] [options]\n"
            "\n"
            "Simulate the scenario (without SCENARIO: the built-in Shenzhen baseline,\n"
            "scenarios/shenzhen-baseline.ini) and write its results folder: summary.csv,\n"
            "series.csv, run.json, parameters.csv, figures.csv, evaluation.csv, overrides.csv,\n"
            "histogram.csv and report.html. Prints the total budget per year (mean, P95).\n"
            "\n"
            "options (defaults in brackets):\n" RUN_OPTIONS_HELP
            "  --out DIR            results folder [results/<simulation.name>/; with --set\n"
            "                       results/<simulation.name>+<hash of the overrides>/]: new,\n"
            "                       empty or a smefin results folder (anything else is refused)\n"
            "  --keep-paths         also write paths.csv (path,year,series,value); keeps every\n"
            "                       per-path value in memory (no --max-memory)\n"
            "\n"
            "example:\n"
            "  smefin run --paths 2000 --set risk_compensation.share=0.5\n"},
    {"check", "usage: smefin check SCENARIO.ini [--set SECTION.KEY=V]... [--quiet]\n"
              "\n"
              "Load and validate a scenario and its portfolio; exit 0 and one line when it loads,\n"
              "exit 2 and one line naming the file, line and key when it does not.\n"
              "\n"
              "example:\n"
              "  smefin check scenarios/shenzhen-baseline.ini\n"},
    {"analytic", "usage: smefin analytic SCENARIO.ini [--set SECTION.KEY=V]...\n"
                 "\n"
                 "Closed forms per segment, CSV on stdout: expected loss, Vasicek quantiles of the\n"
                 "loss rate, Basel IRB capital.\n"
                 "\n"
                 "example:\n"
                 "  smefin analytic scenarios/shenzhen-baseline.ini\n"},
    {"compare", "usage: smefin compare BASE.ini VARIANT.ini... [options]\n"
                "\n"
                "Run the base and each variant on common random numbers and write compare.csv\n"
                "(variant,series,year,stat,base,variant_value,diff,diff_se) beside the base run's\n"
                "files. Every path of the runs is kept: no --max-memory other than 0.\n"
                "\n"
                "options (defaults in brackets):\n" RUN_OPTIONS_HELP
                "  --out DIR            results folder [results/<simulation.name>-compare/]\n"
                "\n"
                "example:\n"
                "  smefin compare scenarios/shenzhen-baseline.ini scenarios/variants/comp-share-50.ini --paths 2000\n"},
    {"sweep", "usage: smefin sweep SCENARIO.ini --vary SECTION.KEY=V1,V2,... [options]\n"
              "\n"
              "Run the scenario once per value of the key (common random numbers) and write\n"
              "sweep.csv: key,value,series,unit,year and the summary columns.\n"
              "\n"
              "options (defaults in brackets):\n" RUN_OPTIONS_HELP
              "  --out DIR            results folder [results/<simulation.name>-sweep/]\n"
              "\n"
              "example:\n"
              "  smefin sweep scenarios/shenzhen-baseline.ini --vary guarantee.fee_rate=0.005,0.01 --paths 2000\n"},
    {"solve", "usage: smefin solve SCENARIO.ini --vary SECTION.KEY --range LO:HI\n"
              "                    --target SERIES:YEAR:STAT<=VALUE [options]\n"
              "\n"
              "Bisection on the key over [LO, HI] for the value at which the statistic of the\n"
              "series meets the target (<= or >=; YEAR a calendar year, total or pv; STAT a\n"
              "summary.csv column). Prints the value and writes solve.csv and the results folder\n"
              "at that value. The answer lies on the side where the target holds: a target that\n"
              "holds at LO gives the largest value meeting it, one that holds at HI the smallest\n"
              "(\"the smallest share such that ... >= V\": a range whose HI meets it). A target\n"
              "that holds at both ends or at neither is exit 2 with the values at both ends.\n"
              "\n"
              "options (defaults in brackets):\n" RUN_OPTIONS_HELP
              "  --out DIR            results folder [results/<simulation.name>-solve/]\n"
              "\n"
              "example:\n"
              "  smefin solve scenarios/shenzhen-baseline.ini --vary risk_compensation.share \\\n"
              "      --range 0.1:0.5 --target 'budget.total:total:p95<=2e10' --paths 2000\n"
              "  smefin solve scenarios/shenzhen-baseline.ini --vary risk_compensation.share \\\n"
              "      --range 0.1:0.5 --target 'budget.total:total:mean>=1.5e10' --paths 1000\n"},
    {"sensitivity", "usage: smefin sensitivity SCENARIO.ini [--keys K1,K2,...] [--delta D] [options]\n"
                    "\n"
                    "Move each key to v(1-D) and v(1+D) (clipped to its range) and simulate both ends on\n"
                    "the base run's random numbers; write sensitivity.csv (key,base_value,low_value,\n"
                    "high_value,series,year,stat,base,low,high,low_diff,high_diff,diff_se) and print\n"
                    "the tornado of the horizon total. Without --keys: every numeric key of [economy],\n"
                    "of the enabled mechanisms and the [portfolio] multipliers. See docs/studies.md.\n"
                    "\n"
                    "options (defaults in brackets):\n"
                    "  --keys K1,K2,...     SECTION.KEY list [every numeric key, see above]\n"
                    "  --delta D            relative change in (0, 1) [0.1]\n" RUN_OPTIONS_HELP
                    "  --out DIR            results folder [results/<simulation.name>-sensitivity/]\n"
                    "\n"
                    "example:\n"
                    "  smefin sensitivity scenarios/shenzhen-baseline.ini --keys risk_compensation.share --paths 500\n"},
    {"stress", "usage: smefin stress SCENARIO.ini --target SERIES:YEAR:STAT>=VALUE [options]\n"
               "\n"
               "Reverse stress test: find the simulated paths on which the target holds (>= or <=;\n"
               "YEAR a calendar year, total or pv; STAT a summary.csv column), the mean path of the\n"
               "credit factors on them, its likelihood against the baseline path, the budget lines\n"
               "along them, the most likely such path, and the economy.stress line that replays the\n"
               "mean path; write stress.csv (view,series,year,value) and the report's section.\n"
               "Keeps every path's factors and values in memory (no --max-memory). See docs/studies.md.\n"
               "\n"
               "options (defaults in brackets):\n"
               "  --paths N            Monte Carlo paths, at most 10^8 [simulation.paths, 20000]\n"
               "  --seed S             64-bit seed [simulation.seed, 1]\n"
               "  --threads T          OpenMP threads [all cores]; results do not depend on it\n"
               "  --set SECTION.KEY=V  override any scenario key (repeatable)\n"
               "  --lang en|zh         language of report.html [en]\n"
               "  --quiet              print nothing but errors\n"
               "  --out DIR            results folder [results/<simulation.name>-stress/]\n"
               "\n"
               "example:\n"
               "  smefin stress scenarios/shenzhen-baseline.ini --target 'budget.total:2027:mean>=5e9' --paths 2000\n"},
    {"reestimate", "usage: smefin reestimate RESULTS_DIR ACTUALS.csv [--lang en|zh] [--quiet]\n"
                   "\n"
                   "Place actuals (ACTUALS.csv: series,year,actual) in the forecast of the run that\n"
                   "wrote RESULTS_DIR: each one's percentile among the paths, flagged outside P5-P95,\n"
                   "the technical re-estimate (actual - forecast mean, per line and for the budget\n"
                   "lines given together), and the remaining years re-forecast on the paths weighted\n"
                   "by how close their history is to the actuals (Gaussian kernel, Silverman's\n"
                   "bandwidth, effective paths). Reads RESULTS_DIR/forecast_paths.f32; writes\n"
                   "RESULTS_DIR/reestimate.csv and the report again. See docs/results-folder.md.\n"
                   "\n"
                   "options:\n"
                   "  --lang en|zh         language of the report [the run's]\n"
                   "  --quiet              print nothing but errors\n"
                   "\n"
                   "example:\n"
                   "  smefin reestimate results/shenzhen-baseline examples/actuals-2026.csv\n"},
    {"calibrate", "usage: smefin calibrate vasicek|lgd|fund FILE.csv\n"
                  "\n"
                  "Fit parameters from data, CSV on stdout: vasicek (PD and asset correlation from\n"
                  "yearly default rates), lgd (the Beta law of loss rates), fund (Takahashi-Alexander\n"
                  "parameters from fund cash flows). Formats: docs/calibrate.md.\n"
                  "\n"
                  "example:\n"
                  "  smefin calibrate vasicek calibrate/data/npl_inclusive_small_micro.csv\n"},
    {"report", "usage: smefin report RESULTS_DIR [--lang en|zh] [--quiet]\n"
               "\n"
               "Rebuild RESULTS_DIR/report.html from the folder's files alone (summary.csv,\n"
               "series.csv, parameters.csv, figures.csv, evaluation.csv, overrides.csv, ...).\n"
               "The folder must be one a smefin run wrote.\n"
               "\n"
               "options:\n"
               "  --lang en|zh         language of the report [en]\n"
               "  --quiet              print nothing but errors\n"
               "\n"
               "example:\n"
               "  smefin report results/shenzhen-baseline --lang zh\n"},
};

/* The help of `verb`, or NULL when it has none of its own. */
static const char *verb_help(const char *verb)
{
    for (size_t i = 0; i < sizeof verb_helps / sizeof verb_helps[0]; i++)
        if (strcmp(verb_helps[i].verb, verb) == 0)
            return verb_helps[i].text;
    return NULL;
}

static int parse_long(const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    const long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < lo || v > hi)
        return fail(2, "%s: '%s' is not a whole number in [%ld, %ld]", opt, SF_V(s), lo, hi);
    *out = v;
    return 0;
}

/* Parse run options from argv[i..); positional arguments go to pos[]. */
static int parse_opts(int argc, char **argv, int i, cli_opts *o, const char **pos, int *npos, int maxpos)
{
    *npos = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        const char *val = (i + 1 < argc) ? argv[i + 1] : NULL;
        long v;
        if (strcmp(a, "--paths") == 0 || strcmp(a, "--threads") == 0 || strcmp(a, "--seed") == 0 ||
            strcmp(a, "--out") == 0 || strcmp(a, "--set") == 0 || strcmp(a, "--lang") == 0 ||
            strcmp(a, "--vary") == 0 || strcmp(a, "--range") == 0 || strcmp(a, "--target") == 0 ||
            strcmp(a, "--max-memory") == 0 || strcmp(a, "--keys") == 0 || strcmp(a, "--delta") == 0) {
            if (val == NULL)
                return fail(2, "%s: needs a value", a);
            i++;
        }
        if (strcmp(a, "--paths") == 0) {
            if (parse_long(a, val, 1, SF_MAX_PATHS, &v))
                return 2;
            o->paths = v;
        } else if (strcmp(a, "--threads") == 0) {
            if (parse_long(a, val, 1, SF_MAX_THREADS, &v))
                return 2;
            o->threads = (int)v;
        } else if (strcmp(a, "--seed") == 0) {
            char *end;
            errno = 0;
            if (val[0] == '-' || (o->seed = strtoull(val, &end, 10), errno) || end == val || *end)
                return fail(2, "--seed: '%s' is not a whole number in [0, 2^64-1]", SF_V(val));
            o->seed_given = 1;
        } else if (strcmp(a, "--out") == 0) {
            if (val[0] == '\0')
                return fail(2, "--out: empty folder name");
            o->out = val;
        } else if (strcmp(a, "--set") == 0) {
            if (o->nsets >= MAX_SETS)
                return fail(2, "--set: more than %d overrides", MAX_SETS);
            o->sets[o->nsets++] = val;
        } else if (strcmp(a, "--lang") == 0) {
            if (strcmp(val, "en") != 0 && strcmp(val, "zh") != 0)
                return fail(2, "--lang: '%s' is not one of en|zh", SF_V(val));
            o->lang = val;
        } else if (strcmp(a, "--vary") == 0) {
            o->vary = val;
        } else if (strcmp(a, "--range") == 0) {
            o->range = val;
        } else if (strcmp(a, "--target") == 0) {
            o->target = val;
        } else if (strcmp(a, "--keys") == 0) {
            o->keys = val;
        } else if (strcmp(a, "--delta") == 0) {
            char *end;
            errno = 0;
            const double d = strtod(val, &end);
            if (errno || end == val || *end || !(d > 0.0 && d < 1.0))
                return fail(2, "--delta: '%s' is not a relative change in (0, 1)", SF_V(val));
            o->delta = d;
        } else if (strcmp(a, "--max-memory") == 0) {
            if (parse_long(a, val, 0, 16L << 20, &v))
                return 2;
            o->max_memory_mb = v;
        } else if (strcmp(a, "--keep-paths") == 0) {
            o->keep_paths = 1;
        } else if (strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
        } else if (a[0] == '-' && a[1] == '-') {
            return fail(2, "%s: unknown option (see smefin --help)", SF_V(a));
        } else {
            if (*npos >= maxpos)
                return fail(2, "%s: unexpected argument (see smefin --help)", SF_V(a));
            pos[(*npos)++] = a;
        }
    }
    return 0;
}

/* Options and positional arguments of verb argv[1] (from argv[2]); between minpos and maxpos
 * positional arguments, else "VERB: needs WHAT". Returns 0, or the exit code 2. */
static int verb_args(int argc, char **argv, cli_opts *o, const char **pos, int *npos, int minpos, int maxpos,
                     const char *what)
{
    memset(o, 0, sizeof *o);
    o->lang = "en";
    o->max_memory_mb = -1;
    if (parse_opts(argc, argv, 2, o, pos, npos, maxpos))
        return 2;
    if (*npos < minpos)
        return fail(2, "%s: needs %s", argv[1], what);
    return 0;
}

/* The built-in baseline: beside the executable, else in its installed tree, else the configured
 * data folder, else ./scenarios. */
static const char *baseline_path(char *buf, size_t n)
{
    char exe[PATH_MAX];
    const ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, n, "%s/scenarios/shenzhen-baseline.ini", exe);
            if (access(buf, R_OK) == 0)
                return buf;
            /* an installed tree: PREFIX/bin/smefin and PREFIX/share/smefin/scenarios/ */
            snprintf(buf, n, "%s/../share/smefin/scenarios/shenzhen-baseline.ini", exe);
            if (access(buf, R_OK) == 0)
                return buf;
        }
    }
    snprintf(buf, n, "%s/scenarios/shenzhen-baseline.ini", SMEFIN_DATADIR);
    if (access(buf, R_OK) == 0)
        return buf;
    snprintf(buf, n, "scenarios/shenzhen-baseline.ini");
    return buf;
}

static int load(const cli_opts *o, sf_scenario *sc)
{
    sf_err err = {0, ""};
    const int rc = sf_scenario_load(o->scenario, o->sets, o->nsets, sc, &err);
    if (rc != SF_OK)
        return fail_err(rc, &err);
    if (o->seed_given)
        sc->sim.seed = (unsigned long)o->seed;
    return 0;
}

/* Columns a UTF-8 string takes in a terminal: CJK and full-width characters two, others one. */
static int term_width(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p;
        int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (len == 3 && p[1] && p[2])
            c = (c & 0x0F) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
        w += (len == 3 && ((c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
                           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6)))
                 ? 2
                 : 1;
        for (int i = 0; i < len && *p; i++)
            p++;
    }
    return w;
}

/* `s` right-aligned (left when left != 0) in `width` terminal columns. */
static void put_cell(const char *s, int width, int left)
{
    int pad = width - term_width(s);
    if (left)
        fputs(s, stdout);
    for (; pad > 0; pad--)
        putchar(' ');
    if (!left)
        fputs(s, stdout);
}

/* The terminal table of a run: budget.total (payouts) and budget.claims (claims incurred), mean
 * and P95 per year, over the horizon and in PV. In CNY million for --lang en; for zh in 亿元
 * with two decimals and thousands separators, 万元 when every figure of the table is under
 * 1 亿 (as the report: sf_i18n_unit_pick), the headers in Chinese. */
static void print_table(const sf_result *res, const sf_run_estimate *est, const char *dir, const char *lang)
{
    const sf_scenario *sc = res->sc;
    const int zh = lang && strcmp(lang, "zh") == 0;
    if (zh) {
        printf("%s：%ld 条路径，随机种子 %lu，用时 %.2f 秒", sc->sim.name, res->npaths, sc->sim.seed, res->wall_seconds);
        if (res->npasses > 1)
            printf("，分 %d 轮计算（逐路径数值超出 --max-memory）", res->npasses);
        if (sc->sim.mode == SF_MODE_LOAN)
            printf("，逐笔贷款模式：%.3g 贷款年 × %ld 条路径 = %.3g（上限 %.0e）", est->loan_years, res->npaths,
                   est->loan_years * (double)res->npaths, SF_LOAN_MODE_MAX_LOAN_PATH_YEARS);
    } else {
        printf("%s: %ld paths, seed %lu, %.2f s", sc->sim.name, res->npaths, sc->sim.seed, res->wall_seconds);
        if (res->npasses > 1)
            printf(" in %d passes (the per-path values exceed --max-memory)", res->npasses);
        if (sc->sim.mode == SF_MODE_LOAN)
            printf(", loan mode: %.3g loan-years x %ld paths = %.3g (limit %.0e)", est->loan_years, res->npaths,
                   est->loan_years * (double)res->npaths, SF_LOAN_MODE_MAX_LOAN_PATH_YEARS);
    }
    putchar('\n');
    /* Both views (issue 11): the claims incurred, which no pool cap holds down, and the payouts. */
    const int claims = sf_result_series(res, "budget.claims") >= 0;
    /* zh: one unit for the table, 亿元 unless every figure is under 1 亿 */
    double maxabs = 0;
    for (int y = 0; zh && y <= sc->sim.years + 1; y++) {
        const int year = y < sc->sim.years ? sc->sim.start_year + y : (y == sc->sim.years ? SF_YEAR_TOTAL : SF_YEAR_PV);
        for (int k = 0; k < 1 + claims; k++) {
            const sf_stat *st = sf_result_stat(res, k ? "budget.claims" : "budget.total", year);
            if (st != NULL && isfinite(st->mean) && isfinite(st->q[SF_Q95]))
                maxabs = fmax(maxabs, fmax(fabs(st->mean), fabs(st->q[SF_Q95])));
        }
    }
    const i18n_unit u = sf_i18n_unit_pick(zh ? I18N_ZH : I18N_EN, maxabs);
    /* zh: each column headed by its series' label (sf_i18n_series) and the statistic */
    char head[2][160];
    int wid[2] = {0, 0};
    for (int k = 0; zh && k < 1 + claims; k++) {
        const char *l = sf_i18n_series(I18N_ZH, k ? "budget.claims" : "budget.total");
        snprintf(head[k], sizeof head[k], "%s 均值", l ? l : (k ? "budget.claims" : "budget.total"));
        wid[k] = term_width(head[k]) + 2;
    }
    if (zh) {
        char unit[64];
        snprintf(unit, sizeof unit, "单位：%s", sf_i18n_unit_name(I18N_ZH, u));
        put_cell(unit, 14, 1);
        for (int k = 0; k < 1 + claims; k++) {
            put_cell(head[k], wid[k], 0);
            put_cell("P95", 11, 0);
        }
        putchar('\n');
    } else {
        printf("CNY million      budget.total (payouts) mean        P95%s\n",
               claims ? "   budget.claims (claims) mean        P95" : "");
    }
    for (int y = 0; y <= sc->sim.years + 1; y++) {
        const int year = y < sc->sim.years ? sc->sim.start_year + y : (y == sc->sim.years ? SF_YEAR_TOTAL : SF_YEAR_PV);
        const sf_stat *st = sf_result_stat(res, "budget.total", year);
        const sf_stat *sc2 = claims ? sf_result_stat(res, "budget.claims", year) : NULL;
        if (st == NULL)
            continue;
        char label[32];
        if (year == SF_YEAR_TOTAL)
            snprintf(label, sizeof label, "%s", zh ? "合计" : "total");
        else if (year == SF_YEAR_PV)
            snprintf(label, sizeof label, "%s", zh ? "现值" : "pv");
        else
            snprintf(label, sizeof label, zh ? "%d 年" : "%d", year);
        if (!zh) {
            printf("  %-12s %29.2f %10.2f", label, st->mean / 1e6, st->q[SF_Q95] / 1e6);
            if (sc2 != NULL)
                printf(" %29.2f %10.2f", sc2->mean / 1e6, sc2->q[SF_Q95] / 1e6);
            putchar('\n');
            continue;
        }
        const double scale = sf_i18n_unit_scale(u);
        char v[64];
        printf("  ");
        put_cell(label, 12, 1);
        for (int k = 0; k < (sc2 != NULL ? 2 : 1); k++) {
            const sf_stat *t = k ? sc2 : st;
            sf_chart_format_number(t->mean / scale, sf_i18n_unit_decimals(u), v, sizeof v);
            put_cell(v, wid[k], 0);
            sf_chart_format_number(t->q[SF_Q95] / scale, sf_i18n_unit_decimals(u), v, sizeof v);
            put_cell(v, 11, 0);
        }
        putchar('\n');
    }
    printf(zh ? "报告：%s/report.html\n" : "report: %s/report.html\n", dir);
}

static int cmd_run(int argc, char **argv)
{
    cli_opts o;
    const char *pos[1] = {NULL};
    int npos;
    if (verb_args(argc, argv, &o, pos, &npos, 0, 1, ""))
        return 2;
    if (o.keep_paths && o.max_memory_mb > 0)
        return fail(2, "--max-memory: paths.csv (--keep-paths) needs every per-path value in memory; allowed: "
                       "--max-memory 0 or no --keep-paths");
    char base[PATH_MAX + 64];
    o.scenario = npos ? pos[0] : baseline_path(base, sizeof base);
    catch_signals();
    sf_scenario sc;
    int rc = load(&o, &sc);
    if (rc)
        return rc;
    sf_run_opts ro;
    sf_run_opts_init(&ro);
    ro.paths = o.paths;
    ro.threads = o.threads;
    ro.max_memory = o.keep_paths ? 0 : max_memory_bytes(&o);
    ro.cancel = &g_signal;
    sf_result *res = NULL;
    sf_err err = {0, ""};
    char dir[4096];
    if (o.out)
        snprintf(dir, sizeof dir, "%s", o.out);
    else if (cli_overrides_folder(sc.sim.name, o.sets, o.nsets, NULL, dir, sizeof dir) != 0) {
        sf_scenario_release(&sc);
        return fail(2, "--out: the default folder results/%s does not fit; give --out", SF_V(sc.sim.name));
    }
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dir[--dl] = '\0';

    /* Before the first path: what the run takes, and the folder it will write. */
    sf_run_estimate est;
    rc = sf_sim_estimate(&sc, &ro, &est, &err);
    if (rc != SF_OK) {
        sf_scenario_release(&sc);
        return fail_err(rc, &err);
    }
    if ((rc = check_memory(&est, ro.max_memory)) != 0) {
        sf_scenario_release(&sc);
        return rc;
    }
    const int writer = cli_writer(); /* smefin-mpi: only rank 0 writes */
    sf_outdir *od = NULL;
    rc = writer ? sf_outdir_open(dir, sf_results_estimate_bytes(&est, o.keep_paths, 0), &g_signal, &od, &err) : SF_OK;
    rc = cli_agree(rc, &err);
    if (rc != SF_OK) {
        sf_scenario_release(&sc);
        return fail_err(rc, &err);
    }

    progress pg;
    int show = !o.quiet && writer;
    if (show && sc.sim.mode == SF_MODE_LOAN && isatty(STDERR_FILENO))
        fprintf(stderr, "loan mode: %.3g loan-years x %ld paths = %.3g (limit %.0e), about %.0f s\n", est.loan_years,
                est.paths, est.loan_years * (double)est.paths, SF_LOAN_MODE_MAX_LOAN_PATH_YEARS, est.seconds);
    if (show) {
        sf_progress_start(&pg, STDERR_FILENO, est.paths * est.passes);
        sf_progress_estimate(&pg, est.seconds);
        ro.progress = sf_progress_callback;
        ro.phase = sf_progress_phase_callback;
        ro.progress_ud = &pg;
    }
    rc = cli_simulate(&sc, &ro, &res, &err);
    const int ranks = cli_ranks();
    if (rc != SF_OK) {
        if (show)
            sf_progress_clear(&pg);
        sf_outdir_abort(od);
        sf_scenario_release(&sc);
        return run_failed(rc, &err, dir);
    }
    /* the sizing, the files, the report and the spreadsheet show on the same progress line */
    sf_results_meta meta = {o.lang, o.keep_paths, ranks, NULL, 0, NULL, &g_signal, o.sets, o.nsets, NULL, NULL,
                            show ? sf_progress_phase_callback : NULL, show ? &pg : NULL};
    rc = cli_results_commit(res, od, &meta, &err);
    if (show) {
        if (rc == SF_OK)
            sf_progress_finish(&pg);
        else
            sf_progress_clear(&pg);
    }
    if (rc == SF_OK && !o.quiet)
        print_table(res, &est, dir, o.lang);
    /* A loan book dwarfed by what it inherits through `base =` (docs/scenario-format.md,
     * "Inherited mechanisms"): one line on stderr, the run still succeeds; the report shows it too. */
    char warn[2048];
    if (rc == SF_OK && writer && sf_results_inherited_warning(res, warn, sizeof warn)) {
        char line[4 * sizeof warn];
        fprintf(stderr, "smefin: %s\n", sf_msg_value(warn, 0, line, sizeof line));
    }
    sf_result_free(res);
    sf_scenario_release(&sc);
    if (rc != SF_OK)
        return run_failed(rc, &err, dir);
    return 0;
}

/* A verb whose one argument is SCENARIO.ini: its options, and the loaded scenario. */
static int verb_scenario(int argc, char **argv, cli_opts *o, sf_scenario *sc)
{
    const char *pos[1] = {NULL};
    int npos;
    if (verb_args(argc, argv, o, pos, &npos, 1, 1, "SCENARIO.ini"))
        return 2;
    o->scenario = pos[0];
    return load(o, sc);
}

static int cmd_check(int argc, char **argv)
{
    cli_opts o;
    sf_scenario sc;
    const int rc = verb_scenario(argc, argv, &o, &sc);
    if (rc)
        return rc;
    if (!o.quiet)
        printf("%s: ok (%zu segments, %d years, %ld paths)\n", o.scenario, sc.nsegs, sc.sim.years, sc.sim.paths);
    sf_scenario_release(&sc);
    return 0;
}

static int cmd_analytic(int argc, char **argv)
{
    cli_opts o;
    sf_scenario sc;
    int rc = verb_scenario(argc, argv, &o, &sc);
    if (rc)
        return rc;
    sf_err err = {0, ""};
    rc = cli_analytic_csv(&sc, stdout, &err);
    sf_scenario_release(&sc);
    return rc == SF_OK ? 0 : fail_err(rc, &err);
}

static void study_from(const cli_opts *o, study_opts *s)
{
    memset(s, 0, sizeof *s);
    s->paths = o->paths;
    s->threads = o->threads;
    s->seed_given = o->seed_given;
    s->seed = o->seed;
    s->out = o->out;
    s->sets = o->sets;
    s->nsets = o->nsets;
    s->lang = o->lang ? o->lang : "en";
    s->quiet = o->quiet;
    s->max_memory = max_memory_bytes(o);
    s->cancel = &g_signal;
}

static int cmd_compare(int argc, char **argv)
{
    cli_opts o;
    const char *pos[64] = {NULL};
    int npos;
    if (verb_args(argc, argv, &o, pos, &npos, 2, 64, "BASE.ini and at least one VARIANT.ini"))
        return 2;
    if (o.max_memory_mb > 0)
        return fail(2, "--max-memory: compare pairs every path of the runs and keeps every per-path value; "
                       "allowed: --max-memory 0 or none");
    study_opts s;
    study_from(&o, &s);
    s.max_memory = 0;
    sf_err err = {0, ""};
    catch_signals();
    const int rc = study_compare(pos[0], pos + 1, npos - 1, &s, &err);
    return rc == SF_OK ? 0 : run_failed(rc, &err, o.out ? o.out : "the results folder");
}

static int cmd_sweep(int argc, char **argv)
{
    cli_opts o;
    const char *pos[1] = {NULL};
    int npos;
    if (verb_args(argc, argv, &o, pos, &npos, 1, 1, "SCENARIO.ini"))
        return 2;
    if (o.vary == NULL)
        return fail(2, "--vary: sweep needs --vary SECTION.KEY=V1,V2,...");
    study_opts s;
    study_from(&o, &s);
    sf_err err = {0, ""};
    catch_signals();
    const int rc = study_sweep(pos[0], o.vary, &s, &err);
    return rc == SF_OK ? 0 : run_failed(rc, &err, o.out ? o.out : "the results folder");
}

static int cmd_solve(int argc, char **argv)
{
    cli_opts o;
    const char *pos[1] = {NULL};
    int npos;
    if (verb_args(argc, argv, &o, pos, &npos, 1, 1, "SCENARIO.ini"))
        return 2;
    if (o.vary == NULL || o.range == NULL || o.target == NULL)
        return fail(2, "%s: solve needs --vary SECTION.KEY --range LO:HI --target SERIES:YEAR:STAT<=VALUE",
                    o.vary == NULL ? "--vary" : (o.range == NULL ? "--range" : "--target"));
    study_opts s;
    study_from(&o, &s);
    sf_err err = {0, ""};
    double x;
    catch_signals();
    const int rc = study_solve(pos[0], o.vary, o.range, o.target, &s, &x, &err);
    return rc == SF_OK ? 0 : run_failed(rc, &err, o.out ? o.out : "the results folder");
}

static int cmd_sensitivity(int argc, char **argv)
{
    cli_opts o;
    const char *pos[1] = {NULL};
    int npos;
    if (verb_args(argc, argv, &o, pos, &npos, 1, 1, "SCENARIO.ini"))
        return 2;
    study_opts s;
    study_from(&o, &s);
    sf_err err = {0, ""};
    catch_signals();
    const int rc = study_sensitivity(pos[0], o.keys, o.delta > 0 ? o.delta : 0.1, &s, &err);
    return rc == SF_OK ? 0 : run_failed(rc, &err, o.out ? o.out : "the results folder");
}

static int cmd_stress(int argc, char **argv)
{
    cli_opts o;
    const char *pos[1] = {NULL};
    int npos;
    if (verb_args(argc, argv, &o, pos, &npos, 1, 1, "SCENARIO.ini"))
        return 2;
    if (o.target == NULL)
        return fail(2, "--target: stress needs --target SERIES:YEAR:STAT>=VALUE");
    if (o.max_memory_mb > 0)
        return fail(2, "--max-memory: stress reads every path's factors and values and keeps them all; "
                       "allowed: --max-memory 0 or none");
    study_opts s;
    study_from(&o, &s);
    s.max_memory = 0;
    sf_err err = {0, ""};
    catch_signals();
    const int rc = study_stress(pos[0], o.target, &s, &err);
    return rc == SF_OK ? 0 : run_failed(rc, &err, o.out ? o.out : "the results folder");
}

static int cmd_calibrate(int argc, char **argv)
{
    cli_opts o;
    const char *pos[2] = {NULL, NULL};
    int npos;
    if (verb_args(argc, argv, &o, pos, &npos, 2, 2, "vasicek|lgd|fund and FILE.csv"))
        return 2;
    if (strcmp(pos[0], "vasicek") != 0 && strcmp(pos[0], "lgd") != 0 && strcmp(pos[0], "fund") != 0)
        return fail(2, "calibrate: '%s' is not one of vasicek|lgd|fund", SF_V(pos[0]));
    sf_err err = {0, ""};
    const int rc = sf_calibrate_run(pos[0], pos[1], stdout, &err);
    return rc == SF_OK ? 0 : fail_err(rc, &err);
}

static int cmd_report(int argc, char **argv)
{
    cli_opts o;
    const char *pos[1] = {NULL};
    int npos;
    if (verb_args(argc, argv, &o, pos, &npos, 1, 1, "RESULTS_DIR"))
        return 2;
    /* report.html is rewritten only in a folder that smefin marked as its own */
    if (!sf_outdir_is_marked(pos[0]))
        return fail(2, "%s: not a smefin results folder (no .smefin-results, no run.json written by smefin); "
                       "give the folder a run wrote",
                    pos[0]);
    sf_err err = {0, ""};
    char name[32]; /* report.html in the run's language, report.en.html / report.zh.html beside it */
    const int rc = sf_report_write_named(pos[0], o.lang, name, sizeof name, &err);
    if (rc != SF_OK)
        return fail_err(rc, &err);
    if (!o.quiet)
        printf("report: %s/%s\n", pos[0], name);
    return 0;
}

/* reestimate RESULTS_DIR ACTUALS.csv: the report in --lang when given, else in the run's. */
static int cmd_reestimate(int argc, char **argv)
{
    cli_opts o;
    const char *pos[2] = {NULL, NULL};
    int npos;
    if (verb_args(argc, argv, &o, pos, &npos, 2, 2, "RESULTS_DIR and ACTUALS.csv"))
        return 2;
    int lang_given = 0;
    for (int i = 2; i < argc; i++)
        lang_given |= strcmp(argv[i], "--lang") == 0 || strncmp(argv[i], "--lang=", 7) == 0;
    study_opts s;
    study_from(&o, &s);
    if (!lang_given)
        s.lang = NULL;
    sf_err err = {0, ""};
    catch_signals();
    const int rc = study_reestimate(pos[0], pos[1], &s, &err);
    return rc == SF_OK ? 0 : run_failed(rc, &err, pos[0]);
}

static int smefin_main(int argc, char **argv);

/* Whatever a verb printed must have reached stdout: a full disk or /dev/full is exit 1 with
 * one line (the verb's own failure, when it had one, keeps its code). */
static int stdout_checked(int rc)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        const int e = errno;
        if (rc != 0)
            return rc; /* the verb has said what went wrong, in its one line */
        return fail(1, "stdout: cannot write: %s", e ? strerror(e) : "write error");
    }
    return rc;
}

int main(int argc, char **argv)
{
#ifdef SMEFIN_MPI
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_ranks);
    if (g_rank != 0 && freopen("/dev/null", "w", stdout) == NULL) /* only rank 0 prints */
        fclose(stdout);
    /* Every rank runs every verb (the simulating ones split their paths, cli/study.h); the verbs
     * that do not simulate run on rank 0 alone, which writes, and every rank exits with its code. */
    static const char *const rank0_only[] = {"--version", "check", "analytic", "report", "calibrate", "reestimate"};
    int alone = 0;
    for (size_t i = 0; argc > 1 && i < sizeof rank0_only / sizeof rank0_only[0]; i++)
        alone |= strcmp(argv[1], rank0_only[i]) == 0;
    int rc = 0;
    if (!alone || g_rank == 0)
        rc = stdout_checked(smefin_main(argc, argv));
    if (alone)
        MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    return rc;
#else
    return stdout_checked(smefin_main(argc, argv));
#endif
}

static int smefin_main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        fputs(usage_text, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    /* COMMAND --help: the command's own help (the global one for a command without its own) */
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            const char *h = verb_help(cmd);
            fputs(h ? h : usage_text, stdout);
            return 0;
        }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        const char *h = argc > 2 ? verb_help(argv[2]) : NULL; /* smefin help COMMAND */
        if (argc > 2 && h == NULL)
            return fail(2, "help: '%s' is not a command (see smefin --help)", SF_V(argv[2]));
        fputs(h ? h : usage_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("smefin %s\n", SF_VERSION);
        return 0;
    }
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc, argv);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc, argv);
    if (strcmp(cmd, "analytic") == 0)
        return cmd_analytic(argc, argv);
    if (strcmp(cmd, "report") == 0)
        return cmd_report(argc, argv);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(argc, argv);
    if (strcmp(cmd, "sweep") == 0)
        return cmd_sweep(argc, argv);
    if (strcmp(cmd, "solve") == 0)
        return cmd_solve(argc, argv);
    if (strcmp(cmd, "sensitivity") == 0)
        return cmd_sensitivity(argc, argv);
    if (strcmp(cmd, "stress") == 0)
        return cmd_stress(argc, argv);
    if (strcmp(cmd, "calibrate") == 0)
        return cmd_calibrate(argc, argv);
    if (strcmp(cmd, "reestimate") == 0)
        return cmd_reestimate(argc, argv);
    return fail(2, "%s: unknown command (see smefin --help)", SF_V(cmd));
}
