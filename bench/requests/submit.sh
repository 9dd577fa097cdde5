#!/usr/bin/env bash
# Service requests submitted online over HTTP (issue #11), durable, on a fresh SQLite demo database per run:
#   small   a KK request with its two required documents as ~100-byte PDFs (bench/requests/submit.lua; every demo
#           service asks for a document, so this is the nearest to "without uploads")
#   1mb     the same with two 1 MiB documents
#   none    the same without documents, under a KK standard version published first (by the admin, over the API)
#           whose two documents are optional: the issue's "without uploads"
#   tickets durable KTP tickets (bench/queue/issue_ticket.lua): the reference of the same run, as bench/run.sh
# Each: requests/s, p50, p99 and the responses that were not 201. The configurations are interleaved RUNS times so
# that the machine's noise falls on all of them.
#
# Usage: bash bench/requests/submit.sh     (release build of layan first: cmake --build --preset release --target layan)
#        RUNS=3 DURATION=10 CONNECTIONS=16 bash bench/requests/submit.sh
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/release}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
CLOCK_START="2026-11-30T08:00:00+07:00"  # a Monday morning: the demo hall is open
LAYAN=$BUILD/src/layan/app/layan

die() {
    echo "submit.sh: $*" >&2
    exit 1
}
command -v wrk > /dev/null || die "wrk is missing (apt-get install -y wrk)"
[[ -x $LAYAN ]] || die "build first: cmake --build --preset release --target layan"

WORK=$(mktemp -d /tmp/layan-requests-XXXXXX)
PID=""
trap '[[ -n $PID ]] && kill "$PID" 2> /dev/null; wait 2> /dev/null' EXIT

start() {  # name: a fresh demo database and `layan serve` on it; sets PID and PORT
    local db=$WORK/$1.db log=$WORK/$1.serve.log
    "$LAYAN" seed-demo --database "sqlite://$db" > "$WORK/$1.seed.log" 2>&1 || die "seed-demo failed"
    "$LAYAN" serve --database "sqlite://$db" --address 127.0.0.1 --port 0 --log-level warn --durable true \
        --clock-start "$CLOCK_START" --public-rate-burst 0 > "$log" 2>&1 &
    PID=$!
    PORT=""
    for _ in $(seq 300); do
        PORT=$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log" | head -1)
        [[ -n $PORT ]] && return 0
        sleep 0.1
    done
    die "layan serve did not start: $(cat "$log")"
}

stop() {
    kill "$PID" 2> /dev/null
    wait "$PID" 2> /dev/null
    PID=""
}

optional_documents() {  # url: the admin publishes a KK standard version whose documents are all optional
    local session csrf
    session=$(curl -sf -c "$WORK/cookies" -H 'Content-Type: application/json' \
        -d '{"username":"admin","password":"layan-demo"}' "$1/api/v1/session") || die "admin sign-in failed"
    csrf=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0)).csrf_token)' <<< "$session")
    curl -sf -b "$WORK/cookies" "$1/api/v1/tenants/kota-mojokerto/services/KK/standard-versions" |
        node -e 'const v = JSON.parse(require("fs").readFileSync(0)).versions.at(-1); delete v.version;
                 v.requirements.forEach((r) => { r.required = false; });
                 Object.assign(v, { decree: { number: "BENCH/2026", date: "2026-11-30" }, valid_from: "2026-11-30" });
                 process.stdout.write(JSON.stringify(v));' |
        curl -sf -b "$WORK/cookies" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' --data-binary @- \
            "$1/api/v1/tenants/kota-mojokerto/services/KK/standard-versions" > /dev/null ||
        die "publishing the KK version without required documents failed"
}

ms() {  # wrk's "99%   12.34ms" (or us, s) → milliseconds
    awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                    else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.1f", v }'
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB; wrk -t2 -c$CONNECTIONS -d${DURATION}s; work in $WORK"
for run in $(seq "$RUNS"); do
    for config in none small 1mb tickets; do
        start "$config.$run"
        url=http://127.0.0.1:$PORT
        [[ $config == none ]] && optional_documents "$url"
        if [[ $config == tickets ]]; then
            out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/bench/queue/issue_ticket.lua" "$url" 2>&1)
        else
            out=$(DOCS=$config wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/bench/requests/submit.lua" \
                "$url" 2>&1)
        fi
        echo "$out" > "$WORK/$config.$run.wrk.txt"
        rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<< "$out")
        printf '%-8s run %d: %6s req/s  p50 %6s ms  p99 %6s ms  %s  (uploads folder %s)\n' "$config" "$run" "$rps" \
            "$(ms 50% <<< "$out")" "$(ms 99% <<< "$out")" "$(grep RESULT <<< "$out")" \
            "$(du -sh "$WORK/$config.$run.db.uploads" 2> /dev/null | cut -f1)"
        stop
        rm -rf "$WORK/$config.$run.db"*
    done
done
