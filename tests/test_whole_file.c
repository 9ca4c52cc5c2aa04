/*
 * test_whole_file.c — io/'s whole-file reader: the size limit is exact, the text is NUL-terminated,
 * an absent file says so with ENOENT.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "whole_file.h"

static void write_bytes(const char *path, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    for (size_t i = 0; i < n; i++)
        fputc('a' + (int)(i % 23), f);
    fclose(f);
}

Test(whole_file, limit_is_exact_and_text_terminated)
{
    char path[] = "/tmp/smefin-whole-file-XXXXXX";
    const int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    const size_t n = 40961; /* beyond the first buffer and not a power of two */
    write_bytes(path, n);
    char *buf;
    size_t len;
    int e;
    cr_assert_eq(sf_file_read(path, n, &buf, &len, &e), SF_FILE_OK);
    cr_expect_eq(len, n);
    cr_expect_eq(buf[n], '\0');
    cr_expect_eq(buf[n - 1], 'a' + (int)((n - 1) % 23));
    free(buf);
    cr_expect_eq(sf_file_read(path, n - 1, &buf, &len, &e), SF_FILE_TOO_LARGE);
    cr_expect_null(buf);
    cr_expect_eq(len, 0);
    write_bytes(path, 0);
    cr_assert_eq(sf_file_read(path, 10, &buf, &len, &e), SF_FILE_OK);
    cr_expect_eq(len, 0);
    cr_expect_str_eq(buf, "");
    free(buf);
    remove(path);
}

Test(whole_file, absent_file_gives_enoent)
{
    char *buf = (char *)1;
    size_t len = 7;
    int e = 0;
    cr_assert_eq(sf_file_read("tests/cases/no-such-file.ini", 100, &buf, &len, &e), SF_FILE_OPEN);
    cr_expect_eq(e, ENOENT);
    cr_expect_eq(errno, ENOENT);
    cr_expect_null(buf);
    cr_expect_eq(len, 0);
}
