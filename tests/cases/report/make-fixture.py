#!/usr/bin/env python3
"""Writes the hand-made results folder tests/cases/report/baseline/ that the report tests read.

The numbers are realistic for the Shenzhen baseline (2026-2030, every mechanism on) but made up:
each series is lognormal per year with a chosen mean and coefficient of variation, so the
quantiles, CVaR and the histogram agree with one another. Run once; the output is checked in.
"""
import csv, math, os, sys
from statistics import NormalDist

N = NormalDist()
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "baseline")
YEARS = list(range(2026, 2031))
PATHS = 20000
DISC = 0.025
LEVELS = [0.05, 0.5, 0.9, 0.95, 0.99, 0.999]

def lognorm(mean, cv):
    s = math.sqrt(math.log(1 + cv * cv))
    mu = math.log(mean) - s * s / 2
    return mu, s

def stats(mean, cv, sign=1.0, paths=PATHS):
    """Summary columns for sign*X, X lognormal(mean, cv)."""
    if mean == 0:
        return [0.0] * 11
    mu, s = lognorm(mean, cv)
    sd = mean * cv
    q = lambda a: math.exp(mu + s * N.inv_cdf(a))
    cvar = lambda a: mean * N.cdf(s - N.inv_cdf(a)) / (1 - a)
    if sign > 0:
        qs = [q(a) for a in LEVELS]
        c95, c99 = cvar(0.95), cvar(0.99)
    else:  # the upper quantiles of -X are minus the lower quantiles of X
        qs = [-q(1 - a) for a in LEVELS]
        lo = lambda a: mean * N.cdf(N.inv_cdf(1 - a) - s) / (1 - a)  # E[X | X < q_{1-a}]
        c95, c99 = -lo(0.95), -lo(0.99)
    return [sign * mean, sd, sd / math.sqrt(paths)] + qs + [c95, c99]

def bounded(mean, sd):
    """A share/ratio kept in [0, 1] roughly: normal quantiles clipped."""
    qs = [min(1.0, max(0.0, mean + sd * N.inv_cdf(a))) for a in LEVELS]
    c95 = min(1.0, mean + sd * N.pdf(N.inv_cdf(0.95)) / 0.05)
    c99 = min(1.0, mean + sd * N.pdf(N.inv_cdf(0.99)) / 0.01)
    return [mean, sd, sd / math.sqrt(PATHS)] + qs + [c95, c99]

def plain(mean, sd):
    qs = [mean + sd * N.inv_cdf(a) for a in LEVELS]
    c95 = mean + sd * N.pdf(N.inv_cdf(0.95)) / 0.05
    c99 = mean + sd * N.pdf(N.inv_cdf(0.99)) / 0.01
    return [mean, sd, sd / math.sqrt(PATHS)] + qs + [c95, c99]

rows = []
def flow(name, means, cv, sign=1.0):
    """A CNY flow: per-year rows, then total and pv."""
    for y, m in zip(YEARS, means):
        rows.append([name, "CNY", y] + stats(m, cv, sign))
    tot = sum(means)
    pv = sum(m / (1 + DISC) ** i for i, m in enumerate(means))
    rows.append([name, "CNY", "total"] + stats(tot, cv * 0.6, sign))
    rows.append([name, "CNY", "pv"] + stats(pv, cv * 0.6, sign))

def stock(name, unit, means, cv):
    for y, m in zip(YEARS, means):
        rows.append([name, unit, y] + stats(m, cv))

def ratio(name, unit, means, sds):
    for y, m, s in zip(YEARS, means, sds):
        rows.append([name, unit, y] + bounded(m, s))

def xs(name, means, sds):
    for y, m, s in zip(YEARS, means, sds):
        rows.append([name, "x", y] + plain(m, s))

g = [1.0, 1.06, 1.12, 1.19, 1.26]
# portfolio (CNY 300 bn of SME loans, growing 6 % a year)
flow("portfolio.loss", [6.1e9 * k for k in g], 0.45)
for y, k in zip(YEARS, g):
    rows.append(["portfolio.defaults", "count", y] + plain(4210 * k, 1620 * k))
