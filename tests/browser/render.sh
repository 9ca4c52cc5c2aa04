#!/bin/sh
# render.sh HTML OUTDIR — render a report in headless Chromium, offline, and leave
#   OUTDIR/dom.html     the DOM after rendering (--dump-dom)
#   OUTDIR/shot.png     a 1200x3000 screenshot
#   OUTDIR/layout-W.html the DOM of a copy of the report with tests/browser/layout.js run in it, at
#                       window widths W = 1200 and 800: <body data-layout="{...}"> lists the
#                       charts' overlapping, cut or misplaced text (see layout.js)
#   OUTDIR/report.pdf   the page printed (A4, the report's print stylesheet, no header/footer)
#   OUTDIR/words.html   pdftotext -bbox of it: every word's box on every page
#   OUTDIR/page-1.png, page-2.png  the first two printed pages, rasterised (pdftoppm, 40 dpi)
# Used by tests/test_report.c (the browser test). Chromium is the Debian package `chromium`,
# pdftotext/pdftoppm the package `poppler-utils` (make test-deps installs both); CHROMIUM overrides
# Chromium's path. Exit 3 when one of them is missing.
set -eu
html=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
    echo "render.sh: $chromium not found: install the Debian package chromium (make test-deps)" >&2
    exit 3
fi
for t in pdftotext pdftoppm; do
    if ! command -v $t >/dev/null 2>&1; then
        echo "render.sh: $t not found: install the Debian package poppler-utils (make test-deps)" >&2
        exit 3
    fi
done
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
# the layout check runs in a copy beside the report (same folder, so nothing else changes)
check=$(dirname "$html")/.layout-check.html
awk -v js="$here/layout.js" '{
    i = index($0, "</body>")
    if (i == 0) { print; next }
    printf "%s<script>\n", substr($0, 1, i - 1)
    while ((getline l < js) > 0) print l
    printf "</script>%s\n", substr($0, i)
}' "$html" >"$check"
for w in 1200 800; do
    # shellcheck disable=SC2086
    timeout 120 "$chromium" $flags --window-size=$w,2000 --dump-dom "file://$check" >"$out/layout-$w.html" \
        2>"$out/layout-$w.log"
done
rm -f "$check"
# shellcheck disable=SC2086
timeout 120 "$chromium" $flags --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "file://$html" \
    >"$out/pdf.log" 2>&1
pdftotext -bbox "$out/report.pdf" "$out/words.html"
pdftoppm -png -r 40 -f 1 -l 2 "$out/report.pdf" "$out/page"
# pdftoppm names the pages page-1.png or page-01.png by the page count
for p in 1 2; do
    [ -f "$out/page-$p.png" ] || mv "$out/page-0$p.png" "$out/page-$p.png" 2>/dev/null || true
done
test -s "$out/dom.html"
test -s "$out/shot.png"
test -s "$out/report.pdf"
