#pragma once

// Shared test fixtures for the queue domain: a small demo hall, a clock in hall-local time, and
// constructed days run by the hall simulator (src/layan/sim), which drives the real commands,
// policy and fold.

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "layan/domain/queue/commands.h"
#include "layan/domain/queue/hall_state.h"
#include "layan/domain/queue/routing.h"
#include "layan/sim/simulator.h"

namespace layan::domain::queue::testing {

using namespace std::chrono_literals;

/// `time_of_day` (local, WIB) on Monday 30 November 2026.
inline core::Instant Monday(std::chrono::minutes time_of_day) {
    return core::FromLocal(std::chrono::year{2026} / std::chrono::November / 30, time_of_day, core::kWib);
}

/// Hall-local clock on Monday 30 November 2026: MondayAt(8, 15) is 08:15 WIB.
inline core::Instant MondayAt(int hour, int minute, int second = 0) {
    return Monday(std::chrono::minutes{hour * 60 + minute}) + std::chrono::seconds{second};
}

inline catalog::Service MakeService(std::string code, std::string prefix, std::chrono::minutes typical) {
    catalog::Service service;
    service.code = std::move(code);
    service.unit_id = "dukcapil";
    service.name = {service.code, service.code};
    service.ticket_prefix = std::move(prefix);
    service.typical_service_time = typical;
    return service;
}

inline catalog::Officer MakeOfficer(std::string id, std::string name, std::vector<std::string> skills) {
    catalog::Officer officer;
    officer.id = std::move(id);
    officer.tenant_id = "kota-test";
    officer.name = std::move(name);
    officer.unit_id = "dukcapil";
    officer.skills = std::move(skills);
    return officer;
}

/// A hall open Monday to Saturday 07:30–16:00 WIB with counters "1".."6" ("Loket 1"...), offering
/// KTP (A, 10 min), KK (B, 15 min), AKTA (B, 12 min: shares the B prefix) and NIB (C, 5 min).
/// The catalog also knows PBG, which this hall does not offer. Officers: budi {KTP, KK},
/// sari {KTP}, andi {KK, NIB}, dewi {KTP, KK, AKTA, NIB}, eko {KTP, KK, NIB}, fitri {PBG}.
inline HallContext DemoHall(QueueRules rules = {}) {
    catalog::Hall hall;
    hall.id = "mpp-test";
    hall.tenant_id = "kota-test";
    hall.name = "MPP Test";
    hall.utc_offset = core::kWib;
    for (auto day : {std::chrono::Monday, std::chrono::Tuesday, std::chrono::Wednesday, std::chrono::Thursday,
                     std::chrono::Friday, std::chrono::Saturday}) {
        hall.opening_hours.push_back({day, std::chrono::minutes{7 * 60 + 30}, std::chrono::minutes{16 * 60}});
    }
    hall.service_codes = {"KTP", "KK", "AKTA", "NIB"};
    for (int i = 1; i <= 6; ++i) {
        hall.counters.push_back({std::to_string(i), hall.id, "Loket " + std::to_string(i), i});
    }
    return HallContext::Make(
        std::move(hall),
        {MakeService("KTP", "A", 10min), MakeService("KK", "B", 15min), MakeService("AKTA", "B", 12min),
         MakeService("NIB", "C", 5min), MakeService("PBG", "D", 30min)},
        {MakeOfficer("budi", "Budi", {"KTP", "KK"}), MakeOfficer("sari", "Sari", {"KTP"}),
         MakeOfficer("andi", "Andi", {"KK", "NIB"}), MakeOfficer("dewi", "Dewi", {"KTP", "KK", "AKTA", "NIB"}),
         MakeOfficer("eko", "Eko", {"KTP", "KK", "NIB"}), MakeOfficer("fitri", "Fitri", {"PBG"})},
        rules);
}

/// The events of a decision that must succeed (throws, failing the test, otherwise).
inline std::vector<Event> Must(const Decision& decision) {
    if (!decision) {
        throw std::runtime_error("unexpected refusal: " + decision.error().code + ": " + decision.error().message);
    }
    return *decision;
}

/// A hall's state with its context and event log: each command's events are checked and folded.
class Hall {
public:
    explicit Hall(HallContext context = DemoHall()) : context_(std::move(context)) {}

    const HallState& state() const { return state_; }
    const HallContext& context() const { return context_; }
    HallContext& context() { return context_; }
    const std::vector<Event>& log() const { return log_; }

    /// Appends and folds the events of a decision that must succeed; returns them.
    std::vector<Event> Do(const Decision& decision) {
        auto events = Must(decision);
        for (const auto& event : events) {
            state_.Apply(event);
            log_.push_back(event);
        }
        return events;
    }

    /// Issues a ticket and returns its id.
    std::string Issue(std::string_view service, core::Instant at, std::optional<PriorityReason> priority = {}) {
        auto events = Do(IssueTicket(state_, context_, service, priority, at));
        return std::get<TicketIssued>(events.at(0)).ticket_id;
    }

    void Open(std::string_view counter, std::string_view officer, std::vector<std::string> services, core::Instant at) {
        Do(OpenCounter(state_, context_, counter, officer, services, at));
    }

