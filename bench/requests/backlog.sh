#!/usr/bin/env bash
# A unit's backlog over HTTP (issue #11): layan_requests_backlog_bench fills a SQLite database with N open requests of
# the civil registry (and measures the engine's call), then `layan serve` runs on it and wrk reads one page (100 rows)
# of the unit's work list as its officer, signed in, for DURATION seconds; GET /healthz on the same server is the
# reference of the same run. Prints requests/s, p50, p95, p99 and the answers that were not 200.
#
# Usage: bash bench/requests/backlog.sh     (release build first: cmake --build --preset release
#                                            --target layan layan_requests_backlog_bench)
#        N=100000 DURATION=10 CONNECTIONS=4 bash bench/requests/backlog.sh
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/release}
N=${N:-100000}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=$((CONNECTIONS < 2 ? CONNECTIONS : 2))
LAYAN=$BUILD/src/layan/app/layan
BENCH=$BUILD/bench/requests/layan_requests_backlog_bench

die() {
    echo "backlog.sh: $*" >&2
    exit 1
}
command -v wrk > /dev/null || die "wrk is missing (apt-get install -y wrk)"
[[ -x $LAYAN && -x $BENCH ]] || die "build first: cmake --build --preset release --target layan layan_requests_backlog_bench"

WORK=$(mktemp -d /tmp/layan-backlog-XXXXXX)
PID=""
trap '[[ -n $PID ]] && kill "$PID" 2> /dev/null; wait 2> /dev/null; rm -rf "$WORK"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB; $N open requests; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
"$BENCH" "$N" 200 "$WORK" keep 2> /dev/null | sed 's/^/engine: /'
DB=$WORK/layan-backlog-bench/layan.db
"$LAYAN" seed-demo --database "sqlite://$DB" > "$WORK/seed.log" 2>&1 || die "seed-demo (the accounts) failed"
"$LAYAN" serve --database "sqlite://$DB" --address 127.0.0.1 --port 0 --log-level warn \
    --clock-start "2026-11-30T09:00:00+07:00" > "$WORK/serve.log" 2>&1 &
PID=$!
PORT=""
for _ in $(seq 600); do
    PORT=$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\).*|\1|p' "$WORK/serve.log" | head -1)
    [[ -n $PORT ]] && break
    sleep 0.1
done
[[ -n $PORT ]] || die "layan serve did not start: $(cat "$WORK/serve.log")"
BASE=http://127.0.0.1:$PORT

curl -sf -c "$WORK/cookies" -H 'Content-Type: application/json' \
    -d '{"username":"siti.rahmawati","password":"layan-demo"}' "$BASE/api/v1/session" > /dev/null || die "sign-in failed"
SESSION=$(awk '$6 == "layan_session" { print $7 }' "$WORK/cookies")
PAGE="$BASE/api/v1/tenants/kota-mojokerto/requests?unit=dispendukcapil&limit=100"
ROWS=$(curl -sf -H "Cookie: layan_session=$SESSION" "$PAGE" | grep -o '"code"' | wc -l)
echo "http:   one page has $ROWS rows"
curl -sf -H "Cookie: layan_session=$SESSION" "$PAGE" > /dev/null  # the first page reads every clock once

echo -n "http:   work list page  "
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/bench/requests/backlog.lua" -H "Cookie: layan_session=$SESSION" \
    "$PAGE" | sed -n 's/^RESULT //p'
echo -n "http:   /healthz (ref)  "
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/bench/requests/backlog.lua" "$BASE/healthz" | sed -n 's/^RESULT //p'
