#include "layan/http/wire.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <ctime>
#include <random>

namespace layan::http {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

void AppendNumber(std::string& out, std::uint64_t value) {
    std::array<char, 24> digits{};
    auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    out.append(digits.data(), end);
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(value).append("\r\n");
}

bool IsSafeHeader(std::string_view name, std::string_view value) {
    constexpr std::string_view kForbidden("\r\n\0", 3);
    return !name.empty() && name.find_first_of(kForbidden) == std::string_view::npos &&
           name.find_first_of(" :") == std::string_view::npos &&
           value.find_first_of(kForbidden) == std::string_view::npos;
}

bool IsServerOwned(std::string_view name) {
    return EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding") ||
           EqualsIgnoreCase(name, "connection") || EqualsIgnoreCase(name, "date") || EqualsIgnoreCase(name, kNowHeader);
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

bool PercentDecode(std::string_view text, bool plus_is_space, std::string& out) {
    out.clear();
    out.reserve(text.size());
    bool ok = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
            int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
            ok = false;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        out.push_back(c);
    }
    return ok;
}

bool ParseTarget(std::string_view target, std::string& path, std::map<std::string, std::string>& query) {
    if (target.empty() || target.front() != '/') {
        return false;
    }
    auto question = target.find('?');
    auto raw_path = target.substr(0, question);
    if (!PercentDecode(raw_path, false, path) || path.find('\0') != std::string::npos) {
        return false;
    }
    query.clear();
    if (question == std::string_view::npos) {
        return true;
    }
    auto rest = target.substr(question + 1);
    std::string key;
    std::string value;
    while (!rest.empty()) {
        auto amp = rest.find('&');
        auto pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        auto eq = pair.find('=');
        (void)PercentDecode(pair.substr(0, eq), true, key);
        if (key.empty()) {
            continue;
        }
        if (eq == std::string_view::npos) {
            value.clear();
        } else {
            (void)PercentDecode(pair.substr(eq + 1), true, value);
        }
        query.insert_or_assign(key, value);
    }
    return true;
}

std::string_view TargetPath(std::string_view target) { return target.substr(0, target.find('?')); }

bool StatusHasBody(int status) { return status >= 200 && status != 204 && status != 304; }

void AppendResponseHead(std::string& out, const Response& response, const HeadContext& context) {
    out.append("HTTP/1.1 ");
    AppendNumber(out, static_cast<std::uint64_t>(response.status));
    out.push_back(' ');
    out.append(ReasonPhrase(response.status)).append("\r\n");
    AppendHeader(out, "Date", HttpDate());
    if (!context.now.empty()) {
        AppendHeader(out, kNowHeader, context.now);
    }
    bool sse = response.sse_channel.has_value();
    bool has_body = StatusHasBody(response.status);
    if (has_body && !response.content_type.empty()) {
        AppendHeader(out, "Content-Type", response.content_type);
    }
    auto response_has = [&response](std::string_view name) {
        return std::any_of(response.headers.begin(), response.headers.end(),
                           [name](const auto& header) { return EqualsIgnoreCase(header.first, name); });
    };
    if (sse) {
        if (!response_has("cache-control")) {
            AppendHeader(out, "Cache-Control", "no-cache");
        }
        AppendHeader(out, "X-Accel-Buffering", "no");
    } else if (has_body) {
        out.append("Content-Length: ");
        AppendNumber(out, response.body.size());
        out.append("\r\n");
    }
    if (!context.request_id.empty()) {
        AppendHeader(out, "X-Request-Id", context.request_id);
    }
    if (!context.keep_alive) {
        AppendHeader(out, "Connection", "close");
    } else if (context.announce_keep_alive) {
        AppendHeader(out, "Connection", "keep-alive");
    }
    if (context.default_headers != nullptr) {
        for (const auto& [name, value] : *context.default_headers) {
            if (IsSafeHeader(name, value) && !IsServerOwned(name) && !response_has(name)) {
                AppendHeader(out, name, value);
            }
        }
    }
    for (const auto& [name, value] : response.headers) {
        if (IsSafeHeader(name, value) && !IsServerOwned(name) &&
            !(sse && EqualsIgnoreCase(name, "x-accel-buffering"))) {
            AppendHeader(out, name, value);
        }
    }
    out.append("\r\n");
}

std::string_view HttpDate() {
    struct Cache {
        std::time_t second = -1;
        std::array<char, 32> text{};
        std::size_t size = 0;
    };
    thread_local Cache cache;
    std::time_t now = std::time(nullptr);
    if (now != cache.second) {
        static constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
        static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        std::tm tm{};
        gmtime_r(&now, &tm);
        std::string text;
        text.reserve(32);
        auto two = [&text](int value) {
            text.push_back(static_cast<char>('0' + value / 10));
            text.push_back(static_cast<char>('0' + value % 10));
        };
        text.append(kDays[static_cast<std::size_t>(tm.tm_wday)]).append(", ");
        two(tm.tm_mday);
        text.push_back(' ');
        text.append(kMonths[static_cast<std::size_t>(tm.tm_mon)]).push_back(' ');
        text.append(std::to_string(tm.tm_year + 1900)).push_back(' ');
        two(tm.tm_hour);
        text.push_back(':');
        two(tm.tm_min);
        text.push_back(':');
        two(tm.tm_sec);
        text.append(" GMT");
        cache.size = std::min(text.size(), cache.text.size());
        std::copy_n(text.begin(), cache.size, cache.text.begin());
        cache.second = now;
    }
    return {cache.text.data(), cache.size};
}

std::string NewRequestId() {
    thread_local std::uint64_t state = [] {
        std::random_device device;
        return (static_cast<std::uint64_t>(device()) << 32) ^ device();
    }();
    // splitmix64: fast and well mixed; request ids need uniqueness, not secrecy.
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string id(16, '0');
    for (int i = 15; i >= 0; --i) {
        id[static_cast<std::size_t>(i)] = kHex[z & 0xF];
        z >>= 4;
    }
    return id;
}

}  // namespace layan::http
