/*
 * test_report.c — report.html (issue 5): sections in order, no external reference, well-formed
 * SVG, headline numbers equal to summary.csv, Chinese terms, escaping, missing optional files,
 * errors; the chart module's ticks and formats; and the browser test (headless Chromium renders
 * the report: the DOM holds the charts, the screenshot is not blank).
 *
 * The fixture tests/cases/report/baseline/ is a hand-made results folder (make-fixture.py);
 * each test copies it to a temporary folder, so the tree stays clean. It has no series.csv, like
 * a folder written before series.csv existed: the report takes the series' kinds and labels from
 * the built-in definitions. The folders the engine writes (budget_lines_add_up) have one.
 */
#include "chart.h"
#include "i18n.h"
#include "report.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define FIXTURE "tests/cases/report/baseline"

/* ---------------------------------------------------------------- helpers */

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, fp) != (size_t)n) {
        free(s);
        s = NULL;
    }
    fclose(fp);
    if (s) {
        s[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return s;
}

static void spit(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    cr_assert(fp, "cannot write %s", path);
    fputs(text, fp);
    fclose(fp);
}

/* A temporary copy of the fixture folder; returns its path (static storage per call site). */
static void copy_fixture(char *dir, size_t n)
{
    snprintf(dir, n, "/tmp/smefin-report-XXXXXX");
    cr_assert(mkdtemp(dir), "mkdtemp");
    DIR *d = opendir(FIXTURE);
    cr_assert(d, "fixture %s missing (run the tests from the repository root)", FIXTURE);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !strstr(e->d_name, ".csv"))
            continue;
        char src[512], dst[512];
        snprintf(src, sizeof src, "%s/%s", FIXTURE, e->d_name);
        snprintf(dst, sizeof dst, "%s/%s", dir, e->d_name);
        char *s = slurp(src, NULL);
        cr_assert(s, "read %s", src);
        spit(dst, s);
        free(s);
    }
    closedir(d);
}

static void rm_rf(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    int rc = system(cmd);
    (void)rc;
}

static char *make_report(const char *dir, const char *lang)
{
    sf_err err = {0, ""};
    char name[32];
    int rc = sf_report_write_named(dir, lang, name, sizeof name, &err);
    cr_assert_eq(rc, SF_OK, "report_write(%s, %s): %d %s", dir, lang, rc, err.msg);
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *html = slurp(path, NULL);
    cr_assert(html, "no report.html");
    return html;
}

/* summary.csv of the fixture has no quoted fields: split on commas. */
static double summary_value(const char *dir, const char *series, const char *year, const char *stat)
{
    char path[600], line[4096];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    FILE *fp = fopen(path, "r");
    cr_assert(fp);
    char *head[32];
    int nh = 0, col = -1;
    char hbuf[4096];
    cr_assert(fgets(hbuf, sizeof hbuf, fp));
    hbuf[strcspn(hbuf, "\r\n")] = '\0';
    for (char *t = strtok(hbuf, ","); t && nh < 32; t = strtok(NULL, ","))
        head[nh++] = t;
    for (int i = 0; i < nh; i++)
        if (strcmp(head[i], stat) == 0)
            col = i;
    cr_assert(col >= 0, "no column %s", stat);
    double v = NAN;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *f[32];
        int nf = 0;
        for (char *p = line, *q; nf < 32; p = q + 1) {
            f[nf++] = p;
            q = strchr(p, ',');
            if (!q)
                break;
            *q = '\0';
        }
        if (nf > col && strcmp(f[0], series) == 0 && strcmp(f[2], year) == 0) {
            v = strtod(f[col], NULL);
            break;
        }
    }
    fclose(fp);
    return v;
}

/* A displayed number: thousands commas dropped, U+2212 read as a minus, a trailing % kept out. */
static double parse_shown(const char *s, int *is_pct)
{
    char b[128];
    size_t k = 0;
    int neg = 0;
    *is_pct = 0;
    for (const char *p = s; *p && k < sizeof b - 1; p++) {
        if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x88 && (unsigned char)p[2] == 0x92) {
            neg = 1;
            p += 2;
        } else if (*p == '-') {
            neg = 1;
        } else if (*p == '%') {
            *is_pct = 1;
        } else if (*p != ',' && *p != ' ') {
            b[k++] = *p;
        }
    }
    b[k] = '\0';
    char *end;
    double v = strtod(b, &end);
    if (end == b || *end)
        return NAN;
    return neg ? -v : v;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---------------------------------------------------------------- raw ids */

/* A word of visible text that is an internal name: a series id or figure key ("fund.gov_nav",
 * "bridge.turnover"), a parameter or run field ("pool_initial", "portfolio_file"), or an absolute
 * path. File names (summary.csv, shenzhen-baseline.ini) and relative paths are not. */
static int raw_word(const char *w, size_t n)
{
    static const char *const ext[] = {".csv", ".ini", ".html", ".json", ".xlsx", ".md", ".pdf"};
    if (n > 1 && w[0] == '/' && isalpha((unsigned char)w[1]))
        return 1; /* /work/..., /tmp/... */
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t l = strlen(ext[i]);
        if (n > l && strncmp(w + n - l, ext[i], l) == 0)
            return 0;
    }
    for (size_t i = 1; i + 1 < n; i++) {
        const int before = isalnum((unsigned char)w[i - 1]), after = isalpha((unsigned char)w[i + 1]);
        if (w[i] == '_' && before && isalnum((unsigned char)w[i + 1]))
            return 1;
        if (w[i] == '.' && isalpha((unsigned char)w[i - 1]) && after)
            return 1;
    }
    return 0;
}

/* The first raw word of a text, copied to out; 0 when there is none. */
static int find_raw(const char *text, char *out, size_t n)
{
    const char *p = text;
    while (*p) {
        while (*p && !(isalnum((unsigned char)*p) || *p == '_' || *p == '/'))
            p++;
        const char *b = p;
        while (*p && (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '/' || *p == '-'))
            p++;
        size_t len = (size_t)(p - b);
        while (len > 0 && (b[len - 1] == '.' || b[len - 1] == '-')) /* a full stop ends a sentence */
            len--;
        if (len && raw_word(b, len)) {
            snprintf(out, n, "%.*s", (int)len, b);
            return 1;
        }
    }
    return 0;
}

static int has_class(xmlNodePtr n, const char *cls)
{
    xmlChar *c = xmlGetProp(n, (const xmlChar *)"class");
    int yes = c && strstr((const char *)c, cls) != NULL;
    xmlFree(c);
    return yes;
}

/* Walk the body: every text node a reader sees (SVG labels and tooltips included) must be free of
 * raw names; the command that reproduces the run (code.cmd) may name keys but no absolute path. */
static void raw_walk(xmlNodePtr n, int in_cmd, int *bad, char *first, size_t fn)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            if (strcmp(name, "style") == 0 || strcmp(name, "script") == 0 || strcmp(name, "head") == 0)
                continue;
            raw_walk(n->children, in_cmd || (strcmp(name, "code") == 0 && has_class(n, "cmd")), bad, first, fn);
        } else if (n->type == XML_TEXT_NODE && n->content) {
            char w[200];
            const char *t = (const char *)n->content;
            if (find_raw(t, w, sizeof w) && (!in_cmd || w[0] == '/')) {
                if (*bad == 0)
                    snprintf(first, fn, "'%s' in \"%.120s\"", w, t);
                (*bad)++;
            }
        }
    }
}

