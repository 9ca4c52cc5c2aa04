/*
 * interest.h — interest subsidies (Art. 21/57): segment rate x performing eligible balance.
 */
#ifndef SF_INTEREST_H
#define SF_INTEREST_H

typedef struct interest_params {
    int enabled;
    double cap; /* CNY a year, 0 = none */
} interest_params;

struct sf_mechanism;
extern const struct sf_mechanism interest_mechanism;

#endif
