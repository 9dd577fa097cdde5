#include "layan/store/sqlite/connection_pool.h"

#include <filesystem>

#include <fmt/format.h>

#include "layan/core/error.h"

namespace layan::store::sqlite {

namespace {

// Idle readers kept open for reuse; more may exist while busy.
constexpr size_t kMaxIdleReaders = 8;

}  // namespace

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<Connection> reader)
    : pool_(pool), owned_(std::move(reader)), connection_(owned_.get()) {}

ConnectionPool::Lease::Lease(Connection* shared, std::unique_lock<std::mutex> lock)
    : connection_(shared), lock_(std::move(lock)) {}

ConnectionPool::Lease::~Lease() {
    if (pool_ != nullptr && owned_ != nullptr) {
        pool_->Return(std::move(owned_));
    }
}

ConnectionPool::ConnectionPool(std::string path, const DatabaseOptions& options)
    : path_(std::move(path)), sync_(options.sync), busy_timeout_(options.busy_timeout) {
    if (!in_memory()) {
        // A fresh deployment's data directory (var/ by default) is created rather than refused.
        std::filesystem::path parent = std::filesystem::path(path_).parent_path();
        std::error_code error;
        if (!parent.empty() && !std::filesystem::is_directory(parent, error) &&
            !std::filesystem::create_directories(parent, error)) {
            throw core::StorageUnavailable(fmt::format("cannot create the directory {} for database {}: {}",
                                                       parent.string(), path_, error.message()));
        }
        lock_.emplace(path_);
    }
    writer_ = OpenConnection();
    if (!in_memory()) {
        // WAL is a property of the file: set once, every later connection inherits it.
        auto mode = writer_->QueryText("PRAGMA journal_mode=WAL");
        if (mode != "wal") {
            throw core::StorageUnavailable(fmt::format(
                "database {} cannot use write-ahead logging (journal mode is {})", path_, mode.value_or("unknown")));
        }
    }
}

std::unique_ptr<Connection> ConnectionPool::OpenConnection() const {
    auto connection = std::make_unique<Connection>(path_);
    sqlite3_busy_timeout(connection->handle(), static_cast<int>(busy_timeout_.count()));
    connection->Exec(sync_ == SyncMode::kFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    connection->Exec("PRAGMA foreign_keys=ON");
    return connection;
}

ConnectionPool::Lease ConnectionPool::Writer() { return Lease(writer_.get(), std::unique_lock(writer_mutex_)); }

ConnectionPool::Lease ConnectionPool::Reader() {
    if (in_memory()) {
        return Writer();
    }
    {
        std::lock_guard lock(idle_mutex_);
        if (!idle_.empty()) {
            auto reader = std::move(idle_.back());
            idle_.pop_back();
            return Lease(this, std::move(reader));
        }
    }
    return Lease(this, OpenConnection());
}

void ConnectionPool::Return(std::unique_ptr<Connection> reader) {
    reader->RollbackQuietly();  // a reader must not keep an old snapshot open while idle
    std::lock_guard lock(idle_mutex_);
    if (idle_.size() < kMaxIdleReaders) {
        idle_.push_back(std::move(reader));
    }
}

}  // namespace layan::store::sqlite