/* No raw id, key name or absolute path in the visible text of a report; returns the count. */
static size_t count_of(const char *h, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(h, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void check_no_raw_ids(const char *html, const char *what)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), "report.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    cr_assert(doc, "%s: the HTML parser read nothing", what);
    int bad = 0;
    char first[400] = "";
    raw_walk(xmlDocGetRootElement(doc), 0, &bad, first, sizeof first);
    xmlFreeDoc(doc);
    cr_assert_eq(bad, 0,
                 "%s: %d visible texts carry a raw name, the first %s — give it a label in output/i18n.c or "
                 "output/labels/<mechanism>_labels.c (series, figures, params)",
                 what, bad, first);
}

Test(report, raw_word_detector)
{
    char w[64];
    cr_assert(find_raw("Government NAV fund.gov_nav", w, sizeof w) && strcmp(w, "fund.gov_nav") == 0);
    cr_assert(find_raw("pool_initial 5000000000", w, sizeof w) && strcmp(w, "pool_initial") == 0);
    cr_assert(find_raw("in /work/main/scenarios/x.ini", w, sizeof w));
    cr_assert(find_raw("bridge.turnover.", w, sizeof w) && strcmp(w, "bridge.turnover") == 0);
    cr_assert_not(find_raw("see summary.csv and scenarios/shenzhen-baseline.ini.", w, sizeof w));
    cr_assert_not(find_raw("4,000.00 CNY million · P5–P95 · 2.5% · SHA-256 · 0.1.0", w, sizeof w));
    cr_assert_not(find_raw("超支概率 第五十五条 亿元", w, sizeof w));
}

/* ---------------------------------------------------------------- content */

static const char *const section_ids[] = {"id=\"key\"",         "id=\"headline\"",    "id=\"fan\"",
                                          "id=\"lines\"",       "id=\"distribution\"", "id=\"mechanisms\"",
                                          "id=\"evaluation\"",  "id=\"sensitivity\"", "id=\"compare\"",
                                          "id=\"stress\"",      "id=\"assumptions\""};

static void check_sections(const char *html)
{
    const char *prev = html;
    for (size_t i = 0; i < sizeof section_ids / sizeof section_ids[0]; i++) {
        const char *p = strstr(html, section_ids[i]);
        cr_assert(p, "section %s missing", section_ids[i]);
        cr_assert(p > prev, "section %s out of order", section_ids[i]);
        prev = p;
    }
    const char *mechs[] = {"mech-portfolio", "mech-risk_comp", "mech-guarantee", "mech-insurance",
                           "mech-interest_subsidy", "mech-bridge", "mech-fund"};
    for (size_t i = 0; i < sizeof mechs / sizeof mechs[0]; i++)
        cr_assert(strstr(html, mechs[i]), "mechanism section %s missing", mechs[i]);
    cr_assert(strstr(html, "id=\"headline-table\""));
    cr_assert(strstr(html, "id=\"evaluation-table\""));
    cr_assert(strstr(html, "id=\"parameters-table\""));
    cr_assert(strstr(html, "20260101"), "the seed is shown");
    cr_assert(strstr(html, "3f1c9a7e52b04d6e8a1f0c2b9d7e6a5f4c3b2a1908f7e6d5c4b3a29180f7e6d5"), "scenario hash shown");
    cr_assert(strstr(html, "@media print") && strstr(html, "size:A4"), "A4 print stylesheet");
    cr_assert(count(html, "<svg") >= 12, "charts: %d", count(html, "<svg"));
}

static void check_offline(const char *html)
{
    cr_assert_null(strstr(html, "http://"), "http:// in the report");
    cr_assert_null(strstr(html, "https://"), "https:// in the report");
    cr_assert_null(strstr(html, "//"), "// in the report: %.60s", strstr(html, "//"));
    cr_assert_null(strstr(html, "src="), "no src= (nothing loaded)");
    cr_assert_null(strstr(html, "url("), "no url() in CSS");
    cr_assert_null(strstr(html, "@import"));
    cr_assert_null(strstr(html, "<script"), "no script: the charts need none");
    cr_assert_null(strstr(html, "<link"));
    /* every href is an anchor in the page */
    for (const char *p = strstr(html, "href=\""); p; p = strstr(p + 1, "href=\""))
        cr_assert_eq(p[6], '#', "href to outside the page: %.40s", p);
}

static void check_svg(const char *html, int min)
{
    int n = 0;
    for (const char *p = strstr(html, "<svg"); p; p = strstr(p + 1, "<svg")) {
        const char *e = strstr(p, "</svg>");
        cr_assert(e, "unterminated <svg>");
        e += 6;
        xmlDocPtr doc = xmlReadMemory(p, (int)(e - p), "chart.svg", "UTF-8",
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        cr_assert(doc, "SVG %d is not well-formed XML: %.120s", n, p);
        xmlNodePtr root = xmlDocGetRootElement(doc);
        cr_assert(root && strcmp((const char *)root->name, "svg") == 0);
        xmlFreeDoc(doc);
        n++;
    }
    cr_assert(n >= min, "%d charts", n);
}

/* Every cell of the headline table that comes from summary.csv equals it, at the shown precision. */
static void check_headline(const char *dir, const char *html, int zh)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), "report.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    cr_assert(doc);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr rows =
        xmlXPathEvalExpression((const xmlChar *)"//table[@id='headline-table']/tbody/tr[@data-year]", ctx);
    cr_assert(rows && rows->nodesetval && rows->nodesetval->nodeNr == 7, "5 years + total + pv rows");
    static const char *const stats[] = {"mean", "p50", "p95", "p99", "cvar99"};
    double scale = zh ? 1e8 : 1e6, tol = 0.5e-2; /* two decimals in either unit */
    int checked = 0;
    for (int i = 0; i < rows->nodesetval->nodeNr; i++) {
        xmlNodePtr tr = rows->nodesetval->nodeTab[i];
        xmlChar *year = xmlGetProp(tr, (const xmlChar *)"data-year");
        for (xmlNodePtr td = tr->children; td; td = td->next) {
            if (td->type != XML_ELEMENT_NODE || strcmp((const char *)td->name, "td") != 0)
                continue;
            xmlChar *stat = xmlGetProp(td, (const xmlChar *)"data-stat");
            xmlChar *text = xmlNodeGetContent(td);
            int pct;
            double shown = parse_shown((const char *)text, &pct);
            for (size_t k = 0; k < sizeof stats / sizeof stats[0]; k++)
                if (stat && strcmp((const char *)stat, stats[k]) == 0) {
                    double want = summary_value(dir, "budget.total", (const char *)year, stats[k]) / scale;
                    cr_assert(isfinite(want), "summary.csv has budget.total %s %s", year, stats[k]);
                    cr_assert(fabs(shown - want) <= tol * (1 + 1e-9), "%s %s: shown %s, summary.csv %.10g", year,
                              stats[k], text, want);
                    checked++;
                }
            if (stat && strcmp((const char *)stat, "pexceed") == 0 && isdigit((unsigned char)year[0])) {
                double want = summary_value(dir, "budget.exceeds_appropriation", (const char *)year, "mean");
                cr_assert(pct, "P(exceeds) as a percentage: %s", text);
                cr_assert(fabs(shown / 100 - want) <= 0.0005 + 1e-12, "%s P(exceeds): shown %s, summary.csv %g",
                          year, text, want);
                checked++;
            }
            xmlFree(stat);
            xmlFree(text);
        }
        xmlFree(year);
    }
    cr_assert_eq(checked, 7 * 5 + 5, "cells checked: %d", checked);
    xmlXPathFreeObject(rows);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
}

