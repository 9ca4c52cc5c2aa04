/*
 * waiting_report.c — the report's sections for sensitivity.csv (a tornado of the total budget's
 * sensitivity to each parameter, from smefin sensitivity) and stress.csv (the reverse stress
 * test's path). The sections show whatever such a file holds when one is in a results folder
 * (docs/report.md gives the columns).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tor {
    const char *label;
    double lo, hi, span;
} tor;

static int tor_cmp(const void *a, const void *b)
{
    double x = ((const tor *)a)->span, y = ((const tor *)b)->span;
    return (x < y) - (x > y);
}

void sf_report_sec_sens(out *o)
{
    const folder *f = o->f;
    const csvtab *t = &f->sens;
    /* sensitivity.csv as smefin sensitivity writes it: the key's moved values label the bar, the
     * statistic at each end draws it (docs/results-folder.md) */
    int cp = sf_report_csv_col(t, "key"), cl = sf_report_csv_col(t, "low_value"),
        ch = sf_report_csv_col(t, "high_value");
    int cs = sf_report_csv_col(t, "series"), cy = sf_report_csv_col(t, "year"), cst = sf_report_csv_col(t, "stat");
    int cb = sf_report_csv_col(t, "base"), cvl = sf_report_csv_col(t, "low"), cvh = sf_report_csv_col(t, "high");
    sf_report_section_open(o, "sensitivity", T(I18N_SEC_SENS), NULL);
    if (cp < 0 || cl < 0 || ch < 0 || cs < 0 || cy < 0 || cst < 0 || cb < 0 || cvl < 0 || cvh < 0 || t->nrows == 0) {
        sf_report_put(o, "</section>\n");
        return;
    }
    /* the first (series, year, stat) group in the file */
    const char *s0 = sf_report_csv_cell(t, 0, cs), *y0 = sf_report_csv_cell(t, 0, cy),
               *st0 = sf_report_csv_cell(t, 0, cst);
    tor *items = calloc(t->nrows, sizeof *items);
    char(*labels)[256] = calloc(t->nrows, sizeof *labels);
    const char **lp = calloc(t->nrows, sizeof *lp);
    double *lo = calloc(t->nrows, sizeof *lo), *hi = calloc(t->nrows, sizeof *hi);
    if (!items || !labels || !lp || !lo || !hi) {
        o->b.failed = 1;
        goto done;
    }
    int n = 0;
    double base = sf_report_num(sf_report_csv_cell(t, 0, cb)), m = fabs(base);
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(sf_report_csv_cell(t, r, cs), s0) || strcmp(sf_report_csv_cell(t, r, cy), y0) ||
            strcmp(sf_report_csv_cell(t, r, cst), st0))
            continue;
        char pl[160], vlo[96], vhi[96];
        sf_report_param_text(o, sf_report_csv_cell(t, r, cp), sf_report_csv_cell(t, r, cl), pl, sizeof pl, vlo,
                             sizeof vlo);
        sf_report_param_text(o, sf_report_csv_cell(t, r, cp), sf_report_csv_cell(t, r, ch), NULL, 0, vhi, sizeof vhi);
        snprintf(labels[n], sizeof labels[n], o->L == I18N_ZH ? "%s（%s → %s）" : "%s (%s → %s)", pl, vlo, vhi);
        items[n].label = labels[n];
        items[n].lo = sf_report_num(sf_report_csv_cell(t, r, cvl));
        items[n].hi = sf_report_num(sf_report_csv_cell(t, r, cvh));
        items[n].span = fabs(items[n].hi - items[n].lo);
        if (!isfinite(items[n].span))
            items[n].span = 0;
        m = fmax(m, fmax(fabs(items[n].lo), fabs(items[n].hi)));
        n++;
    }
    qsort(items, (size_t)n, sizeof *items, tor_cmp);
    const char *unit = sf_report_series_unit(f, s0);
    int money = strcmp(unit, "CNY") == 0 || !*unit;
    i18n_unit u = sf_i18n_unit_pick(o->L, m);
    double sc = money ? sf_i18n_unit_scale(u) : 1;
    for (int i = 0; i < n; i++) {
        lp[i] = items[i].label;
        lo[i] = items[i].lo / sc;
        hi[i] = items[i].hi / sc;
    }
    char xt[256], yl[64];
    snprintf(yl, sizeof yl, "%s", y0);
    int yc = sf_report_year_code(y0);
    if (yc == Y_TOTAL)
        snprintf(yl, sizeof yl, "%s", T(I18N_TOTAL));
    else if (yc == Y_PV)
        snprintf(yl, sizeof yl, "%s", T(I18N_PV));
    snprintf(xt, sizeof xt, "%s · %s · %s%s%s", sf_report_series_name(o, s0), yl,
             strcmp(st0, "mean") == 0 ? T(I18N_MEAN) : st0, money ? " · " : "",
             money ? sf_i18n_unit_name(o->L, u) : "");
    sf_report_put(o, "<figure><figcaption>");
    sf_report_esc(o, T(I18N_SEC_SENS));
    sf_report_put(o, "</figcaption>");
    sf_chart_tornado(&o->b, T(I18N_SEC_SENS), lp, lo, hi, n, base / sc, xt, T(I18N_SENS_LOW), T(I18N_SENS_HIGH));
    sf_report_put(o, "</figure>\n");
    sf_report_note(o, T(I18N_SENS_NOTE));
