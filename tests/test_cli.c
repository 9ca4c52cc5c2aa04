/*
 * The command line end to end (SMEFIN_BIN): exit codes, one-line errors naming file, line and
 * key, nothing written on bad input, the results folder and its files, reproducibility.
 */
#include "testutil.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CASES "tests/cases/cli/"

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Run `args` with --out DIR/r appended; returns the exit code; *dir is the temp parent. */
static int run_into(const char *args, char **dir, char **err)
{
    *dir = tu_tmpdir();
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s --out %s/r --quiet", args, *dir);
    return tu_cli(cmd, NULL, err);
}

static char *file_in(const char *dir, const char *name)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/r/%s", dir, name);
    return tu_slurp(p);
}

Test(cli, version_and_help)
{
    char *out;
    cr_assert_eq(tu_cli("--version", &out, NULL), 0);
    cr_expect(strncmp(out, "smefin ", 7) == 0);
    free(out);
    cr_assert_eq(tu_cli("--help", &out, NULL), 0);
    cr_expect(strstr(out, "--paths") && strstr(out, "--keep-paths") && strstr(out, "--lang"));
    free(out);
    cr_assert_eq(tu_cli("run --help", &out, NULL), 0);
    free(out);
}

/* solve --help says how to ask for the smallest or the largest value and what an unreachable
 * target does; and a >= target is in its usage. */
Test(cli, solve_help_says_smallest_or_largest)
{
    char *out;
    cr_assert_eq(tu_cli("solve --help", &out, NULL), 0);
    cr_expect(strstr(out, "holds at LO gives the largest value meeting it, one that holds at HI the smallest"), "%s", out);
    cr_expect(strstr(out, "exit 2 with the values at both ends"), "%s", out);
    cr_expect(strstr(out, "--target 'budget.total:total:mean>=1.5e10'"), "%s", out);
    free(out);
}

/* COMMAND --help (and help COMMAND) print the command's own usage, options and an example, not
 * the global help; help of a command that does not exist is exit 2. */
Test(cli, per_command_help)
{
    static const char *const verbs[] = {"run", "check", "analytic", "compare", "sweep", "solve", "sensitivity",
                                        "calibrate", "report"};
    char *global;
    cr_assert_eq(tu_cli("--help", &global, NULL), 0);
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        char cmd[128], want[64], *out, *out2;
        snprintf(cmd, sizeof cmd, "%s --help", verbs[i]);
        cr_assert_eq(tu_cli(cmd, &out, NULL), 0, "%s", cmd);
        snprintf(want, sizeof want, "usage: smefin %s", verbs[i]);
        cr_expect(strncmp(out, want, strlen(want)) == 0, "%s: %s", cmd, out);
        cr_expect(strstr(out, "\nexample:\n  smefin ") != NULL, "%s: no example", cmd);
        cr_expect(strcmp(out, global) != 0, "%s prints the global help", cmd);
        snprintf(cmd, sizeof cmd, "help %s", verbs[i]);
        cr_assert_eq(tu_cli(cmd, &out2, NULL), 0, "%s", cmd);
        cr_expect_str_eq(out2, out);
        free(out);
        free(out2);
    }
    char *err;
    cr_expect_eq(tu_cli("help nosuch", NULL, &err), 2);
    cr_expect(strstr(err, "help: 'nosuch' is not a command") && count_lines(err) == 1, "%s", err);
    free(err);
    free(global);
}

/* figures.csv is tidy (figure,year,value,unit; year blank when none) and evaluation.csv names the
 * unit of its money columns. */
