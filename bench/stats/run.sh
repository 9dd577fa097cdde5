#!/usr/bin/env bash
# Measures the performance figures (issue #13) on a year of a city, on 127.0.0.1 only (bench/README.md,
# "The performance figures"):
#   0. layan_city_history writes the year into a SQLite database (about 500,000 tickets, 50,000 survey answers);
#      once per invocation, or DB=/path/city.db reuses one it wrote before;
#   1. rebuilding the views: hyperfine of `layan views rebuild` over the whole year (RUNS runs), then `layan serve`'s
#      own line "performance figures: folded the log up to event N in M ms" and the time until it answers
#      "behind": false;
#   2. every dashboard endpoint under wrk (DURATION s, CONNECTIONS connections, --latency), RUNS rounds, with nginx
#      serving a static file of the same size as the year's answer as the reference in the same rounds;
#   3. layan_figures_bench (Google Benchmark): the same figures' pure work, without store, engine or HTTP.
# Builds the release preset first unless SKIP_BUILD=1 (waiting until no other ninja runs). Needs wrk, nginx,
# hyperfine, curl and python3 (apt-get install -y wrk nginx-light hyperfine curl python3).
#
# Usage: bash bench/stats/run.sh                           (about 13 minutes after the build)
#        RUNS=3 DURATION=10 SKIP_BUILD=1 DB=/tmp/city.db bash bench/stats/run.sh
# The wrk outputs, logs and results stay in the folder printed at the end; a generated database is removed at
# the end unless KEEP_DB=1 (a DB= database is never removed).

set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/release}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-4}
PORT=${PORT:-18090}
NGINX_PORT=${NGINX_PORT:-18091}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_DB=${KEEP_DB:-0}
DB=${DB:-}
TENANT=kota-mojokerto
HALL=mpp-mojokerto
FROM=2025-12-01
TO=2026-11-30
# The last generated day is cut at 11:00 (layan_city_history --last-day-until), so "today" is a hall mid-morning.
CLOCK_START="2026-11-30T11:00:00+07:00"

LAYAN=$BUILD/src/layan/app/layan
GENERATOR=$BUILD/bench/stats/layan_city_history
FIGURES=$BUILD/bench/stats/layan_figures_bench

die() {
    echo "bench/stats/run.sh: $*" >&2
    exit 1
}

for tool in wrk nginx hyperfine curl python3 cmake; do
    command -v "$tool" > /dev/null || die "$tool is missing (apt-get install -y wrk nginx-light hyperfine curl python3 cmake)"
done

if [[ $SKIP_BUILD != 1 ]]; then
    while pgrep -x ninja > /dev/null; do  # another build is running: builds must not overlap on 2 cores
        echo "waiting for another ninja to finish..."
        sleep 20
    done
    if [[ ! -f $BUILD/CMakeCache.txt ]]; then
        (cd "$ROOT" && cmake --preset release) || die "cmake --preset release failed"
    fi
    cmake --build "$BUILD" --target layan layan_city_history layan_figures_bench -j2 || die "the release build failed"
fi
for binary in "$LAYAN" "$GENERATOR" "$FIGURES"; do
    [[ -x $binary ]] || die "$binary is not built"
done

WORK=$(mktemp -d /tmp/layan-stats-XXXXXX)
chmod 755 "$WORK"  # nginx's workers read the static file as another user
RESULTS=$WORK/results.txt
LAYAN_PID=""
NGINX_PID=""
GENERATED_DB=""

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
    if [[ -n $GENERATED_DB && $KEEP_DB != 1 ]]; then
        rm -f "$GENERATED_DB" "$GENERATED_DB"-* "$GENERATED_DB".*
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load() { cut -d' ' -f1 /proc/loadavg; }
record() { echo "$* load=$(load)" >> "$RESULTS"; }

{
    echo "date: $(date -Is)"
    echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null) (+ uncommitted changes: $(git -C "$ROOT" status --porcelain 2> /dev/null | wc -l) files)"
    echo "nproc: $(nproc)"
    lscpu | head -16
    echo "memory: $(free -g | awk '/^Mem:/ { print $2 " GiB total, " $7 " GiB available" }')"
    echo "kernel: $(uname -r)"
    echo "tools: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $(nginx -v 2>&1), $(hyperfine --version)"
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$WORK/machine.txt"
cat "$WORK/machine.txt"
: > "$RESULTS"

