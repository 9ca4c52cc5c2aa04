/*
 * outdir.c — the results folder's life cycle (see outdir.h and docs/results-folder.md).
 *
 * The rule behind every step: smefin never deletes, moves or overwrites a file it did not
 * write. So a folder is replaced only when it is recognisably smefin's and holds nothing else,
 * and removing a folder means unlinking the names smefin writes, one by one, and then rmdir,
 * which fails harmlessly when anything else is in it.
 */
#define _GNU_SOURCE /* renameat2 */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define PATH_CAP 4200

struct sf_outdir {
    char target[PATH_CAP]; /* the folder as given (no trailing '/') */
    char tmp[PATH_CAP];    /* PARENT/NAME.tmp-PID */
    char lock[2 * PATH_CAP]; /* PARENT/.NAME.smefin-lock */
    int lockfd;
    const volatile sig_atomic_t *cancel;
    int paused; /* the test pause has been taken */
};

/* Every name smefin writes into a results folder. A writer that adds a file adds its name here
 * (sf_results_write refuses to write a name that is not in this list). */
static const char *const known_names[] = {
    SF_OUTDIR_MARKER, "summary.csv",   "run.json",       "parameters.csv", "figures.csv",     "histogram.csv",
    "evaluation.csv", "paths.csv",     "report.html",    "report.en.html", "report.zh.html",  "series.csv",
    "subsidy.csv",    "contributions.csv", "budget.xlsx", "compare.csv",   "sweep.csv",       "solve.csv",
    "sensitivity.csv", "stress.csv",   "reestimate.csv", "overrides.csv", "forecast_paths.f32",
};

int sf_outdir_known_name(const char *name)
{
    if (strncmp(name, ".report.html.", 13) == 0 && strlen(name) == 19)
        return 1; /* report.c's temporary file (mkstemp), left only by a killed run */
    for (size_t i = 0; i < sizeof known_names / sizeof known_names[0]; i++)
        if (strcmp(name, known_names[i]) == 0)
            return 1;
    return 0;
}

static int refuse(sf_err *err, const char *dir)
{
    return sf_err_set(err, SF_EINVAL, "--out %s: exists and is not a smefin results folder; choose another --out or remove it",
                      dir);
}

/* run.json as smefin writes it: it names the tool, or (written before the marker existed) it
 * opens with smefin's version member and records the scenario's SHA-256. */
static int run_json_is_smefin(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    char buf[4097];
    const size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (strstr(buf, "\"tool\": \"smefin\"") != NULL)
        return 1;
    return strncmp(buf, "{\n  \"version\": \"", 16) == 0 && strstr(buf, "\"scenario_sha256\": \"") != NULL;
}

enum { DIR_FOREIGN = 0, DIR_EMPTY = 1, DIR_SMEFIN = 2, DIR_ONLY_KNOWN = 3 };

/* What a folder holds: nothing; smefin's files with its marker (or its run.json); only names
 * smefin writes but no marker; or anything else (DIR_FOREIGN, also when it cannot be read). */
static int classify(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return DIR_FOREIGN;
    int n = 0, marker = 0, runjson = 0, foreign = 0;
    const struct dirent *e;
    char p[PATH_CAP + 256];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (!sf_outdir_known_name(e->d_name) || lstat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
            foreign = 1;
            break;
        }
        marker |= strcmp(e->d_name, SF_OUTDIR_MARKER) == 0;
        runjson |= strcmp(e->d_name, "run.json") == 0;
    }
    closedir(d);
    if (foreign)
        return DIR_FOREIGN;
    if (n == 0)
        return DIR_EMPTY;
    if (marker)
        return DIR_SMEFIN;
    snprintf(p, sizeof p, "%s/run.json", dir);
    if (runjson && run_json_is_smefin(p))
        return DIR_SMEFIN;
    return DIR_ONLY_KNOWN;
}