done:
    free(items);
    free(labels);
    free(lp);
    free(lo);
    free(hi);
    sf_report_put(o, "</section>\n");
}

/* A row of stress.csv belongs to the mean view: every row of a file without a view column. */
static int stress_in_view(const csvtab *t, int cview, size_t r, const char *view)
{
    return cview < 0 ? strcmp(view, "mean") == 0 : strcmp(sf_report_csv_cell(t, r, cview), view) == 0;
}

/* The value of (view, series, year) in stress.csv, NaN when absent; *cell the cell's text. */
static double stress_value(const csvtab *t, int cview, int cs, int cy, int cv, const char *view, const char *series,
                           const char *year, const char **cell)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (stress_in_view(t, cview, r, view) && strcmp(sf_report_csv_cell(t, r, cs), series) == 0 &&
            (year == NULL || strcmp(sf_report_csv_cell(t, r, cy), year) == 0)) {
            if (cell)
                *cell = sf_report_csv_cell(t, r, cv);
            return sf_report_num(sf_report_csv_cell(t, r, cv));
        }
    return NAN;
}

/* The facts above the chart: the target, the paths that meet it, the likelihoods, the replay. */
static void stress_facts(out *o, const csvtab *t, int cview, int cs, int cy, int cv)
{
    if (cview < 0)
        return;
    char v[5200];
    sf_report_facts_open(o);
    for (size_t r = 0; r < t->nrows; r++) {
        const char *view = sf_report_csv_cell(t, r, cview);
        if (strcmp(view, "target_ge") != 0 && strcmp(view, "target_le") != 0)
            continue;
        const char *y = sf_report_csv_cell(t, r, cy), *series = sf_report_csv_cell(t, r, cs);
        const int yc = sf_report_year_code(y);
        const char *unit = sf_report_series_unit(o->f, series);
        const i18n_unit u = sf_i18n_unit_headline(o->L);
        char tv[160];
        if (*unit) {
            char num[96];
            sf_report_fmt_value(unit, sf_report_num(sf_report_csv_cell(t, r, cv)), u, num, sizeof num);
            snprintf(tv, sizeof tv, "%s %s", num, sf_report_series_unit_label(o, series, unit, u));
        } else
            snprintf(tv, sizeof tv, "%s", sf_report_csv_cell(t, r, cv));
        snprintf(v, sizeof v, "%s · %s %s %s", sf_report_series_name(o, series),
                 yc == Y_TOTAL ? T(I18N_TOTAL) : (yc == Y_PV ? T(I18N_PV) : y), view[7] == 'g' ? "≥" : "≤", tv);
        sf_report_fact(o, T(I18N_STRESS_TARGET), v, NULL);
    }
    const double n = stress_value(t, cview, cs, cy, cv, "mean", "stress.paths", NULL, NULL);
    const double sh = stress_value(t, cview, cs, cy, cv, "mean", "stress.share", NULL, NULL);
    if (isfinite(n) && isfinite(sh)) {
        char pct[32];
        sf_report_fmt_pct(sh, 2, pct, sizeof pct);
        snprintf(v, sizeof v, "%.0f (%s)", n, pct);
        sf_report_fact(o, T(I18N_STRESS_PATHS), v, NULL);
    }
    const double lr = stress_value(t, cview, cs, cy, cv, "mean", "stress.likelihood_ratio", NULL, NULL);
    if (isfinite(lr)) {
        snprintf(v, sizeof v, "%.3g", lr);
        sf_report_fact(o, T(I18N_STRESS_LR), v, NULL);
    }
    const double lb = stress_value(t, cview, cs, cy, cv, "most_likely", "stress.likelihood_ratio", NULL, NULL);
    if (isfinite(lb)) {
        snprintf(v, sizeof v, "%.3g", lb);
        sf_report_fact(o, T(I18N_STRESS_LR_BEST), v, NULL);
    }
    /* the replay line, from the replay view's G in year order and then its sector factors (sector
     * after sector, each in year order, economy.stress_sector), as the CSV gives each value */
    size_t len = (size_t)snprintf(v, sizeof v, "--set economy.stress=");
    int ng = 0, nsec = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (stress_in_view(t, cview, r, "replay") && strcmp(sf_report_csv_cell(t, r, cs), "economy.G") == 0 &&
            len < sizeof v)
            len += (size_t)snprintf(v + len, sizeof v - len, "%s%s", ng++ ? "," : "", sf_report_csv_cell(t, r, cv));
    for (size_t r = 0; ng > 0 && r < t->nrows; r++)
        if (stress_in_view(t, cview, r, "replay") && strncmp(sf_report_csv_cell(t, r, cs), "economy.S.", 10) == 0 &&
            len < sizeof v)
            len += (size_t)snprintf(v + len, sizeof v - len, "%s%s", nsec++ ? "," : " --set economy.stress_sector=",
                                    sf_report_csv_cell(t, r, cv));
    if (ng > 0) {
        sf_report_fact(o, T(I18N_STRESS_REPLAY), v, NULL);
        const double rs = stress_value(t, cview, cs, cy, cv, "replay", "stress.replay_share", NULL, NULL);
        if (isfinite(rs)) {
            sf_report_fmt_pct(rs, 1, v, sizeof v);
            sf_report_fact(o, T(I18N_STRESS_REPLAY_SHARE), v, NULL);
        }
    }
    sf_report_facts_close(o);
}

