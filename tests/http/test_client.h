#pragma once

// A tiny blocking HTTP/1.1 client over raw POSIX sockets, so the server is tested over real TCP without
// compiling Beast into the tests. Every read has a timeout: a broken server fails a test, never hangs it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace layan::http::testing {

struct ClientResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  ///< Names lower-cased.
    std::string body;

    [[nodiscard]] std::optional<std::string> Header(std::string_view lower_name) const;
    [[nodiscard]] nlohmann::json Json() const { return nlohmann::json::parse(body); }
};

class TestClient {
public:
    /// Connects to 127.0.0.1:port; throws std::runtime_error if it cannot.
    explicit TestClient(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~TestClient();
    TestClient(const TestClient&) = delete;
    TestClient& operator=(const TestClient&) = delete;

    /// Sends raw bytes; returns false if the peer is gone.
    bool Send(std::string_view bytes);
    /// Sends a request with Host and, when there is a body, Content-Length.
    bool SendRequest(std::string_view method, std::string_view target, std::string_view body = {},
                     const std::vector<std::pair<std::string, std::string>>& headers = {});
    /// Reads one response; `head` when it answers a HEAD request (no body follows). Throws on timeout or EOF.
    ClientResponse ReadResponse(bool head = false);
    /// SendRequest then ReadResponse.
    ClientResponse Request(std::string_view method, std::string_view target, std::string_view body = {},
                           const std::vector<std::pair<std::string, std::string>>& headers = {});
    /// Reads until `marker` has been received (returns everything read so far, past the head); throws on timeout.
    std::string ReadUntil(std::string_view marker);
    /// Reads a response head only (for SSE); the bytes after it stay buffered for ReadUntil.
    ClientResponse ReadHead();
    /// True if the server closes the connection within `within` (EOF or reset; any data is discarded).
    bool WaitForClose(std::chrono::milliseconds within);

private:
    /// Reads more bytes into buffer_; false on EOF, throws on timeout.
    bool Fill();

    int fd_ = -1;
    std::string buffer_;
};

}  // namespace layan::http::testing
