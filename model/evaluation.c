/*
 * evaluation.c — the Art. 56 evaluation table from a run's statistics (definitions in
 * evaluation.h). Article 56 asks that every fund be audited and its performance evaluated and
 * published (digest ../shared/seed/articles-53-66-en.md): leverage, loss rates, cost per yuan.
 */
#include "evaluation.h"

#include <math.h>
#include <stdio.h>

void sf_evaluation_row_compute(const sf_result *res, const sf_mechanism *m, sf_evaluation_row *row)
{
    row->mechanism = m->name;
    row->article = m->article;
    row->spending = 0.0;
    row->supported = NAN;
    row->loss_rate = NAN;
    double lr_num = 0.0, lr_den = 0.0, lr_plain = 0.0;
    int lr_years = 0, have_lr = 0;
    const sf_series_def *sup_def = NULL;
    for (size_t k = 0; k < m->nseries; k++) {
        const sf_series_def *d = &m->series[k];
        if (d->flags & SF_SERIES_BUDGET) {
            const sf_stat *st = sf_result_stat(res, d->name, SF_YEAR_TOTAL);
            if (st)
                row->spending += st->mean;
        }
        if ((d->flags & SF_SERIES_SUPPORTED) && sup_def == NULL) {
            const sf_stat *st = sf_result_stat(res, d->name, SF_YEAR_TOTAL);
            if (st) {
                sup_def = d;
                row->supported = st->mean;
            }
        }
    }
    /* The loss rate weighted by the supported balance of each year: the ratio of the expected
     * losses over the horizon to the expected yuan-years supported. */
    for (size_t k = 0; k < m->nseries; k++) {
        const sf_series_def *d = &m->series[k];
        if (!(d->flags & SF_SERIES_LOSSRATE))
            continue;
        for (int y = 0; y < res->nyears; y++) {
            const int year = res->sc->sim.start_year + y;
            const sf_stat *st = sf_result_stat(res, d->name, year);
            if (st == NULL)
                continue;
            have_lr = 1;
            lr_plain += st->mean;
            lr_years++;
            const sf_stat *w = sup_def ? sf_result_stat(res, sup_def->name, year) : NULL;
            if (w) {
                lr_num += st->mean * w->mean;
                lr_den += w->mean;
            }
        }
        break;
    }
    if (have_lr)
        row->loss_rate = lr_den > 0.0 ? lr_num / lr_den : lr_plain / lr_years;
    row->cost_per_yuan = row->supported > 0.0 ? row->spending / row->supported : NAN;
    row->multiplier = row->spending != 0.0 && isfinite(row->supported) ? row->supported / row->spending : NAN;
}

int sf_evaluation_table_compute(const sf_result *res, sf_evaluation_row *rows, size_t cap, size_t *nrows, sf_err *err)
{
    *nrows = 0;
    for (size_t i = 0; i < sf_nmechanisms; i++) {
        const sf_mechanism *m = sf_mechanisms[i];
        if (m == NULL || !m->enabled(res->sc))
            continue;
        if (*nrows >= cap)
            return sf_err_set(err, SF_EINVAL, "evaluation: room for %zu rows, more mechanisms enabled", cap);
        sf_evaluation_row_compute(res, m, &rows[*nrows]);
        (*nrows)++;
    }
    return SF_OK;
}

double sf_evaluation_inherited_share(const sf_result *res, int m)
{
    if (!sf_scenario_inherited(res->sc, m))
        return NAN;
    const sf_stat *tot = sf_result_stat(res, "budget.total", SF_YEAR_TOTAL);
    if (tot == NULL || !(tot->mean > 0.0))
        return NAN;
    const sf_mechanism *me = sf_mechanisms[m];
    double lines = 0.0;
    for (size_t k = 0; k < me->nseries; k++)
        if (me->series[k].flags & SF_SERIES_BUDGET) {
            const sf_stat *st = sf_result_stat(res, me->series[k].name, SF_YEAR_TOTAL);
            if (st)
                lines += st->mean;
        }
    return lines / tot->mean;
}

int sf_evaluation_inherited_extras(sf_result *res)
{
    double sum = 0.0;
    int n = 0;
    for (int m = 0; m < SF_NMECHANISMS; m++) {
        const double sh = sf_evaluation_inherited_share(res, m);
        if (!isfinite(sh))
            continue;
        char key[64];
        snprintf(key, sizeof key, "budget.inherited_share.%s", sf_mechanism_list[m].section);
        const int rc = sf_extras_add(&res->extras, key, sh);
        if (rc != SF_OK)
            return rc;
        sum += sh;
        n++;
    }
    return n > 0 ? sf_extras_add(&res->extras, "budget.inherited_share", sum) : SF_OK;
}
