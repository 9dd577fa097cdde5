#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "layan/auth/auth.h"
#include "layan/core/worker_pool.h"
#include "layan/http/router.h"

namespace layan::auth {

/// What the account routes work with. Everything outlives the router.
struct RoutesContext {
    Auth& auth;
    core::WorkerPool& worker;  ///< Runs password hashing and audit-record waits off the event loops.
    std::string public_url;    ///< "https://antrian.example.go.id", without a trailing slash (device URLs).
};

/// Adds the session, account and device routes (the table is in routes.cc, one screen):
///   POST   /api/v1/session                    public           sign in {username, password} → 200 + cookies
///   GET    /api/v1/session                    public           who am I (+ csrf_token); 401 when anonymous
///   DELETE /api/v1/session                    public           sign out → 204, cookies cleared
///   POST   /api/v1/session/password           account.self     {current_password, new_password} → 204, the
///                                                                other sessions of the account end
///   POST   /api/v1/users                      accounts.manage  {username, password, role, tenant?, officer?, units?}
///   POST   /api/v1/users/{user}/password      accounts.manage  {password} → 204, the user's sessions end
///   POST   /api/v1/users/{user}/disable       accounts.manage  → 204, the user's sessions end
///   POST   /api/v1/users/{user}/enable        accounts.manage  → 204
///   GET    /api/v1/tenants/{tenant}/users     accounts.manage  {users: [...]}
///   POST   /api/v1/devices                    accounts.manage  {hall, kind, name} → 201 {device, token, url}
///   DELETE /api/v1/devices/{device}           accounts.manage  → 204
///   GET    /api/v1/tenants/{tenant}/devices   accounts.manage  {devices: [...]}
void RegisterRoutes(http::Router& router, RoutesContext& context);

/// An account as the API shows it (never the password hash).
[[nodiscard]] nlohmann::json AccountJson(const store::Account& account);
/// A device as the API shows it (never the token or its hash).
[[nodiscard]] nlohmann::json DeviceJson(const store::Device& device);
/// Where a device's screen is, with its token in the URL fragment (which browsers never send to a server or
/// put in a Referer): "<public_url>/halls/<hall>/kiosk#device=<token>".
[[nodiscard]] std::string DeviceUrl(const std::string& public_url, const store::Device& device,
                                    const std::string& token);

}  // namespace layan::auth