void sf_report_sec_stress(out *o)
{
    const folder *f = o->f;
    const csvtab *t = &f->stress;
    int cs = sf_report_csv_col(t, "series"), cy = sf_report_csv_col(t, "year"), cv = sf_report_csv_col(t, "value");
    int cview = sf_report_csv_col(t, "view"); /* smefin stress writes one; a file without it is one view */
    sf_report_section_open(o, "stress", T(I18N_SEC_STRESS), NULL);
    if (cs < 0 || cy < 0 || cv < 0) {
        sf_report_put(o, "</section>\n");
        return;
    }
    sf_report_note(o, T(I18N_STRESS_NOTE));
    stress_facts(o, t, cview, cs, cy, cv);
    const char *ser[64];
    int ns = 0;
    int yrs[MAX_YEARS], ny = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (!stress_in_view(t, cview, r, "mean"))
            continue;
        const char *s = sf_report_csv_cell(t, r, cs);
        if (strncmp(s, "stress.", 7) == 0) /* the facts above */
            continue;
        int k = 0;
        while (k < ns && strcmp(ser[k], s) != 0)
            k++;
        if (k == ns && ns < 32)
            ser[ns++] = s;
        int y = sf_report_year_code(sf_report_csv_cell(t, r, cy));
        k = 0;
        while (k < ny && yrs[k] != y)
            k++;
        if (k == ny && ny < MAX_YEARS && y > 0)
            yrs[ny++] = y;
    }
    /* the global factor's path: the mean over the paths that meet, the most likely one, the replay */
    static const char *const views[] = {"mean", "most_likely", "replay"};
    static const int colour[] = {CHART_RED, CHART_GREY, CHART_BLUE}, style[] = {CHART_SOLID, CHART_DASHED, CHART_DOTTED};
    const int legend[] = {I18N_STRESS_MEAN_PATH, I18N_STRESS_BEST_PATH, I18N_STRESS_REPLAY_PATH};
    chart *c = NULL;
    for (size_t vi = 0; vi < (cview < 0 ? 1u : 3u); vi++) {
        const char *labels[MAX_YEARS];
        char buf[MAX_YEARS][8];
        double v[MAX_YEARS];
        int any = 0;
        for (int i = 0; i < ny; i++) {
            sf_report_year_label(yrs[i], buf[i], sizeof buf[i]);
            labels[i] = buf[i];
            v[i] = NAN;
            for (size_t r = 0; r < t->nrows; r++)
                if (stress_in_view(t, cview, r, views[vi]) && (strcmp(sf_report_csv_cell(t, r, cs), "economy.G") == 0 ||
                                                             strcmp(sf_report_csv_cell(t, r, cs), "G") == 0) &&
                    sf_report_year_code(sf_report_csv_cell(t, r, cy)) == yrs[i]) {
                    v[i] = sf_report_num(sf_report_csv_cell(t, r, cv));
                    any = 1;
                }
        }
        if (!any)
            continue;
        if (c == NULL) {
            c = sf_chart_alloc_categories(labels, ny);
            if (!c) {
                o->b.failed = 1;
                return;
            }
            sf_chart_set_titles(c, NULL, "G");
            sf_chart_set_name(c, T(I18N_STRESS_FACTOR));
        }
        sf_chart_line(c, v, colour[vi], style[vi], 1, cview < 0 ? T(I18N_STRESS_FACTOR) : T(legend[vi]));
    }
    if (c) {
        sf_chart_y_include(c, 0);
        sf_report_figure_open(o, T(I18N_STRESS_FACTOR));
        sf_report_figure_chart(o, c);
    }
    sf_report_put(o, "<table id=\"stress-table\"><thead><tr><th scope=\"col\">");
    sf_report_esc(o, T(I18N_SERIES));
    sf_report_put(o, "</th><th scope=\"col\" class=\"unit\">");
    sf_report_esc(o, T(I18N_UNIT));
    sf_report_put(o, "</th>");
    for (int i = 0; i < ny; i++)
        sf_chart_buf_printf(&o->b, "<th scope=\"col\">%d</th>", yrs[i]);
    sf_report_put(o, "</tr></thead><tbody>\n");
    for (int k = 0; k < ns; k++) {
        const char *unit = sf_report_series_unit(f, ser[k]);
        i18n_unit u = sf_i18n_unit_headline(o->L);
        char name[256];
        if (strcmp(ser[k], "economy.G") == 0)
            snprintf(name, sizeof name, "%s", T(I18N_STRESS_FACTOR));
        else if (strncmp(ser[k], "economy.S.", 10) == 0)
            snprintf(name, sizeof name, "%s · %s", T(I18N_STRESS_SECTOR), ser[k] + 10);
        else
            snprintf(name, sizeof name, "%s", sf_report_series_name(o, ser[k]));
        sf_report_put(o, "<tr><th scope=\"row\">");
        sf_report_esc(o, name);
        sf_report_put(o, "</th><td class=\"unit\">");
        sf_report_esc(o, *unit ? sf_report_series_unit_label(o, ser[k], unit, u) : "");
        sf_report_put(o, "</td>");
        for (int i = 0; i < ny; i++) {
            double v = NAN;
            for (size_t r = 0; r < t->nrows; r++)
                if (stress_in_view(t, cview, r, "mean") && strcmp(sf_report_csv_cell(t, r, cs), ser[k]) == 0 &&
                    sf_report_year_code(sf_report_csv_cell(t, r, cy)) == yrs[i])
                    v = sf_report_num(sf_report_csv_cell(t, r, cv));
            char s[96];
            if (*unit)
                sf_report_fmt_value(unit, v, u, s, sizeof s);
            else if (isfinite(v))
                snprintf(s, sizeof s, "%.3g", v);
            else
                snprintf(s, sizeof s, "—");
            sf_report_put(o, "<td>");
            sf_report_esc(o, s);
            sf_report_put(o, "</td>");
        }
        sf_report_put(o, "</tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n</section>\n");
}
