#include "layan/sim/training.h"

#include <algorithm>

#include <fmt/format.h>

#include "layan/sim/report.h"

namespace layan::sim {

namespace {

using nlohmann::json;

constexpr std::size_t kScreenDays = 5;
constexpr std::size_t kFinalists = 3;

// Each day's mean wait of served citizens, minutes (0 for a day nobody was served).
std::vector<double> DailyMeanWaits(const Scenario& scenario, const std::string& policy, const Workload& work) {
    Simulator simulator(scenario, *PolicyNamed(policy));
    std::vector<double> means;
    for (const auto& day : work.days) {
        DayOutcome outcome = simulator.Day(day);
        double sum = 0;
        int served = 0;
        for (const auto& ticket : outcome.tickets) {
            if (ticket.fate == TicketOutcome::Fate::kServed) {
                sum += static_cast<double>(ticket.wait_ms) / 60'000.0;
                ++served;
            }
        }
        means.push_back(served > 0 ? sum / served : 0);
    }
    return means;
}

double Mean(const std::vector<double>& values) { return MeanOf(values).value; }

struct Candidate {
    std::size_t officer = 0;
    std::string service{};
    double screened = 0;
};

json EstimateJson(const Estimate& e) { return {{"value", Rounded(e.value)}, {"ci95", Rounded(e.ci95)}}; }

}  // namespace

TrainingAdvice AdviseTraining(const Scenario& scenario, const Workload& work, const std::string& policy, int budget,
                              const Progress& progress) {
    TrainingAdvice advice;
    advice.policy = policy;
    Scenario current = scenario;
    Workload screen;
    screen.days.assign(work.days.begin(),
                       work.days.begin() + static_cast<std::ptrdiff_t>(std::min(kScreenDays, work.days.size())));
    std::vector<double> before = DailyMeanWaits(current, policy, work);
    advice.baseline = MeanOf(before);
    for (int step = 0; step < budget; ++step) {
        std::vector<Candidate> candidates;
        for (std::size_t o = 0; o < current.officers.size(); ++o) {
            const auto& skills = current.officers[o].skills;
            for (const auto& service : current.services) {
                if (std::find(skills.begin(), skills.end(), service.code) == skills.end()) {
                    candidates.push_back({o, service.code, 0});
                }
            }
        }
        if (candidates.empty()) {
            break;
        }
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            Scenario trained = current;
            trained.officers[candidates[i].officer].skills.push_back(candidates[i].service);
            candidates[i].screened = Mean(DailyMeanWaits(trained, policy, screen));
            ++advice.candidates_simulated;
            if (progress) {
                progress((step + static_cast<double>(i + 1) / static_cast<double>(candidates.size())) / budget);
            }
        }
        std::stable_sort(candidates.begin(), candidates.end(),
                         [](const Candidate& a, const Candidate& b) { return a.screened < b.screened; });
        std::optional<std::size_t> best;
        std::vector<double> best_after;
        for (std::size_t i = 0; i < std::min(kFinalists, candidates.size()); ++i) {
            Scenario trained = current;
            trained.officers[candidates[i].officer].skills.push_back(candidates[i].service);
            std::vector<double> after = DailyMeanWaits(trained, policy, work);
            if (!best || Mean(after) < Mean(best_after)) {
                best = i;
                best_after = std::move(after);
            }
        }
        if (!best || Mean(best_after) >= Mean(before)) {
            break;  // No further training shortens the waits.
        }
        const Candidate& chosen = candidates[*best];
        std::vector<double> saved(before.size());
        for (std::size_t d = 0; d < before.size(); ++d) {
            saved[d] = before[d] - best_after[d];
        }
        advice.steps.push_back(
            {current.officers[chosen.officer].id, chosen.service, MeanOf(before), MeanOf(best_after), MeanOf(saved)});
        current.officers[chosen.officer].skills.push_back(chosen.service);
        before = std::move(best_after);
    }
    if (progress) {
        progress(1.0);
    }
    return advice;
}

json ToJson(const TrainingAdvice& advice) {
    json steps = json::array();
    for (const auto& step : advice.steps) {
        steps.push_back({{"officer", step.officer},
                         {"service", step.service},
                         {"mean_wait_before_min", EstimateJson(step.before)},
                         {"mean_wait_after_min", EstimateJson(step.after)},
                         {"saved_min", EstimateJson(step.saved)}});
    }
    return {{"policy", advice.policy},
            {"baseline_mean_wait_min", EstimateJson(advice.baseline)},
            {"steps", std::move(steps)},
            {"candidates_simulated", advice.candidates_simulated}};
}

std::string RenderTable(const TrainingAdvice& advice) {
    std::string out =
        fmt::format("Policy {}: mean wait today {:.1f} ±{:.1f} min ({} candidate trainings simulated)\n\n",
                    advice.policy, advice.baseline.value, advice.baseline.ci95, advice.candidates_simulated);
    if (advice.steps.empty()) {
        out += "  No single new skill shortens the mean wait.\n";
        return out;
    }
    out += fmt::format("  {:<3} {:<12} {:<10} {:>16} {:>16} {:>16}\n", "#", "officer", "learns", "before (min)",
                       "after (min)", "saved (min)");
    int n = 0;
    for (const auto& step : advice.steps) {
        out += fmt::format("  {:<3} {:<12} {:<10} {:>10.2f} ±{:<4.2f} {:>10.2f} ±{:<4.2f} {:>10.2f} ±{:<4.2f}\n", ++n,
                           step.officer, step.service, step.before.value, step.before.ci95, step.after.value,
                           step.after.ci95, step.saved.value, step.saved.ci95);
    }
    return out;
}

}  // namespace layan::sim
