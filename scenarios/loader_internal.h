/*
 * loader_internal.h — the tables that drive the scenario loader (private to scenarios/).
 *
 * Every .ini section is one `section_spec` with a table of `key_spec`s, defined in its own file
 * scenarios/keys_<section>.c, so that whoever owns a mechanism can add keys to its section without
 * touching the loader. The loader (loader.c) applies each key's default text, then the file, then
 * the --set overrides, parses and range-checks every value through the table, and finally calls the
 * section's optional `finish` hook for checks that involve more than one key.
 */
#ifndef SF_LOADER_INTERNAL_H
#define SF_LOADER_INTERNAL_H

#include "mechanism.h"
#include "scenario.h"

#include <math.h>
#include <stddef.h>

/* Value types. The C type of the field each one writes is in brackets. */
typedef enum key_type {
    KEY_DOUBLE, /* [double] finite number */
    KEY_INT,    /* [int] whole number */
    KEY_LONG,   /* [long] whole number */
    KEY_U64,    /* [unsigned long, 64 bits] whole number >= 0 */
    KEY_BOOL,   /* [int] true | false */
    KEY_STRING, /* [char[aux]] text */
    KEY_ENUM,   /* [int-sized enum] one of `choices` ("a|b|c"), stored as its index; the first is the default */
    KEY_DLIST,  /* [double[aux]] comma list; the count goes to the int at count_offset */
    KEY_TIERS,  /* [double[aux] amounts at offset, double[aux] shares at aux_offset] "5e6:0.4,15e6:0.3" */
    KEY_PATH    /* [char[aux]] a file name, relative to the .ini that sets it */
} key_type;

/* key_spec.flags */
enum {
    KEY_MIN_OPEN = 1u << 0, /* min itself is not allowed */
    KEY_MAX_OPEN = 1u << 1, /* max itself is not allowed */
    KEY_ENABLED = 1u << 2   /* the section's `enabled` switch (mechanism sections) */
};

typedef struct key_spec {
    const char *name;    /* as written in the file, e.g. "fee_rate" or "uplift.credit" */
    key_type type;
    size_t offset;       /* of the field in the section's struct */
    const char *def;     /* default as text; NULL = required (when the section is enabled) */
    double min, max;     /* range of numbers and of list elements; tiers: of the shares */
    unsigned flags;
    const char *choices; /* KEY_ENUM */
    size_t aux;          /* KEY_STRING/KEY_PATH: buffer size; KEY_DLIST/KEY_TIERS: capacity */
    size_t count_offset; /* KEY_DLIST/KEY_TIERS: offset of the int element count */
    size_t aux_offset;   /* KEY_TIERS: offset of the share array */
} key_spec;

/* Keys of [portfolio], which have no home in sf_scenario: the loader keeps them here and turns them
 * into sf_scenario.segments_path / is_loan_book. */
typedef struct loader_portfolio {
    char segments[4096];
    char loans[4096];
    double pd_scale, lgd_scale, rho_scale, loans_scale; /* copied to sf_scenario.scale */
} loader_portfolio;

/* A cross-key check. Returns 0 when the section is consistent; otherwise sets *key to the name of
 * the key to blame and writes "what is wrong and what is allowed" into why, and returns nonzero.
 * It may also complete the section (e.g. repeat a single appropriation over the years). It sees
 * the whole scenario; sections are finished in table order, so [simulation] is final already. */
typedef int (*section_finish_fn)(void *section, sf_scenario *sc, const char **key, char *why, size_t whylen);

typedef struct section_spec {
    const char *name;
    int is_mechanism; /* has `enabled`; required keys are required only when enabled */
    int in_portfolio; /* 1: offset is into loader_portfolio, not sf_scenario */
    size_t offset;    /* of the section's struct in sf_scenario */
    const key_spec *keys;
    size_t nkeys;
    section_finish_fn finish; /* optional */
} section_spec;

/* Helpers for the tables. Define KEY_STRUCT to the section's struct type before using them. */
#define KEY_NUM(nm, ty, field, dflt, lo, hi, fl)                                                                \
    {                                                                                                           \
        .name = (nm), .type = (ty), .offset = offsetof(KEY_STRUCT, field), .def = (dflt), .min = (lo),          \
        .max = (hi), .flags = (fl)                                                                              \
    }
#define KEY_BOOLEAN(nm, field, dflt, fl)                                                                        \
    {                                                                                                           \
        .name = (nm), .type = KEY_BOOL, .offset = offsetof(KEY_STRUCT, field), .def = (dflt), .flags = (fl)     \
    }
