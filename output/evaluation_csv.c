/*
 * evaluation_csv.c — evaluation.csv (Art. 56) through libcsv's csv_fwrite for text fields.
 */
#include "evaluation_csv.h"

#include "evaluation.h"

#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A text field: plain when it needs no quoting (so the header reads as documented), else
 * quoted and escaped by libcsv. */
static int put_text(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL)
        return fputs(s, f) < 0 ? -1 : 0;
    return csv_fwrite(f, s, strlen(s)) == 0 ? 0 : -1;
}

/* A number with 12 significant digits; empty when it does not apply (NaN, infinite). */
static int put_number(FILE *f, double v)
{
    if (!isfinite(v))
        return 0;
    return fprintf(f, "%.12g", v) < 0 ? -1 : 0;
}

int sf_evaluation_csv_write(const sf_result *res, FILE *f, sf_err *err)
{
    static const char *const header[] = {"mechanism", "article",       "spending",  "financing_supported",
                                         "loss_rate", "cost_per_yuan", "multiplier", "unit"};
    const size_t ncol = sizeof header / sizeof header[0];
    sf_evaluation_row *rows = calloc(sf_nmechanisms > 0 ? sf_nmechanisms : 1, sizeof *rows);
    if (rows == NULL)
        return sf_err_set(err, SF_ENOMEM, "evaluation.csv: out of memory");
    size_t nrows = 0;
    int rc = sf_evaluation_table_compute(res, rows, sf_nmechanisms, &nrows, err);
    int bad = 0;
    for (size_t c = 0; rc == SF_OK && c < ncol; c++) {
        bad |= put_text(f, header[c]);
        bad |= fputc(c + 1 < ncol ? ',' : '\n', f) == EOF;
    }
    for (size_t i = 0; rc == SF_OK && i < nrows; i++) {
        const sf_evaluation_row *r = &rows[i];
        const double v[5] = {r->spending, r->supported, r->loss_rate, r->cost_per_yuan, r->multiplier};
        bad |= put_text(f, r->mechanism);
        bad |= fputc(',', f) == EOF;
        bad |= put_text(f, r->article);
        for (size_t k = 0; k < 5; k++) {
            bad |= fputc(',', f) == EOF;
            bad |= put_number(f, v[k]);
        }
        bad |= fputs(",CNY", f) < 0; /* the unit of spending and financing_supported */
        bad |= fputc('\n', f) == EOF;
    }
    if (rc == SF_OK && (bad || ferror(f)))
        rc = sf_err_set(err, SF_EIO, "evaluation.csv: write failed");
    free(rows);
    return rc;
}
