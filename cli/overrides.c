/*
 * overrides.c — see overrides.h.
 */
#include "overrides.h"

#include "results.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first 8 hex digits of the SHA-256 of the effective overrides, sorted; "" when none. */
static int overrides_hash(const char *const *sets, int nsets, char hex[9])
{
    hex[0] = '\0';
    char **norm = calloc((size_t)(nsets > 0 ? nsets : 1), sizeof *norm);
    if (norm == NULL)
        return -1;
    int n = 0, rc = 0;
    for (int i = 0; i < nsets && rc == 0; i++) {
        char key[512], value[4096], k2[512], v2[4096];
        if (sf_results_override_split(sets[i], key, sizeof key, value, sizeof value) != 0)
            continue;
        int later = 0;
        for (int j = i + 1; j < nsets && !later; j++)
            later = sf_results_override_split(sets[j], k2, sizeof k2, v2, sizeof v2) == 0 && strcmp(k2, key) == 0;
        if (later)
            continue;
        const size_t len = strlen(key) + strlen(value) + 2;
        if ((norm[n] = malloc(len)) == NULL) {
            rc = -1;
            break;
        }
        snprintf(norm[n++], len, "%s=%s", key, value);
    }
    if (rc == 0 && n > 0) {
        qsort(norm, (size_t)n, sizeof *norm, cmp_str);
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
            rc = -1;
        for (int i = 0; rc == 0 && i < n; i++)
            if (EVP_DigestUpdate(ctx, norm[i], strlen(norm[i])) != 1 || EVP_DigestUpdate(ctx, "\n", 1) != 1)
                rc = -1;
        if (rc == 0 && EVP_DigestFinal_ex(ctx, md, &len) != 1)
            rc = -1;
        EVP_MD_CTX_free(ctx);
        for (unsigned i = 0; rc == 0 && i < 4 && i < len; i++)
            snprintf(hex + 2 * i, 3, "%02x", md[i]);
    }
    for (int i = 0; i < n; i++)
        free(norm[i]);
    free(norm);
    return rc;
}

int cli_overrides_folder(const char *name, const char *const *sets, int nsets, const char *suffix, char *buf,
                         size_t n)
{
    char hex[9];
    if (overrides_hash(sets, nsets, hex) != 0)
        return -1;
    const int w = snprintf(buf, n, "results/%s%s%s%s", name, hex[0] ? "+" : "", hex, suffix ? suffix : "");
    return w < 0 || (size_t)w >= n ? -1 : 0;
}
