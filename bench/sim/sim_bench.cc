// How fast the digital twin runs: simulated days of the busy hall (data/scenarios/mpp-busy.json,
// 15 services, 14 officers, about 480 citizens a day) per policy, on one core.
//
// Events are the domain events folded into the hall's state (issue, call, start, finish, cancel,
// counter open/close): each one is a real command of domain/queue, decided and applied. Every
// arrival also runs the server's wait prediction.

#include <stdexcept>

#include <benchmark/benchmark.h>

#include "layan/sim/scenario.h"
#include "layan/sim/simulator.h"
#include "layan/sim/workload.h"

namespace {

using namespace layan::sim;

const Scenario& BusyHall() {
    static const Scenario scenario = [] {
        auto loaded = LoadScenario(LAYAN_SOURCE_DIR "/data/scenarios/mpp-busy.json");
        if (!loaded) {
            throw std::runtime_error(loaded.error().message);
        }
        return *loaded;
    }();
    return scenario;
}

void SimulateBusyHall(benchmark::State& state, const char* policy) {
    const Scenario& scenario = BusyHall();
    const Workload work = Generate(scenario, 1, 20);
    Simulator simulator(scenario, *PolicyNamed(policy));
    std::uint64_t events = 0;
    std::uint64_t citizens = 0;
    std::size_t day = 0;
    for (auto _ : state) {
        DayOutcome outcome = simulator.Day(work.days[day]);
        benchmark::DoNotOptimize(outcome);
        events += outcome.events;
        citizens += outcome.tickets.size();
        day = (day + 1) % work.days.size();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
    state.counters["citizens_per_s"] = benchmark::Counter(static_cast<double>(citizens), benchmark::Counter::kIsRate);
    state.counters["events_per_day"] =
        benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
}

BENCHMARK_CAPTURE(SimulateBusyHall, fcfs, "fcfs")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SimulateBusyHall, default, "default")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SimulateBusyHall, dedicated, "dedicated")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SimulateBusyHall, pooled, "pooled")->Unit(benchmark::kMillisecond);

}  // namespace
