#!/usr/bin/env bash
# Measures everything in bench/README.md, end to end, on 127.0.0.1 only:
#   1. GET /healthz of `layan serve` under wrk, with nginx serving a file of the same size as the ceiling;
#   1b. GET a hall's queue snapshot (50 waiting) against nginx serving the very same bytes;
#   2. durable ticket appends through HTTP (wrk + bench/queue/issue_ticket.lua), and the same with durable = false;
#   3. issue → call-next → start → finish cycles (layan_cycle_bench);
#   4. Server-Sent Events fan-out to 1,000 streams (layan_sse_fanout);
#   5. the Google Benchmark routing numbers and the store's group-commit append rate.
# Each HTTP measurement runs RUNS times, interleaved with its reference; the summary gives the median and the
# range. Builds the release preset first unless SKIP_BUILD=1. Needs wrk, nginx, curl and python3 (summary).
#
# Usage: bash bench/run.sh                      (about 5 minutes after the build)
#        RUNS=5 DURATION=10 SKIP_BUILD=1 bash bench/run.sh
# Results and server logs stay in the folder printed at the end (databases are removed).

set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build/release}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
SSE_CONNECTIONS=${SSE_CONNECTIONS:-1000}
SSE_EVENTS=${SSE_EVENTS:-30}
CYCLE_WORKERS=${CYCLE_WORKERS:-8}
NGINX_PORT=${NGINX_PORT:-18081}
SKIP_BUILD=${SKIP_BUILD:-0}
CLOCK_START="2026-11-30T08:00:00+07:00"  # a Monday morning: the demo hall is open
HALL=mpp-mojokerto

LAYAN=$BUILD/src/layan/app/layan
TARGETS=(layan layan_routing_bench layan_store_append_bench layan_cycle_bench layan_sse_fanout)

die() {
    echo "bench/run.sh: $*" >&2
    exit 1
}

for tool in wrk nginx python3 cmake curl; do
    command -v "$tool" > /dev/null || die "$tool is missing (apt-get install -y wrk nginx-light python3 cmake curl)"
done

if [[ $SKIP_BUILD != 1 ]]; then
    if [[ ! -f $BUILD/CMakeCache.txt ]]; then
        (cd "$ROOT" && cmake --preset release) || die "cmake --preset release failed"
    fi
    cmake --build "$BUILD" --target "${TARGETS[@]}" -j2 || die "the release build failed"
fi
[[ -x $LAYAN ]] || die "$LAYAN is not built"

WORK=$(mktemp -d /tmp/layan-bench-XXXXXX)
chmod 755 "$WORK"  # nginx's workers read the static file as another user
RESULTS=$WORK/results.txt
LAYAN_PID=""
NGINX_PID=""
ulimit -n 8192 2> /dev/null || ulimit -n "$(ulimit -Hn)"

stop_pid() {  # pid: SIGTERM, then wait at most 15 s, then SIGKILL
    local pid=$1
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2> /dev/null || return 0
    for _ in $(seq 150); do
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
}

