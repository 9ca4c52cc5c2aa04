/*
 * fuzz_scenario.c — the scenario loader under libFuzzer. One source, four harnesses (FUZZ_TARGET):
 *   ini       the input is a scenario .ini at DIR/variants/s.ini; beside it and one folder up are
 *             the shipped baseline (so `base = ../shenzhen-baseline.ini` resolves), a small base
 *             `base.ini` and their CSVs, so `base =` inheritance is exercised;
 *   segments  the input is the segments CSV of a fixed small scenario;
 *   loans     the input is the loan-book CSV of a fixed small scenario;
 *   set       the input is a list of --set overrides, one a line, over the shipped baseline.
 * A load that succeeds is walked with sf_scenario_params_foreach and checked for non-finite numbers.
 */
#include "fuzz_common.h"
#include "loader.h"
#include "scenario.h"

#define TARGET_INI 1
#define TARGET_SEGMENTS 2
#define TARGET_LOANS 3
#define TARGET_SET 4

static int finite_check;

static int emit(void *ud, const char *section, const char *key, const char *value)
{
    (void)ud;
    if (finite_check) {
        char what[160];
        snprintf(what, sizeof what, "parameter %s.%s", section, key);
        fz_check_finite(what, value, strlen(value));
    }
    return 0;
}

static void setup(void)
{
    if (fz_dir[0])
        return;
    fz_setup();
    fz_mkdir("variants");
    const char *dirs[] = {"", "variants/"};
    for (int d = 0; d < 2; d++) {
        char name[128];
#define COPY(src, dst)                                                                                                 \
    snprintf(name, sizeof name, "%s%s", dirs[d], dst);                                                               \
    fz_copy(src, name)
        COPY("scenarios/shenzhen-baseline.ini", "shenzhen-baseline.ini");
        COPY("scenarios/segments.csv", "segments.csv");
        COPY("scenarios/bridge-segments.csv", "bridge-segments.csv");
        COPY("tests/cases/cli/small.ini", "base.ini");
        COPY("tests/cases/cli/small.csv", "small.csv");
        COPY("tests/cases/loader/book_ok.csv", "book_ok.csv");
        COPY("tests/cases/loader/seg_ok.csv", "seg_ok.csv");
#undef COPY
    }
    /* Both fixed scenarios must load with a valid CSV, so that every input reaches the CSV reader. */
    fz_write_str("seg.ini", "[simulation]\nyears = 3\npaths = 100\n[portfolio]\nsegments = fuzz.csv\n"
                            "[risk_compensation]\npool_initial = 5e9\nappropriation = 1e9\n"
                            "[guarantee]\ncapital_initial = 2e9\n[bridge]\ncapital = 5e8\nneed_rate = 0.03\n");
    fz_write_str("book.ini", "[simulation]\nstart_year = 2027\nyears = 3\npaths = 100\n[portfolio]\n"
                             "loans = fuzz.csv\n[guarantee]\ncapital_initial = 2e9\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    char ini[512];
    const char *sets[64];
    int nsets = 0;
    char *text = NULL;
#if FUZZ_TARGET == TARGET_INI
    fz_write("variants/s.ini", data, size);
    snprintf(ini, sizeof ini, "%s/variants/s.ini", fz_dir);
#elif FUZZ_TARGET == TARGET_SEGMENTS
    fz_write("fuzz.csv", data, size);
    snprintf(ini, sizeof ini, "%s/seg.ini", fz_dir);
#elif FUZZ_TARGET == TARGET_LOANS
    fz_write("fuzz.csv", data, size);
    snprintf(ini, sizeof ini, "%s/book.ini", fz_dir);
#elif FUZZ_TARGET == TARGET_SET
    /* One override a line, as many --set options; a NUL ends the text, as it ends an argv string. */
    text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    for (char *p = text; nsets < 64;) {
        sets[nsets++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    snprintf(ini, sizeof ini, "%s/shenzhen-baseline.ini", fz_dir);
#else
#error "FUZZ_TARGET must be one of TARGET_INI, TARGET_SEGMENTS, TARGET_LOANS, TARGET_SET"
#endif
    sf_scenario sc;
    sf_err err;
    sf_err_clear(&err);
    const int rc = sf_scenario_load(ini, sets, nsets, &sc, &err);
    fz_check_error(rc, &err);
    if (rc == SF_OK) {
        finite_check = !fz_spells_nonfinite(data, size);
        sf_scenario_params_foreach(&sc, emit, NULL);
        sf_scenario_release(&sc);
    }
    free(text);
    return 0;
}
