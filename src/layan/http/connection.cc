#include "layan/http/connection.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <exception>
#include <limits>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/core/error.h"
#include "layan/core/time.h"
#include "layan/http/wire.h"

namespace layan::http {
namespace {

using Clock = std::chrono::steady_clock;
using core::ErrorKind;

constexpr std::size_t kReadChunk = std::size_t{8} * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = std::size_t{4} * 1024 * 1024;
constexpr std::size_t kMaxLoggedPath = 256;

/// The connection whose handler runs on this thread right now, if any: a Responder called before its handler
/// returns hands the answer over directly instead of posting it through the event loop.
thread_local Connection* t_serving = nullptr;

/// Writes the request straight into our Request while Beast parses it: no intermediate header container.
class RequestParser final : public beast::http::basic_parser<true> {
public:
    explicit RequestParser(Request& request) : request_(request) {}

    [[nodiscard]] int Version() const { return version_; }

    /// The most body bytes to accept; set once the header is read, before any byte of the body.
    void SetBodyLimit(std::size_t limit) {
        max_body_ = limit;
        body_limit(limit);
    }

private:
    void on_request_impl(beast::http::verb /*method*/, std::string_view method, std::string_view target, int version,
                         ErrorCode& /*ec*/) override {
        request_.method.assign(method);
        request_.target.assign(target);
        request_.headers.reserve(16);
        version_ = version;
    }
    void on_response_impl(int /*code*/, std::string_view /*reason*/, int /*version*/, ErrorCode& /*ec*/) override {}
    void on_field_impl(beast::http::field /*name*/, std::string_view name, std::string_view value,
                       ErrorCode& /*ec*/) override {
        auto& header = request_.headers.emplace_back();
        header.first.resize(name.size());
        std::transform(name.begin(), name.end(), header.first.begin(),
                       [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
        header.second.assign(value);
    }
    void on_header_impl(ErrorCode& /*ec*/) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>& length, ErrorCode& /*ec*/) override {
        if (length) {
            request_.body.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*length, max_body_)));
        }
    }
    std::size_t on_body_impl(std::string_view body, ErrorCode& /*ec*/) override {
        request_.body.append(body);
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t /*size*/, std::string_view /*extensions*/, ErrorCode& /*ec*/) override {}
    std::size_t on_chunk_body_impl(std::uint64_t /*remain*/, std::string_view body, ErrorCode& /*ec*/) override {
        request_.body.append(body);
        return body.size();
    }
    void on_finish_impl(ErrorCode& /*ec*/) override {}

    Request& request_;
    std::size_t max_body_ = 0;
    int version_ = 11;
};

Response ErrorResponse(int status, ErrorKind kind, std::string code, std::string message) {
    auto response = Response::Error(core::Error{kind, std::move(code), std::move(message), nullptr});
    response.status = status;
    return response;
}

std::optional<std::uint64_t> LastEventId(const Request& request) {
    auto text = request.Header("last-event-id");
    if (!text) {
        text = request.Query("last_event_id");
    }
    if (!text || text->empty()) {
        return std::nullopt;
    }
    std::uint64_t id = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
    if (ec != std::errc() || end != text->data() + text->size()) {
        return std::nullopt;
    }
    return id;
}

/// The one place a handler's exception becomes a response; the exception is logged, never sent.
Response ResponseForException(const std::exception_ptr& error, std::string_view method, std::string_view route,
                              std::string_view request_id) {
    try {
        std::rethrow_exception(error);
    } catch (const core::StorageUnavailable& e) {
        spdlog::error("storage unavailable in {} {} (request {}): {}", method, route, request_id, e.what());
        return ErrorResponse(503, ErrorKind::kUnavailable, "storage_unavailable",
                             "The data store is unavailable right now; please try again shortly.");
    } catch (const std::exception& e) {
        spdlog::error("handler of {} {} threw (request {}): {}", method, route, request_id, e.what());
    } catch (...) {
        spdlog::error("handler of {} {} threw a non-exception (request {})", method, route, request_id);
    }
    return ErrorResponse(500, ErrorKind::kInternal, "internal", "An internal error occurred.");
}

}  // namespace

/// One request in flight. Shared by the connection (while the handler runs) and the handler's Responder copies:
/// the request lives until the last of them lets go, and exactly one answer goes back to the connection, posted
/// to its event loop unless it is given on that loop's thread while the handler runs.
class Exchange {
public:
    Exchange() = default;
    Exchange(const Exchange&) = delete;
    Exchange& operator=(const Exchange&) = delete;

