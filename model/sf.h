/*
 * sf.h — common definitions of the smefin model library: status codes, the error record,
 * enumerations shared by every module.
 *
 * Units: money is double CNY; rates are fractions per year unless a name ends in _daily.
 */
#ifndef SF_H
#define SF_H

#include <stddef.h>

#define SF_VERSION "0.1.0"

/* Status codes returned by every fallible function (errno-like, GSL style). */
enum {
    SF_OK = 0,
    SF_EINVAL = 2, /* bad input: the message names file, line and key; the CLI exits 2 */
    SF_EPARSE = 3, /* malformed file (INI/CSV) */
    SF_EIO = 4,    /* a file could not be read or written */
    SF_ENOMEM = 5, /* allocation failed */
    SF_EFAIL = 6,  /* internal failure (a GSL routine failed, an invariant broke) */
    SF_ECANCEL = 7, /* the caller's cancel flag was set (sf_run_opts.cancel): the work was stopped */
    SF_EWRITE = 8   /* a file being written could not be finished (full disk, I/O error); the CLI exits 1 */
};

/* The caller's error record. `msg` holds one line without the "smefin: " prefix,
 * in the form "FILE:LINE: KEY: what is wrong and what is allowed". */
typedef struct sf_err {
    int code;
    char msg[512];
} sf_err;

/* Fill `err` (if not NULL) with code and a printf-style message; returns code.
 * The first error wins: a second call on an already-set record changes nothing. The message is
 * kept one line: whatever control characters the arguments brought are escaped as sf_msg_value
 * does (values should still go through SF_V, which also shortens them). */
int sf_err_set(sf_err *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void sf_err_clear(sf_err *err);

/* Messages are one line. sf_msg_value renders user text `s` (a value, cell, key or path echoed in a
 * message) into buf[n]: control characters become \n \r \t or \xNN (also DEL, the C1 controls
 * and the Unicode line and paragraph separators), a byte that is not UTF-8 becomes \xNN, and when
 * `max_chars` > 0 only the first max_chars characters are kept and the cut is marked "...".
 * NULL reads as "". Returns buf. SF_V(s) is the usual call: at most SF_MSG_VALUE_CHARS characters,
 * in a buffer that lives until the end of the enclosing block (use it inside the message call). */
#define SF_MSG_VALUE_CHARS 60
#define SF_MSG_VALUE_BUF (4 * SF_MSG_VALUE_CHARS + 8)
const char *sf_msg_value(const char *s, size_t max_chars, char *buf, size_t n);
#define SF_V(s) sf_msg_value((s), SF_MSG_VALUE_CHARS, (char[SF_MSG_VALUE_BUF]){0}, SF_MSG_VALUE_BUF)
/* 1 when s holds no byte sf_msg_value would escape (the message is printable as it is). */
int sf_msg_is_clean(const char *s);

/* Firm sizes (Art. 53 tilts spending toward small and micro firms). */
typedef enum sf_size { SF_MICRO = 0, SF_SMALL = 1, SF_MEDIUM = 2, SF_NSIZES = 3 } sf_size;

/* Loan products of Art. 58/61/66. The order is the order of the `uplift.<product>` keys. */
typedef enum sf_product {
    SF_FIRST_LOAN = 0,
    SF_CREDIT,
    SF_IP_PLEDGE,
    SF_RENEWAL,
    SF_SECURED,
    SF_SUPPLY_CHAIN,
    SF_PROCUREMENT_ORDER,
    SF_NPRODUCTS
} sf_product;

extern const char *const sf_size_names[SF_NSIZES];
extern const char *const sf_product_names[SF_NPRODUCTS];

/* Index of `name` in `names[0..n)`, or -1. */
int sf_name_index(const char *const *names, int n, const char *name);

#endif
