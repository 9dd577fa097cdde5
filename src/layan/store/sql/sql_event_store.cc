#include "layan/store/sql/sql_event_store.h"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "layan/store/audit.h"
#include "layan/store/sql/migrations.h"

namespace layan::store::sql {

namespace {

constexpr std::string_view kSelectColumns = "SELECT stream, version, position, type, data, metadata, recorded_at";

nlohmann::json ParseStoredJson(const std::string& text, std::int64_t position) {
    auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
        throw std::runtime_error(fmt::format("the event at position {} holds malformed JSON", position));
    }
    return value;
}

RecordedEvent ReadRow(const Statement& row) {
    RecordedEvent event;
    event.stream = row.Text(0);
    event.version = row.Int(1);
    event.position = row.Int(2);
    event.type = row.Text(3);
    event.data = ParseStoredJson(row.Text(4), event.position);
    event.metadata = ParseStoredJson(row.Text(5), event.position);
    event.recorded_at = core::Instant{core::Millis{row.Int(6)}};
    return event;
}

// Runs a caller's function on the writer thread: it must not take the writer down with it.
template <class F>
void CallSafely(const char* what, F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        spdlog::error("event store: {} threw: {}", what, e.what());
    } catch (...) {
        spdlog::error("event store: {} threw a non-standard exception", what);
    }
}

}  // namespace

/// An append waiting for the writer. Its JSON is serialised on the submitting thread so the writer
/// only does SQL and hashing.
struct SqlEventStore::Pending {
    std::string stream;
    std::int64_t expected = ExpectedVersion::kAny;
    bool follows_previous = false;
    std::vector<NewEvent> events;
    std::vector<std::string> data_json;
    std::vector<std::string> metadata_json;
    std::string stream_json;              ///< The stream name as a JSON string, for the canonical form.
    std::vector<std::string> type_json;   ///< Each event's type as a JSON string.
    std::optional<core::Error> rejected;  ///< Set when the request itself is invalid.
    AppendCallback done;
};

/// A subscriber. `calling` is held while the writer calls it, so a handle destroyed on another
/// thread waits for a call in progress and no call starts after the handle is gone.
struct SqlEventStore::Listener {
    std::function<void(const RecordedEvent&)> listener;
    std::int64_t after_position = 0;
    std::mutex calling;
    std::atomic<bool> active{true};
};

struct SqlEventStore::Listeners {
    std::mutex mutex;
    std::vector<std::shared_ptr<Listener>> list;
    std::thread::id delivering_thread;  ///< the writer, or the tail when there is a change feed
};

namespace {

/// What Subscribe returns: removes the listener when destroyed.
template <class Listeners, class Listener>
class Subscription {
public:
    Subscription(std::shared_ptr<Listeners> listeners, std::shared_ptr<Listener> listener)
        : listeners_(std::move(listeners)), listener_(std::move(listener)) {}

    ~Subscription() {
        std::thread::id delivering_thread;
        {
            std::lock_guard lock(listeners_->mutex);
            std::erase(listeners_->list, listener_);
            delivering_thread = listeners_->delivering_thread;
        }
        if (std::this_thread::get_id() == delivering_thread) {
            // Destroyed from inside a listener: the delivering thread holds `calling`, and will see the flag.
            listener_->active = false;
        } else {
            std::lock_guard wait_for_call(listener_->calling);
            listener_->active = false;
        }
    }

    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

private:
    std::shared_ptr<Listeners> listeners_;
    std::shared_ptr<Listener> listener_;
};

}  // namespace

SqlEventStore::SqlEventStore(std::shared_ptr<ConnectionPool> pool, const DatabaseOptions& options,
                             std::unique_ptr<ChangeFeed> feed)
    : pool_(std::move(pool)),
      clock_(options.clock),
      max_batch_(std::max<std::size_t>(options.max_batch, 1)),
      feed_(std::move(feed)),
      listeners_(std::make_shared<Listeners>()) {
    {
        auto connection = pool_->Reader();
        Statement& head = connection->Cached("SELECT COALESCE(MAX(position), 0) FROM events");
        ScopedReset reset(head);
        head.Step();
        head_ = head.Int(0);
        delivered_ = head_.load();
    }
    SealUnsealedEvents();
    writer_ = std::thread([this] { WriterLoop(); });
    if (feed_ != nullptr) {
        tail_ = std::thread([this] { TailLoop(); });
    }
    std::lock_guard lock(listeners_->mutex);
    listeners_->delivering_thread = feed_ != nullptr ? tail_.get_id() : writer_.get_id();
}