    ~Exchange() {
        if (connection_ != nullptr && Claim()) {
            spdlog::error("handler of {} {} dropped its responder without answering (request {})", request.method,
                          request.route, request.request_id);
            Deliver(ErrorResponse(500, ErrorKind::kInternal, "no_response", "The request was not answered."));
        }
    }

    void Bind(std::weak_ptr<Connection> owner, Connection* connection, std::shared_ptr<WorkerGate> gate,
              std::uint64_t sequence) {
        owner_ = std::move(owner);
        connection_ = connection;
        gate_ = std::move(gate);
        sequence_ = sequence;
    }

    /// The Responder: from any thread, once.
    void Answer(Response response) {
        if (!Claim()) {
            spdlog::warn("responder of {} {} called more than once (request {}); later answers are ignored",
                         request.method, request.route, request.request_id);
            return;
        }
        Deliver(std::move(response));
    }

    /// Marks the exchange answered; false if it already was.
    bool Claim() { return !answered_.exchange(true); }

    Request request;

private:
    void Deliver(Response response) {
        if (t_serving == connection_) {
            connection_->AcceptResponse(sequence_, std::move(response));
            return;
        }
        gate_->Post([owner = owner_, sequence = sequence_, response = std::move(response)]() mutable {
            if (auto connection = owner.lock()) {
                connection->AcceptResponse(sequence, std::move(response));
            }
        });
    }

    std::weak_ptr<Connection> owner_;
    Connection* connection_ = nullptr;
    std::shared_ptr<WorkerGate> gate_;
    std::uint64_t sequence_ = 0;
    std::atomic<bool> answered_{false};
};

Connection::Connection(ServerCore& core, Worker& worker, Socket socket, bool over_capacity)
    : core_(core),
      worker_(worker),
      socket_(std::move(socket)),
      watchdog_(socket_.get_executor()),
      wake_(socket_.get_executor()),
      over_capacity_(over_capacity) {}

asio::awaitable<void> Connection::Run(std::shared_ptr<Connection> self) {
    Connection& c = *self;
    c.worker_.connections.insert(&c);
    if (!c.over_capacity_) {
        c.core_.metrics.AddOpenConnections(1);
    }
    asio::co_spawn(c.socket_.get_executor(), c.Watchdog(self), asio::detached);
    try {
        co_await c.Serve();
    } catch (const std::exception& e) {
        spdlog::error("http connection from {} failed: {}", c.remote_address_, e.what());
    }
    c.closed_ = true;
    c.watchdog_.cancel();
    c.wake_.cancel();
    ErrorCode ec;
    c.socket_.shutdown(asio::socket_base::shutdown_both, ec);
    c.socket_.close(ec);
    c.worker_.connections.erase(&c);
    if (!c.over_capacity_) {
        c.core_.open_connections.fetch_sub(1);
        c.core_.metrics.AddOpenConnections(-1);
    }
    if (c.worker_.stopping && c.worker_.connections.empty()) {
        c.worker_.grace_timer.cancel();
    }
}

