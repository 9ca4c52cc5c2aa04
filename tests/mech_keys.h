/* mech_keys.h — shared by the mechanism tests: writes a scenario with one bad key in a mechanism's
 * section and checks that sf_scenario_load refuses it with a message naming the file and the key
 * (Contract: exit 2, "FILE:LINE: SECTION.KEY: what is wrong"). Static inline helpers, included
 * once per test file. */
#ifndef SF_TEST_MECH_KEYS_H
#define SF_TEST_MECH_KEYS_H

#include "loader.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* Write a scenario whose [section] holds `base` (one "key = value" per line, valid) with the
 * line for `key` replaced by "key = value", load it, and check the error names file and key. */
static inline void load_expect_bad(const char *section, const char *base, const char *key, const char *value)
{
    char *dir = tu_tmpdir();
    char csv[4200], ini[4200];
    snprintf(csv, sizeof csv, "%s/segments.csv", dir);
    snprintf(ini, sizeof ini, "%s/bad-%s.ini", dir, section);
    FILE *f = fopen(csv, "w");
    cr_assert_not_null(f);
    fputs("id,size,sector,product,bank,loans,avg_amount,pd,lgd,tenor,guaranteed,insured,compensation_eligible,"
          "interest_subsidy\ns1,small,manufacturing,credit,bank_a,1200,1.1e6,0.021,0.45,1,0.5,0.3,0.8,0.01\n",
          f);
    fclose(f);
    f = fopen(ini, "w");
    cr_assert_not_null(f);
    fprintf(f, "[simulation]\nname = bad\nyears = 3\npaths = 100\n[portfolio]\nsegments = segments.csv\n[%s]\n",
            section);
    const size_t klen = strlen(key);
    for (const char *line = base; *line;) {
        const char *end = strchr(line, '\n');
        const size_t len = end ? (size_t)(end - line) : strlen(line);
        const int same = len > klen && strncmp(line, key, klen) == 0 && line[klen] == ' ';
        if (!same)
            fprintf(f, "%.*s\n", (int)len, line);
        line += len + (end ? 1 : 0);
    }
    fprintf(f, "%s = %s\n", key, value);
    fclose(f);
    sf_scenario sc;
    sf_err err = {0, ""};
    const int rc = sf_scenario_load(ini, NULL, 0, &sc, &err);
    cr_expect_neq(rc, SF_OK, "[%s] %s = %s was accepted", section, key, value);
    if (rc == SF_OK) {
        sf_scenario_release(&sc);
    } else {
        cr_expect(rc == SF_EINVAL || rc == SF_EPARSE, "[%s] %s: status %d", section, key, rc);
        cr_expect(strstr(err.msg, ini) != NULL, "message does not name the file: %s", err.msg);
        char want[128];
        snprintf(want, sizeof want, "%s.%s", section, key);
        cr_expect(strstr(err.msg, want) != NULL, "message does not name %s: %s", want, err.msg);
    }
    remove(csv);
    remove(ini);
    rmdir(dir);
    free(dir);
}

/* The same file with the base lines only must load (so the failures above are the key's). */
static inline void load_expect_good(const char *section, const char *base)
{
    char *dir = tu_tmpdir();
    char csv[4200], ini[4200];
    snprintf(csv, sizeof csv, "%s/segments.csv", dir);
    snprintf(ini, sizeof ini, "%s/good.ini", dir);
    FILE *f = fopen(csv, "w");
    cr_assert_not_null(f);
    fputs("id,size,sector,product,bank,loans,avg_amount,pd,lgd,tenor\n"
          "s1,small,manufacturing,credit,bank_a,1200,1.1e6,0.021,0.45,1\n",
          f);
    fclose(f);
    f = fopen(ini, "w");
    fprintf(f, "[simulation]\nname = good\nyears = 3\n[portfolio]\nsegments = segments.csv\n[%s]\n%s", section, base);
    fclose(f);
    sf_scenario sc;
    sf_err err = {0, ""};
    cr_assert_eq(sf_scenario_load(ini, NULL, 0, &sc, &err), SF_OK, "%s", err.msg);
    sf_scenario_release(&sc);
    remove(csv);
    remove(ini);
    rmdir(dir);
    free(dir);
}

#endif