SqlEventStore::~SqlEventStore() {
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
    }
    queue_ready_.notify_one();
    writer_.join();
    if (tail_.joinable()) {
        tail_.join();  // sees stopping_ within one wait of the feed
    }
}

void SqlEventStore::SealUnsealedEvents() {
    auto connection = pool_->Writer();
    {
        Statement& pending = connection->Cached("SELECT backfill_pending FROM audit_chain_state WHERE id = 1");
        ScopedReset reset(pending);
        if (!pending.Step() || pending.Int(0) == 0) {
            return;
        }
    }
    // Once, for the events written before migration 0003: the chains as the writer would have built
    // them, in one transaction. Read in pages so the scan never runs over rows it is updating.
    WriteTransaction transaction(*connection);
    std::unordered_map<std::string, crypto::Digest> stream_hashes;
    ChainTip tip;
    auto read = connection->Prepare(
        fmt::format("{} FROM events WHERE position > ?1 ORDER BY position LIMIT 1000", kSelectColumns));
    auto update = connection->Prepare(
        "UPDATE events SET prev_hash = ?1, hash = ?2, "
        "log_hash = ?3 WHERE position = ?4");
    for (;;) {
        std::vector<RecordedEvent> page;
        read->Bind(1, tip.position);
        while (read->Step()) {
            page.push_back(ReadRow(*read));
        }
        read->Reset();
        if (page.empty()) {
            break;
        }
        for (const auto& event : page) {
            auto [previous, inserted] = stream_hashes.try_emplace(event.stream, kZeroDigest);
            auto hash = EventHash(previous->second, CanonicalEvent(event));
            auto log_hash = LogHash(tip.log_hash, event.position, hash);
            update->Bind(1, Blob{crypto::Bytes(previous->second)})
                .Bind(2, Blob{crypto::Bytes(hash)})
                .Bind(3, Blob{crypto::Bytes(log_hash)})
                .Bind(4, event.position)
                .Run();
            previous->second = hash;
            tip = ChainTip{event.position, log_hash};
        }
    }
    auto done = connection->Prepare(
        "UPDATE audit_chain_state SET head_position = ?1, head_log_hash = ?2, "
        "backfill_pending = 0, backfilled_through = ?1, backfilled_at = ?3 WHERE id = 1");
    done->Bind(1, tip.position)
        .Bind(2, Blob{crypto::Bytes(tip.log_hash)})
        .Bind(3, static_cast<std::int64_t>(clock_->Now().time_since_epoch().count()))
        .Run();
    transaction.Commit();
    if (tip.position > 0) {
        spdlog::info("event store: sealed {} events written before the audit chain existed", tip.position);
    }
}

