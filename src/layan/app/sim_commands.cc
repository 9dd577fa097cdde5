#include "layan/app/sim_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "layan/app/open.h"
#include "layan/core/time.h"
#include "layan/engine/history.h"
#include "layan/sim/history.h"
#include "layan/sim/report.h"
#include "layan/sim/scenario.h"
#include "layan/sim/simulator.h"
#include "layan/sim/staffing.h"
#include "layan/sim/training.h"
#include "layan/sim/workload.h"

namespace layan::app {

namespace {

int Fail(const core::Error& error) {
    std::cerr << "layan: " << error.message << " (" << error.code << ")\n";
    return 1;
}

// The scenario with --days and --seed applied, and its work: drawn, or replayed from --trace.
struct Setup {
    sim::Scenario scenario{};
    sim::Workload work{};
};

core::Result<Setup> Prepare(const std::string& path, std::optional<int> days, std::optional<std::uint64_t> seed,
                            const std::string& trace) {
    auto scenario = sim::LoadScenario(path);
    if (!scenario) {
        return tl::unexpected(scenario.error());
    }
    Setup setup{std::move(*scenario), {}};
    if (days) {
        setup.scenario.days = *days;
    }
    if (seed) {
        setup.scenario.seed = *seed;
    }
    if (!trace.empty()) {
        auto work = sim::LoadTrace(trace, setup.scenario);
        if (!work) {
            return tl::unexpected(work.error());
        }
        setup.work = std::move(*work);
        setup.scenario.days = static_cast<int>(setup.work.days.size());
    } else {
        setup.work = sim::Generate(setup.scenario, setup.scenario.seed, setup.scenario.days);
    }
    return setup;
}

void Common(CLI::App* command, std::string& scenario, std::optional<int>& days, std::optional<std::uint64_t>& seed,
            std::string& trace, bool& json) {
    command->add_option("scenario", scenario, "The scenario file (JSON; docs/SIMULATOR.md)")->required();
    command->add_option("--days", days, "Days to simulate (default: the scenario's)")->check(CLI::Range(1, 100'000));
    command->add_option("--seed", seed, "Random seed (default: the scenario's)");
    command->add_option("--trace", trace, "Replay the arrivals of this CSV trace instead of drawing them");
    command->add_flag("--json", json, "Print JSON instead of tables");
}

}  // namespace

SimCommands::SimCommands(CLI::App& app) {
    simulate_ = app.add_subcommand("simulate", "Simulate the hall of a scenario under routing policies");
    Common(simulate_, scenario_path_, days_, seed_, trace_, json_);
    simulate_->add_option("--policy", policy_,
                          "dedicated, fcfs, balanced, default or pooled; several separated by commas, or all");
    simulate_->add_option("--dump-trace", dump_trace_, "Write the simulated arrivals to this CSV file");

    staffing_ = app.add_subcommand("staffing",
                                   "Officers needed per open hour and service (Erlang C/A), checked by "
                                   "simulation");
    Common(staffing_, scenario_path_, days_, seed_, trace_, json_);
    staffing_->add_option("--target", target_, "The service level, e.g. \"80% within 15 min\"");

    advise_ = app.add_subcommand("advise-training", "Which officers should learn which services to cut waits most");
    Common(advise_, scenario_path_, days_, seed_, trace_, json_);
    advise_->add_option("--budget", budget_, "How many trainings to advise")->check(CLI::Range(1, 50));
    advise_->add_option("--policy", policy_, "The routing policy the hall runs (default: the server's)");

    scenario_ = app.add_subcommand("scenario", "Scenarios for the simulator");
    scenario_->require_subcommand(1);
    from_history_ = scenario_->add_subcommand("from-history", "Write a scenario learned from a hall's recorded days");
    from_history_->add_option("--hall", hall_, "The hall")->required();
    from_history_->add_option("--from", from_, "First day, YYYY-MM-DD")->required();
    from_history_->add_option("--to", to_, "Last day, YYYY-MM-DD (at most 366 days after --from)")->required();
    from_history_->add_option("--out", out_, "Write the scenario to this file instead of the standard output");
}

std::optional<int> SimCommands::Run(const Config& config) {
    if (*simulate_) {
        return Simulate();
    }
    if (*staffing_) {
        return Staffing();
    }
    if (*advise_) {
        return AdviseTraining();
    }
    if (*from_history_) {
        return FromHistory(config);
    }
    return std::nullopt;
}

int SimCommands::Simulate() const {
    std::vector<std::string> names;
    if (policy_ == "all") {
        for (auto name : sim::PolicyNames()) {
            names.emplace_back(name);
        }
    } else {
        std::stringstream list(policy_);
        for (std::string name; std::getline(list, name, ',');) {
            names.push_back(name);
        }
    }
    std::vector<sim::Policy> policies;
    for (const auto& name : names) {
        auto policy = sim::PolicyNamed(name);
        if (!policy) {
            return Fail(policy.error());
        }
        policies.push_back(std::move(*policy));
    }
    auto setup = Prepare(scenario_path_, days_, seed_, trace_);
    if (!setup) {
        return Fail(setup.error());
    }
    if (!dump_trace_.empty()) {
        std::ofstream out(dump_trace_, std::ios::binary | std::ios::trunc);
        sim::WriteTrace(out, setup->scenario, setup->work);
        out.close();
        if (!out) {
            return Fail({core::ErrorKind::kUnavailable, "trace_not_written",
                         fmt::format("cannot write the trace file {}", dump_trace_), nullptr});
        }
    }
    std::vector<sim::Report> reports;
    for (auto& policy : policies) {
        sim::Simulator simulator(setup->scenario, std::move(policy));
        reports.push_back(sim::Summarize(setup->scenario, simulator.Simulate(setup->work)));
    }
    if (json_) {
        std::cout << sim::ToJson(reports, setup->scenario.seed).dump(2) << "\n";
    } else {
        std::cout << sim::RenderTable(reports, setup->scenario.seed);
    }
    return 0;
}

int SimCommands::Staffing() const {
    auto target = sim::ParseTarget(target_);
    if (!target) {
        return Fail(target.error());
    }
    auto setup = Prepare(scenario_path_, days_, seed_, trace_);
    if (!setup) {
        return Fail(setup.error());
    }
    auto plan = sim::PlanStaffing(setup->scenario, *target, setup->work);
    if (json_) {
        std::cout << sim::ToJson(plan).dump(2) << "\n";
    } else {
        std::cout << sim::RenderTable(plan);
    }
    return 0;
}

int SimCommands::AdviseTraining() const {
    if (auto policy = sim::PolicyNamed(policy_); !policy) {
        return Fail(policy.error());
    }
    auto setup = Prepare(scenario_path_, days_, seed_, trace_);
    if (!setup) {
        return Fail(setup.error());
    }
    auto advice = sim::AdviseTraining(setup->scenario, setup->work, policy_, budget_);
    if (json_) {
        std::cout << sim::ToJson(advice).dump(2) << "\n";
    } else {
        std::cout << sim::RenderTable(advice);
    }
    return 0;
}

int SimCommands::FromHistory(const Config& config) const {
    auto from = core::ParseDate(from_);
    auto to = core::ParseDate(to_);
    if (!from || !to) {
        std::cerr << "layan: --from and --to are dates, YYYY-MM-DD\n";
        return 2;
    }
    auto database = OpenDatabase(config, MakeClock(config));
    auto history = engine::ReadHallHistory(*database, hall_, *from, *to);
    if (!history) {
        return Fail(history.error());
    }
    auto scenario = sim::ScenarioFromHistory(history->context, history->days);
    if (!scenario) {
        return Fail(scenario.error());
    }
    scenario->name = fmt::format("{} ({} to {})", history->context.hall.name, from_, to_);
    const std::string text = sim::ToJson(*scenario).dump(2) + "\n";
    if (out_.empty()) {
        std::cout << text;
        return 0;
    }
    std::ofstream out(out_, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        return Fail({core::ErrorKind::kUnavailable, "scenario_not_written",
                     fmt::format("cannot write the scenario file {}", out_), nullptr});
    }
    return 0;
}

}  // namespace layan::app
