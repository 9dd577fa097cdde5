#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "layan/store/database.h"
#include "layan/store/sqlite/connection.h"
#include "layan/store/sqlite/file_lock.h"

namespace layan::store::sqlite {

/// The connections to one database file, configured alike (WAL, synchronous, foreign keys, busy
/// timeout), and the file lock that keeps other processes out while they are open. One writer connection, used under a
/// mutex by whoever writes (the event store's writer thread, catalog upserts), so writers queue in the process instead
/// of spinning on SQLite's lock; and any number of reader connections, which WAL lets run beside the writer.
///
/// An in-memory database (":memory:") is private to its connection, so there the one connection
/// serves readers and the writer alike, under the same mutex.
class ConnectionPool {
public:
    /// A connection lent to one user until the lease is destroyed.
    class Lease {
    public:
        Lease(ConnectionPool* pool, std::unique_ptr<Connection> reader);
        Lease(Connection* shared, std::unique_lock<std::mutex> lock);
        ~Lease();
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;

        Connection& operator*() const { return *connection_; }
        Connection* operator->() const { return connection_; }

    private:
        ConnectionPool* pool_ = nullptr;
        std::unique_ptr<Connection> owned_;
        Connection* connection_ = nullptr;
        std::unique_lock<std::mutex> lock_;
    };

    /// Locks `path` (see FileLock), then opens the writer connection to it and sets it up;
    /// ":memory:" opens a private in-memory database instead. Throws std::runtime_error when another
    /// process has the file, core::StorageUnavailable when it cannot be opened or set to WAL.
    ConnectionPool(std::string path, const DatabaseOptions& options);

    /// The writer connection, exclusively.
    [[nodiscard]] Lease Writer();

    /// A connection for reading (an idle one or a new one).
    [[nodiscard]] Lease Reader();

    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] bool in_memory() const { return path_ == ":memory:"; }

private:
    std::unique_ptr<Connection> OpenConnection() const;
    void Return(std::unique_ptr<Connection> reader);

    std::string path_;
    std::optional<FileLock> lock_;
    SyncMode sync_;
    std::chrono::milliseconds busy_timeout_;

    std::mutex writer_mutex_;
    std::unique_ptr<Connection> writer_;

    std::mutex idle_mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace layan::store::sqlite
