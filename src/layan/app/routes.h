#pragma once

#include <string_view>

#include "layan/api/api.h"
#include "layan/app/config.h"
#include "layan/auth/auth.h"
#include "layan/auth/guard.h"
#include "layan/auth/routes.h"
#include "layan/core/error.h"
#include "layan/http/router.h"
#include "layan/http/server.h"

namespace layan::app {

/// The whole route table of `layan serve`, in one place so that tests walk exactly what runs: the JSON API,
/// the session, account and device routes, the pages (and /login) and the static assets (from `web_dir` when
/// given: the web_dir setting).
void BuildRouter(http::Router& router, api::ApiContext& api, auth::RoutesContext& accounts,
                 std::string_view web_dir = {});

/// The permissions of the server's built-in routes: GET /metrics needs "metrics.read" (admins and auditors, or a
/// scraper on the server's own machine); /healthz and /readyz stay public. Call before constructing the server.
void GuardBuiltinRoutes(http::ServerOptions& options);

/// Puts the guard in front of every handler and the security headers on every response.
/// `guard` must outlive the server.
void Secure(http::Server& server, auth::Guard& guard);

/// The auth settings from the configuration (trusted proxies, session lifetimes, rate limits; Secure cookies
/// always when public_url is https://). Fails like Validate on a bad trusted_proxies list.
[[nodiscard]] core::Result<auth::AuthOptions> AuthOptionsOf(const Config& config);

}  // namespace layan::app
