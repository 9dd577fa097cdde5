#include "layan/http/server.h"

#include <algorithm>
#include <csignal>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/http/asio.h"
#include "layan/http/connection.h"
#include "layan/http/server_core.h"

namespace layan::http {
namespace {

std::vector<std::unique_ptr<Worker>> MakeWorkers(int threads) {
    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < std::max(threads, 1); ++i) {
        workers.push_back(std::make_unique<Worker>());
    }
    return workers;
}

std::runtime_error ListenError(const ErrorCode& error, const std::string& address, std::uint16_t port) {
    if (error == asio::error::address_in_use) {
        return std::runtime_error(fmt::format("port {} on {} is already in use", port, address));
    }
    if (error == asio::error::access_denied) {
        return std::runtime_error(fmt::format("permission denied to listen on port {} on {}", port, address));
    }
    if (error == boost::system::errc::address_not_available) {
        return std::runtime_error(fmt::format("cannot listen on {}: not an address of this machine", address));
    }
    return std::runtime_error(fmt::format("cannot listen on port {} on {}: {}", port, address, error.message()));
}

}  // namespace

class Server::Impl {
public:
    Impl(ServerOptions options, const Router& router, SseHub& hub, Metrics& metrics)
        : core(std::move(options), router, hub, metrics),
          workers(MakeWorkers(core.options.threads)),
          acceptor(workers.front()->context) {
        AddBuiltinRoutes();
    }

    ~Impl() {
        // Answers and SSE wake-ups arriving from other threads from now on are dropped, not posted to a
        // loop that is being destroyed.
        for (auto& worker : workers) {
            worker->gate->Close();
        }
    }

    std::uint16_t Listen();
    void Run();
    void Stop();

    ServerCore core;
    std::vector<std::unique_ptr<Worker>> workers;
    tcp::acceptor acceptor;  // On the first worker's loop; declared after `workers` so it is destroyed first.
    std::optional<asio::signal_set> signals;
    std::uint16_t port = 0;

private:
    void AddBuiltinRoutes();
    asio::awaitable<void> AcceptLoop();
    void StopWorker(Worker& worker);
};

void Server::Impl::AddBuiltinRoutes() {
    core.builtin_router.Add("GET", "/healthz", "public", [](const Request&, const Responder& respond) {
        respond(Response::Text(200, R"({"status":"ok"})", "application/json; charset=utf-8"));
    });
    core.builtin_router.Add("GET", "/readyz", "public", [this](const Request&, const Responder& respond) {
        if (core.stopping.load()) {
            respond(Response::Error({core::ErrorKind::kUnavailable, "shutting_down", "The server is shutting down."}));
        } else if (core.readiness_check && !core.readiness_check()) {
            respond(Response::Error({core::ErrorKind::kUnavailable, "not_ready", "The server is not ready yet."}));
        } else {
            auto warnings = core.readiness_warnings ? core.readiness_warnings() : nlohmann::json::array();
            respond(Response::Json(200, {{"status", "ready"}, {"warnings", std::move(warnings)}}));
        }
    });
    core.builtin_router.Add(
        "GET", "/metrics", core.options.metrics_permission, [this](const Request&, const Responder& respond) {
            respond(Response::Text(200, core.metrics.RenderPrometheus(), "text/plain; version=0.0.4; charset=utf-8"));
        });
}

std::uint16_t Server::Impl::Listen() {
    if (acceptor.is_open()) {
        throw std::logic_error("Server::Listen called twice");
    }
    const auto& address_text = core.options.address;
    ErrorCode ec;
    auto address = asio::ip::make_address(address_text == "localhost" ? "127.0.0.1" : address_text, ec);
    if (ec) {
        throw std::runtime_error(fmt::format("cannot listen on '{}': not an IP address", address_text));
    }
    tcp::endpoint endpoint(address, core.options.port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        // Lets a restarted server bind while old connections linger in TIME_WAIT; on Linux it does not
        // let two servers listen on one port.
        acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        ErrorCode ignored;
        acceptor.close(ignored);
        throw ListenError(ec, address_text, core.options.port);
    }
    port = acceptor.local_endpoint().port();
    spdlog::info("http server listening on {}:{} ({} threads)", address_text, port, workers.size());
    return port;
}

