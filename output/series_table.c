/*
 * series_table.c — series.csv from the model's series definitions and the label tables (see
 * series_table.h).
 */
#include "series_table.h"

#include "i18n.h"
#include "results.h"

#include <string.h>

const char *sf_series_kind(const sf_series_def *d)
{
    if (d->flags & SF_SERIES_BUDGET)
        return "budget_line";
    if (d->flags & SF_SERIES_TOTAL)
        return "budget_total";
    /* The treasury, claims and obligations views (issue 11): a mechanism's line, or the budget's sum. */
    if (d->flags & SF_SERIES_TREASURY)
        return d->flags & SF_SERIES_VIEW_SUM ? "treasury_total" : "treasury_line";
    if (d->flags & SF_SERIES_CLAIMS)
        return d->flags & SF_SERIES_VIEW_SUM ? "claims_total" : "claims_line";
    if (d->flags & SF_SERIES_DEFERRAL)
        return "deferral";
    if (d->flags & SF_SERIES_OBLIGATIONS)
        return d->flags & SF_SERIES_VIEW_SUM ? "obligations_total" : "obligations_line";
    if (d->flags & SF_SERIES_SUPPORTED)
        return "supported";
    if (d->flags & SF_SERIES_LOSSRATE)
        return "loss_rate";
    if (d->flags & SF_SERIES_STOCK)
        return "stock";
    if (strcmp(d->unit, "flag") == 0)
        return "flag";
    return "metric";
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

int sf_series_info_builtin(const char *name, sf_series_info *out)
{
    const char *section = NULL;
    const sf_series_def *d = sf_series_find(name, &section);
    if (d == NULL)
        return -1;
    /* The Article shown beside a series is its mechanism's, as the label tables give it. */
    *out = (sf_series_info){.series = d->name,
                            .unit = d->unit,
                            .kind = sf_series_kind(d),
                            .mechanism = or_empty(section),
                            .article = or_empty(sf_i18n_series_article(d->name)),
                            .label_en = or_empty(sf_i18n_series(I18N_EN, d->name)),
                            .label_zh = or_empty(sf_i18n_series(I18N_ZH, d->name))};
    return 0;
}

int sf_series_csv_write(const sf_result *res, FILE *f)
{
    fputs("series,unit,kind,mechanism,article,label_en,label_zh\n", f);
    for (size_t s = 0; s < res->nseries; s++) {
        sf_series_info in;
        if (sf_series_info_builtin(res->series[s]->name, &in) != 0) /* a series the tables do not know */
            in = (sf_series_info){
                res->series[s]->name, res->series[s]->unit, sf_series_kind(res->series[s]), "", "", "", ""};
        const char *field[] = {in.series,  in.unit,     in.kind,    in.mechanism,
                               in.article, in.label_en, in.label_zh};
        const size_t n = sizeof field / sizeof field[0];
        for (size_t k = 0; k < n; k++)
            sf_results_csv_field(f, field[k], k + 1 == n);
    }
    return ferror(f) ? SF_EIO : SF_OK;
}
