/*
 * forecast_paths.c — forecast_paths.f32 (the format is in forecast_paths.h).
 */
#include "forecast_paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "SFPATHS1"
#define HEAD_FIXED 40u
#define RECORD 80u

uint64_t sf_forecast_paths_bytes(long paths, int years, size_t nkept)
{
    paths = paths < SF_KEPT_PATHS_MAX ? paths : SF_KEPT_PATHS_MAX;
    return HEAD_FIXED + RECORD * (uint64_t)nkept + 4u * (uint64_t)nkept * (uint64_t)years * (uint64_t)paths;
}

static void put_u32(unsigned char *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void put_f32(unsigned char *b, float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    put_u32(b, u);
}

int sf_forecast_paths_write(const sf_result *res, FILE *f)
{
    const size_t nk = res->nkept_series;
    unsigned char head[HEAD_FIXED];
    memset(head, 0, sizeof head);
    memcpy(head, MAGIC, 8);
    put_u32(head + 8, 0x01020304u);
    put_u32(head + 12, (uint32_t)(HEAD_FIXED + RECORD * nk));
    put_u32(head + 16, (uint32_t)res->sc->sim.start_year);
    put_u32(head + 20, (uint32_t)res->nyears);
    put_u32(head + 24, (uint32_t)nk);
    const uint64_t np = (uint64_t)res->nkept_paths;
    put_u32(head + 32, (uint32_t)(np & 0xffffffffu));
    put_u32(head + 36, (uint32_t)(np >> 32));
    if (fwrite(head, 1, sizeof head, f) != sizeof head)
        return -1;
    for (size_t s = 0; s < res->nseries; s++) {
        if (!sf_series_kept_per_path(res->series[s]))
            continue;
        unsigned char rec[RECORD];
        memset(rec, 0, sizeof rec);
        strncpy((char *)rec, res->series[s]->name, 63);
        strncpy((char *)rec + 64, res->series[s]->unit, 15);
        if (fwrite(rec, 1, sizeof rec, f) != sizeof rec)
            return -1;
    }
    unsigned char buf[4096];
    const size_t nv = nk * (size_t)res->nyears * (size_t)np;
    size_t k = 0;
    for (size_t i = 0; i < nv; i++) {
        put_f32(buf + k, res->kept[i] == res->kept[i] ? res->kept[i] : 0.0f);
        k += 4;
        if (k == sizeof buf || i + 1 == nv) {
            if (fwrite(buf, 1, k, f) != k)
                return -1;
            k = 0;
        }
    }
    return 0;
}

void sf_forecast_paths_release(sf_forecast_paths *fp)
{
    if (fp == NULL)
        return;
    free(fp->name);
    free(fp->unit);
    free(fp->v);
    memset(fp, 0, sizeof *fp);
}

int sf_forecast_paths_read(const char *path, sf_forecast_paths *fp, sf_err *err)
{
    memset(fp, 0, sizeof *fp);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return sf_err_set(err, SF_EIO, "%s: cannot open the file: %s", path, strerror(errno));
    int rc = SF_OK;
    unsigned char head[HEAD_FIXED];
    if (fread(head, 1, sizeof head, f) != sizeof head || memcmp(head, MAGIC, 8) != 0) {
        rc = sf_err_set(err, SF_EPARSE, "%s: not a forecast_paths.f32 file (no SFPATHS1 header)", path);
        goto end;
    }
    if (get_u32(head + 8) != 0x01020304u) {
        rc = sf_err_set(err, SF_EPARSE, "%s: byte-order mark is not 0x01020304", path);
        goto end;
    }
    const uint32_t hb = get_u32(head + 12), ny = get_u32(head + 20), ns = get_u32(head + 24);
    const uint64_t np = (uint64_t)get_u32(head + 32) | (uint64_t)get_u32(head + 36) << 32;
    if (ns == 0 || ns > 4096 || ny == 0 || ny > 200 || np == 0 || np > (uint64_t)SF_MAX_PATHS ||
        hb != HEAD_FIXED + RECORD * ns) {
        rc = sf_err_set(err, SF_EPARSE, "%s: header sizes out of range (%u series, %u years, %llu paths)", path,
                        (unsigned)ns, (unsigned)ny, (unsigned long long)np);
        goto end;
    }
    fp->start_year = (int)(int32_t)get_u32(head + 16);
    fp->nyears = (int)ny;
    fp->nseries = ns;
    fp->npaths = (size_t)np;
    const size_t nv = (size_t)ns * ny * (size_t)np;
    fp->name = calloc(ns, sizeof *fp->name);
    fp->unit = calloc(ns, sizeof *fp->unit);
    fp->v = malloc(nv * sizeof *fp->v);
    if (!fp->name || !fp->unit || !fp->v) {
        rc = sf_err_set(err, SF_ENOMEM, "%s: out of memory for %zu values", path, nv);
        goto end;
    }
    for (size_t s = 0; s < ns; s++) {
        unsigned char rec[RECORD];
        if (fread(rec, 1, sizeof rec, f) != sizeof rec) {
            rc = sf_err_set(err, SF_EPARSE, "%s: cut short in the series records", path);
            goto end;
        }
        memcpy(fp->name[s], rec, 63);
        memcpy(fp->unit[s], rec + 64, 15);
    }
    unsigned char buf[4096];
    size_t done = 0;
    while (done < nv) {
        const size_t want = (nv - done) * 4 < sizeof buf ? (nv - done) * 4 : sizeof buf;
        if (fread(buf, 1, want, f) != want) {
            rc = sf_err_set(err, SF_EPARSE, "%s: cut short: %zu of %zu values", path, done, nv);
            goto end;
        }
        for (size_t k = 0; k < want; k += 4) {
            const uint32_t u = get_u32(buf + k);
            float x;
            memcpy(&x, &u, sizeof x);
            fp->v[done++] = x == x ? x : 0.0f;
        }
    }
    if (fgetc(f) != EOF)
        rc = sf_err_set(err, SF_EPARSE, "%s: longer than its header says", path);
end:
    fclose(f);
    if (rc != SF_OK)
        sf_forecast_paths_release(fp);
    return rc;
}

int sf_forecast_paths_series(const sf_forecast_paths *fp, const char *name)
{
    for (size_t s = 0; s < fp->nseries; s++)
        if (strcmp(fp->name[s], name) == 0)
            return (int)s;
    return -1;
}

const float *sf_forecast_paths_values(const sf_forecast_paths *fp, int series, int year_index)
{
    return fp->v + ((size_t)series * (size_t)fp->nyears + (size_t)year_index) * fp->npaths;
}
