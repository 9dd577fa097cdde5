#!/usr/bin/env python3
"""Summarises a bench/run.sh folder: the median and range of every figure over the runs, and the targets.

Usage: python3 bench/summarize.py /tmp/layan-bench-XXXXXX
Reads results.txt (one "label key=value ..." line per measurement), routing.json (Google Benchmark) and
machine.txt from that folder.
"""

import json
import statistics
import sys
from collections import OrderedDict
from pathlib import Path


def parse_results(path):
    """label → list of {key: value} (one per run), in the order the labels first appear."""
    rows = OrderedDict()
    for line in path.read_text().splitlines():
        words = line.split()
        if not words:
            continue
        values = {}
        for word in words[1:]:
            key, _, value = word.partition("=")
            try:
                values[key] = float(value)
            except ValueError:
                values[key] = value
        rows.setdefault(words[0], []).append(values)
    return rows


def spread(values):
    """ "median [min – max]" of numbers, in a width that suits them."""
    def fmt(v):
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}"
    if len(values) == 1:
        return fmt(values[0])
    return f"{fmt(statistics.median(values))} [{fmt(min(values))} – {fmt(max(values))}]"


def spread_us(values):
    return f"{statistics.median(values):.3f} [{min(values):.3f} – {max(values):.3f}]"


def column(runs, key):
    return [run[key] for run in runs if isinstance(run.get(key), float)]


def median_of(rows, label, key):
    values = column(rows.get(label, []), key)
    return statistics.median(values) if values else None


def print_table(rows):
    for label, runs in rows.items():
        keys = [k for k in runs[0] if k != "run" and isinstance(runs[0][k], float)]
        print(f"{label}  ({len(runs)} run{'s' if len(runs) > 1 else ''})")
        for key in keys:
            print(f"    {key:<22} {spread(column(runs, key))}")


def ratio(rows, numerator, denominator, key):
    """Per-run ratio of two labels measured in the same run (paired by run number)."""
    by_run = {r.get("run"): r.get(key) for r in rows.get(denominator, [])}
    ratios = [r[key] / by_run[r["run"]] for r in rows.get(numerator, [])
              if by_run.get(r.get("run")) and isinstance(r.get(key), float)]
    return ratios


def routing(folder):
    path = folder / "routing.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    times = OrderedDict()
    for b in data.get("benchmarks", []):
        if b.get("run_type") != "iteration":
            continue
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}.get(b.get("time_unit", "ns"), 1e-3)
        times.setdefault(b["run_name"], []).append((b["cpu_time"] * scale, b["real_time"] * scale))
    return times


def check(name, value, ok, unit=""):
    if value is None:
        print(f"    {name:<48} not measured")
        return
    print(f"    {name:<48} {value:,.2f}{unit}  {'met' if ok(value) else 'NOT met'}")


def main():
    folder = Path(sys.argv[1])
    machine = folder / "machine.txt"
    if machine.exists():
        print(machine.read_text().rstrip())
        print()
    rows = parse_results(folder / "results.txt")
    print_table(rows)

    times = routing(folder)
    if times:
        # CPU time is what the code costs; wall time adds the waits for a core on a shared machine.
        print("routing (Google Benchmark, µs per operation, median [min – max] over repetitions)")
        print(f"    {'':<28} {'CPU time':<30} wall time")
        for name, values in times.items():
            cpu = [v[0] for v in values]
            wall = [v[1] for v in values]
            print(f"    {name:<28} {spread_us(cpu):<30} {spread_us(wall)}")

    print()
    print("targets (medians)")
    healthz = ratio(rows, "healthz.layan", "healthz.nginx", "rps")
    if healthz:
        print(f"    healthz layan / nginx, per run: {', '.join(f'{r:.0%}' for r in healthz)}")
    check("healthz: layan >= 50 % of nginx", statistics.median(healthz) * 100 if healthz else None,
          lambda v: v >= 50, " %")
    snapshot = ratio(rows, "queue.layan", "queue.nginx", "rps")
    if snapshot:
        print(f"    queue snapshot layan / nginx, per run: {', '.join(f'{r:.0%}' for r in snapshot)}")
    check("queue snapshot: layan >= 50 % of nginx (same bytes)",
          statistics.median(snapshot) * 100 if snapshot else None, lambda v: v >= 50, " %")
    check("tickets durable: >= 5,000 req/s", median_of(rows, "tickets.durable", "rps"), lambda v: v >= 5000, "/s")
    check("tickets durable: p99 < 20 ms", median_of(rows, "tickets.durable", "p99_ms"), lambda v: v < 20, " ms")
    not_created = column(rows.get("tickets.durable", []), "not_201")
    if not_created:
        print(f"    tickets durable: responses other than 201, per run: {', '.join(f'{v:.0f}' for v in not_created)}")
    check("sse: delivery p99 < 100 ms", median_of(rows, "sse", "delivery_p99_ms"), lambda v: v < 100, " ms")
    choose = times.get("BM_ChooseBalanced")
    check("routing: BM_ChooseBalanced < 10 µs (CPU time)", statistics.median(v[0] for v in choose) if choose else None,
          lambda v: v < 10, " µs")


if __name__ == "__main__":
    main()
