#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/domain/queue/hall_context.h"
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
    std::uint32_t service = 0;
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
    std::vector<TicketOutcome> tickets{};  ///< In arrival order (as the day's work).
    std::vector<OfficerOutcome> officers{};
    std::uint64_t events = 0;  ///< Domain events folded into the hall's state.
};

struct Run {
    std::string policy{};
    std::vector<DayOutcome> days{};

    [[nodiscard]] std::uint64_t Events() const;
};

/// A simulated hall: the scenario's services, one counter per officer, and a policy.
///
/// Each day starts empty. Officers open their counters at their start and close them at their end
/// after the citizen in hand; an officer whose end is at or after the hall's close stays until
/// nobody waits for their services (those inside when the hall closes are still served). At each
/// instant: services finish, officers leave and arrive, citizens arrive (IssueTicket, then
/// PredictWait), impatient citizens leave (Cancel); then every free counter, in officer order, calls
/// next (CallNext with the policy) and starts serving at once.
class Simulator {
public:
    Simulator(const Scenario& scenario, Policy policy);

    [[nodiscard]] DayOutcome Day(const DayWork& work) const;
    [[nodiscard]] Run Simulate(const Workload& work) const;

    [[nodiscard]] const domain::queue::HallContext& context() const { return context_; }
    [[nodiscard]] const Policy& policy() const { return policy_; }

private:
    const Scenario& scenario_;
    Policy policy_;
    domain::queue::HallContext context_;
    std::vector<std::vector<std::string>> counter_services_;  // Per officer.
};

}  // namespace layan::sim
