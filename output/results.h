/*
 * results.h — the results folder (DESIGN.md Contract "Results folder"): summary.csv, series.csv,
 * run.json, parameters.csv, figures.csv, histogram.csv, evaluation.csv, overrides.csv,
 * paths.csv (--keep-paths),
 * report.html and the marker .smefin-results. The folder is written to a temporary sibling and
 * swapped into place (outdir.h), so it appears whole or not at all, and only over a folder that
 * is smefin's own.
 */
#ifndef SF_RESULTS_H
#define SF_RESULTS_H

#include "outdir.h"
#include "params.h"
#include "sim.h"

#include <stdint.h>
#include <stdio.h>

/* A further file of the folder (compare.csv, sweep.csv, ...), written before the report. Its
 * name must be one that outdir.c lists as smefin's (sf_outdir_known_name). */
typedef struct sf_results_extra_file {
    const char *name;
    int (*write)(FILE *f, void *ud);
    void *ud;
} sf_results_extra_file;

typedef struct sf_results_meta {
    const char *lang; /* "en" or "zh" for report.html */
    int keep_paths;   /* write paths.csv */
    int ranks;        /* MPI ranks (1 for the plain build) */
    const sf_results_extra_file *extra;
    int nextra;
    const sf_params *params; /* the resolved parameters (the loader's sf_scenario_params), required */
    const volatile sig_atomic_t *cancel; /* may be NULL; non-zero stops the writing (SF_ECANCEL) */
    /* The --set arguments of the run as given (run.json "overrides"; overrides.csv), and the
     * parameters the scenario file resolves to without them (the other side of the diff in
     * overrides.csv; NULL: not known, the column is left blank). */
    const char *const *overrides;
    int noverrides;
    const sf_params *scenario_params;
    /* The scenario file's comment above each key (section, key, text; sf_scenario_sources): the
     * source column of budget.xlsx's parameters sheet. NULL: the column is left blank. */
    const sf_params *param_notes;
    /* Optional: called before each file, the report and the spreadsheet ("writing the results",
     * "writing the report", "writing the spreadsheet"), with phase_ud: the CLI's progress line
     * (sf_progress_phase_callback). */
    void (*phase)(void *ud, const char *what);
    void *phase_ud;
} sf_results_meta;

/* Write the whole folder `dir`: sf_outdir_open, sf_results_write_into, sf_outdir_commit. The
 * checks of sf_outdir_open happen here after the work; a caller that can, opens the folder
 * before simulating and calls sf_results_write_into. SF_EINVAL when meta or meta->params is
 * missing: the writers print the parameter listing they are given and never read a scenario
 * file themselves. */
int sf_results_write(const sf_result *res, const char *dir, const sf_results_meta *meta, sf_err *err);

/* Every file of the folder into the open folder's temporary path, checking the cancel flag
 * between files (sf_outdir_step). A write that fails (full disk) is SF_EWRITE; meta->params is
 * required as for sf_results_write. */
int sf_results_write_into(const sf_result *res, sf_outdir *od, const sf_results_meta *meta, sf_err *err);

/* The bytes a results folder of this run will take, with a margin: the summary rows, the small
 * files, report.html, paths.csv with --keep-paths, and `extra_bytes` for further files. */
uint64_t sf_results_estimate_bytes(const sf_run_estimate *est, int keep_paths, uint64_t extra_bytes);

/* The single files, each to an open stream. */
/* contributions.csv: dimension,member,stat,contribution,share (sim.h, sf_contrib_row). */
int sf_results_contributions_csv(const sf_result *res, FILE *f);
int sf_results_summary_csv(const sf_result *res, FILE *f);
int sf_results_figures_csv(const sf_result *res, FILE *f);
int sf_results_histogram_csv(const sf_result *res, const char *series, int nbins, FILE *f);
int sf_results_paths_csv(const sf_result *res, FILE *f);
int sf_results_parameters_csv(const sf_result *res, const sf_results_meta *meta, FILE *f);
int sf_results_run_json(const sf_result *res, const sf_results_meta *meta, FILE *f);

/* The warning of a loan-book run whose inherited mechanisms (sf_scenario_inherited) carry more
 * than SF_INHERITED_WARN_SHARE of the horizon mean of budget.total, as one line without the
 * program's name: "warning: FILE: ...", naming each inherited mechanism with its share and the
 * file it came from, and the fix. Returns 1 and fills buf when the run warns, else 0 (buf ""). */
int sf_results_inherited_warning(const sf_result *res, char *buf, size_t n);

/* overrides.csv: key,scenario_value,value — one row per SECTION.KEY that meta->overrides sets
 * (the last --set of a key wins, as in the loader), in the order of those last settings: the
 * value the scenario file (with its bases and the defaults) gives, and the value the run used as
 * typed. The header alone for a run without --set. */
int sf_results_overrides_csv(const sf_result *res, const sf_results_meta *meta, FILE *f);

/* One --set argument "SECTION.KEY=VALUE" split as the loader splits it (at the first '.' before
 * the first '='; each part trimmed of blanks) into "SECTION.KEY" and VALUE. Returns 0, or -1 when
 * the argument has no such shape or a part does not fit. */
int sf_results_override_split(const char *arg, char *key, size_t nkey, char *value, size_t nvalue);

/* A figure's key as figures.csv splits it: "budget.needed.2026" into the figure "budget.needed"
 * and the year "2026" (a last part that is a 4-digit year, "total" or "pv"); year "" otherwise. */
void sf_results_figure_split(const char *key, char *figure, size_t n, char *year, size_t ny);
/* The unit of a figure (as split): "CNY", "share", "probability", "x", or "" for a plain number. */
const char *sf_results_figure_unit(const char *figure);

/* Hex SHA-256 of a file into hex[65]; SF_EIO when it cannot be read. */
int sf_results_file_sha256(const char *path, char hex[65]);

/* One CSV field and its separator (',' or, when last, '\n'); libcsv's csv_fwrite quotes it when
 * it holds a delimiter, a quote or a line break. */
void sf_results_csv_field(FILE *f, const char *s, int last);

/* A number as the results files print it: shortest "%.15g" form, -0 printed as 0. */
void sf_results_format_number(double v, char *buf, size_t n);

#endif
