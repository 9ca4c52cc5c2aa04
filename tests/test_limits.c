/*
 * One limit per quantity wherever it is given: --paths, simulation.paths in a .ini and
 * --set simulation.paths all accept SF_MAX_PATHS and refuse one more, with one line naming the
 * option or the key; --threads likewise.
 */
#include "scenario.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SMALL "tests/cases/cli/small.ini"

static void expect(const char *args, int code, const char *names)
{
    char *err;
    const int rc = tu_cli(args, NULL, &err);
    cr_expect_eq(rc, code, "%s: exit %d, %s", args, rc, err);
    if (names)
        cr_expect(strstr(err, names) && strchr(err, '\n') == err + strlen(err) - 1, "%s: '%s'", args, err);
    free(err);
}

Test(limits, paths_has_the_same_limit_as_option_ini_and_set)
{
    char args[8192], cwd[4096];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    /* `check` loads the scenario and parses every run option without simulating */
    snprintf(args, sizeof args, "check " SMALL " --paths %ld --quiet", SF_MAX_PATHS);
    expect(args, 0, NULL);
    snprintf(args, sizeof args, "check " SMALL " --paths %ld", SF_MAX_PATHS + 1);
    expect(args, 2, "--paths");
    snprintf(args, sizeof args, "check " SMALL " --set simulation.paths=%ld --quiet", SF_MAX_PATHS);
    expect(args, 0, NULL);
    snprintf(args, sizeof args, "check " SMALL " --set simulation.paths=%ld", SF_MAX_PATHS + 1);
    expect(args, 2, "simulation.paths");
    char *dir = tu_tmpdir(), ini[4200];
    for (int extra = 0; extra < 2; extra++) {
        snprintf(ini, sizeof ini, "%s/paths%d.ini", dir, extra);
        FILE *f = fopen(ini, "w");
        cr_assert_not_null(f);
        fprintf(f, "base = %s/" SMALL "\n[simulation]\npaths = %ld\n", cwd, SF_MAX_PATHS + extra);
        fclose(f);
        snprintf(args, sizeof args, "check %s --quiet", ini);
        expect(args, extra ? 2 : 0, extra ? "paths" : NULL);
        unlink(ini);
    }
    rmdir(dir);
    free(dir);
}

Test(limits, threads)
{
    char args[256];
    snprintf(args, sizeof args, "check " SMALL " --threads %d --quiet", SF_MAX_THREADS);
    expect(args, 0, NULL);
    snprintf(args, sizeof args, "check " SMALL " --threads %d", SF_MAX_THREADS + 1);
    expect(args, 2, "--threads");
}
