#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layan/core/error.h"
#include "layan/http/message.h"

/// Who is on the other end of a request: the client's address and whether it came over TLS, as far as the
/// trusted reverse proxies tell; and the cookies it sent.
namespace layan::auth {

/// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed. Anyone else may send those
/// headers; they are then ignored. Immutable after Parse; thread-safe.
class TrustedProxies {
public:
    /// No proxy is trusted.
    TrustedProxies() = default;

    /// Parses a comma-separated list of addresses and CIDR ranges, IPv4 or IPv6
    /// ("127.0.0.1, 10.0.0.0/8, ::1"). Empty means none. kInvalid "invalid_trusted_proxies" naming the entry.
    [[nodiscard]] static core::Result<TrustedProxies> Parse(std::string_view list);

    /// True when `address` (textual IPv4 or IPv6; IPv4-mapped IPv6 counts as IPv4) is in one of the ranges.
    [[nodiscard]] bool Contains(std::string_view address) const;

    [[nodiscard]] bool empty() const { return ranges_.empty(); }

private:
    struct Range {
        std::array<std::uint8_t, 16> network{};  // IPv4 as IPv4-mapped IPv6
        int prefix = 128;
    };
    std::vector<Range> ranges_;
};

/// The client of a request.
struct Client {
    std::string ip{};    ///< The client's address: the peer, or what a trusted proxy forwarded.
    bool https = false;  ///< The client reached the trusted proxy over TLS (X-Forwarded-Proto: https).
};

/// The client of `request`. When the peer is a trusted proxy, X-Forwarded-For is read from the right, skipping
/// trusted proxies, and the first other address is the client; X-Forwarded-Proto tells the scheme. Otherwise
/// both headers are ignored and the peer is the client.
[[nodiscard]] Client ClientOf(const http::Request& request, const TrustedProxies& proxies);

/// The value of cookie `name` in the request's Cookie header(s); nullopt when absent. The first one wins
/// (a sub-domain cannot shadow ours by sending a second cookie of the same name later in the header).
[[nodiscard]] std::optional<std::string> CookieValue(const http::Request& request, std::string_view name);

/// Total size of the Cookie header(s) in bytes.
[[nodiscard]] std::size_t CookieBytes(const http::Request& request);

/// How a cookie is set.
struct CookieOptions {
    bool http_only = true;     ///< Hidden from scripts.
    bool secure = false;       ///< Sent over TLS only.
    long long max_age_s = -1;  ///< Seconds to live; 0 deletes it; negative = until the browser closes.
};

/// A Set-Cookie value: `name=value; Path=/; SameSite=Strict` plus the options. `value` must be a cookie-safe
/// token (base64url is).
[[nodiscard]] std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace layan::auth
