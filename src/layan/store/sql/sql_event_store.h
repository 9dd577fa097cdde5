#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "layan/store/crypto.h"
#include "layan/store/database.h"
#include "layan/store/event_store.h"
#include "layan/store/sql/connection.h"
#include "layan/store/sql/log_head.h"

namespace layan::store::sql {

/// The event log in an SQL database (SQLite or PostgreSQL), with group commit.
///
/// AppendAsync only queues. One writer thread takes every queued append (up to
/// DatabaseOptions::max_batch), runs each in its own SAVEPOINT inside one transaction, so a
/// conflicting append fails alone while the others commit, and commits once: one fsync for the whole
/// batch. Then it calls the callbacks in submission order and, after them, the subscribers in position
/// order. Reads use their own connections and never wait for the writer.
///
/// A storage failure fails every append of its batch with kUnavailable "storage_unavailable" and
/// rolls the whole transaction back; the next batch tries again, so the store works again once the
/// cause (a full disk, say) is gone.
///
/// The writer seals each event as it inserts it (store/audit.h): its stream hash, chained to the
/// stream's previous version, and its log hash, chained to the previous position; and it records the
/// log's head once per batch, in the same transaction. Events written before the audit chain existed
/// are sealed when the store first opens the migrated database.
class SqlEventStore final : public EventStore {
public:
    /// A store on connections shared with other repositories (see SqlDatabase). `pool` must
    /// already be migrated and must outlive the store. With a `feed` (PostgreSQL, where several nodes
    /// may append), subscribers are fed by a tail thread that reads the log back after every
    /// announcement, this node's appends and other nodes' alike, in position order; without one they
    /// are fed by the writer right after its commits.
    SqlEventStore(std::shared_ptr<ConnectionPool> pool, const DatabaseOptions& options,
                  std::unique_ptr<ChangeFeed> feed = nullptr);

    /// Commits what is queued, then stops the writer thread. Callbacks of queued appends still run.
    ~SqlEventStore() override;

    SqlEventStore(const SqlEventStore&) = delete;
    SqlEventStore& operator=(const SqlEventStore&) = delete;

    void AppendAsync(std::string stream, ExpectedVersion expected, std::vector<NewEvent> events,
                     AppendCallback done) override;
    [[nodiscard]] std::vector<RecordedEvent> ReadStream(const std::string& stream, std::int64_t from_version = 1,
                                                        std::int64_t limit = INT64_MAX) override;
    [[nodiscard]] std::vector<RecordedEvent> ReadAll(std::int64_t after_position, std::int64_t limit) override;
    [[nodiscard]] std::int64_t HeadPosition() override;
    [[nodiscard]] std::int64_t StreamVersion(const std::string& stream) override;
    [[nodiscard]] std::shared_ptr<void> Subscribe(std::function<void(const RecordedEvent&)> listener) override;

private:
    struct Pending;
    struct Listener;
    struct Listeners;

    using ChainTip = LogTip;

    void SealUnsealedEvents();
    void WriterLoop();
    void TailLoop();
    static void Deliver(const std::vector<std::shared_ptr<Listener>>& listeners,
                        const std::vector<RecordedEvent>& events);
    std::vector<core::Result<AppendResult>> CommitBatch(std::vector<Pending>& batch);
    core::Result<AppendResult> AppendOne(Connection& connection, Pending& append, ChainTip& tip);

    std::shared_ptr<ConnectionPool> pool_;
    std::shared_ptr<const core::Clock> clock_;
    std::size_t max_batch_;

    std::mutex queue_mutex_;
    std::condition_variable queue_ready_;
    std::deque<Pending> queue_;
    bool stopping_ = false;

    std::unordered_set<std::string> failed_streams_;  // whose last append failed; the writer thread's only
    std::unique_ptr<ChangeFeed> feed_;
    std::atomic<std::int64_t> head_{0};       // the last position known committed (this node's or read back)
    std::atomic<std::int64_t> delivered_{0};  // the last position given to subscribers
    std::shared_ptr<Listeners> listeners_;
    std::thread writer_;
    std::thread tail_;
};

}  // namespace layan::store::sql
