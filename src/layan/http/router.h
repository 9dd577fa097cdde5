#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "layan/http/message.h"

namespace layan::http {

/// One entry of the route table.
struct Route {
    std::string method;      ///< "GET", "POST", ... (HEAD is answered by GET routes automatically).
    std::string pattern;     ///< "/api/v1/halls/{hall}/tickets", "/assets/{path...}".
    std::string permission;  ///< What the caller must hold; "public" for open routes (enforced by the auth hook).
    Handler handler;
    /// The largest request body the route accepts, in bytes (beyond: 413 `body_too_large`); 0 = the server's
    /// ServerOptions::max_body_bytes. The body is read before the before-handler's checks (rate limits) run: raise it
    /// only for uploads, to what the form may carry.
    std::size_t max_body_bytes = 0;
};

/// Maps (method, path) to a route. Built once at start-up, then only read (Find is thread-safe then).
class Router {
public:
    /// Registers a route. Pattern segments like "{hall}" capture one path segment; a final "{path...}"
    /// captures the rest (for static assets). `permission` must not be empty ("public" for open routes).
    /// `max_body_bytes`: see Route (0 = the server's limit).
    /// Throws std::invalid_argument for a malformed pattern, an empty permission, or a duplicate
    /// (method, pattern) pair: these are programming errors caught at start-up.
    void Add(std::string method, std::string pattern, std::string permission, Handler handler,
             std::size_t max_body_bytes = 0);

    struct Match {
        const Route* route = nullptr;
        std::map<std::string, std::string> params;
        std::vector<std::string> allowed_methods;
    };

    /// The route for a method and a decoded path. When several patterns match, the most specific wins:
    /// at the first segment where they differ, a literal beats "{x}", which beats "{x...}".
    /// HEAD matches a GET route when no HEAD route exists.
    /// route == nullptr and allowed_methods empty => 404; route == nullptr and allowed_methods non-empty => 405
    /// (allowed_methods then lists the methods of every pattern matching the path, sorted, with HEAD if GET).
    [[nodiscard]] Match Find(std::string_view method, std::string_view path) const;

    /// Every route in registration order.
    [[nodiscard]] const std::vector<Route>& Routes() const;

private:
    enum class SegmentKind { kLiteral, kParam, kRest };
    struct Segment {
        SegmentKind kind = SegmentKind::kLiteral;
        std::string text;  ///< The literal, or the parameter's name.
    };
    struct Compiled {
        std::vector<Segment> segments;
    };

    /// Whether `path` matches the compiled pattern; no allocation.
    [[nodiscard]] static bool Matches(const Compiled& compiled, std::string_view path);
    /// True if `a` is more specific than `b` (both matched the same path).
    [[nodiscard]] static bool MoreSpecific(const Compiled& a, const Compiled& b);
    static void Capture(const Compiled& compiled, std::string_view path, std::map<std::string, std::string>& params);

    std::vector<Route> routes_;
    std::vector<Compiled> compiled_;  // Parallel to routes_.
};

}  // namespace layan::http
