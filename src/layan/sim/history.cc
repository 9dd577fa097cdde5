#include "layan/sim/history.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "layan/domain/queue/hall_state.h"

namespace layan::sim {

namespace {

namespace queue = domain::queue;
using std::chrono::minutes;

constexpr double kDefaultCv = 0.5;

minutes Median(std::vector<minutes> values) {
    std::sort(values.begin(), values.end());
    return values[(values.size() - 1) / 2];
}

struct OfficerDays {
    std::vector<std::string> skills{};         // In the order first seen.
    std::map<std::string, int> served_days{};  // Per skill: days at a counter serving it.
    std::vector<minutes> starts{};
    std::vector<minutes> ends{};
};

// One day of an officer: first opening, last closing (the hall's close when never closed).
struct Shift {
    minutes start{24 * 60};
    minutes end{0};
    bool open = false;
};

}  // namespace

core::Result<Scenario> ScenarioFromHistory(const queue::HallContext& context,
                                           std::span<const std::vector<queue::Event>> days) {
    const auto offset = context.hall.utc_offset;
    auto time_of_day = [&](core::Instant at) { return core::LocalTimeOfDay(at, offset); };

    // The hours of the days with tickets.
    std::optional<minutes> open;
    std::optional<minutes> close;
    int open_days = 0;
    for (const auto& events : days) {
        auto first = std::find_if(events.begin(), events.end(),
                                  [](const queue::Event& e) { return std::holds_alternative<queue::TicketIssued>(e); });
        if (first == events.end()) {
            continue;
        }
        ++open_days;
        const auto at = queue::At(*first);
        const auto hours = context.calendar.HoursOn(core::LocalDate(at, offset));
        const minutes day_open = hours ? hours->open : std::chrono::floor<std::chrono::hours>(time_of_day(at));
        const minutes day_close = hours ? hours->close : minutes{24 * 60};
        open = std::min(open.value_or(day_open), day_open);
        close = std::max(close.value_or(day_close), day_close);
    }
    if (open_days == 0) {
        return core::Fail(core::ErrorKind::kNotFound, "no_history",
                          fmt::format("No ticket was issued at {} on those days: there is nothing to learn from.",
                                      context.hall.name));
    }
    Scenario scenario;
    scenario.name = fmt::format("{} (from {} days of history)", context.hall.name, open_days);
    scenario.open = *open;
    scenario.close = *close;
    const auto hours = static_cast<std::size_t>(scenario.OpenHours());

    std::map<std::string, std::vector<double>> arrivals;  // Per service: tickets per open hour, all days.
    std::map<std::string, std::vector<double>> durations;
    std::map<std::string, OfficerDays> officers;
    std::set<std::string> served_services;
    double tickets = 0;
    double priority = 0;
    for (const auto& events : days) {
        queue::HallState state;
        std::map<std::string, std::string> officer_at;  // counter → officer
        std::map<std::string, Shift> shifts;
        for (const auto& event : events) {
            state.Apply(event);
            if (const auto* issued = std::get_if<queue::TicketIssued>(&event)) {
                auto& counts = arrivals[issued->service];
                counts.resize(hours);
                const auto since_open = (time_of_day(issued->at) - scenario.open).count();
                counts[std::min(hours - 1, static_cast<std::size_t>(std::max<long>(0, since_open / 60)))] += 1;
                tickets += 1;
                priority += issued->priority ? 1 : 0;
            } else if (const auto* opened = std::get_if<queue::CounterOpened>(&event)) {
                officer_at[opened->counter_id] = opened->officer_id;
                auto& officer = officers[opened->officer_id];
                for (const auto& service : opened->services) {
                    if (std::find(officer.skills.begin(), officer.skills.end(), service) == officer.skills.end()) {
                        officer.skills.push_back(service);
                    }
                }
                auto& shift = shifts[opened->officer_id];
                shift.start = std::min(shift.start, time_of_day(opened->at));
                shift.open = true;
            } else if (const auto* closed = std::get_if<queue::CounterClosed>(&event)) {
                auto it = officer_at.find(closed->counter_id);
                if (it != officer_at.end()) {
                    auto& shift = shifts[it->second];
                    shift.end = std::max(shift.end, time_of_day(closed->at));
                    shift.open = false;
                }
            } else if (const auto* called = std::get_if<queue::TicketCalled>(&event)) {
                if (const auto* ticket = state.FindTicket(called->ticket_id)) {
                    served_services.insert(ticket->service);
                }
            }
        }
        for (auto& [id, shift] : shifts) {
            auto& officer = officers[id];
            officer.starts.push_back(shift.start);
            officer.ends.push_back(shift.open ? std::max(shift.end, scenario.close) : shift.end);
            for (const auto& service : officer.skills) {
                officer.served_days[service] += 1;
            }
        }
        for (const auto& [code, service] : context.services) {
            for (auto duration : state.ServiceDurations(code)) {
                durations[code].push_back(static_cast<double>(duration.count()) / 60'000.0);
            }
        }
    }

    for (auto& [code, counts] : arrivals) {
        if (!served_services.contains(code)) {
            continue;  // Never served at a counter: the simulation could not serve it either.
        }
        ServiceSpec service;
        service.code = code;
        for (double count : counts) {
            service.arrivals_per_hour.push_back(std::round(count / open_days * 100) / 100);
        }
        const auto& observed = durations[code];
        if (observed.size() >= 2) {
            double mean = 0;
            for (double d : observed) {
                mean += d;
            }
            mean /= static_cast<double>(observed.size());
            double squares = 0;
            for (double d : observed) {
                squares += (d - mean) * (d - mean);
            }
            service.mean_service_min = std::round(std::max(mean, 0.1) * 100) / 100;
            service.service_cv =
                std::round(std::sqrt(squares / static_cast<double>(observed.size() - 1)) / mean * 100) / 100;
        } else {
            service.mean_service_min = static_cast<double>(context.TypicalServiceTime(code).count());
            service.service_cv = kDefaultCv;
        }
        scenario.services.push_back(std::move(service));
    }

    auto keep = [&](const std::string& id, const OfficerDays& days_of) {
        if (days_of.starts.empty()) {
            return;
        }
        OfficerSpec officer;
        officer.id = id;
        for (const auto& skill : days_of.skills) {
            if (scenario.ServiceIndex(skill)) {
                officer.skills.push_back(skill);
            }
        }
        if (officer.skills.empty()) {
            return;
        }
        officer.start = std::max({minutes{0}, scenario.open - minutes{60}, Median(days_of.starts)});
        officer.end = std::min(minutes{24 * 60}, Median(days_of.ends));
        if (officer.end <= officer.start) {
            officer.end = std::min(minutes{24 * 60}, officer.start + minutes{1});
        }
        scenario.officers.push_back(std::move(officer));
    };
    std::set<std::string> kept;
    for (const auto& [id, days_of] : officers) {
        if (2 * static_cast<int>(days_of.starts.size()) >= open_days) {
            keep(id, days_of);
            kept.insert(id);
        }
    }
    for (const auto& service : scenario.services) {
        bool covered = std::any_of(scenario.officers.begin(), scenario.officers.end(), [&](const OfficerSpec& o) {
            return std::find(o.skills.begin(), o.skills.end(), service.code) != o.skills.end();
        });
        if (covered) {
            continue;
        }
        const OfficerDays* best = nullptr;
        std::string best_id;
        for (const auto& [id, days_of] : officers) {
            auto it = days_of.served_days.find(service.code);
            if (!kept.contains(id) && it != days_of.served_days.end() &&
                (!best || it->second > best->served_days.at(service.code))) {
                best = &days_of;
                best_id = id;
            }
        }
        if (best) {
            keep(best_id, *best);
            kept.insert(best_id);
        }
    }
    scenario.priority_share = std::round(priority / tickets * 1000) / 1000;
    // What was learned must be a valid scenario (a service every officer dropped is an error here).
    return ParseScenario(ToJson(scenario));
}

}  // namespace layan::sim
