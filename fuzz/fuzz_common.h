/*
 * fuzz_common.h — what every libFuzzer harness of fuzz/ shares: a private temporary folder with the
 * fixed files an input is read beside, writing the input there, and the one-line rule.
 *
 * The rule each harness enforces (abort() otherwise, which libFuzzer reports as a crash): a failed
 * parse leaves a non-empty message with no control character and no newline; a parse that succeeds
 * writes no NaN or infinity (checked only when the input itself spells none, so that an echoed
 * label "nan" is not taken for a computed one).
 */
#ifndef SF_FUZZ_COMMON_H
#define SF_FUZZ_COMMON_H

#include "sf.h"

#include <ctype.h>
#include <gsl/gsl_errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_SRC_DIR
#define FUZZ_SRC_DIR "."
#endif

static char fz_dir[256];

/* Write size bytes of data to DIR/name; aborts when it cannot (the harness is broken, not the code). */
static void fz_write(const char *name, const uint8_t *data, size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fz_dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        fprintf(stderr, "fuzz: cannot write %s\n", path);
        abort();
    }
}

static void fz_write_str(const char *name, const char *text)
{
    fz_write(name, (const uint8_t *)text, strlen(text));
}

/* Copy the repository file src (relative to the source tree) to DIR/name. */
static void fz_copy(const char *src, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", FUZZ_SRC_DIR, src);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz: cannot read %s\n", path);
        abort();
    }
    static uint8_t buf[1 << 20];
    const size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    fz_write(name, buf, n);
}

/* Make the private folder once (in /dev/shm when there is one: the inputs are written per run). */
static void fz_setup(void)
{
    if (fz_dir[0])
        return;
    gsl_set_error_handler_off(); /* as the CLI does: GSL's default handler aborts; smefin checks codes */
    const char *root = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fz_dir, sizeof fz_dir, "%s/smefin-fuzz-XXXXXX", root);
    if (!mkdtemp(fz_dir)) {
        fprintf(stderr, "fuzz: mkdtemp failed\n");
        abort();
    }
}

static void fz_mkdir(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", fz_dir, name);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
    if (system(cmd) != 0)
        abort();
}

/* The one-line rule for a failed call. */
static void fz_check_error(int rc, const sf_err *err)
{
    if (rc == SF_OK)
        return;
    if (err->code != rc || err->msg[0] == '\0' || !sf_msg_is_clean(err->msg) || strchr(err->msg, '\n')) {
        fprintf(stderr, "fuzz: rc %d, code %d, message breaks the one-line rule: [%s]\n", rc, err->code,
                err->msg);
        abort();
    }
}

/* Case-insensitive: does data spell "nan" or "inf" anywhere (then the output may echo it)? */
static int fz_spells_nonfinite(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i + 3 <= size; i++) {
        const int a = tolower(data[i]), b = tolower(data[i + 1]), c = tolower(data[i + 2]);
        if ((a == 'n' && b == 'a' && c == 'n') || (a == 'i' && b == 'n' && c == 'f'))
            return 1;
    }
    return 0;
}

static int fz_word_char(int c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Abort when text holds "nan" or "inf" as a word of its own (a printf of a non-finite double). */
static void fz_check_finite(const char *what, const char *text, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++) {
        if ((strncmp(text + i, "nan", 3) == 0 || strncmp(text + i, "inf", 3) == 0) &&
            (i == 0 || !fz_word_char(text[i - 1])) && (i + 3 == len || !fz_word_char(text[i + 3]))) {
            fprintf(stderr, "fuzz: %s holds a non-finite number near: %.60s\n", what, text + (i > 20 ? i - 20 : 0));
            abort();
        }
    }
}

#endif