asio::awaitable<void> Connection::Serve() {
    ErrorCode ec;
    auto endpoint = socket_.remote_endpoint(ec);
    remote_address_ = ec ? std::string("unknown") : endpoint.address().to_string();
    if (over_capacity_) {
        co_await RefuseOverCapacity();
        co_return;
    }
    while (!core_.stopping.load(std::memory_order_relaxed) && !aborted_) {
        phase_ = Phase::kIdle;
        if (buffer_.size() == 0) {
            SetDeadline(core_.options.idle_timeout);
            std::size_t n = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), Await(ec));
            if (ec) {
                co_return;  // The client left, the idle timeout passed, or the server is stopping.
            }
            buffer_.commit(n);
        }

        phase_ = Phase::kReading;
        SetDeadline(core_.options.request_timeout);
        auto exchange = std::make_shared<Exchange>();
        RequestParser parser(exchange->request);
        parser.header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(core_.options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
        // The limit is the route's, known once the header is read. Beast compares a Content-Length with the limit as
        // the header completes, so none applies until then, and the Content-Length is compared here.
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        body_limit_ = core_.options.max_body_bytes;
        co_await beast::http::async_read_header(socket_, buffer_, parser, Await(ec));
        std::optional<Router::Match> match;
        if (!ec) {
            match = FindRoute(exchange->request);
            if (match && match->route != nullptr && match->route->max_body_bytes != 0) {
                body_limit_ = match->route->max_body_bytes;
            }
            auto length = parser.content_length();
            if (length && *length > body_limit_) {
                ec = beast::http::error::body_limit;
            } else {
                parser.SetBodyLimit(body_limit_);
            }
        }
        if (!ec && !parser.is_done()) {
            auto expect = exchange->request.Header("expect");
            if (expect && EqualsIgnoreCase(*expect, "100-continue")) {
                static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
                co_await asio::async_write(socket_, asio::buffer(kContinue), Await(ec));
            }
            if (!ec) {
                co_await beast::http::async_read(socket_, buffer_, parser, Await(ec));
            }
        }

        RequestInfo info;
        info.start = Clock::now();
        if (ec) {
            info.method = exchange->request.method;
            info.log_path = TargetPath(exchange->request.target);
            info.request_id = NewRequestId();
            if (aborted_) {
                co_return;
            }
            // Built before the co_await: passing the temporary straight into the coroutine call made g++ 12
            // emit code that died with SIGILL.
            auto answer = ReadFailureResponse(ec);
            if (answer) {
                co_await AnswerUnreadable(*answer, info);
            }
            co_return;
        }

        bool keep_alive = parser.keep_alive();
        info.http10 = parser.Version() < 11;
        info.head = exchange->request.method == "HEAD";
        phase_ = Phase::kHandling;
        ClearDeadline();
        auto response = co_await Dispatch(std::move(exchange), std::move(match), info);
        if (!response || aborted_) {
            co_return;
        }
        if (response->sse_channel && !info.head) {
            co_await Stream(*response, info);
            co_return;
        }
        keep_alive = keep_alive && !response->sse_channel && !core_.stopping.load(std::memory_order_relaxed);
        bool written = co_await WriteResponse(*response, info, keep_alive);
        if (!written || !keep_alive) {
            co_return;
        }
    }
}

std::optional<Router::Match> Connection::FindRoute(Request& request) const {
    if (!ParseTarget(request.target, request.path, request.query)) {
        return std::nullopt;
    }
    auto match = core_.builtin_router.Find(request.method, request.path);
    if (match.route == nullptr && match.allowed_methods.empty()) {
        match = core_.app_router.Find(request.method, request.path);
    }
    return match;
}

asio::awaitable<std::optional<Response>> Connection::Dispatch(std::shared_ptr<Exchange> exchange,
                                                              std::optional<Router::Match> found, RequestInfo& info) {
    Request& request = exchange->request;
    info.method = request.method;
    info.log_path = TargetPath(request.target);
    request.request_id = NewRequestId();
    info.request_id = request.request_id;
    request.remote_address = remote_address_;
    if (!found) {
        co_return ErrorResponse(400, ErrorKind::kMalformed, "malformed_target",
                                "The request target is not a valid path.");
    }
    auto& match = *found;
    if (match.route == nullptr) {
        if (match.allowed_methods.empty()) {
            co_return ErrorResponse(404, ErrorKind::kNotFound, "not_found", "There is nothing at this path.");
        }
        auto response = ErrorResponse(405, ErrorKind::kMethodNotAllowed, "method_not_allowed",
                                      "This path does not support that method.");
        response.headers.emplace_back("Allow", fmt::format("{}", fmt::join(match.allowed_methods, ", ")));
        co_return response;
    }
    const Route& route = *match.route;
    request.path_params = std::move(match.params);
    request.route = route.pattern;
    info.route = route.pattern;  // Points into the router, which outlives the server.

    answer_.reset();
    const std::uint64_t sequence = ++sequence_;
    exchange->Bind(weak_from_this(), this, worker_.gate, sequence);
    t_serving = this;
    try {
        std::optional<Response> early;
        if (core_.before_handler) {
            early = core_.before_handler(request, route);
            if (request.remote_address != remote_address_) {
                info.client_address = request.remote_address;
            }
        }
        info.last_event_id = LastEventId(request);
        if (early) {
            if (exchange->Claim()) {
                AcceptResponse(sequence, std::move(*early));
            }
        } else {
            route.handler(request, [exchange](Response response) { exchange->Answer(std::move(response)); });
        }
    } catch (...) {
        auto response = ResponseForException(std::current_exception(), info.method, info.route, info.request_id);
        if (exchange->Claim()) {
            AcceptResponse(sequence, std::move(response));
        }
    }
    // Released while t_serving is still set, so an exchange dropped unanswered answers synchronously.
    exchange.reset();
    t_serving = nullptr;

    while (!answer_) {
        if (aborted_) {
            co_return std::nullopt;
        }
        ErrorCode ec;
        wake_.expires_at(Clock::time_point::max());
        co_await wake_.async_wait(Await(ec));
    }
    co_return std::exchange(answer_, std::nullopt);
}

