#!/usr/bin/env bash
# postgres.sh start|stop|status|url - a private PostgreSQL server for gatebench, on loopback only.
#   start   installs Debian's postgresql when missing (as root; otherwise prints the apt-get command and
#           exits 4), creates a cluster under DATA (initdb as the unprivileged `postgres` user when run as
#           root), picks a free port from 54329 up (a port in use is skipped), starts the server listening
#           on 127.0.0.1 only, and creates the role and database `gatebench` with a generated password.
#           A cluster that is already running is left as it is. Prints the connection URL.
#   stop    stops it (fast shutdown: open sessions are ended, committed data is kept).
#   status  says whether it runs, and its URL; exit 3 when it is not running.
#   url     prints the URL only (exit 3 when not running).
# DATA is $GATEBENCH_POSTGRES_DIR, default .benchdata/postgres. Nothing outside it is touched, and the
# system's own clusters are never started.
set -euo pipefail
cd "$(dirname "$0")/.."

command=${1:-}
base=${GATEBENCH_POSTGRES_DIR:-.benchdata/postgres}
mkdir -p "$base"
base=$(realpath "$base")
data=$base/data
socket=$base/socket
log=$base/server.log

script=postgres.sh
# shellcheck source=lib/private-server.sh
source scripts/lib/private-server.sh

bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [[ -n $dir ]] && echo "$dir"
}

install_if_missing() {
    [[ -n $(bindir) ]] && return 0
    install_package postgresql
    # Debian's package starts its own cluster; gatebench uses a private one only.
    command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | while read -r version name _; do
        pg_ctlcluster "$version" "$name" stop 2>/dev/null || true
    done
}

# Runs a server binary as the unprivileged owner of the cluster (PostgreSQL refuses to run as root).
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {
    [[ -f $data/postmaster.pid ]] && as_owner "$(bindir)/pg_ctl" -D "$data" status >/dev/null 2>&1
}

url() {
    echo "postgres://gatebench:$(cat "$base/password")@127.0.0.1:$(cat "$base/port")/gatebench"
}

start() {
    install_if_missing
    lock_start
    local bin
    bin=$(bindir)
    if running; then
        url
        return 0
    fi
    if [[ ! -f $data/PG_VERSION ]]; then
        rm -rf "$data"
        mkdir -p "$data" "$socket"
        [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$base"
        # The server runs as `postgres`: every directory above DATA must let it through. Said, not changed.
        if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$base"; then
            fail "the postgres user cannot reach $base (a directory above it is closed to other users); set GATEBENCH_POSTGRES_DIR to a directory it can reach"
        fi
        rm -f "$base/password"
        new_password
        as_owner "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C >"$base/initdb.log" 2>&1 || { cat "$base/initdb.log" >&2; fail "initdb failed"; }
        cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$socket'
EOF
    fi
    mkdir -p "$socket"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$socket" "$base"
    # wal_level = minimal: a wave loaded by COPY into tables created in the same transaction writes
    # no WAL (halves the load); commits stay durable (fsync and synchronous_commit as shipped).
    # shared_buffers holds the enterprise wave's hot tables; max_wal_size keeps checkpoints out of a load;
    # work_mem = 64MB sorts the enterprise scoped listing (10 MB) in memory instead of spilling it.
    local first=54329 port attempt settings
    for attempt in 1 2 3 4 5; do
        free_port "$first"
        port=$(cat "$base/port")
        [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$base/port" "$base/password"
        settings="-p $port -c wal_level=minimal -c max_wal_senders=0 -c shared_buffers=1GB -c max_wal_size=8GB -c work_mem=64MB"
        # The server must not inherit this script's output: a caller reading it to the end would wait forever.
        if as_owner "$bin/pg_ctl" -D "$data" -l "$log" -o "$settings" -w -t 60 start </dev/null >/dev/null 2>&1 9>&-; then
            break
        fi
        # Another program took the port between the check and the bind: try the next one.
        if ((attempt < 5)) && tail -20 "$log" | grep -q "could not bind\|Address already in use"; then
            first=$((port + 1))
            continue
        fi
        tail -20 "$log" >&2
        fail "the server did not start (log: $log)"
    done
    local password
    password=$(cat "$base/password")
    as_owner "$bin/psql" -h "$socket" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >/dev/null <<EOF
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gatebench') THEN
    CREATE ROLE gatebench LOGIN PASSWORD '$password';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE gatebench OWNER gatebench' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'gatebench')\gexec
EOF
    url
}

stop() {
    local bin
    bin=$(bindir) || true
    if [[ -n ${bin:-} ]] && running; then
        as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
        echo "postgres.sh: stopped ($data)"
    else
        echo "postgres.sh: not running ($data)"
    fi
}

case $command in
start) start ;;
stop) stop ;;
status)
    if [[ -n $(bindir) ]] && running; then echo "running: $(url) (data: $data)"; else echo "not running (data: $data)"; exit 3; fi ;;
url)
    if [[ -n $(bindir) ]] && running; then url; else fail "not running; start it with scripts/postgres.sh start" 3; fi ;;
*) fail "usage: scripts/postgres.sh start|stop|status|url" 2 ;;
esac
