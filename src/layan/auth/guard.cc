#include "layan/auth/guard.h"

#include <mutex>

#include <fmt/format.h>

#include "layan/auth/client.h"
#include "layan/auth/tokens.h"

namespace layan::auth {

namespace access = domain::access;
using core::ErrorKind;
using http::Response;

namespace {

Response ErrorResponse(ErrorKind kind, std::string code, std::string message) {
    return Response::Error(core::Error{kind, std::move(code), std::move(message), nullptr});
}

Response Unauthenticated(const core::Error& error, bool bearer) {
    auto response = Response::Error(error);
    if (bearer) {
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"layan\", error=\"invalid_token\"");
    }
    return response;
}

/// The token of "Bearer <token>" (scheme case-insensitive); nullopt for another scheme.
std::optional<std::string> BearerToken(std::string_view value) {
    constexpr std::string_view kScheme = "bearer ";
    if (value.size() <= kScheme.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) {
            return std::nullopt;
        }
    }
    value.remove_prefix(kScheme.size());
    while (!value.empty() && value.front() == ' ') {
        value.remove_prefix(1);
    }
    return std::string(value);
}

bool IsSignIn(const http::Request& request, const http::Route& route) {
    return route.pattern == kSessionPath && request.method == "POST";
}

Response RateLimited(std::chrono::seconds retry_after) {
    auto response = Response::Error(
        core::Error{ErrorKind::kRateLimited,
                    "rate_limited",
                    fmt::format("Too many requests from your address; try again in {} second(s).", retry_after.count()),
                    {{"retry_after_s", retry_after.count()}}});
    response.headers.emplace_back("Retry-After", std::to_string(retry_after.count()));
    return response;
}

/// True for a loopback address (127.0.0.0/8, ::1, IPv4-mapped 127.x).
bool IsLoopback(std::string_view address) {
    return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

/// A request from the server's own machine: a loopback peer that relays nobody (a proxy on the same machine adds
/// X-Forwarded-For; nginx as documented always does).
bool FromThisMachine(const http::Request& request, std::string_view peer) {
    return IsLoopback(peer) && !request.Header("x-forwarded-for") && !request.Header("forwarded") &&
           !request.Header("x-real-ip");
}

}  // namespace

