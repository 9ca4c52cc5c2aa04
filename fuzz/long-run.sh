#!/bin/sh
# long-run.sh SECONDS NAME... — the long fuzz runs behind the README's figures: each harness in
# turn (one at a time, at nice 19, so that it takes only idle CPU) for SECONDS, on its corpus
# build/fuzz/corpus/NAME and seeds build/fuzz/seeds/NAME (run `make fuzz-build fuzz-seeds` first).
# Log: build/fuzz/long-NAME.log; one line a harness in build/fuzz/long-summary.txt (date, seconds,
# executions, exec/s, crash inputs written).
set -u
cd "$(dirname "$0")/.."
secs=$1; shift
b=build/fuzz
for n in "$@"; do
    mkdir -p $b/corpus/$n $b/long-crashes
    start=$(date -u +%FT%TZ)
    nice -n 19 $b/fuzz-$n -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix=$b/long-crashes/$n- $b/corpus/$n $b/seeds/$n >$b/long-$n.log 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' $b/long-$n.log | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' $b/long-$n.log | tail -n 1)
    crashes=$(ls $b/long-crashes 2>/dev/null | grep -c "^$n-" || true)
    echo "$start $n seconds=$secs execs=${execs:-?} exec/s=${rate:-?} exit=$rc crash-inputs=$crashes" >>$b/long-summary.txt
done
