/*
 * The bad-input corpus (tests/cases/bad/): one folder per class of bad input, each with its input
 * files and a `case` file:
 *
 *     # what the case provokes
 *     args: the command line after `smefin` ($CASE: the case folder; $OUT: a fresh --out)
 *     exit: 2
 *     stderr: the expected stderr line; '*' matches any text, everything else is literal
 *
 * Every case, run through SMEFIN_BIN (the normal build under `make test`, the ASan build under
 * `make asan`): the exit code; exactly one stderr line, starting "smefin: ", without a control
 * character, matching the pattern (which names the file, the line and the key, or the option);
 * stdout empty; $OUT not created; and the case folder byte-identical afterwards (nothing written,
 * moved or removed beside the input either).
 */
#include "testutil.h"

#include "sf.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BAD "tests/cases/bad"
#define MIN_CASES 80

/* '*' matches any run of characters; every other character itself. */
static int glob_match(const char *pat, const char *s)
{
    if (*pat == '\0')
        return *s == '\0';
    if (*pat == '*')
        return glob_match(pat + 1, s) || (*s && glob_match(pat, s + 1));
    return *s == *pat && glob_match(pat + 1, s + 1);
}

/* s with every "$NAME" replaced by val, malloc'd. */
static char *subst(const char *s, const char *name, const char *val)
{
    const size_t nl = strlen(name), vl = strlen(val);
    size_t cap = strlen(s) + 1, n = 0;
    for (const char *p = strstr(s, name); p; p = strstr(p + nl, name))
        cap += vl;
    char *o = malloc(cap);
    cr_assert_not_null(o);
    while (*s) {
        if (strncmp(s, name, nl) == 0) {
            memcpy(o + n, val, vl);
            n += vl;
            s += nl;
        } else
            o[n++] = *s++;
    }
    o[n] = '\0';
    return o;
}

/* Every file and link of dir with type, size, link target and checksum, sorted. */
static char *snapshot(const char *dir)
{
    char cmd[4400];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && { find . -printf '%%p %%y %%s %%l\\n'; find . -type f -exec md5sum {} +; } | LC_ALL=C sort", dir);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    for (size_t got; (got = fread(buf + n, 1, cap - n - 1, p)) > 0;) {
        n += got;
        if (cap - n < 2) {
            buf = realloc(buf, cap *= 2);
            cr_assert_not_null(buf);
        }
    }
    buf[n] = '\0';
    pclose(p);
    return buf;
}

typedef struct bad_case {
    char args[2048], stderr_pat[2048];
    int exit_code;
} bad_case;

static int read_case(const char *dir, bad_case *c)
{
    char path[4200], line[2048];
    snprintf(path, sizeof path, "%s/case", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    c->args[0] = c->stderr_pat[0] = '\0';
    c->exit_code = -1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "args: ", 6) == 0)
            snprintf(c->args, sizeof c->args, "%s", line + 6);
        else if (strncmp(line, "stderr: ", 8) == 0)
            snprintf(c->stderr_pat, sizeof c->stderr_pat, "%s", line + 8);
        else if (strncmp(line, "exit: ", 6) == 0)
            c->exit_code = atoi(line + 6);
    }
    fclose(f);
    return 1;
}

static int exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

