/*
 * report.h — report.html, the policy-review report of a run (issue 5; Art. 6 asks the city to
 * report the use of SME support money each year, Art. 56 to publish evaluations).
 *
 * The report is built from the files of a results folder only — summary.csv (required),
 * parameters.csv, figures.csv, evaluation.csv, histogram.csv and, when present, sensitivity.csv,
 * compare.csv and stress.csv — never from in-memory state, so `smefin report DIR` rebuilds it.
 * The page is one self-contained file: inline CSS (with an A4 print stylesheet) and inline SVG
 * charts, no script, no font and no address outside the file. See docs/report.md.
 *
 * Number formats (docs/report.md): English shows money in CNY million with 2 decimals, Chinese
 * in 亿元 with 4 decimals in the headline table (亿元 or 万元 elsewhere); probabilities and rates
 * as percentages.
 */
#ifndef SF_REPORT_H
#define SF_REPORT_H

#include "sf.h"

/* Write `results_dir`/report.html in `lang` ("en" or "zh"; NULL = "en"), atomically (a temporary
 * file in the folder, then rename). Returns SF_OK; SF_EINVAL for an unknown language; SF_EIO when
 * a file cannot be read or written; SF_EPARSE for a malformed CSV (message "FILE:LINE: what");
 * SF_ENOMEM. The message goes into `err` (may be NULL). */
int sf_report_write(const char *results_dir, const char *lang, sf_err *err);

/* Both languages from one folder: the page of `lang` and the other language's beside it. The
 * language the run was made in (parameters.csv run,lang; English when the folder does not say)
 * is report.html, the other report.en.html or report.zh.html. sf_report_write writes the file of
 * `lang` alone and leaves the other: `smefin report DIR --lang zh` on an English run writes
 * report.zh.html and keeps report.html. sf_report_write_named also gives the file name written
 * ("report.html", "report.zh.html"); sf_report_write_both writes both (the run). */
int sf_report_write_named(const char *results_dir, const char *lang, char *name, size_t n, sf_err *err);
int sf_report_write_both(const char *results_dir, const char *lang, sf_err *err);

#endif
