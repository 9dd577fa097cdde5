#include "layan/http/router.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace layan::http {
namespace {

/// Splits off the next '/'-separated segment of `rest`; `exhausted` turns true after the last one.
std::string_view NextSegment(std::string_view& rest, bool& exhausted) {
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) {
        exhausted = true;
        return std::exchange(rest, std::string_view());
    }
    auto segment = rest.substr(0, slash);
    rest.remove_prefix(slash + 1);
    return segment;
}

bool IsNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

void Router::Add(std::string method, std::string pattern, std::string permission, Handler handler,
                 std::size_t max_body_bytes) {
    auto invalid = [&](std::string_view why) {
        return std::invalid_argument(fmt::format("route {} {}: {}", method, pattern, why));
    };
    if (method.empty()) {
        throw invalid("empty method");
    }
    if (permission.empty()) {
        throw invalid("every route must declare a permission (\"public\" for open routes)");
    }
    if (!handler) {
        throw invalid("no handler");
    }
    if (pattern.empty() || pattern.front() != '/') {
        throw invalid("the pattern must start with '/'");
    }
    Compiled compiled;
    std::string_view rest = std::string_view(pattern).substr(1);
    bool exhausted = false;
    while (!exhausted) {
        auto text = NextSegment(rest, exhausted);
        Segment segment;
        if (!text.empty() && text.front() == '{') {
            if (text.back() != '}') {
                throw invalid("a '{' segment must end with '}'");
            }
            auto name = text.substr(1, text.size() - 2);
            segment.kind = SegmentKind::kParam;
            if (name.size() > 3 && name.substr(name.size() - 3) == "...") {
                if (!exhausted) {
                    throw invalid("\"{name...}\" may only be the last segment");
                }
                name.remove_suffix(3);
                segment.kind = SegmentKind::kRest;
            }
            if (name.empty() || !std::all_of(name.begin(), name.end(), IsNameChar)) {
                throw invalid("parameter names are letters, digits and '_'");
            }
            for (const auto& other : compiled.segments) {
                if (other.kind != SegmentKind::kLiteral && other.text == name) {
                    throw invalid("duplicate parameter name");
                }
            }
            segment.text = std::string(name);
        } else {
            if (text.find_first_of("{}") != std::string_view::npos) {
                throw invalid("'{' and '}' may only enclose a whole segment");
            }
            segment.text = std::string(text);
        }
        compiled.segments.push_back(std::move(segment));
    }
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        const auto& other = compiled_[i].segments;
        bool same_shape =
            routes_[i].method == method && other.size() == compiled.segments.size() &&
            std::equal(other.begin(), other.end(), compiled.segments.begin(), [](const Segment& a, const Segment& b) {
                return a.kind == b.kind && (a.kind != SegmentKind::kLiteral || a.text == b.text);
            });
        if (same_shape) {
            throw invalid(fmt::format("conflicts with {}", routes_[i].pattern));
        }
    }
    routes_.push_back(
        Route{std::move(method), std::move(pattern), std::move(permission), std::move(handler), max_body_bytes});
    compiled_.push_back(std::move(compiled));
}

bool Router::Matches(const Compiled& compiled, std::string_view path) {
    if (path.empty() || path.front() != '/') {
        return false;
    }
    std::string_view rest = path.substr(1);
    bool exhausted = false;
    for (const auto& segment : compiled.segments) {
        if (exhausted) {
            return false;
        }
        if (segment.kind == SegmentKind::kRest) {
            return true;
        }
        auto text = NextSegment(rest, exhausted);
        if (segment.kind == SegmentKind::kLiteral ? text != segment.text : text.empty()) {
            return false;
        }
    }
    return exhausted;
}

bool Router::MoreSpecific(const Compiled& a, const Compiled& b) {
    auto n = std::min(a.segments.size(), b.segments.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (a.segments[i].kind != b.segments[i].kind) {
            return a.segments[i].kind < b.segments[i].kind;
        }
    }
    return false;
}

void Router::Capture(const Compiled& compiled, std::string_view path, std::map<std::string, std::string>& params) {
    std::string_view rest = path.substr(1);
    bool exhausted = false;
    for (const auto& segment : compiled.segments) {
        if (segment.kind == SegmentKind::kRest) {
            params[segment.text] = std::string(rest);
            return;
        }
        auto text = NextSegment(rest, exhausted);
        if (segment.kind == SegmentKind::kParam) {
            params[segment.text] = std::string(text);
        }
    }
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
    Match match;
    std::size_t best = routes_.size();
    std::size_t best_get = routes_.size();  // HEAD falls back to GET.
    bool path_known = false;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        if (!Matches(compiled_[i], path)) {
            continue;
        }
        path_known = true;
        if (routes_[i].method == method) {
            if (best == routes_.size() || MoreSpecific(compiled_[i], compiled_[best])) {
                best = i;
            }
        } else if (method == "HEAD" && routes_[i].method == "GET") {
            if (best_get == routes_.size() || MoreSpecific(compiled_[i], compiled_[best_get])) {
                best_get = i;
            }
        }
    }
    if (best == routes_.size()) {
        best = best_get;
    }
    if (best < routes_.size()) {
        match.route = &routes_[best];
        Capture(compiled_[best], path, match.params);
        return match;
    }
    if (path_known) {
        for (std::size_t i = 0; i < routes_.size(); ++i) {
            if (Matches(compiled_[i], path)) {
                match.allowed_methods.push_back(routes_[i].method);
                if (routes_[i].method == "GET") {
                    match.allowed_methods.emplace_back("HEAD");
                }
            }
        }
        std::sort(match.allowed_methods.begin(), match.allowed_methods.end());
        match.allowed_methods.erase(std::unique(match.allowed_methods.begin(), match.allowed_methods.end()),
                                    match.allowed_methods.end());
    }
    return match;
}

const std::vector<Route>& Router::Routes() const { return routes_; }

}  // namespace layan::http
