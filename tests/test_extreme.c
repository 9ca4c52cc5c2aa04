/*
 * No NaN, inf or -nan in any output file, HTML included, on runs at the edges of the model: every
 * path's budget total the same huge number (an empty histogram range near 1e39 CNY), and a
 * portfolio of one 1-CNY loan (ratios over next to nothing). Both report languages.
 */
#include "testutil.h"

#include "chart.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <math.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int word_char(int c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* The first "nan", "inf" or "infinity" (any case) standing as a word of its own, or NULL. */
static const char *nonfinite_word(const char *s)
{
    for (const char *p = s; *p; p++) {
        if (p > s && word_char(p[-1]))
            continue;
        size_t n = 0;
        if (strncasecmp(p, "nan", 3) == 0)
            n = 3;
        else if (strncasecmp(p, "infinity", 8) == 0)
            n = 8;
        else if (strncasecmp(p, "inf", 3) == 0)
            n = 3;
        if (n && !word_char(p[n]))
            return p;
    }
    return NULL;
}

static void check_folder(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert(d, "%s: no results folder", dir);
    int files = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char p[4200];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        char *text = tu_slurp(p);
        cr_assert(text, "%s unreadable", p);
        const char *w = nonfinite_word(text);
        cr_expect(w == NULL, "%s holds a non-finite number: ...%.60s", p, w ? (w - text > 30 ? w - 30 : text) : "");
        free(text);
        files++;
    }
    closedir(d);
    cr_expect(files >= 7, "%s: only %d files", dir, files);
}

static void extreme_run(const char *ini)
{
    char *tmp = tu_tmpdir(), cmd[4400], *err = NULL;
    snprintf(cmd, sizeof cmd, "run %s --out %s/r --quiet", ini, tmp);
    cr_assert_eq(tu_cli(cmd, NULL, &err), 0, "%s: %s", ini, err);
    free(err);
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/r", tmp);
    check_folder(dir);
    snprintf(cmd, sizeof cmd, "report %s --lang zh", dir);
    cr_assert_eq(tu_cli(cmd, NULL, &err), 0, "report --lang zh: %s", err);
    free(err);
    check_folder(dir);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_assert_eq(system(cmd), 0);
    free(tmp);
}

Test(extreme, same_huge_total_on_every_path_writes_no_nan)
{
    extreme_run("tests/cases/extreme/flat.ini");
}

Test(extreme, one_tiny_loan_writes_no_nan)
{
    extreme_run("tests/cases/extreme/zero.ini");
}

Test(extreme, the_word_check_finds_what_printf_writes)
{
    char buf[64];
    snprintf(buf, sizeof buf, "x=\"%f\"", -(double)NAN);
    cr_expect(nonfinite_word(buf) != NULL, "%s", buf);
    snprintf(buf, sizeof buf, "%g,1", (double)INFINITY);
    cr_expect(nonfinite_word(buf) != NULL, "%s", buf);
    cr_expect(nonfinite_word("financing, information, Infos, nanny") == NULL);
}

/* A label ending in a cut UTF-8 sequence (a fuzzed report file): the width estimate stops at the
 * end of the string (ASan saw it read past a heap buffer). */
Test(extreme, text_width_stops_at_a_cut_utf8_sequence)
{
    const char *cut[] = {"\xF0", "ab\xE4", "\xE4\xB8", "\xF0\x9F\x98"};
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        const size_t n = strlen(cut[i]) + 1;
        char *s = malloc(n);
        cr_assert_not_null(s);
        memcpy(s, cut[i], n);
        cr_expect(sf_chart_text_width(s, 12) > 0);
        free(s);
    }
}
