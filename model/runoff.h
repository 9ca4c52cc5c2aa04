/*
 * runoff.h — the outstanding book run off after the end of a year, for the provisions of what a
 * plan leaves behind (issue 11 item 2; docs/mechanisms.md "What the plan leaves behind").
 *
 * A loan performing at the start of the next year is followed to its maturity with no renewals
 * and no new loans (the next plan's business), at its segment's one-year unconditional PD pd
 * (the model's own through-the-cycle PD; the cycle is not forecast). In each year it defaults
 * with probability pd; a survivor then matures with probability q. For a cohort segment
 * q = 1/tenor every year (the model's maturities); a loan book's loan matures in its maturity
 * year, k = maturity − year years after the year ends (q = 0 before, 1 then).
 *
 *   expected defaults per loan   cohort: pd / (1 − (1 − pd)(1 − q))      book: 1 − (1 − pd)^k
 *   expected performing years    cohort: 1 / (1 − (1 − pd)(1 − q))       book: (1 − (1 − pd)^k) / pd
 *                                (a year counts when the loan performs at its start; k when pd = 0)
 *
 * With tenor 1 (q = 1) a cohort loan lives one more year: pd defaults, 1 year.
 */
#ifndef SF_RUNOFF_H
#define SF_RUNOFF_H

#include "scenario.h"

/* Expected defaults over the remaining life of one loan of segment g performing at the start of
 * the year after `year`; maturity: the loan book's maturity year (ignored for a cohort). */
double sf_runoff_defaults(const sf_segment *g, int maturity, int year);

/* Expected years at whose start that loan performs (fees, premiums and interest are charged on
 * the balance at the start of a year). */
double sf_runoff_years(const sf_segment *g, int maturity, int year);

#endif