void SqlEventStore::AppendAsync(std::string stream, ExpectedVersion expected, std::vector<NewEvent> events,
                                AppendCallback done) {
    Pending append{.stream = std::move(stream),
                   .expected = expected.value,
                   .follows_previous = expected.follows_previous,
                   .events = std::move(events),
                   .data_json = {},
                   .metadata_json = {},
                   .stream_json = {},
                   .type_json = {},
                   .rejected = std::nullopt,
                   .done = std::move(done)};
    if (append.stream.empty()) {
        append.rejected = core::Error{core::ErrorKind::kInvalid, "invalid_stream", "the stream name is empty", nullptr};
    } else if (append.events.empty()) {
        append.rejected =
            core::Error{core::ErrorKind::kInvalid, "no_events", "an append needs at least one event", nullptr};
    } else if (append.expected < ExpectedVersion::kAny) {
        append.rejected =
            core::Error{core::ErrorKind::kInvalid, "invalid_expected_version",
                        fmt::format("expected version {} is neither a version nor kAny", append.expected), nullptr};
    }
    for (const auto& event : append.events) {
        if (append.rejected) {
            break;
        }
        if (event.type.empty()) {
            append.rejected =
                core::Error{core::ErrorKind::kInvalid, "invalid_event_type", "an event type is empty", nullptr};
            break;
        }
        try {
            append.data_json.push_back(event.data.dump());
            append.metadata_json.push_back(event.metadata.dump());
            append.type_json.push_back(nlohmann::json(event.type).dump());
            if (append.stream_json.empty()) {
                append.stream_json = nlohmann::json(append.stream).dump();
            }
        } catch (const nlohmann::json::exception& e) {
            append.rejected =
                core::Error{core::ErrorKind::kInvalid, "invalid_event_data",
                            fmt::format("event '{}' cannot be stored as JSON: {}", event.type, e.what()), nullptr};
        }
    }

    std::unique_lock lock(queue_mutex_);
    if (stopping_) {
        lock.unlock();
        append.done(core::Fail(core::ErrorKind::kUnavailable, "storage_unavailable", "the event store is closed"));
        return;
    }
    queue_.push_back(std::move(append));
    lock.unlock();
    queue_ready_.notify_one();
}

void SqlEventStore::WriterLoop() {
    for (;;) {
        std::vector<Pending> batch;
        {
            std::unique_lock lock(queue_mutex_);
            queue_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return;  // stopping, and everything queued has been committed
            }
            while (!queue_.empty() && batch.size() < max_batch_) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        auto results = CommitBatch(batch);

        std::vector<std::shared_ptr<Listener>> listeners;
        {
            // Under the listeners' mutex so Subscribe sees either the old head and this batch, or the new
            // head and not this batch: no event is missed or seen twice.
            std::lock_guard lock(listeners_->mutex);
            for (const auto& result : results) {
                if (result) {
                    head_ = std::max(head_.load(), result->last_position);
                }
            }
            if (feed_ == nullptr) {
                delivered_ = head_.load();
                listeners = listeners_->list;
            }  // else the tail delivers this batch, in the log's order with other nodes' appends
        }
        std::vector<RecordedEvent> committed;
        if (!listeners.empty()) {
            for (const auto& result : results) {
                if (result) {
                    committed.insert(committed.end(), result->events.begin(), result->events.end());
                }
            }
        }
        for (size_t i = 0; i < batch.size(); ++i) {
            CallSafely("an append callback", [&] { batch[i].done(std::move(results[i])); });
        }
        Deliver(listeners, committed);
    }
}

void SqlEventStore::Deliver(const std::vector<std::shared_ptr<Listener>>& listeners,
                            const std::vector<RecordedEvent>& events) {
    for (const auto& listener : listeners) {
        std::lock_guard calling(listener->calling);
        for (const auto& event : events) {
            if (!listener->active) {
                break;
            }
            if (event.position > listener->after_position) {
                CallSafely("a subscriber", [&] { listener->listener(event); });
            }
        }
    }
}

void SqlEventStore::TailLoop() {
    // Every committed event, this node's and other nodes', read back from the log in position order.
    // Positions become visible in order (each append holds the log's head row until it commits), so
    // reading after the last delivered position never skips one.
    constexpr auto kWait = std::chrono::milliseconds(250);
    for (;;) {
        {
            std::lock_guard lock(queue_mutex_);
            if (stopping_) {
                return;
            }
        }
        (void)feed_->Wait(kWait);
        for (;;) {
            std::vector<RecordedEvent> page;
            try {
                page = ReadAll(delivered_.load(), 1000);
            } catch (const std::exception& e) {
                spdlog::warn("event store: cannot read the log's new events: {}", e.what());
                break;
            }
            if (page.empty()) {
                break;
            }
            std::vector<std::shared_ptr<Listener>> listeners;
            {
                std::lock_guard lock(listeners_->mutex);
                delivered_ = page.back().position;
                head_ = std::max(head_.load(), delivered_.load());
                listeners = listeners_->list;
            }
            Deliver(listeners, page);
        }
    }
}

