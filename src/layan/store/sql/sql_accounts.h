#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "layan/store/accounts.h"
#include "layan/store/sql/connection.h"

namespace layan::store::sql {

/// Accounts, sessions and devices in an SQL database (tables from data/migrations/0004_accounts.sql).
/// Writes share the pool's one writer connection with the event store, one short transaction each.
class SqlAccounts final : public Accounts {
public:
    /// `pool` must already be migrated.
    explicit SqlAccounts(std::shared_ptr<ConnectionPool> pool);

    [[nodiscard]] core::Status CreateAccount(const Account& account) override;
    [[nodiscard]] std::optional<Account> FindAccount(const std::string& id) override;
    [[nodiscard]] std::optional<Account> FindAccountByUsername(const std::string& username) override;
    [[nodiscard]] std::vector<Account> ListAccounts(const std::string& tenant_id) override;
    [[nodiscard]] core::Status SetPasswordHash(const std::string& account_id, const std::string& hash,
                                               core::Instant at) override;
    [[nodiscard]] core::Status SetDisabled(const std::string& account_id, bool disabled) override;

    [[nodiscard]] core::Status CreateSession(const Session& session) override;
    [[nodiscard]] std::optional<Session> FindSession(const std::string& token_hash) override;
    [[nodiscard]] core::Status TouchSession(const std::string& token_hash, core::Instant at) override;
    [[nodiscard]] core::Status RevokeSession(const std::string& token_hash, core::Instant at) override;
    [[nodiscard]] core::Result<int> RevokeSessionsOf(const std::string& account_id, core::Instant at,
                                                     const std::string& except_token_hash) override;
    [[nodiscard]] core::Result<int> DeleteEndedSessions(core::Instant before) override;

    [[nodiscard]] core::Status CreateDevice(const Device& device) override;
    [[nodiscard]] std::optional<Device> FindDevice(const std::string& id) override;
    [[nodiscard]] std::optional<Device> FindDeviceByTokenHash(const std::string& token_hash) override;
    [[nodiscard]] std::vector<Device> ListDevices(const std::string& tenant_id) override;
    [[nodiscard]] core::Status RevokeDevice(const std::string& id, core::Instant at) override;

private:
    template <class F>
    auto Read(F&& read);
    template <class R, class F>
    core::Result<R> Write(F&& write);

    std::shared_ptr<ConnectionPool> pool_;
};

}  // namespace layan::store::sql
