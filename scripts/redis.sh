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

fail() { echo "redis.sh: $1" >&2; exit "${2:-4}"; }

install_if_missing() {
    command -v redis-server >/dev/null && return 0
    if [[ $(id -u) -eq 0 ]]; then
        echo "redis.sh: installing redis-server" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
    else
        fail "Redis is not installed; run: sudo apt-get install -y redis-server"
    fi
}

port_is_free() {
    python3 -c 'import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1"
}

cli() { REDISCLI_AUTH=$(cat "$base/password") redis-cli -h 127.0.0.1 -p "$(cat "$base/port")" "$@"; }

running() {
    [[ -f $base/port && -f $base/password ]] && command -v redis-cli >/dev/null && [[ $(cli ping 2>/dev/null) == PONG ]]
}

url() { echo "redis://:$(cat "$base/password")@127.0.0.1:$(cat "$base/port")/0"; }

start() {
    install_if_missing
    if running; then
        url
        return 0
    fi
    [[ -f $base/password ]] || { head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$base/password"; chmod 600 "$base/password"; }
    local port=63799
    while ! port_is_free "$port"; do
        port=$((port + 1))
        ((port < 63899)) || fail "no free port in 63799-63898"
    done
    echo "$port" > "$base/port"
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
    redis-server "$base/redis.conf" </dev/null >/dev/null 2>&1 || fail "redis-server did not start (log: $base/redis.log)"
    for _ in $(seq 1 50); do
        running && { url; return 0; }
        sleep 0.1
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
