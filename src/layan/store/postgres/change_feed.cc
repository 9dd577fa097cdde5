#include "layan/store/postgres/change_feed.h"

#include <poll.h>

#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/core/error.h"

namespace layan::store::postgres {

ChangeFeed::ChangeFeed(std::string conninfo, std::string describe)
    : conninfo_(std::move(conninfo)), describe_(std::move(describe)) {}

bool ChangeFeed::Connect() {
    try {
        connection_ = std::make_unique<Connection>(conninfo_, describe_, /*synchronous_commit=*/true);
        connection_->Exec(fmt::format("LISTEN {}", kEventsChannel));
        return true;
    } catch (const std::exception& e) {
        connection_.reset();
        spdlog::warn("event store: cannot listen for other nodes' appends: {}", e.what());
        return false;
    }
}

bool ChangeFeed::Wait(std::chrono::milliseconds timeout) {
    if (connection_ == nullptr || !connection_->Healthy()) {
        // Announcements made while no connection listened are lost: the caller reads after a reconnect.
        if (!Connect()) {
            std::this_thread::sleep_for(timeout);
        }
        return true;
    }
    PGconn* pg = connection_->handle();
    pollfd watched{.fd = PQsocket(pg), .events = POLLIN, .revents = 0};
    int ready = ::poll(&watched, 1, static_cast<int>(timeout.count()));
    if (ready < 0) {
        return true;
    }
    if (PQconsumeInput(pg) == 0) {
        connection_.reset();  // the server went away: reconnect at the next call
        return true;
    }
    bool announced = false;
    while (PGnotify* notify = PQnotifies(pg)) {
        announced = true;
        PQfreemem(notify);
    }
    return announced;
}

}  // namespace layan::store::postgres
