#!/usr/bin/env bash
# memory-latency.sh - how much data this machine's caches hold for one process, and what a load
#   from beyond costs: builds scripts/floors/memory_latency.c with cc and runs it (about 20 s).
#   docs/l1-cache.md reads the L1 cache's working-set figures against it.
set -euo pipefail
cd "$(dirname "$0")/.."
compiler=${CC:-$(command -v cc || command -v clang || true)}
[[ -n $compiler ]] || { echo "memory-latency.sh: no C compiler (cc or clang; Debian: apt-get install gcc)" >&2; exit 4; }
mkdir -p .build/floors
"$compiler" -O2 -Wall -o .build/floors/memory_latency scripts/floors/memory_latency.c
exec .build/floors/memory_latency
