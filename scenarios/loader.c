/*
 * loader.c — scenario .ini (libinih) and segments / loan-book CSV (libcsv) into sf_scenario.
 *
 * Order of work: the table defaults (keys_*.c); the .ini file, and first, recursively, the base
 * file it names (`base = FILE` before its first section), so that each file's keys override its
 * base's; the --set overrides; which mechanism sections are enabled; required keys; each section's
 * cross-key checks; the CSV. The first error wins and stops the load; its message names the file
 * (the base's own path when the error is in a base), the line and the key.
 *
 * Two things libinih does not do for us, and why we do them here:
 *  - Debian's libinih reads lines into a 200-byte buffer and silently splits longer lines, which
 *    also shifts every later line number. We read the file ourselves, reject such lines, and hand
 *    libinih one line at a time through ini_parse_stream(); counting those lines gives the line
 *    number of every key (the Debian build's handler has no line argument).
 *  - The handler is never called for a section header, so an empty section (`[guarantee]` alone,
 *    which enables the mechanism with its defaults) and a repeated section would go unseen. The
 *    reader therefore looks at each line it hands over and, when libinih will take it as a section
 *    header, notes the section and its line.
 */
#include "loader.h"

#include "csv_table.h"
#include "irb.h"
#include "loader_internal.h"
#include "whole_file.h"

#include <ini.h>

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

_Static_assert(ULONG_MAX >= 18446744073709551615ull, "simulation.seed needs a 64-bit unsigned long");

const section_spec *const sf_scenario_sections[] = {
    &sf_scenario_section_simulation, &sf_scenario_section_economy, &sf_scenario_section_portfolio,
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) &sf_scenario_section_##name,
#include "mechanisms.def"
#undef SF_MECHANISM
    &sf_scenario_section_budget,
};
const size_t sf_scenario_nsections = sizeof sf_scenario_sections / sizeof sf_scenario_sections[0];

#define MAX_SECTIONS 16
#define MAX_KEYS 64
/* libinih needs 3 bytes beyond the longest line ('\r', '\n', '\0'). */
#define LINE_LIMIT (INI_MAX_LINE - 3)
#define FILE_LIMIT ((size_t)1 << 30)
#define WHY 384
/* Bases of bases: a variant of a variant of the baseline needs 2; 8 leaves room and stops a runaway. */
#define BASE_DEPTH_MAX 8

/* Where a value came from: a line of an .ini (> 0), the table default, or --set. */
enum { SRC_DEFAULT = 0, SRC_CLI = -1 };

typedef struct section_state {
    int present;        /* a header in a file, or a --set of one of its keys */
    int file;           /* the file of the header at `line`: the last file that named the section */
    int line;           /* that header's line; SRC_CLI when only --set named it */
    int key_file[MAX_KEYS]; /* the file that set the key last (index into loader.files) */
    int key_line[MAX_KEYS];
    /* Provenance (sf_scenario.mech_from): the file nearest the user's that names the section, by
     * its header or one of its keys; -1 for --set. Meaningful when named is 1. */
    int named;
    int nearest;
} section_state;

struct loader;

/* One .ini file of the chain: index 0 is the file the user gave, index d its base at depth d. */
typedef struct ini_file {
    struct loader *ld;
    int index;
    char *path; /* as given (index 0), or the base's path joined to the naming file's folder */
    dev_t dev;  /* identity, for finding a cycle however the path is spelled */
    ino_t ino;
    int have_id;
    int base_line; /* line of this file's `base =`, 0 if none */
    int err_line;  /* line of the loader's error within this file's pass, for ordering against syntax errors */

    /* The text and the reader's position in it. */
    char *buf;
    size_t len, pos;
    int lineno;      /* line last handed to libinih */
    const char *raw; /* that line as in the file */
    size_t rawlen;
    int keys_since_header; /* libinih takes an indented line as a continuation only after a key */
} ini_file;

typedef struct loader {
    const char *path; /* the .ini as given */
    sf_scenario *sc;
    loader_portfolio pf;
    section_state st[MAX_SECTIONS];
    sf_err err;
    ini_file files[BASE_DEPTH_MAX + 1];
    int nfiles;
} loader;

/* A file and line to name in a message. */
typedef struct blame {
    const char *file;
    int line;
} blame;

/* ------------------------------------------------------------------ errors */

