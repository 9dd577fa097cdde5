#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace layan::testing {

/// A response as the test sees it.
struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  ///< Lower-case names; a repeated header's values joined by '\n'.
    std::string body;

    /// The body parsed as JSON (throws when it is not JSON).
    [[nodiscard]] nlohmann::json Json() const { return nlohmann::json::parse(body); }
};

/// Sends one request on a new connection to 127.0.0.1:port and reads the whole response
/// (`Connection: close`). Plain POSIX sockets, so the test exercises the server, not a client library.
/// Throws std::runtime_error when the connection fails.
HttpResponse SendRequest(int port, const std::string& method, const std::string& target, const std::string& body = "",
                         const std::map<std::string, std::string>& headers = {});

/// Sends raw bytes and returns what the server answered before closing (or the timeout).
std::string SendRaw(int port, const std::string& bytes, int timeout_ms = 5000);

}  // namespace layan::testing