Test(report, english_sections_offline_svg_numbers)
{
    char dir[64];
    copy_fixture(dir, sizeof dir);
    char *html = make_report(dir, "en");
    check_sections(html);
    check_offline(html);
    check_svg(html, 12);
    check_headline(dir, html, 0);
    check_no_raw_ids(html, "fixture, en");
    cr_assert(strstr(html, "<html lang=\"en\">"));
    cr_assert(strstr(html, "Article 55"));
    cr_assert(strstr(html, "Articles 54, 62 and 63"));
    cr_assert(strstr(html, "CNY million"));
    free(html);
    rm_rf(dir);
}

Test(report, chinese_sections_offline_svg_numbers_terms)
{
    char dir[64];
    copy_fixture(dir, sizeof dir);
    char *html = make_report(dir, "zh");
    check_sections(html);
    check_offline(html);
    check_svg(html, 12);
    check_headline(dir, html, 1);
    check_no_raw_ids(html, "fixture, zh");
    cr_assert(strstr(html, "<html lang=\"zh-CN\">"));
    const char *terms[] = {"风险补偿", "融资担保", "应急转贷", "引导基金", "专项资金", "第五十三条", "第五十五条",
                           "第五十六条", "第五十八条", "第六十条",  "第六十四条", "第二十一条", "亿元", "代偿率"};
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++)
        cr_assert(strstr(html, terms[i]), "zh report lacks %s", terms[i]);
    cr_assert_null(strstr(html, "Article 55"), "no English article label in zh");
    cr_assert_null(strstr(html, "CNY million"), "no English unit in zh");
    free(html);
    rm_rf(dir);
}

Test(report, rebuilt_from_files_only_and_atomic)
{
    char dir[64];
    copy_fixture(dir, sizeof dir);
    char *a = make_report(dir, "en");
    char *b = make_report(dir, "en");
    cr_assert_str_eq(a, b, "the same folder gives the same report");
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)))
        cr_assert_null(strstr(e->d_name, ".report.html."), "temporary file left: %s", e->d_name);
    closedir(d);
    char path[128];
    snprintf(path, sizeof path, "%s/report.html", dir);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert(st.st_mode & S_IROTH, "report readable by others");
    free(a);
    free(b);
    rm_rf(dir);
}

Test(report, optional_files_absent)
{
    char dir[64], path[128];
    copy_fixture(dir, sizeof dir);
    const char *opt[] = {"histogram.csv", "evaluation.csv", "sensitivity.csv", "compare.csv", "stress.csv",
                         "figures.csv"};
    for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, opt[i]);
        cr_assert_eq(unlink(path), 0);
    }
    char *html = make_report(dir, "en");
    cr_assert(strstr(html, "no histogram.csv"), "the missing histogram is noted");
    cr_assert(strstr(html, "no evaluation.csv"));
    cr_assert_null(strstr(html, "id=\"sensitivity\""));
    cr_assert_null(strstr(html, "id=\"compare\""));
    cr_assert_null(strstr(html, "id=\"stress\""));
    cr_assert(strstr(html, "id=\"assumptions\""));
    check_offline(html);
    {
        int n = count(html, "<svg");
        cr_assert(n >= 8, "%d charts", n);
    }
    free(html);
    rm_rf(dir);
}