echo "== 0. the city's year"
if [[ -n $DB ]]; then
    [[ -f $DB ]] || die "DB=$DB does not exist"
    echo "  reusing $DB"
else
    DB=$WORK/city.db
    GENERATED_DB=$DB
    "$GENERATOR" "$DB" --last-day-until 11:00 | tee "$WORK/generate.txt" || die "layan_city_history failed"
    sed -n 's/^RESULT /generate /p' "$WORK/generate.txt" >> "$RESULTS"
fi
echo "  database: $(du -m "$DB" | cut -f1) MB"
record "database mb=$(du -m "$DB" | cut -f1)"

echo "== 1. rebuilding the views over the year"
REBUILD=("$LAYAN" views rebuild --database "sqlite://$DB" --log-level warn --tenant "$TENANT" --from "$FROM" --to "$TO")
"${REBUILD[@]}" > "$WORK/rebuild.txt" 2>&1 || die "views rebuild failed: $(cat "$WORK/rebuild.txt")"
cat "$WORK/rebuild.txt" | sed 's/^/  /'
hyperfine --runs "$RUNS" --export-json "$WORK/rebuild.json" "${REBUILD[*]}" | tee "$WORK/hyperfine.txt"
python3 - "$WORK/rebuild.json" >> "$RESULTS" << 'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f'rebuild.hyperfine runs={len(r["times"])} mean_s={r["mean"]:.2f} stddev_s={r["stddev"] or 0:.2f} min_s={r["min"]:.2f} '
      f'max_s={r["max"]:.2f} median_s={r["median"]:.2f} user_s={r["user"]:.2f} system_s={r["system"]:.2f}')
PY

URL=http://127.0.0.1:$PORT
start_layan() {  # name level: starts layan serve on PORT, waits until it listens
    local name=$1 level=$2
    local log=$WORK/$name.serve.log
    "$LAYAN" serve --database "sqlite://$DB" --address 127.0.0.1 --port "$PORT" --log-level "$level" \
        --clock-start "$CLOCK_START" > "$log" 2>&1 &
    LAYAN_PID=$!
    for _ in $(seq 600); do
        grep -q "serving on" "$log" && return 0
        kill -0 "$LAYAN_PID" 2> /dev/null || die "layan serve exited: $(cat "$log")"
        sleep 0.1
    done
    die "layan serve did not start in 60 s: $(cat "$log")"
}
wait_current() {  # until the figures have caught up with the log; prints the seconds waited
    local started=$1
    for _ in $(seq 3000); do
        if curl -sf "$URL/api/v1/tenants/$TENANT/performance?from=$TO&to=$TO" | grep -q '"behind":false'; then
            python3 -c "import time; print(f'{time.time() - $started:.2f}')"
            return 0
        fi
        sleep 0.1
    done
    die "the figures did not catch up in 5 minutes"
}

started=$(date +%s.%N)
start_layan catchup info
ready_s=$(wait_current "$started")
line=$(grep -m1 "performance figures: folded the log" "$WORK/catchup.serve.log")
echo "  layan serve: $line; answering \"behind\":false ${ready_s} s after the start"
position=$(sed -n 's/.*up to event \([0-9]*\) in \([0-9]*\) ms.*/\1/p' <<< "$line")
fold_ms=$(sed -n 's/.*up to event \([0-9]*\) in \([0-9]*\) ms.*/\2/p' <<< "$line")
record "rebuild.serve position=${position:-0} fold_ms=${fold_ms:-0} ready_s=$ready_s rss_kb=$(awk '/VmRSS/ { print $2 }' /proc/$LAYAN_PID/status)"
stop_pid "$LAYAN_PID"
LAYAN_PID=""

echo "== 2. the dashboard under wrk (-t2 -c$CONNECTIONS, then -t1 -c1; -d${DURATION}s --latency), $RUNS rounds"
start_layan serve warn
started=$(date +%s.%N)
echo "  caught up after $(wait_current "$started") s"
record "serve.rss_kb_after_catchup value=$(awk '/VmRSS/ { print $2 }' /proc/$LAYAN_PID/status)"