cleanup() {
    stop_pid "$LAYAN_PID"
    stop_pid "$NGINX_PID"
    rm -f "$WORK"/*.db "$WORK"/*.db-* "$WORK"/*.db.*  # the databases and their lock and key files
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load() { cut -d' ' -f1 /proc/loadavg; }

record() {  # label key=value...
    echo "$* load=$(load)" >> "$RESULTS"
}

seed() {  # name: a fresh demo database, its path in DB
    DB=$WORK/$1.db
    rm -f "$DB" "$DB"-* "$DB".lock
    "$LAYAN" seed-demo --database "sqlite://$DB" > "$WORK/$1.seed.log" 2>&1 || die "seed-demo failed: $(cat "$WORK/$1.seed.log")"
}

# Settings the benchmark needs when this build has them: no per-address limit on anonymous tickets (every wrk
# connection comes from 127.0.0.1, so the limit would answer 429), and room for the officers' sign-ins.
EXTRA_FLAGS=()
SETTINGS=$("$LAYAN" config check 2>&1)
if grep -q "^public_rate_burst" <<< "$SETTINGS"; then
    EXTRA_FLAGS+=(--public-rate-burst 0)
fi
if grep -q "^login_rate_burst" <<< "$SETTINGS"; then
    EXTRA_FLAGS+=(--login-rate-burst 1000)
fi

start_layan() {  # name db [flags...]; sets LAYAN_PID and LAYAN_PORT
    local name=$1 db=$2
    shift 2
    local log=$WORK/$name.serve.log
    "$LAYAN" serve --database "sqlite://$db" --address 127.0.0.1 --port 0 --log-level warn \
        --clock-start "$CLOCK_START" "${EXTRA_FLAGS[@]}" "$@" > "$log" 2>&1 &
    LAYAN_PID=$!
    LAYAN_PORT=""
    for _ in $(seq 300); do
        LAYAN_PORT=$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log" | head -1)
        [[ -n $LAYAN_PORT ]] && return 0
        kill -0 "$LAYAN_PID" 2> /dev/null || die "layan serve exited: $(cat "$log")"
        sleep 0.1
    done
    die "layan serve did not start in 30 s: $(cat "$log")"
}

stop_layan() {
    stop_pid "$LAYAN_PID"
    LAYAN_PID=""
}

start_nginx() {
    local dir=$WORK/nginx
    mkdir -p "$dir/www"
    chmod 755 "$dir" "$dir/www"
    printf '{"status":"ok"}' > "$dir/www/healthz"  # the same 15 bytes as layan's /healthz
    chmod 644 "$dir/www/healthz"
    cat > "$dir/nginx.conf" << EOF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $dir/www;
        default_type application/json;
    }
}
EOF
    nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' > "$dir/stdout.log" 2>&1 &
    NGINX_PID=$!
    for _ in $(seq 100); do
        (exec 3<> "/dev/tcp/127.0.0.1/$NGINX_PORT") 2> /dev/null && return 0
        kill -0 "$NGINX_PID" 2> /dev/null || die "nginx exited: $(cat "$dir/error.log" "$dir/stdout.log")"
        sleep 0.1
    done
    die "nginx did not answer on port $NGINX_PORT"
}

# wrk's "50%   1.23ms" → milliseconds.
to_ms() {
    awk '{ v = $1; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
           if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
           printf "%.3f\n", v }'
}

wrk_run() {  # label url [wrk args...]: records rps, p50, p99
    local label=$1 url=$2
    shift 2
    local out
    out=$(timeout $((DURATION + 60)) wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url" 2>&1)
    echo "$out" > "$WORK/$label.$run.wrk.txt"
    local rps p50 p99 extra
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<< "$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<< "$out" | to_ms)
    p99=$(awk '$1 == "99%" { print $2 }' <<< "$out" | to_ms)
    extra=$(sed -n 's/^RESULT //p' <<< "$out")
    record "$label run=$run rps=${rps:-0} p50_ms=${p50:-0} p99_ms=${p99:-0} $extra"
    echo "  $label: ${rps:-?} req/s, p50 ${p50:-?} ms, p99 ${p99:-?} ms $extra"
}

{
    echo "date: $(date -Is)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null) (+ uncommitted changes: $(git -C "$ROOT" status --porcelain 2> /dev/null | wc -l) files)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') x $(nproc)"
    echo "memory: $(free -g | awk '/^Mem:/ { print $2 " GiB total, " $7 " GiB available" }')"
    echo "kernel: $(uname -r)"
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "layan serve flags: --log-level warn --clock-start $CLOCK_START ${EXTRA_FLAGS[*]}"
} > "$WORK/machine.txt"
cat "$WORK/machine.txt"
: > "$RESULTS"

echo "== 1. GET /healthz: layan vs nginx (wrk -t2 -c$CONNECTIONS -d${DURATION}s), $RUNS runs"
start_nginx
seed healthz
start_layan healthz "$DB"
for run in $(seq "$RUNS"); do
    wrk_run healthz.nginx "http://127.0.0.1:$NGINX_PORT/healthz"
    wrk_run healthz.layan "http://127.0.0.1:$LAYAN_PORT/healthz"
done
stop_layan

echo "== 1b. GET the hall's queue snapshot with 50 citizens waiting: layan vs nginx serving the same bytes"
seed queue
start_layan queue "$DB"
for i in $(seq 50); do
    curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"service":"KTP"}' \
        "http://127.0.0.1:$LAYAN_PORT/api/v1/halls/$HALL/tickets" || die "could not issue ticket $i"
done
curl -sf -o "$WORK/nginx/www/queue" "http://127.0.0.1:$LAYAN_PORT/api/v1/halls/$HALL/queue" \
    || die "could not read the queue snapshot"
chmod 644 "$WORK/nginx/www/queue"
echo "  snapshot: $(wc -c < "$WORK/nginx/www/queue") bytes"
for run in $(seq "$RUNS"); do
    wrk_run queue.nginx "http://127.0.0.1:$NGINX_PORT/queue"
    wrk_run queue.layan "http://127.0.0.1:$LAYAN_PORT/api/v1/halls/$HALL/queue"
done
stop_layan

echo "== 2. POST tickets (durable, then durable = false), a fresh database each run"
for run in $(seq "$RUNS"); do
    for durable in true false; do
        seed "tickets-$durable-$run"
        start_layan "tickets-$durable-$run" "$DB" --durable "$durable"
        label=tickets.durable
        [[ $durable == false ]] && label=tickets.not_durable
        HALL=$HALL wrk_run "$label" "http://127.0.0.1:$LAYAN_PORT" -s "$ROOT/bench/queue/issue_ticket.lua"
        stop_layan
    done
done

echo "== 2b. tickets/s as the waiting line grows: one durable server, 5 x 2 s back to back"
seed growth
start_layan growth "$DB"
waiting=0
for step in 1 2 3 4 5; do
    out=$(timeout 60 wrk -t2 -c"$CONNECTIONS" -d2s --latency -s "$ROOT/bench/queue/issue_ticket.lua" \
        "http://127.0.0.1:$LAYAN_PORT" 2>&1)
    echo "$out" > "$WORK/growth.$step.wrk.txt"
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<< "$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<< "$out" | to_ms)
    responses=$(sed -n 's/^RESULT responses=\([0-9]*\).*/\1/p' <<< "$out")
    not_201=$(sed -n 's/^RESULT .*not_201=\([0-9]*\).*/\1/p' <<< "$out")
    record "tickets.growth.$step run=1 waiting_before=$waiting rps=${rps:-0} p99_ms=${p99:-0} not_201=${not_201:-0}"
    echo "  $waiting KTP tickets waiting: ${rps:-?} req/s, p99 ${p99:-?} ms"
    waiting=$((waiting + ${responses:-0}))
done
stop_layan

echo "== 3. issue → call-next → start → finish ($CYCLE_WORKERS counters)"
for run in $(seq "$RUNS"); do
    seed "cycle-$run"
    start_layan "cycle-$run" "$DB"
    out=$(timeout $((DURATION + 60)) "$BUILD/bench/queue/layan_cycle_bench" --port "$LAYAN_PORT" \
        --workers "$CYCLE_WORKERS" --seconds "$DURATION" --demo "$ROOT/data/demo/mojokerto.json" --hall "$HALL" 2>&1)
    echo "$out" > "$WORK/cycle.$run.txt"
    result=$(sed -n 's/^RESULT //p' <<< "$out")
    if [[ -n $result ]]; then
        record "cycle run=$run $result"
        echo "  cycle: $result"
    else
        echo "  cycle: failed: $out" | head -5
    fi
    stop_layan
done

echo "== 4. SSE fan-out to $SSE_CONNECTIONS streams, $SSE_EVENTS events"
for run in $(seq "$RUNS"); do
    seed "sse-$run"
    start_layan "sse-$run" "$DB"
    out=$(timeout 180 "$BUILD/bench/queue/layan_sse_fanout" --port "$LAYAN_PORT" --pid "$LAYAN_PID" \
        --connections "$SSE_CONNECTIONS" --events "$SSE_EVENTS" --hall "$HALL" 2>&1)
    echo "$out" > "$WORK/sse.$run.txt"
    result=$(sed -n 's/^RESULT //p' <<< "$out")
    if [[ -n $result ]]; then
        record "sse run=$run $result"
        echo "  sse: $result"
    else
        echo "  sse: failed: $out" | head -5
    fi
    stop_layan
done

echo "== 5. Google Benchmark: routing on a busy hall ($RUNS repetitions)"
timeout 300 "$BUILD/bench/domain/layan_routing_bench" --benchmark_repetitions="$RUNS" \
    --benchmark_display_aggregates_only=true --benchmark_out="$WORK/routing.json" \
    --benchmark_out_format=json 2>&1 | tee "$WORK/routing.txt" | grep -E "median|^Run|^---|^Benchmark"
echo "== 5b. store group commit (layan_store_append_bench, 1 s per case, $RUNS runs)"
for run in $(seq "$RUNS"); do
    out=$(timeout 120 "$BUILD/bench/store/layan_store_append_bench" 1 "$WORK" 2>&1)
    echo "$out" > "$WORK/store.$run.txt"
    awk -v run="$run" -v load="$(load)" '$1 == "FULL" || $1 == "NORMAL" {
        printf "store.%s.%s run=%s appends_per_s=%s mean_ms=%s failures=%s load=%s\n", $1, $2, run, $3, $4, $5, load }' \
        <<< "$out" >> "$RESULTS"
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/machine.txt"

echo
echo "== Summary (median [min – max] over $RUNS runs)"
python3 "$ROOT/bench/summarize.py" "$WORK"
echo
echo "results, wrk outputs and server logs: $WORK"
