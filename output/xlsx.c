#include "xlsx.h"

#include "csv_table.h"
#include "i18n.h"
#include "mechanism.h"
#include "params.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

/* The CSVs of a results folder are small (summary.csv of the largest scenario is under 1 MB). */
#define CSV_MAX_BYTES (64u << 20)

typedef struct book {
    lxw_workbook *wb;
    lxw_format *head, *money, *share, *plain, *text;
    int zh;
    double unit;       /* CNY per displayed unit: 1e6 (CNY million) or 1e4 (万元) */
    const char *uname; /* "CNY million" or "万元" */
    csv_table *summary, *series, *figures, *eval, *params;
} book;

static double num(const char *s)
{
    if (s == NULL || *s == '\0')
        return NAN;
    char *end;
    const double v = strtod(s, &end);
    return *end == '\0' ? v : NAN;
}

static const char *cell(const csv_table *t, size_t r, int c)
{
    return c >= 0 && (size_t)c < sf_csv_table_nfields(t, r) ? sf_csv_table_cell(t, r, (size_t)c) : "";
}

/* A figure of figures.csv by key ("budget.needed.2026"), in either layout: key,value or the tidy
 * figure,year,value,unit (the key is then figure.year, or figure when the year is blank). */
static double figure(const book *b, const char *key)
{
    const csv_table *t = b->figures;
    const int ck = sf_csv_table_col(t, "key"), cf = sf_csv_table_col(t, "figure");
    const int cy = sf_csv_table_col(t, "year"), cv = sf_csv_table_col(t, "value");
    char k[160];
    for (size_t r = 1; r < sf_csv_table_nrows(t); r++) {
        if (ck >= 0)
            snprintf(k, sizeof k, "%s", cell(t, r, ck));
        else if (*cell(t, r, cy))
            snprintf(k, sizeof k, "%s.%s", cell(t, r, cf), cell(t, r, cy));
        else
            snprintf(k, sizeof k, "%s", cell(t, r, cf));
        if (strcmp(k, key) == 0)
            return num(cell(t, r, cv));
    }
    return NAN;
}

/* summary.csv's value of column `stat` for series and year ("2026", "total", "pv"). */
static double stat(const book *b, const char *series, const char *year, const char *col)
{
    const csv_table *t = b->summary;
    const int cs = sf_csv_table_col(t, "series"), cy = sf_csv_table_col(t, "year"), cc = sf_csv_table_col(t, col);
    for (size_t r = 1; r < sf_csv_table_nrows(t); r++)
        if (strcmp(cell(t, r, cs), series) == 0 && strcmp(cell(t, r, cy), year) == 0)
            return num(cell(t, r, cc));
    return NAN;
}

static void put_num(const book *b, lxw_worksheet *ws, int row, int col, double v, lxw_format *f)
{
    if (isfinite(v))
        worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f);
    else
        worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, b->plain);
}

static void put_str(const book *b, lxw_worksheet *ws, int row, int col, const char *s)
{
    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s ? s : "", b->text);
}

static void header(const book *b, lxw_worksheet *ws, const char *const *cols, int n)
{
    for (int i = 0; i < n; i++)
        worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i], b->head);
    worksheet_freeze_panes(ws, 1, 0);
}

static const char *label_of(const book *b, const char *series)
{
    const char *l = sf_i18n_series(b->zh ? I18N_ZH : I18N_EN, series);
    return l ? l : series;
}

/* One row of the budget sheet: a series' year ("2026", "total" or "pv"). For a total series
 * (`needed` the figures.csv prefix of the amount needed at budget.confidence, `flag` the series
 * whose mean is P(exceeds), `any` the figure of the chance in some year), the last three columns. */
