#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layan/auth/client.h"
#include "layan/auth/password.h"
#include "layan/auth/rate_limit.h"
#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/domain/access/access.h"
#include "layan/store/database.h"
#include "layan/store/personal_data.h"

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

/// Who acts, as the audit trail records it (the event's metadata): account or device id, role, client address,
/// device. The command line acts as {"cli/<user>", "system"}.
using Actor = store::Processor;

/// A sign-in attempt.
struct Credentials {
    std::string username{};
    std::string password{};
    std::string ip{};
    /// The session token the browser presented, if any: it is revoked, never upgraded (no session fixation).
    std::optional<std::string> presented_token{};
};

/// Accounts, sessions and devices over the database. Thread-safe. Password hashing is slow on purpose (Argon2id):
/// callers on an event loop run Login, CreateAccount, SetPassword and ChangeOwnPassword on a core::WorkerPool; the
/// others wait for the event log's commit of their audit record, so they belong on the pool too.
///
/// Every change and every sign-in is recorded in the event log, in the tenant's stream AccountsStream(tenant), by
/// `by` (the actor): "account_created", "password_reset" (by an admin or the command line), "password_changed" (by
/// the person), "password_change_refused", "account_disabled", "account_enabled", "device_added",
/// "device_revoked", "signed_in", "sign_in_failed" (reason "wrong_password", "account_disabled" or "locked"),
/// "account_locked" and "signed_out". Data name the account ({account, username}) or device, never a password or
/// token (a session is named by the first 16 hex digits of its token's hash). A sign-in under an unknown username
/// is only logged (warn): it belongs to no tenant, and the name typed may be someone's password. The change is
/// made first and then recorded; when the record cannot be written the method fails with kUnavailable
/// "storage_unavailable" (a sign-in is then undone), so nothing succeeds unrecorded.
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
    [[nodiscard]] core::Result<store::Account> CreateAccount(const NewAccount& request, const Actor& by);
    /// Replaces an account's password (checked like a new one) and ends its sessions: an admin's (or the command
    /// line's) reset. Lifts a sign-in lock.
    [[nodiscard]] core::Status SetPassword(const std::string& account_id, const std::string& password, const Actor& by);
    /// A person changes their own password, signed in with the session of `session_token`: the current password
    /// must be right (kForbidden "wrong_password", details.field "current_password"; failures count towards the
    /// sign-in lock, and a locked account gets kRateLimited "login_locked"), the new one must pass
    /// CheckNewPassword and differ from it (kInvalid "weak_password", "same_password"). Their other sessions end;
    /// this one goes on. kUnauthenticated "session_expired" when the session has ended.
    [[nodiscard]] core::Status ChangeOwnPassword(const std::string& session_token, const std::string& current_password,
                                                 const std::string& new_password, const std::string& ip);
    /// Disables an account and ends its sessions; or enables it again.
    [[nodiscard]] core::Status SetDisabled(const std::string& account_id, bool disabled, const Actor& by);
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
                                                    domain::access::DeviceKind kind, const std::string& name,
                                                    const Actor& by);
    /// Revokes a device's token for good.
    [[nodiscard]] core::Status RevokeDevice(const std::string& device_id, const Actor& by);

    // --- Sessions ---

    /// Signs in: the lockout, then the password (Argon2id), then a new session. Errors: kRateLimited
    /// "login_locked" (details.retry_after_s), kUnauthenticated "invalid_credentials" (same for an unknown
    /// username and a wrong password), kForbidden "account_disabled" (only told to someone who knows the
    /// password), kInvalid for malformed input.
    [[nodiscard]] core::Result<SignedIn> Login(const Credentials& credentials);
    /// Ends the session of `token` (no-op when unknown or already ended), recording "signed_out" from `ip`.
    [[nodiscard]] core::Status Logout(const std::string& token, const std::string& ip);

    /// Rebuilds the sign-in locks from the audit trail: replays the failed sign-ins and password changes (and the
    /// successes and resets that forgive them) recorded within the last lockout window plus lockout, so that a
    /// restart does not lift a lock. Guesses at unknown usernames are not recorded, so an address's count of those
    /// starts again. `layan serve` calls it once at start.
    void RestoreLocks();

    /// The caller a session token stands for, or why not: kUnauthenticated "session_expired" (idle or absolute
    /// end, revoked, unknown, or its account disabled). Records activity (at most once a minute).
    [[nodiscard]] core::Result<domain::access::Principal> SessionCaller(const std::string& token,
                                                                        store::Session* session = nullptr);
    /// The caller a device token stands for; kUnauthenticated "invalid_token" when unknown or revoked.
    [[nodiscard]] core::Result<domain::access::Principal> DeviceCaller(const std::string& token);

    /// The Principal of an account.
    [[nodiscard]] static domain::access::Principal PrincipalOf(const store::Account& account);

private:
    /// Appends one audit record to the tenant's accounts stream and waits for its commit.
    [[nodiscard]] core::Status Record(const std::string& tenant_id, std::string_view type, nlohmann::json data,
                                      const Actor& by);
    /// Records a refused sign-in or password change of an existing account ("sign_in_failed" or
    /// "password_change_refused" with its reason), and "account_locked" when it started a lock.
    void RecordRefusal(const store::Account& account, std::string_view type, std::string_view reason, const Actor& by,
                       bool locked_now);

    store::Database& database_;
    const core::Clock& clock_;
    AuthOptions options_;
    LoginThrottle throttle_;
    // A hash of a random password at the configured cost, made at the first sign-in, so that unknown usernames
    // take as long as known ones.
    std::once_flag dummy_once_;
    std::string dummy_hash_;
};

/// The actor of a command-line change: {"cli/<$USER>", "system"}.
[[nodiscard]] Actor CommandLineActor();

/// The actor a caller is, acting from `ip`: the account or device id ("anonymous" for a citizen), the role, the
/// address and, for a device, its id.
[[nodiscard]] Actor ActorOf(const domain::access::Principal& caller, const std::string& ip);

/// "alice.w" from " Alice.W ": usernames are compared lower-case, without surrounding spaces.
[[nodiscard]] std::string NormalizeUsername(std::string_view username);

/// The demo password that `layan seed-demo` gives every demo account.
inline constexpr const char* kDemoPassword = "layan-demo";

}  // namespace layan::auth