Test(cli, figures_and_evaluation_csv_are_tidy_with_units)
{
    char *dir, *err;
    cr_assert_eq(run_into("run " CASES "small.ini --paths 200", &dir, &err), 0, "%s", err);
    char *fig = file_in(dir, "figures.csv"), *ev = file_in(dir, "evaluation.csv");
    cr_assert_not_null(fig);
    cr_expect(strncmp(fig, "figure,year,value,unit\n", 23) == 0, "%s", fig);
    cr_expect(strstr(fig, "\nbudget.confidence,,0.95,share\n") != NULL, "%s", fig);
    cr_expect(strstr(fig, "\nbudget.appropriation,2027,10000000,CNY\n") != NULL, "%s", fig);
    cr_expect(strstr(fig, "\nbudget.needed,total,") != NULL && strstr(fig, "\nbudget.needed,2029,") != NULL);
    for (const char *p = strchr(fig, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
        const char *e = strchr(p + 1, '\n');
        cr_expect(e && e[-1] != ',', "a figure without a unit: %.*s", (int)(e ? e - p - 1 : 20), p + 1);
    }
    cr_assert_not_null(ev);
    cr_expect(strncmp(ev, "mechanism,article,spending,financing_supported,loss_rate,cost_per_yuan,multiplier,unit\n", 86) == 0,
              "%s", ev);
    free(fig);
    free(ev);
    free(err);
    free(dir);
}

/* The folder name a run with these effective overrides takes: SHA-256 of the sorted lines. */
static void expected_hash(const char *joined_sorted, char hex[9])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(joined_sorted, strlen(joined_sorted), md, &len, EVP_sha256(), NULL);
    for (int i = 0; i < 4; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* `cmd` (arguments of smefin) run in folder `cwd`; returns the exit code. */
static int cli_in(const char *cwd, const char *args)
{
    char bin[PATH_MAX], ini[PATH_MAX], cmd[3 * PATH_MAX + 1024];
    cr_assert_not_null(realpath(tu_bin(), bin));
    cr_assert_not_null(realpath(CASES "small.ini", ini));
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s '%s' --paths 150 --quiet 2>/dev/null", cwd, bin, args, ini);
    const int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A run with --set and no --out writes results/<name>+<hash>/ and never the plain run's folder;
 * the same overrides in another order, spacing or with an earlier setting of a key give the same
 * folder; run.json records every --set as given, overrides.csv the diff against the scenario
 * file, and the report lists them and puts them in "Reproduce with". */
Test(cli, overrides_are_recorded_and_get_their_own_folder)
{
    char *cwd = tu_tmpdir(), p[9000];
    cr_assert_eq(cli_in(cwd, "run"), 0);
    snprintf(p, sizeof p, "%s/results/cli-small/summary.csv", cwd);
    char *plain = tu_slurp(p);
    cr_assert_not_null(plain, "the plain run writes results/cli-small/");

    cr_assert_eq(cli_in(cwd, "run --set economy.persistence=0.2 --set economy.persistence=0.3 --set budget.confidence=0.9"), 0);
    char hex[9];
    expected_hash("budget.confidence=0.9\neconomy.persistence=0.3\n", hex);
    char dir[4400];
    snprintf(dir, sizeof dir, "%s/results/cli-small+%s", cwd, hex);
    snprintf(p, sizeof p, "%s/run.json", dir);
    char *js = tu_slurp(p);
    cr_assert_not_null(js, "no %s", p);
    cr_expect(strstr(js, "\"overrides\": [\"economy.persistence=0.2\", \"economy.persistence=0.3\", "
                         "\"budget.confidence=0.9\"]") != NULL,
              "%s", js);
    snprintf(p, sizeof p, "%s/overrides.csv", dir);
    char *ov = tu_slurp(p);
    cr_assert_not_null(ov);
    cr_expect_str_eq(ov, "key,scenario_value,value\neconomy.persistence,0.45,0.3\nbudget.confidence,0.95,0.9\n");
    snprintf(p, sizeof p, "%s/report.html", dir);
    char *html = tu_slurp(p);
    cr_assert_not_null(html);
    cr_expect(strstr(html, "--set economy.persistence=0.3 --set budget.confidence=0.9</code>") != NULL);
    cr_expect(strstr(html, "id=\"overrides-table\"") != NULL);
    cr_expect(strstr(html, "<tr data-key=\"budget.confidence\"><td class=\"txt\" title=\"budget.confidence\">") != NULL);
    cr_expect(strstr(html, "</td><td class=\"txt\">95%</td><td class=\"txt\">90%</td></tr>") != NULL,
              "the confidence level, 0.95 in the file and 0.9 set, in display units");
    snprintf(p, sizeof p, "%s/results/cli-small/summary.csv", cwd);
    char *again = tu_slurp(p);
    cr_expect_str_eq(again, plain, "the plain run's folder is untouched");

    /* the same overrides in another order and spacing: the same folder, nothing new */
    cr_assert_eq(cli_in(cwd, "run --set ' budget.confidence = 0.9' --set economy.persistence=0.3"), 0);
    snprintf(p, sizeof p, "cd '%s/results' && test $(ls | wc -l) -eq 2", cwd);
    cr_expect_eq(system(p), 0, "another order of the same overrides makes a third folder");
    /* the study verbs: results/<name>+<hash>-<verb> */
    cr_assert_eq(cli_in(cwd, "sweep --vary budget.confidence=0.9,0.95 --set economy.persistence=0.3"), 0);
    expected_hash("economy.persistence=0.3\n", hex);
    snprintf(p, sizeof p, "%s/results/cli-small+%s-sweep/sweep.csv", cwd, hex);
    char *sw = tu_slurp(p);
    cr_expect_not_null(sw, "no %s", p);
    /* without overrides: the header alone and an empty list */
    snprintf(p, sizeof p, "%s/results/cli-small/overrides.csv", cwd);
    char *none = tu_slurp(p);
    cr_expect_str_eq(none, "key,scenario_value,value\n");
    snprintf(p, sizeof p, "%s/results/cli-small/run.json", cwd);
    char *js0 = tu_slurp(p);
    cr_expect(js0 && strstr(js0, "\"overrides\": [],"));
    free(js0);
    free(none);
    free(sw);
    free(again);
    free(html);
    free(ov);
    free(js);
    free(plain);
    snprintf(p, sizeof p, "rm -rf '%s'", cwd);
    cr_expect_eq(system(p), 0);
    free(cwd);
}

Test(cli, bad_options_exit_2_naming_the_option)
{
    const char *cases[][2] = {{"run " CASES "small.ini --paths 0", "--paths"},
                              {"run " CASES "small.ini --paths 12x", "--paths"},
                              {"run " CASES "small.ini --threads -3", "--threads"},
                              {"run " CASES "small.ini --seed -1", "--seed"},
                              {"run " CASES "small.ini --lang fr", "--lang"},
                              {"run " CASES "small.ini --frobnicate", "--frobnicate"},
                              {"run " CASES "small.ini --set economy.persistence=2.5", "economy.persistence"},
                              {"run " CASES "small.ini --set nosuch.key=1", "nosuch"},
                              {"frobnicate", "frobnicate"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *dir, *err;
        const int rc = run_into(cases[i][0], &dir, &err);
        cr_expect_eq(rc, 2, "%s: exit %d", cases[i][0], rc);
        cr_expect(strncmp(err, "smefin: ", 8) == 0 && strstr(err, cases[i][1]) && count_lines(err) == 1,
                  "%s: stderr '%s'", cases[i][0], err);
        char p[4200];
        snprintf(p, sizeof p, "%s/r", dir);
        cr_expect(!exists(p), "%s: a results folder was written", cases[i][0]);
        free(err);
        free(dir);
    }
}

Test(cli, bad_scenarios_exit_2_naming_file_line_and_key)
{
    const char *cases[][3] = {{"bad-key.ini", ":5:", "colour"},
                              {"bad-value.ini", ":7:", "persistence"},
                              {"bad.csv", ":3:", "loans"},
                              {"missing.ini", "missing.ini", ""}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char args[512];
        snprintf(args, sizeof args, "run " CASES "%s", strcmp(cases[i][0], "bad.csv") == 0 ? "bad-csv.ini" : cases[i][0]);
        char *dir, *err;
        const int rc = run_into(args, &dir, &err);
        cr_expect_eq(rc, 2, "%s: exit %d", args, rc);
        cr_expect(strstr(err, cases[i][0]) && strstr(err, cases[i][1]) && strstr(err, cases[i][2]) &&
                      count_lines(err) == 1,
                  "%s: stderr '%s'", args, err);
        char p[4200];
        snprintf(p, sizeof p, "%s/r", dir);
        cr_expect(!exists(p), "%s: a results folder was written", args);
        free(err);
        free(dir);
    }
}

Test(cli, check_accepts_a_good_scenario)
{
    char *out;
    cr_assert_eq(tu_cli("check " CASES "small.ini", &out, NULL), 0);
    cr_expect(strstr(out, "ok"));
    free(out);
}

Test(cli, run_writes_the_whole_results_folder)
{
    char *dir, *err;
    cr_assert_eq(run_into("run " CASES "small.ini --paths 600 --keep-paths", &dir, &err), 0, "%s", err);
    char *sum = file_in(dir, "summary.csv");
    cr_assert_not_null(sum);
    const char *header = "series,unit,year,mean,sd,se,p05,p50,p90,p95,p99,p999,cvar95,cvar99\n";
    cr_expect(strncmp(sum, header, strlen(header)) == 0);
    cr_expect(strstr(sum, "\nportfolio.loss,CNY,2027,") && strstr(sum, "\nportfolio.loss,CNY,total,") &&
              strstr(sum, "\nportfolio.loss,CNY,pv,") && strstr(sum, "\nbudget.total,CNY,2029,"));
    cr_expect(!strstr(sum, "portfolio.defaults,count,total"), "no total rows for counts");
    cr_expect(!strstr(sum, "nan") && !strstr(sum, "inf"), "no NaN or inf");
    char *js = file_in(dir, "run.json");
    cr_assert_not_null(js);
    const char *h = strstr(js, "\"scenario_sha256\": \"");
    cr_assert_not_null(h);
    cr_expect(strspn(h + 20, "0123456789abcdef") == 64, "sha256 of the scenario");
    cr_expect(strstr(js, "\"seed\": 4242") && strstr(js, "\"paths\": 600"));
    char *paths = file_in(dir, "paths.csv");
    cr_assert_not_null(paths);
    cr_expect(strncmp(paths, "path,year,series,value\n", 23) == 0);
    char *rep = file_in(dir, "report.html");
    cr_expect_not_null(rep);
    char p[4200];
    snprintf(p, sizeof p, "%s/r.tmp-", dir);
    free(sum);
    free(js);
    free(paths);
    free(rep);
    free(err);
    free(dir);
}

Test(cli, summary_is_byte_identical_for_any_thread_count)
{
    char *d1, *d2, *e1, *e2;
    cr_assert_eq(run_into("run " CASES "small.ini --paths 700 --threads 1", &d1, &e1), 0, "%s", e1);
    cr_assert_eq(run_into("run " CASES "small.ini --paths 700 --threads 2", &d2, &e2), 0, "%s", e2);
    char *a = file_in(d1, "summary.csv"), *b = file_in(d2, "summary.csv");
    cr_assert(a && b);
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
    free(e1);
    free(e2);
    free(d1);
    free(d2);
}

Test(cli, another_seed_gives_another_summary)
{
    char *d1, *d2, *e1, *e2;
    cr_assert_eq(run_into("run " CASES "small.ini --paths 300", &d1, &e1), 0, "%s", e1);
    cr_assert_eq(run_into("run " CASES "small.ini --paths 300 --seed 4243", &d2, &e2), 0, "%s", e2);
    char *a = file_in(d1, "summary.csv"), *b = file_in(d2, "summary.csv");
    cr_assert(a && b);
    cr_expect(strcmp(a, b) != 0);
    free(a);
    free(b);
    free(e1);
    free(e2);
    free(d1);
    free(d2);
}

Test(cli, a_rerun_replaces_the_folder_whole)
{
    char *dir, *err;
    cr_assert_eq(run_into("run " CASES "small.ini --paths 200 --keep-paths", &dir, &err), 0, "%s", err);
    free(err);
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "run " CASES "small.ini --paths 200 --out %s/r --quiet", dir);
    cr_assert_eq(tu_cli(cmd, NULL, NULL), 0);
    char p[4200];
    snprintf(p, sizeof p, "%s/r/paths.csv", dir);
    cr_expect(!exists(p), "the old folder's paths.csv survived");
    snprintf(p, sizeof p, "%s/r/summary.csv", dir);
    cr_expect(exists(p));
    /* no temporary siblings left */
    snprintf(cmd, sizeof cmd, "ls %s | wc -l", dir);
    FILE *f = popen(cmd, "r");
    int n = 0;
    cr_assert_eq(fscanf(f, "%d", &n), 1);
    pclose(f);
    cr_expect_eq(n, 1, "only the results folder remains");
    free(dir);
}

Test(cli, analytic_prints_one_row_per_segment)
{
    char *out;
    cr_assert_eq(tu_cli("analytic " CASES "small.ini", &out, NULL), 0);
    cr_expect(strncmp(out, "segment,size,pd,rho,", 20) == 0);
    cr_expect_eq(count_lines(out), 5, "header, 3 segments, total");
    cr_expect(strstr(out, "\nm1,micro,") && strstr(out, ",basel,"));
    free(out);
}

Test(cli, terminal_table_and_quiet)
{
    char *dir = tu_tmpdir(), *out;
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "run " CASES "small.ini --paths 200 --out %s/r", dir);
    cr_assert_eq(tu_cli(cmd, &out, NULL), 0);
    cr_expect(strstr(out, "budget.total") && strstr(out, "report.html"));
    free(out);
    snprintf(cmd, sizeof cmd, "run " CASES "small.ini --paths 200 --out %s/r --quiet", dir);
    cr_assert_eq(tu_cli(cmd, &out, NULL), 0);
    cr_expect_str_eq(out, "");
    free(out);
    free(dir);
}

/* `run --lang zh` prints its table in Chinese: 亿元 with two decimals, 万元 when every figure is
 * under 1 亿, each value summary.csv's mean or P95 in that unit; nothing left in CNY million. */
static void zh_table_check(const char *scenario, const char *extra)
{
    char *dir = tu_tmpdir(), *out;
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "run %s --paths 200 --lang zh --out %s/r %s", scenario, dir, extra);
    cr_assert_eq(tu_cli(cmd, &out, NULL), 0);
    cr_assert_null(strstr(out, "CNY million"), "zh table in CNY million:\n%s", out);
    cr_assert_null(strstr(out, "paths,"), "zh table in English:\n%s", out);
    const int yi = strstr(out, "单位：亿元") != NULL, wan = strstr(out, "单位：万元") != NULL;
    cr_assert(yi != wan, "one unit, 亿元 or 万元:\n%s", out);
    cr_assert(strstr(out, "报告：") && strstr(out, "合计") && strstr(out, "现值"), "%s", out);
    snprintf(cmd, sizeof cmd, "%s/r/summary.csv", dir);
    char *sum = tu_slurp(cmd);
    cr_assert(sum);
    /* summary.csv: series,unit,year,mean,sd,se,p05,p50,p90,p95 */
    const double mean = tu_csv_pick(sum, "budget.total,CNY,total,", 3), p95 = tu_csv_pick(sum, "budget.total,CNY,total,", 9);
    cr_assert_eq(yi, fmax(fabs(mean), fabs(p95)) >= 1e8 ? 1 : 0, "亿元 from 1 亿 up, else 万元 (mean %g)", mean);
    const double scale = yi ? 1e8 : 1e4;
    char want[128], num[64];
    snprintf(num, sizeof num, "%.2f", mean / scale);
    /* thousands separators as the report writes them */
    char sep[64];
    size_t k = 0, il = strcspn(num, ".");
    for (size_t i = 0; i < strlen(num); i++) {
        sep[k++] = num[i];
        if (i + 1 < il && (il - i - 1) % 3 == 0)
            sep[k++] = ',';
    }
    sep[k] = '\0';
    snprintf(want, sizeof want, " %s ", sep);
    const char *row = strstr(out, "  合计");
    cr_assert(row, "%s", out);
    const char *eol = strchr(row, '\n');
    cr_assert(eol && strstr(row, want) && strstr(row, want) < eol, "total row shows %s:\n%s", want, out);
    free(sum);
    free(out);
    free(dir);
}

Test(cli, terminal_table_in_chinese_yi_and_wan)
{
    zh_table_check(CASES "small.ini", "");                           /* 万元 */
    zh_table_check("scenarios/shenzhen-baseline.ini", "--threads 2"); /* 亿元 */
}

Test(cli, run_json_names_and_hashes_every_base_file)
{
    char *dir, *err;
    cr_assert_eq(run_into("run scenarios/variants/comp-share-50.ini --paths 100", &dir, &err), 0, "%s", err);
    char *js = file_in(dir, "run.json");
    cr_assert_not_null(js);
    const char *b = strstr(js, "\"bases\": [{\"path\": \"scenarios/shenzhen-baseline.ini\", \"sha256\": \"");
    cr_assert_not_null(b, "%s", js);
    cr_expect(strspn(strstr(b, "\"sha256\": \"") + 11, "0123456789abcdef") == 64);
    cr_expect(strstr(js, "\"portfolio\": \"scenarios/segments.csv\""));
    free(js);
    free(err);
    free(dir);
}

/* A loan book inheriting the baseline (issue 13): the guidance fund it did not set carries almost
 * all of budget.total, so the run warns on stderr — one line naming the file, the fund with its
 * share and the fix — and still succeeds; run.json lists what was inherited and from where; the
 * report (both languages, and `smefin report DIR` from the folder alone) shows the warning box. */
Test(cli, loan_book_inheriting_a_dominant_mechanism_warns, .timeout = 120)
{
    char *dir, *err;
    cr_assert_eq(run_into("run tests/cases/inherit/book-on-baseline.ini --paths 100", &dir, &err), 0, "%s", err);
    cr_assert_eq(count_lines(err), 1, "one line: %s", err);
    cr_assert(strncmp(err, "smefin: warning: tests/cases/inherit/book-on-baseline.ini: ", 59) == 0, "%s", err);
    cr_assert(strstr(err, "[guidance_fund] (99.") && strstr(err, "from scenarios/shenzhen-baseline.ini"), "%s", err);
    cr_assert(strstr(err, "'enabled = false' under [guidance_fund]") && strstr(err, "drop 'base ='"), "%s", err);
    cr_assert_null(strstr(err, "[guarantee]"), "the book's own guarantee is not inherited: %s", err);
    char *js = file_in(dir, "run.json");
    cr_assert_not_null(js);
    const char *im = strstr(js, "\"inherited_mechanisms\": [");
    cr_assert_not_null(im, "%s", js);
    cr_assert(strstr(im, "{\"mechanism\": \"guidance_fund\", \"from\": \"scenarios/shenzhen-baseline.ini\", \"share\": 0.99"),
              "%.400s", im);
    cr_assert_null(strstr(js, "{\"mechanism\": \"guarantee\""));
    char *fig = file_in(dir, "figures.csv"), *sum = file_in(dir, "summary.csv");
    cr_assert(fig && sum);
    const double share = tu_csv_pick(fig, "\nbudget.inherited_share.guidance_fund,", 2);
    const double tot = tu_csv_pick(sum, "\nbudget.total,CNY,total,", 3);
    const double calls = tu_csv_pick(sum, "\nfund.calls,CNY,total,", 3);
    const double dist = tu_csv_pick(sum, "\nfund.distributions,CNY,total,", 3);
    free(fig);
    free(sum);
    cr_expect(fabs(share - (calls + dist) / tot) < 1e-9, "share %.12g vs (calls + distributions) / total %.12g", share,
              (calls + dist) / tot);
    char *en = file_in(dir, "report.html"), *zh = file_in(dir, "report.zh.html");
    cr_assert(en && zh);
    const char *w = strstr(en, "<aside class=\"warn\"");
    cr_assert_not_null(w, "the English report has the warning box");
    cr_assert(w < strstr(en, "id=\"key\""), "the box comes before the key figures");
    cr_assert(strstr(w, "Government guidance fund") && strstr(w, "enabled = false"));
    cr_assert(strstr(zh, "<aside class=\"warn\"") && strstr(strstr(zh, "<aside class=\"warn\""), "政府引导基金"));
    /* the report from the folder alone */
    char cmd[4200], p[4300];
    snprintf(p, sizeof p, "%s/r/report.html", dir);
    unlink(p);
    snprintf(cmd, sizeof cmd, "report %s/r", dir);
    cr_assert_eq(tu_cli(cmd, NULL, NULL), 0);
    free(en);
    en = tu_slurp(p);
    cr_assert(en && strstr(en, "<aside class=\"warn\""));
    free(en);
    free(zh);
    free(js);
    free(err);
    free(dir);
}

/* No warning: a loan book whose fund is its own (the child names [guidance_fund]), and the
 * guarantor template, which has no base. */
Test(cli, loan_book_with_its_own_mechanisms_does_not_warn, .timeout = 120)
{
    const char *runs[] = {"run tests/cases/inherit/book-own-fund.ini --paths 100",
                          "run scenarios/guarantor-book.ini --paths 200"};
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char *dir, *err;
        cr_assert_eq(run_into(runs[i], &dir, &err), 0, "%s: %s", runs[i], err);
        cr_assert_str_eq(err, "", "%s: %s", runs[i], err);
        char *js = file_in(dir, "run.json"), *en = file_in(dir, "report.html");
        cr_assert(js && en);
        cr_assert_null(strstr(js, "\"guidance_fund\", \"from\""), "%s", runs[i]);
        if (i == 1)
            cr_assert(strstr(js, "\"inherited_mechanisms\": [],"), "no base, nothing inherited");
        cr_assert_null(strstr(en, "<aside class=\"warn\""), "%s", runs[i]);
        free(js);
        free(en);
        free(err);
        free(dir);
    }
}

