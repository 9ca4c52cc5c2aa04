#include "sf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const sf_size_names[SF_NSIZES] = {"micro", "small", "medium"};
const char *const sf_product_names[SF_NPRODUCTS] = {"first_loan", "credit",   "ip_pledge",        "renewal",
                                                    "secured",    "supply_chain", "procurement_order"};

int sf_err_set(sf_err *err, int code, const char *fmt, ...)
{
    if (err == NULL || err->code != SF_OK)
        return err ? err->code : code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
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
