#include "layan/auth/client.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace layan::auth {

namespace {

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

/// The 16-byte form of an address (IPv4 mapped into IPv6); nullopt when not an address.
std::optional<std::array<std::uint8_t, 16>> ParseAddress(std::string_view text) {
    std::string terminated(Trim(text));
    if (terminated.size() > 2 && terminated.front() == '[' && terminated.back() == ']') {
        terminated = terminated.substr(1, terminated.size() - 2);
    }
    std::array<std::uint8_t, 16> out{};
    in_addr v4{};
    if (inet_pton(AF_INET, terminated.c_str(), &v4) == 1) {
        out[10] = 0xff;
        out[11] = 0xff;
        std::memcpy(out.data() + 12, &v4, 4);
        return out;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, terminated.c_str(), &v6) == 1) {
        std::memcpy(out.data(), &v6, 16);
        return out;
    }
    return std::nullopt;
}

bool IsMappedV4(const std::array<std::uint8_t, 16>& address) {
    static constexpr std::array<std::uint8_t, 12> kPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::equal(kPrefix.begin(), kPrefix.end(), address.begin());
}

/// Splits a comma-separated header value into trimmed, non-empty items.
std::vector<std::string_view> Items(std::string_view value) {
    std::vector<std::string_view> items;
    while (!value.empty()) {
        auto comma = value.find(',');
        auto item = Trim(value.substr(0, comma));
        if (!item.empty()) {
            items.push_back(item);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        value.remove_prefix(comma + 1);
    }
    return items;
}

/// Every value of a header, joined with commas (several X-Forwarded-For lines are one list).
std::string JoinedHeader(const http::Request& request, std::string_view name) {
    std::string joined;
    for (const auto& [header, value] : request.headers) {
        if (header == name) {
            joined += (joined.empty() ? "" : ",") + value;
        }
    }
    return joined;
}

}  // namespace

core::Result<TrustedProxies> TrustedProxies::Parse(std::string_view list) {
    TrustedProxies proxies;
    for (auto item : Items(list)) {
        auto slash = item.find('/');
        auto address = ParseAddress(item.substr(0, slash));
        int prefix = 128;
        bool ok = address.has_value();
        if (ok && slash != std::string_view::npos) {
            auto bits = item.substr(slash + 1);
            auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
            ok = ec == std::errc{} && end == bits.data() + bits.size();
            const bool v4 = IsMappedV4(*address);
            ok = ok && prefix >= 0 && prefix <= (v4 ? 32 : 128);
            prefix += (ok && v4) ? 96 : 0;
        }
        if (!ok) {
            return core::Fail(core::ErrorKind::kInvalid, "invalid_trusted_proxies",
                              fmt::format("trusted_proxies: \"{}\" is not an IP address or CIDR range such as "
                                          "127.0.0.1 or 10.0.0.0/8",
                                          item));
        }
        proxies.ranges_.push_back(Range{*address, prefix});
    }
    return proxies;
}

bool TrustedProxies::Contains(std::string_view address) const {
    auto parsed = ParseAddress(address);
    if (!parsed) {
        return false;
    }
    return std::any_of(ranges_.begin(), ranges_.end(), [&](const Range& range) {
        int bits = range.prefix;
        for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
            const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
            if ((range.network[i] & mask) != ((*parsed)[i] & mask)) {
                return false;
            }
        }
        return true;
    });
}

Client ClientOf(const http::Request& request, const TrustedProxies& proxies) {
    Client client{.ip = request.remote_address, .https = false};
    if (proxies.empty() || !proxies.Contains(request.remote_address)) {
        return client;
    }
    const std::string joined = JoinedHeader(request, "x-forwarded-for");
    const auto forwarded = Items(joined);
    for (auto it = forwarded.rbegin(); it != forwarded.rend(); ++it) {
        if (!ParseAddress(*it)) {
            break;  // garbage: stop believing the list here, keep the last trusted hop
        }
        client.ip = std::string(*it);
        if (!proxies.Contains(*it)) {
            break;
        }
    }
    if (auto proto = request.Header("x-forwarded-proto")) {
        auto items = Items(*proto);
        client.https = !items.empty() && (items.front() == "https" || items.front() == "HTTPS");
    }
    return client;
}

std::optional<std::string> CookieValue(const http::Request& request, std::string_view name) {
    for (const auto& [header, value] : request.headers) {
        if (header != "cookie") {
            continue;
        }
        std::string_view rest = value;
        while (!rest.empty()) {
            auto semicolon = rest.find(';');
            auto pair = Trim(rest.substr(0, semicolon));
            auto equals = pair.find('=');
            if (equals != std::string_view::npos && Trim(pair.substr(0, equals)) == name) {
                auto cookie = Trim(pair.substr(equals + 1));
                if (cookie.size() >= 2 && cookie.front() == '"' && cookie.back() == '"') {
                    cookie = cookie.substr(1, cookie.size() - 2);
                }
                return std::string(cookie);
            }
            if (semicolon == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(semicolon + 1);
        }
    }
    return std::nullopt;
}

std::size_t CookieBytes(const http::Request& request) {
    std::size_t bytes = 0;
    for (const auto& [header, value] : request.headers) {
        if (header == "cookie") {
            bytes += value.size();
        }
    }
    return bytes;
}

std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& options) {
    std::string out = fmt::format("{}={}; Path=/; SameSite=Strict", name, value);
    if (options.max_age_s >= 0) {
        out += fmt::format("; Max-Age={}", options.max_age_s);
    }
    if (options.http_only) {
        out += "; HttpOnly";
    }
    if (options.secure) {
        out += "; Secure";
    }
    return out;
}

}  // namespace layan::auth
