/*
 * i18n.c — the report's texts in English and Chinese (see i18n.h). Chinese terms follow the
 * draft regulation (seed/regulation-draft-zh.txt): 专项资金 (Art. 53), 引导基金 (Art. 54),
 * 风险补偿 (Art. 55), 评估审计 (Art. 56), 应急转贷 (Art. 58), 融资担保 (Art. 60), 保险 (Art. 64).
 */
#include "i18n.h"

#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sf_i18n_lang_parse(const char *s, i18n_lang *out)
{
    if (!s)
        return -1;
    if (strcmp(s, "en") == 0) {
        *out = I18N_EN;
        return 0;
    }
    if (strcmp(s, "zh") == 0 || strcmp(s, "zh-CN") == 0 || strcmp(s, "zh_CN") == 0) {
        *out = I18N_ZH;
        return 0;
    }
    return -1;
}

const char *sf_i18n_lang_tag(i18n_lang lang) { return lang == I18N_ZH ? "zh-CN" : "en"; }

static const char *const msgs[I18N_NMSGS][2] = {
    [I18N_TITLE] = {"SME financing support: budget need and risk", "中小企业融资扶持：专项资金需求与风险测算"},
    [I18N_SUBTITLE] = {"Shenzhen SEZ SME Development Promotion Regulation, Articles 53–66 — Monte Carlo estimate of "
                       "the yearly budget of the financing mechanisms",
                       "《深圳经济特区促进中小企业发展条例》第五十三条至第六十六条——融资扶持机制年度财政资金需求的蒙特卡罗模拟测算"},
    [I18N_SCENARIO] = {"Scenario", "情景"},
    [I18N_PATHS] = {"simulated paths", "条模拟路径"},
    [I18N_SEED] = {"seed", "随机种子"},
    [I18N_VERSION] = {"smefin", "smefin 版本"},
    [I18N_KEY_FIGURES] = {"Key figures", "要点"},
    [I18N_KEY_MEAN_YEAR] = {"Mean budget per year", "年均资金需求（均值）"},
    [I18N_KEY_WORST_P95] = {"Highest yearly P95", "年度95%分位数最高值"},
    [I18N_KEY_TOTAL] = {"Total over the plan period (mean)", "规划期合计（均值）"},
    [I18N_KEY_PV] = {"Present value (mean)", "现值（均值）"},
    [I18N_KEY_PEXCEED] = {"Highest chance the appropriation is exceeded", "预算安排被突破的最高年度概率"},
    [I18N_KEY_NEEDED] = {"Total needed at the confidence level", "置信水平下规划期所需资金"},
    [I18N_KEY_SMALL_MICRO] = {"Share of spending on small and micro firms", "用于小微企业的支出占比"},
    [I18N_KEY_MULTIPLIER] = {"Financing supported per yuan of budget", "每元财政资金撬动的融资"},
    [I18N_CONTENTS] = {"Contents", "目录"},
    [I18N_SEC_HEADLINE] = {"Budget need per year", "年度专项资金需求"},
    [I18N_SEC_FAN] = {"Range of the yearly budget", "年度资金需求的分布区间"},
    [I18N_SEC_LINES] = {"Spending by budget line", "按预算科目分列的支出"},
    [I18N_SEC_DIST] = {"Distribution of the total over the plan period", "规划期资金需求合计的分布"},
    [I18N_SEC_MECH] = {"The mechanisms one by one", "各项扶持机制"},
    [I18N_SEC_EVAL] = {"Performance evaluation (Article 56)", "绩效评估（第五十六条）"},
    [I18N_SEC_SENS] = {"Sensitivity of the total budget", "资金需求的敏感性分析"},
    [I18N_SEC_COMPARE] = {"Policy variants compared", "政策方案比较"},
    [I18N_SEC_STRESS] = {"Reverse stress test", "反向压力测试"},
    [I18N_SEC_ASSUME] = {"Assumptions and reproducibility", "假设与可复现性"},
    [I18N_YEAR] = {"Year", "年度"},
    [I18N_MEAN] = {"Mean", "均值"},
    [I18N_MEDIAN] = {"Median (P50)", "中位数（P50）"},
    [I18N_P95] = {"P95", "P95"},
    [I18N_P99] = {"P99", "P99"},
    [I18N_CVAR99] = {"CVaR99", "CVaR99"},
    [I18N_APPROPRIATION] = {"Appropriation", "预算安排"},
    [I18N_PEXCEED] = {"P(exceeds)", "超支概率"},
    [I18N_NEEDED_PRE] = {"Needed at ", "所需资金（"},
    [I18N_NEEDED_POST] = {" confidence", "置信水平）"},
    [I18N_TOTAL] = {"Total", "合计"},
    [I18N_PV] = {"Present value", "现值"},
    [I18N_HEADLINE_NOTE] =
        {"Total of every budget line of the special fund, outflow positive. Mean, median, P95 and P99 are over the "
         "simulated paths; CVaR99 is the mean of the worst 1 % of paths; P(exceeds) is the share of paths in which "
         "the year's total is above the appropriation; the budget needed is the quantile of the total at the stated "
         "confidence. The present value discounts each year to the first year of the plan.",
         "专项资金各预算科目支出合计，支出为正。均值、中位数、P95、P99 按全部模拟路径计算；CVaR99 为最差 1% "
         "路径的平均值；超支概率为当年合计高于预算安排的路径占比；所需资金为给定置信水平下合计的分位数。"
         "现值按贴现率折算到规划期第一年。"},
    [I18N_FAN_NOTE] = {"The darker the band, the likelier the budget falls in it. The red dotted line is P99 (1 path in "
                       "100 is above it), the orange dashed line the mean, the green line with markers the appropriation.",
                       "色带越深，预算落入其中的可能性越大。红色点线为 99% 分位数（百分之一的路径高于此线），橙色虚线为均值，"
                       "带标记的绿色实线为预算安排。"},
    [I18N_BAND_5_95] = {"P5–P95", "5%–95% 分位区间"},
    [I18N_BAND_25_75] = {"P25–P75", "25%–75% 分位区间"},
    [I18N_LINE_P99] = {"P99", "99% 分位数"},
    [I18N_LINES_NOTE] = {"Mean spending per year by budget line. Inflows (recoveries, fund distributions) are "
                         "negative and drawn below zero; the black line is the net total.",
                         "各预算科目的年度平均支出。回收款与基金分配等流入为负值，画在零线以下；黑线为净支出合计。"},
    [I18N_NET_TOTAL] = {"Net total (mean)", "净支出合计（均值）"},
    [I18N_DIST_NOTE] = {"How the total over the whole plan period is distributed across the simulated paths; the "
                        "markers show the mean, P95, P99 and CVaR99.",
                        "规划期资金需求合计在全部模拟路径中的分布；竖线标出均值、P95、P99 与 CVaR99。"},
    [I18N_DIST_X] = {"Total budget over the plan period", "规划期资金需求合计"},
    [I18N_SHARE_OF_PATHS] = {"Share of paths", "路径占比"},
    [I18N_NO_HISTOGRAM] = {"The results folder holds no histogram.csv, so the distribution chart is left out.",
                           "结果目录中没有 histogram.csv，因此未绘制分布图。"},
    [I18N_MECH_NOTE] = {"One section for each mechanism enabled in the scenario, with the Article it implements.",
                        "情景中启用的每项机制各占一节，并注明其依据的条款。"},
    [I18N_SERIES] = {"Series", "指标"},
    [I18N_UNIT] = {"Unit", "单位"},
    [I18N_TABLE_NOTE] = {"Mean over the paths; P95 in grey below.", "模拟路径均值；下方灰色小字为 95% 分位数。"},
    [I18N_UNIT_COUNT] = {"count", "个"},
    [I18N_UNIT_TIMES] = {"×", "倍"},
    [I18N_UNIT_PERCENT] = {"%", "%"},
    [I18N_UNIT_FLAG] = {"share of paths", "路径占比"},
    [I18N_RC_CHART] = {"Compensation pool balance, compensation paid and shortfall",
                       "风险补偿资金池余额、补偿支出与资金缺口"},
    [I18N_GU_CAPITAL_CHART] = {"Guarantor capital and capital injections", "担保机构资本金与注资"},
    [I18N_GU_LEVERAGE_CHART] = {"Guarantor leverage against the legal limit", "担保机构放大倍数与法定上限"},
    [I18N_GU_LIMIT] = {"Legal leverage limit", "法定放大倍数上限"},
    [I18N_GU_SMALL_MICRO] = {"Small/micro share of the guarantee book", "小微企业担保业务占比"},
    [I18N_GU_RULE_MIN] = {"required at least", "要求不低于"},
    [I18N_GU_MEETS] = {"meets the rule", "符合要求"},
    [I18N_GU_BELOW] = {"below the rule", "低于要求"},
    [I18N_GU_BREAK_EVEN] = {"Break-even guarantee fee", "保本担保费率"},
    [I18N_GU_CLAIM] = {"Claim rate (代偿率), mean over the years", "代偿率（各年均值）"},
    [I18N_IN_CHART] = {"Insurer loss ratio against the stop-loss attachment", "保险赔付率与超赔起赔点"},
    [I18N_IN_ATTACH] = {"Stop-loss attachment", "超赔起赔点"},
    [I18N_IS_CHART] = {"Interest subsidy paid", "贷款贴息支出"},
    [I18N_BR_CHART] = {"Bridge fund utilisation and rejection rate", "应急转贷资金使用率与拒绝率"},
    [I18N_BR_CAPITAL] = {"Capital of the fund", "应急转贷资金规模"},
    [I18N_BR_CAP1] = {"Capital for a 1 % rejection rate", "拒绝率降至 1% 所需资本金"},
    [I18N_BR_CAP5] = {"Capital for a 5 % rejection rate", "拒绝率降至 5% 所需资本金"},
    [I18N_FU_CHART] = {"Guidance fund J-curve: the government's calls, distributions, NAV and cumulative net cash flow",
                       "引导基金 J 曲线：出资、分配、净值与累计净现金流"},
    [I18N_FU_CUMNET] = {"Cumulative net budget (calls − distributions)", "累计财政净支出（出资−分配）"},
    [I18N_FU_PLOSS] = {"Probability of losing principal", "本金亏损概率"},
    [I18N_PF_CHART] = {"Defaults and losses in the SME loan portfolio", "中小企业贷款组合的违约与损失"},
    [I18N_EVAL_NOTE] = {"The table Article 56 asks to publish: per mechanism, the money spent over the plan period, "
                        "the financing it supported, its loss rate, the cost per yuan of financing (the subsidy "
                        "rate) and the multiplier (financing per yuan spent). Each mechanism's financing is its own: "
                        "a loan that two mechanisms cover appears in both rows, so the rows do not add up to the "
                        "loans supported. The key figure counts each yuan once: it gives the range of the "
                        "financing of all mechanisms together, from full overlap (in each segment and year the "
                        "largest mechanism's) to none (their sum, at most the segment's loans).",
                        "第五十六条要求公布的绩效评估表：各机制在规划期内的财政支出、撬动的融资、损失率、"
                        "每元融资的财政成本（补贴率）与放大倍数（每元财政资金撬动的融资）。各机制的融资额分别计算："
                        "同一笔贷款受两项机制支持时在两行中均计入，各行相加并不等于获支持的贷款总额。"
                        "关键指标中的撬动倍数不重复计算：给出各机制合计融资的区间，下限为完全重叠（每个分组、"
                        "每年取支持最多的机制），上限为互不重叠（各机制之和，且不超过该分组的贷款）。"},
    [I18N_NO_EVAL] = {"The results folder holds no evaluation.csv.", "结果目录中没有 evaluation.csv。"},
    [I18N_MECHANISM] = {"Mechanism", "机制"},
    [I18N_ARTICLE] = {"Article", "条款"},
    [I18N_SPENDING] = {"Spending", "财政支出"},
    [I18N_SUPPORTED] = {"Financing supported", "撬动融资"},
    [I18N_LOSS_RATE] = {"Loss rate", "损失率"},
    [I18N_COST_PER_YUAN] = {"Subsidy rate (cost per yuan)", "补贴率（每元融资成本）"},
    [I18N_MULTIPLIER] = {"Multiplier", "放大倍数"},
    [I18N_ALL_MECHANISMS] = {"All mechanisms", "全部机制"},
    [I18N_SENS_NOTE] = {"Each bar moves one parameter to its low or high value, all else at the base; bars are sorted "
                        "by their span. The vertical line is the base.",
                        "每根条形只将一个参数调至低值或高值，其他参数保持基准；按影响幅度排序。竖线为基准值。"},
    [I18N_SENS_LOW] = {"Parameter at its low value", "参数取低值"},
    [I18N_SENS_HIGH] = {"Parameter at its high value", "参数取高值"},
    [I18N_PARAMETER] = {"Parameter", "参数"},
    [I18N_LOW] = {"Low", "低值"},
    [I18N_HIGH] = {"High", "高值"},
    [I18N_BASE] = {"Base", "基准"},
    [I18N_CMP_NOTE] = {"Each variant is run on the same random numbers as the base (common random numbers), so the "
                       "differences have small Monte Carlo error. A difference is significant when it is larger than "
                       "its 95 % error band.",
                       "各方案与基准使用相同的随机数（共同随机数），差额的模拟误差很小。差额大于其 95% "
                       "误差区间时视为显著。"},
    [I18N_VARIANT] = {"Variant", "方案"},
    [I18N_VARIANT_VALUE] = {"Variant value", "方案值"},
    [I18N_DIFF] = {"Difference", "差额"},
    [I18N_ERR95] = {"± 95 % error", "±95% 误差"},
    [I18N_SIGNIFICANT] = {"Significant", "是否显著"},
    [I18N_YES] = {"yes", "是"},
    [I18N_NO] = {"no", "否"},
    [I18N_CMP_CHART_Y] = {"Difference in the mean total budget against the base", "与基准相比的年度资金需求均值差额"},
    [I18N_STRESS_NOTE] = {"Among the simulated paths that meet the target, the mean path of the economy (the global "
                          "and sector credit factors) and the budget lines along those paths. The likelihood compares "
                          "the density of a factor path with that of the baseline path, on which every factor stays at 0.",
                          "在满足目标的模拟路径中，宏观经济（全局与行业信用因子）的平均路径，以及这些路径上的各项预算支出。"
                          "似然比将因子路径的概率密度与所有因子均为 0 的基准路径相比较。"},
    [I18N_STRESS_FACTOR] = {"Global credit factor G", "全局信用因子 G"},
    [I18N_STRESS_SECTOR] = {"Sector factor", "行业因子"},
    [I18N_STRESS_TARGET] = {"Target (each path)", "目标（逐条路径）"},
    [I18N_STRESS_PATHS] = {"Paths meeting the target", "满足目标的路径"},
    [I18N_STRESS_LR] = {"Likelihood of the mean path against the baseline path",
                        "平均路径相对基准路径的似然比"},
    [I18N_STRESS_LR_BEST] = {"Likelihood of the most likely path meeting the target",
                             "满足目标的最可能路径的似然比"},
    [I18N_STRESS_REPLAY] = {"Replay the mean path with", "复现平均路径的参数"},
    [I18N_STRESS_REPLAY_SHARE] = {"Replayed paths meeting the target", "复现运行中满足目标的路径占比"},
    [I18N_STRESS_MEAN_PATH] = {"Mean on the paths meeting the target", "满足目标路径的均值"},
    [I18N_STRESS_BEST_PATH] = {"Most likely path meeting the target", "满足目标的最可能路径"},
    [I18N_STRESS_REPLAY_PATH] = {"Replay line (G)", "复现路径（G）"},
    [I18N_ASSUME_NOTE] = {"Every parameter of the scenario as the run resolved it, and what is needed to reproduce the "
                          "figures exactly.",
                          "本次运行解析后的全部情景参数，以及精确复现上述结果所需的信息。"},
    [I18N_RUN] = {"Run", "运行信息"},
    [I18N_REPRODUCE] = {"Reproduce with", "复现命令"},
    [I18N_SECTION] = {"Section", "参数组"},
    [I18N_VALUE] = {"Value", "取值"},
    [I18N_RUN_VERSION] = {"smefin version", "smefin 版本"},
    [I18N_RUN_NAME] = {"Scenario name", "情景名称"},
    [I18N_RUN_SCENARIO] = {"Scenario file", "情景文件"},
    [I18N_RUN_SHA] = {"Scenario SHA-256", "情景文件 SHA-256"},
    [I18N_RUN_SEED] = {"Random seed", "随机种子"},
    [I18N_RUN_PATHS] = {"Simulated paths", "模拟路径数"},
    [I18N_RUN_THREADS] = {"Threads", "线程数"},
    [I18N_RUN_WALL] = {"Run time (seconds)", "运行时间（秒）"},
    [I18N_RUN_START] = {"First year", "起始年度"},
    [I18N_RUN_YEARS] = {"Years", "年数"},
    [I18N_OVERRIDES] = {"Overrides on the command line", "命令行覆盖的参数"},
    [I18N_OVR_NOTE] = {"This run changed these keys of the scenario file with --set; the table below shows the values "
                       "the run used.",
                       "本次运行用 --set 修改了情景文件中的以下参数；下方参数表为本次运行实际使用的取值。"},
    [I18N_OVR_FILE] = {"Scenario file", "情景文件中的值"},
    [I18N_OVR_RUN] = {"This run (--set)", "本次运行（--set）"},
    [I18N_FOOTER] = {"Written by smefin from the files of this results folder; smefin report DIR rebuilds it. All "
                     "figures are Monte Carlo estimates from the scenario listed above.",
                     "本报告由 smefin 根据本结果目录中的文件生成，可用 smefin report 目录 重新生成。"
                     "全部数值均为上述情景的蒙特卡罗模拟估计。"},
    [I18N_NOT_AVAILABLE] = {"—", "—"},
    [I18N_VIEWS_NOTE] = {"The first table is the claims view: what the mechanisms owe for each year's events, "
                         "whether or not a pool could pay them (payouts + claims the pool deferred − deferred "
                         "claims it paid), so that no pool cap hides a need; its P(exceeds) and budget needed "
                         "are of the claims. The second is the payouts view: what the mechanisms paid out, "
                         "held down where the pool ran short.",
                         "第一张表为责任口径：各机制对当年事件所负的补偿责任，不论资金池能否支付"
                         "（支出 + 资金池递延的补偿 − 当年支付的以前年度递延补偿），资金池上限不会掩盖资金需求；"
                         "突破预算概率与所需资金均按责任口径计算。第二张表为支出口径：各机制当年实际支出，"
                         "资金池不足时受其限制。"},
    [I18N_SEC_OBLIGATIONS] = {"What the plan leaves to the next one", "留给下一规划期的责任"},
    [I18N_OBL_OWED] = {"Owed at the end of the plan", "规划期末遗留的责任"},
    [I18N_OBL_ASSETS] = {"Left as assets at the end of the plan", "规划期末留存的资产"},
    [I18N_OBL_NOTE] =
        {"Deferred compensation still owed, and provisions for the guarantees, compensation-eligible and insured "
         "loans still outstanding at the end: their expected claims net of recoveries over the remaining tenor, "
         "from the model's own PDs and LGDs (as standardized guarantees are provisioned under GFSM 2014 and "
         "IPSAS 19); the bridges still out; the guidance fund's commitments not yet called. Assets are shown "
         "beside them and not netted.",
         "仍欠付的递延补偿，以及期末仍在保、仍纳入补偿、仍在承保的贷款按剩余期限、以模型自身违约率和违约损失率"
         "计算的预计代偿（扣除回收）拨备（参照 GFSM 2014 与 IPSAS 19 对标准化担保的处理）；在途转贷的预计损失；"
         "引导基金尚未实缴的认缴出资。资产另列，不作抵减。"},
    [I18N_SEC_CONTRIB] = {"Who carries the risk: contributions to the total budget", "风险由谁承担：各部分对资金需求的贡献"},
    [I18N_CONTRIB_NOTE] =
        {"Each part's contribution to the mean and to the CVaR (the mean of the worst 5 % or 1 % of paths) of the "
         "whole horizon's total budget, payouts view: the part's mean on those same paths (Euler allocation), so the "
         "contributions of a dimension add up to the total's figure. Negative contributions are recoveries and "
         "distributions. The guidance fund's calls and distributions and the bridge fund's losses are not split by "
         "loan segment and appear as their own bar.",
         "各部分对规划期资金需求总额（支付口径）均值及 CVaR（最差 5 % 或 1 % 路径的平均值）的贡献：即该部分在同一批路径上的"
         "均值（欧拉分配），因此同一维度各部分之和等于总额的相应数值。负值为回收与分配。引导基金的出资与分配、应急转贷的损失"
         "不按贷款分组拆分，单列一项。"},
    [I18N_CONTRIB_LINE] = {"By budget line", "按预算科目"},
    [I18N_CONTRIB_BANK] = {"By bank", "按银行"},
    [I18N_CONTRIB_SIZE] = {"By firm size", "按企业规模"},
    [I18N_CONTRIB_SECTOR] = {"By sector", "按行业"},
    [I18N_CONTRIB_MEAN] = {"Contribution to the mean", "对均值的贡献"},
    [I18N_CONTRIB_CVAR95] = {"Contribution to CVaR95", "对 CVaR95 的贡献"},
    [I18N_CONTRIB_CVAR99] = {"Contribution to CVaR99", "对 CVaR99 的贡献"},
    [I18N_CONTRIB_SHARE99] = {"Share of CVaR99", "占 CVaR99 比例"},
    [I18N_CONTRIB_NOT_BY_SEGMENT] = {"Not by loan segment (fund, bridge loans)", "不按贷款分组（基金、转贷）"},
    [I18N_CONTRIB_MICRO] = {"Micro firms", "微型企业"},
    [I18N_CONTRIB_SMALL] = {"Small firms", "小型企业"},
    [I18N_CONTRIB_MEDIUM] = {"Medium firms", "中型企业"},
    [I18N_SEC_REEST] = {"Actual against forecast", "实际值与预测对比"},
    [I18N_REEST_NOTE] = {"Where each reported actual fell in this run's forecast distribution of its line and year "
                         "(percentile; flagged outside the P5–P95 range), and the technical re-estimate: actual minus "
                         "the forecast mean.",
                         "各项已报告实际值在本次预测分布中的位置（分位；超出 P5–P95 区间时标出），以及技术性重估："
                         "实际值减预测均值。"},
    [I18N_REEST_ACTUAL] = {"Actual", "实际值"},
    [I18N_REEST_FORECAST] = {"Forecast mean", "预测均值"},
    [I18N_REEST_RANGE] = {"Forecast P5–P95", "预测 P5–P95 区间"},
    [I18N_REEST_PCT] = {"Percentile", "所处分位"},
    [I18N_REEST_FLAG] = {"Against P5–P95", "相对 P5–P95"},
    [I18N_REEST_DIFF] = {"Re-estimate (actual − mean)", "技术性重估（实际 − 均值）"},
    [I18N_REEST_INSIDE] = {"inside", "区间内"},
    [I18N_REEST_BELOW] = {"below P5", "低于 P5"},
    [I18N_REEST_ABOVE] = {"above P95", "高于 P95"},
    [I18N_REEST_LINES] = {"Budget lines reported, together", "已报告预算科目合计"},
    [I18N_REEST_REMAINING] = {"Remaining years", "剩余年度合计"},
    [I18N_REEST_COND_MEAN] = {"Mean given the actuals", "以实际值为条件的均值"},
    [I18N_REEST_COND_P95] = {"P95 given the actuals", "以实际值为条件的 P95"},
    [I18N_REEST_ESS] = {"Effective paths of the re-forecast", "重新预测的有效路径数"},
    [I18N_REEST_COND_NOTE] = {"The remaining years re-forecast from the same simulated paths, each path weighted by how "
                              "close its history is to the actuals (a Gaussian kernel in standard deviations of each "
                              "forecast, Silverman's bandwidth); the effective paths say how many equally weighted "
                              "paths the weights are worth.",
                              "剩余年度基于同一组模拟路径重新预测：每条路径按其历史与实际值的接近程度加权（按各预测标准差"
                              "度量的高斯核，Silverman 带宽）；有效路径数表示这些权重相当于多少条等权路径。"},
    [I18N_REEST_CHART] = {"Total budget: forecast, actuals and the re-forecast", "资金需求合计：预测、实际值与重新预测"},
    [I18N_INHERIT_TITLE] = {"Most of this budget is not the loan book's own",
                            "本预算的大部分并非该贷款组合自身的支出"},
    [I18N_INHERIT_PRE] = {"This run prices a loan book, but its scenario file builds on a base file (base =) and "
                          "inherits from it mechanisms it does not set itself. They carry ",
                          "本次测算针对逐笔贷款组合，但其情景文件基于另一情景文件（base =），并继承了自身未设置的机制。"
                          "这些机制占规划期平均总支出的 "},
    [I18N_INHERIT_POST] = {" of the mean total budget over the plan period:", "："},
    [I18N_INHERIT_FIX] = {"To price the book alone, set enabled = false in those sections of the scenario file, or "
                          "remove its base = line.",
                          "如仅测算该贷款组合，请在情景文件的相应小节中设置 enabled = false，或删除 base = 一行。"},
    [I18N_INHERIT_OF_TOTAL] = {"of the mean total budget", "占平均总支出"},
    [I18N_INHERIT_FROM] = {"inherited from", "继承自"},
    [I18N_NO_BOOK] = {"no book", "无贷款"},
    [I18N_GU_NO_BOOK_IN] = {"no book in", "无贷款年度："},
};

