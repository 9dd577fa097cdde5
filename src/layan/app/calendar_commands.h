#pragma once

#include <optional>
#include <string>

#include "layan/app/config.h"

namespace CLI {
class App;
}

namespace layan::app {

/// `layan calendar import|list|close|open|clear`: a tenant's work calendar from the command line, as the admin
/// API shapes it (engine::Calendars; each change an event of "tenant/<tenant>/calendar" made by the OS user).
/// On SQLite the server must not be running on the same file (it holds its lock); on PostgreSQL the running
/// nodes take the change at once.
class CalendarCommands {
public:
    /// Registers the subcommands on `app`; the object must outlive parsing and Run.
    explicit CalendarCommands(CLI::App& app);

    /// Runs the subcommand the command line chose; nullopt when it chose none of these. Returns the exit code.
    [[nodiscard]] std::optional<int> Run(const Config& config);

private:
    CLI::App* calendar_ = nullptr;
    CLI::App* import_ = nullptr;
    CLI::App* list_ = nullptr;
    CLI::App* close_ = nullptr;
    CLI::App* open_ = nullptr;
    CLI::App* clear_ = nullptr;

    std::string tenant_;
    std::string hall_;
    std::string unit_;
    std::string file_;
    std::string date_;
    std::string from_;
    int days_ = 14;
    std::string hours_;
    std::string reason_;
};

}  // namespace layan::app