#define KEY_CHOICE(nm, field, dflt, ch)                                                                         \
    {                                                                                                           \
        .name = (nm), .type = KEY_ENUM, .offset = offsetof(KEY_STRUCT, field), .def = (dflt), .choices = (ch)   \
    }
#define KEY_TEXT(nm, ty, field, dflt)                                                                           \
    {                                                                                                           \
        .name = (nm), .type = (ty), .offset = offsetof(KEY_STRUCT, field), .def = (dflt),                       \
        .aux = sizeof(((KEY_STRUCT *)0)->field)                                                                 \
    }
#define KEY_LIST(nm, field, nfield, dflt, lo, hi, fl)                                                           \
    {                                                                                                           \
        .name = (nm), .type = KEY_DLIST, .offset = offsetof(KEY_STRUCT, field), .def = (dflt), .min = (lo),     \
        .max = (hi), .flags = (fl), .aux = sizeof(((KEY_STRUCT *)0)->field) / sizeof(double),                   \
        .count_offset = offsetof(KEY_STRUCT, nfield)                                                            \
    }
#define KEY_TIER_LIST(nm, amounts, shares, nfield, dflt, lo, hi)                                                \
    {                                                                                                           \
        .name = (nm), .type = KEY_TIERS, .offset = offsetof(KEY_STRUCT, amounts), .def = (dflt), .min = (lo),   \
        .max = (hi), .aux = sizeof(((KEY_STRUCT *)0)->amounts) / sizeof(double),                                \
        .count_offset = offsetof(KEY_STRUCT, nfield), .aux_offset = offsetof(KEY_STRUCT, shares)                \
    }

/* The sections, one per keys_*.c file: the core's, and scenario_section_<name> of each
 * mechanism of model/mechanisms.def (keys_<name>.c). */
extern const section_spec sf_scenario_section_simulation;
extern const section_spec sf_scenario_section_economy;
extern const section_spec sf_scenario_section_portfolio;
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) extern const section_spec sf_scenario_section_##name;
#include "mechanisms.def"
#undef SF_MECHANISM
extern const section_spec sf_scenario_section_budget;

/* A mechanism's section_spec: its .ini section name and its field in sf_scenario, as
 * model/mechanisms.def gives them, with the table of its keys and its optional finish hook. */
#define SCENARIO_MECHANISM_SECTION(nm, key_table, finish_fn)                                                     \
    const section_spec sf_scenario_section_##nm = {                                                                \
        .name = SF_MECHANISM_SECTION(nm),                                                                       \
        .is_mechanism = 1,                                                                                      \
        .offset = offsetof(sf_scenario, nm),                                                                    \
        .keys = (key_table),                                                                                    \
        .nkeys = sizeof(key_table) / sizeof((key_table)[0]),                                                    \
        .finish = (finish_fn),                                                                                  \
    }

/* All sections in the order of the file format (and of sf_scenario_params_foreach). */
extern const section_spec *const sf_scenario_sections[];
extern const size_t sf_scenario_nsections;

/* ---- CSV columns of [portfolio] segments = / loans = ---- */

typedef enum col_kind {
    COL_ID,      /* sf_segment.id */
    COL_SIZE,    /* micro|small|medium */
    COL_SECTOR,  /* free name -> index into sf_scenario.sectors */
    COL_PRODUCT, /* one of sf_product_names */
    COL_BANK,    /* free name -> index into sf_scenario.banks */
    COL_NUM,     /* double at offset in sf_segment */
    COL_YEAR     /* int at offset in sf_segment */
} col_kind;

/* col_spec.in / .required: which file kinds */
enum { COL_SEGMENTS = 1u << 0, COL_LOANS = 1u << 1 };

/* col_spec.flags */
enum {
    COL_MIN_OPEN = 1u << 0,
    COL_MAX_OPEN = 1u << 1,
    COL_WHOLE = 1u << 2,    /* a whole number (counts) */
    COL_BLANK_NAN = 1u << 3 /* blank = NaN (rho: Basel IRB; turnover_m: unknown) */
};

typedef struct col_spec {
    const char *name;
    col_kind kind;
    size_t offset; /* COL_NUM / COL_YEAR: field of sf_segment */
    unsigned in;       /* COL_SEGMENTS | COL_LOANS: where the column may appear */
    unsigned required; /* where it must appear and may not be blank */
    double def;        /* value when the column is absent or blank (optional columns) */
    double min, max;
    unsigned flags;
} col_spec;

extern const col_spec sf_scenario_columns[];
extern const size_t sf_scenario_ncolumns;

#endif
