/*
 * outdir.h — the life cycle of a results folder (docs/results-folder.md): smefin writes only
 * into a new (or empty) folder or over a folder that is recognisably its own, it writes the new
 * folder beside the old one and swaps it into place only when it is complete, it holds an
 * advisory lock for the time, and it cleans up after itself and after runs that were killed.
 *
 *     sf_outdir *od;
 *     rc = sf_outdir_open("results/demo", need_bytes, &cancel, &od, &err);  // before the work
 *     ... simulate; write the files into sf_outdir_path(od), sf_outdir_step() between files ...
 *     rc = sf_outdir_commit(od, &err);   // or sf_outdir_abort(od) on any failure
 *
 * Library code: nothing here prints or exits; failures come back as SF_* codes with the one
 * line in an sf_err.
 */
#ifndef SF_OUTDIR_H
#define SF_OUTDIR_H

#include "sf.h"

#include <signal.h>
#include <stdint.h>

/* The marker file every results folder holds. */
#define SF_OUTDIR_MARKER ".smefin-results"

typedef struct sf_outdir sf_outdir;

/* Prepare `dir` for a new results folder, before any work is done:
 *  - `dir` must not exist, be an empty folder, or be a smefin results folder (it holds the
 *    marker, or a run.json written by smefin, and nothing but files smefin writes); anything
 *    else — other content, a file, any symlink — is SF_EINVAL with the message
 *    "--out DIR: exists and is not a smefin results folder; choose another --out or remove it";
 *  - the missing parent folders are created;
 *  - the advisory lock `PARENT/.NAME.smefin-lock` is taken (flock, never waiting): a second run
 *    aimed at the same folder gets SF_EINVAL at once;
 *  - temporary folders `NAME.tmp-PID` / `NAME.old-PID` left beside `dir` by killed runs (the
 *    process no longer exists, and they hold only files smefin writes) are removed;
 *  - the temporary folder `NAME.tmp-PID` is created (so an unwritable location fails here);
 *  - the file system must have `need_bytes` free for the estimated output (SF_EINVAL if not).
 * `cancel` (may be NULL) is polled by sf_outdir_step: non-zero means stop (a signal arrived).
 * On success *out is the open folder; on failure nothing was touched and *out is NULL. */
int sf_outdir_open(const char *dir, uint64_t need_bytes, const volatile sig_atomic_t *cancel, sf_outdir **out,
                   sf_err *err);

/* The temporary folder to write the files into. */
const char *sf_outdir_path(const sf_outdir *od);

/* The final folder's name, as given. */
const char *sf_outdir_target(const sf_outdir *od);

/* Between two files: SF_ECANCEL when the cancel flag is set. The test hook
 * SMEFIN_TEST_PAUSE_WRITE=SECONDS pauses here once (a signal ends the pause), so that a test
 * can signal a run while it is writing. */
int sf_outdir_step(sf_outdir *od, sf_err *err);

/* Write the marker, swap the temporary folder into place (renameat2 RENAME_EXCHANGE where the
 * file system has it, else two renames), remove the earlier folder's files (only the names
 * smefin writes), release the lock and free od. On failure the earlier folder is intact, the
 * temporary folder is removed and od is freed. */
int sf_outdir_commit(sf_outdir *od, sf_err *err);

/* Remove the temporary folder, release the lock, free od; sf_outdir_abort(NULL) does nothing. */
void sf_outdir_abort(sf_outdir *od);

/* 1 when `name` is a file smefin writes into a results folder (summary.csv, report.html, ...). */
int sf_outdir_known_name(const char *name);

/* 1 when `dir` is a folder that smefin may replace: it holds the marker or a run.json that
 * smefin wrote, and only regular files with names smefin writes. */
int sf_outdir_is_results(const char *dir);

/* 1 when `dir` (not a symlink) is marked as smefin's: it holds the marker or a run.json that
 * smefin wrote, whatever else it holds. `smefin report` rewrites report.html only there. */
int sf_outdir_is_marked(const char *dir);

#endif
