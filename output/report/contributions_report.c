/*
 * contributions_report.c — the report's section "Who carries the risk" (issue 12): the Euler
 * contributions of contributions.csv (dimension,member,stat,contribution,share) to the mean and
 * the CVaR99 of the horizon budget.total, per budget line, bank, size class and sector — one bar
 * chart per dimension (mean and CVaR99 side by side) and a table with CVaR95 and the share of
 * CVaR99. Contributions add up to the total's statistic (docs/results-folder.md).
 */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MEMBERS 128

typedef struct member {
    const char *id;
    char label[160];
    double v[3]; /* mean, cvar95, cvar99 */
    double share99;
} member;

static const char *const stat_names[3] = {"mean", "cvar95", "cvar99"};

/* A member's label: a budget line's series label; the size classes and "not by segment" from the
 * text table; a bank's or sector's name as the segments file writes it, '_' shown as a space. */
static void member_label(out *o, const char *dim, const char *id, char *s, size_t n)
{
    if (strcmp(id, "not_by_segment") == 0) {
        snprintf(s, n, "%s", T(I18N_CONTRIB_NOT_BY_SEGMENT));
        return;
    }
    if (strcmp(dim, "line") == 0) {
        snprintf(s, n, "%s", sf_report_series_name(o, id));
        return;
    }
    if (strcmp(dim, "size") == 0) {
        const i18n_msg m = strcmp(id, "micro") == 0   ? I18N_CONTRIB_MICRO
                           : strcmp(id, "small") == 0 ? I18N_CONTRIB_SMALL
                           : strcmp(id, "medium") == 0 ? I18N_CONTRIB_MEDIUM
                                                       : I18N_NMSGS;
        if (m != I18N_NMSGS) {
            snprintf(s, n, "%s", T(m));
            return;
        }
    }
    /* the baseline's banks and sectors (scenarios/segments.csv) by name; others as written */
    static const char *const known[][3] = {
        {"state_bank", "Large state-owned banks", "国有大型银行"},
        {"joint_stock_bank", "Joint-stock banks", "股份制银行"},
        {"city_bank", "City commercial banks", "城市商业银行"},
        {"rural_bank", "Rural commercial banks", "农村商业银行"},
        {"manufacturing", "Manufacturing", "制造业"},
        {"technology", "Technology", "科技"},
        {"trade", "Trade", "批发零售"},
        {"services", "Services", "服务业"},
    };
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        if (strcmp(id, known[k][0]) == 0) {
            snprintf(s, n, "%s", known[k][o->L == I18N_ZH ? 2 : 1]);
            return;
        }
    snprintf(s, n, "%s", id);
    for (char *p = s; *p; p++)
        if (*p == '_')
            *p = ' ';
}

