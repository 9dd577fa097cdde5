// The `layan` executable: one binary for the server and its administration.

#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "layan/app/archive_commands.h"
#include "layan/app/audit_commands.h"
#include "layan/app/calendar_commands.h"
#include "layan/app/commands.h"
#include "layan/app/config.h"
#include "layan/app/sim_commands.h"
#include "layan/app/user_commands.h"
#include "layan/app/view_commands.h"

int main(int argc, char** argv) {
    using layan::app::Config;

    CLI::App app{"layan — public service halls, requests and complaints for Indonesian local governments"};
    app.set_version_flag("--version", std::string("layan ") + LAYAN_VERSION);
    app.require_subcommand(1);
    // Settings may be given before or after the subcommand.
    app.fallthrough();

    Config config;
    layan::app::BindConfig(app, config);

    auto* serve = app.add_subcommand("serve", "Run the HTTP server (API, pages, display boards)");
    auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations and exit");
    auto* seed =
        app.add_subcommand("seed-demo", "Load the demo city (Kota Mojokerto's Mal Pelayanan Publik); idempotent");
    auto* config_cmd = app.add_subcommand("config", "Inspect the configuration");
    auto* check = config_cmd->add_subcommand("check", "Validate the configuration and print the settings in force");
    config_cmd->require_subcommand(1);
    layan::app::AccountCommands account_commands(app);
    layan::app::AuditCommands audit_commands(app);
    layan::app::CalendarCommands calendar_commands(app);
    layan::app::ArchiveCommands archive_commands(app);
    layan::app::SimCommands sim_commands(app);
    layan::app::ViewCommands view_commands(app);

    try {
        std::vector<std::string> args = layan::app::EnvironmentArguments();
        for (int i = 1; i < argc; ++i) {
            args.emplace_back(argv[i]);
        }
        std::reverse(args.begin(), args.end());  // CLI11 takes the vector last argument first
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    if (auto key = layan::app::FindUnknownEnvironmentKey(); !key.empty()) {
        std::cerr << "layan: unknown setting in the environment: " << key << " (see `layan --help` for the settings)\n";
        return 2;
    }
    if (auto problem = layan::app::Validate(config); !problem.empty()) {
        std::cerr << "layan: invalid setting: " << problem << "\n";
        return 2;
    }
    spdlog::set_level(spdlog::level::from_str(config.log_level));

    try {
        if (*check) {
            std::cout << layan::app::Describe(config);
            std::cout << "# configuration is valid\n";
            return 0;
        }
        if (*migrate) {
            return layan::app::RunMigrate(config);
        }
        if (*seed) {
            return layan::app::RunSeedDemo(config);
        }
        if (*serve) {
            return layan::app::RunServe(config);
        }
        if (auto code = account_commands.Run(config)) {
            return *code;
        }
        if (auto code = audit_commands.Run(config)) {
            return *code;
        }
        if (auto code = calendar_commands.Run(config)) {
            return *code;
        }
        if (auto code = archive_commands.Run(config)) {
            return *code;
        }
        if (auto code = sim_commands.Run(config)) {
            return *code;
        }
        if (auto code = view_commands.Run(config)) {
            return *code;
        }
    } catch (const std::exception& e) {
        spdlog::critical("{}", e.what());
        std::cerr << "layan: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