/* Run one case; returns the number of failed checks (each reported). */
static int run_case(const char *name)
{
    char dir[512];
    snprintf(dir, sizeof dir, BAD "/%s", name);
    bad_case c;
    if (!read_case(dir, &c))
        return 0; /* a folder of shared files (common/) */
    cr_expect(c.args[0] && c.stderr_pat[0] && c.exit_code == 2, "%s: case file lacks args, stderr or exit: 2", name);
    char *tmp = tu_tmpdir(), out[4200];
    snprintf(out, sizeof out, "%s/r", tmp);
    char *a1 = subst(c.args, "$CASE", dir), *args = subst(a1, "$OUT", out);
    char *want = subst(c.stderr_pat, "$CASE", dir);
    char *before = snapshot(dir);
    char *so = NULL, *se = NULL;
    const int rc = tu_cli(args, &so, &se);
    char *after = snapshot(dir);
    int bad = 0;
#define CHECK(cond, ...)                                                                                             \
    do {                                                                                                             \
        if (!(cond)) {                                                                                               \
            cr_expect(0, __VA_ARGS__);                                                                               \
            bad++;                                                                                                   \
        }                                                                                                            \
    } while (0)
    CHECK(rc == c.exit_code, "%s: exit %d, expected %d (stderr: %s)", name, rc, c.exit_code, se ? se : "");
    CHECK(so && so[0] == '\0', "%s: stdout not empty: %.200s", name, so ? so : "(unreadable)");
    const size_t len = se ? strlen(se) : 0;
    CHECK(len > 1 && se[len - 1] == '\n' && strchr(se, '\n') == se + len - 1, "%s: stderr is not one line: [%s]",
          name, se ? se : "");
    int ctrl = 0;
    for (size_t i = 0; i + 1 < len; i++)
        ctrl |= (unsigned char)se[i] < 0x20 || se[i] == 0x7F;
    CHECK(!ctrl, "%s: a control character in the message: [%s]", name, se);
    if (len > 0 && se[len - 1] == '\n')
        se[len - 1] = '\0';
    CHECK(se && strncmp(se, "smefin: ", 8) == 0, "%s: message does not start with 'smefin: ': [%s]", name, se);
    CHECK(se && glob_match(want, se), "%s: message\n  [%s]\ndoes not match\n  [%s]", name, se, want);
    CHECK(!exists(out), "%s: --out %s was created", name, out);
    CHECK(strcmp(before, after) == 0, "%s: the case folder changed:\n--- before\n%s--- after\n%s", name, before, after);
#undef CHECK
    char cmd[4400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    cr_expect_eq(system(cmd), 0);
    free(tmp);
    free(a1);
    free(args);
    free(want);
    free(before);
    free(after);
    free(so);
    free(se);
    return bad;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

Test(bad, every_case_exits_2_with_one_line_naming_the_input_and_writes_nothing)
{
    DIR *d = opendir(BAD);
    cr_assert_not_null(d, BAD " missing (run the suite from the repository root)");
    char *names[1024];
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL && n < 1024;) {
        char p[600];
        snprintf(p, sizeof p, BAD "/%s/case", e->d_name);
        if (e->d_name[0] != '.' && exists(p))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    cr_expect(n >= MIN_CASES, "only %zu cases in " BAD "; at least %d classes are asked for", n, MIN_CASES);
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        failed += run_case(names[i]) > 0;
        free(names[i]);
    }
    cr_expect(failed == 0, "%d of %zu bad-input cases failed", failed, n);
}

Test(bad, glob_matches_literally_but_for_the_star)
{
    cr_expect(glob_match("smefin: a.ini:2: x.y: *", "smefin: a.ini:2: x.y: bad"));
    cr_expect(glob_match("a[1]\\x1B*", "a[1]\\x1B tail"));
    cr_expect(!glob_match("smefin: a.ini:2: *", "smefin: a.ini:3: x"));
    cr_expect(!glob_match("abc", "abcd"));
}

Test(bad, msg_value_escapes_control_characters_and_shortens)
{
    char buf[SF_MSG_VALUE_BUF];
    cr_expect_str_eq(sf_msg_value("a\nb\r\tc\x1b[31m\x7f", 0, buf, sizeof buf), "a\\nb\\r\\tc\\x1B[31m\\x7F");
    cr_expect_str_eq(sf_msg_value("h\xc3\xa9 \xe4\xb8\xad", 0, buf, sizeof buf), "h\xc3\xa9 \xe4\xb8\xad"); /* UTF-8 kept */
    cr_expect_str_eq(sf_msg_value("\xc2\x85|\xe2\x80\xa8|\xff", 0, buf, sizeof buf), "\\xC2\\x85|\\xE2\\x80\\xA8|\\xFF");
    char longv[200];
    memset(longv, 'x', sizeof longv - 1);
    longv[sizeof longv - 1] = '\0';
    const char *v = SF_V(longv);
    cr_expect_eq(strlen(v), SF_MSG_VALUE_CHARS + 3);
    cr_expect(strcmp(v + SF_MSG_VALUE_CHARS, "...") == 0);
    cr_expect_str_eq(sf_msg_value("abcdefgh", 0, buf, 6), "ab...");  /* a small buffer cuts too */
    cr_expect_str_eq(sf_msg_value("abc", 0, buf, 4), "abc");         /* what fits is not cut */
    cr_expect(sf_msg_is_clean("plain, \xe4\xb8\xad") && !sf_msg_is_clean("a\nb") && !sf_msg_is_clean("\x1b"));
    sf_err e;
    sf_err_clear(&e);
    sf_err_set(&e, SF_EINVAL, "f.csv:2: size: '%s'", "sm\nall");
    cr_expect_str_eq(e.msg, "f.csv:2: size: 'sm\\nall'");
}

/* The calibration inputs the long fuzz runs found (fuzz/regressions/lgd, fund: optimisers that
 * failed on degenerate data, which reached GSL's aborting handler in the harness): through the CLI
 * they end with one clean line and exit 1 or 2, never a crash, and write nothing to stdout. */
Test(bad, fuzz_regressions_of_the_calibration_fits_end_with_one_line)
{
    const char *kinds[] = {"lgd", "fund", "vasicek"};
    int seen = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        char dir[256];
        snprintf(dir, sizeof dir, "fuzz/regressions/%s", kinds[k]);
        DIR *d = opendir(dir);
        if (!d)
            continue;
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            if (e->d_name[0] == '.')
                continue;
            char args[800], *so = NULL, *se = NULL;
            snprintf(args, sizeof args, "calibrate %s '%s/%s'", kinds[k], dir, e->d_name);
            const int rc = tu_cli(args, &so, &se);
            const size_t len = se ? strlen(se) : 0;
            cr_expect(rc == 1 || rc == 2, "%s: exit %d", args, rc);
            cr_expect(so && so[0] == '\0', "%s: stdout not empty", args);
            cr_expect(len > 1 && strchr(se, '\n') == se + len - 1 && strncmp(se, "smefin: ", 8) == 0,
                      "%s: not one line: [%s]", args, se ? se : "");
            free(so);
            free(se);
            seen++;
        }
        closedir(d);
    }
    cr_expect(seen >= 2, "only %d regression inputs found", seen);
}