static void budget_row(const book *b, lxw_worksheet *ws, int row, const char *series, const char *article,
                       const char *year, const char *needed, const char *flag, const char *any)
{
    put_str(b, ws, row, 0, label_of(b, series));
    put_str(b, ws, row, 1, article);
    put_str(b, ws, row, 2, series);
    const double y = num(year);
    if (isfinite(y))
        worksheet_write_number(ws, (lxw_row_t)row, 3, y, b->plain);
    else
        put_str(b, ws, row, 3, strcmp(year, "pv") == 0 ? (b->zh ? "现值" : "present value") : (b->zh ? "合计" : "total"));
    static const char *const cols[] = {"mean", "p50", "p95", "p99"};
    for (int i = 0; i < 4; i++)
        put_num(b, ws, row, 4 + i, stat(b, series, year, cols[i]) / b->unit, b->money);
    if (needed == NULL)
        return;
    char k[160];
    snprintf(k, sizeof k, "%s.%s", needed, year);
    put_num(b, ws, row, 8, figure(b, k) / b->unit, b->money);
    double ap = NAN;
    if (isfinite(y)) {
        snprintf(k, sizeof k, "budget.appropriation.%s", year);
        ap = figure(b, k);
    } else if (strcmp(year, "total") == 0) { /* the years' appropriations added up */
        ap = 0.0;
        for (size_t r = 1; r < sf_csv_table_nrows(b->summary); r++) {
            const csv_table *t = b->summary;
            const int cs = sf_csv_table_col(t, "series"), cy = sf_csv_table_col(t, "year");
            const double yy = num(cell(t, r, cy));
            if (strcmp(cell(t, r, cs), series) != 0 || !isfinite(yy))
                continue;
            snprintf(k, sizeof k, "budget.appropriation.%s", cell(t, r, cy));
            ap += figure(b, k);
        }
    }
    put_num(b, ws, row, 9, ap / b->unit, b->money);
    double pe = NAN;
    if (isfinite(y))
        pe = stat(b, flag, year, "mean");
    else if (strcmp(year, "total") == 0)
        pe = figure(b, any);
    put_num(b, ws, row, 10, pe, b->share);
}

static void sheet_budget(book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, b->zh ? "预算" : "Budget");
    char h[6][96];
    char conf[32] = "";
    const double c = figure(b, "budget.confidence");
    if (isfinite(c))
        snprintf(conf, sizeof conf, "%g %%", 100.0 * c);
    snprintf(h[0], sizeof h[0], b->zh ? "均值（%s）" : "Mean (%s)", b->uname);
    snprintf(h[1], sizeof h[1], b->zh ? "P50（%s）" : "P50 (%s)", b->uname);
    snprintf(h[2], sizeof h[2], b->zh ? "P95（%s）" : "P95 (%s)", b->uname);
    snprintf(h[3], sizeof h[3], b->zh ? "P99（%s）" : "P99 (%s)", b->uname);
    snprintf(h[4], sizeof h[4], b->zh ? "%s 置信水平所需（%s）" : "Needed at %s (%s)", conf, b->uname);
    snprintf(h[5], sizeof h[5], b->zh ? "预算安排（%s）" : "Appropriation (%s)", b->uname);
    const char *cols[] = {b->zh ? "科目" : "Line", b->zh ? "条款" : "Article", b->zh ? "序列" : "Series",
                          b->zh ? "年度" : "Year", h[0], h[1], h[2], h[3], h[4], h[5],
                          b->zh ? "超支概率" : "P(exceeds)"};
    header(b, ws, cols, 11);
    worksheet_set_column(ws, 0, 0, 44, NULL);
    worksheet_set_column(ws, 2, 2, 30, NULL);
    worksheet_set_column(ws, 4, 10, 16, NULL);
    const csv_table *st = b->series;
    const int cn = sf_csv_table_col(st, "series"), ck = sf_csv_table_col(st, "kind"), ca = sf_csv_table_col(st, "article");
    const csv_table *t = b->summary;
    const int cs = sf_csv_table_col(t, "series"), cy = sf_csv_table_col(t, "year");
    int row = 1;
    /* the budget lines, then the payouts total, then the claims total (series.csv's order) */
    static const char *const kinds[] = {"budget_line", "budget_total", "claims_total"};
    for (int k = 0; k < 3; k++)
        for (size_t r = 1; r < sf_csv_table_nrows(st); r++) {
            if (strcmp(cell(st, r, ck), kinds[k]) != 0)
                continue;
            const char *name = cell(st, r, cn);
            const int claims = strcmp(name, "budget.claims") == 0;
            const int total = k > 0;
            for (size_t q = 1; q < sf_csv_table_nrows(t); q++) {
                if (strcmp(cell(t, q, cs), name) != 0)
                    continue;
                budget_row(b, ws, row++, name, cell(st, r, ca), cell(t, q, cy),
                           !total ? NULL : claims ? "budget.needed.claims" : "budget.needed",
                           claims ? "budget.claims_exceed_appropriation" : "budget.exceeds_appropriation",
                           claims ? "budget.prob_exceeds_any_year.claims" : "budget.prob_exceeds_any_year");
            }
        }
}