const char *sf_i18n_text(i18n_lang lang, i18n_msg id)
{
    if ((int)id < 0 || id >= I18N_NMSGS || !msgs[id][0])
        return "";
    return msgs[id][lang == I18N_ZH ? 1 : 0];
}

typedef struct series_label {
    const char *name, *article, *en, *zh;
} series_label;

static const series_label series_labels[] = {
    {"portfolio.loss", NULL, "Portfolio credit loss", "贷款组合信用损失"},
    {"portfolio.defaults", NULL, "Defaults", "违约笔数"},
    {"portfolio.default_rate", NULL, "Default rate", "违约率"},
    {"portfolio.balance", NULL, "Performing balance", "正常贷款余额"},
    {"portfolio.recoveries", NULL, "Recoveries on defaulted loans", "违约贷款回收"},
    {"budget.small_micro_spend", "53", "Spending on small and micro firms", "用于小微企业的支出"},
    {"budget.total", "53", "Total budget (payouts view)", "专项资金合计（支出口径）"},
    {"budget.supported_lo", "53", "Financing supported, each yuan once (lower bound: full overlap)",
     "撬动融资（不重复计算，下限：完全重叠）"},
    {"budget.supported_hi", "53", "Financing supported, each yuan once (upper bound: no overlap)",
     "撬动融资（不重复计算，上限：互不重叠）"},
    {"budget.exceeds_appropriation", "53", "Appropriation exceeded", "突破预算安排"},
    {"budget.treasury", "53", "Budget transfers (treasury view)", "财政拨付合计（拨款口径）"},
    {"budget.claims", "53", "Claims incurred (claims view)", "当年发生的补偿责任合计（责任口径）"},
    {"budget.claims_exceed_appropriation", "53", "Appropriation exceeded by the claims incurred", "当年责任突破预算安排"},
    {"budget.obligations_end", "53", "Obligations left at year end", "年末遗留责任合计"},
};

