#pragma once

#include <optional>
#include <string>
#include <vector>

#include "layan/app/config.h"
#include "layan/core/time.h"
#include "layan/store/database.h"

namespace CLI {
class App;
}

namespace layan::app {

/// `layan user add|passwd|disable|enable|list` and `layan device add|revoke|list`: accounts and device tokens
/// from the command line (the server must not be running on the same database file: it holds its lock).
class AccountCommands {
public:
    /// Registers the subcommands on `app`; the object must outlive parsing and Run.
    explicit AccountCommands(CLI::App& app);

    /// Runs the subcommand the command line chose; nullopt when it chose none of these. Returns the exit code.
    [[nodiscard]] std::optional<int> Run(const Config& config);

private:
    CLI::App* user_ = nullptr;
    CLI::App* user_add_ = nullptr;
    CLI::App* user_passwd_ = nullptr;
    CLI::App* user_disable_ = nullptr;
    CLI::App* user_enable_ = nullptr;
    CLI::App* user_list_ = nullptr;
    CLI::App* device_ = nullptr;
    CLI::App* device_add_ = nullptr;
    CLI::App* device_revoke_ = nullptr;
    CLI::App* device_list_ = nullptr;

    std::string username_;
    std::string role_;
    std::string tenant_;
    std::string officer_;
    std::vector<std::string> units_;
    bool password_stdin_ = false;
    std::string hall_;
    std::string kind_;
    std::string name_;
    std::string device_id_;
};

/// Creates the demo accounts (auth::Auth::SeedDemoAccounts) and prints them with a warning that their password
/// is public. Returns the exit code.
[[nodiscard]] int SeedDemoAccounts(store::Database& database, const core::Clock& clock);

}  // namespace layan::app
