#!/bin/sh
# check-identical.sh REF_BIN NEW_BIN [PATHS] — behaviour stays: run two smefin binaries on the same
# inputs at a fixed seed and compare what they write.
#
# Runs, from the repository root (the current directory): the Shenzhen baseline, every
# scenarios/variants/*.ini, every scenarios/*-only.ini and every tests/cases/**/*.ini that the
# reference binary runs (exit 0), with --keep-paths; `analytic` on each of them; `compare`,
# `sweep` and `solve` on the baseline; `calibrate` on calibrate/data/*.csv. Every CSV the reference
# writes must be byte-identical in the new binary's folder (a file only the new binary writes is
# listed, not compared: files may be added, never changed); run.json must hold every field of the
# reference's with the same value, minus the wall-clock and identity fields (wall_seconds,
# version), and so must parameters.csv minus its rows run,wall_seconds and run,version.
# report.html is not compared. A scenario the reference rejects must be rejected with
# the same exit status. Exit 0 when all agree, 1 otherwise (each difference is listed).
#
#   make && cp smefin /tmp/smefin-ref     # before the change
#   ... change, make ...
#   tests/check-identical.sh /tmp/smefin-ref ./smefin
set -u

if [ $# -lt 2 ]; then
    echo "usage: tests/check-identical.sh REF_BIN NEW_BIN [PATHS]" >&2
    exit 2
fi
ref=$1
new=$2
paths=${3:-400}
for b in "$ref" "$new"; do
    [ -x "$b" ] || { echo "check-identical: $b is not an executable" >&2; exit 2; }
done
case $ref in /*) ;; *) ref=$(pwd)/$ref ;; esac
case $new in /*) ;; *) new=$(pwd)/$new ;; esac
[ -f scenarios/shenzhen-baseline.ini ] || { echo "check-identical: run it from the repository root" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/check-identical.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
checked=0
runopts="--paths $paths --seed 7 --threads 2 --quiet"

fail() {
    echo "DIFFERS: $*"
    fails=$((fails + 1))
}

# compare_json REF NEW: every field of REF (but wall_seconds, version) in NEW with the same value.
compare_json() {
    jq -n --slurpfile a "$1" --slurpfile b "$2" '
        def strip: del(.wall_seconds, .version);
        ($a[0] | strip) as $x | ($b[0] | strip) as $y
        | [ $x | paths(scalars) ] as $ps
        | [ $ps[] | . as $p | select(($x | getpath($p)) != ($y | getpath($p))) | map(tostring) | join(".") ]' \
        >"$work/json.diff" 2>&1 || { cat "$work/json.diff"; return 1; }
    [ "$(jq length "$work/json.diff")" = 0 ] || { jq -r '.[]' "$work/json.diff" | head -5; return 1; }
}

# compare_dirs LABEL REFDIR NEWDIR
compare_dirs() {
    for f in "$2"/*.csv; do
        [ -e "$f" ] || continue
        b=$(basename "$f")
        checked=$((checked + 1))
        if [ ! -f "$3/$b" ]; then
            fail "$1: $b missing"
        elif ! cmp -s "$f" "$3/$b"; then
            # parameters.csv carries the run's identity rows; the rest of it must be identical.
            if [ "$b" = parameters.csv ]; then
                grep -Ev '^run,(wall_seconds|version),' "$f" >"$work/p.ref"
                grep -Ev '^run,(wall_seconds|version),' "$3/$b" >"$work/p.new"
                cmp -s "$work/p.ref" "$work/p.new" && continue
                fail "$1: $b"
                diff "$work/p.ref" "$work/p.new" | head -4
                continue
            fi
            fail "$1: $b"
            diff "$f" "$3/$b" | head -4
        fi
    done
    for f in "$3"/*.csv; do
        [ -e "$f" ] || continue
        [ -f "$2/$(basename "$f")" ] || echo "new file (not compared): $1: $(basename "$f")"
    done
    if [ -f "$2/run.json" ]; then
        checked=$((checked + 1))
        if [ ! -f "$3/run.json" ]; then
            fail "$1: run.json missing"
        elif ! compare_json "$2/run.json" "$3/run.json"; then
            fail "$1: run.json"
        fi
    fi
}

# both LABEL ARGS...: run both binaries with the args, "@OUT@" replaced by each one's folder;
# compares exit status, stdout and the folder.
both() {
    label=$1
    shift
    n=$((n + 1))
    for side in ref new; do
        out="$work/$n.$side"
        eval bin=\$$side
        args=""
        for a in "$@"; do
            [ "$a" = "@OUT@" ] && a=$out
            args="$args '$a'"
        done
        eval "\"$bin\" $args" >"$work/$n.$side.stdout" 2>"$work/$n.$side.stderr"
        echo $? >"$work/$n.$side.rc"
    done
    if ! cmp -s "$work/$n.ref.rc" "$work/$n.new.rc"; then
        fail "$label: exit $(cat "$work/$n.ref.rc") vs $(cat "$work/$n.new.rc")"
        return
    fi
    checked=$((checked + 1))
    cmp -s "$work/$n.ref.stdout" "$work/$n.new.stdout" || fail "$label: stdout"
    [ -d "$work/$n.ref" ] && compare_dirs "$label" "$work/$n.ref" "$work/$n.new"
    return 0
}

n=0
scenarios=""
for f in scenarios/variants/*.ini scenarios/*-only.ini $(find tests/cases -name '*.ini' | sort); do
    [ -f "$f" ] && scenarios="$scenarios $f"
done

# The baseline by name: without SCENARIO a binary finds it beside itself, and REF_BIN may live
# elsewhere.
base=scenarios/shenzhen-baseline.ini
both "run baseline" run "$base" $runopts --keep-paths --out @OUT@
both "analytic baseline" analytic "$base"
for f in $scenarios; do
    # A scenario the reference rejects only needs the same exit status.
    both "run $f" run "$f" $runopts --keep-paths --out @OUT@
    [ "$(cat "$work/$n.ref.rc")" = 0 ] || continue
    both "analytic $f" analytic "$f"
done

both "compare" compare "$base" scenarios/variants/comp-share-50.ini scenarios/variants/fee-0.5pct.ini $runopts --out @OUT@
both "sweep" sweep "$base" --vary guarantee.fee_rate=0.005,0.01 $runopts --out @OUT@
both "solve" solve "$base" --vary risk_compensation.share --range 0.1:0.5 \
    --target 'budget.total:total:p95<=2e10' $runopts --out @OUT@
for f in calibrate/data/*.csv; do
    case $(basename "$f") in
        fund*) kind=fund ;;
        lgd*) kind=lgd ;;
        *) kind=vasicek ;;
    esac
    both "calibrate $kind $f" calibrate "$kind" "$f"
done

if [ "$fails" -gt 0 ]; then
    echo "check-identical: $fails difference(s) in $checked comparisons ($n invocations, $paths paths)"
    exit 1
fi
echo "check-identical: identical — $checked comparisons over $n invocations ($paths paths, seed 7)"
