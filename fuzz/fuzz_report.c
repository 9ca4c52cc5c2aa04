/*
 * fuzz_report.c — `smefin report DIR` under libFuzzer: the files report reads back from a results
 * folder. The folder starts as the report fixture (tests/cases/report/baseline); the input's first
 * byte picks which file it replaces (and the language), the rest is that file's text. After the
 * call the fixture file is put back. A report that is written must hold no non-finite number.
 */
#include "fuzz_common.h"
#include "report.h"

static const char *const files[] = {"summary.csv",   "parameters.csv",  "figures.csv", "evaluation.csv",
                                    "histogram.csv", "sensitivity.csv", "compare.csv", "stress.csv"};
#define NFILES (sizeof files / sizeof files[0])

static void put_back(size_t i)
{
    char src[256];
    snprintf(src, sizeof src, "tests/cases/report/baseline/%s", files[i]);
    fz_copy(src, files[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    fz_setup();
    if (!ready) {
        for (size_t i = 0; i < NFILES; i++)
            put_back(i);
        ready = 1;
    }
    if (size == 0)
        return 0;
    /* Selector: low bits the file; 0x80 the language; a file index past the list means "absent". */
    const size_t which = (data[0] & 0x0F) % (NFILES + 1);
    const char *lang = (data[0] & 0x80) ? "zh" : "en";
    if (which < NFILES)
        fz_write(files[which], data + 1, size - 1);
    sf_err err;
    sf_err_clear(&err);
    const int rc = sf_report_write(fz_dir, lang, &err);
    fz_check_error(rc, &err);
    if (rc == SF_OK && !fz_spells_nonfinite(data + 1, size - 1)) {
        char path[512];
        snprintf(path, sizeof path, "%s/report.html", fz_dir);
        FILE *f = fopen(path, "rb");
        if (!f)
            abort();
        static char html[1 << 22];
        const size_t n = fread(html, 1, sizeof html, f);
        fclose(f);
        fz_check_finite("report.html", html, n);
    }
    if (which < NFILES)
        put_back(which);
    return 0;
}
