/*
 * keys_portfolio.c — the keys of [portfolio] (which CSV holds the book) and the columns of that
 * CSV: a segments file (segments =) or a loan book (loans =), see the Contract in DESIGN.md.
 *
 * To add a key: add its field to the section struct (model header), then one line to the table
 * below: its name as written in the .ini, the field, its default as text (NULL = required when
 * the section is enabled), its range (KEY_MIN_OPEN / KEY_MAX_OPEN exclude a bound) and flags. The
 * default is written here only (sf_scenario_defaults() applies the tables); add a line to
 * docs/scenario-format.md. A check that involves several keys goes into the
 * finish function. Nothing else changes: the loader, --set, run.json and parameters.csv follow
 * the table.
 */
#include "loader_internal.h"

#include <stdio.h>
#include <string.h>

#define KEY_STRUCT loader_portfolio
static const key_spec keys[] = {
    KEY_TEXT("segments", KEY_PATH, segments, ""),
    KEY_TEXT("loans", KEY_PATH, loans, ""),
    /* Multipliers on every row's pd, lgd, rho (after the Basel formula fills a blank rho) and
     * loans (rounded to whole loans; segments files only), applied when the CSV is read. The
     * scaled value must stay in its column's range (checked per row). */
    KEY_NUM("pd_scale", KEY_DOUBLE, pd_scale, "1", 0, 1000, 0),
    KEY_NUM("lgd_scale", KEY_DOUBLE, lgd_scale, "1", 0, 1000, 0),
    KEY_NUM("rho_scale", KEY_DOUBLE, rho_scale, "1", 0, 1000, 0),
    KEY_NUM("loans_scale", KEY_DOUBLE, loans_scale, "1", 0, 1000, 0),
};
#undef KEY_STRUCT

static int finish(void *section, sf_scenario *sc, const char **key, char *why, size_t whylen)
{
    const loader_portfolio *pf = section;
    sc->scale = (sf_portfolio_scales){pf->pd_scale, pf->lgd_scale, pf->rho_scale, pf->loans_scale};
    if (pf->loans[0] && pf->loans_scale != 1.0) {
        *key = "loans_scale";
        snprintf(why, whylen, "%.15g with a loan book (loans =); a loan book has one loan a row: allowed only 1",
                 pf->loans_scale);
        return 1;
    }
    if (pf->segments[0] && pf->loans[0]) {
        *key = "loans";
        snprintf(why, whylen, "both segments and loans are given; give exactly one of them");
        return 1;
    }
    if (!pf->segments[0] && !pf->loans[0]) {
        *key = "segments";
        snprintf(why, whylen, "no portfolio; give segments = FILE.csv or loans = FILE.csv");
        return 1;
    }
    return 0;
}

const section_spec sf_scenario_section_portfolio = {
    .name = "portfolio",
    .in_portfolio = 1,
    .keys = keys,
    .nkeys = sizeof keys / sizeof keys[0],
    .finish = finish,
};

/*
 * CSV columns. To add a column: add the field to sf_segment (model/scenario.h), then one line
 * here: name, kind, field, where it may appear (COL_SEGMENTS, COL_LOANS), where it is required,
 * the value when absent or blank, range and flags. Column order here is the order of the Contract.
 */
#define S COL_SEGMENTS
#define L COL_LOANS
#define NUM(nm, field, in_, req, dflt, lo, hi, fl)                                                                  {                                                                                                                   .name = (nm), .kind = COL_NUM, .offset = offsetof(sf_segment, field), .in = (in_), .required = (req),           .def = (dflt), .min = (lo), .max = (hi), .flags = (fl)                                                      }
const col_spec sf_scenario_columns[] = {
    {.name = "id", .kind = COL_ID, .in = S | L, .required = S | L},
    {.name = "size", .kind = COL_SIZE, .in = S | L, .required = S | L},
    {.name = "sector", .kind = COL_SECTOR, .in = S | L, .required = S | L},
    {.name = "product", .kind = COL_PRODUCT, .in = S | L, .required = S | L},
    {.name = "bank", .kind = COL_BANK, .in = S | L, .required = S | L},
    NUM("loans", loans, S, S, 0, 0, 1e9, COL_WHOLE),
    NUM("avg_amount", avg_amount, S, S, 0, 0, 1e12, COL_MIN_OPEN),
    /* A loan book's amount is its single loan's avg_amount. */
    NUM("amount", avg_amount, L, L, 0, 0, 1e12, COL_MIN_OPEN),
    /* pd = 0 is allowed (a riskless segment for tests); pd = 1 is not (Phi^-1(1) is infinite). */
    NUM("pd", pd, S | L, S | L, 0, 0, 1, COL_MAX_OPEN),
    NUM("lgd", lgd, S | L, S | L, 0, 0, 1, 0),
    NUM("tenor", tenor, S, S, 1, 1, 100, 0),
    {.name = "maturity_year", .kind = COL_YEAR, .offset = offsetof(sf_segment, maturity_year), .in = L,
     .required = L, .min = 1990, .max = 2300, .flags = COL_WHOLE},
    /* Blank rho: the Basel II IRB correlation (model/irb.c), set by the loader. */
    NUM("rho", rho, S | L, 0, NAN, 0, 1, COL_MAX_OPEN | COL_BLANK_NAN),
    NUM("lgd_sd", lgd_sd, S | L, 0, 0, 0, 0.5, 0),
    NUM("rate", rate, S | L, 0, 0, 0, 1, 0),
    NUM("growth", growth, S, 0, 0, -1, 10, COL_MIN_OPEN),
    NUM("renew_rate", renew_rate, S | L, 0, 0, 0, 1, 0),
    NUM("guaranteed", guaranteed, S | L, 0, 0, 0, 1, 0),
    NUM("insured", insured, S | L, 0, 0, 0, 1, 0),
    NUM("compensation_eligible", compensation_eligible, S | L, 0, 0, 0, 1, 0),
    NUM("interest_subsidy", interest_subsidy, S | L, 0, 0, 0, 1, 0),
    NUM("bridge_eligible", bridge_eligible, S | L, 0, 0, 0, 1, 0),
    /* Annual turnover in CNY m, for the Basel SME size adjustment; blank = unknown. */
    NUM("turnover_m", turnover_m, S | L, 0, NAN, 0, 1e9, COL_MIN_OPEN | COL_BLANK_NAN),
};
#undef NUM
#undef S
#undef L
const size_t sf_scenario_ncolumns = sizeof sf_scenario_columns / sizeof sf_scenario_columns[0];
