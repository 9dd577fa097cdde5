#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "layan/store/postgres/connection.h"

namespace layan::store::postgres {

/// LISTEN on the events channel (kEventsChannelSql) over a connection of its own, reconnecting after the server was
/// away.
class ChangeFeed final : public sql::ChangeFeed {
public:
    /// Does not connect yet: the first Wait does (so a feed can be made while the server is away).
    ChangeFeed(std::string conninfo, std::string describe);

    bool Wait(std::chrono::milliseconds timeout) override;

private:
    /// Connects and LISTENs; false (after logging) when the server cannot be reached.
    bool Connect();

    std::string conninfo_;
    std::string describe_;
    std::unique_ptr<Connection> connection_;
};

}  // namespace layan::store::postgres