static void sheet_evaluation(book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, b->zh ? "第五十六条评估" : "Art. 56 evaluation");
    const csv_table *t = b->eval;
    if (sf_csv_table_nrows(t) == 0)
        return;
    const size_t nc = sf_csv_table_nfields(t, 0);
    /* money columns in the display unit, the others as they are */
    for (size_t c = 0; c < nc && c < 32; c++) {
        const char *n = cell(t, 0, (int)c);
        char h[128];
        static const char *const names[][3] = {
            {"mechanism", "Mechanism", "机制"},        {"article", "Article", "条款"},
            {"spending", "Spending", "支出"},          {"financing_supported", "Financing supported", "支持融资"},
            {"loss_rate", "Loss rate", "损失率"},      {"cost_per_yuan", "Cost per yuan supported", "每元融资成本"},
            {"multiplier", "Financing per yuan", "撬动倍数"}};
        const char *shown = n;
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strcmp(n, names[i][0]) == 0)
                shown = names[i][b->zh ? 2 : 1];
        const int money = strcmp(n, "spending") == 0 || strcmp(n, "financing_supported") == 0;
        if (money)
            snprintf(h, sizeof h, b->zh ? "%s（%s）" : "%s (%s)", shown, b->uname);
        else if (strcmp(n, "loss_rate") == 0 || strcmp(n, "cost_per_yuan") == 0)
            snprintf(h, sizeof h, b->zh ? "%s（%s）" : "%s (%s)", shown, b->zh ? "比率" : "ratio");
        else if (strcmp(n, "multiplier") == 0)
            snprintf(h, sizeof h, b->zh ? "%s（倍）" : "%s (x)", shown);
        else
            snprintf(h, sizeof h, "%s", shown);
        worksheet_write_string(ws, 0, (lxw_col_t)c, h, b->head);
        for (size_t r = 1; r < sf_csv_table_nrows(t); r++) {
            const char *s = cell(t, r, (int)c);
            const double v = num(s);
            if (strcmp(n, "mechanism") == 0) {
                const sf_mechanism_info *mi = sf_mechanism_info_find(s);
                const char *l = mi ? sf_i18n_mechanism(b->zh ? I18N_ZH : I18N_EN, mi->prefix) : NULL;
                put_str(b, ws, (int)r, (int)c, l ? l : s);
            } else if (strcmp(n, "article") == 0 || !isfinite(v)) {
                put_str(b, ws, (int)r, (int)c, s);
            } else {
                put_num(b, ws, (int)r, (int)c, money ? v / b->unit : v, money ? b->money : b->plain);
            }
        }
    }
    worksheet_set_column(ws, 0, (lxw_col_t)(nc ? nc - 1 : 0), 22, NULL);
    worksheet_freeze_panes(ws, 1, 0);
}

