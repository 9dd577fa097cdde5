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
/// writes a scenario from a hall's recorded days (it opens the database like the other commands, so
/// the server must not be running on the same file: stop it, or run it on a copy).
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
    int FromHistory(const Config& config) const;

    CLI::App* simulate_ = nullptr;
    CLI::App* staffing_ = nullptr;
    CLI::App* advise_ = nullptr;
    CLI::App* scenario_ = nullptr;
    CLI::App* from_history_ = nullptr;

    std::string scenario_path_;
    std::string policy_ = "default";
    std::optional<int> days_;
    std::optional<std::uint64_t> seed_;
    bool json_ = false;
    std::string dump_trace_;
    std::string trace_;
    std::string target_ = "80% within 15 min";
    int budget_ = 3;
    std::string hall_;
    std::string from_;
    std::string to_;
    std::string out_;
};

}  // namespace layan::app