/* Each mechanism's labels, in the order of model/mechanisms.def (output/labels/<name>_labels.c). */
static const i18n_mechanism_labels *const mech_labels[SF_NMECHANISMS] = {
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) &sf_##name##_labels,
#include "mechanisms.def"
#undef SF_MECHANISM
};

static const i18n_label *find_label(const i18n_label *t, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].key, key) == 0)
            return &t[i];
    return NULL;
}

/* The mechanism a series or figure key ("guarantee.fee_rate") belongs to, by its prefix, or -1. */
static int mechanism_of(const char *key)
{
    char prefix[64];
    const char *dot = strchr(key, '.');
    const size_t n = dot ? (size_t)(dot - key) : strlen(key);
    if (n >= sizeof prefix)
        return -1;
    memcpy(prefix, key, n);
    prefix[n] = '\0';
    for (int i = 0; i < SF_NMECHANISMS; i++)
        if (strcmp(sf_mechanism_list[i].prefix, prefix) == 0)
            return i;
    return -1;
}

static const series_label *find_series(const char *name)
{
    for (size_t i = 0; i < sizeof series_labels / sizeof series_labels[0]; i++)
        if (strcmp(series_labels[i].name, name) == 0)
            return &series_labels[i];
    return NULL;
}

const char *sf_i18n_series(i18n_lang lang, const char *series)
{
    const int m = mechanism_of(series);
    if (m >= 0) {
        const i18n_label *l = find_label(mech_labels[m]->series, mech_labels[m]->nseries, series);
        return l ? (lang == I18N_ZH ? l->zh : l->en) : NULL;
    }
    const series_label *s = find_series(series);
    return s ? (lang == I18N_ZH ? s->zh : s->en) : NULL;
}

