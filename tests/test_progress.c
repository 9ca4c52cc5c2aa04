/*
 * test_progress.c — the progress bar appears on a terminal (a pseudo-terminal from forkpty)
 * when the run lasts over a second, never in a pipe, never for a short run, and is redrawn at
 * most ten times a second; the phases after the paths (statistics, sizing, writing the files,
 * the report, the spreadsheet) show on the same line.
 */
#include "loader.h"
#include "progress.h"
#include "results.h"
#include "sim.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A run of `total` paths lasting about `seconds`, reporting after each path, on stderr. */
static void fake_run(long total, double seconds)
{
    progress p;
    sf_progress_start(&p, STDERR_FILENO, total);
    struct timespec ts = {0, (long)(seconds / total * 1e9)};
    for (long i = 1; i <= total; i++) {
        nanosleep(&ts, NULL);
        sf_progress_callback(&p, i, total);
    }
    sf_progress_finish(&p);
}

/* Read everything from fd until EOF (or EIO, how a pty master reports the child's exit). */
static size_t read_all(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r > 0) {
            n += (size_t)r;
            if (n >= cap - 1)
                break;
        } else if (r < 0 && errno == EINTR) {
            continue;
        } else {
            break;
        }
    }
    buf[n] = '\0';
    return n;
}

static size_t run_on_pty(long total, double seconds, char *buf, size_t cap)
{
    int master;
    struct winsize ws = {.ws_row = 24, .ws_col = 100};
    pid_t pid = forkpty(&master, NULL, NULL, &ws);
    /* A chroot or container without /dev/pts has no pseudo-terminal at all: nothing to test. */
    if (pid < 0 && (errno == ENODEV || errno == ENOENT || errno == ENXIO))
        cr_skip_test("no pseudo-terminal on this machine (forkpty: %s)", strerror(errno));
    cr_assert(pid >= 0, "forkpty: %s", strerror(errno));
    if (pid == 0) {
        fake_run(total, seconds);
        _exit(0);
    }
    size_t n = read_all(master, buf, cap);
    int status;
    waitpid(pid, &status, 0);
    close(master);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return n;
}

Test(progress, bar_on_a_terminal)
{
    static char buf[1 << 16];
    size_t n = run_on_pty(600, 1.8, buf, sizeof buf);
    cr_assert(n > 0, "no bar on the terminal");
    cr_assert(strstr(buf, "%"), "percent: %s", buf);
    cr_assert(strstr(buf, "/600 paths"), "paths done of the total: %s", buf);
    cr_assert(strstr(buf, "paths/s"), "rate: %s", buf);
    cr_assert(strstr(buf, "ETA"), "time left: %s", buf);
    cr_assert(strstr(buf, "100%"), "the final state: %s", buf);
    cr_assert(strstr(buf, "600/600 paths"), "the final count: %s", buf);
    /* at most 10 drawings a second over the ~0.8 s after the first second, plus the final one */
    int draws = 0;
    for (size_t i = 0; i < n; i++)
        draws += buf[i] == '\r';
    cr_assert(draws >= 2, "%d drawings", draws);
    cr_assert(draws <= 1 + 12, "%d drawings: more than 10 a second", draws);
}

Test(progress, nothing_for_a_short_run)
{
    static char buf[1 << 14];
    size_t n = run_on_pty(100, 0.25, buf, sizeof buf);
    cr_assert_eq(n, 0, "a run under a second draws no bar: %s", buf);
}

Test(progress, nothing_in_a_pipe)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        fake_run(300, 1.3);
        _exit(0);
    }
    close(fds[1]);
    static char buf[1 << 14];
    size_t n = read_all(fds[0], buf, sizeof buf);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    cr_assert_eq(n, 0, "the bar went into a pipe: %s", buf);
}

Test(progress, nothing_in_a_file)
{
    char path[] = "/tmp/smefin-progress-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    progress p;
    sf_progress_start(&p, fd, 10);
    cr_assert_eq(p.active, 0);
    p.t0 -= 5; /* as if the run had lasted five seconds */
    sf_progress_update(&p, 5, 10);
    sf_progress_finish(&p);
    cr_assert_eq(lseek(fd, 0, SEEK_END), 0, "the bar went into a file");
    close(fd);
    unlink(path);
}

/* A run that is stopped (a signal, an error) erases the bar's line instead of finishing it; a
 * run expected to take over ten seconds shows its estimate at once, before any path is done. */
Test(progress, an_estimate_shows_at_once_and_a_stopped_run_clears_the_line)
{
    int master, slave;
    struct winsize ws = {.ws_row = 24, .ws_col = 100};
    if (openpty(&master, &slave, NULL, NULL, &ws) != 0)
        cr_skip_test("no pseudo-terminal on this machine (openpty: %s)", strerror(errno));
    progress pg;
    sf_progress_start(&pg, slave, 5000);
    sf_progress_estimate(&pg, 125.0);
    sf_progress_clear(&pg);
    sf_progress_update(&pg, 10, 0); /* nothing more once cleared */
    close(slave);
    static char buf[1 << 14];
    const size_t n = read_all(master, buf, sizeof buf);
    close(master);
    cr_assert(n > 0, "nothing drawn");
    cr_expect(strstr(buf, "0/5,000 paths") && strstr(buf, "ETA 2m0") , "the estimate as the time left: %s", buf);
    cr_expect(n >= 4 && memcmp(buf + n - 4, "\r\033[K", 4) == 0, "the line is erased at the end: %s", buf);
    cr_expect(strchr(buf, '\n') == NULL, "no line is ended: the cursor stays on the erased line");
}