int sf_outdir_is_marked(const char *dir)
{
    struct stat st;
    char p[PATH_CAP + 64];
    if (strlen(dir) > PATH_CAP - 64 || lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    snprintf(p, sizeof p, "%s/%s", dir, SF_OUTDIR_MARKER);
    if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
        return 1;
    snprintf(p, sizeof p, "%s/run.json", dir);
    return lstat(p, &st) == 0 && S_ISREG(st.st_mode) && run_json_is_smefin(p);
}

int sf_outdir_is_results(const char *dir)
{
    struct stat st;
    return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && classify(dir) == DIR_SMEFIN;
}

/* Unlink the names smefin writes, then rmdir: anything else keeps the folder (and itself). */
static void remove_known(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    const struct dirent *e;
    char p[PATH_CAP + 256];
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (sf_outdir_known_name(e->d_name) && lstat(p, &st) == 0 && S_ISREG(st.st_mode))
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

/* The target's state: SF_OK when it is absent, an empty folder or a smefin results folder
 * (*exists says whether it is there); else the refusal. */
static int check_target(const char *dir, int *exists, sf_err *err)
{
    struct stat st;
    *exists = 0;
    if (lstat(dir, &st) != 0) {
        if (errno == ENOENT)
            return SF_OK;
        if (errno == ENOTDIR)
            return sf_err_set(err, SF_EINVAL, "--out %s: a part of the path is a file, not a folder", dir);
        return sf_err_set(err, SF_EINVAL, "--out %s: cannot be examined: %s", dir, strerror(errno));
    }
    if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode))
        return refuse(err, dir);
    const int c = classify(dir);
    if (c != DIR_EMPTY && c != DIR_SMEFIN)
        return refuse(err, dir);
    *exists = 1;
    return SF_OK;
}

