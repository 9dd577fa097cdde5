#!/usr/bin/python3
"""The peer of `layan simulate --policy fcfs`: the same hall written in SimPy (Debian's python3-simpy3).

Replays a trace written by `layan simulate --dump-trace` (so both simulators see identical work) with
the same rules, independently implemented: each officer opens a counter with all their skills at their
start; a free counter calls, among its services, the earliest priority citizen, unless the oldest
regular citizen of one of its services has already been passed by 3 priority citizens (then that
regular citizen); otherwise the earliest regular citizen (FCFS). Citizens leave after their patience.
Officers whose shift ends before the hall closes leave after the citizen in hand; the others stay
until nobody waits for their services.

Prints JSON: served, abandoned, the mean wait of served citizens (mean over days of daily means, with
a 95 % confidence interval), the number of SimPy events processed and the seconds it took.

Usage: /usr/bin/python3 bench/sim/simpy_hall.py SCENARIO.json TRACE.csv
"""

import csv
import json
import math
import statistics
import sys
import time

import simpy

MAX_PRIORITY_OVERTAKES = 3


def clock_minutes(text):
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def arrival_minutes(text):
    hours, minutes, seconds = text.split(":")
    return int(hours) * 60 + int(minutes) + float(seconds) / 60


class Citizen:
    __slots__ = ("order", "arrival", "service", "priority", "service_min", "patience", "passed", "state", "wait")

    def __init__(self, order, row):
        self.order = order
        self.arrival = arrival_minutes(row["arrival"])
        self.service = row["service"]
        self.priority = row["priority"] == "1"
        self.service_min = float(row["service_min"])
        self.patience = float(row["patience_min"]) if row["patience_min"] else None
        self.passed = 0
        self.state = "waiting"
        self.wait = None


class Hall:
    def __init__(self, env, scenario, citizens):
        self.env = env
        self.close = clock_minutes(scenario["close"])
        self.waiting = {service["code"]: [] for service in scenario["services"]}  # by arrival
        self.officers = []
        for spec in scenario["officers"]:
            officer = {
                "skills": spec["skills"],
                "start": clock_minutes(spec.get("start", scenario["open"])),
                "end": clock_minutes(spec.get("end", scenario["close"])),
                "wake": env.event(),
            }
            self.officers.append(officer)
            env.process(self.work(officer))
        for citizen in citizens:
            env.process(self.visit(citizen))

    def choose(self, skills):
        oldest_priority = None
        regulars = []
        for service in skills:
            line = self.waiting[service]
            first_priority = next((c for c in line if c.priority), None)
            first_regular = next((c for c in line if not c.priority), None)
            if first_priority and (oldest_priority is None or first_priority.order < oldest_priority.order):
                oldest_priority = first_priority
            if first_regular:
                regulars.append(first_regular)
        if oldest_priority and not any(r.passed >= MAX_PRIORITY_OVERTAKES for r in regulars):
            return oldest_priority
        return min(regulars, key=lambda c: c.order) if regulars else None

    def wake_all(self):
        for officer in self.officers:
            if not officer["wake"].triggered:
                officer["wake"].succeed()

    def visit(self, citizen):
        yield self.env.timeout(citizen.arrival - self.env.now)
        self.waiting[citizen.service].append(citizen)
        self.wake_all()
        if citizen.patience is not None:
            yield self.env.timeout(citizen.patience)
            if citizen.state == "waiting":
                citizen.state = "abandoned"
                citizen.wait = citizen.patience
                self.waiting[citizen.service].remove(citizen)

    def work(self, officer):
        env = self.env
        yield env.timeout(officer["start"] - env.now)
        stays = officer["end"] >= self.close
        while True:
            if env.now >= officer["end"] and not stays:
                return
            citizen = self.choose(officer["skills"])
            if citizen is None:
                if env.now >= officer["end"]:
                    return  # past its end with nobody waiting for its services
                officer["wake"] = env.event()
                timeout = env.timeout(officer["end"] - env.now)
                yield officer["wake"] | timeout
                continue
            self.waiting[citizen.service].remove(citizen)
            if citizen.priority:
                for service in officer["skills"]:
                    for other in self.waiting[service]:
                        if not other.priority and other.arrival < citizen.arrival:
                            other.passed += 1
            citizen.state = "served"
            citizen.wait = env.now - citizen.arrival
            yield env.timeout(citizen.service_min)


def main():
    scenario = json.load(open(sys.argv[1]))
    days = {}
    with open(sys.argv[2]) as trace:
        for order, row in enumerate(csv.DictReader(trace)):
            days.setdefault(int(row["day"]), []).append(Citizen(order, row))
    started = time.perf_counter()
    daily_means = []
    served = abandoned = events = 0
    for day in sorted(days):
        env = simpy.Environment()
        Hall(env, scenario, days[day])
        while True:
            try:
                env.step()
                events += 1
            except simpy.core.EmptySchedule:
                break
        waits = [c.wait for c in days[day] if c.state == "served"]
        served += len(waits)
        abandoned += sum(1 for c in days[day] if c.state == "abandoned")
        if waits:
            daily_means.append(sum(waits) / len(waits))
    seconds = time.perf_counter() - started
    n = len(daily_means)
    mean = statistics.fmean(daily_means)
    t975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 9: 2.262, 19: 2.093, 39: 2.023}
    half = t975.get(n - 1, 1.96) * statistics.stdev(daily_means) / math.sqrt(n) if n > 1 else 0
    print(json.dumps({"days": n, "served": served, "abandoned": abandoned,
                      "mean_wait_min": round(mean, 3), "ci95": round(half, 3),
                      "simpy_events": events, "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    main()
