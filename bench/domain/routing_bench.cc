// A busy hall at 10:30: 20 services, 50 open counters serving 3 to 5 services each, 300 citizens
// already served (observed durations, priority passes on record) and 1,000 waiting, 10 % of them
// priority. Each benchmark asks one question of that state.

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "layan/domain/queue/commands.h"
#include "layan/domain/queue/prediction.h"
#include "layan/domain/queue/routing.h"

namespace layan::domain::queue {
namespace {

using namespace std::chrono_literals;

constexpr int kServices = 20;
constexpr int kCounters = 50;
constexpr int kServed = 300;
constexpr int kWaiting = 1000;

core::Instant At(std::chrono::minutes time_of_day) {
    return core::FromLocal(std::chrono::year{2026} / std::chrono::November / 30, time_of_day, core::kWib);
}

std::string ServiceCode(int i) { return "S" + std::to_string(i); }

// Deterministic pseudo-random numbers, so every run measures the same hall.
class Lcg {
public:
    explicit Lcg(std::uint64_t seed) : state_(seed) {}
    std::uint32_t Next() {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state_ >> 33);
    }

private:
    std::uint64_t state_;
};

struct BusyHall {
    HallContext context;
    HallState state;
    std::vector<Event> log;  // Every event of the day so far.
    core::Instant now{};
    std::vector<std::string> counters;
};

void Apply(BusyHall& hall, const Decision& decision) {
    if (!decision) {
        throw std::runtime_error(decision.error().message);
    }
    hall.state.ApplyAll(*decision);
    hall.log.insert(hall.log.end(), decision->begin(), decision->end());
}

BusyHall MakeBusyHall() {
    BusyHall hall;
    catalog::Hall info;
    info.id = "mpp-bench";
    info.name = "MPP Bench";
    info.opening_hours.push_back({std::chrono::Monday, std::chrono::minutes{7 * 60}, std::chrono::minutes{17 * 60}});
    std::vector<catalog::Service> services;
    for (int i = 0; i < kServices; ++i) {
        catalog::Service service;
        service.code = ServiceCode(i);
        service.ticket_prefix = std::string(1, static_cast<char>('A' + i));
        service.typical_service_time = std::chrono::minutes{4 + (i * 7) % 15};
        info.service_codes.push_back(service.code);
        services.push_back(service);
    }
    std::vector<catalog::Officer> officers;
    for (int c = 0; c < kCounters; ++c) {
        info.counters.push_back({std::to_string(c + 1), info.id, "Loket " + std::to_string(c + 1), c + 1});
        catalog::Officer officer;
        officer.id = "officer-" + std::to_string(c);
        officer.skills = info.service_codes;
        officers.push_back(officer);
    }
    hall.context = HallContext::Make(info, services, officers);

    Lcg random(42);
    auto open_at = At(std::chrono::minutes{7 * 60 + 30});
    for (int c = 0; c < kCounters; ++c) {
        std::vector<std::string> skills;
        int count = 3 + c % 3;
        for (int k = 0; k < count; ++k) {
            skills.push_back(ServiceCode((c * 3 + k * 7) % kServices));
        }
        hall.counters.push_back(std::to_string(c + 1));
        Apply(hall, OpenCounter(hall.state, hall.context, hall.counters.back(), "officer-" + std::to_string(c), skills,
                                open_at));
    }
    // Arrivals from 07:30 to 10:30; the first kServed tickets called are served and finished.
    const int total = kServed + kWaiting;
    for (int i = 0; i < total; ++i) {
        auto at = open_at + core::Millis{static_cast<std::int64_t>(i) * 180'000 / total * 60};
        std::optional<PriorityReason> priority;
        if (random.Next() % 10 == 0) {
            priority = PriorityReason::kElderly;
        }
        Apply(hall, IssueTicket(hall.state, hall.context, ServiceCode(static_cast<int>(random.Next() % kServices)),
                                priority, at));
    }
    hall.now = At(std::chrono::minutes{10 * 60 + 30});
    BalancedPolicy policy;
    int served = 0;
    for (int round = 0; served < kServed; ++round) {
        for (const auto& counter : hall.counters) {
            if (served == kServed) {
                break;
            }
            auto called = CallNext(hall.state, hall.context, counter, policy, hall.now);
            if (!called || called->empty()) {
                continue;
            }
            Apply(hall, called);
            const auto& id = std::get<TicketCalled>(called->front()).ticket_id;
            Apply(hall, StartService(hall.state, hall.context, id, hall.now));
            Apply(hall,
                  FinishService(hall.state, hall.context, id, hall.now + std::chrono::minutes{3 + random.Next() % 15}));
            ++served;
        }
    }
    if (static_cast<int>(hall.state.Waiting().size()) != kWaiting) {
        throw std::runtime_error("the bench hall should have 1,000 waiting tickets");
    }
    return hall;
}

const BusyHall& Hall() {
    static const BusyHall hall = MakeBusyHall();
    return hall;
}

void RoutingDecision(benchmark::State& state, const RoutingPolicy& policy) {
    const BusyHall& hall = Hall();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& counter = hall.counters[i++ % hall.counters.size()];
        benchmark::DoNotOptimize(policy.Choose(hall.state, hall.context, counter, hall.now));
    }
}

void BM_ChooseBalanced(benchmark::State& state) { RoutingDecision(state, BalancedPolicy()); }
void BM_ChooseFcfs(benchmark::State& state) { RoutingDecision(state, FcfsPolicy()); }

// The whole command: counter checks, the decision and the event.
void BM_CallNextBalanced(benchmark::State& state) {
    const BusyHall& hall = Hall();
    BalancedPolicy policy;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& counter = hall.counters[i++ % hall.counters.size()];
        benchmark::DoNotOptimize(CallNext(hall.state, hall.context, counter, policy, hall.now));
    }
}

// The console's "next" list (GET .../counters/{counter}/next?limit=6): the policy applied six times on a copy
// of the day's state. Runs under the hall's lock, once per console refresh.
void BM_NextCallsSix(benchmark::State& state) {
    const BusyHall& hall = Hall();
    BalancedPolicy policy;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& counter = hall.counters[i++ % hall.counters.size()];
        benchmark::DoNotOptimize(NextCalls(hall.state, hall.context, policy, counter, hall.now, 6));
    }
}

void BM_PredictWaitLastTicket(benchmark::State& state) {
    const BusyHall& hall = Hall();
    const std::string last = hall.state.Tickets().back().id;
    for (auto _ : state) {
        benchmark::DoNotOptimize(PredictWait(hall.state, hall.context, last, hall.now));
    }
}

void BM_PredictAll(benchmark::State& state) {
    const BusyHall& hall = Hall();
    for (auto _ : state) {
        benchmark::DoNotOptimize(PredictAll(hall.state, hall.context, hall.now));
    }
    state.SetItemsProcessed(state.iterations() * kWaiting);
}

// Rebuilding the hall's state from its day of events, as the engine does when it loads a hall.
void BM_ReplayDay(benchmark::State& state) {
    const BusyHall& hall = Hall();
    for (auto _ : state) {
        HallState replayed;
        replayed.ApplyAll(hall.log);
        benchmark::DoNotOptimize(replayed);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(hall.log.size()));
}

BENCHMARK(BM_ChooseBalanced);
BENCHMARK(BM_ChooseFcfs);
BENCHMARK(BM_CallNextBalanced);
BENCHMARK(BM_NextCallsSix);
BENCHMARK(BM_PredictWaitLastTicket);
BENCHMARK(BM_PredictAll);
BENCHMARK(BM_ReplayDay);

}  // namespace
}  // namespace layan::domain::queue