std::vector<core::Result<AppendResult>> SqlEventStore::CommitBatch(std::vector<Pending>& batch) {
    std::vector<core::Result<AppendResult>> results;
    results.reserve(batch.size());
    std::optional<core::Error> failure;
    try {
        auto connection = pool_->Writer();  // throws core::StorageUnavailable while the database is away
        {
            WriteTransaction transaction(*connection);
            // Locks the log's head until the commit: appends of other connections (other nodes) wait, so
            // positions stay gapless and become visible in order. The chain continues from the head.
            ChainTip tip = LockLogHead(*connection);
            const std::int64_t first_position = tip.position;
            for (auto& append : batch) {
                if (append.rejected) {
                    results.emplace_back(tl::unexpected(*append.rejected));
                    continue;
                }
                if (append.follows_previous && failed_streams_.contains(append.stream)) {
                    results.emplace_back(
                        core::Fail(core::ErrorKind::kConflict, "previous_append_failed",
                                   fmt::format("stream '{}': the append this one follows failed", append.stream),
                                   {{"stream", append.stream}, {"expected_version", append.expected}}));
                    continue;
                }
                connection->Cached("SAVEPOINT append").Run();
                const ChainTip before = tip;
                auto result = AppendOne(*connection, append, tip);
                if (!result) {
                    connection->Cached("ROLLBACK TO append").Run();
                    tip = before;
                }
                connection->Cached("RELEASE append").Run();
                // At once: an append that follows this one may be in this very batch.
                if (result) {
                    failed_streams_.erase(append.stream);
                } else {
                    failed_streams_.insert(append.stream);
                }
                results.push_back(std::move(result));
            }
            if (tip.position != first_position) {
                MoveLogHead(*connection, tip);
            }
            transaction.Commit();
        }
    } catch (const core::StorageUnavailable& e) {
        spdlog::warn("event store: a batch of {} appends was rolled back: {}", batch.size(), e.what());
        failure = core::Error{core::ErrorKind::kUnavailable, "storage_unavailable", e.what(), nullptr};
    } catch (const std::exception& e) {
        spdlog::error("event store: a batch of {} appends failed: {}", batch.size(), e.what());
        failure = core::Error{core::ErrorKind::kInternal, "storage_error", e.what(), nullptr};
    }
    if (failure) {
        // Nothing of the batch is stored: every append fails, an invalid one still with its own reason.
        results.clear();
        for (const auto& append : batch) {
            results.emplace_back(tl::unexpected(append.rejected ? *append.rejected : *failure));
        }
    }
    if (failure) {
        for (const auto& append : batch) {
            failed_streams_.insert(append.stream);  // what followed them, in a later batch, fails too
        }
    }
    return results;
}

