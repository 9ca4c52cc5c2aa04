/*
 * The results folder's safety, end to end (SMEFIN_BIN): smefin never deletes, moves or
 * overwrites a file it did not write; a results folder is replaced whole; a signal while
 * writing leaves the earlier folder intact and no temporary folder; a killed run's temporary
 * folder is cleaned up by the next run; two runs on one --out do not race; an unwritable or
 * full output, and a loan-mode run beyond its limit, are refused before the first path;
 * a failing stdout is exit 1 for every verb.
 */
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SMALL "tests/cases/cli/small.ini"
/* A run that would simulate for minutes: a refusal must come before its first path. */
#define HUGE_RUN "run scenarios/shenzhen-baseline.ini --paths 2000000"
#define REFUSAL ": exists and is not a smefin results folder; choose another --out or remove it\n"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* Entries of a folder, sorted, joined by ' '. */
static void listing(const char *dir, char *buf, size_t n)
{
    struct dirent **nl;
    const int k = scandir(dir, &nl, NULL, alphasort);
    buf[0] = '\0';
    for (int i = 0; i < k; i++) {
        if (strcmp(nl[i]->d_name, ".") != 0 && strcmp(nl[i]->d_name, "..") != 0) {
            strncat(buf, nl[i]->d_name, n - strlen(buf) - 2);
            strncat(buf, " ", n - strlen(buf) - 1);
        }
        free(nl[i]);
    }
    if (k >= 0)
        free(nl);
}

/* `smefin ARGS` through the shell; stderr into *err. */
static int cli(const char *args, char **err)
{
    return tu_cli(args, NULL, err);
}

/* In a child about to exec smefin: the signals as a terminal session has them. A suite started in
 * the background (`cmd &`, nohup) inherits SIGINT or SIGHUP ignored, and smefin rightly keeps a
 * signal ignored that was ignored when it started. */
static void default_signals(void)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Start `smefin ARGS` (stdout and stderr to /dev/null) with the writer's pause hook; returns
 * its pid once its temporary folder OUT.tmp-PID holds summary.csv (it is then pausing). */
static pid_t start_paused(const char *args, const char *out)
{
    const pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        default_signals();
        setenv("SMEFIN_TEST_PAUSE_WRITE", "60", 1);
        char cmd[8192];
        snprintf(cmd, sizeof cmd, "exec %s %s --out %s --quiet >/dev/null 2>/dev/null", tu_bin(), args, out);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    char p[4400];
    snprintf(p, sizeof p, "%s.tmp-%ld/summary.csv", out, (long)pid);
    const double t0 = now();
    while (!exists(p)) {
        int st;
        cr_assert_eq(waitpid(pid, &st, WNOHANG), 0, "the run ended before it wrote %s", p);
        cr_assert(now() - t0 < 60, "no %s after 60 s", p);
        usleep(20000);
    }
    return pid;
}

static int wait_exit(pid_t pid)
{
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st), "killed by signal %d instead of exiting", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return WEXITSTATUS(st);
}

/* `smefin run` of the small case at OUT is refused with the one-line message (`what` names the
 * case in a failure). */
static void expect_refused(const char *out, const char *what)
{
    char cmd[9000], *err;
    snprintf(cmd, sizeof cmd, "run " SMALL " --paths 50 --out %s --quiet", out);
    cr_assert_eq(cli(cmd, &err), 2, "%s", what);
    cr_expect(strstr(err, REFUSAL) != NULL, "%s", err);
    free(err);
}

/* The file at PATH still holds exactly TEXT. */
static void expect_text(const char *path, const char *text)
{
    char *now_text = tu_slurp(path);
    cr_expect_str_eq(now_text, text);
    free(now_text);
}

/* A first results folder at DIR/r; returns DIR (malloc'd). */
static char *with_results(const char *extra)
{
    char *dir = tu_tmpdir();
    char cmd[9000], *err;
    snprintf(cmd, sizeof cmd, "run " SMALL " --paths 300 --out %s/r --quiet %s", dir, extra);
    cr_assert_eq(cli(cmd, &err), 0, "%s", err);
    free(err);
    return dir;
}

