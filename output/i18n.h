/*
 * i18n.h — every label, heading, unit and note of the report in English and Chinese.
 *
 * Chinese uses the regulation's own terms (专项资金, 风险补偿, 融资担保, 应急转贷, 引导基金) and
 * its article numbers (第五十五条); English says "Article 55". Money is shown in CNY million in
 * English and in 亿元 (or 万元 for small amounts) in Chinese.
 */
#ifndef SF_I18N_H
#define SF_I18N_H

#include "mechanism.h"

#include <stddef.h>

typedef enum i18n_lang { I18N_EN = 0, I18N_ZH = 1 } i18n_lang;

/* "en" or "zh" (also "zh-CN", "zh_CN"); returns 0, or -1 for anything else. */
int sf_i18n_lang_parse(const char *s, i18n_lang *out);
/* "en" or "zh-CN", for <html lang>. */
const char *sf_i18n_lang_tag(i18n_lang lang);

/* Message ids; both texts of each are in the table in i18n.c (a test checks none is missing). */
typedef enum i18n_msg {
    I18N_TITLE,
    I18N_SUBTITLE,
    I18N_SCENARIO,
    I18N_PATHS,
    I18N_SEED,
    I18N_VERSION,
    I18N_KEY_FIGURES,
    I18N_KEY_MEAN_YEAR,
    I18N_KEY_WORST_P95,
    I18N_KEY_TOTAL,
    I18N_KEY_PV,
    I18N_KEY_PEXCEED,
    I18N_KEY_NEEDED,
    I18N_KEY_SMALL_MICRO,
    I18N_KEY_MULTIPLIER,
    I18N_CONTENTS,
    I18N_SEC_HEADLINE,
    I18N_SEC_FAN,
    I18N_SEC_LINES,
    I18N_SEC_DIST,
    I18N_SEC_MECH,
    I18N_SEC_EVAL,
    I18N_SEC_SENS,
    I18N_SEC_COMPARE,
    I18N_SEC_STRESS,
    I18N_SEC_ASSUME,
    I18N_YEAR,
    I18N_MEAN,
    I18N_MEDIAN,
    I18N_P95,
    I18N_P99,
    I18N_CVAR99,
    I18N_APPROPRIATION,
    I18N_PEXCEED,
    I18N_NEEDED_PRE,
    I18N_NEEDED_POST,
    I18N_TOTAL,
    I18N_PV,
    I18N_HEADLINE_NOTE,
    I18N_FAN_NOTE,
    I18N_BAND_5_95,
    I18N_BAND_25_75,
    I18N_LINE_P99,
    I18N_LINES_NOTE,
    I18N_NET_TOTAL,
    I18N_DIST_NOTE,
    I18N_DIST_X,
    I18N_SHARE_OF_PATHS,
    I18N_NO_HISTOGRAM,
    I18N_MECH_NOTE,
    I18N_SERIES,
    I18N_UNIT,
    I18N_TABLE_NOTE,
    I18N_UNIT_COUNT,
    I18N_UNIT_TIMES,
    I18N_UNIT_PERCENT,
    I18N_UNIT_FLAG,
    I18N_RC_CHART,
    I18N_GU_CAPITAL_CHART,
    I18N_GU_LEVERAGE_CHART,
    I18N_GU_LIMIT,
    I18N_GU_SMALL_MICRO,
    I18N_GU_RULE_MIN,
    I18N_GU_MEETS,
    I18N_GU_BELOW,
    I18N_GU_BREAK_EVEN,
    I18N_GU_CLAIM,
    I18N_IN_CHART,
    I18N_IN_ATTACH,
    I18N_IS_CHART,
    I18N_BR_CHART,
    I18N_BR_CAPITAL,
    I18N_BR_CAP1,
    I18N_BR_CAP5,
    I18N_FU_CHART,
    I18N_FU_CUMNET,
    I18N_FU_PLOSS,
    I18N_PF_CHART,
    I18N_EVAL_NOTE,
    I18N_NO_EVAL,
    I18N_MECHANISM,
    I18N_ARTICLE,
    I18N_SPENDING,
    I18N_SUPPORTED,
    I18N_LOSS_RATE,
    I18N_COST_PER_YUAN,
    I18N_MULTIPLIER,
    I18N_ALL_MECHANISMS,
    I18N_SENS_NOTE,
    I18N_SENS_LOW,
    I18N_SENS_HIGH,
    I18N_PARAMETER,
    I18N_LOW,
    I18N_HIGH,
    I18N_BASE,
    I18N_CMP_NOTE,
    I18N_VARIANT,
    I18N_VARIANT_VALUE,
    I18N_DIFF,
    I18N_ERR95,
    I18N_SIGNIFICANT,
    I18N_YES,
    I18N_NO,
    I18N_CMP_CHART_Y,
    I18N_STRESS_NOTE,
    I18N_STRESS_FACTOR,
    I18N_STRESS_SECTOR,
    I18N_STRESS_TARGET,
    I18N_STRESS_PATHS,
    I18N_STRESS_LR,
    I18N_STRESS_LR_BEST,
    I18N_STRESS_REPLAY,
    I18N_STRESS_REPLAY_SHARE,
    I18N_STRESS_MEAN_PATH,
    I18N_STRESS_BEST_PATH,
    I18N_STRESS_REPLAY_PATH,
    I18N_ASSUME_NOTE,
    I18N_RUN,
    I18N_REPRODUCE,
    I18N_SECTION,
    I18N_VALUE,
    I18N_RUN_VERSION,
    I18N_RUN_NAME,
    I18N_RUN_SCENARIO,
    I18N_RUN_SHA,
    I18N_RUN_SEED,
    I18N_RUN_PATHS,
    I18N_RUN_THREADS,
    I18N_RUN_WALL,
    I18N_RUN_START,
    I18N_RUN_YEARS,
    I18N_OVERRIDES,
    I18N_OVR_NOTE,
    I18N_OVR_FILE,
    I18N_OVR_RUN,
    I18N_FOOTER,
    I18N_NOT_AVAILABLE,
    I18N_VIEWS_NOTE,
    I18N_SEC_OBLIGATIONS,
    I18N_OBL_OWED,
    I18N_OBL_ASSETS,
    I18N_OBL_NOTE,
    /* reestimate.csv: actual against forecast (output/report/reestimate_report.c) */
    I18N_SEC_REEST,
    I18N_REEST_NOTE,
    I18N_REEST_ACTUAL,
    I18N_REEST_FORECAST,
    I18N_REEST_RANGE,
    I18N_REEST_PCT,
    I18N_REEST_FLAG,
    I18N_REEST_DIFF,
    I18N_REEST_INSIDE,
    I18N_REEST_BELOW,
    I18N_REEST_ABOVE,
    I18N_REEST_LINES,
    I18N_REEST_REMAINING,
    I18N_REEST_COND_MEAN,
    I18N_REEST_COND_P95,
    I18N_REEST_ESS,
    I18N_REEST_COND_NOTE,
    I18N_REEST_CHART,
    /* contributions.csv: who carries the risk (output/report/contributions_report.c) */
    I18N_SEC_CONTRIB,
    I18N_CONTRIB_NOTE,
    I18N_CONTRIB_LINE,
    I18N_CONTRIB_BANK,
    I18N_CONTRIB_SIZE,
    I18N_CONTRIB_SECTOR,
    I18N_CONTRIB_MEAN,
    I18N_CONTRIB_CVAR95,
    I18N_CONTRIB_CVAR99,
    I18N_CONTRIB_SHARE99,
    I18N_CONTRIB_NOT_BY_SEGMENT,
    I18N_CONTRIB_MICRO,
    I18N_CONTRIB_SMALL,
    I18N_CONTRIB_MEDIUM,
    /* a loan-book run that inherits mechanisms through `base =` (report.c inherited_warning) */
    I18N_INHERIT_TITLE,
    I18N_INHERIT_PRE,
    I18N_INHERIT_POST,
    I18N_INHERIT_FIX,
    I18N_INHERIT_OF_TOTAL,
    I18N_INHERIT_FROM,
    /* years without a guaranteed book (guarantee.has_book = 0 on every path) */
    I18N_NO_BOOK,
    I18N_GU_NO_BOOK_IN,
    I18N_NMSGS
} i18n_msg;

