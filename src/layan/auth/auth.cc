#include "layan/auth/auth.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/auth/tokens.h"

namespace layan::auth {

namespace access = domain::access;
using core::ErrorKind;
using core::Fail;

namespace {

/// Activity is written at most this often per session (a write per request would be wasteful); idle expiry is
/// therefore exact to within this much.
constexpr std::chrono::minutes kTouchEvery{1};

core::Status CheckUsername(std::string_view username) {
    const bool ok = username.size() >= 3 && username.size() <= 64 &&
                    std::all_of(username.begin(), username.end(),
                                [](unsigned char c) {
                                    return std::islower(c) || std::isdigit(c) || c == '.' || c == '_' || c == '-';
                                }) &&
                    std::isalnum(static_cast<unsigned char>(username.front()));
    if (!ok) {
        return Fail(ErrorKind::kInvalid, "invalid_username",
                    "A username is 3 to 64 characters: lower-case letters, digits, '.', '_' or '-', starting with a "
                    "letter or digit.",
                    {{"field", "username"}});
    }
    return {};
}

/// The username as it may appear in a log line: only when well-formed (no control characters to forge lines).
std::string_view LogName(std::string_view username) {
    return CheckUsername(username) ? username : std::string_view("(malformed username)");
}

tl::unexpected<core::Error> SessionExpired() {
    return Fail(ErrorKind::kUnauthenticated, "session_expired", "Your session has ended; please sign in again.");
}

tl::unexpected<core::Error> Locked(std::chrono::seconds remaining) {
    return Fail(ErrorKind::kRateLimited, "login_locked",
                fmt::format("Too many failed sign-ins; try again in {} minute(s), or ask an administrator to "
                            "reset the password.",
                            (remaining.count() + 59) / 60),
                {{"retry_after_s", remaining.count()}});
}

/// How an audit record names an account, a device and a session.
nlohmann::json AccountData(const store::Account& account) {
    return {{"account", account.id}, {"username", account.username}};
}

nlohmann::json DeviceData(const store::Device& device) {
    return {{"device", device.id},
            {"hall", device.hall_id},
            {"kind", access::ToString(device.kind)},
            {"name", device.name}};
}

/// Who tries to sign in: nobody yet, from an address.
Actor Anonymous(const std::string& ip) {
    return Actor{.actor = "anonymous", .role = "citizen", .ip = ip, .device = ""};
}

/// A session's name in the trail: enough to tell sessions apart and find one in the database, useless to sign in.
std::string SessionName(const std::string& token_hash) { return token_hash.substr(0, 16); }

}  // namespace

std::string NormalizeUsername(std::string_view username) {
    while (!username.empty() && std::isspace(static_cast<unsigned char>(username.front()))) {
        username.remove_prefix(1);
    }
    while (!username.empty() && std::isspace(static_cast<unsigned char>(username.back()))) {
        username.remove_suffix(1);
    }
    std::string out(username);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

Actor CommandLineActor() {
    const char* user = std::getenv("USER");  // NOLINT(concurrency-mt-unsafe): read once, nothing sets it
    return Actor{.actor = fmt::format("cli/{}", user != nullptr && *user != '\0' ? user : "unknown"),
                 .role = "system",
                 .ip = "",
                 .device = ""};
}

Actor ActorOf(const access::Principal& caller, const std::string& ip) {
    const bool device = caller.role == access::Role::kDevice;
    return Actor{.actor = caller.IsAnonymous() ? "anonymous" : caller.id,
                 .role = std::string(access::ToString(caller.role)),
                 .ip = ip,
                 .device = device ? caller.id : ""};
}

Auth::Auth(store::Database& database, const core::Clock& clock, AuthOptions options)
    : database_(database), clock_(clock), options_(std::move(options)), throttle_(options_.lockout) {}

core::Status Auth::Record(const std::string& tenant_id, std::string_view type, nlohmann::json data, const Actor& by) {
    auto appended = database_.Events().Append(
        store::AccountsStream(tenant_id), store::ExpectedVersion{store::ExpectedVersion::kAny},
        {store::NewEvent{std::string(type), std::move(data), store::MetadataOf(by)}});
    if (!appended) {
        spdlog::error("could not record {} in the audit trail of {}: {}", type, tenant_id, appended.error().message);
        return tl::unexpected(appended.error());
    }
    return {};
}

void Auth::RecordRefusal(const store::Account& account, std::string_view type, std::string_view reason, const Actor& by,
                         bool locked_now) {
    auto data = AccountData(account);
    data["reason"] = reason;
    // A refusal that cannot be recorded is still a refusal; Record logs the error.
    (void)Record(account.tenant_id, type, data, by);
    if (locked_now) {
        data.erase("reason");
        data["until"] = core::FormatIso8601(clock_.Now() + options_.lockout.lockout);
        (void)Record(account.tenant_id, store::account_event::kAccountLocked, std::move(data), by);
    }
}

access::Principal Auth::PrincipalOf(const store::Account& account) {
    return access::Principal{.role = account.role,
                             .id = account.id,
                             .name = account.username,
                             .tenant_id = account.tenant_id,
                             .units = account.units,
                             .officer_id = account.officer_id,
                             .hall_id = "",
                             .device_kind = access::DeviceKind::kKiosk};
}

core::Result<store::Account> Auth::CreateAccount(const NewAccount& request, const Actor& by) {
    const std::string username = NormalizeUsername(request.username);
    if (auto ok = CheckUsername(username); !ok) {
        return tl::unexpected(ok.error());
    }
    if (!access::IsAssignableRole(request.role)) {
        return Fail(ErrorKind::kInvalid, "invalid_role",
                    fmt::format("An account cannot have the role \"{}\".", access::ToString(request.role)),
                    {{"field", "role"}});
    }
    if (auto ok = CheckNewPassword(request.password, username); !ok) {
        return tl::unexpected(ok.error());
    }
    auto& catalog = database_.CatalogRepo();
    if (!catalog.FindTenant(request.tenant_id)) {
        return Fail(ErrorKind::kInvalid, "unknown_tenant", fmt::format("There is no tenant \"{}\".", request.tenant_id),
                    {{"field", "tenant"}});
    }
    std::vector<std::string> units = request.units;
    if (request.role == access::Role::kOfficer && request.officer_id.empty()) {
        return Fail(ErrorKind::kInvalid, "officer_required",
                    "An officer account names its officer in the catalog (--officer / \"officer\").",
                    {{"field", "officer"}});
    }
    if (!request.officer_id.empty()) {
        auto officer = catalog.FindOfficer(request.officer_id);
        if (!officer || officer->tenant_id != request.tenant_id) {
            return Fail(ErrorKind::kInvalid, "unknown_officer",
                        fmt::format("Tenant \"{}\" has no officer \"{}\".", request.tenant_id, request.officer_id),
                        {{"field", "officer"}});
        }
        if (units.empty()) {
            units.push_back(officer->unit_id);
        }
    }
    const auto now = clock_.Now();
    store::Account account{.id = NewId("u-"),
                           .username = username,
                           .tenant_id = request.tenant_id,
                           .role = request.role,
                           .officer_id = request.officer_id,
                           .units = std::move(units),
                           .password_hash = HashPassword(request.password, options_.password_cost),
                           .disabled = false,
                           .created_at = now,
                           .password_changed_at = now};
    if (auto created = database_.AccountsRepo().CreateAccount(account); !created) {
        return tl::unexpected(created.error());
    }
    auto data = AccountData(account);
    data["role"] = access::ToString(account.role);
    data["officer"] = account.officer_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(account.officer_id);
    data["units"] = account.units;
    if (auto recorded = Record(account.tenant_id, store::account_event::kAccountCreated, std::move(data), by);
        !recorded) {
        return tl::unexpected(recorded.error());
    }
    return account;
}

core::Status Auth::SetPassword(const std::string& account_id, const std::string& password, const Actor& by) {
    auto account = database_.AccountsRepo().FindAccount(account_id);
    if (!account) {
        return Fail(ErrorKind::kNotFound, "account_not_found", fmt::format("There is no account \"{}\".", account_id));
    }
    if (auto ok = CheckNewPassword(password, account->username); !ok) {
        return ok;
    }
    const auto now = clock_.Now();
    auto& accounts = database_.AccountsRepo();
    if (auto set = accounts.SetPasswordHash(account_id, HashPassword(password, options_.password_cost), now); !set) {
        return set;
    }
    auto revoked = accounts.RevokeSessionsOf(account_id, now, "");
    if (!revoked) {
        return tl::unexpected(revoked.error());
    }
    throttle_.RecordSuccess(account->username);  // an admin's reset also lifts the lock
    auto data = AccountData(*account);
    data["sessions_ended"] = *revoked;
    return Record(account->tenant_id, store::account_event::kPasswordReset, std::move(data), by);
}

core::Status Auth::ChangeOwnPassword(const std::string& session_token, const std::string& current_password,
                                     const std::string& new_password, const std::string& ip) {
    store::Session session;
    auto caller = SessionCaller(session_token, &session);
    if (!caller) {
        return tl::unexpected(caller.error());
    }
    auto account = FindAccount(caller->id);
    if (!account) {
        return SessionExpired();
    }
    const auto now = clock_.Now();
    if (auto locked = throttle_.LockedFor(account->username, ip, now)) {
        return Locked(*locked);
    }
    const Actor by = ActorOf(*caller, ip);
    if (current_password.size() > kMaxPasswordBytes || !VerifyPassword(account->password_hash, current_password)) {
        const bool locked_now = throttle_.RecordFailure(account->username, ip, now);
        RecordRefusal(*account, store::account_event::kPasswordChangeRefused, "wrong_password", by, locked_now);
        return Fail(ErrorKind::kForbidden, "wrong_password", "Your current password is not right.",
                    {{"field", "current_password"}});
    }
    if (auto ok = CheckNewPassword(new_password, account->username); !ok) {
        return ok;
    }
    if (ConstantTimeEquals(current_password, new_password)) {
        return Fail(ErrorKind::kInvalid, "same_password", "Choose a password other than your current one.",
                    {{"field", "new_password"}});
    }
    auto& accounts = database_.AccountsRepo();
    if (auto set = accounts.SetPasswordHash(account->id, HashPassword(new_password, options_.password_cost), now);
        !set) {
        return set;
    }
    // Someone who knew the old password may hold another session: end every one but this.
    auto revoked = accounts.RevokeSessionsOf(account->id, now, session.token_hash);
    if (!revoked) {
        return tl::unexpected(revoked.error());
    }
    throttle_.RecordSuccess(account->username);
    auto data = AccountData(*account);
    data["session"] = SessionName(session.token_hash);
    data["sessions_ended"] = *revoked;
    return Record(account->tenant_id, store::account_event::kPasswordChanged, std::move(data), by);
}

core::Status Auth::SetDisabled(const std::string& account_id, bool disabled, const Actor& by) {
    auto& accounts = database_.AccountsRepo();
    auto account = accounts.FindAccount(account_id);
    if (!account) {
        return Fail(ErrorKind::kNotFound, "account_not_found", fmt::format("There is no account \"{}\".", account_id));
    }
    if (auto set = accounts.SetDisabled(account_id, disabled); !set) {
        return set;
    }
    auto data = AccountData(*account);
    if (disabled) {
        auto revoked = accounts.RevokeSessionsOf(account_id, clock_.Now(), "");
        if (!revoked) {
            return tl::unexpected(revoked.error());
        }
        data["sessions_ended"] = *revoked;
    }
    return Record(account->tenant_id,
                  disabled ? store::account_event::kAccountDisabled : store::account_event::kAccountEnabled,
                  std::move(data), by);
}

std::optional<store::Account> Auth::FindAccount(const std::string& id) {
    return database_.AccountsRepo().FindAccount(id);
}

std::optional<store::Account> Auth::FindAccountByUsername(const std::string& username) {
    return database_.AccountsRepo().FindAccountByUsername(NormalizeUsername(username));
}

core::Result<std::vector<std::string>> Auth::SeedDemoAccounts() {
    auto& catalog = database_.CatalogRepo();
    auto& accounts = database_.AccountsRepo();
    const auto tenants = catalog.ListTenants();
    // One hash for all: the demo password is public anyway, and one Argon2id run keeps seed-demo quick.
    const std::string hash = HashPassword(kDemoPassword, options_.password_cost);
    const auto now = clock_.Now();
    const Actor seeder{.actor = "seed-demo", .role = "system", .ip = "", .device = ""};
    std::vector<std::string> created;
    auto add = [&](store::Account account) -> core::Status {
        if (accounts.FindAccountByUsername(account.username)) {
            return {};
        }
        account.id = NewId("u-");
        account.password_hash = hash;
        account.created_at = now;
        account.password_changed_at = now;
        if (auto ok = accounts.CreateAccount(account); !ok) {
            return ok;
        }
        auto data = AccountData(account);
        data["role"] = access::ToString(account.role);
        data["demo"] = true;
        if (auto recorded = Record(account.tenant_id, store::account_event::kAccountCreated, std::move(data), seeder);
            !recorded) {
            return recorded;
        }
        created.push_back(account.username);
        return {};
    };
    for (const auto& tenant : tenants) {
        std::vector<std::string> units;
        for (const auto& unit : catalog.ListUnits(tenant.id)) {
            units.push_back(unit.id);
        }
        for (const auto& officer : catalog.ListOfficers(tenant.id)) {
            store::Account account{.username = NormalizeUsername(officer.id),
                                   .tenant_id = tenant.id,
                                   .role = access::Role::kOfficer,
                                   .officer_id = officer.id,
                                   .units = {officer.unit_id}};
            if (CheckUsername(account.username)) {
                if (auto ok = add(std::move(account)); !ok) {
                    return tl::unexpected(ok.error());
                }
            }
        }
        auto name = [&](std::string_view role) {
            return tenants.size() == 1 ? std::string(role) : fmt::format("{}.{}", role, tenant.id);
        };
        for (auto [role, role_units] :
             {std::pair{access::Role::kSupervisor, units}, std::pair{access::Role::kAdmin, std::vector<std::string>{}},
              std::pair{access::Role::kAuditor, std::vector<std::string>{}}}) {
            store::Account account{.username = name(access::ToString(role)),
                                   .tenant_id = tenant.id,
                                   .role = role,
                                   .officer_id = "",
                                   .units = role_units};
            if (auto ok = add(std::move(account)); !ok) {
                return tl::unexpected(ok.error());
            }
        }
    }
    return created;
}

core::Result<NewDevice> Auth::AddDevice(const std::string& tenant_id, const std::string& hall_id,
                                        access::DeviceKind kind, const std::string& name, const Actor& by) {
    if (name.empty() || name.size() > 80) {
        return Fail(ErrorKind::kInvalid, "invalid_field", "A device's name is 1 to 80 characters.",
                    {{"field", "name"}});
    }
    NewDevice made;
    made.token = NewToken("lyd_");
    made.device = store::Device{.id = NewId("d-"),
                                .tenant_id = tenant_id,
                                .hall_id = hall_id,
                                .kind = kind,
                                .name = name,
                                .token_hash = HashToken(made.token),
                                .created_at = clock_.Now(),
                                .revoked_at = std::nullopt};
    if (auto created = database_.AccountsRepo().CreateDevice(made.device); !created) {
        return tl::unexpected(created.error());
    }
    if (auto recorded = Record(tenant_id, store::account_event::kDeviceAdded, DeviceData(made.device), by); !recorded) {
        return tl::unexpected(recorded.error());
    }
    return made;
}

core::Status Auth::RevokeDevice(const std::string& device_id, const Actor& by) {
    auto& accounts = database_.AccountsRepo();
    auto device = accounts.FindDevice(device_id);
    if (!device) {
        return Fail(ErrorKind::kNotFound, "device_not_found", fmt::format("There is no device \"{}\".", device_id));
    }
    if (device->revoked_at) {
        return {};  // already revoked: nothing happens, nothing to record
    }
    if (auto revoked = accounts.RevokeDevice(device_id, clock_.Now()); !revoked) {
        return revoked;
    }
    return Record(device->tenant_id, store::account_event::kDeviceRevoked, DeviceData(*device), by);
}

core::Result<SignedIn> Auth::Login(const Credentials& credentials) {
    std::call_once(dummy_once_, [this] { dummy_hash_ = HashPassword(NewToken(), options_.password_cost); });
    const std::string username = NormalizeUsername(credentials.username);
    const auto now = clock_.Now();
    if (username.empty() || username.size() > 64 || credentials.password.size() > kMaxPasswordBytes) {
        return Fail(ErrorKind::kUnauthenticated, "invalid_credentials", "The username or password is not right.");
    }
    auto& accounts = database_.AccountsRepo();
    auto account = accounts.FindAccountByUsername(username);
    if (auto locked = throttle_.LockedFor(username, credentials.ip, now)) {
        if (account) {
            RecordRefusal(*account, store::account_event::kSignInFailed, "locked", Anonymous(credentials.ip), false);
        }
        return Locked(*locked);
    }
    // An unknown username costs one hash too, so timing does not tell which usernames exist.
    const bool verified = account ? VerifyPassword(account->password_hash, credentials.password)
                                  : (static_cast<void>(VerifyPassword(dummy_hash_, credentials.password)), false);
    if (!verified) {
        const bool locked_now = throttle_.RecordFailure(username, credentials.ip, now);
        // An unknown name is not logged: people type their password into the username field.
        spdlog::warn("failed sign-in for {} from {}",
                     account ? fmt::format("\"{}\"", account->username) : std::string("an unknown username"),
                     credentials.ip);
        if (account) {
            RecordRefusal(*account, store::account_event::kSignInFailed, "wrong_password", Anonymous(credentials.ip),
                          locked_now);
        }
        return Fail(ErrorKind::kUnauthenticated, "invalid_credentials", "The username or password is not right.");
    }
    if (account->disabled) {
        RecordRefusal(*account, store::account_event::kSignInFailed, "account_disabled", Anonymous(credentials.ip),
                      false);
        return Fail(ErrorKind::kForbidden, "account_disabled", "This account is disabled; ask your administrator.");
    }
    throttle_.RecordSuccess(username);
    if (credentials.presented_token) {
        // Never upgrade a session the browser already had: whoever planted it must not share the new one.
        (void)accounts.RevokeSession(HashToken(*credentials.presented_token), now);
    }
    if (NeedsRehash(account->password_hash, options_.password_cost)) {
        auto rehashed = HashPassword(credentials.password, options_.password_cost);
        if (accounts.SetPasswordHash(account->id, rehashed, account->password_changed_at)) {
            account->password_hash = std::move(rehashed);
        }
    }
    SignedIn signed_in;
    signed_in.token = NewToken();
    signed_in.session = store::Session{.token_hash = HashToken(signed_in.token),
                                       .account_id = account->id,
                                       .csrf_token = NewToken(),
                                       .created_at = now,
                                       .last_seen_at = now,
                                       .expires_at = now + options_.absolute_timeout,
                                       .revoked_at = std::nullopt,
                                       .ip = credentials.ip};
    if (auto created = accounts.CreateSession(signed_in.session); !created) {
        return tl::unexpected(created.error());
    }
    auto data = AccountData(*account);
    data["session"] = SessionName(signed_in.session.token_hash);
    if (auto recorded = Record(account->tenant_id, store::account_event::kSignedIn, std::move(data),
                               ActorOf(PrincipalOf(*account), credentials.ip));
        !recorded) {
        (void)accounts.RevokeSession(signed_in.session.token_hash, now);  // no session without its record
        return tl::unexpected(recorded.error());
    }
    // Ended sessions are of no further use (their sign-in and sign-out are in the audit trail) but hold an officer's
    // address: each sign-in sweeps them away, which keeps the table small without a scheduler.
    (void)accounts.DeleteEndedSessions(now);
    signed_in.account = std::move(*account);
    spdlog::info("\"{}\" signed in from {}", LogName(username), credentials.ip);
    return signed_in;
}

core::Status Auth::Logout(const std::string& token, const std::string& ip) {
    auto& accounts = database_.AccountsRepo();
    const std::string hash = HashToken(token);
    auto session = accounts.FindSession(hash);
    if (!session || session->revoked_at) {
        return {};
    }
    if (auto revoked = accounts.RevokeSession(hash, clock_.Now()); !revoked) {
        return revoked;
    }
    auto account = accounts.FindAccount(session->account_id);
    if (!account) {
        return {};
    }
    auto data = AccountData(*account);
    data["session"] = SessionName(hash);
    return Record(account->tenant_id, store::account_event::kSignedOut, std::move(data),
                  ActorOf(PrincipalOf(*account), ip));
}

void Auth::RestoreLocks() {
    // A lock needs at most max_failures_per_ip failures within the window: a few thousand records per tenant reach
    // far enough back on any realistic day.
    constexpr std::int64_t kLookBack = 5000;
    const auto horizon = clock_.Now() - options_.lockout.window - options_.lockout.lockout;
    auto& events = database_.Events();
    int replayed = 0;
    for (const auto& tenant : database_.CatalogRepo().ListTenants()) {
        const auto stream = store::AccountsStream(tenant.id);
        const auto from = std::max<std::int64_t>(1, events.StreamVersion(stream) - kLookBack + 1);
        for (const auto& record : events.ReadStream(stream, from)) {
            if (record.recorded_at < horizon || !record.data.is_object() || !record.metadata.is_object()) {
                continue;
            }
            const auto username = record.data.value("username", std::string());
            const bool wrong_password = record.data.value("reason", std::string()) == "wrong_password";
            if (wrong_password && (record.type == store::account_event::kSignInFailed ||
                                   record.type == store::account_event::kPasswordChangeRefused)) {
                (void)throttle_.RecordFailure(username, record.metadata.value("ip", std::string()), record.recorded_at);
                ++replayed;
            } else if (record.type == store::account_event::kSignedIn ||
                       record.type == store::account_event::kPasswordReset ||
                       record.type == store::account_event::kPasswordChanged) {
                throttle_.RecordSuccess(username);
            }
        }
    }
    if (replayed > 0) {
        spdlog::info("replayed {} recent failed sign-in(s) from the audit trail into the sign-in locks", replayed);
    }
}

core::Result<access::Principal> Auth::SessionCaller(const std::string& token, store::Session* session_out) {
    if (token.empty() || token.size() > 128) {
        return SessionExpired();
    }
    auto& accounts = database_.AccountsRepo();
    const std::string hash = HashToken(token);
    auto session = accounts.FindSession(hash);
    const auto now = clock_.Now();
    if (!session || session->revoked_at || now >= session->expires_at ||
        now - session->last_seen_at >= options_.idle_timeout) {
        return SessionExpired();
    }
    auto account = accounts.FindAccount(session->account_id);
    if (!account || account->disabled) {
        return SessionExpired();
    }
    if (now - session->last_seen_at >= kTouchEvery) {
        (void)accounts.TouchSession(hash, now);
        session->last_seen_at = now;
    }
    if (session_out != nullptr) {
        *session_out = *session;
    }
    return PrincipalOf(*account);
}

core::Result<access::Principal> Auth::DeviceCaller(const std::string& token) {
    if (token.empty() || token.size() > 128) {
        return Fail(ErrorKind::kUnauthenticated, "invalid_token", "This device token is not valid.");
    }
    auto device = database_.AccountsRepo().FindDeviceByTokenHash(HashToken(token));
    if (!device || device->revoked_at) {
        return Fail(ErrorKind::kUnauthenticated, "invalid_token",
                    "This device token is not valid (revoked or unknown); ask the administrator for a new one.");
    }
    return access::Principal{.role = access::Role::kDevice,
                             .id = device->id,
                             .name = device->name,
                             .tenant_id = device->tenant_id,
                             .units = {},
                             .officer_id = "",
                             .hall_id = device->hall_id,
                             .device_kind = device->kind};
}

}  // namespace layan::auth
