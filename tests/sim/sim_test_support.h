#pragma once

// Scenarios the simulator tests share.

#include <string>
#include <vector>

#include "layan/sim/scenario.h"

namespace layan::sim::testing {

/// One service at a constant rate all day, `servers` officers who know it, exponential or lognormal
/// service, no priority and no patience unless given: an M/M/c queue when exponential.
inline Scenario SingleQueue(double per_hour, double mean_min, int servers, int days,
                            ServiceDistribution distribution = ServiceDistribution::kExponential,
                            std::chrono::minutes open = std::chrono::minutes{0},
                            std::chrono::minutes close = std::chrono::minutes{24 * 60}) {
    Scenario scenario;
    scenario.name = "single queue";
    scenario.days = days;
    scenario.open = open;
    scenario.close = close;
    ServiceSpec service;
    service.code = "KTP";
    service.mean_service_min = mean_min;
    service.service_cv = 0.5;
    service.distribution = distribution;
    service.arrivals_per_hour.assign(static_cast<std::size_t>(scenario.OpenHours()), per_hour);
    scenario.services.push_back(service);
    for (int i = 0; i < servers; ++i) {
        scenario.officers.push_back({"O" + std::to_string(i + 1), {"KTP"}, open, close});
    }
    return scenario;
}

}  // namespace layan::sim::testing
