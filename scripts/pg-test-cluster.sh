#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL 15 cluster for the PostgreSQL backend's tests (Debian 12's
# postgresql-15 package; scripts/install-deps.sh test installs it). Run it from any folder.
#
#   scripts/pg-test-cluster.sh start DIR PORT   a new, empty cluster in DIR listening on
#                                               127.0.0.1:PORT; prints its URL, and nothing else,
#                                               on stdout: postgresql://layan@127.0.0.1:PORT/layan
#   scripts/pg-test-cluster.sh stop DIR         stops it (fast, else immediate) and removes DIR
#   scripts/pg-test-cluster.sh url DIR          prints the URL of the cluster running from DIR
#   scripts/pg-test-cluster.sh standby DIR PORT PRIMARY_DIR
#                                               a streaming-replication standby of the cluster
#                                               running from PRIMARY_DIR (pg_basebackup), made
#                                               the primary's synchronous standby: a commit is
#                                               acknowledged once the standby has it on disk
#   scripts/pg-test-cluster.sh crash DIR        SIGKILL to the server and all its processes, as
#                                               if its machine lost power (DIR is kept)
#   scripts/pg-test-cluster.sh promote DIR      promotes the standby of DIR to a primary
#
# `start` first stops a cluster left running from DIR by an earlier run and deletes DIR: every run
# starts from nothing. The cluster trusts every local connection (no passwords); role and database
# `layan` (a superuser) are created. Its log is DIR/server.log. As root, initdb and the server run
# as the `postgres` system user (they refuse to run as root), so DIR's parents must be traversable
# by that user: a DIR under /tmp always is. Messages go to stderr.
set -euo pipefail

readonly pg_bindir_debian=/usr/lib/postgresql/15/bin
readonly marker=.pg-test-cluster  # in DIR: refuse to delete a folder this script did not create

usage() {
    sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}
die() {
    echo "pg-test-cluster: $*" >&2
    exit 1
}
say() {
    echo "pg-test-cluster: $*" >&2
}

