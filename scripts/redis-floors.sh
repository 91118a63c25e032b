#!/usr/bin/env bash
# redis-floors.sh [WAVE [PAIRS]] - the L2 hit of `bench --l2 redis` against redis-benchmark, back to back.
#   Ours: cache/tiered_l2_hit (median): GET of the single-team user's cached tool listing, decoding it,
#   storing it in the L1. Floor: redis-benchmark's GET of a value of the same size (its p50; one
#   client, no pipelining) on the same server. Runs the pair PAIRS times (default 3), alternating.
#   Uses scripts/redis.sh's private server (started when needed). WAVE defaults to small.
set -euo pipefail
cd "$(dirname "$0")/.."
wave=${1:-small}
pairs=${2:-3}
bench=.build/release/bench
[[ -x $bench ]] || swift build -c release --product bench >/dev/null
url=$(scripts/redis.sh start | tail -1)
password=$(sed -E 's|redis://:([^@]*)@.*|\1|' <<<"$url")
port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$url")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GATEBENCH_REDIS_URL=$url

printf '%-12s %12s %12s %12s %7s\n' "pair" "value" "gatebench" "floor" "ratio"
for pair in $(seq "$pairs"); do
    "$bench" --wave "$wave" --group cache --filter tiered_l2_hit --l2 redis --max-time 3 --quiet --format json >"$work/l2.json"
    read -r ours bytes < <(python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["benchmarks"][0]; print(b["stats"]["median"]*1e6, b["extra_info"]["value_bytes"])' "$work/l2.json")
    floor=$(redis-benchmark -h 127.0.0.1 -p "$port" -a "$password" -t set,get -d "$bytes" -n 10000 -c 1 --csv 2>/dev/null \
        | awk -F'"' '$2 == "GET" {print $10 * 1000}')
    printf '%-12s %10d B %9.1f µs %9.1f µs %6.2fx\n' "L2 hit ($pair)" "$bytes" "$ours" "$floor" "$(awk -v a="$ours" -v b="$floor" 'BEGIN {print a / b}')"
done
