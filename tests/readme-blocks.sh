#!/bin/bash
# readme-blocks.sh — run every command block of README.md as a user would type it (issue 13).
#
# Convention (README.md follows it):
#   - A fenced block whose info string is `sh` or `bash` is commands a user types: the block runs
#     as written, line by line, as one bash script (`\` continues a line, `#` starts a comment).
#   - A fenced block whose info string is `console` shows commands and their output: the lines
#     starting with `$ ` are the commands (without the `$ `); the other lines are not run.
#   - A fence with no info string (```) or any other one (```ini, ```csv) is output or a file's
#     content: never run.
#   - A command block that must not run here is marked by the line
#       <!-- readme-blocks: skip (the reason) -->
#     right above its fence; the reason is printed. Only blocks a user is not told to type as
#     they are, or that this check cannot run (`make test` would run itself), may be marked.
# Each block runs with `bash -e -o pipefail` in a fresh temporary copy of the clone (the files
# git tracks, with their working-tree content, and the built binary as ./smefin), so a block
# cannot lean on files another block wrote; a command failing (non-zero exit) fails the check,
# with the block's README line and the tail of its output. Runs use the README's own sizes
# (--paths where it gives them), so the whole check stays well under two minutes.
#
# usage: tests/readme-blocks.sh [README.md]   (from the repository root; SMEFIN_BIN: the binary
# to copy as ./smefin, ./smefin by default). Exit 0 when every block ran, 1 otherwise, 2 on
# bad use.
set -u
readme=${1:-README.md}
bin=${SMEFIN_BIN:-./smefin}
[ -f "$readme" ] || { echo "readme-blocks: $readme: no such file" >&2; exit 2; }
[ -x "$bin" ] || { echo "readme-blocks: $bin: no smefin binary (run make first)" >&2; exit 2; }
root=$(pwd)
work=$(mktemp -d /tmp/smefin-readme-XXXXXX) || exit 2
trap 'rm -rf "$work"' EXIT

# Split the README into blocks/N.sh (the commands) and blocks/N.line (the fence's line).
mkdir -p "$work/blocks"
awk -v dir="$work/blocks" '
    function flush() { if (out != "") close(out); out = "" }
    /^```/ {
        if (!inblock) {
            inblock = 1; info = substr($0, 4); gsub(/[ \t].*/, "", info)
            if ((info == "sh" || info == "bash" || info == "console") && !skip) {
                n++; out = sprintf("%s/%02d.sh", dir, n); kind = info
                printf "%d\n", NR > sprintf("%s/%02d.line", dir, n); close(sprintf("%s/%02d.line", dir, n))
            } else if (skip && (info == "sh" || info == "bash" || info == "console")) {
                printf "readme-blocks: README line %d: skipped %s\n", NR, why
            }
            skip = 0
            next
        }
        inblock = 0; flush(); next
    }
    inblock && out != "" {
        if (kind == "console") { if (substr($0, 1, 2) == "$ ") print substr($0, 3) > out }
        else print > out
        next
    }
    !inblock {
        if (match($0, /^<!-- readme-blocks: skip/)) { skip = 1; why = $0; sub(/^<!-- readme-blocks: skip */, "", why); sub(/ *-->.*$/, "", why) }
        else if ($0 !~ /^[ \t]*$/) skip = 0
    }
' "$readme"

files=$(cd "$root" && git ls-files 2>/dev/null)
[ -n "$files" ] || { echo "readme-blocks: not a git clone (git ls-files is empty)" >&2; exit 2; }
fail=0
t_all=$(date +%s.%N)
for b in "$work"/blocks/*.sh; do
    [ -e "$b" ] || continue
    line=$(cat "${b%.sh}.line")
    copy="$work/clone-$(basename "$b" .sh)"
    mkdir -p "$copy"
    (cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$copy"
    cp "$bin" "$copy/smefin"
    t0=$(date +%s.%N)
    (cd "$copy" && bash -e -o pipefail "$b") >"$work/out" 2>&1
    rc=$?
    dt=$(echo "$(date +%s.%N) - $t0" | bc)
    if [ $rc -ne 0 ]; then
        echo "readme-blocks: README line $line: the block failed (exit $rc) after ${dt} s; its commands:"
        sed 's/^/    /' "$b"
        echo "  its output (last 20 lines):"
        tail -n 20 "$work/out" | sed 's/^/    /'
        fail=1
    else
        printf 'readme-blocks: README line %s: ok (%d commands, %.1f s)\n' "$line" "$(grep -cv '^[[:space:]]*\(#.*\)\?$' "$b")" "$dt"
    fi
    rm -rf "$copy"
done
printf 'readme-blocks: %d blocks in %.1f s\n' "$(ls "$work"/blocks/*.sh 2>/dev/null | wc -l)" "$(echo "$(date +%s.%N) - $t_all" | bc)"
exit $fail