ratio("portfolio.default_rate", "ratio", [0.0213] * 5, [0.0081] * 5)
stock("portfolio.balance", "CNY", [3.0e11 * k for k in g], 0.02)
# Art. 55
rc_paid = [1.62e9 * k for k in g]
flow("risk_comp.paid", rc_paid, 0.5)
flow("risk_comp.recovered", [0, 0, 0.21e9, 0.23e9, 0.245e9], 0.35, -1.0)
stock("risk_comp.pool_balance", "CNY", [4.1e9, 3.55e9, 3.12e9, 2.83e9, 2.51e9], 0.25)
flow("risk_comp.shortfall", [0.021e9, 0.064e9, 0.13e9, 0.2e9, 0.29e9], 2.2)
flow("risk_comp.supported", [4.8e10 * k for k in g], 0.01)
# Art. 60
flow("guarantee.fee_subsidy", [0.245e9 * k for k in g], 0.02)
flow("guarantee.loss_comp", [0.138e9 * k for k in g], 0.55)
flow("guarantee.capital_injection", [0.0, 0.012e9, 0.031e9, 0.058e9, 0.083e9], 3.0)
ratio("guarantee.claim_rate", "ratio", [0.0182, 0.0188, 0.0191, 0.0195, 0.0199], [0.007] * 5)
xs("guarantee.leverage", [6.2, 6.8, 7.3, 7.8, 8.2], [0.6, 0.9, 1.1, 1.2, 1.3])
stock("guarantee.capital", "CNY", [4.0e9, 3.92e9, 3.86e9, 3.8e9, 3.75e9], 0.08)
ratio("guarantee.small_micro_share", "share", [0.842] * 5, [0.0] * 5)
flow("guarantee.supported", [2.45e10 * k for k in g], 0.01)
# Art. 64
flow("insurance.premium_subsidy", [0.09e9 * k for k in g], 0.02)
flow("insurance.stoploss", [0.004e9, 0.0045e9, 0.005e9, 0.0055e9, 0.006e9], 4.0)
ratio("insurance.loss_ratio", "ratio", [0.71, 0.72, 0.73, 0.74, 0.75], [0.29] * 5)
# Art. 21/57
flow("interest_subsidy.paid", [0.42e9 * k for k in g], 0.03)
# Art. 58
flow("bridge.loss", [0.0061e9, 0.0064e9, 0.0068e9, 0.0071e9, 0.0075e9], 1.1)
for y, k in zip(YEARS, g):
    rows.append(["bridge.requests", "count", y] + plain(2950 * k, 140 * k))
ratio("bridge.rejection_rate", "ratio", [0.012, 0.014, 0.017, 0.021, 0.026], [0.01, 0.011, 0.013, 0.015, 0.018])
ratio("bridge.utilisation", "share", [0.56, 0.59, 0.62, 0.66, 0.7], [0.06] * 5)
flow("bridge.volume", [1.21e10 * k for k in g], 0.05)
flow("bridge.fee_income", [0.0148e9 * k for k in g], 0.05)
# Art. 54/62/63
calls = [0.6e9, 0.95e9, 1.15e9, 1.2e9, 1.1e9]
dists = [0.02e9, 0.09e9, 0.22e9, 0.41e9, 0.63e9]
flow("fund.calls", calls, 0.05)
flow("fund.distributions", dists, 0.6, -1.0)
xs("fund.leverage", [3.33] * 5, [0.0] * 5)
xs("fund.gov_tvpi", [0.97, 0.95, 0.98, 1.04, 1.11], [0.05, 0.09, 0.14, 0.19, 0.24])
stock("fund.nav", "CNY", [0.61e9, 1.58e9, 2.72e9, 3.85e9, 4.75e9], 0.3)
# Art. 53
lines = [rc_paid, [0, 0, -0.21e9, -0.23e9, -0.245e9],
         [0.245e9 * k for k in g], [0.138e9 * k for k in g], [0.0, 0.012e9, 0.031e9, 0.058e9, 0.083e9],
         [0.09e9 * k for k in g], [0.004e9, 0.0045e9, 0.005e9, 0.0055e9, 0.006e9],
         [0.42e9 * k for k in g], [0.0061e9, 0.0064e9, 0.0068e9, 0.0071e9, 0.0075e9],
         calls, [-d for d in dists]]
