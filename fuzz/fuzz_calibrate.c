/*
 * fuzz_calibrate.c — `smefin calibrate KIND FILE` under libFuzzer: the input is the CSV, KIND is
 * fixed at build time (FUZZ_KIND: "vasicek", "lgd" or "fund"), one harness per kind. A fit that
 * succeeds must write no non-finite number.
 */
#include "calibrate.h"
#include "fuzz_common.h"

#ifndef FUZZ_KIND
#error "FUZZ_KIND must name the fit"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_setup();
    fz_write("fuzz.csv", data, size);
    char path[512];
    snprintf(path, sizeof path, "%s/fuzz.csv", fz_dir);
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    if (!f)
        abort();
    sf_err err;
    sf_err_clear(&err);
    const int rc = sf_calibrate_run(FUZZ_KIND, path, f, &err);
    fclose(f);
    fz_check_error(rc, &err);
    if (rc == SF_OK && !fz_spells_nonfinite(data, size))
        fz_check_finite("calibrate output", out, outlen);
    if (rc != SF_OK && outlen != 0) {
        fprintf(stderr, "fuzz: calibrate failed but wrote %zu bytes\n", outlen);
        abort();
    }
    free(out);
    return 0;
}
