#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// Small pieces shared by the queue load generators: a blocking keep-alive HTTP/1.1 client on plain POSIX
/// sockets (so the numbers are the server's, not a client library's) and latency percentiles.
namespace layan::bench {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// One response. Header names are lower-case.
struct HttpResponse {
    int status = 0;
    Headers headers{};
    std::string body{};

    /// The first header of that (lower-case) name.
    [[nodiscard]] std::optional<std::string> Header(std::string_view name) const;
};

/// One keep-alive connection to 127.0.0.1:port. Requests go one at a time (no pipelining); when the server
/// closes the connection, the next request opens a new one. Every read and write gives up after `timeout`.
/// Not thread-safe: one connection per thread.
class HttpConnection {
public:
    /// Connects at once; throws std::runtime_error when the server cannot be reached.
    explicit HttpConnection(std::uint16_t port, std::chrono::seconds timeout = std::chrono::seconds{10});
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    /// Sends one request and reads the whole response (Content-Length bodies only, which is what layan sends).
    /// A non-empty body goes as application/json. Throws std::runtime_error on a socket error, a timeout or an
    /// unreadable response.
    HttpResponse Send(std::string_view method, std::string_view target, std::string_view body = {},
                      const Headers& headers = {});

private:
    void Connect();
    void Close();
    void ReadMore();

    std::uint16_t port_;
    std::chrono::seconds timeout_;
    int fd_ = -1;
    std::string in_;
};

/// Opens a TCP connection to 127.0.0.1:port with TCP_NODELAY; blocking. Throws std::runtime_error on failure.
int ConnectLoopback(std::uint16_t port);

/// Latency samples in milliseconds.
class Samples {
public:
    void Add(double ms) { values_.push_back(ms); }
    void Merge(const Samples& other) { values_.insert(values_.end(), other.values_.begin(), other.values_.end()); }
    [[nodiscard]] std::size_t Count() const { return values_.size(); }
    /// Nearest-rank percentile, p in [0, 100]; 0 when empty. Sorts a copy.
    [[nodiscard]] double Percentile(double p) const;

private:
    std::vector<double> values_;
};

/// Milliseconds between two steady-clock instants.
[[nodiscard]] inline double Ms(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace layan::bench