void Connection::AcceptResponse(std::uint64_t sequence, Response response) {
    if (sequence != sequence_ || answer_ || aborted_ || closed_) {
        return;
    }
    if (response.make) {  // made here, on this connection's thread (Response::Later)
        try {
            auto made = response.make();
            made.make = nullptr;
            response = std::move(made);
        } catch (const std::exception& e) {
            spdlog::error("a response could not be made: {}", e.what());
            response = ErrorResponse(500, ErrorKind::kInternal, "internal_error", "The answer could not be made.");
        }
    }
    answer_ = std::move(response);
    wake_.cancel();
}

asio::awaitable<bool> Connection::WriteResponse(const Response& response, RequestInfo& info, bool keep_alive) {
    phase_ = Phase::kWriting;
    out_.clear();
    HeadContext context;
    context.request_id = info.request_id;
    context.keep_alive = keep_alive;
    context.announce_keep_alive = keep_alive && info.http10;
    context.default_headers = &core_.default_headers;
    const auto now = core_.options.clock != nullptr ? core::FormatIso8601(core_.options.clock->Now()) : std::string();
    context.now = now;
    AppendResponseHead(out_, response, context);
    bool with_body = !info.head && StatusHasBody(response.status);
    std::array<asio::const_buffer, 2> buffers = {asio::buffer(out_),
                                                 with_body ? asio::buffer(response.body) : asio::const_buffer()};
    SetDeadline(core_.options.request_timeout);
    ErrorCode ec;
    co_await asio::async_write(socket_, buffers, Await(ec));
    ClearDeadline();
    Finish(info, response.status, with_body ? response.body.size() : 0);
    co_return !ec;
}

asio::awaitable<void> Connection::Stream(Response& response, RequestInfo& info) {
    phase_ = Phase::kStreaming;
    auto wake = [gate = worker_.gate, weak = weak_from_this()] {
        gate->Post([weak] {
            if (auto self = weak.lock()) {
                self->wake_.cancel();
            }
        });
    };
    auto subscription =
        core_.hub.Subscribe(*response.sse_channel, info.last_event_id, std::move(wake), core_.options.sse_queue_limit);
    core_.metrics.AddSseSubscribers(1);
    struct Unsubscribed {
        Metrics& metrics;
        ~Unsubscribed() { metrics.AddSseSubscribers(-1); }
    } unsubscribed{core_.metrics};

    response.status = 200;
    response.content_type = "text/event-stream";
    out_.clear();
    HeadContext context;
    context.request_id = info.request_id;
    context.default_headers = &core_.default_headers;
    const auto now = core_.options.clock != nullptr ? core::FormatIso8601(core_.options.clock->Now()) : std::string();
    context.now = now;
    AppendResponseHead(out_, response, context);
    out_.append("retry: 2000\n\n");
    bool ok = co_await WriteOut();
    Finish(info, 200, 0);

    std::vector<SseHub::EventPtr> events;
    while (ok && !aborted_ && !core_.stopping.load(std::memory_order_relaxed)) {
        events.clear();
        if (!subscription->Drain(events)) {
            spdlog::info("sse stream {} of {} dropped: the client fell {} events behind", *response.sse_channel,
                         remote_address_, core_.options.sse_queue_limit);
            break;
        }
        if (!events.empty()) {
            out_.clear();
            for (const auto& event : events) {
                AppendSseEvent(out_, *event);
            }
            ok = co_await WriteOut();
            continue;
        }
        ErrorCode ec;
        wake_.expires_after(core_.options.sse_heartbeat);
        co_await wake_.async_wait(Await(ec));
        if (!ec) {
            out_.assign(": heartbeat\n\n");
            ok = co_await WriteOut();
        }
    }
}

asio::awaitable<bool> Connection::WriteOut() {
    SetDeadline(core_.options.request_timeout);
    ErrorCode ec;
    co_await asio::async_write(socket_, asio::buffer(out_), Await(ec));
    ClearDeadline();
    co_return !ec;
}

asio::awaitable<void> Connection::AnswerUnreadable(const Response& response, RequestInfo& info) {
    bool written = co_await WriteResponse(response, info, /*keep_alive=*/false);
    if (written) {
        co_await LingeringClose();
    }
}