# Sign in as the demo supervisor (cookie + CSRF token, as the pages do) for the two signed-in reports.
session=$(curl -sf -c "$WORK/cookies.txt" -H 'Content-Type: application/json' \
    -d '{"username":"supervisor","password":"layan-demo"}' "$URL/api/v1/session") || die "sign-in failed"
csrf=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["csrf_token"])' "$session")
cookie=$(awk '$6 == "layan_session" { print "layan_session=" $7 }' "$WORK/cookies.txt")
[[ -n $cookie ]] || die "sign-in set no layan_session cookie"
AUTH=(-H "Cookie: $cookie" -H "X-CSRF-Token: $csrf")

T=/api/v1/tenants/$TENANT
MONTH="from=2026-06-01&to=2026-06-30"
YEAR="from=$FROM&to=$TO"
# label|path|signed in
ENDPOINTS=(
    "performance.today|$T/performance|"
    "performance.day|$T/performance?from=2026-06-15&to=2026-06-15|"
    "performance.month|$T/performance?$MONTH|"
    "performance.year|$T/performance?$YEAR|"
    "performance.year_one_hall|$T/performance?$YEAR&hall=$HALL|"
    "performance.live|$T/performance/live|"
    "services.csv.month|$T/performance/services.csv?$MONTH|"
    "services.xlsx.month|$T/performance/services.xlsx?$MONTH|"
    "skm.year|$T/skm?$YEAR|signed"
    "officers.year|$T/officers/performance?$YEAR|signed"
)

# Each answer once: status, size, and the time of a single request (no other load).
for entry in "${ENDPOINTS[@]}"; do
    IFS='|' read -r label path signed <<< "$entry"
    args=()
    [[ -n $signed ]] && args=("${AUTH[@]}")
    out=$(curl -s -o "$WORK/$label.body" -w '%{http_code} %{size_download} %{time_total}' "${args[@]}" "$URL$path")
    read -r code size seconds <<< "$out"
    [[ $code == 200 ]] || die "$label answered $code: $(head -c 300 "$WORK/$label.body")"
    echo "  $label: $code, $size bytes, one request alone $(python3 -c "print(f'{$seconds * 1000:.1f}')") ms"
    record "single.$label bytes=$size ms=$(python3 -c "print(f'{$seconds * 1000:.1f}')")"
done
python3 - "$WORK/performance.year.body" << 'PY'
import json, sys
body = json.load(open(sys.argv[1]))
t = body["totals"]
ikm = t["ikm"] or {}
print(f'  the year: {t["tickets"]} tickets, {t["served"]} served, {t["cancelled"]} cancelled, mean wait '
      f'{t["mean_wait_s"]} s, p90 {t["p90_wait_s"]} s, {t["respondents"]} respondents, IKM {ikm.get("converted")} '
      f'({ikm.get("grade")}); view {body["view"]}')
PY

start_nginx() {  # serves $WORK/nginx/www on NGINX_PORT, as bench/run.sh does
    local dir=$WORK/nginx
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
mkdir -p "$WORK/nginx/www"
chmod 755 "$WORK/nginx" "$WORK/nginx/www"
cp "$WORK/performance.year.body" "$WORK/nginx/www/year.json"  # the very bytes of the year's answer
chmod 644 "$WORK/nginx/www/year.json"
start_nginx

# wrk's "50%   1.23ms" → milliseconds.
to_ms() {
    awk '{ v = $1; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
           if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
           printf "%.3f\n", v }'
}
wrk_run() {  # label connections url [wrk args...]: records req/s, p50, p90, p95, p99, errors
    local label=$1 connections=$2 url=$3
    shift 3
    local threads=$((connections < 2 ? 1 : 2))
    local out
    out=$(timeout $((DURATION + 60)) wrk -t"$threads" -c"$connections" -d"${DURATION}s" --timeout 10s --latency \
        -s "$ROOT/bench/stats/percentiles.lua" "$@" "$url" 2>&1)
    echo "$out" > "$WORK/$label.$run.wrk.txt"
    local rps p50 p90 p99 extra
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<< "$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<< "$out" | to_ms)
    p90=$(awk '$1 == "90%" { print $2 }' <<< "$out" | to_ms)
    p99=$(awk '$1 == "99%" { print $2 }' <<< "$out" | to_ms)
    extra=$(sed -n 's/^RESULT //p' <<< "$out")
    record "$label run=$run rps=${rps:-0} p50_ms=${p50:-0} p90_ms=${p90:-0} p99_ms=${p99:-0} ${extra:-errors=-1}"
    echo "  $label: ${rps:-?} req/s, p50 ${p50:-?} ms, p90 ${p90:-?} ms, p99 ${p99:-?} ms; $extra"
}