static void sheet_figures(book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, b->zh ? "指标" : "Figures");
    const char *cols[] = {b->zh ? "指标" : "Figure", b->zh ? "键" : "Key", b->zh ? "数值" : "Value",
                          b->zh ? "单位" : "Unit"};
    header(b, ws, cols, 4);
    worksheet_set_column(ws, 0, 1, 48, NULL);
    worksheet_set_column(ws, 2, 3, 16, NULL);
    const csv_table *t = b->figures;
    const int ck = sf_csv_table_col(t, "key"), cf = sf_csv_table_col(t, "figure");
    const int cy = sf_csv_table_col(t, "year"), cv = sf_csv_table_col(t, "value");
    int row = 1;
    for (size_t r = 1; r < sf_csv_table_nrows(t); r++) {
        char key[160];
        if (ck >= 0)
            snprintf(key, sizeof key, "%s", cell(t, r, ck));
        else if (*cell(t, r, cy))
            snprintf(key, sizeof key, "%s.%s", cell(t, r, cf), cell(t, r, cy));
        else
            snprintf(key, sizeof key, "%s", cell(t, r, cf));
        char kind = 'n';
        const char *l = sf_i18n_figure(b->zh ? I18N_ZH : I18N_EN, key, &kind);
        char lab[256];
        const char *dot = strrchr(key, '.');
        if (l == NULL && dot && isfinite(num(dot + 1))) { /* a year's figure: its prefix's label and the year */
            char pre[160];
            snprintf(pre, sizeof pre, "%.*s.total", (int)(dot - key), key);
            const char *pl = sf_i18n_figure(b->zh ? I18N_ZH : I18N_EN, pre, &kind);
            if (pl == NULL) {
                snprintf(pre, sizeof pre, "%.*s", (int)(dot - key), key);
                pl = sf_i18n_figure(b->zh ? I18N_ZH : I18N_EN, pre, &kind);
            }
            if (pl) {
                snprintf(lab, sizeof lab, b->zh ? "%s（%s 年）" : "%s (%s)", pl, dot + 1);
                l = lab;
            }
        }
        const double v = num(cell(t, r, cv));
        put_str(b, ws, row, 0, l ? l : key);
        put_str(b, ws, row, 1, key);
        if (kind == 'm') {
            put_num(b, ws, row, 2, v / b->unit, b->money);
            put_str(b, ws, row, 3, b->uname);
        } else if (kind == 'p') {
            put_num(b, ws, row, 2, v, b->share);
            put_str(b, ws, row, 3, b->zh ? "比例" : "share");
        } else {
            put_num(b, ws, row, 2, v, b->plain);
            put_str(b, ws, row, 3, kind == 'x' ? (b->zh ? "倍" : "x") : "");
        }
        row++;
    }
}

static const char *note_of(const sf_params *notes, const char *section, const char *key)
{
    for (size_t i = 0; notes && i < sf_params_count(notes); i++)
        if (strcmp(sf_params_section(notes, i), section) == 0 && strcmp(sf_params_key(notes, i), key) == 0)
            return sf_params_value(notes, i);
    return "";
}

static void sheet_parameters(book *b, const sf_params *notes)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, b->zh ? "参数" : "Parameters");
    const char *cols[] = {b->zh ? "参数" : "Parameter", b->zh ? "节" : "Section", b->zh ? "键" : "Key",
                          b->zh ? "数值" : "Value", b->zh ? "来源（情景文件中的说明）" : "Source (the scenario file's note)"};
    header(b, ws, cols, 5);
    worksheet_set_column(ws, 0, 0, 44, NULL);
    worksheet_set_column(ws, 1, 3, 20, NULL);
    worksheet_set_column(ws, 4, 4, 100, NULL);
    const csv_table *t = b->params;
    const int cs = sf_csv_table_col(t, "section"), ck = sf_csv_table_col(t, "key"), cv = sf_csv_table_col(t, "value");
    int row = 1;
    for (size_t r = 1; r < sf_csv_table_nrows(t); r++) {
        const char *s = cell(t, r, cs), *k = cell(t, r, ck), *v = cell(t, r, cv);
        if (strcmp(s, "run") == 0)
            continue; /* the run's identity is in run.json */
        const char *l = sf_i18n_param(b->zh ? I18N_ZH : I18N_EN, s, k, NULL);
        put_str(b, ws, row, 0, l ? l : k);
        put_str(b, ws, row, 1, s);
        put_str(b, ws, row, 2, k);
        const double x = num(v);
        if (isfinite(x))
            worksheet_write_number(ws, (lxw_row_t)row, 3, x, b->plain); /* as the scenario gives it (CNY) */
        else
            put_str(b, ws, row, 3, v);
        put_str(b, ws, row, 4, note_of(notes, s, k));
        row++;
    }
}

