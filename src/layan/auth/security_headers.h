#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace layan::auth {

/// The Content-Security-Policy of every response: scripts, styles and connections only from this origin (no
/// inline script or style, no eval), images also as data: URLs (QR codes), audio also from blob: URLs (spoken
/// calls), never framed, no <base>, forms post only here.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// The headers added to every response (http::Server::SetDefaultHeaders): the CSP above, nosniff, no Referer
/// (status links carry ticket ids), no framing for old browsers, no powerful features, and isolation from other
/// origins' windows and embedders. HSTS is the TLS proxy's job (see docs/SECURITY.md).
[[nodiscard]] std::vector<std::pair<std::string, std::string>> SecurityHeaders();

}  // namespace layan::auth
