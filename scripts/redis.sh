#!/usr/bin/env bash
# redis.sh start|stop|status|url - a private Redis server for gatebench, on loopback only.
#   start   installs Debian's redis-server when missing (as root; otherwise prints the apt-get command and
#           exits 4), picks a free port from 63799 up (a port in use is skipped), and starts redis-server
#           on 127.0.0.1 with a generated password and no persistence, its files under DATA. A server that
#           is already running is left as it is. Prints the connection URL.
#   stop    stops it.
#   status  says whether it runs, and its URL; exit 3 when it is not running.
#   url     prints the URL only (exit 3 when not running).
# DATA is $GATEBENCH_REDIS_DIR, default .benchdata/redis. The system's own Redis is never used.
set -euo pipefail
cd "$(dirname "$0")/.."

command=${1:-}
base=${GATEBENCH_REDIS_DIR:-.benchdata/redis}
mkdir -p "$base"
base=$(realpath "$base")

script=redis.sh
# shellcheck source=lib/private-server.sh
source scripts/lib/private-server.sh

install_if_missing() {
    command -v redis-server >/dev/null || install_package redis-server redis-tools
}

cli() { REDISCLI_AUTH=$(cat "$base/password") redis-cli -h 127.0.0.1 -p "$(cat "$base/port")" "$@"; }

running() {
    [[ -f $base/port && -f $base/password ]] && command -v redis-cli >/dev/null && [[ $(cli ping 2>/dev/null) == PONG ]]
}

url() { echo "redis://:$(cat "$base/password")@127.0.0.1:$(cat "$base/port")/0"; }

start() {
    install_if_missing
    lock_start
    if running; then
        url
        return 0
    fi
    new_password
    local first=63799 port attempt
    for attempt in 1 2 3 4 5; do
        free_port "$first"
        port=$(cat "$base/port")
        cat > "$base/redis.conf" <<EOF
bind 127.0.0.1
port $port
requirepass $(cat "$base/password")
daemonize yes
pidfile $base/redis.pid
logfile $base/redis.log
dir $base
save ""
appendonly no
EOF
        chmod 600 "$base/redis.conf"
        # The server must not inherit this script's output: a caller reading it to the end would wait forever.
        redis-server "$base/redis.conf" </dev/null >/dev/null 2>&1 9>&- || fail "redis-server did not start (log: $base/redis.log)"
        for _ in $(seq 1 50); do
            running && { url; return 0; }
            sleep 0.1
        done
        # Another program took the port between the check and the bind: try the next one.
        if ((attempt < 5)) && tail -5 "$base/redis.log" | grep -q "Address already in use"; then
            first=$((port + 1))
            continue
        fi
        break
    done
    tail -20 "$base/redis.log" >&2
    fail "redis-server did not answer on port $port (log: $base/redis.log)"
}

stop() {
    if running; then
        cli shutdown nosave >/dev/null 2>&1 || true
        echo "redis.sh: stopped ($base)"
    else
        echo "redis.sh: not running ($base)"
    fi
}

case $command in
start) start ;;
stop) stop ;;
status) if running; then echo "running: $(url) (data: $base)"; else echo "not running (data: $base)"; exit 3; fi ;;
url) if running; then url; else fail "not running; start it with scripts/redis.sh start" 3; fi ;;
*) fail "usage: scripts/redis.sh start|stop|status|url" 2 ;;
esac