typedef struct mech_label {
    const char *prefix, *ini, *article, *en, *zh;
} mech_label;

/* The core's parts; the mechanisms' titles are in their label tables. */
static const mech_label mechs[] = {
    {"portfolio", "portfolio", NULL, "SME loan portfolio", "中小企业贷款组合"},
    {"budget", "budget", "53", "SME special fund", "中小企业发展专项资金"},
};

static const mech_label *find_mech(const char *name)
{
    for (size_t i = 0; i < sizeof mechs / sizeof mechs[0]; i++)
        if (strcmp(mechs[i].prefix, name) == 0 || strcmp(mechs[i].ini, name) == 0)
            return &mechs[i];
    return NULL;
}

const char *sf_i18n_series_article(const char *series)
{
    const int mi = mechanism_of(series);
    if (mi >= 0)
        return sf_mechanism_list[mi].articles; /* a mechanism's series cite its Articles */
    const series_label *s = find_series(series);
    if (s)
        return s->article;
    char prefix[64];
    const char *dot = strchr(series, '.');
    size_t n = dot ? (size_t)(dot - series) : strlen(series);
    if (n >= sizeof prefix)
        return NULL;
    memcpy(prefix, series, n);
    prefix[n] = '\0';
    const mech_label *m = find_mech(prefix);
    return m ? m->article : NULL;
}