Test(report, only_enabled_mechanisms)
{
    /* a summary with the portfolio, risk compensation and the budget only */
    char dir[64], path[128];
    copy_fixture(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    char *all = slurp(path, NULL);
    FILE *fp = fopen(path, "w");
    for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n"))
        if (strncmp(line, "series,", 7) == 0 || strncmp(line, "portfolio.", 10) == 0 ||
            strncmp(line, "risk_comp.", 10) == 0 || strncmp(line, "budget.", 7) == 0)
            fprintf(fp, "%s\n", line);
    fclose(fp);
    free(all);
    char *html = make_report(dir, "en");
    cr_assert(strstr(html, "mech-risk_comp"));
    cr_assert_null(strstr(html, "mech-guarantee"));
    cr_assert_null(strstr(html, "mech-bridge"));
    cr_assert_null(strstr(html, "mech-fund"));
    check_svg(html, 5);
    free(html);
    rm_rf(dir);
}

Test(report, text_is_escaped)
{
    char dir[64], path[128];
    copy_fixture(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/parameters.csv", dir);
    char *p = slurp(path, NULL);
    size_t n = strlen(p);
    char *q = malloc(n + 256);
    memcpy(q, p, n);
    strcpy(q + n, "run,note,\"<script>alert('x')</script> & see http://example.com/a//b\"\n");
    spit(path, q);
    free(p);
    free(q);
    char *html = make_report(dir, "en");
    cr_assert_null(strstr(html, "<script"));
    cr_assert(strstr(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; see"));
    check_offline(html);
    free(html);
    rm_rf(dir);
}

Test(report, errors)
{
    char dir[64], path[128];
    sf_err err = {0, ""};
    copy_fixture(dir, sizeof dir);
    cr_assert_eq(sf_report_write(dir, "fr", &err), SF_EINVAL);
    cr_assert(strstr(err.msg, "fr"), "%s", err.msg);

    /* series.csv without a column of its header, then one that leaves out a series of summary.csv */
    snprintf(path, sizeof path, "%s/series.csv", dir);
    spit(path, "series,unit,kind\nbudget.total,CNY,budget_total\n");
    sf_err_clear(&err);
    cr_assert_eq(sf_report_write(dir, "en", &err), SF_EPARSE);
    cr_assert(strstr(err.msg, "series.csv:1: column 'mechanism'"), "%s", err.msg);
    spit(path, "series,unit,kind,mechanism,article,label_en,label_zh\nbudget.total,CNY,budget_total,budget,53,T,T\n");
    sf_err_clear(&err);
    cr_assert_eq(sf_report_write(dir, "en", &err), SF_EPARSE);
    cr_assert(strstr(err.msg, "series.csv: series: 'portfolio.loss' of summary.csv is not listed"), "%s", err.msg);
    unlink(path);

    /* a malformed summary.csv: an unterminated quote */
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    spit(path, "series,unit,year,mean\nbudget.total,CNY,2026,1\n\"budget.total,CNY,2027,2\n");
    sf_err_clear(&err);
    cr_assert_eq(sf_report_write(dir, "en", &err), SF_EPARSE);
    cr_assert(strstr(err.msg, "summary.csv:"), "%s", err.msg);

    /* a missing required column */
    spit(path, "series,unit,year,p95\nbudget.total,CNY,2026,1\n");
    sf_err_clear(&err);
    cr_assert_eq(sf_report_write(dir, "en", &err), SF_EPARSE);
    cr_assert(strstr(err.msg, "mean"), "%s", err.msg);

    /* a bad year */
    spit(path, "series,unit,year,mean\nbudget.total,CNY,twenty,1\n");
    sf_err_clear(&err);
    cr_assert_eq(sf_report_write(dir, "en", &err), SF_EPARSE);
    cr_assert(strstr(err.msg, "summary.csv:2: year"), "%s", err.msg);

    /* no summary.csv */
    unlink(path);
    sf_err_clear(&err);
    cr_assert_eq(sf_report_write(dir, "en", &err), SF_EIO);
    cr_assert(strstr(err.msg, "summary.csv"), "%s", err.msg);
    snprintf(path, sizeof path, "%s/report.html", dir);
    cr_assert_neq(access(path, F_OK), 0, "no report written on failure");

    /* a folder that does not exist */
    sf_err_clear(&err);
    cr_assert_eq(sf_report_write("/nonexistent/smefin-results", "en", &err), SF_EIO);
    rm_rf(dir);
}

/* The folder the engine writes, when the CLI is built (make test sets SMEFIN_BIN). */
/* ---------------------------------------------------------------- the headline paragraph */

/* A figures.csv value of the fixture (key,value). */
static double fixture_figure(const char *dir, const char *key)
{
    char path[600], line[512];
    snprintf(path, sizeof path, "%s/figures.csv", dir);
    FILE *fp = fopen(path, "r");
    cr_assert(fp);
    double v = NAN;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, fp))
        if (strncmp(line, key, kl) == 0 && line[kl] == ',')
            v = strtod(line + kl + 1, NULL);
    fclose(fp);
    return v;
}

/* The paragraph's figures are the folder's numbers, each shown to its precision with its ±95 %:
 * the worst year's P(exceeds) with 1.96 × its SE from summary.csv, the chance of any shortfall
 * with 1.96·sqrt(p(1−p)/n), the need at the confidence level with the quantile's interval, the
 * mean total with 1.96 × SE, and the largest budget line (by its horizon mean) with its Article. */
static void check_lede(const char *dir, const char *html, int zh)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), "report.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr figs = xmlXPathEvalExpression((const xmlChar *)"//p[@id='headline-text']//span[@data-fig]", ctx);
    cr_assert(figs && figs->nodesetval && figs->nodesetval->nodeNr >= 6, "the headline paragraph has its figures");
    /* the fixture: 2027 has the highest P(exceeds), 0.4216747421 (SE 0.003491884548), paths 20000 */
    const double any = fixture_figure(dir, "budget.prob_exceeds_any_year");
    const double need = fixture_figure(dir, "budget.needed.total");
    int seen = 0;
    for (int i = 0; i < figs->nodesetval->nodeNr; i++) {
        xmlNodePtr n = figs->nodesetval->nodeTab[i];
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"data-fig"), *val = xmlGetProp(n, (const xmlChar *)"data-value");
        xmlChar *pm = xmlGetProp(n, (const xmlChar *)"data-pm95"), *text = xmlNodeGetContent(n);
        const double v = strtod((const char *)val, NULL), e = strtod((const char *)pm, NULL);
        double want = NAN, want_pm = NAN;
        if (strcmp((const char *)id, "pexceed_worst") == 0) {
            want = summary_value(dir, "budget.exceeds_appropriation", "2027", "mean");
            want_pm = 1.96 * summary_value(dir, "budget.exceeds_appropriation", "2027", "se");
        } else if (strcmp((const char *)id, "pexceed_any") == 0) {
            want = any;
            want_pm = 1.96 * sqrt(any * (1 - any) / 20000);
        } else if (strcmp((const char *)id, "mean_total") == 0) {
            want = summary_value(dir, "budget.total", "total", "mean");
            want_pm = 1.96 * summary_value(dir, "budget.total", "total", "se");
        } else if (strcmp((const char *)id, "needed_total") == 0) {
            want = need;
            cr_assert(e > 0 && e < 0.05 * need, "the need carries its interval: %g", e);
        } else if (strcmp((const char *)id, "largest_line") == 0) {
            want = summary_value(dir, "risk_comp.paid", "total", "mean");
            want_pm = 1.96 * summary_value(dir, "risk_comp.paid", "total", "se");
        } else if (strcmp((const char *)id, "appropriation") == 0) {
            want = 3.6e9; /* 2027's */
        } else if (strcmp((const char *)id, "appropriation_total") == 0) {
            want = 3.4e9 + 3.6e9 + 3.7e9 + 3.9e9 + 4.0e9;
        }
        cr_assert(isfinite(want), "unexpected figure %s", id);
        cr_assert(fabs(v - want) <= 1e-9 * fabs(want), "%s: %.12g, want %.12g", id, v, want);
        if (isfinite(want_pm))
            cr_assert(fabs(e - want_pm) <= 1e-9 * want_pm, "%s ±: %.12g, want %.12g", id, e, want_pm);
        /* the text shows the value (percent to 0.1, money to 0.01 of its unit) and the ± */
        int pct;
        char shown[128];
        snprintf(shown, sizeof shown, "%s", (const char *)text);
        char *cut = strstr(shown, zh ? "（" : " (");
        if (cut)
            *cut = '\0';
        double sv = parse_shown(shown, &pct);
        if (pct) {
            cr_assert(fabs(sv / 100 - want) <= 0.0005 + 1e-12, "%s shown %s", id, text);
        } else {
            const double sc = zh ? (fabs(want) >= 1e8 ? 1e8 : 1e4) : 1e6;
            char *u = shown + strlen(shown);
            while (u > shown && !isdigit((unsigned char)u[-1]))
                *--u = '\0';
            sv = parse_shown(shown, &pct);
            cr_assert(fabs(sv - want / sc) <= 0.005 + 1e-9, "%s shown %s (%g)", id, text, sv);
        }
        cr_assert(!isfinite(want_pm) || strstr((const char *)text, "±"), "%s has no ±: %s", id, text);
        seen |= strcmp((const char *)id, "largest_line") == 0 ? 1 : strcmp((const char *)id, "needed_total") == 0 ? 2 : 0;
        xmlFree(id);
        xmlFree(val);
        xmlFree(pm);
        xmlFree(text);
    }
    cr_assert_eq(seen, 3, "the need and the largest line are in the paragraph");
    xmlXPathFreeObject(figs);
    xmlXPathObjectPtr line = xmlXPathEvalExpression((const xmlChar *)"//p[@id='headline-text']/span[@class='line']", ctx);
    cr_assert(line && line->nodesetval && line->nodesetval->nodeNr == 1);
    xmlChar *lt = xmlNodeGetContent(line->nodesetval->nodeTab[0]);
    cr_assert(strstr((const char *)lt, zh ? "第五十五条" : "Article 55"), "the largest line's Article: %s", lt);
    xmlFree(lt);
    xmlXPathFreeObject(line);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
}

Test(report, headline_paragraph_from_the_numbers)
{
    char dir[64];
    copy_fixture(dir, sizeof dir);
    for (int zh = 0; zh < 2; zh++) {
        char *html = make_report(dir, zh ? "zh" : "en");
        check_lede(dir, html, zh);
        /* the cards of means and probabilities carry their ±95 % first in their sub-label */
        cr_assert(count(html, "<div class=\"s\">±") >= 4, "%d cards with a ±", count(html, "<div class=\"s\">±"));
        free(html);
    }
    rm_rf(dir);
}

/* ---------------------------------------------------------------- both languages */

/* The run's language is report.html and the other language is beside it; smefin report DIR
 * --lang L rewrites L's file alone. */