const char *sf_i18n_text(i18n_lang lang, i18n_msg id);

/* One label in both languages: of a series or of a figures.csv key; for figures, kind tells how
 * to show the value (see sf_i18n_figure). */
typedef struct i18n_label {
    const char *key, *en, *zh;
    char kind;
} i18n_label;

/* A mechanism's labels (output/labels/<name>_labels.c, one per line of model/mechanisms.def):
 * its title ({en, zh}), its .ini section's title in the parameter tables, its series' labels
 * and its figures' labels. A series or figure without a label is shown by its name. */
typedef struct i18n_mechanism_labels {
    const char *title[2];
    const char *section[2];
    const i18n_label *series;
    size_t nseries;
    const i18n_label *figures;
    size_t nfigures;
    const i18n_label *params; /* the keys of its .ini section (kinds: sf_i18n_param) */
    size_t nparams;
} i18n_mechanism_labels;

#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) extern const i18n_mechanism_labels sf_##name##_labels;
#include "mechanisms.def"
#undef SF_MECHANISM

/* Label of a summary.csv series ("risk_comp.paid" → "Risk compensation paid"), or NULL when the
 * series is not known (the caller then shows the series name). */
const char *sf_i18n_series(i18n_lang lang, const char *series);
/* Article a series or mechanism answers to ("55", "54/62/63"), or NULL. */
const char *sf_i18n_series_article(const char *series);
/* Title of a mechanism by its series prefix ("risk_comp"), or NULL. */
const char *sf_i18n_mechanism(i18n_lang lang, const char *prefix);
/* Title of a scenario .ini section ("risk_compensation"), or NULL. */
const char *sf_i18n_ini_section(i18n_lang lang, const char *section);
/* Label of a figures.csv key, or NULL when unknown; *kind (may be NULL) receives how to show the
 * value: 'p' percentage, 'm' money (CNY), 'x' multiple, 'n' plain number (guessed from the key's
 * name when the key is unknown). */
