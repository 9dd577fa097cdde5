#include "layan/domain/queue/prediction.h"

#include <algorithm>
#include <map>
#include <queue>

#include "layan/domain/queue/routing.h"

namespace layan::domain::queue {

namespace {

using std::chrono::minutes;

constexpr core::Millis kMinServiceTime{30'000};

// What a prediction needs per service (expected service time, waiting work), computed once per
// service per prediction. A hall has a handful of services: a flat list searched in place, keyed by
// views of the state's own strings, allocates nothing per look-up.
class ServiceTimes {
public:
    ServiceTimes(const HallState& state, const HallContext& context) : state_(state), context_(context) {}

    core::Millis Of(std::string_view service) { return Find(service).expected; }

    // Waiting work of a service per open counter serving it (waiting × expected service time ÷ open
    // counters), in milliseconds.
    double LoadOf(std::string_view service) {
        Entry& entry = Find(service);
        if (entry.load < 0) {
            LineView line = state_.Line(service);
            entry.load = static_cast<double>(line.waiting) * static_cast<double>(entry.expected.count()) /
                         static_cast<double>(std::max(1, line.open_counters));
        }
        return entry.load;
    }

private:
    struct Entry {
        std::string_view service;
        core::Millis expected{0};
        double load = -1;  // Not computed yet.
    };

    Entry& Find(std::string_view service) {
        for (auto& entry : entries_) {
            if (entry.service == service) {
                return entry;
            }
        }
        return entries_.emplace_back(Entry{service, ExpectedServiceTime(state_, context_, service)});
    }

    const HallState& state_;
    const HallContext& context_;
    std::vector<Entry> entries_;
};

// A counter as the schedule sees it: free at `free_at`, then one ticket of the service every `per_ticket`.
struct Server {
    core::Instant free_at{};
    core::Millis per_ticket{0};
    std::size_t index = 0;

    // For a min-heap on (free_at, index).
    friend bool operator>(const Server& a, const Server& b) {
        return a.free_at != b.free_at ? a.free_at > b.free_at : a.index > b.index;
    }
};

// How a service is staffed now, as the prediction reports it.
struct Staffing {
    int open_counters = 0;
    bool no_counter_open = false;
};

// The counters that will serve a service, as the schedule sees them.
struct Servers {
    std::vector<Server> list;
    Staffing staffing;
};

struct Schedule {
    std::vector<const Ticket*> order;
    std::vector<core::Millis> waits;  // Parallel to `order`.
    Staffing staffing;
};

// How long the counter stays busy with its current ticket.
core::Millis Remaining(const HallState& state, ServiceTimes& times, const CounterState& counter, core::Instant now) {
    const Ticket* current = counter.busy() ? state.FindTicket(counter.current_ticket) : nullptr;
    if (!current) {
        return core::Millis{0};
    }
    core::Millis expected = times.Of(current->service);
    if (current->status == TicketStatus::kServing && current->service_started_at) {
        return std::max(expected - (now - *current->service_started_at), expected / 10);
    }
    return expected;
}

// The fraction of a counter's time that goes to `service`: its waiting work per open counter, over
// the same for every service of the counter.
double ShareOf(ServiceTimes& times, const CounterState& counter, const std::string& service) {
    double own = times.LoadOf(service);
    double total = 0;
    for (const auto& code : counter.services) {
        total += times.LoadOf(code);
    }
    return total > 0 && own > 0 ? own / total : 1.0;
}

Servers ServersOf(const HallState& state, ServiceTimes& times, const std::string& service, core::Instant now) {
    Servers servers;
    const core::Millis own_time = times.Of(service);
    for (const auto& [id, counter] : state.Counters()) {
        if (counter.status != CounterStatus::kOpen || !counter.Serves(service)) {
            continue;
        }
        double share = ShareOf(times, counter, service);
        auto per_ticket = core::Millis{static_cast<core::Millis::rep>(static_cast<double>(own_time.count()) / share)};
        servers.list.push_back({now + Remaining(state, times, counter, now), per_ticket, servers.list.size()});
    }
    servers.staffing.open_counters = static_cast<int>(servers.list.size());
    if (servers.list.empty()) {
        servers.staffing.no_counter_open = true;
        int usual = std::max(1, state.PeakOpenCounters(service));
        for (int i = 0; i < usual; ++i) {
            servers.list.push_back({now, own_time, servers.list.size()});
        }
    }
    return servers;
}

// Every ticket of the service's call order goes to the counter free first.
Schedule ScheduleService(const HallState& state, const HallContext& context, ServiceTimes& times,
                         const std::string& service, core::Instant now) {
    Servers servers = ServersOf(state, times, service, now);
    Schedule schedule;
    schedule.order = CallOrder(state, context.rules, service);
    schedule.staffing = servers.staffing;

    std::priority_queue<Server, std::vector<Server>, std::greater<>> free(std::greater<>{}, std::move(servers.list));
    schedule.waits.reserve(schedule.order.size());
    for (std::size_t i = 0; i < schedule.order.size(); ++i) {
        Server next = free.top();
        free.pop();
        schedule.waits.push_back(std::max(core::Millis{0}, next.free_at - now));
        next.free_at += next.per_ticket;
        free.push(next);
    }
    return schedule;
}

// How many tickets the servers start by `t`: each starts one at free_at, free_at + per_ticket, ...
std::int64_t StartedBy(const std::vector<Server>& servers, core::Instant t) {
    std::int64_t started = 0;
    for (const auto& server : servers) {
        if (t >= server.free_at) {
            started += (t - server.free_at) / server.per_ticket + 1;
        }
    }
    return started;
}

// The instant the `k`-th ticket (1-based) of the schedule above starts, without scheduling the k - 1
// before it: the instants tickets start are the merged progressions free_at + j × per_ticket, so the
// k-th is the first instant by which k have started, found by bisection in O(servers × log range).
core::Instant KthStart(const std::vector<Server>& servers, std::int64_t k) {
    core::Instant low = core::Instant::max();
    core::Instant high = core::Instant::max();
    for (const auto& server : servers) {
        low = std::min(low, server.free_at);
        high = std::min(high, server.free_at + server.per_ticket * (k - 1));  // this server alone starts k by then
    }
    while (low < high) {  // invariant: fewer than k started before `low`, at least k by `high`
        core::Instant mid = low + (high - low) / 2;
        if (StartedBy(servers, mid) >= k) {
            high = mid;
        } else {
            low = mid + core::Millis{1};
        }
    }
    return low;
}

// Rounds to the nearest multiple of `step` minutes, halves up.
int RoundToStep(core::Millis value, minutes step) {
    const auto step_ms = core::Millis{step}.count();
    return static_cast<int>((value.count() + step_ms / 2) / step_ms * step.count());
}

WaitPrediction Describe(const Ticket& ticket, int position, core::Millis expected, Staffing staffing) {
    WaitPrediction prediction;
    prediction.ticket_id = ticket.id;
    prediction.service = ticket.service;
    prediction.status = ticket.status;
    prediction.position = position;
    prediction.expected = expected;
    prediction.expected_minutes = static_cast<int>(std::chrono::round<minutes>(expected).count());
    core::Millis spread = std::max<core::Millis>(minutes{2}, expected / 4);
    core::Millis low = std::max(core::Millis{0}, expected - spread);
    core::Millis high = expected + spread;
    // Rounding moves a bound by at most half a step, never more than the spread: the range keeps `expected`.
    minutes step{expected < minutes{10} ? 1 : 5};
    prediction.low_minutes = RoundToStep(low, step);
    prediction.high_minutes = RoundToStep(high, step);
    prediction.open_counters = staffing.open_counters;
    prediction.no_counter_open = staffing.no_counter_open;
    return prediction;
}

}  // namespace

core::Millis ExpectedServiceTime(std::span<const core::Millis> durations, core::Millis prior, const QueueRules& rules) {
    const auto recent =
        std::min<std::size_t>(durations.size(), static_cast<std::size_t>(std::max(0, rules.recent_durations)));
    const auto weight = static_cast<core::Millis::rep>(std::max(0, rules.prior_weight));
    core::Millis total = prior * weight;
    for (auto d : durations.subspan(durations.size() - recent)) {
        total += d;
    }
    const auto count = weight + static_cast<core::Millis::rep>(recent);
    core::Millis expected = count > 0 ? total / count : prior;
    return std::max(expected, kMinServiceTime);
}

core::Millis ExpectedServiceTime(const HallState& state, const HallContext& context, std::string_view service) {
    return ExpectedServiceTime(state.ServiceDurations(service), context.PriorServiceTime(service), context.rules);
}

std::map<std::string, core::Millis, std::less<>> MeanServiceTimes(std::span<const HallState> days,
                                                                  const HallContext& context) {
    std::map<std::string, core::Millis, std::less<>> means;
    for (const auto& [code, service] : context.services) {
        core::Millis total{0};
        std::int64_t count = 0;
        for (const auto& day : days) {
            for (auto duration : day.ServiceDurations(code)) {
                total += duration;
                ++count;
            }
        }
        if (count > 0) {
            means.emplace(code, total / count);
        }
    }
    return means;
}

core::Result<WaitPrediction> PredictWait(const HallState& state, const HallContext& context, std::string_view ticket_id,
                                         core::Instant now) {
    const Ticket* ticket = state.FindTicket(ticket_id);
    if (!ticket) {
        return core::Fail(core::ErrorKind::kNotFound, "ticket_not_found",
                          "There is no ticket " + std::string(ticket_id) + " in this hall today.");
    }
    if (!ticket->is_open()) {
        return core::Fail(
            core::ErrorKind::kConflict, "ticket_closed",
            "Ticket " + ticket->number + " is " + std::string(ToString(ticket->status)) + ": it no longer waits.");
    }
    if (ticket->status != TicketStatus::kWaiting) {
        return Describe(*ticket, 0, core::Millis{0}, Staffing{state.OpenCounters(ticket->service), false});
    }
    ServiceTimes times(state, context);
    auto position = QueuePosition(state, context.rules, *ticket);
    if (!position) {  // Unreachable: every waiting ticket is in its service's order.
        return core::Fail(core::ErrorKind::kInternal, "prediction_error", "The queue order lost a waiting ticket.");
    }
    Servers servers = ServersOf(state, times, ticket->service, now);
    core::Millis wait = std::max(core::Millis{0}, KthStart(servers.list, *position) - now);
    return Describe(*ticket, *position, wait, servers.staffing);
}

std::vector<WaitPrediction> PredictAll(const HallState& state, const HallContext& context, core::Instant now) {
    std::vector<WaitPrediction> out;
    ServiceTimes times(state, context);
    for (const auto& summary : state.Summaries(now)) {
        if (summary.waiting == 0) {
            continue;
        }
        Schedule schedule = ScheduleService(state, context, times, summary.service, now);
        for (std::size_t i = 0; i < schedule.order.size(); ++i) {
            out.push_back(Describe(*schedule.order[i], static_cast<int>(i) + 1, schedule.waits[i], schedule.staffing));
        }
    }
    return out;
}

}  // namespace layan::domain::queue
