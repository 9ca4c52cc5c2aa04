/*
 * test_docs.c — the user's documents work as written: every command block of README.md runs on
 * a fresh copy of the clone (tests/readme-blocks.sh, its convention at its head), and every
 * command `smefin --help` lists has its section in the man page smefin.1 and its own --help.
 */
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(docs, readme_command_blocks_run_as_written, .timeout = 600)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "SMEFIN_BIN='%s' tests/readme-blocks.sh README.md 2>&1", tu_bin());
    FILE *p = popen(cmd, "r");
    cr_assert(p, "cannot run tests/readme-blocks.sh");
    static char out[1 << 16];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    const int st = pclose(p);
    cr_log_info("%s", out);
    cr_assert_eq(st, 0, "a README command block failed:\n%s", out);
    cr_assert(strstr(out, ": ok ("), "no block ran:\n%s", out);
}

Test(docs, every_verb_has_a_man_page_section_and_its_own_help)
{
    char *global = NULL;
    cr_assert_eq(tu_cli("--help", &global, NULL), 0);
    char *man = tu_slurp("smefin.1");
    cr_assert(man, "smefin.1 missing (run the tests from the repository root)");
    cr_assert_null(strstr(man, "DESIGN.md"), "the man page points to a DESIGN.md the source tree does not have");
    cr_assert(strstr(man, "report.zh.html") && strstr(man, "report.en.html"),
              "the man page says the report is written in both languages");
    const char *commands = strstr(man, "\n.SH COMMANDS\n"), *options = strstr(man, "\n.SH OPTIONS");
    cr_assert(commands && options && options > commands, "the man page has COMMANDS then OPTIONS");
    /* the verbs: lines "  VERB ..." of the usage list, up to its first blank line */
    int nverbs = 0;
    const char *list = strstr(global, "\n\n");
    cr_assert(list, "the usage list");
    for (const char *l = list + 1; l && l[1] && l[1] != '\n'; l = strchr(l + 1, '\n')) {
        const char *s = l + 1;
        if (strncmp(s, "  ", 2) != 0 || s[2] < 'a' || s[2] > 'z')
            continue;
        char verb[32];
        size_t k = 0;
        for (s += 2; k < sizeof verb - 1 && *s >= 'a' && *s <= 'z'; s++)
            verb[k++] = *s;
        verb[k] = '\0';
        nverbs++;
        char want[64];
        snprintf(want, sizeof want, "\n.TP\n.B %s ", verb);
        const char *sec = strstr(commands, want);
        if (!sec) {
            snprintf(want, sizeof want, "\n.TP\n.B %s\n", verb);
            sec = strstr(commands, want);
        }
        cr_expect(sec && sec < options, "no man page entry for '%s' under COMMANDS", verb);
        char cmd[64], *out = NULL, usage[64];
        snprintf(cmd, sizeof cmd, "%s --help", verb);
        cr_expect_eq(tu_cli(cmd, &out, NULL), 0, "%s", cmd);
        snprintf(usage, sizeof usage, "usage: smefin %s", verb);
        cr_expect(out && strncmp(out, usage, strlen(usage)) == 0, "%s is not its own help: %s", cmd, out ? out : "");
        cr_expect(out && strcmp(out, global) != 0, "%s prints the global help", cmd);
        free(out);
    }
    cr_assert_geq(nverbs, 11, "%d verbs in smefin --help", nverbs);
    free(man);
    free(global);
}
