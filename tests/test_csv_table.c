/*
 * test_csv_table.c — the CSV table reader shared by the loader, calibrate and the report
 * (scenarios/csv_table.c): cells, the line each row starts on, a BOM, CRLF, and its errors.
 */
#include "csv_table.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static csv_table *parse_ok(const char *text)
{
    csv_table *t = NULL;
    sf_err err;
    sf_err_clear(&err);
    cr_assert_eq(sf_csv_table_parse("mem.csv", text, strlen(text), &t, NULL, &err), SF_OK, "%s", err.msg);
    cr_assert_not_null(t);
    return t;
}

Test(csv_table, quoted_fields_keep_commas_quotes_and_newlines)
{
    csv_table *t = parse_ok("id,note,amount\n"
                            "s1,\"a, b\",2.385\n"
                            "s2,\"two\nlines, \"\"quoted\"\"\",17.25\n");
    cr_assert_eq(sf_csv_table_nrows(t), 3);
    cr_expect_eq(sf_csv_table_nfields(t, 1), 3);
    cr_expect_str_eq(sf_csv_table_cell(t, 1, 1), "a, b");
    cr_expect_str_eq(sf_csv_table_cell(t, 2, 1), "two\nlines, \"quoted\"");
    cr_expect_str_eq(sf_csv_table_cell(t, 2, 2), "17.25");
    cr_expect_eq(sf_csv_table_col(t, "amount"), 2);
    cr_expect_eq(sf_csv_table_col(t, "missing"), -1);
    /* Outside the table reads as a blank cell. */
    cr_expect_str_eq(sf_csv_table_cell(t, 2, 7), "");
    cr_expect_str_eq(sf_csv_table_cell(t, 9, 0), "");
    sf_csv_table_free(t);
}

Test(csv_table, rows_know_their_lines)
{
    /* A blank line gives no row; a row whose first field spans lines starts where that field ends. */
    csv_table *t = parse_ok("a,b\n"
                            "1,2\n"
                            "\n"
                            "3,4\n"
                            "5,\"x\ny\"\n"
                            "6,7\n"
                            "\"p\nq\",8\n");
    cr_assert_eq(sf_csv_table_nrows(t), 6);
    const int lines[] = {1, 2, 4, 5, 7, 9};
    for (size_t r = 0; r < 6; r++)
        cr_expect_eq(sf_csv_table_line(t, r), lines[r], "row %zu", r);
    sf_csv_table_free(t);
}

Test(csv_table, skips_a_utf8_bom)
{
    csv_table *t = parse_ok("\xEF\xBB\xBFid,pd\nseg,0.0237\n");
    cr_expect_eq(sf_csv_table_col(t, "id"), 0);
    cr_expect_str_eq(sf_csv_table_cell(t, 0, 0), "id");
    cr_expect_eq(sf_csv_table_line(t, 1), 2);
    sf_csv_table_free(t);
}

Test(csv_table, reads_crlf_line_ends)
{
    csv_table *t = parse_ok("id,pd\r\nseg,0.0237\r\n\"two\r\nlines\",0.0415\r\n");
    cr_assert_eq(sf_csv_table_nrows(t), 3);
    cr_expect_str_eq(sf_csv_table_cell(t, 1, 1), "0.0237");
    cr_expect_eq(sf_csv_table_nfields(t, 1), 2);
    cr_expect_str_eq(sf_csv_table_cell(t, 2, 0), "two\r\nlines");
    cr_expect_eq(sf_csv_table_line(t, 2), 4);
    sf_csv_table_free(t);
}

Test(csv_table, malformed_names_line_and_column)
{
    const char *text = "id,sector,pd\nseg1,trade,0.02\nseg2,a\"b,0.03\n";
    csv_table *t = (csv_table *)1;
    csv_table_stop stop = {0, NULL};
    sf_err err;
    sf_err_clear(&err);
    cr_assert_eq(sf_csv_table_parse("m.csv", text, strlen(text), &t, &stop, &err), SF_EPARSE);
    cr_expect_null(t);
    cr_expect(strncmp(err.msg, "m.csv:3: sector: malformed CSV (", 32) == 0, "%s", err.msg);
    cr_expect_eq(stop.rows, 2);
    cr_expect_not_null(stop.reason);
}

Test(csv_table, unclosed_quote_at_the_end)
{
    const char *text = "id,pd\nseg,\"0.02\n";
    csv_table *t = NULL;
    sf_err err;
    sf_err_clear(&err);
    cr_assert_eq(sf_csv_table_parse("u.csv", text, strlen(text), &t, NULL, &err), SF_EPARSE);
    cr_expect_null(t);
    cr_expect(strstr(err.msg, "u.csv:2: csv: malformed CSV (") == err.msg, "%s", err.msg);
    cr_expect(strstr(err.msg, "): a quoted field is not closed") != NULL, "%s", err.msg);
}

Test(csv_table, missing_file)
{
    csv_table *t = NULL;
    sf_err err;
    sf_err_clear(&err);
    cr_assert_eq(sf_csv_table_read("tests/cases/no-such-table.csv", 1 << 20, NULL, &t, NULL, &err), SF_EIO);
    cr_expect_null(t);
    cr_expect_str_eq(err.msg,
                     "tests/cases/no-such-table.csv: cannot open the file: No such file or directory");
}

Test(csv_table, reads_a_file_and_refuses_one_too_large)
{
    char path[] = "/tmp/csv_table_XXXXXX";
    const int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    cr_assert_not_null(f);
    for (int i = 0; i < 2000; i++)
        fprintf(f, "%d,%.3f\n", i, 2.385 * i);
    fclose(f);

    csv_table *t = NULL;
    sf_err err;
    sf_err_clear(&err);
    cr_assert_eq(sf_csv_table_read(path, 1 << 20, NULL, &t, NULL, &err), SF_OK, "%s", err.msg);
    cr_expect_eq(sf_csv_table_nrows(t), 2000);
    cr_expect_str_eq(sf_csv_table_cell(t, 1999, 1), "4767.615");
    cr_expect_eq(sf_csv_table_line(t, 1999), 2000);
    sf_csv_table_free(t);

    sf_err_clear(&err);
    cr_expect_eq(sf_csv_table_read(path, 1 << 14, "keep it small", &t, NULL, &err), SF_EIO);
    cr_expect_null(t);
    char want[256];
    snprintf(want, sizeof want, "%s: larger than 16384 bytes; keep it small", path);
    cr_expect_str_eq(err.msg, want);
    remove(path);
    sf_csv_table_free(NULL);
}
