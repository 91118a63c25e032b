#!/usr/bin/env bash
# check-report-in-browser.sh REPORT.html [SCREENSHOT.png [HEIGHT]] - open an HTML report in headless Chromium.
#   Fails (exit 1) when the page logs anything to the console (a script error, a failed load) or does
#   not render to its end; with SCREENSHOT, also saves a picture of the page's top, 1400 pixels wide and
#   HEIGHT (default 1800) high.
#   Exit 4 when Chromium is missing (Debian: apt-get install chromium).
set -euo pipefail

report=${1:?usage: check-report-in-browser.sh REPORT.html [SCREENSHOT.png]}
screenshot=${2:-}
height=${3:-1800}
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
    echo "check-report-in-browser: Chromium is not installed (apt-get install chromium)" >&2
    exit 4
fi
[[ -f $report ]] || { echo "check-report-in-browser: $report: no such file" >&2; exit 2; }
url="file://$(realpath "$report")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --user-data-dir="$profile" --enable-logging=stderr --v=0)

log=$(mktemp)
dom=$(timeout 120 "$browser" "${flags[@]}" --dump-dom "$url" 2>"$log") || { cat "$log" >&2; echo "check-report-in-browser: Chromium failed on $report" >&2; exit 1; }
console=$(grep ':CONSOLE' "$log" || true)
rm -f "$log"
if [[ -n $console ]]; then
    echo "check-report-in-browser: $report logged to the console:" >&2
    echo "$console" >&2
    exit 1
fi
if [[ $dom != *"</main>"* ]]; then
    echo "check-report-in-browser: $report did not render to its end" >&2
    exit 1
fi
if [[ -n $screenshot ]]; then
    timeout 120 "$browser" "${flags[@]}" --hide-scrollbars --window-size=1400,"$height" --screenshot="$(realpath -m "$screenshot")" "$url" 2>/dev/null
fi
echo "check-report-in-browser: $report: rendered, no console messages${screenshot:+; screenshot $screenshot}"
