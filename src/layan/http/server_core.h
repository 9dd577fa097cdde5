#pragma once

// Internal to layan/http: what the Server and its connections share.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/http/asio.h"
#include "layan/http/server.h"

namespace layan::http {

class Connection;

/// Lets any thread post to a worker's event loop while the loop exists, and safely do nothing after: a handler
/// may answer (and an SSE publisher may wake a stream) long after the server is gone.
class WorkerGate {
public:
    explicit WorkerGate(asio::io_context::executor_type executor) : executor_(std::move(executor)) {}

    /// Posts `work` to the loop; false (and `work` dropped) once Close() was called.
    template <class Work>
    bool Post(Work&& work) {
        std::lock_guard lock(mutex_);
        if (closed_) {
            return false;
        }
        asio::post(executor_, std::forward<Work>(work));
        return true;
    }

    void Close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }

private:
    std::mutex mutex_;
    bool closed_ = false;
    asio::io_context::executor_type executor_;
};

/// One I/O thread's event loop and the connections it owns. Everything but `gate` is touched only from
/// the loop's own thread (or before the loops run).
struct Worker {
    asio::io_context context{1};  // One thread per loop: no strands, no locks on the hot path.
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard{context.get_executor()};
    std::shared_ptr<WorkerGate> gate = std::make_shared<WorkerGate>(context.get_executor());
    std::unordered_set<Connection*> connections;
    Timer grace_timer{context};
    bool stopping = false;
};

/// Configuration and collaborators shared by every connection of one server.
struct ServerCore {
    ServerCore(ServerOptions server_options, const Router& router, SseHub& sse_hub, Metrics& server_metrics)
        : options(std::move(server_options)), app_router(router), hub(sse_hub), metrics(server_metrics) {}

    ServerOptions options;
    const Router& app_router;
    Router builtin_router;  ///< /healthz, /readyz, /metrics: consulted before the app's router.
    SseHub& hub;
    Metrics& metrics;
    Server::BeforeHandler before_handler;
    std::vector<std::pair<std::string, std::string>> default_headers;
    std::function<bool()> readiness_check;
    std::function<nlohmann::json()> readiness_warnings;
    std::atomic<bool> stopping{false};
    std::atomic<std::size_t> open_connections{0};  ///< Served connections (not those refused at the limit).
};

}  // namespace layan::http
