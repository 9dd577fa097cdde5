#pragma once

#include <optional>
#include <string>

#include "layan/app/config.h"

namespace CLI {
class App;
}

namespace layan::app {

/// The read models of the event log on the command line: `layan views rebuild` recomputes the performance figures
/// from every event, as the server does at each start and on POST /api/v1/tenants/{tenant}/performance/rebuild,
/// and prints them for a period (the JSON of GET .../performance with --json), with how long the fold took. It
/// opens the database like the other commands, so the server must not be running on the same file.
///
/// Exit codes: 0 done, 1 the tenant or period is wrong or the log cannot be read (the reason on stderr).
class ViewCommands {
public:
    explicit ViewCommands(CLI::App& app);

    /// Runs the subcommand the command line chose; nullopt when it chose none of these.
    [[nodiscard]] std::optional<int> Run(const Config& config);

private:
    int Rebuild(const Config& config) const;

    CLI::App* views_ = nullptr;
    CLI::App* rebuild_ = nullptr;
    std::string tenant_;
    std::string from_;
    std::string to_;
    std::optional<std::string> hall_;
    int target_minutes_ = 15;
    bool json_ = false;
};

}  // namespace layan::app