/* After the paths the same line shows the phase that runs (the sizing, the files, the report,
 * the spreadsheet) with the time since the paths ended, never "ETA" again; the final line
 * gives the paths' rate and the whole time. */
Test(progress, phases_after_the_paths_show_on_the_same_line)
{
    int master, slave;
    struct winsize ws = {.ws_row = 24, .ws_col = 100};
    if (openpty(&master, &slave, NULL, NULL, &ws) != 0)
        cr_skip_test("no pseudo-terminal on this machine (openpty: %s)", strerror(errno));
    progress pg;
    sf_progress_start(&pg, slave, 1000);
    pg.t0 -= 2; /* as if the paths had taken two seconds */
    sf_progress_update(&pg, 1000, 0);
    sf_progress_phase_callback(&pg, "sizing");
    sf_progress_phase(&pg, "writing the results");
    sf_progress_phase(&pg, "writing the report");
    sf_progress_phase(&pg, "writing the spreadsheet");
    sf_progress_finish(&pg);
    close(slave);
    static char buf[1 << 14];
    const size_t n = read_all(master, buf, sizeof buf);
    close(master);
    cr_assert(n > 0, "nothing drawn");
    const char *ph[] = {"sizing… 0s", "writing the results… 0s", "writing the report… 0s", "writing the spreadsheet… 0s"};
    const char *at = buf;
    for (size_t i = 0; i < sizeof ph / sizeof ph[0]; i++) {
        const char *q = strstr(at, ph[i]);
        cr_assert(q, "phase '%s' in order on the line: %s", ph[i], buf);
        at = q;
    }
    const char *first = strstr(buf, "sizing");
    cr_assert_null(strstr(first, "ETA"), "no ETA once the paths are done: %s", buf);
    cr_assert(strstr(first, "1,000/1,000 paths") && strstr(first, "in 2s\033[K"), "final line: %s", buf);
    /* every drawing one line: a carriage return before each phase, one newline at the end */
    int cr = 0, nl = 0;
    for (size_t i = 0; i < n; i++) {
        cr += buf[i] == '\r';
        nl += buf[i] == '\n';
    }
    cr_assert(cr >= 6 && nl == 1, "%d drawings, %d line ends: %s", cr, nl, buf);
}

/* The simulation and the results writer name their phases, in order: the statistics, the
 * sizing (the bridge fund reruns the simulation to size its capital), every file, the report,
 * the spreadsheet. */
static char phase_log[4096];
static void log_phase(void *ud, const char *what)
{
    (void)ud;
    size_t l = strlen(phase_log);
    const char *last = l ? strrchr(phase_log, '|') : NULL;
    if (last && strcmp(last + 1, what) == 0)
        return; /* one entry per run of the same phase */
    snprintf(phase_log + l, sizeof phase_log - l, "|%s", what);
}

Test(progress, simulation_and_writer_name_their_phases, .timeout = 120)
{
    static const char *const sets[] = {"simulation.paths=300"};
    sf_scenario sc;
    sf_err err = {0, ""};
    cr_assert_eq(sf_scenario_load("scenarios/bridge-only.ini", sets, 1, &sc, &err), SF_OK, "%s", err.msg);
    sf_run_opts ro;
    sf_run_opts_init(&ro);
    ro.threads = 2;
    ro.phase = log_phase;
    phase_log[0] = '\0';
    sf_result *res = NULL;
    cr_assert_eq(sf_simulate(&sc, &ro, &res, &err), SF_OK, "%s", err.msg);
    cr_assert_str_eq(phase_log, "|statistics|sizing", "the simulation's phases");
    sf_params *params = NULL;
    cr_assert_eq(sf_scenario_params(&sc, &params, &err), SF_OK, "%s", err.msg);
    char dir[] = "/tmp/smefin-phases-XXXXXX";
    cr_assert(mkdtemp(dir));
    char out[64];
    snprintf(out, sizeof out, "%s/r", dir);
    sf_results_meta meta = {"en", 0, 1, NULL, 0, params, NULL, NULL, 0, NULL, NULL, log_phase, NULL};
    phase_log[0] = '\0';
    cr_assert_eq(sf_results_write(res, out, &meta, &err), SF_OK, "%s", err.msg);
    cr_assert_str_eq(phase_log, "|writing the results|writing the report|writing the spreadsheet", "the writer's phases");
    sf_params_free(params);
    sf_result_free(res);
    sf_scenario_release(&sc);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
