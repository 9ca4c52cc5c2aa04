/*
 * test_xlsx.c — budget.xlsx (output/xlsx.c): read back with openpyxl (Debian's python3-openpyxl,
 * tests/xlsx/check_budget_xlsx.py) and its numbers checked against summary.csv and figures.csv, in
 * both languages; the same bytes for the same run (fixed creation time) and any thread count.
 */
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Debian's python3, which has python3-openpyxl (a python3 earlier on PATH may not) */
#define PY "/usr/bin/python3"

static void run_into(const char *dir, const char *name, const char *extra)
{
    char args[1024];
    char *out = NULL, *err = NULL;
    snprintf(args, sizeof args, "run scenarios/shenzhen-baseline.ini --paths 400 --seed 5 --quiet %s --out %s/%s",
             extra, dir, name);
    cr_assert_eq(tu_cli(args, &out, &err), 0, "%s", err);
    free(out);
    free(err);
}

static void check(const char *dir, const char *name, const char *lang)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, PY " tests/xlsx/check_budget_xlsx.py %s/%s %s > %s/%s.check 2>&1", dir, name, lang, dir,
             name);
    const int rc = system(cmd);
    snprintf(cmd, sizeof cmd, "%s/%s.check", dir, name);
    char *msg = tu_slurp(cmd);
    cr_assert_eq(rc, 0, "%s", msg ? msg : "(no output)");
    cr_expect(msg && strstr(msg, "equal summary.csv's"), "%s", msg ? msg : "");
    free(msg);
}

Test(xlsx, budget_xlsx_numbers_are_summary_csv_numbers_in_both_languages, .timeout = 240)
{
    char *dir = tu_tmpdir();
    run_into(dir, "en", "--threads 1");
    run_into(dir, "zh", "--threads 1 --lang zh");
    check(dir, "en", "en");
    check(dir, "zh", "zh");
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
    free(dir);
}

Test(xlsx, budget_xlsx_is_the_same_bytes_for_the_same_run_and_any_thread_count, .timeout = 240)
{
    char *dir = tu_tmpdir();
    run_into(dir, "a", "--threads 1");
    run_into(dir, "b", "--threads 2");
    char pa[600], pb[600], cmd[1300];
    snprintf(pa, sizeof pa, "%s/a/budget.xlsx", dir);
    snprintf(pb, sizeof pb, "%s/b/budget.xlsx", dir);
    snprintf(cmd, sizeof cmd, "cmp -s %s %s", pa, pb);
    cr_expect_eq(system(cmd), 0, "budget.xlsx differs between 1 and 2 threads");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
    free(dir);
}
