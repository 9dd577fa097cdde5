#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/domain/queue/events.h"
#include "layan/domain/queue/hall_context.h"
#include "layan/domain/queue/hall_state.h"
#include "layan/domain/queue/routing.h"
#include "layan/sim/scenario.h"
#include "layan/sim/workload.h"

/// The hall's digital twin: a discrete-event simulation that decides nothing itself. Every ticket
/// is issued, called, served, cancelled through the commands of domain/queue, folded into a
/// domain::queue::HallState, and routed by the same RoutingPolicy and predicted by the same
/// PredictWait as at the counters; what it measures is what citizens get.
namespace layan::sim {

/// How officers' counters are set up in a simulation.
enum class Staffing {
    kSkills,     ///< Each counter serves all its officer's skills (what layan does).
    kDedicated,  ///< Each counter serves only its officer's first skill: one queue per loket.
    kPooled,     ///< Every counter serves every service: full flexibility, the reference.
};

/// A policy by name: a staffing and a routing rule.
///  - "dedicated": Staffing::kDedicated, FCFS (today's common practice);
///  - "fcfs": Staffing::kSkills, FCFS over each counter's services;
///  - "balanced": Staffing::kSkills, the balanced routing policy;
///  - "default": whatever the server uses by default (engine::Engine::Options) — "balanced";
///  - "pooled": Staffing::kPooled, FCFS.
struct Policy {
    std::string name{};
    Staffing staffing = Staffing::kSkills;
    std::shared_ptr<const domain::queue::RoutingPolicy> routing{};
};

/// The policy names, in the order reports list them.
[[nodiscard]] std::span<const std::string_view> PolicyNames();
/// The policy of a name; kInvalid ("unknown_policy") listing the names otherwise.
[[nodiscard]] core::Result<Policy> PolicyNamed(std::string_view name);

/// What became of one citizen.
struct TicketOutcome {
    enum class Fate : std::uint8_t {
        kServed,     ///< Called and served; wait_ms is until the call.
        kAbandoned,  ///< Left after their patience; wait_ms is how long they waited.
        kUnserved,   ///< Still waiting when every counter able to serve them had closed.
    };
    std::uint32_t service = 0;  ///< Visit::group (for scenarios: the index into Scenario::services).
    bool priority = false;
    Fate fate = Fate::kServed;
    std::int64_t arrival_ms = 0;
    std::int64_t wait_ms = 0;
    std::int64_t predicted_ms = 0;  ///< layan's prediction at issue (PredictWait::expected).
    std::int64_t naive_ms = 0;      ///< position × mean service time ÷ open counters, at issue.
};

/// One officer's day.
struct OfficerOutcome {
    std::int64_t present_ms = 0;  ///< From opening to closing their counter (overtime included).
    std::int64_t busy_ms = 0;     ///< Serving citizens.
};

struct DayOutcome {
    std::vector<TicketOutcome> tickets{};    ///< In visit order.
    std::vector<OfficerOutcome> officers{};  ///< In counter order.
    std::uint64_t events = 0;                ///< Domain events folded into the hall's state.
    /// The events themselves, in order, when recording (DayOptions::record, Simulator::Record).
    std::vector<domain::queue::Event> log{};
};

/// The days of one policy.
struct Run {
    std::string policy{};
    std::vector<DayOutcome> days{};

    [[nodiscard]] std::uint64_t Events() const;
};

/// One counter of a simulated day. Times are milliseconds from the day's base instant.
struct CounterPlan {
    std::string counter_id{};
    std::string officer_id{};
    std::vector<std::string> services{};  ///< Opened with these (a subset of the officer's skills).
    std::int64_t start_ms = 0;
    std::int64_t end_ms = INT64_MAX;
    /// Past end_ms the officer stays until nobody waits for the counter's services; otherwise the
    /// counter closes at end_ms, after the citizen in hand.
    bool stays_until_empty = true;
};

/// One citizen of a simulated day.
struct Visit {
    std::int64_t arrival_ms = 0;  ///< From the day's base instant; visits are in arrival order.
    std::string_view service{};   ///< Service code.
    std::optional<domain::queue::PriorityReason> priority{};
    std::int64_t service_ms = 1;
    std::int64_t patience_ms = -1;  ///< -1: never leaves.
    std::uint32_t group = 0;        ///< Carried to TicketOutcome::service.
};

struct DayOptions {
    bool record = false;  ///< Keep the events in DayOutcome::log.
    /// Told each call before it is applied: the state as the routing policy saw it, the counter and
    /// the called ticket (tests measure fairness with it).
    std::function<void(const domain::queue::HallState& before, std::string_view counter_id,
                       const domain::queue::Ticket& called, core::Instant now)>
        on_call{};
};

/// Runs one day of a hall through the commands of domain/queue, from an empty state at `base`.
///
/// Counters open at their start and close at their end as CounterPlan says. At each instant:
/// services finish, counters close and open, citizens arrive (IssueTicket, then PredictWait; the
/// queue-length prediction uses the service's prior mean, HallContext::PriorServiceTime),
/// impatient citizens leave (Cancel); then every free counter with someone waiting for its
/// services, in plan order, calls next (CallNext with `policy`) and starts serving at once.
[[nodiscard]] DayOutcome SimulateDay(const domain::queue::HallContext& context, core::Instant base,
                                     std::span<const CounterPlan> counters, std::span<const Visit> visits,
                                     const domain::queue::RoutingPolicy& policy, const DayOptions& options = {});

/// A simulated hall: the scenario's services, one counter per officer ("1", "2"... in officer
/// order), and a policy; each day a SimulateDay.
///
/// Officers open their counters at their start and close them at their end after the citizen in
/// hand; an officer whose end is at or after the hall's close stays until nobody waits for their
/// services (those inside when the hall closes are still served). The predictor's prior for each
/// service is its true mean, as in a hall with a few weeks of history.
class Simulator {
public:
    Simulator(const Scenario& scenario, Policy policy);

    /// Keeps every day's events in DayOutcome::log (off by default: a day's log is larger than its outcome).
    Simulator& Record(bool on = true) {
        record_ = on;
        return *this;
    }

    [[nodiscard]] DayOutcome Day(const DayWork& work) const;
    [[nodiscard]] Run Simulate(const Workload& work) const;

    [[nodiscard]] const domain::queue::HallContext& context() const { return context_; }
    [[nodiscard]] const Policy& policy() const { return policy_; }

private:
    const Scenario& scenario_;
    Policy policy_;
    domain::queue::HallContext context_;
    std::vector<CounterPlan> counters_;
    bool record_ = false;
};

}  // namespace layan::sim