static int mkdir_p(char *path)
{
    for (char *p = path + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            const int rc = mkdir(path, 0777);
            *p = '/';
            if (rc != 0 && errno != EEXIST)
                return -1;
        }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

/* parent (or ".") and the last component of `dir`. */
static void split_path(const char *dir, char *parent, size_t pn, const char **name)
{
    const char *slash = strrchr(dir, '/');
    if (slash == NULL) {
        snprintf(parent, pn, ".");
        *name = dir;
    } else if (slash == dir) {
        snprintf(parent, pn, "/");
        *name = slash + 1;
    } else {
        snprintf(parent, pn, "%.*s", (int)(slash - dir), dir);
        *name = slash + 1;
    }
}

static void lock_release(sf_outdir *od)
{
    if (od->lockfd >= 0) {
        unlink(od->lock); /* while holding it: a run that opened this file sees it is gone */
        close(od->lockfd);
        od->lockfd = -1;
    }
}

/* Take PARENT/.NAME.smefin-lock without waiting. The holder unlinks it when it finishes, so a
 * run that opened the file before the unlink may lock a file that no longer has the name:
 * after locking, the file at the name must be the one locked, else start again. */
static int lock_take(sf_outdir *od, sf_err *err)
{
    for (int attempt = 0; attempt < 20; attempt++) {
        const int fd = open(od->lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0) {
            if (errno == ELOOP)
                return sf_err_set(err, SF_EINVAL, "%s: the lock file of --out %s is a symlink; remove it", od->lock,
                                  od->target);
            return sf_err_set(err, SF_EINVAL, "--out %s: cannot write beside it (%s): %s", od->target, od->lock,
                              strerror(errno));
        }
        struct stat fs, ps;
        if (fstat(fd, &fs) != 0 || !S_ISREG(fs.st_mode)) {
            close(fd);
            return sf_err_set(err, SF_EINVAL, "%s: the lock file of --out %s is not a regular file; remove it",
                              od->lock, od->target);
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int e = errno;
            char buf[64] = "";
            const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
            buf[n > 0 ? n : 0] = '\0';
            close(fd);
            long pid = 0;
            if (e == EWOULDBLOCK && sscanf(buf, "smefin %ld", &pid) == 1)
                return sf_err_set(err, SF_EINVAL,
                                  "--out %s: another smefin run (pid %ld) is writing this folder (lock %s); wait for it "
                                  "or choose another --out",
                                  od->target, pid, od->lock);
            if (e == EWOULDBLOCK)
                return sf_err_set(err, SF_EINVAL,
                                  "--out %s: another smefin run is writing this folder (lock %s); wait for it or choose "
                                  "another --out",
                                  od->target, od->lock);
            return sf_err_set(err, SF_EINVAL, "--out %s: cannot lock %s: %s", od->target, od->lock, strerror(e));
        }
        if (stat(od->lock, &ps) != 0 || ps.st_ino != fs.st_ino || ps.st_dev != fs.st_dev) {
            close(fd); /* the earlier holder removed it after we opened it: take the new one */
            continue;
        }
        /* A file of that name that smefin did not write is left alone. */
        char buf[64] = "";
        const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
        buf[n > 0 ? n : 0] = '\0';
        if (fs.st_size > 0 && (fs.st_size > 40 || strncmp(buf, "smefin ", 7) != 0)) {
            close(fd);
            return sf_err_set(err, SF_EINVAL, "%s: exists and is not smefin's lock file of --out %s; remove it", od->lock,
                              od->target);
        }
        char line[64];
        const int len = snprintf(line, sizeof line, "smefin %ld\n", (long)getpid());
        if (ftruncate(fd, 0) != 0 || pwrite(fd, line, (size_t)len, 0) != len) {
            const int e = errno;
            unlink(od->lock);
            close(fd);
            return sf_err_set(err, SF_EINVAL, "--out %s: cannot write the lock %s: %s", od->target, od->lock,
                              strerror(e));
        }
        od->lockfd = fd;
        return SF_OK;
    }
    return sf_err_set(err, SF_EINVAL, "--out %s: cannot take the lock %s (it keeps changing)", od->target, od->lock);
}

/* NAME.tmp-PID and NAME.old-PID folders beside the target whose process is gone (kill(pid, 0)
 * fails with ESRCH) and which hold only names smefin writes. */
static void remove_stale(const char *parent, const char *name)
{
    DIR *d = opendir(parent);
    if (d == NULL)
        return;
    const size_t nl = strlen(name);
    const struct dirent *e;
    char p[PATH_CAP + 256];
    while ((e = readdir(d)) != NULL) {
        const char *s = e->d_name;
        if (strncmp(s, name, nl) != 0 || (strncmp(s + nl, ".tmp-", 5) != 0 && strncmp(s + nl, ".old-", 5) != 0))
            continue;
        const char *digits = s + nl + 5;
        char *end;
        errno = 0;
        const long pid = strtol(digits, &end, 10);
        if (digits[0] < '1' || digits[0] > '9' || *end != '\0' || errno != 0 || pid <= 0 || pid > INT_MAX)
            continue;
        if (pid != (long)getpid() && !(kill((pid_t)pid, 0) != 0 && errno == ESRCH))
            continue; /* its run may still be going */
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", parent, s);
        if (lstat(p, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        const int c = classify(p);
        if (c != DIR_FOREIGN)
            remove_known(p);
    }
    closedir(d);
}

/* Free bytes where the folder is written; SMEFIN_TEST_FREE_BYTES (a test hook) stands in for
 * the file system's figure. */
static uint64_t free_bytes(const char *dir)
{
    const char *hook = getenv("SMEFIN_TEST_FREE_BYTES");
    if (hook && *hook) {
        char *end;
        const unsigned long long v = strtoull(hook, &end, 10);
        if (*end == '\0')
            return (uint64_t)v;
    }
    struct statvfs vs;
    if (statvfs(dir, &vs) != 0)
        return UINT64_MAX; /* unknown: the writes themselves are checked */
    return (uint64_t)vs.f_bavail * (uint64_t)vs.f_frsize;
}

static double mb(uint64_t b)
{
    return (double)b / 1e6;
}

int sf_outdir_open(const char *dir, uint64_t need_bytes, const volatile sig_atomic_t *cancel, sf_outdir **out,
                   sf_err *err)
{
    *out = NULL;
    if (dir == NULL || dir[0] == '\0')
        return sf_err_set(err, SF_EINVAL, "--out: empty folder name");
    sf_outdir *od = calloc(1, sizeof *od);
    if (od == NULL)
        return sf_err_set(err, SF_ENOMEM, "out of memory");
    od->lockfd = -1;
    od->cancel = cancel;
    if (strlen(dir) >= 4000) {
        free(od);
        return sf_err_set(err, SF_EINVAL, "--out: the folder name is longer than 4000 bytes");
    }
    snprintf(od->target, sizeof od->target, "%s", dir);
    size_t l = strlen(od->target);
    while (l > 1 && od->target[l - 1] == '/')
        od->target[--l] = '\0';
    char parent[PATH_CAP];
    const char *name;
    split_path(od->target, parent, sizeof parent, &name);
    if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        const int rc = refuse(err, od->target);
        free(od);
        return rc;
    }
    snprintf(od->tmp, sizeof od->tmp, "%s.tmp-%ld", od->target, (long)getpid());
    snprintf(od->lock, sizeof od->lock, "%s/.%s.smefin-lock", parent, name);

    int exists;
    int rc = check_target(od->target, &exists, err);
    if (rc == SF_OK && mkdir_p(parent) != 0)
        rc = sf_err_set(err, SF_EINVAL, "--out %s: cannot create the folder %s: %s", od->target, parent,
                        strerror(errno));
    if (rc == SF_OK)
        rc = lock_take(od, err);
    if (rc == SF_OK) /* again under the lock: another run may have written it meanwhile */
        rc = check_target(od->target, &exists, err);
    if (rc != SF_OK) {
        lock_release(od);
        free(od);
        return rc;
    }
    remove_stale(parent, name);
    if (mkdir(od->tmp, 0777) != 0) {
        rc = sf_err_set(err, SF_EINVAL, "--out %s: cannot create a folder in %s: %s", od->target, parent,
                        strerror(errno));
        lock_release(od);
        free(od);
        return rc;
    }
    const uint64_t have = free_bytes(od->tmp);
    if (have < need_bytes) {
        rc = sf_err_set(err, SF_EINVAL,
                        "--out %s: the results need about %.1f MB and the file system has %.1f MB free; free some "
                        "space or choose another --out",
                        od->target, mb(need_bytes), mb(have));
        sf_outdir_abort(od);
        return rc;
    }
    *out = od;
    return SF_OK;
}

const char *sf_outdir_path(const sf_outdir *od)
{
    return od->tmp;
}

const char *sf_outdir_target(const sf_outdir *od)
{
    return od->target;
}

int sf_outdir_step(sf_outdir *od, sf_err *err)
{
    if (!od->paused) {
        od->paused = 1;
        const char *hook = getenv("SMEFIN_TEST_PAUSE_WRITE");
        const double secs = hook && *hook ? atof(hook) : 0.0;
        if (secs > 0.0) {
            struct timespec ts = {(time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9)};
            /* a signal ends the pause early (EINTR) and is seen just below */
            while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !(od->cancel && *od->cancel))
                ;
        }
    }
    if (od->cancel && *od->cancel)
        return sf_err_set(err, SF_ECANCEL, "cancelled");
    return SF_OK;
}

static int write_marker(const sf_outdir *od, sf_err *err)
{
    char p[PATH_CAP + 64];
    snprintf(p, sizeof p, "%s/%s", od->tmp, SF_OUTDIR_MARKER);
    FILE *f = fopen(p, "w");
    if (f == NULL)
        return sf_err_set(err, SF_EWRITE, "%s: cannot write: %s", p, strerror(errno));
    fputs("smefin results folder: smefin replaces this folder as a whole on the next run with this --out.\n"
          "Files you add here make smefin refuse to replace it.\n",
          f);
    const int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return sf_err_set(err, SF_EWRITE, "%s: cannot write: %s", p, strerror(errno));
    return SF_OK;
}

int sf_outdir_commit(sf_outdir *od, sf_err *err)
{
    int rc = sf_outdir_step(od, err);
    if (rc == SF_OK)
        rc = write_marker(od, err);
    int exists = 0;
    if (rc == SF_OK)
        rc = check_target(od->target, &exists, err);
    if (rc != SF_OK) {
        sf_outdir_abort(od);
        return rc;
    }
    if (!exists || classify(od->target) == DIR_EMPTY) {
        /* rename(2) replaces an empty folder in one step */
        if (rename(od->tmp, od->target) != 0) {
            rc = sf_err_set(err, SF_EWRITE, "--out %s: cannot move the new results into place: %s", od->target,
                            strerror(errno));
            sf_outdir_abort(od);
            return rc;
        }
    } else if (renameat2(AT_FDCWD, od->tmp, AT_FDCWD, od->target, RENAME_EXCHANGE) == 0) {
        remove_known(od->tmp); /* the tmp name now holds the earlier folder */
    } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
        /* No exchange on this file system: the earlier folder steps aside, the new one takes
         * its name, and the earlier one comes back if that fails. */
        char old[PATH_CAP + 32];
        snprintf(old, sizeof old, "%s.old-%ld", od->target, (long)getpid());
        if (rename(od->target, old) != 0) {
            rc = sf_err_set(err, SF_EWRITE, "--out %s: cannot replace: %s", od->target, strerror(errno));
            sf_outdir_abort(od);
            return rc;
        }
        if (rename(od->tmp, od->target) != 0) {
            rc = sf_err_set(err, SF_EWRITE, "--out %s: cannot replace: %s", od->target, strerror(errno));
            rename(old, od->target);
            sf_outdir_abort(od);
            return rc;
        }
        remove_known(old);
    } else {
        rc = sf_err_set(err, SF_EWRITE, "--out %s: cannot replace: %s", od->target, strerror(errno));
        sf_outdir_abort(od);
        return rc;
    }
    lock_release(od);
    free(od);
    return SF_OK;
}

void sf_outdir_abort(sf_outdir *od)
{
    if (od == NULL)
        return;
    remove_known(od->tmp);
    lock_release(od);
    free(od);
}
