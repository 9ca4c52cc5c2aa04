/*
 * subsidy_csv.c — subsidy.csv: one row per cohort (calendar year, or `all`: every cohort
 * discounted to start_year), mechanism (its .ini section, or `total`) and component (defaults,
 * fees, interest, other, total). Fields through sf_results_csv_field (libcsv quoting).
 */
#include "subsidy_csv.h"

#include "mechanism.h"
#include "results.h"

const char sf_subsidy_csv_header[] =
    "cohort,mechanism,component,pv_outflows,pv_disbursed,rate,pv_outflows_se,pv_outflows_p95,pv_disbursed_p95,"
    "rate_p95,fair_pv_outflows,fair_pv_disbursed,fair_rate,fair_pv_outflows_p95,fair_rate_p95\n";

static void num(FILE *f, double v, int last)
{
    char b[64];
    sf_results_format_number(v, b, sizeof b);
    sf_results_csv_field(f, b, last);
}

int sf_subsidy_csv_write(const sf_result *res, FILE *f)
{
    fputs(sf_subsidy_csv_header, f);
    for (size_t i = 0; i < res->nsubsidy; i++) {
        const sf_subsidy_row *r = &res->subsidy[i];
        char co[16];
        if (r->cohort == SF_YEAR_TOTAL)
            snprintf(co, sizeof co, "all");
        else
            snprintf(co, sizeof co, "%d", r->cohort);
        sf_results_csv_field(f, co, 0);
        sf_results_csv_field(f, r->mech >= 0 && r->mech < SF_NMECHANISMS ? sf_mechanism_list[r->mech].section : "total",
                             0);
        sf_results_csv_field(f, sf_subsidy_component_names[r->comp], 0);
        num(f, r->out_mean, 0);
        num(f, r->disb_mean, 0);
        num(f, r->rate, 0);
        num(f, r->out_se, 0);
        num(f, r->out_p95, 0);
        num(f, r->disb_p95, 0);
        num(f, r->rate_p95, 0);
        num(f, r->fair_out_mean, 0);
        num(f, r->fair_disb_mean, 0);
        num(f, r->fair_rate, 0);
        num(f, r->fair_out_p95, 0);
        num(f, r->fair_rate_p95, 1);
    }
    return ferror(f) ? SF_EIO : SF_OK;
}