const char *sf_i18n_figure(i18n_lang lang, const char *key, char *kind);
/* Label of a parameter (section and key as in parameters.csv), or NULL when unknown; *kind (may
 * be NULL) receives how its value is shown: 'm' money (CNY), 'M' money with 0 = none, 'L' a list
 * of money (one per year), 'p' a fraction shown in percent, 'r' a small rate in percent, 'P' a
 * list of fractions, 'T' amount:share tiers, 'x' a multiple, 'n' a plain number, 'N' a list of
 * numbers, 'i' a count, 'y' a number shown as it is written (a year, a seed), 'Y' a number of
 * years, 'd' days, 'e' CNY per EUR, 'b' true/false, 'c' one of a list of words (sf_i18n_choice),
 * 'f' a file, 's' text. `enabled` of any section is known. */
const char *sf_i18n_param(i18n_lang lang, const char *section, const char *key, char *kind);
/* A choice value of a parameter as a reader says it ("defer" → "deferred to the next year"), or
 * NULL when unknown. */
const char *sf_i18n_choice(i18n_lang lang, const char *section, const char *key, const char *value);
/* Label of a run field of parameters.csv (section `run`: version, scenario, base1, ...), or NULL. */
const char *sf_i18n_run_field(i18n_lang lang, const char *key, char *buf, size_t n);

/* Series prefix of a mechanism named as in evaluation.csv or the .ini ("risk_compensation" →
 * "risk_comp", "guidance_fund" → "fund"); the name itself when it is already a prefix. */
const char *sf_i18n_mechanism_prefix(const char *name);

/* "Article 55", "Articles 54, 62 and 63" / "第五十五条", "第五十四条、第六十二条、第六十三条" for
 * an article list written "54/62/63". */
void sf_i18n_article(i18n_lang lang, const char *articles, char *out, size_t n);
/* Chinese numeral of 1..199 (五十五); decimal digits otherwise. */
void sf_i18n_zh_numeral(int v, char *out, size_t n);

/* Money display units. */
typedef enum i18n_unit { I18N_CNY_MILLION = 0, I18N_YI = 1, I18N_WAN = 2 } i18n_unit;
/* The unit for amounts up to `maxabs` CNY: CNY million in English; 亿元 in Chinese, or 万元 when
 * every amount is under 1亿. */
i18n_unit sf_i18n_unit_pick(i18n_lang lang, double maxabs);
/* The headline unit: CNY million in English, 亿元 in Chinese (both with 2 decimals). */
i18n_unit sf_i18n_unit_headline(i18n_lang lang);
double sf_i18n_unit_scale(i18n_unit u);   /* CNY per display unit: 1e6, 1e8, 1e4 */
int sf_i18n_unit_decimals(i18n_unit u);   /* 2 for each */
const char *sf_i18n_unit_name(i18n_lang lang, i18n_unit u); /* "CNY million", "亿元", "万元" */
/* The unit word of a series whose unit is `count`, by what it counts: "banks" / "家" for
 * risk_comp.suspended_banks, "loans" / "笔" for portfolio.defaults, "requests" / "笔" for the
 * bridge fund's requests; "count" / "个" for a count series not in the list. */
const char *sf_i18n_count_unit(i18n_lang lang, const char *series);
/* One amount in CNY with its unit, as a sentence or a card shows it: "4,000.00 CNY million" in
 * English; "40.00 亿元" in Chinese, or "2,000.00 万元" when the amount is under 1 亿元 (in
 * absolute value). A negative amount has a U+2212 minus; NaN gives "—". */
void sf_i18n_amount(i18n_lang lang, double cny, char *out, size_t n);

#endif