/* Index of a mechanism named by its series prefix or .ini section, or -1. */
static int mechanism_named(const char *name)
{
    for (int i = 0; i < SF_NMECHANISMS; i++)
        if (strcmp(sf_mechanism_list[i].prefix, name) == 0 || strcmp(sf_mechanism_list[i].section, name) == 0)
            return i;
    return -1;
}

const char *sf_i18n_mechanism(i18n_lang lang, const char *prefix)
{
    const int i = mechanism_named(prefix);
    if (i >= 0)
        return mech_labels[i]->title[lang == I18N_ZH ? 1 : 0];
    const mech_label *m = find_mech(prefix);
    return m ? (lang == I18N_ZH ? m->zh : m->en) : NULL;
}

const char *sf_i18n_mechanism_prefix(const char *name)
{
    const int i = mechanism_named(name);
    if (i >= 0)
        return sf_mechanism_list[i].prefix;
    const mech_label *m = find_mech(name);
    return m ? m->prefix : name;
}

static const struct {
    const char *section, *en, *zh;
} ini_sections[] = {
    {"simulation", "Simulation", "模拟设置"},
    {"economy", "Economy and credit cycle", "宏观经济与信用周期"},
    {"portfolio", "Loan portfolio", "贷款组合"},
    {"budget", "Special fund budget (Article 53)", "专项资金预算（第五十三条）"},
};

