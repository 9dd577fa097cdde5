#include "layan/store/sql/sql_accounts.h"

#include <fmt/format.h>

namespace layan::store::sql {

namespace access = domain::access;
using core::ErrorKind;
using core::Fail;

namespace {

std::int64_t Millis(core::Instant at) { return at.time_since_epoch().count(); }
core::Instant InstantOf(std::int64_t millis) { return core::Instant{core::Millis{millis}}; }

std::optional<core::Instant> OptionalInstant(const Statement& row, int column) {
    if (row.IsNull(column)) {
        return std::nullopt;
    }
    return InstantOf(row.Int(column));
}

void BindOptional(Statement& statement, int index, const std::optional<core::Instant>& at) {
    if (at) {
        statement.Bind(index, Millis(*at));
    } else {
        statement.BindNull(index);
    }
}

// --- Accounts ---

constexpr std::string_view kAccountColumns =
    "SELECT id, username, tenant_id, role, COALESCE(officer_id, ''), password_hash, disabled, created_at, "
    "password_changed_at FROM accounts";

Account AccountRow(const Statement& row) {
    Account account;
    account.id = row.Text(0);
    account.username = row.Text(1);
    account.tenant_id = row.Text(2);
    account.role = access::ParseRole(row.Text(3)).value_or(access::Role::kCitizen);
    account.officer_id = row.Text(4);
    account.password_hash = row.Text(5);
    account.disabled = row.Int(6) != 0;
    account.created_at = InstantOf(row.Int(7));
    account.password_changed_at = InstantOf(row.Int(8));
    return account;
}

void LoadUnits(Connection& connection, Account& account) {
    Statement& select = connection.Cached("SELECT unit_id FROM account_units WHERE account_id = ?1 ORDER BY ordinal");
    ScopedReset reset(select);
    select.Bind(1, account.id);
    while (select.Step()) {
        account.units.push_back(select.Text(0));
    }
}

std::optional<Account> LoadAccount(Connection& connection, std::string_view where, const std::string& value) {
    const std::string sql = fmt::format("{} WHERE {} = ?1", kAccountColumns, where);
    std::optional<Account> account;
    {
        Statement& select = connection.Cached(sql);
        ScopedReset reset(select);
        select.Bind(1, value);
        if (select.Step()) {
            account = AccountRow(select);
        }
    }
    if (account) {
        LoadUnits(connection, *account);
    }
    return account;
}

bool Exists(Connection& connection, std::string_view sql, std::initializer_list<std::string_view> params) {
    Statement& select = connection.Cached(sql);
    ScopedReset reset(select);
    int index = 1;
    for (auto param : params) {
        select.Bind(index++, param);
    }
    return select.Step();
}

tl::unexpected<core::Error> AccountNotFound(const std::string& id) {
    return Fail(ErrorKind::kNotFound, "account_not_found", fmt::format("There is no account \"{}\".", id));
}

// --- Sessions ---

constexpr std::string_view kSessionColumns =
    "SELECT token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at, ip FROM sessions";

Session SessionRow(const Statement& row) {
    return Session{.token_hash = row.Text(0),
                   .account_id = row.Text(1),
                   .csrf_token = row.Text(2),
                   .created_at = InstantOf(row.Int(3)),
                   .last_seen_at = InstantOf(row.Int(4)),
                   .expires_at = InstantOf(row.Int(5)),
                   .revoked_at = OptionalInstant(row, 6),
                   .ip = row.Text(7)};
}

// --- Devices ---

constexpr std::string_view kDeviceColumns =
    "SELECT id, tenant_id, hall_id, kind, name, token_hash, created_at, revoked_at FROM devices";

Device DeviceRow(const Statement& row) {
    return Device{.id = row.Text(0),
                  .tenant_id = row.Text(1),
                  .hall_id = row.Text(2),
                  .kind = access::ParseDeviceKind(row.Text(3)).value_or(access::DeviceKind::kBoard),
                  .name = row.Text(4),
                  .token_hash = row.Text(5),
                  .created_at = InstantOf(row.Int(6)),
                  .revoked_at = OptionalInstant(row, 7)};
}

std::optional<Device> LoadDevice(Connection& connection, std::string_view where, const std::string& value) {
    const std::string sql = fmt::format("{} WHERE {} = ?1", kDeviceColumns, where);
    Statement& select = connection.Cached(sql);
    ScopedReset reset(select);
    select.Bind(1, value);
    if (!select.Step()) {
        return std::nullopt;
    }
    return DeviceRow(select);
}

}  // namespace

SqlAccounts::SqlAccounts(std::shared_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

// One read transaction per call, so an account and its units are read together.
template <class F>
auto SqlAccounts::Read(F&& read) {
    auto connection = pool_->Reader();
    ReadTransaction snapshot(*connection);
    return read(*connection);
}

// One write transaction per call, committed only when `write` succeeds. Storage failures become kUnavailable
// here because writes report expected failures as values.
template <class R, class F>
core::Result<R> SqlAccounts::Write(F&& write) {
    try {
        auto connection = pool_->Writer();
        WriteTransaction transaction(*connection);
        core::Result<R> result = write(*connection);
        if (result) {
            transaction.Commit();
        }
        return result;
    } catch (const core::StorageUnavailable& e) {
        return Fail(ErrorKind::kUnavailable, "storage_unavailable", e.what());
    }
}

core::Status SqlAccounts::CreateAccount(const Account& account) {
    return Write<void>([&](Connection& connection) -> core::Status {
        if (Exists(connection, "SELECT 1 FROM accounts WHERE username = ?1", {account.username})) {
            return Fail(ErrorKind::kConflict, "username_taken",
                        fmt::format("The username \"{}\" is taken.", account.username));
        }
        if (!Exists(connection, "SELECT 1 FROM tenants WHERE id = ?1", {account.tenant_id})) {
            return Fail(ErrorKind::kInvalid, "unknown_tenant",
                        fmt::format("There is no tenant \"{}\".", account.tenant_id), {{"field", "tenant"}});
        }
        if (!account.officer_id.empty() &&
            !Exists(connection, "SELECT 1 FROM officers WHERE id = ?1 AND tenant_id = ?2",
                    {account.officer_id, account.tenant_id})) {
            return Fail(ErrorKind::kInvalid, "unknown_officer",
                        fmt::format("Tenant \"{}\" has no officer \"{}\".", account.tenant_id, account.officer_id),
                        {{"field", "officer"}});
        }
        for (const auto& unit : account.units) {
            if (!Exists(connection, "SELECT 1 FROM units WHERE tenant_id = ?1 AND id = ?2",
                        {account.tenant_id, unit})) {
                return Fail(ErrorKind::kInvalid, "unknown_unit",
                            fmt::format("Tenant \"{}\" has no unit \"{}\".", account.tenant_id, unit),
                            {{"field", "units"}});
            }
        }
        Statement& insert = connection.Cached(
            "INSERT INTO accounts (id, username, tenant_id, role, officer_id, password_hash, disabled, created_at, "
            "password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        ScopedReset reset(insert);
        insert.Bind(1, account.id)
            .Bind(2, account.username)
            .Bind(3, account.tenant_id)
            .Bind(4, access::ToString(account.role))
            .Bind(6, account.password_hash)
            .Bind(7, account.disabled ? 1 : 0)
            .Bind(8, Millis(account.created_at))
            .Bind(9, Millis(account.password_changed_at));
        if (!account.officer_id.empty()) {
            insert.Bind(5, account.officer_id);
        }
        insert.Run();
        int ordinal = 0;
        for (const auto& unit : account.units) {
            connection
                .Cached("INSERT INTO account_units (account_id, ordinal, tenant_id, unit_id) VALUES (?1, ?2, ?3, ?4)")
                .Bind(1, account.id)
                .Bind(2, ordinal++)
                .Bind(3, account.tenant_id)
                .Bind(4, unit)
                .Run();
        }
        return {};
    });
}

std::optional<Account> SqlAccounts::FindAccount(const std::string& id) {
    return Read([&](Connection& connection) { return LoadAccount(connection, "id", id); });
}

std::optional<Account> SqlAccounts::FindAccountByUsername(const std::string& username) {
    return Read([&](Connection& connection) { return LoadAccount(connection, "username", username); });
}

std::vector<Account> SqlAccounts::ListAccounts(const std::string& tenant_id) {
    return Read([&](Connection& connection) {
        std::vector<Account> accounts;
        {
            static const std::string kAll = fmt::format("{} ORDER BY username", kAccountColumns);
            static const std::string kOfTenant =
                fmt::format("{} WHERE tenant_id = ?1 ORDER BY username", kAccountColumns);
            Statement& select = connection.Cached(tenant_id.empty() ? kAll : kOfTenant);
            ScopedReset reset(select);
            if (!tenant_id.empty()) {
                select.Bind(1, tenant_id);
            }
            while (select.Step()) {
                accounts.push_back(AccountRow(select));
            }
        }
        for (auto& account : accounts) {
            LoadUnits(connection, account);
        }
        return accounts;
    });
}

core::Status SqlAccounts::SetPasswordHash(const std::string& account_id, const std::string& hash, core::Instant at) {
    return Write<void>([&](Connection& connection) -> core::Status {
        auto changed =
            connection.Cached("UPDATE accounts SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1")
                .Bind(1, account_id)
                .Bind(2, hash)
                .Bind(3, Millis(at))
                .Run();
        if (changed == 0) {
            return AccountNotFound(account_id);
        }
        return {};
    });
}

core::Status SqlAccounts::SetDisabled(const std::string& account_id, bool disabled) {
    return Write<void>([&](Connection& connection) -> core::Status {
        auto changed = connection.Cached("UPDATE accounts SET disabled = ?2 WHERE id = ?1")
                           .Bind(1, account_id)
                           .Bind(2, disabled ? 1 : 0)
                           .Run();
        if (changed == 0) {
            return AccountNotFound(account_id);
        }
        return {};
    });
}

core::Status SqlAccounts::CreateSession(const Session& session) {
    return Write<void>([&](Connection& connection) -> core::Status {
        if (!Exists(connection, "SELECT 1 FROM accounts WHERE id = ?1", {session.account_id})) {
            return AccountNotFound(session.account_id);
        }
        Statement& insert = connection.Cached(
            "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at, "
            "revoked_at, ip) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        ScopedReset reset(insert);
        insert.Bind(1, session.token_hash)
            .Bind(2, session.account_id)
            .Bind(3, session.csrf_token)
            .Bind(4, Millis(session.created_at))
            .Bind(5, Millis(session.last_seen_at))
            .Bind(6, Millis(session.expires_at))
            .Bind(8, session.ip);
        BindOptional(insert, 7, session.revoked_at);
        insert.Run();
        return {};
    });
}

std::optional<Session> SqlAccounts::FindSession(const std::string& token_hash) {
    return Read([&](Connection& connection) -> std::optional<Session> {
        static const std::string kSql = fmt::format("{} WHERE token_hash = ?1", kSessionColumns);
        Statement& select = connection.Cached(kSql);
        ScopedReset reset(select);
        select.Bind(1, token_hash);
        if (!select.Step()) {
            return std::nullopt;
        }
        return SessionRow(select);
    });
}

core::Status SqlAccounts::TouchSession(const std::string& token_hash, core::Instant at) {
    return Write<void>([&](Connection& connection) -> core::Status {
        // Never moves backwards (two requests of one browser may finish out of order).
        auto changed = connection
                           .Cached(
                               "UPDATE sessions SET last_seen_at = CASE WHEN last_seen_at > ?2 THEN last_seen_at "
                               "ELSE ?2 END WHERE token_hash = ?1")
                           .Bind(1, token_hash)
                           .Bind(2, Millis(at))
                           .Run();
        if (changed == 0) {
            return Fail(ErrorKind::kNotFound, "session_not_found", "There is no such session.");
        }
        return {};
    });
}

core::Status SqlAccounts::RevokeSession(const std::string& token_hash, core::Instant at) {
    return Write<void>([&](Connection& connection) -> core::Status {
        if (!Exists(connection, "SELECT 1 FROM sessions WHERE token_hash = ?1", {token_hash})) {
            return Fail(ErrorKind::kNotFound, "session_not_found", "There is no such session.");
        }
        connection.Cached("UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL")
            .Bind(1, token_hash)
            .Bind(2, Millis(at))
            .Run();
        return {};
    });
}

core::Result<int> SqlAccounts::RevokeSessionsOf(const std::string& account_id, core::Instant at,
                                                const std::string& except_token_hash) {
    return Write<int>([&](Connection& connection) -> core::Result<int> {
        auto changed = connection
                           .Cached(
                               "UPDATE sessions SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL AND "
                               "token_hash <> ?3")
                           .Bind(1, account_id)
                           .Bind(2, Millis(at))
                           .Bind(3, except_token_hash)
                           .Run();
        return static_cast<int>(changed);
    });
}

core::Result<int> SqlAccounts::DeleteEndedSessions(core::Instant before) {
    return Write<int>([&](Connection& connection) -> core::Result<int> {
        auto changed = connection.Cached("DELETE FROM sessions WHERE expires_at < ?1 OR revoked_at < ?1")
                           .Bind(1, Millis(before))
                           .Run();
        return static_cast<int>(changed);
    });
}

core::Status SqlAccounts::CreateDevice(const Device& device) {
    return Write<void>([&](Connection& connection) -> core::Status {
        if (Exists(connection, "SELECT 1 FROM devices WHERE id = ?1", {device.id})) {
            return Fail(ErrorKind::kConflict, "device_exists", fmt::format("Device \"{}\" exists.", device.id));
        }
        if (!Exists(connection, "SELECT 1 FROM halls WHERE id = ?1 AND tenant_id = ?2",
                    {device.hall_id, device.tenant_id})) {
            return Fail(ErrorKind::kInvalid, "unknown_hall",
                        fmt::format("Tenant \"{}\" has no hall \"{}\".", device.tenant_id, device.hall_id),
                        {{"field", "hall"}});
        }
        Statement& insert = connection.Cached(
            "INSERT INTO devices (id, tenant_id, hall_id, kind, name, token_hash, created_at, revoked_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        ScopedReset reset(insert);
        insert.Bind(1, device.id)
            .Bind(2, device.tenant_id)
            .Bind(3, device.hall_id)
            .Bind(4, access::ToString(device.kind))
            .Bind(5, device.name)
            .Bind(6, device.token_hash)
            .Bind(7, Millis(device.created_at));
        BindOptional(insert, 8, device.revoked_at);
        insert.Run();
        return {};
    });
}

std::optional<Device> SqlAccounts::FindDevice(const std::string& id) {
    return Read([&](Connection& connection) { return LoadDevice(connection, "id", id); });
}

std::optional<Device> SqlAccounts::FindDeviceByTokenHash(const std::string& token_hash) {
    return Read([&](Connection& connection) { return LoadDevice(connection, "token_hash", token_hash); });
}

std::vector<Device> SqlAccounts::ListDevices(const std::string& tenant_id) {
    return Read([&](Connection& connection) {
        static const std::string kAll = fmt::format("{} ORDER BY id", kDeviceColumns);
        static const std::string kOfTenant = fmt::format("{} WHERE tenant_id = ?1 ORDER BY id", kDeviceColumns);
        Statement& select = connection.Cached(tenant_id.empty() ? kAll : kOfTenant);
        ScopedReset reset(select);
        if (!tenant_id.empty()) {
            select.Bind(1, tenant_id);
        }
        std::vector<Device> devices;
        while (select.Step()) {
            devices.push_back(DeviceRow(select));
        }
        return devices;
    });
}

core::Status SqlAccounts::RevokeDevice(const std::string& id, core::Instant at) {
    return Write<void>([&](Connection& connection) -> core::Status {
        if (!Exists(connection, "SELECT 1 FROM devices WHERE id = ?1", {id})) {
            return Fail(ErrorKind::kNotFound, "device_not_found", fmt::format("There is no device \"{}\".", id));
        }
        connection.Cached("UPDATE devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")
            .Bind(1, id)
            .Bind(2, Millis(at))
            .Run();
        return {};
    });
}

}  // namespace layan::store::sql