# Each round: nginx's reference, then every endpoint with CONNECTIONS connections (the dashboard's load), then
# every endpoint with one connection (one user at a time: the cost of an answer without queueing).
for run in $(seq "$RUNS"); do
    echo "-- round $run (load $(load))"
    wrk_run nginx.year_file "$CONNECTIONS" "http://127.0.0.1:$NGINX_PORT/year.json"
    for connections in "$CONNECTIONS" 1; do
        suffix=""
        [[ $connections == 1 ]] && suffix=".alone"
        for entry in "${ENDPOINTS[@]}"; do
            IFS='|' read -r label path signed <<< "$entry"
            if [[ -n $signed ]]; then
                wrk_run "$label$suffix" "$connections" "$URL$path" "${AUTH[@]}"
            else
                wrk_run "$label$suffix" "$connections" "$URL$path"
            fi
        done
    done
done
record "serve.rss_kb_at_end value=$(awk '/VmRSS/ { print $2 }' /proc/$LAYAN_PID/status)"
stop_pid "$LAYAN_PID"
LAYAN_PID=""
stop_pid "$NGINX_PID"
NGINX_PID=""

echo "== 3. layan_figures_bench ($RUNS repetitions, medians of CPU time)"
"$FIGURES" --benchmark_repetitions="$RUNS" --benchmark_report_aggregates_only=true \
    --benchmark_out="$WORK/figures.json" --benchmark_out_format=json > "$WORK/figures.txt" 2>&1 \
    || echo "  layan_figures_bench failed: $(tail -5 "$WORK/figures.txt")"
python3 - "$WORK/figures.json" << 'PY'
import json, sys
try:
    benchmarks = json.load(open(sys.argv[1]))["benchmarks"]
except (OSError, ValueError):
    sys.exit(0)
for b in [b for b in benchmarks if b["name"].endswith("_median")] or benchmarks:
    extra = f'  {b["items_per_second"] / 1e6:.2f} M items/s' if "items_per_second" in b else ""
    print(f'  {b["name"]:<40} CPU {b["cpu_time"]:9.2f} {b["time_unit"]}  wall {b["real_time"]:9.2f} {b["time_unit"]}{extra}')
PY
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$WORK/machine.txt"

echo
echo "== Summary: median [min – max] over $RUNS rounds (p95 from bench/stats/percentiles.lua)"
python3 - "$RESULTS" << 'PY'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, *pairs = line.split()
    if " run=" in line and "rps=" in line:
        rows[label].append(dict(p.split("=", 1) for p in pairs))
def fmt(values, places=1):
    values = sorted(float(v) for v in values)
    return f"{statistics.median(values):,.{places}f} [{values[0]:,.{places}f} – {values[-1]:,.{places}f}]"
print(f'{"endpoint":<32} {"req/s":<24} {"p50 ms":<22} {"p90 ms":<22} {"p95 ms":<24} {"p99 ms":<24} p95 < 100 ms in every round?')
for label, runs in rows.items():
    p95 = [float(r.get("p95_ms", "nan")) for r in runs]
    bad = sum(max(0, int(r.get("errors", "0"))) for r in runs)
    met = "reference" if label.startswith("nginx") else ("yes" if max(p95) < 100 else "NO")
    print(f'{label:<32} {fmt([r["rps"] for r in runs], 0):<24} {fmt([r["p50_ms"] for r in runs], 2):<22} '
          f'{fmt([r["p90_ms"] for r in runs], 2):<22} {fmt(p95, 2):<24} {fmt([r["p99_ms"] for r in runs], 2):<24} '
          f'{met}{"  (" + str(bad) + " errors/non-2xx)" if bad else ""}')
PY
grep -E "^(generate|database|rebuild)" "$RESULTS"
echo
echo "results, wrk outputs and server logs: $WORK"
