#include "layan/store/sql/connection.h"

namespace layan::store::sql {

namespace {

// Idle readers kept open for reuse; more may exist while busy.
constexpr size_t kMaxIdleReaders = 8;

}  // namespace

std::optional<std::string> Connection::QueryText(std::string_view sql) {
    auto statement = Prepare(sql);
    if (!statement->Step() || statement->IsNull(0)) {
        return std::nullopt;
    }
    return statement->Text(0);
}

// --- transactions ---

WriteTransaction::WriteTransaction(Connection& connection) : connection_(connection) { connection_.BeginWrite(); }

WriteTransaction::~WriteTransaction() {
    if (!done_) {
        connection_.RollbackQuietly();
    }
}

void WriteTransaction::Commit() {
    connection_.Exec("COMMIT");
    done_ = true;
}

ReadTransaction::ReadTransaction(Connection& connection) : connection_(connection) { connection_.BeginRead(); }

ReadTransaction::~ReadTransaction() { connection_.RollbackQuietly(); }

// --- ConnectionPool ---

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<Connection> reader)
    : pool_(pool), owned_(std::move(reader)), connection_(owned_.get()) {}

ConnectionPool::Lease::Lease(Connection* shared, std::unique_lock<std::mutex> lock)
    : connection_(shared), lock_(std::move(lock)) {}

ConnectionPool::Lease::~Lease() {
    if (pool_ != nullptr && owned_ != nullptr) {
        pool_->Return(std::move(owned_));
    }
}

ConnectionPool::ConnectionPool(Dialect dialect, std::string description, Opener open, bool shared)
    : dialect_(dialect), description_(std::move(description)), open_(std::move(open)), shared_(shared) {
    writer_ = open_();
}

ConnectionPool::Lease ConnectionPool::Writer() {
    std::unique_lock lock(writer_mutex_);
    if (!writer_->Healthy()) {
        writer_ = open_();  // throws core::StorageUnavailable while the database is away
    }
    return Lease(writer_.get(), std::move(lock));
}

ConnectionPool::Lease ConnectionPool::Reader() {
    if (shared_) {
        return Writer();
    }
    {
        std::lock_guard lock(idle_mutex_);
        while (!idle_.empty()) {
            auto reader = std::move(idle_.back());
            idle_.pop_back();
            if (reader->Healthy()) {
                return Lease(this, std::move(reader));
            }
        }
    }
    return Lease(this, open_());
}

void ConnectionPool::Return(std::unique_ptr<Connection> reader) {
    reader->RollbackQuietly();  // a reader must not keep an old snapshot open while idle
    if (!reader->Healthy()) {
        return;
    }
    std::lock_guard lock(idle_mutex_);
    if (idle_.size() < kMaxIdleReaders) {
        idle_.push_back(std::move(reader));
    }
}

}  // namespace layan::store::sql
