#include "whole_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

sf_file_status sf_file_read(const char *path, size_t max_bytes, char **out, size_t *len, int *sys_errno)
{
    *out = NULL;
    *len = 0;
    *sys_errno = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        *sys_errno = errno;
        return SF_FILE_OPEN;
    }
    size_t cap = 1 << 14, n = 0;
    char *buf = malloc(cap + 1);
    sf_file_status st = buf ? SF_FILE_OK : SF_FILE_NOMEM;
    while (st == SF_FILE_OK) {
        if (n == cap) {
            if (cap > max_bytes) { /* read a byte more than allowed: too large */
                st = SF_FILE_TOO_LARGE;
                break;
            }
            char *nb = realloc(buf, 2 * cap + 1);
            if (nb == NULL) {
                st = SF_FILE_NOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        const size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                *sys_errno = errno;
                st = SF_FILE_READ;
            }
            break;
        }
    }
    fclose(f);
    if (st == SF_FILE_OK && n > max_bytes)
        st = SF_FILE_TOO_LARGE;
    if (st != SF_FILE_OK) {
        free(buf);
        if (*sys_errno)
            errno = *sys_errno;
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return SF_FILE_OK;
}
