#!/usr/bin/env bash
# Measures the hall simulator (bench/README.md, "The simulator"), on one machine, in one run:
#   1. layan_sim_bench: simulated days of the busy hall per second and domain events per second, per policy;
#   2. the SimPy peer (bench/sim/simpy_hall.py, Debian's python3-simpy3) replaying the very trace layan
#      simulated: the same served, abandoned and mean wait, and the speed ratio (wall time of a whole run,
#      process start included, RUNS runs each, interleaved);
#   3. the policies on the busy hall over DAYS days: mean and p95 wait, ratios to fcfs, and the wait
#      predictor's mean squared error against the queue-length predictor's.
# Builds the release preset first unless SKIP_BUILD=1. Needs /usr/bin/python3 with python3-simpy3.
#
# Usage: bash bench/sim/run.sh            RUNS=5 DAYS=100 SKIP_BUILD=1 bash bench/sim/run.sh

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build/release}
RUNS=${RUNS:-5}
DAYS=${DAYS:-100}
SKIP_BUILD=${SKIP_BUILD:-0}
SCENARIO=$ROOT/data/scenarios/mpp-busy.json
LAYAN=$BUILD/src/layan/app/layan
PYTHON=/usr/bin/python3

"$PYTHON" -c 'import simpy' 2> /dev/null || { echo "bench/sim/run.sh: apt-get install -y python3-simpy3" >&2; exit 1; }
if [[ $SKIP_BUILD != 1 ]]; then
    [[ -f $BUILD/CMakeCache.txt ]] || (cd "$ROOT" && cmake --preset release)
    cmake --build "$BUILD" --target layan layan_sim_bench -j2
fi
WORK=$(mktemp -d /tmp/layan-sim-bench.XXXXXX)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== 1. layan_sim_bench ($RUNS repetitions, medians)"
"$BUILD/bench/sim/layan_sim_bench" --benchmark_repetitions="$RUNS" --benchmark_report_aggregates_only=true \
    --benchmark_format=json > "$WORK/sim_bench.json"
"$PYTHON" - "$WORK/sim_bench.json" << 'PY'
import json, sys
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    if b["name"].endswith("_median"):
        print(f'  {b["name"]:<36} {b["real_time"]:.3f} ms/day  {b["items_per_second"] / 1e6:.2f} M events/s  '
              f'{b["citizens_per_s"] / 1e3:.0f} k citizens/s')
PY

echo "== 2. SimPy peer on the same trace (20 days, policy fcfs, $RUNS runs each)"
"$LAYAN" simulate "$SCENARIO" --days 20 --seed 1 --policy fcfs --json --dump-trace "$WORK/trace.csv" > "$WORK/layan.json"
for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    "$LAYAN" simulate "$SCENARIO" --trace "$WORK/trace.csv" --policy fcfs --json > "$WORK/layan-replay.json"
    mid=$(date +%s.%N)
    "$PYTHON" "$ROOT/bench/sim/simpy_hall.py" "$SCENARIO" "$WORK/trace.csv" > "$WORK/simpy.json"
    end=$(date +%s.%N)
    echo "$start $mid $end" >> "$WORK/wall.txt"
done
"$PYTHON" - "$WORK" << 'PY'
import json, statistics, sys
work = sys.argv[1]
layan = json.load(open(f"{work}/layan.json"))["runs"][0]
replay = json.load(open(f"{work}/layan-replay.json"))["runs"][0]
simpy = json.load(open(f"{work}/simpy.json"))
walls = [tuple(map(float, line.split())) for line in open(f"{work}/wall.txt")]
layan_s = statistics.median(b - a for a, b, _ in walls)
simpy_s = statistics.median(c - b for _, b, c in walls)
o = layan["overall"]
print(f'  layan: served {o["served"]}, abandoned {o["abandoned"]}, mean wait {o["wait_min"]["mean"]["value"]} '
      f'±{o["wait_min"]["mean"]["ci95"]} min; replayed from the trace: identical = {layan == replay}')
print(f'  simpy: served {simpy["served"]}, abandoned {simpy["abandoned"]}, mean wait {simpy["mean_wait_min"]} '
      f'±{simpy["ci95"]} min ({simpy["simpy_events"]} SimPy events, {simpy["seconds"]:.3f} s inside Python)')
print(f'  wall time of a whole run (median of {len(walls)}): layan {layan_s * 1000:.1f} ms, SimPy {simpy_s * 1000:.1f} ms '
      f'→ layan {simpy_s / layan_s:.1f}× faster (layan also predicts every wait; SimPy does not)')
PY

echo "== 3. policies on the busy hall, $DAYS days, seed 1"
"$LAYAN" simulate "$SCENARIO" --days "$DAYS" --policy all --json > "$WORK/policies.json"
"$PYTHON" - "$WORK/policies.json" << 'PY'
import json, sys
report = json.load(open(sys.argv[1]))
ratios = {c["policy"]: c for c in report["comparison"]}
for run in report["runs"]:
    w = run["overall"]["wait_min"]
    p = run["prediction"]
    print(f'  {run["policy"]:<10} mean {w["mean"]["value"]:>5.2f} ±{w["mean"]["ci95"]:.2f}  p95 {w["p95"]["value"]:>5.2f} '
          f'±{w["p95"]["ci95"]:.2f}  (×{ratios[run["policy"]]["mean_wait_ratio"]:.3f}, ×{ratios[run["policy"]]["p95_wait_ratio"]:.3f} '
          f'of fcfs)  abandoned {run["overall"]["abandoned"]}  prediction MSE ratio {p["mse_ratio"]:.3f} '
          f'(MAE {p["layan"]["mae_min"]:.2f} vs {p["queue_length"]["mae_min"]:.2f} min)')
PY
echo "outputs: $WORK"
