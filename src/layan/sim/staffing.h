#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/sim/scenario.h"
#include "layan/sim/statistics.h"
#include "layan/sim/workload.h"

/// How many officers each service needs each open hour to meet a service level, by the formulas
/// (Erlang C; Erlang A when citizens' patience is given) and checked by simulating that staffing.
namespace layan::sim {

/// "80% within 15 min": a share of citizens served within a wait.
struct ServiceTarget {
    double share = 0.8;
    double wait_min = 15;
};

/// Parses "80% within 15 min" (also "80% dalam 15 menit"); kInvalid ("invalid_target") otherwise.
[[nodiscard]] core::Result<ServiceTarget> ParseTarget(std::string_view text);

/// One service in one open hour.
struct StaffingCell {
    int hour = 0;  ///< From 0 (the hour from `open`).
    std::string service{};
    double arrivals_per_hour = 0;
    double load = 0;   ///< Offered load, Erlangs: arrivals per hour × mean service hours.
    int officers = 0;  ///< The fewest officers meeting the target by the formula (0 with no arrivals).
    double formula_p_wait = 0;
    double formula_p_abandon = 0;  ///< Erlang A only.
    double formula_level = 1;      ///< Share served within the target wait, by the formula.
    Estimate simulated_level{};    ///< The same, simulated with that staffing (mean over days ±95 % CI).
};

struct StaffingPlan {
    ServiceTarget target{};
    std::string model{};  ///< "erlang_c" or "erlang_a".
    std::vector<StaffingCell> cells{};
    std::vector<int> officers_per_hour{};  ///< Sum over services.
    Scenario staffed{};                    ///< The scenario with one single-skill officer per needed shift.
};

/// Sizes each (hour, service) independently as its own M/M/c (+M) queue at that hour's rate, builds
/// the staffed scenario (an officer per service and level of need, on shift for the hours that need
/// them), simulates `work` on it with one queue per service, and reports each hour's simulated level.
[[nodiscard]] StaffingPlan PlanStaffing(const Scenario& scenario, ServiceTarget target, const Workload& work);

[[nodiscard]] nlohmann::json ToJson(const StaffingPlan& plan);
[[nodiscard]] std::string RenderTable(const StaffingPlan& plan);

}  // namespace layan::sim
