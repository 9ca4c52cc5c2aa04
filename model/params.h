/*
 * params.h — a scenario's resolved parameters as text rows (section, key, value), in the order of
 * the file format. The loader fills the list (it alone knows the keys); the front end hands it to
 * the writers of parameters.csv and run.json, which print it and need not know the scenario
 * format.
 */
#ifndef SF_PARAMS_H
#define SF_PARAMS_H

#include "sf.h"

#include <stddef.h>

typedef struct sf_params sf_params;

/* An empty list; SF_ENOMEM when it cannot be allocated (*out is then NULL). */
int sf_params_alloc(sf_params **out);

/* Append a row (the strings are copied); SF_ENOMEM leaves the list as it was. */
int sf_params_add(sf_params *p, const char *section, const char *key, const char *value);

size_t sf_params_count(const sf_params *p);
/* Row i (< sf_params_count) of the list. */
const char *sf_params_section(const sf_params *p, size_t i);
const char *sf_params_key(const sf_params *p, size_t i);
const char *sf_params_value(const sf_params *p, size_t i);

/* sf_params_free(NULL) does nothing. */
void sf_params_free(sf_params *p);

#endif
