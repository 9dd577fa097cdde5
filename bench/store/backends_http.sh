#!/usr/bin/env bash
# Durable writes over HTTP on each backend, side by side in one run (issue #14):
#   sqlite.1     one `layan serve` on a SQLite file
#   postgres.1   one `layan serve` on PostgreSQL 15
#   postgres.2   two `layan serve` on one PostgreSQL database, nginx round robin
#   postgres.2h  the same, nginx balancing by hall (docs/DEPLOYMENT.md): one hall's writes via one node
# always behind nginx (keep-alive to the nodes), as a city deploys them. For each, a
# fresh database per run:
#   tickets  wrk posting KTP tickets (bench/queue/issue_ticket.lua): requests/s, p50, p99, non-201s
#   cycle    layan_cycle_bench: issue → call-next → start → finish at 8 counters, cycles/s
# PostgreSQL is a throwaway cluster of scripts/pg-test-cluster.sh (fsync on, synchronous_commit on).
# The configurations are interleaved RUNS times, so that the machine's noise falls on all of them.
#
# Usage: bash bench/store/backends_http.sh         (release build of layan and layan_cycle_bench first)
#        RUNS=3 DURATION=10 CONNECTIONS=64 PG_PORT=54440 CONFIGS="postgres.2 postgres.2h" bash ...
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/release}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
CYCLE_WORKERS=${CYCLE_WORKERS:-8}
PG_PORT=${PG_PORT:-54440}
CLOCK_START="2026-11-30T08:00:00+07:00"  # a Monday morning: the demo hall is open
HALL=mpp-mojokerto
LAYAN=$BUILD/src/layan/app/layan
CYCLE=$BUILD/bench/queue/layan_cycle_bench

die() {
    echo "backends_http.sh: $*" >&2
    exit 1
}
for tool in wrk nginx curl; do
    command -v "$tool" > /dev/null || die "$tool is missing (apt-get install -y wrk nginx-light curl)"
done
[[ -x $LAYAN && -x $CYCLE ]] || die "build first: cmake --build --preset release --target layan layan_cycle_bench"

WORK=$(mktemp -d /tmp/layan-backends-XXXXXX)
chmod 755 "$WORK"
RESULTS=$WORK/results.txt
PIDS=()
NGINX_PID=""
ulimit -n 8192 2> /dev/null || true

