#pragma once

// Internal to layan/http: one client connection, from accept to close.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "layan/http/asio.h"
#include "layan/http/server_core.h"

namespace layan::http {

class Exchange;

/// Serves one TCP connection on its worker's loop: reads requests (HTTP/1.1 keep-alive), routes them,
/// runs handlers, waits for their possibly asynchronous answers, writes responses, or streams SSE.
/// All members are touched only on the worker's thread; handlers answer through a thread-safe Exchange.
class Connection : public std::enable_shared_from_this<Connection> {
public:
    /// `over_capacity`: the server is at max_connections; answer the first request 503 and close.
    Connection(ServerCore& core, Worker& worker, Socket socket, bool over_capacity);

    /// The connection's whole life; spawn it on the worker's loop.
    static asio::awaitable<void> Run(std::shared_ptr<Connection> self);

    /// The server is stopping: close now if idle or streaming, else after the response in progress.
    void OnServerStop();
    /// The grace period is over: close whatever is happening.
    void Abort();

    /// A handler's answer for request number `sequence`; ignored if stale or already answered.
    void AcceptResponse(std::uint64_t sequence, Response response);

private:
    enum class Phase { kIdle, kReading, kHandling, kWriting, kStreaming };

    /// What the connection keeps of a request once the handler holds it.
    struct RequestInfo {
        std::string method;
        std::string log_path;  ///< Raw path without query, for the access log.
        /// The client's address as the before-handler established it (behind a trusted proxy: the client, not the
        /// proxy); empty = the peer's.
        std::string client_address;
        std::string_view route = "unmatched";
        std::string request_id;
        std::optional<std::uint64_t> last_event_id;
        bool head = false;
        bool http10 = false;
        std::chrono::steady_clock::time_point start{};
    };

    asio::awaitable<void> Serve();
    /// Cancels the socket's pending operation when deadline_ passes; keeps the connection alive meanwhile.
    asio::awaitable<void> Watchdog(std::shared_ptr<Connection> keep_alive);
    /// Decodes the target of a request whose header is read into its path and query, and finds its route (built-in
    /// routes first); nullopt when the target is malformed.
    [[nodiscard]] std::optional<Router::Match> FindRoute(Request& request) const;
    /// Answers 400, 404 or 405 when `found` holds no route, else runs the handler; resumes once it answered. Returns
    /// nullopt if the connection was aborted.
    asio::awaitable<std::optional<Response>> Dispatch(std::shared_ptr<Exchange> exchange,
                                                      std::optional<Router::Match> found, RequestInfo& info);
    asio::awaitable<bool> WriteResponse(const Response& response, RequestInfo& info, bool keep_alive);
    asio::awaitable<void> Stream(Response& response, RequestInfo& info);
    asio::awaitable<bool> WriteOut();
    /// Answers a request that could not be read (limit, timeout, syntax) and closes.
    asio::awaitable<void> AnswerUnreadable(const Response& response, RequestInfo& info);
    /// The answer to a request that failed to be read with `ec`; nullopt when the client is gone.
    [[nodiscard]] std::optional<Response> ReadFailureResponse(const ErrorCode& ec) const;
    asio::awaitable<void> RefuseOverCapacity();
    /// Half-closes, then discards what the client still sends for a moment, so it reads our answer
    /// instead of a reset.
    asio::awaitable<void> LingeringClose();

    void SetDeadline(std::chrono::steady_clock::duration timeout);
    void ClearDeadline();
    void Finish(RequestInfo& info, int status, std::size_t bytes);

    ServerCore& core_;
    Worker& worker_;
    Socket socket_;
    beast::flat_buffer buffer_;
    Timer watchdog_;
    Timer wake_;  // Cancelled to wake the coroutine: an async answer, an SSE event, a stop.
    std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
    std::string out_;  // Serialised head (and SSE frames), reused between writes.
    std::string remote_address_;
    Phase phase_ = Phase::kIdle;
    bool over_capacity_ = false;
    bool timed_out_ = false;
    bool closed_ = false;
    bool aborted_ = false;
    std::uint64_t sequence_ = 0;
    std::size_t body_limit_ = 0;  // The current request's: its route's, else the server's.
    std::optional<Response> answer_;
};

}  // namespace layan::http
