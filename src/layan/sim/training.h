#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/sim/scenario.h"
#include "layan/sim/simulator.h"
#include "layan/sim/statistics.h"
#include "layan/sim/workload.h"

/// Which officer should learn which service: the competency development that shortens citizens'
/// waits the most, measured by simulating the hall with and without each new skill on the same work.
namespace layan::sim {

struct TrainingStep {
    std::string officer{};
    std::string service{};
    Estimate before{};  ///< Mean wait (minutes) of served citizens before this training, over days ±95 % CI.
    Estimate after{};   ///< The same with the officer trained (and the earlier steps).
    Estimate saved{};   ///< Per-day paired difference before − after (common random numbers).
};

struct TrainingAdvice {
    std::string policy{};
    Estimate baseline{};                ///< Mean wait with today's skills.
    std::vector<TrainingStep> steps{};  ///< In the order to train; fewer than the budget when nothing else helps.
    int candidates_simulated = 0;
};

/// Progress from 0 to 1, for pages that show it.
using Progress = std::function<void(double)>;

/// Greedy: at each step every (officer, service the officer lacks) candidate is simulated on the
/// first min(days, 5) days of `work`; the three best are simulated on all days; the best of those
/// is taken when it shortens the mean wait. `budget` steps at most.
[[nodiscard]] TrainingAdvice AdviseTraining(const Scenario& scenario, const Workload& work, const std::string& policy,
                                            int budget, const Progress& progress = {});

[[nodiscard]] nlohmann::json ToJson(const TrainingAdvice& advice);
[[nodiscard]] std::string RenderTable(const TrainingAdvice& advice);

}  // namespace layan::sim
