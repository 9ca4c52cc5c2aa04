#!/bin/sh
# seeds.sh OUT NAME... — the seed folder OUT/NAME of each harness, from the shipped scenarios, the
# test cases and the bad-input corpus (tests/cases/bad/). Files are copied under unique names.
set -eu
out=$1; shift
cd "$(dirname "$0")/.."
put() { # put NAME FILE...: copy the existing files into OUT/NAME
    n=$1; shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$out/$n/$(echo "$f" | tr '/' '_')"
    done
}
for n in "$@"; do
    rm -rf "${out:?}/$n"; mkdir -p "$out/$n"
    case $n in
    ini) put ini scenarios/*.ini scenarios/variants/*.ini tests/cases/loader/*.ini tests/cases/loader/base/*.ini \
             tests/cases/cli/*.ini tests/cases/bad/*/*.ini ;;
    segments) put segments scenarios/*.csv scenarios/variants/*.csv tests/cases/cli/*.csv tests/cases/loader/csv_*.csv \
                  tests/cases/loader/seg_ok.csv tests/cases/bad/*/*seg*.csv ;;
    loans) put loans tests/cases/loader/book*.csv tests/cases/bad/*/*book*.csv ;;
    set) # one --set a line: the corpus' --set values and lines of the shipped scenarios as overrides
        for f in tests/cases/bad/*/cmd; do [ -f "$f" ] && grep -o -- "--set '[^']*'" "$f" | sed "s/^--set '//; s/'$//"; done \
            >"$out/set/bad-sets" || true
        printf 'simulation.years=3\nsimulation.paths=200\n' >"$out/set/ok"
        printf 'guarantee.enabled=true\nguarantee.coverage=0.8\nbudget.confidence=0.9\n' >"$out/set/mech"
        printf 'economy.stress=2027:2.0,2028:1.5\nportfolio.segments=bridge-segments.csv\n' >"$out/set/stress"
        printf 'risk_compensation.tiers=0.02:0.5,0.05:0.3\n' >"$out/set/tiers" ;;
    vasicek) put vasicek calibrate/data/npl_*.csv tests/cases/calibrate/*.csv tests/cases/bad/*/vasicek*.csv ;;
    lgd) put lgd calibrate/data/lgd_*.csv tests/cases/calibrate/*.csv tests/cases/bad/*/lgd*.csv ;;
    fund) put fund calibrate/data/fund_*.csv tests/cases/calibrate/fund*.csv tests/cases/bad/*/fund*.csv ;;
    report) # selector byte (the file's index in fuzz_report.c's list) then the fixture file
        i=0
        for f in summary parameters figures evaluation histogram sensitivity compare stress; do
            { printf "\\$(printf %o $i)"; cat tests/cases/report/baseline/$f.csv; } >"$out/report/$f"
            i=$((i + 1))
        done ;;
    *) echo "seeds.sh: no seeds for $n" >&2; exit 1 ;;
    esac
done