const char *sf_i18n_ini_section(i18n_lang lang, const char *section)
{
    for (int i = 0; i < SF_NMECHANISMS; i++)
        if (strcmp(sf_mechanism_list[i].section, section) == 0)
            return mech_labels[i]->section[lang == I18N_ZH ? 1 : 0];
    for (size_t i = 0; i < sizeof ini_sections / sizeof ini_sections[0]; i++)
        if (strcmp(ini_sections[i].section, section) == 0)
            return lang == I18N_ZH ? ini_sections[i].zh : ini_sections[i].en;
    return NULL;
}

void sf_i18n_zh_numeral(int v, char *out, size_t n)
{
    static const char *const d[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (v < 1 || v > 199) {
        snprintf(out, n, "%d", v);
        return;
    }
    char buf[64] = "";
    if (v >= 100) {
        strcat(buf, "一百");
        v -= 100;
        if (v > 0 && v < 10)
            strcat(buf, "零");
        else if (v >= 10 && v < 20)
            strcat(buf, "一"); /* 一百一十 */
    }
    if (v >= 10) {
        if (v / 10 > 1)
            strcat(buf, d[v / 10]);
        strcat(buf, "十");
    }
    if (v % 10)
        strcat(buf, d[v % 10]);
    snprintf(out, n, "%s", buf);
}

void sf_i18n_article(i18n_lang lang, const char *articles, char *out, size_t n)
{
    int num[8], k = 0;
    const char *p = articles;
    while (p && *p && k < 8) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        num[k++] = (int)v;
        p = end;
        while (*p == '/' || *p == ',' || *p == ' ')
            p++;
    }
    if (n == 0)
        return;
    out[0] = '\0';
    if (k == 0) {
        snprintf(out, n, "%s", articles ? articles : "");
        return;
    }
    size_t len = 0;
    for (int i = 0; i < k; i++) {
        char part[64];
        if (lang == I18N_ZH) {
            char z[32];
            sf_i18n_zh_numeral(num[i], z, sizeof z);
            snprintf(part, sizeof part, "%s第%s条", i ? "、" : "", z);
        } else if (i == 0) {
            snprintf(part, sizeof part, "%s %d", k > 1 ? "Articles" : "Article", num[i]);
        } else {
            snprintf(part, sizeof part, "%s%d", i == k - 1 ? " and " : ", ", num[i]);
        }
        int w = snprintf(out + len, n - len, "%s", part);
        if (w < 0 || (size_t)w >= n - len)
            return;
        len += (size_t)w;
    }
}

i18n_unit sf_i18n_unit_pick(i18n_lang lang, double maxabs)
{
    if (lang != I18N_ZH)
        return I18N_CNY_MILLION;
    return maxabs >= 1e8 ? I18N_YI : I18N_WAN;
}

i18n_unit sf_i18n_unit_headline(i18n_lang lang) { return lang == I18N_ZH ? I18N_YI : I18N_CNY_MILLION; }

double sf_i18n_unit_scale(i18n_unit u) { return u == I18N_YI ? 1e8 : u == I18N_WAN ? 1e4 : 1e6; }

/* 亿元 with two decimals, as Chinese budget documents write them (issue 13). */
int sf_i18n_unit_decimals(i18n_unit u)
{
    (void)u;
    return 2;
}

const char *sf_i18n_unit_name(i18n_lang lang, i18n_unit u)
{
    if (u == I18N_YI)
        return "亿元";
    if (u == I18N_WAN)
        return "万元";
    return lang == I18N_ZH ? "百万元" : "CNY million";
}

/* What each count series counts (its unit in the tables): a bank is 家, a loan or an
 * application 笔. */
static const i18n_label count_units[] = {
    {"risk_comp.suspended_banks", "banks", "家", 0},
    {"portfolio.defaults", "loans", "笔", 0},
    {"bridge.requests", "requests", "笔", 0},
    {"bridge.rejected", "requests", "笔", 0},
    {"bridge.suspended_rejections", "requests", "笔", 0},
};

const char *sf_i18n_count_unit(i18n_lang lang, const char *series)
{
    for (size_t i = 0; series && i < sizeof count_units / sizeof count_units[0]; i++)
        if (strcmp(count_units[i].key, series) == 0)
            return lang == I18N_ZH ? count_units[i].zh : count_units[i].en;
    return lang == I18N_ZH ? "个" : "count";
}

