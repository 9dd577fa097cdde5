#include "layan/app/routes.h"

#include <string>

#include "layan/auth/security_headers.h"
#include "layan/domain/access/access.h"
#include "layan/web/web.h"

namespace layan::app {

void BuildRouter(http::Router& router, api::ApiContext& api, auth::RoutesContext& accounts, std::string_view web_dir) {
    api::RegisterRoutes(router, api);
    auth::RegisterRoutes(router, accounts);
    web::RegisterRoutes(router, web_dir);
}

void GuardBuiltinRoutes(http::ServerOptions& options) {
    options.metrics_permission = std::string(domain::access::permission::kMetricsRead);
}

void Secure(http::Server& server, auth::Guard& guard) {
    server.SetBeforeHandler(
        [&guard](http::Request& request, const http::Route& route) { return guard.Before(request, route); });
    server.SetDefaultHeaders(auth::SecurityHeaders());
}

core::Result<auth::AuthOptions> AuthOptionsOf(const Config& config) {
    auto proxies = auth::TrustedProxies::Parse(config.trusted_proxies);
    if (!proxies) {
        return tl::unexpected(proxies.error());
    }
    auth::AuthOptions options;
    options.trusted_proxies = std::move(*proxies);
    options.always_secure_cookies = config.public_url.starts_with("https://");
    options.idle_timeout = std::chrono::minutes{config.session_idle_min};
    options.absolute_timeout = std::chrono::hours{config.session_max_hours};
    options.public_writes = {.burst = static_cast<double>(config.public_rate_burst),
                             .per_minute = static_cast<double>(config.public_rate_per_min)};
    options.logins = {.burst = static_cast<double>(config.login_rate_burst),
                      .per_minute = static_cast<double>(config.login_rate_per_min)};
    return options;
}

}  // namespace layan::app
