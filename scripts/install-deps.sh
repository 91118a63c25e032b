#!/usr/bin/env bash
# install-deps.sh [test] - make sure the system packages gatebench needs are present.
#   As root, missing Debian packages are installed with apt-get; otherwise the exact command is printed
#   and the script fails. libpq-dev and libhiredis-dev are the C clients of PostgreSQL and Redis,
#   linked like SQLite (no build cost).
#   With "test", Chromium (a test opens an HTML report in it) and pytest-benchmark
#   (PyPI) are installed too: a CLI test checks that
#   `pytest-benchmark compare` reads our saved runs.
set -euo pipefail

packages=(libjemalloc-dev libsqlite3-dev libpq-dev libhiredis-dev sqlite3 linux-perf)
# The tests also open a report in headless Chromium. (PostgreSQL and Redis, which tests start as
# private servers, are installed by scripts/postgres.sh and scripts/redis.sh themselves.)
[[ ${1:-} == test ]] && packages+=(chromium)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]]; then
        echo "install-deps: installing ${missing[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "install-deps: missing system packages: ${missing[*]}" >&2
        echo "install-deps: run: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

if [[ ${1:-} == test ]] && ! command -v pytest-benchmark >/dev/null 2>&1; then
    echo "install-deps: installing pytest-benchmark (pip)" >&2
    python3 -m pip install --quiet pytest-benchmark
    command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
fi