static void dimension(out *o, const char *dim, i18n_msg title)
{
    const csvtab *t = &o->f->contrib;
    const int cd = sf_report_csv_col(t, "dimension"), cm = sf_report_csv_col(t, "member"),
              cs = sf_report_csv_col(t, "stat"), cc = sf_report_csv_col(t, "contribution"),
              csh = sf_report_csv_col(t, "share");
    member *mb = calloc(MAX_MEMBERS, sizeof *mb);
    if (!mb) {
        o->b.failed = 1;
        return;
    }
    int n = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(sf_report_csv_cell(t, r, cd), dim) != 0)
            continue;
        const char *id = sf_report_csv_cell(t, r, cm), *st = sf_report_csv_cell(t, r, cs);
        int k = -1;
        for (int j = 0; j < 3; j++)
            if (strcmp(st, stat_names[j]) == 0)
                k = j;
        if (k < 0)
            continue;
        int i = 0;
        while (i < n && strcmp(mb[i].id, id) != 0)
            i++;
        if (i == n) {
            if (n == MAX_MEMBERS)
                continue;
            mb[n].id = id;
            mb[n].v[0] = mb[n].v[1] = mb[n].v[2] = mb[n].share99 = NAN;
            member_label(o, dim, id, mb[n].label, sizeof mb[n].label);
            n++;
        }
        mb[i].v[k] = sf_report_num(sf_report_csv_cell(t, r, cc));
        if (k == 2)
            mb[i].share99 = sf_report_num(sf_report_csv_cell(t, r, csh));
    }
    if (n == 0) {
        free(mb);
        return;
    }
    double m = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 3; k++)
            if (isfinite(mb[i].v[k]))
                m = fmax(m, fabs(mb[i].v[k]));
    const i18n_unit u = sf_i18n_unit_pick(o->L, m);
    const double sc = sf_i18n_unit_scale(u);
    const char **labels = calloc((size_t)n, sizeof *labels);
    double *mean = calloc((size_t)n, sizeof *mean), *cv99 = calloc((size_t)n, sizeof *cv99);
    if (!labels || !mean || !cv99) {
        o->b.failed = 1;
        goto done;
    }
    for (int i = 0; i < n; i++) {
        labels[i] = mb[i].label;
        mean[i] = mb[i].v[0] / sc;
        cv99[i] = mb[i].v[2] / sc;
    }
    char cap[256];
    snprintf(cap, sizeof cap, "%s · %s", T(title), sf_i18n_unit_name(o->L, u));
    for (int i = 0; i < n; i++)
        mean[i] = NAN; /* one bar a member: its contribution to CVaR99 (the table has the mean and CVaR95) */
    sf_report_put(o, "<figure><figcaption>");
    sf_report_esc(o, cap);
    sf_report_put(o, "</figcaption>");
    sf_chart_tornado(&o->b, T(title), labels, mean, cv99, n, 0.0, sf_i18n_unit_name(o->L, u), NULL,
                     T(I18N_CONTRIB_CVAR99));
    sf_report_put(o, "</figure>\n");

    sf_report_put(o, "<table class=\"contributions\">\n<caption>");
    sf_report_esc(o, cap);
    sf_report_put(o, "</caption>\n<thead><tr><th scope=\"col\">");
    sf_report_esc(o, T(title));
    const i18n_msg head[4] = {I18N_CONTRIB_MEAN, I18N_CONTRIB_CVAR95, I18N_CONTRIB_CVAR99, I18N_CONTRIB_SHARE99};
    for (int k = 0; k < 4; k++) {
        sf_report_put(o, "</th><th scope=\"col\">");
        sf_report_esc(o, T(head[k]));
    }
    sf_report_put(o, "</th></tr></thead>\n<tbody>\n");
    char s[96];
    for (int i = 0; i < n; i++) {
        sf_report_put(o, "<tr><th scope=\"row\">");
        sf_report_esc(o, mb[i].label);
        sf_report_put(o, "</th>");
        for (int k = 0; k < 3; k++) {
            sf_report_fmt_money(mb[i].v[k], u, s, sizeof s);
            sf_report_put(o, "<td>");
            sf_report_esc(o, s);
            sf_report_put(o, "</td>");
        }
        sf_report_fmt_pct(mb[i].share99, 1, s, sizeof s);
        sf_report_put(o, "<td>");
        sf_report_esc(o, s);
        sf_report_put(o, "</td></tr>\n");
    }
    sf_report_put(o, "</tbody></table>\n");
done:
    free(labels);
    free(mean);
    free(cv99);
    free(mb);
}

void sf_report_sec_contributions(out *o)
{
    const csvtab *t = &o->f->contrib;
    if (sf_report_csv_col(t, "dimension") < 0 || sf_report_csv_col(t, "member") < 0 ||
        sf_report_csv_col(t, "stat") < 0 || sf_report_csv_col(t, "contribution") < 0 ||
        sf_report_csv_col(t, "share") < 0 || t->nrows == 0)
        return;
    sf_report_section_open(o, "contributions", T(I18N_SEC_CONTRIB), NULL);
    sf_report_note(o, T(I18N_CONTRIB_NOTE));
    dimension(o, "line", I18N_CONTRIB_LINE);
    dimension(o, "bank", I18N_CONTRIB_BANK);
    dimension(o, "size", I18N_CONTRIB_SIZE);
    dimension(o, "sector", I18N_CONTRIB_SECTOR);
    sf_report_put(o, "</section>\n");
}
