/*
 * forecast_paths.h — forecast_paths.f32, the per-path years of the series a re-estimate needs
 * (sf_series_kept_per_path: the budget lines, budget.total, portfolio.loss, .defaults and
 * .default_rate) over the first min(paths, SF_KEPT_PATHS_MAX) paths, written into every results
 * folder and read back by `smefin reestimate`.
 *
 * Layout (docs/results-folder.md), every integer and float little-endian:
 *   offset  0  char[8]  magic "SFPATHS1"
 *           8  uint32   0x01020304 (byte-order check)
 *          12  uint32   header bytes: 40 + 80 x nseries
 *          16  int32    start_year
 *          20  uint32   nyears
 *          24  uint32   nseries
 *          28  uint32   0 (reserved)
 *          32  uint64   npaths
 *          40  nseries records of 80 bytes: name (64 bytes, NUL-padded), unit (16 bytes, NUL-padded)
 *   then float32 values, series after series, year after year, path after path:
 *   value(s, y, p) at header + 4 x ((s x nyears + y) x npaths + p).
 */
#ifndef SF_FORECAST_PATHS_H
#define SF_FORECAST_PATHS_H

#include "sim.h"

#include <stdint.h>
#include <stdio.h>

#define SF_FORECAST_PATHS_FILE "forecast_paths.f32"

/* The file's bytes for a run of `paths` paths (at most SF_KEPT_PATHS_MAX are kept), `years` years and `nkept` kept series. */
uint64_t sf_forecast_paths_bytes(long paths, int years, size_t nkept);

/* Write the file for res to f; 0 or -1 (a write failed). */
int sf_forecast_paths_write(const sf_result *res, FILE *f);

typedef struct sf_forecast_paths {
    int start_year, nyears;
    size_t nseries, npaths;
    char (*name)[64];
    char (*unit)[16];
    float *v; /* [series][year][path] */
} sf_forecast_paths;

/* Read `path`. SF_EIO when it cannot be read (errno as fopen left it), SF_EPARSE "PATH: what is
 * wrong" when it is not such a file (magic, byte order, sizes). */
int sf_forecast_paths_read(const char *path, sf_forecast_paths *fp, sf_err *err);
void sf_forecast_paths_release(sf_forecast_paths *fp);

/* Index of a series by name, or -1; the values of (series, year index). */
int sf_forecast_paths_series(const sf_forecast_paths *fp, const char *name);
const float *sf_forecast_paths_values(const sf_forecast_paths *fp, int series, int year_index);

#endif