bool IsStateChanging(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

std::vector<std::string> ClearSessionCookies(bool secure) {
    return {SetCookie(kSessionCookie, "", {.http_only = true, .secure = secure, .max_age_s = 0}),
            SetCookie(kCsrfCookie, "", {.http_only = false, .secure = secure, .max_age_s = 0})};
}

const access::Principal& CallerOf(const http::Request& request) {
    static const access::Principal kAnonymous{};
    const auto* known = std::any_cast<RequestAuth>(&request.context);
    return known != nullptr ? known->caller : kAnonymous;
}

Client RequestClient(const http::Request& request) {
    const auto* known = std::any_cast<RequestAuth>(&request.context);
    return known != nullptr ? known->client : Client{.ip = request.remote_address, .https = false};
}

Guard::Guard(Auth& auth, store::Catalog& catalog)
    : auth_(auth), catalog_(catalog), public_writes_(auth.Options().public_writes), logins_(auth.Options().logins) {}

std::string Guard::TenantOfHall(const std::string& hall_id) {
    {
        std::shared_lock lock(halls_mutex_);
        if (auto it = hall_tenants_.find(hall_id); it != hall_tenants_.end()) {
            return it->second;
        }
    }
    auto hall = catalog_.FindHall(hall_id);
    if (!hall) {
        return "";  // unknown: the handler answers 404
    }
    std::unique_lock lock(halls_mutex_);
    hall_tenants_.emplace(hall_id, hall->tenant_id);
    return hall->tenant_id;
}

access::Target Guard::TargetOf(const http::Request& request) {
    access::Target target;
    if (auto hall = request.PathParam("hall"); !hall.empty()) {
        target.hall_id = std::string(hall);
        target.tenant_id = TenantOfHall(target.hall_id);
    }
    if (auto tenant = request.PathParam("tenant"); !tenant.empty()) {
        target.tenant_id = std::string(tenant);
    }
    if (auto user = request.PathParam("user"); !user.empty()) {
        if (auto account = auth_.Database().AccountsRepo().FindAccount(std::string(user))) {
            target.tenant_id = account->tenant_id;
        }
    }
    if (auto device = request.PathParam("device"); !device.empty()) {
        if (auto found = auth_.Database().AccountsRepo().FindDevice(std::string(device))) {
            target.tenant_id = found->tenant_id;
        }
    }
    return target;
}

std::optional<Response> Guard::Before(http::Request& request, const http::Route& route) {
    const auto& options = auth_.Options();
    if (CookieBytes(request) > options.max_cookie_bytes) {
        auto response = ErrorResponse(ErrorKind::kTooLarge, "cookie_too_large",
                                      fmt::format("The cookies sent are over {} bytes.", options.max_cookie_bytes));
        response.status = 431;
        return response;
    }
    const Client client = ClientOf(request, options.trusted_proxies);
    const bool secure = client.https || options.always_secure_cookies;
    const std::string peer = request.remote_address;
    // Behind a trusted proxy the peer is the proxy: handlers (and the events they record) see the client.
    request.remote_address = client.ip;

    access::Principal caller;
    store::Session session;
    bool by_cookie = false;
    if (auto authorization = request.Header("authorization")) {
        auto token = BearerToken(*authorization);
        auto device = token ? auth_.DeviceCaller(*token)
                            : core::Result<access::Principal>(
                                  core::Fail(ErrorKind::kUnauthenticated, "invalid_token",
                                             "Only `Authorization: Bearer <device token>` is accepted."));
        if (!device) {
            return Unauthenticated(device.error(), true);
        }
        caller = std::move(*device);
    } else if (auto cookie = CookieValue(request, kSessionCookie); cookie && !cookie->empty()) {
        auto person = auth_.SessionCaller(*cookie, &session);
        if (person) {
            caller = std::move(*person);
            by_cookie = true;
        } else if (!access::AllowsAnonymous(route.permission)) {
            auto response = Unauthenticated(person.error(), false);
            for (auto& set_cookie : ClearSessionCookies(secure)) {
                response.headers.emplace_back("Set-Cookie", std::move(set_cookie));
            }
            return response;
        }
    }

    if (by_cookie && IsStateChanging(request.method) && !IsSignIn(request, route)) {
        auto header = request.Header(kCsrfHeader);
        if (!header || !ConstantTimeEquals(*header, session.csrf_token)) {
            return ErrorResponse(ErrorKind::kForbidden, "csrf_invalid",
                                 "This request lacks the page's security token (X-CSRF-Token); reload the page.");
        }
    }

    const auto now = auth_.Now();
    if (IsSignIn(request, route)) {
        if (auto wait = logins_.Take(client.ip, now)) {
            return RateLimited(*wait);
        }
    } else if (caller.IsAnonymous() && IsStateChanging(request.method)) {
        if (auto wait = public_writes_.Take(client.ip, now)) {
            return RateLimited(*wait);
        }
    }

    const auto target = route.permission == access::permission::kPublic ? access::Target{} : TargetOf(request);
    const bool local_scrape =
        caller.IsAnonymous() && access::LocalMachineMayUse(route.permission) && FromThisMachine(request, peer);
    if (auto allowed = local_scrape ? core::Status{} : access::Authorize(caller, route.permission, target); !allowed) {
        if (allowed.error().kind == ErrorKind::kUnauthenticated) {
            return Unauthenticated(allowed.error(), false);
        }
        return Response::Error(allowed.error());
    }
    request.context = RequestAuth{.caller = std::move(caller), .client = client};
    return std::nullopt;
}

}  // namespace layan::auth
