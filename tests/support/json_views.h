#pragma once

// Comparing what two servers (two nodes, or the same data in two databases) show.

#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace layan::testing {

/// `json` without what depends on the instant it was asked ("now", and every "..._min" of waiting or
/// serving time) or on the node (links, "..._url", name the node's own address when no public URL is
/// set): what two servers asked a moment apart must agree on.
inline nlohmann::json WithoutInstants(nlohmann::json json) {
    if (json.is_object()) {
        nlohmann::json kept = nlohmann::json::object();
        for (auto& [key, value] : json.items()) {
            if (key != "now" && !key.ends_with("_min") && !key.ends_with("_url")) {
                kept[key] = WithoutInstants(value);
            }
        }
        return kept;
    }
    if (json.is_array()) {
        for (auto& item : json) {
            item = WithoutInstants(item);
        }
    }
    return json;
}

/// The lines where two texts differ (for a readable failure).
inline std::string DifferentLines(const std::string& a, const std::string& b) {
    std::istringstream in_a(a);
    std::istringstream in_b(b);
    std::string line_a;
    std::string line_b;
    std::string out;
    for (int n = 1; std::getline(in_a, line_a) && std::getline(in_b, line_b); ++n) {
        if (line_a != line_b) {
            out += std::to_string(n) + ": " + line_a + "  |  " + line_b + "\n";
        }
    }
    return out;
}

}  // namespace layan::testing
