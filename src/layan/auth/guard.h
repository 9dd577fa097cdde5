#pragma once

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "layan/auth/auth.h"
#include "layan/auth/rate_limit.h"
#include "layan/domain/access/access.h"
#include "layan/http/message.h"
#include "layan/http/router.h"

namespace layan::auth {

/// Names of the cookies and headers of a browser session.
inline constexpr std::string_view kSessionCookie = "layan_session";
inline constexpr std::string_view kCsrfCookie = "layan_csrf";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";
/// The sign-in route (POST) and the session resource (GET who am I, DELETE sign out).
inline constexpr std::string_view kSessionPath = "/api/v1/session";

/// The before-handler hook (http::Server::SetBeforeHandler) that every request passes, built-in routes included:
///  1. a Cookie header over AuthOptions::max_cookie_bytes → 431 "cookie_too_large";
///  2. authentication: `Authorization: Bearer <device token>` (401 "invalid_token" when unknown or revoked), else
///     the layan_session cookie (when it has ended: 401 "session_expired" on routes anonymous callers may not
///     use, and the caller counts as anonymous on the others), else anonymous;
///  3. CSRF: a state-changing request (not GET/HEAD/OPTIONS) authenticated by the cookie must carry
///     X-CSRF-Token equal to its session's token (403 "csrf_invalid"); the sign-in itself is exempt, and so are
///     bearer tokens and anonymous requests (no ambient credentials to abuse);
///  4. per-client-address token buckets (429 "rate_limited" with Retry-After): sign-in attempts, and every
///     anonymous state-changing request (tickets, later request submissions);
///  5. domain::access::Authorize with the route's permission and the tenant and hall the path names ({hall},
///     {tenant}, {user}, {device}): 401 / 403.  An anonymous request from the server's own machine (a loopback peer, no
///     X-Forwarded-For, Forwarded or X-Real-IP header) passes on routes domain::access::LocalMachineMayUse
///     allows (/metrics, for a scraper beside layan).
/// Then the caller is put on the request (see CallerOf), request.remote_address becomes the client's address (as
/// the trusted proxies tell it), and the handler runs. Thread-safe.
class Guard {
public:
    /// `auth` and `catalog` must outlive the guard.
    Guard(Auth& auth, store::Catalog& catalog);

    /// The hook.
    [[nodiscard]] std::optional<http::Response> Before(http::Request& request, const http::Route& route);

private:
    [[nodiscard]] domain::access::Target TargetOf(const http::Request& request);
    [[nodiscard]] std::string TenantOfHall(const std::string& hall_id);

    Auth& auth_;
    store::Catalog& catalog_;
    RateLimiter public_writes_;
    RateLimiter logins_;
    std::shared_mutex halls_mutex_;
    std::map<std::string, std::string, std::less<>> hall_tenants_;  // halls never move between tenants
};

/// What the Guard learnt about a request, kept in http::Request::context for the handlers.
struct RequestAuth {
    domain::access::Principal caller{};
    Client client{};
};

/// The caller the Guard put on the request; an anonymous citizen when none was (no Guard installed).
[[nodiscard]] const domain::access::Principal& CallerOf(const http::Request& request);

/// The client as the Guard established it (address and TLS, per the trusted proxies); without a Guard, the peer
/// over plain HTTP.
[[nodiscard]] Client RequestClient(const http::Request& request);

/// True for methods that change state (anything but GET, HEAD, OPTIONS).
[[nodiscard]] bool IsStateChanging(std::string_view method);

/// Set-Cookie values that delete the session and CSRF cookies.
[[nodiscard]] std::vector<std::string> ClearSessionCookies(bool secure);

}  // namespace layan::auth
