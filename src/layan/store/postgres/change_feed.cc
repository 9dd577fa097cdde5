#include "layan/store/postgres/change_feed.h"

#include <poll.h>

#include <stdexcept>
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
        // The channel's name as the writers compute it, quoted as an identifier for LISTEN.
        auto channel = connection_->QueryText(fmt::format("SELECT {}", kEventsChannelSql));
        if (!channel) {
            throw std::runtime_error("the server named no events channel");
        }
        char* quoted = PQescapeIdentifier(connection_->handle(), channel->c_str(), channel->size());
        if (quoted == nullptr) {
            throw std::runtime_error("cannot quote the events channel's name");
        }
        std::string listen = fmt::format("LISTEN {}", quoted);
        PQfreemem(quoted);
        connection_->Exec(listen);
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
