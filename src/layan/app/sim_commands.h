#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "layan/app/config.h"

namespace CLI {
class App;
}

namespace layan::app {

/// The digital twin on the command line (docs/SIMULATOR.md): `layan simulate`, `layan staffing` and
/// `layan advise-training` read a scenario file and need no database; `layan scenario from-history`
/// writes a scenario from a hall's recorded days.
///
/// Exit codes: 0 done, 1 the scenario, trace or target is wrong (the reason on stderr), 2 bad usage.
class SimCommands {
public:
    /// Registers the subcommands on `app`; the object must outlive parsing and Run.
    explicit SimCommands(CLI::App& app);

    /// Runs the subcommand the command line chose; nullopt when it chose none of these.
    [[nodiscard]] std::optional<int> Run(const Config& config);

private:
    int Simulate() const;
    int Staffing() const;
    int AdviseTraining() const;

    CLI::App* simulate_ = nullptr;
    CLI::App* staffing_ = nullptr;
    CLI::App* advise_ = nullptr;

    std::string scenario_path_;
    std::string policy_ = "default";
    std::optional<int> days_;
    std::optional<std::uint64_t> seed_;
    bool json_ = false;
    std::string dump_trace_;
    std::string trace_;
    std::string target_ = "80% within 15 min";
    int budget_ = 3;
};

}  // namespace layan::app
