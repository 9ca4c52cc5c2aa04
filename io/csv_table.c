/*
 * csv_table.c — a whole CSV file into a table of strings with libcsv (see csv_table.h).
 *
 * The text is handed to libcsv one line at a time, so that a row can note the line on which its
 * first field ends (a quoted field may span lines); rows and cells are kept as libcsv reports them.
 */
#include "csv_table.h"

#include "whole_file.h"

#include <csv.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct csv_table {
    char **cells;
    size_t ncells, capcells;
    size_t *row_start; /* first cell of each row */
    int *row_line;     /* line on which each row starts */
    size_t nrows, caprows;
    /* parsing state */
    int cur_line;
    int row_open;
    int nomem;
};

void sf_csv_table_free(csv_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->ncells; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->row_start);
    free(t->row_line);
    free(t);
}

static void row_open(csv_table *t)
{
    if (t->nrows == t->caprows) {
        const size_t cap = t->caprows ? 2 * t->caprows : 64;
        size_t *rs = realloc(t->row_start, cap * sizeof *rs);
        if (rs)
            t->row_start = rs;
        int *rl = realloc(t->row_line, cap * sizeof *rl);
        if (rl)
            t->row_line = rl;
        if (!rs || !rl) {
            t->nomem = 1;
            return;
        }
        t->caprows = cap;
    }
    t->row_start[t->nrows] = t->ncells;
    t->row_line[t->nrows] = t->cur_line;
    t->nrows++;
    t->row_open = 1;
}

static void on_field(void *data, size_t len, void *ud)
{
    csv_table *t = ud;
    if (!t->nomem && !t->row_open)
        row_open(t);
    if (t->nomem)
        return;
    if (t->ncells == t->capcells) {
        const size_t cap = t->capcells ? 2 * t->capcells : 256;
        char **nc = realloc(t->cells, cap * sizeof *nc);
        if (nc == NULL) {
            t->nomem = 1;
            return;
        }
        t->cells = nc;
        t->capcells = cap;
    }
    char *cell = malloc(len + 1);
    if (cell == NULL) {
        t->nomem = 1;
        return;
    }
    if (len)
        memcpy(cell, data, len);
    cell[len] = '\0';
    t->cells[t->ncells++] = cell;
}

static void on_row(int c, void *ud)
{
    csv_table *t = ud;
    (void)c;
    if (!t->nomem && !t->row_open)
        row_open(t);
    t->row_open = 0;
}

size_t sf_csv_table_nrows(const csv_table *t)
{
    return t->nrows;
}

size_t sf_csv_table_nfields(const csv_table *t, size_t row)
{
    return (row + 1 < t->nrows ? t->row_start[row + 1] : t->ncells) - t->row_start[row];
}

int sf_csv_table_line(const csv_table *t, size_t row)
{
    return t->row_line[row];
}

const char *sf_csv_table_cell(const csv_table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= sf_csv_table_nfields(t, row))
        return "";
    return t->cells[t->row_start[row] + col];
}

int sf_csv_table_col(const csv_table *t, const char *name)
{
    const size_t n = t->nrows ? sf_csv_table_nfields(t, 0) : 0;
    for (size_t c = 0; c < n; c++)
        if (strcmp(t->cells[c], name) == 0)
            return (int)c;
    return -1;
}

static void stop_set(csv_table_stop *stop, const csv_table *t, struct csv_parser *p)
{
    if (stop == NULL)
        return;
    stop->rows = t->nrows - (t->row_open ? 1 : 0);
    stop->reason = csv_strerror(csv_error(p));
}

int sf_csv_table_parse(const char *path, const char *text, size_t len, csv_table **out, csv_table_stop *stop,
                    sf_err *err)
{
    *out = NULL;
    csv_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return sf_err_set(err, SF_ENOMEM, "%s: csv: out of memory", path);
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(t);
        return sf_err_set(err, SF_ENOMEM, "%s: csv: out of memory", path);
    }
    int rc = SF_OK;
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a UTF-8 byte-order mark, as spreadsheet programs write */
    int line = 0;
    /* A NUL byte would silently end its cell (libcsv keeps it, but a cell is a C string): a file
     * holding one is not a CSV text file, whatever libcsv makes of it. */
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        size_t rows = 0;
        int nline = 1;
        const char *start = text;
        for (const char *q = text; q < nul; q++)
            if (*q == '\n') {
                nline++;
                rows++;
                start = q + 1;
            }
        if (stop) {
            stop->rows = rows;
            stop->reason = "a NUL byte in the text";
        }
        csv_free(&p);
        free(t);
        return sf_err_set(err, SF_EPARSE,
                          "%s:%d: csv: malformed CSV (a NUL byte, at byte %zu of the line); a CSV file is text: "
                          "save it as CSV (UTF-8)",
                          path, nline, (size_t)(nul - start) + 1);
    }
    while (rc == SF_OK && pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        const size_t n = nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
        t->cur_line = ++line;
        if (csv_parse(&p, text + pos, n, on_field, on_row, t) != n) {
            /* Name the column being read: the number of fields of the open row so far. */
            const size_t col = t->row_open ? sf_csv_table_nfields(t, t->nrows - 1) : 0;
            const char *cname = t->nrows > 1 && col < sf_csv_table_nfields(t, 0) ? t->cells[col] : "csv";
            stop_set(stop, t, &p);
            rc = sf_err_set(err, SF_EPARSE,
                            "%s:%d: %s: malformed CSV (%s); quote a field that holds a comma or a "
                            "quote, and double the quotes inside it",
                            path, line, SF_V(cname), csv_strerror(csv_error(&p)));
        }
        pos += n;
        if (rc == SF_OK && t->nomem)
            rc = sf_err_set(err, SF_ENOMEM, "%s:%d: csv: out of memory", path, line);
    }
    if (rc == SF_OK && csv_fini(&p, on_field, on_row, t) != 0) {
        stop_set(stop, t, &p);
        rc = sf_err_set(err, SF_EPARSE, "%s:%d: csv: malformed CSV (%s): a quoted field is not closed", path,
                        line, csv_strerror(csv_error(&p)));
    }
    if (rc == SF_OK && t->nomem)
        rc = sf_err_set(err, SF_ENOMEM, "%s:%d: csv: out of memory", path, line);
    csv_free(&p);
    if (rc != SF_OK) {
        sf_csv_table_free(t);
        return rc;
    }
    *out = t;
    return SF_OK;
}

int sf_csv_table_read(const char *path, size_t max_bytes, const char *too_large, csv_table **out,
                   csv_table_stop *stop, sf_err *err)
{
    *out = NULL;
    char *buf;
    size_t len;
    int e;
    switch (sf_file_read(path, max_bytes, &buf, &len, &e)) {
    case SF_FILE_OK:
        break;
    case SF_FILE_OPEN:
        sf_err_set(err, SF_EIO, "%s: cannot open the file: %s", path, strerror(e));
        errno = e;
        return SF_EIO;
    case SF_FILE_TOO_LARGE:
        return sf_err_set(err, SF_EIO, "%s: larger than %zu bytes%s%s", path, max_bytes, too_large ? "; " : "",
                          too_large ? too_large : "");
    case SF_FILE_READ:
        return sf_err_set(err, SF_EIO, "%s: read error: %s", path, strerror(e));
    default:
        return sf_err_set(err, SF_ENOMEM, "%s: out of memory", path);
    }
    const int rc = sf_csv_table_parse(path, buf, len, out, stop, err);
    free(buf);
    return rc;
}
