#include "params.h"

#include <stdlib.h>
#include <string.h>

typedef struct param_row {
    char *section, *key, *value;
} param_row;

struct sf_params {
    param_row *row;
    size_t n, cap;
};

int sf_params_alloc(sf_params **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? SF_OK : SF_ENOMEM;
}

int sf_params_add(sf_params *p, const char *section, const char *key, const char *value)
{
    if (p->n == p->cap) {
        const size_t cap = p->cap ? 2 * p->cap : 64;
        param_row *r = realloc(p->row, cap * sizeof *r);
        if (r == NULL)
            return SF_ENOMEM;
        p->row = r;
        p->cap = cap;
    }
    param_row r = {strdup(section), strdup(key), strdup(value)};
    if (r.section == NULL || r.key == NULL || r.value == NULL) {
        free(r.section);
        free(r.key);
        free(r.value);
        return SF_ENOMEM;
    }
    p->row[p->n++] = r;
    return SF_OK;
}

size_t sf_params_count(const sf_params *p)
{
    return p ? p->n : 0;
}

const char *sf_params_section(const sf_params *p, size_t i)
{
    return p->row[i].section;
}

const char *sf_params_key(const sf_params *p, size_t i)
{
    return p->row[i].key;
}

const char *sf_params_value(const sf_params *p, size_t i)
{
    return p->row[i].value;
}

void sf_params_free(sf_params *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->row[i].section);
        free(p->row[i].key);
        free(p->row[i].value);
    }
    free(p->row);
    free(p);
}