tot = [sum(l[i] for l in lines) for i in range(5)]
flow("budget.total", tot, 0.3)
appr = [3.4e9, 3.6e9, 3.7e9, 3.9e9, 4.0e9]
pex = []
for m, a in zip(tot, appr):
    mu, s = lognorm(m, 0.3)
    pex.append(1 - N.cdf((math.log(a) - mu) / s))
for y, p in zip(YEARS, pex):
    sd = math.sqrt(p * (1 - p))
    rows.append(["budget.exceeds_appropriation", "flag", y, p, sd, sd / math.sqrt(PATHS),
                 0, 0, 1 if p > 0.1 else 0, 1 if p > 0.05 else 0, 1 if p > 0.01 else 0, 1 if p > 0.001 else 0,
                 min(1, p / 0.05), min(1, p / 0.01)])

os.makedirs(OUT, exist_ok=True)
def fmt(v):
    return v if isinstance(v, (str, int)) else "%.10g" % v
with open(os.path.join(OUT, "summary.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow("series,unit,year,mean,sd,se,p05,p50,p90,p95,p99,p999,cvar95,cvar99".split(","))
    for r in rows:
        w.writerow([fmt(v) for v in r])

# histogram of budget.total over the horizon: 40 bins between the 0.1 % and 99.95 % quantiles
mu, s = lognorm(sum(tot), 0.3 * 0.6)
lo, hi = math.exp(mu + s * N.inv_cdf(0.001)), math.exp(mu + s * N.inv_cdf(0.9995))
with open(os.path.join(OUT, "histogram.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["series", "bin_lo", "bin_hi", "count"])
    for i in range(40):
        a, b = lo + (hi - lo) * i / 40, lo + (hi - lo) * (i + 1) / 40
        c = PATHS * (N.cdf((math.log(b) - mu) / s) - N.cdf((math.log(a) - mu) / s))
        w.writerow(["budget.total", "%.10g" % a, "%.10g" % b, int(round(c))])

figs = [("budget.confidence", 0.95)]
for y, m in zip(YEARS, tot):
    mu_, s_ = lognorm(m, 0.3)
    figs.append(("budget.needed.%d" % y, math.exp(mu_ + s_ * N.inv_cdf(0.95))))
figs.append(("budget.needed.total", math.exp(mu + s * N.inv_cdf(0.95))))
for y, a in zip(YEARS, appr):
    figs.append(("budget.appropriation.%d" % y, a))
figs += [("budget.small_micro_share", 0.781), ("budget.multiplier", 28.4),
         ("guarantee.break_even_fee", 0.0148), ("bridge.capital_for_rejection_1pct", 2.35e9),
         ("bridge.capital_for_rejection_5pct", 1.62e9), ("fund.prob_loss_principal", 0.183)]
with open(os.path.join(OUT, "figures.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["key", "value"])
    for k, v in figs:
        w.writerow([k, "%.10g" % v])

ev = [("risk_compensation", "55", sum(rc_paid) - 0.685e9, 2.62e11, 0.0213),
      ("guarantee", "60", 0.245e9 * sum(g) + 0.138e9 * sum(g) + 0.184e9, 1.34e11, 0.0191),
      ("insurance", "64", 0.09e9 * sum(g) + 0.025e9, 4.1e10, 0.0205),
      ("interest_subsidy", "21/57", 0.42e9 * sum(g), 8.4e10, 0.0),
      ("bridge", "58", 0.0339e9, 6.6e10, 0.00056),
      ("guidance_fund", "54/62/63", sum(calls) - sum(dists), 1.67e10, 0.0)]
with open(os.path.join(OUT, "evaluation.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow("mechanism,article,spending,financing_supported,loss_rate,cost_per_yuan,multiplier".split(","))
    for m, a, sp, fs, lr in ev:
        w.writerow([m, a, "%.10g" % sp, "%.10g" % fs, "%.6g" % lr, "%.6g" % (sp / fs), "%.6g" % (fs / sp)])

params = [
    ("simulation", "name", "shenzhen-baseline"), ("simulation", "start_year", "2026"), ("simulation", "years", "5"),
    ("simulation", "paths", "20000"), ("simulation", "seed", "20260101"), ("simulation", "mode", "cohort"),
    ("simulation", "discount_rate", "0.025"), ("simulation", "recovery_lag", "2"),
    ("economy", "persistence", "0.5"), ("economy", "global_weight", "0.7"), ("economy", "copula", "gaussian"),
    ("economy", "t_dof", "8"), ("economy", "stress", ""), ("economy", "lgd_cycle", "0.15"), ("economy", "cny_per_eur", "7.8"),
    ("portfolio", "segments", "shenzhen-segments.csv"),
    ("risk_compensation", "enabled", "true"), ("risk_compensation", "share", "0.3"), ("risk_compensation", "share_cap", "0.5"),
    ("risk_compensation", "size_tiers", "5e6:0.4,15e6:0.3,3e7:0.2"), ("risk_compensation", "uplift.first_loan", "0.05"),
    ("risk_compensation", "uplift.ip_pledge", "0.15"), ("risk_compensation", "corridor_low", "0"),
    ("risk_compensation", "corridor_high", "0.03"), ("risk_compensation", "suspend_above", "0.05"),
    ("risk_compensation", "bank_cap", "0"), ("risk_compensation", "loan_cap", "0"),
    ("risk_compensation", "pool_initial", "5e9"), ("risk_compensation", "appropriation", "1e9"),
    ("risk_compensation", "on_shortfall", "defer"),
    ("guarantee", "enabled", "true"), ("guarantee", "fee_rate", "0.01"), ("guarantee", "fee_rate_large", "0.015"),
    ("guarantee", "large_threshold", "5e6"), ("guarantee", "fee_subsidy_rate", "0.01"), ("guarantee", "fee_subsidy_share", "0"),
    ("guarantee", "coverage", "0.8"), ("guarantee", "national_share", "0.2"), ("guarantee", "provincial_share", "0.2"),
    ("guarantee", "city_share", "0.2"), ("guarantee", "national_claim_cap", "0.05"), ("guarantee", "reguarantee_fee", "0.005"),
    ("guarantee", "capital_initial", "4e9"), ("guarantee", "opex_rate", "0.005"), ("guarantee", "yield", "0.02"),
    ("guarantee", "leverage_limit", "10"), ("guarantee", "inject", "true"), ("guarantee", "small_micro_min", "0.8"),
    ("insurance", "enabled", "true"), ("insurance", "premium_rate", "0.02"), ("insurance", "premium_subsidy_share", "0.5"),
    ("insurance", "insurer_share", "0.7"), ("insurance", "stoploss_attach", "1.2"), ("insurance", "stoploss_share", "0.8"),
    ("interest_subsidy", "enabled", "true"), ("interest_subsidy", "cap", "0"),
    ("bridge", "enabled", "true"), ("bridge", "capital", "2e9"), ("bridge", "need_rate", "0.08"),
    ("bridge", "advance_share", "0.95"), ("bridge", "firm_cap", "2e7"), ("bridge", "duration", "uniform"),
    ("bridge", "duration_days", "5"), ("bridge", "max_days", "10"), ("bridge", "fee_daily", "0.0002"),
    ("bridge", "fee_daily_after", "0.0004"), ("bridge", "fee_step_day", "5"), ("bridge", "refuse_prob", "0.01"),
    ("bridge", "refuse_rho", "0.2"), ("bridge", "recovery", "0.5"), ("bridge", "suspend_overdue_share", "0.4"),
    ("guidance_fund", "enabled", "true"), ("guidance_fund", "commitment", "1.5e9"), ("guidance_fund", "commit_years", "5"),
    ("guidance_fund", "gov_share", "0.3"), ("guidance_fund", "funds_per_vintage", "5"), ("guidance_fund", "life", "10"),
    ("guidance_fund", "call_rates", "0.25,0.333,0.5,1"), ("guidance_fund", "bow", "2.5"), ("guidance_fund", "growth", "0.1"),
    ("guidance_fund", "growth_sd", "0.25"), ("guidance_fund", "growth_corr", "0.3"), ("guidance_fund", "growth_beta", "0.5"),
    ("guidance_fund", "yield", "0"), ("guidance_fund", "concession", "return_cap"), ("guidance_fund", "return_cap", "0.06"),
    ("guidance_fund", "first_loss", "0.2"),
    ("budget", "appropriation", "3.4e9,3.6e9,3.7e9,3.9e9,4.0e9"), ("budget", "confidence", "0.95"),
    ("run", "version", "0.1.0"), ("run", "name", "shenzhen-baseline"), ("run", "scenario", "scenarios/shenzhen-baseline.ini"),
    ("run", "scenario_sha256", "3f1c9a7e52b04d6e8a1f0c2b9d7e6a5f4c3b2a1908f7e6d5c4b3a29180f7e6d5"),
    ("run", "seed", "20260101"), ("run", "paths", "20000"), ("run", "threads", "8"), ("run", "wall_seconds", "4.82"),
    ("run", "start_year", "2026"), ("run", "years", "5"), ("run", "lang", "en"),
]
with open(os.path.join(OUT, "parameters.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["section", "key", "value"])
    for r in params:
        w.writerow(r)

# optional files: sensitivity (tornado), compare, stress
sens = [("risk_compensation.share", "0.2", "0.4", -0.52e9, 0.55e9), ("economy.global_weight", "0.5", "0.9", -0.61e9, 0.84e9),
        ("guarantee.fee_subsidy_rate", "0.005", "0.015", -0.66e9, 0.66e9), ("economy.lgd_cycle", "0", "0.3", -0.21e9, 0.26e9),
        ("guidance_fund.growth", "0.05", "0.15", 0.41e9, -0.38e9), ("bridge.capital", "1e9", "3e9", 0.012e9, -0.006e9)]
base_tot = sum(tot)
with open(os.path.join(OUT, "sensitivity.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow("key,base_value,low_value,high_value,series,year,stat,base,low,high,low_diff,high_diff,diff_se".split(","))
    for p, lo_, hi_, dl, dh in sens:
        bv = "%.10g" % (0.5 * (float(lo_) + float(hi_)))
        w.writerow([p, bv, lo_, hi_, "budget.total", "total", "mean", "%.10g" % base_tot, "%.10g" % (base_tot + dl),
                    "%.10g" % (base_tot + dh), "%.10g" % dl, "%.10g" % dh, "%.6g" % (0.01 * abs(dh))])
with open(os.path.join(OUT, "compare.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow("variant,series,year,stat,base,variant_value,diff,diff_se".split(","))
    for var, k, se in (("share-50pct", 0.5 / 0.3, 1.1e7), ("fee-0.5pct", 1.0, 2.0e6)):
        for y, m, rp, fs in zip(YEARS + ["total"], tot + [sum(tot)], rc_paid + [sum(rc_paid)],
                                [0.245e9 * k_ for k_ in g] + [0.245e9 * sum(g)]):
            if var == "share-50pct":
                d_rc = rp * (k - 1)
                w.writerow([var, "risk_comp.paid", y, "mean", "%.10g" % rp, "%.10g" % (rp + d_rc), "%.10g" % d_rc, "%.6g" % se])
                w.writerow([var, "budget.total", y, "mean", "%.10g" % m, "%.10g" % (m + d_rc), "%.10g" % d_rc, "%.6g" % (se * 1.3)])
            else:
                d = -fs * 0.5 + (3.1e6 if y != "total" else 1.55e7)
                w.writerow([var, "guarantee.fee_subsidy", y, "mean", "%.10g" % fs, "%.10g" % (fs + d), "%.10g" % d, "%.6g" % se])
                w.writerow([var, "budget.total", y, "mean", "%.10g" % m, "%.10g" % (m + d), "%.10g" % d, "%.6g" % (se * 2.4)])
with open(os.path.join(OUT, "stress.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["series", "year", "value"])
    for y, gv, b in zip(YEARS, [-2.1, -1.4, -0.7, -0.35, -0.18], [5.9e9, 6.4e9, 5.1e9, 4.6e9, 4.3e9]):
        w.writerow(["economy.G", y, gv])
        w.writerow(["budget.total", y, "%.10g" % b])
print("wrote", OUT)
