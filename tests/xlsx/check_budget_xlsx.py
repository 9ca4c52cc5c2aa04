#!/usr/bin/python3
"""Read budget.xlsx back with openpyxl and check its numbers against the folder's CSVs.

Usage: check_budget_xlsx.py RESULTS_DIR en|zh. Exit 0 when every number of the budget sheet equals
summary.csv's (in the sheet's unit), the amount needed and P(exceeds) equal figures.csv's and the
flag's mean, every budget line of series.csv is there with its Article, and the numbers are stored
as numbers; otherwise one line saying what differs, exit 1.
"""
import csv
import math
import sys

import openpyxl

d, lang = sys.argv[1], sys.argv[2]
unit = 1e4 if lang == "zh" else 1e6
uname = "万元" if lang == "zh" else "CNY million"


def fail(msg):
    print("budget.xlsx: " + msg)
    sys.exit(1)


summary = {}
with open(d + "/summary.csv", newline="") as f:
    for r in csv.DictReader(f):
        summary[(r["series"], r["year"])] = r
figures = {}
with open(d + "/figures.csv", newline="") as f:
    for r in csv.DictReader(f):
        key = r["key"] if "key" in r else (r["figure"] + ("." + r["year"] if r["year"] else ""))
        figures[key] = float(r["value"])
lines = {}
with open(d + "/series.csv", newline="") as f:
    for r in csv.DictReader(f):
        if r["kind"] == "budget_line":
            lines[r["series"]] = r["article"]

wb = openpyxl.load_workbook(d + "/budget.xlsx")
ws = wb[wb.sheetnames[0]]
rows = list(ws.iter_rows(values_only=True))
head = rows[0]
for h in head[4:10]:
    if uname not in h:
        fail("header %r has no unit %s" % (h, uname))
seen = set()
checked = 0
for r in rows[1:]:
    series, article, year = r[2], r[1], r[3]
    y = str(year) if isinstance(year, int) else ("pv" if year in ("present value", "现值") else "total")
    if isinstance(year, float):
        fail("year %r stored as a float" % year)
    s = summary.get((series, y))
    if s is None:
        fail("%s %s is not in summary.csv" % (series, y))
    for col, stat in zip(range(4, 8), ("mean", "p50", "p95", "p99")):
        want = float(s[stat]) / unit
        got = r[col]
        if not isinstance(got, (int, float)):
            fail("%s %s %s is not a number: %r" % (series, y, stat, got))
        if abs(got - want) > 1e-9 * max(1.0, abs(want)):
            fail("%s %s %s: %r, summary.csv says %r" % (series, y, stat, got, want))
        checked += 1
    if series in lines:
        seen.add(series)
        if article != lines[series]:
            fail("%s has Article %r, series.csv %r" % (series, article, lines[series]))
    if series in ("budget.total", "budget.claims") and y != "pv":
        pre = "budget.needed" if series == "budget.total" else "budget.needed.claims"
        want = figures[pre + "." + y] / unit
        if abs(r[8] - want) > 1e-9 * abs(want):
            fail("%s %s needed: %r, figures.csv %r" % (series, y, r[8], want))
        flag = "budget.exceeds_appropriation" if series == "budget.total" else "budget.claims_exceed_appropriation"
        if y == "total":
            anyk = "budget.prob_exceeds_any_year" + ("" if series == "budget.total" else ".claims")
            want = figures[anyk]
        else:
            want = float(summary[(flag, y)]["mean"])
        if abs(r[10] - want) > 1e-12:
            fail("%s %s P(exceeds): %r, want %r" % (series, y, r[10], want))
        if y != "total" and abs(r[9] - figures["budget.appropriation." + y] / unit) > 1e-9:
            fail("%s %s appropriation: %r" % (series, y, r[9]))
        seen.add(series)
missing = (set(lines) | {"budget.total"}) - seen
if missing:
    fail("lines missing: " + ", ".join(sorted(missing)))
if len(wb.sheetnames) != 4:
    fail("sheets: %r" % wb.sheetnames)
par = list(wb[wb.sheetnames[3]].iter_rows(values_only=True))
if not any(p[4] for p in par[1:]):
    fail("no parameter has a source")
print("budget.xlsx: %d numbers of %d rows equal summary.csv's (%s)" % (checked, len(rows) - 1, uname))
