/*
 * progress.h — a progress bar for long runs, on a terminal only.
 *
 * The bar is drawn on `fd` (stderr in the CLI) only when that descriptor is a terminal
 * (isatty) and the run has lasted over a second; it shows the percentage, paths done of the
 * total, the rate and the time left, and is redrawn at most ten times a second. In a file or a
 * pipe it writes nothing at all. Call it from one thread (the simulation's progress callback is
 * called from one thread).
 *
 *     progress pg;
 *     sf_progress_start(&pg, STDERR_FILENO, npaths);
 *     opts.progress = sf_progress_callback; opts.progress_ud = &pg;
 *     ... sf_simulate(...) ...
 *     ... sf_results_write(...) with meta.phase = sf_progress_phase_callback ...
 *     sf_progress_finish(&pg);
 */
#ifndef SF_PROGRESS_H
#define SF_PROGRESS_H

typedef struct progress {
    int fd;          /* where the bar goes */
    int active;      /* fd is a terminal */
    int shown;       /* the bar has been drawn at least once */
    long total;      /* paths in the run */
    long done;       /* paths done at the last update */
    double t0;       /* start, seconds on the monotonic clock */
    double last;     /* time of the last drawing */
    double delay;    /* seconds before the bar first appears (1) */
    double interval; /* seconds between drawings (0.1) */
    int width;       /* terminal columns (80 when unknown) */
    double estimate; /* seconds the run is expected to take before it starts (0: none) */
    const char *phase; /* the work after the paths now running (sf_progress_phase), or NULL */
    double t_paths;    /* when the paths were done (the first phase), 0 before */
} progress;

/* Start timing a run of `total` paths; the bar goes to `fd` when it is a terminal. */
void sf_progress_start(progress *p, int fd, long total);
/* `done` of `total` paths are finished (total <= 0 keeps the total given to start). */
void sf_progress_update(progress *p, long done, long total);
/* The run's expected duration, known before its first path: the bar shows it (as the time
 * left) until the paths done give a rate, and appears at once when it is over ten seconds. */
void sf_progress_estimate(progress *p, double seconds);
/* Draw the final state (when the bar was shown) and end its line. */
void sf_progress_finish(progress *p);
/* Erase the bar's line (a run that stopped early: a signal, an error), leaving the cursor at
 * the start of an empty line. */
void sf_progress_clear(progress *p);
/* The paths are done and `what` runs now (the statistics, a mechanism's sizing, writing a
 * file, the report, the spreadsheet): the same line shows it beside the paths' final count and
 * rate, with the time since the paths ended, instead of "100 % ETA 0s"; the line is redrawn at
 * once (once the bar's first second has passed). `what` must outlive the call (a literal). */
void sf_progress_phase(progress *p, const char *what);
/* The sf_run_opts.progress callback: `ud` is a progress *. */
void sf_progress_callback(void *ud, long done, long total);
/* The sf_run_opts.phase and sf_results_meta.phase callback: `ud` is a progress *. */
void sf_progress_phase_callback(void *ud, const char *what);

#endif