stop_pid() {
    local pid=$1
    kill -TERM "$pid" 2> /dev/null || return 0
    for _ in $(seq 150); do
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
}
stop_all() {
    [[ -n $NGINX_PID ]] && stop_pid "$NGINX_PID"
    NGINX_PID=""
    for pid in "${PIDS[@]}"; do
        stop_pid "$pid"
    done
    PIDS=()
}
cleanup() {
    stop_all
    bash "$ROOT/scripts/pg-test-cluster.sh" stop "$WORK/pg" > /dev/null 2>&1
    rm -f "$WORK"/*.db "$WORK"/*.db-* "$WORK"/*.db.*
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "starting PostgreSQL on 127.0.0.1:$PG_PORT"
PG_URL=$(bash "$ROOT/scripts/pg-test-cluster.sh" start "$WORK/pg" "$PG_PORT" 2> "$WORK/pg-start.log") ||
    die "PostgreSQL did not start: $(cat "$WORK/pg-start.log")"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/vault.key"
chmod 600 "$WORK/vault.key"

EXTRA_FLAGS=(--public-rate-burst 0 --login-rate-burst 1000 --personal-data-key-file "$WORK/vault.key")

fresh_database() {  # config run → URL of an empty, seeded database
    local config=$1 run=$2 url
    case $config in
        sqlite.*) url="sqlite://$WORK/$config-$run.db" ;;
        *)
            local name="bench_${config//./_}_$2_$RANDOM"
            psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U layan -d layan -c "CREATE DATABASE $name" > /dev/null ||
                die "could not create database $name"
            url="${PG_URL%/layan}/$name"
            ;;
    esac
    "$LAYAN" seed-demo --database "$url" "${EXTRA_FLAGS[@]}" > "$WORK/seed.log" 2>&1 ||
        die "seed-demo failed: $(cat "$WORK/seed.log")"
    echo "$url"
}

start_node() {  # url log → prints the port
    local url=$1 log=$2 port=""
    "$LAYAN" serve --database "$url" --address 127.0.0.1 --port 0 --log-level warn \
        --clock-start "$CLOCK_START" "${EXTRA_FLAGS[@]}" > "$log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 300); do
        port=$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log" | head -1)
        [[ -n $port ]] && break
        sleep 0.1
    done
    [[ -n $port ]] || die "layan serve did not start: $(cat "$log")"
    NODE_PORT=$port
}

start_nginx() {  # balance ports... → NGINX_PORT; balance: "" (round robin) or a line such as "hash ...;"
    local dir=$WORK/nginx upstreams="" balance=$1
    shift
    rm -rf "$dir" && mkdir -p "$dir"
    for port in "$@"; do
        upstreams+="        server 127.0.0.1:$port;"$'\n'
    done
    NGINX_PORT=$((PG_PORT + 1))
    cat > "$dir/nginx.conf" << EOF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    map \$uri \$layan_hall {
        ~^/api/v1/halls/(?<hall>[^/]+) \$hall;
        default "";
    }
    upstream layan {
        $balance
$upstreams        keepalive 128;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://layan;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
        }
    }
}
EOF
    nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' > "$dir/stdout.log" 2>&1 &
    NGINX_PID=$!
    for _ in $(seq 100); do
        curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/healthz" && return 0
        sleep 0.1
    done
    die "nginx did not answer: $(cat "$dir/error.log")"
}

start_config() {  # config run
    local config=$1 run=$2 nodes=${1##*.} url ports=() balance=""
    if [[ $nodes == *h ]]; then
        nodes=${nodes%h}
        balance='hash $layan_hall consistent;'
    fi
    url=$(fresh_database "$config" "$run")
    for n in $(seq "$nodes"); do
        start_node "$url" "$WORK/$config-$run-$n-$STEP.log"
        ports+=("$NODE_PORT")
    done
    start_nginx "$balance" "${ports[@]}"
}

to_ms() {
    awk '{ v = $1; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
           if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
           printf "%.1f\n", v }'
}

{
    echo "date: $(date -Is)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD) (+ $(git -C "$ROOT" status --porcelain | wc -l) uncommitted files)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') x $(nproc)"
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s; layan_cycle_bench --workers $CYCLE_WORKERS --seconds $DURATION"
} | tee "$WORK/machine.txt"
: > "$RESULTS"

for run in $(seq "$RUNS"); do
    for config in ${CONFIGS:-sqlite.1 postgres.1 postgres.2 postgres.2h}; do
        STEP=tickets
        start_config "$config" "$run"
        out=$(HALL=$HALL timeout $((DURATION + 60)) wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
            -s "$ROOT/bench/queue/issue_ticket.lua" "http://127.0.0.1:$NGINX_PORT" 2>&1)
        echo "$out" > "$WORK/$config.$run.tickets.txt"
        rps=$(awk '/^Requests\/sec:/ { print $2 }' <<< "$out")
        p50=$(awk '$1 == "50%" { print $2 }' <<< "$out" | to_ms)
        p99=$(awk '$1 == "99%" { print $2 }' <<< "$out" | to_ms)
        not_201=$(sed -n 's/^RESULT .*not_201=\([0-9]*\).*/\1/p' <<< "$out")
        echo "$config tickets run=$run rps=${rps:-0} p50_ms=${p50:-0} p99_ms=${p99:-0} not_201=${not_201:-?}" |
            tee -a "$RESULTS"
        stop_all

        STEP=cycle
        start_config "$config" "$run"
        out=$(timeout $((DURATION + 60)) "$CYCLE" --port "$NGINX_PORT" --workers "$CYCLE_WORKERS" \
            --seconds "$DURATION" --demo "$ROOT/data/demo/mojokerto.json" --hall "$HALL" 2>&1)
        echo "$out" > "$WORK/$config.$run.cycle.txt"
        echo "$config cycle run=$run $(sed -n 's/^RESULT //p' <<< "$out")" | tee -a "$RESULTS"
        stop_all
    done
done
echo "results: $RESULTS (wrk and cycle outputs beside it)"