std::optional<Response> Connection::ReadFailureResponse(const ErrorCode& ec) const {
    using HttpError = beast::http::error;
    if (timed_out_) {
        return ErrorResponse(408, ErrorKind::kMalformed, "request_timeout", "The request was not received in time.");
    }
    if (ec == HttpError::header_limit) {
        return ErrorResponse(431, ErrorKind::kTooLarge, "header_too_large",
                             fmt::format("The request headers exceed {} bytes.", core_.options.max_header_bytes));
    }
    if (ec == HttpError::body_limit) {
        return ErrorResponse(413, ErrorKind::kTooLarge, "body_too_large",
                             fmt::format("The request body exceeds {} bytes.", body_limit_));
    }
    if (ec == HttpError::end_of_stream || ec == HttpError::partial_message || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
        return std::nullopt;  // The client left: nobody to answer.
    }
    return ErrorResponse(400, ErrorKind::kMalformed, "malformed_request", "The request is not valid HTTP/1.1.");
}

asio::awaitable<void> Connection::RefuseOverCapacity() {
    core_.metrics.CountRejectedConnection();
    RequestInfo info;
    info.start = Clock::now();
    info.request_id = NewRequestId();
    // Read what the client sent first so that it is listening when the answer comes.
    SetDeadline(std::min<Clock::duration>(core_.options.request_timeout, std::chrono::seconds(2)));
    ErrorCode ec;
    std::size_t n = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), Await(ec));
    buffer_.commit(n);
    if (aborted_) {
        co_return;
    }
    auto response = ErrorResponse(503, ErrorKind::kUnavailable, "over_capacity",
                                  "The server is at its connection limit; please try again shortly.");
    response.headers.emplace_back("Retry-After", "1");
    co_await AnswerUnreadable(response, info);
}

asio::awaitable<void> Connection::LingeringClose() {
    phase_ = Phase::kIdle;
    ErrorCode ec;
    socket_.shutdown(asio::socket_base::shutdown_send, ec);
    SetDeadline(kLingerTime);
    std::size_t discarded = 0;
    while (!ec && !aborted_ && discarded < kLingerBytes) {
        buffer_.consume(buffer_.size());
        std::size_t n = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), Await(ec));
        discarded += n;
    }
}

asio::awaitable<void> Connection::Watchdog(std::shared_ptr<Connection> /*keep_alive*/) {
    ErrorCode ec;
    while (!closed_) {
        watchdog_.expires_at(deadline_);
        co_await watchdog_.async_wait(Await(ec));
        if (closed_) {
            break;
        }
        if (Clock::now() >= deadline_) {
            timed_out_ = true;
            deadline_ = Clock::time_point::max();
            socket_.cancel(ec);
        }
    }
}

void Connection::SetDeadline(Clock::duration timeout) {
    deadline_ = Clock::now() + timeout;
    // The watchdog sleeps until its old expiry; wake it only when the new deadline comes sooner.
    if (deadline_ < watchdog_.expiry()) {
        watchdog_.cancel();
    }
}

void Connection::ClearDeadline() { deadline_ = Clock::time_point::max(); }

void Connection::OnServerStop() {
    ErrorCode ec;
    switch (phase_) {
        case Phase::kIdle:
            socket_.cancel(ec);
            break;
        case Phase::kStreaming:
            wake_.cancel();
            break;
        case Phase::kReading:
        case Phase::kHandling:
        case Phase::kWriting:
            break;  // Finishes this request, then closes (keep-alive is off while stopping).
    }
}

void Connection::Abort() {
    aborted_ = true;
    ErrorCode ec;
    socket_.close(ec);
    wake_.cancel();
    watchdog_.cancel();
}

void Connection::Finish(RequestInfo& info, int status, std::size_t bytes) {
    auto latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - info.start);
    core_.metrics.Observe(info.route, info.method, status, latency);
    if (core_.options.access_log) {
        std::string_view path = info.log_path;
        // Behind a trusted proxy, remote= is the client the proxy vouched for and via= the proxy itself.
        spdlog::info("access method={} path={} route={} status={} bytes={} latency_us={} request_id={} remote={}{}{}",
                     info.method.empty() ? "-" : info.method, path.substr(0, kMaxLoggedPath), info.route, status, bytes,
                     latency.count(), info.request_id,
                     info.client_address.empty() ? remote_address_ : info.client_address,
                     info.client_address.empty() ? "" : " via=", info.client_address.empty() ? "" : remote_address_);
    }
}

}  // namespace layan::http