Test(report, both_languages_beside_each_other)
{
    char dir[64], p[160];
    copy_fixture(dir, sizeof dir); /* parameters.csv: run,lang,en */
    sf_err err = {0, ""};
    cr_assert_eq(sf_report_write_both(dir, "en", &err), SF_OK, "%s", err.msg);
    snprintf(p, sizeof p, "%s/report.html", dir);
    char *en = slurp(p, NULL);
    snprintf(p, sizeof p, "%s/report.zh.html", dir);
    char *zh = slurp(p, NULL);
    cr_assert(en && zh, "report.html and report.zh.html");
    cr_assert(strstr(en, "<html lang=\"en\">") && strstr(zh, "<html lang=\"zh-CN\">"));
    snprintf(p, sizeof p, "%s/report.en.html", dir);
    cr_assert_neq(access(p, F_OK), 0, "no report.en.html for an English run");
    /* zh alone: report.zh.html is written again, report.html is left as it was */
    snprintf(p, sizeof p, "%s/report.html", dir);
    spit(p, "kept");
    char name[32];
    cr_assert_eq(sf_report_write_named(dir, "zh", name, sizeof name, &err), SF_OK, "%s", err.msg);
    cr_assert_str_eq(name, "report.zh.html");
    char *kept = slurp(p, NULL);
    cr_assert_str_eq(kept, "kept", "report --lang zh leaves the English report");
    cr_assert_eq(sf_report_write_named(dir, "en", name, sizeof name, &err), SF_OK, "%s", err.msg);
    cr_assert_str_eq(name, "report.html");
    free(kept);
    free(en);
    free(zh);
    rm_rf(dir);
}