core::Result<AppendResult> SqlEventStore::AppendOne(Connection& connection, Pending& append, ChainTip& tip) {
    std::int64_t current = 0;
    crypto::Digest prev_hash = kZeroDigest;
    {
        Statement& last =
            connection.Cached("SELECT version, hash FROM events WHERE stream = ?1 ORDER BY version DESC LIMIT 1");
        ScopedReset reset(last);
        if (last.Bind(1, append.stream).Step()) {
            current = last.Int(0);
            prev_hash = crypto::DigestFromBytes(last.Text(1)).value_or(kZeroDigest);
        }
    }
    if (append.expected != ExpectedVersion::kAny && append.expected != current) {
        return core::Fail(
            core::ErrorKind::kConflict, "version_conflict",
            fmt::format("stream '{}' is at version {}, not the expected {}", append.stream, current, append.expected),
            {{"stream", append.stream}, {"expected_version", append.expected}, {"actual_version", current}});
    }

    AppendResult result;
    result.first_version = current + 1;
    auto recorded_at = clock_->Now();
    const std::int64_t recorded_at_ms = recorded_at.time_since_epoch().count();
    // Positions are given rather than left to the rowid: the log hash must be computed before the insert.
    // They stay max + 1, without gaps, as this thread is the only writer of the log.
    Statement& insert = connection.Cached(
        "INSERT INTO events (position, stream, version, type, data, metadata, recorded_at, prev_hash, hash, log_hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    for (size_t i = 0; i < append.events.size(); ++i) {
        NewEvent& event = append.events[i];
        std::int64_t version = current + 1 + static_cast<std::int64_t>(i);
        std::int64_t position = tip.position + 1;
        auto hash =
            EventHash(prev_hash, CanonicalEventFromParts(append.stream_json, version, append.type_json[i],
                                                         append.data_json[i], append.metadata_json[i], recorded_at_ms));
        auto log_hash = LogHash(tip.log_hash, position, hash);
        try {
            insert.Bind(1, position)
                .Bind(2, append.stream)
                .Bind(3, version)
                .Bind(4, event.type)
                .Bind(5, append.data_json[i])
                .Bind(6, append.metadata_json[i])
                .Bind(7, recorded_at_ms)
                .Bind(8, Blob{crypto::Bytes(prev_hash)})
                .Bind(9, Blob{crypto::Bytes(hash)})
                .Bind(10, Blob{crypto::Bytes(log_hash)});
            insert.Run();
        } catch (const ConstraintViolation&) {
            // The check above makes this unreachable with one writer; the UNIQUE constraint is the backstop.
            return core::Fail(
                core::ErrorKind::kConflict, "version_conflict",
                fmt::format("stream '{}' already has version {}", append.stream, version),
                {{"stream", append.stream}, {"expected_version", append.expected}, {"actual_version", version}});
        }
        prev_hash = hash;
        tip = ChainTip{position, log_hash};
        result.events.push_back(RecordedEvent{.stream = append.stream,
                                              .version = version,
                                              .position = position,
                                              .type = std::move(event.type),
                                              .data = std::move(event.data),
                                              .metadata = std::move(event.metadata),
                                              .recorded_at = recorded_at});
    }
    result.last_version = result.events.back().version;
    result.last_position = result.events.back().position;
    return result;
}

std::vector<RecordedEvent> SqlEventStore::ReadStream(const std::string& stream, std::int64_t from_version,
                                                     std::int64_t limit) {
    std::vector<RecordedEvent> events;
    if (limit <= 0) {
        return events;
    }
    auto connection = pool_->Reader();
    static const std::string kSql =
        fmt::format("{} FROM events WHERE stream = ?1 AND version >= ?2 ORDER BY version LIMIT ?3", kSelectColumns);
    Statement& read = connection->Cached(kSql);
    ScopedReset reset(read);
    read.Bind(1, stream).Bind(2, from_version).Bind(3, limit);
    while (read.Step()) {
        events.push_back(ReadRow(read));
    }
    return events;
}

std::vector<RecordedEvent> SqlEventStore::ReadAll(std::int64_t after_position, std::int64_t limit) {
    std::vector<RecordedEvent> events;
    if (limit <= 0) {
        return events;
    }
    auto connection = pool_->Reader();
    static const std::string kSql =
        fmt::format("{} FROM events WHERE position > ?1 ORDER BY position LIMIT ?2", kSelectColumns);
    Statement& read = connection->Cached(kSql);
    ScopedReset reset(read);
    read.Bind(1, after_position).Bind(2, limit);
    while (read.Step()) {
        events.push_back(ReadRow(read));
    }
    return events;
}

std::int64_t SqlEventStore::HeadPosition() { return head_.load(); }

std::int64_t SqlEventStore::StreamVersion(const std::string& stream) {
    auto connection = pool_->Reader();
    Statement& version = connection->Cached("SELECT COALESCE(MAX(version), 0) FROM events WHERE stream = ?1");
    ScopedReset reset(version);
    version.Bind(1, stream).Step();
    return version.Int(0);
}

std::shared_ptr<void> SqlEventStore::Subscribe(std::function<void(const RecordedEvent&)> listener) {
    auto entry = std::make_shared<Listener>();
    entry->listener = std::move(listener);
    std::lock_guard lock(listeners_->mutex);
    // Events committed after this call: what this process knows committed (its own commits included,
    // which the tail may not have read back yet) is behind the subscriber.
    entry->after_position = head_.load();
    listeners_->list.push_back(entry);
    return std::make_shared<Subscription<Listeners, Listener>>(listeners_, std::move(entry));
}

}  // namespace layan::store::sql
