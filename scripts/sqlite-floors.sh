#!/usr/bin/env bash
# sqlite-floors.sh [WAVE [PAIRS]] - heartbeat/heartbeat_update against the raw SQLite C API, back to back.
#   The floor is scripts/floors/heartbeat_floor.c (built here with cc against libsqlite3): the same three
#   statements in one transaction on a scratch copy of the wave's file, WAL, synchronous = NORMAL, all
#   statements prepared once, in two variants: SQLite's automatic checkpoints (inside commits), and no
#   checkpoint while timing (the bare statements; the log grows). gatebench's service checkpoints on a
#   background thread instead. Runs the three PAIRS times (default 3), alternating, 3 s each, and prints
#   medians per heartbeat and ratios. WAVE defaults to small.
set -euo pipefail
cd "$(dirname "$0")/.."
wave=${1:-small}
pairs=${2:-3}
bench=.build/release/bench
[[ -x $bench ]] || swift build -c release --product bench >/dev/null
mkdir -p .build/floors .benchdata
floor=.build/floors/heartbeat_floor
compiler=${CC:-$(command -v cc || command -v clang || true)}
[[ -n $compiler ]] || { echo "sqlite-floors.sh: no C compiler (cc or clang; Debian: apt-get install gcc)" >&2; exit 4; }
"$compiler" -O2 -Wall -o "$floor" scripts/floors/heartbeat_floor.c -lsqlite3
"$bench" seed --wave "$wave" --quiet >/dev/null
seeded=$(ls .benchdata/"$wave"-seed42-v*.sqlite | sort -V | tail -1)
work=$(mktemp -d .benchdata/floor.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

median_of_bench() { # JSON -> median in µs
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["benchmarks"][0]["stats"]["median"]*1e6)' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }

printf '%-10s %12s %22s %22s\n' "pair" "gatebench" "floor (autocheckpoint)" "floor (no checkpoint)"
for pair in $(seq "$pairs"); do
    "$bench" --wave "$wave" --group heartbeat --filter heartbeat_update --max-time 3 --quiet --format json >"$work/ours.json"
    ours=$(median_of_bench "$work/ours.json")
    cp "$seeded" "$work/floor.sqlite"
    auto=$(awk '{print $1 / 1000}' <<<"$("$floor" "$work/floor.sqlite" 3)")
    bare=$(awk '{print $1 / 1000}' <<<"$("$floor" "$work/floor.sqlite" 3 nocheckpoint)")
    rm -f "$work"/floor.sqlite*
    printf '%-10s %9.1f µs %9.1f µs (%s) %9.1f µs (%s)\n' "$pair" "$ours" "$auto" "$(ratio "$ours" "$auto")" "$bare" "$(ratio "$ours" "$bare")"
done
