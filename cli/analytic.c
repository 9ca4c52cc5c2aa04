#include "analytic.h"

#include "irb.h"
#include "results.h"

#include <stdlib.h>

static void num_cell(FILE *f, double v, int last)
{
    char b[64];
    sf_results_format_number(v, b, sizeof b);
    sf_results_csv_field(f, b, last);
}

int cli_analytic_csv(const sf_scenario *sc, FILE *f, sf_err *err)
{
    sf_irb_row *rows = malloc((sc->nsegs ? sc->nsegs : 1) * sizeof *rows);
    if (rows == NULL)
        return sf_err_set(err, SF_ENOMEM, "analytic: out of memory");
    fputs("segment,size,pd,rho,rho_source,lgd,exposure,expected_loss,loss_q95,loss_q99,loss_q999,capital_k,"
          "risk_weight,capital\n",
          f);
    for (size_t s = 0; s < sc->nsegs; s++) {
        const sf_segment *g = &sc->segs[s];
        sf_irb_row *r = &rows[s];
        sf_irb_segment(g->size, g->pd, g->lgd, g->rho, g->loans * g->avg_amount, r);
        sf_results_csv_field(f, g->id, 0);
        sf_results_csv_field(f, sf_size_names[g->size], 0);
        num_cell(f, g->pd, 0);
        num_cell(f, g->rho, 0);
        sf_results_csv_field(f, g->rho_from_basel ? "basel" : "file", 0);
        num_cell(f, g->lgd, 0);
        num_cell(f, r->exposure, 0);
        num_cell(f, r->expected_loss, 0);
        num_cell(f, r->loss_q95, 0);
        num_cell(f, r->loss_q99, 0);
        num_cell(f, r->loss_q999, 0);
        num_cell(f, r->capital_k, 0);
        num_cell(f, r->risk_weight, 0);
        num_cell(f, r->capital, 1);
    }
    sf_irb_row t;
    sf_irb_total(rows, sc->nsegs, &t);
    free(rows);
    /* The portfolio row: no size, pd, rho or lgd of its own, and quantiles do not add. */
    sf_results_csv_field(f, "all", 0);
    for (int c = 0; c < 5; c++)
        sf_results_csv_field(f, "", 0);
    num_cell(f, t.exposure, 0);
    num_cell(f, t.expected_loss, 0);
    for (int c = 0; c < 3; c++)
        sf_results_csv_field(f, "", 0);
    num_cell(f, t.capital_k, 0);
    num_cell(f, t.risk_weight, 0);
    num_cell(f, t.capital, 1);
    return ferror(f) ? sf_err_set(err, SF_EIO, "analytic: write error") : SF_OK;
}