static int read_csv(const char *dir, const char *name, int required, csv_table **out, sf_err *err)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    csv_table_stop stop;
    *out = NULL;
    const int rc = sf_csv_table_read(p, CSV_MAX_BYTES, "too large for budget.xlsx", out, &stop, err);
    if (rc != SF_OK && !required) {
        *out = NULL;
        err->code = 0;
        err->msg[0] = '\0';
        return sf_csv_table_parse(p, "", 0, out, &stop, err);
    }
    return rc == SF_OK ? SF_OK : SF_EIO;
}

int sf_xlsx_write(const char *dir, const char *lang, const sf_params *notes, sf_err *err)
{
    book b;
    memset(&b, 0, sizeof b);
    b.zh = lang && strcmp(lang, "zh") == 0;
    b.unit = b.zh ? 1e4 : 1e6;
    b.uname = b.zh ? "万元" : "CNY million";
    int rc = read_csv(dir, "summary.csv", 1, &b.summary, err);
    if (rc == SF_OK)
        rc = read_csv(dir, "series.csv", 1, &b.series, err);
    if (rc == SF_OK)
        rc = read_csv(dir, "figures.csv", 1, &b.figures, err);
    if (rc == SF_OK)
        rc = read_csv(dir, "evaluation.csv", 0, &b.eval, err);
    if (rc == SF_OK)
        rc = read_csv(dir, "parameters.csv", 1, &b.params, err);
    char path[4200];
    snprintf(path, sizeof path, "%s/budget.xlsx", dir);
    if (rc == SF_OK) {
        b.wb = workbook_new(path);
        if (b.wb == NULL)
            rc = sf_err_set(err, SF_EWRITE, "%s: cannot write", path);
    }
    if (rc == SF_OK) {
        b.head = workbook_add_format(b.wb);
        format_set_bold(b.head);
        format_set_text_wrap(b.head);
        format_set_bg_color(b.head, 0xE8EEF4);
        b.money = workbook_add_format(b.wb);
        format_set_num_format(b.money, "#,##0.00");
        b.share = workbook_add_format(b.wb);
        format_set_num_format(b.share, "0.0%");
        b.plain = workbook_add_format(b.wb);
        format_set_num_format(b.plain, "General");
        b.text = workbook_add_format(b.wb);
        sheet_budget(&b);
        sheet_evaluation(&b);
        sheet_figures(&b);
        sheet_parameters(&b, notes);
        /* A fixed creation time (2026-01-01T00:00:00Z): libxlsxwriter would write the current one,
         * and the file must be the same bytes for the same run, as every file of the folder. */
        char title[64], author[] = "smefin";
        snprintf(title, sizeof title, "%s", b.zh ? "专项资金预算" : "Budget");
        lxw_doc_properties props = {.title = title, .author = author, .created = (time_t)1767225600};
        workbook_set_properties(b.wb, &props);
        const lxw_error e = workbook_close(b.wb);
        b.wb = NULL;
        if (e != LXW_NO_ERROR)
            rc = sf_err_set(err, SF_EWRITE, "%s: cannot write: %s", path, lxw_strerror(e));
    }
    sf_csv_table_free(b.summary);
    sf_csv_table_free(b.series);
    sf_csv_table_free(b.figures);
    sf_csv_table_free(b.eval);
    sf_csv_table_free(b.params);
    return rc;
}
