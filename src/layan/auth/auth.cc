#include "layan/auth/auth.h"

#include <algorithm>
#include <cctype>

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

Auth::Auth(store::Database& database, const core::Clock& clock, AuthOptions options)
    : database_(database), clock_(clock), options_(std::move(options)), throttle_(options_.lockout) {}

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

core::Result<store::Account> Auth::CreateAccount(const NewAccount& request) {
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
    return account;
}

core::Status Auth::SetPassword(const std::string& account_id, const std::string& password) {
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
    if (auto revoked = accounts.RevokeSessionsOf(account_id, now); !revoked) {
        return tl::unexpected(revoked.error());
    }
    throttle_.RecordSuccess(account->username);  // an admin's reset also lifts the lock
    return {};
}

core::Status Auth::SetDisabled(const std::string& account_id, bool disabled) {
    auto& accounts = database_.AccountsRepo();
    if (auto set = accounts.SetDisabled(account_id, disabled); !set) {
        return set;
    }
    if (disabled) {
        if (auto revoked = accounts.RevokeSessionsOf(account_id, clock_.Now()); !revoked) {
            return tl::unexpected(revoked.error());
        }
    }
    return {};
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
                                        access::DeviceKind kind, const std::string& name) {
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
    return made;
}

core::Status Auth::RevokeDevice(const std::string& device_id) {
    return database_.AccountsRepo().RevokeDevice(device_id, clock_.Now());
}

core::Result<SignedIn> Auth::Login(const Credentials& credentials) {
    std::call_once(dummy_once_, [this] { dummy_hash_ = HashPassword(NewToken(), options_.password_cost); });
    const std::string username = NormalizeUsername(credentials.username);
    const auto now = clock_.Now();
    if (username.empty() || username.size() > 64 || credentials.password.size() > kMaxPasswordBytes) {
        return Fail(ErrorKind::kUnauthenticated, "invalid_credentials", "The username or password is not right.");
    }
    if (auto locked = throttle_.LockedFor(username, credentials.ip, now)) {
        return Fail(ErrorKind::kRateLimited, "login_locked",
                    fmt::format("Too many failed sign-ins; try again in {} minute(s), or ask an administrator to "
                                "reset the password.",
                                (locked->count() + 59) / 60),
                    {{"retry_after_s", locked->count()}});
    }
    auto& accounts = database_.AccountsRepo();
    auto account = accounts.FindAccountByUsername(username);
    // An unknown username costs one hash too, so timing does not tell which usernames exist.
    const bool verified = account ? VerifyPassword(account->password_hash, credentials.password)
                                  : (static_cast<void>(VerifyPassword(dummy_hash_, credentials.password)), false);
    if (!verified) {
        throttle_.RecordFailure(username, credentials.ip, now);
        spdlog::warn("failed sign-in for \"{}\" from {}", LogName(username), credentials.ip);
        return Fail(ErrorKind::kUnauthenticated, "invalid_credentials", "The username or password is not right.");
    }
    if (account->disabled) {
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
    signed_in.account = std::move(*account);
    spdlog::info("\"{}\" signed in from {}", LogName(username), credentials.ip);
    return signed_in;
}

void Auth::Logout(const std::string& token) {
    (void)database_.AccountsRepo().RevokeSession(HashToken(token), clock_.Now());
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