asio::awaitable<void> Server::Impl::AcceptLoop() {
    std::size_t next = 0;
    while (!core.stopping.load()) {
        Worker& worker = *workers[next++ % workers.size()];
        ErrorCode ec;
        Socket socket = co_await acceptor.async_accept(worker.context, Await(ec));
        if (ec) {
            if (core.stopping.load() || ec == asio::error::operation_aborted || !acceptor.is_open()) {
                break;
            }
            // Out of file descriptors, typically: pause rather than spin, then try again.
            spdlog::warn("http accept failed: {}", ec.message());
            asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
            co_await pause.async_wait(Await(ec));
            continue;
        }
        ErrorCode ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        // Only this loop adds connections, so checking then adding cannot overshoot.
        bool over_capacity = core.open_connections.load() >= core.options.max_connections;
        if (!over_capacity) {
            core.open_connections.fetch_add(1);
        }
        auto connection = std::make_shared<Connection>(core, worker, std::move(socket), over_capacity);
        asio::co_spawn(worker.context, Connection::Run(std::move(connection)), asio::detached);
    }
}

void Server::Impl::Run() {
    if (!acceptor.is_open() && !core.stopping.load()) {
        throw std::logic_error("Server::Run called before Listen");
    }
    Worker& first = *workers.front();
    asio::co_spawn(first.context, AcceptLoop(), asio::detached);
    if (core.options.stop_on_signals) {
        signals.emplace(first.context, SIGINT, SIGTERM);
        signals->async_wait([this](const ErrorCode& ec, int signal_number) {
            if (!ec) {
                spdlog::info("signal {} received", signal_number);
                Stop();
            }
        });
    }
    auto run_loop = [](Worker& worker) {
        try {
            worker.context.run();
        } catch (const std::exception& e) {
            // Connections catch their own exceptions; reaching here is a bug, but the process keeps serving.
            spdlog::critical("http event loop failed: {}", e.what());
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < workers.size(); ++i) {
        threads.emplace_back(run_loop, std::ref(*workers[i]));
    }
    run_loop(first);
    for (auto& thread : threads) {
        thread.join();
    }
    spdlog::info("http server stopped");
}

void Server::Impl::Stop() {
    if (core.stopping.exchange(true)) {
        return;
    }
    spdlog::info("http server stopping: finishing in-flight requests for up to {} s",
                 core.options.shutdown_grace.count());
    asio::post(workers.front()->context, [this] {
        ErrorCode ignored;
        acceptor.close(ignored);
        if (signals) {
            signals->cancel(ignored);
        }
    });
    for (auto& worker : workers) {
        asio::post(worker->context, [this, &worker = *worker] { StopWorker(worker); });
    }
}

void Server::Impl::StopWorker(Worker& worker) {
    worker.stopping = true;
    std::vector<Connection*> open(worker.connections.begin(), worker.connections.end());
    for (auto* connection : open) {
        connection->OnServerStop();
    }
    worker.guard.reset();  // The loop now ends once its last connection is gone.
    if (worker.connections.empty()) {
        return;
    }
    worker.grace_timer.expires_after(core.options.shutdown_grace);
    worker.grace_timer.async_wait([&worker](const ErrorCode& ec) {
        if (ec) {
            return;  // Every connection finished in time.
        }
        spdlog::warn("http shutdown grace expired: closing {} connections", worker.connections.size());
        std::vector<Connection*> left(worker.connections.begin(), worker.connections.end());
        for (auto* connection : left) {
            connection->Abort();
        }
    });
}

Server::Server(ServerOptions options, const Router& router, SseHub& hub, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, hub, metrics)) {}

Server::~Server() = default;

std::uint16_t Server::Listen() { return impl_->Listen(); }

void Server::Run() { impl_->Run(); }

void Server::Stop() { impl_->Stop(); }

void Server::SetBeforeHandler(BeforeHandler hook) { impl_->core.before_handler = std::move(hook); }

void Server::SetDefaultHeaders(std::vector<std::pair<std::string, std::string>> headers) {
    impl_->core.default_headers = std::move(headers);
}

void Server::SetReadinessCheck(std::function<bool()> check) { impl_->core.readiness_check = std::move(check); }

void Server::SetReadinessWarnings(std::function<nlohmann::json()> warnings) {
    impl_->core.readiness_warnings = std::move(warnings);
}

std::uint16_t Server::Port() const { return impl_->port; }

}  // namespace layan::http
