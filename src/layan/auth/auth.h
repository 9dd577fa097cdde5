#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "layan/auth/client.h"
#include "layan/auth/password.h"
#include "layan/auth/rate_limit.h"
#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/access/access.h"
#include "layan/store/database.h"

/// Accounts, sessions and device tokens: the use cases behind the HTTP routes and the CLI.
namespace layan::auth {

/// Everything auth can be tuned with. Defaults suit production.
struct AuthOptions {
    std::chrono::minutes idle_timeout{30};           ///< A session unused this long ends.
    std::chrono::minutes absolute_timeout{12 * 60};  ///< A session ends this long after sign-in, whatever happens.
    PasswordCost password_cost = kDefaultPasswordCost;
    LockoutPolicy lockout{};
    /// Anonymous state-changing requests (take a ticket, submit a request) per client address.
    RateLimit public_writes{.burst = 30, .per_minute = 12};
    /// Sign-in attempts per client address (on top of the lockout).
    RateLimit logins{.burst = 10, .per_minute = 6};
    TrustedProxies trusted_proxies{};
    /// Cookies always carry Secure (set when the public URL is https://); otherwise only when the request came
    /// over TLS through a trusted proxy.
    bool always_secure_cookies = false;
    /// Larger Cookie headers are refused with 431 before anything reads them.
    std::size_t max_cookie_bytes = 4096;
    /// Threads that hash passwords (each needs password_cost.memory_bytes while it works).
    int hash_threads = 2;
};

/// What a new account is made of (API and CLI).
struct NewAccount {
    std::string username{};
    std::string password{};
    domain::access::Role role = domain::access::Role::kOfficer;
    std::string tenant_id{};
    std::string officer_id{};          ///< Optional: the catalog officer this person is.
    std::vector<std::string> units{};  ///< Empty for an officer: the officer's unit from the catalog.
};

/// A device just made, with its token: shown once, never stored.
struct NewDevice {
    store::Device device{};
    std::string token{};
};

/// A successful sign-in: the session and the two secrets to hand to the browser (in cookies).
struct SignedIn {
    store::Account account{};
    store::Session session{};
    std::string token{};  ///< For the layan_session cookie; only its hash is stored.
};

/// A sign-in attempt.
struct Credentials {
    std::string username{};
    std::string password{};
    std::string ip{};
    /// The session token the browser presented, if any: it is revoked, never upgraded (no session fixation).
    std::optional<std::string> presented_token{};
};

/// Accounts, sessions and devices over the database. Thread-safe. Password hashing is slow on purpose (Argon2id):
/// callers on an event loop run Login, CreateAccount and SetPassword on a Worker.
class Auth {
public:
    /// `database` and `clock` must outlive the object.
    Auth(store::Database& database, const core::Clock& clock, AuthOptions options = {});

    [[nodiscard]] const AuthOptions& Options() const { return options_; }
    [[nodiscard]] core::Instant Now() const { return clock_.Now(); }
    [[nodiscard]] store::Database& Database() { return database_; }
    [[nodiscard]] LoginThrottle& Throttle() { return throttle_; }

    // --- Accounts ---

    /// Creates an account after checking the username (3–64 of a-z 0-9 . _ -; lower-cased), the role (an account
    /// role), the password (CheckNewPassword), the tenant, officer and units. An officer account gets the
    /// officer's unit when no unit is given; officers must name their catalog officer. Errors: kInvalid
    /// "invalid_username", "invalid_role", "weak_password", "officer_required", "unknown_*"; kConflict
    /// "username_taken".
    [[nodiscard]] core::Result<store::Account> CreateAccount(const NewAccount& request);
    /// Replaces an account's password (checked like a new one) and ends its sessions.
    [[nodiscard]] core::Status SetPassword(const std::string& account_id, const std::string& password);
    /// Disables an account and ends its sessions; or enables it again.
    [[nodiscard]] core::Status SetDisabled(const std::string& account_id, bool disabled);
    [[nodiscard]] std::optional<store::Account> FindAccount(const std::string& id);
    [[nodiscard]] std::optional<store::Account> FindAccountByUsername(const std::string& username);

    /// The demo accounts for every tenant of the catalog, idempotently (existing usernames are left alone): one
    /// officer account per officer (username = officer id), and per tenant a supervisor of all its units, an
    /// admin and an auditor ("supervisor", "admin", "auditor" when there is one tenant, else
    /// "<role>.<tenant>"), all with the password "layan-demo". Returns the usernames created.
    [[nodiscard]] core::Result<std::vector<std::string>> SeedDemoAccounts();

    // --- Devices ---

    /// A kiosk or board for a hall of `tenant_id`, with a new token (prefix "lyd_").
    [[nodiscard]] core::Result<NewDevice> AddDevice(const std::string& tenant_id, const std::string& hall_id,
                                                    domain::access::DeviceKind kind, const std::string& name);
    /// Revokes a device's token for good.
    [[nodiscard]] core::Status RevokeDevice(const std::string& device_id);

    // --- Sessions ---

    /// Signs in: the lockout, then the password (Argon2id), then a new session. Errors: kRateLimited
    /// "login_locked" (details.retry_after_s), kUnauthenticated "invalid_credentials" (same for an unknown
    /// username and a wrong password), kForbidden "account_disabled" (only told to someone who knows the
    /// password), kInvalid for malformed input.
    [[nodiscard]] core::Result<SignedIn> Login(const Credentials& credentials);
    /// Ends the session of `token` (no-op when unknown).
    void Logout(const std::string& token);

    /// The caller a session token stands for, or why not: kUnauthenticated "session_expired" (idle or absolute
    /// end, revoked, unknown, or its account disabled). Records activity (at most once a minute).
    [[nodiscard]] core::Result<domain::access::Principal> SessionCaller(const std::string& token,
                                                                        store::Session* session = nullptr);
    /// The caller a device token stands for; kUnauthenticated "invalid_token" when unknown or revoked.
    [[nodiscard]] core::Result<domain::access::Principal> DeviceCaller(const std::string& token);

    /// The Principal of an account.
    [[nodiscard]] static domain::access::Principal PrincipalOf(const store::Account& account);

private:
    store::Database& database_;
    const core::Clock& clock_;
    AuthOptions options_;
    LoginThrottle throttle_;
    // A hash of a random password at the configured cost, made at the first sign-in, so that unknown usernames
    // take as long as known ones.
    std::once_flag dummy_once_;
    std::string dummy_hash_;
};

/// "alice.w" from " Alice.W ": usernames are compared lower-case, without surrounding spaces.
[[nodiscard]] std::string NormalizeUsername(std::string_view username);

/// The demo password that `layan seed-demo` gives every demo account.
inline constexpr const char* kDemoPassword = "layan-demo";

}  // namespace layan::auth
