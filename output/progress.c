/*
 * progress.c — the terminal progress bar (see progress.h). Each drawing is one write(2) of a
 * whole line that starts with a carriage return and ends with "erase to end of line", so a
 * shorter line leaves no debris and no partial line is ever visible.
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void sf_progress_start(progress *p, int fd, long total)
{
    memset(p, 0, sizeof *p);
    p->fd = fd;
    p->total = total;
    p->active = fd >= 0 && isatty(fd);
    p->t0 = now();
    p->delay = 1.0;
    p->interval = 0.1;
    p->width = 80;
    struct winsize ws;
    if (p->active && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        p->width = ws.ws_col;
}

/* 1234567 -> "1,234,567" */
static void thousands(long v, char *out, size_t n)
{
    char t[32];
    snprintf(t, sizeof t, "%ld", v < 0 ? -v : v);
    size_t len = strlen(t), k = 0;
    char o[48];
    if (v < 0)
        o[k++] = '-';
    for (size_t i = 0; i < len; i++) {
        o[k++] = t[i];
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            o[k++] = ',';
    }
    o[k] = '\0';
    snprintf(out, n, "%s", o);
}

static void duration(double s, char *out, size_t n)
{
    if (s < 0 || s != s)
        snprintf(out, n, "--");
    else if (s < 60)
        snprintf(out, n, "%.0fs", s);
    else if (s < 3600)
        snprintf(out, n, "%dm%02ds", (int)(s / 60), (int)s % 60);
    else
        snprintf(out, n, "%dh%02dm", (int)(s / 3600), ((int)s % 3600) / 60);
}

static void draw(progress *p, double t, int final)
{
    double el = t - p->t0;
    double frac = p->total > 0 ? (double)p->done / (double)p->total : 0;
    if (frac > 1)
        frac = 1;
    /* after the paths, the rate is theirs alone, not diluted by the phases' time */
    const double el_paths = p->t_paths > 0 ? p->t_paths - p->t0 : el;
    double rate = el_paths > 0 ? (double)p->done / el_paths : 0;
    char d[32], tot[32], r[32], eta[32], tail[160];
    thousands(p->done, d, sizeof d);
    thousands(p->total, tot, sizeof tot);
    thousands((long)(rate + 0.5), r, sizeof r);
    if (final)
        duration(el, eta, sizeof eta);
    else if (p->done == 0 && p->estimate > 0)
        duration(p->estimate - el, eta, sizeof eta);
    else
        duration(rate > 0 ? (double)(p->total - p->done) / rate : -1, eta, sizeof eta);
    if (!final && p->phase) {
        char ph[32];
        duration(t - p->t_paths, ph, sizeof ph);
        snprintf(tail, sizeof tail, " %3.0f%%  %s/%s paths  %s paths/s  %s… %s", frac * 100, d, tot, r, p->phase, ph);
        if ((int)strlen(tail) - 2 > p->width - 1) /* a narrow terminal: the rate goes, the phase stays */
            snprintf(tail, sizeof tail, " %3.0f%%  %s/%s paths  %s… %s", frac * 100, d, tot, p->phase, ph);
    } else {
        snprintf(tail, sizeof tail, " %3.0f%%  %s/%s paths  %s paths/s  %s %s", frac * 100, d, tot, r,
                 final ? "in" : "ETA", eta);
    }
    int barw = p->width - 3 - (int)strlen(tail) - 1 + (p->phase && !final ? 2 : 0); /* "…": 3 bytes, 1 column */
    if (barw > 40)
        barw = 40;
    char line[512];
    size_t k = 0;
    line[k++] = '\r';
    if (barw >= 10) {
        int fill = (int)(frac * barw + 0.5);
        line[k++] = '[';
        for (int i = 0; i < barw; i++)
            line[k++] = i < fill ? '#' : '.';
        line[k++] = ']';
    }
    size_t tl = strlen(tail);
    memcpy(line + k, tail, tl);
    k += tl;
    memcpy(line + k, "\033[K", 3);
    k += 3;
    if (final)
        line[k++] = '\n';
    ssize_t w = write(p->fd, line, k);
    (void)w; /* a bar that cannot be drawn is not an error of the run */
    p->shown = 1;
    p->last = t;
}

void sf_progress_update(progress *p, long done, long total)
{
    if (!p || !p->active)
        return;
    if (total > 0)
        p->total = total;
    p->done = done;
    double t = now();
    if (t - p->t0 < p->delay)
        return;
    if (p->shown && t - p->last < p->interval)
        return;
    draw(p, t, 0);
}

void sf_progress_estimate(progress *p, double seconds)
{
    if (!p || !p->active || !(seconds > 0))
        return;
    p->estimate = seconds;
    if (seconds > 10.0)
        draw(p, now(), 0);
}

void sf_progress_clear(progress *p)
{
    if (!p || !p->active || !p->shown)
        return;
    ssize_t w = write(p->fd, "\r\033[K", 4);
    (void)w;
    p->active = 0;
}

void sf_progress_finish(progress *p)
{
    if (!p || !p->active || !p->shown)
        return;
    if (p->total > 0)
        p->done = p->total;
    draw(p, now(), 1);
    p->active = 0;
}

void sf_progress_phase(progress *p, const char *what)
{
    if (!p || !p->active || !what)
        return;
    const double t = now();
    if (p->t_paths == 0) {
        p->t_paths = t;
        if (p->total > 0)
            p->done = p->total;
    }
    p->phase = what;
    if (t - p->t0 < p->delay && !(p->estimate > 10.0))
        return;
    draw(p, t, 0);
}

void sf_progress_callback(void *ud, long done, long total) { sf_progress_update(ud, done, total); }

void sf_progress_phase_callback(void *ud, const char *what) { sf_progress_phase(ud, what); }