Test(report, engine_results_folder)
{
    const char *bin = getenv("SMEFIN_BIN");
    if (!bin || access(bin, X_OK) != 0)
        cr_skip_test("SMEFIN_BIN not set: the engine's own folder is checked by make test");
    char dir[64] = "/tmp/smefin-report-run-XXXXXX";
    cr_assert(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'%s' run --paths 400 --seed 11 --set risk_compensation.share=0.45 --out '%s/r' --quiet >/dev/null 2>&1", bin, dir);
    if (system(cmd) != 0) {
        rm_rf(dir);
        cr_skip_test("smefin run does not work yet in this tree");
    }
    char rdir[128];
    snprintf(rdir, sizeof rdir, "%s/r", dir);
    for (int zh = 0; zh < 2; zh++) {
        char *html = make_report(rdir, zh ? "zh" : "en");
        check_offline(html);
        check_svg(html, 4);
        cr_assert(strstr(html, "id=\"headline-table\""));
        check_no_raw_ids(html, zh ? "a run's folder, zh" : "a run's folder, en");
        /* the headline paragraph says whether the pool's cap binds (figures.csv
         * risk_comp.shortfall_probability), with its ± when it does */
        cr_assert(strstr(html, "data-fig=\"pool_cap_binds\"") ||
                      strstr(html, zh ? "均能按期足额支付补偿" : "pays every claim when due in every simulated path"),
                  "the pool's cap is in the headline paragraph");
        /* fund.nav is the NAV of all sub-funds; the government's own is fund.gov_nav */
        cr_assert_null(strstr(html, zh ? ">政府份额净值<" : ">Government NAV<"), "fund.nav mislabelled");
        /* a count's unit says what it counts: banks are 家, loans and requests 笔 */
        cr_assert(strstr(html, zh ? ">暂停补偿的银行数</th><td class=\"unit\">家<"
                                  : ">Banks suspended (above the stop line)</th><td class=\"unit\">banks<"),
                  "risk_comp.suspended_banks counts banks");
        cr_assert(strstr(html, zh ? ">违约笔数</th><td class=\"unit\">笔<" : ">Defaults</th><td class=\"unit\">loans<"),
                  "portfolio.defaults counts loans");
        cr_assert(strstr(html, zh ? ">转贷申请笔数</th><td class=\"unit\">笔<"
                                  : ">Bridge requests</th><td class=\"unit\">requests<"),
                  "bridge.requests counts requests");
        cr_assert_null(strstr(html, zh ? ">暂停补偿的银行数</th><td class=\"unit\">笔<" : "<td class=\"unit\">count<"),
                       "no bank counted in loans, no bare count");
        /* contributions.csv: its section, a chart and a table per dimension, members labelled */
        cr_assert(strstr(html, "id=\"contributions\""), "the contributions section");
        cr_assert_geq(count_of(html, "<table class=\"contributions\">"), 4, "a table per dimension");
        cr_assert(strstr(html, zh ? ">微型企业<" : ">Micro firms<"), "size classes labelled");
        cr_assert(strstr(html, zh ? ">风险补偿支出<" : ">Risk compensation paid<"), "budget lines labelled");
        cr_assert_null(strstr(html, "not_by_segment"), "no raw member id");
        free(html);
    }
    rm_rf(dir);
}

/* The loan-book reports of issue 13 — the inherited-mechanisms warning box
 * (tests/cases/inherit/book-on-baseline.ini) and a book run off before the horizon ends
 * (runoff.ini: "no book") — carry no raw id in either language. */
Test(report, loan_book_warning_and_no_book_have_labels, .timeout = 120)
{
    const char *bin = getenv("SMEFIN_BIN");
    if (!bin || access(bin, X_OK) != 0)
        cr_skip_test("SMEFIN_BIN not set: the engine's own folder is checked by make test");
    const char *ini[2] = {"tests/cases/inherit/book-on-baseline.ini --paths 100", "tests/cases/inherit/runoff.ini"};
    const char *needle[2][2] = {{"<aside class=\"warn\"", "<aside class=\"warn\""},
                                {">no book<", ">无贷款<"}};
    for (int k = 0; k < 2; k++) {
        char dir[64] = "/tmp/smefin-report-book-XXXXXX";
        cr_assert(mkdtemp(dir));
        char cmd[512];
        snprintf(cmd, sizeof cmd, "'%s' run %s --out '%s/r' --quiet >/dev/null 2>&1", bin, ini[k], dir);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
        char rdir[128];
        snprintf(rdir, sizeof rdir, "%s/r", dir);
        for (int zh = 0; zh < 2; zh++) {
            char *html = make_report(rdir, zh ? "zh" : "en");
            cr_assert(strstr(html, needle[k][zh]), "%s: %s", ini[k], needle[k][zh]);
            check_no_raw_ids(html, ini[k]);
            free(html);
        }
        rm_rf(dir);
    }
}

/* The "Spending by budget line" table of a folder the engine wrote: its rows are every series
 * series.csv calls a budget line, in its order, then budget.total; in every year and the total
 * column the lines' means (summary.csv) add up to budget.total's; each cell shows its value to
 * the last digit, so the shown rows add up to the shown total within the rounding of the cells. */
static void check_lines_add_up(const char *dir, const char *html, int zh)
{
    char path[600];
    snprintf(path, sizeof path, "%s/series.csv", dir);
    char *list = slurp(path, NULL);
    cr_assert(list, "no series.csv in %s", dir);
    const char *lines[64];
    int nlines = 0;
    for (char *l = strtok(list, "\n"); l && nlines < 64; l = strtok(NULL, "\n")) {
        char *c1 = strchr(l, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        if (c2 && strncmp(c2 + 1, "budget_line,", 12) == 0) {
            *c1 = '\0';
            lines[nlines++] = l;
        }
    }
    cr_assert(nlines >= 1, "series.csv lists budget lines");
    htmlDocPtr doc = htmlReadMemory(html, (int)strlen(html), "report.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    cr_assert(doc);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr rows = xmlXPathEvalExpression((const xmlChar *)"//table[@class='lines']/tbody/tr", ctx);
    cr_assert(rows && rows->nodesetval && rows->nodesetval->nodeNr == nlines + 1, "%d budget lines + the total",
              nlines);
    xmlXPathObjectPtr heads = xmlXPathEvalExpression((const xmlChar *)"//table[@class='lines']/thead/tr/th", ctx);
    cr_assert(heads && heads->nodesetval);
    const int ncol = heads->nodesetval->nodeNr - 1; /* the years and the total */
    char years[64][16];
    for (int c = 0; c < ncol && c < 64; c++) {
        xmlChar *t = xmlNodeGetContent(heads->nodesetval->nodeTab[c + 1]);
        snprintf(years[c], sizeof years[c], "%s", c + 1 == ncol ? "total" : (const char *)t);
        xmlFree(t);
    }
    const double scale = 1e6; /* en: CNY million; zh: 亿元 or 万元, told by the caption */
    double sc = scale;
    if (zh) {
        xmlXPathObjectPtr cap =
            xmlXPathEvalExpression((const xmlChar *)"//section[@id='lines']//figcaption", ctx);
        cr_assert(cap && cap->nodesetval && cap->nodesetval->nodeNr >= 1);
        xmlChar *t = xmlNodeGetContent(cap->nodesetval->nodeTab[0]);
        sc = strstr((const char *)t, "万元") ? 1e4 : 1e8;
        xmlFree(t);
        xmlXPathFreeObject(cap);
    }
    double shown_sum[64] = {0}, want_sum[64] = {0}, shown_total[64] = {0}, want_total[64] = {0}, unit[64] = {0};
    for (int i = 0; i < rows->nodesetval->nodeNr; i++) {
        xmlNodePtr tr = rows->nodesetval->nodeTab[i];
        xmlChar *series = xmlGetProp(tr, (const xmlChar *)"data-series");
        const int is_total = i == nlines;
        cr_assert(series, "row %d names its series", i);
        cr_assert_str_eq((const char *)series, is_total ? "budget.total" : lines[i], "row %d", i);
        int c = 0;
        for (xmlNodePtr td = tr->children; td; td = td->next) {
            if (td->type != XML_ELEMENT_NODE || strcmp((const char *)td->name, "td") != 0)
                continue;
            cr_assert(c < ncol);
            xmlChar *text = xmlNodeGetContent(td);
            int pct;
            const double shown = parse_shown((const char *)text, &pct);
            const char *dot = strchr((const char *)text, '.');
            const int dec = dot ? (int)strspn(dot + 1, "0123456789") : 0;
            unit[c] = pow(10, -dec);
            const double want = summary_value(dir, (const char *)series, years[c], "mean") / sc;
            cr_assert(isfinite(shown) && isfinite(want), "%s %s: shown '%s'", series, years[c], text);
            cr_assert(fabs(shown - want) <= 0.5 * unit[c] * (1 + 1e-9), "%s %s: shown %s, summary.csv %.10g",
                      series, years[c], text, want);
            if (is_total) {
                shown_total[c] = shown;
                want_total[c] = want;
            } else {
                shown_sum[c] += shown;
                want_sum[c] += want;
            }
            xmlFree(text);
            c++;
        }
        cr_assert_eq(c, ncol, "%s: %d cells", series, c);
        xmlFree(series);
    }
    for (int c = 0; c < ncol; c++) {
        cr_assert(fabs(want_sum[c] - want_total[c]) <= 1e-9 * fmax(1.0, fabs(want_total[c])),
                  "%s: the budget lines add up to %.10g, budget.total is %.10g", years[c], want_sum[c],
                  want_total[c]);
        cr_assert(fabs(shown_sum[c] - shown_total[c]) <= 0.5 * unit[c] * (nlines + 1) + 1e-9,
                  "%s: the shown rows add up to %.4f, the total row shows %.4f", years[c], shown_sum[c],
                  shown_total[c]);
    }
    xmlXPathFreeObject(heads);
    xmlXPathFreeObject(rows);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    free(list);
}

/* On the baseline (every mechanism on) and on a variant in Chinese, the budget table adds up; a
 * folder without series.csv (written before it existed) gives the same report. */
Test(report, budget_lines_add_up, .timeout = 120)
{
    const char *bin = getenv("SMEFIN_BIN");
    if (!bin || access(bin, X_OK) != 0)
        cr_skip_test("SMEFIN_BIN not set: make test runs this on the engine's folders");
    char dir[64] = "/tmp/smefin-report-lines-XXXXXX";
    cr_assert(mkdtemp(dir));
    const struct {
        const char *scenario, *lang;
    } runs[] = {{"scenarios/shenzhen-baseline.ini", "en"},
                {"scenarios/variants/guarantee-ration.ini", "zh"},
                {"scenarios/bridge-only.ini", "en"}};
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char cmd[1024], rdir[128], path[160];
        snprintf(rdir, sizeof rdir, "%s/r%zu", dir, i);
        snprintf(cmd, sizeof cmd, "'%s' run %s --paths 300 --seed 5 --threads 2 --lang %s --out '%s' --quiet",
                 bin, runs[i].scenario, runs[i].lang, rdir);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
        snprintf(path, sizeof path, "%s/report.html", rdir);
        char *html = slurp(path, NULL);
        cr_assert(html);
        check_lines_add_up(rdir, html, runs[i].lang[0] == 'z');
        /* the same report from the built-in definitions when series.csv is absent */
        char *again = make_report(rdir, runs[i].lang);
        snprintf(path, sizeof path, "%s/series.csv", rdir);
        cr_assert_eq(unlink(path), 0);
        char *old = make_report(rdir, runs[i].lang);
        cr_assert_str_eq(old, again, "%s: the report without series.csv differs", runs[i].scenario);
        free(html);
        free(again);
        free(old);
    }
    rm_rf(dir);
}

/* ---------------------------------------------------------------- i18n and the chart module */

Test(report, i18n_complete_and_numerals)
{
    for (int id = 0; id < I18N_NMSGS; id++) {
        cr_assert(*sf_i18n_text(I18N_EN, (i18n_msg)id), "message %d has no English text", id);
        cr_assert(*sf_i18n_text(I18N_ZH, (i18n_msg)id), "message %d has no Chinese text", id);
    }
    char s[128];
    const struct {
        int v;
        const char *zh;
    } cases[] = {{10, "十"}, {21, "二十一"}, {55, "五十五"}, {60, "六十"}, {64, "六十四"}, {110, "一百一十"}, {105, "一百零五"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sf_i18n_zh_numeral(cases[i].v, s, sizeof s);
        cr_assert_str_eq(s, cases[i].zh);
    }
    sf_i18n_article(I18N_ZH, "54/62/63", s, sizeof s);
    cr_assert_str_eq(s, "第五十四条、第六十二条、第六十三条");
    sf_i18n_article(I18N_EN, "21/57", s, sizeof s);
    cr_assert_str_eq(s, "Articles 21 and 57");
    sf_i18n_article(I18N_EN, "55", s, sizeof s);
    cr_assert_str_eq(s, "Article 55");
    i18n_lang L;
    cr_assert_eq(sf_i18n_lang_parse("zh", &L), 0);
    cr_assert_eq(L, I18N_ZH);
    cr_assert_eq(sf_i18n_lang_parse("de", &L), -1);
    cr_assert_eq(sf_i18n_unit_pick(I18N_ZH, 2.5e7), I18N_WAN);
    cr_assert_eq(sf_i18n_unit_pick(I18N_ZH, 2.5e9), I18N_YI);
    cr_assert_str_eq(sf_i18n_series(I18N_ZH, "risk_comp.paid"), "风险补偿支出");
    cr_assert_str_eq(sf_i18n_series_article("fund.calls"), "54/62/63");
}

Test(report, chart_ticks_and_formats)
{
    double first, step;
    int n;
    const double cases[][2] = {{0, 7.3}, {1234.5, 5678.9}, {-2.1, -0.18}, {0.0123, 0.0267}, {0, 1e10}, {5, 5}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sf_chart_nice_ticks(cases[i][0], cases[i][1], 5, &first, &step, &n);
        cr_assert(first <= cases[i][0] + 1e-12, "first tick %g above %g", first, cases[i][0]);
        cr_assert(first + (n - 1) * step >= cases[i][1] - 1e-12, "last tick below %g", cases[i][1]);
        cr_assert(n >= 2 && n <= 12, "%d ticks for [%g, %g]", n, cases[i][0], cases[i][1]);
        double m = step / pow(10, floor(log10(step)));
        cr_assert(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 2.5) < 1e-9 || fabs(m - 5) < 1e-9,
                  "step %g is not nice", step);
    }
    char s[64];
    sf_chart_format_number(-1234567.891, 2, s, sizeof s);
    cr_assert_str_eq(s, "\xE2\x88\x92" "1,234,567.89");
    sf_chart_format_number(999.995, 2, s, sizeof s);
    cr_assert_str_eq(s, "1,000.00");
    sf_chart_format_number(-0.0001, 2, s, sizeof s);
    cr_assert_str_eq(s, "0.00");
    chart_buf b;
    sf_chart_buf_init(&b);
    sf_chart_buf_escape(&b, "<a href='x'>//&\"");
    cr_assert_str_eq(b.s, "&lt;a href=&#39;x&#39;&gt;/&#47;&amp;&quot;");
    sf_chart_buf_free(&b);
    cr_assert(sf_chart_text_width("风险补偿", 12) > sf_chart_text_width("risk", 12));
}

Test(report, chart_layout_keeps_labels_off_the_plot)
{
    const char *years[] = {"2026", "2027", "2028"};
    chart *c = sf_chart_alloc_categories(years, 3);
    cr_assert(c);
    double a[] = {1, 2, 3}, b[] = {-1, 0.5, NAN};
    sf_chart_set_titles(c, NULL, "CNY million");
    sf_chart_bars(c, a, CHART_BLUE, "a very long legend entry that wraps the legend onto a second row");
    sf_chart_bars(c, b, CHART_ORANGE, "another long legend entry, with more words than fit beside the first");
    sf_chart_line(c, a, CHART_INK, CHART_SOLID, 1, "net");
    sf_chart_hline(c, 2.5, CHART_RED, CHART_DASHED, "limit");
    chart_buf o;
    sf_chart_buf_init(&o);
    cr_assert_eq(sf_chart_render(c, &o), 0);
    sf_chart_free(c);
    /* the legend lies below the x axis: every legend text's y is under the plot's bottom */
    double bottom = -1;
    const char *p = strstr(o.s, "<line class=\"axis\"");
    for (; p; p = strstr(p + 1, "<line class=\"axis\"")) {
        double x1, y1, x2, y2;
        if (sscanf(p, "<line class=\"axis\" x1=\"%lf\" y1=\"%lf\" x2=\"%lf\" y2=\"%lf\"", &x1, &y1, &x2, &y2) == 4 &&
            y1 == y2)
            bottom = fmax(bottom, y1);
    }
    cr_assert(bottom > 0, "no x axis found");
    int legends = 0;
    for (p = strstr(o.s, "<g class=\"legend\">"); p; p = strstr(p + 1, "<g class=\"legend\">")) {
        const char *t = strstr(p, "<text x=\"");
        double x, y;
        cr_assert(t && sscanf(t, "<text x=\"%lf\" y=\"%lf\"", &x, &y) == 2);
        cr_assert(y > bottom + 10, "legend at y=%g overlaps the plot (bottom %g)", y, bottom);
        cr_assert(x + sf_chart_text_width("another long legend entry, with more words than fit beside the first", 12) <
                      760 + 1 ||
                      y > bottom + 30,
                  "legend runs off the chart");
        legends++;
    }
    cr_assert_eq(legends, 4);
    xmlDocPtr doc = xmlReadMemory(o.s, (int)o.len, "c.svg", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR);
    cr_assert(doc);
    xmlFreeDoc(doc);
    sf_chart_buf_free(&o);
}

/* ---------------------------------------------------------------- the browser test */

/* Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) with zlib loaded at run
 * time (libz.so.1 is on every Debian system), and count distinct colours and non-white pixels. */
typedef int (*uncompress_fn)(unsigned char *, unsigned long *, const unsigned char *, unsigned long);

static unsigned be32(const unsigned char *p) { return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3]; }

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

static void png_stats(const char *path, unsigned *w_out, unsigned *h_out, int *colours, double *nonwhite)
{
    size_t len;
    unsigned char *png = (unsigned char *)slurp(path, &len);
    cr_assert(png && len > 33, "no screenshot %s", path);
    cr_assert(memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0, "not a PNG");
    unsigned w = be32(png + 16), h = be32(png + 20);
    int depth = png[24], type = png[25], interlace = png[28];
    cr_assert(depth == 8 && (type == 2 || type == 6) && interlace == 0, "PNG type %d depth %d", type, depth);
    int bpp = type == 6 ? 4 : 3;
    unsigned char *idat = malloc(len);
    size_t ni = 0;
    for (size_t off = 8; off + 12 <= len;) {
        unsigned clen = be32(png + off);
        if (memcmp(png + off + 4, "IDAT", 4) == 0) {
            memcpy(idat + ni, png + off + 8, clen);
            ni += clen;
        }
        off += 12 + clen;
    }
    void *z = dlopen("libz.so.1", RTLD_NOW);
    cr_assert(z, "libz.so.1 not found");
    uncompress_fn unz = (uncompress_fn)(uintptr_t)dlsym(z, "uncompress");
    cr_assert(unz);
    unsigned long rawlen = (unsigned long)h * (1 + (unsigned long)w * bpp);
    unsigned char *raw = malloc(rawlen);
    cr_assert_eq(unz(raw, &rawlen, idat, ni), 0, "inflate failed");
    size_t stride = (size_t)w * bpp;
    unsigned char *prev = calloc(stride, 1), *cur;
    /* distinct colours: a 4096-bucket set of 12-bit colours is plenty to tell blank from drawn */
    static unsigned char seen[1 << 15];
    memset(seen, 0, sizeof seen);
    size_t nonw = 0;
    for (unsigned y = 0; y < h; y++) {
        unsigned char *row = raw + (size_t)y * (stride + 1);
        int ft = row[0];
        cur = row + 1;
        for (size_t i = 0; i < stride; i++) {
            int a = i >= (size_t)bpp ? cur[i - bpp] : 0, b = prev[i], c = i >= (size_t)bpp ? prev[i - bpp] : 0;
            int v = cur[i];
            switch (ft) {
            case 1: v += a; break;
            case 2: v += b; break;
            case 3: v += (a + b) / 2; break;
            case 4: v += paeth(a, b, c); break;
            default: break;
            }
            cur[i] = (unsigned char)v;
        }
        for (unsigned x = 0; x < w; x++) {
            const unsigned char *px = cur + (size_t)x * bpp;
            unsigned key = (unsigned)(px[0] >> 3) << 10 | (unsigned)(px[1] >> 3) << 5 | (px[2] >> 3);
            seen[key] = 1;
            if (px[0] < 240 || px[1] < 240 || px[2] < 240)
                nonw++;
        }
        memcpy(prev, cur, stride);
    }
    int nc = 0;
    for (size_t i = 0; i < sizeof seen; i++)
        nc += seen[i];
    *w_out = w;
    *h_out = h;
    *colours = nc;
    *nonwhite = (double)nonw / ((double)w * h);
    free(prev);
    free(raw);
    free(idat);
    free(png);
    dlclose(z);
}

static void browser_check(const char *lang)
{
    char dir[64], cmd[512], path[160];
    copy_fixture(dir, sizeof dir);
    free(make_report(dir, lang));
    snprintf(cmd, sizeof cmd, "tests/browser/render.sh '%s/%s' '%s/browser'", dir,
             strcmp(lang, "zh") == 0 ? "report.zh.html" : "report.html", dir); /* the fixture is an English run */
    int rc = system(cmd);
    cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 0,
              "headless Chromium did not render the report (exit %d): install the Debian package chromium "
              "(make test-deps)",
              WIFEXITED(rc) ? WEXITSTATUS(rc) : -1);
    snprintf(path, sizeof path, "%s/browser/dom.html", dir);
    char *dom = slurp(path, NULL);
    cr_assert(dom, "no DOM dump");
    int nsvg = count(dom, "<svg");
    cr_assert(nsvg >= 12, "the rendered DOM holds %d charts", nsvg);
    cr_assert(count(dom, "<polygon") >= 5 && count(dom, "<rect") >= 50, "the charts have their marks");
    cr_assert(strstr(dom, "id=\"headline-table\""));
    free(dom);
    snprintf(path, sizeof path, "%s/browser/shot.png", dir);
    unsigned w, h;
    int colours;
    double nonwhite;
    png_stats(path, &w, &h, &colours, &nonwhite);
    cr_assert_eq(w, 1200);
    cr_assert_eq(h, 3000);
    cr_assert(colours >= 40, "screenshot looks blank: %d colours", colours);
    cr_assert(nonwhite > 0.03, "screenshot looks blank: %.4f of the pixels are not white", nonwhite);
    /* the layout check (tests/browser/layout.js) at two window widths: no two texts of a chart
     * overlap, none is cut by the chart's edge, none lies on the plot area */
    static const int widths[] = {1200, 800};
    for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
        snprintf(path, sizeof path, "%s/browser/layout-%d.html", dir, widths[k]);
        size_t len;
        char *lay = slurp(path, &len);
        cr_assert(lay, "no layout DOM %s", path);
        htmlDocPtr doc = htmlReadMemory(lay, (int)len, "layout.html", "UTF-8",
                                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
        xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
        xmlXPathObjectPtr b = xmlXPathEvalExpression((const xmlChar *)"//body/@data-layout", ctx);
        cr_assert(b && b->nodesetval && b->nodesetval->nodeNr == 1, "%s: layout.js left no result", path);
        xmlChar *json = xmlNodeGetContent(b->nodesetval->nodeTab[0]);
        int charts = 0, texts = 0;
        cr_assert(sscanf((const char *)json, "{\"charts\":%d,\"texts\":%d", &charts, &texts) == 2, "%s", json);
        cr_assert(charts >= 12 && texts >= 100, "%s at %d px: %d charts, %d texts", lang, widths[k], charts, texts);
        cr_assert(strstr((const char *)json, "\"problems\":[]"), "%s at %d px: %.1500s", lang, widths[k], json);
        xmlFree(json);
        xmlXPathFreeObject(b);
        xmlXPathFreeContext(ctx);
        xmlFreeDoc(doc);
        free(lay);
    }
    /* the printed PDF: every page but the last filled past its half (the lowest word on it, by
     * pdftotext -bbox, below half the page's height); the first two pages not blank */
    snprintf(path, sizeof path, "%s/browser/words.html", dir);
    xmlDocPtr wd = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    cr_assert(wd, "pdftotext -bbox gave no XHTML");
    xmlXPathContextPtr wc = xmlXPathNewContext(wd);
    xmlXPathRegisterNs(wc, (const xmlChar *)"x", (const xmlChar *)"http://www.w3.org/1999/xhtml");
    xmlXPathObjectPtr pages = xmlXPathEvalExpression((const xmlChar *)"//x:page", wc);
    cr_assert(pages && pages->nodesetval && pages->nodesetval->nodeNr >= 4, "the PDF has its pages");
    const int np = pages->nodesetval->nodeNr;
    for (int i = 0; i + 1 < np; i++) {
        xmlNodePtr pg = pages->nodesetval->nodeTab[i];
        xmlChar *hs = xmlGetProp(pg, (const xmlChar *)"height");
        const double ph = strtod((const char *)hs, NULL);
        xmlFree(hs);
        double ymax = 0;
        for (xmlNodePtr n = pg->children; n; n = n->next) {
            if (n->type != XML_ELEMENT_NODE)
                continue;
            /* words, directly or in flow/block/line groups */
            xmlXPathContextPtr pc = xmlXPathNewContext(wd);
            xmlXPathRegisterNs(pc, (const xmlChar *)"x", (const xmlChar *)"http://www.w3.org/1999/xhtml");
            pc->node = n;
            xmlXPathObjectPtr ws = xmlXPathEvalExpression((const xmlChar *)"descendant-or-self::x:word", pc);
            for (int k = 0; ws && ws->nodesetval && k < ws->nodesetval->nodeNr; k++) {
                xmlChar *y = xmlGetProp(ws->nodesetval->nodeTab[k], (const xmlChar *)"yMax");
                ymax = fmax(ymax, strtod((const char *)y, NULL));
                xmlFree(y);
            }
            xmlXPathFreeObject(ws);
            xmlXPathFreeContext(pc);
        }
        cr_assert(ph > 0 && ymax > 0.5 * ph, "%s: printed page %d of %d is more than half empty (text ends at %.0f%%)",
                  lang, i + 1, np, 100 * ymax / ph);
    }
    xmlXPathFreeObject(pages);
    xmlXPathFreeContext(wc);
    xmlFreeDoc(wd);
    for (int p = 1; p <= 2; p++) {
        snprintf(path, sizeof path, "%s/browser/page-%d.png", dir, p);
        png_stats(path, &w, &h, &colours, &nonwhite);
        cr_assert(w > 200 && h > w, "page %d: %ux%u", p, w, h);
        cr_assert(colours >= 10, "printed page %d looks blank: %d colours", p, colours);
        cr_assert(nonwhite > 0.02, "printed page %d looks blank: %.4f of the pixels are not white", p, nonwhite);
    }
    rm_rf(dir);
}


Test(report, browser_renders_english, .timeout = 300) { browser_check("en"); }
Test(report, browser_renders_chinese, .timeout = 300) { browser_check("zh"); }
