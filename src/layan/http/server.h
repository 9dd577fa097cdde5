#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "layan/core/time.h"
#include "layan/http/message.h"
#include "layan/http/metrics.h"
#include "layan/http/router.h"
#include "layan/http/sse_hub.h"

namespace layan::http {

struct ServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;                              ///< 0 = pick a free port (Listen returns it).
    int threads = 2;                                        ///< I/O threads, each with its own event loop.
    std::size_t max_header_bytes = std::size_t{16} * 1024;  ///< Beyond: 431 JSON error.
    std::size_t max_body_bytes = std::size_t{1024} * 1024;  ///< Beyond: 413 JSON error; a Route may set its own.
    std::chrono::seconds idle_timeout{30};                  ///< Keep-alive connection waiting for its next request.
    std::chrono::seconds request_timeout{30};               ///< Reading one request, and writing one response.
    std::size_t max_connections = 4096;                     ///< Beyond: accept, answer 503 JSON, then close.
    std::chrono::seconds shutdown_grace{10};                ///< How long Stop() lets in-flight requests finish.
    std::chrono::milliseconds sse_heartbeat{15'000};        ///< Comment line sent on an idle SSE stream.
    std::size_t sse_queue_limit = 1024;  ///< Events waiting for one SSE client; beyond, it is dropped.
    bool access_log = true;              ///< One spdlog info line per request.
    /// The permission the built-in GET /metrics declares to the before-handler (/healthz and /readyz are public).
    std::string metrics_permission = "public";
    bool stop_on_signals = false;  ///< Run() stops gracefully on SIGINT and SIGTERM.
    /// The application's clock (which may run shifted from the real time, see core::ShiftedClock). When set, every
    /// answer carries its instant as "Layan-Now: 2026-11-30T02:00:00.123Z", so that pages compare and show times
    /// on the server's clock; the Date header always stays the real time (it is for caches). Must outlive the server.
    const core::Clock* clock = nullptr;
};

/// The HTTP/1.1 server: keep-alive, HEAD for GET routes, JSON errors for every failure it can answer,
/// Server-Sent Events, built-in GET /healthz, /readyz and /metrics, access log, graceful shutdown.
/// Handlers run on the I/O threads and may respond later from any thread.
///
/// Lifetime: the router, hub and metrics must outlive the server. Typical use:
///   Server server(options, router, hub, metrics);
///   server.Listen();
///   std::thread t([&] { server.Run(); });  ... server.Stop(); t.join();
class Server {
public:
    /// Hook run after routing and before the handler (auth, CSRF, rate limits). It may edit the request;
    /// returning a Response answers with it and skips the handler.
    using BeforeHandler = std::function<std::optional<Response>(Request&, const Route&)>;

    Server(ServerOptions options, const Router& router, SseHub& hub, Metrics& metrics);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds and listens; throws std::runtime_error with a clear message ("port 8080 on 127.0.0.1 is already
    /// in use") on failure. Returns the bound port.
    std::uint16_t Listen();

    /// Runs the I/O threads (this one included) until Stop(); returns after in-flight requests finished
    /// (or the grace expired) and SSE streams were closed. Call once, after Listen().
    void Run();

    /// Graceful stop, callable from any thread and more than once: stop accepting, close idle keep-alive
    /// connections and SSE streams, let in-flight requests finish for up to shutdown_grace, then close the rest.
    void Stop();

    /// Sets the hook run before every handler (built-in routes included). Call before Run().
    void SetBeforeHandler(BeforeHandler hook);
    /// Headers added to every response (security headers). Call before Run().
    void SetDefaultHeaders(std::vector<std::pair<std::string, std::string>> headers);
    /// GET /readyz answers 200 {"status":"ready"} while this returns true, else 503 "not_ready". Without a
    /// check the server is ready once running; while stopping it is never ready. Called on an I/O thread.
    void SetReadinessCheck(std::function<bool()> check);
    /// What a ready server still warns of, as a JSON array of {"code", "message", ...} objects: GET /readyz
    /// answers 200 {"status":"ready","warnings":[...]} (an empty array without this hook). A warning never
    /// makes the server unready. Call before Run(); called on an I/O thread.
    void SetReadinessWarnings(std::function<nlohmann::json()> warnings);

    /// The port bound by Listen(); 0 before.
    [[nodiscard]] std::uint16_t Port() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace layan::http