static const i18n_label figures[] = {
    {"budget.prob_exceeds_any_year", "Chance the appropriation is exceeded in at least one year",
     "至少一个年度突破预算安排的概率", 'p'},
    {"budget.financing_supported", "Financing supported over the plan period, each mechanism's added up",
     "规划期各机制撬动融资之和", 'm'},
    {"budget.multiplier", "Financing supported per yuan of budget", "每元财政资金撬动的融资", 'x'},
    {"budget.financing_supported_lo", "Financing supported over the plan period, each yuan once (lower bound)",
     "规划期撬动融资，不重复计算（下限）", 'm'},
    {"budget.financing_supported_hi", "Financing supported over the plan period, each yuan once (upper bound)",
     "规划期撬动融资，不重复计算（上限）", 'm'},
    {"budget.multiplier_lo", "Financing per yuan of budget, each yuan once (lower bound)",
     "每元财政资金撬动的融资，不重复计算（下限）", 'x'},
    {"budget.multiplier_hi", "Financing per yuan of budget, each yuan once (upper bound)",
     "每元财政资金撬动的融资，不重复计算（上限）", 'x'},
    {"budget.small_micro_share", "Share of spending on small and micro firms", "用于小微企业的支出占比", 'p'},
    {"budget.prob_exceeds_any_year.claims", "Chance the claims incurred exceed the appropriation in at least one year",
     "至少一个年度当年责任突破预算安排的概率", 'p'},
    {"budget.obligations_end.mean", "Obligations left to the next plan (mean)", "留给下一规划期的责任（均值）", 'm'},
    {"budget.obligations_end.p95", "Obligations left to the next plan (P95)", "留给下一规划期的责任（P95）", 'm'},
    /* a loan-book run's inherited mechanisms (model/evaluation.h) */
    {"budget.inherited_share", "Share of the mean total budget in mechanisms inherited through the base file",
     "通过基础情景文件继承的机制占平均总支出的比例", 'p'},
    {"budget.inherited_share.risk_compensation", "Share of the mean total budget: inherited risk compensation",
     "占平均总支出的比例：继承的风险补偿", 'p'},
    {"budget.inherited_share.guarantee", "Share of the mean total budget: inherited policy guarantee",
     "占平均总支出的比例：继承的政策性融资担保", 'p'},
    {"budget.inherited_share.insurance", "Share of the mean total budget: inherited insurance",
     "占平均总支出的比例：继承的保险", 'p'},
    {"budget.inherited_share.interest_subsidy", "Share of the mean total budget: inherited interest subsidy",
     "占平均总支出的比例：继承的贷款贴息", 'p'},
    {"budget.inherited_share.bridge", "Share of the mean total budget: inherited bridge-loan fund",
     "占平均总支出的比例：继承的应急转贷资金", 'p'},
    {"budget.inherited_share.guidance_fund", "Share of the mean total budget: inherited guidance fund",
     "占平均总支出的比例：继承的政府引导基金", 'p'},
};

const char *sf_i18n_figure(i18n_lang lang, const char *key, char *kind)
{
    const int m = mechanism_of(key);
    const i18n_label *l = m >= 0 ? find_label(mech_labels[m]->figures, mech_labels[m]->nfigures, key)
                                 : find_label(figures, sizeof figures / sizeof figures[0], key);
    if (l) {
        if (kind)
            *kind = l->kind;
        return lang == I18N_ZH ? l->zh : l->en;
    }
    /* unknown keys: the kind from the name */
    if (kind) {
        if (strstr(key, "prob") || strstr(key, "share") || strstr(key, "rate") || strstr(key, "fee"))
            *kind = 'p';
        else if (strstr(key, "multiplier") || strstr(key, "leverage") || strstr(key, "tvpi"))
            *kind = 'x';
        else if (strstr(key, "capital") || strstr(key, "needed") || strstr(key, "supported") ||
                 strstr(key, "appropriation") || strstr(key, "spend"))
            *kind = 'm';
        else
            *kind = 'n';
    }
    return NULL;
}

void sf_i18n_amount(i18n_lang lang, double cny, char *out, size_t n)
{
    if (!isfinite(cny)) {
        snprintf(out, n, "—");
        return;
    }
    const i18n_unit u = sf_i18n_unit_pick(lang, fabs(cny));
    char v[64];
    sf_chart_format_number(cny / sf_i18n_unit_scale(u), sf_i18n_unit_decimals(u), v, sizeof v);
    snprintf(out, n, "%s %s", v, sf_i18n_unit_name(lang, u));
}

/* The core's sections' keys (the mechanisms' are in their label tables). */
static const i18n_label simulation_params[] = {
    {"name", "Scenario name", "情景名称", 's'},
    {"start_year", "First year", "起始年度", 'y'},
    {"years", "Years simulated", "模拟年数", 'Y'},
    {"paths", "Simulated paths (the scenario's)", "模拟路径数（情景设定）", 'i'},
    {"seed", "Random seed", "随机种子", 'y'},
    {"mode", "Simulation mode", "模拟方式", 'c'},
    {"discount_rate", "Discount rate", "贴现率", 'p'},
    {"recovery_lag", "Recovery lag", "回收滞后期", 'Y'},
    {"importance_sampling", "Importance sampling of the tails", "尾部重要性抽样", 'c'},
    {"importance_tail", "Importance sampling: target tail probability", "重要性抽样：目标尾部概率", 'n'},
    {"importance_pilot", "Importance sampling: pilot paths", "重要性抽样：试点路径数", 'i'},
};
static const i18n_label economy_params[] = {
    {"persistence", "Persistence of the credit cycle (AR(1) coefficient)", "信用周期持续性（AR(1) 系数）", 'n'},
    {"global_weight", "Weight of the global factor", "全局因子权重", 'n'},
    {"copula", "Dependence (copula)", "相依结构（Copula）", 'c'},
    {"t_dof", "Degrees of freedom of the t copula", "t Copula 自由度", 'n'},
    {"stress", "Designed stress path of the global factor", "设定的全局因子压力路径", 'N'},
    {"stress_sector", "Designed stress paths of the sector factors (sector after sector)", "设定的行业因子压力路径（逐行业）", 'N'},
    {"lgd_cycle", "Cyclicality of the loss given default", "违约损失率的周期敏感度", 'n'},
    {"cny_per_eur", "Exchange rate for the Basel size adjustment", "巴塞尔规模调整所用汇率", 'e'},
    {"market_price_of_risk", "Market price of risk for the fair value (λ)", "公允价值所用风险市场价格（λ）", 'n'},
    {"risk_free_rate", "Risk-free rate for the fair value (blank: the discount rate)", "公允价值所用无风险利率（空白：同折现率）", 'N'},
};
static const i18n_label portfolio_params[] = {
    {"segments", "Segments file", "贷款分组文件", 'f'},
    {"loans", "Loan book file", "逐笔贷款文件", 'f'},
    {"pd_scale", "Multiplier on every probability of default", "违约概率调整倍数", 'x'},
    {"lgd_scale", "Multiplier on every loss given default", "违约损失率调整倍数", 'x'},
    {"rho_scale", "Multiplier on every asset correlation", "资产相关系数调整倍数", 'x'},
    {"loans_scale", "Multiplier on the number of loans", "贷款笔数调整倍数", 'x'},
};
static const i18n_label budget_params[] = {
    {"appropriation", "Appropriation per year", "年度预算安排", 'L'},
    {"confidence", "Confidence level of the budget needed", "所需资金的置信水平", 'p'},
};
static const struct {
    const char *section;
    const i18n_label *t;
    size_t n;
} core_params[] = {
    {"simulation", simulation_params, sizeof simulation_params / sizeof simulation_params[0]},
    {"economy", economy_params, sizeof economy_params / sizeof economy_params[0]},
    {"portfolio", portfolio_params, sizeof portfolio_params / sizeof portfolio_params[0]},
    {"budget", budget_params, sizeof budget_params / sizeof budget_params[0]},
};

