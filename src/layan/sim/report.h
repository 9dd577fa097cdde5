#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/sim/scenario.h"
#include "layan/sim/simulator.h"
#include "layan/sim/statistics.h"

/// What a simulation run tells: waits overall, per service and per priority class, officers'
/// utilisation, and how good the wait predictions were. The JSON is documented in docs/SIMULATOR.md.
namespace layan::sim {

/// The wait of served citizens, minutes: each figure a mean over days of that day's figure, with
/// its 95 % confidence interval; max is the longest wait of all days.
struct WaitSummary {
    Estimate mean{};
    Estimate p50{};
    Estimate p90{};
    Estimate p95{};
    double max = 0;
};

/// Citizens of one group (all, a service, a priority class) over all days.
struct GroupReport {
    std::string name{};
    std::int64_t arrived = 0;
    std::int64_t served = 0;
    std::int64_t abandoned = 0;
    std::int64_t unserved = 0;  ///< Still waiting when every counter able to serve them had closed.
    WaitSummary wait{};
    /// Share of arrivals served within the target wait (Options::target_wait_min), per day.
    Estimate within_target{};
};

/// A wait predictor judged on the served citizens, at the moment they took their number.
struct PredictorAccuracy {
    double mae_min = 0;
    double rmse_min = 0;
    double within_5_min = 0;    ///< Share predicted within ±5 minutes of the actual wait.
    double underestimated = 0;  ///< Share that waited longer than predicted.
};

/// Citizens who arrived in one open hour, over all days.
struct HourReport {
    std::chrono::minutes start{0};  ///< Local time the hour starts.
    std::int64_t arrived = 0;
    std::int64_t served = 0;
    double mean_wait_min = 0;  ///< Of those served.
};

struct OfficerReport {
    std::string id{};
    double present_hours = 0;
    double busy_hours = 0;
    double utilisation = 0;  ///< busy / present.
};

struct Report {
    std::string scenario{};
    std::string policy{};
    int days = 0;
    double target_wait_min = 15;
    GroupReport overall{};
    std::vector<GroupReport> services{};
    std::vector<GroupReport> classes{};  ///< "priority", "regular".
    std::vector<HourReport> hours{};     ///< By arrival hour, from `open`.
    std::vector<OfficerReport> officers{};
    double utilisation = 0;  ///< All officers' busy time over their present time.
    PredictorAccuracy layan{};
    PredictorAccuracy queue_length{};
    double mse_ratio = 0;  ///< layan's mean squared error over the queue-length predictor's.
    std::uint64_t events = 0;
};

/// Summarises a run of `scenario`; `target_wait_min` is the wait the within-target share counts.
[[nodiscard]] Report Summarize(const Scenario& scenario, const Run& run, double target_wait_min = 15);

/// Several policies' reports on the same work, as JSON:
/// {"scenario", "days", "seed", "target_wait_min", "runs": [...], "comparison": [...]}.
[[nodiscard]] nlohmann::json ToJson(const std::vector<Report>& reports, std::uint64_t seed);

/// The same as tables for a terminal.
[[nodiscard]] std::string RenderTable(const std::vector<Report>& reports, std::uint64_t seed);

/// Rounds to `digits` decimals, so that reports read well and compare byte for byte.
[[nodiscard]] double Rounded(double value, int digits = 3);

}  // namespace layan::sim