/* A book that runs off before the horizon ends (tests/cases/inherit/runoff.ini, pd 0): the
 * small/micro share is 0.4 in 2026 and 1/6 in 2027, undefined after. guarantee.has_book says
 * which years have a book (1, 1, 0, 0); the lowest share is taken over 2026-2027 only (1/6, not
 * the 0 written for the empty years), below the 80 % rule; the report shows "no book" / "无贷款"
 * in the empty years of the three ratios over the book, and in the small/micro fact. */
Test(cli, a_book_that_runs_off_shows_no_book)
{
    char *dir, *err;
    cr_assert_eq(run_into("run tests/cases/inherit/runoff.ini", &dir, &err), 0, "%s", err);
    char *sum = file_in(dir, "summary.csv"), *fig = file_in(dir, "figures.csv");
    cr_assert(sum && fig);
    const double hb[4] = {1, 1, 0, 0}, share[4] = {0.4, 1.0 / 6.0, 0, 0};
    for (int y = 0; y < 4; y++) {
        char k[96];
        snprintf(k, sizeof k, "\nguarantee.has_book,flag,%d,", 2026 + y);
        cr_expect_eq(tu_csv_pick(sum, k, 3), hb[y], "%s", k);
        snprintf(k, sizeof k, "\nguarantee.small_micro_share,share,%d,", 2026 + y);
        cr_expect(fabs(tu_csv_pick(sum, k, 3) - share[y]) < 1e-14, "%s", k);
    }
    cr_expect(fabs(tu_csv_pick(fig, "\nguarantee.small_micro_share_min,", 2) - 1.0 / 6.0) < 1e-14);
    cr_expect_eq(tu_csv_pick(fig, "\nguarantee.small_micro_below_min,", 2), 1.0);
    char *en = file_in(dir, "report.html"), *zh = file_in(dir, "report.zh.html");
    cr_assert(en && zh);
    int n_en = 0, n_zh = 0;
    for (const char *p = en; (p = strstr(p, "<td class=\"nobook\">no book</td>")); p++)
        n_en++;
    for (const char *p = zh; (p = strstr(p, "<td class=\"nobook\">无贷款</td>")); p++)
        n_zh++;
    cr_expect_eq(n_en, 6, "3 ratios x 2 years without a book: %d", n_en);
    cr_expect_eq(n_zh, 6, "%d", n_zh);
    cr_expect(strstr(en, "no book in 2028, 2029"));
    cr_expect(strstr(zh, "无贷款年度：2028、2029"));
    cr_expect_null(strstr(en, "0.00% (required"), "the empty years are not a 0 %% share");
    free(en);
    free(zh);
    free(sum);
    free(fig);
    free(err);
    free(dir);
}
