#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <vector>

#include "layan/core/error.h"
#include "layan/sim/scenario.h"

/// The work of simulated days: who arrives when, for what, how long they take and how long they
/// would wait. Drawn once from a scenario and a seed, then replayed under every policy or staffing
/// being compared (common random numbers: differences come from the decisions, not from luck), and
/// written to or read from a CSV trace so other simulators can replay the very same work.
namespace layan::sim {

/// One citizen's visit. Times are whole milliseconds from the day's local midnight.
struct Citizen {
    std::int64_t arrival_ms = 0;
    std::uint32_t service = 0;  ///< Index into Scenario::services.
    bool priority = false;
    std::int64_t service_ms = 1;    ///< How long serving them takes (at least 1 ms).
    std::int64_t patience_ms = -1;  ///< How long they wait before leaving; -1: they never leave.
};

/// One day's citizens, by arrival (ties by service order).
using DayWork = std::vector<Citizen>;

struct Workload {
    std::vector<DayWork> days{};

    [[nodiscard]] std::size_t Citizens() const;
};

/// Draws `days` days of work: per service and open hour, Poisson arrivals at that hour's rate;
/// each citizen a priority citizen with probability Scenario::priority_share; service times
/// lognormal (mean, cv) or exponential (mean); patience exponential with Scenario::patience_min
/// when given. Day d uses its own stream of `seed`, so day 3 is the same whatever `days` is.
[[nodiscard]] Workload Generate(const Scenario& scenario, std::uint64_t seed, int days);

/// Writes the CSV trace: a header, then one line per citizen:
/// `day,arrival,service,priority,service_min,patience_min` — day from 1, arrival "HH:MM:SS.mmm" local,
/// priority 0/1, minutes with 6 decimals (exact to the millisecond), patience empty when none.
void WriteTrace(std::ostream& out, const Scenario& scenario, const Workload& work);

/// Reads a CSV trace written by WriteTrace (or by hand) for the scenario's services; kInvalid
/// ("invalid_trace") naming the line for anything else: an unknown service, an arrival outside
/// the hall's hours, a day out of order.
[[nodiscard]] core::Result<Workload> ReadTrace(std::istream& in, const Scenario& scenario);
[[nodiscard]] core::Result<Workload> LoadTrace(const std::filesystem::path& path, const Scenario& scenario);

}  // namespace layan::sim
