#!/bin/sh
# test-mpi.sh — every simulating verb of smefin-mpi against smefin, byte for byte (make test-mpi).
#
# Each case runs `./smefin VERB ...` and `mpirun -n K ./smefin-mpi VERB ...` for K = 1, 2, 3, at
# the same seed and one thread each, and compares the exit status, stdout (the results folder's
# name replaced) and every file of the results folder. The only lines allowed to differ are the
# run's identity — its wall time and its rank count (run.json "wall_seconds" and "ranks",
# parameters.csv run,wall_seconds and run,ranks, the report's row of each); everything else,
# summary.csv, the study's CSV, report.html, must be the same bytes. Then the failures: bad input,
# an --out smefin may not write, and one rank failing alone (SMEFIN_TEST_FAIL_RANK) must fail the
# whole job with the same exit status and the one line the plain build gives (or the rank's own).
# Exit 0 when all agree, 1 otherwise (each difference listed).
set -u

MPIRUN=${MPIRUN:-mpirun --oversubscribe}
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
[ -x ./smefin ] && [ -x ./smefin-mpi ] || { echo "test-mpi: build smefin and smefin-mpi first" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/test-mpi.XXXXXX")
trap 'rm -rf "$work"' EXIT
fails=0
cases=0
files=0

fail() {
    echo "test-mpi: DIFFERS: $*"
    fails=$((fails + 1))
}

# The run's identity lines, dropped before comparing a file.
strip() {
    grep -Ev '"(wall_seconds|ranks)":|^run,(wall_seconds|ranks),|data-key="(wall_seconds|ranks)"|<th scope="row">ranks</th>' "$1"
}

# same LABEL VERB ARGS...: "@OUT@" is replaced by each run's folder.
same() {
    label=$1
    shift
    cases=$((cases + 1))
    for k in 0 1 2 3; do
        out="$work/c$cases.$k"
        args=""
        for a in "$@"; do
            [ "$a" = "@OUT@" ] && a=$out
            args="$args '$a'"
        done
        if [ $k = 0 ]; then
            eval "./smefin $args" >"$out.stdout" 2>"$out.stderr"
        else
            eval "$MPIRUN -n $k ./smefin-mpi $args" >"$out.stdout" 2>"$out.stderr"
        fi
        echo $? >"$out.rc"
        sed "s|$out|OUT|g" "$out.stdout" >"$out.stdout.n"
    done
    ref="$work/c$cases.0"
    for k in 1 2 3; do
        new="$work/c$cases.$k"
        cmp -s "$ref.rc" "$new.rc" || { fail "$label, $k ranks: exit $(cat "$ref.rc") vs $(cat "$new.rc")"; continue; }
        cmp -s "$ref.stdout.n" "$new.stdout.n" || fail "$label, $k ranks: stdout"
        if [ "$(cat "$ref.rc")" != 0 ]; then
            # mpirun adds its own notice after the job's line
            grep '^smefin:' "$new.stderr" >"$new.stderr.n"
            cmp -s "$ref.stderr" "$new.stderr.n" || { fail "$label, $k ranks: stderr"; head -3 "$ref.stderr" "$new.stderr"; }
            [ -e "$new" ] && fail "$label, $k ranks: a failed run left $new"
            continue
        fi
        [ -d "$ref" ] || continue # a verb that writes no folder
        for f in "$ref"/*; do
            b=$(basename "$f")
            files=$((files + 1))
            if [ ! -f "$new/$b" ]; then
                fail "$label, $k ranks: $b missing"
            elif ! cmp -s "$f" "$new/$b"; then
                # a binary file (forecast_paths.f32) must be the same byte for byte: strip is for text
                if ! grep -Iq . "$f"; then
                    fail "$label, $k ranks: $b (binary) differs"
                    continue
                fi
                strip "$f" >"$work/a"
                strip "$new/$b" >"$work/b"
                cmp -s "$work/a" "$work/b" || { fail "$label, $k ranks: $b"; diff "$work/a" "$work/b" | head -4; }
            fi
        done
        [ "$(ls "$ref" | wc -l)" = "$(ls "$new" | wc -l)" ] || fail "$label, $k ranks: other files than the plain run's"
        grep -q "\"ranks\": $k" "$new/run.json" || fail "$label, $k ranks: run.json does not say $k ranks"
    done
}

base=scenarios/shenzhen-baseline.ini
opts="--paths 1000 --seed 11 --threads 1"
# The bridge fund's capital sizing runs the bridge alone many times: the studies leave it out.
nob="--set bridge.enabled=false"
same "run baseline" run $base $opts --keep-paths --quiet --out @OUT@
same "run baseline in passes" run $base $opts --max-memory 27 --quiet --out @OUT@
grep -q "\"passes\": [2-9]" "$work/c$cases.0/run.json" || fail "--max-memory 27 took one pass"
# Risk contributions (issue 12): contributions.csv from the merged per-path member totals, with a
# pool that pro-rates its claims, in passes.
same "run contributions in passes" run $base $opts --set risk_compensation.on_shortfall=prorate --max-memory 27 \
    --quiet --out @OUT@
[ -s "$work/c$cases.0/contributions.csv" ] || fail "run contributions in passes: no contributions.csv"
same "run t copula" run $base $opts $nob --set economy.copula=t --quiet --out @OUT@
same "run importance sampling" run $base $opts --set simulation.importance_sampling=auto --quiet --out @OUT@
same "run importance sampling in passes" run $base $opts --set simulation.importance_sampling=auto --max-memory 27 --quiet --out @OUT@
same "compare" compare $base scenarios/variants/comp-share-50.ini scenarios/variants/fee-0.5pct.ini $opts $nob --out @OUT@
same "sweep" sweep $base --vary guarantee.fee_rate=0.005,0.01,0.02 $opts $nob --out @OUT@
same "solve" solve $base --vary risk_compensation.share --range 0.1:0.5 --target 'budget.total:total:p95<=2e10' \
    $opts $nob --out @OUT@
# The verbs another helper adds: tested once smefin knows them.
if ./smefin --help 2>&1 | grep -q sensitivity; then
    same "sensitivity" sensitivity $base --keys risk_compensation.share,guarantee.fee_rate $opts $nob --out @OUT@
fi
if ./smefin --help 2>&1 | grep -q 'stress '; then
    same "stress" stress $base --target 'budget.total:total:p95>=2e10' $opts $nob --out @OUT@
fi
same "check" check $base
same "analytic" analytic $base

# Failures: the same exit status and line as the plain build, no folder left.
same "bad input" run tests/cases/no-such.ini $opts --out @OUT@
same "bad key" run $base $opts --set simulation.paths=-3 --out @OUT@
mkdir -p "$work/ro" && touch "$work/ro/file"
same "unwritable --out" run $base $opts $nob --out "$work/ro/file/x"
# One rank fails alone: its message, exit 1, from every rank count that has that rank.
for k in 2 3; do
    cases=$((cases + 1))
    SMEFIN_TEST_FAIL_RANK=1 $MPIRUN -n $k ./smefin-mpi sweep $base --vary guarantee.fee_rate=0.005,0.01 $opts $nob \
        --out "$work/f$k" >"$work/f$k.stdout" 2>"$work/f$k.stderr"
    rc=$?
    [ $rc = 1 ] || fail "rank 1 failing, $k ranks: exit $rc (want 1)"
    grep -q 'rank 1 of' "$work/f$k.stderr" || { fail "rank 1 failing, $k ranks: its message is not on stderr"; cat "$work/f$k.stderr"; }
    [ "$(grep -c '^smefin:' "$work/f$k.stderr")" = 1 ] || fail "rank 1 failing, $k ranks: not one line on stderr"
    [ -e "$work/f$k" ] && fail "rank 1 failing, $k ranks: a folder was left"
done

if [ $fails -gt 0 ]; then
    echo "test-mpi: $fails difference(s) over $cases cases"
    exit 1
fi
echo "test-mpi: smefin-mpi on 1, 2 and 3 ranks = smefin for $cases cases ($files files compared byte for byte, bar wall time and rank count)"
