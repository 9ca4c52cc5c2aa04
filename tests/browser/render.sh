#!/bin/sh
# render.sh HTML OUTDIR — render a report in headless Chromium, offline, and leave
#   OUTDIR/dom.html    the DOM after rendering (--dump-dom)
#   OUTDIR/shot.png    a 1200x3000 screenshot
# Used by tests/test_report.c (the browser test). Chromium is the Debian package `chromium`
# (make test-deps installs it); CHROMIUM overrides its path. Exit 3 when it is missing.
set -eu
html=$1
out=$2
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
    echo "render.sh: $chromium not found: install the Debian package chromium (make test-deps)" >&2
    exit 3
fi
mkdir -p "$out/profile"
case $html in /*) ;; *) html=$(pwd)/$html ;; esac
# No network, no first-run work, a private profile: the report must render from the file alone.
flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
--disable-component-update --disable-sync --disable-default-apps --mute-audio \
--user-data-dir=$out/profile"
# shellcheck disable=SC2086
timeout 120 "$chromium" $flags --dump-dom "file://$html" >"$out/dom.html" 2>"$out/dom.log"
# shellcheck disable=SC2086
timeout 120 "$chromium" $flags --hide-scrollbars --window-size=1200,3000 --screenshot="$out/shot.png" \
    "file://$html" >"$out/shot.log" 2>&1
test -s "$out/dom.html"
test -s "$out/shot.png"
