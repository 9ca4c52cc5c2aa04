/*
 * whole_file.h — a whole file read into memory: the one reader under the loader's .ini chain and
 * segment files and under sf_csv_table_read. It returns what went wrong and the system's errno, and
 * each caller words its own message (the loader's "FILE:LINE: KEY: ..." form, the table reader's
 * "PATH: ...").
 */
#ifndef SF_WHOLE_FILE_H
#define SF_WHOLE_FILE_H

#include <stddef.h>

typedef enum sf_file_status {
    SF_FILE_OK = 0,
    SF_FILE_OPEN,      /* fopen failed (*sys_errno says why; ENOENT: absent) */
    SF_FILE_TOO_LARGE, /* more than max_bytes bytes */
    SF_FILE_READ,      /* a read error (*sys_errno says why) */
    SF_FILE_NOMEM      /* out of memory */
} sf_file_status;

/* Read the file at path, at most max_bytes bytes, into *out (NUL-terminated after its *len
 * bytes; free() it). On failure *out is NULL, *len 0 and *sys_errno is the errno of the failing
 * call (0 when there is none); errno is left as that call set it. */
sf_file_status sf_file_read(const char *path, size_t max_bytes, char **out, size_t *len, int *sys_errno);

#endif
