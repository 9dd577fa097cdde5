#pragma once

// Internal to layan/http: the byte-level pieces of HTTP/1.1 that need no Asio, kept apart so they are
// unit-tested without a socket and compile fast.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "layan/http/message.h"

namespace layan::http {

/// Splits an origin-form target ("/a%20b?x=1&y=2") into its decoded path and query parameters.
/// Returns false when the target does not start with '/', or the path has a bad %-escape or a NUL.
/// Query parameters are decoded leniently ('+' is a space, a bad escape stays as written; last one wins).
[[nodiscard]] bool ParseTarget(std::string_view target, std::string& path, std::map<std::string, std::string>& query);

/// Percent-decodes `text`; '+' becomes a space when `plus_is_space`. Returns false on a bad escape (in which
/// case `out` holds the text decoded as far as possible, the bad escape copied as written).
bool PercentDecode(std::string_view text, bool plus_is_space, std::string& out);

/// The raw path of a target, without its query: what the access log may show.
[[nodiscard]] std::string_view TargetPath(std::string_view target);

/// What the response head needs beyond the Response itself.
struct HeadContext {
    std::string_view request_id;
    bool keep_alive = true;
    bool announce_keep_alive = false;  ///< An HTTP/1.0 client asked for keep-alive: say "Connection: keep-alive".
    const std::vector<std::pair<std::string, std::string>>* default_headers = nullptr;
    std::string_view now;  ///< The application clock's instant (RFC 3339) for the Layan-Now header; "" = none.
};

/// The header that carries the application clock's instant on every answer (ServerOptions::clock).
inline constexpr std::string_view kNowHeader = "Layan-Now";

/// Appends the status line and headers of `response`, ending with the blank line. Adds Date, Content-Type,
/// Content-Length (none for 1xx/204/304 or an SSE stream), X-Request-Id, Connection, Layan-Now, the default headers the
/// response does not override, and for SSE "Cache-Control: no-cache" and "X-Accel-Buffering: no".
/// Headers the server owns (Content-Length, Transfer-Encoding, Connection, Date, Layan-Now) and any header with CR, LF
/// or NUL are dropped from response.headers, so a handler cannot split the response.
void AppendResponseHead(std::string& out, const Response& response, const HeadContext& context);

/// Whether a response with this status carries a body (not 1xx, 204 or 304).
[[nodiscard]] bool StatusHasBody(int status);

/// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), cached per thread per second.
[[nodiscard]] std::string_view HttpDate();

/// A random 16-hex-digit id for X-Request-Id (per-thread generator seeded from std::random_device).
[[nodiscard]] std::string NewRequestId();

/// ASCII case-insensitive equality.
[[nodiscard]] bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace layan::http
