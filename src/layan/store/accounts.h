#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/access/access.h"
#include "layan/store/stream_id.h"

namespace layan::store {

/// The stream of a tenant's account and device changes and sign-ins ("tenant/<tenant>/accounts"): what the audit
/// trail shows that tenant's auditors beside its halls' streams.
[[nodiscard]] inline std::string AccountsStream(std::string_view tenant_id) {
    return StreamId::TenantAccounts(std::string(tenant_id)).Name();
}

/// The types of the records in a tenant's accounts stream (AccountsStream), compared through these names only.
namespace account_event {
inline constexpr std::string_view kAccountCreated = "account_created";
inline constexpr std::string_view kAccountDisabled = "account_disabled";
inline constexpr std::string_view kAccountEnabled = "account_enabled";
inline constexpr std::string_view kAccountLocked = "account_locked";
inline constexpr std::string_view kPasswordReset = "password_reset";
inline constexpr std::string_view kPasswordChanged = "password_changed";
inline constexpr std::string_view kPasswordChangeRefused = "password_change_refused";
inline constexpr std::string_view kSignedIn = "signed_in";
inline constexpr std::string_view kSignInFailed = "sign_in_failed";
inline constexpr std::string_view kSignedOut = "signed_out";
inline constexpr std::string_view kDeviceAdded = "device_added";
inline constexpr std::string_view kDeviceRevoked = "device_revoked";
}  // namespace account_event

/// A person's account: who they are, their role and where it applies.
struct Account {
    std::string id{};        ///< Stable, random ("u-3f9c..."); never reused.
    std::string username{};  ///< Unique over the whole deployment; lower-case.
    std::string tenant_id{};
    domain::access::Role role = domain::access::Role::kOfficer;
    std::string officer_id{};          ///< The catalog officer this account is; empty when none.
    std::vector<std::string> units{};  ///< Units the account belongs to (officers, supervisors, unit heads).
    std::string password_hash{};       ///< Argon2id string (crypto_pwhash_str); never the password.
    bool disabled = false;
    core::Instant created_at{};
    core::Instant password_changed_at{};

    friend bool operator==(const Account&, const Account&) = default;
};

/// A signed-in browser. Only the hash of the session token is stored: a copy of the database does not let
/// anyone sign in.
struct Session {
    std::string token_hash{};  ///< Hex BLAKE2b-256 of the token in the cookie.
    std::string account_id{};
    std::string csrf_token{};  ///< Synchronizer token the browser echoes in X-CSRF-Token; useless without the cookie.
    core::Instant created_at{};
    core::Instant last_seen_at{};  ///< Moved forward at most once a minute (see Accounts::TouchSession).
    core::Instant expires_at{};    ///< Absolute end, whatever the activity.
    std::optional<core::Instant> revoked_at{};
    std::string ip{};  ///< Where it signed in from.

    friend bool operator==(const Session&, const Session&) = default;
};

/// A kiosk or display board. Only the hash of its bearer token is stored.
struct Device {
    std::string id{};  ///< Stable, random ("d-...").
    std::string tenant_id{};
    std::string hall_id{};
    domain::access::DeviceKind kind = domain::access::DeviceKind::kKiosk;
    std::string name{};  ///< "Kios pintu utama".
    std::string token_hash{};
    core::Instant created_at{};
    std::optional<core::Instant> revoked_at{};

    friend bool operator==(const Device&, const Device&) = default;
};

/// Accounts, sessions and devices. Thread-safe. Reads throw core::StorageUnavailable on I/O failure; writes
/// return kUnavailable "storage_unavailable" then, and these expected failures:
///  - kConflict "username_taken" (a username exists), "device_exists";
///  - kInvalid "unknown_tenant", "unknown_hall", "unknown_officer", "unknown_unit";
///  - kNotFound "account_not_found", "device_not_found", "session_not_found".
/// Every query is parameterised: no text from a caller is ever part of SQL.
class Accounts {
public:
    virtual ~Accounts() = default;

    /// Creates an account. Its tenant must exist; its officer (when set) must be of that tenant; its units
    /// must be units of that tenant.
    [[nodiscard]] virtual core::Status CreateAccount(const Account& account) = 0;
    [[nodiscard]] virtual std::optional<Account> FindAccount(const std::string& id) = 0;
    [[nodiscard]] virtual std::optional<Account> FindAccountByUsername(const std::string& username) = 0;
    /// The accounts of a tenant (all tenants when empty), by username.
    [[nodiscard]] virtual std::vector<Account> ListAccounts(const std::string& tenant_id) = 0;
    /// Replaces the password hash (password_changed_at = `at`).
    [[nodiscard]] virtual core::Status SetPasswordHash(const std::string& account_id, const std::string& hash,
                                                       core::Instant at) = 0;
    /// Disables or enables an account. Disabling does not end its sessions: call RevokeSessionsOf.
    [[nodiscard]] virtual core::Status SetDisabled(const std::string& account_id, bool disabled) = 0;

    [[nodiscard]] virtual core::Status CreateSession(const Session& session) = 0;
    /// The session with this token hash, revoked or expired ones included (the caller judges).
    [[nodiscard]] virtual std::optional<Session> FindSession(const std::string& token_hash) = 0;
    /// Records activity at `at`.
    [[nodiscard]] virtual core::Status TouchSession(const std::string& token_hash, core::Instant at) = 0;
    /// Revokes one session (no-op when already revoked; kNotFound when unknown).
    [[nodiscard]] virtual core::Status RevokeSession(const std::string& token_hash, core::Instant at) = 0;
    /// Revokes every live session of an account but the one whose token hash is `except_token_hash` (none when
    /// empty); returns how many.
    [[nodiscard]] virtual core::Result<int> RevokeSessionsOf(const std::string& account_id, core::Instant at,
                                                             const std::string& except_token_hash) = 0;
    /// Deletes sessions that ended (expired or revoked) before `before`; returns how many.
    [[nodiscard]] virtual core::Result<int> DeleteEndedSessions(core::Instant before) = 0;

    /// Creates a device. Its hall must exist and belong to its tenant.
    [[nodiscard]] virtual core::Status CreateDevice(const Device& device) = 0;
    [[nodiscard]] virtual std::optional<Device> FindDevice(const std::string& id) = 0;
    [[nodiscard]] virtual std::optional<Device> FindDeviceByTokenHash(const std::string& token_hash) = 0;
    /// The devices of a tenant (all when empty), by id.
    [[nodiscard]] virtual std::vector<Device> ListDevices(const std::string& tenant_id) = 0;
    /// Revokes a device's token (no-op when already revoked).
    [[nodiscard]] virtual core::Status RevokeDevice(const std::string& id, core::Instant at) = 0;
};

}  // namespace layan::store
