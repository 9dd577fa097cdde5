#include "layan/domain/queue/routing.h"

#include <algorithm>
#include <string>
#include <vector>

#include "layan/domain/queue/events.h"
#include "layan/domain/queue/prediction.h"

namespace layan::domain::queue {

namespace {

// Queue order: arrival, then issue order.
bool ArrivedBefore(const Ticket& a, const Ticket& b) {
    return a.arrived_at != b.arrived_at ? a.arrived_at < b.arrived_at : a.order < b.order;
}

// The priority bound (rule 1), the one place it is decided: a regular ticket passed this many
// times by priority tickets goes before any further priority ticket.
bool MustGoBeforePriority(int priority_overtakes, const QueueRules& rules) {
    return priority_overtakes >= std::max(1, rules.max_priority_overtakes);
}

}  // namespace

const Ticket* RoutingPolicy::Choose(const HallState& state, const HallContext& context, std::string_view counter_id,
                                    core::Instant now) const {
    const CounterState* counter = state.FindCounter(counter_id);
    if (!counter || counter->status != CounterStatus::kOpen) {
        return nullptr;
    }
    const Ticket* priority = nullptr;   // Rule 1.
    bool passed_enough = false;         // Rule 2.
    std::vector<Candidate> candidates;  // Rule 3.
    candidates.reserve(counter->services.size());
    for (const auto& service : counter->services) {
        LineView line = state.Line(service);
        if (line.oldest_priority && (!priority || ArrivedBefore(*line.oldest_priority, *priority))) {
            priority = line.oldest_priority;
        }
        if (!line.oldest_regular) {
            continue;
        }
        // The oldest regular ticket of a service has been passed at least as often as any other.
        passed_enough = passed_enough || MustGoBeforePriority(line.oldest_regular_overtakes, context.rules);
        auto prior = context.PriorServiceTime(service);
        candidates.push_back({line.oldest_regular, service, ExpectedServiceTime(line.durations, prior, context.rules),
                              std::max(1, line.open_counters), line.open_capacity});
    }
    if (priority && !passed_enough) {
        return priority;
    }
    if (candidates.empty()) {
        return nullptr;
    }
    return candidates[ChooseRegular({state, context, *counter, candidates, now})].ticket;
}

std::vector<std::string> NextCalls(const HallState& state, const HallContext& context, const RoutingPolicy& policy,
                                   std::string_view counter_id, core::Instant now, std::size_t limit) {
    std::vector<std::string> order;
    const CounterState* counter = state.FindCounter(counter_id);
    if (limit == 0 || counter == nullptr || counter->status != CounterStatus::kOpen) {
        return order;
    }
    HallState after = state;  // calls are folded into a copy: later choices see the earlier ones as called
    while (order.size() < limit) {
        const Ticket* next = policy.Choose(after, context, counter_id, now);
        if (next == nullptr) {
            break;
        }
        order.push_back(next->id);
        after.Apply(TicketCalled{.ticket_id = next->id,
                                 .counter_id = std::string(counter_id),
                                 .officer_id = counter->officer_id,
                                 .at = now,
                                 .chosen_by_supervisor = false});
    }
    return order;
}

std::size_t FcfsPolicy::ChooseRegular(const RegularChoice& choice) const {
    const auto& candidates = choice.candidates;
    std::size_t best = 0;
    for (std::size_t i = 1; i < candidates.size(); ++i) {
        if (ArrivedBefore(*candidates[i].ticket, *candidates[best].ticket)) {
            best = i;
        }
    }
    return best;
}

std::size_t BalancedPolicy::ChooseRegular(const RegularChoice& choice) const {
    const auto& candidates = choice.candidates;
    core::Instant oldest = candidates.front().ticket->arrived_at;
    for (const auto& candidate : candidates) {
        oldest = std::min(oldest, candidate.ticket->arrived_at);
    }
    // Only tickets that arrived within the window after the oldest compete; the oldest always does,
    // so a ticket can only be passed by tickets that arrived less than the window after it.
    const core::Instant horizon = oldest + choice.context.rules.overtake_window;
    std::optional<std::size_t> best;
    double best_score = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& candidate = candidates[i];
        if (candidate.ticket->arrived_at >= horizon && candidate.ticket->arrived_at != oldest) {
            continue;
        }
        // Minutes × counters; the deciding counter is open, so capacity is positive.
        double score = std::chrono::duration<double, std::ratio<60>>(candidate.expected_service_time).count() *
                       candidate.open_capacity;
        if (!best || score < best_score ||
            (score == best_score && ArrivedBefore(*candidate.ticket, *candidates[*best].ticket))) {
            best = i;
            best_score = score;
        }
    }
    return best.value_or(0);
}

std::unique_ptr<RoutingPolicy> MakePolicy(std::string_view name) {
    if (name == "fcfs") {
        return std::make_unique<FcfsPolicy>();
    }
    if (name == "balanced") {
        return std::make_unique<BalancedPolicy>();
    }
    return nullptr;
}

std::vector<const Ticket*> CallOrder(const HallState& state, const QueueRules& rules, std::string_view service) {
    std::vector<const Ticket*> priority = state.WaitingLine(service, true);
    std::vector<const Ticket*> regular = state.WaitingLine(service, false);
    std::vector<const Ticket*> order;
    order.reserve(priority.size() + regular.size());
    // Arrivals of the priority tickets placed so far; ascending, since priority goes by arrival.
    std::vector<core::Instant> placed;
    std::size_t p = 0;
    std::size_t r = 0;
    while (p < priority.size() || r < regular.size()) {
        if (r < regular.size()) {
            const Ticket& head = *regular[r];
            int overtakes =
                state.PriorityOvertakes(head) +
                static_cast<int>(placed.end() - std::upper_bound(placed.begin(), placed.end(), head.arrived_at));
            if (p == priority.size() || MustGoBeforePriority(overtakes, rules)) {
                order.push_back(&head);
                ++r;
                continue;
            }
        }
        order.push_back(priority[p]);
        placed.push_back(priority[p]->arrived_at);
        ++p;
    }
    return order;
}

std::optional<int> QueuePosition(const HallState& state, const QueueRules& rules, const Ticket& ticket) {
    if (ticket.status != TicketStatus::kWaiting) {
        return std::nullopt;
    }
    // The common case, a citizen who just took a number, without building the order: a regular
    // ticket that arrived after everyone waiting goes after every one of them (rule 2 can only move
    // it before priority tickets once it has been passed enough, and those that passed it are not
    // waiting any more), so it is last.
    if (!ticket.is_priority() && state.ArrivedLastInLine(ticket) &&
        !MustGoBeforePriority(state.PriorityOvertakes(ticket), rules)) {
        return state.WaitingCount(ticket.service);
    }
    auto order = CallOrder(state, rules, ticket.service);
    auto it = std::find(order.begin(), order.end(), &ticket);
    if (it == order.end()) {
        return std::nullopt;
    }
    return static_cast<int>(it - order.begin()) + 1;
}

std::optional<int> QueuePosition(const HallState& state, const QueueRules& rules, std::string_view ticket_id) {
    const Ticket* ticket = state.FindTicket(ticket_id);
    return ticket ? QueuePosition(state, rules, *ticket) : std::nullopt;
}

}  // namespace layan::domain::queue