    /// Calls the next ticket at a counter; returns its id, or "" when nobody waits.
    std::string Next(std::string_view counter, core::Instant at, const RoutingPolicy& policy = FcfsPolicy()) {
        auto events = Do(CallNext(state_, context_, counter, policy, at));
        return events.empty() ? std::string() : std::get<TicketCalled>(events.at(0)).ticket_id;
    }

    const Ticket& ticket(std::string_view id) const {
        const Ticket* found = state_.FindTicket(id);
        if (!found) {
            throw std::runtime_error("no ticket " + std::string(id));
        }
        return *found;
    }

private:
    HallContext context_;
    HallState state_;
    std::vector<Event> log_;
};

/// One citizen in a mini-simulation: arrives `at` after the start, for `service`, and is served in `duration`.
struct Arrival {
    core::Millis at{0};
    std::string service{};
    core::Millis duration{0};
    std::optional<PriorityReason> priority{};
};

/// A counter staffed for the whole mini-simulation.
struct Staffing {
    std::string counter{};
    std::string officer{};
    std::vector<std::string> services{};
};

struct SimulationResult {
    std::vector<core::Millis> waits{};                ///< Per arrival (same order): from arrival to the first call.
    std::vector<std::string> called{};                ///< Ticket ids in the order they were called.
    std::map<std::string, std::size_t> arrival_of{};  ///< Ticket id → index in the arrivals.
    /// Largest arrival gap by which a regular ticket passed the earliest-arrived regular ticket
    /// waiting for a service of the same counter at the moment of the call.
    core::Millis max_regular_overtake_gap{0};
    /// Most priority tickets that passed any single regular ticket (arrived after it, called before it
    /// at a counter serving its service).
    int max_priority_overtakes = 0;
    std::vector<Event> log{};

    [[nodiscard]] double MeanWaitMinutes() const {
        double total = 0;
        for (auto wait : waits) {
            total += std::chrono::duration<double, std::ratio<60>>(wait).count();
        }
        return waits.empty() ? 0 : total / static_cast<double>(waits.size());
    }
    [[nodiscard]] core::Millis MaxWait() const {
        core::Millis max{0};
        for (auto wait : waits) {
            max = std::max(max, wait);
        }
        return max;
    }
};

/// A deterministic discrete-event run of the real commands, by the hall simulator (sim::SimulateDay):
/// counters open at `start` and stay open; at each instant services finish first, then citizens
/// arrive (IssueTicket), then every free counter, in staffing order, calls next (CallNext with
/// `policy`) and starts serving at once. Ends when everybody has been served.
inline SimulationResult Simulate(const HallContext& context, const std::vector<Staffing>& staffing,
                                 const std::vector<Arrival>& arrivals, const RoutingPolicy& policy,
                                 core::Instant start = MondayAt(8, 0)) {
    std::vector<std::size_t> by_time(arrivals.size());
    for (std::size_t i = 0; i < by_time.size(); ++i) {
        by_time[i] = i;
    }
    std::stable_sort(by_time.begin(), by_time.end(),
                     [&](std::size_t a, std::size_t b) { return arrivals[a].at < arrivals[b].at; });
    std::vector<sim::Visit> visits;
    for (std::size_t i : by_time) {
        const Arrival& arrival = arrivals[i];
        visits.push_back({arrival.at.count(), arrival.service, arrival.priority, arrival.duration.count(), -1,
                          static_cast<std::uint32_t>(i)});
    }
    std::vector<sim::CounterPlan> counters;
    for (const auto& staff : staffing) {
        counters.push_back({staff.counter, staff.officer, staff.services, 0, INT64_MAX, true});
    }

    SimulationResult result;
    std::map<std::string, int> priority_passes{};  // regular ticket → passes
    sim::DayOptions options;
    options.record = true;
    options.on_call = [&](const HallState& before, std::string_view counter, const Ticket& called, core::Instant) {
        result.called.push_back(called.id);
        for (const Ticket* other : before.Waiting(before.FindCounter(counter)->services)) {
            if (other->is_priority() || other->id == called.id) {
                continue;
            }
            if (!called.is_priority()) {
                result.max_regular_overtake_gap =
                    std::max(result.max_regular_overtake_gap, called.arrived_at - other->arrived_at);
            } else if (called.arrived_at > other->arrived_at) {
                result.max_priority_overtakes = std::max(result.max_priority_overtakes, ++priority_passes[other->id]);
            }
        }
    };
    auto day = sim::SimulateDay(context, start, counters, visits, policy, options);

    result.waits.assign(arrivals.size(), core::Millis{0});
    std::size_t issued = 0;
    for (const auto& event : day.log) {
        if (const auto* ticket = std::get_if<TicketIssued>(&event)) {
            result.arrival_of[ticket->ticket_id] = visits[issued++].group;
        }
    }
    for (const auto& outcome : day.tickets) {
        result.waits[outcome.service] = core::Millis{outcome.wait_ms};
    }
    result.log = std::move(day.log);
    return result;
}

}  // namespace layan::domain::queue::testing