static void rm_rf(const char *dir)
{
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_expect_eq(system(cmd), 0);
}

Test(outdir, a_folder_with_a_foreign_file_is_refused_and_left_as_it_was)
{
    char *dir = tu_tmpdir(), p[4400], cmd[9000], before[4096], after[4096], *err;
    snprintf(p, sizeof p, "%s/demo", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/demo/sub", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/demo/thesis.docx", dir);
    put(p, "chapter one\n");
    listing(dir, before, sizeof before);
    snprintf(cmd, sizeof cmd, "run " SMALL " --paths 50 --out %s/demo --quiet", dir);
    cr_assert_eq(cli(cmd, &err), 2);
    char want[4400];
    snprintf(want, sizeof want, "smefin: --out %s/demo" REFUSAL, dir);
    cr_expect_str_eq(err, want);
    free(err);
    char *text = tu_slurp(p);
    cr_expect_str_eq(text, "chapter one\n");
    free(text);
    listing(dir, after, sizeof after);
    cr_expect_str_eq(after, before, "nothing beside --out is created (no temporary folder, no lock)");
    snprintf(p, sizeof p, "%s/demo", dir);
    listing(p, after, sizeof after);
    cr_expect_str_eq(after, "sub thesis.docx ");
    rm_rf(dir);
    free(dir);
}

Test(outdir, a_results_folder_with_a_file_smefin_never_writes_is_refused)
{
    char *dir = with_results(""), p[4400], q[4400];
    snprintf(p, sizeof p, "%s/r/notes.txt", dir);
    put(p, "my notes\n");
    snprintf(q, sizeof q, "%s/r", dir);
    expect_refused(q, "a results folder with notes.txt");
    expect_text(p, "my notes\n");
    snprintf(p, sizeof p, "%s/r/summary.csv", dir);
    cr_expect(exists(p), "the results folder is untouched");
    rm_rf(dir);
    free(dir);
}

Test(outdir, a_file_or_a_symlink_at_out_is_refused)
{
    char *dir = with_results(""), p[4400], q[4400];
    /* a file */
    snprintf(p, sizeof p, "%s/file.txt", dir);
    put(p, "a file\n");
    expect_refused(p, "a file");
    expect_text(p, "a file\n");
    /* a symlink to a foreign folder, and one to smefin's own results folder: both refused */
    snprintf(q, sizeof q, "%s/foreign", dir);
    mkdir(q, 0777);
    snprintf(p, sizeof p, "%s/foreign/data.csv", dir);
    put(p, "1,2,3\n");
    const char *targets[] = {"foreign", "r"};
    for (int i = 0; i < 2; i++) {
        snprintf(p, sizeof p, "%s/link%d", dir, i);
        cr_assert_eq(symlink(targets[i], p), 0);
        expect_refused(p, targets[i]);
    }
    snprintf(p, sizeof p, "%s/foreign/data.csv", dir);
    expect_text(p, "1,2,3\n");
    rm_rf(dir);
    free(dir);
}

Test(outdir, a_results_folder_is_replaced_whole)
{
    char *dir = with_results("--keep-paths --seed 11"), p[4400], cmd[9000], names[4096], *err;
    snprintf(p, sizeof p, "%s/r/paths.csv", dir);
    cr_assert(exists(p));
    snprintf(p, sizeof p, "%s/r/summary.csv", dir);
    char *old = tu_slurp(p);
    snprintf(cmd, sizeof cmd, "run " SMALL " --paths 300 --seed 12 --out %s/r --quiet", dir);
    cr_assert_eq(cli(cmd, &err), 0, "%s", err);
    free(err);
    snprintf(p, sizeof p, "%s/r", dir);
    listing(p, names, sizeof names);
    cr_expect_str_eq(names, ".smefin-results budget.xlsx contributions.csv evaluation.csv figures.csv forecast_paths.f32 histogram.csv overrides.csv parameters.csv report.html "
                            "report.zh.html run.json series.csv subsidy.csv summary.csv ",
                     "no file of the old run (paths.csv) is left");
    snprintf(p, sizeof p, "%s/r/summary.csv", dir);
    char *fresh = tu_slurp(p);
    cr_expect(strcmp(old, fresh) != 0, "summary.csv is the new run's");
    free(old);
    free(fresh);
    listing(dir, names, sizeof names);
    cr_expect_str_eq(names, "r ", "no temporary folder or lock left beside it");
    rm_rf(dir);
    free(dir);
}

