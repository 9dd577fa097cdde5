#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "layan/core/error.h"
#include "layan/core/time.h"

namespace layan::store {

/// An event to append. `metadata` carries who did it and from where
/// ({"actor": ..., "role": ..., "ip": ..., "device": ...}).
struct NewEvent {
    std::string type;
    nlohmann::json data = nlohmann::json::object();
    nlohmann::json metadata = nlohmann::json::object();
};

/// An event as stored: its place in its stream (version, from 1) and in the whole log (position, from 1).
struct RecordedEvent {
    std::string stream;
    std::int64_t version = 0;
    std::int64_t position = 0;
    std::string type;
    nlohmann::json data = nlohmann::json::object();
    nlohmann::json metadata = nlohmann::json::object();
    core::Instant recorded_at{};
};

/// The stream version the caller expects before its append.
struct ExpectedVersion {
    static constexpr std::int64_t kAny = -1;      ///< Append whatever the version is.
    static constexpr std::int64_t kNoStream = 0;  ///< The stream must not exist yet.
    std::int64_t value = kAny;
    /// The append was decided on the outcome of this process's previous append to the stream, which was
    /// still in flight when this one was submitted (a pipeline): it fails when that one failed, even if
    /// the version happens to match (another process's append may have taken the version in between).
    bool follows_previous = false;
};

/// What a successful append produced.
struct AppendResult {
    std::int64_t first_version = 0;     ///< Version of the first appended event.
    std::int64_t last_version = 0;      ///< The stream's version after the append.
    std::int64_t last_position = 0;     ///< Global position of the last appended event.
    std::vector<RecordedEvent> events;  ///< The appended events as stored.
};

using AppendCallback = std::function<void(core::Result<AppendResult>)>;

/// The one log that every change of state is written to. Thread-safe.
///
/// Contract for every backend (tests/store/event_store_conformance_test.cc runs it on each):
/// - an append is atomic: all its events are stored or none;
/// - it fails with ErrorKind::kConflict (code "version_conflict") when the stream's version is not
///   the expected one, and stores nothing; the error's details hold "stream", "expected_version" and
///   "actual_version";
/// - an append with no events, an empty stream name or an empty event type fails with
///   ErrorKind::kInvalid and stores nothing;
/// - once the callback reports success, the events survive a crash of the process and, with
///   durable syncing (the default), a power cut;
/// - appends to one stream are stored in the order they were submitted;
/// - an append that follows_previous fails with ErrorKind::kConflict (code "previous_append_failed")
///   when the stream's previous append failed, and stores nothing;
/// - storage failures (disk full, read-only file) are reported as ErrorKind::kUnavailable, code
///   "storage_unavailable", with nothing of the append stored; the store works again once the cause
///   is gone.
class EventStore {
public:
    virtual ~EventStore() = default;

    /// Submits an append; `done` is called exactly once, on a store thread, after the commit
    /// (or with the error). Must not block for I/O. Callbacks and listeners run on the store's
    /// thread: keep them short and never wait for the store inside them (Append there would
    /// deadlock; AppendAsync is fine).
    virtual void AppendAsync(std::string stream, ExpectedVersion expected, std::vector<NewEvent> events,
                             AppendCallback done) = 0;

    /// Appends and waits for the commit.
    [[nodiscard]] core::Result<AppendResult> Append(std::string stream, ExpectedVersion expected,
                                                    std::vector<NewEvent> events);

    /// Events of one stream with version >= from_version, in order, at most `limit`.
    /// Throws core::StorageUnavailable on I/O failure.
    [[nodiscard]] virtual std::vector<RecordedEvent> ReadStream(const std::string& stream,
                                                                std::int64_t from_version = 1,
                                                                std::int64_t limit = INT64_MAX) = 0;

    /// Events of all streams with position > after_position, in order, at most `limit` (for projections).
    [[nodiscard]] virtual std::vector<RecordedEvent> ReadAll(std::int64_t after_position, std::int64_t limit) = 0;

    /// Global position of the last committed event (0 when empty).
    [[nodiscard]] virtual std::int64_t HeadPosition() = 0;

    /// Version of a stream (0 when it does not exist).
    [[nodiscard]] virtual std::int64_t StreamVersion(const std::string& stream) = 0;

    /// Calls `listener` on a store thread with each event committed after this call, in position
    /// order. The subscription ends when the returned handle is destroyed: no call starts after
    /// that, and destroying it on another thread waits for a call in progress. A listener may
    /// destroy its own handle. Exceptions from a listener are logged and do not stop the store.
    [[nodiscard]] virtual std::shared_ptr<void> Subscribe(std::function<void(const RecordedEvent&)> listener) = 0;
};

}  // namespace layan::store
