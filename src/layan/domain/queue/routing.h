#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/time.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/domain/queue/hall_state.h"

namespace layan::domain::queue {

/// A service a counter could take its next regular ticket from, with what policies weigh.
struct Candidate {
    const Ticket* ticket = nullptr;  ///< The earliest-arrived waiting regular ticket of the service.
    std::string_view service{};
    core::Millis expected_service_time{0};  ///< ExpectedServiceTime (prediction.h) of the service.
    int open_counters = 0;                  ///< Open counters serving the service, the deciding one included.
    double open_capacity = 0;               ///< LineView::open_capacity: counters' worth of time it can expect.
};

/// What a policy sees when it picks among regular tickets (rule 3 below).
struct RegularChoice {
    const HallState& state;
    const HallContext& context;
    const CounterState& counter;  ///< The open counter that calls.
    std::span<const Candidate>
        candidates;  ///< Non-empty: one per service of the counter with a regular ticket waiting.
    core::Instant now;
};

/// Decides which ticket a counter calls next. The officer never picks: CallNext asks the hall's
/// policy (a supervisor's explicit choice is CallSpecific, recorded as such).
///
/// Every policy applies the same citizen rules, in Choose; a policy only orders regular tickets of
/// different services (within one service tickets are always called by arrival):
///  1. Priority citizens (UU 25/2009 art. 29) go first, by arrival, unless
///  2. a regular ticket waiting for one of the counter's services has already been passed by
///     QueueRules::max_priority_overtakes priority tickets: then the counter calls a regular ticket.
///  3. The policy picks the regular ticket among the oldest regular ticket of each of the counter's
///     services.
/// So a regular citizen is passed by at most K = max_priority_overtakes priority citizens, and a
/// priority citizen waits only behind other priority citizens and regular citizens already passed
/// K times.
class RoutingPolicy {
public:
    virtual ~RoutingPolicy() = default;

    /// The ticket `counter_id` should call now; nullptr when the counter is not open or no ticket
    /// of its services waits. Pure: the same state, context and instant give the same ticket.
    [[nodiscard]] const Ticket* Choose(const HallState& state, const HallContext& context, std::string_view counter_id,
                                       core::Instant now) const;

    /// "fcfs" or "balanced".
    [[nodiscard]] virtual std::string_view Name() const = 0;

private:
    /// Rule 3: the index of the chosen candidate in `choice.candidates` (in the counter's service order).
    [[nodiscard]] virtual std::size_t ChooseRegular(const RegularChoice& choice) const = 0;
};

/// First come, first served: the earliest-arrived regular ticket among the counter's services.
class FcfsPolicy final : public RoutingPolicy {
public:
    [[nodiscard]] std::string_view Name() const override { return "fcfs"; }

private:
    [[nodiscard]] std::size_t ChooseRegular(const RegularChoice& choice) const override;
};

/// layan's default. Among the regular tickets that arrived less than QueueRules::overtake_window
/// after the oldest one waiting at the counter, it calls the one with the smallest
///   expected service time × open capacity of its service
/// (open capacity: the open counters serving the service, each counted as 1 / the number of services
/// it serves). Shortest job first: fewer people wait behind a long service. Scaled by scarcity: work
/// that little other capacity can do is taken here, work other counters can do is left to them.
/// Ties by arrival. Starvation-free: nobody is passed by a regular ticket that arrived
/// overtake_window or more after them, nor by more than max_priority_overtakes priority tickets.
class BalancedPolicy final : public RoutingPolicy {
public:
    [[nodiscard]] std::string_view Name() const override { return "balanced"; }

private:
    [[nodiscard]] std::size_t ChooseRegular(const RegularChoice& choice) const override;
};

/// The policy named "fcfs" or "balanced"; nullptr for any other name.
[[nodiscard]] std::unique_ptr<RoutingPolicy> MakePolicy(std::string_view name);

/// The waiting tickets `counter_id` would call, in order, if it called `limit` times from `state` at `now` and
/// nobody else called or arrived: each is the policy's Choose after the ones before it were called. The
/// officer console's "next" list, so it shows exactly what call-next will do. Ticket ids; empty when the
/// counter is not open or nobody waits for its services. O(limit × Choose) after one copy of the state.
[[nodiscard]] std::vector<std::string> NextCalls(const HallState& state, const HallContext& context,
                                                 const RoutingPolicy& policy, std::string_view counter_id,
                                                 core::Instant now, std::size_t limit);

/// The order in which the waiting tickets of one service would be called at counters serving only
/// that service if nobody else arrived: rules 1 and 2 above applied to its priority and regular
/// queues. Used for positions and wait predictions.
[[nodiscard]] std::vector<const Ticket*> CallOrder(const HallState& state, const QueueRules& rules,
                                                   std::string_view service);

/// The 1-based place of a waiting ticket in CallOrder of its service; nullopt when it is unknown
/// or not waiting.
[[nodiscard]] std::optional<int> QueuePosition(const HallState& state, const QueueRules& rules,
                                               std::string_view ticket_id);

/// The same for a ticket of the state; O(log n) for a regular ticket that arrived after everyone
/// waiting for its service (a ticket just issued), O(n log n) otherwise.
[[nodiscard]] std::optional<int> QueuePosition(const HallState& state, const QueueRules& rules, const Ticket& ticket);

}  // namespace layan::domain::queue
