/*
 * csv_table.h — a whole CSV file read with libcsv into a table of strings (io/, the readers
 * shared by Load, Fit and Write: scenarios/, calibrate/ and output/ all read their tables through
 * it).
 *
 * Row 0 is the header when the caller has one; every row keeps the cells libcsv gave it (rows may
 * differ in width; the caller decides what that means) and the line of the file on which it starts,
 * so that messages can say "FILE:LINE: COLUMN: why". A UTF-8 byte-order mark at the start is
 * skipped; CRLF line ends are read as LF (libcsv ends a row at either). Blank lines give no row.
 */
#ifndef CSV_TABLE_H
#define CSV_TABLE_H

#include "sf.h"

#include <stddef.h>

typedef struct csv_table csv_table;

/* Where malformed CSV stopped a parse, for a caller that words its own message: the rows libcsv
 * had completed, and libcsv's reason (a static string). */
typedef struct csv_table_stop {
    size_t rows;
    const char *reason;
} csv_table_stop;

/* Parse the len bytes of text (a CSV file's contents; path names it in messages) into *out.
 * Errors: SF_EPARSE "PATH:LINE: COLUMN: malformed CSV (...); ..." naming the header's column being
 * read (or "csv"), with *stop filled when stop is not NULL; SF_ENOMEM "PATH:LINE: csv: out of
 * memory". On error *out is NULL. */
int sf_csv_table_parse(const char *path, const char *text, size_t len, csv_table **out, csv_table_stop *stop,
                    sf_err *err);

/* Read the file at path (at most max_bytes) and parse it as sf_csv_table_parse does. A larger file is
 * SF_EIO "PATH: larger than MAX_BYTES bytes[; too_large]" (too_large may be NULL); a file that
 * cannot be opened is SF_EIO "PATH: cannot open the file: REASON" with errno left as fopen set it,
 * so that a caller may take ENOENT for an absent optional file; a read error is SF_EIO
 * "PATH: read error: REASON". On error *out is NULL. */
int sf_csv_table_read(const char *path, size_t max_bytes, const char *too_large, csv_table **out,
                   csv_table_stop *stop, sf_err *err);

size_t sf_csv_table_nrows(const csv_table *t);
/* Cells of row `row` (< sf_csv_table_nrows). */
size_t sf_csv_table_nfields(const csv_table *t, size_t row);
/* Line of the file (from 1) on which row `row` starts. */
int sf_csv_table_line(const csv_table *t, size_t row);
/* The cell, or "" when row or col is out of the table (a short row reads as blank cells). */
const char *sf_csv_table_cell(const csv_table *t, size_t row, size_t col);
/* Index of the first header (row 0) cell equal to name, or -1. */
int sf_csv_table_col(const csv_table *t, const char *name);

/* sf_csv_table_free(NULL) does nothing. */
void sf_csv_table_free(csv_table *t);

#endif