Test(outdir, an_empty_folder_and_a_results_folder_of_the_previous_version_are_written)
{
    char *dir = tu_tmpdir(), p[4400], q[4400], cmd[9000], *err;
    snprintf(p, sizeof p, "%s/empty", dir);
    mkdir(p, 0777);
    snprintf(cmd, sizeof cmd, "run " SMALL " --paths 50 --out %s --quiet", p);
    cr_assert_eq(cli(cmd, &err), 0, "%s", err);
    free(err);
    /* the previous version's folder: no marker, a run.json without "tool" */
    snprintf(p, sizeof p, "%s/legacy", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/legacy/run.json", dir);
    put(p, "{\n  \"version\": \"0.1.0\",\n  \"scenario\": \"x.ini\",\n  \"scenario_sha256\": \"ab\",\n  \"seed\": 1\n}\n");
    snprintf(p, sizeof p, "%s/legacy/summary.csv", dir);
    put(p, "series,unit,year\n");
    snprintf(cmd, sizeof cmd, "run " SMALL " --paths 50 --out %s/legacy --quiet", dir);
    cr_assert_eq(cli(cmd, &err), 0, "%s", err);
    free(err);
    snprintf(p, sizeof p, "%s/legacy/.smefin-results", dir);
    cr_expect(exists(p));
    /* a folder of smefin's names whose run.json is not smefin's: refused */
    snprintf(p, sizeof p, "%s/other", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/other/run.json", dir);
    put(p, "{\"name\": \"another tool\"}\n");
    snprintf(q, sizeof q, "%s/other", dir);
    expect_refused(q, "a run.json that is not smefin's");
    expect_text(p, "{\"name\": \"another tool\"}\n");
    rm_rf(dir);
    free(dir);
}

/* A signal while the run writes its folder: exit 128 + signal, the earlier folder intact, no
 * temporary folder, no lock left. */
static void signal_while_writing(int sig)
{
    char *dir = with_results("--seed 5"), p[4400], names[4096];
    snprintf(p, sizeof p, "%s/r/summary.csv", dir);
    char *before = tu_slurp(p);
    snprintf(p, sizeof p, "%s/r", dir);
    const pid_t pid = start_paused("run " SMALL " --paths 300 --seed 6", p);
    cr_assert_eq(kill(pid, sig), 0);
    cr_expect_eq(wait_exit(pid), 128 + sig);
    listing(dir, names, sizeof names);
    cr_expect_str_eq(names, "r ", "signal %d: left beside the folder: %s", sig, names);
    snprintf(p, sizeof p, "%s/r/summary.csv", dir);
    char *after = tu_slurp(p);
    cr_expect_str_eq(after, before, "the earlier folder is intact");
    free(before);
    free(after);
    rm_rf(dir);
    free(dir);
}

Test(outdir, sigterm_while_writing_exits_143_and_keeps_the_earlier_folder, .timeout = 120)
{
    signal_while_writing(SIGTERM);
}

Test(outdir, sigint_while_writing_exits_130, .timeout = 120)
{
    signal_while_writing(SIGINT);
}

Test(outdir, sighup_while_writing_exits_129, .timeout = 120)
{
    signal_while_writing(SIGHUP);
}

Test(outdir, sigterm_during_the_simulation_exits_143, .timeout = 120)
{
    char *dir = with_results(""), p[4400], names[4096], cmd[8192];
    /* a run far too long to finish: the signal stops it between paths */
    snprintf(p, sizeof p, "%s/r", dir);
    const pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        default_signals();
        snprintf(cmd, sizeof cmd, "exec %s " HUGE_RUN " --out %s --quiet >/dev/null 2>&1", tu_bin(), p);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    char tmp[4500];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", p, (long)pid);
    while (!exists(tmp)) {
        int st;
        cr_assert_eq(waitpid(pid, &st, WNOHANG), 0, "the run ended before it began");
        usleep(20000);
    }
    usleep(300000);
    cr_assert_eq(kill(pid, SIGTERM), 0);
    cr_expect_eq(wait_exit(pid), 143);
    listing(dir, names, sizeof names);
    cr_expect_str_eq(names, "r ");
    rm_rf(dir);
    free(dir);
}

Test(outdir, a_killed_runs_temporary_folder_is_removed_by_the_next_run)
{
    char *dir = with_results(""), p[4400], cmd[9000], names[4096], *err;
    /* a pid that no longer exists */
    const pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    waitpid(dead, NULL, 0);
    snprintf(p, sizeof p, "%s/r.tmp-%ld", dir, (long)dead);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/r.tmp-%ld/summary.csv", dir, (long)dead);
    put(p, "series\n");
    /* one that holds a file smefin never writes is not smefin's to remove */
    snprintf(p, sizeof p, "%s/r.tmp-999999999", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/r.tmp-999999999/mine.txt", dir);
    put(p, "mine\n");
    /* and a live process's folder stays */
    snprintf(p, sizeof p, "%s/r.tmp-1", dir);
    mkdir(p, 0777);
    snprintf(cmd, sizeof cmd, "run " SMALL " --paths 50 --out %s/r --quiet", dir);
    cr_assert_eq(cli(cmd, &err), 0, "%s", err);
    free(err);
    listing(dir, names, sizeof names);
    cr_expect_str_eq(names, "r r.tmp-1 r.tmp-999999999 ");
    rm_rf(dir);
    free(dir);
}

Test(outdir, a_second_run_on_the_same_out_is_refused_at_once, .timeout = 120)
{
    char *dir = with_results(""), p[4400], cmd[9000], *err;
    snprintf(p, sizeof p, "%s/r", dir);
    const pid_t pid = start_paused("run " SMALL " --paths 300", p);
    snprintf(cmd, sizeof cmd, "run " SMALL " --paths 50 --out %s --quiet", p);
    cr_expect_eq(cli(cmd, &err), 2);
    cr_expect(strstr(err, "another smefin run") && strstr(err, ".r.smefin-lock"), "%s", err);
    free(err);
    kill(pid, SIGTERM);
    cr_expect_eq(wait_exit(pid), 143);
    /* the lock is free again */
    cr_expect_eq(cli(cmd, &err), 0, "%s", err);
    free(err);
    rm_rf(dir);
    free(dir);
}


static void refused_at_once(const char *cmd, const char *want)
{
    char *err;
    const double t0 = now();
    char full[9000];
    snprintf(full, sizeof full, "%s", cmd);
    const int rc = cli(full, &err);
    const double dt = now() - t0;
    cr_expect_eq(rc, 2, "%s: exit %d, %s", cmd, rc, err);
    cr_expect(strstr(err, want) != NULL && strchr(err, '\n') == err + strlen(err) - 1, "%s: '%s'", cmd, err);
    cr_expect(dt < 5.0, "%s: %.1f s: it simulated before refusing", cmd, dt);
    free(err);
}

/* A small tmpfs at `dir` (root in a container that allows it); 0 when it cannot be mounted. */
static int mount_tmpfs(const char *dir, const char *opts, unsigned long flags)
{
    return geteuid() == 0 && mount("tmpfs", dir, "tmpfs", flags, opts) == 0;
}

Test(outdir, an_unwritable_out_fails_before_the_first_path, .timeout = 120)
{
    char *dir = tu_tmpdir(), p[4400], cmd[9000];
    snprintf(p, sizeof p, "%s/ro", dir);
    mkdir(p, 0777);
    /* a read-only file system when it can be mounted (root passes permission bits), else a
     * folder without write permission */
    const int mounted = mount_tmpfs(p, "size=64k", MS_RDONLY);
    if (!mounted) {
        cr_assert_neq(geteuid(), 0, "root without mount(2): no way to make a folder unwritable");
        chmod(p, 0555);
    }
    snprintf(cmd, sizeof cmd, HUGE_RUN " --out %s/ro/r --quiet", dir);
    refused_at_once(cmd, "--out");
    if (mounted)
        umount(p);
    chmod(p, 0755);
    rm_rf(dir);
    free(dir);
}

Test(outdir, a_full_file_system_fails_before_the_first_path, .timeout = 120)
{
    char *dir = tu_tmpdir(), p[4400], cmd[9000], names[4096];
    snprintf(p, sizeof p, "%s/small", dir);
    mkdir(p, 0777);
    /* a 64 kB tmpfs when it can be mounted, else the statvfs figure from the test hook */
    const int mounted = mount_tmpfs(p, "size=64k", 0);
    if (!mounted)
        setenv("SMEFIN_TEST_FREE_BYTES", "65536", 1);
    snprintf(cmd, sizeof cmd, HUGE_RUN " --out %s/small/r --quiet", dir);
    refused_at_once(cmd, "free");
    unsetenv("SMEFIN_TEST_FREE_BYTES");
    listing(p, names, sizeof names);
    cr_expect_str_eq(names, "", "nothing left in the full file system: %s", names);
    if (mounted)
        umount(p);
    rm_rf(dir);
    free(dir);
}

Test(outdir, a_full_disk_while_writing_is_exit_1_and_leaves_nothing, .timeout = 120)
{
    char *dir = tu_tmpdir(), p[4400], cmd[9000], names[4096], *err;
    snprintf(p, sizeof p, "%s/tiny", dir);
    mkdir(p, 0777);
    if (!mount_tmpfs(p, "size=200k", 0)) {
        cr_log_warn("no tmpfs (mount needs root): the full-disk write is not provoked");
        rm_rf(dir);
        free(dir);
        return;
    }
    /* room for the estimate is faked so that the writes themselves meet the full disk */
    setenv("SMEFIN_TEST_FREE_BYTES", "100000000", 1);
    snprintf(cmd, sizeof cmd, "run " SMALL " --paths 4000 --keep-paths --out %s/r --quiet", p);
    cr_expect_eq(cli(cmd, &err), 1, "%s", err);
    unsetenv("SMEFIN_TEST_FREE_BYTES");
    cr_expect(strstr(err, "No space left on device") && strchr(err, '\n') == err + strlen(err) - 1, "%s", err);
    free(err);
    listing(p, names, sizeof names);
    cr_expect_str_eq(names, "", "left on the full disk: %s", names);
    umount(p);
    rm_rf(dir);
    free(dir);
}

Test(outdir, loan_mode_beyond_its_limit_is_refused_at_once_naming_cohort_mode, .timeout = 120)
{
    char *dir = tu_tmpdir(), cmd[9000];
    snprintf(cmd, sizeof cmd,
             "run scenarios/shenzhen-baseline.ini --set simulation.mode=loan --paths 50000000 --out %s/r --quiet", dir);
    refused_at_once(cmd, "simulation.mode = cohort");
    char p[4400];
    snprintf(p, sizeof p, "%s/r", dir);
    cr_expect(!exists(p));
    rm_rf(dir);
    free(dir);
}

Test(outdir, a_full_stdout_is_exit_1_for_every_verb)
{
    char *dir = tu_tmpdir();
    const char *verbs[] = {"--version",
                           "--help",
                           "run --help",
                           "check " SMALL,
                           "analytic " SMALL,
                           "calibrate lgd calibrate/data/lgd_synthetic_basel.csv",
                           "run " SMALL " --paths 100 --out %s/run",
                           "sweep " SMALL " --paths 100 --vary economy.persistence=0.4,0.5 --out %s/sweep",
                           "compare " SMALL " " SMALL " --paths 100 --out %s/compare",
                           "report %s/run"};
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        char args[4400], cmd[9000], errfile[4400];
        /* each %s in the verb's line is the temporary folder */
        const char *pct = strstr(verbs[i], "%s");
        if (pct)
            snprintf(args, sizeof args, "%.*s%s%s", (int)(pct - verbs[i]), verbs[i], dir, pct + 2);
        else
            snprintf(args, sizeof args, "%s", verbs[i]);
        snprintf(errfile, sizeof errfile, "%s/err", dir);
        snprintf(cmd, sizeof cmd, "%s %s >/dev/full 2>%s", tu_bin(), args, errfile);
        const int st = system(cmd);
        char *err = tu_slurp(errfile);
        cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 1, "%s: exit %d, %s", args, WEXITSTATUS(st), err);
        cr_expect(err && strstr(err, "stdout") && strchr(err, '\n') == err + strlen(err) - 1, "%s: '%s'", args, err);
        free(err);
    }
    rm_rf(dir);
    free(dir);
}

Test(outdir, report_rewrites_report_html_only_in_a_smefin_results_folder)
{
    char *dir = tu_tmpdir(), p[4400], cmd[9000], *err;
    snprintf(p, sizeof p, "%s/mine", dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/mine/report.html", dir);
    put(p, "<p>my own report</p>\n");
    snprintf(cmd, sizeof cmd, "report %s/mine", dir);
    cr_expect_eq(cli(cmd, &err), 2);
    cr_expect(strstr(err, "not a smefin results folder") && strchr(err, '\n') == err + strlen(err) - 1, "%s", err);
    free(err);
    char *text = tu_slurp(p);
    cr_expect_str_eq(text, "<p>my own report</p>\n");
    free(text);
    rm_rf(dir);
    free(dir);
}

Test(outdir, sigterm_while_a_sweep_writes_keeps_the_earlier_folder, .timeout = 120)
{
    char *dir = with_results(""), p[4400], names[4096];
    snprintf(p, sizeof p, "%s/r/summary.csv", dir);
    char *before = tu_slurp(p);
    snprintf(p, sizeof p, "%s/r", dir);
    const pid_t pid = start_paused("sweep " SMALL " --paths 200 --vary economy.persistence=0.3,0.6", p);
    cr_assert_eq(kill(pid, SIGTERM), 0);
    cr_expect_eq(wait_exit(pid), 143);
    listing(dir, names, sizeof names);
    cr_expect_str_eq(names, "r ");
    snprintf(p, sizeof p, "%s/r/summary.csv", dir);
    char *after = tu_slurp(p);
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
    rm_rf(dir);
    free(dir);
}

Test(outdir, a_run_whose_values_do_not_fit_in_memory_is_refused_at_once, .timeout = 120)
{
    /* 10^8 paths with --keep-paths keep about 190 GB of per-path values */
    const double phys = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGE_SIZE);
    if (phys > 150e9)
        cr_skip_test("this machine has %.0f GB: the run would fit", phys / 1e9);
    char *dir = tu_tmpdir(), cmd[9000];
    snprintf(cmd, sizeof cmd, "run scenarios/shenzhen-baseline.ini --paths 100000000 --keep-paths --out %s/r --quiet",
             dir);
    refused_at_once(cmd, "--paths");
    rm_rf(dir);
    free(dir);
}

Test(outdir, paths_csv_counts_in_the_room_needed, .timeout = 120)
{
    /* 2e6 paths x 5 years x every series: paths.csv alone is many GB; 1 GB free is too little,
     * although the same run without --keep-paths fits */
    char *dir = tu_tmpdir(), cmd[9000];
    setenv("SMEFIN_TEST_FREE_BYTES", "1000000000", 1);
    snprintf(cmd, sizeof cmd, HUGE_RUN " --keep-paths --out %s/r --quiet", dir);
    refused_at_once(cmd, "free");
    unsetenv("SMEFIN_TEST_FREE_BYTES");
    rm_rf(dir);
    free(dir);
}
