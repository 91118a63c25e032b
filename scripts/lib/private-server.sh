# Shared by postgres.sh and redis.sh (sourced, not run): errors, installing a Debian package, a free port.
# The caller sets `script` (its name, for messages) and `base` (its data directory) first.

fail() { echo "$script: $1" >&2; exit "${2:-4}"; }

# install_package PACKAGE... : apt-get install as root; otherwise say the command and exit 4.
install_package() {
    if [[ $(id -u) -eq 0 ]]; then
        echo "$script: installing $*" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    else
        fail "$1 is not installed; run: sudo apt-get install -y $*"
    fi
}

# lock_start : holds $base/start.lock until the script exits, so two starts of one directory never race.
# A server the script starts must not inherit descriptor 9 (`9>&-`), or it would hold the lock forever.
lock_start() {
    exec 9>"$base/start.lock"
    flock 9
}

# free_port FIRST : the first port from FIRST (100 tried) nothing listens on at 127.0.0.1; saved in $base/port.
# Another program may take it before the server binds it: callers retry from the next port.
free_port() {
    local port=$1
    while ! python3 -c 'import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$port"; do
        port=$((port + 1))
        ((port < $1 + 100)) || fail "no free port in $1-$(($1 + 99))"
    done
    echo "$port" > "$base/port"
}

# new_password : a generated password in $base/password (mode 600), kept when it exists.
new_password() {
    [[ -f $base/password ]] && return 0
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$base/password"
    chmod 600 "$base/password"
}
