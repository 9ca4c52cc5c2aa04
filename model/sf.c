#include "sf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const sf_size_names[SF_NSIZES] = {"micro", "small", "medium"};
const char *const sf_product_names[SF_NPRODUCTS] = {"first_loan", "credit",   "ip_pledge",        "renewal",
                                                    "secured",    "supply_chain", "procurement_order"};

/* Length of the valid UTF-8 sequence at s that is printable (not a C1 control, U+2028 or U+2029),
 * or 0 when s[0] must be shown as \xNN. */
static size_t utf8_printable(const unsigned char *s)
{
    const unsigned char c = s[0];
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07u;
    } else
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0u) != 0x80u)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0; /* overlong, beyond Unicode, or a surrogate */
    if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
        return 0;
    return len;
}

/* The rendering of the character at p into piece (its length in *plen); returns the bytes taken. */
static size_t render_char(const unsigned char *p, char piece[8], size_t *plen)
{
    const unsigned char c = *p;
    size_t take;
    if (c >= 0x20 && c < 0x7F) {
        piece[0] = (char)c;
        *plen = 1;
        return 1;
    }
    if (c == '\n' || c == '\r' || c == '\t') {
        piece[0] = '\\';
        piece[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
        *plen = 2;
        return 1;
    }
    if (c >= 0x80 && (take = utf8_printable(p)) > 0) {
        memcpy(piece, p, take);
        *plen = take;
        return take;
    }
    snprintf(piece, 8, "\\x%02X", (unsigned)c);
    *plen = 4;
    return 1;
}

const char *sf_msg_value(const char *s, size_t max_chars, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    char piece[8];
    size_t plen, total = 0, chars = 0;
    for (const unsigned char *q = p; *q; chars++) {
        q += render_char(q, piece, &plen);
        total += plen;
    }
    /* Cut only when the whole text does not fit or has more characters than asked for; then cut
     * before the first piece that would leave no room for the "..." that marks the cut. */
    const int cut = total + 1 > n || (max_chars > 0 && chars > max_chars);
    size_t o = 0;
    chars = 0;
    while (*p) {
        const size_t take = render_char(p, piece, &plen);
        if (cut && ((max_chars > 0 && chars == max_chars) || o + plen + 3 + 1 > n)) {
            const size_t dots = n - 1 - o < 3 ? n - 1 - o : 3;
            memcpy(buf + o, "...", dots);
            o += dots;
            break;
        }
        memcpy(buf + o, piece, plen);
        o += plen;
        chars++;
        p += take;
    }
    buf[o] = '\0';
    return buf;
}

int sf_msg_is_clean(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t take = 1;
        if (*p < 0x20 || *p == 0x7F || (*p >= 0x80 && (take = utf8_printable(p)) == 0))
            return 0;
        p += take;
    }
    return 1;
}

int sf_err_set(sf_err *err, int code, const char *fmt, ...)
{
    if (err == NULL || err->code != SF_OK)
        return err ? err->code : code;
    err->code = code;
    char raw[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    sf_msg_value(raw, 0, err->msg, sizeof err->msg);
    return code;
}

void sf_err_clear(sf_err *err)
{
    if (err) {
        err->code = SF_OK;
        err->msg[0] = '\0';
    }
}

int sf_name_index(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}