[[ $# -ge 2 ]] || usage
command="$1"
dir="$(realpath -m -- "$2")"  # absolute, so that the working directory does not matter
case "$command" in
    start) [[ $# -eq 3 ]] || usage ;;
    standby) [[ $# -eq 4 ]] || usage ;;
    stop | url | crash | promote) [[ $# -eq 2 ]] || usage ;;
    *) usage ;;
esac
[[ $dir != / ]] || die "refusing to use / as the cluster's folder"
data="$dir/data"
# The postgres user may not be allowed into the caller's working directory; initdb and pg_ctl
# would complain about it.
cd /

if [[ -x $pg_bindir_debian/initdb ]]; then
    bindir="$pg_bindir_debian"
elif command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then
    bindir="$(pg_config --bindir)"
else
    die "PostgreSQL's initdb is missing: install the Debian package postgresql-15 (scripts/install-deps.sh test)"
fi
tool() {
    if [[ -x $bindir/$1 ]]; then
        echo "$bindir/$1"
    elif command -v "$1" >/dev/null; then
        command -v "$1"
    else
        die "PostgreSQL's $1 is missing: install the Debian package postgresql-15"
    fi
}
pg_ctl="$(tool pg_ctl)"
initdb="$(tool initdb)"

# initdb, pg_ctl and postgres refuse to run as root: as root, they run as the postgres user.
if [[ $(id -u) -eq 0 ]]; then
    id -u postgres >/dev/null 2>&1 ||
        die "running as root, but there is no postgres user to run the server as (the Debian package postgresql-15 creates it)"
    as_server_user() { runuser -u postgres -- "$@"; }
else
    as_server_user() { "$@"; }
fi

# Stops the server running from $data, if any: pg_ctl with the given mode, then, if the
# postmaster of the pid file is still alive (pg_ctl may be unable to: e.g. the cluster was started
# by another user), SIGQUIT (immediate shutdown) and at last SIGKILL. The postmaster's working
# directory is its data directory: a pid reused by an unrelated process is left alone.
stop_server() {
    local mode="$1" pid cwd
    [[ -f $data/postmaster.pid ]] || return 0
    pid="$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)"
    if ! as_server_user "$pg_ctl" -D "$data" -m "$mode" -w -t 30 stop >&2 2>/dev/null; then
        if [[ $mode != immediate ]]; then
            say "pg_ctl -m $mode failed or the server did not stop within 30 s; trying -m immediate"
            as_server_user "$pg_ctl" -D "$data" -m immediate -w -t 30 stop >&2 2>/dev/null || true
        fi
    fi
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    postmaster_alive() {
        cwd="$(readlink "/proc/$pid/cwd" 2>/dev/null || true)"
        [[ $cwd == "$data" ]]
    }
    if postmaster_alive; then
        say "pg_ctl could not stop the server (pid $pid); sending it SIGQUIT"
        kill -QUIT "$pid" 2>/dev/null || true
        for _ in $(seq 100); do
            postmaster_alive || return 0
            sleep 0.1
        done
        say "the server (pid $pid) ignored SIGQUIT; sending it SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
    fi
}

# Deletes $dir, but only if this script created it (or it is empty).
remove_dir() {
    [[ -e $dir ]] || return 0
    [[ -d $dir ]] || die "$dir exists and is not a folder; not touching it"
    if [[ ! -e $dir/$marker ]] && [[ -n "$(ls -A -- "$dir")" ]]; then
        die "$dir is not empty and was not made by this script (no $marker in it); not deleting it"
    fi
    rm -rf -- "$dir"
}

url_of() {
    echo "postgresql://layan@127.0.0.1:$1/layan"
}

# Checks PORT (prints it as a number) and gives the server of $dir a fresh, empty folder: a server
# left running from it is stopped and the folder made again, owned by the server's user.
fresh_dir_for_port() {
    local port="$1"
    if [[ ! $port =~ ^[0-9]{1,5}$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
        die "bad port '$port'"
    fi
    port=$((10#$port))
    # A Unix socket's path holds at most 107 bytes.
    local socket="$dir/.s.PGSQL.$port"
    ((${#socket} <= 107)) || die "$dir is too long a path for the server's Unix socket ($socket); use a shorter DIR, e.g. under /tmp"

    stop_server immediate
    remove_dir
    mkdir -p -- "$dir"
    touch "$dir/$marker"
    if [[ $(id -u) -eq 0 ]]; then
        if ! runuser -u postgres -- test -x "$dir"; then
            rm -rf -- "$dir"
            die "the postgres user (the server runs as it, since it refuses to run as root) cannot get into $dir: one of its parent folders is closed to other users; use a DIR under /tmp"
        fi
        chown -R postgres: "$dir"
    fi
    echo "$port"
}

start() {
    local port psql
    port="$(fresh_dir_for_port "$1")"
    psql="$(tool psql)"

    local locale_options=(--locale=C.UTF-8) locales
    locales="$(locale -a 2>/dev/null || true)"
    if ! grep -qixE 'c\.utf-?8' <<<"$locales"; then
        say "the C.UTF-8 locale is not available; initdb runs with --no-locale"
        locale_options=(--no-locale)
    fi
    local started=$SECONDS
    # --no-sync: initdb's final fsync of the new files takes seconds and buys nothing for a
    # throwaway cluster (the server itself runs with fsync = on).
    if ! as_server_user "$initdb" -D "$data" --auth=trust --username=postgres --encoding=UTF8 \
        "${locale_options[@]}" --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed (its output is above and in $dir/initdb.log)"
    fi

    local sql_dir="${dir//\'/\'\'}"
    cat >>"$data/postgresql.conf" <<EOF

# scripts/pg-test-cluster.sh: a throwaway cluster for tests
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sql_dir'
fsync = on
synchronous_commit = on
max_connections = 200
shared_buffers = 128MB
logging_collector = off
EOF
    echo "$port" >"$dir/port"

    if ! as_server_user "$pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >&2; then
        say "the server did not start; the end of $dir/server.log:"
        tail -n 20 "$dir/server.log" >&2 || true
        stop_server immediate
        die "could not start PostgreSQL on 127.0.0.1:$port (is the port taken?)"
    fi

    # psql runs as the caller: root is fine for a client.
    PGCONNECT_TIMEOUT=10 "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c 'CREATE ROLE layan LOGIN SUPERUSER' -c 'CREATE DATABASE layan OWNER layan' >&2 ||
        die "could not create the role and the database layan"
    say "started in $((SECONDS - started)) s from $dir (log: $dir/server.log)"
    url_of "$port"
}

stop() {
    if [[ ! -f $data/postmaster.pid ]]; then
        say "no server running from $dir"
    fi
    stop_server fast
    remove_dir
}

url() {
    [[ -r $dir/port ]] || die "no cluster in $dir ($dir/port is missing): start one with '$0 start $dir PORT'"
    local port pg_isready
    port="$(<"$dir/port")"
    pg_isready="$(tool pg_isready)"
    "$pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres ||
        die "the cluster of $dir does not answer on 127.0.0.1:$port"
    url_of "$port"
}

# The standby's name among the primary's synchronous standbys (application_name).
readonly standby_name=layan_standby

standby() {
    local port="$1" primary_dir primary_port psql basebackup
    primary_dir="$(realpath -m -- "$2")"
    [[ -r $primary_dir/port ]] || die "no cluster in $primary_dir: start the primary first"
    primary_port="$(<"$primary_dir/port")"
    psql="$(tool psql)"
    basebackup="$(tool pg_basebackup)"
    port="$(fresh_dir_for_port "$port")"
    local started=$SECONDS
    # -R: standby.signal and the primary's address; -X stream: the WAL written meanwhile comes along.
    if ! as_server_user "$basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$data" -R -X stream \
        --checkpoint=fast --no-sync >"$dir/basebackup.log" 2>&1; then
        cat "$dir/basebackup.log" >&2
        die "pg_basebackup from 127.0.0.1:$primary_port failed"
    fi
    local sql_dir="${dir//\'/\'\'}"
    cat >>"$data/postgresql.auto.conf" <<EOF
port = $port
unix_socket_directories = '$sql_dir'
primary_conninfo = 'host=127.0.0.1 port=$primary_port user=postgres application_name=$standby_name'
EOF
    echo "$port" >"$dir/port"
    if ! as_server_user "$pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start >&2; then
        tail -n 20 "$dir/server.log" >&2 || true
        stop_server immediate
        die "could not start the standby on 127.0.0.1:$port"
    fi
    # From now on the primary acknowledges a commit only once the standby has flushed it.
    PGCONNECT_TIMEOUT=10 "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$primary_port" -U postgres \
        -d postgres -c "ALTER SYSTEM SET synchronous_standby_names = '$standby_name'" \
        -c 'SELECT pg_reload_conf()' >/dev/null ||
        die "could not make the standby synchronous"
    local state=""
    for _ in $(seq 300); do
        state="$(PGCONNECT_TIMEOUT=10 "$psql" -X -A -t -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres \
            -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = '$standby_name'" 2>/dev/null ||
            true)"
        [[ $state != sync ]] || break
        sleep 0.1
    done
    [[ $state == sync ]] || die "the standby did not become synchronous within 30 s (state: '${state:-none}')"
    say "standby started in $((SECONDS - started)) s from $dir, synchronous to 127.0.0.1:$primary_port"
    url_of "$port"
}

crash() {
    [[ -f $data/postmaster.pid ]] || die "no server running from $dir"
    local pid children
    pid="$(head -n 1 "$data/postmaster.pid")"
    [[ $pid =~ ^[0-9]+$ ]] || die "no pid in $data/postmaster.pid"
    [[ "$(readlink "/proc/$pid/cwd" 2>/dev/null || true)" == "$data" ]] || die "the server of $dir is not running"
    # Its processes: those whose parent it is (from /proc: a minimal system has no pgrep).
    children="$(awk -v parent="$pid" '$1 == "PPid:" && $2 == parent { split(FILENAME, part, "/"); print part[3] }' \
        /proc/[0-9]*/status 2>/dev/null || true)"
    # shellcheck disable=SC2086 # one pid per word
    kill -KILL "$pid" $children 2>/dev/null || true
    for _ in $(seq 100); do
        [[ -e /proc/$pid ]] || break
        sleep 0.05
    done
    say "crashed the server of $dir (pid $pid and its processes)"
}

promote() {
    as_server_user "$pg_ctl" -D "$data" -w -t 60 promote >&2 || die "could not promote the standby of $dir"
}

case "$command" in
    start) start "$3" ;;
    standby) standby "$3" "$4" ;;
    stop) stop ;;
    url) url ;;
    crash) crash ;;
    promote) promote ;;
esac