static const i18n_label enabled_label = {"enabled", "Enabled", "启用", 'b'};

const char *sf_i18n_param(i18n_lang lang, const char *section, const char *key, char *kind)
{
    const i18n_label *l = NULL;
    for (int i = 0; i < SF_NMECHANISMS && !l; i++)
        if (strcmp(sf_mechanism_list[i].section, section) == 0)
            l = find_label(mech_labels[i]->params, mech_labels[i]->nparams, key);
    for (size_t i = 0; i < sizeof core_params / sizeof core_params[0] && !l; i++)
        if (strcmp(core_params[i].section, section) == 0)
            l = find_label(core_params[i].t, core_params[i].n, key);
    if (!l && strcmp(key, "enabled") == 0)
        l = &enabled_label;
    if (kind)
        *kind = l ? l->kind : 's';
    return l ? (lang == I18N_ZH ? l->zh : l->en) : NULL;
}

static const struct {
    const char *key, *value, *en, *zh;
} choices[] = {
    {"mode", "cohort", "by segment (cohort counts)", "按分组（队列计数）"},
    {"mode", "loan", "loan by loan", "逐笔贷款"},
    {"importance_sampling", "off", "off (plain Monte Carlo)", "关闭（普通蒙特卡洛）"},
    {"importance_sampling", "auto", "on: mean shift of the global factor from a pilot", "开启：按试点运行平移全局因子均值"},
    {"copula", "gaussian", "Gaussian", "高斯"},
    {"copula", "t", "Student t", "学生 t"},
    {"suspend_basis", "npl", "the bank's NPL ratio", "银行不良贷款率"},
    {"suspend_basis", "loss", "the bank's NPL loss rate (NPL ratio × LGD)", "银行不良贷款损失率（不良率 × 违约损失率）"},
    {"funding", "fixed", "a fixed yearly appropriation", "固定年度预算安排"},
    {"funding", "payg", "pay as you go: the appropriation, topped up so that no claim waits", "现收现付：年度预算安排不足时补足，补偿不延期"},
    {"funding", "target", "topped up to a target balance", "补足至目标余额"},
    {"on_shortfall", "defer", "deferred to the next year", "顺延至下一年度支付"},
    {"on_shortfall", "prorate", "paid pro rata", "按比例支付"},
    {"duration", "fixed", "fixed", "固定"},
    {"duration", "uniform", "uniform up to the longest", "在最长期限内均匀分布"},
    {"duration", "geometric", "geometric up to the longest", "在最长期限内几何分布"},
    {"concession", "none", "none", "无"},
    {"concession", "return_cap", "cap on the government's return", "政府收益封顶"},
    {"concession", "first_loss", "government first loss", "政府承担首亏"},
};

const char *sf_i18n_choice(i18n_lang lang, const char *section, const char *key, const char *value)
{
    (void)section;
    for (size_t i = 0; i < sizeof choices / sizeof choices[0]; i++)
        if (strcmp(choices[i].key, key) == 0 && strcmp(choices[i].value, value) == 0)
            return lang == I18N_ZH ? choices[i].zh : choices[i].en;
    return NULL;
}

static const i18n_label run_fields[] = {
    {"version", "smefin version", "smefin 版本", 0},
    {"name", "Scenario name", "情景名称", 0},
    {"scenario", "Scenario file", "情景文件", 0},
    {"scenario_sha256", "Scenario SHA-256", "情景文件 SHA-256", 0},
    {"portfolio_file", "Portfolio file", "贷款组合文件", 0},
    {"portfolio_sha256", "Portfolio file SHA-256", "贷款组合文件 SHA-256", 0},
    {"seed", "Random seed", "随机种子", 0},
    {"paths", "Simulated paths", "模拟路径数", 0},
    {"threads", "Threads", "线程数", 0},
    {"ranks", "MPI processes", "MPI 进程数", 0},
    {"wall_seconds", "Run time (seconds)", "运行时间（秒）", 0},
    {"start_year", "First year", "起始年度", 0},
    {"years", "Years", "年数", 0},
    {"lang", "Language of the report", "报告语言", 0},
    {"overrides", "Parameters set on the command line", "命令行设定的参数", 0},
};

const char *sf_i18n_run_field(i18n_lang lang, const char *key, char *buf, size_t n)
{
    const i18n_label *l = find_label(run_fields, sizeof run_fields / sizeof run_fields[0], key);
    if (l)
        return lang == I18N_ZH ? l->zh : l->en;
    /* base1, base1_sha256, ...: the scenarios a `base =` chain inherits from, nearest first */
    int k = 0, len = 0;
    if (buf && n > 0 && sscanf(key, "base%d%n", &k, &len) == 1 && k > 0) {
        if (key[len] == '\0') {
            snprintf(buf, n, lang == I18N_ZH ? "基础情景文件 %d" : "Base scenario %d", k);
            return buf;
        }
        if (strcmp(key + len, "_sha256") == 0) {
            snprintf(buf, n, lang == I18N_ZH ? "基础情景文件 %d SHA-256" : "Base scenario %d SHA-256", k);
            return buf;
        }
    }
    return NULL;
}
