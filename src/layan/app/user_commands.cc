#include "layan/app/user_commands.h"

#include <iostream>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "layan/app/open.h"
#include "layan/auth/auth.h"
#include "layan/auth/password.h"
#include "layan/auth/routes.h"

namespace layan::app {

namespace access = domain::access;

namespace {

int Fail(const core::Error& error) {
    std::cerr << "layan: " << error.message << " (" << error.code << ")\n";
    return 1;
}

/// The password for a new account or a reset: one line from stdin, or a random one printed once.
std::optional<std::string> PasswordFrom(bool from_stdin, bool& generated) {
    generated = !from_stdin;
    if (!from_stdin) {
        return auth::NewRandomPassword();
    }
    std::string line;
    if (!std::getline(std::cin, line)) {
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    return line;
}

std::string PublicUrl(const Config& config) {
    return config.public_url.empty() ? fmt::format("http://{}:{}", config.address, config.port) : config.public_url;
}

}  // namespace

AccountCommands::AccountCommands(CLI::App& app) {
    user_ = app.add_subcommand("user", "Manage people's accounts (officers, supervisors, admins, auditors)");
    user_->require_subcommand(1);
    user_add_ = user_->add_subcommand("add", "Create an account; prints a random password unless --password-stdin");
    user_add_->add_option("--username", username_, "Sign-in name: a-z, 0-9, '.', '_', '-'")->required();
    user_add_->add_option("--role", role_, "officer, supervisor, unit_head, admin or auditor")->required();
    user_add_->add_option("--tenant", tenant_, "The tenant (city or regency) the account belongs to")->required();
    user_add_->add_option("--officer", officer_, "The catalog officer this person is (required for officers)");
    user_add_->add_option("--unit", units_, "A unit the account belongs to (repeatable)");
    user_add_->add_flag("--password-stdin", password_stdin_, "Read the password from the first line of stdin");

    user_passwd_ = user_->add_subcommand("passwd", "Set a new password and end the account's sessions");
    user_passwd_->add_option("--username", username_, "The account")->required();
    user_passwd_->add_flag("--password-stdin", password_stdin_, "Read the password from the first line of stdin");

    user_disable_ = user_->add_subcommand("disable", "Disable an account and end its sessions");
    user_disable_->add_option("--username", username_, "The account")->required();
    user_enable_ = user_->add_subcommand("enable", "Enable a disabled account");
    user_enable_->add_option("--username", username_, "The account")->required();

    user_list_ = user_->add_subcommand("list", "List the accounts");
    user_list_->add_option("--tenant", tenant_, "Only this tenant's accounts");

    device_ = app.add_subcommand("device", "Manage kiosk and display-board tokens");
    device_->require_subcommand(1);
    device_add_ = device_->add_subcommand("add", "Create a device token (printed once) and its screen's URL");
    device_add_->add_option("--hall", hall_, "The hall the device serves")->required();
    device_add_->add_option("--kind", kind_, "kiosk or board")->required();
    device_add_->add_option("--name", name_, "A name people recognise, e.g. \"Kios pintu utama\"")->required();
    device_revoke_ = device_->add_subcommand("revoke", "Revoke a device token for good");
    device_revoke_->add_option("--id", device_id_, "The device id (see `layan device list`)")->required();
    device_list_ = device_->add_subcommand("list", "List the devices");
    device_list_->add_option("--tenant", tenant_, "Only this tenant's devices");
}

std::optional<int> AccountCommands::Run(const Config& config) {
    if (!*user_ && !*device_) {
        return std::nullopt;
    }
    auto clock = MakeClock(config);
    auto database = OpenDatabase(config, clock);
    auth::Auth accounts(*database, *clock);
    // Every change is recorded in the tenant's audit trail as made from the command line, by the OS user.
    const auth::Actor by = auth::CommandLineActor();

    if (*user_add_) {
        auto role = access::ParseRole(role_);
        if (!role || !access::IsAssignableRole(*role)) {
            std::cerr << "layan: --role must be officer, supervisor, unit_head, admin or auditor\n";
            return 2;
        }
        bool generated = false;
        auto password = PasswordFrom(password_stdin_, generated);
        if (!password) {
            std::cerr << "layan: --password-stdin given but stdin is empty\n";
            return 2;
        }
        auto created = accounts.CreateAccount(auth::NewAccount{.username = username_,
                                                               .password = *password,
                                                               .role = *role,
                                                               .tenant_id = tenant_,
                                                               .officer_id = officer_,
                                                               .units = units_},
                                              by);
        if (!created) {
            return Fail(created.error());
        }
        std::cout << fmt::format("created {} \"{}\" ({}) in {}, units: {}\n", access::ToString(created->role),
                                 created->username, created->id, created->tenant_id, fmt::join(created->units, ", "));
        if (generated) {
            std::cout << "password: " << *password << "\n(shown once: hand it over in person)\n";
        }
        return 0;
    }
    if (*user_passwd_ || *user_disable_ || *user_enable_) {
        auto account = accounts.FindAccountByUsername(username_);
        if (!account) {
            std::cerr << fmt::format("layan: there is no account \"{}\"\n", username_);
            return 1;
        }
        if (*user_passwd_) {
            bool generated = false;
            auto password = PasswordFrom(password_stdin_, generated);
            if (!password) {
                std::cerr << "layan: --password-stdin given but stdin is empty\n";
                return 2;
            }
            if (auto set = accounts.SetPassword(account->id, *password, by); !set) {
                return Fail(set.error());
            }
            std::cout << fmt::format("new password set for \"{}\"; their sessions have ended\n", account->username);
            if (generated) {
                std::cout << "password: " << *password << "\n(shown once: hand it over in person)\n";
            }
            return 0;
        }
        const bool disable = static_cast<bool>(*user_disable_);
        if (auto set = accounts.SetDisabled(account->id, disable, by); !set) {
            return Fail(set.error());
        }
        std::cout << fmt::format("\"{}\" is {}\n", account->username,
                                 disable ? "disabled; their sessions have ended" : "enabled");
        return 0;
    }
    if (*user_list_) {
        std::cout << fmt::format("{:<24} {:<10} {:<18} {:<18} {:<24} {:<8} {}\n", "username", "role", "tenant",
                                 "officer", "units", "status", "id");
        for (const auto& account : database->AccountsRepo().ListAccounts(tenant_)) {
            std::cout << fmt::format(
                "{:<24} {:<10} {:<18} {:<18} {:<24} {:<8} {}\n", account.username, access::ToString(account.role),
                account.tenant_id, account.officer_id.empty() ? "-" : account.officer_id,
                fmt::format("{}", fmt::join(account.units, ",")), account.disabled ? "disabled" : "active", account.id);
        }
        return 0;
    }
    if (*device_add_) {
        auto kind = access::ParseDeviceKind(kind_);
        if (!kind) {
            std::cerr << "layan: --kind must be kiosk or board\n";
            return 2;
        }
        auto hall = database->CatalogRepo().FindHall(hall_);
        if (!hall) {
            std::cerr << fmt::format("layan: there is no hall \"{}\"\n", hall_);
            return 1;
        }
        auto made = accounts.AddDevice(hall->tenant_id, hall->id, *kind, name_, by);
        if (!made) {
            return Fail(made.error());
        }
        std::cout << fmt::format("created {} \"{}\" ({}) for hall {}\n", access::ToString(made->device.kind),
                                 made->device.name, made->device.id, made->device.hall_id);
        std::cout << "token: " << made->token << "\n";
        std::cout << "open on the device: " << auth::DeviceUrl(PublicUrl(config), made->device, made->token) << "\n";
        std::cout << "(the token is shown once and stored only as a hash; revoke it with `layan device revoke --id "
                  << made->device.id << "`)\n";
        return 0;
    }
    if (*device_revoke_) {
        if (auto revoked = accounts.RevokeDevice(device_id_, by); !revoked) {
            return Fail(revoked.error());
        }
        std::cout << fmt::format("device {} is revoked\n", device_id_);
        return 0;
    }
    if (*device_list_) {
        std::cout << fmt::format("{:<20} {:<6} {:<18} {:<18} {:<10} {}\n", "id", "kind", "tenant", "hall", "status",
                                 "name");
        for (const auto& device : database->AccountsRepo().ListDevices(tenant_)) {
            std::cout << fmt::format("{:<20} {:<6} {:<18} {:<18} {:<10} {}\n", device.id, access::ToString(device.kind),
                                     device.tenant_id, device.hall_id, device.revoked_at ? "revoked" : "active",
                                     device.name);
        }
        return 0;
    }
    return std::nullopt;
}

int SeedDemoAccounts(store::Database& database, const core::Clock& clock) {
    auth::Auth accounts(database, clock);
    auto created = accounts.SeedDemoAccounts();
    if (!created) {
        return Fail(created.error());
    }
    std::cout << fmt::format("seeded {} demo account(s){}{}\n", created->size(), created->empty() ? "" : ": ",
                             fmt::join(*created, ", "));
    std::cout << "WARNING: every demo account (one per officer, supervisor, admin, auditor) signs in with the "
                 "password \""
              << auth::kDemoPassword
              << "\", which is public. For demos and training only: never seed a real deployment, or disable "
                 "these accounts (`layan user disable`).\n";
    return 0;
}

}  // namespace layan::app