/* "FILE:LINE: KEY: why", "--set: KEY: why" or "FILE: KEY: why" (no line to point at). */
static int fail(loader *ld, int code, const char *file, int line, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
static int fail(loader *ld, int code, const char *file, int line, const char *key, const char *fmt, ...)
{
    if (ld->err.code != SF_OK)
        return ld->err.code;
    char why[WHY];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    /* The key may be the user's text (an unknown key or column): escaped and shortened like a value. */
    if (line == SRC_CLI)
        sf_err_set(&ld->err, code, "--set: %s: %s", SF_V(key), why);
    else if (line > 0)
        sf_err_set(&ld->err, code, "%s:%d: %s: %s", file, line, SF_V(key), why);
    else
        sf_err_set(&ld->err, code, "%s: %s: %s", file, SF_V(key), why);
    return code;
}

static void full_key(char *out, size_t n, const section_spec *s, const char *key)
{
    snprintf(out, n, "%s.%s", s->name, key);
}

/* Path of file fi of the chain; the user's file for --set and defaults (fi < 0). */
static const char *file_path(const loader *ld, int fi)
{
    return fi >= 0 && fi < ld->nfiles ? ld->files[fi].path : ld->path;
}

/* ------------------------------------------------------------------ files */

/* Read a whole file. On failure returns SF_EIO (or SF_ENOMEM) with the reason in why, naming the
 * path unless the caller's message already starts with it. */
static int file_read(const char *path, int name_it, char **out, size_t *outlen, char *why, size_t whylen)
{
    char q[4200] = "";
    if (name_it)
        snprintf(q, sizeof q, " '%s'", path);
    int e;
    switch (sf_file_read(path, FILE_LIMIT, out, outlen, &e)) {
    case SF_FILE_OK:
        return SF_OK;
    case SF_FILE_OPEN:
        snprintf(why, whylen, "cannot open%s: %s", q, strerror(e));
        return SF_EIO;
    case SF_FILE_TOO_LARGE:
        snprintf(why, whylen, "cannot read%s: larger than %zu bytes", q, FILE_LIMIT);
        return SF_EIO;
    case SF_FILE_READ:
        snprintf(why, whylen, "cannot read%s: %s", q, strerror(e));
        return SF_EIO;
    default:
        snprintf(why, whylen, "out of memory reading%s", q);
        return SF_ENOMEM;
    }
}

/* rel relative to the folder of the file `from` (rel itself when absolute or when from has no
 * folder), into out. Leading "../" of rel are folded into that folder while its last component is
 * a real directory (not a symbolic link, "." or ".."), for which "dir/.." is the folder holding
 * dir: messages and run.json then say "scenarios/segments.csv", not "scenarios/variants/../
 * segments.csv", and the file meant is the same. Returns the length, or -1 if it does not fit. */
static int path_join(char *out, size_t n, const char *from, const char *rel)
{
    size_t dirlen = 0;
    const char *slash = strrchr(from, '/');
    if (rel[0] != '/' && slash != NULL)
        dirlen = (size_t)(slash - from) + 1;
    while (dirlen > 0 && strncmp(rel, "./", 2) == 0)
        rel += 2;
    while (dirlen > 1 && strncmp(rel, "../", 3) == 0) {
        const size_t end = dirlen - 1; /* the '/' after the folder's last component */
        size_t start = end;
        while (start > 0 && from[start - 1] != '/')
            start--;
        const size_t clen = end - start;
        if (clen == 0 || (clen == 1 && from[start] == '.') || (clen == 2 && strncmp(from + start, "..", 2) == 0))
            break;
        char dir[4096];
        if (end >= sizeof dir)
            break;
        memcpy(dir, from, end);
        dir[end] = '\0';
        struct stat sb;
        if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
            break;
        dirlen = start;
        rel += 3;
    }
    const int len = snprintf(out, n, "%.*s%s", (int)dirlen, from, rel);
    return len < 0 || (size_t)len >= n ? -1 : len;
}

/* ------------------------------------------------------------------ values */

enum { NUM_OK = 0, NUM_EMPTY, NUM_GARBAGE, NUM_NONFINITE };

static int number_parse(const char *s, double *out)
{
    if (*s == '\0')
        return NUM_EMPTY;
    char *end;
    errno = 0;
    const double v = strtod(s, &end);
    if (end == s || *end != '\0')
        return NUM_GARBAGE;
    if (!isfinite(v))
        return NUM_NONFINITE;
    *out = v;
    return NUM_OK;
}

static int in_range(double v, double lo, double hi, int lo_open, int hi_open)
{
    if (lo_open ? !(v > lo) : !(v >= lo))
        return 0;
    if (hi_open ? !(v < hi) : !(v <= hi))
        return 0;
    return 1;
}

/* "a number in [0, 1)", "a number >= 0", "a whole number in [1, 60]". */
static void range_describe(char *out, size_t n, const char *what, double lo, double hi, int lo_open, int hi_open)
{
    if (isinf(hi))
        snprintf(out, n, "%s %s %.15g", what, lo_open ? ">" : ">=", lo);
    else
        snprintf(out, n, "%s in %c%.15g, %.15g%c", what, lo_open ? '(' : '[', lo, hi, hi_open ? ')' : ']');
}

/* Shortest text that reads back to v exactly. */
static void number_format(char *out, size_t n, double v)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, n, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

static void key_range(const key_spec *k, char *out, size_t n)
{
    const char *what = (k->type == KEY_INT || k->type == KEY_LONG) ? "a whole number" : "a number";
    range_describe(out, n, what, k->min, k->max, (k->flags & KEY_MIN_OPEN) != 0, (k->flags & KEY_MAX_OPEN) != 0);
}

/* One number of a key (or of a list element) with its type's checks; 0 or a message in why. */
static int key_number(const key_spec *k, const char *text, const char *label, double *out, char *why, size_t n)
{
    char range[128];
    key_range(k, range, sizeof range);
    double v = 0.0;
    switch (number_parse(text, &v)) {
    case NUM_EMPTY:
        snprintf(why, n, "%sempty; expected %s", label, range);
        return 1;
    case NUM_GARBAGE:
        snprintf(why, n, "%s'%s' is not a number; expected %s", label, SF_V(text), range);
        return 1;
    case NUM_NONFINITE:
        snprintf(why, n, "%s'%s' is not a finite number; expected %s", label, SF_V(text), range);
        return 1;
    default:
        break;
    }
    if ((k->type == KEY_INT || k->type == KEY_LONG) && v != floor(v)) {
        snprintf(why, n, "%s'%s' is not a whole number; expected %s", label, SF_V(text), range);
        return 1;
    }
    if (!in_range(v, k->min, k->max, (k->flags & KEY_MIN_OPEN) != 0, (k->flags & KEY_MAX_OPEN) != 0)) {
        snprintf(why, n, "%s%s is out of range; expected %s", label, text, range);
        return 1;
    }
    *out = v;
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        *--e = '\0';
    return s;
}

/* Whole numbers are written as integers ("20000", not "2e4"), so that a typo cannot pass. */
static int key_whole(const key_spec *k, const char *text, long long *out, char *why, size_t n)
{
    char range[128];
    key_range(k, range, sizeof range);
    if (*text == '\0') {
        snprintf(why, n, "empty; expected %s", range);
        return 1;
    }
    char *end;
    errno = 0;
    const long long v = strtoll(text, &end, 10);
    if (end == text || *end != '\0') {
        snprintf(why, n, "'%s' is not a whole number; expected %s", SF_V(text), range);
        return 1;
    }
    if (errno == ERANGE || !in_range((double)v, k->min, k->max, 0, 0)) {
        snprintf(why, n, "%s is out of range; expected %s", text, range);
        return 1;
    }
    *out = v;
    return 0;
}

/* Parse text into the key's field at base. Returns 0, or 1 with "what is wrong; what is allowed". */
static int key_parse(const key_spec *k, void *base, const char *text, char *why, size_t n)
{
    char *field = (char *)base + k->offset;
    switch (k->type) {
    case KEY_DOUBLE: {
        double v;
        if (key_number(k, text, "", &v, why, n))
            return 1;
        memcpy(field, &v, sizeof v);
        return 0;
    }
    case KEY_INT: {
        long long v;
        if (key_whole(k, text, &v, why, n))
            return 1;
        const int iv = (int)v;
        memcpy(field, &iv, sizeof iv);
        return 0;
    }
    case KEY_LONG: {
        long long v;
        if (key_whole(k, text, &v, why, n))
            return 1;
        const long lv = (long)v;
        memcpy(field, &lv, sizeof lv);
        return 0;
    }
    case KEY_U64: {
        char *end;
        errno = 0;
        const char *p = text;
        while (isdigit((unsigned char)*p))
            p++;
        const unsigned long long v = strtoull(text, &end, 10);
        if (*text == '\0' || *p != '\0' || end == text || *end != '\0') {
            snprintf(why, n, "'%s' is not a whole number; expected a whole number in [0, %llu]", SF_V(text), ULLONG_MAX);
            return 1;
        }
        if (errno == ERANGE) {
            snprintf(why, n, "%s is out of range; expected a whole number in [0, %llu]", text, ULLONG_MAX);
            return 1;
        }
        const unsigned long uv = (unsigned long)v;
        memcpy(field, &uv, sizeof uv);
        return 0;
    }
    case KEY_BOOL: {
        int v;
        if (strcmp(text, "true") == 0)
            v = 1;
        else if (strcmp(text, "false") == 0)
            v = 0;
        else {
            snprintf(why, n, "'%s' is not a boolean; expected true or false", SF_V(text));
            return 1;
        }
        memcpy(field, &v, sizeof v);
        return 0;
    }
    case KEY_STRING:
    case KEY_PATH: {
        const size_t len = strlen(text);
        if (len >= k->aux) {
            snprintf(why, n, "%zu characters long; at most %zu are allowed", len, k->aux - 1);
            return 1;
        }
        memcpy(field, text, len + 1);
        return 0;
    }
    case KEY_ENUM: {
        const char *c = k->choices;
        const size_t len = strlen(text);
        for (int i = 0; *c; i++) {
            const char *bar = strchr(c, '|');
            const size_t clen = bar ? (size_t)(bar - c) : strlen(c);
            if (clen == len && strncmp(c, text, len) == 0) {
                memcpy(field, &i, sizeof i);
                return 0;
            }
            c += clen + (bar != NULL);
        }
        snprintf(why, n, "'%s' is not allowed; expected one of %s", SF_V(text), k->choices);
        return 1;
    }
    case KEY_DLIST:
    case KEY_TIERS: {
        char copy[4096];
        if (strlen(text) >= sizeof copy) {
            snprintf(why, n, "the list is longer than %zu characters", sizeof copy - 1);
            return 1;
        }
        strcpy(copy, text);
        double *vals = (double *)(void *)field;
        double *shares = (double *)(void *)((char *)base + k->aux_offset);
        int count = 0;
        char *s = trim(copy);
        while (*s) {
            char *comma = strchr(s, ',');
            if (comma)
                *comma = '\0';
            char *item = trim(s);
            char label[48];
            snprintf(label, sizeof label, "value %d: ", count + 1);
            if ((size_t)count >= k->aux) {
                snprintf(why, n, "more than %zu values", k->aux);
                return 1;
            }
            if (k->type == KEY_DLIST) {
                if (key_number(k, item, label, &vals[count], why, n))
                    return 1;
            } else {
                char *colon = strchr(item, ':');
                double amount = 0.0;
                if (colon == NULL) {
                    snprintf(why, n, "%s'%s' is not AMOUNT:SHARE; expected pairs like 5e6:0.4,15e6:0.3", label,
                             SF_V(item));
                    return 1;
                }
                *colon = '\0';
                char *a = trim(item), *sh = trim(colon + 1);
                if (number_parse(a, &amount) != NUM_OK || !(amount > 0.0)) {
                    snprintf(why, n, "%samount '%s' is not a number > 0; expected pairs like 5e6:0.4,15e6:0.3",
                             label, SF_V(a));
                    return 1;
                }
                if (count > 0 && !(amount > vals[count - 1])) {
                    snprintf(why, n, "%samount %s is not above the previous tier's %.15g; amounts must increase",
                             label, a, vals[count - 1]);
                    return 1;
                }
                if (key_number(k, sh, label, &shares[count], why, n))
                    return 1;
                vals[count] = amount;
            }
            count++;
            if (comma == NULL)
                break;
            s = comma + 1;
            if (*trim(s) == '\0') {
                snprintf(why, n, "value %d: empty; remove the trailing comma", count + 1);
                return 1;
            }
        }
        memcpy((char *)base + k->count_offset, &count, sizeof count);
        return 0;
    }
    }
    snprintf(why, n, "internal: unknown key type");
    return 1;
}

/* The key's value as text (the inverse of key_parse). */
static void key_format(const key_spec *k, const void *base, char *out, size_t n)
{
    const char *field = (const char *)base + k->offset;
    out[0] = '\0';
    switch (k->type) {
    case KEY_DOUBLE: {
        double v;
        memcpy(&v, field, sizeof v);
        number_format(out, n, v);
        return;
    }
    case KEY_INT:
    case KEY_BOOL:
    case KEY_ENUM: {
        int v;
        memcpy(&v, field, sizeof v);
        if (k->type == KEY_INT) {
            snprintf(out, n, "%d", v);
        } else if (k->type == KEY_BOOL) {
            snprintf(out, n, "%s", v ? "true" : "false");
        } else {
            const char *c = k->choices;
            for (int i = 0; *c; i++) {
                const char *bar = strchr(c, '|');
                const size_t clen = bar ? (size_t)(bar - c) : strlen(c);
                if (i == v) {
                    snprintf(out, n, "%.*s", (int)clen, c);
                    return;
                }
                c += clen + (bar != NULL);
            }
            snprintf(out, n, "%d", v);
        }
        return;
    }
    case KEY_LONG: {
        long v;
        memcpy(&v, field, sizeof v);
        snprintf(out, n, "%ld", v);
        return;
    }
    case KEY_U64: {
        unsigned long v;
        memcpy(&v, field, sizeof v);
        snprintf(out, n, "%lu", v);
        return;
    }
    case KEY_STRING:
    case KEY_PATH:
        snprintf(out, n, "%s", field);
        return;
    case KEY_DLIST:
    case KEY_TIERS: {
        int count;
        memcpy(&count, (const char *)base + k->count_offset, sizeof count);
        size_t used = 0;
        for (int i = 0; i < count && used + 64 < n; i++) {
            double v;
            memcpy(&v, field + (size_t)i * sizeof(double), sizeof v);
            char num[40];
            number_format(num, sizeof num, v);
            used += (size_t)snprintf(out + used, n - used, "%s%s", i ? "," : "", num);
            if (k->type == KEY_TIERS) {
                memcpy(&v, (const char *)base + k->aux_offset + (size_t)i * sizeof(double), sizeof v);
                number_format(num, sizeof num, v);
                used += (size_t)snprintf(out + used, n - used, ":%s", num);
            }
        }
        return;
    }
    }
}

/* ------------------------------------------------------------------ sections and keys */

static int section_find(const char *name)
{
    for (size_t i = 0; i < sf_scenario_nsections; i++)
        if (strcmp(sf_scenario_sections[i]->name, name) == 0)
            return (int)i;
    return -1;
}

static int key_find(const section_spec *s, const char *name)
{
    for (size_t i = 0; i < s->nkeys; i++)
        if (strcmp(s->keys[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void *section_base(loader *ld, const section_spec *s)
{
    return s->in_portfolio ? (void *)&ld->pf : (void *)((char *)ld->sc + s->offset);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 64;
    size_t prev[64], cur[64];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
        memcpy(prev, cur, (lb + 1) * sizeof cur[0]);
    }
    return prev[lb];
}

/* "did you mean 'fee_rate'?" or the list of the section's keys. */
static void key_suggest(const section_spec *s, const char *name, char *out, size_t n)
{
    size_t best = 3;
    const char *hit = NULL;
    for (size_t i = 0; i < s->nkeys; i++) {
        const size_t d = edit_distance(name, s->keys[i].name);
        if (d < best) {
            best = d;
            hit = s->keys[i].name;
        }
    }
    if (hit) {
        snprintf(out, n, "did you mean '%s'?", hit);
        return;
    }
    size_t used = (size_t)snprintf(out, n, "the keys of [%s] are", s->name);
    for (size_t i = 0; i < s->nkeys && used < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%s %s", i ? "," : "", s->keys[i].name);
}

static void section_list(char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sf_scenario_nsections && used < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%s%s", i ? ", " : "", sf_scenario_sections[i]->name);
}

/* Provenance: file fi (-1: --set) names the section of st. */
static void section_named(section_state *st, int fi)
{
    if (!st->named || fi < st->nearest)
        st->nearest = fi;
    st->named = 1;
}

/* Set one key from line `line` of file fi, or from --set (fi = -1, line = SRC_CLI). A key set again
 * in the same file is a duplicate; set in a file after its base, it overrides the base's value. */
static int key_set(loader *ld, int si, const char *name, const char *value, int fi, int line)
{
    const section_spec *s = sf_scenario_sections[si];
    section_state *st = &ld->st[si];
    const char *path = file_path(ld, fi);
    char fk[160], why[WHY];
    full_key(fk, sizeof fk, s, name);
    const int ki = key_find(s, name);
    if (ki < 0) {
        if (line > 0 && strcmp(name, "base") == 0)
            return fail(ld, SF_EINVAL, path, line, fk,
                        "'base = FILE' (the file this one builds on) must come before the first [section] "
                        "header");
        key_suggest(s, name, why, sizeof why);
        return fail(ld, SF_EINVAL, path, line, fk, "unknown key in [%s]; %s", s->name, why);
    }
    if (line > 0 && st->key_line[ki] > 0 && st->key_file[ki] == fi)
        return fail(ld, SF_EINVAL, path, line, fk, "duplicate key (first set on line %d); set each key once",
                    st->key_line[ki]);
    if (key_parse(&s->keys[ki], section_base(ld, s), value, why, sizeof why))
        return fail(ld, SF_EINVAL, path, line, fk, "%s", why);
    st->key_file[ki] = fi;
    st->key_line[ki] = line;
    section_named(st, fi);
    if (!st->present) {
        st->present = 1;
        st->file = fi;
        st->line = line;
    }
    return SF_OK;
}

/* ------------------------------------------------------------------ the .ini pass */

/* Every line must fit libinih's buffer whole, or it would be split silently, and hold no NUL. */
static int ini_prescan(ini_file *f)
{
    int line = 1;
    const char *p = f->buf, *end = f->buf + f->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t len = (size_t)(e - p);
        if (len > 0 && p[len - 1] == '\r')
            len--;
        if (len > LINE_LIMIT)
            return fail(f->ld, SF_EPARSE, f->path, line, "line too long",
                        "%zu bytes; at most %d bytes are allowed on a line (libinih would split it silently)",
                        len, LINE_LIMIT);
        /* A NUL byte would end the line for libinih and hide the rest of it: not a text file. */
        const char *nul = memchr(p, '\0', len);
        if (nul != NULL)
            return fail(f->ld, SF_EPARSE, f->path, line, "syntax",
                        "a NUL byte at byte %zu of the line; a scenario is a text file", (size_t)(nul - p) + 1);
        if (nl == NULL)
            break;
        p = nl + 1;
        line++;
    }
    return SF_OK;
}

/* Note the section header on the line about to be handed to libinih, as libinih will read it:
 * after stripping, '[' then the name up to ']' (an inline "; comment" ends the search). A section
 * may appear once in each file; a file may name a section its base has too. */
static void ini_note_header(ini_file *f, const char *line)
{
    loader *ld = f->ld;
    const char *s = line;
    if (f->lineno == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    const int indented = (*s == ' ' || *s == '\t');
    while (isspace((unsigned char)*s))
        s++;
    if (*s == ';' || *s == '#' || *s == '\0')
        return;
    if (indented && f->keys_since_header)
        return; /* libinih reads it as a continuation: the handler reports it */
    if (*s != '[')
        return;
    const char *p = s + 1;
    while (*p && *p != ']' && !(*p == ';' && isspace((unsigned char)p[-1])))
        p++;
    if (*p != ']')
        return; /* libinih reports the syntax error */
    f->keys_since_header = 0;
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(p - s - 1) < 63 ? (int)(p - s - 1) : 63, s + 1);
    char key[80];
    snprintf(key, sizeof key, "[%s]", name);
    const int si = section_find(name);
    if (si < 0) {
        char list[256];
        section_list(list, sizeof list);
        fail(ld, SF_EINVAL, f->path, f->lineno, key, "unknown section; the sections are %s", list);
        f->err_line = f->lineno;
        return;
    }
    section_state *st = &ld->st[si];
    if (st->present && st->file == f->index) {
        fail(ld, SF_EINVAL, f->path, f->lineno, key,
             "duplicate section (first on line %d); put all its keys under one header", st->line);
        f->err_line = f->lineno;
        return;
    }
    st->present = 1;
    st->file = f->index;
    st->line = f->lineno;
    section_named(st, f->index);
}

/* libinih's fgets-style reader over the text in memory, one line per call. */
static char *line_reader(char *str, int num, void *stream)
{
    ini_file *f = stream;
    if (f->ld->err.code != SF_OK || f->pos >= f->len)
        return NULL; /* the first error stops the parse */
    const char *start = f->buf + f->pos;
    const char *nl = memchr(start, '\n', f->len - f->pos);
    const size_t n = nl ? (size_t)(nl - start) + 1 : f->len - f->pos;
    f->lineno++;
    if (n >= (size_t)num) { /* the prescan makes this impossible; never overflow libinih's buffer */
        fail(f->ld, SF_EPARSE, f->path, f->lineno, "line too long", "at most %d bytes are allowed on a line",
             num - 3);
        f->err_line = f->lineno;
        return NULL;
    }
    memcpy(str, start, n);
    str[n] = '\0';
    f->pos += n;
    f->raw = start;
    f->rawlen = n;
    ini_note_header(f, str);
    return str;
}

static int ini_file_load(ini_file *f);

/* `base = rel` on line `line` of f: load that file, and its own bases, before the rest of f. The path
 * is relative to f's folder, as [portfolio] paths are. */
static int base_load(ini_file *f, const char *rel, int line)
{
    loader *ld = f->ld;
    if (f->base_line > 0)
        return fail(ld, SF_EINVAL, f->path, line, "base", "duplicate key (first set on line %d); a file has one base",
                    f->base_line);
    f->base_line = line;
    if (*rel == '\0')
        return fail(ld, SF_EINVAL, f->path, line, "base", "empty; expected the path of the base .ini, relative to "
                    "this file");
    if (f->index >= BASE_DEPTH_MAX)
        return fail(ld, SF_EINVAL, f->path, line, "base",
                    "'%s' would be base number %d in a chain; at most %d bases deep are allowed",
                    rel, f->index + 1, BASE_DEPTH_MAX);
    char joined[sizeof ld->sc->path];
    const int n = path_join(joined, sizeof joined, f->path, rel);
    if (n < 0)
        return fail(ld, SF_EINVAL, f->path, line, "base", "the path is longer than %zu characters",
                    sizeof joined - 1);
    char *path = malloc((size_t)n + 1);
    if (path == NULL)
        return fail(ld, SF_ENOMEM, f->path, line, "base", "out of memory");
    memcpy(path, joined, (size_t)n + 1);
    ini_file *b = &ld->files[f->index + 1];
    memset(b, 0, sizeof *b);
    b->ld = ld;
    b->index = f->index + 1;
    b->path = path;
    ld->nfiles = b->index + 1;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return fail(ld, SF_EIO, f->path, line, "base", "cannot open '%s': %s", path, strerror(errno));
    b->dev = sb.st_dev;
    b->ino = sb.st_ino;
    b->have_id = 1;
    if (b->index - 1 < (int)(sizeof ld->sc->bases / sizeof ld->sc->bases[0]) &&
        strlen(path) < sizeof ld->sc->bases[0]) {
        memcpy(ld->sc->bases[b->index - 1], path, strlen(path) + 1);
        ld->sc->nbases = b->index;
    }
    for (int i = 0; i < b->index; i++)
        if (ld->files[i].have_id && ld->files[i].dev == b->dev && ld->files[i].ino == b->ino)
            return i == f->index
                       ? fail(ld, SF_EINVAL, f->path, line, "base", "'%s' is this file; a file cannot be its own base",
                              rel)
                       : fail(ld, SF_EINVAL, f->path, line, "base",
                              "'%s' is %s, which is loading already: the bases form a cycle; a file cannot be its "
                              "own base, directly or through other bases",
                              rel, ld->files[i].path);
    return ini_file_load(b);
}

static int key_handler(void *user, const char *section, const char *name, const char *value)
{
    ini_file *f = user;
    loader *ld = f->ld;
    if (ld->err.code != SF_OK)
        return 1;
    const int line = f->lineno;
    char fk[160];
    snprintf(fk, sizeof fk, "%s%s%s", section, *section ? "." : "", name);
    if (f->rawlen > 0 && (f->raw[0] == ' ' || f->raw[0] == '\t') && f->keys_since_header) {
        fail(ld, SF_EPARSE, f->path, line, fk,
             "the indented line '%s' is read as a continuation of this key's value; start every line at "
             "the left margin",
             SF_V(value));
    } else if (*section == '\0' && strcmp(name, "base") == 0) {
        base_load(f, value, line);
    } else if (*section == '\0') {
        fail(ld, SF_EINVAL, f->path, line, name,
             "key outside any section; put it under its [section] header (only 'base = FILE' comes before the "
             "first section)");
    } else {
        const int si = section_find(section);
        if (si < 0) {
            char list[256];
            section_list(list, sizeof list);
            fail(ld, SF_EINVAL, f->path, line, fk, "unknown section [%s]; the sections are %s", section, list);
        } else {
            key_set(ld, si, name, value, f->index, line);
        }
    }
    f->keys_since_header = 1;
    if (ld->err.code != SF_OK && f->err_line == 0)
        f->err_line = line;
    return 1;
}

/* Read and parse file f (index 0: the user's file; otherwise a base, whose read errors are reported
 * at the `base =` line that names it). */
static int ini_file_load(ini_file *f)
{
    loader *ld = f->ld;
    char why[WHY];
    const int rc = file_read(f->path, f->index > 0, &f->buf, &f->len, why, sizeof why);
    if (rc != SF_OK) {
        if (f->index == 0) {
            sf_err_set(&ld->err, rc, "%s: %s", f->path, why);
            return rc;
        }
        const ini_file *by = &ld->files[f->index - 1];
        return fail(ld, rc, by->path, by->base_line, "base", "%s", why);
    }
    if (ini_prescan(f) == SF_OK) {
        const int bad = ini_parse_stream(line_reader, f, key_handler, f);
        if (bad > 0 && (ld->err.code == SF_OK || bad < f->err_line)) {
            sf_err_clear(&ld->err);
            fail(ld, SF_EPARSE, f->path, bad, "syntax", "expected '[section]', 'key = value' or a '; comment'");
        }
        if (bad < 0 && ld->err.code == SF_OK)
            fail(ld, SF_ENOMEM, f->path, 0, "file", "libinih failed (%d)", bad);
    }
    free(f->buf); /* f->raw pointed into it; the parse is over */
    f->buf = NULL;
    f->raw = NULL;
    return ld->err.code;
}

/* The user's file and, through its `base =`, the chain of bases. A name set only in a base is
 * dropped: simulation.name names the results folder, and a variant that inherited its baseline's
 * name would write its results over the baseline's; it gets its own file name instead. */
static int ini_load(loader *ld)
{
    ini_file *f = &ld->files[0];
    memset(f, 0, sizeof *f);
    f->ld = ld;
    const size_t n = strlen(ld->path) + 1;
    f->path = malloc(n);
    if (f->path == NULL)
        return fail(ld, SF_ENOMEM, ld->path, 0, "file", "out of memory");
    memcpy(f->path, ld->path, n);
    ld->nfiles = 1;
    struct stat sb;
    if (stat(f->path, &sb) == 0) { /* if not, reading it reports why */
        f->dev = sb.st_dev;
        f->ino = sb.st_ino;
        f->have_id = 1;
    }
    const int rc = ini_file_load(f);
    if (rc != SF_OK)
        return rc;
    const int si = section_find("simulation");
    const int ki = key_find(sf_scenario_sections[si], "name");
    section_state *st = &ld->st[si];
    if (st->key_line[ki] > 0 && st->key_file[ki] > 0) {
        ld->sc->sim.name[0] = '\0';
        st->key_line[ki] = SRC_DEFAULT;
    }
    return SF_OK;
}

/* "section.key=value" */
static int set_apply(loader *ld, const char *arg)
{
    char copy[4096];
    if (strlen(arg) >= sizeof copy)
        return fail(ld, SF_EINVAL, ld->path, SRC_CLI, "(too long)", "longer than %zu characters", sizeof copy - 1);
    strcpy(copy, arg);
    char *eq = strchr(copy, '=');
    char *dot = strchr(copy, '.');
    if (eq == NULL || dot == NULL || dot > eq) {
        if (eq)
            *eq = '\0';
        return fail(ld, SF_EINVAL, ld->path, SRC_CLI, trim(copy), "expected SECTION.KEY=VALUE, e.g. guarantee.fee_rate=0.005");
    }
    *eq = '\0';
    *dot = '\0';
    char *section = trim(copy), *key = trim(dot + 1), *value = trim(eq + 1);
    const int si = section_find(section);
    if (si < 0) {
        char list[256], fk[160];
        section_list(list, sizeof list);
        snprintf(fk, sizeof fk, "%s.%s", section, key);
        return fail(ld, SF_EINVAL, ld->path, SRC_CLI, fk, "unknown section [%s]; the sections are %s", section, list);
    }
    return key_set(ld, si, key, value, -1, SRC_CLI);
}

/* ------------------------------------------------------------------ defaults and resolution */

/* Every key's default text from the key tables into sc (the [portfolio] keys into pf): the one
 * place the Contract defaults are written. Keys without a default are left as they are (0 after
 * a memset). Returns NULL, or on a default that does not parse (a bug in a table; a test loads
 * every default) the section_spec and key index, with the reason in why. */
static const section_spec *table_defaults(sf_scenario *sc, loader_portfolio *pf, size_t *bad_key, char *why,
                                          size_t n)
{
    for (size_t si = 0; si < sf_scenario_nsections; si++) {
        const section_spec *s = sf_scenario_sections[si];
        assert(s->nkeys <= MAX_KEYS);
        void *base = s->in_portfolio ? (void *)pf : (void *)((char *)sc + s->offset);
        for (size_t ki = 0; ki < s->nkeys; ki++)
            if (s->keys[ki].def != NULL && key_parse(&s->keys[ki], base, s->keys[ki].def, why, n)) {
                *bad_key = ki;
                return s;
            }
    }
    return NULL;
}

static int defaults_apply(loader *ld)
{
    char why[WHY], fk[160];
    size_t ki = 0;
    const section_spec *s = table_defaults(ld->sc, &ld->pf, &ki, why, sizeof why);
    if (s == NULL)
        return SF_OK;
    full_key(fk, sizeof fk, s, s->keys[ki].name);
    return fail(ld, SF_EFAIL, "scenarios/keys", 0, fk, "internal: bad default '%s': %s", s->keys[ki].def, why);
}

void sf_scenario_defaults(sf_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    loader_portfolio pf;
    memset(&pf, 0, sizeof pf);
    char why[WHY];
    size_t ki = 0;
    const section_spec *bad = table_defaults(sc, &pf, &ki, why, sizeof why);
    assert(bad == NULL);
    (void)bad;
    sc->scale = (sf_portfolio_scales){pf.pd_scale, pf.lgd_scale, pf.rho_scale, pf.loans_scale};
    snprintf(sc->sim.name, sizeof sc->sim.name, "scenario"); /* the loader uses the .ini file's name */
    for (int m = 0; m < SF_NMECHANISMS; m++)
        sc->mech_from[m] = SF_FROM_NONE;
    sc->loans_from = SF_FROM_NONE;
    /* A mechanism is on only when a scenario has its section. */
    for (size_t si = 0; si < sf_scenario_nsections; si++) {
        const section_spec *s = sf_scenario_sections[si];
        for (size_t k = 0; s->is_mechanism && k < s->nkeys; k++)
            if (s->keys[k].flags & KEY_ENABLED)
                *(int *)(void *)((char *)sc + s->offset + s->keys[k].offset) = 0;
    }
}

/* The .ini's file name without directory and extension, with characters outside [A-Za-z0-9._-]
 * replaced by '_' (it names the results folder). */
static void name_from_path(char *out, size_t n, const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t len = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    if (len >= n)
        len = n - 1;
    for (size_t i = 0; i < len; i++) {
        const char c = b[i];
        out[i] = (isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-') ? c : '_';
    }
    out[len] = '\0';
    if (out[0] == '.' || out[0] == '\0')
        snprintf(out, n, "scenario");
}

/* File and line to blame for key ki of section si (ki < 0: the section): where the key was set
 * last; for a key not set, the section's last header; or the user's file without a line. */
static blame key_blame(const loader *ld, int si, int ki)
{
    const section_state *st = &ld->st[si];
    if (ki >= 0 && st->key_line[ki] != SRC_DEFAULT)
        return (blame){file_path(ld, st->key_file[ki]), st->key_line[ki]};
    if (st->present)
        return (blame){file_path(ld, st->file), st->line};
    return (blame){ld->path, SRC_DEFAULT};
}

static int sections_resolve(loader *ld)
{
    sf_scenario *sc = ld->sc;
    for (size_t si = 0; si < sf_scenario_nsections; si++) {
        const section_spec *s = sf_scenario_sections[si];
        section_state *st = &ld->st[si];
        void *base = section_base(ld, s);
        int enabled = 1;
        if (s->is_mechanism) {
            for (size_t ki = 0; ki < s->nkeys; ki++) {
                if (s->keys[ki].flags & KEY_ENABLED) {
                    int *field = (int *)(void *)((char *)base + s->keys[ki].offset);
                    if (!st->present)
                        *field = 0;
                    enabled = *field;
                }
            }
        }
        if (!enabled)
            continue;
        for (size_t ki = 0; ki < s->nkeys; ki++) {
            if (s->keys[ki].def == NULL && st->key_line[ki] == SRC_DEFAULT) {
                char fk[160];
                full_key(fk, sizeof fk, s, s->keys[ki].name);
                const blame b = key_blame(ld, (int)si, -1);
                return fail(ld, SF_EINVAL, b.file, b.line, fk, "missing; this key has no default and is required when [%s] is %s", s->name,
                            s->is_mechanism ? "enabled" : "present");
            }
        }
        if (s == &sf_scenario_section_simulation && sc->sim.name[0] == '\0')
            name_from_path(sc->sim.name, sizeof sc->sim.name, ld->path);
        if (s->finish) {
            const char *key = NULL;
            char why[WHY];
            if (s->finish(base, sc, &key, why, sizeof why)) {
                char fk[160];
                full_key(fk, sizeof fk, s, key ? key : "?");
                const int ki = key ? key_find(s, key) : -1;
                const blame b = key_blame(ld, (int)si, ki);
                return fail(ld, SF_EINVAL, b.file, b.line, fk, "%s", why);
            }
        }
    }
    return SF_OK;
}

/* ------------------------------------------------------------------ the CSV */

/* Read the CSV at path into *rows; a file that cannot be read is blamed on `by`, the key naming it. */
static int csv_read(loader *ld, const char *path, csv_table **rows, blame by, const char *key)
{
    char *buf = NULL, why[WHY];
    size_t len = 0;
    int rc = file_read(path, 1, &buf, &len, why, sizeof why);
    if (rc != SF_OK)
        return fail(ld, rc, by.file, by.line, key, "%s", why);
    if (ld->err.code != SF_OK) /* the first error wins, as in fail() */
        rc = ld->err.code;
    else
        rc = sf_csv_table_parse(path, buf, len, rows, NULL, &ld->err);
    free(buf);
    return rc;
}

/* Index of name in a growing table of names; adds it when new. -1 on out of memory. */
static int name_intern(char (**names)[SF_NAME_MAX], int *n, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (strcmp((*names)[i], name) == 0)
            return i;
    char(*nn)[SF_NAME_MAX] = realloc(*names, (size_t)(*n + 1) * sizeof **names);
    if (nn == NULL)
        return -1;
    *names = nn;
    snprintf(nn[*n], SF_NAME_MAX, "%s", name);
    return (*n)++;
}

static const char *mode_noun(unsigned mode)
{
    return mode == COL_LOANS ? "loan book (loans =)" : "segments file (segments =)";
}

static void columns_list(char *out, size_t n, unsigned mode, int required_only)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t c = 0; c < sf_scenario_ncolumns && used < n; c++) {
        const col_spec *cs = &sf_scenario_columns[c];
        if (!(cs->in & mode) || (required_only && !(cs->required & mode)))
            continue;
        used += (size_t)snprintf(out + used, n - used, "%s%s", used ? "," : "", cs->name);
    }
}

/* One cell into seg. Returns SF_OK or the error. */
static int cell_parse(loader *ld, const char *path, int line, const col_spec *cs, unsigned mode, const char *text,
                      sf_segment *seg)
{
    sf_scenario *sc = ld->sc;
    const size_t len = strlen(text);
    if (len == 0) {
        if (cs->required & mode)
            return fail(ld, SF_EINVAL, path, line, cs->name, "empty; a value is required in a %s", mode_noun(mode));
        return SF_OK; /* keeps the column's default */
    }
    switch (cs->kind) {
    case COL_ID:
    case COL_SECTOR:
    case COL_BANK: {
        if (len >= SF_NAME_MAX)
            return fail(ld, SF_EINVAL, path, line, cs->name, "'%s' is %zu characters long; at most %d are allowed",
                        SF_V(text), len, SF_NAME_MAX - 1);
        if (cs->kind == COL_ID) {
            memcpy(seg->id, text, len + 1);
            return SF_OK;
        }
        const int idx = cs->kind == COL_SECTOR ? name_intern(&sc->sectors, &sc->nsectors, text)
                                               : name_intern(&sc->banks, &sc->nbanks, text);
        if (idx < 0)
            return fail(ld, SF_ENOMEM, path, line, cs->name, "out of memory");
        if (cs->kind == COL_SECTOR)
            seg->sector = idx;
        else
            seg->bank = idx;
        return SF_OK;
    }
    case COL_SIZE: {
        const int idx = sf_name_index(sf_size_names, SF_NSIZES, text);
        if (idx < 0)
            return fail(ld, SF_EINVAL, path, line, cs->name, "unknown size '%s'; expected one of micro|small|medium",
                        SF_V(text));
        seg->size = (sf_size)idx;
        return SF_OK;
    }
    case COL_PRODUCT: {
        const int idx = sf_name_index(sf_product_names, SF_NPRODUCTS, text);
        if (idx < 0)
            return fail(ld, SF_EINVAL, path, line, cs->name,
                        "unknown product '%s'; expected one of "
                        "first_loan|credit|ip_pledge|renewal|secured|supply_chain|procurement_order",
                        SF_V(text));
        seg->product = (sf_product)idx;
        return SF_OK;
    }
    case COL_NUM:
    case COL_YEAR: {
        char range[128];
        range_describe(range, sizeof range, (cs->flags & COL_WHOLE) ? "a whole number" : "a number", cs->min,
                       cs->max, (cs->flags & COL_MIN_OPEN) != 0, (cs->flags & COL_MAX_OPEN) != 0);
        if (cs->flags & COL_BLANK_NAN)
            strncat(range, " or blank", sizeof range - strlen(range) - 1);
        double v = 0.0;
        const int st = number_parse(text, &v);
        if (st == NUM_GARBAGE)
            return fail(ld, SF_EINVAL, path, line, cs->name, "'%s' is not a number; expected %s", SF_V(text), range);
        if (st == NUM_NONFINITE)
            return fail(ld, SF_EINVAL, path, line, cs->name, "'%s' is not a finite number; expected %s", SF_V(text), range);
        if ((cs->flags & COL_WHOLE) && v != floor(v))
            return fail(ld, SF_EINVAL, path, line, cs->name, "'%s' is not a whole number; expected %s", SF_V(text), range);
        if (!in_range(v, cs->min, cs->max, (cs->flags & COL_MIN_OPEN) != 0, (cs->flags & COL_MAX_OPEN) != 0))
            return fail(ld, SF_EINVAL, path, line, cs->name, "%s is out of range; expected %s", text, range);
        if (cs->kind == COL_YEAR) {
            const int y = (int)v;
            memcpy((char *)seg + cs->offset, &y, sizeof y);
        } else {
            memcpy((char *)seg + cs->offset, &v, sizeof v);
        }
        return SF_OK;
    }
    }
    return fail(ld, SF_EFAIL, path, line, cs->name, "internal: unknown column kind");
}

/* Checks across the columns of one row, and what the loader derives from them. */
static int row_finish(loader *ld, const char *path, unsigned mode, sf_segment *seg)
{
    const sf_scenario *sc = ld->sc;
    /* The [portfolio] multipliers, as if the file held the scaled values (the Basel rho below is
     * then that of the scaled pd). */
    const sf_portfolio_scales *k = &sc->scale;
    if (k->pd != 1.0) {
        const double v = seg->pd * k->pd;
        if (!(v < 1.0))
            return fail(ld, SF_EINVAL, path, seg->line, "pd",
                        "%.15g x portfolio.pd_scale %.15g = %.15g; allowed: a scaled pd in [0, 1)", seg->pd, k->pd, v);
        seg->pd = v;
    }
    if (k->lgd != 1.0) {
        const double v = seg->lgd * k->lgd;
        if (!(v <= 1.0))
            return fail(ld, SF_EINVAL, path, seg->line, "lgd",
                        "%.15g x portfolio.lgd_scale %.15g = %.15g; allowed: a scaled lgd in [0, 1]", seg->lgd, k->lgd, v);
        seg->lgd = v;
    }
    if (k->loans != 1.0 && mode == COL_SEGMENTS) {
        const double v = floor(seg->loans * k->loans + 0.5);
        if (!(v <= 1e9))
            return fail(ld, SF_EINVAL, path, seg->line, "loans",
                        "%.15g x portfolio.loans_scale %.15g = %.15g; allowed: at most 1e9 loans", seg->loans, k->loans, v);
        seg->loans = v;
    }
    /* A Beta law with mean m and sd s exists only for s^2 < m(1 - m). */
    const double var_max = seg->lgd * (1.0 - seg->lgd);
    if (seg->lgd_sd > 0.0 && !(seg->lgd_sd * seg->lgd_sd < var_max))
        return fail(ld, SF_EINVAL, path, seg->line, "lgd_sd",
                    "%.15g is too large for lgd = %.15g; a Beta LGD needs lgd_sd^2 < lgd(1 - lgd), i.e. "
                    "lgd_sd < %.6g (or lgd_sd = 0 for a fixed LGD)",
                    seg->lgd_sd, seg->lgd, sqrt(var_max));
    if (mode == COL_LOANS) {
        if (seg->maturity_year < sc->sim.start_year)
            return fail(ld, SF_EINVAL, path, seg->line, "maturity_year",
                        "%d is before simulation.start_year = %d; a loan in the book must mature in or after "
                        "the first year",
                        seg->maturity_year, sc->sim.start_year);
        seg->loans = 1.0;
        const int tenor = seg->maturity_year - sc->sim.start_year + 1;
        seg->tenor = tenor < 1 ? 1.0 : (double)tenor;
        seg->growth = 0.0;
    }
    if (isnan(seg->rho)) {
        seg->rho = sf_irb_corr_segment(seg->size, seg->pd, seg->turnover_m, sc->econ.cny_per_eur);
        seg->rho_from_basel = 1;
    }
    if (k->rho != 1.0) {
        const double v = seg->rho * k->rho;
        if (!(v < 1.0))
            return fail(ld, SF_EINVAL, path, seg->line, "rho",
                        "%.15g x portfolio.rho_scale %.15g = %.15g; allowed: a scaled rho in [0, 1)", seg->rho, k->rho, v);
        seg->rho = v;
    }
    return SF_OK;
}

typedef struct id_ref {
    const char *id;
    int line;
} id_ref;

static int id_cmp(const void *a, const void *b)
{
    const id_ref *x = a, *y = b;
    const int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int ids_unique(loader *ld, const char *path)
{
    const sf_scenario *sc = ld->sc;
    id_ref *refs = malloc(sc->nsegs * sizeof *refs);
    if (refs == NULL)
        return fail(ld, SF_ENOMEM, path, 0, "id", "out of memory");
    for (size_t i = 0; i < sc->nsegs; i++)
        refs[i] = (id_ref){sc->segs[i].id, sc->segs[i].line};
    qsort(refs, sc->nsegs, sizeof *refs, id_cmp);
    size_t worst = 0; /* the duplicate that comes first in the file */
    for (size_t i = 1; i < sc->nsegs; i++)
        if (strcmp(refs[i].id, refs[i - 1].id) == 0 && (worst == 0 || refs[i].line < refs[worst].line))
            worst = i;
    int rc = SF_OK;
    if (worst) {
        size_t first = worst;
        while (first > 0 && strcmp(refs[first - 1].id, refs[worst].id) == 0)
            first--;
        rc = fail(ld, SF_EINVAL, path, refs[worst].line, "id", "duplicate id '%s' (first on line %d); ids must be unique",
                  SF_V(refs[worst].id), refs[first].line);
    }
    free(refs);
    return rc;
}

static int portfolio_load(loader *ld)
{
    sf_scenario *sc = ld->sc;
    const int psi = section_find("portfolio");
    const section_spec *ps = sf_scenario_sections[psi];
    const unsigned mode = ld->pf.loans[0] ? COL_LOANS : COL_SEGMENTS;
    const char *rel = mode == COL_LOANS ? ld->pf.loans : ld->pf.segments;
    char key[64];
    full_key(key, sizeof key, ps, mode == COL_LOANS ? "loans" : "segments");
    const blame by = key_blame(ld, psi, key_find(ps, mode == COL_LOANS ? "loans" : "segments"));

    /* Relative to the directory of the .ini that set the key (a base's own folder for a path set in
     * a base); a --set path is relative to the user's .ini, as if it were written in it. */
    const char *ini = by.line > 0 ? by.file : ld->path;
    if (path_join(sc->segments_path, sizeof sc->segments_path, ini, rel) < 0)
        return fail(ld, SF_EINVAL, by.file, by.line, key, "the path is longer than %zu characters",
                    sizeof sc->segments_path - 1);
    sc->is_loan_book = mode == COL_LOANS;
    const char *path = sc->segments_path;

    csv_table *rows = NULL;
    int rc = csv_read(ld, path, &rows, by, key);
    int colmap[64]; /* header position -> sf_scenario_columns index */
    size_t ncols = 0;
    char list[320];
    if (rc == SF_OK && sf_csv_table_nrows(rows) == 0) {
        columns_list(list, sizeof list, mode, 1);
        rc = fail(ld, SF_EINVAL, path, 1, "header", "empty file; expected a header row with at least %s", list);
    }
    if (rc == SF_OK) {
        ncols = sf_csv_table_nfields(rows, 0);
        if (ncols > sizeof colmap / sizeof colmap[0])
            rc = fail(ld, SF_EINVAL, path, sf_csv_table_line(rows, 0), "header",
                      "%zu columns; at most %zu are allowed", ncols, sizeof colmap / sizeof colmap[0]);
    }
    for (size_t j = 0; rc == SF_OK && j < ncols; j++) {
        const char *name = sf_csv_table_cell(rows, 0, j);
        colmap[j] = -1;
        for (size_t c = 0; c < sf_scenario_ncolumns; c++)
            if ((sf_scenario_columns[c].in & mode) && strcmp(sf_scenario_columns[c].name, name) == 0)
                colmap[j] = (int)c;
        if (colmap[j] < 0) {
            columns_list(list, sizeof list, mode, 0);
            rc = fail(ld, SF_EINVAL, path, sf_csv_table_line(rows, 0), name[0] ? name : "(blank)",
                      "unknown column in a %s; the columns are %s", mode_noun(mode), list);
        }
        for (size_t i = 0; rc == SF_OK && i < j; i++)
            if (colmap[i] == colmap[j])
                rc = fail(ld, SF_EINVAL, path, sf_csv_table_line(rows, 0), name,
                          "duplicate column (also column %zu); give each column once", i + 1);
    }
    for (size_t c = 0; rc == SF_OK && c < sf_scenario_ncolumns; c++) {
        if (!(sf_scenario_columns[c].required & mode))
            continue;
        int found = 0;
        for (size_t j = 0; j < ncols; j++)
            found |= colmap[j] == (int)c;
        if (!found) {
            columns_list(list, sizeof list, mode, 1);
            rc = fail(ld, SF_EINVAL, path, sf_csv_table_line(rows, 0), sf_scenario_columns[c].name,
                      "missing required column; a %s needs %s", mode_noun(mode), list);
        }
    }
    if (rc == SF_OK && sf_csv_table_nrows(rows) < 2)
        rc = fail(ld, SF_EINVAL, path, sf_csv_table_line(rows, 0) + 1, "id",
                  "no %s; add at least one row under the header", mode == COL_LOANS ? "loans" : "segments");
    if (rc == SF_OK) {
        sc->nsegs = sf_csv_table_nrows(rows) - 1;
        sc->segs = calloc(sc->nsegs, sizeof *sc->segs);
        if (sc->segs == NULL) {
            sc->nsegs = 0;
            rc = fail(ld, SF_ENOMEM, path, 0, "segments", "out of memory");
        }
    }
    for (size_t r = 1; rc == SF_OK && r < sf_csv_table_nrows(rows); r++) {
        sf_segment *seg = &sc->segs[r - 1];
        const int line = sf_csv_table_line(rows, r);
        const size_t nf = sf_csv_table_nfields(rows, r);
        if (nf != ncols) {
            rc = fail(ld, SF_EPARSE, path, line, "row", "%zu fields but the header has %zu; give every column a "
                      "value (blank for the default)", nf, ncols);
            break;
        }
        for (size_t c = 0; c < sf_scenario_ncolumns; c++) {
            const col_spec *cs = &sf_scenario_columns[c];
            if ((cs->in & mode) && (cs->kind == COL_NUM))
                memcpy((char *)seg + cs->offset, &cs->def, sizeof cs->def);
        }
        seg->line = line;
        for (size_t j = 0; rc == SF_OK && j < ncols; j++)
            rc = cell_parse(ld, path, line, &sf_scenario_columns[colmap[j]], mode, sf_csv_table_cell(rows, r, j),
                            seg);
        if (rc == SF_OK)
            rc = row_finish(ld, path, mode, seg);
    }
    if (rc == SF_OK)
        rc = ids_unique(ld, path);
    sf_csv_table_free(rows);
    return rc;
}

/* ------------------------------------------------------------------ public */

/* The comment lines (';' or '#') right above line `line` of the text, joined by spaces, into out
 * ("" when the line above is not a comment). libinih drops comments; this reads the lines of a
 * file the parse accepted, it parses nothing. */
static void comment_above(const char *buf, size_t len, int line, char *out, size_t n)
{
    out[0] = '\0';
    const char *starts[64];
    int ns = 0, ln = 1;
    const char *p = buf, *end = buf + len;
    /* the start of each of the (at most 64) lines above `line` */
    while (p < end && ln < line) {
        starts[ns++ % 64] = p;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
        ln++;
    }
    int first = ns, k = ns - 1;
    for (; k >= 0 && k > ns - 64; k--) { /* walk up while the lines are comments */
        const char *q = starts[k % 64];
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q != ';' && *q != '#')
            break;
        first = k;
    }
    size_t o = 0;
    for (k = first; k < ns && o + 1 < n; k++) {
        const char *q = starts[k % 64], *e = memchr(q, '\n', (size_t)(end - q));
        if (!e)
            e = end;
        while (q < e && (*q == ' ' || *q == '\t'))
            q++;
        while (q < e && (*q == ';' || *q == '#'))
            q++;
        while (q < e && (*q == ' ' || *q == '\t'))
            q++;
        while (e > q && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e == q)
            continue;
        const int w = snprintf(out + o, n - o, "%s%.*s", o ? " " : "", (int)(e - q), q);
        o = w < 0 ? o : (o + (size_t)w < n ? o + (size_t)w : n - 1);
    }
}

/* Each key a file or --set gave: its origin ("FILE:LINE", "--set") into origin, and the comment
 * above its line (the scenario's note of its source) into notes when there is one. */
static int origins_collect(loader *ld, sf_params *origin, sf_params *notes)
{
    char *buf[BASE_DEPTH_MAX + 1] = {NULL};
    size_t len[BASE_DEPTH_MAX + 1] = {0};
    int rc = SF_OK;
    for (size_t si = 0; rc == SF_OK && si < sf_scenario_nsections; si++) {
        const section_spec *s = sf_scenario_sections[si];
        const section_state *st = &ld->st[si];
        for (size_t ki = 0; rc == SF_OK && ki < s->nkeys; ki++) {
            char o[4400], note[1024] = "";
            if (st->key_line[ki] == SRC_CLI)
                snprintf(o, sizeof o, "--set");
            else if (st->key_line[ki] > 0) {
                const int fi = st->key_file[ki];
                snprintf(o, sizeof o, "%s:%d", file_path(ld, fi), st->key_line[ki]);
                if (fi >= 0 && fi <= BASE_DEPTH_MAX && buf[fi] == NULL) {
                    char why[WHY];
                    if (file_read(file_path(ld, fi), 0, &buf[fi], &len[fi], why, sizeof why) != SF_OK)
                        buf[fi] = NULL;
                }
                if (fi >= 0 && fi <= BASE_DEPTH_MAX && buf[fi])
                    comment_above(buf[fi], len[fi], st->key_line[ki], note, sizeof note);
            } else
                continue;
            rc = sf_params_add(origin, s->name, s->keys[ki].name, o);
            if (rc == SF_OK && note[0] && notes)
                rc = sf_params_add(notes, s->name, s->keys[ki].name, note);
        }
    }
    for (int i = 0; i <= BASE_DEPTH_MAX; i++)
        free(buf[i]);
    return rc;
}

static int scenario_load(const char *ini_path, const char *const *sets, int nsets, sf_scenario *sc, sf_err *err,
                         sf_params *origin, sf_params *notes);

/* economy.stress_sector needs the sectors of the segments: K sectors x n years, n <= years. */
static int stress_sector_check(loader *ld)
{
    const sf_scenario *sc = ld->sc;
    const int n = sc->econ.nstress_sector, K = sc->nsectors;
    if (n == 0)
        return SF_OK;
    const int si = section_find("economy");
    const section_spec *es = sf_scenario_sections[si];
    char fk[64];
    full_key(fk, sizeof fk, es, "stress_sector");
    const blame b = key_blame(ld, si, key_find(es, "stress_sector"));
    if (K <= 0 || n % K != 0 || n / K > sc->sim.years) {
        char names[256];
        size_t o = 0;
        names[0] = '\0';
        for (int k = 0; k < K && o + 1 < sizeof names; k++) {
            const int w = snprintf(names + o, sizeof names - o, "%s%s", k ? ", " : "", sc->sectors[k]);
            o = w < 0 ? o : (o + (size_t)w < sizeof names ? o + (size_t)w : sizeof names - 1);
        }
        return fail(ld, SF_EINVAL, b.file, b.line, fk,
                    "%d values but the segments have %d sectors (%s) and simulation.years = %d; give each sector's "
                    "values for the same first years, sector after sector (a multiple of %d, at most %d values)",
                    n, K, names, sc->sim.years, K, K * sc->sim.years);
    }
    return SF_OK;
}

int sf_scenario_load(const char *ini_path, const char *const *sets, int nsets, sf_scenario *sc, sf_err *err)
{
    return scenario_load(ini_path, sets, nsets, sc, err, NULL, NULL);
}

int sf_scenario_sources(const char *ini_path, const char *const *sets, int nsets, sf_params **origin,
                        sf_params **notes, sf_err *err)
{
    *origin = *notes = NULL;
    if (sf_params_alloc(origin) != SF_OK || sf_params_alloc(notes) != SF_OK) {
        sf_params_free(*origin);
        *origin = NULL;
        return sf_err_set(err, SF_ENOMEM, "%s: out of memory", ini_path);
    }
    sf_scenario sc;
    const int rc = scenario_load(ini_path, sets, nsets, &sc, err, *origin, *notes);
    sf_scenario_release(&sc);
    if (rc != SF_OK) {
        sf_params_free(*origin);
        sf_params_free(*notes);
        *origin = *notes = NULL;
    }
    return rc;
}

/* Where each mechanism's section came from (sf_scenario.mech_from, docs/scenario-format.md
 * "Inherited mechanisms"), and the file that named the loan book. */
static void provenance_record(loader *ld)
{
    sf_scenario *sc = ld->sc;
    for (int m = 0; m < SF_NMECHANISMS; m++) {
        const int si = section_find(sf_mechanism_list[m].section);
        sc->mech_from[m] = si >= 0 && ld->st[si].named ? ld->st[si].nearest : SF_FROM_NONE;
    }
    sc->loans_from = SF_FROM_NONE;
    const int si = section_find("portfolio");
    const int ki = si >= 0 ? key_find(sf_scenario_sections[si], "loans") : -1;
    if (ki >= 0 && ld->st[si].key_line[ki] != SRC_DEFAULT)
        sc->loans_from = ld->st[si].key_file[ki];
}

static int scenario_load(const char *ini_path, const char *const *sets, int nsets, sf_scenario *sc, sf_err *err,
                         sf_params *origin, sf_params *notes)
{
    assert(ini_path != NULL && sc != NULL);
    assert(sf_scenario_nsections <= MAX_SECTIONS);
    loader *ld = calloc(1, sizeof *ld);
    if (ld == NULL)
        return sf_err_set(err, SF_ENOMEM, "%s: out of memory", ini_path);
    ld->path = ini_path;
    ld->sc = sc;
    memset(sc, 0, sizeof *sc); /* then the table defaults, once (defaults_apply) */
    int rc = SF_OK;
    if (strlen(ini_path) >= sizeof sc->path)
        rc = fail(ld, SF_EINVAL, ini_path, 0, "path", "longer than %zu characters", sizeof sc->path - 1);
    else
        memcpy(sc->path, ini_path, strlen(ini_path) + 1);
    if (rc == SF_OK)
        rc = defaults_apply(ld);
    if (rc == SF_OK)
        rc = ini_load(ld);
    for (int i = 0; rc == SF_OK && i < nsets; i++)
        rc = set_apply(ld, sets[i]);
    if (rc == SF_OK)
        rc = sections_resolve(ld);
    if (rc == SF_OK)
        provenance_record(ld);
    if (rc == SF_OK)
        rc = portfolio_load(ld);
    if (rc == SF_OK)
        rc = stress_sector_check(ld);
    if (rc == SF_OK && origin)
        rc = origins_collect(ld, origin, notes) == SF_OK ? SF_OK : sf_err_set(&ld->err, SF_ENOMEM, "%s: out of memory", ini_path);
    if (rc != SF_OK) {
        sf_scenario_release(sc);
        sf_scenario_defaults(sc);
        if (err)
            *err = ld->err;
    }
    for (int i = 0; i < ld->nfiles; i++) {
        free(ld->files[i].path);
        free(ld->files[i].buf);
    }
    free(ld);
    return rc;
}

int sf_scenario_params_foreach(const sf_scenario *sc,
                            int (*emit)(void *ud, const char *section, const char *key, const char *value),
                            void *ud)
{
    loader_portfolio pf;
    memset(&pf, 0, sizeof pf);
    snprintf(sc->is_loan_book ? pf.loans : pf.segments, sizeof pf.loans, "%s", sc->segments_path);
    pf.pd_scale = sc->scale.pd;
    pf.lgd_scale = sc->scale.lgd;
    pf.rho_scale = sc->scale.rho;
    pf.loans_scale = sc->scale.loans;
    char value[8192];
    for (size_t si = 0; si < sf_scenario_nsections; si++) {
        const section_spec *s = sf_scenario_sections[si];
        const void *base = s->in_portfolio ? (const void *)&pf : (const void *)((const char *)sc + s->offset);
        const key_spec *sw = NULL;
        for (size_t ki = 0; ki < s->nkeys; ki++)
            if (s->keys[ki].flags & KEY_ENABLED)
                sw = &s->keys[ki];
        if (sw) {
            int on;
            memcpy(&on, (const char *)base + sw->offset, sizeof on);
            if (!on) { /* a disabled mechanism: only `enabled = false` */
                const int rc = emit(ud, s->name, sw->name, "false");
                if (rc != 0)
                    return rc;
                continue;
            }
        }
        for (size_t ki = 0; ki < s->nkeys; ki++) {
            const key_spec *k = &s->keys[ki];
            key_format(k, base, value, sizeof value);
            if (s->in_portfolio && value[0] == '\0')
                continue;
            const int rc = emit(ud, s->name, k->name, value);
            if (rc != 0)
                return rc;
        }
    }
    return SF_OK;
}

static int add_param(void *ud, const char *section, const char *key, const char *value)
{
    return sf_params_add(ud, section, key, value);
}

int sf_scenario_params(const sf_scenario *sc, sf_params **out, sf_err *err)
{
    int rc = sf_params_alloc(out);
    if (rc == SF_OK && (rc = sf_scenario_params_foreach(sc, add_param, *out)) != SF_OK) {
        sf_params_free(*out);
        *out = NULL;
    }
    return rc == SF_OK ? SF_OK : sf_err_set(err, rc, "parameters: out of memory");
}

int sf_scenario_key_range(const char *key, sf_key_range *out)
{
    const char *dot = strchr(key, '.');
    if (dot == NULL || (size_t)(dot - key) >= 64)
        return SF_EINVAL;
    char sec[64];
    memcpy(sec, key, (size_t)(dot - key));
    sec[dot - key] = '\0';
    const int si = section_find(sec);
    if (si < 0)
        return SF_EINVAL;
    const section_spec *s = sf_scenario_sections[si];
    const int ki = key_find(s, dot + 1);
    if (ki < 0)
        return SF_EINVAL;
    const key_spec *k = &s->keys[ki];
    if (k->type != KEY_DOUBLE && k->type != KEY_INT && k->type != KEY_LONG && k->type != KEY_U64)
        return SF_EINVAL;
    out->min = k->min;
    out->max = k->max;
    out->min_open = (k->flags & KEY_MIN_OPEN) != 0;
    out->max_open = (k->flags & KEY_MAX_OPEN) != 0;
    out->whole = k->type != KEY_DOUBLE;
    if (k->type == KEY_U64 && out->min == 0 && out->max == 0) /* a seed: no range in the table */
        out->max = 18446744073709551615.0;
    return SF_OK;
}
