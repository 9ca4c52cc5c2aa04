/*
 * xlsx.h — budget.xlsx, the budget office's spreadsheet of a results folder (libxlsxwriter).
 * Written from the folder's own files (summary.csv, series.csv, figures.csv, evaluation.csv,
 * parameters.csv), so that its numbers are the CSVs' numbers: sheets for the budget by line and
 * year, the Art. 56 evaluation, the figures and the parameters with their sources. Numbers are
 * stored as numbers with a number format; amounts in CNY million (en) or 万元 (zh), the unit in
 * every header; each budget line with its Article.
 */
#ifndef SF_XLSX_H
#define SF_XLSX_H

#include "params.h"
#include "sf.h"

/* Write DIR/budget.xlsx in `lang` ("en" or "zh") from the files already in DIR. `notes` (may be
 * NULL) holds the scenario's comment above each key (section, key, text): the source column of
 * the parameters sheet. SF_EWRITE when the file cannot be written, SF_EIO when a CSV of DIR
 * cannot be read. */
int sf_xlsx_write(const char *dir, const char *lang, const sf_params *notes, sf_err *err);

#endif
