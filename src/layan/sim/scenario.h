#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"

/// What the simulator simulates: a hall's day described by rates and people, not by events. The
/// JSON format is documented in docs/SIMULATOR.md; parsing rejects unknown keys and inconsistent
/// data with a sentence that names the field.
namespace layan::sim {

enum class ServiceDistribution { kLognormal, kExponential };

/// One service of the hall: how long it takes and how many citizens come for it.
struct ServiceSpec {
    std::string code{};
    double mean_service_min = 0;  ///< Mean service time, minutes (> 0).
    double service_cv = 0;        ///< Coefficient of variation of the service time (lognormal only).
    ServiceDistribution distribution = ServiceDistribution::kLognormal;
    /// Poisson arrival rate per open hour (citizens per hour), one per hour from `open`; the last
    /// rate covers a last partial hour.
    std::vector<double> arrivals_per_hour{};
};

/// One officer: opens a counter with all their skills at `start`, closes it at `end`.
struct OfficerSpec {
    std::string id{};
    std::vector<std::string> skills{};  ///< Service codes, in the officer's order (the first is their own loket's).
    std::chrono::minutes start{0};      ///< Local time of day.
    std::chrono::minutes end{0};
};

struct Scenario {
    std::string name{};
    std::uint64_t seed = 1;
    int days = 20;
    std::chrono::minutes open{8 * 60};  ///< The hall takes numbers from `open` until `close`.
    std::chrono::minutes close{15 * 60};
    std::vector<ServiceSpec> services{};
    std::vector<OfficerSpec> officers{};
    double priority_share = 0;             ///< Share of arrivals in a priority class (UU 25/2009 art. 29).
    std::optional<double> patience_min{};  ///< Mean of an exponential patience; none: nobody leaves.

    /// Hours with an arrival rate: (close - open) rounded up to whole hours.
    [[nodiscard]] int OpenHours() const;
    /// The index of a service code, or nullopt.
    [[nodiscard]] std::optional<std::size_t> ServiceIndex(std::string_view code) const;
};

/// Reads a scenario; kMalformed for JSON that does not parse, kInvalid ("invalid_scenario") for a
/// scenario that is not consistent. Each message names the field: "services[2].arrivals_per_hour
/// has 6 rates but the hall is open 7 hours (08:00–15:00)".
[[nodiscard]] core::Result<Scenario> ParseScenario(const nlohmann::json& json);
[[nodiscard]] core::Result<Scenario> ParseScenario(std::string_view text);
[[nodiscard]] core::Result<Scenario> LoadScenario(const std::filesystem::path& path);

/// The scenario in its JSON format (ParseScenario(ToJson(s)) gives s back).
[[nodiscard]] nlohmann::json ToJson(const Scenario& scenario);

/// "08:05" for 485 minutes.
[[nodiscard]] std::string FormatClock(std::chrono::minutes time_of_day);

}  // namespace layan::sim
